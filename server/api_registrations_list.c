/* api_registrations_list.c — the organizer's list of an edition's registrations (search,
 * filters, sort, pages), its JSON, CSV and XLSX exports (one table model, reg_table.h), the
 * counts, and the outbox of messages with the re-queueing of failed ones. */
#include <string.h>

#include "api.h"
#include "mail_sender.h"
#include "db_outbox.h"
#include "db_registrations.h"

/* The query parameters as a filter, checked like a body; limit 0 for exports. */
static enum err read_filter(struct req *r, struct reg_filter *f, bool paged, struct verror *ve) {
  static const struct field_rule rules[] = {
      {.name = "q", .type = V_STRING, .max_len = 200},
      {.name = "status", .type = V_ENUM, .choices = "confirmed|waitlisted|cancelled"},
      {.name = "type", .type = V_ENUM, .choices = ALL_ATTENDEE_TYPES},
      {.name = "municipality", .type = V_STRING, .max_len = 120},
      {.name = "sort", .type = V_ENUM, .choices = "name|created_at|organization|municipality|status"},
      {.name = "order", .type = V_ENUM, .choices = "asc|desc"},
  };
  cJSON *q = cJSON_CreateObject();
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    const char *v = req_query(r, rules[i].name);
    if (v && *v) cJSON_AddStringToObject(q, rules[i].name, v);
  }
  enum err e = VALIDATE(q, rules, VALIDATE_PATCH, ve);
  cJSON_Delete(q);
  if (e != ERR_OK) return e;
  memset(f, 0, sizeof *f);
  const char *v;
  f->q = (v = req_query(r, "q")) && *v ? v : NULL;
  f->status = (v = req_query(r, "status")) && *v ? v : NULL;
  f->type = (v = req_query(r, "type")) && *v ? v : NULL;
  f->municipality = (v = req_query(r, "municipality")) && *v ? v : NULL;
  f->sort = req_query(r, "sort");
  f->descending = (v = req_query(r, "order")) && strcmp(v, "desc") == 0;
  return paged ? api_page(r, &f->limit, &f->offset, ve) : ERR_OK;
}

static enum MHD_Result list(struct req *r, bool paged) {
  struct edition ed;
  struct reg_filter f;
  struct verror ve;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  e = read_filter(r, &f, paged, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  cJSON *items = NULL;
  long long total = 0;
  e = db_registrations_list(api_db(r), &ed, &f, &items, &total);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (!paged)
    req_add_reply_header(r, "Content-Disposition",
                         req_printf(r, "attachment; filename=\"inscripciones-%s.json\"", ed.slug));
  return reply_items(r, items, total);
}

enum MHD_Result api_edition_registrations_get(struct req *r) { return list(r, true); }
enum MHD_Result api_edition_registrations_json_get(struct req *r) { return list(r, false); }

/* A download of the registration table with the list's filters: the edition and the filter are
 * read, the rows are written by the format's sink, and the document is answered as a file. */
struct download {
  const char *extension, *content_type;
  /* Writes the rows into out through db_registrations_rows. */
  enum err (*write)(struct db *db, const struct edition *ed, const struct reg_filter *f, struct sbuf *out);
};

static enum err write_csv(struct db *db, const struct edition *ed, const struct reg_filter *f, struct sbuf *out) {
  struct csv c = {0};
  enum err e = db_registrations_csv(db, ed, f, &c);
  *out = c.out;
  return e;
}

static enum err write_xlsx(struct db *db, const struct edition *ed, const struct reg_filter *f, struct sbuf *out) {
  struct reg_xlsx *x = reg_xlsx_new();
  if (!x) return ERR_INTERNAL;
  struct reg_sink sink = reg_sink_xlsx(x);
  enum err e = db_registrations_rows(db, ed, f, &sink, NULL);
  if (e != ERR_OK) {
    reg_xlsx_discard(x);
    return e;
  }
  return reg_xlsx_finish(x, out);
}

static enum MHD_Result download(struct req *r, const struct download *d) {
  struct edition ed;
  struct reg_filter f;
  struct verror ve;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  e = read_filter(r, &f, false, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct sbuf out = {0};
  e = d->write(api_db(r), &ed, &f, &out);
  if (e != ERR_OK) {
    sbuf_free(&out);
    return reply_error(r, e, NULL);
  }
  req_add_reply_header(r, "Content-Disposition",
                       req_printf(r, "attachment; filename=\"inscripciones-%s.%s\"", ed.slug, d->extension));
  size_t len = out.len;
  return reply_bytes(r, 200, d->content_type, sbuf_steal(&out), len, MHD_RESPMEM_MUST_FREE);
}

enum MHD_Result api_edition_registrations_csv_get(struct req *r) {
  static const struct download csv = {"csv", "text/csv; charset=utf-8", write_csv};
  return download(r, &csv);
}

enum MHD_Result api_edition_registrations_xlsx_get(struct req *r) {
  static const struct download xlsx = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                       write_xlsx};
  return download(r, &xlsx);
}

enum MHD_Result api_edition_stats_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *out = NULL;
  if (e == ERR_OK) e = db_registrations_stats(api_db(r), &ed, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}

enum MHD_Result api_edition_outbox_get(struct req *r) {
  struct edition ed;
  struct verror ve;
  int limit, offset;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  e = api_page(r, &limit, &offset, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  const char *pending = req_query(r, "pending");
  cJSON *items = NULL;
  long long total = 0;
  e = db_outbox_list(api_db(r), &ed, pending && strcmp(pending, "1") == 0, limit, offset, &items, &total);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, total);
}

/* ids, when given, is an array of at most OUTBOX_RETRY_IDS_MAX positive integers. */
static bool outbox_ids_ok(const cJSON *ids) {
  if (!cJSON_IsArray(ids) || cJSON_GetArraySize(ids) > OUTBOX_RETRY_IDS_MAX) return false;
  const cJSON *id;
  cJSON_ArrayForEach(id, ids) {
    if (!cJSON_IsNumber(id) || id->valuedouble < 1 || id->valuedouble > 9007199254740991.0 ||
        id->valuedouble != (double)(long long)id->valuedouble)
      return false;
  }
  return true;
}

enum MHD_Result api_edition_outbox_retry_post(struct req *r) {
  const cJSON *ids = json_get(r->json, "ids");
  if (ids && !cJSON_IsNull(ids) && !outbox_ids_ok(ids))
    return reply_error_msg(r, ERR_VALIDATION, "ids", "err.outbox.ids");
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *requeued = NULL;
  if (e == ERR_OK) e = db_outbox_requeue(api_db(r), &ed, cJSON_IsNull(ids) ? NULL : ids, api_actor(r), &requeued);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (cJSON_GetArraySize(requeued) > 0) mailer_wake(); /* committed: the rows are due now */
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(requeued));
  cJSON_AddItemToObject(o, "requeued", requeued);
  return reply_json(r, 200, o);
}
