// verify.test.mjs — the public certificate check (/v/{code}, what a certificate's QR opens) in a
// real browser on a phone: a registration checked in by its code is "Certificado válido" with
// the name and the event; an unknown code is "Código desconocido"; a registration that never
// checked in is "No válido"; the form checks another code. Also the attendee's own page: after
// check-in, "Descargar certificado de participación" saves the PDF fetched with X-Manage-Token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const TITLE = 'IV Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2025';

let server;
let browser;
let token;
let present;  // registered and checked in
let absent;   // registered, never checked in
before(async () => {
  server = await startServer();
  browser = await launch();
  token = await login(server.url);
  const register = async (full_name, email) => {
    const r = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
      body: { full_name, email, organization: 'GAD Municipal de Santa Clara', attendee_type: 'authority', consent: true },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  present = await register('María José Ñacato Guamán', 'mj.nacato@santaclara.gob.ec');
  absent = await register('Pedro Ausente', 'pedro.ausente@ejemplo.org');
  const checkin = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/checkins`, { token, body: { code: present.code } });
  assert.equal(checkin.status, 200, checkin.text);
  assert.equal(checkin.body.result, 'ok');
});
after(async () => {
  await close(browser);
  await server?.stop();
});

test('a checked-in attendee\'s certificate is valid, with the name and the event', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 740 });
  await page.goto(`${server.url}/v/${present.code}`);
  await page.getByRole('heading', { level: 1, name: 'Certificado válido' }).waitFor();
  const verdict = page.locator('.verdict');
  assert.match(await verdict.getAttribute('class'), /verdict-valid/);
  assert.equal(await verdict.locator('.verdict-name').innerText(), 'María José Ñacato Guamán');
  assert.equal(await verdict.getByRole('link', { name: TITLE }).getAttribute('href'), `/e/${SLUG}`);
  assert.match(await verdict.innerText(), new RegExp(present.code));
  assert.match(await page.title(), /Certificado válido/);
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  const size = await page.getByRole('heading', { level: 1 }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 30, `a large verdict (${size}px)`);

  // The code as people type it: lower case, with a hyphen.
  await page.goto(`${server.url}/v/${present.code.slice(0, 3).toLowerCase()}-${present.code.slice(3).toLowerCase()}`);
  await page.getByRole('heading', { level: 1, name: 'Certificado válido' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown code is "Código desconocido"; one not checked in is "No válido", without the name', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 740, allow: [/status of 404/] });
  await page.goto(`${server.url}/v/ZZZZZZ`);
  await page.getByRole('heading', { level: 1, name: 'Código desconocido' }).waitFor();
  assert.match(await page.locator('.verdict').getAttribute('class'), /verdict-unknown/);
  assert.match(await page.locator('.verdict').innerText(), /ZZZZZZ/);
  assert.equal(await hasHorizontalScroll(page), false);

  // The form checks another code (typed in lower case).
  await page.getByLabel('Código del certificado').fill(absent.code.toLowerCase());
  await page.getByRole('button', { name: 'Verificar' }).click();
  await page.waitForURL(`**/v/${absent.code}`);
  await page.getByRole('heading', { level: 1, name: 'No válido' }).waitFor();
  const verdict = page.locator('.verdict');
  assert.match(await verdict.getAttribute('class'), /verdict-invalid/);
  assert.doesNotMatch(await verdict.innerText(), /Pedro|Ausente/);
  assert.match(await verdict.innerText(), /no registra asistencia/);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the attendee downloads the certificate from the manage page once checked in', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800 });
  await page.goto(`${server.url}/r/${absent.code}?t=${absent.manage_token}`);
  await page.getByRole('heading', { level: 1, name: 'Su inscripción' }).waitFor();
  await page.locator('.reg-summary').getByText('Pedro Ausente').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Descargar certificado de participación' }).count(), 0, 'not before check-in');

  await page.goto(`${server.url}/r/${present.code}?t=${present.manage_token}`);
  const button = page.getByRole('button', { name: 'Descargar certificado de participación' });
  await button.waitFor();
  const request = page.waitForRequest((r) => r.url().endsWith(`/registrations/${present.code}/certificate.pdf`));
  const download = page.waitForEvent('download');
  await button.click();
  assert.equal((await request).headers()['x-manage-token'], present.manage_token);
  const file = await download;
  assert.equal(file.suggestedFilename(), `certificado-${present.code}.pdf`);
  assert.match(file.url(), /^blob:/);
  const bytes = await readFile(await file.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  await page.locator('#certificado-estado').filter({ hasText: 'su certificado se descargó' }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});
