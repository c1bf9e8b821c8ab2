// labels.js — Spanish words for the API's codes (session kinds, participant roles,
// edition statuses, user roles), kept in one place so every page says the same thing.

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

/** Looks a code up in one of the tables above, falling back to the code itself. */
export const label = (table, code) => table[code] || String(code ?? '');

/** "Diálogo 1", "Taller", ... — the kind with its number when it has one. */
export const sessionLabel = (s) => (s.number ? `${label(KIND, s.kind)} ${s.number}` : label(KIND, s.kind));

/** An edition's display name: its short title ("Latacunga 2024") or its full title. */
export const editionName = (e) => e.short_title || e.title || e.slug;
