/* actual_text.h — marked content that tells text extraction what a stretch of glyphs says
 * (ActualText, PDF 1.5 §14.9.4): the two halves of a hyphenated word read as the word. */
#ifndef ASAMBLEA_PDF_ACTUAL_TEXT_H
#define ASAMBLEA_PDF_ACTUAL_TEXT_H
#include <stddef.h>

#include "pdf/pdf_internal.h"

/* Opens a /Span whose glyphs extract as text[0..len) (UTF-8; len 0: as nothing), inside the
 * page's text object (opened if needed). Close it with actual_text_end on the same page before
 * the text object ends. */
void actual_text_begin(struct pdf_page *page, const char *text, size_t len);
void actual_text_end(struct pdf_page *page);
#endif
