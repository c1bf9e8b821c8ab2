// Black-box tests of the LOPDP rights: an attendee downloads all their data with the manage
// link; organizers anonymize one registration, or every registration of an archived edition,
// keeping counts and the check-in record; personal data never reaches the access log; after an
// anonymization no erased value is left in the raw bytes of the database, its WAL or its SHM; an
// organizer's download of someone's data is written to the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, api, login, until } from '../lib/server.mjs';

let srv, admin;
before(async () => { srv = await startServer(); admin = await login(srv.url); });
after(async () => { await srv?.stop(); });

const register = async (slug, name, email, token) => (await api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, {
  token, body: { full_name: name, email, organization: 'GAD Municipal de Arajuno', phone: '0991234567', attendee_type: token ? 'guest' : 'official', consent: true },
})).body;

test('an attendee downloads everything kept about them', async () => {
  const r = await register('pastaza-2025', 'Rosa Tanguila', 'rosa@arajuno.gob.ec');
  await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/checkins', { token: admin, body: { code: r.code, device: 'puerta-1' } });
  const d = await api(srv.url, 'GET', `/api/v1/registrations/${r.code}/data`, { headers: { 'x-manage-token': r.manage_token } });
  assert.equal(d.status, 200);
  assert.match(d.headers.get('content-disposition'), /attachment; filename="mis-datos-/);
  assert.equal(d.body.registration.full_name, 'Rosa Tanguila');
  assert.equal(d.body.registration.email, 'rosa@arajuno.gob.ec');
  assert.equal(d.body.registration.phone, '0991234567');
  assert.ok(d.body.registration.consent_at);
  assert.equal(d.body.checkins.length, 1);
  assert.equal(d.body.checkins[0].device, 'puerta-1');
  assert.ok(d.body.messages.some((m) => m.kind === 'registration.confirmed'));
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${r.code}/data`, { headers: { 'x-manage-token': 'x' } })).status, 404);
});

test('organizers anonymize one registration: personal data gone, counts and check-in kept, link revoked', async () => {
  const r = await register('pastaza-2025', 'Pedro Grefa', 'pedro@arajuno.gob.ec');
  await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/checkins', { token: admin, body: { code: r.code } });
  const before = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/stats', { token: admin });
  assert.equal((await api(srv.url, 'POST', `/api/v1/registrations/${r.code}/anonymize`, { headers: { 'x-manage-token': r.manage_token } })).status, 401);
  const a = await api(srv.url, 'POST', `/api/v1/registrations/${r.code}/anonymize`, { token: admin });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.full_name, 'Persona anonimizada');
  assert.doesNotMatch(JSON.stringify(a.body), /Pedro|Grefa|pedro@|0991234567|Arajuno/);
  assert.ok(a.body.checked_in_at, 'the check-in record stays');
  const after = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/stats', { token: admin });
  assert.equal(after.body.confirmed, before.body.confirmed);
  assert.equal(after.body.checked_in, before.body.checked_in);
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${r.code}`, { headers: { 'x-manage-token': r.manage_token } })).status, 404, 'the manage link no longer works');
  const list = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/registrations?q=grefa', { token: admin });
  assert.equal(list.body.total, 0, 'not findable by the old name');
  const outbox = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/outbox', { token: admin });
  assert.ok(!outbox.body.items.some((m) => m.to === 'pedro@arajuno.gob.ec'));
  const log = await api(srv.url, 'GET', '/api/v1/audit?limit=50', { token: admin });
  assert.ok(log.body.items.some((e) => e.action === 'registration.anonymize'));
  // the same email may register again
  assert.ok((await register('pastaza-2025', 'Pedro Grefa', 'pedro@arajuno.gob.ec')).code);
});

test('anonymizing a whole edition only once it is archived', async () => {
  await register('latacunga-2024', 'Invitada Antigua', 'antigua@m.ec', admin);
  const open = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/anonymize', { token: admin });
  assert.equal(open.status, 409);
  const done = await api(srv.url, 'POST', '/api/v1/editions/latacunga-2024/anonymize', { token: admin });
  assert.equal(done.status, 200);
  assert.ok(done.body.anonymized >= 1);
  const list = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/registrations.json', { token: admin });
  assert.ok(list.body.items.every((i) => i.full_name === 'Persona anonimizada' && i.email.endsWith('@invalid')));
  assert.equal((await api(srv.url, 'POST', '/api/v1/editions/latacunga-2024/anonymize', { token: admin })).body.anonymized, 0);
});

test('personal data never appears in the log', async () => {
  await register('pastaza-2025', 'Nombre Muy Único', 'unico.en.el.log@m.ec');
  const before = (srv.log().match(/^POST \/api\/v1\/session 401 /gm) || []).length;
  await api(srv.url, 'POST', '/api/v1/session', { body: { email: 'unico.en.el.log@m.ec', password: 'wrong-password' } });
  await until('the failed login in the log', () => (srv.log().match(/^POST \/api\/v1\/session 401 /gm) || []).length > before);
  assert.doesNotMatch(srv.log(), /Muy Único|unico\.en\.el\.log|0991234567/);
});

/** The erased values (UTF-8, and as the search column folds them) found in the raw bytes of the
 * database, its WAL and its SHM: ["file: value", ...]. */
function leftovers(values) {
  const hits = [];
  for (const f of [srv.db, `${srv.db}-wal`, `${srv.db}-shm`].filter((x) => existsSync(x))) {
    const bytes = readFileSync(f);
    for (const v of values) if (bytes.includes(Buffer.from(v, 'utf8'))) hits.push(`${f}: ${v}`);
  }
  return hits;
}

const personal = (tag, phone) => ({
  full_name: `Zoila Quishpe Ñ${tag}`, email: `zoila.borrable.${tag}@arajuno.gob.ec`,
  organization: `GAD Parroquial Borrable ${tag}`, position: `Técnica borrable ${tag}`,
  phone, accessibility_needs: `Intérprete de señas borrable ${tag}`,
});
const erasedValues = (p, tag) => [p.full_name, p.email, p.organization, p.position, p.phone, p.accessibility_needs,
  `zoila quishpe n${tag}`]; // the accent-folded search text

test('after anonymizing, no erased value is left in the raw bytes of the database, the WAL or the SHM', async () => {
  const one = personal('uno', '+593 98 765 4321'), all = personal('dos', '(03) 288-1357');
  const a = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations',
    { body: { ...one, attendee_type: 'official', consent: true } });
  assert.equal(a.status, 201, a.text);
  const b = await api(srv.url, 'POST', '/api/v1/editions/latacunga-2024/registrations',
    { token: admin, body: { ...all, attendee_type: 'guest', consent: true } });
  assert.equal(b.status, 201, b.text);
  await api(srv.url, 'PATCH', `/api/v1/registrations/${a.body.code}`, { token: admin, body: { municipality: 'Arajuno' } });
  // some of it reaches the database file, some stays in the WAL
  execFileSync('sqlite3', [srv.db, 'PRAGMA wal_checkpoint(PASSIVE);']);
  assert.ok(leftovers(erasedValues(one, 'uno')).length > 0, 'the values are on disk before');

  const r = await api(srv.url, 'POST', `/api/v1/registrations/${a.body.code}/anonymize`, { token: admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(leftovers(erasedValues(one, 'uno')), [], 'one registration');
  assert.equal((await api(srv.url, 'POST', '/api/v1/editions/latacunga-2024/anonymize', { token: admin })).status, 200);
  assert.deepEqual(leftovers(erasedValues(all, 'dos')), [], 'a whole edition');
});

test("an organizer's download of someone's data is in the audit log; the person's own download is not", async () => {
  const r = await register('pastaza-2025', 'Julia Andi', 'julia.auditada@arajuno.gob.ec');
  const exports = async () => (await api(srv.url, 'GET', '/api/v1/audit?limit=500', { token: admin })).body.items
    .filter((a) => a.action === 'registration.data_export' && a.entity_id === r.code);
  const own = await api(srv.url, 'GET', `/api/v1/registrations/${r.code}/data`, { headers: { 'x-manage-token': r.manage_token } });
  assert.equal(own.status, 200);
  assert.deepEqual(await exports(), [], 'the person reading their own data is not audited');
  const d = await api(srv.url, 'GET', `/api/v1/registrations/${r.code}/data`, { token: admin });
  assert.equal(d.status, 200);
  assert.equal(d.body.registration.email, 'julia.auditada@arajuno.gob.ec');
  const rows = await exports();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].entity, 'registration');
  assert.equal(rows[0].user_email, 'admin@test.ec');
  assert.equal((await api(srv.url, 'GET', '/api/v1/registrations/NOEXISTE/data', { token: admin })).status, 404);
  assert.equal((await exports()).length, 1, 'a refused download adds nothing');
});
