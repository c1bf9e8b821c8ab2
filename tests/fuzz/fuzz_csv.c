/* fuzz_csv.c — libFuzzer target for the CSV field writer behind registrations.csv
 * (server/csv.c). The input is a flag byte (bit 0: formula guard on) and fields separated by
 * NUL bytes; two records of them are written, then read back with a strict RFC 4180 reader.
 * Checks:
 *   - every quote is balanced and doubled inside quoted fields; a bare quote, CR or LF never
 *     appears in an unquoted field; records end with CRLF;
 *   - reading the document gives back exactly the fields written (the guard's "'" added);
 *   - with the guard on, no field read back starts like a formula (= + - @ tab CR LF, after any
 *     leading spaces, which spreadsheets skip). */
#include <stdbool.h>

#include "csv.h"
#include "fuzz.h"

#define MAX_FIELDS 32

struct field {
  const char *s;
  size_t len;
};

/* True when a spreadsheet reads the cell as a formula: its first character after spaces. */
static bool formula_like(const char *v) {
  while (*v == ' ') v++;
  return *v && strchr("=+-@\t\r\n", *v);
}

/* Expected cell text for a value. */
static void expected(const char *v, bool guard, struct sbuf *out) {
  out->len = 0;
  if (guard && formula_like(v)) sbuf_putc(out, '\'');
  sbuf_puts(out, v);
  if (!out->data) sbuf_puts(out, "");
}

/* Reads one field at *pos into cell; false (with a message) on a malformed document. */
static void read_field(const char *doc, size_t len, size_t *pos, struct sbuf *cell) {
  size_t p = *pos;
  cell->len = 0;
  sbuf_puts(cell, "");
  if (p < len && doc[p] == '"') {
    p++;
    for (;;) {
      FUZZ_CHECK(p < len, "unbalanced quote: a quoted field never ends");
      if (doc[p] == '"') {
        if (p + 1 < len && doc[p + 1] == '"') {
          sbuf_putc(cell, '"');
          p += 2;
          continue;
        }
        p++;
        break;
      }
      sbuf_putc(cell, doc[p++]);
    }
    FUZZ_CHECK(p < len && (doc[p] == ',' || doc[p] == '\r'), "text after a closing quote at %zu", p);
  } else {
    while (p < len && doc[p] != ',' && doc[p] != '\r') {
      FUZZ_CHECK(doc[p] != '"' && doc[p] != '\n', "bare %s in an unquoted field", doc[p] == '"' ? "quote" : "LF");
      sbuf_putc(cell, doc[p++]);
    }
    FUZZ_CHECK(p < len, "record not ended by CRLF");
  }
  *pos = p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  bool guard = data[0] & 1;
  char *text = fuzz_cstr(data + 1, size - 1);
  struct field fields[MAX_FIELDS];
  size_t nf = 0;
  for (size_t start = 0; nf < MAX_FIELDS;) {
    fields[nf].s = text + start;
    fields[nf].len = strlen(text + start);
    nf++;
    start += fields[nf - 1].len + 1;
    if (start > size - 1) break;
  }
  struct csv c = {0};
  for (int rec = 0; rec < 2; rec++) {
    for (size_t i = 0; i < nf; i++) csv_field(&c, fields[i].s, guard);
    csv_end_record(&c);
  }
  FUZZ_CHECK(c.out.data && c.out.data[c.out.len] == '\0', "document not NUL-terminated");
  const char *doc = c.out.data;
  size_t len = c.out.len, pos = 0;
  struct sbuf cell = {0}, want = {0};
  for (int rec = 0; rec < 2; rec++) {
    for (size_t i = 0; i < nf; i++) {
      read_field(doc, len, &pos, &cell);
      expected(fields[i].s, guard, &want);
      FUZZ_CHECK(cell.len == want.len && memcmp(cell.data, want.data, want.len) == 0,
                 "field %zu of record %d reads back as \"%s\", not \"%s\"", i, rec, cell.data, want.data);
      if (guard && cell.len) FUZZ_CHECK(!formula_like(cell.data), "formula not defused: %s", cell.data);
      if (i + 1 < nf) {
        FUZZ_CHECK(doc[pos] == ',', "fields not separated by a comma at %zu", pos);
        pos++;
      }
    }
    FUZZ_CHECK(pos < len && doc[pos] == '\r' && doc[pos + 1] == '\n', "record %d not ended by CRLF", rec);
    pos += 2;
  }
  FUZZ_CHECK(pos == len, "%zu bytes after the last record", len - pos);
  sbuf_free(&cell);
  sbuf_free(&want);
  sbuf_free(&c.out);
  free(text);
  return 0;
}
