/* export_json.c — the c3voc schedule.json export: the same schedule as schedule.xml in the shape
 * of ../shared/schemas/c3voc-schedule.schema.json (draft-06), built with cJSON so that every
 * string is escaped by the library. */
#include <stdlib.h>
#include <string.h>

#include "export.h"

#define SCHEMA_URL "https://c3voc.de/schedule/schema.json"

/* The schema's time_zone_name pattern, as a searching validator applies it:
 * ^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$ */
static bool zone_name_ok(const char *z) {
  size_t n = strlen(z);
  if (n >= 3 && strcmp(z + n - 3, "UTC") == 0) return true;
  for (int part = 0; part < 2; part++) {
    if (!(*z >= 'A' && *z <= 'Z')) return false;
    z++;
    if (!(*z >= 'a' && *z <= 'z')) return false;
    while (*z >= 'a' && *z <= 'z') z++;
    if (part == 0 && *z++ != '/') return false;
  }
  return true;
}

static cJSON *text_or_null(const char *s) { return s[0] ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static cJSON *event(const struct export_schedule *s, const struct export_session *ss) {
  cJSON *o = cJSON_CreateObject();
  struct sbuf v = {0};
  cJSON_AddNumberToObject(o, "id", (double)ss->id);
  cJSON_AddStringToObject(o, "guid", ss->guid);
  cJSON_AddStringToObject(o, "date", ss->starts_at);
  cJSON_AddStringToObject(o, "start", ss->start_hm);
  cJSON_AddStringToObject(o, "end", ss->ends_at);
  cJSON_AddStringToObject(o, "duration", ss->duration);
  cJSON_AddStringToObject(o, "room", ss->room);
  cJSON_AddStringToObject(o, "slug", ss->slug);
  export_session_url(s, ss, &v);
  cJSON_AddStringToObject(o, "url", v.data);
  cJSON_AddStringToObject(o, "title", ss->title);
  char label[64];
  export_session_label(ss, label, sizeof label);
  cJSON_AddItemToObject(o, "subtitle", text_or_null(label));
  cJSON_AddStringToObject(o, "track", export_kind_label(ss->kind));
  cJSON_AddStringToObject(o, "type", ss->kind);
  cJSON_AddStringToObject(o, "language", "es");
  cJSON_AddStringToObject(o, "abstract", ss->objective);
  v.len = 0;
  export_participants_text(ss, &v);
  cJSON_AddItemToObject(o, "description", text_or_null(v.len ? v.data : ""));
  sbuf_free(&v);
  cJSON *people = cJSON_AddArrayToObject(o, "persons");
  for (size_t i = 0; i < ss->n_people; i++) {
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "id", (double)ss->people[i].id);
    cJSON_AddStringToObject(p, "name", ss->people[i].name);
    cJSON_AddItemToArray(people, p);
  }
  cJSON_AddArrayToObject(o, "links");
  cJSON_AddArrayToObject(o, "attachments");
  return o;
}

static cJSON *day(const struct export_schedule *s, size_t d) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "index", (double)(d + 1));
  cJSON_AddStringToObject(o, "date", s->days[d].date);
  cJSON_AddStringToObject(o, "day_start", s->days[d].start);
  cJSON_AddStringToObject(o, "day_end", s->days[d].end);
  cJSON *rooms = cJSON_AddObjectToObject(o, "rooms");
  for (size_t r = 0; r < s->n_rooms; r++) {
    cJSON *list = NULL;
    for (size_t i = 0; i < s->n_sessions; i++) {
      const struct export_session *ss = &s->sessions[i];
      if (ss->day != d || strcmp(ss->room, s->rooms[r].name) != 0) continue;
      if (!list) list = cJSON_AddArrayToObject(rooms, s->rooms[r].name);
      cJSON_AddItemToArray(list, event(s, ss));
    }
  }
  return o;
}

static cJSON *conference(const struct export_schedule *s) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "acronym", s->voc_acronym);
  cJSON_AddStringToObject(o, "title", s->ed->title);
  cJSON_AddStringToObject(o, "start", s->ed->starts_on);
  cJSON_AddStringToObject(o, "end", s->ed->ends_on);
  cJSON_AddNumberToObject(o, "daysCount", (double)s->n_days);
  cJSON_AddStringToObject(o, "timeslot_duration", s->timeslot);
  if (zone_name_ok(s->ed->timezone)) cJSON_AddStringToObject(o, "time_zone_name", s->ed->timezone);
  struct sbuf url = {0};
  sbuf_printf(&url, "%s/e/%s", s->base_url, s->ed->slug);
  cJSON_AddStringToObject(o, "url", url.data);
  sbuf_free(&url);
  cJSON *rooms = cJSON_AddArrayToObject(o, "rooms");
  for (size_t r = 0; r < s->n_rooms; r++) {
    cJSON *room = cJSON_CreateObject();
    cJSON_AddStringToObject(room, "name", s->rooms[r].name);
    cJSON_AddStringToObject(room, "guid", s->rooms[r].guid);
    cJSON_AddItemToArray(rooms, room);
  }
  cJSON *days = cJSON_AddArrayToObject(o, "days");
  for (size_t d = 0; d < s->n_days; d++) cJSON_AddItemToArray(days, day(s, d));
  return o;
}

void export_json(const struct export_schedule *s, struct sbuf *out) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "$schema", SCHEMA_URL);
  cJSON_AddStringToObject(cJSON_AddObjectToObject(root, "generator"), "name", "asamblea");
  cJSON *schedule = cJSON_AddObjectToObject(root, "schedule");
  struct sbuf v = {0};
  sbuf_printf(&v, "%s/api/v1/editions/%s/schedule.json", s->base_url, s->ed->slug);
  cJSON_AddStringToObject(schedule, "url", v.data);
  cJSON_AddStringToObject(schedule, "version", s->version);
  v.len = 0;
  sbuf_printf(&v, "%s/", s->base_url);
  cJSON_AddStringToObject(schedule, "base_url", v.data);
  sbuf_free(&v);
  cJSON_AddItemToObject(schedule, "conference", conference(s));
  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  if (!text) abort(); /* cJSON fails only when memory does: allocation failure aborts */
  sbuf_puts(out, text);
  sbuf_putc(out, '\n');
  cJSON_free(text);
}
