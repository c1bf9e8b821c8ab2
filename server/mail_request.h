/* mail_request.h — what a message to registrants must be, for the API and the command line
 * alike: the declarative field rules of {subject, body, status, type, language} and the
 * placeholder check, and the filter they give. */
#ifndef ASAMBLEA_MAIL_REQUEST_H
#define ASAMBLEA_MAIL_REQUEST_H
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "db_messages.h"
#include "validate.h"

#define MESSAGE_SUBJECT_MAX 200 /* characters */
#define MESSAGE_BODY_MAX 20000  /* characters */

/* Checks obj: subject and body required (optional when draft, e.g. a dry run while composing),
 * at most MESSAGE_SUBJECT_MAX and MESSAGE_BODY_MAX characters, only known placeholders; status,
 * type and language among their choices. ERR_OK and *f filled (pointing into obj), or the error
 * with ve naming the field. */
enum err message_request_read(const cJSON *obj, bool draft, struct message_filter *f, struct verror *ve);
#endif
