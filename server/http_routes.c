/* http_routes.c — the route table: every endpoint of API.md that exists, once, with its handler,
 * minimum role and body. Order matters only between patterns that could both match. */
#include "api.h"
#include "http_router.h"

#define PUBLIC ROLE_NONE
#define JSON BODY_JSON
#define NOBODY BODY_NONE
#define PHOTO_BODY_CAP ((size_t)2 << 20)  /* 2 MiB */
#define IMPORT_BODY_CAP ((size_t)2 << 20) /* 2 MiB: IMPORT_MAX_BYTES of registration_import.h */

/* One route per line, however long: */
/* clang-format off */
const struct route routes[] = {
    {M_GET, "/healthz", api_healthz_get, PUBLIC, NOBODY, 0},
    {M_GET, "/metrics", api_metrics_get, PUBLIC, NOBODY, 0},

    {M_POST, "/api/v1/session", api_auth_session_post, PUBLIC, JSON, 0},
    {M_GET, "/api/v1/session", api_auth_session_get, ROLE_STAFF, NOBODY, 0},
    {M_DELETE, "/api/v1/session", api_auth_session_delete, ROLE_STAFF, NOBODY, 0},
    {M_PUT, "/api/v1/session/password", api_session_password_put, ROLE_STAFF, JSON, 0},
    {M_POST, "/api/v1/password-reset", api_password_reset_post, PUBLIC, JSON, 0},
    {M_POST, "/api/v1/password-reset/{token}", api_password_reset_token_post, PUBLIC, JSON, 0},

    {M_GET, "/api/v1/users", api_users_get, ROLE_ADMIN, NOBODY, 0},
    {M_POST, "/api/v1/users", api_users_post, ROLE_ADMIN, JSON, 0},
    {M_PATCH, "/api/v1/users/{id}", api_user_patch, ROLE_ADMIN, JSON, 0},
    {M_DELETE, "/api/v1/users/{id}", api_user_delete, ROLE_ADMIN, NOBODY, 0},
    {M_GET, "/api/v1/audit", api_audit_get, ROLE_ADMIN, NOBODY, 0},
    {M_GET, "/api/v1/audit/actions", api_audit_actions_get, ROLE_ADMIN, NOBODY, 0},

    {M_GET, "/api/v1/editions", api_editions_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/editions", api_editions_post, ROLE_ORGANIZER, JSON, 0},
    {M_GET, "/api/v1/editions/{slug}", api_edition_get, PUBLIC, NOBODY, 0},
    {M_PATCH, "/api/v1/editions/{slug}", api_edition_patch, ROLE_ORGANIZER, JSON, 0},

    {M_GET, "/api/v1/editions/{slug}/sessions", api_edition_sessions_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/people", api_edition_people_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/schedule.ics", api_edition_schedule_ics_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/schedule.xml", api_edition_schedule_xml_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/schedule.json", api_edition_schedule_json_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/people/{id}", api_person_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/people", api_people_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/people", api_people_post, ROLE_ORGANIZER, JSON, 0},
    {M_PATCH, "/api/v1/people/{id}", api_person_patch, ROLE_ORGANIZER, JSON, 0},
    {M_PUT, "/api/v1/people/{id}/photo", api_person_photo_put, ROLE_ORGANIZER, BODY_RAW, PHOTO_BODY_CAP},
    {M_GET, "/api/v1/people/{id}/photo", api_person_photo_get, PUBLIC, NOBODY, 0},
    {M_DELETE, "/api/v1/people/{id}/photo", api_person_photo_delete, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/people", api_edition_people_post, ROLE_ORGANIZER, JSON, 0},
    {M_DELETE, "/api/v1/editions/{slug}/people/{id}", api_edition_person_delete, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/copy", api_edition_copy_post, ROLE_ORGANIZER, JSON, 0},

    {M_GET, "/api/v1/editions/{slug}/rooms", api_edition_rooms_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/rooms", api_edition_rooms_post, ROLE_ORGANIZER, JSON, 0},
    {M_PATCH, "/api/v1/rooms/{id}", api_room_patch, ROLE_ORGANIZER, JSON, 0},
    {M_DELETE, "/api/v1/rooms/{id}", api_room_delete, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/sessions", api_edition_sessions_post, ROLE_ORGANIZER, JSON, 0},
    {M_PATCH, "/api/v1/sessions/{id}", api_session_patch, ROLE_ORGANIZER, JSON, 0},
    {M_DELETE, "/api/v1/sessions/{id}", api_session_delete, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/sessions/{id}/participants", api_session_participants_post, ROLE_ORGANIZER, JSON, 0},
    {M_PATCH, "/api/v1/sessions/{id}/participants/{person_id}", api_session_participant_patch, ROLE_ORGANIZER, JSON, 0},
    {M_DELETE, "/api/v1/sessions/{id}/participants/{person_id}", api_session_participant_delete, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/conflicts", api_edition_conflicts_get, ROLE_ORGANIZER, NOBODY, 0},

    {M_GET, "/api/v1/editions/{slug}/proceedings", api_edition_proceedings_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/proceedings/items", api_edition_proceedings_items_post, ROLE_ORGANIZER, JSON, 0},
    {M_PATCH, "/api/v1/proceedings/items/{id}", api_proceedings_item_patch, ROLE_ORGANIZER, JSON, 0},
    {M_DELETE, "/api/v1/proceedings/items/{id}", api_proceedings_item_delete, ROLE_ORGANIZER, NOBODY, 0},
    {M_PUT, "/api/v1/editions/{slug}/credits", api_edition_credits_put, ROLE_ORGANIZER, JSON, 0},
    {M_GET, "/api/v1/editions/{slug}/proceedings/versions", api_edition_proceedings_versions_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/certificates/{code}", api_certificate_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/proceedings.pdf", api_edition_proceedings_pdf_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/proceedings/publish", api_edition_proceedings_publish_post, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/registrations/{code}/badge.pdf", api_registration_badge_pdf_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/badges.pdf", api_edition_badges_pdf_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/badges/printed", api_edition_badges_printed_post, ROLE_ORGANIZER, JSON, 0},
    {M_GET, "/api/v1/registrations/{code}/certificate.pdf", api_registration_certificate_pdf_get, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/certificates.pdf", api_edition_certificates_pdf_get, ROLE_ORGANIZER, NOBODY, 0},

    {M_GET, "/api/v1/editions/{slug}/badge-key", api_edition_badge_key_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/checkins", api_edition_checkins_post, ROLE_STAFF, JSON, 0},
    {M_GET, "/api/v1/editions/{slug}/checkins", api_edition_checkins_get, ROLE_STAFF, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/checkins/stats", api_edition_checkin_stats_get, ROLE_STAFF, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/roster", api_edition_roster_get, ROLE_STAFF, NOBODY, 0},
    {M_GET, "/api/v1/registrations/{code}/badge", api_registration_badge_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/registrations/{code}/badge/reissue", api_registration_badge_reissue_post, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/organizations", api_organizations_get, PUBLIC, NOBODY, 0},

    {M_POST, "/api/v1/editions/{slug}/registrations", api_edition_registrations_post, PUBLIC, JSON, 0},
    {M_POST, "/api/v1/editions/{slug}/registrations/confirm", api_edition_registrations_confirm_post, PUBLIC, JSON, 0},
    {M_POST, "/api/v1/editions/{slug}/registrations/import", api_edition_registrations_import_post, ROLE_ORGANIZER, BODY_RAW, IMPORT_BODY_CAP},
    {M_GET, "/api/v1/editions/{slug}/registrations/import-template.csv", api_edition_registrations_import_template_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/registrations", api_edition_registrations_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/registrations.csv", api_edition_registrations_csv_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/registrations.xlsx", api_edition_registrations_xlsx_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/registrations.json", api_edition_registrations_json_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/stats", api_edition_stats_get, ROLE_STAFF, NOBODY, 0},
    {M_GET, "/api/v1/editions/{slug}/outbox", api_edition_outbox_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/outbox/retry", api_edition_outbox_retry_post, ROLE_ORGANIZER, JSON, 0},
    {M_POST, "/api/v1/editions/{slug}/messages", api_edition_messages_post, ROLE_ORGANIZER, JSON, 0},
    {M_GET, "/api/v1/editions/{slug}/messages", api_edition_messages_get, ROLE_ORGANIZER, NOBODY, 0},
    {M_GET, "/api/v1/registrations/{code}", api_registration_get, PUBLIC, NOBODY, 0},
    {M_PATCH, "/api/v1/registrations/{code}", api_registration_patch, PUBLIC, JSON, 0},
    {M_DELETE, "/api/v1/registrations/{code}", api_registration_delete, PUBLIC, NOBODY, 0},
    {M_GET, "/api/v1/registrations/{code}/data", api_registration_data_get, PUBLIC, NOBODY, 0},
    {M_POST, "/api/v1/registrations/{code}/anonymize", api_registration_anonymize_post, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/editions/{slug}/anonymize", api_edition_anonymize_post, ROLE_ORGANIZER, NOBODY, 0},
    {M_POST, "/api/v1/registrations/{code}/manage-link", api_registration_manage_link_post, ROLE_ORGANIZER, NOBODY, 0},
};
/* clang-format on */

const size_t routes_count = sizeof routes / sizeof routes[0];
