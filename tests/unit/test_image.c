/* test_image.c — server/image.c: speakers' photos are refused before any decoding when their
 * header claims more than 40 megapixels or 10 000 pixels a side (a 10000×10000 PNG, a 1 KB JPEG
 * whose frame header claims 10000×10000), refused when their picture data ends early (a JPEG that
 * claims 4000×3000 over 16×16 pixels of data), refused when the decoder would need more than its
 * memory cap (an interlaced 5000×4000 RGBA PNG, a progressive 5000×5000 JPEG); and everything else
 * comes out at most 1200 pixels on its long side, 8 bits per sample, re-encoded as JPEG (PNG
 * only with real transparency), upright per its EXIF orientation, with its colour kept, in
 * bounded time. Every picture is made here with libpng and libjpeg. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>
#include <png.h>

#include "image.h"

/* ---- making pictures ---- */

struct mem {
  unsigned char *p;
  size_t n;
};

static void mem_write(png_structp png, png_bytep data, size_t n) {
  struct mem *m = png_get_io_ptr(png);
  m->p = realloc(m->p, m->n + n);
  memcpy(m->p + m->n, data, n);
  m->n += n;
}
static void mem_flush(png_structp png) { (void)png; }

/* A w×h PNG of colour type `type` and `depth` bits, filled with (r, g, b, a) (scaled to the depth). */
static struct mem make_png(unsigned w, unsigned h, int type, int depth, bool interlaced, unsigned r, unsigned g,
                           unsigned b, unsigned a) {
  struct mem m = {0};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  assert_int_equal(setjmp(png_jmpbuf(png)), 0);
  png_set_write_fn(png, &m, mem_write, mem_flush);
  png_set_compression_level(png, 1);
  png_set_IHDR(png, info, w, h, depth, type, interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  int channels = type == PNG_COLOR_TYPE_RGB ? 3 : type == PNG_COLOR_TYPE_RGBA ? 4 : type == PNG_COLOR_TYPE_GA ? 2 : 1;
  unsigned values[4] = {r, g, b, a};
  if (channels <= 2) values[1] = a;
  size_t bytes = (size_t)(depth / 8);
  unsigned char *row = calloc((size_t)w * channels, bytes);
  for (unsigned x = 0; x < w; x++)
    for (int k = 0; k < channels; k++) {
      unsigned v = depth == 16 ? values[k] * 257 : values[k];
      unsigned char *p = row + ((size_t)x * channels + k) * bytes;
      if (depth == 16) p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
      else p[0] = (unsigned char)v;
    }
  int passes = png_set_interlace_handling(png);
  for (int pass = 0; pass < passes; pass++)
    for (unsigned y = 0; y < h; y++) png_write_row(png, row);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  free(row);
  return m;
}

/* A w×h RGB JPEG filled with (r, g, b); progressive if asked; with an Exif orientation if o > 0. */
static struct mem make_jpeg(unsigned w, unsigned h, bool progressive, int o, unsigned char r, unsigned char g,
                            unsigned char b) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char *buf = NULL;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  if (progressive) jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  if (o > 0) { /* big-endian TIFF, one IFD entry: Orientation (0x0112) SHORT 1 = o */
    const unsigned char exif[] = {'E', 'x', 'i', 'f',  0,    0, 'M', 'M', 0, 42, 0, 0, 0,
                                  8,   0,   1,   0x01, 0x12, 0, 3,   0,   0, 0,  1, 0, (unsigned char)o,
                                  0,   0,   0,   0,    0,    0};
    jpeg_write_marker(&c, JPEG_APP0 + 1, exif, sizeof exif);
  }
  unsigned char *row = malloc((size_t)w * 3);
  for (unsigned x = 0; x < w; x++) row[3 * x] = r, row[3 * x + 1] = g, row[3 * x + 2] = b;
  while (c.next_scanline < h) jpeg_write_scanlines(&c, &row, 1);
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  free(row);
  return (struct mem){buf, size};
}

/* Decodes a JPEG result: its size and the colour of its centre pixel. */
static void jpeg_look(const struct image_out *o, int *w, int *h, unsigned char rgb[3]) {
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr err;
  d.err = jpeg_std_error(&err);
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, o->bytes, o->len);
  jpeg_read_header(&d, TRUE);
  d.out_color_space = JCS_RGB;
  jpeg_start_decompress(&d);
  *w = (int)d.output_width;
  *h = (int)d.output_height;
  unsigned char *row = malloc((size_t)*w * 3);
  while (d.output_scanline < d.output_height) {
    bool middle = d.output_scanline == d.output_height / 2;
    jpeg_read_scanlines(&d, &row, 1);
    if (middle) memcpy(rgb, row + (*w / 2) * 3, 3);
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  free(row);
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void assert_close(unsigned a, unsigned b) { assert_true(a + 6 >= b && b + 6 >= a); }

/* ---- tests ---- */

static void test_large_png_shrunk_to_jpeg(void **state) {
  (void)state;
  struct mem png = make_png(3000, 2000, PNG_COLOR_TYPE_RGB, 8, false, 200, 40, 30, 255);
  struct image_out o;
  assert_int_equal(image_normalize(png.p, png.n, "image/png", &o), IMAGE_OK);
  assert_string_equal(o.content_type, "image/jpeg");
  int w, h;
  unsigned char rgb[3];
  jpeg_look(&o, &w, &h, rgb);
  assert_int_equal(w, 1200);
  assert_int_equal(h, 800);
  assert_int_equal(o.width, 1200);
  assert_close(rgb[0], 200), assert_close(rgb[1], 40), assert_close(rgb[2], 30);
  free(o.bytes);
  free(png.p);
}

static void test_16_bit_and_gray(void **state) {
  (void)state;
  struct mem png16 = make_png(1500, 300, PNG_COLOR_TYPE_RGB, 16, false, 10, 120, 250, 255);
  struct image_out o;
  assert_int_equal(image_normalize(png16.p, png16.n, "image/png", &o), IMAGE_OK);
  int w, h;
  unsigned char rgb[3];
  jpeg_look(&o, &w, &h, rgb);
  assert_int_equal(w, 1200);
  assert_int_equal(h, 240);
  assert_close(rgb[0], 10), assert_close(rgb[1], 120), assert_close(rgb[2], 250);
  free(o.bytes);
  free(png16.p);
  struct mem gray = make_png(64, 48, PNG_COLOR_TYPE_GRAY, 8, false, 90, 0, 0, 255);
  assert_int_equal(image_normalize(gray.p, gray.n, "image/png", &o), IMAGE_OK);
  assert_string_equal(o.content_type, "image/jpeg");
  assert_int_equal(o.width, 64); /* small pictures keep their size */
  assert_int_equal(o.height, 48);
  free(o.bytes);
  free(gray.p);
}

static void test_transparency_kept_as_png(void **state) {
  (void)state;
  struct mem png = make_png(2400, 2400, PNG_COLOR_TYPE_RGBA, 8, false, 0, 0, 255, 128);
  struct image_out o;
  assert_int_equal(image_normalize(png.p, png.n, "image/png", &o), IMAGE_OK);
  assert_string_equal(o.content_type, "image/png");
  png_image im;
  memset(&im, 0, sizeof im);
  im.version = PNG_IMAGE_VERSION;
  assert_true(png_image_begin_read_from_memory(&im, o.bytes, o.len));
  assert_int_equal(im.width, 1200);
  assert_int_equal(im.height, 1200);
  assert_true(im.format & PNG_FORMAT_FLAG_ALPHA);
  png_image_free(&im);
  free(o.bytes);
  free(png.p);
  struct mem opaque = make_png(100, 50, PNG_COLOR_TYPE_RGBA, 8, false, 1, 2, 3, 255);
  assert_int_equal(image_normalize(opaque.p, opaque.n, "image/png", &o), IMAGE_OK);
  assert_string_equal(o.content_type, "image/jpeg"); /* an alpha channel that is opaque everywhere is dropped */
  free(o.bytes);
  free(opaque.p);
}

static void test_too_many_pixels_refused_before_decoding(void **state) {
  (void)state;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  struct mem png = make_png(10000, 10000, PNG_COLOR_TYPE_GRAY, 8, false, 0, 0, 0, 255);
  struct mem wide = make_png(10001, 10, PNG_COLOR_TYPE_GRAY, 8, false, 0, 0, 0, 255);
  struct image_out o;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  assert_int_equal(image_normalize(png.p, png.n, "image/png", &o), IMAGE_TOO_LARGE);
  assert_null(o.bytes);
  assert_int_equal(image_normalize(wide.p, wide.n, "image/png", &o), IMAGE_TOO_LARGE);
  assert_true(seconds_since(&t0) < 0.5); /* only the chunks' CRCs were read */
  int w, h;
  assert_int_equal(image_probe(png.p, png.n, "image/png", &w, &h), IMAGE_TOO_LARGE);
  assert_int_equal(w, 10000);
  free(png.p);
  free(wide.p);
}

/* A small JPEG whose frame header is rewritten to claim other dimensions. */
static struct mem lying_jpeg(unsigned w, unsigned h) {
  struct mem j = make_jpeg(16, 16, false, 0, 50, 50, 50);
  for (size_t i = 2; i + 9 < j.n; i++)
    if (j.p[i] == 0xFF && j.p[i + 1] == 0xC0) {
      j.p[i + 5] = (unsigned char)(h >> 8), j.p[i + 6] = (unsigned char)h;
      j.p[i + 7] = (unsigned char)(w >> 8), j.p[i + 8] = (unsigned char)w;
      return j;
    }
  fail_msg("no SOF0");
  return j;
}

static void test_lying_jpeg_refused(void **state) {
  (void)state;
  struct mem j = lying_jpeg(10000, 10000);
  assert_true(j.n < 1024);
  struct image_out o;
  assert_int_equal(image_normalize(j.p, j.n, "image/jpeg", &o), IMAGE_TOO_LARGE);
  free(j.p);
  j = lying_jpeg(4000, 3000); /* allowed size, but the picture data is for 16×16 */
  assert_int_equal(image_normalize(j.p, j.n, "image/jpeg", &o), IMAGE_MALFORMED);
  assert_null(o.bytes);
  free(j.p);
}

static void test_decoder_memory_capped(void **state) {
  (void)state;
  struct image_out o;
  struct mem interlaced = make_png(5000, 4000, PNG_COLOR_TYPE_RGBA, 8, true, 9, 9, 9, 9); /* 80 MB to hold */
  assert_int_equal(image_normalize(interlaced.p, interlaced.n, "image/png", &o), IMAGE_TOO_LARGE);
  free(interlaced.p);
  struct mem small_interlaced = make_png(300, 200, PNG_COLOR_TYPE_RGB, 8, true, 9, 99, 199, 255);
  assert_int_equal(image_normalize(small_interlaced.p, small_interlaced.n, "image/png", &o), IMAGE_OK);
  assert_int_equal(o.width, 300);
  free(o.bytes);
  free(small_interlaced.p);
  struct mem progressive = make_jpeg(5000, 5000, true, 0, 1, 2, 3); /* its coefficients: 75 MB */
  assert_int_equal(image_normalize(progressive.p, progressive.n, "image/jpeg", &o), IMAGE_TOO_LARGE);
  free(progressive.p);
}

static void test_big_jpeg_fast(void **state) {
  (void)state;
  struct mem j = make_jpeg(7000, 5000, false, 0, 30, 160, 90);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  struct image_out o;
  assert_int_equal(image_normalize(j.p, j.n, "image/jpeg", &o), IMAGE_OK);
  double took = seconds_since(&t0);
  int w, h;
  unsigned char rgb[3];
  jpeg_look(&o, &w, &h, rgb);
  assert_int_equal(w, 1200);
  assert_int_equal(h, 857);
  assert_close(rgb[0], 30), assert_close(rgb[1], 160), assert_close(rgb[2], 90);
  printf("image: a 7000x5000 JPEG shrunk to %dx%d in %.0f ms\n", w, h, took * 1000);
  assert_true(took < 2.0);
  free(o.bytes);
  free(j.p);
}

static void test_exif_orientation_applied(void **state) {
  (void)state;
  for (int orientation = 1; orientation <= 8; orientation++) {
    struct mem j = make_jpeg(40, 20, false, orientation, 0, 0, 0);
    struct image_out o;
    assert_int_equal(image_normalize(j.p, j.n, "image/jpeg", &o), IMAGE_OK);
    assert_int_equal(o.width, orientation >= 5 ? 20 : 40);
    assert_int_equal(o.height, orientation >= 5 ? 40 : 20);
    free(o.bytes);
    free(j.p);
  }
}

static void test_malformed_refused(void **state) {
  (void)state;
  struct image_out o;
  const unsigned char junk[] = "<svg onload=alert(1)>";
  assert_int_equal(image_normalize(junk, sizeof junk, "image/png", &o), IMAGE_MALFORMED);
  assert_int_equal(image_normalize(junk, sizeof junk, "image/jpeg", &o), IMAGE_MALFORMED);
  struct mem png = make_png(20, 20, PNG_COLOR_TYPE_RGB, 8, false, 1, 1, 1, 255);
  assert_int_equal(image_normalize(png.p, png.n, "image/jpeg", &o), IMAGE_MALFORMED);
  assert_int_equal(image_normalize(png.p, png.n, "image/gif", &o), IMAGE_MALFORMED);
  png.p[png.n - 20] ^= 0xFF; /* inside IDAT: its CRC no longer matches */
  assert_int_equal(image_normalize(png.p, png.n, "image/png", &o), IMAGE_MALFORMED);
  free(png.p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_large_png_shrunk_to_jpeg),
      cmocka_unit_test(test_16_bit_and_gray),
      cmocka_unit_test(test_transparency_kept_as_png),
      cmocka_unit_test(test_too_many_pixels_refused_before_decoding),
      cmocka_unit_test(test_lying_jpeg_refused),
      cmocka_unit_test(test_decoder_memory_capped),
      cmocka_unit_test(test_big_jpeg_fast),
      cmocka_unit_test(test_exif_orientation_applied),
      cmocka_unit_test(test_malformed_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
