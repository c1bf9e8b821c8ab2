/* doc.c — the life of a document on libharu: creation with UTF-8 encodings and full
 * compression, the error handler that records the first failure in the document itself (no
 * global state, no longjmp: every later call is skipped and pdf_save reports -1), document
 * information and /Lang, pages, and serialization into a malloc'd buffer (images: image.c; the
 * structure of tagged documents: tagged.c; the PDF/A parts: archival.c).
 *
 * Determinism: libharu writes no /ID and no date unless told (archival.c derives the /ID from
 * title, instant and page count); the only instant written is the one given to pdf_set_info, so
 * the same content gives the same bytes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pdf/pdf_internal.h"

void *pdf_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("pdf: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *pdf_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) {
    fputs("pdf: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *pdf_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fputs("pdf: out of memory\n", stderr);
    abort();
  }
  return q;
}

char *pdf_xstrdup(const char *s) {
  size_t n = strlen(s ? s : "");
  char *d = pdf_xmalloc(n + 1);
  memcpy(d, s ? s : "", n + 1);
  return d;
}

void pdf_grow(void **arr, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return;
  size_t c = *cap ? *cap : 8;
  while (c < need) c *= 2;
  *arr = pdf_xrealloc(*arr, c * size);
  *cap = c;
}

/* libharu calls this on every failure; the document keeps the first one. While an image is being
 * loaded (tolerant), a failure only discards that image. */
static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data) {
  struct pdf_doc *doc = user_data;
  if (doc->tolerant) {
    if (!doc->soft_err) doc->soft_err = error_no;
    return;
  }
  if (!doc->err) {
    doc->err = error_no;
    doc->err_detail = detail_no;
  }
}

struct pdf_doc *pdf_new(void) {
  struct pdf_doc *doc = pdf_xcalloc(1, sizeof *doc);
  doc->hpdf = HPDF_New(on_error, doc);
  if (!doc->hpdf) {
    free(doc);
    return NULL;
  }
  HPDF_UseUTFEncodings(doc->hpdf);
  HPDF_SetCurrentEncoder(doc->hpdf, "UTF-8"); /* Info and outline titles as UTF-16 */
  HPDF_SetCompressionMode(doc->hpdf, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(doc->hpdf, HPDF_INFO_CREATOR, "asamblea");
  for (int i = 0; i < PDF_FACE_FILES; i++) doc->faces[i].font = NULL;
  return doc;
}

void pdf_free(struct pdf_doc *doc) {
  if (!doc) return;
  pdf_tags_free(doc);
  for (size_t i = 0; i < doc->npages; i++) free(doc->pages[i]);
  free(doc->pages);
  for (size_t i = 0; i < doc->nimages; i++) free(doc->images[i]);
  free(doc->images);
  for (int i = 0; i < PDF_FACE_FILES; i++) free(doc->faces[i].widths);
  HPDF_Free(doc->hpdf);
  free(doc);
}

bool pdf_failed(const struct pdf_doc *doc) { return !doc || doc->err != 0; }

static void set_attr(struct pdf_doc *doc, HPDF_InfoType type, const char *value) {
  if (!value || !*value || !pdf_ok(doc)) return;
  char *clean = pdf_clean(value, strlen(value));
  HPDF_SetInfoAttr(doc->hpdf, type, clean);
  free(clean);
}

void pdf_set_info(struct pdf_doc *doc, const char *title, const char *author, const char *subject, time_t created) {
  if (!pdf_ok(doc)) return;
  set_attr(doc, HPDF_INFO_TITLE, title);
  set_attr(doc, HPDF_INFO_AUTHOR, author);
  set_attr(doc, HPDF_INFO_SUBJECT, subject);
  if (created > 0) {
    struct tm tm;
    if (!gmtime_r(&created, &tm)) return;
    HPDF_Date d = {0};
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec;
    d.ind = '+'; /* UTC as +00'00' ('Z' would write the non-standard Z00'00') */
    HPDF_SetInfoDateAttr(doc->hpdf, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(doc->hpdf, HPDF_INFO_MOD_DATE, d);
  }
}

/* libharu 2.3.0 has no setter for /Lang. Built without HPDF_SHARED, hpdf.h exposes the document
 * record (hpdf_doc.h), whose catalog is an ordinary dictionary: add the string to it. */
void pdf_set_language(struct pdf_doc *doc, const char *lang) {
  if (!pdf_ok(doc) || !lang || !*lang) return;
  HPDF_Doc h = doc->hpdf;
  HPDF_String s = HPDF_String_New(h->mmgr, lang, NULL);
  if (s) HPDF_Dict_Add(h->catalog, "Lang", s);
}

struct pdf_page *pdf_add_page(struct pdf_doc *doc, float width, float height) {
  if (!doc) return NULL;
  struct pdf_page *pg = pdf_xcalloc(1, sizeof *pg);
  pg->doc = doc;
  pg->width = width;
  pg->height = height;
  pg->face = NULL;
  if (pdf_ok(doc)) {
    pg->hp = HPDF_AddPage(doc->hpdf);
    if (pg->hp) {
      HPDF_Page_SetWidth(pg->hp, width);
      HPDF_Page_SetHeight(pg->hp, height);
    }
  }
  pdf_grow((void **)&doc->pages, &doc->cap_pages, doc->npages + 1, sizeof *doc->pages);
  doc->pages[doc->npages++] = pg;
  return pg;
}

float pdf_page_width(const struct pdf_page *page) { return page ? page->width : 0; }
float pdf_page_height(const struct pdf_page *page) { return page ? page->height : 0; }
size_t pdf_page_count(const struct pdf_doc *doc) { return doc ? doc->npages : 0; }
struct pdf_page *pdf_page_at(struct pdf_doc *doc, size_t i) {
  return doc && i < doc->npages ? doc->pages[i] : NULL;
}

/* ---- saving ------------------------------------------------------------------------------ */

int pdf_save(struct pdf_doc *doc, unsigned char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  if (!pdf_ok(doc)) return -1;
  for (size_t i = 0; i < doc->npages; i++) pdf_end_text(doc->pages[i]);
  pdf_tags_write(doc);
  if (doc->archival) pdf_archival_write(doc);
  if (HPDF_SaveToStream(doc->hpdf) != HPDF_OK || !pdf_ok(doc)) return -1;
  HPDF_UINT32 size = HPDF_GetStreamSize(doc->hpdf);
  if (!size) return -1;
  unsigned char *buf = pdf_xmalloc(size);
  HPDF_UINT32 got = 0;
  while (got < size) {
    HPDF_UINT32 n = size - got;
    HPDF_STATUS st = HPDF_ReadFromStream(doc->hpdf, buf + got, &n);
    got += n;
    if (st == HPDF_STREAM_EOF || n == 0) break;
    if (st != HPDF_OK) break;
  }
  if (got != size || !pdf_ok(doc)) {
    free(buf);
    return -1;
  }
  *out = buf;
  *len = size;
  return 0;
}
