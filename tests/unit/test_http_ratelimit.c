/* test_http_ratelimit.c — server/http_ratelimit.c: failures per (kind, key) in a fixed window: the
 * limit blocks with a Retry-After inside the window, other keys and kinds are separate (each
 * kind with its own limit), clearing resets, the window's end unblocks, and a key's count is not
 * lost to another key that shares its hash slot. Reservations: concurrent ones never pass the
 * limit, several keys are reserved all or none, and a release gives back only its own attempt
 * (a success never forgives other failures). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http_ratelimit.h"

/* The clock the windows are measured on (CLOCK_MONOTONIC), in whole seconds. */
static time_t mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec;
}

/* Sleeps until mono() reaches t. */
static void wait_until(time_t t) {
  while (mono() < t) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
}

/* Sleeps until a new second starts; returns it. */
static time_t next_second(void) {
  time_t now = mono();
  wait_until(now + 1);
  return mono();
}

static void test_blocks_after_max_failures(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 3, 60);
  ratelimit_configure(RL_MANAGE_TOKEN, 3, 60);
  unsigned retry = 12345;
  const char *ip = "192.0.2.10";
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
  assert_int_equal(retry, 12345); /* untouched when allowed */
  for (int i = 0; i < 3; i++) {
    assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
    ratelimit_fail(RL_LOGIN, ip);
  }
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
  assert_true(retry >= 1 && retry <= 60);
  /* more failures keep it blocked */
  ratelimit_fail(RL_LOGIN, ip);
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
  assert_true(retry >= 1 && retry <= 60);
}

static void test_two_failures_still_allowed(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 3, 60);
  ratelimit_configure(RL_MANAGE_TOKEN, 3, 60);
  unsigned retry = 0;
  const char *ip = "192.0.2.11";
  ratelimit_fail(RL_LOGIN, ip);
  ratelimit_fail(RL_LOGIN, ip);
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
  ratelimit_fail(RL_LOGIN, ip);
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
}

static void test_other_address_and_kind_unaffected(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 3, 60);
  ratelimit_configure(RL_MANAGE_TOKEN, 3, 60);
  unsigned retry = 0;
  const char *ip = "192.0.2.20";
  for (int i = 0; i < 3; i++) ratelimit_fail(RL_LOGIN, ip);
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
  assert_true(ratelimit_allowed(RL_LOGIN, "192.0.2.21", &retry));
  assert_true(ratelimit_allowed(RL_LOGIN, "192.0.2.2", &retry)); /* a prefix of the blocked address */
  assert_true(ratelimit_allowed(RL_LOGIN, "2001:db8::20", &retry));
  assert_true(ratelimit_allowed(RL_MANAGE_TOKEN, ip, &retry));
  /* and the other kind counts on its own */
  for (int i = 0; i < 3; i++) ratelimit_fail(RL_MANAGE_TOKEN, "2001:db8::1");
  assert_false(ratelimit_allowed(RL_MANAGE_TOKEN, "2001:db8::1", &retry));
  assert_true(ratelimit_allowed(RL_LOGIN, "2001:db8::1", &retry));
}

static void test_clear_resets(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 3, 60);
  ratelimit_configure(RL_MANAGE_TOKEN, 3, 60);
  unsigned retry = 0;
  const char *ip = "192.0.2.30";
  for (int i = 0; i < 3; i++) ratelimit_fail(RL_LOGIN, ip);
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
  ratelimit_clear(RL_LOGIN, ip);
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
  /* counting starts again from zero */
  ratelimit_fail(RL_LOGIN, ip);
  ratelimit_fail(RL_LOGIN, ip);
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
  ratelimit_fail(RL_LOGIN, ip);
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
  /* clearing one kind leaves the other */
  for (int i = 0; i < 3; i++) ratelimit_fail(RL_MANAGE_TOKEN, ip);
  ratelimit_clear(RL_LOGIN, ip);
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
  assert_false(ratelimit_allowed(RL_MANAGE_TOKEN, ip, &retry));
  /* clearing an address never seen is harmless */
  ratelimit_clear(RL_LOGIN, "198.51.100.99");
  assert_true(ratelimit_allowed(RL_LOGIN, "198.51.100.99", &retry));
}

/* Each kind has its own limit: manage links allow more failures than logins (an office shares
 * one address). */
static void test_limits_per_kind(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 2, 60);
  ratelimit_configure(RL_MANAGE_TOKEN, 5, 60);
  unsigned retry = 0;
  const char *ip = "192.0.2.31";
  for (int i = 0; i < 2; i++) {
    ratelimit_fail(RL_LOGIN, ip);
    ratelimit_fail(RL_MANAGE_TOKEN, ip);
  }
  assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
  assert_true(ratelimit_allowed(RL_MANAGE_TOKEN, ip, &retry));
  for (int i = 0; i < 2; i++) ratelimit_fail(RL_MANAGE_TOKEN, ip);
  assert_true(ratelimit_allowed(RL_MANAGE_TOKEN, ip, &retry)); /* 4 of 5 */
  ratelimit_fail(RL_MANAGE_TOKEN, ip);
  assert_false(ratelimit_allowed(RL_MANAGE_TOKEN, ip, &retry));
  assert_true(retry >= 1 && retry <= 60);
  ratelimit_clear(RL_LOGIN, ip);
  ratelimit_clear(RL_MANAGE_TOKEN, ip);
}

static void test_window_end_unblocks(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 2, 1);
  unsigned retry = 0;
  const char *ip = "192.0.2.40";
  time_t s = next_second();
  ratelimit_fail(RL_LOGIN, ip);
  ratelimit_fail(RL_LOGIN, ip);
  if (mono() == s) { /* still inside the 1-second window */
    assert_false(ratelimit_allowed(RL_LOGIN, ip, &retry));
    assert_int_equal(retry, 1);
  }
  wait_until(s + 1);
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
  /* the next failure opens a new window with a count of one */
  ratelimit_fail(RL_LOGIN, ip);
  assert_true(ratelimit_allowed(RL_LOGIN, ip, &retry));
}

/* The table's hash (FNV-1a over "kind|address"), to build two addresses sharing a slot. */
static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void test_count_survives_neighbour_expiry(void **state) {
  (void)state;
  /* Two addresses a and k whose keys hash to the same slot: a takes the slot, k the next one.
   * When a's window ends, k's failures must still count. */
  char a[32] = "", k[32] = "", key[48];
  for (int i = 1; i < 255 && !k[0]; i++) {
    snprintf(a, sizeof a, "203.0.113.%d", i);
    snprintf(key, sizeof key, "%d|%s", (int)RL_LOGIN, a);
    uint32_t ha = fnv1a(key) % 4096;
    for (int j = 0; j < 65536; j++) {
      char cand[32];
      snprintf(cand, sizeof cand, "198.18.%d.%d", j / 256, j % 256);
      snprintf(key, sizeof key, "%d|%s", (int)RL_LOGIN, cand);
      if (fnv1a(key) % 4096 == ha) {
        snprintf(k, sizeof k, "%s", cand);
        break;
      }
    }
  }
  assert_true(k[0] != '\0');
  ratelimit_configure(RL_LOGIN, 3, 2);
  unsigned retry = 0;
  time_t s = next_second();
  ratelimit_fail(RL_LOGIN, a); /* a's window: [s, s+2) */
  wait_until(s + 1);
  for (int i = 0; i < 3; i++) ratelimit_fail(RL_LOGIN, k); /* k's window: [s+1, s+3) */
  bool k_placed_in_time = mono() == s + 1;
  bool blocked_before = !ratelimit_allowed(RL_LOGIN, k, &retry);
  wait_until(s + 2); /* a's window is over, k's is not */
  bool blocked_after_neighbour = !ratelimit_allowed(RL_LOGIN, k, &retry);
  ratelimit_fail(RL_LOGIN, k); /* a fourth failure inside k's window */
  bool blocked_after_fourth = !ratelimit_allowed(RL_LOGIN, k, &retry);
  if (!k_placed_in_time || mono() != s + 2) skip(); /* the machine stalled: the timing premise does not hold */
  assert_true(blocked_before);
  assert_true(blocked_after_neighbour);
  if (!blocked_after_fourth)
    fail_msg("%s is allowed again after 4 failures in its window: its count was lost when %s's window ended", k, a);
}

/* Concurrent reservations on one key: exactly the limit is granted, whatever the interleaving. */
struct racer {
  const char *key;
  int granted;
};

static void *race_reservations(void *arg) {
  struct racer *r = arg;
  const struct rl_key k = {RL_LOGIN, r->key};
  unsigned retry;
  for (int i = 0; i < 50; i++)
    if (ratelimit_reserve(&k, 1, &retry)) r->granted++;
  return NULL;
}

static void test_concurrent_reservations_never_pass_the_limit(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 10, 60);
  struct racer racers[8];
  pthread_t threads[8];
  for (int i = 0; i < 8; i++) {
    racers[i] = (struct racer){.key = "192.0.2.50"};
    assert_int_equal(pthread_create(&threads[i], NULL, race_reservations, &racers[i]), 0);
  }
  int granted = 0;
  for (int i = 0; i < 8; i++) {
    pthread_join(threads[i], NULL);
    granted += racers[i].granted;
  }
  assert_int_equal(granted, 10);
}

static void test_reserve_is_all_or_nothing(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 3, 60);
  ratelimit_configure(RL_LOGIN_ACCOUNT, 3, 60);
  unsigned retry = 0;
  const struct rl_key account = {RL_LOGIN_ACCOUNT, "cuenta-bloqueada"};
  for (int i = 0; i < 3; i++) assert_true(ratelimit_reserve(&account, 1, &retry));
  const struct rl_key both[] = {{RL_LOGIN, "192.0.2.60"}, {RL_LOGIN_ACCOUNT, "cuenta-bloqueada"}};
  assert_false(ratelimit_reserve(both, 2, &retry)); /* the account is at its limit */
  assert_true(retry >= 1 && retry <= 60);
  /* so the address was not charged for it: it still has its 3 attempts */
  const struct rl_key address = {RL_LOGIN, "192.0.2.60"};
  for (int i = 0; i < 3; i++) assert_true(ratelimit_reserve(&address, 1, &retry));
  assert_false(ratelimit_reserve(&address, 1, &retry));
}

static void test_release_gives_back_only_its_own_attempt(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 3, 60);
  unsigned retry = 0;
  const struct rl_key k = {RL_LOGIN, "192.0.2.70"};
  for (int i = 0; i < 2; i++) ratelimit_fail(RL_LOGIN, k.key); /* two wrong passwords */
  for (int round = 0; round < 5; round++) {                    /* any number of successes in between ... */
    assert_true(ratelimit_reserve(&k, 1, &retry));
    ratelimit_release(&k, 1);
  }
  assert_true(ratelimit_reserve(&k, 1, &retry)); /* ... leave room for exactly one more failure */
  assert_false(ratelimit_reserve(&k, 1, &retry));
  ratelimit_release(&(struct rl_key){RL_LOGIN, "192.0.2.71"}, 1); /* releasing a key never seen is harmless */
  assert_true(ratelimit_allowed(RL_LOGIN, "192.0.2.71", &retry));
}

static void test_retry_after_is_the_longest_wait(void **state) {
  (void)state;
  ratelimit_configure(RL_LOGIN, 1, 60);
  ratelimit_configure(RL_CERTIFICATE, 1, 600);
  unsigned retry = 0;
  ratelimit_fail(RL_LOGIN, "192.0.2.80");
  ratelimit_fail(RL_CERTIFICATE, "192.0.2.80");
  const struct rl_key both[] = {{RL_LOGIN, "192.0.2.80"}, {RL_CERTIFICATE, "192.0.2.80"}};
  assert_false(ratelimit_reserve(both, 2, &retry));
  assert_true(retry > 60 && retry <= 600);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_blocks_after_max_failures),
      cmocka_unit_test(test_two_failures_still_allowed),
      cmocka_unit_test(test_other_address_and_kind_unaffected),
      cmocka_unit_test(test_clear_resets),
      cmocka_unit_test(test_limits_per_kind),
      cmocka_unit_test(test_window_end_unblocks),
      cmocka_unit_test(test_count_survives_neighbour_expiry),
      cmocka_unit_test(test_concurrent_reservations_never_pass_the_limit),
      cmocka_unit_test(test_reserve_is_all_or_nothing),
      cmocka_unit_test(test_release_gives_back_only_its_own_attempt),
      cmocka_unit_test(test_retry_after_is_the_longest_wait),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
