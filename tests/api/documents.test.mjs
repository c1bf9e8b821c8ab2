// Black-box tests of the PDF documents: the memoria (published versions byte for byte, draft
// preview and privacy, publish flow), badges (every QR decodes with an independent reader, and
// with the door scanner's own decoder at low resolutions, and checks in), and certificates of
// attendance (only after check-in; public verification).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, api, login, cli } from '../lib/server.mjs';
import { render, jsqr } from '../lib/qr-scan.mjs';

const run = promisify(execFile);
let srv, admin, work;
before(async () => {
  srv = await startServer();
  admin = await login(srv.url);
  work = mkdtempSync(join(tmpdir(), 'asamblea-docs-'));
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

const pdfBytes = async (path, headers = {}) => {
  const r = await fetch(srv.url + path, { headers });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
};
const textOf = (bytes, name) => {
  const file = join(work, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
};
/**
 * Decodes every QR code on every page with zbarimg; returns the decoded strings. The tools run
 * asynchronously: a synchronous wait of many seconds would stop the event loop, and with it the
 * HTTP client's clock, so its next request would reuse a connection the server had already closed
 * as idle (15 s).
 */
async function decodeQr(bytes, name) {
  const dir = mkdtempSync(join(work, name + '-'));
  writeFileSync(join(dir, 'doc.pdf'), bytes);
  await run('pdftoppm', ['-r', '150', '-png', join(dir, 'doc.pdf'), join(dir, 'page')]);
  const out = [];
  for (const png of readdirSync(dir).filter((f) => f.endsWith('.png')).sort()) {
    const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', join(dir, png)], { encoding: 'utf8' });
    out.push(...stdout.split('\n').filter(Boolean));
  }
  return out;
}

test('the seeded Latacunga memoria is published: the same bytes on every download, with every section', async () => {
  const a = await pdfBytes('/api/v1/editions/latacunga-2024/proceedings.pdf');
  assert.equal(a.status, 200);
  assert.equal(a.headers.get('content-type'), 'application/pdf');
  const b = await pdfBytes('/api/v1/editions/latacunga-2024/proceedings.pdf');
  assert.deepEqual(a.bytes, b.bytes, 'byte-identical');
  const sha = createHash('sha256').update(a.bytes).digest('hex');
  assert.equal(a.headers.get('etag'), `"${sha}"`);
  assert.equal((await fetch(srv.url + '/api/v1/editions/latacunga-2024/proceedings.pdf', { headers: { 'if-none-match': `"${sha}"` } })).status, 304);
  const text = textOf(a.bytes, 'memoria.pdf');
  for (const s of ['Diálogo 1', 'Diálogo 4', 'Conclusiones', 'Recomendaciones', 'Patricio Maldonado', 'César Argüello', 'Stefany Páez', 'Vianna Maino Isaías', 'Aeropuerto Internacional Cotopaxi', 'página 2 de']) {
    assert.ok(text.includes(s), s);
  }
  assert.doesNotMatch(text, /Ã|Â/, 'no mojibake');
  const versions = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings/versions');
  assert.equal(versions.body.total, 1);
  assert.equal(versions.body.items[0].sha256, sha);
  // a second seed on another machine gives the same bytes: the seeded version is dated by the data
  const other = await startServer();
  try {
    const c = await fetch(other.url + '/api/v1/editions/latacunga-2024/proceedings.pdf');
    assert.equal(createHash('sha256').update(Buffer.from(await c.arrayBuffer())).digest('hex'), sha);
  } finally { await other.stop(); }
});

test('unpublished proceedings are 404 to the public; organizers see the JSON and a draft PDF', async () => {
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings')).status, 404);
  assert.equal((await fetch(srv.url + '/api/v1/editions/pastaza-2025/proceedings.pdf')).status, 404);
  assert.equal((await fetch(srv.url + '/api/v1/editions/pastaza-2025/proceedings.pdf?draft=1')).status, 401);
  const org = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings', { token: admin });
  assert.equal(org.status, 200);
  assert.equal(org.body.status, 'draft');
  const add = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/proceedings/items', { token: admin, body: { kind: 'conclusion', number: 1, title: 'Conclusión de prueba', body: 'Texto con **énfasis** y ñ.' } });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.body.title, 'Conclusión de prueba', 'the item, not the whole proceedings');
  assert.equal(add.headers.get('location'), `/api/v1/proceedings/items/${add.body.id}`);
  const draft = await pdfBytes('/api/v1/editions/pastaza-2025/proceedings.pdf?draft=1', { authorization: `Bearer ${admin}` });
  assert.equal(draft.status, 200);
  assert.match(textOf(draft.bytes, 'draft.pdf'), /Conclusión de prueba/);
  assert.equal((await fetch(srv.url + '/api/v1/editions/pastaza-2025/proceedings.pdf')).status, 404, 'still private');
});

test('publish keeps every version; the public download follows the latest; older ones stay', async () => {
  const v1 = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/proceedings/publish', { token: admin });
  assert.equal(v1.status, 201, v1.text);
  assert.equal(v1.body.version, 1);
  assert.match(v1.body.sha256, /^[0-9a-f]{64}$/);
  assert.equal(v1.headers.get('location'), '/api/v1/editions/pastaza-2025/proceedings.pdf?version=1');
  const pub = await pdfBytes('/api/v1/editions/pastaza-2025/proceedings.pdf');
  assert.equal(pub.status, 200);
  assert.equal(createHash('sha256').update(pub.bytes).digest('hex'), v1.body.sha256);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings')).body.status, 'published');
  const items = (await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings', { token: admin })).body.items;
  await api(srv.url, 'PATCH', `/api/v1/proceedings/items/${items[0].id}`, { token: admin, body: { title: 'Conclusión corregida' } });
  const v2 = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/proceedings/publish', { token: admin });
  assert.equal(v2.body.version, 2);
  const latest = await pdfBytes('/api/v1/editions/pastaza-2025/proceedings.pdf');
  assert.match(textOf(latest.bytes, 'v2.pdf'), /Conclusión corregida/);
  const old = await pdfBytes('/api/v1/editions/pastaza-2025/proceedings.pdf?version=1');
  assert.equal(createHash('sha256').update(old.bytes).digest('hex'), v1.body.sha256, 'version 1 unchanged');
  const list = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings/versions');
  assert.deepEqual(list.body.items.map((v) => v.version), [2, 1]);
  assert.equal((await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/proceedings/publish')).status, 401);
  // a published version cannot be altered, even directly in the database
  const tamper = (() => { try { execFileSync('sqlite3', [srv.db, "UPDATE proceedings_versions SET sha256 = 'x'"], { stdio: 'pipe' }); return 'changed'; } catch (e) { return String(e.stderr); } })();
  assert.match(tamper, /immutable/);
});

test('?version= is a version number from 1: anything else is 400 validation_failed on "version"', async () => {
  for (const v of ['abc', '2x', '1abc', '0', '-1', '+1', '%201', '1.0', '1e0', '0x1', '', '4294967297', '99999999999999999999']) {
    const r = await api(srv.url, 'GET', `/api/v1/editions/latacunga-2024/proceedings.pdf?version=${v}`);
    assert.equal(r.status, 400, `version=${v}`);
    assert.equal(r.body.error.code, 'validation_failed', `version=${v}`);
    assert.equal(r.body.error.field, 'version', `version=${v}`);
  }
  assert.equal((await fetch(srv.url + '/api/v1/editions/latacunga-2024/proceedings.pdf?version=1')).status, 200);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings.pdf?version=999')).status, 404);
});

test('proceedings items and credits validate their input', async () => {
  const bad = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/proceedings/items', { token: admin, body: { kind: 'anexo', title: 'X' } });
  assert.equal(bad.body.error.field, 'kind');
  const credits = await api(srv.url, 'PUT', '/api/v1/editions/pastaza-2025/credits', { token: admin, body: { credits: [{ name: 'Ana Ruiz', role_title: 'Presidenta de AME', signs_certificates: true }, { name: 'Luis Paz', role_title: 'Director Ejecutivo de AME', signs_certificates: true }] } });
  assert.equal(credits.status, 200, credits.text);
  assert.equal(credits.body.credits.length, 2);
  const missing = await api(srv.url, 'PUT', '/api/v1/editions/pastaza-2025/credits', { token: admin, body: { credits: [{ name: 'X' }] } });
  assert.equal(missing.body.error.field, 'role_title');
});

let reg, staff;
test('badges: the print sheet decodes QR by QR with zbarimg, and each code checks in', async () => {
  const people = [];
  for (const name of ['Zoila Ñacato', 'Álvaro Núñez', 'María de los Ángeles Guadalupe Pérez Ñacato de la Torre']) {
    const r = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', { body: { full_name: name, email: `${people.length}b@m.ec`, organization: 'GAD Municipal de Santa Clara', attendee_type: 'authority', consent: true } });
    people.push(r.body);
  }
  reg = people[0];
  const sheet = await pdfBytes('/api/v1/editions/pastaza-2025/badges.pdf?layout=a4-10', { authorization: `Bearer ${admin}` });
  assert.equal(sheet.status, 200);
  const count = Number(sheet.headers.get('x-badge-count'));
  assert.ok(count >= 3);
  const tokens = await decodeQr(sheet.bytes, 'sheet');
  assert.equal(tokens.length, count, 'every badge on the sheet has a readable QR');
  const text = textOf(sheet.bytes, 'sheet.pdf');
  assert.match(text, /AUTORIDAD/);
  // Spanish order: Álvaro Núñez, María…, Zoila Ñacato (Á sorts with A)
  assert.ok(text.indexOf('Álvaro') < text.indexOf('Zoila'));
  const badge = await api(srv.url, 'GET', `/api/v1/registrations/${reg.code}/badge`, { token: admin });
  assert.ok(tokens.includes(badge.body.token));
  staff = admin;
  const scan = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/checkins', { token: admin, body: { token: tokens[tokens.indexOf(badge.body.token)] } });
  assert.equal(scan.body.result, 'ok');
  for (const layout of ['a4-8', 'a6', 'cr80']) {
    const one = await pdfBytes(`/api/v1/editions/pastaza-2025/badges.pdf?layout=${layout}&codes=${people[2].code}`, { authorization: `Bearer ${admin}` });
    assert.equal(one.status, 200, layout);
    assert.equal((await decodeQr(one.bytes, layout)).length, 1, layout);
  }
  const bad = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/badges.pdf?layout=a3', { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'layout');
  assert.equal((await fetch(srv.url + '/api/v1/editions/pastaza-2025/badges.pdf')).status, 401);
});

test('badges: jsQR, the decoder the door scanner vendors, reads every one-badge page at 72, 100 and 150 dpi', async () => {
  const people = [];
  for (const name of ['Sisa Tituaña', 'Édison Peñaherrera Zúñiga', 'Luis Fernando Ortiz de la Torre Cevallos']) {
    const r = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', { body: { full_name: name, email: `${people.length}j@m.ec`, organization: 'GAD Municipal de Pastaza', attendee_type: 'official', consent: true } });
    assert.equal(r.status, 201);
    people.push(r.body);
  }
  const tokens = [];
  for (const p of people) tokens.push((await api(srv.url, 'GET', `/api/v1/registrations/${p.code}/badge`, { token: admin })).body.token);
  const codes = people.map((p) => p.code).join(',');
  const files = {}; /* all downloaded before any rendering keeps the event loop busy */
  for (const layout of ['a6', 'cr80']) {
    const pdf = await pdfBytes(`/api/v1/editions/pastaza-2025/badges.pdf?layout=${layout}&codes=${codes}`, { authorization: `Bearer ${admin}` });
    assert.equal(pdf.status, 200, layout);
    files[layout] = join(work, `jsqr-${layout}.pdf`);
    writeFileSync(files[layout], pdf.bytes);
  }
  for (const [layout, file] of Object.entries(files)) {
    for (const dpi of [72, 100, 150]) {
      const read = render(file, 'poppler', dpi).map((page) => jsqr(page));
      assert.deepEqual([...read].sort(), [...tokens].sort(), `${layout} at ${dpi} dpi`);
    }
  }
});

test('badges: the attendee downloads their own with the manage token; print marks', async () => {
  const own = await pdfBytes(`/api/v1/registrations/${reg.code}/badge.pdf`, { 'x-manage-token': reg.manage_token });
  assert.equal(own.status, 200);
  assert.match(textOf(own.bytes, 'own.pdf'), /Zoila/);
  assert.equal((await fetch(srv.url + `/api/v1/registrations/${reg.code}/badge.pdf`, { headers: { 'x-manage-token': 'nope' } })).status, 404);
  const mark = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/badges/printed', { token: admin, body: {} });
  assert.equal(mark.status, 200);
  assert.ok(mark.body.marked >= 3);
  const none = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/badges.pdf?unprinted=1', { token: admin });
  assert.equal(none.status, 404);
});

test('certificates: only after check-in (409 not_checked_in); QR verifies publicly', async () => {
  const late = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', { body: { full_name: 'Sin Asistencia', email: 'sin@m.ec', organization: 'X', attendee_type: 'press', consent: true } });
  const no = await api(srv.url, 'GET', `/api/v1/registrations/${late.body.code}/certificate.pdf`, { headers: { 'x-manage-token': late.body.manage_token } });
  assert.equal(no.status, 409);
  assert.equal(no.body.error.code, 'not_checked_in');
  const cert = await pdfBytes(`/api/v1/registrations/${reg.code}/certificate.pdf`, { 'x-manage-token': reg.manage_token });
  assert.equal(cert.status, 200);
  const text = textOf(cert.bytes, 'cert.pdf');
  assert.match(text, /Certificado de participación/i);
  assert.match(text, /Zoila Ñacato/);
  assert.match(text, /Ana Ruiz/, 'signers come from the credits');
  const urls = await decodeQr(cert.bytes, 'cert');
  assert.equal(urls.length, 1);
  assert.ok(urls[0].endsWith(`/v/${reg.code}`), urls[0]);
  const check = await api(srv.url, 'GET', `/api/v1/certificates/${reg.code}`);
  assert.deepEqual({ valid: check.body.valid, full_name: check.body.full_name, edition: check.body.edition }, { valid: true, full_name: 'Zoila Ñacato', edition: 'pastaza-2025' });
  const invalid = await api(srv.url, 'GET', `/api/v1/certificates/${late.body.code}`);
  assert.equal(invalid.body.valid, false);
  assert.equal(invalid.body.full_name, null, 'no name for a certificate that does not exist');
  assert.equal((await api(srv.url, 'GET', '/api/v1/certificates/ZZZZZZ')).status, 404);
  const all = await pdfBytes('/api/v1/editions/pastaza-2025/certificates.pdf', { authorization: `Bearer ${admin}` });
  assert.equal(all.status, 200);
});

test('CLI: badges, proceedings and certificates to files', async () => {
  const out = join(work, 'cli-badges.pdf');
  const b = cli(['badges', '--db', srv.db, '--edition', 'pastaza-2025', '--layout', 'a4-8', '-o', out]);
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /badges written/);
  const p = cli(['proceedings', '--db', srv.db, '--edition', 'latacunga-2024', '--published', '-o', join(work, 'cli-memoria.pdf')]);
  assert.equal(p.status, 0, p.stderr);
  const c = cli(['certificates', '--db', srv.db, '--edition', 'pastaza-2025', '-o', join(work, 'cli-cert.pdf')]);
  assert.equal(c.status, 0, c.stderr);
  const none = cli(['certificates', '--db', srv.db, '--edition', 'latacunga-2024', '-o', join(work, 'none.pdf')]);
  assert.notEqual(none.status, 0);
  assert.equal(cli(['badges', '--db', srv.db, '--edition', 'nope', '-o', out]).status, 2);
});

test('the public proceedings JSON is what the latest version published, not the edits after it', async () => {
  const items = (await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings', { token: admin })).body.items;
  await api(srv.url, 'PATCH', `/api/v1/proceedings/items/${items[0].id}`, { token: admin, body: { title: 'Borrador no publicado' } });
  const pub = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings');
  assert.equal(pub.status, 200);
  assert.equal(pub.body.status, 'published');
  assert.equal(pub.body.version, 2);
  assert.ok(pub.body.items.some((i) => i.title === 'Conclusión corregida'));
  assert.ok(!pub.body.items.some((i) => i.title === 'Borrador no publicado'));
  const org = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings', { token: admin });
  assert.ok(org.body.items.some((i) => i.title === 'Borrador no publicado'), 'organizers see the draft');
  const lat = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings');
  assert.equal(lat.body.items.filter((i) => i.kind === 'conclusion').length, 6);
  assert.equal(lat.body.items.filter((i) => i.kind === 'recommendation').length, 7);
});
