/* test_db_messages.c — server/db_messages.c and server/mail_request.c on a migrated, seeded
 * temporary database: who receives a message (status, type and language filters; without a
 * status the confirmed and waitlisted; the cancelled only when asked for; the anonymized never),
 * the sample for the preview, the sending (one sealed outbox row per recipient whose link opens
 * that registration, a log row and a "messages.send" audit row; a registration whose token cannot
 * be opened gets a fresh one, audited; nobody matching queues nothing but is logged), the log as
 * listed, and the request rules (required texts, lengths, placeholders, filter values, drafts). */
#include "registrations_fixture.h"

#include "db_messages.h"
#include "db_privacy.h"
#include "mail_request.h"

enum { EN_ANN, EN_BOB, EN_CARL, EN_DORA, EN_EVE, EN_COUNT };
static struct reg_created en[EN_COUNT];

static long long id_of(const char *code) { return q_int("SELECT id FROM registrations WHERE code = ?1", code); }

static void make_english(int i, const char *name, const char *email, const char *type) {
  struct reg_input in = person(name, email, type);
  in.language = "en";
  assert_int_equal(create(&in, true, &en[i]), ERR_OK);
}

static void test_setup_people(void **state) {
  (void)state;
  make_english(EN_ANN, "Ann Smith", "ann@city.example", "official");
  make_english(EN_BOB, "Bob Jones", "bob@city.example", "speaker");
  make_english(EN_CARL, "Carl Brown", "carl@city.example", "official");
  make_english(EN_DORA, "Dora White", "dora@city.example", "official");
  make_english(EN_EVE, "Eve Black", "eve@city.example", "official");
  struct reg_ref carl;
  assert_int_equal(db_registrations_ref(db(), en[EN_CARL].code, &carl), ERR_OK);
  assert_int_equal(db_registrations_cancel(db(), &carl, organizer), ERR_OK);
  assert_int_equal(db_privacy_anonymize(db(), id_of(en[EN_DORA].code), organizer), ERR_OK);
  /* Eve's token as a row from before sealed tokens: it cannot be opened */
  sqlite3_stmt *st = prepare("UPDATE registrations SET manage_token_box = NULL WHERE code = ?1");
  sqlite3_bind_text(st, 1, en[EN_EVE].code, -1, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  char *language = q_text("SELECT language FROM registrations WHERE code = ?1", en[EN_ANN].code);
  assert_string_equal(language, "en");
  free(language);
}

static long long count_of(const char *status, const char *type, const char *language) {
  struct edition ed = edition();
  struct message_filter f = {.status = status, .type = type, .language = language};
  long long n = -1;
  assert_int_equal(db_messages_count(db(), &ed, &f, &n, NULL), ERR_OK);
  return n;
}

static void test_recipients(void **state) {
  (void)state;
  assert_int_equal(count_of(NULL, NULL, "en"), 3); /* Ann, Bob, Eve: Carl cancelled, Dora anonymized */
  assert_int_equal(count_of("confirmed", NULL, "en"), 3);
  assert_int_equal(count_of("cancelled", NULL, "en"), 1);
  assert_int_equal(count_of("waitlisted", NULL, "en"), 0);
  assert_int_equal(count_of(NULL, "speaker", "en"), 1);
  assert_int_equal(count_of(NULL, "press", "en"), 0);
  long long live = q_int(
      "SELECT count(*) FROM registrations r JOIN editions e ON e.id = r.edition_id"
      " WHERE e.slug = ?1 AND r.status <> 'cancelled' AND r.anonymized_at IS NULL",
      SLUG);
  assert_int_equal(count_of(NULL, NULL, NULL), live);
  assert_int_equal(count_of(NULL, NULL, "es") + count_of(NULL, NULL, "en"), live);
  struct edition ed = edition();
  struct message_filter f = {.language = "en"};
  struct message_sample sample;
  long long n = 0;
  assert_int_equal(db_messages_count(db(), &ed, &f, &n, &sample), ERR_OK);
  assert_string_equal(sample.full_name, "Ann Smith"); /* the first in sign-up order */
  assert_string_equal(sample.code, en[EN_ANN].code);
  message_sample_free(&sample);
  f.status = "waitlisted";
  assert_int_equal(db_messages_count(db(), &ed, &f, &n, &sample), ERR_OK);
  assert_null(sample.full_name);
  message_sample_free(&sample);
}

/* The body of the newest outbox row to address, opened from its sealed box. */
static char *body_to(const char *address) {
  sqlite3_stmt *st = prepare("SELECT body_box FROM outbox WHERE to_addr = ?1 ORDER BY id DESC LIMIT 1");
  sqlite3_bind_text(st, 1, address, -1, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  char *body = secrets_open_text(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
  sqlite3_finalize(st);
  assert_non_null(body);
  return body;
}

/* The token of the link "…/r/CODE?t=TOKEN" in body opens code's registration. */
static void assert_link_opens(const char *body, const char *code) {
  char prefix[128];
  snprintf(prefix, sizeof prefix, "%s/r/%s?t=", PUBLIC_URL, code);
  const char *at = strstr(body, prefix);
  if (!at) fail_msg("no link to %s in:\n%s", code, body);
  char token[TOKEN_CHARS];
  snprintf(token, sizeof token, "%.43s", at + strlen(prefix));
  struct reg_ref ref;
  assert_int_equal(db_registrations_ref(db(), code, &ref), ERR_OK);
  assert_true(auth_token_matches(ref.token_hash, token));
}

static void test_send(void **state) {
  (void)state;
  struct edition ed = edition();
  struct message_filter f = {.language = "en"};
  long long outbox_before = outbox_rows(), audit_before = audit_rows(), queued = 0;
  char *eve_hash_before = q_text("SELECT hex(manage_token_hash) FROM registrations WHERE code = ?1", en[EN_EVE].code);
  assert_int_equal(db_messages_send(db(), &ed, &f, "Aviso para {nombre}", "Hola {nombre} ({codigo}).\n{enlace}\n",
                                    organizer, &queued),
                   ERR_OK);
  assert_no_open_transaction();
  assert_int_equal(queued, 3);
  assert_int_equal(outbox_rows(), outbox_before + 3);
  assert_int_equal(
      q_int("SELECT count(*) FROM outbox WHERE kind = 'edition.message' AND subject = 'Aviso para Ann Smith'"
            " AND body = '' AND body_box IS NOT NULL",
            NULL),
      1);
  const char *addresses[] = {"ann@city.example", "bob@city.example", "eve@city.example"};
  const int who[] = {EN_ANN, EN_BOB, EN_EVE};
  for (int i = 0; i < 3; i++) {
    char *body = body_to(addresses[i]);
    assert_non_null(strstr(body, en[who[i]].code));
    assert_link_opens(body, en[who[i]].code);
    free(body);
  }
  assert_int_equal(
      q_int("SELECT count(*) FROM outbox WHERE to_addr = 'carl@city.example' AND kind = 'edition.message'", NULL), 0);
  /* Eve's link had to be issued anew: her old one no longer works, and that is audited */
  char *eve_hash_after = q_text("SELECT hex(manage_token_hash) FROM registrations WHERE code = ?1", en[EN_EVE].code);
  assert_string_not_equal(eve_hash_before, eve_hash_after);
  free(eve_hash_before);
  free(eve_hash_after);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'registration.new_link' AND entity_id = ?1",
                         en[EN_EVE].code),
                   1);
  assert_int_equal(audit_rows(), audit_before + 2);
  char *audit = last_audit();
  assert_string_equal(audit, "messages.send edition " SLUG);
  free(audit);
  assert_int_equal(q_int("SELECT recipients FROM messages ORDER BY id DESC LIMIT 1", NULL), 3);
  /* without {enlace} no token is touched; nobody matching still leaves a log row */
  f.status = "waitlisted";
  assert_int_equal(db_messages_send(db(), &ed, &f, "Nada", "Sin destinatarios", 0, &queued), ERR_OK);
  assert_int_equal(queued, 0);
  assert_int_equal(outbox_rows(), outbox_before + 3);
  assert_int_equal(q_int("SELECT count(*) FROM messages", NULL), 2);
}

static void test_list(void **state) {
  (void)state;
  struct edition ed = edition();
  cJSON *items = NULL;
  long long total = 0;
  assert_int_equal(db_messages_list(db(), &ed, 50, 0, &items, &total), ERR_OK);
  assert_int_equal(total, 2);
  const cJSON *newest = cJSON_GetArrayItem(items, 0), *older = cJSON_GetArrayItem(items, 1);
  assert_string_equal(json_str(newest, "subject"), "Nada");
  assert_true(json_is_null(newest, "sent_by")); /* the command line */
  assert_string_equal(json_str(json_get(newest, "filters"), "status"), "waitlisted");
  assert_string_equal(json_str(older, "subject"), "Aviso para {nombre}");
  assert_string_equal(json_str(json_get(older, "sent_by"), "name"), "Organizadora");
  assert_int_equal(json_int(older, "recipients", -1), 3);
  assert_true(json_is_null(json_get(older, "filters"), "type"));
  assert_string_equal(json_str(json_get(older, "filters"), "language"), "en");
  assert_non_null(strstr(json_str(older, "sent_at"), "-05:00"));
  cJSON_Delete(items);
  assert_int_equal(db_messages_list(db(), &ed, 1, 1, &items, &total), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 1);
  assert_int_equal(total, 2);
  cJSON_Delete(items);
}

/* message_request_read on json: the error and its field ("" for ERR_OK). */
static void expect_request(const char *json, bool draft, enum err want, const char *field) {
  cJSON *o = cJSON_Parse(json);
  assert_non_null(o);
  struct message_filter f;
  struct verror ve = {0};
  enum err e = message_request_read(o, draft, &f, &ve);
  if (e != want) fail_msg("%s: %s, want %s (%s)", json, err_code(e), err_code(want), ve.message);
  if (want != ERR_OK && strcmp(ve.field ? ve.field : "", field) != 0)
    fail_msg("%s: field %s, want %s", json, ve.field, field);
  cJSON_Delete(o);
}

static void test_request_rules(void **state) {
  (void)state;
  expect_request(
      "{\"subject\":\"Aviso {nombre}\",\"body\":\"{codigo} {enlace}\",\"status\":\"cancelled\","
      "\"type\":\"speaker\",\"language\":\"en\"}",
      false, ERR_OK, "");
  expect_request("{\"body\":\"Hola\"}", false, ERR_VALIDATION, "subject");
  expect_request("{\"subject\":\"Aviso\"}", false, ERR_VALIDATION, "body");
  expect_request("{\"subject\":\"\",\"body\":\"Hola\"}", false, ERR_VALIDATION, "subject");
  expect_request("{\"subject\":\"a\\nb\",\"body\":\"Hola\"}", false, ERR_VALIDATION, "subject"); /* one line */
  expect_request("{\"subject\":\"Aviso\",\"body\":\"Hola {nombres}\"}", false, ERR_VALIDATION, "body");
  expect_request("{\"subject\":\"Aviso {Codigo}\",\"body\":\"Hola\"}", false, ERR_VALIDATION, "subject");
  expect_request("{\"subject\":\"Aviso\",\"body\":\"Hola\",\"status\":\"pending_email\"}", false, ERR_VALIDATION,
                 "status");
  expect_request("{\"subject\":\"Aviso\",\"body\":\"Hola\",\"type\":\"alcalde\"}", false, ERR_VALIDATION, "type");
  expect_request("{\"subject\":\"Aviso\",\"body\":\"Hola\",\"language\":\"fr\"}", false, ERR_VALIDATION, "language");
  expect_request("{\"subject\":1,\"body\":\"Hola\"}", false, ERR_BAD_REQUEST, "subject");
  /* a draft (a dry run while composing) may lack the texts, but what it has is checked */
  expect_request("{}", true, ERR_OK, "");
  expect_request("{\"language\":\"es\"}", true, ERR_OK, "");
  expect_request("{\"body\":\"{enlaces}\"}", true, ERR_VALIDATION, "body");
  /* lengths: 200 characters of subject and 20 000 of body, counted as characters */
  char *subject = malloc(2 * (MESSAGE_SUBJECT_MAX + 1) + 1), *body = malloc(MESSAGE_BODY_MAX + 2);
  for (int i = 0; i < MESSAGE_SUBJECT_MAX; i++) memcpy(subject + 2 * i, "ñ", 2);
  subject[2 * MESSAGE_SUBJECT_MAX] = '\0';
  memset(body, 'x', MESSAGE_BODY_MAX);
  body[MESSAGE_BODY_MAX] = '\0';
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "subject", subject);
  cJSON_AddStringToObject(o, "body", body);
  struct message_filter f;
  struct verror ve = {0};
  assert_int_equal(message_request_read(o, false, &f, &ve), ERR_OK);
  memcpy(subject + 2 * MESSAGE_SUBJECT_MAX, "ñ", 3);
  cJSON_ReplaceItemInObject(o, "subject", cJSON_CreateString(subject));
  assert_int_equal(message_request_read(o, false, &f, &ve), ERR_VALIDATION);
  assert_string_equal(ve.field, "subject");
  subject[2 * MESSAGE_SUBJECT_MAX] = '\0';
  body[MESSAGE_BODY_MAX] = 'x';
  body[MESSAGE_BODY_MAX + 1] = '\0';
  cJSON_ReplaceItemInObject(o, "subject", cJSON_CreateString(subject));
  cJSON_ReplaceItemInObject(o, "body", cJSON_CreateString(body));
  assert_int_equal(message_request_read(o, false, &f, &ve), ERR_VALIDATION);
  assert_string_equal(ve.field, "body");
  cJSON_Delete(o);
  free(subject);
  free(body);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_setup_people), cmocka_unit_test(test_recipients),    cmocka_unit_test(test_send),
      cmocka_unit_test(test_list),         cmocka_unit_test(test_request_rules),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
