/* api_exports.c — the public schedule exports of an edition: GET .../schedule.ics (iCalendar),
 * .../schedule.xml (Frab) and .../schedule.json (c3voc). Each reads the programme, builds the
 * export model and runs one formatter (export.h); answers are served from the public cache (ETag,
 * 304) and rebuilt when the content changes. A draft edition is not found for the public and is
 * never cached (organizers get a fresh copy). Only a built export names a file to save
 * (Content-Disposition, kept with the cached answer); an error never does. The calendar also
 * lists the deleted sessions, as cancelled. */
#include <string.h>

#include "api.h"
#include "config.h"
#include "db_program.h"
#include "export.h"
#include "http_pubcache.h"

struct format {
  const char *file; /* the route's last segment, also the cache key's prefix */
  const char *type; /* Content-Type */
  void (*write)(const struct export_schedule *, struct sbuf *);
  bool with_cancelled; /* also the deleted sessions (the calendar marks them cancelled) */
};

static const struct format ics = {"schedule.ics", "text/calendar; charset=utf-8", export_ics, true};
static const struct format xml = {"schedule.xml", "application/xml; charset=utf-8", export_xml, false};
static const struct format json = {"schedule.json", "application/json; charset=utf-8", export_json, false};

static enum err build(struct req *r, const struct format *f, struct sbuf *out, const char **type) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *items = NULL, *cancelled = NULL;
  if (e == ERR_OK) e = db_sessions_list(api_db(r), &ed, &items);
  if (e == ERR_OK && f->with_cancelled) e = db_sessions_cancelled(api_db(r), &ed, &cancelled);
  struct export_schedule s;
  if (e == ERR_OK) e = export_build(&s, &ed, items, config_public_url());
  if (e == ERR_OK) {
    if (cancelled) export_add_cancelled(&s, cancelled);
    f->write(&s, out);
    export_free(&s);
    *type = f->type;
    req_add_reply_header(r, "Content-Disposition", req_printf(r, "inline; filename=\"%s-%s\"", ed.slug, f->file));
  }
  cJSON_Delete(items);
  cJSON_Delete(cancelled);
  return e;
}

static enum err build_ics(struct req *r, struct sbuf *out, const char **type) { return build(r, &ics, out, type); }
static enum err build_xml(struct req *r, struct sbuf *out, const char **type) { return build(r, &xml, out, type); }
static enum err build_json(struct req *r, struct sbuf *out, const char **type) { return build(r, &json, out, type); }

static enum MHD_Result answer(struct req *r, const struct format *f, pubcache_build_fn *fn) {
  return reply_edition_cached(r, f->file, fn, f->type);
}

enum MHD_Result api_edition_schedule_ics_get(struct req *r) { return answer(r, &ics, build_ics); }
enum MHD_Result api_edition_schedule_xml_get(struct req *r) { return answer(r, &xml, build_xml); }
enum MHD_Result api_edition_schedule_json_get(struct req *r) { return answer(r, &json, build_json); }
