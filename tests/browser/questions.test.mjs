// questions.test.mjs — an edition's custom questions in a real browser: the organizer builds them
// in the edition editor (added, reordered, a fault the API names shown next to its control and
// focused), the attendee answers them on the public form (a required one left out is marked and
// focused in its radio group), and the answer shows on the attendee's manage page and as a column
// of the organizer's list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';
import { signIn } from './checkin-helpers.mjs';

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

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

test('organizer builds the questions; attendee answers; answers on the manage page and the list', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 401/, /status of 400/] });
  await signIn(page, server.url, '/admin', ADMIN);
  await page.getByRole('button', { name: /^Editar .*Pastaza 2025/ }).click();
  await page.getByRole('heading', { level: 2, name: /Editar: .*Pastaza 2025/ }).waitFor();
  const group = page.getByRole('group', { name: 'Preguntas del formulario' });
  await group.getByRole('button', { name: 'Agregar pregunta' }).click();
  const first = page.getByRole('group', { name: 'Pregunta 1', exact: true });
  assert.equal(await isFocused(first.getByLabel('Pregunta', { exact: true })), true, 'the new question takes the focus');
  await first.getByLabel('Pregunta', { exact: true }).fill('Restricción alimentaria');
  await group.getByRole('button', { name: 'Agregar pregunta' }).click();
  const second = page.getByRole('group', { name: 'Pregunta 2', exact: true });
  await second.getByLabel('Pregunta', { exact: true }).fill('¿A qué taller asistirá?');
  await second.getByLabel('Tipo de respuesta').selectOption('choice');
  await second.getByLabel('Respuesta obligatoria').check();
  await second.getByRole('button', { name: 'Subir la pregunta 2' }).click();
  assert.equal(await page.getByRole('group', { name: 'Pregunta 1', exact: true }).getByLabel('Pregunta', { exact: true }).inputValue(),
    '¿A qué taller asistirá?', 'moved up');
  assert.equal(await isFocused(page.getByRole('button', { name: 'Bajar la pregunta 1' })), true,
    'the focus stays on the moved question');

  // a choice without options: the API's fault sits next to the options and has the focus
  const refused = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.equal((await (await refused).json()).error.field, 'questions.0.options');
  const options = page.getByRole('group', { name: 'Pregunta 1', exact: true }).getByLabel('Opciones');
  await page.waitForFunction(() => document.querySelector('[name="questions.0.options"]').getAttribute('aria-invalid') === 'true');
  assert.equal(await isFocused(options), true);
  await options.fill('Agua potable\nVialidad\nTurismo');
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  const edition = await (await saved).json();
  assert.deepEqual(edition.questions.map((q) => [q.id, q.kind, q.required]),
    [['a-que-taller-asistira', 'choice', true], ['restriccion-alimentaria', 'text', false]]);
  await page.getByRole('status').filter({ hasText: 'Se guardaron los cambios' }).waitFor();

  // the public form asks them; a required one left out is marked and focused
  const pub = await openPage(browser, { width: 375, height: 800 });
  await pub.page.goto(`${server.url}/e/${SLUG}/inscripcion`);
  const p = pub.page;
  await p.getByLabel('Nombre completo').fill('Mariana Tanguila');
  await p.getByLabel('Correo electrónico').fill('mariana.tanguila@puyo.gob.ec');
  await p.getByLabel('Institución').fill('GAD Municipal de Pastaza');
  await p.getByRole('radio', { name: 'Funcionario/a municipal' }).check();
  await p.getByLabel('Restricción alimentaria (opcional)').fill('Vegetariana');
  await p.getByRole('checkbox', { name: /Acepto que la AME trate mis datos/ }).check();
  await p.getByRole('button', { name: 'Inscribirme' }).click();
  const workshops = p.getByRole('radiogroup', { name: '¿A qué taller asistirá?' });
  await p.waitForFunction(() => document.querySelector('[role="radiogroup"][aria-invalid="true"]'));
  assert.equal(await isFocused(workshops.getByRole('radio', { name: 'Agua potable' })), true, 'the group takes the focus');
  assert.match(await p.getByRole('alert').first().innerText(), /¿A qué taller asistirá\?/);
  await workshops.getByRole('radio', { name: 'Vialidad' }).check();
  const created = p.waitForResponse((r) => r.request().method() === 'POST');
  await p.getByRole('button', { name: 'Inscribirme' }).click();
  assert.equal((await created).status(), 201);
  await p.getByRole('heading', { level: 1, name: 'Inscripción confirmada' }).waitFor();
  await p.getByRole('link', { name: 'Abrir mi inscripción' }).click();
  const manage = p.locator('.reg-details');
  await manage.filter({ hasText: '¿A qué taller asistirá?' }).waitFor();
  assert.match(await manage.innerText(), /¿A qué taller asistirá\?\s+Vialidad/);
  assert.match(await manage.innerText(), /Restricción alimentaria\s+Vegetariana/);
  await pub.context.close();
  assert.deepEqual(pub.errors, []);

  // the organizer's list has a column per question
  await page.goto(`${server.url}/admin/e/${SLUG}/inscripciones`);
  const table = page.getByRole('table').filter({ has: page.locator('#filas') });
  await table.getByRole('columnheader', { name: '¿A qué taller asistirá?' }).waitFor();
  const row = table.getByRole('row').filter({ hasText: 'Mariana Tanguila' });
  await row.waitFor();
  assert.equal(await row.locator('[data-answer="a-que-taller-asistira"]').innerText(), 'Vialidad');
  await context.close();
  assert.deepEqual(errors, []);
});
