// nginx.test.mjs — the server behind Debian's nginx, configured by the example site
// packaging/nginx/asamblea.conf itself (wrapped in an http block with temporary paths, loopback
// ports and a self-signed certificate in place of the Let's Encrypt one): a sign-up, a login, the
// security headers, gzip, the HTTP-to-HTTPS redirect, and a sign-up limit counted per real client
// (serve --trusted-proxy 127.0.0.1), not per nginx. Without --trusted-proxy, X-Forwarded-For is
// never believed. The trusted proxy may hold more connections than one client address may.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, cli, freePort, until, ADMIN, ROOT } from '../lib/server.mjs';

const SIGNUP_LIMIT = 2;
let dir, srv, nginx, nginxLog = '', httpPort, httpsPort, ca;

/** The example site with its ports, certificate and upstream replaced; each must be found. */
function siteFor({ upstreamPort }) {
  let site = readFileSync(join(ROOT, 'packaging/nginx/asamblea.conf'), 'utf8');
  const swap = (from, to) => {
    assert.ok(from.test(site), `the example site has no ${from}`);
    site = site.replace(from, to);
  };
  swap(/^\s*listen \[::\]:80;\n/m, '');
  swap(/^\s*listen \[::\]:443 ssl http2;\n/m, '');
  swap(/listen 80;/, `listen 127.0.0.1:${httpPort};`);
  swap(/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`);
  swap(/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${upstreamPort};`);
  swap(/\/etc\/letsencrypt\/live\/asamblea\.example\.org\/fullchain\.pem/, join(dir, 'fullchain.pem'));
  swap(/\/etc\/letsencrypt\/live\/asamblea\.example\.org\/privkey\.pem/, join(dir, 'privkey.pem'));
  return site;
}

/** nginx.conf: the site inside an http block whose files all live in dir. */
function nginxConf(site) {
  const temp = (name) => { mkdirSync(join(dir, name), { recursive: true }); return join(dir, name); };
  return `user ${userInfo().username};\nworker_processes 1;\nevents { worker_connections 256; }\nhttp {\n`
    + '  access_log off;\n  default_type application/octet-stream;\n'
    + `  client_body_temp_path ${temp('body')};\n  proxy_temp_path ${temp('proxy')};\n`
    + `  fastcgi_temp_path ${temp('fastcgi')};\n  uwsgi_temp_path ${temp('uwsgi')};\n  scgi_temp_path ${temp('scgi')};\n`
    + site + '\n}\n';
}

/** Resolves once something accepts connections on the loopback port. */
const listening = (port) => until(`port ${port}`, () => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
}));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asamblea-nginx-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'privkey.pem'), '-out', join(dir, 'fullchain.pem')], { stdio: 'ignore' });
  ca = readFileSync(join(dir, 'fullchain.pem'));
  srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1', '--signup-limit', String(SIGNUP_LIMIT)] });
  httpPort = await freePort();
  httpsPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConf(siteFor({ upstreamPort: srv.port })));
  nginx = spawn('nginx', ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf'),
    '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr.setEncoding('utf8');
  nginx.stderr.on('data', (d) => { nginxLog += d; });
  const exited = new Promise((_, reject) => nginx.on('exit', (code) => reject(new Error(`nginx exited ${code}: ${nginxLog}`))));
  await Promise.race([Promise.all([listening(httpsPort), listening(httpPort)]), exited]);
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await gone;
  }
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One request on its own connection: {status, headers, body (a Buffer), json}. */
function request(client, { port, method = 'GET', path, headers = {}, body, localAddress = '127.0.0.1', ...more }) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const h = { ...headers };
  if (payload) Object.assign(h, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  return new Promise((resolve, reject) => {
    const req = client.request({ host: '127.0.0.1', port, method, path, headers: h, localAddress, agent: false, ...more }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let json;
        try { json = JSON.parse(raw.toString('utf8')); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body: raw, json });
      });
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('no answer in 10 s')));
    req.end(payload);
  });
}

const viaNginx = (opts) => request(https, { port: httpsPort, ca, ...opts });

let seq = 0;
const signUp = (over = {}) => ({
  method: 'POST', path: '/api/v1/editions/pastaza-2025/registrations',
  body: { full_name: `Persona ${++seq}`, email: `proxy${seq}@municipio.gob.ec`, organization: 'GAD Municipal de Mera',
    attendee_type: 'official', consent: true },
  ...over,
});

test('through nginx: a sign-up, a login, the security headers and gzip', async () => {
  const created = await viaNginx(signUp({ localAddress: '127.0.0.5' }));
  assert.equal(created.status, 201, created.body.toString());
  assert.match(created.json.code, /\S/);

  const session = await viaNginx({ method: 'POST', path: '/api/v1/session', body: { email: ADMIN.email, password: ADMIN.password } });
  assert.equal(session.status, 200, session.body.toString());
  const me = await viaNginx({ path: '/api/v1/session', headers: { authorization: `Bearer ${session.json.token}` } });
  assert.equal(me.status, 200);

  const page = await viaNginx({ path: '/', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], 'gzip');
  assert.match(gunzipSync(page.body).toString('utf8'), /<html/i);
  assert.match(page.headers['content-security-policy'], /default-src 'self'/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['x-frame-options'], 'DENY');
  assert.equal(page.headers['referrer-policy'], 'same-origin');
  assert.match(page.headers['strict-transport-security'], /max-age=\d+/);
  assert.equal(page.headers.server, 'nginx'); // no version

  const plain = await request(http, { port: httpPort, path: '/inscripcion?x=1' });
  assert.equal(plain.status, 301);
  assert.match(plain.headers.location, /^https:\/\/127\.0\.0\.1(:\d+)?\/inscripcion\?x=1$/);
});

test('through nginx the sign-up limit counts each real client, whatever X-Forwarded-For it sends', async () => {
  for (let i = 0; i < SIGNUP_LIMIT; i++) {
    const r = await viaNginx(signUp({ localAddress: '127.0.0.2', headers: { 'x-forwarded-for': `203.0.113.${i}` } }));
    assert.equal(r.status, 201, r.body.toString());
  }
  const refused = await viaNginx(signUp({ localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '203.0.113.99' } }));
  assert.equal(refused.status, 429, refused.body.toString());
  assert.equal(refused.json.error.code, 'rate_limited');
  // another client behind the same nginx is still served
  const other = await viaNginx(signUp({ localAddress: '127.0.0.3' }));
  assert.equal(other.status, 201, other.body.toString());
});

test('without --trusted-proxy X-Forwarded-For is ignored; with it, the named client is counted', async () => {
  const direct = (server, xff) => request(http, { port: server.port, ...signUp({ headers: { 'x-forwarded-for': xff } }) });
  const untrusting = await startServer({ args: ['--signup-limit', '1'] });
  try {
    assert.equal((await direct(untrusting, '203.0.113.1')).status, 201);
    assert.equal((await direct(untrusting, '203.0.113.2')).status, 429);
  } finally {
    await untrusting.stop();
  }
  const trusting = await startServer({ args: ['--signup-limit', '1', '--trusted-proxy', '127.0.0.1'] });
  try {
    assert.equal((await direct(trusting, '203.0.113.1')).status, 201);
    assert.equal((await direct(trusting, '203.0.113.2')).status, 201);
    assert.equal((await direct(trusting, '203.0.113.2')).status, 429);
  } finally {
    await trusting.stop();
  }
});

/** Opens a keep-alive connection from localAddress and asks /healthz on it: resolves with the
 * status line's code, or 0 when the server closed the connection without an answer. */
function heldConnection(port, localAddress, sockets) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    sockets.push(s);
    let got = '';
    s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    s.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) resolve(Number(m[1]));
    });
    s.on('close', () => resolve(0));
    s.on('error', () => resolve(0));
  });
}

test('a trusted proxy is not held to --max-conns-per-ip; every other address still is', async () => {
  const server = await startServer({ seed: false, args: ['--max-conns-per-ip', '2', '--trusted-proxy', '127.0.0.1'] });
  const sockets = [];
  try {
    const fromProxy = [];
    for (let i = 0; i < 4; i++) fromProxy.push(await heldConnection(server.port, '127.0.0.1', sockets));
    assert.deepEqual(fromProxy, [200, 200, 200, 200]);
    const fromClient = [];
    for (let i = 0; i < 3; i++) fromClient.push(await heldConnection(server.port, '127.0.0.6', sockets));
    assert.deepEqual(fromClient, [200, 200, 0]);
  } finally {
    for (const s of sockets) s.destroy();
    await server.stop();
  }
});

test('serve refuses a --trusted-proxy that is not an address or network', () => {
  for (const bad of ['localhost', '10.0.0.0/33', '127.0.0.1,']) {
    const r = cli(['serve', '--port', '0', '--db', join(dir, 'never.db'), '--trusted-proxy', bad]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--trusted-proxy: '.*' is not an IP address or network/);
  }
});
