/* http_pubcache.c — the cache behind pubcache_reply: entries of an answer table
 * (http_answer_table.h), fresh while the content generation they were built at is current. Each entry holds its answer as libmicrohttpd responses built once, body and
 * headers together, plain and compressed (http_encoding.h), and queued as they are on every
 * connection that asks (libmicrohttpd counts the connections sending it): a hit allocates,
 * compresses and copies nothing. A stale entry is rebuilt by the
 * request that finds it; two requests may build the same entry at once, and the last one stored
 * wins (both are correct answers). A replaced response lives on until its last sender is done. */
#include "http_pubcache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "http_answer_table.h"
#include "http_encoding.h"
#include "log.h"

struct entry {
  struct answer_entry base;
  unsigned long generation; /* db_content_generation() when built */
};

static struct answer_table table = ANSWER_TABLE_INIT;

/* Stores a new version of key, taking over the caller's answer. Called without the lock. */
static void store(const char *key, unsigned long generation, struct encoded *answer) {
  pthread_rwlock_wrlock(&table.lock);
  struct entry *e = (struct entry *)answer_table_get(&table, key, sizeof *e);
  struct encoded drop = *answer;
  if (generation >= e->generation) {
    drop = e->base.answer;
    e->base.answer = *answer;
    e->generation = generation;
  }
  pthread_rwlock_unlock(&table.lock);
  encoded_free(&drop);
}

/* The 200 answers of an entry. Headers the handler added to r before the reply (a download's
 * file name) become part of them: they depend on the key alone, like the body. */
static bool build_answer(struct req *r, struct encoded *answer, const struct sbuf *body, const char *type,
                         const char *etag) {
  const char *headers[9][2] = {{"Cache-Control", "no-cache"}};
  int n = 1;
  for (int i = 0; i < r->n_reply_headers && n < 9; i++, n++) {
    headers[n][0] = r->reply_headers[i][0];
    headers[n][1] = r->reply_headers[i][1];
  }
  return encoded_build(answer, body->data ? body->data : "", body->len, type, etag, CODING_QUICK,
                       (const char *const(*)[2])headers, n);
}

bool pubcache_hit(struct req *r, const char *key, enum MHD_Result *ret) {
  unsigned long now = db_content_generation();
  pthread_rwlock_rdlock(&table.lock);
  struct entry *e = (struct entry *)answer_table_find(&table, key);
  bool hit = e && e->generation == now && e->base.answer.resp[CODING_IDENTITY];
  /* queued while the read lock is held, so a concurrent store cannot drop the last reference */
  if (hit) *ret = encoded_reply(r, &e->base.answer);
  pthread_rwlock_unlock(&table.lock);
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
  struct encoded answer;
  bool built = build_answer(r, &answer, &out, type, etag);
  sbuf_free(&out);
  if (!built) {
    LOG_BUG("could not create a response");
    return MHD_NO;
  }
  ret = encoded_reply(r, &answer);
  store(key, now, &answer);
  return ret;
}
