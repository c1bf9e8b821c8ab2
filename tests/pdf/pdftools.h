/* pdftools.h — what the PDF tests need around the external tools (poppler's pdftotext, pdfinfo,
 * pdftoppm and pdfimages, qpdf, zbarimg): a temporary directory, writing bytes to a file, running
 * a command and capturing its output, whitespace-normalized text for "is this phrase present",
 * and the word boxes of `pdftotext -bbox` for "is anything outside the margins". Header-only,
 * static functions: each test binary includes it once. */
#ifndef ASAMBLEA_TESTS_PDF_PDFTOOLS_H
#define ASAMBLEA_TESTS_PDF_PDFTOOLS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A fresh directory under /tmp (removed by pt_cleanup). */
static char pt_dir[64];

static inline const char *pt_tmpdir(void) {
  if (!pt_dir[0]) {
    snprintf(pt_dir, sizeof pt_dir, "/tmp/asamblea-pdftest-XXXXXX");
    if (!mkdtemp(pt_dir)) {
      perror("mkdtemp");
      abort();
    }
  }
  return pt_dir;
}

static inline void pt_cleanup(void) {
  if (!pt_dir[0]) return;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", pt_dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", pt_dir);
  pt_dir[0] = 0;
}

/* Writes bytes to <tmpdir>/name; returns the path (static buffer, one at a time per name). */
static inline const char *pt_write(const char *name, const unsigned char *b, size_t n) {
  static char path[8][256];
  static int next;
  char *p = path[next++ % 8];
  snprintf(p, 256, "%s/%s", pt_tmpdir(), name);
  FILE *f = fopen(p, "wb");
  if (!f || fwrite(b, 1, n, f) != n) {
    perror(p);
    abort();
  }
  fclose(f);
  return p;
}

/* Runs a shell command; returns its standard output (new string) and sets *status to the exit
 * code (127 when the tool is missing). */
static inline char *pt_run(const char *cmd, int *status) {
  FILE *f = popen(cmd, "r");
  if (!f) {
    *status = -1;
    return strdup("");
  }
  size_t cap = 1 << 16, len = 0;
  char *out = malloc(cap);
  size_t n;
  while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 4096) out = realloc(out, cap *= 2);
  }
  out[len] = 0;
  int st = pclose(f);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

/* Whether the tool is installed (tests fail with a clear message when it is not). */
static inline int pt_have(const char *tool) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
  return system(cmd) == 0;
}

/* Collapses every run of whitespace to one space, in place. */
static inline char *pt_squash(char *s) {
  char *o = s;
  int space = 0;
  for (char *p = s; *p; p++) {
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f') {
      space = 1;
      continue;
    }
    if (space && o != s) *o++ = ' ';
    space = 0;
    *o++ = *p;
  }
  *o = 0;
  return s;
}

/* The text of a PDF file, whitespace squashed (new string). */
static inline char *pt_text(const char *pdf_path) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>/dev/null", pdf_path);
  int st;
  char *t = pt_run(cmd, &st);
  return pt_squash(t);
}

/* How many lines of the file in qpdf's QDF form (uncompressed, one dictionary key per line)
 * match an extended grep pattern, case ignored. */
static inline int pt_qdf_count(const char *pdf_path, const char *pattern) {
  char cmd[768];
  snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null | grep -a -c -i -E '%s'", pdf_path,
           pattern);
  int st;
  char *out = pt_run(cmd, &st);
  int n = atoi(out);
  free(out);
  return n;
}

/* pdfinfo's page count. */
static inline int pt_pages(const char *pdf_path) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null", pdf_path);
  int st;
  char *t = pt_run(cmd, &st);
  char *p = strstr(t, "\nPages:");
  int n = p ? atoi(p + 7) : -1;
  free(t);
  return n;
}

/* One word of `pdftotext -bbox`: its page (1-based), its box (origin top-left, points), its text. */
struct pt_word {
  int page;
  double page_w, page_h;
  double x0, y0, x1, y1;
  char text[128];
};

static inline double pt_attr(const char *tag, const char *name) {
  char key[32];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *p = strstr(tag, key);
  return p ? atof(p + strlen(key)) : -1;
}

/* All words of the document (caller frees *words). */
static inline size_t pt_words(const char *pdf_path, struct pt_word **words) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "pdftotext -bbox -enc UTF-8 '%s' - 2>/dev/null", pdf_path);
  int st;
  char *html = pt_run(cmd, &st);
  size_t n = 0, cap = 1024;
  *words = malloc(cap * sizeof **words);
  int page = 0;
  double pw = 0, ph = 0;
  for (char *p = html; (p = strchr(p, '<')) != NULL; p++) {
    char *end = strchr(p, '>');
    if (!end) break;
    *end = 0;
    if (!strncmp(p, "<page ", 6)) {
      page++;
      pw = pt_attr(p, "width");
      ph = pt_attr(p, "height");
    } else if (!strncmp(p, "<word ", 6)) {
      if (n == cap) *words = realloc(*words, (cap *= 2) * sizeof **words);
      struct pt_word *w = &(*words)[n++];
      w->page = page;
      w->page_w = pw;
      w->page_h = ph;
      w->x0 = pt_attr(p, "xMin");
      w->y0 = pt_attr(p, "yMin");
      w->x1 = pt_attr(p, "xMax");
      w->y1 = pt_attr(p, "yMax");
      char *close = strstr(end + 1, "</word>");
      size_t len = close ? (size_t)(close - (end + 1)) : 0;
      if (len >= sizeof w->text) len = sizeof w->text - 1;
      memcpy(w->text, end + 1, len);
      w->text[len] = 0;
      p = close ? close : end;
      continue;
    }
    p = end;
  }
  free(html);
  return n;
}

/* Whether s has any sign of mojibake (UTF-8 read as Latin-1, replacement characters). */
static inline int pt_mojibake(const char *s) {
  return strstr(s, "\xC3\x83") || strstr(s, "\xC3\x82") || strstr(s, "\xEF\xBF\xBD") || strstr(s, "\xC3\xA2\xE2\x82");
}
#endif
