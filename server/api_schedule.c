/* api_schedule.c — organizer writes to the programme: rooms, sessions and participants, and the
 * list of conflicts. Instants arrive with an offset, or without one in the edition's zone; they
 * are stored in UTC. A placement that collides answers 409 schedule_conflict with "conflicts". */
#include <string.h>

#include "api.h"
#include "db_schedule.h"
#include "tz.h"
#include "util.h"

static const struct field_rule room_fields[] = {
    {.name = "name", .type = V_STRING, .required = true, .max_len = 120},
    {.name = "capacity", .type = V_INT, .nullable = true, .min = 0, .max = 100000},
    {.name = "sort_order", .type = V_INT, .min = 0, .max = 1000},
};

static const struct field_rule session_fields[] = {
    {.name = "kind", .type = V_ENUM, .required = true, .choices = "dialogue|panel|keynote|ceremony|workshop|break"},
    {.name = "number", .type = V_INT, .nullable = true, .min = 1, .max = 999},
    {.name = "title", .type = V_STRING, .required = true, .max_len = 300},
    {.name = "objective", .type = V_TEXT, .max_len = 5000},
    {.name = "starts_at", .type = V_INSTANT, .required = true},
    {.name = "ends_at", .type = V_INSTANT, .required = true},
    {.name = "room_id", .type = V_INT, .nullable = true, .min = 1, .max = 2000000000},
};

static const struct field_rule participant_fields[] = {
    {.name = "person_id", .type = V_INT, .required = true, .min = 1, .max = 2000000000},
    {.name = "role", .type = V_ENUM, .required = true, .choices = "speaker|moderator|panelist"},
    {.name = "contribution", .type = V_TEXT, .max_len = 20000},
    {.name = "topic", .type = V_STRING, .max_len = 300},
    {.name = "sort_order", .type = V_INT, .min = 0, .max = 1000},
};

enum MHD_Result api_edition_rooms_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *items = NULL;
  if (e == ERR_OK) e = db_rooms_list(api_db(r), ed.id, &items);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, -1);
}

static enum MHD_Result reply_rooms(struct req *r, const struct edition *ed, unsigned status) {
  cJSON *items = NULL;
  enum err e = db_rooms_list(api_db(r), ed->id, &items);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "items", items);
  cJSON_AddNumberToObject(o, "total", cJSON_GetArraySize(items));
  return reply_json(r, status, o);
}

enum MHD_Result api_edition_rooms_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, room_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition ed;
  if ((e = api_edition(r, &ed)) != ERR_OK) return reply_error(r, e, NULL);
  long long id;
  const cJSON *cap = json_get(r->json, "capacity");
  e = db_rooms_create(api_db(r), &ed, json_str(r->json, "name"), cJSON_IsNumber(cap) ? (long long)cap->valuedouble : -1,
                      (int)json_int(r->json, "sort_order", 0), api_actor(r), &id);
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, "name", "err.schedule.room_name_taken");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *rooms = NULL;
  if ((e = db_rooms_list(api_db(r), ed.id, &rooms)) != ERR_OK) return reply_error(r, e, NULL);
  cJSON *room = json_detach_where(rooms, "id", id);
  cJSON_Delete(rooms);
  return reply_created(r, room, "/api/v1/rooms/%lld", id);
}

enum MHD_Result api_room_patch(struct req *r) {
  long long id = api_id_param(r, 0);
  struct verror ve;
  struct edition ed;
  enum err e = id > 0 ? db_room_edition(api_db(r), id, &ed) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if ((e = VALIDATE(r->json, room_fields, VALIDATE_PATCH, &ve)) != ERR_OK) return reply_invalid(r, e, &ve);
  const cJSON *cap = json_get(r->json, "capacity");
  e = db_rooms_update(api_db(r), id, json_str(r->json, "name"), cap != NULL,
                      cJSON_IsNumber(cap) ? (long long)cap->valuedouble : -1, json_has(r->json, "sort_order"),
                      (int)json_int(r->json, "sort_order", 0), api_actor(r));
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, "name", "err.schedule.room_name_taken");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_rooms(r, &ed, 200);
}

enum MHD_Result api_room_delete(struct req *r) {
  long long id = api_id_param(r, 0);
  enum err e = id > 0 ? db_rooms_delete(api_db(r), id, api_actor(r)) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}

static void read_session(struct req *r, const struct edition *ed, struct session_input *in) {
  memset(in, 0, sizeof *in);
  in->kind = json_str(r->json, "kind");
  in->has_number = json_has(r->json, "number");
  in->number = cJSON_IsNumber(json_get(r->json, "number")) ? json_int(r->json, "number", -1) : -1;
  in->title = json_str(r->json, "title");
  in->objective = json_str(r->json, "objective");
  in->starts_at = api_utc_field(r, "starts_at", ed->timezone);
  in->ends_at = api_utc_field(r, "ends_at", ed->timezone);
  in->has_room = json_has(r->json, "room_id");
  in->room_id = cJSON_IsNumber(json_get(r->json, "room_id")) ? json_int(r->json, "room_id", -1) : -1;
}

/* Answers a session write: the session, or the error with the conflicts. */
static enum MHD_Result reply_session_write(struct req *r, const struct edition *ed, enum err e, long long id,
                                           cJSON *conflicts, unsigned status) {
  if (e == ERR_SCHEDULE_CONFLICT) {
    cJSON *extra = cJSON_CreateObject();
    cJSON_AddItemToObject(extra, "conflicts", conflicts ? conflicts : cJSON_CreateArray());
    return reply_error_extra(r, e, NULL, extra);
  }
  cJSON_Delete(conflicts);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *out = NULL;
  e = db_session_get(api_db(r), ed, id, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (status == 201) return reply_created(r, out, "/api/v1/sessions/%lld", id);
  return reply_json(r, status, out);
}

enum MHD_Result api_edition_sessions_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, session_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition ed;
  if ((e = api_edition(r, &ed)) != ERR_OK) return reply_error(r, e, NULL);
  struct session_input in;
  read_session(r, &ed, &in);
  long long id = 0;
  cJSON *conflicts = NULL;
  e = db_sessions_create(api_db(r), &ed, &in, api_actor(r), &id, &ve, &conflicts);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  return reply_session_write(r, &ed, e, id, conflicts, 201);
}

enum MHD_Result api_session_patch(struct req *r) {
  long long id = api_id_param(r, 0);
  struct edition ed;
  struct verror ve;
  enum err e = id > 0 ? db_session_edition(api_db(r), id, &ed) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if ((e = VALIDATE(r->json, session_fields, VALIDATE_PATCH, &ve)) != ERR_OK) return reply_invalid(r, e, &ve);
  struct session_input in;
  read_session(r, &ed, &in);
  cJSON *conflicts = NULL;
  e = db_sessions_update(api_db(r), &ed, id, &in, api_actor(r), &ve, &conflicts);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  return reply_session_write(r, &ed, e, id, conflicts, 200);
}

enum MHD_Result api_session_delete(struct req *r) {
  long long id = api_id_param(r, 0);
  enum err e = id > 0 ? db_sessions_delete(api_db(r), id, api_actor(r)) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}

static void read_participant(struct req *r, struct participant_input *in) {
  in->role = json_str(r->json, "role");
  in->contribution = json_str(r->json, "contribution");
  in->topic = json_str(r->json, "topic");
  in->has_order = json_has(r->json, "sort_order");
  in->sort_order = (int)json_int(r->json, "sort_order", 0);
}

enum MHD_Result api_session_participants_post(struct req *r) {
  long long id = api_id_param(r, 0);
  struct edition ed;
  struct verror ve;
  enum err e = id > 0 ? db_session_edition(api_db(r), id, &ed) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if ((e = VALIDATE(r->json, participant_fields, VALIDATE_CREATE, &ve)) != ERR_OK) return reply_invalid(r, e, &ve);
  struct participant_input in;
  read_participant(r, &in);
  cJSON *conflicts = NULL;
  e = db_participant_add(api_db(r), id, json_int(r->json, "person_id", 0), &in, api_actor(r), &conflicts);
  if (e == ERR_VALIDATION) return reply_error_msg(r, e, "person_id", "err.people.unknown");
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, "person_id", "err.schedule.person_taken");
  if (e != ERR_OK) return reply_session_write(r, &ed, e, id, conflicts, 200); /* the schedule conflict, or the error */
  cJSON_Delete(conflicts);
  long long person = json_int(r->json, "person_id", 0);
  cJSON *session = NULL;
  if ((e = db_session_get(api_db(r), &ed, id, &session)) != ERR_OK) return reply_error(r, e, NULL);
  cJSON *participant =
      json_detach_where(cJSON_GetObjectItemCaseSensitive(session, "participants"), "person_id", person);
  cJSON_Delete(session);
  return reply_created(r, participant, "/api/v1/sessions/%lld/participants/%lld", id, person);
}

enum MHD_Result api_session_participant_patch(struct req *r) {
  long long id = api_id_param(r, 0), person = api_id_param(r, 1);
  struct edition ed;
  struct verror ve;
  enum err e = id > 0 && person > 0 ? db_session_edition(api_db(r), id, &ed) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if ((e = validate_body(r->json, participant_fields + 1, 4, VALIDATE_PATCH, &ve)) != ERR_OK)
    return reply_invalid(r, e, &ve);
  struct participant_input in;
  read_participant(r, &in);
  e = db_participant_update(api_db(r), id, person, &in, api_actor(r));
  return reply_session_write(r, &ed, e, id, NULL, 200);
}

enum MHD_Result api_session_participant_delete(struct req *r) {
  long long id = api_id_param(r, 0), person = api_id_param(r, 1);
  enum err e = id > 0 && person > 0 ? db_participant_remove(api_db(r), id, person, api_actor(r)) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}

enum MHD_Result api_edition_conflicts_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *items = NULL;
  if (e == ERR_OK) e = db_conflicts_list(api_db(r), &ed, &items);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, -1);
}
