// idempotency.test.mjs — the Idempotency-Key of public sign-up (API.md "Idempotent sign-up"): a
// repeat with the same key answers exactly as the first time and registers nobody twice, a key
// reused for another body is refused, malformed keys are refused, and no key behaves as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const SIGNUP = '/api/v1/editions/pastaza-2025/registrations';
const person = (n) => ({
  full_name: `Persona Idempotente ${n}`, email: `idem${n}@gad.gob.ec`, organization: 'GAD Municipal de Mera',
  attendee_type: 'official', consent: true,
});
const signUp = (body, key) => api(srv.url, 'POST', SIGNUP, { body, headers: key === undefined ? {} : { 'idempotency-key': key } });
const stored = (email) => Number(execFileSync('sqlite3', [srv.db,
  `SELECT count(*) FROM registrations WHERE email_norm = lower('${email}')`], { encoding: 'utf8' }).trim());

test('a repeat with the same key answers exactly as the first time and writes nothing more', async () => {
  const body = person(1);
  const first = await signUp(body, 'clave-1');
  assert.equal(first.status, 201, first.text);
  const again = await signUp(body, 'clave-1');
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.equal(stored(body.email), 1);
  const outbox = execFileSync('sqlite3', [srv.db,
    `SELECT count(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id WHERE r.code = '${first.body.code}'`],
  { encoding: 'utf8' }).trim();
  assert.equal(outbox, '1', 'one confirmation e-mail, not two');
});

test('without a key a repeat is a duplicate, as before', async () => {
  const body = person(2);
  assert.equal((await signUp(body)).status, 201);
  const again = await signUp(body);
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'duplicate_registration');
});

test('a key reused for another request is refused and writes nothing', async () => {
  assert.equal((await signUp(person(3), 'clave-3')).status, 201);
  const other = await signUp(person(4), 'clave-3');
  assert.equal(other.status, 409);
  assert.equal(other.body.error.code, 'conflict');
  assert.equal(other.body.error.field, 'Idempotency-Key');
  assert.equal(stored(person(4).email), 0);
});

test('the same key in another edition is another sign-up', async () => {
  const org = await api(srv.url, 'POST', '/api/v1/session', { body: { email: 'admin@test.ec', password: 'clave-de-prueba-123' } });
  const token = org.body.token;
  const created = await api(srv.url, 'POST', '/api/v1/editions', { token, body: {
    slug: 'prueba-idem', title: 'Edición de prueba', city: 'Puyo', venue: 'Coliseo', starts_on: '2027-11-20',
    ends_on: '2027-11-21', timezone: 'America/Guayaquil', status: 'open' } });
  assert.equal(created.status, 201, created.text);
  const a = await signUp(person(5), 'clave-5');
  const b = await api(srv.url, 'POST', '/api/v1/editions/prueba-idem/registrations',
    { body: person(5), headers: { 'idempotency-key': 'clave-5' } });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201, b.text);
  assert.notEqual(a.body.code, b.body.code);
});

test('a malformed key is refused before anything is written', async () => {
  for (const key of ['', 'a'.repeat(65), 'con espacio', 'tab\there']) {
    const r = await signUp(person(6), key);
    assert.equal(r.status, 400, `${JSON.stringify(key)}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, 'Idempotency-Key');
  }
  assert.equal(stored(person(6).email), 0);
});

test('concurrent repeats of one key register once and all answer the same', async () => {
  const body = person(7);
  const answers = await Promise.all(Array.from({ length: 12 }, () => signUp(body, 'clave-7')));
  const codes = new Set(answers.map((r) => r.body && r.body.code));
  for (const r of answers) assert.equal(r.status, 201, r.text);
  assert.equal(codes.size, 1);
  assert.equal(stored(body.email), 1);
});
