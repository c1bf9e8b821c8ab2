/* draw.c — what pdf.h draws on a page: text lines and shapes. Text is placed with an absolute
 * text matrix (Tm) for every piece, so positions never drift from accumulated relative moves; a
 * run of words shares one BT … ET and font/colour operators are written only when they change
 * (pdf_show), which keeps a justified page's content stream small. */
#include <string.h>

#include "pdf/pdf_internal.h"

struct pdf_rgb pdf_hex(unsigned rgb) {
  struct pdf_rgb c = {(float)((rgb >> 16) & 0xFF) / 255.0f, (float)((rgb >> 8) & 0xFF) / 255.0f,
                      (float)(rgb & 0xFF) / 255.0f};
  return c;
}

static int same_rgb(struct pdf_rgb a, struct pdf_rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

void pdf_end_text(struct pdf_page *page) {
  if (!page || !page->in_text) return;
  page->in_text = 0;
  if (pdf_ok(page->doc)) HPDF_Page_EndText(page->hp);
}

void pdf_begin_text(struct pdf_page *page) {
  if (page->in_text) return;
  HPDF_Page_BeginText(page->hp);
  page->in_text = 1;
  page->face = NULL;
  page->fill_set = 0;
}

/* Opens the text object if needed and selects face, size and colour, writing each operator only
 * when its value changes. */
static void text_state(struct pdf_page *page, const struct pdf_face *face, float size, struct pdf_rgb color) {
  pdf_begin_text(page);
  if (page->face != face || page->size != size) {
    HPDF_Page_SetFontAndSize(page->hp, face->font, size);
    page->face = face;
    page->size = size;
  }
  if (!page->fill_set || !same_rgb(page->fill, color)) {
    HPDF_Page_SetRGBFill(page->hp, color.r, color.g, color.b);
    page->fill = color;
    page->fill_set = 1;
  }
}

/* Text is drawn in runs of characters that share a face (fonts.c picks it per character): each
 * run at its own text matrix, x advancing by the run's measured width, so a name mixing scripts
 * measures and draws exactly as pdf_width_n says. Characters no face can draw become
 * PDF_UNPRINTABLE. Text all in the family's face (the usual case) is shown as is. */
void pdf_show(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
              const char *text) {
  if (!page || !text || !*text || !pdf_ok(page->doc)) return;
  struct pdf_doc *doc = page->doc;
  struct pdf_face *family = pdf_face(doc, font);
  if (!family) return;
  size_t len = strlen(text);
  const char *end = text + len, *p = text;
  char *run = NULL; /* the current run, made on the first character the family cannot draw */
  size_t run_len = 0;
  struct pdf_face *run_face = family;
  unsigned long run_advance = 0;
  while (p <= end) {
    const char *at = p;
    uint32_t cp = p < end ? pdf_utf8_next(&p, end) : 0;
    struct pdf_face *face = cp ? pdf_face_for(doc, font, cp) : NULL;
    if (cp && !face) face = family, cp = PDF_UNPRINTABLE;
    if (cp && !run && face == family && cp != PDF_UNPRINTABLE) continue; /* still the plain case */
    if (!run) { /* the first character the family cannot draw as itself: what precedes is a run */
      if (!cp) break;
      run = pdf_xmalloc(len + 1);
      run_len = (size_t)(at - text);
      memcpy(run, text, run_len);
      run_advance = (unsigned long)(pdf_width_n(doc, font, 1000, run, run_len) + 0.5f);
    }
    if (!cp || (face != run_face && run_len)) {
      run[run_len] = 0;
      if (run_len) {
        text_state(page, run_face, size, color);
        HPDF_Page_SetTextMatrix(page->hp, 1, 0, 0, 1, x, y);
        HPDF_Page_ShowText(page->hp, run);
      }
      x += (float)run_advance * size / 1000.0f;
      run_len = 0;
      run_advance = 0;
      if (!cp) break;
    }
    run_face = face;
    run_len += pdf_utf8_put(run + run_len, cp);
    run_advance += pdf_advance(doc, font, cp);
  }
  if (run) {
    free(run);
    return;
  }
  text_state(page, family, size, color);
  HPDF_Page_SetTextMatrix(page->hp, 1, 0, 0, 1, x, y);
  HPDF_Page_ShowText(page->hp, text);
}

/* Text cleaned of what libharu cannot draw; small strings avoid the heap. */
static void draw_clean(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
                       const char *text, float align /* 0 left, 0.5 centre, 1 right */) {
  if (!page || !text || !pdf_ok(page->doc)) return;
  char *clean = pdf_clean(text, strlen(text));
  if (align > 0) x -= align * pdf_width_n(page->doc, font, size, clean, strlen(clean));
  pdf_show(page, font, size, color, x, y, clean);
  pdf_end_text(page);
  free(clean);
}

void pdf_text(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
              const char *text) {
  draw_clean(page, font, size, color, x, y, text, 0);
}

void pdf_text_centered(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
                       const char *text) {
  draw_clean(page, font, size, color, x, y, text, 0.5f);
}

void pdf_text_right(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
                    const char *text) {
  draw_clean(page, font, size, color, x, y, text, 1);
}

/* Prepares the page for a path: outside any text object. */
static int path_ready(struct pdf_page *page) {
  if (!page || !pdf_ok(page->doc)) return 0;
  pdf_end_text(page);
  return 1;
}

void pdf_fill_rect(struct pdf_page *page, struct pdf_rgb color, float x, float y, float w, float h) {
  if (!path_ready(page) || w <= 0 || h <= 0) return;
  HPDF_Page_SetRGBFill(page->hp, color.r, color.g, color.b);
  HPDF_Page_Rectangle(page->hp, x, y, w, h);
  HPDF_Page_Fill(page->hp);
}

void pdf_stroke_rect(struct pdf_page *page, struct pdf_rgb color, float width, float x, float y, float w, float h) {
  if (!path_ready(page) || w <= 0 || h <= 0) return;
  HPDF_Page_SetRGBStroke(page->hp, color.r, color.g, color.b);
  HPDF_Page_SetLineWidth(page->hp, width);
  HPDF_Page_Rectangle(page->hp, x, y, w, h);
  HPDF_Page_Stroke(page->hp);
}

void pdf_line(struct pdf_page *page, struct pdf_rgb color, float width, float x1, float y1, float x2, float y2) {
  if (!path_ready(page)) return;
  HPDF_Page_SetRGBStroke(page->hp, color.r, color.g, color.b);
  HPDF_Page_SetLineWidth(page->hp, width);
  HPDF_Page_MoveTo(page->hp, x1, y1);
  HPDF_Page_LineTo(page->hp, x2, y2);
  HPDF_Page_Stroke(page->hp);
}

void pdf_fill_polygon(struct pdf_page *page, struct pdf_rgb color, const float *xy, size_t n) {
  if (!path_ready(page) || !xy || n < 3) return;
  HPDF_Page_SetRGBFill(page->hp, color.r, color.g, color.b);
  HPDF_Page_MoveTo(page->hp, xy[0], xy[1]);
  for (size_t i = 1; i < n; i++) HPDF_Page_LineTo(page->hp, xy[2 * i], xy[2 * i + 1]);
  HPDF_Page_ClosePath(page->hp);
  HPDF_Page_Fill(page->hp);
}

void pdf_fill_circle(struct pdf_page *page, struct pdf_rgb color, float cx, float cy, float r) {
  if (!path_ready(page) || r <= 0) return;
  HPDF_Page_SetRGBFill(page->hp, color.r, color.g, color.b);
  HPDF_Page_Circle(page->hp, cx, cy, r);
  HPDF_Page_Fill(page->hp);
}
