// import.test.mjs — the organizers' CSV import page in a real browser, on a phone-sized screen:
// signing in through ?next=, a file with one bad row reviewed (the error listed with its line and
// field, linked to its row, import not offered), the corrected file reviewed and imported after
// the confirmation, the result announced with a link back to the list, which shows the people.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const PAGE = `/admin/e/${SLUG}/importar`;
const header = 'nombre;correo;organización;tipo;consentimiento\n';
const good = 'Rosa Imporpato Quishpe;rosa.import@puyo.gob.ec;GAD Municipal de Pastaza;official;sí\n';
const bad = 'Mario Sin Correo;mario-sin-arroba;GAD Municipal de Mera;official;sí\n';
const fixed = 'Mario Importado Ayui;mario.import@mera.gob.ec;GAD Municipal de Mera;official;sí\n';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await close(browser);
  await server?.stop();
});

const csvFile = (text) => ({ name: 'personas.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

test('a file with a bad row shows the error; the corrected file is imported and the list shows the people', async () => {
  const { page, context, errors } = await openPage(browser, { width: 390, height: 844, allow: [/status of 401/] });
  await page.goto(server.url + PAGE);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === PAGE);
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => u.pathname === PAGE);
  await page.getByRole('heading', { level: 1, name: /Importar inscripciones · Pastaza 2025/ }).waitFor();
  await page.locator('#columnas').filter({ hasText: /full_name, email, organization/ }).waitFor();
  assert.match(await page.locator('#tipos').innerText(), /official \(Funcionario/);
  const template = await page.getByRole('link', { name: 'Descargar la plantilla CSV' }).getAttribute('href');
  assert.equal(template, `/api/v1/editions/${SLUG}/registrations/import-template.csv`);

  // One bad row: the error is listed, linked to its row, and nothing can be imported.
  await page.getByLabel('Archivo CSV').setInputFiles(csvFile(header + good + bad));
  await page.getByRole('button', { name: 'Revisar' }).click();
  const errorLink = page.locator('#errores a');
  await errorLink.first().waitFor();
  assert.equal(await errorLink.count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'revision-titulo');
  assert.match(await errorLink.innerText(), /^Línea 3, Correo: /);
  assert.equal(await errorLink.getAttribute('href'), '#linea-3');
  assert.match(await page.locator('#linea-3').innerText(), /Error en «Correo»/);
  await errorLink.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'linea-3', 'the link takes the focus to its row');
  assert.match(await page.locator('#filas tr').first().innerText(), /Línea 2[\s\S]*Se inscribirá[\s\S]*Rosa Imporpato/);
  assert.ok(await page.locator('#importar-boton').isDisabled(), 'no import while there are errors');
  assert.match(await page.locator('#resultado').innerText(), /errores/);
  assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at 390 px');
  assert.deepEqual(headingProblems(await headingLevels(page)), [], 'headings in order');

  // The corrected file: reviewed, then imported after the confirmation.
  await page.getByLabel('Archivo CSV').setInputFiles(csvFile(header + good + fixed));
  await page.getByRole('button', { name: 'Revisar' }).click();
  const importButton = page.getByRole('button', { name: 'Importar 2 inscripciones' });
  await importButton.waitFor();
  assert.equal(await importButton.isDisabled(), false);
  assert.equal(await page.locator('#errores li').count(), 0);
  await importButton.click();
  await page.locator('#confirmar-pregunta').filter({ hasText: /Importar 2 inscripciones\?/ }).waitFor();
  await page.getByRole('button', { name: 'Sí, importar' }).click();
  await page.locator('#resultado').filter({ hasText: 'Se importaron 2 inscripciones.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'resultado');
  assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at 390 px after the import');

  await page.getByRole('link', { name: 'Ver la lista de inscripciones' }).click();
  await page.waitForURL((u) => u.pathname === `/admin/e/${SLUG}/inscripciones`);
  await page.locator('#filas tr').filter({ hasText: 'Mario Importado Ayui' }).waitFor();
  await page.locator('#filas tr').filter({ hasText: 'Rosa Imporpato Quishpe' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Importar inscripciones' }).getAttribute('href'), 'importar');
  assert.deepEqual(errors, []);
  await context.close();
});
