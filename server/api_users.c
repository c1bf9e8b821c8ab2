/* api_users.c — /api/v1/users (admin only): list, create, change (role, deactivation, a
 * temporary password), delete accounts. The last active admin can be neither demoted, nor
 * deactivated, nor deleted. A password an administrator sets is temporary unless the request
 * says otherwise: its account can only change it after signing in (auth.c). */
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db_users.h"
#include "password_policy.h"
#include "validate.h"

static const struct field_rule user_fields[] = {
    {.name = "email", .type = V_EMAIL, .required = true},
    {.name = "name", .type = V_STRING, .required = true, .max_len = 200},
    {.name = "role", .type = V_ENUM, .required = true, .choices = "admin|organizer|staff"},
    {.name = "password", .type = V_STRING, .required = true, .max_len = 1024},
    {.name = "temporary_password", .type = V_BOOL},
    {.name = "active", .type = V_BOOL},
};

enum MHD_Result api_users_get(struct req *r) {
  struct db *db = api_db(r);
  cJSON *items = NULL;
  enum err e = db ? db_users_list(db, &items) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, -1);
}

enum MHD_Result api_users_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, user_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  char hash[crypto_pwhash_STRBYTES];
  e = password_hash_new(json_str(r->json, "password"), json_str(r->json, "email"), json_str(r->json, "name"), hash,
                        &ve);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  struct db *db = api_db(r);
  long long id = 0;
  if (json_has(r->json, "active") && !json_bool(r->json, "active", true))
    return reply_error_msg(r, ERR_VALIDATION, "active", "err.users.created_active");
  e = db_users_create_with(db, json_str(r->json, "email"), json_str(r->json, "name"),
                           role_parse(json_str(r->json, "role")), hash, json_bool(r->json, "temporary_password", true),
                           api_actor(r), &id);
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, "email", "err.users.email_taken");
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_users_get(db, id, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_created(r, out, "/api/v1/users/%lld", id);
}

enum MHD_Result api_user_patch(struct req *r) {
  long long id = api_id_param(r, 0);
  if (id < 0) return reply_error(r, ERR_NOT_FOUND, NULL);
  struct verror ve;
  enum err e = VALIDATE(r->json, user_fields, VALIDATE_PATCH, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const char *password = json_str(r->json, "password");
  char hash[crypto_pwhash_STRBYTES];
  if (password) {
    e = password_hash_new(password, json_str(r->json, "email"), json_str(r->json, "name"), hash, &ve);
    if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
    if (e != ERR_OK) return reply_error(r, e, NULL);
  }
  struct db *db = api_db(r);
  const char *role = json_str(r->json, "role");
  struct user_change c = USER_CHANGE_NONE;
  c.name = json_str(r->json, "name");
  c.email = json_str(r->json, "email");
  c.role = role ? role_parse(role) : ROLE_NONE;
  c.hash = password ? hash : NULL;
  c.temporary = json_bool(r->json, "temporary_password", true);
  if (json_has(r->json, "active")) c.active = json_bool(r->json, "active", true) ? 1 : 0;
  e = db_users_update(db, id, &c, api_actor(r), &ve);
  if (e == ERR_CONFLICT) return reply_invalid(r, e, &ve);
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_users_get(db, id, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}

enum MHD_Result api_user_delete(struct req *r) {
  long long id = api_id_param(r, 0);
  if (id < 0) return reply_error(r, ERR_NOT_FOUND, NULL);
  struct db *db = api_db(r);
  enum err e = db ? db_users_delete(db, id, api_actor(r)) : ERR_UNAVAILABLE;
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, NULL, "err.users.last_admin");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}
