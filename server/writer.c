/* writer.c — the group-commit queue and its thread. */
#include "writer.h"

#include <pthread.h>
#include <stdatomic.h>

#include "log.h"

#define MAX_BATCH 128

struct job {
  write_fn *fn;
  void *arg;
  enum err result;
  bool done;
  struct job *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;     /* a job was queued, or stop */
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER; /* a batch was answered */
static struct job *head, *tail;
static bool running, stopping;
static pthread_t thread;
static atomic_ulong batches, writes;

void writer_stats(unsigned long *b, unsigned long *w) {
  *b = atomic_load(&batches);
  *w = atomic_load(&writes);
}

/* Runs one batch in one transaction and answers its jobs. */
static void run_batch(struct db *db, struct job *batch, int n) {
  enum err outer = db ? db_begin(db) : ERR_INTERNAL;
  for (struct job *j = batch; j; j = j->next) {
    j->result = outer == ERR_OK ? j->fn(db, j->arg) : ERR_INTERNAL;
    while (outer == ERR_OK && db_depth(db) > 1) { /* a write left its savepoint open: undo it */
      LOG_BUG("a write left a transaction open");
      db_rollback(db);
      j->result = ERR_INTERNAL;
    }
  }
  if (outer == ERR_OK && db_commit(db) != ERR_OK) {
    LOG_BUG("group commit of %d writes failed", n);
    for (struct job *j = batch; j; j = j->next) j->result = ERR_INTERNAL;
  }
  atomic_fetch_add(&batches, 1);
  atomic_fetch_add(&writes, (unsigned long)n);
  pthread_mutex_lock(&lock);
  for (struct job *j = batch; j; j = j->next) j->done = true;
  pthread_cond_broadcast(&finished);
  pthread_mutex_unlock(&lock);
}

static void *writer_main(void *unused) {
  (void)unused;
  struct db *db = db_thread();
  for (;;) {
    pthread_mutex_lock(&lock);
    while (!head && !stopping) pthread_cond_wait(&work, &lock);
    if (!head && stopping) {
      pthread_mutex_unlock(&lock);
      break;
    }
    struct job *batch = head, *last = head;
    int n = 1;
    while (last->next && n < MAX_BATCH) {
      last = last->next;
      n++;
    }
    head = last->next;
    if (!head) tail = NULL;
    last->next = NULL;
    pthread_mutex_unlock(&lock);
    run_batch(db, batch, n);
  }
  db_close_thread();
  return NULL;
}

bool writer_start(void) {
  stopping = false;
  if (pthread_create(&thread, NULL, writer_main, NULL) != 0) return false;
  running = true;
  return true;
}

void writer_stop(void) {
  if (!running) return;
  pthread_mutex_lock(&lock);
  stopping = true;
  pthread_cond_signal(&work);
  pthread_mutex_unlock(&lock);
  pthread_join(thread, NULL);
  running = false;
}

enum err writer_run(write_fn *fn, void *arg) {
  if (!running) {
    struct db *db = db_thread();
    return db ? fn(db, arg) : ERR_INTERNAL;
  }
  struct job job = {.fn = fn, .arg = arg};
  pthread_mutex_lock(&lock);
  if (tail) tail->next = &job;
  else head = &job;
  tail = &job;
  pthread_cond_signal(&work);
  while (!job.done) pthread_cond_wait(&finished, &lock);
  pthread_mutex_unlock(&lock);
  return job.result;
}
