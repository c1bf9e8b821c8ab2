// Black-box tests of the public schedule exports of an edition: schedule.ics (RFC 5545: CRLF,
// folding at 75 octets, escaping), schedule.xml (validated by xmllint against the Frab XSD) and
// schedule.json (validated by python3-jsonschema against the c3voc schema; both schemas vendored
// in tests/fixtures/schemas), their ETag/304 caching, a new version after the programme's edition
// changes, an edition without sessions, drafts, which the public never sees, and file names on
// successful downloads only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, ROOT } from '../lib/server.mjs';
import { unfold, icsEscape, vevents, prop, assertIcsLines } from '../lib/ics.mjs';

const SCHEMAS = join(ROOT, 'tests', 'fixtures', 'schemas');
const XSD = join(SCHEMAS, 'frab-schedule.xsd');
const JSON_SCHEMA = join(SCHEMAS, 'c3voc-schedule.schema.json');
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-jsonschema (a pyenv python3 may lack it)
const BASE = '/api/v1/editions';

let srv, token, tmp;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'asamblea-exports-'));
  srv = await startServer();
  token = await login(srv.url);
});
after(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await srv?.stop();
});

/** GET with the body as bytes and text. */
async function get(path, headers = {}) {
  const res = await fetch(srv.url + path, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

let fileNo = 0;
/** Runs a validator on text written to a file; returns {ok, output}. */
function check(text, ext, cmd, args) {
  const file = join(tmp, `doc-${++fileNo}.${ext}`);
  writeFileSync(file, text);
  const r = spawnSync(cmd, args(file), { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
const xmllint = (text) => check(text, 'xml', 'xmllint', (f) => ['--noout', '--schema', XSD, f]);
const jsonschema = (text) => check(text, 'json', PYTHON, (f) => ['-m', 'jsonschema', '-i', f, JSON_SCHEMA]);

function assertValidXml(text) {
  const r = xmllint(text);
  assert.ok(r.ok, `schedule.xml does not validate:\n${r.output}`);
}
function assertValidJson(text) {
  const r = jsonschema(text);
  assert.ok(r.ok, `schedule.json does not validate:\n${r.output}`);
}

test('schedule.ics: CRLF, folded at 75 octets, 4 events in UTC with escaped Spanish text', async () => {
  const r = await get(`${BASE}/latacunga-2024/schedule.ics`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /^inline; filename="latacunga-2024-schedule\.ics"$/);
  assert.ok(r.bytes.equals(Buffer.from(r.text, 'utf8')), 'valid UTF-8 as a whole');
  assertIcsLines(r.text);
  const ics = unfold(r.text);
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:'));
  for (const line of ['CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Latacunga 2024', 'X-WR-TIMEZONE:America/Guayaquil'])
    assert.ok(ics.includes(`\r\n${line}\r\n`), line);
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));

  const sessions = (await api(srv.url, 'GET', `${BASE}/latacunga-2024/sessions`)).body.items;
  const events = vevents(r.text);
  assert.equal(events.length, 4);
  assert.equal(sessions.length, 4);
  const uids = new Set();
  for (const s of sessions) {
    const ev = events.find((b) => prop(b, 'UID') === `session-${s.id}@latacunga-2024.asamblea`);
    assert.ok(ev, `no VEVENT for session ${s.id}`);
    uids.add(prop(ev, 'UID'));
    assert.equal(prop(ev, 'SUMMARY'), icsEscape(`Diálogo ${s.number}: ${s.title}`)); // accents intact
    assert.ok(prop(ev, 'DESCRIPTION').startsWith(icsEscape(s.objective)));
    assert.equal(prop(ev, 'LOCATION'), 'Auditorio principal\\, Aeropuerto Internacional Cotopaxi\\, Latacunga');
    assert.equal(prop(ev, 'CATEGORIES'), 'Diálogo');
    assert.match(prop(ev, 'DTSTAMP'), /^\d{8}T\d{6}Z$/);
    const p = s.participants[0];
    assert.ok(prop(ev, 'DESCRIPTION').includes(icsEscape(`${p.name} — ${p.position}, ${p.organization} (Ponente)`)));
  }
  assert.equal(uids.size, 4);
  const first = events.find((b) => prop(b, 'SUMMARY').startsWith('Diálogo 1:'));
  assert.equal(prop(first, 'DTSTART'), '20241125T143000Z');
  assert.equal(prop(first, 'DTEND'), '20241125T163000Z');
  assert.match(prop(first, 'DESCRIPTION'), /Presentar buenas prácticas\\, proyectos e iniciativas/);
  assert.match(prop(first, 'DESCRIPTION'), /\(Moderador\/a\)/);
  for (const ev of events) { // every , ; \\ and newline of a TEXT value is escaped
    for (const name of ['SUMMARY', 'DESCRIPTION', 'LOCATION', 'CATEGORIES'])
      assert.doesNotMatch(prop(ev, name).replace(/\\[\\;,n]/g, ''), /[\\;,]/, `${name} escaped`);
  }

  const again = await get(`${BASE}/latacunga-2024/schedule.ics`);
  assert.ok(again.bytes.equals(r.bytes), 'the same data gives the same bytes');
});

test('schedule.xml validates against the Frab XSD and holds the programme', async () => {
  const r = await get(`${BASE}/latacunga-2024/schedule.xml`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/xml; charset=utf-8');
  assertValidXml(r.text);
  assert.equal(r.text.match(/<event /g).length, 4);
  assert.equal(r.text.match(/<day /g).length, 2);
  assert.match(r.text, /<acronym>latacunga-2024<\/acronym>/);
  assert.match(r.text, /<day index="1" date="2024-11-25" start="2024-11-25T09:30:00-05:00"/);
  assert.match(r.text, /<title>Buenas prácticas\/proyectos exitosos de cooperación internacional en los GAD Municipales<\/title>/);
  assert.match(r.text, /<subtitle>Diálogo 1<\/subtitle>/);
  assert.match(r.text, /<start>09:30<\/start>\s*<duration>02:00<\/duration>/);
  assert.match(r.text, /<person id="\d+">Patricio Maldonado<\/person>/);
  assert.match(r.text, /<language>es<\/language>/);
  // the validator is not vacuous: the same document without an event's required <title> fails
  assert.equal(xmllint(r.text.replace(/<title>Buenas[^<]*<\/title>/, '')).ok, false);
});

test('schedule.json validates against the c3voc schema and holds the programme', async () => {
  const r = await get(`${BASE}/latacunga-2024/schedule.json`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assertValidJson(r.text);
  const doc = JSON.parse(r.text);
  assert.equal(doc.$schema, 'https://c3voc.de/schedule/schema.json');
  const conf = doc.schedule.conference;
  assert.equal(conf.daysCount, 2);
  assert.equal(conf.time_zone_name, 'America/Guayaquil');
  assert.equal(conf.start, '2024-11-25');
  const events = conf.days.flatMap((d) => Object.values(d.rooms).flat());
  assert.equal(events.length, 4);
  const first = events.find((e) => e.subtitle === 'Diálogo 1');
  assert.equal(first.date, '2024-11-25T09:30:00-05:00');
  assert.equal(first.start, '09:30');
  assert.equal(first.duration, '02:00');
  assert.equal(first.room, 'Auditorio principal');
  assert.equal(first.track, 'Diálogo');
  assert.equal(first.language, 'es');
  assert.ok(first.persons.length >= 4 && first.persons.every((p) => Number.isInteger(p.id) && p.name));
  assert.equal(new Set(events.map((e) => e.guid)).size, 4);
  // the XML and JSON exports agree on ids, guids and slugs
  const xml = (await get(`${BASE}/latacunga-2024/schedule.xml`)).text;
  for (const e of events) {
    assert.ok(xml.includes(`<event id="${e.id}" guid="${e.guid}">`), `event ${e.id} in the XML`);
    assert.ok(xml.includes(`<slug>${e.slug}</slug>`));
  }
  // the validator is not vacuous: a document without the acronym fails
  delete doc.schedule.conference.acronym;
  assert.equal(jsonschema(JSON.stringify(doc)).ok, false);
});

test('each export answers 304 to its ETag', async () => {
  for (const ext of ['ics', 'xml', 'json']) {
    const path = `${BASE}/latacunga-2024/schedule.${ext}`;
    const r = await get(path);
    const etag = r.headers.get('etag');
    assert.match(etag ?? '', /^"[0-9a-f]{32}(-gz|-br)?"$/, ext);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const again = await get(path, { 'if-none-match': etag });
    assert.equal(again.status, 304, ext);
    assert.equal(again.bytes.length, 0);
    assert.equal((await get(path, { 'if-none-match': '"0000"' })).status, 200);
  }
});

test('a change to the edition gives new exports with a new ETag', async () => {
  const before = {};
  for (const ext of ['ics', 'xml', 'json']) before[ext] = await get(`${BASE}/latacunga-2024/schedule.${ext}`);
  const venue = 'Centro de Convenciones; Latacunga, Cotopaxi';
  const p = await api(srv.url, 'PATCH', `${BASE}/latacunga-2024`, { token, body: { venue } });
  assert.equal(p.status, 200, p.text);
  for (const ext of ['ics', 'xml', 'json']) {
    const path = `${BASE}/latacunga-2024/schedule.${ext}`;
    const r = await get(path, { 'if-none-match': before[ext].headers.get('etag') });
    assert.equal(r.status, 200, `${ext} after the change`);
    assert.notEqual(r.headers.get('etag'), before[ext].headers.get('etag'));
    assert.ok(!r.bytes.equals(before[ext].bytes));
    if (ext === 'ics') {
      assertIcsLines(r.text);
      assert.ok(unfold(r.text).includes('LOCATION:Auditorio principal\\, Centro de Convenciones\\; Latacunga\\, Cotopaxi\\, Latacunga\r\n'));
    }
    if (ext === 'xml') {
      assertValidXml(r.text);
      assert.notEqual(r.text.match(/<version>(.*)<\/version>/)[1], before.xml.text.match(/<version>(.*)<\/version>/)[1]);
    }
    if (ext === 'json') assertValidJson(r.text);
  }
});

test('an edition without sessions still exports valid documents', async () => {
  const ics = await get(`${BASE}/pastaza-2025/schedule.ics`);
  assert.equal(ics.status, 200);
  assertIcsLines(ics.text);
  assert.ok(ics.text.startsWith('BEGIN:VCALENDAR\r\n') && ics.text.endsWith('END:VCALENDAR\r\n'));
  assert.doesNotMatch(ics.text, /VEVENT/);
  const xml = await get(`${BASE}/pastaza-2025/schedule.xml`);
  assert.equal(xml.status, 200);
  assertValidXml(xml.text);
  assert.doesNotMatch(xml.text, /<event /);
  const json = await get(`${BASE}/pastaza-2025/schedule.json`);
  assert.equal(json.status, 200);
  assertValidJson(json.text);
  const conf = JSON.parse(json.text).schedule.conference;
  assert.ok(conf.daysCount >= 1);
  assert.equal(conf.days.length, conf.daysCount);
  assert.deepEqual(conf.days.flatMap((d) => Object.keys(d.rooms)), []);
});

test('a draft edition exports nothing to the public, and is never cached', async () => {
  const body = { slug: 'borrador-2027', title: 'Asamblea en preparación', city: 'Cuenca', starts_on: '2027-11-18', ends_on: '2027-11-19', status: 'draft' };
  const c = await api(srv.url, 'POST', BASE, { token, body });
  assert.equal(c.status, 201, c.text);
  for (const ext of ['ics', 'xml', 'json']) {
    const path = `${BASE}/borrador-2027/schedule.${ext}`;
    const pub = await api(srv.url, 'GET', path);
    assert.equal(pub.status, 404, ext);
    assert.equal(pub.body.error.code, 'not_found');
    const org = await api(srv.url, 'GET', path, { token });
    assert.equal(org.status, 200, `${ext} for an organizer`);
    assert.equal(org.headers.get('etag'), null);
    assert.equal(org.headers.get('cache-control'), 'no-store');
    assert.equal((await api(srv.url, 'GET', path)).status, 404, `${ext} stays hidden after an organizer read it`);
  }
  assert.equal((await api(srv.url, 'GET', `${BASE}/quito-2030/schedule.ics`)).status, 404);
});

test('only a successful download names a file: errors of every download route carry no Content-Disposition', async () => {
  const draft = { slug: 'borrador-2028', title: 'Otra asamblea en preparación', city: 'Loja', starts_on: '2028-11-16', ends_on: '2028-11-17', status: 'draft' };
  assert.equal((await api(srv.url, 'POST', BASE, { token, body: draft })).status, 201);
  const failures = [];
  for (const ext of ['ics', 'xml', 'json']) {
    failures.push([`${BASE}/quito-2030/schedule.${ext}`, 404], [`${BASE}/borrador-2028/schedule.${ext}`, 404]);
    for (const slug of ['latacunga-2024', 'borrador-2028']) {
      const ok = await api(srv.url, 'GET', `${BASE}/${slug}/schedule.${ext}`, { token: slug === 'latacunga-2024' ? undefined : token });
      assert.equal(ok.status, 200, `${slug} schedule.${ext}`);
      assert.equal(ok.headers.get('content-disposition'), `inline; filename="${slug}-schedule.${ext}"`);
    }
  }
  for (const ext of ['csv', 'json']) {
    failures.push([`${BASE}/quito-2030/registrations.${ext}`, 404, token], [`${BASE}/pastaza-2025/registrations.${ext}?status=nope`, 400, token],
      [`${BASE}/pastaza-2025/registrations.${ext}`, 401]);
  }
  failures.push([`${BASE}/quito-2030/proceedings.pdf`, 404], [`${BASE}/quito-2030/badges.pdf`, 404, token],
    [`${BASE}/quito-2030/certificates.pdf`, 404, token], ['/api/v1/registrations/ZZZZZZ/badge.pdf', 404],
    ['/api/v1/registrations/ZZZZZZ/certificate.pdf', 404], ['/api/v1/registrations/ZZZZZZ/data', 404]);
  for (const [path, status, auth] of failures) {
    const r = await api(srv.url, 'GET', path, { token: auth });
    assert.equal(r.status, status, `${path}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', path);
    assert.equal(r.headers.get('content-disposition'), null, `${path} answered ${status} with a file name`);
  }
});
