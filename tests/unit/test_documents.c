/* test_documents.c — the memoria's reads (db_proceedings.c) and the documents built on them
 * (documents.c) when a read fails half-way: every one answers the failure, never "not found", an
 * empty list or a document missing what could not be read. A progress handler makes each step
 * of a (prepared, cached) statement fail with SQLITE_INTERRUPT, as a failing disk would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"
#include "db.h"
#include "db_proceedings.h"
#include "documents.h"
#include "regcode.h"
#include "temp_db.h"

static char db_file[TEMP_DB_PATH_MAX];
static struct edition latacunga;
static char unknown_code[REGCODE_LEN + 1]; /* well formed, never issued */

static int group_setup(void **state) {
  (void)state;
  if (!auth_init()) return -1;
  if (!temp_db_create(db_file, "unit")) return -1;
  struct db *db = db_thread();
  int applied, loaded;
  if (!db || db_migrate(db, &applied) != ERR_OK || db_seed(db, &loaded) != ERR_OK || doc_publish_seeded(db) != ERR_OK)
    return -1;
  regcode_new(unknown_code);
  return db_editions_lookup(db, "latacunga-2024", &latacunga) == ERR_OK ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

static bool fail_always;          /* every statement fails */
static const char *failing_table; /* or the SELECTs that read this table fail */

/* True while a SELECT reading `table` is being stepped on h (not BEGIN, ROLLBACK or a write). */
static bool reading(sqlite3 *h, const char *table) {
  for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st))
    if (sqlite3_stmt_busy(st) && strncmp(sqlite3_sql(st), "SELECT", 6) == 0 && strstr(sqlite3_sql(st), table))
      return true;
  return false;
}

/* The progress handler: a non-zero answer interrupts the statement being stepped. */
static int fail_step(void *arg) { return fail_always || (failing_table && reading(arg, failing_table)); }

/* From now on every statement fails (always), or the reads of one table (table), or none. */
static void make_fail(bool always, const char *table) {
  sqlite3 *h = db_handle(db_thread());
  fail_always = always;
  failing_table = table;
  sqlite3_progress_handler(h, 1, always || table ? fail_step : NULL, h);
}

/* Runs every read once so that its statement is prepared and cached: the failure then comes
 * from stepping it, not from preparing it. */
static void warm_up(struct db *db) {
  cJSON *o = NULL;
  assert_int_equal(db_proceedings_get(db, &latacunga, &o), ERR_OK);
  cJSON_Delete(o);
  assert_int_equal(db_proceedings_versions(db, &latacunga, &o), ERR_OK);
  cJSON_Delete(o);
  assert_int_equal(db_proceedings_published(db, &latacunga, &o), ERR_OK);
  cJSON_Delete(o);
  unsigned char *pdf = NULL;
  size_t len;
  char sha[65];
  int version;
  assert_int_equal(db_proceedings_pdf(db, &latacunga, 0, NULL, &pdf, &len, sha, &version), ERR_OK);
  free(pdf);
  struct edition ed;
  assert_int_equal(db_proceedings_item_edition(db, 1, &ed), ERR_OK);
  assert_int_equal(db_certificate_check(db, unknown_code, &o), ERR_NOT_FOUND);
  assert_int_equal(doc_proceedings(db, &latacunga, 0, &pdf, &len), ERR_OK);
  free(pdf);
  assert_int_equal(doc_publish_seeded(db), ERR_OK);
  struct badge_filter f = {0};
  size_t count;
  pdf = NULL;
  enum err e = doc_badges(db, &latacunga, &f, &pdf, &len, &count);
  assert_true(e == ERR_OK || e == ERR_NOT_FOUND);
  free(pdf);
  pdf = NULL;
  e = doc_certificates(db, &latacunga, 0, &pdf, &len);
  assert_true(e == ERR_OK || e == ERR_NOT_FOUND);
  free(pdf);
}

/* A failed read is neither success nor "not found" (a macro: failures name the caller's line). */
#define assert_failed(call)                    \
  do {                                         \
    enum err got_ = (call);                    \
    assert_int_not_equal(got_, ERR_OK);        \
    assert_int_not_equal(got_, ERR_NOT_FOUND); \
  } while (0)

static void test_failed_reads_are_errors(void **state) {
  (void)state;
  struct db *db = db_thread();
  warm_up(db);
  make_fail(true, NULL);
  cJSON *o = NULL;
  assert_failed(db_proceedings_get(db, &latacunga, &o));
  assert_failed(db_proceedings_versions(db, &latacunga, &o));
  assert_failed(db_proceedings_published(db, &latacunga, &o));
  unsigned char *pdf = NULL;
  size_t len;
  char sha[65];
  int version;
  assert_failed(db_proceedings_pdf(db, &latacunga, 0, NULL, &pdf, &len, sha, &version));
  struct edition ed;
  assert_failed(db_proceedings_item_edition(db, 1, &ed));
  assert_failed(db_certificate_check(db, unknown_code, &o));
  assert_failed(doc_proceedings(db, &latacunga, 0, &pdf, &len));
  assert_failed(doc_publish_seeded(db));
  struct badge_filter f = {0};
  size_t count;
  assert_failed(doc_badges(db, &latacunga, &f, &pdf, &len, &count));
  assert_failed(doc_certificates(db, &latacunga, 0, &pdf, &len));
  make_fail(false, NULL);
}

/* The publish transaction begins, then its read of the items fails: nothing is stored, the
 * failure is answered, and the transaction is closed. */
static void test_failed_read_publishes_nothing(void **state) {
  (void)state;
  struct db *db = db_thread();
  make_fail(false, NULL);
  cJSON *before = NULL, *after = NULL, *out = NULL;
  assert_int_equal(db_proceedings_versions(db, &latacunga, &before), ERR_OK);
  make_fail(false, "proceedings_items");
  assert_failed(doc_publish_proceedings(db, &latacunga, 0, 0, &out));
  make_fail(false, NULL);
  assert_null(out);
  assert_int_equal(db_depth(db), 0);
  assert_true(sqlite3_get_autocommit(db_handle(db)));
  assert_int_equal(db_proceedings_versions(db, &latacunga, &after), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(after), cJSON_GetArraySize(before));
  cJSON_Delete(before);
  cJSON_Delete(after);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_failed_reads_are_errors),
      cmocka_unit_test(test_failed_read_publishes_nothing),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
