// data-rights.test.mjs — the data-protection actions in a real browser. On a registration of the
// organizers' page: "Exportar datos" asks first (Cancelar sends nothing and gives the focus
// back), then downloads the person's data as JSON; "Reemitir credencial" shows the new badge code
// and the old one is refused at the door; "Anonimizar" (Escape cancels) erases the name from the
// list. On /admin at phone width: "Anonimizar edición" is offered for an archived edition only and
// wants its slug typed. Every action is in the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const ARCHIVED = 'asamblea-archivada';
const PAGE = `/admin/e/${SLUG}/inscripciones`;
const ROSA = { full_name: 'Rosa Tanguila Derechos', email: 'rosa.derechos@arajuno.gob.ec', organization: 'GAD Municipal de Arajuno',
  phone: '0991234567', attendee_type: 'official', consent: true };

let server, browser, token, rosa;
before(async () => {
  server = await startServer();
  browser = await launch();
  token = await login(server.url);
  const r = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, { body: ROSA });
  assert.equal(r.status, 201, r.text);
  rosa = r.body;
  // an edition with two sign-ups, then archived
  const ed = await api(server.url, 'POST', '/api/v1/editions', { token, body: {
    slug: ARCHIVED, title: 'Asamblea archivada de prueba', city: 'Tena', starts_on: '2027-03-01', ends_on: '2027-03-02', status: 'open' } });
  assert.equal(ed.status, 201, ed.text);
  for (const [i, name] of ['Lucía Shiguango', 'Marco Cerda'].entries()) {
    const s = await api(server.url, 'POST', `/api/v1/editions/${ARCHIVED}/registrations`, {
      body: { ...ROSA, full_name: name, email: `persona${i}@tena.gob.ec` } });
    assert.equal(s.status, 201, s.text);
  }
  assert.equal((await api(server.url, 'PATCH', `/api/v1/editions/${ARCHIVED}`, { token, body: { status: 'archived' } })).status, 200);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

async function signIn(page, target) {
  await page.goto(server.url + target);
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => u.pathname === target);
}

const auditActions = async () => (await api(server.url, 'GET', '/api/v1/audit?limit=500', { token })).body.items;

test('export, reissue and anonymize one registration, each confirmed in a dialog', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page, PAGE);
  await page.getByRole('button', { name: `Abrir la inscripción de ${ROSA.full_name}` }).click();
  const panel = page.locator('#detalle');
  await panel.getByRole('heading', { level: 4, name: 'Protección de datos' }).waitFor();
  const live = panel.locator('#derechos-estado');
  const sent = [];
  page.on('request', (r) => { if (r.url().includes(`/registrations/${rosa.code}/`)) sent.push(`${r.method()} ${new URL(r.url()).pathname}`); });

  // Cancel does nothing: the dialog says what would happen, and the focus comes back.
  const exportButton = panel.getByRole('button', { name: 'Exportar datos' });
  await exportButton.click();
  const dialog = page.getByRole('dialog', { name: `Exportar los datos de ${ROSA.full_name}` });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /datos personales/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancelar', 'the safe choice has the focus');
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Exportar datos');
  assert.deepEqual(sent, [], 'nothing was asked of the server');

  // Export: a JSON file with the person's e-mail.
  await exportButton.click();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Descargar datos' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), `mis-datos-${rosa.code}.json`);
  const data = JSON.parse(readFileSync(await file.path(), 'utf8'));
  assert.equal(data.registration.email, ROSA.email);
  assert.equal(data.registration.phone, '0991234567');
  await live.filter({ hasText: `mis-datos-${rosa.code}.json` }).waitFor();

  // Reissue: the new code is shown, and the old one no longer opens the door.
  const old = (await api(server.url, 'GET', `/api/v1/registrations/${rosa.code}/badge`, { token })).body;
  await panel.getByRole('button', { name: 'Reemitir credencial' }).click();
  const reissue = page.getByRole('dialog', { name: /Reemitir la credencial/ });
  assert.match(await reissue.innerText(), /dejará de abrir la puerta/);
  await reissue.getByRole('button', { name: 'Reemitir credencial' }).click();
  await live.filter({ hasText: 'La anterior ya no abre la puerta' }).waitFor();
  const shown = (await panel.locator('#credencial-nueva').innerText()).trim();
  const now = (await api(server.url, 'GET', `/api/v1/registrations/${rosa.code}/badge`, { token })).body;
  assert.equal(shown, now.token, 'the page shows the current badge code');
  assert.notEqual(shown, old.token);
  assert.equal(now.badge_revision, old.badge_revision + 1);
  const door = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/checkins`, { token, body: { token: old.token } });
  assert.ok(door.status >= 400 && door.status < 500, `the old badge is refused at the door (${door.status})`);
  const fresh = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/checkins`, { token, body: { token: now.token } });
  assert.ok(fresh.status === 200 || fresh.status === 201, `the new badge opens it (${fresh.status} ${fresh.text})`);

  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await hasHorizontalScroll(page), false, 'the panel with the new badge code fits a phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Anonymize: Escape cancels; confirmed, the name leaves the list.
  const anonymize = panel.getByRole('button', { name: 'Anonimizar' });
  await anonymize.click();
  const ask = page.getByRole('dialog', { name: /Anonimizar la inscripción/ });
  assert.match(await ask.innerText(), /No se puede deshacer/);
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal((await api(server.url, 'GET', `/api/v1/registrations/${rosa.code}`, { token })).body.full_name, ROSA.full_name);
  assert.ok(!sent.some((s) => s.endsWith('/anonymize')));
  await anonymize.click();
  await ask.getByRole('button', { name: 'Anonimizar para siempre' }).click();
  await panel.locator('#derechos-estado').filter({ hasText: `Se anonimizó la inscripción ${rosa.code}` }).waitFor();
  await page.locator('#filas').filter({ hasText: 'Persona anonimizada' }).waitFor();
  assert.doesNotMatch(await page.locator('#filas').innerText(), /Rosa Tanguila/);
  assert.match(await page.locator('#detalle-titulo').innerText(), /Persona anonimizada/);

  // Each action is in the audit log.
  const actions = (await auditActions()).map((a) => `${a.action} ${a.entity_id}`);
  assert.ok(actions.includes(`registration.data_export ${rosa.code}`), actions.join(', '));
  assert.ok(actions.includes(`badge.reissue ${rosa.code}`));
  assert.ok(actions.some((a) => a.startsWith('registration.anonymize ')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an archived edition is anonymized from /admin after typing its slug (phone width)', async () => {
  const { page, context, errors } = await openPage(browser, { width: 390, height: 844, allow: [/status of 401/] });
  await signIn(page, '/admin');
  // an open edition offers nothing
  await page.locator(`button[data-slug="${SLUG}"]`).click();
  await page.locator('#editor').waitFor();
  await page.waitForFunction(() => !document.querySelector('#editor').hidden);
  assert.equal(await page.locator('#anonimizar').isHidden(), true);
  // the archived one does
  await page.locator(`button[data-slug="${ARCHIVED}"]`).click();
  const button = page.getByRole('button', { name: 'Anonimizar edición' });
  await button.waitFor();
  await button.click();
  const dialog = page.getByRole('dialog', { name: /Anonimizar la edición/ });
  await dialog.waitFor();
  const typed = dialog.getByLabel(new RegExp(`Escriba el identificador de la edición, «${ARCHIVED}»`));
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'INPUT', 'the text to type has the focus');
  assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at 390 px with the dialog open');
  await typed.fill('otra-cosa');
  await dialog.getByRole('button', { name: 'Anonimizar la edición' }).click();
  await dialog.getByRole('alert').filter({ hasText: `Escriba exactamente «${ARCHIVED}»` }).waitFor();
  assert.equal(await typed.getAttribute('aria-invalid'), 'true');
  await typed.fill(ARCHIVED);
  const answer = page.waitForResponse((r) => r.url().endsWith(`/editions/${ARCHIVED}/anonymize`));
  await dialog.getByRole('button', { name: 'Anonimizar la edición' }).click();
  const res = await answer;
  assert.equal(res.status(), 200);
  const { anonymized } = await res.json();
  assert.equal(anonymized, 2);
  await page.locator('#anonimizar-estado').filter({ hasText: /Se anonimiz/ }).waitFor();
  assert.match(await page.locator('#anonimizar-estado').innerText(), new RegExp(`\\b${anonymized}\\b`));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'anonimizar-edicion', 'the focus is back on the button');
  const list = await api(server.url, 'GET', `/api/v1/editions/${ARCHIVED}/registrations?limit=500`, { token });
  assert.equal(list.body.items.length, 2);
  assert.ok(list.body.items.every((r) => r.full_name === 'Persona anonimizada'), JSON.stringify(list.body.items));
  assert.ok((await auditActions()).some((a) => a.action === 'edition.anonymize' && a.entity_id === ARCHIVED));
  assert.deepEqual(errors, []);
  await context.close();
});
