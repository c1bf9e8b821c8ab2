// verify.js — the public check of a certificate of participation (/v/{code}), the page the QR
// printed on every certificate opens, mostly on a phone: GET /api/v1/certificates/{code} and
// one large, unambiguous verdict — "Certificado válido" with the name and the event, "No
// válido" (the code exists but its holder never checked in) or "Código desconocido" (404) —
// and a small form to check another code by hand.
import { $, h, replace } from './dom.js';
import { get, path } from './api.js';
import { describeError, setTitle, showProblem } from './page.js';

const root = $('#verificacion');

/** "/v/k7p-m3q" → "K7P-M3Q" ("" when the path holds no code). The API ignores spaces and hyphens. */
function codeFromPath(pathname) {
  const m = /^\/v\/([^/]+)\/?$/.exec(pathname);
  try { return m ? decodeURIComponent(m[1]).trim().toUpperCase() : ''; } catch { return ''; }
}

/** "Verificar otro código": goes to /v/{code} for the code typed. */
function otherCode(focus = false) {
  const input = h('input', {
    id: 'v-code', name: 'code', type: 'text', maxlength: '16', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', 'aria-describedby': 'v-code-ayuda', class: 'verify-input', required: true,
  });
  const form = h('form', { class: 'form verify-form', 'aria-labelledby': 'otro-titulo', novalidate: true },
    h('h2', { id: 'otro-titulo' }, focus ? 'Escriba el código del certificado' : 'Verificar otro código'),
    h('div', { class: 'field' },
      h('label', { for: 'v-code' }, 'Código del certificado'),
      h('p', { class: 'hint', id: 'v-code-ayuda' }, 'Seis caracteres, impresos junto al código QR; por ejemplo K7PM3Q.'),
      input),
    h('button', { type: 'submit', class: 'button button-primary' }, 'Verificar'));
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
  return verdict('valid', '✓', 'Certificado válido',
    h('p', { class: 'verdict-lead' }, 'La Asociación de Municipalidades Ecuatorianas (AME) certifica la participación de:'),
    h('p', { class: 'verdict-name' }, c.full_name),
    h('dl', { class: 'verdict-facts' },
      h('div', {}, h('dt', {}, 'Evento'),
        h('dd', {}, c.edition ? h('a', { href: `/e/${encodeURIComponent(c.edition)}` }, c.edition_title || c.edition) : c.edition_title)),
      h('div', {}, h('dt', {}, 'Código del certificado'), h('dd', { class: 'verdict-code', translate: 'no' }, c.code))),
    h('p', { class: 'verdict-note' }, 'Compare el nombre con el del certificado impreso: deben coincidir.'));
}

function invalid(c) {
  return verdict('invalid', '✕', 'No válido',
    h('p', { class: 'verdict-lead' }, 'No hay un certificado de participación emitido con el código ',
      h('strong', { class: 'verdict-code', translate: 'no' }, c.code), '.'),
    h('p', {}, c.edition_title
      ? `El código corresponde a una inscripción en «${c.edition_title}», pero esa inscripción no registra asistencia al evento, así que no da derecho a certificado.`
      : 'La inscripción con ese código no registra asistencia al evento, así que no da derecho a certificado.'),
    h('p', { class: 'verdict-note' }, 'Si usted asistió y cree que es un error, escriba a los organizadores de la asamblea.'));
}

function unknown(code) {
  return verdict('unknown', '?', 'Código desconocido',
    h('p', { class: 'verdict-lead' }, 'No existe ningún certificado con el código ',
      h('strong', { class: 'verdict-code', translate: 'no' }, code), '.'),
    h('p', {}, 'Revise que lo haya copiado bien: los códigos no usan la letra O ni el número 0, ni la letra I ni el número 1. Un certificado con un código que no existe no es auténtico.'));
}

async function load() {
  const code = codeFromPath(location.pathname);
  const page = h('div', { class: 'wrap page-body verify-page' });
  root.setAttribute('aria-busy', 'true');
  try {
    if (!code) {
      setTitle('Verificación de certificados');
      replace(root, page);
      replace(page,
        h('h1', {}, 'Verificación de certificados'),
        h('p', { class: 'lead' }, 'Compruebe si un certificado de participación de la Asamblea AME es auténtico.'),
        otherCode(true));
      return;
    }
    let result;
    try {
      result = verdictFor(code, (await get(path('certificates', code))).body);
    } catch (err) {
      if (err.status !== 404) {
        setTitle('Error');
        replace(root, page);
        showProblem(page, { title: 'No se pudo comprobar el certificado', message: describeError(err), retry: load, headingLevel: 1 });
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
