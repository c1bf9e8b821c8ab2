/* qr.c — QR codes drawn so that their dark area is exact at any resolution: libqrencode makes
 * the matrix (error correction M, 8-bit mode, case kept: casesensitive=1, as 0 would upper-case a
 * URL; version chosen by the data), and the modules are painted as an image mask, one bit per
 * module, scaled to the code's size with /Interpolate false, in the current fill colour over a
 * white square that includes the 4-module quiet zone scanners need on any background.
 *
 * Why a mask and not vector squares: a rasterizer fills every pixel a path touches (Ghostscript,
 * as printer drivers and draft modes run it, without anti-aliasing), so each dark module of a path
 * grows by up to a pixel and light modules shrink; a mask paints a pixel by its centre, so dark
 * and light keep their share at any resolution. Dark area after gs pngmono at 100 to 600 dpi:
 * 0.99–1.01 of the ideal, against 1.08–1.43 for the module font (Type 3 glyphs) this replaces.
 * On an a4-10 sheet of 30 badges (2-point modules, version 5), after pngmono at 100 dpi the door
 * scanner's jsQR reads 30 of 30 codes drawn as a mask, 3 of 30 drawn as plain squares or as one
 * path of runs, 0 of 30 drawn with the font (zbar: 30, 30, 17); at 120 dpi 27, 24 and 0; at 150,
 * 300 and 600 dpi and anti-aliased (gs png16m, pdftoppm) the mask reads every code with both
 * decoders. The mask adds nothing to the text layer (pdf.js and mupdf extracted the font's glyphs
 * as letters), and it is the smallest: a row of a version-5 code is five bytes, written as
 * hexadecimal (/AHx, so that no binary byte can end the inline image early); that sheet is 92 KB,
 * against 95 KB with the font and 108 KB as one path of runs.
 *
 * libharu has no API for inline images or raw content: the content is written to the page's
 * content stream while libharu is between operators (pdf_end_text first). */
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>

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

/* A number for the content stream: up to three decimals, no trailing zeros. */
static size_t put_num(char *out, float v) {
  int n = snprintf(out, 24, "%.3f", (double)v);
  while (n > 0 && out[n - 1] == '0') n--;
  if (n > 0 && out[n - 1] == '.') n--;
  if (n == 2 && out[0] == '-' && out[1] == '0') out[0] = '0', n = 1;
  return (size_t)n;
}

/* The inline image mask of the code, drawn over the w × w modules inside the quiet zone of module
 * space: bit 0 paints (the default /Decode), so dark modules are 0; rows start at the top, each
 * padded to whole bytes. */
static size_t mask_image(const QRcode *q, char *buf, size_t cap) {
  static const char HEX[] = "0123456789abcdef";
  int w = q->width;
  size_t n = (size_t)snprintf(buf, cap, "%d 0 0 %d 4 4 cm\nBI /IM true /W %d /H %d /I false /F /AHx ID\n", w, w, w, w);
  for (int r = 0; r < w; r++) {
    const unsigned char *row = q->data + (size_t)r * (size_t)w;
    for (int c = 0; c < w; c += 8) {
      unsigned byte = 0;
      for (int k = 0; k < 8; k++) byte = byte << 1 | (c + k < w && (row[c + k] & 1u) ? 0u : 1u);
      buf[n++] = HEX[byte >> 4];
      buf[n++] = HEX[byte & 15];
    }
    buf[n++] = '\n';
  }
  n += (size_t)snprintf(buf + n, cap - n, ">\nEI\n");
  return n;
}

float pdf_qr(struct pdf_page *page, const char *text, float x, float y, float module) {
  if (!page || !pdf_ok(page->doc) || module <= 0) return 0;
  QRcode *q = encode(text);
  if (!q) return 0;
  int w = q->width;
  float side = (float)(w + 8) * module;
  pdf_end_text(page);
  HPDF_PageAttr attr = (HPDF_PageAttr)page->hp->attr;
  if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
    QRcode_free(q);
    if (pdf_ok(page->doc)) page->doc->err = HPDF_INVALID_OBJECT;
    return 0;
  }
  size_t cap = 320 + (size_t)w * ((size_t)(w + 7) / 8 * 2 + 1); /* fixed parts (under 250 bytes), hex rows */
  char *buf = pdf_xmalloc(cap);
  size_t n = 0;
  char num[3][24];
  size_t lm = put_num(num[0], module), lx = put_num(num[1], x), ly = put_num(num[2], y);
  n += (size_t)snprintf(buf + n, cap - n, "q\n%.*s 0 0 %.*s %.*s %.*s cm\n1 g\n0 0 %d %d re\nf\n0 g\n", (int)lm, num[0],
                        (int)lm, num[0], (int)lx, num[1], (int)ly, num[2], w + 8, w + 8);
  n += mask_image(q, buf + n, cap - n);
  n += (size_t)snprintf(buf + n, cap - n, "Q\n");
  if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)n) != HPDF_OK && pdf_ok(page->doc))
    page->doc->err = HPDF_INVALID_OBJECT;
  free(buf);
  QRcode_free(q);
  return pdf_ok(page->doc) ? side : 0;
}
