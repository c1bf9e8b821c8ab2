// HTTPS at the venue: tools/venue-cert.sh makes a certificate for a LAN address and `serve
// --tls-cert --tls-key` answers over TLS (phones need a secure page for the camera and WebCrypto).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, ROOT } from '../lib/server.mjs';

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
