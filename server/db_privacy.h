/* db_privacy.h — the rights of Ecuador's personal data protection law (LOPDP, 2021): an attendee
 * can take all the data kept about their registration; organizers can anonymize one registration
 * on request, or every registration of an archived edition, keeping the counts and the check-in
 * record but nothing that identifies a person. */
#ifndef ASAMBLEA_DB_PRIVACY_H
#define ASAMBLEA_DB_PRIVACY_H
#include <cjson/cJSON.h>

#include "db.h"
#include "db_editions.h"

/* Everything kept about one registration: its fields, its scans and the messages sent to it. */
enum err db_privacy_export(struct db *db, const struct edition *ed, long long registration_id, cJSON **out);
/* Replaces the personal fields with neutral values, revokes the manage link and badge, and
 * removes queued messages; the row, its status and its check-ins stay. */
enum err db_privacy_anonymize(struct db *db, long long registration_id, long long actor);
/* The same for every registration of an archived edition (ERR_CONFLICT otherwise); *count. */
enum err db_privacy_anonymize_edition(struct db *db, const struct edition *ed, long long actor, int *count);
#endif
