// i18n.test.mjs — the second language through the API and the pages' HTML, against the real
// binary: an error's message follows Accept-Language (English, with q-values) while its code never
// changes; validation messages name the same field in both languages; the refusals the server words
// itself (a room name taken, a scan turned away, a password too short, an import's rows) follow it
// too; a public sign-up keeps the language its page sent (Spanish when none) and its e-mail comes in that language (through a real
// SMTP server on loopback), and so do its badge and certificate (read back with pdftotext); pages answer ?lang=en with <html lang="en">, English
// text and the asamblea_lang cookie, remember the cookie, follow Accept-Language on a first visit,
// and staff pages stay Spanish.
import { test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, api, login, freePort, until } from '../lib/server.mjs';
import { decodeWords, parseMessage, startSmtp } from '../lib/smtp.mjs';

const SLUG = 'pastaza-2025';
const SIGNUP = `/api/v1/editions/${SLUG}/registrations`;

let srv, admin, smtp;
before(async () => {
  smtp = await startSmtp(await freePort());
  srv = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-interval', '1'] });
  admin = await login(srv.url);
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

const person = (n, extra = {}) => ({
  full_name: `Persona ${n}`, email: `persona.${n}@municipio.gob.ec`, organization: 'GAD Municipal de Mera',
  attendee_type: 'official', consent: true, ...extra,
});

test('an error message follows Accept-Language; its code does not change', async () => {
  const es = await api(srv.url, 'GET', '/api/v1/editions/no-such-edition', { headers: { 'accept-language': 'es-EC,es;q=0.9' } });
  const en = await api(srv.url, 'GET', '/api/v1/editions/no-such-edition', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  const none = await api(srv.url, 'GET', '/api/v1/editions/no-such-edition', { headers: { 'accept-language': 'fr' } });
  const byQ = await api(srv.url, 'GET', '/api/v1/editions/no-such-edition', { headers: { 'accept-language': 'es;q=0.3, en;q=0.8' } });
  for (const r of [es, en, none, byQ]) {
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
  }
  assert.equal(es.body.error.message, 'No encontrado.');
  assert.equal(en.body.error.message, 'Not found.');
  assert.equal(none.body.error.message, 'No encontrado.', 'a language we do not have: Spanish');
  assert.equal(byQ.body.error.message, 'Not found.', 'the q-values decide');
});

test('validation messages in English name the same field with the same code', async () => {
  const body = person(1, { email: 'no-es-un-correo' });
  const es = await api(srv.url, 'POST', SIGNUP, { body, headers: { 'accept-language': 'es' } });
  const en = await api(srv.url, 'POST', SIGNUP, { body, headers: { 'accept-language': 'en' } });
  assert.equal(es.status, 400);
  assert.equal(en.status, 400);
  assert.deepEqual([en.body.error.code, en.body.error.field], [es.body.error.code, es.body.error.field]);
  assert.equal(en.body.error.field, 'email');
  assert.match(es.body.error.message, /Escriba un correo electrónico válido/);
  assert.match(en.body.error.message, /^Write a valid e-mail address/);

  const long = await api(srv.url, 'POST', SIGNUP, { body: person(2, { full_name: 'x'.repeat(500) }), headers: { 'accept-language': 'en' } });
  assert.equal(long.body.error.field, 'full_name');
  assert.match(long.body.error.message, /^Write at most \d+ characters\.$/);

  const noConsent = await api(srv.url, 'POST', SIGNUP, { body: person(3, { consent: false }), headers: { 'accept-language': 'en' } });
  assert.equal(noConsent.body.error.code, 'validation_failed');
  assert.equal(noConsent.body.error.message, 'You must accept the data policy to register.');
});

test('the messages of refusals written in the server follow Accept-Language too: a room name taken, a scan turned away, a password too short, an import\'s rows', async () => {
  /** The same request without Accept-Language and with English: same status and code, the message in each language. */
  const both = async (method, path, options = {}) => {
    const es = await api(srv.url, method, path, { token: admin, ...options });
    const en = await api(srv.url, method, path, { token: admin, ...options, headers: { ...options.headers, 'accept-language': 'en' } });
    assert.equal(en.status, es.status, en.text);
    assert.equal(en.body.error?.code, es.body.error?.code);
    assert.equal(en.body.error?.field, es.body.error?.field);
    return { es: es.body, en: en.body };
  };

  const room = { name: 'Sala Idiomas' };
  assert.equal((await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/rooms`, { token: admin, body: room })).status, 201);
  const taken = await both('POST', `/api/v1/editions/${SLUG}/rooms`, { body: room });
  assert.deepEqual([taken.es.error.code, taken.es.error.field], ['conflict', 'name']);
  assert.equal(taken.es.error.message, 'Ya existe una sala con ese nombre en esta edición.');
  assert.equal(taken.en.error.message, 'A room with that name already exists in this edition.');

  const reg = await api(srv.url, 'POST', SIGNUP, { body: person(20) });
  assert.equal(reg.status, 201, reg.text);
  assert.equal((await api(srv.url, 'DELETE', `/api/v1/registrations/${reg.body.code}`, { token: admin })).status, 200);
  const door = await both('POST', `/api/v1/editions/${SLUG}/checkins`, { body: { code: reg.body.code } });
  assert.equal(door.es.error.code, 'conflict');
  assert.equal(door.es.error.message, 'La inscripción está cancelada.');
  assert.equal(door.en.error.message, 'The registration is cancelled.');
  assert.equal(door.en.registration.status, 'cancelled');

  const short = await both('POST', '/api/v1/users', { body: { email: 'corta@test.ec', name: 'Corta', role: 'staff', password: 'corta' } });
  assert.deepEqual([short.es.error.code, short.es.error.field], ['validation_failed', 'password']);
  assert.equal(short.es.error.message, 'La contraseña debe tener al menos 10 caracteres.');
  assert.equal(short.en.error.message, 'The password must have at least 10 characters.');

  const csv = 'full_name,email,organization,attendee_type,consent,talla\r\n';
  const header = await both('POST', `/api/v1/editions/${SLUG}/registrations/import?dry_run=1`,
    { raw: csv + 'Ana,ana.csv@municipio.gob.ec,GAD,official,1,\r\n', headers: { 'content-type': 'text/csv' } });
  assert.deepEqual(header.en.errors, [{ line: 1, field: 'talla', message: 'Unknown column: “talla”.' }]);
  assert.deepEqual(header.es.errors, [{ line: 1, field: 'talla', message: 'Columna desconocida: «talla».' }]);
  const rows = 'full_name,email,organization,attendee_type,consent\r\n' +
    'Ana,ana.csv@municipio.gob.ec,GAD,official,quizá\r\nBeto,sin-arroba,GAD,official,1\r\n';
  const dry = await both('POST', `/api/v1/editions/${SLUG}/registrations/import?dry_run=1`, { raw: rows, headers: { 'content-type': 'text/csv' } });
  assert.equal(dry.es.dry_run, true);
  assert.deepEqual(dry.es.errors.map((e) => [e.line, e.field]), [[2, 'consent'], [3, 'email']]);
  assert.deepEqual(dry.en.errors.map((e) => [e.line, e.field]), [[2, 'consent'], [3, 'email']]);
  assert.equal(dry.es.errors[0].message, 'Escriba sí o no.');
  assert.equal(dry.en.errors[0].message, 'Write yes or no.');
  assert.match(dry.en.errors[1].message, /^Write a valid e-mail address/);
  const refused = await both('POST', `/api/v1/editions/${SLUG}/registrations/import`, { raw: rows, headers: { 'content-type': 'text/csv' } });
  assert.equal(refused.es.error.code, 'validation_failed');
  assert.match(refused.es.error.message, /^Hay filas con errores/);
  assert.equal(refused.en.error.message, 'Some rows have errors; none was imported. Correct them and send the file again.');
  assert.equal(refused.en.errors[0].message, 'Write yes or no.');
});

test('a public sign-up keeps the language its page sent; Spanish when it sends none', async () => {
  const en = await api(srv.url, 'POST', SIGNUP, { body: person(4, { language: 'en' }) });
  const es = await api(srv.url, 'POST', SIGNUP, { body: person(5) });
  assert.equal(en.status, 201, en.text);
  assert.equal(es.status, 201, es.text);
  const read = async (r) => (await api(srv.url, 'GET', `/api/v1/registrations/${r.body.code}`, { token: admin })).body.language;
  assert.equal(await read(en), 'en');
  assert.equal(await read(es), 'es');
  const bad = await api(srv.url, 'POST', SIGNUP, { body: person(6, { language: 'fr' }), headers: { 'accept-language': 'en' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'language');
  assert.equal(bad.body.error.message, 'Value not allowed. Choices: es,en.');
});

test('the confirmation e-mail of an English registration is in English; a Spanish one stays Spanish', async () => {
  const en = await api(srv.url, 'POST', SIGNUP, { body: person(7, { full_name: 'Ann Smith', language: 'en' }) });
  const es = await api(srv.url, 'POST', SIGNUP, { body: person(8, { full_name: 'Eva Ñacato' }) });
  assert.equal(en.status, 201, en.text);
  assert.equal(es.status, 201, es.text);
  const to = (address) => until(`the e-mail to ${address}`, () => smtp.messages().find((m) => m.meta.rcpt_tos.includes(address)));
  const english = parseMessage((await to('persona.7@municipio.gob.ec')).raw);
  assert.equal(decodeWords(english.headers.subject), `Registration confirmed: Pastaza 2025 (code ${en.body.code})`);
  assert.match(english.body, /^Dear Ann Smith,/);
  assert.match(english.body, /Your registration for the .+ is confirmed\./);
  assert.match(english.body, new RegExp(`Registration code: ${en.body.code}`));
  assert.match(english.body, /Place and dates: .+ November \d{4}/);
  assert.match(english.body, /Association of Ecuadorian Municipalities \(AME\)/);
  assert.doesNotMatch(english.body, /Estimado|noviembre|Código/);
  const spanish = parseMessage((await to('persona.8@municipio.gob.ec')).raw);
  assert.equal(decodeWords(spanish.headers.subject), `Inscripción confirmada: Pastaza 2025 (código ${es.body.code})`);
  assert.match(spanish.body, /^Estimado\/a Eva Ñacato:/);
});

/** The text of a PDF the API answers, as pdftotext reads it. */
async function pdfText(path, headers) {
  const res = await fetch(srv.url + path, { headers });
  assert.equal(res.status, 200, path);
  const dir = mkdtempSync(join(tmpdir(), 'asamblea-i18n-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('badge and certificate chrome follow the registration\'s language', async () => {
  const en = (await api(srv.url, 'POST', SIGNUP, { body: person(9, { full_name: 'Ann Smith', attendee_type: 'cooperation', language: 'en' }) })).body;
  const es = (await api(srv.url, 'POST', SIGNUP, { body: person(10, { full_name: 'Eva Ñacato', attendee_type: 'cooperation' }) })).body;
  const badgeEn = await pdfText(`/api/v1/registrations/${en.code}/badge.pdf`, { 'x-manage-token': en.manage_token });
  assert.match(badgeEn, /COOPERATION/);
  assert.match(badgeEn, /November/);
  assert.doesNotMatch(badgeEn, /COOPERACIÓN|noviembre/);
  const badgeEs = await pdfText(`/api/v1/registrations/${es.code}/badge.pdf`, { 'x-manage-token': es.manage_token });
  assert.match(badgeEs, /COOPERACIÓN/);

  for (const r of [en, es]) {
    const scan = await api(srv.url, 'POST', `/api/v1/editions/${SLUG}/checkins`, { token: admin, body: { code: r.code } });
    assert.ok(scan.status === 200 || scan.status === 201, scan.text);
  }
  const certEn = await pdfText(`/api/v1/registrations/${en.code}/certificate.pdf`, { 'x-manage-token': en.manage_token });
  assert.match(certEn, /ASSOCIATION OF ECUADORIAN MUNICIPALITIES/);
  assert.match(certEn, /Certificate of participation/);
  assert.match(certEn, /This is to certify that/);
  assert.match(certEn, /took part in the/);
  assert.match(certEn, /November/);
  assert.match(certEn, new RegExp(`Verification · ${en.code}`));
  assert.doesNotMatch(certEn, /Certificado|participó|noviembre/);
  const certEs = await pdfText(`/api/v1/registrations/${es.code}/certificate.pdf`, { 'x-manage-token': es.manage_token });
  assert.match(certEs, /Certificado de participación/);
  assert.match(certEs, /participó en la/);
});

test('the memoria PDF with ?lang=en has English chrome around the text as written; the published one stays', async () => {
  const base = '/api/v1/editions/latacunga-2024/proceedings.pdf';
  const en = await pdfText(`${base}?lang=en`);
  for (const chrome of [/PROCEEDINGS/, /Contents/, /Dialogue 1/, /Conclusions/, /page 2 of \d+/, /25–26 November 2024/])
    assert.match(en, chrome);
  assert.match(en, /Refuerzo de la Cooperación Internacional Descentralizada/, 'the content stays as written');
  assert.doesNotMatch(en, /Contenido|página \d/);
  const es = await pdfText(base);
  assert.match(es, /Contenido/);
  assert.match(es, /página 2 de \d+/);
  const v1 = await pdfText(`${base}?version=1&lang=en`);
  assert.match(v1, /Contents/);
  const bad = await api(srv.url, 'GET', `${base}?lang=fr`, { headers: { 'accept-language': 'en' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'lang');
  assert.equal(bad.body.error.message, 'lang must be es or en.');
  assert.equal((await api(srv.url, 'GET', '/api/v1/editions/pastaza-2025/proceedings.pdf?lang=en')).status, 404);
});

test('a publish stores the English memoria with its version: same bytes on every download, its own SHA-256 and ETag', async () => {
  const base = '/api/v1/editions/latacunga-2024/proceedings.pdf';
  const pub = await api(srv.url, 'POST', '/api/v1/editions/latacunga-2024/proceedings/publish', { token: admin });
  assert.equal(pub.status, 201, pub.text);
  assert.equal(pub.body.translations.length, 1);
  const [en] = pub.body.translations;
  assert.equal(en.lang, 'en');
  assert.match(en.sha256, /^[0-9a-f]{64}$/);
  assert.notEqual(en.sha256, pub.body.sha256);
  const get = async (query, headers = {}) => {
    const r = await fetch(`${srv.url}${base}?${query}`, { headers });
    return { status: r.status, etag: r.headers.get('etag'), bytes: Buffer.from(await r.arrayBuffer()), name: r.headers.get('content-disposition') };
  };
  const a = await get(`version=${pub.body.version}&lang=en`);
  const b = await get('lang=en');
  assert.equal(a.status, 200);
  assert.equal(a.etag, `"${en.sha256}"`);
  assert.ok(a.bytes.equals(b.bytes), 'the stored bytes, not a new rendering');
  assert.equal(execFileSync('sha256sum', { input: a.bytes, encoding: 'utf8' }).slice(0, 64), en.sha256);
  assert.equal(a.bytes.length, en.bytes);
  assert.match(a.name, new RegExp(`memoria-latacunga-2024-v${pub.body.version}-en\\.pdf`));
  assert.equal((await get('lang=en', { 'if-none-match': a.etag })).status, 304);
  const versions = await api(srv.url, 'GET', '/api/v1/editions/latacunga-2024/proceedings/versions');
  assert.deepEqual(versions.body.items[0].translations, [{ lang: 'en', sha256: en.sha256, bytes: en.bytes }]);
});

/** A page's HTML with the request's headers. */
async function page(path, headers = {}) {
  const res = await fetch(srv.url + path, { headers });
  return { status: res.status, html: await res.text(), cookie: res.headers.get('set-cookie'), vary: res.headers.get('vary') };
}

test('pages: ?lang=en sets the cookie and <html lang>, the cookie is remembered, Accept-Language decides a first visit', async () => {
  const first = await page('/');
  assert.match(first.html, /<html lang="es">/);
  assert.match(first.html, /<h1>Asambleas de relaciones internacionales/);
  assert.match(first.html, /<a class="lang-switch" href="\?lang=en" hreflang="en" lang="en">English<\/a>/);
  assert.equal(first.cookie, null);
  assert.match(first.vary, /Accept-Language/);

  const asked = await page('/?lang=en');
  assert.match(asked.html, /<html lang="en">/);
  assert.match(asked.html, /<h1>Assemblies on international relations of Ecuador&#39;s local governments<\/h1>/);
  assert.match(asked.html, /lang="es">Español<\/a>/);
  assert.match(asked.cookie, /^asamblea_lang=en; Path=\/; SameSite=Lax; Max-Age=31536000$/);

  const remembered = await page('/privacidad', { cookie: 'asamblea_lang=en', 'accept-language': 'es' });
  assert.match(remembered.html, /<html lang="en">/);
  assert.match(remembered.html, /<h1>Personal data policy<\/h1>/);

  const english = await page('/e/pastaza-2025', { 'accept-language': 'en-US,en;q=0.9' });
  assert.match(english.html, /<html lang="en">/);
  assert.match(english.html, /"edition\.register":"Register"/, 'the modules\' texts come in the page');

  const back = await page('/?lang=es', { cookie: 'asamblea_lang=en' });
  assert.match(back.html, /<html lang="es">/);
  assert.match(back.cookie, /^asamblea_lang=es;/);

  const missing = await page('/no/such/page', { 'accept-language': 'en' });
  assert.equal(missing.status, 404);
  assert.match(missing.html, /<html lang="en">.*<h1>Page not found<\/h1>/s);
  assert.match((await page('/no/such/page')).html, /<h1>Página no encontrada<\/h1>/);

  const bogus = await page('/?lang=fr', { 'accept-language': 'en' });
  assert.match(bogus.html, /<html lang="en">/, 'an unknown ?lang= is ignored');
  assert.equal(bogus.cookie, null);
});

test('staff pages are Spanish first: an English browser alone gets Spanish, ?lang=en or the cookie English; staff texts only on staff pages', async () => {
  const texts = (html) => JSON.parse(/<script type="application\/json" id="i18n">(.*?)<\/script>/s.exec(html)[1]);
  for (const path of ['/login', '/admin', '/checkin']) {
    const first = await page(path, { 'accept-language': 'en' });
    assert.equal(first.status, 200, path);
    assert.match(first.html, /<html lang="es">/, path);
    assert.equal(texts(first.html).retry, 'Reintentar', path);
    assert.match(first.html, /class="lang-switch" href="\?lang=en"/, path);
    assert.ok(Object.keys(texts(first.html)).some((k) => k.startsWith('staff.')), `${path} carries the staff texts`);
    for (const headers of [{ cookie: 'asamblea_lang=en' }, {}]) {
      const en = await page(headers.cookie ? path : `${path}?lang=en`, headers);
      assert.match(en.html, /<html lang="en">/, path);
      assert.equal(texts(en.html).retry, 'Try again', path);
    }
  }
  const home = await page('/', { cookie: 'asamblea_lang=en' });
  assert.ok(!Object.keys(texts(home.html)).some((k) => k.startsWith('staff.')), 'public pages do not carry the staff texts');
});
