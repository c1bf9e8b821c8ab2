// audit-labels.js — the audit log in words (admin-audit.js): each action code of the server as a
// short Spanish phrase, each entity as a noun, and the detail object as "field: value" pairs.
// An action other parts add later and this table does not know yet is shown as its code.

export const AUDIT_ACTION = {
  'badge.printed': 'Marcó credenciales impresas',
  'badge.reissue': 'Reemitió una credencial',
  'edition.anonymize': 'Anonimizó una edición',
  'edition.copy': 'Copió una edición',
  'edition.create': 'Creó una edición',
  'edition.update': 'Modificó una edición',
  'outbox.retry': 'Reenvió correos fallidos',
  'participant.add': 'Añadió un participante a una sesión',
  'participant.remove': 'Quitó un participante de una sesión',
  'participant.update': 'Modificó un participante de una sesión',
  'person.create': 'Creó una persona',
  'person.photo': 'Subió la foto de una persona',
  'person.photo_delete': 'Quitó la foto de una persona',
  'person.update': 'Modificó una persona',
  'proceedings.credits': 'Modificó los créditos de la memoria',
  'proceedings.item_create': 'Añadió un apartado a la memoria',
  'proceedings.item_delete': 'Eliminó un apartado de la memoria',
  'proceedings.item_update': 'Modificó un apartado de la memoria',
  'proceedings.publish': 'Publicó la memoria',
  'registration.anonymize': 'Anonimizó una inscripción',
  'registration.cancel': 'Canceló una inscripción',
  'registration.create': 'Creó una inscripción',
  'registration.new_link': 'Generó un nuevo enlace de gestión',
  'registration.promote': 'Confirmó una inscripción de la lista de espera',
  'registration.update': 'Modificó una inscripción',
  'room.create': 'Creó una sala',
  'room.delete': 'Eliminó una sala',
  'room.update': 'Modificó una sala',
  'roster.add': 'Añadió una persona a la edición',
  'roster.remove': 'Quitó una persona de la edición',
  'session.create': 'Creó una sesión del programa',
  'session.delete': 'Eliminó una sesión del programa',
  'session.update': 'Modificó una sesión del programa',
  'user.create': 'Creó una cuenta',
  'user.deactivate': 'Desactivó una cuenta',
  'user.delete': 'Eliminó una cuenta',
  'user.password_change': 'Cambió su contraseña',
  'user.password_reset': 'Restableció su contraseña con un enlace',
  'user.reactivate': 'Reactivó una cuenta',
  'user.update': 'Modificó una cuenta',
};

export const AUDIT_ENTITY = {
  edition: 'Edición',
  registration: 'Inscripción',
  user: 'Cuenta',
  person: 'Persona',
  room: 'Sala',
  session: 'Sesión',
  participant: 'Participante',
  proceedings: 'Memoria',
  proceedings_item: 'Apartado de la memoria',
};

export const actionLabel = (code) => AUDIT_ACTION[code] || code;
export const entityLabel = (code) => AUDIT_ENTITY[code] || code;

/** The detail object as "campo: valor" strings (nested values as JSON text), at most `max`. */
export function detailLines(detail, max = 6) {
  const lines = Object.entries(detail || {}).map(([k, v]) =>
    `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return lines.length > max ? [...lines.slice(0, max), `… y ${lines.length - max} más`] : lines;
}
