// Registration windows: an edition takes public sign-ups only while its status is open, its
// window (registration_opens_at / registration_closes_at) holds and it has not ended in its own
// zone; otherwise 409 registration_closed, and every edition answer says registration_open and
// registration_closed_reason (computed at each answer: a boundary passing without any write
// changes the answer). Organizers still register people by hand. Also: `seed --sample`, and
// seats_taken giving the same number in the public answer and in the organizer stats.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli, until, freePort } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';

let srv, smtp, token;
before(async () => {
  smtp = await startSmtp(await freePort());
  srv = await startServer({ reopenPastaza: false, args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  token = await login(srv.url);
});
after(async () => { await srv?.stop(); await smtp?.stop(); });

let seq = 0;
const person = (over = {}) => ({
  full_name: `Persona ${++seq}`, email: `ventana${seq}@municipio.gob.ec`, organization: 'GAD Municipal de Mera',
  attendee_type: 'official', consent: true, ...over,
});
const signUp = (slug, body = person(), auth) => api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, { body, token: auth });
const edition = async (slug) => (await api(srv.url, 'GET', `/api/v1/editions/${slug}`)).body;
const day = (offsetDays, zoneHours = 0) => new Date(Date.now() + offsetDays * 86400e3 + zoneHours * 3600e3).toISOString().slice(0, 10);
const instant = (offsetMs) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d+Z$/, 'Z');

async function newEdition(slug, extra = {}) {
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: {
    slug, title: `Edición ${slug}`, city: 'Puyo', starts_on: day(10), ends_on: day(11), status: 'open', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('the seeded editions have ended: closed with reason "ended", sign-up 409, an organizer still registers', async () => {
  for (const slug of ['pastaza-2025', 'latacunga-2024']) {
    const e = await edition(slug);
    assert.equal(e.registration_open, false, slug);
  }
  const pastaza = await edition('pastaza-2025');
  assert.equal(pastaza.status, 'open');
  assert.equal(pastaza.registration_closed_reason, 'ended');
  assert.equal((await edition('latacunga-2024')).registration_closed_reason, 'status', 'archived: the status says it first');
  assert.equal((await edition('latacunga-2024')).ended, true, 'ended whatever the status');
  assert.equal(pastaza.ended, true);
  const list = (await api(srv.url, 'GET', '/api/v1/editions')).body.items;
  assert.ok(list.every((e) => e.registration_open === false && typeof e.registration_closed_reason === 'string'));
  const refused = await signUp('pastaza-2025');
  assert.equal(refused.status, 409, refused.text);
  assert.equal(refused.body.error.code, 'registration_closed');
  const byHand = await signUp('pastaza-2025', person(), token);
  assert.equal(byHand.status, 201, 'organizers creating registrations by hand are not blocked');
});

test('window fields: validated, stored as instants, answered in the edition zone, null clears', async () => {
  const e = await newEdition('ventana-campos', { registration_opens_at: '2030-01-01T09:00', registration_closes_at: '2030-02-01T12:00:00Z' });
  assert.equal(e.registration_opens_at, '2030-01-01T09:00:00-05:00', 'no offset: the edition zone');
  assert.equal(e.registration_closes_at, '2030-02-01T07:00:00-05:00');
  for (const [body, field] of [
    [{ registration_opens_at: 'mañana' }, 'registration_opens_at'],
    [{ registration_closes_at: '2030-13-01T00:00Z' }, 'registration_closes_at'],
    [{ registration_closes_at: '2029-12-31T23:00:00-05:00' }, 'registration_closes_at'],
    [{ registration_opens_at: '2030-02-01T07:00:00-05:00' }, 'registration_closes_at'],
  ]) {
    const r = await api(srv.url, 'PATCH', '/api/v1/editions/ventana-campos', { token, body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  const bad = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug: 'ventana-mala', title: 'Mala', city: 'Tena',
    starts_on: day(10), ends_on: day(11), registration_opens_at: '2030-01-02T00:00Z', registration_closes_at: '2030-01-01T00:00Z' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'registration_closes_at');
  const cleared = await api(srv.url, 'PATCH', '/api/v1/editions/ventana-campos', { token, body: { registration_opens_at: null } });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.body.registration_opens_at, null);
  assert.equal(cleared.body.registration_closes_at, '2030-02-01T07:00:00-05:00', 'the other side is kept');
  assert.equal(cleared.body.registration_open, true);
  assert.equal(cleared.body.registration_closed_reason, null);
});

test('before, inside and after the window; the answer follows the clock with no write in between', async () => {
  await newEdition('ventana-reloj', { registration_opens_at: instant(2500) });
  const before = await edition('ventana-reloj');
  assert.equal(before.registration_open, false);
  assert.equal(before.registration_closed_reason, 'not_yet_open');
  const early = await signUp('ventana-reloj');
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'registration_closed');
  await until('the window to open', async () => (await edition('ventana-reloj')).registration_open, 10000);
  const inside = await signUp('ventana-reloj');
  assert.equal(inside.status, 201, inside.text);
  const closes = await api(srv.url, 'PATCH', '/api/v1/editions/ventana-reloj', { token, body: { registration_closes_at: instant(2500) } });
  assert.equal(closes.status, 200, closes.text);
  assert.equal(closes.body.registration_open, true);
  await until('the window to close', async () => (await edition('ventana-reloj')).registration_closed_reason === 'window_closed', 10000);
  assert.equal((await edition('ventana-reloj')).registration_open, false);
  const late = await signUp('ventana-reloj');
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'registration_closed');
  assert.equal((await signUp('ventana-reloj', person(), token)).status, 201, 'organizers are not held by the window');
});

test('status other than open closes; the end of the edition is its last day in its own zone', async () => {
  await newEdition('ventana-borrador', { status: 'closed' });
  const closed = await edition('ventana-borrador');
  assert.equal(closed.registration_open, false);
  assert.equal(closed.registration_closed_reason, 'status');
  assert.equal((await signUp('ventana-borrador')).status, 409);
  // the same last day: still today at UTC-12, already over at UTC+14 (26 hours apart)
  const lastDay = day(0, -12);
  await newEdition('ventana-oeste', { starts_on: day(-3, -12), ends_on: lastDay, timezone: 'Etc/GMT+12' });
  await newEdition('ventana-este', { starts_on: day(-3, -12), ends_on: lastDay, timezone: 'Etc/GMT-14' });
  assert.equal((await edition('ventana-oeste')).registration_open, true, 'its last day is today where it happens');
  assert.equal((await edition('ventana-oeste')).ended, false);
  assert.equal((await signUp('ventana-oeste')).status, 201);
  const east = await edition('ventana-este');
  assert.equal(east.registration_open, false);
  assert.equal(east.registration_closed_reason, 'ended');
  assert.equal((await signUp('ventana-este')).status, 409);
});

/** The confirmation token e-mailed to an address, as its recipient reads it. */
async function confirmationToken(email) {
  const body = await until(`a message to ${email}`, () => smtp.messages()
    .filter((m) => m.meta.rcpt_tos.includes(email)).map((m) => parseMessage(m.raw).body)
    .find((b) => b.includes('/confirmar?t=')));
  return body.match(/\/confirmar\?t=([A-Za-z0-9_-]{43})\r?\n/)[1];
}

test('confirming a double opt-in sign-up outside the window answers registration_closed', async () => {
  await newEdition('ventana-doble', { confirm_email: true });
  const p = person();
  const pending = await signUp('ventana-doble', p);
  assert.equal(pending.status, 201, pending.text);
  assert.equal(pending.body.status, 'pending_email');
  const t = await confirmationToken(p.email);
  const confirm = () => api(srv.url, 'POST', '/api/v1/editions/ventana-doble/registrations/confirm', { body: { token: t } });
  const shut = await api(srv.url, 'PATCH', '/api/v1/editions/ventana-doble', { token, body: { registration_closes_at: instant(-60000) } });
  assert.equal(shut.body.registration_closed_reason, 'window_closed');
  const refused = await confirm();
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'registration_closed');
  await api(srv.url, 'PATCH', '/api/v1/editions/ventana-doble', { token, body: { registration_closes_at: null } });
  assert.equal((await confirm()).status, 201, 'the link works again once the window is open');
});

test('seats_taken: the public answer and the organizer stats give the same number', async () => {
  await newEdition('cupos-mezcla', { capacity: 3 });
  const made = [];
  for (const attendee_type of ['authority', 'official', 'press', 'academia', 'speaker', 'guest', 'organizer']) {
    const r = await signUp('cupos-mezcla', person({ attendee_type }), ['speaker', 'guest', 'organizer'].includes(attendee_type) ? token : undefined);
    assert.equal(r.status, 201, r.text);
    made.push(r.body);
  }
  assert.deepEqual(made.map((r) => r.status), ['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'confirmed', 'confirmed', 'confirmed']);
  // a cancellation promotes the waitlisted academia; cancelling a speaker frees no seat
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/registrations/${made[1].code}`, { token })).status, 200);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/registrations/${made[4].code}`, { token })).status, 200);
  // check-ins change nothing (an admin may scan at the door)
  for (const r of [made[0], made[5]]) {
    const badge = await api(srv.url, 'GET', `/api/v1/registrations/${r.code}/badge`, { headers: { 'x-manage-token': r.manage_token } });
    const scan = await api(srv.url, 'POST', '/api/v1/editions/cupos-mezcla/checkins', { token, body: { token: badge.body.token, client_id: `c-${r.code}` } });
    assert.ok([200, 201].includes(scan.status), scan.text);
  }
  const pub = await edition('cupos-mezcla');
  const stats = (await api(srv.url, 'GET', '/api/v1/editions/cupos-mezcla/stats', { token })).body;
  assert.equal(pub.seats_taken, 3, 'authority, press and the promoted academia');
  assert.equal(stats.seats_taken, pub.seats_taken);
  assert.equal(pub.confirmed, 5, 'confirmed also counts guest and organizer, who take no seat');
  assert.equal(stats.confirmed, pub.confirmed);
  assert.equal(pub.waitlisted, 0);
});

test('seed --sample twice makes one open sample edition that takes a sign-up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-sample-'));
  try {
    const db = join(dir, 'sample.db');
    const first = cli(['seed', '--sample', '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /sample edition loaded: 1/);
    const second = cli(['seed', '--sample', '--db', db]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /sample edition loaded: 0/);
    const plain = cli(['seed', '--db', join(dir, 'plain.db')]);
    assert.doesNotMatch(plain.stdout, /sample/);
    const own = await startServer({ db });
    try {
      const list = (await api(own.url, 'GET', '/api/v1/editions')).body.items;
      const samples = list.filter((e) => e.slug === 'ejemplo');
      assert.equal(samples.length, 1);
      const e = samples[0];
      assert.match(e.title, /ejemplo/i);
      assert.equal(e.status, 'open');
      assert.equal(e.registration_open, true);
      assert.ok(e.starts_on > day(0), 'dated ahead of today');
      const detail = (await api(own.url, 'GET', '/api/v1/editions/ejemplo')).body;
      assert.match(detail.description, /ficticios/);
      const sessions = (await api(own.url, 'GET', '/api/v1/editions/ejemplo/sessions')).body.items;
      assert.ok(sessions.length >= 2);
      const r = await api(own.url, 'POST', '/api/v1/editions/ejemplo/registrations', { body: person() });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.status, 'confirmed');
    } finally { await own.stop(); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
