/* test_registrations.c — the registration rules on a temporary database (migrated and seeded),
 * against the seeded open edition pastaza-2025 with a small capacity: server/db_registrations.c
 * (confirmed up to capacity then waitlisted in order, one live registration per email whatever
 * its case, organizer-only types outside capacity, closed editions, cancelling with promotion of
 * the oldest waitlisted in the same call, cancelling twice, confirming past capacity, filling
 * seats in the same transaction as a capacity raise, new manage links, capacity kept under
 * organizer edits of status and type, alone and together; a read fault answered as one, not
 * as "not found"), db_outbox.c (each change queues its message, carrying the attendee's own manage
 * link, recovered from the sealed token), and the audit entry every change leaves. The tests
 * share one database and run in order. Lists, exports and counts: test_registrations_list.c. */
#include "registrations_fixture.h"

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
  struct reg_input ana = cast(ANA), lucia = cast(LUCIA), carla = cast(CARLA), diego = cast(DIEGO);

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
  struct reg_input elena = cast(ELENA);
  assert_int_equal(create(&elena, true, &made[ELENA]), ERR_OK);
  assert_string_equal(made[ELENA].status, "confirmed");
  assert_int_equal(made[ELENA].waitlist_position, 0);
  struct reg_input guest = cast(FABIO);
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
  struct reg_input gina = cast(GINA);
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
  char *body = outbox_body(CARLA, "registration.promoted");
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
  assert_int_equal(
      q_int("SELECT count(*) FROM audit_log WHERE detail LIKE '%ana.perez%' OR detail LIKE '%Ana P%'", NULL), 0);
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
  struct reg_input ana = cast(ANA);
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
  /* the capacity change itself promotes, in its own transaction */
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
    fail_msg(
        "after the organizer set Lucía to waitlisted she is \"%s\", with %lld waitlisted and %lld promoted "
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
  seats_sql = q_int(
      "SELECT count(*) FROM registrations WHERE status = 'confirmed' AND attendee_type IN"
      " ('authority','official','cooperation','academia','civil_society','press')"
      " AND edition_id = (SELECT id FROM editions WHERE slug = 'pastaza-2025')",
      NULL);
  if (seats_sql > ed.capacity)
    fail_msg("db_registrations_update answered %s and left %lld confirmed seat-holders for capacity %lld", err_code(e),
             seats_sql, ed.capacity);
}

/* The organizer's PATCH of type and status together on a confirmed speaker of a full edition:
 * the result (a confirmed official) would take a seat past capacity, so it is refused whole. */
static void test_type_and_status_together_keep_capacity(void **state) {
  (void)state;
  static const char seats[] =
      "SELECT count(*) FROM registrations WHERE status = 'confirmed' AND attendee_type IN"
      " ('authority','official','cooperation','academia','civil_society','press')"
      " AND edition_id = (SELECT id FROM editions WHERE slug = 'pastaza-2025')";
  struct edition ed = edition();
  assert_int_equal(q_int(seats, NULL), ed.capacity); /* full */
  long long audits = audit_rows(), outbox = outbox_rows();
  struct reg_ref elena = ref_of(ELENA);
  struct reg_input change = {.attendee_type = "official", .status = "confirmed"};
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  enum err e = db_registrations_update(db(), &elena, &change, organizer, &ve);
  if (q_int(seats, NULL) > ed.capacity)
    fail_msg("db_registrations_update answered %s and left %lld confirmed seat-holders for capacity %lld", err_code(e),
             q_int(seats, NULL), ed.capacity);
  assert_int_equal(e, ERR_CONFLICT);
  assert_string_equal(ve.field, "status");
  assert_no_open_transaction();
  char *type = q_text("SELECT attendee_type FROM registrations WHERE code = ?", made[ELENA].code);
  assert_string_equal(type, "speaker");
  free(type);
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(outbox_rows(), outbox);
}

/* A stand-in for the default VFS that fails every read while `reads_fail` is set: a disk that
 * cannot be read. It opens files with the real VFS and swaps only their xRead (the database file
 * and its WAL have different method tables, so each table gets its own copy). */
static sqlite3_vfs failing_vfs, *real_vfs;
static struct {
  const sqlite3_io_methods *real;
  sqlite3_io_methods failing;
} method_tables[4];
static bool reads_fail;

static const sqlite3_io_methods *real_methods_of(sqlite3_file *f) {
  for (size_t i = 0; i < 4; i++)
    if (f->pMethods == &method_tables[i].failing) return method_tables[i].real;
  return NULL;
}

static int failing_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 offset) {
  return reads_fail ? SQLITE_IOERR_READ : real_methods_of(f)->xRead(f, buf, n, offset);
}

static int failing_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags) {
  (void)vfs;
  int rc = real_vfs->xOpen(real_vfs, name, f, flags, out_flags);
  for (size_t i = 0; rc == SQLITE_OK && f->pMethods && i < 4; i++) {
    if (!method_tables[i].real) {
      method_tables[i].real = f->pMethods;
      method_tables[i].failing = *f->pMethods;
      method_tables[i].failing.xRead = failing_read;
    }
    if (method_tables[i].real == f->pMethods) {
      f->pMethods = &method_tables[i].failing;
      break;
    }
  }
  return rc;
}

/* Reopens this thread's connection through failing_vfs (on) or the real VFS (off). */
static void use_failing_disk(bool on) {
  db_close_thread();
  if (on) {
    real_vfs = sqlite3_vfs_find(NULL);
    failing_vfs = *real_vfs;
    failing_vfs.zName = "failing";
    failing_vfs.xOpen = failing_open;
    assert_int_equal(sqlite3_vfs_register(&failing_vfs, 1), SQLITE_OK);
  } else {
    sqlite3_vfs_unregister(&failing_vfs);
  }
  (void)db();
}

/* A read that fails is an error the caller answers 503 for, never "no such edition" (which made a
 * sign-up answer 404) or "no such registration". */
static void test_read_fault_is_not_not_found(void **state) {
  (void)state;
  struct edition ed;
  struct reg_ref ref;
  use_failing_disk(true);
  assert_int_equal(db_editions_lookup(db(), SLUG, &ed), ERR_OK); /* statements prepared, schema read */
  assert_int_equal(db_registrations_ref(db(), made[ANA].code, &ref), ERR_OK);
  /* another connection writes, so this one must read its pages again from the disk */
  sqlite3 *other = NULL;
  assert_int_equal(sqlite3_open_v2(db_file, &other, SQLITE_OPEN_READWRITE, real_vfs->zName), SQLITE_OK);
  sqlite3_busy_timeout(other, 10000);
  assert_int_equal(
      sqlite3_exec(
          other,
          "UPDATE editions SET title = title || '.'; UPDATE editions SET title = substr(title, 1, length(title) - 1);",
          NULL, NULL, NULL),
      SQLITE_OK); /* SQLite writes no page for a value set to itself */
  sqlite3_close(other);
  reads_fail = true;
  enum err lookup = db_editions_lookup(db(), SLUG, &ed), by_code = db_registrations_ref(db(), made[ANA].code, &ref);
  reads_fail = false;
  use_failing_disk(false);
  assert_string_equal(err_code(lookup), err_code(ERR_UNAVAILABLE));
  assert_string_equal(err_code(by_code), err_code(ERR_UNAVAILABLE));
  assert_int_equal(db_editions_lookup(db(), SLUG, &ed), ERR_OK); /* the disk reads again: so does the server */
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
      cmocka_unit_test(test_demote_to_waitlist_stays),
      cmocka_unit_test(test_type_change_keeps_capacity),
      cmocka_unit_test(test_type_and_status_together_keep_capacity),
      cmocka_unit_test(test_read_fault_is_not_not_found),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
