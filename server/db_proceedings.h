/* db_proceedings.h — the memoria's editable parts (conclusions, recommendations, closing; the
 * credits), its published versions (immutable PDF bytes with their SHA-256), and the public
 * check of an attendance certificate. */
#ifndef ASAMBLEA_DB_PROCEEDINGS_H
#define ASAMBLEA_DB_PROCEEDINGS_H
#include <cjson/cJSON.h>
#include <stddef.h>

#include "db.h"
#include "db_editions.h"

/* {status, items: [{id, kind, number, title, body, sort_order}], credits_heading, credits:
 * [{id, name, role_title, signs_certificates}], contact}. */
enum err db_proceedings_get(struct db *db, const struct edition *ed, cJSON **out);

struct item_input { /* validated; NULL / has_* false: unchanged (or default on create) */
  const char *kind, *title, *body;
  bool has_number;
  long long number; /* -1: none */
  bool has_order;
  int sort_order;
};
enum err db_proceedings_item_create(struct db *db, const struct edition *ed, const struct item_input *in,
                                    long long actor, long long *id);
enum err db_proceedings_item_update(struct db *db, long long id, const struct item_input *in, long long actor);
enum err db_proceedings_item_delete(struct db *db, long long id, long long actor);
enum err db_proceedings_item_edition(struct db *db, long long id, struct edition *ed);
/* Replaces the credits with a validated array of {name, role_title, signs_certificates?}. */
enum err db_credits_replace(struct db *db, const struct edition *ed, const cJSON *credits, long long actor);

/* One rendering of a version: its language ("es" for the version itself) and its bytes. */
struct proceedings_pdf {
  const char *lang;
  const unsigned char *pdf;
  size_t len;
};

/* Stores a new immutable version with the JSON of what it publishes (content): pdfs[0] is the
 * Spanish PDF, pdfs[1..n) the same version with its chrome in other languages; *out = {version,
 * sha256, published_at, translations: [{lang, sha256, bytes}]}. */
enum err db_proceedings_publish(struct db *db, const struct edition *ed, const struct proceedings_pdf *pdfs, size_t n,
                                const char *content, const char *published_at, long long actor, cJSON **out);
/* The proceedings JSON as the latest version published it, with its version and date;
 * ERR_NOT_FOUND if nothing is published. */
enum err db_proceedings_published(struct db *db, const struct edition *ed, cJSON **out);
/* What version `version` (0: the latest) published: its proceedings JSON (*content, new) and its
 * instant (*published); ERR_NOT_FOUND if none (or it kept no JSON). */
enum err db_proceedings_version_content(struct db *db, const struct edition *ed, int version, cJSON **content,
                                        time_t *published, int *version_out);
/* Versions, newest first: [{version, sha256, published_at, bytes, translations: [{lang, sha256, bytes}]}]. */
enum err db_proceedings_versions(struct db *db, const struct edition *ed, cJSON **items);
/* The PDF of a version (0: the latest) in lang (NULL or "es": the version itself); *pdf is a new
 * buffer (free()). ERR_NOT_FOUND if no such version; ERR_OK with *pdf NULL when the version exists
 * but was published before translations were stored. */
enum err db_proceedings_pdf(struct db *db, const struct edition *ed, int version, const char *lang, unsigned char **pdf,
                            size_t *len, char sha256[65], int *version_out);

/* {valid, full_name, edition, edition_title} for a certificate's code: valid when the
 * registration is confirmed and checked in. ERR_NOT_FOUND for an unknown code. */
enum err db_certificate_check(struct db *db, const char *code, cJSON **out);
#endif
