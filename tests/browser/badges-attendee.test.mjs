// badges-attendee.test.mjs — the attendee's badge on their own page (/r/CODE?t=TOKEN): "Descargar
// credencial (PDF)" fetches badge.pdf with the X-Manage-Token header and saves it; "Mostrar mi
// código QR" draws the badge token on a canvas that a QR reader (zbarimg) reads back exactly,
// so the phone can be shown at the door. A cancelled registration has no badge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api } from '../lib/server.mjs';
import { launch, openPage, close, hasHorizontalScroll, headingLevels, headingProblems } from './browser.mjs';
import { register } from './checkin-helpers.mjs';

let server;
let browser;
let dir;
before(async () => {
  server = await startServer();
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'asamblea-qr-'));
});
after(async () => {
  await close(browser);
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the attendee downloads the badge PDF and shows a QR that reads back as the badge token', async () => {
  const reg = await register(server.url, { full_name: 'Sonia Chimbo Yánez', attendee_type: 'civil_society' });
  const token = (await api(server.url, 'GET', `/api/v1/registrations/${reg.code}/badge`, { headers: { 'x-manage-token': reg.manage_token } })).body.token;
  const { page, errors } = await openPage(browser, { width: 375, height: 800 });
  await page.goto(`${server.url}/r/${reg.code}?t=${reg.manage_token}`);
  const section = page.getByRole('region', { name: 'Su credencial' });
  await section.waitFor();
  assert.deepEqual(headingProblems(await headingLevels(page)), []);

  // The PDF, read with the manage token and saved through a blob URL.
  const sent = page.waitForRequest((r) => r.url().includes('/badge.pdf'));
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Descargar credencial (PDF)' }).click();
  const req = await sent;
  assert.equal(req.headers()['x-manage-token'], reg.manage_token);
  assert.match(req.url(), /badge\.pdf\?layout=a6$/);
  const file = await download;
  assert.equal(file.suggestedFilename(), `credencial-${reg.code}.pdf`);
  assert.equal(readFileSync(await file.path()).subarray(0, 5).toString(), '%PDF-');
  await section.getByText('su credencial se descargó').waitFor();

  // The QR on screen: what a reader gets from it is the badge token.
  const show = section.getByRole('button', { name: 'Mostrar mi código QR' });
  await show.click();
  const canvas = page.getByRole('img', { name: 'Código QR de la credencial de Sonia Chimbo Yánez' });
  await canvas.waitFor();
  assert.equal(await section.getByRole('button', { name: 'Ocultar el código QR' }).getAttribute('aria-expanded'), 'true');
  const png = join(dir, 'qr.png');
  writeFileSync(png, await canvas.screenshot());
  const read = execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
  assert.equal(read, token);
  assert.equal(await hasHorizontalScroll(page), false);
  await section.getByRole('button', { name: 'Ocultar el código QR' }).click();
  assert.equal(await canvas.isHidden(), true);
  assert.deepEqual(errors, []);
});

test('a cancelled registration has no badge to download or show', async () => {
  const reg = await register(server.url, { full_name: 'Tomás Cancelado' });
  await api(server.url, 'DELETE', `/api/v1/registrations/${reg.code}`, { headers: { 'x-manage-token': reg.manage_token } });
  const { page, errors } = await openPage(browser);
  await page.goto(`${server.url}/r/${reg.code}?t=${reg.manage_token}`);
  await page.locator('.badge-reg-cancelled').waitFor();
  assert.equal(await page.getByRole('region', { name: 'Su credencial' }).count(), 0);
  assert.deepEqual(errors, []);
});
