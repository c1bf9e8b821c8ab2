// routes-doc.test.mjs — docs/api.md's route index and server/http_routes.c's route table agree: every
// route the server answers is documented with its method and least role, and the index names no
// route the server lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const ROLE = { PUBLIC: 'none', ROLE_STAFF: 'staff', ROLE_ORGANIZER: 'organizer', ROLE_ADMIN: 'admin' };

/** The routes of the C table, as "METHOD path role". */
function table() {
  const src = readFileSync(new URL('server/http_routes.c', root), 'utf8');
  return [...src.matchAll(/\{M_(\w+), "([^"]+)", \w+, (\w+),/g)].map(([, m, p, r]) => `${m} ${p} ${ROLE[r] ?? r}`);
}

/** The rows of the index in docs/api.md, as "METHOD path role". */
function documented() {
  const doc = readFileSync(new URL('docs/api.md', root), 'utf8');
  const index = doc.slice(doc.indexOf('## Route index'));
  return [...index.matchAll(/^\| (\w+) \| `([^`]+)` \| (\w+) \|$/gm)].map(([, m, p, r]) => `${m} ${p} ${r}`);
}

test('every route of http_routes.c is in the index of docs/api.md with its role, and nothing else is', () => {
  const routes = table();
  const rows = documented();
  assert.ok(routes.length > 50, `the route table was read (${routes.length})`);
  assert.deepEqual(routes.filter((r) => !rows.includes(r)), [], 'routes missing from docs/api.md');
  assert.deepEqual(rows.filter((r) => !routes.includes(r)), [], 'documented routes the server lacks');
});
