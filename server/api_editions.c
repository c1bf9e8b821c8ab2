/* api_editions.c — /api/v1/editions: public list and detail, organizer create and update. */
#include "api.h"
#include "db_editions.h"
#include "questions.h"
#include "validate.h"

static const struct field_rule edition_fields[] = {
    {.name = "slug", .type = V_SLUG, .required = true, .max_len = 64},
    {.name = "title", .type = V_STRING, .required = true, .max_len = 300},
    {.name = "short_title", .type = V_STRING, .max_len = 100},
    {.name = "city", .type = V_STRING, .required = true, .max_len = 120},
    {.name = "venue", .type = V_STRING, .max_len = 200},
    {.name = "starts_on", .type = V_DATE, .required = true},
    {.name = "ends_on", .type = V_DATE, .required = true},
    {.name = "timezone", .type = V_TIMEZONE},
    {.name = "status", .type = V_ENUM, .choices = "draft|open|closed|archived"},
    {.name = "capacity", .type = V_INT, .nullable = true, .min = 0, .max = 1000000},
    {.name = "description", .type = V_TEXT, .max_len = 5000},
    {.name = "organizer_unit", .type = V_STRING, .max_len = 200},
    {.name = "contact_email", .type = V_CONTACT_EMAIL}, /* published as written, accents included */
    {.name = "confirm_email", .type = V_BOOL}, /* public sign-ups confirm their address first (double opt-in) */
    /* the public sign-up window (reg_window.h); null clears a side; closes after opens (CHECK of migration 014) */
    {.name = "registration_opens_at", .type = V_INSTANT, .nullable = true},
    {.name = "registration_closes_at", .type = V_INSTANT, .nullable = true},
};

/* Rewrites the window instants of a validated body into their stored UTC form, read in zone when
 * written without an offset (the edition's zone: the one sent, else the stored or default one). */
static void window_to_utc(struct req *r, const char *zone) {
  static const char *const names[] = {"registration_opens_at", "registration_closes_at"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *utc = api_utc_field(r, names[i], zone);
    if (utc) cJSON_ReplaceItemInObjectCaseSensitive(r->json, names[i], cJSON_CreateString(utc));
  }
}

/* The table's checks, then those of the custom questions when they are sent (questions.h), which
 * are then kept as they are stored. */
static enum err edition_check(cJSON *body, const struct field_rule *rules, size_t n, enum validate_mode mode,
                              struct verror *ve) {
  enum err e = validate_body(body, rules, n, mode, ve);
  if (e != ERR_OK || !json_has(body, "questions")) return e;
  e = questions_check(json_get(body, "questions"), ve);
  if (e == ERR_OK)
    cJSON_ReplaceItemInObjectCaseSensitive(body, "questions", questions_clean(json_get(body, "questions")));
  return e;
}

/* PATCH takes the same fields except the slug, which names the edition. */
static const struct field_rule *const patch_fields = edition_fields + 1;
#define PATCH_FIELD_COUNT (sizeof edition_fields / sizeof edition_fields[0] - 1)

enum MHD_Result api_editions_get(struct req *r) {
  struct db *db = api_db(r);
  cJSON *items = NULL;
  enum err e = db ? db_editions_list(db, api_is_organizer(r), &items) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  return reply_items(r, items, -1);
}

enum MHD_Result api_edition_get(struct req *r) {
  struct db *db = api_db(r);
  cJSON *out = NULL;
  enum err e = db ? db_editions_get(db, req_param(r, 0), api_is_organizer(r), &out) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  return reply_json(r, 200, out);
}

/* Answers the edition as it now stands, with the given status. */
static enum MHD_Result reply_edition(struct req *r, struct db *db, const char *slug, unsigned status) {
  cJSON *out = NULL;
  enum err e = db_editions_get(db, slug, true, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (status == 201) return reply_created(r, out, "/api/v1/editions/%s", slug);
  return reply_json(r, status, out);
}

enum MHD_Result api_editions_post(struct req *r) {
  struct verror ve;
  enum err e =
      edition_check(r->json, edition_fields, sizeof edition_fields / sizeof edition_fields[0], VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct db *db = api_db(r);
  const char *zone = json_str(r->json, "timezone");
  window_to_utc(r, zone ? zone : DEFAULT_EDITION_TIMEZONE);
  e = db_editions_create(db, r->json, api_actor(r), &ve);
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, "slug", "err.edition.slug_taken");
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  return reply_edition(r, db, json_str(r->json, "slug"), 201);
}

enum MHD_Result api_edition_patch(struct req *r) {
  struct verror ve;
  enum err e = edition_check(r->json, patch_fields, PATCH_FIELD_COUNT, VALIDATE_PATCH, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct db *db = api_db(r);
  struct edition current;
  if ((e = db_editions_lookup(db, req_param(r, 0), &current)) != ERR_OK) return reply_error(r, e, NULL);
  const char *zone = json_str(r->json, "timezone");
  window_to_utc(r, zone ? zone : current.timezone);
  e = db_editions_update(db, req_param(r, 0), r->json, api_actor(r), &ve); /* promotes into freed seats too */
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  return reply_edition(r, db, req_param(r, 0), 200);
}
