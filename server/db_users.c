/* db_users.c — accounts and login sessions. Password hashes never leave this file except to
 * the password check; no function here puts one in JSON. */
#include "db_users.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "db_audit.h"
#include "util.h"

static void row_to_user(sqlite3_stmt *st, struct user *u) {
  u->id = sqlite3_column_int64(st, 0);
  snprintf(u->email, sizeof u->email, "%s", db_col_text(st, 1));
  snprintf(u->name, sizeof u->name, "%s", db_col_text(st, 2));
  u->role = role_parse(db_col_text(st, 3));
}

cJSON *user_to_json(const struct user *u) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "id", (double)u->id);
  cJSON_AddStringToObject(o, "email", u->email);
  cJSON_AddStringToObject(o, "name", u->name);
  cJSON_AddStringToObject(o, "role", role_name(u->role));
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

enum err db_users_insert(struct db *db, const char *email, const char *name, enum role role, const char *hash,
                         long long actor, long long *id) {
  static const char sql[] = "INSERT INTO users(email, name, role, password_hash) VALUES (?, ?, ?, ?)";
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
  enum err e = db_run(st);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  *id = sqlite3_last_insert_rowid(db_handle(db));
  return audit_and_commit(db, actor, "user.create", *id, audit_detail(email, name, role));
}

enum err db_users_by_email(struct db *db, const char *email, struct user *u, char *hash, size_t hash_size) {
  static const char sql[] = "SELECT id, email, name, role, password_hash FROM users WHERE email = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, email);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    row_to_user(st, u);
    snprintf(hash, hash_size, "%s", db_col_text(st, 4));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_users_list(struct db *db, cJSON **items) {
  static const char sql[] = "SELECT id, email, name, role FROM users ORDER BY name COLLATE NOCASE, id";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  *items = cJSON_CreateArray();
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    struct user u;
    row_to_user(st, &u);
    cJSON_AddItemToArray(*items, user_to_json(&u));
  }
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}

enum err db_users_get(struct db *db, long long id, cJSON **out) {
  static const char sql[] = "SELECT id, email, name, role FROM users WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    struct user u;
    row_to_user(st, &u);
    *out = user_to_json(&u);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

long long db_users_count_admins(struct db *db) {
  static const char sql[] = "SELECT count(*) FROM users WHERE role = 'admin'";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return -1;
  enum err e;
  long long n = db_step(st, &e) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  db_reset(st);
  return n;
}

static enum err current_role(struct db *db, long long id, enum role *role) {
  static const char sql[] = "SELECT role FROM users WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *role = role_parse(db_col_text(st, 0));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* Inside a transaction: ERR_CONFLICT when user id is the last admin and would stop being one. */
static enum err guard_last_admin(struct db *db, long long id, bool leaving_admin) {
  enum role role = ROLE_NONE;
  enum err e = current_role(db, id, &role);
  if (e != ERR_OK) return e;
  if (leaving_admin && role == ROLE_ADMIN && db_users_count_admins(db) <= 1) return ERR_CONFLICT;
  return ERR_OK;
}

enum err db_users_update(struct db *db, long long id, const char *name, const char *email, enum role role,
                         const char *hash, long long actor, struct verror *ve) {
  static const char sql[] =
      "UPDATE users SET name = coalesce(?2, name), email = coalesce(?3, email), role = coalesce(?4, role),"
      " password_hash = coalesce(?5, password_hash), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  static const char drop_sessions[] = "DELETE FROM auth_sessions WHERE user_id = ?";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = guard_last_admin(db, id, role != ROLE_NONE && role != ROLE_ADMIN);
  if (e == ERR_CONFLICT) verror_set(ve, "role", "Debe quedar al menos una cuenta de administración.");
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, email);
    db_bind_text(st, 4, role != ROLE_NONE ? role_name(role) : NULL);
    db_bind_text(st, 5, hash);
    e = db_run(st);
    if (e == ERR_CONFLICT) verror_set(ve, "email", "Ya existe una cuenta con ese correo.");
  }
  if (e == ERR_OK && hash) { /* a new password ends every open session of the account */
    sqlite3_stmt *d = db_stmt(db, drop_sessions);
    if (!d) e = ERR_INTERNAL;
    else {
      sqlite3_bind_int64(d, 1, id);
      e = db_run(d);
    }
  }
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  cJSON *detail = audit_detail(email, name, role);
  if (hash) cJSON_AddBoolToObject(detail, "password_changed", 1);
  return audit_and_commit(db, actor, "user.update", id, detail);
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
  return db_run(st);
}

enum err db_auth_session_lookup(struct db *db, const unsigned char hash[32], const struct session_clock *now,
                                struct user *u) {
  static const char sql[] =
      "SELECT u.id, u.email, u.name, u.role FROM auth_sessions s JOIN users u ON u.id = s.user_id"
      " WHERE s.token_hash = ?1 AND CASE WHEN s.boot_id = ?2 THEN s.expires_boot > ?3 ELSE s.expires_at > ?4 END";
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
