/* test_badge.c — badges/badge.c: layouts parse; every attendee type has its Spanish label and a
 * distinct, print-friendly band colour that white text reads on; names are fitted (one line down
 * to a minimum size, then two balanced lines, never wider than the text area, nothing lost);
 * every layout renders, deterministically, with the right page count, and bad input is refused.
 * End to end, with independent tools: the PDFs are rasterized by poppler's pdftoppm at 150 dpi
 * and every QR code is read back by zbar's zbarimg and must be exactly a token that verifies;
 * pdftotext finds every word inside its badge and every name inside the name's text area, with
 * its accents and ñ; pdffonts shows the fonts embedded. */
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
#include <unistd.h>

#include "badges/badge.h"
#include "badges/token.h"

static const char *const LONG_NAME_1 = "María de los Ángeles Guadalupe Pérez Ñacato de la Torre";
static const char *const LONG_NAME_2 = "Juan Sebastián Rodríguez-Villavicencio Arteaga";
static const char *const LONG_ORG = "Gobierno Autónomo Descentralizado Municipal del Cantón San Miguel de Urcuquí";

static const struct badge_event EVENT = {
    "III Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2024",
    "Latacunga 2024", "25 y 26 de noviembre de 2024", "Latacunga"};

static unsigned char PK[32], SK[64];
static char TMPDIR_[64];

static int group_setup(void **state) {
  (void)state;
  token_keypair(PK, SK);
  strcpy(TMPDIR_, "/tmp/test_badge.XXXXXX");
  return mkdtemp(TMPDIR_) ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", TMPDIR_);
  return system(cmd) == 0 ? 0 : -1;
}

/* ---- layouts and roles -------------------------------------------------------------------- */

static void test_layout_parse(void **state) {
  (void)state;
  const char *names[] = {"a4-10", "a4-8", "a6", "cr80"};
  const enum badge_layout want[] = {BADGE_A4_10, BADGE_A4_8, BADGE_A6, BADGE_CR80};
  for (int i = 0; i < 4; i++) {
    enum badge_layout l = (enum badge_layout)99;
    assert_true(badge_layout_parse(names[i], &l));
    assert_int_equal(l, want[i]);
    assert_string_equal(badge_layout_name(l), names[i]);
  }
  const char *bad[] = {"", "A4-10", "a4", "a4-10 ", "a410", "letter", "a6\n"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(badge_layout_parse(bad[i], NULL));
  assert_false(badge_layout_parse(NULL, NULL));
  struct badge_geometry g;
  assert_false(badge_geometry((enum badge_layout)7, &g));
}

/* WCAG relative luminance and CIE L*a*b* (D65) of a colour. */
static double lin(double c) { return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4); }
static double luminance(struct pdf_rgb c) { return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b); }
static void lab(struct pdf_rgb c, double out[3]) {
  double r = lin(c.r), g = lin(c.g), b = lin(c.b);
  double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, y = 0.2126 * r + 0.7152 * g + 0.0722 * b,
         z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  double f[3], v[3] = {x, y, z};
  for (int i = 0; i < 3; i++) f[i] = v[i] > 0.008856 ? cbrt(v[i]) : 7.787 * v[i] + 16.0 / 116;
  out[0] = 116 * f[1] - 16, out[1] = 500 * (f[0] - f[1]), out[2] = 200 * (f[1] - f[2]);
}

static void test_roles(void **state) {
  (void)state;
  static const char *const want[][2] = {
      {"authority", "AUTORIDAD"}, {"official", "FUNCIONARIO/A"},       {"cooperation", "COOPERACIÓN"},
      {"academia", "ACADEMIA"},   {"civil_society", "SOCIEDAD CIVIL"}, {"press", "PRENSA"},
      {"speaker", "PONENTE"},     {"moderator", "MODERADOR/A"},        {"organizer", "ORGANIZACIÓN"},
      {"guest", "INVITADO/A"},
  };
  size_t n = 0;
  const struct badge_role *all = badge_roles(&n);
  assert_int_equal(n, 10);
  for (size_t i = 0; i < 10; i++) {
    const struct badge_role *r = badge_role_find(want[i][0]);
    if (!r) fail_msg("no role for %s", want[i][0]);
    assert_ptr_equal(r, &all[i]);
    assert_string_equal(r->label, want[i][1]);
    double contrast = 1.05 / (luminance(r->band) + 0.05); /* white text on the band */
    if (contrast < 4.5) fail_msg("%s: white on its band has contrast %.2f < 4.5", r->type, contrast);
    for (size_t j = 0; j < i; j++) {
      double a[3], b[3];
      lab(r->band, a);
      lab(all[j].band, b);
      double de = sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
      if (de < 20) fail_msg("%s and %s bands too alike (ΔE %.1f)", r->type, all[j].type, de);
    }
  }
  assert_null(badge_role_find("attendee"));
  assert_null(badge_role_find("Authority"));
  assert_null(badge_role_find(""));
  assert_null(badge_role_find(NULL));
}

/* ---- fitting names ------------------------------------------------------------------------ */

/* The lines joined again (a space between lines, none after a hyphen) equal the normalized text. */
static void assert_lossless(const struct badge_fit *f, const char *normalized) {
  char joined[2048] = "";
  for (size_t i = 0; i < f->lines; i++) {
    size_t n = strlen(joined);
    if (i > 0 && joined[n - 1] != '-') strcat(joined, " ");
    strcat(joined, f->text[i]);
  }
  assert_string_equal(joined, normalized);
}

static void test_fit_names(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  assert_non_null(doc);
  const char *names[] = {LONG_NAME_1,
                         LONG_NAME_2,
                         "Ana Paz",
                         "Carlos Andrés Muñoz Peñaherrera",
                         "Luz",
                         "Wilson Cuji",
                         "Xiomara Alexandra Chimbo-Quinatoa de Guamán"};
  for (int l = 0; l < 4; l++) {
    struct badge_geometry g;
    assert_true(badge_geometry((enum badge_layout)l, &g));
    assert_true(g.name_w > 100 && g.name_x + g.name_w <= g.w - g.margin + 0.01f);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      struct badge_fit_box box = {PDF_BOLD, g.name_w, 0, 1.08f, 24, 15, 4, 2};
      struct badge_fit f;
      badge_fit_text(doc, &box, names[i], &f);
      assert_true(f.lines >= 1 && f.lines <= 2);
      assert_false(f.cut);
      for (size_t k = 0; k < f.lines; k++) {
        float w = pdf_text_width(doc, PDF_BOLD, f.size, f.text[k]);
        if (w > g.name_w)
          fail_msg("%s: \"%s\" is %.2f pt wide in a %.2f pt area", badge_layout_name((enum badge_layout)l), f.text[k],
                   w, g.name_w);
        assert_float_equal(w, f.width[k], 0.01);
      }
      assert_lossless(&f, names[i]);
      if (f.lines == 2) assert_true(f.size <= 24);
      /* the longest names stay legible: at least 9 pt on any layout */
      if (f.size < 9)
        fail_msg("%s: \"%s\" shrank to %.1f pt", badge_layout_name((enum badge_layout)l), names[i], f.size);
    }
  }
  /* the two long names take two lines on the 55 mm card; short names one line at the largest size */
  struct badge_geometry g;
  badge_geometry(BADGE_A4_10, &g);
  struct badge_fit_box box = {PDF_BOLD, g.name_w, 0, 1.08f, 24, 15, 4, 2};
  struct badge_fit f;
  badge_fit_text(doc, &box, LONG_NAME_1, &f);
  assert_int_equal(f.lines, 2);
  assert_string_equal(f.text[0], "María de los Ángeles Guadalupe"); /* given names, then surnames */
  assert_string_equal(f.text[1], "Pérez Ñacato de la Torre");
  badge_fit_text(doc, &box, LONG_NAME_2, &f);
  assert_int_equal(f.lines, 2);
  assert_string_equal(f.text[0], "Juan Sebastián Rodríguez-"); /* broken after the hyphen, kept */
  assert_string_equal(f.text[1], "Villavicencio Arteaga");
  badge_fit_text(doc, &box, "Ana Paz", &f);
  assert_int_equal(f.lines, 1);
  assert_float_equal(f.size, 24, 0.001);
  pdf_free(doc);
}

static void test_fit_edges(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct badge_fit f;
  struct badge_fit_box box = {PDF_BOLD, 150, 0, 1.1f, 24, 15, 4, 2};
  /* empty, blank, NULL: no lines */
  const char *empty[] = {"", "   ", "\t\r\n", NULL};
  for (size_t i = 0; i < 4; i++) {
    badge_fit_text(doc, &box, empty[i], &f);
    assert_int_equal(f.lines, 0);
  }
  /* whitespace runs collapse, ends trimmed */
  badge_fit_text(doc, &box, "  Ana \t\n Paz  ", &f);
  assert_int_equal(f.lines, 1);
  assert_string_equal(f.text[0], "Ana Paz");
  /* a single word far too long: shrinks below the minimum rather than overflowing */
  badge_fit_text(doc, &box, "Supercalifragilisticoespialidosoñañañañañañañañañaña", &f);
  assert_int_equal(f.lines, 1);
  assert_true(f.size < 15 && f.width[0] <= 150);
  /* height limits the size: two lines in 20 pt of height */
  struct badge_fit_box low = {PDF_BOLD, 150, 20, 1.1f, 24, 15, 4, 2};
  badge_fit_text(doc, &low, LONG_NAME_1, &f);
  assert_true(f.size * 2.3f <= 20 + 0.5f);
  /* an organization that does not fit at the floor size is cut with an ellipsis */
  struct badge_fit_box org = {PDF_REGULAR, 100, 0, 1.18f, 9, 9, 7, 2};
  badge_fit_text(doc, &org, LONG_ORG, &f);
  assert_int_equal(f.lines, 2);
  assert_true(f.cut);
  assert_float_equal(f.size, 7, 0.001);
  size_t n1 = strlen(f.text[1]);
  assert_true(n1 >= 3 && memcmp(f.text[1] + n1 - 3, "\xE2\x80\xA6", 3) == 0);
  for (size_t k = 0; k < 2; k++) assert_true(pdf_text_width(doc, PDF_REGULAR, 7, f.text[k]) <= 100);
  /* 3 lines when allowed */
  struct badge_fit_box three = {PDF_REGULAR, 120, 0, 1.18f, 9, 9, 7, 3};
  badge_fit_text(doc, &three, LONG_ORG, &f);
  assert_true(f.lines == 3 && !f.cut);
  assert_lossless(&f, LONG_ORG);
  /* text over 600 bytes is cut on a character boundary (ñ is 2 bytes; 301 of them = 602 bytes) */
  char big[700] = "";
  for (int i = 0; i < 301; i++) strcat(big, "ñ");
  struct badge_fit_box wide = {PDF_REGULAR, 100000, 0, 1.1f, 10, 10, 1, 1};
  badge_fit_text(doc, &wide, big, &f);
  assert_int_equal(f.lines, 1);
  assert_int_equal(strlen(f.text[0]), 600);
  /* invalid UTF-8 and control bytes do not break it */
  badge_fit_text(doc, &box, "Ana \xFF\xC3 Paz\x01", &f);
  assert_true(f.lines >= 1);
  /* a box with no width or size: nothing */
  struct badge_fit_box none = {PDF_BOLD, 0, 0, 0, 24, 15, 4, 2};
  badge_fit_text(doc, &none, "Ana", &f);
  assert_int_equal(f.lines, 0);
  pdf_free(doc);
}

/* ---- rendering ---------------------------------------------------------------------------- */

#define NB 12
struct fixture {
  struct badge b[NB];
  char tokens[NB][TOKEN_TEXT_MAX];
  char codes[NB][8];
};

static void make_fixture(struct fixture *fx, size_t n) {
  static const char *const names[] = {LONG_NAME_1,
                                      LONG_NAME_2,
                                      "Ana Paz",
                                      "Carlos Andrés Muñoz Peñaherrera",
                                      "Lucía Quishpe",
                                      "José Tenesaca Guamán",
                                      "Fernanda Yépez",
                                      "Diego Chávez",
                                      "Rosa Elena Guamán Cuji",
                                      "Patricio Zúñiga",
                                      "Iñaki Ñauñay",
                                      "Luz"};
  static const char *const orgs[] = {LONG_ORG,
                                     "GAD Municipal de Latacunga",
                                     "AECID",
                                     "Universidad Técnica de Cotopaxi",
                                     "GAD Municipal de Peñaherrera",
                                     "Diario La Hora",
                                     "AME",
                                     "Fundación Ñan",
                                     "Unión Europea",
                                     "GAD Municipal de Pastaza",
                                     "",
                                     NULL};
  size_t nroles;
  const struct badge_role *roles = badge_roles(&nroles);
  for (size_t i = 0; i < n; i++) {
    struct token_claims c = {TOKEN_VERSION, 2, (uint32_t)(4000 + i), (uint16_t)(1 + i % 3)};
    assert_int_equal(token_sign(&c, SK, fx->tokens[i]), 120);
    snprintf(fx->codes[i], sizeof fx->codes[i], "K%02uQ7P", (unsigned)(i % 100));
    const struct badge_role *r = &roles[i % nroles];
    fx->b[i] = (struct badge){names[i % NB], orgs[i % NB], i % 2 ? "Alcalde" : "Directora de Planificación",
                              r->label,      fx->codes[i], fx->tokens[i],
                              r->band};
  }
}

static unsigned char *render(enum badge_layout l, const struct badge *b, size_t n, size_t *len) {
  unsigned char *pdf = NULL;
  assert_int_equal(badges_render(&EVENT, b, n, l, 1732550400, &pdf, len), 0);
  assert_non_null(pdf);
  assert_true(*len > 1000);
  assert_memory_equal(pdf, "%PDF-", 5);
  return pdf;
}

/* Number of pages: the /Count of the page tree. */
static int page_count(const unsigned char *pdf, size_t len) {
  const char *k = "/Count ";
  for (size_t i = 0; i + 8 < len; i++)
    if (memcmp(pdf + i, k, 7) == 0) return atoi((const char *)pdf + i + 7);
  return -1;
}

static void test_render_layouts(void **state) {
  (void)state;
  struct fixture *fx = calloc(1, sizeof *fx);
  make_fixture(fx, NB);
  const int per_page[] = {10, 8, 1, 1};
  for (int l = 0; l < 4; l++) {
    for (size_t n = 1; n <= NB; n += (n < 2 ? 1 : 5)) { /* 1, 2, 7, 12 */
      size_t len;
      unsigned char *pdf = render((enum badge_layout)l, fx->b, n, &len);
      assert_int_equal(page_count(pdf, len), (int)((n + (size_t)per_page[l] - 1) / (size_t)per_page[l]));
      /* deterministic: the same input and instant give the same bytes */
      size_t len2;
      unsigned char *again = render((enum badge_layout)l, fx->b, n, &len2);
      assert_int_equal(len, len2);
      assert_memory_equal(pdf, again, len);
      free(again);
      free(pdf);
    }
  }
  free(fx);
}

static void test_render_refuses(void **state) {
  (void)state;
  struct fixture *fx = calloc(1, sizeof *fx);
  make_fixture(fx, 2);
  unsigned char *pdf = (unsigned char *)"x";
  size_t len = 7;
  assert_int_equal(badges_render(NULL, fx->b, 1, BADGE_A6, 0, &pdf, &len), -1);
  assert_null(pdf);
  assert_int_equal(len, 0);
  assert_int_equal(badges_render(&EVENT, NULL, 1, BADGE_A6, 0, &pdf, &len), -1);
  assert_int_equal(badges_render(&EVENT, fx->b, 0, BADGE_A6, 0, &pdf, &len), -1);
  assert_int_equal(badges_render(&EVENT, fx->b, 1, (enum badge_layout)4, 0, &pdf, &len), -1);
  assert_int_equal(badges_render(&EVENT, fx->b, 1, BADGE_A6, 0, NULL, &len), -1);
  assert_int_equal(badges_render(&EVENT, fx->b, 1, BADGE_A6, 0, &pdf, NULL), -1);
  /* a token no QR code can hold */
  char *huge = malloc(8000);
  memset(huge, 'A', 7999);
  huge[7999] = '\0';
  fx->b[1].token = huge;
  assert_int_equal(badges_render(&EVENT, fx->b, 2, BADGE_A4_10, 0, &pdf, &len), -1);
  assert_null(pdf);
  free(huge);
  /* a badge with nothing but a band still renders, as does an empty event */
  struct badge bare = {0};
  struct badge_event none = {0};
  for (int l = 0; l < 4; l++) {
    assert_int_equal(badges_render(&none, &bare, 1, (enum badge_layout)l, 0, &pdf, &len), 0);
    free(pdf);
  }
  free(fx);
}

/* ---- end to end with independent tools ---------------------------------------------------- */

static void write_file(const char *path, const unsigned char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static void need_tool(const char *tool) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
  if (system(cmd) != 0) fail_msg("%s is missing: run `make deps` (poppler-utils, zbar-tools)", tool);
}

/* zbarimg's texts for a PNG, one per line, into out (NUL-separated count returned). */
static size_t zbar_read(const char *cmd, char texts[][256], size_t max) {
  FILE *z = popen(cmd, "r");
  assert_non_null(z);
  size_t n = 0;
  char line[1024];
  while (fgets(line, sizeof line, z)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (*line && n < max) snprintf(texts[n++], 256, "%.255s", line);
  }
  pclose(z);
  return n;
}

/* Renders to PDF, rasterizes every page at 150 dpi, decodes every QR code on every page, and
 * checks that the decoded texts are exactly the badges' tokens, each verifying with the edition
 * key. zbar reading a whole sheet of ten codes in a grid now and then (a few in a thousand) fails
 * to group one code's finder patterns, which it then reads alone without trouble: a code missed
 * on the page is decoded again from its own badge's area (a door scanner sees one badge), and
 * the test says so; a code that cannot be read even alone fails the test. */
static void decode_and_check(const char *tag, enum badge_layout l, struct fixture *fx, size_t n) {
  size_t len;
  unsigned char *pdf = render(l, fx->b, n, &len);
  char path[256], cmd[1024];
  snprintf(path, sizeof path, "%s/%s.pdf", TMPDIR_, tag);
  write_file(path, pdf, len);
  free(pdf);
  snprintf(cmd, sizeof cmd,
           "cd '%s' && pdftoppm -r 150 -png %s.pdf %s-page 2>/dev/null && "
           "for p in %s-page*.png; do zbarimg --raw -q \"$p\" 2>/dev/null; done",
           TMPDIR_, tag, tag, tag);
  static char texts[64][256];
  size_t decoded = zbar_read(cmd, texts, 64);
  bool seen[NB] = {false};
  for (size_t k = 0; k < decoded; k++) {
    size_t i = 0;
    while (i < n && strcmp(fx->tokens[i], texts[k]) != 0) i++;
    if (i == n) fail_msg("%s: decoded \"%s\", which is no badge's token", tag, texts[k]);
    if (seen[i]) fail_msg("%s: token of badge %zu decoded twice", tag, i);
    seen[i] = true;
  }
  struct badge_geometry g;
  badge_geometry(l, &g);
  size_t per = (size_t)(g.cols * g.rows);
  for (size_t i = 0; i < n; i++) {
    if (seen[i]) continue;
    size_t page = i / per + 1, k = i % per;
    float px = 150.0f / 72, x = g.grid_x + (float)(k % (size_t)g.cols) * g.w;
    float top = g.page_h - g.grid_y - (float)((size_t)g.rows - k / (size_t)g.cols) * g.h;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && pdftoppm -r 150 -png -f %zu -l %zu -x %d -y %d -W %d -H %d %s.pdf %s-cell 2>/dev/null && "
             "for p in %s-cell*.png; do zbarimg --raw -q \"$p\" 2>/dev/null; done; rm -f %s-cell*.png",
             TMPDIR_, page, page, (int)(x * px), (int)(top * px), (int)(g.w * px) + 1, (int)(g.h * px) + 1, tag, tag,
             tag, tag);
    char one[4][256];
    size_t got = zbar_read(cmd, one, 4);
    if (got != 1 || strcmp(one[0], fx->tokens[i]) != 0)
      fail_msg("%s: the QR code of badge %zu (%s) cannot be read, even from its own badge area", tag, i,
               fx->b[i].full_name);
    print_message("note: %s: badge %zu's code, missed on the full page, read from its own badge area\n", tag, i);
    seen[i] = true;
  }
  for (size_t i = 0; i < n; i++) {
    struct token_claims c;
    assert_int_equal(token_verify(fx->tokens[i], PK, &c), TOKEN_VALID);
    assert_int_equal(c.badge_id, 4000 + i);
  }
}

static void test_qr_decode(void **state) {
  (void)state;
  need_tool("pdftoppm");
  need_tool("zbarimg");
  struct fixture *fx = calloc(1, sizeof *fx);
  make_fixture(fx, NB);
  decode_and_check("a4-10", BADGE_A4_10, fx, 10); /* a full sheet */
  decode_and_check("a4-8", BADGE_A4_8, fx, 8);
  decode_and_check("a6", BADGE_A6, fx, 1);
  decode_and_check("cr80", BADGE_CR80, fx, 1);
  decode_and_check("cr80-3", BADGE_CR80, fx, 3); /* one per page */
  free(fx);
}

/* pdftotext -bbox: every word lies inside its badge (within the margins), every word of a name
 * inside the name's text area; the names come out with their accents and ñ. */
static void test_text_placement(void **state) {
  (void)state;
  need_tool("pdftotext");
  need_tool("pdffonts");
  struct fixture *fx = calloc(1, sizeof *fx);
  make_fixture(fx, NB);
  for (int l = 0; l < 4; l++) {
    struct badge_geometry g;
    badge_geometry((enum badge_layout)l, &g);
    size_t n = l <= BADGE_A4_8 ? (size_t)(g.cols * g.rows) : 2;
    size_t len;
    unsigned char *pdf = render((enum badge_layout)l, fx->b, n, &len);
    char path[256], cmd[1024];
    snprintf(path, sizeof path, "%s/text-%d.pdf", TMPDIR_, l);
    write_file(path, pdf, len);
    free(pdf);
    /* fonts embedded, and none for the QR code: it is an image mask, not text */
    snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>/dev/null | tail -n +3", path);
    FILE *pf = popen(cmd, "r");
    char line[2048];
    int fonts = 0;
    while (fgets(line, sizeof line, pf)) {
      fonts++;
      if (strstr(line, "Type 3")) fail_msg("a Type 3 font: %s", line);
      if (!strstr(line, " yes yes yes")) fail_msg("font not embedded: %s", line);
    }
    pclose(pf);
    assert_true(fonts >= 2);
    /* word boxes (pdftotext's y runs down from the top of the page) */
    snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' - 2>/dev/null", path);
    FILE *pt = popen(cmd, "r");
    int page = -1;
    size_t words = 0, name_words = 0;
    char all[16384] = "";
    while (fgets(line, sizeof line, pt)) {
      if (strstr(line, "<page ")) page++;
      float x0, y0, x1, y1;
      char *w = strstr(line, "<word ");
      if (!w || sscanf(w, "<word xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">", &x0, &y0, &x1, &y1) != 4) continue;
      char *t = strchr(w, '>') + 1, *e = strstr(t, "</word>");
      *e = '\0';
      if (strlen(all) + strlen(t) + 2 < sizeof all) strcat(strcat(all, t), " ");
      words++;
      /* which badge: by the word's centre */
      float cx = (x0 + x1) / 2, cy = g.page_h - (y0 + y1) / 2;
      int col = (int)floorf((cx - g.grid_x) / g.w), row = (int)floorf((cy - g.grid_y) / g.h);
      if (col < 0 || col >= g.cols || row < 0 || row >= g.rows) fail_msg("word \"%s\" outside every badge", t);
      float bx = g.grid_x + (float)col * g.w;
      size_t idx = (size_t)page * (size_t)(g.cols * g.rows) + (size_t)((g.rows - 1 - row) * g.cols + col);
      if (x0 < bx + g.margin - 0.5f || x1 > bx + g.w - g.margin + 0.5f)
        fail_msg("%s: word \"%s\" [%.1f, %.1f] crosses the margins of badge %zu [%.1f, %.1f]",
                 badge_layout_name((enum badge_layout)l), t, x0, x1, idx, bx + g.margin, bx + g.w - g.margin);
      /* a word of this badge's name: one of its words, or a part of one split after a hyphen */
      const char *name = idx < n && fx->b[idx].full_name ? fx->b[idx].full_name : "";
      char copy[256];
      snprintf(copy, sizeof copy, "%s", name);
      bool in_name = false;
      size_t tl = strlen(t);
      for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        size_t kl = strlen(tok);
        if (strcmp(tok, t) == 0) in_name = true;
        else if (tl < kl && t[tl - 1] == '-' && strncmp(tok, t, tl) == 0) in_name = true;
        else if (tl < kl && tok[kl - tl - 1] == '-' && strcmp(tok + kl - tl, t) == 0) in_name = true;
      }
      if (in_name) {
        name_words++;
        if (x0 < bx + g.name_x - 0.5f || x1 > bx + g.name_x + g.name_w + 0.5f)
          fail_msg("%s: name word \"%s\" [%.1f, %.1f] outside the name area [%.1f, %.1f]",
                   badge_layout_name((enum badge_layout)l), t, x0, x1, bx + g.name_x, bx + g.name_x + g.name_w);
      }
    }
    pclose(pt);
    assert_true(words > n * 6);
    assert_true(name_words >= n * 2);
    const char *expect[] = {"María", "Ángeles", "Ñacato", "Rodríguez-", "Muñoz", "Peñaherrera", "Cantón", "Urcuquí"};
    for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
      if (l >= BADGE_A6 && k >= 2) break; /* two badges only: the first names */
      if (!strstr(all, expect[k]))
        fail_msg("%s: \"%s\" not found in the text", badge_layout_name((enum badge_layout)l), expect[k]);
    }
    if (l <= BADGE_A4_8 && !strstr(all, "COOPERACIÓN")) fail_msg("role label with its accent not found");
  }
  free(fx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_layout_parse), cmocka_unit_test(test_roles),          cmocka_unit_test(test_fit_names),
      cmocka_unit_test(test_fit_edges),    cmocka_unit_test(test_render_layouts), cmocka_unit_test(test_render_refuses),
      cmocka_unit_test(test_qr_decode),    cmocka_unit_test(test_text_placement),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
