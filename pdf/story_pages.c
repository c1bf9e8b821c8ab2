/* story_pages.c — a story's pages (layout.h): the table of contents laid out before the body,
 * pagination with keep-with-next, then every page created and drawn in order with its running
 * header and "página N de M" footer, page references and links filled in, and the bookmarks. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/story_internal.h"

/* ---- table of contents ---------------------------------------------------------------- */

#define TOC_COL 78.0f /* titles start here; labels sit left of it */
#define TOC_NUM 34.0f /* the page-number column at the right */

static void build_toc(struct story *s) {
  if (s->toc_title == NONE) return;
  /* the title, set like a level-1 heading */
  struct item *t = story_new_item(&s->toc, STORY_BOX);
  s->tag = s->toc_head;
  float y = story_box_lines(s, t, story_str_at(s, s->toc_title), PDF_BOLD, 19, 24, primary(), 0, 0, s->tw, LAYOUT_LEFT);
  story_op_rect(s, t, accent(), 0, y + 8, 36, 2.5f);
  t->height = y + 26;
  for (size_t k = 0; k < s->nheads; k++) {
    const struct heading *h = &s->heads[k];
    if (!h->toc) continue;
    bool top = h->level == 1;
    struct item *it = story_new_item(&s->toc, STORY_BOX);
    story_tag(s, story_tag(s, s->toc_list, "TOCI"), "Link"); /* the whole entry is the link to its page */
    it->space_before = top ? 12 : 2;
    float x = top ? TOC_COL : TOC_COL + 14, size = top ? 11.5f : 10, leading = top ? 16 : 14;
    enum pdf_font f = top ? PDF_BOLD : PDF_REGULAR;
    struct pdf_rgb c = top ? primary() : ink();
    /* a sub-entry's number hangs: its wrapped lines align with the title, not the number */
    float tx = x;
    if (!top && h->label != NONE) tx = x + pdf_text_width(s->doc, f, size, story_str_at(s, h->label)) + 4;
    struct layout_para p;
    size_t n =
        layout_para_wrap(&p, s->doc, story_str_at(s, h->title), f, size, s->tw - tx - TOC_NUM - 12, LAYOUT_LEFT, 0);
    float base = story_baseline_for(s, f, size, leading);
    /* the label first: it is read before the title */
    if (!top && h->label != NONE) story_op_text(s, it, f, size, c, x, base, story_str_at(s, h->label));
    if (top && h->label != NONE) story_op_text(s, it, PDF_BOLD, 9.5f, accent(), 0, base, story_str_at(s, h->label));
    float end_x = tx;
    for (size_t i = 0; i < n; i++) {
      char *line = layout_line_text(&p, i);
      story_op_text(s, it, f, size, c, tx, (float)i * leading + base, line);
      if (i + 1 == n) end_x = tx + p.lines[i].natural;
      free(line);
    }
    layout_para_free(&p);
    struct op *o = story_new_op(s, it, OP_PAGEREF);
    o->font = f;
    o->size = size;
    o->color = top ? primary() : muted();
    o->x = end_x + 6;
    o->y = (float)(n ? n - 1 : 0) * leading + base;
    o->ref = k;
    it->height = (float)(n ? n : 1) * leading;
    struct op *l = story_new_op(s, it, OP_LINK);
    l->x = 0;
    l->y = 0;
    l->w = s->tw;
    l->h = it->height;
    l->ref = k;
    /* a section entry stays with its first sub-entry */
    it->keep = top && k + 1 < s->nheads && s->heads[k + 1].toc && s->heads[k + 1].level > 1;
  }
}

/* ---- pagination ------------------------------------------------------------------------ */

/* Places the items on pages; returns the page count (0 when there is nothing). */
static size_t paginate(struct items *list, float avail) {
  size_t page = 0;
  float y = 0;
  bool has = false;
  const float eps = 0.01f;
  for (size_t i = 0; i < list->n; i++) {
    struct item *it = &list->v[i];
    if (it->kind == STORY_BREAK) {
      if (has) {
        page++;
        y = 0;
        has = false;
      }
      it->page = page;
      it->top = 0;
      continue;
    }
    float sb = has ? it->space_before : 0;
    float chain = sb + it->height;
    for (size_t j = i; list->v[j].keep && j + 1 < list->n && list->v[j + 1].kind != STORY_BREAK; j++)
      chain += list->v[j + 1].space_before + list->v[j + 1].height;
    bool fits_page = chain <= avail + eps;
    if (has && ((fits_page && y + chain > avail + eps) || y + sb + it->height > avail + eps)) {
      page++;
      y = 0;
      has = false;
      sb = 0;
    }
    it->page = page;
    it->top = y + sb;
    y = it->top + it->height;
    has = true;
    /* the cursor stays on the page, but for an item taller than a whole page, alone at its top */
    assert(it->top == 0 || y <= avail + eps);
  }
  return list->n && (has || page) ? page + 1 : 0;
}

size_t story_layout(struct story *s) {
  if (!s) return 0;
  if (s->laid_out) return s->toc_pages + s->body_pages;
  s->laid_out = true;
  build_toc(s);
  s->base = pdf_page_count(s->doc);
  s->toc_pages = paginate(&s->toc, s->th);
  s->body_pages = paginate(&s->body, s->th);
  for (size_t k = 0; k < s->nheads; k++) {
    struct heading *h = &s->heads[k];
    if (h->item < s->body.n) {
      /* a heading after a page break starts where its first item went */
      h->page = s->base + s->toc_pages + s->body.v[h->item].page + 1;
      h->top = s->body.v[h->item].top;
    } else {
      h->page = s->base + s->toc_pages + (s->body_pages ? s->body_pages : 1);
      h->top = 0;
    }
  }
  return s->toc_pages + s->body_pages;
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void draw_pageref(struct story *s, struct pdf_page *pg, const struct op *o, float top_y) {
  char num[24];
  snprintf(num, sizeof num, "%zu", s->heads[o->ref].page);
  float right = s->ml + s->tw;
  float nw = pdf_text_width(s->doc, o->font, o->size, num);
  float y = top_y - o->y;
  pdf_show(pg, o->font, o->size, o->color, right - nw, y, num);
  float x1 = s->ml + o->x, x2 = right - nw - 6;
  if (x2 - x1 < 6) return;
  pdf_mark(pg, PDF_ARTIFACT); /* the dotted leader */
  pdf_end_text(pg);
  static const HPDF_UINT16 dots[2] = {1, 3};
  struct pdf_rgb c = hairline();
  HPDF_Page_SetRGBStroke(pg->hp, c.r, c.g, c.b);
  HPDF_Page_SetLineWidth(pg->hp, 1);
  HPDF_Page_SetDash(pg->hp, dots, 2, 0);
  HPDF_Page_MoveTo(pg->hp, x1, y + 1);
  HPDF_Page_LineTo(pg->hp, x2, y + 1);
  HPDF_Page_Stroke(pg->hp);
  HPDF_Page_SetDash(pg->hp, NULL, 0, 0);
}

static void draw_ops(struct story *s, struct pdf_page *pg, const struct item *it, float top_y) {
  for (size_t k = 0; k < it->op_count; k++) {
    const struct op *o = &s->ops[it->op_first + k];
    if (o->kind != OP_LINK) pdf_mark(pg, o->elem);
    switch (o->kind) {
      case OP_RECT: pdf_fill_rect(pg, o->color, s->ml + o->x, top_y - o->y - o->h, o->w, o->h); break;
      case OP_TEXT: pdf_show(pg, o->font, o->size, o->color, s->ml + o->x, top_y - o->y, s->str + o->str); break;
      case OP_IMAGE: pdf_image_fit(pg, o->img, s->ml + o->x, top_y - o->y - o->h, o->w, o->h); break;
      case OP_PAGEREF: draw_pageref(s, pg, o, top_y); break;
      case OP_LINK: {
        const struct heading *h = &s->heads[o->ref];
        if (!h->dst || !pdf_ok(s->doc)) break;
        pdf_end_text(pg);
        HPDF_Rect r = {s->ml + o->x, top_y - o->y - o->h, s->ml + o->x + o->w, top_y - o->y};
        HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pg->hp, r, h->dst);
        if (a) HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        pdf_tag_link(pg, o->elem, a, s->str + h->outline);
        break;
      }
    }
  }
}

/* Draws one line of a paragraph: each word at its place (para.c). */
static void draw_line(struct story *s, struct pdf_page *pg, const struct item *it, float top_y) {
  pdf_mark(pg, it->elem);
  layout_para_draw_line(s->paras[it->para], it->line, pg, s->ml + it->x, top_y - it->baseline, it->color);
}

static void draw_items(struct story *s, const struct items *list, struct pdf_page **pages) {
  for (size_t i = 0; i < list->n; i++) {
    const struct item *it = &list->v[i];
    if (it->kind == STORY_BREAK) continue;
    struct pdf_page *pg = pages[it->page];
    float top_y = s->ph - s->mt - it->top;
    draw_ops(s, pg, it, top_y);
    if (it->kind == STORY_LINE) draw_line(s, pg, it, top_y);
  }
}

static void draw_furniture(struct story *s, struct pdf_page *pg, size_t number, size_t total) {
  float hy = s->ph - s->mt + 26, fy = s->mb - 30;
  float right = s->ml + s->tw;
  if (s->header_left != NONE || s->header_right != NONE) {
    pdf_mark(pg, PDF_ARTIFACT_HEADER);
    if (s->header_left != NONE) pdf_show(pg, PDF_BOLD, 8, primary(), s->ml, hy, story_str_at(s, s->header_left));
    if (s->header_right != NONE) {
      const char *t = story_str_at(s, s->header_right);
      pdf_show(pg, PDF_REGULAR, 8, muted(), right - pdf_text_width(s->doc, PDF_REGULAR, 8, t), hy, t);
    }
    pdf_fill_rect(pg, hairline(), s->ml, hy - 7, s->tw, 0.6f);
    pdf_fill_rect(pg, accent(), s->ml, hy - 7.4f, 24, 1.4f);
  }
  pdf_mark(pg, PDF_ARTIFACT_FOOTER);
  pdf_fill_rect(pg, hairline(), s->ml, fy + 12, s->tw, 0.6f);
  if (s->footer_left != NONE) pdf_show(pg, PDF_REGULAR, 8, muted(), s->ml, fy, story_str_at(s, s->footer_left));
  char foot[96];
  snprintf(foot, sizeof foot, "%s %zu %s %zu", story_str_at(s, s->page_word), number, story_str_at(s, s->of_word),
           total);
  pdf_show(pg, PDF_REGULAR, 8, ink(), right - pdf_text_width(s->doc, PDF_REGULAR, 8, foot), fy, foot);
  pdf_mark_end(pg);
  pdf_end_text(pg);
}

static HPDF_Destination destination(struct story *s, struct pdf_page *pg, float top) {
  if (!pdf_ok(s->doc)) return NULL;
  HPDF_Destination d = HPDF_Page_CreateDestination(pg->hp);
  if (d) HPDF_Destination_SetFitH(d, s->ph - s->mt - top + 4);
  return d;
}

static void make_outlines(struct story *s, struct pdf_page **toc_pages, struct pdf_page **body_pages) {
  if (!pdf_ok(s->doc)) return;
  HPDF_Doc h = s->doc->hpdf;
  HPDF_Encoder enc = HPDF_GetCurrentEncoder(h);
  if (s->toc_pages) {
    HPDF_Outline o = HPDF_CreateOutline(h, NULL, story_str_at(s, s->toc_title), enc);
    HPDF_Destination d = destination(s, toc_pages[0], 0);
    if (o && d) HPDF_Outline_SetDestination(o, d);
  }
  HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
  for (size_t k = 0; k < s->nheads; k++) {
    struct heading *hd = &s->heads[k];
    size_t bp = hd->page - s->base - s->toc_pages - 1;
    if (!s->body_pages || bp >= s->body_pages) continue;
    hd->dst = destination(s, body_pages[bp], hd->top);
    HPDF_Outline parent = NULL;
    for (int l = hd->level - 1; l >= 1 && !parent; l--) parent = parents[l];
    HPDF_Outline o = HPDF_CreateOutline(h, parent, s->str + hd->outline, enc);
    if (!o) continue;
    if (hd->dst) HPDF_Outline_SetDestination(o, hd->dst);
    HPDF_Outline_SetOpened(o, hd->level == 1 ? HPDF_TRUE : HPDF_FALSE);
    parents[hd->level] = o;
    for (int l = hd->level + 1; l < 4; l++) parents[l] = NULL;
  }
  if (s->nheads || s->toc_pages) HPDF_SetPageMode(h, HPDF_PAGE_MODE_USE_OUTLINE);
}

int story_finish(struct story *s) {
  if (!s) return -1;
  story_layout(s);
  if (pdf_page_count(s->doc) != s->base) return -1; /* pages were added between layout and finish */
  size_t n = s->toc_pages + s->body_pages;
  size_t total = s->base + n + s->pages_after;
  struct pdf_page **pages = pdf_xcalloc(n ? n : 1, sizeof *pages);
  for (size_t i = 0; i < n; i++) pages[i] = pdf_add_page(s->doc, s->pw, s->ph);
  make_outlines(s, pages, pages + s->toc_pages);
  draw_items(s, &s->toc, pages);
  draw_items(s, &s->body, pages + s->toc_pages);
  for (size_t i = 0; i < n; i++) draw_furniture(s, pages[i], s->base + i + 1, total);
  for (size_t i = 0; i < n; i++) pdf_end_text(pages[i]);
  free(pages);
  return pdf_failed(s->doc) ? -1 : 0;
}
