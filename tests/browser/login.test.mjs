// login.test.mjs — sign-in and the admin shell in a real browser: a wrong password is refused
// in place, the admin lands on /admin, edits Pastaza's venue (checked through the API), sees
// the API's field error for dates in the wrong order next to that field, and signs out. After
// signing in, ?next= leads only to an address of this site: another host in any spelling (a tab
// or newline inside "//", a backslash, a full URL) or a javascript: address ends on /admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, ADMIN } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';

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

// Answers the test provokes on purpose: 401 for the session check and the wrong password,
// 400 for the dates in the wrong order. Chromium logs each as a console error.
const EXPECTED = [/status of 401/, /status of 400/];

test('sign in, edit an edition, see a field error, sign out', async () => {
  const { page, context, errors } = await openPage(browser, { allow: EXPECTED });

  // Without a session /admin sends to the login form, remembering where to come back.
  await page.goto(server.url + '/admin');
  await page.waitForURL(/\/login\?next=/);
  assert.equal(new URL(page.url()).searchParams.get('next'), '/admin');
  await page.getByRole('heading', { level: 1, name: 'Ingresar' }).waitFor();

  // Wrong password: the message appears in the alert region and next to the field.
  const email = page.getByLabel('Correo electrónico');
  const password = page.getByLabel('Contraseña');
  await email.fill(ADMIN.email);
  await password.fill('no-es-la-clave');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  const alert = page.locator('#login-estado');
  await page.waitForFunction(() => /incorrectos/.test(document.querySelector('#login-estado').textContent));
  assert.match(await alert.innerText(), /Correo o contraseña incorrectos/);
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  const describedBy = await password.getAttribute('aria-describedby');
  assert.match(await page.locator(`[id="${describedBy}"]`).innerText(), /Correo o contraseña incorrectos/);
  assert.equal(page.url().includes('/login'), true);

  // Right password: to /admin (the ?next= target).
  await password.fill(ADMIN.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => u.pathname === '/admin');
  const account = page.getByRole('banner').locator('#cuenta');
  await account.waitFor();
  assert.equal(await account.locator('#cuenta-nombre').innerText(), ADMIN.name);
  assert.equal(await account.locator('#cuenta-rol').innerText(), 'Administrador(a)');
  await page.getByRole('heading', { level: 2, name: 'Ediciones' }).waitFor();
  const table = page.getByRole('table');
  await table.getByRole('link', { name: /Latacunga/ }).waitFor();
  await table.getByRole('link', { name: /Pastaza/ }).waitFor();

  // Edit Pastaza's venue: only the changed field is sent, and the API then has it.
  const venue = 'Coliseo Municipal de Puyo';
  await page.getByRole('button', { name: /^Editar .*Pastaza/ }).click();
  const form = page.locator('#edicion-form');
  await page.getByRole('heading', { level: 2, name: /Editar: .*Pastaza/ }).waitFor();
  assert.match(await page.getByLabel('Fecha de inicio').inputValue(), /^2025-\d\d-\d\d$/, 'the form holds the current dates');
  const patchRequest = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByLabel('Sede').fill(venue);
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await patchRequest).postData()), { venue });
  await page.getByRole('status').filter({ hasText: 'Se guardaron los cambios' }).waitFor();
  await table.getByText(venue).waitFor();
  const saved = await api(server.url, 'GET', '/api/v1/editions/pastaza-2025');
  assert.equal(saved.status, 200);
  assert.equal(saved.body.venue, venue);

  // Dates in the wrong order: the API's own message, next to the field it names, focused.
  await page.getByRole('button', { name: /^Editar .*Pastaza/ }).click();
  await page.getByLabel('Fecha de inicio').fill('2025-11-21');
  await page.getByLabel('Fecha de fin').fill('2025-11-20');
  const answer = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  const res = await answer;
  assert.equal(res.status(), 400, 'the API refuses dates in the wrong order');
  const { error } = await res.json();
  assert.equal(error.code, 'validation_failed');
  assert.ok(['starts_on', 'ends_on'].includes(error.field), `field names a date: ${error.field}`);
  const field = form.locator(`[name="${error.field}"]`);
  await page.waitForFunction((name) => document.querySelector(`#edicion-form [name="${name}"]`)
    .getAttribute('aria-invalid') === 'true', error.field);
  const errorId = (await field.getAttribute('aria-describedby')).split(/\s+/).find((id) => id.endsWith('-error'));
  assert.equal(await page.locator(`[id="${errorId}"]`).innerText(), error.message);
  assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'the field has the focus');
  assert.match(await page.locator('#editor-estado').innerText(), /No se guardó/);
  const unchanged = await api(server.url, 'GET', '/api/v1/editions/pastaza-2025');
  assert.equal(unchanged.body.starts_on, saved.body.starts_on);
  assert.equal(unchanged.body.ends_on, saved.body.ends_on);
  await page.getByRole('button', { name: 'Cancelar' }).click();

  // Sign out: back to the login form, and /admin asks for a session again.
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.goto(server.url + '/admin');
  await page.waitForURL(/\/login\?next=/);

  assert.deepEqual(errors, []);
  await context.close();
});

test('the login form checks empty fields before asking the server', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 740 });
  await page.goto(server.url + '/login');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  const email = page.getByLabel('Correo electrónico');
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await email.evaluate((el) => el === document.activeElement), true);
  assert.match(await page.locator('#login-estado').innerText(), /correo/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after too many failures the form says how long to wait (Retry-After)', async () => {
  const own = await startServer({ seed: false });  // its own server: the lock-out must not touch the others
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 429/] });
  try {
    for (let i = 0; i < 30; i++) {
      const r = await api(own.url, 'POST', '/api/v1/session', { body: { email: ADMIN.email, password: `mala-${i}` } });
      if (r.status === 429) break;
      assert.equal(r.status, 401);
    }
    await page.goto(own.url + '/login');
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill('otra-mala');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
    await page.getByRole('button', { name: 'Ingresar' }).click();
    const res = await answer;
    assert.equal(res.status(), 429);
    const seconds = res.headers()['retry-after'];
    assert.match(seconds, /^\d+$/);
    await page.waitForFunction(() => /Demasiados intentos/.test(document.querySelector('#login-estado').textContent));
    assert.match(await page.locator('#login-estado').innerText(), new RegExp(`Espere ${seconds} segundos`));
    assert.equal(await page.getByRole('button', { name: 'Ingresar' }).isDisabled(), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await own.stop();
  }
});

test('after signing in, ?next= leads only to this site', async () => {
  const { page, context, errors } = await openPage(browser);
  const here = new URL(server.url);
  // any other host answers a look-alike page, so a wrong redirect shows as the landing address
  await context.route((u) => u.host !== here.host, (route) => route.fulfill({ contentType: 'text/html', body: '<title>phish</title>' }));
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const signInWith = async (next) => {
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Correo electrónico').fill(ADMIN.email);
    await page.getByLabel('Contraseña').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.host !== here.host || u.pathname !== '/login');
    const u = new URL(page.url());
    return u.host === here.host ? u.pathname + u.search + u.hash : u.href;
  };
  const hostile = [
    '/\t/127.0.0.2:38999/phish.html', '/\n/127.0.0.2:38999/phish.html', '/\r\n/127.0.0.2:38999/phish.html',
    '//evil.example/phish.html', 'https://evil.example/phish.html', '/\\evil.example/phish.html',
    '\\\\evil.example/phish.html', 'javascript:alert(1)',
  ];
  for (const next of hostile) {
    assert.equal(await signInWith(next), '/admin', `next=${JSON.stringify(next)}`);
  }
  assert.equal(await signInWith('/privacidad?de=login#arriba'), '/privacidad?de=login#arriba', 'a path of this site is kept whole');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await context.close();
});
