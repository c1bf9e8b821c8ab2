// admin-registrations.test.mjs — the organizers' registrations page in a real browser: the
// login round trip through ?next=, the counts, a search that ignores accents, the CSV and XLSX
// links carrying the filter, capacity saved through PATCH, a row opened and its type changed to
// "Ponente", a new manage link that replaces the old one, registering a person, the pending
// messages, a failed message re-queued with "Reintentar envío", and the table stacking into
// cards on a phone.
import { test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const PAGE = `/admin/e/${SLUG}/inscripciones`;
const PEOPLE = [
  { full_name: 'María Pérez Ñacato', email: 'maria.perez@puyo.gob.ec', organization: 'GAD Municipal de Pastaza', municipality: 'Pastaza', attendee_type: 'official' },
  { full_name: 'Luis Andrade', email: 'landrade@cuenca.gob.ec', organization: 'GAD Municipal de Cuenca', municipality: 'Cuenca', attendee_type: 'authority' },
  { full_name: 'Ana Gómez', email: 'ana.gomez@ejemplo.org', organization: 'Grupo FARO', attendee_type: 'civil_society' },
];

let server;
let browser;
let token;
const registered = [];
before(async () => {
  server = await startServer();
  browser = await launch();
  token = await login(server.url);
  for (const p of PEOPLE) {
    const r = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, { body: { ...p, consent: true } });
    assert.equal(r.status, 201, r.text);
    registered.push(r.body);
  }
});
after(async () => {
  await close(browser);
  await server?.stop();
});

/** Signs in through the form the page sends us to, and comes back to the page. */
async function signIn(page) {
  await page.goto(server.url + PAGE);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === PAGE);
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => u.pathname === PAGE);
  await page.getByRole('heading', { level: 1, name: /Inscripciones · Pastaza 2025/ }).waitFor();
}

const rows = (page) => page.locator('#filas tr');

test('organizers search, filter, export, set capacity, edit a registration and renew its link', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page);

  // Counts: the three registrations through the API are confirmed.
  const confirmed = page.locator('#cifras li').filter({ hasText: 'Confirmadas' });
  await confirmed.locator('.stat-value').filter({ hasText: /^3$/ }).waitFor();
  assert.match(await page.locator('#por-tipo').innerText(), /Funcionario\/a municipal/);
  assert.match(await page.locator('#por-canton').innerText(), /Cuenca/);
  await page.waitForFunction(() => document.querySelectorAll('#filas tr').length === 3);
  assert.deepEqual(headingProblems(await headingLevels(page)), [], 'headings in order');

  // Search without accents or capitals finds exactly "Pérez Ñacato".
  const listAnswer = page.waitForResponse((r) => r.url().includes('/registrations?') && r.url().includes('q=perez'));
  await page.getByRole('searchbox', { name: 'Buscar' }).fill('perez nacato');
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  await listAnswer;
  await page.waitForFunction(() => document.querySelectorAll('#filas tr').length === 1);
  assert.match(await rows(page).first().innerText(), /María Pérez Ñacato/);
  assert.match(await page.locator('#lista-estado').innerText(), /1 inscripción/);
  assert.match(page.url(), /[?&]q=perez(\+|%20)nacato/, 'the address keeps the search');

  // The exports carry the current filter, and the CSV answers with only that person.
  const csvHref = await page.getByRole('link', { name: /CSV/ }).getAttribute('href');
  const csvUrl = new URL(csvHref, server.url);
  assert.equal(csvUrl.pathname, `/api/v1/editions/${SLUG}/registrations.csv`);
  assert.equal(csvUrl.searchParams.get('q'), 'perez nacato');
  const jsonHref = await page.getByRole('link', { name: 'JSON' }).getAttribute('href');
  assert.equal(new URL(jsonHref, server.url).searchParams.get('q'), 'perez nacato');
  const xlsxUrl = new URL(await page.getByRole('link', { name: /Descargar XLSX/ }).getAttribute('href'), server.url);
  assert.equal(xlsxUrl.pathname, `/api/v1/editions/${SLUG}/registrations.xlsx`);
  assert.equal(xlsxUrl.searchParams.get('q'), 'perez nacato');
  const xlsx = await context.request.get(xlsxUrl.href);
  assert.equal(xlsx.status(), 200);
  assert.equal(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK');
  const csv = await context.request.get(csvUrl.href);
  assert.equal(csv.status(), 200);
  const csvText = await csv.text();
  assert.match(csvText, /Pérez Ñacato/);
  assert.doesNotMatch(csvText, /Andrade/);

  // A status filter also goes into the link.
  await page.getByLabel('Estado', { exact: true }).selectOption('confirmed');
  await page.waitForFunction(() => document.querySelector('#exportar-csv').href.includes('status=confirmed'));
  assert.match(await page.getByRole('link', { name: /CSV/ }).getAttribute('href'), /q=perez.*status=confirmed|status=confirmed.*q=perez/);

  // Capacity: saved through PATCH with only that field, and shown in the counts.
  const patchReq = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/editions/${SLUG}`));
  await page.getByLabel('Cupo', { exact: true }).fill('250');
  await page.getByRole('button', { name: 'Guardar cupo y estado' }).click();
  assert.deepEqual(JSON.parse((await patchReq).postData()), { capacity: 250 });
  await page.locator('#ajustes-estado').filter({ hasText: 'Se guardaron' }).waitFor();
  await page.locator('#cifras li').filter({ hasText: 'Cupo' }).locator('.stat-value').filter({ hasText: /^250$/ }).waitFor();
  const edition = await api(server.url, 'GET', `/api/v1/editions/${SLUG}`);
  assert.equal(edition.body.capacity, 250);

  // Open the row, make her a speaker ("Ponente").
  const maria = registered[0];
  await page.getByRole('button', { name: 'Abrir la inscripción de María Pérez Ñacato' }).click();
  const panel = page.locator('#detalle');
  await panel.getByRole('heading', { level: 3, name: `María Pérez Ñacato · ${maria.code}` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'detalle-titulo', 'the panel heading has the focus');
  await panel.getByLabel('Tipo de participante').selectOption({ label: 'Ponente' });
  const regPatch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/registrations/${maria.code}`));
  await panel.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await regPatch).postData()), { attendee_type: 'speaker' });
  await panel.locator('#detalle-estado').filter({ hasText: 'Se guardaron los cambios' }).waitFor();
  const afterPatch = await api(server.url, 'GET', `/api/v1/registrations/${maria.code}`, { token });
  assert.equal(afterPatch.body.attendee_type, 'speaker');
  await rows(page).first().getByText('Ponente').waitFor();

  // A new manage link: shown in the page, and the old token stops working.
  await panel.getByRole('button', { name: 'Generar y enviar nuevo enlace' }).click();
  const link = panel.getByLabel('Nuevo enlace de gestión');
  await link.waitFor();
  const url = new URL(await link.inputValue());
  assert.equal(url.pathname, `/r/${maria.code}`);
  assert.match(url.searchParams.get('t'), /^[A-Za-z0-9_-]{20,}$/);
  assert.notEqual(url.searchParams.get('t'), maria.manage_token);
  const oldToken = await api(server.url, 'GET', `/api/v1/registrations/${maria.code}`, { headers: { 'x-manage-token': maria.manage_token } });
  assert.equal(oldToken.status, 404);
  const newToken = await api(server.url, 'GET', `/api/v1/registrations/${maria.code}`, { headers: { 'x-manage-token': url.searchParams.get('t') } });
  assert.equal(newToken.status, 200);

  // Escape closes the panel and gives the focus back to the row's button.
  await page.keyboard.press('Escape');
  assert.equal(await panel.isHidden(), true);
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Abrir/);

  // Pending messages: the confirmations and the new link wait in the outbox.
  await page.getByRole('heading', { level: 2, name: 'Mensajes pendientes' }).waitFor();
  const outbox = page.locator('#mensajes-tabla');
  await outbox.getByText('Enlace de gestión').first().waitFor();
  assert.match(await outbox.innerText(), /maria\.perez@puyo\.gob\.ec/);
  assert.match(await page.locator('#mensajes-estado').innerText(), /mensajes? pendientes?/);

  assert.deepEqual(errors, []);
  await context.close();
});

test('organizers register a person with a type the public cannot choose', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 400/] });
  await signIn(page);
  await page.getByRole('button', { name: 'Inscribir a una persona' }).click();
  const form = page.locator('#nueva-form');
  await page.getByRole('heading', { level: 3, name: 'Inscribir a una persona' }).waitFor();

  // Empty: client-side errors, consent included, nothing sent.
  await form.getByRole('button', { name: 'Inscribir' }).click();
  assert.equal(await form.getByLabel('Nombre completo').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByLabel('La persona autorizó el tratamiento de sus datos').getAttribute('aria-invalid'), 'true');

  await form.getByLabel('Nombre completo').fill('Invitada Especial');
  await form.getByLabel('Correo electrónico').fill('invitada@ejemplo.org');
  await form.getByLabel('Institución').fill('Mercociudades');
  await form.getByLabel('Tipo de participante').selectOption({ label: 'Invitado/a' });
  await form.getByLabel('La persona autorizó el tratamiento de sus datos').check();
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/registrations'));
  await form.getByRole('button', { name: 'Inscribir' }).click();
  const res = await answer;
  assert.equal(res.status(), 201);
  const { code } = await res.json();
  await page.getByText('Se inscribió a Invitada Especial.').waitFor();
  assert.equal(await page.locator('#nueva .reg-code').innerText(), code);
  assert.match(await page.getByLabel('Enlace de gestión').inputValue(), new RegExp(`/r/${code}\\?t=`));
  const saved = await api(server.url, 'GET', `/api/v1/registrations/${code}`, { token });
  assert.equal(saved.body.attendee_type, 'guest');
  await page.locator('#filas .cell-title').getByText('Invitada Especial').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the list stacks into cards and nothing scrolls sideways', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 401/] });
  await signIn(page);
  await page.waitForFunction(() => document.querySelectorAll('#filas tr').length >= 3);
  assert.equal(await hasHorizontalScroll(page), false);
  const display = await page.locator('#filas tr').first().evaluate((tr) => getComputedStyle(tr).display);
  assert.equal(display, 'grid', 'rows become blocks');
  assert.equal(await page.locator('.reg-table thead').evaluate((el) => el.getBoundingClientRect().height <= 1), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each edition row of /admin links to its registrations page', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page);
  await page.goto(server.url + '/admin');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Pastaza 2025', exact: true }) });
  const link = row.getByRole('link', { name: 'Inscripciones' });
  assert.match(await link.getAttribute('aria-describedby'), /edicion-pastaza-2025/);
  await link.click();
  await page.waitForURL((u) => u.pathname === PAGE);
  await page.getByRole('heading', { level: 2, name: 'Personas inscritas' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Secciones de administración' }).getByRole('link', { name: 'Inscripciones' }).getAttribute('aria-current'), 'page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a failed message shows its last error and "Reintentar envío", which re-queues it from the keyboard', async () => {
  // A confirmation the mail server refused for good (as the mailer records a 554).
  const error = 'curl 8: Weird server reply (SMTP 554; server said "554 5.7.1 message refused")';
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db,
    `UPDATE outbox SET state = 'failed', attempts = 1, last_error = '${error.replace(/'/g, "''")}'
     WHERE to_addr = 'maria.perez@puyo.gob.ec' AND kind = 'registration.confirmed'`]);
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page);
  const row = page.locator('#mensajes-tabla tr').filter({ hasText: 'maria.perez@puyo.gob.ec' }).filter({ hasText: 'Falló' });
  await row.waitFor();
  assert.match(await row.innerText(), /554 5\.7\.1 message refused/);
  const button = row.getByRole('button', { name: 'Reintentar envío del mensaje a maria.perez@puyo.gob.ec' });
  await button.focus();
  await page.keyboard.press('Enter');
  await page.locator('#mensajes-estado').filter({ hasText: 'Se reintentará el envío de 1 mensaje.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'mensajes-titulo', 'focus goes back to the section');
  assert.equal(await page.locator('#mensajes-tabla').getByText('Falló').count(), 0);
  const outbox = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/outbox?pending=1`, { token });
  const again = outbox.body.items.find((m) => m.to === 'maria.perez@puyo.gob.ec' && m.kind === 'registration.confirmed');
  assert.equal(again.state, 'pending');
  assert.equal(again.attempts, 0);
  assert.ok(again.next_attempt_at);
  assert.deepEqual(errors, []);
  await context.close();
});
