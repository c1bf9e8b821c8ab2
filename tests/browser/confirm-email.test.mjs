// confirm-email.test.mjs — the double opt-in in a real browser: an organizer turns on "Confirmar
// el correo antes de inscribir" on the edition form; a sign-up then shows "Revise su correo"
// instead of a code (no seat taken); the e-mailed link opens a page whose button takes the seat and
// shows the code and the manage link; the same link a second time says it no longer works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, ADMIN, freePort, until } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';
import { launch, openPage, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const EMAIL = 'doble.optin@puyo.gob.ec';

let server;
let smtp;
let browser;
before(async () => {
  smtp = await startSmtp(await freePort());
  server = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  browser = await launch();
});
after(async () => {
  await close(browser);
  await server?.stop();
  await smtp?.stop();
});

/** The link of the confirmation message delivered to an address, as its recipient reads it. */
function mailedLink(email) {
  return until(`the confirmation to ${email}`, () => {
    for (const m of smtp.messages().reverse()) {
      if (!m.meta.rcpt_tos.includes(email)) continue;
      const link = parseMessage(m.raw).body.match(/(https?:\/\/\S+\/confirmar\?t=[A-Za-z0-9_-]{43})\r?\n/);
      if (link) return link[1];
    }
    return null;
  });
}

test('the organizer turns on e-mail confirmation; a sign-up waits for its link, which then registers once', async () => {
  // The organizer's edition form shows the option and sends it.
  const admin = await openPage(browser);
  await admin.page.goto(server.url + '/login?next=/admin');
  await admin.page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await admin.page.getByLabel('Contraseña').fill(ADMIN.password);
  await admin.page.getByRole('button', { name: 'Ingresar' }).click();
  await admin.page.waitForURL((u) => u.pathname === '/admin');
  await admin.page.getByRole('button', { name: /^Editar .*Pastaza/ }).click();
  const option = admin.page.getByRole('checkbox', { name: 'Confirmar el correo antes de inscribir' });
  assert.equal(await option.isChecked(), false);
  const patchRequest = admin.page.waitForRequest((r) => r.method() === 'PATCH');
  await option.check();
  await admin.page.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await patchRequest).postData()), { confirm_email: true });
  await admin.page.getByRole('status').filter({ hasText: 'Se guardaron los cambios' }).waitFor();
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}`)).body.confirm_email, true);
  await admin.page.getByRole('button', { name: /^Editar .*Pastaza/ }).click();
  assert.equal(await option.isChecked(), true, 'the form shows the saved option');
  assert.deepEqual(admin.errors, []);
  await admin.context.close();

  const seatsBefore = (await api(server.url, 'GET', `/api/v1/editions/${SLUG}`)).body.seats_taken;
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 404/] });
  await page.goto(`${server.url}/e/${SLUG}/inscripcion`);
  await page.getByLabel('Nombre completo').fill('Rosa Tanguila');
  await page.getByLabel('Correo electrónico').fill(EMAIL);
  await page.getByLabel('Institución').fill('GAD Municipal de Pastaza');
  await page.getByRole('radio', { name: 'Funcionario/a municipal' }).check();
  await page.getByRole('checkbox', { name: /Acepto que la AME trate mis datos/ }).check();
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  await page.getByRole('heading', { level: 1, name: 'Revise su correo' }).waitFor();
  assert.match(await page.locator('#revise-correo').innerText(), new RegExp(`enlace a ${EMAIL.replace('.', '\\.')}[\\s\\S]*48 horas`));
  assert.equal(await page.getByText(/código de inscripción/i).count(), 0, 'no code before the address is confirmed');
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}`)).body.seats_taken, seatsBefore, 'no seat taken yet');

  // Opening the link shows a button; nothing happens before it is pressed (a mail scanner that
  // fetches the link confirms nothing).
  const link = (await mailedLink(EMAIL)).replace(/^https?:\/\/[^/]+/, server.url);
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Confirmar inscripción' }).waitFor();
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}`)).body.seats_taken, seatsBefore);
  await page.getByRole('button', { name: 'Confirmar mi inscripción' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inscripción confirmada' }).waitFor();
  const code = (await page.locator('.reg-code').innerText()).replace(/\s|-/g, '');
  assert.match(code, /[A-HJ-NP-Z2-9]{6}/);
  const manage = await page.getByRole('link', { name: 'Abrir mi inscripción' }).getAttribute('href');
  assert.match(manage, /\/r\/[A-HJ-NP-Z2-9]{6}\?t=/);
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}`)).body.seats_taken, seatsBefore + 1);

  // The same link again: it no longer works, and the page says so.
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirmar mi inscripción' }).click();
  await page.getByRole('heading', { name: 'Este enlace ya no sirve' }).waitFor();
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}`)).body.seats_taken, seatsBefore + 1);
  assert.deepEqual(errors, []);
  await context.close();
});
