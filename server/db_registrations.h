/* db_registrations.h — registrations: create under the capacity rule, read, correct, cancel
 * with waitlist promotion, new manage links; and the organizer's list, exports and counts.
 * Every check-then-write runs inside one BEGIN IMMEDIATE transaction, so confirmed seats never
 * exceed capacity and an email holds at most one live registration per edition, whatever the
 * concurrency. Capacity counts attendee seats: speakers, organizers and guests are outside it. */
#ifndef ASAMBLEA_DB_REGISTRATIONS_H
#define ASAMBLEA_DB_REGISTRATIONS_H
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "auth.h"
#include "csv.h"
#include "reg_table.h"
#include "db.h"
#include "db_editions.h"
#include "regcode.h"
#include "validate.h"

#define PUBLIC_ATTENDEE_TYPES "authority|official|cooperation|academia|civil_society|press"
#define ALL_ATTENDEE_TYPES PUBLIC_ATTENDEE_TYPES "|speaker|organizer|guest"
/* The same public types as an SQL list: they occupy capacity. */
#define SEAT_TYPES_SQL "('authority','official','cooperation','academia','civil_society','press')"

/* seats_taken, defined once: the confirmed registrations of the seat-taking types of the edition
 * whose id is the SQL expression edition_id. The capacity rule (db_registrations.c), the edition
 * answer (db_editions.c) and the organizer stats (db_registrations_list.c) all count with it;
 * waitlisted, cancelled and non-seat types (speaker, organizer, guest) never count, and a
 * check-in changes nothing. */
#define SEATS_TAKEN_SQL(edition_id)                                              \
  "(SELECT count(*) FROM registrations seat WHERE seat.edition_id = " edition_id \
  " AND seat.status = 'confirmed' AND seat.attendee_type IN " SEAT_TYPES_SQL ")"

/* True for the public attendee types, which occupy capacity. */
bool attendee_type_takes_seat(const char *type);

struct reg_input { /* validated fields; NULL: not given */
  const char *full_name, *email, *organization, *position, *municipality, *phone, *attendee_type, *accessibility_needs,
      *status, *language;
  const cJSON *answers;       /* {id: value} checked against questions (questions.h); NULL: not given */
  const cJSON *questions;     /* the edition's questions: the labels the answers keep */
  const char *answers_stored; /* answers already in stored form (a pending sign-up confirmed); wins */
};

struct reg_created {
  char code[REGCODE_LEN + 1];
  char status[16];             /* confirmed, waitlisted, or pending_email (double opt-in) */
  long long waitlist_position; /* 0 unless waitlisted */
  char manage_token[TOKEN_CHARS];
};

/* What a handler needs to authorize access to one registration. */
struct reg_ref {
  long long id;
  char code[REGCODE_LEN + 1];
  char status[16];
  unsigned char token_hash[32];
  struct edition edition;
};

/* by_organizer: allowed while the edition is not open, and non-public types are confirmed
 * outside capacity. Errors: ERR_REGISTRATION_CLOSED, ERR_DUPLICATE_REG, and ERR_UNAVAILABLE or
 * ERR_INTERNAL when the database fails (a failed read is never taken for "no row"). */
enum err db_registrations_create(struct db *db, const struct edition *ed, const struct reg_input *in, bool by_organizer,
                                 long long actor, struct reg_created *out);
/* A public sign-up of an edition with confirm_email (double opt-in): checked like a sign-up
 * (ERR_REGISTRATION_CLOSED, ERR_DUPLICATE_REG), then kept pending — no seat taken, no
 * registration made — for CONFIRM_EMAIL_HOURS, holding its address meanwhile, with only a message
 * carrying a one-time confirmation link queued to the address. out->status is "pending_email". */
enum err db_registrations_create_pending(struct db *db, const struct edition *ed, const struct reg_input *in,
                                         struct reg_created *out);
/* Opens the link of a pending sign-up: in one transaction the pending row is consumed and the
 * registration made exactly as db_registrations_create makes a public one (confirmed, or
 * waitlisted when full; the usual message). ERR_NOT_FOUND for a token unknown, used or expired;
 * ERR_REGISTRATION_CLOSED or ERR_DUPLICATE_REG leave the pending sign-up as it was. */
enum err db_registrations_confirm_email(struct db *db, const struct edition *ed, const char *token,
                                        struct reg_created *out);
enum err db_registrations_ref(struct db *db, const char *code, struct reg_ref *out);
enum err db_registrations_get(struct db *db, const struct reg_ref *ref, cJSON **out);
/* Applies the given fields under the capacity rule (db_registrations.c): ERR_CONFLICT (ve names
 * `status` or `attendee_type`) when a change of status or type would take a seat past capacity,
 * or put on the waitlist a registration that takes no seat or while a seat is free; a seat it
 * frees goes to the oldest one waiting. Email changes keep the one-live-registration rule. */
enum err db_registrations_update(struct db *db, const struct reg_ref *ref, const struct reg_input *in, long long actor,
                                 struct verror *ve);
/* Cancels (the row stays) and promotes the oldest waitlisted ones into freed seats. */
enum err db_registrations_cancel(struct db *db, const struct reg_ref *ref, long long actor);
/* Replaces the manage token, e-mails the new link and answers it. */
enum err db_registrations_new_link(struct db *db, const struct reg_ref *ref, long long actor, char token[TOKEN_CHARS]);
/* Inside the caller's transaction: the manage token of a registration, opened from its sealed
 * copy; when it has none that opens (a row older than sealed tokens), a fresh one is issued as
 * db_registrations_new_link does (the old link stops working; audited "registration.new_link"),
 * without a message of its own. ERR_NOT_FOUND for an anonymized or unknown registration. */
enum err db_registrations_manage_token(struct db *db, long long id, long long actor, char token[TOKEN_CHARS]);
/* Promotes the oldest waitlisted registrations into free seats. Own transaction (a savepoint
 * inside an open one): db_editions_update runs it in the capacity change's transaction. */
enum err db_registrations_fill_seats(struct db *db, const struct edition *ed, long long actor);

struct reg_filter {
  const char *q;      /* words matched against name, email, organization, municipality; accents and case ignored */
  const char *status; /* NULL: any */
  const char *type;   /* NULL: any */
  const char *municipality;
  const char *sort; /* name | created_at | organization | municipality | status */
  bool descending;
  int limit, offset; /* limit 0: all */
};
enum err db_registrations_list(struct db *db, const struct edition *ed, const struct reg_filter *f, cJSON **items,
                               long long *total);
/* The rows of the registration table (reg_table.h) matching f, in its order and page, handed to
 * sink (header first, then one call per row); total (when not NULL) gets how many match in all. */
enum err db_registrations_rows(struct db *db, const struct edition *ed, const struct reg_filter *f,
                               const struct reg_sink *sink, long long *total);
/* The same rows as CSV (UTF-8 with BOM, header row) into c. */
enum err db_registrations_csv(struct db *db, const struct edition *ed, const struct reg_filter *f, struct csv *c);
/* {confirmed, waitlisted, cancelled, checked_in, by_type, by_municipality}. */
enum err db_registrations_stats(struct db *db, const struct edition *ed, cJSON **out);
#endif
