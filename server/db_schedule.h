/* db_schedule.h — organizer writes to the programme: rooms, sessions and their participants,
 * under the schedule rules (a room holds one session at a time; a person is in one session at a
 * time; back-to-back is fine), checked inside the writing transaction. */
#ifndef ASAMBLEA_DB_SCHEDULE_H
#define ASAMBLEA_DB_SCHEDULE_H
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "db.h"
#include "db_editions.h"
#include "validate.h"

enum err db_rooms_list(struct db *db, long long edition_id, cJSON **items);
/* ERR_CONFLICT when the edition has a room of that name already. capacity -1: not given. */
enum err db_rooms_create(struct db *db, const struct edition *ed, const char *name, long long capacity, int sort_order,
                         long long actor, long long *id);
/* Fields NULL / has_* false: unchanged. */
enum err db_rooms_update(struct db *db, long long id, const char *name, bool has_capacity, long long capacity,
                         bool has_order, int sort_order, long long actor);
/* Sessions in the room keep their place in the programme with no room. */
enum err db_rooms_delete(struct db *db, long long id, long long actor);
/* The edition a room belongs to. */
enum err db_room_edition(struct db *db, long long room_id, struct edition *ed);

struct session_input { /* validated; NULL / has_* false: unchanged (or default on create) */
  const char *kind;
  bool has_number;
  long long number; /* -1: none */
  const char *title, *objective;
  const char *starts_at, *ends_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
  bool has_room;
  long long room_id; /* -1: none */
};

/* On ERR_SCHEDULE_CONFLICT, *conflicts lists the sessions in the way (caller frees). */
/* ERR_VALIDATION fills ve: room_id (not a room of the edition) or ends_at (not after starts_at). */
enum err db_sessions_create(struct db *db, const struct edition *ed, const struct session_input *in, long long actor,
                            long long *id, struct verror *ve, cJSON **conflicts);
enum err db_sessions_update(struct db *db, const struct edition *ed, long long id, const struct session_input *in,
                            long long actor, struct verror *ve, cJSON **conflicts);
enum err db_sessions_delete(struct db *db, long long id, long long actor);
/* The edition a session belongs to. */
enum err db_session_edition(struct db *db, long long session_id, struct edition *ed);
/* One session as in the programme list. */
enum err db_session_get(struct db *db, const struct edition *ed, long long id, cJSON **out);

struct participant_input {
  const char *role; /* speaker, moderator, panelist */
  const char *contribution;
  const char *topic;
  bool has_order;
  int sort_order;
};
/* ERR_VALIDATION when the person does not exist; ERR_CONFLICT when already in the session. */
enum err db_participant_add(struct db *db, long long session_id, long long person_id,
                            const struct participant_input *in, long long actor, cJSON **conflicts);
enum err db_participant_update(struct db *db, long long session_id, long long person_id,
                               const struct participant_input *in, long long actor);
enum err db_participant_remove(struct db *db, long long session_id, long long person_id, long long actor);

/* Every conflict in the stored programme of an edition. */
enum err db_conflicts_list(struct db *db, const struct edition *ed, cJSON **items);
#endif
