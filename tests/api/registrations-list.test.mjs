// registrations-list.test.mjs — what the organizer's list and counts tell about each person:
// a waitlisted registration carries its place in the queue (waitlist_position, the same number
// its own GET answers) in the list and in the JSON export, and the counts by cantón keep the
// confirmed people who gave no cantón under the key "".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';

const SLUG = 'lista-2027';

let srv, token;
before(async () => {
  srv = await startServer();
  token = await login(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/editions', {
    token, body: { slug: SLUG, title: 'Lista 2027', city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', capacity: 1, status: 'open' },
  });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await srv?.stop(); });

let seq = 0;
/** An organizer's sign-up (a speaker is a type only organizers assign). */
async function signUp(extra = {}) {
  seq += 1;
  const r = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    token, body: { full_name: `Persona ${seq}`, email: `persona${seq}@lista.gob.ec`, organization: 'GAD Municipal', attendee_type: 'official', consent: true, ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('the list and the JSON export give each waitlisted registration its place in the queue', async () => {
  const first = await signUp({ municipality: 'Puyo' });
  const second = await signUp();
  const third = await signUp();
  const speaker = await signUp({ attendee_type: 'speaker' });
  assert.equal(first.status, 'confirmed');
  assert.deepEqual([second.status, second.waitlist_position], ['waitlisted', 1]);
  assert.deepEqual([third.status, third.waitlist_position], ['waitlisted', 2]);

  for (const path of [`/api/v1/editions/${SLUG}/registrations?sort=name`, `/api/v1/editions/${SLUG}/registrations.json`]) {
    const list = await api(srv.url, 'GET', path, { token });
    assert.equal(list.status, 200, list.text);
    const byCode = Object.fromEntries(list.body.items.map((r) => [r.code, r]));
    assert.equal(byCode[second.code].waitlist_position, 1, path);
    assert.equal(byCode[third.code].waitlist_position, 2, path);
    assert.ok(!('waitlist_position' in byCode[first.code]), 'not on a confirmed registration');
    assert.ok(!('waitlist_position' in byCode[speaker.code]), 'not on a confirmed speaker');
  }

  // A filtered list counts the place in the whole queue, not among the rows shown.
  const filtered = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations?q=${encodeURIComponent('Persona 3')}`, { token });
  assert.deepEqual(filtered.body.items.map((r) => [r.code, r.waitlist_position]), [[third.code, 2]]);

  // The first in the queue leaves: the next one moves up, in the list and on its own page.
  const cancelled = await api(srv.url, 'DELETE', `/api/v1/registrations/${second.code}`, { token });
  assert.equal(cancelled.status, 200, cancelled.text);
  const after = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations?status=waitlisted`, { token });
  assert.deepEqual(after.body.items.map((r) => [r.code, r.waitlist_position]), [[third.code, 1]]);
  const own = await api(srv.url, 'GET', `/api/v1/registrations/${third.code}`, { token });
  assert.equal(own.body.waitlist_position, 1);
});

test('the counts by cantón keep the people without one under ""', async () => {
  const stats = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/stats`, { token });
  assert.equal(stats.status, 200, stats.text);
  assert.deepEqual(stats.body.by_municipality, { '': 1, Puyo: 1 }, 'the speaker gave none; the waitlisted are not counted');
});
