/* layout.h — typesetting on top of pdf.h, knowing nothing of HTTP or SQL.
 *
 * Two levels:
 *  - layout_para: one paragraph of UTF-8 text broken into lines of a given width, with its words
 *    placed one by one (justified by widening the gaps between words, never by letter-spacing:
 *    libharu's JUSTIFY uses Tc, and PDF word spacing (Tw) does not apply to the two-byte codes of
 *    embedded UTF-8 fonts). "**…**" marks bold; a word longer than a line is broken between
 *    letters. Justified text is hyphenated (Spanish) and broken by total fit (linebreak.h).
 *  - story: a flowing document on A4 pages: headings (levels 1–3, kept with what follows),
 *    justified paragraphs, bulleted and numbered lists, set-apart boxes, people with photos,
 *    images, vertical space and page breaks, then a running header, a "página N de M" footer, a
 *    table of contents with page numbers, and a bookmark for every heading.
 *
 * Units are PDF points. Strings are UTF-8 and copied: callers may free theirs at once. */
#ifndef ASAMBLEA_PDF_LAYOUT_H
#define ASAMBLEA_PDF_LAYOUT_H
#include <stdbool.h>
#include <stddef.h>

#include "pdf/pdf.h"

/* The house colours (AME): deep blue, warm accent, body ink, muted grey, light tint. */
#define LAYOUT_PRIMARY 0x0c2d57u
#define LAYOUT_ACCENT 0xe8a317u
#define LAYOUT_INK 0x1f2933u
#define LAYOUT_MUTED 0x5b6778u
#define LAYOUT_TINT 0xf1f4f9u

/* ---- paragraphs ------------------------------------------------------------------------- */

enum layout_align { LAYOUT_LEFT, LAYOUT_CENTER, LAYOUT_RIGHT, LAYOUT_JUSTIFY };

#define LAYOUT_MARKUP 1u        /* "**" toggles bold (an unpaired last "**" is kept as text) */
#define LAYOUT_HARD_NEWLINES 2u /* '\n' ends a line (otherwise it is a space) */

/* A piece of a word in one face: "**GADM Nabón**," is the runs "Nabón" (bold) and ",". */
struct layout_run {
  enum pdf_font font;
  const char *text; /* clean UTF-8, NUL-terminated, owned by the paragraph */
  float width;      /* points */
};

struct layout_word {
  size_t first_run, nruns;
  float width; /* points: the sum of its runs */
  float x;     /* left edge on its line, from the paragraph's left edge */
  bool brk;    /* the line must end after this word (a piece of a too-long word, or '\n') */
  bool joined; /* no space follows: the next word is the rest of this one (a hyphenation point) */
  bool hyphen; /* the line ends inside the word here: its last run ends with the hyphen drawn */
};

struct layout_line {
  size_t first_word, nwords;
  float natural;  /* width of its words with one natural space between each */
  bool justified; /* words spread to the full width */
};

struct layout_para {
  float size, width; /* font size and line width */
  float space;       /* natural space width of the base face */
  struct layout_run *runs;
  size_t nruns;
  struct layout_word *words;
  size_t nwords;
  struct layout_line *lines;
  size_t nlines;
  char *buf; /* the runs' text */
  size_t buf_len, buf_cap, cap_runs, cap_words, cap_lines;
};

/* Breaks text into lines `width` wide in the base face at `size` and places every word. Ragged
 * text (left, centre, right) is broken first fit. Justified text (LAYOUT_JUSTIFY: running text) is
 * hyphenated in Spanish (hyphenate.h: plain lowercase words only, never names, codes, addresses)
 * and broken by total fit (Knuth–Plass: the breaks that make the whole paragraph's spacing most
 * even); every line but the last (and lines ended by '\n') spans exactly `width`, the last is
 * left-aligned. Returns the number of lines (0 for blank text). Free with
 * layout_para_free. */
size_t layout_para_wrap(struct layout_para *para, struct pdf_doc *doc, const char *text, enum pdf_font base, float size,
                        float width, enum layout_align align, unsigned flags);
void layout_para_free(struct layout_para *para);
/* The text of a line, words separated by single spaces, a hyphenated line end with its hyphen
 * (new string). */
char *layout_line_text(const struct layout_para *para, size_t line);
/* Draws one line of the paragraph (left edge x, baseline y); a space glyph follows every word
 * but the last so that text extraction sees the gaps. A word split across lines is marked up for
 * text extraction as the whole word where it starts (its hyphen dropped) and nothing where it
 * continues (ActualText), so copying, search and screen readers meet whole words. */
void layout_para_draw_line(const struct layout_para *para, size_t line, struct pdf_page *page, float x, float y,
                           struct pdf_rgb color);
/* Draws the paragraph with its left edge at x and the first baseline at y, lines `leading`
 * apart, in one colour (each run in its face); returns the baseline after the last line. */
float layout_para_draw(const struct layout_para *para, struct pdf_page *page, float x, float y, float leading,
                       struct pdf_rgb color);

/* ---- stories ---------------------------------------------------------------------------- */

struct story;

struct story_options {
  float margin_left, margin_right, margin_top, margin_bottom; /* 0: 22, 22, 25, 25 mm */
  const char *header_left;         /* running header, left (e.g. "Latacunga 2024"); NULL: none */
  const char *header_right;        /* running header, right (e.g. "Memoria"); NULL: none */
  const char *footer_left;         /* footer, left (e.g. the organizer); NULL: none */
  const char *toc_title;           /* title of the table of contents; NULL: no table */
  int toc_depth;                   /* headings of levels 1..toc_depth are listed (0: 2) */
  size_t pages_after;              /* pages the caller will add after story_finish (counted in "de M") */
  const char *page_word, *of_word; /* the footer's "página N de M" words; NULL: "página", "de" */
};

/* A paragraph style for story_styled. */
struct story_style {
  enum pdf_font font;
  float size;
  float leading; /* line height; 0: 1.45 × size */
  struct pdf_rgb color;
  enum layout_align align;
  float indent_left, indent_right;
  float space_before, space_after; /* space before is dropped at the top of a page */
  bool keep_with_next;             /* the block is kept on the page of what follows */
  bool markup;                     /* "**" marks bold */
};

/* A person in a proceedings-like document: a small tag, the name in bold, smaller detail lines,
 * an optional topic, and an optional photo at the left. */
struct story_person {
  const char *tag;            /* e.g. "Moderador/a"; NULL: none */
  const char *name;           /* e.g. "Dr. Francisco Grijalva" */
  const char *detail;         /* post, organization...: lines separated by '\n'; NULL: none */
  const char *topic;          /* the talk's title; NULL: none */
  const unsigned char *photo; /* JPEG or PNG bytes; NULL: none (unreadable bytes are skipped) */
  size_t photo_len;
  bool bookmark; /* list the name in the bookmarks under the current heading */
};

struct story *story_new(struct pdf_doc *doc, const struct story_options *opt);
void story_free(struct story *s);
float story_text_width(const struct story *s);  /* width between the side margins */
float story_text_height(const struct story *s); /* height between top and bottom margins */
/* The default body style (Lato 10.5 on 15.5, justified, ink colour, markup on). */
struct story_style story_body_style(void);

/* A heading. level 1: a section (label such as "Diálogo 1" set small above the title); levels
 * 2–3: the label (e.g. "1.") hangs before the title. Every heading gets a bookmark; levels up to
 * toc_depth appear in the table of contents. A heading never ends a page: it stays with at least
 * the first two lines of what follows. */
void story_heading(struct story *s, int level, const char *label, const char *title);
/* Body paragraph: justified, "**bold**". */
void story_paragraph(struct story *s, const char *text);
/* Text with structure: paragraphs separated by blank lines, lines starting "- " (or "• ", "* ")
 * as bullets, lines starting "N. " or "N) " as numbered items; other lines continue the current
 * paragraph or item. */
void story_text(struct story *s, const char *text);
void story_bullet(struct story *s, const char *text);
void story_numbered(struct story *s, int number, const char *text);
/* A set-apart box: tinted background with an accent bar, an optional bold label, then text. */
void story_callout(struct story *s, const char *label, const char *text);
void story_person(struct story *s, const struct story_person *p);
/* An image scaled to fit max_w × max_h (0: text width / a third of the page), centred, with an
 * optional caption. Unreadable bytes add nothing. */
void story_image(struct story *s, const unsigned char *data, size_t len, float max_w, float max_h, const char *caption);
void story_styled(struct story *s, const struct story_style *style, const char *text);
/* A horizontal accent rule `width` long (0: 40 pt) under the previous block. */
void story_rule(struct story *s, float width);
void story_space(struct story *s, float pt);
/* The next block starts a new page (nothing happens at the top of an empty page). */
void story_page_break(struct story *s);

/* Paginates (once): decides the page of every block and of the table of contents. Returns the
 * number of pages the story will add (contents + body). */
size_t story_layout(struct story *s);
/* Lays out if needed, adds the pages to the document after those it already has, draws them,
 * the headers, footers, table of contents, bookmarks and links. 0 on success, -1 if a libharu
 * call failed. */
int story_finish(struct story *s);

/* ---- introspection (tests, and callers that want to know where things went) ------------ */
enum story_item_kind { STORY_LINE, STORY_BOX, STORY_BREAK };
struct story_item_info {
  enum story_item_kind kind;
  size_t page;       /* 0-based among the body pages (after story_layout) */
  float top, height; /* from the top of the text area, points */
  bool keep_with_next;
  int heading_level;              /* 1–3 for a line of a heading, 0 otherwise */
  const struct layout_para *para; /* for a line: its paragraph (shared by its lines), else NULL */
  size_t line;                    /* for a line: its index in para */
  float x;                        /* for a line: left edge of the paragraph from the left margin */
};
size_t story_item_count(const struct story *s);
bool story_item(const struct story *s, size_t i, struct story_item_info *out);
size_t story_toc_pages(const struct story *s);
size_t story_body_pages(const struct story *s);
size_t story_heading_count(const struct story *s);
/* 1-based page number in the document of heading k (after story_layout), 0 if unknown. */
size_t story_heading_page(const struct story *s, size_t k);
#endif
