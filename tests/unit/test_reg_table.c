/* test_reg_table.c — the sinks of the registration table (server/reg_table.c, server/reg_xlsx.c):
 * the same header and rows give a JSON object per row (an empty instant is null), CSV records with
 * the formula guard on text only, and an XLSX workbook — read back with `unzip -p` — whose text
 * cells are strings (0991234567 and "=1+1" stay text), whose instants are date cells, with a
 * frozen header, an autofilter over every row and capped column widths; the workbook's temporary
 * file is gone afterwards. An answer column is headed by its question's label in the CSV and XLSX
 * and goes into the row's "answers" object in JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reg_table.h"

static const struct reg_column columns[] = {{"phone", REG_CELL_TEXT, NULL},
                                            {"full_name", REG_CELL_TEXT, NULL},
                                            {"checked_in_at", REG_CELL_INSTANT, NULL},
                                            {"taller", REG_CELL_ANSWER, "¿Qué taller?"}};
#define N 4

static void feed(const struct reg_sink *s) {
  static const char long_name[] =
      "Gobierno Autónomo Descentralizado Municipal del Cantón Arajuno, Provincia de Pastaza";
  const char *rows[][N] = {{"0991234567", "=1+1", "2025-10-16T09:30:00-05:00", "=Agua"}, {"", long_name, "", ""}};
  s->header(s->ctx, columns, N);
  for (size_t i = 0; i < 2; i++) s->row(s->ctx, columns, rows[i], N);
}

static void test_json(void **state) {
  (void)state;
  cJSON *items = cJSON_CreateArray();
  struct reg_sink s = reg_sink_json(items);
  feed(&s);
  char *text = cJSON_PrintUnformatted(items);
  assert_string_equal(
      text,
      "[{\"phone\":\"0991234567\",\"full_name\":\"=1+1\",\"checked_in_at\":\"2025-10-16T09:30:00-05:00\","
      "\"answers\":{\"taller\":\"=Agua\"}},"
      "{\"phone\":\"\",\"full_name\":\"Gobierno Autónomo Descentralizado Municipal del Cantón "
      "Arajuno, Provincia de Pastaza\",\"checked_in_at\":null,\"answers\":{}}]");
  free(text);
  cJSON_Delete(items);
}

static void test_csv(void **state) {
  (void)state;
  struct csv c = {0};
  struct reg_sink s = reg_sink_csv(&c);
  feed(&s);
  char *text = sbuf_steal(&c.out);
  assert_string_equal(
      text,
      "\xEF\xBB\xBFphone,full_name,checked_in_at,¿Qué taller?\r\n"
      "0991234567,\"'=1+1\",2025-10-16T09:30:00-05:00,\"'=Agua\"\r\n"
      ",\"Gobierno Autónomo Descentralizado Municipal del Cantón Arajuno, Provincia de Pastaza\",,\r\n");
  free(text);
}

/* A part of the zip in path, read with unzip -p (NULL when absent). */
static char *zip_part(const char *path, const char *part) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, part);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  struct sbuf b = {0};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) sbuf_append(&b, buf, n);
  pclose(p);
  return b.len ? sbuf_steal(&b) : (sbuf_free(&b), NULL);
}

/* How many files in dir start with prefix. */
static int count_files(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  closedir(d);
  return n;
}

static void test_xlsx(void **state) {
  (void)state;
  char dir[] = "/tmp/asamblea-test-xlsx-XXXXXX";
  assert_non_null(mkdtemp(dir));
  setenv("TMPDIR", dir, 1);
  struct reg_xlsx *x = reg_xlsx_new();
  assert_non_null(x);
  assert_int_equal(count_files(dir, "asamblea-xlsx-"), 1); /* the workbook's private file */
  struct reg_sink s = reg_sink_xlsx(x);
  feed(&s);
  struct sbuf out = {0};
  assert_int_equal(reg_xlsx_finish(x, &out), ERR_OK);
  assert_int_equal(count_files(dir, "asamblea-xlsx-"), 0); /* removed once read */
  assert_true(out.len > 1000);
  assert_memory_equal(out.data, "PK", 2);
  char path[128];
  snprintf(path, sizeof path, "%s/libro.xlsx", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
  fclose(f);
  sbuf_free(&out);
  char *sheet = zip_part(path, "xl/worksheets/sheet1.xml");
  char *strings = zip_part(path, "xl/sharedStrings.xml");
  char *styles = zip_part(path, "xl/styles.xml");
  assert_non_null(sheet);
  assert_non_null(strings);
  assert_non_null(styles);
  /* shared strings, in order of first use: the header, then the text cells */
  assert_non_null(strstr(strings,
                         "<si><t>phone</t></si><si><t>full_name</t></si><si><t>checked_in_at</t></si>"
                         "<si><t>¿Qué taller?</t></si><si><t>0991234567</t></si><si><t>=1+1</t></si>"));
  assert_non_null(strstr(sheet, "<c r=\"A2\" t=\"s\"><v>4</v></c>")); /* the phone: text */
  assert_non_null(strstr(sheet, "<c r=\"B2\" t=\"s\"><v>5</v></c>")); /* a string, not a formula */
  assert_non_null(strstr(sheet, "<c r=\"D2\" t=\"s\"><v>6</v></c>")); /* the answer: a string */
  assert_null(strstr(sheet, "<f>"));
  assert_non_null(strstr(sheet, "<c r=\"C2\" s=\"2\"><v>45946.395833")); /* 2025-10-16 09:30 local */
  assert_null(strstr(sheet, "r=\"A3\""));                                /* an empty cell is left out */
  assert_null(strstr(sheet, "r=\"C3\""));
  assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd hh:mm\""));
  assert_non_null(strstr(sheet, "<c r=\"A1\" s=\"1\" t=\"s\">")); /* the header is bold */
  assert_non_null(strstr(styles, "<font><b/>"));
  assert_non_null(strstr(sheet, "state=\"frozen\""));
  assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:D3\"/>"));
  char want[64];
  snprintf(want, sizeof want, "<col min=\"2\" max=\"2\" width=\"%d", REG_XLSX_MAX_WIDTH);
  assert_non_null(strstr(sheet, want)); /* the long name: capped */
  free(sheet);
  free(strings);
  free(styles);
  unlink(path);
  rmdir(dir);
  unsetenv("TMPDIR");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_csv),
      cmocka_unit_test(test_xlsx),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
