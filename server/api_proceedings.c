/* api_proceedings.c — the memoria's editable parts (organizer), its JSON view (public once
 * published; unpublished proceedings are 404 to the public), the list of published versions,
 * and the public check behind a certificate's QR (unknown codes limited per address, a draft
 * edition's codes unknown to the public). The PDFs are in api_documents.c. */
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db_proceedings.h"
#include "http_ratelimit.h"

static const struct field_rule item_fields[] = {
    {.name = "kind", .type = V_ENUM, .required = true, .choices = "conclusion|recommendation|closing"},
    {.name = "number", .type = V_INT, .nullable = true, .min = 1, .max = 999},
    {.name = "title", .type = V_STRING, .required = true, .max_len = 300},
    {.name = "body", .type = V_TEXT, .max_len = 20000},
    {.name = "sort_order", .type = V_INT, .min = 0, .max = 10000},
};

/* The edition, when the caller may see its proceedings. */
enum err api_proceedings_edition(struct req *r, struct edition *ed) {
  enum err e = api_edition(r, ed);
  if (e == ERR_OK && !ed->proceedings_published && !api_is_organizer(r)) return ERR_NOT_FOUND;
  return e;
}

/* Organizers see the current text (what the next version will publish); everyone else sees
 * exactly what the latest version published. */
enum MHD_Result api_edition_proceedings_get(struct req *r) {
  struct edition ed;
  enum err e = api_proceedings_edition(r, &ed);
  cJSON *out = NULL;
  if (e == ERR_OK && api_is_organizer(r)) e = db_proceedings_get(api_db(r), &ed, &out);
  else if (e == ERR_OK) e = db_proceedings_published(api_db(r), &ed, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  return reply_json(r, 200, out);
}

static void read_item(struct req *r, struct item_input *in) {
  memset(in, 0, sizeof *in);
  in->kind = json_str(r->json, "kind");
  in->title = json_str(r->json, "title");
  in->body = json_str(r->json, "body");
  in->has_number = json_has(r->json, "number");
  in->number = cJSON_IsNumber(json_get(r->json, "number")) ? json_int(r->json, "number", -1) : -1;
  in->has_order = json_has(r->json, "sort_order");
  in->sort_order = (int)json_int(r->json, "sort_order", 0);
}

static enum MHD_Result reply_proceedings(struct req *r, const struct edition *ed, unsigned status) {
  struct edition fresh;
  cJSON *out = NULL;
  enum err e = db_editions_lookup(api_db(r), ed->slug, &fresh);
  if (e == ERR_OK) e = db_proceedings_get(api_db(r), &fresh, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, status, out);
}

enum MHD_Result api_edition_proceedings_items_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, item_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition ed;
  if ((e = api_edition(r, &ed)) != ERR_OK) return reply_error(r, e, NULL);
  struct item_input in;
  read_item(r, &in);
  long long id;
  if ((e = db_proceedings_item_create(api_db(r), &ed, &in, api_actor(r), &id)) != ERR_OK)
    return reply_error(r, e, NULL);
  cJSON *proceedings = NULL;
  if ((e = db_proceedings_get(api_db(r), &ed, &proceedings)) != ERR_OK) return reply_error(r, e, NULL);
  cJSON *item = json_detach_where(cJSON_GetObjectItemCaseSensitive(proceedings, "items"), "id", id);
  cJSON_Delete(proceedings);
  return reply_created(r, item, "/api/v1/proceedings/items/%lld", id);
}

enum MHD_Result api_proceedings_item_patch(struct req *r) {
  long long id = api_id_param(r, 0);
  struct edition ed;
  struct verror ve;
  enum err e = id > 0 ? db_proceedings_item_edition(api_db(r), id, &ed) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if ((e = VALIDATE(r->json, item_fields, VALIDATE_PATCH, &ve)) != ERR_OK) return reply_invalid(r, e, &ve);
  struct item_input in;
  read_item(r, &in);
  if ((e = db_proceedings_item_update(api_db(r), id, &in, api_actor(r))) != ERR_OK) return reply_error(r, e, NULL);
  return reply_proceedings(r, &ed, 200);
}

enum MHD_Result api_proceedings_item_delete(struct req *r) {
  long long id = api_id_param(r, 0);
  enum err e = id > 0 ? db_proceedings_item_delete(api_db(r), id, api_actor(r)) : ERR_NOT_FOUND;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}

enum MHD_Result api_edition_credits_put(struct req *r) {
  static const struct field_rule credit_fields[] = {
      {.name = "name", .type = V_STRING, .required = true, .max_len = 200, .printable_script = true},
      {.name = "role_title", .type = V_STRING, .required = true, .max_len = 200, .printable_script = true},
      {.name = "signs_certificates", .type = V_BOOL},
  };
  const cJSON *credits = json_get(r->json, "credits");
  if (!cJSON_IsArray(credits) || cJSON_GetArraySize(credits) > 50)
    return reply_error_msg(r, ERR_BAD_REQUEST, "credits", "err.proceedings.credits");
  struct verror ve;
  const cJSON *c;
  cJSON_ArrayForEach(c, credits) {
    enum err e = VALIDATE(c, credit_fields, VALIDATE_CREATE, &ve);
    if (e != ERR_OK) return reply_invalid(r, e, &ve);
  }
  struct edition ed;
  enum err e = api_edition(r, &ed);
  if (e == ERR_OK) e = db_credits_replace(api_db(r), &ed, credits, api_actor(r));
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_proceedings(r, &ed, 200);
}

enum MHD_Result api_edition_proceedings_versions_get(struct req *r) {
  struct edition ed;
  enum err e = api_proceedings_edition(r, &ed);
  cJSON *items = NULL;
  if (e == ERR_OK) e = db_proceedings_versions(api_db(r), &ed, &items);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, -1);
}

/* The public check of a certificate's code: ERR_NOT_FOUND for an unknown code, and for the
 * public also for a code of a draft edition (nothing of it is shown before it is announced). */
static enum err certificate_check(struct req *r, bool organizer, cJSON **out) {
  struct db *db = api_db(r);
  enum err e = db_certificate_check(db, req_param(r, 0), out);
  if (e != ERR_OK || organizer) return e;
  struct edition ed;
  e = db_editions_lookup(db, json_str(*out, "edition"), &ed);
  if (e == ERR_OK && strcmp(ed.status, "draft") == 0) e = ERR_NOT_FOUND;
  if (e != ERR_OK) {
    cJSON_Delete(*out);
    *out = NULL;
  }
  return e;
}

/* Every lookup is counted before it is made and given back when the code exists, so that
 * guessing codes is limited per address (also under concurrency), while checking real
 * certificates never is; an address over the limit is answered 429 for any code. */
enum MHD_Result api_certificate_get(struct req *r) {
  bool organizer = api_is_organizer(r);
  if (r->user_error != ERR_OK) return reply_error(r, r->user_error, NULL); /* credentials sent, not readable now */
  const struct rl_key limit = {RL_CERTIFICATE, req_ip(r)};
  unsigned retry_after = 0;
  if (!organizer && !ratelimit_reserve(&limit, 1, &retry_after))
    return reply_error(r, auth_too_many(r, retry_after), NULL);
  cJSON *out = NULL;
  enum err e = certificate_check(r, organizer, &out);
  if (!organizer && e != ERR_NOT_FOUND) ratelimit_release(&limit, 1);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}
