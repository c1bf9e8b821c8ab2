/* test_password_policy.c — server/password_policy.c: dictionary words, repeated characters and
 * sequences are refused with a reason (a catalogue key, its Spanish text checked), short passwords
 * by length, the passwords the test fixtures use are accepted, and checks from several threads at
 * once (libcrack2 behind its mutex) give the same answers as one at a time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "password_policy.h"

static const char *const weak[] = {"password12", "1234567890", "aaaaaaaaaa", "qwertyuiop", "Password12", "abcdefghij"};
static const char *const fixtures[] = {"clave-de-prueba-123", "organiza-2025-x",      "puerta-2025-xx",
                                       "una-clave-larga",     "otra-clave-larga",     "clave-desde-cli",
                                       "una-clave-segura",    "río-verde-al-amanecer"};

static void expect_refused(const char *pw, const char *reason_part) {
  const char *why = NULL;
  assert_int_equal(password_acceptable(pw, "ana.perez@quito.gob.ec", "Ana Pérez", &why), ERR_VALIDATION);
  assert_non_null(why);
  assert_true(strncmp(why, "err.password.", strlen("err.password.")) == 0); /* a catalogue key */
  const char *text = i18n_text(LANG_ES, why);
  assert_true(strncmp(text, "La contraseña ", strlen("La contraseña ")) == 0);
  if (reason_part && !strstr(text, reason_part)) fail_msg("%s: \"%s\" does not say \"%s\"", pw, text, reason_part);
}

static void test_weak_passwords_are_refused_with_a_reason(void **state) {
  (void)state;
  expect_refused("password12", "diccionario");
  expect_refused("qwertyuiop", "diccionario");
  expect_refused("aaaaaaaaaa", "caracteres distintos");
  expect_refused("1234567890", "secuencia");
  expect_refused("abcdefghij", "secuencia");
  expect_refused("corta", "al menos 10 caracteres");
  expect_refused("ñandú", "al menos 10 caracteres"); /* 5 characters, 7 bytes */
}

static void test_fixture_passwords_are_accepted(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
    const char *why = NULL;
    if (password_acceptable(fixtures[i], "admin@test.ec", "Administración", &why) != ERR_OK)
      fail_msg("%s refused: %s", fixtures[i], why ? why : "(no reason)");
  }
  const char *why = NULL; /* an unknown account (NULL e-mail and name) is fine too */
  assert_int_equal(password_acceptable("clave-de-prueba-123", NULL, NULL, &why), ERR_OK);
}

static void *check_many(void *arg) {
  int *wrong = arg;
  for (int round = 0; round < 20; round++) {
    const char *why = NULL;
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++)
      if (password_acceptable(weak[i], "x@y.ec", "X", &why) != ERR_VALIDATION) (*wrong)++;
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++)
      if (password_acceptable(fixtures[i], "x@y.ec", "X", &why) != ERR_OK) (*wrong)++;
  }
  return NULL;
}

static void test_concurrent_checks_agree(void **state) {
  (void)state;
  pthread_t threads[6];
  int wrong[6] = {0};
  for (int i = 0; i < 6; i++) assert_int_equal(pthread_create(&threads[i], NULL, check_many, &wrong[i]), 0);
  for (int i = 0; i < 6; i++) {
    pthread_join(threads[i], NULL);
    assert_int_equal(wrong[i], 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_weak_passwords_are_refused_with_a_reason),
      cmocka_unit_test(test_fixture_passwords_are_accepted),
      cmocka_unit_test(test_concurrent_checks_agree),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
