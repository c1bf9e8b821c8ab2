/* cli_data.c — database commands: migrate, seed, backup (SQLite's online backup API, so the
 * copy is consistent even while the server writes). */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "documents.h"

int cli_migrate(int argc, char **argv) {
  struct db *db = cli_open_db(argc, argv);
  int applied = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK) return 1;
  printf("migrations applied: %d\n", applied);
  db_close_thread();
  return 0;
}

int cli_seed(int argc, char **argv) {
  struct db *db = cli_open_db(argc, argv);
  int applied = 0, loaded = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK || db_seed(db, &loaded) != ERR_OK || doc_publish_seeded(db) != ERR_OK)
    return 1;
  printf("demo editions loaded: %d\n", loaded);
  db_close_thread();
  return 0;
}

int cli_backup(int argc, char **argv) {
  const char *out = cli_opt(argc, argv, "-o", NULL);
  if (!out) {
    fputs("usage: asamblea backup -o FILE [--db PATH]\n", stderr);
    return 2;
  }
  struct db *db = cli_open_db(argc, argv);
  if (!db) return 1;
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.partial", out);
  unlink(tmp);
  sqlite3 *dest = NULL;
  int rc = sqlite3_open(tmp, &dest);
  sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dest, "main", db_handle(db), "main") : NULL;
  if (b) {
    do {
      rc = sqlite3_backup_step(b, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
  }
  bool ok = b && rc == SQLITE_DONE && sqlite3_errcode(dest) == SQLITE_OK;
  if (!ok) fprintf(stderr, "asamblea: backup failed: %s\n", dest ? sqlite3_errmsg(dest) : "cannot open output");
  sqlite3_close(dest);
  db_close_thread();
  if (!ok || rename(tmp, out) != 0) {
    unlink(tmp);
    return 1;
  }
  printf("backup written to %s\n", out);
  return 0;
}
