// Black-box tests of the door: badge tokens (signed, per edition, revocable by reissue), check-in
// by token or code with every outcome, first check-in wins under concurrency, client_id replays,
// late offline scans, scanned_at in the edition's zone and within its bounds, session attendance,
// the feed, the roster and the live counts (by local hour across a change of offset).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, createPrivateKey, sign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startServer, api, login } from '../lib/server.mjs';

const STAFF = { email: 'puerta@test.ec', password: 'puerta-2025-xx', role: 'staff', name: 'Puerta 2' };
let srv, admin, staff;
before(async () => {
  srv = await startServer({ users: [STAFF] });
  admin = await login(srv.url);
  staff = await login(srv.url, STAFF.email, STAFF.password);
});
after(async () => { await srv?.stop(); });

let n = 0;
async function registered(over = {}, slug = 'pastaza-2025') {
  const full_name = `Asistente ${++n} Ñandú`;
  const r = await api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, {
    token: over.organizer ? admin : undefined,
    body: { full_name, email: `a${n}@m.gob.ec`, organization: 'GAD Municipal de Mera', attendee_type: over.type || 'official', consent: true },
  });
  assert.equal(r.status, 201, r.text);
  const b = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}/badge`, { headers: { 'x-manage-token': r.body.manage_token } });
  return { full_name, ...r.body, token: b.body?.token };
}
const scan = (body, slug = 'pastaza-2025', token = staff) => api(srv.url, 'POST', `/api/v1/editions/${slug}/checkins`, { token, body });

test('badge-key is public: Ed25519, key id, base64url key that verifies a badge token', async () => {
  const k = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/badge-key');
  assert.equal(k.status, 200);
  assert.equal(k.body.alg, 'Ed25519');
  assert.match(k.body.key_id, /^[0-9a-f]{16}$/);
  const pk = Buffer.from(k.body.public_key, 'base64url');
  assert.equal(pk.length, 32);
  const reg = await registered();
  assert.match(reg.token, /^[A-Z2-7]{120}$/, 'base32: letters and digits, at most 120 characters');
  // verify it exactly as an offline scanner would: base32-decode, split payload and signature
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0; const bytes = [];
  for (const ch of reg.token) { value = (value << 5) | alphabet.indexOf(ch); bits += 5; if (bits >= 8) { bytes.push((value >> (bits - 8)) & 255); bits -= 8; } }
  const raw = Buffer.from(bytes);
  assert.equal(raw.length, 75);
  const key = await webcrypto.subtle.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify']);
  assert.ok(await webcrypto.subtle.verify('Ed25519', key, raw.subarray(11), raw.subarray(0, 11)));
  assert.equal(raw[0], 2, 'version');
  assert.equal(raw.readUInt32BE(1), k.body.edition_id);
  const other = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/badge-key');
  assert.notEqual(other.body.public_key, k.body.public_key, 'each edition has its own key');
});

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function b32decode(text) {
  let bits = 0, value = 0; const bytes = [];
  for (const ch of text) { value = (value << 5) | B32.indexOf(ch); bits += 5; if (bits >= 8) { bytes.push((value >> (bits - 8)) & 255); bits -= 8; } }
  return Buffer.from(bytes);
}
function b32encode(buf) {
  let bits = 0, value = 0, out = '';
  for (const b of buf) { value = (value << 8) | b; bits += 8; while (bits >= 5) { out += B32[(value >> (bits - 5)) & 31]; bits -= 5; } value &= 0xff; }
  return out;
}
/** A version-1 token (the format of badges made before badge ids: the registration id), signed
 * with the edition's secret key read from the database. */
function legacyToken(slug, editionId, registrationId, revision) {
  const hex = execFileSync('sqlite3', [srv.db, `SELECT hex(sign_secret_key) FROM editions WHERE slug = '${slug}'`], { encoding: 'utf8' }).trim();
  const sk = Buffer.from(hex, 'hex');
  const key = createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', d: sk.subarray(0, 32).toString('base64url'), x: sk.subarray(32).toString('base64url') } });
  const payload = Buffer.alloc(11);
  payload[0] = 1;
  payload.writeUInt32BE(editionId, 1);
  payload.writeUInt32BE(registrationId, 5);
  payload.writeUInt16BE(revision, 9);
  return b32encode(Buffer.concat([payload, sign(null, payload, key)]));
}

test('the token carries a random badge id, not the registration id; older version-1 badges still check in', async () => {
  const regs = [await registered(), await registered(), await registered()];
  const roster = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/roster', { token: staff });
  const rows = regs.map((r) => roster.body.items.find((x) => x.code === r.code));
  const ids = regs.map((r) => b32decode(r.token).readUInt32BE(5));
  for (let i = 0; i < regs.length; i++) {
    assert.equal(regs[i].token.length, 120);
    assert.equal(b32decode(regs[i].token)[0], 2, 'version 2');
    assert.equal(ids[i], rows[i].badge_id, 'the roster maps badge ids for offline scanners');
    assert.notEqual(ids[i], rows[i].id, 'the registration id is not in the token');
  }
  assert.equal(rows[1].id - rows[0].id, 1, 'consecutive registrations…');
  assert.ok(Math.abs(ids[1] - ids[0]) > 1000 && Math.abs(ids[2] - ids[1]) > 1000, `…get unrelated badge ids: ${ids}`);
  assert.equal((await scan({ token: regs[0].token })).body.result, 'ok');

  // a badge printed before badge ids: its version-1 token names the registration id, still valid
  const edition = roster.body.edition_id;
  const old = legacyToken('pastaza-2025', edition, rows[1].id, rows[1].revision);
  const ok = await scan({ token: old });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.registration.code, regs[1].code);
  // a version-1 token holding a badge id names no registration id of the edition: refused
  const confused = await scan({ token: legacyToken('pastaza-2025', edition, 4000000000, 1) });
  assert.equal(confused.status, 422);
  // and reissuing revokes both kinds
  const re = await api(srv.url, 'POST', `/api/v1/registrations/${regs[2].code}/badge/reissue`, { token: admin });
  assert.equal(re.status, 200, re.text);
  assert.equal((await scan({ token: regs[2].token })).status, 422);
  assert.equal((await scan({ token: legacyToken('pastaza-2025', edition, rows[2].id, rows[2].revision) })).status, 422);
});

test('check-in by token: ok, then already_checked_in with the first time; counted once', async () => {
  const reg = await registered();
  const first = await scan({ token: reg.token, device: 'puerta-1' });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.result, 'ok');
  assert.deepEqual(Object.keys(first.body.registration).sort(), ['attendee_type', 'code', 'full_name', 'organization']);
  assert.equal(first.body.registration.code, reg.code);
  assert.match(first.body.first_checked_in_at, /-05:00$/);
  const again = await scan({ token: reg.token, device: 'puerta-2' });
  assert.equal(again.body.result, 'already_checked_in');
  assert.equal(again.body.first_checked_in_at, first.body.first_checked_in_at);
  const g = await api(srv.url, 'GET', `/api/v1/registrations/${reg.code}`, { token: admin });
  assert.equal(g.body.checked_in_at, first.body.first_checked_in_at);
  // the token arrives with a scanner's CR/LF and in lower case: still accepted
  assert.equal((await scan({ token: reg.token.toLowerCase() + '\r\n' })).body.result, 'already_checked_in');
});

test('check-in by code (manual entry), any case, with a hyphen', async () => {
  const reg = await registered();
  const r = await scan({ code: reg.code.toLowerCase().slice(0, 3) + '-' + reg.code.slice(3) });
  assert.equal(r.status, 200);
  assert.equal(r.body.result, 'ok');
  const unknown = await scan({ code: 'ZZZZZZ' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'not_found');
});

test('forged, malformed, other-edition and revoked tokens are 422 invalid_token', async () => {
  const reg = await registered();
  const flip = (t, i) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
  for (const bad of [flip(reg.token, 3), flip(reg.token, 60), flip(reg.token, 119), reg.token.slice(0, 119), reg.token + 'A', 'hola', '0'.repeat(120), reg.token.replace(/.$/, '1')]) {
    const r = await scan({ token: bad });
    assert.equal(r.status, 422, bad.slice(0, 20));
    assert.equal(r.body.error.code, 'invalid_token');
  }
  const elsewhere = await scan({ token: reg.token }, 'latacunga-2024');
  assert.equal(elsewhere.status, 422, 'a Pastaza badge at a Latacunga door');
  // reissue revokes the old token; the new one works
  const re = await api(srv.url, 'POST', `/api/v1/registrations/${reg.code}/badge/reissue`, { token: admin });
  assert.equal(re.status, 200);
  assert.equal(re.body.badge_revision, 2);
  assert.equal((await scan({ token: reg.token })).status, 422);
  const fresh = await api(srv.url, 'GET', `/api/v1/registrations/${reg.code}/badge`, { token: admin });
  assert.notEqual(fresh.body.token, reg.token);
  assert.equal((await scan({ token: fresh.body.token })).body.result, 'ok');
  assert.equal((await api(srv.url, 'POST', `/api/v1/registrations/${reg.code}/badge/reissue`, { token: staff })).status, 403);
});

test('cancelled and waitlisted registrations are 409 conflict at the door, saying whom and why', async () => {
  const reg = await registered();
  await api(srv.url, 'DELETE', `/api/v1/registrations/${reg.code}`, { token: admin });
  const r = await scan({ token: reg.token, client_id: `c-${reg.code}` });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'conflict');
  assert.match(r.body.error.message, /cancelada/);
  assert.deepEqual(r.body.registration, { code: reg.code, full_name: reg.full_name, organization: 'GAD Municipal de Mera', attendee_type: 'official', status: 'cancelled' });
  assert.deepEqual((await scan({ token: reg.token, client_id: `c-${reg.code}` })).body, r.body, 'a replay answers the same');
  assert.equal((await scan({ code: reg.code })).status, 409);
  const edition = (await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025')).body;
  const full = await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { token: admin, body: { capacity: edition.seats_taken } });
  assert.equal(full.status, 200, full.text);
  try { // a full edition waitlists the next sign-up
    const late = await registered();
    assert.equal(late.status, 'waitlisted');
    const w = await scan({ code: late.code });
    assert.equal(w.status, 409);
    assert.equal(w.body.registration.status, 'waitlisted');
    assert.match(w.body.error.message, /lista de espera/);
  } finally {
    await api(srv.url, 'PATCH', '/api/v1/editions/pastaza-2025', { token: admin, body: { capacity: edition.capacity } });
  }
  const badge = await api(srv.url, 'GET', `/api/v1/registrations/${reg.code}/badge`, { token: admin });
  assert.equal(badge.status, 409, 'no badge for a cancelled registration');
});

test('20 simultaneous scans of one badge: exactly one ok', async () => {
  const reg = await registered();
  const all = await Promise.all(Array.from({ length: 20 }, (_, i) => scan({ token: reg.token, device: `d${i}` })));
  assert.ok(all.every((r) => r.status === 200));
  assert.equal(all.filter((r) => r.body.result === 'ok').length, 1);
  assert.equal(all.filter((r) => r.body.result === 'already_checked_in').length, 19);
});

test('client_id replays answer as the first time and count once', async () => {
  const reg = await registered();
  const a = await scan({ token: reg.token, client_id: 'tel-7:0001', device: 'tel-7' });
  const b = await scan({ token: reg.token, client_id: 'tel-7:0001', device: 'tel-7' });
  assert.equal(a.body.result, 'ok');
  assert.deepEqual(b.body, a.body, 'the replay answers exactly as the first time');
  const replays = await Promise.all(Array.from({ length: 10 }, () => scan({ token: reg.token, client_id: 'tel-7:0001' })));
  assert.ok(replays.every((r) => r.body.result === 'ok'));
  const feed = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/checkins?since=0&limit=500', { token: staff });
  assert.equal(feed.body.items.filter((i) => i.code === reg.code).length, 1, 'counted once');
  const badReplay = await scan({ token: 'x', client_id: 'tel-7:0002' });
  assert.equal(badReplay.status, 422);
  assert.equal((await scan({ token: reg.token, client_id: 'tel-7:0002' })).status, 422, 'a replayed client_id keeps its first answer');
});

test('a late offline scan with an earlier time becomes the first check-in time', async () => {
  const reg = await registered();
  const online = await scan({ token: reg.token, device: 'puerta-1' });
  assert.equal(online.body.result, 'ok');
  const earlier = new Date(Date.now() - 3600_000).toISOString();
  const offline = await scan({ token: reg.token, client_id: 'off-1', scanned_at: earlier, device: 'tel-offline' });
  assert.equal(offline.body.result, 'already_checked_in');
  const expected = new Date(Math.floor(Date.parse(earlier) / 1000) * 1000);
  assert.equal(Date.parse(offline.body.first_checked_in_at), expected.getTime());
  const future = await scan({ token: reg.token, scanned_at: new Date(Date.now() + 3600_000).toISOString() });
  assert.equal(future.status, 400);
  assert.equal(future.body.error.field, 'scanned_at');
});

/** "YYYY-MM-DDTHH:MM:SS" of UTC instant ms as a wall clock at offsetHours (no offset written). */
const localText = (ms, offsetHours) => new Date(ms + offsetHours * 3600_000).toISOString().slice(0, 19);

test('a scanned_at without an offset is local time in the edition\'s zone', async () => {
  const reg = await registered();
  const at = Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000; // two hours ago
  const r = await scan({ token: reg.token, client_id: 'local-1', scanned_at: localText(at, -5) }); // Guayaquil: -05:00
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.result, 'ok');
  assert.equal(Date.parse(r.body.first_checked_in_at), at,
    `${localText(at, -5)} in America/Guayaquil is ${new Date(at).toISOString()}, answered ${r.body.first_checked_in_at}`);
});

test('scanned_at far from the edition is refused: before it could have a scan, or ahead of the server', async () => {
  const reg = await registered();
  for (const scanned_at of ['1900-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '2000-06-01T10:00', '2025-10-20T23:59:59-05:00',
    new Date(Date.now() + 3600_000).toISOString()]) {
    const r = await scan({ token: reg.token, scanned_at });
    assert.equal(r.status, 400, `${scanned_at}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, 'scanned_at');
  }
  const g = await api(srv.url, 'GET', `/api/v1/registrations/${reg.code}`, { token: admin });
  assert.equal(g.body.checked_in_at, null, 'nothing was checked in');
  // 30 days before the first day (2025-11-20) is the earliest; a scan on the first day is fine
  const early = await scan({ token: reg.token, client_id: 'early', scanned_at: '2025-10-21T00:00' });
  assert.equal(early.status, 200, early.text);
  assert.equal(early.body.first_checked_in_at, '2025-10-21T00:00:00-05:00');
  const day = await scan({ token: reg.token, client_id: 'day-1', scanned_at: '2025-11-20T08:30' });
  assert.equal(day.body.result, 'already_checked_in');
});

test('session attendance: first per session, counted in stats', async () => {
  const lat = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/sessions');
  const s = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/sessions', { token: admin, body: { kind: 'dialogue', number: 1, title: 'Diálogo de prueba', starts_at: '2025-11-20T09:00', ends_at: '2025-11-20T11:00' } });
  assert.equal(s.status, 201, s.text);
  const reg = await registered();
  const a = await scan({ token: reg.token, session_id: s.body.id });
  assert.equal(a.body.result, 'ok');
  assert.equal(a.body.session_id, s.body.id);
  assert.equal((await scan({ token: reg.token, session_id: s.body.id })).body.result, 'already_checked_in');
  assert.equal((await scan({ token: reg.token })).body.result, 'already_checked_in', 'a session door also checks in to the event');
  const wrong = await scan({ token: reg.token, session_id: lat.body.items[0].id });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.field, 'session_id');
  const stats = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/checkins/stats', { token: staff });
  assert.equal(stats.status, 200);
  assert.equal(stats.body.by_session.find((x) => x.id === s.body.id).checked_in, 1);
  assert.ok(stats.body.checked_in >= 1 && stats.body.checked_in <= stats.body.confirmed);
  assert.ok(Object.keys(stats.body.by_hour).every((h) => /^\d{4}-\d{2}-\d{2}T\d{2}:00$/.test(h)));
  assert.ok(stats.body.by_type.official >= 1);
});

test('input rules: token or code, not both; staff only', async () => {
  assert.equal((await scan({})).body.error.field, 'token');
  assert.equal((await scan({ token: 'A', code: 'B' })).status, 400);
  assert.equal((await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/checkins', { body: { code: 'ABCDEF' } })).status, 401);
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/roster')).status, 401);
});

test('feed since an id, and the offline roster with revisions and statuses', async () => {
  // its own arrivals, a cancelled registration and a reissued badge, whatever ran before
  const arrivals = [await registered(), await registered(), await registered(), await registered()];
  for (const a of arrivals) assert.equal((await scan({ token: a.token })).body.result, 'ok');
  const cancelled = await registered();
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/registrations/${cancelled.code}`, { token: admin })).status, 200);
  const reissued = await registered();
  assert.equal((await api(srv.url, 'POST', `/api/v1/registrations/${reissued.code}/badge/reissue`, { token: admin })).status, 200);

  const feed = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/checkins?since=0&limit=3', { token: staff });
  assert.equal(feed.body.items.length, 3);
  const more = await api(srv.url, 'GET', `/api/v1/editions/pastaza-2025/checkins?since=${feed.body.next}`, { token: staff });
  assert.ok(more.body.items.length >= 1);
  assert.ok(more.body.items.every((i) => i.id > feed.body.next));
  for (const k of ['id', 'code', 'full_name', 'at', 'device']) assert.ok(k in feed.body.items[0], k);
  const roster = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/roster', { token: staff });
  assert.equal(roster.status, 200);
  const byCode = new Map(roster.body.items.map((i) => [i.code, i]));
  const item = byCode.get(arrivals[0].code);
  for (const k of ['id', 'code', 'full_name', 'organization', 'attendee_type', 'status', 'revision', 'checked_in']) assert.ok(k in item, k);
  assert.equal(item.checked_in, true);
  assert.equal(byCode.get(cancelled.code).status, 'cancelled');
  assert.equal(byCode.get(reissued.code).revision, 2);
});

test('every scan is recorded, refused ones too (append-only log)', async () => {
  // one scan of each outcome, made here
  const reg = await registered();
  assert.equal((await scan({ token: reg.token })).body.result, 'ok');
  assert.equal((await scan({ token: reg.token })).body.result, 'already_checked_in');
  assert.equal((await scan({ token: 'hola' })).status, 422);
  assert.equal((await scan({ code: 'ZZZZZZ' })).status, 404);
  const gone = await registered();
  await api(srv.url, 'DELETE', `/api/v1/registrations/${gone.code}`, { token: admin });
  assert.equal((await scan({ token: gone.token })).status, 409);
  const out = execFileSync('sqlite3', [srv.db, "SELECT result, count(*) FROM checkins GROUP BY result ORDER BY 1"], { encoding: 'utf8' });
  assert.match(out, /^already_checked_in\|\d+$/m);
  assert.match(out, /^conflict\|\d+$/m);
  assert.match(out, /^invalid_token\|\d+$/m);
  assert.match(out, /^not_found\|\d+$/m);
  assert.match(out, /^ok\|\d+$/m);
  const upd = (() => { try { execFileSync('sqlite3', [srv.db, "UPDATE checkins SET result = 'ok' WHERE id = 1"], { stdio: 'pipe' }); return 'changed'; } catch (e) { return String(e.stderr); } })();
  assert.match(upd, /append-only/);
});

test('check-ins by hour use each instant\'s own offset when the zone changes offset during the edition', async () => {
  const ed = await api(srv.url, 'POST', '/api/v1/editions', { token: admin, body: {
    slug: 'nueva-york-2024', title: 'Encuentro de prueba', city: 'Nueva York', starts_on: '2024-11-02', ends_on: '2024-11-04',
    timezone: 'America/New_York', status: 'open' } });
  assert.equal(ed.status, 201, ed.text);
  // the edition has ended (November 2024, for the offset switch): only organizers register people in it
  const before = await registered({ organizer: true }, 'nueva-york-2024');
  const after = await registered({ organizer: true }, 'nueva-york-2024');
  const slug = 'nueva-york-2024';
  // 10:00 local on both days: -04:00 before the switch of 3 November, -05:00 after it
  assert.equal((await scan({ token: before.token, scanned_at: '2024-11-02T10:15:00-04:00' }, slug)).status, 200);
  const r = await scan({ token: after.token, scanned_at: '2024-11-04T10:45:00-05:00' }, slug);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.first_checked_in_at, '2024-11-04T10:45:00-05:00');
  const stats = await api(srv.url, 'GET', `/api/v1/editions/${slug}/checkins/stats`, { token: staff });
  assert.equal(stats.status, 200);
  assert.deepEqual(stats.body.by_hour, { '2024-11-02T10:00': 1, '2024-11-04T10:00': 1 });
});
