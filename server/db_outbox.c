/* db_outbox.c — queueing and listing outbox messages. */
#include "db_outbox.h"

#include <stdlib.h>

#include "tz.h"

enum err db_outbox_queue(struct db *db, long long registration_id, const char *to, const struct message_input *msg) {
  static const char sql[] =
      "INSERT INTO outbox(edition_id, registration_id, kind, to_addr, subject, body, created_at, next_attempt_at)"
      " VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'))";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char *subject, *body;
  message_compose(msg, &subject, &body);
  sqlite3_bind_int64(st, 1, msg->edition->id);
  sqlite3_bind_int64(st, 2, registration_id);
  db_bind_text(st, 3, message_kind_name(msg->kind));
  db_bind_text(st, 4, to);
  db_bind_text(st, 5, subject);
  db_bind_text(st, 6, body);
  enum err e = db_run(st);
  free(subject);
  free(body);
  return e;
}

/* Adds an instant column in the edition's zone, or null. */
static void add_local(cJSON *o, const char *name, sqlite3_stmt *st, int col, const char *zone) {
  time_t t = sqlite3_column_type(st, col) == SQLITE_NULL ? -1 : tz_parse_utc(db_col_text(st, col));
  char buf[26];
  if (t < 0) {
    cJSON_AddNullToObject(o, name);
    return;
  }
  tz_format(t, zone, buf);
  cJSON_AddStringToObject(o, name, buf);
}

enum err db_outbox_list(struct db *db, const struct edition *ed, int pending_only, int limit, int offset,
                        cJSON **items, long long *total) {
  static const char sql[] =
      "SELECT o.id, o.kind, o.to_addr, o.subject, o.created_at, o.attempts, o.next_attempt_at, o.sent_at,"
      " o.last_error, r.code, count(*) OVER () FROM outbox o LEFT JOIN registrations r ON r.id = o.registration_id"
      " WHERE o.edition_id = ?1 AND (NOT ?2 OR o.sent_at IS NULL) ORDER BY o.id DESC LIMIT ?3 OFFSET ?4";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int(st, 2, pending_only);
  sqlite3_bind_int(st, 3, limit);
  sqlite3_bind_int(st, 4, offset);
  *items = cJSON_CreateArray();
  *total = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(o, "kind", db_col_text(st, 1));
    cJSON_AddStringToObject(o, "to", db_col_text(st, 2));
    cJSON_AddStringToObject(o, "subject", db_col_text(st, 3));
    add_local(o, "created_at", st, 4, ed->timezone);
    cJSON_AddNumberToObject(o, "attempts", sqlite3_column_int(st, 5));
    add_local(o, "next_attempt_at", st, 6, ed->timezone);
    add_local(o, "sent_at", st, 7, ed->timezone);
    cJSON_AddStringToObject(o, "last_error", db_col_text(st, 8));
    cJSON_AddStringToObject(o, "registration", db_col_text(st, 9));
    *total = sqlite3_column_int64(st, 10);
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  return ERR_OK;
}
