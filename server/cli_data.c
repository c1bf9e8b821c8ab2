/* cli_data.c — database commands: migrate, seed, backup. The backup copies one read snapshot of
 * the database with SQLite's backup API while the server keeps writing, within a time limit, to
 * FILE.partial, flushed and then renamed to FILE: FILE is complete or absent, and no .partial
 * file is left behind on a failure, SIGINT or SIGTERM. A backup is created mode 0600, like the
 * database it copies. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "documents.h"
#include "util.h"

int cli_migrate(const struct cli_args *a) {
  struct db *db = cli_open_db(a);
  int applied = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK) return 1;
  printf("migrations applied: %d\n", applied);
  db_close_thread();
  return 0;
}

/* seed [--sample]: the two real editions, and with --sample also the sample edition "ejemplo"
 * (fictitious data dated from today, open for sign-up). Idempotent. */
int cli_seed(const struct cli_args *a) {
  bool sample = cli_flag(a, "--sample");
  struct db *db = cli_open_db(a);
  int applied = 0, loaded = 0, samples = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK || db_seed(db, &loaded) != ERR_OK || doc_publish_seeded(db) != ERR_OK)
    return 1;
  if (sample && db_seed_sample(db, &samples) != ERR_OK) return 1;
  printf("demo editions loaded: %d\n", loaded);
  if (sample) printf("sample edition loaded: %d (slug: ejemplo)\n", samples);
  db_close_thread();
  return 0;
}

/* Pages copied per backup step (4 MiB at 4 KiB pages): between steps the command checks its
 * time limit and whether it was asked to stop. */
#define BACKUP_STEP_PAGES 1024
#define BACKUP_TIMEOUT_MAX 86400.0

static volatile sig_atomic_t backup_stop_signal; /* SIGINT or SIGTERM received, 0 if none */

static void on_backup_stop(int sig) { backup_stop_signal = sig; }

/* SIGINT and SIGTERM set the flag instead of ending the process, so the partial file is removed. */
static void catch_stop_signals(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_backup_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

static double monotonic_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --timeout: seconds (a decimal number) in (0, BACKUP_TIMEOUT_MAX]; false when malformed. */
static bool parse_timeout(const char *s, double *out) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (!s[0] || *end || errno || !(v > 0 && v <= BACKUP_TIMEOUT_MAX)) return false;
  *out = v;
  return true;
}

/* Flushes a file (or a folder, for a rename in it) to disk. */
static bool fsync_path(const char *path, int flags) {
  int fd = open(path, flags);
  if (fd < 0) return false;
  bool ok = fsync(fd) == 0;
  return close(fd) == 0 && ok;
}

static bool fsync_parent(const char *path) {
  char *copy = xstrdup(path);
  bool ok = fsync_path(dirname(copy), O_RDONLY | O_DIRECTORY);
  free(copy);
  return ok;
}

/* Copies the source's pages into dest inside one read transaction on the source: in WAL mode a
 * reader never blocks the server's writers, and the snapshot it holds stays fixed, so the copy
 * never restarts however often the server commits (a backup whose steps each open their own read
 * restarts on every commit in between, and under steady sign-ups never finishes). The copy holds
 * everything committed before the transaction began. NULL on success, else why it failed. */
static const char *copy_snapshot(sqlite3 *src, sqlite3 *dest, double deadline, double timeout) {
  static char why[160];
  if (sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL) != SQLITE_OK) {
    snprintf(why, sizeof why, "cannot read the database: %s", sqlite3_errmsg(src));
    return why;
  }
  sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
  int rc = b ? SQLITE_OK : sqlite3_errcode(dest);
  while (b && (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)) {
    if (backup_stop_signal) break;
    if (monotonic_seconds() > deadline) break;
    if (rc != SQLITE_OK) sqlite3_sleep(10);
    rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
  }
  if (b && sqlite3_backup_finish(b) != SQLITE_OK && rc == SQLITE_DONE) rc = sqlite3_errcode(dest);
  sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
  if (rc == SQLITE_DONE) return NULL;
  if (backup_stop_signal) snprintf(why, sizeof why, "stopped by signal %d", (int)backup_stop_signal);
  else if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    snprintf(why, sizeof why, "did not finish within the time limit (%g s; --timeout)", timeout);
  else snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
  return why;
}

/* Creates tmp empty, readable by its owner only whatever the umask: a backup holds the editions'
 * signing keys and the password hashes. */
static bool create_private(const char *tmp) {
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = fchmod(fd, 0600) == 0;
  return close(fd) == 0 && ok;
}

/* Writes the copy to tmp (no journal: the file is thrown away unless complete) and flushes it. */
static const char *write_copy(sqlite3 *src, const char *tmp, double deadline, double timeout) {
  sqlite3 *dest = NULL;
  const char *why = NULL;
  if (!create_private(tmp) ||
      sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      sqlite3_exec(dest, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL, NULL) != SQLITE_OK)
    why = "cannot create the output file";
  if (!why) why = copy_snapshot(src, dest, deadline, timeout);
  if (sqlite3_close(dest) != SQLITE_OK && !why) why = "cannot close the output file";
  if (!why && !fsync_path(tmp, O_RDWR)) why = "cannot flush the output file to disk";
  return why;
}

int cli_backup(const struct cli_args *a) {
  const char *out = cli_text(a, "-o"), *path = cli_text(a, "--db");
  double timeout = 0;
  if (!parse_timeout(cli_text(a, "--timeout"), &timeout)) {
    fprintf(stderr, "asamblea: --timeout takes a number of seconds above 0, at most %g\n", BACKUP_TIMEOUT_MAX);
    return 2;
  }
  double deadline = monotonic_seconds() + timeout;
  sqlite3 *src = NULL;
  if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    fprintf(stderr, "asamblea: backup failed: cannot open database %s: %s\n", path, sqlite3_errmsg(src));
    sqlite3_close(src);
    return 1;
  }
  sqlite3_busy_timeout(src, 10000);
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.partial", out);
  catch_stop_signals();
  unlink(tmp);
  const char *why = write_copy(src, tmp, deadline, timeout);
  sqlite3_close(src);
  if (!why && backup_stop_signal) why = "stopped by a signal";
  if (!why && (rename(tmp, out) != 0 || !fsync_parent(out))) why = strerror(errno);
  if (why) {
    unlink(tmp);
    fprintf(stderr, "asamblea: backup failed, nothing written to %s: %s\n", out, why);
    return backup_stop_signal ? 128 + backup_stop_signal : 1;
  }
  printf("backup written to %s\n", out);
  return 0;
}
