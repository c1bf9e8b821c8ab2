/* api_programme.c — public reads of the programme: an edition's sessions with participants,
 * its speakers and moderators, and one person. */
#include <string.h>

#include "api.h"
#include "db_program.h"

enum MHD_Result api_edition_sessions_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *items = NULL;
  if (e == ERR_OK) e = db_sessions_list(api_db(r), &ed, &items);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  return reply_items(r, items, -1);
}

enum MHD_Result api_edition_people_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *items = NULL;
  if (e == ERR_OK) e = db_people_for_edition(api_db(r), &ed, &items);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  return reply_items(r, items, -1);
}

enum MHD_Result api_person_get(struct req *r) {
  long long id = api_id_param(r, 0);
  if (id < 0) return reply_error(r, ERR_NOT_FOUND, NULL);
  struct db *db = api_db(r);
  cJSON *out = NULL;
  enum err e = db ? db_people_get(db, id, &out) : ERR_INTERNAL;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  return reply_json(r, 200, out);
}

enum MHD_Result api_organizations_get(struct req *r) {
  const char *q = req_query(r, "q");
  if (q && strlen(q) > 200) return reply_error_msg(r, ERR_VALIDATION, "q", "Escriba como máximo 200 caracteres.");
  struct db *db = api_db(r);
  cJSON *items = NULL;
  enum err e = db ? db_organizations_suggest(db, q, &items) : ERR_INTERNAL;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "public, max-age=300");
  return reply_items(r, items, -1);
}
