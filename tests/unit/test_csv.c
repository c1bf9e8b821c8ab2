/* test_csv.c — server/csv.c: RFC 4180 fields as spreadsheet exports need them. Plain fields go
 * out as they are; a comma, quote, CR or LF makes the field quoted with inner quotes doubled; a
 * field starting like a formula (=, +, -, @, tab, CR, LF, also behind leading spaces) is defused
 * with a ' inside quotes when the guard is asked for, and left alone when it is not; records end
 * with CRLF and never start with a comma. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* The CSV text of one record holding one field. */
static char *one_field(const char *value, bool guard) {
  struct csv c = {0};
  csv_field(&c, value, guard);
  return sbuf_steal(&c.out);
}

static void expect_field(const char *value, bool guard, const char *want) {
  char *got = one_field(value, guard);
  if (strcmp(got, want) != 0) fail_msg("csv_field(\"%s\", %d) = [%s], want [%s]", value, guard, got, want);
  free(got);
}

static void test_plain_fields(void **state) {
  (void)state;
  expect_field("Ana Pérez", true, "Ana Pérez");
  expect_field("Ana Pérez", false, "Ana Pérez");
  expect_field("GAD Municipal de Latacunga", true, "GAD Municipal de Latacunga");
  expect_field("ana@ame.gob.ec", true, "ana@ame.gob.ec");
  expect_field("", true, "");
  expect_field("", false, "");
  expect_field("2024-11-25T09:30:00-05:00", false, "2024-11-25T09:30:00-05:00");
  expect_field("don't", true, "don't");         /* an apostrophe alone needs nothing */
  expect_field("a;b\tc", false, "a;b\tc");      /* semicolons and inner tabs are plain text */
  expect_field("x=1+2-3@4", true, "x=1+2-3@4"); /* formula characters not at the start */
  expect_field("Ñandú ✓ 😀", true, "Ñandú ✓ 😀");
}

static void test_quoted_fields(void **state) {
  (void)state;
  expect_field("Quito, Pichincha", false, "\"Quito, Pichincha\"");
  expect_field("Quito, Pichincha", true, "\"Quito, Pichincha\"");
  expect_field("GAD \"Municipal\"", false, "\"GAD \"\"Municipal\"\"\"");
  expect_field("\"", false, "\"\"\"\"");
  expect_field("\"\"", false, "\"\"\"\"\"\"");
  expect_field("línea 1\nlínea 2", false, "\"línea 1\nlínea 2\"");
  expect_field("a\rb", false, "\"a\rb\"");
  expect_field("a\r\nb", true, "\"a\r\nb\"");
  expect_field(",", false, "\",\"");
  expect_field("dijo \"hola\", y se fue\n", true, "\"dijo \"\"hola\"\", y se fue\n\"");
}

static void test_formula_guard(void **state) {
  (void)state;
  expect_field("=1+1", true, "\"'=1+1\"");
  expect_field("+593 99 123 4567", true, "\"'+593 99 123 4567\"");
  expect_field("-5", true, "\"'-5\"");
  expect_field("@SUM(A1:A2)", true, "\"'@SUM(A1:A2)\"");
  expect_field("=HYPERLINK(\"http://x\",\"clic\")", true, "\"'=HYPERLINK(\"\"http://x\"\",\"\"clic\"\")\"");
  expect_field("=cmd|' /C calc'!A0", true, "\"'=cmd|' /C calc'!A0\"");
  expect_field("=A1,B1", true, "\"'=A1,B1\"");
  expect_field("=", true, "\"'=\"");
  /* no guard asked: the value goes out as it is (quoted only when it must be) */
  expect_field("=1+1", false, "=1+1");
  expect_field("+593 99 123 4567", false, "+593 99 123 4567");
  expect_field("-5", false, "-5");
  expect_field("@x", false, "@x");
  expect_field("=A1,B1", false, "\"=A1,B1\"");
  /* the guarded text, once unquoted, is the value with one ' in front */
  char *got = one_field("=2*3", true);
  assert_int_equal(strlen(got), strlen("=2*3") + 3);
  assert_int_equal(got[0], '"');
  assert_int_equal(got[1], '\'');
  assert_string_equal(got + 2, "=2*3\"");
  free(got);
}

/* What a spreadsheet skips before reading a formula (spaces), and the control characters OWASP
 * lists, are guarded too; a phone number stays readable: its digits, one ' in front. */
static void test_formula_guard_after_spaces_and_controls(void **state) {
  (void)state;
  expect_field(" =1+1", true, "\"' =1+1\"");
  expect_field("   @SUM(A1:A2)", true, "\"'   @SUM(A1:A2)\"");
  expect_field("  +593 99 123 4567", true, "\"'  +593 99 123 4567\"");
  expect_field(" -5", true, "\"' -5\"");
  expect_field("\t=1+1", true, "\"'\t=1+1\"");
  expect_field("\r=1+1", true, "\"'\r=1+1\"");
  expect_field("\n=1+1", true, "\"'\n=1+1\"");
  expect_field(" \t=1", true, "\"' \t=1\"");
  expect_field("+593 99 123 4567", true, "\"'+593 99 123 4567\"");
  expect_field("(02) 299-4500", true, "(02) 299-4500"); /* a phone that starts with no formula sign */
  expect_field("099 123 4567", true, "099 123 4567");
  /* spaces alone, or before plain text, need nothing */
  expect_field("   ", true, "   ");
  expect_field("  Ana", true, "  Ana");
  /* no guard asked: as it is */
  expect_field(" =1", false, " =1");
}

static void test_records(void **state) {
  (void)state;
  struct csv c = {0};
  csv_field(&c, "code", false);
  csv_field(&c, "full_name", false);
  csv_field(&c, "organization", false);
  csv_end_record(&c);
  csv_field(&c, "K7PM3Q", true);
  csv_field(&c, "=Ana", true);
  csv_field(&c, "AME, Quito", true);
  csv_end_record(&c);
  csv_field(&c, "", true); /* a record that starts with an empty field still has three */
  csv_field(&c, "Luis", true);
  csv_field(&c, "", true);
  csv_end_record(&c);
  assert_false(c.mid_record);
  char *text = sbuf_steal(&c.out);
  assert_string_equal(text,
                      "code,full_name,organization\r\n"
                      "K7PM3Q,\"'=Ana\",\"AME, Quito\"\r\n"
                      ",Luis,\r\n");
  free(text);
}

static void test_record_start_has_no_comma(void **state) {
  (void)state;
  struct csv c = {0};
  csv_field(&c, "a", false);
  assert_true(c.mid_record);
  csv_end_record(&c);
  assert_false(c.mid_record);
  csv_field(&c, "b", false);
  csv_end_record(&c);
  csv_end_record(&c); /* an empty record is just CRLF */
  csv_field(&c, "c", false);
  csv_field(&c, "d", false);
  csv_end_record(&c);
  assert_int_equal(c.out.len, strlen(c.out.data));
  assert_string_equal(c.out.data, "a\r\nb\r\n\r\nc,d\r\n");
  /* no bare LF outside quotes: every \n is preceded by \r */
  for (size_t i = 0; i < c.out.len; i++)
    if (c.out.data[i] == '\n') assert_true(i > 0 && c.out.data[i - 1] == '\r');
  sbuf_free(&c.out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain_fields),  cmocka_unit_test(test_quoted_fields),
      cmocka_unit_test(test_formula_guard), cmocka_unit_test(test_formula_guard_after_spaces_and_controls),
      cmocka_unit_test(test_records),       cmocka_unit_test(test_record_start_has_no_comma),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
