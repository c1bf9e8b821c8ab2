/* test_registrations_list.c — the organizer's view of an edition's registrations on a temporary
 * database (migrated and seeded): server/db_registrations_list.c (accent- and case-blind search,
 * filters, sort, pagination, the CSV export, the counts), and the totals of audit entries and
 * queued messages, over the registrations a first test makes in the seeded open edition
 * pastaza-2025 and leaves as the rules of test_registrations.c do: confirmed, outside capacity,
 * waitlisted, cancelled, promoted, corrected, with a new manage link. The tests share one database
 * and run in order. */
#include "registrations_fixture.h"

/* ---- the registrations the lists read ---- */

/* With capacity 2, Ana and Lucía are confirmed and Carla and Diego wait; a speaker (Elena, no
 * municipality) and a guest (Fabio) added by the organizer are confirmed outside capacity; Gina,
 * added by the organizer while the edition is closed, waits; Ana cancels and Carla takes her seat;
 * Ana registers again and waits; Lucía's position and phone are corrected, and her email changed
 * and changed back; capacity rises to 4 and Diego and Gina take the free seats; Carla gets a new
 * manage link. Every change leaves its audit entry and queues its message. Hugo comes later, in
 * test_csv_export. */
static void test_setup_registrations(void **state) {
  (void)state;
  edition_set("{\"capacity\":2}");
  assert_int_equal(registration_rows(), 0);
  struct reg_input ana = cast(ANA), lucia = cast(LUCIA), carla = cast(CARLA), diego = cast(DIEGO);
  struct reg_input elena = cast(ELENA), fabio = cast(FABIO), gina = cast(GINA);
  assert_int_equal(create(&ana, false, &made[ANA]), ERR_OK);
  assert_int_equal(create(&lucia, false, &made[LUCIA]), ERR_OK);
  assert_int_equal(create(&carla, false, &made[CARLA]), ERR_OK);
  assert_int_equal(create(&diego, false, &made[DIEGO]), ERR_OK);
  assert_int_equal(create(&elena, true, &made[ELENA]), ERR_OK);
  assert_int_equal(create(&fabio, true, &made[FABIO]), ERR_OK);
  edition_set("{\"status\":\"closed\"}");
  assert_int_equal(create(&gina, true, &made[GINA]), ERR_OK);
  edition_set("{\"status\":\"open\"}");
  struct reg_ref ref = ref_of(ANA);
  assert_int_equal(db_registrations_cancel(db(), &ref, 0), ERR_OK);
  assert_int_equal(create(&ana, false, &made[ANA2]), ERR_OK);
  ref = ref_of(LUCIA);
  struct reg_input details = {.position = "Alcaldesa", .phone = "+593 99 123 4567"};
  struct reg_input moved = {.email = "Lucia.Nueva@pastaza.gob.ec"};
  struct reg_input back = {.email = "lucia@pastaza.gob.ec"};
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  assert_int_equal(db_registrations_update(db(), &ref, &details, 0, &ve), ERR_OK);
  assert_int_equal(db_registrations_update(db(), &ref, &moved, 0, &ve), ERR_OK);
  assert_int_equal(db_registrations_update(db(), &ref, &back, 0, &ve), ERR_OK);
  edition_set("{\"capacity\":4}");
  struct edition ed = edition();
  assert_int_equal(db_registrations_fill_seats(db(), &ed, organizer), ERR_OK);
  ref = ref_of(CARLA);
  char token[TOKEN_CHARS];
  assert_int_equal(db_registrations_new_link(db(), &ref, organizer, token), ERR_OK);
  snprintf(made[CARLA].manage_token, sizeof made[CARLA].manage_token, "%s", token);
  assert_no_open_transaction();
  /* where the tests below start from */
  assert_string_equal(status_of(ANA), "cancelled");
  for (enum who w = LUCIA; w <= GINA; w++) assert_string_equal(status_of(w), "confirmed");
  assert_string_equal(status_of(ANA2), "waitlisted");
  assert_int_equal(position_of(ANA2), 1);
  assert_int_equal(registration_rows(), 8);
  assert_int_equal(ed.capacity, 4);
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
  /* her place in the queue, as her own registration gives it */
  const cJSON *place = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(items, 0), "waitlist_position");
  assert_true(cJSON_IsNumber(place));
  assert_int_equal((long long)place->valuedouble, position_of(ANA2));
  cJSON_Delete(items);
  f = (struct reg_filter){.status = "cancelled"};
  items = list(&f, &total);
  assert_int_equal(total, 1);
  assert_string_equal(item_str(items, 0, "code"), made[ANA].code);
  assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "waitlist_position")); /* only while waiting */
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
  static const char *const want[] = {"Ana Pérez",     "Ana Pérez",      "Carla Núñez",   "Diego Ñacato",
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

/* One page of the list sorted by name: its size, the total, and the name at one place in it. */
static void assert_page(int offset, int size, int at, const char *name) {
  long long total = -1;
  struct reg_filter f = {.sort = "name", .limit = 3, .offset = offset};
  cJSON *items = list(&f, &total);
  assert_int_equal(cJSON_GetArraySize(items), size);
  assert_int_equal(total, 8);
  assert_string_equal(item_str(items, at, "full_name"), name);
  cJSON_Delete(items);
}

static void test_list_pagination(void **state) {
  (void)state;
  assert_page(0, 3, 2, "Carla Núñez");
  assert_page(3, 3, 0, "Diego Ñacato");
  assert_page(6, 2, 1, "Lucía Pérez Ñacato");
  /* with a filter, total counts the filtered rows */
  long long total = -1;
  struct reg_filter f = {.status = "confirmed", .limit = 1};
  cJSON *items = list(&f, &total);
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
  const char *header =
      "code,full_name,email,organization,position,municipality,phone,attendee_type,"
      "accessibility_needs,status,waitlist_position,language,created_at,updated_at,checked_in_at,cancelled_at\r\n";
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

/* Every change above left its audit entry; every message has a recipient, a subject and a body,
 * the body only sealed. */
static void test_audit_and_outbox_totals(void **state) {
  (void)state;
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.create'", NULL), 9);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.cancel'", NULL), 1);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.promote'", NULL), 3);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.new_link'", NULL), 1);
  assert_true(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.update'", NULL) >= 3);
  assert_int_equal(
      q_int("SELECT count(*) FROM outbox WHERE to_addr = '' OR subject = '' OR body_box IS NULL OR body <> ''", NULL),
      0);
  assert_int_equal(
      q_int("SELECT count(*) FROM outbox WHERE edition_id <> (SELECT id FROM editions WHERE slug = ?)", SLUG), 0);
  /* every registration got exactly one first message */
  assert_int_equal(
      q_int("SELECT count(*) FROM outbox WHERE kind IN ('registration.confirmed','registration.waitlisted')", NULL), 9);
}

/* The table model has one answer column per question (headed by its label in the CSV, inside the
 * item's "answers" in JSON), and keeps a deleted question's column under the label it was
 * answered with. Runs last: it registers Iris, whom the counts above do not expect. */
static void test_answer_columns(void **state) {
  (void)state;
  static const char questions[] =
      "[{\"id\":\"taller\",\"label\":\"Taller\",\"kind\":\"choice\",\"options\":[\"Agua\",\"Vialidad\"]},"
      "{\"id\":\"temas\",\"label\":\"Temas\",\"kind\":\"multi\",\"options\":[\"Clima\",\"Género\"]}]";
  char body[sizeof questions + 32];
  snprintf(body, sizeof body, "{\"questions\":%s}", questions);
  edition_set(body);
  cJSON *asked = cJSON_Parse(questions),
        *answers = cJSON_Parse("{\"taller\":\"Agua\",\"temas\":[\"Clima\",\"Género\"]}");
  struct reg_input iris = person("Iris Respuestas", "iris@x.ec", "guest");
  iris.questions = asked;
  iris.answers = answers;
  struct reg_created out;
  assert_int_equal(create(&iris, true, &out), ERR_OK);
  struct edition ed = edition();
  struct reg_filter f = {.q = "iris"};
  cJSON *items = NULL;
  long long total = 0;
  assert_int_equal(db_registrations_list(db(), &ed, &f, &items, &total), ERR_OK);
  assert_int_equal(total, 1);
  char *text = cJSON_PrintUnformatted(json_get(cJSON_GetArrayItem(items, 0), "answers"));
  assert_string_equal(text, "{\"taller\":\"Agua\",\"temas\":\"Clima; Género\"}");
  free(text);
  cJSON_Delete(items);
  /* "temas" deleted: its column stays, headed by the label it was answered with */
  edition_set("{\"questions\":[{\"id\":\"taller\",\"label\":\"Taller elegido\",\"kind\":\"text\"}]}");
  struct csv c = {0};
  assert_int_equal(db_registrations_csv(db(), &ed, &f, &c), ERR_OK);
  char *csv = sbuf_steal(&c.out);
  assert_non_null(strstr(csv, ",cancelled_at,Taller elegido,Temas\r\n"));
  assert_non_null(strstr(csv, ",Agua,Clima; Género\r\n"));
  free(csv);
  cJSON_Delete(answers);
  cJSON_Delete(asked);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_setup_registrations),
      cmocka_unit_test(test_list_search),
      cmocka_unit_test(test_list_filters),
      cmocka_unit_test(test_list_sort_by_name),
      cmocka_unit_test(test_list_pagination),
      cmocka_unit_test(test_list_total_past_last_page),
      cmocka_unit_test(test_csv_export),
      cmocka_unit_test(test_stats),
      cmocka_unit_test(test_audit_and_outbox_totals),
      cmocka_unit_test(test_answer_columns),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
