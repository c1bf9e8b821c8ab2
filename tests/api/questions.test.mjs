// Black-box tests of an edition's custom questions: organizers set them with the edition PATCH
// (each fault named questions.<i>.<member>), the public sign-up answers them (a missing or wrong
// answer is refused naming answers.<id>), the answers come back on the registration, in the JSON
// list, the CSV and the XLSX, in the personal-data export and through the CSV import (API and
// command line); a question changed or deleted later keeps the old answers readable under the
// label they were asked with; a double opt-in sign-up keeps its answers until confirmed;
// anonymization erases them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli, freePort, until } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';

const SLUG = 'preguntas-2027';
const QUESTIONS = [
  { id: 'taller', label: '¿A qué taller asistirá?', label_en: 'Which workshop?', kind: 'choice',
    options: ['Agua', 'Vialidad', 'Turismo'], required: true },
  { id: 'temas', label: 'Temas de interés', kind: 'multi', options: ['Clima', 'Género', 'Finanzas'], required: false },
  { id: 'dieta', label: 'Restricción alimentaria', kind: 'text', required: false },
  { id: 'fotos', label: 'Acepto aparecer en fotos', kind: 'checkbox', required: true },
];
let srv, smtp, token, dir;

before(async () => {
  smtp = await startSmtp(await freePort());
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  token = await login(srv.url);
  dir = mkdtempSync(join(tmpdir(), 'asamblea-questions-'));
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug: SLUG, title: 'Preguntas 2027',
    city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', status: 'open' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.questions, []);
});

after(async () => {
  await srv?.stop();
  await smtp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const patchEdition = (body, slug = SLUG) => api(srv.url, 'PATCH', `/api/v1/editions/${slug}`, { token, body });
let people = 0;
const person = (extra = {}) => ({ full_name: `Persona ${++people}`, email: `persona${people}@puyo.gob.ec`,
  organization: 'GAD Municipal de Pastaza', attendee_type: 'official', consent: true, ...extra });
const signUp = (body, slug = SLUG) => api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, { body });
const answers = (extra = {}) => ({ taller: 'Agua', fotos: true, ...extra });

test('organizers set the questions with the edition; the public edition shows them with label_en', async () => {
  const r = await patchEdition({ questions: QUESTIONS });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.questions.length, 4);
  const pub = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}`);
  assert.equal(pub.body.questions[0].label_en, 'Which workshop?');
  assert.deepEqual(pub.body.questions[1].options, ['Clima', 'Género', 'Finanzas']);
  assert.equal((await api(srv.url, 'PATCH', `/api/v1/editions/${SLUG}`, { body: { questions: [] } })).status, 401);
});

test('a wrong question is refused naming questions.<index>.<member>, and nothing changes', async () => {
  const cases = [
    [[{ id: 'Mal Id', label: 'x', kind: 'text' }], 'questions.0.id'],
    [[{ id: 'a', label: '', kind: 'text' }], 'questions.0.label'],
    [[{ id: 'a', label: 'x', kind: 'fecha' }], 'questions.0.kind'],
    [[{ id: 'a', label: 'x', kind: 'choice' }], 'questions.0.options'],
    [[{ id: 'a', label: 'x', kind: 'text', options: ['uno'] }], 'questions.0.options'],
    [[{ id: 'a', label: 'x', kind: 'multi', options: ['uno', 'uno'] }], 'questions.0.options'],
    [[{ id: 'a', label: 'x', kind: 'text' }, { id: 'a', label: 'y', kind: 'text' }], 'questions.1.id'],
    [[{ id: 'a', label: 'x'.repeat(201), kind: 'text' }], 'questions.0.label'],
    [Array.from({ length: 31 }, (_, i) => ({ id: `q${i}`, label: 'x', kind: 'text' })), 'questions'],
  ];
  for (const [questions, field] of cases) {
    const r = await patchEdition({ questions });
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await patchEdition({ questions: 'no' })).body.error.field, 'questions');
  const now = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}`);
  assert.equal(now.body.questions.length, 4);
});

test('the sign-up answers: missing, unknown and wrong answers name answers.<id>', async () => {
  const cases = [
    [undefined, 'answers.taller'],
    [{ fotos: true }, 'answers.taller'],
    [answers({ taller: 'Pesca' }), 'answers.taller'],
    [answers({ fotos: false }), 'answers.fotos'],
    [answers({ temas: ['Clima', 'Clima'] }), 'answers.temas'],
    [answers({ temas: ['Pesca'] }), 'answers.temas'],
    [answers({ temas: 'Clima' }), 'answers.temas'],
    [answers({ dieta: 'x'.repeat(1001) }), 'answers.dieta'],
    [answers({ otra: 'sí' }), 'answers.otra'],
  ];
  for (const [given, field] of cases) {
    const r = await signUp(person(given === undefined ? {} : { answers: given }));
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, field);
  }
  const unknown = await signUp(person({ answers: {} }), 'no-existe');
  assert.equal(unknown.status, 404, 'an unknown edition answers 404 before any check');
});

test('answers come back on the registration and can be corrected; required ones stay', async () => {
  const r = await signUp(person({ answers: answers({ temas: ['Clima', 'Finanzas'], dieta: 'Vegetariana' }) }));
  assert.equal(r.status, 201, r.text);
  const headers = { 'x-manage-token': r.body.manage_token };
  const got = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers });
  assert.deepEqual(got.body.answers, { taller: 'Agua', fotos: true, temas: ['Clima', 'Finanzas'], dieta: 'Vegetariana' });
  assert.equal(got.body.answer_labels.taller, '¿A qué taller asistirá?');
  const fix = await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers, body: { answers: { dieta: null, taller: 'Turismo' } } });
  assert.equal(fix.status, 200, fix.text);
  assert.deepEqual(fix.body.answers, { taller: 'Turismo', fotos: true, temas: ['Clima', 'Finanzas'] });
  const bad = await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers, body: { answers: { taller: null } } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'answers.taller');
});

/** The CSV of the edition as rows of cells (a naive split: no commas inside the test's cells). */
async function csvRows() {
  const r = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations.csv`, { token });
  assert.equal(r.status, 200);
  return r.text.replace(/^\uFEFF/, '').trim().split(/\r\n/).map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

test('answers are columns of the list, the CSV and the XLSX', async () => {
  const r = await signUp(person({ full_name: 'Columna Answers', answers: answers({ temas: ['Clima', 'Género'] }) }));
  assert.equal(r.status, 201, r.text);
  const list = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations?q=columna`, { token });
  assert.deepEqual(list.body.items[0].answers, { taller: 'Agua', temas: 'Clima; Género', fotos: 'sí' });
  const [head, ...rows] = await csvRows();
  for (const q of QUESTIONS) assert.ok(head.includes(q.label), `${q.label} in ${head}`);
  const row = rows.find((cells) => cells.includes('Columna Answers'));
  assert.equal(row[head.indexOf('Temas de interés')], 'Clima; Género');
  assert.equal(row[head.indexOf('Acepto aparecer en fotos')], 'sí');
  const res = await fetch(`${srv.url}/api/v1/editions/${SLUG}/registrations.xlsx`, { headers: { authorization: `Bearer ${token}` } });
  const file = join(dir, 'l.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString('utf8');
  for (const text of ['Temas de interés', 'Clima; Género', '¿A qué taller asistirá?']) assert.ok(strings.includes(text), text);
});

test('changing or deleting a question keeps the old answers readable', async () => {
  const r = await signUp(person({ full_name: 'Respuesta Antigua', answers: answers({ dieta: 'Sin gluten' }) }));
  assert.equal(r.status, 201, r.text);
  const changed = QUESTIONS.filter((q) => q.id !== 'dieta').map((q) => (q.id === 'taller' ? { ...q, label: 'Taller elegido' } : q));
  assert.equal((await patchEdition({ questions: changed })).status, 200);
  const got = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { token });
  assert.equal(got.body.answers.dieta, 'Sin gluten');
  assert.equal(got.body.answer_labels.dieta, 'Restricción alimentaria', 'the label it was asked with');
  assert.equal(got.body.answer_labels.taller, 'Taller elegido', 'the current label');
  const [head, ...rows] = await csvRows();
  assert.ok(head.includes('Taller elegido') && head.includes('Restricción alimentaria'), head.join('|'));
  const row = rows.find((cells) => cells.includes('Respuesta Antigua'));
  assert.equal(row[head.indexOf('Restricción alimentaria')], 'Sin gluten');
  assert.equal((await patchEdition({ questions: QUESTIONS })).status, 200);
});

test('the import takes answers.<id> columns (or the label), validated like the form', async () => {
  const importCsv = (text) => api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations/import`,
    { token, raw: text, headers: { 'content-type': 'text/csv' } });
  const template = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations/import-template.csv`, { token });
  assert.match(template.text, /,answers\.taller,answers\.temas,answers\.dieta,answers\.fotos\r\n$/);
  const head = 'full_name,email,organization,attendee_type,consent,answers.taller,Temas de interés,answers.fotos\r\n';
  const bad = await importCsv(head + 'Importada Una,imp1@puyo.gob.ec,GAD,official,sí,Pesca,Clima,sí\r\n');
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.field]), [[2, 'answers.taller']]);
  const ok = await importCsv(head + 'Importada Dos,imp2@puyo.gob.ec,GAD,official,sí,Vialidad,Clima; Finanzas,sí\r\n');
  assert.equal(ok.status, 201, ok.text);
  const got = await api(srv.url, 'GET', `/api/v1/registrations/${ok.body.created[0].code}`, { token });
  assert.deepEqual(got.body.answers, { taller: 'Vialidad', temas: ['Clima', 'Finanzas'], fotos: true });
});

test('asamblea import reads the answer columns of the edition\'s questions', () => {
  const db = join(dir, 'cli.db');
  assert.equal(cli(['seed', '--db', db]).status, 0);
  const questions = JSON.stringify([{ id: 'taller', label: 'Taller', kind: 'choice', options: ['Agua', 'Vialidad'], required: true }]);
  execFileSync('sqlite3', [db, `UPDATE editions SET questions = '${questions}' WHERE slug = 'pastaza-2025'`]);
  const file = join(dir, 'cli.csv');
  const head = 'nombre;correo;organización;tipo;consentimiento;Taller\n';
  writeFileSync(file, head + 'Ana CLI;ana.cli@x.ec;GAD;official;sí;Pesca\n');
  const bad = cli(['import', '--db', db, '--edition', 'pastaza-2025', file]);
  assert.equal(bad.status, 1, bad.stderr);
  assert.deepEqual(JSON.parse(bad.stdout).errors.map((e) => [e.line, e.field]), [[2, 'answers.taller']]);
  writeFileSync(file, head + 'Ana CLI;ana.cli@x.ec;GAD;official;sí;Vialidad\n');
  const done = cli(['import', '--db', db, '--edition', 'pastaza-2025', file]);
  assert.equal(done.status, 0, done.stderr);
  const stored = execFileSync('sqlite3', [db, "SELECT answers FROM registrations WHERE email = 'ana.cli@x.ec'"], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stored), { taller: { label: 'Taller', value: 'Vialidad' } });
});

test('a double opt-in sign-up keeps its answers until the address is confirmed', async () => {
  assert.equal((await patchEdition({ confirm_email: true })).status, 200);
  const body = person({ answers: answers({ dieta: 'Vegana' }) });
  const r = await signUp(body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.status, 'pending_email');
  const mail = await until('the confirmation message', () => smtp.messages()
    .filter((m) => m.meta.rcpt_tos.includes(body.email)).map((m) => parseMessage(m.raw).body)
    .find((b) => /\/confirmar\?t=/.test(b)));
  const t = mail.match(/\/confirmar\?t=([A-Za-z0-9_-]{43})/)[1];
  const c = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations/confirm`, { body: { token: t } });
  assert.equal(c.status, 201, c.text);
  const got = await api(srv.url, 'GET', `/api/v1/registrations/${c.body.code}`, { token });
  assert.deepEqual(got.body.answers, { taller: 'Agua', fotos: true, dieta: 'Vegana' });
  assert.equal((await patchEdition({ confirm_email: false })).status, 200);
});

test('the personal-data export carries the answers; anonymization erases them', async () => {
  const r = await signUp(person({ answers: answers({ dieta: 'Dato que identifica' }) }));
  assert.equal(r.status, 201, r.text);
  const data = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}/data`, { headers: { 'x-manage-token': r.body.manage_token } });
  assert.equal(data.status, 200, data.text);
  assert.deepEqual(data.body.registration.answers.dieta, { label: 'Restricción alimentaria', value: 'Dato que identifica' });
  const a = await api(srv.url, 'POST', `/api/v1/registrations/${r.body.code}/anonymize`, { token });
  assert.ok(a.status < 300, a.text);
  const got = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { token });
  assert.deepEqual(got.body.answers, {});
  const stored = execFileSync('sqlite3', [srv.db, `SELECT answers FROM registrations WHERE code = '${r.body.code}'`], { encoding: 'utf8' });
  assert.equal(stored.trim(), '{}');
});
