/* ratelimit.c — a fixed-size open-addressing table of (kind, address) → failures in the current
 * window, behind one mutex. When the table is full the oldest window is reused. Windows are
 * measured on CLOCK_MONOTONIC, so that setting the wall clock back or forward neither lengthens a
 * lockout (Retry-After never exceeds the window) nor lifts one early. */
#include "ratelimit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096
#define PROBES 16

struct slot {
  char key[72];       /* "kind|address"; "" when free */
  unsigned failures;
  time_t window_start; /* CLOCK_MONOTONIC seconds */
};

static struct slot table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned max_failures[RL__COUNT] = {[RL_LOGIN] = 10, [RL_MANAGE_TOKEN] = 50, [RL_SIGNUP] = 30};
static unsigned window_seconds[RL__COUNT] = {[RL_LOGIN] = 900, [RL_MANAGE_TOKEN] = 900, [RL_SIGNUP] = 600};

void ratelimit_configure(enum rl_kind kind, unsigned max, unsigned window) {
  pthread_mutex_lock(&lock);
  max_failures[kind] = max;
  window_seconds[kind] = window;
  pthread_mutex_unlock(&lock);
}

static uint32_t hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* The slot for key (existing, free, or the oldest of its probe run). Called with the lock held. */
static struct slot *find(const char *key, time_t now, bool create, time_t window) {
  uint32_t h = hash(key);
  for (unsigned i = 0; i < PROBES; i++) { /* the key's own slot first, wherever it is in the run */
    struct slot *s = &table[(h + i) % SLOTS];
    if (strcmp(s->key, key) == 0) return s;
  }
  struct slot *oldest = NULL;
  for (unsigned i = 0; i < PROBES; i++) {
    struct slot *s = &table[(h + i) % SLOTS];
    bool expired = s->key[0] && now - s->window_start >= window;
    if (!s->key[0] || expired) {
      if (!create) continue;
      oldest = s;
      break;
    }
    if (!oldest || s->window_start < oldest->window_start) oldest = s;
  }
  if (!create) return NULL;
  snprintf(oldest->key, sizeof oldest->key, "%s", key);
  oldest->failures = 0;
  oldest->window_start = now;
  return oldest;
}

/* Seconds on a clock that only moves forward, at the same pace as real time. */
static time_t monotonic_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec;
}

static void make_key(char out[72], enum rl_kind kind, const char *ip) { snprintf(out, 72, "%d|%s", (int)kind, ip); }

bool ratelimit_allowed(enum rl_kind kind, const char *ip, unsigned *retry_after) {
  char key[72];
  make_key(key, kind, ip);
  time_t now = monotonic_seconds();
  bool ok = true;
  pthread_mutex_lock(&lock);
  time_t window = (time_t)window_seconds[kind];
  struct slot *s = find(key, now, false, window);
  if (s && now - s->window_start < window && s->failures >= max_failures[kind]) {
    ok = false;
    time_t left = s->window_start + window - now;
    *retry_after = (unsigned)(left < 1 ? 1 : left > window ? window : left);
  }
  pthread_mutex_unlock(&lock);
  return ok;
}

void ratelimit_fail(enum rl_kind kind, const char *ip) {
  char key[72];
  make_key(key, kind, ip);
  time_t now = monotonic_seconds();
  pthread_mutex_lock(&lock);
  time_t window = (time_t)window_seconds[kind];
  struct slot *s = find(key, now, true, window);
  if (now - s->window_start >= window) {
    s->failures = 0;
    s->window_start = now;
  }
  s->failures++;
  pthread_mutex_unlock(&lock);
}

void ratelimit_clear(enum rl_kind kind, const char *ip) {
  char key[72];
  make_key(key, kind, ip);
  pthread_mutex_lock(&lock);
  struct slot *s = find(key, monotonic_seconds(), false, (time_t)window_seconds[kind]);
  if (s) s->failures = 0;
  pthread_mutex_unlock(&lock);
}

bool ratelimit_take(enum rl_kind kind, const char *ip, unsigned *retry_after) {
  char key[72];
  make_key(key, kind, ip);
  time_t now = monotonic_seconds();
  pthread_mutex_lock(&lock);
  time_t window = (time_t)window_seconds[kind];
  bool ok = max_failures[kind] == 0; /* 0: no limit */
  if (!ok) {
    struct slot *s = find(key, now, true, window);
    if (now - s->window_start >= window) {
      s->failures = 0;
      s->window_start = now;
    }
    ok = s->failures < max_failures[kind];
    if (ok) s->failures++;
    time_t left = s->window_start + window - now;
    if (!ok) *retry_after = (unsigned)(left < 1 ? 1 : left);
  }
  pthread_mutex_unlock(&lock);
  return ok;
}

void ratelimit_give_back(enum rl_kind kind, const char *ip) {
  char key[72];
  make_key(key, kind, ip);
  pthread_mutex_lock(&lock);
  struct slot *s = find(key, monotonic_seconds(), false, (time_t)window_seconds[kind]);
  if (s && s->failures > 0) s->failures--;
  pthread_mutex_unlock(&lock);
}
