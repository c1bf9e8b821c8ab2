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

#include "pdf/ttf_cmap.h"

/* The font files a document may draw with: the four faces of its family, then the faces that
 * draw what the family lacks (Greek and Cyrillic beyond it, Japanese and Chinese, Korean). */
#define PDF_FACE_FILES 11

/* One font file of the document, loaded on first use. */
struct pdf_face {
  HPDF_Font font;                   /* NULL until first use (or when loading failed) */
  const struct ttf_coverage *cover; /* the characters it has glyphs for (process-wide, read once) */
  uint16_t *widths;                 /* advance per BMP code point in 1/1000 em; 0xFFFF: not asked yet */
  float ascent;                     /* above the baseline, 1/1000 em (positive) */
  float descent;                    /* below the baseline, 1/1000 em (negative) */
};

struct pdf_image {
  HPDF_Image img;
  float width, height; /* pixels */
};

struct pdf_doc {
  HPDF_Doc hpdf;
  HPDF_STATUS err;                       /* first libharu error, 0 when none: pdf_save fails if set */
  HPDF_STATUS err_detail;                /* its detail code (errno for file errors) */
  int tolerant;                          /* >0 while loading an image: errors go to soft_err instead */
  HPDF_STATUS soft_err;                  /* error raised while tolerant (the image is skipped, the document lives on) */
  struct pdf_face faces[PDF_FACE_FILES]; /* by font file (fonts.c), loaded on first use */
  struct pdf_page **pages;               /* in order; owned */
  size_t npages, cap_pages;
  struct pdf_image **images; /* owned records (libharu owns the XObjects) */
  size_t nimages, cap_images;
  struct pdf_tags *tags; /* the logical structure (tagged.c); NULL: an untagged document */
  bool archival;         /* saved as PDF/A-2u (archival.c) */
};

struct pdf_page {
  struct pdf_doc *doc;
  HPDF_Page hp;
  float width, height;
  /* text object state: words are drawn between one BT and one ET when possible */
  int in_text;                 /* inside BT … ET */
  const struct pdf_face *face; /* current font, NULL none */
  float size;                  /* current font size */
  struct pdf_rgb fill;         /* current fill colour inside the text object */
  int fill_set;                /* fill is known */
  /* marked content (tagged.c): the sequence open on the page and the element of each MCID */
  int marking;        /* inside BDC/BMC … EMC */
  size_t marked;      /* the element (or artifact kind) of the open sequence */
  size_t *mcid_elems; /* element of MCID i */
  size_t nmcids, cap_mcids;
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

/* The family's face, loading it on first use; NULL if it could not be loaded (the error is recorded). */
struct pdf_face *pdf_face(struct pdf_doc *doc, enum pdf_font font);
/* The face that draws cp in the style of font: the family's if it has the glyph, else the first
 * fallback that has it (loaded on first use). NULL when none can draw it — no installed font has
 * it, or its script needs shaping libharu cannot do: it is then drawn as PDF_UNPRINTABLE in the
 * family's face, a visible mark and never an empty box. */
struct pdf_face *pdf_face_for(struct pdf_doc *doc, enum pdf_font font, uint32_t cp);
#define PDF_UNPRINTABLE '?'
/* Advance of one code point in 1/1000 em, in the face that draws it (0 for a face that failed to
 * load). */
unsigned pdf_advance(struct pdf_doc *doc, enum pdf_font font, uint32_t cp);
/* Width in points of already clean UTF-8 text[0..len). */
float pdf_width_n(struct pdf_doc *doc, enum pdf_font font, float size, const char *text, size_t len);

/* Text drawing that leaves the text object open, for many words in a row; text must be clean
 * (pdf_clean) and NUL-terminated. Any non-text drawing closes it first. */
void pdf_show(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
              const char *text);
void pdf_end_text(struct pdf_page *page);
/* Opens the text object (BT) unless it is open. */
void pdf_begin_text(struct pdf_page *page);

/* Saving hooks: the structure tree (tagged.c) and the PDF/A-2u parts (archival.c), written into
 * the libharu document just before it is serialized; freeing the structure. */
void pdf_tags_write(struct pdf_doc *doc);
void pdf_tags_free(struct pdf_doc *doc);
void pdf_archival_write(struct pdf_doc *doc);
/* A link annotation as part of element elem (tagged documents): printable (/F 4), described by
 * contents (/Contents), and in the structure as an object reference; the page's tab order then
 * follows the structure. Nothing happens on an untagged document. */
void pdf_tag_link(struct pdf_page *page, size_t elem, HPDF_Annotation annot, const char *contents);
/* Whether libharu calls may proceed (no error so far). */
static inline int pdf_ok(const struct pdf_doc *doc) { return doc && doc->err == 0; }
#endif
