/* api_privacy.c — LOPDP rights: an attendee downloads their data (manage link), organizers
 * anonymize one registration on request or a whole archived edition. */
#include "api.h"
#include "db_privacy.h"
#include "db_registrations.h"

enum MHD_Result api_registration_data_get(struct req *r) {
  struct reg_ref ref;
  bool organizer;
  enum err e = registration_access(r, &ref, &organizer);
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_privacy_export(api_db(r), &ref.edition, ref.id, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "Content-Disposition", req_printf(r, "attachment; filename=\"mis-datos-%s.json\"", ref.code));
  return reply_json(r, 200, out);
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
  if (e == ERR_CONFLICT)
    return reply_error_msg(r, e, NULL, "Solo se anonimizan ediciones archivadas: archive la edición primero.");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "anonymized", count);
  return reply_json(r, 200, o);
}
