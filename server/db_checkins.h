/* db_checkins.h — check-in at the door: every scan is recorded (append-only), a registration is
 * counted once (the first check-in wins under any concurrency), a scanner's client_id makes a
 * replay answer as the first time, and a late offline scan with an earlier time becomes the first
 * check-in time. Optional session_id: attendance at a session's door, counted per session. */
#ifndef ASAMBLEA_DB_CHECKINS_H
#define ASAMBLEA_DB_CHECKINS_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_editions.h"

struct checkin_input {
  const char *token;      /* the badge's signed token, or NULL */
  const char *code;       /* the registration code typed by staff, or NULL */
  const char *client_id;  /* idempotency key, or NULL */
  const char *scanned_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" when the scan happened, or NULL: now */
  const char *device;     /* e.g. "puerta-2" */
  long long session_id;   /* 0: the event's door */
};

/* result: "ok" | "already_checked_in"; registration and first_checked_in_at as API.md.
 * Errors: ERR_INVALID_TOKEN (malformed, forged, revoked, other edition), ERR_NOT_FOUND (unknown
 * code), ERR_CONFLICT (cancelled or waitlisted: *out is then {registration: {code, full_name,
 * organization, attendee_type, status}}, to say whom the door turned away and why),
 * ERR_VALIDATION (session of another edition; *ve says so). Failed scans are recorded too. */
enum err db_checkins_record(struct db *db, const struct edition *ed, const struct checkin_input *in, cJSON **out,
                            struct verror *ve);
/* Scans after id `since` (ok and already_checked_in), oldest first, up to limit; *next is the
 * last id returned (or since). */
enum err db_checkins_since(struct db *db, const struct edition *ed, long long since, int limit, cJSON **items,
                           long long *next);
/* The offline scanner's roster: every registration with code, name, organization, type, status
 * and badge revision, plus the edition's id. */
enum err db_checkins_roster(struct db *db, const struct edition *ed, cJSON **out);
/* Live counts: checked in vs confirmed, by type, by hour (local), by session. */
enum err db_checkins_stats(struct db *db, const struct edition *ed, cJSON **out);
/* The edition's signing keys. */
enum err db_badge_keys(struct db *db, long long edition_id, unsigned char pk[32], unsigned char sk[64],
                       char key_id[17]);
/* The current signed check-in token of a registration (its badge's QR). */
enum err db_badge_token(struct db *db, const struct edition *ed, long long registration_id, char token[121],
                        int *revision);
/* Bumps a registration's badge revision, revoking its older tokens. */
enum err db_badge_reissue(struct db *db, long long registration_id, long long actor, int *revision);
#endif
