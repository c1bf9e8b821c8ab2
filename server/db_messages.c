/* db_messages.c — every SQL statement about organizers' messages to registrants: choosing the
 * recipients, queuing one outbox row each with the log and audit rows, and listing the log. */
#include "db_messages.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "db_audit.h"
#include "db_outbox.h"
#include "db_registrations.h"
#include "mail_template.h"
#include "tz.h"
#include "util.h"

/* The recipients' condition; ?1 edition, ?2 status, ?3 type, ?4 language. */
#define RECIPIENTS                                                                              \
  " FROM registrations WHERE edition_id = ?1 AND anonymized_at IS NULL"                         \
  " AND (CASE WHEN ?2 IS NULL THEN status IN ('confirmed', 'waitlisted') ELSE status = ?2 END)" \
  " AND (?3 IS NULL OR attendee_type = ?3) AND (?4 IS NULL OR language = ?4)"

static sqlite3_stmt *recipients_stmt(struct db *db, const char *sql, const struct edition *ed,
                                     const struct message_filter *f) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return NULL;
  sqlite3_bind_int64(st, 1, ed->id);
  db_bind_text(st, 2, f->status);
  db_bind_text(st, 3, f->type);
  db_bind_text(st, 4, f->language);
  return st;
}

/* A registration's language column; Spanish for anything else. */
static enum lang column_lang(sqlite3_stmt *st, int col) {
  enum lang l;
  return lang_parse(db_col_text(st, col), &l) ? l : LANG_ES;
}

void message_sample_free(struct message_sample *s) {
  free(s->full_name);
  memset(s, 0, sizeof *s);
}

enum err db_messages_count(struct db *db, const struct edition *ed, const struct message_filter *f, long long *count,
                           struct message_sample *sample) {
  static const char count_sql[] = "SELECT count(*)" RECIPIENTS;
  static const char first_sql[] = "SELECT full_name, code, language" RECIPIENTS " ORDER BY id LIMIT 1";
  sqlite3_stmt *st = recipients_stmt(db, count_sql, ed, f);
  if (!st) return ERR_INTERNAL;
  enum err e = ERR_OK;
  int rc = db_step(st, &e);
  *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_reset(st);
  if (!rc) return e;
  if (!sample) return ERR_OK;
  memset(sample, 0, sizeof *sample);
  if (!(st = recipients_stmt(db, first_sql, ed, f))) return ERR_INTERNAL;
  rc = db_step(st, &e);
  if (rc == SQLITE_ROW) {
    sample->full_name = xstrdup(db_col_text(st, 0));
    snprintf(sample->code, sizeof sample->code, "%s", db_col_text(st, 1));
    sample->lang = column_lang(st, 2);
  }
  db_reset(st);
  return rc ? ERR_OK : e;
}

/* One recipient, copied out so that no read stays open while rows are written. */
struct recipient {
  long long id;
  char *full_name, *email, *code;
  enum lang lang; /* the registration's language: the signature's */
};

static void recipients_free(struct recipient *list, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(list[i].full_name);
    free(list[i].email);
    free(list[i].code);
  }
  free(list);
}

/* Every recipient, in sign-up order, into a new array *list of *n. */
static enum err read_recipients(struct db *db, const struct edition *ed, const struct message_filter *f,
                                struct recipient **list, size_t *n) {
  static const char sql[] = "SELECT id, full_name, email, code, language" RECIPIENTS " ORDER BY id";
  *list = NULL;
  *n = 0;
  sqlite3_stmt *st = recipients_stmt(db, sql, ed, f);
  if (!st) return ERR_INTERNAL;
  size_t cap = 0;
  enum err e = ERR_OK;
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    if (*n == cap) *list = xrealloc(*list, (cap = cap ? cap * 2 : 64) * sizeof **list);
    (*list)[(*n)++] = (struct recipient){.id = sqlite3_column_int64(st, 0),
                                         .full_name = xstrdup(db_col_text(st, 1)),
                                         .email = xstrdup(db_col_text(st, 2)),
                                         .code = xstrdup(db_col_text(st, 3)),
                                         .lang = column_lang(st, 4)};
  }
  db_reset(st);
  return rc ? ERR_OK : e;
}

/* The filters as stored in the log and the audit: each one's value, or null. */
static cJSON *filters_json(const struct message_filter *f) {
  cJSON *o = cJSON_CreateObject();
  const char *names[] = {"status", "type", "language"}, *values[] = {f->status, f->type, f->language};
  for (int i = 0; i < 3; i++) {
    if (values[i]) cJSON_AddStringToObject(o, names[i], values[i]);
    else cJSON_AddNullToObject(o, names[i]);
  }
  return o;
}

static enum err insert_log(struct db *db, const struct edition *ed, long long actor, const char *subject,
                           const char *filters, long long recipients) {
  static const char sql[] =
      "INSERT INTO messages(edition_id, sent_by, sent_at, subject, filters, recipients)"
      " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  if (actor > 0) sqlite3_bind_int64(st, 2, actor);
  else sqlite3_bind_null(st, 2);
  db_bind_text(st, 3, subject);
  db_bind_text(st, 4, filters);
  sqlite3_bind_int64(st, 5, recipients);
  return db_run(st);
}

/* Inside a transaction: one outbox row per recipient, with their own manage link. */
static enum err queue_all(struct db *db, const struct edition *ed, const struct recipient *list, size_t n,
                          const char *subject, const char *body, long long actor) {
  bool link = template_uses(subject, "enlace") || template_uses(body, "enlace");
  enum err e = ERR_OK;
  for (size_t i = 0; i < n && e == ERR_OK; i++) {
    char token[TOKEN_CHARS] = "";
    if (link) e = db_registrations_manage_token(db, list[i].id, actor, token);
    struct message_input msg = {.kind = MSG_ORGANIZER,
                                .edition = ed,
                                .full_name = list[i].full_name,
                                .code = list[i].code,
                                .manage_token = link ? token : NULL,
                                .lang = list[i].lang,
                                .template_subject = subject,
                                .template_body = body};
    if (e == ERR_OK) e = db_outbox_queue(db, list[i].id, list[i].email, &msg);
    sodium_memzero(token, sizeof token);
  }
  return e;
}

/* Inside a transaction: the whole of db_messages_send. */
static enum err apply_send(struct db *db, const struct edition *ed, const struct message_filter *f, const char *subject,
                           const char *body, long long actor, long long *queued) {
  struct recipient *list = NULL;
  size_t n = 0;
  enum err e = read_recipients(db, ed, f, &list, &n);
  if (e == ERR_OK) e = queue_all(db, ed, list, n, subject, body, actor);
  recipients_free(list, n);
  *queued = (long long)n;
  cJSON *filters = filters_json(f);
  char *filters_text = cJSON_PrintUnformatted(filters);
  if (e == ERR_OK) e = insert_log(db, ed, actor, subject, filters_text, *queued);
  cJSON *detail = cJSON_CreateObject();
  cJSON_AddItemToObject(detail, "filters", filters);
  cJSON_AddNumberToObject(detail, "recipients", (double)*queued);
  cJSON_AddNumberToObject(detail, "message", (double)sqlite3_last_insert_rowid(db_handle(db)));
  if (e == ERR_OK) e = db_audit(db, actor, "messages.send", "edition", ed->slug, detail);
  cJSON_Delete(detail);
  free(filters_text);
  return e;
}

enum err db_messages_send(struct db *db, const struct edition *ed, const struct message_filter *f, const char *subject,
                          const char *body, long long actor, long long *queued) {
  *queued = 0;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = apply_send(db, ed, f, subject, body, actor, queued);
  if (e != ERR_OK) {
    db_rollback(db);
    *queued = 0;
    return e;
  }
  return db_commit(db);
}

enum err db_messages_list(struct db *db, const struct edition *ed, int limit, int offset, cJSON **items,
                          long long *total) {
  static const char sql[] =
      "SELECT m.id, m.sent_at, u.name, u.email, m.subject, m.filters, m.recipients, count(*) OVER ()"
      " FROM messages m LEFT JOIN users u ON u.id = m.sent_by WHERE m.edition_id = ?1"
      " ORDER BY m.id DESC LIMIT ?2 OFFSET ?3";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
  sqlite3_bind_int(st, 3, offset);
  *items = cJSON_CreateArray();
  *total = 0;
  enum err e = ERR_OK;
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    char when[26] = "";
    time_t t = tz_parse_utc(db_col_text(st, 1));
    if (t >= 0) tz_format(t, ed->timezone, when);
    cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(o, "sent_at", when);
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) cJSON_AddNullToObject(o, "sent_by");
    else {
      cJSON *by = cJSON_AddObjectToObject(o, "sent_by");
      cJSON_AddStringToObject(by, "name", db_col_text(st, 2));
      cJSON_AddStringToObject(by, "email", db_col_text(st, 3));
    }
    cJSON_AddStringToObject(o, "subject", db_col_text(st, 4));
    cJSON *filters = cJSON_Parse(db_col_text(st, 5));
    cJSON_AddItemToObject(o, "filters", filters ? filters : cJSON_CreateObject());
    cJSON_AddNumberToObject(o, "recipients", (double)sqlite3_column_int64(st, 6));
    *total = sqlite3_column_int64(st, 7);
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  if (!rc) {
    cJSON_Delete(*items);
    *items = NULL;
    return e;
  }
  return ERR_OK;
}
