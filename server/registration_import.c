/* registration_import.c — CSV rows into sign-ups (registration_import.h): header mapping, cells to
 * JSON by the sign-up's rules, every row checked, then one transaction of creations. */
#include "registration_import.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "csv_read.h"
#include "db_audit.h"
#include "questions.h"
#include "text.h"

/* Spanish names a header may use for a sign-up field (compared without case, spaces trimmed). */
static const struct {
  const char *alias, *field;
} header_aliases[] = {
    {"nombre", "full_name"},
    {"nombres", "full_name"},
    {"nombre completo", "full_name"},
    {"nombres y apellidos", "full_name"},
    {"correo", "email"},
    {"correo electrónico", "email"},
    {"correo electronico", "email"},
    {"e-mail", "email"},
    {"organización", "organization"},
    {"organizacion", "organization"},
    {"institución", "organization"},
    {"institucion", "organization"},
    {"cargo", "position"},
    {"cantón", "municipality"},
    {"canton", "municipality"},
    {"municipio", "municipality"},
    {"teléfono", "phone"},
    {"telefono", "phone"},
    {"celular", "phone"},
    {"tipo", "attendee_type"},
    {"tipo de participante", "attendee_type"},
    {"accesibilidad", "accessibility_needs"},
    {"consentimiento", "consent"},
    {"idioma", "language"},
};

/* One column of the file: the sign-up rule it fills, and the key inside it for "prefix.key". */
struct column {
  const struct field_rule *rule;
  const char *key; /* NULL: the field itself */
};

static char *trimmed_lower(const char *s) {
  s += strspn(s, " \t");
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  char *out = xstrndup(s, n);
  for (char *p = out; *p; p++) *p = (char)tolower((unsigned char)*p);
  return out;
}

static const struct field_rule *rule_named(const char *name, size_t len) {
  size_t n;
  const struct field_rule *rules = registration_signup_rules(&n);
  for (size_t i = 0; i < n; i++)
    if (strlen(rules[i].name) == len && strncmp(rules[i].name, name, len) == 0) return &rules[i];
  return NULL;
}

/* The id of the question whose label (case aside) is name, or NULL. */
static const char *question_labelled(const cJSON *questions, const char *name) {
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) {
    char *label = trimmed_lower(json_str(q, "label") ? json_str(q, "label") : "");
    bool same = strcmp(label, name) == 0;
    free(label);
    if (same) return json_str(q, "id");
  }
  return NULL;
}

/* The column a header cell names (a question's label names answers.<id>); false when it names no
 * sign-up field. key points into name or into questions. */
static bool map_header(const char *name, const cJSON *questions, struct column *col) {
  *col = (struct column){0};
  const char *id = question_labelled(questions, name);
  if (id) {
    col->rule = rule_named("answers", strlen("answers"));
    col->key = id;
    return true;
  }
  for (size_t i = 0; i < sizeof header_aliases / sizeof header_aliases[0]; i++)
    if (strcmp(name, header_aliases[i].alias) == 0) name = header_aliases[i].field;
  const char *dot = strchr(name, '.');
  if (dot && dot[1]) {
    col->rule = rule_named(name, (size_t)(dot - name));
    col->key = dot + 1;
  } else {
    col->rule = rule_named(name, strlen(name));
  }
  return col->rule != NULL;
}

/* Records an error of line: its message is the catalogue key with the values of its {a} and {b}
 * (NULL: none), written out when the report is built, in the reader's language. */
static void add_error_with(struct import_plan *plan, unsigned line, const char *field, const char *key, const char *a,
                           const char *b) {
  plan->error_count++;
  if (cJSON_GetArraySize(plan->errors) >= IMPORT_MAX_ERRORS) return;
  cJSON *e = cJSON_CreateObject();
  cJSON_AddNumberToObject(e, "line", line);
  if (field) cJSON_AddStringToObject(e, "field", field);
  else cJSON_AddNullToObject(e, "field");
  cJSON_AddStringToObject(e, "key", key);
  cJSON_AddStringToObject(e, "a", a ? a : "");
  cJSON_AddStringToObject(e, "b", b ? b : "");
  cJSON_AddItemToArray(plan->errors, e);
}

static void add_error(struct import_plan *plan, unsigned line, const char *field, const char *key) {
  add_error_with(plan, line, field, key, NULL, NULL);
}

static bool word_in(const char *word, const char *const *list) {
  for (; *list; list++)
    if (strcmp(word, *list) == 0) return true;
  return false;
}

/* A cell as the JSON value its rule takes; NULL with *why (a catalogue key) set when it cannot be one. */
static cJSON *cell_value(const struct field_rule *rule, const char *cell, const char **why) {
  static const char *const yes[] = {"sí", "si", "sÍ", "s", "x", "true", "1", "yes", "verdadero", NULL};
  static const char *const no[] = {"no", "n", "false", "0", "falso", NULL};
  if (rule->type == V_BOOL) {
    char *w = trimmed_lower(cell);
    cJSON *v = word_in(w, yes) ? cJSON_CreateTrue() : word_in(w, no) ? cJSON_CreateFalse() : NULL;
    free(w);
    if (!v) *why = "err.import.yes_no";
    return v;
  }
  if (rule->type == V_INT) {
    char *end;
    long long n = strtoll(cell, &end, 10);
    if (end == cell || *end) {
      *why = "err.import.integer";
      return NULL;
    }
    return cJSON_CreateNumber((double)n);
  }
  return cJSON_CreateString(cell);
}

/* The text of a cell without the spaces around it, in place. */
static char *trim_cell(char *cell) {
  cell += strspn(cell, " \t");
  size_t n = strlen(cell);
  while (n && (cell[n - 1] == ' ' || cell[n - 1] == '\t')) cell[--n] = '\0';
  return cell;
}

/* The JSON body of one row, or NULL after recording its errors. */
static cJSON *row_body(struct import_plan *plan, const struct csv_record *rec, const struct column *cols,
                       size_t ncols) {
  cJSON *body = cJSON_CreateObject();
  bool ok = true;
  for (size_t i = ncols; i < rec->count; i++)
    if (*trim_cell((char *)csv_field_at(rec, i))) {
      add_error(plan, rec->line, NULL, "err.import.extra_cells");
      ok = false;
      break;
    }
  for (size_t i = 0; i < ncols && i < rec->count; i++) {
    const char *cell = trim_cell((char *)csv_field_at(rec, i));
    if (!*cell) continue; /* an empty cell is an absent field */
    const char *why = NULL;
    if (!cols[i].rule) {
      add_error(plan, rec->line, NULL, "err.import.unnamed_column");
      ok = false;
      continue;
    }
    if (cols[i].key) {
      cJSON *obj = cJSON_GetObjectItemCaseSensitive(body, cols[i].rule->name);
      if (!obj) obj = cJSON_AddObjectToObject(body, cols[i].rule->name);
      cJSON_AddStringToObject(obj, cols[i].key, cell);
      continue;
    }
    cJSON *v = cell_value(cols[i].rule, cell, &why);
    if (!v) {
      add_error(plan, rec->line, cols[i].rule->name, why);
      ok = false;
      continue;
    }
    cJSON_AddItemToObject(body, cols[i].rule->name, v);
  }
  if (ok) return body;
  cJSON_Delete(body);
  return NULL;
}

/* The line of an earlier row with the same e-mail (compared without case), or 0. */
static unsigned earlier_row(const struct import_plan *plan, const char *email) {
  for (size_t i = 0; i < plan->count; i++)
    if (strcasecmp(plan->rows[i].in.email, email) == 0) return plan->rows[i].line;
  return 0;
}

static void add_duplicate(cJSON *list, unsigned line, const char *email, unsigned first_line) {
  cJSON *d = cJSON_CreateObject();
  cJSON_AddNumberToObject(d, "line", line);
  cJSON_AddStringToObject(d, "email", email);
  if (first_line) cJSON_AddNumberToObject(d, "first_line", first_line);
  cJSON_AddStringToObject(d, "reason", first_line ? "repeated_in_file" : "already_registered");
  cJSON_AddItemToArray(list, d);
}

/* Checks one row and adds it to the plan (or to its duplicates or errors). */
static void plan_row(struct import_plan *plan, cJSON *bodies, const struct csv_record *rec, const struct column *cols,
                     size_t ncols) {
  cJSON *body = row_body(plan, rec, cols, ncols);
  if (!body) return;
  cJSON_AddItemToArray(bodies, body);
  struct import_row *row = &plan->rows[plan->count];
  *row = (struct import_row){.line = rec->line};
  struct verror ve;
  answers_from_text(plan->questions, cJSON_GetObjectItemCaseSensitive(body, "answers"));
  enum err e = registration_signup_check(body, plan->questions, true, &row->in, &ve);
  if (e != ERR_OK) {
    char code_key[64];
    snprintf(code_key, sizeof code_key, "err.%s", err_code(e)); /* the code's own message */
    add_error_with(plan, rec->line, ve.field, ve.key[0] ? ve.key : code_key, ve.args[0], ve.args[1]);
    return;
  }
  unsigned first = earlier_row(plan, row->in.email);
  if (first) add_duplicate(plan->duplicates, rec->line, row->in.email, first);
  else plan->count++;
}

/* Maps the header row into cols; false after recording its errors (line 1). */
static bool read_header(struct import_plan *plan, const struct csv_record *rec, struct column *cols) {
  bool ok = true;
  for (size_t i = 0; i < rec->count; i++) {
    bool known = true;
    char *name = trimmed_lower(csv_field_at(rec, i));
    if (!*name) {
      cols[i] = (struct column){0}; /* a column without a name: its cells must stay empty */
    } else if (!map_header(name, plan->questions, &cols[i])) {
      char shown[121];
      snprintf(shown, sizeof shown, "%.120s", csv_field_at(rec, i));
      add_error_with(plan, rec->line, csv_field_at(rec, i), "err.import.unknown_column", shown, NULL);
      ok = known = false;
    }
    for (size_t k = 0; known && k < i; k++)
      if (cols[k].rule == cols[i].rule && cols[i].rule &&
          (cols[k].key == cols[i].key || (cols[k].key && cols[i].key && strcmp(cols[k].key, cols[i].key) == 0))) {
        add_error(plan, rec->line, cols[i].rule->name, "err.import.repeated_column");
        ok = known = false;
        break;
      }
    if (cols[i].key) cols[i].key = cJSON_AddStringToObject(plan->owner, "", cols[i].key)->valuestring;
    free(name);
  }
  return ok;
}

/* Counts the records that are not blank, the header included, up to an unclosed quote. */
static size_t count_records(const char *text, size_t len, char sep) {
  struct csv_reader r;
  struct csv_record rec = {0};
  csv_reader_init(&r, text, len, sep);
  size_t n = 0;
  while (csv_read_record(&r, &rec) == CSV_RECORD)
    if (!csv_record_blank(&rec)) n++;
  csv_record_free(&rec);
  return n;
}

enum err import_plan_build(const char *text, size_t len, struct import_plan *plan, struct verror *ve) {
  plan->owner = cJSON_CreateObject();
  plan->duplicates = cJSON_AddArrayToObject(plan->owner, "duplicates");
  plan->errors = cJSON_AddArrayToObject(plan->owner, "errors");
  cJSON *bodies = cJSON_AddArrayToObject(plan->owner, "bodies");
  plan->count = plan->error_count = 0;
  verror_set(ve, NULL, "");
  char a[24], b[24];
  if (len > IMPORT_MAX_BYTES) {
    snprintf(a, sizeof a, "%zu", IMPORT_MAX_BYTES >> 20);
    verror_setf(ve, NULL, "err.import.too_big", a, NULL);
    return ERR_PAYLOAD_TOO_LARGE;
  }
  text = csv_skip_bom(text, &len);
  if (!utf8_valid(text, len) || memchr(text, '\0', len)) {
    verror_set(ve, NULL, "err.import.not_utf8");
    return ERR_VALIDATION;
  }
  char sep = csv_detect_separator(text, len);
  size_t records = count_records(text, len, sep);
  if (records > IMPORT_MAX_ROWS + 1) {
    snprintf(a, sizeof a, "%zu", records - 1);
    snprintf(b, sizeof b, "%d", IMPORT_MAX_ROWS);
    verror_setf(ve, NULL, "err.import.too_many_rows", a, b);
    return ERR_VALIDATION;
  }
  struct csv_reader r;
  struct csv_record rec = {0};
  csv_reader_init(&r, text, len, sep);
  if (csv_read_record(&r, &rec) != CSV_RECORD || csv_record_blank(&rec)) {
    csv_record_free(&rec);
    verror_set(ve, NULL, "err.import.no_header");
    return ERR_VALIDATION;
  }
  plan->rows = plan->alloc(plan->alloc_ctx, records * sizeof *plan->rows); /* at least the header's: never 0 */
  struct column *cols = calloc(rec.count, sizeof *cols);
  size_t ncols = rec.count;
  if (!cols) abort();
  bool header_ok = read_header(plan, &rec, cols);
  enum csv_result res;
  while (header_ok && (res = csv_read_record(&r, &rec)) != CSV_END) {
    if (res == CSV_UNCLOSED_QUOTE) {
      add_error(plan, rec.line, NULL, "err.import.unclosed_quote");
      break;
    }
    if (!csv_record_blank(&rec)) plan_row(plan, bodies, &rec, cols, ncols);
  }
  free(cols);
  csv_record_free(&rec);
  return ERR_OK;
}

/* Creates every planned row; duplicates found in the database are skipped and listed. */
static enum err create_rows(struct db *db, struct import_job *j) {
  for (size_t i = 0; i < j->plan->count; i++) {
    struct import_row *row = &j->plan->rows[i];
    enum err e = db_registrations_create(db, &j->ed, &row->in, true, j->actor, &row->out);
    row->duplicate = e == ERR_DUPLICATE_REG;
    if (e != ERR_OK && !row->duplicate) return e;
  }
  return ERR_OK;
}

static size_t count_created(const struct import_plan *plan) {
  size_t n = 0;
  for (size_t i = 0; i < plan->count; i++) n += !plan->rows[i].duplicate;
  return n;
}

enum err import_run(struct db *db, void *arg) {
  struct import_job *j = arg;
  for (size_t i = 0; i < j->plan->count; i++) { /* a rerun after a failed group starts afresh */
    j->plan->rows[i].duplicate = false;
    memset(&j->plan->rows[i].out, 0, sizeof j->plan->rows[i].out);
  }
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = create_rows(db, j);
  if (e == ERR_OK && !j->dry_run) {
    cJSON *detail = cJSON_CreateObject();
    cJSON_AddNumberToObject(detail, "count", (double)count_created(j->plan));
    cJSON_AddNumberToObject(
        detail, "duplicates",
        (double)(j->plan->count - count_created(j->plan)) + cJSON_GetArraySize(j->plan->duplicates));
    e = db_audit(db, j->actor, "registrations.import", "edition", j->ed.slug, detail);
    cJSON_Delete(detail);
  }
  if (e != ERR_OK || j->dry_run) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

cJSON *import_errors(const struct import_plan *plan, enum lang l) {
  cJSON *list = cJSON_CreateArray();
  const cJSON *e;
  cJSON_ArrayForEach(e, plan->errors) {
    char message[400];
    i18n_format(l, json_str(e, "key"), json_str(e, "a"), json_str(e, "b"), message, sizeof message);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "line", cJSON_Duplicate(json_get(e, "line"), true));
    cJSON_AddItemToObject(out, "field", cJSON_Duplicate(json_get(e, "field"), true));
    cJSON_AddStringToObject(out, "message", message);
    cJSON_AddItemToArray(list, out);
  }
  return list;
}

cJSON *import_report(const struct import_job *job, bool ran, enum lang l) {
  const struct import_plan *plan = job->plan;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddBoolToObject(o, "dry_run", job->dry_run);
  cJSON *created = cJSON_AddArrayToObject(o, "created");
  cJSON *dups = cJSON_Duplicate(plan->duplicates, true);
  size_t listed = ran || job->dry_run ? plan->count : 0; /* refused: nothing was or would be created */
  for (size_t i = 0; i < listed; i++) {
    const struct import_row *row = &plan->rows[i];
    if (row->duplicate) {
      add_duplicate(dups, row->line, row->in.email, 0);
      continue;
    }
    cJSON *c = cJSON_CreateObject();
    cJSON_AddNumberToObject(c, "line", row->line);
    cJSON_AddStringToObject(c, "full_name", row->in.full_name);
    cJSON_AddStringToObject(c, "email", row->in.email);
    if (ran) cJSON_AddStringToObject(c, "status", row->out.status);
    if (ran && row->out.waitlist_position)
      cJSON_AddNumberToObject(c, "waitlist_position", (double)row->out.waitlist_position);
    if (ran && !job->dry_run) cJSON_AddStringToObject(c, "code", row->out.code);
    cJSON_AddItemToArray(created, c);
  }
  cJSON_AddItemToObject(o, "duplicates", dups);
  cJSON_AddItemToObject(o, "errors", import_errors(plan, l));
  cJSON_AddNumberToObject(o, "error_count", (double)plan->error_count);
  return o;
}

char *import_template_header(const cJSON *questions) {
  size_t n;
  const struct field_rule *rules = registration_signup_rules(&n);
  struct sbuf out = {0};
  for (size_t i = 0; i < n; i++) {
    if (rules[i].type == V_OBJECT) continue; /* answers: one column answers.<id> per question, below */
    if (out.len) sbuf_putc(&out, ',');
    sbuf_puts(&out, rules[i].name);
  }
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) sbuf_printf(&out, ",answers.%s", json_str(q, "id"));
  sbuf_puts(&out, "\r\n");
  return sbuf_steal(&out);
}
