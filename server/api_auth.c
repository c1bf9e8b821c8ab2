/* api_auth.c — /api/v1/session: log in (failures limited per address and per account, each
 * attempt counted before the password check, so that concurrent guesses cannot pass the limit,
 * and given back only by its own success), who am I, log out.
 * The token is answered once and also set as an HttpOnly, SameSite=Strict cookie; the
 * database keeps only its SHA-256. A deactivated account cannot sign in. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "auth.h"
#include "db_users.h"
#include "log.h"
#include "http_ratelimit.h"
#include "util.h"
#include "validate.h"

static const struct field_rule login_fields[] = {
    {.name = "email", .type = V_STRING, .required = true, .max_len = 254},
    {.name = "password", .type = V_STRING, .required = true, .max_len = 1024},
};

static void set_session_cookie(struct req *r, const char *token, int max_age) {
  req_add_reply_header(r, "Set-Cookie",
                       req_printf(r, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
                                  max_age, r->tls ? "; Secure" : ""));
}

/* Upgrades the stored hash when the hashing parameters changed since it was made. */
static void rehash_if_needed(struct db *db, const struct user *u, const char *hash, const char *password) {
  char fresh[crypto_pwhash_STRBYTES];
  if (auth_password_needs_rehash(hash) && auth_hash_password(password, fresh) == ERR_OK)
    db_users_upgrade_hash(db, u->id, fresh);
}

/* The user whose e-mail and password the body gives: ERR_OK with *u and hash filled,
 * ERR_UNAUTHORIZED for a wrong e-mail or password or a deactivated account (the same work and
 * answer in every case), or the error of a read that failed (never taken for a wrong password). */
static enum err check_credentials(struct req *r, struct db *db, struct user *u, char hash[crypto_pwhash_STRBYTES]) {
  enum err e = db_users_by_email(db, json_str(r->json, "email"), u, hash, crypto_pwhash_STRBYTES);
  if (e != ERR_OK && e != ERR_NOT_FOUND) return e;
  bool usable = e == ERR_OK && !u->deactivated;
  if (auth_verify_password(usable ? hash : NULL, json_str(r->json, "password"))) return ERR_OK;
  LOG_CLIENT("failed login");
  return ERR_UNAUTHORIZED;
}

/* A new session for u: its token in the cookie and the answer. */
static enum MHD_Result reply_new_session(struct req *r, struct db *db, const struct user *u) {
  char token[TOKEN_CHARS], expires[21];
  unsigned char token_hash[32];
  auth_new_token(token, token_hash);
  struct session_clock now;
  session_clock_now(&now);
  utc_iso(now.wall + SESSION_SECONDS, expires);
  enum err e = db_auth_session_create(db, u->id, token_hash, &now, SESSION_SECONDS);
  if (e != ERR_OK) return reply_error(r, e == ERR_UNAVAILABLE ? e : ERR_INTERNAL, NULL);
  set_session_cookie(r, token, SESSION_SECONDS);
  cJSON *out = cJSON_CreateObject();
  cJSON_AddStringToObject(out, "token", token);
  cJSON_AddStringToObject(out, "expires_at", expires);
  cJSON_AddItemToObject(out, "user", db_users_json(u));
  return reply_json(r, 200, out);
}

enum MHD_Result api_auth_session_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, login_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct db *db = api_db(r);
  char account[ACCOUNT_KEY_CHARS];
  auth_account_key(json_str(r->json, "email"), account);
  const struct rl_key limits[] = {{RL_LOGIN, req_ip(r)}, {RL_LOGIN_ACCOUNT, account}};
  unsigned retry_after;
  if (!ratelimit_reserve(limits, 2, &retry_after)) return reply_error(r, auth_too_many(r, retry_after), NULL);
  struct user u = {0};
  char hash[crypto_pwhash_STRBYTES] = "";
  e = check_credentials(r, db, &u, hash);
  if (e == ERR_UNAUTHORIZED) return reply_error_msg(r, e, NULL, "err.auth.wrong_password");
  ratelimit_release(limits, 2); /* not a wrong password: its attempt is given back */
  if (e != ERR_OK) return reply_error(r, e, NULL);
  rehash_if_needed(db, &u, hash, json_str(r->json, "password"));
  return reply_new_session(r, db, &u);
}

enum MHD_Result api_auth_session_get(struct req *r) {
  const struct user *u = auth_current(r);
  cJSON *out = cJSON_CreateObject();
  cJSON_AddItemToObject(out, "user", db_users_json(u));
  return reply_json(r, 200, out);
}

enum MHD_Result api_auth_session_delete(struct req *r) {
  const char *token = NULL;
  const char *h = req_header(r, "Authorization");
  if (h && strncasecmp(h, "Bearer ", 7) == 0) token = h + 7;
  else token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
  unsigned char hash[32];
  auth_token_hash(token ? token : "", hash);
  struct db *db = api_db(r);
  if (!db || db_auth_session_delete(db, hash) != ERR_OK) return reply_error(r, ERR_INTERNAL, NULL);
  set_session_cookie(r, "", 0);
  return reply_no_content(r);
}
