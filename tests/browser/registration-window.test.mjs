// registration-window.test.mjs — the registration window in a real browser: the admin editor
// shows the window as local date and 24-hour time in the edition's zone ("2030-01-05 09:30", a
// text field: an English browser, used here, would show a datetime-local control with AM/PM) and
// sends it back as typed (round trip through the API); a date that is not one is refused in place; each edition row says why it is closed to the public ("Terminó el
// 21 de noviembre de 2025", "Las inscripciones abren el …", "Estado: borrador"), and the sign-up
// page says why it takes no sign-up (ended; not yet open, from when), on a 390 px phone without
// sideways scrolling nor console errors. Seeded dates as they are (reopenPastaza: false).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, close } from './browser.mjs';
import { signIn } from './checkin-helpers.mjs';

let server;
let browser;
let token;
before(async () => {
  server = await startServer({ reopenPastaza: false, sample: true });
  browser = await launch();
  token = await login(server.url);
  const draft = await api(server.url, 'POST', '/api/v1/editions', { token, body: {
    slug: 'borrador-ventana', title: 'Asamblea en preparación', short_title: 'Borrador ventana', city: 'Loja',
    starts_on: '2030-03-10', ends_on: '2030-03-11', status: 'draft' } });
  assert.equal(draft.status, 201, draft.text);
  const soon = await api(server.url, 'POST', '/api/v1/editions', { token, body: {
    slug: 'pronto-ventana', title: 'Asamblea que abre pronto', short_title: 'Pronto ventana', city: 'Tena',
    starts_on: '2030-03-10', ends_on: '2030-03-11', status: 'open', registration_opens_at: '2030-01-05T09:30' } });
  assert.equal(soon.status, 201, soon.text);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

test('admin: each row says why the public cannot sign up; the editor window fields round-trip', async () => {
  // provoked on purpose: 401 for the session check before signing in, 400 for the window in the wrong order
  const { page, context, errors } = await openPage(browser, { locale: 'en-US', allow: [/status of 401/, /status of 400/] });
  await signIn(page, server.url, '/admin', ADMIN);
  const table = page.getByRole('table');
  const rowOf = (name) => table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await rowOf('Pastaza 2025').waitFor();
  assert.match(await rowOf('Pastaza 2025').innerText(), /Cerrada al público: Terminó el 21 de noviembre de 2025/);
  assert.match(await rowOf('Borrador ventana').innerText(), /Cerrada al público: Estado: borrador/);
  assert.match(await rowOf('Pronto ventana').innerText(), /Las inscripciones abren el 5 de enero de 2030, 09:30/);
  assert.match(await rowOf('Edición de ejemplo').innerText(), /Inscripción pública abierta/);

  // the editor opens once the edition's current record has come back (it is hidden after each save)
  const openEditor = async () => {
    await page.getByRole('button', { name: /^Editar .*Pronto ventana/ }).click();
    await page.getByRole('heading', { level: 2, name: /Editar: .*Pronto ventana/ }).waitFor();
  };
  await openEditor();
  const opens = page.getByLabel('Las inscripciones abren');
  const closes = page.getByLabel('Las inscripciones cierran');
  assert.equal(await opens.inputValue(), '2030-01-05 09:30', 'local 24-hour time in the edition zone');
  assert.equal(await opens.getAttribute('type'), 'text', 'no locale clock with AM/PM');
  assert.equal(await page.locator('#f-estado-publico').innerText(),
    'Ahora cerrada al público. Las inscripciones abren el 5 de enero de 2030, 09:30 (hora local de la asamblea).');
  assert.equal(await closes.inputValue(), '');
  const patchRequest = page.waitForRequest((r) => r.method() === 'PATCH');
  let patches = 0;
  page.on('request', (r) => { if (r.method() === 'PATCH') patches += 1; });
  await closes.fill('2030-02-30 17:45');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await page.getByText('Escriba la fecha y la hora local así: 2025-11-20 14:30 (24 horas).').waitFor();
  assert.equal(await closes.getAttribute('aria-invalid'), 'true');
  assert.equal(patches, 0, 'nothing sent');
  await opens.fill('2030-01-06 8:15');
  await closes.fill('2030-02-28 17:45');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await patchRequest).postData()),
    { registration_opens_at: '2030-01-06T08:15', registration_closes_at: '2030-02-28T17:45' }, 'only the changed fields');
  await page.getByRole('status').filter({ hasText: 'Se guardaron los cambios' }).waitFor();
  const saved = (await api(server.url, 'GET', '/api/v1/editions/pronto-ventana')).body;
  assert.equal(saved.registration_opens_at, '2030-01-06T08:15:00-05:00');
  assert.equal(saved.registration_closes_at, '2030-02-28T17:45:00-05:00');
  await rowOf('Pronto ventana').filter({ hasText: 'abren el 6 de enero de 2030, 08:15' }).waitFor();

  // opened again, the form holds what was saved; emptying a field clears that side
  await openEditor();
  assert.equal(await opens.inputValue(), '2030-01-06 08:15');
  assert.equal(await closes.inputValue(), '2030-02-28 17:45');
  const clearRequest = page.waitForRequest((r) => r.method() === 'PATCH');
  await closes.fill('');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await clearRequest).postData()), { registration_closes_at: null });
  await page.getByRole('status').filter({ hasText: 'Se guardaron los cambios' }).waitFor();
  assert.equal((await api(server.url, 'GET', '/api/v1/editions/pronto-ventana')).body.registration_closes_at, null);

  // closes before opens: the API's message next to the field
  await openEditor();
  await closes.fill('2030-01-01T00:00'); // the API's own form is read too
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await page.getByText('Las inscripciones deben cerrar después de abrir.').waitFor();
  assert.equal(await closes.getAttribute('aria-invalid'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the sign-up page says why it is closed: ended, or from when it opens (390 px phone)', async () => {
  const { page, context, errors } = await openPage(browser, { width: 390, height: 800 });
  await page.goto(server.url + '/e/pastaza-2025/inscripcion');
  const notice = page.locator('.notice-closed');
  await notice.getByRole('heading', { name: 'Esta asamblea ya se realizó' }).waitFor();
  assert.match(await notice.innerText(), /Terminó el 21 de noviembre de 2025/);
  assert.equal(await page.locator('form').count(), 0, 'no form');
  assert.equal(await hasHorizontalScroll(page), false);

  await page.goto(server.url + '/e/pronto-ventana/inscripcion');
  await notice.getByRole('heading', { name: 'Las inscripciones aún no están abiertas' }).waitFor();
  assert.match(await notice.innerText(), /Las inscripciones abren el 6 de enero de 2030, 08:15/);
  assert.equal(await hasHorizontalScroll(page), false);

  await page.goto(server.url + '/e/pronto-ventana');
  await page.locator('#inscripciones-cerradas').waitFor();
  assert.match(await page.locator('#inscripciones-cerradas').innerText(), /abren el 6 de enero de 2030, 08:15/);
  assert.match(await page.locator('.hero-badges').innerText(), /Inscripciones próximamente/);
  assert.equal(await hasHorizontalScroll(page), false);

  await page.goto(server.url + '/e/ejemplo/inscripcion');
  await page.getByRole('button', { name: /Inscribirme|Enviar|Inscribir/ }).first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
