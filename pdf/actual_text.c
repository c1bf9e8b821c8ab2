/* actual_text.c — actual_text.h: "/Span <</ActualText <FEFF…>>> BDC … EMC" written straight into
 * the page's content stream (libharu 2.3.0 has no marked-content calls; built without
 * HPDF_SHARED, its page record and stream are visible). The text is a UTF-16BE string in hex. */
#include "pdf/actual_text.h"

#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <string.h>

static HPDF_Stream content(struct pdf_page *page) { return ((HPDF_PageAttr)page->hp->attr)->stream; }

void actual_text_begin(struct pdf_page *page, const char *text, size_t len) {
  if (!page || !pdf_ok(page->doc)) return;
  pdf_begin_text(page);
  size_t cap = 40 + len * 4; /* 4 hex digits per code point, each at least a byte */
  char *out = pdf_xmalloc(cap), *o = out;
  static const char hex[] = "0123456789ABCDEF";
  o += sprintf(o, "/Span <</ActualText <%s", len ? "FEFF" : "");
  const char *p = text, *end = text + len;
  while (p < end) {
    uint32_t cp = pdf_utf8_next(&p, end);
    if (!cp) continue;
    for (int shift = 12; shift >= 0; shift -= 4) *o++ = hex[(cp >> shift) & 0xF];
  }
  strcpy(o, ">>> BDC\n");
  HPDF_Stream_WriteStr(content(page), out);
  free(out);
}

void actual_text_end(struct pdf_page *page) {
  if (!page || !pdf_ok(page->doc)) return;
  HPDF_Stream_WriteStr(content(page), "EMC\n");
}
