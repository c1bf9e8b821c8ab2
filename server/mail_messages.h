/* mail_messages.h — the e-mails sent to attendees, in the registration's language: confirmation, waitlist, promotion,
 * cancellation, a new manage link, the request to confirm the e-mail address of a sign-up
 * (double opt-in), and a message organizers write to a group of registrants (placeholders
 * expanded for each one, mail_template.h); and to staff accounts, the link that resets a
 * forgotten password. Plain structs in, subject and body text out; no SQL. */
#ifndef ASAMBLEA_MAIL_MESSAGES_H
#define ASAMBLEA_MAIL_MESSAGES_H
#include "db_editions.h"
#include "i18n.h"

enum message_kind {
  MSG_CONFIRMED,
  MSG_WAITLISTED,
  MSG_PROMOTED,
  MSG_CANCELLED,
  MSG_NEW_LINK,
  MSG_CONFIRM_EMAIL,
  MSG_ORGANIZER,
  MSG_PASSWORD_RESET
};

#define CONFIRM_EMAIL_HOURS 48    /* how long the link of a MSG_CONFIRM_EMAIL works */
#define PASSWORD_RESET_MINUTES 60 /* how long the link of a MSG_PASSWORD_RESET works */

struct message_input {
  enum message_kind kind;
  const struct edition *edition; /* NULL for MSG_PASSWORD_RESET, which is about no edition */
  const char *full_name;
  const char *code;
  long long waitlist_position;  /* MSG_WAITLISTED */
  const char *manage_token;     /* NULL: the message carries no manage link */
  const char *confirm_token;    /* MSG_CONFIRM_EMAIL: the one-time token of its link */
  const char *template_subject; /* MSG_ORGANIZER: the organizer's subject and body, with placeholders */
  const char *template_body;
  const char *reset_token; /* MSG_PASSWORD_RESET: the one-time token of its link */
  enum lang lang;          /* the registration's language (LANG_ES when zero-initialized) */
};

/* The outbox kind name, e.g. "registration.confirmed". */
const char *message_kind_name(enum message_kind kind);
/* Composes the message; *subject and *body are new strings the caller frees. A MSG_CONFIRM_EMAIL
 * goes to an address nobody has confirmed yet, so it carries nothing the sign-up typed (no name,
 * no organization): only the edition, the link and what to do if it was not asked for. */
/* A MSG_ORGANIZER is the organizer's subject and body with {nombre}, {codigo} and {enlace}
 * expanded for the recipient ({enlace} is empty without a manage_token), then the signature. */
void message_compose(const struct message_input *in, char **subject, char **body);
/* "20–21 de noviembre de 2025" (or "25 de noviembre de 2024" for one day) into out. */
void format_date_range_es(const char *starts_on, const char *ends_on, char *out, unsigned size);
#endif
