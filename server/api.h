/* api.h — every API handler (named after route and method, each listed once in http_routes.c) and
 * the few helpers they share: the thread's database, list replies, path ids and pagination. */
#ifndef ASAMBLEA_API_H
#define ASAMBLEA_API_H
#include "db.h"
#include "db_editions.h"
#include "http.h"
#include "validate.h"
#include "writer.h"

/* helpers (api_common.c) */
/* The thread's database; never NULL in a handler (router_dispatch answers 503 before calling one). */
struct db *api_db(struct req *r);
enum MHD_Result reply_items(struct req *r, cJSON *items, long long total);
/* Every create answers this way: 201 with the created resource (taken over; NULL is a 500) and
 * its address in Location (printf-style). */
enum MHD_Result reply_created(struct req *r, cJSON *resource, const char *location_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Detaches from array the first object whose number member key equals id; NULL when none. */
cJSON *json_detach_where(cJSON *array, const char *key, long long id);
/* The edition named by path parameter 0; ERR_NOT_FOUND (also for a draft, unless the caller
 * is an organizer) or ERR_INTERNAL. */
enum err api_edition(struct req *r, struct edition *ed);
/* The validated instant field name of the body in its stored UTC form (request memory), read in
 * zone when written without an offset; NULL when absent or null. */
const char *api_utc_field(struct req *r, const char *name, const char *zone);
/* A positive id from path parameter i, or -1. */
long long api_id_param(struct req *r, int i);
/* ?limit= (default 50, max 500) and ?offset=; ERR_VALIDATION with ve filled when malformed. */
enum err api_page(struct req *r, int *limit, int *offset, struct verror *ve);
/* Answers a refused input with its field and sentence. */
enum MHD_Result reply_invalid(struct req *r, enum err e, const struct verror *ve);
/* Answers a public read of the edition of path parameter 0 from the public cache under
 * "<what>:<slug>": a fresh entry is answered without touching the database; otherwise the
 * edition is checked (drafts are built for organizers only and never cached) and built. */
struct sbuf;
typedef enum err edition_build_fn(struct req *r, struct sbuf *out, const char **content_type);
enum MHD_Result reply_edition_cached(struct req *r, const char *what, edition_build_fn *build, const char *type);
/* Answers a write once the group commit is done with it: result is the write's own. */
typedef enum MHD_Result write_reply_fn(struct req *r, enum err result, void *arg);
/* Runs fn(db, arg) through the group commit (writer.h) without holding a worker thread while it
 * waits: the connection is parked (req_suspend) until the commit, then reply(r, result, arg)
 * answers on the connection's thread. arg must live as long as the request (req_alloc). */
enum MHD_Result api_write(struct req *r, write_fn *fn, void *arg, write_reply_fn *reply);
/* True when the caller is authenticated as organizer or admin. */
bool api_is_organizer(struct req *r);
/* The user id for the audit log (0 if anonymous). */
long long api_actor(struct req *r);

/* api_health.c */
handler_fn api_healthz_get, api_metrics_get;
/* api_editions.c */
handler_fn api_editions_get, api_editions_post, api_edition_get, api_edition_patch;
/* api_programme.c */
handler_fn api_edition_sessions_get, api_edition_people_get, api_person_get;
/* api_exports.c */
handler_fn api_edition_schedule_ics_get, api_edition_schedule_xml_get, api_edition_schedule_json_get;
/* api_auth.c */
handler_fn api_auth_session_post, api_auth_session_get, api_auth_session_delete;
/* api_registrations.c, api_registrations_list.c */
handler_fn api_edition_registrations_post, api_registration_get, api_registration_patch, api_registration_delete,
    api_registration_manage_link_post, api_edition_registrations_get, api_edition_registrations_json_get,
    api_edition_registrations_csv_get, api_edition_registrations_xlsx_get, api_edition_stats_get,
    api_edition_outbox_get, api_organizations_get;
handler_fn api_edition_outbox_retry_post;
handler_fn api_edition_registrations_confirm_post; /* opens the link of a sign-up waiting for its address */
/* The sign-up's field rules (the JSON body of POST …/registrations, count of them into *count),
 * and the whole check of a sign-up body: the rules, the answers to the edition's questions
 * (questions.h), consent given, and a type only organizers may give. Fills *in (pointing into body) or *ve. Every sign-up path goes through it (the CSV import
 * builds the same body for each row). */
struct reg_input;
const struct field_rule *registration_signup_rules(size_t *count);
enum err registration_signup_check(const cJSON *body, const cJSON *questions, bool organizer, struct reg_input *in,
                                   struct verror *ve);
handler_fn api_edition_registrations_import_post,
    api_edition_registrations_import_template_get; /* api_registrations_import.c */
/* api_schedule.c */
handler_fn api_edition_rooms_get, api_edition_rooms_post, api_room_patch, api_room_delete, api_edition_sessions_post,
    api_session_patch, api_session_delete, api_session_participants_post, api_session_participant_patch,
    api_session_participant_delete, api_edition_conflicts_get;
/* api_people.c */
handler_fn api_people_get, api_people_post, api_person_patch, api_person_photo_put, api_person_photo_get,
    api_person_photo_delete, api_edition_people_post, api_edition_person_delete, api_edition_copy_post;
/* The registration named by path parameter 0, for its attendee (X-Manage-Token, rate-limited)
 * or an organizer: ERR_OK with *as_organizer set, or the error to answer (api_registrations.c). */
struct reg_ref;
enum err registration_access(struct req *r, struct reg_ref *ref, bool *as_organizer);
/* api_checkins.c */
handler_fn api_edition_badge_key_get, api_edition_checkins_post, api_edition_checkins_get, api_edition_roster_get,
    api_edition_checkin_stats_get, api_registration_badge_reissue_post, api_registration_badge_get;
/* api_proceedings.c */
/* The edition of path parameter 0 when the caller may see its proceedings (published, or organizer). */
enum err api_proceedings_edition(struct req *r, struct edition *ed);
handler_fn api_edition_proceedings_get, api_edition_proceedings_items_post, api_proceedings_item_patch,
    api_proceedings_item_delete, api_edition_credits_put, api_edition_proceedings_versions_get, api_certificate_get;
/* api_documents.c */
handler_fn api_edition_proceedings_pdf_get, api_edition_proceedings_publish_post, api_registration_badge_pdf_get,
    api_edition_badges_pdf_get, api_edition_badges_printed_post, api_registration_certificate_pdf_get,
    api_edition_certificates_pdf_get;
/* api_messages.c */
handler_fn api_edition_messages_post, api_edition_messages_get;
/* api_privacy.c */
handler_fn api_registration_data_get, api_registration_anonymize_post, api_edition_anonymize_post;
/* api_users.c */
handler_fn api_users_get, api_users_post, api_user_patch, api_user_delete;
/* api_audit.c */
handler_fn api_audit_get, api_audit_actions_get;
/* api_session_password.c, api_password_reset.c */
handler_fn api_session_password_put, api_password_reset_post, api_password_reset_token_post;
#endif
