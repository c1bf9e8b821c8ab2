// Black-box tests of the brakes on guessing: failed logins are limited per address and per
// account (unknown e-mails too), counted before the password check so that concurrency cannot
// pass the limit, and never forgiven by another login's success; certificate codes cannot be
// enumerated (wrong codes are limited per address, a draft edition's code is an unknown code);
// manage links: only wrong tokens are limited, so the right link keeps working from an address
// that someone else behind it used for guessing. Requests come from several loopback addresses
// (127.0.0.x), since the server judges the connection's address, never a header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';

const OWN = { email: 'propia@test.ec', password: 'mi-clave-propia-77', role: 'staff', name: 'Cuenta propia' };
const VICTIM = { email: 'victima@test.ec', password: 'clave-de-la-victima-9', role: 'organizer', name: 'Víctima' };
const OTHER = { email: 'otra@test.ec', password: 'otra-clave-segura-5', role: 'staff', name: 'Otra cuenta' };
const LOGIN_LIMIT = 10;

let srv;
before(async () => { srv = await startServer({ seed: true, users: [OWN, VICTIM, OTHER] }); });
after(async () => { await srv?.stop(); });

/** One request on its own connection from a given loopback address. */
function request(method, path, { headers = {}, body, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path, headers, localAddress, agent: false, timeout: 30000 },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let json;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, text, body: json });
        });
      });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const tryLogin = (email, password, localAddress) => request('POST', '/api/v1/session', {
  headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }), localAddress,
});

/** How many answers had each status: {401: n, 429: m, ...}. */
const countStatuses = (rs) => rs.reduce((c, r) => ({ ...c, [r.status]: (c[r.status] || 0) + 1 }), {});

test('a successful login does not forgive the failures of its address (9 wrong + 1 right, repeated)', async () => {
  const from = '127.0.0.50';
  const wrong = [];
  const right = [];
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 9; i++) wrong.push(await tryLogin(`adivina${round}-${i}@no-existe.ec`, 'no-es-la-clave', from));
    right.push(await tryLogin(OWN.email, OWN.password, from));
  }
  assert.equal(right[0].status, 200, 'the first right login passes (9 failures so far)');
  assert.equal(wrong.filter((r) => r.status === 401).length, LOGIN_LIMIT,
    `exactly ${LOGIN_LIMIT} wrong passwords are checked per address and window: ${JSON.stringify(countStatuses(wrong))}`);
  assert.equal(wrong.at(-1).status, 429);
  assert.equal(right[1].status, 429, 'once the address is over its limit, even the right password waits');
  assert.ok(Number(right[1].headers['retry-after']) > 0, 'Retry-After');
});

test('one account is limited across addresses, and an unknown e-mail exactly like a known one', async () => {
  const spray = async (email, net) => {
    const rs = [];
    for (let i = 1; i <= 30; i++) rs.push(await tryLogin(email, 'no-es-la-clave-' + i, `127.0.${net}.${i}`));
    return rs;
  };
  const known = await spray(VICTIM.email, 1);
  const unknown = await spray('nadie.registrado@no-existe.ec', 2);
  assert.deepEqual(countStatuses(known), { 401: LOGIN_LIMIT, 429: 30 - LOGIN_LIMIT }, '30 addresses against one account');
  assert.deepEqual(countStatuses(unknown), countStatuses(known), 'an unknown e-mail is counted like a known one');
  for (let i = 0; i < 30; i++) {
    assert.equal(unknown[i].status, known[i].status, `attempt ${i + 1}: same status`);
    assert.equal(unknown[i].text, known[i].text, `attempt ${i + 1}: same body`);
    assert.equal(unknown[i].headers['retry-after'] !== undefined, known[i].headers['retry-after'] !== undefined);
  }
  // the account waits, from a fresh address too, even with the right password ...
  const right = await tryLogin(VICTIM.email, VICTIM.password, '127.0.1.31');
  assert.equal(right.status, 429);
  assert.ok(Number(right.headers['retry-after']) > 0);
  // ... and other accounts do not
  assert.equal((await tryLogin(OTHER.email, OTHER.password, '127.0.1.32')).status, 200);
  // a success of another account does not forgive the locked one (e-mail case does not matter)
  assert.equal((await tryLogin(VICTIM.email.toUpperCase(), VICTIM.password, '127.0.1.33')).status, 429);
});

test('30 concurrent wrong logins from one address: exactly 10 are checked, 20 answered 429', async () => {
  const from = '127.0.0.60';
  const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => tryLogin(`a${i}@no-existe.ec`, 'no-es-la-clave', from)));
  assert.deepEqual(countStatuses(rs), { 401: LOGIN_LIMIT, 429: 30 - LOGIN_LIMIT });
});

// --- certificates

/** A registration of edition slug made by the admin; checked in when checkIn. */
async function registration(token, slug, email, checkIn) {
  const reg = await api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, { token,
    body: { full_name: 'Persona de Prueba', email, organization: 'GAD Municipal', attendee_type: 'official', consent: true } });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  if (checkIn) {
    const scan = await api(srv.url, 'POST', `/api/v1/editions/${slug}/checkins`, { token, body: { code: reg.body.code } });
    assert.equal(scan.status, 200, JSON.stringify(scan.body));
  }
  return reg.body;
}

test('certificate codes: wrong codes are limited per address (429 with Retry-After, then for every code)', async () => {
  const admin = await login(srv.url);
  const reg = await registration(admin, 'pastaza-2025', 'certificado@m.ec', true);
  const from = '127.0.5.1';
  const ok = await request('GET', `/api/v1/certificates/${reg.code}`, { localAddress: from });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.valid, true);
  let last;
  let guesses = 0;
  const letters = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  for (; guesses < 80 && last?.status !== 429; guesses++) {
    const code = Array.from({ length: 6 }, (_, k) => letters[(guesses * 7 + k * 13) % letters.length]).join('');
    last = await request('GET', `/api/v1/certificates/${code}`, { localAddress: from });
  }
  assert.equal(last.status, 429, `no 429 after ${guesses} wrong codes`);
  assert.equal(last.body.error.code, 'rate_limited');
  assert.ok(Number(last.headers['retry-after']) > 0, 'Retry-After');
  assert.ok(guesses <= 51, `${guesses} lookups before the limit`);
  const blocked = await request('GET', `/api/v1/certificates/${reg.code}`, { localAddress: from });
  assert.equal(blocked.status, 429, 'an address over the limit learns nothing, not even for a real code');
  const elsewhere = await request('GET', `/api/v1/certificates/${reg.code}`, { localAddress: '127.0.5.2' });
  assert.equal(elsewhere.status, 200, 'another address is not limited');
});

test("certificate codes: a draft edition's code answers the public like an unknown code", async () => {
  const admin = await login(srv.url);
  const draft = { slug: 'borrador-cert-2027', title: 'Asamblea secreta en preparación', city: 'Cuenca', starts_on: '2027-11-18', ends_on: '2027-11-19', status: 'draft' };
  assert.equal((await api(srv.url, 'POST', '/api/v1/editions', { token: admin, body: draft })).status, 201);
  const reg = await registration(admin, draft.slug, 'borrador@m.ec', false);
  const from = '127.0.5.3';
  const hidden = await request('GET', `/api/v1/certificates/${reg.code}`, { localAddress: from });
  const unknown = await request('GET', '/api/v1/certificates/ZZZZZZ', { localAddress: from });
  assert.equal(hidden.status, 404);
  assert.equal(hidden.text, unknown.text, 'byte-identical to an unknown code');
  assert.doesNotMatch(hidden.text, /borrador|secreta/);
  const org = await api(srv.url, 'GET', `/api/v1/certificates/${reg.code}`, { token: admin });
  assert.equal(org.status, 200, 'organizers still see it');
  assert.equal(org.body.edition, draft.slug);
});

// --- manage links

test('manage links: only wrong tokens are limited; the right token still works from a limited address', async () => {
  const reg = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', {
    body: { full_name: 'Asistente Legítima', email: 'legitima@m.ec', organization: 'GAD Municipal', attendee_type: 'official', consent: true } });
  assert.equal(reg.status, 201);
  const path = `/api/v1/registrations/${reg.body.code}`;
  const venue = '127.0.6.1'; // one shared address: an attacker and the attendee behind it
  let last;
  let guesses = 0;
  for (; guesses < 80 && last?.status !== 429; guesses++) {
    last = await request('GET', '/api/v1/registrations/ZZZZZZ', { headers: { 'x-manage-token': 'adivinanza-' + guesses }, localAddress: venue });
  }
  assert.equal(last.status, 429, 'guessing is limited');
  assert.ok(Number(last.headers['retry-after']) > 0);
  const wrongOnReal = await request('GET', path, { headers: { 'x-manage-token': 'x'.repeat(43) }, localAddress: venue });
  assert.equal(wrongOnReal.status, 429, 'a wrong token on a real code waits like one on an unknown code');
  assert.equal(wrongOnReal.text, last.text, 'same body');
  const right = await request('GET', path, { headers: { 'x-manage-token': reg.body.manage_token }, localAddress: venue });
  assert.equal(right.status, 200, 'the attendee with the right link is served');
  assert.equal(right.body.code, reg.body.code);
});
