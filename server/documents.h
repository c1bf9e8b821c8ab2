/* documents.h — the bridge between the database and the PDF documents of pdf/ and badges/:
 * reads what a document needs, fills the plain structs, renders. Handlers and commands call
 * these; neither SQL nor PDF calls live in a handler. */
#ifndef ASAMBLEA_DOCUMENTS_H
#define ASAMBLEA_DOCUMENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "db.h"
#include "db_editions.h"
#include "i18n.h"

/* The memoria from the current data, dated `published`. */
enum err doc_proceedings(struct db *db, const struct edition *ed, time_t published, unsigned char **pdf, size_t *len);
/* The memoria as version `version` (0: the latest) published it, with its chrome (headings, "page
 * N of M", the cover's labels) in language l; the content stays as written, the programme is the
 * current one. *version_out gets the version. ERR_NOT_FOUND when nothing is published. */
enum err doc_proceedings_in(struct db *db, const struct edition *ed, int version, enum lang l, unsigned char **pdf,
                            size_t *len, int *version_out);
/* Renders the memoria now and stores it as the next published version; *out = {version, sha256,
 * published_at}. */
enum err doc_publish_proceedings(struct db *db, const struct edition *ed, long long actor, time_t now, cJSON **out);
/* After seeding: editions marked published without a stored version get version 1, dated the
 * evening their edition ended (so the demo memoria is the same bytes on every machine). */
enum err doc_publish_seeded(struct db *db);

struct badge_filter {
  const char *layout;        /* "a4-10" (default), "a4-8", "a6", "cr80" */
  const char *type;          /* attendee_type or NULL */
  const char *codes;         /* comma-separated registration codes or NULL */
  bool unprinted_only;       /* only badges never marked printed */
  long long registration_id; /* one registration (0: all that match) */
};
/* Badges of confirmed registrations matching f, sorted by name in Spanish order. ERR_VALIDATION
 * for an unknown layout; ERR_NOT_FOUND when nothing matches. *count gets the number of badges. */
enum err doc_badges(struct db *db, const struct edition *ed, const struct badge_filter *f, unsigned char **pdf,
                    size_t *len, size_t *count);
/* Admission to the CPU work of a render, by the caller's rules: enter answers ERR_OK (then leave
 * follows the render) or the error to answer instead (e.g. ERR_UNAVAILABLE when too many wait). */
struct doc_gate {
  enum err (*enter)(void *ctx);
  void (*leave)(void *ctx);
  void *ctx;
};
/* doc_badges for one attendee's badge (f->registration_id), through a cache of rendered badges
 * keyed by the SHA-256 of everything the badge shows (names, role, code, token — so its badge
 * revision —, the edition's texts and dates, the layout): a badge whose content has not changed
 * is answered from memory (*hit true) without entering the gate; any change makes another key.
 * Renders enter the gate, and look in the cache again once admitted. */
enum err doc_badge_cached(struct db *db, const struct edition *ed, const struct badge_filter *f,
                          const struct doc_gate *gate, unsigned char **pdf, size_t *len, bool *hit);
/* How many badge PDFs this process has rendered (any route), for the tests and metrics. */
unsigned long long doc_badge_renders(void);
/* Marks badges printed: codes comma-separated (NULL: all confirmed unprinted ones). */
enum err doc_mark_printed(struct db *db, const struct edition *ed, const char *codes, long long actor, int *marked);

/* Certificates: of one registration (registration_id > 0; ERR_NOT_CHECKED_IN unless it checked in)
 * or of every confirmed, checked-in registration (ERR_NOT_FOUND if none). */
enum err doc_certificates(struct db *db, const struct edition *ed, long long registration_id, unsigned char **pdf,
                          size_t *len);
#endif
