/* db_signup_keys.c — Idempotency-Key records of sign-ups (see db_signup_keys.h). */
#include "db_signup_keys.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "secrets.h"
#include "util.h"

#define KEY_LIFETIME (24 * 3600) /* seconds a key is remembered */

bool signup_key_valid(const char *key) {
  size_t n = key ? strlen(key) : 0;
  if (n == 0 || n > SIGNUP_KEY_MAX) return false;
  for (size_t i = 0; i < n; i++)
    if (key[i] < 0x21 || key[i] > 0x7E) return false;
  return true;
}

/* The UTC text of the oldest instant a key is still remembered from. */
static void oldest_kept(char out[21]) { utc_iso(time(NULL) - KEY_LIFETIME, out); }

enum err db_signup_key_find(struct db *db, long long edition_id, const char *key, const unsigned char sha256[32],
                            struct reg_created *out) {
  static const char sql[] =
      "SELECT request_sha256, code, status, waitlist_position, manage_token_box FROM signup_keys"
      " WHERE edition_id = ? AND idempotency_key = ? AND created_at >= ?";
  char oldest[21];
  oldest_kept(oldest);
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  db_bind_text(st, 2, key);
  db_bind_text(st, 3, oldest);
  enum err e = ERR_NOT_FOUND;
  int rc = db_step(st, &e);
  if (rc == SQLITE_ROW) {
    if (sqlite3_column_bytes(st, 0) != 32 || memcmp(sqlite3_column_blob(st, 0), sha256, 32) != 0) {
      e = ERR_CONFLICT;
    } else {
      memset(out, 0, sizeof *out);
      snprintf(out->code, sizeof out->code, "%s", db_col_text(st, 1));
      snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 2));
      out->waitlist_position = sqlite3_column_int64(st, 3);
      e = secrets_open(sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4), out->manage_token,
                       sizeof out->manage_token)
              ? ERR_OK
              : ERR_INTERNAL;
    }
  }
  db_reset(st);
  return e;
}

enum err db_signup_key_store(struct db *db, long long edition_id, const char *key, const unsigned char sha256[32],
                             const struct reg_created *answer) {
  static const char prune[] = "DELETE FROM signup_keys WHERE created_at < ?";
  static const char insert[] =
      "INSERT OR REPLACE INTO signup_keys(edition_id, idempotency_key, request_sha256, code, status,"
      " waitlist_position, manage_token_box, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  unsigned char box[SEALED_MAX];
  size_t box_len = secrets_seal(answer->manage_token, box);
  if (box_len == 0) return ERR_INTERNAL;
  char oldest[21], now[21];
  oldest_kept(oldest);
  now_utc_iso(now);
  sqlite3_stmt *st = db_stmt(db, prune);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, oldest);
  enum err e = db_run(st);
  if (e != ERR_OK || !(st = db_stmt(db, insert))) return e != ERR_OK ? e : ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  db_bind_text(st, 2, key);
  sqlite3_bind_blob(st, 3, sha256, 32, SQLITE_STATIC);
  db_bind_text(st, 4, answer->code);
  db_bind_text(st, 5, answer->status);
  sqlite3_bind_int64(st, 6, answer->waitlist_position);
  sqlite3_bind_blob(st, 7, box, (int)box_len, SQLITE_STATIC);
  db_bind_text(st, 8, now);
  return db_run(st);
}
