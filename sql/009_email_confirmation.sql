-- 009: double opt-in. An edition with confirm_email takes a public sign-up as pending until the
-- person opens the one-time link e-mailed to the address: only then is a registration made (under
-- the capacity rule, as any sign-up) and the usual confirmation sent. A pending sign-up holds its
-- address in the edition until it expires; expired ones are deleted, their data with them.
ALTER TABLE editions ADD COLUMN confirm_email INTEGER NOT NULL DEFAULT 0 CHECK (confirm_email IN (0, 1));
CREATE TABLE pending_signups (
  id                   INTEGER PRIMARY KEY,
  edition_id           INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  token_hash           BLOB NOT NULL UNIQUE,     -- SHA-256 of the one-time confirmation token
  full_name            TEXT NOT NULL,
  email                TEXT NOT NULL,
  email_norm           TEXT NOT NULL,            -- lower-case email, for the one-live-registration rule
  organization         TEXT NOT NULL,
  position             TEXT NOT NULL DEFAULT '',
  municipality         TEXT NOT NULL DEFAULT '',
  phone                TEXT NOT NULL DEFAULT '',
  attendee_type        TEXT NOT NULL,
  accessibility_needs  TEXT NOT NULL DEFAULT '',
  created_at           TEXT NOT NULL,
  expires_at           TEXT NOT NULL             -- UTC; the link works until then
);
CREATE INDEX pending_signups_email ON pending_signups(edition_id, email_norm);
CREATE INDEX pending_signups_expiry ON pending_signups(expires_at);
