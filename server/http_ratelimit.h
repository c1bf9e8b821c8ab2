/* http_ratelimit.h — counts attempts per (kind, key) in a fixed window, so that guessing passwords,
 * manage tokens or certificate codes is slow. A kind is one limit (attempts per window); a key
 * is what it is counted by: a client address, or an account's keyed hash. In memory: a restart
 * forgets, which is acceptable for a brake on guessing. Never used for plain registrations (a
 * whole municipality may share one address), except RL_SIGNUP: public sign-ups per address,
 * so that one address cannot send the sign-up's e-mails to hundreds of strangers.
 *
 * Two ways to count. ratelimit_fail after the fact, for a failure known at once. Or, when the
 * check is slow (argon2) or must not let concurrent requests past the limit, ratelimit_reserve
 * before it: the attempt is counted at once, on every key together, and ratelimit_release gives
 * it back when it turned out not to be a failure (a right password: it frees its own attempt and
 * never anyone else's). */
#ifndef ASAMBLEA_HTTP_RATELIMIT_H
#define ASAMBLEA_HTTP_RATELIMIT_H
#include <stdbool.h>
#include <stddef.h>

enum rl_kind {
  RL_LOGIN,         /* failed logins per client address */
  RL_LOGIN_ACCOUNT, /* failed logins per account, from every address: key auth_account_key(email) */
  RL_MANAGE_TOKEN,  /* wrong manage tokens or codes per client address */
  RL_CERTIFICATE,   /* unknown certificate codes per client address */
  RL_SIGNUP,        /* public sign-ups per client address (every one counts, not only failures) */
  RL_RESET_ACCOUNT, /* password-reset requests per e-mail (key auth_account_key): every one counts */
  RL_RESET_ADDRESS, /* password-reset requests per client address: every one counts */
  RL__COUNT
};

/* One counter: a kind and the key it is counted by (at most 64 characters). */
struct rl_key {
  enum rl_kind kind;
  const char *key;
};

/* True when key may try again now; otherwise *retry_after is the seconds to wait (1 to the window). */
bool ratelimit_allowed(enum rl_kind kind, const char *key, unsigned *retry_after);
/* Records one failure. */
void ratelimit_fail(enum rl_kind kind, const char *key);
/* Forgets key's failures. */
void ratelimit_clear(enum rl_kind kind, const char *key);
/* Counts one attempt on each of the n keys, atomically: true when every key was under its limit;
 * otherwise nothing is counted and *retry_after is the longest wait among the keys at their limit. */
bool ratelimit_reserve(const struct rl_key *keys, size_t n, unsigned *retry_after);
/* Gives back one attempt on each key, reserved by ratelimit_reserve in the current window. */
void ratelimit_release(const struct rl_key *keys, size_t n);
/* Limits of a kind: failures allowed per window, window length in seconds. Defaults per 15
 * minutes: 10 failed logins per address and 10 per account, 50 wrong manage links and 50
 * unknown certificate codes per address (a municipal office shares one address); per hour: 3
 * password-reset requests per e-mail and 30 per address (every request counts). */
void ratelimit_configure(enum rl_kind kind, unsigned max_failures, unsigned window_seconds);
/* Counts one event of ip when it is still under its limit, in one step (so concurrent requests
 * cannot all pass a check before any is counted); false with *retry_after otherwise. A limit of 0
 * means none. Default for RL_SIGNUP: 30 per 10 minutes (serve --signup-limit). */
bool ratelimit_take(enum rl_kind kind, const char *ip, unsigned *retry_after);
/* Gives back one event taken by ratelimit_take that turned out not to count (a refused or
 * repeated sign-up). */
void ratelimit_give_back(enum rl_kind kind, const char *ip);
#endif
