/* csv.h — RFC 4180 fields for spreadsheet exports: quoted when they hold a comma, quote or line
 * break, and defused when they start like a formula (=, +, -, @), which spreadsheet programs
 * would otherwise run. */
#ifndef ASAMBLEA_CSV_H
#define ASAMBLEA_CSV_H
#include <stdbool.h>

#include "util.h"

struct csv {
  struct sbuf out;  /* the document so far */
  bool mid_record;  /* a field was written since the last record end */
};

/* Appends one field; formula_guard prefixes a quote to a field that would start a formula. */
void csv_field(struct csv *c, const char *value, bool formula_guard);
/* Ends a record with CRLF. */
void csv_end_record(struct csv *c);
#endif
