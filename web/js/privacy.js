// privacy.js — the data policy page (/privacidad) is complete without script; this only adds
// the contact addresses of the editions that are not over yet, so that a person who wants a
// copy, a correction or the deletion of their data knows exactly where to write.
import { $, h, replace } from './dom.js';
import { get } from './api.js';
import { editionName } from './labels.js';
import './page.js'; // marks the footer's link to this page

async function fill() {
  try {
    const { body } = await get('/editions?limit=50');
    const list = ((body && body.items) || []).filter((e) => e.contact_email && (e.status === 'open' || e.status === 'closed'));
    if (!list.length) return;
    replace($('#contactos-lista'), list.map((e) => h('li', {},
      `${editionName(e)}: `, h('a', { href: `mailto:${e.contact_email}` }, e.contact_email))));
    $('#contactos').hidden = false;
  } catch {
    // The general advice above the list still says where to find the address.
  }
}

fill();
