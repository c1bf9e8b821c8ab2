/* test_errors.c — the error table (server/errors.def, server/errors.c): every enum err has an
 * HTTP status, a machine code and a message; codes are unique; and the code/status pairs are
 * exactly the ones API.md fixes, so a renamed code or a changed status breaks this test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "errors.h"

static void test_ok_is_zero_and_200(void **state) {
  (void)state;
  assert_int_equal(ERR_OK, 0);
  assert_int_equal(err_status(ERR_OK), 200);
  assert_string_equal(err_code(ERR_OK), "ok");
  assert_non_null(err_message(ERR_OK));
}

static void test_every_error_has_status_code_message(void **state) {
  (void)state;
  assert_true(ERR__COUNT > 1);
  for (int e = 1; e < ERR__COUNT; e++) {
    unsigned st = err_status((enum err)e);
    const char *code = err_code((enum err)e);
    const char *msg = err_message((enum err)e);
    assert_true(st >= 400 && st <= 599);
    assert_non_null(code);
    assert_true(strlen(code) > 0);
    assert_non_null(msg);
    assert_true(strlen(msg) > 0);
    /* codes are snake_case ASCII: what programs match on */
    for (const char *p = code; *p; p++) assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
  }
}

static void test_codes_unique(void **state) {
  (void)state;
  for (int a = 0; a < ERR__COUNT; a++)
    for (int b = a + 1; b < ERR__COUNT; b++) {
      if (strcmp(err_code((enum err)a), err_code((enum err)b)) == 0)
        fail_msg("errors %d and %d share the code \"%s\"", a, b, err_code((enum err)a));
    }
}

/* The table of API.md, "Conventions". */
static const struct {
  enum err e;
  const char *code;
  unsigned status;
} contract[] = {
    {ERR_BAD_REQUEST, "bad_request", 400},
    {ERR_VALIDATION, "validation_failed", 400},
    {ERR_UNAUTHORIZED, "unauthorized", 401},
    {ERR_FORBIDDEN, "forbidden", 403},
    {ERR_NOT_FOUND, "not_found", 404},
    {ERR_METHOD_NOT_ALLOWED, "method_not_allowed", 405},
    {ERR_CONFLICT, "conflict", 409},
    {ERR_DUPLICATE_REG, "duplicate_registration", 409},
    {ERR_REGISTRATION_CLOSED, "registration_closed", 409},
    {ERR_SCHEDULE_CONFLICT, "schedule_conflict", 409},
    {ERR_NOT_CHECKED_IN, "not_checked_in", 409},
    {ERR_PAYLOAD_TOO_LARGE, "payload_too_large", 413},
    {ERR_UNSUPPORTED_MEDIA, "unsupported_media_type", 415},
    {ERR_INVALID_TOKEN, "invalid_token", 422},
    {ERR_RATE_LIMITED, "rate_limited", 429},
    {ERR_INTERNAL, "internal", 500},
    {ERR_UNAVAILABLE, "unavailable", 503},
};

static void test_contract_codes_and_statuses(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof contract / sizeof contract[0]; i++) {
    assert_string_equal(err_code(contract[i].e), contract[i].code);
    assert_int_equal(err_status(contract[i].e), contract[i].status);
  }
}

static void test_contract_is_complete(void **state) {
  (void)state;
  /* every code the server can send is one API.md lists: no undocumented codes */
  for (int e = 1; e < ERR__COUNT; e++) {
    bool listed = false;
    for (size_t i = 0; i < sizeof contract / sizeof contract[0]; i++)
      if (strcmp(err_code((enum err)e), contract[i].code) == 0) listed = true;
    if (!listed) fail_msg("error code \"%s\" is not in API.md", err_code((enum err)e));
  }
}

static void test_out_of_range_is_internal(void **state) {
  (void)state;
  assert_int_equal(err_status(ERR__COUNT), 500);
  assert_string_equal(err_code(ERR__COUNT), "internal");
  assert_string_equal(err_code((enum err)9999), "internal");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ok_is_zero_and_200),   cmocka_unit_test(test_every_error_has_status_code_message),
      cmocka_unit_test(test_codes_unique),         cmocka_unit_test(test_contract_codes_and_statuses),
      cmocka_unit_test(test_contract_is_complete), cmocka_unit_test(test_out_of_range_is_internal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
