/* http_answer_table.c — the string-keyed table of http_answer_table.h (djb2 hash, chained). */
#include "http_answer_table.h"

#include <string.h>

#include "util.h"

static unsigned bucket_of(const char *key) {
  unsigned h = 5381;
  for (; *key; key++) h = h * 33 + (unsigned char)*key;
  return h % ANSWER_TABLE_BUCKETS;
}

struct answer_entry *answer_table_find(struct answer_table *t, const char *key) {
  for (struct answer_entry *e = t->buckets[bucket_of(key)]; e; e = e->next)
    if (strcmp(e->key, key) == 0) return e;
  return NULL;
}

struct answer_entry *answer_table_get(struct answer_table *t, const char *key, size_t size) {
  struct answer_entry *e = answer_table_find(t, key);
  if (e) return e;
  e = xcalloc(1, size);
  e->key = xstrdup(key);
  unsigned b = bucket_of(key);
  e->next = t->buckets[b];
  t->buckets[b] = e;
  return e;
}
