/* test_password_resets.c — the one-time links of password resets (db_password_resets.c) on a
 * temporary database: a link is stored only as a hash with a one-hour expiry and its e-mail
 * queued sealed, with no edition; an unknown or deactivated e-mail stores and queues nothing; a
 * link works once, not after its expiry, not for an account deactivated since; using one sets
 * the password (no longer temporary), ends the account's sessions, voids its other links and is
 * audited. Also password_hash_new, the policy-checked hashing every way of setting a password uses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth.h"
#include "db.h"
#include "db_password_resets.h"
#include "db_users.h"
#include "password_policy.h"
#include "secrets.h"
#include "temp_db.h"

static char db_file[TEMP_DB_PATH_MAX];
static long long staff_id;
static const time_t NOW = 1800000000; /* 2027-01-15T08:00:00Z */

static long long q_int(const char *sql) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db_handle(db_thread()), sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long long v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

static int group_setup(void **state) {
  (void)state;
  int applied;
  if (!temp_db_create(db_file, "resets") || !secrets_load(db_file) || !auth_init()) return -1;
  if (db_migrate(db_thread(), &applied) != ERR_OK) return -1;
  return db_users_create_with(db_thread(), "puerta@ame.gob.ec", "Puerta Uno", ROLE_STAFF, "$argon2id$old", true, 0,
                              &staff_id) == ERR_OK
             ? 0
             : -1;
}

static int group_teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

/* A new token and its hash. */
static void new_token(char token[TOKEN_CHARS], unsigned char hash[32]) { auth_new_token(token, hash); }

static void test_unknown_email_writes_nothing(void **state) {
  (void)state;
  char token[TOKEN_CHARS];
  unsigned char hash[32];
  new_token(token, hash);
  bool queued = true;
  assert_int_equal(db_password_reset_request(db_thread(), "nadie@ame.gob.ec", token, NOW, &queued), ERR_OK);
  assert_false(queued);
  assert_int_equal(q_int("SELECT count(*) FROM password_resets"), 0);
  assert_int_equal(q_int("SELECT count(*) FROM outbox"), 0);
}

static void test_link_is_hashed_and_mailed(void **state) {
  (void)state;
  char token[TOKEN_CHARS];
  unsigned char hash[32];
  new_token(token, hash);
  bool queued = false;
  assert_int_equal(db_password_reset_request(db_thread(), "PUERTA@ame.gob.ec", token, NOW, &queued), ERR_OK);
  assert_true(queued);
  assert_int_equal(q_int("SELECT count(*) FROM password_resets WHERE expires_at = '2027-01-15T09:00:00Z'"), 1);
  assert_int_equal(q_int("SELECT count(*) FROM outbox WHERE kind = 'account.password_reset' AND edition_id IS NULL"
                         " AND to_addr = 'puerta@ame.gob.ec' AND body = '' AND length(body_box) > 0"),
                   1);
  struct user u;
  assert_int_equal(db_password_reset_lookup(db_thread(), hash, NOW + 3599, &u), ERR_OK);
  assert_int_equal(u.id, staff_id);
  assert_int_equal(db_password_reset_lookup(db_thread(), hash, NOW + 3600, &u), ERR_NOT_FOUND);
  assert_int_equal(db_password_reset_use(db_thread(), hash, NOW + 3600, "$argon2id$late"), ERR_NOT_FOUND);
  assert_int_equal(q_int("SELECT count(*) FROM users WHERE password_hash = '$argon2id$old'"), 1);
}

static void test_link_works_once_and_voids_the_others(void **state) {
  (void)state;
  char first[TOKEN_CHARS], second[TOKEN_CHARS];
  unsigned char first_hash[32], second_hash[32], session[32];
  new_token(first, first_hash);
  new_token(second, second_hash);
  bool queued;
  assert_int_equal(db_password_reset_request(db_thread(), "puerta@ame.gob.ec", first, NOW, &queued), ERR_OK);
  assert_int_equal(db_password_reset_request(db_thread(), "puerta@ame.gob.ec", second, NOW, &queued), ERR_OK);
  memset(session, 7, sizeof session);
  struct session_clock clock = {.wall = NOW, .boot = 100};
  assert_int_equal(db_auth_session_create(db_thread(), staff_id, session, &clock, 3600), ERR_OK);
  long long audits = q_int("SELECT count(*) FROM audit_log WHERE action = 'user.password_reset'");
  assert_int_equal(db_password_reset_use(db_thread(), first_hash, NOW + 60, "$argon2id$new"), ERR_OK);
  assert_int_equal(
      q_int("SELECT count(*) FROM users WHERE password_hash = '$argon2id$new' AND must_change_password = 0"), 1);
  assert_int_equal(q_int("SELECT count(*) FROM auth_sessions"), 0);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'user.password_reset'"), audits + 1);
  assert_int_equal(db_password_reset_use(db_thread(), first_hash, NOW + 61, "$argon2id$again"), ERR_NOT_FOUND);
  assert_int_equal(db_password_reset_use(db_thread(), second_hash, NOW + 61, "$argon2id$again"), ERR_NOT_FOUND);
  assert_int_equal(q_int("SELECT count(*) FROM users WHERE password_hash = '$argon2id$new'"), 1);
}

static void test_deactivated_account_gets_no_link(void **state) {
  (void)state;
  char live[TOKEN_CHARS], later[TOKEN_CHARS];
  unsigned char live_hash[32], later_hash[32];
  new_token(live, live_hash);
  new_token(later, later_hash);
  bool queued;
  assert_int_equal(db_password_reset_request(db_thread(), "puerta@ame.gob.ec", live, NOW, &queued), ERR_OK);
  struct user_change off = USER_CHANGE_NONE;
  off.active = 0;
  struct verror ve;
  assert_int_equal(db_users_update(db_thread(), staff_id, &off, 0, &ve), ERR_OK);
  long long mails = q_int("SELECT count(*) FROM outbox");
  assert_int_equal(db_password_reset_request(db_thread(), "puerta@ame.gob.ec", later, NOW, &queued), ERR_OK);
  assert_false(queued);
  assert_int_equal(q_int("SELECT count(*) FROM outbox"), mails);
  struct user u;
  assert_int_equal(db_password_reset_lookup(db_thread(), live_hash, NOW + 1, &u), ERR_NOT_FOUND);
  assert_int_equal(db_password_reset_use(db_thread(), live_hash, NOW + 1, "$argon2id$x"), ERR_NOT_FOUND);
}

static void test_old_links_are_forgotten(void **state) {
  (void)state;
  char token[TOKEN_CHARS];
  unsigned char hash[32];
  new_token(token, hash);
  bool queued;
  assert_true(q_int("SELECT count(*) FROM password_resets") > 0);
  assert_int_equal(db_password_reset_request(db_thread(), "nadie@ame.gob.ec", token, NOW + 2 * 86400, &queued), ERR_OK);
  assert_int_equal(q_int("SELECT count(*) FROM password_resets"), 0);
}

static void test_password_hash_new(void **state) {
  (void)state;
  char hash[crypto_pwhash_STRBYTES];
  struct verror ve = {0};
  assert_int_equal(password_hash_new("password12", "a@b.ec", "Ana", hash, &ve), ERR_VALIDATION);
  assert_string_equal(ve.field, "password");
  assert_true(ve.message[0] != '\0');
  assert_int_equal(password_hash_new("rio-verde-al-amanecer", "a@b.ec", "Ana", hash, &ve), ERR_OK);
  assert_true(auth_verify_password(hash, "rio-verde-al-amanecer"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      /* in order: each test builds on the state the previous ones left */
      cmocka_unit_test(test_unknown_email_writes_nothing),
      cmocka_unit_test(test_link_is_hashed_and_mailed),
      cmocka_unit_test(test_link_works_once_and_voids_the_others),
      cmocka_unit_test(test_deactivated_account_gets_no_link),
      cmocka_unit_test(test_old_links_are_forgotten),
      cmocka_unit_test(test_password_hash_new),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
