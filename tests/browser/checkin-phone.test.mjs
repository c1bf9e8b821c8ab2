// checkin-phone.test.mjs — the door scanner on a 390 × 844 phone (touch, mobile viewport): the
// settings are open on the first visit only and folded into one line once chosen; each device
// gets its own default name ("puerta-" and 4 characters); with a green result shown and the
// (fake) camera on, the result, the scan field and the camera picture are all on the screen
// without scrolling; and the result's role label reads at >= 4.5:1 contrast (WCAG, computed in
// the page from the CSS colours, semi-transparent backgrounds composed over their parents).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';
import { CHROMIUM, openPage } from './browser.mjs';
import { EXPECTED_ERRORS, STAFF, register, scan, scannerReady, signIn } from './checkin-helpers.mjs';

const PHONE = { width: 390, height: 844, phone: true, allow: EXPECTED_ERRORS };

let server;
let browser;
before(async () => {
  server = await startServer({ users: [STAFF] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The WCAG contrast ratio of an element's text against what is behind it, computed in the page. */
const contrast = (page, selector) => page.evaluate((sel) => {
  const rgba = (css) => { const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number); return { r, g, b, a }; };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1,
  });
  const el = document.querySelector(sel);
  const layers = [];
  for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
  const back = layers.reverse().reduce((acc, layer) => over(layer, acc), { r: 255, g: 255, b: 255, a: 1 });
  const text = over(rgba(getComputedStyle(el).color), back);
  const lum = ({ r, g, b }) => {
    const f = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [hi, lo] = [lum(text), lum(back)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}, selector);

test('on a phone: settings folded once chosen; result, field and camera on one screen; a readable role label', async () => {
  const reg = await register(server.url, { full_name: 'María Fernanda Guamán Chimbo', organization: 'GAD Municipal de Santa Clara', attendee_type: 'authority' });
  const { page, context, errors } = await openPage(browser, PHONE);
  await signIn(page, server.url, '/checkin', STAFF);
  await scannerReady(page);
  // The first visit shows what can be set, with this device's own name.
  assert.equal(await page.locator('#ajustes').evaluate((d) => d.open), true);
  const device = page.getByLabel('Nombre de este dispositivo');
  assert.match(await device.inputValue(), /^puerta-[0-9a-z]{4}$/);
  await device.fill('puerta-norte');
  await device.press('Tab');

  // Chosen once: the next visit opens with the settings folded into one line.
  await page.reload();
  await scannerReady(page);
  assert.equal(await page.locator('#ajustes').evaluate((d) => d.open), false);
  assert.match(await page.locator('#ajustes-resumen').innerText(), /puerta-norte/);
  const summary = await page.locator('#ajustes summary').boundingBox();
  assert.ok(summary.height < 50, `one line (${summary.height} px)`);

  const ok = await scan(page, reg.code);
  assert.equal(ok.tone, 'ok', ok.text);
  await page.getByRole('button', { name: 'Activar cámara' }).click();
  await page.getByRole('button', { name: 'Detener cámara' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#camara-video').videoWidth > 0);

  const boxes = await page.evaluate(() => ({
    scrollY: window.scrollY,
    view: { width: window.innerWidth, height: window.innerHeight },
    parts: Object.fromEntries(['#resultado', '#escanear', '#camara-video'].map((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return [sel, { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }];
    })),
  }));
  assert.equal(boxes.scrollY, 0, 'nothing scrolled');
  for (const [sel, r] of Object.entries(boxes.parts)) {
    assert.ok(r.height > 0, `${sel} is shown`);
    assert.ok(r.top >= 0 && r.bottom <= boxes.view.height && r.left >= 0 && r.right <= boxes.view.width,
      `${sel} (${Math.round(r.top)}–${Math.round(r.bottom)} px) lies within the ${boxes.view.height} px screen`);
  }

  const ratio = await contrast(page, '#resultado .door-result-role');
  assert.ok(ratio >= 4.5, `role label contrast ${ratio.toFixed(2)}:1`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two devices get different default names, each kept for its next visit', async () => {
  const names = [];
  for (let i = 0; i < 2; i += 1) {
    const { page, context, errors } = await openPage(browser, PHONE);
    await signIn(page, server.url, '/checkin', STAFF);
    await scannerReady(page);
    const name = await page.getByLabel('Nombre de este dispositivo').inputValue();
    assert.match(name, /^puerta-[0-9a-z]{4}$/);
    assert.equal(await page.evaluate(() => localStorage.getItem('asamblea.puerta.dispositivo')), name);
    await page.reload();
    await scannerReady(page);
    assert.equal(await page.getByLabel('Nombre de este dispositivo').inputValue(), name, 'the same name on the next visit');
    names.push(name);
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.notEqual(names[0], names[1]);
});
