// Black-box tests of the HTTP core: health, routing errors (404/405), body rules (400/413/415),
// security headers, static files and their confinement to web/, metrics, and a clean stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api, login, until, ADMIN } from '../lib/server.mjs';

let srv, token;
before(async () => { srv = await startServer(); token = await login(srv.url); });
after(async () => { await srv?.stop(); });

/** Sends raw bytes and resolves with the whole response text (the server closes or we time out). */
function raw(port, payload, { wait = 1500 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d.toString('latin1'); });
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.write(payload);
    setTimeout(() => { s.destroy(); resolve(out); }, wait);
  });
}

const status = (text) => Number((text.match(/^HTTP\/1\.1 (\d{3})/) || [])[1]);

test('GET /healthz answers ok once the database answers', async () => {
  const r = await api(srv.url, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('unknown API path is a JSON 404 with the error shape of API.md', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  assert.equal(typeof r.body.error.message, 'string');
  assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('known path with another method is 405 with Allow', async () => {
  const r = await api(srv.url, 'DELETE', '/api/v1/editions');
  assert.equal(r.status, 405);
  assert.equal(r.body.error.code, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET, HEAD, POST');
  const r2 = await api(srv.url, 'PUT', '/api/v1/editions/latacunga-2024');
  assert.equal(r2.status, 405);
  assert.equal(r2.headers.get('allow'), 'GET, HEAD, PATCH');
});

test('body that is not JSON, has trailing garbage, is not an object, or is too deep is 400 bad_request', async () => {
  for (const raw of ['{not json', '{"a":1}XX', '[1,2]', '"text"', '[]', '', '{"a":' + '['.repeat(70) + ']'.repeat(70) + '}']) {
    const r = await api(srv.url, 'POST', '/api/v1/session', { raw, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400, `body ${JSON.stringify(raw).slice(0, 40)}`);
    assert.equal(r.body.error.code, 'bad_request');
  }
});

test('invalid UTF-8 in a JSON body is 400, not stored', async () => {
  const body = Buffer.concat([Buffer.from('{"email":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('@b.ec","password":"x"}')]);
  const r = await fetch(srv.url + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error.code, 'bad_request');
});

test('wrong Content-Type is 415', async () => {
  const r = await api(srv.url, 'POST', '/api/v1/session', { raw: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 415);
  assert.equal(r.body.error.code, 'unsupported_media_type');
});

test('a body over 1 MiB is 413, announced by Content-Length', async () => {
  const big = '{"title":"' + 'x'.repeat(1024 * 1024 + 10) + '"}';
  const r = await api(srv.url, 'POST', '/api/v1/editions', { raw: big, token, headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'payload_too_large');
});

test('a chunked body over 1 MiB is 413 too (drained, not buffered)', async () => {
  const chunk = 'x'.repeat(256 * 1024);
  let payload = `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
  for (let i = 0; i < 5; i++) payload += chunk.length.toString(16) + '\r\n' + chunk + '\r\n';
  payload += '0\r\n\r\n';
  const text = await raw(srv.port, payload, { wait: 4000 });
  assert.equal(status(text), 413);
  assert.match(text, /payload_too_large/);
});

test('every answer carries the security headers', async () => {
  for (const path of ['/', '/api/v1/editions', '/api/v1/nothing']) {
    const r = await fetch(srv.url + path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.ok(r.headers.get('referrer-policy'));
  }
});

test('pages are served at their clean URLs with the right types', async () => {
  for (const [path, type] of [['/', /text\/html/], ['/e/latacunga-2024', /text\/html/], ['/login', /text\/html/], ['/admin', /text\/html/], ['/css/site.css', /text\/css/]]) {
    const r = await fetch(srv.url + path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), type, path);
    assert.ok(r.headers.get('etag'), path);
  }
});

test('static files revalidate with ETag → 304', async () => {
  const r = await fetch(srv.url + '/css/site.css');
  const etag = r.headers.get('etag');
  const again = await fetch(srv.url + '/css/site.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('no way out of web/: dot-dot, encoded dot-dot, backslashes, dot-files', async () => {
  const attempts = [
    '/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E/server/http.c', '/css/..%2f..%2fMakefile',
    '/..%5c..%5cMakefile', '/css\\..\\..\\Makefile', '/.git/config', '/%2egit/config', '//etc/passwd',
  ];
  for (const path of attempts) {
    const text = await raw(srv.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const code = status(text);
    assert.ok(code === 404 || code === 400, `${path} → ${code}`);
    assert.doesNotMatch(text, /root:|#include|\[core\]|asamblea — build/, path);
  }
});

test('a HEAD request answers headers without a body', async () => {
  const text = await raw(srv.port, 'HEAD /api/v1/editions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(status(text), 200);
  assert.equal(text.split('\r\n\r\n')[1] || '', '');
});

test('GET /metrics is Prometheus text', async () => {
  const r = await fetch(srv.url + '/metrics');
  assert.equal(r.status, 200);
  const text = await r.text();
  assert.match(text, /^# TYPE asamblea_http_requests_total counter$/m);
  assert.match(text, /^asamblea_database_up 1$/m);
});

test('the access log has one line per request and no query strings or tokens', async () => {
  await fetch(srv.url + '/api/v1/editions?secret=abc123');
  // the line is written when the request completes, which may follow the answer by a moment
  await until('the access-log line', () => /^GET \/api\/v1\/editions 200 \d+ \d+us$/m.test(srv.log()));
  assert.doesNotMatch(srv.log(), /abc123/);
  assert.ok(!srv.log().includes(token));
});

test('SIGTERM stops the server cleanly with exit code 0', async () => {
  const other = await startServer({ seed: false });
  const r = await api(other.url, 'GET', '/healthz');
  assert.equal(r.status, 200);
  const res = await other.stop();
  assert.equal(res.code, 0);
  assert.match(other.log(), /stopped/);
});

test('SIGTERM lets a request in flight finish and be answered before the server exits', async () => {
  const other = await startServer({ seed: false });
  const body = JSON.stringify({ email: ADMIN.email, password: ADMIN.password });
  const half = Math.floor(body.length / 2);
  const s = net.connect(other.port, '127.0.0.1');
  let answer = '';
  s.on('data', (d) => { answer += d.toString('utf8'); });
  const closed = new Promise((r) => s.on('close', r));
  s.write(`POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n`
    + `Connection: close\r\n\r\n${body.slice(0, half)}`);
  // the request is being answered (the metrics request itself is the other one in flight)
  await until('the login to be in flight', async () => {
    const m = await api(other.url, 'GET', '/metrics');
    return Number((m.text.match(/^asamblea_http_requests_in_flight (\d+)$/m) || [])[1]) >= 2;
  });
  other.child.kill('SIGTERM');
  await until('the server to stop listening', () => new Promise((resolve) => {
    const probe = net.connect(other.port, '127.0.0.1', () => { probe.destroy(); resolve(false); });
    probe.on('error', () => resolve(true));
  }));
  s.write(body.slice(half));
  await closed;
  assert.equal(status(answer), 200, answer);
  assert.match(answer, /"token":"[^"]+"/);
  const res = await other.stop();
  assert.equal(res.code, 0);
});

test('a symbolic link inside web/ that leads outside it is refused; one that stays inside is served', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const base = mkdtempSync(tmpdir() + '/asamblea-web-');
  mkdirSync(base + '/web');
  writeFileSync(base + '/secret.txt', 'top secret');
  writeFileSync(base + '/web/index.html', '<!doctype html><title>x</title>');
  writeFileSync(base + '/web/inside.txt', 'fine');
  symlinkSync(base + '/secret.txt', base + '/web/leak.txt');
  symlinkSync(base + '/web/inside.txt', base + '/web/alias.txt');
  symlinkSync(base, base + '/web/up');
  const own = await startServer({ seed: false, web: base + '/web' });
  try {
    for (const p of ['/leak.txt', '/up/secret.txt']) {
      const r = await fetch(own.url + p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(await r.text(), /top secret/);
    }
    const ok = await fetch(own.url + '/alias.txt');
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'fine');
  } finally {
    await own.stop();
  }
});

test('pages include the shared partials of web/partials/, and nothing else', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const base = mkdtempSync(tmpdir() + '/asamblea-inc-');
  mkdirSync(base + '/web/partials', { recursive: true });
  writeFileSync(base + '/secret.html', 'top secret');
  writeFileSync(base + '/web/partials/site-header.html', '<header>Cabecera común</header>');
  writeFileSync(base + '/web/partials/nav.html', '<nav><!--#include virtual="/partials/brand.html" --></nav>');
  writeFileSync(base + '/web/partials/brand.html', '<b>Marca</b><!--#include virtual="/partials/loop.html" -->');
  writeFileSync(base + '/web/partials/loop.html', '<i>bucle</i><!--#include virtual="/partials/loop.html" -->');
  writeFileSync(base + '/web/index.html', '<!doctype html><title>x</title>\n<!--#include virtual="/partials/site-header.html" -->\n'
    + '<!--#include virtual="/partials/nav.html" -->'
    + '<!--#include virtual="/partials/../../secret.html" --><!--#include virtual="/secret.html" --><main>cuerpo</main>');
  const own = await startServer({ seed: false, web: base + '/web' });
  try {
    const r = await fetch(own.url + '/');
    const html = await r.text();
    assert.match(html, /<header>Cabecera común<\/header>/);
    assert.match(html, /<nav><b>Marca<\/b>(<i>bucle<\/i>)+<\/nav>/, 'partials include partials');
    assert.ok((html.match(/bucle/g) || []).length <= 3, 'a partial that includes itself stops at the depth limit');
    assert.match(html, /<main>cuerpo<\/main>/);
    assert.doesNotMatch(html, /top secret|#include/);
    const etag = r.headers.get('etag');
    assert.equal((await fetch(own.url + '/', { headers: { 'if-none-match': etag } })).status, 304);
    writeFileSync(base + '/web/partials/site-header.html', '<header>Cambiada</header>');
    const again = await fetch(own.url + '/', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 200, 'a changed partial changes the page ETag');
  } finally {
    await own.stop();
  }
});

test('the npm material beside the vendored browser libraries is not served', async () => {
  for (const path of ['/package.json', '/package-lock.json', '/node_modules/jsqr/package.json']) {
    assert.equal((await fetch(srv.url + path)).status, 404, path);
  }
  assert.equal((await fetch(srv.url + '/vendor/README.md')).status, 200);
});
