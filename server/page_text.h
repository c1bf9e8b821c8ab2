/* page_text.h — the language markers of the HTML pages, expanded when a page is served:
 * {{lang}} (the language's code, for <html lang>), {{t:key}} (a catalogue text, HTML-escaped;
 * keys ending in "_html" are trusted markup from the catalogue and copied as written) and
 * {{i18n-js}} (the catalogue's "js." texts as one JSON object, for web/js/i18n.js; the staff
 * pages' "js.staff." texts only on staff pages) and {{lang-switch}} (the link to the same page in
 * the other language). */
#ifndef ASAMBLEA_PAGE_TEXT_H
#define ASAMBLEA_PAGE_TEXT_H
#include <stddef.h>

#include "i18n.h"
#include "util.h"

/* Who a page is for: what attendees and speakers read, or staff and organizers (whose pages also
 * carry the browser texts under "js.staff."). */
enum page_audience { PAGE_PUBLIC, PAGE_STAFF };

/* Appends page[0..len) to out with every marker replaced for language l. */
void page_text_expand(const char *page, size_t len, enum lang l, enum page_audience audience, struct sbuf *out);
#endif
