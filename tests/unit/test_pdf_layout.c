/* test_pdf_layout.c — pdf/layout.h: line breaking (accented words, a word longer than a line,
 * first fit), justification (every full line's words span exactly the text width, equal gaps,
 * the last line left-aligned, bold runs measured in bold), page breaks (nothing past the bottom
 * margin, forced breaks, no empty pages), keep-with-next (a heading never ends a page, no orphan
 * or widow lines), and the table of contents (reserved pages, heading page numbers). */
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

#include "pdf/layout.h"
#include "pdf/pdf.h"
#include "tests/pdf/pdftools.h"

static const char *LONG_ES =
    "Los diálogos y las exposiciones de las buenas prácticas implementadas por diversos municipios "
    "ecuatorianos, como **Nabón, Lago Agrio, Pastaza y Portoviejo**, demostraron que la **cooperación "
    "internacional** es esencial para el éxito de proyectos estratégicos, tales como la mejora de la "
    "infraestructura urbana, la adaptación al cambio climático, la movilidad sostenible y la digitalización "
    "de las ciudades. Estas experiencias deben ser replicadas y adaptadas en otras regiones, basándose en "
    "los aprendizajes obtenidos.";

static float word_right(const struct layout_para *p, size_t w) { return p->words[w].x + p->words[w].width; }

static void test_justified_lines_span_the_width(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct layout_para p;
  const float width = 451.3f;
  size_t n = layout_para_wrap(&p, doc, LONG_ES, PDF_REGULAR, 10.5f, width, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
  assert_true(n >= 4);
  for (size_t i = 0; i < n; i++) {
    const struct layout_line *l = &p.lines[i];
    size_t first = l->first_word, last = first + l->nwords - 1;
    assert_true(fabsf(p.words[first].x) < 0.01f);
    if (i + 1 < n) {
      assert_true(l->justified);
      assert_true(fabsf(word_right(&p, last) - width) < 0.01f); /* flush right, within 0.01 pt */
      /* equal gaps, each at least a natural space; none between the pieces of a hyphenated word */
      float gap0 = -1;
      for (size_t w = first; w < last; w++) {
        float gap = p.words[w + 1].x - word_right(&p, w);
        if (p.words[w].joined) {
          assert_true(fabsf(gap) < 0.01f);
          continue;
        }
        if (gap0 < 0) gap0 = gap;
        assert_true(gap0 >= p.space - 0.01f);
        assert_true(fabsf(gap - gap0) < 0.01f);
      }
    } else {
      /* the last line is left-aligned with natural spaces */
      assert_false(l->justified);
      for (size_t w = first; w < last; w++)
        assert_true(fabsf(p.words[w + 1].x - word_right(&p, w) - (p.words[w].joined ? 0 : p.space)) < 0.01f);
      assert_true(word_right(&p, last) < width);
    }
  }
  /* the bold runs are measured in bold: "Nabón," is bold (and the comma too, inside **) */
  bool found = false;
  for (size_t r = 0; r < p.nruns; r++)
    if (!strcmp(p.runs[r].text, "Nabón,")) {
      assert_int_equal(p.runs[r].font, PDF_BOLD);
      assert_true(fabsf(p.runs[r].width - pdf_text_width(doc, PDF_BOLD, 10.5f, "Nabón,")) < 0.001f);
      found = true;
    }
  assert_true(found);
  layout_para_free(&p);
  pdf_free(doc);
}

static void test_line_breaking_first_fit_with_accents(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct layout_para p;
  const float width = 200;
  const char *text =
      "Diálogo cooperación Ñacato Argüello Benítez Páez Rodríguez Suárez Mencías González "
      "Orellana Maldonado";
  size_t n = layout_para_wrap(&p, doc, text, PDF_REGULAR, 11, width, LAYOUT_LEFT, 0);
  assert_true(n >= 2);
  for (size_t i = 0; i < n; i++) {
    const struct layout_line *l = &p.lines[i];
    /* the line's natural width is what the font says for its text */
    char *line = layout_line_text(&p, i);
    assert_true(fabsf(pdf_text_width(doc, PDF_REGULAR, 11, line) - l->natural) < 0.01f);
    assert_true(l->natural <= width + 0.001f);
    /* first fit: the next line's first word would not have fitted */
    if (i + 1 < n) assert_true(l->natural + p.space + p.words[l->first_word + l->nwords].width > width);
    free(line);
  }
  layout_para_free(&p);

  /* a word longer than a line is cut between letters; each piece fills at most one line */
  const char *longword = "Internacionalizaciónmunicipalísimaduradera";
  n = layout_para_wrap(&p, doc,
                       "de la "
                       "Internacionalizaciónmunicipalísimaduradera"
                       " y más",
                       PDF_REGULAR, 14, 90, LAYOUT_JUSTIFY, 0);
  assert_true(n >= 4);
  char joined[256] = "";
  for (size_t i = 0; i < n; i++) {
    char *line = layout_line_text(&p, i);
    assert_true(pdf_text_width(doc, PDF_REGULAR, 14, line) <= 90.001f);
    if (i > 0 && i + 1 < n) strcat(joined, line);
    free(line);
  }
  assert_string_equal(joined, longword);
  /* lines made of one piece are not stretched */
  for (size_t i = 1; i + 1 < n; i++) assert_false(p.lines[i].justified);
  layout_para_free(&p);
  pdf_free(doc);
}

static void test_markup_and_blank(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct layout_para p;
  layout_para_wrap(&p, doc, "El **GADM Nabón** destacó 2 ** 3", PDF_REGULAR, 10, 500, LAYOUT_LEFT, LAYOUT_MARKUP);
  assert_int_equal(p.nlines, 1);
  char *t = layout_line_text(&p, 0);
  assert_string_equal(t, "El GADM Nabón destacó 2 ** 3"); /* the unpaired ** stays as text */
  free(t);
  assert_int_equal(p.runs[1].font, PDF_BOLD);    /* GADM */
  assert_int_equal(p.runs[2].font, PDF_BOLD);    /* Nabón */
  assert_int_equal(p.runs[3].font, PDF_REGULAR); /* destacó */
  layout_para_free(&p);
  /* an italic base turns bold-italic */
  layout_para_wrap(&p, doc, "a **b** c", PDF_ITALIC, 10, 500, LAYOUT_LEFT, LAYOUT_MARKUP);
  assert_int_equal(p.runs[1].font, PDF_BOLD_ITALIC);
  layout_para_free(&p);
  assert_int_equal(layout_para_wrap(&p, doc, " \n\t ", PDF_REGULAR, 10, 100, LAYOUT_LEFT, 0), 0);
  layout_para_free(&p);
  pdf_free(doc);
}

/* Every item lies inside the text area of its page, pages only grow, nothing overlaps. */
static void check_flow(const struct story *s) {
  float th = story_text_height(s);
  size_t prev_page = 0;
  float prev_bottom = 0;
  for (size_t i = 0; i < story_item_count(s); i++) {
    struct story_item_info it;
    assert_true(story_item(s, i, &it));
    if (it.kind == STORY_BREAK) continue;
    assert_true(it.page >= prev_page);
    if (it.page == prev_page) assert_true(it.top >= prev_bottom - 0.001f);
    assert_true(it.top >= 0);
    assert_true(it.top + it.height <= th + 0.01f);
    prev_page = it.page;
    prev_bottom = it.top + it.height;
  }
}

static void test_page_breaks(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  struct story *s = story_new(doc, NULL);
  assert_true(fabsf(story_text_width(s) - (PDF_A4_W - 2 * PDF_MM(22))) < 0.01f);
  assert_true(fabsf(story_text_height(s) - (PDF_A4_H - 2 * PDF_MM(25))) < 0.01f);
  for (int i = 0; i < 30; i++) story_paragraph(s, LONG_ES);
  size_t before_break = story_item_count(s);
  story_page_break(s);
  story_page_break(s); /* a second break on an empty page does nothing */
  story_paragraph(s, "Tras el salto de página.");
  size_t pages = story_layout(s);
  assert_true(pages >= 5);
  assert_int_equal(story_toc_pages(s), 0);
  check_flow(s);
  struct story_item_info last_before, after;
  assert_true(story_item(s, before_break - 1, &last_before));
  assert_true(story_item(s, story_item_count(s) - 1, &after));
  assert_int_equal(after.page, last_before.page + 1);
  assert_true(after.top == 0);
  assert_int_equal(story_body_pages(s), after.page + 1);
  assert_int_equal(story_finish(s), 0);
  assert_int_equal(pdf_page_count(doc), pages);
  story_free(s);
  unsigned char *b;
  size_t n;
  assert_int_equal(pdf_save(doc, &b, &n), 0);
  const char *path = pt_write("flow.pdf", b, n);
  assert_int_equal(pt_pages(path), (int)pages);
  char *text = pt_text(path);
  char foot[64];
  snprintf(foot, sizeof foot, "página %zu de %zu", pages, pages);
  assert_non_null(strstr(text, foot));
  assert_non_null(strstr(text, "página 1 de"));
  free(text);
  free(b);
  pdf_free(doc);
}

/* Finds the first item of heading k (by its level marker after the items that precede it). */
static size_t first_heading_item(const struct story *s, size_t from) {
  for (size_t i = from; i < story_item_count(s); i++) {
    struct story_item_info it;
    story_item(s, i, &it);
    if (it.heading_level) return i;
  }
  return (size_t)-1;
}

static void test_heading_keeps_with_next(void **state) {
  (void)state;
  /* Fill the first page with one-line paragraphs and some space so that a heading alone would
   * still fit at the foot, but not the heading with two lines of its paragraph: it must move. */
  int moved = 0; /* cases where the heading alone would have fitted at the foot, yet moved */
  for (int extra = 0; extra <= 60; extra += 3) {
    struct pdf_doc *doc = pdf_new();
    struct story *s = story_new(doc, NULL);
    for (int i = 0; i < 29; i++) story_paragraph(s, "Una línea de relleno, corta.");
    story_space(s, (float)extra);
    size_t h = story_item_count(s);
    story_heading(s, 2, "1.", "Refuerzo de la Cooperación Internacional Descentralizada");
    story_paragraph(s, LONG_ES);
    story_layout(s);
    check_flow(s);
    assert_int_equal(first_heading_item(s, h), h);
    struct story_item_info head, l1, l2, prev;
    story_item(s, h, &head);
    story_item(s, h + 1, &l1);
    story_item(s, h + 2, &l2);
    story_item(s, h - 1, &prev);
    assert_true(head.keep_with_next);
    assert_int_equal(head.heading_level, 2);
    assert_int_equal(l1.heading_level, 0);
    /* the heading shares its page with the first two lines of what follows */
    assert_int_equal(head.page, l1.page);
    assert_int_equal(head.page, l2.page);
    /* and when it moved, it moved because the page was full: it would not have fitted */
    if (head.page != prev.page) {
      float th = story_text_height(s);
      assert_true(prev.top + prev.height + head.height + l1.height + l2.height > th - 30);
      assert_true(head.top == 0);
      if (th - (prev.top + prev.height) >= head.height + 16) moved++;
    }
    story_free(s);
    pdf_free(doc);
  }
  assert_true(moved >= 1);
}

static void test_no_orphans_or_widows(void **state) {
  (void)state;
  for (int filler = 0; filler < 12; filler++) {
    struct pdf_doc *doc = pdf_new();
    struct story *s = story_new(doc, NULL);
    for (int i = 0; i < 6 + filler; i++) story_paragraph(s, LONG_ES);
    story_layout(s);
    check_flow(s);
    for (size_t i = 0; i < story_item_count(s); i++) {
      struct story_item_info it, next;
      story_item(s, i, &it);
      if (it.kind != STORY_LINE || i + 1 >= story_item_count(s)) continue;
      story_item(s, i + 1, &next);
      if (next.kind != STORY_LINE || next.para != it.para || next.page == it.page) continue;
      /* a paragraph crosses a page here: at least two lines on each side */
      size_t nlines = it.para->nlines;
      assert_true(it.line >= 1);            /* not the first line alone at the foot */
      assert_true(next.line + 2 <= nlines); /* not the last line alone at the top */
    }
    story_free(s);
    pdf_free(doc);
  }
}

static void test_toc_reserves_pages_and_numbers_headings(void **state) {
  (void)state;
  struct pdf_doc *doc = pdf_new();
  pdf_add_page(doc, PDF_A4_W, PDF_A4_H); /* a cover drawn by the caller */
  struct story_options opt = {.toc_title = "Contenido", .header_left = "Latacunga 2024", .header_right = "Memoria"};
  struct story *s = story_new(doc, &opt);
  for (int d = 1; d <= 4; d++) {
    char label[32];
    snprintf(label, sizeof label, "Diálogo %d", d);
    story_page_break(s);
    story_heading(s, 1, label, "Redes de ciudades como clave para el desarrollo local");
    story_callout(s, "Objetivo del diálogo",
                  "Explorar como las redes de ciudades internacionales pueden ser herramientas.");
    for (int i = 0; i < 8; i++) story_paragraph(s, LONG_ES);
    story_heading(s, 2, "1.", "Un apartado");
    story_text(s, "Primer párrafo.\n\n- viñeta uno\n- viñeta **dos**\n\n1. número uno\n2. número dos");
  }
  size_t pages = story_layout(s);
  assert_int_equal(story_toc_pages(s), 1);
  assert_int_equal(story_heading_count(s), 8);
  /* heading k's page = cover + contents + its body page + 1; dialogues start new pages */
  size_t last = 0;
  for (size_t k = 0; k < story_heading_count(s); k++) {
    size_t pg = story_heading_page(s, k);
    assert_true(pg >= 3);
    assert_true(pg >= last);
    last = pg;
  }
  assert_int_equal(story_heading_page(s, 0), 3);
  assert_true(story_heading_page(s, 2) > story_heading_page(s, 1));
  assert_int_equal(story_finish(s), 0);
  assert_int_equal(pdf_page_count(doc), 1 + pages);
  unsigned char *b;
  size_t n;
  assert_int_equal(pdf_save(doc, &b, &n), 0);
  const char *path = pt_write("toc.pdf", b, n);
  char *text = pt_text(path);
  char want[64];
  snprintf(want, sizeof want, "página 2 de %zu", 1 + pages);
  assert_non_null(strstr(text, want));
  assert_non_null(strstr(text, "Contenido"));
  assert_non_null(strstr(text, "DIÁLOGO 3"));
  assert_non_null(strstr(text, "viñeta dos"));
  assert_non_null(strstr(text, "número dos"));
  free(text);
  free(b);
  story_free(s);
  pdf_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_justified_lines_span_the_width),
      cmocka_unit_test(test_line_breaking_first_fit_with_accents),
      cmocka_unit_test(test_markup_and_blank),
      cmocka_unit_test(test_page_breaks),
      cmocka_unit_test(test_heading_keeps_with_next),
      cmocka_unit_test(test_no_orphans_or_widows),
      cmocka_unit_test(test_toc_reserves_pages_and_numbers_headings),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  pt_cleanup();
  return rc;
}
