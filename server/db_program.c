/* db_program.c — SQL for the programme reads. Instants are stored in UTC and answered with the
 * edition's offset (API.md: "2024-11-25T09:00:00-05:00"). */
#include "db_program.h"

#include <stdio.h>
#include <string.h>

#include "tz.h"

static void add_instant(cJSON *o, const char *name, const char *utc, const char *zone) {
  time_t t = tz_parse_utc(utc);
  if (t < 0) {
    cJSON_AddNullToObject(o, name);
    return;
  }
  char buf[26];
  tz_format(t, zone, buf);
  cJSON_AddStringToObject(o, name, buf);
}

static void add_int_or_null(cJSON *o, const char *name, sqlite3_stmt *st, int col) {
  if (sqlite3_column_type(st, col) == SQLITE_NULL) cJSON_AddNullToObject(o, name);
  else cJSON_AddNumberToObject(o, name, (double)sqlite3_column_int64(st, col));
}

static const char participants_sql[] =
    "SELECT sp.session_id, p.id, p.name, sp.role, p.position, coalesce(o.name, ''), sp.contribution, sp.topic,"
    " p.honorific, sp.sort_order"
    " FROM session_participants sp JOIN sessions s ON s.id = sp.session_id JOIN people p ON p.id = sp.person_id"
    " LEFT JOIN organizations o ON o.id = p.organization_id"
    " WHERE s.edition_id = ? ORDER BY sp.session_id, sp.sort_order, p.name";

/* Attaches each participant row to its session's "participants" array. */
static enum err attach_participants(struct db *db, long long edition_id, cJSON *sessions) {
  sqlite3_stmt *st = db_stmt(db, participants_sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  cJSON *session = NULL;
  long long current = -1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    long long sid = sqlite3_column_int64(st, 0);
    if (sid != current) {
      current = sid;
      session = NULL;
      cJSON *s;
      cJSON_ArrayForEach(s, sessions) if ((long long)cJSON_GetObjectItemCaseSensitive(s, "id")->valuedouble == sid) {
        session = s;
        break;
      }
    }
    if (!session) continue;
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "person_id", (double)sqlite3_column_int64(st, 1));
    cJSON_AddStringToObject(p, "name", db_col_text(st, 2));
    cJSON_AddStringToObject(p, "honorific", db_col_text(st, 8));
    cJSON_AddNumberToObject(p, "sort_order", sqlite3_column_int(st, 9));
    cJSON_AddStringToObject(p, "role", db_col_text(st, 3));
    cJSON_AddStringToObject(p, "position", db_col_text(st, 4));
    cJSON_AddStringToObject(p, "organization", db_col_text(st, 5));
    cJSON_AddStringToObject(p, "contribution", db_col_text(st, 6));
    cJSON_AddStringToObject(p, "topic", db_col_text(st, 7));
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(session, "participants"), p);
  }
  db_reset(st);
  return ERR_OK;
}

/* Columns of a session row: the programme's and the cancelled sessions' queries both give these. */
#define SESSION_COLUMNS \
  "id, kind, number, title, objective, starts_at, ends_at, room_id, room_name, sequence, updated_at"

/* One session of the programme from a row of SESSION_COLUMNS, participants still empty. */
static cJSON *session_json(sqlite3_stmt *st, const struct edition *ed) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
  cJSON_AddStringToObject(o, "kind", db_col_text(st, 1));
  add_int_or_null(o, "number", st, 2);
  cJSON_AddStringToObject(o, "title", db_col_text(st, 3));
  cJSON_AddStringToObject(o, "objective", db_col_text(st, 4));
  add_instant(o, "starts_at", db_col_text(st, 5), ed->timezone);
  add_instant(o, "ends_at", db_col_text(st, 6), ed->timezone);
  if (sqlite3_column_type(st, 7) == SQLITE_NULL) cJSON_AddNullToObject(o, "room");
  else {
    cJSON *room = cJSON_AddObjectToObject(o, "room");
    cJSON_AddNumberToObject(room, "id", (double)sqlite3_column_int64(st, 7));
    cJSON_AddStringToObject(room, "name", db_col_text(st, 8));
  }
  cJSON_AddArrayToObject(o, "participants");
  cJSON_AddNumberToObject(o, "sequence", (double)sqlite3_column_int64(st, 9)); /* revision (sql/018) */
  add_instant(o, "updated_at", db_col_text(st, 10), ed->timezone);
  return o;
}

/* The sessions of a query of SESSION_COLUMNS with the edition's id as its one parameter. */
static enum err sessions_query(struct db *db, const char *sql, const struct edition *ed, cJSON **items) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  *items = cJSON_CreateArray();
  while (sqlite3_step(st) == SQLITE_ROW) cJSON_AddItemToArray(*items, session_json(st, ed));
  db_reset(st);
  return ERR_OK;
}

enum err db_sessions_list(struct db *db, const struct edition *ed, cJSON **items) {
  static const char sql[] = "SELECT " SESSION_COLUMNS
                            " FROM (SELECT s.*, r.name AS room_name, r.sort_order AS room_order"
                            " FROM sessions s LEFT JOIN rooms r ON r.id = s.room_id WHERE s.edition_id = ?)"
                            " ORDER BY starts_at, room_order, number, id";
  enum err e = sessions_query(db, sql, ed, items);
  return e == ERR_OK ? attach_participants(db, ed->id, *items) : e;
}

enum err db_sessions_cancelled(struct db *db, const struct edition *ed, cJSON **items) {
  static const char sql[] =
      "SELECT id, kind, number, title, objective, starts_at, ends_at, NULL, NULL, sequence, cancelled_at"
      " FROM cancelled_sessions WHERE edition_id = ? ORDER BY starts_at, id";
  return sessions_query(db, sql, ed, items);
}

/* Public fields of a person from a row: id, name, honorific, position, organization, bio, has_photo. */
static cJSON *person_json(sqlite3_stmt *st) {
  cJSON *o = cJSON_CreateObject();
  long long id = sqlite3_column_int64(st, 0);
  cJSON_AddNumberToObject(o, "id", (double)id);
  cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
  cJSON_AddStringToObject(o, "honorific", db_col_text(st, 2));
  cJSON_AddStringToObject(o, "position", db_col_text(st, 3));
  cJSON_AddStringToObject(o, "organization", db_col_text(st, 4));
  cJSON_AddStringToObject(o, "bio", db_col_text(st, 5));
  if (sqlite3_column_type(st, 6) != SQLITE_NULL) { /* versioned: a new photo is a new URL, past any cache */
    char url[96];
    snprintf(url, sizeof url, "/api/v1/people/%lld/photo?v=%s", id, db_col_text(st, 6));
    cJSON_AddStringToObject(o, "photo_url", url);
  } else {
    cJSON_AddNullToObject(o, "photo_url");
  }
  cJSON_AddArrayToObject(o, "sessions");
  return o;
}

#define PERSON_COLUMNS                                                  \
  "p.id, p.name, p.honorific, p.position, coalesce(o.name, ''), p.bio," \
  " (SELECT substr(ph.sha256, 1, 12) FROM person_photos ph WHERE ph.person_id = p.id)"

enum err db_people_for_edition(struct db *db, const struct edition *ed, cJSON **items) {
  static const char sql[] =
      "SELECT " PERSON_COLUMNS
      ", s.id, s.title, sp.role FROM people p"
      " LEFT JOIN organizations o ON o.id = p.organization_id"
      " LEFT JOIN session_participants sp ON sp.person_id = p.id"
      "   AND sp.session_id IN (SELECT id FROM sessions WHERE edition_id = ?1)"
      " LEFT JOIN sessions s ON s.id = sp.session_id"
      " WHERE p.id IN (SELECT person_id FROM edition_people WHERE edition_id = ?1"
      "   UNION SELECT sp2.person_id FROM session_participants sp2 JOIN sessions s2 ON s2.id = sp2.session_id"
      "   WHERE s2.edition_id = ?1)"
      " ORDER BY fold(p.name), p.id, s.starts_at";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  *items = cJSON_CreateArray();
  cJSON *person = NULL;
  long long current = -1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_int64(st, 0) != current) {
      current = sqlite3_column_int64(st, 0);
      person = person_json(st);
      cJSON_AddItemToArray(*items, person);
    }
    if (sqlite3_column_type(st, 7) == SQLITE_NULL) continue; /* on the roster, in no session yet */
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "id", (double)sqlite3_column_int64(st, 7));
    cJSON_AddStringToObject(s, "title", db_col_text(st, 8));
    cJSON_AddStringToObject(s, "role", db_col_text(st, 9));
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(person, "sessions"), s);
  }
  db_reset(st);
  return ERR_OK;
}

enum err db_people_get(struct db *db, long long id, bool with_private, cJSON **out) {
  static const char person_sql[] =
      "SELECT " PERSON_COLUMNS
      ", p.email, p.phone FROM people p LEFT JOIN organizations o ON o.id = p.organization_id"
      " WHERE p.id = ?";
  static const char sessions_sql[] =
      "SELECT s.id, s.title, sp.role, e.slug FROM session_participants sp JOIN sessions s ON s.id = sp.session_id"
      " JOIN editions e ON e.id = s.edition_id WHERE sp.person_id = ? ORDER BY s.starts_at";
  sqlite3_stmt *st = db_stmt(db, person_sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_reset(st);
    return ERR_NOT_FOUND;
  }
  *out = person_json(st);
  if (with_private) {
    cJSON_AddStringToObject(*out, "email", db_col_text(st, 7));
    cJSON_AddStringToObject(*out, "phone", db_col_text(st, 8));
  }
  db_reset(st);
  sqlite3_stmt *ss = db_stmt(db, sessions_sql);
  if (!ss) return ERR_INTERNAL;
  sqlite3_bind_int64(ss, 1, id);
  cJSON *list = cJSON_GetObjectItemCaseSensitive(*out, "sessions");
  while (sqlite3_step(ss) == SQLITE_ROW) {
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "id", (double)sqlite3_column_int64(ss, 0));
    cJSON_AddStringToObject(s, "title", db_col_text(ss, 1));
    cJSON_AddStringToObject(s, "role", db_col_text(ss, 2));
    cJSON_AddStringToObject(s, "edition", db_col_text(ss, 3));
    cJSON_AddItemToArray(list, s);
  }
  db_reset(ss);
  return ERR_OK;
}

enum err db_organizations_suggest(struct db *db, const char *q, cJSON **items) {
  static const char sql[] =
      "SELECT name, acronym FROM organizations WHERE search LIKE '%' || fold(?1) || '%' ESCAPE '\\'"
      " ORDER BY (search LIKE fold(?1) || '%') DESC, name LIMIT 20";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  char pattern[210];
  size_t o = 0;
  for (const char *p = q ? q : ""; *p && o < sizeof pattern - 2; p++) { /* LIKE wildcards typed by people are literal */
    if (*p == '%' || *p == '_' || *p == '\\') pattern[o++] = '\\';
    pattern[o++] = *p;
  }
  pattern[o] = '\0';
  db_bind_text(st, 1, pattern);
  *items = cJSON_CreateArray();
  while (sqlite3_step(st) == SQLITE_ROW) {
    cJSON *org = cJSON_CreateObject();
    cJSON_AddStringToObject(org, "name", db_col_text(st, 0));
    cJSON_AddStringToObject(org, "acronym", db_col_text(st, 1));
    cJSON_AddItemToArray(*items, org);
  }
  db_reset(st);
  return ERR_OK;
}
