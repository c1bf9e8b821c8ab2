/* api_registrations_import.c — POST /api/v1/editions/{slug}/registrations/import (organizer): a
 * CSV file of registrations (registration_import.h) created all together or not at all; with
 * ?dry_run=1 only checked (answered 200, nothing written). GET …/registrations/import-template.csv
 * gives the header row of such a file. */
#include <string.h>
#include <strings.h>

#include "api.h"
#include "http_req_lang.h"
#include "registration_import.h"

static void *request_alloc(void *ctx, size_t bytes) { return req_alloc(ctx, bytes); }

static bool is_csv_content_type(const char *ct) {
  if (!ct) return false;
  size_t n = strlen("text/csv");
  return strncasecmp(ct, "text/csv", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static bool dry_run_asked(struct req *r) {
  const char *v = req_query(r, "dry_run");
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* 422 validation_failed listing every refused row (API.md: the code of a refused field, the status
 * of an unprocessable file). */
static enum MHD_Result reply_rows_refused(struct req *r, const struct import_job *job) {
  cJSON *root = cJSON_CreateObject();
  cJSON *error = cJSON_AddObjectToObject(root, "error");
  cJSON_AddStringToObject(error, "code", err_code(ERR_VALIDATION));
  enum lang l = req_accept_lang(r);
  cJSON_AddStringToObject(error, "message", i18n_text(l, "err.import.rows_refused"));
  cJSON_AddItemToObject(root, "errors", import_errors(job->plan, l));
  cJSON_AddNumberToObject(root, "error_count", (double)job->plan->error_count);
  return reply_json(r, 422, root);
}

static enum MHD_Result reply_imported(struct req *r, enum err e, void *arg) {
  struct import_job *job = arg;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *report = import_report(job, true, req_accept_lang(r));
  if (job->dry_run) return reply_json(r, 200, report);
  req_add_reply_header(r, "Location", req_printf(r, "/api/v1/editions/%s/registrations", job->ed.slug));
  return reply_json(r, 201, report);
}

enum MHD_Result api_edition_registrations_import_post(struct req *r) {
  if (!is_csv_content_type(req_header(r, "Content-Type")))
    return reply_error_msg(r, ERR_UNSUPPORTED_MEDIA, NULL, "err.import.csv_type");
  struct import_plan *plan = req_alloc(r, sizeof *plan);
  *plan = (struct import_plan){.alloc = request_alloc, .alloc_ctx = r};
  struct import_job *job = req_alloc(r, sizeof *job);
  *job = (struct import_job){.actor = api_actor(r), .dry_run = dry_run_asked(r), .plan = plan};
  enum err e = api_edition(r, &job->ed);
  cJSON *questions = NULL;
  if (e == ERR_OK) e = db_editions_questions(api_db(r), job->ed.id, &questions);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  plan->questions = req_hold_json(r, questions);
  struct verror ve;
  e = import_plan_build(r->body ? r->body : "", r->body_len, plan, &ve);
  r->json = plan->owner; /* the rows' JSON bodies live as long as the request, freed with it */
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  if (plan->error_count && !job->dry_run) return reply_rows_refused(r, job);
  if (plan->count == 0) return reply_imported(r, ERR_OK, job); /* nothing to write */
  return api_write(r, import_run, job, reply_imported);
}

enum MHD_Result api_edition_registrations_import_template_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *questions = NULL;
  e = db_editions_questions(api_db(r), ed.id, &questions);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  char *header = import_template_header(questions);
  cJSON_Delete(questions);
  req_add_reply_header(r, "Content-Disposition",
                       req_printf(r, "attachment; filename=\"inscripciones-%s-plantilla.csv\"", ed.slug));
  return reply_bytes(r, 200, "text/csv; charset=utf-8", header, strlen(header), MHD_RESPMEM_MUST_FREE);
}
