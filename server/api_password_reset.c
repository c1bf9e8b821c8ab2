/* api_password_reset.c — a forgotten password, without signing in.
 * POST /api/v1/password-reset {email} answers 202 whether or not an active account has that
 * e-mail, after the same steps (a token is made and a transaction run either way); only a known,
 * active account gets the e-mail with its one-time link. Requests count per e-mail (over the
 * limit: the same 202, no e-mail, so the address is no mail cannon) and per client address (over
 * the limit: 429).
 * POST /api/v1/password-reset/{token} {password} sets the new password: 204, 404 for a link that
 * is unknown, used, expired or of a deactivated account, 400 (field password) when the policy
 * refuses it. Using a link ends every session of the account and voids its other links. The
 * token travels in the path of an API call only (the page keeps it out of its own address). */
#include <string.h>
#include <time.h>

#include "api.h"
#include "auth.h"
#include "db_password_resets.h"
#include "http_req_lang.h"
#include "password_policy.h"
#include "http_ratelimit.h"
#include "validate.h"

static const struct field_rule request_fields[] = {
    {.name = "email", .type = V_EMAIL, .required = true},
};
static const struct field_rule use_fields[] = {
    {.name = "password", .type = V_STRING, .required = true, .max_len = 1024},
};

static enum MHD_Result reply_accepted(struct req *r) {
  cJSON *out = cJSON_CreateObject();
  cJSON_AddStringToObject(out, "message", i18n_text(req_accept_lang(r), "err.password_reset.sent"));
  return reply_json(r, 202, out);
}

enum MHD_Result api_password_reset_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, request_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const char *email = json_str(r->json, "email");
  char account[ACCOUNT_KEY_CHARS];
  auth_account_key(email, account);
  unsigned retry_after;
  const struct rl_key address = {RL_RESET_ADDRESS, req_ip(r)}, per_account = {RL_RESET_ACCOUNT, account};
  if (!ratelimit_reserve(&address, 1, &retry_after)) return reply_error(r, auth_too_many(r, retry_after), NULL);
  bool mail_allowed = ratelimit_reserve(&per_account, 1, &retry_after);
  char token[TOKEN_CHARS];
  unsigned char unused[32];
  auth_new_token(token, unused);
  struct db *db = api_db(r);
  bool queued = false;
  e = db ? db_password_reset_request(db, mail_allowed ? email : "", token, time(NULL), &queued) : ERR_UNAVAILABLE;
  sodium_memzero(token, sizeof token);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_accepted(r);
}

enum MHD_Result api_password_reset_token_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, use_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const char *token = req_param(r, 0);
  if (!token || strlen(token) != TOKEN_CHARS - 1) return reply_error(r, ERR_NOT_FOUND, NULL);
  struct db *db = api_db(r);
  unsigned char token_hash[32];
  auth_token_hash(token, token_hash);
  struct user u = {0};
  e = db_password_reset_lookup(db, token_hash, time(NULL), &u);
  if (e == ERR_NOT_FOUND) return reply_error_msg(r, e, NULL, "err.password_reset.link");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  char hash[crypto_pwhash_STRBYTES];
  e = password_hash_new(json_str(r->json, "password"), u.email, u.name, hash, &ve);
  if (e == ERR_VALIDATION) return reply_invalid(r, e, &ve);
  if (e == ERR_OK) e = db_password_reset_use(db, token_hash, time(NULL), hash);
  if (e == ERR_NOT_FOUND) return reply_error_msg(r, e, NULL, "err.password_reset.link");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_no_content(r);
}
