// scripts.test.mjs — names in any script reach the PDFs, and names the PDFs cannot print are refused
// at the edge: a Korean and a Japanese sign-up get badges whose text extracts as typed, drawn in
// embedded subsets of Nanum Gothic and IPA Gothic; an Arabic, Hebrew or Devanagari name (scripts
// that need shaping) is refused with 400 validation_failed naming the field — at sign-up, in an
// organizer's edit, in a CSV import and for a speaker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login } from '../lib/server.mjs';

const SLUG = 'escrituras-2027';
let srv, token, work;
before(async () => {
  srv = await startServer();
  token = await login(srv.url);
  work = mkdtempSync(join(tmpdir(), 'asamblea-scripts-'));
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug: SLUG, title: 'Escrituras 2027',
    city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', status: 'open' } });
  assert.equal(r.status, 201, r.text);
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

let seq = 0;
const person = (over = {}) => ({ full_name: `Persona ${++seq}`, email: `escritura${seq}@municipio.gob.ec`,
  organization: 'GAD Municipal de Mera', attendee_type: 'official', consent: true, ...over });
const signUp = (body) => api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, { body });
const tool = (cmd, file) => execFileSync(cmd, [file, '-'].slice(0, cmd === 'pdffonts' ? 1 : 2),
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

function assertRefused(r, field) {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'validation_failed');
  assert.equal(r.body.error.field, field);
  assert.match(r.body.error.message, /latinas, griegas o cirílicas, o en coreano, japonés o chino/);
}

test('Korean and Japanese names print on the badges as typed, in embedded font subsets', async () => {
  const codes = [];
  for (const [full_name, organization] of [['박민준 (Park Min-jun)', '서울특별시'], ['山田 太郎', '東京都庁']]) {
    const r = await signUp(person({ full_name, organization }));
    assert.equal(r.status, 201, r.text);
    codes.push(r.body.code);
  }
  const res = await fetch(`${srv.url}/api/v1/editions/${SLUG}/badges.pdf?layout=a6&codes=${codes.join(',')}`,
    { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const file = join(work, 'badges.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = tool('pdftotext', file).replace(/\s+/g, ' ');
  for (const want of ['박민준 (Park Min-jun)', '山田 太郎', '서울특별시', '東京都庁']) assert.ok(text.includes(want), `${want} in ${text}`);
  const fonts = tool('pdffonts', file);
  for (const face of ['NanumGothic', 'IPAGothic']) {
    const line = fonts.split('\n').find((l) => l.includes(face));
    assert.ok(line, `${face} in\n${fonts}`);
    assert.match(line, /yes\s+yes\s+yes/, 'embedded subset with a ToUnicode map');
  }
});

test('names in scripts that need shaping are refused at sign-up, in edits, in imports and for speakers', async () => {
  assertRefused(await signUp(person({ full_name: 'محمد علي' })), 'full_name');
  assertRefused(await signUp(person({ full_name: 'דוד כהן' })), 'full_name');
  assertRefused(await signUp(person({ organization: 'नगर निगम' })), 'organization');
  assertRefused(await signUp(person({ position: 'นายกเทศมนตรี' })), 'position');

  const ok = await signUp(person({ full_name: 'Ελένη Παπαδοπούλου', organization: 'Мэрия' }));
  assert.equal(ok.status, 201, ok.text);
  assertRefused(await api(srv.url, 'PATCH', `/api/v1/registrations/${ok.body.code}`,
    { token, body: { full_name: 'محمد علي' } }), 'full_name');

  const csv = 'full_name,email,organization,attendee_type,consent\r\nمحمد علي,arabe@x.ec,GAD,official,true\r\n';
  const imp = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations/import`,
    { token, raw: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  assert.equal(imp.status, 422, imp.text);
  assert.deepEqual(imp.body.errors.map((e) => [e.line, e.field]), [[2, 'full_name']]);

  assertRefused(await api(srv.url, 'POST', '/api/v1/people', { token, body: { name: 'राम शर्मा' } }), 'name');
});
