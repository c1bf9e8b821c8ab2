// proceedings-admin.test.mjs — the organizers' memoria page (/admin/e/{slug}/memoria) in a real
// browser: the login round trip from the "Memoria" link of the editions list, adding conclusions
// with accents, **negrita** and "- " lists, moving one up (PATCH sort_order of the two, numbers
// follow), deleting after the in-page confirmation, the team (add, move, "firma certificados",
// save → PUT), heading and contact (PATCH the edition), the draft preview, "Descargar todos los
// certificados" before anyone checked in, publishing version 1 (its SHA-256 shown), and the
// public page afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, headingLevels, headingProblems, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const PAGE = `/admin/e/${SLUG}/memoria`;
const FIRST = 'Gestión integral del agua en la Amazonía';
const FIRST_BODY = 'Los GAD de **Pastaza** y Morona Santiago acordaron:\n\n- Compartir datos hídricos\n- Formar técnicos en señalética';
const SECOND = 'Cooperación con ciudades de la cuenca';

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

const proceedings = async () => (await api(server.url, 'GET', `/api/v1/editions/${SLUG}/proceedings`, { token })).body;
const focusedText = (page) => page.evaluate(() => document.activeElement && document.activeElement.textContent);

/** Signs in through the form the page sends us to, coming from the "Memoria" link of /admin. */
async function signIn(page) {
  await page.goto(server.url + PAGE);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === PAGE);
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => u.pathname === PAGE);
  await page.getByRole('heading', { level: 1, name: 'Memoria · Pastaza 2025' }).waitFor();
}

async function addConclusion(page, title, body) {
  const section = page.locator('#conclusiones');
  await section.getByRole('button', { name: 'Añadir conclusión' }).click();
  const form = section.getByRole('form', { name: 'Añadir conclusión' });
  await form.getByLabel('Título').fill(title);
  if (body) await form.getByLabel('Texto').fill(body);
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/proceedings/items'));
  await form.getByRole('button', { name: 'Añadir conclusión' }).click();
  assert.equal((await answer).status(), 201);
  await section.getByRole('status').filter({ hasText: `Se añadió «${title}».` }).waitFor();
}

test('organizers write, reorder and publish the memoria; the public page then shows it', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 404/] });
  await signIn(page);
  await page.goto(server.url + '/admin');
  await page.getByRole('row', { name: /Pastaza 2025/ }).getByRole('link', { name: 'Memoria' }).click();
  await page.waitForURL((u) => u.pathname === PAGE);
  await page.getByRole('heading', { level: 2, name: 'Conclusiones' }).waitFor();
  assert.match(await page.locator('#publicacion-resumen').innerText(), /Borrador/);
  assert.match(await page.locator('#versiones').innerText(), /Todavía no hay versiones publicadas/);

  // Two conclusions: the number is proposed (1, then 2); the hint explains **negrita** and "- ".
  const section = page.locator('#conclusiones');
  await section.getByRole('button', { name: 'Añadir conclusión' }).click();
  const form = section.getByRole('form', { name: 'Añadir conclusión' });
  assert.equal(await form.getByLabel('Número').inputValue(), '1');
  assert.match(await form.getByLabel('Texto').evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')).textContent), /negrita.*«- »/);
  assert.equal(await form.getByLabel('Título').evaluate((el) => el === document.activeElement), true, 'the title takes the focus');
  await form.getByRole('button', { name: 'Cancelar' }).click();
  await addConclusion(page, FIRST, FIRST_BODY);
  await addConclusion(page, SECOND, 'Texto breve.');
  assert.deepEqual(await section.locator('h3').allInnerTexts(), [`1. ${FIRST}`, `2. ${SECOND}`]);
  let items = (await proceedings()).items;
  assert.deepEqual(items.map((i) => [i.title, i.number, i.body]), [[FIRST, 1, FIRST_BODY], [SECOND, 2, 'Texto breve.']]);

  // An empty title is refused in place.
  await section.getByRole('button', { name: 'Añadir conclusión' }).click();
  await section.getByRole('form', { name: 'Añadir conclusión' }).getByRole('button', { name: 'Añadir conclusión' }).click();
  await section.getByText('Escriba el título.').waitFor();
  await section.getByRole('form', { name: 'Añadir conclusión' }).getByLabel('Título').press('Escape');
  assert.equal(await section.getByRole('form').count(), 0, 'Escape closes the form');

  // Move the second one up: two PATCHes of sort_order; the numbers follow the order.
  const patches = [];
  page.on('request', (r) => { if (r.method() === 'PATCH' && r.url().includes('/proceedings/items/')) patches.push(JSON.parse(r.postData())); });
  await section.getByRole('button', { name: `Subir «${SECOND}»` }).click();
  await section.getByRole('status').filter({ hasText: `«${SECOND}» está ahora en el lugar 1 de 2.` }).waitFor();
  assert.equal(patches.length, 2);
  assert.ok(patches.every((p) => 'sort_order' in p), 'each PATCH moves sort_order');
  assert.deepEqual(await section.locator('h3').allInnerTexts(), [`1. ${SECOND}`, `2. ${FIRST}`]);
  items = (await proceedings()).items;
  assert.deepEqual(items.map((i) => [i.title, i.number]), [[SECOND, 1], [FIRST, 2]]);
  assert.match(await focusedText(page), /^Bajar/, 'the focus stays on the moved item (now first: "Bajar")');

  // Edit: the body of the first one.
  await section.getByRole('button', { name: `Editar «${SECOND}»` }).click();
  const edit = section.getByRole('form', { name: `Editar «${SECOND}»` });
  assert.equal(await edit.getByLabel('Título').inputValue(), SECOND);
  await edit.getByLabel('Texto').fill('Con las ciudades de la **cuenca amazónica**.');
  await edit.getByRole('button', { name: 'Guardar cambios' }).click();
  await section.getByRole('status').filter({ hasText: `Se guardó «${SECOND}».` }).waitFor();
  assert.equal((await proceedings()).items[0].body, 'Con las ciudades de la **cuenca amazónica**.');

  // Delete a recommendation, only after saying yes in the page.
  const recs = page.locator('#recomendaciones');
  await recs.getByRole('button', { name: 'Añadir recomendación' }).click();
  await recs.getByRole('form', { name: 'Añadir recomendación' }).getByLabel('Título').fill('Recomendación provisional');
  await recs.getByRole('form', { name: 'Añadir recomendación' }).getByRole('button', { name: 'Añadir recomendación' }).click();
  await recs.getByRole('heading', { level: 3, name: '1. Recomendación provisional' }).waitFor();
  await recs.getByRole('button', { name: 'Eliminar «Recomendación provisional»' }).click();
  const question = recs.getByText('¿Eliminar «Recomendación provisional»? No se puede deshacer.');
  assert.equal(await question.evaluate((el) => el === document.activeElement), true);
  await recs.getByRole('button', { name: 'No, conservar' }).click();
  assert.equal((await proceedings()).items.filter((i) => i.kind === 'recommendation').length, 1);
  await recs.getByRole('button', { name: 'Eliminar «Recomendación provisional»' }).click();
  const gone = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await recs.getByRole('button', { name: 'Sí, eliminar' }).click();
  assert.equal((await gone).status(), 204);
  await recs.getByRole('status').filter({ hasText: 'Se eliminó «Recomendación provisional».' }).waitFor();
  await recs.getByText('Todavía no hay recomendaciones.').waitFor();
  assert.equal((await proceedings()).items.filter((i) => i.kind === 'recommendation').length, 0);

  // The team: two people, the second moved up, one signs; saved in that order with PUT.
  const team = page.locator('#equipo-form');
  await team.getByRole('button', { name: 'Añadir persona' }).click();
  let row = team.getByRole('group', { name: 'Persona 1' });
  assert.equal(await row.getByLabel('Nombre').evaluate((el) => el === document.activeElement), true);
  await row.getByLabel('Nombre').fill('Ana Ruiz Guamán');
  await row.getByLabel('Cargo o función').fill('Presidenta de AME');
  await row.getByRole('checkbox', { name: 'Firma certificados' }).check();
  await team.getByRole('button', { name: 'Añadir persona' }).click();
  row = team.getByRole('group', { name: 'Persona 2' });
  await row.getByLabel('Nombre').fill('Luis Peñafiel');
  await row.getByLabel('Cargo o función').fill('Técnico de Cooperación');
  await row.getByRole('button', { name: 'Subir a la persona 2' }).click();
  assert.equal(await team.getByRole('group', { name: 'Persona 1' }).getByLabel('Nombre').inputValue(), 'Luis Peñafiel');
  await team.getByText('Hay cambios sin guardar.').waitFor();
  const putReq = page.waitForRequest((r) => r.method() === 'PUT');
  await team.getByRole('button', { name: 'Guardar equipo' }).click();
  assert.deepEqual(JSON.parse((await putReq).postData()), { credits: [
    { name: 'Luis Peñafiel', role_title: 'Técnico de Cooperación', signs_certificates: false },
    { name: 'Ana Ruiz Guamán', role_title: 'Presidenta de AME', signs_certificates: true },
  ] });
  await team.getByRole('alert').filter({ hasText: 'Se guardó el equipo (2 personas).' }).waitFor();
  assert.deepEqual((await proceedings()).credits.map((c) => [c.name, c.signs_certificates]), [['Luis Peñafiel', false], ['Ana Ruiz Guamán', true]]);

  // Heading and contact: only the changed field goes to PATCH /editions/{slug}.
  const contactForm = page.locator('#contacto-form');
  assert.equal(await contactForm.getByLabel('Encabezado de los créditos').inputValue(), 'Dirección de Cooperación Internacional');
  const edPatch = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/editions/${SLUG}`));
  await contactForm.getByLabel('Correo de contacto').fill('memoria@ame.gob.ec');
  await contactForm.getByRole('button', { name: 'Guardar encabezado y contacto' }).click();
  assert.deepEqual(JSON.parse((await edPatch).postData()), { contact_email: 'memoria@ame.gob.ec' });
  await contactForm.getByRole('alert').filter({ hasText: 'Se guardaron' }).waitFor();
  assert.equal((await proceedings()).contact, 'memoria@ame.gob.ec');

  // The draft preview opens the current data as PDF (with the session cookie).
  const preview = page.getByRole('link', { name: /Vista previa \(borrador\)/ });
  assert.equal(await preview.getAttribute('target'), '_blank');
  const previewRes = await context.request.get(new URL(await preview.getAttribute('href'), server.url).href);
  assert.equal(previewRes.status(), 200);
  assert.equal(previewRes.headers()['content-type'], 'application/pdf');
  assert.match(new URL(await preview.getAttribute('href'), server.url).search, /draft=1/);

  // Nobody checked in yet: the certificates answer 404 with the API's words.
  await page.getByRole('button', { name: 'Descargar todos los certificados' }).click();
  await page.locator('#certificados-estado').filter({ hasText: 'Nadie ha registrado su asistencia todavía.' }).waitFor();

  // Publish, after the confirmation: version 1 and its SHA-256.
  await page.getByRole('button', { name: 'Publicar nueva versión' }).click();
  const ask = page.getByText('¿Publicar la versión 1 de la memoria?');
  assert.equal(await ask.evaluate((el) => el === document.activeElement), true);
  assert.equal(await page.locator('#publicar-aviso').isVisible(), false, 'no "almost empty" warning: it has items');
  assert.equal((await api(server.url, 'GET', `/api/v1/editions/${SLUG}/proceedings/versions`, { token })).body.total, 0, 'nothing published before "Sí"');
  const pub = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/proceedings/publish'));
  await page.getByRole('button', { name: 'Sí, publicar la versión 1' }).click();
  const published = await (await pub).json();
  assert.equal(published.version, 1);
  await page.getByText('Se publicó la versión 1.').first().waitFor();
  assert.equal(await page.locator('#publicado-version').innerText(), '1');
  assert.equal(await page.locator('#publicado-sha').innerText(), published.sha256);
  await page.locator('#versiones').getByRole('rowheader', { name: 'Versión 1' }).waitFor();
  assert.match(await page.locator('#publicacion-resumen').innerText(), /Publicada.*versión publicada: la 1/s);
  const v1 = await context.request.get(new URL(await page.locator('#versiones').getByRole('link', { name: /Descargar la versión 1/ }).getAttribute('href'), server.url).href);
  assert.equal(createHash('sha256').update(await v1.body()).digest('hex'), published.sha256);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);

  // The public page now has the conclusion with its accents, bold text and list.
  const pub2 = await openPage(browser);
  await pub2.page.goto(`${server.url}/e/${SLUG}/memoria`);
  const heading = pub2.page.getByRole('heading', { level: 3, name: `2. ${FIRST}` });
  await heading.waitFor();
  const article = pub2.page.locator('article').filter({ has: heading });
  assert.equal(await article.locator('strong').innerText(), 'Pastaza');
  assert.deepEqual(await article.locator('li').allInnerTexts(), ['Compartir datos hídricos', 'Formar técnicos en señalética']);
  await pub2.page.getByRole('heading', { level: 3, name: `1. ${SECOND}` }).waitFor();
  await pub2.page.getByText('Luis Peñafiel', { exact: true }).waitFor();
  assert.match(await pub2.page.locator('#descarga-datos').innerText(), /Versión 1/);
  assert.deepEqual(pub2.errors, []);
  await pub2.context.close();

  assert.deepEqual(errors, []);
  await context.close();
});

test('the organizers\' memoria page fits a phone and keeps headings in order', async () => {
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: [/status of 401/] });
  await signIn(page);
  await page.locator('#conclusiones h3').first().waitFor();
  assert.equal(await hasHorizontalScroll(page), false);
  assert.deepEqual(headingProblems(await headingLevels(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});
