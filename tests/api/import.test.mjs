// Black-box tests of the CSV import of registrations (POST /api/v1/editions/{slug}/registrations/import
// and `asamblea import`): a dry run checks and writes nothing; an import creates every row in one go
// (201) and lists e-mails already registered or repeated in the file as duplicates; one bad row
// refuses the whole file (422 listing every bad line, nothing written); the capacity rule puts rows
// past the seats on the waitlist; each imported person receives the usual message with a manage
// link (through a real SMTP sink); staff cannot import; size, type and encoding are checked; and the
// command line gives the same report with its exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli, freePort, until } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';

const SLUG = 'importa-2027';
const STAFF = { email: 'staff@test.ec', password: 'clave-de-staff-123', role: 'staff', name: 'Staff' };
let srv, smtp, token;

before(async () => {
  smtp = await startSmtp(await freePort());
  srv = await startServer({ users: [STAFF], args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  token = await login(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug: SLUG, title: 'Importación 2027',
    city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', capacity: 3, status: 'open' } });
  assert.equal(r.status, 201, r.text);
});

after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

const importCsv = (text, { dry = false, as = token, type = 'text/csv; charset=utf-8' } = {}) =>
  api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations/import${dry ? '?dry_run=1' : ''}`,
    { token: as, raw: text, headers: { 'content-type': type } });

async function registrations() {
  const r = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations?limit=500`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const HEADER = 'full_name,email,organization,attendee_type,consent,municipality\r\n';

test('the template names every sign-up field; organizers only', async () => {
  const r = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations/import-template.csv`, { token });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  const fields = r.text.trim().split(',');
  for (const f of ['full_name', 'email', 'organization', 'position', 'municipality', 'phone', 'attendee_type', 'consent'])
    assert.ok(fields.includes(f), `${f} in ${r.text}`);
  assert.ok(!fields.includes('status'));
  const staff = await login(srv.url, STAFF.email, STAFF.password);
  assert.equal((await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations/import-template.csv`, { token: staff })).status, 403);
});

test('a dry run (Spanish headers, semicolons, BOM, quoted cells) reports what would happen and writes nothing', async () => {
  const before = (await registrations()).total;
  const csv = '\uFEFFNombre;Correo;Organización;Tipo;Consentimiento;Cantón\r\n' +
    '"Pérez; Ana";ana.dry@puyo.gob.ec;"GAD ""Puyo""";official;sí;Pastaza\r\n' +
    '\r\n' +
    'Luis Mal;no-es-correo;GAD;official;sí;\r\n' +
    'Rosa Tipo;rosa.dry@puyo.gob.ec;GAD;astronauta;x;\r\n' +
    'Ana Otra Vez;ANA.DRY@puyo.gob.ec;GAD;official;sí;\r\n';
  const r = await importCsv(csv, { dry: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.dry_run, true);
  assert.deepEqual(r.body.created.map((c) => [c.line, c.full_name, c.status]), [[2, 'Pérez; Ana', 'confirmed']]);
  assert.equal(r.body.created[0].code, undefined, 'a dry run makes no code');
  assert.deepEqual(r.body.errors.map((e) => [e.line, e.field]), [[4, 'email'], [5, 'attendee_type']]);
  for (const e of r.body.errors) assert.ok(e.message.length > 5);
  assert.deepEqual(r.body.duplicates.map((d) => [d.line, d.email, d.first_line, d.reason]),
    [[6, 'ANA.DRY@puyo.gob.ec', 2, 'repeated_in_file']]);
  assert.equal((await registrations()).total, before, 'nothing written');
});

test('one bad row refuses the file: 422 lists every bad line and nothing is written', async () => {
  const before = (await registrations()).total;
  const csv = HEADER + 'Buena Uno,buena1@x.ec,GAD,official,true,\r\n' +
    'Sin Correo,,GAD,official,true,\r\n' +
    'Buena Dos,buena2@x.ec,GAD,official,true,\r\n' +
    'Sin Consentimiento,malo@x.ec,GAD,official,no,\r\n' +
    'Extra,extra@x.ec,GAD,official,true,,sobra\r\n';
  const r = await importCsv(csv);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'validation_failed');
  assert.deepEqual(r.body.errors.map((e) => [e.line, e.field]), [[3, 'email'], [5, 'consent'], [6, null]]);
  assert.equal(r.body.error_count, 3);
  assert.equal((await registrations()).total, before, 'nothing written');
  const unknown = await importCsv('full_name,email,shoe_size\r\nA,a@x.ec,42\r\n');
  assert.equal(unknown.status, 422);
  assert.deepEqual(unknown.body.errors.map((e) => [e.line, e.field]), [[1, 'shoe_size']]);
});

test('an import creates every row (waitlist past capacity), lists duplicates, is audited, and mails manage links', async () => {
  const signup = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, { body: {
    full_name: 'Ya Inscrita', email: 'ya@x.ec', organization: 'GAD', attendee_type: 'official', consent: true } });
  assert.equal(signup.status, 201, signup.text);
  const before = (await registrations()).total;
  const csv = HEADER + 'José Ñacato,jose.imp@x.ec,GAD Pastaza,official,sí,Pastaza\n' +
    'Ya Inscrita,YA@x.ec,GAD,official,sí,\n' +
    'María Dos,maria.imp@x.ec,"GAD, Sur",academia,sí,\n' +
    'Pedro Tres,pedro.imp@x.ec,GAD,press,sí,\n' +
    'José Repetido,jose.imp@x.ec,GAD,official,sí,\n' +
    'Invitada,guest.imp@x.ec,AME,guest,sí,\n';
  const r = await importCsv(csv);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), `/api/v1/editions/${SLUG}/registrations`);
  assert.deepEqual(r.body.created.map((c) => [c.line, c.email, c.status]), [
    [2, 'jose.imp@x.ec', 'confirmed'], [4, 'maria.imp@x.ec', 'confirmed'], [5, 'pedro.imp@x.ec', 'waitlisted'],
    [7, 'guest.imp@x.ec', 'confirmed']]);
  assert.equal(r.body.created[2].waitlist_position, 1);
  for (const c of r.body.created) assert.match(c.code, /^[A-Z0-9-]+$/);
  assert.deepEqual(r.body.duplicates.map((d) => [d.line, d.reason]).sort(),
    [[3, 'already_registered'], [6, 'repeated_in_file']]);
  const after = await registrations();
  assert.equal(after.total, before + 4);
  const maria = after.items.find((i) => i.email === 'maria.imp@x.ec');
  assert.equal(maria.organization, 'GAD, Sur');

  const audit = await api(srv.url, 'GET', '/api/v1/audit?limit=20', { token });
  const entry = audit.body.items.find((i) => i.action === 'registrations.import');
  assert.ok(entry, JSON.stringify(audit.body.items.slice(0, 3)));
  assert.equal(entry.detail?.count ?? JSON.parse(entry.detail || '{}').count, 4);

  const jose = r.body.created[0];
  const msg = await until('the imported person\'s message', () =>
    smtp.messages().find((m) => m.meta.rcpt_tos.includes('jose.imp@x.ec')));
  const { body } = parseMessage(msg.raw);
  assert.ok(body.includes(`/r/${jose.code}?t=`), body);
  await until('the waitlisted person\'s message', () => smtp.messages().find((m) => m.meta.rcpt_tos.includes('pedro.imp@x.ec')));
});

test('staff may not import; wrong type, too large and non-UTF-8 files are refused', async () => {
  const staff = await login(srv.url, STAFF.email, STAFF.password);
  assert.equal((await importCsv(HEADER, { as: staff })).status, 403);
  assert.equal((await importCsv(HEADER, { type: 'text/plain' })).status, 415);
  const big = HEADER + 'x'.repeat(2 * 1024 * 1024);
  const tooBig = await importCsv(big);
  assert.equal(tooBig.status, 413);
  const latin1 = Buffer.concat([Buffer.from('full_name,email\r\nJos'), Buffer.from([0xe9]), Buffer.from(',j@x.ec\r\n')]);
  const notUtf8 = await importCsv(latin1);
  assert.equal(notUtf8.status, 400);
  assert.match(notUtf8.body.error.message, /UTF-8/);
  const rows = HEADER + 'A,a@x.ec,GAD,official,sí,\r\n'.repeat(5001);
  const tooMany = await importCsv(rows);
  assert.equal(tooMany.status, 400);
  assert.match(tooMany.body.error.message, /5000/);
  const empty = await importCsv('');
  assert.equal(empty.status, 400);
});

test('asamblea import: same report, exit 0 / 1 / 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-import-'));
  try {
    const db = join(dir, 'cli.db');
    assert.equal(cli(['seed', '--db', db]).status, 0);
    const file = join(dir, 'personas.csv');
    writeFileSync(file, 'nombre;correo;organización;tipo;consentimiento\nAna CLI;ana.cli@x.ec;GAD;official;sí\n' +
      'Beto CLI;beto.cli@x.ec;GAD;academia;sí\n');
    assert.equal(cli(['import', '--db', db, file]).status, 2, 'no --edition');
    assert.equal(cli(['import', '--db', db, '--edition', 'pastaza-2025', '--bogus', file]).status, 2);
    const dry = cli(['import', '--db', db, '--edition', 'pastaza-2025', '--dry-run', file]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(JSON.parse(dry.stdout).created.length, 2);
    const done = cli(['import', '--db', db, '--edition', 'pastaza-2025', file]);
    assert.equal(done.status, 0, done.stderr);
    const report = JSON.parse(done.stdout);
    assert.deepEqual(report.created.map((c) => c.line), [2, 3]);
    assert.ok(report.created.every((c) => c.code));
    const again = JSON.parse(cli(['import', '--db', db, '--edition', 'pastaza-2025', file]).stdout);
    assert.deepEqual(again.created, []);
    assert.deepEqual(again.duplicates.map((d) => d.reason), ['already_registered', 'already_registered']);
    writeFileSync(file, 'nombre;correo\nSin Organización;s@x.ec\n');
    const bad = cli(['import', '--db', db, '--edition', 'pastaza-2025', file]);
    assert.equal(bad.status, 1);
    assert.deepEqual(JSON.parse(bad.stdout).errors.map((e) => [e.line, e.field]), [[2, 'organization']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
