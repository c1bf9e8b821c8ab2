// badges.test.mjs — the organizers' print page (/admin/e/{slug}/credenciales; also
// /admin/badges.html?e=…): the layout, type, selection and "solo las no impresas" build the
// badges.pdf address; "Descargar PDF" gets an application/pdf with X-Badge-Count and says how many;
// "Marcar como impresas" marks the same choice after an in-page confirmation, after which "solo las
// no impresas" finds nothing (the API's 404 "No hay credenciales…", shown on the page). Staff
// accounts are told the page is for organizers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, close, hasHorizontalScroll, headingLevels, headingProblems } from './browser.mjs';
import { SLUG, STAFF, register, signIn } from './checkin-helpers.mjs';

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

const PDF_PATH = `/api/v1/editions/${SLUG}/badges.pdf`;

test('layout, type, selection and "solo las no impresas" build the PDF; marking printed leaves nothing', async () => {
  const officials = [];
  for (const name of ['Olga Tenesaca', 'Pablo Zambrano', 'Quinche Lema']) {
    officials.push(await register(server.url, { full_name: name, attendee_type: 'official' }));
  }
  const press = await register(server.url, { full_name: 'Raúl Prensa', attendee_type: 'press', organization: 'Diario El Oriente' });

  const { page, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 40[14]/] });
  await signIn(page, server.url, `/admin/e/${SLUG}/credenciales`, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Credenciales · Pastaza 2025' }).waitFor();
  await page.locator('.badges-person').first().waitFor();
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.equal(await page.locator('.badges-person').count(), 4, 'the confirmed registrations to choose from');
  const href = () => page.locator('#pdf-enlace').getAttribute('href');

  // Default: a4-10, everyone.
  assert.equal(await href(), `${PDF_PATH}?layout=a4-10`);
  // Layout and type.
  await page.getByLabel(/Tarjeta CR80/).check();
  await page.getByLabel('Tipo de participante').selectOption('official');
  assert.equal(await href(), `${PDF_PATH}?layout=cr80&type=official`);
  assert.equal(await page.locator('.badges-person').count(), 3, 'the list follows the type');
  // A selection of codes (search without accents).
  await page.getByLabel('Buscar en la lista').fill('zambrano');
  await page.getByLabel(/Pablo Zambrano/).check();
  assert.equal(await href(), `${PDF_PATH}?layout=cr80&type=official&codes=${officials[1].code}`);
  assert.match(await page.locator('#resumen').innerText(), /1 persona marcada/);
  await page.getByRole('button', { name: 'Quitar la selección' }).click();
  await page.getByLabel('Buscar en la lista').fill('');
  await page.getByLabel(/A6 vertical/).check();
  assert.equal(await href(), `${PDF_PATH}?layout=a6&type=official`);

  // Download: application/pdf, X-Badge-Count 3, said on the page.
  const answer = page.waitForResponse((r) => r.url().includes('/badges.pdf'));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Descargar PDF' }).click();
  const res = await answer;
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.equal(res.headers()['x-badge-count'], '3');
  assert.equal(new URL(res.url()).search, '?layout=a6&type=official');
  assert.equal((await download).suggestedFilename(), `credenciales-${SLUG}.pdf`);
  await page.locator('#salida-estado').filter({ hasText: 'PDF listo: 3 credenciales' }).waitFor();

  // Mark the same choice printed (the 3 officials), after confirming.
  await page.getByRole('button', { name: 'Marcar como impresas' }).click();
  const question = page.locator('#marcar-pregunta');
  assert.match(await question.innerText(), /estas 3 credenciales/);
  const marked = page.waitForResponse((r) => r.url().endsWith('/badges/printed'));
  await page.getByRole('button', { name: 'Sí, marcar como impresas' }).click();
  const markedRes = await marked;
  assert.equal(markedRes.status(), 200);
  assert.deepEqual(JSON.parse(markedRes.request().postData()).codes.split(',').sort(), officials.map((o) => o.code).sort());
  assert.deepEqual(await markedRes.json(), { marked: 3 });
  await page.locator('#salida-estado').filter({ hasText: 'Se marcaron 3 credenciales como impresas' }).waitFor();

  // "Solo las no impresas" with the same type: nothing left, the API's 404 on the page.
  await page.getByRole('checkbox', { name: 'Solo las no impresas' }).check();
  assert.equal(await href(), `${PDF_PATH}?layout=a6&type=official&unprinted=1`);
  const none = page.waitForResponse((r) => r.url().includes('/badges.pdf'));
  await page.getByRole('button', { name: 'Descargar PDF' }).click();
  const noneRes = await none;
  assert.equal(noneRes.status(), 404);
  const body = await noneRes.json();
  assert.match(body.error.message, /^No hay credenciales/);
  await page.locator('#salida-estado').filter({ hasText: body.error.message }).waitFor();
  assert.equal(await page.locator('#salida-estado').getAttribute('data-tone'), 'error');

  // The press badge is still unprinted: all types + unprinted → exactly 1.
  await page.getByLabel('Tipo de participante').selectOption('');
  const one = await api(server.url, 'GET', `${PDF_PATH}?layout=a6&unprinted=1`, { token: admin });
  assert.equal(one.headers.get('x-badge-count'), '1');
  assert.equal(await href(), `${PDF_PATH}?layout=a6&unprinted=1`);
  assert.ok(press.code);

  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
});

test('the edition rows link to the print page; staff are told it is for organizers', async () => {
  const { page, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page, server.url, '/admin', ADMIN);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Pastaza 2025', exact: true }) });
  assert.equal(await row.getByRole('link', { name: 'Credenciales' }).getAttribute('href'), `/admin/e/${SLUG}/credenciales`);
  assert.equal(await row.getByRole('link', { name: 'Puerta' }).getAttribute('href'), `/admin/e/${SLUG}/puerta`);
  assert.equal(await row.getByRole('link', { name: 'Escáner' }).getAttribute('href'), `/checkin?e=${SLUG}`);

  const staff = await openPage(browser, { allow: [/status of 401/] });
  await signIn(staff.page, server.url, `/admin/badges.html?e=${SLUG}`, STAFF);
  await staff.page.getByRole('heading', { name: 'Solo para organizadores' }).waitFor();
  assert.equal(await staff.page.locator('#credenciales').isHidden(), true);
  await staff.page.goto(`${server.url}/admin`);
  const staffRow = staff.page.getByRole('row').filter({ has: staff.page.getByRole('link', { name: 'Pastaza 2025', exact: true }) });
  await staffRow.getByRole('link', { name: 'Puerta' }).waitFor();
  assert.equal(await staffRow.getByRole('link', { name: 'Credenciales' }).count(), 0);
  assert.deepEqual([...errors, ...staff.errors], []);
});
