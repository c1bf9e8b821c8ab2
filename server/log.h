/* log.h — two kinds of log line so that bugs stand out: LOG_CLIENT for a client's fault
 * (bad input, wrong credentials — expected, terse) and LOG_BUG for a fault of ours or of the
 * machine (an SQL error, an I/O failure — each one worth reading); LOG_INFO for the server's own
 * news and LOG_ACCESS for the access log. Never log personal data.
 *
 * Each line, newline included, reaches stderr in one write(2) of at most LOG_LINE_MAX bytes
 * (PIPE_BUF), so lines from different threads never run into each other, even through a pipe;
 * a longer line is cut and ends in "...". */
#ifndef ASAMBLEA_LOG_H
#define ASAMBLEA_LOG_H

#define LOG_LINE_MAX 4096

#define LOG_INFO(...) log_line("asamblea: ", NULL, 0, __VA_ARGS__)
#define LOG_CLIENT(...) log_line("client-fault: ", NULL, 0, __VA_ARGS__)
#define LOG_BUG(...) log_line("BUG ", __FILE__, __LINE__, __VA_ARGS__)
#define LOG_ACCESS(...) log_line("", NULL, 0, __VA_ARGS__)

/* Writes prefix, "file:line: " when file is not NULL, the formatted text and a newline to stderr
 * in one write. */
void log_line(const char *prefix, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#endif
