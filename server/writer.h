/* writer.h — group commit for the busiest durable writes (sign-ups, check-ins, changes to a
 * registration): requests hand their write to one writer thread, which runs every write waiting
 * at that moment inside one transaction (each in its own savepoint, so one failing write undoes
 * only itself), commits once with one fsync, and only then answers each request. Every 201/200
 * is still on disk; the rules stay exact because the writes run one after another inside the
 * transaction.
 *
 * When the group cannot commit (a full disk or an I/O error makes SQLite roll the whole
 * transaction back), no write of it is on disk, so the writer runs each of them again alone, in
 * its own transaction: the healthy ones still succeed, and a fault answers only the write that
 * met it. Each write is therefore all or nothing, together with the rows it adds (outbox,
 * audit). A write function must be safe to run again after a rollback. */
#ifndef ASAMBLEA_WRITER_H
#define ASAMBLEA_WRITER_H
#include <stdbool.h>

#include "db.h"

typedef enum err write_fn(struct db *db, void *arg);
/* Called on the writer thread once the write's fate is known (committed or not). */
typedef void write_done_fn(void *cls, enum err result);

/* Starts the writer thread (serve). Without it, writer_run runs the write at once on the
 * caller's connection (commands, tests). */
bool writer_start(void);
/* Finishes the writes already queued, then stops the thread. */
void writer_stop(void);
bool writer_running(void);
/* Runs fn(db, arg) as part of a group transaction and returns after that transaction committed:
 * fn's own result, or the error that kept it off the disk (then nothing of fn is on disk). */
enum err writer_run(write_fn *fn, void *arg);
/* The same without waiting: queues fn and returns; done(cls, result) is called on the writer
 * thread after the commit. Only while the writer runs. */
void writer_submit(write_fn *fn, void *arg, write_done_fn *done, void *cls);

/* Counters for /metrics: batches committed, writes in them, batches that failed and were rerun
 * one write at a time. */
void writer_stats(unsigned long *batches, unsigned long *writes, unsigned long *reruns);
#endif
