/* db_audit.h — the audit log: who changed what, and when. Called inside the transaction of the
 * change it records, so a change and its record are committed together or not at all. */
#ifndef ASAMBLEA_DB_AUDIT_H
#define ASAMBLEA_DB_AUDIT_H
#include <cjson/cJSON.h>

#include "db.h"

/* actor 0 means the command line. detail may be NULL; it is not taken over. */
enum err db_audit(struct db *db, long long actor, const char *action, const char *entity, const char *entity_id,
                  const cJSON *detail);
/* The newest entries first; for the admin pages and tests. */
enum err db_audit_list(struct db *db, int limit, int offset, cJSON **items, long long *total);
#endif
