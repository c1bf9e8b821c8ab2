// admin-messages.js — the organizers' page of messages to one edition's registrants
// (/admin/e/{slug}/mensajes, or /admin/messages.html?e={slug}): the filters (status, type,
// language) and the text ask the API for a dry run as they change (debounced), which says how many
// people would receive the message and previews it for the first of them; buttons insert the
// placeholders at the cursor; "Enviar…" asks "¿Enviar a N personas?" in the page before posting;
// the log of messages sent is listed below. Field errors from the API (an unknown placeholder,
// a text too long) are shown under their field.
import { $, h, replace } from './dom.js';
import { get, path, post, withQuery } from './api.js';
import { formatDateTime, formatNumber } from './format.js';
import {
  ALL_ATTENDEE_TYPES, ATTENDEE_TYPE, REGISTRATION_LANGUAGE, REGISTRATION_STATUS, editionName, label,
} from './labels.js';
import { announce, describeError, setTitle, showProblem } from './page.js';
import { failed, startSession, toLogin } from './admin-session.js';
import { adminSlug } from './address.js';
import { getEdition } from './checkin-api.js';

const status = $('#estado');
const out = $('#enviar-estado');
const form = $('#mensaje');
const slug = adminSlug();
const CAN_SEND = new Set(['admin', 'organizer']);
const PLACEHOLDERS = [['{nombre}', 'Nombre'], ['{codigo}', 'Código'], ['{enlace}', 'Enlace personal']];
const COUNT_DELAY_MS = 350;
const FIELDS = { subject: { input: '#f-asunto', error: '#f-asunto-error' }, body: { input: '#f-cuerpo', error: '#f-cuerpo-error' } };

let edition = null;
let lastTextField = null; // the subject or body field a placeholder button writes into
let countTimer = 0;
let countSeq = 0;         // only the answer to the latest dry run is shown

const people = (n) => `${formatNumber(n)} ${n === 1 ? 'persona' : 'personas'}`;

/* ---------- the message being written ---------- */

/** The filters chosen: only those set. */
function filters() {
  const f = {};
  for (const [name, sel] of [['status', '#f-estado'], ['type', '#f-tipo'], ['language', '#f-idioma']]) {
    if ($(sel).value) f[name] = $(sel).value;
  }
  return f;
}

/** The message as the API takes it; empty texts left out (a dry run counts without them). */
function message() {
  const m = filters();
  const subject = $('#f-asunto').value.trim();
  const body = $('#f-cuerpo').value;
  if (subject) m.subject = subject;
  if (body.trim()) m.body = body;
  return m;
}

function setFieldError(field, text) {
  const { input, error } = FIELDS[field];
  const p = $(error);
  p.textContent = text || '';
  p.hidden = !text;
  if (text) $(input).setAttribute('aria-invalid', 'true');
  else $(input).removeAttribute('aria-invalid');
}
const clearFieldErrors = () => Object.keys(FIELDS).forEach((f) => setFieldError(f, ''));

/** Shows the API's refusal under its field (true), or says nothing (false) when it names none of ours. */
function showFieldError(err) {
  if (!err || err.status !== 400 || !FIELDS[err.field]) return false;
  setFieldError(err.field, err.message);
  return true;
}

/* ---------- the live count and the preview ---------- */

function showPreview(preview) {
  const box = $('#vista');
  box.hidden = !preview;
  if (!preview) {
    $('#vista-para').textContent = 'Escriba el asunto y el mensaje para ver cómo lo recibirá la primera persona de la lista.';
    return;
  }
  $('#vista-para').textContent = `Así lo recibirá ${preview.to} (su enlace personal se muestra abreviado):`;
  $('#vista-asunto').textContent = preview.subject;
  $('#vista-cuerpo').textContent = preview.body;
}

function showCount(n) {
  $('#cuantos').textContent = n === 0
    ? 'Nadie recibiría este mensaje con estos filtros.'
    : `Lo ${n === 1 ? 'recibirá' : 'recibirán'} ${people(n)}.`;
}

/** Asks for a dry run now; resolves to the number of recipients, or null when refused. */
async function count() {
  const seq = ++countSeq;
  try {
    const { body } = await post(withQuery(path('editions', slug, 'messages'), { dry_run: 1 }), message());
    if (seq !== countSeq) return body.recipients;
    clearFieldErrors();
    showCount(body.recipients);
    showPreview(body.preview || null);
    return body.recipients;
  } catch (err) {
    if (seq !== countSeq) return null;
    if (showFieldError(err)) {
      $('#cuantos').textContent = 'Corrija el texto marcado para ver a cuántas personas llegará.';
      showPreview(null);
    } else failed(err, $('#cuantos'), 'No se pudo contar a los destinatarios. ');
    return null;
  }
}

function countSoon() {
  clearTimeout(countTimer);
  closeConfirm();
  countTimer = setTimeout(count, COUNT_DELAY_MS);
}

/* ---------- placeholders ---------- */

function insertPlaceholder(text) {
  const field = lastTextField || $('#f-cuerpo');
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  field.setRangeText(text, start, end, 'end');
  field.focus();
  countSoon();
}

/* ---------- sending ---------- */

let working = false; // not `disabled`: a disabled button would drop the keyboard focus
async function run(button, task) {
  if (working) return;
  working = true;
  button.setAttribute('aria-disabled', 'true');
  try { await task(); } finally {
    working = false;
    button.removeAttribute('aria-disabled');
  }
}

const sendButton = $('#enviar');
const confirmBox = $('#enviar-confirmar');
let confirmedCount = 0;

function closeConfirm() {
  confirmBox.hidden = true;
  sendButton.setAttribute('aria-expanded', 'false');
}

/** The texts are there; otherwise says which is missing and puts the focus on it. */
function textsPresent() {
  const m = message();
  for (const [field, name] of [['subject', 'el asunto'], ['body', 'el mensaje']]) {
    if (m[field]) continue;
    setFieldError(field, `Escriba ${name}.`);
    $(FIELDS[field].input).focus();
    return false;
  }
  return true;
}

sendButton.addEventListener('click', () => run(sendButton, async () => {
  announce(out, '');
  clearTimeout(countTimer);
  if (!textsPresent()) return;
  const n = await count();
  if (n === null) {
    const field = Object.keys(FIELDS).find((f) => !$(FIELDS[f].error).hidden);
    if (field) $(FIELDS[field].input).focus();
    return;
  }
  if (n === 0) { announce(out, 'Nadie recibiría este mensaje: cambie los filtros.', 'error'); return; }
  confirmedCount = n;
  $('#enviar-pregunta').textContent = `¿Enviar «${message().subject}» a ${people(n)}? Cada una lo recibirá por correo con sus datos; no se puede deshacer.`;
  $('#enviar-si').textContent = `Enviar a ${people(n)}`;
  confirmBox.hidden = false;
  sendButton.setAttribute('aria-expanded', 'true');
  $('#enviar-pregunta').focus();
}));

$('#enviar-no').addEventListener('click', () => { closeConfirm(); sendButton.focus(); });
confirmBox.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { closeConfirm(); sendButton.focus(); } });

$('#enviar-si').addEventListener('click', (ev) => run(ev.currentTarget, async () => {
  announce(out, `Enviando a ${people(confirmedCount)}…`);
  try {
    const { body } = await post(path('editions', slug, 'messages'), message());
    closeConfirm();
    $('#f-asunto').value = '';
    $('#f-cuerpo').value = '';
    showPreview(null);
    announce(out, `Mensaje en cola para ${people(body.queued)}: el servidor de correo lo entregará en los próximos minutos.`, 'ok');
    sendButton.focus();
    await loadLog();
  } catch (err) {
    closeConfirm();
    if (showFieldError(err)) { announce(out, 'No se envió: corrija el texto marcado.', 'error'); $(FIELDS[err.field].input).focus(); return; }
    failed(err, out, 'No se envió el mensaje. ');
  }
}));

/* ---------- the log ---------- */

function describeFilters(f = {}) {
  const parts = [
    f.status ? label(REGISTRATION_STATUS, f.status) : 'Confirmadas y en lista de espera',
    f.type ? label(ATTENDEE_TYPE, f.type) : null,
    f.language ? label(REGISTRATION_LANGUAGE, f.language) : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

function logItem(m) {
  const who = m.sent_by ? m.sent_by.name : 'línea de comandos';
  return h('li', { class: 'messages-log-item' },
    h('p', { class: 'messages-log-subject' }, m.subject),
    h('p', { class: 'messages-log-meta' },
      `${formatDateTime(m.sent_at, edition.timezone)} · ${people(m.recipients)} · ${describeFilters(m.filters)} · por ${who}`));
}

async function loadLog() {
  const region = $('#registro-estado');
  try {
    const { body } = await get(withQuery(path('editions', slug, 'messages'), { limit: 100 }));
    replace($('#registro-lista'), body.items.map(logItem));
    region.textContent = body.total === 0 ? 'Todavía no se envió ningún mensaje.'
      : `${formatNumber(body.total)} ${body.total === 1 ? 'mensaje enviado' : 'mensajes enviados'}${body.total > body.items.length ? ` (se muestran los ${body.items.length} más recientes)` : ''}.`;
  } catch (err) {
    failed(err, region, 'No se pudo cargar la lista de mensajes enviados. ');
  }
  $('#registro').hidden = false;
}

/* ---------- start ---------- */

function setUp() {
  const name = editionName(edition);
  setTitle(`Mensajes · ${name}`);
  $('#titulo').textContent = `Mensajes · ${name}`;
  $('#miga-edicion').textContent = name;
  $('#f-estado').append(...Object.keys(REGISTRATION_STATUS).map((s) => h('option', { value: s }, `Solo: ${label(REGISTRATION_STATUS, s)}`)));
  replace($('#f-tipo'), h('option', { value: '' }, 'Todos los tipos'),
    ALL_ATTENDEE_TYPES.map((t) => h('option', { value: t }, label(ATTENDEE_TYPE, t))));
  replace($('#f-idioma'), h('option', { value: '' }, 'Todos los idiomas'),
    Object.keys(REGISTRATION_LANGUAGE).map((l) => h('option', { value: l }, label(REGISTRATION_LANGUAGE, l))));
  replace($('#marcadores'), PLACEHOLDERS.map(([text, name]) => h('button', {
    type: 'button', class: 'button button-small', 'aria-label': `Insertar ${name} ${text}`, onclick: () => insertPlaceholder(text),
  }, text)));
  for (const sel of ['#f-asunto', '#f-cuerpo']) $(sel).addEventListener('focus', (ev) => { lastTextField = ev.target; });
  form.addEventListener('input', countSoon);
  form.addEventListener('change', countSoon);
  form.addEventListener('submit', (ev) => ev.preventDefault());
  showPreview(null);
}

async function start() {
  const user = await startSession(status);
  if (!user) return;
  if (!CAN_SEND.has(user.role)) {
    announce(status, '');
    showProblem($('#problema'), { title: 'Solo para organizadores', message: 'Los mensajes a las personas inscritas los envía el equipo organizador.' });
    return;
  }
  if (!slug) {
    announce(status, '');
    showProblem($('#problema'), { title: 'Falta la edición', message: 'Abra esta página desde la lista de ediciones.' });
    return;
  }
  announce(status, 'Cargando…');
  try {
    edition = await getEdition(slug);
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? 'Edición no encontrada' : 'No se pudo cargar la página',
      message: describeError(err), retry: err.status === 404 ? null : () => location.reload(),
    });
    return;
  }
  setUp();
  form.hidden = false;
  announce(status, '');
  await Promise.all([count(), loadLog()]);
}

start();
