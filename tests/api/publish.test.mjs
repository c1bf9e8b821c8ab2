// Publishing the memoria is one snapshot: while other clients keep editing the proceedings items
// and the credits, every published version's stored content JSON and the text of its PDF say the
// same thing (the same revision of every item and credit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, login } from '../lib/server.mjs';

const SLUG = 'pastaza-2025';
const PUBLISHES = 25;
const MARK = /marca([A-Z])(\d+)/g;

let srv, admin, work;
before(async () => {
  srv = await startServer();
  admin = await login(srv.url);
  work = mkdtempSync(join(tmpdir(), 'asamblea-publish-'));
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

/** The marks ("marcaA17": item A at revision 17) a text contains, as a sorted list of "A17". */
const marksOf = (text) => [...new Set([...text.matchAll(MARK)].map((m) => m[1] + m[2]))].sort();

function pdfText(bytes, name) {
  const file = join(work, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Every stored version of the edition: [{version, content}] read straight from the database. */
function storedVersions() {
  const sql = `SELECT version, content FROM proceedings_versions WHERE edition_id = (SELECT id FROM editions WHERE slug = '${SLUG}') ORDER BY version`;
  return JSON.parse(execFileSync('sqlite3', ['-json', srv.db, sql], { encoding: 'utf8' }) || '[]');
}

test('every published version: its content JSON and its PDF show the same revision of everything', { timeout: 120_000 }, async () => {
  const items = [];
  for (const letter of ['A', 'B', 'C']) {
    const r = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/proceedings/items`, { token: admin, body: { kind: 'conclusion', title: `Conclusión marca${letter}0`, body: `Texto marca${letter}0.` } });
    assert.equal(r.status, 201, r.text);
    items.push({ letter, id: r.body.id });
  }
  const credits = (rev) => ({ credits: [{ name: `Persona marcaZ${rev}`, role_title: 'Edición' }] });
  assert.equal((await api(srv.url, 'PUT', `/api/v1/editions/${SLUG}/credits`, { token: admin, body: credits(0) })).status, 200);
  let editing = true, edits = 0;
  const editItem = async ({ letter, id }) => {
    for (let rev = 1; editing; rev++) {
      const r = await api(srv.url, 'PATCH', `/api/v1/proceedings/items/${id}`, { token: admin, body: { title: `Conclusión marca${letter}${rev}`, body: `Texto marca${letter}${rev}.` } });
      assert.equal(r.status, 200, r.text);
      edits++;
    }
  };
  const editCredits = async () => {
    for (let rev = 1; editing; rev++) {
      const r = await api(srv.url, 'PUT', `/api/v1/editions/${SLUG}/credits`, { token: admin, body: credits(rev) });
      assert.equal(r.status, 200, r.text);
      edits++;
    }
  };
  const editors = [...items.map(editItem), editCredits()];
  let published = 0;
  const took = [];
  try {
    for (let i = 0; i < PUBLISHES; i++) {
      const t0 = performance.now();
      const r = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/proceedings/publish`, { token: admin });
      took.push(performance.now() - t0);
      assert.equal(r.status, 201, r.text);
      published++;
    }
  } finally {
    editing = false;
    await Promise.all(editors);
  }
  const versions = storedVersions();
  assert.equal(versions.length, published);
  const mismatches = [];
  for (const { version, content } of versions) {
    const pdf = await fetch(`${srv.url}/api/v1/editions/${SLUG}/proceedings.pdf?version=${version}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(pdf.status, 200);
    const inPdf = marksOf(pdfText(Buffer.from(await pdf.arrayBuffer()), `v${version}.pdf`));
    const inJson = marksOf(content);
    assert.equal(inJson.length, 4, `version ${version}: three items and one credit in the JSON`);
    if (inPdf.join() !== inJson.join()) mismatches.push(`version ${version}: PDF ${inPdf} / JSON ${inJson}`);
  }
  took.sort((a, b) => a - b);
  console.log(`publish: ${published} versions published during ${edits} edits (median publish ${took[took.length >> 1].toFixed(1)} ms), ${mismatches.length} whose PDF and JSON differ`);
  assert.deepEqual(mismatches, [], 'the PDF and the stored JSON of a version say the same thing');
});
