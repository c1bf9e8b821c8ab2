/* api_people.c — organizer writes to people (shared across editions): create, change, search;
 * photos (JPEG or PNG up to 2 MiB, checked by content, refused past 40 megapixels, stored shrunk to
 * 1200 pixels and re-encoded: image.h); an edition's roster; copying rooms and
 * people from an earlier edition. The photo itself is public (the programme shows it). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db_people.h"
#include "db_program.h"
#include "image.h"

static const struct field_rule person_fields[] = {
    {.name = "name", .type = V_STRING, .required = true, .max_len = 200, .printable_script = true},
    {.name = "honorific", .type = V_STRING, .max_len = 40, .printable_script = true},
    {.name = "position", .type = V_STRING, .max_len = 300, .printable_script = true},
    {.name = "organization", .type = V_STRING, .max_len = 200, .printable_script = true},
    {.name = "bio", .type = V_TEXT, .max_len = 10000},
    {.name = "email", .type = V_EMAIL},
    {.name = "phone", .type = V_PHONE, .max_len = 30},
};

static void read_person(const cJSON *j, struct person_input *in) {
  in->name = json_str(j, "name");
  in->honorific = json_str(j, "honorific");
  in->position = json_str(j, "position");
  in->organization = json_str(j, "organization");
  in->bio = json_str(j, "bio");
  in->email = json_str(j, "email");
  in->phone = json_str(j, "phone");
}

static enum MHD_Result reply_person(struct req *r, long long id, unsigned status) {
  cJSON *out = NULL;
  enum err e = db_people_get(api_db(r), id, true, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (status == 201) return reply_created(r, out, "/api/v1/people/%lld", id);
  return reply_json(r, status, out);
}

enum MHD_Result api_people_get(struct req *r) {
  struct verror ve;
  int limit, offset;
  enum err e = api_page(r, &limit, &offset, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const char *q = req_query(r, "q");
  if (q && strlen(q) > 200) return reply_error_msg(r, ERR_VALIDATION, "q", "err.search.too_long");
  cJSON *items = NULL;
  long long total = 0;
  e = db_people_search(api_db(r), q, limit, offset, &items, &total);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, total);
}

enum MHD_Result api_people_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, person_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct person_input in;
  read_person(r->json, &in);
  long long id = 0;
  e = db_people_create(api_db(r), &in, api_actor(r), &id);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_person(r, id, 201);
}

enum MHD_Result api_person_patch(struct req *r) {
  long long id = api_id_param(r, 0);
  if (id < 0) return reply_error(r, ERR_NOT_FOUND, NULL);
  struct verror ve;
  enum err e = VALIDATE(r->json, person_fields, VALIDATE_PATCH, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct person_input in;
  read_person(r->json, &in);
  e = db_people_update(api_db(r), id, &in, api_actor(r));
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_person(r, id, 200);
}

/* "image/jpeg" or "image/png" from a Content-Type header (parameters ignored), else NULL. */
static const char *image_type(const char *header) {
  if (!header) return NULL;
  if (strncasecmp(header, "image/jpeg", 10) == 0 && (!header[10] || header[10] == ';')) return "image/jpeg";
  if (strncasecmp(header, "image/png", 9) == 0 && (!header[9] || header[9] == ';')) return "image/png";
  return NULL;
}

enum MHD_Result api_person_photo_put(struct req *r) {
  long long id = api_id_param(r, 0);
  if (id < 0) return reply_error(r, ERR_NOT_FOUND, NULL);
  const char *type = image_type(req_header(r, "Content-Type"));
  if (!type) return reply_error_msg(r, ERR_UNSUPPORTED_MEDIA, NULL, "err.photo.type");
  struct image_out photo;
  enum image_result res = image_normalize((const unsigned char *)r->body, r->body_len, type, &photo);
  if (res == IMAGE_TOO_LARGE) return reply_error_msg(r, ERR_VALIDATION, NULL, "err.photo.too_large");
  if (res != IMAGE_OK) return reply_error_msg(r, ERR_BAD_REQUEST, NULL, "err.photo.invalid");
  enum err e = db_photo_put(api_db(r), id, photo.content_type, photo.bytes, photo.len, api_actor(r));
  free(photo.bytes);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_person(r, id, 200);
}

enum MHD_Result api_person_photo_get(struct req *r) {
  long long id = api_id_param(r, 0);
  char type[16], sha[65];
  void *bytes = NULL;
  size_t len = 0;
  enum err e = id > 0 ? db_photo_get(api_db(r), id, type, &bytes, &len, sha) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  char *etag = req_printf(r, "\"%.32s\"", sha);
  req_add_reply_header(r, "ETag", etag);
  req_add_reply_header(r, "Cache-Control", "public, max-age=3600, must-revalidate");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strstr(inm, etag)) {
    free(bytes);
    return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
  }
  return reply_bytes(r, 200, strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg", bytes, len,
                     MHD_RESPMEM_MUST_FREE);
}

enum MHD_Result api_person_photo_delete(struct req *r) {
  long long id = api_id_param(r, 0);
  enum err e = id > 0 ? db_photo_delete(api_db(r), id, api_actor(r)) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}

enum MHD_Result api_edition_people_post(struct req *r) {
  static const struct field_rule fields[] = {
      {.name = "person_id", .type = V_INT, .required = true, .min = 1, .max = 2000000000}};
  struct verror ve;
  enum err e = VALIDATE(r->json, fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition ed;
  if ((e = api_edition(r, &ed)) != ERR_OK) return reply_error(r, e, NULL);
  long long person = json_int(r->json, "person_id", 0);
  e = db_roster_add(api_db(r), &ed, person, api_actor(r), &ve);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *out = NULL;
  if ((e = db_people_get(api_db(r), person, true, &out)) != ERR_OK) return reply_error(r, e, NULL);
  return reply_created(r, out, "/api/v1/editions/%s/people/%lld", ed.slug, person);
}

enum MHD_Result api_edition_person_delete(struct req *r) {
  struct edition ed;
  long long person = api_id_param(r, 1);
  enum err e = api_edition(r, &ed);
  if (e == ERR_OK) e = person > 0 ? db_roster_remove(api_db(r), &ed, person, api_actor(r)) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}

enum MHD_Result api_edition_copy_post(struct req *r) {
  static const struct field_rule fields[] = {{.name = "from", .type = V_SLUG, .required = true, .max_len = 64}};
  struct verror ve;
  enum err e = VALIDATE(r->json, fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition to, from;
  if ((e = api_edition(r, &to)) != ERR_OK) return reply_error(r, e, NULL);
  e = db_editions_lookup(api_db(r), json_str(r->json, "from"), &from);
  if (e == ERR_NOT_FOUND || (e == ERR_OK && from.id == to.id))
    return reply_error_msg(r, ERR_VALIDATION, "from", "err.people.copy_from");
  int rooms = 0, people = 0;
  if (e == ERR_OK) e = db_editions_copy(api_db(r), &from, &to, api_actor(r), &rooms, &people);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "rooms", rooms);
  cJSON_AddNumberToObject(o, "people", people);
  return reply_json(r, 200, o);
}
