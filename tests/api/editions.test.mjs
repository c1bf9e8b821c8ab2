// Black-box tests of editions (public reads, organizer writes with validation) and of the
// programme reads built from the Latacunga 2024 memoria (sessions, participants, people).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, api, login, cli, BIN, ROOT } from '../lib/server.mjs';

let srv, token;
before(async () => { srv = await startServer(); token = await login(srv.url); });
after(async () => { await srv?.stop(); });

/** A year ahead: cuenca-2026 must not have ended when the test runs (an ended edition takes no sign-up). */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const EDITION_KEYS = ['capacity', 'city', 'ended', 'ends_on', 'registration_closed_reason', 'registration_closes_at', 'registration_open', 'registration_opens_at', 'slug', 'starts_on', 'status', 'timezone', 'title', 'venue'];

test('GET /editions lists both demo editions with the fields of API.md', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/editions');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 2);
  const bySlug = Object.fromEntries(r.body.items.map((e) => [e.slug, e]));
  for (const e of r.body.items) for (const k of EDITION_KEYS) assert.ok(k in e, `${e.slug} lacks ${k}`);
  const lat = bySlug['latacunga-2024'];
  assert.equal(lat.title, 'III Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2024');
  assert.equal(lat.city, 'Latacunga');
  assert.equal(lat.venue, 'Aeropuerto Internacional Cotopaxi');
  assert.equal(lat.starts_on, '2024-11-25');
  assert.equal(lat.ends_on, '2024-11-26');
  assert.equal(lat.status, 'archived');
  assert.equal(lat.registration_open, false);
  assert.equal(lat.timezone, 'America/Guayaquil');
  const pas = bySlug['pastaza-2025'];
  assert.equal(pas.status, 'open');
  assert.equal(pas.registration_open, true);
  assert.equal(pas.capacity, 400);
  assert.doesNotMatch(JSON.stringify(r.body), /secret|sign_/);
});

test('GET /editions/{slug} adds confirmed and waitlisted counts; unknown slug is 404', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025');
  assert.equal(r.status, 200);
  assert.equal(r.body.confirmed, 0);
  assert.equal(r.body.waitlisted, 0);
  const missing = await api(srv.url, 'GET', '/api/v1/editions/quito-2030');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
});

test('POST /editions creates an edition (organizer) and validates every field', async () => {
  const good = { slug: 'cuenca-2026', title: 'V Asamblea General 2026', city: 'Cuenca', starts_on: `${NEXT_YEAR}-11-19`, ends_on: `${NEXT_YEAR}-11-20`, capacity: 350, status: 'draft' };
  const cases = [
    [{ ...good, slug: 'Cuenca 2026' }, 'slug'],
    [{ ...good, slug: undefined }, 'slug'],
    [{ ...good, title: '   ' }, 'title'],
    [{ ...good, starts_on: `${NEXT_YEAR}-02-30` }, 'starts_on'],
    [{ ...good, ends_on: `${NEXT_YEAR}-11-18` }, 'ends_on'],
    [{ ...good, status: 'live' }, 'status'],
    [{ ...good, capacity: -1 }, 'capacity'],
    [{ ...good, capacity: 2.5 }, 'capacity'],
    [{ ...good, timezone: 'Mars/Olympus' }, 'timezone'],
    [{ ...good, contact_email: 'not-an-email' }, 'contact_email'],
    [{ ...good, title: 'x'.repeat(301) }, 'title'],
  ];
  for (const [body, field] of cases) {
    const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body });
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, field);
  }
  const wrongType = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { ...good, capacity: '300' } });
  assert.equal(wrongType.status, 400);
  assert.equal(wrongType.body.error.code, 'bad_request');
  assert.equal(wrongType.body.error.field, 'capacity');

  const created = await api(srv.url, 'POST', '/api/v1/editions', { token, body: good });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.slug, 'cuenca-2026');
  assert.equal(created.body.timezone, 'America/Guayaquil');
  assert.equal(created.body.registration_open, false);
  assert.equal(created.headers.get('location'), '/api/v1/editions/cuenca-2026');
  const dup = await api(srv.url, 'POST', '/api/v1/editions', { token, body: good });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict');
  assert.equal(dup.body.error.field, 'slug');
});

test('PATCH /editions/{slug} changes only the given fields; open ⇔ registration_open; null capacity = unlimited', async () => {
  const r = await api(srv.url, 'PATCH', '/api/v1/editions/cuenca-2026', { token, body: { status: 'open', capacity: null, venue: 'Centro de Convenciones Mall del Río' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'open');
  assert.equal(r.body.registration_open, true);
  assert.equal(r.body.capacity, null);
  assert.equal(r.body.venue, 'Centro de Convenciones Mall del Río');
  assert.equal(r.body.city, 'Cuenca');
  const order = await api(srv.url, 'PATCH', '/api/v1/editions/cuenca-2026', { token, body: { ends_on: `${NEXT_YEAR}-01-01` } });
  assert.equal(order.status, 400);
  assert.equal(order.body.error.field, 'ends_on');
  const still = await api(srv.url, 'GET', '/api/v1/editions/cuenca-2026');
  assert.equal(still.body.ends_on, `${NEXT_YEAR}-11-20`, 'a rejected change loses nothing and changes nothing');
  const missing = await api(srv.url, 'PATCH', '/api/v1/editions/nowhere-1999', { token, body: { city: 'X' } });
  assert.equal(missing.status, 404);
  const closed = await api(srv.url, 'PATCH', '/api/v1/editions/cuenca-2026', { token, body: { status: 'closed' } });
  assert.equal(closed.body.registration_open, false);
});

test('sessions of Latacunga 2024: the four dialogues with objectives, times in -05:00 and participants in order', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/sessions');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 4);
  const titles = r.body.items.map((s) => s.title);
  assert.deepEqual(titles, [
    'Buenas prácticas/proyectos exitosos de cooperación internacional en los GAD Municipales',
    'Movilización de recursos para GAD Municipales a través de diferentes modalidades asociativas',
    'Redes de ciudades como clave para el desarrollo local para la internacionalización',
    'El proceso de voluntariado para el fortalecimiento y desarrollo de los GAD Municipales',
  ]);
  for (const [i, s] of r.body.items.entries()) {
    assert.equal(s.kind, 'dialogue');
    assert.equal(s.number, i + 1);
    assert.match(s.starts_at, /^2024-11-2[56]T\d{2}:\d{2}:00-05:00$/);
    assert.ok(s.ends_at > s.starts_at);
    assert.ok(s.objective.length > 40);
    assert.deepEqual(Object.keys(s.room).sort(), ['id', 'name']);
    assert.ok(s.participants.some((p) => p.role === 'moderator'), `dialogue ${i + 1} has a moderator`);
    for (const p of s.participants) for (const k of ['person_id', 'name', 'role', 'position', 'organization', 'contribution']) assert.ok(k in p);
  }
  const d1 = r.body.items[0].participants;
  assert.deepEqual(d1.map((p) => p.name), ['Patricio Maldonado', 'Abraham Freire', 'Germán Flores', 'Javier Pincay', 'Esteban Orellana']);
  assert.equal(d1[4].role, 'moderator');
  assert.match(d1[0].contribution, /Mercociudades/);
  const d4 = r.body.items[3].participants.map((p) => p.name);
  assert.ok(d4.includes('César Argüello') && d4.includes('Stefany Páez') && d4.includes('Andrés Mencías'));
  const total = r.body.items.reduce((n, s) => n + s.participants.length, 0);
  assert.equal(total, 20);
});

test('people of an edition and a person: public fields only, never email or phone', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/people');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 20);
  for (const p of r.body.items) {
    for (const k of ['id', 'name', 'honorific', 'position', 'organization', 'bio', 'photo_url', 'sessions']) assert.ok(k in p, k);
    assert.ok(!('email' in p) && !('phone' in p));
    assert.ok(p.sessions.length >= 1);
  }
  const grijalva = r.body.items.find((p) => p.name === 'Francisco Grijalva');
  assert.equal(grijalva.honorific, 'Dr.');
  const one = await api(srv.url, 'GET', `/api/v1/people/${grijalva.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.sessions[0].edition, 'latacunga-2024');
  assert.ok(!('email' in one.body) && !('phone' in one.body));
  assert.equal((await api(srv.url, 'GET', '/api/v1/people/999999')).status, 404);
  assert.equal((await api(srv.url, 'GET', '/api/v1/people/abc')).status, 404);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/sessions')).body.total, 0);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/nope/sessions')).status, 404);
});

test('seed is idempotent and migrate is repeatable', async () => {
  const again = cli(['seed', '--db', srv.db]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /loaded: 0/);
  const m = cli(['migrate', '--db', srv.db]);
  assert.equal(m.status, 0);
  assert.match(m.stdout, /applied: 0/);
  const r = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/sessions');
  assert.equal(r.body.total, 4);
});

test('backup -o FILE writes a consistent copy while serving, and the copy serves', async () => {
  const file = srv.dir + '/copy.db';
  const b = cli(['backup', '--db', srv.db, '-o', file]);
  assert.equal(b.status, 0, b.stderr);
  const child = spawn(BIN, ['serve', '--db', file, '--port', '0', '--web', ROOT + '/web'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => { err += d; const m = err.match(/listening on http:\/\/[^:]+:(\d+)/); if (m) resolve(m[1]); });
    child.on('exit', () => reject(new Error(err)));
  });
  const r = await api(`http://127.0.0.1:${port}`, 'GET', '/api/v1/editions/latacunga-2024/sessions');
  child.kill('SIGTERM');
  assert.equal(r.body.total, 4);
});

test('a draft edition is invisible to the public and visible to organizers', async () => {
  const body = { slug: 'borrador-2027', title: 'Borrador', city: 'Quito', starts_on: '2027-11-18', ends_on: '2027-11-19' };
  assert.equal((await api(srv.url, 'POST', '/api/v1/editions', { token, body })).status, 201);
  const pub = await api(srv.url, 'GET', '/api/v1/editions');
  assert.ok(!pub.body.items.some((e) => e.slug === 'borrador-2027'));
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/borrador-2027')).status, 404);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/borrador-2027/sessions')).status, 404);
  const org = await api(srv.url, 'GET', '/api/v1/editions', { token });
  assert.ok(org.body.items.some((e) => e.slug === 'borrador-2027' && e.status === 'draft'));
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/borrador-2027', { token })).status, 200);
});

test("an edition's contact address keeps its accents (it is published, never mailed to)", async () => {
  const contact = 'dirección.cooperación@ame.gob.ec'; // as the memoria writes it, and as the seed has it
  const r = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { token, body: { contact_email: contact } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.contact_email, contact);
  const bad = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { token, body: { contact_email: 'cooperación@ame' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'contact_email');
});
