/* hyphenate.h — where a word of Spanish running text may be split at a line end, from the
 * hyphenation patterns of Debian's hyphen-es read by libhyphen. Only plain lowercase words are
 * split: names, acronyms, codes, numbers, e-mail addresses and URLs never are. */
#ifndef ASAMBLEA_PDF_HYPHENATE_H
#define ASAMBLEA_PDF_HYPHENATE_H
#include <stdbool.h>
#include <stddef.h>

#define HYPHEN_MIN_LETTERS 5 /* shorter words stay whole */
#define HYPHEN_LEFT_MIN 2    /* letters kept before a hyphen */
#define HYPHEN_RIGHT_MIN 3   /* letters carried to the next line */
#define HYPHEN_MAX_CUTS 32

/* The byte offsets inside word[0..len) (UTF-8) where it may be split, ascending, at most
 * HYPHEN_MAX_CUTS; returns how many. A word qualifies when, once opening punctuation ("(«¿¡)
 * and closing punctuation (.,;:!?)»") are set aside, it is at least HYPHEN_MIN_LETTERS lowercase
 * letters and nothing else: a capital (names, acronyms, the first word of a sentence), a digit,
 * '@', '/', '.', '-', '_' or any other mark keeps it whole. 0 also when the patterns are not
 * installed. Thread-safe: the patterns are loaded once, on first use, and only read after. */
size_t hyphen_points(const char *word, size_t len, size_t *cuts);
/* Whether the Spanish patterns could be loaded. */
bool hyphen_available(void);
#endif
