/* writer.c — the group-commit queue and its thread (see writer.h). */
#include "writer.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "log.h"
#include "util.h"

#define MAX_BATCH 128
#define WRITER_CACHE_KIB 1024 /* page cache of the writer's connection: its batches dirty pages all over the indexes */

struct job {
  write_fn *fn;
  void *arg;
  write_done_fn *done_fn; /* NULL: a waiting writer_run, woken through `done` */
  void *done_cls;
  enum err result;
  bool done;
  struct job *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;     /* a job was queued, or stop */
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER; /* a batch was answered */
static struct job *head, *tail;
static bool stopping;
static atomic_bool running;
static pthread_t thread;
static atomic_ulong batches, writes, reruns;

void writer_stats(unsigned long *b, unsigned long *w, unsigned long *r) {
  *b = atomic_load(&batches);
  *w = atomic_load(&writes);
  *r = atomic_load(&reruns);
}

bool writer_running(void) { return atomic_load(&running); }

/* Runs one job inside whatever transaction is open, undoing a savepoint it left open. */
static enum err run_job(struct db *db, struct job *j) {
  int depth = db_depth(db);
  enum err e = j->fn(db, j->arg);
  while (db_depth(db) > depth) {
    LOG_BUG("a write left a transaction open");
    db_rollback(db);
    e = ERR_INTERNAL;
  }
  return e;
}

/* Runs the batch in one transaction. False when it did not commit: then nothing of it is on
 * disk and the jobs' results do not hold. */
static bool run_group(struct db *db, struct job *batch) {
  enum err began = db_begin(db);
  if (began != ERR_OK) { /* nothing ran: every job answers the fault */
    for (struct job *j = batch; j; j = j->next) j->result = began;
    return true;
  }
  for (struct job *j = batch; j; j = j->next) j->result = run_job(db, j);
  if (db_commit(db) == ERR_OK) return true;
  LOG_BUG("group commit failed: its writes run again one by one");
  return false;
}

/* Runs one job in a transaction of its own. */
static enum err run_alone(struct db *db, struct job *j) {
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = run_job(db, j);
  enum err committed = db_commit(db);
  return committed != ERR_OK ? committed : e;
}

/* Answers the jobs of a batch: callbacks first (they may free their job), then the waiters. */
static void answer(struct job *batch) {
  pthread_mutex_lock(&lock);
  for (struct job *j = batch, *next; j; j = next) {
    next = j->next;
    if (j->done_fn) {
      pthread_mutex_unlock(&lock);
      j->done_fn(j->done_cls, j->result);
      free(j);
      pthread_mutex_lock(&lock);
    } else {
      j->done = true;
    }
  }
  pthread_cond_broadcast(&finished);
  pthread_mutex_unlock(&lock);
}

static void run_batch(struct db *db, struct job *batch, int n) {
  if (!db) {
    for (struct job *j = batch; j; j = j->next) j->result = ERR_UNAVAILABLE;
  } else if (!run_group(db, batch)) {
    atomic_fetch_add(&reruns, 1);
    for (struct job *j = batch; j; j = j->next) j->result = run_alone(db, j);
  }
  assert(!db || db_depth(db) == 0);
  atomic_fetch_add(&batches, 1);
  atomic_fetch_add(&writes, (unsigned long)n);
  answer(batch);
}

static void *writer_main(void *unused) {
  (void)unused;
  struct db *db = db_thread();
  if (db) db_cache_kib(db, WRITER_CACHE_KIB);
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
  atomic_store(&running, true);
  return true;
}

void writer_stop(void) {
  if (!atomic_load(&running)) return;
  pthread_mutex_lock(&lock);
  stopping = true;
  pthread_cond_signal(&work);
  pthread_mutex_unlock(&lock);
  pthread_join(thread, NULL);
  atomic_store(&running, false);
}

static void enqueue(struct job *job) {
  if (tail) tail->next = job;
  else head = job;
  tail = job;
  pthread_cond_signal(&work);
}

void writer_submit(write_fn *fn, void *arg, write_done_fn *done, void *cls) {
  assert(atomic_load(&running));
  struct job *job = xcalloc(1, sizeof *job);
  *job = (struct job){.fn = fn, .arg = arg, .done_fn = done, .done_cls = cls};
  pthread_mutex_lock(&lock);
  enqueue(job);
  pthread_mutex_unlock(&lock);
}

enum err writer_run(write_fn *fn, void *arg) {
  if (!atomic_load(&running)) {
    struct db *db = db_thread();
    return db ? fn(db, arg) : ERR_UNAVAILABLE;
  }
  struct job job = {.fn = fn, .arg = arg};
  pthread_mutex_lock(&lock);
  enqueue(&job);
  while (!job.done) pthread_cond_wait(&finished, &lock);
  pthread_mutex_unlock(&lock);
  return job.result;
}
