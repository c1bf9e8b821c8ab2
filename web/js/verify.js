// verify.js — the public check of a certificate of participation (/v/{code}), the page the QR
// printed on every certificate opens, mostly on a phone: GET /api/v1/certificates/{code} and
// one large, unambiguous verdict — "Certificado válido" with the name and the event, "No
// válido" (the code exists but its holder never checked in) or "Código desconocido" (404) —
// and a small form to check another code by hand.
import { $, h, replace } from './dom.js';
import { get, path } from './api.js';
import { describeError, setTitle, showProblem } from './page.js';
import { t } from './i18n.js';
import { pathPart } from './address.js';

const root = $('#verificacion');

/** "Verificar otro código": goes to /v/{code} for the code typed. */
function otherCode(focus = false) {
  const input = h('input', {
    id: 'v-code', name: 'code', type: 'text', maxlength: '16', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', 'aria-describedby': 'v-code-ayuda', class: 'verify-input', required: true,
  });
  const form = h('form', { class: 'form verify-form', 'aria-labelledby': 'otro-titulo', novalidate: true },
    h('h2', { id: 'otro-titulo' }, focus ? t('verify.type_code') : t('verify.other')),
    h('div', { class: 'field' },
      h('label', { for: 'v-code' }, t('verify.code')),
      h('p', { class: 'hint', id: 'v-code-ayuda' }, t('verify.code_hint')),
      input),
    h('button', { type: 'submit', class: 'button button-primary' }, t('verify.submit')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = input.value.replace(/[\s-]+/g, '').toUpperCase();
    if (!code) { input.focus(); return; }
    location.assign(`/v/${encodeURIComponent(code)}`);
  });
  return form;
}

/** The verdict box: a large mark, the heading and what it means. tone: valid | invalid | unknown. */
function verdict(tone, mark, title, ...body) {
  setTitle(title);
  return h('section', { class: `verdict verdict-${tone}`, 'aria-labelledby': 'veredicto' },
    h('p', { class: 'verdict-mark', 'aria-hidden': 'true' }, mark),
    h('h1', { id: 'veredicto', class: 'verdict-title', tabindex: '-1' }, title),
    body);
}

function valid(c) {
  return verdict('valid', '✓', t('verify.valid'),
    h('p', { class: 'verdict-lead' }, t('verify.certifies')),
    h('p', { class: 'verdict-name' }, c.full_name),
    h('dl', { class: 'verdict-facts' },
      h('div', {}, h('dt', {}, t('verify.event')),
        h('dd', {}, c.edition ? h('a', { href: `/e/${encodeURIComponent(c.edition)}` }, c.edition_title || c.edition) : c.edition_title)),
      h('div', {}, h('dt', {}, t('verify.code')), h('dd', { class: 'verdict-code', translate: 'no' }, c.code))),
    h('p', { class: 'verdict-note' }, t('verify.compare')));
}

function invalid(c) {
  return verdict('invalid', '✕', t('verify.invalid'),
    h('p', { class: 'verdict-lead' }, t('verify.none_issued'),
      h('strong', { class: 'verdict-code', translate: 'no' }, c.code), '.'),
    h('p', {}, c.edition_title
      ? t('verify.no_attendance_in', { edition: c.edition_title })
      : t('verify.no_attendance')),
    h('p', { class: 'verdict-note' }, t('verify.if_error')));
}

function unknown(code) {
  return verdict('unknown', '?', t('verify.unknown'),
    h('p', { class: 'verdict-lead' }, t('verify.no_such'),
      h('strong', { class: 'verdict-code', translate: 'no' }, code), '.'),
    h('p', {}, t('verify.check_copy')));
}

async function load() {
  const code = pathPart(/^\/v\/([^/]+)\/?$/).trim().toUpperCase();
  const page = h('div', { class: 'wrap page-body verify-page' });
  root.setAttribute('aria-busy', 'true');
  try {
    if (!code) {
      setTitle(t('verify.title'));
      replace(root, page);
      replace(page,
        h('h1', {}, t('verify.title')),
        h('p', { class: 'lead' }, t('verify.lead')),
        otherCode(true));
      return;
    }
    let result;
    try {
      result = verdictFor(code, (await get(path('certificates', code))).body);
    } catch (err) {
      if (err.status !== 404) {
        setTitle(t('error'));
        replace(root, page);
        showProblem(page, { title: t('verify.failed'), message: describeError(err), retry: load, headingLevel: 1 });
        return;
      }
      result = unknown(code);
    }
    replace(root, page);
    replace(page, result, otherCode());
  } finally {
    root.removeAttribute('aria-busy');
  }
}

const verdictFor = (code, c) => (c && c.valid ? valid(c) : invalid({ ...c, code: (c && c.code) || code }));

load();
