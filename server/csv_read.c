/* csv_read.c — the CSV reader of csv_read.h, for uploaded spreadsheet files. */
#include "csv_read.h"

#include <stdlib.h>
#include <string.h>

const char *csv_skip_bom(const char *text, size_t *len) {
  if (*len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    *len -= 3;
    return text + 3;
  }
  return text;
}

char csv_detect_separator(const char *text, size_t len) {
  size_t commas = 0, semicolons = 0;
  bool quoted = false;
  size_t i = 0;
  while (i < len && (text[i] == '\n' || text[i] == '\r')) i++; /* empty lines before the header */
  for (; i < len; i++) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ',') commas++;
    else if (!quoted && c == ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

void csv_reader_init(struct csv_reader *r, const char *text, size_t len, char sep) {
  *r = (struct csv_reader){.p = text, .end = text + len, .sep = sep, .line = 1};
}

/* Consumes a line end at r->p (CRLF, LF or CR) and counts it; false when there is none. */
static bool take_line_end(struct csv_reader *r) {
  if (r->p >= r->end || (*r->p != '\n' && *r->p != '\r')) return false;
  if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') r->p++;
  r->p++;
  r->line++;
  return true;
}

static void start_field(struct csv_record *rec) {
  if (rec->count == rec->cap) {
    rec->cap = rec->cap ? rec->cap * 2 : 16;
    size_t *grown = realloc(rec->start, rec->cap * sizeof *grown);
    if (!grown) abort();
    rec->start = grown;
  }
  rec->start[rec->count++] = rec->text.len;
}

static void end_field(struct csv_record *rec) { sbuf_putc(&rec->text, '\0'); }

/* A quoted field from just after its opening quote to its closing one; false if it never closes. */
static bool read_quoted(struct csv_reader *r, struct csv_record *rec) {
  while (r->p < r->end) {
    char c = *r->p;
    if (c == '"') {
      if (r->p + 1 < r->end && r->p[1] == '"') {
        sbuf_putc(&rec->text, '"');
        r->p += 2;
        continue;
      }
      r->p++;
      return true;
    }
    if (c == '\r' || c == '\n') {
      sbuf_putc(&rec->text, '\n'); /* a line break inside a cell is kept as LF */
      take_line_end(r);
      continue;
    }
    sbuf_putc(&rec->text, c);
    r->p++;
  }
  return false;
}

/* Unquoted text up to the separator or the line end (also after a closing quote). */
static void read_plain(struct csv_reader *r, struct csv_record *rec) {
  while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r') sbuf_putc(&rec->text, *r->p++);
}

enum csv_result csv_read_record(struct csv_reader *r, struct csv_record *rec) {
  while (take_line_end(r)) {
  } /* empty lines */
  rec->count = 0;
  rec->text.len = 0;
  rec->line = r->line;
  if (r->p >= r->end) return CSV_END;
  for (;;) {
    start_field(rec);
    if (r->p < r->end && *r->p == '"') {
      r->p++;
      if (!read_quoted(r, rec)) return CSV_UNCLOSED_QUOTE;
    }
    read_plain(r, rec);
    end_field(rec);
    if (r->p < r->end && *r->p == r->sep) {
      r->p++;
      continue;
    }
    take_line_end(r);
    return CSV_RECORD;
  }
}

const char *csv_field_at(const struct csv_record *rec, size_t i) {
  return i < rec->count ? rec->text.data + rec->start[i] : "";
}

bool csv_record_blank(const struct csv_record *rec) {
  for (size_t i = 0; i < rec->count; i++) {
    const char *f = csv_field_at(rec, i);
    if (f[strspn(f, " \t")]) return false;
  }
  return true;
}

void csv_record_free(struct csv_record *rec) {
  free(rec->start);
  sbuf_free(&rec->text);
  *rec = (struct csv_record){0};
}
