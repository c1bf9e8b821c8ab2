// Data at rest: every file the binary writes is readable by its owner only (the database, its
// -wal and -shm, the key file and a backup hold the editions' signing keys, password hashes and
// attendees' data), also for a database an older version left readable by others; and the CSV
// export defuses every cell a spreadsheet would run as a formula, the phone number included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, cli } from '../lib/server.mjs';

const SLUG = 'pastaza-2025';
const mode = (file) => (statSync(file).mode & 0o777).toString(8).padStart(3, '0');

async function signUp(url, email, extra = {}, slug = SLUG) {
  const r = await api(url, 'POST', `/api/v1/editions/${slug}/registrations`, {
    body: { full_name: 'Rosa Tanguila', email, organization: 'GAD Municipal de Arajuno', attendee_type: 'official',
      consent: true, ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** The modes of the database, -wal, -shm and key file of a running server: {name: 'octal'}. */
function dataModes(db) {
  const files = { db, wal: `${db}-wal`, shm: `${db}-shm`, key: `${db}.key` };
  for (const [name, f] of Object.entries(files)) assert.ok(existsSync(f), `${name} exists while serving`);
  return Object.fromEntries(Object.entries(files).map(([name, f]) => [name, mode(f)]));
}

const PRIVATE = { db: '600', wal: '600', shm: '600', key: '600' };

test('the database, its -wal and -shm, the key file and a backup are created 0600', { timeout: 30000 }, async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  await signUp(srv.url, 'modos@arajuno.gob.ec');
  assert.deepEqual(dataModes(srv.db), PRIVATE);
  const backup = join(srv.dir, 'copia.db');
  const b = cli(['backup', '--db', srv.db, '-o', backup]);
  assert.equal(b.status, 0, b.stderr);
  assert.equal(mode(backup), '600', 'the backup');
  const pdf = join(srv.dir, 'credenciales.pdf');
  const badges = cli(['badges', '--db', srv.db, '--edition', SLUG, '-o', pdf]);
  assert.equal(badges.status, 0, badges.stderr);
  assert.equal(mode(pdf), '600', 'a badge sheet (names of attendees)');
});

test('a database left readable by others (0644, by an older version) is made 0600 at start, and so are its -wal and -shm',
  { timeout: 30000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'asamblea-modes-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'asamblea.db');
    // seeded here, not by the harness: the seeded editions have ended, the sample one takes sign-ups
    assert.equal(cli(['seed', '--sample', '--db', db]).status, 0);
    chmodSync(db, 0o644);
    const srv = await startServer({ db });
    t.after(() => srv.stop());
    await signUp(srv.url, 'antigua@arajuno.gob.ec', {}, 'ejemplo');
    assert.deepEqual(dataModes(db), PRIVATE);
  });

test('registrations.csv defuses every cell that would start a formula, the phone included, keeping it readable',
  { timeout: 30000 }, async (t) => {
    const srv = await startServer();
    t.after(() => srv.stop());
    const token = await login(srv.url);
    const reg = await signUp(srv.url, 'formula@arajuno.gob.ec',
      { phone: '+593 99 123 4567', position: '-2+3', municipality: '@SUMA(1;2)' });
    const r = await api(srv.url, 'GET', `/api/v1/editions/${SLUG}/registrations.csv`, { token });
    assert.equal(r.status, 200);
    const row = r.text.split('\r\n').find((line) => line.startsWith(reg.code));
    assert.ok(row, r.text);
    assert.ok(row.includes(`,"'+593 99 123 4567",`), `the phone is text, with its digits intact: ${row}`);
    assert.ok(row.includes(`,"'-2+3",`), row);
    assert.ok(row.includes(`,"'@SUMA(1;2)",`), row);
    for (const cell of row.split(',')) assert.doesNotMatch(cell, /^ *[=+\-@\t\r]/, `cell ${cell} starts a formula`);
  });
