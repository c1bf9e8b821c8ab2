/* db_password_resets.h — the one-time links that reset a forgotten password (password_resets):
 * only the SHA-256 of each token is stored; a link works once, for PASSWORD_RESET_MINUTES, and
 * only for an active account. */
#ifndef ASAMBLEA_DB_PASSWORD_RESETS_H
#define ASAMBLEA_DB_PASSWORD_RESETS_H
#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "user.h"

/* In one transaction: forgets links expired for a day; then, when email names an active
 * account, stores the link of token (its hash) valid from now for PASSWORD_RESET_MINUTES and
 * queues its e-mail (*queued true). An unknown or deactivated e-mail writes nothing else and is
 * not an error. */
enum err db_password_reset_request(struct db *db, const char *email, const char *token, time_t now, bool *queued);
/* The active account a live link (unused, unexpired at now) belongs to; ERR_NOT_FOUND otherwise. */
enum err db_password_reset_lookup(struct db *db, const unsigned char token_hash[32], time_t now, struct user *u);
/* In one audited transaction ("user.password_reset"): uses the link (ERR_NOT_FOUND when it is no
 * longer live), gives its account the password hash (not temporary), ends all its sessions and
 * voids its other links. */
enum err db_password_reset_use(struct db *db, const unsigned char token_hash[32], time_t now, const char *hash);
#endif
