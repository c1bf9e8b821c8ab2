// Black-box tests of the accounts: an account's own password change, the administrators'
// operations (temporary passwords, roles, deactivation, the last-admin rule), password reset by
// e-mail (followed to a real SMTP server on loopback: tests/lib/smtp.mjs), the audit log's
// filters, and the `user` commands. One server for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, cli, freePort, until, ADMIN } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';

const sql = (db, query) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' }).trim();

let smtp;
let srv;
let admin;

before(async () => {
  smtp = await startSmtp(await freePort());
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  admin = await login(srv.url);
});

after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

/** Creates an account through the API (its password temporary, as the page does) and returns it. */
async function createAccount(email, role = 'staff', password = 'canelo-del-puyo-7') {
  const r = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email, name: `Cuenta ${email.split('@')[0]}`, role, password } });
  assert.equal(r.status, 201, r.text);
  return { ...r.body, password };
}

const session = (token) => api(srv.url, 'GET', '/api/v1/session', { token });
const ownPassword = (token, current_password, password) =>
  api(srv.url, 'PUT', '/api/v1/session/password', { token, body: { current_password, password } });
const loginStatus = async (email, password) =>
  (await api(srv.url, 'POST', '/api/v1/session', { body: { email, password } })).status;

/** The reset links mailed to `to`, oldest first (tokens). */
function mailedResetTokens(to) {
  return smtp.messages()
    .filter((m) => m.meta.rcpt_tos.includes(to))
    .map((m) => parseMessage(m.raw).body.match(/\/restablecer\?t=([A-Za-z0-9_-]{43})/))
    .filter(Boolean)
    .map((m) => m[1]);
}

test('a temporary password allows only the session routes until the account changes it; other sessions end',
  async () => {
    const acct = await createAccount('temporal@test.ec', 'organizer');
    assert.equal(acct.must_change_password, true);
    assert.equal(acct.active, true);
    const first = await login(srv.url, acct.email, acct.password);
    const second = await login(srv.url, acct.email, acct.password);
    assert.equal((await session(first)).body.user.must_change_password, true);
    const blocked = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/stats', { token: first });
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.error.code, 'forbidden');
    assert.match(blocked.body.error.message, /contraseña temporal/);

    const wrong = await ownPassword(first, 'no-es-la-clave-1', 'orquidea-de-mera-44');
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'current_password');
    const weak = await ownPassword(first, acct.password, 'password12');
    assert.equal(weak.status, 400);
    assert.equal(weak.body.error.field, 'password');
    const same = await ownPassword(first, acct.password, acct.password);
    assert.equal(same.status, 400);
    assert.equal(same.body.error.field, 'password');
    const missing = await api(srv.url, 'PUT', '/api/v1/session/password', { token: first, body: { password: 'x' } });
    assert.equal(missing.body.error.field, 'current_password');

    assert.equal((await ownPassword(first, acct.password, 'orquidea-de-mera-44')).status, 204);
    assert.equal((await session(first)).status, 200, 'the session that changed it stays');
    assert.equal((await session(second)).status, 401, 'every other session ended');
    assert.equal((await session(first)).body.user.must_change_password, false);
    assert.equal((await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/stats', { token: first })).status, 200);
    assert.equal(await loginStatus(acct.email, acct.password), 401);
    assert.equal(await loginStatus(acct.email, 'orquidea-de-mera-44'), 200);
    assert.equal((await api(srv.url, 'PUT', '/api/v1/session/password', { body: { current_password: 'a', password: 'b' } })).status, 401);
  });

test('admins create, list, promote, deactivate and reactivate accounts; deactivation ends sessions and sign-in',
  async () => {
    const acct = await createAccount('puerta@test.ec', 'staff');
    const promoted = await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { role: 'organizer' } });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'organizer');
    const token = await login(srv.url, acct.email, acct.password);
    const list = await api(srv.url, 'GET', '/api/v1/users', { token: admin });
    const row = list.body.items.find((u) => u.id === acct.id);
    assert.equal(row.active, true);
    assert.match(row.last_login_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.match(row.created_at, /^\d{4}-/);
    assert.equal(row.deactivated_at, null);
    assert.ok(!JSON.stringify(list.body).includes('argon2'));

    const off = await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { active: false } });
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    assert.match(off.body.deactivated_at, /^\d{4}-/);
    assert.equal((await session(token)).status, 401, 'its sessions ended');
    assert.equal(await loginStatus(acct.email, acct.password), 401, 'it cannot sign in');
    const on = await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { active: true } });
    assert.equal(on.body.active, true);
    assert.equal(await loginStatus(acct.email, acct.password), 200);

    const reset = await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { password: 'nuevo-cerro-hermoso-3' } });
    assert.equal(reset.body.must_change_password, true, 'a password set by an admin is temporary');
    const notTemp = await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { password: 'otro-cerro-hermoso-4', temporary_password: false } });
    assert.equal(notTemp.body.must_change_password, false);
    const bad = await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { active: 'no' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'active');
    const staffToken = await login(srv.url, acct.email, 'otro-cerro-hermoso-4');
    assert.equal((await api(srv.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: staffToken, body: { role: 'admin' } })).status, 403);

    const audit = await api(srv.url, 'GET', `/api/v1/audit?action=user.deactivate`, { token: admin });
    assert.ok(audit.body.items.some((a) => a.entity_id === String(acct.id) && a.user_email === ADMIN.email));
  });

test('the last active admin can be neither demoted, nor deactivated, nor deleted', async () => {
  const me = (await session(admin)).body.user;
  const demote = await api(srv.url, 'PATCH', `/api/v1/users/${me.id}`, { token: admin, body: { role: 'staff' } });
  assert.equal(demote.status, 409);
  assert.equal(demote.body.error.field, 'role');
  const off = await api(srv.url, 'PATCH', `/api/v1/users/${me.id}`, { token: admin, body: { active: false } });
  assert.equal(off.status, 409);
  assert.equal(off.body.error.field, 'active');
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/users/${me.id}`, { token: admin })).status, 409);
  // a deactivated second admin does not count
  const other = await createAccount('segunda@test.ec', 'admin');
  assert.equal((await api(srv.url, 'PATCH', `/api/v1/users/${other.id}`, { token: admin, body: { active: false } })).status, 200);
  assert.equal((await api(srv.url, 'PATCH', `/api/v1/users/${me.id}`, { token: admin, body: { role: 'organizer' } })).status, 409);
  assert.equal((await session(admin)).body.user.role, 'admin');
});

test('password reset: the same 202 for unknown and known addresses; the mailed link works once, ends sessions, voids other links',
  { timeout: 60000 }, async () => {
    const acct = await createAccount('olvido@test.ec', 'staff');
    const old = await login(srv.url, acct.email, acct.password);
    const unknown = await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: 'nadie@test.ec' } });
    const known = await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: 'Olvido@Test.ec' } });
    assert.equal(unknown.status, 202);
    assert.equal(known.status, 202);
    assert.deepEqual(unknown.body, known.body);
    assert.equal((await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: 'no-es-correo' } })).body.error.field, 'email');

    const [token] = await until('the reset e-mail', () => mailedResetTokens(acct.email).length && mailedResetTokens(acct.email));
    const msg = smtp.messages().find((m) => m.meta.rcpt_tos.includes(acct.email));
    assert.ok(parseMessage(msg.raw).body.includes('60 minutos'));
    assert.equal(smtp.messages().filter((m) => m.meta.rcpt_tos.includes('nadie@test.ec')).length, 0);
    assert.equal(sql(srv.db, "SELECT count(*) FROM outbox WHERE to_addr = 'nadie@test.ec'"), '0');
    assert.equal(sql(srv.db, "SELECT edition_id IS NULL FROM outbox WHERE kind = 'account.password_reset' LIMIT 1"), '1');
    assert.equal(sql(srv.db, `SELECT count(*) FROM password_resets WHERE hex(token_hash) LIKE '%${Buffer.from(token).toString('hex').toUpperCase()}%'`), '0', 'only a hash is stored');

    // a second link, then the first is used: the second stops working
    await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: acct.email } });
    const tokens = await until('the second reset e-mail', () => mailedResetTokens(acct.email).length === 2 && mailedResetTokens(acct.email));
    const weak = await api(srv.url, 'POST', `/api/v1/password-reset/${token}`, { body: { password: 'password12' } });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.error.field, 'password');
    assert.equal((await api(srv.url, 'POST', `/api/v1/password-reset/${token}`, { body: { password: 'lluvia-sobre-el-tena-8' } })).status, 204);
    assert.equal((await session(old)).status, 401, 'the reset ended every session');
    assert.equal(await loginStatus(acct.email, 'lluvia-sobre-el-tena-8'), 200);
    assert.equal((await api(srv.url, 'POST', `/api/v1/password-reset/${token}`, { body: { password: 'otra-lluvia-del-tena-9' } })).status, 404, 'used once');
    assert.equal((await api(srv.url, 'POST', `/api/v1/password-reset/${tokens[1]}`, { body: { password: 'otra-lluvia-del-tena-9' } })).status, 404, 'other links voided');
    assert.equal((await api(srv.url, 'POST', '/api/v1/password-reset/abc', { body: { password: 'otra-lluvia-del-tena-9' } })).status, 404);
    const audit = await api(srv.url, 'GET', '/api/v1/audit?action=user.password_reset', { token: admin });
    assert.equal(audit.body.items[0].entity_id, String(acct.id));
    assert.match(srv.log(), /POST \/api\/v1\/password-reset\/\{token\} 204/, 'the access log shows the route');
    for (const t of tokens) assert.ok(!srv.log().includes(t), 'no reset token in the log');
  });

test('password reset: an expired link is refused; a deactivated account gets no e-mail; three requests per address an hour',
  { timeout: 60000 }, async () => {
    const acct = await createAccount('vence@test.ec', 'staff');
    await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: acct.email } });
    const [token] = await until('the reset e-mail', () => mailedResetTokens(acct.email).length && mailedResetTokens(acct.email));
    const expires = sql(srv.db, `SELECT expires_at FROM password_resets WHERE user_id = ${acct.id}`);
    const created = sql(srv.db, `SELECT created_at FROM password_resets WHERE user_id = ${acct.id}`);
    assert.equal(Date.parse(expires) - Date.parse(created), 3600 * 1000, 'valid one hour');
    sql(srv.db, `UPDATE password_resets SET expires_at = '2000-01-01T00:00:00Z' WHERE user_id = ${acct.id}`);
    assert.equal((await api(srv.url, 'POST', `/api/v1/password-reset/${token}`, { body: { password: 'lluvia-sobre-el-tena-8' } })).status, 404);

    await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: acct.email } });
    await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: acct.email } });
    const limited = await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: acct.email } });
    assert.equal(limited.status, 202, 'the same answer over the limit');
    assert.equal(sql(srv.db, `SELECT count(*) FROM outbox WHERE to_addr = '${acct.email}'`), '3', 'but no fourth e-mail');

    const off = await createAccount('apagada@test.ec', 'staff');
    await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: off.email } });
    const [link] = await until('the reset e-mail', () => mailedResetTokens(off.email).length && mailedResetTokens(off.email));
    await api(srv.url, 'PATCH', `/api/v1/users/${off.id}`, { token: admin, body: { active: false } });
    assert.equal((await api(srv.url, 'POST', `/api/v1/password-reset/${link}`, { body: { password: 'lluvia-sobre-el-tena-8' } })).status, 404,
      'a link of an account deactivated since does not work');
    assert.equal((await api(srv.url, 'POST', '/api/v1/password-reset', { body: { email: off.email } })).status, 202);
    assert.equal(sql(srv.db, `SELECT count(*) FROM outbox WHERE to_addr = '${off.email}'`), '1', 'no e-mail to a deactivated account');
  });

test('audit: filters by user, action and day, newest first, validated', async () => {
  const me = (await session(admin)).body.user;
  const all = await api(srv.url, 'GET', '/api/v1/audit?limit=500', { token: admin });
  assert.equal(all.status, 200);
  const ids = all.body.items.map((a) => a.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  const mine = await api(srv.url, 'GET', `/api/v1/audit?user_id=${me.id}&limit=500`, { token: admin });
  assert.ok(mine.body.total > 0);
  assert.ok(mine.body.items.every((a) => a.user_id === me.id && a.user_name === ADMIN.name));
  const creates = await api(srv.url, 'GET', '/api/v1/audit?action=user.create&limit=2', { token: admin });
  assert.equal(creates.body.items.length, 2);
  assert.ok(creates.body.total >= 5);
  assert.ok(creates.body.items.every((a) => a.action === 'user.create'));
  const page2 = await api(srv.url, 'GET', '/api/v1/audit?action=user.create&limit=2&offset=2', { token: admin });
  assert.ok(page2.body.items[0].id < creates.body.items[1].id);
  const today = new Date(Date.now() - 5 * 3600 * 1000).toISOString().slice(0, 10); // the day in Ecuador
  const inDay = await api(srv.url, 'GET', `/api/v1/audit?from=${today}&to=${today}&action=user.create`, { token: admin });
  assert.equal(inDay.body.total, creates.body.total);
  const later = await api(srv.url, 'GET', '/api/v1/audit?from=2999-01-01', { token: admin });
  assert.equal(later.body.total, 0);
  const earlier = await api(srv.url, 'GET', '/api/v1/audit?to=2000-01-01', { token: admin });
  assert.equal(earlier.body.total, 0);
  for (const [query, field] of [['from=2025-13-01', 'from'], ['to=ayer', 'to'], ['user_id=abc', 'user_id'],
    ['user_id=0', 'user_id'], ['from=2025-02-01&to=2025-01-01', 'to'], [`action=${'x'.repeat(65)}`, 'action'], ['limit=0', 'limit']]) {
    const r = await api(srv.url, 'GET', `/api/v1/audit?${query}`, { token: admin });
    assert.equal(r.status, 400, query);
    assert.equal(r.body.error.field, field, query);
  }
  const actions = await api(srv.url, 'GET', '/api/v1/audit/actions', { token: admin });
  assert.ok(actions.body.items.includes('user.create') && actions.body.items.includes('user.password_reset'));
  const staff = await login(srv.url, 'temporal@test.ec', 'orquidea-de-mera-44');
  assert.equal((await api(srv.url, 'GET', '/api/v1/audit', { token: staff })).status, 403);
});

test('CLI: user passwd, set-role, deactivate and reactivate; the last admin stays', async () => {
  const acct = await createAccount('consola@test.ec', 'staff');
  const token = await login(srv.url, acct.email, acct.password);
  const weak = cli(['user', 'passwd', '--db', srv.db, '--email', acct.email], { input: 'password12\n' });
  assert.equal(weak.status, 2);
  assert.match(weak.stderr, /password refused/);
  const ok = cli(['user', 'passwd', '--db', srv.db, '--email', acct.email], { input: 'volcan-tungurahua-12\n' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((await session(token)).status, 401);
  assert.equal(await loginStatus(acct.email, 'volcan-tungurahua-12'), 200);
  assert.equal(cli(['user', 'passwd', '--db', srv.db, '--email', 'nadie@test.ec'], { input: 'volcan-tungurahua-12\n' }).status, 2);
  assert.equal(cli(['user', 'set-role', '--db', srv.db, '--email', acct.email, '--role', 'organizer']).status, 0);
  assert.equal(cli(['user', 'set-role', '--db', srv.db, '--email', acct.email, '--role', 'rey']).status, 2);
  assert.equal(cli(['user', 'deactivate', '--db', srv.db, '--email', acct.email]).status, 0);
  assert.match(cli(['user', 'list', '--db', srv.db]).stdout, /consola@test\.ec.*\(deactivated\)/);
  assert.equal(await loginStatus(acct.email, 'volcan-tungurahua-12'), 401);
  assert.equal(cli(['user', 'reactivate', '--db', srv.db, '--email', acct.email]).status, 0);
  assert.equal(await loginStatus(acct.email, 'volcan-tungurahua-12'), 200);
  const last = cli(['user', 'deactivate', '--db', srv.db, '--email', ADMIN.email]);
  assert.equal(last.status, 1);
  assert.match(last.stderr, /last active admin/);
  const help = cli(['--help']).stdout;
  for (const sub of ['passwd --email E', 'set-role --email E', 'deactivate --email E', 'reactivate --email E'])
    assert.ok(help.includes(`asamblea user ${sub}`), sub);
});
