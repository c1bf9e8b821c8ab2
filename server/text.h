/* text.h — UTF-8 text rules shared by validation, search and storage: strict UTF-8 checking,
 * and folding (lower-case, accents removed) so that "perez nacato" finds "Pérez Ñacato". */
#ifndef ASAMBLEA_TEXT_H
#define ASAMBLEA_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* Lower-cases ASCII and Latin-1/Latin Extended-A letters and strips their accents; other
 * characters are copied unchanged. Returns a new string. */
char *text_fold(const char *s);
/* A key that sorts names in Spanish order: folded like text_fold, but with ñ after n (so
 * "Núñez" < "Nuño" < "Ñacato" < "Ortiz"). Returns a new string. */
char *text_sort_key_es(const char *s);
#endif
