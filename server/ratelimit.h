/* ratelimit.h — counts failures per client address in a fixed window, so that guessing
 * passwords or manage tokens is slow, and public sign-ups per address (RL_SIGNUP), so that one
 * address cannot send the sign-up's e-mails to hundreds of strangers. In memory: a restart
 * forgets, which is acceptable for a brake. */
#ifndef ASAMBLEA_RATELIMIT_H
#define ASAMBLEA_RATELIMIT_H
#include <stdbool.h>

enum rl_kind { RL_LOGIN, RL_MANAGE_TOKEN, RL_SIGNUP, RL__COUNT };

/* True when ip may try again now; otherwise *retry_after is the seconds to wait (1 to the window). */
bool ratelimit_allowed(enum rl_kind kind, const char *ip, unsigned *retry_after);
/* Records one failure. */
void ratelimit_fail(enum rl_kind kind, const char *ip);
/* Forgets ip's failures (after a success). */
void ratelimit_clear(enum rl_kind kind, const char *ip);
/* Limits of a kind: failures allowed per window, window length in seconds. Defaults: 10 failed
 * logins and 50 wrong manage links per 15 minutes (a municipal office shares one address). */
void ratelimit_configure(enum rl_kind kind, unsigned max_failures, unsigned window_seconds);
/* Counts one event of ip when it is still under its limit, in one step (so concurrent requests
 * cannot all pass a check before any is counted); false with *retry_after otherwise. A limit of 0
 * means none. Default for RL_SIGNUP: 30 per 10 minutes (serve --signup-limit). */
bool ratelimit_take(enum rl_kind kind, const char *ip, unsigned *retry_after);
/* Gives back one event taken by ratelimit_take that turned out not to count (a refused or
 * repeated sign-up). */
void ratelimit_give_back(enum rl_kind kind, const char *ip);
#endif
