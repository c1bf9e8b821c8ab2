// home.test.mjs — the public pages in a real browser: the home lists the sample edition under
// "Próximas asambleas" and both seeded editions, which have ended, under "Archivo" (newest
// first, never "Inscripciones abiertas"); Latacunga 2024's link leads to its programme with the
// four dialogues of the memoria and their speakers; an ended edition's page says why sign-up is
// closed; all without console errors or sideways scrolling. The seeded dates are kept as they
// are here (reopenPastaza: false, see tests/lib/server.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const DIALOGUES = [
  'Buenas prácticas/proyectos exitosos de cooperación internacional en los GAD Municipales',
  'Movilización de recursos para GAD Municipales a través de diferentes modalidades asociativas',
  'Redes de ciudades como clave para el desarrollo local para la internacionalización',
  'El proceso de voluntariado para el fortalecimiento y desarrollo de los GAD Municipales',
];

let server;
let browser;
before(async () => {
  server = await startServer({ reopenPastaza: false, sample: true });
  browser = await launch();
});
after(async () => {
  await close(browser);
  await server?.stop();
});

test('home lists the sample edition under Próximas, the ended ones under Archivo, and leads to the Latacunga 2024 programme', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(server.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'es');

  const main = page.getByRole('main');
  const upcoming = main.getByRole('region', { name: 'Próximas asambleas' });
  const archive = main.getByRole('region', { name: 'Archivo' });
  const latacunga = archive.getByRole('link', { name: /Latacunga 2024/ });
  await upcoming.getByRole('link', { name: /Edición de ejemplo/ }).waitFor();
  await latacunga.waitFor();
  const hrefs = (section) => section.locator('a[href^="/e/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(await hrefs(upcoming), ['/e/ejemplo']);
  assert.deepEqual(await hrefs(archive), ['/e/pastaza-2025', '/e/latacunga-2024'], 'ended editions, newest first');
  assert.match(await upcoming.innerText(), /Inscripciones abiertas/);
  assert.doesNotMatch(await archive.innerText(), /Inscripciones abiertas/, 'an ended edition never says open');
  assert.deepEqual(headingProblems(await headingLevels(page)), [], 'home headings in order');

  await latacunga.click();
  await page.waitForURL('**/e/latacunga-2024');
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.match(await page.title(), /Latacunga|Asamblea/);

  for (const title of DIALOGUES) {
    const heading = page.getByRole('heading', { level: 4, name: title, exact: false });
    assert.equal(await heading.count(), 1, `one heading for «${title}»`);
  }
  const dialogues = page.getByRole('heading', { level: 4, name: /^Diálogo \d · / });
  assert.equal(await dialogues.count(), 4, 'four numbered dialogues');

  const speaker = page.getByRole('heading', { level: 3, name: /Andrés Mencías/ });
  await speaker.waitFor();
  assert.deepEqual(headingProblems(await headingLevels(page)), [], 'edition headings in order');
  // A participant's name in the programme links to the speaker's card.
  await page.getByRole('list', { name: /Diálogo 4/ }).getByRole('link', { name: 'Andrés Mencías' }).click();
  assert.match(page.url(), /#persona-\d+$/);
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  assert.match(await page.locator(`[id="${anchor}"]`).innerText(), /Andrés Mencías/);

  // Contributions are collapsed in <details> and open on demand.
  const details = page.locator('#programa details').first();
  assert.equal(await details.evaluate((d) => d.open), false);
  await details.locator('summary').click();
  assert.equal(await details.evaluate((d) => d.open), true);

  assert.deepEqual(errors, []);
  await context.close();
});

test('home and edition pages fit a 375 px phone screen', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 740 });
  await page.goto(server.url + '/');
  await page.getByRole('link', { name: /Latacunga 2024/ }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false, 'home scrolls sideways');

  await page.goto(server.url + '/e/latacunga-2024');
  await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor();
  await page.getByRole('heading', { level: 3, name: /Andrés Mencías/ }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false, 'edition page scrolls sideways');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an ended edition says why sign-up is closed; an unknown one says it is not found', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 404/] });
  await page.goto(server.url + '/e/pastaza-2025');
  await page.getByText('El programa se publicará pronto.').waitFor();
  assert.match(await page.title(), /Pastaza/);
  const why = page.locator('#inscripciones-cerradas');
  assert.match(await why.innerText(), /Esta asamblea ya se realizó.*Terminó el 21 de noviembre de 2025/s);
  assert.equal(await page.getByRole('link', { name: 'Inscribirse' }).count(), 0);
  assert.match(await page.locator('.hero-badges').innerText(), /Edición concluida/);

  await page.goto(server.url + '/e/no-existe-2099');
  await page.getByRole('heading', { level: 1, name: 'Edición no encontrada' }).waitFor();
  assert.match(await page.title(), /no encontrada/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a network failure gets a Spanish message and a working "Reintentar"', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/net::ERR_/] });
  await page.route('**/api/v1/editions/latacunga-2024*', (route) => route.abort('internetdisconnected'));
  await page.goto(server.url + '/e/latacunga-2024');
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { level: 1, name: 'No se pudo cargar la edición' }).waitFor();
  assert.match(await alert.innerText(), /Revise su conexión/);
  await page.unroute('**/api/v1/editions/latacunga-2024*');
  await alert.getByRole('button', { name: 'Reintentar' }).click();
  await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the skip link is the first stop of the keyboard and reaches the main content', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(server.url + '/');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  assert.equal(await focused.innerText(), 'Saltar al contenido');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contenido');
  await context.close();
});
