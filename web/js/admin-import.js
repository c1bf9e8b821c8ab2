// admin-import.js — the organizers' import of registrations from a CSV file
// (/admin/e/{slug}/importar): the file (sent as its bytes, so the server can say when it is not
// UTF-8) or pasted text goes to POST …/registrations/import?dry_run=1 ("Revisar"), whose answer is
// shown line by line (what would be created, duplicates, errors linked to their line and field);
// "Importar N inscripciones" is offered only without errors and asks for a confirmation, then the
// same file is sent without dry_run and the result announced with a link back to the list. The
// columns and the template come from GET …/registrations/import-template.csv (the sign-up's fields).
import { $, h, replace } from './dom.js';
import { API, getFile, path, postText } from './api.js';
import { formatNumber } from './format.js';
import { ATTENDEE_TYPE, editionName } from './labels.js';
import { announce, describeError, setTitle, showProblem } from './page.js';
import { startSession, toLogin } from './admin-session.js';
import { adminPage, adminSlug } from './address.js';
import { getEdition } from './checkin-api.js';

const status = $('#estado');
const result = $('#resultado');
const form = $('#importar');
const review = $('#revision');
const importButton = $('#importar-boton');
const confirmBox = $('#confirmar');
const slug = adminSlug();
const importPath = path('editions', slug, 'registrations', 'import');
const CAN_IMPORT = new Set(['admin', 'organizer']);

/** The Spanish names of the sign-up fields, for errors; other fields are shown as they are named. */
const FIELD = {
  full_name: 'Nombre', email: 'Correo', organization: 'Organización', position: 'Cargo', municipality: 'Cantón',
  phone: 'Teléfono', attendee_type: 'Tipo de participante', accessibility_needs: 'Accesibilidad',
  consent: 'Consentimiento', language: 'Idioma',
};
const fieldName = (f) => (f ? FIELD[f] || f : 'Fila');

let reviewed = null; // the body that was reviewed without errors, ready to import
let working = false;

/** The file's bytes, or the pasted text; null when there is neither. */
function chosenBody() {
  const file = $('#f-archivo').files[0];
  if (file) return file;
  const text = $('#f-texto').value;
  return text.trim() ? text : null;
}

const plural = (n, one, many) => `${formatNumber(n)} ${n === 1 ? one : many}`;

function createdText(c, dryRun) {
  if (c.status === 'waitlisted') return `${dryRun ? 'Irá' : 'Quedó'} en lista de espera${c.waitlist_position ? ` (puesto ${c.waitlist_position})` : ''}`;
  return dryRun ? 'Se inscribirá' : 'Inscrita';
}

function duplicateText(d) {
  return d.reason === 'repeated_in_file' ? `Repetida: el mismo correo está en la línea ${d.first_line}; se omite`
    : 'Ya está inscrita en esta edición; se omite';
}

/** One table row per line of the answer, in line order. */
function rows(report) {
  const list = [
    ...report.created.map((c) => ({ line: c.line, kind: 'ok', what: createdText(c, report.dry_run), detail: `${c.full_name} <${c.email}>` })),
    ...report.duplicates.map((d) => ({ line: d.line, kind: 'dup', what: duplicateText(d), detail: d.email })),
    ...report.errors.map((e) => ({ line: e.line, kind: 'error', what: `Error en «${fieldName(e.field)}»`, detail: e.message })),
  ].sort((a, b) => a.line - b.line);
  const error = (r) => r.kind === 'error'; // its row takes the focus when its link in the list is followed
  return list.map((r) => h('tr', { id: error(r) ? `linea-${r.line}` : null, tabindex: error(r) ? '-1' : null, class: `import-${r.kind}` },
    h('th', { scope: 'row' }, `Línea ${r.line}`),
    h('td', { 'data-label': 'Resultado' }, r.what),
    h('td', { 'data-label': 'Detalle' }, r.detail)));
}

function errorLinks(report) {
  return report.errors.map((e) => h('li', {}, h('a', { href: `#linea-${e.line}` },
    `Línea ${e.line}, ${fieldName(e.field)}: ${e.message}`)));
}

function summary(report) {
  const parts = [`${report.dry_run ? 'Se crearían' : 'Se crearon'} ${plural(report.created.length, 'inscripción', 'inscripciones')}`,
    plural(report.duplicates.length, 'duplicada que se omite', 'duplicadas que se omiten')];
  if (report.error_count) parts.push(plural(report.error_count, 'línea con errores', 'líneas con errores'));
  let text = parts.join(', ') + '.';
  if (report.error_count > report.errors.length) text += ` Se muestran los primeros ${formatNumber(report.errors.length)} errores.`;
  if (report.error_count) text += ' Corrija el archivo y vuelva a revisarlo: no se importa nada mientras haya errores.';
  return text;
}

function showReport(report) {
  $('#resumen').textContent = summary(report);
  replace($('#errores'), errorLinks(report));
  replace($('#filas'), rows(report));
  review.hidden = false;
  const n = report.created.length;
  const ready = report.dry_run && !report.error_count && n > 0;
  importButton.disabled = !ready;
  importButton.textContent = `Importar ${plural(n, 'inscripción', 'inscripciones')}`;
  confirmBox.hidden = true;
  importButton.setAttribute('aria-expanded', 'false');
}

/** Errors of a refused import (422) shaped as a report. */
const refusedReport = (err) => ({ dry_run: true, created: [], duplicates: [], errors: err.body.errors || [],
  error_count: err.body.error_count || 0 });

async function check(ev) {
  ev.preventDefault();
  if (working) return;
  const body = chosenBody();
  reviewed = null;
  announce(result, '');
  if (!body) {
    announce(result, 'Elija un archivo CSV o pegue su contenido.', 'error');
    $('#f-archivo').focus();
    return;
  }
  working = true;
  announce(result, 'Revisando el archivo…');
  try {
    const { body: report } = await postText(`${importPath}?dry_run=1`, body, 'text/csv; charset=utf-8');
    showReport(report);
    if (!report.error_count) reviewed = body;
    announce(result, report.error_count ? 'El archivo tiene errores: vea la revisión.' : 'Revisión lista.', report.error_count ? 'error' : 'ok');
    $('#revision-titulo').focus();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    review.hidden = true;
    announce(result, describeError(err), 'error');
  } finally {
    working = false;
  }
}

function askToImport() {
  if (!reviewed || importButton.disabled) return;
  $('#confirmar-pregunta').textContent = `¿${importButton.textContent}? Cada persona recibirá un correo con su enlace de gestión. No se puede deshacer de una vez.`;
  confirmBox.hidden = false;
  importButton.setAttribute('aria-expanded', 'true');
  $('#confirmar-pregunta').focus();
}

function closeConfirm() {
  confirmBox.hidden = true;
  importButton.setAttribute('aria-expanded', 'false');
  importButton.focus();
}

async function runImport() {
  if (working || !reviewed) return;
  working = true;
  announce(result, 'Importando…');
  try {
    const { body: report } = await postText(importPath, reviewed, 'text/csv; charset=utf-8');
    reviewed = null;
    showReport(report);
    replace(result, `Se importaron ${plural(report.created.length, 'inscripción', 'inscripciones')}` +
      (report.duplicates.length ? ` (${plural(report.duplicates.length, 'duplicada omitida', 'duplicadas omitidas')})` : '') + '. ',
      h('a', { href: adminPage(slug, 'inscripciones') }, 'Ver la lista de inscripciones'));
    result.dataset.tone = 'ok';
    form.reset();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    if (err.status === 422 && err.body && err.body.errors) showReport(refusedReport(err));
    confirmBox.hidden = true;
    announce(result, `No se importó nada. ${describeError(err)}`, 'error');
  } finally {
    working = false;
    result.setAttribute('tabindex', '-1');
    result.focus();
  }
}

/** Any change to the file or the text asks for a new review before importing. */
function inputChanged() {
  if (!reviewed) return;
  reviewed = null;
  importButton.disabled = true;
  confirmBox.hidden = true;
  announce(result, 'El contenido cambió: revíselo de nuevo antes de importar.');
}

async function showColumns() {
  const templatePath = path('editions', slug, 'registrations', 'import-template.csv');
  $('#plantilla').href = `${API}${templatePath}`;
  const { blob } = await getFile(templatePath);
  $('#columnas').textContent = (await blob.text()).trim().split(',').join(', ');
  $('#tipos').textContent = Object.entries(ATTENDEE_TYPE).map(([code, name]) => `${code} (${name})`).join(', ');
}

function setUp(edition) {
  const name = editionName(edition);
  setTitle(`Importar inscripciones · ${name}`);
  $('#titulo').textContent = `Importar inscripciones · ${name}`;
  $('#miga-edicion').textContent = name;
  $('#miga-inscripciones').href = adminPage(slug, 'inscripciones');
  form.addEventListener('submit', check);
  form.addEventListener('input', inputChanged);
  form.addEventListener('change', inputChanged);
  importButton.addEventListener('click', askToImport);
  $('#confirmar-si').addEventListener('click', () => { confirmBox.hidden = true; runImport(); });
  $('#confirmar-no').addEventListener('click', closeConfirm);
}

async function start() {
  const user = await startSession(status);
  if (!user) return;
  if (!CAN_IMPORT.has(user.role)) {
    announce(status, '');
    showProblem($('#problema'), { title: 'Solo para organizadores', message: 'Las inscripciones las importa el equipo organizador.' });
    return;
  }
  if (!slug) {
    announce(status, '');
    showProblem($('#problema'), { title: 'Falta la edición', message: 'Abra esta página desde la lista de inscripciones.' });
    return;
  }
  announce(status, 'Cargando…');
  try {
    setUp(await getEdition(slug));
    await showColumns();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? 'Edición no encontrada' : 'No se pudo cargar la página',
      message: describeError(err), retry: err.status === 404 ? null : () => location.reload(),
    });
    return;
  }
  form.hidden = false;
  announce(status, '');
}

start();
