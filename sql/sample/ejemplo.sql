-- Sample: ejemplo — a DEMONSTRATION edition with fictitious data, loaded only by
-- `asamblea seed --sample` (never by plain `seed`), so that a newcomer can try sign-up, badges,
-- the door and the memoria right after `make run`. Its dates follow the day it is loaded: it
-- starts 60 days later and lasts two days; it is open and its sign-up window runs from now until
-- the day before it starts. Everyone in it is invented ("Persona de Ejemplo …").
-- Run by the binary inside one transaction, only if no edition 'ejemplo' exists yet.
-- Key material is a placeholder; the binary generates a real key pair because key_id is ''.
-- Instants are stored in UTC; America/Guayaquil is UTC-05:00 all year (09:00 local = 14:00Z).

INSERT INTO editions (slug, title, short_title, city, venue, starts_on, ends_on, timezone,
                      status, capacity, description, organizer_unit, contact_email,
                      proceedings_status, sign_public_key, sign_secret_key, key_id,
                      registration_opens_at, registration_closes_at)
VALUES (
  'ejemplo',
  'Edición de ejemplo (demostración con datos ficticios)',
  'Edición de ejemplo',
  'Ciudad de Ejemplo',
  'Centro de Convenciones de Ejemplo',
  date('now', '+60 days'),
  date('now', '+61 days'),
  'America/Guayaquil',
  'open',
  120,
  'Esta es una edición de DEMOSTRACIÓN con datos ficticios, creada con «asamblea seed --sample» para probar el sistema: inscribirse, descargar la credencial, acreditar en la puerta y preparar la memoria. No corresponde a ninguna asamblea real; puede borrarse la base de datos de prueba cuando ya no haga falta.',
  'Unidad de Ejemplo',
  'ejemplo@example.org',
  'draft',
  zeroblob(32), zeroblob(64), '',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 minute'),
  strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+59 days') || ' 05:00:00')
);

INSERT INTO rooms (edition_id, name, capacity, sort_order) VALUES
  ((SELECT id FROM editions WHERE slug = 'ejemplo'), 'Sala de ejemplo A', 80, 1),
  ((SELECT id FROM editions WHERE slug = 'ejemplo'), 'Sala de ejemplo B', 40, 2);

INSERT OR IGNORE INTO organizations (name, acronym, search) VALUES
  ('Organización de Ejemplo', 'OE', fold('Organización de Ejemplo' || ' ' || 'OE'));

INSERT INTO people (name, honorific, position, organization_id, bio, search)
SELECT 'Persona de Ejemplo Uno', '', 'Ponente ficticia',
       (SELECT id FROM organizations WHERE name = 'Organización de Ejemplo'),
       'Persona ficticia de la edición de ejemplo.',
       fold('Persona de Ejemplo Uno Ponente ficticia Organización de Ejemplo')
WHERE NOT EXISTS (SELECT 1 FROM people WHERE name = 'Persona de Ejemplo Uno');

INSERT INTO people (name, honorific, position, organization_id, bio, search)
SELECT 'Persona de Ejemplo Dos', '', 'Moderadora ficticia',
       (SELECT id FROM organizations WHERE name = 'Organización de Ejemplo'),
       'Persona ficticia de la edición de ejemplo.',
       fold('Persona de Ejemplo Dos Moderadora ficticia Organización de Ejemplo')
WHERE NOT EXISTS (SELECT 1 FROM people WHERE name = 'Persona de Ejemplo Dos');

INSERT INTO edition_people (edition_id, person_id)
SELECT (SELECT id FROM editions WHERE slug = 'ejemplo'), id FROM people
WHERE name IN ('Persona de Ejemplo Uno', 'Persona de Ejemplo Dos');

INSERT INTO sessions (edition_id, kind, number, title, objective, starts_at, ends_at, room_id) VALUES
  ((SELECT id FROM editions WHERE slug = 'ejemplo'), 'ceremony', NULL, 'Inauguración de ejemplo',
   'Sesión ficticia para mostrar el programa.',
   strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+60 days') || ' 14:00:00'),
   strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+60 days') || ' 14:30:00'),
   (SELECT r.id FROM rooms r JOIN editions e ON e.id = r.edition_id WHERE e.slug = 'ejemplo' AND r.name = 'Sala de ejemplo A')),
  ((SELECT id FROM editions WHERE slug = 'ejemplo'), 'dialogue', 1, 'Diálogo de ejemplo',
   'Sesión ficticia con una ponente y una moderadora de ejemplo.',
   strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+60 days') || ' 15:00:00'),
   strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+60 days') || ' 16:30:00'),
   (SELECT r.id FROM rooms r JOIN editions e ON e.id = r.edition_id WHERE e.slug = 'ejemplo' AND r.name = 'Sala de ejemplo A')),
  ((SELECT id FROM editions WHERE slug = 'ejemplo'), 'workshop', NULL, 'Taller de ejemplo',
   'Sesión ficticia en la segunda sala, el segundo día.',
   strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+61 days') || ' 14:00:00'),
   strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+61 days') || ' 16:00:00'),
   (SELECT r.id FROM rooms r JOIN editions e ON e.id = r.edition_id WHERE e.slug = 'ejemplo' AND r.name = 'Sala de ejemplo B'));

INSERT INTO session_participants (session_id, person_id, role, sort_order, topic) VALUES
  ((SELECT s.id FROM sessions s JOIN editions e ON e.id = s.edition_id WHERE e.slug = 'ejemplo' AND s.kind = 'dialogue'),
   (SELECT id FROM people WHERE name = 'Persona de Ejemplo Uno'), 'speaker', 1, 'Tema de ejemplo'),
  ((SELECT s.id FROM sessions s JOIN editions e ON e.id = s.edition_id WHERE e.slug = 'ejemplo' AND s.kind = 'dialogue'),
   (SELECT id FROM people WHERE name = 'Persona de Ejemplo Dos'), 'moderator', 2, '');
