// Black-box tests of the capacity rule on every path: confirmed registrations of the seat-taking
// types never exceed an edition's capacity (speakers, organizers and guests are outside it), and
// no seat stays free while a seat-taker waits. An organizer's PATCH of type and status together,
// then a concurrent round of sign-ups, organizer changes, cancellations and capacity changes
// through HTTP, after which the edition and the organizer's list must agree with the rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';

const SEAT_TYPES = ['authority', 'official', 'cooperation', 'academia', 'civil_society', 'press'];
const OTHER_TYPES = ['speaker', 'organizer', 'guest'];

let srv, token;
before(async () => { srv = await startServer(); token = await login(srv.url); });
after(async () => { await srv?.stop(); });

let seq = 0;
const person = (type = 'official') => ({
  full_name: `Asistente ${++seq}`, email: `asistente${seq}@capacidad.gob.ec`, organization: 'GAD Municipal',
  municipality: 'Puyo', attendee_type: type, consent: true,
});

async function newEdition(slug, capacity) {
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug, title: `Edición ${slug}`, city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', capacity, status: 'open' } });
  assert.equal(r.status, 201, r.text);
}
const signUp = (slug, type, asOrganizer = false) =>
  api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, { body: person(type), token: asOrganizer ? token : undefined });
const patch = (code, body) => api(srv.url, 'PATCH', `/api/v1/registrations/${code}`, { token, body });
const cancel = (code) => api(srv.url, 'DELETE', `/api/v1/registrations/${code}`, { token });
const setCapacity = (slug, capacity) => api(srv.url, 'PATCH', `/api/v1/editions/${slug}`, { token, body: { capacity } });

/** Every registration of the edition, from the organizer's list (all pages). */
async function allRegistrations(slug) {
  const items = [];
  for (let offset = 0; offset < 10000; offset += 500) {
    const r = await api(srv.url, 'GET', `/api/v1/editions/${slug}/registrations?limit=500&offset=${offset}&sort=created_at`, { token });
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    if (items.length >= r.body.total) return items;
  }
  throw new Error('the list never ended');
}

/**
 * Checks the rule on the edition as it stands; answers the figures. `bound`: the most seats that
 * may be taken (capacity, unless a lowering below the seats taken left more, which are kept).
 */
async function checkInvariants(slug, bound) {
  const ed = await api(srv.url, 'GET', `/api/v1/editions/${slug}`, { token });
  assert.equal(ed.status, 200, ed.text);
  const regs = await allRegistrations(slug);
  const seat = (r) => SEAT_TYPES.includes(r.attendee_type);
  const taken = regs.filter((r) => r.status === 'confirmed' && seat(r)).length;
  const waiting = regs.filter((r) => r.status === 'waitlisted');
  assert.equal(ed.body.confirmed, regs.filter((r) => r.status === 'confirmed').length, 'confirmed count');
  assert.equal(ed.body.waitlisted, waiting.length, 'waitlisted count');
  assert.equal(ed.body.seats_taken, taken, 'seats_taken agrees with the list');
  const limit = bound ?? ed.body.capacity;
  if (limit !== null) assert.ok(taken <= limit, `${taken} seats taken for capacity ${ed.body.capacity} (at most ${limit})`);
  for (const w of waiting) assert.ok(seat(w), `${w.code} (${w.attendee_type}) waits though it takes no seat`);
  if (waiting.length) assert.ok(ed.body.capacity !== null && taken >= ed.body.capacity,
    `${waiting.length} wait while ${taken} of ${ed.body.capacity} seats are taken`);
  return { capacity: ed.body.capacity, taken, waiting: waiting.length, total: regs.length };
}

test('an organizer cannot overbook by changing a confirmed speaker to a seat type together with status confirmed', async () => {
  await newEdition('cupo-patch', 2);
  for (let i = 0; i < 2; i++) assert.equal((await signUp('cupo-patch', 'official')).body.status, 'confirmed');
  const speaker = await signUp('cupo-patch', 'speaker', true);
  assert.equal(speaker.status, 201, speaker.text);
  assert.equal(speaker.body.status, 'confirmed');

  const r = await patch(speaker.body.code, { attendee_type: 'official', status: 'confirmed' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'conflict');
  const ed = await api(srv.url, 'GET', '/api/v1/editions/cupo-patch');
  assert.equal(ed.body.seats_taken, 2);
  const still = await api(srv.url, 'GET', `/api/v1/registrations/${speaker.body.code}`, { token });
  assert.equal(still.body.attendee_type, 'speaker');
  assert.equal(still.body.status, 'confirmed');
  await checkInvariants('cupo-patch');
});

test('a seat freed by a type change or a status change goes to the oldest one waiting', async () => {
  await newEdition('cupo-libera', 1);
  const holder = (await signUp('cupo-libera', 'official')).body;
  const first = (await signUp('cupo-libera', 'press')).body;
  const second = (await signUp('cupo-libera', 'academia')).body;
  assert.deepEqual([holder.status, first.status, second.status], ['confirmed', 'waitlisted', 'waitlisted']);
  assert.equal((await patch(holder.code, { attendee_type: 'guest' })).status, 200);
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${first.code}`, { token })).body.status, 'confirmed');
  assert.equal((await patch(first.code, { status: 'cancelled' })).status, 200);
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${second.code}`, { token })).body.status, 'confirmed');
  await checkInvariants('cupo-libera');
  // nobody waits for a seat without needing one, and nobody waits beside a free seat
  assert.equal((await patch(holder.code, { status: 'waitlisted' })).status, 409);
  assert.equal((await setCapacity('cupo-libera', 5)).status, 200);
  assert.equal((await patch(second.code, { status: 'waitlisted' })).status, 409);
  await checkInvariants('cupo-libera');
});

test('concurrent sign-ups, organizer changes, cancellations and capacity changes keep the rule', async () => {
  const slug = 'cupo-carrera';
  await newEdition(slug, 10);
  const codes = [];
  const counts = {};
  const note = (what, r) => { const k = `${what} ${r.status}`; counts[k] = (counts[k] || 0) + 1; return r; };
  const pick = (i) => codes[(i * 7919) % Math.max(codes.length, 1)];
  const capacities = [4, 12, null, 8, 0, 15];
  let before = await checkInvariants(slug);
  const ROUNDS = 8, PER_ROUND = 40;
  for (let round = 0; round < ROUNDS; round++) {
    // seats taken past capacity can only be seats kept when it was lowered: at most the most
    // seats taken before the round or the largest capacity in force during it
    const set = [];
    const ops = [];
    for (let i = 0; i < PER_ROUND; i++) {
      const k = round * PER_ROUND + i;
      const seatType = SEAT_TYPES[k % SEAT_TYPES.length];
      switch (k % 8) {
        case 0: case 1: case 2:
          ops.push(signUp(slug, seatType).then((r) => { note('sign-up', r); if (r.status === 201) codes.push(r.body.code); }));
          break;
        case 3:
          ops.push(signUp(slug, OTHER_TYPES[k % 3], true).then((r) => { note('organizer create', r); if (r.status === 201) codes.push(r.body.code); }));
          break;
        case 4:
          if (codes.length) ops.push(patch(pick(k), { attendee_type: k % 16 < 8 ? seatType : OTHER_TYPES[k % 3], status: 'confirmed' }).then((r) => note('patch type+status', r)));
          break;
        case 5:
          if (codes.length) ops.push(patch(pick(k), { status: ['confirmed', 'waitlisted', 'cancelled'][k % 3] }).then((r) => note('patch status', r)));
          break;
        case 6:
          if (codes.length) ops.push(cancel(pick(k)).then((r) => note('cancel', r)));
          break;
        default: {
          const capacity = capacities[(k >> 3) % capacities.length];
          set.push(capacity);
          ops.push(setCapacity(slug, capacity).then((r) => note('capacity', r)));
        }
      }
    }
    await Promise.all(ops);
    for (const [what, n] of Object.entries(counts)) assert.ok(!/ 5\d\d$/.test(what), `${n}× ${what}`);
    const inForce = [before.capacity, ...set];
    const bound = inForce.includes(null) ? Infinity : Math.max(before.taken, ...inForce);
    before = await checkInvariants(slug, bound);
  }
  assert.equal((await setCapacity(slug, 3)).status, 200);
  const lowered = await checkInvariants(slug, before.taken);
  assert.equal(lowered.taken, before.taken, 'lowering the capacity keeps every confirmed seat');
  assert.equal((await setCapacity(slug, null)).status, 200);
  const figures = await checkInvariants(slug);
  assert.equal(figures.waiting, 0, 'no capacity: nobody waits');
  const requests = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`capacity: ${requests} concurrent requests in ${ROUNDS} rounds of ${PER_ROUND}, ${figures.total} registrations, ` +
    `${figures.taken} seats taken of ${figures.capacity}, ${figures.waiting} waiting; ${JSON.stringify(counts)}`);
});
