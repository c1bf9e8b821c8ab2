/* db.h — the SQLite layer every db_<resource>.c builds on: one connection per thread (opened on
 * first use, closed when the thread ends), statements prepared once per connection and cached,
 * transactions, migrations and seeds embedded in the binary. */
#ifndef ASAMBLEA_DB_H
#define ASAMBLEA_DB_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "errors.h"

struct db;

/* Sets the database file that db_thread() opens; call once before any use. */
void db_configure(const char *path);
/* This thread's connection, opened on first use; NULL (logged) if the file cannot be opened. */
struct db *db_thread(void);
/* Closes this thread's connection now (the main thread calls it before exit). */
void db_close_thread(void);
/* Sets db's page cache to kib KiB: a connection opens with 512 KiB, enough for the few pages a
 * request reads; the writer, whose batches dirty pages all over the indexes, asks for more. */
void db_cache_kib(struct db *db, int kib);
sqlite3 *db_handle(struct db *db);

/* The prepared statement for sql, cached per connection by the address of the string — pass a
 * static string. It comes reset with no bindings. Callers reset it when done (db_reset) so that
 * no read snapshot stays open. NULL (logged) if preparing fails. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);
void db_reset(sqlite3_stmt *st);
/* Steps a statement that returns no rows and resets it: ERR_OK, ERR_CONFLICT on a constraint, or
 * the db_error() of the failure. */
enum err db_run(sqlite3_stmt *st);
/* What a failed SQLite result code means to a client: ERR_UNAVAILABLE when the database cannot
 * be read or written right now and a retry may succeed (disk full, I/O error, lock timeout, out of
 * memory, and "malformed", which is also how a page that failed to read looks: 503 with
 * Retry-After), ERR_INTERNAL for anything else (a bug). */
enum err db_error(int rc);
/* Steps st once: SQLITE_ROW or SQLITE_DONE; on any failure logs it, sets *e to its db_error()
 * and returns 0, so that a read that fails is never mistaken for "no such row". */
int db_step(sqlite3_stmt *st, enum err *e);
/* The last write failure of any connection that means the disk cannot take writes (full or
 * I/O error), cleared by the next successful commit: /healthz answers 503 while it is set. */
bool db_write_failing(void);
/* True when the database answers a read. */
bool db_ping(struct db *db);
/* Whether the database takes writes: while db_write_failing(), one small write (a row of its own,
 * waiting at most a fraction of a second for the lock) finds out whether the disk is back. */
bool db_writable(struct db *db);
/* Copies the whole WAL into the database and truncates it to zero bytes, so that the old versions
 * of rows it held (data just erased) are gone from disk; outside a transaction only. Waits at most
 * wait_ms for writers and for readers of older snapshots; false (logged) if it could not finish,
 * then the WAL is truncated by a later checkpoint. */
bool db_checkpoint_truncate(struct db *db, int wait_ms);

/* Binds text; NULL binds SQL NULL. The string must live until the statement is reset. */
void db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Column text, "" for NULL. */
const char *db_col_text(sqlite3_stmt *st, int col);

/* BEGIN IMMEDIATE (takes the write lock now; see LIBNOTES §5), COMMIT, ROLLBACK. Inside an open
 * transaction they nest as savepoints. When SQLite rolls the whole transaction back on its own (an
 * I/O error or a full disk does that), every level still open fails from then on (ERR_UNAVAILABLE)
 * and nothing starts a fresh transaction in its place; the levels close one by one as usual. */
enum err db_begin(struct db *db);
enum err db_commit(struct db *db);
void db_rollback(struct db *db);
/* Open transaction levels (0: none). */
int db_depth(const struct db *db);
/* True when this thread holds no open transaction: it has no database yet, or its connection is
 * at depth 0 and in SQLite's autocommit mode. Checked when each request ends. */
bool db_thread_idle(void);

/* Applies the embedded migrations not yet recorded, all in one transaction, then seals outbox
 * bodies an older version left in clear; *applied counts the migrations. */
enum err db_migrate(struct db *db, int *applied);
/* The migration step of db_migrate over a list of files ("sql/NNN_name.sql"; other names are
 * skipped): every pending one, in list order, in one transaction. If any fails, all of this run
 * is rolled back, so the database keeps the schema and data it had, and *applied is 0. */
struct embedded_file;
enum err db_migrate_files(struct db *db, const struct embedded_file *files, size_t count, int *applied);
/* Loads each embedded seed whose edition slug is absent; *loaded counts them. */
enum err db_seed(struct db *db, int *loaded);
/* Loads the sample edition (sql/sample/: "ejemplo", fictitious data dated from today) unless it
 * exists; *loaded is 1 when it was added now. */
enum err db_seed_sample(struct db *db, int *loaded);
/* A number that grows after every committed change to the public content (editions,
 * programme, people, proceedings): caches of public answers compare it to know they are stale.
 * Bumped from SQLite's hooks, so no write path can forget it. */
unsigned long db_content_generation(void);

/* Called on the committing thread after every commit that added outbox rows, once they are
 * durable and visible (serve sets it to wake the mailer). */
void db_set_outbox_listener(void (*listener)(void));

/* Runs sql (several statements) in the current transaction. */
enum err db_exec(struct db *db, const char *sql);

#endif
