// signup.test.mjs — the public sign-up is no mail cannon: sign-ups are limited per client address
// (serve --signup-limit; a repeat of an Idempotency-Key is not counted; organizers never are), an
// edition may ask each sign-up to confirm its e-mail address first (double opt-in: the message to
// an unconfirmed address carries nothing the sign-up typed), and addresses the mailer cannot send
// to (non-ASCII) are refused at the edge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, api, login, BIN, freePort, until } from '../lib/server.mjs';
import { decodeWords, parseMessage, startSmtp } from '../lib/smtp.mjs';

const LIMIT = 3;
let srv, smtp, token;
before(async () => {
  smtp = await startSmtp(await freePort()); // the messages are read as their recipients get them
  srv = await startServer({ args: ['--signup-limit', String(LIMIT), '--smtp-url', `smtp://127.0.0.1:${smtp.port}`,
    '--mail-interval', '1'] });
  token = await login(srv.url);
});
after(async () => { await srv?.stop(); await smtp?.stop(); });

let seq = 0;
const person = (over = {}) => ({
  full_name: `Persona ${++seq}`, email: `signup${seq}@municipio.gob.ec`, organization: 'GAD Municipal de Mera',
  attendee_type: 'official', consent: true, ...over,
});
const path = (slug) => `/api/v1/editions/${slug}/registrations`;
const sql = (db, query) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' }).trim();

/** A sign-up sent from a given loopback address (the server sees it as the client's address). */
function signUpFrom(base, slug, body, { localAddress = '127.0.0.1', headers = {} } = {}) {
  const { port } = new URL(base);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: path(slug), localAddress, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let body;
        try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('no answer in 10 s')));
    req.end(payload);
  });
}

async function newEdition(slug, extra = {}) {
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: {
    slug, title: `Edición ${slug}`, city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', status: 'open', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('past --signup-limit one address gets 429 with Retry-After; another address and organizers still sign up', async () => {
  await newEdition('limite-1');
  for (let i = 0; i < LIMIT; i++) {
    const r = await signUpFrom(srv.url, 'limite-1', person(), { localAddress: '127.0.0.11' });
    assert.equal(r.status, 201, r.text);
  }
  const refused = await signUpFrom(srv.url, 'limite-1', person(), { localAddress: '127.0.0.11' });
  assert.equal(refused.status, 429, refused.text);
  assert.equal(refused.body.error.code, 'rate_limited');
  const wait = Number(refused.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 600, `Retry-After ${refused.headers['retry-after']}`);
  assert.equal(sql(srv.db, "SELECT count(*) FROM registrations r JOIN editions e ON e.id = r.edition_id WHERE e.slug = 'limite-1'"), String(LIMIT));
  // the limit is per address: another one is still accepted
  assert.equal((await signUpFrom(srv.url, 'limite-1', person(), { localAddress: '127.0.0.12' })).status, 201);
  // organizers are never throttled
  const org = await signUpFrom(srv.url, 'limite-1', person(), { localAddress: '127.0.0.11', headers: { authorization: `Bearer ${token}` } });
  assert.equal(org.status, 201, org.text);
});

test('concurrent sign-ups from one address cannot pass the limit together', async () => {
  await newEdition('limite-2');
  const all = await Promise.all(Array.from({ length: 12 }, () => signUpFrom(srv.url, 'limite-2', person(), { localAddress: '127.0.0.13' })));
  assert.equal(all.filter((r) => r.status === 201).length, LIMIT);
  assert.equal(all.filter((r) => r.status === 429).length, 12 - LIMIT);
});

test('a repeat with the same Idempotency-Key is not counted twice, and is answered even past the limit', async () => {
  await newEdition('limite-3');
  const from = { localAddress: '127.0.0.14' };
  const body = person();
  const first = await signUpFrom(srv.url, 'limite-3', body, { ...from, headers: { 'idempotency-key': 'clave-a' } });
  assert.equal(first.status, 201, first.text);
  for (let i = 0; i < 3; i++) {
    const again = await signUpFrom(srv.url, 'limite-3', body, { ...from, headers: { 'idempotency-key': 'clave-a' } });
    assert.equal(again.status, 201, again.text);
    assert.deepEqual(again.body, first.body);
  }
  // refused sign-ups (a duplicate, a missing field) take nothing from the limit either
  assert.equal((await signUpFrom(srv.url, 'limite-3', { ...person(), email: body.email }, from)).status, 409);
  assert.equal((await signUpFrom(srv.url, 'limite-3', { ...person(), organization: '' }, from)).status, 400);
  for (let i = 1; i < LIMIT; i++) assert.equal((await signUpFrom(srv.url, 'limite-3', person(), from)).status, 201);
  assert.equal((await signUpFrom(srv.url, 'limite-3', person(), from)).status, 429);
  // past the limit, the recorded key still answers its first answer (a lost answer retried)
  const late = await signUpFrom(srv.url, 'limite-3', body, { ...from, headers: { 'idempotency-key': 'clave-a' } });
  assert.equal(late.status, 201, late.text);
  assert.deepEqual(late.body, first.body);
  // but a new key past the limit is refused and records nothing
  const fresh = await signUpFrom(srv.url, 'limite-3', person(), { ...from, headers: { 'idempotency-key': 'clave-b' } });
  assert.equal(fresh.status, 429);
  assert.equal(sql(srv.db, "SELECT count(*) FROM signup_keys WHERE idempotency_key = 'clave-b'"), '0');
});

test('--signup-limit 0 means no limit; bad values stop serve with exit 2', async () => {
  for (const bad of ['-1', 'abc', '100001', '2.5', '']) {
    const r = spawnSync(BIN, ['serve', '--port', '0', '--signup-limit', bad, '--db', '/nonexistent/x.db'],
      { encoding: 'utf8', timeout: 10000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 2, `--signup-limit '${bad}': ${r.stderr}`);
    assert.match(r.stderr, /--signup-limit/);
  }
  const open = await startServer({ args: ['--signup-limit', '0'] });
  try {
    for (let i = 0; i < 40; i++) assert.equal((await signUpFrom(open.url, 'pastaza-2025', person())).status, 201);
  } finally { await open.stop(); }
});

/** The newest message delivered to an address that satisfies want: {subject, body}; waits for it. */
function delivered(email, want = () => true) {
  return until(`a message to ${email}`, () => smtp.messages().reverse()
    .filter((m) => m.meta.rcpt_tos.includes(email))
    .map((m) => { const { headers, body } = parseMessage(m.raw); return { subject: decodeWords(headers.subject), body }; })
    .find(want));
}

/** The confirmation token e-mailed to an address, as its recipient reads it. */
async function confirmationToken(email) {
  const { body } = await delivered(email, (m) => m.body.includes('/confirmar?t='));
  const m = body.match(/\/confirmar\?t=([A-Za-z0-9_-]{43})\r?\n/);
  assert.ok(m, `a confirmation link in: ${body}`);
  return m[1];
}
const confirm = (slug, t) => api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations/confirm`, { body: { token: t } });
const counts = async (slug) => (await api(srv.url, 'GET', `/api/v1/editions/${slug}`)).body;

test('confirm_email is an edition option, off by default, set by organizers', async () => {
  const ed = await newEdition('doble-0');
  assert.equal(ed.confirm_email, false);
  const on = await api(srv.url, 'PATCH', '/api/v1/editions/doble-0', { token, body: { confirm_email: true } });
  assert.equal(on.status, 200, on.text);
  assert.equal(on.body.confirm_email, true);
  assert.equal((await counts('doble-0')).confirm_email, true);
  const bad = await api(srv.url, 'PATCH', '/api/v1/editions/doble-0', { token, body: { confirm_email: 'yes' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'confirm_email');
  assert.equal((await api(srv.url, 'PATCH', '/api/v1/editions/doble-0', { body: { confirm_email: false } })).status, 401);
});

test('with confirm_email a sign-up is pending: no seat, no registration, only a link that carries nothing typed', async () => {
  await newEdition('doble-1', { confirm_email: true, capacity: 5 });
  const body = person({ full_name: 'Visit http://phish.example/login now', organization: 'Visit http://phish.example' });
  const r = await signUpFrom(srv.url, 'doble-1', body, { localAddress: '127.0.0.21' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body, { status: 'pending_email', email: body.email });
  assert.equal(r.headers.location, undefined);
  const ed = await counts('doble-1');
  assert.equal(ed.confirmed, 0);
  assert.equal(ed.seats_taken, 0);
  assert.equal(sql(srv.db, `SELECT count(*) FROM registrations WHERE email = '${body.email}'`), '0');
  assert.equal(sql(srv.db, `SELECT group_concat(kind) FROM outbox WHERE to_addr = '${body.email}'`), 'registration.confirm_email');
  const message = await delivered(body.email);
  assert.doesNotMatch(message.subject + message.body, /phish/, 'nothing the sign-up typed reaches an unconfirmed address');
  assert.match(message.body, /48 horas/);
  // the address is held while the link lives
  const again = await signUpFrom(srv.url, 'doble-1', { ...body, full_name: 'Otra' }, { localAddress: '127.0.0.21' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'duplicate_registration');
});

test('opening the link takes the seat then, answers the registration and sends the usual confirmation, once', async () => {
  await newEdition('doble-2', { confirm_email: true, capacity: 1 });
  const a = person({ full_name: 'Ana Ñacato' }), b = person({ full_name: 'Bruno Pérez' });
  for (const p of [a, b]) assert.equal((await signUpFrom(srv.url, 'doble-2', p, { localAddress: '127.0.0.22' })).status, 201);
  const wrong = await confirm('doble-2', 'x'.repeat(43));
  assert.equal(wrong.status, 404);
  assert.equal(wrong.body.error.code, 'not_found');
  const ta = await confirmationToken(a.email);
  assert.equal((await confirm('pastaza-2025', ta)).status, 404, 'a link belongs to its edition');
  const ok = await confirm('doble-2', ta);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.status, 'confirmed');
  assert.match(ok.body.code, /^[2-9A-HJ-NP-Z]{6}$/);
  assert.match(ok.body.manage_url, new RegExp(`/r/${ok.body.code}\\?t=${ok.body.manage_token}$`));
  assert.equal(ok.headers.get('location'), `/api/v1/registrations/${ok.body.code}`);
  const g = await api(srv.url, 'GET', `/api/v1/registrations/${ok.body.code}`, { headers: { 'x-manage-token': ok.body.manage_token } });
  assert.equal(g.body.full_name, 'Ana Ñacato');
  assert.equal(sql(srv.db, `SELECT group_concat(kind) FROM outbox WHERE to_addr = '${a.email}' ORDER BY id`),
    'registration.confirm_email,registration.confirmed');
  // one-time: the same link again makes nothing
  assert.equal((await confirm('doble-2', ta)).status, 404);
  // the seat is gone: the second confirmation waits, under the same capacity rule as any sign-up
  const wl = await confirm('doble-2', await confirmationToken(b.email));
  assert.equal(wl.status, 201, wl.text);
  assert.equal(wl.body.status, 'waitlisted');
  assert.equal(wl.body.waitlist_position, 1);
  const ed = await counts('doble-2');
  assert.equal(ed.confirmed, 1);
  assert.equal(ed.waitlisted, 1);
});

test('an unconfirmed sign-up expires and frees its address; organizers register without the detour', async () => {
  await newEdition('doble-3', { confirm_email: true });
  const p = person();
  assert.equal((await signUpFrom(srv.url, 'doble-3', p, { localAddress: '127.0.0.23' })).status, 201);
  const t = await confirmationToken(p.email);
  sql(srv.db, `UPDATE pending_signups SET expires_at = '2000-01-01T00:00:00Z' WHERE email = '${p.email}'`);
  assert.equal((await confirm('doble-3', t)).status, 404, 'an expired link');
  const again = await signUpFrom(srv.url, 'doble-3', p, { localAddress: '127.0.0.23' });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.body.status, 'pending_email');
  assert.equal(sql(srv.db, `SELECT count(*) FROM pending_signups WHERE email = '${p.email}'`), '1', 'the expired one was deleted');
  const org = await api(srv.url, 'POST', path('doble-3'), { token, body: person() });
  assert.equal(org.status, 201, org.text);
  assert.equal(org.body.status, 'confirmed');
});

test('a link opened after registration closed answers 409 and stays usable once it reopens', async () => {
  await newEdition('doble-4', { confirm_email: true });
  const p = person();
  assert.equal((await signUpFrom(srv.url, 'doble-4', p, { localAddress: '127.0.0.24' })).status, 201);
  const t = await confirmationToken(p.email);
  await api(srv.url, 'PATCH', '/api/v1/editions/doble-4', { token, body: { status: 'closed' } });
  const closed = await confirm('doble-4', t);
  assert.equal(closed.status, 409);
  assert.equal(closed.body.error.code, 'registration_closed');
  await api(srv.url, 'PATCH', '/api/v1/editions/doble-4', { token, body: { status: 'open' } });
  assert.equal((await confirm('doble-4', t)).status, 201);
});

test('an Idempotency-Key repeat of a pending sign-up answers the same and sends no second link', async () => {
  await newEdition('doble-5', { confirm_email: true });
  const p = person();
  const headers = { 'idempotency-key': 'doble-5-a' };
  const first = await signUpFrom(srv.url, 'doble-5', p, { localAddress: '127.0.0.25', headers });
  const again = await signUpFrom(srv.url, 'doble-5', p, { localAddress: '127.0.0.25', headers });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.body, first.body);
  assert.equal(sql(srv.db, `SELECT count(*) FROM outbox WHERE to_addr = '${p.email}'`), '1');
});

test('e-mail addresses the mailer cannot send to (non-ASCII) are refused at the edge; punycode domains are fine', async () => {
  for (const email of ['josé@example.org', 'jose@bücher.example', 'ñandú@municipio.gob.ec']) {
    const r = await api(srv.url, 'POST', path('pastaza-2025'), { body: person({ email }) });
    assert.equal(r.status, 400, `${email}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, 'email');
    assert.match(r.body.error.message, /tildes|ñ/);
  }
  for (const email of ['jose@example.org', 'jose@xn--bcher-kva.example']) {
    const r = await api(srv.url, 'POST', path('pastaza-2025'), { body: person({ email }) });
    assert.equal(r.status, 201, `${email}: ${r.text}`);
  }
  // a correction through the manage link is held to the same rule
  const reg = await api(srv.url, 'POST', path('pastaza-2025'), { body: person() });
  const fix = await api(srv.url, 'PATCH', `/api/v1/registrations/${reg.body.code}`,
    { headers: { 'x-manage-token': reg.body.manage_token }, body: { email: 'josé@example.org' } });
  assert.equal(fix.status, 400);
  assert.equal(fix.body.error.field, 'email');
});
