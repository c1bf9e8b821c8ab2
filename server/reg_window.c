/* reg_window.c — the public registration rule of reg_window.h. */
#include "reg_window.h"

#include <stdio.h>
#include <string.h>

#include "tz.h"

/* The stored instant, or -1 when not given (or unreadable: then that side does not limit). */
static time_t instant(const char *s) { return s && s[0] ? tz_parse_utc(s) : -1; }

/* The first instant after the edition: local midnight after ends_on in its zone; -1 when malformed. */
static time_t end_of_edition(const struct reg_window *w) {
  struct tz_instant_parts p = {0};
  if (!w->ends_on || sscanf(w->ends_on, "%4d-%2d-%2d", &p.year, &p.month, &p.day) != 3) return -1;
  p.day += 1; /* the civil-day arithmetic of tz_to_utc carries into the next month or year */
  return tz_to_utc(&p, w->timezone);
}

bool reg_window_ended(const struct reg_window *w, time_t now) {
  time_t ended = end_of_edition(w);
  return ended >= 0 && now >= ended;
}

enum signup_state reg_window_state(const struct reg_window *w, time_t now) {
  if (!w->status || strcmp(w->status, "open") != 0) return SIGNUP_CLOSED_STATUS;
  if (reg_window_ended(w, now)) return SIGNUP_ENDED;
  time_t opens = instant(w->opens_at), closes = instant(w->closes_at);
  if (opens >= 0 && now < opens) return SIGNUP_NOT_YET_OPEN;
  if (closes >= 0 && now >= closes) return SIGNUP_WINDOW_CLOSED;
  return SIGNUP_OPEN;
}

const char *signup_state_reason(enum signup_state s) {
  switch (s) {
    case SIGNUP_OPEN: return NULL;
    case SIGNUP_CLOSED_STATUS: return "status";
    case SIGNUP_ENDED: return "ended";
    case SIGNUP_NOT_YET_OPEN: return "not_yet_open";
    case SIGNUP_WINDOW_CLOSED: return "window_closed";
  }
  return "status";
}
