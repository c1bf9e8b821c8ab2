/* mail_request.c — the rules of a message to registrants (mail_request.h). */
#include "mail_request.h"

#include <stdio.h>

#include "db_registrations.h"
#include "mail_template.h"

static const struct field_rule message_fields[] = {
    {.name = "subject", .type = V_STRING, .required = true, .max_len = MESSAGE_SUBJECT_MAX},
    {.name = "body", .type = V_TEXT, .required = true, .max_len = MESSAGE_BODY_MAX},
    {.name = "status", .type = V_ENUM, .choices = MESSAGE_STATUSES},
    {.name = "type", .type = V_ENUM, .choices = ALL_ATTENDEE_TYPES},
    {.name = "language", .type = V_ENUM, .choices = MESSAGE_LANGUAGES},
};

/* ERR_VALIDATION naming field when its text holds an unknown placeholder. */
static enum err check_placeholders(const cJSON *obj, const char *field, struct verror *ve) {
  char unknown[TEMPLATE_NAME_MAX + 3];
  if (template_check(json_str(obj, field), unknown, sizeof unknown)) return ERR_OK;
  verror_setf(ve, field, "err.messages.placeholder", unknown, TEMPLATE_KNOWN);
  return ERR_VALIDATION;
}

enum err message_request_read(const cJSON *obj, bool draft, struct message_filter *f, struct verror *ve) {
  enum err e = VALIDATE(obj, message_fields, draft ? VALIDATE_PATCH : VALIDATE_CREATE, ve);
  if (e == ERR_OK) e = check_placeholders(obj, "subject", ve);
  if (e == ERR_OK) e = check_placeholders(obj, "body", ve);
  if (e != ERR_OK) return e;
  *f = (struct message_filter){
      .status = json_str(obj, "status"), .type = json_str(obj, "type"), .language = json_str(obj, "language")};
  return ERR_OK;
}
