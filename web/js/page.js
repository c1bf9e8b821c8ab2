// page.js — small helpers shared by every page: announcing status in the page's aria-live
// region, turning an ApiError into a sentence for people, showing a "could not load"
// panel with a retry button, and saving a fetched file (saveFile). On load it marks the links of
// the shared header and footer (web/partials/) that lead to the page being shown.
import { h, replace } from './dom.js';

export const SITE = 'Asamblea AME';

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

/** A sentence in Spanish for an error thrown by api.js. */
export function describeError(err) {
  if (!err || err.status === 0) {
    return 'No se pudo conectar con el servidor. Revise su conexión a internet e intente de nuevo.';
  }
  if (err.status === 429) {
    if (!err.retryAfter) return 'Demasiados intentos. Espere un momento e intente de nuevo.';
    const minutes = Math.ceil(err.retryAfter / 60);
    const about = err.retryAfter >= 90 ? ` (unos ${minutes} minutos)` : '';
    return `Demasiados intentos. Espere ${err.retryAfter} segundos${about} e intente de nuevo.`;
  }
  if (err.status === 403) return 'Su cuenta no tiene permiso para esta acción.';
  if (err.status >= 500) return 'El servidor tuvo un problema. Intente de nuevo en unos minutos.';
  return err.message || 'Ocurrió un error inesperado.';
}

/**
 * Replaces container's content with a problem notice: a heading, a sentence and, when
 * given, a "Reintentar" button calling retry().
 */
export function showProblem(container, { title, message, retry, headingLevel = 2 }) {
  const box = h('div', { class: 'notice notice-error', role: 'alert' },
    h(`h${headingLevel}`, { class: 'notice-title' }, title),
    h('p', {}, message),
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, 'Reintentar') : null);
  replace(container, box);
  return box;
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

/** Marks the header and footer links to the page being shown with aria-current="page". */
function markCurrentLinks() {
  for (const a of document.querySelectorAll('.site-nav a[href], .site-footer a[href]')) {
    if (new URL(a.href, location.href).pathname === location.pathname) a.setAttribute('aria-current', 'page');
  }
}
markCurrentLinks();
