// address.js — the pages' own addresses: reading the edition out of the address of the page
// being shown (/e/{slug}/…, /admin/e/{slug}/… or ?e={slug}), and making the addresses of an
// edition's organizers' pages and of the door scanner, as the server's page routes give them.
import { withQuery } from './api.js';

/** The first group of pattern in pathname, percent-decoded; "" when it does not match or is badly escaped. */
export function pathPart(pattern, pathname = location.pathname) {
  const m = pattern.exec(pathname);
  try { return m ? decodeURIComponent(m[1]) : ''; } catch { return ''; }
}

/** The edition of an organizers' or door page: /admin/e/{slug}/… or ?e={slug}; "" when neither. */
export function adminSlug(loc = location) {
  return pathPart(/^\/admin\/e\/([^/]+)\//, loc.pathname) || new URLSearchParams(loc.search).get('e') || '';
}

/** An organizers' page of an edition; section: inscripciones, programa, credenciales, mensajes, puerta or memoria. */
export const adminPage = (slug, section) => `/admin/e/${encodeURIComponent(slug)}/${section}`;

/** The door scanner, for an edition when slug is given. */
export const scannerPage = (slug) => (slug ? withQuery('/checkin', { e: slug }) : '/checkin');
