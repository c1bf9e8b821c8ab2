// register.js — the public registration page (/e/{slug}/inscripcion): loads the edition; when
// it takes registrations shows the form (POST /editions/{slug}/registrations), otherwise a
// note saying when the assembly is or that it has ended. On 201 the form gives way to the
// confirmation: the code, the status and the private manage link /r/CODE?t=TOKEN — or, when the
// edition confirms e-mail addresses first (status pending_email), a note to open the link sent
// by e-mail. That link, /e/{slug}/confirmar?t=TOKEN, is this page too: one button sends the token
// (POST /editions/{slug}/registrations/confirm; a click, so that a mail scanner fetching the
// link confirms nothing) and the confirmation follows.
import { $, h, replace } from './dom.js';
import { get, newIdempotencyKey, path, postOnce } from './api.js';
import { formatDateRange, today } from './format.js';
import { PUBLIC_ATTENDEE_TYPES, editionName } from './labels.js';
import { announce, describeError, setTitle, showProblem } from './page.js';
import { busy, clearFieldErrors } from './forms.js';
import {
  attendeeTypeRadios, consentField, field, missing, showApiError, showProblems, values,
} from './registration-form.js';
import { codeDisplay, linkBox, manageUrl, statusBadge } from './registration-view.js';
import { pathPart } from './address.js';

const root = $('#inscripcion');
const NAMES = ['full_name', 'email', 'organization', 'position', 'municipality', 'phone', 'attendee_type', 'accessibility_needs', 'consent'];
const REQUIRED = ['full_name', 'email', 'organization', 'attendee_type', 'consent'];

/** "/e/pastaza-2025/inscripcion" → "pastaza-2025" ("" when the path is not one). */
const editionHref = (e) => `/e/${encodeURIComponent(e.slug)}`;
const where = (e) => [e.venue, e.city].filter(Boolean).join(', ');

/** The top band: breadcrumb, h1 and the edition's name, dates and place. */
function hero(e, title, { focus = false } = {}) {
  const heading = h('h1', { id: 'titulo', tabindex: focus ? '-1' : null }, title);
  return h('div', { class: 'hero edition-hero hero-compact' },
    h('div', { class: 'wrap form-page' },
      h('nav', { class: 'breadcrumb', 'aria-label': 'Ruta de navegación' },
        h('ol', {},
          h('li', {}, h('a', { href: '/' }, 'Asambleas')),
          h('li', {}, h('a', { href: editionHref(e) }, editionName(e))),
          h('li', { 'aria-current': 'page' }, 'Inscripción'))),
      heading,
      h('p', { class: 'lead' }, e.title || editionName(e)),
      h('p', { class: 'hero-when' }, [formatDateRange(e.starts_on, e.ends_on), where(e)].filter(Boolean).join(' · '))));
}

function contact(e) {
  return e.contact_email
    ? h('p', {}, 'Si tiene preguntas, escriba a los organizadores: ',
      h('a', { href: `mailto:${e.contact_email}` }, e.contact_email), '.')
    : null;
}

/** Instead of the form: the assembly is over, or registration is not open (yet or any more). */
function closedNote(e) {
  const over = e.status === 'archived' || (e.ends_on && e.ends_on < today(e.timezone));
  const when = formatDateRange(e.starts_on, e.ends_on);
  setTitle(`Inscripciones cerradas · ${editionName(e)}`);
  const note = over
    ? [h('h2', { class: 'notice-title', id: 'aviso', tabindex: '-1' }, 'Esta asamblea ya se realizó'),
      h('p', {}, `${editionName(e)} se realizó el ${when}${e.city ? ` en ${e.city}` : ''}. Ya no se reciben inscripciones.`),
      h('p', {}, h('a', { href: editionHref(e) }, 'Ver el programa y la memoria de la asamblea'))]
    : [h('h2', { class: 'notice-title', id: 'aviso', tabindex: '-1' },
      e.status === 'closed' ? 'Las inscripciones están cerradas' : 'Las inscripciones aún no están abiertas'),
    h('p', {}, `La asamblea será el ${when}${e.city ? ` en ${e.city}` : ''}. `,
      e.status === 'closed'
        ? 'Por ahora no se reciben más inscripciones.'
        : 'Vuelva a esta página más adelante: aquí podrá inscribirse cuando se abran.'),
    contact(e),
    h('p', {}, h('a', { href: editionHref(e) }, 'Ver la página de la asamblea'))];
  replace(root,
    hero(e, 'Inscripción'),
    h('div', { class: 'wrap page-body' }, h('div', { class: 'notice notice-closed', role: 'status' }, note)));
}

/* ---------- the form ---------- */

function form(e) {
  const status = h('p', { id: 'inscripcion-estado', class: 'status', role: 'alert' });
  const policy = [
    'Usaremos sus datos solo para esta asamblea: inscripción, credencial, acreditación, certificado y estadísticas. ',
    h('a', { href: '/privacidad', target: '_blank', rel: 'noopener' }, 'Lea la política de datos'),
    ' (se abre en otra pestaña).',
  ];
  const f = h('form', { class: 'form reg-form', id: 'inscripcion-form', method: 'post', novalidate: true, 'aria-labelledby': 'titulo' },
    h('p', { class: 'form-intro' }, 'Complete el formulario; toma unos dos minutos. Los campos marcados «opcional» se pueden dejar en blanco.'),
    status,
    h('fieldset', {}, h('legend', {}, 'Sus datos'),
      field('r', 'full_name'), field('r', 'email'), field('r', 'phone')),
    h('fieldset', {}, h('legend', {}, 'Su institución'),
      field('r', 'organization'), field('r', 'position'), field('r', 'municipality')),
    attendeeTypeRadios('r', PUBLIC_ATTENDEE_TYPES),
    field('r', 'accessibility_needs'),
    consentField('r', 'Acepto que la AME trate mis datos para esta inscripción.', policy),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary button-large' }, 'Inscribirme')));

  // One Idempotency-Key per submitted content: sending the same data again (after a lost answer)
  // gets the first answer back instead of a duplicate; changed data is a new sign-up.
  let submission = { key: '', data: '' };
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(f);
    announce(status, '');
    const problems = missing(f, REQUIRED);
    if (problems.length) { showProblems(f, status, problems); return; }
    const data = values(f, NAMES);
    for (const k of ['position', 'municipality', 'phone', 'accessibility_needs']) if (data[k] === '') delete data[k];
    announce(status, 'Enviando su inscripción…');
    try {
      const sent = JSON.stringify(data);
      if (sent !== submission.data) submission = { key: newIdempotencyKey(), data: sent };
      const { body } = await busy(f, postOnce(`${path('editions', e.slug)}/registrations`, data, {
        key: submission.key,
        onRetry: () => announce(status, 'El servidor está ocupado; reintentando su inscripción…'),
      }));
      if (body.status === 'pending_email') checkEmail(e, body);
      else confirmation(e, body, data);
    } catch (err) {
      if (err.code === 'registration_closed') { closedNote({ ...e, status: 'closed' }); $('#aviso').focus(); return; }
      if (err.status === 404) { notFound(); return; }
      if (!showApiError(f, status, err, 'No se pudo completar la inscripción. ')) status.scrollIntoView({ block: 'center' });
    }
  });

  setTitle(`Inscripción · ${editionName(e)}`);
  replace(root,
    hero(e, 'Inscripción'),
    h('div', { class: 'wrap page-body form-page' }, h('div', { class: 'panel' }, f), contact(e)));
}

/* ---------- confirmation ---------- */

/** After a sign-up that waits for its address: where the link went and what to do with it. */
function checkEmail(e, r) {
  setTitle(`Revise su correo · ${editionName(e)}`);
  replace(root,
    hero(e, 'Revise su correo', { focus: true }),
    h('div', { class: 'wrap page-body form-page' },
      h('section', { class: 'panel confirmation', id: 'revise-correo', 'aria-labelledby': 'titulo' },
        h('p', { class: 'confirmation-thanks' }, `Le enviamos un enlace a ${r.email}.`),
        h('p', {}, 'Su inscripción queda hecha cuando abra ese enlace y pulse «Confirmar mi inscripción». ',
          h('strong', {}, 'El enlace vale 48 horas'), '; hasta entonces no ocupa cupo.'),
        h('p', {}, 'Si no lo ve en unos minutos, busque en la carpeta de correo no deseado.'),
        contact(e))));
  $('#titulo').focus();
  window.scrollTo(0, 0);
}

function confirmation(e, r, data = {}) {
  const waitlisted = r.status === 'waitlisted';
  const url = manageUrl(r.code, r.manage_token);
  const first = (data.full_name || '').split(/\s+/)[0];
  setTitle(`${waitlisted ? 'En lista de espera' : 'Inscripción confirmada'} · ${editionName(e)}`);
  replace(root,
    hero(e, waitlisted ? 'Está en la lista de espera' : 'Inscripción confirmada', { focus: true }),
    h('div', { class: 'wrap page-body form-page' },
      h('section', { class: 'panel confirmation', 'aria-labelledby': 'titulo' },
        h('p', { class: 'confirmation-thanks' }, `Gracias${first ? `, ${first}` : ''}. Recibimos su inscripción a ${editionName(e)}.`),
        codeDisplay(r.code, 'Su código de inscripción'),
        h('p', { class: 'reg-status' }, h('span', { class: 'reg-status-label' }, 'Estado: '), statusBadge(r)),
        waitlisted
          ? h('p', {}, 'El cupo está completo por ahora. Si se libera un lugar, su inscripción se confirmará en el orden de la lista y le avisaremos por correo.')
          : h('p', {}, 'Presente este código en la acreditación; también irá impreso en su credencial.'),
        h('h2', { class: 'confirmation-sub' }, 'Su enlace personal'),
        h('p', {}, 'Con este enlace puede ver y corregir sus datos o cancelar la inscripción. ',
          h('strong', {}, 'Guárdelo en favoritos'), `: también se lo enviamos ${data.email ? `a ${data.email}` : 'por correo'}. No lo comparta; quien lo tenga puede cambiar su inscripción.`),
        linkBox({ id: 'enlace', label: 'Enlace para gestionar su inscripción', url, open: 'Abrir mi inscripción' }),
        h('p', { class: 'confirmation-back' }, h('a', { href: editionHref(e) }, `Volver a la página de ${editionName(e)}`)))));
  $('#titulo').focus();
  window.scrollTo(0, 0);
}

/* ---------- page ---------- */

function notFound() {
  setTitle('Edición no encontrada');
  replace(root, h('div', { class: 'wrap page-body' },
    h('div', { class: 'notice notice-error' },
      h('h1', { class: 'notice-title' }, 'Edición no encontrada'),
      h('p', {}, 'La dirección no corresponde a ninguna asamblea con inscripciones. Puede que haya cambiado o que tenga un error.'),
      h('p', {}, h('a', { href: '/' }, 'Ver todas las asambleas')))));
}

/* ---------- the link that confirms the e-mail address ---------- */

/** The link is unknown, used or past its 48 hours. */
function linkInvalid(e, message) {
  setTitle(`Enlace no válido · ${editionName(e)}`);
  replace(root,
    hero(e, 'Confirmar inscripción'),
    h('div', { class: 'wrap page-body' }, h('div', { class: 'notice notice-error', role: 'status' },
      h('h2', { class: 'notice-title', id: 'aviso', tabindex: '-1' }, 'Este enlace ya no sirve'),
      h('p', {}, message, ' Si ya confirmó, recibió por correo su código y su enlace personal; si no, inscríbase de nuevo.'),
      h('p', {}, h('a', { href: `${editionHref(e)}/inscripcion` }, 'Ir al formulario de inscripción')))));
  $('#aviso').focus();
}

function confirmPage(e, token) {
  const status = h('p', { id: 'confirmar-estado', class: 'status', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'button button-primary button-large' }, 'Confirmar mi inscripción');
  const f = h('form', { class: 'form', id: 'confirmar-form', method: 'post', novalidate: true, 'aria-labelledby': 'titulo' },
    h('p', {}, `Pulse el botón para confirmar su correo y completar su inscripción a ${editionName(e)}.`),
    status, h('div', { class: 'form-actions' }, button));
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    announce(status, 'Confirmando su inscripción…');
    try {
      const { body } = await busy(f, postOnce(`${path('editions', e.slug)}/registrations/confirm`, { token }, {
        onRetry: () => announce(status, 'El servidor está ocupado; reintentando…'),
      }));
      confirmation(e, body);
    } catch (err) {
      if (err.status === 404) { linkInvalid(e, err.message); return; }
      if (err.code === 'registration_closed') { closedNote({ ...e, status: 'closed' }); $('#aviso').focus(); return; }
      announce(status, `No se pudo confirmar: ${describeError(err)}`, 'error');
    }
  });
  setTitle(`Confirmar inscripción · ${editionName(e)}`);
  replace(root,
    hero(e, 'Confirmar inscripción'),
    h('div', { class: 'wrap page-body form-page' }, h('div', { class: 'panel' }, f), contact(e)));
}

async function load() {
  const confirming = /\/confirmar\/?$/.test(location.pathname);
  const slug = pathPart(/^\/e\/([^/]+)\/(?:inscripcion|confirmar)\/?$/);
  const token = new URLSearchParams(location.search).get('t') || '';
  root.setAttribute('aria-busy', 'true');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { root.removeAttribute('aria-busy'); notFound(); return; }
  try {
    const { body } = await get(path('editions', slug));
    if (confirming) confirmPage(body, token);
    else if (body.registration_open) form(body);
    else closedNote(body);
  } catch (err) {
    if (err.status === 404) { notFound(); return; }
    setTitle('Error');
    replace(root, h('div', { class: 'wrap page-body' }));
    showProblem(root.firstChild, {
      title: 'No se pudo cargar el formulario', message: describeError(err), retry: load, headingLevel: 1,
    });
  } finally {
    root.removeAttribute('aria-busy');
  }
}

load();
