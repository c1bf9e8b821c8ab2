/* password_policy.h — whether a new account password may be used: at least 10 characters, and
 * not refused by libcrack2 (a dictionary word or one slightly changed, too few different
 * characters, a keyboard or number sequence, the person's own name or e-mail). Every way a
 * password is set goes through it: `user add` and `user passwd`, POST and PATCH /api/v1/users,
 * PUT /api/v1/session/password and POST /api/v1/password-reset/{token}. */
#ifndef ASAMBLEA_PASSWORD_POLICY_H
#define ASAMBLEA_PASSWORD_POLICY_H
#include <sodium.h>

#include "errors.h"
#include "validate.h"

#define PASSWORD_MIN_CHARS 10

/* ERR_OK when password may be used by the account of email and name (either NULL when not
 * known); ERR_VALIDATION with *why the catalogue key ("err.password.…", i18n.h) of the sentence
 * saying what is wrong with it; ERR_INTERNAL (logged) when the dictionary cannot be read: a check
 * that could not run never passes. */
enum err password_acceptable(const char *password, const char *email, const char *name, const char **why);
/* The hash of a new password the policy accepts, into hash: ERR_OK, or ERR_VALIDATION with the
 * reason in ve (field "password"), or ERR_INTERNAL. */
enum err password_hash_new(const char *password, const char *email, const char *name, char hash[crypto_pwhash_STRBYTES],
                           struct verror *ve);
#endif
