// compression.test.mjs — pages, scripts, style sheets and the cached public JSON are sent
// compressed (brotli, else gzip) to clients that accept it, each coding with its own ETag and
// "Vary: Accept-Encoding"; kept pages follow their files at once when a page or a
// partial changes on disk; a ?lang= answer still sets its cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, ROOT } from '../lib/server.mjs';

let srv, web;

before(async () => {
  web = mkdtempSync(join(tmpdir(), 'asamblea-web-'));
  cpSync(join(ROOT, 'web'), web, { recursive: true, filter: (src) => !src.includes('node_modules') });
  srv = await startServer({ web });
});
after(async () => {
  await srv?.stop();
  rmSync(web, { recursive: true, force: true });
});

/** The raw answer (bytes as sent, not decoded) of GET path with headers. */
function raw(path, headers = {}) {
  return new Promise((resolve, reject) => {
    request(srv.url + path, { headers }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject).end();
  });
}

const decode = (r) => {
  const coding = r.headers['content-encoding'];
  return coding === 'br' ? brotliDecompressSync(r.body) : coding === 'gzip' ? gunzipSync(r.body) : r.body;
};

for (const path of ['/', '/e/pastaza-2025', '/admin', '/js/edition.js', '/css/site.css', '/api/v1/editions/latacunga-2024/sessions']) {
  test(`${path}: brotli, gzip or plain as asked, the same bytes, an ETag per coding`, async () => {
    const plain = await raw(path);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    const br = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await raw(path, { 'accept-encoding': 'gzip;q=1, br;q=0' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    for (const r of [br, gz]) {
      assert.ok(decode(r).equals(plain.body), `${path}: ${r.headers['content-encoding']} decodes to the plain bytes`);
      assert.ok(r.body.length < plain.body.length / 2, `${path}: ${r.headers['content-encoding']} ${r.body.length} of ${plain.body.length} bytes`);
      assert.match(r.headers.vary, /Accept-Encoding/);
    }
    assert.equal(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size, 3);
    const again = await raw(path, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.headers.etag, br.headers.etag);
    const other = await raw(path, { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag });
    assert.equal(other.status, 200, 'the brotli ETag does not validate the gzip bytes');
    const refused = await raw(path, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    assert.equal(refused.headers['content-encoding'], undefined);
  });
}

test('a kept page follows its partials and its file as soon as they change on disk', async () => {
  const footer = join(web, 'partials', 'site-footer.html');
  const before1 = decode(await raw('/privacidad', { 'accept-encoding': 'br' })).toString();
  writeFileSync(footer, readFileSync(footer, 'utf8').replace('</footer>', '<p id="cambio-de-prueba">x</p></footer>'));
  const after1 = decode(await raw('/privacidad', { 'accept-encoding': 'br' })).toString();
  assert.doesNotMatch(before1, /cambio-de-prueba/);
  assert.match(after1, /cambio-de-prueba/);
  const page = join(web, 'privacy.html');
  writeFileSync(page, readFileSync(page, 'utf8').replace('<main', '<main data-prueba="2"'));
  assert.match(decode(await raw('/privacidad', { 'accept-encoding': 'gzip' })).toString(), /data-prueba="2"/);
  const script = join(web, 'js', 'home.js');
  writeFileSync(script, readFileSync(script, 'utf8') + '\n// cambio\n');
  assert.match(decode(await raw('/js/home.js', { 'accept-encoding': 'br' })).toString(), /\/\/ cambio\n$/);
});

test('?lang= still sets its cookie on a kept page, and the next visit is served from what was kept', async () => {
  const first = await raw('/?lang=en', { 'accept-encoding': 'br' });
  assert.match(first.headers['set-cookie'][0], /asamblea_lang=en/);
  assert.match(decode(first).toString(), /<html lang="en">/);
  const next = await raw('/', { 'accept-encoding': 'br', cookie: 'asamblea_lang=en' });
  assert.equal(next.headers['set-cookie'], undefined);
  assert.ok(decode(next).equals(decode(first)));
});
