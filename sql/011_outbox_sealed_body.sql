-- 011: an e-mail waiting in the outbox carries the attendee's manage link, so its body is kept
-- only sealed with the server's key file (body_box), like registrations.manage_token_box, and the
-- body column holds ''. Once the message is sent, the box is dropped too: a sent row keeps its
-- metadata (recipient, subject, state, times), not the secret. Rows queued before this migration
-- are sealed (or, when already sent, blanked) by the server at start-up: db_outbox_seal_plain().
ALTER TABLE outbox ADD COLUMN body_box BLOB;
