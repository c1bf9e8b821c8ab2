/* db_users.h — accounts and their login sessions (users, auth_sessions). */
#ifndef ASAMBLEA_DB_USERS_H
#define ASAMBLEA_DB_USERS_H
#include <cjson/cJSON.h>

#include "db.h"
#include "http.h"
#include "validate.h"

/* Creates a user; ERR_CONFLICT if the email exists. actor 0: the command line. */
enum err db_users_insert(struct db *db, const char *email, const char *name, enum role role, const char *hash,
                         long long actor, long long *id);
/* The user and password hash for an email; ERR_NOT_FOUND if none. */
enum err db_users_by_email(struct db *db, const char *email, struct user *u, char *hash, size_t hash_size);
enum err db_users_list(struct db *db, cJSON **items);
enum err db_users_get(struct db *db, long long id, cJSON **out);
/* Changes the given fields (NULL/ROLE_NONE: unchanged); refuses to demote the last admin (ERR_CONFLICT). */
enum err db_users_update(struct db *db, long long id, const char *name, const char *email, enum role role,
                         const char *hash, long long actor, struct verror *ve);
/* Deletes a user and their sessions; refuses the last admin (ERR_CONFLICT). */
enum err db_users_delete(struct db *db, long long id, long long actor);
/* Number of users with the admin role. */
long long db_users_count_admins(struct db *db);
cJSON *user_to_json(const struct user *u);

enum err db_auth_session_create(struct db *db, long long user_id, const unsigned char hash[32], const char *expires_at);
/* The user of a live session; ERR_NOT_FOUND if unknown or expired. */
enum err db_auth_session_lookup(struct db *db, const unsigned char hash[32], const char *now, struct user *u);
enum err db_auth_session_delete(struct db *db, const unsigned char hash[32]);
#endif
