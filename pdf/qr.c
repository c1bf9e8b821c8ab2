/* qr.c — QR codes drawn as vector modules with libqrencode: error correction M, 8-bit mode,
 * case kept (casesensitive=1; 0 would upper-case the URL), version chosen by the data. The code is
 * drawn in module units (one `cm` scales and places it), so every rectangle is four small
 * integers ("4 36 7 1 re"); dark runs of a row are merged, and a run repeated exactly in the rows
 * below becomes one taller rectangle; all of them go into one path with one fill, over a white
 * square that includes the 4-module quiet zone scanners need on any background. */
#include <qrencode.h>
#include <string.h>

#include "pdf/pdf_internal.h"

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

static int dark(const QRcode *q, int r, int c) { return q->data[(size_t)r * (size_t)q->width + (size_t)c] & 1; }

/* Whether row r has a dark run exactly [s, e). */
static int same_run(const QRcode *q, int r, int s, int e) {
  if ((s > 0 && dark(q, r, s - 1)) || (e < q->width && dark(q, r, e))) return 0;
  for (int c = s; c < e; c++)
    if (!dark(q, r, c)) return 0;
  return 1;
}

float pdf_qr(struct pdf_page *page, const char *text, float x, float y, float module) {
  if (!page || !pdf_ok(page->doc) || module <= 0) return 0;
  QRcode *q = encode(text);
  if (!q) return 0;
  int w = q->width;
  float side = (float)(w + 8) * module;
  unsigned char *done = pdf_xcalloc((size_t)w * (size_t)w, 1); /* run starts already drawn by a taller rectangle */
  pdf_end_text(page);
  HPDF_Page_GSave(page->hp);
  HPDF_Page_Concat(page->hp, module, 0, 0, module, x, y);
  HPDF_Page_SetRGBFill(page->hp, 1, 1, 1);
  HPDF_Page_Rectangle(page->hp, 0, 0, (float)(w + 8), (float)(w + 8));
  HPDF_Page_Fill(page->hp);
  HPDF_Page_SetRGBFill(page->hp, 0, 0, 0);
  for (int r = 0; r < w; r++) {
    for (int c = 0; c < w;) {
      if (!dark(q, r, c)) {
        c++;
        continue;
      }
      int s = c;
      while (c < w && dark(q, r, c)) c++;
      if (done[(size_t)r * (size_t)w + (size_t)s]) continue;
      int h = 1;
      while (r + h < w && same_run(q, r + h, s, c)) done[(size_t)(r + h) * (size_t)w + (size_t)s] = 1, h++;
      HPDF_Page_Rectangle(page->hp, (float)(4 + s), (float)(4 + w - r - h), (float)(c - s), (float)h);
    }
  }
  HPDF_Page_Fill(page->hp);
  HPDF_Page_GRestore(page->hp);
  free(done);
  QRcode_free(q);
  return side;
}
