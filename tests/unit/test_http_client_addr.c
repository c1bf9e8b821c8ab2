/* test_http_client_addr.c — server/http_client_addr.c: who the client of a request is. X-Forwarded-For is
 * never believed from a peer that is not a trusted proxy; from a trusted one the client is the
 * right-most entry that is not itself trusted (X-Real-IP only without X-Forwarded-For); a
 * malformed header leaves the peer; networks, IPv6 and IPv4-mapped peers; a bad list is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

#include "http_client_addr.h"
#include "http_conn_guard.h"

/* A socket address from its text (IPv4 or IPv6). */
static struct sockaddr_storage addr(const char *text) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) a4->sin_family = AF_INET;
  else if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) a6->sin6_family = AF_INET6;
  else fail_msg("not an address: %s", text);
  return ss;
}

/* The rate-limit key of the client of a request from peer with these headers. */
static const char *client_of(const char *peer, const char *xff, const char *real_ip) {
  static char key[CLIENT_KEY_MAX];
  struct sockaddr_storage p = addr(peer), out;
  assert_true(client_addr_resolve((const struct sockaddr *)&p, xff, real_ip, &out));
  client_key((const struct sockaddr *)&out, key);
  return key;
}

static bool trusted(const char *text) {
  struct sockaddr_storage a = addr(text);
  return client_addr_trusted((const struct sockaddr *)&a);
}

static void test_untrusted_peer_is_the_client(void **state) {
  (void)state;
  assert_true(client_addr_trust("127.0.0.1"));
  assert_string_equal(client_of("203.0.113.9", "198.51.100.7", NULL), "203.0.113.9");
  assert_string_equal(client_of("203.0.113.9", NULL, "198.51.100.7"), "203.0.113.9");
  assert_true(client_addr_trust(NULL));
  assert_string_equal(client_of("127.0.0.1", "198.51.100.7", NULL), "127.0.0.1");
}

static void test_trusted_peer_passes_the_client_on(void **state) {
  (void)state;
  assert_true(client_addr_trust("127.0.0.1"));
  assert_string_equal(client_of("127.0.0.1", "198.51.100.7", NULL), "198.51.100.7");
  assert_string_equal(client_of("127.0.0.1", " 198.51.100.7 ", NULL), "198.51.100.7");
  assert_string_equal(client_of("127.0.0.1", NULL, NULL), "127.0.0.1");
  assert_string_equal(client_of("127.0.0.1", NULL, "198.51.100.8"), "198.51.100.8");
  /* X-Real-IP only without X-Forwarded-For */
  assert_string_equal(client_of("127.0.0.1", "198.51.100.7", "198.51.100.8"), "198.51.100.7");
}

/* A client may send its own X-Forwarded-For; a proxy that appends puts the real one last. */
static void test_rightmost_untrusted_entry(void **state) {
  (void)state;
  assert_true(client_addr_trust("127.0.0.1,10.0.0.0/8"));
  assert_string_equal(client_of("127.0.0.1", "1.2.3.4, 198.51.100.7", NULL), "198.51.100.7");
  assert_string_equal(client_of("127.0.0.1", "1.2.3.4,198.51.100.7,10.1.2.3", NULL), "198.51.100.7");
  assert_string_equal(client_of("127.0.0.1", "10.9.9.9, 10.1.2.3", NULL), "10.9.9.9");
  /* garbage left of the client is never read */
  assert_string_equal(client_of("127.0.0.1", "not-an-address, 198.51.100.7", NULL), "198.51.100.7");
}

static void test_malformed_header_leaves_the_peer(void **state) {
  (void)state;
  assert_true(client_addr_trust("127.0.0.1"));
  const char *bad[] = {"",
                       " ",
                       "unknown",
                       "198.51.100.7,",
                       "198.51.100.7:8080",
                       "198.51.100.7/24",
                       "1.2.3.4 5.6.7.8",
                       "198.51.100.777",
                       "fe80::1%eth0"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_string_equal(client_of("127.0.0.1", bad[i], NULL), "127.0.0.1");
  assert_string_equal(client_of("127.0.0.1", "10.1.2.3, junk", NULL), "127.0.0.1");
  assert_string_equal(client_of("127.0.0.1", NULL, "junk"), "127.0.0.1");
}

static void test_ipv6(void **state) {
  (void)state;
  assert_true(client_addr_trust("::1, fd00::/8"));
  assert_string_equal(client_of("::1", "2001:db8:1:2::99", NULL), "2001:db8:1:2::/64");
  assert_string_equal(client_of("::1", "[2001:db8:1:2::99]", NULL), "2001:db8:1:2::/64");
  assert_string_equal(client_of("fd12::5", "198.51.100.7", NULL), "198.51.100.7");
  assert_string_equal(client_of("2001:db8::1", "198.51.100.7", NULL), "2001:db8:0:0::/64");
  assert_string_equal(client_of("::1", "::ffff:198.51.100.7", NULL), "198.51.100.7");
}

/* A proxy on 127.0.0.1 reached through an IPv6 socket shows as ::ffff:127.0.0.1. */
static void test_ipv4_mapped_peer(void **state) {
  (void)state;
  assert_true(client_addr_trust("127.0.0.1"));
  assert_true(trusted("::ffff:127.0.0.1"));
  assert_string_equal(client_of("::ffff:127.0.0.1", "198.51.100.7", NULL), "198.51.100.7");
  assert_false(trusted("::1"));
}

static void test_networks(void **state) {
  (void)state;
  assert_true(client_addr_trust("10.0.0.0/8,192.168.4.0/22,2001:db8::/32"));
  assert_true(trusted("10.255.0.1"));
  assert_false(trusted("11.0.0.1"));
  assert_true(trusted("192.168.7.255"));
  assert_false(trusted("192.168.8.0"));
  assert_true(trusted("2001:db8:ffff::1"));
  assert_false(trusted("2001:db9::1"));
  assert_true(client_addr_trust("0.0.0.0/0"));
  assert_true(trusted("8.8.8.8"));
  assert_false(trusted("::1"));
}

static void test_bad_list_trusts_no_one(void **state) {
  (void)state;
  const char *bad[] = {"localhost", "127.0.0.1,", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", "1.2.3.4/-1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_true(client_addr_trust("127.0.0.1"));
    assert_false(client_addr_trust(bad[i]));
    assert_false(trusted("127.0.0.1"));
  }
  assert_true(client_addr_trust(""));
  assert_false(trusted("127.0.0.1"));
}

static void test_no_peer(void **state) {
  (void)state;
  struct sockaddr_storage out;
  assert_false(client_addr_resolve(NULL, "198.51.100.7", NULL, &out));
  assert_false(client_addr_trusted(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_untrusted_peer_is_the_client),
      cmocka_unit_test(test_trusted_peer_passes_the_client_on),
      cmocka_unit_test(test_rightmost_untrusted_entry),
      cmocka_unit_test(test_malformed_header_leaves_the_peer),
      cmocka_unit_test(test_ipv6),
      cmocka_unit_test(test_ipv4_mapped_peer),
      cmocka_unit_test(test_networks),
      cmocka_unit_test(test_bad_list_trusts_no_one),
      cmocka_unit_test(test_no_peer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
