// admin.js — the organizers' console (/admin): checks the session (admin-session.js: else
// → /login?next=/admin; who is signed in; "Cerrar sesión"), and lists the editions with their
// edit / create form (edition-form.js) and links to each edition's registrations, programme and memoria,
// and its door: badges to print, the live dashboard and the scanner (checkin-api.js doorPages).
// Each row says whether the public can sign up now, and if not why (registration-state.js); an
// archived edition's editor offers "Anonimizar edición" (edition-anonymize.js).
import { $, h, replace } from './dom.js';
import { get, path } from './api.js';
import { formatDateRange } from './format.js';
import { EDITION_STATUS, editionName, label } from './labels.js';
import { announce, describeError } from './page.js';
import { editionForm } from './edition-form.js';
import { startSession, toLogin } from './admin-session.js';
import { organizerExplanation } from './registration-state.js';
import { doorPages } from './checkin-api.js';
import { t } from './i18n.js';
import { editionAnonymizerInPage } from './edition-anonymize.js';

const status = $('#estado');
const CAN_EDIT = new Set(['admin', 'organizer']);
let canEdit = false;
const anonymizer = editionAnonymizerInPage(toLogin);

const form = editionForm({
  section: $('#editor'),
  form: $('#edicion-form'),
  heading: $('#editor-titulo'),
  status: $('#editor-estado'),
  onUnauthorized: toLogin,
  async onSaved(edition, mode) {
    if (mode === 'edit') anonymizer.show(edition);
    const name = editionName(edition);
    await loadEditions();
    announce(status, mode === 'create' ? t('staff.editions.created', { name }) : t('staff.editions.saved', { name }), 'ok');
    const button = $(`button[data-slug="${CSS.escape(edition.slug)}"]`);
    (button || $('#ediciones-titulo')).focus();
  },
});

/** The door of an edition: its badges to print (organizers), the live dashboard and the scanner (all signed in). */
function doorLinks(e) {
  const named = { 'aria-describedby': `edicion-${e.slug}` };
  return [
    canEdit ? h('a', { class: 'button button-small', href: doorPages.badges(e.slug), ...named }, t('staff.editions.link_badges')) : null,
    h('a', { class: 'button button-small', href: doorPages.dashboard(e.slug), ...named }, t('staff.editions.link_door')),
    h('a', { class: 'button button-small', href: doorPages.scanner(e.slug), ...named }, t('staff.editions.link_scanner')),
  ];
}

/** Whether the public can sign up now, and if not why ("Terminó el …", "Las inscripciones abren el …", "Estado: borrador"). */
function publicState(e) {
  const why = organizerExplanation(e);
  return h('span', { class: 'cell-sub', 'data-testid': 'estado-publico' },
    why ? t('staff.editions.closed_to_public', { why }) : t('staff.editions.open_to_public'));
}

function row(e) {
  const name = editionName(e);
  return h('tr', {},
    h('th', { scope: 'row' },
      h('a', { class: 'cell-title', id: `edicion-${e.slug}`, href: `/e/${encodeURIComponent(e.slug)}` }, name),
      name !== e.title ? h('span', { class: 'cell-sub' }, e.title) : null),
    h('td', { class: 'cell-dates' }, formatDateRange(e.starts_on, e.ends_on)),
    h('td', {}, [e.venue, e.city].filter(Boolean).join(', ')),
    h('td', {}, h('span', { class: `badge badge-${e.status}` }, label(EDITION_STATUS, e.status)),
      publicState(e)),
    h('td', { class: 'cell-actions' }, canEdit ? [
      // Named "Inscripciones" / "Programa" / "Memoria" in its row; the edition's name comes as their description.
      h('a', { class: 'button button-small', href: `/admin/e/${encodeURIComponent(e.slug)}/inscripciones`, 'aria-describedby': `edicion-${e.slug}` },
        t('staff.editions.link_registrations')),
      h('a', { class: 'button button-small', href: `/admin/e/${encodeURIComponent(e.slug)}/programa`, 'aria-describedby': `edicion-${e.slug}` },
        t('staff.editions.link_programme')),
      h('a', { class: 'button button-small', href: `/admin/e/${encodeURIComponent(e.slug)}/memoria`, 'aria-describedby': `edicion-${e.slug}` },
        t('staff.editions.link_proceedings')),
      doorLinks(e),
      h('button', { type: 'button', class: 'button button-small', 'data-slug': e.slug, onclick: (ev) => edit(e.slug, ev.currentTarget) },
        t('staff.editions.edit_button'), h('span', { class: 'visually-hidden' }, ` ${name}`)),
    ] : doorLinks(e)));
}

/** Opens the form with the edition's full, current record (the list may omit fields). */
async function edit(slug, button) {
  announce(status, t('staff.editions.loading_edition'));
  try {
    const { body } = await get(path('editions', slug));
    announce(status, '');
    form.openEdit(body, button);
    anonymizer.show(body);
  } catch (err) {
    if (err.status === 401) return toLogin();
    announce(status, describeError(err), 'error');
  }
}

async function loadEditions() {
  const { body } = await get('/editions?limit=500');
  const items = ((body && body.items) || []).sort((a, b) => b.starts_on.localeCompare(a.starts_on));
  replace($('#ediciones-filas'), items.length
    ? items.map(row)
    : h('tr', {}, h('td', { colspan: 5 }, t('staff.editions.none'))));
  $('#ediciones').hidden = false;
}

$('#nueva-edicion').addEventListener('click', (ev) => { anonymizer.hide(); form.openCreate(ev.currentTarget); });

async function start() {
  const user = await startSession(status);
  if (!user) return;
  canEdit = CAN_EDIT.has(user.role);
  $('#nueva-edicion').hidden = !canEdit;
  announce(status, t('staff.editions.loading'));
  try {
    await loadEditions();
    announce(status, '');
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, t('staff.editions.load_failed', { error: describeError(err) }), 'error');
  }
}

start();
