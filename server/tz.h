/* tz.h — time zones from the system's tz database (TZif files), so that instants are stored in
 * UTC and shown with the edition's offset (America/Guayaquil: -05:00) without touching the
 * process-wide TZ variable, which is unsafe in a threaded server. */
#ifndef ASAMBLEA_TZ_H
#define ASAMBLEA_TZ_H
#include <stdbool.h>
#include <time.h>

/* A parsed ISO 8601 instant: local fields plus the offset when one was written. */
struct tz_instant_parts {
  int year, month, day, hour, minute, second;
  bool has_offset;    /* "Z" or ±HH:MM was present */
  int offset_seconds; /* east of UTC, when has_offset */
};

bool tz_exists(const char *zone);
/* Offset from UTC in seconds for the zone at the UTC instant t (0 for an unknown zone). */
int tz_offset_at(const char *zone, time_t t);
/* Parses "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]". */
bool tz_parse_instant(const char *s, struct tz_instant_parts *out);
/* Converts a parsed instant to UTC; without an offset the fields are local time in zone. */
time_t tz_to_utc(const struct tz_instant_parts *p, const char *zone);
/* The UTC instant of local midnight starting date "YYYY-MM-DD" in zone; -1 when malformed. */
time_t tz_day_start(const char *date, const char *zone);
/* Formats UTC t as "YYYY-MM-DDTHH:MM:SS±HH:MM" in zone (out: at least 26 bytes). */
void tz_format(time_t t, const char *zone, char out[26]);
/* Parses the stored form "YYYY-MM-DDTHH:MM:SSZ"; returns -1 when malformed. */
time_t tz_parse_utc(const char *s);
/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
long long tz_days_from_civil(int y, int m, int d);
#endif
