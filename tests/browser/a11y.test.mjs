// a11y.test.mjs — accessibility of every page with axe-core (WCAG 2.0 and 2.1, A and AA, see
// axe.mjs): each public and staff page at desktop (1280×800) and phone (390×844) size, plus the
// interactive states (form errors, editors, the confirm dialog, scan results, the import's dry
// run, the message composer). Expects 0 violations; a failure lists rule, element and what to fix.
// One server and two browser tabs (a visitor's and a signed-in admin's) serve the whole file;
// each page is loaded once and checked at both sizes by resizing the tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ADMIN } from '../lib/server.mjs';
import { launch, openPage, close } from './browser.mjs';
import { SLUG, badgeToken, forge, register, scan, scannerReady, signIn } from './checkin-helpers.mjs';
import { axeViolations, formatViolations } from './axe.mjs';

/** The languages checked: every page, public and staff, with ?lang=es and ?lang=en. */
const LANGS = ['es', 'en'];
const SIZES = [{ name: 'escritorio', width: 1280, height: 800 }, { name: 'teléfono', width: 390, height: 844 }];
const PAST = 'latacunga-2024'; // seeded with programme, speakers and a published memoria

/**
 * The pages: path ({code} and {token} are a registration's), and what shows the page has loaded
 * (h1: the level-1 heading's name, en: its name on the English page where it differs and the page
 * has one; selector: an element that appears; text: a text that appears, enText: in English).
 */
const PUBLIC_PAGES = [
  { path: '/', h1: /Asambleas de relaciones internacionales/, en: /Assemblies on international relations/, selector: '.card-link' },
  { path: `/e/${PAST}`, selector: '#programa .session, #programa li' },
  { path: `/e/${SLUG}`, h1: /IV Asamblea General/ },
  { path: `/e/${SLUG}/inscripcion`, selector: '#r-email' },
  { path: '/r/{code}?t={token}', h1: 'Su inscripción', en: 'Your registration', selector: '.reg-summary' },
  { path: '/privacidad', h1: 'Política de datos personales', en: 'Personal data policy' },
  { path: `/e/${PAST}/memoria`, h1: 'Memoria · Latacunga 2024', en: /Proceedings/ },
  { path: '/v/{code}', h1: 'Certificado válido', en: 'Valid certificate' },
  { path: '/login', h1: 'Ingresar', en: 'Sign in' },
  { path: '/restablecer', h1: 'Restablecer la contraseña', en: 'Reset your password' },
  { path: '/restablecer?t=enlace-de-prueba', selector: '#elegir-clave' },
  { path: `/e/${SLUG}/confirmar?t=enlace-de-prueba`, h1: 'Confirmar inscripción', en: 'Confirm registration' },
  { path: '/no-existe', h1: 'Página no encontrada', en: 'Page not found' },
];
const STAFF_PAGES = [
  { path: '/admin', selector: '#ediciones-filas tr' },
  { path: `/admin/e/${SLUG}/inscripciones`, h1: 'Inscripciones · Pastaza 2025', en: 'Registrations · Pastaza 2025', selector: '#filas tr' },
  { path: `/admin/e/${SLUG}/importar`, h1: /Importar inscripciones · Pastaza 2025/, en: /Import registrations · Pastaza 2025/, selector: '#tipos li, #tipos' },
  { path: `/admin/e/${SLUG}/programa`, h1: 'Programa · Pastaza 2025', en: /Programme · Pastaza 2025/, text: 'Sin conflictos', enText: 'No conflicts' },
  { path: `/admin/e/${PAST}/programa`, h1: 'Programa · Latacunga 2024', en: /Programme · Latacunga 2024/, selector: '#personas-lista li' },
  { path: `/admin/e/${PAST}/memoria`, h1: 'Memoria · Latacunga 2024', en: /Proceedings · Latacunga 2024/, selector: '#creditos li' },
  { path: `/admin/e/${SLUG}/credenciales`, h1: 'Credenciales · Pastaza 2025', en: /Badges · Pastaza 2025/, selector: '.badges-person' },
  { path: `/admin/e/${SLUG}/mensajes`, h1: 'Mensajes · Pastaza 2025', en: /Messages · Pastaza 2025/, text: /Lo recibirán? \d+ persona/, enText: /\d+ (person|people) will receive/ },
  { path: `/admin/e/${SLUG}/puerta`, h1: 'Panel de la puerta · Pastaza 2025', en: 'Door dashboard · Pastaza 2025', selector: '#llegadas li' },
  { path: '/admin/usuarios', selector: '#filas tr' },
  { path: '/admin/auditoria', selector: '#filas tr' },
  { path: '/checkin', selector: '#escanear' },
];

let server;
let browser;
let visitor; // a tab without a session
let staff;   // a tab signed in as the admin
let person;  // a registration: {code, manage_token}
let admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  admin = await login(server.url);
  person = await register(server.url, { full_name: 'Rosa Quishpe Andrango', attendee_type: 'authority' });
  const checkin = await api(server.url, 'POST', `/api/v1/editions/${SLUG}/checkins`, { token: admin, body: { code: person.code } });
  assert.equal(checkin.status, 200, checkin.text);
  visitor = await openPage(browser, { ...SIZES[0], allow: [/status of 4\d\d/] });
  staff = await openPage(browser, { ...SIZES[0], allow: [/status of 4\d\d/, /Failed to fetch/] });
  await signIn(staff.page, server.url, '/admin', ADMIN);
});
after(async () => {
  await close(browser);
  await server?.stop();
});

/** The page's address in a language, always with ?lang= (the tab's cookie remembers the last one). */
function address(path, lang) {
  const filled = path.replace('{code}', person.code).replace('{token}', person.manage_token);
  return server.url + filled + (filled.includes('?') ? '&' : '?') + `lang=${lang}`;
}

/** Waits for what the entry says shows the page has loaded, in lang; <html lang> must follow it. */
async function loaded(page, { h1, en, selector, text, enText }, lang) {
  const heading = lang === 'en' && en ? en : h1;
  if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  if (selector) await page.locator(selector).first().waitFor();
  const shown = lang === 'en' && enText ? enText : text;
  if (shown) await page.getByText(shown).first().waitFor();
  const htmlLang = await page.evaluate(() => document.documentElement.lang);
  assert.equal(htmlLang, lang, `<html lang> of ${page.url()}`);
}

/** Checks the page as it is at each size; asserts 0 violations, listing them per size otherwise. */
async function expectAccessible(page, what) {
  const report = [];
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const found = formatViolations(await axeViolations(page));
    if (found) report.push(`— ${what} (${size.name} ${size.width}×${size.height}):\n${found}`);
  }
  await page.setViewportSize(SIZES[0]);
  assert.equal(report.join('\n'), '', `accessibility violations:\n${report.join('\n')}`);
}

for (const lang of LANGS) {
  for (const entry of PUBLIC_PAGES) {
    test(`${entry.path} (${lang}) has no WCAG A/AA violations`, async () => {
      await visitor.page.goto(address(entry.path, lang));
      await loaded(visitor.page, entry, lang);
      await expectAccessible(visitor.page, entry.path);
    });
  }
  for (const entry of STAFF_PAGES) {
    test(`${entry.path} (${lang}, staff) has no WCAG A/AA violations`, async () => {
      await staff.page.goto(address(entry.path, lang));
      await loaded(staff.page, entry, lang);
      await expectAccessible(staff.page, entry.path);
    });
  }
}

for (const [lang, submit] of [['es', 'Inscribirme'], ['en', 'Register']]) {
  test(`the registration form with its errors shown (${lang})`, async () => {
    const { page } = visitor;
    await page.goto(address(`/e/${SLUG}/inscripcion`, lang));
    await page.getByRole('button', { name: submit }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(page, `formulario de inscripción con errores (${lang})`);
  });
}

test('the edition editor open with a question', async () => {
  const { page } = staff;
  await page.goto(address('/admin', 'es'));
  await page.getByRole('button', { name: /^Editar .*Pastaza 2025/ }).click();
  await page.getByRole('heading', { level: 2, name: /Editar: .*Pastaza 2025/ }).waitFor();
  await page.getByRole('group', { name: 'Preguntas del formulario' }).getByRole('button', { name: 'Agregar pregunta' }).click();
  const question = page.getByRole('group', { name: 'Pregunta 1', exact: true });
  await question.getByLabel('Tipo de respuesta').selectOption('choice');
  await expectAccessible(page, 'editor de la edición con una pregunta');
});

test('the programme\'s session editor open', async () => {
  const { page } = staff;
  await page.goto(address(`/admin/e/${PAST}/programa`, 'es'));
  await page.locator('#personas-lista li').first().waitFor();
  await page.getByRole('button', { name: 'Nueva sesión' }).click();
  await page.getByRole('heading', { level: 3, name: 'Nueva sesión' }).waitFor();
  await expectAccessible(page, 'editor de sesión');
});

test('an account\'s management panel and the confirm dialog', async () => {
  const { page } = staff;
  const created = await api(server.url, 'POST', '/api/v1/users', {
    token: admin, body: { email: 'org.a11y@test.ec', name: 'Olga Organiza', role: 'organizer', password: 'temporal-a11y-2025' },
  });
  assert.equal(created.status, 201, created.text);
  await page.goto(address('/admin/usuarios', 'es'));
  await page.getByRole('row', { name: /Olga Organiza/ }).getByRole('button', { name: /Gestionar/ }).click();
  await page.getByRole('heading', { name: 'Cuenta de Olga Organiza' }).waitFor();
  await expectAccessible(page, 'gestión de una cuenta');
  await page.locator('#g-role').selectOption('staff');
  await page.getByRole('button', { name: 'Cambiar rol' }).click();
  const dialog = page.getByRole('dialog', { name: '¿Bajar el rol de Olga Organiza?' });
  await dialog.waitFor();
  await expectAccessible(page, 'diálogo de confirmación');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('the scanner\'s results: let in and refused', async () => {
  const { page } = staff;
  const guest = await register(server.url, { full_name: 'Tomás Escaneado' });
  const token = await badgeToken(server.url, admin, guest.code);
  await page.goto(address('/checkin', 'es'));
  await scannerReady(page);
  assert.equal((await scan(page, token)).tone, 'ok');
  await expectAccessible(page, 'resultado de escaneo aceptado');
  await page.locator('#escanear').focus();
  assert.equal((await scan(page, forge(token))).tone, 'error');
  await expectAccessible(page, 'resultado de escaneo rechazado');
});

test('the import\'s dry run with an error', async () => {
  const { page } = staff;
  await page.goto(address(`/admin/e/${SLUG}/importar`, 'es'));
  await page.getByRole('heading', { level: 1, name: /Importar inscripciones/ }).waitFor();
  const csv = 'nombre;correo;organización;tipo;consentimiento\n'
    + 'Rosa Imporpato Quishpe;rosa.import@puyo.gob.ec;GAD Municipal de Pastaza;official;sí\n'
    + 'Mario Sin Correo;mario-sin-arroba;GAD Municipal de Mera;official;sí\n';
  await page.getByLabel('Archivo CSV').setInputFiles({ name: 'personas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Revisar' }).click();
  await page.locator('#errores a').first().waitFor();
  await expectAccessible(page, 'revisión de importación con errores');
});

test('the message composer with the count and the preview', async () => {
  const { page } = staff;
  await page.goto(address(`/admin/e/${SLUG}/mensajes`, 'es'));
  await page.locator('#cuantos').filter({ hasText: /Lo recibirán? \d+ persona/ }).waitFor();
  await page.getByLabel('Asunto', { exact: true }).fill('Aviso para {nombre}');
  await page.getByLabel('Mensaje', { exact: true }).fill('Hola {nombres}');
  await page.locator('#f-cuerpo-error').filter({ hasText: 'no es un marcador conocido' }).waitFor();
  await expectAccessible(page, 'redacción de un mensaje');
});

test('the attendee\'s page with the correction form and its error, then the cancel question', async () => {
  const { page } = visitor;
  await page.goto(address('/r/{code}?t={token}', 'es'));
  await page.getByRole('button', { name: 'Corregir mis datos' }).click();
  await page.getByLabel('Teléfono').fill('12');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await page.waitForFunction(() => document.querySelector('#m-phone')?.getAttribute('aria-invalid') === 'true');
  await expectAccessible(page, 'corrección de datos con error');
  await page.getByRole('button', { name: 'Cancelar mi inscripción' }).click();
  await page.getByText('¿Seguro que desea cancelar su inscripción?').waitFor();
  await expectAccessible(page, 'pregunta antes de cancelar la inscripción');
});

test('a completed sign-up', async () => {
  const { page } = visitor;
  await page.goto(address(`/e/${SLUG}/inscripcion`, 'es'));
  await page.getByLabel('Nombre completo').fill('Lucía Cumandá Tanguila');
  await page.getByLabel('Correo electrónico').fill('lucia.tanguila@pastaza.gob.ec');
  await page.getByLabel('Institución').fill('GAD Municipal de Pastaza');
  await page.getByRole('radio', { name: 'Funcionario/a municipal' }).check();
  await page.getByRole('checkbox', { name: /Acepto que la AME trate mis datos/ }).check();
  await page.getByRole('button', { name: 'Inscribirme' }).click();
  await page.getByRole('heading', { name: 'Inscripción confirmada' }).waitFor();
  await expectAccessible(page, 'inscripción completada');
});

test('the sign-in form with a wrong password, and a certificate that is not valid', async () => {
  const { page } = visitor;
  await page.goto(address('/login', 'es'));
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill('no-es-la-clave');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.locator('#login-estado').filter({ hasText: /incorrectos/ }).waitFor();
  await expectAccessible(page, 'ingreso con contraseña equivocada');
  const absent = await register(server.url, { full_name: 'Pedro Ausente' });
  await page.goto(address(`/v/${absent.code}`, 'es'));
  await page.getByRole('heading', { level: 1, name: 'No válido' }).waitFor();
  await expectAccessible(page, 'certificado no válido');
  await page.goto(address('/v/XXX-XXXX', 'es'));
  await page.getByRole('heading', { level: 1, name: 'Código desconocido' }).waitFor();
  await expectAccessible(page, 'código desconocido');
  await page.goto(address('/e/no-existe-2099', 'es'));
  await page.getByRole('heading', { level: 1, name: 'Edición no encontrada' }).waitFor();
  await expectAccessible(page, 'edición no encontrada');
});

test('a registration opened in the organizers\' list, and the sign-up form there', async () => {
  const { page } = staff;
  await page.goto(address(`/admin/e/${SLUG}/inscripciones`, 'es'));
  await page.getByRole('button', { name: 'Abrir la inscripción de Rosa Quishpe Andrango' }).click();
  await page.locator('#detalle').getByRole('heading', { level: 3, name: `Rosa Quishpe Andrango · ${person.code}` }).waitFor();
  await expectAccessible(page, 'detalle de una inscripción');
  await page.getByRole('button', { name: 'Inscribir a una persona' }).click();
  await page.locator('#nueva').waitFor();
  await expectAccessible(page, 'inscribir a una persona');
});

test('links that no longer work: a password reset and a sign-up confirmation', async () => {
  const { page } = visitor;
  await page.goto(address('/restablecer?t=enlace-vencido', 'es'));
  const password = page.getByLabel('Contraseña nueva', { exact: true });
  await password.fill('corta');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await page.waitForFunction(() => document.querySelector('#elegir-clave').getAttribute('aria-invalid') === 'true');
  await expectAccessible(page, 'contraseña nueva demasiado corta');
  await password.fill('lluvia-sobre-el-puyo-7');
  await page.getByLabel('Repita la contraseña nueva').fill('lluvia-sobre-el-puyo-7');
  await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
  await page.locator('#pedir-estado').filter({ hasText: 'El enlace no es válido' }).waitFor();
  await expectAccessible(page, 'enlace de contraseña vencido');
  await page.goto(address(`/e/${SLUG}/confirmar?t=enlace-vencido`, 'es'));
  await page.getByRole('button', { name: 'Confirmar mi inscripción' }).click();
  await page.getByRole('heading', { level: 2, name: 'Este enlace ya no sirve' }).waitFor();
  await expectAccessible(page, 'confirmación de inscripción vencida');
});

test('the scanner offline, with its banner', async () => {
  const { page, context } = staff;
  await page.goto(address('/checkin', 'es'));
  await scannerReady(page);
  await context.setOffline(true);
  try {
    await page.locator('.door-connection[data-state="offline"]').waitFor();
    await expectAccessible(page, 'escáner sin conexión');
  } finally {
    await context.setOffline(false);
  }
});

test('the memoria\'s publish question, with its warning', async () => {
  const { page } = staff;
  await page.goto(address(`/admin/e/${SLUG}/memoria`, 'es'));
  await page.getByRole('heading', { level: 1, name: 'Memoria · Pastaza 2025' }).waitFor();
  await page.getByRole('button', { name: 'Publicar nueva versión' }).click();
  await page.locator('#publicar-aviso').waitFor();
  await expectAccessible(page, 'pregunta antes de publicar la memoria');
  await page.getByRole('button', { name: 'No, seguir editando' }).click();
});
