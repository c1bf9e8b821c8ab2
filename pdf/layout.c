/* layout.c — the story: a flowing document on A4 pages with headings, paragraphs, lists, boxes,
 * people, images, a table of contents, bookmarks, and running headers and footers. This file
 * holds its storage, creation and introspection; the blocks are in story_blocks.c, contents,
 * pagination and drawing in story_pages.c, and what they share in story_internal.h.
 *
 * How it works. Every story_* call turns its block into "items" at once: a text line (a line of
 * a layout_para) or a box (a small display list of texts, rectangles and images with positions
 * relative to the item's top-left corner). Items know their height, the space before them (dropped
 * at the top of a page) and whether they must stay on the page of the next item. Nothing is drawn
 * until story_finish, so pagination is a simple pass over heights:
 *   - keep-with-next: before placing an item, the chain of items tied to it (a heading, the
 *     heading's other lines, the first two lines of the paragraph after it) must fit on the rest of
 *     the page, or the whole chain moves to the next one; so a heading never ends a page;
 *   - orphans and widows: the first and the second-to-last line of a paragraph are tied to the
 *     next line, so no paragraph leaves a single line behind at a page's foot or top.
 *
 * Table of contents: chosen strategy is "reserve, then fill", not "lay out twice". The entries are
 * known before pagination (one per heading) and their heights do not depend on the page numbers
 * (the number column has a fixed width), so the contents are paginated first, which fixes how many
 * pages they take; then the body is paginated, which fixes every heading's page; then all pages are
 * created in order (contents first) and drawn, the numbers written into the reserved contents
 * pages, and every page's "página N de M" footer drawn with M known. One layout pass, exact numbers.
 *
 * Structure (tagged documents, tagged.c). Each block creates its structure element when it is
 * added — a heading H1–H3, a paragraph P, a list L of LI (Lbl for the marker, LBody for the
 * text), a Figure with its alternative text, the contents as TOC of TOCI — so reading order is
 * the order of the story_* calls; its lines and texts remember the element and are drawn inside
 * its marked content. Rules, tints and the contents' dotted leaders are artifacts, the running
 * header and the footer pagination artifacts. On an untagged document all of this is inert.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/story_internal.h"

/* ---- type ------------------------------------------------------------------------------- */

struct story_style story_body_style(void) {
  struct story_style st = {.font = PDF_REGULAR,
                           .size = BODY_SIZE,
                           .leading = BODY_LEADING,
                           .color = ink(),
                           .align = LAYOUT_JUSTIFY,
                           .space_after = PARA_SPACE,
                           .markup = true};
  return st;
}

/* ---- storage ---------------------------------------------------------------------------- */

size_t story_put_str(struct story *s, const char *text) {
  char *clean = pdf_clean(text ? text : "", strlen(text ? text : ""));
  size_t n = strlen(clean) + 1;
  pdf_grow((void **)&s->str, &s->str_cap, s->str_len + n, 1);
  size_t off = s->str_len;
  memcpy(s->str + off, clean, n);
  s->str_len += n;
  free(clean);
  return off;
}

const char *story_str_at(const struct story *s, size_t off) { return off == NONE ? NULL : s->str + off; }

struct item *story_new_item(struct items *list, enum story_item_kind kind) {
  pdf_grow((void **)&list->v, &list->cap, list->n + 1, sizeof *list->v);
  struct item *it = &list->v[list->n++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->para = NONE;
  return it;
}

struct op *story_new_op(struct story *s, struct item *it, enum op_kind kind) {
  pdf_grow((void **)&s->ops, &s->cap_ops, s->nops + 1, sizeof *s->ops);
  if (!it->op_count) it->op_first = s->nops;
  it->op_count++;
  struct op *o = &s->ops[s->nops++];
  memset(o, 0, sizeof *o);
  o->kind = kind;
  o->ref = NONE;
  o->elem = s->tag;
  return o;
}

void story_op_rect(struct story *s, struct item *it, struct pdf_rgb c, float x, float y, float w, float h) {
  struct op *o = story_new_op(s, it, OP_RECT);
  o->elem = PDF_ARTIFACT; /* rules, bars and tints are decoration */
  o->color = c;
  o->x = x;
  o->y = y;
  o->w = w;
  o->h = h;
}

void story_op_text(struct story *s, struct item *it, enum pdf_font f, float size, struct pdf_rgb c, float x, float y,
                   const char *text) {
  struct op *o = story_new_op(s, it, OP_TEXT);
  o->font = f;
  o->size = size;
  o->color = c;
  o->x = x;
  o->y = y;
  o->str = story_put_str(s, text);
}

static size_t keep_para(struct story *s, struct layout_para *p) {
  pdf_grow((void **)&s->paras, &s->cap_paras, s->nparas + 1, sizeof *s->paras);
  s->paras[s->nparas] = p;
  return s->nparas++;
}

/* Space before a block: the larger of what the previous block asked after and this one before. */
float story_take_space(struct story *s, float before) {
  float sp = s->pending > before ? s->pending : before;
  s->pending = 0;
  s->last_list = false;
  return sp;
}

float story_baseline_for(struct story *s, enum pdf_font f, float size, float leading) {
  float b = (leading + 0.7f * size) / 2;
  float a = pdf_font_ascent(s->doc, f, size);
  return b > a ? b : a;
}

/* Background of a set-apart box on an item: tint over the text width, accent bar at the left. */
void story_box_background(struct story *s, struct item *it) {
  story_op_rect(s, it, tint(), 0, 0, s->tw, it->height);
  story_op_rect(s, it, accent(), 0, 0, 3, it->height);
}

/* Adds the lines of a paragraph as items. keep_all ties every line to the next (headings);
 * otherwise the first and second-to-last lines are tied (no orphans or widows); the last line is
 * tied if keep_last. */
void story_add_lines(struct story *s, struct layout_para *p, float x, float leading, struct pdf_rgb color,
                     enum pdf_font base, float space_before, bool keep_all, bool keep_last, int heading_level,
                     bool boxed) {
  if (!p->nlines) {
    layout_para_free(p);
    free(p);
    return;
  }
  size_t pi = keep_para(s, p);
  float baseline = story_baseline_for(s, base, p->size, leading);
  size_t n = p->nlines;
  for (size_t i = 0; i < n; i++) {
    struct item *it = story_new_item(&s->body, STORY_LINE);
    it->height = leading;
    it->space_before = i == 0 ? space_before : 0;
    bool last = i + 1 == n;
    it->keep = keep_all || (last ? keep_last : (i == 0 || (n >= 3 && i == n - 2)));
    it->heading_level = heading_level;
    it->para = pi;
    it->line = i;
    it->x = x;
    it->baseline = baseline;
    it->color = color;
    it->elem = s->tag;
    if (boxed) story_box_background(s, it);
  }
}

struct layout_para *story_wrap(struct story *s, const char *text, enum pdf_font f, float size, float width,
                               enum layout_align align, unsigned flags) {
  struct layout_para *p = pdf_xmalloc(sizeof *p);
  layout_para_wrap(p, s->doc, text, f, size, width, align, flags);
  return p;
}

/* ---- creation --------------------------------------------------------------------------- */

static size_t opt_str(struct story *s, const char *v) { return v && *v ? story_put_str(s, v) : NONE; }

struct story *story_new(struct pdf_doc *doc, const struct story_options *opt) {
  struct story *s = pdf_xcalloc(1, sizeof *s);
  struct story_options o = {0};
  if (opt) o = *opt;
  s->doc = doc;
  s->pw = PDF_A4_W;
  s->ph = PDF_A4_H;
  s->ml = o.margin_left > 0 ? o.margin_left : PDF_MM(22);
  s->mr = o.margin_right > 0 ? o.margin_right : PDF_MM(22);
  s->mt = o.margin_top > 0 ? o.margin_top : PDF_MM(25);
  s->mb = o.margin_bottom > 0 ? o.margin_bottom : PDF_MM(25);
  s->tw = s->pw - s->ml - s->mr;
  s->th = s->ph - s->mt - s->mb;
  s->header_left = opt_str(s, o.header_left);
  s->header_right = opt_str(s, o.header_right);
  s->footer_left = opt_str(s, o.footer_left);
  s->toc_title = opt_str(s, o.toc_title);
  s->page_word = opt_str(s, o.page_word ? o.page_word : "página");
  s->of_word = opt_str(s, o.of_word ? o.of_word : "de");
  s->toc_depth = o.toc_depth > 0 ? o.toc_depth : 2;
  s->pages_after = o.pages_after;
  /* the contents come first in reading order, though they are built last */
  s->tag = s->list = PDF_ARTIFACT;
  s->toc_head = s->toc_title != NONE ? pdf_elem(doc, PDF_DOCUMENT, "H1") : PDF_ARTIFACT;
  s->toc_list = s->toc_title != NONE ? pdf_elem(doc, PDF_DOCUMENT, "TOC") : PDF_ARTIFACT;
  return s;
}

/* What follows (lines, text) belongs to a new element of that type under parent. */
size_t story_tag(struct story *s, size_t parent, const char *type) {
  s->tag = pdf_elem(s->doc, parent, type);
  return s->tag;
}

const char *story_heading_type(int level) { return level == 1 ? "H1" : level == 2 ? "H2" : "H3"; }

void story_free(struct story *s) {
  if (!s) return;
  for (size_t i = 0; i < s->nparas; i++) {
    layout_para_free(s->paras[i]);
    free(s->paras[i]);
  }
  free(s->paras);
  free(s->body.v);
  free(s->toc.v);
  free(s->ops);
  free(s->str);
  free(s->heads);
  free(s);
}

float story_text_width(const struct story *s) { return s->tw; }
float story_text_height(const struct story *s) { return s->th; }

/* ---- introspection ---------------------------------------------------------------------- */

size_t story_item_count(const struct story *s) { return s ? s->body.n : 0; }
size_t story_toc_pages(const struct story *s) { return s ? s->toc_pages : 0; }
size_t story_body_pages(const struct story *s) { return s ? s->body_pages : 0; }
size_t story_heading_count(const struct story *s) { return s ? s->nheads : 0; }

size_t story_heading_page(const struct story *s, size_t k) {
  return s && s->laid_out && k < s->nheads ? s->heads[k].page : 0;
}

bool story_item(const struct story *s, size_t i, struct story_item_info *out) {
  if (!s || i >= s->body.n) return false;
  const struct item *it = &s->body.v[i];
  memset(out, 0, sizeof *out);
  out->kind = it->kind;
  out->page = it->page;
  out->top = it->top;
  out->height = it->height;
  out->keep_with_next = it->keep;
  out->heading_level = it->heading_level;
  if (it->kind == STORY_LINE) {
    out->para = s->paras[it->para];
    out->line = it->line;
    out->x = it->x;
  }
  return true;
}
