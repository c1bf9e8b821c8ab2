/* db_editions.h — the editions of the assembly: public reads, organizer writes, and the
 * Ed25519 key pair each edition gets when it is created. */
#ifndef ASAMBLEA_DB_EDITIONS_H
#define ASAMBLEA_DB_EDITIONS_H
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "db.h"
#include "reg_window.h"
#include "validate.h"

/* The zone of an edition created without one. */
#define DEFAULT_EDITION_TIMEZONE "America/Guayaquil"

/* The columns other modules need to act on an edition. */
struct edition {
  long long id;
  char slug[65];
  char timezone[64];
  char status[16];    /* draft, open, closed, archived */
  long long capacity; /* -1: unlimited */
  bool proceedings_published;
  char title[301];
  char short_title[101];
  char city[121];
  char venue[201];
  char starts_on[11], ends_on[11];
  char organizer_unit[201];
  char contact_email[255];
  bool confirm_email; /* public sign-ups wait for the address to be confirmed (double opt-in) */
  char registration_opens_at[21], registration_closes_at[21]; /* stored UTC instants; "": not limited */
};

/* Whether the edition takes public sign-ups at now (reg_window.h), and why not. */
enum signup_state db_editions_registration_state(const struct edition *ed, time_t now);

enum err db_editions_lookup(struct db *db, const char *slug, struct edition *out);
/* The custom questions of the sign-up form (questions.h) as a JSON array, [] when there are none. */
enum err db_editions_questions(struct db *db, long long edition_id, cJSON **out);
/* Items for GET /editions, newest first; drafts only when include_drafts. */
enum err db_editions_list(struct db *db, bool include_drafts, cJSON **items);
/* One edition with its confirmed, waitlisted and seats_taken counts; a draft is ERR_NOT_FOUND unless include_drafts. */
enum err db_editions_get(struct db *db, const char *slug, bool include_drafts, cJSON **out);
/* Creates from validated fields (slug, title, city, starts_on, ends_on required); generates
 * its key pair. ERR_CONFLICT if the slug exists; ERR_VALIDATION (ve) if dates are out of order. */
enum err db_editions_create(struct db *db, const cJSON *fields, long long actor, struct verror *ve);
/* Changes the given validated fields. A capacity change promotes the oldest waitlisted into the
 * seats it frees in the same transaction (a lowered one confirms nobody and keeps every confirmed
 * seat); if anything fails, nothing is written. ERR_NOT_FOUND, ERR_VALIDATION (ve) as above. */
enum err db_editions_update(struct db *db, const char *slug, const cJSON *fields, long long actor, struct verror *ve);
/* Gives every edition without a key pair a new one (after seeding). Runs in the caller's transaction. */
enum err db_editions_ensure_keys(struct db *db);
/* Copies the rooms (those not present by name) and the people (roster and participants) of
 * `from` into `to`; counts what was added. */
enum err db_editions_copy(struct db *db, const struct edition *from, const struct edition *to, long long actor,
                          int *rooms, int *people);
#endif
