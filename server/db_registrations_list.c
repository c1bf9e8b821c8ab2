/* db_registrations_list.c — the organizer's views of registrations: the rows of the registration
 * table (reg_table.h) filtered, sorted and paginated (a waitlisted row with its place in the
 * whole edition's queue), handed to a sink (the JSON list, the CSV and
 * XLSX exports), and the counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_registrations.h"
#include "questions.h"
#include "text.h"
#include "tz.h"
#include "util.h"
#include "validate.h"

#define MAX_WORDS 5

/* One statement per sort order, so that each stays a prepared statement. */
#define LIST_SQL(order)                                                                                              \
  "SELECT code, full_name, email, organization, position, municipality, phone, attendee_type,"                       \
  " accessibility_needs, status,"                                                                                    \
  " CASE WHEN status = 'waitlisted' THEN (SELECT count(*) FROM registrations w WHERE w.edition_id = ?1"              \
  " AND w.status = 'waitlisted' AND w.id <= registrations.id AND w.attendee_type IN " SEAT_TYPES_SQL                 \
  ") END,"                                                                                                           \
  " language, created_at, updated_at, checked_in_at, cancelled_at, answers, count(*) OVER ()"                        \
  " FROM registrations WHERE edition_id = ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR attendee_type = ?3)" \
  " AND (?4 IS NULL OR municipality = ?4)"                                                                           \
  " AND (?5 IS NULL OR search LIKE ?5 ESCAPE '\\') AND (?6 IS NULL OR search LIKE ?6 ESCAPE '\\')"                   \
  " AND (?7 IS NULL OR search LIKE ?7 ESCAPE '\\') AND (?8 IS NULL OR search LIKE ?8 ESCAPE '\\')"                   \
  " AND (?9 IS NULL OR search LIKE ?9 ESCAPE '\\')"                                                                  \
  " ORDER BY " order " LIMIT ?10 OFFSET ?11"

static const struct {
  const char *name;
  const char *asc, *desc;
} sorts[] = {
    {"name", LIST_SQL("sort_es(full_name), id"), LIST_SQL("sort_es(full_name) DESC, id DESC")},
    {"created_at", LIST_SQL("id"), LIST_SQL("id DESC")},
    {"organization", LIST_SQL("fold(organization), fold(full_name)"),
     LIST_SQL("fold(organization) DESC, fold(full_name)")},
    {"municipality", LIST_SQL("fold(municipality), fold(full_name)"),
     LIST_SQL("fold(municipality) DESC, fold(full_name)")},
    {"status", LIST_SQL("status, fold(full_name)"), LIST_SQL("status DESC, fold(full_name)")},
};

/* The fixed columns of LIST_SQL, in its order (the stored answers and the window count follow them). */
static const struct reg_column fixed_columns[] = {
    {"code", REG_CELL_TEXT, NULL},
    {"full_name", REG_CELL_TEXT, NULL},
    {"email", REG_CELL_TEXT, NULL},
    {"organization", REG_CELL_TEXT, NULL},
    {"position", REG_CELL_TEXT, NULL},
    {"municipality", REG_CELL_TEXT, NULL},
    {"phone", REG_CELL_TEXT, NULL},
    {"attendee_type", REG_CELL_TEXT, NULL},
    {"accessibility_needs", REG_CELL_TEXT, NULL},
    {"status", REG_CELL_TEXT, NULL},
    {"waitlist_position", REG_CELL_NUMBER, NULL},
    {"language", REG_CELL_TEXT, NULL},
    {"created_at", REG_CELL_INSTANT, NULL},
    {"updated_at", REG_CELL_INSTANT, NULL},
    {"checked_in_at", REG_CELL_INSTANT, NULL},
    {"cancelled_at", REG_CELL_INSTANT, NULL},
};
#define FIXED_COLUMNS ((int)(sizeof fixed_columns / sizeof fixed_columns[0]))
#define ANSWERS_COLUMN FIXED_COLUMNS
#define COUNT_COLUMN (FIXED_COLUMNS + 1)

/* The whole column model of an edition: the fixed columns, then one answer column per current
 * question (headed by its label) and one per question gone that someone answered (headed by the
 * label it was answered under). Names and headers point into held. */
struct table_model {
  struct reg_column *columns;
  int count;
  cJSON *held;
};

static void add_answer_column(struct table_model *m, const char *id, const char *label) {
  cJSON *entry = cJSON_CreateObject();
  cJSON_AddItemToArray(m->held, entry);
  m->columns[m->count++] = (struct reg_column){.name = cJSON_AddStringToObject(entry, "id", id)->valuestring,
                                               .kind = REG_CELL_ANSWER,
                                               .header = cJSON_AddStringToObject(entry, "label", label)->valuestring};
}

static bool model_has(const struct table_model *m, const char *id) {
  for (int i = FIXED_COLUMNS; i < m->count; i++)
    if (strcmp(m->columns[i].name, id) == 0) return true;
  return false;
}

static enum err table_model(struct db *db, const struct edition *ed, struct table_model *m) {
  static const char gone_sql[] =
      "SELECT j.key, max(json_extract(j.value, '$.label')), count(*) OVER () FROM registrations r, json_each(r.answers) j"
      " WHERE r.edition_id = ? AND r.answers <> '{}' AND json_valid(r.answers) GROUP BY j.key ORDER BY min(r.id)";
  cJSON *questions = NULL;
  enum err e = db_editions_questions(db, ed->id, &questions);
  if (e != ERR_OK) return e;
  sqlite3_stmt *st = db_stmt(db, gone_sql);
  if (!st) {
    cJSON_Delete(questions);
    return ERR_INTERNAL;
  }
  sqlite3_bind_int64(st, 1, ed->id);
  int rc = db_step(st, &e);
  int answered = rc == SQLITE_ROW ? sqlite3_column_int(st, 2) : 0;
  *m = (struct table_model){.held = cJSON_CreateArray()};
  m->columns = xcalloc((size_t)(FIXED_COLUMNS + cJSON_GetArraySize(questions) + answered), sizeof *m->columns);
  for (; m->count < FIXED_COLUMNS; m->count++) m->columns[m->count] = fixed_columns[m->count];
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) add_answer_column(m, json_str(q, "id"), json_str(q, "label"));
  for (; rc == SQLITE_ROW; rc = db_step(st, &e))
    if (!model_has(m, db_col_text(st, 0))) add_answer_column(m, db_col_text(st, 0), db_col_text(st, 1));
  db_reset(st);
  cJSON_Delete(questions);
  return rc ? ERR_OK : e;
}

static void table_model_free(struct table_model *m) {
  free(m->columns);
  cJSON_Delete(m->held);
}

/* Splits q into folded LIKE patterns ("%word%", wildcards escaped); returns how many. */
static int search_patterns(const char *q, char patterns[MAX_WORDS][160]) {
  if (!q) return 0;
  char *folded = text_fold(q);
  int n = 0;
  for (char *save = NULL, *w = strtok_r(folded, " \t,;", &save); w && n < MAX_WORDS;
       w = strtok_r(NULL, " \t,;", &save)) {
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

/* Hands the current row of st to the sink: the fixed cells, then each answer as text. */
static void sink_row(sqlite3_stmt *st, const struct edition *ed, const struct table_model *m,
                     const struct reg_sink *sink) {
  char instants[FIXED_COLUMNS][26];
  const char **values = xcalloc((size_t)m->count, sizeof *values);
  for (int i = 0; i < FIXED_COLUMNS; i++) {
    if (m->columns[i].kind == REG_CELL_INSTANT) {
      local_instant(st, i, ed->timezone, instants[i]);
      values[i] = instants[i];
    } else {
      values[i] = db_col_text(st, i);
    }
  }
  cJSON *answers = answers_values(db_col_text(st, ANSWERS_COLUMN));
  for (int i = FIXED_COLUMNS; i < m->count; i++) values[i] = answer_text(json_get(answers, m->columns[i].name));
  cJSON_Delete(answers);
  sink->row(sink->ctx, m->columns, values, (size_t)m->count);
  for (int i = FIXED_COLUMNS; i < m->count; i++) free((char *)values[i]);
  free(values);
}

enum err db_registrations_rows(struct db *db, const struct edition *ed, const struct reg_filter *f,
                               const struct reg_sink *sink, long long *total) {
  struct table_model m;
  enum err e = table_model(db, ed, &m);
  if (e != ERR_OK) return e;
  char patterns[MAX_WORDS][160];
  sqlite3_stmt *st = list_stmt(db, ed, f, patterns);
  if (!st) {
    table_model_free(&m);
    return ERR_INTERNAL;
  }
  if (total) *total = 0;
  sink->header(sink->ctx, m.columns, (size_t)m.count);
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    sink_row(st, ed, &m, sink);
    if (total) *total = sqlite3_column_int64(st, COUNT_COLUMN);
  }
  db_reset(st);
  table_model_free(&m);
  return rc ? ERR_OK : e; /* a failed read is an error, not a shorter list */
}

enum err db_registrations_list(struct db *db, const struct edition *ed, const struct reg_filter *f, cJSON **items,
                               long long *total) {
  *items = cJSON_CreateArray();
  struct reg_sink sink = reg_sink_json(*items);
  enum err e = db_registrations_rows(db, ed, f, &sink, total);
  if (e == ERR_OK && *total == 0 && f->offset > 0) { /* a page past the end: the count comes from the first page */
    char patterns[MAX_WORDS][160];
    struct reg_filter first = *f;
    first.offset = 0;
    first.limit = 1;
    sqlite3_stmt *st = list_stmt(db, ed, &first, patterns);
    if (!st) e = ERR_INTERNAL;
    else {
      if (sqlite3_step(st) == SQLITE_ROW) *total = sqlite3_column_int64(st, COUNT_COLUMN);
      db_reset(st);
    }
  }
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}

enum err db_registrations_csv(struct db *db, const struct edition *ed, const struct reg_filter *f, struct csv *c) {
  struct reg_sink sink = reg_sink_csv(c);
  return db_registrations_rows(db, ed, f, &sink, NULL);
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
  static const char seats[] = "SELECT 'seats_taken', " SEATS_TAKEN_SQL("?");
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
