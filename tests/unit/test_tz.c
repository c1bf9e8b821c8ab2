/* test_tz.c — server/tz.c: zone names (existing, unknown, path tricks), offsets from the TZif
 * transition table and from the POSIX footer rules (checked hour by hour against glibc, which
 * reads the same files, and to the second at every switch), ISO 8601 parsing (a space is not a
 * 'T'; fractional seconds are accepted and dropped), local→UTC conversion, formatting with the
 * zone's offset, the start of a local day, and the zone cache's capacity. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tz.h"

/* UTC instant of a civil date and time, computed by glibc (independent of tz.c). */
static time_t utc(int y, int mo, int d, int h, int mi, int s) {
  struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s};
  return timegm(&tm);
}

/* glibc's offset for zone at t; sets TZ (this test never runs threads). */
static int glibc_offset(const char *zone, time_t t) {
  static char current[80];
  if (strcmp(current, zone) != 0) {
    char tz[100];
    snprintf(tz, sizeof tz, ":%s", zone);
    setenv("TZ", tz, 1);
    tzset();
    snprintf(current, sizeof current, "%s", zone);
  }
  struct tm tm;
  localtime_r(&t, &tm);
  return (int)tm.tm_gmtoff;
}

static void test_tz_exists(void **state) {
  (void)state;
  assert_true(tz_exists("America/Guayaquil"));
  assert_true(tz_exists("America/New_York"));
  assert_true(tz_exists("UTC"));
  assert_false(tz_exists("Nowhere/Else"));
  assert_false(tz_exists("../etc/passwd"));
  assert_false(tz_exists("America/../../../etc/passwd"));
  assert_false(tz_exists("/etc/passwd"));
  assert_false(tz_exists("/usr/share/zoneinfo/America/Guayaquil"));
  assert_false(tz_exists(""));
  assert_false(tz_exists("America"));            /* a directory */
  assert_false(tz_exists("America/Guayaquil/")); /* not a directory */
  assert_false(tz_exists("zone.tab"));           /* a file of the folder, not a zone */
  assert_false(tz_exists("leapseconds"));        /* a text file without a dot in its name */
  assert_false(tz_exists("America/Guayaquil\n"));
  char longname[200];
  memset(longname, 'A', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  assert_false(tz_exists(longname));
}

static void test_guayaquil_offset(void **state) {
  (void)state;
  assert_int_equal(tz_offset_at("America/Guayaquil", utc(2024, 11, 25, 14, 30, 0)), -18000);
  assert_int_equal(tz_offset_at("America/Guayaquil", utc(2025, 11, 20, 0, 0, 0)), -18000);
  assert_int_equal(tz_offset_at("America/Guayaquil", utc(2060, 6, 1, 0, 0, 0)), -18000);
  assert_int_equal(tz_offset_at("UTC", utc(2024, 11, 25, 14, 30, 0)), 0);
  assert_int_equal(tz_offset_at("Nowhere/Else", utc(2024, 11, 25, 14, 30, 0)), 0);
}

static void test_new_york_far_future(void **state) {
  (void)state;
  assert_int_equal(tz_offset_at("America/New_York", utc(2030, 1, 15, 12, 0, 0)), -18000);
  assert_int_equal(tz_offset_at("America/New_York", utc(2030, 7, 15, 12, 0, 0)), -14400);
  /* Debian's "fat" TZif files list transitions up to 2037: these only the footer rules answer */
  assert_int_equal(tz_offset_at("America/New_York", utc(2040, 1, 15, 12, 0, 0)), -18000);
  assert_int_equal(tz_offset_at("America/New_York", utc(2040, 7, 15, 12, 0, 0)), -14400);
  assert_int_equal(tz_offset_at("America/New_York", utc(2100, 7, 15, 12, 0, 0)), -14400);
  assert_int_equal(tz_offset_at("America/New_York", utc(2100, 12, 15, 12, 0, 0)), -18000);
  /* 2040: DST from the second Sunday of March (11th) to the first Sunday of November (4th) */
  assert_int_equal(tz_offset_at("America/New_York", utc(2040, 3, 11, 6, 59, 59)), -18000);
  assert_int_equal(tz_offset_at("America/New_York", utc(2040, 3, 11, 7, 0, 0)), -14400);
  assert_int_equal(tz_offset_at("America/New_York", utc(2040, 11, 4, 5, 59, 59)), -14400);
  assert_int_equal(tz_offset_at("America/New_York", utc(2040, 11, 4, 6, 0, 0)), -18000);
}

static void test_new_york_2024_switches(void **state) {
  (void)state;
  time_t spring = utc(2024, 3, 10, 7, 0, 0), fall = utc(2024, 11, 3, 6, 0, 0);
  assert_int_equal(tz_offset_at("America/New_York", spring - 1), -18000);
  assert_int_equal(tz_offset_at("America/New_York", spring), -14400);
  assert_int_equal(tz_offset_at("America/New_York", spring + 1), -14400);
  assert_int_equal(tz_offset_at("America/New_York", fall - 1), -14400);
  assert_int_equal(tz_offset_at("America/New_York", fall), -18000);
  assert_int_equal(tz_offset_at("America/New_York", fall + 1), -18000);
}

/* Compares tz.c with glibc for every hour from..to, and to the second at each change. */
static void compare_with_glibc(const char *zone, int from_year, int to_year) {
  time_t t0 = utc(from_year, 1, 1, 0, 0, 0), t1 = utc(to_year, 1, 1, 0, 0, 0);
  int prev = glibc_offset(zone, t0);
  for (time_t t = t0; t < t1; t += 3600) {
    int want = glibc_offset(zone, t), got = tz_offset_at(zone, t);
    if (got != want) {
      char when[32];
      struct tm tm;
      gmtime_r(&t, &tm);
      strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
      fail_msg("%s at %s: tz_offset_at %d, glibc %d", zone, when, got, want);
    }
    if (want != prev) { /* a switch in (t-3600, t]: find its second and check both sides */
      time_t lo = t - 3600, hi = t;
      while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;
        if (glibc_offset(zone, mid) == prev) lo = mid;
        else hi = mid;
      }
      if (tz_offset_at(zone, lo) != prev || tz_offset_at(zone, hi) != want) {
        char when[32];
        struct tm tm;
        gmtime_r(&hi, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fail_msg("%s switch at %s: tz_offset_at %d→%d, glibc %d→%d", zone, when, tz_offset_at(zone, lo),
                 tz_offset_at(zone, hi), prev, want);
      }
    }
    prev = want;
  }
}

static void test_offsets_match_glibc(void **state) {
  (void)state;
  static const char *const zones[] = {
      "America/Guayaquil", "America/New_York",  "America/Santiago", /* southern DST, rule time /24 */
      "Australia/Sydney",  "Europe/Dublin", /* negative DST: winter is the "DST" of the footer */
      "Europe/London",     "America/Nuuk",  /* rule times /-1 and /0 */
      "Pacific/Chatham",                    /* +12:45 / +13:45, rule time 2:45 */
      "Asia/Kathmandu",    "Africa/Casablanca", "UTC",
  };
  for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
    assert_true(tz_exists(zones[i]));
    compare_with_glibc(zones[i], 2015, 2046);
  }
  unsetenv("TZ");
  tzset();
}

static void test_parse_instant_forms(void **state) {
  (void)state;
  struct tz_instant_parts p;
  assert_true(tz_parse_instant("2024-11-25T09:30:15Z", &p));
  assert_int_equal(p.year, 2024);
  assert_int_equal(p.month, 11);
  assert_int_equal(p.day, 25);
  assert_int_equal(p.hour, 9);
  assert_int_equal(p.minute, 30);
  assert_int_equal(p.second, 15);
  assert_true(p.has_offset);
  assert_int_equal(p.offset_seconds, 0);

  assert_true(tz_parse_instant("2024-11-25T09:30Z", &p));
  assert_int_equal(p.second, 0);
  assert_true(p.has_offset);

  assert_true(tz_parse_instant("2024-11-25T09:30:00-05:00", &p));
  assert_true(p.has_offset);
  assert_int_equal(p.offset_seconds, -18000);
  assert_true(tz_parse_instant("2024-11-25T09:30+05:30", &p));
  assert_int_equal(p.offset_seconds, 19800);
  assert_true(tz_parse_instant("2024-11-25T09:30:00+14:00", &p));
  assert_int_equal(p.offset_seconds, 50400);
  assert_true(tz_parse_instant("2024-11-25T09:30:00-00:00", &p));
  assert_int_equal(p.offset_seconds, 0);

  assert_true(tz_parse_instant("2024-11-25T09:30:00", &p));
  assert_false(p.has_offset);
  assert_int_equal(p.hour, 9);
  assert_true(tz_parse_instant("2024-11-25T09:30", &p));
  assert_false(p.has_offset);
  assert_true(tz_parse_instant("2024-02-29T00:00:00Z", &p));
  assert_true(tz_parse_instant("2024-12-31T23:59:59Z", &p));
}

/* Fractional seconds, as JavaScript's toISOString() writes them, are accepted and dropped. */
static void test_parse_instant_fractional_seconds(void **state) {
  (void)state;
  struct tz_instant_parts p;
  assert_true(tz_parse_instant("2024-11-25T09:30:00.000Z", &p));
  assert_int_equal(p.hour, 9);
  assert_int_equal(p.minute, 30);
  assert_int_equal(p.second, 0);
  assert_true(p.has_offset);
  assert_int_equal(p.offset_seconds, 0);
  assert_int_equal(tz_to_utc(&p, "America/Guayaquil"), utc(2024, 11, 25, 9, 30, 0));
  assert_true(tz_parse_instant("2024-11-25T09:30:15.123456-05:00", &p));
  assert_int_equal(p.second, 15);
  assert_int_equal(p.offset_seconds, -18000);
  assert_true(tz_parse_instant("2024-11-25T09:30:59.999Z", &p)); /* dropped, not rounded up */
  assert_int_equal(p.second, 59);
  assert_int_equal(p.minute, 30);
  assert_true(tz_parse_instant("2024-11-25T09:30:00.5", &p));
  assert_false(p.has_offset);
  /* a fraction needs seconds before it and at least one digit (RFC 3339 time-secfrac = "." 1*DIGIT) */
  static const char *const bad[] = {
      "2024-11-25T09:30.000Z",    "2024-11-25T09:30:00.Z",     "2024-11-25T09:30:00.",    "2024-11-25T09:30:00.12a",
      "2024-11-25T09:30:00,000Z", "2024-11-25T09:30:00.000 Z", "2024-11-25T09:30:00..0Z",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (tz_parse_instant(bad[i], &p)) fail_msg("tz_parse_instant accepted \"%s\"", bad[i]);
}

static void test_parse_instant_malformed(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "2024-11-25",
      "2024-11-25T",
      "2024-11-25T9:00",
      "2024-11-25T09",
      "2024-11-25T09:0",
      "2024-11-25T09:00:0",
      "2024-11-25t09:00",
      "2024-11-25T25:00",
      "2024-11-25T24:00",
      "2024-11-25T09:60",
      "2024-11-25T09:00:60",
      "2024-02-30T09:00",
      "2023-02-29T09:00",
      "2024-13-01T09:00",
      "2024-1-01T09:00",
      "2024-11-25T09:00:00Zjunk",
      "2024-11-25T09:00:00Z ",
      "2024-11-25T09:00junk",
      "2024-11-25T09:00:00-05:00x",
      "2024-11-25T09:00:00-05:00Z",
      "2024-11-25T09:00:00-05",
      "2024-11-25T09:00:00-0500",
      "2024-11-25T09:00:00+15:00",
      "2024-11-25T09:00:00-05:60",
      "2024-11-25T09:00:00+5:00",
      "2024-11-25T09:00:00z",
      "2024-11-25T-9:00",
      "+024-11-25T09:00",
      "2024/11/25T09:00",
      "mañana a las 9",
  };
  struct tz_instant_parts p;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (tz_parse_instant(bad[i], &p)) fail_msg("tz_parse_instant accepted \"%s\"", bad[i]);
}

/* The documented grammar (tz.h, validate.h) is "YYYY-MM-DDTHH:MM...": a space is not a 'T'. */
static void test_parse_instant_rejects_space_separator(void **state) {
  (void)state;
  struct tz_instant_parts p;
  if (tz_parse_instant("2024-11-25 09:00", &p)) fail_msg("tz_parse_instant accepted \"2024-11-25 09:00\"");
  if (tz_parse_instant("2024-11-25 09:00:00Z", &p)) fail_msg("tz_parse_instant accepted \"2024-11-25 09:00:00Z\"");
}

static void test_to_utc(void **state) {
  (void)state;
  struct tz_instant_parts p;
  /* no offset: local time of the zone */
  assert_true(tz_parse_instant("2024-11-25T09:30", &p));
  assert_int_equal(tz_to_utc(&p, "America/Guayaquil"), utc(2024, 11, 25, 14, 30, 0));
  assert_int_equal(tz_to_utc(&p, "UTC"), utc(2024, 11, 25, 9, 30, 0));
  assert_true(tz_parse_instant("2024-11-25T23:30:00", &p)); /* crosses midnight in UTC */
  assert_int_equal(tz_to_utc(&p, "America/Guayaquil"), utc(2024, 11, 26, 4, 30, 0));
  assert_true(tz_parse_instant("2024-07-04T12:00", &p));
  assert_int_equal(tz_to_utc(&p, "America/New_York"), utc(2024, 7, 4, 16, 0, 0));
  assert_true(tz_parse_instant("2024-01-15T12:00", &p));
  assert_int_equal(tz_to_utc(&p, "America/New_York"), utc(2024, 1, 15, 17, 0, 0));
  assert_true(tz_parse_instant("2024-03-10T03:30", &p)); /* first hour of DST */
  assert_int_equal(tz_to_utc(&p, "America/New_York"), utc(2024, 3, 10, 7, 30, 0));
  assert_true(tz_parse_instant("2024-03-10T01:30", &p)); /* last hour of standard time */
  assert_int_equal(tz_to_utc(&p, "America/New_York"), utc(2024, 3, 10, 6, 30, 0));
  assert_true(tz_parse_instant("2040-07-15T08:00", &p)); /* footer rules */
  assert_int_equal(tz_to_utc(&p, "America/New_York"), utc(2040, 7, 15, 12, 0, 0));
  /* 02:30 on 2024-03-10 does not exist in New York; 01:30 on 2024-11-03 happens twice */
  assert_true(tz_parse_instant("2024-03-10T02:30", &p));
  time_t gap = tz_to_utc(&p, "America/New_York");
  assert_true(gap == utc(2024, 3, 10, 6, 30, 0) || gap == utc(2024, 3, 10, 7, 30, 0));
  assert_true(tz_parse_instant("2024-11-03T01:30", &p));
  time_t twice = tz_to_utc(&p, "America/New_York");
  assert_true(twice == utc(2024, 11, 3, 5, 30, 0) || twice == utc(2024, 11, 3, 6, 30, 0));
  /* with an offset the zone does not matter */
  assert_true(tz_parse_instant("2024-11-25T09:30:00+01:00", &p));
  assert_int_equal(tz_to_utc(&p, "America/Guayaquil"), utc(2024, 11, 25, 8, 30, 0));
  assert_int_equal(tz_to_utc(&p, "America/New_York"), utc(2024, 11, 25, 8, 30, 0));
  assert_true(tz_parse_instant("2024-11-25T09:30:00-05:00", &p));
  assert_int_equal(tz_to_utc(&p, "Asia/Kathmandu"), utc(2024, 11, 25, 14, 30, 0));
  assert_true(tz_parse_instant("2024-11-25T00:15Z", &p));
  assert_int_equal(tz_to_utc(&p, "America/Guayaquil"), utc(2024, 11, 25, 0, 15, 0));
}

static void test_format(void **state) {
  (void)state;
  char out[26];
  tz_format(utc(2024, 11, 25, 14, 30, 0), "America/Guayaquil", out);
  assert_string_equal(out, "2024-11-25T09:30:00-05:00");
  tz_format(utc(2024, 11, 26, 3, 0, 5), "America/Guayaquil", out); /* the local date is the day before */
  assert_string_equal(out, "2024-11-25T22:00:05-05:00");
  tz_format(utc(2024, 11, 25, 14, 30, 0), "UTC", out);
  assert_string_equal(out, "2024-11-25T14:30:00+00:00");
  tz_format(utc(2024, 7, 4, 16, 0, 0), "America/New_York", out);
  assert_string_equal(out, "2024-07-04T12:00:00-04:00");
  tz_format(utc(2024, 11, 25, 14, 30, 0), "Asia/Kathmandu", out);
  assert_string_equal(out, "2024-11-25T20:15:00+05:45");
  tz_format(utc(2024, 12, 31, 23, 0, 0), "Pacific/Chatham", out); /* +13:45 in the southern summer */
  assert_string_equal(out, "2025-01-01T12:45:00+13:45");
  tz_format(utc(2024, 11, 3, 6, 0, 0), "America/New_York", out);
  assert_string_equal(out, "2024-11-03T01:00:00-05:00");
  tz_format(utc(2024, 11, 3, 5, 59, 59), "America/New_York", out);
  assert_string_equal(out, "2024-11-03T01:59:59-04:00");
}

static void test_format_parse_round_trip(void **state) {
  (void)state;
  static const char *const zones[] = {"America/Guayaquil", "America/New_York", "Asia/Kathmandu", "UTC"};
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    for (time_t t = utc(2024, 1, 1, 0, 0, 0); t < utc(2025, 1, 1, 0, 0, 0); t += 86400 / 4 + 7) {
      char out[26];
      struct tz_instant_parts p;
      tz_format(t, zones[z], out);
      if (!tz_parse_instant(out, &p)) fail_msg("cannot parse own output %s", out);
      assert_true(p.has_offset);
      if (tz_to_utc(&p, "UTC") != t) fail_msg("%s in %s does not round-trip", out, zones[z]);
    }
  }
}

static void test_parse_utc(void **state) {
  (void)state;
  assert_int_equal(tz_parse_utc("2024-11-25T14:30:00Z"), utc(2024, 11, 25, 14, 30, 0));
  assert_int_equal(tz_parse_utc("1970-01-01T00:00:00Z"), 0);
  assert_int_equal(tz_parse_utc("2038-01-19T03:14:08Z"), (time_t)2147483648LL); /* past 32-bit time_t */
  assert_int_equal(tz_parse_utc("2024-11-25T14:30:00"), -1);                    /* no offset: not the stored form */
  assert_int_equal(tz_parse_utc(""), -1);
  assert_int_equal(tz_parse_utc(NULL), -1);
  assert_int_equal(tz_parse_utc("garbage"), -1);
  assert_int_equal(tz_parse_utc("2024-11-25T14:30:00Zx"), -1);
}

static void test_day_start(void **state) {
  (void)state;
  assert_int_equal(tz_day_start("2025-11-20", "America/Guayaquil"), utc(2025, 11, 20, 5, 0, 0));
  assert_int_equal(tz_day_start("2024-11-03", "America/New_York"), utc(2024, 11, 3, 4, 0, 0)); /* still -04:00 */
  assert_int_equal(tz_day_start("2024-11-04", "America/New_York"), utc(2024, 11, 4, 5, 0, 0));
  assert_int_equal(tz_day_start("2024-11-25", "Asia/Kathmandu"), utc(2024, 11, 24, 18, 15, 0));
  assert_int_equal(tz_day_start("2024-02-30", "UTC"), -1);
  assert_int_equal(tz_day_start("2024-1-1", "UTC"), -1);
  assert_int_equal(tz_day_start(NULL, "UTC"), -1);
}

static void test_days_from_civil(void **state) {
  (void)state;
  assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(tz_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(tz_days_from_civil(2000, 3, 1), 11017);
  for (int y = 1899; y <= 2101; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 1; d <= 28; d += 9) {
        long long want = (long long)(utc(y, m, d, 0, 0, 0) / 86400);
        if (utc(y, m, d, 0, 0, 0) < 0 && utc(y, m, d, 0, 0, 0) % 86400) want--;
        if (tz_days_from_civil(y, m, d) != want) fail_msg("tz_days_from_civil(%d,%d,%d)", y, m, d);
      }
  assert_int_equal(tz_days_from_civil(2024, 2, 29) + 1, tz_days_from_civil(2024, 3, 1));
  assert_int_equal(tz_days_from_civil(2023, 2, 28) + 1, tz_days_from_civil(2023, 3, 1));
}

/* Runs last: every valid zone stays valid however many distinct zones the process has seen.
 * (An organizer may create editions in many zones over the life of a server.) */
static void test_many_zones(void **state) {
  (void)state;
  static const char *const zones[] = {
      "Europe/Madrid",   "Europe/Paris",   "Europe/Berlin",       "Europe/Rome",       "Asia/Tokyo",
      "Asia/Seoul",      "Asia/Shanghai",  "Asia/Kolkata",        "Africa/Nairobi",    "Africa/Lagos",
      "America/Lima",    "America/Bogota", "America/Mexico_City", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
      "America/Caracas", "America/La_Paz", "Pacific/Galapagos",   "Pacific/Auckland",  "Australia/Perth",
      "Europe/Lisbon",   "Asia/Dubai",
  };
  int loaded = 0;
  for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zones[i]);
    if (access(path, R_OK) != 0) continue;
    if (!tz_exists(zones[i]))
      fail_msg("tz_exists(\"%s\") is false after this test loaded %d other zones (the tests above load 11 more)",
               zones[i], loaded);
    loaded++;
  }
  assert_int_equal(tz_offset_at("Asia/Tokyo", utc(2024, 11, 25, 0, 0, 0)), 32400);
  assert_int_equal(tz_offset_at("Pacific/Galapagos", utc(2024, 11, 25, 0, 0, 0)), -21600);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tz_exists),
      cmocka_unit_test(test_guayaquil_offset),
      cmocka_unit_test(test_new_york_far_future),
      cmocka_unit_test(test_new_york_2024_switches),
      cmocka_unit_test(test_offsets_match_glibc),
      cmocka_unit_test(test_parse_instant_forms),
      cmocka_unit_test(test_parse_instant_fractional_seconds),
      cmocka_unit_test(test_parse_instant_malformed),
      cmocka_unit_test(test_parse_instant_rejects_space_separator),
      cmocka_unit_test(test_to_utc),
      cmocka_unit_test(test_format),
      cmocka_unit_test(test_format_parse_round_trip),
      cmocka_unit_test(test_parse_utc),
      cmocka_unit_test(test_day_start),
      cmocka_unit_test(test_days_from_civil),
      cmocka_unit_test(test_many_zones),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
