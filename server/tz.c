/* tz.c — a reader of TZif files (RFC 8536) from /usr/share/zoneinfo: transitions from the
 * 64-bit data block, and the POSIX TZ footer for instants after the last transition (standard
 * offset plus DST rules of the common "Mm.w.d[/time]" form). Loaded zones are cached for the
 * life of the process behind a mutex; lookups afterwards only read. */
#include "tz.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate.h"

#define TZ_DIR "/usr/share/zoneinfo/"

struct dst_rule { /* "Mm.w.d/time": month, week 1-5 (5 = last), weekday 0-6, seconds after local midnight */
  int month, week, wday, time;
};

struct zone {
  char name[64];
  int64_t *trans; /* transition instants, ascending */
  int *trans_off; /* offset in force from each transition */
  size_t ntrans;
  int first_off; /* offset before the first transition */
  int std_off;   /* footer: standard offset (east of UTC) */
  bool has_dst;  /* footer has DST rules */
  int dst_off;
  struct dst_rule start, end;
};

static struct zone **zones; /* grows; bounded by the number of zone files */
static size_t nzones, zones_cap;
static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t be(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  if (n == 4) return (int32_t)(uint32_t)v;
  return (int64_t)v;
}

long long tz_days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Parses a POSIX offset "[+-]hh[:mm[:ss]]"; POSIX counts west as positive, we return east. */
static const char *parse_posix_offset(const char *p, int *east) {
  int sign = 1, h = 0, m = 0, s = 0;
  if (*p == '+' || *p == '-') sign = (*p++ == '-') ? -1 : 1;
  if (!isdigit((unsigned char)*p)) return NULL;
  h = (int)strtol(p, (char **)&p, 10);
  if (*p == ':') m = (int)strtol(p + 1, (char **)&p, 10);
  if (*p == ':') s = (int)strtol(p + 1, (char **)&p, 10);
  *east = -sign * (h * 3600 + m * 60 + s);
  return p;
}

static const char *skip_abbr(const char *p) {
  if (*p == '<') {
    const char *q = strchr(p, '>');
    return q ? q + 1 : NULL;
  }
  while (isalpha((unsigned char)*p)) p++;
  return p;
}

static const char *parse_rule(const char *p, struct dst_rule *r) {
  if (*p != 'M') return NULL; /* Julian-day forms are not used by any current zone of the Americas */
  r->month = (int)strtol(p + 1, (char **)&p, 10);
  if (*p++ != '.') return NULL;
  r->week = (int)strtol(p, (char **)&p, 10);
  if (*p++ != '.') return NULL;
  r->wday = (int)strtol(p, (char **)&p, 10);
  r->time = 7200;
  if (*p == '/') {
    int east;
    p = parse_posix_offset(p + 1, &east);
    if (!p) return NULL;
    r->time = -east;
  }
  return p;
}

static bool parse_footer(struct zone *z, const char *f) {
  const char *p = skip_abbr(f);
  if (!p || !(p = parse_posix_offset(p, &z->std_off))) return false;
  if (!*p) return true;
  p = skip_abbr(p);
  if (!p) return false;
  z->dst_off = z->std_off + 3600;
  if (*p && *p != ',' && !(p = parse_posix_offset(p, &z->dst_off))) return false;
  if (*p++ != ',' || !(p = parse_rule(p, &z->start)) || *p++ != ',' || !(p = parse_rule(p, &z->end))) return false;
  z->has_dst = true;
  return true;
}

static struct zone *parse_tzif(const char *name, const unsigned char *d, size_t len) {
  if (len < 44 || memcmp(d, "TZif", 4) != 0 || d[4] < '2') return NULL;
  /* skip the v1 block to reach the 64-bit one */
  int64_t c[6];
  for (int i = 0; i < 6; i++) c[i] = be(d + 20 + 4 * i, 4);
  size_t v1 = (size_t)(c[0] + c[1] + c[2] * 8 + c[3] * 5 + c[4] * 6 + c[5]);
  const unsigned char *h = d + 44 + v1;
  if ((size_t)(h - d) + 44 > len || memcmp(h, "TZif", 4) != 0) return NULL;
  int64_t isut = be(h + 20, 4), isstd = be(h + 24, 4), leap = be(h + 28, 4), timecnt = be(h + 32, 4),
          typecnt = be(h + 36, 4), charcnt = be(h + 40, 4);
  const unsigned char *p = h + 44;
  size_t block = (size_t)(timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut);
  if ((size_t)(p - d) + block > len || typecnt < 1) return NULL;
  struct zone *z = xcalloc(1, sizeof *z);
  snprintf(z->name, sizeof z->name, "%s", name);
  z->ntrans = (size_t)timecnt;
  z->trans = xcalloc(z->ntrans, sizeof *z->trans);
  z->trans_off = xcalloc(z->ntrans, sizeof *z->trans_off);
  const unsigned char *idx = p + timecnt * 8, *types = idx + timecnt;
  for (int64_t i = 0; i < timecnt; i++) {
    z->trans[i] = be(p + 8 * i, 8);
    unsigned t = idx[i] < typecnt ? idx[i] : 0;
    z->trans_off[i] = (int)be(types + 6 * t, 4);
  }
  z->first_off = (int)be(types, 4);
  const char *footer = (const char *)(p + block);
  size_t flen = len - (size_t)(p + block - d);
  z->std_off = z->ntrans ? z->trans_off[z->ntrans - 1] : z->first_off;
  if (flen > 2 && footer[0] == '\n') {
    char buf[128];
    size_t n = 0;
    for (size_t i = 1; i < flen && footer[i] != '\n' && n + 1 < sizeof buf; i++) buf[n++] = footer[i];
    buf[n] = '\0';
    if (n && !parse_footer(z, buf)) z->has_dst = false;
  }
  return z;
}

static bool zone_name_ok(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n >= 64 || name[0] == '/' || strstr(name, "..")) return false;
  for (const char *p = name; *p; p++)
    if (!(isalnum((unsigned char)*p) || strchr("/_-+", *p))) return false;
  return true;
}

static struct zone *load_zone(const char *name) {
  if (!zone_name_ok(name)) return NULL;
  pthread_mutex_lock(&zones_lock);
  struct zone *found = NULL;
  for (size_t i = 0; i < nzones && !found; i++)
    if (strcmp(zones[i]->name, name) == 0) found = zones[i];
  if (!found) {
    char path[128];
    snprintf(path, sizeof path, TZ_DIR "%s", name);
    FILE *f = fopen(path, "rb");
    if (f) {
      unsigned char buf[65536];
      size_t len = fread(buf, 1, sizeof buf, f);
      fclose(f);
      found = parse_tzif(name, buf, len);
      if (found && nzones == zones_cap) {
        zones_cap = zones_cap ? zones_cap * 2 : 8;
        zones = xrealloc(zones, zones_cap * sizeof *zones);
      }
      if (found) zones[nzones++] = found;
    }
  }
  pthread_mutex_unlock(&zones_lock);
  return found;
}

bool tz_exists(const char *zone) { return load_zone(zone) != NULL; }

/* UTC instant at which a DST rule fires in year y, given the offset in force before it. */
static int64_t rule_instant(const struct dst_rule *r, int y, int off_before) {
  long long first = tz_days_from_civil(y, r->month, 1);
  int wday_first = (int)((first % 7 + 11) % 7); /* 1970-01-01 was a Thursday (4) */
  int day = 1 + (r->wday - wday_first + 7) % 7 + (r->week - 1) * 7;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = mdays[r->month - 1] + (r->month == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  while (day > dim) day -= 7;
  return (tz_days_from_civil(y, r->month, day)) * 86400 + r->time - off_before;
}

static int footer_offset(const struct zone *z, int64_t t) {
  if (!z->has_dst) return z->std_off;
  int y = 1970 + (int)(t / 31556952);
  int64_t start = rule_instant(&z->start, y, z->std_off), end = rule_instant(&z->end, y, z->dst_off);
  bool in_dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return in_dst ? z->dst_off : z->std_off;
}

int tz_offset_at(const char *zone, time_t t) {
  const struct zone *z = load_zone(zone);
  if (!z) return 0;
  if (z->ntrans == 0 || t < z->trans[0]) return z->ntrans ? z->first_off : footer_offset(z, t);
  if (t >= z->trans[z->ntrans - 1]) return z->has_dst ? footer_offset(z, t) : z->trans_off[z->ntrans - 1];
  size_t lo = 0, hi = z->ntrans - 1; /* trans[lo] <= t < trans[hi] */
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (z->trans[mid] <= t) lo = mid;
    else hi = mid;
  }
  return z->trans_off[lo];
}

static bool digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool tz_parse_instant(const char *s, struct tz_instant_parts *o) {
  memset(o, 0, sizeof *o);
  size_t n = strlen(s);
  if (n < 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return false;
  if (!digits(s, 4, &o->year) || !digits(s + 5, 2, &o->month) || !digits(s + 8, 2, &o->day) ||
      !digits(s + 11, 2, &o->hour) || !digits(s + 14, 2, &o->minute))
    return false;
  const char *p = s + 16;
  if (*p == ':') {
    if (!digits(p + 1, 2, &o->second)) return false;
    p += 3;
    if (*p == '.') { /* fractional seconds, as JavaScript's toISOString() writes them: dropped */
      if (p[1] < '0' || p[1] > '9') return false;
      for (p++; *p >= '0' && *p <= '9'; p++) {
      }
    }
  }
  if (*p == 'Z') {
    o->has_offset = true;
    p++;
  } else if (*p == '+' || *p == '-') {
    int h, m;
    if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &m) || h > 14 || m > 59) return false;
    o->has_offset = true;
    o->offset_seconds = (*p == '-' ? -1 : 1) * (h * 3600 + m * 60);
    p += 6;
  }
  if (*p) return false;
  char date[11];
  snprintf(date, sizeof date, "%.10s", s);
  return valid_date(date) && o->hour < 24 && o->minute < 60 && o->second < 60;
}

time_t tz_to_utc(const struct tz_instant_parts *p, const char *zone) {
  int64_t local = tz_days_from_civil(p->year, p->month, p->day) * 86400 + p->hour * 3600 + p->minute * 60 + p->second;
  if (p->has_offset) return (time_t)(local - p->offset_seconds);
  int off = tz_offset_at(zone, (time_t)local);
  off = tz_offset_at(zone, (time_t)(local - off));
  return (time_t)(local - off);
}

time_t tz_day_start(const char *date, const char *zone) {
  struct tz_instant_parts p = {0};
  if (!date || !valid_date(date) || sscanf(date, "%4d-%2d-%2d", &p.year, &p.month, &p.day) != 3) return -1;
  return tz_to_utc(&p, zone);
}

void tz_format(time_t t, const char *zone, char out[26]) {
  int off = tz_offset_at(zone, t);
  time_t local = t + off;
  struct tm tm;
  gmtime_r(&local, &tm);
  int a = off < 0 ? -off : off;
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
  memcpy(out, tmp, 25);
  out[25] = '\0';
}

time_t tz_parse_utc(const char *s) {
  struct tz_instant_parts p;
  if (!s || !tz_parse_instant(s, &p) || !p.has_offset) return -1;
  return tz_to_utc(&p, "UTC");
}
