// page.js — small helpers shared by every page: announcing status in the page's aria-live
// region, turning an ApiError into a sentence for people, showing a "could not load"
// panel with a retry button, the page of an edition that does not exist (showEditionNotFound),
// and saving a fetched file (saveFile). On load it marks the links of
// the shared header and footer (web/partials/) that lead to the page being shown, and makes the
// link to the other language keep the rest of the address (?t= of a confirmation link, #anchors).
import { h, replace } from './dom.js';
import { t } from './i18n.js';

export const SITE = t('site');

/** Sets document.title to "Parte · Asamblea AME". */
export function setTitle(part) {
  document.title = part ? `${part} · ${SITE}` : SITE;
}

/**
 * Writes a message into a live region. tone: "info" | "ok" | "error".
 * The region stays in the page (CSS collapses it when empty) so screen readers hear changes.
 */
export function announce(region, message, tone = 'info') {
  if (!region) return;
  region.dataset.tone = tone;
  region.textContent = message || '';
}

/** A sentence in the page's language for an error thrown by api.js. */
export function describeError(err) {
  if (!err || err.status === 0) return t('error.offline');
  if (err.status === 429) {
    if (!err.retryAfter) return t('error.too_many');
    const about = err.retryAfter >= 90 ? t('error.about_minutes', { minutes: Math.ceil(err.retryAfter / 60) }) : '';
    return t('error.too_many_wait', { seconds: err.retryAfter, about });
  }
  if (err.status === 403) return t('error.forbidden');
  if (err.status >= 500) return t('error.server');
  return err.message || t('error.unexpected');
}

/**
 * Replaces container's content with a problem notice: a heading, a sentence and, when
 * given, a "Reintentar" ("Try again") button calling retry().
 */
export function showProblem(container, { title, message, retry, headingLevel = 2 }) {
  const box = h('div', { class: 'notice notice-error', role: 'alert' },
    h(`h${headingLevel}`, { class: 'notice-title' }, title),
    h('p', {}, message),
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, t('retry')) : null);
  replace(container, box);
  return box;
}

/** Fills root with "this assembly does not exist": a heading, why (text), and the way to all of them. */
export function showEditionNotFound(root, text = t('edition.not_found_text')) {
  setTitle(t('edition.not_found'));
  replace(root, h('div', { class: 'wrap page-body' },
    h('div', { class: 'notice notice-error' },
      h('h1', { class: 'notice-title' }, t('edition.not_found')),
      h('p', {}, text),
      h('p', {}, h('a', { href: '/' }, t('edition.all_assemblies'))))));
}

/**
 * Saves a file fetched with api.js getFile() ({blob, filename}) the way a download link
 * would: through a temporary blob: URL and an <a download>. The URL is released afterwards.
 */
export function saveFile({ blob, filename }) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename || 'documento.pdf', hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Marks the header and footer links to the page being shown with aria-current="page" (not the language link, which leads to another page). */
function markCurrentLinks() {
  for (const a of document.querySelectorAll('.site-nav a[href]:not(.lang-switch), .site-footer a[href]')) {
    if (new URL(a.href, location.href).pathname === location.pathname) a.setAttribute('aria-current', 'page');
  }
}
markCurrentLinks();

/**
 * The language link leads to this same address with ?lang= set, read when the link is followed
 * (by then a page may have taken its token out of the address).
 */
for (const a of document.querySelectorAll('a.lang-switch')) {
  a.addEventListener('click', () => {
    const target = new URL(location.href);
    target.searchParams.set('lang', a.hreflang);
    a.href = target.pathname + target.search + target.hash;
  });
}
