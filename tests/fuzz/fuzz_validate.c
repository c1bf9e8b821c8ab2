/* fuzz_validate.c — libFuzzer target for the way every JSON body enters the server
 * (http_router.c parse_json_body): json_text_acceptable() (strict UTF-8, nesting at most 64), then
 * cJSON's strict parse, then validate_body() against a table with every vtype, in both modes.
 * Checks, besides "no crash, no leak, no undefined behaviour":
 *   - json_text_acceptable agrees with an independent UTF-8 checker, and utf8_valid with it;
 *   - whatever passes the pre-check and parses is never nested deeper than the limit;
 *   - validate_body answers only OK / bad_request / validation_failed, names only a field of
 *     the table, and whatever it accepts really keeps each rule (length, control characters,
 *     e-mail, date, slug, enum, integer range, bool). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>

#include "fuzz.h"
#include "text.h"
#include "validate.h"

#define MAX_DEPTH 64

static const struct field_rule rules[] = {
    {.name = "s", .type = V_STRING, .required = true},
    {.name = "s10", .type = V_STRING, .max_len = 10, .nullable = true},
    {.name = "t", .type = V_TEXT},
    {.name = "t5", .type = V_TEXT, .max_len = 5},
    {.name = "email", .type = V_EMAIL},
    {.name = "email_req", .type = V_EMAIL, .required = true},
    {.name = "phone", .type = V_PHONE, .nullable = true},
    {.name = "date", .type = V_DATE},
    {.name = "at", .type = V_INSTANT},
    {.name = "slug", .type = V_SLUG},
    {.name = "slug8", .type = V_SLUG, .max_len = 8},
    {.name = "kind", .type = V_ENUM, .choices = "dialogue|panel|keynote"},
    {.name = "n", .type = V_INT},
    {.name = "range", .type = V_INT, .min = -5, .max = 5, .nullable = true},
    {.name = "big", .type = V_INT, .min = 0, .max = 9007199254740000LL},
    {.name = "b", .type = V_BOOL},
    {.name = "tz", .type = V_TIMEZONE},
    {.name = "list", .type = V_LIST, .max_len = 20, .max = 5},
    {.name = "picks", .type = V_LIST, .choices = "a|b|c", .required = true},
    {.name = "obj", .type = V_OBJECT},
};
#define NRULES (sizeof rules / sizeof rules[0])

static int depth_of(const cJSON *j) {
  int deepest = 0;
  for (const cJSON *c = j->child; c; c = c->next) {
    int d = depth_of(c);
    if (d > deepest) deepest = d;
  }
  return (cJSON_IsArray(j) || cJSON_IsObject(j)) ? deepest + 1 : 0;
}

static bool has_controls(const char *s, bool multiline) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p == 0x7F || (*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t' || *p == '\r')))) return true;
  return false;
}

static bool choice_ok(const char *v) {
  return strcmp(v, "dialogue") == 0 || strcmp(v, "panel") == 0 || strcmp(v, "keynote") == 0;
}

/* Whatever validate_body accepted keeps its rule. */
static void check_accepted(const cJSON *obj, enum validate_mode mode) {
  for (size_t i = 0; i < NRULES; i++) {
    const struct field_rule *r = &rules[i];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, r->name);
    if (!v) {
      FUZZ_CHECK(!(r->required && mode == VALIDATE_CREATE), "required field %s missing but accepted", r->name);
      continue;
    }
    if (cJSON_IsNull(v)) {
      FUZZ_CHECK(r->nullable, "null accepted for non-nullable %s", r->name);
      continue;
    }
    if (r->type == V_INT) {
      FUZZ_CHECK(cJSON_IsNumber(v), "%s: non-number accepted", r->name);
      double d = v->valuedouble;
      double lo = (double)r->min, hi = r->min == 0 && r->max == 0 ? 2147483647.0 : (double)r->max;
      FUZZ_CHECK(isfinite(d) && d == floor(d) && d >= lo && d <= hi, "%s: %g accepted", r->name, d);
      continue;
    }
    if (r->type == V_BOOL) {
      FUZZ_CHECK(cJSON_IsBool(v), "%s: non-bool accepted", r->name);
      continue;
    }
    FUZZ_CHECK(cJSON_IsString(v), "%s: non-string accepted", r->name);
    const char *s = v->valuestring;
    size_t max = r->max_len ? r->max_len : (r->type == V_TEXT ? 20000 : 200);
    FUZZ_CHECK(fuzz_utf8_ok((const unsigned char *)s, strlen(s)), "%s: invalid UTF-8 accepted", r->name);
    FUZZ_CHECK(utf8_length(s) <= max, "%s: %zu code points accepted, max %zu", r->name, utf8_length(s), max);
    FUZZ_CHECK(!has_controls(s, r->type == V_TEXT), "%s: control character accepted", r->name);
    switch (r->type) {
      case V_EMAIL: FUZZ_CHECK(s[0] == '\0' ? !r->required : valid_email(s), "%s: bad e-mail accepted", r->name); break;
      case V_PHONE: FUZZ_CHECK(s[0] == '\0' || valid_phone(s), "phone accepted: %s", s); break;
      case V_DATE: FUZZ_CHECK(valid_date(s), "date accepted: %s", s); break;
      case V_SLUG:
        FUZZ_CHECK(valid_slug(s, r->max_len) && strlen(s) <= (r->max_len ? r->max_len : 64), "slug accepted: %s", s);
        break;
      case V_ENUM: FUZZ_CHECK(choice_ok(s), "enum accepted: %s", s); break;
      default: break;
    }
  }
}

static void check_refused(enum err e, const struct verror *ve) {
  FUZZ_CHECK(e == ERR_BAD_REQUEST || e == ERR_VALIDATION, "validate_body returned %d", (int)e);
  FUZZ_CHECK(memchr(ve->message, '\0', sizeof ve->message) != NULL, "message not terminated");
  if (!ve->field) return;
  bool known = false;
  for (size_t i = 0; i < NRULES; i++) known |= ve->field == rules[i].name;
  FUZZ_CHECK(known, "field %s is not one of the table", ve->field);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *body = fuzz_cstr(data, size);
  bool utf8 = fuzz_utf8_ok(data, size);
  FUZZ_CHECK(utf8_valid(body, size) == utf8, "utf8_valid says %d, the reference says %d", !utf8, utf8);
  bool acceptable = json_text_acceptable(body, size, MAX_DEPTH);
  if (acceptable) FUZZ_CHECK(utf8, "invalid UTF-8 passed json_text_acceptable");
  /* the server's order: no NUL byte, acceptable text, then cJSON's strict parse */
  if (size > 0 && acceptable && !memchr(body, '\0', size)) {
    cJSON *json = cJSON_ParseWithLengthOpts(body, size + 1, NULL, 1);
    if (json) {
      FUZZ_CHECK(depth_of(json) <= MAX_DEPTH, "parsed nesting %d passed the %d limit", depth_of(json), MAX_DEPTH);
      for (int m = 0; m < 2; m++) {
        enum validate_mode mode = m ? VALIDATE_PATCH : VALIDATE_CREATE;
        struct verror ve;
        enum err e = validate_body(json, rules, NRULES, mode, &ve);
        if (e == ERR_OK) {
          FUZZ_CHECK(cJSON_IsObject(json), "a non-object body was accepted");
          check_accepted(json, mode);
          (void)json_int(json, "n", -1); /* handlers read integers only after validation */
          (void)json_int(json, "big", -1);
        } else {
          check_refused(e, &ve);
        }
      }
      /* the getters that take any type: never a crash */
      (void)json_str(json, "s");
      (void)json_bool(json, "b", false);
      (void)json_is_null(json, "phone");
      cJSON_Delete(json);
    }
  }
  free(body);
  return 0;
}
