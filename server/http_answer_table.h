/* http_answer_table.h — the table under both answer caches (http_pubcache.c, http_file_cache.c):
 * entries named by a string, each holding ready answers (http_encoding.h), in a small hash table
 * under one read-write lock. A cache puts struct answer_entry first in its own entry type and
 * adds what decides freshness (a content generation, the files an answer was made from). */
#ifndef ASAMBLEA_HTTP_ANSWER_TABLE_H
#define ASAMBLEA_HTTP_ANSWER_TABLE_H
#include <pthread.h>
#include <stddef.h>

#include "http_encoding.h"

#define ANSWER_TABLE_BUCKETS 256

struct answer_entry {
  struct answer_entry *next;
  char *key;
  struct encoded answer; /* the 200 answers, with their bodies and every header */
};

struct answer_table {
  pthread_rwlock_t lock; /* read: look up and queue an answer; write: store one */
  struct answer_entry *buckets[ANSWER_TABLE_BUCKETS];
};
#define ANSWER_TABLE_INIT \
  { .lock = PTHREAD_RWLOCK_INITIALIZER }

/* The entry named key, or NULL. Called with the lock held. */
struct answer_entry *answer_table_find(struct answer_table *t, const char *key);
/* The entry named key, added (size bytes, zeroed: the cache's own entry type) when absent.
 * Called with the write lock held; entries live as long as the process. */
struct answer_entry *answer_table_get(struct answer_table *t, const char *key, size_t size);
#endif
