// admin-registrations.js — the organizers' page of one edition's registrations
// (/admin/e/{slug}/inscripciones): the counts (GET …/stats), the edition's capacity and status
// (PATCH /editions/{slug}), the list with search, filters, sorting and pages (kept in the
// address so a reload keeps them) and its CSV/XLSX/JSON exports, one registration's detail and
// edit panel with "Generar y enviar nuevo enlace" and the data-protection actions (data-rights.js:
// export, anonymize, reissue the badge), the form to register a person, and the
// messages not sent yet — pending (with the next attempt), being sent, or failed with their last
// error and a "Reintentar envío" button (POST …/outbox/retry). Without a session → /login?next=<this page>.
import { $, h, replace } from './dom.js';
import { API, get, patch, post, path, withQuery } from './api.js';
import { formatDateRange, formatDateTime, formatDateTimeShort, formatNumber } from './format.js';
import {
  ALL_ATTENDEE_TYPES, ATTENDEE_TYPE, EDITION_STATUS, MESSAGE_KIND,
  REGISTRATION_SORT, REGISTRATION_STATUS, editionName, label,
} from './labels.js';
import { announce, setTitle } from './page.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';
import {
  EDITABLE, attendeeTypeSelect, changes, consentField, field, missing, showApiError, showProblems, statusSelect, values,
} from './registration-form.js';
import { codeDisplay, linkBox, manageUrl, statusBadge } from './registration-view.js';
import { answerRows, answersFrom, missingAnswers, questionFields } from './question-fields.js';
import { dataRightsSection } from './data-rights.js';
import { failed, startSession, toLogin } from './admin-session.js';
import { pathPart } from './address.js';
import { t } from './i18n.js';

const status = $('#estado');
const LIMIT = 50;
const DEFAULTS = { q: '', status: '', type: '', sort: 'created_at', order: 'desc', offset: 0 };
const FILTERS = ['q', 'status', 'type', 'sort', 'order'];

/** "/admin/e/pastaza-2025/inscripciones" → "pastaza-2025". */
const slug = pathPart(/^\/admin\/e\/([^/]+)\/inscripciones\/?$/);
const base = path('editions', slug);
let edition = null;
const state = { ...DEFAULTS };

const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);

/** A text with a "{link}" placeholder as nodes, the link element in its place (word order is the language's). */
function withLink(text, link) {
  const at = text.indexOf('{link}');
  return at < 0 ? [text, ' ', link] : [text.slice(0, at), link, text.slice(at + '{link}'.length)];
}

/* ---------- counts ---------- */

function countTable(caption, rows, moreThan = 0) {
  if (!rows.length) return h('p', { class: 'empty-note' }, t('staff.registrations.no_confirmed'));
  const body = (list) => list.map(([k, n]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, formatNumber(n))));
  const table = (list) => h('table', { class: 'count-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, caption), h('th', { scope: 'col' }, t('staff.registrations.people_column')))),
    h('tbody', {}, body(list)));
  if (!moreThan || rows.length <= moreThan) return table(rows);
  return [table(rows.slice(0, moreThan)),
    h('details', { class: 'more' }, h('summary', {}, t('staff.registrations.see_all_cantons', { count: rows.length })), table(rows))];
}

function stat(value, text, sub = null, tone = '') {
  return h('li', { class: tone ? ['stat', tone].join(' ') : 'stat' },
    h('p', { class: 'stat-value' }, value),
    h('p', { class: 'stat-label' }, text),
    sub ? h('p', { class: 'stat-sub' }, sub) : null);
}

async function loadStats() {
  const { body: s } = await get(`${base}/stats`);
  const byType = Object.entries(s.by_type || {});
  const seats = s.seats_taken; // defined once by the server: the public edition page gives the same number
  const cap = s.capacity;
  replace($('#cifras'),
    stat(formatNumber(s.confirmed), t('staff.registrations.stat_confirmed'),
      cap == null ? t('staff.registrations.seats_taken', { seats: formatNumber(seats) })
        : t('staff.registrations.seats_taken_of', { seats: formatNumber(seats), capacity: formatNumber(cap) }), 'stat-main'),
    stat(formatNumber(s.waitlisted), t('staff.registrations.stat_waitlisted')),
    stat(formatNumber(s.cancelled), t('staff.registrations.stat_cancelled')),
    stat(formatNumber(s.checked_in), t('staff.registrations.stat_checked_in'),
      s.confirmed ? t('staff.registrations.checked_in_of', { confirmed: formatNumber(s.confirmed) }) : null),
    stat(cap == null ? t('staff.registrations.stat_no_limit') : formatNumber(cap), t('staff.registrations.stat_capacity'),
      cap == null ? null : t('staff.registrations.seats_left', { count: formatNumber(Math.max(0, cap - seats)) })));
  replace($('#por-tipo'), countTable(t('staff.registrations.by_type_caption'), byType.map(([type, n]) => [label(ATTENDEE_TYPE, type), n])));
  replace($('#por-canton'), countTable(t('staff.registrations.by_municipality_caption'),
    Object.entries(s.by_municipality || {}).map(([m, n]) => [m === '' ? t('staff.registrations.no_municipality') : m, n]), 10));
}

/* ---------- capacity and status ---------- */

const settings = $('#ajustes-form');
const settingsStatus = $('#ajustes-estado');

function fillSettings() {
  settings.elements.status.value = edition.status;
  settings.elements.capacity.value = edition.capacity == null ? '' : String(edition.capacity);
}

settings.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearFieldErrors(settings);
  announce(settingsStatus, '');
  const cap = settings.elements.capacity;
  if (cap.validity.badInput || (cap.value !== '' && !/^\d+$/.test(cap.value.trim()))) {
    showFieldError(settings, 'capacity', t('staff.registrations.capacity_invalid'));
    announce(settingsStatus, t('staff.registrations.capacity_check'), 'error');
    return;
  }
  const wanted = { status: settings.elements.status.value, capacity: cap.value.trim() === '' ? null : Number(cap.value) };
  const data = {};
  if (wanted.status !== edition.status) data.status = wanted.status;
  if (wanted.capacity !== (edition.capacity ?? null)) data.capacity = wanted.capacity;
  if (!Object.keys(data).length) { announce(settingsStatus, t('staff.registrations.no_changes')); return; }
  try {
    const { body } = await busy(settings, patch(base, data));
    edition = { ...edition, ...data, ...(body || {}) };
    fillSettings();
    showEdition();
    announce(settingsStatus, t('staff.registrations.settings_saved', {
      status: label(EDITION_STATUS, edition.status),
      capacity: edition.capacity == null ? t('staff.registrations.capacity_unlimited') : formatNumber(edition.capacity),
    }), 'ok');
    await loadStats().catch(() => {});
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    showApiError(settings, settingsStatus, err, t('staff.registrations.not_saved'));
  }
});

/* ---------- the list ---------- */

/* The way into a registration comes first, so it is in view however wide the other columns grow. */
const COLUMNS = [
  { text: t('staff.registrations.col_actions'), hidden: true },
  { text: t('staff.registrations.col_name'), sort: 'name' },
  { text: t('staff.registrations.col_code') },
  { text: t('staff.registrations.col_organization'), sort: 'organization' },
  { text: t('staff.registrations.col_municipality'), sort: 'municipality' },
  { text: t('staff.registrations.col_type') },
  { text: t('staff.registrations.col_status'), sort: 'status' },
  { text: t('staff.registrations.col_created'), sort: 'created_at' },
];

/** The edition's questions: one column each after the fixed ones, headed by the question. */
const questions = () => (edition && edition.questions) || [];
const columns = () => [...COLUMNS, ...questions().map((q) => ({ text: q.label }))];

function header() {
  replace($('#cabecera'), columns().map((c) => {
    if (c.hidden) return h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, c.text));
    if (!c.sort) return h('th', { scope: 'col' }, c.text);
    const current = state.sort === c.sort;
    return h('th', { scope: 'col', 'aria-sort': current ? (state.order === 'desc' ? 'descending' : 'ascending') : null },
      h('button', {
        type: 'button', class: 'sort-button', 'data-sort': c.sort,
        onclick: () => {
          if (state.sort === c.sort) state.order = state.order === 'asc' ? 'desc' : 'asc';
          else { state.sort = c.sort; state.order = c.sort === 'created_at' ? 'desc' : 'asc'; }
          state.offset = 0;
          syncFilters();
          loadList({ focusSort: c.sort });
        },
      }, c.text,
      h('span', { class: 'sort-icon', 'aria-hidden': 'true' }, current ? (state.order === 'desc' ? '▼' : '▲') : '↕'),
      h('span', { class: 'visually-hidden' }, current ? '' : t('staff.registrations.sort_hint'))));
  }));
}

/** The list's status: a waitlisted row says its place in the queue, "En espera n.º 3". */
const listStatus = (r) => statusBadge(r, r.status === 'waitlisted' && r.waitlist_position
  ? t('staff.registrations.waitlist_number', { position: formatNumber(r.waitlist_position) }) : undefined);

function row(r) {
  return h('tr', {},
    h('td', { class: 'cell-actions' },
      h('button', { type: 'button', class: 'button button-small', 'data-code': r.code, onclick: (ev) => openDetail(r.code, ev.currentTarget) },
        t('staff.registrations.open'), h('span', { class: 'visually-hidden' }, t('staff.registrations.open_whose', { name: r.full_name })))),
    h('th', { scope: 'row' }, h('span', { class: 'cell-title' }, r.full_name), h('span', { class: 'cell-sub' }, r.email)),
    h('td', { class: 'cell-code', 'data-label': t('staff.registrations.col_code') }, r.code),
    h('td', { 'data-label': t('staff.registrations.col_organization') }, r.organization, r.position ? h('span', { class: 'cell-sub' }, r.position) : null),
    h('td', { 'data-label': t('staff.registrations.col_municipality') }, dash(r.municipality)),
    h('td', { 'data-label': t('staff.registrations.col_type') }, label(ATTENDEE_TYPE, r.attendee_type)),
    h('td', { 'data-label': t('staff.registrations.col_status') }, listStatus(r)),
    h('td', { 'data-label': t('staff.registrations.col_created'), class: 'cell-dates' }, formatDateTimeShort(r.created_at, edition.timezone)),
    questions().map((q) => h('td', { 'data-label': q.label, 'data-answer': q.id }, dash((r.answers || {})[q.id]))));
}

const filters = $('#filtros');

/** Puts the state into the filter controls. */
function syncFilters() {
  for (const k of FILTERS) filters.elements[k].value = state[k];
}

/** Reads the filter controls into the state (back to the first page). */
function readFilters() {
  for (const k of FILTERS) state[k] = filters.elements[k].value.trim();
  state.offset = 0;
}

const query = (extra = {}) => {
  const q = {};
  for (const k of FILTERS) if (state[k] !== '') q[k] = state[k];
  return { ...q, ...extra };
};

/** The address keeps the filters and page, so a reload or a shared link shows the same list. */
function rememberInAddress() {
  const q = {};
  for (const k of [...FILTERS, 'offset']) if (String(state[k]) !== String(DEFAULTS[k])) q[k] = state[k];
  history.replaceState(null, '', withQuery(location.pathname, q));
}

function restoreFromAddress() {
  const p = new URLSearchParams(location.search);
  for (const k of FILTERS) if (p.has(k)) state[k] = p.get(k);
  if (!REGISTRATION_SORT[state.sort]) state.sort = DEFAULTS.sort;
  if (!['asc', 'desc'].includes(state.order)) state.order = DEFAULTS.order;
  if (state.status && !REGISTRATION_STATUS[state.status]) state.status = '';
  if (state.type && !ATTENDEE_TYPE[state.type]) state.type = '';
  const off = Number.parseInt(p.get('offset') || '0', 10);
  state.offset = Number.isFinite(off) && off > 0 ? off : 0;
}

function updateExports() {
  $('#exportar-csv').href = withQuery(`${API}${base}/registrations.csv`, query());
  $('#exportar-xlsx').href = withQuery(`${API}${base}/registrations.xlsx`, query());
  $('#exportar-json').href = withQuery(`${API}${base}/registrations.json`, query());
}

let listSeq = 0;
async function loadList({ focusSort = null } = {}) {
  const seq = ++listSeq;
  const region = $('#lista-estado');
  header();
  updateExports();
  rememberInAddress();
  $('#lista').setAttribute('aria-busy', 'true');
  try {
    const { body } = await get(withQuery(`${base}/registrations`, query({ limit: LIMIT, offset: state.offset })));
    if (seq !== listSeq) return;
    const items = (body && body.items) || [];
    const total = (body && body.total) || 0;
    if (!items.length && state.offset > 0 && total > 0) {
      state.offset = Math.max(0, (Math.ceil(total / LIMIT) - 1) * LIMIT);
      loadList();
      return;
    }
    const filtered = FILTERS.some((k) => k !== 'sort' && k !== 'order' && state[k] !== '');
    replace($('#filas'), items.length ? items.map(row)
      : h('tr', {}, h('td', { colspan: columns().length, class: 'empty-row' },
        filtered ? t('staff.registrations.no_match') : t('staff.registrations.none_yet'))));
    const from = items.length ? state.offset + 1 : 0;
    const to = state.offset + items.length;
    announce(region, !total ? (filtered ? t('staff.registrations.no_results') : '')
      : total === 1 ? t('staff.registrations.count.one')
        : total > items.length
          ? t('staff.registrations.count_range', { count: formatNumber(total), from: formatNumber(from), to: formatNumber(to) })
          : t('staff.registrations.count.other', { count: formatNumber(total) }));
    const pages = Math.max(1, Math.ceil(total / LIMIT));
    const page = Math.floor(state.offset / LIMIT) + 1;
    $('#pagina').textContent = t('staff.registrations.page_of', { page, pages });
    $('#anterior').disabled = state.offset <= 0;
    $('#siguiente').disabled = to >= total;
    $('.pager').hidden = pages <= 1;
    if (focusSort) { const b = $(`button[data-sort="${focusSort}"]`); if (b) b.focus(); }
  } catch (err) {
    if (seq === listSeq) failed(err, region, t('staff.registrations.list_failed'));
  } finally {
    if (seq === listSeq) $('#lista').removeAttribute('aria-busy');
  }
}

function wireFilters() {
  const statusSel = filters.elements.status;
  for (const [k, v] of Object.entries(REGISTRATION_STATUS)) statusSel.append(h('option', { value: k }, v));
  const typeSel = filters.elements.type;
  for (const type of ALL_ATTENDEE_TYPES) typeSel.append(h('option', { value: type }, label(ATTENDEE_TYPE, type)));
  const sortSel = filters.elements.sort;
  for (const [k, v] of Object.entries(REGISTRATION_SORT)) sortSel.append(h('option', { value: k }, v));
  syncFilters();

  let timer = 0;
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    readFilters();
    loadList();
  });
  filters.elements.q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { readFilters(); loadList(); }, 400);
  });
  for (const name of ['status', 'type', 'sort', 'order']) {
    filters.elements[name].addEventListener('change', () => { readFilters(); loadList(); });
  }
  $('#b-limpiar').addEventListener('click', () => {
    Object.assign(state, DEFAULTS);
    syncFilters();
    loadList();
    filters.elements.q.focus();
  });
  $('#anterior').addEventListener('click', () => { state.offset = Math.max(0, state.offset - LIMIT); loadList(); $('#lista-titulo').scrollIntoView(); });
  $('#siguiente').addEventListener('click', () => { state.offset += LIMIT; loadList(); $('#lista-titulo').scrollIntoView(); });
}

/* ---------- one registration ---------- */

const detail = $('#detalle');
let detailOpener = null;
let detailCode = '';

function closeDetail() {
  detail.hidden = true;
  detailCode = '';
  const again = detailOpener && !detailOpener.isConnected && detailOpener.dataset.code
    ? $(`#filas button[data-code="${CSS.escape(detailOpener.dataset.code)}"]`) : detailOpener;
  if (again && again.isConnected) again.focus();
}
$('#detalle-cerrar').addEventListener('click', closeDetail);
detail.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closeDetail(); });

function meta(r) {
  const tz = edition.timezone;
  const rows = [
    [t('staff.registrations.meta_status'), statusBadge(r)],
    [t('staff.registrations.meta_registered_on'), formatDateTime(r.created_at, tz)],
    r.updated_at && r.updated_at !== r.created_at ? [t('staff.registrations.meta_updated'), formatDateTime(r.updated_at, tz)] : null,
    r.cancelled_at ? [t('staff.registrations.meta_cancelled_on'), formatDateTime(r.cancelled_at, tz)] : null,
    [t('staff.registrations.meta_checked_in'), r.checked_in_at ? formatDateTime(r.checked_in_at, tz) : t('staff.registrations.not_yet')],
    ...answerRows(r),
  ].filter(Boolean);
  return h('dl', { class: 'reg-details reg-meta' },
    rows.map(([k, v]) => h('div', { class: 'reg-detail' }, h('dt', {}, k), h('dd', {}, v))));
}

function linkSection(r) {
  const region = h('p', { class: 'status', role: 'status' });
  const out = h('div', {});
  const button = h('button', { type: 'button', class: 'button' }, t('staff.registrations.new_link_button'));
  let working = false;  // not `disabled`: a disabled button would drop the keyboard focus
  button.addEventListener('click', async () => {
    if (working) return;
    working = true;
    button.setAttribute('aria-disabled', 'true');
    announce(region, t('staff.registrations.generating_link'));
    try {
      const { body } = await post(`${path('registrations', r.code)}/manage-link`);
      replace(out, linkBox({
        id: 'detalle-enlace', label: t('staff.registrations.new_link_label'), url: manageUrl(body.code || r.code, body.manage_token),
        hint: t('staff.registrations.link_sent_also_copy', { email: r.email }),
      }));
      announce(region, t('staff.registrations.link_renewed'), 'ok');
      loadOutbox();
    } catch (err) {
      failed(err, region, t('staff.registrations.link_failed'));
    } finally {
      working = false;
      button.removeAttribute('aria-disabled');
    }
  });
  return h('section', { class: 'link-section', 'aria-labelledby': 'detalle-enlace-titulo' },
    h('h4', { id: 'detalle-enlace-titulo' }, t('staff.registrations.link_heading')),
    h('p', { class: 'hint' }, t('staff.registrations.link_hint')),
    button, region, out);
}

function detailForm(r) {
  const region = h('p', { class: 'status', role: 'alert', id: 'detalle-estado' });
  const form = h('form', { class: 'form', id: 'detalle-form', novalidate: true },
    region,
    h('div', { class: 'field-row' }, attendeeTypeSelect('d', ALL_ATTENDEE_TYPES, r.attendee_type), statusSelect('d', r.status)),
    h('div', { class: 'field-row' }, field('d', 'full_name', r.full_name), field('d', 'email', r.email)),
    h('div', { class: 'field-row' }, field('d', 'organization', r.organization), field('d', 'position', r.position)),
    h('div', { class: 'field-row' }, field('d', 'municipality', r.municipality), field('d', 'phone', r.phone)),
    field('d', 'accessibility_needs', r.accessibility_needs),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('staff.registrations.save_changes'))));
  const names = [...EDITABLE, 'attendee_type', 'status'];
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const problems = missing(form, ['full_name', 'email', 'organization']);
    if (problems.length) { showProblems(form, region, problems); return; }
    const data = changes(r, values(form, names));
    if (!Object.keys(data).length) { announce(region, t('staff.registrations.no_changes')); return; }
    try {
      const { body } = await busy(form, patch(path('registrations', r.code), data));
      showDetail(body);
      $('#detalle-titulo').focus();
      announce($('#detalle-estado'), t('staff.registrations.changes_saved'), 'ok');
      refreshAll();
    } catch (err) {
      if (err.status === 401) { toLogin(); return; }
      showApiError(form, region, err, t('staff.registrations.not_saved'));
    }
  });
  return form;
}

function showDetail(r) {
  detailCode = r.code;
  $('#detalle-titulo').textContent = `${r.full_name} · ${r.code}`;
  replace($('#detalle-cuerpo'),
    h('div', { class: 'reg-head' }, codeDisplay(r.code), meta(r)),
    r.status === 'waitlisted' && r.waitlist_position ? h('p', {}, t('staff.registrations.waitlist_place', { position: r.waitlist_position })) : null,
    detailForm(r),
    linkSection(r),
    dataRightsSection(r, { onChanged: dataRightsDone, onUnauthorized: toLogin }));
}

/** After a data-rights action: an anonymized registration is shown as it is now, with the news. */
function dataRightsDone(changed, news) {
  refreshAll();
  if (!changed) return;
  showDetail(changed);
  $('#detalle-titulo').focus();
  announce($('#derechos-estado'), news, 'ok');
}

async function openDetail(code, opener) {
  detailOpener = opener || null;
  announce(status, t('staff.registrations.loading_registration'));
  try {
    const { body } = await get(path('registrations', code));
    announce(status, '');
    showDetail(body);
    detail.hidden = false;
    detail.scrollIntoView({ block: 'start' });
    $('#detalle-titulo').focus();
  } catch (err) {
    failed(err, status, t('staff.registrations.open_failed'));
  }
}

/* ---------- registering a person ---------- */

const NEW_NAMES = ['full_name', 'email', 'organization', 'position', 'municipality', 'phone', 'attendee_type', 'accessibility_needs', 'consent'];

function newForm() {
  const region = h('p', { class: 'status', role: 'alert', id: 'nueva-estado' });
  const form = h('form', { class: 'form', id: 'nueva-form', novalidate: true },
    h('p', { class: 'form-intro' }, t('staff.registrations.new_intro')),
    region,
    h('div', { class: 'field-row' }, field('n', 'full_name'), field('n', 'email')),
    h('div', { class: 'field-row' }, field('n', 'organization'), field('n', 'position')),
    h('div', { class: 'field-row' }, field('n', 'municipality'), field('n', 'phone')),
    attendeeTypeSelect('n', ALL_ATTENDEE_TYPES, '', t('staff.registrations.choose')),
    field('n', 'accessibility_needs'),
    questionFields('n', questions()),
    consentField('n', t('staff.registrations.consent_label'), withLink(t('staff.registrations.consent_hint'),
      h('a', { href: '/privacidad', target: '_blank', rel: 'noopener' }, t('staff.registrations.privacy_link')))),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, t('staff.registrations.register_button')),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => toggleNew(false) }, t('staff.registrations.cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const problems = missing(form, ['full_name', 'email', 'organization', 'attendee_type', 'consent'], {
      attendee_type: t('staff.registrations.choose_type'),
      consent: t('staff.registrations.confirm_consent'),
    }).concat(missingAnswers(form, questions()));
    if (problems.length) { showProblems(form, region, problems); return; }
    const data = values(form, NEW_NAMES);
    for (const k of ['position', 'municipality', 'phone', 'accessibility_needs']) if (data[k] === '') delete data[k];
    if (questions().length) data.answers = answersFrom(form, questions());
    try {
      const { body } = await busy(form, post(`${base}/registrations`, data));
      newDone(body, data);
      refreshAll();
    } catch (err) {
      if (err.status === 401) { toLogin(); return; }
      showApiError(form, region, err, t('staff.registrations.not_registered'));
    }
  });
  return form;
}

function newDone(r, data) {
  const heading = h('p', { class: 'done-title', tabindex: '-1', id: 'nueva-hecho' },
    t('staff.registrations.registered_name', { name: data.full_name }));
  replace($('#nueva-cuerpo'), h('div', { class: 'done', role: 'status' },
    heading,
    h('div', { class: 'reg-head' }, codeDisplay(r.code),
      h('p', { class: 'reg-status' }, h('span', { class: 'reg-status-label' }, t('staff.registrations.status_label')), statusBadge(r))),
    linkBox({
      id: 'nueva-enlace', label: t('staff.registrations.link_heading'), url: manageUrl(r.code, r.manage_token),
      hint: t('staff.registrations.link_sent_copy', { email: data.email }),
    }),
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'button button-primary', onclick: () => { showNewForm(); $('#n-full_name').focus(); } }, t('staff.registrations.register_another')),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => toggleNew(false) }, t('staff.registrations.close')))));
  heading.focus();
}

const showNewForm = () => replace($('#nueva-cuerpo'), newForm());

function toggleNew(open) {
  const section = $('#nueva');
  const button = $('#nueva-abrir');
  section.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (open) {
    if (!$('#nueva-form')) showNewForm();
    $('#nueva-titulo').focus();
  } else {
    button.focus();
  }
}
$('#nueva-abrir').addEventListener('click', () => toggleNew($('#nueva').hidden));
$('#nueva').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') toggleNew(false); });

/* ---------- messages not sent yet (pending, being sent, failed) ---------- */

/** The delivery state of an outbox row, as organizers read it. */
const MESSAGE_STATE = {
  pending: t('staff.registrations.message_state.pending'),
  sending: t('staff.registrations.message_state.sending'),
  sent: t('staff.registrations.message_state.sent'),
  failed: t('staff.registrations.message_state.failed'),
};

/** The columns of the messages' table. */
const OUTBOX = {
  message: t('staff.registrations.outbox_col.message'),
  to: t('staff.registrations.outbox_col.to'),
  created: t('staff.registrations.outbox_col.created'),
  state: t('staff.registrations.outbox_col.state'),
  attempts: t('staff.registrations.outbox_col.attempts'),
  last_error: t('staff.registrations.outbox_col.last_error'),
  registration: t('staff.registrations.outbox_col.registration'),
};

/** Puts failed messages back in the queue: ids, or every failed one of the edition when omitted. */
async function retryMessages(ids, button) {
  const region = $('#mensajes-estado');
  button.disabled = true;
  try {
    const { body } = await post(`${base}/outbox/retry`, ids ? { ids } : {});
    const n = (body && body.count) || 0;
    await loadOutbox();
    announce(region, n === 0 ? t('staff.registrations.retry_none')
      : n === 1 ? t('staff.registrations.retry_count.one') : t('staff.registrations.retry_count.other', { count: formatNumber(n) }));
    $('#mensajes-titulo').focus();
  } catch (err) {
    button.disabled = false;
    failed(err, region, t('staff.registrations.retry_failed'));
  }
}

/** The state cell: the state, then when the next attempt is due or the button to retry. */
function messageState(m) {
  const parts = [h('span', { class: `badge badge-outbox-${m.state}` }, label(MESSAGE_STATE, m.state))];
  if (m.state === 'failed') {
    parts.push(' ', h('button', { type: 'button', class: 'button button-small', 'data-retry': String(m.id),
      onclick: (ev) => retryMessages([m.id], ev.currentTarget) },
    t('staff.registrations.retry_button'), h('span', { class: 'visually-hidden' }, t('staff.registrations.retry_whose', { to: m.to }))));
  } else if (m.next_attempt_at) {
    parts.push(h('span', { class: 'cell-sub' }, t('staff.registrations.next_attempt', { when: formatDateTimeShort(m.next_attempt_at, edition.timezone) })));
  }
  return parts;
}

async function loadOutbox() {
  const region = $('#mensajes-estado');
  try {
    const { body } = await get(withQuery(`${base}/outbox`, { pending: 1, limit: 100 }));
    const items = (body && body.items) || [];
    const total = (body && body.total) || items.length;
    const failedCount = items.filter((m) => m.state === 'failed').length;
    announce(region, !total ? t('staff.registrations.no_pending') : t('staff.registrations.outbox_summary', {
      pending: total === 1 ? t('staff.registrations.outbox_pending.one') : t('staff.registrations.outbox_pending.other', { count: formatNumber(total) }),
      failed: !failedCount ? '' : failedCount === 1 ? t('staff.registrations.outbox_failed.one')
        : t('staff.registrations.outbox_failed.other', { count: formatNumber(failedCount) }),
      more: total > items.length ? t('staff.registrations.outbox_more', { shown: items.length }) : '',
    }));
    replace($('#mensajes-tabla'), items.length ? [
      failedCount > 1 ? h('p', {}, h('button', { type: 'button', class: 'button button-small', id: 'mensajes-reintentar-todos',
        onclick: (ev) => retryMessages(null, ev.currentTarget) }, t('staff.registrations.retry_all'))) : null,
      h('div', { class: 'table-wrap', role: 'group', 'aria-labelledby': 'mensajes-titulo', tabindex: '0' },
        h('table', { class: 'data-table outbox-table' },
          h('thead', {}, h('tr', {}, [OUTBOX.message, OUTBOX.to, OUTBOX.created, OUTBOX.state, OUTBOX.attempts, OUTBOX.last_error, OUTBOX.registration]
            .map((text) => h('th', { scope: 'col' }, text)))),
          h('tbody', {}, items.map((m) => h('tr', { 'data-message': String(m.id) },
            h('th', { scope: 'row' }, h('span', { class: 'cell-title' }, label(MESSAGE_KIND, m.kind)), h('span', { class: 'cell-sub' }, m.subject)),
            h('td', { 'data-label': OUTBOX.to }, m.to),
            h('td', { 'data-label': OUTBOX.created, class: 'cell-dates' }, formatDateTimeShort(m.created_at, edition.timezone)),
            h('td', { 'data-label': OUTBOX.state }, messageState(m)),
            h('td', { 'data-label': OUTBOX.attempts }, formatNumber(m.attempts || 0)),
            h('td', { 'data-label': OUTBOX.last_error, class: m.last_error ? 'cell-error' : null }, dash(m.last_error)),
            h('td', { 'data-label': OUTBOX.registration }, m.registration
              ? h('button', { type: 'button', class: 'button button-small', 'data-code': m.registration, onclick: (ev) => openDetail(m.registration, ev.currentTarget) },
                m.registration, h('span', { class: 'visually-hidden' }, t('staff.registrations.open_suffix')))
              : '—'))))))]
      : null);
  } catch (err) {
    failed(err, region, t('staff.registrations.messages_failed'));
  }
}
$('#mensajes-actualizar').addEventListener('click', loadOutbox);

/* ---------- page ---------- */

function showEdition() {
  const name = editionName(edition);
  setTitle(t('staff.registrations.title_edition', { edition: name }));
  $('#titulo').textContent = t('staff.registrations.title_edition', { edition: name });
  const crumb = $('#miga-edicion');
  replace(crumb, h('a', { href: `/e/${encodeURIComponent(edition.slug)}` }, name));
  replace($('#subtitulo'),
    [formatDateRange(edition.starts_on, edition.ends_on), edition.city].filter(Boolean).join(' · '), ' · ',
    h('span', { class: `badge badge-${edition.status}` }, label(EDITION_STATUS, edition.status)),
    edition.registration_open ? [' · ', h('a', { href: `/e/${encodeURIComponent(edition.slug)}/inscripcion` }, t('staff.registrations.public_form'))] : null);
}

/** After any change: counts, list (same page) and messages again. */
function refreshAll() {
  loadStats().catch((err) => failed(err, status));
  loadList();
  loadOutbox();
}

async function start() {
  const user = await startSession(status);
  if (!user) return;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { announce(status, t('staff.registrations.bad_address'), 'error'); return; }
  announce(status, t('staff.registrations.loading'));
  try {
    edition = (await get(base)).body;
  } catch (err) {
    if (err.status === 404) { announce(status, t('staff.registrations.no_edition'), 'error'); return; }
    failed(err, status, t('staff.registrations.edition_failed'));
    return;
  }
  showEdition();
  fillSettings();
  restoreFromAddress();
  wireFilters();
  $('#consola').hidden = false;
  announce(status, '');
  await Promise.all([
    loadStats().catch((err) => failed(err, status, t('staff.registrations.stats_failed'))),
    loadList(),
    loadOutbox(),
  ]);
}

start();
