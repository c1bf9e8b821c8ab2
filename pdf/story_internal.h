/* story_internal.h — what the three files of the story share: layout.c (storage, creation and
 * introspection), story_blocks.c (headings, paragraphs, lists, boxes, people, images) and
 * story_pages.c (contents, pagination, drawing and bookmarks). The story's items and drawing
 * operations, its colours and body type, and the helpers that store into it. Not part of the
 * layout.h API. */
#ifndef ASAMBLEA_PDF_STORY_INTERNAL_H
#define ASAMBLEA_PDF_STORY_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>

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

static inline struct pdf_rgb primary(void) { return pdf_hex(LAYOUT_PRIMARY); }
static inline struct pdf_rgb accent(void) { return pdf_hex(LAYOUT_ACCENT); }
static inline struct pdf_rgb ink(void) { return pdf_hex(LAYOUT_INK); }
static inline struct pdf_rgb muted(void) { return pdf_hex(LAYOUT_MUTED); }
static inline struct pdf_rgb tint(void) { return pdf_hex(LAYOUT_TINT); }
static inline struct pdf_rgb hairline(void) { return pdf_hex(0xc9d2df); }

#define BODY_SIZE 10.5f
#define BODY_LEADING 15.5f
#define PARA_SPACE 7.0f

/* ---- storing into a story (layout.c, story_blocks.c) ------------------------------------ */

size_t story_put_str(struct story *s, const char *text);
const char *story_str_at(const struct story *s, size_t off);
struct item *story_new_item(struct items *list, enum story_item_kind kind);
struct op *story_new_op(struct story *s, struct item *it, enum op_kind kind);
void story_op_rect(struct story *s, struct item *it, struct pdf_rgb c, float x, float y, float w, float h);
void story_op_text(struct story *s, struct item *it, enum pdf_font f, float size, struct pdf_rgb c, float x, float y,
                   const char *text);
/* Space before a block: the larger of what the previous block asked after and this one before. */
float story_take_space(struct story *s, float before);
float story_baseline_for(struct story *s, enum pdf_font f, float size, float leading);
/* Background of a set-apart box on an item: tint over the text width, accent bar at the left. */
void story_box_background(struct story *s, struct item *it);
/* Adds the lines of a paragraph as items. keep_all ties every line to the next (headings);
 * otherwise the first and second-to-last lines are tied (no orphans or widows); the last line is
 * tied if keep_last. */
void story_add_lines(struct story *s, struct layout_para *p, float x, float leading, struct pdf_rgb color,
                     enum pdf_font base, float space_before, bool keep_all, bool keep_last, int heading_level,
                     bool boxed);
struct layout_para *story_wrap(struct story *s, const char *text, enum pdf_font f, float size, float width,
                               enum layout_align align, unsigned flags);
/* What follows (lines, text) belongs to a new element of that type under parent. */
size_t story_tag(struct story *s, size_t parent, const char *type);
const char *story_heading_type(int level);
/* Wrapped lines of text as text operations of a box; returns the height used. */
float story_box_lines(struct story *s, struct item *it, const char *text, enum pdf_font f, float size, float leading,
                      struct pdf_rgb c, float x, float y, float width, enum layout_align align);
#endif
