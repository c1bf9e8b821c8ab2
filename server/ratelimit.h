/* ratelimit.h — counts failures per client address in a fixed window, so that guessing
 * passwords or manage tokens is slow. In memory: a restart forgets, which is acceptable for a
 * brake on guessing. Never used for plain registrations (a whole municipality may share one address). */
#ifndef ASAMBLEA_RATELIMIT_H
#define ASAMBLEA_RATELIMIT_H
#include <stdbool.h>

enum rl_kind { RL_LOGIN, RL_MANAGE_TOKEN, RL__COUNT };

/* True when ip may try again now; otherwise *retry_after is the seconds to wait (1 to the window). */
bool ratelimit_allowed(enum rl_kind kind, const char *ip, unsigned *retry_after);
/* Records one failure. */
void ratelimit_fail(enum rl_kind kind, const char *ip);
/* Forgets ip's failures (after a success). */
void ratelimit_clear(enum rl_kind kind, const char *ip);
/* Limits of a kind: failures allowed per window, window length in seconds. Defaults: 10 failed
 * logins and 50 wrong manage links per 15 minutes (a municipal office shares one address). */
void ratelimit_configure(enum rl_kind kind, unsigned max_failures, unsigned window_seconds);
#endif
