/* pubcache.c — the cache behind pubcache_reply: a small hash table of entries under a
 * read-write lock. A stale entry is rebuilt by the request that finds it; two requests may build
 * the same entry at once, and the last one stored wins (both are correct answers). */
#include "pubcache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define BUCKETS 256

struct entry {
  struct entry *next;
  char *key;
  unsigned long generation; /* db_content_generation() when built */
  char *bytes;
  size_t len;
  const char *content_type;
  char etag[36];            /* "\"" + 32 hex + "\"" */
};

static struct entry *buckets[BUCKETS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;

static unsigned bucket_of(const char *key) {
  unsigned h = 5381;
  for (; *key; key++) h = h * 33 + (unsigned char)*key;
  return h % BUCKETS;
}

static struct entry *find(const char *key) {
  for (struct entry *e = buckets[bucket_of(key)]; e; e = e->next)
    if (strcmp(e->key, key) == 0) return e;
  return NULL;
}

/* Stores a new version of key (taking over bytes). Called without the lock. */
static void store(const char *key, unsigned long generation, char *bytes, size_t len, const char *type,
                  const char *etag) {
  pthread_rwlock_wrlock(&lock);
  struct entry *e = find(key);
  if (!e) {
    e = xcalloc(1, sizeof *e);
    e->key = xstrdup(key);
    unsigned b = bucket_of(key);
    e->next = buckets[b];
    buckets[b] = e;
  }
  if (generation >= e->generation) {
    free(e->bytes);
    e->bytes = bytes;
    e->len = len;
    e->generation = generation;
    e->content_type = type;
    memcpy(e->etag, etag, sizeof e->etag);
    bytes = NULL;
  }
  pthread_rwlock_unlock(&lock);
  free(bytes);
}

static enum MHD_Result answer(struct req *r, const char *etag, const char *type, const char *bytes, size_t len) {
  req_add_reply_header(r, "ETag", etag);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strstr(inm, etag)) return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
  return reply_bytes(r, 200, type, bytes, len, MHD_RESPMEM_MUST_COPY);
}

bool pubcache_hit(struct req *r, const char *key, enum MHD_Result *ret) {
  unsigned long now = db_content_generation();
  pthread_rwlock_rdlock(&lock);
  struct entry *e = find(key);
  bool hit = e && e->generation == now;
  if (hit) {
    char etag[sizeof e->etag];
    memcpy(etag, e->etag, sizeof etag);
    /* the reply copies the bytes while the read lock is held, so a concurrent store cannot free them */
    *ret = answer(r, etag, e->content_type, e->bytes, e->len);
  }
  pthread_rwlock_unlock(&lock);
  return hit;
}

enum MHD_Result pubcache_reply(struct req *r, const char *key, pubcache_build_fn *build) {
  unsigned long now = db_content_generation();
  enum MHD_Result ret;
  if (pubcache_hit(r, key, &ret)) return ret;
  struct sbuf out = {0};
  const char *type = "application/json; charset=utf-8";
  enum err err = build(r, &out, &type);
  if (err != ERR_OK) {
    sbuf_free(&out);
    return reply_error(r, err, NULL);
  }
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, (const unsigned char *)(out.data ? out.data : ""), out.len, NULL, 0);
  char etag[36];
  etag[0] = '"';
  sodium_bin2hex(etag + 1, 33, hash, sizeof hash);
  etag[33] = '"';
  etag[34] = '\0';
  size_t len = out.len;
  char *bytes = sbuf_steal(&out);
  ret = answer(r, etag, type, bytes, len);
  store(key, now, bytes, len, type, etag);
  return ret;
}
