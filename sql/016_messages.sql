-- 016: messages from organizers to registrants, and the language of each registration.
-- A registration (and a sign-up waiting for its address) has a language, es or en, for its
-- e-mails and as a filter of the messages. Every message sent to a group of registrants leaves
-- one row in `messages` (who, when, subject, filters, how many); its e-mails are ordinary
-- outbox rows queued in the same transaction.
ALTER TABLE registrations ADD COLUMN language TEXT NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en'));
ALTER TABLE pending_signups ADD COLUMN language TEXT NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en'));
CREATE TABLE messages (
  id          INTEGER PRIMARY KEY,
  edition_id  INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  sent_by     INTEGER REFERENCES users(id) ON DELETE SET NULL, -- NULL: the command line, or a deleted account
  sent_at     TEXT NOT NULL,                                   -- UTC
  subject     TEXT NOT NULL,                                   -- as written, placeholders unexpanded
  filters     TEXT NOT NULL,                                   -- JSON {status, type, language}, null when not filtered
  recipients  INTEGER NOT NULL                                 -- e-mails queued
);
CREATE INDEX messages_by_edition ON messages(edition_id, id);
