/* test_reg_window.c — server/reg_window.c: the one rule for public sign-up (status, the end of
 * the edition in its own zone, the window's two sides, their order of precedence), the reasons it
 * gives. Also that the seat
 * types of the capacity rule in C and in SQL (SEATS_TAKEN_SQL) are the same list. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "db_registrations.h"
#include "reg_window.h"

static time_t utc(int y, int mo, int d, int h, int mi) {
  struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
  return timegm(&tm);
}

static void test_status_first(void **state) {
  (void)state;
  struct reg_window w = {"closed", "", "", "2030-11-21", "America/Guayaquil"};
  assert_int_equal(reg_window_state(&w, utc(2030, 1, 1, 0, 0)), SIGNUP_CLOSED_STATUS);
  w.status = "draft";
  assert_int_equal(reg_window_state(&w, utc(2040, 1, 1, 0, 0)), SIGNUP_CLOSED_STATUS); /* ended too: status wins */
  w.status = NULL;
  assert_int_equal(reg_window_state(&w, utc(2030, 1, 1, 0, 0)), SIGNUP_CLOSED_STATUS);
  w.status = "open";
  assert_int_equal(reg_window_state(&w, utc(2030, 1, 1, 0, 0)), SIGNUP_OPEN);
  assert_string_equal(signup_state_reason(SIGNUP_CLOSED_STATUS), "status");
  assert_null(signup_state_reason(SIGNUP_OPEN));
}

static void test_ended_in_the_edition_zone(void **state) {
  (void)state;
  /* Guayaquil is UTC-05:00: 21 November ends at 2030-11-22T05:00Z */
  struct reg_window w = {"open", NULL, NULL, "2030-11-21", "America/Guayaquil"};
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 22, 4, 59)), SIGNUP_OPEN);
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 22, 5, 0)), SIGNUP_ENDED);
  assert_false(reg_window_ended(&w, utc(2030, 11, 22, 4, 59)));
  assert_true(reg_window_ended(&w, utc(2030, 11, 22, 5, 0)));
  w.status = "archived"; /* ended whatever the status, though the status is the reason given */
  assert_true(reg_window_ended(&w, utc(2030, 11, 22, 5, 0)));
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 22, 5, 0)), SIGNUP_CLOSED_STATUS);
  w.status = "open";
  w.timezone = "Asia/Tokyo"; /* UTC+09:00: ends at 2030-11-21T15:00Z */
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 21, 14, 59)), SIGNUP_OPEN);
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 21, 15, 0)), SIGNUP_ENDED);
  w.ends_on = "2030-12-31"; /* the day after carries into the next year */
  w.timezone = "UTC";
  assert_int_equal(reg_window_state(&w, utc(2030, 12, 31, 23, 59)), SIGNUP_OPEN);
  assert_int_equal(reg_window_state(&w, utc(2031, 1, 1, 0, 0)), SIGNUP_ENDED);
  /* ended says it even while the window would still hold */
  w.closes_at = "2031-06-01T00:00:00Z";
  assert_int_equal(reg_window_state(&w, utc(2031, 2, 1, 0, 0)), SIGNUP_ENDED);
  assert_string_equal(signup_state_reason(SIGNUP_ENDED), "ended");
}

static void test_window_sides(void **state) {
  (void)state;
  struct reg_window w = {"open", "2030-10-01T13:00:00Z", "2030-11-01T05:00:00Z", "2030-11-21", "America/Guayaquil"};
  assert_int_equal(reg_window_state(&w, utc(2030, 10, 1, 12, 59)), SIGNUP_NOT_YET_OPEN);
  assert_int_equal(reg_window_state(&w, utc(2030, 10, 1, 13, 0)), SIGNUP_OPEN);
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 1, 4, 59)), SIGNUP_OPEN);
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 1, 5, 0)), SIGNUP_WINDOW_CLOSED);
  w.opens_at = "";
  assert_int_equal(reg_window_state(&w, utc(2000, 1, 1, 0, 0)), SIGNUP_OPEN);
  w.closes_at = "";
  assert_int_equal(reg_window_state(&w, utc(2030, 11, 21, 12, 0)), SIGNUP_OPEN);
  assert_string_equal(signup_state_reason(SIGNUP_NOT_YET_OPEN), "not_yet_open");
  assert_string_equal(signup_state_reason(SIGNUP_WINDOW_CLOSED), "window_closed");
}

static void test_seat_types_agree(void **state) {
  (void)state;
  static const char *const all[] = {"authority", "official", "cooperation", "academia", "civil_society",
                                    "press",     "speaker",  "organizer",   "guest"};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    char quoted[40];
    snprintf(quoted, sizeof quoted, "'%s'", all[i]);
    bool in_sql = strstr(SEAT_TYPES_SQL, quoted) != NULL;
    char piped[40];
    snprintf(piped, sizeof piped, "|%s|", all[i]);
    bool public_type = strstr("|" PUBLIC_ATTENDEE_TYPES "|", piped) != NULL;
    assert_int_equal(attendee_type_takes_seat(all[i]), in_sql);
    assert_int_equal(in_sql, public_type);
  }
  assert_false(attendee_type_takes_seat("auth"));
  assert_false(attendee_type_takes_seat("'press'"));
  assert_false(attendee_type_takes_seat(""));
  assert_false(attendee_type_takes_seat(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_status_first),
      cmocka_unit_test(test_ended_in_the_edition_zone),
      cmocka_unit_test(test_window_sides),
      cmocka_unit_test(test_seat_types_agree),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
