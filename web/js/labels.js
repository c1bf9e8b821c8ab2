// labels.js — words for the API's codes (session kinds, participant roles, edition statuses,
// user roles, attendee types, registration statuses, messages), kept in one place so every page
// says the same thing. What attendees and speakers read comes from the catalogue in the page's
// language (i18n.js); the tables only staff pages use (always in Spanish) stay written here.
import { t, table } from './i18n.js';

export const KIND = table('kind');

export const PARTICIPANT_ROLE = table('participant_role');

/** Status names as organizers choose them in the edition form. */
export const EDITION_STATUS = table('edition_status');

/** Status as the public reads it on a badge. */
export const EDITION_BADGE = table('edition_badge');

export const USER_ROLE = {
  admin: 'Administrador(a)',
  organizer: 'Organizador(a)',
  staff: 'Personal de acreditación',
};

/** How a person takes part; the first six are the public choices, the rest organizers set. */
export const ATTENDEE_TYPE = table('attendee_type');
export const PUBLIC_ATTENDEE_TYPES = ['authority', 'official', 'cooperation', 'academia', 'civil_society', 'press'];
export const ALL_ATTENDEE_TYPES = Object.keys(ATTENDEE_TYPE);

export const REGISTRATION_STATUS = table('registration_status');

/** A registration's status as a sentence fragment: "En lista de espera (puesto 3)". */
export function registrationStatus(r) {
  const text = label(REGISTRATION_STATUS, r.status);
  return r.status === 'waitlisted' && r.waitlist_position
    ? t('registration_status_position', { status: text, position: r.waitlist_position }) : text;
}

/** Columns the organizers' list can be sorted by. */
export const REGISTRATION_SORT = {
  name: 'Nombre',
  created_at: 'Fecha de inscripción',
  organization: 'Institución',
  municipality: 'Cantón',
  status: 'Estado',
};

/** Kinds of e-mail in the outbox. */
export const MESSAGE_KIND = {
  'registration.confirmed': 'Confirmación',
  'registration.waitlisted': 'Lista de espera',
  'registration.promoted': 'Cupo liberado',
  'registration.cancelled': 'Cancelación',
  'registration.link': 'Enlace de gestión',
  'edition.message': 'Mensaje de la organización',
};

/** The languages a registration's e-mails can be in. */
export const REGISTRATION_LANGUAGE = table('registration_language');

/** Looks a code up in one of the tables above, falling back to the code itself. */
export const label = (names, code) => names[code] || String(code ?? '');

/** "Diálogo 1", "Taller", ... — the kind with its number when it has one. */
export const sessionLabel = (s) => (s.number ? `${label(KIND, s.kind)} ${s.number}` : label(KIND, s.kind));

/** An edition's display name: its short title ("Latacunga 2024") or its full title. */
export const editionName = (e) => e.short_title || e.title || e.slug;

/* ---------- programme: people's names (edition.js, admin-programme*.js) ---------- */

/** A person's name as printed: with the honorific when there is one ("Dra. Ana Guamán"). */
export const personName = (p) => [p.honorific, p.name].filter(Boolean).join(' ');

/** Up to two initials (first and last word) for a photo placeholder: "Julio César Benítez" → "JB". */
export function initials(name) {
  const words = String(name ?? '').trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return '';
  const first = (w) => w.match(/\p{L}/u)[0];
  const letters = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : first(words[0]);
  return letters.toLocaleUpperCase('es-EC');
}

/* ---------- memoria: proceedings items (proceedings.js, admin-proceedings.js) ---------- */

/** One item of the memoria by its kind: "Conclusión 3". */
export const PROCEEDINGS_KIND = table('proceedings_kind');

/** The memoria's section of each kind. */
export const PROCEEDINGS_SECTION = table('proceedings_section');

/** An item's heading as printed in the memoria: "3. Título" ("Título" when it has no number). */
export const proceedingsHeading = (item) => (item.number ? `${item.number}. ${item.title}` : item.title);

/* ---------- door: badges and check-in (checkin*.js, admin-badges.js, admin-door.js) ---------- */

/** Print layouts of GET …/badges.pdf?layout=, as organizers choose them. */
export const BADGE_LAYOUT = {
  'a4-10': 'A4, 10 por hoja (90 × 55 mm), con marcas de corte',
  'a4-8': 'A4, 8 por hoja (90 × 70 mm), con marcas de corte',
  a6: 'A6 vertical (105 × 148 mm), una por página, para portacredenciales',
  cr80: 'Tarjeta CR80 (85,6 × 54 mm), una por página, para impresoras de tarjetas',
};

/**
 * Why the door turns a badge away: {title, text} for the red screen. `text` may use {name} and
 * {code}. The offline ones say what the device could not check.
 */
export const DOOR_REFUSAL = {
  malformed: { title: 'Credencial no válida', text: 'Lo leído no es una credencial de esta asamblea. Pida el código de inscripción y escríbalo.' },
  forged: { title: 'Credencial no válida', text: 'La firma de la credencial no es válida: fue alterada o no la emitió la organización.' },
  revoked: { title: 'Credencial reemplazada', text: 'Esta credencial fue reemplazada por una nueva (reimpresión). Pida la credencial vigente o registre el ingreso con el código.' },
  other_edition: { title: 'Credencial de otra edición', text: 'Esta credencial es de otra asamblea. Registre el ingreso con el código de inscripción de esta edición.' },
  cancelled: { title: 'Inscripción cancelada', text: 'La inscripción de {name} fue cancelada. Envíe a la persona a la mesa de información.' },
  waitlisted: { title: 'En lista de espera', text: '{name} está en la lista de espera y aún no tiene cupo confirmado. Envíe a la persona a la mesa de información.' },
  not_confirmed: { title: 'Inscripción no confirmada', text: 'La inscripción no está confirmada (cancelada o en lista de espera). Envíe a la persona a la mesa de información.' },
  unknown_code: { title: 'Código no encontrado', text: 'No hay ninguna inscripción con el código {code} en esta edición. Revise el código o busque por nombre.' },
  not_in_roster: { title: 'No figura en la lista', text: 'La credencial es auténtica, pero la persona no está en la lista descargada en este dispositivo. Verifique con la organización cuando vuelva la conexión.' },
  no_key: { title: 'No se puede verificar', text: 'Sin conexión y sin la clave de la edición en este dispositivo: conéctese una vez para descargarla, o registre el ingreso con el código.' },
  no_roster: { title: 'No se puede verificar', text: 'Sin conexión y sin la lista de inscritos en este dispositivo: conéctese una vez para descargarla.' },
  unverifiable: { title: 'No se puede verificar', text: 'Este navegador no puede comprobar firmas sin conexión (la página necesita https). Espere a que vuelva la conexión.' },
  rejected: { title: 'No se registró', text: 'El servidor no aceptó el registro.' },
  signed_out: { title: 'Sesión terminada', text: 'La sesión de este dispositivo terminó y se borró de él la lista de inscritos. Ingrese de nuevo para seguir registrando ingresos.' },
};
