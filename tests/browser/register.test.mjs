// register.test.mjs — the public registration in a real browser: from the edition page's
// "Inscribirse" to the form; empty fields caught in the page, a bad email caught by the API and
// shown next to the field; a valid sign-up with accents gives the confirmation with the code,
// the status and the manage link, which opens the attendee's page; the same email in capitals
// is a duplicate; institutions are suggested; a full edition waitlists; a closed or finished
// edition shows a note instead of the form; a 503 or a lost answer is repeated by the page with
// the same Idempotency-Key, and registers the person once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const EMAIL = 'jose.nacato@puyo.gob.ec';
const CODE = /^[A-HJ-NP-Z2-9]{6}$/;  // no 0, O, 1 or I

let server;
let browser;
let token;
before(async () => {
  server = await startServer();
  browser = await launch();
  token = await login(server.url);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

/** The message element a field points to with aria-describedby (its error). */
async function errorOf(page, locator) {
  assert.equal(await locator.getAttribute('aria-invalid'), 'true');
  const id = (await locator.getAttribute('aria-describedby')).split(/\s+/).find((x) => x.endsWith('-error'));
  assert.ok(id, 'the field points to its error message');
  return page.locator(`[id="${id}"]`).innerText();
}

async function fill(page, { name = 'José Ñacato Pérez', email = EMAIL } = {}) {
  await page.getByLabel('Nombre completo').fill(name);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Teléfono').fill('099 123 4567');
  await page.getByLabel('Institución').fill('GAD Municipal de Pastaza');
  await page.getByLabel('Cargo').fill('Técnico de Cooperación');
  await page.getByLabel('Cantón / municipio').fill('Pastaza');
  await page.getByRole('radio', { name: 'Funcionario/a municipal' }).check();
  await page.getByLabel('Necesidades de accesibilidad (opcional)').fill('Acceso para silla de ruedas');
  await page.getByRole('checkbox', { name: /Acepto que la AME trate mis datos/ }).check();
}

test('sign up from the edition page: field errors, the API\'s own message, confirmation and manage link', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 400/] });
  await page.goto(server.url + '/');
  await page.getByRole('main').getByRole('link', { name: /Pastaza/ }).click();
  await page.waitForURL(`**/e/${SLUG}`);
  await page.getByRole('link', { name: 'Inscribirse' }).click();
  await page.waitForURL(`**/e/${SLUG}/inscripcion`);
  await page.getByRole('heading', { level: 1, name: 'Inscripción' }).waitFor();
  assert.match(await page.title(), /Inscripción · Pastaza 2025/);
  assert.equal(await hasHorizontalScroll(page), false, 'the form fits a phone');
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  // The privacy policy is linked from the consent box.
  assert.equal(await page.getByRole('link', { name: 'Lea la política de datos' }).getAttribute('href'), '/privacidad');

  // Empty: every required field is marked in the page; nothing is sent.
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST') posts++; });
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  const name = page.getByLabel('Nombre completo');
  assert.match(await errorOf(page, name), /nombre/);
  assert.match(await errorOf(page, page.getByLabel('Correo electrónico')), /correo/);
  assert.match(await errorOf(page, page.getByLabel('Institución')), /institución/);
  assert.match(await errorOf(page, page.getByRole('radiogroup', { name: 'Participa como' })), /Elija/);
  assert.match(await errorOf(page, page.getByRole('checkbox', { name: /Acepto/ })), /política de datos/);
  assert.equal(await page.getByLabel('Cargo').getAttribute('aria-invalid'), null, 'optional fields stay valid');
  assert.equal(await name.evaluate((el) => el === document.activeElement), true, 'the first field has the focus');
  assert.match(await page.getByRole('alert').first().innerText(), /Revise 5 campos/);
  assert.equal(posts, 0);

  // A filled form with a bad email: the API judges it and its message sits next to the email.
  await fill(page, { email: 'a@b' });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  const res = await answer;
  assert.equal(res.status(), 400);
  const { error } = await res.json();
  assert.equal(error.field, 'email');
  const email = page.getByLabel('Correo electrónico');
  await page.waitForFunction(() => document.querySelector('#r-email').getAttribute('aria-invalid') === 'true');
  assert.equal(await errorOf(page, email), error.message);
  assert.equal(await email.evaluate((el) => el === document.activeElement), true);
  assert.equal(await name.getAttribute('aria-invalid'), null, 'earlier errors are cleared');

  // Valid: the confirmation, its heading focused, the code and the status.
  await email.fill(EMAIL);
  const created = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  const body = await (await created).json();
  const heading = page.getByRole('heading', { level: 1, name: 'Inscripción confirmada' });
  await heading.waitFor();
  assert.equal(await heading.evaluate((el) => el === document.activeElement), true, 'the confirmation heading has the focus');
  const code = (await page.locator('.reg-code').innerText()).trim();
  assert.match(code, CODE);
  assert.equal(code, body.code);
  assert.equal(await page.locator('.badge-reg').innerText(), 'Confirmada');
  const link = page.getByLabel('Enlace para gestionar su inscripción');
  const url = new URL(await link.inputValue());
  assert.equal(url.pathname, `/r/${code}`);
  assert.equal(url.searchParams.get('t'), body.manage_token);
  await page.getByRole('button', { name: 'Copiar enlace' }).click();
  await page.getByRole('status').filter({ hasText: /Enlace copiado|No se pudo copiar/ }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false, 'the confirmation fits a phone');
  assert.deepEqual(headingProblems(await headingLevels(page)), []);

  // The manage link opens the attendee's page with the data as typed.
  await page.getByRole('link', { name: 'Abrir mi inscripción' }).click();
  await page.waitForURL((u) => u.pathname === `/r/${code}`);
  await page.getByRole('heading', { level: 1, name: 'Su inscripción' }).waitFor();
  const summary = page.locator('.reg-summary');
  await summary.getByText('José Ñacato Pérez').waitFor();
  assert.match(await summary.innerText(), /GAD Municipal de Pastaza/);
  assert.match(await summary.innerText(), /Funcionario\/a municipal/);
  assert.match(await summary.innerText(), /Acceso para silla de ruedas/);
  assert.equal(await summary.locator('.reg-code').innerText(), code);

  assert.deepEqual(errors, []);
  await context.close();
});

test('the same email in capitals is a duplicate, shown next to the email', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 409/] });
  await page.goto(`${server.url}/e/${SLUG}/inscripcion`);
  await page.getByLabel('Nombre completo').waitFor();
  await fill(page, { name: 'José Ñacato', email: EMAIL.toUpperCase() });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  const res = await answer;
  assert.equal(res.status(), 409);
  const { error } = await res.json();
  assert.equal(error.code, 'duplicate_registration');
  const email = page.getByLabel('Correo electrónico');
  await page.waitForFunction(() => document.querySelector('#r-email').getAttribute('aria-invalid') === 'true');
  assert.equal(await errorOf(page, email), error.message);
  assert.equal(await email.evaluate((el) => el === document.activeElement), true);
  assert.equal(await page.getByRole('heading', { name: 'Inscripción confirmada' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 503 and a lost answer are repeated by the page with the same key, and register once', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 503/, /Failed to load resource/] });
  const keys = [];
  let firstCode = '';
  await page.route('**/api/v1/editions/*/registrations', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    keys.push(request.headers()['idempotency-key']);
    if (keys.length === 1) { // the server could not write
      return route.fulfill({ status: 503, headers: { 'retry-after': '0', 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'unavailable', message: 'No se pudo guardar en este momento.' } }) });
    }
    if (keys.length === 2) { // written, but the answer never arrives
      const answer = await route.fetch();
      firstCode = (await answer.json()).code;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.goto(`${server.url}/e/${SLUG}/inscripcion`);
  await page.getByLabel('Nombre completo').waitFor();
  await fill(page, { name: 'Marta Reintento', email: 'marta.reintento@ejemplo.org' });
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inscripción confirmada' }).waitFor();
  assert.equal(keys.length, 3, 'the page sent the sign-up three times');
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.deepEqual(new Set(keys).size, 1, 'always with the same Idempotency-Key');
  assert.equal(await page.locator('.reg-code').innerText(), firstCode, 'the code of the sign-up that was written');
  const list = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/registrations?q=marta.reintento`, { token });
  assert.equal(list.body.total, 1, 'registered once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('institutions are suggested as the person types', async () => {
  const { page, context, errors } = await openPage(browser);
  await page.goto(`${server.url}/e/${SLUG}/inscripcion`);
  const org = page.getByLabel('Institución');
  await org.waitFor();
  // the request for the whole text typed (a loaded machine may also ask for a prefix on the way)
  const asked = page.waitForRequest((r) => r.url().includes('/api/v1/organizations?q=')
    && new URL(r.url()).searchParams.get('q') === 'GAD Mu');
  await org.pressSequentially('GAD Mu', { delay: 30 });
  await asked;
  const listId = await org.getAttribute('list');
  await page.waitForFunction((id) => document.getElementById(id).options.length > 0, listId);
  const options = await page.locator(`[id="${listId}"] option`).evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.includes('GAD Municipal de Pastaza'), options.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a full edition puts the person on the waitlist with a position', async () => {
  const { page, context, errors } = await openPage(browser);
  const before = await api(server.url, 'GET', `/api/v1/editions/${SLUG}`);
  const patched = await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { capacity: before.body.confirmed } });
  assert.equal(patched.status, 200);
  try {
    await page.goto(`${server.url}/e/${SLUG}/inscripcion`);
    await page.getByLabel('Nombre completo').waitFor();
    await fill(page, { name: 'Rosa Espera', email: 'rosa.espera@ejemplo.org' });
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    await page.getByRole('heading', { level: 1, name: 'Está en la lista de espera' }).waitFor();
    assert.equal(await page.locator('.badge-reg').innerText(), 'En lista de espera (puesto 1)');
    assert.match(await page.locator('.reg-code').innerText(), CODE);
  } finally {
    await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { capacity: before.body.capacity } });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a finished edition, and one that closes while the form is open, show a note instead', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 409/] });
  await page.goto(`${server.url}/e/latacunga-2024/inscripcion`);
  await page.getByRole('heading', { level: 2, name: 'Esta asamblea ya se realizó' }).waitFor();
  assert.match(await page.locator('.notice').innerText(), /25–26 de noviembre de 2024/);
  assert.equal(await page.getByRole('button', { name: 'Inscribirme' }).count(), 0);
  await page.goto(`${server.url}/e/latacunga-2024`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Inscribirse' }).count(), 0, 'no button on a finished edition');

  await page.goto(`${server.url}/e/${SLUG}/inscripcion`);
  await page.getByLabel('Nombre completo').waitFor();
  await fill(page, { name: 'Tarde Llegada', email: 'tarde@ejemplo.org' });
  assert.equal((await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { status: 'closed' } })).status, 200);
  try {
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Inscribirme' }).click();
    const res = await answer;
    assert.equal(res.status(), 409);
    assert.equal((await res.json()).error.code, 'registration_closed');
    // Which note depends on today's date against the edition's (the seeded dates may be past).
    const note = page.getByRole('heading', { level: 2, name: /Las inscripciones están cerradas|Esta asamblea ya se realizó/ });
    await note.waitFor();
    assert.equal(await note.evaluate((el) => el === document.activeElement), true);
    assert.equal(await page.getByRole('button', { name: 'Inscribirme' }).count(), 0);
  } finally {
    await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { status: 'open' } });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the privacy page says who, what for, the law, the rights and no sale', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800 });
  await page.goto(`${server.url}/privacidad`);
  await page.getByRole('heading', { level: 1, name: 'Política de datos personales' }).waitFor();
  const text = await page.getByRole('main').innerText();
  for (const re of [/Dirección de Cooperación Internacional/, /Ley Orgánica de Protección de Datos Personales/, /consentimiento/,
    /credencial/, /certificado/, /[Ee]stadísticas/, /corregir/, /eliminemos/, /No vendemos/, /dos años/]) {
    assert.match(text, re);
  }
  await page.locator('#contactos').getByRole('link', { name: /@ame\.gob\.ec/ }).waitFor();
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});
