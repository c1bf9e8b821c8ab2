// The Debian package (`make deb`, tools/build-deb.sh): what it holds and declares (the man page
// and the configuration file, a conffile, among it), lintian finds no error in it and misses no
// man page, systemd accepts its units, the binary it installs serves its own pages with the
// service's command line, and its backup script keeps the newest backups with their key files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/server.mjs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...opts });
const version = readFileSync(join(ROOT, 'VERSION'), 'utf8').trim();
const arch = run('dpkg', ['--print-architecture']).stdout.trim();
const deb = join(ROOT, 'build', `asamblea_${version}_${arch}.deb`);

const made = run('make', ['-s', 'deb']);
assert.equal(made.status, 0, `make deb: ${made.stderr}`);
const root = mkdtempSync(join(tmpdir(), 'asamblea-deb-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
assert.equal(run('dpkg-deb', ['-x', deb, root]).status, 0);

test('the package holds the binary, the pages, the units, the backup script and the copyright', () => {
  const files = run('dpkg-deb', ['-c', deb]).stdout;
  for (const f of ['./usr/bin/asamblea', './usr/share/asamblea/web/index.html', './usr/share/asamblea/web/js/',
    './lib/systemd/system/asamblea.service', './lib/systemd/system/asamblea-backup.service',
    './lib/systemd/system/asamblea-backup.timer', './usr/lib/asamblea/backup',
    './usr/share/doc/asamblea/copyright', './usr/share/doc/asamblea/changelog.gz',
    './usr/share/doc/asamblea/examples/nginx-asamblea.conf', './usr/share/man/man1/asamblea.1.gz',
    './etc/asamblea/asamblea.conf']) {
    assert.ok(files.includes(f), `${f} missing from the package`);
  }
  assert.doesNotMatch(files, /node_modules|package(-lock)?\.json/);
  assert.match(files, /root\/root\s+\d+ .* \.\/usr\/bin\/asamblea/);
});

test('the configuration file is a conffile, the sample of packaging/, and the man page is the binary\'s own', () => {
  const control = mkdtempSync(join(tmpdir(), 'asamblea-deb-control-'));
  try {
    assert.equal(run('dpkg-deb', ['-e', deb, control]).status, 0);
    assert.equal(readFileSync(join(control, 'conffiles'), 'utf8'), '/etc/asamblea/asamblea.conf\n');
  } finally {
    rmSync(control, { recursive: true, force: true });
  }
  assert.equal(readFileSync(join(root, 'etc/asamblea/asamblea.conf'), 'utf8'), readFileSync(join(ROOT, 'packaging/asamblea.conf'), 'utf8'));
  const page = run('sh', ['-c', `gzip -dc '${join(root, 'usr/share/man/man1/asamblea.1.gz')}'`]).stdout;
  assert.equal(page, run(join(root, 'usr/bin/asamblea'), ['--man']).stdout);
  assert.match(page, /^\.TH ASAMBLEA 1 /);
});

test('runtime dependencies only, by their Debian names: no compiler, browser or test tool', () => {
  const depends = run('dpkg-deb', ['-f', deb, 'Depends']).stdout;
  for (const lib of ['libmicrohttpd12', 'libsqlite3-0', 'libcjson1', 'libqrencode4', 'libhpdf-2.3.0', 'libsodium23',
    'libcrack2', 'libhyphen0', 'hyphen-es', 'cracklib-runtime', 'fonts-lato', 'fonts-nanum', 'fonts-ipafont-gothic', 'icc-profiles-free', 'tzdata']) assert.match(depends, new RegExp(`(^|, )${lib}\\b`));
  assert.doesNotMatch(depends, /gcc|clang|build-essential|-dev\b|chromium|nodejs|npm|valgrind|cmocka|zbar|poppler|qpdf|faketime|fiu/);
});

test('lintian reports no error', { skip: !run('sh', ['-c', 'command -v lintian']).stdout && 'no lintian' }, () => {
  const r = run('lintian', [deb]);
  assert.doesNotMatch(r.stdout + r.stderr, /^E: /m, r.stdout);
  assert.doesNotMatch(r.stdout, /no-manual-page|manpage|groff-message/, r.stdout);
});

test('systemd-analyze verify accepts the units; the service is sandboxed as documented', {
  skip: !run('sh', ['-c', 'command -v systemd-analyze']).stdout && 'no systemd-analyze',
}, () => {
  const units = join(root, 'lib/systemd/system');
  cpSync('/lib/systemd/system', units, { recursive: true, force: false }); // the targets they name
  const ours = ['asamblea.service', 'asamblea-backup.service', 'asamblea-backup.timer'].map((u) => join(units, u));
  const r = run('systemd-analyze', ['verify', '--man=no', `--root=${root}`, ...ours]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const service = readFileSync(join(units, 'asamblea.service'), 'utf8');
  for (const line of ['DynamicUser=yes', 'StateDirectory=asamblea', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
    'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=\n', 'RestrictAddressFamilies=',
    'ExecStart=/usr/bin/asamblea serve --config /etc/asamblea/asamblea.conf --db /var/lib/asamblea/asamblea.db --web /usr/share/asamblea/web'])
    assert.ok(service.includes(line), line);
  const score = run('systemd-analyze', ['security', '--offline=yes', `--root=${root}`, ours[0]]);
  const level = Number(/Overall exposure level for asamblea\.service: ([\d.]+)/.exec(score.stdout)?.[1]);
  assert.ok(level <= 2, `exposure ${level}`);
});

test('the installed binary serves the installed pages with the service\'s command line and stops cleanly on SIGTERM', async () => {
  const bin = join(root, 'usr/bin/asamblea');
  const db = join(root, 'var.db');
  const child = spawn(bin, ['serve', '--config', join(root, 'etc/asamblea/asamblea.conf'), '--db', db, '--port', '0',
    '--web', join(root, 'usr/share/asamblea/web')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => { log += c; const m = /listening on http:\/\/[^:]+:(\d+)/.exec(log); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${log}`)));
  });
  const page = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html lang="es"/);
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('the backup script keeps the newest N database copies with their key files, owner-only', () => {
  const state = join(root, 'state');
  const db = join(state, 'asamblea.db');
  const bin = join(root, 'usr/bin/asamblea');
  assert.equal(run(bin, ['seed', '--db', db], { cwd: root }).status, 0);
  const dir = join(state, 'backups');
  const env = { ...process.env, ASAMBLEA_BIN: bin, ASAMBLEA_DB: db, ASAMBLEA_BACKUP_DIR: dir, ASAMBLEA_BACKUP_KEEP: '2' };
  for (let i = 0; i < 3; i++) {
    const r = run(join(root, 'usr/lib/asamblea/backup'), [], { env });
    assert.equal(r.status, 0, r.stderr);
  }
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 4, files.join(' '));
  assert.deepEqual(files.map((f) => f.replace(/\d{8}T\d+Z/, 'T')).sort(),
    ['asamblea-T.db', 'asamblea-T.db', 'asamblea-T.db.key', 'asamblea-T.db.key'].sort());
  for (const f of files) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  assert.deepEqual(readFileSync(join(dir, files.find((f) => f.endsWith('.key')))), readFileSync(`${db}.key`));
  const editions = run('sqlite3', [join(dir, files[0]), 'SELECT count(*) FROM editions']).stdout.trim();
  assert.ok(Number(editions) >= 2);
  const refused = run(join(root, 'usr/lib/asamblea/backup'), [], { env: { ...env, ASAMBLEA_BACKUP_KEEP: '0' } });
  assert.equal(refused.status, 2);
  assert.ok(existsSync(dir));
});
