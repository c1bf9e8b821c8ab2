/* registration_import.h — import of registrations from a CSV file (POST …/registrations/import and
 * `asamblea import`). The header row names sign-up fields (the JSON names of the sign-up body, or
 * the Spanish aliases of import_header_aliases); each row becomes the very JSON object a sign-up
 * would send and goes through the sign-up's check (registration_signup_check), so a field added
 * to the sign-up is importable as it is. Cells become JSON by the field's rule: an empty cell is
 * an absent field; booleans take sí/no, true/false, 1/0 or x; integers take digits; the rest is
 * text, spaces around it trimmed. A column "prefix.key" fills the object field "prefix" (e.g.
 * answers.<id>) when the sign-up has such a field; a column named as a question's label is its
 * answers.<id>. Answer cells take what the form takes: a multi's options separated by ";", a
 * checkbox sí/no.
 *
 * Two steps: import_plan_build reads and checks the whole file (no database); import_run creates
 * every valid row with db_registrations_create in ONE transaction (all or nothing, capacity rule
 * and messages as for an organizer's registration, audited once as "registrations.import"), or,
 * for a dry run, the same inside a transaction that is rolled back. */
#ifndef ASAMBLEA_REGISTRATION_IMPORT_H
#define ASAMBLEA_REGISTRATION_IMPORT_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "db_registrations.h"
#include "i18n.h"
#include "validate.h"

#define IMPORT_MAX_BYTES ((size_t)2 << 20) /* 2 MiB */
#define IMPORT_MAX_ROWS 5000
#define IMPORT_MAX_ERRORS 200

struct import_row {
  unsigned line;          /* physical line of the row in the file */
  struct reg_input in;    /* points into its JSON body, held by the plan's owner */
  bool duplicate;         /* set by import_run: the e-mail already holds a registration */
  struct reg_created out; /* set by import_run */
};

struct import_plan {
  /* set by the caller: where the rows array is allocated (a request's arena, or calloc) */
  void *(*alloc)(void *ctx, size_t bytes);
  void *alloc_ctx;
  const cJSON *questions; /* the edition's questions (questions.h): rows answer them as the form does */
  /* set by import_plan_build */
  cJSON *owner;            /* holds every row body and the lists below; the caller deletes it */
  struct import_row *rows; /* the valid rows that are not repeated in the file */
  size_t count;
  cJSON *duplicates;  /* [{line, email, first_line}] repeated in the file; import_run adds {line, email} */
  cJSON *errors;      /* [{line, field, key, a, b}], at most IMPORT_MAX_ERRORS: each message as its catalogue
                         key and values, written out in a language by import_errors */
  size_t error_count; /* every error, also past the cap */
};

/* Reads text[0..len) into plan. ERR_OK (plan->error_count says whether rows were refused), or,
 * when the file as a whole cannot be read, ERR_VALIDATION (not UTF-8, no header, too many rows)
 * or ERR_PAYLOAD_TOO_LARGE with the reason in ve (no field). */
enum err import_plan_build(const char *text, size_t len, struct import_plan *plan, struct verror *ve);

/* A write (writer.h) of the planned rows into edition ed, by actor. */
struct import_job {
  struct edition ed;
  long long actor;
  bool dry_run;
  struct import_plan *plan;
};
enum err import_run(struct db *db, void *arg);

/* The refused rows, [{line, field, message}], their messages in language l. */
cJSON *import_errors(const struct import_plan *plan, enum lang l);

/* {dry_run, created: [{line, full_name, email, status, waitlist_position?, code?}], duplicates,
 * errors, error_count} after import_run (ran), or after import_plan_build alone: created then lists
 * the valid rows without a status for a dry run, and nothing for an import refused. The errors'
 * messages are in language l. */
cJSON *import_report(const struct import_job *job, bool ran, enum lang l);

/* The header row of a template file: every sign-up field, then answers.<id> for each of the
 * edition's questions (NULL: none), comma separated, CRLF ended. */
char *import_template_header(const cJSON *questions);
#endif
