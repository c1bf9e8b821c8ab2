/* csv.h — RFC 4180 fields for spreadsheet exports: quoted when they hold a comma, quote or line
 * break, and defused when they start like a formula (=, +, -, @, tab, CR, LF, also after leading
 * spaces), which spreadsheet programs would otherwise run: a single quote is put in front, as
 * OWASP recommends, so "+593 99 123 4567" reads "'+593 99 123 4567", text, not a sum. */
#ifndef ASAMBLEA_CSV_H
#define ASAMBLEA_CSV_H
#include <stdbool.h>

#include "util.h"

struct csv {
  struct sbuf out; /* the document so far */
  bool mid_record; /* a field was written since the last record end */
};

/* Appends one field; formula_guard prefixes a quote to a field that would start a formula. Every
 * field whose text comes from people must be guarded (a phone number too). */
void csv_field(struct csv *c, const char *value, bool formula_guard);
/* Ends a record with CRLF. */
void csv_end_record(struct csv *c);
#endif
