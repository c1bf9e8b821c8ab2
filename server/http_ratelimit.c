/* http_ratelimit.c — a fixed-size open-addressing table of (kind, key) → attempts in the current
 * window, behind one mutex, so that checking the limit and counting an attempt are one step
 * (ratelimit_reserve). When the table is full the oldest window is reused. Windows are measured
 * on CLOCK_MONOTONIC, so that setting the wall clock back or forward neither lengthens a lockout
 * (Retry-After never exceeds the window) nor lifts one early. */
#include "http_ratelimit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096
#define PROBES 16

struct slot {
  char key[72]; /* "kind|key"; "" when free */
  unsigned failures;
  time_t window_start; /* CLOCK_MONOTONIC seconds */
};

static struct slot table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned max_failures[RL__COUNT] = {
    [RL_LOGIN] = 10,  [RL_LOGIN_ACCOUNT] = 10, [RL_MANAGE_TOKEN] = 50, [RL_CERTIFICATE] = 50,
    [RL_SIGNUP] = 30, [RL_RESET_ACCOUNT] = 3,  [RL_RESET_ADDRESS] = 30};
static unsigned window_seconds[RL__COUNT] = {
    [RL_LOGIN] = 900,  [RL_LOGIN_ACCOUNT] = 900,  [RL_MANAGE_TOKEN] = 900,  [RL_CERTIFICATE] = 900,
    [RL_SIGNUP] = 600, [RL_RESET_ACCOUNT] = 3600, [RL_RESET_ADDRESS] = 3600};

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

static void make_key(char out[72], enum rl_kind kind, const char *key) { snprintf(out, 72, "%d|%s", (int)kind, key); }

/* Seconds key must wait before its next attempt; 0 when it may try now. Called with the lock held. */
static unsigned seconds_blocked(enum rl_kind kind, const char *key, time_t now) {
  char k[72];
  make_key(k, kind, key);
  time_t window = (time_t)window_seconds[kind];
  const struct slot *s = find(k, now, false, window);
  if (max_failures[kind] == 0) return 0; /* 0: no limit */
  if (!s || now - s->window_start >= window || s->failures < max_failures[kind]) return 0;
  time_t left = s->window_start + window - now;
  return (unsigned)(left < 1 ? 1 : left > window ? window : left);
}

/* Counts one failure of key, in a new window if its last one is over. Called with the lock held. */
static void count_failure(enum rl_kind kind, const char *key, time_t now) {
  char k[72];
  make_key(k, kind, key);
  time_t window = (time_t)window_seconds[kind];
  struct slot *s = find(k, now, true, window);
  if (now - s->window_start >= window) {
    s->failures = 0;
    s->window_start = now;
  }
  s->failures++;
}

bool ratelimit_allowed(enum rl_kind kind, const char *key, unsigned *retry_after) {
  time_t now = monotonic_seconds();
  pthread_mutex_lock(&lock);
  unsigned wait = seconds_blocked(kind, key, now);
  pthread_mutex_unlock(&lock);
  if (wait) *retry_after = wait;
  return wait == 0;
}

void ratelimit_fail(enum rl_kind kind, const char *key) {
  time_t now = monotonic_seconds();
  pthread_mutex_lock(&lock);
  count_failure(kind, key, now);
  pthread_mutex_unlock(&lock);
}

void ratelimit_clear(enum rl_kind kind, const char *key) {
  char k[72];
  make_key(k, kind, key);
  pthread_mutex_lock(&lock);
  struct slot *s = find(k, monotonic_seconds(), false, (time_t)window_seconds[kind]);
  if (s) s->failures = 0;
  pthread_mutex_unlock(&lock);
}

bool ratelimit_reserve(const struct rl_key *keys, size_t n, unsigned *retry_after) {
  time_t now = monotonic_seconds();
  unsigned wait = 0;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < n; i++) {
    unsigned w = seconds_blocked(keys[i].kind, keys[i].key, now);
    if (w > wait) wait = w;
  }
  for (size_t i = 0; i < n && wait == 0; i++) count_failure(keys[i].kind, keys[i].key, now);
  pthread_mutex_unlock(&lock);
  if (wait) *retry_after = wait;
  return wait == 0;
}

void ratelimit_release(const struct rl_key *keys, size_t n) {
  time_t now = monotonic_seconds();
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < n; i++) {
    char k[72];
    make_key(k, keys[i].kind, keys[i].key);
    time_t window = (time_t)window_seconds[keys[i].kind];
    struct slot *s = find(k, now, false, window);
    if (s && now - s->window_start < window && s->failures > 0) s->failures--;
  }
  pthread_mutex_unlock(&lock);
}
