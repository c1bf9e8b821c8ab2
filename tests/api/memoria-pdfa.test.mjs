// The memoria as an archival, accessible document: the seeded Latacunga memoria is PDF/A-2u
// (1.7 header, XMP with pdfaid and the same title as Info, sRGB output intent, embedded fonts
// with ToUnicode, trailer ID) and tagged (structure tree in reading order with H1/H2 headings,
// paragraphs, lists, figures with alternative text, contents linked in the structure; running
// headers and footers as pagination artifacts). veraPDF is not in Debian: docs/pdf.md lists the
// PDF/A-2 and PDF/UA-1 rules these checks stand for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';

let srv, work, file, objects, catalog;
const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

before(async () => {
  srv = await startServer();
  work = mkdtempSync(join(tmpdir(), 'asamblea-pdfa-'));
  const r = await fetch(srv.url + '/api/v1/editions/latacunga-2024/proceedings.pdf');
  assert.equal(r.status, 200);
  file = join(work, 'memoria.pdf');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  objects = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', '--json-stream-data=none', file])).qpdf[1];
  catalog = value(objects.trailer.value['/Root']);
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

/** The value of an object given by reference ("12 0 R"), or the value itself. */
function value(v) {
  if (typeof v === 'string' && / R$/.test(v)) {
    const o = objects['obj:' + v];
    return o.value ?? o.stream.dict;
  }
  return v;
}
const pages = () => Object.values(objects).map((o) => o.value).filter((v) => v && v['/Type'] === '/Page');

/**
 * What a content stream draws outside any marked-content sequence. Sequences nest (a hyphenated
 * word's ActualText span inside its paragraph's MCID sequence), so depth is counted.
 */
function outsideMarkedContent(stream) {
  let depth = 0;
  let out = '';
  let from = 0;
  // a property list may hold a hex string (<FEFF…>, an ActualText), hence (<[^<>]*>|[^<>])*
  for (const m of stream.matchAll(/\/\w+ (<<(<[^<>]*>|[^<>])*>> )?(BDC|BMC)\b|\bEMC\b/g)) {
    if (depth === 0) out += stream.slice(from, m.index);
    depth += m[0] === 'EMC' ? -1 : 1;
    assert.ok(depth >= 0, 'EMC without its BDC/BMC');
    from = m.index + m[0].length;
  }
  return out + stream.slice(from);
}

/** The structure elements depth first, in reading order: [{type, alt, depth, kids}]. */
function structure() {
  const out = [];
  const walk = (ref, depth) => {
    const e = value(ref);
    if (!e || e['/Type'] !== '/StructElem') return;
    out.push({ type: e['/S'].slice(1), alt: e['/Alt'], depth, dict: e });
    for (const k of [].concat(e['/K'] ?? [])) if (typeof k === 'string') walk(k, depth + 1);
  };
  walk(value(catalog['/StructTreeRoot'])['/K'], 0);
  return out;
}

test('PDF/A-2u identification: header 1.7, XMP with pdfaid part 2 conformance U and the Info title, ID', () => {
  const info = run('pdfinfo', [file]);
  assert.match(info, /^PDF version:\s+1\.7$/m);
  assert.match(info, /^Tagged:\s+yes$/m);
  assert.equal(readFileSync(file).subarray(0, 9).toString('latin1'), '%PDF-1.7\n');
  assert.ok(readFileSync(file)[10] > 127, 'binary comment line after the header');
  const xmp = run('pdfinfo', ['-meta', file]);
  execFileSync('xmllint', ['--noout', '-'], { input: xmp });
  assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(xmp, /<pdfaid:conformance>U<\/pdfaid:conformance>/);
  const title = info.match(/^Title:\s+(.*)$/m)[1];
  assert.ok(xmp.includes(`<rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>`), 'dc:title = Info Title');
  const author = info.match(/^Author:\s+(.*)$/m)[1];
  assert.ok(xmp.includes(`<dc:creator><rdf:Seq><rdf:li>${author}</rdf:li>`), 'dc:creator = Info Author');
  const iso = run('pdfinfo', ['-isodates', file]);
  for (const [key, tag] of [['CreationDate', 'xmp:CreateDate'], ['ModDate', 'xmp:ModifyDate']]) {
    const date = iso.match(new RegExp(`^${key}:\\s+(\\S+)Z$`, 'm'))[1];
    assert.ok(xmp.includes(`<${tag}>${date}+00:00</${tag}>`), `${tag} = Info ${key}`);
  }
  const meta = objects['obj:' + catalog['/Metadata']].stream.dict;
  assert.equal(meta['/Subtype'], '/XML');
  assert.equal(meta['/Filter'], undefined, 'metadata not compressed');
  const id = objects.trailer.value['/ID'];
  assert.equal(id.length, 2);
  assert.match(id[0], /^b:[0-9a-f]{32}$/);
});

test('sRGB output intent, embedded fonts with ToUnicode, printable links, no encryption, qpdf clean', () => {
  const [intent] = catalog['/OutputIntents'];
  assert.equal(intent['/S'], '/GTS_PDFA1');
  assert.equal(intent['/OutputConditionIdentifier'], 'u:sRGB IEC61966-2.1');
  const profile = objects['obj:' + intent['/DestOutputProfile']].stream.dict;
  assert.equal(profile['/N'], 3);
  assert.deepEqual(catalog['/ViewerPreferences'], { '/DisplayDocTitle': true });
  const fonts = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
  assert.ok(fonts.length >= 2);
  for (const f of fonts) assert.match(f, / yes yes yes /, `embedded, subset, ToUnicode: ${f}`);
  const annots = pages().flatMap((p) => (p['/Annots'] ?? []).map(value));
  assert.ok(annots.length > 5, 'the contents link to their pages');
  for (const a of annots) {
    assert.equal(a['/F'], 4, 'print flag');
    assert.ok(a['/Contents'], 'described');
    assert.equal(typeof a['/StructParent'], 'number');
  }
  const check = execFileSync('qpdf', ['--check', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(check, /No syntax or stream encoding errors/);
  assert.doesNotMatch(run('pdfinfo', [file]), /Encrypted:\s+yes/);
});

test('tagged: Document root, /Lang, MarkInfo, headings in order, paragraphs, lists, figures with alt text', () => {
  assert.equal(catalog['/Lang'], 'u:es-EC');
  assert.deepEqual(catalog['/MarkInfo'], { '/Marked': true });
  const elems = structure();
  assert.equal(elems[0].type, 'Document');
  const types = new Set(elems.map((e) => e.type));
  for (const t of ['H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody', 'TOC', 'TOCI', 'Link']) assert.ok(types.has(t), t);
  const levels = elems.filter((e) => /^H[1-6]$/.test(e.type)).map((e) => Number(e.type[1]));
  assert.equal(levels[0], 1);
  for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `no skipped heading level at ${i}`);
  const figures = elems.filter((e) => e.type === 'Figure');
  const images = run('pdfimages', ['-list', file]).split('\n').slice(2).filter(Boolean);
  assert.equal(figures.length, images.length, 'one Figure per image (photos: test_proceedings.c)');
  for (const line of images) assert.match(line.split(/\s+/)[6], /^(rgb|gray)$/, 'colour spaces the sRGB intent covers');
  for (const f of figures) assert.match(f.alt, /^u:Fotografía de \S/);
  for (const e of elems.filter((x) => x.type === 'LI')) {
    assert.deepEqual([].concat(e.dict['/K']).map((k) => value(k)['/S']), ['/Lbl', '/LBody']);
  }
});

test('marked content: every MCID owned through the parent tree, headers and footers are artifacts', () => {
  const nums = value(value(catalog['/StructTreeRoot'])['/ParentTree'])['/Nums'];
  const byKey = new Map();
  for (let i = 0; i < nums.length; i += 2) byKey.set(nums[i], nums[i + 1]);
  const qdf = join(work, 'memoria.qdf');
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
  const text = readFileSync(qdf, 'latin1');
  const contents = text.split(/%% Contents for page \d+\n/).slice(1);
  const ps = pages();
  assert.equal(contents.length, ps.length);
  contents.forEach((c, i) => {
    const stream = c.slice(c.indexOf('stream\n') + 7, c.indexOf('endstream'));
    const mcids = [...stream.matchAll(/<<\s*\/MCID (\d+)\s*>>\s*BDC/g)].map((m) => Number(m[1]));
    const opens = (stream.match(/\b(BDC|BMC)\b/g) ?? []).length;
    assert.equal(opens, (stream.match(/\bEMC\b/g) ?? []).length, `balanced marked content, page ${i + 1}`);
    assert.ok(mcids.length > 0, `page ${i + 1} has tagged content`);
    assert.deepEqual(mcids, mcids.map((_, k) => k), 'MCIDs 0..n-1 in order');
    const unmarked = outsideMarkedContent(stream).trim();
    assert.equal(unmarked, '', `everything on page ${i + 1} is content or artifact`);
    if (ps[i]['/Annots']) assert.equal(ps[i]['/Tabs'], '/S', 'tab order follows the structure');
    const owners = byKey.get(ps[i]['/StructParents']);
    assert.equal(owners.length, mcids.length, `parent tree covers page ${i + 1}`);
    if (i > 0) { // the cover has neither
      assert.match(stream, /\/Artifact <<\s*\/Type \/Pagination \/Subtype \/Header\s*>> BDC/, `header artifact, page ${i + 1}`);
      assert.match(stream, /\/Artifact <<\s*\/Type \/Pagination \/Subtype \/Footer\s*>> BDC/, `footer artifact, page ${i + 1}`);
    }
  });
});

test('reading order of the structure follows the text as pdftotext extracts it', () => {
  const plain = run('pdftotext', [file, '-']);
  const tagged = run('pdfinfo', ['-struct-text', file]);
  const marks = ['MEMORIA', 'Contenido', 'Diálogo 1', 'Diálogo 4', 'Recomendaciones', 'Equipo', 'DIÁLOGO 1', 'Patricio Maldonado',
    'DIÁLOGO 2', 'Vianna Maino Isaías', 'DIÁLOGO 4', 'Conclusiones', 'Recomendaciones', 'Patricio Maldonado', 'Contacto'];
  for (const t of [plain, tagged]) {
    let from = 0;
    for (const m of marks) {
      const at = t.indexOf(m, from);
      assert.ok(at >= 0, `${m} after the marks before it`);
      from = at + m.length;
    }
  }
  assert.doesNotMatch(tagged, /página \d+ de/, 'pagination is no content');
});
