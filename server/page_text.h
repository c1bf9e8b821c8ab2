/* page_text.h — the language markers of the HTML pages, expanded when a page is served:
 * {{lang}} (the language's code, for <html lang>), {{t:key}} (a catalogue text, HTML-escaped;
 * keys ending in "_html" are trusted markup from the catalogue and copied as written) and
 * {{i18n-js}} (the catalogue's "js." texts as one JSON object, for web/js/i18n.js) and
 * {{lang-switch}} (the link to the same page in the other language, on public pages only). */
#ifndef ASAMBLEA_PAGE_TEXT_H
#define ASAMBLEA_PAGE_TEXT_H
#include <stddef.h>

#include "i18n.h"
#include "util.h"

/* Appends page[0..len) to out with every marker replaced for language l; switchable: whether the
 * page offers the other language (staff pages are Spanish only). */
void page_text_expand(const char *page, size_t len, enum lang l, bool switchable, struct sbuf *out);
#endif
