/* api_privacy.c — LOPDP rights: an attendee downloads their data (manage link), organizers
 * anonymize one registration on request or a whole archived edition. An organizer's download of
 * someone's data, like each anonymization, is written to the audit log. */
#include "api.h"
#include "db_audit.h"
#include "db_privacy.h"
#include "db_registrations.h"

/* An organizer's download of someone's data: the audit entry is on disk before the data leaves. */
struct data_export {
  struct reg_ref ref;
  long long actor;
};

static enum err run_export_audit(struct db *db, void *arg) {
  struct data_export *x = arg;
  return db_audit(db, x->actor, "registration.data_export", "registration", x->ref.code, NULL);
}

static enum MHD_Result reply_data(struct req *r, enum err e, void *arg) {
  struct data_export *x = arg;
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_privacy_export(api_db(r), &x->ref.edition, x->ref.id, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Content-Disposition",
                       req_printf(r, "attachment; filename=\"mis-datos-%s.json\"", x->ref.code));
  return reply_json(r, 200, out);
}

enum MHD_Result api_registration_data_get(struct req *r) {
  struct data_export *x = req_alloc(r, sizeof *x);
  *x = (struct data_export){0};
  bool organizer;
  enum err e = registration_access(r, &x->ref, &organizer);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  x->actor = api_actor(r); /* known once access has looked at the session */
  if (organizer) return api_write(r, run_export_audit, x, reply_data);
  return reply_data(r, ERR_OK, x); /* the person themselves, with their manage link */
}

enum MHD_Result api_registration_anonymize_post(struct req *r) {
  struct reg_ref ref;
  enum err e = db_registrations_ref(api_db(r), req_param(r, 0), &ref);
  if (e == ERR_OK) e = db_privacy_anonymize(api_db(r), ref.id, api_actor(r));
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *out = NULL;
  if ((e = db_registrations_get(api_db(r), &ref, &out)) != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}

enum MHD_Result api_edition_anonymize_post(struct req *r) {
  struct edition ed;
  int count = 0;
  enum err e = api_edition(r, &ed);
  if (e == ERR_OK) e = db_privacy_anonymize_edition(api_db(r), &ed, api_actor(r), &count);
  if (e == ERR_CONFLICT) return reply_error_msg(r, e, NULL, "err.privacy.archived_only");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "anonymized", count);
  return reply_json(r, 200, o);
}
