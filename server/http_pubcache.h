/* http_pubcache.h — a cache of public, read-mostly answers (the programme, the speakers, the schedule
 * exports): each is built once, kept with a strong ETag, answered 304 to a matching If-None-Match,
 * and rebuilt only after the public content changes (db_content_generation). */
#ifndef ASAMBLEA_HTTP_PUBCACHE_H
#define ASAMBLEA_HTTP_PUBCACHE_H
#include "http.h"
#include "util.h"

/* Builds the answer's bytes into out and sets *content_type (a static string). */
typedef enum err pubcache_build_fn(struct req *r, struct sbuf *out, const char **content_type);

/* Answers r from the cache entry named key, building it with build when absent or stale. Errors
 * from build are answered as errors and not cached. */
enum MHD_Result pubcache_reply(struct req *r, const char *key, pubcache_build_fn *build);
/* Answers r from a fresh entry named key if there is one (true, with *ret set); false otherwise. */
bool pubcache_hit(struct req *r, const char *key, enum MHD_Result *ret);
#endif
