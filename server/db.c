/* db.c — connections, the statement cache, transactions, migrations and seeds.
 * Every connection: WAL, synchronous=FULL (a 201 means the row is on disk), foreign keys on,
 * secure_delete (deleted and overwritten content is zeroed, not left in free space), a busy
 * timeout, a 512 KiB page cache (its only memory bound; the writer's is larger), and the fold()
 * and sort_es() SQL functions used by the search columns and Spanish ordering. The database and
 * its -wal and -shm files are readable by their owner only (SQLite gives -wal and -shm the
 * database's mode). */
#include "db.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_editions.h"
#include "db_outbox.h"
#include "embedded.h"
#include "log.h"
#include "text.h"
#include "util.h"

#define STMT_SLOTS 256        /* open-addressing table; far more than the statements the server has */
#define STMT_JOURNAL_KIB 1024 /* a savepoint's sub-journal kept in memory up to this (db_configure) */
#define DB_CACHE_KIB 512      /* page cache per connection (SQLite's default is 2000); the writer's: db_cache_kib */
#define BUSY_TIMEOUT_MS 10000 /* how long a write waits for another's lock before 503 */

struct stmt_slot {
  const char *sql; /* key: address of the static SQL string */
  sqlite3_stmt *st;
};

struct db {
  sqlite3 *h;
  struct stmt_slot slots[STMT_SLOTS];
  bool content_dirty; /* the open transaction changed public content */
  int depth;          /* open transaction levels: 0 none, 1 BEGIN, more: nested savepoints */
  bool lost;          /* SQLite rolled the open transaction back on its own; the levels still open fail */
  bool outbox_added;  /* the open transaction queued messages */
};

static atomic_ulong content_generation = 1;
static atomic_bool write_failing; /* the last write hit a full disk or an I/O error */
static void (*_Atomic outbox_listener)(void);

void db_set_outbox_listener(void (*listener)(void)) { atomic_store(&outbox_listener, listener); }

bool db_write_failing(void) { return atomic_load(&write_failing); }

unsigned long db_content_generation(void) { return atomic_load(&content_generation); }

/* Tables whose rows make up public answers (cached by http_pubcache.c). */
static bool is_content_table(const char *table) {
  static const char *const tables[] = {"editions",
                                       "rooms",
                                       "organizations",
                                       "people",
                                       "person_photos",
                                       "sessions",
                                       "session_participants",
                                       "cancelled_sessions",
                                       "proceedings_items",
                                       "proceedings_versions",
                                       "proceedings_version_translations",
                                       "credits"};
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
    if (strcmp(table, tables[i]) == 0) return true;
  return false;
}

static void on_update(void *arg, int op, const char *dbname, const char *table, sqlite3_int64 rowid) {
  (void)dbname;
  (void)rowid;
  struct db *db = arg;
  if (is_content_table(table)) db->content_dirty = true;
  if (op == SQLITE_INSERT && strcmp(table, "outbox") == 0) db->outbox_added = true;
}

static void on_rollback(void *arg) {
  struct db *db = arg;
  db->content_dirty = false;
  db->outbox_added = false;
}

/* Called by SQLite after each commit reaches the WAL: the change is durable and visible now. It
 * replaces the default auto-checkpoint hook, so it also checkpoints past 1000 pages as that one does. */
static int on_wal_commit(void *arg, sqlite3 *h, const char *dbname, int pages) {
  struct db *db = arg;
  atomic_store(&write_failing, false);
  if (db->content_dirty) {
    atomic_fetch_add(&content_generation, 1);
    db->content_dirty = false;
  }
  void (*listener)(void) = atomic_load(&outbox_listener);
  if (db->outbox_added && listener) listener();
  db->outbox_added = false;
  if (pages >= 1000) sqlite3_wal_checkpoint_v2(h, dbname, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

static char *db_path;
static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void db_free(void *p) {
  struct db *db = p;
  if (!db) return;
  for (size_t i = 0; i < STMT_SLOTS; i++)
    if (db->slots[i].st) sqlite3_finalize(db->slots[i].st);
  sqlite3_close(db->h);
  free(db);
}

static void make_key(void) { pthread_key_create(&thread_key, db_free); }

/* Takes group and other permissions off the database and its -wal and -shm files, should they
 * exist with them (made by an older version): SQLite creates -wal and -shm with the database's
 * mode, and they hold the editions' signing keys and the password hashes. */
static void make_private(const char *path) {
  const char *suffixes[] = {"", "-wal", "-shm"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char *file = xasprintf("%s%s", path, suffixes[i]);
    struct stat st;
    if (stat(file, &st) == 0 && (st.st_mode & 077) && chmod(file, st.st_mode & 0700) != 0)
      LOG_INFO("cannot make %s private: %s", file, strerror(errno));
    free(file);
  }
}

void db_configure(const char *path) {
  free(db_path);
  db_path = xstrdup(path);
  make_private(path);
  pthread_once(&key_once, make_key);
  /* No memory statistics: they take one process-wide mutex around every SQLite allocation, and
   * with the writer and the request threads allocating at once, waiting on it was a fifth of a
   * sign-up's CPU (futex calls in the profile; bench/RESULTS.md). They are also what a soft heap
   * limit needs, so each connection's page cache is bounded by its cache_size alone (DB_CACHE_KIB).
   * Must come before SQLite initializes: the first connection is opened after this. */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  /* Each write job of a group commit runs in a savepoint, whose sub-journal keeps the pages the
   * job changes (about 60 KiB for a sign-up): past SQLite's 64 KiB default it spilled to a file
   * in /var/tmp, and the writes to it were two thirds of the bytes a sign-up wrote. Kept in
   * memory up to STMT_JOURNAL_KIB (a large import spills past it); it only ever serves to undo a
   * job within its open transaction, so durability does not depend on it. */
  sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_KIB * 1024);
}

static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const unsigned char *s = sqlite3_value_text(argv[0]);
  if (!s) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_text(ctx, text_fold((const char *)s), -1, free);
}

static void sql_sort_key_es(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const unsigned char *s = sqlite3_value_text(argv[0]);
  if (!s) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_text(ctx, text_sort_key_es((const char *)s), -1, free);
}

static struct db *db_open(const char *path) {
  sqlite3 *h = NULL;
  int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    LOG_BUG("cannot open database %s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
    sqlite3_close(h);
    return NULL;
  }
  sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(h, 1);
  char *msg = NULL;
  char setup[160];
  snprintf(setup, sizeof setup,
           "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-%d;"
           " PRAGMA secure_delete=ON;",
           DB_CACHE_KIB);
  if (sqlite3_exec(h, setup, NULL, NULL, &msg) != SQLITE_OK) {
    LOG_BUG("database setup failed: %s", msg);
    sqlite3_free(msg);
    sqlite3_close(h);
    return NULL;
  }
  sqlite3_create_function(h, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold, NULL,
                          NULL);
  sqlite3_create_function(h, "sort_es", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_sort_key_es,
                          NULL, NULL);
  struct db *db = xcalloc(1, sizeof *db);
  db->h = h;
  sqlite3_update_hook(h, on_update, db);
  sqlite3_rollback_hook(h, on_rollback, db);
  sqlite3_wal_hook(h, on_wal_commit, db);
  return db;
}

struct db *db_thread(void) {
  pthread_once(&key_once, make_key);
  struct db *db = pthread_getspecific(thread_key);
  if (db) return db;
  if (!db_path) {
    LOG_BUG("db_thread() before db_configure()");
    return NULL;
  }
  db = db_open(db_path);
  if (db) pthread_setspecific(thread_key, db);
  return db;
}

void db_close_thread(void) {
  pthread_once(&key_once, make_key);
  struct db *db = pthread_getspecific(thread_key);
  pthread_setspecific(thread_key, NULL);
  db_free(db);
}

void db_cache_kib(struct db *db, int kib) {
  char pragma[48];
  snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", kib);
  if (sqlite3_exec(db->h, pragma, NULL, NULL, NULL) != SQLITE_OK) LOG_BUG("%s: %s", pragma, sqlite3_errmsg(db->h));
}

sqlite3 *db_handle(struct db *db) { return db->h; }

sqlite3_stmt *db_stmt(struct db *db, const char *sql) {
  size_t i = ((uintptr_t)sql >> 3) % STMT_SLOTS;
  for (size_t n = 0; n < STMT_SLOTS; n++, i = (i + 1) % STMT_SLOTS) {
    struct stmt_slot *s = &db->slots[i];
    if (s->sql == sql) {
      sqlite3_reset(s->st);
      sqlite3_clear_bindings(s->st);
      return s->st;
    }
    if (!s->sql) {
      if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
        LOG_BUG("prepare failed: %s in: %.80s", sqlite3_errmsg(db->h), sql);
        s->st = NULL;
        return NULL;
      }
      s->sql = sql;
      return s->st;
    }
  }
  LOG_BUG("statement cache full");
  return NULL;
}

void db_reset(sqlite3_stmt *st) {
  if (st) sqlite3_reset(st);
}

enum err db_error(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_FULL:
    case SQLITE_IOERR: atomic_store(&write_failing, true); return ERR_UNAVAILABLE;
    case SQLITE_CORRUPT: /* also what a failed read of a page looks like; logged as a bug by the caller */
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL: return ERR_UNAVAILABLE;
    default: return ERR_INTERNAL;
  }
}

int db_step(sqlite3_stmt *st, enum err *e) {
  if (!st) {
    *e = ERR_INTERNAL;
    return 0;
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return rc;
  LOG_BUG("step failed: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
  *e = db_error(rc);
  return 0;
}

enum err db_run(sqlite3_stmt *st) {
  if (!st) return ERR_INTERNAL;
  int rc = sqlite3_step(st);
  enum err e = ERR_OK;
  if ((rc & 0xFF) == SQLITE_CONSTRAINT) e = ERR_CONFLICT;
  else if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    LOG_BUG("step failed: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
    e = db_error(rc);
  }
  sqlite3_reset(st);
  return e;
}

void db_bind_text(sqlite3_stmt *st, int idx, const char *s) {
  if (s) sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, idx);
}

const char *db_col_text(sqlite3_stmt *st, int col) {
  const unsigned char *t = sqlite3_column_text(st, col);
  return t ? (const char *)t : "";
}

enum err db_exec(struct db *db, const char *sql) {
  char *msg = NULL;
  int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    LOG_BUG("exec failed: %s", msg ? msg : "?");
    sqlite3_free(msg);
    return db_error(rc);
  }
  return ERR_OK;
}

bool db_ping(struct db *db) {
  static const char sql[] = "SELECT count(*) FROM schema_migrations";
  enum err e = ERR_OK;
  sqlite3_stmt *st = db ? db_stmt(db, sql) : NULL;
  bool ok = st && db_step(st, &e) == SQLITE_ROW;
  db_reset(st);
  return ok;
}

bool db_writable(struct db *db) {
  static const char sql[] =
      "INSERT OR REPLACE INTO health_probe(id, probed_at, pad)"
      " VALUES (1, strftime('%Y-%m-%dT%H:%M:%SZ','now'), zeroblob(65536))";
  if (!atomic_load(&write_failing)) return true;
  if (!db || db->depth) return false;
  sqlite3_busy_timeout(db->h, 200);
  enum err e = db_begin(db);
  if (e == ERR_OK) {
    e = db_run(db_stmt(db, sql));
    if (e == ERR_OK) e = db_commit(db);
    else db_rollback(db);
  }
  sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
  return e == ERR_OK;
}

bool db_checkpoint_truncate(struct db *db, int wait_ms) {
  if (!db || db->depth) return false;
  sqlite3_busy_timeout(db->h, wait_ms);
  int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK) LOG_INFO("WAL checkpoint (truncate) not done: %s", sqlite3_errstr(rc));
  return rc == SQLITE_OK;
}

/* True once SQLite has rolled back the open transaction on its own (a full disk or an I/O error
 * does that to the whole transaction, savepoints included). From then on the levels still open
 * only fail and close: a SAVEPOINT now would open a fresh transaction that its RELEASE commits,
 * outside the group that the caller believes it is part of. */
static bool tx_lost(struct db *db) {
  if (db->depth > 0 && !db->lost && sqlite3_get_autocommit(db->h)) {
    LOG_INFO("the transaction was rolled back by SQLite (%d levels open)", db->depth);
    db->lost = true;
  }
  return db->lost;
}

/* Transactions nest: inside an open one (the writer's group transaction) they become savepoints,
 * so a write function is the same code whether it commits alone or as part of a batch. */
enum err db_begin(struct db *db) {
  if (tx_lost(db)) return ERR_UNAVAILABLE;
  enum err e = db_exec(db, db->depth ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
  if (e == ERR_OK) db->depth++;
  return e;
}

enum err db_commit(struct db *db) {
  if (db->depth == 0) return ERR_INTERNAL;
  enum err e = tx_lost(db) ? ERR_UNAVAILABLE : db_exec(db, db->depth > 1 ? "RELEASE nested" : "COMMIT");
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  db->depth--;
  return ERR_OK;
}

int db_depth(const struct db *db) { return db->depth; }

bool db_thread_idle(void) {
  pthread_once(&key_once, make_key);
  const struct db *db = pthread_getspecific(thread_key);
  return !db || (db->depth == 0 && sqlite3_get_autocommit(db->h));
}

void db_rollback(struct db *db) {
  if (db->depth == 0) return;
  if (!tx_lost(db)) {
    if (db->depth > 1) sqlite3_exec(db->h, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
    else sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
  }
  if (--db->depth == 0) db->lost = false;
}

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* "sql/012_name.sql" → 12; -1 if the name is not a migration. */
static int migration_version(const char *name) {
  if (!starts_with(name, "sql/") || strchr(name + 4, '/')) return -1;
  int v;
  return sscanf(name + 4, "%d_", &v) == 1 ? v : -1;
}

static bool migration_applied(struct db *db, int version) {
  static const char sql[] = "SELECT 1 FROM schema_migrations WHERE version = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return false;
  sqlite3_bind_int(st, 1, version);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  return found;
}

/* Runs one migration's SQL and records it in schema_migrations, inside the caller's transaction. */
static enum err apply_migration(struct db *db, const struct embedded_file *f, int version) {
  static const char record[] = "INSERT INTO schema_migrations(version, name) VALUES (?, ?)";
  sqlite3_stmt *st;
  if (db_exec(db, f->data) != ERR_OK || !(st = db_stmt(db, record))) {
    LOG_BUG("migration %s failed", f->name);
    return ERR_INTERNAL;
  }
  sqlite3_bind_int(st, 1, version);
  db_bind_text(st, 2, f->name + 4);
  return db_run(st);
}

enum err db_migrate_files(struct db *db, const struct embedded_file *files, size_t count, int *applied) {
  *applied = 0;
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = db_exec(db,
              "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
              " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
  int done = 0;
  for (size_t i = 0; e == ERR_OK && i < count; i++) {
    int version = migration_version(files[i].name);
    if (version < 0 || migration_applied(db, version)) continue;
    e = apply_migration(db, &files[i], version);
    if (e == ERR_OK) done++;
  }
  if (e != ERR_OK) {
    db_rollback(db); /* every step of this run, not only the failed one: the file is as it was */
    return ERR_INTERNAL;
  }
  if ((e = db_commit(db)) != ERR_OK) return e;
  *applied = done;
  return ERR_OK;
}

enum err db_migrate(struct db *db, int *applied) {
  enum err e = db_migrate_files(db, embedded_files, embedded_files_count, applied);
  if (e != ERR_OK) return e;
  int sealed = 0; /* what SQL cannot do: outbox bodies queued before 011 are sealed with the key */
  e = db_outbox_seal_plain(db, &sealed);
  if (e == ERR_OK && sealed > 0) db_checkpoint_truncate(db, 1000); /* their clear copies leave the WAL */
  return e;
}

/* A seeded edition is published as it was written: its sessions start at revision 0, not at the
 * count of participants the seed added one by one (sql/018). */
static enum err seed_unrevised(struct db *db, const char *slug) {
  static const char sql[] =
      "UPDATE sessions SET sequence = 0 WHERE edition_id = (SELECT id FROM editions WHERE slug = ?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, slug);
  return db_run(st);
}

static bool edition_exists(struct db *db, const char *slug) {
  static const char sql[] = "SELECT 1 FROM editions WHERE slug = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return false;
  db_bind_text(st, 1, slug);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  return found;
}

/* Loads each embedded file under folder (one edition per file, named by its slug) whose edition
 * does not exist yet, each in its own transaction; *loaded counts them. */
static enum err seed_folder(struct db *db, const char *folder, int *loaded) {
  *loaded = 0;
  for (size_t i = 0; i < embedded_files_count; i++) {
    const struct embedded_file *f = &embedded_files[i];
    if (!starts_with(f->name, folder)) continue;
    const char *base = f->name + strlen(folder);
    const char *dot = strrchr(base, '.');
    char slug[80];
    snprintf(slug, sizeof slug, "%.*s", (int)(dot ? dot - base : (long)strlen(base)), base);
    enum err began = db_begin(db);
    if (began != ERR_OK) return began;
    if (edition_exists(db, slug)) {
      db_rollback(db);
      continue;
    }
    if (db_exec(db, f->data) != ERR_OK || seed_unrevised(db, slug) != ERR_OK || db_editions_ensure_keys(db) != ERR_OK ||
        db_commit(db) != ERR_OK) {
      db_rollback(db);
      LOG_BUG("seed %s failed", f->name);
      return ERR_INTERNAL;
    }
    (*loaded)++;
  }
  return ERR_OK;
}

enum err db_seed(struct db *db, int *loaded) { return seed_folder(db, "sql/seed/", loaded); }

enum err db_seed_sample(struct db *db, int *loaded) { return seed_folder(db, "sql/sample/", loaded); }
