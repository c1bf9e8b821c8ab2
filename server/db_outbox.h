/* db_outbox.h — e-mails waiting to be sent. A message is queued in the same transaction as the
 * change that causes it, so a committed change always has its message and a rolled-back one
 * never does; the mailer delivers them later with retries. */
#ifndef ASAMBLEA_DB_OUTBOX_H
#define ASAMBLEA_DB_OUTBOX_H
#include <cjson/cJSON.h>

#include "db.h"
#include "messages.h"

/* Composes and queues a message for a registration; inside the caller's transaction. */
enum err db_outbox_queue(struct db *db, long long registration_id, const char *to, const struct message_input *msg);
/* Messages for organizers, newest first; pending_only restricts to unsent ones. Bodies are left
 * out (they carry personal links); subject, recipient, attempts and last error are shown. */
enum err db_outbox_list(struct db *db, const struct edition *ed, int pending_only, int limit, int offset,
                        cJSON **items, long long *total);
#endif
