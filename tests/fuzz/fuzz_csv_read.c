/* fuzz_csv_read.c — libFuzzer target for the reader of uploaded CSV files (server/csv_read.c) and
 * the import that reads them (server/registration_import.c). Checks:
 *   - reading any bytes ends (CSV_END or CSV_UNCLOSED_QUOTE) with record lines that never go back;
 *   - every record read, written again with the CSV writer (csv.h) and read back with ',' gives the
 *     same fields (a record of one empty field, which no writer can express, aside);
 *   - planning an import of the bytes never crashes, lists at most IMPORT_MAX_ERRORS errors, and
 *     refuses input that is not UTF-8. */
#include <stdbool.h>

#include "csv.h"
#include "csv_read.h"
#include "fuzz.h"
#include "registration_import.h"

#define MAX_RECORDS 64

static void *fuzz_alloc(void *ctx, size_t bytes) {
  (void)ctx;
  void *p = calloc(1, bytes ? bytes : 1);
  if (!p) abort();
  return p;
}

static bool expressible(const struct csv_record *rec) { return !(rec->count == 1 && !*csv_field_at(rec, 0)); }

/* Writes the records of text with csv_field and compares them with a second reading. */
static void check_round_trip(const char *text, size_t len) {
  struct csv_reader r, again;
  struct csv_record rec = {0}, back = {0};
  struct csv out = {0};
  csv_reader_init(&r, text, len, csv_detect_separator(text, len));
  unsigned last_line = 0;
  int n = 0;
  enum csv_result res;
  while (n < MAX_RECORDS && (res = csv_read_record(&r, &rec)) == CSV_RECORD) {
    FUZZ_CHECK(rec.line >= last_line && rec.count >= 1, "record line %u after %u", rec.line, last_line);
    last_line = rec.line;
    if (!expressible(&rec)) continue;
    for (size_t i = 0; i < rec.count; i++) csv_field(&out, csv_field_at(&rec, i), false);
    csv_end_record(&out);
    n++;
  }
  csv_reader_init(&r, text, len, csv_detect_separator(text, len));
  csv_reader_init(&again, out.out.data ? out.out.data : "", out.out.len, ',');
  for (int k = 0; k < n;) {
    FUZZ_CHECK(csv_read_record(&r, &rec) == CSV_RECORD, "first reading changed");
    if (!expressible(&rec)) continue;
    FUZZ_CHECK(csv_read_record(&again, &back) == CSV_RECORD, "record %d lost when written again", k);
    FUZZ_CHECK(back.count == rec.count, "record %d: %zu fields, %zu after writing", k, rec.count, back.count);
    for (size_t i = 0; i < rec.count; i++)
      FUZZ_CHECK(strcmp(csv_field_at(&rec, i), csv_field_at(&back, i)) == 0, "record %d field %zu: [%s] vs [%s]", k, i,
                 csv_field_at(&rec, i), csv_field_at(&back, i));
    k++;
  }
  csv_record_free(&rec);
  csv_record_free(&back);
  sbuf_free(&out.out);
}

static void check_plan(const char *text, size_t len) {
  struct import_plan plan = {.alloc = fuzz_alloc};
  struct verror ve;
  enum err e = import_plan_build(text, len, &plan, &ve);
  size_t body_len = len;
  const char *body = csv_skip_bom(text, &body_len);
  if (!fuzz_utf8_ok((const unsigned char *)body, body_len)) FUZZ_CHECK(e != ERR_OK, "invalid UTF-8 accepted");
  if (e == ERR_OK) FUZZ_CHECK(cJSON_GetArraySize(plan.errors) <= IMPORT_MAX_ERRORS, "errors past the cap");
  else FUZZ_CHECK(ve.message[0], "refused without a reason");
  cJSON_Delete(plan.owner);
  free(plan.rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_cstr(data, size);
  check_round_trip(text, size);
  check_plan(text, size);
  free(text);
  return 0;
}
