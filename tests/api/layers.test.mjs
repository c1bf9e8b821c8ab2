// layers.test.mjs — the layers stay layers: no database file (server/db*.c, db*.h) reaches the
// HTTP layer (http.h, microhttpd.h) through its includes, directly or through other headers,
// and pdf/ and badges/ never include server/ headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const includes = (text) => [...text.matchAll(/^#include\s+[<"]([^>"]+)[>"]/gm)].map((m) => m[1]);

/** Every header file reaches through its includes, by name, from a file of folder dir. */
function reached(dir, file) {
  const seen = new Set();
  const walk = (text) => {
    for (const name of includes(text)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const local = [`${dir}/${name}`, `server/${name}`, name].find((p) => existsSync(new URL(p, root)));
      if (local) walk(read(local));
    }
  };
  walk(read(`${dir}/${file}`));
  return seen;
}

test('no db_* file reaches http.h or microhttpd.h', () => {
  const files = readdirSync(new URL('server/', root)).filter((f) => /^db(_\w+)?\.[ch]$/.test(f));
  assert.ok(files.length > 20, 'the database files were found');
  const leaks = files.filter((f) => {
    const r = reached('server', f);
    return r.has('http.h') || r.has('microhttpd.h');
  });
  assert.deepEqual(leaks, []);
});

test('pdf/ and badges/ include nothing of server/', () => {
  const server = new Set(readdirSync(new URL('server/', root)).filter((f) => f.endsWith('.h')));
  for (const dir of ['pdf', 'badges']) {
    for (const f of readdirSync(new URL(`${dir}/`, root)).filter((n) => /\.[ch]$/.test(n))) {
      const own = new Set(readdirSync(new URL(`${dir}/`, root)));
      const wrong = includes(read(`${dir}/${f}`)).filter((n) => server.has(n) && !own.has(n) && !n.includes('/'));
      assert.deepEqual(wrong, [], `${dir}/${f}`);
    }
  }
});
