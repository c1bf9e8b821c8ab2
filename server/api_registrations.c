/* api_registrations.c — registrations: public sign-up, self-service through the manage token
 * (X-Manage-Token), and organizer access to any registration. Wrong tokens answer 404 (the
 * same as an unknown code) and are rate-limited per address (the right token never is). Public
 * sign-ups are limited per address too (serve --signup-limit, counted only when a sign-up is made,
 * never for a repeat of an Idempotency-Key); organizers never are. An edition with confirm_email
 * answers a public sign-up `pending_email` and makes the registration only when the link e-mailed
 * to the address is opened (POST …/registrations/confirm). */
#include <string.h>

#include "api.h"
#include "config.h"
#include "db_registrations.h"
#include "db_signup_keys.h"
#include "log.h"
#include "questions.h"
#include "http_ratelimit.h"
#include "writer.h"

static const struct field_rule registration_fields[] = {
    {.name = "full_name", .type = V_STRING, .required = true, .max_len = 200, .printable_script = true},
    {.name = "email", .type = V_EMAIL, .required = true},
    {.name = "organization", .type = V_STRING, .required = true, .max_len = 200, .printable_script = true},
    {.name = "position", .nullable = true, .type = V_STRING, .max_len = 200, .printable_script = true},
    {.name = "municipality", .nullable = true, .type = V_STRING, .max_len = 120},
    {.name = "phone", .nullable = true, .type = V_PHONE, .max_len = 30},
    {.name = "attendee_type", .type = V_ENUM, .required = true, .choices = ALL_ATTENDEE_TYPES},
    {.name = "accessibility_needs", .nullable = true, .type = V_TEXT, .max_len = 1000},
    {.name = "consent", .type = V_BOOL, .required = true},
    {.name = "language", .type = V_ENUM, .choices = "es|en"}, /* of its e-mails; absent: es */
    {.name = "answers", .type = V_OBJECT}, /* {id: value} for the edition's questions (questions.h) */
    {.name = "status", .type = V_ENUM, .choices = "confirmed|waitlisted|cancelled"},
};
#define PATCH_FIELDS (sizeof registration_fields / sizeof registration_fields[0])
#define CREATE_FIELDS (PATCH_FIELDS - 1) /* status is set by the rules, or later by an organizer */

/* A field's text: "" when sent as null (it clears an optional field), NULL when absent. */
static const char *text_or_clear(const cJSON *j, const char *name) {
  return json_is_null(j, name) ? "" : json_str(j, name);
}

static void read_input(const cJSON *j, struct reg_input *in) {
  in->full_name = json_str(j, "full_name");
  in->email = json_str(j, "email");
  in->organization = json_str(j, "organization");
  in->position = text_or_clear(j, "position");
  in->municipality = text_or_clear(j, "municipality");
  in->phone = text_or_clear(j, "phone");
  in->attendee_type = json_str(j, "attendee_type");
  in->accessibility_needs = text_or_clear(j, "accessibility_needs");
  in->status = json_str(j, "status");
  in->language = json_str(j, "language");
  in->answers = json_get(j, "answers");
}

/* The edition's questions, held until the request ends; NULL when they cannot be read. */
static const cJSON *edition_questions(struct req *r, long long edition_id) {
  cJSON *questions = NULL;
  struct db *db = api_db(r);
  if (!db || db_editions_questions(db, edition_id, &questions) != ERR_OK) return NULL;
  return req_hold_json(r, questions);
}

/* A sign-up, or the opening of a confirmation link, as a write of the group commit (writer.h); it
 * lives as long as the request. */
struct create_job {
  struct edition ed;
  struct reg_input in;
  bool organizer;
  long long actor;
  const char *key;                  /* Idempotency-Key, or NULL */
  unsigned char request_sha256[32]; /* of the body, to refuse a key reused for another request */
  const char *confirm_token;        /* set: open this confirmation link instead of signing up */
  bool counted;                     /* took one sign-up of the address's limit */
  bool over_limit;                  /* past the limit: only a repeat of a recorded key is answered */
  bool replayed;                    /* answered from the key's record: nothing was made */
  unsigned retry_after;             /* seconds, when over the limit */
  struct reg_created out;
};

/* The sign-up itself: a public one waits for its address to be confirmed when the edition asks. */
static enum err sign_up(struct db *db, struct create_job *j) {
  if (j->over_limit) return ERR_RATE_LIMITED;
  if (j->ed.confirm_email && !j->organizer) return db_registrations_create_pending(db, &j->ed, &j->in, &j->out);
  return db_registrations_create(db, &j->ed, &j->in, j->organizer, j->actor, &j->out);
}

/* The registration with its outbox and audit rows, and the key's record, all or nothing; a key
 * already recorded answers its first answer and writes nothing. */
static enum err run_create(struct db *db, void *arg) {
  struct create_job *j = arg;
  if (!j->key) return sign_up(db, j);
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = db_signup_key_find(db, j->ed.id, j->key, j->request_sha256, &j->out);
  j->replayed = e == ERR_OK;
  if (e == ERR_NOT_FOUND) {
    e = sign_up(db, j);
    if (e == ERR_OK) e = db_signup_key_store(db, j->ed.id, j->key, j->request_sha256, &j->out);
  }
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

static enum err run_confirm(struct db *db, void *arg) {
  struct create_job *j = arg;
  return db_registrations_confirm_email(db, &j->ed, j->confirm_token, &j->out);
}

/* 201 to a sign-up waiting for its address: nothing to manage yet, so no code and no token. */
static enum MHD_Result reply_pending(struct req *r, const struct create_job *job) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "status", job->out.status);
  cJSON_AddStringToObject(o, "email", job->in.email);
  return reply_json(r, 201, o);
}

/* The refusal of a sign-up or of a confirmation link. */
static enum MHD_Result reply_refused(struct req *r, enum err e, const struct create_job *job) {
  if (e == ERR_DUPLICATE_REG) return reply_error(r, e, "email");
  if (e == ERR_CONFLICT && job->key) return reply_error_msg(r, e, "Idempotency-Key", "err.signup.key_reused");
  if (e == ERR_RATE_LIMITED) {
    req_add_reply_header(r, "Retry-After", req_printf(r, "%u", job->retry_after));
    return reply_error_msg(r, e, NULL, "err.signup.rate_limited");
  }
  if (e == ERR_NOT_FOUND && job->confirm_token) return reply_error_msg(r, e, "token", "err.signup.confirm_link");
  return reply_error(r, e, NULL);
}

static enum MHD_Result reply_signup(struct req *r, enum err e, void *arg) {
  struct create_job *job = arg;
  const struct reg_created *out = &job->out;
  if (job->counted && (e != ERR_OK || job->replayed)) { /* only a sign-up made counts */
    struct rl_key address = {RL_SIGNUP, req_ip(r)};
    ratelimit_release(&address, 1);
  }
  if (e != ERR_OK) return reply_refused(r, e, job);
  if (strcmp(out->status, "pending_email") == 0) return reply_pending(r, job);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "code", out->code);
  cJSON_AddStringToObject(o, "status", out->status);
  cJSON_AddStringToObject(o, "manage_token", out->manage_token);
  cJSON_AddStringToObject(o, "manage_url",
                          req_printf(r, "%s/r/%s?t=%s", config_public_url(), out->code, out->manage_token));
  if (out->waitlist_position) cJSON_AddNumberToObject(o, "waitlist_position", (double)out->waitlist_position);
  return reply_created(r, o, "/api/v1/registrations/%s", out->code);
}

const struct field_rule *registration_signup_rules(size_t *count) {
  *count = CREATE_FIELDS;
  return registration_fields;
}

enum err registration_signup_check(const cJSON *body, const cJSON *questions, bool organizer, struct reg_input *in,
                                   struct verror *ve) {
  enum err e = validate_body(body, registration_fields, CREATE_FIELDS, VALIDATE_CREATE, ve);
  if (e != ERR_OK) return e;
  read_input(body, in);
  in->questions = questions;
  e = answers_check(questions, in->answers, false, ve);
  if (e != ERR_OK) return e;
  in->status = NULL;
  if (!json_bool(body, "consent", false)) {
    verror_set(ve, "consent", "err.signup.consent");
    return ERR_VALIDATION;
  }
  if (!organizer && !attendee_type_takes_seat(in->attendee_type)) {
    verror_set(ve, "attendee_type", "err.signup.type_for_organizers");
    return ERR_VALIDATION;
  }
  return ERR_OK;
}

enum MHD_Result api_edition_registrations_post(struct req *r) {
  struct verror ve;
  bool organizer = api_is_organizer(r);
  struct create_job *job = req_alloc(r, sizeof *job);
  *job = (struct create_job){.organizer = organizer, .actor = api_actor(r), .key = req_header(r, "Idempotency-Key")};
  if (r->user_error != ERR_OK) return reply_error(r, r->user_error, NULL); /* credentials sent, not readable now */
  enum err e = api_edition(r, &job->ed); /* an unknown edition is 404 whatever the body */
  if (e != ERR_OK) return reply_error(r, e, NULL);
  const cJSON *questions = edition_questions(r, job->ed.id);
  if (!questions) return reply_error(r, ERR_INTERNAL, NULL);
  e = registration_signup_check(r->json, questions, organizer, &job->in, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  if (job->key && !signup_key_valid(job->key))
    return reply_error_msg(r, ERR_VALIDATION, "Idempotency-Key", "err.signup.key_format");
  crypto_hash_sha256(job->request_sha256, (const unsigned char *)(r->body ? r->body : ""), r->body_len);
  if (!job->organizer) {
    struct rl_key address = {RL_SIGNUP, req_ip(r)};
    job->counted = ratelimit_reserve(&address, 1, &job->retry_after);
    job->over_limit = !job->counted;
    if (job->over_limit && !job->key) return reply_refused(r, ERR_RATE_LIMITED, job);
  }
  return api_write(r, run_create, job, reply_signup);
}

static const struct field_rule confirm_fields[] = {
    {.name = "token", .type = V_STRING, .required = true, .max_len = 64},
};

enum MHD_Result api_edition_registrations_confirm_post(struct req *r) {
  struct verror ve;
  enum err e = VALIDATE(r->json, confirm_fields, VALIDATE_CREATE, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct create_job *job = req_alloc(r, sizeof *job);
  *job = (struct create_job){.confirm_token = json_str(r->json, "token")};
  e = api_edition(r, &job->ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return api_write(r, run_confirm, job, reply_signup);
}

enum err registration_access(struct req *r, struct reg_ref *ref, bool *as_organizer) {
  *as_organizer = api_is_organizer(r);
  struct db *db = api_db(r);
  enum err e = db ? db_registrations_ref(db, req_param(r, 0), ref) : ERR_UNAVAILABLE;
  if (e == ERR_INTERNAL || e == ERR_UNAVAILABLE || *as_organizer) return e;
  /* the same comparison for an unknown code (against a stand-in) as for a known one */
  if (auth_token_matches(e == ERR_OK ? ref->token_hash : NULL, req_header(r, "X-Manage-Token"))) return ERR_OK;
  /* only wrong attempts are limited: the right link works from an address someone guessed from */
  const struct rl_key limit = {RL_MANAGE_TOKEN, req_ip(r)};
  unsigned retry_after = 0;
  if (!ratelimit_reserve(&limit, 1, &retry_after)) return auth_too_many(r, retry_after);
  LOG_CLIENT("wrong manage token or code");
  return ERR_NOT_FOUND;
}

static enum MHD_Result reply_registration(struct req *r, const struct reg_ref *ref) {
  struct db *db = api_db(r);
  struct reg_ref fresh;
  cJSON *out = NULL;
  enum err e = db_registrations_ref(db, ref->code, &fresh);
  if (e == ERR_OK) e = db_registrations_get(db, &fresh, &out);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 200, out);
}

enum MHD_Result api_registration_get(struct req *r) {
  struct reg_ref ref;
  bool organizer;
  enum err e = registration_access(r, &ref, &organizer);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_registration(r, &ref);
}

/* A change to one registration as a write of the group commit (writer.h): the request waits
 * parked, holding no worker thread. It lives as long as the request. */
struct change_job {
  struct reg_ref ref;
  struct reg_input in;
  long long actor;
  struct verror ve;        /* why an update was refused */
  char token[TOKEN_CHARS]; /* the new manage token, for a new link */
};

static enum err run_update(struct db *db, void *arg) {
  struct change_job *j = arg;
  return db_registrations_update(db, &j->ref, &j->in, j->actor, &j->ve);
}

static enum err run_cancel(struct db *db, void *arg) {
  struct change_job *j = arg;
  return db_registrations_cancel(db, &j->ref, j->actor);
}

static enum err run_new_link(struct db *db, void *arg) {
  struct change_job *j = arg;
  return db_registrations_new_link(db, &j->ref, j->actor, j->token);
}

/* Answers the registration as it is after the change. */
static enum MHD_Result reply_changed(struct req *r, enum err e, void *arg) {
  struct change_job *j = arg;
  if (e != ERR_OK) return reply_invalid(r, e, &j->ve);
  return reply_registration(r, &j->ref);
}

static enum MHD_Result reply_new_link(struct req *r, enum err e, void *arg) {
  struct change_job *j = arg;
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "code", j->ref.code);
  cJSON_AddStringToObject(o, "manage_token", j->token);
  cJSON_AddStringToObject(o, "manage_url", req_printf(r, "%s/r/%s?t=%s", config_public_url(), j->ref.code, j->token));
  return reply_json(r, 200, o);
}

/* The change job of the registration named in the path, once access is granted; NULL after
 * answering the refusal (*ret). */
static struct change_job *change_job(struct req *r, bool *organizer, enum MHD_Result *ret) {
  struct change_job *j = req_alloc(r, sizeof *j);
  *j = (struct change_job){.actor = api_actor(r)};
  enum err e = registration_access(r, &j->ref, organizer);
  if (e == ERR_OK) return j;
  *ret = reply_error(r, e, NULL);
  return NULL;
}

enum MHD_Result api_registration_patch(struct req *r) {
  bool organizer;
  enum MHD_Result ret;
  struct change_job *j = change_job(r, &organizer, &ret);
  if (!j) return ret;
  enum err e = validate_body(r->json, registration_fields, PATCH_FIELDS, VALIDATE_PATCH, &j->ve);
  if (e != ERR_OK) return reply_invalid(r, e, &j->ve);
  read_input(r->json, &j->in);
  if (j->in.answers) {
    j->in.questions = edition_questions(r, j->ref.edition.id);
    if (!j->in.questions) return reply_error(r, ERR_INTERNAL, NULL);
    e = answers_check(j->in.questions, j->in.answers, true, &j->ve);
    if (e != ERR_OK) return reply_invalid(r, e, &j->ve);
  }
  if (!organizer && j->in.status)
    return reply_error_msg(r, ERR_FORBIDDEN, "status", "err.registration.cancel_with_delete");
  if (!organizer && j->in.attendee_type && !attendee_type_takes_seat(j->in.attendee_type))
    return reply_error_msg(r, ERR_FORBIDDEN, "attendee_type", "err.registration.type_for_organizers");
  return api_write(r, run_update, j, reply_changed);
}

enum MHD_Result api_registration_delete(struct req *r) {
  bool organizer;
  enum MHD_Result ret;
  struct change_job *j = change_job(r, &organizer, &ret);
  return j ? api_write(r, run_cancel, j, reply_changed) : ret;
}

enum MHD_Result api_registration_manage_link_post(struct req *r) {
  bool organizer;
  enum MHD_Result ret;
  struct change_job *j = change_job(r, &organizer, &ret);
  return j ? api_write(r, run_new_link, j, reply_new_link) : ret;
}
