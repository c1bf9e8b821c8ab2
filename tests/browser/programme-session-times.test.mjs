// programme-session-times.test.mjs — the session editor's clock on the organizers' programme
// page: times are typed as 24-hour HH:MM (never AM/PM); typing a new start character by
// character moves the end only once the start is a complete time, keeping the session's
// length (10:00 typed into a 12:00–13:30 session saves 10:00–11:30); a time that is not one
// is refused next to its field; and after a 409 schedule_conflict the focus is on the message.
// An English browser (locale en-US, whose own time picker would show AM/PM) types and saves
// the same 24-hour times, on the edition's clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, hasHorizontalScroll, close } from './browser.mjs';

const SLUG = 'pastaza-2025';
const PAGE = `/admin/e/${SLUG}/programa`;
const TITLE = 'Finanzas municipales';
const OTHER = 'Agua y saneamiento';
const ENGLISH = 'Turismo comunitario';

let server;
let browser;
let token;
let session;
let english; // the session the English browser edits
before(async () => {
  server = await startServer();
  browser = await launch();
  token = await login(server.url);
  const room = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/rooms`, { token, body: { name: 'Sala Napo' } });
  assert.equal(room.status, 201, room.text);
  const roomId = room.body.id ?? room.body.items.find((r) => r.name === 'Sala Napo').id;
  const make = async (title, start, end, day = '2025-11-20') => {
    const r = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/sessions`, {
      token, body: { kind: 'panel', title, starts_at: `${day}T${start}`, ends_at: `${day}T${end}`, room_id: roomId },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  session = await make(TITLE, '12:00', '13:30');
  await make(OTHER, '15:00', '16:00');
  english = await make(ENGLISH, '12:00', '13:00', '2025-11-21');
});
after(async () => {
  await close(browser);
  await server?.stop();
});

const stored = async (id) => (await api(server.url, 'GET', `/api/v1/editions/${SLUG}/sessions`)).body.items.find((s) => s.id === id);

/** Clicks into a field, selects what it holds and types `text` one key at a time, as a person does. */
async function typeInto(page, input, text) {
  await input.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('a start typed key by key moves the end once, keeping the length; times are 24-hour', async () => {
  const { page, context, errors } = await openPage(browser, { allow: [/status of 409/] });
  await context.addCookies([{ name: 'asamblea_session', value: token, url: server.url }]);
  await page.goto(server.url + PAGE);
  await page.getByRole('button', { name: `Editar «${TITLE}»` }).click();
  const editor = page.locator('#editor-sesion');
  await editor.getByRole('heading', { level: 3, name: `Editar: ${TITLE}` }).waitFor();

  const start = editor.getByLabel('Inicio', { exact: true });
  const end = editor.getByLabel('Fin', { exact: true });
  assert.equal(await start.inputValue(), '12:00');
  assert.equal(await end.inputValue(), '13:30');
  for (const input of [start, end]) {
    assert.equal(await input.getAttribute('type'), 'text', 'no locale clock with AM/PM');
    assert.equal(await input.getAttribute('inputmode'), 'numeric');
  }
  assert.equal(await editor.getByLabel('Día', { exact: true }).inputValue(), '2025-11-20');

  // Every intermediate value ("1", "10", "10:", "10:0") leaves the end alone.
  const seen = [];
  await start.click();
  await page.keyboard.press('Control+A');
  for (const key of '10:00') {
    await page.keyboard.type(key);
    seen.push([await start.inputValue(), await end.inputValue()]);
  }
  assert.deepEqual(seen, [['1', '13:30'], ['10', '13:30'], ['10:', '13:30'], ['10:0', '13:30'], ['10:00', '11:30']]);

  const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/sessions/${session.id}`));
  await editor.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await sent).postData()), { starts_at: '2025-11-20T10:00', ends_at: '2025-11-20T11:30' });
  await editor.getByText('Se guardaron los cambios.').waitFor();
  const saved = await stored(session.id);
  assert.equal(saved.starts_at, '2025-11-20T10:00:00-05:00');
  assert.equal(saved.ends_at, '2025-11-20T11:30:00-05:00');

  // A time that is not one stays in the page, with the reason next to the field.
  let patches = 0;
  page.on('request', (r) => { if (r.method() === 'PATCH') patches += 1; });
  await typeInto(page, end, '25:00');
  await editor.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.equal(await end.getAttribute('aria-invalid'), 'true');
  assert.match(await editor.locator('#sesion-estado').innerText(), /HH:MM/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 's-ends_at');
  assert.equal(patches, 0, 'nothing sent');

  // What counts as a complete time: 24-hour, with a colon, a dot, an "h" or none (a phone's number pad).
  const read = await page.evaluate(async (texts) => {
    const { parseClock, formatClock } = await import('/js/admin-programme-shared.js');
    return texts.map((t) => { const m = parseClock(t); return m === null ? null : formatClock(m); });
  }, ['14:30', '9:30', '09.30', '14h30', '1430', '00:00', '23:59', '24:00', '12:60', '2:5', '930', '10:0', '1', 'abc', '']);
  assert.deepEqual(read, ['14:30', '09:30', '09:30', '14:30', '14:30', '00:00', '23:59', null, null, null, null, null, null, null, null]);

  // A length typed into the end is the one the next start keeps.
  await typeInto(page, end, '11:00');
  await typeInto(page, start, '09:30');
  assert.equal(await end.inputValue(), '10:30');
  assert.deepEqual(errors, []);
  await context.close();
});

test('after a schedule conflict the focus is on the message, which names the other session', async () => {
  const { page, context, errors } = await openPage(browser, { width: 390, allow: [/status of 409/] });
  await context.addCookies([{ name: 'asamblea_session', value: token, url: server.url }]);
  await page.goto(server.url + PAGE);
  await page.getByRole('button', { name: `Editar «${TITLE}»` }).click();
  const editor = page.locator('#editor-sesion');
  await editor.getByRole('heading', { level: 3, name: `Editar: ${TITLE}` }).waitFor();
  await typeInto(page, editor.getByLabel('Inicio', { exact: true }), '15:30');
  assert.equal(await editor.getByLabel('Fin', { exact: true }).inputValue(), '17:00');
  const answer = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/sessions/${session.id}`));
  await editor.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.equal((await answer).status(), 409);
  const alert = page.locator('#sesion-choques');
  await alert.getByText(`Choca con «${OTHER}»`).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'sesion-choques');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.equal(await alert.getAttribute('tabindex'), '-1');
  assert.equal(await hasHorizontalScroll(page), false);
  assert.equal((await stored(session.id)).starts_at, '2025-11-20T10:00:00-05:00', 'nothing stored');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in an English browser "14:30" is 14:30 on the edition\'s clock, and the end follows only a complete start', async () => {
  const { page, context, errors } = await openPage(browser, { locale: 'en-US' });
  await context.addCookies([{ name: 'asamblea_session', value: token, url: server.url }]);
  await page.goto(server.url + PAGE);
  assert.equal(await page.evaluate(() => navigator.language), 'en-US');
  await page.getByRole('button', { name: `Editar «${ENGLISH}»` }).click();
  const editor = page.locator('#editor-sesion');
  await editor.getByRole('heading', { level: 3, name: `Editar: ${ENGLISH}` }).waitFor();
  const start = editor.getByLabel('Inicio', { exact: true });
  const end = editor.getByLabel('Fin', { exact: true });
  assert.equal(await start.inputValue(), '12:00', 'shown as 24-hour, not 12:00 PM');
  assert.equal(await end.inputValue(), '13:00');

  const seen = [];
  await start.click();
  await page.keyboard.press('Control+A');
  for (const key of '14:30') {
    await page.keyboard.type(key);
    seen.push(await end.inputValue());
  }
  assert.deepEqual(seen, ['13:00', '13:00', '13:00', '13:00', '15:30'], 'the end moves once, when the start is complete');

  const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/sessions/${english.id}`));
  await editor.getByRole('button', { name: 'Guardar cambios' }).click();
  assert.deepEqual(JSON.parse((await sent).postData()), { starts_at: '2025-11-21T14:30', ends_at: '2025-11-21T15:30' });
  await editor.getByText('Se guardaron los cambios.').waitFor();
  const saved = await stored(english.id);
  assert.equal(saved.starts_at, '2025-11-21T14:30:00-05:00');
  assert.equal(saved.ends_at, '2025-11-21T15:30:00-05:00');
  assert.deepEqual(errors, []);
  await context.close();
});
