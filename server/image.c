/* image.c — structural checks of PNG and JPEG files. */
#include "image.h"

#include <stdint.h>
#include <string.h>

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t crc32_of(const unsigned char *p, size_t n) {
  static uint32_t table[256];
  static int ready;
  if (!ready) { /* benign race: every thread writes the same values */
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = 1;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static bool png_check(const unsigned char *d, size_t len, int *w, int *h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (len < 8 + 25 + 12 || memcmp(d, sig, 8) != 0) return false;
  size_t pos = 8;
  bool first = true, seen_data = false;
  while (pos + 12 <= len) {
    uint32_t n = be32(d + pos);
    const unsigned char *type = d + pos + 4;
    if (n > len - pos - 12) return false;
    if (crc32_of(type, 4 + (size_t)n) != be32(d + pos + 8 + n)) return false;
    if (first) {
      if (memcmp(type, "IHDR", 4) != 0 || n != 13) return false;
      uint32_t width = be32(type + 4), height = be32(type + 8);
      if (!width || !height || width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) return false;
      *w = (int)width;
      *h = (int)height;
      first = false;
    }
    if (memcmp(type, "IDAT", 4) == 0) seen_data = true;
    if (memcmp(type, "IEND", 4) == 0) return seen_data;
    pos += 12 + (size_t)n;
  }
  return false;
}

static bool jpeg_check(const unsigned char *d, size_t len, int *w, int *h) {
  if (len < 4 || d[0] != 0xFF || d[1] != 0xD8 || d[len - 2] != 0xFF || d[len - 1] != 0xD9) return false;
  size_t pos = 2;
  bool frame = false;
  while (pos + 4 <= len) {
    if (d[pos] != 0xFF) return false;
    unsigned char marker = d[pos + 1];
    if (marker == 0xFF) { /* fill byte */
      pos++;
      continue;
    }
    if (marker == 0xD8 || marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7)) return false;
    size_t seg = (size_t)d[pos + 2] << 8 | d[pos + 3];
    if (seg < 2 || pos + 2 + seg > len) return false;
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (seg < 8) return false;
      *h = (int)((size_t)d[pos + 5] << 8 | d[pos + 6]);
      *w = (int)((size_t)d[pos + 7] << 8 | d[pos + 8]);
      if (*w <= 0 || *h <= 0 || *w > IMAGE_MAX_SIDE || *h > IMAGE_MAX_SIDE) return false;
      frame = true;
    }
    if (marker == 0xDA) return frame; /* start of scan: entropy-coded data follows up to the end marker */
    pos += 2 + seg;
  }
  return false;
}

bool image_check(const unsigned char *data, size_t len, const char *content_type, int *width, int *height) {
  *width = *height = 0;
  if (!data || !content_type) return false;
  if (strcmp(content_type, "image/png") == 0) return png_check(data, len, width, height);
  if (strcmp(content_type, "image/jpeg") == 0) return jpeg_check(data, len, width, height);
  return false;
}
