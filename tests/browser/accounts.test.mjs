// accounts.test.mjs — the accounts pages in a real browser: an admin creates an account with a
// temporary password, raises and lowers its role (lowering asks in a modal dialog that Escape
// cancels and the keyboard confirms), deactivates it after confirming; the account's first sign-in
// leads to changing the temporary password; a forgotten password goes from the login page's link
// through the e-mailed link (followed from a real SMTP server) to a new password; the audit page
// filters by action. Phone width (390 px) has no sideways scroll; no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, freePort, until, ADMIN } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';
import { launch, openPage, close, hasHorizontalScroll, headingLevels, headingProblems } from './browser.mjs';

let smtp;
let server;
let browser;
let admin;
before(async () => {
  smtp = await startSmtp(await freePort());
  server = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  browser = await launch();
  admin = await login(server.url);
});
after(async () => {
  await close(browser);
  await server?.stop();
  await smtp?.stop();
});

const AUDITED = { name: 'Jorge Pilataxi', email: 'jorge.pilataxi@test.ec', role: 'staff', password: 'laguna-de-quilotoa-7' };
const NEW = { name: 'Rosa Tanguila', email: 'rosa.tanguila@test.ec', password: 'cascada-de-mera-21' };

async function signIn(page, email, password) {
  await page.goto(server.url + '/login');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

const account = async (email) => (await api(server.url, 'GET', '/api/v1/users', { token: admin })).body.items.find((u) => u.email === email);

test('an admin creates an account, changes its role with confirmation, and deactivates it', async () => {
  const { page, context, errors } = await openPage(browser);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL((u) => u.pathname === '/admin');
  await page.getByRole('navigation', { name: 'Secciones de administración' }).getByRole('link', { name: 'Cuentas' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/usuarios');
  await page.getByRole('heading', { level: 2, name: 'Cuentas de la administración' }).waitFor();
  await page.getByRole('row', { name: new RegExp(ADMIN.email) }).waitFor();

  await page.getByRole('button', { name: 'Nueva cuenta' }).click();
  const form = page.locator('#nueva-form');
  await form.getByLabel('Nombre').fill(NEW.name);
  await form.getByLabel('Correo electrónico').fill(NEW.email);
  await form.getByLabel('Rol').selectOption('staff');
  await form.getByLabel('Contraseña temporal').fill(NEW.password);
  await form.getByRole('button', { name: 'Crear cuenta' }).click();
  await page.waitForFunction(() => /creada con contraseña temporal/.test(document.querySelector('#lista-estado').textContent));
  const row = page.getByRole('row', { name: new RegExp(NEW.name) });
  assert.match(await row.innerText(), /Personal de acreditación/);
  assert.match(await row.innerText(), /contraseña temporal/);

  // raise the role: no question asked
  await row.getByRole('button', { name: /Gestionar/ }).click();
  await page.getByRole('heading', { name: `Cuenta de ${NEW.name}` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'gestion-titulo');
  await page.locator('#g-role').selectOption('organizer');
  await page.getByRole('button', { name: 'Cambiar rol' }).click();
  // the page has the new role once it says so; the server had it a moment before
  await page.waitForFunction(() => /ahora es/.test(document.querySelector('#gestion-estado').textContent));
  assert.equal((await account(NEW.email)).role, 'organizer');

  // lower it: a modal dialog; Escape cancels and nothing changes
  await page.locator('#g-role').selectOption('staff');
  await page.getByRole('button', { name: 'Cambiar rol' }).click();
  const dialog = page.getByRole('dialog', { name: `¿Bajar el rol de ${NEW.name}?` });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancelar', 'the safe choice has the focus');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await account(NEW.email)).role, 'organizer');
  // the keyboard confirms: back from "Cancelar" to the confirm button, Enter
  await page.getByRole('button', { name: 'Cambiar rol' }).click();
  await dialog.waitFor();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cambiar rol');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => /ahora es Personal/.test(document.querySelector('#gestion-estado').textContent));
  assert.equal((await account(NEW.email)).role, 'staff');

  // deactivate after confirming
  await page.getByRole('button', { name: 'Desactivar cuenta' }).click();
  const off = page.getByRole('dialog', { name: `¿Desactivar la cuenta de ${NEW.name}?` });
  await off.getByRole('button', { name: 'Desactivar cuenta' }).click();
  await page.waitForFunction(() => /desactivada/.test(document.querySelector('#gestion-estado').textContent));
  assert.equal((await account(NEW.email)).active, false);
  assert.match(await page.getByRole('row', { name: new RegExp(NEW.name) }).innerText(), /Desactivada/);
  assert.equal(await page.getByRole('button', { name: 'Reactivar cuenta' }).count(), 1);

  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at 390 px');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a temporary password leads to changing it at the first sign-in', async () => {
  const acct = await account(NEW.email);
  await api(server.url, 'PATCH', `/api/v1/users/${acct.id}`, { token: admin, body: { active: true } });
  const { page, context, errors } = await openPage(browser, { width: 390, height: 844 });
  await signIn(page, NEW.email, NEW.password);
  await page.waitForURL((u) => u.pathname === '/admin/usuarios');
  await page.getByText('Su contraseña es temporal').waitFor();
  assert.equal(await page.locator('#cuentas').isHidden(), true, 'staff see only their own password');
  await page.getByLabel('Contraseña actual').fill(NEW.password);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('bosque-nublado-de-mindo-5');
  await page.getByLabel('Repita la contraseña nueva').fill('bosque-nublado-de-mindo-5');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await page.waitForFunction(() => /Contraseña cambiada/.test(document.querySelector('#clave-estado').textContent));
  assert.equal((await account(NEW.email)).must_change_password, false);
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a forgotten password: the login page link, the e-mail form, the mailed link, a new password', async () => {
  const { page, context, errors } = await openPage(browser, { width: 390, height: 844 });
  await page.goto(server.url + '/login');
  await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
  await page.waitForURL((u) => u.pathname === '/restablecer');
  await page.getByLabel('Correo electrónico').fill(NEW.email);
  await page.getByRole('button', { name: 'Enviar el enlace' }).click();
  await page.getByText('Si la dirección corresponde a una cuenta activa').waitFor();
  assert.equal(await hasHorizontalScroll(page), false);

  const body = await until('the reset e-mail', () => {
    const msg = smtp.messages().find((m) => m.meta.rcpt_tos.includes(NEW.email));
    return msg && parseMessage(msg.raw).body;
  });
  const link = body.match(/https?:\/\/\S+\/restablecer\?t=[A-Za-z0-9_-]{43}/)[0];
  await page.goto(server.url + new URL(link).pathname + new URL(link).search);
  await page.getByLabel('Contraseña nueva', { exact: true }).waitFor();
  assert.equal(new URL(page.url()).search, '', 'the token left the address');
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('laguna-de-quilotoa-77');
  await page.getByLabel('Repita la contraseña nueva').fill('laguna-de-quilotoa-77');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await page.getByText('Su contraseña se cambió').waitFor();
  assert.equal((await api(server.url, 'POST', '/api/v1/session', { body: { email: NEW.email, password: 'laguna-de-quilotoa-77' } })).status, 200);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the audit page filters by action and keeps the filter in the address', async () => {
  const { page, context, errors } = await openPage(browser);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL((u) => u.pathname === '/admin');
  // this test makes its own change to find, whatever ran before it
  const made = await api(server.url, 'POST', '/api/v1/users', { token: admin, body: AUDITED });
  assert.equal(made.status, 201);
  assert.equal((await api(server.url, 'PATCH', `/api/v1/users/${made.body.id}`, { token: admin, body: { active: false } })).status, 200);
  await page.goto(server.url + '/admin/auditoria');
  await page.getByRole('table').getByRole('row').nth(1).waitFor();
  await page.getByLabel('Acción').selectOption({ label: 'Desactivó una cuenta' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await page.waitForURL((u) => u.searchParams.get('action') === 'user.deactivate');
  await page.waitForFunction(() => / cambios?\.$/.test(document.querySelector('#lista-estado').textContent));
  const texts = await page.locator('#filas tr').allInnerTexts();
  assert.ok(texts.length >= 1);
  for (const text of texts) assert.match(text, /Desactivó una cuenta/, 'only the action filtered for');
  const text = texts.find((t) => t.includes(`Cuenta: ${AUDITED.name}`));
  assert.ok(text, 'the target account by name');
  assert.match(text, new RegExp(ADMIN.name), 'who did it');
  await page.getByLabel('Desde').fill('2999-01-01');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await page.getByText('Ningún cambio coincide con los filtros.').waitFor();
  await page.reload();
  await page.getByText('Ningún cambio coincide con los filtros.').waitFor(); // the page has read the address
  assert.equal(await page.getByLabel('Desde').inputValue(), '2999-01-01', 'the filters come back from the address');
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at 390 px');
  assert.deepEqual(errors, []);
  await context.close();
});
