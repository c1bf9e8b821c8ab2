/* db_messages.h — messages organizers send to a group of an edition's registrants: who would
 * receive one (for the live count and the preview), the sending itself — one outbox row per
 * recipient, the log row and the audit row in one transaction — and the log of sent messages.
 *
 * Who receives: registrations of the edition that are not anonymized, filtered by status,
 * attendee type and language. Without a status filter, the confirmed and the waitlisted; a
 * cancelled registration receives a message only when status "cancelled" is asked for. */
#ifndef ASAMBLEA_DB_MESSAGES_H
#define ASAMBLEA_DB_MESSAGES_H
#include <cjson/cJSON.h>

#include "db.h"
#include "db_editions.h"

#define MESSAGE_STATUSES "confirmed|waitlisted|cancelled"
#define MESSAGE_LANGUAGES "es|en"

struct message_filter { /* NULL: not filtered */
  const char *status;
  const char *type;
  const char *language;
};

/* The first recipient in sign-up order, for a preview. */
struct message_sample {
  char *full_name; /* NULL when nobody would receive the message; free with message_sample_free */
  char code[16];
  enum lang lang; /* their language: the preview's signature is in it */
};
void message_sample_free(struct message_sample *s);

/* How many would receive a message with these filters, and (sample not NULL) the first of them. */
enum err db_messages_count(struct db *db, const struct edition *ed, const struct message_filter *f, long long *count,
                           struct message_sample *sample);
/* Queues the message (subject and body with placeholders, already checked) to every recipient,
 * each with their own manage link (db_registrations_manage_token), logs it and audits it as
 * "messages.send", all in one transaction; *queued counts the e-mails. actor 0: command line. */
enum err db_messages_send(struct db *db, const struct edition *ed, const struct message_filter *f, const char *subject,
                          const char *body, long long actor, long long *queued);
/* The messages sent for the edition, newest first: {id, sent_at, sent_by {name, email} or null,
 * subject, filters {status, type, language}, recipients}. */
enum err db_messages_list(struct db *db, const struct edition *ed, int limit, int offset, cJSON **items,
                          long long *total);
#endif
