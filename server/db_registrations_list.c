/* db_registrations_list.c — the organizer's views of registrations: the filtered, sorted,
 * paginated list, the CSV export of the same rows, and the counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_registrations.h"
#include "text.h"
#include "tz.h"
#include "util.h"
#include "validate.h"

#define MAX_WORDS 5

/* One statement per sort order, so that each stays a prepared statement. */
#define LIST_SQL(order)                                                                                           \
  "SELECT code, full_name, email, organization, position, municipality, phone, attendee_type,"                    \
  " accessibility_needs, status, created_at, updated_at, checked_in_at, cancelled_at, count(*) OVER ()"            \
  " FROM registrations WHERE edition_id = ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR attendee_type = ?3)" \
  " AND (?4 IS NULL OR municipality = ?4)"                                                                        \
  " AND (?5 IS NULL OR search LIKE ?5 ESCAPE '\\') AND (?6 IS NULL OR search LIKE ?6 ESCAPE '\\')"                 \
  " AND (?7 IS NULL OR search LIKE ?7 ESCAPE '\\') AND (?8 IS NULL OR search LIKE ?8 ESCAPE '\\')"                 \
  " AND (?9 IS NULL OR search LIKE ?9 ESCAPE '\\')"                                                                \
  " ORDER BY " order " LIMIT ?10 OFFSET ?11"

static const struct {
  const char *name;
  const char *asc, *desc;
} sorts[] = {
    {"name", LIST_SQL("sort_es(full_name), id"), LIST_SQL("sort_es(full_name) DESC, id DESC")},
    {"created_at", LIST_SQL("id"), LIST_SQL("id DESC")},
    {"organization", LIST_SQL("fold(organization), fold(full_name)"), LIST_SQL("fold(organization) DESC, fold(full_name)")},
    {"municipality", LIST_SQL("fold(municipality), fold(full_name)"), LIST_SQL("fold(municipality) DESC, fold(full_name)")},
    {"status", LIST_SQL("status, fold(full_name)"), LIST_SQL("status DESC, fold(full_name)")},
};

static const char *const columns[] = {"code", "full_name", "email", "organization", "position", "municipality",
                                      "phone", "attendee_type", "accessibility_needs", "status",
                                      "created_at", "updated_at", "checked_in_at", "cancelled_at"};
#define TEXT_COLUMNS 10
#define ALL_COLUMNS 14

/* Splits q into folded LIKE patterns ("%word%", wildcards escaped); returns how many. */
static int search_patterns(const char *q, char patterns[MAX_WORDS][160]) {
  if (!q) return 0;
  char *folded = text_fold(q);
  int n = 0;
  for (char *save = NULL, *w = strtok_r(folded, " \t,;", &save); w && n < MAX_WORDS; w = strtok_r(NULL, " \t,;", &save)) {
    size_t o = 0;
    patterns[n][o++] = '%';
    for (const char *p = w; *p && o < 150; p++) {
      if (*p == '%' || *p == '_' || *p == '\\') patterns[n][o++] = '\\';
      patterns[n][o++] = *p;
    }
    patterns[n][o++] = '%';
    patterns[n][o] = '\0';
    n++;
  }
  free(folded);
  return n;
}

static sqlite3_stmt *list_stmt(struct db *db, const struct edition *ed, const struct reg_filter *f,
                               char patterns[MAX_WORDS][160]) {
  const char *sql = sorts[0].asc;
  for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
    if (f->sort && strcmp(f->sort, sorts[i].name) == 0) sql = f->descending ? sorts[i].desc : sorts[i].asc;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return NULL;
  sqlite3_bind_int64(st, 1, ed->id);
  db_bind_text(st, 2, f->status);
  db_bind_text(st, 3, f->type);
  db_bind_text(st, 4, f->municipality);
  int words = search_patterns(f->q, patterns);
  for (int i = 0; i < words; i++) db_bind_text(st, 5 + i, patterns[i]);
  sqlite3_bind_int(st, 10, f->limit > 0 ? f->limit : -1);
  sqlite3_bind_int(st, 11, f->offset);
  return st;
}

/* Instant column as the edition's local time, "" when NULL. */
static void local_instant(sqlite3_stmt *st, int col, const char *zone, char out[26]) {
  out[0] = '\0';
  if (sqlite3_column_type(st, col) == SQLITE_NULL) return;
  time_t t = tz_parse_utc(db_col_text(st, col));
  if (t >= 0) tz_format(t, zone, out);
}

enum err db_registrations_list(struct db *db, const struct edition *ed, const struct reg_filter *f, cJSON **items,
                               long long *total) {
  char patterns[MAX_WORDS][160];
  sqlite3_stmt *st = list_stmt(db, ed, f, patterns);
  if (!st) return ERR_INTERNAL;
  *items = cJSON_CreateArray();
  *total = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < TEXT_COLUMNS; i++) cJSON_AddStringToObject(o, columns[i], db_col_text(st, i));
    for (int i = TEXT_COLUMNS; i < ALL_COLUMNS; i++) {
      char buf[26];
      local_instant(st, i, ed->timezone, buf);
      if (buf[0]) cJSON_AddStringToObject(o, columns[i], buf);
      else cJSON_AddNullToObject(o, columns[i]);
    }
    *total = sqlite3_column_int64(st, ALL_COLUMNS);
    cJSON_AddItemToArray(*items, o);
  }
  db_reset(st);
  if (*total == 0 && f->offset > 0) { /* a page past the end: the count comes from the first page */
    struct reg_filter first = *f;
    first.offset = 0;
    first.limit = 1;
    if (!(st = list_stmt(db, ed, &first, patterns))) return ERR_INTERNAL;
    if (sqlite3_step(st) == SQLITE_ROW) *total = sqlite3_column_int64(st, ALL_COLUMNS);
    db_reset(st);
  }
  return ERR_OK;
}

enum err db_registrations_csv(struct db *db, const struct edition *ed, const struct reg_filter *f, struct csv *c) {
  char patterns[MAX_WORDS][160];
  sqlite3_stmt *st = list_stmt(db, ed, f, patterns);
  if (!st) return ERR_INTERNAL;
  sbuf_puts(&c->out, "\xEF\xBB\xBF"); /* BOM: spreadsheet programs then read UTF-8 accents correctly */
  for (int i = 0; i < ALL_COLUMNS; i++) csv_field(c, columns[i], false);
  csv_end_record(c);
  enum err e = ERR_OK;
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    for (int i = 0; i < TEXT_COLUMNS; i++) csv_field(c, db_col_text(st, i), true); /* the phone too */
    for (int i = TEXT_COLUMNS; i < ALL_COLUMNS; i++) {
      char buf[26];
      local_instant(st, i, ed->timezone, buf);
      csv_field(c, buf, false);
    }
    csv_end_record(c);
  }
  db_reset(st);
  return rc ? ERR_OK : e; /* a failed read is an error, not a shorter list */
}

/* Adds {key: count} pairs from a two-column query bound to the edition id. */
static enum err add_counts(struct db *db, const char *sql, long long edition_id, cJSON *into) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *key = db_col_text(st, 0);
    cJSON_AddNumberToObject(into, key, (double)sqlite3_column_int64(st, 1)); /* "" = not given */
  }
  db_reset(st);
  return ERR_OK;
}

enum err db_registrations_stats(struct db *db, const struct edition *ed, cJSON **out) {
  static const char by_status[] = "SELECT status, count(*) FROM registrations WHERE edition_id = ? GROUP BY status";
  static const char checked[] =
      "SELECT 'checked_in', count(*) FROM registrations WHERE edition_id = ? AND checked_in_at IS NOT NULL"
      " AND status = 'confirmed'";
  static const char by_type[] =
      "SELECT attendee_type, count(*) FROM registrations WHERE edition_id = ? AND status = 'confirmed'"
      " GROUP BY attendee_type ORDER BY 2 DESC";
  static const char by_municipality[] =
      "SELECT municipality, count(*) FROM registrations WHERE edition_id = ? AND status = 'confirmed'"
      " GROUP BY municipality ORDER BY 2 DESC, 1";
  static const char *const keys[] = {"confirmed", "waitlisted", "cancelled", "checked_in"};
  cJSON *o = cJSON_CreateObject();
  cJSON *counts = cJSON_CreateObject();
  enum err e = add_counts(db, by_status, ed->id, counts);
  if (e == ERR_OK) e = add_counts(db, checked, ed->id, counts);
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(counts, keys[i]);
    cJSON_AddNumberToObject(o, keys[i], v ? v->valuedouble : 0);
  }
  cJSON_Delete(counts);
  static const char seats[] =
      "SELECT 'seats_taken', count(*) FROM registrations WHERE edition_id = ? AND status = 'confirmed'"
      " AND attendee_type IN ('authority','official','cooperation','academia','civil_society','press')";
  cJSON *taken = cJSON_CreateObject();
  if (e == ERR_OK) e = add_counts(db, seats, ed->id, taken);
  cJSON_AddNumberToObject(o, "seats_taken", json_int(taken, "seats_taken", 0)); /* confirmed that occupy capacity */
  cJSON_Delete(taken);
  if (ed->capacity >= 0) cJSON_AddNumberToObject(o, "capacity", (double)ed->capacity);
  else cJSON_AddNullToObject(o, "capacity");
  if (e == ERR_OK) e = add_counts(db, by_type, ed->id, cJSON_AddObjectToObject(o, "by_type"));
  if (e == ERR_OK) e = add_counts(db, by_municipality, ed->id, cJSON_AddObjectToObject(o, "by_municipality"));
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  *out = o;
  return ERR_OK;
}
