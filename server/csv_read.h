/* csv_read.h — a CSV reader for spreadsheet files people upload (csv.h is the writer): UTF-8 with
 * or without a byte order mark, comma or semicolon separated (as LibreOffice and Excel write it in
 * Spanish-speaking locales; told apart from the header line), fields quoted or not, quotes doubled
 * inside quoted fields, line breaks (CRLF, LF or CR) inside quoted fields, records ended by CRLF,
 * LF or CR. Empty lines are skipped; rows may have fewer or more fields than the header (the caller
 * decides). Lenient as spreadsheet programs are: a quote inside an unquoted field is text, and text
 * after a closing quote is kept. The one malformation is a quoted field that never closes. */
#ifndef ASAMBLEA_CSV_READ_H
#define ASAMBLEA_CSV_READ_H
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct csv_reader {
  const char *p, *end;
  char sep;      /* ',' or ';' */
  unsigned line; /* physical line (1-based) where the next record starts */
};

/* One record: count fields, each NUL-terminated inside text (field i starts at text.data + start[i]). */
struct csv_record {
  unsigned line; /* physical line where the record starts */
  size_t count;
  size_t *start; /* capacity cap */
  size_t cap;
  struct sbuf text;
};

enum csv_result { CSV_RECORD, CSV_END, CSV_UNCLOSED_QUOTE };

/* Skips a UTF-8 byte order mark at the start of text. */
const char *csv_skip_bom(const char *text, size_t *len);
/* ';' when the first non-empty line (outside quotes) holds more semicolons than commas, else ','. */
char csv_detect_separator(const char *text, size_t len);
/* Starts reading text[0..len) (the BOM already skipped) with separator sep. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len, char sep);
/* Reads the next non-empty record into rec (reused between calls). CSV_UNCLOSED_QUOTE leaves
 * rec->line at the record that holds the quote; reading stops there. */
enum csv_result csv_read_record(struct csv_reader *r, struct csv_record *rec);
const char *csv_field_at(const struct csv_record *rec, size_t i); /* "" past the last field */
/* True when every field is empty or spaces (a row a spreadsheet left with only separators). */
bool csv_record_blank(const struct csv_record *rec);
void csv_record_free(struct csv_record *rec);
#endif
