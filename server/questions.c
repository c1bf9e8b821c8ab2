/* questions.c — checks of an edition's custom questions and of the answers to them, built on the
 * declarative rules of validate.h (one rule per question), and the stored form of answers that
 * keeps the label each one was asked with (questions.h). */
#include "questions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* In the order a person fills them in the editor: the first fault named is the first to fix. */
static const struct field_rule question_fields[] = {
    {.name = "label", .type = V_STRING, .required = true, .max_len = 200},
    {.name = "label_en", .type = V_STRING, .nullable = true, .max_len = 200},
    {.name = "kind", .type = V_ENUM, .required = true, .choices = "text|choice|multi|checkbox"},
    {.name = "id", .type = V_SLUG, .required = true, .max_len = 32},
    {.name = "options", .type = V_LIST, .nullable = true, .max_len = 200, .max = QUESTION_OPTIONS_MAX},
    {.name = "required", .type = V_BOOL},
};

static bool kind_is(const cJSON *q, const char *kind) {
  const char *k = json_str(q, "kind");
  return k && strcmp(k, kind) == 0;
}

static bool has_options(const cJSON *q) { return kind_is(q, "choice") || kind_is(q, "multi"); }

static const cJSON *question_find(const cJSON *questions, const char *id) {
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) {
    const char *qid = json_str(q, "id");
    if (qid && strcmp(qid, id) == 0) return q;
  }
  return NULL;
}

/* What the declarative rules cannot say of question q: options only (and then at least one) for
 * choice and multi, no "|" in them (it separates choices), an id not used by an earlier question. */
static enum err question_extra_check(const cJSON *questions, const cJSON *q, struct verror *ve) {
  const cJSON *options = json_get(q, "options");
  int count = cJSON_IsArray(options) ? cJSON_GetArraySize(options) : 0;
  if (has_options(q) && count == 0) {
    verror_set(ve, "options", "err.questions.no_options");
    return ERR_VALIDATION;
  }
  if (!has_options(q) && count > 0) {
    verror_set(ve, "options", "err.questions.options_kind");
    return ERR_VALIDATION;
  }
  const cJSON *o;
  cJSON_ArrayForEach(o, options) if (strchr(o->valuestring, '|')) {
    verror_set(ve, "options", "err.questions.pipe");
    return ERR_VALIDATION;
  }
  if (question_find(questions, json_str(q, "id")) != q) {
    verror_set(ve, "id", "err.questions.id_taken");
    return ERR_VALIDATION;
  }
  return ERR_OK;
}

enum err questions_check(const cJSON *questions, struct verror *ve) {
  verror_set(ve, "questions", "");
  if (!cJSON_IsArray(questions)) {
    verror_set(ve, "questions", "err.questions.list");
    return ERR_BAD_REQUEST;
  }
  if (cJSON_GetArraySize(questions) > QUESTIONS_MAX) {
    char n[16];
    snprintf(n, sizeof n, "%d", QUESTIONS_MAX);
    verror_setf(ve, "questions", "err.questions.too_many", n, NULL);
    return ERR_VALIDATION;
  }
  int i = 0;
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) {
    enum err e = VALIDATE(q, question_fields, VALIDATE_CREATE, ve);
    if (e == ERR_OK) e = question_extra_check(questions, q, ve);
    if (e != ERR_OK) {
      char prefix[32];
      snprintf(prefix, sizeof prefix, "questions.%d", i);
      if (!ve->field) ve->field = "";
      verror_prefix(ve, prefix);
      return e;
    }
    i++;
  }
  return ERR_OK;
}

cJSON *questions_clean(const cJSON *questions) {
  cJSON *out = cJSON_CreateArray();
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", json_str(q, "id"));
    cJSON_AddStringToObject(c, "label", json_str(q, "label"));
    const char *en = json_str(q, "label_en");
    if (en && en[0]) cJSON_AddStringToObject(c, "label_en", en);
    cJSON_AddStringToObject(c, "kind", json_str(q, "kind"));
    if (has_options(q)) cJSON_AddItemToObject(c, "options", cJSON_Duplicate(json_get(q, "options"), true));
    cJSON_AddBoolToObject(c, "required", json_bool(q, "required", false));
    cJSON_AddItemToArray(out, c);
  }
  return out;
}

/* The declarative rule of one question's answer; choices (for choice and multi) is malloc'ed. */
static struct field_rule answer_rule(const cJSON *q, char **choices) {
  bool required = json_bool(q, "required", false);
  struct field_rule r = {.name = json_str(q, "id"), .required = required, .nullable = !required};
  *choices = NULL;
  if (has_options(q)) {
    struct sbuf joined = {0};
    const cJSON *o;
    cJSON_ArrayForEach(o, json_get(q, "options")) {
      if (joined.len) sbuf_putc(&joined, '|');
      sbuf_puts(&joined, o->valuestring);
    }
    *choices = sbuf_steal(&joined);
    r.choices = *choices;
  }
  if (kind_is(q, "choice")) r.type = V_ENUM;
  else if (kind_is(q, "multi")) r.type = V_LIST, r.max_len = 200, r.max = QUESTION_OPTIONS_MAX;
  else if (kind_is(q, "checkbox")) r.type = V_BOOL;
  else r.type = V_TEXT, r.max_len = ANSWER_TEXT_MAX;
  return r;
}

/* What the rules cannot say: a required checkbox is ticked, and every answer has its question. */
static enum err answers_extra_check(const cJSON *questions, const cJSON *answers, struct verror *ve) {
  const cJSON *a;
  cJSON_ArrayForEach(a, answers) {
    const cJSON *q = question_find(questions, a->string);
    if (!q) {
      verror_set(ve, a->string, "err.questions.unknown");
      return ERR_VALIDATION;
    }
    if (kind_is(q, "checkbox") && json_bool(q, "required", false) && !cJSON_IsTrue(a)) {
      verror_set(ve, a->string, "err.questions.tick");
      return ERR_VALIDATION;
    }
  }
  return ERR_OK;
}

enum err answers_check(const cJSON *questions, const cJSON *answers, bool patch, struct verror *ve) {
  int n = cJSON_GetArraySize(questions);
  struct field_rule *rules = xcalloc((size_t)n + 1, sizeof *rules);
  char **choices = xcalloc((size_t)n + 1, sizeof *choices);
  int i = 0;
  const cJSON *q;
  cJSON_ArrayForEach(q, questions) {
    rules[i] = answer_rule(q, &choices[i]);
    i++;
  }
  cJSON *none = answers ? NULL : cJSON_CreateObject();
  enum err e = validate_body(answers ? answers : none, rules, (size_t)n, patch ? VALIDATE_PATCH : VALIDATE_CREATE, ve);
  if (e == ERR_OK) e = answers_extra_check(questions, answers ? answers : none, ve);
  if (e != ERR_OK) {
    if (!ve->field) ve->field = "";
    verror_prefix(ve, "answers");
    e = ERR_VALIDATION; /* a value of the wrong JSON type is a wrong answer like any other */
  }
  cJSON_Delete(none);
  for (int k = 0; k < n; k++) free(choices[k]);
  free(choices);
  free(rules);
  return e;
}

/* A yes or no written in a cell; NULL when it is neither. */
static cJSON *yes_no(const char *text) {
  static const char *const yes[] = {"sí", "si", "SÍ", "SI", "Sí", "Si", "x", "X", "true", "1", "yes"};
  static const char *const no[] = {"no", "NO", "No", "false", "0"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    if (strcmp(text, yes[i]) == 0) return cJSON_CreateTrue();
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    if (strcmp(text, no[i]) == 0) return cJSON_CreateFalse();
  return NULL;
}

/* "a; b" as ["a", "b"], spaces around each trimmed, empty parts left out. */
static cJSON *split_options(const char *text) {
  cJSON *list = cJSON_CreateArray();
  char *copy = xstrdup(text);
  for (char *save = NULL, *part = strtok_r(copy, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
    part += strspn(part, " \t");
    size_t len = strlen(part);
    while (len && (part[len - 1] == ' ' || part[len - 1] == '\t')) part[--len] = '\0';
    if (len) cJSON_AddItemToArray(list, cJSON_CreateString(part));
  }
  free(copy);
  return list;
}

void answers_from_text(const cJSON *questions, cJSON *answers) {
  cJSON *a = answers ? answers->child : NULL;
  for (cJSON *next; a; a = next) {
    next = a->next;
    const cJSON *q = question_find(questions, a->string);
    if (!q || !cJSON_IsString(a)) continue;
    cJSON *value = kind_is(q, "multi")      ? split_options(a->valuestring)
                   : kind_is(q, "checkbox") ? yes_no(a->valuestring)
                                            : NULL;
    if (value) cJSON_ReplaceItemInObjectCaseSensitive(answers, a->string, value);
  }
}

/* A stored form parsed, {} when there is none or it cannot be read. */
static cJSON *stored_parse(const char *stored) {
  cJSON *o = stored ? cJSON_Parse(stored) : NULL;
  if (cJSON_IsObject(o)) return o;
  cJSON_Delete(o);
  return cJSON_CreateObject();
}

char *answers_to_store(const cJSON *questions, const cJSON *answers, const char *stored) {
  cJSON *out = stored_parse(stored);
  const cJSON *a;
  cJSON_ArrayForEach(a, answers) {
    cJSON_DeleteItemFromObjectCaseSensitive(out, a->string);
    if (cJSON_IsNull(a)) continue;
    const cJSON *q = question_find(questions, a->string);
    const char *label = q ? json_str(q, "label") : NULL;
    cJSON *entry = cJSON_AddObjectToObject(out, a->string);
    cJSON_AddStringToObject(entry, "label", label ? label : a->string);
    cJSON_AddItemToObject(entry, "value", cJSON_Duplicate(a, true));
  }
  char *text = cJSON_PrintUnformatted(out);
  cJSON_Delete(out);
  return text;
}

cJSON *answers_values(const char *stored) {
  cJSON *in = stored_parse(stored), *out = cJSON_CreateObject();
  const cJSON *entry;
  cJSON_ArrayForEach(entry, in) {
    const cJSON *v = json_get(entry, "value");
    if (v) cJSON_AddItemToObject(out, entry->string, cJSON_Duplicate(v, true));
  }
  cJSON_Delete(in);
  return out;
}

cJSON *answers_labels(const cJSON *questions, const char *stored) {
  cJSON *in = stored_parse(stored), *out = cJSON_CreateObject();
  const cJSON *entry;
  cJSON_ArrayForEach(entry, in) {
    const cJSON *q = question_find(questions, entry->string);
    const char *label = json_str(q ? q : entry, "label");
    cJSON_AddStringToObject(out, entry->string, label ? label : entry->string);
  }
  cJSON_Delete(in);
  return out;
}

char *answer_text(const cJSON *value) {
  if (cJSON_IsString(value)) return xstrdup(value->valuestring);
  if (cJSON_IsBool(value)) return xstrdup(cJSON_IsTrue(value) ? "sí" : "no");
  struct sbuf out = {0};
  const cJSON *o;
  const cJSON *list = cJSON_IsArray(value) ? value : NULL;
  cJSON_ArrayForEach(o, list) if (cJSON_IsString(o)) {
    if (out.len) sbuf_puts(&out, "; ");
    sbuf_puts(&out, o->valuestring);
  }
  return sbuf_steal(&out);
}
