// admin-badges.js — the organizers' print page of one edition's badges
// (/admin/e/{slug}/credenciales, or /admin/badges.html?e={slug}): the layout (a4-10, a4-8, a6,
// cr80), the attendee type, "solo las no impresas" and, optionally, a selection of people from the
// confirmed registrations build the badges.pdf address; "Descargar PDF" fetches it (saying how
// many badges from X-Badge-Count, or the API's "No hay credenciales…") and "Marcar como
// impresas" posts the same selection to badges/printed after an in-page confirmation.
import { $, h, replace } from './dom.js';
import { API, get, getFile, path, post, withQuery } from './api.js';
import { formatNumber } from './format.js';
import { ALL_ATTENDEE_TYPES, ATTENDEE_TYPE, editionName, label } from './labels.js';
import { announce, describeError, saveFile, setTitle, showProblem } from './page.js';
import { failed, startSession, toLogin } from './admin-session.js';
import { adminSlug } from './address.js';
import { fold, getEdition } from './checkin-api.js';
import { t } from './i18n.js';

const status = $('#estado');
const out = $('#salida-estado');
const form = $('#credenciales');
const slug = adminSlug();
const CAN_PRINT = new Set(['admin', 'organizer']);

/** Print layouts of GET …/badges.pdf?layout=, as organizers choose them (the first is the default). */
const BADGE_LAYOUT = {
  'a4-10': t('staff.badges.layout.a4_10'),
  'a4-8': t('staff.badges.layout.a4_8'),
  a6: t('staff.badges.layout.a6'),
  cr80: t('staff.badges.layout.cr80'),
};

let people = [];               // confirmed registrations, by name
const selected = new Set();    // codes ticked in the list

/* ---------- the choice ---------- */

const choice = () => ({
  layout: form.elements.layout.value || 'a4-10',
  type: $('#f-tipo').value,
  unprinted: $('#f-no-impresas').checked,
});
const ofType = (type) => people.filter((p) => !type || p.attendee_type === type);

/** The codes the choice is about: the ticked ones (of the type), or null for "everyone that matches". */
function chosenCodes({ type }) {
  const codes = [...selected].filter((c) => ofType(type).some((p) => p.code === c));
  return codes.length ? codes : null;
}

/** /api/v1/editions/{slug}/badges.pdf?layout=…&type=…&codes=…&unprinted=1 */
function pdfUrl(c = choice()) {
  const codes = chosenCodes(c);
  return withQuery(`${API}${path('editions', slug, 'badges.pdf')}`, {
    layout: c.layout, type: c.type, codes: codes ? codes.join(',') : '', unprinted: c.unprinted ? 1 : '',
  });
}

function describe(c = choice()) {
  const codes = chosenCodes(c);
  let who;
  if (codes) {
    const count = formatNumber(codes.length);
    who = codes.length === 1 ? t('staff.badges.who_ticked.one', { count }) : t('staff.badges.who_ticked.other', { count });
  } else {
    const count = formatNumber(ofType(c.type).length);
    who = c.type ? t('staff.badges.who_all_of_type', { type: label(ATTENDEE_TYPE, c.type), count }) : t('staff.badges.who_all', { count });
  }
  const vars = { who, layout: BADGE_LAYOUT[c.layout] };
  return c.unprinted ? t('staff.badges.summary_unprinted', vars) : t('staff.badges.summary', vars);
}

function update() {
  const url = pdfUrl();
  const link = $('#pdf-enlace');
  link.href = url;
  link.textContent = url;
  $('#resumen').textContent = describe();
  closeConfirm();
}

/* ---------- the people list ---------- */

function row(p) {
  const id = `p-${p.code}`;
  const box = h('input', { type: 'checkbox', id, value: p.code, checked: selected.has(p.code) });
  box.addEventListener('change', () => {
    if (box.checked) selected.add(p.code); else selected.delete(p.code);
    countSelected();
    update();
  });
  return h('li', { class: 'badges-person' }, box,
    h('label', { for: id },
      h('span', { class: 'badges-person-name' }, p.full_name),
      h('span', { class: 'badges-person-sub' },
        [p.organization, label(ATTENDEE_TYPE, p.attendee_type)].filter(Boolean).join(' · '), ' · ',
        h('span', { class: 'cell-code' }, p.code))));
}

const visible = () => {
  const words = fold($('#f-buscar').value).split(/\s+/).filter(Boolean);
  return ofType($('#f-tipo').value).filter((p) => {
    const hay = fold(`${p.full_name} ${p.organization || ''} ${p.code}`);
    return words.every((w) => hay.includes(w));
  });
};

function countSelected() {
  const shown = visible();
  const n = chosenCodes(choice());
  const listed = { count: formatNumber(shown.length) };
  const ticked = n ? { count: formatNumber(n.length) } : null;
  $('#personas-estado').textContent = [
    shown.length === 1 ? t('staff.badges.listed.one', listed) : t('staff.badges.listed.other', listed),
    !ticked ? t('staff.badges.ticked_none') : n.length === 1 ? t('staff.badges.ticked.one', ticked) : t('staff.badges.ticked.other', ticked),
  ].join(' · ');
}

function showList() {
  const shown = visible();
  replace($('#personas-lista'), shown.length
    ? shown.map(row)
    : h('li', { class: 'empty-note' }, people.length ? t('staff.badges.no_match') : t('staff.badges.no_confirmed')));
  countSelected();
}

async function loadPeople() {
  const list = [];
  for (let offset = 0; ; offset += 500) {
    const { body } = await get(withQuery(`${path('editions', slug, 'registrations')}`, {
      status: 'confirmed', sort: 'name', order: 'asc', limit: 500, offset,
    }));
    list.push(...body.items);
    if (body.items.length < 500 || list.length >= body.total) break;
  }
  people = list;
}

/* ---------- download and mark printed ---------- */

let working = false;  // not `disabled`: a disabled button would drop the keyboard focus
async function run(button, task) {
  if (working) return;
  working = true;
  button.setAttribute('aria-disabled', 'true');
  try { await task(); } finally {
    working = false;
    button.removeAttribute('aria-disabled');
  }
}

$('#descargar').addEventListener('click', (ev) => run(ev.currentTarget, async () => {
  announce(out, t('staff.badges.generating'));
  try {
    const file = await getFile(pdfUrl().slice(API.length));
    const count = Number(file.headers.get('x-badge-count')) || 0;
    saveFile(file);
    const ready = { count: formatNumber(count), layout: choice().layout };
    announce(out, count === 1 ? t('staff.badges.pdf_ready.one', ready) : t('staff.badges.pdf_ready.other', ready), 'ok');
  } catch (err) {
    if (err.status === 404) { announce(out, err.message || t('staff.badges.no_matching'), 'error'); return; }
    failed(err, out, `${t('staff.badges.pdf_failed')} `);
  }
}));

/** The body of badges/printed for the current choice: {codes} or {} (every confirmed badge). */
function printedBody() {
  const c = choice();
  const codes = chosenCodes(c) || (c.type ? ofType(c.type).map((p) => p.code) : null);
  return codes ? { codes: codes.join(',') } : {};
}

const markButton = $('#marcar');
const confirmBox = $('#marcar-confirmar');
function closeConfirm() {
  confirmBox.hidden = true;
  markButton.setAttribute('aria-expanded', 'false');
}
markButton.addEventListener('click', () => {
  const body = printedBody();
  const n = body.codes ? body.codes.split(',').length : people.length;
  if (!n) { announce(out, t('staff.badges.nothing_to_mark'), 'error'); return; }
  const many = { count: formatNumber(n) };
  let question;
  if (body.codes) question = n === 1 ? t('staff.badges.mark_question_these.one', many) : t('staff.badges.mark_question_these.other', many);
  else question = n === 1 ? t('staff.badges.mark_question_all.one', many) : t('staff.badges.mark_question_all.other', many);
  $('#marcar-pregunta').textContent = question;
  confirmBox.hidden = false;
  markButton.setAttribute('aria-expanded', 'true');
  $('#marcar-pregunta').focus();
});
$('#marcar-no').addEventListener('click', () => { closeConfirm(); markButton.focus(); });
confirmBox.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { closeConfirm(); markButton.focus(); } });
$('#marcar-si').addEventListener('click', (ev) => run(ev.currentTarget, async () => {
  try {
    const { body } = await post(path('editions', slug, 'badges', 'printed'), printedBody());
    closeConfirm();
    const marked = { count: formatNumber(body.marked) };
    let said;
    if (body.marked === 0) said = t('staff.badges.nothing_marked');
    else said = body.marked === 1 ? t('staff.badges.marked.one', marked) : t('staff.badges.marked.other', marked);
    announce(out, said, 'ok');
    markButton.focus();
  } catch (err) {
    failed(err, out, `${t('staff.badges.mark_failed')} `);
  }
}));

/* ---------- start ---------- */

function setUp(edition) {
  const name = editionName(edition);
  setTitle(t('staff.badges.page_title', { edition: name }));
  $('#titulo').textContent = t('staff.badges.page_title', { edition: name });
  $('#miga-edicion').textContent = name;
  $('#formato').append(...Object.keys(BADGE_LAYOUT).map((l, i) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'layout', id: `f-layout-${l}`, value: l, checked: i === 0 }),
    h('label', { for: `f-layout-${l}` }, BADGE_LAYOUT[l]))));
  replace($('#f-tipo'), h('option', { value: '' }, t('staff.badges.all_types')),
    ALL_ATTENDEE_TYPES.map((type) => h('option', { value: type }, label(ATTENDEE_TYPE, type))));
  form.addEventListener('change', (ev) => {
    if (ev.target.type === 'checkbox' && ev.target.closest('#personas-lista')) return; // handled by the row
    if (ev.target.id === 'f-tipo') showList();
    update();
  });
  $('#f-buscar').addEventListener('input', showList);
  $('#marcar-visibles').addEventListener('click', () => {
    for (const p of visible()) selected.add(p.code);
    showList();
    update();
  });
  $('#quitar-seleccion').addEventListener('click', () => {
    selected.clear();
    showList();
    update();
  });
  form.addEventListener('submit', (ev) => ev.preventDefault());
}

async function start() {
  const user = await startSession(status);
  if (!user) return;
  if (!CAN_PRINT.has(user.role)) {
    announce(status, '');
    showProblem($('#problema'), { title: t('staff.badges.organizers_only_title'), message: t('staff.badges.organizers_only_message') });
    return;
  }
  if (!slug) {
    announce(status, '');
    showProblem($('#problema'), { title: t('staff.badges.no_edition_title'), message: t('staff.badges.no_edition_message') });
    return;
  }
  announce(status, t('staff.badges.loading'));
  try {
    const edition = await getEdition(slug);
    setUp(edition);
    await loadPeople();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? t('staff.badges.edition_not_found') : t('staff.badges.load_failed'),
      message: describeError(err), retry: err.status === 404 ? null : () => location.reload(),
    });
    return;
  }
  showList();
  update();
  form.hidden = false;
  announce(status, '');
}

start();
