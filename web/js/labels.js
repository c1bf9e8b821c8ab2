// labels.js — words for the API's codes (session kinds, participant roles, edition statuses,
// user roles, attendee types, registration statuses, messages), kept in one place so every page
// says the same thing. Every table comes from the catalogue in the page's language (i18n.js):
// what attendees and speakers read from "js.<table>", the tables only staff pages use from
// "js.staff.labels.<table>", which public pages do not receive (there those tables are empty).
import { t, table } from './i18n.js';

export const KIND = table('kind');

export const PARTICIPANT_ROLE = table('participant_role');

/** Status names as organizers choose them in the edition form. */
export const EDITION_STATUS = table('edition_status');

/** Status as the public reads it on a badge. */
export const EDITION_BADGE = table('edition_badge');

/** Account roles (staff pages). */
export const USER_ROLE = table('staff.labels.user_role');

/** How a person takes part; the first six are the public choices, the rest organizers set. */
export const ATTENDEE_TYPE = table('attendee_type');
export const PUBLIC_ATTENDEE_TYPES = ['authority', 'official', 'cooperation', 'academia', 'civil_society', 'press'];
export const ALL_ATTENDEE_TYPES = Object.keys(ATTENDEE_TYPE);

export const REGISTRATION_STATUS = table('registration_status');

/** A registration's status as a sentence fragment: "En lista de espera (puesto 3)". */
export function registrationStatus(r) {
  const text = label(REGISTRATION_STATUS, r.status);
  return r.status === 'waitlisted' && r.waitlist_position
    ? t('registration_status_position', { status: text, position: r.waitlist_position }) : text;
}

/** Columns the organizers' list can be sorted by, in the order offered. */
export const REGISTRATION_SORT = table('staff.labels.registration_sort');

/** Kinds of e-mail in the outbox ("registration.confirmed", "edition.message", …). */
export const MESSAGE_KIND = table('staff.labels.message_kind');

/** The languages a registration's e-mails can be in. */
export const REGISTRATION_LANGUAGE = table('registration_language');

/** Looks a code up in one of the tables above, falling back to the code itself. */
export const label = (names, code) => names[code] || String(code ?? '');

/** "Diálogo 1", "Taller", ... — the kind with its number when it has one. */
export const sessionLabel = (s) => (s.number ? `${label(KIND, s.kind)} ${s.number}` : label(KIND, s.kind));

/** An edition's display name: its short title ("Latacunga 2024") or its full title. */
export const editionName = (e) => e.short_title || e.title || e.slug;

/* ---------- programme: people's names (edition.js, admin-programme*.js) ---------- */

/** A person's name as printed: with the honorific when there is one ("Dra. Ana Guamán"). */
export const personName = (p) => [p.honorific, p.name].filter(Boolean).join(' ');

/** Up to two initials (first and last word) for a photo placeholder: "Julio César Benítez" → "JB". */
export function initials(name) {
  const words = String(name ?? '').trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return '';
  const first = (w) => w.match(/\p{L}/u)[0];
  const letters = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : first(words[0]);
  return letters.toLocaleUpperCase('es-EC');
}

/* ---------- memoria: proceedings items (proceedings.js, admin-proceedings.js) ---------- */

/** One item of the memoria by its kind: "Conclusión 3". */
export const PROCEEDINGS_KIND = table('proceedings_kind');

/** The memoria's section of each kind. */
export const PROCEEDINGS_SECTION = table('proceedings_section');

/** An item's heading as printed in the memoria: "3. Título" ("Título" when it has no number). */
export const proceedingsHeading = (item) => (item.number ? `${item.number}. ${item.title}` : item.title);

/* ---------- door: check-in (checkin*.js) ---------- */

/**
 * Why the door turns a badge away: {title, text} for the red screen. `text` may use {name} and
 * {code}. The offline ones say what the device could not check.
 */
export const DOOR_REFUSAL = (() => {
  const out = {};
  for (const [key, text] of Object.entries(table('staff.labels.door_refusal'))) {
    const [reason, part] = key.split('.'); // "cancelled.text"
    out[reason] = { ...out[reason], [part]: text };
  }
  return out;
})();
