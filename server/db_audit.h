/* db_audit.h — the audit log: who changed what, and when. Called inside the transaction of the
 * change it records, so a change and its record are committed together or not at all. */
#ifndef ASAMBLEA_DB_AUDIT_H
#define ASAMBLEA_DB_AUDIT_H
#include <cjson/cJSON.h>

#include "db.h"

/* actor 0 means the command line. detail may be NULL; it is not taken over. */
enum err db_audit(struct db *db, long long actor, const char *action, const char *entity, const char *entity_id,
                  const cJSON *detail);
/* Ends the open transaction of a change: when e is ERR_OK, records the change (no detail) and
 * commits; otherwise, or when the record fails, rolls back. Returns the first failure, else
 * what the commit returns. */
enum err db_audit_commit(struct db *db, enum err e, long long actor, const char *action, const char *entity,
                         const char *entity_id);
/* The same, for an entity known by its numeric id. */
enum err db_audit_commit_id(struct db *db, enum err e, long long actor, const char *action, const char *entity,
                            long long entity_id);
/* Which entries to list: every condition given must hold. */
struct audit_filter {
  long long user_id;  /* 0: anyone (the command line's entries have none) */
  const char *action; /* NULL: any; else exactly this action, e.g. "user.update" */
  const char *from;   /* NULL, or the first UTC instant "YYYY-MM-DDTHH:MM:SSZ" included */
  const char *before; /* NULL, or the first UTC instant left out */
  int limit, offset;
};
/* The newest entries first, with who made them (user_email, user_name); for the admin pages and
 * tests. *total counts every entry the filter matches. */
enum err db_audit_list(struct db *db, const struct audit_filter *f, cJSON **items, long long *total);
/* The distinct actions the log holds, sorted: the audit page's choices. */
enum err db_audit_actions(struct db *db, cJSON **items);
#endif
