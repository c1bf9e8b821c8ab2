// Black-box tests of the change marks in schedule.ics (RFC 5545 / RFC 5546 METHOD:PUBLISH): every
// event carries SEQUENCE, LAST-MODIFIED, DTSTAMP and the edition's ORGANIZER; after an organizer
// moves a session, the same UID comes with a higher SEQUENCE and the new time, under a new ETag.
// Both exports are read by two real iCalendar parsers, python3-icalendar (tests/lib/ics_events.py)
// and ical.js, and imported in turn the way a calendar app does (an event replaces the one with its
// UID only if its SEQUENCE is higher, or equal with a later DTSTAMP): the moved session shows its
// new time, whichever order the two files come in. A deleted session stays as STATUS:CANCELLED one
// revision later, so that the calendars drop it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { startServer, api, login, ROOT } from '../lib/server.mjs';
import { vevents, prop, assertIcsLines } from '../lib/ics.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's, with python3-icalendar (a pyenv python3 may lack it)
const READER = join(ROOT, 'tests', 'lib', 'ics_events.py');
const EDITION = '/api/v1/editions/latacunga-2024';

let srv, token, tmp;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'asamblea-ics-'));
  srv = await startServer();
  token = await login(srv.url);
});
after(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await srv?.stop();
});

async function getIcs(headers = {}) {
  const res = await fetch(`${srv.url}${EDITION}/schedule.ics`, { headers });
  return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
}

/** The events of each calendar text, as python3-icalendar reads them. */
function readWithPython(...texts) {
  const files = texts.map((text, i) => {
    const file = join(tmp, `calendar-${i}.ics`);
    writeFileSync(file, text);
    return file;
  });
  const r = spawnSync(PYTHON, [READER, ...files], { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).map((calendar) => {
    assert.equal(calendar.method, 'PUBLISH');
    return calendar.events;
  });
}

const utc = (time) => time.toJSDate().toISOString().replace(/[-:]|\.\d+/g, '');

/** The events of a calendar text, as ical.js reads them, in the shape ics_events.py prints. */
function readWithIcalJs(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const organizer = vevent.getFirstProperty('organizer');
    return {
      uid: event.uid,
      sequence: event.sequence,
      dtstamp: utc(vevent.getFirstPropertyValue('dtstamp')),
      last_modified: utc(vevent.getFirstPropertyValue('last-modified')),
      dtstart: utc(event.startDate),
      dtend: utc(event.endDate),
      summary: event.summary,
      status: vevent.getFirstPropertyValue('status'),
      organizer: organizer && { address: organizer.getFirstValue(), cn: organizer.getParameter('cn') },
    };
  });
}

/** Imports events into a calendar keyed by UID as RFC 5546 2.1.5 says: a copy replaces the one
 * held only when its SEQUENCE is higher, or the same with a later DTSTAMP. */
function importInto(calendar, events) {
  for (const ev of events) {
    const held = calendar.get(ev.uid);
    if (!held || ev.sequence > held.sequence || (ev.sequence === held.sequence && ev.dtstamp > held.dtstamp))
      calendar.set(ev.uid, ev);
  }
  return calendar;
}

test('a moved session: same UID, SEQUENCE up by one, new time, and calendars that import it show the move', async () => {
  const edition = (await api(srv.url, 'GET', EDITION)).body;
  assert.ok(edition.contact_email && edition.organizer_unit, 'the seed names the organizer and its address');
  const first = await getIcs();
  assert.equal(first.status, 200);
  assertIcsLines(first.text);
  const sessions = (await api(srv.url, 'GET', `${EDITION}/sessions`)).body.items;
  const moved = sessions[0];
  const uid = `session-${moved.id}@latacunga-2024.asamblea`;
  for (const block of vevents(first.text)) {
    assert.equal(prop(block, 'SEQUENCE'), '0', 'a seeded session is at its first revision');
    assert.match(prop(block, 'LAST-MODIFIED'), /^\d{8}T\d{6}Z$/);
    assert.ok(prop(block, 'DTSTAMP') >= prop(block, 'LAST-MODIFIED'), 'the object is not older than its events');
  }

  const p = await api(srv.url, 'PATCH', `/api/v1/sessions/${moved.id}`, {
    token, body: { starts_at: '2024-11-25T15:00:00-05:00', ends_at: '2024-11-25T17:00:00-05:00' },
  });
  assert.equal(p.status, 200, p.text);
  const stale = await getIcs({ 'if-none-match': first.etag });
  assert.equal(stale.status, 200, 'the cached calendar is not answered after the change');
  assert.notEqual(stale.etag, first.etag);
  const second = await getIcs();
  assertIcsLines(second.text);

  for (const [name, [before, after]] of [
    ['python3-icalendar', readWithPython(first.text, second.text)],
    ['ical.js', [readWithIcalJs(first.text), readWithIcalJs(second.text)]],
  ]) {
    const old = before.find((e) => e.uid === uid), now = after.find((e) => e.uid === uid);
    assert.ok(old && now, `${name}: the session keeps its UID`);
    assert.equal(old.sequence, 0, name);
    assert.equal(now.sequence, 1, name);
    assert.equal(old.dtstart, '20241125T143000Z', name);
    assert.equal(now.dtstart, '20241125T200000Z', name);
    assert.equal(now.dtend, '20241125T220000Z', name);
    assert.ok(now.last_modified >= old.last_modified, `${name}: LAST-MODIFIED does not go back`);
    assert.ok(now.dtstamp >= now.last_modified, name);
    for (const ev of after.filter((e) => e.uid !== uid))
      assert.equal(ev.sequence, 0, `${name}: the sessions that did not change keep their SEQUENCE`);
    for (const ev of [...before, ...after]) { // the edition's own contact, never a made-up address
      assert.equal(ev.organizer.cn, edition.organizer_unit, name);
      assert.equal(decodeURIComponent(ev.organizer.address.replace(/^mailto:/i, '')), edition.contact_email, name);
    }
    const inOrder = importInto(importInto(new Map(), before), after);
    assert.equal(inOrder.get(uid).dtstart, '20241125T200000Z', `${name}: importing the update shows the new time`);
    const outOfOrder = importInto(importInto(new Map(), after), before);
    assert.equal(outOfOrder.get(uid).dtstart, '20241125T200000Z', `${name}: a stale copy does not undo the move`);
  }
});

test('a write that changes nothing keeps the SEQUENCE; a participant change raises it', async () => {
  const sessions = (await api(srv.url, 'GET', `${EDITION}/sessions`)).body.items;
  const s = sessions.find((x) => x.participants.length > 1);
  const seq = async () => {
    const block = vevents((await getIcs()).text).find((b) => prop(b, 'UID') === `session-${s.id}@latacunga-2024.asamblea`);
    const value = prop(block, 'SEQUENCE');
    assert.match(value ?? '', /^\d+$/);
    return Number(value);
  };
  const start = await seq();
  const same = await api(srv.url, 'PATCH', `/api/v1/sessions/${s.id}`, { token, body: { title: s.title } });
  assert.equal(same.status, 200, same.text);
  assert.equal(await seq(), start);
  const person = s.participants[0].person_id;
  const removed = await api(srv.url, 'DELETE', `/api/v1/sessions/${s.id}/participants/${person}`, { token });
  assert.ok(removed.status === 200 || removed.status === 204, removed.text);
  assert.equal(await seq(), start + 1);
});

test('a deleted session stays in the calendar as cancelled, one revision later', async () => {
  const sessions = (await api(srv.url, 'GET', `${EDITION}/sessions`)).body.items;
  const s = sessions.at(-1);
  const uid = `session-${s.id}@latacunga-2024.asamblea`;
  const before = await getIcs();
  const held = vevents(before.text).find((b) => prop(b, 'UID') === uid);
  assert.equal(prop(held, 'STATUS'), undefined);
  const d = await api(srv.url, 'DELETE', `/api/v1/sessions/${s.id}`, { token });
  assert.ok(d.status === 200 || d.status === 204, d.text);
  const after = await getIcs({ 'if-none-match': before.etag });
  assert.equal(after.status, 200);
  assertIcsLines(after.text);
  const [pyBefore, pyAfter] = readWithPython(before.text, after.text);
  for (const [name, old, now] of [
    ['python3-icalendar', pyBefore, pyAfter],
    ['ical.js', readWithIcalJs(before.text), readWithIcalJs(after.text)],
  ]) {
    const gone = now.find((e) => e.uid === uid);
    assert.ok(gone, `${name}: the deleted session is still listed`);
    assert.equal(gone.status, 'CANCELLED', name);
    assert.equal(gone.sequence, old.find((e) => e.uid === uid).sequence + 1, name);
    assert.equal(gone.dtstart, old.find((e) => e.uid === uid).dtstart, name);
    const calendar = importInto(importInto(new Map(), old), now);
    assert.equal(calendar.get(uid).status, 'CANCELLED', `${name}: the calendar learns of the cancellation`);
  }
  const programme = (await api(srv.url, 'GET', `${EDITION}/sessions`)).body.items;
  assert.ok(!programme.some((x) => x.id === s.id), 'the programme no longer lists it');
});
