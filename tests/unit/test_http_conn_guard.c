/* test_http_conn_guard.c — server/http_conn_guard.c: the key a client address is counted and
 * rate-limited under (IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64, so that one
 * subscriber's 2^64 addresses are one client), and the accept rule (the per-address limit
 * always; once the table is nearly full, only addresses holding few get a slot). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "http_conn_guard.h"

static void key_of6(const char *text, char out[CLIENT_KEY_MAX]) {
  struct sockaddr_in6 a = {.sin6_family = AF_INET6};
  assert_int_equal(inet_pton(AF_INET6, text, &a.sin6_addr), 1);
  client_key((const struct sockaddr *)&a, out);
}

static void key_of4(const char *text, char out[CLIENT_KEY_MAX]) {
  struct sockaddr_in a = {.sin_family = AF_INET};
  assert_int_equal(inet_pton(AF_INET, text, &a.sin_addr), 1);
  client_key((const struct sockaddr *)&a, out);
}

static void test_ipv4_is_the_address(void **state) {
  (void)state;
  char k[CLIENT_KEY_MAX];
  key_of4("203.0.113.5", k);
  assert_string_equal(k, "203.0.113.5");
  key_of4("127.0.0.1", k);
  assert_string_equal(k, "127.0.0.1");
}

static void test_ipv6_is_its_64(void **state) {
  (void)state;
  char a[CLIENT_KEY_MAX], b[CLIENT_KEY_MAX], c[CLIENT_KEY_MAX];
  key_of6("2001:db8:1:2::1", a);
  key_of6("2001:db8:1:2:ffff:ffff:ffff:fffe", b);
  key_of6("2001:db8:1:3::1", c);
  assert_string_equal(a, "2001:db8:1:2::/64");
  assert_string_equal(a, b); /* one /64, one client */
  assert_string_not_equal(a, c);
  key_of6("::1", a);
  assert_string_equal(a, "0:0:0:0::/64");
}

static void test_ipv4_mapped_is_ipv4(void **state) {
  (void)state;
  char k[CLIENT_KEY_MAX];
  key_of6("::ffff:198.51.100.7", k);
  assert_string_equal(k, "198.51.100.7");
}

static void test_no_address(void **state) {
  (void)state;
  char k[CLIENT_KEY_MAX];
  client_key(NULL, k);
  assert_string_equal(k, "unknown");
  struct sockaddr other = {.sa_family = AF_UNIX};
  client_key(&other, k);
  assert_string_equal(k, "unknown");
}

static void test_admit(void **state) {
  (void)state;
  const unsigned nearly_full = CONN_LIMIT - CONN_RESERVED;
  /* the per-address limit holds at any load */
  assert_true(conn_admit(0, 199, 200));
  assert_false(conn_admit(0, 200, 200));
  assert_false(conn_admit(0, 3, 3));
  /* below the reserve, any address under its limit */
  assert_true(conn_admit(nearly_full - 1, 150, 200));
  /* once nearly full, only addresses holding few */
  assert_false(conn_admit(nearly_full, CONN_FEW, 200));
  assert_false(conn_admit(CONN_LIMIT - 1, 150, 200));
  assert_true(conn_admit(nearly_full, CONN_FEW - 1, 200));
  assert_true(conn_admit(CONN_LIMIT - 1, 0, 200));
}

/* A request that ended after the sweeper read its clock is not overdue (the subtraction would
 * wrap around and shut down a busy keep-alive connection). */
static void test_overdue(void **state) {
  (void)state;
  const uint64_t now = 5000000000u, second = 1000000u;
  assert_false(conn_guard_overdue(now + 5, now));
  assert_false(conn_guard_overdue(now, now));
  assert_false(conn_guard_overdue(now - (HEAD_DEADLINE_S - 1) * second, now));
  assert_true(conn_guard_overdue(now - HEAD_DEADLINE_S * second, now));
  assert_true(conn_guard_overdue(now - 60 * second, now));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ipv4_is_the_address),
      cmocka_unit_test(test_ipv6_is_its_64),
      cmocka_unit_test(test_ipv4_mapped_is_ipv4),
      cmocka_unit_test(test_no_address),
      cmocka_unit_test(test_admit),
      cmocka_unit_test(test_overdue),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
