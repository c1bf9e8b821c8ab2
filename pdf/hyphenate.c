/* hyphenate.c — hyphen_points of hyphenate.h: libhyphen over Debian's Spanish patterns (UTF-8,
 * one file per country, all the same), loaded once per process with pthread_once. libhyphen
 * only reads the dictionary while hyphenating, so threads share it without a lock. */
#include "pdf/hyphenate.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const pattern_files[] = {"/usr/share/hyphen/hyph_es_EC.dic", "/usr/share/hyphen/hyph_es_ES.dic",
                                            "/usr/share/hyphen/hyph_es.dic"};
static HyphenDict *dict;
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

static void load_dict(void) {
  for (size_t i = 0; i < sizeof pattern_files / sizeof *pattern_files && !dict; i++)
    dict = hnj_hyphen_load(pattern_files[i]);
}

bool hyphen_available(void) {
  pthread_once(&dict_once, load_dict);
  return dict != NULL;
}

/* Decodes the code point at s[*i] (well-formed UTF-8, as the layout cleans it), advancing *i. */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i) {
  uint32_t c = s[*i];
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (*i + n > len) n = len - *i;
  uint32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
  for (size_t k = 1; k < n; k++) cp = cp << 6 | (s[*i + k] & 0x3F);
  *i += n;
  return cp;
}

/* Spanish lowercase letters (and the Latin-1 ones of borrowed words). */
static bool is_lower_letter(uint32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

static bool is_opening(uint32_t cp) {
  return cp == '(' || cp == '"' || cp == '\'' || cp == 0xAB || cp == 0xBF || cp == 0xA1 || cp == 0x201C || cp == 0x2018;
}

static bool is_closing(uint32_t cp) {
  return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == ')' || cp == '"' ||
         cp == '\'' || cp == 0xBB || cp == 0x201D || cp == 0x2019 || cp == 0x2026;
}

size_t hyphen_points(const char *word, size_t len, size_t *cuts) {
  const unsigned char *s = (const unsigned char *)word;
  size_t i = 0, start = 0;
  while (i < len) { /* opening punctuation */
    size_t at = i;
    if (!is_opening(next_cp(s, len, &i))) {
      i = at;
      break;
    }
  }
  start = i;
  size_t letter_end[64]; /* byte offset after each letter of the core */
  size_t letters = 0, end = start;
  bool closing = false;
  while (i < len) {
    uint32_t cp = next_cp(s, len, &i);
    if (closing || !is_lower_letter(cp)) {
      if (!is_closing(cp)) return 0; /* a capital, digit, '@', '/', '.' inside, '-'...: never split */
      closing = true;
      continue;
    }
    if (letters == sizeof letter_end / sizeof *letter_end) return 0;
    letter_end[letters++] = i;
    end = i;
  }
  if (letters < HYPHEN_MIN_LETTERS || !hyphen_available()) return 0;
  /* libhyphen wants room for the bytes of the word plus 5, and twice that for the spelled word */
  char marks[sizeof letter_end / sizeof *letter_end * 2 + 5];
  char spelled[sizeof marks * 2]; /* the word with '=' marks (unused) */
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  size_t n = 0;
  char core[sizeof marks]; /* the letters alone, NUL-terminated: libhyphen searches it as a string */
  memcpy(core, word + start, end - start);
  core[end - start] = 0;
  if (hnj_hyphen_hyphenate3(dict, core, (int)(end - start), marks, spelled, &rep, &pos, &cut, HYPHEN_LEFT_MIN,
                            HYPHEN_RIGHT_MIN, HYPHEN_LEFT_MIN, HYPHEN_RIGHT_MIN) == 0) {
    /* with UTF-8 patterns the marks are per letter: odd after letter k means a break after it */
    for (size_t k = HYPHEN_LEFT_MIN - 1; k + HYPHEN_RIGHT_MIN < letters && n < HYPHEN_MAX_CUTS; k++)
      if (marks[k] & 1 && !(rep && rep[k])) cuts[n++] = letter_end[k];
  }
  if (rep) {
    for (size_t k = 0; k < end - start; k++) free(rep[k]);
    free(rep);
  }
  free(pos);
  free(cut);
  return n;
}
