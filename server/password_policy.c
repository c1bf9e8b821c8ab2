/* password_policy.c — the password rule on libcrack2 (FascistCheckUser against Debian's
 * dictionary, /var/cache/cracklib/cracklib_dict.*, built by cracklib-runtime). libcrack2's
 * checks keep state in static buffers on some versions, so one mutex serializes them. Its
 * reasons are English sentences; each known one is answered in Spanish. */
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

/* libcrack2's reason (its start) → what the person reads. */
static const struct {
  const char *reason;
  const char *spanish;
} reasons[] = {
    {"it is based on a dictionary word",
     "La contraseña se basa en una palabra del diccionario; elija otra más difícil de adivinar."},
    {"it is based on a (reversed) dictionary word",
     "La contraseña se basa en una palabra del diccionario escrita al revés; elija otra."},
    {"it does not contain enough DIFFERENT characters", "La contraseña no tiene suficientes caracteres distintos."},
    {"it is too simplistic/systematic",
     "La contraseña es demasiado simple: sigue una secuencia de teclas o de números."},
    {"it is all whitespace", "La contraseña no puede ser solo espacios."},
    {"it is based on your username", "La contraseña no puede basarse en su correo ni en su nombre."},
    {"it is based upon your password entry", "La contraseña no puede basarse en su correo ni en su nombre."},
    {"it is derived from your password entry", "La contraseña no puede basarse en su correo ni en su nombre."},
    {"it's derived from your password entry", "La contraseña no puede basarse en su correo ni en su nombre."},
    {"it is derivable from your password entry", "La contraseña no puede basarse en su correo ni en su nombre."},
    {"it's derivable from your password entry", "La contraseña no puede basarse en su correo ni en su nombre."},
};

static const char *in_spanish(const char *reason) {
  for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
    if (strcmp(reason, reasons[i].reason) == 0) return reasons[i].spanish;
  return "La contraseña es demasiado fácil de adivinar; elija otra.";
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
    *why = "La contraseña debe tener al menos 10 caracteres.";
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
  *why = in_spanish(reason);
  return ERR_VALIDATION;
}

enum err password_hash_new(const char *password, const char *email, const char *name, char hash[crypto_pwhash_STRBYTES],
                           struct verror *ve) {
  const char *why = NULL;
  enum err e = password_acceptable(password, email, name, &why);
  if (e == ERR_VALIDATION) verror_set(ve, "password", why);
  return e != ERR_OK ? e : auth_hash_password(password, hash);
}
