/* para.c — one paragraph broken into lines and its words placed: the heart of justified text.
 *
 * The text is cut into words at spaces; a word is one or more runs (a change of face inside a
 * word, "**Nabón**,", makes two). Widths come from the face tables of fonts.c, the same numbers
 * libharu writes into the PDF, so a justified line ends exactly at the right margin. Lines are
 * filled first-fit; a word wider than a whole line is cut between letters into pieces that each
 * fill a line. Justified lines get equal gaps between words, and the last word is set flush
 * right by construction (x = width − its width), so rounding can never leave a ragged edge. */
#include <string.h>

#include "pdf/layout.h"
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
  size_t *run_off;    /* offset of each run's text in buf */
  size_t cap_off;
  int in_word;        /* a word is open */
  int in_run;         /* the last run of the open word is open (accepting letters) */
  enum pdf_font font; /* face of the open run */
  unsigned long units;/* advance of the open run, 1/1000 em */
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

static void close_word(struct builder *b, bool brk) {
  if (!b->in_word) return;
  close_run(b);
  b->p->words[b->p->nwords - 1].brk = brk;
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

static void place_words(struct layout_para *p, enum layout_align align) {
  for (size_t li = 0; li < p->nlines; li++) {
    struct layout_line *l = &p->lines[li];
    struct layout_word *w = p->words + l->first_word;
    bool last = li + 1 == p->nlines || w[l->nwords - 1].brk;
    if (align == LAYOUT_JUSTIFY && !last && l->nwords >= 2) {
      float sum = 0;
      for (size_t k = 0; k < l->nwords; k++) sum += w[k].width;
      float gap = (p->width - sum) / (float)(l->nwords - 1);
      float x = 0;
      for (size_t k = 0; k + 1 < l->nwords; k++) {
        w[k].x = x;
        x += w[k].width + gap;
      }
      w[l->nwords - 1].x = p->width - w[l->nwords - 1].width;
      l->justified = true;
      continue;
    }
    float x = align == LAYOUT_CENTER ? (p->width - l->natural) / 2 : align == LAYOUT_RIGHT ? p->width - l->natural : 0;
    for (size_t k = 0; k < l->nwords; k++) {
      w[k].x = x;
      x += w[k].width + p->space;
    }
  }
}

size_t layout_para_wrap(struct layout_para *para, struct pdf_doc *doc, const char *text, enum pdf_font base,
                        float size, float width, enum layout_align align, unsigned flags) {
  memset(para, 0, sizeof *para);
  para->size = size;
  para->width = width > 1 ? width : 1;
  para->space = (float)pdf_advance(doc, base, ' ') * size / 1000.0f;
  if (!text) return 0;
  size_t len = strlen(text);
  struct builder b = {.p = para, .doc = doc};
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
  for (size_t i = 0; i < para->nruns; i++) para->runs[i].text = para->buf + b.run_off[i];
  free(b.run_off);
  break_lines(para);
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
    if (k) *o++ = ' ';
    for (size_t r = 0; r < w->nruns; r++) {
      size_t m = strlen(p->runs[w->first_run + r].text);
      memcpy(o, p->runs[w->first_run + r].text, m);
      o += m;
    }
  }
  *o = 0;
  return out;
}

void layout_para_draw_line(const struct layout_para *p, size_t line, struct pdf_page *page, float x, float y,
                           struct pdf_rgb color) {
  if (line >= p->nlines) return;
  const struct layout_line *l = &p->lines[line];
  char small[256];
  for (size_t k = 0; k < l->nwords; k++) {
    const struct layout_word *w = &p->words[l->first_word + k];
    float wx = x + w->x;
    for (size_t r = 0; r < w->nruns; r++) {
      const struct layout_run *run = &p->runs[w->first_run + r];
      /* a space glyph after every word but the line's last, so that text extraction sees the gap */
      if (r + 1 == w->nruns && k + 1 < l->nwords && !w->brk) {
        size_t n = strlen(run->text);
        char *t = n + 2 <= sizeof small ? small : pdf_xmalloc(n + 2);
        memcpy(t, run->text, n);
        t[n] = ' ';
        t[n + 1] = 0;
        pdf_show(page, run->font, p->size, color, wx, y, t);
        if (t != small) free(t);
      } else {
        pdf_show(page, run->font, p->size, color, wx, y, run->text);
      }
      wx += run->width;
    }
  }
}

float layout_para_draw(const struct layout_para *p, struct pdf_page *page, float x, float y, float leading,
                       struct pdf_rgb color) {
  for (size_t li = 0; li < p->nlines; li++, y -= leading) layout_para_draw_line(p, li, page, x, y, color);
  pdf_end_text(page);
  return y;
}
