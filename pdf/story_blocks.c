/* story_blocks.c — the blocks of a story (layout.h): headings with their contents entries and
 * bookmarks, paragraphs and styled text, bullet and numbered lists, text with light markup split
 * into them, call-out boxes, people, images, rules, space and page breaks. Each turns into items
 * at once (layout.c explains items and pagination) and creates its structure element. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/story_internal.h"

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
  h->label = label && *label ? story_put_str(s, label) : NONE;
  h->title = story_put_str(s, title);
  char *outline;
  size_t n = strlen(title) + (label ? strlen(label) : 0) + 4;
  outline = pdf_xmalloc(n);
  if (label && *label) snprintf(outline, n, level == 1 ? "%s: %s" : "%s %s", label, title);
  else snprintf(outline, n, "%s", title);
  h->outline = story_put_str(s, outline);
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
  story_tag(s, PDF_DOCUMENT, story_heading_type(level));
  if (level == 1) {
    float sp = story_take_space(s, 30);
    if (label && *label) {
      char *up = upper_latin(label);
      struct layout_para *p = story_wrap(s, up, PDF_BOLD, 9.5f, s->tw, LAYOUT_LEFT, 0);
      free(up);
      story_add_lines(s, p, 0, 16, accent(), PDF_BOLD, sp, true, true, 1, false);
      sp = 0;
    }
    struct layout_para *p = story_wrap(s, title, PDF_BOLD, 19, s->tw, LAYOUT_LEFT, 0);
    story_add_lines(s, p, 0, 24, primary(), PDF_BOLD, sp, true, true, 1, false);
    struct item *rule = story_new_item(&s->body, STORY_BOX);
    rule->height = 16;
    rule->keep = true;
    rule->heading_level = 1;
    story_op_rect(s, rule, accent(), 0, 8, 36, 2.5f);
    s->pending = 6;
    return;
  }
  float size = level == 2 ? 12.5f : 11, leading = level == 2 ? 17 : 15.5f;
  float sp = story_take_space(s, level == 2 ? 16 : 12);
  float indent = 0;
  if (label && *label) {
    float lw = pdf_text_width(s->doc, PDF_BOLD, size, label) + 6;
    indent = lw > 22 ? lw : 22;
  }
  struct layout_para *p = story_wrap(s, title, PDF_BOLD, size, s->tw - indent, LAYOUT_LEFT, 0);
  size_t first = s->body.n;
  story_add_lines(s, p, indent, leading, primary(), PDF_BOLD, sp, true, true, level, false);
  if (label && *label && s->body.n > first) {
    struct item *it = &s->body.v[first];
    story_op_text(s, it, PDF_BOLD, size, accent(), 0, it->baseline, label);
  }
  s->pending = level == 2 ? 5 : 3;
}

void story_styled(struct story *s, const struct story_style *st, const char *text) {
  if (!s || !st || !text) return;
  float leading = st->leading > 0 ? st->leading : st->size * 1.45f;
  float width = s->tw - st->indent_left - st->indent_right;
  struct layout_para *p = story_wrap(s, text, st->font, st->size, width, st->align, st->markup ? LAYOUT_MARKUP : 0);
  if (!p->nlines) {
    layout_para_free(p);
    free(p);
    return;
  }
  float sp = story_take_space(s, st->space_before);
  story_tag(s, PDF_DOCUMENT, "P");
  story_add_lines(s, p, st->indent_left, leading, st->color, st->font, sp, st->keep_with_next, st->keep_with_next, 0,
                  false);
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
  struct layout_para *p = story_wrap(s, text, PDF_REGULAR, BODY_SIZE, s->tw - indent, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
  if (!p->nlines) {
    layout_para_free(p);
    free(p);
    return;
  }
  if (!s->last_list) s->list = pdf_elem(s->doc, PDF_DOCUMENT, "L");
  float sp = s->last_list ? 3 : story_take_space(s, PARA_SPACE);
  s->pending = 0;
  size_t first = s->body.n;
  size_t li = pdf_elem(s->doc, s->list, "LI");
  size_t label = pdf_elem(s->doc, li, "Lbl");
  story_tag(s, li, "LBody");
  story_add_lines(s, p, indent, BODY_LEADING, ink(), PDF_REGULAR, sp, false, false, 0, false);
  struct item *it = &s->body.v[first];
  s->tag = label;
  story_op_text(s, it, mfont, BODY_SIZE, mcolor, marker_x, it->baseline, marker);
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
  float sp = story_take_space(s, 10);
  struct item *top = story_new_item(&s->body, STORY_BOX);
  top->height = vpad;
  top->space_before = sp;
  top->keep = true;
  story_box_background(s, top);
  if (label && *label) {
    struct layout_para *p = story_wrap(s, label, PDF_BOLD, 9.5f, s->tw - 2 * pad, LAYOUT_LEFT, 0);
    story_tag(s, PDF_DOCUMENT, "P");
    story_add_lines(s, p, pad, 15, primary(), PDF_BOLD, 0, true, true, 0, true);
  }
  if (text && *text) {
    struct layout_para *p = story_wrap(s, text, PDF_ITALIC, BODY_SIZE, s->tw - 2 * pad, LAYOUT_JUSTIFY, LAYOUT_MARKUP);
    story_tag(s, PDF_DOCUMENT, "P");
    story_add_lines(s, p, pad, BODY_LEADING, ink(), PDF_ITALIC, 0, false, true, 0, true);
  }
  struct item *bottom = story_new_item(&s->body, STORY_BOX);
  bottom->height = vpad;
  story_box_background(s, bottom);
  s->pending = 12;
}

/* Wrapped lines of text as text operations of a box; returns the height used. */
float story_box_lines(struct story *s, struct item *it, const char *text, enum pdf_font f, float size, float leading,
                      struct pdf_rgb c, float x, float y, float width, enum layout_align align) {
  struct layout_para p;
  size_t n = layout_para_wrap(&p, s->doc, text, f, size, width, align, LAYOUT_HARD_NEWLINES);
  float base = story_baseline_for(s, f, size, leading);
  for (size_t i = 0; i < n; i++) {
    char *line = layout_line_text(&p, i);
    float lx = x + (n && p.lines[i].nwords ? p.words[p.lines[i].first_word].x : 0);
    story_op_text(s, it, f, size, c, lx, y + (float)i * leading + base, line);
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
  float sp = story_take_space(s, 18);
  int level = s->last_level < 3 ? s->last_level + 1 : 3;
  if (pp->bookmark) add_heading_entry(s, level, NULL, pp->name, false);
  struct item *it = story_new_item(&s->body, STORY_BOX);
  it->space_before = sp;
  it->keep = true;
  float y = 0;
  if (pp->tag && *pp->tag) {
    story_tag(s, PDF_DOCUMENT, "P");
    y += story_box_lines(s, it, pp->tag, PDF_BOLD, 8.5f, 13, accent(), tx, y, tw, LAYOUT_LEFT);
  }
  /* a bookmarked name is a heading for screen readers too */
  story_tag(s, PDF_DOCUMENT, pp->bookmark ? story_heading_type(level) : "P");
  y += story_box_lines(s, it, pp->name, PDF_BOLD, 13, 17, primary(), tx, y, tw, LAYOUT_LEFT);
  if (pp->detail && *pp->detail) {
    story_tag(s, PDF_DOCUMENT, "P");
    y += story_box_lines(s, it, pp->detail, PDF_REGULAR, 9, 12.5f, muted(), tx, y, tw, LAYOUT_LEFT);
  }
  if (pp->topic && *pp->topic) {
    y += 3;
    story_tag(s, PDF_DOCUMENT, "P");
    y += story_box_lines(s, it, pp->topic, PDF_ITALIC, 10, 14, ink(), tx, y, tw, LAYOUT_LEFT);
  }
  if (img) {
    char *alt = pdf_xmalloc(strlen(pp->name) + 32);
    sprintf(alt, "Fotografía de %s", pp->name);
    pdf_elem_alt(s->doc, story_tag(s, PDF_DOCUMENT, "Figure"), alt);
    free(alt);
    struct op *o = story_new_op(s, it, OP_IMAGE);
    o->img = img;
    o->x = 0;
    o->y = 0;
    o->w = photo_w;
    o->h = photo_h;
    if (y < photo_h) y = photo_h;
  } else {
    story_op_rect(s, it, accent(), 0, 2, 3, y - 4 > 4 ? y - 4 : 4);
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
  struct item *it = story_new_item(&s->body, STORY_BOX);
  it->space_before = story_take_space(s, 10);
  pdf_elem_alt(s->doc, story_tag(s, PDF_DOCUMENT, "Figure"), caption && *caption ? caption : "Imagen");
  struct op *o = story_new_op(s, it, OP_IMAGE);
  o->img = img;
  o->x = (s->tw - w) / 2;
  o->y = 0;
  o->w = w;
  o->h = h;
  float y = h;
  if (caption && *caption) {
    story_tag(s, PDF_DOCUMENT, "P");
    y += 6 + story_box_lines(s, it, caption, PDF_ITALIC, 8.5f, 12, muted(), 0, y + 6, s->tw, LAYOUT_CENTER);
  }
  it->height = y;
  s->pending = 10;
}

void story_rule(struct story *s, float width) {
  if (!s) return;
  struct item *it = story_new_item(&s->body, STORY_BOX);
  it->height = 10;
  it->space_before = story_take_space(s, 0);
  story_op_rect(s, it, accent(), 0, 4, width > 0 ? width : 40, 2);
  s->pending = 6;
}

void story_space(struct story *s, float pt) {
  if (s && pt > 0) s->pending += pt;
}

void story_page_break(struct story *s) {
  if (!s) return;
  story_new_item(&s->body, STORY_BREAK);
  s->pending = 0;
  s->last_list = false;
}
