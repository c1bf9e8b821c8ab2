// manage.test.mjs — the attendee's own page (/r/CODE?t=TOKEN) in a real browser: it shows the
// registration, saves a corrected phone (only that field is sent; the API then has it), shows
// the API's field error in place, cancels only after the in-page confirmation, explains a wrong
// link kindly, and after too many wrong links says how long to wait (Retry-After). The token
// leaves the address bar and the history as soon as the page has read it, a reload of the tab
// still works, another tab does not have it, and no request of the page carries it in Referer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';

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

async function register(base, person) {
  const r = await api(base, 'POST', `/api/v1/editions/${SLUG}/registrations`, {
    body: { organization: 'GAD Municipal de Nabón', attendee_type: 'authority', consent: true, ...person },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const read = (base, reg) => api(base, 'GET', `/api/v1/registrations/${reg.code}`, { headers: { 'x-manage-token': reg.manage_token } });

test('the attendee sees the registration, corrects the phone and cancels in two steps', async () => {
  const reg = await register(server.url, {
    full_name: 'Magdalena Fernández', email: 'mfernandez@nabon.gob.ec', phone: '0991234567', municipality: 'Nabón', position: 'Alcaldesa',
  });
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 400/] });
  await page.goto(`${server.url}/r/${reg.code}?t=${reg.manage_token}`);
  await page.getByRole('heading', { level: 1, name: 'Su inscripción' }).waitFor();
  const summary = page.locator('.reg-summary');
  await summary.getByText('Magdalena Fernández').waitFor();
  assert.equal(await summary.locator('.reg-code').innerText(), reg.code);
  assert.equal(await summary.locator('.badge-reg').innerText(), 'Confirmada');
  assert.match(await summary.innerText(), /Autoridad/);
  assert.match(await summary.innerText(), /0991234567/);
  assert.match(await page.title(), /Su inscripción · Pastaza 2025/);
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);

  // Correct the phone: a bad one first (the API's message in place), then a good one.
  const open = page.getByRole('button', { name: 'Corregir mis datos' });
  await open.click();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');
  const phone = page.getByLabel('Teléfono');
  assert.equal(await phone.inputValue(), '0991234567', 'the form holds the current data');
  await phone.fill('12');
  const bad = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  const badRes = await bad;
  assert.equal(badRes.status(), 400);
  const { error } = await badRes.json();
  assert.equal(error.field, 'phone');
  await page.waitForFunction(() => document.querySelector('#m-phone').getAttribute('aria-invalid') === 'true');
  assert.equal(await page.locator('#m-phone-error').innerText(), error.message);
  assert.equal(await phone.evaluate((el) => el === document.activeElement), true);

  await phone.fill('+593 99 765 4321');
  const req = page.waitForRequest((r) => r.method() === 'PATCH');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  const sent = await req;
  assert.deepEqual(JSON.parse(sent.postData()), { phone: '+593 99 765 4321' }, 'only the changed field');
  assert.equal(sent.headers()['x-manage-token'], reg.manage_token);
  await page.getByRole('status').filter({ hasText: 'Se guardaron los cambios' }).waitFor();
  await summary.getByText('+593 99 765 4321').waitFor();
  assert.equal((await read(server.url, reg)).body.phone, '+593 99 765 4321');

  // Cancel: the first button only asks; "No" keeps everything; "Sí" cancels.
  await page.getByRole('button', { name: 'Cancelar mi inscripción' }).click();
  const question = page.getByText('¿Seguro que desea cancelar su inscripción?');
  await question.waitFor();
  assert.equal(await question.evaluate((el) => el === document.activeElement), true, 'the question has the focus');
  await page.getByRole('button', { name: 'No, mantener mi inscripción' }).click();
  assert.equal(await question.isVisible(), false);
  assert.equal((await read(server.url, reg)).body.status, 'confirmed');

  await page.getByRole('button', { name: 'Cancelar mi inscripción' }).click();
  const del = page.waitForRequest((r) => r.method() === 'DELETE');
  await page.getByRole('button', { name: 'Sí, cancelar mi inscripción' }).click();
  await del;
  await summary.locator('.badge-reg').filter({ hasText: 'Cancelada' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Su inscripción fue cancelada' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Corregir mis datos' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /Cancelar mi inscripción/ }).count(), 0);
  assert.equal((await read(server.url, reg)).body.status, 'cancelled');

  assert.deepEqual(errors, []);
  await context.close();
});

test('the manage token leaves the address and the history, and never goes out as Referer', async () => {
  const reg = await register(server.url, { full_name: 'Rosa Guamán', email: 'rguaman@nabon.gob.ec' });
  const { page, context, errors } = await openPage(browser, { allow: [/status of 404/] });
  const requests = [];
  context.on('request', (r) => requests.push(r));
  const page1 = `${server.url}/r/${reg.code}`;
  const link = `${page1}?t=${reg.manage_token}&de=correo`;  // as the e-mail gives it, plus a parameter of its own
  const shown = () => page.locator('.reg-summary').getByText('Rosa Guamán').waitFor();

  await page.goto(`${link}#datos`);
  await shown();
  assert.equal(page.url(), `${page1}?de=correo#datos`, 'the token is out of the address; the rest stays');
  assert.equal(await page.evaluate(() => history.length), 2, 'replaced, not pushed: no entry with the token behind');

  // A reload of the same tab still shows the registration (the tab kept the token).
  await page.reload();
  await shown();
  assert.equal(page.url(), `${page1}?de=correo#datos`);

  // Leaving through the page's own link, then "back": still the page, still no token anywhere.
  await page.getByRole('navigation', { name: 'Ruta de navegación' }).getByRole('link', { name: 'Pastaza 2025' }).click();
  await page.waitForURL((u) => u.pathname === `/e/${SLUG}`);
  await page.goBack();
  await shown();
  assert.equal(page.url(), `${page1}?de=correo#datos`);

  // No request carried the token in its address (but the first) or in its Referer.
  assert.ok(requests.length > 10, `${requests.length} requests seen`);
  for (const r of requests) {
    const referer = (await r.allHeaders()).referer || '';
    assert.ok(!referer.includes(reg.manage_token), `Referer of ${r.url()}: ${referer}`);
    if (r.url() !== link) assert.ok(!r.url().includes(reg.manage_token), `token in the address of ${r.url()}`);
  }

  // Another tab has no token: the page explains instead of showing the data.
  const other = await context.newPage();
  await other.goto(page1);
  await other.getByRole('heading', { level: 1, name: 'No encontramos esta inscripción' }).waitFor();
  assert.doesNotMatch(await other.getByRole('main').innerText(), /Rosa Guamán/);
  await other.close();

  assert.deepEqual(errors, []);
  await context.close();
});

test('a waitlisted attendee sees the position', async () => {
  const token = (await api(server.url, 'POST', '/api/v1/session', { body: { email: 'admin@test.ec', password: 'clave-de-prueba-123' } })).body.token;
  const ed = await api(server.url, 'GET', `/api/v1/editions/${SLUG}`);
  await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { capacity: ed.body.confirmed } });
  try {
    const reg = await register(server.url, { full_name: 'Pedro Espera', email: 'pedro.espera@ejemplo.org' });
    assert.equal(reg.status, 'waitlisted');
    const { page, context, errors } = await openPage(browser);
    await page.goto(`${server.url}/r/${reg.code}?t=${reg.manage_token}`);
    await page.locator('.badge-reg').filter({ hasText: `En lista de espera (puesto ${reg.waitlist_position})` }).waitFor();
    assert.match(await page.locator('.reg-summary').innerText(), new RegExp(`puesto ${reg.waitlist_position} de la lista de espera`));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await api(server.url, 'PATCH', `/api/v1/editions/${SLUG}`, { token, body: { capacity: ed.body.capacity } });
  }
});

test('a wrong or old link gets a kind explanation, not the data', async () => {
  const reg = await register(server.url, { full_name: 'Otra Persona', email: 'otra@ejemplo.org' });
  const { page, context, errors } = await openPage(browser, { allow: [/status of 404/] });
  await page.goto(`${server.url}/r/${reg.code}?t=esto-no-es-el-token`);
  await page.getByRole('heading', { level: 1, name: 'No encontramos esta inscripción' }).waitFor();
  const text = await page.getByRole('main').innerText();
  assert.match(text, /enlace nuevo/);
  assert.match(text, /organizadores/);
  assert.doesNotMatch(text, /Otra Persona|otra@ejemplo\.org/);
  await page.getByRole('main').getByRole('link', { name: /@ame\.gob\.ec/ }).waitFor();

  // Without any token the page does not even ask.
  let asked = false;
  page.on('request', (r) => { if (r.url().includes('/api/v1/registrations/')) asked = true; });
  await page.goto(`${server.url}/r/${reg.code}`);
  await page.getByRole('heading', { level: 1, name: 'No encontramos esta inscripción' }).waitFor();
  assert.equal(asked, false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after too many wrong links the page says how long to wait (Retry-After)', async () => {
  const own = await startServer();  // its own server: the lock-out must not touch the others
  const { page, context, errors } = await openPage(browser, { allow: [/status of 404/, /status of 429/] });
  try {
    const reg = await register(own.url, { full_name: 'Limite Prueba', email: 'limite@ejemplo.org' });
    for (let i = 0; i < 60; i++) {
      const r = await api(own.url, 'GET', `/api/v1/registrations/${reg.code}`, { headers: { 'x-manage-token': `mala-${i}` } });
      if (r.status === 429) break;
      assert.equal(r.status, 404);
    }
    // only wrong tokens are limited: a link with yet another wrong token is refused with the wait
    const answer = page.waitForResponse((r) => r.url().includes(`/api/v1/registrations/${reg.code}`));
    await page.goto(`${own.url}/r/${reg.code}?t=otra-clave-mala`);
    const res = await answer;
    assert.equal(res.status(), 429);
    const seconds = res.headers()['retry-after'];
    assert.match(seconds, /^\d+$/);
    await page.getByRole('heading', { level: 1, name: 'Demasiados intentos' }).waitFor();
    assert.match(await page.getByRole('alert').innerText(), new RegExp(`Espere ${seconds} segundos`));
    assert.equal(await page.getByRole('button', { name: 'Reintentar' }).isDisabled(), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await own.stop();
  }
});
