/* api_users.c — /api/v1/users (admin only): list, create, change, delete accounts; and the
 * audit log reader. The last admin can be neither demoted nor deleted. */
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db_audit.h"
#include "db_users.h"
#include "password_policy.h"
#include "validate.h"

static const struct field_rule user_fields[] = {
    {.name = "email", .type = V_EMAIL, .required = true},
    {.name = "name", .type = V_STRING, .required = true, .max_len = 200},
    {.name = "role", .type = V_ENUM, .required = true, .choices = "admin|organizer|staff"},
    {.name = "password", .type = V_STRING, .required = true, .max_len = 1024},
};

enum MHD_Result api_users_get(struct req *r) {
  struct db *db = api_db(r);
  cJSON *items = NULL;
  enum err e = db ? db_users_list(db, &items) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, -1);
}

/* The hash of a new password the policy accepts (password_policy.h), into hash: ERR_OK, or
 * ERR_VALIDATION with the reason in ve (field password), or ERR_INTERNAL. */
static enum err hash_new_password(const char *password, const char *email, const char *name,
                                  char hash[crypto_pwhash_STRBYTES], struct verror *ve) {
  const char *why = NULL;
  enum err e = password_acceptable(password, email, name, &why);
  if (e == ERR_VALIDATION) verror_set(ve, "password", why);
  return e != ERR_OK ? e : auth_hash_password(password, hash);
}

enum MHD_Result api_users_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, user_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  char hash[crypto_pwhash_STRBYTES];
  e = hash_new_password(json_str(r->json, "password"), json_str(r->json, "email"), json_str(r->json, "name"), hash, &ve);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  struct db *db = api_db(r);
  if (!db) return reply_error(r, ERR_UNAVAILABLE, NULL);
  long long id = 0;
  e = db_users_insert(db, json_str(r->json, "email"), json_str(r->json, "name"),
                      role_parse(json_str(r->json, "role")), hash, api_actor(r), &id);
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, "email", "Ya existe una cuenta con ese correo.");
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_users_get(db, id, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Location", req_printf(r, "/api/v1/users/%lld", id));
  return reply_json(r, 201, out);
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
    e = hash_new_password(password, json_str(r->json, "email"), json_str(r->json, "name"), hash, &ve);
    if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
    if (e != ERR_OK) return reply_error(r, e, NULL);
  }
  struct db *db = api_db(r);
  if (!db) return reply_error(r, ERR_UNAVAILABLE, NULL);
  const char *role = json_str(r->json, "role");
  e = db_users_update(db, id, json_str(r->json, "name"), json_str(r->json, "email"),
                      role ? role_parse(role) : ROLE_NONE, password ? hash : NULL, api_actor(r), &ve);
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
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, NULL, "Debe quedar al menos una cuenta de administración.");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_bytes(r, 204, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
}

enum MHD_Result api_audit_get(struct req *r) {
  int limit, offset;
  struct verror ve;
  enum err e = api_page(r, &limit, &offset, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct db *db = api_db(r);
  cJSON *items = NULL;
  long long total = 0;
  e = db ? db_audit_list(db, limit, offset, &items, &total) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, total);
}
