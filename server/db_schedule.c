/* db_schedule.c — SQL for rooms, sessions and participants, with the conflict checks run in
 * the same BEGIN IMMEDIATE transaction as the write they guard. */
#include "db_schedule.h"

#include <stdio.h>
#include <string.h>

#include "db_audit.h"
#include "db_program.h"
#include "tz.h"

static enum err one_edition(struct db *db, const char *sql, long long id, struct edition *ed) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  char slug[65] = "";
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(slug, sizeof slug, "%s", db_col_text(st, 0));
  db_reset(st);
  return slug[0] ? db_editions_lookup(db, slug, ed) : ERR_NOT_FOUND;
}

enum err db_room_edition(struct db *db, long long room_id, struct edition *ed) {
  static const char sql[] = "SELECT e.slug FROM rooms r JOIN editions e ON e.id = r.edition_id WHERE r.id = ?";
  return one_edition(db, sql, room_id, ed);
}

enum err db_session_edition(struct db *db, long long session_id, struct edition *ed) {
  static const char sql[] = "SELECT e.slug FROM sessions s JOIN editions e ON e.id = s.edition_id WHERE s.id = ?";
  return one_edition(db, sql, session_id, ed);
}

enum err db_rooms_list(struct db *db, long long edition_id, cJSON **items) {
  static const char sql[] =
      "SELECT id, name, capacity, sort_order, (SELECT count(*) FROM sessions s WHERE s.room_id = rooms.id)"
      " FROM rooms WHERE edition_id = ? ORDER BY sort_order, name";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  *items = cJSON_CreateArray();
  while (sqlite3_step(st) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) cJSON_AddNullToObject(o, "capacity");
    else cJSON_AddNumberToObject(o, "capacity", (double)sqlite3_column_int64(st, 2));
    cJSON_AddNumberToObject(o, "sort_order", sqlite3_column_int(st, 3));
    cJSON_AddNumberToObject(o, "sessions", sqlite3_column_int(st, 4));
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  return ERR_OK;
}

enum err db_rooms_create(struct db *db, const struct edition *ed, const char *name, long long capacity, int sort_order,
                         long long actor, long long *id) {
  static const char sql[] = "INSERT INTO rooms(edition_id, name, capacity, sort_order) VALUES (?, ?, nullif(?, -1), ?)";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, ed->id);
    db_bind_text(st, 2, name);
    sqlite3_bind_int64(st, 3, capacity);
    sqlite3_bind_int(st, 4, sort_order);
    e = db_run(st);
    *id = sqlite3_last_insert_rowid(db_handle(db));
  }
  return db_audit_commit_id(db, e, actor, "room.create", "room", *id);
}

enum err db_rooms_update(struct db *db, long long id, const char *name, bool has_capacity, long long capacity,
                         bool has_order, int sort_order, long long actor) {
  static const char sql[] =
      "UPDATE rooms SET name = coalesce(?2, name), capacity = CASE WHEN ?3 THEN nullif(?4, -1) ELSE capacity END,"
      " sort_order = CASE WHEN ?5 THEN ?6 ELSE sort_order END WHERE id = ?1";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, name);
    sqlite3_bind_int(st, 3, has_capacity);
    sqlite3_bind_int64(st, 4, capacity);
    sqlite3_bind_int(st, 5, has_order);
    sqlite3_bind_int(st, 6, sort_order);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  return db_audit_commit_id(db, e, actor, "room.update", "room", id);
}

/* Deletes the row of id with a static DELETE statement; ERR_NOT_FOUND if there was none. */
static enum err delete_row(struct db *db, const char *sql, long long id, long long actor, const char *action,
                           const char *entity) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  return db_audit_commit_id(db, e, actor, action, entity, id);
}

enum err db_rooms_delete(struct db *db, long long id, long long actor) {
  static const char sql[] = "DELETE FROM rooms WHERE id = ?";
  return delete_row(db, sql, id, actor, "room.delete", "room");
}

/* Adds one conflict row (session id, title, starts, ends, room, person id, person name) to list. */
static void add_conflict(cJSON *list, sqlite3_stmt *st, const char *reason, const char *zone) {
  cJSON *c = cJSON_CreateObject();
  cJSON_AddStringToObject(c, "reason", reason);
  cJSON_AddNumberToObject(c, "session_id", (double)sqlite3_column_int64(st, 0));
  cJSON_AddStringToObject(c, "title", db_col_text(st, 1));
  char buf[26];
  tz_format(tz_parse_utc(db_col_text(st, 2)), zone, buf);
  cJSON_AddStringToObject(c, "starts_at", buf);
  tz_format(tz_parse_utc(db_col_text(st, 3)), zone, buf);
  cJSON_AddStringToObject(c, "ends_at", buf);
  if (sqlite3_column_type(st, 4) == SQLITE_NULL) cJSON_AddNullToObject(c, "room");
  else cJSON_AddStringToObject(c, "room", db_col_text(st, 4));
  if (sqlite3_column_count(st) > 5 && sqlite3_column_type(st, 5) != SQLITE_NULL) {
    cJSON_AddNumberToObject(c, "person_id", (double)sqlite3_column_int64(st, 5));
    cJSON_AddStringToObject(c, "person", db_col_text(st, 6));
  }
  cJSON_AddItemToArray(list, c);
}

/* Sessions that would overlap session `self` (0: a new one) placed at [starts, ends) in room_id
 * (-1: none), for its participants plus extra_person (0: none). Returns the list (empty: none). */
static enum err find_conflicts(struct db *db, const char *zone, long long self, const char *starts, const char *ends,
                               long long room_id, long long extra_person, cJSON **out) {
  static const char by_room[] =
      "SELECT s.id, s.title, s.starts_at, s.ends_at, r.name FROM sessions s JOIN rooms r ON r.id = s.room_id"
      " WHERE s.room_id = ?1 AND s.id <> ?2 AND s.starts_at < ?4 AND s.ends_at > ?3 ORDER BY s.starts_at";
  static const char by_person[] =
      "SELECT DISTINCT s.id, s.title, s.starts_at, s.ends_at, r.name, p.id, p.name FROM session_participants sp"
      " JOIN sessions s ON s.id = sp.session_id JOIN people p ON p.id = sp.person_id"
      " LEFT JOIN rooms r ON r.id = s.room_id"
      " WHERE sp.person_id IN (SELECT person_id FROM session_participants WHERE session_id = ?1 UNION SELECT ?4)"
      " AND s.id <> ?1 AND s.starts_at < ?3 AND s.ends_at > ?2 ORDER BY s.starts_at";
  *out = cJSON_CreateArray();
  if (room_id > 0) {
    sqlite3_stmt *st = db_stmt(db, by_room);
    if (!st) return ERR_INTERNAL;
    sqlite3_bind_int64(st, 1, room_id);
    sqlite3_bind_int64(st, 2, self);
    db_bind_text(st, 3, starts);
    db_bind_text(st, 4, ends);
    while (sqlite3_step(st) == SQLITE_ROW) add_conflict(*out, st, "room", zone);
    db_reset(st);
  }
  sqlite3_stmt *st = db_stmt(db, by_person);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, self);
  db_bind_text(st, 2, starts);
  db_bind_text(st, 3, ends);
  sqlite3_bind_int64(st, 4, extra_person);
  while (sqlite3_step(st) == SQLITE_ROW) add_conflict(*out, st, "person", zone);
  db_reset(st);
  return ERR_OK;
}

/* Inside a transaction: ERR_SCHEDULE_CONFLICT (with *conflicts) if the placement collides. */
static enum err check_placement(struct db *db, const struct edition *ed, long long self, long long extra_person,
                                cJSON **conflicts) {
  static const char sql[] = "SELECT starts_at, ends_at, coalesce(room_id, -1) FROM sessions WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, self);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_reset(st);
    return ERR_NOT_FOUND;
  }
  char starts[21], ends[21];
  snprintf(starts, sizeof starts, "%s", db_col_text(st, 0));
  snprintf(ends, sizeof ends, "%s", db_col_text(st, 1));
  long long room = sqlite3_column_int64(st, 2);
  db_reset(st);
  cJSON *found = NULL;
  enum err e = find_conflicts(db, ed->timezone, self, starts, ends, room, extra_person, &found);
  if (e == ERR_OK && cJSON_GetArraySize(found) > 0) {
    *conflicts = found;
    return ERR_SCHEDULE_CONFLICT;
  }
  cJSON_Delete(found);
  return e;
}

/* ERR_OK when room_id (-1: none) belongs to the edition. */
static enum err check_room(struct db *db, const struct edition *ed, long long room_id, struct verror *ve) {
  static const char sql[] = "SELECT 1 FROM rooms WHERE id = ? AND edition_id = ?";
  if (room_id < 0) return ERR_OK;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, room_id);
  sqlite3_bind_int64(st, 2, ed->id);
  bool ok = sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  if (!ok) verror_set(ve, "room_id", "err.schedule.room");
  return ok ? ERR_OK : ERR_VALIDATION;
}

static void bind_session(sqlite3_stmt *st, const struct session_input *in) {
  db_bind_text(st, 2, in->kind);
  sqlite3_bind_int(st, 3, in->has_number);
  sqlite3_bind_int64(st, 4, in->number);
  db_bind_text(st, 5, in->title);
  db_bind_text(st, 6, in->objective);
  db_bind_text(st, 7, in->starts_at);
  db_bind_text(st, 8, in->ends_at);
  sqlite3_bind_int(st, 9, in->has_room);
  sqlite3_bind_int64(st, 10, in->room_id);
}

/* A failed write: the CHECK on times means ends_at is not after starts_at. */
static enum err session_write_error(struct db *db, enum err e, struct verror *ve) {
  if (e == ERR_CONFLICT && sqlite3_extended_errcode(db_handle(db)) == SQLITE_CONSTRAINT_CHECK) {
    verror_set(ve, "ends_at", "err.schedule.ends_after");
    return ERR_VALIDATION;
  }
  return e;
}

enum err db_sessions_create(struct db *db, const struct edition *ed, const struct session_input *in, long long actor,
                            long long *id, struct verror *ve, cJSON **conflicts) {
  static const char sql[] =
      "INSERT INTO sessions(edition_id, kind, number, title, objective, starts_at, ends_at, room_id)"
      " VALUES (?1, ?2, CASE WHEN ?3 THEN nullif(?4, -1) END, ?5, coalesce(?6, ''), ?7, ?8,"
      " CASE WHEN ?9 THEN nullif(?10, -1) END)";
  *id = 0;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = check_room(db, ed, in->has_room ? in->room_id : -1, ve);
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, ed->id);
    bind_session(st, in);
    e = session_write_error(db, db_run(st), ve);
    *id = sqlite3_last_insert_rowid(db_handle(db));
  }
  if (e == ERR_OK) e = check_placement(db, ed, *id, 0, conflicts);
  return db_audit_commit_id(db, e, actor, "session.create", "session", *id);
}

enum err db_sessions_update(struct db *db, const struct edition *ed, long long id, const struct session_input *in,
                            long long actor, struct verror *ve, cJSON **conflicts) {
  static const char sql[] =
      "UPDATE sessions SET kind = coalesce(?2, kind), number = CASE WHEN ?3 THEN nullif(?4, -1) ELSE number END,"
      " title = coalesce(?5, title), objective = coalesce(?6, objective), starts_at = coalesce(?7, starts_at),"
      " ends_at = coalesce(?8, ends_at), room_id = CASE WHEN ?9 THEN nullif(?10, -1) ELSE room_id END"
      " WHERE id = ?1"; /* sequence and updated_at: trigger session_revised (sql/018), on a real change */
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = check_room(db, ed, in->has_room ? in->room_id : -1, ve);
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, id);
    bind_session(st, in);
    e = session_write_error(db, db_run(st), ve);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  if (e == ERR_OK) e = check_placement(db, ed, id, 0, conflicts);
  return db_audit_commit_id(db, e, actor, "session.update", "session", id);
}

enum err db_sessions_delete(struct db *db, long long id, long long actor) {
  static const char sql[] = "DELETE FROM sessions WHERE id = ?";
  return delete_row(db, sql, id, actor, "session.delete", "session");
}

enum err db_session_get(struct db *db, const struct edition *ed, long long id, cJSON **out) {
  cJSON *all = NULL;
  enum err e = db_sessions_list(db, ed, &all);
  if (e != ERR_OK) return e;
  cJSON *s;
  cJSON_ArrayForEach(s, all) if ((long long)cJSON_GetObjectItemCaseSensitive(s, "id")->valuedouble == id) {
    *out = cJSON_DetachItemViaPointer(all, s);
    cJSON_Delete(all);
    return ERR_OK;
  }
  cJSON_Delete(all);
  return ERR_NOT_FOUND;
}

static bool person_exists(struct db *db, long long person_id) {
  static const char sql[] = "SELECT 1 FROM people WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return false;
  sqlite3_bind_int64(st, 1, person_id);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  return found;
}

enum err db_participant_add(struct db *db, long long session_id, long long person_id,
                            const struct participant_input *in, long long actor, cJSON **conflicts) {
  static const char sql[] =
      "INSERT INTO session_participants(session_id, person_id, role, sort_order, topic, contribution)"
      " VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN ?5 ELSE"
      " (SELECT coalesce(max(sort_order), 0) + 1 FROM session_participants WHERE session_id = ?1) END,"
      " coalesce(?6, ''), coalesce(?7, ''))";
  struct edition ed;
  enum err e = db_session_edition(db, session_id, &ed);
  if (e != ERR_OK) return e;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  e = person_exists(db, person_id) ? ERR_OK : ERR_VALIDATION;
  if (e == ERR_OK) e = check_placement(db, &ed, session_id, person_id, conflicts);
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, person_id);
    db_bind_text(st, 3, in->role);
    sqlite3_bind_int(st, 4, in->has_order);
    sqlite3_bind_int(st, 5, in->sort_order);
    db_bind_text(st, 6, in->topic);
    db_bind_text(st, 7, in->contribution);
    e = db_run(st); /* ERR_CONFLICT: the person is in the session already */
  }
  return db_audit_commit_id(db, e, actor, "participant.add", "session", session_id);
}

enum err db_participant_update(struct db *db, long long session_id, long long person_id,
                               const struct participant_input *in, long long actor) {
  static const char sql[] =
      "UPDATE session_participants SET role = coalesce(?3, role), topic = coalesce(?4, topic),"
      " contribution = coalesce(?5, contribution), sort_order = CASE WHEN ?6 THEN ?7 ELSE sort_order END"
      " WHERE session_id = ?1 AND person_id = ?2";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, person_id);
    db_bind_text(st, 3, in->role);
    db_bind_text(st, 4, in->topic);
    db_bind_text(st, 5, in->contribution);
    sqlite3_bind_int(st, 6, in->has_order);
    sqlite3_bind_int(st, 7, in->sort_order);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  return db_audit_commit_id(db, e, actor, "participant.update", "session", session_id);
}

enum err db_participant_remove(struct db *db, long long session_id, long long person_id, long long actor) {
  static const char sql[] = "DELETE FROM session_participants WHERE session_id = ? AND person_id = ?";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, person_id);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  return db_audit_commit_id(db, e, actor, "participant.remove", "session", session_id);
}

enum err db_conflicts_list(struct db *db, const struct edition *ed, cJSON **items) {
  static const char sql[] =
      "SELECT 'room', a.id, a.title, b.id, b.title, r.name, NULL, a.starts_at FROM sessions a"
      " JOIN sessions b ON b.room_id = a.room_id AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
      " JOIN rooms r ON r.id = a.room_id WHERE a.edition_id = ?1"
      " UNION ALL"
      " SELECT 'person', a.id, a.title, b.id, b.title, NULL, p.name, a.starts_at FROM session_participants pa"
      " JOIN session_participants pb ON pb.person_id = pa.person_id AND pa.session_id < pb.session_id"
      " JOIN sessions a ON a.id = pa.session_id JOIN sessions b ON b.id = pb.session_id"
      " JOIN people p ON p.id = pa.person_id"
      " WHERE a.edition_id = ?1 AND b.edition_id = ?1 AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
      " ORDER BY 8";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  *items = cJSON_CreateArray();
  while (sqlite3_step(st) == SQLITE_ROW) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "reason", db_col_text(st, 0));
    cJSON *pair = cJSON_AddArrayToObject(c, "sessions");
    for (int i = 0; i < 2; i++) {
      cJSON *s = cJSON_CreateObject();
      cJSON_AddNumberToObject(s, "id", (double)sqlite3_column_int64(st, 1 + 2 * i));
      cJSON_AddStringToObject(s, "title", db_col_text(st, 2 + 2 * i));
      cJSON_AddItemToArray(pair, s);
    }
    if (sqlite3_column_type(st, 5) != SQLITE_NULL) cJSON_AddStringToObject(c, "room", db_col_text(st, 5));
    if (sqlite3_column_type(st, 6) != SQLITE_NULL) cJSON_AddStringToObject(c, "person", db_col_text(st, 6));
    cJSON_AddItemToArray(*items, c);
  }
  db_reset(st);
  return ERR_OK;
}
