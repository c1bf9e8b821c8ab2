/* reg_table.h — the registration table behind the organizer's list and its exports: one column
 * model (name and kind of each column) and one row reader (db_registrations_rows in
 * db_registrations.h) feed every format through a sink, so the JSON list, the CSV and the XLSX
 * always carry the same columns and the same rows for the same filters. A column added to the
 * model appears in all three. Nothing here knows SQL or HTTP. */
#ifndef ASAMBLEA_REG_TABLE_H
#define ASAMBLEA_REG_TABLE_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "csv.h"
#include "errors.h"
#include "util.h"

enum reg_cell_kind {
  REG_CELL_TEXT,    /* text as typed, identifiers included (codes, phones, cédulas): never a number */
  REG_CELL_INSTANT, /* ISO 8601 in the edition's local time with its offset, "" when there is none */
  REG_CELL_NUMBER,  /* a whole number (a place in the queue), "" when there is none: left out of JSON */
  REG_CELL_ANSWER,  /* the answer to a custom question as text; in JSON a member of the row's "answers" */
};

struct reg_column {
  const char *name; /* the JSON member (an answer: the question's id), and the header unless header is set */
  enum reg_cell_kind kind;
  const char *header; /* the header of the CSV and XLSX when not name: an answer's question label */
};
/* The header of column c in the CSV and XLSX. */
const char *reg_column_header(const struct reg_column *c);

/* Receives the header once, then each row: values[i] belongs to columns[i] (never NULL). */
struct reg_sink {
  void (*header)(void *ctx, const struct reg_column *columns, size_t n);
  void (*row)(void *ctx, const struct reg_column *columns, const char *const *values, size_t n);
  void *ctx;
};

/* JSON: one object per row appended to items (an array); an empty instant is null, an empty number
 * absent; answers go into the row's object "answers" ({id: text}, unanswered ones absent). */
struct reg_sink reg_sink_json(cJSON *items);
/* CSV (csv.h): UTF-8 BOM, a header row, then the rows; text cells get the formula guard. */
struct reg_sink reg_sink_csv(struct csv *c);

/* XLSX (reg_xlsx.c, libxlsxwriter): one sheet "Inscripciones", a bold frozen header with an
 * autofilter, text cells as strings, instants as date cells, columns as wide as their content (up
 * to REG_XLSX_MAX_WIDTH characters). The workbook is written to a private temporary file (mode
 * 0600 in $TMPDIR or /tmp), read back by reg_xlsx_finish and removed. */
#define REG_XLSX_MAX_WIDTH 60
struct reg_xlsx;
/* NULL when the temporary file or the workbook cannot be created. */
struct reg_xlsx *reg_xlsx_new(void);
struct reg_sink reg_sink_xlsx(struct reg_xlsx *x);
/* Closes the workbook and moves its bytes into out; ERR_INTERNAL if any step failed. Frees x (and
 * removes its file) in every case. */
enum err reg_xlsx_finish(struct reg_xlsx *x, struct sbuf *out);
/* Frees x and removes its file without producing anything (after a failed read). */
void reg_xlsx_discard(struct reg_xlsx *x);
#endif
