// inline-text.test.mjs — no text a person reads is written inline in the pages or their modules:
// every one comes from the catalogues of i18n/ (pages' {{t:…}} markers, modules' t('…')), so each
// page exists in Spanish and English. A static check over web/*.html, web/admin/*.html,
// web/partials/*.html and web/js/*.js; its helpers are exported for the unit check below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const WEB = new URL('../../web/', import.meta.url).pathname;

/** Whether a string a module holds reads as words for people rather than a key, class, selector or code. */
export function looksLikeText(s) {
  if (/[áéíóúñÁÉÍÓÚÑ¿¡…«»]/.test(s)) return true;
  if (/\b[A-ZÁÉÍÓÚ][a-záéíóúñ]+ [a-záéíóúñA-Z]/.test(s)) return true; // "Guardar cambios"
  if (/(^|\s)[a-záéíóúñ]{2,}( [a-záéíóúñ]{2,}){2,}[.:?!]?(\s|$)/.test(s) && !/[-_]/.test(s)) return true; // "no hay datos"
  if (/^\s*[a-záéíóúñ]{2,} $|^ [a-záéíóúñ]{2,}\s*$|^ [a-záéíóúñ]{1,} $/.test(s)) return true; // a joining word: " de "
  return /^[A-ZÁÉÍÓÚ][a-záéíóúñ]{3,}[.:]?$/.test(s) && !KEY_NAMES.has(s.replace(/[.:]$/, ''));
}

// single capitalized words a module may hold that are not texts: keyboard keys, HTTP, DOM names
const KEY_NAMES = new Set(['Enter', 'Escape', 'Tab', 'Home', 'End', 'Space', 'Backspace', 'Delete', 'Bearer', 'Accept',
  'Shift', 'Control', 'Alt', 'Meta', 'Infinity', 'Date', 'Error', 'Object', 'Array', 'Number', 'String', 'Promise',
  'Intl', 'Notification', 'AbortError', 'TypeError', 'NotAllowedError', 'NotFoundError', 'NotReadableError',
  'Location', 'Retry', 'Content', 'Authorization', 'Cookie', 'Alphanumeric', 'Byte', 'Numeric', 'Kanji']);

/** The string literals of a module (template literals' fixed parts included), with their lines; comments skipped. */
export function stringsOf(src) {
  const out = [];
  let i = 0, line = 1, prev = '';
  const push = (s, at) => out.push({ s, line: at });
  const templateDepth = [];
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      line += (src.slice(i, end).match(/\n/g) || []).length;
      i = end + 2;
      continue;
    }
    if (c === '/' && /[(,=:[!&|?{};]$|^$|return$|typeof$/.test(prev)) { // a regular expression
      i++;
      let cls = false;
      while (i < src.length && (cls || src[i] !== '/')) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') cls = true;
        else if (src[i] === ']') cls = false;
        i++;
      }
      i++;
      prev = 'regex';
      continue;
    }
    if (c === '}' && templateDepth.length && templateDepth[templateDepth.length - 1] === 0) {
      templateDepth.pop();
      i = readTemplate(i + 1);
      continue;
    }
    if (c === '{' && templateDepth.length) templateDepth[templateDepth.length - 1]++;
    if (c === '}' && templateDepth.length) templateDepth[templateDepth.length - 1]--;
    if (c === '"' || c === "'") {
      let j = i + 1, s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') { s += src[j + 1]; j += 2; } else s += src[j++];
      }
      push(s, line);
      i = j + 1;
      prev = 'string';
      continue;
    }
    if (c === '`') { i = readTemplate(i + 1); continue; }
    if (!/\s/.test(c)) prev = /[\w$]/.test(c) ? (prev.match(/[\w$]+$/) && /[\w$]/.test(src[i - 1] || '') ? prev + c : c) : c;
    i++;
  }
  return out;

  function readTemplate(j) {
    let s = '';
    const at = line;
    while (j < src.length && src[j] !== '`') {
      if (src[j] === '\\') { s += src[j + 1]; j += 2; continue; }
      if (src[j] === '$' && src[j + 1] === '{') {
        push(s, at);
        templateDepth.push(0);
        prev = '{';
        return j + 2;
      }
      if (src[j] === '\n') line++;
      s += src[j++];
    }
    push(s, at);
    prev = 'string';
    return j + 1;
  }
}

/** The texts of a page written outside {{t:…}} markers: text between tags and readable attributes. */
export function pageTexts(html) {
  const found = [];
  const lineOf = (index) => html.slice(0, index).split('\n').length;
  const bare = html.replace(/<!--[\s\S]*?-->|<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, (m) => m.replace(/[^\n]/g, ' '));
  const wordy = (s) => /\p{L}{2,}/u.test(s.replace(/\{\{[^}]*\}\}/g, '').replace(/&[a-z]+;|&#\d+;/g, ''));
  for (const m of bare.matchAll(/>([^<]+)</g)) if (wordy(m[1])) found.push({ s: m[1].trim(), line: lineOf(m.index) });
  for (const m of bare.matchAll(/\s(alt|title|aria-label|placeholder|aria-roledescription|content)="([^"]*)"/g)) {
    if (m[1] === 'content' && !/name="description"/.test(bare.slice(bare.lastIndexOf('<', m.index), m.index))) continue;
    if (wordy(m[2])) found.push({ s: m[2], line: lineOf(m.index) });
  }
  return found;
}

const files = (dir, ext) => readdirSync(join(WEB, dir)).filter((f) => f.endsWith(ext)).map((f) => join(dir, f));

test('the check sees texts and lets keys, classes and selectors be', () => {
  const s = stringsOf("const a = t('staff.x'); el('p', { class: 'status error' }, 'Guardar cambios'); const r = /a 'b' c/; x(`${n} de ${m}`); // 'Hola mundo'\nk === 'Enter'; y('Cancelar');");
  const texts = s.filter((x) => looksLikeText(x.s)).map((x) => x.s);
  assert.deepEqual(texts, ['Guardar cambios', ' de ', 'Cancelar']);
  assert.deepEqual(pageTexts('<!-- Hola mundo --><h1>{{t:page.h1}}</h1><p>Cuentas</p><img alt="Logo de AME"><b> · </b>').map((x) => x.s), ['Cuentas', 'Logo de AME']);
});

test('no page holds a text outside the catalogue', () => {
  const problems = [];
  for (const f of [...files('.', '.html'), ...files('admin', '.html'), ...files('partials', '.html')]) {
    for (const { s, line } of pageTexts(readFileSync(join(WEB, f), 'utf8'))) problems.push(`web/${f}:${line}: ${JSON.stringify(s)}`);
  }
  assert.deepEqual(problems, []);
});

test('no module holds a text outside the catalogue', () => {
  const problems = [];
  for (const f of files('js', '.js')) {
    for (const { s, line } of stringsOf(readFileSync(join(WEB, f), 'utf8'))) {
      if (looksLikeText(s)) problems.push(`web/${f}:${line}: ${JSON.stringify(s)}`);
    }
  }
  assert.deepEqual(problems, []);
});
