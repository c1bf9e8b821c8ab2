// modules.test.mjs — the shared browser modules, run inside the real page (so under the
// server's CSP): richtext.js builds <p>/<ul>/<strong> and never markup from the text,
// format.js writes Spanish dates and clock times as the API's offsets give them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';

let server;
let browser;
let page;
let context;
before(async () => {
  server = await startServer({ seed: false });
  browser = await launch();
  ({ page, context } = await openPage(browser));
  await page.goto(server.url + '/login');
});
after(async () => {
  await context?.close();
  await close(browser);
  await server?.stop();
});

test('richtext: paragraphs, bullet lists and bold, built as DOM', async () => {
  const html = await page.evaluate(async () => {
    const { richtext } = await import('/js/richtext.js');
    // Serialises elements as <tag>…</tag> and text as is (no attributes are expected).
    const show = (n) => (n.nodeType === Node.TEXT_NODE ? n.data
      : `<${n.localName}>${Array.from(n.childNodes).map(show).join('')}</${n.localName}>`);
    const frag = richtext('El **GADM Nabón** destacó:\n\n- Asistencia técnica CAF\n- Donación **ambulancia**\nSigue el texto\ncon salto.\n\nÚltimo párrafo **sin cierre');
    return Array.from(frag.childNodes).map(show).join('');
  });
  assert.equal(html,
    '<p>El <strong>GADM Nabón</strong> destacó:</p>'
    + '<ul><li>Asistencia técnica CAF</li><li>Donación <strong>ambulancia</strong></li></ul>'
    + '<p>Sigue el texto con salto.</p>'
    + '<p>Último párrafo **sin cierre</p>');
});

test('richtext and dom never turn text into markup', async () => {
  const result = await page.evaluate(async () => {
    const { richtext } = await import('/js/richtext.js');
    const { h } = await import('/js/dom.js');
    window.__pwned = false;
    const evil = '<img src=x onerror="window.__pwned=true"> **<b>x</b>**\n- <script>window.__pwned=true</script>';
    const div = h('div', { title: '"><img src=x onerror=alert(1)>' }, richtext(evil), h('span', {}, '<i>nada</i>'));
    document.body.append(div);
    // a control image that fails the same way, created after: once its error has fired, an injected one's has too
    await new Promise((resolve) => { const control = new Image(); control.onerror = resolve; control.src = 'x'; });
    const out = { pwned: window.__pwned, imgs: div.querySelectorAll('img, script, b, i').length, text: div.textContent };
    div.remove();
    return out;
  });
  assert.equal(result.pwned, false);
  assert.equal(result.imgs, 0);
  assert.match(result.text, /<img src=x onerror=/);
  assert.match(result.text, /<i>nada<\/i>/);
});

test('format: byDay groups sessions by the local day of their start, in time order', async () => {
  const out = await page.evaluate(async () => {
    const { byDay } = await import('/js/format.js');
    const sessions = [
      { id: 3, starts_at: '2024-11-26T09:00:00-05:00' },
      { id: 2, starts_at: '2024-11-26T02:30:00Z' }, // 21:30 on the 25th in Guayaquil
      { id: 1, starts_at: '2024-11-25T09:00:00-05:00' },
      { id: 4, starts_at: '2024-11-25T09:00:00-05:00' },
    ];
    return [...byDay(sessions, 'America/Guayaquil')].map(([day, list]) => [day, list.map((s) => s.id)]);
  });
  assert.deepEqual(out, [['2024-11-25', [1, 4, 2]], ['2024-11-26', [3]]]);
});

test('format: Spanish date ranges and clock times in the instant\'s own offset', async () => {
  const out = await page.evaluate(async () => {
    const f = await import('/js/format.js');
    return [
      f.formatDateRange('2025-11-20', '2025-11-21'),
      f.formatDateRange('2024-11-25', '2024-11-26'),
      f.formatDateRange('2025-11-30', '2025-12-02'),
      f.formatDateRange('2025-12-31', '2026-01-02'),
      f.formatDateRange('2025-11-20', '2025-11-20'),
      f.formatDay('2024-11-25'),
      f.formatTimeRange('2024-11-25T09:30:00-05:00', '2024-11-25T11:30:00-05:00'),
      f.formatTimeRange('2024-11-25T14:30:00Z', '2024-11-25T16:00:00Z', 'America/Guayaquil'),
      f.localParts('2024-11-25T23:30:00-05:00').date,
    ];
  });
  assert.deepEqual(out, [
    '20–21 de noviembre de 2025',
    '25–26 de noviembre de 2024',
    '30 de noviembre – 2 de diciembre de 2025',
    '31 de diciembre de 2025 – 2 de enero de 2026',
    '20 de noviembre de 2025',
    'Lunes 25 de noviembre',
    '09:30–11:30',
    '09:30–11:00',
    '2024-11-25',
  ]);
});

test('every named import of web/js names something its module exports', () => {
  // a missing export stops the whole page before it runs; this finds it without loading the page
  const dir = new URL('../../web/js/', import.meta.url);
  const exportsOf = (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const names = new Set();
    for (const m of text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
    for (const m of text.matchAll(/^export\s*\{([^}]*)\}/gm)) for (const n of m[1].split(',')) names.add(n.trim().split(/\s+as\s+/).pop());
    return names;
  };
  const problems = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\/([^']+)'/gs)) {
      const have = exportsOf(m[2]);
      for (const name of m[1].split(',').map((x) => x.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
        if (!have.has(name)) problems.push(`${file}: ${name} from ./${m[2]}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
