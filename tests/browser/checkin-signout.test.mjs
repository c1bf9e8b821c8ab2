// checkin-signout.test.mjs — what a shared door phone keeps after its session: "Cerrar sesión"
// sends the queued scans and then erases the IndexedDB database "asamblea-puerta" (roster, key,
// marks, queue); scans that cannot be sent make the page ask first (no → nothing is erased);
// a session that ended on the server (a 401 to a scan, to the queue's sync, or when the page
// opens) makes the phone forget the roster, key and marks at once, keeping only the queued
// scans without names for the next sign-in. The page says that signing out erases the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';
import { EXPECTED_ERRORS, STAFF, register, scan, scannerReady, signIn } from './checkin-helpers.mjs';

let server;
let browser;
let admin;
before(async () => {
  server = await startServer({ users: [STAFF] });
  browser = await launch();
  admin = await login(server.url);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

/**
 * What the door keeps in this browser profile: null when the database does not exist, else
 * {kv: its keys, marks: how many, queue: the queued entries}.
 */
const deviceStore = (page) => page.evaluate(async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === 'asamblea-puerta')) return null;
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('asamblea-puerta');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const read = (store, how) => new Promise((resolve, reject) => {
    if (!db.objectStoreNames.contains(store)) { resolve([]); return; }
    const req = db.transaction(store).objectStore(store)[how]();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    return { kv: (await read('kv', 'getAllKeys')).sort(), marks: (await read('marks', 'getAll')).length, queue: await read('queue', 'getAll') };
  } finally {
    db.close();
  }
});

/** Signs in at /checkin and waits until the roster is kept on the device. */
async function openScanner(page) {
  await signIn(page, server.url, '/checkin', STAFF);
  await scannerReady(page);
  await page.locator('#lista').filter({ hasText: /Lista de \d+ inscripci/ }).waitFor();
}

/** Ends the page's session on the server, as an expiry would. */
async function endSession(context) {
  const cookie = (await context.cookies()).find((c) => c.name === 'asamblea_session');
  assert.ok(cookie, 'the page has a session cookie');
  assert.equal((await api(server.url, 'DELETE', '/api/v1/session', { token: cookie.value })).status, 204);
}

const signOut = (page) => page.getByRole('button', { name: 'Cerrar sesión' }).click();

/** Presses "Cerrar sesión", waits (bounded) for the page's question and answers it → its text. */
async function signOutAnswering(page, yes) {
  const question = page.waitForEvent('dialog');
  const click = signOut(page);
  const dialog = await question;
  const text = dialog.message();
  await (yes ? dialog.accept() : dialog.dismiss());
  await click;
  return text;
}
const banner = (page) => page.locator('#conexion');

test('signing out erases the roster, key and marks from the phone', async () => {
  const ana = await register(server.url, { full_name: 'Ana Shiguango', organization: 'GAD Municipal de Arajuno' });
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: EXPECTED_ERRORS });
  await openScanner(page);
  assert.equal((await scan(page, ana.code)).tone, 'ok');
  const kept = await deviceStore(page);
  assert.deepEqual(kept.kv, ['key:pastaza-2025', 'roster:pastaza-2025']);
  assert.equal(kept.marks, 1);

  const note = await page.locator('#escaner').innerText();
  await signOut(page);
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(await deviceStore(page), null, 'the database is gone');
  assert.match(note, /Al cerrar sesión se borra de este teléfono la lista de asistentes/, 'the page said so');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a round still waiting on the server when staff signs out ends quietly', async () => {
  const { page, context, errors } = await openPage(browser, { allow: EXPECTED_ERRORS });
  await openScanner(page);
  // the counter's request of the round that coming back online starts is held …
  let held = null;
  const statsHeld = new Promise((resolve) => {
    page.route('**/checkins/stats', (route) => {
      if (held) return route.continue();
      held = route;
      resolve();
      return undefined;
    });
  });
  await context.setOffline(true);
  await banner(page).filter({ hasText: 'Sin conexión' }).waitFor();
  await context.setOffline(false);
  await statsHeld;
  // … and answered after the door has closed for signing out, before the session ends
  await page.route('**/api/v1/session', async (route) => {
    if (route.request().method() !== 'DELETE') return route.continue();
    const answered = page.waitForEvent('requestfinished', (r) => r.url().endsWith('/checkins/stats'));
    await held.continue();
    await answered;
    await page.locator('#conexion[data-round="idle"]').waitFor({ state: 'attached' }); // the round has read it and ended (the door is hidden)
    return route.continue();
  });
  await signOut(page);
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(await deviceStore(page), null);
  assert.deepEqual(errors, [], 'the round found no door and stopped');
  await context.close();
});

test('a round that touches the store after sign-out erased it finds it empty instead of throwing', async () => {
  const { page, context, errors } = await openPage(browser, { allow: EXPECTED_ERRORS });
  await page.goto(server.url + '/privacidad'); // any page of the site: the store is per origin
  const seen = await page.evaluate(async () => {
    const { openStore } = await import('/js/checkin-store.js');
    const store = await openStore();
    await store.set('roster:x', { people: 1 });
    await store.erase(); // what signing out does; a 15-second round may still be on its way
    return [await store.get('roster:x'), await store.queued(), await store.queueLength(), await store.marks('x'),
      await store.setMark('x', 1), await store.forgetRoster()];
  });
  assert.deepEqual(seen, [undefined, [], 0, [], undefined, undefined]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('queued scans are sent before signing out; when they cannot be, the page asks first', async () => {
  const bruno = await register(server.url, { full_name: 'Bruno Tanguila' });
  const { page, context, errors } = await openPage(browser, { allow: EXPECTED_ERRORS });
  await openScanner(page);
  await context.setOffline(true);
  await banner(page).filter({ hasText: 'Sin conexión' }).waitFor();
  assert.equal((await scan(page, bruno.code)).tone, 'ok');
  assert.equal((await deviceStore(page)).queue.length, 1);

  // Offline: the scan cannot be sent, so the page asks; "Cancel" keeps everything.
  assert.match(await signOutAnswering(page, false), /Hay 1 escaneo que no se pudo enviar[\s\S]*¿Cerrar la sesión de todos modos\?/);
  await page.locator('#estado').filter({ hasText: 'No se cerró la sesión' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/checkin');
  const still = await deviceStore(page);
  assert.equal(still.queue.length, 1);
  assert.ok(still.kv.includes('roster:pastaza-2025'));

  // Online: the scan is sent first, nothing is asked, then the phone is erased.
  await context.setOffline(false);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await signOut(page);
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(dialogs, 0);
  const checked = await api(server.url, 'GET', `/api/v1/registrations/${bruno.code}`, { token: admin });
  assert.ok(checked.body.checked_in_at, 'the queued scan reached the server before the session ended');
  assert.equal(await deviceStore(page), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a session that ended on the server: the phone forgets the roster at once', async () => {
  const carla = await register(server.url, { full_name: 'Carla Grefa' });
  const dario = await register(server.url, { full_name: 'Darío Cerda' });
  const elsa = await register(server.url, { full_name: 'Elsa Vargas' });
  const { page, context, errors } = await openPage(browser, { allow: EXPECTED_ERRORS });

  // A scan answered 401: red "session ended", nothing of the roster left, the search finds nobody.
  await openScanner(page);
  assert.equal((await scan(page, carla.code)).tone, 'ok');
  await endSession(context);
  const refused = await scan(page, dario.code);
  assert.equal(refused.tone, 'error', refused.text);
  assert.match(refused.text, /SESIÓN TERMINADA/);
  assert.equal(await banner(page).getAttribute('data-state'), 'login');
  assert.match(await banner(page).innerText(), /se borró de este dispositivo la lista de inscritos/);
  assert.deepEqual(await deviceStore(page), { kv: [], marks: 0, queue: [] });
  await page.getByLabel('Nombre, institución o código').fill('grefa');
  await page.locator('#buscar-estado').filter({ hasText: 'todavía no está en este dispositivo' }).waitFor();
  assert.equal(await page.locator('.door-match').count(), 0);
  assert.equal((await api(server.url, 'GET', `/api/v1/registrations/${dario.code}`, { token: admin })).body.checked_in_at, null);

  // A queue sent after the session ended: the roster goes, the scan stays (without the name).
  await openScanner(page);
  await context.setOffline(true);
  await banner(page).filter({ hasText: 'Sin conexión' }).waitFor();
  assert.equal((await scan(page, elsa.code)).tone, 'ok');
  await endSession(context);
  await context.setOffline(false);
  await banner(page).filter({ hasText: '1 escaneo pendiente de enviar: ingrese de nuevo para enviarlos' }).waitFor({ timeout: 20000 });
  const waiting = await deviceStore(page);
  assert.deepEqual(waiting.kv, []);
  assert.equal(waiting.marks, 0);
  assert.equal(waiting.queue.length, 1);
  assert.equal(waiting.queue[0].code, elsa.code);
  assert.equal('name' in waiting.queue[0], false, 'the queued scan no longer names the person');

  // Signing out now would lose it: the page asks; yes erases the phone.
  assert.match(await signOutAnswering(page, true), /Hay 1 escaneo que no se pudo enviar/);
  await page.waitForURL((u) => u.pathname === '/login');
  assert.equal(await deviceStore(page), null);

  // A session that ended while the page was closed: opening the page forgets the roster too.
  await openScanner(page);
  assert.ok((await deviceStore(page)).kv.includes('roster:pastaza-2025'));
  await endSession(context);
  await page.reload();
  await page.waitForURL((u) => u.pathname === '/login');
  assert.deepEqual(await deviceStore(page), { kv: [], marks: 0, queue: [] });
  assert.deepEqual(errors, []);
  await context.close();
});
