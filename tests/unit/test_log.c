/* test_log.c — server/log.h: lines logged by many threads at once reach stderr whole. stderr is
 * a pipe drained by a reader thread while 8 writer threads log 1 500 lines each through every
 * macro (LOG_INFO, LOG_CLIENT, LOG_BUG, LOG_ACCESS); every line read back must be exactly one
 * of the lines written, each exactly once. Also: a line longer than LOG_LINE_MAX is cut, ends in
 * "..." and still ends in one newline. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define WRITERS 8
#define LINES 1500
#define FILLER "abcdefghijklmnopqrstuvwxyz0123456789" /* makes each line long enough to be cut */

struct capture {
  int fd;     /* read end of the pipe */
  char *text; /* everything read */
  size_t len, cap;
};

static void *drain(void *arg) {
  struct capture *c = arg;
  char chunk[65536];
  ssize_t n;
  while ((n = read(c->fd, chunk, sizeof chunk)) > 0) {
    if (c->len + (size_t)n + 1 > c->cap) {
      c->cap = (c->len + (size_t)n + 1) * 2;
      c->text = realloc(c->text, c->cap);
    }
    memcpy(c->text + c->len, chunk, (size_t)n);
    c->len += (size_t)n;
  }
  c->text[c->len] = '\0';
  return NULL;
}

/* Runs fn with stderr redirected into a pipe; returns everything written there (to free). */
static char *capture_stderr(void *(*fn)(void *)) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  int saved = dup(STDERR_FILENO);
  assert_true(saved >= 0);
  assert_true(dup2(fds[1], STDERR_FILENO) >= 0);
  close(fds[1]);
  struct capture c = {.fd = fds[0], .text = malloc(1), .cap = 1};
  pthread_t reader;
  assert_int_equal(pthread_create(&reader, NULL, drain, &c), 0);
  fn(NULL);
  assert_true(dup2(saved, STDERR_FILENO) >= 0); /* closes the last write end: the reader sees EOF */
  close(saved);
  pthread_join(reader, NULL);
  close(fds[0]);
  return c.text;
}

static void *log_lines(void *arg) {
  int id = (int)(intptr_t)arg;
  for (int i = 0; i < LINES; i++) {
    switch (i % 4) {
      case 0: LOG_INFO("writer %d line %d " FILLER FILLER, id, i); break;
      case 1: LOG_CLIENT("writer %d line %d " FILLER, id, i); break;
      case 2: LOG_BUG("writer %d line %d " FILLER FILLER FILLER, id, i); break;
      default: LOG_ACCESS("GET /writer/%d/line/%d 200 %d 12us", id, i, i * 7); break;
    }
  }
  return NULL;
}

static void *run_writers(void *unused) {
  (void)unused;
  pthread_t t[WRITERS];
  for (int i = 0; i < WRITERS; i++) assert_int_equal(pthread_create(&t[i], NULL, log_lines, (void *)(intptr_t)i), 0);
  for (int i = 0; i < WRITERS; i++) pthread_join(t[i], NULL);
  return NULL;
}

/* The writer and line of one log line, if it is exactly one of the lines log_lines writes. */
static bool parse_line(const char *line, int *id, int *i) {
  char expect[512];
  if (sscanf(line, "asamblea: writer %d line %d ", id, i) == 2 && *i % 4 == 0)
    snprintf(expect, sizeof expect, "asamblea: writer %d line %d " FILLER FILLER, *id, *i);
  else if (sscanf(line, "client-fault: writer %d line %d ", id, i) == 2 && *i % 4 == 1)
    snprintf(expect, sizeof expect, "client-fault: writer %d line %d " FILLER, *id, *i);
  else if (sscanf(line, "BUG tests/unit/test_log.c:%*d: writer %d line %d ", id, i) == 2 && *i % 4 == 2)
    snprintf(expect, sizeof expect, "BUG tests/unit/test_log.c:%d: writer %d line %d " FILLER FILLER FILLER,
             atoi(line + strlen("BUG tests/unit/test_log.c:")), *id, *i);
  else if (sscanf(line, "GET /writer/%d/line/%d ", id, i) == 2 && *i % 4 == 3)
    snprintf(expect, sizeof expect, "GET /writer/%d/line/%d 200 %d 12us", *id, *i, *i * 7);
  else return false;
  return *id >= 0 && *id < WRITERS && *i >= 0 && *i < LINES && strcmp(line, expect) == 0;
}

static void test_concurrent_lines_stay_whole(void **state) {
  (void)state;
  char *text = capture_stderr(run_writers);
  static bool seen[WRITERS][LINES];
  memset(seen, 0, sizeof seen);
  size_t count = 0;
  char *save = NULL;
  assert_true(strlen(text) > 0 && text[strlen(text) - 1] == '\n');
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    int id, i;
    if (!parse_line(line, &id, &i)) fail_msg("line %zu is not one line written whole: \"%.300s\"", count + 1, line);
    if (seen[id][i]) fail_msg("writer %d line %d read twice", id, i);
    seen[id][i] = true;
    count++;
  }
  assert_int_equal(count, WRITERS * LINES);
  free(text);
}

static void *log_long_line(void *unused) {
  (void)unused;
  static char huge[3 * LOG_LINE_MAX];
  memset(huge, 'x', sizeof huge - 1);
  LOG_INFO("%s", huge);
  LOG_INFO("after");
  return NULL;
}

static void test_long_line_is_cut(void **state) {
  (void)state;
  char *text = capture_stderr(log_long_line);
  char *nl = strchr(text, '\n');
  assert_non_null(nl);
  assert_int_equal(nl - text + 1, LOG_LINE_MAX);
  assert_memory_equal(text, "asamblea: xxx", 13);
  assert_memory_equal(nl - 3, "...", 3);
  assert_string_equal(nl + 1, "asamblea: after\n");
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_concurrent_lines_stay_whole),
      cmocka_unit_test(test_long_line_is_cut),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
