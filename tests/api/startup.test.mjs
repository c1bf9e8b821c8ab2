// startup.test.mjs — the command line and start-up of `serve` under faults: numeric options are
// checked (garbage and out-of-range values exit 2 with a message naming the option, before the
// database is touched); the public URL is in place before the first request is answered; an
// empty key file (a creation cut short by a crash) does not stop the server, and a key file of a
// wrong length is refused and left as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, cli, startServer, api, until } from '../lib/server.mjs';

const PYTHON = '/usr/bin/python3';

/** A fresh temporary folder, removed when the test ends. */
function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-startup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A migrated and seeded database in dir, with the sample edition (the seeded ones have ended). */
function seededDb(dir) {
  const db = join(dir, 'test.db');
  for (const args of [['migrate', '--db', db], ['seed', '--sample', '--db', db]]) {
    const r = cli(args);
    assert.equal(r.status, 0, r.stderr);
  }
  return db;
}

/** A port free right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** A public sign-up on the sample edition of seededDb, which takes sign-ups. */
const signUp = (url, email) => api(url, 'POST', '/api/v1/editions/ejemplo/registrations', {
  body: { full_name: 'Ana Arranque', email, organization: 'GAD Municipal de Pastaza', attendee_type: 'official', consent: true },
});

test('garbage or out-of-range numbers on the command line exit 2 with a message naming the option', (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'never.db');
  // values atoi read as 0 or as a number in range (so the unchecked server started), then
  // values outside each range, then a missing value
  const cases = [
    ['--port', '0x'], ['--port', '0.5'], ['--port', ''], ['--port', ' 80'], ['--port', '+0'], ['--port', '70000'],
    ['--port', '-1'], ['--port', '99999999999999999999'],
    ['--threads', '0'], ['--threads', '-1'], ['--threads', '4abc'], ['--threads', '257'],
    ['--max-conns-per-ip', '0'], ['--max-conns-per-ip', '10k'], ['--max-conns-per-ip', '1001'],
    ['--mail-interval', 'abc'], ['--mail-interval', '0'], ['--mail-retry-base', '3601'], ['--mail-retry-base', '2.5'],
    ['--port'],
  ];
  for (const [name, value] of cases) {
    const args = ['serve', '--db', db, '--port', '0', name, ...(value === undefined ? [] : [value])];
    if (name === '--port') args.splice(3, 2); // the option under test is the only --port
    const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
    const what = `${name} ${JSON.stringify(value)}`;
    assert.equal(r.status, 2, `${what}: exit ${r.status ?? r.signal}, stderr: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^asamblea: ${name} takes a whole number from \\d+ to \\d+`), what);
    assert.equal(existsSync(db), false, `${what}: the database was created`);
  }
});

test('numbers in range are taken as they are', async () => {
  const srv = await startServer({ args: ['--threads', '1', '--max-conns-per-ip', '1000', '--mail-interval', '3600'] });
  try {
    assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  } finally {
    await srv.stop();
  }
});

// The server's stderr is a pipe already full, so the first line the server writes after it has
// bound its port blocks its main thread for as long as the test wants: a public URL set after the
// server starts answering is then never set while the sign-up is answered.
const LAUNCHER = `
import fcntl, os, subprocess, sys
r, w = os.pipe()
flags = fcntl.fcntl(w, fcntl.F_GETFL)
fcntl.fcntl(w, fcntl.F_SETFL, flags | os.O_NONBLOCK)
for chunk in (b'.' * 4096, b'.'):
    try:
        while True:
            os.write(w, chunk)
    except BlockingIOError:
        pass
fcntl.fcntl(w, fcntl.F_SETFL, flags)
server = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=w)
os.close(w)
print(server.pid, flush=True)
sys.stdin.readline()
with os.fdopen(r, 'rb') as pipe:
    for line in pipe:
        sys.stdout.write(line.decode('utf-8', 'replace').lstrip('.'))
        sys.stdout.flush()
sys.exit(server.wait())
`;

/** Collects a child's stdout and resolves when it matches re (bounded by a deadline). */
function waitForOutput(child, re, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${re} within ${ms} ms: ${child.out}`)), ms);
    const check = () => { const m = child.out.match(re); if (m) { clearTimeout(timer); resolve(m); } };
    child.stdout.on('data', check);
    check();
  });
}

test('the first sign-up answered already has a manage_url under --public-url', async (t) => {
  const dir = tempDir(t);
  const db = seededDb(dir);
  const port = await freePort();
  const publicUrl = 'https://asamblea.example.ec';
  const child = spawn(PYTHON, ['-c', LAUNCHER, BIN, 'serve', '--db', db, '--port', String(port), '--public-url', publicUrl],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  child.out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s) => { child.out += s; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const pid = Number((await waitForOutput(child, /^(\d+)\n/, 5000))[1]);
  t.after(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } });

  const url = `http://127.0.0.1:${port}`;
  const first = await until('the server to answer a sign-up', async () => {
    try {
      return await signUp(url, 'primera@arranque.ec');
    } catch {
      return null; // not listening yet
    }
  }, 15000);
  assert.ok(first, 'the server never answered');
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.manage_url, `${publicUrl}/r/${first.body.code}?t=${first.body.manage_token}`);

  child.stdin.write('go\n'); // the server may write again: it announces itself, then stops on SIGTERM
  await waitForOutput(child, /listening on/, 10000);
  process.kill(pid, 'SIGTERM');
  const code = await exited;
  assert.doesNotMatch(child.out, /Sanitizer|runtime error:/, child.out);
  assert.equal(code, 0, child.out);
});

test('an empty key file (a creation cut short) is replaced and the server starts', async (t) => {
  const dir = tempDir(t);
  const db = seededDb(dir);
  writeFileSync(`${db}.key`, '');
  const srv = await startServer({ db });
  try {
    const r = await signUp(srv.url, 'clave@arranque.ec');
    assert.equal(r.status, 201, r.text);
    assert.equal(readFileSync(`${db}.key`).length, 32);
  } finally {
    await srv.stop();
  }
});

test('a key file of a wrong length is refused loudly and left as it is', (t) => {
  const dir = tempDir(t);
  const db = seededDb(dir);
  const damaged = Buffer.alloc(20, 0x5a);
  writeFileSync(`${db}.key`, damaged);
  const r = spawnSync(BIN, ['serve', '--db', db, '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
  assert.equal(r.status, 1, `exit ${r.status ?? r.signal}: ${r.stderr}`);
  assert.match(r.stderr, /key file .*holds 20 bytes, not 32: it may be a damaged key/);
  assert.deepEqual(readFileSync(`${db}.key`), damaged);
});
