/* db_outbox.h — e-mails waiting to be sent, and the record of their delivery. A message is queued
 * in the same transaction as the change that causes it, so a committed change always has its
 * message and a rolled-back one never does. The mailer then moves each row through its states:
 * pending → sending (marked and committed before any byte goes to the SMTP server) → sent, failed
 * (refused for good) or pending again (a temporary failure, retried later). A row left "sending"
 * by a crash is due again once its attempt's delay has passed. */
#ifndef ASAMBLEA_DB_OUTBOX_H
#define ASAMBLEA_DB_OUTBOX_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "mail_messages.h"

#define OUTBOX_KEY_HEX 32         /* characters of a row's secret Message-ID part */
#define OUTBOX_RETRY_IDS_MAX 1000 /* ids one re-queue request may name */

/* Composes and queues a message for a registration (registration_id 0: none yet, e.g. the
 * confirmation request of a pending sign-up; msg->edition NULL: about no edition, a password
 * reset); inside the caller's transaction. The body is
 * stored only sealed with the key file (ERR_INTERNAL when no key is loaded). The mailer is woken
 * once that transaction commits. */
enum err db_outbox_queue(struct db *db, long long registration_id, const char *to, const struct message_input *msg);
/* Messages for organizers, newest first; pending_only restricts to unsent ones. Bodies are left
 * out (they carry personal links); subject, recipient, state, attempts, next attempt and last
 * error are shown. */
enum err db_outbox_list(struct db *db, const struct edition *ed, int pending_only, int limit, int offset, cJSON **items,
                        long long *total);

/* One due message, copied out of its row so no read stays open while a mail server is slow. */
struct outbox_msg {
  long long id;
  int attempts;     /* attempts started so far (interrupted ones included) */
  bool interrupted; /* the last attempt started but its outcome was never recorded (crash) */
  time_t created;   /* when it was queued: its Date header */
  char *to, *subject;
  unsigned char *sealed_body; /* the body as stored: sealed with the key file (secrets_open_text) */
  size_t sealed_len;
  char key[OUTBOX_KEY_HEX + 1]; /* the secret part of its Message-ID, filled in by the claim */
};
/* Up to max due messages (pending, or "sending" from an interrupted attempt, whose next attempt
 * time has come), oldest first, into out; *n counts them. Runs under the write lock, so a queuing
 * transaction that is committing when the mailer is woken is seen. Free with db_outbox_msg_free. */
enum err db_outbox_due(struct db *db, struct outbox_msg *out, size_t max, size_t *n);
void db_outbox_msg_free(struct outbox_msg *m);
/* Marks and commits the start of an attempt: state "sending", attempts + 1, the next attempt at
 * retry_at (used only if this attempt never finishes), and m->key read back (a row queued without
 * one gets one now). *claimed is false when the row changed since it was read (sent, re-queued,
 * deleted): then nothing is sent. */
enum err db_outbox_claim(struct db *db, struct outbox_msg *m, time_t retry_at, bool *claimed);
/* Records the outcome of the attempt claimed last, each in its own committed transaction. A sent
 * row keeps its metadata but no longer its body. */
enum err db_outbox_sent(struct db *db, long long id);
/* retry_at 0: permanent, the row is "failed" and not tried again until an organizer re-queues it. */
enum err db_outbox_failed(struct db *db, long long id, const char *error, time_t retry_at);
/* Re-queues the edition's failed messages — all of them when ids is NULL, else those of the array
 * of numbers ids that are failed: pending, due now, attempts from zero, last error kept until the
 * next attempt. *requeued (new array) lists the ids, in order; audited as "outbox.retry". */
enum err db_outbox_requeue(struct db *db, const struct edition *ed, const cJSON *ids, long long actor,
                           cJSON **requeued);
/* Rows queued before bodies were sealed (migration 011): seals the body of every unsent one and
 * blanks that of every sent one, in one transaction; *changed counts them. Idempotent; run at
 * start-up, after the migrations, with the key loaded. */
enum err db_outbox_seal_plain(struct db *db, int *changed);
#endif
