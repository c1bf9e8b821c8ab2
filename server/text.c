/* text.c — strict UTF-8 validation and accent folding. The folding table covers the Latin
 * letters used in Spanish, Portuguese, French, German and the Kichwa orthography, which is
 * what names of Ecuadorian officials and cooperation agencies contain. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else return false;
    if (len - i <= n) return false; /* truncated sequence */
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

size_t utf8_length(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

/* Folded ASCII letter for code points U+00C0..U+017F, 0 when the character has no plain form. */
static const char latin_fold[] =
    /* U+00C0 */
    "aaaaaaaceeeeiiii"
    "dnooooo\0ouuuuyts"
    /* U+00E0 */
    "aaaaaaaceeeeiiii"
    "dnooooo\0ouuuuyty"
    /* U+0100 */
    "aaaaaaccccccccdd"
    "ddeeeeeeeeeegggg"
    /* U+0120 */
    "gggghhhhiiiiiiii"
    "iiiijjkkklllllll"
    /* U+0140 */
    "lllnnnnnnnnnoooo"
    "oooorrrrrrssssss"
    /* U+0160 */
    "ssttttttuuuuuuuu"
    "uuuuwwyyyzzzzzzs";

char *text_fold(const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  size_t len = strlen(str);
  char *out = xmalloc(len + 1);
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
      i++;
      continue;
    }
    if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
      unsigned cp = ((unsigned)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
      if (cp >= 0xC0 && cp <= 0x17F && latin_fold[cp - 0xC0]) {
        out[o++] = latin_fold[cp - 0xC0];
        i += 2;
        continue;
      }
    }
    out[o++] = (char)c; /* other bytes, including continuation bytes, are copied as they are */
    i++;
  }
  out[o] = '\0';
  return out;
}

char *text_sort_key_es(const char *s) {
  struct sbuf b = {0};
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    if (p[0] == 0xC3 && (p[1] == 0xB1 || p[1] == 0x91)) { /* ñ, Ñ: an n followed by a mark above any letter */
      sbuf_puts(&b, "n~");
      p += 2;
      continue;
    }
    size_t n = 1;
    while (p[n] && (p[n] & 0xC0) == 0x80) n++;
    char *one = xstrndup((const char *)p, n);
    char *folded = text_fold(one);
    sbuf_puts(&b, folded);
    free(folded);
    free(one);
    p += n;
  }
  return sbuf_steal(&b);
}
