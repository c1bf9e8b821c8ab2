/* api_messages.c — /api/v1/editions/{slug}/messages (organizers): send a message to a group of
 * the edition's registrants (202 {queued}: the e-mails are in the outbox, the mailer sends them),
 * or with ?dry_run=1 count who would receive it and preview it for the first of them, sending
 * nothing; and list the messages sent. Who receives what: db_messages.h. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db_messages.h"
#include "mail_request.h"
#include "mail_messages.h"

/* The sending as a write of the group commit (writer.h); it lives as long as the request. */
struct send_job {
  struct edition ed;
  struct message_filter filter;
  const char *subject, *body;
  long long actor;
  long long queued;
};

static enum err run_send(struct db *db, void *arg) {
  struct send_job *j = arg;
  return db_messages_send(db, &j->ed, &j->filter, j->subject, j->body, j->actor, &j->queued);
}

static enum MHD_Result reply_sent(struct req *r, enum err e, void *arg) {
  struct send_job *j = arg;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "queued", (double)j->queued);
  return reply_json(r, 202, o);
}

/* The message as the sample recipient would read it; the link's token is shown as "…". */
static cJSON *preview(const struct send_job *j, const struct message_sample *sample) {
  struct message_input msg = {.kind = MSG_ORGANIZER,
                              .edition = &j->ed,
                              .full_name = sample->full_name,
                              .code = sample->code,
                              .manage_token = "…",
                              .lang = sample->lang,
                              .template_subject = j->subject,
                              .template_body = j->body};
  char *subject, *body;
  message_compose(&msg, &subject, &body);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "to", sample->full_name);
  cJSON_AddStringToObject(o, "subject", subject);
  cJSON_AddStringToObject(o, "body", body);
  free(subject);
  free(body);
  return o;
}

/* 200 {recipients, preview?}: nothing is written. */
static enum MHD_Result reply_dry_run(struct req *r, const struct send_job *j) {
  long long count = 0;
  struct message_sample sample = {0};
  enum err e = db_messages_count(api_db(r), &j->ed, &j->filter, &count, &sample);
  if (e != ERR_OK) {
    message_sample_free(&sample);
    return reply_error(r, e, NULL);
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "recipients", (double)count);
  if (sample.full_name && j->subject && j->body) cJSON_AddItemToObject(o, "preview", preview(j, &sample));
  message_sample_free(&sample);
  return reply_json(r, 200, o);
}

enum MHD_Result api_edition_messages_post(struct req *r) {
  const char *dry = req_query(r, "dry_run");
  bool dry_run = dry && strcmp(dry, "1") == 0;
  struct send_job *j = req_alloc(r, sizeof *j);
  *j = (struct send_job){.actor = api_actor(r)};
  struct verror ve;
  enum err e = message_request_read(r->json, dry_run, &j->filter, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  j->subject = json_str(r->json, "subject");
  j->body = json_str(r->json, "body");
  e = api_edition(r, &j->ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (!api_db(r)) return reply_error(r, ERR_UNAVAILABLE, NULL);
  return dry_run ? reply_dry_run(r, j) : api_write(r, run_send, j, reply_sent);
}

enum MHD_Result api_edition_messages_get(struct req *r) {
  struct edition ed;
  struct verror ve;
  int limit, offset;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  e = api_page(r, &limit, &offset, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  cJSON *items = NULL;
  long long total = 0;
  e = db_messages_list(api_db(r), &ed, limit, offset, &items, &total);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_items(r, items, total);
}
