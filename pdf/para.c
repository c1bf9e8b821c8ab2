/* para.c — one paragraph broken into lines and its words placed: the heart of justified text.
 *
 * The text is cut into words at spaces; a word is one or more runs (a change of face inside a
 * word, "**Nabón**,", makes two). Widths come from the face tables of fonts.c, the same numbers
 * libharu writes into the PDF, so a justified line ends exactly at the right margin. A word wider
 * than a whole line is cut between letters into pieces that each fill a line. Ragged text is
 * filled first-fit. Justified text is hyphenated (hyphenate.h: the word becomes pieces "joined"
 * without a space) and broken by total fit (break.c). Justified lines get equal gaps between
 * words, and the last word is set flush right by construction (x = width − its width), so
 * rounding can never leave a ragged edge. */
#include <string.h>

#include "pdf/actual_text.h"
#include "pdf/hyphenate.h"
#include "pdf/layout.h"
#include "pdf/linebreak.h"
#include "pdf/pdf_internal.h"

static enum pdf_font bold_of(enum pdf_font f) {
  return f == PDF_ITALIC || f == PDF_BOLD_ITALIC ? PDF_BOLD_ITALIC : PDF_BOLD;
}

/* Appends bytes to the text buffer; returns their offset. */
static size_t buf_put(struct layout_para *p, const char *s, size_t n) {
  pdf_grow((void **)&p->buf, &p->buf_cap, p->buf_len + n + 1, 1);
  size_t off = p->buf_len;
  memcpy(p->buf + off, s, n);
  p->buf_len += n;
  return off;
}

/* The paragraph under construction: runs hold offsets into buf until the end (buf moves). */
struct builder {
  struct layout_para *p;
  struct pdf_doc *doc;
  size_t *run_off; /* offset of each run's text in buf */
  size_t cap_off;
  int in_word;         /* a word is open */
  int in_run;          /* the last run of the open word is open (accepting letters) */
  enum pdf_font font;  /* face of the open run */
  unsigned long units; /* advance of the open run, 1/1000 em */
  bool hyphenate;      /* split words at their hyphenation points */
};

static void close_run(struct builder *b) {
  if (!b->in_run) return;
  struct layout_para *p = b->p;
  struct layout_run *r = &p->runs[p->nruns - 1];
  buf_put(p, "", 1); /* NUL */
  r->width = (float)b->units * p->size / 1000.0f;
  p->words[p->nwords - 1].width += r->width;
  b->in_run = 0;
}

static void open_word(struct builder *b);
static void open_run(struct builder *b, enum pdf_font font);

/* Advance of clean UTF-8 text[0..len) in 1/1000 em, letter by letter as add_letter counts it. */
static unsigned long advance_of(struct pdf_doc *doc, enum pdf_font font, const char *text, size_t len) {
  unsigned long units = 0;
  const char *p = text, *end = text + len;
  while (p < end) units += pdf_advance(doc, font, pdf_utf8_next(&p, end));
  return units;
}

/* Replaces the word just closed, when it may be hyphenated, by its pieces between hyphenation
 * points, each joined to the next; a piece keeps the faces of the letters it holds. */
static void split_at_hyphens(struct builder *b) {
  struct layout_para *p = b->p;
  struct layout_word *w = &p->words[p->nwords - 1];
  size_t first_run = w->first_run, nruns = w->nruns, off = b->run_off[first_run];
  /* the runs lie one after the other in buf, each with its NUL: the word's letters without them */
  enum pdf_font fonts[8];
  size_t run_end[8]; /* in word */
  if (nruns > sizeof fonts / sizeof *fonts) return;
  size_t len = 0;
  char *word = pdf_xmalloc(p->buf_len - off);
  for (size_t r = 0; r < nruns; r++) {
    const char *t = p->buf + b->run_off[first_run + r];
    size_t m = strlen(t);
    memcpy(word + len, t, m);
    len += m;
    run_end[r] = len;
    fonts[r] = p->runs[first_run + r].font;
  }
  size_t cuts[HYPHEN_MAX_CUTS];
  size_t n = hyphen_points(word, len, cuts);
  if (n) {
    p->buf_len = off;
    p->nruns = first_run;
    p->nwords--;
    for (size_t k = 0, from = 0; k <= n; k++) {
      size_t to = k < n ? cuts[k] : len;
      open_word(b);
      for (size_t r = 0, run_from = 0; r < nruns; run_from = run_end[r++]) {
        size_t a = from > run_from ? from : run_from, z = to < run_end[r] ? to : run_end[r];
        if (a >= z) continue;
        open_run(b, fonts[r]);
        buf_put(p, word + a, z - a);
        b->units = advance_of(b->doc, fonts[r], word + a, z - a);
        close_run(b);
      }
      p->words[p->nwords - 1].joined = k < n;
      from = to;
    }
  }
  free(word);
}

static void close_word(struct builder *b, bool brk) {
  if (!b->in_word) return;
  close_run(b);
  b->p->words[b->p->nwords - 1].brk = brk;
  if (!brk && b->hyphenate) split_at_hyphens(b);
  b->in_word = 0;
}

static void open_word(struct builder *b) {
  struct layout_para *p = b->p;
  pdf_grow((void **)&p->words, &p->cap_words, p->nwords + 1, sizeof *p->words);
  struct layout_word *w = &p->words[p->nwords++];
  memset(w, 0, sizeof *w);
  w->first_run = p->nruns;
  b->in_word = 1;
}

static void open_run(struct builder *b, enum pdf_font font) {
  struct layout_para *p = b->p;
  pdf_grow((void **)&p->runs, &p->cap_runs, p->nruns + 1, sizeof *p->runs);
  size_t cap = b->cap_off;
  pdf_grow((void **)&b->run_off, &cap, p->nruns + 1, sizeof *b->run_off);
  b->cap_off = cap;
  struct layout_run *r = &p->runs[p->nruns];
  memset(r, 0, sizeof *r);
  r->font = font;
  b->run_off[p->nruns] = p->buf_len;
  p->nruns++;
  p->words[p->nwords - 1].nruns++;
  b->in_run = 1;
  b->font = font;
  b->units = 0;
}

/* Adds one letter to the open word in `font`, cutting the word when it would outgrow a line. */
static void add_letter(struct builder *b, enum pdf_font font, uint32_t cp) {
  struct layout_para *p = b->p;
  unsigned adv = pdf_advance(b->doc, font, cp);
  float wpt = (float)adv * p->size / 1000.0f;
  if (b->in_word) {
    struct layout_word *w = &p->words[p->nwords - 1];
    float cur = w->width + (b->in_run ? (float)b->units * p->size / 1000.0f : 0);
    if (cur > 0 && cur + wpt > p->width + 1e-3f) { /* too long for any line: cut here */
      close_word(b, true);
    }
  }
  if (!b->in_word) open_word(b);
  if (!b->in_run || b->font != font) {
    close_run(b);
    open_run(b, font);
  }
  char enc[4];
  size_t n = pdf_utf8_put(enc, cp);
  buf_put(p, enc, n);
  b->units += adv;
}

/* Position of the "**" that has no partner (the last of an odd count), or NULL. */
static const char *unpaired_marker(const char *text, size_t len) {
  size_t count = 0;
  const char *last = NULL;
  for (size_t i = 0; i + 1 < len; i++)
    if (text[i] == '*' && text[i + 1] == '*') {
      count++;
      last = text + i;
      i++;
    }
  return count % 2 ? last : NULL;
}

static void break_lines(struct layout_para *p) {
  size_t i = 0;
  while (i < p->nwords) {
    size_t start = i;
    float w = p->words[i].width;
    i++;
    while (i < p->nwords && !p->words[i - 1].brk && w + p->space + p->words[i].width <= p->width + 1e-3f) {
      w += p->space + p->words[i].width;
      i++;
    }
    pdf_grow((void **)&p->lines, &p->cap_lines, p->nlines + 1, sizeof *p->lines);
    struct layout_line *l = &p->lines[p->nlines++];
    l->first_word = start;
    l->nwords = i - start;
    l->natural = w;
    l->justified = false;
  }
}

/* Draws the hyphen of each line that ends inside a word: appended to its last piece's text and
 * width, and to the line's natural width. */
static void add_hyphens(struct builder *b) {
  struct layout_para *p = b->p;
  for (size_t li = 0; li < p->nlines; li++) {
    struct layout_line *l = &p->lines[li];
    struct layout_word *w = &p->words[l->first_word + l->nwords - 1];
    if (!w->hyphen) continue;
    struct layout_run *r = &p->runs[w->first_run + w->nruns - 1];
    size_t from = b->run_off[w->first_run + w->nruns - 1], len = strlen(p->buf + from);
    pdf_grow((void **)&p->buf, &p->buf_cap, p->buf_len + len + 2, 1); /* buf may move: copy after */
    b->run_off[w->first_run + w->nruns - 1] = buf_put(p, p->buf + from, len);
    buf_put(p, "-", 2); /* with its NUL */
    float hyphen = (float)pdf_advance(b->doc, r->font, '-') * p->size / 1000.0f;
    r->width += hyphen;
    w->width += hyphen;
    l->natural += hyphen;
  }
}

static void place_words(struct layout_para *p, enum layout_align align) {
  for (size_t li = 0; li < p->nlines; li++) {
    struct layout_line *l = &p->lines[li];
    struct layout_word *w = p->words + l->first_word;
    size_t glues = 0;
    for (size_t k = 0; k + 1 < l->nwords; k++) glues += !w[k].joined;
    bool last = li + 1 == p->nlines || w[l->nwords - 1].brk;
    float x = align == LAYOUT_CENTER ? (p->width - l->natural) / 2 : align == LAYOUT_RIGHT ? p->width - l->natural : 0;
    float gap = p->space;
    l->justified = align == LAYOUT_JUSTIFY && !last && glues;
    if (l->justified) {
      float sum = 0;
      for (size_t k = 0; k < l->nwords; k++) sum += w[k].width;
      gap = (p->width - sum) / (float)glues;
      x = 0;
    }
    for (size_t k = 0; k < l->nwords; k++) {
      w[k].x = x;
      x += w[k].width + (w[k].joined ? 0 : gap);
    }
    if (l->justified) { /* the last word flush right, its pieces before it */
      size_t k = l->nwords - 1;
      w[k].x = p->width - w[k].width;
      for (; k > 0 && w[k - 1].joined; k--) w[k - 1].x = w[k].x - w[k - 1].width;
    }
  }
}

size_t layout_para_wrap(struct layout_para *para, struct pdf_doc *doc, const char *text, enum pdf_font base, float size,
                        float width, enum layout_align align, unsigned flags) {
  memset(para, 0, sizeof *para);
  para->size = size;
  para->width = width > 1 ? width : 1;
  para->space = (float)pdf_advance(doc, base, ' ') * size / 1000.0f;
  if (!text) return 0;
  size_t len = strlen(text);
  struct builder b = {.p = para, .doc = doc, .hyphenate = align == LAYOUT_JUSTIFY};
  const char *odd = flags & LAYOUT_MARKUP ? unpaired_marker(text, len) : NULL;
  bool bold = false;
  const char *p = text, *end = text + len;
  while (p < end) {
    if ((flags & LAYOUT_MARKUP) && p[0] == '*' && p + 1 < end && p[1] == '*' && p != odd) {
      bold = !bold;
      p += 2;
      continue;
    }
    uint32_t cp = pdf_utf8_next(&p, end);
    if (!cp) continue;
    if (cp == '\n' && (flags & LAYOUT_HARD_NEWLINES)) {
      close_word(&b, true);
      continue;
    }
    if (cp == ' ' || cp == '\n' || cp == '\t') {
      close_word(&b, false);
      continue;
    }
    add_letter(&b, bold ? bold_of(base) : base, cp);
  }
  close_word(&b, false);
  if (align == LAYOUT_JUSTIFY) {
    linebreak_total_fit(para, doc);
    add_hyphens(&b);
  } else {
    break_lines(para);
  }
  for (size_t i = 0; i < para->nruns; i++) para->runs[i].text = para->buf + b.run_off[i];
  free(b.run_off);
  place_words(para, align);
  return para->nlines;
}

void layout_para_free(struct layout_para *para) {
  if (!para) return;
  free(para->runs);
  free(para->words);
  free(para->lines);
  free(para->buf);
  memset(para, 0, sizeof *para);
}

char *layout_line_text(const struct layout_para *p, size_t line) {
  if (line >= p->nlines) return pdf_xstrdup("");
  const struct layout_line *l = &p->lines[line];
  size_t n = 1;
  for (size_t k = 0; k < l->nwords; k++) {
    const struct layout_word *w = &p->words[l->first_word + k];
    for (size_t r = 0; r < w->nruns; r++) n += strlen(p->runs[w->first_run + r].text);
    n++;
  }
  char *out = pdf_xmalloc(n), *o = out;
  for (size_t k = 0; k < l->nwords; k++) {
    const struct layout_word *w = &p->words[l->first_word + k];
    if (k && !w[-1].joined) *o++ = ' ';
    for (size_t r = 0; r < w->nruns; r++) {
      size_t m = strlen(p->runs[w->first_run + r].text);
      memcpy(o, p->runs[w->first_run + r].text, m);
      o += m;
    }
  }
  *o = 0;
  return out;
}

/* The text of the whole word that words[k] is a piece of, without hyphen (new string). */
static char *whole_word(const struct layout_para *p, size_t k, size_t *len) {
  size_t first = k, last = k;
  while (first > 0 && p->words[first - 1].joined) first--;
  while (last + 1 < p->nwords && p->words[last].joined) last++;
  size_t n = 0;
  for (size_t i = first; i <= last; i++) n += strlen(p->runs[p->words[i].first_run].text);
  char *out = pdf_xmalloc(n + 1);
  *len = 0;
  for (size_t i = first; i <= last; i++) {
    const char *t = p->runs[p->words[i].first_run].text;
    size_t m = strlen(t) - (p->words[i].hyphen ? 1 : 0);
    memcpy(out + *len, t, m);
    *len += m;
  }
  out[*len] = 0;
  return out;
}

/* Opens the ActualText of the pieces of one word on this line, from piece k, when the word is
 * split across lines: the whole word where it starts, nothing where it continues. Returns whether
 * one was opened. */
static bool begin_split_word(const struct layout_para *p, const struct layout_line *l, size_t k,
                             struct pdf_page *page) {
  size_t at = l->first_word + k, end = at;
  if (k > 0 && p->words[at - 1].joined) return false; /* not the first piece on this line */
  while (end + 1 < l->first_word + l->nwords && p->words[end].joined) end++;
  bool continues = at > 0 && p->words[at - 1].joined, goes_on = p->words[end].hyphen;
  if (continues) {
    actual_text_begin(page, "", 0);
  } else if (goes_on) {
    size_t len;
    char *word = whole_word(p, at, &len);
    actual_text_begin(page, word, len);
    free(word);
  }
  return continues || goes_on;
}

/* Text waiting to be shown in one face from one position: the pieces of a hyphenated word on the
 * same line are shown as one string, as the word was before it was split. */
struct pending {
  char *text;
  size_t len, cap;
  enum pdf_font font;
  float x;
};

static void pending_show(struct pending *t, struct pdf_page *page, float size, struct pdf_rgb color, float y) {
  if (!t->len) return;
  t->text[t->len] = 0;
  pdf_show(page, t->font, size, color, t->x, y, t->text);
  t->len = 0;
}

static void pending_add(struct pending *t, enum pdf_font font, float x, const char *text, size_t n) {
  if (!t->len) {
    t->font = font;
    t->x = x;
  }
  pdf_grow((void **)&t->text, &t->cap, t->len + n + 1, 1);
  memcpy(t->text + t->len, text, n);
  t->len += n;
}

void layout_para_draw_line(const struct layout_para *p, size_t line, struct pdf_page *page, float x, float y,
                           struct pdf_rgb color) {
  if (line >= p->nlines) return;
  const struct layout_line *l = &p->lines[line];
  struct pending t = {0};
  bool split = false; /* inside the ActualText of a split word */
  for (size_t k = 0; k < l->nwords; k++) {
    const struct layout_word *w = &p->words[l->first_word + k];
    if (!split) split = begin_split_word(p, l, k, page);
    float wx = x + w->x;
    /* a space glyph after every word but the line's last, so that text extraction sees the gap */
    bool space = k + 1 < l->nwords && !w->brk && !w->joined;
    for (size_t r = 0; r < w->nruns; r++) {
      const struct layout_run *run = &p->runs[w->first_run + r];
      if (t.len && t.font != run->font) pending_show(&t, page, p->size, color, y);
      pending_add(&t, run->font, wx, run->text, strlen(run->text));
      wx += run->width;
      bool last_run = r + 1 == w->nruns;
      if (last_run && space && !split) pending_add(&t, run->font, wx, " ", 1);
      if (!last_run || !w->joined || k + 1 == l->nwords) pending_show(&t, page, p->size, color, y);
    }
    if (split && !w->joined) { /* the word's last piece: its space stays outside */
      actual_text_end(page);
      split = false;
      if (space) pdf_show(page, p->runs[w->first_run + w->nruns - 1].font, p->size, color, wx, y, " ");
    }
  }
  if (split) actual_text_end(page);
  free(t.text);
}

float layout_para_draw(const struct layout_para *p, struct pdf_page *page, float x, float y, float leading,
                       struct pdf_rgb color) {
  for (size_t li = 0; li < p->nlines; li++, y -= leading) layout_para_draw_line(p, li, page, x, y, color);
  pdf_end_text(page);
  return y;
}
