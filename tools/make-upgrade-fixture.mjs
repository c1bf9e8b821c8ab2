// make-upgrade-fixture.mjs — builds tests/fixtures/upgrade-<VERSION>.db (with its key file): a
// database made by this release's binary with data in every kind of table an upgrade must carry
// (the seeded editions, an admin, sign-ups, a cancellation, a check-in, queued e-mails).
// tests/api/upgrade.test.mjs starts the server of a later release on a copy and checks that it
// migrates with the data intact. Run once per release, before the schema changes:
//   make && node tools/make-upgrade-fixture.mjs
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, api, login, startServer } from '../tests/lib/server.mjs';

const version = readFileSync(join(ROOT, 'VERSION'), 'utf8').trim();
const out = join(ROOT, 'tests', 'fixtures', `upgrade-${version}.db`);
for (const f of [out, `${out}.key`, `${out}-wal`, `${out}-shm`]) if (existsSync(f)) rmSync(f);

const srv = await startServer({ db: out });
try {
  const token = await login(srv.url);
  const people = [
    ['Rosa Tupiza Ñauñay', 'rosa@latacunga.gob.ec', 'official'],
    ['Juan Pérez Ávila', 'juan@puyo.gob.ec', 'official'],
    ['Ana Gualinga', 'ana@pastaza.gob.ec', 'official'],
  ];
  const codes = [];
  for (const [full_name, email, attendee_type] of people) {
    const r = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', {
      body: { full_name, email, organization: 'GAD Municipal', attendee_type, consent: true },
    });
    if (r.status !== 201) throw new Error(`sign-up: ${r.status} ${r.text}`);
    codes.push(r.body.code);
  }
  const scan = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/checkins', { token, body: { code: codes[0] } });
  if (scan.status >= 300) throw new Error(`check-in: ${scan.status} ${scan.text}`);
  const cancel = await api(srv.url, 'DELETE', `/api/v1/registrations/${codes[2]}`, { token });
  if (cancel.status >= 300) throw new Error(`cancel: ${cancel.status} ${cancel.text}`);
  console.log(`${out}: registrations ${codes.join(' ')} (first checked in, last cancelled)`);
} finally {
  await srv.stop();
}
