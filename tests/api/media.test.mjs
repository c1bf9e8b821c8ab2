// Images and badges cannot be used to exhaust the server: speakers' photos are refused past 40
// megapixels (a 10000×10000 PNG, a 1 KB JPEG whose header claims 10000×10000) and stored shrunk to
// 1200 pixels otherwise, and the memoria still shows them; badge PDFs are rendered once per change
// (cached), a few at a time, while public reads keep being answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startServer, api, login, ROOT } from '../lib/server.mjs';

let srv, token;
before(async () => {
  srv = await startServer();
  token = await login(srv.url);
});
after(async () => { await srv?.stop(); });

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** A w×h 8-bit PNG of one colour: gray (1 channel) or RGB (3). */
function png(w, h, rgb = [0, 0, 0]) {
  const channels = rgb.length;
  const row = Buffer.alloc(1 + w * channels);
  for (let x = 0; x < w; x++) for (let k = 0; k < channels; k++) row[1 + x * channels + k] = rgb[k];
  const raw = Buffer.alloc(row.length * h);
  for (let y = 0; y < h; y++) row.copy(raw, y * row.length);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 3 ? 2 : 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}
/** The width and height a JPEG's frame header gives. */
function jpegSize(buf) {
  for (let i = 2; i + 9 < buf.length;) {
    const m = buf[i + 1];
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return [buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5)];
    i += 2 + buf.readUInt16BE(i + 2);
  }
  return null;
}
const put = (path, bytes, type) => fetch(srv.url + path, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: bytes });

let speaker;
test('photos: past 40 megapixels refused at once, the lying JPEG too; a big photo stored at 1200 px', async () => {
  const p = await api(srv.url, 'POST', '/api/v1/people', { token, body: { name: 'Rosa Fotografía Grande' } });
  assert.equal(p.status, 201, p.text);
  speaker = p.body.id;

  const huge = png(10000, 10000); // 100 megapixels, about 100 KB compressed
  let t0 = performance.now();
  let r = await put(`/api/v1/people/${speaker}/photo`, huge, 'image/png');
  const hugeMs = performance.now() - t0;
  const body = await r.json();
  assert.equal(r.status, 400, JSON.stringify(body));
  assert.equal(body.error.code, 'validation_failed');
  assert.ok(hugeMs < 2000, `refused in ${hugeMs} ms`);

  const liar = Buffer.from(readFileSync(join(ROOT, 'tests/fixtures/speaker.jpg')));
  let sof = -1;
  for (let i = 2; i + 9 < liar.length && sof < 0;) {
    if (liar[i + 1] >= 0xc0 && liar[i + 1] <= 0xc2) sof = i; else i += 2 + liar.readUInt16BE(i + 2);
  }
  liar.writeUInt16BE(10000, sof + 5);
  liar.writeUInt16BE(10000, sof + 7);
  r = await put(`/api/v1/people/${speaker}/photo`, liar, 'image/jpeg');
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error.code, 'validation_failed');
  assert.equal((await fetch(srv.url + `/api/v1/people/${speaker}/photo`)).status, 404, 'nothing stored');

  const big = png(6000, 4000, [180, 60, 20]); // 24 megapixels
  t0 = performance.now();
  r = await put(`/api/v1/people/${speaker}/photo`, big, 'image/png');
  const bigMs = performance.now() - t0;
  assert.equal(r.status, 200, await r.text());
  assert.ok(bigMs < 5000, `stored in ${bigMs} ms`);
  const got = await fetch(srv.url + `/api/v1/people/${speaker}/photo`);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  const stored = Buffer.from(await got.arrayBuffer());
  assert.deepEqual(jpegSize(stored), [1200, 800]);
  console.log(`media: 10000x10000 PNG refused in ${hugeMs.toFixed(0)} ms; 6000x4000 PNG (${(big.length / 1024).toFixed(0)} KB) stored as a 1200x800 JPEG of ${(stored.length / 1024).toFixed(0)} KB in ${bigMs.toFixed(0)} ms`);
});

test('the memoria still shows the speaker\'s photo, shrunk', async () => {
  const sessions = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/sessions');
  const session = sessions.body.items.find((s) => s.kind === 'dialogue' || s.kind === 'panel');
  const add = await api(srv.url, 'POST', `/api/v1/sessions/${session.id}/participants`, { token, body: { person_id: speaker, role: 'panelist' } });
  assert.equal(add.status, 201, add.text);
  const t0 = performance.now();
  const r = await fetch(srv.url + '/api/v1/editions/latacunga-2024/proceedings.pdf?draft=1', { headers: { authorization: `Bearer ${token}` } });
  const ms = performance.now() - t0;
  assert.equal(r.status, 200);
  const file = join(srv.dir, 'memoria.pdf');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  assert.match(list, /\s1200\s+800\s+rgb\s+3\s+8\s+jpeg\s/, list);
  console.log(`media: memoria with the photo rendered in ${ms.toFixed(0)} ms`);
});

test('64 concurrent downloads of one badge: at most 2 renders, public reads keep answering (their time is logged; bench/ measures it); a change renders again', async () => {
  const reg = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', {
    body: { full_name: 'Lucía Credencial Concurrida', email: 'lucia.badge@m.gob.ec', organization: 'GAD Municipal de Mera', attendee_type: 'official', consent: true },
  });
  assert.equal(reg.status, 201, reg.text);
  const headers = { 'x-manage-token': reg.body.manage_token };
  const badge = () => fetch(srv.url + `/api/v1/registrations/${reg.body.code}/badge.pdf`, { headers });
  const publicRead = async () => {
    const t0 = performance.now();
    const r = await fetch(srv.url + '/api/v1/editions/pastaza-2025');
    await r.arrayBuffer();
    return { status: r.status, ms: performance.now() - t0 };
  };
  let renders = 0;
  const outcomes = { ok: 0, busy: 0 };
  const one = async () => {
    const r = await badge();
    const bytes = Buffer.from(await r.arrayBuffer());
    if (r.status === 200 && r.headers.get('x-badge-cache') !== 'hit') renders++;
    if (r.status === 200) outcomes.ok++;
    else {
      assert.equal(r.status, 503, bytes.toString());
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      outcomes.busy++;
    }
    return r.status === 200 ? bytes : null;
  };
  const reads = [];
  const burst = Promise.all(Array.from({ length: 64 }, one));
  for (let i = 0; i < 8; i++) reads.push(await publicRead());
  const first = await burst;
  for (const r of reads) assert.equal(r.status, 200);
  const slowest = Math.max(...reads.map((r) => r.ms));
  assert.ok(renders <= 2, `${renders} renders for 64 downloads of one badge`);
  assert.ok(outcomes.ok >= 1);
  // the ones turned away come back (bounded) and get the same bytes from the cache
  const got = first.find(Boolean);
  for (let i = 0; i < 64; i++) {
    const again = await badge();
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('x-badge-cache'), 'hit');
    assert.deepEqual(Buffer.from(await again.arrayBuffer()), got);
    if (i >= first.filter((b) => !b).length) break;
  }
  console.log(`media: 64 concurrent badge downloads: ${renders} render(s), ${outcomes.ok} answered 200, ${outcomes.busy} 503 with Retry-After; public reads meanwhile: slowest ${slowest.toFixed(0)} ms`);

  // a change to what the badge shows renders it again, once
  const patch = await api(srv.url, 'PATCH', `/api/v1/registrations/${reg.body.code}`, { headers, body: { full_name: 'Lucía Credencial Cambiada' } });
  assert.equal(patch.status, 200, patch.text);
  let r = await badge();
  assert.equal(r.headers.get('x-badge-cache'), 'miss', 'a new name is a new badge');
  const renamed = Buffer.from(await r.arrayBuffer());
  assert.notDeepEqual(renamed, got);
  r = await badge();
  assert.equal(r.headers.get('x-badge-cache'), 'hit');
  await r.arrayBuffer();
  const re = await api(srv.url, 'POST', `/api/v1/registrations/${reg.body.code}/badge/reissue`, { token });
  assert.equal(re.status, 200, re.text);
  r = await badge();
  assert.equal(r.headers.get('x-badge-cache'), 'miss', 'a reissued badge (new revision, new token) is rendered again');
  await r.arrayBuffer();
});
