/* messages.h — the e-mails sent to attendees, in Spanish: confirmation, waitlist, promotion,
 * cancellation, a new manage link, and the request to confirm the e-mail address of a sign-up
 * (double opt-in). Plain structs in, subject and body text out; no SQL. */
#ifndef ASAMBLEA_MESSAGES_H
#define ASAMBLEA_MESSAGES_H
#include "db_editions.h"

enum message_kind { MSG_CONFIRMED, MSG_WAITLISTED, MSG_PROMOTED, MSG_CANCELLED, MSG_NEW_LINK, MSG_CONFIRM_EMAIL };

#define CONFIRM_EMAIL_HOURS 48 /* how long the link of a MSG_CONFIRM_EMAIL works */

struct message_input {
  enum message_kind kind;
  const struct edition *edition;
  const char *full_name;
  const char *code;
  long long waitlist_position; /* MSG_WAITLISTED */
  const char *manage_token;    /* NULL: the message carries no manage link */
  const char *confirm_token;   /* MSG_CONFIRM_EMAIL: the one-time token of its link */
};

/* The outbox kind name, e.g. "registration.confirmed". */
const char *message_kind_name(enum message_kind kind);
/* Composes the message; *subject and *body are new strings the caller frees. A MSG_CONFIRM_EMAIL
 * goes to an address nobody has confirmed yet, so it carries nothing the sign-up typed (no name,
 * no organization): only the edition, the link and what to do if it was not asked for. */
void message_compose(const struct message_input *in, char **subject, char **body);
/* "20–21 de noviembre de 2025" (or "25 de noviembre de 2024" for one day) into out. */
void format_date_range_es(const char *starts_on, const char *ends_on, char *out, unsigned size);
#endif
