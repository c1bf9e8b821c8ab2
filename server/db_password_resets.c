/* db_password_resets.c — storing, checking and using the one-time links of password resets:
 * every SQL statement about password_resets. A link is its token's SHA-256, the account, and
 * an expiry on the wall clock; using it sets used_at, so it never works twice. */
#include "db_password_resets.h"

#include <sodium.h>
#include <stdio.h>

#include "auth.h"
#include "db_audit.h"
#include "db_outbox.h"
#include "db_users.h"
#include "mail_messages.h"
#include "util.h"

#define PRUNE_AFTER (24 * 3600) /* an expired link is forgotten a day later */

static enum err prune(struct db *db, time_t now) {
  static const char sql[] = "DELETE FROM password_resets WHERE expires_at < ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char before[21];
  utc_iso(now - PRUNE_AFTER, before);
  db_bind_text(st, 1, before);
  return db_run(st);
}

static enum err store_link(struct db *db, long long user_id, const unsigned char hash[32], time_t now) {
  static const char sql[] =
      "INSERT INTO password_resets(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char created[21], expires[21];
  utc_iso(now, created);
  utc_iso(now + PASSWORD_RESET_MINUTES * 60, expires);
  sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, user_id);
  db_bind_text(st, 3, created);
  db_bind_text(st, 4, expires);
  return db_run(st);
}

static enum err finish(struct db *db, enum err e) {
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_password_reset_request(struct db *db, const char *email, const char *token, time_t now, bool *queued) {
  *queued = false;
  unsigned char hash[32];
  auth_token_hash(token, hash);
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = prune(db, now);
  struct user u = {0};
  char ignored[crypto_pwhash_STRBYTES];
  enum err found = e == ERR_OK ? db_users_by_email(db, email, &u, ignored, sizeof ignored) : e;
  sodium_memzero(ignored, sizeof ignored);
  if (found != ERR_OK && found != ERR_NOT_FOUND) return finish(db, found);
  if (found == ERR_OK && !u.deactivated) {
    e = store_link(db, u.id, hash, now);
    struct message_input msg = {.kind = MSG_PASSWORD_RESET, .full_name = u.name, .reset_token = token};
    if (e == ERR_OK) e = db_outbox_queue(db, 0, u.email, &msg);
    *queued = e == ERR_OK;
  }
  return finish(db, e);
}

enum err db_password_reset_lookup(struct db *db, const unsigned char token_hash[32], time_t now, struct user *u) {
  static const char sql[] =
      "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char at[21];
  utc_iso(now, at);
  sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_STATIC);
  db_bind_text(st, 2, at);
  enum err e = ERR_NOT_FOUND;
  long long user_id = 0;
  if (db_step(st, &e) == SQLITE_ROW) {
    user_id = sqlite3_column_int64(st, 0);
    e = ERR_OK;
  }
  db_reset(st);
  if (e == ERR_OK) e = db_users_by_id(db, user_id, u);
  return e == ERR_OK && u->deactivated ? ERR_NOT_FOUND : e;
}

/* Marks the live link used and every other link of its account too; *user_id is its account. */
static enum err spend_links(struct db *db, const unsigned char token_hash[32], time_t now, long long *user_id) {
  static const char sql[] =
      "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2"
      " RETURNING user_id";
  static const char others[] = "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL";
  char at[21];
  utc_iso(now, at);
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_STATIC);
  db_bind_text(st, 2, at);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *user_id = sqlite3_column_int64(st, 0);
    e = ERR_OK;
  }
  db_reset(st);
  sqlite3_stmt *o = e == ERR_OK ? db_stmt(db, others) : NULL;
  if (e == ERR_OK && !o) return ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(o, 1, *user_id);
    db_bind_text(o, 2, at);
    e = db_run(o);
  }
  return e;
}

enum err db_password_reset_use(struct db *db, const unsigned char token_hash[32], time_t now, const char *hash) {
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  long long user_id = 0;
  e = spend_links(db, token_hash, now, &user_id);
  struct user u = {0};
  if (e == ERR_OK) e = db_users_by_id(db, user_id, &u);
  if (e == ERR_OK && u.deactivated) e = ERR_NOT_FOUND;
  if (e == ERR_OK) e = db_users_replace_password(db, user_id, hash, false, NULL);
  char id[24];
  snprintf(id, sizeof id, "%lld", user_id);
  if (e == ERR_OK) e = db_audit(db, user_id, "user.password_reset", "user", id, NULL);
  return finish(db, e);
}
