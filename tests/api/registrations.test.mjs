// Black-box tests of registration: the capacity rule under concurrency, the waitlist and its
// promotion, one live registration per email, self-service with the manage token (and its rate
// limit), organizer powers, the list with accent-blind search, exports, counts and the outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';

let srv, token;
before(async () => { srv = await startServer(); token = await login(srv.url); });
after(async () => { await srv?.stop(); });

let seq = 0;
const person = (over = {}) => ({
  full_name: `Persona ${++seq}`, email: `persona${seq}@municipio.gob.ec`, organization: 'GAD Municipal de Pastaza',
  municipality: 'Pastaza', attendee_type: 'official', consent: true, ...over,
});
const register = (slug, body, opts = {}) => api(srv.url, 'POST', `/api/v1/editions/${slug}/registrations`, { body, ...opts });

async function newEdition(slug, capacity, status = 'open') {
  const r = await api(srv.url, 'POST', '/api/v1/editions', { token, body: { slug, title: `Edición ${slug}`, city: 'Puyo', starts_on: '2027-11-18', ends_on: '2027-11-19', capacity, status } });
  assert.equal(r.status, 201, r.text);
}

test('a registration answers 201 with code, status and manage token; GET with the token returns it', async () => {
  const body = person({ full_name: 'José Ñacato Pérez', phone: '+593 99 123 4567', position: 'Técnico de Cooperación', accessibility_needs: 'Rampa de acceso' });
  const r = await register('pastaza-2025', body);
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.code, /^[2-9A-HJ-NP-Z]{6}$/);
  assert.equal(r.body.status, 'confirmed');
  assert.match(r.body.manage_token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(r.body.manage_url, new RegExp(`/r/${r.body.code}\\?t=${r.body.manage_token}$`));
  assert.equal(r.headers.get('location'), `/api/v1/registrations/${r.body.code}`);
  const g = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers: { 'x-manage-token': r.body.manage_token } });
  assert.equal(g.status, 200);
  for (const k of ['code', 'edition', 'full_name', 'email', 'organization', 'position', 'municipality', 'phone', 'attendee_type', 'status', 'created_at', 'checked_in_at']) assert.ok(k in g.body, k);
  assert.equal(g.body.full_name, 'José Ñacato Pérez');
  assert.equal(g.body.edition, 'pastaza-2025');
  assert.equal(g.body.checked_in_at, null);
  assert.match(g.body.created_at, /-05:00$/);
  // the code is accepted in lower case and with a hyphen, as people type it
  const typed = r.body.code.toLowerCase().slice(0, 3) + '-' + r.body.code.toLowerCase().slice(3);
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${typed}`, { headers: { 'x-manage-token': r.body.manage_token } })).status, 200);
});

test('every field is validated with a field name and a Spanish message', async () => {
  const cases = [
    [{ full_name: '' }, 'full_name'], [{ email: 'a@b' }, 'email'], [{ organization: undefined }, 'organization'],
    [{ phone: '12' }, 'phone'], [{ phone: '099 123 4567 ext' }, 'phone'], [{ attendee_type: 'vip' }, 'attendee_type'],
    [{ attendee_type: 'speaker' }, 'attendee_type'], [{ consent: false }, 'consent'], [{ consent: undefined }, 'consent'],
    [{ full_name: 'x'.repeat(201) }, 'full_name'], [{ accessibility_needs: 'x'.repeat(1001) }, 'accessibility_needs'],
  ];
  for (const [over, field] of cases) {
    const r = await register('pastaza-2025', person(over));
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, field);
    assert.ok(r.body.error.message.length > 10);
  }
  const t = await register('pastaza-2025', person({ consent: 'yes' }));
  assert.equal(t.body.error.code, 'bad_request');
  for (const phone of ['099 123 4567', '+593 99 123 4567', '(02) 2345-678', '']) {
    const r = await register('pastaza-2025', person({ phone }));
    assert.equal(r.status, 201, phone);
  }
});

test('one live registration per email and edition, whatever the case; a cancelled one frees the email', async () => {
  const first = await register('pastaza-2025', person({ email: 'Unica@Municipio.gob.ec' }));
  assert.equal(first.status, 201);
  const dup = await register('pastaza-2025', person({ email: 'unica@MUNICIPIO.gob.ec' }));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'duplicate_registration');
  assert.equal(dup.body.error.field, 'email');
  assert.match(dup.body.error.message, /organizadores/);
  const del = await api(srv.url, 'DELETE', `/api/v1/registrations/${first.body.code}`, { headers: { 'x-manage-token': first.body.manage_token } });
  assert.equal(del.status, 200);
  assert.equal(del.body.status, 'cancelled');
  assert.ok(del.body.cancelled_at);
  assert.equal((await register('pastaza-2025', person({ email: 'unica@municipio.gob.ec' }))).status, 201);
  // the cancelled row is kept
  const kept = await api(srv.url, 'GET', `/api/v1/registrations/${first.body.code}`, { token });
  assert.equal(kept.body.status, 'cancelled');
});

test('registration only while the edition is open: 409 registration_closed, and unknown edition 404', async () => {
  const r = await register('latacunga-2024', person());
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'registration_closed');
  assert.equal((await register('no-such-edition', person())).status, 404);
  // organizers may still register people (e.g. speakers) while registration is closed
  const org = await register('latacunga-2024', person({ attendee_type: 'speaker' }), { token });
  assert.equal(org.status, 201);
});

test('70 concurrent registrations against capacity 10: exactly 10 confirmed, 60 waitlisted in order', async () => {
  await newEdition('carga-2027', 10);
  const results = await Promise.all(Array.from({ length: 70 }, (_, i) => register('carga-2027', person({ email: `carga${i}@m.gob.ec` }))));
  assert.ok(results.every((r) => r.status === 201), results.map((r) => r.status).join(','));
  const confirmed = results.filter((r) => r.body.status === 'confirmed');
  const waitlisted = results.filter((r) => r.body.status === 'waitlisted');
  assert.equal(confirmed.length, 10);
  assert.equal(waitlisted.length, 60);
  assert.deepEqual(waitlisted.map((r) => r.body.waitlist_position).sort((a, b) => a - b), Array.from({ length: 60 }, (_, i) => i + 1));
  const ed = await api(srv.url, 'GET', '/api/v1/editions/carga-2027');
  assert.equal(ed.body.confirmed, 10);
  // concurrent writes share commits (group commit): fewer transactions than writes
  const metrics = await (await fetch(srv.url + '/metrics')).text();
  const commits = Number(metrics.match(/^asamblea_group_commits_total (\d+)$/m)[1]);
  const writes = Number(metrics.match(/^asamblea_group_commit_writes_total (\d+)$/m)[1]);
  assert.ok(writes > commits, `${writes} writes in ${commits} commits`);
  assert.equal(ed.body.waitlisted, 60);
  // the same email 20 times at once: exactly one gets in
  const same = await Promise.all(Array.from({ length: 20 }, () => register('carga-2027', person({ email: 'misma@m.gob.ec' }))));
  assert.equal(same.filter((r) => r.status === 201).length, 1);
  assert.equal(same.filter((r) => r.status === 409 && r.body.error.code === 'duplicate_registration').length, 19);
});

test('cancelling a confirmed seat promotes the oldest waitlisted one; raising capacity promotes more', async () => {
  await newEdition('espera-2027', 2);
  const a = await register('espera-2027', person());
  const b = await register('espera-2027', person());
  const c = await register('espera-2027', person());
  const d = await register('espera-2027', person());
  assert.deepEqual([a, b, c, d].map((r) => r.body.status), ['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
  assert.deepEqual([c.body.waitlist_position, d.body.waitlist_position], [1, 2]);
  await api(srv.url, 'DELETE', `/api/v1/registrations/${a.body.code}`, { headers: { 'x-manage-token': a.body.manage_token } });
  const cNow = await api(srv.url, 'GET', `/api/v1/registrations/${c.body.code}`, { headers: { 'x-manage-token': c.body.manage_token } });
  assert.equal(cNow.body.status, 'confirmed');
  const dNow = await api(srv.url, 'GET', `/api/v1/registrations/${d.body.code}`, { headers: { 'x-manage-token': d.body.manage_token } });
  assert.equal(dNow.body.status, 'waitlisted');
  assert.equal(dNow.body.waitlist_position, 1);
  // cancelling a waitlisted one promotes nobody; cancelling twice changes nothing
  await api(srv.url, 'PATCH', '/api/v1/editions/espera-2027', { token, body: { capacity: 3 } });
  const dAfter = await api(srv.url, 'GET', `/api/v1/registrations/${d.body.code}`, { token });
  assert.equal(dAfter.body.status, 'confirmed');
  const again = await api(srv.url, 'DELETE', `/api/v1/registrations/${a.body.code}`, { headers: { 'x-manage-token': a.body.manage_token } });
  assert.equal(again.status, 200);
  const stats = await api(srv.url, 'GET', '/api/v1/editions/espera-2027/stats', { token });
  assert.equal(stats.body.confirmed, 3);
  assert.equal(stats.body.cancelled, 1);
  // the promotion e-mail is queued with the promoted person's own manage link
  const outbox = await api(srv.url, 'GET', '/api/v1/editions/espera-2027/outbox', { token });
  const promoted = outbox.body.items.filter((m) => m.kind === 'registration.promoted').map((m) => m.registration);
  assert.deepEqual(promoted.sort(), [c.body.code, d.body.code].sort());
  assert.ok(outbox.body.items.every((m) => !('body' in m)), 'bodies carry personal links and are not listed');
});

test('concurrent cancellations and sign-ups never push confirmed past capacity', async () => {
  await newEdition('vaiven-2027', 5);
  const first = await Promise.all(Array.from({ length: 15 }, () => register('vaiven-2027', person())));
  const confirmed = first.filter((r) => r.body.status === 'confirmed');
  await Promise.all([
    ...confirmed.slice(0, 3).map((r) => api(srv.url, 'DELETE', `/api/v1/registrations/${r.body.code}`, { headers: { 'x-manage-token': r.body.manage_token } })),
    ...Array.from({ length: 10 }, () => register('vaiven-2027', person())),
  ]);
  const stats = await api(srv.url, 'GET', '/api/v1/editions/vaiven-2027/stats', { token });
  assert.equal(stats.body.confirmed, 5);
  assert.equal(stats.body.cancelled, 3);
  assert.equal(stats.body.waitlisted, 25 - 5 - 3);
});

test('organizers register speakers, organizers and guests outside capacity; they are never waitlisted', async () => {
  await newEdition('lleno-2027', 1);
  await register('lleno-2027', person());
  const full = await register('lleno-2027', person());
  assert.equal(full.body.status, 'waitlisted');
  for (const attendee_type of ['speaker', 'organizer', 'guest']) {
    const r = await register('lleno-2027', person({ attendee_type }), { token });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'confirmed', attendee_type);
  }
  const stats = await api(srv.url, 'GET', '/api/v1/editions/lleno-2027/stats', { token });
  assert.equal(stats.body.confirmed, 4);
  assert.equal(stats.body.by_type.speaker, 1);
  // an organizer cannot confirm a waitlisted attendee past capacity...
  const over = await api(srv.url, 'PATCH', `/api/v1/registrations/${full.body.code}`, { token, body: { status: 'confirmed' } });
  assert.equal(over.status, 409);
  assert.equal(over.body.error.code, 'conflict');
  // ...but can make them a guest, which is outside capacity
  const guest = await api(srv.url, 'PATCH', `/api/v1/registrations/${full.body.code}`, { token, body: { attendee_type: 'guest', status: 'confirmed' } });
  assert.equal(guest.status, 200, guest.text);
  assert.equal(guest.body.status, 'confirmed');
});

test('the attendee corrects their data with the token; cannot change status or become a speaker', async () => {
  const r = await register('pastaza-2025', person());
  const h = { 'x-manage-token': r.body.manage_token };
  const p = await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers: h, body: { phone: '0987654321', position: 'Alcaldesa', full_name: 'Ana Lucía Guamán' } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.phone, '0987654321');
  assert.equal(p.body.full_name, 'Ana Lucía Guamán');
  assert.equal((await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers: h, body: { status: 'confirmed' } })).status, 403);
  assert.equal((await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers: h, body: { attendee_type: 'speaker' } })).status, 403);
  const bad = await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers: h, body: { email: 'nope' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'email');
  const taken = await register('pastaza-2025', person({ email: 'ocupado@m.gob.ec' }));
  assert.equal(taken.status, 201);
  const clash = await api(srv.url, 'PATCH', `/api/v1/registrations/${r.body.code}`, { headers: h, body: { email: 'OCUPADO@m.gob.ec' } });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, 'duplicate_registration');
  const still = await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers: h });
  assert.equal(still.body.position, 'Alcaldesa', 'a refused change loses nothing');
});

test('a new manage link replaces the old one (organizer only)', async () => {
  const r = await register('pastaza-2025', person());
  assert.equal((await api(srv.url, 'POST', `/api/v1/registrations/${r.body.code}/manage-link`, { headers: { 'x-manage-token': r.body.manage_token } })).status, 401);
  const n = await api(srv.url, 'POST', `/api/v1/registrations/${r.body.code}/manage-link`, { token });
  assert.equal(n.status, 200);
  assert.notEqual(n.body.manage_token, r.body.manage_token);
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers: { 'x-manage-token': r.body.manage_token } })).status, 404);
  assert.equal((await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers: { 'x-manage-token': n.body.manage_token } })).status, 200);
});

test('the organizer list: accent-blind search, filters, sort, pages; CSV with BOM; JSON export', async () => {
  await newEdition('lista-2027', null);
  for (const [full_name, attendee_type, municipality] of [['María Pérez Ñacato', 'authority', 'Puyo'], ['Luis Andrade', 'press', 'Mera'], ['=HYPERLINK("x")', 'academia', 'Santa Clara'], ['Ana, "la jefa"', 'official', 'Arajuno']]) {
    assert.equal((await register('lista-2027', person({ full_name, attendee_type, municipality }))).status, 201);
  }
  const base = '/api/v1/editions/lista-2027/registrations';
  assert.equal((await api(srv.url, 'GET', base)).status, 401);
  const s = await api(srv.url, 'GET', `${base}?q=perez%20nacato`, { token });
  assert.equal(s.body.total, 1);
  assert.equal(s.body.items[0].full_name, 'María Pérez Ñacato');
  assert.equal((await api(srv.url, 'GET', `${base}?q=NACATO%20maria`, { token })).body.total, 1);
  assert.equal((await api(srv.url, 'GET', `${base}?q=100%25`, { token })).body.total, 0, 'wildcards are literal');
  assert.equal((await api(srv.url, 'GET', `${base}?type=press`, { token })).body.items[0].full_name, 'Luis Andrade');
  const sorted = await api(srv.url, 'GET', `${base}?sort=name`, { token });
  assert.deepEqual(sorted.body.items.map((i) => i.full_name), ['=HYPERLINK("x")', 'Ana, "la jefa"', 'Luis Andrade', 'María Pérez Ñacato']);
  const page = await api(srv.url, 'GET', `${base}?sort=name&order=desc&limit=2&offset=1`, { token });
  assert.equal(page.body.total, 4);
  assert.deepEqual(page.body.items.map((i) => i.full_name), ['Luis Andrade', 'Ana, "la jefa"']);
  for (const q of ['status=maybe', 'sort=email', 'limit=0', 'limit=501', 'order=up']) {
    const bad = await api(srv.url, 'GET', `${base}?${q}`, { token });
    assert.equal(bad.status, 400, q);
    assert.equal(bad.body.error.code, 'validation_failed');
  }
  const csv = await fetch(srv.url + `${base}.csv?sort=name`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="inscripciones-lista-2027.csv"/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.match(lines[0], /^code,full_name,email,organization,position,municipality,phone,attendee_type/);
  assert.equal(lines.length, 6, 'header + 4 rows + empty after the last CRLF');
  assert.match(text, /"'=HYPERLINK\(""x""\)"/, 'formulas are defused and quotes doubled');
  assert.match(text, /"Ana, ""la jefa"""/);
  assert.match(text, /María Pérez Ñacato/);
  const json = await api(srv.url, 'GET', `${base}.json`, { token });
  assert.equal(json.body.total, 4);
  assert.equal(json.body.items.length, 4);
});

test('stats need staff; counts by type and municipality', async () => {
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/lista-2027/stats')).status, 401);
  const s = await api(srv.url, 'GET', '/api/v1/editions/lista-2027/stats', { token });
  assert.equal(s.status, 200);
  for (const k of ['confirmed', 'waitlisted', 'cancelled', 'checked_in', 'by_type', 'by_municipality']) assert.ok(k in s.body, k);
  assert.equal(s.body.confirmed, 4);
  assert.equal(s.body.by_type.authority, 1);
  assert.equal(s.body.by_municipality.Puyo, 1);
});

test('every registration change is in the audit log, without personal values', async () => {
  const log = await api(srv.url, 'GET', '/api/v1/audit?limit=500', { token });
  const actions = new Set(log.body.items.map((e) => e.action));
  for (const a of ['registration.create', 'registration.update', 'registration.cancel', 'registration.promote', 'registration.new_link']) assert.ok(actions.has(a), a);
  const text = JSON.stringify(log.body);
  assert.doesNotMatch(text, /Ana Lucía Guamán|0987654321/);
});

test('wrong manage tokens answer 404 and are rate-limited per address after 50 (429 + Retry-After)', async () => {
  const own = await startServer();
  try {
    const r = await api(own.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', { body: person() });
    let last;
    for (let i = 0; i < 51; i++) last = await api(own.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers: { 'x-manage-token': 'guess' + i } });
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get('retry-after')) > 0);
    const right = await api(own.url, 'GET', `/api/v1/registrations/${r.body.code}`, { headers: { 'x-manage-token': r.body.manage_token } });
    assert.equal(right.status, 200, 'only wrong tokens are limited: the right one still opens the registration');
    // plain sign-ups from the same address are never limited
    const many = await Promise.all(Array.from({ length: 30 }, () => api(own.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', { body: person() })));
    assert.ok(many.every((m) => m.status === 201));
  } finally {
    await own.stop();
  }
});

test('organization suggestions come from known organizations, accent-blind', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/organizations?q=nabon');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((o) => o.name === 'GAD Municipal de Nabón'));
  assert.equal((await api(srv.url, 'GET', '/api/v1/organizations?q=%25')).body.total, 0);
});
