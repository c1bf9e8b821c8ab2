/* db_people.h — organizer writes to people (shared across editions), their photos, an edition's
 * roster of people, and copying rooms and roster from an earlier edition. */
#ifndef ASAMBLEA_DB_PEOPLE_H
#define ASAMBLEA_DB_PEOPLE_H
#include <cjson/cJSON.h>
#include <stddef.h>

#include "db.h"
#include "db_editions.h"

struct person_input { /* validated; NULL: unchanged (or empty on create) */
  const char *name, *honorific, *position, *organization, *bio, *email, *phone;
};

enum err db_people_create(struct db *db, const struct person_input *in, long long actor, long long *id);
enum err db_people_update(struct db *db, long long id, const struct person_input *in, long long actor);
/* People whose name, position or organization contains every word of q (all when q is NULL),
 * with email and phone: for organizers picking participants. */
enum err db_people_search(struct db *db, const char *q, int limit, int offset, cJSON **items, long long *total);

enum err db_photo_put(struct db *db, long long person_id, const char *content_type, const void *bytes, size_t len,
                      long long actor);
/* The photo; *bytes is a new buffer the caller frees. */
enum err db_photo_get(struct db *db, long long person_id, char content_type[16], void **bytes, size_t *len,
                      char sha256[65]);
enum err db_photo_delete(struct db *db, long long person_id, long long actor);

enum err db_roster_add(struct db *db, const struct edition *ed, long long person_id, long long actor,
                       struct verror *ve);
enum err db_roster_remove(struct db *db, const struct edition *ed, long long person_id, long long actor);
#endif
