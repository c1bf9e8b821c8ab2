/* db_documents.c — the documents' queries: badge and certificate people, signers, printed marks. */
#include "db_documents.h"

#include <stdio.h>
#include <stdlib.h>

#include "db_audit.h"
#include "util.h"

void db_doc_people_free(struct doc_person *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(rows[i].code);
    free(rows[i].full_name);
    free(rows[i].organization);
    free(rows[i].position);
    free(rows[i].type);
    free(rows[i].language);
  }
  free(rows);
}

/* Reads every row of st (columns id, code, full_name, organization, position, attendee_type,
 * language) and resets it. */
static enum err read_people(sqlite3_stmt *st, struct doc_person **rows, size_t *n) {
  size_t cap = 0;
  *rows = NULL;
  *n = 0;
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    if (*n == cap) *rows = xrealloc(*rows, (cap = cap ? cap * 2 : 64) * sizeof **rows);
    (*rows)[(*n)++] =
        (struct doc_person){sqlite3_column_int64(st, 0), xstrdup(db_col_text(st, 1)), xstrdup(db_col_text(st, 2)),
                            xstrdup(db_col_text(st, 3)), xstrdup(db_col_text(st, 4)), xstrdup(db_col_text(st, 5)),
                            xstrdup(db_col_text(st, 6))};
  }
  db_reset(st);
  if (e != ERR_OK) {
    db_doc_people_free(*rows, *n);
    *rows = NULL;
    *n = 0;
  }
  return e;
}

#define PERSON_COLUMNS "SELECT id, code, full_name, organization, position, attendee_type, language FROM registrations"

enum err db_badge_people(struct db *db, const struct doc_people_filter *f, struct doc_person **rows, size_t *n) {
  static const char sql[] = PERSON_COLUMNS
      " WHERE edition_id = ?1 AND status = 'confirmed' AND (?2 IS NULL OR attendee_type = ?2)"
      " AND (?3 IS NULL OR code IN (SELECT value FROM json_each(?3))) AND (NOT ?4 OR badge_printed_at IS NULL)"
      " AND (?5 = 0 OR id = ?5) ORDER BY sort_es(full_name), id";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, f->edition_id);
  db_bind_text(st, 2, f->type);
  db_bind_text(st, 3, f->codes_json);
  sqlite3_bind_int(st, 4, f->unprinted_only);
  sqlite3_bind_int64(st, 5, f->registration_id);
  return read_people(st, rows, n);
}

enum err db_certificate_people(struct db *db, long long edition_id, long long registration_id, struct doc_person **rows,
                               size_t *n) {
  static const char sql[] = PERSON_COLUMNS
      " WHERE edition_id = ?1 AND status = 'confirmed' AND checked_in_at IS NOT NULL AND (?2 = 0 OR id = ?2)"
      " ORDER BY sort_es(full_name), id";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  sqlite3_bind_int64(st, 2, registration_id);
  return read_people(st, rows, n);
}

enum err db_certificate_signers(struct db *db, long long edition_id, struct doc_signer *out, size_t max, size_t *n) {
  static const char sql[] =
      "SELECT name, role_title FROM credits WHERE edition_id = ? AND signs_certificates = 1 ORDER BY sort_order, id";
  *n = 0;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  enum err e = ERR_OK;
  while (*n < max && db_step(st, &e) == SQLITE_ROW) {
    out[*n] = (struct doc_signer){xstrdup(db_col_text(st, 0)), xstrdup(db_col_text(st, 1))};
    (*n)++;
  }
  db_reset(st);
  return e;
}

enum err db_badges_mark_printed(struct db *db, const struct edition *ed, const char *codes_json, long long actor,
                                int *marked) {
  static const char sql[] =
      "UPDATE registrations SET badge_printed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE edition_id = ?1"
      " AND status = 'confirmed' AND badge_printed_at IS NULL AND (?2 IS NULL OR code IN (SELECT value FROM json_each(?2)))";
  *marked = 0;
  if (db_begin(db) != ERR_OK) return ERR_INTERNAL;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, ed->id);
    db_bind_text(st, 2, codes_json);
    e = db_run(st);
    *marked = sqlite3_changes(db_handle(db));
  }
  return db_audit_commit(db, e, actor, "badge.printed", "edition", ed->slug);
}

enum err db_seeded_unpublished(struct db *db, char slug[65]) {
  static const char sql[] =
      "SELECT slug FROM editions e WHERE proceedings_status = 'published'"
      " AND NOT EXISTS (SELECT 1 FROM proceedings_versions v WHERE v.edition_id = e.id)";
  slug[0] = '\0';
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  enum err e = ERR_OK;
  if (db_step(st, &e) == SQLITE_ROW) snprintf(slug, 65, "%s", db_col_text(st, 0));
  db_reset(st);
  return e;
}
