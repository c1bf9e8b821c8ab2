// QR codes on printed documents. Printer drivers and draft modes rasterize without anti-aliasing,
// and every reader decodes what the printer made: every badge of a 30-badge a4-10 sheet must read
// back as exactly its own token after Ghostscript's hard monochrome rasterization (pngmono) at 100,
// 150, 300 and 600 dpi and after anti-aliased rendering (Ghostscript png16m, poppler), with zbar
// and with the jsQR the door scanner uses, its 4-module quiet zone clear of any other ink. And the
// codes add nothing to the text layer that screen readers, find and copy meet: pdftotext, mupdf and
// pdf.js extract only the document's own words from a badge, a sheet and a certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login } from '../lib/server.mjs';
import { render, zbar, jsqr, jsqrCode, quietZoneInk, sheetCells } from '../lib/qr-scan.mjs';
import { pdftotext, mutool, pdfjs } from '../lib/pdf-text.mjs';

const EDITION = '/api/v1/editions/pastaza-2025';
const PEOPLE = 30;
const MM = (mm) => (mm * 72) / 25.4;
const A4_10 = { cols: 2, rows: 5, w: MM(90), h: MM(55) }; /* badges/badge.c */

let srv, admin, work, sheet;
const people = []; /* in the sheet's order (by name), each with its token */
before(async () => {
  srv = await startServer();
  admin = await login(srv.url);
  work = mkdtempSync(join(tmpdir(), 'asamblea-qr-'));
  for (let i = 1; i <= PEOPLE; i++) {
    const full_name = `Asistente ${String(i).padStart(2, '0')} Tituaña`;
    const r = await api(srv.url, 'POST', `${EDITION}/registrations`, { body: { full_name, email: `qr${i}@m.ec`, organization: 'GAD Municipal de Pastaza', attendee_type: 'authority', consent: true } });
    assert.equal(r.status, 201);
    const badge = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}/badge`, { token: admin });
    people.push({ ...r.body, full_name, token: badge.body.token });
  }
  sheet = await sheetOf(people);
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

/** Downloads a PDF into the work folder; returns its path and bytes. */
async function download(path, name, headers = { authorization: `Bearer ${admin}` }) {
  const r = await fetch(srv.url + path, { headers });
  assert.equal(r.status, 200, path);
  const bytes = Buffer.from(await r.arrayBuffer()), file = join(work, name);
  writeFileSync(file, bytes);
  return { file, bytes };
}

const sheetOf = (list) => download(`${EDITION}/badges.pdf?layout=a4-10&codes=${list.map((p) => p.code).join(',')}`, 'sheet.pdf');

/** Lines that are only capital letters A–P: the text the old module font left in the text layer
 * ("POLFNIELPI…"). A registration code may look like one by chance and is real text. */
const qrLetters = (lines, codes) => lines.filter((l) => /^[A-P]{4,}$/.test(l) && !codes.includes(l));

// First, while no long rendering has kept the event loop busy past the server's keep-alive.
test('the QR codes add nothing to the text layer: pdftotext, mupdf and pdf.js extract only the words', async () => {
  const one = people[0], codes = people.map((p) => p.code);
  const checkin = await api(srv.url, 'POST', `${EDITION}/checkins`, { token: admin, body: { token: one.token } });
  assert.equal(checkin.body.result, 'ok');
  const documents = [
    [await download(`/api/v1/registrations/${one.code}/badge.pdf`, 'badge.pdf', { 'x-manage-token': one.manage_token }), [one]],
    [sheet, people],
    [await download(`/api/v1/registrations/${one.code}/certificate.pdf`, 'certificate.pdf', { 'x-manage-token': one.manage_token }), [one]],
  ];
  for (const [{ file, bytes }, shown] of documents) {
    for (const [reader, lines] of [['pdftotext', pdftotext(file)], ['mutool', mutool(file)], ['pdf.js', await pdfjs(bytes)]]) {
      const what = `${reader} on ${file.replace(/.*\//, '')}`;
      assert.deepEqual(qrLetters(lines, codes), [], what);
      const text = lines.join(' ').replace(/\s+/g, ' ');
      for (const p of shown) assert.ok(text.includes(p.full_name), `${what}: ${p.full_name}`);
      assert.ok(text.includes('Pastaza'), what);
    }
  }
});

for (const [renderer, dpi, pages] of [['gs-mono', 100, 3], ['gs-mono', 150, 3], ['gs-mono', 300, 3], ['gs-mono', 600, 1], ['gs-aa', 150, 3], ['poppler', 150, 3]]) {
  test(`every badge of an a4-10 sheet reads as its own token after ${renderer} at ${dpi} dpi (${pages * 10} badges), with zbar and jsQR`, async () => {
    const printed = render(sheet.file, renderer, dpi, { first: 1, last: pages });
    assert.equal(printed.length, pages);
    printed.forEach((page, p) => {
      const expected = people.slice(p * 10, p * 10 + 10).map((x) => x.token);
      const cells = sheetCells(page, dpi, A4_10.cols, A4_10.rows, A4_10.w, A4_10.h, { qr: true });
      assert.deepEqual(cells.map((cell) => zbar(page, cell).join(' ')), expected, `zbar, page ${p + 1}`);
      assert.deepEqual(cells.map((cell) => jsqr(page, cell)), expected, `jsQR, page ${p + 1}`);
    });
  });
}

test('each badge keeps its 4-module quiet zone clear (monochrome, 300 dpi)', () => {
  const [page] = render(sheet.file, 'gs-mono', 300, { first: 1, last: 1 });
  for (const cell of sheetCells(page, 300, A4_10.cols, A4_10.rows, A4_10.w, A4_10.h, { qr: true })) {
    const code = jsqrCode(page, cell);
    assert.ok(code, 'read');
    assert.equal(quietZoneInk(page, cell, code), 0, code.data);
  }
});
