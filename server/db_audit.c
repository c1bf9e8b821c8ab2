/* db_audit.c — writing and reading the audit log. */
#include "db_audit.h"

#include <stdio.h>
#include <stdlib.h>

#include "log.h"

enum err db_audit(struct db *db, long long actor, const char *action, const char *entity, const char *entity_id,
                  const cJSON *detail) {
  static const char sql[] =
      "INSERT INTO audit_log(user_id, action, entity, entity_id, detail) VALUES (nullif(?,0), ?, ?, ?, ?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char *text = detail ? cJSON_PrintUnformatted(detail) : NULL;
  sqlite3_bind_int64(st, 1, actor);
  db_bind_text(st, 2, action);
  db_bind_text(st, 3, entity);
  db_bind_text(st, 4, entity_id ? entity_id : "");
  db_bind_text(st, 5, text ? text : "{}");
  enum err e = db_run(st);
  cJSON_free(text);
  return e;
}

enum err db_audit_commit(struct db *db, enum err e, long long actor, const char *action, const char *entity,
                         const char *entity_id) {
  if (e == ERR_OK) e = db_audit(db, actor, action, entity, entity_id, NULL);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_audit_commit_id(struct db *db, enum err e, long long actor, const char *action, const char *entity,
                            long long entity_id) {
  char id[24];
  snprintf(id, sizeof id, "%lld", entity_id);
  return db_audit_commit(db, e, actor, action, entity, id);
}

enum err db_audit_list(struct db *db, const struct audit_filter *f, cJSON **items, long long *total) {
  static const char sql[] =
      "SELECT a.id, a.at, a.user_id, coalesce(u.email, ''), a.action, a.entity, a.entity_id, a.detail,"
      " count(*) OVER (), coalesce(u.name, '') FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
      " WHERE (?1 = 0 OR a.user_id = ?1) AND (?2 IS NULL OR a.action = ?2) AND (?3 IS NULL OR a.at >= ?3)"
      " AND (?4 IS NULL OR a.at < ?4) ORDER BY a.id DESC LIMIT ?5 OFFSET ?6";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, f->user_id);
  db_bind_text(st, 2, f->action);
  db_bind_text(st, 3, f->from);
  db_bind_text(st, 4, f->before);
  sqlite3_bind_int(st, 5, f->limit);
  sqlite3_bind_int(st, 6, f->offset);
  *items = cJSON_CreateArray();
  *total = 0;
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(o, "at", db_col_text(st, 1));
    cJSON_AddNumberToObject(o, "user_id", (double)sqlite3_column_int64(st, 2));
    cJSON_AddStringToObject(o, "user_email", db_col_text(st, 3));
    cJSON_AddStringToObject(o, "user_name", db_col_text(st, 9));
    cJSON_AddStringToObject(o, "action", db_col_text(st, 4));
    cJSON_AddStringToObject(o, "entity", db_col_text(st, 5));
    cJSON_AddStringToObject(o, "entity_id", db_col_text(st, 6));
    cJSON *detail = cJSON_Parse(db_col_text(st, 7));
    cJSON_AddItemToObject(o, "detail", detail ? detail : cJSON_CreateObject());
    *total = sqlite3_column_int64(st, 8);
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}

enum err db_audit_actions(struct db *db, cJSON **items) {
  static const char sql[] = "SELECT DISTINCT action FROM audit_log ORDER BY action";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  *items = cJSON_CreateArray();
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) cJSON_AddItemToArray(*items, cJSON_CreateString(db_col_text(st, 0)));
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}
