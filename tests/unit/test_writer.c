/* test_writer.c — transactions under faults (server/db.c) and the group commit (server/writer.c).
 * A full disk or an I/O error makes SQLite roll back the whole open transaction on its own; the
 * tests do the same with a bare ROLLBACK on the connection, at a known point. What must hold: a
 * level still open after that never opens a fresh transaction that commits on its own, every
 * level fails and closes, and a batch of the writer that could not commit runs each write again
 * alone, so the healthy writes are stored exactly once and only the faulty one fails. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "writer.h"
#include "temp_db.h"

#define GOOD_WRITES 40

static char db_file[TEMP_DB_PATH_MAX];

static int setup(void **state) {
  (void)state;
  if (!temp_db_create(db_file, "writer")) return -1;
  struct db *db = db_thread();
  return db && db_exec(db, "CREATE TABLE t (x INTEGER PRIMARY KEY)") == ERR_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

static long long rows(void) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db_handle(db_thread()), "SELECT count(*) FROM t", -1, &st, NULL);
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

static enum err insert(struct db *db, long long x) {
  static const char sql[] = "INSERT INTO t(x) VALUES (?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, x);
  return db_run(st);
}

/* What SQLite does to the open transaction on a full disk or an I/O error. */
static void fault(struct db *db) { sqlite3_exec(db_handle(db), "ROLLBACK", NULL, NULL, NULL); }

static void lost_transaction_is_never_continued(void **state) {
  (void)state;
  struct db *db = db_thread();
  assert_int_equal(db_begin(db), ERR_OK); /* a group */
  assert_int_equal(db_begin(db), ERR_OK); /* its first write */
  assert_int_equal(insert(db, 1), ERR_OK);
  fault(db);
  assert_int_equal(db_commit(db), ERR_UNAVAILABLE); /* the first write learns it is gone */
  assert_int_equal(db_depth(db), 1);
  /* the next write of the same group: no fresh transaction in place of the lost one */
  assert_int_not_equal(db_begin(db), ERR_OK);
  assert_true(sqlite3_get_autocommit(db_handle(db)));
  assert_int_equal(db_commit(db), ERR_UNAVAILABLE); /* the group itself */
  assert_int_equal(db_depth(db), 0);
  assert_int_equal(rows(), 0);
  /* and the connection works normally afterwards */
  assert_int_equal(db_begin(db), ERR_OK);
  assert_int_equal(insert(db, 2), ERR_OK);
  assert_int_equal(db_commit(db), ERR_OK);
  assert_int_equal(rows(), 1);
}

static void rollback_after_a_fault_closes_every_level(void **state) {
  (void)state;
  struct db *db = db_thread();
  assert_int_equal(db_begin(db), ERR_OK);
  assert_int_equal(db_begin(db), ERR_OK);
  assert_int_equal(db_begin(db), ERR_OK);
  fault(db);
  db_rollback(db);
  db_rollback(db);
  assert_int_equal(db_depth(db), 1);
  assert_int_equal(db_commit(db), ERR_UNAVAILABLE);
  assert_int_equal(db_depth(db), 0);
  assert_int_equal(db_begin(db), ERR_OK); /* a new transaction starts cleanly */
  db_rollback(db);
}

/* ---- the writer: a batch with one faulty write ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static bool gate_open;
static int answered;
static enum err results[GOOD_WRITES + 2];
static int attempts_of_faulty;

struct write {
  long long x;
  int slot;
};

static void wait_for(bool *flag) {
  pthread_mutex_lock(&mu);
  while (!*flag) pthread_cond_wait(&changed, &mu);
  pthread_mutex_unlock(&mu);
}

/* Holds the writer until every other write is queued, so they form one batch. */
static enum err gate_write(struct db *db, void *arg) {
  (void)db;
  (void)arg;
  wait_for(&gate_open);
  return ERR_OK;
}

/* A write as the db_* functions are written: its own (nested) transaction. */
static enum err good_write(struct db *db, void *arg) {
  const struct write *w = arg;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  if ((e = insert(db, w->x)) != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* A write whose statement meets an I/O error: SQLite rolls back the whole group. */
static enum err faulty_write(struct db *db, void *arg) {
  (void)arg;
  attempts_of_faulty++;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  insert(db, 1000000);
  fault(db);
  db_rollback(db);
  return ERR_UNAVAILABLE;
}

static void done(void *cls, enum err result) {
  const struct write *w = cls;
  pthread_mutex_lock(&mu);
  results[w->slot] = result;
  answered++;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&mu);
}

static void failed_batch_reruns_the_healthy_writes(void **state) {
  (void)state;
  long long before = rows();
  assert_true(writer_start());
  static struct write writes[GOOD_WRITES + 2];
  writes[0] = (struct write){0, 0};
  writer_submit(gate_write, NULL, done, &writes[0]);
  for (int i = 1; i <= GOOD_WRITES + 1; i++) {
    writes[i] = (struct write){100 + i, i};
    bool faulty = i == GOOD_WRITES / 2;
    writer_submit(faulty ? faulty_write : good_write, &writes[i], done, &writes[i]);
  }
  pthread_mutex_lock(&mu);
  gate_open = true;
  pthread_cond_broadcast(&changed);
  while (answered < GOOD_WRITES + 2) pthread_cond_wait(&changed, &mu);
  pthread_mutex_unlock(&mu);
  writer_stop();
  for (int i = 1; i <= GOOD_WRITES + 1; i++)
    assert_int_equal(results[i], i == GOOD_WRITES / 2 ? ERR_UNAVAILABLE : ERR_OK);
  assert_int_equal(attempts_of_faulty, 2); /* in the batch, then alone */
  assert_int_equal(rows(), before + GOOD_WRITES);
  unsigned long batches, writes_done, reruns;
  writer_stats(&batches, &writes_done, &reruns);
  assert_true(reruns >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lost_transaction_is_never_continued),
      cmocka_unit_test(rollback_after_a_fault_closes_every_level),
      cmocka_unit_test(failed_batch_reruns_the_healthy_writes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
