/* db_signup_keys.h — the Idempotency-Key of public sign-ups: each key names the answer its first
 * sign-up got, kept 24 hours, so a repeated request answers the same and registers nobody twice. */
#ifndef ASAMBLEA_DB_SIGNUP_KEYS_H
#define ASAMBLEA_DB_SIGNUP_KEYS_H
#include "db.h"
#include "db_registrations.h"

#define SIGNUP_KEY_MAX 64 /* characters of an Idempotency-Key */

/* True for a usable key: 1–64 printable ASCII characters without spaces. */
bool signup_key_valid(const char *key);
/* The answer first given under key: ERR_OK with *out filled, ERR_NOT_FOUND when the key is new
 * (or older than 24 h), ERR_CONFLICT when it was used for another request body, or a fault. */
enum err db_signup_key_find(struct db *db, long long edition_id, const char *key, const unsigned char sha256[32],
                            struct reg_created *out);
/* Records the answer given under key (inside the sign-up's transaction), dropping keys past 24 h. */
enum err db_signup_key_store(struct db *db, long long edition_id, const char *key, const unsigned char sha256[32],
                             const struct reg_created *answer);
#endif
