/* fonts.c — the document's type family and how wide text is. One family for every document:
 * Lato (fonts-lato) when installed — it extracts cleanly with pdftotext and renders every
 * Spanish letter — otherwise DejaVu Sans (fonts-dejavu-core/-extra). Each face is loaded on its
 * first use, once per document (libharu cannot share a loaded font between documents), embedded,
 * with the UTF-8 encoder.
 *
 * Names come in any script. Each character is drawn by the first face that has its glyph (read
 * from the font's cmap, ttf_cmap.c): the family, then DejaVu Sans, IPA Gothic (Japanese, Chinese)
 * and Nanum Gothic (Korean), each loaded and embedded only when a document has a character that
 * needs it, so a Latin-only badge sheet never touches them. Characters no installed font has, and
 * scripts that need shaping (Arabic, Hebrew, Devanagari…, which libharu cannot do), are drawn as
 * PDF_UNPRINTABLE: a visible '?', never an empty box. Sign-up refuses them (pdf_printable).
 *
 * Widths are measured here rather than with HPDF_Font_TextWidth: each face keeps a table of
 * advances per BMP code point, filled lazily from HPDF_Font_GetUnicodeWidth (the same integer
 * 1/1000 em values libharu writes into the font's /W array, so measuring and drawing agree
 * exactly), which makes measuring a word a few additions instead of a cmap search per letter.
 *
 * libharu 2.3.0 gives each face a /ToUnicode stream written as an encoding CMap
 * (begincidrange), which is not what a ToUnicode map may hold: readers that follow the
 * specification (and poppler, which warns) cannot rely on it to copy, search or read the text
 * aloud. The codes libharu's UTF-8 encoder writes are the BMP code points themselves, so the
 * stream is rewritten as the identity map in bfrange form (see to_unicode). */
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "pdf/pdf_internal.h"

#define LATO "/usr/share/fonts/truetype/lato/"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/"
#define NANUM "/usr/share/fonts/truetype/nanum/"
#define IPA "/usr/share/fonts/opentype/ipafont-gothic/"

/* The files behind doc->faces, in that order. */
enum face_file {
  LATO_R,
  LATO_B,
  LATO_I,
  LATO_BI,
  DEJAVU_R,
  DEJAVU_B,
  DEJAVU_I,
  DEJAVU_BI,
  NANUM_R,
  NANUM_B,    /* fonts-nanum: Korean (and Han, which IPA draws first) */
  IPA_GOTHIC, /* fonts-ipafont-gothic: Japanese kana and Han; one weight */
  FACE_FILE_COUNT
};
_Static_assert(FACE_FILE_COUNT == PDF_FACE_FILES, "pdf_internal.h counts the face files");

static const char *const face_paths[FACE_FILE_COUNT] = {LATO "Lato-Regular.ttf",
                                                        LATO "Lato-Bold.ttf",
                                                        LATO "Lato-Italic.ttf",
                                                        LATO "Lato-BoldItalic.ttf",
                                                        DEJAVU "DejaVuSans.ttf",
                                                        DEJAVU "DejaVuSans-Bold.ttf",
                                                        DEJAVU "DejaVuSans-Oblique.ttf",
                                                        DEJAVU "DejaVuSans-BoldOblique.ttf",
                                                        NANUM "NanumGothic.ttf",
                                                        NANUM "NanumGothicBold.ttf",
                                                        IPA "ipag.ttf"};

/* What each installed file covers, read once per process from the files' cmaps (a few
 * milliseconds): loading a face into a document is what costs, and happens only on need. */
static struct ttf_coverage coverage[FACE_FILE_COUNT];
static bool installed[FACE_FILE_COUNT];
static pthread_once_t coverage_once = PTHREAD_ONCE_INIT;

static void read_coverage(void) {
  for (int i = 0; i < FACE_FILE_COUNT; i++) installed[i] = ttf_coverage_read(face_paths[i], &coverage[i]);
}

/* Scripts whose letters change shape with their neighbours or run right to left (Hebrew, Arabic,
 * Syriac, Thaana, N'Ko, the Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, the
 * scripts of South-East Asia, conjoining Hangul jamo, the Hebrew and Arabic presentation forms):
 * libharu places one glyph per character, left to right, so they would print wrong even from a
 * font that has the glyphs (DejaVu has Arabic's). A property of the script, not of a font: a
 * table of Unicode blocks. */
static bool needs_shaping(uint32_t cp) {
  static const uint32_t blocks[][2] = {{0x0590, 0x08FF}, {0x0900, 0x0DFF}, {0x0E00, 0x0FFF}, {0x1000, 0x109F},
                                       {0x1100, 0x11FF}, {0x1700, 0x18AF}, {0x1900, 0x1A9F}, {0x1B00, 0x1C4F},
                                       {0xA800, 0xAAFF}, {0xABC0, 0xABFF}, {0xD7B0, 0xD7FF}, {0xFB1D, 0xFDFF},
                                       {0xFE70, 0xFEFE}};
  if (cp < 0x0590) return false;
  for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
    if (cp >= blocks[i][0] && cp <= blocks[i][1]) return true;
  return false;
}

static bool lato_installed(void) {
  pthread_once(&coverage_once, read_coverage);
  return installed[LATO_R];
}

static bool is_bold(enum pdf_font f) { return f == PDF_BOLD || f == PDF_BOLD_ITALIC; }

/* DejaVu Sans in a style (its oblique faces come from fonts-dejavu-extra; without them the
 * upright faces stand in). */
static enum face_file dejavu_file(enum pdf_font f) {
  if (installed[DEJAVU_R + f]) return (enum face_file)(DEJAVU_R + f);
  return is_bold(f) ? DEJAVU_B : DEJAVU_R;
}

/* The family's file for a style: Lato when installed, else DejaVu Sans. */
static enum face_file family_file(enum pdf_font f) {
  return lato_installed() ? (enum face_file)(LATO_R + f) : dejavu_file(f);
}

/* The files tried for a character in a style, in order: the family, DejaVu Sans (symbols, and
 * the Greek and Cyrillic Lato lacks), IPA Gothic (kana and Han: Japanese and Chinese names), Nanum
 * Gothic (Hangul). Returns the count written to out. */
static size_t face_chain(enum pdf_font f, enum face_file out[4]) {
  out[0] = family_file(f);
  out[1] = dejavu_file(f);
  out[2] = IPA_GOTHIC;
  out[3] = is_bold(f) ? NANUM_B : NANUM_R;
  return 4;
}

/* Rewrites the face's /ToUnicode stream: code = UTF-16 code unit of the BMP character, in ranges
 * that differ only in their last byte (bfrange's rule), 100 to a block; the surrogate codes,
 * which are no characters, are left out. False if the font has no such stream. */
static bool to_unicode(HPDF_Font font) {
  HPDF_Dict map = HPDF_Dict_GetItem((HPDF_Dict)font, "ToUnicode", HPDF_OCLASS_DICT);
  if (!map || !map->stream) return false;
  HPDF_MemStream_FreeData(map->stream);
  char line[64];
  HPDF_Stream_WriteStr(map->stream,
                       "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                       "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                       "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  unsigned highs[256], n = 0;
  for (unsigned hi = 0; hi < 256; hi++)
    if (hi < 0xD8 || hi > 0xDF) highs[n++] = hi;
  for (unsigned i = 0; i < n; i += 100) {
    unsigned block = n - i < 100 ? n - i : 100;
    snprintf(line, sizeof line, "%u beginbfrange\n", block);
    HPDF_Stream_WriteStr(map->stream, line);
    for (unsigned k = i; k < i + block; k++) {
      snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", highs[k], highs[k], highs[k]);
      HPDF_Stream_WriteStr(map->stream, line);
    }
    HPDF_Stream_WriteStr(map->stream, "endbfrange\n");
  }
  HPDF_Stream_WriteStr(map->stream, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  return true;
}

/* The face of one file, loaded into the document on first use. */
static struct pdf_face *load_face(struct pdf_doc *doc, enum face_file file) {
  struct pdf_face *face = &doc->faces[file];
  if (face->font || !pdf_ok(doc)) return face->font ? face : NULL;
  const char *name = HPDF_LoadTTFontFromFile(doc->hpdf, face_paths[file], HPDF_TRUE);
  if (!name) return NULL;
  face->font = HPDF_GetFont(doc->hpdf, name, "UTF-8");
  if (!face->font) return NULL;
  to_unicode(face->font);
  face->cover = &coverage[file];
  face->widths = pdf_xmalloc(0x10000 * sizeof *face->widths);
  memset(face->widths, 0xFF, 0x10000 * sizeof *face->widths);
  face->ascent = (float)HPDF_Font_GetAscent(face->font);
  face->descent = (float)HPDF_Font_GetDescent(face->font);
  return face;
}

struct pdf_face *pdf_face(struct pdf_doc *doc, enum pdf_font font) {
  if ((unsigned)font >= PDF_FONT_COUNT) font = PDF_REGULAR;
  return load_face(doc, family_file(font));
}

/* Whether the file can draw cp: installed, has the glyph, and the script needs no shaping. */
static bool draws(enum face_file file, uint32_t cp) {
  return installed[file] && ttf_covers(&coverage[file], cp) && !needs_shaping(cp);
}

struct pdf_face *pdf_face_for(struct pdf_doc *doc, enum pdf_font font, uint32_t cp) {
  struct pdf_face *family = pdf_face(doc, font);
  if (family && ttf_covers(family->cover, cp) && !needs_shaping(cp)) return family; /* the common case */
  if ((unsigned)font >= PDF_FONT_COUNT) font = PDF_REGULAR;
  enum face_file chain[4];
  size_t n = face_chain(font, chain);
  for (size_t i = 1; i < n; i++)
    if (draws(chain[i], cp)) return load_face(doc, chain[i]);
  return NULL;
}

bool pdf_printable(const char *text) {
  if (!text) return true;
  pthread_once(&coverage_once, read_coverage);
  const char *end = text + strlen(text);
  for (const char *p = text; p < end;) {
    const char *at = p;
    uint32_t cp = pdf_utf8_next(&p, end);
    if (cp == 0 && p - at == 4) return false; /* beyond the BMP: libharu cannot draw it */
    if (cp == 0 || cp == ' ' || cp == '\n') continue;
    bool drawn = false;
    for (int f = 0; f < FACE_FILE_COUNT && !drawn; f++) drawn = draws((enum face_file)f, cp);
    if (!drawn) return false;
  }
  return true;
}

size_t pdf_missing_fonts(const char **out, size_t max) {
  pthread_once(&coverage_once, read_coverage);
  static const enum face_file needed[] = {LATO_R, DEJAVU_R, IPA_GOTHIC, NANUM_R, NANUM_B};
  size_t n = 0;
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
    if (!installed[needed[i]] && n < max) out[n++] = face_paths[needed[i]];
  return n;
}

unsigned pdf_advance(struct pdf_doc *doc, enum pdf_font font, uint32_t cp) {
  struct pdf_face *face = cp > 0xFFFF ? NULL : pdf_face_for(doc, font, cp);
  if (!face) {
    face = pdf_face(doc, font);
    cp = PDF_UNPRINTABLE;
  }
  if (!face) return 0;
  uint16_t w = face->widths[cp];
  if (w == 0xFFFF) {
    HPDF_INT v = HPDF_Font_GetUnicodeWidth(face->font, (HPDF_UNICODE)cp);
    w = v < 0 ? 0 : v > 0xFFFE ? 0xFFFE : (uint16_t)v;
    face->widths[cp] = w;
  }
  return w;
}

float pdf_width_n(struct pdf_doc *doc, enum pdf_font font, float size, const char *text, size_t len) {
  const char *p = text, *end = text + len;
  unsigned long sum = 0;
  while (p < end) {
    uint32_t cp = pdf_utf8_next(&p, end);
    if (cp) sum += pdf_advance(doc, font, cp);
  }
  return (float)sum * size / 1000.0f;
}

float pdf_text_width(struct pdf_doc *doc, enum pdf_font font, float size, const char *text) {
  if (!doc || !text) return 0;
  return pdf_width_n(doc, font, size, text, strlen(text));
}

float pdf_font_ascent(struct pdf_doc *doc, enum pdf_font font, float size) {
  struct pdf_face *f = doc ? pdf_face(doc, font) : NULL;
  return f ? f->ascent * size / 1000.0f : 0.75f * size;
}

float pdf_font_descent(struct pdf_doc *doc, enum pdf_font font, float size) {
  struct pdf_face *f = doc ? pdf_face(doc, font) : NULL;
  return f ? f->descent * size / 1000.0f : -0.25f * size;
}

/* ---- UTF-8 -------------------------------------------------------------------------------- */

/* Lato has no U+FFFD glyph, so an ill-formed sequence is drawn as this visible stand-in. */
#define UTF8_REPLACEMENT '?'

/* Length of the sequence led by c (0: c never leads one), and the range its second byte must fall
 * in (Unicode table 3-7): checking it there refuses overlongs, surrogates and code points past
 * U+10FFFF at the first byte that makes them so. */
static size_t utf8_lead(unsigned c, unsigned *lo, unsigned *hi) {
  *lo = 0x80;
  *hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) {
    if (c == 0xE0) *lo = 0xA0; /* overlong below U+0800 */
    if (c == 0xED) *hi = 0x9F; /* surrogates U+D800–U+DFFF */
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (c == 0xF0) *lo = 0x90; /* overlong below U+10000 */
    if (c == 0xF4) *hi = 0x8F; /* past U+10FFFF */
    return 4;
  }
  return 0; /* 0x80–0xC1 and 0xF5–0xFF */
}

/* Decodes a well-formed sequence or consumes its longest ill-formed prefix (the "maximal subpart"
 * of Unicode's recommended practice): one stand-in for that prefix, and the byte that broke it
 * (ASCII, a lead byte) is left for the next call, so no following character is ever swallowed. */
static uint32_t utf8_decode(const unsigned char *p, size_t avail, size_t *used) {
  unsigned lo, hi;
  size_t n = utf8_lead(p[0], &lo, &hi);
  if (!n) {
    *used = 1;
    return UTF8_REPLACEMENT;
  }
  uint32_t cp = p[0] & (0x7Fu >> n);
  size_t i = 1;
  for (; i < n && i < avail; i++) {
    if (p[i] < lo || p[i] > hi) break;
    cp = cp << 6 | (p[i] & 0x3Fu);
    lo = 0x80;
    hi = 0xBF;
  }
  *used = i;
  return i == n ? cp : UTF8_REPLACEMENT;
}

uint32_t pdf_utf8_next(const char **pp, const char *end) {
  const unsigned char *p = (const unsigned char *)*pp;
  unsigned c = p[0];
  if (c < 0x80) {
    *pp += 1;
    if (c == '\n') return '\n';
    return c < 0x20 || c == 0x7F ? ' ' : c;
  }
  size_t used;
  uint32_t cp = utf8_decode(p, (size_t)((const unsigned char *)end - p), &used);
  *pp += used;
  if (cp > 0xFFFF || cp == 0xAD || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200D))
    return 0; /* not drawable / invisible */
  if (cp >= 0x80 && cp < 0xA0) return ' ';
  return cp;
}

size_t pdf_utf8_put(char *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  out[0] = (char)(0xE0 | cp >> 12);
  out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[2] = (char)(0x80 | (cp & 0x3F));
  return 3;
}

char *pdf_clean(const char *text, size_t len) {
  char *out = pdf_xmalloc(len + 1), *o = out;
  const char *p = text, *end = text + len;
  while (p < end) {
    uint32_t cp = pdf_utf8_next(&p, end);
    if (!cp) continue;
    if (cp == '\n') cp = ' ';
    o += pdf_utf8_put(o, cp); /* never longer than the input: '?' replaces at least one byte */
  }
  *o = 0;
  return out;
}
