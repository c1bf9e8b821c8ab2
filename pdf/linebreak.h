/* linebreak.h — total-fit line breaking of a justified paragraph (Knuth and Plass, "Breaking
 * paragraphs into lines", 1981, in a small form): of all the ways to break it, the one with the
 * least demerits, so that a long word that does not fit is hyphenated or moved rather than
 * leaving wide gaps. */
#ifndef ASAMBLEA_PDF_LINEBREAK_H
#define ASAMBLEA_PDF_LINEBREAK_H
#include "pdf/layout.h"

/* Breaks para's words (boxes; spaces between words that are not `joined` are glue that may
 * stretch; a joined word may end a line with a hyphen at a penalty; a `brk` word and the last end
 * a line) into para->lines, and sets `hyphen` on the words that end a line inside a word (the
 * caller adds the hyphen to them and to the line's `natural`). Measures the hyphen in each word's
 * face. There is always a
 * solution: a line of one word that overflows or does not fill is allowed, at a high cost. */
void linebreak_total_fit(struct layout_para *para, struct pdf_doc *doc);
#endif
