/* test_registrations.c — the registration rules on a temporary database (migrated and seeded),
 * against the seeded open edition pastaza-2025 with a small capacity: server/db_registrations.c
 * (confirmed up to capacity then waitlisted in order, one live registration per email whatever
 * its case, organizer-only types outside capacity, closed editions, cancelling with promotion of
 * the oldest waitlisted in the same call, cancelling twice, confirming past capacity, filling
 * seats after a capacity raise, new manage links), db_outbox.c (each change queues its message,
 * carrying the attendee's own manage link, recovered from the sealed token), db_registrations_list.c
 * (accent- and case-blind search, filters, sort, pagination, the CSV export, the counts), and
 * the audit entry every change leaves. The tests share one database and run in order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "csv.h"
#include "db.h"
#include "db_audit.h"
#include "db_editions.h"
#include "db_registrations.h"
#include "db_users.h"
#include "secrets.h"

#define SLUG "pastaza-2025"
#define PUBLIC_URL "https://asamblea.example.ec"

static char db_file[64];

/* The registrations the tests make, by name; filled as they are created. */
enum who { ANA, LUCIA, CARLA, DIEGO, ELENA, FABIO, GINA, ANA2, HUGO, WHO_COUNT };
static struct reg_created made[WHO_COUNT];
static long long organizer; /* a user id: the actor of organizer changes */

static int group_setup(void **state) {
  (void)state;
  snprintf(db_file, sizeof db_file, "/tmp/asamblea-regs-XXXXXX");
  int fd = mkstemp(db_file);
  if (fd < 0) return -1;
  close(fd);
  db_configure(db_file);
  if (!secrets_load(db_file) || !auth_init()) return -1;
  struct db *db = db_thread();
  int n = 0;
  if (!db || db_migrate(db, &n) != ERR_OK || db_seed(db, &n) != ERR_OK) return -1;
  if (db_users_insert(db, "org@ame.gob.ec", "Organizadora", ROLE_ORGANIZER, "$argon2id$x", 0, &organizer) != ERR_OK)
    return -1;
  config_set_public_url(PUBLIC_URL);
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  db_close_thread();
  char side[80];
  unlink(db_file);
  static const char *const suffixes[] = {"-wal", "-shm", ".key"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(side, sizeof side, "%s%s", db_file, suffixes[i]);
    unlink(side);
  }
  return 0;
}

static struct db *db(void) {
  struct db *d = db_thread();
  assert_non_null(d);
  return d;
}

static sqlite3_stmt *prepare(const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db_handle(db()), sql, -1, &st, NULL) != SQLITE_OK)
    fail_msg("prepare failed: %s: %s", sql, sqlite3_errmsg(db_handle(db())));
  return st;
}

/* One integer from a query with one optional text parameter. */
static long long q_int(const char *sql, const char *param) {
  sqlite3_stmt *st = prepare(sql);
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
  long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -999;
  sqlite3_finalize(st);
  return v;
}

/* One text value (a new string, "" if no row) from a query with one optional text parameter. */
static char *q_text(const char *sql, const char *param) {
  sqlite3_stmt *st = prepare(sql);
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
  char *out = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    out = strdup(t ? (const char *)t : "");
  } else {
    out = strdup("");
  }
  sqlite3_finalize(st);
  return out;
}

static long long audit_rows(void) { return q_int("SELECT count(*) FROM audit_log", NULL); }
static long long outbox_rows(void) { return q_int("SELECT count(*) FROM outbox", NULL); }
static long long registration_rows(void) { return q_int("SELECT count(*) FROM registrations", NULL); }
static void assert_no_open_transaction(void) { assert_int_equal(sqlite3_get_autocommit(db_handle(db())), 1); }

/* The newest audit entry's action and entity id, as "action id". */
static char *last_audit(void) {
  return q_text("SELECT action || ' ' || entity || ' ' || entity_id FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
}

static struct edition edition(void) {
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), SLUG, &ed), ERR_OK);
  return ed;
}

static void edition_set(const char *json) {
  cJSON *f = cJSON_Parse(json);
  assert_non_null(f);
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  enum err e = db_editions_update(db(), SLUG, f, 0, &ve);
  if (e != ERR_OK) fail_msg("db_editions_update(%s): %s (%s)", json, err_code(e), ve.message);
  cJSON_Delete(f);
}

static struct reg_input person(const char *name, const char *email, const char *type) {
  struct reg_input in;
  memset(&in, 0, sizeof in);
  in.full_name = name;
  in.email = email;
  in.organization = "GAD Municipal";
  in.municipality = "Puyo";
  in.attendee_type = type;
  return in;
}

static enum err create(const struct reg_input *in, bool by_organizer, struct reg_created *out) {
  struct edition ed = edition();
  return db_registrations_create(db(), &ed, in, by_organizer, by_organizer ? organizer : 0, out);
}

static struct reg_ref ref_of(enum who w) {
  struct reg_ref ref;
  memset(&ref, 0, sizeof ref);
  assert_int_equal(db_registrations_ref(db(), made[w].code, &ref), ERR_OK);
  return ref;
}

/* The status of w (a few calls may be used in one expression: the buffers rotate). */
static const char *status_of(enum who w) {
  static char status[4][16];
  static unsigned next;
  char *out = status[next++ % 4];
  struct reg_ref ref = ref_of(w);
  snprintf(out, sizeof status[0], "%s", ref.status);
  return out;
}

static long long position_of(enum who w) {
  struct reg_ref ref = ref_of(w);
  cJSON *o = NULL;
  assert_int_equal(db_registrations_get(db(), &ref, &o), ERR_OK);
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "waitlist_position");
  long long v = cJSON_IsNumber(p) ? (long long)p->valuedouble : 0;
  cJSON_Delete(o);
  return v;
}

/* Number of outbox rows of kind for the registration w. */
static long long outbox_count(enum who w, const char *kind) {
  sqlite3_stmt *st = prepare("SELECT count(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id"
                             " WHERE r.code = ?1 AND o.kind = ?2");
  sqlite3_bind_text(st, 1, made[w].code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

/* The newest outbox body of kind for w (a new string, "" if none). */
static char *outbox_body(enum who w, const char *kind) {
  sqlite3_stmt *st = prepare("SELECT o.body FROM outbox o JOIN registrations r ON r.id = o.registration_id"
                             " WHERE r.code = ?1 AND o.kind = ?2 ORDER BY o.id DESC LIMIT 1");
  sqlite3_bind_text(st, 1, made[w].code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  char *out = strdup(sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
  sqlite3_finalize(st);
  return out;
}

/* The personal link of w with the given token, as the e-mails write it. */
static void link_of(enum who w, const char *token, char *out, size_t size) {
  snprintf(out, size, "%s/r/%s?t=%s", PUBLIC_URL, made[w].code, token);
}

static void assert_body_has_link(enum who w, const char *kind, const char *token) {
  char *body = outbox_body(w, kind);
  char link[200];
  link_of(w, token, link, sizeof link);
  if (!strstr(body, link)) fail_msg("%s message of %s lacks its link %s:\n%s", kind, made[w].code, link, body);
  free(body);
}

/* ---- creating ---- */

static void test_setup_capacity(void **state) {
  (void)state;
  struct edition ed = edition();
  assert_string_equal(ed.status, "open");
  edition_set("{\"capacity\":2}");
  ed = edition();
  assert_int_equal(ed.capacity, 2);
  assert_int_equal(registration_rows(), 0);
}

static void test_create_up_to_capacity_then_waitlist(void **state) {
  (void)state;
  long long audits = audit_rows(), outbox = outbox_rows();
  struct reg_input ana = person("Ana Pérez", "ana.perez@puyo.gob.ec", "official");
  struct reg_input lucia = person("Lucía Pérez Ñacato", "lucia@pastaza.gob.ec", "authority");
  lucia.organization = "Gobierno Provincial de Pastaza";
  lucia.municipality = "Mera";
  struct reg_input carla = person("Carla Núñez", "carla@uea.edu.ec", "academia");
  carla.organization = "Universidad Estatal Amazónica";
  struct reg_input diego = person("Diego Ñacato", "diego@prensa.ec", "press");
  diego.municipality = "Tena";

  assert_int_equal(create(&ana, false, &made[ANA]), ERR_OK);
  assert_string_equal(made[ANA].status, "confirmed");
  assert_int_equal(made[ANA].waitlist_position, 0);
  assert_int_equal(strlen(made[ANA].code), REGCODE_LEN);
  assert_int_equal(strlen(made[ANA].manage_token), TOKEN_CHARS - 1);
  assert_int_equal(create(&lucia, false, &made[LUCIA]), ERR_OK);
  assert_string_equal(made[LUCIA].status, "confirmed");
  assert_int_equal(made[LUCIA].waitlist_position, 0);
  /* full: the next ones wait, in order */
  assert_int_equal(create(&carla, false, &made[CARLA]), ERR_OK);
  assert_string_equal(made[CARLA].status, "waitlisted");
  assert_int_equal(made[CARLA].waitlist_position, 1);
  assert_int_equal(create(&diego, false, &made[DIEGO]), ERR_OK);
  assert_string_equal(made[DIEGO].status, "waitlisted");
  assert_int_equal(made[DIEGO].waitlist_position, 2);
  assert_no_open_transaction();

  assert_string_equal(status_of(ANA), "confirmed");
  assert_string_equal(status_of(CARLA), "waitlisted");
  assert_int_equal(position_of(CARLA), 1);
  assert_int_equal(position_of(DIEGO), 2);
  assert_int_equal(position_of(ANA), 0);
  /* codes differ; tokens differ; the token is stored only as its hash and a sealed box */
  assert_string_not_equal(made[ANA].code, made[LUCIA].code);
  assert_string_not_equal(made[ANA].manage_token, made[LUCIA].manage_token);
  struct reg_ref r = ref_of(ANA);
  unsigned char h[32];
  auth_token_hash(made[ANA].manage_token, h);
  assert_memory_equal(h, r.token_hash, 32);
  assert_int_equal(q_int("SELECT count(*) FROM registrations WHERE instr(CAST(manage_token_box AS TEXT), ?) > 0",
                         made[ANA].manage_token),
                   0);
  assert_int_equal(q_int("SELECT count(*) FROM registrations WHERE manage_token_box IS NULL", NULL), 0);
  /* the search column is folded */
  char *search = q_text("SELECT search FROM registrations WHERE code = ?", made[LUCIA].code);
  assert_non_null(strstr(search, "lucia perez nacato"));
  free(search);

  /* each one queued its message with its own link, and left an audit entry */
  assert_int_equal(outbox_rows(), outbox + 4);
  assert_int_equal(outbox_count(ANA, "registration.confirmed"), 1);
  assert_int_equal(outbox_count(LUCIA, "registration.confirmed"), 1);
  assert_int_equal(outbox_count(CARLA, "registration.waitlisted"), 1);
  assert_int_equal(outbox_count(DIEGO, "registration.waitlisted"), 1);
  assert_body_has_link(ANA, "registration.confirmed", made[ANA].manage_token);
  assert_body_has_link(DIEGO, "registration.waitlisted", made[DIEGO].manage_token);
  char *body = outbox_body(DIEGO, "registration.waitlisted");
  assert_non_null(strstr(body, "lista de espera: 2."));
  free(body);
  char *to = q_text("SELECT to_addr FROM outbox ORDER BY id DESC LIMIT 1", NULL);
  assert_string_equal(to, "diego@prensa.ec");
  free(to);
  assert_int_equal(audit_rows(), audits + 4);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.create'", NULL), 4);
  char *a = last_audit();
  char want[64];
  snprintf(want, sizeof want, "registration.create registration %s", made[DIEGO].code);
  assert_string_equal(a, want);
  free(a);
}

static void test_duplicate_email(void **state) {
  (void)state;
  long long audits = audit_rows(), outbox = outbox_rows(), rows = registration_rows();
  struct reg_input again = person("Ana P.", "ANA.Perez@PUYO.gob.ec", "official");
  struct reg_created out;
  assert_int_equal(create(&again, false, &out), ERR_DUPLICATE_REG);
  assert_int_equal(create(&again, true, &out), ERR_DUPLICATE_REG); /* organizers too */
  /* a waitlisted registration is live as well */
  struct reg_input carla = person("Carla", "Carla@UEA.edu.ec", "academia");
  assert_int_equal(create(&carla, false, &out), ERR_DUPLICATE_REG);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(outbox_rows(), outbox);
  assert_int_equal(registration_rows(), rows);
}

static void test_non_public_types_outside_capacity(void **state) {
  (void)state;
  long long audits = audit_rows();
  struct reg_input elena = person("Elena Ponente", "elena@ponentes.org", "speaker");
  elena.municipality = "";
  assert_int_equal(create(&elena, true, &made[ELENA]), ERR_OK);
  assert_string_equal(made[ELENA].status, "confirmed");
  assert_int_equal(made[ELENA].waitlist_position, 0);
  struct reg_input guest = person("Fabio Invitado", "fabio@embajada.org", "guest");
  assert_int_equal(create(&guest, true, &made[FABIO]), ERR_OK);
  assert_string_equal(made[FABIO].status, "confirmed");
  assert_int_equal(audit_rows(), audits + 2);
  assert_int_equal(q_int("SELECT user_id FROM audit_log ORDER BY id DESC LIMIT 1", NULL), organizer);
  /* they took no seat: the waitlist did not move and two seat-holders remain */
  assert_int_equal(position_of(CARLA), 1);
  assert_int_equal(q_int("SELECT count(*) FROM registrations WHERE status = 'confirmed' AND attendee_type IN"
                         " ('authority','official','cooperation','academia','civil_society','press')",
                         NULL),
                   2);
  assert_int_equal(q_int("SELECT count(*) FROM registrations WHERE status = 'confirmed'", NULL), 4);
}

static void test_closed_edition(void **state) {
  (void)state;
  edition_set("{\"status\":\"closed\"}");
  long long audits = audit_rows(), rows = registration_rows();
  struct reg_input gina = person("Gina Cevallos", "gina@arajuno.gob.ec", "official");
  gina.municipality = "Arajuno";
  struct reg_created out;
  assert_int_equal(create(&gina, false, &out), ERR_REGISTRATION_CLOSED);
  assert_int_equal(registration_rows(), rows);
  assert_int_equal(audit_rows(), audits);
  assert_no_open_transaction();
  /* organizers may still register someone; the capacity rule still holds for a seat type */
  assert_int_equal(create(&gina, true, &made[GINA]), ERR_OK);
  assert_string_equal(made[GINA].status, "waitlisted");
  assert_int_equal(made[GINA].waitlist_position, 3);
  edition_set("{\"status\":\"draft\"}");
  struct reg_input other = person("Otro", "otro@x.ec", "official");
  assert_int_equal(create(&other, false, &out), ERR_REGISTRATION_CLOSED);
  edition_set("{\"status\":\"open\"}");
}

/* ---- cancelling ---- */

static void test_cancel_promotes_oldest_waitlisted(void **state) {
  (void)state;
  long long audits = audit_rows();
  struct reg_ref ana = ref_of(ANA);
  assert_int_equal(db_registrations_cancel(db(), &ana, 0), ERR_OK);
  assert_no_open_transaction();
  assert_string_equal(status_of(ANA), "cancelled");
  assert_int_equal(q_int("SELECT cancelled_at IS NOT NULL FROM registrations WHERE code = ?", made[ANA].code), 1);
  /* in the same call, the oldest waitlisted (Carla) got the seat; the others moved up */
  assert_string_equal(status_of(CARLA), "confirmed");
  assert_string_equal(status_of(DIEGO), "waitlisted");
  assert_int_equal(position_of(DIEGO), 1);
  assert_int_equal(position_of(GINA), 2);
  /* Ana is told; Carla is told with her own manage link (recovered from the sealed token) */
  assert_int_equal(outbox_count(ANA, "registration.cancelled"), 1);
  assert_int_equal(outbox_count(CARLA, "registration.promoted"), 1);
  assert_body_has_link(CARLA, "registration.promoted", made[CARLA].manage_token);
  char *body = q_text("SELECT body FROM outbox WHERE kind = 'registration.promoted' ORDER BY id DESC LIMIT 1", NULL);
  assert_non_null(strstr(body, made[CARLA].manage_token));
  assert_null(strstr(body, made[ANA].manage_token));
  free(body);
  /* audit: the cancellation and the promotion */
  assert_int_equal(audit_rows(), audits + 2);
  char want[64];
  snprintf(want, sizeof want, "registration.cancel %s", made[ANA].code);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action || ' ' || entity_id = ?", want), 1);
  snprintf(want, sizeof want, "registration.promote %s", made[CARLA].code);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action || ' ' || entity_id = ?", want), 1);
  /* the audit names fields, never values */
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE detail LIKE '%ana.perez%' OR detail LIKE '%Ana P%'",
                         NULL),
                   0);
}

static void test_cancel_twice_is_a_no_op(void **state) {
  (void)state;
  long long audits = audit_rows(), outbox = outbox_rows();
  struct reg_ref ana = ref_of(ANA);
  assert_string_equal(ana.status, "cancelled");
  assert_int_equal(db_registrations_cancel(db(), &ana, 0), ERR_OK);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(outbox_rows(), outbox);
  assert_string_equal(status_of(ANA), "cancelled");
  assert_string_equal(status_of(DIEGO), "waitlisted");
  /* cancelling a waitlisted one frees no seat: nobody is promoted */
  assert_int_equal(position_of(GINA), 2);
}

static void test_cancelled_email_may_register_again(void **state) {
  (void)state;
  struct reg_input ana = person("Ana Pérez", "ana.perez@puyo.gob.ec", "official");
  assert_int_equal(create(&ana, false, &made[ANA2]), ERR_OK);
  assert_string_equal(made[ANA2].status, "waitlisted");
  assert_int_equal(made[ANA2].waitlist_position, 3);
  assert_string_not_equal(made[ANA2].code, made[ANA].code);
}

static void test_unknown_code(void **state) {
  (void)state;
  struct reg_ref ref;
  assert_int_equal(db_registrations_ref(db(), "ZZZZZZ", &ref), ERR_NOT_FOUND);
  assert_int_equal(db_registrations_ref(db(), "not a code", &ref), ERR_NOT_FOUND);
  /* the code as a person types it */
  char typed[16];
  snprintf(typed, sizeof typed, "%.3s-%.3s", made[LUCIA].code, made[LUCIA].code + 3);
  for (char *p = typed; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  assert_int_equal(db_registrations_ref(db(), typed, &ref), ERR_OK);
  assert_string_equal(ref.code, made[LUCIA].code);
  assert_string_equal(ref.edition.slug, SLUG);
}

/* ---- organizer changes ---- */

static void test_confirm_past_capacity_conflicts(void **state) {
  (void)state;
  long long audits = audit_rows(), outbox = outbox_rows();
  struct reg_ref diego = ref_of(DIEGO);
  struct reg_input change = {.status = "confirmed"};
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  assert_int_equal(db_registrations_update(db(), &diego, &change, organizer, &ve), ERR_CONFLICT);
  assert_non_null(ve.field);
  assert_string_equal(ve.field, "status");
  assert_true(ve.message[0] != '\0');
  assert_no_open_transaction();
  assert_string_equal(status_of(DIEGO), "waitlisted");
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(outbox_rows(), outbox);
  /* a field change with the refused status is refused as a whole */
  struct reg_input both = {.full_name = "Diego Ñacato Grefa", .status = "confirmed"};
  assert_int_equal(db_registrations_update(db(), &diego, &both, organizer, &ve), ERR_CONFLICT);
  char *name = q_text("SELECT full_name FROM registrations WHERE code = ?", made[DIEGO].code);
  assert_string_equal(name, "Diego Ñacato");
  free(name);
}

static void test_update_fields(void **state) {
  (void)state;
  long long audits = audit_rows();
  struct reg_ref lucia = ref_of(LUCIA);
  struct reg_input change = {.position = "Alcaldesa", .phone = "+593 99 123 4567"};
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  assert_int_equal(db_registrations_update(db(), &lucia, &change, 0, &ve), ERR_OK);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits + 1);
  char *a = last_audit();
  char want[64];
  snprintf(want, sizeof want, "registration.update registration %s", made[LUCIA].code);
  assert_string_equal(a, want);
  free(a);
  char *detail = q_text("SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
  assert_non_null(strstr(detail, "position"));
  assert_non_null(strstr(detail, "phone"));
  assert_null(strstr(detail, "Alcaldesa")); /* names, never values */
  assert_null(strstr(detail, "593"));
  free(detail);
  /* the email of another live registration cannot be taken, in any case */
  struct reg_input steal = {.email = "DIEGO@prensa.ec"};
  memset(&ve, 0, sizeof ve);
  assert_int_equal(db_registrations_update(db(), &lucia, &steal, 0, &ve), ERR_DUPLICATE_REG);
  assert_non_null(ve.field);
  assert_string_equal(ve.field, "email");
  assert_true(ve.message[0] != '\0');
  assert_no_open_transaction();
  char *email = q_text("SELECT email FROM registrations WHERE code = ?", made[LUCIA].code);
  assert_string_equal(email, "lucia@pastaza.gob.ec");
  free(email);
  /* a free email is fine, and is what the duplicate rule then sees */
  struct reg_input move = {.email = "Lucia.Nueva@pastaza.gob.ec"};
  assert_int_equal(db_registrations_update(db(), &lucia, &move, 0, &ve), ERR_OK);
  struct reg_input clash = person("Otra", "lucia.nueva@PASTAZA.gob.ec", "official");
  struct reg_created out;
  assert_int_equal(create(&clash, false, &out), ERR_DUPLICATE_REG);
  struct reg_input back = {.email = "lucia@pastaza.gob.ec"};
  assert_int_equal(db_registrations_update(db(), &lucia, &back, 0, &ve), ERR_OK);
  assert_int_equal(audit_rows(), audits + 3);
}

static void test_fill_seats_after_capacity_raise(void **state) {
  (void)state;
  long long audits = audit_rows();
  edition_set("{\"capacity\":4}");
  struct edition ed = edition();
  assert_int_equal(ed.capacity, 4);
  /* the update alone changes no registration */
  assert_string_equal(status_of(DIEGO), "waitlisted");
  assert_int_equal(db_registrations_fill_seats(db(), &ed, organizer), ERR_OK);
  assert_no_open_transaction();
  /* two seats were free (Lucía and Carla hold two): Diego and Gina, in order; Ana's second one waits */
  assert_string_equal(status_of(DIEGO), "confirmed");
  assert_string_equal(status_of(GINA), "confirmed");
  assert_string_equal(status_of(ANA2), "waitlisted");
  assert_int_equal(position_of(ANA2), 1);
  assert_int_equal(outbox_count(DIEGO, "registration.promoted"), 1);
  assert_int_equal(outbox_count(GINA, "registration.promoted"), 1);
  assert_body_has_link(DIEGO, "registration.promoted", made[DIEGO].manage_token);
  assert_body_has_link(GINA, "registration.promoted", made[GINA].manage_token);
  /* edition.update + two promotions */
  assert_int_equal(audit_rows(), audits + 3);
  /* nothing more to do: a second call changes nothing */
  long long outbox = outbox_rows();
  audits = audit_rows();
  assert_int_equal(db_registrations_fill_seats(db(), &ed, organizer), ERR_OK);
  assert_int_equal(outbox_rows(), outbox);
  assert_int_equal(audit_rows(), audits);
  assert_string_equal(status_of(ANA2), "waitlisted");
}

static void test_new_link_replaces_token(void **state) {
  (void)state;
  long long audits = audit_rows();
  struct reg_ref before = ref_of(CARLA);
  unsigned char old_hash[32], new_hash[32];
  auth_token_hash(made[CARLA].manage_token, old_hash);
  assert_memory_equal(old_hash, before.token_hash, 32);
  char token[TOKEN_CHARS];
  assert_int_equal(db_registrations_new_link(db(), &before, organizer, token), ERR_OK);
  assert_no_open_transaction();
  assert_int_equal(strlen(token), TOKEN_CHARS - 1);
  assert_string_not_equal(token, made[CARLA].manage_token);
  struct reg_ref after = ref_of(CARLA);
  assert_memory_not_equal(before.token_hash, after.token_hash, 32);
  auth_token_hash(token, new_hash);
  assert_memory_equal(new_hash, after.token_hash, 32);
  assert_memory_not_equal(old_hash, after.token_hash, 32); /* the old link no longer matches */
  /* the new link is e-mailed, the old one is not in it */
  assert_int_equal(outbox_count(CARLA, "registration.link"), 1);
  assert_body_has_link(CARLA, "registration.link", token);
  char *body = outbox_body(CARLA, "registration.link");
  assert_null(strstr(body, made[CARLA].manage_token));
  free(body);
  assert_int_equal(audit_rows(), audits + 1);
  char *a = last_audit();
  char want[64];
  snprintf(want, sizeof want, "registration.new_link registration %s", made[CARLA].code);
  assert_string_equal(a, want);
  free(a);
  snprintf(made[CARLA].manage_token, sizeof made[CARLA].manage_token, "%s", token);
  /* setting the status it already has changes nothing and sends nothing */
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  struct reg_ref carla = ref_of(CARLA);
  struct reg_input same = {.status = "confirmed"};
  long long outbox = outbox_rows();
  assert_int_equal(db_registrations_update(db(), &carla, &same, organizer, &ve), ERR_OK);
  assert_int_equal(outbox_rows(), outbox);
  assert_string_equal(status_of(CARLA), "confirmed");
}

/* ---- lists, export, counts ---- */

static cJSON *list(const struct reg_filter *f, long long *total) {
  struct edition ed = edition();
  cJSON *items = NULL;
  assert_int_equal(db_registrations_list(db(), &ed, f, &items, total), ERR_OK);
  assert_non_null(items);
  return items;
}

static const char *item_str(const cJSON *items, int i, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, i), name);
  if (!cJSON_IsString(v)) fail_msg("item %d: \"%s\" is not a string", i, name);
  return v->valuestring;
}

static void test_list_search(void **state) {
  (void)state;
  long long total = -1;
  struct reg_filter f = {.q = "perez nacato"};
  cJSON *items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 1);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "full_name"), "Lucía Pérez Ñacato");
  assert_string_equal(item_str(items, 0, "code"), made[LUCIA].code);
  cJSON_Delete(items);
  /* case and accents, in the query too; words in any order */
  static const char *const same[] = {"PÉREZ ÑACATO", "ñacato  lucía", "Nacato, Perez", "lucia@pastaza"};
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    f.q = same[i];
    items = list(&f, &total);
    if (cJSON_GetArraySize(items) != 1) fail_msg("q \"%s\": %d rows", same[i], cJSON_GetArraySize(items));
    assert_string_equal(item_str(items, 0, "code"), made[LUCIA].code);
    cJSON_Delete(items);
  }
  /* one word matches several; organization and municipality are searched */
  f.q = "nacato";
  items = list(&f, &total);
  assert_int_equal(total, 2); /* Lucía and Diego */
  cJSON_Delete(items);
  f.q = "amazonica";
  items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[CARLA].code);
  cJSON_Delete(items);
  f.q = "arajuno";
  items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[GINA].code);
  cJSON_Delete(items);
  /* LIKE wildcards typed by a person are plain characters */
  static const char *const none[] = {"%", "_", "perez%nacato", "\\", "zzzz"};
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
    f.q = none[i];
    items = list(&f, &total);
    if (cJSON_GetArraySize(items) != 0) fail_msg("q \"%s\": %d rows, want none", none[i], cJSON_GetArraySize(items));
    assert_int_equal(total, 0);
    cJSON_Delete(items);
  }
  /* no words: everything */
  f.q = "   ";
  items = list(&f, &total);
  assert_int_equal(total, registration_rows());
  cJSON_Delete(items);
}

static void test_list_filters(void **state) {
  (void)state;
  long long total = -1;
  struct reg_filter f = {.status = "waitlisted"};
  cJSON *items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[ANA2].code);
  assert_string_equal(item_str(items, 0, "status"), "waitlisted");
  cJSON_Delete(items);
  f = (struct reg_filter){.status = "cancelled"};
  items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[ANA].code);
  /* instants in the edition's zone; cancelled_at set */
  const char *created = item_str(items, 0, "created_at");
  assert_int_equal(strlen(created), 25);
  assert_string_equal(created + 19, "-05:00");
  assert_true(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "cancelled_at")));
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "checked_in_at")));
  cJSON_Delete(items);
  f = (struct reg_filter){.type = "press"};
  items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[DIEGO].code);
  cJSON_Delete(items);
  f = (struct reg_filter){.type = "official", .status = "confirmed"};
  items = list(&f, &total);
  assert_int_equal(total, 1); /* Gina; Ana's first is cancelled, her second waits */
  assert_string_equal(item_str(items, 0, "code"), made[GINA].code);
  cJSON_Delete(items);
  f = (struct reg_filter){.municipality = "Tena"};
  items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[DIEGO].code);
  cJSON_Delete(items);
  f = (struct reg_filter){.status = "confirmed", .q = "ñacato"};
  items = list(&f, &total);
  assert_int_equal(total, 2);
  cJSON_Delete(items);
  /* another edition's list is empty */
  struct edition other;
  assert_int_equal(db_editions_lookup(db(), "latacunga-2024", &other), ERR_OK);
  f = (struct reg_filter){0};
  items = NULL;
  assert_int_equal(db_registrations_list(db(), &other, &f, &items, &total), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 0);
  assert_int_equal(total, 0);
  cJSON_Delete(items);
}

static void test_list_sort_by_name(void **state) {
  (void)state;
  static const char *const want[] = {"Ana Pérez", "Ana Pérez",          "Carla Núñez",   "Diego Ñacato",
                                     "Elena Ponente", "Fabio Invitado", "Gina Cevallos", "Lucía Pérez Ñacato"};
  long long total = -1;
  struct reg_filter f = {.sort = "name"};
  cJSON *items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 8);
  assert_int_equal(total, 8);
  for (int i = 0; i < 8; i++) assert_string_equal(item_str(items, i, "full_name"), want[i]);
  /* equal names: the older first */
  assert_string_equal(item_str(items, 0, "code"), made[ANA].code);
  assert_string_equal(item_str(items, 1, "code"), made[ANA2].code);
  cJSON_Delete(items);
  f.descending = true;
  items = list(&f, &total);
  for (int i = 0; i < 8; i++) assert_string_equal(item_str(items, i, "full_name"), want[7 - i]);
  cJSON_Delete(items);
  /* created_at: the order of creation */
  f = (struct reg_filter){.sort = "created_at"};
  items = list(&f, &total);
  static const enum who order[] = {ANA, LUCIA, CARLA, DIEGO, ELENA, FABIO, GINA, ANA2};
  for (int i = 0; i < 8; i++) assert_string_equal(item_str(items, i, "code"), made[order[i]].code);
  cJSON_Delete(items);
  /* an unknown sort falls back to name */
  f = (struct reg_filter){.sort = "email; DROP TABLE registrations"};
  items = list(&f, &total);
  assert_string_equal(item_str(items, 0, "full_name"), "Ana Pérez");
  cJSON_Delete(items);
  assert_int_equal(registration_rows(), 8);
}

static void test_list_pagination(void **state) {
  (void)state;
  long long total = -1;
  struct reg_filter f = {.sort = "name", .limit = 3, .offset = 0};
  cJSON *items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 3);
  assert_int_equal(total, 8);
  assert_string_equal(item_str(items, 2, "full_name"), "Carla Núñez");
  cJSON_Delete(items);
  f.offset = 3;
  items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 3);
  assert_int_equal(total, 8);
  assert_string_equal(item_str(items, 0, "full_name"), "Diego Ñacato");
  cJSON_Delete(items);
  f.offset = 6;
  items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 2);
  assert_int_equal(total, 8);
  assert_string_equal(item_str(items, 1, "full_name"), "Lucía Pérez Ñacato");
  cJSON_Delete(items);
  /* with a filter, total counts the filtered rows */
  f = (struct reg_filter){.status = "confirmed", .limit = 1};
  items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 1);
  assert_int_equal(total, 6);
  cJSON_Delete(items);
}

/* A page past the last one is empty, but total still counts the matching rows (API.md: lists
 * answer {items, total}; a paginating client uses total to find its way back). */
static void test_list_total_past_last_page(void **state) {
  (void)state;
  long long total = -1;
  struct reg_filter f = {.sort = "name", .limit = 3, .offset = 9};
  cJSON *items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), 0);
  cJSON_Delete(items);
  if (total != 8) fail_msg("offset 9 of 8 rows: total %lld, want 8", total);
}

static void test_csv_export(void **state) {
  (void)state;
  /* a name that would run as a formula in a spreadsheet */
  struct reg_input hugo = person("=HYPERLINK(\"http://x\",\"Hugo\")", "hugo@x.ec", "civil_society");
  hugo.organization = "Fundación \"Amazonía\", Puyo";
  assert_int_equal(create(&hugo, true, &made[HUGO]), ERR_OK);
  assert_string_equal(made[HUGO].status, "waitlisted");
  assert_int_equal(made[HUGO].waitlist_position, 2);
  struct edition ed = edition();
  struct reg_filter f = {.sort = "created_at"};
  struct csv c = {0};
  assert_int_equal(db_registrations_csv(db(), &ed, &f, &c), ERR_OK);
  char *text = sbuf_steal(&c.out);
  /* UTF-8 BOM, then the header row */
  assert_memory_equal(text, "\xEF\xBB\xBF", 3);
  const char *header = "code,full_name,email,organization,position,municipality,phone,attendee_type,"
                       "accessibility_needs,status,created_at,updated_at,checked_in_at,cancelled_at\r\n";
  assert_memory_equal(text + 3, header, strlen(header));
  /* CRLF records: one header + 9 registrations, no bare LF */
  int records = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '\n') {
      assert_true(p > text && p[-1] == '\r');
      records++;
    }
  }
  assert_int_equal(records, 1 + 9);
  size_t len = strlen(text);
  assert_true(len >= 2 && text[len - 2] == '\r' && text[len - 1] == '\n');
  /* the formula is defused, the quotes and the comma quoted */
  assert_non_null(strstr(text, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"Hugo\"\")\","));
  assert_non_null(strstr(text, ",\"Fundación \"\"Amazonía\"\", Puyo\","));
  assert_null(strstr(text, ",=HYPERLINK"));
  /* accents intact; rows in creation order; the first data row is Ana's */
  assert_non_null(strstr(text, "Lucía Pérez Ñacato"));
  char first[32];
  snprintf(first, sizeof first, "\r\n%s,Ana Pérez,", made[ANA].code);
  assert_non_null(strstr(text, first));
  free(text);
  /* the same filters as the list */
  f = (struct reg_filter){.q = "perez nacato"};
  struct csv one = {0};
  assert_int_equal(db_registrations_csv(db(), &ed, &f, &one), ERR_OK);
  text = sbuf_steal(&one.out);
  records = 0;
  for (const char *p = text; *p; p++) records += *p == '\n';
  assert_int_equal(records, 2);
  assert_non_null(strstr(text, made[LUCIA].code));
  free(text);
}

/* A number of o by name; fails (rather than crash) when absent. */
static long long num(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsNumber(v)) fail_msg("\"%s\" is not a number", name);
  return (long long)v->valuedouble;
}

static void test_stats(void **state) {
  (void)state;
  struct edition ed = edition();
  cJSON *o = NULL;
  assert_int_equal(db_registrations_stats(db(), &ed, &o), ERR_OK);
  assert_non_null(o);
  /* confirmed: Lucía, Carla, Diego, Gina (the 4 seats) + Elena, Fabio (outside capacity);
   * waiting: Ana's second registration and Hugo (a seat type, even when an organizer adds him) */
  assert_int_equal(num(o, "confirmed"), 6);
  assert_int_equal(num(o, "waitlisted"), 2);
  assert_int_equal(num(o, "cancelled"), 1);
  assert_int_equal(num(o, "checked_in"), 0);
  assert_int_equal(num(o, "capacity"), 4);
  assert_int_equal(num(o, "seats_taken"), 4);
  const cJSON *by_type = cJSON_GetObjectItem(o, "by_type");
  assert_non_null(by_type);
  assert_int_equal(num(by_type, "authority"), 1);
  assert_int_equal(num(by_type, "speaker"), 1);
  assert_int_equal(num(by_type, "press"), 1);
  assert_int_equal(num(by_type, "official"), 1);
  assert_int_equal(num(by_type, "guest"), 1);
  assert_null(cJSON_GetObjectItem(by_type, "civil_society")); /* Hugo waits */
  const cJSON *by_m = cJSON_GetObjectItem(o, "by_municipality");
  assert_non_null(by_m);
  assert_int_equal(num(by_m, "Mera"), 1);
  assert_int_equal(num(by_m, "Tena"), 1);
  assert_int_equal(num(by_m, "Arajuno"), 1);
  assert_int_equal(num(by_m, "Puyo"), 2); /* Carla, Fabio */
  /* Elena gave no municipality: counted under a key of its own ("" or a label), not lost */
  long long sum = 0;
  const cJSON *m;
  cJSON_ArrayForEach(m, by_m) sum += (long long)m->valuedouble;
  assert_int_equal(sum, 6);
  cJSON_Delete(o);
  /* an edition with nobody: zeros, unlimited capacity is null */
  struct edition other;
  assert_int_equal(db_editions_lookup(db(), "latacunga-2024", &other), ERR_OK);
  other.capacity = -1;
  assert_int_equal(db_registrations_stats(db(), &other, &o), ERR_OK);
  assert_int_equal(num(o, "confirmed"), 0);
  assert_int_equal(num(o, "seats_taken"), 0);
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "capacity")));
  cJSON_Delete(o);
}

/* Every change above left its audit entry; every message has a recipient and a subject. */
static void test_audit_and_outbox_totals(void **state) {
  (void)state;
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.create'", NULL), 9);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.cancel'", NULL), 1);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.promote'", NULL), 3);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.new_link'", NULL), 1);
  assert_true(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.update'", NULL) >= 3);
  assert_int_equal(q_int("SELECT count(*) FROM outbox WHERE to_addr = '' OR subject = '' OR body = ''", NULL), 0);
  assert_int_equal(q_int("SELECT count(*) FROM outbox WHERE edition_id <> (SELECT id FROM editions WHERE slug = ?)",
                         SLUG),
                   0);
  /* every registration got exactly one first message */
  assert_int_equal(q_int("SELECT count(*) FROM outbox WHERE kind IN ('registration.confirmed','registration.waitlisted')",
                         NULL),
                   9);
}

/* ---- the capacity invariant under organizer edits ---- */

/* An organizer who moves a confirmed attendee back to the waitlist frees a seat: it goes to the
 * oldest one waiting, not straight back to the person just moved. */
static void test_demote_to_waitlist_stays(void **state) {
  (void)state;
  struct reg_ref lucia = ref_of(LUCIA); /* confirmed, older than Ana's second registration */
  struct reg_input change = {.status = "waitlisted"};
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  assert_int_equal(db_registrations_update(db(), &lucia, &change, organizer, &ve), ERR_OK);
  assert_no_open_transaction();
  const char *now = status_of(LUCIA);
  if (strcmp(now, "waitlisted") != 0)
    fail_msg("after the organizer set Lucía to waitlisted she is \"%s\", with %lld waitlisted and %lld promoted "
             "messages (promoted back into the seat she left); Ana's second registration, waiting longer, is \"%s\"",
             now, outbox_count(LUCIA, "registration.waitlisted"), outbox_count(LUCIA, "registration.promoted"),
             status_of(ANA2));
  assert_string_equal(status_of(ANA2), "confirmed");
}

/* Changing a confirmed speaker (outside capacity) into a seat type must not pass capacity. */
static void test_type_change_keeps_capacity(void **state) {
  (void)state;
  struct edition ed = edition();
  long long seats_sql = 0;
  struct reg_ref elena = ref_of(ELENA);
  struct reg_input change = {.attendee_type = "official"};
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  enum err e = db_registrations_update(db(), &elena, &change, organizer, &ve);
  seats_sql = q_int("SELECT count(*) FROM registrations WHERE status = 'confirmed' AND attendee_type IN"
                    " ('authority','official','cooperation','academia','civil_society','press')"
                    " AND edition_id = (SELECT id FROM editions WHERE slug = 'pastaza-2025')",
                    NULL);
  if (seats_sql > ed.capacity)
    fail_msg("db_registrations_update answered %s and left %lld confirmed seat-holders for capacity %lld",
             err_code(e), seats_sql, ed.capacity);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_setup_capacity),
      cmocka_unit_test(test_create_up_to_capacity_then_waitlist),
      cmocka_unit_test(test_duplicate_email),
      cmocka_unit_test(test_non_public_types_outside_capacity),
      cmocka_unit_test(test_closed_edition),
      cmocka_unit_test(test_cancel_promotes_oldest_waitlisted),
      cmocka_unit_test(test_cancel_twice_is_a_no_op),
      cmocka_unit_test(test_cancelled_email_may_register_again),
      cmocka_unit_test(test_unknown_code),
      cmocka_unit_test(test_confirm_past_capacity_conflicts),
      cmocka_unit_test(test_update_fields),
      cmocka_unit_test(test_fill_seats_after_capacity_raise),
      cmocka_unit_test(test_new_link_replaces_token),
      cmocka_unit_test(test_list_search),
      cmocka_unit_test(test_list_filters),
      cmocka_unit_test(test_list_sort_by_name),
      cmocka_unit_test(test_list_pagination),
      cmocka_unit_test(test_list_total_past_last_page),
      cmocka_unit_test(test_csv_export),
      cmocka_unit_test(test_stats),
      cmocka_unit_test(test_audit_and_outbox_totals),
      cmocka_unit_test(test_demote_to_waitlist_stays),
      cmocka_unit_test(test_type_change_keeps_capacity),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
