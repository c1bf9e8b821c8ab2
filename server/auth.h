/* auth.h — who is asking: password hashing (argon2id, at most two at once), random bearer
 * tokens stored only as hashes, resolving the current user from the cookie or the
 * Authorization header, and the cross-origin guard for cookie-authenticated writes. */
#ifndef ASAMBLEA_AUTH_H
#define ASAMBLEA_AUTH_H
#include <sodium.h>
#include <stdbool.h>

#include "errors.h"
#include "user.h"

struct req; /* http.h: the request the functions below read their credentials from */

#define SESSION_COOKIE "asamblea_session"
#define SESSION_SECONDS (12 * 3600)
#define TOKEN_CHARS 44 /* 43 base64url characters of 32 random bytes + NUL */

/* Initializes libsodium and the hashing semaphore; false if the library cannot start. */
bool auth_init(void);
enum err auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES]);
/* Constant work whether or not the user exists: pass hash NULL for an unknown user. */
bool auth_verify_password(const char *hash, const char *password);
bool auth_password_needs_rehash(const char *hash);
/* A new 256-bit random token (base64url) and its SHA-256. */
void auth_new_token(char token[TOKEN_CHARS], unsigned char hash[32]);
void auth_token_hash(const char *token, unsigned char hash[32]);
/* Whether presented (NULL: none) is the token whose SHA-256 is stored. stored NULL (no such
 * registration) is compared against a stand-in hash, so that an unknown code and a known one
 * with a wrong token take the same work; it never matches. */
bool auth_token_matches(const unsigned char *stored, const char *presented);

#define ACCOUNT_KEY_CHARS 33 /* 32 hex characters + NUL */
/* The key an e-mail's failed logins are counted by (ratelimit RL_LOGIN_ACCOUNT), the same for any
 * case: a keyed hash, so that the limiter holds no e-mail, and unknown e-mails are counted exactly
 * like known ones. */
void auth_account_key(const char *email, char out[ACCOUNT_KEY_CHARS]);
/* Sets Retry-After on the reply and returns ERR_RATE_LIMITED, to be answered with reply_error. */
enum err auth_too_many(struct req *r, unsigned retry_after);

struct session_clock;
/* Now on the wall clock and on this boot's clock (CLOCK_BOOTTIME), which wall-clock steps do not move. */
void session_clock_now(struct session_clock *c);

/* The authenticated user, or NULL (no credentials, an unknown or expired session, or a lookup
 * that failed). Looked up once per request. */
const struct user *auth_current(struct req *r);
/* The SHA-256 of the session token the request presents (bearer or cookie); false when none. */
bool auth_presented_token_hash(struct req *r, unsigned char hash[32]);
/* Whether the request may use a route for min_role: ERR_OK, ERR_UNAUTHORIZED, ERR_FORBIDDEN
 * (also for a temporary password outside the /api/v1/session routes), or
 * the error of a session lookup that could not read the database (ERR_UNAVAILABLE: 503, so that a
 * valid token is never answered as if it were not). */
enum err auth_check(struct req *r, enum role min_role);
/* The catalogue key of the sentence to answer a refusal e of auth_check with when the default one
 * would not say why (a temporary password to change first); NULL otherwise. */
const char *auth_refusal_message(struct req *r, enum err e);
/* True when the request carries the session cookie and names another origin (Origin or
 * Sec-Fetch-Site): such a write is refused. */
bool auth_cross_origin_cookie(struct req *r);

const char *role_name(enum role role);
enum role role_parse(const char *name); /* ROLE_NONE if unknown */
#endif
