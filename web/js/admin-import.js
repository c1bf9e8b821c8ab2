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
import { t, table } from './i18n.js';

const status = $('#estado');
const result = $('#resultado');
const form = $('#importar');
const review = $('#revision');
const importButton = $('#importar-boton');
const confirmBox = $('#confirmar');
const slug = adminSlug();
const importPath = path('editions', slug, 'registrations', 'import');
const CAN_IMPORT = new Set(['admin', 'organizer']);

/** The names of the sign-up fields in the page's language, for errors; other fields are shown as they are named. */
const FIELD = table('staff.import.field');
const fieldName = (f) => (f ? FIELD[f] || f : t('staff.import.field_row'));

let reviewed = null; // the body that was reviewed without errors, ready to import
let working = false;
let readyCount = 0;  // the registrations the reviewed file would create

/** The file's bytes, or the pasted text; null when there is neither. */
function chosenBody() {
  const file = $('#f-archivo').files[0];
  if (file) return file;
  const text = $('#f-texto').value;
  return text.trim() ? text : null;
}

/** {n} of a counted text: the number as the page's language writes it. */
const num = (n) => ({ n: formatNumber(n) });

function createdText(c, dryRun) {
  if (c.status === 'waitlisted') {
    const position = { position: c.waitlist_position };
    if (dryRun) return c.waitlist_position ? t('staff.import.row_will_waitlist_position', position) : t('staff.import.row_will_waitlist');
    return c.waitlist_position ? t('staff.import.row_waitlisted_position', position) : t('staff.import.row_waitlisted');
  }
  return dryRun ? t('staff.import.row_will_register') : t('staff.import.row_registered');
}

function duplicateText(d) {
  return d.reason === 'repeated_in_file' ? t('staff.import.row_repeated', { line: d.first_line })
    : t('staff.import.row_already_registered');
}

/** One table row per line of the answer, in line order. */
function rows(report) {
  const list = [
    ...report.created.map((c) => ({ line: c.line, kind: 'ok', what: createdText(c, report.dry_run), detail: `${c.full_name} <${c.email}>` })),
    ...report.duplicates.map((d) => ({ line: d.line, kind: 'dup', what: duplicateText(d), detail: d.email })),
    ...report.errors.map((e) => ({ line: e.line, kind: 'error', what: t('staff.import.row_error', { field: fieldName(e.field) }), detail: e.message })),
  ].sort((a, b) => a.line - b.line);
  const error = (r) => r.kind === 'error'; // its row takes the focus when its link in the list is followed
  return list.map((r) => h('tr', { id: error(r) ? `linea-${r.line}` : null, tabindex: error(r) ? '-1' : null, class: `import-${r.kind}` },
    h('th', { scope: 'row' }, t('staff.import.line', { line: r.line })),
    h('td', { 'data-label': t('staff.import.col_result') }, r.what),
    h('td', { 'data-label': t('staff.import.col_detail') }, r.detail)));
}

function errorLinks(report) {
  return report.errors.map((e) => h('li', {}, h('a', { href: `#linea-${e.line}` },
    t('staff.import.error_link', { line: e.line, field: fieldName(e.field), message: e.message }))));
}

function summary(report) {
  const n = report.created.length, dups = report.duplicates.length, errors = report.error_count;
  let created;
  if (report.dry_run) created = n === 1 ? t('staff.import.summary_would_create.one', num(n)) : t('staff.import.summary_would_create.other', num(n));
  else created = n === 1 ? t('staff.import.summary_created.one', num(n)) : t('staff.import.summary_created.other', num(n));
  const parts = {
    created,
    duplicates: dups === 1 ? t('staff.import.summary_duplicates.one', num(dups)) : t('staff.import.summary_duplicates.other', num(dups)),
    errors: errors === 1 ? t('staff.import.summary_errors.one', num(errors)) : t('staff.import.summary_errors.other', num(errors)),
  };
  const texts = [report.error_count ? t('staff.import.summary_with_errors', parts) : t('staff.import.summary', parts)];
  if (report.error_count > report.errors.length) texts.push(t('staff.import.summary_first_errors', { n: formatNumber(report.errors.length) }));
  if (report.error_count) texts.push(t('staff.import.summary_fix'));
  return texts.join(' ');
}

function showReport(report) {
  $('#resumen').textContent = summary(report);
  replace($('#errores'), errorLinks(report));
  replace($('#filas'), rows(report));
  review.hidden = false;
  const n = report.created.length;
  const ready = report.dry_run && !report.error_count && n > 0;
  importButton.disabled = !ready;
  importButton.textContent = n === 1 ? t('staff.import.import_n.one', num(n)) : t('staff.import.import_n.other', num(n));
  readyCount = n;
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
    announce(result, t('staff.import.nothing_chosen'), 'error');
    $('#f-archivo').focus();
    return;
  }
  working = true;
  announce(result, t('staff.import.reviewing'));
  try {
    const { body: report } = await postText(`${importPath}?dry_run=1`, body, 'text/csv; charset=utf-8');
    showReport(report);
    if (!report.error_count) reviewed = body;
    announce(result, report.error_count ? t('staff.import.review_has_errors') : t('staff.import.review_ready'), report.error_count ? 'error' : 'ok');
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
  $('#confirmar-pregunta').textContent = readyCount === 1 ? t('staff.import.confirm_question.one', num(readyCount))
    : t('staff.import.confirm_question.other', num(readyCount));
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
  announce(result, t('staff.import.importing'));
  try {
    const { body: report } = await postText(importPath, reviewed, 'text/csv; charset=utf-8');
    reviewed = null;
    showReport(report);
    const n = report.created.length, dups = report.duplicates.length;
    const done = {
      registrations: n === 1 ? t('staff.import.count_registrations.one', num(n)) : t('staff.import.count_registrations.other', num(n)),
      duplicates: dups === 1 ? t('staff.import.count_duplicates_skipped.one', num(dups))
        : t('staff.import.count_duplicates_skipped.other', num(dups)),
    };
    replace(result, `${report.duplicates.length ? t('staff.import.imported_with_duplicates', done) : t('staff.import.imported', done)} `,
      h('a', { href: adminPage(slug, 'inscripciones') }, t('staff.import.see_list')));
    result.dataset.tone = 'ok';
    form.reset();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    if (err.status === 422 && err.body && err.body.errors) showReport(refusedReport(err));
    confirmBox.hidden = true;
    announce(result, t('staff.import.nothing_imported', { error: describeError(err) }), 'error');
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
  announce(result, t('staff.import.content_changed'));
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
  setTitle(t('staff.import.title_edition', { edition: name }));
  $('#titulo').textContent = t('staff.import.title_edition', { edition: name });
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
    showProblem($('#problema'), { title: t('staff.import.organizers_only'), message: t('staff.import.organizers_only_why') });
    return;
  }
  if (!slug) {
    announce(status, '');
    showProblem($('#problema'), { title: t('staff.import.no_edition'), message: t('staff.import.no_edition_what') });
    return;
  }
  announce(status, t('staff.import.loading'));
  try {
    setUp(await getEdition(slug));
    await showColumns();
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? t('staff.import.edition_not_found') : t('staff.import.load_failed'),
      message: describeError(err), retry: err.status === 404 ? null : () => location.reload(),
    });
    return;
  }
  form.hidden = false;
  announce(status, '');
}

start();
