// messages.test.mjs — organizers' messages to registrants (POST/GET /api/v1/editions/{slug}/messages)
// and the language of registrations, against the real binary with a real SMTP server on loopback:
// dry runs count who would receive a message for each filter (status, type, language; cancelled only
// when asked for, anonymized never) and queue nothing; a send answers 202 {queued} and every recipient
// gets their own e-mail with their name, code and a manage link that opens their registration; an
// unknown placeholder, a missing subject or an over-long body is a 400 naming the field; staff get 403;
// the log lists the message, the audit log records it; the command line sends the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli, freePort, until } from '../lib/server.mjs';
import { decodeWords, parseMessage, startSmtp } from '../lib/smtp.mjs';

const SLUG = 'pastaza-2025';
const STAFF = { email: 'staff@test.ec', password: 'clave-de-staff-123', role: 'staff', name: 'Puerta' };
const PATH = `/api/v1/editions/${SLUG}/messages`;

let srv, smtp, admin, staff;
const people = {}; // name → {code, manage_token, email}

async function organizerCreates(key, fields) {
  const email = `${key}@municipio.gob.ec`;
  const r = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    token: admin,
    body: { full_name: fields.name, email, organization: 'GAD Municipal de Mera', attendee_type: 'official',
      consent: true, ...fields.extra },
  });
  assert.equal(r.status, 201, r.text);
  people[key] = { ...r.body, email, name: fields.name };
  return people[key];
}

async function outboxTotal() {
  const r = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/outbox?limit=1`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.body.total;
}

const dryRun = (body, token = admin) => api(srv.url, 'POST', `${PATH}?dry_run=1`, { token, body });

before(async () => {
  smtp = await startSmtp(await freePort());
  srv = await startServer({ users: [STAFF], args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  admin = await login(srv.url);
  staff = await login(srv.url, STAFF.email, STAFF.password);
  await organizerCreates('ann', { name: 'Ann Smith', extra: { language: 'en' } });
  await organizerCreates('bob', { name: 'Bob Jones', extra: { language: 'en', attendee_type: 'speaker' } });
  const carl = await organizerCreates('carl', { name: 'Carl Brown', extra: { language: 'en' } });
  const dora = await organizerCreates('dora', { name: 'Dora White', extra: { language: 'en' } });
  await organizerCreates('eva', { name: 'Eva Ñacato', extra: { language: 'es' } });
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/registrations/${carl.code}`, { token: admin })).status, 200);
  assert.equal((await api(srv.url, 'POST', `/api/v1/registrations/${dora.code}/anonymize`, { token: admin })).status, 200);
  // the e-mails these changes caused go out first, so the sink then holds only the messages under test
  await until('the registration e-mails to be sent', async () => {
    const r = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/outbox?pending=1&limit=1`, { token: admin });
    return r.body.total === 0;
  });
});

after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

test('registrations have a language: es by default, en when asked, refused otherwise, shown everywhere', async () => {
  const signup = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    body: { full_name: 'Public Person', email: 'public@municipio.gob.ec', organization: 'GAD', attendee_type: 'official',
      consent: true },
  });
  assert.equal(signup.status, 201, signup.text);
  const got = await api(srv.url, 'GET', `/api/v1/registrations/${signup.body.code}`, { token: admin });
  assert.equal(got.body.language, 'es');
  const bad = await api(srv.url, 'PATCH', `/api/v1/registrations/${signup.body.code}`, { token: admin, body: { language: 'fr' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'language');
  const changed = await api(srv.url, 'PATCH', `/api/v1/registrations/${signup.body.code}`, {
    headers: { 'x-manage-token': signup.body.manage_token }, body: { language: 'en' },
  });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.language, 'en');
  assert.equal((await api(srv.url, 'PATCH', `/api/v1/registrations/${signup.body.code}`, { token: admin, body: { language: 'es' } })).body.language, 'es');
  const list = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations?q=Ann%20Smith`, { token: admin });
  assert.equal(list.body.items[0].language, 'en');
  const csv = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations.csv`, { token: admin });
  const [header, ...rows] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
  const col = header.split(',').indexOf('language');
  assert.ok(col > 0, header);
  assert.equal(rows.find((l) => l.includes(people.ann.code)).split(',')[col], 'en');
});

test('a dry run counts the recipients of each filter and queues nothing', async () => {
  const before_ = await outboxTotal();
  const all = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations.json`, { token: admin });
  const live = all.body.items.filter((i) => i.status !== 'cancelled' && i.full_name !== 'Persona anonimizada');
  const cases = [
    [{}, live.length],
    [{ status: 'confirmed' }, live.filter((i) => i.status === 'confirmed').length],
    [{ language: 'en' }, 2], // Ann and Bob: Carl cancelled, Dora anonymized
    [{ language: 'en', type: 'speaker' }, 1],
    [{ language: 'en', status: 'cancelled' }, 1], // only when asked for
    [{ language: 'en', status: 'waitlisted' }, 0],
    [{ language: 'es', type: 'speaker' }, live.filter((i) => i.language === 'es' && i.attendee_type === 'speaker').length],
  ];
  assert.ok(live.length > 2);
  for (const [filters, expected] of cases) {
    const r = await dryRun(filters);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.recipients, expected, JSON.stringify(filters));
  }
  const preview = await dryRun({ language: 'en', subject: 'Hola {nombre}', body: 'Su código: {codigo}\nEnlace: {enlace}' });
  assert.equal(preview.body.preview.to, 'Ann Smith');
  assert.equal(preview.body.preview.subject, 'Hola Ann Smith');
  assert.match(preview.body.preview.body, new RegExp(`Su código: ${people.ann.code}\\nEnlace: http\\S+/r/${people.ann.code}\\?t=…`));
  assert.equal(await outboxTotal(), before_, 'a dry run queues nothing');
  assert.equal((await api(srv.url, 'GET', PATH, { token: admin })).body.total, 0, 'nor logs anything');
});

test('bad messages are refused with the field at fault, and nothing is queued', async () => {
  const before_ = await outboxTotal();
  const cases = [
    [{ subject: 'Aviso', body: 'Hola {nombres}' }, 'body', /\{nombres\}/],
    [{ subject: 'Aviso {codgo}', body: 'Hola' }, 'subject', /\{codgo\}/],
    [{ body: 'Hola' }, 'subject'],
    [{ subject: 'Aviso' }, 'body'],
    [{ subject: 'x'.repeat(201), body: 'Hola' }, 'subject'],
    [{ subject: 'Aviso', body: 'x'.repeat(20001) }, 'body'],
    [{ subject: 'Aviso', body: 'Hola', status: 'pending' }, 'status'],
    [{ subject: 'Aviso', body: 'Hola', language: 'fr' }, 'language'],
  ];
  for (const [body, field, message] of cases) {
    const r = await api(srv.url, 'POST', PATH, { token: admin, body });
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
    assert.equal(r.body.error.code, 'validation_failed');
    assert.equal(r.body.error.field, field);
    if (message) assert.match(r.body.error.message, message);
  }
  assert.equal((await dryRun({ body: 'Hola {nombre' })).status, 200, 'a brace that opens no placeholder is text');
  assert.equal((await dryRun({ body: 'Hola {enlaces}' })).body.error.field, 'body', 'a dry run checks placeholders too');
  assert.equal(await outboxTotal(), before_);
});

test('staff may neither send nor read the log', async () => {
  assert.equal((await api(srv.url, 'POST', PATH, { token: staff, body: { subject: 'a', body: 'b' } })).status, 403);
  assert.equal((await dryRun({}, staff)).status, 403);
  assert.equal((await api(srv.url, 'GET', PATH, { token: staff })).status, 403);
  assert.equal((await api(srv.url, 'GET', PATH)).status, 401);
});

test('a send queues one personal e-mail per recipient, logs and audits it; each link opens its registration', async () => {
  const sentBefore = smtp.messages().length;
  const r = await api(srv.url, 'POST', PATH, {
    token: admin,
    body: { subject: 'Aviso para {nombre}', body: 'Estimado/a {nombre}:\n\nSu código es {codigo}.\nSus datos: {enlace}\n', language: 'en' },
  });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.body, { queued: 2 });
  const mails = await until('two messages in the SMTP sink', () => {
    const m = smtp.messages().slice(sentBefore);
    return m.length >= 2 && m;
  });
  assert.equal(mails.length, 2);
  for (const key of ['ann', 'bob']) {
    const p = people[key];
    const mail = mails.find((m) => m.meta.rcpt_tos[0] === p.email);
    assert.ok(mail, `a message to ${p.email}`);
    const parsed = parseMessage(mail.raw);
    assert.equal(decodeWords(parsed.headers.subject), `Aviso para ${p.name}`);
    assert.match(parsed.body, new RegExp(`Estimado/a ${p.name}:\\r?\\n\\r?\\nSu código es ${p.code}\\.`));
    // the organizer's words as written; the signature in the recipient's language (both are English here)
    assert.match(parsed.body, /Association of Ecuadorian Municipalities \(AME\)/);
    const link = parsed.body.match(/\/r\/([A-Z0-9-]+)\?t=([A-Za-z0-9_-]{43})/);
    assert.ok(link, parsed.body);
    assert.equal(link[1], p.code);
    const opened = await api(srv.url, 'GET', `/api/v1/registrations/${link[1]}`, { headers: { 'x-manage-token': link[2] } });
    assert.equal(opened.status, 200, 'the link in the e-mail opens the registration');
    assert.equal(opened.body.email, p.email);
  }
  assert.ok(!mails.some((m) => [people.carl.email, people.eva.email].includes(m.meta.rcpt_tos[0])));
  const log = await api(srv.url, 'GET', PATH, { token: admin });
  assert.equal(log.status, 200);
  assert.equal(log.body.total, 1);
  const entry = log.body.items[0];
  assert.equal(entry.subject, 'Aviso para {nombre}');
  assert.equal(entry.recipients, 2);
  assert.deepEqual(entry.filters, { status: null, type: null, language: 'en' });
  assert.equal(entry.sent_by.email, 'admin@test.ec');
  assert.match(entry.sent_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$/);
  const audit = await api(srv.url, 'GET', '/api/v1/audit?limit=20', { token: admin });
  const row = audit.body.items.find((i) => i.action === 'messages.send');
  assert.ok(row, 'audited');
  const outbox = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/outbox?limit=5`, { token: admin });
  assert.equal(outbox.body.items.filter((i) => i.kind === 'edition.message').length, 2);
});

test('the command line counts and sends the same way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-msg-'));
  try {
    const file = join(dir, 'body.txt');
    writeFileSync(file, 'Hola {nombre}, su inscripción {codigo} sigue cancelada.\n');
    const base = ['message', '--db', srv.db, '--edition', SLUG, '--subject', 'Aviso', '--body-file', file,
      '--status', 'cancelled', '--language', 'en'];
    const dry = cli([...base, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^1 recipients/);
    const before_ = await outboxTotal();
    writeFileSync(file, 'Hola {nombre} {enlaze}\n');
    const typo = cli(base);
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /body: \{enlaze\} no es un marcador conocido/);
    assert.equal(await outboxTotal(), before_);
    writeFileSync(file, 'Hola {nombre}, su inscripción {codigo} sigue cancelada.\n');
    const sent = cli(base);
    assert.equal(sent.status, 0, sent.stderr);
    assert.match(sent.stdout, /^1 e-mails queued/);
    assert.equal(await outboxTotal(), before_ + 1);
    const log = await api(srv.url, 'GET', PATH, { token: admin });
    assert.equal(log.body.items[0].sent_by, null);
    assert.equal(log.body.items[0].recipients, 1);
    await until('the cancelled registrant to get it', () =>
      smtp.messages().some((m) => m.meta.rcpt_tos[0] === people.carl.email && /sigue cancelada/.test(parseMessage(m.raw).body)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
