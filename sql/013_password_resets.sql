-- 013: accounts that can be deactivated (kept, so that the audit log still names them, but unable
-- to sign in), passwords set by an administrator that must be changed at the next sign-in, the
-- last sign-in, and the one-time links that reset a forgotten password (only a hash of each token).
ALTER TABLE users ADD COLUMN deactivated_at TEXT;                          -- NULL: active
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0; -- 1: a temporary password
ALTER TABLE users ADD COLUMN last_login_at TEXT;                           -- NULL: never signed in since 013

CREATE TABLE password_resets (
  id          INTEGER PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,                 -- SHA-256 of the 256-bit token of the link
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,                        -- created_at + 1 hour (UTC)
  used_at     TEXT                                  -- set once: a used link never works again
);
CREATE INDEX password_resets_by_user ON password_resets(user_id);

-- The audit page filters by who and by action, newest first.
CREATE INDEX audit_log_by_user ON audit_log(user_id, id);
CREATE INDEX audit_log_by_action ON audit_log(action, id);
