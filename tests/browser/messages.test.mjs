// messages.test.mjs — the organizers' messages page (/admin/e/{slug}/mensajes) in a real browser on
// a phone-sized screen (390 px, no sideways scroll): the live "Lo recibirán N personas" follows the
// filters, the placeholder buttons insert at the cursor, the preview shows the first recipient's
// name, an unknown placeholder is shown under the message field, "Enviar…" asks "Enviar a N
// personas" before anything is sent, and after sending the status says it and the log lists it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, close, hasHorizontalScroll, headingLevels, headingProblems } from './browser.mjs';
import { SLUG, signIn } from './checkin-helpers.mjs';

const PAGE = `/admin/e/${SLUG}/mensajes`;
let server;
let browser;
let admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  admin = await login(server.url);
  for (const [name, type] of [['Ann Smith', 'official'], ['Bob Jones', 'speaker']]) {
    const r = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
      token: admin,
      body: { full_name: name, email: `${name.split(' ')[0].toLowerCase()}@example.org`, organization: 'Partner city',
        attendee_type: type, language: 'en', consent: true },
    });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  await close(browser);
  await server?.stop();
});

test('compose with a live count and placeholders, confirm "Enviar a N personas", see it in the log', async () => {
  const everyone = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/messages?dry_run=1`, { token: admin, body: {} });
  const { page, errors } = await openPage(browser, { width: 390, height: 844, allow: [/status of 40[01]/] });
  await signIn(page, server.url, PAGE, ADMIN);
  await page.getByRole('heading', { level: 1, name: 'Mensajes · Pastaza 2025' }).waitFor();
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.equal(await page.locator('.admin-nav a[aria-current="page"]').innerText(), 'Mensajes');
  const howMany = page.locator('#cuantos');
  await howMany.filter({ hasText: `Lo recibirán ${everyone.body.recipients} personas.` }).waitFor();

  await page.getByLabel('Idioma').selectOption('en');
  await howMany.filter({ hasText: 'Lo recibirán 2 personas.' }).waitFor();
  await page.getByLabel('Tipo de participante').selectOption('speaker');
  await howMany.filter({ hasText: 'Lo recibirá 1 persona.' }).waitFor();
  await page.getByLabel('Tipo de participante').selectOption('');
  await howMany.filter({ hasText: 'Lo recibirán 2 personas.' }).waitFor();

  await page.getByLabel('Asunto', { exact: true }).fill('Aviso para ');
  await page.getByRole('button', { name: /Insertar Nombre/ }).click();
  assert.equal(await page.getByLabel('Asunto', { exact: true }).inputValue(), 'Aviso para {nombre}', 'inserted where the cursor was');
  await page.getByLabel('Mensaje', { exact: true }).fill('Hola {nombres}');
  const bodyError = page.locator('#f-cuerpo-error');
  await bodyError.filter({ hasText: '{nombres} no es un marcador conocido' }).waitFor();
  assert.equal(await page.getByLabel('Mensaje', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Mensaje', { exact: true }).fill('Hola ');
  await page.getByRole('button', { name: /Insertar Nombre/ }).click();
  await page.keyboard.type(', su código es ');
  await page.getByRole('button', { name: /Insertar Código/ }).click();
  assert.equal(await page.getByLabel('Mensaje', { exact: true }).inputValue(), 'Hola {nombre}, su código es {codigo}');
  await bodyError.waitFor({ state: 'hidden' });
  await page.locator('#vista-asunto').filter({ hasText: 'Aviso para Ann Smith' }).waitFor();
  assert.match(await page.locator('#vista-cuerpo').innerText(), /^Hola Ann Smith, su código es [A-Z0-9-]+/);

  await page.getByRole('button', { name: 'Enviar…' }).click();
  const question = page.locator('#enviar-pregunta');
  await question.waitFor();
  assert.match(await question.innerText(), /¿Enviar «Aviso para \{nombre\}» a 2 personas\?/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'enviar-pregunta', 'focus on the question');
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}/messages`, { token: admin })).body.total, 0, 'nothing sent before confirming');
  await page.getByRole('button', { name: 'Enviar a 2 personas' }).click();
  await page.locator('#enviar-estado').filter({ hasText: 'Mensaje en cola para 2 personas' }).waitFor();
  const entry = page.locator('.messages-log-item').first();
  await entry.waitFor();
  assert.equal(await entry.locator('.messages-log-subject').innerText(), 'Aviso para {nombre}');
  assert.match(await entry.locator('.messages-log-meta').innerText(), /2 personas · Confirmadas y en lista de espera · Inglés · por Administración/);
  assert.equal(await page.getByLabel('Asunto', { exact: true }).inputValue(), '', 'the form is cleared for the next message');

  const log = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/messages`, { token: admin });
  assert.equal(log.body.total, 1);
  assert.equal(log.body.items[0].recipients, 2);
  const outbox = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/outbox?limit=10`, { token: admin });
  assert.equal(outbox.body.items.filter((i) => i.kind === 'edition.message').length, 2);

  assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at 390 px');
  assert.deepEqual(errors, []);
});
