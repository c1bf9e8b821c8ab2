/* auth.c — passwords, tokens and the current user. Password hashes use libsodium's argon2id
 * with t=4 and 9 MiB, one of the settings OWASP lists as equal in strength to its minimum (t=2,
 * 19 MiB: the same memory passes, less memory at once), which keeps two logins at once well
 * within the server's 32 MiB budget; a semaphore keeps at most two hashes running so that a burst
 * of logins cannot exhaust memory or the pool. Hashes made with other settings still verify and
 * are rehashed at the next login (crypto_pwhash_str_needs_rehash). Sessions expire on the boot
 * clock while the machine has not rebooted (session_clock_now), so that setting the wall clock
 * forward or back neither ends them nor lengthens them; a session lookup that cannot read the
 * database is an error (503), never "not logged in". */
#include "auth.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db.h"
#include "db_users.h"
#include "log.h"
#include "http_router.h"
#include "util.h"

#define PW_OPSLIMIT 4
#define PW_MEMLIMIT (9u * 1024 * 1024)

static sem_t hashing;
/* A real hash of a random password, verified against when the email is unknown, so that the
 * answer takes the same time whether or not the account exists. Made on first need, so that
 * start-up stays fast. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void) {
  char pw[TOKEN_CHARS];
  unsigned char ignored[32];
  auth_new_token(pw, ignored);
  if (auth_hash_password(pw, dummy_hash) != ERR_OK) dummy_hash[0] = '\0';
}

bool auth_init(void) {
  if (sodium_init() < 0) return false;
  sem_init(&hashing, 0, 2);
  return true;
}

enum err auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES]) {
  sem_wait(&hashing);
  int rc = crypto_pwhash_str(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT);
  sem_post(&hashing);
  if (rc != 0) {
    LOG_BUG("password hashing failed (out of memory?)");
    return ERR_INTERNAL;
  }
  return ERR_OK;
}

bool auth_verify_password(const char *hash, const char *password) {
  if (!hash) pthread_once(&dummy_once, make_dummy_hash);
  sem_wait(&hashing);
  bool ok = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password, strlen(password)) == 0;
  sem_post(&hashing);
  return ok && hash != NULL;
}

bool auth_password_needs_rehash(const char *hash) {
  return crypto_pwhash_str_needs_rehash(hash, PW_OPSLIMIT, PW_MEMLIMIT) != 0;
}

void auth_new_token(char token[TOKEN_CHARS], unsigned char hash[32]) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(token, TOKEN_CHARS, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  auth_token_hash(token, hash);
}

void auth_token_hash(const char *token, unsigned char hash[32]) {
  crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
}

/* Random bytes made once: the stand-in token hash of unknown registrations, and the key of the
 * account hashes. Random per process, so that nobody can present a token that matches the
 * stand-in, nor pick e-mails whose counters collide. */
static unsigned char stand_in_hash[32];
static unsigned char account_hash_key[crypto_generichash_KEYBYTES];
static pthread_once_t secrets_once = PTHREAD_ONCE_INIT;

static void make_secrets(void) {
  randombytes_buf(stand_in_hash, sizeof stand_in_hash);
  randombytes_buf(account_hash_key, sizeof account_hash_key);
}

bool auth_token_matches(const unsigned char *stored, const char *presented) {
  pthread_once(&secrets_once, make_secrets);
  unsigned char hash[32];
  auth_token_hash(presented ? presented : "", hash);
  bool same = sodium_memcmp(hash, stored ? stored : stand_in_hash, sizeof hash) == 0;
  return same && stored && presented;
}

void auth_account_key(const char *email, char out[ACCOUNT_KEY_CHARS]) {
  pthread_once(&secrets_once, make_secrets);
  crypto_generichash_state st;
  crypto_generichash_init(&st, account_hash_key, sizeof account_hash_key, 16);
  for (const char *p = email; *p; p++) { /* ASCII case folded, as the e-mail lookup does (COLLATE NOCASE) */
    unsigned char c = (unsigned char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    crypto_generichash_update(&st, &c, 1);
  }
  unsigned char h[16];
  crypto_generichash_final(&st, h, sizeof h);
  sodium_bin2hex(out, ACCOUNT_KEY_CHARS, h, sizeof h);
}

enum err auth_too_many(struct req *r, unsigned retry_after) {
  req_add_reply_header(r, "Retry-After", req_printf(r, "%u", retry_after));
  return ERR_RATE_LIMITED;
}

/* The raw token from "Authorization: Bearer X" or the session cookie; sets *via. */
static const char *presented_token(struct req *r, enum auth_via *via) {
  const char *h = req_header(r, "Authorization");
  if (h && strncasecmp(h, "Bearer ", 7) == 0) {
    *via = AUTH_BEARER;
    return h + 7;
  }
  const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
  *via = c ? AUTH_COOKIE : AUTH_NONE;
  return c;
}

bool auth_presented_token_hash(struct req *r, unsigned char hash[32]) {
  enum auth_via via;
  const char *token = presented_token(r, &via);
  if (!token) return false;
  auth_token_hash(token, hash);
  return true;
}

/* This boot's id, read once; "" when the system does not say. */
static char boot_id[37];
static pthread_once_t boot_id_once = PTHREAD_ONCE_INIT;

static void read_boot_id(void) {
  FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
  if (!f) return;
  if (!fgets(boot_id, sizeof boot_id, f)) boot_id[0] = '\0';
  fclose(f);
  boot_id[strcspn(boot_id, "\r\n")] = '\0';
}

void session_clock_now(struct session_clock *c) {
  pthread_once(&boot_id_once, read_boot_id);
  struct timespec ts;
  clock_gettime(CLOCK_BOOTTIME, &ts);
  c->wall = time(NULL);
  c->boot = ts.tv_sec;
  snprintf(c->boot_id, sizeof c->boot_id, "%s", boot_id);
}

/* Looks the presented token up once per request: r->user (id > 0) when it names a live session,
 * r->user_error when the lookup itself failed. */
static void load_user(struct req *r) {
  r->user_loaded = true;
  enum auth_via via;
  const char *token = presented_token(r, &via);
  if (!token || strlen(token) != TOKEN_CHARS - 1) return;
  unsigned char hash[32];
  auth_token_hash(token, hash);
  struct db *db = db_thread();
  if (!db) {
    r->user_error = ERR_UNAVAILABLE;
    return;
  }
  struct session_clock now;
  session_clock_now(&now);
  enum err e = db_auth_session_lookup(db, hash, &now, &r->user);
  if (e != ERR_OK) {
    memset(&r->user, 0, sizeof r->user);
    if (e != ERR_NOT_FOUND) r->user_error = e;
    return;
  }
  r->via = via;
}

const struct user *auth_current(struct req *r) {
  if (!r->user_loaded) load_user(r);
  return r->user.id > 0 ? &r->user : NULL;
}

/* Whether the request is about the session itself (who am I, sign out, change the password):
 * the only routes an account with a temporary password may use. */
static bool session_route(const struct req *r) {
  static const char prefix[] = "/api/v1/session";
  const char *p = r->route ? r->route->pattern : "";
  return strncmp(p, prefix, sizeof prefix - 1) == 0 && (p[sizeof prefix - 1] == '\0' || p[sizeof prefix - 1] == '/');
}

enum err auth_check(struct req *r, enum role min_role) {
  const struct user *u = auth_current(r);
  if (!u) return r->user_error != ERR_OK ? r->user_error : ERR_UNAUTHORIZED;
  if (u->role < min_role) return ERR_FORBIDDEN;
  return u->must_change_password && !session_route(r) ? ERR_FORBIDDEN : ERR_OK;
}

const char *auth_refusal_message(struct req *r, enum err e) {
  const struct user *u = e == ERR_FORBIDDEN ? auth_current(r) : NULL;
  return u && u->must_change_password ? "err.auth.must_change_password" : NULL;
}

bool auth_cross_origin_cookie(struct req *r) {
  enum auth_via via;
  if (!presented_token(r, &via) || via != AUTH_COOKIE) return false;
  const char *site = req_header(r, "Sec-Fetch-Site");
  if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0) return true;
  const char *origin = req_header(r, "Origin");
  if (!origin) return false;
  const char *host = req_header(r, "Host");
  if (!host) return true;
  char expected[300];
  snprintf(expected, sizeof expected, "%s://%s", r->tls ? "https" : "http", host);
  return strcmp(origin, expected) != 0;
}

static const char *const role_names[] = {
    [ROLE_STAFF] = "staff", [ROLE_ORGANIZER] = "organizer", [ROLE_ADMIN] = "admin"};

const char *role_name(enum role role) { return role >= ROLE_STAFF && role <= ROLE_ADMIN ? role_names[role] : "none"; }

enum role role_parse(const char *name) {
  for (int i = ROLE_STAFF; i <= ROLE_ADMIN; i++)
    if (name && strcmp(name, role_names[i]) == 0) return (enum role)i;
  return ROLE_NONE;
}
