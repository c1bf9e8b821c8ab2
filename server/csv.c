/* csv.c — CSV field writer (RFC 4180, CRLF records), with the formula guard of csv.h. */
#include "csv.h"

#include <string.h>

/* True when a spreadsheet would read value as a formula: its first character, after any spaces
 * (which spreadsheet programs skip), is = + - @, or a tab, CR or LF (OWASP's list, which also
 * covers a formula hidden behind a control character). */
static bool starts_formula(const char *value) {
  value += strspn(value, " ");
  return value[0] && strchr("=+-@\t\r\n", value[0]);
}

void csv_field(struct csv *c, const char *value, bool formula_guard) {
  if (c->mid_record) sbuf_putc(&c->out, ',');
  c->mid_record = true;
  bool guard = formula_guard && starts_formula(value);
  bool quote = guard || strpbrk(value, ",\"\r\n") != NULL;
  if (!quote) {
    sbuf_puts(&c->out, value);
    return;
  }
  sbuf_putc(&c->out, '"');
  if (guard) sbuf_putc(&c->out, '\'');
  for (const char *p = value; *p; p++) {
    if (*p == '"') sbuf_putc(&c->out, '"');
    sbuf_putc(&c->out, *p);
  }
  sbuf_putc(&c->out, '"');
}

void csv_end_record(struct csv *c) {
  sbuf_puts(&c->out, "\r\n");
  c->mid_record = false;
}
