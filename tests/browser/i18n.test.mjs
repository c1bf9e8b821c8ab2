// i18n.test.mjs — English in a real browser: the "English" link switches the page (?lang=en),
// <html lang> follows and the asamblea_lang cookie keeps the choice on the next pages; an English
// browser gets English on its first visit; dates read "20–21 November 2025"; the memoria page links
// its PDF in English; a sign-up from the English form (the edition's own question under its label_en)
// is recorded in English and its manage page speaks English; staff pages are Spanish first and
// English from their own switch; no console
// errors anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';

const SLUG = 'pastaza-2025';

let server;
let browser;
let admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  admin = await login(server.url);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

test('the language link switches to English, the cookie remembers it, and back to Spanish', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(server.url + '/');
  assert.equal(await htmlLang(page), 'es');
  await page.getByRole('heading', { level: 2, name: 'Archivo' }).waitFor();
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL('**/?lang=en');
  assert.equal(await htmlLang(page), 'en');
  await page.getByRole('heading', { level: 1, name: /Assemblies on international relations/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Archive' }).waitFor();
  const latacunga = page.locator('.card', { hasText: 'Latacunga' });
  assert.match(await latacunga.locator('.card-when').innerText(), /25–26 November 2024/);
  assert.match(await latacunga.locator('.badge').innerText(), /Edition concluded/);
  const cookie = (await context.cookies()).find((c) => c.name === 'asamblea_lang');
  assert.equal(cookie?.value, 'en');
  assert.equal(cookie?.sameSite, 'Lax');

  await page.goto(`${server.url}/e/latacunga-2024`); // no ?lang: the cookie decides
  assert.equal(await htmlLang(page), 'en');
  await page.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Dates\s+25–26 November 2024/i); // the terms are shown in capitals
  assert.match(await page.locator('.day-title').first().innerText(), /^Monday 25 November$/);
  // what the organizers wrote stays Spanish, and says so to screen readers (WCAG 3.1.2)
  assert.equal(await page.locator('h1').getAttribute('lang'), 'es');
  assert.equal(await page.locator('.about .prose').getAttribute('lang'), 'es');
  assert.equal(await page.locator('.session-title').first().getAttribute('lang'), 'es');
  assert.equal(await page.locator('.day-title').first().getAttribute('lang'), null, 'the chrome is English');

  await page.goto(`${server.url}/e/latacunga-2024/memoria`);
  await page.getByRole('heading', { level: 1, name: 'Proceedings · Latacunga 2024' }).waitFor();
  assert.equal(await page.locator('.memo-item').first().getAttribute('lang'), 'es');
  assert.match(await page.getByRole('link', { name: 'Download the proceedings (PDF)' }).getAttribute('href'), /proceedings\.pdf\?lang=en$/);
  assert.match(await page.locator('.memo-download-facts').innerText(), /published on 26 November 2024/);

  await page.goto(`${server.url}/e/latacunga-2024?x=1#ponentes`);
  await page.getByRole('link', { name: 'Español' }).click();
  await page.waitForURL('**/e/latacunga-2024?x=1&lang=es#ponentes'); // the rest of the address is kept
  await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor();
  assert.equal(await htmlLang(page), 'es');
  assert.equal((await context.cookies()).find((c) => c.name === 'asamblea_lang')?.value, 'es');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an English browser gets English on its first visit; staff pages are Spanish first, English from their switch', async () => {
  const { page, context, errors } = await openPage(browser, { locale: 'en-US' });
  await page.goto(server.url + '/privacidad');
  assert.equal(await htmlLang(page), 'en');
  await page.getByRole('heading', { level: 1, name: 'Personal data policy' }).waitFor();
  await page.goto(server.url + '/login');
  assert.equal(await htmlLang(page), 'es', 'the browser alone does not turn a staff page English');
  await page.getByRole('button', { name: 'Ingresar' }).waitFor();
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL('**/login?lang=en');
  assert.equal(await htmlLang(page), 'en');
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor(); // the cookie keeps English
  assert.equal(await htmlLang(page), 'en');
  await page.getByRole('link', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();
  assert.equal(await htmlLang(page), 'es');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a sign-up from the English form is recorded in English and its manage page is in English', async () => {
  const question = { id: 'dieta', label: 'Alimentación especial', label_en: 'Special diet', kind: 'text', required: false };
  const set = await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token: admin, body: { questions: [question] } });
  assert.equal(set.status, 200, set.text);
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 400/] });
  await page.goto(`${server.url}/e/${SLUG}/inscripcion?lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Registration' }).waitFor();
  assert.match(await page.title(), /^Registration · Pastaza 2025 · AME Assembly$/);
  await page.getByLabel('Full name').fill('Ann Smith');
  await page.getByLabel('E-mail').fill('not-an-address');
  await page.getByLabel('Institution').fill('City of Springfield');
  await page.getByRole('radio', { name: 'International cooperation' }).check();
  await page.getByRole('group', { name: 'Questions from the organizers' }).getByLabel('Special diet (optional)').fill('Vegetarian');
  await page.getByRole('checkbox', { name: /I agree that AME processes my data/ }).check();
  await page.getByRole('button', { name: 'Register me' }).click();
  const status = page.locator('#inscripcion-estado');
  await status.filter({ hasText: /Write a valid e-mail address/ }).waitFor(); // the API's message, in English
  assert.match(await status.innerText(), /^The registration could not be completed\. Check the field “E-mail”/);

  await page.getByLabel('E-mail').fill('ann.smith@springfield.example');
  await page.getByRole('button', { name: 'Register me' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registration confirmed' }).waitFor();
  const code = (await page.locator('.reg-code').first().innerText()).replace(/\s+/g, '');
  const stored = await api(server.url, 'GET', `/api/v1/registrations/${code}`, { token: admin });
  assert.equal(stored.body.language, 'en');
  assert.deepEqual(stored.body.answers, { dieta: 'Vegetarian' });

  await page.getByRole('link', { name: 'Open my registration' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your registration' }).waitFor();
  assert.equal(await htmlLang(page), 'en');
  assert.match(await page.locator('.reg-details').innerText(), /Taking part as\s+International cooperation/);
  await page.getByRole('button', { name: 'Correct my details' }).waitFor();
  await page.getByRole('button', { name: 'Cancel my registration' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
