-- 001_schema: every table of asamblea, so that later features add behaviour, not rework.
-- Conventions: instants are TEXT 'YYYY-MM-DDTHH:MM:SSZ' in UTC (they sort as text);
-- dates are TEXT 'YYYY-MM-DD'; each edition carries its IANA zone for display.
-- Columns named `search` hold fold(...) of the searchable text: lower-case, accents folded
-- (fold() is an SQL function the binary registers on every connection).

CREATE TABLE editions (
  id               INTEGER PRIMARY KEY,
  slug             TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND length(slug) <= 64),
  title            TEXT NOT NULL,                  -- full official name of the assembly
  short_title      TEXT NOT NULL DEFAULT '',       -- e.g. "Latacunga 2024"
  city             TEXT NOT NULL,
  venue            TEXT NOT NULL DEFAULT '',
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL,
  timezone         TEXT NOT NULL DEFAULT 'America/Guayaquil',
  status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed','archived')),
  capacity         INTEGER CHECK (capacity IS NULL OR capacity >= 0),  -- NULL: unlimited
  description      TEXT NOT NULL DEFAULT '',
  organizer_unit   TEXT NOT NULL DEFAULT '',       -- team heading of the credits, e.g. "Dirección de Cooperación Internacional"
  contact_email    TEXT NOT NULL DEFAULT '',
  proceedings_status TEXT NOT NULL DEFAULT 'draft' CHECK (proceedings_status IN ('draft','published')),
  sign_public_key  BLOB NOT NULL,                  -- Ed25519 public key for check-in tokens (32 bytes)
  sign_secret_key  BLOB NOT NULL,                  -- Ed25519 secret key (64 bytes); never leaves the server
  key_id           TEXT NOT NULL,                  -- short public id of the key pair
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE rooms (
  id          INTEGER PRIMARY KEY,
  edition_id  INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  capacity    INTEGER CHECK (capacity IS NULL OR capacity >= 0),
  sort_order  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (edition_id, name)
);

CREATE TABLE organizations (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- e.g. "GAD Municipal de Nabón"
  acronym  TEXT NOT NULL DEFAULT '',             -- e.g. "AME", "JICA"
  search   TEXT NOT NULL DEFAULT ''
);

-- People are shared across editions: the same mayor may speak in 2024 and 2025.
CREATE TABLE people (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  honorific        TEXT NOT NULL DEFAULT '',     -- "Dr.", "Ing.", ...
  position         TEXT NOT NULL DEFAULT '',     -- the post: "Alcalde de Nabón"
  organization_id  INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
  bio              TEXT NOT NULL DEFAULT '',     -- plain text, paragraphs separated by blank lines
  email            TEXT NOT NULL DEFAULT '',     -- private: never in a public answer
  phone            TEXT NOT NULL DEFAULT '',     -- private: never in a public answer
  search           TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE person_photos (
  person_id     INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  content_type  TEXT NOT NULL CHECK (content_type IN ('image/jpeg','image/png')),
  bytes         BLOB NOT NULL,
  sha256        TEXT NOT NULL,
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY,
  edition_id  INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('dialogue','panel','keynote','ceremony','workshop','break')),
  number      INTEGER,                           -- "Diálogo 2" has number 2; NULL when unnumbered
  title       TEXT NOT NULL,
  objective   TEXT NOT NULL DEFAULT '',
  starts_at   TEXT NOT NULL,
  ends_at     TEXT NOT NULL,
  room_id     INTEGER REFERENCES rooms(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_by_edition ON sessions(edition_id, starts_at);
CREATE INDEX sessions_by_room ON sessions(room_id, starts_at);

CREATE TABLE session_participants (
  session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role          TEXT NOT NULL CHECK (role IN ('speaker','moderator','panelist')),
  sort_order    INTEGER NOT NULL DEFAULT 0,      -- display order within the session
  topic         TEXT NOT NULL DEFAULT '',        -- the talk's heading, e.g. "Ciudades Inteligentes: GADM Portoviejo"
  contribution  TEXT NOT NULL DEFAULT '',        -- what they said; feeds the proceedings
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX participants_by_person ON session_participants(person_id);

CREATE TABLE proceedings_items (
  id          INTEGER PRIMARY KEY,
  edition_id  INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('conclusion','recommendation','closing')),
  number      INTEGER,                           -- 1..n within its kind; NULL for the closing
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',          -- plain text; **bold** marks emphasis; blank line = paragraph
  sort_order  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX proceedings_items_by_edition ON proceedings_items(edition_id, kind, sort_order);

-- Every publish is kept, immutable: the public download serves the newest byte for byte.
CREATE TABLE proceedings_versions (
  id            INTEGER PRIMARY KEY,
  edition_id    INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL,
  pdf           BLOB NOT NULL,
  sha256        TEXT NOT NULL,
  published_at  TEXT NOT NULL,
  published_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (edition_id, version)
);
CREATE TRIGGER proceedings_versions_immutable BEFORE UPDATE ON proceedings_versions
BEGIN SELECT RAISE(ABORT, 'published proceedings are immutable'); END;

CREATE TABLE credits (
  id                  INTEGER PRIMARY KEY,
  edition_id          INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  name                TEXT NOT NULL,
  role_title          TEXT NOT NULL,             -- "Presidente de AME"
  sort_order          INTEGER NOT NULL DEFAULT 0,
  signs_certificates  INTEGER NOT NULL DEFAULT 0 CHECK (signs_certificates IN (0,1))
);

CREATE TABLE registrations (
  id                   INTEGER PRIMARY KEY,
  edition_id           INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  code                 TEXT NOT NULL UNIQUE,     -- short, human-readable, printed on the badge
  manage_token_hash    BLOB NOT NULL,            -- SHA-256 of the 256-bit manage token
  full_name            TEXT NOT NULL,
  email                TEXT NOT NULL,
  email_norm           TEXT NOT NULL,            -- lower-case email, for the one-live-registration rule
  organization         TEXT NOT NULL DEFAULT '',
  position             TEXT NOT NULL DEFAULT '',
  municipality         TEXT NOT NULL DEFAULT '',
  phone                TEXT NOT NULL DEFAULT '',
  attendee_type        TEXT NOT NULL CHECK (attendee_type IN
                         ('authority','official','cooperation','academia','civil_society','press','speaker','organizer','guest')),
  accessibility_needs  TEXT NOT NULL DEFAULT '',
  consent_at           TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('confirmed','waitlisted','cancelled')),
  badge_revision       INTEGER NOT NULL DEFAULT 1,  -- bumped on reissue; older tokens are revoked
  badge_printed_at     TEXT,
  checked_in_at        TEXT,                      -- first check-in instant (earliest scanned_at)
  search               TEXT NOT NULL DEFAULT '',
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  cancelled_at         TEXT,
  anonymized_at        TEXT
);
CREATE UNIQUE INDEX registrations_one_live_email ON registrations(edition_id, email_norm) WHERE status <> 'cancelled';
CREATE INDEX registrations_by_status ON registrations(edition_id, status, created_at);

-- Append-only record of every scan, whatever its result.
CREATE TABLE checkins (
  id               INTEGER PRIMARY KEY,
  edition_id       INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  registration_id  INTEGER REFERENCES registrations(id) ON DELETE SET NULL,
  session_id       INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
  client_id        TEXT,                          -- idempotency key from the scanner
  device           TEXT NOT NULL DEFAULT '',
  scanned_at       TEXT NOT NULL,
  received_at      TEXT NOT NULL,
  result           TEXT NOT NULL CHECK (result IN ('ok','already_checked_in','invalid_token','not_found','conflict'))
);
CREATE UNIQUE INDEX checkins_client_id ON checkins(edition_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX checkins_by_registration ON checkins(registration_id);
CREATE TRIGGER checkins_append_only BEFORE UPDATE ON checkins
WHEN NEW.registration_id IS OLD.registration_id AND NEW.session_id IS OLD.session_id
BEGIN SELECT RAISE(ABORT, 'checkins are append-only'); END;

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name           TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('admin','organizer','staff')),
  password_hash  TEXT NOT NULL,                   -- argon2id string from crypto_pwhash_str
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE auth_sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   BLOB NOT NULL UNIQUE,              -- SHA-256 of the 256-bit bearer token
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX auth_sessions_by_user ON auth_sessions(user_id);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action     TEXT NOT NULL,                       -- "edition.update", "user.create", ...
  entity     TEXT NOT NULL,                       -- "edition", "user", ...
  entity_id  TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT '{}'           -- JSON: the fields that changed
);

-- Messages queued in the same transaction as the change that causes them; a background sender delivers them.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  edition_id       INTEGER REFERENCES editions(id) ON DELETE CASCADE,
  registration_id  INTEGER REFERENCES registrations(id) ON DELETE SET NULL,
  kind             TEXT NOT NULL,                 -- "registration.confirmed", ...
  to_addr          TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  sent_at          TEXT,
  last_error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;
