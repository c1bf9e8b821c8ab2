/* qr.c — QR codes as vector modules, compactly: libqrencode makes the matrix (error correction
 * M, 8-bit mode, case kept: casesensitive=1, as 0 would upper-case a URL; version chosen by the
 * data), and the modules are set as text in a small Type 3 font whose 16 glyphs are the 16
 * patterns of four modules side by side, each glyph a vector path (`re` … `f`) in the current
 * fill colour. A row of a version-5 code is ten letters, so a code costs about 500 bytes of
 * content instead of 3,500 as separate rectangles: a sheet of badges is a third the size and
 * three times quicker to compress. The code is drawn in module units (one `cm` scales and places
 * it) over a white square that includes the 4-module quiet zone scanners need on any background,
 * and is marked as a span with an empty /ActualText so that copying or extracting the page's
 * text does not pick the glyphs up as letters.
 *
 * libharu has no API for Type 3 fonts or raw content: the font is built from libharu's object
 * layer (hpdf_objects.h, as Debian's libhpdf-dev 2.3.0 installs it) and the content is written to
 * the page's content stream while libharu is between operators (pdf_end_text first). */
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "pdf/pdf_internal.h"

#define GLYPH_MODULES 4     /* modules per glyph */
#define FIRST_CODE 'A'      /* glyph v (bit 3 = leftmost module dark … bit 0 = rightmost) is 'A' + v */
/* Each run of dark modules reaches this far (in modules) past its edges. Letters are separate
 * fills, and a rasterizer that rounds each fill to whole pixels can leave a light line where two
 * fills merely touch (poppler did, across whole rows at 300 dpi); the overlap closes those lines.
 * It stays small because dark modules grow by twice as much: at 0.04 and more, jsQR (the door
 * scanner's decoder) missed every a6 badge rendered at 100 dpi, while 0 to 0.03 read them all. */
#define BLEED 0.02

static QRcode *encode(const char *text) {
  if (!text || !*text) return NULL;
  return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

float pdf_qr_size(const char *text, float module) {
  QRcode *q = encode(text);
  if (!q) return 0;
  float side = (float)(q->width + 8) * module;
  QRcode_free(q);
  return side;
}

/* The content stream of glyph v: its advance (d0, so that viewers draw it as a path like any
 * other: poppler caches d1 glyphs as bitmaps snapped to whole pixels, which opens gaps between
 * rows), then one rectangle per run of dark modules. It sets no colour: the fill colour is the
 * caller's. */
static void glyph_proc(HPDF_Stream s, unsigned v) {
  char buf[160];
  size_t n = (size_t)snprintf(buf, sizeof buf, "%d 0 d0\n", GLYPH_MODULES);
  int any = 0;
  for (int c = 0; c < GLYPH_MODULES;) {
    if (!(v >> (GLYPH_MODULES - 1 - c) & 1)) {
      c++;
      continue;
    }
    int start = c;
    while (c < GLYPH_MODULES && (v >> (GLYPH_MODULES - 1 - c) & 1)) c++;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%.2f %.2f %.2f %.2f re\n", start - BLEED, -BLEED,
                          c - start + 2 * BLEED, 1 + 2 * BLEED);
    any = 1;
  }
  if (any) n += (size_t)snprintf(buf + n, sizeof buf - n, "f\n");
  HPDF_Stream_Write(s, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
}

/* The document's QR font, made on first use: glyph space is module space (FontMatrix identity,
 * each glyph four modules wide and one tall), so with `1 Tf` and `1 TL` inside the code's `cm`
 * every letter is four modules and every line one row. NULL if libharu failed. */
static HPDF_Dict qr_font(struct pdf_doc *doc) {
  if (doc->qr_font) return doc->qr_font;
  HPDF_Doc h = doc->hpdf;
  HPDF_Dict font = HPDF_Dict_New(h->mmgr);
  if (!font || HPDF_Xref_Add(h->xref, font) != HPDF_OK) return NULL;
  HPDF_Dict procs = HPDF_Dict_New(h->mmgr), enc = HPDF_Dict_New(h->mmgr);
  HPDF_Array diffs = HPDF_Array_New(h->mmgr), widths = HPDF_Array_New(h->mmgr);
  HPDF_Array bbox = HPDF_Array_New(h->mmgr), matrix = HPDF_Array_New(h->mmgr);
  HPDF_Dict resources = HPDF_Dict_New(h->mmgr);
  if (!procs || !enc || !diffs || !widths || !bbox || !matrix || !resources) return NULL;
  HPDF_STATUS st = HPDF_Dict_AddName(font, "Type", "Font");
  st |= HPDF_Dict_AddName(font, "Subtype", "Type3");
  static const float BBOX[4] = {-BLEED, -BLEED, GLYPH_MODULES + BLEED, 1 + BLEED};
  static const int MATRIX[6] = {1, 0, 0, 1, 0, 0};
  for (int i = 0; i < 4; i++) st |= HPDF_Array_AddReal(bbox, BBOX[i]);
  for (int i = 0; i < 6; i++) st |= HPDF_Array_AddNumber(matrix, MATRIX[i]);
  st |= HPDF_Dict_Add(font, "FontBBox", bbox);
  st |= HPDF_Dict_Add(font, "FontMatrix", matrix);
  st |= HPDF_Array_AddNumber(diffs, FIRST_CODE);
  for (unsigned v = 0; v < 16; v++) {
    char name[4];
    snprintf(name, sizeof name, "q%X", v);
    HPDF_Dict proc = HPDF_DictStream_New(h->mmgr, h->xref);
    if (!proc) return NULL;
    glyph_proc(proc->stream, v);
    st |= HPDF_Dict_Add(procs, name, proc);
    st |= HPDF_Array_AddName(diffs, name);
    st |= HPDF_Array_AddNumber(widths, GLYPH_MODULES);
  }
  st |= HPDF_Dict_Add(font, "CharProcs", procs);
  st |= HPDF_Dict_AddName(enc, "Type", "Encoding");
  st |= HPDF_Dict_Add(enc, "Differences", diffs);
  st |= HPDF_Dict_Add(font, "Encoding", enc);
  st |= HPDF_Dict_AddNumber(font, "FirstChar", FIRST_CODE);
  st |= HPDF_Dict_AddNumber(font, "LastChar", FIRST_CODE + 15);
  st |= HPDF_Dict_Add(font, "Widths", widths);
  st |= HPDF_Dict_Add(font, "Resources", resources);
  if (st != HPDF_OK) return NULL;
  doc->qr_font = font;
  return font;
}

/* Puts the QR font in the page's font resources under the name /QR (libharu names its own
 * fonts F1, F2, …), creating the Font dictionary as libharu would if the page has none yet. */
static int page_uses_qr_font(struct pdf_page *page) {
  if (page->has_qr_font) return 1;
  HPDF_Dict font = qr_font(page->doc);
  if (!font) return 0;
  HPDF_PageAttr attr = (HPDF_PageAttr)page->hp->attr;
  if (!attr->fonts) {
    HPDF_Dict resources = HPDF_Page_GetInheritableItem(page->hp, "Resources", HPDF_OCLASS_DICT);
    HPDF_Dict fonts = resources ? HPDF_Dict_New(page->hp->mmgr) : NULL;
    if (!fonts || HPDF_Dict_Add(resources, "Font", fonts) != HPDF_OK) return 0;
    attr->fonts = fonts;
  }
  if (HPDF_Dict_Add(attr->fonts, "QR", font) != HPDF_OK) return 0;
  page->has_qr_font = 1;
  return 1;
}

/* A number for the content stream: up to three decimals, no trailing zeros. */
static size_t put_num(char *out, float v) {
  int n = snprintf(out, 24, "%.3f", (double)v);
  while (n > 0 && out[n - 1] == '0') n--;
  if (n > 0 && out[n - 1] == '.') n--;
  if (n == 2 && out[0] == '-' && out[1] == '0') out[0] = '0', n = 1;
  return (size_t)n;
}

/* The letters of row r: one per four modules, trailing all-light letters left out. */
static size_t row_letters(const QRcode *q, int r, char *out) {
  int w = q->width;
  const unsigned char *row = q->data + (size_t)r * (size_t)w;
  size_t n = 0, kept = 0;
  for (int c = 0; c < w; c += GLYPH_MODULES) {
    unsigned v = 0;
    for (int k = 0; k < GLYPH_MODULES; k++) v = v << 1 | (c + k < w ? row[c + k] & 1u : 0u);
    out[n++] = (char)(FIRST_CODE + v);
    if (v) kept = n;
  }
  return kept;
}

float pdf_qr(struct pdf_page *page, const char *text, float x, float y, float module) {
  if (!page || !pdf_ok(page->doc) || module <= 0) return 0;
  QRcode *q = encode(text);
  if (!q) return 0;
  int w = q->width;
  float side = (float)(w + 8) * module;
  pdf_end_text(page);
  HPDF_PageAttr attr = (HPDF_PageAttr)page->hp->attr;
  if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION || !page_uses_qr_font(page)) {
    QRcode_free(q);
    if (pdf_ok(page->doc)) page->doc->err = HPDF_INVALID_OBJECT;
    return 0;
  }
  /* worst case: the fixed parts plus, per row, (w/4 + 1) letters and "()'\n" */
  size_t cap = 256 + (size_t)w * ((size_t)w / GLYPH_MODULES + 6);
  char *buf = pdf_xmalloc(cap);
  size_t n = 0;
  char num[3][24];
  size_t lm = put_num(num[0], module), lx = put_num(num[1], x), ly = put_num(num[2], y);
  n += (size_t)snprintf(buf + n, cap - n, "q\n%.*s 0 0 %.*s %.*s %.*s cm\n1 g\n0 0 %d %d re\nf\n0 g\n",
                        (int)lm, num[0], (int)lm, num[0], (int)lx, num[1], (int)ly, num[2], w + 8, w + 8);
  n += (size_t)snprintf(buf + n, cap - n, "/Span<</ActualText()>>BDC\nBT\n/QR 1 Tf\n1 TL\n4 %d Td\n", w + 4);
  for (int r = 0; r < w; r++) {
    buf[n++] = '(';
    n += row_letters(q, r, buf + n);
    memcpy(buf + n, ")'\n", 3);
    n += 3;
  }
  n += (size_t)snprintf(buf + n, cap - n, "ET\nEMC\nQ\n");
  if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)n) != HPDF_OK && pdf_ok(page->doc))
    page->doc->err = HPDF_INVALID_OBJECT;
  free(buf);
  QRcode_free(q);
  return pdf_ok(page->doc) ? side : 0;
}
