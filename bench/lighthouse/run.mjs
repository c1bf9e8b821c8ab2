// bench/lighthouse/run.mjs — `make lighthouse`: Lighthouse (npm, pinned in package.json) with
// Debian's chromium, mobile emulation and its default throttling, over the four pages people open
// on phones: home, an edition's page, the registration form and the door scanner (signed in as
// staff, camera off). The server is build/asamblea on a fresh database seeded like `make run`.
// Each page is measured RUNS times (median score); the table goes into bench/RESULTS.md between
// the "lighthouse" markers and to stdout. Not part of `make test`: scores depend on the machine.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, api, ADMIN, ROOT } from '../../tests/lib/server.mjs';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS || 3);
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const PAGES = [
  { name: 'Home', path: '/', target: 95, bytes: 60 },
  { name: 'Edition page', path: '/e/pastaza-2025', target: 95, bytes: 60 },
  { name: 'Registration', path: '/e/pastaza-2025/inscripcion', target: 95, bytes: 60 },
  { name: 'Door scanner (camera off)', path: '/checkin', target: 95, bytes: 150, staff: true },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const srv = await startServer({ sample: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const rows = [];
try {
  const session = await fetch(`${srv.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  const cookie = session.headers.get('set-cookie').split(';')[0];
  for (const page of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(srv.url + page.path, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'],
        extraHeaders: page.staff ? { Cookie: cookie } : undefined,
      });
      const lhr = result.lhr;
      const a = lhr.audits;
      runs.push({
        score: Math.round(lhr.categories.performance.score * 100),
        fcp: a['first-contentful-paint'].numericValue, lcp: a['largest-contentful-paint'].numericValue,
        tbt: a['total-blocking-time'].numericValue, cls: a['cumulative-layout-shift'].numericValue,
        kib: a['total-byte-weight'].numericValue / 1024,
        requests: a['network-requests'].details?.items?.length ?? 0,
      });
    }
    const pick = (k) => median(runs.map((r) => r[k]));
    const row = { ...page, score: pick('score'), fcp: pick('fcp'), lcp: pick('lcp'), tbt: pick('tbt'), cls: pick('cls'),
      kib: pick('kib'), requests: pick('requests'), scores: runs.map((r) => r.score) };
    rows.push(row);
    console.log(`lighthouse: ${page.name}: ${row.score} (runs ${row.scores.join(', ')}), LCP ${(row.lcp / 1000).toFixed(1)} s, TBT ${row.tbt.toFixed(0)} ms, CLS ${row.cls.toFixed(3)}, ${row.kib.toFixed(0)} KiB in ${row.requests} requests`);
  }
} finally {
  await chrome.kill();
  await srv.stop();
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const version = JSON.parse(readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url))).version;
const met = (r) => r.score >= r.target && r.kib <= r.bytes && r.cls <= 0.05;
const table = [
  '<!-- lighthouse: written by make lighthouse (bench/lighthouse/run.mjs) -->',
  '## Pages on a phone (Lighthouse)',
  '',
  `Lighthouse ${version}, Debian's chromium, mobile emulation with its default throttling (simulated slow 4G, 4× CPU),`,
  `performance category only; median of ${RUNS} runs per page; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}.`,
  'Transferred bytes are as sent by the service itself (compressed; Lighthouse over plain HTTP, where chromium asks for gzip).',
  '',
  '| page | score | runs | LCP | TBT | CLS | transferred | requests | target | met? |',
  '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ...rows.map((r) => `| ${r.name} (${r.path}) | ${r.score} | ${r.scores.join(', ')} | ${(r.lcp / 1000).toFixed(1)} s | ${r.tbt.toFixed(0)} ms | ${r.cls.toFixed(3)} | ${r.kib.toFixed(0)} KiB | ${r.requests} | ≥ ${r.target}, ≤ ${r.bytes} KiB, CLS ≤ 0.05 | ${met(r) ? 'yes' : 'no'} |`),
  '<!-- /lighthouse -->',
].join('\n');
let text = readFileSync(RESULTS, 'utf8');
const block = /<!-- lighthouse:[\s\S]*?<!-- \/lighthouse -->/;
text = block.test(text) ? text.replace(block, table) : `${text.trimEnd()}\n\n${table}\n`;
writeFileSync(RESULTS, text);
process.exit(rows.every(met) ? 0 : 1);
