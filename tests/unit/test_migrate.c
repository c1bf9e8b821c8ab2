/* test_migrate.c — a failed migration leaves the database as it was: db_migrate_files applies
 * every pending migration of one run in one transaction, so when a later one fails, the earlier
 * ones of the same run are undone too, and schema_migrations, the schema and the data are those
 * of before the run. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "embedded.h"
#include "temp_db.h"

static char db_file[TEMP_DB_PATH_MAX];

static int setup(void **state) {
  (void)state;
  int applied = 0;
  if (!temp_db_create(db_file, "migrate")) return -1;
  return db_migrate(db_thread(), &applied) == ERR_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

/* The first column of the first row of sql as text (malloc'd; "" when NULL or no row). */
static char *q_text(const char *sql) {
  sqlite3 *h = db_handle(db_thread());
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("prepare: %s", sqlite3_errmsg(h));
  const unsigned char *v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
  char *copy = strdup(v ? (const char *)v : "");
  sqlite3_finalize(st);
  return copy;
}

/* What the failing run touches: the recorded versions, the whole schema, and the rows of editions and users. */
static char *snapshot(void) {
  return q_text(
      "SELECT (SELECT group_concat(version || ':' || name, ',') FROM schema_migrations)"
      " || '|' || (SELECT group_concat(type || ' ' || name || ' ' || ifnull(sql, ''), ';')"
      " FROM (SELECT * FROM sqlite_master ORDER BY name))"
      " || '|' || (SELECT count(*) FROM editions) || ',' || (SELECT count(*) FROM users)");
}

/* Two new migrations: the first would succeed on its own, the second fails half-way. */
static const struct embedded_file good_then_failing[] = {
    {"sql/900_probe.sql",
     "CREATE TABLE upgrade_probe(x); INSERT INTO upgrade_probe VALUES (1);"
     " INSERT INTO users(email, name, role, password_hash) VALUES ('x@y.ec', 'X', 'admin', 'h');",
     0},
    {"sql/901_broken.sql",
     "CREATE TABLE half_done(x); ALTER TABLE editions ADD COLUMN extra TEXT;"
     " INSERT INTO no_such_table VALUES (1);",
     0},
};

static void test_failed_migration_changes_nothing(void **state) {
  (void)state;
  char *before = snapshot();
  int applied = 99;
  assert_int_not_equal(db_migrate_files(db_thread(), good_then_failing, 2, &applied), ERR_OK);
  assert_int_equal(applied, 0);
  assert_int_equal(db_depth(db_thread()), 0);
  char *after = snapshot();
  assert_string_equal(after, before);
  free(before);
  free(after);
}

static void test_good_migrations_apply_in_order(void **state) {
  (void)state;
  int applied = 0;
  assert_int_equal(db_migrate_files(db_thread(), good_then_failing, 1, &applied), ERR_OK);
  assert_int_equal(applied, 1);
  char *probe = q_text("SELECT (SELECT max(version) FROM schema_migrations) || ',' || (SELECT x FROM upgrade_probe)");
  assert_string_equal(probe, "900,1");
  free(probe);
  assert_int_equal(db_migrate_files(db_thread(), good_then_failing, 1, &applied), ERR_OK);
  assert_int_equal(applied, 0); /* recorded: not applied twice */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_failed_migration_changes_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_good_migrations_apply_in_order, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
