/* api_session_password.c — PUT /api/v1/session/password: any signed-in account changes its own
 * password, giving the current one. Wrong current passwords count against the account's login
 * limit (a stolen session cannot guess its way to the password). The new password goes through
 * the policy; the account's other sessions end, the one making the change stays; a temporary
 * password stops being temporary. */
#include <string.h>

#include "api.h"
#include "auth.h"
#include "db_users.h"
#include "password_policy.h"
#include "http_ratelimit.h"
#include "validate.h"

static const struct field_rule own_password_fields[] = {
    {.name = "current_password", .type = V_STRING, .required = true, .max_len = 1024},
    {.name = "password", .type = V_STRING, .required = true, .max_len = 1024},
};

/* ERR_OK when current is the account's password; ERR_VALIDATION (field current_password) when it
 * is not; the error of a failed read otherwise. */
static enum err check_current(struct db *db, const struct user *me, const char *current, struct verror *ve) {
  struct user stored;
  char hash[crypto_pwhash_STRBYTES] = "";
  enum err e = db_users_by_email(db, me->email, &stored, hash, sizeof hash);
  if (e != ERR_OK) return e;
  if (auth_verify_password(hash, current)) return ERR_OK;
  verror_set(ve, "current_password", "err.password.current_wrong");
  return ERR_VALIDATION;
}

enum MHD_Result api_session_password_put(struct req *r) {
  struct verror ve = {0};
  enum err e = VALIDATE(r->json, own_password_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const struct user *me = auth_current(r);
  struct db *db = api_db(r);
  char account[ACCOUNT_KEY_CHARS];
  auth_account_key(me->email, account);
  const struct rl_key limit[] = {{RL_LOGIN_ACCOUNT, account}};
  unsigned retry_after;
  if (!ratelimit_reserve(limit, 1, &retry_after)) return reply_error(r, auth_too_many(r, retry_after), NULL);
  e = check_current(db, me, json_str(r->json, "current_password"), &ve);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  ratelimit_release(limit, 1);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  const char *password = json_str(r->json, "password");
  if (strcmp(json_str(r->json, "current_password"), password) == 0) {
    verror_set(&ve, "password", "err.password.same");
    return reply_invalid(r, ERR_VALIDATION, &ve);
  }
  char hash[crypto_pwhash_STRBYTES];
  e = password_hash_new(password, me->email, me->name, hash, &ve);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  unsigned char keep[32];
  if (e == ERR_OK && !auth_presented_token_hash(r, keep)) e = ERR_INTERNAL;
  if (e == ERR_OK) e = db_users_change_own_password(db, me->id, hash, keep);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}
