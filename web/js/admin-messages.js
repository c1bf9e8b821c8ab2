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
import { t } from './i18n.js';

const status = $('#estado');
const out = $('#enviar-estado');
const form = $('#mensaje');
const slug = adminSlug();
const CAN_SEND = new Set(['admin', 'organizer']);
const PLACEHOLDERS = [['{nombre}', t('staff.messages.placeholder_name')], ['{codigo}', t('staff.messages.placeholder_code')],
  ['{enlace}', t('staff.messages.placeholder_link')]];
const COUNT_DELAY_MS = 350;
const FIELDS = { subject: { input: '#f-asunto', error: '#f-asunto-error' }, body: { input: '#f-cuerpo', error: '#f-cuerpo-error' } };

let edition = null;
let lastTextField = null; // the subject or body field a placeholder button writes into
let countTimer = 0;
let countSeq = 0;         // only the answer to the latest dry run is shown

const people = (n) => (n === 1 ? t('staff.messages.people.one', { n: formatNumber(n) }) : t('staff.messages.people.other', { n: formatNumber(n) }));

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
    $('#vista-para').textContent = t('staff.messages.preview_empty');
    return;
  }
  $('#vista-para').textContent = t('staff.messages.preview_for', { name: preview.to });
  $('#vista-asunto').textContent = preview.subject;
  $('#vista-cuerpo').textContent = preview.body;
}

function showCount(n) {
  const vars = { n: formatNumber(n) };
  $('#cuantos').textContent = n === 0 ? t('staff.messages.count_none')
    : n === 1 ? t('staff.messages.count.one', vars) : t('staff.messages.count.other', vars);
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
      $('#cuantos').textContent = t('staff.messages.count_fix');
      showPreview(null);
    } else failed(err, $('#cuantos'), `${t('staff.messages.count_failed')} `);
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
  for (const [field, text] of [['subject', t('staff.messages.subject_missing')], ['body', t('staff.messages.body_missing')]]) {
    if (m[field]) continue;
    setFieldError(field, text);
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
  if (n === 0) { announce(out, t('staff.messages.nobody'), 'error'); return; }
  confirmedCount = n;
  $('#enviar-pregunta').textContent = t('staff.messages.confirm_question', { subject: message().subject, people: people(n) });
  $('#enviar-si').textContent = t('staff.messages.send_to', { people: people(n) });
  confirmBox.hidden = false;
  sendButton.setAttribute('aria-expanded', 'true');
  $('#enviar-pregunta').focus();
}));

$('#enviar-no').addEventListener('click', () => { closeConfirm(); sendButton.focus(); });
confirmBox.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { closeConfirm(); sendButton.focus(); } });

$('#enviar-si').addEventListener('click', (ev) => run(ev.currentTarget, async () => {
  announce(out, t('staff.messages.sending', { people: people(confirmedCount) }));
  try {
    const { body } = await post(path('editions', slug, 'messages'), message());
    closeConfirm();
    $('#f-asunto').value = '';
    $('#f-cuerpo').value = '';
    showPreview(null);
    announce(out, t('staff.messages.queued', { people: people(body.queued) }), 'ok');
    sendButton.focus();
    await loadLog();
  } catch (err) {
    closeConfirm();
    if (showFieldError(err)) { announce(out, t('staff.messages.not_sent_fix'), 'error'); $(FIELDS[err.field].input).focus(); return; }
    failed(err, out, `${t('staff.messages.not_sent')} `);
  }
}));

/* ---------- the log ---------- */

function describeFilters(f = {}) {
  const parts = [
    f.status ? label(REGISTRATION_STATUS, f.status) : t('staff.messages.status_default'),
    f.type ? label(ATTENDEE_TYPE, f.type) : null,
    f.language ? label(REGISTRATION_LANGUAGE, f.language) : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

function logItem(m) {
  const who = m.sent_by ? m.sent_by.name : t('staff.messages.command_line');
  return h('li', { class: 'messages-log-item' },
    h('p', { class: 'messages-log-subject' }, m.subject),
    h('p', { class: 'messages-log-meta' },
      t('staff.messages.log_meta', {
        date: formatDateTime(m.sent_at, edition.timezone), people: people(m.recipients), filters: describeFilters(m.filters), who,
      })));
}

async function loadLog() {
  const region = $('#registro-estado');
  try {
    const { body } = await get(withQuery(path('editions', slug, 'messages'), { limit: 100 }));
    replace($('#registro-lista'), body.items.map(logItem));
    const vars = { n: formatNumber(body.total), shown: body.items.length };
    if (body.total === 0) region.textContent = t('staff.messages.log_none');
    else if (body.total > body.items.length) region.textContent = t('staff.messages.log_count_recent', vars);
    else region.textContent = body.total === 1 ? t('staff.messages.log_count.one', vars) : t('staff.messages.log_count.other', vars);
  } catch (err) {
    failed(err, region, `${t('staff.messages.log_failed')} `);
  }
  $('#registro').hidden = false;
}

/* ---------- start ---------- */

function setUp() {
  const name = editionName(edition);
  setTitle(t('staff.messages.title_edition', { edition: name }));
  $('#titulo').textContent = t('staff.messages.title_edition', { edition: name });
  $('#miga-edicion').textContent = name;
  $('#f-estado').append(...Object.keys(REGISTRATION_STATUS).map((s) => h('option', { value: s }, t('staff.messages.status_only', { status: label(REGISTRATION_STATUS, s) }))));
  replace($('#f-tipo'), h('option', { value: '' }, t('staff.messages.type_all')),
    ALL_ATTENDEE_TYPES.map((type) => h('option', { value: type }, label(ATTENDEE_TYPE, type))));
  replace($('#f-idioma'), h('option', { value: '' }, t('staff.messages.language_all')),
    Object.keys(REGISTRATION_LANGUAGE).map((l) => h('option', { value: l }, label(REGISTRATION_LANGUAGE, l))));
  replace($('#marcadores'), PLACEHOLDERS.map(([text, name]) => h('button', {
    type: 'button', class: 'button button-small', 'aria-label': t('staff.messages.insert_placeholder', { name, placeholder: text }),
    onclick: () => insertPlaceholder(text),
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
    showProblem($('#problema'), { title: t('staff.messages.organizers_only'), message: t('staff.messages.organizers_only_why') });
    return;
  }
  if (!slug) {
    announce(status, '');
    showProblem($('#problema'), { title: t('staff.messages.no_edition'), message: t('staff.messages.no_edition_what') });
    return;
  }
  announce(status, t('staff.messages.loading'));
  try {
    edition = await getEdition(slug);
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? t('staff.messages.edition_not_found') : t('staff.messages.load_failed'),
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
