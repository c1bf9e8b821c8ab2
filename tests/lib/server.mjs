// Test harness shared by the API and browser tests: runs the real build/asamblea binary on a
// temporary database and a free port (the server reports the port it bound), with an admin account.
//
// Open edition for tests. Both seeded editions have ended (Latacunga 2024, Pastaza 2025), and an
// ended edition takes no public sign-up (409 registration_closed). Tests sign up on pastaza-2025,
// so by default (option reopenPastaza, true) the harness makes the freshly seeded pastaza-2025
// take sign-ups again, as an admin would: right after the server starts it logs in as ADMIN,
// PATCHes /api/v1/editions/pastaza-2025 with an ends_on in the future (REOPENED_PASTAZA_ENDS_ON:
// 21 November of next year) and logs out. Its slug, title, status, starts_on, capacity, zone and
// programme stay as seeded; only ends_on moves (with one edition.update audit entry). A test that
// needs the seeded dates as they are (the home page's Archivo, a closed edition) passes
// reopenPastaza: false. The sample edition ("ejemplo", `seed --sample`) is loaded only with
// sample: true. A database the caller passes (option db) that already exists is used as it is,
// never reopened: a test that seeds its own file with the CLI signs up on the sample edition
// (`seed --sample`, slug ejemplo), which is open for sign-up from the day it is loaded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.ASAMBLEA_BIN || join(ROOT, 'build', 'asamblea');

export const ADMIN = { email: 'admin@test.ec', password: 'clave-de-prueba-123', name: 'Administración' };

/** The ends_on the harness gives pastaza-2025 so that it takes sign-ups (see the top of this file). */
export const REOPENED_PASTAZA_ENDS_ON = `${new Date().getUTCFullYear() + 1}-11-21`;

/** The sanitizer runtime BIN links dynamically (null for the normal build): it must come first in
 * any LD_PRELOAD a test gives the server (libfaketime), or the sanitizer refuses to start. */
const SANITIZER_RUNTIME = (() => {
  const m = /libasan\.so\S* => (\S+)/.exec(spawnSync('ldd', [BIN], { encoding: 'utf8' }).stdout || '');
  return m ? m[1] : null;
})();

/** The server's environment: the test's variables over ours, the sanitizer runtime preloaded first. */
function serverEnv(env) {
  const merged = { ...process.env, ...env };
  if (env.LD_PRELOAD && SANITIZER_RUNTIME) merged.LD_PRELOAD = `${SANITIZER_RUNTIME}:${env.LD_PRELOAD}`;
  return merged;
}

/** Runs the CLI synchronously; returns {status, stdout, stderr}. */
export function cli(args, { input } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Starts a server on a fresh database. Options: seed (default true), users (extra
 * [{email,password,role,name}]), args (extra serve arguments), web (the web root), env (extra
 * environment variables of the server), db (a database path the caller owns: created, seeded and
 * given its users like a fresh one if the file does not exist yet, reused as it is if it does,
 * and never deleted by stop() — to restart a server on the same data), wrap (a command the server
 * runs under, e.g. ['fiu-run', '-x']: it must exec the binary so the child is the server).
 * Sign-ups are not limited per address (--signup-limit 0: every test client is 127.0.0.1) unless
 * args gives --signup-limit. reopenPastaza (default true): a freshly seeded pastaza-2025 takes
 * sign-ups (top of this file); sample (default false): `seed --sample` adds the sample edition.
 * Returns {url, port, db, dir, stop(), log()}.
 */
export async function startServer({ seed = true, users = [], args = [], web = join(ROOT, 'web'), env = {},
  db: dbPath, wrap = [], reopenPastaza = true, sample = false } = {}) {
  const owned = !dbPath;
  const dir = owned ? mkdtempSync(join(tmpdir(), 'asamblea-test-')) : dirname(dbPath);
  const db = dbPath || join(dir, 'test.db');
  const must = (r, what) => { if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`); };
  let child;
  let stderr = '';
  let port;
  let seededNow = false;
  try { // on any failure to start: no process left running, no temporary folder left behind
    if (owned || !existsSync(db)) {
      must(cli(['migrate', '--db', db]), 'migrate');
      if (seed) must(cli(['seed', ...(sample ? ['--sample'] : []), '--db', db]), 'seed');
      seededNow = seed;
      for (const u of [{ ...ADMIN, role: 'admin' }, ...users]) {
        must(cli(['user', 'add', '--db', db, '--email', u.email, '--role', u.role, '--name', u.name || u.email],
          { input: u.password + '\n' }), 'user add');
      }
    }
    const limit = args.includes('--signup-limit') ? [] : ['--signup-limit', '0'];
    const command = [...wrap, BIN, 'serve', '--db', db, '--port', '0', '--web', web, ...limit, ...args];
    child = spawn(command[0], command.slice(1),
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: serverEnv(env) });
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 10000);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        const m = stderr.match(/listening on https?:\/\/[^:]+:(\d+)/);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
    });
  } catch (e) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (owned) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  child.removeAllListeners('exit');
  const scheme = args.includes('--tls-cert') ? 'https' : 'http';
  const url = `http://127.0.0.1:${port}`;
  if (seededNow && reopenPastaza && scheme === 'http') await reopenSeededPastaza(url, child);
  return {
    url, port, db, dir, child,
    log: () => stderr,
    /** Stops with SIGTERM; throws if the server did not exit 0 or a sanitizer spoke. */
    async stop() {
      let res = { code: child.exitCode, signal: child.signalCode };
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
        child.kill('SIGTERM');
        res = await exited;
      }
      if (owned) rmSync(dir, { recursive: true, force: true });
      if (/Sanitizer|runtime error:/.test(stderr)) throw new Error('sanitizer report:\n' + stderr.slice(-4000));
      if (res.code !== 0) throw new Error(`server exited with ${res.code ?? res.signal}:\n` + stderr.slice(-2000));
      return res;
    },
  };
}

/** Makes the seeded pastaza-2025 take sign-ups again through the API, as an admin would. */
async function reopenSeededPastaza(url, child) {
  try {
    const token = await login(url);
    const r = await api(url, 'PATCH', '/api/v1/editions/pastaza-2025',
      { token, body: { ends_on: REOPENED_PASTAZA_ENDS_ON } });
    if (r.status !== 200) throw new Error(`reopening pastaza-2025: ${r.status} ${r.text}`);
    await api(url, 'DELETE', '/api/v1/session', { token });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** fetch + JSON: returns {status, headers, body} where body is parsed JSON when it is JSON. */
export async function api(base, method, path, { body, token, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload = raw;
  if (body !== undefined) { h['content-type'] = h['content-type'] || 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(base + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, body: json, text };
}

/** Logs in and returns the bearer token. */
export async function login(base, email = ADMIN.email, password = ADMIN.password) {
  const r = await api(base, 'POST', '/api/v1/session', { body: { email, password } });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
  return r.body.token;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns something truthy; throws after timeoutMs. */
export async function until(what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** One value of the server's /metrics (asked from this machine, which needs no login). */
export async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`no ${name} in /metrics`);
  return Number(m[1]);
}

/** A loopback port nothing listens on (bound, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
