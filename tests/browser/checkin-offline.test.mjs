// checkin-offline.test.mjs — the scanner when the venue's network drops: loaded online (key and
// roster kept in IndexedDB), then offline (context.setOffline): a valid badge is verified on the
// device (green) and queued (the banner shows 1 pending), the same badge again is amber, a forged
// one red, a typed code from the roster green; a registration cancelled on the server meanwhile
// is refused when the queue is sent and shown as a notice. Back online, the queue is sent in
// order and the server has the check-ins with the offline scan's time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';
import {
  EXPECTED_ERRORS, SLUG, STAFF, badgeToken, forge, register, scan, scannerReady, signIn,
} from './checkin-helpers.mjs';

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

const banner = (page) => page.locator('#conexion');

test('offline: verified on the device, queued, synced in order when back online', async () => {
  const eva = await register(server.url, { full_name: 'Eva Quishpe', organization: 'GAD Municipal de Saquisilí', attendee_type: 'official' });
  const fabian = await register(server.url, { full_name: 'Fabián Andrango', attendee_type: 'academia' });
  const gloria = await register(server.url, { full_name: 'Gloria Tituaña' });
  const hugo = await register(server.url, { full_name: 'Hugo Chela' });
  const evaToken = await badgeToken(server.url, admin, eva.code);
  const hugoToken = await badgeToken(server.url, admin, hugo.code);

  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: EXPECTED_ERRORS });
  await signIn(page, server.url, '/checkin', STAFF);
  await scannerReady(page);
  const device = await page.getByLabel('Nombre de este dispositivo').inputValue(); // this device's own default name
  assert.match(device, /^puerta-[0-9a-z]{4}$/);
  // online first: the key and the roster of 4 are on the device
  await page.locator('#lista').filter({ hasText: 'Lista de 4 inscripciones guardadas' }).waitFor();
  const kept = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('asamblea-puerta');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction('kv');
      const keys = tx.objectStore('kv').getAllKeys();
      keys.onsuccess = () => resolve(keys.result.sort());
    };
  }));
  assert.deepEqual(kept, ['key:pastaza-2025', 'roster:pastaza-2025']);

  await context.setOffline(true);
  await banner(page).filter({ hasText: 'Sin conexión' }).waitFor();

  // A valid badge: green from the device's own check, and 1 pending in the banner.
  const ok = await scan(page, evaToken);
  assert.equal(ok.tone, 'ok', ok.text);
  assert.match(ok.text, /BIENVENIDO\/A/);
  assert.match(ok.text, /Eva Quishpe/);
  assert.match(ok.text, /sin conexión/);
  assert.equal(await banner(page).getAttribute('data-state'), 'offline');
  assert.match(await banner(page).innerText(), /1 escaneo pendiente de enviar/);
  const offlineAt = Date.now();

  // The same badge again: amber (marked on the device), nothing more queued.
  const again = await scan(page, evaToken);
  assert.equal(again.tone, 'already', again.text);
  assert.match(again.text, /YA REGISTRADO/);
  assert.match(again.text, new RegExp(`a las \\d{2}:\\d{2} en ${device}`));
  assert.equal(await banner(page).getAttribute('data-pending'), '1');

  // A forged badge: red, from the signature check on the device.
  const forged = await scan(page, forge(hugoToken, 100));
  assert.equal(forged.tone, 'error', forged.text);
  assert.match(forged.text, /CREDENCIAL NO VÁLIDA/);

  // A code typed by hand, found in the kept roster: green, 2 pending.
  const typed = await scan(page, fabian.code);
  assert.equal(typed.tone, 'ok', typed.text);
  assert.match(typed.text, /Fabián Andrango/);
  assert.match(await banner(page).innerText(), /2 escaneos pendientes de enviar/);

  // Gloria is let in offline, but cancelled on the server before the queue is sent.
  const third = await scan(page, hugoToken);
  assert.equal(third.tone, 'ok', third.text);
  await page.getByLabel('Nombre, institución o código').fill('tituana');
  const row = page.locator('.door-match').filter({ hasText: 'Gloria Tituaña' });
  await row.getByRole('button', { name: 'Registrar ingreso' }).click();
  await banner(page).filter({ hasText: '4 escaneos pendientes' }).waitFor();
  assert.equal((await api(server.url, 'DELETE', `/api/v1/registrations/${gloria.code}`, { token: admin })).status, 200);
  for (const reg of [eva, fabian, hugo]) {
    assert.equal((await api(server.url, 'GET', `/api/v1/registrations/${reg.code}`, { token: admin })).body.checked_in_at, null);
  }

  // Back online: the queue is sent, the server has them; Gloria's is refused and shown.
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('#conexion').dataset.pending === '0', null, { timeout: 20000 });
  assert.match(await banner(page).innerText(), /En línea/);
  for (const reg of [eva, fabian, hugo]) {
    const g = await api(server.url, 'GET', `/api/v1/registrations/${reg.code}`, { token: admin });
    assert.ok(g.body.checked_in_at, `${reg.code} checked in after the sync`);
  }
  const evaAt = Date.parse((await api(server.url, 'GET', `/api/v1/registrations/${eva.code}`, { token: admin })).body.checked_in_at);
  assert.ok(Math.abs(evaAt - offlineAt) < 15_000, 'the check-in time is when the badge was scanned offline');
  const notices = page.locator('#avisos');
  await notices.waitFor();
  assert.match(await notices.innerText(), /Gloria Tituaña/);
  assert.match(await notices.innerText(), /La inscripción está cancelada/);
  assert.equal((await api(server.url, 'GET', `/api/v1/registrations/${gloria.code}`, { token: admin })).body.checked_in_at, null);

  // In order, each once, with the device's name.
  const feed = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/checkins?since=0&limit=500`, { token: admin });
  assert.deepEqual(feed.body.items.map((i) => i.code), [eva.code, fabian.code, hugo.code]);
  assert.ok(feed.body.items.every((i) => i.device === device && i.result === 'ok'));

  // Online again, the same badge is amber from the server.
  const online = await scan(page, evaToken);
  assert.equal(online.tone, 'already', online.text);
  assert.doesNotMatch(online.text, /sin conexión/);
  assert.deepEqual(errors, []);
});

test('an answer that left before the browser went offline does not turn the banner back to online', async () => {
  const roster = await api(server.url, 'GET', `/api/v1/editions/${SLUG}/roster`, { token: admin });
  assert.equal(roster.status, 200, roster.text);
  const { page, context, errors } = await openPage(browser, { width: 375, height: 800, allow: EXPECTED_ERRORS });
  await signIn(page, server.url, '/checkin', STAFF);
  await scannerReady(page);
  // the next roster download is held until the browser has gone offline, then answered
  let held;
  const asked = new Promise((resolve) => {
    page.route(`**/api/v1/editions/${SLUG}/roster**`, (route) => { held = route; resolve(); });
  });
  await page.evaluate(() => window.dispatchEvent(new Event('online'))); // a round that downloads the roster
  await asked;
  await context.setOffline(true);
  await banner(page).and(page.locator('[data-state="offline"]')).waitFor();
  await held.fulfill({ status: 200, contentType: 'application/json', body: roster.text });
  // the round that downloaded it is over: the page has handled the answer; how does it stand?
  await page.locator('#conexion[data-round="idle"]').waitFor();
  assert.equal(await banner(page).getAttribute('data-state'), 'offline');
  await context.setOffline(false);
  await page.unroute(`**/api/v1/editions/${SLUG}/roster**`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('badge tokens are checked in the page as the server signs them (WebCrypto and the fallback library)', async () => {
  const reg = await register(server.url, { full_name: 'Inés Yupanqui' });
  const token = await badgeToken(server.url, admin, reg.code);
  const key = (await api(server.url, 'GET', `/api/v1/editions/${SLUG}/badge-key`)).body;
  const other = (await api(server.url, 'GET', '/api/v1/editions/latacunga-2024/badge-key')).body;
  const { page, errors } = await openPage(browser);
  await page.goto(`${server.url}/login`);
  const out = await page.evaluate(async ({ token, key, other }) => {
    const t = await import('/js/checkin-token.js');
    const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const webcrypto = await t.makeVerifier(key.public_key);
    const library = await t.makeVerifier(key.public_key, { library: true });
    const otherKey = await t.makeVerifier(other.public_key);
    const check = (tok, verify, editionId = key.edition_id) => t.checkToken(tok, { editionId, verify });
    const parsed = t.parseToken(token);
    return {
      foobar: new TextDecoder().decode(t.base32Decode('MZXW6YTBOI')),
      classify: [t.classify(' k7p-m3q\r\n'), t.classify(`${token.toLowerCase()}\r\n`).value === token, t.classify('  ')],
      parsed: { version: parsed.version, editionId: parsed.editionId, revision: parsed.revision },
      hasWebCrypto: await t.hasWebCryptoEd25519(),
      webcrypto: await check(token, webcrypto),
      library: await check(token, library),
      forgedWeb: await check(flip(token, 100), webcrypto),
      forgedLib: await check(flip(token, 100), library),
      payloadChanged: await check(flip(token, 10), library),
      otherKey: await check(token, otherKey),
      otherEdition: await check(token, webcrypto, other.edition_id),
      short: await check(token.slice(0, 119), webcrypto),
      noVerifier: await check(token, null),
    };
  }, { token, key, other });
  assert.equal(out.foobar, 'foobar');
  assert.deepEqual(out.classify, [{ kind: 'code', value: 'K7PM3Q' }, true, { kind: 'empty', value: '' }]);
  assert.deepEqual(out.parsed, { version: 2, editionId: key.edition_id, revision: 1 });
  assert.equal(out.hasWebCrypto, true, 'Debian chromium verifies Ed25519 with WebCrypto');
  assert.equal(out.webcrypto.ok, true);
  assert.equal(out.library.ok, true, 'the vendored @noble/ed25519 verifies the same signature');
  assert.equal(out.webcrypto.holderId, out.library.holderId);
  assert.deepEqual(out.forgedWeb, { ok: false, reason: 'signature' });
  assert.deepEqual(out.forgedLib, { ok: false, reason: 'signature' });
  assert.equal(out.payloadChanged.ok, false);
  assert.deepEqual(out.otherKey, { ok: false, reason: 'signature' });
  assert.deepEqual(out.otherEdition, { ok: false, reason: 'edition' });
  assert.deepEqual(out.short, { ok: false, reason: 'malformed' });
  assert.deepEqual(out.noVerifier, { ok: false, reason: 'unverifiable' });
  assert.deepEqual(errors, []);
});
