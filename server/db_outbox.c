/* db_outbox.c — queueing, listing and delivering outbox messages: every SQL statement about the
 * outbox, for the handlers and for the mailer thread, which marks each attempt before it sends.
 * A body is stored only sealed with the key file (it carries the attendee's manage link) and is
 * dropped once the message is sent. */
#include "db_outbox.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db_audit.h"
#include "log.h"
#include "secrets.h"
#include "tz.h"
#include "util.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define INTERRUPTED "interrupted: the server stopped before the outcome of the attempt was recorded"

/* A new sealed box of text (*len bytes), the text itself wiped and freed; NULL when no key is loaded. */
static unsigned char *seal_and_wipe(char *text, size_t *len) {
  unsigned char *box = secrets_seal_text(text, len);
  sodium_memzero(text, strlen(text));
  free(text);
  if (!box) LOG_BUG("outbox: no key loaded to seal a message body");
  return box;
}

enum err db_outbox_queue(struct db *db, long long registration_id, const char *to, const struct message_input *msg) {
  static const char sql[] =
      "INSERT INTO outbox(edition_id, registration_id, kind, to_addr, subject, body, body_box, message_key,"
      " created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, " NOW ", " NOW ")";
  unsigned char rnd[OUTBOX_KEY_HEX / 2];
  char key[OUTBOX_KEY_HEX + 1];
  randombytes_buf(rnd, sizeof rnd);
  sodium_bin2hex(key, sizeof key, rnd, sizeof rnd);
  char *subject, *body;
  message_compose(msg, &subject, &body);
  size_t box_len = 0;
  unsigned char *box = seal_and_wipe(body, &box_len);
  sqlite3_stmt *st = box ? db_stmt(db, sql) : NULL;
  enum err e = ERR_INTERNAL;
  if (st) {
    if (msg->edition) sqlite3_bind_int64(st, 1, msg->edition->id);
    else sqlite3_bind_null(st, 1); /* about no edition: a password reset */
    if (registration_id > 0) sqlite3_bind_int64(st, 2, registration_id);
    else sqlite3_bind_null(st, 2); /* a message about no registration yet (a pending sign-up) */
    db_bind_text(st, 3, message_kind_name(msg->kind));
    db_bind_text(st, 4, to);
    db_bind_text(st, 5, subject);
    sqlite3_bind_blob(st, 6, box, (int)box_len, SQLITE_STATIC);
    db_bind_text(st, 7, key);
    e = db_run(st);
  }
  free(subject);
  free(box);
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

enum err db_outbox_list(struct db *db, const struct edition *ed, int pending_only, int limit, int offset, cJSON **items,
                        long long *total) {
  static const char sql[] =
      "SELECT o.id, o.kind, o.to_addr, o.subject, o.created_at, o.attempts, o.next_attempt_at, o.sent_at,"
      " o.last_error, r.code, o.state, count(*) OVER () FROM outbox o"
      " LEFT JOIN registrations r ON r.id = o.registration_id"
      " WHERE o.edition_id = ?1 AND (NOT ?2 OR o.sent_at IS NULL) ORDER BY o.id DESC LIMIT ?3 OFFSET ?4";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int(st, 2, pending_only);
  sqlite3_bind_int(st, 3, limit);
  sqlite3_bind_int(st, 4, offset);
  *items = cJSON_CreateArray();
  *total = 0;
  enum err e = ERR_OK;
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    const char *state = db_col_text(st, 10);
    bool waiting = strcmp(state, "pending") == 0 || strcmp(state, "sending") == 0;
    cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(o, "kind", db_col_text(st, 1));
    cJSON_AddStringToObject(o, "to", db_col_text(st, 2));
    cJSON_AddStringToObject(o, "subject", db_col_text(st, 3));
    cJSON_AddStringToObject(o, "state", state);
    add_local(o, "created_at", st, 4, ed->timezone);
    cJSON_AddNumberToObject(o, "attempts", sqlite3_column_int(st, 5));
    if (waiting) add_local(o, "next_attempt_at", st, 6, ed->timezone);
    else cJSON_AddNullToObject(o, "next_attempt_at");
    add_local(o, "sent_at", st, 7, ed->timezone);
    cJSON_AddStringToObject(o, "last_error", db_col_text(st, 8));
    cJSON_AddStringToObject(o, "registration", db_col_text(st, 9));
    *total = sqlite3_column_int64(st, 11);
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

void db_outbox_msg_free(struct outbox_msg *m) {
  free(m->to);
  free(m->subject);
  free(m->sealed_body);
  memset(m, 0, sizeof *m);
}

static void copy_due_row(sqlite3_stmt *st, struct outbox_msg *m) {
  m->id = sqlite3_column_int64(st, 0);
  m->attempts = sqlite3_column_int(st, 1);
  m->to = xstrdup(db_col_text(st, 2));
  m->subject = xstrdup(db_col_text(st, 3));
  m->sealed_len = (size_t)sqlite3_column_bytes(st, 4);
  m->sealed_body = xmalloc(m->sealed_len + 1);
  if (m->sealed_len) memcpy(m->sealed_body, sqlite3_column_blob(st, 4), m->sealed_len);
  m->created = tz_parse_utc(db_col_text(st, 5));
  m->interrupted = strcmp(db_col_text(st, 6), "sending") == 0;
}

/* The due rows, read inside the caller's transaction. */
static enum err read_due(struct db *db, struct outbox_msg *out, size_t max, size_t *n) {
  static const char sql[] =
      "SELECT id, attempts, to_addr, subject, body_box, created_at, state FROM outbox"
      " WHERE state IN ('pending', 'sending') AND next_attempt_at <= " NOW " ORDER BY id LIMIT ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
  enum err e = ERR_OK;
  while (*n < max && db_step(st, &e) == SQLITE_ROW) copy_due_row(st, &out[(*n)++]);
  db_reset(st);
  return e;
}

enum err db_outbox_due(struct db *db, struct outbox_msg *out, size_t max, size_t *n) {
  *n = 0;
  enum err e = db_begin(db); /* BEGIN IMMEDIATE: waits for a queuing transaction that is committing */
  if (e != ERR_OK) return e;
  e = read_due(db, out, max, n);
  if (e == ERR_OK) e = db_commit(db);
  else db_rollback(db);
  if (e != ERR_OK) {
    for (size_t i = 0; i < *n; i++) db_outbox_msg_free(&out[i]);
    *n = 0;
  }
  return e;
}

/* Runs one UPDATE of an outbox row as its own committed transaction. */
static enum err update_row(struct db *db, sqlite3_stmt *st) {
  enum err e = st ? db_begin(db) : ERR_INTERNAL;
  if (e != ERR_OK) {
    if (st) db_reset(st);
    return e;
  }
  e = db_run(st);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* The claim's UPDATE … RETURNING, inside the caller's transaction. */
static enum err claim_row(struct db *db, struct outbox_msg *m, const char *retry_at, bool *claimed) {
  static const char sql[] =
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, attempt_started_at = " NOW
      ","
      " next_attempt_at = ?3, last_error = CASE state WHEN 'sending' THEN '" INTERRUPTED
      "' ELSE last_error END,"
      " message_key = coalesce(message_key, lower(hex(randomblob(16))))"
      " WHERE id = ?1 AND attempts = ?2 AND state IN ('pending', 'sending') RETURNING message_key";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, m->id);
  sqlite3_bind_int(st, 2, m->attempts);
  db_bind_text(st, 3, retry_at);
  enum err e = ERR_OK;
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    snprintf(m->key, sizeof m->key, "%s", db_col_text(st, 0));
    *claimed = true;
  }
  db_reset(st);
  return rc ? ERR_OK : e;
}

enum err db_outbox_claim(struct db *db, struct outbox_msg *m, time_t retry_at, bool *claimed) {
  char next[21];
  utc_iso(retry_at, next);
  *claimed = false;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = claim_row(db, m, next, claimed);
  if (e == ERR_OK) e = db_commit(db);
  else db_rollback(db);
  if (e != ERR_OK) *claimed = false;
  return e;
}

enum err db_outbox_sent(struct db *db, long long id) {
  static const char sql[] = "UPDATE outbox SET state = 'sent', sent_at = " NOW
                            ", last_error = '', body = '', body_box = NULL"
                            " WHERE id = ? AND state = 'sending'";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (st) sqlite3_bind_int64(st, 1, id);
  return update_row(db, st);
}

enum err db_outbox_failed(struct db *db, long long id, const char *error, time_t retry_at) {
  static const char sql[] =
      "UPDATE outbox SET state = CASE WHEN ?3 IS NULL THEN 'failed' ELSE 'pending' END, last_error = ?2,"
      " next_attempt_at = coalesce(?3, next_attempt_at) WHERE id = ?1 AND state = 'sending'";
  char next[21];
  if (retry_at > 0) utc_iso(retry_at, next);
  sqlite3_stmt *st = db_stmt(db, sql);
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, error);
    db_bind_text(st, 3, retry_at > 0 ? next : NULL);
  }
  return update_row(db, st);
}

/* The UPDATE … RETURNING of a re-queue, inside the caller's transaction. */
static enum err requeue_rows(struct db *db, const struct edition *ed, const char *ids_json, cJSON *requeued) {
  static const char sql[] =
      "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = " NOW
      ", attempt_started_at = NULL"
      " WHERE edition_id = ?1 AND state = 'failed' AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2)))"
      " RETURNING id";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  db_bind_text(st, 2, ids_json);
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW)
    cJSON_AddItemToArray(requeued, cJSON_CreateNumber((double)sqlite3_column_int64(st, 0)));
  db_reset(st);
  return e;
}

/* Ascending ids, as RETURNING gives them in no promised order. */
static int by_number(const void *a, const void *b) {
  double x = (*(cJSON *const *)a)->valuedouble, y = (*(cJSON *const *)b)->valuedouble;
  return (x > y) - (x < y);
}

static cJSON *sorted_ids(cJSON *ids) {
  int n = cJSON_GetArraySize(ids);
  cJSON **v = xcalloc((size_t)n + 1, sizeof *v);
  for (int i = 0; i < n; i++) v[i] = cJSON_DetachItemFromArray(ids, 0);
  qsort(v, (size_t)n, sizeof *v, by_number);
  for (int i = 0; i < n; i++) cJSON_AddItemToArray(ids, v[i]);
  free(v);
  return ids;
}

enum err db_outbox_requeue(struct db *db, const struct edition *ed, const cJSON *ids, long long actor,
                           cJSON **requeued) {
  *requeued = NULL;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  char *ids_json = ids ? cJSON_PrintUnformatted(ids) : NULL;
  *requeued = cJSON_CreateArray();
  e = requeue_rows(db, ed, ids_json, *requeued);
  if (e == ERR_OK && cJSON_GetArraySize(*requeued) > 0) {
    cJSON *detail = cJSON_CreateObject();
    cJSON_AddItemToObject(detail, "ids", cJSON_Duplicate(sorted_ids(*requeued), 1));
    e = db_audit(db, actor, "outbox.retry", "edition", ed->slug, detail);
    cJSON_Delete(detail);
  }
  if (e == ERR_OK) e = db_commit(db);
  else db_rollback(db);
  free(ids_json);
  if (e != ERR_OK) {
    cJSON_Delete(*requeued);
    *requeued = NULL;
    return e;
  }
  return ERR_OK;
}

/* The oldest unsent row still holding its body in clear: *id 0 when none; *body a new string. */
static enum err next_plain(struct db *db, long long *id, char **body) {
  static const char sql[] = "SELECT id, body FROM outbox WHERE body <> '' AND state <> 'sent' ORDER BY id LIMIT 1";
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = ERR_OK;
  int rc = db_step(st, &e);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  *body = rc == SQLITE_ROW ? xstrdup(db_col_text(st, 1)) : NULL;
  db_reset(st);
  return rc ? ERR_OK : e;
}

/* Replaces one row's clear body by its sealed box. */
static enum err seal_row(struct db *db, long long id, char *body) {
  static const char sql[] = "UPDATE outbox SET body = '', body_box = ?2 WHERE id = ?1";
  size_t len = 0;
  unsigned char *box = seal_and_wipe(body, &len);
  sqlite3_stmt *st = box ? db_stmt(db, sql) : NULL;
  enum err e = ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob(st, 2, box, (int)len, SQLITE_STATIC);
    e = db_run(st);
  }
  free(box);
  return e;
}

/* Inside a transaction: seals every unsent clear body, one row at a time (the read is reset
 * before each update), then blanks the sent ones. */
static enum err seal_plain_rows(struct db *db, int *changed) {
  static const char blank_sent[] =
      "UPDATE outbox SET body = '', body_box = NULL WHERE state = 'sent' AND (body <> '' OR body_box IS NOT NULL)";
  for (;;) {
    long long id = 0;
    char *body = NULL;
    enum err e = next_plain(db, &id, &body);
    if (e != ERR_OK) return e;
    if (id == 0) break;
    if ((e = seal_row(db, id, body)) != ERR_OK) return e;
    (*changed)++;
  }
  enum err e = db_run(db_stmt(db, blank_sent));
  if (e == ERR_OK) *changed += sqlite3_changes(db_handle(db));
  return e;
}

enum err db_outbox_seal_plain(struct db *db, int *changed) {
  *changed = 0;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = seal_plain_rows(db, changed);
  if (e == ERR_OK) e = db_commit(db);
  else db_rollback(db);
  if (e != ERR_OK) *changed = 0;
  return e;
}
