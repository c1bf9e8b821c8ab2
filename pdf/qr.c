/* qr.c — QR codes drawn as vector modules with libqrencode: error correction M, 8-bit mode,
 * case kept (casesensitive=1; 0 would upper-case the URL), version chosen by the data. Dark
 * modules of a row are merged into runs, all runs go into one path with one fill, over a white
 * square that includes the 4-module quiet zone scanners need on any background. */
#include <qrencode.h>

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

float pdf_qr(struct pdf_page *page, const char *text, float x, float y, float module) {
  if (!page || !pdf_ok(page->doc) || module <= 0) return 0;
  QRcode *q = encode(text);
  if (!q) return 0;
  int w = q->width;
  float side = (float)(w + 8) * module;
  pdf_end_text(page);
  HPDF_Page_SetRGBFill(page->hp, 1, 1, 1);
  HPDF_Page_Rectangle(page->hp, x, y, side, side);
  HPDF_Page_Fill(page->hp);
  HPDF_Page_SetRGBFill(page->hp, 0, 0, 0);
  for (int r = 0; r < w; r++) {
    const unsigned char *row = q->data + (size_t)r * (size_t)w;
    for (int c = 0; c < w;) {
      if (!(row[c] & 1)) {
        c++;
        continue;
      }
      int s = c;
      while (c < w && (row[c] & 1)) c++;
      HPDF_Page_Rectangle(page->hp, x + (float)(4 + s) * module, y + (float)(4 + w - 1 - r) * module,
                          (float)(c - s) * module, module);
    }
  }
  HPDF_Page_Fill(page->hp);
  QRcode_free(q);
  return side;
}
