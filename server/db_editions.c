/* db_editions.c — SQL for editions. Reads build the JSON of API.md directly; writes run in one
 * transaction with their audit entry, and a capacity change with the promotions it allows. */
#include "db_editions.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_audit.h"
#include "db_registrations.h"
#include "log.h"
#include "tz.h"
#include "validate.h"

#define EDITION_COLUMNS                                                                                  \
  "slug, title, short_title, city, venue, starts_on, ends_on, timezone, status, capacity, description, " \
  "organizer_unit, contact_email, key_id, confirm_email, registration_opens_at, registration_closes_at, questions"
#define EDITION_COLUMN_COUNT 18

enum signup_state db_editions_registration_state(const struct edition *ed, time_t now) {
  struct reg_window w = {ed->status, ed->registration_opens_at, ed->registration_closes_at, ed->ends_on, ed->timezone};
  return reg_window_state(&w, now);
}

/* Adds a stored UTC instant shown in the edition's zone, or null. */
static void add_instant(cJSON *o, const char *name, const char *stored, const char *zone) {
  time_t t = stored && stored[0] ? tz_parse_utc(stored) : -1;
  if (t < 0) {
    cJSON_AddNullToObject(o, name);
    return;
  }
  char local[26];
  tz_format(t, zone, local);
  cJSON_AddStringToObject(o, name, local);
}

/* The registration fields of an edition answer: whether it has ended, the window, whether public
 * sign-up is open now and, when not, why (reg_window.h). Computed at each answer: edition answers are never cached. */
static void add_registration_state(cJSON *o, sqlite3_stmt *st) {
  const char *zone = db_col_text(st, 7);
  struct reg_window w = {db_col_text(st, 8), db_col_text(st, 15), db_col_text(st, 16), db_col_text(st, 6), zone};
  time_t now = time(NULL);
  enum signup_state state = reg_window_state(&w, now);
  cJSON_AddBoolToObject(o, "ended", reg_window_ended(&w, now));
  cJSON_AddBoolToObject(o, "registration_open", state == SIGNUP_OPEN);
  const char *reason = signup_state_reason(state);
  if (reason) cJSON_AddStringToObject(o, "registration_closed_reason", reason);
  else cJSON_AddNullToObject(o, "registration_closed_reason");
  add_instant(o, "registration_opens_at", w.opens_at, zone);
  add_instant(o, "registration_closes_at", w.closes_at, zone);
}

/* Builds the public JSON of an edition from a row selected with EDITION_COLUMNS. */
static cJSON *edition_json(sqlite3_stmt *st) {
  static const char *const text_fields[] = {"slug",      "title",   "short_title", "city",  "venue",
                                            "starts_on", "ends_on", "timezone",    "status"};
  cJSON *o = cJSON_CreateObject();
  for (int i = 0; i < 9; i++) cJSON_AddStringToObject(o, text_fields[i], db_col_text(st, i));
  add_registration_state(o, st);
  if (sqlite3_column_type(st, 9) == SQLITE_NULL) cJSON_AddNullToObject(o, "capacity");
  else cJSON_AddNumberToObject(o, "capacity", (double)sqlite3_column_int64(st, 9));
  cJSON_AddStringToObject(o, "description", db_col_text(st, 10));
  cJSON_AddStringToObject(o, "organizer_unit", db_col_text(st, 11));
  cJSON_AddStringToObject(o, "contact_email", db_col_text(st, 12));
  cJSON_AddBoolToObject(o, "confirm_email", sqlite3_column_int(st, 14));
  cJSON *questions = cJSON_Parse(db_col_text(st, 17));
  cJSON_AddItemToObject(o, "questions", cJSON_IsArray(questions) ? questions : cJSON_CreateArray());
  if (!cJSON_IsArray(questions)) cJSON_Delete(questions);
  return o;
}

enum err db_editions_lookup(struct db *db, const char *slug, struct edition *out) {
  static const char sql[] =
      "SELECT id, slug, timezone, status, coalesce(capacity, -1), proceedings_status, title, short_title, city, venue,"
      " starts_on, ends_on, organizer_unit, contact_email, confirm_email, coalesce(registration_opens_at, ''),"
      " coalesce(registration_closes_at, '') FROM editions WHERE slug = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, slug);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    out->id = sqlite3_column_int64(st, 0);
    snprintf(out->slug, sizeof out->slug, "%s", db_col_text(st, 1));
    snprintf(out->timezone, sizeof out->timezone, "%s", db_col_text(st, 2));
    snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 3));
    out->capacity = sqlite3_column_int64(st, 4);
    out->proceedings_published = strcmp(db_col_text(st, 5), "published") == 0;
    snprintf(out->title, sizeof out->title, "%s", db_col_text(st, 6));
    snprintf(out->short_title, sizeof out->short_title, "%s", db_col_text(st, 7));
    snprintf(out->city, sizeof out->city, "%s", db_col_text(st, 8));
    snprintf(out->venue, sizeof out->venue, "%s", db_col_text(st, 9));
    snprintf(out->starts_on, sizeof out->starts_on, "%s", db_col_text(st, 10));
    snprintf(out->ends_on, sizeof out->ends_on, "%s", db_col_text(st, 11));
    snprintf(out->organizer_unit, sizeof out->organizer_unit, "%s", db_col_text(st, 12));
    snprintf(out->contact_email, sizeof out->contact_email, "%s", db_col_text(st, 13));
    out->confirm_email = sqlite3_column_int(st, 14);
    snprintf(out->registration_opens_at, sizeof out->registration_opens_at, "%s", db_col_text(st, 15));
    snprintf(out->registration_closes_at, sizeof out->registration_closes_at, "%s", db_col_text(st, 16));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_editions_questions(struct db *db, long long edition_id, cJSON **out) {
  static const char sql[] = "SELECT questions FROM editions WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *out = cJSON_Parse(db_col_text(st, 0));
    if (!cJSON_IsArray(*out)) {
      cJSON_Delete(*out);
      *out = cJSON_CreateArray();
    }
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_editions_list(struct db *db, bool include_drafts, cJSON **items) {
  static const char sql[] =
      "SELECT " EDITION_COLUMNS " FROM editions WHERE ?1 OR status <> 'draft' ORDER BY starts_on DESC, id DESC";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int(st, 1, include_drafts);
  enum err e = ERR_OK;
  *items = cJSON_CreateArray();
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) cJSON_AddItemToArray(*items, edition_json(st));
  db_reset(st);
  if (rc) return ERR_OK;
  cJSON_Delete(*items);
  *items = NULL;
  return e;
}

enum err db_editions_get(struct db *db, const char *slug, bool include_drafts, cJSON **out) {
  static const char sql[] =
      "SELECT " EDITION_COLUMNS
      ","
      " (SELECT count(*) FROM registrations r WHERE r.edition_id = e.id AND r.status = 'confirmed'),"
      " (SELECT count(*) FROM registrations r WHERE r.edition_id = e.id AND r.status = 'waitlisted'), " SEATS_TAKEN_SQL(
          "e.id") " FROM editions e WHERE slug = ?1 AND (?2 OR status <> 'draft')";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, slug);
  sqlite3_bind_int(st, 2, include_drafts);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *out = edition_json(st);
    cJSON_AddNumberToObject(*out, "confirmed", (double)sqlite3_column_int64(st, EDITION_COLUMN_COUNT));
    cJSON_AddNumberToObject(*out, "waitlisted", (double)sqlite3_column_int64(st, EDITION_COLUMN_COUNT + 1));
    cJSON_AddNumberToObject(*out, "seats_taken", (double)sqlite3_column_int64(st, EDITION_COLUMN_COUNT + 2));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* Binds the writable fields in the order of the create and update statements: text 2..12,
 * capacity 13..14, confirm_email 18 (NULL when not given), the window 19..22 (whether given, then
 * the stored UTC instant or NULL to clear; the API layer converted it), the questions 23 (JSON
 * text, NULL when not given). */
static void bind_fields(sqlite3_stmt *st, const cJSON *f) {
  static const char *const names[] = {"title",       "short_title",    "city",         "venue",
                                      "starts_on",   "ends_on",        "timezone",     "status",
                                      "description", "organizer_unit", "contact_email"};
  for (int i = 0; i < 11; i++) db_bind_text(st, i + 2, json_str(f, names[i]));
  /* capacity: ?13 says whether it was given, ?14 is the value (NULL = unlimited) */
  sqlite3_bind_int(st, 13, json_has(f, "capacity"));
  if (cJSON_IsNumber(json_get(f, "capacity"))) sqlite3_bind_int64(st, 14, json_int(f, "capacity", 0));
  else sqlite3_bind_null(st, 14);
  const cJSON *confirm = json_get(f, "confirm_email");
  if (cJSON_IsBool(confirm)) sqlite3_bind_int(st, 18, cJSON_IsTrue(confirm));
  else sqlite3_bind_null(st, 18);
  static const char *const window[] = {"registration_opens_at", "registration_closes_at"};
  for (int i = 0; i < 2; i++) {
    sqlite3_bind_int(st, 19 + 2 * i, json_has(f, window[i]));
    db_bind_text(st, 20 + 2 * i, json_str(f, window[i]));
  }
  char *questions = json_has(f, "questions") ? cJSON_PrintUnformatted(json_get(f, "questions")) : NULL;
  if (questions) sqlite3_bind_text(st, 23, questions, -1, free);
  else sqlite3_bind_null(st, 23);
}

/* Maps a failed write: the window CHECK → validation on registration_closes_at; the dates CHECK →
 * validation on ends_on; a duplicate slug → conflict. */
static enum err write_error(struct db *db, enum err e, struct verror *ve) {
  if (e != ERR_CONFLICT || sqlite3_extended_errcode(db_handle(db)) != SQLITE_CONSTRAINT_CHECK) return e;
  const char *msg = sqlite3_errmsg(db_handle(db));
  if (strstr(msg, "registration_closes_at")) {
    verror_set(ve, "registration_closes_at", "err.edition.window");
    return ERR_VALIDATION;
  }
  if (strstr(msg, "ends_on")) {
    verror_set(ve, "ends_on", "err.edition.dates");
    return ERR_VALIDATION;
  }
  return e;
}

static enum err new_keys(unsigned char pk[crypto_sign_PUBLICKEYBYTES], unsigned char sk[crypto_sign_SECRETKEYBYTES],
                         char key_id[17]) {
  if (crypto_sign_keypair(pk, sk) != 0) return ERR_INTERNAL;
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, pk, crypto_sign_PUBLICKEYBYTES);
  sodium_bin2hex(key_id, 17, h, 8);
  return ERR_OK;
}

static enum err audit_edition(struct db *db, long long actor, const char *action, const char *slug, const cJSON *f) {
  return db_audit(db, actor, action, "edition", slug, f);
}

enum err db_editions_create(struct db *db, const cJSON *fields, long long actor, struct verror *ve) {
  static const char sql[] =
      "INSERT INTO editions(slug, title, short_title, city, venue, starts_on, ends_on, timezone, status, description,"
      " organizer_unit, contact_email, capacity, sign_public_key, sign_secret_key, key_id, confirm_email,"
      " registration_opens_at, registration_closes_at, questions)"
      " VALUES (?1, ?2, coalesce(?3,''), ?4, coalesce(?5,''), ?6, ?7, coalesce(?8,'" DEFAULT_EDITION_TIMEZONE
      "'),"
      " coalesce(?9,'draft'), coalesce(?10,''), coalesce(?11,''), coalesce(?12,''), CASE WHEN ?13 THEN ?14 END,"
      " ?15, ?16, ?17, coalesce(?18, 0), CASE WHEN ?19 THEN ?20 END, CASE WHEN ?21 THEN ?22 END, coalesce(?23, '[]'))";
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  char key_id[17];
  if (new_keys(pk, sk, key_id) != ERR_OK) return ERR_INTERNAL;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    db_bind_text(st, 1, json_str(fields, "slug"));
    bind_fields(st, fields);
    sqlite3_bind_blob(st, 15, pk, sizeof pk, SQLITE_STATIC);
    sqlite3_bind_blob(st, 16, sk, sizeof sk, SQLITE_STATIC);
    db_bind_text(st, 17, key_id);
    e = write_error(db, db_run(st), ve);
  }
  sodium_memzero(sk, sizeof sk);
  if (e == ERR_OK) e = audit_edition(db, actor, "edition.create", json_str(fields, "slug"), fields);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* Inside the transaction of a capacity change: a raised (or removed) capacity confirms the oldest
 * waitlisted registrations into the seats it frees; a lowered one confirms nobody. */
static enum err fill_seats(struct db *db, const char *slug, long long actor) {
  struct edition ed;
  enum err e = db_editions_lookup(db, slug, &ed);
  return e == ERR_OK ? db_registrations_fill_seats(db, &ed, actor) : e;
}

enum err db_editions_update(struct db *db, const char *slug, const cJSON *fields, long long actor, struct verror *ve) {
  static const char sql[] =
      "UPDATE editions SET title = coalesce(?2, title), short_title = coalesce(?3, short_title),"
      " city = coalesce(?4, city), venue = coalesce(?5, venue), starts_on = coalesce(?6, starts_on),"
      " ends_on = coalesce(?7, ends_on), timezone = coalesce(?8, timezone), status = coalesce(?9, status),"
      " description = coalesce(?10, description), organizer_unit = coalesce(?11, organizer_unit),"
      " contact_email = coalesce(?12, contact_email), capacity = CASE WHEN ?13 THEN ?14 ELSE capacity END,"
      " confirm_email = coalesce(?18, confirm_email),"
      " registration_opens_at = CASE WHEN ?19 THEN ?20 ELSE registration_opens_at END,"
      " registration_closes_at = CASE WHEN ?21 THEN ?22 ELSE registration_closes_at END,"
      " questions = coalesce(?23, questions),"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE slug = ?1";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    db_bind_text(st, 1, slug);
    bind_fields(st, fields);
    e = write_error(db, db_run(st), ve);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  if (e == ERR_OK) e = audit_edition(db, actor, "edition.update", slug, fields);
  if (e == ERR_OK && json_has(fields, "capacity")) e = fill_seats(db, slug, actor);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_editions_ensure_keys(struct db *db) {
  static const char pending[] = "SELECT id FROM editions WHERE key_id = '' LIMIT 1";
  static const char set[] = "UPDATE editions SET sign_public_key = ?, sign_secret_key = ?, key_id = ? WHERE id = ?";
  for (;;) {
    sqlite3_stmt *st = db_stmt(db, pending);
    if (!st) return ERR_INTERNAL;
    enum err e = ERR_OK;
    int rc = db_step(st, &e);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_reset(st);
    if (!rc) return e;
    if (!id) return ERR_OK;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char key_id[17];
    sqlite3_stmt *up = db_stmt(db, set);
    if (!up || new_keys(pk, sk, key_id) != ERR_OK) return ERR_INTERNAL;
    sqlite3_bind_blob(up, 1, pk, sizeof pk, SQLITE_STATIC);
    sqlite3_bind_blob(up, 2, sk, sizeof sk, SQLITE_STATIC);
    db_bind_text(up, 3, key_id);
    sqlite3_bind_int64(up, 4, id);
    e = db_run(up);
    sodium_memzero(sk, sizeof sk);
    if (e != ERR_OK) return e;
  }
}

enum err db_editions_copy(struct db *db, const struct edition *from, const struct edition *to, long long actor,
                          int *rooms, int *people) {
  static const char copy_rooms[] =
      "INSERT OR IGNORE INTO rooms(edition_id, name, capacity, sort_order)"
      " SELECT ?2, name, capacity, sort_order FROM rooms WHERE edition_id = ?1";
  static const char copy_people[] =
      "INSERT OR IGNORE INTO edition_people(edition_id, person_id)"
      " SELECT ?2, person_id FROM edition_people WHERE edition_id = ?1"
      " UNION SELECT ?2, sp.person_id FROM session_participants sp JOIN sessions s ON s.id = sp.session_id"
      " WHERE s.edition_id = ?1";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  const char *const steps[] = {copy_rooms, copy_people};
  int *counts[] = {rooms, people};
  enum err e = ERR_OK;
  for (int i = 0; i < 2 && e == ERR_OK; i++) {
    sqlite3_stmt *st = db_stmt(db, steps[i]);
    if (!st) {
      e = ERR_INTERNAL;
      break;
    }
    sqlite3_bind_int64(st, 1, from->id);
    sqlite3_bind_int64(st, 2, to->id);
    e = db_run(st);
    *counts[i] = sqlite3_changes(db_handle(db));
  }
  return db_audit_commit_id(db, e, actor, "edition.copy", "edition", to->id);
}
