// admin-programme-sessions.js — the sessions of the organizers' programme page: the list by
// day, and the editor panel that creates (POST /editions/{slug}/sessions) or edits
// (PATCH /sessions/{id}) a session — kind, number, title, objective, the day and the start and
// end as 24-hour "HH:MM" text in the edition's zone (sent as "YYYY-MM-DDTHH:MM", without offset;
// a new complete start moves the end and keeps the length), room — shows a 409
// schedule_conflict next to the form with the focus on it, deletes it (DELETE /sessions/{id}),
// and holds the session's participants (admin-programme-participants.js).
import { $, h, replace } from './dom.js';
import { patch, post, del, path } from './api.js';
import { byDay, formatDay } from './format.js';
import { KIND, label, personName, sessionLabel } from './labels.js';
import { announce } from './page.js';
import { busy, clearFieldErrors } from './forms.js';
import { missing, showApiError, showProblems } from './registration-form.js';
import {
  CLOCK_ATTRS, RICHTEXT_HINT, addMinutes, confirmBox, conflictBox, editionDays, field, formatClock, parseClock,
  prog, refocus, timeRange, toLocalInput, zone,
} from './admin-programme-shared.js';
import { failed } from './admin-session.js';
import { participantsManager } from './admin-programme-participants.js';
import { t } from './i18n.js';

const panel = $('#editor-sesion');
const heading = $('#editor-sesion-titulo');
const body = $('#editor-sesion-cuerpo');
const listStatus = $('#sesiones-estado');

/** "Diálogo 1 · Título" or just the title. */
export const sessionHeading = (s) => (s.number ? `${sessionLabel(s)} · ${s.title}` : s.title);

/** The session being edited (null for a new one) and what opened the panel. */
let current = null;
let opener = null;
let manager = null;

/* ---------- the list ---------- */

function sessionItem(s) {
  const people = s.participants || [];
  const actions = h('div', { class: 'as-actions' },
    h('button', { type: 'button', class: 'button button-small', 'data-edit': s.id, onclick: (ev) => openSession(s.id, ev.currentTarget) },
      t('staff.programme.edit'), h('span', { class: 'visually-hidden' }, t('staff.programme.quoted_hidden', { text: s.title }))),
    h('button', {
      type: 'button', class: 'button button-small button-danger', 'data-delete': s.id,
      onclick: (ev) => askDelete(s, ev.currentTarget.closest('li'), ev.currentTarget),
    }, t('staff.programme.delete'), h('span', { class: 'visually-hidden' }, t('staff.programme.quoted_hidden', { text: s.title }))));
  return h('li', { class: `admin-session as-kind-${s.kind}`, id: `sesion-admin-${s.id}` },
    h('p', { class: 'as-when' }, timeRange(s)),
    h('div', { class: 'as-body' },
      h('p', { class: 'as-meta' }, h('span', { class: 'kind' }, label(KIND, s.kind)), ' ',
        h('span', { class: 'as-room' }, s.room ? s.room.name : t('staff.programme.no_room'))),
      h('h4', { class: 'as-title' }, sessionHeading(s)),
      h('p', { class: 'as-people' }, people.length
        ? (people.length === 1 ? t('staff.programme.session.people.one', { names: people.map(personName).join(', ') })
          : t('staff.programme.session.people.other', { n: people.length, names: people.map(personName).join(', ') }))
        : t('staff.programme.session.no_people'))),
    actions);
}

/** Draws the sessions by day into #sesiones-lista. */
export function renderSessions() {
  const days = byDay(prog.sessions, zone());
  announce(listStatus, prog.sessions.length
    ? (prog.sessions.length === 1 ? t('staff.programme.session.count.one') : t('staff.programme.session.count.other', { n: prog.sessions.length }))
    : t('staff.programme.session.none'));
  replace($('#sesiones-lista'), [...days].map(([day, list]) => h('section', { class: 'day', 'aria-labelledby': `dia-admin-${day}` },
    h('h3', { class: 'day-title', id: `dia-admin-${day}` }, formatDay(day)),
    h('ol', { class: 'admin-sessions' }, list.map(sessionItem)))));
}

function askDelete(s, host, button) {
  if (host.querySelector('.confirm-box')) return;
  const actions = host.querySelector('.as-actions');
  if (actions) actions.hidden = true;
  confirmBox(host, {
    question: t('staff.programme.session.delete_question', { title: s.title }),
    detail: t('staff.programme.session.delete_detail'),
    confirm: t('staff.programme.session.delete_confirm'),
    onCancel: () => { if (actions) actions.hidden = false; button.focus(); },
    async onConfirm() {
      await del(path('sessions', String(s.id)));
      if (current && current.id === s.id) closeEditor(false);
      await prog.refresh();
      announce(listStatus, t('staff.programme.session.deleted', { title: s.title }), 'ok');
      refocus(null, $('#sesion-nueva'));
    },
  });
}

/* ---------- the editor ---------- */

const SESSION_NAMES = ['kind', 'number', 'title', 'objective', 'starts_at', 'ends_at', 'room_id'];
const TIME_HINT = t('staff.programme.session.time_hint');
const BAD_TIME = t('staff.programme.session.bad_time');

function roomOptions() {
  return [['', t('staff.programme.no_room')], ...prog.rooms.map((r) => [String(r.id), r.name])];
}

/** "2025-11-20" and "9:30" → "2025-11-20T09:30"; "" when the time is not a complete one. */
const atDay = (day, text) => {
  const minutes = parseClock(text);
  return day && minutes !== null ? `${day}T${formatClock(minutes)}` : '';
};

/** The form's values as the API takes them ("" number/room → null; start and end on the chosen day). */
function readForm(form) {
  const v = {};
  for (const n of [...SESSION_NAMES, 'day']) v[n] = String(form.elements[n].value ?? '').trim();
  return {
    kind: v.kind,
    number: v.number === '' ? null : Number(v.number),
    title: v.title,
    objective: v.objective,
    starts_at: atDay(v.day, v.starts_at),
    ends_at: atDay(v.day, v.ends_at),
    room_id: v.room_id === '' ? null : Number(v.room_id),
  };
}

/** A session as the form shows it, to compare with what the form holds. */
function asForm(s) {
  return {
    kind: s.kind, number: s.number ?? null, title: s.title, objective: s.objective || '',
    starts_at: toLocalInput(s.starts_at), ends_at: toLocalInput(s.ends_at), room_id: s.room ? s.room.id : null,
  };
}

function defaults() {
  const last = [...prog.sessions].sort((a, b) => Date.parse(b.ends_at) - Date.parse(a.ends_at))[0];
  const start = last ? toLocalInput(last.ends_at) : `${prog.edition.starts_on}T09:00`;
  return { kind: 'dialogue', number: null, title: '', objective: '', starts_at: start, ends_at: addMinutes(start, 90), room_id: null };
}

/** The day choices: the edition's days, and the session's own day if it lies outside them. */
function dayOptions(day) {
  const days = editionDays();
  if (day && !days.includes(day)) days.push(day);
  return days.sort().map((d) => [d, formatDay(d)]);
}

/**
 * Keeps the session's length while the start is typed: the end moves only when the start is a
 * complete time ("10:00", not "1" or "10:"), to that time plus the length the session had; a
 * complete end typed after a complete start sets the length the next start keeps.
 */
function keepLength(startInput, endInput) {
  const minutes = () => [parseClock(startInput.value), parseClock(endInput.value)];
  const [a, b] = minutes();
  let length = a !== null && b !== null && b > a ? b - a : 90;
  startInput.addEventListener('input', () => {
    const [start] = minutes();
    if (start !== null) endInput.value = formatClock(start + length);
  });
  endInput.addEventListener('input', () => {
    const [start, end] = minutes();
    if (start !== null && end !== null && end > start) length = end - start;
  });
  for (const input of [startInput, endInput]) {
    input.addEventListener('change', () => { // "9.30" or "0930" reads back as "09:30"
      const m = parseClock(input.value);
      if (m !== null) input.value = formatClock(m);
    });
  }
}

function sessionForm(s) {
  const v = s ? asForm(s) : defaults();
  const status = h('p', { class: 'status', role: 'alert', id: 'sesion-estado' });
  const conflicts = conflictBox('sesion-choques');
  const day = v.starts_at.slice(0, 10); // "2025-11-20T09:00": the day, then the clock time
  const clock = (value) => ({ value, type: 'text', hint: TIME_HINT, attrs: { ...CLOCK_ATTRS, required: true } });
  const form = h('form', { class: 'form session-form', id: 'sesion-form', novalidate: true },
    h('div', { class: 'field-row' },
      field('s', 'kind', t('staff.programme.session.kind'), { value: v.kind, options: Object.entries(KIND) }),
      field('s', 'number', t('staff.programme.session.number'), {
        value: v.number ?? '', type: 'number', optional: true, hint: t('staff.programme.session.number_hint'),
        attrs: { min: 1, step: 1, inputmode: 'numeric' },
      })),
    field('s', 'title', t('staff.programme.session.title'), { value: v.title, attrs: { maxlength: 300, required: true } }),
    field('s', 'objective', t('staff.programme.session.objective'), { value: v.objective, textarea: true, optional: true, hint: RICHTEXT_HINT }),
    h('div', { class: 'field-row field-row-when' },
      field('s', 'day', t('staff.programme.session.day'), { value: day, options: dayOptions(day), hint: t('staff.programme.session.day_hint') }),
      field('s', 'starts_at', t('staff.programme.session.start'), clock(v.starts_at.slice(11, 16))),
      field('s', 'ends_at', t('staff.programme.session.end'), clock(v.ends_at.slice(11, 16)))),
    field('s', 'room_id', t('staff.programme.session.room'), {
      value: v.room_id == null ? '' : String(v.room_id), options: roomOptions(),
      hint: prog.rooms.length ? '' : t('staff.programme.session.room_hint_none'),
    }),
    status,
    conflicts.el,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, s ? t('staff.programme.save_changes') : t('staff.programme.session.create')),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => closeEditor() }, s ? t('staff.programme.close') : t('staff.programme.cancel'))));

  keepLength(form.elements.starts_at, form.elements.ends_at);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    conflicts.clear();
    announce(status, '');
    const problems = missing(form, ['title', 'starts_at', 'ends_at'], {
      title: t('staff.programme.session.title_missing'),
      starts_at: t('staff.programme.session.start_missing'),
      ends_at: t('staff.programme.session.end_missing'),
    });
    const data = readForm(form);
    if (data.number !== null && !(Number.isInteger(data.number) && data.number > 0)) {
      problems.push({ field: 'number', message: t('staff.programme.whole_number') });
    }
    for (const name of ['starts_at', 'ends_at']) {
      if (!data[name] && form.elements[name].value.trim() && !problems.some((p) => p.field === name)) {
        problems.push({ field: name, message: BAD_TIME });
      }
    }
    if (data.starts_at && data.ends_at && data.ends_at <= data.starts_at) {
      problems.push({ field: 'ends_at', message: t('staff.programme.session.end_before_start') });
    }
    if (problems.length) { showProblems(form, status, problems); return; }
    let send = data;
    if (s) {
      const before = asForm(s);
      send = {};
      for (const k of SESSION_NAMES) if (data[k] !== before[k]) send[k] = data[k];
      if (!Object.keys(send).length) { announce(status, t('staff.programme.no_changes')); return; }
    }
    try {
      const { body: saved } = await busy(form, s
        ? patch(path('sessions', String(s.id)), send)
        : post(`${prog.base}/sessions`, send));
      await prog.refresh();
      const fresh = prog.sessions.find((x) => x.id === saved.id) || saved;
      showEditor(fresh);
      heading.focus();
      announce($('#sesion-estado'), s
        ? t('staff.programme.changes_saved')
        : t('staff.programme.session.created', { title: fresh.title }), 'ok');
    } catch (err) {
      if (err.status === 401) { failed(err, status); return; }
      if (conflicts.show(err)) return; // the message has the focus
      showApiError(form, status, err, t('staff.programme.not_saved'));
    }
  });
  return form;
}

function showEditor(s) {
  current = s || null;
  heading.textContent = s ? t('staff.programme.session.edit_heading', { title: sessionHeading(s) }) : t('staff.programme.session.new');
  const parts = [sessionForm(s)];
  manager = null;
  if (s) {
    manager = participantsManager(s);
    parts.push(manager.el);
    parts.push(h('div', { class: 'danger-zone-inline' },
      h('button', {
        type: 'button', class: 'button button-danger button-small', id: 'sesion-eliminar',
        onclick: (ev) => askDelete(s, ev.currentTarget.parentElement, ev.currentTarget),
      }, t('staff.programme.session.delete_this'))));
  }
  replace(body, parts);
  panel.hidden = false;
}

/** Opens the editor for session `id` (null: a new one); the heading takes the focus. */
export function openSession(id, from = null) {
  opener = from;
  const s = id == null ? null : prog.sessions.find((x) => x.id === id);
  if (id != null && !s) { announce(listStatus, t('staff.programme.session.gone'), 'error'); return; }
  showEditor(s);
  panel.scrollIntoView({ block: 'start' });
  heading.focus();
}

/** Closes the editor; the focus goes back to what opened it when it still exists. */
export function closeEditor(restore = true) {
  panel.hidden = true;
  const wasId = current && current.id;
  current = null;
  manager = null;
  replace(body);
  if (!restore) return;
  const again = opener && opener.isConnected ? opener
    : (wasId ? $(`#sesiones-lista button[data-edit="${wasId}"]`) : null);
  (again || $('#sesion-nueva')).focus();
}

/** After a reload: the open session's participants and heading follow the new data. */
export function syncEditor() {
  if (!current || panel.hidden) return;
  const fresh = prog.sessions.find((x) => x.id === current.id);
  if (!fresh) { closeEditor(false); return; }
  current = fresh;
  heading.textContent = t('staff.programme.session.edit_heading', { title: sessionHeading(fresh) });
  if (manager) manager.update(fresh);
}

/** Wires the "Nueva sesión" and "Cerrar" buttons and Escape. */
export function wireSessions() {
  $('#sesion-nueva').addEventListener('click', (ev) => openSession(null, ev.currentTarget));
  $('#editor-sesion-cerrar').addEventListener('click', () => closeEditor());
  panel.addEventListener('keydown', (ev) => {
    // Escape in a field belongs to the field (a search box clears itself); elsewhere it closes.
    if (ev.key !== 'Escape' || ev.defaultPrevented || ev.target.matches('input, textarea, select')) return;
    if (!ev.target.closest('.confirm-box, .pm-edit')) closeEditor();
  });
  prog.openSession = openSession;
}
