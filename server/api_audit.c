/* api_audit.c — GET /api/v1/audit (admin only): the audit log, newest first, paginated, filtered
 * by who (user_id), what (action) and when (from, to: dates, both included, as days in the
 * assembly's zone); and GET /api/v1/audit/actions, the actions the log holds, for the filter's
 * choices. Query parameters are checked like a body (validate.h). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db_audit.h"
#include "tz.h"
#include "util.h"

#define AUDIT_ZONE "America/Guayaquil" /* the days of the date filters are the assembly's */

static const struct field_rule audit_query_fields[] = {
    {.name = "user_id", .type = V_INT, .min = 1, .max = 9007199254740991LL},
    {.name = "action", .type = V_STRING, .max_len = 64},
    {.name = "from", .type = V_DATE},
    {.name = "to", .type = V_DATE},
};

/* The query as a JSON object of its given parameters (user_id as a number when it is one, so
 * that the V_INT rule judges it; otherwise as text, which the rule refuses). */
static cJSON *query_object(struct req *r) {
  cJSON *q = cJSON_CreateObject();
  for (size_t i = 0; i < sizeof audit_query_fields / sizeof audit_query_fields[0]; i++) {
    const char *name = audit_query_fields[i].name, *v = req_query(r, name);
    if (!v || !*v) continue;
    char *end = NULL;
    long long n = audit_query_fields[i].type == V_INT ? strtoll(v, &end, 10) : 0;
    if (end && *end == '\0' && strlen(v) <= 16) cJSON_AddNumberToObject(q, name, (double)n);
    else cJSON_AddStringToObject(q, name, v);
  }
  return q;
}

/* The day range as UTC instants into from/before ("" when not given). */
static enum err day_bounds(struct req *r, char from[21], char before[21], struct verror *ve) {
  const char *f = req_query(r, "from"), *t = req_query(r, "to");
  time_t start = f && *f ? tz_day_start(f, AUDIT_ZONE) : -1;
  time_t end = t && *t ? tz_day_start(t, AUDIT_ZONE) : -1;
  from[0] = before[0] = '\0';
  if (start >= 0) utc_iso(start, from);
  if (end >= 0) utc_iso(end + 86400, before); /* the zone keeps no summer time: a day is 24 h */
  if (start >= 0 && end >= 0 && end < start) {
    verror_set(ve, "to", "err.audit.range");
    return ERR_VALIDATION;
  }
  return ERR_OK;
}

enum MHD_Result api_audit_get(struct req *r) {
  struct verror ve = {0};
  cJSON *q = query_object(r);
  enum err e = VALIDATE(q, audit_query_fields, VALIDATE_PATCH, &ve);
  struct audit_filter f = {.user_id = json_int(q, "user_id", 0)};
  cJSON_Delete(q);
  if (e == ERR_BAD_REQUEST) e = ERR_VALIDATION; /* a query parameter is text: a wrong one is a wrong value */
  char from[21], before[21];
  if (e == ERR_OK) e = day_bounds(r, from, before, &ve);
  if (e == ERR_OK) e = api_page(r, &f.limit, &f.offset, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const char *action = req_query(r, "action");
  f.action = action && *action ? action : NULL;
  f.from = from[0] ? from : NULL;
  f.before = before[0] ? before : NULL;
  struct db *db = api_db(r);
  cJSON *items = NULL;
  long long total = 0;
  e = db ? db_audit_list(db, &f, &items, &total) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, total);
}

enum MHD_Result api_audit_actions_get(struct req *r) {
  struct db *db = api_db(r);
  cJSON *items = NULL;
  enum err e = db ? db_audit_actions(db, &items) : ERR_UNAVAILABLE;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, -1);
}
