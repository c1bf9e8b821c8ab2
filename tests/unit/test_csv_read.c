/* test_csv_read.c — server/csv_read.c: the reader of uploaded CSV files. A BOM is skipped; the
 * separator is told from the header line (; when it has more semicolons than commas, quoted ones
 * not counted); quoted fields keep separators, doubled quotes and line breaks (CRLF inside a cell
 * becomes LF); records end with CRLF, LF or CR; empty lines are skipped with line numbers still
 * counted; ragged rows keep their own field count; a quote that never closes is reported at its
 * record's line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"

/* Reads the whole of text (BOM skipped, separator detected) and checks it against want: records
 * separated by '|', fields by '^', each record prefixed by its line number and ':'. */
static void expect_records(const char *text, const char *want) {
  size_t len = strlen(text);
  const char *body = csv_skip_bom(text, &len);
  struct csv_reader r;
  csv_reader_init(&r, body, len, csv_detect_separator(body, len));
  struct csv_record rec = {0};
  struct sbuf got = {0};
  sbuf_puts(&got, "");
  while (csv_read_record(&r, &rec) == CSV_RECORD) {
    if (got.len) sbuf_putc(&got, '|');
    sbuf_printf(&got, "%u:", rec.line);
    for (size_t i = 0; i < rec.count; i++) sbuf_printf(&got, "%s%s", i ? "^" : "", csv_field_at(&rec, i));
  }
  if (strcmp(got.data, want) != 0) fail_msg("read [%s], want [%s]", got.data, want);
  sbuf_free(&got);
  csv_record_free(&rec);
}

static void test_comma_and_semicolon(void **state) {
  (void)state;
  expect_records("a,b,c\n1,2,3\n", "1:a^b^c|2:1^2^3");
  expect_records("a;b;c\r\n1;2,5;3\r\n", "1:a^b^c|2:1^2,5^3");
  assert_int_equal(csv_detect_separator("\"x;y;z\",b\n", 10), ',');
  assert_int_equal(csv_detect_separator("a;b,c;d", 7), ';');
  assert_int_equal(csv_detect_separator("solo", 4), ',');
  assert_int_equal(csv_detect_separator("\r\n\na;b,c;d", 10), ';'); /* told from the first non-empty line */
}

static void test_bom_skipped(void **state) {
  (void)state;
  expect_records("\xEF\xBB\xBFnombre;correo\nAna;a@b.ec", "1:nombre^correo|2:Ana^a@b.ec");
  size_t len = 2;
  assert_string_equal(csv_skip_bom("ab", &len), "ab");
  assert_int_equal(len, 2);
}

static void test_quotes(void **state) {
  (void)state;
  expect_records("a,b\n\"x, y\",\"dijo \"\"hola\"\"\"\n", "1:a^b|2:x, y^dijo \"hola\"");
  expect_records("a,b\n\"uno\r\ndos\",z\nfin,1\n", "1:a^b|2:uno\ndos^z|4:fin^1");
  expect_records("a\nO'Brien \"Jr\"\n", "1:a|2:O'Brien \"Jr\""); /* a quote inside a plain field is text */
  expect_records("a\n\"x\"y\n", "1:a|2:xy");                     /* text after the closing quote is kept */
  expect_records("a,b\n\"\",\n", "1:a^b|2:^");
}

static void test_line_ends_and_empty_lines(void **state) {
  (void)state;
  expect_records("a\r\n\r\n\nb\rc", "1:a|4:b|5:c");
  expect_records("", "");
  expect_records("\n\n", "");
  expect_records("a,b", "1:a^b");
}

static void test_ragged_rows(void **state) {
  (void)state;
  expect_records("a,b,c\n1\n1,2,3,4\n", "1:a^b^c|2:1|3:1^2^3^4");
  struct csv_reader r;
  struct csv_record rec = {0};
  csv_reader_init(&r, "1\n", 2, ',');
  assert_int_equal(csv_read_record(&r, &rec), CSV_RECORD);
  assert_string_equal(csv_field_at(&rec, 5), "");
  csv_record_free(&rec);
}

static void test_blank_record(void **state) {
  (void)state;
  struct csv_reader r;
  struct csv_record rec = {0};
  const char *text = ";;  ;\nx;;\n";
  csv_reader_init(&r, text, strlen(text), ';');
  assert_int_equal(csv_read_record(&r, &rec), CSV_RECORD);
  assert_true(csv_record_blank(&rec));
  assert_int_equal(csv_read_record(&r, &rec), CSV_RECORD);
  assert_false(csv_record_blank(&rec));
  assert_int_equal(csv_read_record(&r, &rec), CSV_END);
  csv_record_free(&rec);
}

static void test_unclosed_quote(void **state) {
  (void)state;
  struct csv_reader r;
  struct csv_record rec = {0};
  const char *text = "a,b\n1,2\n\n3,\"abierto\n4,5\n";
  csv_reader_init(&r, text, strlen(text), ',');
  assert_int_equal(csv_read_record(&r, &rec), CSV_RECORD);
  assert_int_equal(csv_read_record(&r, &rec), CSV_RECORD);
  assert_int_equal(csv_read_record(&r, &rec), CSV_UNCLOSED_QUOTE);
  assert_int_equal(rec.line, 4);
  csv_record_free(&rec);
}

static void test_utf8_passes_through(void **state) {
  (void)state;
  expect_records("nombre;cantón\nJosé Ñacato;Latacunga\n", "1:nombre^cantón|2:José Ñacato^Latacunga");
  /* invalid UTF-8 is the caller's check (utf8_valid): the reader keeps bytes as they are */
  expect_records("a\n\xff\xfe\n", "1:a|2:\xff\xfe");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_comma_and_semicolon),
      cmocka_unit_test(test_bom_skipped),
      cmocka_unit_test(test_quotes),
      cmocka_unit_test(test_line_ends_and_empty_lines),
      cmocka_unit_test(test_ragged_rows),
      cmocka_unit_test(test_blank_record),
      cmocka_unit_test(test_unclosed_quote),
      cmocka_unit_test(test_utf8_passes_through),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
