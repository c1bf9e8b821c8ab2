/* writer.h — group commit for the busiest durable writes (registrations, check-ins): requests
 * hand their write to one writer thread, which runs every write waiting at that moment inside one
 * transaction (each in its own savepoint, so one failing write undoes only itself), commits once
 * with one fsync, and only then answers each request. Every 201/200 is still on disk; the rules
 * stay exact because the writes run one after another inside the transaction. */
#ifndef ASAMBLEA_WRITER_H
#define ASAMBLEA_WRITER_H
#include <stdbool.h>

#include "db.h"

typedef enum err write_fn(struct db *db, void *arg);

/* Starts the writer thread (serve). Without it, writer_run runs the write at once on the
 * caller's connection (commands, tests). */
bool writer_start(void);
/* Finishes the writes already queued, then stops the thread. */
void writer_stop(void);
/* Runs fn(db, arg) as part of a group transaction and returns after that transaction committed:
 * fn's own result, or ERR_INTERNAL when the commit failed (then nothing of fn is on disk). */
enum err writer_run(write_fn *fn, void *arg);

/* Counters for /metrics: batches committed and writes in them. */
void writer_stats(unsigned long *batches, unsigned long *writes);
#endif
