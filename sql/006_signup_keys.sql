-- 006: idempotent sign-up. A client sends an Idempotency-Key with each sign-up; the key and the
-- answer it got are kept 24 hours, written in the same transaction as the registration, so a
-- repeat (after a lost answer or a 503) answers exactly as the first time and writes nothing more.
-- The manage token in that answer is kept only sealed with the server's key file, like
-- registrations.manage_token_box.
CREATE TABLE signup_keys (
  edition_id INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  idempotency_key TEXT NOT NULL,
  request_sha256 BLOB NOT NULL,        -- the request body: the same key with another body is refused
  code TEXT NOT NULL,
  status TEXT NOT NULL,                -- as first answered: confirmed | waitlisted
  waitlist_position INTEGER NOT NULL DEFAULT 0,
  manage_token_box BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (edition_id, idempotency_key)
);
CREATE INDEX signup_keys_created ON signup_keys(created_at);
