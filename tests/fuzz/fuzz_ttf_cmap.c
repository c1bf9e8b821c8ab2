/* fuzz_ttf_cmap.c — libFuzzer target for the TrueType cmap reader (pdf/ttf_cmap.c), which reads
 * font files' table directories and cmap subtables with offsets taken from the bytes. Checks:
 *   - any bytes are read within their length (ASan) and the reading ends;
 *   - when no Unicode subtable is found the coverage is empty;
 *   - code point 0xFFFF (a format 4 table's sentinel, never a character) is never covered. */
#include "fuzz.h"
#include "pdf/ttf_cmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static struct ttf_coverage cov;
  unsigned char *copy = malloc(size ? size : 1); /* exactly size bytes: ASan sees any overread */
  if (!copy) abort();
  if (size) memcpy(copy, data, size);
  bool found = ttf_coverage_parse(copy, size, &cov);
  if (!found)
    for (size_t i = 0; i < sizeof cov.bits; i++) FUZZ_CHECK(cov.bits[i] == 0, "coverage without a cmap at byte %zu", i);
  FUZZ_CHECK(!ttf_covers(&cov, 0xFFFF) || found, "U+FFFF covered");
  free(copy);
  return 0;
}
