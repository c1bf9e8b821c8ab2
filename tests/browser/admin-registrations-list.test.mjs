// admin-registrations-list.test.mjs — the organizers' list of registrations as organizers read
// it: a waitlisted row says "En espera n.º N", the counts by cantón name the people without one
// «Sin cantón» (never a blank row), and the way into each registration stays inside the table's
// visible box without scrolling sideways at 1280, 1440 and 1920 px, with long names, e-mails and
// institutions; at 390 px nothing scrolls sideways and the row still opens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const PAGE = `/admin/e/${SLUG}/inscripciones`;
const LONG_ORG = 'Consorcio de Gobiernos Autónomos Descentralizados Provinciales y Municipales de la Región Amazónica Ecuatoriana';
const PEOPLE = [
  { full_name: 'María Fernanda de los Ángeles Pérez Ñacato Villavicencio', email: 'maria.fernanda.perez.nacato.villavicencio@municipiodepastaza.gob.ec', organization: LONG_ORG, position: 'Directora de Planificación y Ordenamiento Territorial', municipality: 'Francisco de Orellana', attendee_type: 'official' },
  { full_name: 'Luis Alberto Andrade Santacruz', email: 'luis.alberto.andrade.santacruz@cuenca.gob.ec', organization: LONG_ORG, municipality: 'Cuenca', attendee_type: 'authority' },
  { full_name: 'Ana Gómez', email: 'ana.gomez@ejemplo.org', organization: 'Grupo FARO', attendee_type: 'civil_society' },
];

let server;
let browser;
let token;
const codes = [];
before(async () => {
  server = await startServer();
  browser = await launch();
  token = await login(server.url);
  const cap = await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { capacity: 1 } });
  assert.equal(cap.status, 200, cap.text);
  for (const p of PEOPLE) {
    const r = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, { body: { ...p, consent: true } });
    assert.equal(r.status, 201, r.text);
    codes.push(r.body.code);
  }
  // A confirmed speaker without a cantón (speakers take no seat).
  const s = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    token, body: { full_name: 'Ponente Invitada', email: 'ponente@ejemplo.org', organization: 'Mercociudades', attendee_type: 'speaker', consent: true },
  });
  assert.equal(s.status, 201, s.text);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

async function signedInPage(width) {
  const opened = await openPage(browser, { width });
  await opened.context.addCookies([{ name: 'asamblea_session', value: token, url: server.url }]);
  await opened.page.goto(server.url + PAGE);
  await opened.page.waitForFunction(() => document.querySelectorAll('#filas tr').length === 4);
  return opened;
}

/** The buttons into a registration that are not wholly inside the table's visible box. */
async function openersOutside(page) {
  return page.evaluate(() => {
    const region = document.querySelector('#lista .table-wrap').getBoundingClientRect();
    return [...document.querySelectorAll('#filas button[data-code]')].filter((b) => {
      const r = b.getBoundingClientRect();
      return !(r.width > 0 && r.left >= region.left && r.right <= region.right && r.top >= region.top && r.bottom <= region.bottom);
    }).map((b) => b.textContent);
  });
}

test('waitlisted rows say their place, the cantón counts name the blank one, and every row opens without sideways scrolling', async () => {
  const { page, context, errors } = await signedInPage(1280);

  // Capacity 1: the first is confirmed, the next two wait in order.
  const rowOf = (code) => page.locator('#filas tr').filter({ hasText: code });
  assert.equal((await rowOf(codes[1]).locator('.badge').innerText()).trim(), 'En espera n.º 1');
  assert.equal((await rowOf(codes[2]).locator('.badge').innerText()).trim(), 'En espera n.º 2');
  assert.equal((await rowOf(codes[0]).locator('.badge').innerText()).trim(), 'Confirmada');

  // Counts by cantón: the speaker gave none.
  const cantons = page.locator('#por-canton tbody th');
  await cantons.first().waitFor();
  const labels = await cantons.allInnerTexts();
  assert.deepEqual([...labels].sort(), ['Francisco de Orellana', 'Sin cantón']);
  assert.ok(labels.every((t) => t.trim() !== ''), 'no blank row label');

  for (const width of [1280, 1440, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
    assert.equal(await page.locator('#lista .table-wrap').evaluate((el) => el.scrollLeft), 0);
    assert.deepEqual(await openersOutside(page), [], `every way into a registration is visible at ${width} px`);
    const maria = page.getByRole('button', { name: `Abrir la inscripción de ${PEOPLE[0].full_name}` });
    const box = await maria.boundingBox();
    const region = await page.locator('#lista .table-wrap').boundingBox();
    assert.ok(box.x >= region.x && box.x + box.width <= region.x + region.width, `inside the region at ${width} px`);
  }

  // It still opens the registration, from the keyboard.
  await page.getByRole('button', { name: `Abrir la inscripción de ${PEOPLE[1].full_name}` }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#detalle').getByRole('heading', { level: 3, name: `${PEOPLE[1].full_name} · ${codes[1]}` }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone (390 px) nothing scrolls sideways and a row opens its registration', async () => {
  const { page, context, errors } = await signedInPage(390);
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(await openersOutside(page), []);
  await page.getByRole('button', { name: `Abrir la inscripción de ${PEOPLE[0].full_name}` }).click();
  await page.locator('#detalle').getByRole('heading', { level: 3, name: `${PEOPLE[0].full_name} · ${codes[0]}` }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});
