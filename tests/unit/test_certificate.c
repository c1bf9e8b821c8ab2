/* test_certificate.c — pdf/certificate.c: one certificate (A4 landscape, every text present with
 * its accents, the QR decodes with zbarimg to exactly the verification URL after pdftoppm at
 * 150 dpi, every word inside the frame), many certificates in one PDF (one page each, in order),
 * very long names and titles still inside the frame, qpdf --check clean, determinism. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/certificate.h"
#include "pdf/pdf.h"
#include "tests/pdf/pdftools.h"

#define EDITION \
  "III Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2024"

static const struct certificate_signer signers[] = {
    {"Patricio Maldonado", "Presidente de AME"},
    {"Esteban Orellana", "Director Ejecutivo de AME"},
};

static struct certificate sample(const char *name, const char *code) {
  static char urls[8][128];
  static int next;
  char *url = urls[next++ % 8];
  snprintf(url, 128, "https://asamblea.ame.gob.ec/v/%s", code);
  struct certificate c = {.full_name = name,
                          .organization = "GAD Municipal de Latacunga",
                          .edition_title = EDITION,
                          .city = "Latacunga",
                          .dates_text = "25 y 26 de noviembre de 2024",
                          .signers = signers,
                          .n_signers = 2,
                          .verify_url = url,
                          .code = code,
                          .issued = 1733151600};
  return c;
}

static int setup(void **state) {
  (void)state;
  for (const char *const *t = (const char *const[]){"pdftotext", "pdfinfo", "pdftoppm", "zbarimg", "qpdf", NULL}; *t;
       t++)
    if (!pt_have(*t)) {
      fprintf(stderr, "%s is not installed: run make deps\n", *t);
      return -1;
    }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  pt_cleanup();
  return 0;
}

static void assert_has(const char *text, const char *want) {
  if (!strstr(text, want)) fail_msg("missing from the PDF text: \"%s\"", want);
}

/* Every word of every page inside the inner frame (26 pt from each edge) with a small margin. */
static void assert_inside_frame(const char *path) {
  struct pt_word *w;
  size_t n = pt_words(path, &w);
  assert_true(n > 20);
  for (size_t i = 0; i < n; i++)
    if (w[i].x0 < 30 || w[i].y0 < 30 || w[i].x1 > w[i].page_w - 30 || w[i].y1 > w[i].page_h - 30)
      fail_msg("page %d: \"%s\" (%.1f,%.1f)-(%.1f,%.1f) crosses the frame", w[i].page, w[i].text, w[i].x0, w[i].y0,
               w[i].x1, w[i].y1);
  free(w);
}

static void test_one_certificate(void **state) {
  (void)state;
  struct certificate c = sample("María José Ñacato Guamán", "LTG24-7QK9X");
  unsigned char *b;
  size_t len;
  assert_int_equal(certificate_render(&c, &b, &len), 0);
  const char *path = pt_write("cert.pdf", b, len);
  assert_int_equal(pt_pages(path), 1);
  char cmd[512];
  int st;
  snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null", path);
  char *info = pt_run(cmd, &st);
  assert_has(info, "Page size:       841.89 x 595.276 pts (A4)");
  assert_has(info, "Title:           Certificado de participación — María José Ñacato Guamán");
  free(info);
  char *text = pt_text(path);
  assert_false(pt_mojibake(text));
  assert_has(text, "ASOCIACIÓN DE MUNICIPALIDADES ECUATORIANAS");
  assert_has(text, "Certificado de participación");
  assert_has(text, "Se certifica que");
  assert_has(text, "María José Ñacato Guamán");
  assert_has(text, "GAD Municipal de Latacunga");
  assert_has(text, "participó en la " EDITION ", realizada en Latacunga, 25 y 26 de noviembre de 2024.");
  assert_has(text, "Patricio Maldonado");
  assert_has(text, "Presidente de AME");
  assert_has(text, "Esteban Orellana");
  assert_has(text, "Director Ejecutivo de AME");
  assert_has(text, "https://asamblea.ame.gob.ec/v/LTG24-7QK9X");
  assert_has(text, "LTG24-7QK9X");
  free(text);
  assert_inside_frame(path);
  /* the QR decodes to exactly the verification address (case kept) */
  snprintf(cmd, sizeof cmd,
           "cd '%s' && (pdftoppm -r 150 -png cert.pdf cert && zbarimg --raw -q cert-1.png) 2>/dev/null", pt_tmpdir());
  char *qr = pt_run(cmd, &st);
  assert_int_equal(st, 0);
  assert_string_equal(pt_squash(qr), "https://asamblea.ame.gob.ec/v/LTG24-7QK9X");
  free(qr);
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
  assert_int_equal(system(cmd), 0);
  /* deterministic */
  unsigned char *again;
  size_t len2;
  assert_int_equal(certificate_render(&c, &again, &len2), 0);
  assert_int_equal(len, len2);
  assert_memory_equal(b, again, len);
  free(again);
  free(b);
}

static void test_many_in_one_pdf(void **state) {
  (void)state;
  struct certificate list[3] = {sample("César Argüello", "LTG24-M2P4R"), sample("Stefany Páez", "LTG24-ZZ8WD"),
                                sample("Julio César Benítez", "LTG24-Q7Y3T")};
  list[2].n_signers = 1;
  list[1].organization = NULL;
  unsigned char *b;
  size_t len;
  assert_int_equal(certificates_render(list, 3, &b, &len), 0);
  const char *path = pt_write("certs.pdf", b, len);
  assert_int_equal(pt_pages(path), 3);
  for (int pg = 1; pg <= 3; pg++) {
    char cmd[512];
    int st;
    snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d -enc UTF-8 '%s' - 2>/dev/null", pg, pg, path);
    char *t = pt_squash(pt_run(cmd, &st));
    assert_has(t, list[pg - 1].full_name);
    assert_has(t, list[pg - 1].verify_url);
    for (int other = 0; other < 3; other++)
      if (other != pg - 1) assert_null(strstr(t, list[other].code));
    free(t);
  }
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>/dev/null | grep -c 'CID TrueType'", path);
  int st;
  char *fonts = pt_run(cmd, &st);
  assert_true(atoi(fonts) <= 4); /* fonts embedded once for all pages */
  free(fonts);
  assert_inside_frame(path);
  free(b);
  assert_int_equal(certificates_render(list, 0, &b, &len), -1);
  assert_null(b);
}

static void test_long_texts_stay_inside(void **state) {
  (void)state;
  struct certificate c =
      sample("María Fernanda de los Ángeles Villavicencio Zambrano de la Torre y Saltos Echeverría", "LTG24-LONG1");
  c.organization =
      "Gobierno Autónomo Descentralizado Municipal del Cantón San Francisco de Puebloviejo y sus Parroquias Rurales";
  c.edition_title = EDITION
      " — edición especial con un nombre mucho más largo de lo habitual para probar que el "
      "texto se ajusta en varias líneas sin salir del marco";
  struct certificate_signer three[3] = {
      {"Patricio Maldonado", "Presidente de la Asociación de Municipalidades Ecuatorianas"},
      {"Esteban Orellana", "Director Ejecutivo de AME"},
      {"Luis Enrique Ortíz", "Director de Cooperación Internacional"}};
  c.signers = three;
  c.n_signers = 3;
  unsigned char *b;
  size_t len;
  assert_int_equal(certificate_render(&c, &b, &len), 0);
  const char *path = pt_write("long.pdf", b, len);
  assert_inside_frame(path);
  char *text = pt_text(path);
  assert_has(text, "Villavicencio Zambrano de la Torre");
  assert_has(text, "Luis Enrique Ortíz");
  free(text);
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_one_certificate),
      cmocka_unit_test(test_many_in_one_pdf),
      cmocka_unit_test(test_long_texts_stay_inside),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
