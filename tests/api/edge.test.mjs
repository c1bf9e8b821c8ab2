// edge.test.mjs — the rules the HTTP edge applies before any handler, black-box on the real binary:
//   - a cookie-authenticated write must show it comes from our own pages (Origin, or
//     Sec-Fetch-Site: same-origin); bearer writes need neither;
//   - a write route that takes no body refuses a body type other than JSON (415), so a plain
//     HTML form cannot reach it; every such route of server/http_routes.c is tried;
//   - control characters of a decoded path reach the access log escaped (\xNN), so a request
//     cannot forge a log line;
//   - /metrics answers loopback (127.0.0.1) and logged-in staff only (401 otherwise).
// Prints "edge: …" for docs/reliability.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, until, ROOT } from '../lib/server.mjs';

const SLUG = 'pastaza-2025';
const STAFF = { email: 'puerta@test.ec', password: 'clave-de-puerta-1', role: 'staff', name: 'Puerta' };
let srv;
let admin;
let cookie;
before(async () => {
  srv = await startServer({ users: [STAFF] });
  admin = await login(srv.url);
  const s = await api(srv.url, 'POST', '/api/v1/session', { body: { email: 'admin@test.ec', password: 'clave-de-prueba-123' } });
  cookie = s.headers.get('set-cookie').split(';')[0];
});
after(async () => { await srv?.stop(); });

/** One request on its own connection, from `localAddress`: {status, text}. */
function request(method, path, { headers = {}, body, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path, headers, localAddress, agent: false, timeout: 5000 },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString('utf8') }));
      });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

test('a cookie-authenticated write that names neither Origin nor Sec-Fetch-Site: same-origin is 403', async () => {
  const path = `/api/v1/editions/${SLUG}`;
  const body = JSON.stringify({ venue: 'Coliseo' });
  const json = { 'content-type': 'application/json' };
  const refused = [
    {}, // neither header: a form or script from a browser that sends neither
    { 'sec-fetch-site': 'none' }, // a navigation typed by the user never writes
  ];
  for (const h of refused) {
    const r = await request('PATCH', path, { headers: { ...json, ...h, cookie }, body });
    assert.equal(r.status, 403, JSON.stringify(h));
    assert.equal(JSON.parse(r.text).error.code, 'forbidden');
  }
  // a body-less write too (publish takes no body)
  const publish = await request('POST', `/api/v1/editions/${SLUG}/proceedings/publish`, { headers: { cookie } });
  assert.equal(publish.status, 403);
  // our own pages: Origin, or Sec-Fetch-Site: same-origin
  for (const h of [{ origin: srv.url }, { 'sec-fetch-site': 'same-origin' }, { origin: srv.url, 'sec-fetch-site': 'same-origin' }]) {
    const r = await request('PATCH', path, { headers: { ...json, ...h, cookie }, body });
    assert.equal(r.status, 200, JSON.stringify(h));
  }
  // a bearer token is never attached by a browser on its own: no header needed
  const bearer = await request('PATCH', path, { headers: { ...json, authorization: `Bearer ${admin}` }, body });
  assert.equal(bearer.status, 200);
  // reads are not writes
  assert.equal((await request('GET', '/api/v1/session', { headers: { cookie } })).status, 200);
  // anonymous writes carry no cookie to abuse: a public sign-up without either header still works
  const signup = await request('POST', `/api/v1/editions/${SLUG}/registrations`, {
    headers: json,
    body: JSON.stringify({ full_name: 'Ana Borde', email: 'ana.borde@test.ec', organization: 'GAD Puyo', attendee_type: 'official', consent: true }),
  });
  assert.equal(signup.status, 201, signup.text);
});

/** Every write route of server/http_routes.c that takes no body, with its parameters filled in. */
function bodylessWrites() {
  const src = readFileSync(join(ROOT, 'server', 'http_routes.c'), 'utf8');
  const re = /\{\s*M_(POST|PUT|PATCH|DELETE)\s*,\s*"([^"]+)"\s*,\s*\w+\s*,\s*\w+\s*,\s*(NOBODY|BODY_NONE)\b/g;
  return [...src.matchAll(re)].map(([, method, pattern]) => ({ method, path: pattern.replace(/\{[^}]+\}/g, '999999') }));
}

test('a write route that takes no body refuses a form body (415) and takes none or JSON', async () => {
  const routes = bodylessWrites();
  assert.ok(routes.length >= 10, `read ${routes.length} body-less write routes`);
  const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain'];
  let tried = 0;
  for (const { method, path } of routes) {
    for (const type of formTypes) {
      const r = await request(method, path, { headers: { authorization: `Bearer ${admin}`, 'content-type': type }, body: 'a=1' });
      assert.equal(r.status, 415, `${method} ${path} with ${type}`);
      assert.equal(JSON.parse(r.text).error.code, 'unsupported_media_type');
      tried++;
    }
  }
  console.log(`edge: ${routes.length} body-less write routes × ${formTypes.length} form types = ${tried} requests, all 415`);
  // no body type, or JSON: the route answers as usual (here: nothing by that id)
  for (const headers of [{}, { 'content-type': 'application/json' }]) {
    const r = await request('DELETE', '/api/v1/rooms/999999', { headers: { ...headers, authorization: `Bearer ${admin}` } });
    assert.equal(r.status, 404, JSON.stringify(headers));
  }
});

test('control characters of a path reach the access log escaped: no forged log line', async () => {
  const forged = 'POST /api/v1/session 200 57 1234us';
  const path = `/nada%0d%0a${encodeURIComponent(forged).replace(/%20/g, '%20')}%1b[31m%7f`;
  // raw socket: the path goes out exactly as written
  await new Promise((resolve) => {
    const s = net.connect({ port: srv.port, host: '127.0.0.1' }, () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    s.on('data', () => {});
    s.on('close', resolve);
    s.on('error', resolve);
  });
  const line = await until('the request in the access log', () => srv.log().split('\n').find((l) => l.startsWith('GET /nada')), 3000);
  assert.ok(line, 'the request was logged');
  assert.ok(!srv.log().split('\n').some((l) => l.startsWith(forged)), 'no line of the log starts with the forged text');
  assert.doesNotMatch(line, /[\x00-\x1f\x7f]/, 'no control character in the logged line');
  assert.match(line, /^GET \/nada\\x0d\\x0aPOST\\x20\/api\/v1\/session\\x20200/);
  assert.match(line, /\\x1b\[31m\\x7f /);
});

test('/metrics answers loopback (127.0.0.1) and staff users; others get 401', async () => {
  const local = await request('GET', '/metrics');
  assert.equal(local.status, 200);
  assert.match(local.text, /asamblea_http_requests_total/);
  const remote = await request('GET', '/metrics', { localAddress: '127.0.0.2' });
  assert.equal(remote.status, 401);
  assert.doesNotMatch(remote.text, /asamblea_/);
  const staff = await login(srv.url, STAFF.email, STAFF.password);
  const asStaff = await request('GET', '/metrics', { localAddress: '127.0.0.2', headers: { authorization: `Bearer ${staff}` } });
  assert.equal(asStaff.status, 200);
  assert.match(asStaff.text, /asamblea_http_requests_total/);
  const head = await request('HEAD', '/metrics', { localAddress: '127.0.0.3' });
  assert.equal(head.status, 401);
});
