// home.js — the public home page (/): loads the editions, shows those not ended as prominent
// cards under "Próximas asambleas" (soonest first) and the ended ones, whatever their status,
// under "Archivo" (newest first), each linking to /e/{slug}. "Ended" is the API's `ended` (the
// last day is over in the edition's own zone); an ended edition never says "Inscripciones abiertas".
import { $, h, replace } from './dom.js';
import { get } from './api.js';
import { formatDateRange } from './format.js';
import { editionName } from './labels.js';
import { editionBadge } from './registration-state.js';
import { announce, describeError, showProblem } from './page.js';
import { t } from './i18n.js';

const status = $('#estado');

/** Ended editions go to the archive, whatever their status. */
const isPast = (e) => e.ended === true;

/** The status badge; open for sign-up gets the accent colour. */
const badge = (e) => {
  const { tone, text } = editionBadge(e);
  return h('span', { class: `badge badge-${tone}` }, text);
};

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
        h('p', { class: 'card-when' }, h('span', { class: 'visually-hidden' }, t('home.dates_label')), formatDateRange(e.starts_on, e.ends_on)),
        where ? h('p', { class: 'card-where' }, h('span', { class: 'visually-hidden' }, t('home.place_label')), where) : null),
      featured ? h('p', { class: 'card-more', 'aria-hidden': 'true' }, t('home.more')) : null));
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
  announce(status, visible.length ? '' : t('home.none'));
}

async function load() {
  replace($('#problema'));
  announce(status, t('home.loading'));
  try {
    const { body } = await get('/editions?limit=500');
    render((body && body.items) || []);
  } catch (err) {
    announce(status, '');
    showProblem($('#problema'), { title: t('home.load_failed'), message: describeError(err), retry: load });
  }
}

load();
