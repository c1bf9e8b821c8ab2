/* test_pdf_tagged.c — pdf/tagged.c and pdf/archival.c on a small document: an element drawn on
 * two pages gets its MCID on its own page and a marked-content reference on the other, an element
 * that draws nothing is left out, artifacts get no MCID, the parent tree and /StructParents tie
 * pages to elements, qpdf finds no error; PDF/A parts present; an untagged document has none of
 * it. And the certificate (pdf/certificate.c), tagged: a section with its H1, the QR code a
 * Figure with alternative text, every drawing marked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/certificate.h"
#include "pdf/pdf.h"
#include "tests/pdf/pdftools.h"

static struct pdf_rgb ink(void) { return pdf_hex(0x1f2933); }

/* Two pages: a heading and a paragraph running over both, an empty list, a footer artifact. */
static unsigned char *two_pages(bool tagged, size_t *n) {
  struct pdf_doc *doc = pdf_new();
  pdf_set_info(doc, "Prueba <&> etiquetas", "AME", "Asunto", 1732662000);
  pdf_set_language(doc, "es-EC");
  if (tagged) {
    pdf_set_tagged(doc);
    pdf_set_archival(doc);
  }
  size_t h1 = pdf_elem(doc, PDF_DOCUMENT, "H1");
  size_t para = pdf_elem(doc, PDF_DOCUMENT, "P");
  pdf_elem(doc, pdf_elem(doc, PDF_DOCUMENT, "L"), "LI"); /* draws nothing */
  for (int i = 0; i < 2; i++) {
    struct pdf_page *pg = pdf_add_page(doc, PDF_A4_W, PDF_A4_H);
    if (i == 0) {
      pdf_mark(pg, h1);
      pdf_text(pg, PDF_BOLD, 18, ink(), 72, 760, "Título");
    }
    pdf_mark(pg, para);
    pdf_text(pg, PDF_REGULAR, 10, ink(), 72, 700, i ? "segunda parte" : "primera parte");
    pdf_mark(pg, PDF_ARTIFACT_FOOTER);
    pdf_text(pg, PDF_REGULAR, 8, ink(), 72, 40, "página");
    pdf_mark_end(pg);
  }
  unsigned char *b;
  assert_int_equal(pdf_save(doc, &b, n), 0);
  pdf_free(doc);
  return b;
}

static void test_structure(void **state) {
  (void)state;
  size_t n;
  unsigned char *b = two_pages(true, &n);
  const char *path = pt_write("tagged.pdf", b, n);
  int st;
  char cmd[512];
  snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
  free(pt_run(cmd, &st));
  assert_int_equal(st, 0);
  assert_int_equal(pt_qdf_count(path, "^ */S /(Document|H1|P)$"), 3); /* the empty L and LI are left out */
  assert_int_equal(pt_qdf_count(path, "^ */S /(L|LI)$"), 0);
  assert_int_equal(pt_qdf_count(path, "^ */Type /MCR$"), 1); /* the paragraph's part on page 2 */
  assert_int_equal(pt_qdf_count(path, "^ */StructParents [01]$"), 2);
  assert_int_equal(pt_qdf_count(path, "/MCID [0-9]+>> BDC"), 3); /* H1, P on page 1; P on page 2 */
  assert_int_equal(pt_qdf_count(path, "^/Artifact <</Type /Pagination /Subtype /Footer>> BDC$"), 2);
  assert_int_equal(pt_qdf_count(path, "^ */Marked true$"), 1);
  snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
  char *info = pt_run(cmd, &st);
  assert_non_null(strstr(info, "Tagged:          yes"));
  assert_non_null(strstr(info, "PDF version:     1.7"));
  free(info);
  snprintf(cmd, sizeof cmd, "pdfinfo -meta '%s'", path);
  char *xmp = pt_run(cmd, &st);
  assert_non_null(strstr(xmp, ">Prueba &lt;&amp;&gt; etiquetas</rdf:li>")); /* escaped */
  assert_non_null(strstr(xmp, "<xmp:CreateDate>2024-11-26T23:00:00+00:00</xmp:CreateDate>"));
  assert_non_null(strstr(xmp, "<pdfaid:part>2</pdfaid:part>"));
  free(xmp);
  free(b);
}

static void test_untagged_unchanged(void **state) {
  (void)state;
  size_t n;
  unsigned char *b = two_pages(false, &n);
  const char *path = pt_write("untagged.pdf", b, n);
  /* the names and operators as PDF writes them, not any font bytes that happen to spell them */
  assert_int_equal(pt_qdf_count(path, "/StructTreeRoot|/MarkInfo|(^| )(BDC|BMC)$|/Metadata|/OutputIntents"), 0);
  assert_memory_equal(b, "%PDF-1.3", 8);
  free(b);
}

static void test_certificate_tagged(void **state) {
  (void)state;
  const struct certificate_signer signers[] = {{"Patricio Maldonado", "Presidente de AME"}};
  const struct certificate c = {.full_name = "María José Ñacato",
                                .edition_title = "III Asamblea",
                                .city = "Latacunga",
                                .signers = signers,
                                .n_signers = 1,
                                .verify_url = "https://asamblea.example/v/LTG24-7QK9X",
                                .code = "LTG24-7QK9X",
                                .issued = 1732662000};
  unsigned char *b;
  size_t n;
  assert_int_equal(certificate_render(&c, &b, &n), 0);
  const char *path = pt_write("certificate.pdf", b, n);
  assert_int_equal(pt_qdf_count(path, "^ */S /(Sect|H1|Figure|Div)$"), 4);
  assert_int_equal(pt_qdf_count(path, "^ */Alt <FEFF"), 1);
  int open = pt_qdf_count(path, "(BDC|BMC)$"), close = pt_qdf_count(path, "^EMC$");
  assert_true(open > 10);
  assert_int_equal(open, close);
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_structure),
      cmocka_unit_test(test_certificate_tagged),
      cmocka_unit_test(test_untagged_unchanged),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  pt_cleanup();
  return rc;
}
