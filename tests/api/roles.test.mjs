// roles.test.mjs — every route of server/http_routes.c, read from the file at test time so the table
// cannot drift, tried as anonymous, staff, organizer and admin with real slugs, ids and codes:
//   - below the route's role: 401 without credentials, 403 with them;
//   - at or above it: never 401/403 (nor 405 or 5xx) — 200/201/204/400/404/409/422 are all fine;
//   - public routes never answer 401/403; those under /api/v1/registrations/{code} that take an
//     X-Manage-Token answer a wrong token (anonymous, staff) with 404, like an unknown code;
//   - no public answer carries a person's e-mail or phone ("email"/"phone" keys, or the values);
//   - every write, authenticated by the session cookie but sent from another origin, is 403.
// ROLES_VERBOSE=1 prints every answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, ROOT } from '../lib/server.mjs';

const STAFF = { email: 'staff@test.ec', password: 'clave-de-staff-123', role: 'staff', name: 'Puerta' };
const ORGANIZER = { email: 'org@test.ec', password: 'clave-de-org-1234', role: 'organizer', name: 'Organización' };
const RANK = { PUBLIC: 0, ROLE_NONE: 0, ROLE_STAFF: 1, ROLE_ORGANIZER: 2, ROLE_ADMIN: 3 };
const ROLES = ['anonymous', 'staff', 'organizer', 'admin'];
const PRIVATE_EMAIL = 'persona.privada@test.ec';
const PRIVATE_PHONE = '099 765 4321';

/** The route table as server/http_routes.c has it: [{method, pattern, handler, role, body}]. */
function readRoutes() {
  const src = readFileSync(join(ROOT, 'server', 'http_routes.c'), 'utf8');
  const re = /\{\s*M_(GET|POST|PUT|PATCH|DELETE)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)/g;
  const routes = [...src.matchAll(re)].map(([, method, pattern, handler, role, body]) => ({ method, pattern, handler, role, body }));
  const entries = (src.match(/\{\s*M_[A-Z]+\s*,/g) || []).length;
  if (routes.length !== entries) throw new Error(`http_routes.c: read ${routes.length} of ${entries} entries`);
  for (const r of routes) if (!(r.role in RANK)) throw new Error(`http_routes.c: unknown role ${r.role} on ${r.pattern}`);
  return routes;
}
const ROUTES = readRoutes();

let srv;
const tokens = {};
let cookie;
const ids = {};
const publicTexts = [];

before(async () => {
  srv = await startServer({ users: [STAFF, ORGANIZER] });
  tokens.admin = await login(srv.url);
  tokens.organizer = await login(srv.url, ORGANIZER.email, ORGANIZER.password);
  tokens.staff = await login(srv.url, STAFF.email, STAFF.password);
  const s = await api(srv.url, 'POST', '/api/v1/session', { body: { email: ORGANIZER.email, password: ORGANIZER.password } });
  cookie = s.headers.get('set-cookie').split(';')[0];
  const admin = tokens.admin;
  // a user to change and delete
  const victim = await api(srv.url, 'POST', '/api/v1/users', { token: admin, body: { email: 'victima@test.ec', name: 'Víctima', role: 'staff', password: 'clave-victima-123' } });
  assert.equal(victim.status, 201, victim.text);
  ids.user = victim.body.id;
  // a registration in the open edition
  const reg = await api(srv.url, 'POST', '/api/v1/editions/pastaza-2025/registrations', { body: {
    full_name: 'Carmen Tapia', email: 'carmen.tapia@puyo.gob.ec', organization: 'GAD Municipal de Pastaza', attendee_type: 'official', consent: true,
  } });
  assert.equal(reg.status, 201, reg.text);
  ids.code = reg.body.code;
  // the archived edition's programme: sessions with participants, rooms, proceedings items
  const sessions = (await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/sessions')).body.items;
  const withPeople = sessions.filter((x) => x.participants.length > 0);
  assert.ok(withPeople.length >= 3, 'the seed has sessions with participants');
  ids.session = withPeople[0].id;
  ids.person = withPeople[0].participants[0].person_id;
  ids.sessionToDelete = sessions[sessions.length - 1].id;
  ids.participantSession = withPeople[1].id;
  ids.participant = withPeople[1].participants[0].person_id;
  ids.room = (await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/rooms')).body.items[0]?.id ?? 1;
  ids.item = (await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings', { token: admin })).body.items[0].id;
  // a person with an e-mail and a phone that no public answer may show
  const p = await api(srv.url, 'PATCH', `/api/v1/people/${ids.person}`, { token: admin, body: { email: PRIVATE_EMAIL, phone: PRIVATE_PHONE } });
  assert.equal(p.status, 200, p.text);
});
after(async () => { await srv?.stop(); });

/** The path of a route with real values in place of its {parameters}. */
function pathOf({ method, pattern }) {
  const slug = method === 'GET' ? 'latacunga-2024' : 'pastaza-2025';
  return pattern.replace(/\{(\w+)\}/g, (_, name) => {
    if (name === 'slug') return slug;
    if (name === 'code') return ids.code;
    if (name === 'person_id') return ids.participant;
    if (name === 'token') return 'A'.repeat(43); // a password-reset link that does not exist
    if (name !== 'id') throw new Error(`no value for {${name}} in ${pattern}: teach roles.test.mjs`);
    if (pattern.startsWith('/api/v1/users/')) return ids.user;
    if (pattern.startsWith('/api/v1/rooms/')) return ids.room;
    if (pattern.startsWith('/api/v1/proceedings/items/')) return ids.item;
    if (pattern.startsWith('/api/v1/people/') || pattern.includes('/people/{id}')) return ids.person;
    if (pattern.startsWith('/api/v1/sessions/{id}/participants')) return ids.participantSession;
    if (pattern === '/api/v1/sessions/{id}' && method === 'DELETE') return ids.sessionToDelete;
    if (pattern.startsWith('/api/v1/sessions/')) return ids.session;
    throw new Error(`no value for {id} in ${pattern}: teach roles.test.mjs`);
  });
}

/** The request a route is tried with: a body of the kind it takes. */
function optionsOf(route, headers = {}) {
  if (route.body === 'JSON' && route.method !== 'DELETE') return { raw: '{}', headers: { ...headers, 'content-type': 'application/json' } };
  if (route.body === 'BODY_RAW') return { raw: 'not an image', headers: { ...headers, 'content-type': 'image/png' } };
  return { headers };
}

const takesManageToken = (r) => r.pattern.startsWith('/api/v1/registrations/{code}') && RANK[r.role] === 0;

function privacyProblems(r, where) {
  const problems = [];
  if (r.text.includes(PRIVATE_EMAIL) || r.text.includes(PRIVATE_PHONE)) problems.push(`${where}: shows the person's e-mail or phone`);
  const walk = (v, path) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'email' || k === 'phone') problems.push(`${where}: key "${k}" at ${path}`);
        walk(x, `${path}.${k}`);
      }
    }
  };
  if (r.body !== undefined) walk(r.body, '$');
  return problems;
}

for (const route of ROUTES) {
  test(`${route.method} ${route.pattern} (${route.role})`, async () => {
    const need = RANK[route.role];
    const problems = [];
    for (const [rank, role] of ROLES.entries()) {
      let token = tokens[role];
      // logging out ends the token used: give that request its own session
      if (route.method === 'DELETE' && route.pattern === '/api/v1/session' && role !== 'anonymous') {
        const who = { staff: STAFF, organizer: ORGANIZER }[role];
        token = who ? await login(srv.url, who.email, who.password) : await login(srv.url);
      }
      const headers = takesManageToken(route) ? { 'x-manage-token': 'x'.repeat(43) } : {};
      const path = pathOf(route);
      const r = await api(srv.url, route.method, path, { token, ...optionsOf(route, headers) });
      const what = `${route.method} ${path} as ${role}: ${r.status} ${r.text.slice(0, 160)}`;
      if (process.env.ROLES_VERBOSE) console.log(`roles: ${route.method} ${path} ${role} → ${r.status}`);
      if (need === 0) {
        if (r.status === 401 || r.status === 403) problems.push(`public route refused — ${what}`);
        if (takesManageToken(route) && rank < RANK.ROLE_ORGANIZER && r.status !== 404) problems.push(`wrong manage token is not 404 — ${what}`);
      } else if (rank < need) {
        const want = role === 'anonymous' ? 401 : 403;
        if (r.status !== want) problems.push(`expected ${want} — ${what}`);
      } else if ([401, 403, 405].includes(r.status) || r.status >= 500) {
        problems.push(`allowed role refused or failed — ${what}`);
      }
      if (role === 'anonymous' && r.status < 300) problems.push(...privacyProblems(r, `${route.method} ${path}`));
      if (role === 'anonymous' && r.status < 300) publicTexts.push(path);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test('the table is complete: every role of API.md appears and public routes include the programme', () => {
  const roles = new Set(ROUTES.map((r) => r.role));
  for (const role of ['PUBLIC', 'ROLE_STAFF', 'ROLE_ORGANIZER', 'ROLE_ADMIN']) assert.ok(roles.has(role), role);
  assert.ok(ROUTES.length >= 60, `${ROUTES.length} routes`);
  assert.ok(publicTexts.some((p) => p.endsWith('/people')), 'the public people list was read and checked');
  console.log(`roles: ${ROUTES.length} routes × 4 roles = ${ROUTES.length * 4} requests checked`);
});

test('every write authenticated by the cookie but sent from another origin is 403', async () => {
  const problems = [];
  for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
    const path = pathOf(route);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const r = await api(srv.url, route.method, path, optionsOf(route, { ...headers, cookie }));
      if (r.status !== 403) problems.push(`${route.method} ${path} with ${JSON.stringify(headers)}: ${r.status} ${r.text.slice(0, 120)}`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  // the same cookie from the same origin still works (it was not the cookie that was refused)
  const same = await api(srv.url, 'GET', '/api/v1/session', { headers: { cookie } });
  assert.equal(same.status, 200);
});
