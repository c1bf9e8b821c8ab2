/* pubcache.c — the cache behind pubcache_reply: a small hash table of entries under a
 * read-write lock. Each entry holds its answer as a libmicrohttpd response built once, body and
 * headers together, and queued as it is on every connection that asks (libmicrohttpd counts the
 * connections sending it): a hit allocates and copies nothing. A stale entry is rebuilt by the
 * request that finds it; two requests may build the same entry at once, and the last one stored
 * wins (both are correct answers). A replaced response lives on until its last sender is done. */
#include "pubcache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"

#define BUCKETS 256

struct entry {
  struct entry *next;
  char *key;
  unsigned long generation;  /* db_content_generation() when built */
  struct MHD_Response *resp; /* the 200 answer, with its body and every header */
  size_t len;                /* body bytes */
  char etag[36];             /* "\"" + 32 hex + "\"" */
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

/* Stores a new version of key, taking over the caller's reference to resp. Called without the lock. */
static void store(const char *key, unsigned long generation, struct MHD_Response *resp, size_t len, const char *etag) {
  pthread_rwlock_wrlock(&lock);
  struct entry *e = find(key);
  if (!e) {
    e = xcalloc(1, sizeof *e);
    e->key = xstrdup(key);
    unsigned b = bucket_of(key);
    e->next = buckets[b];
    buckets[b] = e;
  }
  struct MHD_Response *drop = resp;
  if (generation >= e->generation) {
    drop = e->resp;
    e->resp = resp;
    e->len = len;
    e->generation = generation;
    memcpy(e->etag, etag, sizeof e->etag);
  }
  pthread_rwlock_unlock(&lock);
  if (drop) MHD_destroy_response(drop);
}

/* The 200 answer of an entry, taking over bytes. Headers the handler added to r before the reply
 * (a download's file name) become part of it: they depend on the key alone, like the body. */
static struct MHD_Response *build_response(struct req *r, char *bytes, size_t len, const char *type, const char *etag) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(bytes);
    return NULL;
  }
  MHD_add_response_header(resp, "Content-Type", type);
  MHD_add_response_header(resp, "ETag", etag);
  MHD_add_response_header(resp, "Cache-Control", "no-cache");
  for (int i = 0; i < r->n_reply_headers; i++)
    if (!MHD_get_response_header(resp, r->reply_headers[i][0]))
      MHD_add_response_header(resp, r->reply_headers[i][0], r->reply_headers[i][1]);
  http_add_common_headers(resp);
  return resp;
}

/* 304 when the client holds this version, else the shared 200. */
static enum MHD_Result answer(struct req *r, const char *etag, struct MHD_Response *resp, size_t len) {
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strstr(inm, etag)) {
    req_add_reply_header(r, "ETag", etag);
    req_add_reply_header(r, "Cache-Control", "no-cache");
    return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
  }
  return reply_shared(r, 200, resp, len);
}

bool pubcache_hit(struct req *r, const char *key, enum MHD_Result *ret) {
  unsigned long now = db_content_generation();
  pthread_rwlock_rdlock(&lock);
  struct entry *e = find(key);
  bool hit = e && e->generation == now && e->resp;
  /* queued while the read lock is held, so a concurrent store cannot drop the last reference */
  if (hit) *ret = answer(r, e->etag, e->resp, e->len);
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
  struct MHD_Response *resp = build_response(r, sbuf_steal(&out), len, type, etag);
  if (!resp) {
    LOG_BUG("could not create a response");
    return MHD_NO;
  }
  ret = answer(r, etag, resp, len);
  store(key, now, resp, len, etag);
  return ret;
}
