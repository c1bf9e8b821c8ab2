/* db_documents.h — what the documents read from the database, and the one thing they write: the
 * people of a badge sheet or of the certificates, the certificates' signers, badges marked
 * printed, and the seeded editions whose memoria is published but not yet stored. */
#ifndef ASAMBLEA_DB_DOCUMENTS_H
#define ASAMBLEA_DB_DOCUMENTS_H
#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "db_editions.h"

/* One confirmed registration as a badge or certificate shows it. */
struct doc_person {
  long long id;
  char *code, *full_name, *organization, *position, *type, *language;
};
void db_doc_people_free(struct doc_person *rows, size_t n);

/* Which badges: every condition given must hold. */
struct doc_people_filter {
  long long edition_id;
  const char *type;       /* NULL: any attendee type */
  const char *codes_json; /* NULL, or a JSON array of canonical codes */
  bool unprinted_only;
  long long registration_id; /* 0: anyone */
};
/* The confirmed registrations of f, by name (Spanish collation) then id: *rows (free with
 * db_doc_people_free) and *n; on a failed read nothing is kept. */
enum err db_badge_people(struct db *db, const struct doc_people_filter *f, struct doc_person **rows, size_t *n);
/* The same for certificates: confirmed and checked in; one registration, or all when registration_id is 0. */
enum err db_certificate_people(struct db *db, long long edition_id, long long registration_id, struct doc_person **rows,
                               size_t *n);

/* Up to max credits that sign certificates, in their order: name and role_title, each to free. */
struct doc_signer {
  char *name, *role_title;
};
enum err db_certificate_signers(struct db *db, long long edition_id, struct doc_signer *out, size_t max, size_t *n);

/* Marks the confirmed, not yet printed badges of ed (of codes_json, a JSON array of canonical
 * codes, or all when NULL) as printed now, audited as actor's; *marked tells how many. */
enum err db_badges_mark_printed(struct db *db, const struct edition *ed, const char *codes_json, long long actor,
                                int *marked);

/* The slug of an edition whose memoria is published with no version stored (the seed's), or ""
 * when there is none. */
enum err db_seeded_unpublished(struct db *db, char slug[65]);
#endif
