-- 002: each registration keeps its manage token sealed with the server's key (file <db>.key),
-- so that later messages (waitlist promotion, cancellation) can carry the attendee's link again.
-- Lookups still go through manage_token_hash; the database alone never reveals a token.
ALTER TABLE registrations ADD COLUMN manage_token_box BLOB;
