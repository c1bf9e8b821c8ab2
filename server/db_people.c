/* db_people.c — SQL for people, photos, rosters and copying between editions. An organization
 * named on a person is found by name (any case) or created. */
#include "db_people.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_audit.h"

/* The organization's id for a name, creating it; 0 for an empty name. Inside a transaction. */
static enum err organization_id(struct db *db, const char *name, long long *id) {
  static const char insert[] = "INSERT OR IGNORE INTO organizations(name, search) VALUES (?1, fold(?1))";
  static const char select[] = "SELECT id FROM organizations WHERE name = ?";
  *id = 0;
  if (!name || !*name) return ERR_OK;
  sqlite3_stmt *st = db_stmt(db, insert);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, name);
  enum err e = db_run(st);
  if (e != ERR_OK || !(st = db_stmt(db, select))) return ERR_INTERNAL;
  db_bind_text(st, 1, name);
  if (sqlite3_step(st) == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
  db_reset(st);
  return *id ? ERR_OK : ERR_INTERNAL;
}

static void bind_person(sqlite3_stmt *st, const struct person_input *in, long long org) {
  db_bind_text(st, 2, in->name);
  db_bind_text(st, 3, in->honorific);
  db_bind_text(st, 4, in->position);
  sqlite3_bind_int(st, 5, in->organization != NULL);
  sqlite3_bind_int64(st, 6, org);
  db_bind_text(st, 7, in->bio);
  db_bind_text(st, 8, in->email);
  db_bind_text(st, 9, in->phone);
}

enum err db_people_create(struct db *db, const struct person_input *in, long long actor, long long *id) {
  static const char sql[] =
      "INSERT INTO people(name, honorific, position, organization_id, bio, email, phone, search)"
      " VALUES (?2, coalesce(?3, ''), coalesce(?4, ''), CASE WHEN ?5 THEN nullif(?6, 0) END, coalesce(?7, ''),"
      " coalesce(?8, ''), coalesce(?9, ''),"
      " fold(?2 || ' ' || coalesce(?4, '') || ' ' || coalesce((SELECT name FROM organizations WHERE id = ?6), '')))";
  *id = 0;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  long long org = 0;
  enum err e = organization_id(db, in->organization, &org);
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    bind_person(st, in, org);
    e = db_run(st);
    *id = sqlite3_last_insert_rowid(db_handle(db));
  }
  return db_audit_commit_id(db, e, actor, "person.create", "person", *id);
}

enum err db_people_update(struct db *db, long long id, const struct person_input *in, long long actor) {
  static const char sql[] =
      "UPDATE people SET name = coalesce(?2, name), honorific = coalesce(?3, honorific),"
      " position = coalesce(?4, position), organization_id = CASE WHEN ?5 THEN nullif(?6, 0) ELSE organization_id END,"
      " bio = coalesce(?7, bio), email = coalesce(?8, email), phone = coalesce(?9, phone),"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  static const char research[] =
      "UPDATE people SET search = fold(name || ' ' || position || ' ' ||"
      " coalesce((SELECT name FROM organizations o WHERE o.id = people.organization_id), '')) WHERE id = ?";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  long long org = 0;
  enum err e = organization_id(db, in->organization, &org);
  sqlite3_stmt *st = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !st) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, id);
    bind_person(st, in, org);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  if (e == ERR_OK && !(st = db_stmt(db, research))) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, id);
    e = db_run(st);
  }
  return db_audit_commit_id(db, e, actor, "person.update", "person", id);
}

enum err db_people_search(struct db *db, const char *q, int limit, int offset, cJSON **items, long long *total) {
  static const char sql[] =
      "SELECT p.id, p.name, p.honorific, p.position, coalesce(o.name, ''), p.email, p.phone,"
      " EXISTS (SELECT 1 FROM person_photos ph WHERE ph.person_id = p.id), count(*) OVER ()"
      " FROM people p LEFT JOIN organizations o ON o.id = p.organization_id"
      " WHERE ?1 IS NULL OR p.search LIKE '%' || fold(?1) || '%'"
      " ORDER BY fold(p.name), p.id LIMIT ?2 OFFSET ?3";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, q && *q ? q : NULL);
  sqlite3_bind_int(st, 2, limit);
  sqlite3_bind_int(st, 3, offset);
  *items = cJSON_CreateArray();
  *total = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    static const char *const names[] = {"name", "honorific", "position", "organization", "email", "phone"};
    cJSON *o = cJSON_CreateObject();
    long long id = sqlite3_column_int64(st, 0);
    cJSON_AddNumberToObject(o, "id", (double)id);
    for (int i = 0; i < 6; i++) cJSON_AddStringToObject(o, names[i], db_col_text(st, i + 1));
    if (sqlite3_column_int(st, 7)) {
      char url[64];
      snprintf(url, sizeof url, "/api/v1/people/%lld/photo", id);
      cJSON_AddStringToObject(o, "photo_url", url);
    } else {
      cJSON_AddNullToObject(o, "photo_url");
    }
    *total = sqlite3_column_int64(st, 8);
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  return ERR_OK;
}

enum err db_photo_put(struct db *db, long long person_id, const char *content_type, const void *bytes, size_t len,
                      long long actor) {
  static const char sql[] =
      "INSERT INTO person_photos(person_id, content_type, bytes, sha256) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT(person_id) DO UPDATE SET content_type = ?2, bytes = ?3, sha256 = ?4,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')";
  unsigned char hash[32];
  char hex[65];
  crypto_hash_sha256(hash, bytes, len);
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  static const char exists[] = "SELECT 1 FROM people WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, exists);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, person_id);
    if (sqlite3_step(st) != SQLITE_ROW) e = ERR_NOT_FOUND;
    db_reset(st);
  }
  if (e == ERR_OK && !(st = db_stmt(db, sql))) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, content_type);
    sqlite3_bind_blob(st, 3, bytes, (int)len, SQLITE_STATIC);
    db_bind_text(st, 4, hex);
    e = db_run(st);
  }
  return db_audit_commit_id(db, e, actor, "person.photo", "person", person_id);
}

enum err db_photo_get(struct db *db, long long person_id, char content_type[16], void **bytes, size_t *len,
                      char sha256[65]) {
  static const char sql[] = "SELECT content_type, bytes, sha256 FROM person_photos WHERE person_id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, person_id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_reset(st);
    return ERR_NOT_FOUND;
  }
  snprintf(content_type, 16, "%s", db_col_text(st, 0));
  *len = (size_t)sqlite3_column_bytes(st, 1);
  *bytes = malloc(*len ? *len : 1);
  if (*bytes && *len) memcpy(*bytes, sqlite3_column_blob(st, 1), *len);
  snprintf(sha256, 65, "%s", db_col_text(st, 2));
  db_reset(st);
  return *bytes ? ERR_OK : ERR_INTERNAL;
}

/* Runs one static statement binding (a, b) inside its own audited transaction. */
static enum err run_pair(struct db *db, const char *sql, long long a, long long b, long long actor, const char *action,
                         const char *entity, long long entity_id, bool must_change) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    e = db_run(st);
    if (e == ERR_OK && must_change && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  return db_audit_commit_id(db, e, actor, action, entity, entity_id);
}

enum err db_photo_delete(struct db *db, long long person_id, long long actor) {
  static const char sql[] = "DELETE FROM person_photos WHERE person_id = ?1 AND ?2 = ?2";
  return run_pair(db, sql, person_id, 0, actor, "person.photo_delete", "person", person_id, true);
}

enum err db_roster_add(struct db *db, const struct edition *ed, long long person_id, long long actor,
                       struct verror *ve) {
  static const char sql[] =
      "INSERT OR IGNORE INTO edition_people(edition_id, person_id) SELECT ?1, id FROM people WHERE id = ?2";
  static const char exists[] = "SELECT 1 FROM people WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, exists);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, person_id);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  if (!found) {
    verror_set(ve, "person_id", "err.people.unknown");
    return ERR_VALIDATION;
  }
  return run_pair(db, sql, ed->id, person_id, actor, "roster.add", "person", person_id, false);
}

enum err db_roster_remove(struct db *db, const struct edition *ed, long long person_id, long long actor) {
  static const char sql[] = "DELETE FROM edition_people WHERE edition_id = ?1 AND person_id = ?2";
  return run_pair(db, sql, ed->id, person_id, actor, "roster.remove", "person", person_id, true);
}
