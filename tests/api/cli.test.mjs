// cli.test.mjs — the command line is strict: every command (each one `asamblea --help` lists)
// prints its usage on stdout and exits 0 with --help, and refuses an unknown option, a missing
// value or a stray argument with exit code 2 and its usage on stderr; `serve --help` starts no
// server; --version gives the VERSION file's version; `serve --config FILE` reads key = value
// settings that the command line overrides, and names the file and line of a wrong one; the
// package's sample configuration and the man page are the binary's own (every serve option, no
// roff warning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../lib/server.mjs';

const VERSION = readFileSync(join(ROOT, 'VERSION'), 'utf8').trim();

/** Runs the binary with args; a command that does not end within 10 s (a server started by
 * mistake) is killed and fails the test. */
function cli(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 10000, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder, removed when the test ends. */
function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The commands `asamblea --help` lists, e.g. "serve", "user add". */
function listedCommands() {
  const r = cli(['--help']);
  assert.equal(r.status, 0);
  return [...r.stdout.matchAll(/^ {2}asamblea ([a-z][a-z-]*(?: [a-z][a-z-]*)?)/gm)].map((m) => m[1]);
}

/** serve's long options, from its --help. */
function serveOptions() {
  return [...cli(['serve', '--help']).stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
}

/** A port free right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Runs `asamblea serve args` until it says where it listens; returns {port, stop()}. */
async function serve(t, args) {
  const child = spawn(BIN, ['serve', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after 10 s: ${log}`)), 10000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => {
      log += c;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${log}`)); });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  const stop = async () => { child.kill('SIGTERM'); return exited; };
  return { port, stop };
}

/** Whether something answers HTTP on 127.0.0.1:port. */
async function answers(port) {
  try { return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200; } catch { return false; }
}

test('asamblea --help lists every command; --version and version print the version', () => {
  const commands = listedCommands();
  for (const c of ['serve', 'migrate', 'seed', 'user add', 'user ensure-admin', 'user list', 'user passwd',
    'user set-role', 'user deactivate', 'user reactivate', 'backup', 'badges', 'proceedings', 'certificates',
    'message', 'import']) assert.ok(commands.includes(c), `${c} is not listed`);
  for (const args of [['--version'], ['version']]) {
    const r = cli(args);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `asamblea ${VERSION}\n`);
  }
  const none = cli([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^asamblea /);
  const unknown = cli(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'[\s\S]*asamblea serve/);
});

test('every command: --help and -h print its usage on stdout and exit 0', () => {
  for (const command of listedCommands()) {
    for (const help of ['--help', '-h']) {
      const r = cli([...command.split(' '), help]);
      assert.equal(r.status, 0, `${command} ${help}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: asamblea ${command}\\b`), command);
      assert.match(r.stdout, /--db PATH/, command);
      assert.equal(r.stderr, '', command);
    }
  }
  const group = cli(['user', '--help']);
  assert.equal(group.status, 0);
  assert.match(group.stdout, /asamblea user passwd --email E/);
});

test('every command: an unknown option exits 2 with its usage on stderr, before touching a database', (t) => {
  const db = join(tempDir(t), 'never.db');
  for (const command of listedCommands()) {
    const r = cli([...command.split(' '), '--db', db, '--no-such-option']);
    assert.equal(r.status, 2, `${command}: ${r.stderr}`);
    assert.equal(r.stdout, '', command);
    assert.match(r.stderr, new RegExp(`^asamblea ${command}: unknown option --no-such-option\\n`), command);
    assert.match(r.stderr, new RegExp(`Usage: asamblea ${command}\\b`), command);
  }
  assert.equal(existsSync(db), false);
  for (const [args, message] of [
    [['user', '--bogus'], /^asamblea user: unknown option --bogus[\s\S]*asamblea user add/],
    [['user'], /^asamblea user: which command\?/],
    [['user', 'promote'], /^asamblea user: unknown command 'promote'/],
    [['migrate', '--db', db, 'extra'], /^asamblea migrate: unexpected argument 'extra'/],
    [['backup', '--db', db, '-o'], /^asamblea backup: -o needs a value \(FILE\)/],
    [['badges', '--db', db, '-o', 'x.pdf'], /^asamblea badges: --edition S is required/],
    [['import', '--db', db, '--edition', 'x'], /^asamblea import: FILE is required/],
    [['seed', '--db', db, '--sample=yes'], /^asamblea seed: unknown option --sample=yes/],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /Usage: asamblea/);
  }
  assert.equal(existsSync(db), false);
});

test('serve --help prints its options and starts no server', () => {
  const r = spawnSync(BIN, ['serve', '--help', '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
  assert.equal(r.status, 0, `exit ${r.status ?? r.signal}`);
  assert.doesNotMatch(r.stderr, /listening/);
  for (const o of ['--config FILE', '--port N', '--trusted-proxy ADDR', '--no-access-log', '--mail-retry-base N'])
    assert.ok(r.stdout.includes(o), o);
  assert.match(r.stdout.replace(/\s+/g, ' '), /trust X-Forwarded-For from these proxy addresses or networks \(repeatable\)/);
});

test('serve --config: the file sets the port, the command line overrides it in any order', async (t) => {
  const dir = tempDir(t);
  const [filePort, flagPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'asamblea.conf');
  writeFileSync(conf, `# test settings\n\nport = ${filePort}\nno-access-log = true\nthreads = 2\n`);
  const db = join(dir, 'x.db');
  const fromFile = await serve(t, ['--config', conf, '--db', db]);
  assert.equal(fromFile.port, filePort);
  assert.ok(await answers(filePort));
  assert.equal(await fromFile.stop(), 0);
  for (const args of [['--port', String(flagPort), '--config', conf], ['--config', conf, '--port', String(flagPort)]]) {
    const flag = await serve(t, [...args, '--db', db]);
    assert.equal(flag.port, flagPort, args.join(' '));
    assert.ok(await answers(flagPort));
    assert.equal(await answers(filePort), false, 'nothing listens on the file\'s port');
    assert.equal(await flag.stop(), 0);
  }
});

test('serve --config: an unknown key or a bad value exits 2 naming the file, the line and the key', (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'never.db');
  const conf = join(dir, 'bad.conf');
  for (const [text, message] of [
    ['port = 8081\n# colour\ncolour = red\n', `${conf}:3: unknown key 'colour'`],
    ['\nport = 80x\n', `${conf}:2: --port takes a whole number from 0 to 65535, not '80x'`],
    ['no-access-log = yes\n', `${conf}:1: no-access-log takes true or false, not 'yes'`],
  ]) {
    writeFileSync(conf, text);
    const r = spawnSync(BIN, ['serve', '--config', conf, '--db', db, '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 2, `${text}: exit ${r.status ?? r.signal}, ${r.stderr}`);
    assert.ok(r.stderr.includes(message), r.stderr);
    assert.match(r.stderr, /Usage: asamblea serve/);
  }
  const missing = cli(['serve', '--config', join(dir, 'absent.conf'), '--db', db]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*absent\.conf/);
  assert.equal(existsSync(db), false);
});

test('packaging/asamblea.conf is the binary\'s own sample: every serve option, commented out, and valid', async (t) => {
  const sample = readFileSync(join(ROOT, 'packaging/asamblea.conf'), 'utf8');
  assert.equal(sample, cli(['--sample-config']).stdout, 'regenerate it: make packaging/asamblea.conf');
  const options = serveOptions();
  assert.ok(options.length >= 18, options.join(' '));
  for (const o of options.filter((x) => x !== '--config' && x !== '--help'))
    assert.match(sample, new RegExp(`^#${o.slice(2)} =`, 'm'), o);
  assert.match(sample, /^#db = \/var\/lib\/asamblea\/asamblea\.db$/m);
  assert.match(sample, /^#web = \/usr\/share\/asamblea\/web$/m);
  assert.doesNotMatch(sample, /^[^#\n]/m, 'every setting is commented out');
  // uncommented, its values (the defaults) start a server, as the service's flags override db and web
  const dir = tempDir(t);
  const conf = join(dir, 'uncommented.conf');
  writeFileSync(conf, sample.split('\n').filter((l) => /^#[a-z-]+ = \S/.test(l)).map((l) => l.slice(1)).join('\n'));
  const srv = await serve(t, ['--config', conf, '--db', join(dir, 'x.db'), '--web', join(ROOT, 'web'), '--port', '0']);
  assert.ok(await answers(srv.port));
  assert.equal(await srv.stop(), 0);
});

test('the man page holds every command and renders without a warning', { skip: !existsSync('/usr/bin/groff') && 'no groff' }, (t) => {
  const page = join(tempDir(t), 'asamblea.1');
  writeFileSync(page, cli(['--man']).stdout);
  const text = readFileSync(page, 'utf8');
  for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'FILES', 'SIGNALS', 'ENVIRONMENT'])
    assert.match(text, new RegExp(`^\\.SH ${section}$`, 'm'));
  for (const command of listedCommands()) assert.ok(text.includes(`.SS "asamblea ${command.replaceAll('-', '\\-')}`), command);
  assert.ok(text.includes('/etc/asamblea/asamblea.conf'));
  const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', page], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
});
