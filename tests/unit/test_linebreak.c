/* test_linebreak.c — Spanish hyphenation (pdf/hyphenate.h) and total-fit breaking of justified
 * paragraphs (pdf/linebreak.h through layout_para_wrap): the hyphenation points come from Debian's
 * patterns, names, acronyms, codes, e-mail addresses and URLs are never split, a paragraph that
 * first fit leaves with gaps above twice a space is set with none, the pieces of a split word
 * add up to the word, and a hyphenated word extracts whole with pdftotext (ActualText). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/hyphenate.h"
#include "pdf/layout.h"
#include "pdf/pdf.h"
#include "tests/pdf/pdftools.h"

/* A recommendation of the Latacunga memoria: set first fit at the memoria's text width, its
 * second line is justified with gaps of more than twice a space. */
static const char *RECOMMENDATION =
    "Los GAD Municipales deberían **fortalecer su participación en programas de voluntariado "
    "internacional**, aprovechando las capacidades y conocimientos de los voluntarios para abordar áreas "
    "específicas como la **gestión pública**, el **desarrollo rural** y la **capacitación en nuevas "
    "tecnologías**. Esto permitirá que los municipios mejoren sus competencias técnicas y operativas, además "
    "de fortalecer sus capacidades de liderazgo.";
static const float TEXT_WIDTH = 451.3f; /* A4 less the memoria's margins */
static const float BODY = 10.5f;

/* The word with a '-' at each hyphenation point (static buffer). */
static const char *spelled(const char *word) {
  static char out[256];
  size_t cuts[HYPHEN_MAX_CUTS], n = hyphen_points(word, strlen(word), cuts), o = 0, from = 0;
  for (size_t k = 0; k <= n; k++) {
    size_t to = k < n ? cuts[k] : strlen(word);
    memcpy(out + o, word + from, to - from);
    o += to - from;
    if (k < n) out[o++] = '-';
    from = to;
  }
  out[o] = 0;
  return out;
}

static void test_hyphenation_points_come_from_the_patterns(void **state) {
  (void)state;
  assert_true(hyphen_available());
  assert_string_equal(spelled("administración"), "ad-mi-nis-tra-ción");
  assert_string_equal(spelled("participación"), "par-ti-ci-pa-ción");
  assert_string_equal(spelled("comunicación"), "co-mu-ni-ca-ción");
  assert_string_equal(spelled("ciudadanía"), "ciu-da-da-nía");
  assert_string_equal(spelled("internacionales"), "in-ter-na-cio-na-les");
  /* punctuation around the word is set aside; two letters stay before a hyphen, three go after */
  assert_string_equal(spelled("(cooperación),"), "(co-ope-ra-ción),");
  assert_string_equal(spelled("«aéreo»"), "«aé-reo»");
  assert_string_equal(spelled("**internacional**,"), "**internacional**,"); /* markup is the caller's */
  assert_string_equal(spelled("ideas"), "ideas");
  assert_string_equal(spelled("cosas"), "co-sas");
}

static void test_names_codes_addresses_are_never_split(void **state) {
  (void)state;
  static const char *whole[] = {"Grijalva",
                                "Latacunga",
                                "Internacionalización",
                                "CATALYSTE+",
                                "ICLEI",
                                "casa",
                                "info@asamblea.ec",
                                "https://ame.gob.ec/guia",
                                "www.municipalidad.gob.ec",
                                "documentación.pdf",
                                "código2024",
                                "socio-económico",
                                "presupuesto_anual",
                                "AME-2024-0042"};
  for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
    size_t cuts[HYPHEN_MAX_CUTS];
    if (hyphen_points(whole[i], strlen(whole[i]), cuts)) fail_msg("%s was split: %s", whole[i], spelled(whole[i]));
  }
  /* a narrow justified paragraph of names and addresses keeps every one of them whole */
  struct pdf_doc *doc = pdf_new();
  struct layout_para p;
  layout_para_wrap(&p, doc,
                   "coordinacion.internacional@municipalidad.gob.ec, "
                   "https://www.asociacionmunicipal.gob.ec/cooperacion, Francisco Grijalva Villalobos, "
                   "Stefany Páez Argüello, CATALYSTE+, FRANCE VOLONTAIRES, AME-2024-0042, Internacionalización.",
                   PDF_REGULAR, BODY, 120, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
  for (size_t i = 0; i < p.nwords; i++) {
    assert_false(p.words[i].joined);
    assert_false(p.words[i].hyphen);
  }
  layout_para_free(&p);
  pdf_free(doc);
}

/* The widest gap of the paragraph's justified lines, in natural spaces. */
static float widest_gap(const struct layout_para *p) {
  float widest = 0;
  for (size_t i = 0; i < p->nlines; i++) {
    const struct layout_line *l = &p->lines[i];
    if (!l->justified) continue;
    for (size_t k = l->first_word; k + 1 < l->first_word + l->nwords; k++) {
      if (p->words[k].joined) continue;
      float gap = p->words[k + 1].x - (p->words[k].x + p->words[k].width);
      if (gap / p->space > widest) widest = gap / p->space;
    }
  }
  return widest;
}

/* The gaps first fit would give: the lines of ragged breaking, spread to the width. */
static float widest_first_fit_gap(struct pdf_doc *doc, const char *text) {
  struct layout_para p;
  layout_para_wrap(&p, doc, text, PDF_REGULAR, BODY, TEXT_WIDTH, LAYOUT_LEFT, LAYOUT_MARKUP);
  float widest = 0;
  for (size_t i = 0; i + 1 < p.nlines; i++) {
    const struct layout_line *l = &p.lines[i];
    float words = l->natural - p.space * (float)(l->nwords - 1);
    float gap = (p.width - words) / (float)(l->nwords - 1);
    if (gap / p.space > widest) widest = gap / p.space;
  }
  layout_para_free(&p);
  return widest;
}

static void test_total_fit_leaves_no_gap_above_twice_a_space(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  assert_true(widest_first_fit_gap(doc, RECOMMENDATION) > 2.0f);
  struct layout_para p;
  size_t n = layout_para_wrap(&p, doc, RECOMMENDATION, PDF_REGULAR, BODY, TEXT_WIDTH, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
  assert_true(n >= 4);
  float widest = widest_gap(&p);
  if (widest > 2.0f) fail_msg("a gap of %.2f spaces", (double)widest);
  size_t hyphens = 0;
  for (size_t i = 0; i < p.nwords; i++) hyphens += p.words[i].hyphen;
  assert_true(hyphens >= 1);
  layout_para_free(&p);
  pdf_free(doc);
}

/* The paragraph's text read back from its lines: a line ending in a hyphen joins the next. */
static char *lines_joined(const struct layout_para *p) {
  char *out = calloc(1, 4096);
  for (size_t i = 0; i < p->nlines; i++) {
    char *line = layout_line_text(p, i);
    size_t len = strlen(line);
    bool hyphen = p->words[p->lines[i].first_word + p->lines[i].nwords - 1].hyphen;
    if (hyphen) {
      assert_int_equal(line[len - 1], '-');
      line[len - 1] = 0;
    }
    strcat(out, line);
    if (!hyphen && i + 1 < p->nlines) strcat(out, " ");
    free(line);
  }
  return out;
}

/* The text without "**" (RECOMMENDATION has no other markup). */
static char *plain(const char *text) {
  char *out = strdup(text), *o = out;
  for (const char *s = text; *s; s++)
    if (!(s[0] == '*' && s[1] == '*')) *o++ = *s;
    else s++;
  *o = 0;
  return out;
}

static void test_pieces_add_up_to_the_words(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct layout_para p;
  for (float width = 150; width <= 450; width += 25) {
    layout_para_wrap(&p, doc, RECOMMENDATION, PDF_REGULAR, BODY, width, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
    char *joined = lines_joined(&p), *expected = plain(RECOMMENDATION);
    assert_string_equal(joined, expected);
    free(joined);
    free(expected);
    /* every line fits, its hyphen included */
    for (size_t i = 0; i < p.nlines; i++) assert_true(p.lines[i].natural <= width + 0.01f);
    layout_para_free(&p);
  }
  pdf_free(doc);
}

static void test_hyphenated_words_extract_whole(void **state) {
  (void)state;
  if (!pt_have("pdftotext")) fail_msg("pdftotext (poppler-utils) is needed");
  struct pdf_doc *doc = pdf_new();
  struct pdf_page *page = pdf_add_page(doc, 595, 842);
  struct layout_para p;
  layout_para_wrap(&p, doc, RECOMMENDATION, PDF_REGULAR, BODY, 200, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
  size_t hyphens = 0;
  for (size_t i = 0; i < p.nwords; i++) hyphens += p.words[i].hyphen;
  assert_true(hyphens >= 2);
  layout_para_draw(&p, page, 60, 780, 15.5f, pdf_hex(0));
  unsigned char *pdf;
  size_t len;
  assert_int_equal(pdf_save(doc, &pdf, &len), 0);
  /* in content-stream order (-raw) and in layout (-layout): pdftotext's default reading order
   * joins a hyphen at a line end by itself, which would hide a missing ActualText */
  static const char *modes[] = {"-raw", "-layout"};
  for (size_t m = 0; m < 2; m++) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s '%s' - 2>/dev/null", modes[m],
             pt_write("hyphenated.pdf", pdf, len));
    int status;
    char *text = pt_run(cmd, &status);
    char *expected = plain(RECOMMENDATION);
    assert_int_equal(status, 0);
    assert_string_equal(pt_squash(text), expected); /* whole words, no hyphen, nothing twice */
    free(expected);
    free(text);
  }
  free(pdf);
  layout_para_free(&p);
  pdf_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hyphenation_points_come_from_the_patterns),
      cmocka_unit_test(test_names_codes_addresses_are_never_split),
      cmocka_unit_test(test_total_fit_leaves_no_gap_above_twice_a_space),
      cmocka_unit_test(test_pieces_add_up_to_the_words),
      cmocka_unit_test(test_hyphenated_words_extract_whole),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  pt_cleanup();
  return failed;
}
