// i18n.js — the page's language and its texts. The server writes the catalogue's browser texts
// (i18n/<lang>.json, keys "js.…" without the prefix) into every page as
// <script type="application/json" id="i18n"> and sets <html lang>; modules read them here,
// never from strings of their own. t(key, {name: 'Ana'}) fills "{name}" placeholders.

const source = document.getElementById('i18n');
const texts = source ? JSON.parse(source.textContent || '{}') : {};

/** The page's language: "es" (default) or "en". */
export const LANG = document.documentElement.lang === 'en' ? 'en' : 'es';

/**
 * Attributes for content shown as the organizers wrote it (titles, descriptions, the memoria's
 * text: Spanish): lang="es" on an English page, so that a screen reader speaks it as Spanish
 * (WCAG 3.1.2, language of parts); nothing on a Spanish page.
 */
export const AS_WRITTEN = LANG === 'es' ? {} : { lang: 'es' };

/** The locale for Intl formats: Spanish as written in Ecuador, or English. */
export const LOCALE = LANG === 'en' ? 'en-GB' : 'es-EC';

/** The text of key, with {placeholders} replaced from vars; the key itself when missing. */
export function t(key, vars) {
  const text = texts[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole)) : text;
}

/** Every text whose key starts with prefix + ".", as {rest of key: text}, in catalogue order. */
export function table(prefix) {
  const out = {};
  for (const [key, text] of Object.entries(texts)) {
    if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = text;
  }
  return out;
}
