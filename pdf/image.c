/* image.c — speaker photos and other pictures into the document. libharu passes JPEG bytes
 * through after reading their frame header, and decodes PNG with libpng — whose errors libharu
 * 2.3.0 does not catch (libpng then aborts the process: "libpng error: IHDR: CRC error"). So a
 * PNG is checked completely before libharu sees it: structure, every chunk's CRC, the header's
 * values, no unknown critical chunk, and the image data inflated with zlib to exactly the expected
 * size with valid row filters. Anything doubtful is refused: the picture is left out, the document
 * goes on. Interlaced PNGs are refused too (rare for photos; not worth the risk). */
#include <string.h>
#include <zlib.h>

#include "pdf/pdf_internal.h"

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Inflates the concatenated IDAT data chunk by chunk, checking the filter byte of every row. */
struct idat {
  z_stream z;
  int started, done, bad;
  uint64_t out;    /* bytes produced so far */
  uint64_t stride; /* bytes per row including the filter byte */
  uint64_t expect; /* rows × stride */
};

static void idat_feed(struct idat *st, const unsigned char *data, size_t len) {
  if (st->bad) return;
  if (st->done) { /* data after the end of the zlib stream */
    if (len) st->bad = 1;
    return;
  }
  unsigned char buf[16384];
  st->z.next_in = (unsigned char *)data;
  st->z.avail_in = (uInt)len;
  for (;;) {
    st->z.next_out = buf;
    st->z.avail_out = sizeof buf;
    int rc = inflate(&st->z, Z_NO_FLUSH);
    size_t got = sizeof buf - st->z.avail_out;
    for (size_t i = 0; i < got; i++, st->out++)
      if (st->out % st->stride == 0 && buf[i] > 4) st->bad = 1; /* row filter types are 0..4 */
    if (st->out > st->expect) st->bad = 1;
    if (st->bad) return;
    if (rc == Z_STREAM_END) {
      st->done = 1;
      if (st->z.avail_in) st->bad = 1;
      return;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      st->bad = 1;
      return;
    }
    if (st->z.avail_out != 0 || (rc == Z_BUF_ERROR && got == 0)) return; /* input used up */
  }
}

static int valid_depth(unsigned ctype, unsigned depth) {
  switch (ctype) {
    case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6: return depth == 8 || depth == 16;
    default: return 0;
  }
}

static int png_ok(const unsigned char *d, size_t n) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (n < 8 + 25 + 12 || memcmp(d, sig, 8) != 0) return 0;
  size_t pos = 8;
  int seen_ihdr = 0, seen_plte = 0, seen_idat = 0, idat_ended = 0, ok = 0;
  unsigned ctype = 0;
  struct idat st;
  memset(&st, 0, sizeof st);
  while (pos + 12 <= n) {
    uint32_t len = be32(d + pos);
    const unsigned char *type = d + pos + 4, *data = d + pos + 8;
    if (len > n - pos - 12) break;
    if (crc32(0, type, 4 + len) != be32(data + len)) break;
    int is = 0;
#define TYPE(t) (memcmp(type, t, 4) == 0)
    if (!seen_ihdr) {
      if (!TYPE("IHDR") || len != 13) break;
      uint32_t w = be32(data), h = be32(data + 4);
      unsigned depth = data[8];
      ctype = data[9];
      if (!w || !h || w > 10000 || h > 10000 || !valid_depth(ctype, depth)) break;
      if (data[10] != 0 || data[11] != 0 || data[12] != 0) break; /* deflate, filter 0, no interlace */
      unsigned channels = ctype == 2 ? 3 : ctype == 4 ? 2 : ctype == 6 ? 4 : 1;
      st.stride = 1 + ((uint64_t)w * channels * depth + 7) / 8;
      st.expect = st.stride * h;
      if (inflateInit(&st.z) != Z_OK) break;
      st.started = 1;
      seen_ihdr = is = 1;
    } else if (TYPE("IHDR")) {
      break;
    } else if (TYPE("PLTE")) {
      if (seen_idat || seen_plte || len % 3 || len == 0 || len > 768) break;
      seen_plte = is = 1;
    } else if (TYPE("IDAT")) {
      if (idat_ended) break;
      seen_idat = is = 1;
      idat_feed(&st, data, len);
      if (st.bad) break;
    } else if (TYPE("IEND")) {
      ok = seen_idat && st.done && !st.bad && st.out == st.expect && (ctype != 3 || seen_plte);
      break;
    } else if (!(type[0] & 0x20)) {
      break; /* unknown critical chunk: libpng would fail */
    }
    if (seen_idat && !TYPE("IDAT")) idat_ended = 1;
    (void)is;
#undef TYPE
    pos += 12 + (size_t)len;
  }
  if (st.started) inflateEnd(&st.z);
  return ok;
}

/* A JPEG starts with SOI and has a frame header (SOF0..SOF15 except DHT/JPG/DAC) before its scan;
 * libharu needs nothing more, it copies the bytes. */
static int jpeg_ok(const unsigned char *d, size_t n) {
  if (n < 4 || d[0] != 0xFF || d[1] != 0xD8) return 0;
  size_t pos = 2;
  while (pos + 4 <= n) {
    if (d[pos] != 0xFF) return 0;
    unsigned m = d[pos + 1];
    if (m == 0xFF) {
      pos++;
      continue;
    }
    size_t len = (size_t)d[pos + 2] << 8 | d[pos + 3];
    if (len < 2 || pos + 2 + len > n) return 0;
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      if (len < 8) return 0;
      unsigned h = (unsigned)d[pos + 5] << 8 | d[pos + 6], w = (unsigned)d[pos + 7] << 8 | d[pos + 8];
      unsigned comps = d[pos + 9];
      return w && h && (comps == 1 || comps == 3 || comps == 4);
    }
    if (m == 0xDA || m == 0xD9) return 0; /* scan or end before any frame header */
    pos += 2 + len;
  }
  return 0;
}

struct pdf_image *pdf_image_load(struct pdf_doc *doc, const unsigned char *data, size_t len) {
  if (!pdf_ok(doc) || !data || len > 0x7FFFFFFFu) return NULL;
  int png = png_ok(data, len), jpeg = !png && jpeg_ok(data, len);
  if (!png && !jpeg) return NULL;
  doc->tolerant++;
  doc->soft_err = 0;
  HPDF_Image im = png ? HPDF_LoadPngImageFromMem(doc->hpdf, data, (HPDF_UINT)len)
                      : HPDF_LoadJpegImageFromMem(doc->hpdf, data, (HPDF_UINT)len);
  doc->tolerant--;
  if (doc->soft_err || !im) {
    HPDF_ResetError(doc->hpdf);
    doc->soft_err = 0;
    return NULL;
  }
  HPDF_Point sz = HPDF_Image_GetSize(im);
  if (sz.x <= 0 || sz.y <= 0) return NULL;
  struct pdf_image *img = pdf_xcalloc(1, sizeof *img);
  img->img = im;
  img->width = sz.x;
  img->height = sz.y;
  pdf_grow((void **)&doc->images, &doc->cap_images, doc->nimages + 1, sizeof *doc->images);
  doc->images[doc->nimages++] = img;
  return img;
}

float pdf_image_width(const struct pdf_image *img) { return img ? img->width : 0; }
float pdf_image_height(const struct pdf_image *img) { return img ? img->height : 0; }

void pdf_image_draw(struct pdf_page *page, struct pdf_image *img, float x, float y, float w, float h) {
  if (!page || !img || !pdf_ok(page->doc) || w <= 0 || h <= 0) return;
  pdf_end_text(page);
  HPDF_Page_DrawImage(page->hp, img->img, x, y, w, h);
}

void pdf_image_fit(struct pdf_page *page, struct pdf_image *img, float x, float y, float w, float h) {
  if (!img || w <= 0 || h <= 0) return;
  float s = w / img->width;
  if (img->height * s > h) s = h / img->height;
  float dw = img->width * s, dh = img->height * s;
  pdf_image_draw(page, img, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
}
