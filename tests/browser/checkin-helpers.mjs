// checkin-helpers.mjs — what the door's browser tests share (not a test file itself): a staff
// account, registering people and reading their badge tokens through the API, signing in through
// the login form, scanning into the scanner's focused field the way a keyboard-wedge scanner
// types, and reading the result box.
import assert from 'node:assert/strict';
import { api } from '../lib/server.mjs';

export const SLUG = 'pastaza-2025';
export const STAFF = { email: 'puerta@test.ec', password: 'puerta-2025-xx', role: 'staff', name: 'Puerta Norte' };

/** Console errors a door page is expected to log: the 4xx answers it shows as results, and going offline. */
export const EXPECTED_ERRORS = [/status of 4(0[0-9]|09|22)/, /ERR_INTERNET_DISCONNECTED/, /Failed to fetch/];

let n = 0;
/** Registers a person (public form) → {code, manage_token, status}. */
export async function register(base, person = {}, slug = SLUG) {
  n += 1;
  const r = await api(base, 'POST', `/api/v1/editions/${slug}/registrations`, {
    body: {
      full_name: `Asistente ${n}`, email: `asistente${n}.${Date.now()}@gad.gob.ec`, organization: 'GAD Municipal de Mera',
      attendee_type: 'official', consent: true, ...person,
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** The registration's badge token, read as an organizer. */
export async function badgeToken(base, admin, code) {
  const b = await api(base, 'GET', `/api/v1/registrations/${code}/badge`, { token: admin });
  assert.equal(b.status, 200, b.text);
  return b.body.token;
}

/** The token with one character changed: same length and alphabet, wrong signature. */
export const forge = (token, i = 60) => token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);

/** Opens `path`, which sends to /login; signs in there and waits to be back on `path`'s page. */
export async function signIn(page, base, path, { email, password }) {
  await page.goto(base + path);
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  const target = new URL(base + path).pathname;
  await page.waitForURL((u) => u.pathname === target);
}

/** Waits until the scanner is set up (the result box at rest) with the field focused. */
export async function scannerReady(page) {
  await page.waitForFunction(() => /Listo para escanear/.test(document.querySelector('#resultado')?.textContent || ''));
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'escanear');
}

/** The result box: {tone: 'ok'|'already'|'error'|'idle', text}. */
export async function result(page) {
  const box = page.locator('#resultado');
  return { tone: await box.getAttribute('data-tone'), text: (await box.innerText()).replace(/\s+/g, ' ').trim() };
}

/**
 * Types `text` and Enter into whatever has the focus (the scanner's field, as a wedge scanner
 * would) and waits for the next result.
 */
export async function scan(page, text) {
  const before = await page.locator('#resultado').getAttribute('data-count');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => (document.querySelector('#resultado').dataset.count || '') !== b, before || '');
  return result(page);
}

/** Waits until the scanner's focus is back in its field. */
export const focusedOnField = (page) =>
  page.waitForFunction(() => document.activeElement && document.activeElement.id === 'escanear').then(() => true);
