/* http_file_cache.c — the entries of http_file_cache.h in an answer table (http_answer_table.h),
 * fresh while their files are unchanged; like http_pubcache.c, a hit queues responses built once (no copy, no compression) and a
 * replaced response lives on until its last sender is done. */
#include "http_file_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http_answer_table.h"
#include "util.h"

struct entry {
  struct answer_entry base;
  struct file_set files; /* what the answer was made from */
};

static struct answer_table table = ANSWER_TABLE_INIT;

bool file_set_add(struct file_set *set, const char *path, const struct stat *st) {
  if (set->n >= FILE_CACHE_MAX_FILES || strlen(path) >= sizeof set->path[0]) return false;
  strcpy(set->path[set->n], path);
  set->st[set->n++] = *st;
  return true;
}

static bool same_file(const struct stat *a, const struct stat *b) {
  return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Whether every file of set is still as it was read. */
static bool unchanged(const struct file_set *set) {
  for (int i = 0; i < set->n; i++) {
    struct stat now;
    if (stat(set->path[i], &now) != 0 || !same_file(&now, &set->st[i])) return false;
  }
  return true;
}

bool file_cache_reply(struct req *r, const char *key, enum MHD_Result *ret) {
  pthread_rwlock_rdlock(&table.lock);
  struct entry *e = (struct entry *)answer_table_find(&table, key);
  bool hit = e && e->base.answer.resp[CODING_IDENTITY] && unchanged(&e->files);
  /* queued while the read lock is held, so a concurrent store cannot drop the last reference */
  if (hit) *ret = encoded_reply(r, &e->base.answer);
  pthread_rwlock_unlock(&table.lock);
  return hit;
}

void file_cache_store(const char *key, struct encoded *answer, const struct file_set *files) {
  pthread_rwlock_wrlock(&table.lock);
  struct entry *e = (struct entry *)answer_table_get(&table, key, sizeof *e);
  struct encoded drop = e->base.answer;
  e->base.answer = *answer;
  e->files = *files;
  pthread_rwlock_unlock(&table.lock);
  encoded_free(&drop);
}
