/* badge.h — badges as PDF: plain structs in, PDF bytes out, on the layout layer of pdf/. Knows
 * nothing of HTTP or SQL. A badge shows the edition's name and dates, the person's name large,
 * organization and post, a coloured band with the role in Spanish, and the check-in QR code with
 * the registration code printed under it for manual entry. */
#ifndef ASAMBLEA_BADGE_H
#define ASAMBLEA_BADGE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "pdf/pdf.h"

/* One badge. Strings are UTF-8; NULL or "" leaves that line out. */
struct badge {
  const char *full_name;
  const char *organization;
  const char *position;   /* post held, e.g. "Alcalde" */
  const char *role_label; /* text of the band, e.g. "PONENTE" (badge_role_find gives it) */
  const char *code;       /* registration code, printed under the QR for manual entry */
  const char *token;      /* check-in token the QR holds (badges/token.h); NULL: no QR */
  struct pdf_rgb band;    /* colour of the role band; white text is printed on it */
};

/* The edition, printed on every badge. */
struct badge_event {
  const char *title;       /* full name, shown on the a6 layout */
  const char *short_title; /* e.g. "Latacunga 2024" */
  const char *dates_text;  /* e.g. "25 y 26 de noviembre de 2024" */
  const char *city;
};

enum badge_layout {
  BADGE_A4_10, /* "a4-10": 2×5 badges of 90×55 mm on A4, cut marks in the margins */
  BADGE_A4_8,  /* "a4-8":  2×4 badges of 90×70 mm on A4, cut marks in the margins */
  BADGE_A6,    /* "a6":    105×148 mm portrait, one per page, for badge holders */
  BADGE_CR80,  /* "cr80":  85.6×54 mm, one per page, for card printers */
};

/* "a4-10", "a4-8", "a6", "cr80" (exact, lower case). False if unknown. */
bool badge_layout_parse(const char *name, enum badge_layout *out);
const char *badge_layout_name(enum badge_layout layout);

/* The role band of an attendee type. */
struct badge_role {
  const char *type;    /* attendee_type: "authority", "official", ... */
  const char *label;   /* Spanish, upper case: "AUTORIDAD", "FUNCIONARIO/A", ... */
  struct pdf_rgb band; /* print-friendly, distinct, white text readable on it (contrast ≥ 4.5:1) */
};
/* The role of an attendee_type (authority, official, cooperation, academia, civil_society, press,
 * speaker, moderator, organizer, guest); NULL if unknown. */
const struct badge_role *badge_role_find(const char *attendee_type);
/* All roles, in the order above; *n gets their count. */
const struct badge_role *badge_roles(size_t *n);

/* Renders n badges (n ≥ 1) in a layout into a new PDF buffer (*pdf, free()). `created` is the
 * document's creation instant: the same input gives the same bytes. Returns 0, or -1 if the
 * arguments are invalid, a token cannot be encoded or the PDF could not be built. */
int badges_render(const struct badge_event *ev, const struct badge *list, size_t n, enum badge_layout layout,
                  time_t created, unsigned char **pdf, size_t *len);

/* --- layout internals, exposed for the tests --- */

/* How a text is to be fitted into a box. */
#define BADGE_FIT_MAX_LINES 3
struct badge_fit_box {
  enum pdf_font font;
  float width;      /* no line is ever wider */
  float height;     /* lines × size × leading stay within it; 0: no limit */
  float leading;    /* line height as a multiple of the size (0 means 1.15) */
  float max_size;   /* largest size */
  float min_size;   /* one line shrinks down to this size before wrapping */
  float floor_size; /* below this the text is cut with "…" rather than shrunk further */
  size_t max_lines; /* 1 to BADGE_FIT_MAX_LINES */
};
/* How a text was fitted: its font size and lines. */
struct badge_fit {
  float size;                          /* font size in points */
  size_t lines;                        /* 0 for an empty text */
  bool cut;                            /* the text did not fit at floor_size and ends with "…" */
  float width[BADGE_FIT_MAX_LINES];    /* width of each line at `size` */
  char text[BADGE_FIT_MAX_LINES][640]; /* each line, UTF-8 */
};
/* Fits text (whitespace runs count as one space) into a box: one line at the largest size that
 * fits, down to min_size; else two lines, then three (up to max_lines), each split at spaces or
 * after hyphens with the lines as even as possible, the fewest lines that reach min_size; if none
 * does, the line count allowing the largest size (ties: fewer lines); if that size is under
 * floor_size, lines filled at floor_size with the last one cut by "…". */
void badge_fit_text(struct pdf_doc *doc, const struct badge_fit_box *box, const char *text, struct badge_fit *out);

/* Where things are in a layout, for the tests (points). */
struct badge_geometry {
  float page_w, page_h; /* page size: A4 for sheets, the badge itself otherwise */
  int cols, rows;       /* badges per row and per column on a page (1×1 for a6 and cr80) */
  float grid_x, grid_y; /* lower-left corner of the grid of badges on the page */
  float w, h;           /* one badge */
  float name_x, name_w; /* the name's text area, from the badge's left edge */
  float margin;         /* no text nearer than this to a badge edge */
};
bool badge_geometry(enum badge_layout layout, struct badge_geometry *g);
#endif
