/* api_programme.c — public reads of the programme: an edition's sessions with participants,
 * its speakers and moderators, one person, and the organizations for suggestions. The edition
 * reads are served from the public cache (ETag, 304) except for drafts, which only organizers see. */
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db_program.h"
#include "http_pubcache.h"

/* Prints the items list of an edition read into out. */
static enum err build_list(struct req *r, struct sbuf *out,
                           enum err (*read)(struct db *, const struct edition *, cJSON **)) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *items = NULL;
  if (e == ERR_OK) e = read(api_db(r), &ed, &items);
  if (e != ERR_OK) return e;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "total", cJSON_GetArraySize(items));
  cJSON_AddItemToObject(o, "items", items);
  char *text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  if (!text) return ERR_INTERNAL;
  sbuf_puts(out, text);
  cJSON_free(text);
  return ERR_OK;
}

static enum err build_sessions(struct req *r, struct sbuf *out, const char **type) {
  (void)type;
  return build_list(r, out, db_sessions_list);
}

static enum err build_people(struct req *r, struct sbuf *out, const char **type) {
  (void)type;
  return build_list(r, out, db_people_for_edition);
}

enum MHD_Result api_edition_sessions_get(struct req *r) {
  return reply_edition_cached(r, "sessions", build_sessions, "application/json; charset=utf-8");
}
enum MHD_Result api_edition_people_get(struct req *r) {
  return reply_edition_cached(r, "people", build_people, "application/json; charset=utf-8");
}

enum MHD_Result api_person_get(struct req *r) {
  long long id = api_id_param(r, 0);
  if (id < 0) return reply_error(r, ERR_NOT_FOUND, NULL);
  struct db *db = api_db(r);
  cJSON *out = NULL;
  bool organizer = api_is_organizer(r);
  enum err e = db ? db_people_get(db, id, organizer, &out) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", organizer ? "no-store" : "no-cache");
  return reply_json(r, 200, out);
}

enum MHD_Result api_organizations_get(struct req *r) {
  const char *q = req_query(r, "q");
  if (q && strlen(q) > 200) return reply_error_msg(r, ERR_VALIDATION, "q", "err.search.too_long");
  struct db *db = api_db(r);
  cJSON *items = NULL;
  enum err e = db ? db_organizations_suggest(db, q, &items) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "public, max-age=300");
  return reply_items(r, items, -1);
}
