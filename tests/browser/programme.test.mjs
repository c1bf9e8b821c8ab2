// programme.test.mjs — the public programme page (/e/{slug}) in a real browser: Latacunga
// 2024's four dialogues by day in time order with "09:30–11:30" times, room, kind and
// objective; a participant's link jumps to the speaker's card, which shows post, organization,
// the photo with the name as alt text (or the initials) and links back to the session; the
// "Calendario y apps" links point at the exports and the .ics answers text/calendar; every
// #sesion-<id> the exports link to exists; and a phone reads it without sideways scrolling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, ROOT } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'latacunga-2024';
const PAGE = `/e/${SLUG}`;
const EXPORTS = `/api/v1/editions/${SLUG}`;

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
  // One speaker gets a photo; the others keep the initials placeholder.
  const token = await login(server.url);
  const photo = await api(server.url, 'PUT', '/api/v1/people/1/photo', {
    token, headers: { 'content-type': 'image/jpeg' }, raw: readFileSync(join(ROOT, 'tests/fixtures/speaker.jpg')),
  });
  assert.equal(photo.status, 200, photo.text);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

/** The sessions as the page lists them: [{id, time, kind, room, title, objective}]. */
const sessionsOnPage = (page) => page.locator('#programa li.session').evaluateAll((items) => items.map((li) => ({
  id: li.id,
  day: li.closest('.day').querySelector('.day-title').textContent,
  time: li.querySelector('.session-time').textContent,
  kind: li.querySelector('.kind').textContent,
  room: li.querySelector('.room') ? li.querySelector('.room').textContent : '',
  title: li.querySelector('.session-title').textContent,
  objective: li.querySelector('.objective') ? li.querySelector('.objective').textContent : '',
})));

test('the four dialogues appear by day, in time order, with time, room, kind and objective', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(server.url + PAGE);
  await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor();
  const sessions = await sessionsOnPage(page);
  assert.equal(sessions.length, 4);
  assert.deepEqual(sessions.map((s) => s.title.replace(/ · .*/, '')), ['Diálogo 1', 'Diálogo 2', 'Diálogo 3', 'Diálogo 4']);
  assert.deepEqual(sessions.map((s) => s.time), ['09:30–11:30', '12:00–13:45', '09:30–11:30', '12:00–13:45']);
  assert.deepEqual(sessions.map((s) => s.day), ['Lunes 25 de noviembre', 'Lunes 25 de noviembre', 'Martes 26 de noviembre', 'Martes 26 de noviembre']);
  for (const s of sessions) {
    assert.match(s.id, /^sesion-\d+$/);
    assert.equal(s.kind, 'Diálogo');
    assert.match(s.room, /Auditorio principal/);
    assert.match(s.objective, /^Objetivo\S/);
  }
  // The page says which clock the times are on: the edition's zone, named, with its offset.
  assert.equal(await page.locator('#zona-horaria').innerText(),
    'Las horas del programa son las del lugar de la asamblea: Ecuador continental (UTC−05:00).');
  const zones = await page.evaluate(async () => {
    const { zoneLabel } = await import('/js/format.js');
    return [zoneLabel('Europe/Madrid', '2025-01-15T10:00:00Z'), zoneLabel('Europe/Madrid', '2025-07-15T10:00:00Z'), zoneLabel('UTC', '2025-01-15T10:00:00Z')];
  });
  assert.match(zones[0], /^\S.* \(UTC\+01:00\)$/, 'another zone: the browser\'s Spanish name and its offset');
  assert.match(zones[1], /\(UTC\+02:00\)$/, 'the offset of the day, summer time included');
  assert.match(zones[2], /\(UTC\+00:00\)$/);
  // The times are real <time> elements carrying the API's instants.
  assert.equal(await page.locator(`#${sessions[0].id} time`).first().getAttribute('datetime'), '2024-11-25T09:30:00-05:00');
  assert.deepEqual(headingProblems(await headingLevels(page)), [], 'headings in order');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a participant link jumps to the speaker card, which shows post, organization, photo and sessions', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(server.url + PAGE);
  const dialogue1 = page.getByRole('list', { name: 'Participantes de Diálogo 1' });
  await dialogue1.getByRole('link', { name: 'Patricio Maldonado' }).click();
  await page.waitForURL((u) => u.hash === '#persona-1');
  const card = page.locator('#persona-1');
  assert.equal(await card.evaluate((el) => el.matches(':target')), true);
  await page.waitForFunction(() => {
    const r = document.getElementById('persona-1').getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  });
  await card.getByRole('heading', { level: 3, name: 'Patricio Maldonado' }).waitFor();
  assert.equal(await card.locator('.person-post').innerText(), 'Alcalde de Nabón');
  assert.equal(await card.locator('.person-org').innerText(), 'GAD Municipal de Nabón');

  // The photo has the name as its alt text and really loads.
  const img = card.getByRole('img', { name: 'Patricio Maldonado' });
  assert.match(await img.getAttribute('src'), /^\/api\/v1\/people\/1\/photo\?v=[0-9a-f]{12}$/);
  await page.waitForFunction(() => document.querySelector('#persona-1 img').naturalWidth > 0);

  // Back to the session from the card.
  const back = card.getByRole('link', { name: /^Diálogo 1 · / });
  assert.equal(await back.getAttribute('href'), '#sesion-1');
  assert.match(await card.locator('.person-session-when').first().innerText(), /Lunes 25 de noviembre, 09:30–11:30/);
  await back.click();
  await page.waitForURL((u) => u.hash === '#sesion-1');

  // Every speaker card has post and organization; without a photo, the initials stand in (hidden from screen readers).
  const cards = await page.locator('#ponentes li.person').evaluateAll((items) => items.map((li) => ({
    post: (li.querySelector('.person-post') || {}).textContent || '',
    org: (li.querySelector('.person-org') || {}).textContent || '',
    initials: li.querySelector('.person-initials') ? li.querySelector('.person-initials').textContent : null,
    hidden: li.querySelector('.person-initials') ? li.querySelector('.person-initials').getAttribute('aria-hidden') : null,
  })));
  assert.equal(cards.length, 20);
  assert.ok(cards.every((c) => c.post && c.org), 'post and organization on every card');
  assert.equal(cards.filter((c) => c.initials).length, 19);
  assert.ok(cards.filter((c) => c.initials).every((c) => /^\p{Lu}{1,2}$/u.test(c.initials) && c.hidden === 'true'));
  const andres = page.locator('li.person').filter({ has: page.getByRole('heading', { name: 'Andrés Mencías' }) });
  assert.equal(await andres.locator('.person-initials').innerText(), 'AM');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Calendario y apps" links to the exports; the .ics is text/calendar and its links land on sessions', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(server.url + PAGE);
  const box = page.getByRole('region', { name: 'Calendario y apps' });
  await box.waitFor();
  const ics = box.getByRole('link', { name: 'Añadir a mi calendario' });
  assert.equal(await ics.getAttribute('href'), `${EXPORTS}/schedule.ics`);
  assert.equal(await box.getByRole('link', { name: /XML/ }).getAttribute('href'), `${EXPORTS}/schedule.xml`);
  assert.equal(await box.getByRole('link', { name: /JSON/ }).getAttribute('href'), `${EXPORTS}/schedule.json`);
  assert.match(await box.innerText(), /Giggity/);
  assert.equal(await page.getByRole('navigation', { name: 'En esta página' }).getByRole('link', { name: 'Calendario y apps' }).getAttribute('href'), '#calendario');

  // Fetched from the page, as the browser would download them.
  const got = await page.evaluate(async (hrefs) => Promise.all(hrefs.map(async (href) => {
    const res = await fetch(href);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  })), [await ics.getAttribute('href'), `${EXPORTS}/schedule.xml`, `${EXPORTS}/schedule.json`]);
  assert.equal(got[0].status, 200);
  assert.match(got[0].type, /^text\/calendar/);
  assert.match(got[0].text, /^BEGIN:VCALENDAR/);
  assert.equal(got[1].status, 200);
  assert.match(got[1].type, /^application\/xml/);
  assert.equal(got[2].status, 200);
  assert.match(got[2].type, /^application\/json/);

  // Each session link of the exports (…/e/latacunga-2024#sesion-N) has its anchor on the page.
  const anchors = [...new Set([...got[0].text.matchAll(/#(sesion-\d+)/g), ...got[2].text.matchAll(/#(sesion-\d+)/g)].map((m) => m[1]))];
  assert.equal(anchors.length, 4);
  for (const id of anchors) assert.equal(await page.locator(`li.session[id="${id}"]`).count(), 1, id);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link from the exports opens the page at its session', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(`${server.url}${PAGE}#sesion-3`);
  await page.locator('#sesion-3').waitFor();
  await page.waitForFunction(() => {
    const r = document.getElementById('sesion-3').getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight / 2;
  });
  assert.equal(await page.locator('#sesion-3').evaluate((el) => el.matches(':target')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a 375 px phone the programme, calendar links and speakers fit the screen', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 740 });
  await page.goto(server.url + PAGE);
  await page.getByRole('link', { name: 'Añadir a mi calendario' }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Andrés Mencías' }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false);
  const button = await page.getByRole('link', { name: 'Añadir a mi calendario' }).boundingBox();
  assert.ok(button.height >= 44, 'a touch-sized calendar button');
  assert.deepEqual(errors, []);
  await context.close();
});
