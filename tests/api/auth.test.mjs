// Black-box tests of accounts: login/logout, cookie and bearer, roles, the cross-origin guard,
// rate-limited failed logins, admin-only user management, and the command-line `user add`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, cli, ADMIN } from '../lib/server.mjs';

const ORGANIZER = { email: 'org@test.ec', password: 'organiza-2025-x', role: 'organizer', name: 'Organizadora' };
const STAFF = { email: 'puerta@test.ec', password: 'puerta-2025-xx', role: 'staff', name: 'Puerta 1' };

let srv;
before(async () => { srv = await startServer({ seed: true, users: [ORGANIZER, STAFF] }); });
after(async () => { await srv?.stop(); });

test('login answers token and user, and sets an HttpOnly SameSite=Strict cookie', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: ADMIN.password } });
  assert.equal(r.status, 200);
  assert.match(r.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(Object.keys(r.body.user).sort(), ['active', 'email', 'id', 'must_change_password', 'name', 'role']);
  assert.equal(r.body.user.role, 'admin');
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^asamblea_session=[A-Za-z0-9_-]{43};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(JSON.stringify(r.body), /argon2|"password(_hash)?"/);
});

test('login email is case-insensitive', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
  assert.equal(r.status, 200);
});

test('wrong password and unknown email both answer the same 401', async () => {
  const a = await api(srv.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: 'wrong-password' } });
  const b = await api(srv.url, 'POST', '/api/v1/session', { body: { email: 'nobody@test.ec', password: 'wrong-password' } });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(a.body, b.body);
  assert.equal(a.body.error.code, 'unauthorized');
});

test('login with a missing field is 400 validation_failed naming it', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'validation_failed');
  assert.equal(r.body.error.field, 'password');
  const t = await api(srv.url, 'POST', '/api/v1/session', { body: { email: 42, password: 'x' } });
  assert.equal(t.status, 400);
  assert.equal(t.body.error.code, 'bad_request');
  assert.equal(t.body.error.field, 'email');
});

test('GET /session works with Bearer and with the cookie; 401 without', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/session', { body: { email: STAFF.email, password: STAFF.password } });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const byBearer = await api(srv.url, 'GET', '/api/v1/session', { token: r.body.token });
  assert.equal(byBearer.status, 200);
  assert.equal(byBearer.body.user.email, STAFF.email);
  const byCookie = await api(srv.url, 'GET', '/api/v1/session', { headers: { cookie } });
  assert.equal(byCookie.status, 200);
  const none = await api(srv.url, 'GET', '/api/v1/session');
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'unauthorized');
  const bogus = await api(srv.url, 'GET', '/api/v1/session', { token: 'x'.repeat(43) });
  assert.equal(bogus.status, 401);
});

test('DELETE /session ends it: the token stops working and the cookie is cleared', async () => {
  const token = await login(srv.url, STAFF.email, STAFF.password);
  const d = await api(srv.url, 'DELETE', '/api/v1/session', { token });
  assert.equal(d.status, 204);
  assert.match(d.headers.get('set-cookie'), /Max-Age=0/);
  const after = await api(srv.url, 'GET', '/api/v1/session', { token });
  assert.equal(after.status, 401);
});

test('roles: anonymous 401, staff and organizer 403, admin 200 on admin routes', async () => {
  const org = await login(srv.url, ORGANIZER.email, ORGANIZER.password);
  const staff = await login(srv.url, STAFF.email, STAFF.password);
  const admin = await login(srv.url);
  assert.equal((await api(srv.url, 'GET', '/api/v1/users')).status, 401);
  assert.equal((await api(srv.url, 'GET', '/api/v1/users', { token: staff })).body.error.code, 'forbidden');
  assert.equal((await api(srv.url, 'GET', '/api/v1/users', { token: org })).status, 403);
  const list = await api(srv.url, 'GET', '/api/v1/users', { token: admin });
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 3);
  assert.doesNotMatch(JSON.stringify(list.body), /argon2|"password(_hash)?"/);
  // organizer writes: staff cannot, organizer can
  const patch = { venue: 'Coliseo' };
  assert.equal((await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body: patch })).status, 401);
  assert.equal((await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body: patch, token: staff })).status, 403);
  assert.equal((await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body: patch, token: org })).status, 200);
});

test('a cookie-authenticated write naming another origin is 403; same origin passes', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/session', { body: { email: ORGANIZER.email, password: ORGANIZER.password } });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const body = { description: 'Descripción de prueba' };
  const evil = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body, headers: { cookie, origin: 'https://evil.example' } });
  assert.equal(evil.status, 403);
  assert.equal(evil.body.error.code, 'forbidden');
  const site = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body, headers: { cookie, 'sec-fetch-site': 'cross-site' } });
  assert.equal(site.status, 403);
  const same = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body, headers: { cookie, origin: srv.url } });
  assert.equal(same.status, 200);
  // a bearer token is not sent by browsers on their own, so Origin does not matter for it
  const bearer = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { body, token: r.body.token, headers: { origin: 'https://evil.example' } });
  assert.equal(bearer.status, 200);
});

test('users: admin creates, changes, deletes; validation and conflicts', async () => {
  const admin = await login(srv.url);
  const bad = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'no-at', name: 'X', role: 'staff', password: 'long-enough-1' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'email');
  const role = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'a@test.ec', name: 'X', role: 'king', password: 'long-enough-1' } });
  assert.equal(role.body.error.field, 'role');
  const short = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'a@test.ec', name: 'X', role: 'staff', password: 'short' } });
  assert.equal(short.body.error.field, 'password');
  const created = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'Nueva@Test.ec', name: 'Nueva Persona', role: 'staff', password: 'una-clave-larga' } });
  assert.equal(created.status, 201);
  assert.equal(created.body.role, 'staff');
  assert.equal(created.headers.get('location'), `/api/v1/users/${created.body.id}`);
  const dup = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'nueva@test.ec', name: 'Y', role: 'staff', password: 'una-clave-larga' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict');
  const promoted = await api(srv.url, 'PATCH', `/api/v1/users/${created.body.id}`, { token: admin, body: { role: 'organizer' } });
  assert.equal(promoted.status, 200);
  assert.equal(promoted.body.role, 'organizer');
  // a password change ends the user's sessions
  const t = await login(srv.url, 'nueva@test.ec', 'una-clave-larga');
  await api(srv.url, 'PATCH', `/api/v1/users/${created.body.id}`, { token: admin, body: { password: 'otra-clave-larga' } });
  assert.equal((await api(srv.url, 'GET', '/api/v1/session', { token: t })).status, 401);
  assert.ok(await login(srv.url, 'nueva@test.ec', 'otra-clave-larga'));
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/users/${created.body.id}`, { token: admin })).status, 204);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/users/${created.body.id}`, { token: admin })).status, 404);
  assert.equal((await api(srv.url, 'PATCH', '/api/v1/users/abc', { token: admin, body: {} })).status, 404);
});

const DICTIONARY_PASSWORDS = ['password12', '1234567890', 'aaaaaaaaaa', 'qwertyuiop'];

test('users: dictionary and trivial passwords are refused on create and change, with the reason in Spanish', async () => {
  const admin = await login(srv.url);
  for (const password of DICTIONARY_PASSWORDS) {
    const r = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'debil@test.ec', name: 'Débil', role: 'staff', password } });
    assert.equal(r.status, 400, `${password} was accepted`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, 'password');
    assert.match(r.body.error.message, /^La contraseña /, r.body.error.message);
    assert.doesNotMatch(r.body.error.message, /dictionary|simplistic|DIFFERENT/, 'no English from the library');
  }
  const why = async (password) => (await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'debil@test.ec', name: 'Débil', role: 'staff', password } })).body.error.message;
  assert.match(await why('password12'), /diccionario/);
  assert.match(await why('aaaaaaaaaa'), /caracteres distintos/);
  assert.match(await why('1234567890'), /secuencia/);
  assert.match(await why('corta'), /al menos 10 caracteres/);
  const user = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'fuerte@test.ec', name: 'Fuerte', role: 'staff', password: 'río-verde-al-amanecer' } });
  assert.equal(user.status, 201, 'a passphrase is accepted');
  for (const password of DICTIONARY_PASSWORDS) {
    const r = await api(srv.url, 'PATCH', `/api/v1/users/${user.body.id}`, { token: admin, body: { password } });
    assert.equal(r.status, 400, `PATCH accepted ${password}`);
    assert.equal(r.body.error.field, 'password');
  }
  assert.ok(await login(srv.url, 'fuerte@test.ec', 'río-verde-al-amanecer'), 'a refused change keeps the old password');
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/users/${user.body.id}`, { token: admin })).status, 204);
});

test('CLI: user add refuses a dictionary password with the reason, and creates nothing', async () => {
  const own = await startServer({ seed: false });
  try {
    for (const password of DICTIONARY_PASSWORDS) {
      const r = cli(['user', 'add', '--db', own.db, '--email', 'debil@test.ec', '--role', 'staff', '--name', 'X'], { input: password + '\n' });
      assert.equal(r.status, 2, `${password} was accepted: ${r.stdout}`);
      assert.match(r.stderr, /password/);
    }
    const list = cli(['user', 'list', '--db', own.db]);
    assert.doesNotMatch(list.stdout, /debil@test\.ec/);
  } finally {
    await own.stop();
  }
});

test('the last admin can be neither demoted nor deleted', async () => {
  const admin = await login(srv.url);
  const me = (await api(srv.url, 'GET', '/api/v1/session', { token: admin })).body.user;
  const demote = await api(srv.url, 'PATCH', `/api/v1/users/${me.id}`, { token: admin, body: { role: 'staff' } });
  assert.equal(demote.status, 409);
  const del = await api(srv.url, 'DELETE', `/api/v1/users/${me.id}`, { token: admin });
  assert.equal(del.status, 409);
});

test('every organizer and admin write is in the audit log with who did it', async () => {
  const admin = await login(srv.url);
  const log = await api(srv.url, 'GET', '/api/v1/audit?limit=100', { token: admin });
  assert.equal(log.status, 200);
  const actions = log.body.items.map((e) => e.action);
  assert.ok(actions.includes('edition.update'));
  assert.ok(actions.includes('user.create'));
  assert.ok(actions.includes('user.delete'));
  const upd = log.body.items.find((e) => e.action === 'edition.update');
  assert.equal(upd.entity, 'edition');
  assert.equal(upd.entity_id, 'pastaza-2025');
  assert.ok(upd.user_email);
  assert.match(upd.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const badLimit = await api(srv.url, 'GET', '/api/v1/audit?limit=0', { token: admin });
  assert.equal(badLimit.status, 400);
  assert.equal(badLimit.body.error.field, 'limit');
});

test('failed logins are rate-limited per address with 429 and Retry-After', async () => {
  const own = await startServer({ seed: false });
  try {
    let last;
    for (let i = 0; i < 11; i++) {
      last = await api(own.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: 'wrong-' + i } });
    }
    assert.equal(last.status, 429);
    assert.equal(last.body.error.code, 'rate_limited');
    const retry = Number(last.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry}`);
    // even the right password waits now
    const right = await api(own.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: ADMIN.password } });
    assert.equal(right.status, 429);
  } finally {
    await own.stop();
  }
});

test('CLI: user add reads the password from stdin and refuses bad input', async () => {
  const own = await startServer({ seed: false });
  try {
    const ok = cli(['user', 'add', '--db', own.db, '--email', 'cli@test.ec', '--role', 'organizer', '--name', 'Desde CLI'], { input: 'clave-desde-cli\n' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(await login(own.url, 'cli@test.ec', 'clave-desde-cli'));
    const dup = cli(['user', 'add', '--db', own.db, '--email', 'cli@test.ec', '--role', 'organizer', '--name', 'X'], { input: 'clave-desde-cli\n' });
    assert.notEqual(dup.status, 0);
    const badRole = cli(['user', 'add', '--db', own.db, '--email', 'x@test.ec', '--role', 'boss', '--name', 'X'], { input: 'clave-desde-cli\n' });
    assert.equal(badRole.status, 2);
    const shortPw = cli(['user', 'add', '--db', own.db, '--email', 'x@test.ec', '--role', 'staff', '--name', 'X'], { input: 'corta\n' });
    assert.equal(shortPw.status, 2);
    const ensure = cli(['user', 'ensure-admin', '--db', own.db]);
    assert.equal(ensure.status, 0);
    assert.equal(ensure.stdout, '', 'an admin exists already: nothing created, nothing printed');
  } finally {
    await own.stop();
  }
});

// --- clock jumps: the server runs under libfaketime, whose offset file the test rewrites. The
// monotonic and boot clocks stay real (FAKETIME_DONT_FAKE_MONOTONIC), as they do when an
// administrator or NTP steps a real machine's clock.
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/** A server whose wall clock is real + the offset last given to setClock ("+12h", "-1d", "+0"). */
async function serverWithMovableClock(users = []) {
  const { mkdtempSync, writeFileSync, renameSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-clock-'));
  const file = join(dir, 'offset');
  const setClock = (offset) => { writeFileSync(file + '.new', offset + '\n'); renameSync(file + '.new', file); };
  setClock('+0');
  const own = await startServer({ seed: false, users, env: {
    LD_PRELOAD: FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE: file, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1',
  } });
  return { own, setClock, dir };
}

/** Runs body with a movable-clock server; skipped (and named) when libfaketime is not installed. */
async function withMovableClock(t, users, body) {
  const { existsSync, rmSync } = await import('node:fs');
  if (!existsSync(FAKETIME_LIB)) return t.skip('libfaketime is not installed (tools/deps.sh installs it)');
  const { own, setClock, dir } = await serverWithMovableClock(users);
  try {
    await body(own, setClock);
  } finally {
    setClock('+0');
    await own.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's wall clock as its own Date header says, in seconds. */
async function serverClock(url) {
  const r = await fetch(url + '/healthz');
  await r.text();
  return Date.parse(r.headers.get('date')) / 1000;
}

test('a login while the clock is 12 h ahead deletes no other session', async (t) => {
  await withMovableClock(t, [STAFF], async (own, setClock) => {
    const staff = await login(own.url, STAFF.email, STAFF.password);
    setClock('+12h');
    assert.ok(await serverClock(own.url) - Date.now() / 1000 > 11 * 3600, 'the server clock moved ahead');
    assert.equal((await api(own.url, 'GET', '/api/v1/session', { token: staff })).status, 200,
      'a session of this boot is not ended by the wall clock running ahead');
    await login(own.url); // the admin logs in: this prunes expired sessions
    setClock('+0');
    const r = await api(own.url, 'GET', '/api/v1/session', { token: staff });
    assert.equal(r.status, 200, 'the staff session survived the login made while the clock was ahead');
  });
});

test('a session made while the clock was a day behind lives on once the clock is corrected', async (t) => {
  await withMovableClock(t, [STAFF], async (own, setClock) => {
    setClock('-1d');
    assert.ok(Date.now() / 1000 - await serverClock(own.url) > 23 * 3600, 'the server clock moved back');
    const staff = await login(own.url, STAFF.email, STAFF.password);
    setClock('+0');
    const r = await api(own.url, 'GET', '/api/v1/session', { token: staff });
    assert.equal(r.status, 200, 'the session still works after the correction');
  });
});

test('after a jump back, a login lockout still ends within its window; a jump ahead does not lift it', async (t) => {
  await withMovableClock(t, [], async (own, setClock) => {
    let last;
    for (let i = 0; i < 11; i++) {
      last = await api(own.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: 'wrong-' + i } });
    }
    assert.equal(last.status, 429);
    setClock('-1h');
    const back = await api(own.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: ADMIN.password } });
    assert.equal(back.status, 429);
    const retry = Number(back.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry} s, the window is 900 s`);
    setClock('+1h');
    const ahead = await api(own.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: ADMIN.password } });
    assert.equal(ahead.status, 429, 'moving the clock ahead does not end the lockout');
    assert.ok(Number(ahead.headers.get('retry-after')) <= 900);
  });
});
