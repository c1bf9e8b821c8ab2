// Black-box test of how the memoria's justified text is set: measured on the seeded Latacunga
// memoria with poppler's word boxes (`pdftotext -bbox-layout`), no justified body line has a gap
// between words wider than twice a normal one unless the next line starts with a word that may not
// be hyphenated (a capital, a digit or mark, fewer than five letters), so no hyphenation could have
// filled it; words are hyphenated; and every hyphenated word reads whole in pdftotext's output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';

let srv, work, pdf;
before(async () => {
  srv = await startServer();
  work = mkdtempSync(join(tmpdir(), 'asamblea-hyph-'));
  const r = await fetch(srv.url + '/api/v1/editions/latacunga-2024/proceedings.pdf');
  assert.equal(r.status, 200);
  pdf = join(work, 'memoria.pdf');
  writeFileSync(pdf, Buffer.from(await r.arrayBuffer()));
});
after(async () => { rmSync(work, { recursive: true, force: true }); await srv?.stop(); });

const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The lines of every page, in order, each with its right edge and its words' boxes. */
function pageLines() {
  const html = run('pdftotext', ['-bbox-layout', pdf, '-']);
  const lines = [];
  for (const m of html.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([\s\S]*?)<\/line>/g)) {
    const words = [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((w) => ({ x0: +w[1], x1: +w[3], height: +(+w[4] - +w[2]).toFixed(1), text: unescape(w[5]) }));
    if (words.length) lines.push({ right: +m[2], words });
  }
  return lines;
}

/** The hyphenation rule of pdf/hyphenate.h: lowercase letters only once punctuation is set aside, five or more. */
const mayHyphenate = (word) => /^[a-zß-öø-ÿ]{5,}$/u.test(word.replace(/^[("'«¿¡“‘]+/u, '').replace(/[.,;:!?)"'»”’…]+$/u, ''));

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };
const gaps = (words) => words.slice(1).map((w, i) => w.x0 - words[i].x1);

test('no justified line of the memoria has a gap above twice a normal one where a hyphenation could fill it', () => {
  const lines = pageLines();
  // body text: the most common word height; its ragged lines (paragraph ends) give the normal gap
  const heights = new Map();
  for (const l of lines) for (const w of l.words) heights.set(w.height, (heights.get(w.height) || 0) + 1);
  const body = [...heights.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const bodyLines = lines.filter((l) => l.words.every((w) => w.height === body));
  const margin = Math.max(...bodyLines.map((l) => l.right));
  const ragged = bodyLines.filter((l) => l.right < margin - 20 && l.words.length > 1);
  const normal = median(ragged.flatMap((l) => gaps(l.words)));
  assert.ok(normal > 1 && normal < 6, `normal gap ${normal}`);
  const justified = lines.map((l, i) => ({ l, next: lines[i + 1] }))
    .filter(({ l }) => bodyLines.includes(l) && Math.abs(l.right - margin) < 0.5 && l.words.length > 1);
  assert.ok(justified.length > 100, `${justified.length} justified lines`);
  const wide = justified.filter(({ l }) => Math.max(...gaps(l.words)) > 2 * normal);
  const fillable = wide.filter(({ next }) => next && mayHyphenate(next.words[0].text));
  assert.deepEqual(fillable.map(({ l }) => l.words.map((w) => w.text).join(' ')), []);
  assert.ok(wide.length <= 3, `${wide.length} wide lines, each before a word that may not be split`);
});

test('hyphenated words of the memoria read whole in pdftotext, in every mode', () => {
  // the words split across lines, from the ActualText of their first piece
  const qdf = join(work, 'qdf.pdf');
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  const split = [...readFileSync(qdf, 'latin1').matchAll(/\/ActualText <FEFF([0-9A-F]+)>/gi)]
    .map((m) => Buffer.from(m[1], 'hex').swap16().toString('utf16le'));
  assert.ok(split.length >= 10, `${split.length} hyphenated words`);
  for (const word of split) assert.ok(mayHyphenate(word), `${word} may not be hyphenated`);
  for (const mode of ['-raw', '-layout']) {
    const text = run('pdftotext', [mode, pdf, '-']);
    const tokens = new Set(text.split(/\s+/));
    for (const word of split) assert.ok(tokens.has(word), `${mode}: "${word}" is not whole`);
    const cut = text.split('\n').filter((line) => /\p{L}-\s*$/u.test(line));
    assert.deepEqual(cut, [], `${mode}: lines ending in a hyphen`);
  }
});
