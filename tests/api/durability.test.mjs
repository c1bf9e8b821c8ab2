// Durability under SIGKILL: many clients register and check in while the server is killed with
// SIGKILL in the middle of the flood, several rounds; after each restart every acknowledged write
// (every 201 and 200 a client saw) is there, the database passes integrity_check, and the
// published memoria is unchanged byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login, until } from '../lib/server.mjs';

const ROUNDS = Number(process.env.DURABILITY_ROUNDS || 3);
const CLIENTS = 24;

test(`every acknowledged write survives SIGKILL (${ROUNDS} rounds)`, { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-kill-'));
  const db = join(dir, 'kill.db');
  const acknowledged = { registrations: new Map(), checkins: new Set() };
  let memoria = null, seq = 0, attempted = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const srv = await startServer({ db });
      const token = await login(srv.url);
      const pdf = Buffer.from(await (await fetch(srv.url + '/api/v1/editions/latacunga-2024/proceedings.pdf')).arrayBuffer());
      if (memoria) assert.deepEqual(pdf, memoria, 'the published memoria is unchanged');
      memoria = pdf;
      // everything acknowledged in earlier rounds is still there
      for (const [code, checkedIn] of acknowledged.registrations) {
        const r = await api(srv.url, 'GET', `/api/v1/registrations/${code}`, { token });
        assert.equal(r.status, 200, `registration ${code} acknowledged before a kill`);
        if (checkedIn) assert.ok(r.body.checked_in_at, `check-in of ${code} acknowledged before a kill`);
      }
      let stop = false;
      const client = async (c) => {
        while (!stop) {
          const n = ++seq;
          attempted++;
          try {
            const r = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', {
              body: { full_name: `Persona ${n}`, email: `p${n}@kill.ec`, organization: 'GAD', attendee_type: 'official', consent: true },
            });
            if (r.status !== 201) continue;
            acknowledged.registrations.set(r.body.code, false);
            if (n % 2 === 0 && r.body.status === 'confirmed') {
              const s = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/checkins', { token, body: { code: r.body.code, client_id: `k${n}`, device: `c${c}` } });
              if (s.status === 200) acknowledged.registrations.set(r.body.code, true);
            }
          } catch { /* the server died under us: that request was not acknowledged */ }
        }
      };
      const before = acknowledged.registrations.size;
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      // killed in the middle of the flood: once this round has seen 20 (40, 60…) sign-ups acknowledged
      await until(`${20 * round} sign-ups acknowledged in round ${round}`, () => acknowledged.registrations.size >= before + 20 * round);
      srv.child.kill('SIGKILL');
      stop = true;
      await Promise.all(clients);
      await new Promise((r) => srv.child.exitCode !== null || srv.child.signalCode ? r() : srv.child.once('exit', r));
      const check = execFileSync('sqlite3', [db, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim();
      assert.equal(check, 'ok', `integrity_check after round ${round}`);
    }
    const srv = await startServer({ db });
    try {
      const token = await login(srv.url);
      for (const [code, checkedIn] of acknowledged.registrations) {
        const r = await api(srv.url, 'GET', `/api/v1/registrations/${code}`, { token });
        assert.equal(r.status, 200, code);
        if (checkedIn) assert.ok(r.body.checked_in_at, code);
      }
      const stats = await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/stats', { token });
      assert.ok(stats.body.confirmed <= 400, 'capacity held across kills');
      const ackCheckins = [...acknowledged.registrations.values()].filter(Boolean).length;
      console.log(`durability: ${ROUNDS} SIGKILL rounds, ${attempted} writes attempted, ${acknowledged.registrations.size} registrations and ${ackCheckins} check-ins acknowledged, all found`);
      assert.ok(acknowledged.registrations.size > ROUNDS * 10, 'the flood really wrote');
    } finally {
      await srv.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
