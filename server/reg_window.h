/* reg_window.h — whether an edition takes public sign-ups now, and why not: the one rule used by
 * the sign-up check (db_registrations.c) and by every edition answer (registration_open and
 * registration_closed_reason). Pure: the caller passes the clock. */
#ifndef ASAMBLEA_REG_WINDOW_H
#define ASAMBLEA_REG_WINDOW_H
#include <stdbool.h>
#include <time.h>

/* What the rule needs of an edition. */
struct reg_window {
  const char *status;    /* draft, open, closed, archived */
  const char *opens_at;  /* stored UTC instant "YYYY-MM-DDTHH:MM:SSZ"; NULL or "": no start */
  const char *closes_at; /* likewise; NULL or "": no end */
  const char *ends_on;   /* the last day, YYYY-MM-DD, in timezone */
  const char *timezone;
};

enum signup_state {
  SIGNUP_OPEN,
  SIGNUP_CLOSED_STATUS, /* status is not open */
  SIGNUP_ENDED,         /* the edition's last day is over in its own zone */
  SIGNUP_NOT_YET_OPEN,  /* before registration_opens_at */
  SIGNUP_WINDOW_CLOSED, /* at or after registration_closes_at */
};

/* The state at now: the status first, then the end of the edition, then the window. */
enum signup_state reg_window_state(const struct reg_window *w, time_t now);
/* Whether the edition is over at now: its last day has passed in its own zone (whatever its status). */
bool reg_window_ended(const struct reg_window *w, time_t now);
/* The machine-readable reason of API.md ("status", "ended", "not_yet_open", "window_closed"); NULL when open. */
const char *signup_state_reason(enum signup_state s);
#endif
