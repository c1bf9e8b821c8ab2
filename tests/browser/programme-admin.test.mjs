// programme-admin.test.mjs — the organizers' programme page (/admin/e/{slug}/programa) in a
// real browser: the login round trip through ?next=, a room added, a session created in it
// (day and 24-hour times read in the edition's zone), a participant found by search and seen on the
// public page, a second session in the same room at an overlapping hour refused with the first
// one named, a person in two sessions at once, reordering and editing participants, the
// day-by-room grid (a list on a phone), the stored-conflicts panel, renaming and deleting a
// room, creating a person inline, editing a person and uploading a photo (with the API's
// message for a wrong type), copying rooms and people from another edition, and the link
// from /admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, api, login, ADMIN, ROOT } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const PAGE = `/admin/e/${SLUG}/programa`;
const FIRST = 'Gobiernos locales y cooperación descentralizada';

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

/** Signs in through the form the page sends us to, and comes back to the page. */
async function signIn(page, target = PAGE) {
  await page.goto(server.url + target);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === target);
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => u.pathname === target);
  await page.getByRole('heading', { level: 1, name: /^Programa · / }).waitFor();
  await page.locator('#consola:not([hidden])').waitFor();
}

const sessionsOf = async (slug) => (await api(server.url, 'GET', `/api/v1/editions/${slug}/sessions`)).body.items;

/** Fills and sends the session editor: start and end as "2025-11-20T09:00", typed as day and 24-hour times. */
async function fillSession(page, { kind, title, start, end, room }) {
  const editor = page.locator('#editor-sesion');
  if (kind) await editor.getByLabel('Tipo').selectOption({ label: kind });
  await editor.getByLabel('Título').fill(title);
  await editor.getByLabel('Día', { exact: true }).selectOption(start.slice(0, 10));
  await editor.getByLabel('Inicio').fill(start.slice(11));
  await editor.getByLabel('Fin').fill(end.slice(11));
  await editor.getByLabel('Sala', { exact: true }).selectOption({ label: room });
  await editor.getByRole('button', { name: 'Crear sesión' }).click();
}

/** Searches a person in the open session's editor and adds them with `role`. */
async function addParticipant(page, query, name, role) {
  const editor = page.locator('#editor-sesion');
  await editor.getByRole('searchbox', { name: 'Buscar persona' }).fill(query);
  await editor.getByRole('button', { name: new RegExp(`^Elegir a ${name}`) }).click();
  await editor.getByLabel('Rol').selectOption({ label: role });
  await editor.getByRole('button', { name: 'Añadir a la sesión' }).click();
}

test('organizers add a room, a session in it and a participant found by search; the public page shows it', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page);
  assert.deepEqual(headingProblems(await headingLevels(page)), [], 'headings in order');
  await page.getByText('Sin conflictos').waitFor();

  // A room.
  await page.getByLabel('Nombre de la sala').fill('Sala Amazonía');
  await page.getByLabel('Aforo').fill('150');
  await page.getByRole('button', { name: 'Añadir sala' }).click();
  await page.getByText('Se añadió la sala «Sala Amazonía».').waitFor();
  const rooms = page.locator('#salas-lista');
  await rooms.getByText('Sala Amazonía', { exact: true }).waitFor();
  assert.match(await rooms.innerText(), /Aforo: 150/);

  // A session in it, 09:00–10:30 on the first day: sent without offset, stored in the edition's zone.
  await page.getByRole('button', { name: 'Nueva sesión' }).click();
  await page.getByRole('heading', { level: 3, name: 'Nueva sesión' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'editor-sesion-titulo', 'the editor heading has the focus');
  const created = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/editions/${SLUG}/sessions`));
  await fillSession(page, { kind: 'Panel', title: FIRST, start: '2025-11-20T09:00', end: '2025-11-20T10:30', room: 'Sala Amazonía' });
  const sent = JSON.parse((await created).postData());
  assert.equal(sent.starts_at, '2025-11-20T09:00');
  assert.equal(sent.ends_at, '2025-11-20T10:30');
  assert.equal(sent.kind, 'panel');
  await page.getByText(`Se creó la sesión «${FIRST}».`).waitFor();
  await page.getByRole('heading', { level: 3, name: `Editar: ${FIRST}` }).waitFor();
  const [stored] = await sessionsOf(SLUG);
  assert.equal(stored.starts_at, '2025-11-20T09:00:00-05:00');
  assert.equal(stored.ends_at, '2025-11-20T10:30:00-05:00');
  assert.equal(stored.room.name, 'Sala Amazonía');

  // A participant found by search (accents and case do not matter to the search box's user).
  await addParticipant(page, 'maldonado', 'Patricio Maldonado', 'Moderador/a');
  await page.getByText('Se añadió a Patricio Maldonado como Moderador/a.').waitFor();
  await page.locator('#pm-lista .pm-name', { hasText: 'Patricio Maldonado' }).waitFor();
  const [withPerson] = await sessionsOf(SLUG);
  assert.deepEqual(withPerson.participants.map((p) => [p.name, p.role]), [['Patricio Maldonado', 'moderator']]);

  // The list by day shows it.
  const item = page.locator(`#sesion-admin-${stored.id}`);
  assert.match(await item.innerText(), /09:00–10:30/);
  assert.match(await item.innerText(), /Sala Amazonía/);
  assert.match(await item.innerText(), /1 participante: Patricio Maldonado/);

  // The public page: time, room, kind, and the participant linking to the speaker card.
  await page.getByRole('link', { name: 'Ver el programa público' }).click();
  await page.waitForURL((u) => u.pathname === `/e/${SLUG}`);
  const pub = page.locator(`#sesion-${stored.id}`);
  await pub.waitFor();
  assert.match(await pub.locator('.session-time').innerText(), /^09:00–10:30$/);
  assert.match(await pub.innerText(), /Sala Amazonía/);
  assert.equal(await pub.locator('.kind').textContent(), 'Panel');
  await pub.getByRole('link', { name: 'Patricio Maldonado' }).click();
  await page.waitForURL((u) => u.hash === '#persona-1');
  assert.match(await page.locator('#persona-1').innerText(), /Moderador\/a/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second session in the same room at an overlapping hour is refused, naming the first', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 409/] });
  await signIn(page);
  await page.getByRole('button', { name: 'Nueva sesión' }).click();
  await fillSession(page, { kind: 'Taller', title: 'Taller de proyectos', start: '2025-11-20T10:00', end: '2025-11-20T11:30', room: 'Sala Amazonía' });
  const alert = page.locator('#sesion-choques');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.innerText(), new RegExp(`Choca con «${FIRST}» \\(09:00–10:30, Sala Amazonía\\)`));
  assert.equal((await sessionsOf(SLUG)).length, 1, 'nothing stored');

  // Without a room it fits; then the moderator of the first session cannot be in it at 10:00.
  await page.locator('#editor-sesion').getByLabel('Sala', { exact: true }).selectOption({ label: 'Sin sala' });
  await page.getByRole('button', { name: 'Crear sesión' }).click();
  await page.getByText('Se creó la sesión «Taller de proyectos».').waitFor();
  await addParticipant(page, 'patricio', 'Patricio Maldonado', 'Ponente');
  const personAlert = page.locator('#pm-choques');
  await personAlert.waitFor();
  assert.match(await personAlert.innerText(), new RegExp(`Patricio Maldonado ya está en «${FIRST}» a esa hora`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('participants are reordered, edited and removed; a new person is created on the spot', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 400/] });
  await signIn(page);
  const first = (await sessionsOf(SLUG)).find((s) => s.title === FIRST);
  await page.getByRole('button', { name: `Editar «${FIRST}»` }).click();
  await page.getByRole('heading', { level: 3, name: `Editar: ${FIRST}` }).waitFor();

  // A person who is not in the database yet.
  const editor = page.locator('#editor-sesion');
  await editor.getByRole('searchbox', { name: 'Buscar persona' }).fill('Ana Guamán');
  await editor.getByText('Nadie coincide con «Ana Guamán». Puede crear a la persona.').waitFor();
  await editor.getByRole('button', { name: 'Crear una persona nueva' }).click();
  const form = page.locator('#np-form');
  assert.equal(await form.getByLabel('Nombre completo').inputValue(), 'Ana Guamán', 'the search text becomes the name');
  await form.getByLabel('Tratamiento').fill('Ing.');
  await form.getByLabel('Cargo').fill('Concejala');
  await form.getByLabel('Institución').fill('GAD Municipal de Pastaza');
  await form.getByLabel('Correo electrónico').fill('no-es-un-correo');
  await form.getByRole('button', { name: 'Crear y elegir' }).click();
  await form.locator('#np-email-error').waitFor();
  assert.equal(await form.getByLabel('Correo electrónico').getAttribute('aria-invalid'), 'true', 'the API\'s field error');
  assert.match(await form.locator('#np-estado').innerText(), /Revise el campo «Correo electrónico/);
  await form.getByLabel('Correo electrónico').fill('ana.guaman@puyo.gob.ec');
  await form.getByRole('button', { name: 'Crear y elegir' }).click();
  await editor.getByRole('group', { name: 'Añadir a Ing. Ana Guamán' }).waitFor();
  await editor.getByLabel('Rol').selectOption({ label: 'Panelista' });
  await editor.getByLabel('Tema').fill('Presupuestos participativos');
  await editor.getByRole('button', { name: 'Añadir a la sesión' }).click();
  await page.getByText('Se añadió a Ing. Ana Guamán como Panelista.').waitFor();

  const names = () => page.locator('#pm-lista .pm-name').evaluateAll((els) => els.map((e) => e.textContent));
  assert.deepEqual((await names()).map((t) => t.replace(/^\d+\. /, '')), ['Patricio Maldonado Moderador/a', 'Ing. Ana Guamán Panelista']);

  // "Subir" moves Ana first; the API keeps the order and the focus stays on her row.
  await page.getByRole('button', { name: 'Subir a Ing. Ana Guamán' }).click();
  await page.getByText('Ing. Ana Guamán pasa al puesto 1 de 2.').waitFor();
  const reordered = (await sessionsOf(SLUG)).find((s) => s.id === first.id);
  assert.deepEqual(reordered.participants.map((p) => p.name), ['Ana Guamán', 'Patricio Maldonado']);
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Bajar a Ing\. Ana Guamán/);

  // Edit her contribution.
  await page.getByRole('button', { name: 'Editar la participación de Ing. Ana Guamán' }).click();
  await page.locator('#pm-lista').getByLabel('Aporte').fill('Presentó la experiencia de **Puyo**.');
  await page.locator('#pm-lista').getByRole('button', { name: 'Guardar' }).click();
  await page.getByText('Se guardó la participación de Ing. Ana Guamán.').waitFor();
  const edited = (await sessionsOf(SLUG)).find((s) => s.id === first.id);
  assert.equal(edited.participants[0].contribution, 'Presentó la experiencia de **Puyo**.');
  assert.equal(edited.participants[0].topic, 'Presupuestos participativos');

  // Remove her, after confirming.
  await page.getByRole('button', { name: 'Quitar a Ing. Ana Guamán de la sesión' }).click();
  await page.getByText('¿Quitar a Ing. Ana Guamán de esta sesión?').waitFor();
  await page.getByRole('button', { name: 'Quitar', exact: true }).click();
  await page.getByText('Se quitó a Ing. Ana Guamán de la sesión.').waitFor();
  const removed = (await sessionsOf(SLUG)).find((s) => s.id === first.id);
  assert.deepEqual(removed.participants.map((p) => p.name), ['Patricio Maldonado']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the day-by-room grid places each session in its room and rows; a phone gets a list', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page);
  const grid = page.locator('#cuadricula');
  const card = grid.locator('.sg-card').filter({ hasText: FIRST });
  await card.waitFor();
  await grid.getByRole('heading', { level: 3, name: 'Jueves 20 de noviembre' }).waitFor();
  assert.match(await card.innerText(), /09:00–10:30/);
  const headers = await grid.locator('.sg-head').allInnerTexts();
  assert.deepEqual(headers, ['Sala Amazonía', 'Sin sala']);
  // Slots of the day: 09:00, 10:00, 10:30 (→ 11:30). The first session spans 09:00–10:30: two rows, column of its room.
  assert.deepEqual(await grid.locator('.sg-time').allInnerTexts(), ['09:00', '10:00', '10:30']);
  const place = (loc) => loc.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { display: getComputedStyle(el.parentElement).display, column: cs.gridColumnStart, row: cs.gridRowStart, end: cs.gridRowEnd };
  });
  assert.deepEqual(await place(card), { display: 'grid', column: '2', row: '2', end: 'span 2' });
  const workshop = grid.locator('.sg-card').filter({ hasText: 'Taller de proyectos' });
  assert.deepEqual(await place(workshop), { display: 'grid', column: '3', row: '3', end: 'span 2' });
  const a = await card.boundingBox();
  const b = await workshop.boundingBox();
  assert.ok(b.x > a.x && b.y > a.y && b.y < a.y + a.height, 'the workshop sits beside the panel, starting half-way down');

  // A card opens its session in the editor.
  await card.getByRole('button', { name: `Editar ${FIRST}` }).click();
  await page.getByRole('heading', { level: 3, name: `Editar: ${FIRST}` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'editor-sesion-titulo');

  // On a phone: a list in time order, nothing sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  assert.equal(await grid.locator('.sched-grid').first().evaluate((el) => getComputedStyle(el).display), 'flex');
  assert.equal(await grid.locator('.sg-head').first().isVisible(), false);
  assert.deepEqual((await grid.locator('.sg-card-time').allInnerTexts()), ['09:00–10:30', '10:00–11:30']);
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the conflicts panel lists what the stored programme breaks, and opens the sessions', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  const sessions = await sessionsOf(SLUG);
  const [s1, s2] = sessions;
  // The API refuses to store a conflict, so the answer of GET …/conflicts is played back here.
  await page.route(`**/api/v1/editions/${SLUG}/conflicts*`, (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({
      items: [
        { reason: 'room', sessions: [{ id: s1.id, title: s1.title }, { id: s2.id, title: s2.title }], room: 'Sala Amazonía' },
        { reason: 'person', sessions: [{ id: s1.id, title: s1.title }, { id: s2.id, title: s2.title }], person: 'Patricio Maldonado' },
      ],
      total: 2,
    }),
  }));
  await signIn(page);
  const panel = page.getByRole('region', { name: 'Conflictos' });
  await panel.getByText('Hay 2 conflictos.').waitFor();
  const items = await panel.locator('li').allInnerTexts();
  assert.equal(items[0], `«${s1.title}» y «${s2.title}» usan Sala Amazonía a la misma hora.`);
  assert.equal(items[1], `Patricio Maldonado está a la vez en «${s1.title}» y en «${s2.title}».`);
  await panel.locator('li').nth(1).getByRole('button', { name: `«${s2.title}»` }).click();
  await page.getByRole('heading', { level: 3, name: `Editar: ${s2.title}` }).waitFor();

  // Without the played-back answer: the real, empty list.
  await page.unroute(`**/api/v1/editions/${SLUG}/conflicts*`);
  await panel.getByRole('button', { name: 'Actualizar' }).click();
  await panel.getByText('Sin conflictos').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a room is renamed, and deleting it leaves its sessions without a room', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 409/] });
  await signIn(page);
  await page.getByLabel('Nombre de la sala').fill('Auditorio');
  await page.getByRole('button', { name: 'Añadir sala' }).click();
  await page.getByText('Se añadió la sala «Auditorio».').waitFor();
  // A duplicate name: the API's message next to the field.
  await page.getByLabel('Nombre de la sala').fill('Auditorio');
  await page.getByRole('button', { name: 'Añadir sala' }).click();
  await page.locator('#sala-name-error').waitFor();
  assert.match(await page.locator('#sala-name-error').innerText(), /Ya existe una sala/);

  const rooms = page.locator('#salas-lista');
  await rooms.getByRole('button', { name: 'Renombrar «Sala Amazonía»' }).click();
  await rooms.getByLabel('Nombre de la sala').fill('Sala Puyo');
  await rooms.getByRole('button', { name: 'Guardar' }).click();
  await page.getByText('Se guardó la sala «Sala Puyo».').waitFor();
  assert.equal((await sessionsOf(SLUG)).find((s) => s.title === FIRST).room.name, 'Sala Puyo');
  await page.locator('#cuadricula .sg-head').filter({ hasText: 'Sala Puyo' }).waitFor();

  await rooms.getByRole('button', { name: 'Eliminar «Sala Puyo»' }).click();
  await rooms.getByText('Su sesión queda en el programa, sin sala.').waitFor();
  await rooms.getByRole('button', { name: 'Eliminar sala' }).click();
  await page.getByText('Se eliminó la sala «Sala Puyo».').waitFor();
  assert.equal((await sessionsOf(SLUG)).find((s) => s.title === FIRST).room, null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a person is edited and gets a photo; a wrong file type shows the API\'s message by the file input', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 415/] });
  await signIn(page);
  const people = page.locator('#personas-lista');
  await people.getByRole('button', { name: 'Editar a Patricio Maldonado' }).click();
  const editor = page.locator('#editor-persona');
  await editor.getByRole('heading', { level: 3, name: 'Patricio Maldonado' }).waitFor();
  await editor.getByLabel('Biografía').fill('Alcalde de Nabón.\n\nPresidente de la AME.');
  await editor.getByLabel('Teléfono').fill('099 123 4567');
  await editor.getByRole('button', { name: 'Guardar cambios' }).click();
  await editor.getByText('Se guardaron los cambios.').waitFor();
  const person = await api(server.url, 'GET', '/api/v1/people/1', { token });
  assert.equal(person.body.bio, 'Alcalde de Nabón.\n\nPresidente de la AME.');
  assert.equal(person.body.phone, '099 123 4567');

  // A GIF: the API's 415 message sits by the file input, which is marked invalid.
  const file = editor.getByLabel('Foto nueva');
  await file.setInputFiles({ name: 'foto.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00') });
  await editor.getByRole('button', { name: 'Subir foto' }).click();
  await editor.locator('#pf-file-error').waitFor();
  assert.equal(await editor.locator('#pf-file-error').innerText(), 'Envíe una imagen JPEG o PNG.');
  assert.equal(await file.getAttribute('aria-invalid'), 'true');

  // A JPEG: stored, shown, and on the public page with the name as alt text.
  const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/v1/people/1/photo'));
  await file.setInputFiles(join(ROOT, 'tests/fixtures/speaker.jpg'));
  await editor.getByRole('button', { name: 'Subir foto' }).click();
  assert.equal((await put).headers()['content-type'], 'image/jpeg');
  await editor.getByText('Se guardó la foto.').waitFor();
  assert.equal(await file.getAttribute('aria-invalid'), null);
  await page.waitForFunction(() => document.querySelector('#editor-persona .pf-img').naturalWidth > 0);
  assert.equal((await api(server.url, 'GET', '/api/v1/people/1')).body.photo_url.split('?')[0], '/api/v1/people/1/photo');
  await page.goto(`${server.url}/e/${SLUG}`);
  await page.locator('#persona-1').getByRole('img', { name: 'Patricio Maldonado' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('rooms and people are copied from an earlier edition', async () => {
  const created = await api(server.url, 'POST', '/api/v1/editions', {
    token, body: { slug: 'ambato-2026', title: 'V Asamblea 2026', short_title: 'Ambato 2026', city: 'Ambato', starts_on: '2026-11-19', ends_on: '2026-11-20' },
  });
  assert.equal(created.status, 201, created.text);
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page, '/admin/e/ambato-2026/programa');
  const section = page.getByRole('region', { name: 'Copiar de una edición anterior' });
  const from = section.getByLabel('Edición de origen');
  assert.equal(await from.inputValue(), SLUG, 'the latest earlier edition comes chosen');
  await from.selectOption('latacunga-2024');
  await section.getByRole('button', { name: 'Copiar salas y personas' }).click();
  await section.getByText(/^Se copiaron 1 sala y 20 personas de Latacunga 2024/).waitFor();
  await page.locator('#salas-lista').getByText('Auditorio principal', { exact: true }).waitFor();
  await page.locator('#personas-estado').getByText('20 personas.').waitFor();
  await section.getByRole('button', { name: 'Copiar salas y personas' }).click();
  await section.getByText(/No había nada nuevo que copiar/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('each edition row of /admin links to its programme page', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/] });
  await signIn(page);
  await page.goto(server.url + '/admin');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Pastaza 2025', exact: true }) });
  const link = row.getByRole('link', { name: 'Programa' });
  assert.match(await link.getAttribute('aria-describedby'), /edicion-pastaza-2025/);
  await link.click();
  await page.waitForURL((u) => u.pathname === PAGE);
  await page.getByRole('heading', { level: 2, name: 'Sesiones' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Secciones de administración' });
  assert.equal(await nav.getByRole('link', { name: 'Programa' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Inscripciones' }).getAttribute('href'), `/admin/e/${SLUG}/inscripciones`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a 375 px phone the organizers\' page fits the screen', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 401/] });
  await signIn(page);
  await page.getByRole('button', { name: 'Nueva sesión' }).click();
  await page.getByRole('heading', { level: 3, name: 'Nueva sesión' }).waitFor();
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});
