/* db_users.c — accounts and login sessions. Password hashes never leave this file except to
 * the password check; no function here puts one in JSON. */
#include "db_users.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "db_audit.h"
#include "util.h"

/* The columns row_to_user reads, in its order (table alias u); LISTED_COLUMNS adds what the
 * administrators' list shows. */
#define USER_COLUMNS "u.id, u.email, u.name, u.role, u.deactivated_at IS NOT NULL, u.must_change_password"
#define LISTED_COLUMNS USER_COLUMNS ", u.last_login_at, u.created_at, u.deactivated_at"

static void row_to_user(sqlite3_stmt *st, struct user *u) {
  u->id = sqlite3_column_int64(st, 0);
  snprintf(u->email, sizeof u->email, "%s", db_col_text(st, 1));
  snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 2));
  u->role = role_parse(db_col_text(st, 3));
  u->deactivated = sqlite3_column_int(st, 4) != 0;
  u->must_change_password = sqlite3_column_int(st, 5) != 0;
}

cJSON *db_users_json(const struct user *u) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "id", (double)u->id);
  cJSON_AddStringToObject(o, "email", u->email);
  cJSON_AddStringToObject(o, "name", u->name);
  cJSON_AddStringToObject(o, "role", role_name(u->role));
  cJSON_AddBoolToObject(o, "active", !u->deactivated);
  cJSON_AddBoolToObject(o, "must_change_password", u->must_change_password);
  return o;
}

static void add_instant_or_null(cJSON *o, const char *name, sqlite3_stmt *st, int col) {
  if (sqlite3_column_type(st, col) == SQLITE_NULL) cJSON_AddNullToObject(o, name);
  else cJSON_AddStringToObject(o, name, db_col_text(st, col));
}

/* A row of LISTED_COLUMNS as the administrators see it. */
static cJSON *listed_row_to_json(sqlite3_stmt *st) {
  struct user u;
  row_to_user(st, &u);
  cJSON *o = db_users_json(&u);
  add_instant_or_null(o, "last_login_at", st, 6);
  add_instant_or_null(o, "created_at", st, 7);
  add_instant_or_null(o, "deactivated_at", st, 8);
  return o;
}

static cJSON *audit_detail(const char *email, const char *name, enum role role) {
  cJSON *d = cJSON_CreateObject();
  if (email) cJSON_AddStringToObject(d, "email", email);
  if (name) cJSON_AddStringToObject(d, "name", name);
  if (role != ROLE_NONE) cJSON_AddStringToObject(d, "role", role_name(role));
  return d;
}

/* Writes an audit entry for a user change and commits, or rolls back on any failure. */
static enum err audit_and_commit(struct db *db, long long actor, const char *action, long long id, cJSON *detail) {
  char idtext[24];
  snprintf(idtext, sizeof idtext, "%lld", id);
  enum err e = db_audit(db, actor, action, "user", idtext, detail);
  cJSON_Delete(detail);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_users_create(struct db *db, const char *email, const char *name, enum role role, const char *hash,
                         long long actor, long long *id) {
  return db_users_create_with(db, email, name, role, hash, false, actor, id);
}

enum err db_users_create_with(struct db *db, const char *email, const char *name, enum role role, const char *hash,
                              bool temporary, long long actor, long long *id) {
  static const char sql[] =
      "INSERT INTO users(email, name, role, password_hash, must_change_password) VALUES (?, ?, ?, ?, ?)";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) {
    db_rollback(db);
    return ERR_INTERNAL;
  }
  db_bind_text(st, 1, email);
  db_bind_text(st, 2, name);
  db_bind_text(st, 3, role_name(role));
  db_bind_text(st, 4, hash);
  sqlite3_bind_int(st, 5, temporary);
  enum err e = db_run(st);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  *id = sqlite3_last_insert_rowid(db_handle(db));
  cJSON *detail = audit_detail(email, name, role);
  if (temporary) cJSON_AddBoolToObject(detail, "temporary_password", 1);
  return audit_and_commit(db, actor, "user.create", *id, detail);
}

enum err db_users_by_email(struct db *db, const char *email, struct user *u, char *hash, size_t hash_size) {
  static const char sql[] = "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.email = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, email);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    row_to_user(st, u);
    snprintf(hash, hash_size, "%s", db_col_text(st, 6));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_users_by_id(struct db *db, long long id, struct user *u) {
  static const char sql[] = "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    row_to_user(st, u);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_users_list(struct db *db, cJSON **items) {
  static const char sql[] = "SELECT " LISTED_COLUMNS " FROM users u ORDER BY u.name COLLATE NOCASE, u.id";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  *items = cJSON_CreateArray();
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) cJSON_AddItemToArray(*items, listed_row_to_json(st));
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}

enum err db_users_get(struct db *db, long long id, cJSON **out) {
  static const char sql[] = "SELECT " LISTED_COLUMNS " FROM users u WHERE u.id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *out = listed_row_to_json(st);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

long long db_users_count_admins(struct db *db) {
  static const char sql[] = "SELECT count(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return -1;
  enum err e;
  long long n = db_step(st, &e) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  db_reset(st);
  return n;
}

/* Whether user id is an active admin: ERR_OK with *active_admin set, ERR_NOT_FOUND, or a read error. */
static enum err is_active_admin(struct db *db, long long id, bool *active_admin) {
  static const char sql[] = "SELECT role = 'admin' AND deactivated_at IS NULL FROM users WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *active_admin = sqlite3_column_int(st, 0) != 0;
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* Inside a transaction: ERR_CONFLICT when user id is the last active admin and would stop being
 * one (demoted, deactivated or deleted). */
static enum err guard_last_admin(struct db *db, long long id, bool leaving_admin) {
  bool active_admin = false;
  enum err e = is_active_admin(db, id, &active_admin);
  if (e != ERR_OK) return e;
  if (leaving_admin && active_admin && db_users_count_admins(db) <= 1) return ERR_CONFLICT;
  return ERR_OK;
}

enum err db_users_end_sessions(struct db *db, long long id, const unsigned char *keep) {
  static const char sql[] = "DELETE FROM auth_sessions WHERE user_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  if (keep) sqlite3_bind_blob(st, 2, keep, 32, SQLITE_STATIC);
  else sqlite3_bind_null(st, 2);
  return db_run(st);
}

enum err db_users_replace_password(struct db *db, long long id, const char *hash, bool temporary,
                                   const unsigned char *keep_session) {
  static const char sql[] =
      "UPDATE users SET password_hash = ?2, must_change_password = ?3,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  db_bind_text(st, 2, hash);
  sqlite3_bind_int(st, 3, temporary);
  enum err e = db_run(st);
  if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  return e == ERR_OK ? db_users_end_sessions(db, id, keep_session) : e;
}

/* Activates or deactivates; a deactivated account's sessions end with it. */
static enum err set_active(struct db *db, long long id, bool active) {
  static const char sql[] =
      "UPDATE users SET deactivated_at = CASE WHEN ?2 THEN NULL ELSE coalesce(deactivated_at,"
      " strftime('%Y-%m-%dT%H:%M:%SZ','now')) END WHERE id = ?1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, active);
  enum err e = db_run(st);
  return e == ERR_OK && !active ? db_users_end_sessions(db, id, NULL) : e;
}

static enum err update_fields(struct db *db, long long id, const struct user_change *c, struct verror *ve) {
  static const char sql[] =
      "UPDATE users SET name = coalesce(?2, name), email = coalesce(?3, email), role = coalesce(?4, role),"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  db_bind_text(st, 2, c->name);
  db_bind_text(st, 3, c->email);
  db_bind_text(st, 4, c->role != ROLE_NONE ? role_name(c->role) : NULL);
  enum err e = db_run(st);
  if (e == ERR_CONFLICT) verror_set(ve, "email", "err.users.email_taken");
  return e;
}

/* The audit action of a change: deactivation and reactivation stand out in the log. */
static const char *change_action(const struct user_change *c) {
  if (c->active == 0) return "user.deactivate";
  if (c->active == 1) return "user.reactivate";
  return "user.update";
}

enum err db_users_update(struct db *db, long long id, const struct user_change *c, long long actor, struct verror *ve) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  bool leaving_admin = (c->role != ROLE_NONE && c->role != ROLE_ADMIN) || c->active == 0;
  enum err e = guard_last_admin(db, id, leaving_admin);
  if (e == ERR_CONFLICT) verror_set(ve, c->active == 0 ? "active" : "role", "err.users.last_admin");
  if (e == ERR_OK) e = update_fields(db, id, c, ve);
  if (e == ERR_OK && c->hash) e = db_users_replace_password(db, id, c->hash, c->temporary, NULL);
  if (e == ERR_OK && c->active >= 0) e = set_active(db, id, c->active == 1);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  cJSON *detail = audit_detail(c->email, c->name, c->role);
  if (c->hash) cJSON_AddBoolToObject(detail, c->temporary ? "temporary_password" : "password_changed", 1);
  return audit_and_commit(db, actor, change_action(c), id, detail);
}

enum err db_users_upgrade_hash(struct db *db, long long id, const char *hash) {
  static const char sql[] = "UPDATE users SET password_hash = ? WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, hash);
  sqlite3_bind_int64(st, 2, id);
  return db_run(st);
}

enum err db_users_change_own_password(struct db *db, long long id, const char *hash, const unsigned char keep[32]) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = db_users_replace_password(db, id, hash, false, keep);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return audit_and_commit(db, id, "user.password_change", id, NULL);
}

enum err db_users_delete(struct db *db, long long id, long long actor) {
  static const char sql[] = "DELETE FROM users WHERE id = ?";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = guard_last_admin(db, id, true);
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, id);
    e = db_run(st);
  }
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return audit_and_commit(db, actor, "user.delete", id, NULL);
}

/* Binds a session clock's boot id (NULL when unknown, so that no row's boot_id equals it). */
static void bind_boot_id(sqlite3_stmt *st, int idx, const struct session_clock *c) {
  db_bind_text(st, idx, c->boot_id[0] ? c->boot_id : NULL);
}

static enum err prune_sessions(struct db *db, const struct session_clock *now) {
  static const char sql[] =
      "DELETE FROM auth_sessions WHERE CASE WHEN boot_id = ?1 THEN expires_boot <= ?2 ELSE expires_at < ?3 END";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char long_ago[21];
  utc_iso(now->wall - SESSION_PRUNE_GRACE, long_ago);
  bind_boot_id(st, 1, now);
  sqlite3_bind_int64(st, 2, now->boot);
  db_bind_text(st, 3, long_ago);
  return db_run(st);
}

static enum err record_login(struct db *db, long long user_id, const char *at) {
  static const char sql[] = "UPDATE users SET last_login_at = ? WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, at);
  sqlite3_bind_int64(st, 2, user_id);
  return db_run(st);
}

enum err db_auth_session_create(struct db *db, long long user_id, const unsigned char hash[32],
                                const struct session_clock *now, long long lifetime) {
  static const char sql[] =
      "INSERT INTO auth_sessions(token_hash, user_id, created_at, expires_at, boot_id, expires_boot)"
      " VALUES (?, ?, ?, ?, ?, ?)";
  enum err e = prune_sessions(db, now);
  if (e != ERR_OK) return e;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char created[21], expires[21];
  utc_iso(now->wall, created);
  utc_iso(now->wall + lifetime, expires);
  sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, user_id);
  db_bind_text(st, 3, created);
  db_bind_text(st, 4, expires);
  bind_boot_id(st, 5, now);
  sqlite3_bind_int64(st, 6, now->boot + lifetime);
  e = db_run(st);
  return e == ERR_OK ? record_login(db, user_id, created) : e;
}

enum err db_auth_session_lookup(struct db *db, const unsigned char hash[32], const struct session_clock *now,
                                struct user *u) {
  static const char sql[] =
      "SELECT " USER_COLUMNS
      " FROM auth_sessions s JOIN users u ON u.id = s.user_id"
      " WHERE s.token_hash = ?1 AND u.deactivated_at IS NULL AND CASE WHEN s.boot_id = ?2 THEN s.expires_boot > ?3 ELSE s.expires_at > ?4 END";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char wall[21];
  utc_iso(now->wall, wall);
  sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
  bind_boot_id(st, 2, now);
  sqlite3_bind_int64(st, 3, now->boot);
  db_bind_text(st, 4, wall);
  enum err e = ERR_NOT_FOUND;
  int rc = db_step(st, &e);
  if (rc == SQLITE_ROW) {
    row_to_user(st, u);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_auth_session_delete(struct db *db, const unsigned char hash[32]) {
  static const char sql[] = "DELETE FROM auth_sessions WHERE token_hash = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
  return db_run(st);
}
