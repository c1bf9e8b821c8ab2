/* db_program.h — reads of an edition's programme: sessions with their participants, and the
 * people who speak or moderate. Public answers: a person's email and phone never appear. */
#ifndef ASAMBLEA_DB_PROGRAM_H
#define ASAMBLEA_DB_PROGRAM_H
#include <cjson/cJSON.h>

#include "db.h"
#include "db_editions.h"

/* Sessions in time order, each with participants in display order, its revision (sequence: one more
 * on each change of what its calendar event shows, sql/018) and when that last changed (updated_at). */
enum err db_sessions_list(struct db *db, const struct edition *ed, cJSON **items);
/* The edition's deleted sessions, as they were when deleted, in the same shape (room null, no
 * participants): sequence one past their last revision, updated_at when they were deleted. */
enum err db_sessions_cancelled(struct db *db, const struct edition *ed, cJSON **items);
/* The edition's speakers and moderators with their sessions in it. */
enum err db_people_for_edition(struct db *db, const struct edition *ed, cJSON **items);
/* Up to 20 known organizations whose name or acronym contains every word of q (accents and case
 * ignored), for the suggestions of the registration form. */
enum err db_organizations_suggest(struct db *db, const char *q, cJSON **items);
/* One person with every session they take part in, across editions; with_private adds the
 * email and phone (organizers only). */
enum err db_people_get(struct db *db, long long id, bool with_private, cJSON **out);
#endif
