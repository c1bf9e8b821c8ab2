/* export_model.c — the schedule model behind the three exports (export.h): built once from the
 * edition and its programme JSON, it holds what every format needs in the form the formats want
 * (UTC and local times, days, rooms, stable ids and slugs), plus the words and texts the formats
 * share, so that the ICS, XML and JSON writers only lay out bytes. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "text.h"
#include "tz.h"

#define MAX_RANGE_DAYS 400 /* an edition's own dates listed as days; longer ranges are cut */

static const char *str(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static long long num(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

static long long date_days(const char *date) {
  int y, m, d;
  if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
  return tz_days_from_civil(y, m, d);
}

static void days_date(long long days, char out[11]) {
  time_t t = (time_t)(days * 86400);
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
           (unsigned)tm.tm_mday % 100u);
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

static long long gcd(long long a, long long b) {
  while (b) {
    long long t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Lower-case ASCII words of the title joined by '-', cut after a whole word at most 40
 * characters long; "sesion" if that leaves fewer than 2. */
static void title_slug(const char *title, char *out, size_t size) {
  char *folded = text_fold(title);
  size_t n = 0, cap = size - 1 < 40 ? size - 1 : 40;
  const unsigned char *p = (const unsigned char *)folded;
  for (; *p && n < cap; p++) {
    bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
    if (word) out[n++] = (char)*p;
    else if (n > 0 && out[n - 1] != '-') out[n++] = '-';
  }
  bool cut = n == cap && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
  char *dash = cut ? memrchr(out, '-', n) : NULL;
  if (dash) n = (size_t)(dash - out); /* the last word was cut: drop it (unless it is the only one) */
  while (n > 0 && out[n - 1] == '-') n--;
  out[n] = '\0';
  free(folded);
  if (n < 2) snprintf(out, size, "sesion");
}

/* The instant of an ISO 8601 text with the edition's offset, UTC; fallback when it is malformed. */
static time_t instant(const struct export_schedule *s, const char *text, time_t fallback) {
  struct tz_instant_parts parts;
  return tz_parse_instant(text, &parts) ? tz_to_utc(&parts, s->ed->timezone) : fallback;
}

/* Reads one session; false when its instants are missing or malformed. */
static bool read_session(struct export_schedule *s, const cJSON *o, struct export_session *ss) {
  struct tz_instant_parts a, b;
  ss->starts_at = str(o, "starts_at");
  ss->ends_at = str(o, "ends_at");
  if (!tz_parse_instant(ss->starts_at, &a) || !tz_parse_instant(ss->ends_at, &b)) return false;
  ss->start = tz_to_utc(&a, s->ed->timezone);
  ss->end = tz_to_utc(&b, s->ed->timezone);
  if (ss->end < ss->start) ss->end = ss->start;
  ss->id = num(o, "id");
  ss->number = num(o, "number");
  ss->sequence = num(o, "sequence");
  ss->modified = instant(s, str(o, "updated_at"), s->stamp);
  ss->kind = str(o, "kind");
  ss->title = str(o, "title");
  ss->objective = str(o, "objective");
  const cJSON *room = cJSON_GetObjectItemCaseSensitive(o, "room");
  ss->room = cJSON_IsObject(room) && str(room, "name")[0] ? str(room, "name") : EXPORT_NO_ROOM;
  snprintf(ss->date, sizeof ss->date, "%04u-%02u-%02u", (unsigned)a.year % 10000u, (unsigned)a.month % 100u,
           (unsigned)a.day % 100u);
  snprintf(ss->start_hm, sizeof ss->start_hm, "%02u:%02u", (unsigned)a.hour % 100u, (unsigned)a.minute % 100u);
  long long length = (long long)(ss->end - ss->start) / 60;
  unsigned minutes = length > 99 * 60 + 59 ? 99 * 60 + 59 : (unsigned)length;
  snprintf(ss->duration, sizeof ss->duration, "%02u:%02u", minutes / 60 % 100u, minutes % 60);
  char name[128], words[48];
  snprintf(name, sizeof name, "asamblea:%s:session:%lld", s->ed->slug, ss->id);
  export_uuid(name, ss->guid);
  title_slug(ss->title, words, sizeof words);
  snprintf(ss->slug, sizeof ss->slug, "%s-%lld-%s", s->voc_acronym, ss->id, words);
  const cJSON *people = cJSON_GetObjectItemCaseSensitive(o, "participants");
  ss->people = xcalloc((size_t)cJSON_GetArraySize(people) + 1, sizeof *ss->people);
  const cJSON *p;
  cJSON_ArrayForEach(p, people) {
    struct export_person *ep = &ss->people[ss->n_people++];
    ep->id = num(p, "person_id");
    ep->name = str(p, "name");
    ep->honorific = str(p, "honorific");
    ep->role = str(p, "role");
    ep->position = str(p, "position");
    ep->organization = str(p, "organization");
  }
  return true;
}

/* Days: the edition's dates and any other date a session starts on, sorted; each with its span. */
static void build_days(struct export_schedule *s) {
  long long first = date_days(s->ed->starts_on), last = date_days(s->ed->ends_on);
  if (last < first) last = first;
  if (last - first >= MAX_RANGE_DAYS) last = first + MAX_RANGE_DAYS - 1;
  size_t n = 0, cap = (size_t)(last - first + 1) + s->n_sessions;
  long long *all = xcalloc(cap, sizeof *all);
  for (long long d = first; d <= last; d++) all[n++] = d;
  for (size_t i = 0; i < s->n_sessions; i++) all[n++] = date_days(s->sessions[i].date);
  qsort(all, n, sizeof *all, cmp_ll);
  s->days = xcalloc(n, sizeof *s->days);
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && all[i] == all[i - 1]) continue;
    struct export_day *day = &s->days[s->n_days++];
    days_date(all[i], day->date);
    struct tz_instant_parts p = {0};
    sscanf(day->date, "%4d-%2d-%2d", &p.year, &p.month, &p.day);
    tz_format(tz_to_utc(&p, s->ed->timezone), s->ed->timezone, day->start);
    p.hour = 23, p.minute = 59, p.second = 59;
    tz_format(tz_to_utc(&p, s->ed->timezone), s->ed->timezone, day->end);
  }
  free(all);
  const struct export_session **early = xcalloc(s->n_days, sizeof *early), **late = xcalloc(s->n_days, sizeof *late);
  for (size_t i = 0; i < s->n_sessions; i++) { /* a day with sessions spans its first start to its last end */
    struct export_session *ss = &s->sessions[i];
    ss->day = 0;
    while (ss->day + 1 < s->n_days && strcmp(s->days[ss->day].date, ss->date) != 0) ss->day++;
    if (!early[ss->day] || ss->start < early[ss->day]->start) early[ss->day] = ss;
    if (!late[ss->day] || ss->end > late[ss->day]->end) late[ss->day] = ss;
  }
  for (size_t d = 0; d < s->n_days; d++) {
    if (early[d]) snprintf(s->days[d].start, sizeof s->days[d].start, "%s", early[d]->starts_at);
    if (late[d]) snprintf(s->days[d].end, sizeof s->days[d].end, "%s", late[d]->ends_at);
  }
  free(early);
  free(late);
}

static void build_rooms(struct export_schedule *s) {
  s->rooms = xcalloc(s->n_sessions + 1, sizeof *s->rooms);
  for (size_t i = 0; i < s->n_sessions; i++) {
    size_t r = 0;
    while (r < s->n_rooms && strcmp(s->rooms[r].name, s->sessions[i].room) != 0) r++;
    if (r < s->n_rooms) continue;
    s->rooms[s->n_rooms].name = s->sessions[i].room;
    char name[400];
    snprintf(name, sizeof name, "asamblea:%s:room:%s", s->ed->slug, s->sessions[i].room);
    export_uuid(name, s->rooms[s->n_rooms++].guid);
  }
}

/* The version: a hash of everything the exports show, so it changes exactly when they do. */
static void build_version(struct export_schedule *s, const cJSON *sessions) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, 8);
  const char *parts[] = {s->ed->slug,      s->ed->title,   s->ed->short_title, s->ed->city, s->ed->venue,
                         s->ed->starts_on, s->ed->ends_on, s->ed->timezone,    s->base_url};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    crypto_generichash_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
  char *text = cJSON_PrintUnformatted(sessions);
  if (text) crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
  cJSON_free(text);
  unsigned char h[8];
  crypto_generichash_final(&st, h, sizeof h);
  sodium_bin2hex(s->version, sizeof s->version, h, sizeof h);
}

/* The largest grid (at most an hour) that every local start and every duration fits. */
static void build_timeslot(struct export_schedule *s) {
  long long g = 0;
  for (size_t i = 0; i < s->n_sessions; i++) {
    const struct export_session *ss = &s->sessions[i];
    g = gcd(g, atoll(ss->start_hm) * 60 + atoll(ss->start_hm + 3));
    g = gcd(g, atoll(ss->duration) * 60 + atoll(ss->duration + 3));
  }
  if (g == 0) g = 15;
  long long slot = 60;
  while (g % slot != 0) slot--;
  snprintf(s->timeslot, sizeof s->timeslot, "%02u:%02u", (unsigned)slot / 60 % 100u, (unsigned)slot % 60);
}

enum err export_build(struct export_schedule *s, const struct edition *ed, const cJSON *sessions,
                      const char *base_url) {
  memset(s, 0, sizeof *s);
  if (!cJSON_IsArray(sessions)) return ERR_INTERNAL;
  s->ed = ed;
  s->base_url = base_url;
  snprintf(s->acronym, sizeof s->acronym, "%s%s", ed->slug, strlen(ed->slug) < 4 ? "-ame" : "");
  for (size_t i = 0; s->acronym[i]; i++) s->voc_acronym[i] = s->acronym[i] == '-' ? '_' : s->acronym[i];
  struct tz_instant_parts day0 = {0};
  sscanf(ed->starts_on, "%4d-%2d-%2d", &day0.year, &day0.month, &day0.day);
  day0.has_offset = true;
  s->stamp = tz_to_utc(&day0, "UTC");
  s->sessions = xcalloc((size_t)cJSON_GetArraySize(sessions) + 1, sizeof *s->sessions);
  const cJSON *o;
  cJSON_ArrayForEach(o, sessions) {
    if (read_session(s, o, &s->sessions[s->n_sessions])) s->n_sessions++;
    else free(s->sessions[s->n_sessions].people);
  }
  for (size_t i = 0; i < s->n_sessions; i++)
    if (i == 0 || s->sessions[i].modified > s->stamp) s->stamp = s->sessions[i].modified;
  build_days(s);
  build_rooms(s);
  build_version(s, sessions);
  build_timeslot(s);
  return ERR_OK;
}

void export_add_cancelled(struct export_schedule *s, const cJSON *cancelled) {
  s->cancelled = xcalloc((size_t)cJSON_GetArraySize(cancelled) + 1, sizeof *s->cancelled);
  const cJSON *o;
  cJSON_ArrayForEach(o, cancelled) {
    struct export_session *ss = &s->cancelled[s->n_cancelled];
    if (!read_session(s, o, ss)) {
      free(ss->people);
      continue;
    }
    ss->cancelled = true;
    s->n_cancelled++;
    if (ss->modified > s->stamp) s->stamp = ss->modified;
  }
}

void export_free(struct export_schedule *s) {
  for (size_t i = 0; i < s->n_sessions; i++) free(s->sessions[i].people);
  free(s->sessions);
  for (size_t i = 0; i < s->n_cancelled; i++) free(s->cancelled[i].people);
  free(s->cancelled);
  free(s->days);
  free(s->rooms);
  memset(s, 0, sizeof *s);
}

const char *export_kind_label(const char *kind) {
  static const char *const words[][2] = {
      {"dialogue", "Diálogo"},   {"panel", "Panel"},     {"keynote", "Conferencia magistral"},
      {"ceremony", "Ceremonia"}, {"workshop", "Taller"}, {"break", "Receso"}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(kind, words[i][0]) == 0) return words[i][1];
  return kind;
}

const char *export_role_label(const char *role) {
  if (strcmp(role, "speaker") == 0) return "Ponente";
  if (strcmp(role, "moderator") == 0) return "Moderador/a";
  if (strcmp(role, "panelist") == 0) return "Panelista";
  return role;
}

void export_session_label(const struct export_session *ss, char *out, size_t size) {
  if (ss->number > 0) snprintf(out, size, "%s %lld", export_kind_label(ss->kind), ss->number);
  else if (size) out[0] = '\0';
}

void export_participants_text(const struct export_session *ss, struct sbuf *out) {
  for (size_t i = 0; i < ss->n_people; i++) {
    const struct export_person *p = &ss->people[i];
    if (i > 0) sbuf_putc(out, '\n');
    if (p->honorific[0]) sbuf_printf(out, "%s ", p->honorific);
    sbuf_puts(out, p->name);
    if (p->position[0] || p->organization[0])
      sbuf_printf(out, " — %s%s%s", p->position, p->position[0] && p->organization[0] ? ", " : "", p->organization);
    sbuf_printf(out, " (%s)", export_role_label(p->role));
  }
}

void export_session_url(const struct export_schedule *s, const struct export_session *ss, struct sbuf *out) {
  sbuf_printf(out, "%s/e/%s#sesion-%lld", s->base_url, s->ed->slug, ss->id);
}

void export_uuid(const char *text, char out[37]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
  h[6] = (unsigned char)((h[6] & 0x0f) | 0x80); /* version 8: custom (name-based, SHA-256) */
  h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = hex[h[i] >> 4];
    out[o++] = hex[h[i] & 15];
  }
  out[o] = '\0';
}
