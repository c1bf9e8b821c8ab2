/* api_checkins.c — the door: the edition's public key for offline scanners, check-in by badge
 * token or by code (staff), the feed of recent check-ins, the offline roster, the live counts,
 * and reissuing a badge (which revokes its older tokens). */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "badges/token.h"
#include "db_checkins.h"
#include "db_registrations.h"
#include "http_req_lang.h"
#include "tz.h"
#include "util.h"
#include "writer.h"

#define MAX_CLOCK_SKEW 600  /* seconds a scanner's clock may run ahead of the server's */
#define SCAN_DAYS_BEFORE 30 /* a scan may be dated up to this many days before the edition's first day */

static const struct field_rule checkin_fields[] = {
    {.name = "token", .type = V_TEXT, .max_len = 200}, /* scanners may add CR/LF: the token reader trims */
    {.name = "code", .type = V_STRING, .max_len = 20},
    {.name = "client_id", .type = V_STRING, .max_len = 100},
    {.name = "scanned_at", .type = V_INSTANT},
    {.name = "device", .type = V_STRING, .max_len = 60},
    {.name = "session_id", .type = V_INT, .nullable = true, .min = 1, .max = 2000000000},
};

enum MHD_Result api_edition_badge_key_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  unsigned char pk[32];
  char key_id[17];
  if (e == ERR_OK) e = db_badge_keys(api_db(r), ed.id, pk, NULL, key_id);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, pk, sizeof pk, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "alg", "Ed25519");
  cJSON_AddStringToObject(o, "key_id", key_id);
  cJSON_AddStringToObject(o, "public_key", b64);
  cJSON_AddNumberToObject(o, "edition_id", (double)ed.id);
  req_add_reply_header(r, "Cache-Control", "public, max-age=300");
  return reply_json(r, 200, o);
}

/* scanned_at as stored UTC text (NULL when absent). Without an offset it is local time in the
 * edition's zone. ERR_VALIDATION when it is more than MAX_CLOCK_SKEW ahead of the server's clock,
 * or earlier than local midnight SCAN_DAYS_BEFORE days before the edition's first day (a scanner
 * whose clock was reset); anything between is a real scan, however late it is synced. */
static enum err read_scanned_at(struct req *r, const struct edition *ed, const char **out, struct verror *ve) {
  const char *v = json_str(r->json, "scanned_at");
  struct tz_instant_parts p;
  *out = NULL;
  if (!v || !tz_parse_instant(v, &p)) return ERR_OK;
  time_t t = tz_to_utc(&p, ed->timezone);
  if (t > time(NULL) + MAX_CLOCK_SKEW) {
    verror_set(ve, "scanned_at", "err.checkin.future");
    return ERR_VALIDATION;
  }
  if (t < tz_day_start(ed->starts_on, ed->timezone) - SCAN_DAYS_BEFORE * 86400L) {
    verror_set(ve, "scanned_at", "err.checkin.too_early");
    return ERR_VALIDATION;
  }
  char *buf = req_alloc(r, 21);
  utc_iso(t, buf);
  *out = buf;
  return ERR_OK;
}

/* A scan as a write of the group commit (writer.h); it lives as long as the request. */
struct checkin_job {
  struct edition ed;
  struct checkin_input in;
  cJSON *out;
  struct verror ve; /* why a scan was refused as invalid */
};

static enum err run_checkin(struct db *db, void *arg) {
  struct checkin_job *j = arg;
  cJSON_Delete(j->out); /* a rerun after a failed group commit starts afresh */
  j->out = NULL;
  return db_checkins_record(db, &j->ed, &j->in, &j->out, &j->ve);
}

static enum MHD_Result reply_checkin(struct req *r, enum err e, void *arg) {
  struct checkin_job *job = arg;
  cJSON *out = job->out;
  job->out = NULL;
  if (e != ERR_OK && e != ERR_CONFLICT && out) { /* answered only once on disk */
    cJSON_Delete(out);
    out = NULL;
  }
  switch (e) {
    case ERR_OK: return reply_json(r, 200, out);
    case ERR_CONFLICT: { /* whom the door turns away, and why */
      const cJSON *reg = cJSON_GetObjectItemCaseSensitive(out, "registration");
      const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(reg, "status"));
      if (!out) out = cJSON_CreateObject();
      const char *key = status && strcmp(status, "cancelled") == 0    ? "err.checkin.cancelled"
                        : status && strcmp(status, "waitlisted") == 0 ? "err.checkin.waitlisted"
                                                                      : "err.checkin.not_confirmed";
      cJSON_AddStringToObject(out, "message", i18n_text(req_accept_lang(r), key));
      return reply_error_extra(r, e, NULL, out);
    }
    case ERR_NOT_FOUND: return reply_error_msg(r, e, "code", "err.checkin.unknown_code");
    case ERR_VALIDATION: return reply_invalid(r, e, &job->ve);
    default: return reply_error(r, e, NULL);
  }
}

enum MHD_Result api_edition_checkins_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, checkin_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct checkin_job *job = req_alloc(r, sizeof *job);
  *job = (struct checkin_job){
      .in =
          {
              .token = json_str(r->json, "token"),
              .code = json_str(r->json, "code"),
              .client_id = json_str(r->json, "client_id"),
              .device = json_str(r->json, "device"),
              .session_id = json_int(r->json, "session_id", 0),
          },
  };
  struct checkin_input *in = &job->in;
  if (!in->token == !in->code) return reply_error_msg(r, ERR_VALIDATION, "token", "err.checkin.token_or_code");
  if ((e = api_edition(r, &job->ed)) != ERR_OK) return reply_error(r, e, NULL);
  if ((e = read_scanned_at(r, &job->ed, &in->scanned_at, &ve)) != ERR_OK) return reply_invalid(r, e, &ve);
  return api_write(r, run_checkin, job, reply_checkin);
}

enum MHD_Result api_edition_checkins_get(struct req *r) {
  struct edition ed;
  struct verror ve;
  int limit, offset;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if ((e = api_page(r, &limit, &offset, &ve)) != ERR_OK) return reply_invalid(r, e, &ve);
  const char *since_text = req_query(r, "since");
  long long since = 0;
  if (since_text && *since_text) {
    char *end;
    since = strtoll(since_text, &end, 10);
    if (*end || since < 0) return reply_error_msg(r, ERR_VALIDATION, "since", "err.checkin.since");
  }
  cJSON *items = NULL;
  long long next = since;
  e = db_checkins_since(api_db(r), &ed, since, limit, &items, &next);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "items", items);
  cJSON_AddNumberToObject(o, "total", cJSON_GetArraySize(items));
  cJSON_AddNumberToObject(o, "next", (double)next);
  return reply_json(r, 200, o);
}

enum MHD_Result api_edition_roster_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_checkins_roster(api_db(r), &ed, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}

enum MHD_Result api_edition_checkin_stats_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_checkins_stats(api_db(r), &ed, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}

enum MHD_Result api_registration_badge_reissue_post(struct req *r) {
  struct reg_ref ref;
  enum err e = db_registrations_ref(api_db(r), req_param(r, 0), &ref);
  int revision = 0;
  if (e == ERR_OK) e = db_badge_reissue(api_db(r), ref.id, api_actor(r), &revision);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "code", ref.code);
  cJSON_AddNumberToObject(o, "badge_revision", revision);
  return reply_json(r, 200, o);
}

enum MHD_Result api_registration_badge_get(struct req *r) {
  struct reg_ref ref;
  bool organizer;
  enum err e = registration_access(r, &ref, &organizer);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (strcmp(ref.status, "confirmed") != 0) return reply_error_msg(r, ERR_CONFLICT, NULL, "err.badge.confirmed_only");
  char token[TOKEN_TEXT_MAX];
  int revision = 0;
  e = db_badge_token(api_db(r), &ref.edition, ref.id, token, &revision);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "code", ref.code);
  cJSON_AddStringToObject(o, "token", token);
  cJSON_AddNumberToObject(o, "badge_revision", revision);
  return reply_json(r, 200, o);
}
