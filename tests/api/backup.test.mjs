// `asamblea backup -o FILE` while the server keeps writing: the copy finishes in bounded time,
// passes integrity_check, holds every registration acknowledged before the backup started, and
// no FILE.partial is left behind — neither after a success nor after a refusal (time limit),
// nor when the command is stopped by SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, BIN, ROOT } from '../lib/server.mjs';

const CLIENTS = 16;
const BOUND_MS = 30_000; /* generous: the copy of the test database takes well under a second */

let srv, work, seq = 0;
before(async () => {
  srv = await startServer();
  work = mkdtempSync(join(tmpdir(), 'asamblea-backup-'));
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

const sql = (db, text) => execFileSync('sqlite3', [db, text], { encoding: 'utf8' }).trim();
const leftovers = () => readdirSync(work).filter((f) => f.includes('.partial'));

/** Grows the database by `mb` megabytes of ballast rows (written beside the running server). */
function grow(mb) {
  sql(srv.db, `CREATE TABLE IF NOT EXISTS ballast(b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${mb * 256}) INSERT INTO ballast SELECT randomblob(4000) FROM n;`);
}

/** Starts CLIENTS loops registering through the API; returns {acknowledged: Set, stop()}. */
function writeLoad() {
  const acknowledged = new Set();
  let running = true;
  const client = async () => {
    while (running) {
      const n = ++seq;
      const r = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', {
        body: { full_name: `Persona ${n}`, email: `p${n}@respaldo.ec`, organization: 'GAD Municipal', attendee_type: 'official', consent: true },
      });
      if (r.status === 201) acknowledged.add(r.body.code);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  return { acknowledged, async stop() { running = false; await Promise.all(clients); } };
}

/** Waits until the set holds at least n entries (bounded). */
async function waitFor(cond, what, ms = 20_000) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setImmediate(r));
  }
}

/** Runs the backup command; resolves {code, signal, stderr, ms}; kills it past `bound` ms. */
function runBackup(args, { bound = BOUND_MS, onSpawn } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(BIN, ['backup', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), bound);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr, ms: performance.now() - t0 }); });
    onSpawn?.(child);
  });
}

test('a backup under continuous sign-ups finishes, is sound, and holds every acknowledged registration', { timeout: 120_000 }, async () => {
  grow(100);
  const load = writeLoad();
  let result, before, total;
  const out = join(work, 'copy.db');
  try {
    await waitFor(() => load.acknowledged.size >= 200, '200 sign-ups');
    const t0 = performance.now(), n0 = load.acknowledged.size;
    before = new Set(load.acknowledged);
    result = await runBackup(['-o', out, '--db', srv.db]);
    total = { writes: load.acknowledged.size - n0, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await load.stop();
  }
  const mb = (statSync(srv.db).size / 1e6).toFixed(1);
  console.log(`backup: ${mb} MB database, ${(total.writes / total.seconds).toFixed(0)} sign-ups/s during the copy, done in ${(result.ms / 1000).toFixed(2)} s (exit ${result.code ?? result.signal})`);
  assert.ok(total.writes > 0, 'sign-ups went on during the copy');
  assert.equal(result.code, 0, `the backup finished within ${BOUND_MS} ms: ${result.signal ?? ''} ${result.stderr}`);
  assert.deepEqual(leftovers(), [], 'no .partial file');
  assert.equal(sql(out, 'PRAGMA integrity_check;'), 'ok');
  const copied = new Set(sql(out, 'SELECT code FROM registrations;').split('\n'));
  const missing = [...before].filter((code) => !copied.has(code));
  assert.deepEqual(missing, [], 'every registration acknowledged before the backup started is in the copy');
});

test('a backup that cannot finish in its time limit fails clearly and leaves no .partial file', async () => {
  const out = join(work, 'late.db');
  const r = await runBackup(['-o', out, '--db', srv.db, '--timeout', '0.000001']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /backup.*(time|did not finish)/i);
  assert.equal(existsSync(out), false);
  assert.deepEqual(leftovers(), []);
});

test('SIGTERM or SIGINT during a backup leaves no .partial file', { timeout: 120_000 }, async () => {
  grow(20); // with the first test's 100 MB: big enough that the copy is still running when the signal arrives
  for (const signal of ['SIGTERM', 'SIGINT']) {
    const out = join(work, `stopped-${signal}.db`);
    const r = await runBackup(['-o', out, '--db', srv.db], {
      onSpawn: (child) => {
        const partial = out + '.partial';
        const poll = () => { // the signal goes as soon as the copy has begun
          if (child.exitCode !== null || child.signalCode !== null) return;
          if (existsSync(partial) && statSync(partial).size > 0) child.kill(signal);
          else setImmediate(poll);
        };
        poll();
      },
    });
    assert.notEqual(r.code, 0, `${signal}: the command reports that it did not finish`);
    assert.equal(existsSync(out), false, `${signal}: no backup file`);
    assert.deepEqual(leftovers(), [], `${signal}: no .partial file`);
  }
});
