// proceedings-view.js — how the memoria's published versions are shown, the same on the public
// memoria page (proceedings.js) and the organizers' page (admin-proceedings.js): the address of
// a version's PDF (or of the draft preview), a version's date and size as words, and a link to
// one version with them ("Versión 1 (PDF) · publicada el 26 de noviembre de 2024 · 176 kB").
import { h } from './dom.js';
import { API, path, withQuery } from './api.js';
import { formatBytes, formatDate, localParts } from './format.js';
import { LANG, t } from './i18n.js';

/**
 * /api/v1/editions/{slug}/proceedings.pdf, with ?version=N or ?draft=1 when given, and ?lang=en on
 * an English page (the PDF's headings and page numbers in English; the text stays as written).
 */
export const pdfUrl = (slug, params = {}) => withQuery(`${API}${path('editions', slug)}/proceedings.pdf`,
  LANG === 'en' ? { ...params, lang: 'en' } : params);

/** "26 de noviembre de 2024": the day a version was published, in the edition's own offset. */
export const publishedOn = (v) => formatDate(localParts(v.published_at).date);

/** The size of the file a link of this page downloads: the version's own, or its stored translation's. */
const bytesOf = (v) => (v.translations || []).find((x) => x.lang === LANG)?.bytes ?? v.bytes;

/** "publicada el 26 de noviembre de 2024 · 176 kB". */
export const versionFacts = (v) => t('memoria.published_on', { date: publishedOn(v), size: formatBytes(bytesOf(v)) });

/** A link to one version's PDF with its date and size after it, for a <li>. */
export function versionLink(slug, v) {
  return [
    h('a', { href: pdfUrl(slug, { version: v.version }), type: 'application/pdf' },
      t('memoria.version', { n: v.version }), h('span', { class: 'visually-hidden' }, t('memoria.of_proceedings')), ' (PDF)'),
    h('span', { class: 'version-facts' }, ` · ${versionFacts(v)}`),
  ];
}
