/* test_pdf_core.c — pdf/pdf.h: widths of accented text agree with libharu's own measurement,
 * pdf_wrap (accents, words longer than a line, forced newlines), UTF-8 cleaning, QR sizes and a
 * decodable QR, images (JPEG and PNG load, garbage is refused without harming the document),
 * the error handler (a failed libharu call makes pdf_save fail), /Lang in the catalog,
 * byte-for-byte determinism, and the UTF-8 decoder on every kind of ill-formed sequence. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hpdf.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pdf/pdf.h"
#include "pdf/pdf_internal.h"
#include "tests/pdf/pdftools.h"

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)n);
  *len = fread(b, 1, (size_t)n, f);
  fclose(f);
  return b;
}

/* Our width tables must give exactly what libharu computes for the same font (it writes those
 * widths into the PDF): measured against HPDF_Page_TextWidth with Lato/DejaVu loaded directly. */
static void test_width_matches_libharu(void **state) {
  (void)state;
  const char *samples[] = {"Diálogo",           "Cooperación", "Año ¿Niño? ¡Sí!",
                           "Argüello – Ortíz…", "“Ñacato”",    "GADM Nabón, Lago Agrio, Pastaza y Portoviejo"};
  struct pdf_doc *doc = pdf_new();
  assert_non_null(doc);
  HPDF_Doc h = HPDF_New(NULL, NULL);
  HPDF_UseUTFEncodings(h);
  HPDF_SetCurrentEncoder(h, "UTF-8");
  const char *file = access("/usr/share/fonts/truetype/lato/Lato-Regular.ttf", R_OK) == 0
                         ? "/usr/share/fonts/truetype/lato/Lato-Regular.ttf"
                         : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  HPDF_Font f = HPDF_GetFont(h, HPDF_LoadTTFontFromFile(h, file, HPDF_TRUE), "UTF-8");
  HPDF_Page pg = HPDF_AddPage(h);
  HPDF_Page_SetFontAndSize(pg, f, 10.5f);
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    float ours = pdf_text_width(doc, PDF_REGULAR, 10.5f, samples[i]);
    float theirs = HPDF_Page_TextWidth(pg, samples[i]);
    assert_true(fabsf(ours - theirs) < 0.001f);
  }
  /* an accented letter is one letter: "á" is as wide as itself, not as two Latin-1 bytes */
  float a = pdf_text_width(doc, PDF_REGULAR, 10, "á");
  assert_true(a > 3 && a < 8);
  assert_true(fabsf(pdf_text_width(doc, PDF_REGULAR, 10, "áá") - 2 * a) < 0.001f);
  HPDF_Free(h);
  pdf_free(doc);
}

static void test_wrap_breaks_at_spaces(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  const char *text =
      "La internacionalización local se posicionó como una estrategia clave para la mejora de los "
      "servicios públicos y la sostenibilidad de los territorios.";
  char **lines;
  float max = 180;
  size_t n = pdf_wrap(doc, PDF_REGULAR, 11, text, max, &lines);
  assert_true(n >= 3);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    assert_true(pdf_text_width(doc, PDF_REGULAR, 11, lines[i]) <= max + 0.001f);
    assert_true(lines[i][0] != ' ');
    total += strlen(lines[i]) + 1;
  }
  /* rejoined with single spaces, the lines are the text */
  char *joined = calloc(1, total + 1);
  for (size_t i = 0; i < n; i++) {
    if (i) strcat(joined, " ");
    strcat(joined, lines[i]);
  }
  assert_string_equal(joined, text);
  /* first fit: the next word would not have fitted on any line */
  for (size_t i = 0; i + 1 < n; i++) {
    char probe[512];
    const char *sp = strchr(lines[i + 1], ' ');
    size_t wl = sp ? (size_t)(sp - lines[i + 1]) : strlen(lines[i + 1]);
    snprintf(probe, sizeof probe, "%s %.*s", lines[i], (int)wl, lines[i + 1]);
    assert_true(pdf_text_width(doc, PDF_REGULAR, 11, probe) > max);
  }
  free(joined);
  pdf_lines_free(lines, n);
  pdf_free(doc);
}

static void test_wrap_long_word_and_newlines(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  const char *word = "Anticonstitucionalísimamenteñandúéíóúáüñ";
  char **lines;
  float max = 60;
  size_t n = pdf_wrap(doc, PDF_BOLD, 12, word, max, &lines);
  assert_true(n >= 3);
  char joined[256] = "";
  for (size_t i = 0; i < n; i++) {
    assert_true(pdf_text_width(doc, PDF_BOLD, 12, lines[i]) <= max + 0.001f);
    assert_true(strlen(lines[i]) > 0);
    /* never cut inside a UTF-8 sequence: no line starts with a continuation byte */
    assert_true(((unsigned char)lines[i][0] & 0xC0) != 0x80);
    strcat(joined, lines[i]);
  }
  assert_string_equal(joined, word);
  pdf_lines_free(lines, n);

  n = pdf_wrap(doc, PDF_REGULAR, 10, "Patricio Maldonado\nPresidente de AME", 500, &lines);
  assert_int_equal(n, 2);
  assert_string_equal(lines[0], "Patricio Maldonado");
  assert_string_equal(lines[1], "Presidente de AME");
  pdf_lines_free(lines, n);

  assert_int_equal(pdf_wrap(doc, PDF_REGULAR, 10, "   ", 100, &lines), 0);
  assert_null(lines);
  pdf_free(doc);
}

static void test_qr(void **state) {
  (void)state;
  const char *url = "https://asamblea.ame.gob.ec/v/LTG24-7QK9X";
  float side = pdf_qr_size(url, 2);
  /* version 3 (29 modules) holds 41 bytes at level M: (29 + 8) × 2 */
  assert_true(fabsf(side - 74) < 0.001f);
  assert_true(pdf_qr_size("", 2) == 0);
  struct pdf_doc *doc = pdf_new();
  /* page 1: a QR alone on a dark page; page 2: text first, then a QR at an odd size and place
   * (the numbers are not whole) */
  struct pdf_page *pg = pdf_add_page(doc, PDF_A4_W, PDF_A4_H);
  pdf_fill_rect(pg, pdf_hex(0x0c2d57), 0, 0, PDF_A4_W, PDF_A4_H); /* the quiet zone must be white */
  assert_true(fabsf(pdf_qr(pg, url, 100, 500, 2) - side) < 0.001f);
  struct pdf_page *pg2 = pdf_add_page(doc, PDF_A4_W, PDF_A4_H);
  pdf_text(pg2, PDF_REGULAR, 12, pdf_hex(0x000000), 72, 760, "Código de verificación");
  assert_true(pdf_qr(pg2, "https://asamblea.ame.gob.ec/v/PZA25-2MHT4", 101.37f, 433.6f, 2.25f) > 0);
  unsigned char *b;
  size_t n;
  assert_int_equal(pdf_save(doc, &b, &n), 0);
  pdf_free(doc);
  if (!pt_have("zbarimg") || !pt_have("pdftoppm") || !pt_have("pdftotext"))
    fail_msg("poppler-utils/zbar-tools missing: run make deps");
  const char *path = pt_write("qr.pdf", b, n);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "cd '%s' && (pdftoppm -r 150 -png qr.pdf qr && zbarimg --raw -q qr-1.png) 2>/dev/null",
           pt_tmpdir());
  int st;
  char *out = pt_run(cmd, &st);
  (void)path;
  assert_int_equal(st, 0);
  assert_string_equal(pt_squash(out), url); /* case kept */
  free(out);
  snprintf(cmd, sizeof cmd, "cd '%s' && zbarimg --raw -q qr-2.png 2>/dev/null", pt_tmpdir());
  out = pt_run(cmd, &st);
  assert_int_equal(st, 0);
  assert_string_equal(pt_squash(out), "https://asamblea.ame.gob.ec/v/PZA25-2MHT4");
  free(out);
  /* the modules are an image mask: extracting the text gives only the words */
  snprintf(cmd, sizeof cmd, "cd '%s' && pdftotext qr.pdf - 2>/dev/null", pt_tmpdir());
  out = pt_run(cmd, &st);
  assert_int_equal(st, 0);
  assert_string_equal(pt_squash(out), "Código de verificación");
  free(out);
  /* and the fonts' /ToUnicode maps are well formed: poppler has nothing to warn about */
  snprintf(cmd, sizeof cmd, "cd '%s' && pdftotext qr.pdf /dev/null 2>&1", pt_tmpdir());
  out = pt_run(cmd, &st);
  assert_int_equal(st, 0);
  assert_string_equal(out, "");
  free(out);
  free(b);
}

static void test_images(void **state) {
  (void)state;
  size_t jl, pl;
  unsigned char *jpg = slurp("tests/fixtures/speaker.jpg", &jl), *png = slurp("tests/fixtures/speaker.png", &pl);
  struct pdf_doc *doc = pdf_new();
  struct pdf_page *pg = pdf_add_page(doc, PDF_A4_W, PDF_A4_H);
  struct pdf_image *a = pdf_image_load(doc, jpg, jl), *b = pdf_image_load(doc, png, pl);
  assert_non_null(a);
  assert_non_null(b);
  assert_true(pdf_image_width(a) == 240 && pdf_image_height(a) == 300);
  assert_true(pdf_image_width(b) == 240 && pdf_image_height(b) == 300);
  /* garbage, a truncated JPEG and a PNG with a broken header are refused; the document lives on */
  static const unsigned char junk[] = "not an image at all, just text";
  assert_null(pdf_image_load(doc, junk, sizeof junk));
  assert_null(pdf_image_load(doc, jpg, 10));
  unsigned char *bad = malloc(pl);
  memcpy(bad, png, pl);
  memset(bad + 16, 0, 8); /* width and height 0 */
  assert_null(pdf_image_load(doc, bad, pl));
  /* a PNG whose chunks all have valid CRCs but whose image data is corrupt: libpng would abort
   * the process inside libharu, so it must be refused before */
  memcpy(bad, png, pl);
  size_t pos = 8;
  while (pos + 12 <= pl && memcmp(bad + pos + 4, "IDAT", 4) != 0)
    pos += 12 + ((size_t)bad[pos] << 24 | (size_t)bad[pos + 1] << 16 | (size_t)bad[pos + 2] << 8 | bad[pos + 3]);
  assert_true(pos + 12 <= pl);
  size_t idat_len = (size_t)bad[pos] << 24 | (size_t)bad[pos + 1] << 16 | (size_t)bad[pos + 2] << 8 | bad[pos + 3];
  for (size_t i = 8; i < idat_len && i < 40; i++) bad[pos + 8 + i] ^= 0x5A;
  uLong crc = crc32(0, bad + pos + 4, (uInt)(4 + idat_len));
  bad[pos + 8 + idat_len] = (unsigned char)(crc >> 24);
  bad[pos + 9 + idat_len] = (unsigned char)(crc >> 16);
  bad[pos + 10 + idat_len] = (unsigned char)(crc >> 8);
  bad[pos + 11 + idat_len] = (unsigned char)crc;
  assert_null(pdf_image_load(doc, bad, pl));
  assert_false(pdf_failed(doc));
  pdf_image_fit(pg, a, 50, 500, 100, 100);
  pdf_image_draw(pg, b, 200, 500, 80, 100);
  unsigned char *out;
  size_t n;
  assert_int_equal(pdf_save(doc, &out, &n), 0);
  free(out);
  pdf_free(doc);
  free(bad);
  free(jpg);
  free(png);
}

/* A failing libharu call is remembered and makes pdf_save fail; later calls are harmless. */
static void test_error_makes_save_fail(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct pdf_page *pg = pdf_add_page(doc, 0, 0); /* libharu refuses a page of size 0 */
  assert_true(pdf_failed(doc));
  pdf_text(pg, PDF_REGULAR, 10, pdf_hex(0), 10, 10, "después del error");
  pdf_fill_rect(pg, pdf_hex(0), 0, 0, 10, 10);
  unsigned char *b = (unsigned char *)1;
  size_t n = 1;
  assert_int_equal(pdf_save(doc, &b, &n), -1);
  assert_null(b);
  assert_int_equal(n, 0);
  pdf_free(doc);
}

static unsigned char *small_doc(size_t *n, time_t when) {
  struct pdf_doc *doc = pdf_new();
  pdf_set_info(doc, "Prueba — Año", "Asociación de Municipalidades Ecuatorianas (AME)", "Diálogo", when);
  pdf_set_language(doc, "es-EC");
  struct pdf_page *pg = pdf_add_page(doc, PDF_A4_W, PDF_A4_H);
  pdf_text(pg, PDF_BOLD, 14, pdf_hex(0x0c2d57), 50, 780, "Diálogo 1 — Cooperación");
  pdf_text_centered(pg, PDF_ITALIC, 11, pdf_hex(0), PDF_A4_W / 2, 700, "¿Niño? ¡Sí!");
  pdf_text_right(pg, PDF_BOLD_ITALIC, 11, pdf_hex(0), 500, 650, "Ñacato");
  pdf_line(pg, pdf_hex(0xe8a317), 1, 50, 600, 500, 600);
  pdf_stroke_rect(pg, pdf_hex(0xe8a317), 1, 50, 400, 100, 100);
  const float tri[] = {50, 50, 150, 50, 100, 120};
  pdf_fill_polygon(pg, pdf_hex(0x0c2d57), tri, 3);
  pdf_fill_circle(pg, pdf_hex(0xe8a317), 300, 100, 20);
  unsigned char *b;
  assert_int_equal(pdf_save(doc, &b, n), 0);
  pdf_free(doc);
  return b;
}

static void test_deterministic_and_lang(void **state) {
  (void)state;
  size_t n1, n2, n3;
  unsigned char *a = small_doc(&n1, 1732545000), *b = small_doc(&n2, 1732545000), *c = small_doc(&n3, 1732545001);
  assert_int_equal(n1, n2);
  assert_memory_equal(a, b, n1);
  assert_true(n1 != n3 || memcmp(a, c, n1) != 0); /* the instant is what changes the bytes */
  assert_non_null(memmem(a, n1, "/Lang (es-EC)", 13));
  assert_non_null(memmem(a, n1, "/CreationDate (D:20241125143000+00'00')", 39));
  const char *path = pt_write("small.pdf", a, n1);
  char *text = pt_text(path);
  assert_non_null(strstr(text, "Diálogo 1 — Cooperación"));
  assert_non_null(strstr(text, "¿Niño? ¡Sí!"));
  assert_non_null(strstr(text, "Ñacato"));
  assert_false(pt_mojibake(text));
  free(text);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null", path);
  int st;
  char *info = pt_run(cmd, &st);
  assert_non_null(strstr(info, "Title:           Prueba — Año"));
  assert_non_null(strstr(info, "Author:          Asociación de Municipalidades Ecuatorianas (AME)"));
  free(info);
  free(a);
  free(b);
  free(c);
}

/* Text that libharu cannot draw is cleaned, never passed through: emoji (4-byte UTF-8) and
 * invalid bytes must not break the document or its measurement. */
static void test_unclean_text(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct pdf_page *pg = pdf_add_page(doc, PDF_A4_W, PDF_A4_H);
  const char *emoji = "Hola \xF0\x9F\x98\x80 mundo";
  assert_true(fabsf(pdf_text_width(doc, PDF_REGULAR, 10, emoji) - pdf_text_width(doc, PDF_REGULAR, 10, "Hola  mundo")) <
              0.001f);
  pdf_text(pg, PDF_REGULAR, 10, pdf_hex(0), 50, 700, emoji);
  pdf_text(pg, PDF_REGULAR, 10, pdf_hex(0), 50, 680, "mal \xC3 \xFF byte");
  char **lines;
  size_t n = pdf_wrap(doc, PDF_REGULAR, 10, "a\xE2\x82 b", 100, &lines);
  assert_int_equal(n, 1);
  pdf_lines_free(lines, n);
  unsigned char *b;
  size_t len;
  assert_int_equal(pdf_save(doc, &b, &len), 0);
  free(b);
  pdf_free(doc);
}

/* Each ill-formed UTF-8 sequence becomes one '?' for its longest valid prefix, and the character
 * after it always survives: bytes 0xF5–0xFF lead nothing (they once read as 3-byte leads and ate
 * two continuation bytes into a CJK letter), overlongs, surrogates, code points past U+10FFFF
 * and sequences cut short (in the middle or at the end). */
static void test_utf8_ill_formed(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"a\xF5\x80\x80z", "a???z"},
      {"a\xF8\x88\x80z", "a???z"},
      {"a\xFF\xBFz", "a??z"},
      {"a\xFEz", "a?z"},
      {"a\xC0\xAFz", "a??z"},
      {"a\xC1\xBFz", "a??z"},
      {"a\xE0\x80\xAFz", "a???z"},
      {"a\xF0\x80\x80\xAFz", "a????z"},
      {"a\xED\xA0\x80z", "a???z"},
      {"a\xF4\x90\x80\x80z", "a????z"},
      {"a\xE2\x82z", "a?z"},
      {"a\xE2\x82\xC3\xA9", "a?\xC3\xA9"},
      {"a\xF0\x9F\x98z", "a?z"},
      {"a\xF0\x9F\x98", "a?"},
      {"\xE2\x82", "?"},
      {"a\x80\xBFz", "a??z"},
      {"\xE2\x82\xAC\xC3\xB1", "\xE2\x82\xAC\xC3\xB1"},
      {"a\xF0\x9F\x98\x80z", "az"},
      {"\xED\x9F\xBF\xEE\x80\x80", "\xED\x9F\xBF\xEE\x80\x80"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = pdf_clean(cases[i].in, strlen(cases[i].in));
    if (strcmp(got, cases[i].out) != 0) fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].out);
    free(got);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_width_matches_libharu),
      cmocka_unit_test(test_wrap_breaks_at_spaces),
      cmocka_unit_test(test_wrap_long_word_and_newlines),
      cmocka_unit_test(test_qr),
      cmocka_unit_test(test_images),
      cmocka_unit_test(test_error_makes_save_fail),
      cmocka_unit_test(test_deterministic_and_lang),
      cmocka_unit_test(test_unclean_text),
      cmocka_unit_test(test_utf8_ill_formed),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  pt_cleanup();
  return rc;
}
