// Black-box tests of the programme: rooms, sessions and participants with the schedule rules
// (room overlap, a person in two places, back-to-back allowed), people and their photos (checked
// by content), privacy of email and phone, rosters and copying, and the cached public reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, ROOT } from '../lib/server.mjs';

let srv, token;
const JPEG = readFileSync(join(ROOT, 'tests/fixtures/speaker.jpg'));
const PNG = readFileSync(join(ROOT, 'tests/fixtures/speaker.png'));
before(async () => {
  srv = await startServer();
  token = await login(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug: 'prog-2027', title: 'Programa de prueba', city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', status: 'open' } });
  assert.equal(r.status, 201);
});
after(async () => { await srv?.stop(); });

const post = (path, body) => api(srv.url, 'POST', path, { token, body });
const patch = (path, body) => api(srv.url, 'PATCH', path, { token, body });
const put = (path, bytes, type) => fetch(srv.url + path, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: bytes });

let roomA, roomB, ana, luis;
test('rooms: create (201 with the room and its Location), list, duplicate name is 409', async () => {
  const a = await post('/api/v1/editions/prog-2027/rooms', { name: 'Auditorio', capacity: 300 });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.name, 'Auditorio');
  assert.equal(a.body.capacity, 300);
  assert.equal(a.headers.get('location'), `/api/v1/rooms/${a.body.id}`);
  await post('/api/v1/editions/prog-2027/rooms', { name: 'Sala 2', sort_order: 2 });
  const list = await api(srv.url, 'GET', '/api/v1/editions/prog-2027/rooms');
  assert.equal(list.body.total, 2);
  [roomA, roomB] = list.body.items.map((x) => x.id);
  assert.equal((await post('/api/v1/editions/prog-2027/rooms', { name: 'Auditorio' })).status, 409);
  assert.equal((await post('/api/v1/editions/prog-2027/rooms', { name: '' })).body.error.field, 'name');
});

test('people: create with private email and phone, never in public answers', async () => {
  const r = await post('/api/v1/people', { name: 'Ana Guamán', honorific: 'Mgs.', position: 'Alcaldesa', organization: 'GAD Municipal de Arajuno', bio: 'Primer párrafo.\n\nSegundo.', email: 'ana@arajuno.gob.ec', phone: '099 111 2222' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.email, 'ana@arajuno.gob.ec', 'organizers see the contact data');
  ana = r.body.id;
  luis = (await post('/api/v1/people', { name: 'Luis Tapuy', organization: 'GAD Municipal de Arajuno' })).body.id;
  const pub = await api(srv.url, 'GET', `/api/v1/people/${ana}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.body.organization, 'GAD Municipal de Arajuno');
  assert.ok(!('email' in pub.body) && !('phone' in pub.body));
  assert.doesNotMatch(pub.text, /arajuno\.gob\.ec|099 111/);
  assert.equal((await post('/api/v1/people', { name: 'X', email: 'bad' })).body.error.field, 'email');
  assert.equal((await api(srv.url, 'POST', '/api/v1/people', { body: { name: 'X' } })).status, 401);
  const found = await api(srv.url, 'GET', '/api/v1/people?q=guaman', { token });
  assert.equal(found.body.total, 1);
  const changed = await patch(`/api/v1/people/${ana}`, { position: 'Alcaldesa de Arajuno' });
  assert.equal(changed.body.position, 'Alcaldesa de Arajuno');
});

let s1;
test('sessions: created in the edition zone; room overlap is a conflict, back-to-back is not', async () => {
  const r = await post('/api/v1/editions/prog-2027/sessions', { kind: 'dialogue', number: 1, title: 'Diálogo sobre agua', objective: 'Objetivo', starts_at: '2027-11-18T09:00', ends_at: '2027-11-18T10:30', room_id: roomA });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.starts_at, '2027-11-18T09:00:00-05:00');
  assert.deepEqual(r.body.room, { id: roomA, name: 'Auditorio' });
  s1 = r.body.id;
  const overlap = await post('/api/v1/editions/prog-2027/sessions', { kind: 'panel', title: 'Choque', starts_at: '2027-11-18T10:00-05:00', ends_at: '2027-11-18T11:00-05:00', room_id: roomA });
  assert.equal(overlap.status, 409);
  assert.equal(overlap.body.error.code, 'schedule_conflict');
  assert.equal(overlap.body.conflicts[0].session_id, s1);
  assert.equal(overlap.body.conflicts[0].reason, 'room');
  const sessions = await api(srv.url, 'GET', '/api/v1/editions/prog-2027/sessions');
  assert.equal(sessions.body.total, 1, 'a refused session is not stored');
  const b2b = await post('/api/v1/editions/prog-2027/sessions', { kind: 'break', title: 'Receso', starts_at: '2027-11-18T15:30:00Z', ends_at: '2027-11-18T15:45:00Z', room_id: roomA });
  assert.equal(b2b.status, 201, 'back-to-back (10:30 local = 15:30Z) is fine');
  const other = await post('/api/v1/editions/prog-2027/sessions', { kind: 'panel', title: 'Otra sala', starts_at: '2027-11-18T09:30', ends_at: '2027-11-18T10:00', room_id: roomB });
  assert.equal(other.status, 201);
});

test('session validation: times, kind, foreign room', async () => {
  const base = { kind: 'panel', title: 'X', starts_at: '2027-11-18T12:00', ends_at: '2027-11-18T13:00' };
  assert.equal((await post('/api/v1/editions/prog-2027/sessions', { ...base, ends_at: '2027-11-18T11:00' })).body.error.field, 'ends_at');
  assert.equal((await post('/api/v1/editions/prog-2027/sessions', { ...base, starts_at: 'mañana' })).body.error.field, 'starts_at');
  assert.equal((await post('/api/v1/editions/prog-2027/sessions', { ...base, kind: 'fiesta' })).body.error.field, 'kind');
  const lat = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/rooms');
  const foreign = await post('/api/v1/editions/prog-2027/sessions', { ...base, room_id: lat.body.items[0].id });
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.error.field, 'room_id');
  assert.equal((await patch(`/api/v1/sessions/${s1}`, { ends_at: '2027-11-18T08:00' })).body.error.field, 'ends_at');
});

test('participants: a person in two overlapping sessions is a conflict; order and removal', async () => {
  const add = await post(`/api/v1/sessions/${s1}/participants`, { person_id: ana, role: 'speaker', topic: 'Agua potable', contribution: 'Aporte **clave**.' });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.body.person_id, ana, 'the participant, not the session');
  assert.equal(add.body.name, 'Ana Guamán');
  assert.equal(add.body.role, 'speaker');
  assert.equal(add.body.topic, 'Agua potable');
  assert.equal(add.headers.get('location'), `/api/v1/sessions/${s1}/participants/${ana}`);
  await post(`/api/v1/sessions/${s1}/participants`, { person_id: luis, role: 'moderator' });
  const dup = await post(`/api/v1/sessions/${s1}/participants`, { person_id: ana, role: 'panelist' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict');
  const sessions = await api(srv.url, 'GET', '/api/v1/editions/prog-2027/sessions');
  const other = sessions.body.items.find((s) => s.title === 'Otra sala');
  const clash = await post(`/api/v1/sessions/${other.id}/participants`, { person_id: ana, role: 'panelist' });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, 'schedule_conflict');
  assert.equal(clash.body.conflicts[0].reason, 'person');
  assert.equal(clash.body.conflicts[0].person, 'Ana Guamán');
  // moving the session so that it overlaps a participant's other session is refused too
  const later = await post('/api/v1/editions/prog-2027/sessions', { kind: 'keynote', title: 'Conferencia', starts_at: '2027-11-19T09:00', ends_at: '2027-11-19T10:00' });
  assert.equal((await post(`/api/v1/sessions/${later.body.id}/participants`, { person_id: ana, role: 'speaker' })).status, 201);
  const move = await patch(`/api/v1/sessions/${later.body.id}`, { starts_at: '2027-11-18T10:00', ends_at: '2027-11-18T10:20' });
  assert.equal(move.status, 409);
  assert.equal(move.body.conflicts[0].session_id, s1);
  const reorder = await patch(`/api/v1/sessions/${s1}/participants/${luis}`, { sort_order: 0 });
  assert.equal(reorder.body.participants[0].name, 'Luis Tapuy');
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/sessions/${later.body.id}/participants/${ana}`, { token })).status, 204);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/sessions/${later.body.id}/participants/${ana}`, { token })).status, 404);
  assert.equal((await post(`/api/v1/sessions/${s1}/participants`, { person_id: 999999, role: 'speaker' })).body.error.field, 'person_id');
});

test('GET conflicts lists conflicts in stored data (organizer only)', async () => {
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/prog-2027/conflicts')).status, 401);
  const none = await api(srv.url, 'GET', '/api/v1/editions/prog-2027/conflicts', { token });
  assert.equal(none.body.total, 0);
  const lat = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/conflicts', { token });
  assert.equal(lat.body.total, 0, 'the seeded programme is consistent');
});

test('photos: JPEG and PNG accepted by content; wrong type 415, too large 413, not an image 400', async () => {
  const ok = await put(`/api/v1/people/${ana}/photo`, JPEG, 'image/jpeg');
  assert.equal(ok.status, 200, await ok.text());
  const got = await fetch(srv.url + `/api/v1/people/${ana}/photo`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  const stored = Buffer.from(await got.arrayBuffer()); // decoded and encoded again, without metadata
  assert.deepEqual([...stored.subarray(0, 2)], [0xff, 0xd8]);
  const etag = got.headers.get('etag');
  assert.equal((await fetch(srv.url + `/api/v1/people/${ana}/photo`, { headers: { 'if-none-match': etag } })).status, 304);
  assert.equal((await put(`/api/v1/people/${luis}/photo`, PNG, 'image/png')).status, 200);
  const person = await api(srv.url, 'GET', `/api/v1/people/${luis}`);
  assert.match(person.body.photo_url, new RegExp(`^/api/v1/people/${luis}/photo\\?v=[0-9a-f]{12}$`), "a versioned URL");
  assert.equal((await put(`/api/v1/people/${ana}/photo`, JPEG, 'image/gif')).status, 415);
  assert.equal((await put(`/api/v1/people/${ana}/photo`, Buffer.from('GIF89a....'), 'text/plain')).status, 415);
  const notImage = await put(`/api/v1/people/${ana}/photo`, Buffer.from('<svg onload=alert(1)>'), 'image/jpeg');
  assert.equal(notImage.status, 400);
  assert.equal((await put(`/api/v1/people/${ana}/photo`, PNG, 'image/jpeg')).status, 400, 'a PNG sent as JPEG is refused');
  const truncated = await put(`/api/v1/people/${ana}/photo`, JPEG.subarray(0, JPEG.length - 100), 'image/jpeg');
  assert.equal(truncated.status, 400);
  const corrupt = Buffer.from(PNG); corrupt[40] ^= 0xff;
  assert.equal((await put(`/api/v1/people/${luis}/photo`, corrupt, 'image/png')).status, 400, 'a bad CRC is refused');
  const big = Buffer.concat([JPEG, Buffer.alloc(2 * 1024 * 1024)]);
  const tooBig = await put(`/api/v1/people/${ana}/photo`, big, 'image/jpeg');
  assert.equal(tooBig.status, 413);
  const still = await fetch(srv.url + `/api/v1/people/${ana}/photo`);
  assert.deepEqual(Buffer.from(await still.arrayBuffer()), stored, 'refused uploads change nothing');
  assert.equal((await put(`/api/v1/people/999999/photo`, JPEG, 'image/jpeg')).status, 404);
  const anon = await fetch(srv.url + `/api/v1/people/${ana}/photo`, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: JPEG });
  assert.equal(anon.status, 401);
});

test('no public answer carries an email or phone', async () => {
  for (const path of ['/api/v1/editions/prog-2027/people', '/api/v1/editions/prog-2027/sessions', `/api/v1/people/${ana}`, '/api/v1/editions/latacunga-2024/people']) {
    const r = await api(srv.url, 'GET', path);
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.text, /"email"|"phone"|@arajuno|099 111/, path);
  }
});

test('public programme reads carry an ETag, answer 304, and change after a programme write', async () => {
  const first = await fetch(srv.url + '/api/v1/editions/prog-2027/sessions');
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}(-gz|-br)?"$/); // the ETag of the coding sent (fetch asks for gzip)
  assert.equal((await fetch(srv.url + '/api/v1/editions/prog-2027/sessions', { headers: { 'if-none-match': etag } })).status, 304);
  await patch(`/api/v1/sessions/${s1}`, { title: 'Diálogo sobre agua y saneamiento' });
  const after = await fetch(srv.url + '/api/v1/editions/prog-2027/sessions', { headers: { 'if-none-match': etag } });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.get('etag'), etag);
  assert.match(await after.text(), /saneamiento/);
  // a registration does not change the programme's ETag
  const e2 = after.headers.get('etag');
  await api(srv.url, 'POST', '/api/v1/editions/prog-2027/registrations', { body: { full_name: 'X', email: 'x@y.ec', organization: 'Y', attendee_type: 'press', consent: true } });
  assert.equal((await fetch(srv.url + '/api/v1/editions/prog-2027/sessions', { headers: { 'if-none-match': e2 } })).status, 304);
  const people = await fetch(srv.url + '/api/v1/editions/prog-2027/people');
  assert.ok(people.headers.get('etag'));
});

test('roster and copy from a previous edition: rooms and people, not sessions', async () => {
  const nobody = await post('/api/v1/people', { name: 'Invitada Sin Sesión' });
  const added = await post('/api/v1/editions/prog-2027/people', { person_id: nobody.body.id });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.body.id, nobody.body.id);
  assert.equal(added.headers.get('location'), `/api/v1/editions/prog-2027/people/${nobody.body.id}`);
  const people = await api(srv.url, 'GET', '/api/v1/editions/prog-2027/people');
  assert.ok(people.body.items.some((p) => p.name === 'Invitada Sin Sesión' && p.sessions.length === 0));
  await post('/api/v1/editions', { slug: 'copia-2028', title: 'Copia', city: 'Tena', starts_on: '2028-11-16', ends_on: '2028-11-17' });
  const copy = await post('/api/v1/editions/copia-2028/copy', { from: 'prog-2027' });
  assert.equal(copy.status, 200, copy.text);
  assert.deepEqual(copy.body, { rooms: 2, people: 3 });
  const again = await post('/api/v1/editions/copia-2028/copy', { from: 'prog-2027' });
  assert.deepEqual(again.body, { rooms: 0, people: 0 }, 'copying twice adds nothing');
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/copia-2028/sessions', { token })).body.total, 0);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/copia-2028/rooms', { token })).body.total, 2);
  assert.equal((await post('/api/v1/editions/copia-2028/copy', { from: 'copia-2028' })).body.error.field, 'from');
  assert.equal((await post('/api/v1/editions/copia-2028/copy', { from: 'nada-1900' })).body.error.field, 'from');
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/editions/copia-2028/people/${nobody.body.id}`, { token })).status, 204);
});

test('deleting a session and a room', async () => {
  const s = await post('/api/v1/editions/prog-2027/sessions', { kind: 'workshop', title: 'Taller', starts_at: '2027-11-19T15:00', ends_at: '2027-11-19T16:00', room_id: roomB });
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/sessions/${s.body.id}`, { token })).status, 204);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/sessions/${s.body.id}`, { token })).status, 404);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/rooms/${roomB}`, { token })).status, 204);
  const list = await api(srv.url, 'GET', '/api/v1/editions/prog-2027/sessions');
  assert.equal(list.body.items.find((x) => x.title === 'Otra sala').room, null, 'its sessions stay, with no room');
});
