/* pdf_internal.h — what the files of pdf/ share and nobody else sees: the document and page
 * records behind the opaque handles of pdf.h, the per-document font cache with its width table,
 * UTF-8 cleaning, and the text-object state that lets a page draw many words between one BT and
 * one ET. Only the .c files of pdf/ include it. */
#ifndef ASAMBLEA_PDF_INTERNAL_H
#define ASAMBLEA_PDF_INTERNAL_H
#include <hpdf.h>
#include <stdint.h>
#include <stdlib.h>

#include "pdf/pdf.h"

/* One of the four faces of the document's family, loaded on first use. */
struct pdf_face {
  HPDF_Font font;    /* NULL until first use (or when loading failed) */
  uint16_t *widths;  /* advance per BMP code point in 1/1000 em; 0xFFFF: not asked yet */
  float ascent;      /* above the baseline, 1/1000 em (positive) */
  float descent;     /* below the baseline, 1/1000 em (negative) */
};

struct pdf_image {
  HPDF_Image img;
  float width, height; /* pixels */
};

struct pdf_doc {
  HPDF_Doc hpdf;
  HPDF_STATUS err;        /* first libharu error, 0 when none: pdf_save fails if set */
  HPDF_STATUS err_detail; /* its detail code (errno for file errors) */
  int tolerant;           /* >0 while loading an image: errors go to soft_err instead */
  HPDF_STATUS soft_err;   /* error raised while tolerant (the image is skipped, the document lives on) */
  struct pdf_face faces[PDF_FONT_COUNT];
  struct pdf_page **pages; /* in order; owned */
  size_t npages, cap_pages;
  struct pdf_image **images; /* owned records (libharu owns the XObjects) */
  size_t nimages, cap_images;
  void *qr_font; /* the Type 3 font of QR modules (qr.c), made on first use; libharu owns it */
};

struct pdf_page {
  struct pdf_doc *doc;
  HPDF_Page hp;
  float width, height;
  /* text object state: words are drawn between one BT and one ET when possible */
  int in_text;             /* inside BT … ET */
  int font;                /* current font (enum pdf_font), -1 none */
  float size;              /* current font size */
  struct pdf_rgb fill;     /* current fill colour inside the text object */
  int fill_set;            /* fill is known */
  int has_qr_font;         /* the QR font is in this page's resources */
};

/* Allocation failure aborts (DESIGN.md): these never return NULL. */
void *pdf_xmalloc(size_t n);
void *pdf_xcalloc(size_t n, size_t size);
void *pdf_xrealloc(void *p, size_t n);
char *pdf_xstrdup(const char *s);
/* Grows *arr (elements of `size` bytes) so that it holds at least need elements. */
void pdf_grow(void **arr, size_t *cap, size_t need, size_t size);

/* Decodes one UTF-8 code point at *p (advancing it), as the layout sees text: each ill-formed
 * sequence (a byte that leads nothing: 0x80–0xC1, 0xF5–0xFF; an overlong form, a surrogate, a
 * code point past U+10FFFF, a sequence cut short) gives one '?' for its longest valid prefix and
 * never swallows the byte after it; code points above U+FFFF (libharu draws only 1- to 3-byte
 * codes) give 0 = "drop", control characters other than '\n' give ' ', U+00AD (soft hyphen)
 * gives 0. */
uint32_t pdf_utf8_next(const char **p, const char *end);
/* Appends the UTF-8 encoding of cp (< 0x10000) to out; returns the byte count (1–3). */
size_t pdf_utf8_put(char *out, uint32_t cp);
/* A copy of text[0..len) made safe for libharu by the rules of pdf_utf8_next ('\n' becomes ' '). */
char *pdf_clean(const char *text, size_t len);

/* The face, loading it on first use; NULL if it could not be loaded (the error is recorded). */
struct pdf_face *pdf_face(struct pdf_doc *doc, enum pdf_font font);
/* Advance of one code point in 1/1000 em (0 for a face that failed to load). */
unsigned pdf_advance(struct pdf_doc *doc, enum pdf_font font, uint32_t cp);
/* Width in points of already clean UTF-8 text[0..len). */
float pdf_width_n(struct pdf_doc *doc, enum pdf_font font, float size, const char *text, size_t len);

/* Text drawing that leaves the text object open, for many words in a row; text must be clean
 * (pdf_clean) and NUL-terminated. Any non-text drawing closes it first. */
void pdf_show(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
              const char *text);
void pdf_end_text(struct pdf_page *page);
/* Whether libharu calls may proceed (no error so far). */
static inline int pdf_ok(const struct pdf_doc *doc) { return doc && doc->err == 0; }
#endif
