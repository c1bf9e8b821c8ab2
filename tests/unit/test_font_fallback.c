/* test_font_fallback.c — names in any script on the PDFs: the cmap reader (pdf/ttf_cmap.c), the
 * per-character choice of face (pdf/fonts.c), what sign-up may accept (pdf_printable), and a
 * badge, a certificate and the memoria with Korean and Japanese names checked with poppler: the
 * text extracts as typed, Nanum Gothic and IPA Gothic are embedded subsets, and a Latin-only
 * document embeds neither. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badges/badge.h"
#include "pdf/certificate.h"
#include "pdf/pdf.h"
#include "pdf/proceedings.h"
#include "pdf/ttf_cmap.h"
#include "tests/pdf/latacunga.h"
#include "tests/pdf/pdftools.h"

#define LATO "/usr/share/fonts/truetype/lato/Lato-Regular.ttf"
#define NANUM "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
#define IPA "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
#define KOREAN "박민준 (Park Min-jun)"
#define JAPANESE "山田 太郎"

static int setup(void **state) {
  (void)state;
  const char *tools[] = {"pdftotext", "pdffonts"};
  for (size_t i = 0; i < 2; i++)
    if (!pt_have(tools[i])) {
      fprintf(stderr, "%s is missing (poppler-utils; make deps)\n", tools[i]);
      return -1;
    }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  pt_cleanup();
  return 0;
}

static void test_cmap_coverage(void **state) {
  (void)state;
  static struct ttf_coverage cov;
  assert_true(ttf_coverage_read(LATO, &cov));
  assert_true(ttf_covers(&cov, 'A') && ttf_covers(&cov, 0xF1 /* ñ */) && ttf_covers(&cov, 0x416 /* Ж */));
  assert_false(ttf_covers(&cov, 0xBC15 /* 박 */) || ttf_covers(&cov, 0x5C71 /* 山 */));
  assert_true(ttf_coverage_read(NANUM, &cov));
  assert_true(ttf_covers(&cov, 0xBC15) && ttf_covers(&cov, 0xC900 /* 준 */));
  assert_true(ttf_coverage_read(IPA, &cov));
  assert_true(ttf_covers(&cov, 0x5C71) && ttf_covers(&cov, 0x90CE /* 郎 */) && ttf_covers(&cov, 0x3042 /* あ */));
  assert_false(ttf_covers(&cov, 0xBC15));
  assert_false(ttf_coverage_read("/nonexistent.ttf", &cov));
  /* a hand-made format 4 table (the fuzzer's seed): A–Z through idDelta, U+AC00 through the glyph
   * array, U+AC01 mapped there to glyph 0 (.notdef: not covered), the 0xFFFF sentinel never */
  assert_true(ttf_coverage_read("tests/fuzz/corpus/ttf_cmap/format4.ttf", &cov));
  assert_true(ttf_covers(&cov, 'A') && ttf_covers(&cov, 'Z') && ttf_covers(&cov, 0xAC00));
  assert_false(ttf_covers(&cov, '[') || ttf_covers(&cov, 0xAC01) || ttf_covers(&cov, 0xFFFF));

  /* bytes that are no font, and a real font cut short anywhere, give false or a partial answer,
   * never a read outside the buffer (run under ASan and valgrind) */
  FILE *f = fopen(LATO, "rb");
  assert_non_null(f);
  static unsigned char font[1 << 20];
  size_t len = fread(font, 1, sizeof font, f);
  fclose(f);
  assert_true(ttf_coverage_parse(font, len, &cov) && ttf_covers(&cov, 'A'));
  for (size_t cut = 0; cut < 4096; cut += 7) ttf_coverage_parse(font, cut, &cov);
  unsigned char junk[64];
  memset(junk, 0xFF, sizeof junk);
  assert_false(ttf_coverage_parse(junk, sizeof junk, &cov));
}

static void test_printable(void **state) {
  (void)state;
  const char *yes[] = {KOREAN,   JAPANESE, "José Ñandú Guamán", "Ελένη Παπαδοπούλου", "Пётр Иванов", "王小明",
                       "さくら", "",       "guion\xC2\xADsuave"};
  const char *no[] = {"محمد علي", "דוד כהן", "राम शर्मा", "สมชาย", "Ana \xF0\x9F\x98\x80", "ঢাকা"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) assert_true(pdf_printable(yes[i]));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++) assert_false(pdf_printable(no[i]));
}

/* A name mixing faces measures as the sum of its runs, so centring and shrink-to-fit hold. */
static void test_mixed_widths(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  float whole = pdf_text_width(doc, PDF_BOLD, 20, KOREAN);
  float parts = pdf_text_width(doc, PDF_BOLD, 20, "박민준") + pdf_text_width(doc, PDF_BOLD, 20, " (Park Min-jun)");
  assert_true(fabsf(whole - parts) < 0.01f);
  assert_true(pdf_text_width(doc, PDF_BOLD, 20, "박민준") > 3 * 10); /* full-width glyphs, not zero-width boxes */
  /* what no face can draw is measured (and drawn) as '?' */
  assert_true(fabsf(pdf_text_width(doc, PDF_REGULAR, 10, "محمد") - pdf_text_width(doc, PDF_REGULAR, 10, "????")) <
              0.01f);
  pdf_free(doc);
}

/* pdffonts' line for a font whose name contains `name`, or NULL. */
static const char *font_line(const char *fonts, const char *name) { return strstr(fonts, name); }

static char *fonts_of(const char *path) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>/dev/null", path);
  int st;
  char *out = pt_run(cmd, &st);
  assert_int_equal(st, 0);
  return out;
}

/* The PDF's text holds each of want[]; the fonts listed in faces[] are embedded subsets with a
 * ToUnicode map ("yes yes yes"); and nothing was drawn as '?'. */
static void assert_scripts(const char *name, const unsigned char *pdf, size_t len, const char *const *want,
                           size_t n_want, const char *const *faces, size_t n_faces) {
  const char *path = pt_write(name, pdf, len);
  char *text = pt_text(path);
  for (size_t i = 0; i < n_want; i++)
    if (!strstr(text, want[i])) fail_msg("%s: \"%s\" not in the text: %s", name, want[i], text);
  assert_null(strchr(text, '?'));
  free(text);
  char *fonts = fonts_of(path);
  for (size_t i = 0; i < n_faces; i++) {
    const char *line = font_line(fonts, faces[i]);
    if (!line) fail_msg("%s: %s not embedded:\n%s", name, faces[i], fonts);
    const char *eol = strchr(line, '\n');
    char row[256];
    snprintf(row, sizeof row, "%.*s", eol ? (int)(eol - line) : (int)strlen(line), line);
    if (!strstr(row, "yes yes yes")) fail_msg("%s: not an embedded subset with ToUnicode: %s", name, row);
  }
  free(fonts);
}

static const struct badge_event event = {"III Asamblea", "Latacunga 2024", "25 y 26 de noviembre de 2024", "Latacunga"};

static void test_badges(void **state) {
  (void)state;
  struct badge list[] = {
      {KOREAN, "서울특별시", "Alcalde", "PONENTE", "K0RE4", "tok-k", {0.1f, 0.3f, 0.6f}},
      {JAPANESE, "東京都", NULL, "PONENTE", "J4PAN", "tok-j", {0.1f, 0.3f, 0.6f}},
  };
  const char *want[] = {KOREAN, JAPANESE, "서울특별시", "東京都"};
  const char *faces[] = {"NanumGothicBold", "NanumGothic ", "IPAGothic", "Lato-Bold"};
  enum badge_layout layouts[] = {BADGE_A6, BADGE_A4_10, BADGE_CR80};
  for (size_t i = 0; i < 3; i++) {
    unsigned char *pdf;
    size_t len;
    assert_int_equal(badges_render(&event, list, 2, layouts[i], 0, &pdf, &len), 0);
    assert_scripts(badge_layout_name(layouts[i]), pdf, len, want, 4, faces, 4);
    free(pdf);
  }
  /* one Korean badge stays a small file: only the glyphs used are embedded */
  unsigned char *pdf;
  size_t len;
  assert_int_equal(badges_render(&event, list, 1, BADGE_A6, 0, &pdf, &len), 0);
  assert_true(len < 400 * 1024);
  free(pdf);
}

static void test_latin_sheet_embeds_no_fallback(void **state) {
  (void)state;
  struct badge list[] = {
      {"Ana Guamán", "GAD Municipal de Arajuno", "Alcaldesa", "PONENTE", "LAT1N", "tok-l", {0.1f, 0.3f, 0.6f}}};
  unsigned char *pdf;
  size_t len;
  assert_int_equal(badges_render(&event, list, 1, BADGE_A4_10, 0, &pdf, &len), 0);
  char *fonts = fonts_of(pt_write("latin.pdf", pdf, len));
  assert_non_null(strstr(fonts, "Lato"));
  assert_null(strstr(fonts, "Nanum"));
  assert_null(strstr(fonts, "IPA"));
  assert_null(strstr(fonts, "DejaVu"));
  free(fonts);
  free(pdf);
}

static void test_certificate(void **state) {
  (void)state;
  const struct certificate_signer signers[] = {{"이서연", "Directora"}, {"Patricio Maldonado", "Presidente de AME"}};
  struct certificate c = {.full_name = KOREAN,
                          .organization = "東京都庁",
                          .edition_title = "III Asamblea General",
                          .city = "Latacunga",
                          .dates_text = "25 y 26 de noviembre de 2024",
                          .signers = signers,
                          .n_signers = 2,
                          .code = "K0RE4",
                          .verify_url = "https://example.org/v/K0RE4"};
  unsigned char *pdf;
  size_t len;
  assert_int_equal(certificate_render(&c, &pdf, &len), 0);
  const char *want[] = {KOREAN, "東京都庁", "이서연"};
  const char *faces[] = {"NanumGothic", "IPAGothic"};
  assert_scripts("certificate.pdf", pdf, len, want, 3, faces, 2);
  free(pdf);
}

static void test_memoria(void **state) {
  (void)state;
  static struct latacunga L;
  latacunga_build(&L, NULL, 0, NULL);
  L.people[0][0].name = KOREAN;
  L.people[0][0].organization = "서울특별시";
  L.people[1][0].name = JAPANESE;
  L.people[1][0].position = "東京都知事";
  unsigned char *pdf;
  size_t len;
  assert_int_equal(proceedings_render(&L.p, &pdf, &len), 0);
  const char *want[] = {KOREAN, JAPANESE, "서울특별시", "東京都知事"};
  const char *faces[] = {"NanumGothic", "IPAGothic"};
  assert_scripts("memoria.pdf", pdf, len, want, 4, faces, 2);
  free(pdf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cmap_coverage),
      cmocka_unit_test(test_printable),
      cmocka_unit_test(test_mixed_widths),
      cmocka_unit_test(test_badges),
      cmocka_unit_test(test_latin_sheet_embeds_no_fallback),
      cmocka_unit_test(test_certificate),
      cmocka_unit_test(test_memoria),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
