/* linebreak.c — linebreak.h: Knuth–Plass over the words of one paragraph.
 *
 * Boxes are the words (or the pieces of a hyphenated word), glue the spaces between them: a space
 * may stretch by half its width and never shrinks (a justified gap is at least a natural space).
 * A line's badness is 100·r³ for a stretch ratio r, at most MAX_BADNESS; a gap above twice a
 * natural space (r > 2) costs TOO_LOOSE·r more, so that a hyphenation or another break is always
 * preferred to it when one exists, and among loose lines the least loose wins (a word alone on a
 * line counts as one gap). Demerits per line: (LINE_PENALTY + badness)² + HYPHEN_PENALTY² at a
 * hyphen, DOUBLE_HYPHEN when the line before ended with one too, FINAL_HYPHEN when the paragraph's
 * last line is the end of a hyphenated word. The last line (and a line ended by '\n') is ragged:
 * badness 0 when it fits. Dynamic programming over break positions, with the previous line's
 * hyphen as state; O(words × words per line). */
#include "pdf/linebreak.h"

#include <math.h>
#include <string.h>

#include "pdf/pdf_internal.h"

#define STRETCH 0.5         /* of a natural space */
#define MAX_RATIO 2.0       /* beyond it a gap is wider than twice a natural space */
#define MAX_BADNESS 10000.0 /* as TeX: beyond it every loose line is as bad */
#define TOO_LOOSE 1e6
#define LINE_PENALTY 10.0
#define HYPHEN_PENALTY 50.0
#define DOUBLE_HYPHEN 3000.0
#define FINAL_HYPHEN 5000.0 /* the line before the last ends with a hyphen */
#define EPS 1e-3f

struct node {
  double demerits; /* least total for the paragraph up to this break; HUGE_VAL: unreachable */
  size_t prev;     /* break before the line that ends here (words consumed) */
  int prev_hyphen;
};

static double badness(float width, float line_width, size_t glues, float space) {
  /* one word alone that does not fill the line counts as if it had one gap to stretch */
  double r = (double)(width - line_width) / ((double)(glues ? glues : 1) * space * STRETCH);
  if (r < 0) r = 0;
  double b = fmin(100.0 * r * r * r, MAX_BADNESS);
  return r > MAX_RATIO || !glues ? b + TOO_LOOSE * r : b;
}

void linebreak_total_fit(struct layout_para *p, struct pdf_doc *doc) {
  size_t n = p->nwords;
  if (!n) return;
  struct node *nodes = pdf_xmalloc((n + 1) * 2 * sizeof *nodes); /* [words consumed][hyphen] */
  for (size_t i = 0; i < (n + 1) * 2; i++) nodes[i] = (struct node){HUGE_VAL, 0, 0};
  nodes[0].demerits = 0;
  for (size_t a = 0; a < n; a++)
    for (int h = 0; h < 2; h++) {
      const struct node *from = &nodes[a * 2 + h];
      if (from->demerits == HUGE_VAL) continue;
      float natural = 0;
      size_t glues = 0;
      for (size_t b = a; b < n; b++) {
        const struct layout_word *w = &p->words[b];
        if (b > a && !p->words[b - 1].joined) {
          natural += p->space;
          glues++;
        }
        natural += w->width;
        if (b > a && natural > p->width + EPS) break; /* longer lines only grow */
        bool last = b + 1 == n || w->brk;
        int hyphen = w->joined && !last;
        float line_width = natural;
        if (hyphen) line_width += (float)pdf_advance(doc, p->runs[w->first_run].font, '-') * p->size / 1000.0f;
        if (line_width <= p->width + EPS || b == a) {
          double bad = last ? 0 : badness(p->width, line_width, glues, p->space);
          double d = from->demerits + (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
          if (hyphen) d += HYPHEN_PENALTY * HYPHEN_PENALTY + (h ? DOUBLE_HYPHEN : 0);
          if (last && h && b + 1 == n) d += FINAL_HYPHEN;
          struct node *to = &nodes[(b + 1) * 2 + hyphen];
          if (d < to->demerits) *to = (struct node){d, a, h};
        }
        if (last) break;
      }
    }
  /* walk back from the end: count the lines, then fill them in order */
  int h = nodes[n * 2 + 1].demerits < nodes[n * 2].demerits;
  size_t lines = 0;
  for (size_t at = n, hh = (size_t)h; at; lines++) {
    const struct node *nd = &nodes[at * 2 + hh];
    at = nd->prev;
    hh = (size_t)nd->prev_hyphen;
  }
  pdf_grow((void **)&p->lines, &p->cap_lines, lines, sizeof *p->lines);
  p->nlines = lines;
  for (size_t at = n, li = lines; at;) {
    const struct node *nd = &nodes[at * 2 + (size_t)h];
    struct layout_line *l = &p->lines[--li];
    l->first_word = nd->prev;
    l->nwords = at - nd->prev;
    l->justified = false;
    struct layout_word *end = &p->words[at - 1];
    end->hyphen = h;
    l->natural = 0;
    for (size_t k = l->first_word; k < at; k++)
      l->natural += p->words[k].width + (k + 1 < at && !p->words[k].joined ? p->space : 0);
    at = nd->prev;
    h = nd->prev_hyphen;
  }
  free(nodes);
}
