/* ttf_cmap.h — which Basic Multilingual Plane characters a TrueType font has glyphs for, read
 * from the font's own cmap table (libharu cannot tell: it draws glyph 0, the empty box, for a
 * character the font lacks). fonts.c uses it to pick, per character, a face that can draw it. */
#ifndef ASAMBLEA_PDF_TTF_CMAP_H
#define ASAMBLEA_PDF_TTF_CMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One bit per BMP code point: set when the cmap maps it to a glyph other than .notdef. */
struct ttf_coverage {
  uint8_t bits[0x10000 / 8];
};

/* Fills *cov from the font file bytes font[0..len): the Unicode cmap subtable of format 4 or 12
 * (platform 3 encoding 1 or 10, or platform 0). Every offset is checked against len. False when
 * the bytes hold no such subtable (cov is then empty). */
bool ttf_coverage_parse(const unsigned char *font, size_t len, struct ttf_coverage *cov);
/* The same for a file, reading only its table directory and cmap table. */
bool ttf_coverage_read(const char *path, struct ttf_coverage *cov);

static inline bool ttf_covers(const struct ttf_coverage *cov, uint32_t cp) {
  return cp < 0x10000 && (cov->bits[cp >> 3] >> (cp & 7) & 1);
}
#endif
