/* test_auth.c — server/auth.c helpers of the guessing brakes: a manage token is compared the
 * same way whether or not its registration exists (an unknown code is checked against a
 * stand-in hash and never matches), and the per-account login counter's key ignores the
 * e-mail's case, differs between e-mails and never holds the e-mail itself. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth.h"

static void test_token_matches_only_its_own_hash(void **state) {
  (void)state;
  char token[TOKEN_CHARS];
  unsigned char stored[32];
  auth_new_token(token, stored);
  assert_true(auth_token_matches(stored, token));
  assert_false(auth_token_matches(stored, "x"));
  assert_false(auth_token_matches(stored, ""));
  assert_false(auth_token_matches(stored, NULL));
}

static void test_unknown_registration_never_matches(void **state) {
  (void)state;
  char token[TOKEN_CHARS];
  unsigned char ignored[32];
  auth_new_token(token, ignored);
  assert_false(auth_token_matches(NULL, token));
  assert_false(auth_token_matches(NULL, ""));
  assert_false(auth_token_matches(NULL, NULL));
  /* an all-zero stored hash (a registration whose link was revoked) matches nothing either */
  unsigned char zero[32] = {0};
  assert_false(auth_token_matches(zero, ""));
}

static void test_account_key_ignores_case_and_hides_the_email(void **state) {
  (void)state;
  char a[ACCOUNT_KEY_CHARS], b[ACCOUNT_KEY_CHARS], c[ACCOUNT_KEY_CHARS];
  auth_account_key("Ana.Perez@Quito.gob.ec", a);
  auth_account_key("ana.perez@quito.gob.ec", b);
  auth_account_key("ana.perez@quito.gob.ec ", c);
  assert_int_equal(strlen(a), ACCOUNT_KEY_CHARS - 1);
  assert_string_equal(a, b);
  assert_string_not_equal(a, c);
  assert_null(strstr(a, "ana"));
}

int main(void) {
  if (!auth_init()) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_token_matches_only_its_own_hash),
      cmocka_unit_test(test_unknown_registration_never_matches),
      cmocka_unit_test(test_account_key_ignores_case_and_hides_the_email),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
