-- 005: e-mail delivery that a crash or a lost SMTP answer cannot turn into unrecognisable copies.
-- Each row gets a delivery state, a secret random part of its Message-ID (so every attempt of a
-- row sends the same Message-ID, and nobody can guess another row's), and the time its current
-- attempt started. The mailer marks and commits an attempt ("sending") before it talks to the
-- SMTP server; a row still "sending" after a restart was interrupted and is retried after a delay.
ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'
  CHECK (state IN ('pending', 'sending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN message_key TEXT;
ALTER TABLE outbox ADD COLUMN attempt_started_at TEXT;
UPDATE outbox SET message_key = lower(hex(randomblob(16)));
UPDATE outbox SET state = 'sent' WHERE sent_at IS NOT NULL;
-- Rows the former schedule had given up on (after ten failures, or refused at once) wait for an
-- organizer to re-queue them.
UPDATE outbox SET state = 'failed' WHERE sent_at IS NULL AND next_attempt_at >= '9999';
DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_failed ON outbox(edition_id) WHERE state = 'failed';
