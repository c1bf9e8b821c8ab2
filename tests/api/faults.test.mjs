// faults.test.mjs — correct under disk, I/O and lock faults (docs/reliability.md, "Faults"):
//  - I/O errors: the server runs under libfiu (fiu-run -x) and fiu-ctrl makes SQLite's pread,
//    pwrite and fsync fail at random while clients sign up with Idempotency-Keys and staff read;
//    every answer is 201, or 503 `unavailable` with Retry-After (never a 500, a 404 or a 401);
//    afterwards each key retried answers 201 with one code, the stored registrations are exactly
//    the answered ones, and each has its outbox and audit rows.
//  - Disk full: the database on a small loop-mounted ext4 (root only; skipped elsewhere), filled
//    up: sign-ups answer 503 with Retry-After, /healthz 503, reads keep answering; once space is
//    back the same server takes writes again and the refused sign-ups succeed once.
//  - A lock held by another process: writes wait parked, so reads and /healthz answer while they
//    wait, and the writes succeed when the lock goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, api, login, cli, BIN, until } from '../lib/server.mjs';

const SIGNUP = '/api/v1/editions/pastaza-2025/registrations';
const STAFF = { email: 'puerta@test.ec', password: 'clave-de-puerta-123', role: 'staff', name: 'Puerta' };
const underSanitizer = /asan/.test(BIN); // the sanitizer runtime must come first: no LD_PRELOAD
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const person = (tag, n) => ({
  full_name: `Persona ${tag} ${n}`, email: `${tag}${n}@gad.gob.ec`, organization: 'GAD Municipal de Pastaza',
  attendee_type: 'official', consent: true,
});
const signUp = (url, body, key) => api(url, 'POST', SIGNUP, { body, headers: { 'idempotency-key': key } })
  .catch((e) => ({ status: 0, error: e }));
const sql = (db, query) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' }).trim();

/** Runs fn(srv) on a server started with options; the server is stopped whatever happens. */
async function withServer(options, fn) {
  const srv = await startServer(options);
  try {
    await fn(srv);
  } catch (e) {
    srv.child.kill('SIGKILL');
    await srv.stop().catch(() => {});
    throw e;
  }
  await srv.stop();
}

/** Another process takes the database's write lock (BEGIN EXCLUSIVE) and keeps it; resolves,
 * once the lock is held, to the function that releases it. */
async function holdWriteLock(db) {
  const holder = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  holder.stdout.setEncoding('utf8');
  const locked = new Promise((resolve) => holder.stdout.on('data', (d) => { out += d; if (out.includes('locked')) resolve(); }));
  holder.stdin.write("PRAGMA busy_timeout=5000;\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n");
  await locked;
  return () => holder.stdin.end('COMMIT;\n');
}

/** A fault answer as the contract says: 503 unavailable with Retry-After. */
function assertFaultAnswer(r, what) {
  assert.equal(r.status, 503, `${what}: ${r.status} ${r.text}`);
  assert.equal(r.body && r.body.error.code, 'unavailable', `${what}: ${r.text}`);
  assert.match(r.headers.get('retry-after') || '', /^\d+$/, `${what}: Retry-After`);
}

/** Retries a sign-up with its key until the server answers something other than 503 (bounded). */
async function settle(url, body, key) {
  for (let i = 0; i < 50; i++) {
    const r = await signUp(url, body, key);
    if (r.status !== 503 && r.status !== 0) return r;
  }
  throw new Error(`${key}: still unavailable`);
}

/** Each stored registration of the tag has one confirmation in the outbox and one audit entry. */
function assertComplete(db, tag) {
  const orphans = sql(db, `SELECT r.code || ' outbox=' || (SELECT count(*) FROM outbox o WHERE o.registration_id = r.id)
    || ' audit=' || (SELECT count(*) FROM audit_log a WHERE a.action = 'registration.create' AND a.entity_id = r.code)
    FROM registrations r WHERE r.email LIKE '${tag}%' AND ((SELECT count(*) FROM outbox o WHERE o.registration_id = r.id) <> 1
    OR (SELECT count(*) FROM audit_log a WHERE a.action = 'registration.create' AND a.entity_id = r.code) <> 1)`);
  assert.equal(orphans, '', 'registrations without exactly one outbox row and one audit row');
}

test('random I/O errors: every write answered 201 or 503, retried with its key it is stored once',
  { skip: underSanitizer || !has('fiu-run') ? 'needs fiu-run (fiu-utils) and the normal build' : false }, async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'asamblea-fiu-')), 'ctrl');
    await withServer({ users: [STAFF], wrap: ['fiu-run', '-x', '-f', fifo] }, async (srv) => {
    const ctrl = (command) => execFileSync('fiu-ctrl', ['-f', fifo, '-c', command, String(srv.child.pid)]);
    const staff = await login(srv.url, STAFF.email, STAFF.password);
    const points = ['posix/io/rw/pread', 'posix/io/rw/pwrite', 'posix/io/sync/fdatasync', 'posix/io/sync/fsync'];
    const answers = new Map(); // key → {body, first status}
    const wrong = [];
    let faults = 0;
    try {
      for (const p of points) ctrl(`enable_random name=${p},probability=0.05`);
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 30; i++) {
          const key = `fiu-${w}-${i}`;
          const body = person(`fiu${w}x`, i);
          const r = await signUp(srv.url, body, key);
          answers.set(key, { body, status: r.status });
          if (r.status === 503) { assertFaultAnswer(r, key); faults++; } else if (r.status !== 201) wrong.push(`${key}: ${r.status} ${r.text}`);
        }
      });
      const readers = Array.from({ length: 2 }, async () => {
        for (let i = 0; i < 60; i++) {
          const r = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/stats', { token: staff });
          if (r.status === 503) assertFaultAnswer(r, 'stats'); else if (r.status !== 200) wrong.push(`stats: ${r.status} ${r.text}`);
        }
      });
      await Promise.all([...writers, ...readers]);
    } finally {
      for (const p of points) ctrl(`disable name=${p}`);
    }
    const bugs = srv.log().split('\n').filter((l) => l.startsWith('BUG')).slice(0, 20).join('\n');
    assert.deepEqual(wrong, [], `only 201/200 or 503 while the disk fails; the server logged:\n${bugs}`);
    const codes = new Map();
    for (const [key, { body }] of answers) {
      const r = await settle(srv.url, body, key);
      assert.equal(r.status, 201, `${key} retried: ${r.status} ${r.text}`);
      const again = await signUp(srv.url, body, key);
      assert.equal(again.body.code, r.body.code, `${key}: a second retry answers the same code`);
      codes.set(key, r.body.code);
    }
    const stored = sql(srv.db, "SELECT code FROM registrations WHERE email LIKE 'fiu%' ORDER BY code").split('\n').filter(Boolean);
    assert.deepEqual(stored, [...codes.values()].sort(), 'the stored set equals the answered set');
    assertComplete(srv.db, 'fiu');
    assert.equal(sql(srv.db, 'PRAGMA integrity_check'), 'ok');
    const health = await api(srv.url, 'GET', '/healthz');
    assert.equal(health.status, 200, 'healthy again without a restart');
    console.log(`faults: ${answers.size} sign-ups under random I/O errors (p=0.05), ${faults} answered 503 first, `
      + `${codes.size} stored once each after retries, 0 wrong answers`);
    });
    rmSync(dirname(fifo), { recursive: true, force: true });
  });

/** A small ext4 file system mounted from a file, for the disk-full test; null where not allowed. */
function smallFilesystem() {
  if (process.getuid && process.getuid() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-full-'));
  const image = join(dir, 'fs.img');
  const mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'pipe' }).status === 0;
  if (!run('truncate', ['-s', '24M', image]) || !run('mkfs.ext4', ['-q', '-F', image]) || !run('mount', ['-o', 'loop', image, mnt])) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return { mnt, remove: () => { run('umount', [mnt]); rmSync(dir, { recursive: true, force: true }); } };
}

/** Fills the file system holding dir until a write fails; returns the filler's path. */
function fill(dir) {
  const filler = join(dir, 'filler');
  spawnSync('sh', ['-c', `dd if=/dev/zero of=${filler} bs=64k 2>/dev/null; sync`]);
  return filler;
}

test('disk full: writes answer 503 and lose nothing, reads go on, and writes resume without a restart', async (t) => {
  const fs = smallFilesystem();
  if (!fs) { t.skip('needs root and a loop device'); return; }
  try {
    const db = join(fs.mnt, 'asamblea.db');
    await withServer({ db }, async (srv) => {
    const first = await signUp(srv.url, person('full', 0), 'full-0');
    assert.equal(first.status, 201, first.text);
    const filler = fill(fs.mnt);
    const refused = [];
    for (let i = 1; i <= 20; i++) {
      const r = await signUp(srv.url, person('full', i), `full-${i}`);
      if (r.status !== 201) { assertFaultAnswer(r, `full-${i}`); refused.push(i); }
    }
    assert.ok(refused.length > 0, 'a full disk refuses some writes');
    assertFaultAnswer(await api(srv.url, 'GET', '/healthz'), '/healthz on a full disk');
    for (const path of ['/api/v1/editions/latacunga-2024/sessions', '/api/v1/editions/pastaza-2025', '/']) {
      const r = await api(srv.url, 'GET', path);
      assert.equal(r.status, 200, `${path} on a full disk: ${r.status}`);
    }
    unlinkSync(filler);
    const health = await api(srv.url, 'GET', '/healthz');
    assert.equal(health.status, 200, `/healthz once space is back: ${health.text}`);
    for (const i of refused) {
      const r = await signUp(srv.url, person('full', i), `full-${i}`);
      assert.equal(r.status, 201, `full-${i} after space came back: ${r.text}`);
    }
    assert.equal(sql(db, "SELECT count(*) FROM registrations WHERE email LIKE 'full%'"), '21');
    assertComplete(db, 'full');
    console.log(`faults: disk full refused ${refused.length} of 20 sign-ups with 503; all 21 stored once after space came back`);
    });
  } finally {
    fs.remove();
  }
});

test('a lock held elsewhere: reads and /healthz answer while 32 writes wait, and the writes then succeed', async () => {
  await withServer({}, async (srv) => {
  const release = await holdWriteLock(srv.db);
  let writesAnswered = 0;
  const writes = Array.from({ length: 32 }, (_, i) => signUp(srv.url, person('lock', i), `lock-${i}`)
    .then((r) => { writesAnswered++; return r; }));
  // every write reaches the writer, which waits for the lock; with them parked, reads still answer
  for (let round = 0; round < 3; round++) {
    for (const path of ['/healthz', '/api/v1/editions/pastaza-2025', '/api/v1/editions/latacunga-2024/sessions', '/']) {
      const r = await api(srv.url, 'GET', path);
      assert.equal(r.status, 200, path);
    }
  }
  assert.equal(writesAnswered, 0, 'the reads answered while every write was still waiting for the lock');
  release();
  const answers = await Promise.all(writes);
  for (const r of answers) assert.equal(r.status, 201, r.text);
  });
});

test('clients that hang up while their writes wait parked do not keep the server from stopping', { timeout: 30000 }, async () => {
  await withServer({}, async (srv) => {
    const release = await holdWriteLock(srv.db);
    // 16 sign-ups whose clients hang up once the request is sent: their writes wait for the lock
    const { port } = new URL(srv.url);
    await Promise.all(Array.from({ length: 16 }, (_, i) => new Promise((resolve) => {
      const body = JSON.stringify(person('gone', i));
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.end(`POST ${SIGNUP} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`
          + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        setImmediate(() => { socket.destroy(); resolve(); });
      });
      socket.on('error', resolve);
    })));
    const check = await api(srv.url, 'GET', '/healthz'); // the server has read them all by now
    assert.equal(check.status, 200);
    release();
    await until('the 16 writes', () => sql(srv.db, "SELECT count(*) FROM registrations WHERE email LIKE 'gone%'") === '16');
  }); // withServer stops it with SIGTERM and waits for it to exit 0: it must not wait forever
});
