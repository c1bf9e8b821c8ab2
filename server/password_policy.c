/* password_policy.c — the password rule on libcrack2 (FascistCheckUser against Debian's
 * dictionary, /var/cache/cracklib/cracklib_dict.*, built by cracklib-runtime). libcrack2's
 * checks keep state in static buffers on some versions, so one mutex serializes them. Its
 * reasons are English sentences; each known one is answered with a catalogue key (i18n/), which
 * the API says in the client's language and the command line in Spanish. */
#include "password_policy.h"

#include <stddef.h> /* before crack.h, which uses size_t without including it */
#include <crack.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "text.h"

static pthread_mutex_t crack_lock = PTHREAD_MUTEX_INITIALIZER;

/* libcrack2's reason → the catalogue key of what the person reads. */
static const struct {
  const char *reason;
  const char *key;
} reasons[] = {
    {"it is based on a dictionary word", "err.password.dictionary"},
    {"it is based on a (reversed) dictionary word", "err.password.reversed"},
    {"it does not contain enough DIFFERENT characters", "err.password.few_different"},
    {"it is too simplistic/systematic", "err.password.sequence"},
    {"it is all whitespace", "err.password.whitespace"},
    {"it is based on your username", "err.password.personal"},
    {"it is based upon your password entry", "err.password.personal"},
    {"it is derived from your password entry", "err.password.personal"},
    {"it's derived from your password entry", "err.password.personal"},
    {"it is derivable from your password entry", "err.password.personal"},
    {"it's derivable from your password entry", "err.password.personal"},
};

static const char *reason_key(const char *reason) {
  for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
    if (strcmp(reason, reasons[i].reason) == 0) return reasons[i].key;
  return "err.password.guessable";
}

/* The e-mail's local part ("ana.perez" of "ana.perez@quito.gob.ec"), which libcrack2 compares
 * the password with as a user name. */
static void local_part(const char *email, char out[128]) {
  snprintf(out, 128, "%s", email ? email : "");
  out[strcspn(out, "@")] = '\0';
}

/* libcrack2's reason to refuse password, or NULL when it has none. Called with crack_lock held. */
static const char *crack_reason(const char *password, const char *email, const char *name) {
  char user[128];
  local_part(email, user);
  return FascistCheckUser(password, GetDefaultCracklibDict(), user, name ? name : "");
}

/* True when the packed dictionary is there to be read. */
static bool dictionary_present(void) {
  char path[512];
  snprintf(path, sizeof path, "%s.pwd", GetDefaultCracklibDict());
  return access(path, R_OK) == 0;
}

enum err password_acceptable(const char *password, const char *email, const char *name, const char **why) {
  if (utf8_length(password) < PASSWORD_MIN_CHARS) {
    *why = "err.password.short"; /* its text says PASSWORD_MIN_CHARS */
    return ERR_VALIDATION;
  }
  if (!dictionary_present()) {
    LOG_BUG("password dictionary %s.pwd missing: install cracklib-runtime", GetDefaultCracklibDict());
    return ERR_INTERNAL;
  }
  pthread_mutex_lock(&crack_lock);
  const char *reason = crack_reason(password, email, name);
  pthread_mutex_unlock(&crack_lock);
  if (!reason) return ERR_OK;
  if (strncmp(reason, "error loading dictionary", 24) == 0) {
    LOG_BUG("password dictionary unreadable: %s", reason);
    return ERR_INTERNAL;
  }
  *why = reason_key(reason);
  return ERR_VALIDATION;
}

enum err password_hash_new(const char *password, const char *email, const char *name, char hash[crypto_pwhash_STRBYTES],
                           struct verror *ve) {
  const char *why = NULL;
  enum err e = password_acceptable(password, email, name, &why);
  if (e == ERR_VALIDATION) verror_set(ve, "password", why);
  return e != ERR_OK ? e : auth_hash_password(password, hash);
}
