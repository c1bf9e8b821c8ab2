/* log.h — two kinds of log line so that bugs stand out: LOG_CLIENT for a client's fault
 * (bad input, wrong credentials — expected, terse) and LOG_BUG for a fault of ours or of the
 * machine (an SQL error, an I/O failure — each one worth reading). Never log personal data. */
#ifndef ASAMBLEA_LOG_H
#define ASAMBLEA_LOG_H
#include <stdio.h>

#define LOG_INFO(...) (fprintf(stderr, "asamblea: " __VA_ARGS__), fputc('\n', stderr))
#define LOG_CLIENT(...) (fprintf(stderr, "client-fault: " __VA_ARGS__), fputc('\n', stderr))
#define LOG_BUG(...) \
  (fprintf(stderr, "BUG %s:%d: ", __FILE__, __LINE__), fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))
#endif
