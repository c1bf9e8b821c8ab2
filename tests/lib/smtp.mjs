// smtp.mjs — a real SMTP server on loopback for the tests that follow an e-mail to its reader
// (Debian's python3-aiosmtpd, through a small handler that stores each message's raw bytes), and
// the helpers that read a message the way a mail reader does: RFC 2047 words, quoted-printable
// bodies, headers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// python3-aiosmtpd is a Debian package: use Debian's interpreter, not whatever python3 is first on PATH.
const PYTHON = process.env.ASAMBLEA_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

// The SMTP server: stores message N as NNNN.json (envelope, login) then NNNN.eml (raw bytes,
// renamed into place so it is complete when seen). With TEST_SMTP_USER set it requires AUTH.
// control.json beside the mail folder, reread at every command, changes its behaviour:
// {rcpt: {SUBSTRING: REPLY}} answers RCPT TO of a matching recipient with REPLY; {data: {SUBSTRING:
// REPLY}} answers DATA of a matching recipient with REPLY instead of storing; {hold: SECONDS}
// stores the next message, then waits that long before answering (once). Every RCPT TO and DATA
// is appended to commands.log as "RCPT addr reply" / "DATA addr reply".
export const SMTP_SERVER = String.raw`
import asyncio, json, os, signal, sys
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

out_dir, port = sys.argv[1], int(sys.argv[2])
user, password = os.environ.get('TEST_SMTP_USER'), os.environ.get('TEST_SMTP_PASSWORD')
control_path = os.path.join(os.path.dirname(out_dir), 'control.json')
log_path = os.path.join(os.path.dirname(out_dir), 'commands.log')

def control():
    try:
        with open(control_path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}

def reply_for(kind, addr):
    for needle, reply in control().get(kind, {}).items():
        if needle in addr:
            return reply
    return None

def log(line):
    with open(log_path, 'a') as f:
        f.write(line + '\n')

class Saver:
    def __init__(self):
        self.n = 0
        self.held = False
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = reply_for('rcpt', address)
        log('RCPT %s %s' % (address, reply or '250'))
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return '250 OK'
    async def handle_DATA(self, server, session, envelope):
        reply = reply_for('data', ' '.join(envelope.rcpt_tos))
        log('DATA %s %s' % (' '.join(envelope.rcpt_tos), reply or '250'))
        if reply:
            return reply
        self.n += 1
        base = os.path.join(out_dir, '%04d' % self.n)
        login = session.auth_data.login.decode() if session.authenticated and session.auth_data else None
        with open(base + '.json', 'w') as f:
            json.dump({'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos, 'login': login}, f)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(base + '.tmp', base + '.eml')
        hold = control().get('hold')
        if hold and not self.held:
            self.held = True
            await asyncio.sleep(hold)
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

/** Starts the SMTP server on port; {messages(), stop()}. Stops itself if it fails to start. */
export async function startSmtp(port, env = {}) {
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
    /** Replaces the behaviour of the server (see SMTP_SERVER); {} for the plain one. */
    control(c) { writeFileSync(join(dir, 'control.json.tmp'), JSON.stringify(c)); renameSync(join(dir, 'control.json.tmp'), join(dir, 'control.json')); },
    /** The RCPT TO and DATA commands seen so far: ["RCPT addr reply", "DATA addr reply", ...]. */
    commands() { return existsSync(join(dir, 'commands.log')) ? readFileSync(join(dir, 'commands.log'), 'utf8').split('\n').filter(Boolean) : []; },
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
export function decodeWords(value) {
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
export function decodeQp(body) {
  const s = body.replace(/=\r\n/g, '');
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/.test(s.slice(i + 1, i + 3))) { bytes.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits a raw message into {headers (lower-case names, unfolded values), rawHeaders, body (decoded text)}. */
export function parseMessage(raw) {
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
