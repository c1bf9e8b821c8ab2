/* test_db.c — the SQLite layer on a temporary database file: server/db.c (connections per
 * thread, migrations, seeds, the fold() SQL function, transactions), db_editions.c (reads,
 * create/update with their audit entries and error mapping to a field and a sentence, key
 * pairs), db_program.c (the seeded programme of Latacunga 2024, no private fields in public
 * answers, contact data for organizers) and db_users.c (case-insensitive unique emails, the last
 * admin, the field at fault of a refusal, login sessions and their expiry). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "db.h"
#include "db_audit.h"
#include "db_editions.h"
#include "db_program.h"
#include "db_users.h"
#include "tz.h"
#include "temp_db.h"

static char db_file[TEMP_DB_PATH_MAX];

static int group_setup(void **state) {
  (void)state;
  if (!auth_init()) return -1;
  if (!temp_db_create(db_file, "unit")) return -1;
  return db_thread() ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

static struct db *db(void) {
  struct db *d = db_thread();
  assert_non_null(d);
  return d;
}

/* One integer from a query with no parameters. */
static long long q_int(const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db_handle(db()), sql, -1, &st, NULL) != SQLITE_OK)
    fail_msg("prepare failed: %s: %s", sql, sqlite3_errmsg(db_handle(db())));
  long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -999;
  sqlite3_finalize(st);
  return v;
}

/* One text value (copied into out) from a query with one optional text parameter; false if no row. */
static bool q_text(const char *sql, const char *param, char *out, size_t size) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db_handle(db()), sql, -1, &st, NULL) != SQLITE_OK)
    fail_msg("prepare failed: %s: %s", sql, sqlite3_errmsg(db_handle(db())));
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
  bool row = sqlite3_step(st) == SQLITE_ROW;
  if (row) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, size, "%s", t ? (const char *)t : "(null)");
  }
  sqlite3_finalize(st);
  return row;
}

static const char *str(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsString(v)) fail_msg("\"%s\" is not a string", name);
  return v->valuestring;
}

static void assert_no_open_transaction(void) { assert_int_equal(sqlite3_get_autocommit(db_handle(db())), 1); }

static long long audit_rows(void) { return q_int("SELECT count(*) FROM audit_log"); }

/* ---- db.c ---- */

static void test_migrate_idempotent(void **state) {
  (void)state;
  int applied = -1;
  assert_int_equal(db_migrate(db(), &applied), ERR_OK);
  assert_true(applied >= 1);
  assert_int_equal(q_int("SELECT count(*) FROM schema_migrations"), applied);
  assert_int_equal(q_int("SELECT min(version) FROM schema_migrations"), 1);
  assert_int_equal(db_migrate(db(), &applied), ERR_OK);
  assert_int_equal(applied, 0);
  assert_no_open_transaction();
  /* the connection settings every connection gets */
  char mode[32];
  assert_true(q_text("PRAGMA journal_mode", NULL, mode, sizeof mode));
  assert_string_equal(mode, "wal");
  assert_int_equal(q_int("PRAGMA foreign_keys"), 1);
  assert_int_equal(q_int("PRAGMA synchronous"), 2); /* FULL */
}

static void test_seed_idempotent(void **state) {
  (void)state;
  int loaded = -1;
  assert_int_equal(db_seed(db(), &loaded), ERR_OK);
  assert_int_equal(loaded, 2);
  assert_int_equal(q_int("SELECT count(*) FROM editions"), 2);
  long long sessions = q_int("SELECT count(*) FROM sessions");
  long long people = q_int("SELECT count(*) FROM people");
  assert_int_equal(db_seed(db(), &loaded), ERR_OK);
  assert_int_equal(loaded, 0);
  assert_int_equal(q_int("SELECT count(*) FROM editions"), 2);
  assert_int_equal(q_int("SELECT count(*) FROM sessions"), sessions);
  assert_int_equal(q_int("SELECT count(*) FROM people"), people);
  assert_no_open_transaction();
}

static void test_seeded_editions_have_keys(void **state) {
  (void)state;
  assert_int_equal(q_int("SELECT count(*) FROM editions WHERE key_id = ''"), 0);
  assert_int_equal(q_int("SELECT count(DISTINCT key_id) FROM editions"), 2);
  assert_int_equal(q_int("SELECT count(*) FROM editions WHERE length(key_id) <> 16"), 0);
  /* the placeholders of the seed files were replaced by real, distinct keys */
  assert_int_equal(q_int("SELECT count(*) FROM editions WHERE sign_public_key = zeroblob(32)"), 0);
  assert_int_equal(q_int("SELECT count(*) FROM editions WHERE sign_secret_key = zeroblob(64)"), 0);
  assert_int_equal(q_int("SELECT count(*) FROM editions WHERE length(sign_public_key) = 32 AND "
                         "length(sign_secret_key) = 64"),
                   2);
  assert_int_equal(q_int("SELECT count(DISTINCT sign_public_key) FROM editions"), 2);
  /* an Ed25519 secret key (libsodium form) ends with its public key */
  assert_int_equal(q_int("SELECT count(*) FROM editions WHERE substr(sign_secret_key, 33, 32) = sign_public_key"), 2);
}

static void test_fold_function(void **state) {
  (void)state;
  char out[128];
  assert_true(q_text("SELECT fold('Pérez')", NULL, out, sizeof out));
  assert_string_equal(out, "perez");
  assert_true(q_text("SELECT fold(?)", "Pérez Ñacato ÁÉÍÓÚÜ Argüello", out, sizeof out));
  assert_string_equal(out, "perez nacato aeiouu arguello");
  assert_true(q_text("SELECT fold(NULL) IS NULL", NULL, out, sizeof out));
  assert_string_equal(out, "1");
  assert_true(q_text("SELECT fold('€ 100')", NULL, out, sizeof out));
  assert_string_equal(out, "€ 100");
  /* search columns filled by the seed use it */
  assert_true(q_int("SELECT count(*) FROM organizations") > 0);
  assert_int_equal(
      q_int("SELECT count(*) FROM organizations WHERE substr(search, 1, length(fold(name))) <> fold(name)"), 0);
}

static void test_connection_per_thread(void **state) {
  (void)state;
  struct db *a = db_thread();
  assert_ptr_equal(a, db_thread());
  /* a closed connection is reopened on next use, and the data is on disk */
  db_close_thread();
  struct db *b = db_thread();
  assert_non_null(b);
  assert_int_equal(q_int("SELECT count(*) FROM editions"), 2);
  char out[64];
  assert_true(q_text("SELECT fold('Ñ')", NULL, out, sizeof out)); /* fold() registered on the new one too */
  assert_string_equal(out, "n");
}

static void *count_in_thread(void *arg) {
  long long *out = arg;
  struct db *d = db_thread();
  *out = -1;
  if (!d) return NULL;
  struct edition ed;
  if (db_editions_lookup(d, "pastaza-2025", &ed) == ERR_OK) *out = ed.id;
  return NULL; /* the thread's connection is closed by the key destructor */
}

static void test_other_thread_own_connection(void **state) {
  (void)state;
  long long id = 0;
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, count_in_thread, &id), 0);
  pthread_join(t, NULL);
  assert_true(id > 0);
  assert_int_equal(id, q_int("SELECT id FROM editions WHERE slug = 'pastaza-2025'"));
}

/* ---- db_editions.c ---- */

static void test_editions_lookup(void **state) {
  (void)state;
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), "latacunga-2024", &ed), ERR_OK);
  assert_string_equal(ed.slug, "latacunga-2024");
  assert_string_equal(ed.timezone, "America/Guayaquil");
  assert_string_equal(ed.status, "archived");
  assert_int_equal(ed.capacity, 300);
  assert_true(ed.proceedings_published);
  assert_string_equal(ed.short_title, "Latacunga 2024");
  assert_string_equal(ed.city, "Latacunga");
  assert_string_equal(ed.venue, "Aeropuerto Internacional Cotopaxi");
  assert_string_equal(ed.starts_on, "2024-11-25");
  assert_string_equal(ed.ends_on, "2024-11-26");
  assert_string_equal(ed.organizer_unit, "Dirección de Cooperación Internacional");
  assert_string_equal(ed.contact_email, "dirección.cooperación@ame.gob.ec");
  assert_true(strncmp(ed.title, "III Asamblea General", 20) == 0);
  assert_int_equal(db_editions_lookup(db(), "pastaza-2025", &ed), ERR_OK);
  assert_string_equal(ed.status, "open");
  assert_int_equal(ed.capacity, 400);
  assert_false(ed.proceedings_published);
  assert_int_equal(db_editions_lookup(db(), "nope-2030", &ed), ERR_NOT_FOUND);
  assert_int_equal(db_editions_lookup(db(), "LATACUNGA-2024", &ed), ERR_NOT_FOUND);
}

static void test_editions_list_and_get(void **state) {
  (void)state;
  cJSON *items = NULL;
  assert_int_equal(db_editions_list(db(), false, &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 2);
  /* newest first */
  assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "slug")->valuestring, "pastaza-2025");
  assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 1), "slug")->valuestring, "latacunga-2024");
  /* both have ended (November 2025 and 2024): neither takes public sign-ups, whatever the status */
  cJSON *first = cJSON_GetArrayItem(items, 0);
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(first, "registration_open")));
  assert_string_equal(cJSON_GetObjectItem(first, "registration_closed_reason")->valuestring, "ended");
  assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "ended")));
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 1), "registration_open")));
  /* never the key material */
  char *text = cJSON_PrintUnformatted(items);
  assert_null(strstr(text, "secret"));
  assert_null(strstr(text, "sign_"));
  cJSON_free(text);
  cJSON_Delete(items);

  cJSON *one = NULL;
  assert_int_equal(db_editions_get(db(), "latacunga-2024", false, &one), ERR_OK);
  assert_string_equal(cJSON_GetObjectItem(one, "city")->valuestring, "Latacunga");
  assert_string_equal(cJSON_GetObjectItem(one, "starts_on")->valuestring, "2024-11-25");
  assert_string_equal(cJSON_GetObjectItem(one, "ends_on")->valuestring, "2024-11-26");
  assert_string_equal(cJSON_GetObjectItem(one, "contact_email")->valuestring, "dirección.cooperación@ame.gob.ec");
  assert_int_equal(cJSON_GetObjectItem(one, "capacity")->valuedouble, 300);
  assert_int_equal(cJSON_GetObjectItem(one, "confirmed")->valuedouble, 0);
  assert_int_equal(cJSON_GetObjectItem(one, "waitlisted")->valuedouble, 0);
  cJSON_Delete(one);
  one = NULL;
  assert_int_equal(db_editions_get(db(), "nope-2030", true, &one), ERR_NOT_FOUND);
  assert_null(one);
}

static enum err create(const char *json, struct verror *ve) {
  cJSON *f = cJSON_Parse(json);
  assert_non_null(f);
  memset(ve, 0, sizeof *ve);
  enum err e = db_editions_create(db(), f, 0, ve);
  cJSON_Delete(f);
  return e;
}

static void test_editions_create(void **state) {
  (void)state;
  struct verror ve;
  long long audits = audit_rows();
  assert_int_equal(create("{\"slug\":\"manta-2026\",\"title\":\"V Asamblea\",\"city\":\"Manta\","
                          "\"starts_on\":\"2026-10-01\",\"ends_on\":\"2026-10-02\"}",
                          &ve),
                   ERR_OK);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits + 1);
  char out[128];
  assert_true(q_text("SELECT action || ' ' || entity || ' ' || entity_id FROM audit_log ORDER BY id DESC LIMIT 1", NULL,
                     out, sizeof out));
  assert_string_equal(out, "edition.create edition manta-2026");
  assert_int_equal(q_int("SELECT user_id IS NULL FROM audit_log ORDER BY id DESC LIMIT 1"), 1); /* actor 0: CLI */

  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), "manta-2026", &ed), ERR_OK);
  assert_string_equal(ed.timezone, "America/Guayaquil"); /* defaults */
  assert_string_equal(ed.status, "draft");
  assert_int_equal(ed.capacity, -1); /* unlimited */
  assert_true(q_text("SELECT key_id FROM editions WHERE slug = ?", "manta-2026", out, sizeof out));
  assert_int_equal(strlen(out), 16);
  assert_int_equal(q_int("SELECT count(DISTINCT key_id) FROM editions"), 3);

  /* a draft is seen only when drafts are asked for (organizers) */
  cJSON *items = NULL, *one = NULL;
  assert_int_equal(db_editions_list(db(), false, &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 2);
  cJSON_Delete(items);
  assert_int_equal(db_editions_list(db(), true, &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 3);
  assert_string_equal(str(cJSON_GetArrayItem(items, 0), "slug"), "manta-2026"); /* newest first */
  assert_string_equal(str(cJSON_GetArrayItem(items, 0), "status"), "draft");
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "registration_open")));
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "capacity")));
  cJSON_Delete(items);
  assert_int_equal(db_editions_get(db(), "manta-2026", false, &one), ERR_NOT_FOUND);
  assert_null(one);
  assert_int_equal(db_editions_get(db(), "manta-2026", true, &one), ERR_OK);
  assert_string_equal(str(one, "city"), "Manta");
  cJSON_Delete(one);

  /* one-day edition: ends_on == starts_on is fine */
  assert_int_equal(create("{\"slug\":\"loja-2027\",\"title\":\"T\",\"city\":\"Loja\",\"starts_on\":\"2027-05-05\","
                          "\"ends_on\":\"2027-05-05\",\"capacity\":0,\"status\":\"open\"}",
                          &ve),
                   ERR_OK);
  assert_int_equal(db_editions_lookup(db(), "loja-2027", &ed), ERR_OK);
  assert_int_equal(ed.capacity, 0);
  assert_string_equal(ed.status, "open");
  assert_int_equal(audit_rows(), audits + 2);
}

static void test_editions_create_dates_out_of_order(void **state) {
  (void)state;
  struct verror ve;
  long long audits = audit_rows(), editions = q_int("SELECT count(*) FROM editions");
  assert_int_equal(create("{\"slug\":\"cuenca-2026\",\"title\":\"T\",\"city\":\"Cuenca\","
                          "\"starts_on\":\"2026-10-02\",\"ends_on\":\"2026-10-01\"}",
                          &ve),
                   ERR_VALIDATION);
  assert_non_null(ve.field);
  assert_string_equal(ve.field, "ends_on");
  assert_true(ve.message[0] != '\0');
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(q_int("SELECT count(*) FROM editions"), editions);
}

static void test_editions_create_duplicate_slug(void **state) {
  (void)state;
  struct verror ve;
  long long audits = audit_rows(), editions = q_int("SELECT count(*) FROM editions");
  assert_int_equal(create("{\"slug\":\"latacunga-2024\",\"title\":\"Otra\",\"city\":\"Latacunga\","
                          "\"starts_on\":\"2026-10-01\",\"ends_on\":\"2026-10-02\"}",
                          &ve),
                   ERR_CONFLICT);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(q_int("SELECT count(*) FROM editions"), editions);
  /* the original is untouched */
  char out[64];
  assert_true(q_text("SELECT city FROM editions WHERE slug = ?", "latacunga-2024", out, sizeof out));
  assert_string_equal(out, "Latacunga");
  assert_true(q_text("SELECT short_title FROM editions WHERE slug = ?", "latacunga-2024", out, sizeof out));
  assert_string_equal(out, "Latacunga 2024");
}

static enum err update(const char *slug, const char *json, struct verror *ve) {
  cJSON *f = cJSON_Parse(json);
  assert_non_null(f);
  memset(ve, 0, sizeof *ve);
  enum err e = db_editions_update(db(), slug, f, 0, ve);
  cJSON_Delete(f);
  return e;
}

static void test_editions_update(void **state) {
  (void)state;
  struct verror ve;
  long long audits = audit_rows();
  assert_int_equal(update("manta-2026", "{\"venue\":\"Centro de Convenciones\",\"capacity\":250}", &ve), ERR_OK);
  assert_int_equal(audit_rows(), audits + 1);
  char out[128];
  assert_true(q_text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", NULL, out, sizeof out));
  assert_string_equal(out, "edition.update");
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), "manta-2026", &ed), ERR_OK);
  assert_int_equal(ed.capacity, 250);
  assert_true(q_text("SELECT title FROM editions WHERE slug = ?", "manta-2026", out, sizeof out));
  assert_string_equal(out, "V Asamblea"); /* absent fields unchanged */

  /* capacity absent: unchanged; capacity null: unlimited */
  assert_int_equal(update("manta-2026", "{\"title\":\"V Asamblea General\"}", &ve), ERR_OK);
  assert_int_equal(db_editions_lookup(db(), "manta-2026", &ed), ERR_OK);
  assert_int_equal(ed.capacity, 250);
  assert_int_equal(update("manta-2026", "{\"capacity\":null}", &ve), ERR_OK);
  assert_int_equal(db_editions_lookup(db(), "manta-2026", &ed), ERR_OK);
  assert_int_equal(ed.capacity, -1);

  /* dates out of order through an update */
  audits = audit_rows();
  assert_int_equal(update("manta-2026", "{\"ends_on\":\"2026-09-30\"}", &ve), ERR_VALIDATION);
  assert_non_null(ve.field);
  assert_string_equal(ve.field, "ends_on");
  assert_true(ve.message[0] != '\0');
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_true(q_text("SELECT ends_on FROM editions WHERE slug = ?", "manta-2026", out, sizeof out));
  assert_string_equal(out, "2026-10-02");

  /* unknown edition */
  assert_int_equal(update("nope-2030", "{\"title\":\"x\"}", &ve), ERR_NOT_FOUND);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
}

/* ---- db_program.c ---- */

static cJSON *sessions_of(const char *slug) {
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), slug, &ed), ERR_OK);
  cJSON *items = NULL;
  assert_int_equal(db_sessions_list(db(), &ed, &items), ERR_OK);
  assert_non_null(items);
  return items;
}

static void test_seeded_sessions(void **state) {
  (void)state;
  cJSON *items = sessions_of("latacunga-2024");
  assert_int_equal(cJSON_GetArraySize(items), 4);
  static const char *const starts[] = {"2024-11-25T09:30:00-05:00", "2024-11-25T12:00:00-05:00",
                                       "2024-11-26T09:30:00-05:00", "2024-11-26T12:00:00-05:00"};
  int i = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, items) {
    assert_string_equal(str(s, "kind"), "dialogue");
    assert_int_equal(cJSON_GetObjectItem(s, "number")->valuedouble, i + 1);
    assert_string_equal(str(s, "starts_at"), starts[i]);
    assert_true(strcmp(str(s, "ends_at"), str(s, "starts_at")) > 0);
    const cJSON *room = cJSON_GetObjectItem(s, "room");
    assert_true(cJSON_IsObject(room));
    assert_string_equal(str(room, "name"), "Auditorio principal");
    const cJSON *parts = cJSON_GetObjectItem(s, "participants");
    assert_true(cJSON_GetArraySize(parts) >= 2);
    int moderators = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, parts) {
      const char *role = str(p, "role");
      assert_true(strcmp(role, "speaker") == 0 || strcmp(role, "moderator") == 0 || strcmp(role, "panelist") == 0);
      moderators += strcmp(role, "moderator") == 0;
      assert_true(strlen(str(p, "name")) > 0);
      assert_null(cJSON_GetObjectItem(p, "email"));
      assert_null(cJSON_GetObjectItem(p, "phone"));
    }
    if (moderators == 0) fail_msg("session %d has no moderator", i + 1);
    i++;
  }
  const cJSON *first = cJSON_GetArrayItem(items, 0);
  assert_string_equal(str(first, "title"),
                      "Buenas prácticas/proyectos exitosos de cooperación internacional en los GAD Municipales");
  const cJSON *parts = cJSON_GetObjectItem(first, "participants");
  assert_string_equal(str(cJSON_GetArrayItem(parts, 0), "name"), "Patricio Maldonado");
  assert_string_equal(str(cJSON_GetArrayItem(parts, 0), "role"), "speaker");
  assert_string_equal(str(cJSON_GetArrayItem(parts, 0), "topic"), "La Internacionalización Local: GADM Nabón");
  assert_string_equal(str(cJSON_GetArrayItem(parts, 1), "name"), "Abraham Freire");
  assert_string_equal(str(cJSON_GetArrayItem(parts, 2), "name"), "Germán Flores");
  assert_string_equal(str(cJSON_GetArrayItem(parts, 3), "name"), "Javier Pincay");
  /* display order: the moderator last */
  int n = cJSON_GetArraySize(parts);
  assert_string_equal(str(cJSON_GetArrayItem(parts, n - 1), "name"), "Esteban Orellana");
  assert_string_equal(str(cJSON_GetArrayItem(parts, n - 1), "role"), "moderator");
  cJSON_Delete(items);

  items = sessions_of("pastaza-2025");
  assert_int_equal(cJSON_GetArraySize(items), 0);
  cJSON_Delete(items);
}

/* Fails if any object anywhere in v has a key "email" or "phone". */
static void assert_no_private_keys(const cJSON *v) {
  const cJSON *c;
  if (cJSON_IsObject(v)) {
    cJSON_ArrayForEach(c, v) {
      if (c->string && (strcmp(c->string, "email") == 0 || strcmp(c->string, "phone") == 0))
        fail_msg("public answer has a \"%s\" key", c->string);
      assert_no_private_keys(c);
    }
  } else if (cJSON_IsArray(v)) {
    cJSON_ArrayForEach(c, v) assert_no_private_keys(c);
  }
}

static void test_people_public_fields_only(void **state) {
  (void)state;
  /* give every person private contact data, then make sure none of it comes out */
  assert_int_equal(db_exec(db(),
                           "UPDATE people SET email = 'privado' || id || '@correo.ec',"
                           " phone = '+593 99 000 ' || printf('%04d', id)"),
                   ERR_OK);
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), "latacunga-2024", &ed), ERR_OK);
  cJSON *people = NULL;
  assert_int_equal(db_people_for_edition(db(), &ed, &people), ERR_OK);
  assert_true(cJSON_GetArraySize(people) > 0);
  assert_no_private_keys(people);
  char *text = cJSON_PrintUnformatted(people);
  assert_null(strstr(text, "@correo.ec"));
  assert_null(strstr(text, "+593 99 000"));
  cJSON_free(text);
  /* every person listed takes part in a session of this edition; names in order */
  const cJSON *p, *prev = NULL;
  bool found_patricio = false;
  cJSON_ArrayForEach(p, people) {
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(p, "sessions")) >= 1);
    if (prev) assert_true(strcasecmp(str(prev, "name"), str(p, "name")) <= 0);
    if (strcmp(str(p, "name"), "Patricio Maldonado") == 0) found_patricio = true;
    prev = p;
  }
  assert_true(found_patricio);
  /* one person, across editions */
  long long id = (long long)cJSON_GetObjectItem(cJSON_GetArrayItem(people, 0), "id")->valuedouble;
  cJSON *one = NULL;
  assert_int_equal(db_people_get(db(), id, false, &one), ERR_OK);
  assert_no_private_keys(one);
  text = cJSON_PrintUnformatted(one);
  assert_null(strstr(text, "@correo.ec"));
  cJSON_free(text);
  assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(one, "sessions")) >= 1);
  cJSON_Delete(one);
  /* organizers (with_private) see the contact data */
  one = NULL;
  assert_int_equal(db_people_get(db(), id, true, &one), ERR_OK);
  char want_email[64];
  snprintf(want_email, sizeof want_email, "privado%lld@correo.ec", id);
  assert_string_equal(str(one, "email"), want_email);
  assert_non_null(strstr(str(one, "phone"), "+593 99 000 "));
  cJSON_Delete(one);
  one = NULL;
  assert_int_equal(db_people_get(db(), 987654321, false, &one), ERR_NOT_FOUND);
  assert_int_equal(db_people_get(db(), 987654321, true, &one), ERR_NOT_FOUND);
  cJSON_Delete(people);

  assert_int_equal(db_editions_lookup(db(), "pastaza-2025", &ed), ERR_OK);
  assert_int_equal(db_people_for_edition(db(), &ed, &people), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(people), 0);
  cJSON_Delete(people);
}

/* ---- db_users.c ---- */

static long long admin_id, organizer_id;

static void test_users_insert_unique_email(void **state) {
  (void)state;
  long long audits = audit_rows();
  assert_int_equal(db_users_create(db(), "admin@ame.gob.ec", "Admin", ROLE_ADMIN, "$argon2id$x", 0, &admin_id), ERR_OK);
  assert_true(admin_id > 0);
  assert_int_equal(audit_rows(), audits + 1);
  char out[64];
  assert_true(q_text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", NULL, out, sizeof out));
  assert_string_equal(out, "user.create");
  /* the audit entry never holds the password hash */
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE detail LIKE '%argon2%'"), 0);

  long long dup = 0;
  assert_int_equal(db_users_create(db(), "ADMIN@AME.GOB.EC", "Otro", ROLE_STAFF, "$argon2id$y", 0, &dup), ERR_CONFLICT);
  assert_int_equal(db_users_create(db(), "Admin@Ame.Gob.Ec", "Otro", ROLE_STAFF, "$argon2id$y", 0, &dup), ERR_CONFLICT);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits + 1);
  assert_int_equal(q_int("SELECT count(*) FROM users"), 1);

  assert_int_equal(
      db_users_create(db(), "org@ame.gob.ec", "Organizadora", ROLE_ORGANIZER, "$argon2id$z", admin_id, &organizer_id),
      ERR_OK);
  assert_int_equal(q_int("SELECT count(*) FROM audit_log WHERE action = 'user.create' AND user_id IS NOT NULL"), 1);

  /* lookup by email ignores case too */
  struct user u;
  char hash[128];
  assert_int_equal(db_users_by_email(db(), "ORG@ame.gob.ec", &u, hash, sizeof hash), ERR_OK);
  assert_int_equal(u.id, organizer_id);
  assert_int_equal(u.role, ROLE_ORGANIZER);
  assert_string_equal(hash, "$argon2id$z");
  assert_int_equal(db_users_by_email(db(), "nadie@ame.gob.ec", &u, hash, sizeof hash), ERR_NOT_FOUND);

  /* the list never carries hashes */
  cJSON *items = NULL;
  assert_int_equal(db_users_list(db(), &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), 2);
  char *text = cJSON_PrintUnformatted(items);
  assert_null(strstr(text, "argon2"));
  cJSON_free(text);
  cJSON_Delete(items);
}

/* db_users_update with a fresh verror; on failure the field at fault is checked against want_field
 * (NULL: any) and the sentence must not be empty. */
static enum err users_update(long long id, const char *name, const char *email, enum role role, const char *hash,
                             long long actor, const char *want_field) {
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  struct user_change c = USER_CHANGE_NONE;
  c.name = name;
  c.email = email;
  c.role = role;
  c.hash = hash;
  enum err e = db_users_update(db(), id, &c, actor, &ve);
  if (e == ERR_CONFLICT) {
    if (ve.message[0] == '\0') fail_msg("db_users_update refused with an empty message");
    if (want_field && (ve.field == NULL || strcmp(ve.field, want_field) != 0))
      fail_msg("db_users_update refused on field \"%s\", want \"%s\"", ve.field ? ve.field : "(null)", want_field);
  }
  return e;
}

static void test_users_update_email_conflict(void **state) {
  (void)state;
  long long audits = audit_rows();
  assert_int_equal(users_update(organizer_id, NULL, "admin@AME.gob.ec", ROLE_NONE, NULL, admin_id, "email"),
                   ERR_CONFLICT);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(users_update(987654, "X", NULL, ROLE_NONE, NULL, admin_id, NULL), ERR_NOT_FOUND);
  assert_no_open_transaction();
}

static void test_users_last_admin(void **state) {
  (void)state;
  assert_int_equal(db_users_count_admins(db()), 1);
  long long audits = audit_rows();
  /* the only admin cannot be demoted or deleted */
  assert_int_equal(users_update(admin_id, NULL, NULL, ROLE_ORGANIZER, NULL, admin_id, "role"), ERR_CONFLICT);
  assert_int_equal(users_update(admin_id, NULL, NULL, ROLE_STAFF, NULL, admin_id, "role"), ERR_CONFLICT);
  assert_int_equal(db_users_delete(db(), admin_id, admin_id), ERR_CONFLICT);
  assert_no_open_transaction();
  assert_int_equal(audit_rows(), audits);
  assert_int_equal(db_users_count_admins(db()), 1);
  /* other changes to the last admin are fine, and so is "promoting" it to admin again */
  assert_int_equal(users_update(admin_id, "Administradora", NULL, ROLE_NONE, NULL, admin_id, NULL), ERR_OK);
  assert_int_equal(users_update(admin_id, NULL, NULL, ROLE_ADMIN, NULL, admin_id, NULL), ERR_OK);
  assert_int_equal(audit_rows(), audits + 2);
  /* with a second admin, the first can step down; then the second is the last one */
  assert_int_equal(users_update(organizer_id, NULL, NULL, ROLE_ADMIN, NULL, admin_id, NULL), ERR_OK);
  assert_int_equal(db_users_count_admins(db()), 2);
  assert_int_equal(users_update(admin_id, NULL, NULL, ROLE_ORGANIZER, NULL, organizer_id, NULL), ERR_OK);
  assert_int_equal(db_users_count_admins(db()), 1);
  assert_int_equal(users_update(organizer_id, NULL, NULL, ROLE_STAFF, NULL, organizer_id, "role"), ERR_CONFLICT);
  assert_int_equal(db_users_delete(db(), organizer_id, organizer_id), ERR_CONFLICT);
  /* a non-admin can be deleted */
  long long staff = 0;
  assert_int_equal(db_users_create(db(), "puerta@ame.gob.ec", "Puerta", ROLE_STAFF, "$argon2id$w", 0, &staff), ERR_OK);
  assert_int_equal(db_users_delete(db(), staff, organizer_id), ERR_OK);
  cJSON *gone = NULL;
  assert_int_equal(db_users_get(db(), staff, &gone), ERR_NOT_FOUND);
  assert_no_open_transaction();
  /* restore: admin_id is the admin again, organizer_id the organizer */
  assert_int_equal(users_update(admin_id, NULL, NULL, ROLE_ADMIN, NULL, organizer_id, NULL), ERR_OK);
  assert_int_equal(users_update(organizer_id, NULL, NULL, ROLE_ORGANIZER, NULL, admin_id, NULL), ERR_OK);
  assert_int_equal(db_users_count_admins(db()), 1);
}

static void fill_hash(unsigned char h[32], unsigned char b) { memset(h, b, 32); }

/* A session clock at wall-clock text `wall`, on boot `boot_id` at boot-clock second `boot`. */
static struct session_clock clock_at(const char *wall, const char *boot_id, long long boot) {
  struct session_clock c = {.wall = tz_parse_utc(wall), .boot = boot};
  snprintf(c.boot_id, sizeof c.boot_id, "%s", boot_id);
  return c;
}

static enum err lookup_at(const unsigned char h[32], const char *wall, const char *boot_id, long long boot,
                          struct user *u) {
  struct session_clock c = clock_at(wall, boot_id, boot);
  return db_auth_session_lookup(db(), h, &c, u);
}

static enum err create_at(long long user, const unsigned char h[32], const char *wall, const char *boot_id,
                          long long boot, long long lifetime) {
  struct session_clock c = clock_at(wall, boot_id, boot);
  return db_auth_session_create(db(), user, h, &c, lifetime);
}

#define BOOT_A "11111111-1111-1111-1111-111111111111"
#define BOOT_B "22222222-2222-2222-2222-222222222222"
#define HOUR 3600LL

static void test_auth_session_expiry(void **state) {
  (void)state;
  unsigned char h[32], other[32];
  fill_hash(h, 0xA1);
  fill_hash(other, 0xB2);
  /* made at 2030-01-01T00:00Z, boot clock 1000 s, for 12 hours */
  assert_int_equal(create_at(admin_id, h, "2030-01-01T00:00:00Z", BOOT_A, 1000, 12 * HOUR), ERR_OK);
  struct user u;
  memset(&u, 0, sizeof u);
  assert_int_equal(lookup_at(h, "2030-01-01T11:59:59Z", BOOT_A, 1000 + 12 * HOUR - 1, &u), ERR_OK);
  assert_int_equal(u.id, admin_id);
  assert_int_equal(u.role, ROLE_ADMIN);
  assert_string_equal(u.email, "admin@ame.gob.ec");
  /* on the same boot the boot clock decides: wall-clock steps either way change nothing */
  assert_int_equal(lookup_at(h, "2030-01-02T12:00:00Z", BOOT_A, 1000 + HOUR, &u), ERR_OK); /* wall +1 day */
  assert_int_equal(lookup_at(h, "2029-01-01T00:00:00Z", BOOT_A, 1000 + HOUR, &u), ERR_OK); /* wall -1 year */
  assert_int_equal(lookup_at(h, "2030-01-01T01:00:00Z", BOOT_A, 1000 + 12 * HOUR, &u), ERR_NOT_FOUND);
  assert_int_equal(lookup_at(h, "2029-01-01T00:00:00Z", BOOT_A, 1000 + 13 * HOUR, &u), ERR_NOT_FOUND);
  /* after a reboot the wall clock decides */
  assert_int_equal(lookup_at(h, "2030-01-01T11:59:59Z", BOOT_B, 5, &u), ERR_OK);
  assert_int_equal(lookup_at(h, "2030-01-01T12:00:00Z", BOOT_B, 5, &u), ERR_NOT_FOUND);
  /* and so it does when the boot id is unknown */
  assert_int_equal(lookup_at(h, "2030-01-01T12:00:00Z", "", 1000 + HOUR, &u), ERR_NOT_FOUND);
  assert_int_equal(lookup_at(other, "2030-01-01T00:00:00Z", BOOT_A, 1000, &u), ERR_NOT_FOUND);
  /* the role comes from the user now, not from when the session began */
  assert_int_equal(create_at(organizer_id, other, "2030-01-01T00:00:00Z", BOOT_A, 1000, 12 * HOUR), ERR_OK);
  assert_int_equal(lookup_at(other, "2030-01-01T00:00:00Z", BOOT_A, 1001, &u), ERR_OK);
  assert_int_equal(u.role, ROLE_ORGANIZER);
  /* logout */
  assert_int_equal(db_auth_session_delete(db(), other), ERR_OK);
  assert_int_equal(lookup_at(other, "2030-01-01T00:00:00Z", BOOT_A, 1001, &u), ERR_NOT_FOUND);
  /* a password change ends the account's sessions */
  assert_int_equal(users_update(admin_id, NULL, NULL, ROLE_NONE, "$argon2id$new", admin_id, NULL), ERR_OK);
  assert_int_equal(lookup_at(h, "2030-01-01T00:00:00Z", BOOT_A, 1001, &u), ERR_NOT_FOUND);
  /* deleting a user ends their sessions */
  assert_int_equal(create_at(organizer_id, other, "2030-01-01T00:00:00Z", BOOT_A, 1000, 12 * HOUR), ERR_OK);
  assert_int_equal(db_users_delete(db(), organizer_id, admin_id), ERR_OK);
  assert_int_equal(lookup_at(other, "2030-01-01T00:00:00Z", BOOT_A, 1001, &u), ERR_NOT_FOUND);
  assert_no_open_transaction();
}

/* A login deletes only sessions that are surely over: of this boot, past their boot-clock expiry;
 * of other boots, more than SESSION_PRUNE_GRACE past their wall-clock expiry. A wall clock set
 * ahead by mistake deletes nothing that is still good. */
static void test_auth_session_prune(void **state) {
  (void)state;
  assert_int_equal(sqlite3_exec(db_handle(db()), "DELETE FROM auth_sessions", NULL, NULL, NULL), SQLITE_OK);
  unsigned char live[32], over[32], old_boot[32], older_boot[32], fresh[32];
  fill_hash(live, 0x01);
  fill_hash(over, 0x02);
  fill_hash(old_boot, 0x03);
  fill_hash(older_boot, 0x04);
  fill_hash(fresh, 0x05);
  assert_int_equal(create_at(admin_id, older_boot, "2030-01-01T00:00:00Z", BOOT_B, 50, 12 * HOUR), ERR_OK);
  assert_int_equal(create_at(admin_id, old_boot, "2030-03-01T00:00:00Z", BOOT_B, 60, 12 * HOUR), ERR_OK);
  assert_int_equal(create_at(admin_id, over, "2030-03-20T00:00:00Z", BOOT_A, 100, 1 * HOUR), ERR_OK);
  assert_int_equal(create_at(admin_id, live, "2030-03-20T00:00:00Z", BOOT_A, 100, 12 * HOUR), ERR_OK);
  /* a login on boot A two hours later, with the wall clock 12 hours ahead */
  assert_int_equal(create_at(admin_id, fresh, "2030-03-20T14:00:00Z", BOOT_A, 100 + 2 * HOUR, 12 * HOUR), ERR_OK);
  assert_int_equal(q_int("SELECT count(*) FROM auth_sessions"), 3);
  struct user u;
  assert_int_equal(lookup_at(live, "2030-03-20T02:00:00Z", BOOT_A, 100 + 2 * HOUR, &u), ERR_OK);
  assert_int_equal(lookup_at(fresh, "2030-03-20T02:00:00Z", BOOT_A, 100 + 2 * HOUR, &u), ERR_OK);
  assert_int_equal(
      q_int(
          "SELECT count(*) FROM auth_sessions WHERE token_hash = x'0303030303030303030303030303030303030303030303030303030303030303'"),
      1);
  assert_int_equal(sqlite3_exec(db_handle(db()), "DELETE FROM auth_sessions", NULL, NULL, NULL), SQLITE_OK);
  assert_no_open_transaction();
}

static void test_audit_list(void **state) {
  (void)state;
  cJSON *items = NULL;
  long long total = 0;
  struct audit_filter all = {.limit = 2};
  assert_int_equal(db_audit_list(db(), &all, &items, &total), ERR_OK);
  assert_int_equal(total, audit_rows());
  assert_int_equal(cJSON_GetArraySize(items), 2);
  /* newest first: the last change was the user deletion */
  assert_string_equal(str(cJSON_GetArrayItem(items, 0), "action"), "user.delete");
  assert_true(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "id")->valuedouble >
              cJSON_GetObjectItem(cJSON_GetArrayItem(items, 1), "id")->valuedouble);
  assert_true(cJSON_IsObject(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "detail")));
  cJSON_Delete(items);
}

/* Each filter of the audit list narrows it, and the total counts the matches, not the page. */
static void test_audit_filters(void **state) {
  (void)state;
  cJSON *items = NULL;
  long long total = 0;
  struct audit_filter by_action = {.action = "user.delete", .limit = 50};
  assert_int_equal(db_audit_list(db(), &by_action, &items, &total), ERR_OK);
  assert_int_equal(total, q_int("SELECT count(*) FROM audit_log WHERE action = 'user.delete'"));
  assert_true(total > 0);
  const cJSON *it;
  cJSON_ArrayForEach(it, items) assert_string_equal(str(it, "action"), "user.delete");
  cJSON_Delete(items);
  struct audit_filter by_user = {.user_id = admin_id, .limit = 1};
  assert_int_equal(db_audit_list(db(), &by_user, &items, &total), ERR_OK);
  assert_int_equal(
      total,
      q_int("SELECT count(*) FROM audit_log WHERE user_id = (SELECT id FROM users WHERE email = 'admin@ame.gob.ec')"));
  assert_int_equal(cJSON_GetArraySize(items), total > 0 ? 1 : 0);
  cJSON_Delete(items);
  struct audit_filter future = {.from = "2999-01-01T00:00:00Z", .limit = 50};
  assert_int_equal(db_audit_list(db(), &future, &items, &total), ERR_OK);
  assert_int_equal(total, 0);
  cJSON_Delete(items);
  struct audit_filter past = {.before = "2000-01-01T00:00:00Z", .limit = 50};
  assert_int_equal(db_audit_list(db(), &past, &items, &total), ERR_OK);
  assert_int_equal(total, 0);
  cJSON_Delete(items);
  assert_int_equal(db_audit_actions(db(), &items), ERR_OK);
  assert_int_equal(cJSON_GetArraySize(items), q_int("SELECT count(DISTINCT action) FROM audit_log"));
  cJSON_Delete(items);
}

/* How many of this process's open files are SQLite temporary files ("etilqs_", unlinked). */
static int sqlite_temp_files_open(void) {
  DIR *d = opendir("/proc/self/fd");
  assert_non_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    char link[300], target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
    ssize_t len = readlink(link, target, sizeof target - 1);
    if (len <= 0) continue;
    target[len] = '\0';
    n += strstr(target, "etilqs_") != NULL;
  }
  closedir(d);
  return n;
}

/* A write job of a group commit runs in a savepoint inside the group's transaction; the pages it
 * changes go to the savepoint's sub-journal, which stays in memory (db_configure) instead of
 * spilling to a temporary file past 64 KiB, as every sign-up's did. */
static void test_savepoint_journal_in_memory(void **state) {
  (void)state;
  struct db *d = db();
  assert_int_equal(db_exec(d, "CREATE TABLE spill(id INTEGER PRIMARY KEY, pad TEXT)"), ERR_OK);
  assert_int_equal(db_exec(d,
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                           " INSERT INTO spill SELECT i, printf('%.*c', 1500, 'x') FROM n"),
                   ERR_OK);
  int before = sqlite_temp_files_open();
  assert_int_equal(db_begin(d), ERR_OK);                                     /* the group's transaction */
  assert_int_equal(db_begin(d), ERR_OK);                                     /* one job's savepoint */
  assert_int_equal(db_exec(d, "UPDATE spill SET pad = upper(pad)"), ERR_OK); /* ~80 pages: 320 KiB */
  assert_int_equal(sqlite_temp_files_open(), before);
  assert_int_equal(db_commit(d), ERR_OK);
  assert_int_equal(db_commit(d), ERR_OK);
  assert_int_equal(q_int("SELECT count(*) FROM spill WHERE pad GLOB 'X*'"), 200);
  assert_int_equal(db_exec(d, "DROP TABLE spill"), ERR_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      /* in order: each test builds on the state the previous ones left */
      cmocka_unit_test(test_migrate_idempotent),
      cmocka_unit_test(test_seed_idempotent),
      cmocka_unit_test(test_seeded_editions_have_keys),
      cmocka_unit_test(test_fold_function),
      cmocka_unit_test(test_savepoint_journal_in_memory),
      cmocka_unit_test(test_connection_per_thread),
      cmocka_unit_test(test_other_thread_own_connection),
      cmocka_unit_test(test_editions_lookup),
      cmocka_unit_test(test_editions_list_and_get),
      cmocka_unit_test(test_editions_create),
      cmocka_unit_test(test_editions_create_dates_out_of_order),
      cmocka_unit_test(test_editions_create_duplicate_slug),
      cmocka_unit_test(test_editions_update),
      cmocka_unit_test(test_seeded_sessions),
      cmocka_unit_test(test_people_public_fields_only),
      cmocka_unit_test(test_users_insert_unique_email),
      cmocka_unit_test(test_users_update_email_conflict),
      cmocka_unit_test(test_users_last_admin),
      cmocka_unit_test(test_auth_session_expiry),
      cmocka_unit_test(test_auth_session_prune),
      cmocka_unit_test(test_audit_list),
      cmocka_unit_test(test_audit_filters),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
