// The registrations spreadsheet (GET …/registrations.xlsx): the workbook is unzipped with
// `unzip -p` and its sheet read cell by cell — identifiers such as a phone 0991234567 are text
// cells (the leading zero stays), instants are date cells with a date format, the header row is
// bold, frozen and filtered, the list's filters apply (the same rows as the CSV), organizers only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login } from '../lib/server.mjs';

const SLUG = 'pastaza-2025';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let srv, token, dir;
before(async () => {
  srv = await startServer();
  token = await login(srv.url);
  dir = mkdtempSync(join(tmpdir(), 'asamblea-xlsx-'));
});
after(async () => { await srv?.stop(); if (dir) rmSync(dir, { recursive: true, force: true }); });

async function signUp(full_name, email, extra = {}) {
  const r = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    body: { full_name, email, organization: 'GAD Municipal de Arajuno', attendee_type: 'official', consent: true, ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function download(query = '', auth = token) {
  const res = await fetch(`${srv.url}/api/v1/editions/${SLUG}/registrations.xlsx${query}`,
    { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&amp;/g, '&');

/** The workbook's parts and its first sheet as rows of {ref, type, style, value} cells (strings resolved). */
function readWorkbook(bytes) {
  const file = join(dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const part = (name) => { try { return execFileSync('unzip', ['-p', file, name]).toString('utf8'); } catch { return ''; } };
  const sheet = part('xl/worksheets/sheet1.xml');
  const shared = [...part('xl/sharedStrings.xml').matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>|<t\/>)<\/si>/g)]
    .map((m) => unescape(m[1] ?? ''));
  const rows = [...sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const type = (c[2].match(/ t="(\w+)"/) || [])[1] || 'n';
      const style = (c[2].match(/ s="(\d+)"/) || [])[1];
      let value = (c[3]?.match(/<v>([\s\S]*?)<\/v>/) || [])[1];
      if (type === 's') value = shared[Number(value)];
      if (type === 'inlineStr') value = unescape((c[3].match(/<t[^>]*>([\s\S]*?)<\/t>/) || [])[1] || '');
      return { col: c[1], type, style, value };
    }));
  return { sheet, styles: part('xl/styles.xml'), rows };
}

/** The data rows as objects keyed by the header's names. */
function records(book) {
  const [head, ...data] = book.rows;
  const names = Object.fromEntries(head.map((c) => [c.col, c.value]));
  return data.map((cells) => Object.fromEntries(cells.map((c) => [names[c.col], c])));
}

test('identifiers are text cells, instants date cells; the header is bold, frozen and filtered', async () => {
  const reg = await signUp('Rosa Tanguila Ñacato', 'rosa.xlsx@arajuno.gob.ec', { phone: '0991234567' });
  const r = await download();
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), XLSX);
  assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="inscripciones-${SLUG}\\.xlsx"`));
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
  const book = readWorkbook(r.bytes);
  assert.equal(book.rows[0][0].value, 'code');
  assert.deepEqual(book.rows[0].map((c) => c.value).slice(0, 7),
    ['code', 'full_name', 'email', 'organization', 'position', 'municipality', 'phone']);
  const rosa = records(book).find((row) => row.email?.value === 'rosa.xlsx@arajuno.gob.ec');
  assert.ok(rosa, 'her row is there');
  assert.ok(['s', 'inlineStr', 'str'].includes(rosa.phone.type), `phone cell type ${rosa.phone.type}`);
  assert.equal(rosa.phone.value, '0991234567', 'the leading zero stays');
  assert.ok(['s', 'inlineStr'].includes(rosa.code.type));
  assert.equal(rosa.code.value, reg.code);
  assert.equal(rosa.full_name.value, 'Rosa Tanguila Ñacato');
  // created_at: a number (a serial date) styled with a date format
  assert.equal(rosa.created_at.type, 'n');
  const serial = Number(rosa.created_at.value);
  const today = Date.now() / 86400000 + 25569; // days since 1899-12-30
  assert.ok(Math.abs(serial - today) < 1.5, `created_at ${serial} is about today (${today})`);
  assert.ok(rosa.created_at.style, 'the date cell has a style');
  assert.match(book.styles, /formatCode="yyyy-mm-dd hh:mm"/);
  assert.equal(rosa.checked_in_at, undefined, 'no check-in: an empty cell');
  // the header: bold (its cells carry a style whose font is bold), frozen below row 1, filtered
  assert.ok(book.rows[0].every((c) => c.style), 'every header cell is styled');
  assert.match(book.styles, /<font><b\/>/);
  assert.match(book.sheet, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  const last = book.rows[0].at(-1).col;
  assert.match(book.sheet, new RegExp(`<autoFilter ref="A1:${last}${book.rows.length}"/>`));
  // columns sized to their content, capped
  const widths = [...book.sheet.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(widths.length, book.rows[0].length);
  assert.ok(widths.every((w) => w >= 8 && w <= 61), widths.join(','));
});

test('the filters of the list apply, and the rows are the CSV rows', async () => {
  await signUp('Marcelo Vargas Xlsx', 'marcelo.xlsx@arajuno.gob.ec', { phone: '032885123' });
  const one = readWorkbook((await download('?q=marcelo%20vargas')).bytes);
  assert.equal(one.rows.length, 2, 'the header and one row');
  assert.equal(records(one)[0].phone.value, '032885123');
  const none = readWorkbook((await download('?status=cancelled')).bytes);
  assert.equal(none.rows.length, 1, 'only the header when nothing matches');
  assert.match(none.sheet, /<autoFilter ref="A1:[A-Z]+1"\/>/);
  const all = readWorkbook((await download('?sort=name')).bytes);
  const csv = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations.csv?sort=name`, { token });
  const csvCodes = csv.text.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
  assert.deepEqual(records(all).map((row) => row.code.value), csvCodes);
  const bad = await download('?status=maybe');
  assert.equal(bad.status, 400, "a filter the list refuses is refused here too");
});

test('only organizers download it', async () => {
  assert.equal((await download('', null)).status, 401);
  assert.equal((await download('', 'no-es-un-token')).status, 401);
});
