// checkin-dashboard.test.mjs — the live door dashboard (/admin/e/{slug}/puerta; also
// /admin/door.html?e=…) for door staff: checked in of confirmed with the percentage and a
// progress bar, arrivals by hour, by type and by session, the latest arrivals with their door;
// a check-in made elsewhere appears within the 5-second refresh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, close, hasHorizontalScroll, headingLevels, headingProblems } from './browser.mjs';
import { SLUG, STAFF, register, signIn } from './checkin-helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ users: [STAFF] });
  browser = await launch();
});
after(async () => {
  await close(browser);
  await server?.stop();
});

test('the dashboard shows the counts and the arrivals, and follows new check-ins', async () => {
  const admin = await login(server.url);
  const staff = await login(server.url, STAFF.email, STAFF.password);
  const s = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/sessions`, {
    token: admin, body: { kind: 'dialogue', number: 1, title: 'Diálogo sobre cooperación descentralizada', starts_at: '2025-11-20T09:00', ends_at: '2025-11-20T11:00' },
  });
  assert.equal(s.status, 201, s.text);
  const uma = await register(server.url, { full_name: 'Uma Vargas', attendee_type: 'authority' });
  const victor = await register(server.url, { full_name: 'Víctor Cando', attendee_type: 'press' });
  const wilma = await register(server.url, { full_name: 'Wilma Shiguango', attendee_type: 'official' });
  const checkIn = (body) => api(server.url, 'POST', `/api/v1/editions/${SLUG}/checkins`, { token: staff, body });
  assert.equal((await checkIn({ code: uma.code, device: 'puerta-norte' })).body.result, 'ok');
  assert.equal((await checkIn({ code: victor.code, device: 'sala-2', session_id: s.body.id })).body.result, 'ok');

  const { page, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 401/] });
  await signIn(page, server.url, `/admin/e/${SLUG}/puerta`, STAFF);
  await page.getByRole('heading', { level: 1, name: 'Panel de la puerta · Pastaza 2025' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#total-acreditados').textContent === '2');
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.equal(await page.locator('#total-confirmadas').innerText(), '3');
  assert.equal(await page.locator('#total-porcentaje').innerText(), '67 %');
  assert.equal(await page.getByRole('progressbar').getAttribute('aria-valuenow'), '67');

  const byType = await page.locator('#por-tipo').innerText();
  assert.match(byType, /Autoridad\s+1/);
  assert.match(byType, /Prensa\s+1/);
  assert.match(await page.locator('#por-sesion').innerText(), /Diálogo sobre cooperación descentralizada\s+1/);
  assert.match(await page.locator('#por-hora').innerText(), /2 llegadas/);

  const arrivals = page.locator('#llegadas li');
  assert.equal(await arrivals.count(), 2);
  assert.match(await arrivals.nth(0).innerText(), /Víctor Cando[\s\S]*en sala-2 · Diálogo sobre cooperación descentralizada/);
  assert.match(await arrivals.nth(1).innerText(), /Uma Vargas[\s\S]*en puerta-norte/);

  // A check-in at another door shows up at the next refresh (every 5 s).
  assert.equal((await checkIn({ code: wilma.code, device: 'puerta-sur' })).body.result, 'ok');
  await page.waitForFunction(() => document.querySelector('#total-acreditados').textContent === '3', null, { timeout: 12000 });
  assert.match(await arrivals.nth(0).innerText(), /Wilma Shiguango[\s\S]*en puerta-sur/);
  assert.equal(await page.locator('#total-porcentaje').innerText(), '100 %');
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
});
