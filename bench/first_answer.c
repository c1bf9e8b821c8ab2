/* first_answer.c — time from starting a server to its first 200 on GET /healthz.
 *
 *   first_answer PORT OUT -- COMMAND [ARGS...]
 *
 * Notes the time, forks a poller and then becomes COMMAND itself (exec), so that the caller's
 * "$!" is the server's pid (to signal it, wait for it, read /proc/PID/status). The poller (detached
 * by a double fork, so the server never has a child to reap) connects to 127.0.0.1:PORT every
 * 0.2 ms, sends GET /healthz and, at the first "HTTP/1.x 200", writes "ms=12.345" to OUT (or
 * "ms=timeout" after 10 s). The time covers exec, dynamic linking, opening and migrating the
 * database, and starting the thread pool: what a restart costs at the door. Only 127.0.0.1. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One try: true when the server answered 200 to GET /healthz. */
static int healthz_ok(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ok = 0;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    char buf[64];
    ssize_t n = 0;
    if (write(fd, req, sizeof req - 1) == (ssize_t)(sizeof req - 1)) {
      size_t got = 0;
      while (got < 12 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
      buf[got] = '\0';
      ok = got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 9, "200", 3) == 0;
    }
  }
  close(fd);
  return ok;
}

static void poll_until_answer(unsigned port, const char *out, const struct timespec *t0) {
  const struct timespec pause = {0, 200000}; /* 0.2 ms */
  char line[64];
  snprintf(line, sizeof line, "ms=timeout\n");
  while (ms_since(t0) < 10000) {
    if (healthz_ok(port)) {
      snprintf(line, sizeof line, "ms=%.3f\n", ms_since(t0));
      break;
    }
    nanosleep(&pause, NULL);
  }
  char tmp[4096]; /* written aside, then renamed: a reader never sees half a line */
  snprintf(tmp, sizeof tmp, "%s.partial", out);
  FILE *f = fopen(tmp, "w");
  if (!f) return;
  int ok = fputs(line, f) >= 0;
  if (fclose(f) == 0 && ok) rename(tmp, out);
}

int main(int argc, char **argv) {
  if (argc < 5 || strcmp(argv[3], "--") != 0) {
    fprintf(stderr, "usage: first_answer PORT OUT -- COMMAND [ARGS...]\n");
    return 2;
  }
  unsigned port = (unsigned)strtoul(argv[1], NULL, 10);
  const char *out = argv[2];
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) { /* the poller: detach from the soon-to-be server, then poll */
    if (fork() != 0) _exit(0);
    poll_until_answer(port, out, &t0);
    _exit(0);
  }
  waitpid(child, NULL, 0); /* the intermediate process exits at once */
  execvp(argv[4], argv + 4);
  fprintf(stderr, "first_answer: cannot run %s: %s\n", argv[4], strerror(errno));
  return 127;
}
