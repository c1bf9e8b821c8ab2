/* pdf.h — a small layout layer on libharu, knowing nothing of HTTP or SQL: documents with
 * embedded UTF-8 TrueType fonts, text measured and placed, wrapped paragraphs, and QR codes drawn
 * as image masks (exact at any resolution). Plain values in, PDF bytes out. badges/ and the documents in this folder
 * (proceedings.c, certificate.c) are built on it.
 *
 * Units are PDF points (1/72 inch); the origin is the page's lower-left corner. */
#ifndef ASAMBLEA_PDF_H
#define ASAMBLEA_PDF_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define PDF_MM(x) ((float)(x)*72.0f / 25.4f)
#define PDF_A4_W 595.276f
#define PDF_A4_H 841.89f

enum pdf_font { PDF_REGULAR, PDF_BOLD, PDF_ITALIC, PDF_BOLD_ITALIC, PDF_FONT_COUNT };

struct pdf_rgb {
  float r, g, b; /* 0..1 */
};

struct pdf_doc;  /* one document being built; not shared between threads */
struct pdf_page; /* a page of a document, owned by it */

/* A new document. Fonts are embedded on first use. NULL if libharu cannot start. */
struct pdf_doc *pdf_new(void);
void pdf_free(struct pdf_doc *doc);
/* Document information: title, author, subject (UTF-8) and the creation instant (UTC) — set it
 * for deterministic output: the same content and instant give the same bytes. */
void pdf_set_info(struct pdf_doc *doc, const char *title, const char *author, const char *subject, time_t created);

struct pdf_page *pdf_add_page(struct pdf_doc *doc, float width, float height);
float pdf_page_width(const struct pdf_page *page);
float pdf_page_height(const struct pdf_page *page);

/* Width of UTF-8 text in a font and size. */
float pdf_text_width(struct pdf_doc *doc, enum pdf_font font, float size, const char *text);
/* Draws one line of text with its baseline at (x, y). */
void pdf_text(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
              const char *text);
/* Draws text centred on x. */
void pdf_text_centered(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
                       const char *text);
/* Filled and stroked rectangles, lines. */
void pdf_fill_rect(struct pdf_page *page, struct pdf_rgb color, float x, float y, float w, float h);
void pdf_line(struct pdf_page *page, struct pdf_rgb color, float width, float x1, float y1, float x2, float y2);

/* Breaks text into lines at most max_width wide (at spaces; a word longer than a line is broken
 * between characters). Returns the number of lines; lines[i] are new strings in out (caller frees
 * with pdf_lines_free). */
size_t pdf_wrap(struct pdf_doc *doc, enum pdf_font font, float size, const char *text, float max_width, char ***lines);
void pdf_lines_free(char **lines, size_t n);

/* Draws a QR code of text (error correction M, 8-bit mode, case kept) with its lower-left
 * corner at (x, y) and modules of `module` points, including the 4-module quiet zone painted
 * white. Returns the side in points, or 0 if the text cannot be encoded. */
float pdf_qr(struct pdf_page *page, const char *text, float x, float y, float module);
/* Side in points of that QR code including its quiet zone, 0 if it cannot be encoded. */
float pdf_qr_size(const char *text, float module);

/* Serializes the document: *out is a new buffer (free()), 0 on success, -1 if any libharu call
 * failed while building it. */
int pdf_save(struct pdf_doc *doc, unsigned char **out, size_t *len);

/* ---- Added to the original contract (the declarations above are unchanged) ---------------- */

/* The document's natural language (BCP 47, e.g. "es-EC"), written as /Lang in the catalog:
 * screen readers and text-to-speech pick their voice from it. */
void pdf_set_language(struct pdf_doc *doc, const char *lang);
/* Pages added so far; the page at index i (0-based), NULL past the end. */
size_t pdf_page_count(const struct pdf_doc *doc);
struct pdf_page *pdf_page_at(struct pdf_doc *doc, size_t i);
/* Whether a libharu call has failed on this document (pdf_save would return -1). */
bool pdf_failed(const struct pdf_doc *doc);

/* Draws text ending at x (right-aligned). */
void pdf_text_right(struct pdf_page *page, enum pdf_font font, float size, struct pdf_rgb color, float x, float y,
                    const char *text);
/* Ascent (positive) and descent (negative) of a font at a size, in points. */
float pdf_font_ascent(struct pdf_doc *doc, enum pdf_font font, float size);
float pdf_font_descent(struct pdf_doc *doc, enum pdf_font font, float size);

/* A rectangle's outline; a filled polygon of n points (xy holds x0,y0,x1,y1,...); a filled circle. */
void pdf_stroke_rect(struct pdf_page *page, struct pdf_rgb color, float width, float x, float y, float w, float h);
void pdf_fill_polygon(struct pdf_page *page, struct pdf_rgb color, const float *xy, size_t n);
void pdf_fill_circle(struct pdf_page *page, struct pdf_rgb color, float cx, float cy, float r);

/* Images. pdf_image_load reads JPEG or PNG bytes (recognised by their signature) into the
 * document; NULL when they are neither or cannot be read — the document stays usable, the image
 * is simply absent. The image belongs to the document. */
struct pdf_image;
struct pdf_image *pdf_image_load(struct pdf_doc *doc, const unsigned char *data, size_t len);
float pdf_image_width(const struct pdf_image *img);  /* pixels */
float pdf_image_height(const struct pdf_image *img); /* pixels */
/* Draws the image stretched to the box (x, y = lower-left corner). */
void pdf_image_draw(struct pdf_page *page, struct pdf_image *img, float x, float y, float w, float h);
/* Draws the image as large as fits in the box, keeping its proportions, centred in it. */
void pdf_image_fit(struct pdf_page *page, struct pdf_image *img, float x, float y, float w, float h);

/* Whether every character of UTF-8 text prints as itself: some installed font has its glyph and
 * its script needs no shaping (Latin, Greek, Cyrillic, Korean, Japanese, Chinese do; Arabic,
 * Hebrew, Devanagari, Thai… do not), and it lies in the Basic Multilingual Plane. Anything else
 * would print as '?'. Sign-up and the editors refuse such names (validate.h: printable_script). */
bool pdf_printable(const char *text);
/* The font files the documents draw with that are not installed (paths, at most max into out),
 * for the server to say so at start: what only they have is refused at sign-up. */
size_t pdf_missing_fonts(const char **out, size_t max);

/* ---- tagged and archival documents (tagged.c, archival.c) --------------------------------- */

/* Makes the document tagged: a logical structure (a Document element holding headings,
 * paragraphs, lists, figures…, in reading order) whose elements own the marked content drawn
 * for them, the rest marked as artifacts; /MarkInfo, /StructTreeRoot and its ParentTree are
 * written on saving. Call before adding pages. Untagged documents are unchanged. */
void pdf_set_tagged(struct pdf_doc *doc);
/* The document element, parent of the top-level elements. */
#define PDF_DOCUMENT ((size_t)0)
/* Not a structure element: drawing that is no content (decoration, running headers and
 * footers with their page numbers). */
#define PDF_ARTIFACT ((size_t)-1)
#define PDF_ARTIFACT_HEADER ((size_t)-2)
#define PDF_ARTIFACT_FOOTER ((size_t)-3)
/* A new structure element of a standard type ("H1", "P", "L", "LI", "Lbl", "LBody", "Figure",
 * "TOC", "TOCI"…) as the last child of parent. PDF_ARTIFACT when the document is not tagged,
 * so callers need not ask. An element that ends up owning no content is left out. */
size_t pdf_elem(struct pdf_doc *doc, size_t parent, const char *type);
/* The alternative text of an element (a Figure's description), UTF-8. */
void pdf_elem_alt(struct pdf_doc *doc, size_t elem, const char *alt);
/* What is drawn next on the page belongs to elem (or is an artifact of that kind) until the next
 * pdf_mark or pdf_mark_end. Nothing happens on an untagged document. */
void pdf_mark(struct pdf_page *page, size_t elem);
void pdf_mark_end(struct pdf_page *page);

/* Makes the document PDF/A-2u on saving: PDF 1.7 header, XMP metadata matching the document
 * information (with pdfaid part 2, conformance U), an sRGB output intent (the ICC profile of
 * Debian's icc-profiles-free) and a document ID derived from title, instant and page count. */
void pdf_set_archival(struct pdf_doc *doc);

/* A colour from 0xRRGGBB. */
struct pdf_rgb pdf_hex(unsigned rgb);
#endif
