/* util.h — small helpers every module uses: allocation that aborts on failure, a growable
 * string buffer, and UTC clock formatting. Nothing here knows about HTTP or SQL. */
#ifndef ASAMBLEA_UTIL_H
#define ASAMBLEA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void x_free(void *p); /* free(NULL) is a no-op; kept for symmetry with the design's wording */

/* Growable, always NUL-terminated byte buffer. */
struct sbuf {
  char *data; /* NULL until the first append */
  size_t len; /* bytes used, excluding the NUL */
  size_t cap; /* bytes allocated */
};
void sbuf_append(struct sbuf *b, const void *data, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sbuf_steal(struct sbuf *b); /* returns the buffer ("" if empty) and resets b */
void sbuf_free(struct sbuf *b);

/* Monotonic microseconds, for durations. */
uint64_t now_us(void);
/* Current UTC instant as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void now_utc_iso(char out[21]);
/* Formats a UTC time_t as "YYYY-MM-DDTHH:MM:SSZ". */
void utc_iso(time_t t, char out[21]);

#endif
