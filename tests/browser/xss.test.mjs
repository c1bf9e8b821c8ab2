// xss.test.mjs — every text field that a page displays holds an XSS payload, and every page that
// shows them is opened in Chromium (as admin where needed). A page fails if a script of a payload
// runs (window.__xss set), if a dialog opens, if the browser reports a Content-Security-Policy
// violation (something tried to run inline), if a payload became an element (img/svg/script, an
// on… attribute, a javascript: link), or if its response lacks the security headers (CSP with
// default-src 'self' and frame-ancestors 'none', X-Content-Type-Options: nosniff, a
// Referrer-Policy). Each page is opened twice: as served, and once more with the CSP switched off
// in the browser (bypassCSP), so the page's own code is tested, not only the CSP behind it.
// The payloads must show as text: each page must display the fields listed for it.
// Pages that do not exist yet (404) are skipped with a message and listed at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { launch, close } from './browser.mjs';

const SLUG = 'xss-2025';
/** The hostile edition takes public sign-ups, so it must not have ended: it is dated next year. */
const YEAR = new Date().getUTCFullYear() + 1;

/** A payload for one field: its tag (to find it as text), then markup that would run if parsed. */
const payload = (tag, room = 200) => {
  const full = `${tag}<img src=x onerror="window.__xss='${tag}'">"><script>window.__xss='${tag}'</script><svg onload=alert('${tag}')>javascript:window.__xss=1`;
  return full.length <= room ? full : `${tag}<svg onload=alert(1)>`.slice(0, room);
};
const P = {
  editionTitle: payload('ET'), editionShort: payload('ES', 100), city: payload('EC', 120), venue: payload('EV'),
  description: payload('ED') + '\n\n' + payload('ED2'), organizerUnit: payload('EU'),
  room: payload('RM', 120), sessionTitle: payload('ST'), objective: payload('SO'),
  person: payload('PN'), honorific: payload('PH', 40), position: payload('PP'), organization: payload('PO'), bio: payload('PB'),
  topic: payload('PT'), contribution: `${payload('PC')}\n\n- ${payload('PL')}\n- **${payload('PE')}**`,
  fullName: payload('RF'), regOrganization: payload('RO'), regPosition: payload('RP'), municipality: payload('RM2', 120),
  accessibility: payload('RA'),
  itemTitle: payload('IT'), itemBody: payload('IB'), creditName: payload('CN'), creditRole: payload('CR'),
};
const text = (p) => p.split('\n')[0].replace(/^- |\*\*/g, '');

let server;
let browser;
let admin;
let reg;
const skipped = [];
const visited = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  admin = await login(server.url);
  const ok = (r, what) => { assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`); return r.body; };
  const as = (method, path, body) => api(server.url, method, path, { token: admin, body });
  ok(await as('POST', '/api/v1/editions', {
    slug: SLUG, title: P.editionTitle, short_title: P.editionShort, city: P.city, venue: P.venue, description: P.description,
    organizer_unit: P.organizerUnit, contact_email: 'contacto@ame.gob.ec', starts_on: `${YEAR}-12-01`, ends_on: `${YEAR}-12-02`,
    status: 'open', capacity: 100,
  }), 'edition');
  const rooms = ok(await as('POST', `/api/v1/editions/${SLUG}/rooms`, { name: P.room }), 'room');
  const roomId = (rooms.items || []).find((r) => r.name === P.room)?.id;
  const session = ok(await as('POST', `/api/v1/editions/${SLUG}/sessions`, {
    kind: 'dialogue', number: 1, title: P.sessionTitle, objective: P.objective,
    starts_at: `${YEAR}-12-01T09:00:00-05:00`, ends_at: `${YEAR}-12-01T10:30:00-05:00`, room_id: roomId,
  }), 'session');
  const person = ok(await as('POST', '/api/v1/people', {
    name: P.person, honorific: P.honorific, position: P.position, organization: P.organization, bio: P.bio,
  }), 'person');
  ok(await as('POST', `/api/v1/sessions/${session.id}/participants`, {
    person_id: person.id, role: 'speaker', topic: P.topic, contribution: P.contribution,
  }), 'participant');
  reg = ok(await api(server.url, 'POST', `/api/v1/editions/${SLUG}/registrations`, { body: {
    full_name: P.fullName, email: 'xss@ejemplo.org', organization: P.regOrganization, position: P.regPosition,
    municipality: P.municipality, accessibility_needs: P.accessibility, attendee_type: 'official', consent: true,
  } }), 'registration');
  ok(await as('POST', `/api/v1/editions/${SLUG}/checkins`, { code: reg.code }), 'check-in');
  ok(await as('POST', `/api/v1/editions/${SLUG}/proceedings/items`, { kind: 'conclusion', title: P.itemTitle, body: P.itemBody }), 'item');
  ok(await as('PUT', `/api/v1/editions/${SLUG}/credits`, { credits: [{ name: P.creditName, role_title: P.creditRole }] }), 'credits');
  ok(await as('POST', `/api/v1/editions/${SLUG}/proceedings/publish`), 'publish');
});
after(async () => {
  if (skipped.length) console.log(`xss: skipped (page missing): ${skipped.join(', ')}`);
  console.log(`xss: ${visited.length} pages checked twice (with and without CSP), ${Object.keys(P).length} fields with payloads`);
  await close(browser);
  await server?.stop();
});

/** Opens path in a fresh context; returns what was found, or null when the page is missing. */
async function inspect(path, { asAdmin, bypassCSP }) {
  const context = await browser.newContext({ bypassCSP, locale: 'es-EC', viewport: { width: 1280, height: 900 } });
  if (asAdmin) await context.addCookies([{ name: 'asamblea_session', value: admin, url: server.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const dialogs = [];
  const csp = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) csp.push(m.text()); });
  try {
    const resp = await page.goto(server.url + path, { waitUntil: 'networkidle' });
    if (resp.status() === 404) return null;
    // networkidle: no request for 500 ms, so every answer has been drawn; two frames flush the last paint
    await page.evaluate(() => new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); }));
    const found = await page.evaluate(() => {
      const injected = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) injected.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
          if ((a.name === 'href' || a.name === 'src' || a.name === 'action' || a.name === 'formaction') && /^\s*javascript:/i.test(a.value)) {
            injected.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 40)}">`);
          }
        }
        if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') injected.push('<img src=x>');
        if (el.tagName === 'SCRIPT' && /__xss/.test(el.textContent)) injected.push('<script>…__xss…</script>');
        if (el.tagName === 'IFRAME' || el.tagName === 'OBJECT' || el.tagName === 'EMBED') injected.push(`<${el.tagName.toLowerCase()}>`);
      }
      const values = [...document.querySelectorAll('input, textarea, option')].map((e) => `${e.value} ${e.label || ''}`).join('\n');
      return { xss: window.__xss, injected, shown: (document.body?.textContent || '') + '\n' + values + '\n' + document.title };
    });
    return { headers: resp.headers(), dialogs, csp, ...found };
  } finally {
    await context.close();
  }
}

const pages = () => [
  // [path, admin?, fields that must show as text]
  ['/', false, ['editionTitle']],
  [`/e/${SLUG}`, false, ['editionTitle', 'sessionTitle', 'person', 'topic']],
  [`/e/${SLUG}/inscripcion`, false, ['editionTitle']],
  [`/e/${SLUG}/memoria`, false, ['itemTitle', 'creditName']],
  [`/r/${reg.code}?t=${reg.manage_token}`, false, ['fullName']],
  [`/v/${reg.code}`, false, ['fullName']],
  ['/admin', true, ['editionTitle']],
  [`/admin/e/${SLUG}/inscripciones`, true, ['fullName']],
  [`/admin/e/${SLUG}/programa`, true, ['sessionTitle']],
  [`/admin/e/${SLUG}/memoria`, true, ['itemTitle']],
  [`/admin/e/${SLUG}/credenciales`, true, []],
  [`/admin/e/${SLUG}/puerta`, true, []],
];

test('no payload runs, opens a dialog or becomes an element on any page; every page sends the security headers', async () => {
  const problems = [];
  const everShown = new Set();
  for (const [path, asAdmin, mustShow] of pages()) {
    const served = await inspect(path, { asAdmin, bypassCSP: false });
    if (!served) {
      skipped.push(path);
      console.log(`xss: SKIP ${path}: the page does not exist yet (404)`);
      continue;
    }
    visited.push(path);
    const naked = await inspect(path, { asAdmin, bypassCSP: true });
    const h = served.headers;
    const policy = h['content-security-policy'] || '';
    if (!/(^|;)\s*default-src 'self'(;|$)/.test(policy)) problems.push(`${path}: CSP without default-src 'self': "${policy}"`);
    if (!/(^|;)\s*frame-ancestors 'none'(;|$)/.test(policy)) problems.push(`${path}: CSP without frame-ancestors 'none'`);
    if (/script-src[^;]*'unsafe-inline'|default-src[^;]*'unsafe-inline'/.test(policy)) problems.push(`${path}: CSP allows inline script`);
    if (h['x-content-type-options'] !== 'nosniff') problems.push(`${path}: X-Content-Type-Options "${h['x-content-type-options']}"`);
    if (!h['referrer-policy']) problems.push(`${path}: no Referrer-Policy`);
    for (const [mode, r] of [['with CSP', served], ['without CSP', naked]]) {
      if (r.xss !== undefined) problems.push(`${path} (${mode}): a payload ran: window.__xss = ${JSON.stringify(r.xss)}`);
      if (r.dialogs.length) problems.push(`${path} (${mode}): dialogs opened: ${r.dialogs.join('; ')}`);
      if (r.injected.length) problems.push(`${path} (${mode}): payload became markup: ${[...new Set(r.injected)].join(', ')}`);
      if (mode === 'with CSP' && r.csp.length) problems.push(`${path}: CSP violations (something tried to run): ${r.csp.slice(0, 3).join(' | ')}`);
    }
    const shown = Object.entries(P).filter(([, p]) => served.shown.includes(text(p))).map(([k]) => k);
    shown.forEach((k) => everShown.add(k));
    const missing = mustShow.filter((k) => !shown.includes(k));
    if (missing.length) problems.push(`${path}: these fields are not shown as text: ${missing.join(', ')}`);
    if (!shown.length) problems.push(`${path}: no payload is shown as text at all (the page rendered no data?)`);
    console.log(`xss: ${path}${asAdmin ? ' (admin)' : ''}: ${shown.length} payloads shown as text (${shown.join(', ')}), none ran`);
  }
  assert.ok(visited.length >= 6, `only ${visited.length} pages could be checked`);
  const never = Object.keys(P).filter((k) => !everShown.has(k));
  if (!skipped.length && never.length) problems.push(`fields no page showed (so their payload was never tried): ${never.join(', ')}`);
  assert.deepEqual(problems, [], problems.join('\n'));
});
