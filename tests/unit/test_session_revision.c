/* test_session_revision.c — a session's revision (sessions.sequence and updated_at, sql/018), which
 * the calendar export publishes as SEQUENCE and LAST-MODIFIED: a seeded session starts at 0; every
 * change of what its calendar event shows (its own fields, its room's name, its participants, a
 * participant's name, the edition's venue) adds one, through the same db_* writes the API uses; a
 * write that changes nothing, or changes only what the event does not show, adds nothing. A
 * deleted session is kept as cancelled one revision later, and a new session that gets its id
 * carries on from there. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "db_editions.h"
#include "db_program.h"
#include "db_schedule.h"
#include "temp_db.h"

static char db_file[TEMP_DB_PATH_MAX];
static struct edition ed;
static long long session_id, room_id, person_id; /* the first seeded session of Latacunga 2024 */

static long long q_int(const char *sql, long long param) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db_handle(db_thread()), sql, -1, &st, NULL) != SQLITE_OK) fail_msg("prepare: %s", sql);
  sqlite3_bind_int64(st, 1, param);
  long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -999;
  sqlite3_finalize(st);
  return v;
}

static int group_setup(void **state) {
  (void)state;
  if (!temp_db_create(db_file, "revision")) return -1;
  int n;
  if (db_migrate(db_thread(), &n) != ERR_OK || db_seed(db_thread(), &n) != ERR_OK) return -1;
  if (db_editions_lookup(db_thread(), "latacunga-2024", &ed) != ERR_OK) return -1;
  session_id = q_int("SELECT min(id) FROM sessions WHERE edition_id = ?", ed.id);
  room_id = q_int("SELECT room_id FROM sessions WHERE id = ?", session_id);
  person_id = q_int("SELECT min(person_id) FROM session_participants WHERE session_id = ?", session_id);
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

static long long sequence(void) { return q_int("SELECT sequence FROM sessions WHERE id = ?", session_id); }

static void update_session(const struct session_input *in) {
  struct verror ve = {0};
  cJSON *conflicts = NULL;
  assert_int_equal(db_sessions_update(db_thread(), &ed, session_id, in, 0, &ve, &conflicts), ERR_OK);
  cJSON_Delete(conflicts);
}

static void test_seeded_sessions_start_at_zero(void **state) {
  (void)state;
  assert_int_equal(q_int("SELECT count(*) FROM sessions WHERE sequence <> 0 AND edition_id = ?", ed.id), 0);
  cJSON *items = NULL;
  assert_int_equal(db_sessions_list(db_thread(), &ed, &items), ERR_OK);
  const cJSON *first = cJSON_GetArrayItem(items, 0);
  assert_int_equal(cJSON_GetObjectItem(first, "sequence")->valueint, 0);
  const char *updated = cJSON_GetStringValue(cJSON_GetObjectItem(first, "updated_at"));
  assert_non_null(updated);
  assert_int_equal(strlen(updated), 25); /* with the edition's offset, as the other instants */
  assert_string_equal(updated + 19, "-05:00");
  cJSON_Delete(items);
}

static void test_session_changes(void **state) {
  (void)state;
  long long before = sequence();
  struct session_input moved = {.starts_at = "2024-11-25T15:00:00Z", .ends_at = "2024-11-25T17:00:00Z"};
  update_session(&moved);
  assert_int_equal(sequence(), before + 1);
  update_session(&moved); /* the same times again: nothing changed */
  assert_int_equal(sequence(), before + 1);
  struct session_input renamed = {.title = "Buenas prácticas de cooperación"};
  update_session(&renamed);
  assert_int_equal(sequence(), before + 2);
  assert_true(
      q_int("SELECT updated_at >= strftime('%Y-%m-%dT%H:%M:%SZ','now', '-60 seconds') FROM sessions"
            " WHERE id = ?",
            session_id));
}

static void test_what_the_event_shows(void **state) {
  (void)state;
  long long n = sequence();
  assert_int_equal(db_rooms_update(db_thread(), room_id, "Auditorio central", false, 0, false, 0, 0), ERR_OK);
  assert_int_equal(sequence(), ++n);
  assert_int_equal(db_rooms_update(db_thread(), room_id, NULL, true, 120, false, 0, 0),
                   ERR_OK); /* capacity: not shown */
  assert_int_equal(sequence(), n);

  struct participant_input topic = {.topic = "Otro tema"}; /* the topic is not in the event */
  assert_int_equal(db_participant_update(db_thread(), session_id, person_id, &topic, 0), ERR_OK);
  assert_int_equal(sequence(), n);
  struct participant_input role = {.role = "panelist"};
  assert_int_equal(db_participant_update(db_thread(), session_id, person_id, &role, 0), ERR_OK);
  assert_int_equal(sequence(), ++n);
  assert_int_equal(db_participant_remove(db_thread(), session_id, person_id, 0), ERR_OK);
  assert_int_equal(sequence(), ++n);
  struct participant_input back = {.role = "speaker"};
  cJSON *conflicts = NULL;
  assert_int_equal(db_participant_add(db_thread(), session_id, person_id, &back, 0, &conflicts), ERR_OK);
  cJSON_Delete(conflicts);
  assert_int_equal(sequence(), ++n);

  assert_int_equal(db_exec(db_thread(),
                           "UPDATE people SET name = name || ' Jr.' WHERE id IN"
                           " (SELECT person_id FROM session_participants WHERE session_id ="
                           " (SELECT min(id) FROM sessions))"),
                   ERR_OK);
  assert_true(sequence() > n); /* each renamed participant counts */
  n = sequence();

  struct verror ve = {0};
  cJSON *venue = cJSON_Parse("{\"venue\":\"Centro de convenciones\"}");
  assert_int_equal(db_editions_update(db_thread(), ed.slug, venue, 0, &ve), ERR_OK);
  cJSON_Delete(venue);
  assert_int_equal(sequence(), ++n);
  assert_int_equal(q_int("SELECT count(*) FROM sessions WHERE sequence = 0 AND edition_id = ?", ed.id), 0);
}

static void test_deleted_sessions(void **state) {
  (void)state;
  struct session_input in = {.kind = "panel",
                             .title = "Panel que se cancela",
                             .starts_at = "2024-11-26T22:00:00Z",
                             .ends_at = "2024-11-26T23:00:00Z"};
  struct verror ve = {0};
  cJSON *conflicts = NULL;
  long long id = 0;
  assert_int_equal(db_sessions_create(db_thread(), &ed, &in, 0, &id, &ve, &conflicts), ERR_OK);
  struct session_input later = {.title = "Panel que se cancela (nuevo título)"};
  assert_int_equal(db_sessions_update(db_thread(), &ed, id, &later, 0, &ve, &conflicts), ERR_OK);
  assert_int_equal(db_sessions_delete(db_thread(), id, 0), ERR_OK);

  cJSON *items = NULL;
  assert_int_equal(db_sessions_cancelled(db_thread(), &ed, &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 1);
  const cJSON *gone = cJSON_GetArrayItem(items, 0);
  assert_int_equal(cJSON_GetObjectItem(gone, "id")->valuedouble, id);
  assert_int_equal(cJSON_GetObjectItem(gone, "sequence")->valueint, 2); /* revised once, then deleted */
  assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(gone, "title")), later.title);
  assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(gone, "starts_at")), "2024-11-26T17:00:00-05:00");
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(gone, "room")));
  cJSON_Delete(items);

  /* the highest id is given again: the new session's UID continues past the cancellation */
  long long again = 0;
  assert_int_equal(db_sessions_create(db_thread(), &ed, &in, 0, &again, &ve, &conflicts), ERR_OK);
  cJSON_Delete(conflicts);
  assert_int_equal(again, id);
  assert_int_equal(q_int("SELECT sequence FROM sessions WHERE id = ?", id), 3);
  assert_int_equal(db_sessions_cancelled(db_thread(), &ed, &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 0);
  cJSON_Delete(items);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_seeded_sessions_start_at_zero),
      cmocka_unit_test(test_session_changes),
      cmocka_unit_test(test_what_the_event_shows),
      cmocka_unit_test(test_deleted_sessions),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
