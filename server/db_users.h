/* db_users.h — accounts and their login sessions (users, auth_sessions). */
#ifndef ASAMBLEA_DB_USERS_H
#define ASAMBLEA_DB_USERS_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "user.h"
#include "validate.h"

/* Creates a user; ERR_CONFLICT if the email exists. actor 0: the command line. */
enum err db_users_create(struct db *db, const char *email, const char *name, enum role role, const char *hash,
                         long long actor, long long *id);
/* The same; temporary: the password was chosen by an administrator and must be changed at the
 * next sign-in. */
enum err db_users_create_with(struct db *db, const char *email, const char *name, enum role role, const char *hash,
                              bool temporary, long long actor, long long *id);
/* The user and password hash for an email; ERR_NOT_FOUND if none. */
enum err db_users_by_email(struct db *db, const char *email, struct user *u, char *hash, size_t hash_size);
/* The user with that id; ERR_NOT_FOUND if none. */
enum err db_users_by_id(struct db *db, long long id, struct user *u);
enum err db_users_list(struct db *db, cJSON **items);
enum err db_users_get(struct db *db, long long id, cJSON **out);
/* What an administrator changes about an account: NULL, ROLE_NONE and -1 leave a field as it is. */
struct user_change {
  const char *name, *email;
  enum role role;
  const char *hash; /* a new password hash: every session of the account ends */
  bool temporary;   /* with hash: the account must change it at the next sign-in */
  int active;       /* 0 deactivates (its sessions end), 1 reactivates */
};
#define USER_CHANGE_NONE \
  { .role = ROLE_NONE, .active = -1 }
/* Changes an account in one audited transaction ("user.update", "user.deactivate" or
 * "user.reactivate"); refuses, with ERR_CONFLICT and the field in ve, to demote or deactivate the
 * last active admin, or to give an e-mail another account has. */
enum err db_users_update(struct db *db, long long id, const struct user_change *c, long long actor, struct verror *ve);
/* The account's own new password (no longer temporary): its other sessions end, the one whose
 * token hash is keep stays. Audited as "user.password_change". */
enum err db_users_change_own_password(struct db *db, long long id, const char *hash, const unsigned char keep[32]);
/* The same password hashed with today's parameters (at sign-in): nothing else changes. */
enum err db_users_upgrade_hash(struct db *db, long long id, const char *hash);
/* Inside the caller's transaction: sets the password hash and whether it is temporary, and ends
 * the account's sessions but keep_session (NULL: all). ERR_NOT_FOUND for no such account. */
enum err db_users_replace_password(struct db *db, long long id, const char *hash, bool temporary,
                                   const unsigned char *keep_session);
/* Inside the caller's transaction: ends the account's sessions but keep (NULL: all). */
enum err db_users_end_sessions(struct db *db, long long id, const unsigned char *keep);
/* Deletes a user and their sessions; refuses the last admin (ERR_CONFLICT). */
enum err db_users_delete(struct db *db, long long id, long long actor);
/* Number of active users with the admin role. */
long long db_users_count_admins(struct db *db);
cJSON *db_users_json(const struct user *u);

/* A moment on the two clocks a session's expiry is judged by (auth.c session_clock_now). */
struct session_clock {
  time_t wall;      /* UTC seconds (CLOCK_REALTIME): shown, stored, and judged by after a reboot */
  char boot_id[37]; /* this boot's id; "" when unknown (then only the wall clock counts) */
  long long boot;   /* CLOCK_BOOTTIME seconds: wall-clock steps do not move it; a reboot resets it */
};

/* How long past its wall-clock expiry a session of another boot is kept before a login deletes
 * it: a wall clock set days ahead by mistake must not wipe sessions that are still good. */
#define SESSION_PRUNE_GRACE (30 * 86400)

/* Stores a session made at `now` that lasts `lifetime` seconds, and deletes sessions long
 * expired: on this boot by the boot clock, from other boots when their wall-clock expiry is more
 * than SESSION_PRUNE_GRACE old. */
enum err db_auth_session_create(struct db *db, long long user_id, const unsigned char hash[32],
                                const struct session_clock *now, long long lifetime);
/* The user of a live session at `now`: a session of this boot is live until its boot-clock
 * expiry, whatever the wall clock says; one of another boot until its wall-clock expiry.
 * ERR_NOT_FOUND if unknown or expired; the db_error() of a failed read (never "not found"). */
enum err db_auth_session_lookup(struct db *db, const unsigned char hash[32], const struct session_clock *now,
                                struct user *u);
enum err db_auth_session_delete(struct db *db, const unsigned char hash[32]);
#endif
