/* image.c — speakers' photos: structural checks of PNG and JPEG files, the size they claim, and
 * decoding, shrinking and encoding them again (image.h). Decoding is streamed: rows go one by one
 * into a box filter that averages each output pixel's block of source pixels, so the memory a
 * photo takes is a few source rows plus the small result, whatever its size (an interlaced PNG or a
 * progressive JPEG must be held whole by its decoder: that is what IMAGE_MAX_DECODE_BYTES caps).
 * JPEGs are decoded at 1/2, 1/4 or 1/8 scale by libjpeg-turbo itself when that still leaves at
 * least IMAGE_LONG_SIDE pixels, which makes a large photo cheap. */
#include "image.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t crc32_of(const unsigned char *p, size_t n) {
  static uint32_t table[256];
  static int ready;
  if (!ready) { /* benign race: every thread writes the same values */
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = 1;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

/* Whether claimed dimensions may be decoded. */
static enum image_result size_allowed(uint32_t w, uint32_t h) {
  if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE || (long long)w * h > IMAGE_MAX_PIXELS) return IMAGE_TOO_LARGE;
  return IMAGE_OK;
}

static enum image_result png_check(const unsigned char *d, size_t len, int *w, int *h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (len < 8 + 25 + 12 || memcmp(d, sig, 8) != 0) return IMAGE_MALFORMED;
  size_t pos = 8;
  bool first = true, seen_data = false;
  enum image_result size = IMAGE_OK;
  while (pos + 12 <= len) {
    uint32_t n = be32(d + pos);
    const unsigned char *type = d + pos + 4;
    if (n > len - pos - 12) return IMAGE_MALFORMED;
    if (crc32_of(type, 4 + (size_t)n) != be32(d + pos + 8 + n)) return IMAGE_MALFORMED;
    if (first) {
      if (memcmp(type, "IHDR", 4) != 0 || n != 13) return IMAGE_MALFORMED;
      uint32_t width = be32(type + 4), height = be32(type + 8);
      if (!width || !height || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu) return IMAGE_MALFORMED;
      size = size_allowed(width, height);
      *w = width > IMAGE_MAX_SIDE ? IMAGE_MAX_SIDE + 1 : (int)width;
      *h = height > IMAGE_MAX_SIDE ? IMAGE_MAX_SIDE + 1 : (int)height;
      first = false;
    }
    if (memcmp(type, "IDAT", 4) == 0) seen_data = true;
    if (memcmp(type, "IEND", 4) == 0) return seen_data ? size : IMAGE_MALFORMED;
    pos += 12 + (size_t)n;
  }
  return IMAGE_MALFORMED;
}

static enum image_result jpeg_check(const unsigned char *d, size_t len, int *w, int *h) {
  if (len < 4 || d[0] != 0xFF || d[1] != 0xD8 || d[len - 2] != 0xFF || d[len - 1] != 0xD9) return IMAGE_MALFORMED;
  size_t pos = 2;
  bool frame = false;
  enum image_result size = IMAGE_OK;
  while (pos + 4 <= len) {
    if (d[pos] != 0xFF) return IMAGE_MALFORMED;
    unsigned char marker = d[pos + 1];
    if (marker == 0xFF) { /* fill byte */
      pos++;
      continue;
    }
    if (marker == 0xD8 || marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7)) return IMAGE_MALFORMED;
    size_t seg = (size_t)d[pos + 2] << 8 | d[pos + 3];
    if (seg < 2 || pos + 2 + seg > len) return IMAGE_MALFORMED;
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (seg < 8) return IMAGE_MALFORMED;
      *h = (int)((size_t)d[pos + 5] << 8 | d[pos + 6]);
      *w = (int)((size_t)d[pos + 7] << 8 | d[pos + 8]);
      if (*w <= 0 || *h <= 0) return IMAGE_MALFORMED;
      size = size_allowed((uint32_t)*w, (uint32_t)*h);
      frame = true;
    }
    if (marker == 0xDA) return frame ? size : IMAGE_MALFORMED; /* start of scan: entropy-coded data follows */
    pos += 2 + seg;
  }
  return IMAGE_MALFORMED;
}

enum image_result image_probe(const unsigned char *data, size_t len, const char *content_type, int *width,
                              int *height) {
  *width = *height = 0;
  if (!data || !content_type) return IMAGE_MALFORMED;
  if (strcmp(content_type, "image/png") == 0) return png_check(data, len, width, height);
  if (strcmp(content_type, "image/jpeg") == 0) return jpeg_check(data, len, width, height);
  return IMAGE_MALFORMED;
}

/* ---- shrinking: a box filter fed one source row at a time ---- */

/* 8-bit pixels, 1 to 4 channels: gray, gray + alpha, RGB, RGBA. */
struct raster {
  int w, h, channels;
  unsigned char *pix; /* w × h × channels, rows top to bottom */
};

struct shrink {
  int sw, sh;        /* the source's size */
  struct raster out; /* the result, at most IMAGE_LONG_SIDE on its long side */
  uint32_t *acc;     /* sums of the output row being built: out.w × channels */
  int *col_of;       /* source column → output column */
  int *col_n;        /* source columns per output column */
  int band_rows;     /* source rows summed into acc so far */
  int oy;            /* the output row acc belongs to */
  int y;             /* the next source row */
};

static void target_size(int sw, int sh, int *dw, int *dh) {
  int longest = sw > sh ? sw : sh;
  *dw = sw;
  *dh = sh;
  if (longest <= IMAGE_LONG_SIDE) return;
  *dw = (int)((long long)sw * IMAGE_LONG_SIDE / longest);
  *dh = (int)((long long)sh * IMAGE_LONG_SIDE / longest);
  if (*dw < 1) *dw = 1;
  if (*dh < 1) *dh = 1;
}

static void shrink_init(struct shrink *s, int sw, int sh, int channels) {
  memset(s, 0, sizeof *s);
  s->sw = sw;
  s->sh = sh;
  target_size(sw, sh, &s->out.w, &s->out.h);
  s->out.channels = channels;
  s->out.pix = xmalloc((size_t)s->out.w * (size_t)s->out.h * (size_t)channels);
  s->acc = xcalloc((size_t)s->out.w * (size_t)channels, sizeof *s->acc);
  s->col_of = xmalloc((size_t)sw * sizeof *s->col_of);
  s->col_n = xcalloc((size_t)s->out.w, sizeof *s->col_n);
  for (int x = 0; x < sw; x++) { /* every output column gets at least one source column: out.w ≤ sw */
    s->col_of[x] = (int)((long long)x * s->out.w / sw);
    s->col_n[s->col_of[x]]++;
  }
}

/* Writes the averages of the band summed so far as output row oy. */
static void shrink_flush(struct shrink *s) {
  if (!s->band_rows) return;
  int c = s->out.channels;
  unsigned char *row = s->out.pix + (size_t)s->oy * (size_t)s->out.w * (size_t)c;
  for (int x = 0; x < s->out.w; x++) {
    uint32_t n = (uint32_t)s->col_n[x] * (uint32_t)s->band_rows;
    for (int k = 0; k < c; k++) row[x * c + k] = (unsigned char)((s->acc[x * c + k] + n / 2) / n);
  }
  memset(s->acc, 0, (size_t)s->out.w * (size_t)c * sizeof *s->acc);
  s->band_rows = 0;
}

/* Adds the next source row (sw × channels bytes). */
static void shrink_row(struct shrink *s, const unsigned char *src) {
  if (s->y >= s->sh) return;
  int oy = (int)((long long)s->y * s->out.h / s->sh);
  if (oy != s->oy) {
    shrink_flush(s);
    s->oy = oy;
  }
  int c = s->out.channels;
  for (int x = 0; x < s->sw; x++) {
    uint32_t *a = s->acc + (size_t)s->col_of[x] * (size_t)c;
    for (int k = 0; k < c; k++) a[k] += src[x * c + k];
  }
  s->band_rows++;
  s->y++;
}

/* Frees the work buffers; hands over the result when every source row came, else frees it too. */
static bool shrink_finish(struct shrink *s, struct raster *out) {
  shrink_flush(s);
  bool whole = s->out.pix && s->y == s->sh;
  free(s->acc);
  free(s->col_of);
  free(s->col_n);
  if (whole) *out = s->out;
  else free(s->out.pix);
  memset(s, 0, sizeof *s);
  return whole;
}

/* ---- EXIF orientation: phones store the sensor's rows and say how to turn them ---- */

static unsigned rd16(const unsigned char *p, bool le) { return le ? p[0] | p[1] << 8 : p[0] << 8 | p[1]; }
static uint32_t rd32(const unsigned char *p, bool le) {
  return le ? (uint32_t)rd16(p, true) | (uint32_t)rd16(p + 2, true) << 16
            : (uint32_t)rd16(p, false) << 16 | (uint32_t)rd16(p + 2, false);
}

/* The Orientation tag (1–8) of an APP1 Exif segment's first IFD; 1 when absent or unreadable. */
static int exif_orientation(const unsigned char *d, size_t len) {
  if (len < 6 + 8 || memcmp(d, "Exif\0\0", 6) != 0) return 1;
  const unsigned char *t = d + 6;
  size_t n = len - 6;
  bool le = t[0] == 'I' && t[1] == 'I';
  if (!le && !(t[0] == 'M' && t[1] == 'M')) return 1;
  uint32_t ifd = rd32(t + 4, le);
  if (ifd > n - 2) return 1;
  unsigned count = rd16(t + ifd, le);
  for (unsigned i = 0; i < count; i++) {
    size_t e = (size_t)ifd + 2 + 12 * (size_t)i;
    if (e + 12 > n) return 1;
    if (rd16(t + e, le) == 0x0112) {
      unsigned v = rd16(t + e + 8, le);
      return v >= 1 && v <= 8 ? (int)v : 1;
    }
  }
  return 1;
}

/* Turns r upright for EXIF orientation o (2–8: mirrored and/or rotated; 5–8 swap the sides). */
static void orient(struct raster *r, int o) {
  if (o < 2 || o > 8) return;
  int W = r->w, H = r->h, c = r->channels, dw = o >= 5 ? H : W, dh = o >= 5 ? W : H;
  unsigned char *dst = xmalloc((size_t)dw * (size_t)dh * (size_t)c);
  for (int y = 0; y < dh; y++)
    for (int x = 0; x < dw; x++) {
      int sx, sy;
      switch (o) {
        case 2: sx = W - 1 - x, sy = y; break;
        case 3: sx = W - 1 - x, sy = H - 1 - y; break;
        case 4: sx = x, sy = H - 1 - y; break;
        case 5: sx = y, sy = x; break;
        case 6: sx = y, sy = H - 1 - x; break;
        case 7: sx = W - 1 - y, sy = H - 1 - x; break;
        default: sx = W - 1 - y, sy = x; break;
      }
      memcpy(dst + ((size_t)y * dw + x) * c, r->pix + ((size_t)sy * W + sx) * c, (size_t)c);
    }
  free(r->pix);
  r->pix = dst;
  r->w = dw;
  r->h = dh;
}

/* Drops an alpha channel that is opaque everywhere (so that the photo can be a JPEG). */
static void drop_opaque_alpha(struct raster *r) {
  if (r->channels % 2) return;
  size_t n = (size_t)r->w * (size_t)r->h;
  int c = r->channels;
  for (size_t i = 0; i < n; i++)
    if (r->pix[i * c + c - 1] != 255) return;
  for (size_t i = 0; i < n; i++) memmove(r->pix + i * (c - 1), r->pix + i * c, (size_t)c - 1);
  r->channels = c - 1;
}

/* ---- JPEG (libjpeg-turbo) ---- */

struct jpeg_fail {
  struct jpeg_error_mgr pub;
  jmp_buf jb;
  bool too_large; /* the decoder ran into IMAGE_MAX_DECODE_BYTES */
};

static void jpeg_fail_exit(j_common_ptr c) {
  struct jpeg_fail *f = (struct jpeg_fail *)c->err;
  if (f->pub.msg_code == JERR_NO_BACKING_STORE || f->pub.msg_code == JERR_OUT_OF_MEMORY) f->too_large = true;
  longjmp(f->jb, 1);
}

/* Warnings are silent, but picture data that ends early (the rest would be made up) is an error. */
static void jpeg_warning(j_common_ptr c, int level) {
  if (level < 0 && (c->err->msg_code == JWRN_JPEG_EOF || c->err->msg_code == JWRN_HIT_MARKER)) jpeg_fail_exit(c);
}

struct jpeg_job {
  struct jpeg_decompress_struct d;
  struct jpeg_fail err;
  struct shrink s;
  unsigned char *row; /* one decoded row */
  int orientation;
  enum image_result res;
};

/* Adobe's CMYK JPEGs store inverted ink values; others plain ones. One row into RGB, in place. */
static void cmyk_to_rgb(unsigned char *row, int w, bool inverted) {
  for (int x = 0; x < w; x++) {
    const unsigned char *p = row + 4 * x;
    unsigned cy = p[0], m = p[1], ye = p[2], k = p[3];
    if (!inverted) cy = 255 - cy, m = 255 - m, ye = 255 - ye, k = 255 - k;
    row[3 * x] = (unsigned char)(cy * k / 255);
    row[3 * x + 1] = (unsigned char)(m * k / 255);
    row[3 * x + 2] = (unsigned char)(ye * k / 255);
  }
}

/* The largest of 1/1, 1/2, 1/4, 1/8 that leaves the long side at least IMAGE_LONG_SIDE. */
static unsigned jpeg_scale_denom(unsigned w, unsigned h) {
  unsigned longest = w > h ? w : h, denom = 1;
  while (denom < 8 && longest / (denom * 2) >= IMAGE_LONG_SIDE) denom *= 2;
  return denom;
}

/* Reads the JPEG into j->s; errors longjmp out (the caller cleans up). */
static void read_jpeg_rows(struct jpeg_job *j) {
  struct jpeg_decompress_struct *d = &j->d;
  jpeg_save_markers(d, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(d, TRUE);
  if (size_allowed(d->image_width, d->image_height) != IMAGE_OK) {
    j->res = IMAGE_TOO_LARGE;
    return;
  }
  bool cmyk = d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
  d->out_color_space = d->num_components == 1 ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_RGB;
  d->scale_num = 1;
  d->scale_denom = jpeg_scale_denom(d->image_width, d->image_height);
  for (jpeg_saved_marker_ptr m = d->marker_list; m; m = m->next)
    if (m->marker == JPEG_APP0 + 1) j->orientation = exif_orientation(m->data, m->data_length);
  jpeg_start_decompress(d);
  int w = (int)d->output_width, h = (int)d->output_height, channels = cmyk ? 3 : d->output_components;
  j->row = xmalloc((size_t)w * (size_t)d->output_components);
  shrink_init(&j->s, w, h, channels);
  while (d->output_scanline < d->output_height) {
    JSAMPROW rows[1] = {j->row};
    if (jpeg_read_scanlines(d, rows, 1) != 1) return;
    if (cmyk) cmyk_to_rgb(j->row, w, d->saw_Adobe_marker);
    shrink_row(&j->s, j->row);
  }
  jpeg_finish_decompress(d);
  j->res = IMAGE_OK;
}

static enum image_result jpeg_decode(const unsigned char *data, size_t len, struct raster *out, int *orientation) {
  struct jpeg_job *j = xcalloc(1, sizeof *j);
  j->res = IMAGE_MALFORMED;
  j->orientation = 1;
  j->d.err = jpeg_std_error(&j->err.pub);
  j->err.pub.error_exit = jpeg_fail_exit;
  j->err.pub.emit_message = jpeg_warning;
  jpeg_create_decompress(&j->d);
  j->d.mem->max_memory_to_use = IMAGE_MAX_DECODE_BYTES;
  jpeg_mem_src(&j->d, data, (unsigned long)len);
  if (setjmp(j->err.jb) == 0) read_jpeg_rows(j);
  else j->res = j->err.too_large ? IMAGE_TOO_LARGE : IMAGE_MALFORMED;
  if (!shrink_finish(&j->s, out) && j->res == IMAGE_OK) j->res = IMAGE_MALFORMED;
  jpeg_destroy_decompress(&j->d);
  *orientation = j->orientation;
  enum image_result res = j->res;
  free(j->row);
  free(j);
  return res;
}

struct jpeg_out {
  struct jpeg_compress_struct c;
  struct jpeg_fail err;
  unsigned char *buf;
  unsigned long size;
};

static void write_jpeg_rows(struct jpeg_out *o, const struct raster *r) {
  o->c.image_width = (JDIMENSION)r->w;
  o->c.image_height = (JDIMENSION)r->h;
  o->c.input_components = r->channels;
  o->c.in_color_space = r->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&o->c);
  jpeg_set_quality(&o->c, 85, TRUE);
  jpeg_mem_dest(&o->c, &o->buf, &o->size);
  jpeg_start_compress(&o->c, TRUE);
  while (o->c.next_scanline < o->c.image_height) {
    JSAMPROW row = r->pix + (size_t)o->c.next_scanline * (size_t)r->w * (size_t)r->channels;
    jpeg_write_scanlines(&o->c, &row, 1);
  }
  jpeg_finish_compress(&o->c);
}

static bool encode_jpeg(const struct raster *r, struct image_out *out) {
  struct jpeg_out *o = xcalloc(1, sizeof *o);
  o->c.err = jpeg_std_error(&o->err.pub);
  o->err.pub.error_exit = jpeg_fail_exit;
  jpeg_create_compress(&o->c);
  bool ok = setjmp(o->err.jb) == 0;
  if (ok) write_jpeg_rows(o, r);
  jpeg_destroy_compress(&o->c);
  if (ok && o->buf && o->size) {
    out->bytes = xmalloc(o->size);
    memcpy(out->bytes, o->buf, o->size);
    out->len = o->size;
    out->content_type = "image/jpeg";
  }
  free(o->buf); /* jpeg_mem_dest's buffer comes from malloc */
  free(o);
  return out->bytes != NULL;
}

/* ---- PNG (libpng) ---- */

struct png_job {
  png_structp png;
  png_infop info;
  const unsigned char *data;
  size_t len, pos;
  struct shrink s;
  unsigned char *pix; /* one row, or the whole picture for an interlaced PNG */
  png_bytep *rows;    /* row pointers into pix (interlaced) */
  enum image_result res;
};

static void png_read_mem(png_structp png, png_bytep out, size_t n) {
  struct png_job *j = png_get_io_ptr(png);
  if (n > j->len - j->pos) png_error(png, "truncated");
  memcpy(out, j->data + j->pos, n);
  j->pos += n;
}

static void png_fail(png_structp png, png_const_charp msg) {
  (void)msg;
  png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg) {
  (void)png;
  (void)msg;
}

/* Reads the PNG into j->s as 8-bit gray, gray + alpha, RGB or RGBA; errors longjmp out. */
static void read_png_rows(struct png_job *j) {
  png_structp png = j->png;
  png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
  png_set_chunk_malloc_max(png, 2u << 20);
  png_set_read_fn(png, j, png_read_mem);
  png_read_info(png, j->info);
  png_uint_32 w = png_get_image_width(png, j->info), h = png_get_image_height(png, j->info);
  if (size_allowed(w, h) != IMAGE_OK) {
    j->res = IMAGE_TOO_LARGE;
    return;
  }
  int type = png_get_color_type(png, j->info);
  png_set_strip_16(png);
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, j->info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  int passes = png_set_interlace_handling(png);
  png_read_update_info(png, j->info);
  int channels = png_get_channels(png, j->info);
  size_t rowbytes = png_get_rowbytes(png, j->info);
  if (png_get_bit_depth(png, j->info) != 8 || rowbytes != (size_t)w * (size_t)channels) return;
  if (passes > 1 && rowbytes * h > IMAGE_MAX_DECODE_BYTES) {
    j->res = IMAGE_TOO_LARGE;
    return;
  }
  shrink_init(&j->s, (int)w, (int)h, channels);
  j->pix = xmalloc(passes > 1 ? rowbytes * h : rowbytes);
  if (passes > 1) {
    j->rows = xmalloc(h * sizeof *j->rows);
    for (png_uint_32 y = 0; y < h; y++) j->rows[y] = j->pix + y * rowbytes;
    png_read_image(png, j->rows);
  }
  for (png_uint_32 y = 0; y < h; y++) {
    if (passes == 1) png_read_row(png, j->pix, NULL);
    shrink_row(&j->s, passes > 1 ? j->rows[y] : j->pix);
  }
  j->res = IMAGE_OK;
}

static enum image_result png_decode(const unsigned char *data, size_t len, struct raster *out) {
  struct png_job *j = xcalloc(1, sizeof *j);
  j->data = data;
  j->len = len;
  j->res = IMAGE_MALFORMED;
  j->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
  if (j->png) j->info = png_create_info_struct(j->png);
  if (j->info) {
    if (setjmp(png_jmpbuf(j->png)) == 0) read_png_rows(j);
    else j->res = IMAGE_MALFORMED;
  }
  if (!shrink_finish(&j->s, out) && j->res == IMAGE_OK) j->res = IMAGE_MALFORMED;
  png_destroy_read_struct(&j->png, j->info ? &j->info : NULL, NULL);
  enum image_result res = j->res;
  free(j->pix);
  free(j->rows);
  free(j);
  return res;
}

static bool encode_png(const struct raster *r, struct image_out *out) {
  png_image im;
  memset(&im, 0, sizeof im);
  im.version = PNG_IMAGE_VERSION;
  im.width = (png_uint_32)r->w;
  im.height = (png_uint_32)r->h;
  im.format = r->channels == 2 ? PNG_FORMAT_GA : PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&im, NULL, &size, 0, r->pix, 0, NULL) || !size) return false;
  out->bytes = xmalloc(size);
  if (!png_image_write_to_memory(&im, out->bytes, &size, 0, r->pix, 0, NULL)) {
    free(out->bytes);
    out->bytes = NULL;
    return false;
  }
  out->len = size;
  out->content_type = "image/png";
  return true;
}

/* ---- the whole way ---- */

enum image_result image_normalize(const unsigned char *data, size_t len, const char *content_type,
                                  struct image_out *out) {
  memset(out, 0, sizeof *out);
  int w, h;
  enum image_result res = image_probe(data, len, content_type, &w, &h);
  if (res != IMAGE_OK) return res;
  struct raster pic = {0};
  int orientation = 1;
  res =
      strcmp(content_type, "image/png") == 0 ? png_decode(data, len, &pic) : jpeg_decode(data, len, &pic, &orientation);
  if (res != IMAGE_OK) return res;
  orient(&pic, orientation);
  drop_opaque_alpha(&pic);
  bool encoded = pic.channels % 2 == 0 ? encode_png(&pic, out) : encode_jpeg(&pic, out);
  if (encoded) {
    out->width = pic.w;
    out->height = pic.h;
  }
  free(pic.pix);
  return encoded ? IMAGE_OK : IMAGE_MALFORMED;
}

bool image_is_small(const unsigned char *data, size_t len, const char *content_type) {
  int w, h;
  return image_probe(data, len, content_type, &w, &h) == IMAGE_OK && w <= IMAGE_LONG_SIDE && h <= IMAGE_LONG_SIDE;
}
