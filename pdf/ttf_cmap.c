/* ttf_cmap.c — the coverage of a TrueType font read from its cmap table (ttf_cmap.h). Only what
 * telling "has a glyph" needs: the table directory, the cmap's encoding records, and subtables of
 * format 4 (segments of the BMP) and 12 (groups of code points). Big-endian, bounds-checked. */
#include "pdf/ttf_cmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t u32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void set_bit(struct ttf_coverage *cov, uint32_t cp) { cov->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7)); }

/* The offset and length of table `tag` named in the directory dir[0..len) (which starts at the
 * font's first byte); false when absent. The table itself is not checked to lie within len. */
static bool find_table(const unsigned char *dir, size_t len, const char *tag, uint32_t *off, uint32_t *tlen) {
  if (len < 12) return false;
  unsigned n = u16(dir + 4);
  for (unsigned i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= len; i++) {
    const unsigned char *rec = dir + 12 + 16 * (size_t)i;
    if (memcmp(rec, tag, 4) == 0) {
      *off = u32(rec + 8);
      *tlen = u32(rec + 12);
      return true;
    }
  }
  return false;
}

/* Format 4: segCount segments [start, end], each mapping through idDelta directly or through
 * the glyph array its idRangeOffset points into. */
static bool parse_format4(const unsigned char *t, size_t len, struct ttf_coverage *cov) {
  if (len < 14) return false;
  size_t seg2 = u16(t + 6) & ~1u; /* segCountX2: two bytes a segment */
  const size_t ends = 14, starts = ends + seg2 + 2, deltas = starts + seg2, ranges = deltas + seg2;
  if (ranges + seg2 > len) return false;
  for (size_t s = 0; s < seg2; s += 2) {
    unsigned end = u16(t + ends + s), start = u16(t + starts + s);
    unsigned delta = u16(t + deltas + s), range = u16(t + ranges + s);
    for (unsigned c = start; c <= end && c < 0xFFFF; c++) {
      unsigned glyph;
      if (range == 0) {
        glyph = (c + delta) & 0xFFFF;
      } else {
        size_t at = ranges + s + range + 2 * (size_t)(c - start);
        if (at + 2 > len) break;
        glyph = u16(t + at);
        if (glyph) glyph = (glyph + delta) & 0xFFFF;
      }
      if (glyph) set_bit(cov, c);
    }
  }
  return true;
}

/* Format 12: groups of consecutive code points mapped to consecutive glyphs. */
static bool parse_format12(const unsigned char *t, size_t len, struct ttf_coverage *cov) {
  if (len < 16) return false;
  uint32_t groups = u32(t + 12);
  for (uint32_t g = 0; g < groups && 16 + 12 * ((size_t)g + 1) <= len; g++) {
    const unsigned char *r = t + 16 + 12 * (size_t)g;
    uint32_t start = u32(r), end = u32(r + 4), glyph = u32(r + 8);
    for (uint32_t c = start; c <= end && c < 0x10000; c++, glyph++)
      if (glyph) set_bit(cov, c);
  }
  return true;
}

/* The best Unicode subtable of cmap[0..len): format 12 over format 4, Windows over Unicode. */
static bool parse_cmap(const unsigned char *cmap, size_t len, struct ttf_coverage *cov) {
  if (len < 4) return false;
  unsigned n = u16(cmap + 2);
  size_t best = 0;
  int best_rank = 0;
  for (unsigned i = 0; i < n && 4 + 8 * (size_t)(i + 1) <= len; i++) {
    const unsigned char *rec = cmap + 4 + 8 * (size_t)i;
    unsigned platform = u16(rec), encoding = u16(rec + 2);
    uint32_t off = u32(rec + 4);
    bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
    if (!unicode || off > len || len - off < 2) continue;
    unsigned format = u16(cmap + off);
    int rank = (format == 12 ? 4 : format == 4 ? 2 : 0) + (platform == 3);
    if (format != 12 && format != 4) continue;
    if (rank > best_rank) best_rank = rank, best = off;
  }
  if (!best_rank) return false;
  const unsigned char *t = cmap + best;
  size_t tlen = len - best;
  return u16(t) == 12 ? parse_format12(t, tlen, cov) : parse_format4(t, tlen, cov);
}

bool ttf_coverage_parse(const unsigned char *font, size_t len, struct ttf_coverage *cov) {
  memset(cov, 0, sizeof *cov);
  uint32_t off, tlen;
  if (!find_table(font, len, "cmap", &off, &tlen) || off > len || tlen > len - off) return false;
  return parse_cmap(font + off, tlen, cov);
}

/* Reads n bytes at offset off of f into a new buffer; NULL on failure. */
static unsigned char *read_at(FILE *f, long off, size_t n) {
  unsigned char *buf = malloc(n ? n : 1);
  if (!buf) abort(); /* allocation failure aborts (DESIGN.md) */
  if (fseek(f, off, SEEK_SET) != 0 || fread(buf, 1, n, f) != n) {
    free(buf);
    return NULL;
  }
  return buf;
}

bool ttf_coverage_read(const char *path, struct ttf_coverage *cov) {
  memset(cov, 0, sizeof *cov);
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  bool ok = false;
  unsigned char *head = read_at(f, 0, 12), *dir = NULL, *cmap = NULL;
  uint32_t off, tlen;
  if (head) dir = read_at(f, 0, 12 + 16 * (size_t)u16(head + 4));
  if (dir && find_table(dir, 12 + 16 * (size_t)u16(head + 4), "cmap", &off, &tlen) && tlen <= (1u << 24))
    cmap = read_at(f, (long)off, tlen);
  if (cmap) ok = parse_cmap(cmap, tlen, cov);
  free(cmap);
  free(dir);
  free(head);
  fclose(f);
  return ok;
}
