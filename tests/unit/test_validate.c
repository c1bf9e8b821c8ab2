/* test_validate.c — server/validate.c: validate_body() against field tables (missing, wrong
 * JSON type, length in code points, blank, control characters, enums, integer ranges, null,
 * PATCH mode), with the field at fault and the Spanish sentence of every refusal (never empty; a
 * too-long value's sentence names the limit); the single-value checks (email, phone, date, slug)
 * and the pre-parse check of a body's text (valid UTF-8, nesting depth with brackets inside
 * strings not counted). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

/* Parses json (must be valid), validates it against rules, frees it; returns the error and fills *ve.
 * Every failure must come with a Spanish sentence for the person: ve->message is never empty then. */
static enum err check(const char *json, const struct field_rule *rules, size_t n, enum validate_mode mode,
                      struct verror *ve) {
  cJSON *o = cJSON_Parse(json);
  if (!o) fail_msg("test JSON does not parse: %s", json);
  memset(ve, 0, sizeof *ve);
  ve->field = "unset";
  enum err e = validate_body(o, rules, n, mode, ve);
  cJSON_Delete(o);
  if (e != ERR_OK && ve->message[0] == '\0')
    fail_msg("%s: %s with an empty message (field %s)", json, err_code(e), ve->field ? ve->field : "(null)");
  return e;
}
#define CHECK(json, rules, mode, ve) check((json), (rules), sizeof(rules) / sizeof((rules)[0]), (mode), (ve))

/* Asserts that json validates to want, with field named (NULL: no field). */
static void expect(const char *json, const struct field_rule *rules, size_t n, enum validate_mode mode, enum err want,
                   const char *want_field) {
  struct verror ve;
  enum err got = check(json, rules, n, mode, &ve);
  const char *field = ve.field;
  if (got != want)
    fail_msg("%s: got %s (field %s: %s), want %s", json, err_code(got), field ? field : "(null)", ve.message,
             err_code(want));
  if (want_field == NULL) {
    if (field != NULL) fail_msg("%s: field \"%s\", want none", json, field);
  } else {
    if (field == NULL || strcmp(field, want_field) != 0)
      fail_msg("%s: field \"%s\", want \"%s\"", json, field ? field : "(null)", want_field);
  }
}
#define EXPECT(json, rules, mode, want, want_field) \
  expect((json), (rules), sizeof(rules) / sizeof((rules)[0]), (mode), (want), (want_field))

/* Asserts that json fails on want_field with a message containing part. */
static void expect_message(const char *json, const struct field_rule *rules, size_t n, const char *want_field,
                           const char *part) {
  struct verror ve;
  enum err got = check(json, rules, n, VALIDATE_CREATE, &ve);
  if (got == ERR_OK) fail_msg("%s: accepted", json);
  if (ve.field == NULL || strcmp(ve.field, want_field) != 0)
    fail_msg("%s: field \"%s\", want \"%s\"", json, ve.field ? ve.field : "(null)", want_field);
  if (strstr(ve.message, part) == NULL) fail_msg("%s: message \"%s\" does not contain \"%s\"", json, ve.message, part);
}
#define EXPECT_MESSAGE(json, rules, want_field, part) \
  expect_message((json), (rules), sizeof(rules) / sizeof((rules)[0]), (want_field), (part))

static const struct field_rule person_rules[] = {
    {.name = "name", .type = V_STRING, .required = true, .max_len = 5},
    {.name = "bio", .type = V_TEXT, .max_len = 10},
    {.name = "email", .type = V_EMAIL},
    {.name = "phone", .type = V_PHONE},
    {.name = "role", .type = V_ENUM, .choices = "speaker|moderator|panelist"},
    {.name = "seats", .type = V_INT, .min = 1, .max = 10},
    {.name = "count", .type = V_INT},
    {.name = "capacity", .type = V_INT, .nullable = true, .min = 0, .max = 1000},
    {.name = "public", .type = V_BOOL},
    {.name = "on", .type = V_DATE},
    {.name = "at", .type = V_INSTANT},
    {.name = "slug", .type = V_SLUG},
    {.name = "tz", .type = V_TIMEZONE},
};

static void test_valid_body_passes(void **state) {
  (void)state;
  EXPECT("{\"name\":\"Ana\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT(
      "{\"name\":\"Ana\",\"bio\":\"lí 1\\nlí\",\"email\":\"ana@ame.gob.ec\",\"phone\":\"099 123 4567\","
      "\"role\":\"moderator\",\"seats\":10,\"count\":0,\"capacity\":null,\"public\":false,\"on\":\"2024-11-25\","
      "\"at\":\"2024-11-25T09:30:00-05:00\",\"slug\":\"latacunga-2024\",\"tz\":\"America/Guayaquil\","
      "\"unknown\":[1,2,{}]}",
      person_rules, VALIDATE_CREATE, ERR_OK, NULL);
}

static void test_not_an_object(void **state) {
  (void)state;
  struct verror ve;
  assert_int_equal(CHECK("[1,2]", person_rules, VALIDATE_CREATE, &ve), ERR_BAD_REQUEST);
  assert_null(ve.field);
  assert_int_equal(CHECK("\"x\"", person_rules, VALIDATE_CREATE, &ve), ERR_BAD_REQUEST);
  assert_null(ve.field);
  assert_int_equal(CHECK("null", person_rules, VALIDATE_CREATE, &ve), ERR_BAD_REQUEST);
  assert_null(ve.field);
  memset(&ve, 0, sizeof ve);
  ve.field = "unset";
  assert_int_equal(validate_body(NULL, person_rules, 1, VALIDATE_CREATE, &ve), ERR_BAD_REQUEST);
  assert_null(ve.field);
  assert_true(ve.message[0] != '\0');
}

static void test_missing_required(void **state) {
  (void)state;
  EXPECT("{}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"bio\":\"x\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  /* names are case-sensitive: "Name" is not "name" */
  EXPECT("{\"Name\":\"Ana\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
}

static void test_wrong_json_type(void **state) {
  (void)state;
  EXPECT("{\"name\":5}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "name");
  EXPECT("{\"name\":true}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "name");
  EXPECT("{\"name\":[\"Ana\"]}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "name");
  EXPECT("{\"name\":{}}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "name");
  EXPECT("{\"name\":\"Ana\",\"seats\":\"3\"}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "seats");
  EXPECT("{\"name\":\"Ana\",\"seats\":true}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "seats");
  EXPECT("{\"name\":\"Ana\",\"public\":\"true\"}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "public");
  EXPECT("{\"name\":\"Ana\",\"public\":1}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "public");
  EXPECT("{\"name\":\"Ana\",\"role\":1}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "role");
  EXPECT("{\"name\":\"Ana\",\"on\":20241125}", person_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "on");
}

static void test_first_failing_field_is_named(void **state) {
  (void)state;
  /* rules are checked in table order; the field named is the first one at fault */
  EXPECT("{\"name\":\"Ana\",\"role\":\"chair\",\"seats\":0}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
}

static void test_max_len_in_code_points(void **state) {
  (void)state;
  /* max_len 5 on name */
  EXPECT("{\"name\":\"abcde\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"abcdef\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"ñañañ\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);            /* 5 code points, 8 bytes */
  EXPECT("{\"name\":\"ñañaña\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name"); /* 6 code points */
  EXPECT("{\"name\":\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\"}",
         person_rules, VALIDATE_CREATE, ERR_OK, NULL); /* 5 emoji, 20 bytes */
  /* a \u escape counts as the one code point it decodes to */
  EXPECT("{\"name\":\"\\u00f1\\u00f1\\u00f1\\u00f1\\u00f1\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  /* V_TEXT max 10 */
  EXPECT("{\"name\":\"A\",\"bio\":\"áéíóúáéíóú\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"bio\":\"áéíóúáéíóúx\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "bio");
  /* the sentence for a too-long value names the limit */
  EXPECT_MESSAGE("{\"name\":\"abcdef\"}", person_rules, "name", "5");
  EXPECT_MESSAGE("{\"name\":\"A\",\"bio\":\"áéíóúáéíóúx\"}", person_rules, "bio", "10");
}

static void test_default_max_len(void **state) {
  (void)state;
  static const struct field_rule rules[] = {
      {.name = "s", .type = V_STRING},
      {.name = "t", .type = V_TEXT},
  };
  char *buf = malloc(20000 * 2 + 64);
  /* V_STRING: 200 */
  strcpy(buf, "{\"s\":\"");
  for (int i = 0; i < 200; i++) strcat(buf, "ñ");
  strcat(buf, "\"}");
  EXPECT(buf, rules, VALIDATE_CREATE, ERR_OK, NULL);
  strcpy(buf, "{\"s\":\"");
  for (int i = 0; i < 201; i++) strcat(buf, "a");
  strcat(buf, "\"}");
  EXPECT(buf, rules, VALIDATE_CREATE, ERR_VALIDATION, "s");
  EXPECT_MESSAGE(buf, rules, "s", "200");
  /* V_TEXT: 20000 */
  size_t o = (size_t)sprintf(buf, "{\"t\":\"");
  for (int i = 0; i < 20000; i++) buf[o++] = 'x';
  strcpy(buf + o, "\"}");
  EXPECT(buf, rules, VALIDATE_CREATE, ERR_OK, NULL);
  strcpy(buf + o, "y\"}");
  EXPECT(buf, rules, VALIDATE_CREATE, ERR_VALIDATION, "t");
  EXPECT_MESSAGE(buf, rules, "t", "20000");
  free(buf);
}

static void test_blank_required_string(void **state) {
  (void)state;
  EXPECT("{\"name\":\"\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"   \"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  /* a blank required field cannot be written by a PATCH either */
  EXPECT("{\"name\":\" \"}", person_rules, VALIDATE_PATCH, ERR_VALIDATION, "name");
  /* blank is fine for an optional string */
  EXPECT("{\"name\":\"A\",\"bio\":\"  \"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
}

static void test_control_characters(void **state) {
  (void)state;
  /* V_STRING: one line */
  EXPECT("{\"name\":\"a\\nb\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"a\\tb\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"a\\rb\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"a\\u0007\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"a\\u001b\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":\"a\\u007f\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  /* V_TEXT: newlines and tabs allowed, other controls not */
  EXPECT("{\"name\":\"A\",\"bio\":\"a\\nb\\tc\\r\\n\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"bio\":\"a\\u0001\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "bio");
  EXPECT("{\"name\":\"A\",\"bio\":\"a\\u007f\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "bio");
}

/* printable_script: what the PDFs cannot print as typed is refused, on that field only. */
static void test_printable_script(void **state) {
  (void)state;
  static const struct field_rule rules[] = {
      {.name = "full_name", .type = V_STRING, .required = true, .printable_script = true},
      {.name = "note", .type = V_STRING},
  };
  EXPECT("{\"full_name\":\"박민준 (Park Min-jun)\"}", rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"full_name\":\"山田 太郎\"}", rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"full_name\":\"Ελένη Пётр Ñandú\"}", rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"full_name\":\"محمد علي\"}", rules, VALIDATE_CREATE, ERR_VALIDATION, "full_name");
  EXPECT("{\"full_name\":\"राम\"}", rules, VALIDATE_CREATE, ERR_VALIDATION, "full_name");
  EXPECT("{\"full_name\":\"Ana \\ud83d\\ude00\"}", rules, VALIDATE_CREATE, ERR_VALIDATION, "full_name");
  EXPECT("{\"full_name\":\"Ana\",\"note\":\"محمد\"}", rules, VALIDATE_CREATE, ERR_OK, NULL);
}

static void test_enum(void **state) {
  (void)state;
  EXPECT("{\"name\":\"A\",\"role\":\"speaker\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"role\":\"panelist\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"role\":\"Speaker\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
  EXPECT("{\"name\":\"A\",\"role\":\"speak\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
  EXPECT("{\"name\":\"A\",\"role\":\"speakers\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
  EXPECT("{\"name\":\"A\",\"role\":\"speaker|moderator\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
  EXPECT("{\"name\":\"A\",\"role\":\"\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
  EXPECT("{\"name\":\"A\",\"role\":\"|\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "role");
}

static const struct field_rule list_rules[] = {
    {.name = "tags", .type = V_LIST, .max_len = 5, .max = 3},
    {.name = "picks", .type = V_LIST, .choices = "a|b|c", .required = true},
    {.name = "extra", .type = V_OBJECT},
};

static void test_list_and_object(void **state) {
  (void)state;
  EXPECT("{\"picks\":[\"a\",\"c\"],\"tags\":[\"uno\"],\"extra\":{}}", list_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"picks\":[]}", list_rules, VALIDATE_CREATE, ERR_VALIDATION, "picks");      /* required: one at least */
  EXPECT("{\"picks\":[\"d\"]}", list_rules, VALIDATE_CREATE, ERR_VALIDATION, "picks"); /* not a choice */
  EXPECT("{\"picks\":[\"a\",\"a\"]}", list_rules, VALIDATE_CREATE, ERR_VALIDATION, "picks"); /* repeated */
  EXPECT("{\"picks\":\"a\"}", list_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "picks");        /* not a list */
  EXPECT("{\"picks\":[1]}", list_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "picks");
  EXPECT("{\"picks\":[\"a\"],\"tags\":[\"a\",\"b\",\"c\",\"d\"]}", list_rules, VALIDATE_CREATE, ERR_VALIDATION, "tags");
  EXPECT("{\"picks\":[\"a\"],\"tags\":[\"seisss\"]}", list_rules, VALIDATE_CREATE, ERR_VALIDATION, "tags");
  EXPECT("{\"picks\":[\"a\"],\"tags\":[\" \"]}", list_rules, VALIDATE_CREATE, ERR_VALIDATION, "tags");
  EXPECT("{\"picks\":[\"a\"],\"extra\":[]}", list_rules, VALIDATE_CREATE, ERR_BAD_REQUEST, "extra");
}

static void test_int_range(void **state) {
  (void)state;
  EXPECT("{\"name\":\"A\",\"seats\":1}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"seats\":10}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"seats\":1.0}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"seats\":0}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"A\",\"seats\":11}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"A\",\"seats\":-1}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"A\",\"seats\":1.5}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"A\",\"seats\":9.999}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"A\",\"seats\":1e400}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"A\",\"seats\":-1e400}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "seats");
  /* min = max = 0: any non-negative 32-bit value */
  EXPECT("{\"name\":\"A\",\"count\":0}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"count\":2147483647}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"count\":2147483648}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "count");
  EXPECT("{\"name\":\"A\",\"count\":-1}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "count");
  EXPECT("{\"name\":\"A\",\"count\":1e400}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "count");
  EXPECT("{\"name\":\"A\",\"count\":0.5}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "count");
}

static void test_negative_range(void **state) {
  (void)state;
  static const struct field_rule rules[] = {{.name = "n", .type = V_INT, .min = -5, .max = -1}};
  EXPECT("{\"n\":-5}", rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"n\":-1}", rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"n\":0}", rules, VALIDATE_CREATE, ERR_VALIDATION, "n");
  EXPECT("{\"n\":-6}", rules, VALIDATE_CREATE, ERR_VALIDATION, "n");
}

static void test_nullable(void **state) {
  (void)state;
  EXPECT("{\"name\":\"A\",\"capacity\":null}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"capacity\":1000}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"capacity\":1001}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "capacity");
  /* null on a required, non-nullable field is a validation failure naming it */
  EXPECT("{\"name\":null}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "name");
  EXPECT("{\"name\":null}", person_rules, VALIDATE_PATCH, ERR_VALIDATION, "name");
  /* null on an optional, non-nullable field is refused too, naming it */
  struct verror ve;
  enum err e = CHECK("{\"name\":\"A\",\"seats\":null}", person_rules, VALIDATE_CREATE, &ve);
  assert_true(e == ERR_BAD_REQUEST || e == ERR_VALIDATION);
  assert_non_null(ve.field);
  assert_string_equal(ve.field, "seats");
  assert_true(ve.message[0] != '\0');
}

static void test_patch_ignores_required(void **state) {
  (void)state;
  EXPECT("{}", person_rules, VALIDATE_PATCH, ERR_OK, NULL);
  EXPECT("{\"bio\":\"nuevo\"}", person_rules, VALIDATE_PATCH, ERR_OK, NULL);
  /* but what is present is still checked */
  EXPECT("{\"seats\":99}", person_rules, VALIDATE_PATCH, ERR_VALIDATION, "seats");
  EXPECT("{\"name\":\"too long\"}", person_rules, VALIDATE_PATCH, ERR_VALIDATION, "name");
  EXPECT("{\"name\":1}", person_rules, VALIDATE_PATCH, ERR_BAD_REQUEST, "name");
}

static void test_typed_strings_in_body(void **state) {
  (void)state;
  EXPECT("{\"name\":\"A\",\"email\":\"a@b\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "email");
  EXPECT("{\"name\":\"A\",\"phone\":\"12\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "phone");
  EXPECT("{\"name\":\"A\",\"phone\":\"\"}", person_rules, VALIDATE_CREATE, ERR_OK,
         NULL); /* optional phone may be empty */
  EXPECT("{\"name\":\"A\",\"on\":\"2023-02-29\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "on");
  EXPECT("{\"name\":\"A\",\"at\":\"2024-11-25T09:30\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"at\":\"2024-11-25T09:30Z\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"at\":\"2024-11-25T25:00\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "at");
  EXPECT("{\"name\":\"A\",\"at\":\"mañana\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "at");
  EXPECT("{\"name\":\"A\",\"at\":\"2024-11-25T09:30:00.000Z\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"at\":\"2024-11-25 09:30\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "at");
  EXPECT("{\"name\":\"A\",\"slug\":\"Latacunga\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "slug");
  EXPECT("{\"name\":\"A\",\"tz\":\"America/Guayaquil\"}", person_rules, VALIDATE_CREATE, ERR_OK, NULL);
  EXPECT("{\"name\":\"A\",\"tz\":\"Nowhere/Else\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "tz");
  EXPECT("{\"name\":\"A\",\"tz\":\"../../etc/passwd\"}", person_rules, VALIDATE_CREATE, ERR_VALIDATION, "tz");
}

/* Each kind of failure carries a sentence for the person, naming what is expected. */
static void test_mail_messages(void **state) {
  (void)state;
  EXPECT_MESSAGE("{}", person_rules, "name", "obligatorio");
  EXPECT_MESSAGE("{\"name\":\"  \"}", person_rules, "name", "obligatorio");
  EXPECT_MESSAGE("{\"name\":\"abcdef\"}", person_rules, "name", "máximo 5");
  EXPECT_MESSAGE("{\"name\":\"a\\nb\"}", person_rules, "name", "control");
  EXPECT_MESSAGE("{\"name\":\"A\",\"role\":\"chair\"}", person_rules, "role", "speaker");
  EXPECT_MESSAGE("{\"name\":\"A\",\"role\":\"chair\"}", person_rules, "role", "panelist");
  EXPECT_MESSAGE("{\"name\":\"A\",\"seats\":11}", person_rules, "seats", "10");
  EXPECT_MESSAGE("{\"name\":\"A\",\"seats\":\"3\"}", person_rules, "seats", "número");
  EXPECT_MESSAGE("{\"name\":\"A\",\"email\":\"a@b\"}", person_rules, "email", "correo");
  /* an address with accents says why it is refused, and how to write an accented domain */
  EXPECT_MESSAGE("{\"name\":\"A\",\"email\":\"josé@example.org\"}", person_rules, "email", "tildes ni ñ");
  EXPECT_MESSAGE("{\"name\":\"A\",\"email\":\"jose@bücher.example\"}", person_rules, "email", "xn--");
  EXPECT_MESSAGE("{\"name\":\"A\",\"on\":\"2023-02-29\"}", person_rules, "on", "AAAA-MM-DD");
  EXPECT_MESSAGE("{\"name\":\"A\",\"tz\":\"Nowhere/Else\"}", person_rules, "tz", "America/Guayaquil");
  /* the sentence for an enum lists the choices separated by commas, not bars */
  struct verror ve;
  assert_int_equal(CHECK("{\"name\":\"A\",\"role\":\"chair\"}", person_rules, VALIDATE_CREATE, &ve), ERR_VALIDATION);
  assert_null(strchr(ve.message, '|'));
  /* a success leaves no field and no leftover message of an earlier failure */
  assert_int_equal(CHECK("{\"name\":\"Ana\"}", person_rules, VALIDATE_CREATE, &ve), ERR_OK);
  assert_null(ve.field);
  /* verror_set fills both parts */
  verror_set(&ve, "ends_on", "La fecha de cierre no puede ser anterior a la de inicio.");
  assert_string_equal(ve.field, "ends_on");
  assert_string_equal(ve.message, "La fecha de cierre no puede ser anterior a la de inicio.");
}

static void test_valid_email(void **state) {
  (void)state;
  assert_true(valid_email("ana.perez@ame.gob.ec"));
  assert_true(valid_email("jose@xn--bcher-kva.example")); /* an internationalized domain, as punycode */
  assert_true(valid_email("a@b.ec"));
  assert_true(valid_email("first+tag@municipio-quito.gob.ec"));
  assert_true(valid_email("x@sub.domain.org"));

  assert_false(valid_email(""));
  /* the mailer cannot deliver to non-ASCII addresses: refused at the edge */
  assert_false(valid_email("dirección.cooperación@ame.gob.ec"));
  assert_false(valid_email("josé@example.org"));
  assert_false(valid_email("jose@bücher.example"));
  assert_false(valid_email("a@b"));
  assert_false(valid_email("a@@b.ec"));
  assert_false(valid_email("a@b@c.ec"));
  assert_false(valid_email("a b@c.ec"));
  assert_false(valid_email("@x.ec"));
  assert_false(valid_email("@xyz.ec"));
  assert_false(valid_email("x@.ec"));
  assert_false(valid_email("abc@.ame.ec"));
  assert_false(valid_email("abc@ame..ec"));
  assert_false(valid_email("abc@ame.e"));   /* one-letter top-level domain */
  assert_false(valid_email("abc@ame.ec.")); /* trailing dot */
  assert_false(valid_email("abc@-ame.ec"));
  assert_false(valid_email(".abc@ame.ec"));
  assert_false(valid_email("abc.@ame.ec"));
  assert_false(valid_email("abcame.ec"));
  assert_false(valid_email("abc@ame.ec\n"));
  assert_false(valid_email("a\tb@ame.ec"));
  assert_false(valid_email("<a@ame.ec>"));
  assert_false(valid_email("a,b@ame.ec"));
  assert_false(valid_email("\"a\"@ame.ec"));

  /* local part at most 64 bytes, whole address at most 254 */
  char buf[300];
  memset(buf, 'a', 64);
  strcpy(buf + 64, "@ame.gob.ec");
  assert_true(valid_email(buf));
  memset(buf, 'a', 65);
  strcpy(buf + 65, "@ame.gob.ec");
  assert_false(valid_email(buf));
  strcpy(buf, "a@");
  memset(buf + 2, 'b', 249);
  strcpy(buf + 251, ".ec"); /* 254 bytes */
  assert_int_equal(strlen(buf), 254);
  assert_true(valid_email(buf));
  strcpy(buf, "a@");
  memset(buf + 2, 'b', 250);
  strcpy(buf + 252, ".ec"); /* 255 bytes */
  assert_false(valid_email(buf));
}

/* An edition's contact address is published as written: accents allowed, the shape still checked. */
static void test_valid_contact_email(void **state) {
  (void)state;
  assert_true(valid_contact_email("dirección.cooperación@ame.gob.ec"));
  assert_true(valid_contact_email("ana.perez@ame.gob.ec"));
  assert_false(valid_contact_email("dirección.cooperación@ame"));
  assert_false(valid_contact_email("a b@ame.gob.ec"));
  assert_false(valid_contact_email("@ame.gob.ec"));
  static const struct field_rule rules[] = {{.name = "contact_email", .type = V_CONTACT_EMAIL},
                                            {.name = "email", .type = V_EMAIL}};
  cJSON *body = cJSON_Parse("{\"contact_email\": \"dirección.cooperación@ame.gob.ec\"}");
  struct verror ve;
  assert_int_equal(validate_body(body, rules, 2, VALIDATE_PATCH, &ve), ERR_OK);
  cJSON_Delete(body);
  body = cJSON_Parse("{\"email\": \"dirección.cooperación@ame.gob.ec\"}");
  assert_int_equal(validate_body(body, rules, 2, VALIDATE_PATCH, &ve), ERR_VALIDATION);
  assert_string_equal(ve.field, "email");
  cJSON_Delete(body);
}

static void test_valid_phone(void **state) {
  (void)state;
  assert_true(valid_phone("099 123 4567"));
  assert_true(valid_phone("+593 99 123 4567"));
  assert_true(valid_phone("(02) 2345-678"));
  assert_true(valid_phone("0991234567"));
  assert_true(valid_phone("02.234.5678"));
  assert_true(valid_phone("1234567"));         /* 7 digits */
  assert_true(valid_phone("123456789012345")); /* 15 digits */

  assert_false(valid_phone(""));
  assert_false(valid_phone("12"));
  assert_false(valid_phone("123456"));           /* 6 digits */
  assert_false(valid_phone("1234567890123456")); /* 16 digits */
  assert_false(valid_phone("abc"));
  assert_false(valid_phone("099 123 456a"));
  assert_false(valid_phone("+593+1"));
  assert_false(valid_phone("+593 99 123+4567"));
  assert_false(valid_phone("++593991234567"));
  assert_false(valid_phone("099/123/4567"));
  assert_false(valid_phone("099 123 4567\n"));
  assert_false(valid_phone("       "));
  assert_false(valid_phone("٠٩٩١٢٣٤٥٦٧")); /* Arabic-Indic digits are not ASCII digits */
}

static void test_valid_date(void **state) {
  (void)state;
  assert_true(valid_date("2024-02-29"));
  assert_true(valid_date("2000-02-29")); /* divisible by 400 */
  assert_true(valid_date("2024-11-25"));
  assert_true(valid_date("2024-12-31"));
  assert_true(valid_date("2024-01-01"));

  assert_false(valid_date("2023-02-29"));
  assert_false(valid_date("1900-02-29")); /* divisible by 100, not by 400 */
  assert_false(valid_date("2024-13-01"));
  assert_false(valid_date("2024-00-10"));
  assert_false(valid_date("2024-04-31"));
  assert_false(valid_date("2024-11-00"));
  assert_false(valid_date("2024-11-32"));
  assert_false(valid_date("2024-1-01"));
  assert_false(valid_date("2024-01-1"));
  assert_false(valid_date("24-01-01"));
  assert_false(valid_date("2024/01/01"));
  assert_false(valid_date("2024-01-01T00:00"));
  assert_false(valid_date("2024-01-01 "));
  assert_false(valid_date(" 2024-01-01"));
  assert_false(valid_date("2024-+1-01"));
  assert_false(valid_date("2024- 1-01"));
  assert_false(valid_date(""));
}

static void test_valid_slug(void **state) {
  (void)state;
  assert_true(valid_slug("latacunga-2024", 0));
  assert_true(valid_slug("a", 0));
  assert_true(valid_slug("2025", 0));

  assert_false(valid_slug("", 0));
  assert_false(valid_slug("-latacunga", 0));
  assert_false(valid_slug("Latacunga", 0));
  assert_false(valid_slug("lata cunga", 0));
  assert_false(valid_slug("lata_cunga", 0));
  assert_false(valid_slug("latacunga.2024", 0));
  assert_false(valid_slug("ñandú", 0));
  assert_false(valid_slug("../x", 0));
  assert_false(valid_slug("a/b", 0));

  char buf[80];
  memset(buf, 'a', 64);
  buf[64] = '\0';
  assert_true(valid_slug(buf, 0)); /* default maximum 64 */
  buf[64] = 'a';
  buf[65] = '\0';
  assert_false(valid_slug(buf, 0));
  assert_true(valid_slug("abcde", 5));
  assert_false(valid_slug("abcdef", 5));
}

/* "[[[...]]]" nested depth times, with an optional prefix/suffix inside the innermost brackets. */
static char *nested(int depth, const char *inner) {
  size_t n = strlen(inner);
  char *s = malloc((size_t)depth * 2 + n + 1);
  for (int i = 0; i < depth; i++) s[i] = '[';
  memcpy(s + depth, inner, n);
  for (int i = 0; i < depth; i++) s[(size_t)depth + n + (size_t)i] = ']';
  s[(size_t)depth * 2 + n] = '\0';
  return s;
}

static void test_json_text_acceptable(void **state) {
  (void)state;
  const char *ok = "{\"name\":\"Pérez\",\"n\":[1,{\"a\":[]}]}";
  assert_true(json_text_acceptable(ok, strlen(ok), 64));

  /* invalid UTF-8, anywhere */
  const char *bad = "{\"name\":\"P\xC3\x28rez\"}";
  assert_false(json_text_acceptable(bad, strlen(bad), 64));
  const char *overlong = "{\"n\":\"\xC0\xAF\"}";
  assert_false(json_text_acceptable(overlong, strlen(overlong), 64));
  const char *truncated = "{\"n\":\"x\"}\xE2\x82";
  assert_false(json_text_acceptable(truncated, strlen(truncated), 64));

  /* nesting: 64 accepted, 65 refused; objects and arrays both count */
  char *s64 = nested(64, "1");
  char *s65 = nested(65, "1");
  assert_true(json_text_acceptable(s64, strlen(s64), 64));
  assert_false(json_text_acceptable(s65, strlen(s65), 64));
  free(s64);
  free(s65);
  char obj[1024] = "";
  for (int i = 0; i < 65; i++) strcat(obj, "{\"a\":");
  strcat(obj, "1");
  for (int i = 0; i < 65; i++) strcat(obj, "}");
  assert_false(json_text_acceptable(obj, strlen(obj), 64));
  assert_true(json_text_acceptable(obj, strlen(obj), 65));

  /* sequential (not nested) brackets never add up */
  char flat[2048] = "[";
  for (int i = 0; i < 200; i++) strcat(flat, i ? ",[]" : "[]");
  strcat(flat, "]");
  assert_true(json_text_acceptable(flat, strlen(flat), 2));

  /* brackets inside strings are text, including after an escaped quote */
  char str[512] = "{\"a\":\"";
  for (int i = 0; i < 100; i++) strcat(str, "[{");
  strcat(str, "\"}");
  assert_true(json_text_acceptable(str, strlen(str), 64));
  char esc[512] = "{\"a\":\"\\\"";
  for (int i = 0; i < 100; i++) strcat(esc, "[");
  strcat(esc, "\\\\\"}");
  assert_true(json_text_acceptable(esc, strlen(esc), 64));
  /* ...but brackets after the string closes count again */
  char after[512] = "{\"a\":\"[[[\",\"b\":";
  char *deep = nested(64, "0");
  strcat(after, deep);
  strcat(after, "}");
  free(deep);
  assert_false(json_text_acceptable(after, strlen(after), 64)); /* 1 object + 64 arrays = 65 */

  /* the length bounds the scan: bytes after len are not looked at */
  const char *cut = "[1]\xFF";
  assert_true(json_text_acceptable(cut, 3, 64));
  assert_false(json_text_acceptable(cut, 4, 64));
}

static void test_json_getters(void **state) {
  (void)state;
  cJSON *o = cJSON_Parse("{\"s\":\"x\",\"n\":42,\"b\":true,\"z\":null,\"f\":1.9}");
  assert_string_equal(json_str(o, "s"), "x");
  assert_null(json_str(o, "n"));
  assert_null(json_str(o, "S")); /* case-sensitive */
  assert_int_equal(json_int(o, "n", -1), 42);
  assert_int_equal(json_int(o, "s", -1), -1);
  assert_int_equal(json_int(o, "missing", 7), 7);
  assert_true(json_bool(o, "b", false));
  assert_true(json_bool(o, "n", true)); /* fallback: not a bool */
  assert_false(json_bool(o, "n", false));
  assert_true(json_has(o, "z"));
  assert_true(json_is_null(o, "z"));
  assert_false(json_is_null(o, "s"));
  assert_false(json_has(o, "missing"));
  assert_null(json_get(NULL, "s"));
  cJSON *arr = cJSON_Parse("[1]");
  assert_null(json_get(arr, "s"));
  cJSON_Delete(arr);
  cJSON_Delete(o);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_body_passes),
      cmocka_unit_test(test_not_an_object),
      cmocka_unit_test(test_missing_required),
      cmocka_unit_test(test_wrong_json_type),
      cmocka_unit_test(test_first_failing_field_is_named),
      cmocka_unit_test(test_mail_messages),
      cmocka_unit_test(test_max_len_in_code_points),
      cmocka_unit_test(test_default_max_len),
      cmocka_unit_test(test_blank_required_string),
      cmocka_unit_test(test_control_characters),
      cmocka_unit_test(test_printable_script),
      cmocka_unit_test(test_enum),
      cmocka_unit_test(test_list_and_object),
      cmocka_unit_test(test_int_range),
      cmocka_unit_test(test_negative_range),
      cmocka_unit_test(test_nullable),
      cmocka_unit_test(test_patch_ignores_required),
      cmocka_unit_test(test_typed_strings_in_body),
      cmocka_unit_test(test_valid_email),
      cmocka_unit_test(test_valid_contact_email),
      cmocka_unit_test(test_valid_phone),
      cmocka_unit_test(test_valid_date),
      cmocka_unit_test(test_valid_slug),
      cmocka_unit_test(test_json_text_acceptable),
      cmocka_unit_test(test_json_getters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
