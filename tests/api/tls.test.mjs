// HTTPS at the venue: tools/venue-cert.sh makes a certificate for a LAN address and `serve
// --tls-cert --tls-key` answers over TLS (phones need a secure page for the camera and WebCrypto).
// SIGHUP reloads the certificate and key without a restart; a bad file keeps the pair in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { startServer, until, api, ROOT } from '../lib/server.mjs';

function get(url, ca) {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

test('serve --tls-cert/--tls-key answers HTTPS with the venue certificate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-tls-'));
  try {
    const out = execFileSync(join(ROOT, 'tools/venue-cert.sh'), ['127.0.0.1', dir], { encoding: 'utf8' });
    assert.match(out, /fingerprint: [0-9A-F:]{95}/);
    const srv = await startServer({ seed: false, args: ['--tls-cert', join(dir, 'venue.crt'), '--tls-key', join(dir, 'venue.key')] });
    try {
      assert.match(srv.log(), /listening on https:\/\//);
      const { readFileSync } = await import('node:fs');
      const r = await get(`https://127.0.0.1:${srv.port}/healthz`, readFileSync(join(dir, 'venue.crt')));
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body).status, 'ok');
      assert.match(r.headers['strict-transport-security'], /max-age=/);
      const login = await new Promise((resolve, reject) => {
        const req = https.request(`https://127.0.0.1:${srv.port}/api/v1/session`, { method: 'POST', ca: readFileSync(join(dir, 'venue.crt')), headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); resolve(res); });
        req.on('error', reject);
        req.end(JSON.stringify({ email: 'nadie@test.ec', password: 'x' }));
      });
      assert.equal(login.statusCode, 401);
    } finally {
      await srv.stop();
    }
    const bad = await startServer({ seed: false }).catch((e) => e);
    await bad.stop?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A self-signed certificate and its key in dir as NAME.crt and NAME.key. */
function makeCert(dir, name) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`)], { stdio: 'ignore' });
  const fp = execFileSync('openssl', ['x509', '-in', join(dir, `${name}.crt`), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
  return fp.trim().split('=')[1];
}

/** The SHA-256 fingerprint of the certificate a new TLS connection to port is shown. */
function servedFingerprint(port) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fp = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fp);
    });
    socket.on('error', reject);
  });
}

/** Waits until the server's log has grown past `from` characters and the new part matches re. */
const logSays = (srv, from, re) => until(`log line ${re}`, () => re.test(srv.log().slice(from)));

test('SIGHUP reloads the TLS certificate; a bad file keeps the one in use and the log says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-tls-reload-'));
  try {
    const a = makeCert(dir, 'a');
    const b = makeCert(dir, 'b');
    const cert = join(dir, 'server.crt');
    const key = join(dir, 'server.key');
    copyFileSync(join(dir, 'a.crt'), cert);
    copyFileSync(join(dir, 'a.key'), key);
    const srv = await startServer({ seed: false, args: ['--tls-cert', cert, '--tls-key', key] });
    try {
      assert.equal(await servedFingerprint(srv.port), a);
      copyFileSync(join(dir, 'b.crt'), cert);
      copyFileSync(join(dir, 'b.key'), key);
      let mark = srv.log().length;
      srv.child.kill('SIGHUP');
      await logSays(srv, mark, /TLS certificate reloaded/);
      assert.equal(await servedFingerprint(srv.port), b);

      writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
      mark = srv.log().length;
      srv.child.kill('SIGHUP');
      await logSays(srv, mark, /TLS certificate not reloaded, still serving the previous one: .+/);
      assert.equal(await servedFingerprint(srv.port), b);

      copyFileSync(join(dir, 'a.crt'), cert); // a's certificate with b's key: refused
      mark = srv.log().length;
      srv.child.kill('SIGHUP');
      await logSays(srv, mark, /not reloaded, still serving the previous one: .*(key|match)/i);
      assert.equal(await servedFingerprint(srv.port), b);

      rmSync(key);
      mark = srv.log().length;
      srv.child.kill('SIGHUP');
      await logSays(srv, mark, /not reloaded.*cannot read .*server\.key: No such file/);
      assert.equal(await servedFingerprint(srv.port), b);
      assert.equal(srv.child.exitCode, null);
    } finally {
      await srv.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGHUP without TLS says there is nothing to reload and keeps serving', async () => {
  const srv = await startServer({ seed: false });
  try {
    srv.child.kill('SIGHUP');
    await until('the log line', () => /SIGHUP: not serving TLS, nothing to reload/.test(srv.log()));
    assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  } finally {
    await srv.stop();
  }
});
