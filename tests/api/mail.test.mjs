// Black-box tests of e-mail delivery: a real SMTP server on loopback (Debian's python3-aiosmtpd,
// through a small handler written here that stores each message's raw bytes), the real binary
// with --smtp-url, a registration with accents, and the message checked as a mail reader would
// (RFC 2047 subject, quoted-printable body, UTF-8) plus its outbox row. Also: retries with
// backoff while the SMTP server is down, delivery of messages queued while no SMTP was
// configured once the server restarts with it, and SMTP AUTH with the password from the
// environment (never in last_error or the log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli } from '../lib/server.mjs';

// python3-aiosmtpd is a Debian package: use Debian's interpreter, not whatever python3 is first on PATH.
const PYTHON = process.env.ASAMBLEA_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const SLUG = 'pastaza-2025';
const NAME = 'José Ñacato Pérez';

// The SMTP server: stores message N as NNNN.json (envelope, login) then NNNN.eml (raw bytes,
// renamed into place so it is complete when seen). With TEST_SMTP_USER set it requires AUTH.
const SMTP_SERVER = String.raw`
import asyncio, json, os, signal, sys
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

out_dir, port = sys.argv[1], int(sys.argv[2])
user, password = os.environ.get('TEST_SMTP_USER'), os.environ.get('TEST_SMTP_PASSWORD')

class Saver:
    def __init__(self):
        self.n = 0
    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(out_dir, '%04d' % self.n)
        login = session.auth_data.login.decode() if session.authenticated and session.auth_data else None
        with open(base + '.json', 'w') as f:
            json.dump({'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos, 'login': login}, f)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(base + '.tmp', base + '.eml')
        return '250 2.0.0 stored'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
          and auth_data.password.decode() == password)
    return AuthResult(success=ok, handled=False, auth_data=auth_data)

async def main():
    loop = asyncio.get_running_loop()
    handler = Saver()
    kw = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False) if user else {}
    server = await loop.create_server(lambda: SMTP(handler, **kw), '127.0.0.1', port)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    print('ready', flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()

asyncio.run(main())
`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns something truthy; throws after timeoutMs. */
async function until(what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A loopback port nothing listens on (bound, then released). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

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

/** Starts the SMTP server on port; {messages(), stop()}. Stops itself if it fails to start. */
async function startSmtp(port, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-smtp-'));
  const out = join(dir, 'mail');
  mkdirSync(out);
  writeFileSync(join(dir, 'smtp_server.py'), SMTP_SERVER);
  const child = spawn(PYTHON, [join(dir, 'smtp_server.py'), out, String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('SMTP server did not start: ' + stderr)), 10000);
      child.stdout.on('data', (d) => { if (String(d).includes('ready')) { clearTimeout(timer); resolve(); } });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`SMTP server exited ${code}: ${stderr}`)); });
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  child.removeAllListeners('exit');
  return {
    port,
    stop,
    log: () => stderr,
    /** The messages received so far: [{raw: Buffer, meta: {mail_from, rcpt_tos, login}}]. */
    messages() {
      return readdirSync(out).filter((f) => f.endsWith('.eml')).sort().map((f) => ({
        raw: readFileSync(join(out, f)),
        meta: JSON.parse(readFileSync(join(out, f.replace(/\.eml$/, '.json')), 'utf8')),
      }));
    },
  };
}

/** RFC 2047 decoding of a header value (B and Q encodings; blanks between adjacent encoded-words dropped). */
function decodeWords(value) {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  let out = Buffer.alloc(0);
  let last = 0;
  for (const m of joined.matchAll(word)) {
    assert.match(m[1], /^utf-8$/i);
    out = Buffer.concat([out, Buffer.from(joined.slice(last, m.index), 'utf8')]);
    const bytes = /b/i.test(m[2]) ? Buffer.from(m[3], 'base64')
      : Buffer.from(m[3].replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    out = Buffer.concat([out, bytes]);
    last = m.index + m[0].length;
  }
  return Buffer.concat([out, Buffer.from(joined.slice(last), 'utf8')]).toString('utf8');
}

/** Quoted-printable to text: soft breaks removed, =XX to bytes, then UTF-8. */
function decodeQp(body) {
  const s = body.replace(/=\r\n/g, '');
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/.test(s.slice(i + 1, i + 3))) { bytes.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits a raw message into {headers (lower-case names, unfolded values), rawHeaders, body (decoded text)}. */
function parseMessage(raw) {
  const text = raw.toString('latin1');
  const sep = text.indexOf('\r\n\r\n');
  assert.ok(sep > 0, 'headers end with an empty line');
  const rawHeaders = text.slice(0, sep);
  const headers = {};
  for (const line of rawHeaders.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, rawHeaders, rawBody: text.slice(sep + 4), body: decodeQp(text.slice(sep + 4)) };
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
    assert.match(headers['message-id'], /^<[0-9a-f]{32}@ame\.gob\.ec>$/);

    const row = await until('sent_at in the outbox', async () => {
      const r = await outboxRow(srv.url, token, reg.code);
      return r?.sent_at && r;
    });
    assert.equal(row.kind, 'registration.confirmed');
    assert.equal(row.to, email);
    assert.equal(row.attempts, 0);
    assert.match(row.sent_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$/, "in the edition's offset");
    const pending = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/outbox?pending=1`, { token });
    assert.equal(pending.body.items.length, 0);
    await sleep(1500); // another poll or two: sent once, not again
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
    await sleep(1200);
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
      return r && r.attempts >= 1 && r;
    });
    assert.equal(row.sent_at, null);
    assert.match(row.last_error, /SMTP 535/);
    assert.ok(!row.last_error.includes(secret), 'no password in last_error');
    assert.ok(!bad.log().includes(secret) && !good.log().includes(secret), 'no password in the log');
    assert.equal(smtp.messages().length, 1);
  });

test('serve refuses bad e-mail options', async () => {
  for (const args of [['--smtp-url', 'http://127.0.0.1:25'], ['--smtp-url', 'smtp://user:pw@127.0.0.1:25'],
    ['--mail-from', 'Asamblea <x@y.ec>'], ['--mail-interval', '0'], ['--mail-retry-base', 'x']]) {
    const r = cli(['serve', '--db', join(tmpdir(), 'asamblea-never-created', 'x.db'), '--port', '0', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  }
});
