/* test_read_faults.c — reads that fail are errors, never "no such row": the session lookup
 * (a valid staff token must not look logged out), the login's user read, and the check-in reads
 * (client_id replay, first scan, registration lookup, feed, roster, stats) answer ERR_UNAVAILABLE
 * when the disk returns an I/O error. The fault comes from a VFS shim, registered as SQLite's
 * default, that forwards every call to the real VFS and, once armed, fails every read that is not
 * of a file's first bytes (so a transaction still opens: page 1 and the WAL header read fine, and
 * the fault lands in the statement's own pages). Another connection writes and checkpoints first,
 * so that the server's connection must read its pages again instead of using its cache. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "db.h"
#include "db_checkins.h"
#include "db_editions.h"
#include "db_users.h"
#include "temp_db.h"

/* --- the VFS shim --- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static volatile bool reads_fail; /* armed: reads past a file's first bytes fail with SQLITE_IOERR_READ */

struct shim_file {
  sqlite3_file base;
  sqlite3_file *real; /* the real VFS's file, in the same allocation right after this struct */
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int shim_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off) {
  if (reads_fail && off > 0) return SQLITE_IOERR_READ;
  return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}
static int shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off) {
  return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}
static int shim_truncate(sqlite3_file *f, sqlite3_int64 size) { return REAL(f)->pMethods->xTruncate(REAL(f), size); }
static int shim_sync(sqlite3_file *f, int flags) { return REAL(f)->pMethods->xSync(REAL(f), flags); }
static int shim_file_size(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int shim_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int shim_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int shim_check_lock(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int shim_control(sqlite3_file *f, int op, void *arg) {
  return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int shim_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int shim_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int shim_shm_map(sqlite3_file *f, int pg, int size, int extend, void volatile **p) {
  return REAL(f)->pMethods->xShmMap(REAL(f), pg, size, extend, p);
}
static int shim_shm_lock(sqlite3_file *f, int off, int n, int flags) {
  return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void shim_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int shim_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p) {
  *p = NULL; /* no memory-mapped pages: every read goes through shim_read */
  (void)f, (void)off, (void)n;
  return SQLITE_OK;
}
static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) {
  (void)f, (void)off, (void)p;
  return SQLITE_OK;
}

static const sqlite3_io_methods shim_methods = {
    3,
    shim_close,
    shim_read,
    shim_write,
    shim_truncate,
    shim_sync,
    shim_file_size,
    shim_lock,
    shim_unlock,
    shim_check_lock,
    shim_control,
    shim_sector,
    shim_device,
    shim_shm_map,
    shim_shm_lock,
    shim_shm_barrier,
    shim_shm_unmap,
    shim_fetch,
    shim_unfetch,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags) {
  (void)vfs;
  struct shim_file *s = (struct shim_file *)f;
  s->real = (sqlite3_file *)(s + 1);
  int rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out_flags);
  s->base.pMethods = s->real->pMethods ? &shim_methods : NULL;
  return rc;
}

static void install_shim(void) {
  real_vfs = sqlite3_vfs_find(NULL);
  shim_vfs = *real_vfs;
  shim_vfs.zName = "read-faults";
  shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
  shim_vfs.xOpen = shim_open;
  sqlite3_vfs_register(&shim_vfs, 1);
}

/* --- the database --- */

static char db_file[TEMP_DB_PATH_MAX];
static long long staff_id;
static const unsigned char staff_token[32] = {0x5A, 0x5A, 0x5A};

static struct db *db(void) {
  struct db *d = db_thread();
  assert_non_null(d);
  return d;
}

static void exec_other_connection(const char *sql) {
  sqlite3 *h = NULL;
  assert_int_equal(sqlite3_open_v2(db_file, &h, SQLITE_OPEN_READWRITE, real_vfs->zName), SQLITE_OK);
  sqlite3_busy_timeout(h, 5000);
  char *msg = NULL;
  if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
  sqlite3_close(h);
}

/* Another connection changes the file and checkpoints it, so that this thread's connection must
 * read its pages again; from then on those reads fail. */
static void fail_reads(void) {
  static int version = 100;
  char sql[120];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA wal_checkpoint(TRUNCATE);", ++version);
  exec_other_connection(sql);
  reads_fail = true;
}

static int setup(void **state) {
  (void)state;
  install_shim();
  if (!auth_init()) return -1;
  if (!temp_db_create(db_file, "unit")) return -1;
  int applied, loaded;
  if (!db_thread() || db_migrate(db_thread(), &applied) != ERR_OK || db_seed(db_thread(), &loaded) != ERR_OK) return -1;
  if (db_users_create(db_thread(), "puerta@test.ec", "Puerta", ROLE_STAFF, "$argon2id$x", 0, &staff_id) != ERR_OK)
    return -1;
  struct session_clock now;
  session_clock_now(&now);
  return db_auth_session_create(db_thread(), staff_id, staff_token, &now, SESSION_SECONDS) == ERR_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

static int heal(void **state) {
  (void)state;
  reads_fail = false;
  return 0;
}

static struct edition pastaza(void) {
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), "pastaza-2025", &ed), ERR_OK);
  return ed;
}

/* --- the tests --- */

static void test_session_lookup(void **state) {
  (void)state;
  struct session_clock now;
  session_clock_now(&now);
  struct user u;
  assert_int_equal(db_auth_session_lookup(db(), staff_token, &now, &u), ERR_OK);
  assert_int_equal(u.id, staff_id);
  fail_reads();
  session_clock_now(&now);
  enum err e = db_auth_session_lookup(db(), staff_token, &now, &u);
  if (e == ERR_NOT_FOUND) fail_msg("a read fault made a live staff session look unknown (401 at the door)");
  assert_int_equal(e, ERR_UNAVAILABLE);
  reads_fail = false;
  assert_int_equal(db_auth_session_lookup(db(), staff_token, &now, &u), ERR_OK);
}

static void test_login_user_read(void **state) {
  (void)state;
  struct user u;
  char hash[200];
  fail_reads();
  enum err e = db_users_by_email(db(), "puerta@test.ec", &u, hash, sizeof hash);
  if (e == ERR_NOT_FOUND) fail_msg("a read fault made a known account look unknown (a wrong password)");
  assert_int_equal(e, ERR_UNAVAILABLE);
}

static void test_checkin_reads(void **state) {
  (void)state;
  struct edition ed = pastaza();
  cJSON *out = NULL;
  fail_reads();
  assert_int_equal(db_checkins_since(db(), &ed, 0, 50, &out, &(long long){0}), ERR_UNAVAILABLE);
  assert_null(out);
  fail_reads();
  assert_int_equal(db_checkins_roster(db(), &ed, &out), ERR_UNAVAILABLE);
  assert_null(out);
  fail_reads();
  assert_int_equal(db_checkins_stats(db(), &ed, &out), ERR_UNAVAILABLE);
  assert_null(out);
  unsigned char pk[32];
  char key_id[17];
  fail_reads();
  assert_int_equal(db_badge_keys(db(), ed.id, pk, NULL, key_id), ERR_UNAVAILABLE);
}

/* A scan whose reads fail inside its transaction answers 503, leaves no transaction open and
 * records nothing; the same scan, once the disk is back, is answered as usual. */
static void test_checkin_scan(void **state) {
  (void)state;
  struct edition ed = pastaza();
  struct checkin_input in = {.code = "ZZZZZZ", .client_id = "tel-1:0001", .device = "tel-1"};
  cJSON *out = NULL;
  struct verror ve;
  fail_reads();
  enum err e = db_checkins_record(db(), &ed, &in, &out, &ve);
  reads_fail = false;
  cJSON_Delete(out);
  if (e == ERR_NOT_FOUND || e == ERR_OK) fail_msg("a read fault answered the scan as if it had read (%d)", (int)e);
  assert_int_equal(e, ERR_UNAVAILABLE);
  assert_int_equal(db_depth(db()), 0);
  /* and with the disk back, the same scan is answered and recorded once */
  assert_int_equal(db_checkins_record(db(), &ed, &in, &out, &ve), ERR_NOT_FOUND);
  cJSON_Delete(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(test_session_lookup, heal),
      cmocka_unit_test_teardown(test_login_user_read, heal),
      cmocka_unit_test_teardown(test_checkin_reads, heal),
      cmocka_unit_test_teardown(test_checkin_scan, heal),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
