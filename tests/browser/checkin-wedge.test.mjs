// checkin-wedge.test.mjs — the door scanner with a USB keyboard-wedge scanner, in a real browser:
// staff signs in, the field has the focus, a badge token + Enter lets the person in (green, with
// name, organization and role), the same badge again is amber with the time and the device, a
// forged token and a cancelled registration are red with the reason, a typed code and a search by
// name without accents check in by code; the focus comes back to the field after every result,
// the counter follows, and the server has the check-ins with this device's name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, close, hasHorizontalScroll, headingLevels, headingProblems } from './browser.mjs';
import {
  EXPECTED_ERRORS, SLUG, STAFF, badgeToken, focusedOnField, forge, register, result, scan, scannerReady, signIn,
} from './checkin-helpers.mjs';

let server;
let browser;
let admin;
before(async () => {
  server = await startServer({ users: [STAFF] });
  browser = await launch();
  admin = await login(server.url);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

test('wedge scans: green, amber with time and device, red forged and cancelled, code and search by name', async () => {
  const ana = await register(server.url, { full_name: 'Ana Lucía Pérez', organization: 'GAD Municipal de Nabón', attendee_type: 'authority' });
  const bruno = await register(server.url, { full_name: 'Bruno Cevallos', attendee_type: 'press', organization: 'Radio Puyo' });
  const carla = await register(server.url, { full_name: 'Carla Ñacato' });
  const martin = await register(server.url, { full_name: 'Martín Íñiguez Zúñiga', organization: 'GAD Municipal de Cuenca' });
  const anaToken = await badgeToken(server.url, admin, ana.code);
  const brunoToken = await badgeToken(server.url, admin, bruno.code);
  const carlaToken = await badgeToken(server.url, admin, carla.code);
  assert.equal((await api(server.url, 'DELETE', `/api/v1/registrations/${carla.code}`, { token: admin })).status, 200);

  const { page, errors } = await openPage(browser, { width: 375, height: 800, allow: EXPECTED_ERRORS });
  await signIn(page, server.url, '/checkin', STAFF);
  await scannerReady(page);
  assert.match(await page.title(), /Acreditación · Pastaza 2025/);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.equal(await page.locator('#resultado').getAttribute('role'), 'status');
  assert.equal(await page.locator('#resultado').getAttribute('aria-live'), 'assertive');

  // This device's name, kept for the next visit.
  await page.getByLabel('Nombre de este dispositivo').fill('puerta-7');
  await page.getByLabel('Nombre de este dispositivo').press('Tab');
  assert.equal(await page.evaluate(() => localStorage.getItem('asamblea.puerta.dispositivo')), 'puerta-7');
  await page.locator('#escanear').focus();

  // 1. A valid badge: green, with name, organization and role.
  const ok = await scan(page, anaToken);
  assert.equal(ok.tone, 'ok', ok.text);
  assert.match(ok.text, /BIENVENIDO\/A/);
  assert.match(ok.text, /Ana Lucía Pérez/);
  assert.match(ok.text, /GAD Municipal de Nabón/);
  assert.match(ok.text, /Autoridad/);
  assert.ok(await focusedOnField(page), 'the focus is back in the field');
  assert.equal(await page.locator('#escanear').inputValue(), '', 'the field is empty for the next scan');

  // 2. The same badge again: amber, with the time of the first check-in and the device.
  const again = await scan(page, anaToken);
  assert.equal(again.tone, 'already', again.text);
  assert.match(again.text, /YA REGISTRADO/);
  const first = await api(server.url, 'GET', `/api/v1/registrations/${ana.code}`, { token: admin });
  const hhmm = first.body.checked_in_at.slice(11, 16);
  assert.match(again.text, new RegExp(`a las ${hhmm} en puerta-7`));
  assert.ok(await focusedOnField(page));

  // 3. A forged badge (one character changed): red, with the reason.
  const forged = await scan(page, forge(brunoToken));
  assert.equal(forged.tone, 'error', forged.text);
  assert.match(forged.text, /CREDENCIAL NO VÁLIDA/);
  assert.match(forged.text, /firma/);

  // 4. A cancelled registration: red, saying it was cancelled.
  const cancelled = await scan(page, carlaToken);
  assert.equal(cancelled.tone, 'error', cancelled.text);
  assert.match(cancelled.text, /INSCRIPCIÓN CANCELADA/);
  assert.match(cancelled.text, /Carla Ñacato fue cancelada/);

  // 5. A code typed by hand (lower case, with a hyphen) checks in too.
  const typed = await scan(page, `${bruno.code.slice(0, 3).toLowerCase()}-${bruno.code.slice(3).toLowerCase()}`);
  assert.equal(typed.tone, 'ok', typed.text);
  assert.match(typed.text, /Bruno Cevallos/);
  assert.match(typed.text, /Prensa/);

  // An unknown code: red.
  const unknown = await scan(page, 'ZZZ-ZZZ');
  assert.equal(unknown.tone, 'error');
  assert.match(unknown.text, /CÓDIGO NO ENCONTRADO/);
  assert.match(unknown.text, /ZZZZZZ/);

  // 6. Search by name without accents, then "Registrar ingreso" checks in by code.
  await page.getByLabel('Nombre, institución o código').fill('iniguez zuniga');
  const row = page.locator('.door-match').filter({ hasText: 'Martín Íñiguez Zúñiga' });
  await row.waitFor();
  assert.equal(await page.locator('.door-match').count(), 1);
  const before = await page.locator('#resultado').getAttribute('data-count');
  await row.getByRole('button', { name: 'Registrar ingreso' }).click();
  await page.waitForFunction((b) => document.querySelector('#resultado').dataset.count !== b, before);
  const searched = await result(page);
  assert.equal(searched.tone, 'ok', searched.text);
  assert.match(searched.text, /Martín Íñiguez Zúñiga/);
  assert.ok(await focusedOnField(page), 'back to the field after a check-in from the search');
  await row.getByText('Ya ingresó').waitFor();

  // The counter follows: 3 checked in (Ana, Bruno, Martín) of 3 confirmed.
  await page.waitForFunction(() => document.querySelector('#contador-valor').textContent === '3 / 3');

  // The server has them, with this device's name.
  for (const reg of [ana, bruno, martin]) {
    const g = await api(server.url, 'GET', `/api/v1/registrations/${reg.code}`, { token: admin });
    assert.ok(g.body.checked_in_at, reg.code);
  }
  const feed = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/checkins?since=0&limit=500`, { token: admin });
  assert.ok(feed.body.items.filter((i) => i.result === 'ok').every((i) => i.device === 'puerta-7'));
  assert.equal(feed.body.items.filter((i) => i.code === ana.code).length, 2, 'the amber scan is in the log too');

  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
});

test('a click elsewhere or a key typed with nothing focused returns to the field', async () => {
  const reg = await register(server.url, { full_name: 'Diana Guamán' });
  const token = await badgeToken(server.url, admin, reg.code);
  const { page, errors } = await openPage(browser, { allow: EXPECTED_ERRORS });
  await signIn(page, server.url, '/checkin.html?e=pastaza-2025', STAFF);
  await scannerReady(page);
  await page.locator('h1').click();
  assert.ok(await focusedOnField(page), 'a click on the page gives the focus back');
  await page.evaluate(() => document.activeElement.blur());
  const r = await scan(page, token); // the wedge "types" with nothing focused
  assert.equal(r.tone, 'ok', r.text);
  assert.match(r.text, /Diana Guamán/);
  assert.deepEqual(errors, []);
});

test('the scanner needs a session: without one it goes to the login form', async () => {
  const { page } = await openPage(browser);
  await page.goto(`${server.url}/checkin?e=${SLUG}`);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === `/checkin?e=${SLUG}`);
});
