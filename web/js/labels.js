// labels.js — Spanish words for the API's codes (session kinds, participant roles,
// edition statuses, user roles, attendee types, registration statuses, messages), kept in
// one place so every page says the same thing.

export const KIND = {
  dialogue: 'Diálogo',
  panel: 'Panel',
  keynote: 'Conferencia magistral',
  ceremony: 'Ceremonia',
  workshop: 'Taller',
  break: 'Receso',
};

export const PARTICIPANT_ROLE = {
  speaker: 'Ponente',
  moderator: 'Moderador(a)',
  panelist: 'Panelista',
};

/** Status names as organizers choose them in the edition form. */
export const EDITION_STATUS = {
  draft: 'Borrador',
  open: 'Abierta',
  closed: 'Cerrada',
  archived: 'Archivada',
};

/** Status as the public reads it on a badge. */
export const EDITION_BADGE = {
  draft: 'Borrador',
  open: 'Inscripciones abiertas',
  closed: 'Inscripciones cerradas',
  archived: 'Edición concluida',
};

export const USER_ROLE = {
  admin: 'Administrador(a)',
  organizer: 'Organizador(a)',
  staff: 'Personal de acreditación',
};

/** How a person takes part; the first six are the public choices, the rest organizers set. */
export const ATTENDEE_TYPE = {
  authority: 'Autoridad',
  official: 'Funcionario/a municipal',
  cooperation: 'Cooperación internacional',
  academia: 'Academia',
  civil_society: 'Sociedad civil',
  press: 'Prensa',
  speaker: 'Ponente',
  organizer: 'Organización',
  guest: 'Invitado/a',
};
export const PUBLIC_ATTENDEE_TYPES = ['authority', 'official', 'cooperation', 'academia', 'civil_society', 'press'];
export const ALL_ATTENDEE_TYPES = Object.keys(ATTENDEE_TYPE);

export const REGISTRATION_STATUS = {
  confirmed: 'Confirmada',
  waitlisted: 'En lista de espera',
  cancelled: 'Cancelada',
};

/** A registration's status as a sentence fragment: "En lista de espera (puesto 3)". */
export function registrationStatus(r) {
  const text = label(REGISTRATION_STATUS, r.status);
  return r.status === 'waitlisted' && r.waitlist_position ? `${text} (puesto ${r.waitlist_position})` : text;
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
};

/** Looks a code up in one of the tables above, falling back to the code itself. */
export const label = (table, code) => table[code] || String(code ?? '');

/** "Diálogo 1", "Taller", ... — the kind with its number when it has one. */
export const sessionLabel = (s) => (s.number ? `${label(KIND, s.kind)} ${s.number}` : label(KIND, s.kind));

/** An edition's display name: its short title ("Latacunga 2024") or its full title. */
export const editionName = (e) => e.short_title || e.title || e.slug;
