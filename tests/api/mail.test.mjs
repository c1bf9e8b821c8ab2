// Black-box tests of e-mail delivery: a real SMTP server on loopback (Debian's python3-aiosmtpd,
// through the small handler of tests/lib/smtp.mjs that stores each message's raw bytes), the real binary
// with --smtp-url, a registration with accents, and the message checked as a mail reader would
// (RFC 2047 subject, quoted-printable body, UTF-8) plus its outbox row. Also: retries with
// backoff while the SMTP server is down, delivery of messages queued while no SMTP was
// configured once the server restarts with it, and SMTP AUTH with the password from the
// environment (never in last_error or the log). Delivery under faults: every copy of one outbox
// row carries the same Message-ID and Date, and a SIGKILL while the SMTP server holds back its
// answer to DATA gives at most one more copy, with that Message-ID; a 5xx to RCPT TO or DATA fails
// the row at once, a 451 keeps it pending past ten attempts with a growing wait; an organizer
// re-queues failed rows through the API, and the message then goes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli, freePort, until, metric } from '../lib/server.mjs';
import { decodeWords, parseMessage, startSmtp } from '../lib/smtp.mjs';

const SLUG = 'pastaza-2025';
const NAME = 'José Ñacato Pérez';

/**
 * Cleanup that runs after the test whatever happened: defer(fn) registers fn; they run in
 * reverse order, each even if an earlier one threw, and the first error fails the test.
 */
function cleanup(t) {
  const fns = [];
  t.after(async () => {
    let first;
    for (const fn of fns.reverse()) {
      try { await fn(); } catch (e) { first ??= e; }
    }
    if (first) throw first;
  });
  return (fn) => fns.push(fn);
}

async function register(url, email) {
  const r = await api(url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    body: { full_name: NAME, email, organization: 'GAD Municipal del Cantón Pastaza', municipality: 'Pastaza',
      attendee_type: 'official', consent: true },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function outboxRow(url, token, code) {
  const r = await api(url, 'GET', `/api/v1/editions/${SLUG}/outbox`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body.items.find((i) => i.registration === code);
}

/** Checks a delivered confirmation the way a mail reader sees it. */
function assertConfirmation(msg, reg, email) {
  assert.deepEqual(msg.meta.rcpt_tos, [email]);
  const raw = msg.raw.toString('latin1');
  assert.ok(/^[\x00-\x7f]*$/.test(raw), 'the message is 7-bit');
  assert.ok(!/[^\r]\n/.test(raw) && !/\r[^\n]/.test(raw), 'CRLF line ends only');
  for (const line of raw.split('\r\n')) assert.ok(line.length <= 78, `line too long: ${line}`);
  const { headers, rawHeaders, body } = parseMessage(msg.raw);
  assert.equal(headers.to, email);
  assert.match(headers.subject, /^=\?UTF-8\?B\?/, 'subject is RFC 2047 encoded');
  assert.equal(decodeWords(headers.subject), `Inscripción confirmada: Pastaza 2025 (código ${reg.code})`);
  assert.match(headers['content-type'], /^text\/plain;\s*charset=UTF-8$/i);
  assert.equal(headers['content-transfer-encoding'], 'quoted-printable');
  assert.equal(headers['mime-version'], '1.0');
  assert.match(headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.ok(!/^bcc:/im.test(rawHeaders));
  assert.ok(body.includes(`Estimado/a ${NAME}:`), body);
  assert.ok(body.includes(`Código de inscripción: ${reg.code}`), body);
  assert.ok(body.includes(`/r/${reg.code}?t=${reg.manage_token}`), body);
  assert.ok(body.includes(reg.manage_url), body);
  return headers;
}

const SMTP_ARGS = (port) => ['--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-interval', '1'];

/** The mailer's finished looks at the outbox, from /metrics (asked from this machine). */
async function outboxLooks(url) {
  return metric(url, 'asamblea_mail_outbox_looks_total');
}

/** Waits until the mailer has looked at the outbox n more times: what it would do, it has done. */
async function afterLooks(url, n) {
  const base = await outboxLooks(url);
  await until(`${n} more looks at the outbox`, async () => (await outboxLooks(url)) >= base + n, 15000);
}

test('a registration e-mail reaches the SMTP server: Spanish subject, UTF-8 quoted-printable body, manage link; the outbox row is marked sent',
  { timeout: 60000 }, async (t) => {
    const defer = cleanup(t);
    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    const srv = await startServer({ args: [...SMTP_ARGS(smtp.port), '--mail-from', 'inscripciones@ame.gob.ec'] });
    defer(() => srv.stop());
    const token = await login(srv.url);
    const email = 'jose.nacato@puyo.gob.ec';
    const reg = await register(srv.url, email);
    assert.equal(reg.status, 'confirmed');

    const [msg] = await until('the message at the SMTP server', () => smtp.messages().length && smtp.messages());
    assert.equal(msg.meta.mail_from, 'inscripciones@ame.gob.ec');
    const headers = assertConfirmation(msg, reg, email);
    assert.equal(headers.from, 'Asamblea AME <inscripciones@ame.gob.ec>');
    assert.match(headers['message-id'], /^<outbox-\d+\.[0-9a-f]{32}@ame\.gob\.ec>$/);

    const row = await until('sent_at in the outbox', async () => {
      const r = await outboxRow(srv.url, token, reg.code);
      return r?.sent_at && r;
    });
    assert.equal(row.kind, 'registration.confirmed');
    assert.equal(row.to, email);
    assert.equal(row.state, 'sent');
    assert.equal(row.attempts, 1, 'one attempt, marked before sending');
    assert.equal(row.next_attempt_at, null);
    assert.match(headers['message-id'], new RegExp(`^<outbox-${row.id}\\.[0-9a-f]{32}@ame\\.gob\\.ec>$`), 'named after its row');
    assert.match(row.sent_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$/, "in the edition's offset");
    const pending = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/outbox?pending=1`, { token });
    assert.equal(pending.body.items.length, 0);
    await afterLooks(srv.url, 2); // two more looks at the outbox: sent once, not again
    assert.equal(smtp.messages().length, 1);
  });

test('while the SMTP server is down the failure is recorded (attempts, last_error, no sent_at); it is delivered once the server is up',
  { timeout: 60000 }, async (t) => {
    const defer = cleanup(t);
    const port = await freePort(); // nothing listens here yet
    const srv = await startServer({ args: [...SMTP_ARGS(port), '--mail-retry-base', '1'] });
    defer(() => srv.stop());
    const token = await login(srv.url);
    const email = 'tesoreria@pastaza.gob.ec';
    const reg = await register(srv.url, email);

    const failed = await until('a failed attempt in the outbox', async () => {
      const r = await outboxRow(srv.url, token, reg.code);
      return r && r.attempts >= 1 && r.last_error && r;
    });
    assert.equal(failed.sent_at, null);
    assert.match(failed.last_error, /^curl \d+: /);
    assert.match(failed.last_error, /connect/i);

    const smtp = await startSmtp(port);
    defer(() => smtp.stop());
    const [msg] = await until('the message after the backoff', () => smtp.messages().length && smtp.messages());
    assertConfirmation(msg, reg, email);
    const row = await until('sent_at in the outbox', async () => {
      const r = await outboxRow(srv.url, token, reg.code);
      return r?.sent_at && r;
    });
    assert.ok(row.attempts >= 1, 'the failed attempts stay counted');
    assert.equal(smtp.messages().length, 1);
  });

test('messages queued while no SMTP was configured are delivered when the server restarts with SMTP',
  { timeout: 60000 }, async (t) => {
    const defer = cleanup(t);
    const dir = mkdtempSync(join(tmpdir(), 'asamblea-mail-restart-'));
    defer(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'asamblea.db');

    const first = await startServer({ db });
    defer(() => first.stop());
    assert.match(first.log(), /no --smtp-url: e-mails wait in the outbox/);
    const email = 'alcaldia@mera.gob.ec';
    const reg = await register(first.url, email);
    const queued = await outboxRow(first.url, await login(first.url), reg.code);
    assert.equal(queued.sent_at, null);
    assert.equal(queued.attempts, 0);
    assert.equal(await outboxLooks(first.url), 0, 'no mailer looks at the outbox without SMTP');
    assert.equal((await outboxRow(first.url, await login(first.url), reg.code)).attempts, 0, 'nothing tried without SMTP');
    await first.stop();

    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    const second = await startServer({ db, args: SMTP_ARGS(smtp.port) });
    defer(() => second.stop());
    const [msg] = await until('the queued message', () => smtp.messages().length && smtp.messages());
    assertConfirmation(msg, reg, email);
    const token = await login(second.url);
    await until('sent_at in the outbox', async () => (await outboxRow(second.url, token, reg.code))?.sent_at);
  });

test('SMTP AUTH uses --smtp-user and ASAMBLEA_SMTP_PASSWORD; a refused login is recorded without the password',
  { timeout: 60000 }, async (t) => {
    const defer = cleanup(t);
    const secret = 'clave-smtp-Ñ-9f3k';
    const smtp = await startSmtp(await freePort(), { TEST_SMTP_USER: 'asamblea', TEST_SMTP_PASSWORD: secret });
    defer(() => smtp.stop());

    const good = await startServer({ args: [...SMTP_ARGS(smtp.port), '--smtp-user', 'asamblea'],
      env: { ASAMBLEA_SMTP_PASSWORD: secret } });
    defer(() => good.stop());
    const reg = await register(good.url, 'secretaria@arajuno.gob.ec');
    const [msg] = await until('the authenticated message', () => smtp.messages().length && smtp.messages());
    assert.equal(msg.meta.login, 'asamblea');
    assertConfirmation(msg, reg, 'secretaria@arajuno.gob.ec');

    const bad = await startServer({ args: [...SMTP_ARGS(smtp.port), '--smtp-user', 'asamblea'],
      env: { ASAMBLEA_SMTP_PASSWORD: secret + '-wrong' } });
    defer(() => bad.stop());
    const token = await login(bad.url);
    const reg2 = await register(bad.url, 'secretaria@arajuno.gob.ec');
    const row = await until('the refused login in the outbox', async () => {
      const r = await outboxRow(bad.url, token, reg2.code);
      return r && r.attempts >= 1 && r.state === 'pending' && r.last_error && r; // recorded, not only started
    });
    assert.match(row.last_error, /server said "535/, "the server's answer");
    assert.equal(row.sent_at, null);
    assert.match(row.last_error, /SMTP 535/);
    assert.ok(!row.last_error.includes(secret), 'no password in last_error');
    assert.ok(!bad.log().includes(secret) && !good.log().includes(secret), 'no password in the log');
    assert.equal(smtp.messages().length, 1);
  });

/** Starts a server that the test may kill; stop() of the harness is for a clean exit only. */
async function startKillable(opts, defer) {
  const srv = await startServer(opts);
  defer(async () => { if (srv.child.exitCode === null && srv.child.signalCode === null) await srv.stop(); });
  return srv;
}

async function kill9(srv) {
  const exited = new Promise((r) => srv.child.once('exit', r));
  srv.child.kill('SIGKILL');
  await exited;
}

const messageIdOf = (msg) => parseMessage(msg.raw).headers['message-id'];
const dateOf = (msg) => parseMessage(msg.raw).headers.date;

test('a SIGKILL while the SMTP server holds back its answer to DATA: the attempt was marked before sending, one more copy after the restart, with the same Message-ID and Date',
  { timeout: 90000 }, async (t) => {
    const defer = cleanup(t);
    const dir = mkdtempSync(join(tmpdir(), 'asamblea-mail-crash-'));
    defer(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'asamblea.db');
    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    smtp.control({ hold: 60 }); // stores the message, then answers 250 only a minute later
    const args = [...SMTP_ARGS(smtp.port), '--mail-retry-base', '1'];

    const first = await startKillable({ db, args }, defer);
    const email = 'registro@tena.gob.ec';
    const reg = await register(first.url, email);
    await until('the message at the SMTP server', () => smtp.messages().length === 1);
    const token = await login(first.url);
    const marked = await outboxRow(first.url, token, reg.code);
    assert.equal(marked.state, 'sending', 'the attempt is on record while the answer is awaited');
    assert.equal(marked.attempts, 1);
    await kill9(first);

    const second = await startKillable({ db, args }, defer);
    const token2 = await login(second.url);
    const row = await until('sent_at after the restart', async () => {
      const r = await outboxRow(second.url, token2, reg.code);
      return r?.state === 'sent' && r;
    });
    assert.equal(row.attempts, 2, 'the interrupted attempt is counted');
    await afterLooks(second.url, 2); // two more looks at the outbox: nothing more goes out
    const copies = smtp.messages();
    assert.equal(copies.length, 2, 'at most one extra copy');
    assert.equal(messageIdOf(copies[0]), messageIdOf(copies[1]), 'the copies carry the same Message-ID');
    assert.equal(dateOf(copies[0]), dateOf(copies[1]), 'and the same Date');
    assert.match(messageIdOf(copies[0]), new RegExp(`^<outbox-${row.id}\\.[0-9a-f]{32}@localhost>$`));
    assertConfirmation(copies[1], reg, email);
    await second.stop();
  });

test('a 5xx to RCPT TO or DATA fails the row at once, without retry; a 451 keeps it pending, retried past ten attempts with a growing wait',
  { timeout: 90000 }, async (t) => {
    const defer = cleanup(t);
    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    smtp.control({ rcpt: { 'rechazo-rcpt': '550 5.1.1 no such mailbox' },
      data: { 'rechazo-data': '554 5.7.1 message refused', temporal: '451 4.3.0 try again later' } });
    const srv = await startServer({ args: [...SMTP_ARGS(smtp.port), '--mail-retry-base', '1'] });
    defer(() => srv.stop());
    const token = await login(srv.url);
    const rcpt = await register(srv.url, 'rechazo-rcpt@quijos.gob.ec');
    const data = await register(srv.url, 'rechazo-data@quijos.gob.ec');
    const temp = await register(srv.url, 'temporal@quijos.gob.ec');

    for (const [reg, code] of [[rcpt, 550], [data, 554]]) {
      const row = await until(`${reg.code} failed`, async () => {
        const r = await outboxRow(srv.url, token, reg.code);
        return r?.state === 'failed' && r;
      });
      assert.equal(row.attempts, 1);
      assert.equal(row.next_attempt_at, null, 'no next attempt');
      assert.equal(row.sent_at, null);
      assert.match(row.last_error, new RegExp(`SMTP ${code}`));
    }
    const failedRcpt = await outboxRow(srv.url, token, rcpt.code);
    assert.match(failedRcpt.last_error, /no such mailbox/, "the server's own words");

    // the 451: pending, each wait longer than the one before
    const seen = [];
    await until('three temporary failures', async () => {
      const r = await outboxRow(srv.url, token, temp.code);
      if (r && r.attempts > 0 && !seen.some((s) => s.attempts === r.attempts) && r.state === 'pending') seen.push(r);
      return seen.length >= 3;
    });
    for (const r of seen) {
      assert.equal(r.state, 'pending');
      assert.match(r.last_error, /SMTP 451/);
    }
    const waits = seen.map((r) => Date.parse(r.next_attempt_at));
    assert.ok(waits[1] > waits[0] && waits[2] > waits[1], `next attempts grow: ${seen.map((r) => r.next_attempt_at)}`);

    // past ten attempts: still pending, next attempt capped, never given up
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, "UPDATE outbox SET attempts = 11, next_attempt_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE to_addr = 'temporal@quijos.gob.ec'"]);
    const late = await until('attempt 12', async () => {
      const r = await outboxRow(srv.url, token, temp.code);
      return r?.attempts === 12 && r.state === 'pending' && r;
    });
    const wait = (Date.parse(late.next_attempt_at) - Date.now()) / 1000;
    assert.ok(wait > 1800 && wait <= 3601, `after 12 failures the next attempt is over half an hour away (2^11 s) (${wait} s)`);

    await afterLooks(srv.url, 2); // two more looks at the outbox: nothing retried
    const commands = smtp.commands();
    assert.equal(commands.filter((c) => c.startsWith('RCPT rechazo-rcpt@')).length, 1, 'the 550 was not retried');
    assert.equal(commands.filter((c) => c.startsWith('DATA rechazo-data@')).length, 1, 'the 554 was not retried');
    assert.equal(smtp.messages().length, 0);
  });

test('an organizer re-queues failed messages through the API (audited); they are then delivered',
  { timeout: 60000 }, async (t) => {
    const defer = cleanup(t);
    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    smtp.control({ data: { 'buzon-lleno': '554 5.2.2 mailbox full' } });
    const srv = await startServer({ args: [...SMTP_ARGS(smtp.port), '--mail-retry-base', '1'] });
    defer(() => srv.stop());
    const token = await login(srv.url);
    const a = await register(srv.url, 'buzon-lleno.a@archidona.gob.ec');
    const b = await register(srv.url, 'buzon-lleno.b@archidona.gob.ec');
    const failedRows = [];
    for (const reg of [a, b]) {
      failedRows.push(await until(`${reg.code} failed`, async () => {
        const r = await outboxRow(srv.url, token, reg.code);
        return r?.state === 'failed' && r;
      }));
    }
    const retry = (body) => api(srv.url, 'POST', `/api/v1/editions/${SLUG}/outbox/retry`, { token, body });
    assert.equal((await retry({ ids: 'todos' })).status, 400);
    assert.equal((await retry({ ids: [0] })).status, 400);
    assert.equal((await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/outbox/retry`, { body: {} })).status, 401);

    smtp.control({}); // the mailbox has room again
    const one = await retry({ ids: [failedRows[0].id, 999999] });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body, { count: 1, requeued: [failedRows[0].id] });
    const sentA = await until('a delivered', async () => {
      const r = await outboxRow(srv.url, token, a.code);
      return r?.state === 'sent' && r;
    });
    assert.equal(sentA.attempts, 1, 'attempts count again from the re-queue');
    assert.equal((await outboxRow(srv.url, token, b.code)).state, 'failed', 'only the named row was re-queued');

    const all = await retry({});
    assert.deepEqual(all.body, { count: 1, requeued: [failedRows[1].id] });
    await until('b delivered', async () => (await outboxRow(srv.url, token, b.code))?.state === 'sent');
    const msgs = smtp.messages();
    assert.equal(msgs.length, 2);
    assert.deepEqual(msgs.map((m) => m.meta.rcpt_tos[0]).sort(), ['buzon-lleno.a@archidona.gob.ec', 'buzon-lleno.b@archidona.gob.ec']);
    assert.deepEqual((await retry({})).body, { count: 0, requeued: [] }, 'nothing failed any more');

    const audit = await api(srv.url, 'GET', '/api/v1/audit', { token });
    const entries = audit.body.items.filter((e) => e.action === 'outbox.retry');
    assert.equal(entries.length, 2);
  });

test('a queued message goes out as soon as its transaction commits, not at the next --mail-interval',
  { timeout: 30000 }, async (t) => {
    const defer = cleanup(t);
    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    const srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '3600'] });
    defer(() => srv.stop());
    await until('the first look at the (empty) outbox', async () => (await outboxLooks(srv.url)) >= 1); // the next is an hour away
    const started = Date.now();
    await register(srv.url, 'despacho@carlos-julio-arosemena.gob.ec');
    await until('the message, long before an hour', () => smtp.messages().length === 1, 10000);
    console.log(`mail: delivered ${Date.now() - started} ms after the sign-up with --mail-interval 3600`);
  });

test('serve refuses bad e-mail options', async () => {
  for (const args of [['--smtp-url', 'http://127.0.0.1:25'], ['--smtp-url', 'smtp://user:pw@127.0.0.1:25'],
    ['--mail-from', 'Asamblea <x@y.ec>'], ['--mail-interval', '0'], ['--mail-retry-base', 'x']]) {
    const r = cli(['serve', '--db', join(tmpdir(), 'asamblea-never-created', 'x.db'), '--port', '0', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  }
});

/** The files of a database on disk that exist now: the database, its -wal and -shm. */
const dbFiles = (db) => [db, `${db}-wal`, `${db}-shm`].filter((f) => existsSync(f));

/** Every file among files whose raw bytes hold one of the strings (UTF-8): ["file: string", ...]. */
function rawHits(files, strings) {
  const hits = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const s of strings) if (bytes.includes(Buffer.from(s, 'utf8'))) hits.push(`${f}: ${s}`);
  }
  return hits;
}

test('manage tokens are never at rest in clear: not in the database, WAL or a backup, nor in the outbox view; delivery still carries the working link, and a sent row keeps no body',
  { timeout: 90000 }, async (t) => {
    const defer = cleanup(t);
    const dir = mkdtempSync(join(tmpdir(), 'asamblea-mail-sealed-'));
    defer(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'asamblea.db');

    // queued while no SMTP is configured: the messages wait in the outbox, with their links
    const first = await startServer({ db });
    defer(() => first.stop());
    const regs = [];
    for (let i = 0; i < 4; i++) regs.push(await register(first.url, `sellado${i}@pastaza.gob.ec`));
    const keyed = await api(first.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
      headers: { 'idempotency-key': 'sellado-clave-1' },
      body: { full_name: NAME, email: 'sellado-clave@pastaza.gob.ec', organization: 'GAD Pastaza', attendee_type: 'official', consent: true },
    });
    assert.equal(keyed.status, 201, keyed.text);
    regs.push(keyed.body);
    const token = await login(first.url);
    const link = await api(first.url, 'POST', `/api/v1/registrations/${regs[0].code}/manage-link`, { token });
    assert.equal(link.status, 200, link.text);
    const tokens = [...regs.map((r) => r.manage_token), link.body.manage_token];

    const backup = join(dir, 'copia.db');
    const b = cli(['backup', '--db', db, '-o', backup]);
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(rawHits([...dbFiles(db), backup], tokens), [], 'no manage token in the raw bytes');
    const view = await api(first.url, 'GET', `/api/v1/editions/${SLUG}/outbox`, { token });
    assert.equal(view.status, 200);
    assert.ok(view.body.items.length >= tokens.length);
    for (const tk of tokens) assert.ok(!view.text.includes(tk), 'no token in the outbox view');
    const ids = view.body.items.map((i) => i.id);
    await first.stop();

    // a row queued by an older version, its body in clear: sealed at the next start
    const legacy = 'tokenAntiguoEnClaro0123456789abcdefghijklm';
    execFileSync('sqlite3', [db, `UPDATE outbox SET body = 'Su enlace: http://x/r/${regs[1].code}?t=${legacy}', body_box = NULL WHERE id = (SELECT max(id) FROM outbox WHERE to_addr = 'sellado1@pastaza.gob.ec')`]);
    assert.equal(rawHits([db], [legacy]).length, 1, 'the clear body is on disk before the restart');

    const smtp = await startSmtp(await freePort());
    defer(() => smtp.stop());
    const second = await startServer({ db, args: SMTP_ARGS(smtp.port) });
    defer(() => second.stop());
    assert.deepEqual(rawHits(dbFiles(db), [legacy]), [], 'the clear body was sealed at start-up and left no copy');
    const token2 = await login(second.url);
    await until('every message sent', async () => {
      const r = await api(second.url, 'GET', `/api/v1/editions/${SLUG}/outbox?pending=1`, { token: token2 });
      return r.body.items.filter((i) => ids.includes(i.id)).length === 0;
    });
    const messages = smtp.messages();
    const confirmation = messages.find((m) => m.meta.rcpt_tos[0] === 'sellado0@pastaza.gob.ec'
      && parseMessage(m.raw).body.includes(regs[0].manage_token));
    assertConfirmation(confirmation, regs[0], 'sellado0@pastaza.gob.ec');
    assert.ok(messages.some((m) => parseMessage(m.raw).body.includes(`?t=${link.body.manage_token}`)), 'the new link is delivered');
    assert.ok(messages.some((m) => parseMessage(m.raw).body.includes(`?t=${legacy}`)), 'the sealed old row is delivered as it was');
    const manage = await api(second.url, 'GET', `/api/v1/registrations/${regs[2].code}`, { headers: { 'x-manage-token': regs[2].manage_token } });
    assert.equal(manage.status, 200, 'the delivered link opens the registration');
    const left = execFileSync('sqlite3', [db, "SELECT count(*) FROM outbox WHERE state = 'sent' AND (body <> '' OR body_box IS NOT NULL)"], { encoding: 'utf8' });
    assert.equal(left.trim(), '0', 'a sent row keeps its metadata, not its body');
    await second.stop();
    assert.deepEqual(rawHits(dbFiles(db), [...tokens, legacy]), [], 'nothing in clear after delivery either');
  });
