// Upgrades: the server of this release starts on a copy of a database made by an earlier one
// (tests/fixtures/upgrade-<version>.db with its key file, made by tools/make-upgrade-fixture.mjs),
// applies the migrations it lacks and serves the data it held: the accounts, the registrations
// by their codes, the check-in, the cancellation, the queued e-mails and the published memoria.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, api, login, startServer } from '../lib/server.mjs';

const fixtures = readdirSync(join(ROOT, 'tests', 'fixtures')).filter((f) => /^upgrade-.*\.db$/.test(f));
const migrations = readdirSync(join(ROOT, 'sql')).filter((f) => /^\d+_.*\.sql$/.test(f)).length;
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

test('there is an upgrade fixture', () => assert.ok(fixtures.length >= 1));

for (const fixture of fixtures) {
  test(`a database of ${fixture} migrates on start with its data`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asamblea-upgrade-'));
    const db = join(dir, 'asamblea.db');
    copyFileSync(join(ROOT, 'tests', 'fixtures', fixture), db);
    copyFileSync(join(ROOT, 'tests', 'fixtures', `${fixture}.key`), `${db}.key`);
    const codes = sql(db, 'SELECT code FROM registrations ORDER BY id').split('\n');
    const before = sql(db, "SELECT (SELECT count(*) FROM registrations) || ',' || (SELECT count(*) FROM checkins)"
      + " || ',' || (SELECT count(*) FROM outbox) || ',' || (SELECT count(*) FROM proceedings_versions)");
    const srv = await startServer({ db });
    try {
      assert.equal(Number(sql(db, 'SELECT count(*) FROM schema_migrations')), migrations);
      assert.equal(sql(db, "SELECT (SELECT count(*) FROM registrations) || ',' || (SELECT count(*) FROM checkins)"
        + " || ',' || (SELECT count(*) FROM outbox) || ',' || (SELECT count(*) FROM proceedings_versions)"), before);
      const token = await login(srv.url); // the admin of the fixture, with its password
      const first = await api(srv.url, 'GET', `/api/v1/registrations/${codes[0]}`, { token });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.full_name, 'Rosa Tupiza Ñauñay');
      assert.equal(first.body.status, 'confirmed');
      const last = await api(srv.url, 'GET', `/api/v1/registrations/${codes[codes.length - 1]}`, { token });
      assert.equal(last.body.status, 'cancelled');
      const feed = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/checkins?since=0', { token });
      assert.deepEqual(feed.body.items.map((i) => i.code), [codes[0]]);
      const outbox = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/outbox', { token });
      assert.equal(outbox.status, 200);
      assert.ok(outbox.body.items.length >= codes.length, outbox.text);
      const memoria = await fetch(`${srv.url}/api/v1/editions/latacunga-2024/proceedings.pdf`);
      assert.equal(memoria.status, 200);
      // published before translations were stored: English is rendered on request from what it published
      const english = await fetch(`${srv.url}/api/v1/editions/latacunga-2024/proceedings.pdf?lang=en`);
      assert.equal(english.status, 200);
      assert.equal(english.headers.get('etag'), null);
      assert.equal(english.headers.get('content-type'), 'application/pdf');
      const versions = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings/versions');
      assert.deepEqual(versions.body.items.at(-1).translations, []);
    } finally {
      await srv.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
