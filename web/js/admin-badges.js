// admin-badges.js — the organizers' print page of one edition's badges
// (/admin/e/{slug}/credenciales, or /admin/badges.html?e={slug}): the layout (a4-10, a4-8, a6,
// cr80), the attendee type, "solo las no impresas" and, optionally, a selection of people from the
// confirmed registrations build the badges.pdf address; "Descargar PDF" fetches it (saying how
// many badges from X-Badge-Count, or the API's "No hay credenciales…") and "Marcar como
// impresas" posts the same selection to badges/printed after an in-page confirmation.
import { $, h, replace } from './dom.js';
import { API, get, getFile, path, post, withQuery } from './api.js';
import { formatNumber } from './format.js';
import { ALL_ATTENDEE_TYPES, ATTENDEE_TYPE, BADGE_LAYOUT, editionName, label } from './labels.js';
import { announce, describeError, saveFile, setTitle, showProblem } from './page.js';
import { failed, startSession, toLogin } from './admin-session.js';
import { adminSlug } from './address.js';
import { fold, getEdition } from './checkin-api.js';

const status = $('#estado');
const out = $('#salida-estado');
const form = $('#credenciales');
const slug = adminSlug();
const CAN_PRINT = new Set(['admin', 'organizer']);

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
  const who = codes
    ? `${formatNumber(codes.length)} ${codes.length === 1 ? 'persona marcada' : 'personas marcadas'}`
    : `todas las inscripciones confirmadas${c.type ? ` de tipo «${label(ATTENDEE_TYPE, c.type)}»` : ''} (${formatNumber(ofType(c.type).length)})`;
  return `Se imprimirán: ${who}${c.unprinted ? ', solo las que aún no se imprimieron' : ''}. Formato: ${BADGE_LAYOUT[c.layout]}.`;
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
  $('#personas-estado').textContent = `${formatNumber(shown.length)} ${shown.length === 1 ? 'persona' : 'personas'} en la lista`
    + (n ? ` · ${formatNumber(n.length)} ${n.length === 1 ? 'marcada' : 'marcadas'}` : ' · ninguna marcada');
}

function showList() {
  const shown = visible();
  replace($('#personas-lista'), shown.length
    ? shown.map(row)
    : h('li', { class: 'empty-note' }, people.length ? 'Nadie coincide con la búsqueda.' : 'Todavía no hay inscripciones confirmadas.'));
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
  announce(out, 'Generando el PDF…');
  try {
    const file = await getFile(pdfUrl().slice(API.length));
    const count = Number(file.headers.get('x-badge-count')) || 0;
    saveFile(file);
    announce(out, `PDF listo: ${formatNumber(count)} ${count === 1 ? 'credencial' : 'credenciales'} (${choice().layout}). Después de imprimir, use «Marcar como impresas».`, 'ok');
  } catch (err) {
    if (err.status === 404) { announce(out, err.message || 'No hay credenciales que coincidan.', 'error'); return; }
    failed(err, out, 'No se pudo generar el PDF. ');
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
  if (!n) { announce(out, 'No hay credenciales que marcar.', 'error'); return; }
  $('#marcar-pregunta').textContent = `¿Marcar como impresas ${body.codes ? `estas ${formatNumber(n)} credenciales` : `todas las credenciales confirmadas (${formatNumber(n)})`}? Luego «Solo las no impresas» las dejará fuera.`;
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
    announce(out, body.marked === 0
      ? 'No había credenciales por marcar: ya estaban marcadas como impresas.'
      : `Se marcaron ${formatNumber(body.marked)} ${body.marked === 1 ? 'credencial' : 'credenciales'} como impresas.`, 'ok');
    markButton.focus();
  } catch (err) {
    failed(err, out, 'No se pudieron marcar. ');
  }
}));

/* ---------- start ---------- */

function setUp(edition) {
  const name = editionName(edition);
  setTitle(`Credenciales · ${name}`);
  $('#titulo').textContent = `Credenciales · ${name}`;
  $('#miga-edicion').textContent = name;
  $('#formato').append(...Object.keys(BADGE_LAYOUT).map((l, i) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'layout', id: `f-layout-${l}`, value: l, checked: i === 0 }),
    h('label', { for: `f-layout-${l}` }, BADGE_LAYOUT[l]))));
  replace($('#f-tipo'), h('option', { value: '' }, 'Todos los tipos'),
    ALL_ATTENDEE_TYPES.map((t) => h('option', { value: t }, label(ATTENDEE_TYPE, t))));
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
    showProblem($('#problema'), { title: 'Solo para organizadores', message: 'Las credenciales las imprime el equipo organizador. Su cuenta es de personal de acreditación.' });
    return;
  }
  if (!slug) {
    announce(status, '');
    showProblem($('#problema'), { title: 'Falta la edición', message: 'Abra esta página desde la lista de ediciones.' });
    return;
  }
  announce(status, 'Cargando…');
  try {
    const edition = await getEdition(slug);
    setUp(edition);
    await loadPeople();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? 'Edición no encontrada' : 'No se pudo cargar la página',
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
