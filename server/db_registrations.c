/* db_registrations.c — the registration rules in SQL transactions: capacity, one live
 * registration per email, waitlist order and promotion, manage tokens, and the messages and
 * audit entries each change causes (committed together with it).
 *
 * The capacity rule, kept by every write here: confirmed registrations of the seat-taking types
 * never pass the edition's capacity, and no seat stays free while a seat-taker waits (the oldest
 * waitlisted one is promoted as soon as one frees). The waitlist holds seat-takers only. When
 * capacity is lowered below the seats taken, the confirmed keep their seats and nobody new is
 * confirmed until the count is below capacity again.
 *
 * Double opt-in: an edition with confirm_email keeps a public sign-up in pending_signups (no seat,
 * no registration) until its one-time link is opened; then the registration is made by the same
 * db_registrations_create as any public sign-up, so the rule above holds on that path too. */
#include "db_registrations.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_audit.h"
#include "db_outbox.h"
#include "questions.h"
#include "secrets.h"
#include "tz.h"
#include "util.h"

bool attendee_type_takes_seat(const char *type) {
  if (!type || !type[0] || strchr(type, '\'')) return false;
  char quoted[40];
  int n = snprintf(quoted, sizeof quoted, "'%s'", type);
  return n > 0 && (size_t)n < sizeof quoted && strstr(SEAT_TYPES_SQL, quoted) != NULL;
}

/* Steps a statement whose one row holds one integer; *n = fallback when it has no row. The
 * statement is reset. A failed step is an error, never taken for the fallback. */
static enum err step_int(sqlite3_stmt *st, long long fallback, long long *n) {
  enum err e = ERR_OK;
  int rc = db_step(st, &e);
  *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : fallback;
  db_reset(st);
  return rc ? ERR_OK : e;
}

/* The seats of an edition as they stand inside the transaction. */
struct seats {
  long long capacity; /* -1: unlimited */
  long long taken;    /* confirmed registrations of seat-taking types (0 when unlimited: not counted) */
};

static bool seat_free(const struct seats *s) { return s->capacity < 0 || s->taken < s->capacity; }

/* Reads the edition's seats inside the transaction (they may have changed since the request
 * looked the edition up). ERR_NOT_FOUND if it is gone. */
static enum err seats_now(struct db *db, long long edition_id, struct seats *out) {
  static const char sql[] = "SELECT coalesce(capacity, -1), CASE WHEN capacity IS NULL THEN 0 ELSE " SEATS_TAKEN_SQL(
      "e.id") " END FROM editions e WHERE id = ?"; /* without a capacity nobody counts seats: a sign-up stays O(1) */
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  enum err e = ERR_NOT_FOUND;
  int rc = db_step(st, &e);
  if (rc == SQLITE_ROW) {
    out->capacity = sqlite3_column_int64(st, 0);
    out->taken = sqlite3_column_int64(st, 1);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* *taken: another live registration of the edition, or a sign-up still waiting for its address
 * to be confirmed, holds this email (any case). */
static enum err email_taken(struct db *db, long long edition_id, const char *email, long long except_id, bool *taken) {
  static const char sql[] =
      "SELECT (SELECT count(*) FROM registrations WHERE edition_id = ?1 AND email_norm = lower(?2)"
      " AND status <> 'cancelled' AND id <> ?3) + (SELECT count(*) FROM pending_signups WHERE edition_id = ?1"
      " AND email_norm = lower(?2) AND expires_at > ?4)";
  char now[21];
  now_utc_iso(now);
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  db_bind_text(st, 2, email);
  sqlite3_bind_int64(st, 3, except_id);
  db_bind_text(st, 4, now);
  long long n = 0;
  enum err e = step_int(st, 0, &n);
  *taken = n > 0;
  return e;
}

/* The place of a waitlisted registration in its edition's queue (1: next), counted in sign-up order. */
static enum err waitlist_position(struct db *db, long long edition_id, long long id, long long *position) {
  static const char sql[] =
      "SELECT count(*) FROM registrations WHERE edition_id = ? AND status = 'waitlisted' AND id <= ?"
      " AND attendee_type IN " SEAT_TYPES_SQL;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  sqlite3_bind_int64(st, 2, id);
  return step_int(st, 0, position);
}

/* Audit entry naming the fields changed (never their values: the log outlives anonymization). */
static enum err audit_registration(struct db *db, long long actor, const char *action, const char *code,
                                   const struct reg_input *in) {
  cJSON *d = cJSON_CreateObject();
  cJSON_AddStringToObject(d, "by", actor ? "organizer" : "attendee");
  if (in) {
    cJSON *fields = cJSON_AddArrayToObject(d, "fields");
    const char *names[] = {"full_name", "email",         "organization",        "position", "municipality",
                           "phone",     "attendee_type", "accessibility_needs", "status",   "language"};
    const char *values[] = {in->full_name, in->email,         in->organization,        in->position, in->municipality,
                            in->phone,     in->attendee_type, in->accessibility_needs, in->status,   in->language};
    for (int i = 0; i < 10; i++)
      if (values[i]) cJSON_AddItemToArray(fields, cJSON_CreateString(names[i]));
    if (in->answers) cJSON_AddItemToArray(fields, cJSON_CreateString("answers"));
    if (in->status) cJSON_AddStringToObject(d, "status", in->status);
  }
  enum err e = db_audit(db, actor, action, "registration", code, d);
  cJSON_Delete(d);
  return e;
}

/* Who a message goes to: the registration's own fields, its manage token when known, and its
 * place in the waitlist (for MSG_WAITLISTED). */
struct recipient {
  const char *full_name, *email, *code, *manage_token;
  enum lang lang;
  long long waitlist_position;
};

/* Queues a message of kind to registration id. */
static enum err queue_to(struct db *db, const struct edition *ed, long long id, const struct recipient *to,
                         enum message_kind kind) {
  struct message_input msg = {.kind = kind,
                              .edition = ed,
                              .full_name = to->full_name,
                              .code = to->code,
                              .waitlist_position = to->waitlist_position,
                              .manage_token = to->manage_token,
                              .lang = to->lang};
  return db_outbox_queue(db, id, to->email, &msg);
}

/* Queues a message to a registration as stored, recovering its manage link from the sealed token. */
static enum err queue_for(struct db *db, const struct edition *ed, long long id, enum message_kind kind) {
  static const char sql[] = "SELECT full_name, email, code, manage_token_box, language FROM registrations WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) != SQLITE_ROW) {
    db_reset(st);
    return e;
  }
  char *name = xstrdup(db_col_text(st, 0)), *email = xstrdup(db_col_text(st, 1)), *code = xstrdup(db_col_text(st, 2));
  char token[TOKEN_CHARS];
  bool has_token = secrets_open(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3), token, sizeof token);
  struct recipient to = {name, email, code, has_token ? token : NULL, LANG_ES, 0};
  lang_parse(db_col_text(st, 4), &to.lang);
  db_reset(st);
  e = kind == MSG_WAITLISTED ? waitlist_position(db, ed->id, id, &to.waitlist_position) : ERR_OK;
  if (e == ERR_OK) e = queue_to(db, ed, id, &to, kind);
  free(name);
  free(email);
  free(code);
  return e;
}

/* The oldest waitlisted seat-taker of the edition but `except` (0: none): *id 0 when none waits. */
static enum err next_waiting(struct db *db, long long edition_id, long long except, long long *id,
                             char code[REGCODE_LEN + 1]) {
  static const char sql[] =
      "SELECT id, code FROM registrations WHERE edition_id = ? AND status = 'waitlisted' AND id <> ?"
      " AND attendee_type IN " SEAT_TYPES_SQL " ORDER BY id LIMIT 1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  sqlite3_bind_int64(st, 2, except);
  enum err e = ERR_OK;
  int rc = db_step(st, &e);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  snprintf(code, REGCODE_LEN + 1, "%s", rc == SQLITE_ROW ? db_col_text(st, 1) : "");
  db_reset(st);
  return rc ? ERR_OK : e;
}

/* Inside a transaction: confirms the oldest waitlisted seat-takers while seats are free;
 * `except` (0: none) is one just moved to the waitlist by an organizer, who must not come back. */
static enum err promote_waitlist(struct db *db, const struct edition *ed, long long actor, long long except) {
  static const char confirm[] =
      "UPDATE registrations SET status = 'confirmed', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?";
  for (;;) {
    struct seats seats;
    long long id = 0;
    char code[REGCODE_LEN + 1];
    enum err e = seats_now(db, ed->id, &seats);
    if (e != ERR_OK || !seat_free(&seats)) return e;
    e = next_waiting(db, ed->id, except, &id, code);
    if (e != ERR_OK || id == 0) return e;
    sqlite3_stmt *up = db_stmt(db, confirm);
    if (!up) return ERR_INTERNAL;
    sqlite3_bind_int64(up, 1, id);
    struct reg_input change = {.status = "confirmed"};
    e = db_run(up);
    if (e == ERR_OK) e = queue_for(db, ed, id, MSG_PROMOTED);
    if (e == ERR_OK) e = audit_registration(db, actor, "registration.promote", code, &change);
    if (e != ERR_OK) return e;
  }
}

/* Seals and hashes a fresh token into the row's columns via two bound parameters. */
static bool new_token(char token[TOKEN_CHARS], unsigned char hash[32], unsigned char box[SEALED_MAX], size_t *box_len) {
  auth_new_token(token, hash);
  *box_len = secrets_seal(token, box);
  return *box_len > 0;
}

/* The stored form of a new registration's answers (malloc'ed). */
static char *new_answers(const struct reg_input *in) {
  return in->answers_stored ? xstrdup(in->answers_stored) : answers_to_store(in->questions, in->answers, NULL);
}

static enum err insert_registration(struct db *db, const struct edition *ed, const struct reg_input *in,
                                    const char *status, struct reg_created *out, long long *id) {
  static const char sql[] =
      "INSERT INTO registrations(edition_id, code, manage_token_hash, manage_token_box, full_name, email, email_norm,"
      " organization, position, municipality, phone, attendee_type, accessibility_needs, consent_at, status, search,"
      " created_at, updated_at, language, answers, badge_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, lower(?6), ?7, coalesce(?8,''), coalesce(?9,''), coalesce(?10,''), ?11,"
      " coalesce(?12,''), ?13, ?14, fold(?5 || ' ' || ?6 || ' ' || ?7 || ' ' || coalesce(?9,'')), ?13, ?13,"
      " coalesce(?15,'es'), ?16, ?17)";
  unsigned char hash[32], box[SEALED_MAX];
  size_t box_len;
  if (!new_token(out->manage_token, hash, box, &box_len)) return ERR_INTERNAL;
  char now[21];
  now_utc_iso(now);
  char *answers = new_answers(in);
  enum err e = ERR_INTERNAL;
  for (int attempt = 0; attempt < 8; attempt++) {
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) break;
    regcode_new(out->code);
    sqlite3_bind_int64(st, 1, ed->id);
    /* the badge's random id (1 to 2^32-1) drawn here: the row is written once, not rewritten by
     * the trigger of migration 010 (which stays for rows inserted otherwise) */
    sqlite3_bind_int64(st, 17, 1 + (long long)randombytes_uniform(UINT32_MAX));
    db_bind_text(st, 2, out->code);
    sqlite3_bind_blob(st, 3, hash, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, box, (int)box_len, SQLITE_STATIC);
    db_bind_text(st, 5, in->full_name);
    db_bind_text(st, 6, in->email);
    db_bind_text(st, 7, in->organization);
    db_bind_text(st, 8, in->position);
    db_bind_text(st, 9, in->municipality);
    db_bind_text(st, 10, in->phone);
    db_bind_text(st, 11, in->attendee_type);
    db_bind_text(st, 12, in->accessibility_needs);
    db_bind_text(st, 13, now);
    db_bind_text(st, 14, status);
    db_bind_text(st, 15, in->language);
    db_bind_text(st, 16, answers);
    e = db_run(st);
    if (e == ERR_OK) *id = sqlite3_last_insert_rowid(db_handle(db));
    if (e != ERR_CONFLICT) break; /* a code or badge id collision is a UNIQUE conflict: draw again */
    e = ERR_INTERNAL;
  }
  free(answers);
  return e;
}

/* Inside a transaction: ERR_REGISTRATION_CLOSED unless the edition, as it stands now, takes
 * public sign-ups (its status, its window and its end: reg_window.h). */
static enum err public_signup_allowed(struct db *db, const char *slug) {
  struct edition now_ed;
  enum err e = db_editions_lookup(db, slug, &now_ed);
  if (e != ERR_OK) return e;
  return db_editions_registration_state(&now_ed, time(NULL)) == SIGNUP_OPEN ? ERR_OK : ERR_REGISTRATION_CLOSED;
}

/* Inside a transaction: whether a new registration may be made, and with which status. */
static enum err admit(struct db *db, const struct edition *ed, const struct reg_input *in, bool by_organizer,
                      bool *waitlisted) {
  struct seats seats;
  bool taken = false;
  enum err e = seats_now(db, ed->id, &seats);
  if (e == ERR_OK && !by_organizer) e = public_signup_allowed(db, ed->slug);
  if (e == ERR_OK) e = email_taken(db, ed->id, in->email, 0, &taken);
  if (e == ERR_OK && taken) e = ERR_DUPLICATE_REG;
  *waitlisted = attendee_type_takes_seat(in->attendee_type) && !seat_free(&seats);
  return e;
}

enum err db_registrations_create(struct db *db, const struct edition *ed, const struct reg_input *in, bool by_organizer,
                                 long long actor, struct reg_created *out) {
  memset(out, 0, sizeof *out);
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  bool waitlisted = false;
  long long id = 0;
  enum err e = admit(db, ed, in, by_organizer, &waitlisted);
  snprintf(out->status, sizeof out->status, "%s", waitlisted ? "waitlisted" : "confirmed");
  if (e == ERR_OK) e = insert_registration(db, ed, in, out->status, out, &id);
  if (e == ERR_OK && waitlisted) e = waitlist_position(db, ed->id, id, &out->waitlist_position);
  /* the message from what is in hand: the row just written holds the same (the token sealed) */
  struct recipient to = {in->full_name, in->email, out->code, out->manage_token, LANG_ES, out->waitlist_position};
  lang_parse(in->language, &to.lang);
  if (e == ERR_OK) e = queue_to(db, ed, id, &to, waitlisted ? MSG_WAITLISTED : MSG_CONFIRMED);
  if (e == ERR_OK) e = audit_registration(db, actor, "registration.create", out->code, NULL);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_registrations_ref(struct db *db, const char *code, struct reg_ref *out) {
  static const char sql[] =
      "SELECT r.id, r.code, r.status, r.manage_token_hash, e.slug FROM registrations r"
      " JOIN editions e ON e.id = r.edition_id WHERE r.code = ?";
  char canonical[REGCODE_LEN + 1];
  if (!regcode_normalize(code, canonical)) return ERR_NOT_FOUND;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, canonical);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) != SQLITE_ROW) {
    db_reset(st);
    return e;
  }
  out->id = sqlite3_column_int64(st, 0);
  snprintf(out->code, sizeof out->code, "%s", db_col_text(st, 1));
  snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 2));
  memset(out->token_hash, 0, sizeof out->token_hash);
  if (sqlite3_column_bytes(st, 3) == 32) memcpy(out->token_hash, sqlite3_column_blob(st, 3), 32);
  char slug[65];
  snprintf(slug, sizeof slug, "%s", db_col_text(st, 4));
  db_reset(st);
  return db_editions_lookup(db, slug, &out->edition);
}

enum err db_registrations_get(struct db *db, const struct reg_ref *ref, cJSON **out) {
  static const char sql[] =
      "SELECT code, full_name, email, organization, position, municipality, phone, attendee_type,"
      " accessibility_needs, status, created_at, updated_at, checked_in_at, cancelled_at, badge_revision, language,"
      " answers FROM registrations WHERE id = ?";
  static const char *const text_fields[] = {
      "code",         "full_name", "email",         "organization",        "position",
      "municipality", "phone",     "attendee_type", "accessibility_needs", "status"};
  static const char *const instants[] = {"created_at", "updated_at", "checked_in_at", "cancelled_at"};
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ref->id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) != SQLITE_ROW) {
    db_reset(st);
    return e;
  }
  e = ERR_OK;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "edition", ref->edition.slug);
  for (int i = 0; i < 10; i++) cJSON_AddStringToObject(o, text_fields[i], db_col_text(st, i));
  for (int i = 0; i < 4; i++) {
    time_t t = tz_parse_utc(sqlite3_column_type(st, 10 + i) == SQLITE_NULL ? NULL : db_col_text(st, 10 + i));
    char buf[26];
    if (t < 0) {
      cJSON_AddNullToObject(o, instants[i]);
      continue;
    }
    tz_format(t, ref->edition.timezone, buf);
    cJSON_AddStringToObject(o, instants[i], buf);
  }
  cJSON_AddNumberToObject(o, "badge_revision", sqlite3_column_int(st, 14));
  cJSON_AddStringToObject(o, "language", db_col_text(st, 15));
  cJSON *questions = NULL;
  if (db_editions_questions(db, ref->edition.id, &questions) == ERR_OK) {
    cJSON_AddItemToObject(o, "answers", answers_values(db_col_text(st, 16)));
    cJSON_AddItemToObject(o, "answer_labels", answers_labels(questions, db_col_text(st, 16)));
  } else {
    e = ERR_INTERNAL;
  }
  cJSON_Delete(questions);
  bool waitlisted = strcmp(db_col_text(st, 9), "waitlisted") == 0;
  db_reset(st);
  long long position = 0;
  if (waitlisted && e == ERR_OK) e = waitlist_position(db, ref->edition.id, ref->id, &position);
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  if (waitlisted) cJSON_AddNumberToObject(o, "waitlist_position", (double)position);
  *out = o;
  return ERR_OK;
}

/* A registration as it stands before a change. */
struct reg_state {
  char status[16];
  char type[32];
  char email[256];
};

static enum err read_state(struct db *db, long long id, struct reg_state *out) {
  static const char sql[] = "SELECT status, attendee_type, email FROM registrations WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 0));
    snprintf(out->type, sizeof out->type, "%s", db_col_text(st, 1));
    snprintf(out->email, sizeof out->email, "%s", db_col_text(st, 2));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

static bool holds_seat(const char *status, const char *type) {
  return strcmp(status, "confirmed") == 0 && attendee_type_takes_seat(type);
}

/* Inside a transaction: moves a registration to a new status and queues the message it causes.
 * Bringing back a cancelled one keeps the one-live-registration-per-email rule; the capacity rule
 * is checked on the result (keep_capacity_rule). */
static enum err change_status(struct db *db, const struct reg_ref *ref, const struct reg_state *before,
                              const char *email, const char *wanted, struct verror *ve) {
  static const char set[] =
      "UPDATE registrations SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
      " cancelled_at = CASE WHEN ?2 = 'cancelled' THEN strftime('%Y-%m-%dT%H:%M:%SZ','now') END WHERE id = ?1";
  if (strcmp(before->status, wanted) == 0) return ERR_OK;
  bool taken = false;
  enum err e =
      strcmp(before->status, "cancelled") == 0 ? email_taken(db, ref->edition.id, email, ref->id, &taken) : ERR_OK;
  if (e != ERR_OK) return e;
  if (taken) {
    verror_set(ve, "status", "err.registration.email_taken");
    return ERR_DUPLICATE_REG;
  }
  sqlite3_stmt *st = db_stmt(db, set);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ref->id);
  db_bind_text(st, 2, wanted);
  e = db_run(st);
  enum message_kind kind = strcmp(wanted, "confirmed") == 0    ? MSG_PROMOTED
                           : strcmp(wanted, "waitlisted") == 0 ? MSG_WAITLISTED
                                                               : MSG_CANCELLED;
  return e == ERR_OK ? queue_for(db, &ref->edition, ref->id, kind) : e;
}

/* Refuses a change of status or type (ERR_CONFLICT, ve naming `field`) with the message of key. */
static enum err refuse(struct verror *ve, const char *field, const char *key) {
  verror_set(ve, field, key);
  return ERR_CONFLICT;
}

/* Inside a transaction, after a registration went from `before` to (status, type): the capacity
 * rule holds, or the change is refused. Taking a seat needs a free one (over capacity, after a
 * lowering, nobody new takes one); a seat given up goes to the oldest one waiting (not back to this
 * registration); only a seat-taker may wait, and only while no seat is free. */
static enum err keep_capacity_rule(struct db *db, const struct reg_ref *ref, const struct reg_state *before,
                                   const char *status, const char *type, const char *field, long long actor,
                                   struct verror *ve) {
  bool had_seat = holds_seat(before->status, before->type), has_seat = holds_seat(status, type);
  struct seats seats;
  enum err e = ERR_OK;
  if (!had_seat && has_seat) {
    e = seats_now(db, ref->edition.id, &seats);
    if (e == ERR_OK && seats.capacity >= 0 && seats.taken > seats.capacity)
      return refuse(ve, field, "err.capacity.full");
  }
  if (e == ERR_OK && had_seat && !has_seat) e = promote_waitlist(db, &ref->edition, actor, ref->id);
  bool joins_waitlist =
      strcmp(status, "waitlisted") == 0 && (strcmp(before->status, status) != 0 || strcmp(before->type, type) != 0);
  if (e != ERR_OK || !joins_waitlist) return e;
  if (!attendee_type_takes_seat(type)) return refuse(ve, field, "err.capacity.type_cannot_wait");
  e = seats_now(db, ref->edition.id, &seats);
  if (e == ERR_OK && seat_free(&seats)) return refuse(ve, "status", "err.capacity.seats_free");
  return e;
}

/* Inside a transaction: the stored answers of registration id with the given ones applied
 * (malloc'ed), or NULL when none are given. */
static enum err updated_answers(struct db *db, long long id, const struct reg_input *in, char **out) {
  static const char sql[] = "SELECT answers FROM registrations WHERE id = ?";
  *out = NULL;
  if (!in->answers) return ERR_OK;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    *out = answers_to_store(in->questions, in->answers, db_col_text(st, 0));
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* Inside a transaction: applies the given fields other than status. */
static enum err update_fields(struct db *db, long long id, const struct reg_input *in) {
  static const char sql[] =
      "UPDATE registrations SET full_name = coalesce(?2, full_name), email = coalesce(?3, email),"
      " email_norm = lower(coalesce(?3, email)), organization = coalesce(?4, organization),"
      " position = coalesce(?5, position), municipality = coalesce(?6, municipality), phone = coalesce(?7, phone),"
      " attendee_type = coalesce(?8, attendee_type), accessibility_needs = coalesce(?9, accessibility_needs),"
      " language = coalesce(?10, language), answers = coalesce(?11, answers),"
      " search = fold(coalesce(?2, full_name) || ' ' || coalesce(?3, email) || ' ' || coalesce(?4, organization)"
      " || ' ' || coalesce(?6, municipality)), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  sqlite3_stmt *up = db_stmt(db, sql);
  if (!up) return ERR_INTERNAL;
  sqlite3_bind_int64(up, 1, id);
  const char *values[] = {in->full_name, in->email,         in->organization,        in->position, in->municipality,
                          in->phone,     in->attendee_type, in->accessibility_needs, in->language};
  for (int i = 0; i < 9; i++) db_bind_text(up, i + 2, values[i]);
  char *answers;
  enum err e = updated_answers(db, id, in, &answers);
  if (e != ERR_OK) return e;
  if (answers) sqlite3_bind_text(up, 11, answers, -1, free);
  else sqlite3_bind_null(up, 11);
  return db_run(up);
}

/* Inside a transaction: the whole change of db_registrations_update. */
static enum err apply_update(struct db *db, const struct reg_ref *ref, const struct reg_input *in, long long actor,
                             struct verror *ve) {
  struct reg_state before;
  bool taken = false;
  enum err e = read_state(db, ref->id, &before);
  if (e == ERR_OK && in->email && strcmp(before.status, "cancelled") != 0)
    e = email_taken(db, ref->edition.id, in->email, ref->id, &taken);
  if (e == ERR_OK && taken) {
    verror_set(ve, "email", "err.registration.email_taken");
    return ERR_DUPLICATE_REG;
  }
  const char *status = in->status ? in->status : before.status;
  const char *type = in->attendee_type ? in->attendee_type : before.type;
  if (e == ERR_OK) e = update_fields(db, ref->id, in);
  if (e == ERR_OK && in->status) e = change_status(db, ref, &before, in->email ? in->email : before.email, status, ve);
  if (e == ERR_OK)
    e = keep_capacity_rule(db, ref, &before, status, type, in->status ? "status" : "attendee_type", actor, ve);
  if (e == ERR_OK) e = audit_registration(db, actor, "registration.update", ref->code, in);
  return e;
}

enum err db_registrations_update(struct db *db, const struct reg_ref *ref, const struct reg_input *in, long long actor,
                                 struct verror *ve) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = apply_update(db, ref, in, actor, ve);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* Inside a transaction: the whole change of db_registrations_cancel. */
static enum err apply_cancel(struct db *db, const struct reg_ref *ref, long long actor) {
  static const char cancel[] =
      "UPDATE registrations SET status = 'cancelled', cancelled_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?";
  struct reg_state before;
  enum err e = read_state(db, ref->id, &before);
  if (e != ERR_OK || strcmp(before.status, "cancelled") == 0) return e; /* cancelling twice changes nothing */
  sqlite3_stmt *up = db_stmt(db, cancel);
  if (!up) return ERR_INTERNAL;
  sqlite3_bind_int64(up, 1, ref->id);
  e = db_run(up);
  if (e == ERR_OK) e = queue_for(db, &ref->edition, ref->id, MSG_CANCELLED);
  struct reg_input change = {.status = "cancelled"};
  if (e == ERR_OK) e = audit_registration(db, actor, "registration.cancel", ref->code, &change);
  if (e == ERR_OK && holds_seat(before.status, before.type)) e = promote_waitlist(db, &ref->edition, actor, 0);
  return e;
}

enum err db_registrations_cancel(struct db *db, const struct reg_ref *ref, long long actor) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = apply_cancel(db, ref, actor);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* Inside a transaction: replaces the manage token of registration id by a fresh one, into token.
 * ERR_NOT_FOUND when there is no such row. */
static enum err replace_token(struct db *db, long long id, char token[TOKEN_CHARS]) {
  static const char sql[] =
      "UPDATE registrations SET manage_token_hash = ?2, manage_token_box = ?3,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  unsigned char hash[32], box[SEALED_MAX];
  size_t box_len;
  if (!new_token(token, hash, box, &box_len)) return ERR_INTERNAL;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
  sqlite3_bind_blob(st, 3, box, (int)box_len, SQLITE_STATIC);
  enum err e = db_run(st);
  return e == ERR_OK && sqlite3_changes(db_handle(db)) == 0 ? ERR_NOT_FOUND : e;
}

enum err db_registrations_manage_token(struct db *db, long long id, long long actor, char token[TOKEN_CHARS]) {
  static const char sql[] = "SELECT code, manage_token_box FROM registrations WHERE id = ? AND anonymized_at IS NULL";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) != SQLITE_ROW) {
    db_reset(st);
    return e;
  }
  char code[REGCODE_LEN + 1];
  snprintf(code, sizeof code, "%s", db_col_text(st, 0));
  bool opened = secrets_open(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), token, TOKEN_CHARS);
  db_reset(st);
  if (opened) return ERR_OK;
  e = replace_token(db, id, token);
  return e == ERR_OK ? audit_registration(db, actor, "registration.new_link", code, NULL) : e;
}

enum err db_registrations_new_link(struct db *db, const struct reg_ref *ref, long long actor, char token[TOKEN_CHARS]) {
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  e = replace_token(db, ref->id, token);
  if (e == ERR_OK) e = queue_for(db, &ref->edition, ref->id, MSG_NEW_LINK);
  if (e == ERR_OK) e = audit_registration(db, actor, "registration.new_link", ref->code, NULL);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_registrations_fill_seats(struct db *db, const struct edition *ed, long long actor) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = promote_waitlist(db, ed, actor, 0);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* Deletes every pending sign-up past its link's lifetime, and its data with it. */
static enum err purge_expired_pending(struct db *db, const char *now) {
  static const char sql[] = "DELETE FROM pending_signups WHERE expires_at <= ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  db_bind_text(st, 1, now);
  return db_run(st);
}

static enum err insert_pending(struct db *db, const struct edition *ed, const struct reg_input *in,
                               const unsigned char token_hash[32], const char *now, const char *expires) {
  static const char sql[] =
      "INSERT INTO pending_signups(edition_id, token_hash, full_name, email, email_norm, organization, position,"
      " municipality, phone, attendee_type, accessibility_needs, created_at, expires_at, language, answers)"
      " VALUES (?1, ?2, ?3, ?4, lower(?4), ?5, coalesce(?6,''), coalesce(?7,''), coalesce(?8,''), ?9,"
      " coalesce(?10,''), ?11, ?12, coalesce(?13,'es'), ?14)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_blob(st, 2, token_hash, 32, SQLITE_STATIC);
  const char *values[] = {in->full_name, in->email,         in->organization,        in->position, in->municipality,
                          in->phone,     in->attendee_type, in->accessibility_needs, now,          expires,
                          in->language};
  for (int i = 0; i < 11; i++) db_bind_text(st, i + 3, values[i]);
  sqlite3_bind_text(st, 14, new_answers(in), -1, free);
  return db_run(st);
}

/* Inside a transaction: the whole change of db_registrations_create_pending. */
static enum err apply_pending(struct db *db, const struct edition *ed, const struct reg_input *in) {
  bool waitlisted = false;
  char now[21], expires[21], token[TOKEN_CHARS];
  unsigned char hash[32];
  now_utc_iso(now);
  utc_iso(time(NULL) + CONFIRM_EMAIL_HOURS * 3600, expires);
  auth_new_token(token, hash);
  enum err e = admit(db, ed, in, false, &waitlisted);
  if (e == ERR_OK) e = purge_expired_pending(db, now);
  if (e == ERR_OK) e = insert_pending(db, ed, in, hash, now, expires);
  struct message_input msg = {.kind = MSG_CONFIRM_EMAIL, .edition = ed, .confirm_token = token};
  lang_parse(in->language, &msg.lang); /* absent: Spanish */
  if (e == ERR_OK) e = db_outbox_queue(db, 0, in->email, &msg);
  sodium_memzero(token, sizeof token);
  return e;
}

enum err db_registrations_create_pending(struct db *db, const struct edition *ed, const struct reg_input *in,
                                         struct reg_created *out) {
  memset(out, 0, sizeof *out);
  snprintf(out->status, sizeof out->status, "%s", "pending_email");
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = apply_pending(db, ed, in);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

/* The fields of a pending sign-up, copied out of its row. */
struct pending_fields {
  char *text[10]; /* full_name, email, organization, position, municipality, phone, attendee_type, needs, language,
                     answers (stored form) */
};

static void pending_fields_free(struct pending_fields *p) {
  for (int i = 0; i < 10; i++) free(p->text[i]);
}

/* Inside a transaction: finds the live pending sign-up of the token, copies its fields into *in
 * (owned by *p) and deletes it, so that the link works once. ERR_NOT_FOUND when the token is
 * unknown, used or expired. */
static enum err take_pending(struct db *db, long long edition_id, const char *token, struct pending_fields *p,
                             struct reg_input *in) {
  static const char find[] =
      "SELECT id, full_name, email, organization, position, municipality, phone, attendee_type, accessibility_needs,"
      " language, answers FROM pending_signups WHERE edition_id = ? AND token_hash = ? AND expires_at > ?";
  static const char drop[] = "DELETE FROM pending_signups WHERE id = ?";
  unsigned char hash[32];
  char now[21];
  auth_token_hash(token, hash);
  now_utc_iso(now);
  sqlite3_stmt *st = db_stmt(db, find);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
  db_bind_text(st, 3, now);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) != SQLITE_ROW) {
    db_reset(st);
    return e;
  }
  long long id = sqlite3_column_int64(st, 0);
  for (int i = 0; i < 10; i++) p->text[i] = xstrdup(db_col_text(st, i + 1));
  db_reset(st);
  *in = (struct reg_input){.full_name = p->text[0],
                           .email = p->text[1],
                           .organization = p->text[2],
                           .position = p->text[3],
                           .municipality = p->text[4],
                           .phone = p->text[5],
                           .attendee_type = p->text[6],
                           .accessibility_needs = p->text[7],
                           .language = p->text[8],
                           .answers_stored = p->text[9]};
  if (!(st = db_stmt(db, drop))) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  return db_run(st);
}

enum err db_registrations_confirm_email(struct db *db, const struct edition *ed, const char *token,
                                        struct reg_created *out) {
  memset(out, 0, sizeof *out);
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  struct pending_fields fields = {0};
  struct reg_input in;
  enum err e = take_pending(db, ed->id, token, &fields, &in);
  if (e == ERR_OK) e = db_registrations_create(db, ed, &in, false, 0, out); /* the capacity rule, as any sign-up */
  pending_fields_free(&fields);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}
