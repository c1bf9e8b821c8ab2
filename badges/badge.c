/* badge.c — badges and sheets of badges as PDF, on the layout layer of pdf/ (no HTTP, no SQL).
 *
 * Two designs share the code:
 *  - the card (a4-10, a4-8, cr80; landscape, 54–70 mm tall): event name and dates at the top,
 *    the person's name large, organization and post, the QR code in the top-right corner with the
 *    registration code under it, and the role band along the bottom edge. On the 55 mm cards the
 *    QR column takes the full height, so the text lives in the column to its left; the 70 mm card
 *    has room for the name across the full width above the QR.
 *  - the holder badge (a6 portrait): everything centred, the name as large as it can be, the QR
 *    under it and a tall band, with the top 12 mm left clear for the holder's slot or clip.
 * The QR's quiet zone (4 modules, painted white by pdf_qr) lies inside the badge, and on the cards
 * its outer edge sits in the badge margin so that the dark modules line up with the text margin.
 *
 * Speed matters (a sheet of 1000 badges in well under a second): text is measured from pdf/'s
 * width tables, the QR side is computed once per token length rather than per badge, and each
 * badge is one rectangle, one QR (an image mask of five bytes a row, pdf/qr.c) and a handful of
 * text lines. Bytes matter too (at most a third of ReportLab's for the same sheet): QR boxes are
 * placed on whole points, and text and rules sit on a quarter-point grid (see snap), so the
 * numbers in the content are short. */
#include "badges/badge.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM(x) PDF_MM(x)

static const struct pdf_rgb INK = {0.10f, 0.10f, 0.12f};   /* text */
static const struct pdf_rgb MUTED = {0.36f, 0.37f, 0.40f}; /* secondary text */
static const struct pdf_rgb WHITE = {1, 1, 1};
static const struct pdf_rgb CUT = {0, 0, 0}; /* cut marks */

/* ---- roles ------------------------------------------------------------------------------- */

#define RGB(hex) \
  { (float)(((hex) >> 16) & 0xFF) / 255.0f, (float)(((hex) >> 8) & 0xFF) / 255.0f, (float)((hex)&0xFF) / 255.0f }
/* Colours chosen for print: distinct hues and lightness (CIE76 ΔE ≥ 20 between any two), each
 * dark enough for white text (WCAG contrast ≥ 5:1); the tests check both. */
static const struct badge_role ROLES[] = {
    {"authority", "AUTORIDAD", RGB(0x8E1B2E)},          /* burgundy */
    {"official", "FUNCIONARIO/A", RGB(0x1F4E79)},       /* navy */
    {"cooperation", "COOPERACIÓN", RGB(0x00695C)},      /* teal */
    {"academia", "ACADEMIA", RGB(0x5E35B1)},            /* violet */
    {"civil_society", "SOCIEDAD CIVIL", RGB(0x2E7D32)}, /* green */
    {"press", "PRENSA", RGB(0x7A5900)},                 /* ochre */
    {"speaker", "PONENTE", RGB(0xC2410C)},              /* orange */
    {"moderator", "MODERADOR/A", RGB(0xAD1457)},        /* magenta */
    {"organizer", "ORGANIZACIÓN", RGB(0x1A1A1A)},       /* black */
    {"guest", "INVITADO/A", RGB(0x546E7A)},             /* slate */
};

const struct badge_role *badge_role_find(const char *attendee_type) {
  if (!attendee_type) return NULL;
  for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
    if (strcmp(ROLES[i].type, attendee_type) == 0) return &ROLES[i];
  return NULL;
}

const struct badge_role *badge_roles(size_t *n) {
  if (n) *n = sizeof ROLES / sizeof ROLES[0];
  return ROLES;
}

/* ---- layouts ------------------------------------------------------------------------------ */

static const char *const LAYOUT_NAMES[] = {"a4-10", "a4-8", "a6", "cr80"};

bool badge_layout_parse(const char *name, enum badge_layout *out) {
  for (int i = 0; name && i < 4; i++)
    if (strcmp(name, LAYOUT_NAMES[i]) == 0) {
      if (out) *out = (enum badge_layout)i;
      return true;
    }
  return false;
}

const char *badge_layout_name(enum badge_layout layout) { return (unsigned)layout < 4 ? LAYOUT_NAMES[layout] : "?"; }

/* Geometry and type sizes of one design (points). */
struct spec {
  float w, h;      /* badge */
  float margin;    /* text margin on every side */
  float top;       /* margin above the header (a6: room for the holder's slot) */
  float band_h;    /* role band along the bottom */
  float role_size; /* role label, bold, white */
  float module;    /* QR module */
  int portrait;    /* holder design (centred) rather than card */
  int name_full;   /* card: the name spans the full width above the QR */
  float head_size; /* event line 1 (bold) */
  float sub_size;  /* event line 2: dates · city */
  float name_max, name_min;
  float org_max, org_min;
  float pos_max, pos_min;
  float code_size; /* registration code under the QR */
};

static const struct spec SPECS[] = {
    [BADGE_A4_10] = {MM(90), MM(55), MM(4), MM(4), MM(8), 11, 2, 0, 0, 8, 6.5f, 24, 20, 9, 7, 7.5f, 6.5f, 9.5f},
    [BADGE_A4_8] = {MM(90), MM(70), MM(4), MM(3.5f), MM(8.5f), 12, 2, 0, 1, 8.5f, 7, 26, 18, 10, 7.5f, 8.5f, 7, 10},
    [BADGE_A6] = {MM(105), MM(148), MM(8), MM(12), MM(16), 22, 3, 1, 1, 10, 9, 40, 28, 14, 10, 12, 9, 14},
    [BADGE_CR80] = {MM(85.6f), MM(54), MM(3.8f), MM(3.8f), MM(8), 11, 2, 0, 0, 8, 6.5f, 24, 20, 9, 7, 7.5f, 6.5f, 9.5f},
};

/* Sheets: badges per row and column; margins centre the grid on A4. */
struct sheet {
  int cols, rows;
};
static const struct sheet SHEETS[] = {
    [BADGE_A4_10] = {2, 5}, [BADGE_A4_8] = {2, 4}, [BADGE_A6] = {1, 1}, [BADGE_CR80] = {1, 1}};

/* Coordinates and sizes go to the PDF on a quarter-point grid (0.09 mm): a quarter is exact in
 * binary, so libharu writes "137.25" where it would write "137.10001" — a tenth fewer bytes in a
 * sheet's content streams, and nothing anyone could see. */
static float snap(float v) { return roundf(v * 4) / 4; }

static void text_at(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
                    const char *text) {
  pdf_text(page, font, size, color, snap(x), snap(y), text);
}

/* ---- fitting text ------------------------------------------------------------------------- */

#define FIT_MAX_BYTES 600 /* longer text is cut (names and organizations are at most 200 characters) */
#define FIT_MAX_PIECES 300

/* A piece of text between two break opportunities: a space (dropped at a line end) or a hyphen
 * between two letters (kept at the end of the first line). */
struct piece {
  size_t start, end; /* bytes [start, end) of the normalized text */
  int space_after;   /* a space follows (else a hyphen break, or the end) */
};

struct fitter {
  struct pdf_doc *doc;
  enum pdf_font font;
  char text[FIT_MAX_BYTES + 1]; /* normalized: single spaces, trimmed */
  size_t len;
  struct piece p[FIT_MAX_PIECES];
  size_t n;
  float space;                   /* width of a space at 1 pt */
  float pre[FIT_MAX_PIECES + 1]; /* pre[i]: width at 1 pt of pieces 0..i-1 with the spaces after them */
  float asc, desc;               /* ascent and descent (negative) at 1 pt */
};

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/* Copies in with whitespace runs collapsed to one space and trimmed; if it must be cut, the cut
 * falls on a UTF-8 character boundary. */
static size_t normalize(const char *in, char *out, size_t cap) {
  size_t o = 0;
  int pending = 0;
  const unsigned char *s = (const unsigned char *)in;
  for (; s && *s; s++) {
    if (is_ws(*s)) {
      pending = o > 0;
      continue;
    }
    if (o + (size_t)pending + 1 > cap) break;
    if (pending) out[o++] = ' ';
    pending = 0;
    out[o++] = (char)*s;
  }
  if (s && (*s & 0xC0) == 0x80) { /* cut inside a character: drop its first bytes */
    while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80) o--;
    if (o > 0) o--;
  }
  out[o] = '\0';
  return o;
}

/* Width at 1 pt of bytes [start, end) of the text. */
static float span_w(const struct fitter *f, size_t start, size_t end) {
  char buf[FIT_MAX_BYTES + 1];
  memcpy(buf, f->text + start, end - start);
  buf[end - start] = '\0';
  return pdf_text_width(f->doc, f->font, 1, buf);
}

static void fitter_init(struct fitter *f, struct pdf_doc *doc, enum pdf_font font, const char *text) {
  f->doc = doc;
  f->font = font;
  f->n = 0;
  f->len = normalize(text, f->text, FIT_MAX_BYTES);
  f->space = pdf_text_width(doc, font, 1, " ");
  f->asc = pdf_font_ascent(doc, font, 1);
  f->desc = pdf_font_descent(doc, font, 1);
  f->pre[0] = 0;
  if (f->len == 0) return;
  size_t s = 0;
  for (size_t i = 0; i <= f->len; i++) {
    char c = f->text[i]; /* the NUL at len ends the last piece */
    int at_space = c == ' ' || c == '\0';
    int at_hyphen = c == '-' && i > s && i + 1 < f->len && f->text[i + 1] != ' ';
    if (!at_space && !at_hyphen) continue;
    size_t end = at_hyphen ? i + 1 : i;
    if (f->n + 1 == FIT_MAX_PIECES) end = f->len, at_space = 0; /* absurdly many words: the rest is one piece */
    f->p[f->n] = (struct piece){s, end, c == ' ' && end != f->len};
    f->pre[f->n + 1] = f->pre[f->n] + span_w(f, s, end) + (f->p[f->n].space_after ? f->space : 0);
    f->n++;
    if (end == f->len) break;
    s = end + (at_space ? 1 : 0);
    i = end - (at_space ? 0 : 1);
  }
}

/* Width at 1 pt of the line made of pieces [a, b). */
static float line_w(const struct fitter *f, size_t a, size_t b) {
  return f->pre[b] - f->pre[a] - (f->p[b - 1].space_after ? f->space : 0);
}

/* The split of the pieces into k lines (1 ≤ k ≤ 3, k ≤ n) whose widest line is narrowest; its
 * breaks go to brk[0..k] (brk[0] = 0, brk[k] = n). Returns that widest width at 1 pt. */
static float best_split(const struct fitter *f, size_t k, size_t brk[BADGE_FIT_MAX_LINES + 1]) {
  size_t n = f->n;
  brk[0] = 0;
  brk[k] = n;
  if (k == 1) return line_w(f, 0, n);
  float best = INFINITY;
  for (size_t i = 1; i + k - 1 <= n; i++) {
    float w1 = line_w(f, 0, i);
    if (w1 >= best) break; /* the first line only grows from here */
    if (k == 2) {
      float m = fmaxf(w1, line_w(f, i, n));
      if (m < best) best = m, brk[1] = i;
      continue;
    }
    for (size_t j = i + 1; j < n; j++) {
      float w2 = line_w(f, i, j);
      if (w2 >= best) break;
      float m = fmaxf(w1, fmaxf(w2, line_w(f, j, n)));
      if (m < best) best = m, brk[1] = i, brk[2] = j;
    }
  }
  return best;
}

/* Height of k lines at size 1: ascent of the first, leading between baselines, descent of the last. */
static float block_h1(const struct fitter *f, size_t k, float leading) {
  return f->asc - f->desc + (float)(k - 1) * leading;
}

static void set_line(struct badge_fit *out, const struct fitter *f, size_t start, size_t end, int cut) {
  char *t = out->text[out->lines++];
  size_t n = end - start;
  memcpy(t, f->text + start, n);
  if (cut) {
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '-' || t[n - 1] == ',')) n--;
    memcpy(t + n, "\xE2\x80\xA6", 3); /* … */
    n += 3;
  }
  t[n] = '\0';
}

/* At the floor size: lines filled greedily; the last one takes the rest of the text, shortened a
 * character at a time until it fits with an ellipsis. */
static void fit_cut(const struct fitter *f, float limit /* width at 1 pt */, size_t max_lines, struct badge_fit *out) {
  float ell = pdf_text_width(f->doc, f->font, 1, "\xE2\x80\xA6");
  size_t a = 0;
  while (a < f->n && out->lines < max_lines) {
    size_t b = a + 1;
    while (b < f->n && line_w(f, a, b + 1) <= limit) b++;
    int last = out->lines + 1 == max_lines;
    if (line_w(f, a, b) <= limit && (b == f->n || !last)) {
      set_line(out, f, f->p[a].start, f->p[b - 1].end, 0);
      a = b;
      continue;
    }
    size_t start = f->p[a].start, end = f->len;
    while (end > start) {
      do end--;
      while (end > start && ((unsigned char)f->text[end] & 0xC0) == 0x80);
      if (span_w(f, start, end) + ell <= limit) break;
    }
    set_line(out, f, start, end, 1);
    out->cut = true;
    return;
  }
}

void badge_fit_text(struct pdf_doc *doc, const struct badge_fit_box *box, const char *text, struct badge_fit *out) {
  out->size = 0;
  out->lines = 0;
  out->cut = false;
  if (!doc || !box || box->width <= 0 || box->max_size <= 0) return;
  static _Thread_local struct fitter f; /* 8 KB: kept off the stack, one per thread */
  fitter_init(&f, doc, box->font, text);
  if (f.n == 0) return;
  float leading = box->leading > 0 ? box->leading : 1.15f;
  size_t max_lines = box->max_lines < 1                     ? 1
                     : box->max_lines > BADGE_FIT_MAX_LINES ? BADGE_FIT_MAX_LINES
                                                            : box->max_lines;
  size_t brk[BADGE_FIT_MAX_LINES + 1], b[BADGE_FIT_MAX_LINES + 1], k = 1;
  float size = 0;
  for (size_t lines = 1; lines <= max_lines && lines <= f.n; lines++) {
    float s = fminf(box->max_size, box->width / best_split(&f, lines, b));
    if (box->height > 0) s = fminf(s, box->height / block_h1(&f, lines, leading));
    if (s > size) {
      size = s, k = lines;
      memcpy(brk, b, sizeof b);
    }
    if (s >= box->min_size) break; /* the fewest lines that reach the minimum size */
  }
  if (size < box->floor_size) {
    size = box->floor_size;
    size_t fit_lines = max_lines;
    while (fit_lines > 1 && box->height > 0 && block_h1(&f, fit_lines, leading) * size > box->height) fit_lines--;
    out->size = size;
    fit_cut(&f, box->width / size, fit_lines, out);
  } else {
    if (size >= 1) size = floorf(size * 4) / 4; /* a quarter-point size: shorter to write, never larger */
    out->size = size;
    for (size_t i = 0; i < k; i++) set_line(out, &f, f.p[brk[i]].start, f.p[brk[i + 1] - 1].end, 0);
  }
  /* the widths again, measured as drawn: never wider than the box, whatever float rounding did */
  for (int pass = 0; pass < 2; pass++) {
    float widest = 0;
    for (size_t i = 0; i < out->lines; i++) {
      out->width[i] = pdf_text_width(doc, box->font, out->size, out->text[i]);
      widest = fmaxf(widest, out->width[i]);
    }
    if (widest <= box->width) break;
    out->size *= box->width / widest * 0.999f;
  }
}

/* Height of a fitted block drawn with that leading. */
static float fit_height(struct pdf_doc *doc, const struct badge_fit_box *box, const struct badge_fit *fit) {
  if (!fit->lines) return 0;
  float leading = box->leading > 0 ? box->leading : 1.15f;
  return pdf_font_ascent(doc, box->font, fit->size) - pdf_font_descent(doc, box->font, fit->size) +
         (float)(fit->lines - 1) * leading * fit->size;
}

/* Draws a fitted block whose top (first line's ascent) is at y_top; x is the left edge or, when
 * centred, the centre. Returns the block's bottom. */
static float draw_fit(struct pdf_page *page, struct pdf_doc *doc, const struct badge_fit_box *box,
                      const struct badge_fit *fit, struct pdf_rgb color, float x, float y_top, int centred) {
  if (!fit->lines) return y_top;
  float leading = box->leading > 0 ? box->leading : 1.15f;
  float y = y_top - pdf_font_ascent(doc, box->font, fit->size);
  for (size_t i = 0; i < fit->lines; i++, y -= leading * fit->size) {
    text_at(page, box->font, fit->size, color, centred ? x - fit->width[i] / 2 : x, y, fit->text[i]);
  }
  return y_top - fit_height(doc, box, fit);
}

/* ---- one badge ----------------------------------------------------------------------------- */

struct render {
  struct pdf_doc *doc;
  struct pdf_page *page;
  const struct spec *s;
  const struct badge_event *ev;
  char event_line[512]; /* "dates · city" */
  /* QR side by token length (all-alphanumeric tokens of one length share a QR version) */
  size_t qr_len;
  float qr_side;
  int failed;
};

/* Side of the QR box of a token at the layout's module. Encoding a code only to learn its size
 * is as slow as drawing it, so the side is kept per token length: base32 tokens of one length
 * all take the same QR version. Other texts are measured each time. */
static float qr_side(struct render *r, const char *token) {
  size_t n = strlen(token);
  if (strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != n) return pdf_qr_size(token, r->s->module);
  if (n != r->qr_len || r->qr_side <= 0) r->qr_len = n, r->qr_side = pdf_qr_size(token, r->s->module);
  return r->qr_side;
}

static int has(const char *s) { return s && *s; }

/* The QR box (lower-left corner bx, by; side S) and the code centred under its symbol. */
static void draw_qr(struct render *r, const struct badge *b, float bx, float by, float side) {
  const struct spec *s = r->s;
  if (has(b->token) && pdf_qr(r->page, b->token, bx, by, s->module) <= 0) r->failed = 1;
  if (has(b->code)) {
    float cy = by - 1 - 0.72f * s->code_size; /* capitals end 1 pt under the quiet zone */
    float w = pdf_text_width(r->doc, PDF_BOLD, s->code_size, b->code);
    text_at(r->page, PDF_BOLD, s->code_size, INK, bx + (side - w) / 2, cy, b->code);
  }
}

static void draw_band(struct render *r, const struct badge *b, float ox, float oy) {
  const struct spec *s = r->s;
  float x0 = snap(ox), x1 = snap(ox + s->w);
  pdf_fill_rect(r->page, b->band, x0, snap(oy), x1 - x0, snap(oy + s->band_h) - snap(oy));
  if (!has(b->role_label)) return;
  struct badge_fit_box box = {PDF_BOLD, s->w - 2 * s->margin, 0, 0, s->role_size, s->role_size * 0.6f, 5, 1};
  struct badge_fit fit;
  badge_fit_text(r->doc, &box, b->role_label, &fit);
  if (!fit.lines) return;
  float cap = 0.72f * fit.size; /* capital height of the family (Lato 0.72, DejaVu 0.73) */
  text_at(r->page, PDF_BOLD, fit.size, WHITE, ox + (s->w - fit.width[0]) / 2, oy + (s->band_h - cap) / 2, fit.text[0]);
}

/* Event lines (short title, then dates · city) in a column; returns their bottom. With `inline`,
 * both go on one line when they fit (the title in bold, then the rest in grey). */
static float draw_event(struct render *r, float x, float y_top, float width, int centred, int inline_) {
  const struct spec *s = r->s;
  const char *title = s->portrait && has(r->ev->title) ? r->ev->title : r->ev->short_title;
  if (inline_ && has(title) && r->event_line[0]) {
    float wt = pdf_text_width(r->doc, PDF_BOLD, s->head_size, title), gap = s->head_size * 0.8f;
    float we = pdf_text_width(r->doc, PDF_REGULAR, s->sub_size, r->event_line);
    if (wt + gap + we <= width) {
      float base = y_top - pdf_font_ascent(r->doc, PDF_BOLD, s->head_size);
      text_at(r->page, PDF_BOLD, s->head_size, INK, x, base, title);
      text_at(r->page, PDF_REGULAR, s->sub_size, MUTED, x + wt + gap, base, r->event_line);
      return base + pdf_font_descent(r->doc, PDF_BOLD, s->head_size);
    }
  }
  struct badge_fit_box head = {PDF_BOLD,           width, 0, 1.2f, s->head_size, s->head_size, s->head_size * 0.8f,
                               s->portrait ? 3 : 1};
  struct badge_fit_box sub = {PDF_REGULAR, width, 0, 1.2f, s->sub_size, s->sub_size, s->sub_size * 0.85f, 1};
  struct badge_fit fit;
  float y = y_top;
  if (has(title)) {
    badge_fit_text(r->doc, &head, title, &fit);
    y = draw_fit(r->page, r->doc, &head, &fit, INK, x, y, centred) - s->sub_size * 0.25f;
  }
  if (r->event_line[0]) {
    badge_fit_text(r->doc, &sub, r->event_line, &fit);
    y = draw_fit(r->page, r->doc, &sub, &fit, MUTED, x, y, centred);
  }
  return y;
}

/* The person: name, organization, post, fitted into a region of the given width and height and
 * centred in it vertically (a little above the middle). */
static void draw_person(struct render *r, const struct badge *b, float x, float top, float bottom, float width,
                        int centred) {
  const struct spec *s = r->s;
  float gap_name = s->name_max * 0.25f, gap_org = s->org_min * 0.3f;
  struct badge_fit_box org = {PDF_REGULAR, width, 0, 1.18f, s->org_max, s->org_max, s->org_min, 3};
  struct badge_fit_box pos = {PDF_REGULAR, width, 0, 1.18f, s->pos_max, s->pos_max, s->pos_min, 2};
  struct badge_fit fo, fp, fn;
  badge_fit_text(r->doc, &org, b->organization, &fo);
  badge_fit_text(r->doc, &pos, b->position, &fp);
  float ho = fit_height(r->doc, &org, &fo), hp = fit_height(r->doc, &pos, &fp);
  float rest = (top - bottom) - ho - hp - (fo.lines ? gap_name : 0) - (fp.lines ? gap_org : 0);
  struct badge_fit_box name = {PDF_BOLD, width, rest, 1.08f, s->name_max, s->name_min, 4, 2};
  badge_fit_text(r->doc, &name, b->full_name, &fn);
  float hn = fit_height(r->doc, &name, &fn);
  float total = hn + ho + hp + (fo.lines ? gap_name : 0) + (fp.lines ? gap_org : 0);
  float y = top - fmaxf(0, (top - bottom) - total) * 0.3f;
  y = draw_fit(r->page, r->doc, &name, &fn, INK, x, y, centred);
  if (fo.lines) y = draw_fit(r->page, r->doc, &org, &fo, INK, x, y - gap_name, centred);
  if (fp.lines) draw_fit(r->page, r->doc, &pos, &fp, MUTED, x, y - gap_org, centred);
}

/* Card: landscape, QR at the top right (or below a full-width name), band along the bottom. */
static void draw_card(struct render *r, const struct badge *b, float ox, float oy) {
  const struct spec *s = r->s;
  float m = s->margin, q = 4 * s->module;
  float side = has(b->token) ? qr_side(r, b->token) : 0;
  float code_h = has(b->code) ? s->code_size * 1.3f : 0;
  /* the symbol's top-right corner on the margins (the quiet zone lies in the margin) */
  float bx = ox + s->w - m + q - side;
  float by = s->name_full ? oy + s->band_h + MM(2) + code_h : oy + s->h - s->top + q - side;
  float col_right = side > 0 ? bx + q - MM(4) : ox + s->w - m; /* text column: 4 mm short of the symbol */
  bx = roundf(bx), by = roundf(by);
  draw_band(r, b, ox, oy);
  draw_qr(r, b, bx, by, side);
  float x = ox + m, top = oy + s->h - s->top;
  if (!s->name_full) {
    float y = draw_event(r, x, top, col_right - x, 0, 0) - MM(3);
    draw_person(r, b, x, y, oy + s->band_h + MM(2.5f), col_right - x, 0);
    return;
  }
  /* 70 mm card: event across the top, name across the full width above the QR, organization and
   * post in the column left of the QR (top-aligned with its symbol) */
  float y = draw_event(r, x, top, s->w - 2 * m, 0, 1) - MM(2);
  float qr_top = side > 0 ? by + side : by;
  struct badge_fit_box name = {PDF_BOLD, s->w - 2 * m, y - qr_top - MM(1), 1.08f, s->name_max, s->name_min, 4, 2};
  struct badge_fit fn;
  badge_fit_text(r->doc, &name, b->full_name, &fn);
  float hn = fit_height(r->doc, &name, &fn);
  draw_fit(r->page, r->doc, &name, &fn, INK, x, y - fmaxf(0, y - qr_top - MM(1) - hn) * 0.45f, 0);
  struct badge_fit_box org = {PDF_REGULAR, col_right - x, 0, 1.18f, s->org_max, s->org_max, s->org_min, 3};
  struct badge_fit_box pos = {PDF_REGULAR, col_right - x, 0, 1.18f, s->pos_max, s->pos_max, s->pos_min, 2};
  struct badge_fit fo, fp;
  badge_fit_text(r->doc, &org, b->organization, &fo);
  badge_fit_text(r->doc, &pos, b->position, &fp);
  float yo = qr_top - (side > 0 ? q : MM(1));
  yo = draw_fit(r->page, r->doc, &org, &fo, INK, x, yo, 0);
  if (fp.lines) draw_fit(r->page, r->doc, &pos, &fp, MUTED, x, yo - (fo.lines ? s->org_min * 0.4f : 0), 0);
}

/* Holder badge: portrait, centred; the top margin is left clear for the holder's slot. */
static void draw_portrait(struct render *r, const struct badge *b, float ox, float oy) {
  const struct spec *s = r->s;
  float m = s->margin, cx = ox + s->w / 2, width = s->w - 2 * m;
  float side = has(b->token) ? qr_side(r, b->token) : 0;
  float code_h = has(b->code) ? s->code_size * 1.3f : 0;
  float bx = roundf(cx - side / 2), by = roundf(oy + s->band_h + MM(3) + code_h);
  draw_band(r, b, ox, oy);
  draw_qr(r, b, bx, by, side);
  float y = draw_event(r, cx, oy + s->h - s->top, width, 1, 0) - MM(3);
  pdf_fill_rect(r->page, b->band, snap(cx - MM(12)), snap(y), snap(MM(24)), 1.5f); /* a short rule in the role colour */
  draw_person(r, b, cx, y - MM(5), (side > 0 ? by + side : by) + MM(1), width, 1);
}

/* Cut marks around a sheet's grid, in the margins only: at every column and row line. */
static void draw_cut_marks(struct pdf_page *page, float gx, float gy, float w, float h, int cols, int rows) {
  float gap = MM(1.5f), len = fminf(MM(5), fminf(gx, gy) - gap - MM(1));
  float top = gy + (float)rows * h, right = gx + (float)cols * w;
  gap = snap(gap), len = snap(len), top = snap(top), right = snap(right);
  float left = snap(gx), bottom = snap(gy);
  for (int c = 0; c <= cols; c++) {
    float x = snap(gx + (float)c * w); /* the same rounding as the badges' own edges */
    pdf_line(page, CUT, 0.3f, x, top + gap, x, top + gap + len);
    pdf_line(page, CUT, 0.3f, x, bottom - gap, x, bottom - gap - len);
  }
  for (int i = 0; i <= rows; i++) {
    float y = snap(gy + (float)i * h);
    pdf_line(page, CUT, 0.3f, left - gap, y, left - gap - len, y);
    pdf_line(page, CUT, 0.3f, right + gap, y, right + gap + len, y);
  }
}

int badges_render(const struct badge_event *ev, const struct badge *list, size_t n, enum badge_layout layout,
                  time_t created, unsigned char **pdf, size_t *len) {
  if (pdf) *pdf = NULL;
  if (len) *len = 0;
  if (!ev || !list || n == 0 || !pdf || !len || (unsigned)layout > BADGE_CR80) return -1;
  struct render r;
  memset(&r, 0, sizeof r);
  r.s = &SPECS[layout];
  r.ev = ev;
  r.doc = pdf_new();
  if (!r.doc) return -1;
  snprintf(r.event_line, sizeof r.event_line, "%s%s%s", has(ev->dates_text) ? ev->dates_text : "",
           has(ev->dates_text) && has(ev->city) ? " · " : "", has(ev->city) ? ev->city : "");
  char title[256];
  snprintf(title, sizeof title, "Credenciales%s%s", has(ev->short_title) ? " — " : "",
           has(ev->short_title) ? ev->short_title : "");
  pdf_set_info(r.doc, title, "asamblea", "Credenciales con código QR de registro", created);
  pdf_set_language(r.doc, "es-EC");

  const struct sheet *sh = &SHEETS[layout];
  int per = sh->cols * sh->rows, sheet = per > 1;
  float pw = sheet ? PDF_A4_W : r.s->w, ph = sheet ? PDF_A4_H : r.s->h;
  float gx = (pw - (float)sh->cols * r.s->w) / 2, gy = (ph - (float)sh->rows * r.s->h) / 2;
  for (size_t i = 0; i < n && !r.failed; i++) {
    int k = (int)(i % (size_t)per);
    if (k == 0) {
      r.page = pdf_add_page(r.doc, pw, ph);
      if (!r.page) {
        r.failed = 1;
        break;
      }
      if (sheet) draw_cut_marks(r.page, gx, gy, r.s->w, r.s->h, sh->cols, sh->rows);
    }
    float ox = gx + (float)(k % sh->cols) * r.s->w;
    float oy = gy + (float)(sh->rows - 1 - k / sh->cols) * r.s->h;
    if (r.s->portrait) draw_portrait(&r, &list[i], ox, oy);
    else draw_card(&r, &list[i], ox, oy);
  }
  int rc = r.failed ? -1 : pdf_save(r.doc, pdf, len);
  pdf_free(r.doc);
  if (rc != 0) {
    free(*pdf);
    *pdf = NULL;
    *len = 0;
    return -1;
  }
  return 0;
}

bool badge_geometry(enum badge_layout layout, struct badge_geometry *g) {
  if ((unsigned)layout > BADGE_CR80 || !g) return false;
  const struct spec *s = &SPECS[layout];
  const struct sheet *sh = &SHEETS[layout];
  int sheet = sh->cols * sh->rows > 1;
  g->page_w = sheet ? PDF_A4_W : s->w;
  g->page_h = sheet ? PDF_A4_H : s->h;
  g->cols = sh->cols, g->rows = sh->rows;
  g->grid_x = (g->page_w - (float)sh->cols * s->w) / 2;
  g->grid_y = (g->page_h - (float)sh->rows * s->h) / 2;
  g->w = s->w, g->h = s->h, g->margin = s->margin;
  g->name_x = s->margin;
  if (s->portrait || s->name_full) {
    g->name_w = s->w - 2 * s->margin;
  } else { /* the column left of the QR of a 120-character token (version 5: 37 modules + quiet zone) */
    float side = 45 * s->module, q = 4 * s->module;
    g->name_w = (s->w - s->margin + q - side) + q - MM(4) - s->margin;
  }
  return true;
}
