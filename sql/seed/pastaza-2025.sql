-- Seed: pastaza-2025 — IV Asamblea General de Autoridades de Relaciones Internacionales
-- de Gobiernos Locales del Ecuador 2025 (Puyo, Pastaza, 20–21 de noviembre de 2025).
-- The closing of the Latacunga 2024 memoria announces Pastaza 2025 as the next host.
-- Only the edition row: no rooms, sessions or proceedings yet; registration is open.
-- Run by the binary inside one transaction, only if no edition 'pastaza-2025' exists yet.

-- venue is '' because the venue has not been announced yet.
-- Key material is a placeholder; the binary generates a real key pair because key_id is ''.
INSERT INTO editions (slug, title, short_title, city, venue, starts_on, ends_on, timezone,
                      status, capacity, description, organizer_unit, contact_email,
                      proceedings_status, sign_public_key, sign_secret_key, key_id)
VALUES (
  'pastaza-2025',
  'IV Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2025',
  'Pastaza 2025',
  'Puyo, Pastaza',
  '',
  '2025-11-20',
  '2025-11-21',
  'America/Guayaquil',
  'open',
  400,
  'La IV Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador se realizará los días 20 y 21 de noviembre de 2025 en Puyo, Pastaza. Como se anunció al cierre de la III Asamblea en Latacunga, Pastaza 2025 es la próxima sede: un espacio donde se continuará avanzando en la cooperación descentralizada y se profundizarán los esfuerzos por integrar los territorios ecuatorianos en la agenda global de desarrollo.',
  'Dirección de Cooperación Internacional',
  'dirección.cooperación@ame.gob.ec',  -- same contact as Latacunga 2024, as the memoria writes it
  'draft',
  zeroblob(32), zeroblob(64), ''
);
