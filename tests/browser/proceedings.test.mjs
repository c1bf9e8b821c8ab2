// proceedings.test.mjs — the public memoria page (/e/{slug}/memoria) in a real browser: the
// seeded Latacunga memoria shows its six conclusions and seven recommendations as numbered
// headings (bodies through richtext.js), the closing, the team and the contact, beside the
// "Descargar la memoria (PDF)" link that answers application/pdf; the edition page links to it;
// Pastaza's memoria is not published yet and says so; earlier versions are listed once there are
// several.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

let server;
let browser;
let memoria;  // the API's view of Latacunga's proceedings
before(async () => {
  server = await startServer();
  browser = await launch();
  memoria = (await api(server.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings')).body;
});
after(async () => {
  await close(browser);
  await server?.stop();
});

const titles = (kind) => memoria.items.filter((i) => i.kind === kind).map((i) => `${i.number}. ${i.title}`);

test('Latacunga: conclusions, recommendations, closing, team and contact beside the PDF link', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(`${server.url}/e/latacunga-2024/memoria`);
  await page.getByRole('heading', { level: 1, name: 'Memoria · Latacunga 2024' }).waitFor();
  assert.match(await page.title(), /Memoria · Latacunga 2024/);

  const conclusions = page.locator('#conclusiones h3');
  const recommendations = page.locator('#recomendaciones h3');
  assert.equal(titles('conclusion').length, 6);
  assert.equal(titles('recommendation').length, 7);
  assert.deepEqual(await conclusions.allInnerTexts(), titles('conclusion'));
  assert.deepEqual(await recommendations.allInnerTexts(), titles('recommendation'));
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Conclusiones' }).count(), 1);
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Recomendaciones' }).count(), 1);
  // Bodies go through richtext.js: **…** is <strong>, never literal asterisks.
  assert.equal(await page.locator('#conclusiones strong').filter({ hasText: 'cooperación internacional descentralizada' }).count(), 1);
  assert.doesNotMatch(await page.locator('#conclusiones').innerText(), /\*\*/);

  const closing = memoria.items.find((i) => i.kind === 'closing');
  await page.locator('#cierre').getByRole('heading', { level: 3, name: closing.title }).waitFor();
  const team = page.locator('#equipo');
  for (const c of memoria.credits) {
    await team.getByText(c.name, { exact: true }).waitFor();
    await team.getByText(c.role_title, { exact: true }).first().waitFor();
  }
  assert.match(await team.innerText(), new RegExp(memoria.credits_heading));
  assert.equal(await team.getByRole('link', { name: memoria.contact }).getAttribute('href'), `mailto:${memoria.contact}`);

  // The download: the latest version's number, date and size; the link answers the PDF.
  const link = page.getByRole('link', { name: 'Descargar la memoria (PDF)' });
  const facts = await page.locator('#descarga-datos').innerText();
  assert.match(facts, /Versión 1/);
  assert.match(facts, /publicada el 26 de noviembre de 2024/);
  assert.match(facts, /\d+ kB/);
  assert.equal(await link.getAttribute('aria-describedby'), 'descarga-datos');
  const pdf = await context.request.get(new URL(await link.getAttribute('href'), server.url).href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  assert.equal(await page.getByRole('heading', { name: 'Versiones anteriores' }).count(), 0, 'one version only');

  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the page fits, the PDF link comes first, and the edition page links to the memoria', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 740 });
  await page.goto(`${server.url}/e/latacunga-2024`);
  const toMemoria = page.getByRole('link', { name: 'Memoria de la asamblea' });
  await toMemoria.click();
  await page.waitForURL('**/e/latacunga-2024/memoria');
  const link = page.getByRole('link', { name: 'Descargar la memoria (PDF)' });
  await link.waitFor();
  const linkBox = await link.boundingBox();
  const first = await page.locator('#conclusiones').boundingBox();
  assert.ok(linkBox.y < first.y, 'the download is above the text on a phone');
  assert.ok(linkBox.height >= 44, 'a large touch target');
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Pastaza: the memoria is not published yet, and the edition page does not link to it', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 404/] });
  await page.goto(`${server.url}/e/pastaza-2025/memoria`);
  await page.getByText('La memoria de esta edición aún no se ha publicado.').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Memoria · Pastaza 2025' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Descargar la memoria (PDF)' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'ver el programa de la edición' }).getAttribute('href'), '/e/pastaza-2025');

  let asked = false;
  page.on('request', (r) => { if (r.url().includes('/proceedings')) asked = true; });
  await page.goto(`${server.url}/e/pastaza-2025`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Memoria de la asamblea' }).count(), 0);
  assert.equal(asked, false, 'an upcoming edition does not ask for its memoria');

  await page.goto(`${server.url}/e/no-existe-2099/memoria`);
  await page.getByRole('heading', { level: 1, name: 'Edición no encontrada' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('with a second version, the download follows it and the first is listed as earlier', async () => {
  const token = await login(server.url);
  const v1 = (await api(server.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings/versions')).body.items[0];
  const v2 = await api(server.url, 'POST', '/api/v1/editions/latacunga-2024/proceedings/publish', { token });
  assert.equal(v2.status, 201, v2.text);
  const { page, context, errors } = await openPage(browser);
  await page.goto(`${server.url}/e/latacunga-2024/memoria`);
  await page.getByRole('heading', { level: 3, name: 'Versiones anteriores' }).waitFor();
  assert.match(await page.locator('#descarga-datos').innerText(), /Versión 2/);
  const older = page.locator('.memo-versions li');
  assert.equal(await older.count(), 1);
  const olderLink = older.getByRole('link', { name: 'Versión 1 de la memoria (PDF)' });
  assert.match(await older.locator('.version-facts').innerText(), /publicada el 26 de noviembre de 2024 · \d+ kB/);
  const res = await context.request.get(new URL(await olderLink.getAttribute('href'), server.url).href);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.equal(createHash('sha256').update(await res.body()).digest('hex'), v1.sha256, 'the earlier version, byte for byte');
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});
