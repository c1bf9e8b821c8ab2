/* mail_sender.h — the background thread of `serve` that delivers the outbox over SMTP (libcurl).
 * State lives in the outbox table only (attempts, next_attempt_at, sent_at, last_error), so a
 * restart loses nothing: unsent rows are picked up again. Without an SMTP URL the thread is not
 * started and messages wait in the outbox, where organizers can read them. */
#ifndef ASAMBLEA_MAIL_SENDER_H
#define ASAMBLEA_MAIL_SENDER_H
#include <stdbool.h>

struct mailer_config {
  const char *smtp_url;  /* smtp://host:port (STARTTLS when offered) or smtps://host:port */
  const char *user;      /* NULL: no SMTP AUTH */
  const char *password;  /* with user; from ASAMBLEA_SMTP_PASSWORD, never a flag */
  const char *from_addr; /* envelope sender and From: address */
  const char *from_name; /* From: display name, UTF-8 */
  unsigned interval_s;   /* seconds between two looks at the outbox */
  unsigned retry_base_s; /* wait after the first failed attempt; doubles after each further one */
};

/* Copies the configuration and starts the thread; false (logged) if it cannot. Call once. */
bool mailer_start(const struct mailer_config *c);
/* Makes the thread look at the outbox now instead of at its next interval. No-op when not started. */
void mailer_wake(void);
/* How many looks at the outbox the thread has finished (0 when it never ran): /metrics shows it,
 * so a stuck mailer shows as a counter that no longer moves. */
unsigned long mailer_looks(void);
/* Stops the thread (aborting a transfer in progress, which is retried at the next start) and
 * waits for it; it closes its database connection. Call before the database closes. No-op when not started. */
void mailer_stop(void);
#endif
