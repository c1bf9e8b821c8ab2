/* layout.c — the story: a flowing document on A4 pages with headings, paragraphs, lists, boxes,
 * people, images, a table of contents, bookmarks, and running headers and footers.
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
#include <string.h>

#include "pdf/layout.h"
#include "pdf/pdf_internal.h"

#define NONE ((size_t)-1)

enum op_kind { OP_TEXT, OP_RECT, OP_IMAGE, OP_PAGEREF, OP_LINK };

/* One drawing operation of a box, relative to its item: x from the left margin, y down from the
 * item's top (for text, the baseline). */
struct op {
  enum op_kind kind;
  enum pdf_font font;
  float size;
  struct pdf_rgb color;
  float x, y, w, h;
  size_t str;            /* OP_TEXT: offset of the text in the story's strings */
  struct pdf_image *img; /* OP_IMAGE */
  size_t ref;            /* OP_PAGEREF, OP_LINK: heading index */
  size_t elem;           /* the structure element it draws for (pdf_elem), PDF_ARTIFACT: decoration */
};

struct item {
  enum story_item_kind kind;
  float height, space_before;
  bool keep; /* stays on the page of the next item */
  int heading_level;
  size_t para, line; /* STORY_LINE: paragraph index and line */
  float x;           /* STORY_LINE: paragraph left edge */
  float baseline;    /* STORY_LINE: baseline below the item's top */
  struct pdf_rgb color;
  size_t elem;               /* STORY_LINE: the structure element of its paragraph */
  size_t op_first, op_count; /* drawn before the line's text */
  size_t page;               /* after pagination, 0-based within its list */
  float top;
};

struct items {
  struct item *v;
  size_t n, cap;
};

struct heading {
  int level;
  size_t outline; /* offset of the bookmark text */
  size_t label;   /* offset or NONE */
  size_t title;   /* offset */
  bool toc;       /* listed in the contents */
  size_t item;    /* its first body item */
  size_t page;    /* 1-based page in the document */
  float top;
  HPDF_Destination dst;
};

struct story {
  struct pdf_doc *doc;
  float pw, ph, ml, mr, mt, mb, tw, th;
  size_t header_left, header_right, footer_left, toc_title; /* string offsets or NONE */
  size_t page_word, of_word;                                /* the footer's words, offsets */
  int toc_depth;
  size_t pages_after;
  struct items body, toc;
  struct op *ops;
  size_t nops, cap_ops;
  char *str;
  size_t str_len, str_cap;
  struct layout_para **paras;
  size_t nparas, cap_paras;
  struct heading *heads;
  size_t nheads, cap_heads;
  float pending;  /* space owed before the next block */
  bool last_list; /* the previous block was a list item */
  int last_level; /* level of the last heading (for person bookmarks) */
  bool laid_out;
  size_t toc_pages, body_pages, base;
  /* structure (tagged documents): the element new lines and text go to, the list being added
   * to, the contents' heading and list */
  size_t tag, list, toc_head, toc_list;
};

/* ---- colours and type ------------------------------------------------------------------ */

static struct pdf_rgb primary(void) { return pdf_hex(LAYOUT_PRIMARY); }
static struct pdf_rgb accent(void) { return pdf_hex(LAYOUT_ACCENT); }
static struct pdf_rgb ink(void) { return pdf_hex(LAYOUT_INK); }
static struct pdf_rgb muted(void) { return pdf_hex(LAYOUT_MUTED); }
static struct pdf_rgb tint(void) { return pdf_hex(LAYOUT_TINT); }
static struct pdf_rgb hairline(void) { return pdf_hex(0xc9d2df); }

#define BODY_SIZE 10.5f
#define BODY_LEADING 15.5f
#define PARA_SPACE 7.0f

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

static size_t put_str(struct story *s, const char *text) {
  char *clean = pdf_clean(text ? text : "", strlen(text ? text : ""));
  size_t n = strlen(clean) + 1;
  pdf_grow((void **)&s->str, &s->str_cap, s->str_len + n, 1);
  size_t off = s->str_len;
  memcpy(s->str + off, clean, n);
  s->str_len += n;
  free(clean);
  return off;
}

static const char *str_at(const struct story *s, size_t off) { return off == NONE ? NULL : s->str + off; }

static struct item *new_item(struct items *list, enum story_item_kind kind) {
  pdf_grow((void **)&list->v, &list->cap, list->n + 1, sizeof *list->v);
  struct item *it = &list->v[list->n++];
  memset(it, 0, sizeof *it);
  it->kind = kind;
  it->para = NONE;
  return it;
}

static struct op *new_op(struct story *s, struct item *it, enum op_kind kind) {
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

static void op_rect(struct story *s, struct item *it, struct pdf_rgb c, float x, float y, float w, float h) {
  struct op *o = new_op(s, it, OP_RECT);
  o->elem = PDF_ARTIFACT; /* rules, bars and tints are decoration */
  o->color = c;
  o->x = x;
  o->y = y;
  o->w = w;
  o->h = h;
}

static void op_text(struct story *s, struct item *it, enum pdf_font f, float size, struct pdf_rgb c, float x, float y,
                    const char *text) {
  struct op *o = new_op(s, it, OP_TEXT);
  o->font = f;
  o->size = size;
  o->color = c;
  o->x = x;
  o->y = y;
  o->str = put_str(s, text);
}

static size_t keep_para(struct story *s, struct layout_para *p) {
  pdf_grow((void **)&s->paras, &s->cap_paras, s->nparas + 1, sizeof *s->paras);
  s->paras[s->nparas] = p;
  return s->nparas++;
}

/* Space before a block: the larger of what the previous block asked after and this one before. */
static float take_space(struct story *s, float before) {
  float sp = s->pending > before ? s->pending : before;
  s->pending = 0;
  s->last_list = false;
  return sp;
}

static float baseline_for(struct story *s, enum pdf_font f, float size, float leading) {
  float b = (leading + 0.7f * size) / 2;
  float a = pdf_font_ascent(s->doc, f, size);
  return b > a ? b : a;
}

/* Background of a set-apart box on an item: tint over the text width, accent bar at the left. */
static void box_background(struct story *s, struct item *it) {
  op_rect(s, it, tint(), 0, 0, s->tw, it->height);
  op_rect(s, it, accent(), 0, 0, 3, it->height);
}

/* Adds the lines of a paragraph as items. keep_all ties every line to the next (headings);
 * otherwise the first and second-to-last lines are tied (no orphans or widows); the last line is
 * tied if keep_last. */
static void add_lines(struct story *s, struct layout_para *p, float x, float leading, struct pdf_rgb color,
                      enum pdf_font base, float space_before, bool keep_all, bool keep_last, int heading_level,
                      bool boxed) {
  if (!p->nlines) {
    layout_para_free(p);
    free(p);
    return;
  }
  size_t pi = keep_para(s, p);
  float baseline = baseline_for(s, base, p->size, leading);
  size_t n = p->nlines;
  for (size_t i = 0; i < n; i++) {
    struct item *it = new_item(&s->body, STORY_LINE);
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
    if (boxed) box_background(s, it);
  }
}

static struct layout_para *wrap(struct story *s, const char *text, enum pdf_font f, float size, float width,
                                enum layout_align align, unsigned flags) {
  struct layout_para *p = pdf_xmalloc(sizeof *p);
  layout_para_wrap(p, s->doc, text, f, size, width, align, flags);
  return p;
}

/* ---- creation --------------------------------------------------------------------------- */

static size_t opt_str(struct story *s, const char *v) { return v && *v ? put_str(s, v) : NONE; }

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
static size_t tag(struct story *s, size_t parent, const char *type) {
  s->tag = pdf_elem(s->doc, parent, type);
  return s->tag;
}

static const char *heading_type(int level) { return level == 1 ? "H1" : level == 2 ? "H2" : "H3"; }

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

/* ---- blocks ----------------------------------------------------------------------------- */

/* Upper-case for Latin-1 letters (the labels of level-1 headings: "DIÁLOGO 1"). */
static char *upper_latin(const char *text) {
  size_t n = strlen(text);
  char *out = pdf_xmalloc(n + 1), *o = out;
  const char *p = text, *end = text + n;
  while (p < end) {
    uint32_t cp = pdf_utf8_next(&p, end);
    if (!cp) continue;
    if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) cp -= 0x20;
    o += pdf_utf8_put(o, cp);
  }
  *o = 0;
  return out;
}

static size_t add_heading_entry(struct story *s, int level, const char *label, const char *title, bool toc) {
  pdf_grow((void **)&s->heads, &s->cap_heads, s->nheads + 1, sizeof *s->heads);
  struct heading *h = &s->heads[s->nheads];
  memset(h, 0, sizeof *h);
  h->level = level;
  h->label = label && *label ? put_str(s, label) : NONE;
  h->title = put_str(s, title);
  char *outline;
  size_t n = strlen(title) + (label ? strlen(label) : 0) + 4;
  outline = pdf_xmalloc(n);
  if (label && *label) snprintf(outline, n, level == 1 ? "%s: %s" : "%s %s", label, title);
  else snprintf(outline, n, "%s", title);
  h->outline = put_str(s, outline);
  free(outline);
  h->toc = toc;
  h->item = s->body.n;
  return s->nheads++;
}

void story_heading(struct story *s, int level, const char *label, const char *title) {
  if (!s || !title) return;
  if (level < 1) level = 1;
  if (level > 3) level = 3;
  add_heading_entry(s, level, label, title, level <= s->toc_depth);
  s->last_level = level;
  tag(s, PDF_DOCUMENT, heading_type(level));
  if (level == 1) {
    float sp = take_space(s, 30);
    if (label && *label) {
      char *up = upper_latin(label);
      struct layout_para *p = wrap(s, up, PDF_BOLD, 9.5f, s->tw, LAYOUT_LEFT, 0);
      free(up);
      add_lines(s, p, 0, 16, accent(), PDF_BOLD, sp, true, true, 1, false);
      sp = 0;
    }
    struct layout_para *p = wrap(s, title, PDF_BOLD, 19, s->tw, LAYOUT_LEFT, 0);
    add_lines(s, p, 0, 24, primary(), PDF_BOLD, sp, true, true, 1, false);
    struct item *rule = new_item(&s->body, STORY_BOX);
    rule->height = 16;
    rule->keep = true;
    rule->heading_level = 1;
    op_rect(s, rule, accent(), 0, 8, 36, 2.5f);
    s->pending = 6;
    return;
  }
  float size = level == 2 ? 12.5f : 11, leading = level == 2 ? 17 : 15.5f;
  float sp = take_space(s, level == 2 ? 16 : 12);
  float indent = 0;
  if (label && *label) {
    float lw = pdf_text_width(s->doc, PDF_BOLD, size, label) + 6;
    indent = lw > 22 ? lw : 22;
  }
  struct layout_para *p = wrap(s, title, PDF_BOLD, size, s->tw - indent, LAYOUT_LEFT, 0);
  size_t first = s->body.n;
  add_lines(s, p, indent, leading, primary(), PDF_BOLD, sp, true, true, level, false);
  if (label && *label && s->body.n > first) {
    struct item *it = &s->body.v[first];
    op_text(s, it, PDF_BOLD, size, accent(), 0, it->baseline, label);
  }
  s->pending = level == 2 ? 5 : 3;
}

void story_styled(struct story *s, const struct story_style *st, const char *text) {
  if (!s || !st || !text) return;
  float leading = st->leading > 0 ? st->leading : st->size * 1.45f;
  float width = s->tw - st->indent_left - st->indent_right;
  struct layout_para *p = wrap(s, text, st->font, st->size, width, st->align, st->markup ? LAYOUT_MARKUP : 0);
  if (!p->nlines) {
    layout_para_free(p);
    free(p);
    return;
  }
  float sp = take_space(s, st->space_before);
  tag(s, PDF_DOCUMENT, "P");
  add_lines(s, p, st->indent_left, leading, st->color, st->font, sp, st->keep_with_next, st->keep_with_next, 0, false);
  s->pending = st->space_after;
}

void story_paragraph(struct story *s, const char *text) {
  struct story_style st = story_body_style();
  story_styled(s, &st, text);
}

/* A list item: the marker drawn on the first line, the text indented. */
static void list_item(struct story *s, const char *marker, enum pdf_font mfont, struct pdf_rgb mcolor, float marker_x,
                      float indent, const char *text) {
  if (!s || !text) return;
  struct layout_para *p = wrap(s, text, PDF_REGULAR, BODY_SIZE, s->tw - indent, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
  if (!p->nlines) {
    layout_para_free(p);
    free(p);
    return;
  }
  if (!s->last_list) s->list = pdf_elem(s->doc, PDF_DOCUMENT, "L");
  float sp = s->last_list ? 3 : take_space(s, PARA_SPACE);
  s->pending = 0;
  size_t first = s->body.n;
  size_t li = pdf_elem(s->doc, s->list, "LI");
  size_t label = pdf_elem(s->doc, li, "Lbl");
  tag(s, li, "LBody");
  add_lines(s, p, indent, BODY_LEADING, ink(), PDF_REGULAR, sp, false, false, 0, false);
  struct item *it = &s->body.v[first];
  s->tag = label;
  op_text(s, it, mfont, BODY_SIZE, mcolor, marker_x, it->baseline, marker);
  s->pending = PARA_SPACE;
  s->last_list = true;
}

void story_bullet(struct story *s, const char *text) {
  list_item(s, "\xE2\x80\xA2", PDF_BOLD, accent(), 5, 18, text); /* • */
}

void story_numbered(struct story *s, int number, const char *text) {
  char num[16];
  snprintf(num, sizeof num, "%d.", number);
  list_item(s, num, PDF_BOLD, primary(), 2, 22, text);
}

/* Whether line starts a list item: returns the text after the marker and sets *number (0 for a
 * bullet), or NULL. */
static const char *list_marker(const char *line, int *number) {
  if ((line[0] == '-' || line[0] == '*') && line[1] == ' ') {
    *number = 0;
    return line + 2;
  }
  if (!strncmp(line, "\xE2\x80\xA2 ", 4)) {
    *number = 0;
    return line + 4;
  }
  int n = 0, digits = 0;
  while (line[digits] >= '0' && line[digits] <= '9' && digits < 3) n = n * 10 + (line[digits++] - '0');
  if (digits && (line[digits] == '.' || line[digits] == ')') && line[digits + 1] == ' ') {
    *number = n;
    return line + digits + 2;
  }
  return NULL;
}

enum block_kind { BLOCK_NONE, BLOCK_PARA, BLOCK_BULLET, BLOCK_NUMBER };

static void flush_block(struct story *s, enum block_kind kind, int number, char *buf) {
  if (kind == BLOCK_NONE || !*buf) return;
  if (kind == BLOCK_PARA) story_paragraph(s, buf);
  else if (kind == BLOCK_BULLET) story_bullet(s, buf);
  else story_numbered(s, number, buf);
}

void story_text(struct story *s, const char *text) {
  if (!s || !text) return;
  size_t n = strlen(text);
  char *buf = pdf_xmalloc(n + 1);
  size_t blen = 0;
  buf[0] = 0;
  enum block_kind kind = BLOCK_NONE;
  int number = 0;
  const char *p = text;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char *line = pdf_xmalloc(len + 1);
    memcpy(line, p, len);
    line[len] = 0;
    char *t = line;
    while (*t == ' ' || *t == '\t' || *t == '\r') t++;
    size_t tl = strlen(t);
    while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\r' || t[tl - 1] == '\t')) t[--tl] = 0;
    int num = 0;
    const char *rest = tl ? list_marker(t, &num) : NULL;
    if (!tl || rest) { /* blank line or a new list item ends the current block */
      flush_block(s, kind, number, buf);
      blen = 0;
      buf[0] = 0;
      kind = BLOCK_NONE;
    }
    if (rest) {
      kind = num ? BLOCK_NUMBER : BLOCK_BULLET;
      number = num;
      t = (char *)rest;
      tl = strlen(t);
    } else if (tl && kind == BLOCK_NONE) {
      kind = BLOCK_PARA;
    }
    if (tl) {
      if (blen) buf[blen++] = ' ';
      memcpy(buf + blen, t, tl);
      blen += tl;
      buf[blen] = 0;
    }
    free(line);
    p += len + (eol ? 1 : 0);
  }
  flush_block(s, kind, number, buf);
  free(buf);
}

void story_callout(struct story *s, const char *label, const char *text) {
  if (!s || (!label && !text)) return;
  const float pad = 16, vpad = 10;
  float sp = take_space(s, 10);
  struct item *top = new_item(&s->body, STORY_BOX);
  top->height = vpad;
  top->space_before = sp;
  top->keep = true;
  box_background(s, top);
  if (label && *label) {
    struct layout_para *p = wrap(s, label, PDF_BOLD, 9.5f, s->tw - 2 * pad, LAYOUT_LEFT, 0);
    tag(s, PDF_DOCUMENT, "P");
    add_lines(s, p, pad, 15, primary(), PDF_BOLD, 0, true, true, 0, true);
  }
  if (text && *text) {
    struct layout_para *p = wrap(s, text, PDF_ITALIC, BODY_SIZE, s->tw - 2 * pad, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
    tag(s, PDF_DOCUMENT, "P");
    add_lines(s, p, pad, BODY_LEADING, ink(), PDF_ITALIC, 0, false, true, 0, true);
  }
  struct item *bottom = new_item(&s->body, STORY_BOX);
  bottom->height = vpad;
  box_background(s, bottom);
  s->pending = 12;
}

/* Wrapped lines of text as text operations of a box; returns the height used. */
static float box_lines(struct story *s, struct item *it, const char *text, enum pdf_font f, float size, float leading,
                       struct pdf_rgb c, float x, float y, float width, enum layout_align align) {
  struct layout_para p;
  size_t n = layout_para_wrap(&p, s->doc, text, f, size, width, align, LAYOUT_HARD_NEWLINES);
  float base = baseline_for(s, f, size, leading);
  for (size_t i = 0; i < n; i++) {
    char *line = layout_line_text(&p, i);
    float lx = x + (n && p.lines[i].nwords ? p.words[p.lines[i].first_word].x : 0);
    op_text(s, it, f, size, c, lx, y + (float)i * leading + base, line);
    free(line);
  }
  layout_para_free(&p);
  return (float)n * leading;
}

void story_person(struct story *s, const struct story_person *pp) {
  if (!s || !pp || !pp->name) return;
  const float photo_w = 56, photo_h = 70;
  struct pdf_image *img = pp->photo && pp->photo_len ? pdf_image_load(s->doc, pp->photo, pp->photo_len) : NULL;
  float tx = img ? photo_w + 14 : 14, tw = s->tw - tx;
  float sp = take_space(s, 18);
  int level = s->last_level < 3 ? s->last_level + 1 : 3;
  if (pp->bookmark) add_heading_entry(s, level, NULL, pp->name, false);
  struct item *it = new_item(&s->body, STORY_BOX);
  it->space_before = sp;
  it->keep = true;
  float y = 0;
  if (pp->tag && *pp->tag) {
    tag(s, PDF_DOCUMENT, "P");
    y += box_lines(s, it, pp->tag, PDF_BOLD, 8.5f, 13, accent(), tx, y, tw, LAYOUT_LEFT);
  }
  /* a bookmarked name is a heading for screen readers too */
  tag(s, PDF_DOCUMENT, pp->bookmark ? heading_type(level) : "P");
  y += box_lines(s, it, pp->name, PDF_BOLD, 13, 17, primary(), tx, y, tw, LAYOUT_LEFT);
  if (pp->detail && *pp->detail) {
    tag(s, PDF_DOCUMENT, "P");
    y += box_lines(s, it, pp->detail, PDF_REGULAR, 9, 12.5f, muted(), tx, y, tw, LAYOUT_LEFT);
  }
  if (pp->topic && *pp->topic) {
    y += 3;
    tag(s, PDF_DOCUMENT, "P");
    y += box_lines(s, it, pp->topic, PDF_ITALIC, 10, 14, ink(), tx, y, tw, LAYOUT_LEFT);
  }
  if (img) {
    char *alt = pdf_xmalloc(strlen(pp->name) + 32);
    sprintf(alt, "Fotografía de %s", pp->name);
    pdf_elem_alt(s->doc, tag(s, PDF_DOCUMENT, "Figure"), alt);
    free(alt);
    struct op *o = new_op(s, it, OP_IMAGE);
    o->img = img;
    o->x = 0;
    o->y = 0;
    o->w = photo_w;
    o->h = photo_h;
    if (y < photo_h) y = photo_h;
  } else {
    op_rect(s, it, accent(), 0, 2, 3, y - 4 > 4 ? y - 4 : 4);
  }
  it->height = y;
  s->pending = 9;
}

void story_image(struct story *s, const unsigned char *data, size_t len, float max_w, float max_h,
                 const char *caption) {
  if (!s || !data) return;
  struct pdf_image *img = pdf_image_load(s->doc, data, len);
  if (!img) return;
  if (max_w <= 0 || max_w > s->tw) max_w = s->tw;
  if (max_h <= 0 || max_h > s->th) max_h = s->th / 3;
  float k = max_w / pdf_image_width(img);
  if (pdf_image_height(img) * k > max_h) k = max_h / pdf_image_height(img);
  float w = pdf_image_width(img) * k, h = pdf_image_height(img) * k;
  struct item *it = new_item(&s->body, STORY_BOX);
  it->space_before = take_space(s, 10);
  pdf_elem_alt(s->doc, tag(s, PDF_DOCUMENT, "Figure"), caption && *caption ? caption : "Imagen");
  struct op *o = new_op(s, it, OP_IMAGE);
  o->img = img;
  o->x = (s->tw - w) / 2;
  o->y = 0;
  o->w = w;
  o->h = h;
  float y = h;
  if (caption && *caption) {
    tag(s, PDF_DOCUMENT, "P");
    y += 6 + box_lines(s, it, caption, PDF_ITALIC, 8.5f, 12, muted(), 0, y + 6, s->tw, LAYOUT_CENTER);
  }
  it->height = y;
  s->pending = 10;
}

void story_rule(struct story *s, float width) {
  if (!s) return;
  struct item *it = new_item(&s->body, STORY_BOX);
  it->height = 10;
  it->space_before = take_space(s, 0);
  op_rect(s, it, accent(), 0, 4, width > 0 ? width : 40, 2);
  s->pending = 6;
}

void story_space(struct story *s, float pt) {
  if (s && pt > 0) s->pending += pt;
}

void story_page_break(struct story *s) {
  if (!s) return;
  new_item(&s->body, STORY_BREAK);
  s->pending = 0;
  s->last_list = false;
}

/* ---- table of contents ---------------------------------------------------------------- */

#define TOC_COL 78.0f /* titles start here; labels sit left of it */
#define TOC_NUM 34.0f /* the page-number column at the right */

static void build_toc(struct story *s) {
  if (s->toc_title == NONE) return;
  /* the title, set like a level-1 heading */
  struct item *t = new_item(&s->toc, STORY_BOX);
  s->tag = s->toc_head;
  float y = box_lines(s, t, str_at(s, s->toc_title), PDF_BOLD, 19, 24, primary(), 0, 0, s->tw, LAYOUT_LEFT);
  op_rect(s, t, accent(), 0, y + 8, 36, 2.5f);
  t->height = y + 26;
  for (size_t k = 0; k < s->nheads; k++) {
    const struct heading *h = &s->heads[k];
    if (!h->toc) continue;
    bool top = h->level == 1;
    struct item *it = new_item(&s->toc, STORY_BOX);
    tag(s, tag(s, s->toc_list, "TOCI"), "Link"); /* the whole entry is the link to its page */
    it->space_before = top ? 12 : 2;
    float x = top ? TOC_COL : TOC_COL + 14, size = top ? 11.5f : 10, leading = top ? 16 : 14;
    enum pdf_font f = top ? PDF_BOLD : PDF_REGULAR;
    struct pdf_rgb c = top ? primary() : ink();
    /* a sub-entry's number hangs: its wrapped lines align with the title, not the number */
    float tx = x;
    if (!top && h->label != NONE) tx = x + pdf_text_width(s->doc, f, size, str_at(s, h->label)) + 4;
    struct layout_para p;
    size_t n = layout_para_wrap(&p, s->doc, str_at(s, h->title), f, size, s->tw - tx - TOC_NUM - 12, LAYOUT_LEFT, 0);
    float base = baseline_for(s, f, size, leading);
    /* the label first: it is read before the title */
    if (!top && h->label != NONE) op_text(s, it, f, size, c, x, base, str_at(s, h->label));
    if (top && h->label != NONE) op_text(s, it, PDF_BOLD, 9.5f, accent(), 0, base, str_at(s, h->label));
    float end_x = tx;
    for (size_t i = 0; i < n; i++) {
      char *line = layout_line_text(&p, i);
      op_text(s, it, f, size, c, tx, (float)i * leading + base, line);
      if (i + 1 == n) end_x = tx + p.lines[i].natural;
      free(line);
    }
    layout_para_free(&p);
    struct op *o = new_op(s, it, OP_PAGEREF);
    o->font = f;
    o->size = size;
    o->color = top ? primary() : muted();
    o->x = end_x + 6;
    o->y = (float)(n ? n - 1 : 0) * leading + base;
    o->ref = k;
    it->height = (float)(n ? n : 1) * leading;
    struct op *l = new_op(s, it, OP_LINK);
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
    if (s->header_left != NONE) pdf_show(pg, PDF_BOLD, 8, primary(), s->ml, hy, str_at(s, s->header_left));
    if (s->header_right != NONE) {
      const char *t = str_at(s, s->header_right);
      pdf_show(pg, PDF_REGULAR, 8, muted(), right - pdf_text_width(s->doc, PDF_REGULAR, 8, t), hy, t);
    }
    pdf_fill_rect(pg, hairline(), s->ml, hy - 7, s->tw, 0.6f);
    pdf_fill_rect(pg, accent(), s->ml, hy - 7.4f, 24, 1.4f);
  }
  pdf_mark(pg, PDF_ARTIFACT_FOOTER);
  pdf_fill_rect(pg, hairline(), s->ml, fy + 12, s->tw, 0.6f);
  if (s->footer_left != NONE) pdf_show(pg, PDF_REGULAR, 8, muted(), s->ml, fy, str_at(s, s->footer_left));
  char foot[96];
  snprintf(foot, sizeof foot, "%s %zu %s %zu", str_at(s, s->page_word), number, str_at(s, s->of_word), total);
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
    HPDF_Outline o = HPDF_CreateOutline(h, NULL, str_at(s, s->toc_title), enc);
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
