/* test_proceedings.c — pdf/proceedings.c on the Latacunga 2024 memoria (tests/pdf/latacunga.h:
 * the real texts of the four dialogues, the six conclusions, the seven recommendations, the
 * closing and the credits). Checked from the outside, as a reader's tools see the file:
 *   - pdftotext: every heading, name, label and accented word is there, no mojibake;
 *   - pdfinfo: a plausible page count that the footers agree with, title/author, A4;
 *   - qpdf --check is clean; qpdf --json lists a bookmark for every dialogue, speaker and item;
 *   - pdftotext -bbox: no word outside the margins (header and footer in their own bands);
 *   - pdfimages: the speaker photos are embedded (JPEG and PNG);
 *   - determinism: the same data and publish instant give the same bytes.
 * Its render time is measured by make bench (build/bench_pdf), not here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "pdf/proceedings.h"
#include "tests/pdf/latacunga.h"
#include "tests/pdf/pdftools.h"

static unsigned char *jpg, *png;
static size_t jpg_len, png_len;
static unsigned char *memoria; /* the Latacunga memoria with JPEG photos, rendered once */
static size_t memoria_len;
static const char *memoria_path;

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)n);
  *len = fread(b, 1, (size_t)n, f);
  fclose(f);
  return b;
}

static int setup(void **state) {
  (void)state;
  jpg = slurp("tests/fixtures/speaker.jpg", &jpg_len);
  png = slurp("tests/fixtures/speaker.png", &png_len);
  if (!jpg || !png) return -1;
  static struct latacunga L;
  latacunga_build(&L, jpg, jpg_len, "image/jpeg");
  if (proceedings_render(&L.p, &memoria, &memoria_len) != 0) return -1;
  memoria_path = pt_write("memoria.pdf", memoria, memoria_len);
  for (const char *const *t = (const char *const[]){"pdftotext", "pdfinfo", "pdfimages", "qpdf", NULL}; *t; t++)
    if (!pt_have(*t)) {
      fprintf(stderr, "%s is not installed: run make deps\n", *t);
      return -1;
    }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  free(memoria);
  free(jpg);
  free(png);
  pt_cleanup();
  return 0;
}

static void assert_has(const char *text, const char *want) {
  if (!strstr(text, want)) fail_msg("missing from the PDF text: \"%s\"", want);
}

static void test_text_complete(void **state) {
  (void)state;
  char *text = pt_text(memoria_path);
  assert_false(pt_mojibake(text));
  /* cover */
  assert_has(text, "Latacunga 2024");
  assert_has(text, LATACUNGA_TITLE);
  assert_has(text, "Aeropuerto Internacional Cotopaxi");
  assert_has(text, "25 y 26 de noviembre de 2024");
  assert_has(text, "Asociación de Municipalidades Ecuatorianas (AME)");
  assert_has(text, "Contenido");
  /* every dialogue: label, title, objective; every participant: name, post, contribution start */
  for (size_t d = 0; d < LATACUNGA_DIALOGUES; d++) {
    const struct proceedings_session *s = &latacunga_sessions[d];
    char label[32];
    snprintf(label, sizeof label, "DIÁLOGO %d", s->number);
    assert_has(text, label);
    snprintf(label, sizeof label, "Diálogo %d", s->number); /* in the contents */
    assert_has(text, label);
    assert_has(text, s->title);
    assert_has(text, s->objective);
    for (size_t k = 0; k < s->n_participants; k++) {
      const struct proceedings_participant *pp = &s->participants[k];
      char name[128];
      snprintf(name, sizeof name, "%s%s%s", pp->honorific, *pp->honorific ? " " : "", pp->name);
      assert_has(text, name);
      assert_has(text, pp->position);
      if (*pp->topic) assert_has(text, pp->topic);
    }
  }
  assert_has(text, "Objetivo del diálogo");
  assert_has(text, "Moderador/a Esteban Orellana");
  assert_has(text, "Moderador/a Julio César Benítez");
  assert_has(text, "Ponente Dr. Francisco Grijalva");
  /* contributions with their bold and bullets (the markers are gone, the words remain) */
  assert_has(text, "El GADM Nabón destacó como la internacionalización de su municipio");
  assert_has(text, "Asistencia técnica CAF – Estudios planta de agua potable del Centro Cantonal");
  assert_has(text, "Postulación Embajada de Japón – Fondos APC");
  assert_has(text, "World Smart Sustainable Cities Organization (WeGO)");
  assert_null(strstr(text, "**"));
  /* conclusions, recommendations, closing, team, contact */
  assert_has(text, "Conclusiones");
  assert_has(text, "Recomendaciones");
  for (size_t i = 0; i < sizeof latacunga_conclusions / sizeof latacunga_conclusions[0]; i++)
    assert_has(text, latacunga_conclusions[i].title);
  for (size_t i = 0; i < sizeof latacunga_recommendations / sizeof latacunga_recommendations[0]; i++)
    assert_has(text, latacunga_recommendations[i].title);
  assert_has(text, "CIERRE");
  assert_has(text, LATACUNGA_CLOSING_TITLE);
  assert_has(text, "Pastaza 2025 se perfila como la próxima sede de la Asamblea");
  assert_has(text, "Dirección de Cooperación Internacional");
  for (size_t i = 0; i < sizeof latacunga_credits / sizeof latacunga_credits[0]; i++) {
    assert_has(text, latacunga_credits[i].name);
    assert_has(text, latacunga_credits[i].role_title);
  }
  assert_has(text, "Contacto");
  assert_has(text, "dirección.cooperación@ame.gob.ec");
  /* accents of every kind, as the reader sees them */
  const char *accents[] = {"Argüello",   "Páez",      "Benítez",  "Mencías", "Isaías",
                           "Suárez",     "Rodríguez", "González", "Ortíz",   "Diseño",
                           "UN-Hábitat", "énfasis",   "Señaló",   "FARO",    "Público-Privadas"};
  for (size_t i = 0; i < sizeof accents / sizeof accents[0]; i++) assert_has(text, accents[i]);
  free(text);
}

static void test_pages_info_and_footers(void **state) {
  (void)state;
  int pages = pt_pages(memoria_path);
  assert_true(pages >= 12 && pages <= 22); /* cover, contents, ~2 per dialogue, items, team */
  char *text = pt_text(memoria_path);
  char foot[64];
  for (int i = 2; i <= pages; i++) {
    snprintf(foot, sizeof foot, "página %d de %d", i, pages);
    assert_has(text, foot);
  }
  assert_null(strstr(text, "página 1 de")); /* the cover has no footer */
  free(text);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null", memoria_path);
  int st;
  char *info = pt_run(cmd, &st);
  assert_has(info, "Title:           Memoria — III Asamblea General");
  assert_has(info, "Author:          Asociación de Municipalidades Ecuatorianas (AME)");
  assert_has(info, "Subject:         Memoria de la III Asamblea General");
  assert_has(info, "CreationDate:    Mon Dec  2 15:00:00 2024 UTC");
  assert_has(info, "Page size:       595.276 x 841.89 pts (A4)");
  free(info);
  assert_non_null(memmem(memoria, memoria_len, "/Lang (es-EC)", 13));
}

static void test_qpdf_check_and_bookmarks(void **state) {
  (void)state;
  char cmd[512];
  int st;
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", memoria_path);
  char *out = pt_run(cmd, &st);
  if (st != 0) fail_msg("qpdf --check: %s", out);
  assert_has(out, "No syntax or stream encoding errors found");
  free(out);
  snprintf(cmd, sizeof cmd, "qpdf --json --json-key=outlines '%s'", memoria_path);
  out = pt_run(cmd, &st);
  assert_int_equal(st, 0);
  char want[256];
  for (size_t d = 0; d < LATACUNGA_DIALOGUES; d++) {
    snprintf(want, sizeof want, "\"title\": \"Diálogo %d: %s\"", latacunga_sessions[d].number,
             latacunga_sessions[d].title);
    assert_has(out, want);
    for (size_t k = 0; k < latacunga_sessions[d].n_participants; k++) {
      snprintf(want, sizeof want, "\"title\": \"%s%s%s\"", latacunga_sessions[d].participants[k].honorific,
               *latacunga_sessions[d].participants[k].honorific ? " " : "", latacunga_sessions[d].participants[k].name);
      assert_has(out, want);
    }
  }
  assert_has(out, "\"title\": \"Contenido\"");
  assert_has(out, "\"title\": \"Conclusiones\"");
  assert_has(out, "\"title\": \"Recomendaciones\"");
  for (size_t i = 0; i < sizeof latacunga_conclusions / sizeof latacunga_conclusions[0]; i++) {
    snprintf(want, sizeof want, "\"title\": \"%d. %s\"", latacunga_conclusions[i].number,
             latacunga_conclusions[i].title);
    assert_has(out, want);
  }
  assert_has(out, "\"title\": \"Cierre: La Internacionalización Continua");
  assert_has(out, "\"title\": \"Equipo: Dirección de Cooperación Internacional\"");
  free(out);
}

/* No word outside the margins: 22 mm at the sides on every page, body words between the top and
 * bottom margins (25 mm), header and footer words only in their bands; the cover keeps 10 mm. */
static void test_words_inside_margins(void **state) {
  (void)state;
  struct pt_word *w;
  size_t n = pt_words(memoria_path, &w);
  assert_true(n > 2000);
  const double side = PDF_MM(22), top = PDF_MM(25), bottom = PDF_MM(25), safe = PDF_MM(10), tol = 0.6;
  size_t header = 0, footer = 0;
  for (size_t i = 0; i < n; i++) {
    const struct pt_word *x = &w[i];
    char where[256];
    snprintf(where, sizeof where, "page %d word \"%s\" box (%.1f,%.1f)-(%.1f,%.1f)", x->page, x->text, x->x0, x->y0,
             x->x1, x->y1);
    if (x->page == 1) {
      if (x->x0 < safe || x->x1 > x->page_w - safe || x->y0 < safe || x->y1 > x->page_h - safe)
        fail_msg("cover word outside the safe area: %s", where);
      continue;
    }
    if (x->x0 < side - tol || x->x1 > x->page_w - side + tol) fail_msg("word in the side margin: %s", where);
    bool in_body = x->y0 >= top - tol && x->y1 <= x->page_h - bottom + tol;
    bool in_header = x->y1 <= top - 12 && x->y0 >= safe;
    bool in_footer = x->y0 >= x->page_h - bottom + 12 && x->y1 <= x->page_h - safe;
    if (!in_body && !in_header && !in_footer) fail_msg("word in the top or bottom margin: %s", where);
    header += in_header;
    footer += in_footer;
  }
  assert_true(header > 0 && footer > 0);
  free(w);
}

static void test_photos_embedded(void **state) {
  (void)state;
  char cmd[512];
  int st;
  snprintf(cmd, sizeof cmd, "pdfimages -list '%s' 2>/dev/null | grep -c ' jpeg '", memoria_path);
  char *out = pt_run(cmd, &st);
  assert_int_equal(atoi(out), LATACUNGA_DIALOGUES + 1); /* first speaker of each dialogue + a moderator */
  free(out);
  static struct latacunga L;
  latacunga_build(&L, png, png_len, "image/png");
  /* an unreadable photo is left out, the memoria still renders */
  static const unsigned char junk[] = "\x89PNG\r\n\x1a\n this is not really a png";
  L.people[2][1].photo = junk;
  L.people[2][1].photo_len = sizeof junk;
  unsigned char *b;
  size_t len;
  assert_int_equal(proceedings_render(&L.p, &b, &len), 0);
  const char *path = pt_write("memoria-png.pdf", b, len);
  snprintf(cmd, sizeof cmd, "pdfimages -list '%s' 2>/dev/null | grep -c ' image '", path);
  out = pt_run(cmd, &st);
  assert_int_equal(atoi(out), LATACUNGA_DIALOGUES + 1);
  free(out);
  free(b);
}

/* Every photo is a Figure of the structure with its alternative text ("Fotografía de …"), and
 * only figures have one. */
static void test_photos_are_figures(void **state) {
  (void)state;
  assert_int_equal(pt_qdf_count(memoria_path, "^ */S /Figure$"), LATACUNGA_DIALOGUES + 1);
  assert_int_equal(pt_qdf_count(memoria_path, "^ */Alt <FEFF"), LATACUNGA_DIALOGUES + 1);
  assert_int_equal(pt_qdf_count(memoria_path, "^ */Type /StructTreeRoot$"), 1);
}

static void test_deterministic(void **state) {
  (void)state;
  static struct latacunga L;
  latacunga_build(&L, jpg, jpg_len, "image/jpeg");
  unsigned char *b;
  size_t len;
  assert_int_equal(proceedings_render(&L.p, &b, &len), 0);
  assert_int_equal(len, memoria_len);
  assert_memory_equal(b, memoria, len);
  free(b);
  L.p.published += 86400; /* another publish instant: other bytes (the dates) */
  assert_int_equal(proceedings_render(&L.p, &b, &len), 0);
  assert_true(len != memoria_len || memcmp(b, memoria, len) != 0);
  free(b);
}

/* Minimal data: only a title. Every optional part is absent and it still makes a valid PDF. */
static void test_minimal(void **state) {
  (void)state;
  struct proceedings p = {.edition_title = "Asamblea de prueba"};
  unsigned char *b;
  size_t len;
  assert_int_equal(proceedings_render(&p, &b, &len), 0);
  const char *path = pt_write("minimal.pdf", b, len);
  assert_true(pt_pages(path) >= 2);
  char *text = pt_text(path);
  assert_has(text, "Asamblea de prueba");
  free(text);
  free(b);
  assert_int_equal(proceedings_render(NULL, &b, &len), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text_complete),
      cmocka_unit_test(test_pages_info_and_footers),
      cmocka_unit_test(test_qpdf_check_and_bookmarks),
      cmocka_unit_test(test_words_inside_margins),
      cmocka_unit_test(test_photos_embedded),
      cmocka_unit_test(test_photos_are_figures),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_minimal),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
