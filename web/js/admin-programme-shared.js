// admin-programme-shared.js — what the modules of the organizers' programme page
// (/admin/e/{slug}/programa) share: the page's data and hooks (`prog`), labelled fields, the
// edition-zone clock (days of the edition, 24-hour "HH:MM" times), the sentences for a 409
// schedule_conflict, an inline "¿Seguro?" box, the fields of a person, and the photo upload
// (api.js only sends JSON bodies, so the image bytes go through fetch here, with the same errors).
import { $, h, replace } from './dom.js';
import { API, ApiError, path } from './api.js';
import { formatTimeRange, localParts } from './format.js';
import { suggestOrganizations } from './registration-form.js';
import { failed } from './admin-session.js';
import { t } from './i18n.js';

/**
 * The page's data, loaded by admin-programme.js, and the hooks the modules call:
 * refresh() reloads everything and redraws; openSession(id, opener) and openPerson(id, opener)
 * open the editors (id null = a new session).
 */
export const prog = {
  slug: '',
  base: '',
  edition: null,
  rooms: [],
  sessions: [],
  people: [],
  refresh: async () => {},
  openSession: () => {},
  openPerson: () => {},
};

/** The edition's IANA zone (for instants written in UTC). */
export const zone = () => (prog.edition && prog.edition.timezone) || 'America/Guayaquil';

/* ---------- fields ---------- */

const hintId = (id) => `${id}-ayuda`;

/**
 * One labelled control named `name` with id `${prefix}-${name}`: an <input> (type, default
 * text), a <textarea> (textarea: true) or a <select> (options: [[value, text], …]).
 * optional: true adds "(opcional)" to the label; hint goes under it, tied by aria-describedby.
 */
export function field(prefix, name, text, { value = '', type = 'text', textarea = false, options = null, hint = '',
  optional = false, rows = 4, attrs = {} } = {}) {
  const id = `${prefix}-${name}`;
  const common = { id, name, 'aria-describedby': hint ? hintId(id) : null, ...attrs };
  let control;
  if (options) {
    control = h('select', common, options.map(([v, text]) => h('option', { value: v }, text)));
  } else if (textarea) {
    control = h('textarea', { rows, ...common });
  } else {
    control = h('input', { type, autocomplete: 'off', ...common });
  }
  control.value = value ?? '';
  return h('div', { class: 'field' },
    h('label', { for: id }, text, optional ? h('span', { class: 'optional' }, t('staff.programme.optional')) : null),
    hint ? h('p', { class: 'hint', id: hintId(id) }, hint) : null,
    control);
}

export const RICHTEXT_HINT = t('staff.programme.richtext_hint');

/* ---------- the edition's clock ---------- */

/** An API instant → "2025-11-20T09:00", the wall clock in the edition's zone (as the API takes it back). */
export function toLocalInput(iso) {
  const { date, time } = localParts(iso, zone());
  return date ? `${date}T${time}` : '';
}

/** "2025-11-20T09:00" plus minutes → the same format (wall-clock arithmetic, no zone). */
export function addMinutes(local, minutes) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || '');
  if (!m) return '';
  const d = new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5] + minutes));
  return d.toISOString().slice(0, 16);
}

export { formatClock, parseClock } from './format.js'; // 24-hour clock times, shared with the edition form

/** The attributes of a 24-hour time field: a text box (never the locale's AM/PM clock) with digits. */
export const CLOCK_ATTRS = { inputmode: 'numeric', maxlength: 5, pattern: '([01]?[0-9]|2[0-3])[:.h]?[0-5][0-9]', spellcheck: 'false' };

/** "YYYY-MM-DD" of every day of the edition, first to last (at most a year of them). */
export function editionDays() {
  const days = [];
  const first = Date.parse(`${prog.edition.starts_on}T00:00Z`);
  const last = Date.parse(`${prog.edition.ends_on}T00:00Z`);
  for (let at = first; at <= last && days.length < 366; at += 86400000) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** "09:30–11:30" in the edition's zone. */
export const timeRange = (s) => formatTimeRange(s.starts_at, s.ends_at, zone());

/* ---------- schedule conflicts ---------- */

/**
 * One conflict of a 409 schedule_conflict as a sentence:
 * room → "Choca con «Panel uno» (09:00–10:30, Sala Amazonía)."
 * person → "Ana Guamán ya está en «Panel uno» a esa hora (09:00–10:30, Sala Amazonía)."
 */
export function conflictText(c) {
  const when = [c.starts_at && c.ends_at ? formatTimeRange(c.starts_at, c.ends_at, zone()) : '', c.room]
    .filter(Boolean).join(', ');
  const vars = { person: c.person || t('staff.programme.clash.someone'), title: c.title, when };
  if (c.reason === 'person') return when ? t('staff.programme.clash.person_when', vars) : t('staff.programme.clash.person', vars);
  return when ? t('staff.programme.clash.room_when', vars) : t('staff.programme.clash.room', vars);
}

/**
 * An empty box (role="alert") for the conflicts of a form; show(err) fills it when err is a
 * schedule_conflict, puts the focus on it (the refused form's button may have been disabled
 * meanwhile, which would leave the focus on <body>) and returns true; clear() empties it.
 */
export function conflictBox(id) {
  const box = h('div', { id, class: 'conflict-box', role: 'alert', tabindex: '-1', hidden: true });
  return {
    el: box,
    clear() { box.hidden = true; box.replaceChildren(); },
    show(err) {
      const list = err && err.code === 'schedule_conflict' && err.body && Array.isArray(err.body.conflicts)
        ? err.body.conflicts : null;
      if (!list) return false;
      replace(box,
        h('p', { class: 'conflict-title' }, t('staff.programme.clash.not_saved')),
        list.length ? h('ul', {}, list.map((c) => h('li', {}, conflictText(c)))) : h('p', {}, err.message));
      box.hidden = false;
      box.focus();
      return true;
    },
  };
}

/* ---------- "¿Seguro?" ---------- */

/**
 * Shows, inside `host`, a question with a red confirm button and "Cancelar"; the question takes
 * the focus. onConfirm() runs on confirmation (its errors go to the box); onCancel() after
 * "Cancelar" or Escape. Returns the box.
 */
export function confirmBox(host, { question, detail = '', confirm, onConfirm, onCancel }) {
  const status = h('p', { class: 'status', role: 'alert' });
  const q = h('p', { class: 'confirm-question', tabindex: '-1' }, question);
  const cancel = () => { box.remove(); if (onCancel) onCancel(); };
  const yes = h('button', { type: 'button', class: 'button button-danger-solid button-small' }, confirm);
  const box = h('div', { class: 'confirm-box', onkeydown: (ev) => { if (ev.key === 'Escape') { ev.stopPropagation(); cancel(); } } },
    q, detail ? h('p', {}, detail) : null, status,
    h('div', { class: 'form-actions' }, yes,
      h('button', { type: 'button', class: 'button button-small', onclick: cancel }, t('staff.programme.cancel'))));
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await onConfirm();
    } catch (err) {
      failed(err, status, t('staff.programme.confirm_failed'));
      yes.disabled = false;
    }
  });
  host.append(box);
  q.focus();
  return box;
}

/* ---------- people ---------- */

/** The editable fields of a person, in form order. */
export const PERSON_NAMES = ['honorific', 'name', 'position', 'organization', 'bio', 'email', 'phone'];

/** The fields of a person (new or `p`), ids `${prefix}-…`; the institution suggests known ones. */
export function personFields(prefix, p = {}) {
  const org = field(prefix, 'organization', t('staff.programme.person.organization'), {
    value: p.organization, optional: true, attrs: { maxlength: 200, autocomplete: 'organization' },
  });
  suggestOrganizations(org.querySelector('input'));
  return [
    h('div', { class: 'field-row field-row-name' },
      field(prefix, 'honorific', t('staff.programme.person.honorific'), {
        value: p.honorific, optional: true, hint: t('staff.programme.person.honorific_hint'), attrs: { maxlength: 40 },
      }),
      field(prefix, 'name', t('staff.programme.person.name'), { value: p.name, attrs: { maxlength: 200, required: true, autocapitalize: 'words' } })),
    h('div', { class: 'field-row' },
      field(prefix, 'position', t('staff.programme.person.position'), { value: p.position, optional: true, attrs: { maxlength: 200 } }),
      org),
    field(prefix, 'bio', t('staff.programme.person.bio'), { value: p.bio, textarea: true, optional: true, hint: RICHTEXT_HINT, rows: 5 }),
    h('div', { class: 'field-row' },
      field(prefix, 'email', t('staff.programme.person.email'), {
        value: p.email, type: 'email', optional: true, hint: t('staff.programme.person.email_hint'),
        attrs: { maxlength: 254, inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' },
      }),
      field(prefix, 'phone', t('staff.programme.person.phone'), {
        value: p.phone, type: 'tel', optional: true, hint: t('staff.programme.person.phone_hint'),
        attrs: { maxlength: 30, inputmode: 'tel' },
      })),
  ];
}

/** The photo endpoint of a person. */
export const photoPath = (id) => `${API}${path('people', String(id), 'photo')}`;

/**
 * PUT /people/{id}/photo with the file's bytes and its type (image/jpeg or image/png; the API
 * answers 415 for another, 413 past 2 MiB, 400 for bytes that are not that image). Resolves to
 * the person; throws an ApiError like api.js does.
 */
export async function putPhoto(id, file) {
  let res;
  try {
    res = await fetch(photoPath(id), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
      body: file,
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String((cause && cause.message) || cause) });
  }
  const data = await res.json().catch(() => null);
  if (res.ok) return data;
  const err = (data && data.error) || {};
  throw new ApiError({
    status: res.status, code: err.code || `http_${res.status}`, message: err.message || res.statusText,
    field: err.field || null, body: data,
  });
}

/** Puts the focus back on the element matching `selector` (after a redraw), else on `fallback`. */
export function refocus(selector, fallback) {
  const el = selector ? $(selector) : null;
  const target = el && !el.disabled ? el : fallback;
  if (target && target.isConnected) target.focus();
}
