// checkin-api.js — what the door pages share: the API calls of "Badges and check-in" (the badge
// key, the roster, check-ins, the feed, the live counts), the default edition of the door, and
// the addresses of the door pages (from address.js). Used by checkin.js (scanner),
// admin-door.js (dashboard), admin-badges.js (print sheets) and admin.js.
import { get, path, post, withQuery } from './api.js';
import { adminPage, scannerPage } from './address.js';

/** The door pages of an edition, at the addresses the server gives them. */
export const doorPages = {
  scanner: scannerPage,
  dashboard: (slug) => adminPage(slug, 'puerta'),
  badges: (slug) => adminPage(slug, 'credenciales'),
};

/**
 * The edition a door works for: `wanted` when it is in the list, else the one taking
 * registrations, else the one running today, else the next to come, else the newest.
 */
export function defaultEdition(editions, wanted = '', todayDate = new Date().toISOString().slice(0, 10)) {
  const list = editions || [];
  return list.find((e) => e.slug === wanted)
    || list.find((e) => e.status === 'open')
    || list.find((e) => e.starts_on <= todayDate && todayDate <= e.ends_on)
    || [...list].filter((e) => e.starts_on > todayDate).sort((a, b) => a.starts_on.localeCompare(b.starts_on))[0]
    || [...list].sort((a, b) => b.starts_on.localeCompare(a.starts_on))[0]
    || null;
}

const edition = (slug, ...rest) => path('editions', slug, ...rest);
const body = (p) => p.then((r) => r.body);

export const listEditions = () => body(get('/editions?limit=500')).then((b) => (b && b.items) || []);
export const getEdition = (slug) => body(get(edition(slug)));
/** {alg: "Ed25519", key_id, public_key (base64url), edition_id} — public. */
export const badgeKey = (slug) => body(get(edition(slug, 'badge-key')));
/** {edition_id, items: [{id, code, full_name, organization, attendee_type, status, revision, checked_in}]} */
export const roster = (slug) => body(get(edition(slug, 'roster')));
/** {confirmed, checked_in, by_type, by_hour, by_session: [{id, title, checked_in}]} */
export const checkinStats = (slug) => body(get(edition(slug, 'checkins', 'stats')));
/** The programme's sessions (public), for the session door selector. */
export const sessions = (slug) => body(get(edition(slug, 'sessions'))).then((b) => (b && b.items) || []);
/** POST a scan: {token} or {code}, with client_id, scanned_at, device, session_id. */
export const checkIn = (slug, scan) => body(post(edition(slug, 'checkins'), scan));

/**
 * The feed after `since` (ok and already_checked_in scans, oldest first), every page of it:
 * → {items: [{id, code, full_name, at, device, result, session_id}], next}.
 */
export async function feedSince(slug, since = 0, { limit = 500 } = {}) {
  const items = [];
  let next = since;
  for (;;) {
    const page = await body(get(withQuery(edition(slug, 'checkins'), { since: next, limit })));
    items.push(...page.items);
    next = page.next;
    if (page.items.length < limit) return { items, next };
  }
}

/** checked_in of confirmed as a whole percentage (0 when nobody is confirmed). */
export const percent = (checkedIn, confirmed) => (confirmed > 0 ? Math.min(100, Math.round((checkedIn * 100) / confirmed)) : 0);

/** Folds case and accents for searching: "Núñez" → "nunez". */
export const fold = (s) => String(s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
