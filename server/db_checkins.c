/* db_checkins.c — the check-in rules in one BEGIN IMMEDIATE transaction per scan, and the reads
 * behind the scanner (feed, roster) and the organizer's dashboard. Every read steps through
 * db_step: a read that fails is that failure (503 for an I/O error), never "no such row", so a
 * fault can neither turn a repeat scan into a first one nor a known code into an unknown one. */
#include "db_checkins.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "badges/token.h"
#include "db_audit.h"
#include "regcode.h"
#include "tz.h"
#include "util.h"

struct reg_row { /* what a scan needs of a registration */
  long long id;
  long long badge_id; /* the random id its badge's token carries (0: none yet) */
  char code[REGCODE_LEN + 1];
  char status[16];
  int revision;
};

/* How a scan names a registration. */
enum reg_key {
  BY_ID,    /* registrations.id: the tokens of badges made before badge ids */
  BY_BADGE, /* registrations.badge_id: the tokens of badges made since */
  BY_CODE,  /* the code printed on the badge, typed at the door */
};

enum err db_badge_keys(struct db *db, long long edition_id, unsigned char pk[32], unsigned char sk[64],
                       char key_id[17]) {
  static const char sql[] = "SELECT sign_public_key, sign_secret_key, key_id FROM editions WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32 && sqlite3_column_bytes(st, 1) == 64) {
    memcpy(pk, sqlite3_column_blob(st, 0), 32);
    if (sk) memcpy(sk, sqlite3_column_blob(st, 1), 64);
    snprintf(key_id, 17, "%s", db_col_text(st, 2));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* Finds a registration of the edition by one of its keys (a number, or code for BY_CODE). */
static enum err find_registration(struct db *db, long long edition_id, enum reg_key key, long long number,
                                  const char *code, struct reg_row *out) {
  static const char *const sql[] = {
      [BY_ID] =
          "SELECT id, coalesce(badge_id, 0), code, status, badge_revision FROM registrations"
          " WHERE id = ?1 AND edition_id = ?2",
      [BY_BADGE] =
          "SELECT id, coalesce(badge_id, 0), code, status, badge_revision FROM registrations"
          " WHERE badge_id = ?1 AND edition_id = ?2",
      [BY_CODE] =
          "SELECT id, coalesce(badge_id, 0), code, status, badge_revision FROM registrations"
          " WHERE code = ?1 AND edition_id = ?2",
  };
  sqlite3_stmt *st = db_stmt(db, sql[key]);
  if (!st) return ERR_INTERNAL;
  if (key == BY_CODE) db_bind_text(st, 1, code);
  else sqlite3_bind_int64(st, 1, number);
  sqlite3_bind_int64(st, 2, edition_id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    out->id = sqlite3_column_int64(st, 0);
    out->badge_id = sqlite3_column_int64(st, 1);
    snprintf(out->code, sizeof out->code, "%s", db_col_text(st, 2));
    snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 3));
    out->revision = sqlite3_column_int(st, 4);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* The registration a scan names: ERR_INVALID_TOKEN for any token that is not a current badge of
 * this edition, ERR_NOT_FOUND for an unknown code. */
static enum err resolve(struct db *db, const struct edition *ed, const struct checkin_input *in, struct reg_row *reg) {
  if (in->code) {
    char canonical[REGCODE_LEN + 1];
    if (!regcode_normalize(in->code, canonical)) return ERR_NOT_FOUND;
    return find_registration(db, ed->id, BY_CODE, 0, canonical, reg);
  }
  struct token_claims c;
  if (!token_read(in->token, &c) || c.edition_id != (uint32_t)ed->id) return ERR_INVALID_TOKEN;
  unsigned char pk[32];
  char key_id[17];
  enum err keys = db_badge_keys(db, ed->id, pk, NULL, key_id);
  if (keys != ERR_OK) return keys == ERR_NOT_FOUND ? ERR_INTERNAL : keys;
  if (token_verify(in->token, pk, &c) != TOKEN_VALID) return ERR_INVALID_TOKEN;
  enum reg_key key = c.version == TOKEN_VERSION_LEGACY ? BY_ID : BY_BADGE;
  enum err e = find_registration(db, ed->id, key, c.badge_id, NULL, reg);
  if (e == ERR_NOT_FOUND || (e == ERR_OK && reg->revision != c.revision)) return ERR_INVALID_TOKEN; /* revoked */
  return e;
}

static const char *result_of(enum err e) {
  switch (e) {
    case ERR_INVALID_TOKEN: return "invalid_token";
    case ERR_NOT_FOUND: return "not_found";
    case ERR_CONFLICT: return "conflict";
    default: return NULL;
  }
}

static enum err error_of(const char *result) {
  if (strcmp(result, "invalid_token") == 0) return ERR_INVALID_TOKEN;
  if (strcmp(result, "not_found") == 0) return ERR_NOT_FOUND;
  if (strcmp(result, "conflict") == 0) return ERR_CONFLICT;
  return ERR_OK;
}

static enum err record_scan(struct db *db, const struct edition *ed, long long reg_id, const struct checkin_input *in,
                            const char *scanned, const char *now, const char *result) {
  static const char sql[] =
      "INSERT INTO checkins(edition_id, registration_id, session_id, client_id, device, scanned_at, received_at, result)"
      " VALUES (?, nullif(?, 0), nullif(?, 0), ?, coalesce(?, ''), ?, ?, ?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int64(st, 2, reg_id);
  sqlite3_bind_int64(st, 3, in->session_id);
  db_bind_text(st, 4, in->client_id);
  db_bind_text(st, 5, in->device);
  db_bind_text(st, 6, scanned);
  db_bind_text(st, 7, now);
  db_bind_text(st, 8, result);
  return db_run(st);
}

/* The first accepted scan of a registration: at the event's door (session 0) or at a session;
 * out is "" when there is none. */
static enum err first_scan(struct db *db, long long reg_id, long long session_id, char out[21]) {
  static const char door[] = "SELECT checked_in_at FROM registrations WHERE id = ?1 AND ?2 = 0";
  static const char session[] =
      "SELECT min(scanned_at) FROM checkins WHERE registration_id = ?1 AND session_id = ?2"
      " AND result IN ('ok', 'already_checked_in')";
  sqlite3_stmt *st = db_stmt(db, session_id ? session : door);
  out[0] = '\0';
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, reg_id);
  sqlite3_bind_int64(st, 2, session_id);
  enum err e = ERR_OK;
  if (db_step(st, &e) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    snprintf(out, 21, "%s", db_col_text(st, 0));
  db_reset(st);
  return e;
}

/* The earliest scan wins: a late offline scan with an earlier time moves the first check-in. */
static enum err mark_checked_in(struct db *db, long long reg_id, const char *scanned) {
  static const char sql[] =
      "UPDATE registrations SET checked_in_at = ?2 WHERE id = ?1 AND (checked_in_at IS NULL OR checked_in_at > ?2)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, reg_id);
  db_bind_text(st, 2, scanned);
  return db_run(st);
}

/* ERR_OK when the session belongs to the edition, ERR_VALIDATION (with *ve) when it does not. */
static enum err session_in_edition(struct db *db, long long session_id, long long edition_id, struct verror *ve) {
  static const char sql[] = "SELECT 1 FROM sessions WHERE id = ? AND edition_id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, session_id);
  sqlite3_bind_int64(st, 2, edition_id);
  enum err e = ERR_VALIDATION;
  if (db_step(st, &e) == SQLITE_ROW) e = ERR_OK;
  db_reset(st);
  if (e == ERR_VALIDATION) verror_set(ve, "session_id", "err.checkin.other_session");
  return e;
}

/* The answer of API.md for an accepted scan. */
/* Adds {registration: {code, full_name, organization, attendee_type[, status]}} to o: the person
 * as the door names them, with the status when the scan was refused for it. ERR_NOT_FOUND if no such row. */
static enum err add_person(struct db *db, long long reg_id, bool with_status, cJSON *o) {
  static const char sql[] =
      "SELECT code, full_name, organization, attendee_type, status FROM registrations WHERE id = ?";
  static const char *const names[] = {"code", "full_name", "organization", "attendee_type", "status"};
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, reg_id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    cJSON *r = cJSON_AddObjectToObject(o, "registration");
    for (int i = 0; i < (with_status ? 5 : 4); i++) cJSON_AddStringToObject(r, names[i], db_col_text(st, i));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

static enum err answer(struct db *db, const struct edition *ed, long long reg_id, long long session_id,
                       const char *result, cJSON **out) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "result", result);
  char first[21], local[26];
  enum err e = add_person(db, reg_id, false, o);
  if (e == ERR_OK) e = first_scan(db, reg_id, session_id, first);
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e == ERR_NOT_FOUND ? ERR_INTERNAL : e;
  }
  if (first[0]) {
    tz_format(tz_parse_utc(first), ed->timezone, local);
    cJSON_AddStringToObject(o, "first_checked_in_at", local);
  } else {
    cJSON_AddNullToObject(o, "first_checked_in_at");
  }
  if (session_id) cJSON_AddNumberToObject(o, "session_id", (double)session_id);
  *out = o;
  return ERR_OK;
}

/* The person a scan was refused for (ERR_CONFLICT): {registration: {…, status}}; ERR_OK, or the
 * error of a read that failed. */
static enum err refused(struct db *db, long long reg_id, cJSON **out) {
  cJSON *o = cJSON_CreateObject();
  enum err e = add_person(db, reg_id, true, o);
  if (e == ERR_OK) *out = o;
  else cJSON_Delete(o);
  return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/* A client_id seen before: answers as the first time, writing nothing. ERR_NOT_FOUND if new. */
static enum err replay(struct db *db, const struct edition *ed, const char *client_id, cJSON **out, bool *seen) {
  static const char sql[] =
      "SELECT result, coalesce(registration_id, 0), coalesce(session_id, 0) FROM checkins"
      " WHERE edition_id = ? AND client_id = ?";
  *seen = false;
  if (!client_id) return ERR_OK;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  db_bind_text(st, 2, client_id);
  enum err failed = ERR_OK;
  if (db_step(st, &failed) != SQLITE_ROW) {
    db_reset(st);
    return failed;
  }
  char result[24];
  snprintf(result, sizeof result, "%s", db_col_text(st, 0));
  long long reg = sqlite3_column_int64(st, 1), session = sqlite3_column_int64(st, 2);
  db_reset(st);
  *seen = true;
  enum err e = error_of(result);
  if (e == ERR_CONFLICT && reg && (failed = refused(db, reg, out)) != ERR_OK) return failed;
  return e != ERR_OK ? e : answer(db, ed, reg, session, result, out);
}

enum err db_checkins_record(struct db *db, const struct edition *ed, const struct checkin_input *in, cJSON **out,
                            struct verror *ve) {
  char now[21];
  now_utc_iso(now);
  const char *scanned = in->scanned_at ? in->scanned_at : now;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  bool seen;
  enum err e = replay(db, ed, in->client_id, out, &seen);
  if (seen || e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  if (in->session_id && (e = session_in_edition(db, in->session_id, ed->id, ve)) != ERR_OK) {
    db_rollback(db);
    return e;
  }
  struct reg_row reg = {0};
  e = resolve(db, ed, in, &reg);
  if (e == ERR_OK && strcmp(reg.status, "confirmed") != 0) e = ERR_CONFLICT;
  if (e != ERR_OK && result_of(e)) { /* refused scans are recorded too, and committed */
    enum err w = record_scan(db, ed, reg.id, in, scanned, now, result_of(e));
    if (w == ERR_OK && e == ERR_CONFLICT) w = refused(db, reg.id, out);
    if (w == ERR_OK) w = db_commit(db);
    else db_rollback(db);
    if (w != ERR_OK) {
      e = w == ERR_UNAVAILABLE ? w : ERR_INTERNAL;
      cJSON_Delete(*out);
      *out = NULL;
    }
    return e;
  }
  char first[21] = "";
  if (e == ERR_OK) e = first_scan(db, reg.id, in->session_id, first);
  const char *result = first[0] ? "already_checked_in" : "ok";
  if (e == ERR_OK) e = record_scan(db, ed, reg.id, in, scanned, now, result);
  if (e == ERR_OK) e = mark_checked_in(db, reg.id, scanned);
  if (e == ERR_OK) e = answer(db, ed, reg.id, in->session_id, result, out);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  enum err committed = db_commit(db);
  if (committed != ERR_OK) {
    cJSON_Delete(*out);
    *out = NULL;
    return committed == ERR_UNAVAILABLE ? committed : ERR_INTERNAL;
  }
  return ERR_OK;
}

enum err db_checkins_since(struct db *db, const struct edition *ed, long long since, int limit, cJSON **items,
                           long long *next) {
  static const char sql[] =
      "SELECT c.id, r.code, r.full_name, c.scanned_at, c.device, c.result, c.session_id FROM checkins c"
      " JOIN registrations r ON r.id = c.registration_id"
      " WHERE c.edition_id = ? AND c.id > ? AND c.result IN ('ok', 'already_checked_in') ORDER BY c.id LIMIT ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int64(st, 2, since);
  sqlite3_bind_int(st, 3, limit);
  *items = cJSON_CreateArray();
  *next = since;
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    *next = sqlite3_column_int64(st, 0);
    cJSON_AddNumberToObject(o, "id", (double)*next);
    cJSON_AddStringToObject(o, "code", db_col_text(st, 1));
    cJSON_AddStringToObject(o, "full_name", db_col_text(st, 2));
    char local[26];
    tz_format(tz_parse_utc(db_col_text(st, 3)), ed->timezone, local);
    cJSON_AddStringToObject(o, "at", local);
    cJSON_AddStringToObject(o, "device", db_col_text(st, 4));
    cJSON_AddStringToObject(o, "result", db_col_text(st, 5));
    if (sqlite3_column_type(st, 6) == SQLITE_NULL) cJSON_AddNullToObject(o, "session_id");
    else cJSON_AddNumberToObject(o, "session_id", (double)sqlite3_column_int64(st, 6));
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}

enum err db_checkins_roster(struct db *db, const struct edition *ed, cJSON **out) {
  static const char sql[] =
      "SELECT id, code, full_name, organization, attendee_type, status, badge_revision, checked_in_at,"
      " coalesce(badge_id, 0) FROM registrations WHERE edition_id = ? ORDER BY id";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "edition_id", (double)ed->id);
  cJSON *items = cJSON_AddArrayToObject(o, "items");
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddNumberToObject(r, "badge_id", (double)sqlite3_column_int64(st, 8));
    static const char *const names[] = {"code", "full_name", "organization", "attendee_type", "status"};
    for (int i = 0; i < 5; i++) cJSON_AddStringToObject(r, names[i], db_col_text(st, i + 1));
    cJSON_AddNumberToObject(r, "revision", sqlite3_column_int(st, 6));
    cJSON_AddBoolToObject(r, "checked_in", sqlite3_column_type(st, 7) != SQLITE_NULL);
    cJSON_AddItemToArray(items, r);
  }
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  cJSON_AddNumberToObject(o, "total", cJSON_GetArraySize(items));
  *out = o;
  return ERR_OK;
}

/* Appends {label: count} rows (as_array: [{id, title, checked_in}]) of a query bound to the edition id. */
static enum err add_rows(struct db *db, const char *sql, long long edition_id, cJSON *into, bool as_array) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    if (as_array) {
      cJSON *o = cJSON_CreateObject();
      cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 2));
      cJSON_AddStringToObject(o, "title", db_col_text(st, 0));
      cJSON_AddNumberToObject(o, "checked_in", (double)sqlite3_column_int64(st, 1));
      cJSON_AddItemToArray(into, o);
    } else {
      cJSON_AddNumberToObject(into, db_col_text(st, 0), (double)sqlite3_column_int64(st, 1));
    }
  }
  db_reset(st);
  return e;
}

/* Adds {"YYYY-MM-DDTHH:00": n}: first check-ins by local hour, each instant with the offset its
 * zone has at that instant (an edition may span a change of offset). SQL counts them per UTC
 * minute; each minute then goes to its local hour (offsets in use are whole minutes). */
static enum err add_by_hour(struct db *db, const struct edition *ed, cJSON *into) {
  static const char sql[] =
      "SELECT substr(checked_in_at, 1, 16), count(*) FROM registrations"
      " WHERE edition_id = ? AND status = 'confirmed' AND checked_in_at IS NOT NULL GROUP BY 1 ORDER BY 1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    char minute[21], hour[26];
    snprintf(minute, sizeof minute, "%.16s:00Z", db_col_text(st, 0));
    tz_format(tz_parse_utc(minute), ed->timezone, hour);
    snprintf(hour + 13, sizeof hour - 13, ":00"); /* "YYYY-MM-DDTHH:00" */
    double n = (double)sqlite3_column_int64(st, 1);
    cJSON *slot = cJSON_GetObjectItemCaseSensitive(into, hour);
    if (slot) cJSON_SetNumberValue(slot, slot->valuedouble + n);
    else cJSON_AddNumberToObject(into, hour, n);
  }
  db_reset(st);
  return e;
}

enum err db_checkins_stats(struct db *db, const struct edition *ed, cJSON **out) {
  static const char totals[] =
      "SELECT count(*) FILTER (WHERE status = 'confirmed'),"
      " count(*) FILTER (WHERE status = 'confirmed' AND checked_in_at IS NOT NULL)"
      " FROM registrations WHERE edition_id = ?";
  static const char by_type[] =
      "SELECT attendee_type, count(*) FROM registrations WHERE edition_id = ?"
      " AND status = 'confirmed' AND checked_in_at IS NOT NULL GROUP BY attendee_type ORDER BY 2 DESC";
  static const char by_session[] =
      "SELECT s.title, count(DISTINCT c.registration_id), s.id FROM sessions s"
      " LEFT JOIN checkins c ON c.session_id = s.id AND c.result = 'ok'"
      " WHERE s.edition_id = ? GROUP BY s.id ORDER BY s.starts_at";
  sqlite3_stmt *st = db_stmt(db, totals);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  cJSON *o = cJSON_CreateObject();
  enum err e = ERR_OK;
  if (db_step(st, &e) == SQLITE_ROW) {
    cJSON_AddNumberToObject(o, "confirmed", (double)sqlite3_column_int64(st, 0));
    cJSON_AddNumberToObject(o, "checked_in", (double)sqlite3_column_int64(st, 1));
  }
  db_reset(st);
  if (e == ERR_OK) e = add_rows(db, by_type, ed->id, cJSON_AddObjectToObject(o, "by_type"), false);
  if (e == ERR_OK) e = add_by_hour(db, ed, cJSON_AddObjectToObject(o, "by_hour"));
  if (e == ERR_OK) e = add_rows(db, by_session, ed->id, cJSON_AddArrayToObject(o, "by_session"), true);
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  *out = o;
  return ERR_OK;
}

enum err db_badge_reissue(struct db *db, long long registration_id, long long actor, int *revision) {
  static const char sql[] =
      "UPDATE registrations SET badge_revision = badge_revision + 1, badge_printed_at = NULL,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ? RETURNING badge_revision, code";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_NOT_FOUND : ERR_INTERNAL;
  char code[REGCODE_LEN + 1] = "";
  if (st) {
    sqlite3_bind_int64(st, 1, registration_id);
    if (db_step(st, &e) == SQLITE_ROW) {
      *revision = sqlite3_column_int(st, 0);
      snprintf(code, sizeof code, "%s", db_col_text(st, 1));
      e = ERR_OK;
    }
    db_reset(st);
  }
  if (e == ERR_OK) e = db_audit(db, actor, "badge.reissue", "registration", code, NULL);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_badge_token(struct db *db, const struct edition *ed, long long registration_id, char token[121],
                        int *revision) {
  unsigned char pk[32], sk[64];
  char key_id[17];
  struct reg_row reg;
  enum err e = db_badge_keys(db, ed->id, pk, sk, key_id);
  if (e == ERR_OK) e = find_registration(db, ed->id, BY_ID, registration_id, NULL, &reg);
  if (e == ERR_OK && (reg.badge_id <= 0 || reg.badge_id > UINT32_MAX)) e = ERR_INTERNAL; /* migration 010 gives one */
  if (e == ERR_OK) {
    struct token_claims c = {.version = TOKEN_VERSION,
                             .edition_id = (uint32_t)ed->id,
                             .badge_id = (uint32_t)reg.badge_id,
                             .revision = (uint16_t)reg.revision};
    token_sign(&c, sk, token);
    *revision = reg.revision;
  }
  sodium_memzero(sk, sizeof sk);
  return e;
}
