/* registrations_fixture.h — what the registration tests (test_registrations.c and
 * test_registrations_list.c) share: a temporary database, migrated and seeded, with an organizer
 * user (group_setup, group_teardown), one per test binary; the registrations a binary makes, by
 * name (enum who, made[]); queries on its tables; and helpers to read and change the seeded
 * edition pastaza-2025, to make and look up registrations, and to read the messages they queue.
 * Pastaza 2025 has ended, and an ended edition takes no public sign-up, so the setup moves its
 * ends_on to 21 November of next year, as an organizer would (the API tests' harness does the same). */
#ifndef ASAMBLEA_REGISTRATIONS_FIXTURE_H
#define ASAMBLEA_REGISTRATIONS_FIXTURE_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
#include "temp_db.h"

#define SLUG "pastaza-2025"
#define PUBLIC_URL "https://asamblea.example.ec"

static char db_file[TEMP_DB_PATH_MAX];

/* The registrations the tests make, by name; filled as they are created. */
enum who { ANA, LUCIA, CARLA, DIEGO, ELENA, FABIO, GINA, ANA2, HUGO, WHO_COUNT };
static struct reg_created made[WHO_COUNT];
static long long organizer; /* a user id: the actor of organizer changes */

/* Gives the seeded, ended SLUG an ends_on next year, so that it takes public sign-ups again. */
static inline bool reopen_seeded_edition(struct db *db) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char ends_on[32];
  snprintf(ends_on, sizeof ends_on, "%04d-11-21", (tm.tm_year + 1900 + 1) % 10000);
  cJSON *fields = cJSON_CreateObject();
  cJSON_AddStringToObject(fields, "ends_on", ends_on);
  struct verror ve = {0};
  bool ok = db_editions_update(db, SLUG, fields, organizer, &ve) == ERR_OK;
  cJSON_Delete(fields);
  return ok;
}

static inline int group_setup(void **state) {
  (void)state;
  if (!temp_db_create(db_file, "regs")) return -1;
  if (!secrets_load(db_file) || !auth_init()) return -1;
  struct db *db = db_thread();
  int n = 0;
  if (!db || db_migrate(db, &n) != ERR_OK || db_seed(db, &n) != ERR_OK) return -1;
  if (db_users_create(db, "org@ame.gob.ec", "Organizadora", ROLE_ORGANIZER, "$argon2id$x", 0, &organizer) != ERR_OK)
    return -1;
  if (!reopen_seeded_edition(db)) return -1;
  config_set_public_url(PUBLIC_URL);
  return 0;
}

static inline int group_teardown(void **state) {
  (void)state;
  temp_db_remove(db_file);
  return 0;
}

static inline struct db *db(void) {
  struct db *d = db_thread();
  assert_non_null(d);
  return d;
}

static inline sqlite3_stmt *prepare(const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db_handle(db()), sql, -1, &st, NULL) != SQLITE_OK)
    fail_msg("prepare failed: %s: %s", sql, sqlite3_errmsg(db_handle(db())));
  return st;
}

/* One integer from a query with one optional text parameter. */
static inline long long q_int(const char *sql, const char *param) {
  sqlite3_stmt *st = prepare(sql);
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
  long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -999;
  sqlite3_finalize(st);
  return v;
}

/* One text value (a new string, "" if no row) from a query with one optional text parameter. */
static inline char *q_text(const char *sql, const char *param) {
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

static inline long long audit_rows(void) { return q_int("SELECT count(*) FROM audit_log", NULL); }
static inline long long outbox_rows(void) { return q_int("SELECT count(*) FROM outbox", NULL); }
static inline long long registration_rows(void) { return q_int("SELECT count(*) FROM registrations", NULL); }
static inline void assert_no_open_transaction(void) { assert_int_equal(sqlite3_get_autocommit(db_handle(db())), 1); }

/* The newest audit entry's action and entity id, as "action id". */
static inline char *last_audit(void) {
  return q_text("SELECT action || ' ' || entity || ' ' || entity_id FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
}

static inline struct edition edition(void) {
  struct edition ed;
  assert_int_equal(db_editions_lookup(db(), SLUG, &ed), ERR_OK);
  return ed;
}

static inline void edition_set(const char *json) {
  cJSON *f = cJSON_Parse(json);
  assert_non_null(f);
  struct verror ve;
  memset(&ve, 0, sizeof ve);
  enum err e = db_editions_update(db(), SLUG, f, 0, &ve);
  if (e != ERR_OK) fail_msg("db_editions_update(%s): %s (%s)", json, err_code(e), ve.message);
  cJSON_Delete(f);
}

static inline struct reg_input person(const char *name, const char *email, const char *type) {
  struct reg_input in;
  memset(&in, 0, sizeof in);
  in.full_name = name;
  in.email = email;
  in.organization = "GAD Municipal";
  in.municipality = "Puyo";
  in.attendee_type = type;
  return in;
}

/* The people the tests register, as both test files know them (ANA2 is Ana again; HUGO is made by
 * the CSV test alone). */
static inline struct reg_input cast(enum who w) {
  struct reg_input in;
  switch (w) {
    case LUCIA:
      in = person("Lucía Pérez Ñacato", "lucia@pastaza.gob.ec", "authority");
      in.organization = "Gobierno Provincial de Pastaza";
      in.municipality = "Mera";
      return in;
    case CARLA:
      in = person("Carla Núñez", "carla@uea.edu.ec", "academia");
      in.organization = "Universidad Estatal Amazónica";
      return in;
    case DIEGO:
      in = person("Diego Ñacato", "diego@prensa.ec", "press");
      in.municipality = "Tena";
      return in;
    case ELENA:
      in = person("Elena Ponente", "elena@ponentes.org", "speaker");
      in.municipality = "";
      return in;
    case FABIO: return person("Fabio Invitado", "fabio@embajada.org", "guest");
    case GINA:
      in = person("Gina Cevallos", "gina@arajuno.gob.ec", "official");
      in.municipality = "Arajuno";
      return in;
    default: return person("Ana Pérez", "ana.perez@puyo.gob.ec", "official");
  }
}

static inline enum err create(const struct reg_input *in, bool by_organizer, struct reg_created *out) {
  struct edition ed = edition();
  return db_registrations_create(db(), &ed, in, by_organizer, by_organizer ? organizer : 0, out);
}

static inline struct reg_ref ref_of(enum who w) {
  struct reg_ref ref;
  memset(&ref, 0, sizeof ref);
  assert_int_equal(db_registrations_ref(db(), made[w].code, &ref), ERR_OK);
  return ref;
}

/* The status of w (a few calls may be used in one expression: the buffers rotate). */
static inline const char *status_of(enum who w) {
  static char status[4][16];
  static unsigned next;
  char *out = status[next++ % 4];
  struct reg_ref ref = ref_of(w);
  snprintf(out, sizeof status[0], "%s", ref.status);
  return out;
}

static inline long long position_of(enum who w) {
  struct reg_ref ref = ref_of(w);
  cJSON *o = NULL;
  assert_int_equal(db_registrations_get(db(), &ref, &o), ERR_OK);
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "waitlist_position");
  long long v = cJSON_IsNumber(p) ? (long long)p->valuedouble : 0;
  cJSON_Delete(o);
  return v;
}

/* Number of outbox rows of kind for the registration w. */
static inline long long outbox_count(enum who w, const char *kind) {
  sqlite3_stmt *st = prepare(
      "SELECT count(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id"
      " WHERE r.code = ?1 AND o.kind = ?2");
  sqlite3_bind_text(st, 1, made[w].code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

/* The newest outbox body of kind for w, opened from its sealed box (a new string, "" if none). */
static inline char *outbox_body(enum who w, const char *kind) {
  sqlite3_stmt *st = prepare(
      "SELECT o.body_box FROM outbox o JOIN registrations r ON r.id = o.registration_id"
      " WHERE r.code = ?1 AND o.kind = ?2 ORDER BY o.id DESC LIMIT 1");
  sqlite3_bind_text(st, 1, made[w].code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  char *out = sqlite3_step(st) == SQLITE_ROW
                  ? secrets_open_text(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0))
                  : NULL;
  sqlite3_finalize(st);
  return out ? out : strdup("");
}

/* The personal link of w with the given token, as the e-mails write it. */
static inline void link_of(enum who w, const char *token, char *out, size_t size) {
  snprintf(out, size, "%s/r/%s?t=%s", PUBLIC_URL, made[w].code, token);
}

static inline void assert_body_has_link(enum who w, const char *kind, const char *token) {
  char *body = outbox_body(w, kind);
  char link[200];
  link_of(w, token, link, sizeof link);
  if (!strstr(body, link)) fail_msg("%s message of %s lacks its link %s:\n%s", kind, made[w].code, link, body);
  free(body);
}

#endif
