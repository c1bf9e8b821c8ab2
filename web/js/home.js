// home.js — the public home page (/): loads the editions, shows upcoming ones as prominent
// cards (soonest first) and the rest under "Archivo" (newest first), each linking to /e/{slug}.
import { $, h, replace } from './dom.js';
import { get } from './api.js';
import { formatDateRange, today } from './format.js';
import { EDITION_BADGE, editionName, label } from './labels.js';
import { announce, describeError, showProblem } from './page.js';

const status = $('#estado');

/** Open editions always lead; archived ones, and closed ones whose dates are over, go to the archive. */
const isPast = (e) => e.status === 'archived' || (e.status !== 'open' && e.ends_on < today(e.timezone));

/** The status badge; "open" gets the accent colour. */
const badge = (e) => h('span', { class: `badge badge-${e.status}` }, label(EDITION_BADGE, e.status));

/** One edition as a card; the heading link covers the whole card (see .card-link in site.css). */
function card(e, featured) {
  const name = editionName(e);
  const where = [e.venue, e.city].filter(Boolean).join(', ');
  return h('li', { class: featured ? 'card card-featured' : 'card' },
    h('article', { class: 'card-body' },
      h('div', { class: 'card-main' },
        h('p', { class: 'card-badges' }, badge(e)),
        h('h3', { class: 'card-title' }, h('a', { class: 'card-link', href: `/e/${encodeURIComponent(e.slug)}` }, name)),
        name !== e.title ? h('p', { class: 'card-subtitle' }, e.title) : null),
      h('div', { class: 'card-facts' },
        h('p', { class: 'card-when' }, h('span', { class: 'visually-hidden' }, 'Fechas: '), formatDateRange(e.starts_on, e.ends_on)),
        where ? h('p', { class: 'card-where' }, h('span', { class: 'visually-hidden' }, 'Lugar: '), where) : null),
      featured ? h('p', { class: 'card-more', 'aria-hidden': 'true' }, 'Programa y detalles') : null));
}

function fill(sectionId, listId, editions, featured) {
  $(sectionId).hidden = editions.length === 0;
  replace($(listId), editions.map((e) => card(e, featured)));
}

function render(items) {
  const visible = items.filter((e) => e.status !== 'draft');
  const upcoming = visible.filter((e) => !isPast(e)).sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const past = visible.filter(isPast).sort((a, b) => b.starts_on.localeCompare(a.starts_on));
  fill('#proximas', '#proximas-lista', upcoming, true);
  fill('#archivo', '#archivo-lista', past, false);
  announce(status, visible.length ? '' : 'Todavía no hay asambleas publicadas.');
}

async function load() {
  replace($('#problema'));
  announce(status, 'Cargando asambleas…');
  try {
    const { body } = await get('/editions?limit=500');
    render((body && body.items) || []);
  } catch (err) {
    announce(status, '');
    showProblem($('#problema'), { title: 'No se pudieron cargar las asambleas', message: describeError(err), retry: load });
  }
}

load();
