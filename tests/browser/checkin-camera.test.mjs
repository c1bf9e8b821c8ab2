// checkin-camera.test.mjs — scanning a badge with the camera: the A6 badge PDF of a registration
// (GET …/badge.pdf?layout=a6) is rendered at 100 dpi (pdftoppm), turned into a Y4M video (ffmpeg)
// and given to chromium as its fake camera; "Activar cámara" in the scanner reads the QR from the
// video (getUserMedia + canvas + the vendored jsQR, fetched only then) and the person is let in (green). The page is
// on http://127.0.0.1, a secure context for chromium. Needs ffmpeg (tools/deps.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, api, login } from '../lib/server.mjs';
import { CHROMIUM, close, launch, openPage } from './browser.mjs';
import { EXPECTED_ERRORS, STAFF, register, result, scannerReady, signIn } from './checkin-helpers.mjs';

const HAVE_FFMPEG = spawnSync('ffmpeg', ['-version']).status === 0;

let server;
let browser;
let dir;
before(async () => {
  server = await startServer({ users: [STAFF] });
  dir = mkdtempSync(join(tmpdir(), 'asamblea-camara-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The registration's printed badge as a 3-second video file a fake camera can play. */
async function badgeVideo(code, admin) {
  const pdf = await fetch(`${server.url}/api/v1/registrations/${code}/badge.pdf?layout=a6`, { headers: { authorization: `Bearer ${admin}` } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  writeFileSync(join(dir, 'badge.pdf'), Buffer.from(await pdf.arrayBuffer()));
  execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', join(dir, 'badge.pdf'), join(dir, 'page')], { stdio: 'ignore' });
  const video = join(dir, 'badge.y4m');
  // yuv420p needs even sides: the A6 page at 100 dpi is 413 × 583 px
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-loop', '1', '-i', join(dir, 'page.png'), '-t', '3', '-r', '10',
    '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-pix_fmt', 'yuv420p', video]);
  return video;
}

test('the camera reads a printed badge and lets the person in', { skip: !HAVE_FFMPEG && 'ffmpeg is not installed (tools/deps.sh)' }, async () => {
  const admin = await login(server.url);
  const reg = await register(server.url, { full_name: 'Rosa Caiza Pilaguano', organization: 'GAD Municipal de Pujilí', attendee_type: 'authority' });
  const video = await badgeVideo(reg.code, admin);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  const { page, errors } = await openPage(browser, { width: 375, height: 800, allow: EXPECTED_ERRORS });
  const fetched = [];
  page.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  await signIn(page, server.url, '/checkin', STAFF);
  await scannerReady(page);
  // the QR reader (257 KB) comes only with the camera: a door that types codes or uses a handheld scanner never loads it
  assert.ok(!fetched.some((p) => p.includes('/vendor/jsqr/')), `jsQR fetched with the page: ${fetched.join(' ')}`);
  assert.equal(await page.evaluate(() => window.isSecureContext), true, 'http://127.0.0.1 is a secure context');
  const button = page.getByRole('button', { name: 'Activar cámara' });
  assert.equal(await button.isEnabled(), true);
  await button.click();
  await page.getByRole('button', { name: 'Detener cámara' }).waitFor();
  assert.ok(fetched.some((p) => p === '/vendor/jsqr/jsQR.js'), 'jsQR fetched when the camera starts');
  assert.equal(await page.getByRole('button', { name: 'Detener cámara' }).getAttribute('aria-pressed'), 'true');
  // a loaded machine decodes few frames a second: the bound is generous, the wait ends at the first read
  try {
    await page.waitForFunction(() => document.querySelector('#resultado').dataset.tone !== 'idle', null, { timeout: 45000 });
  } catch (err) {
    // say what the page saw, so that a failure tells a camera that gave no picture from a code not read
    const seen = await page.evaluate(() => {
      const v = document.querySelector('#camara-video');
      return { readyState: v?.readyState, width: v?.videoWidth, height: v?.videoHeight, paused: v?.paused,
        jsQR: typeof self.jsQR, result: document.querySelector('#resultado').textContent.trim().slice(0, 120) };
    });
    assert.fail(`no badge read from the camera: ${JSON.stringify(seen)} (${err.message.split('\n')[0]})`);
  }
  const r = await result(page);
  assert.equal(r.tone, 'ok', r.text);
  assert.match(r.text, /BIENVENIDO\/A/);
  assert.match(r.text, /Rosa Caiza Pilaguano/);
  // The badge stays in front of the camera: it is not scanned again and again (ten more pictures read).
  const seen = await page.evaluate(() => Number(document.querySelector('#camara-video').dataset.reads || 0));
  await page.waitForFunction((n) => Number(document.querySelector('#camara-video').dataset.reads) >= n, seen + 10, { timeout: 45000 });
  assert.equal(await page.locator('#resultado').getAttribute('data-count'), '1');
  const g = await api(server.url, 'GET', `/api/v1/registrations/${reg.code}`, { token: admin });
  assert.ok(g.body.checked_in_at);
  await page.getByRole('button', { name: 'Detener cámara' }).click();
  await page.getByRole('button', { name: 'Activar cámara' }).waitFor();
  assert.equal(await page.locator('#camara-video').isHidden(), true);
  assert.deepEqual(errors, []);
});

test('without a secure context the camera says so plainly', async () => {
  // Served over plain http on a LAN address the page is not a secure context; the test says so
  // to the page (127.0.0.1 itself is secure) and checks what staff then read.
  const b = await launch();
  try {
    const { page, errors } = await openPage(b, { allow: EXPECTED_ERRORS });
    await page.addInitScript(() => { Object.defineProperty(window, 'isSecureContext', { get: () => false }); });
    await signIn(page, server.url, '/checkin', STAFF);
    await scannerReady(page);
    assert.equal(await page.getByRole('button', { name: 'Activar cámara' }).isDisabled(), true);
    assert.match(await page.locator('#camara-estado').innerText(), /solo funciona si la página se abre con https:\/\//);
    assert.deepEqual(errors, []);
  } finally {
    await close(b);
  }
});
