/* log.c — the one function behind the macros of log.h: a line is formatted whole into a buffer
 * and written with a single write(2), never as several stdio calls that other threads' lines
 * could land between. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Adds formatted text to buf (len bytes used of cap, one kept for the NUL); true if it all fit. */
static bool append(char *buf, size_t cap, size_t *len, const char *fmt, va_list ap) {
  int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
  if (n < 0) return false;
  bool fit = (size_t)n < cap - *len;
  *len += fit ? (size_t)n : cap - *len - 1;
  return fit;
}

static bool append_f(char *buf, size_t cap, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool append_f(char *buf, size_t cap, size_t *len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bool fit = append(buf, cap, len, fmt, ap);
  va_end(ap);
  return fit;
}

/* One write of the whole line; a pipe takes up to PIPE_BUF bytes in one piece. */
static void write_line(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(STDERR_FILENO, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* nowhere to report a failure to log */
    buf += n;
    len -= (size_t)n;
  }
}

void log_line(const char *prefix, const char *file, int line, const char *fmt, ...) {
  char buf[LOG_LINE_MAX];
  size_t cap = sizeof buf, len = 0; /* the newline takes the place of the NUL */
  bool fit = file ? append_f(buf, cap, &len, "%s%s:%d: ", prefix, file, line) : append_f(buf, cap, &len, "%s", prefix);
  if (fit) {
    va_list ap;
    va_start(ap, fmt);
    fit = append(buf, cap, &len, fmt, ap);
    va_end(ap);
  }
  if (!fit && len >= 3) memcpy(buf + len - 3, "...", 3);
  buf[len++] = '\n';
  write_line(buf, len);
}
