/* wrap.c — pdf_wrap of pdf.h: plain text (no markup) broken into lines of a maximum width, for
 * callers that draw the lines themselves (badges, certificates). It is the paragraph breaker of
 * para.c with '\n' as a forced line end, returning each line as a string. */
#include <string.h>

#include "pdf/layout.h"
#include "pdf/pdf_internal.h"

size_t pdf_wrap(struct pdf_doc *doc, enum pdf_font font, float size, const char *text, float max_width, char ***lines) {
  *lines = NULL;
  if (!doc || !text) return 0;
  struct layout_para p;
  size_t n = layout_para_wrap(&p, doc, text, font, size, max_width, LAYOUT_LEFT, LAYOUT_HARD_NEWLINES);
  if (n) {
    *lines = pdf_xcalloc(n, sizeof **lines);
    for (size_t i = 0; i < n; i++) (*lines)[i] = layout_line_text(&p, i);
  }
  layout_para_free(&p);
  return n;
}

void pdf_lines_free(char **lines, size_t n) {
  if (!lines) return;
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);
}
