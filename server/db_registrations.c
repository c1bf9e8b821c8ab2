/* db_registrations.c — the registration rules in SQL transactions: capacity, one live
 * registration per email, waitlist order and promotion, manage tokens, and the messages and
 * audit entries each change causes (committed together with it). */
#include "db_registrations.h"

#include <stdio.h>
#include <string.h>

#include "db_audit.h"
#include "db_outbox.h"
#include "secrets.h"
#include "tz.h"
#include "util.h"

#define SEAT_TYPES "('authority','official','cooperation','academia','civil_society','press')"

bool attendee_type_takes_seat(const char *type) {
  static const char *const seat_types[] = {"authority", "official", "cooperation", "academia", "civil_society", "press"};
  for (size_t i = 0; type && i < sizeof seat_types / sizeof seat_types[0]; i++)
    if (strcmp(type, seat_types[i]) == 0) return true;
  return false;
}

/* Confirmed registrations that occupy a seat. */
static long long seats_taken(struct db *db, long long edition_id) {
  static const char sql[] =
      "SELECT count(*) FROM registrations WHERE edition_id = ? AND status = 'confirmed' AND attendee_type IN " SEAT_TYPES;
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, edition_id);
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  db_reset(st);
  return n;
}

/* Re-reads the edition's status and capacity inside the transaction (they may have changed). */
static enum err edition_now(struct db *db, long long edition_id, char status[16], long long *capacity) {
  static const char sql[] = "SELECT status, coalesce(capacity, -1) FROM editions WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, edition_id);
  enum err e = ERR_NOT_FOUND;
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(status, 16, "%s", db_col_text(st, 0));
    *capacity = sqlite3_column_int64(st, 1);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

/* True when the edition has a capacity and every seat is taken (inside a transaction). */
static bool seat_full(struct db *db, const struct edition *ed) {
  char ed_status[16];
  long long capacity;
  if (edition_now(db, ed->id, ed_status, &capacity) != ERR_OK) return true;
  return capacity >= 0 && seats_taken(db, ed->id) >= capacity;
}

static bool email_taken(struct db *db, long long edition_id, const char *email, long long except_id) {
  static const char sql[] =
      "SELECT 1 FROM registrations WHERE edition_id = ? AND email_norm = lower(?) AND status <> 'cancelled' AND id <> ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return false;
  sqlite3_bind_int64(st, 1, edition_id);
  db_bind_text(st, 2, email);
  sqlite3_bind_int64(st, 3, except_id);
  bool taken = sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  return taken;
}

static long long waitlist_position(struct db *db, long long edition_id, long long id) {
  static const char sql[] =
      "SELECT count(*) FROM registrations WHERE edition_id = ? AND status = 'waitlisted' AND id <= ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return 0;
  sqlite3_bind_int64(st, 1, edition_id);
  sqlite3_bind_int64(st, 2, id);
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  db_reset(st);
  return n;
}

/* Audit entry naming the fields changed (never their values: the log outlives anonymization). */
static enum err audit_registration(struct db *db, long long actor, const char *action, const char *code,
                                   const struct reg_input *in) {
  cJSON *d = cJSON_CreateObject();
  cJSON_AddStringToObject(d, "by", actor ? "organizer" : "attendee");
  if (in) {
    cJSON *fields = cJSON_AddArrayToObject(d, "fields");
    const char *names[] = {"full_name", "email", "organization", "position", "municipality",
                           "phone", "attendee_type", "accessibility_needs", "status"};
    const char *values[] = {in->full_name, in->email, in->organization, in->position, in->municipality,
                            in->phone, in->attendee_type, in->accessibility_needs, in->status};
    for (int i = 0; i < 9; i++)
      if (values[i]) cJSON_AddItemToArray(fields, cJSON_CreateString(names[i]));
    if (in->status) cJSON_AddStringToObject(d, "status", in->status);
  }
  enum err e = db_audit(db, actor, action, "registration", code, d);
  cJSON_Delete(d);
  return e;
}

/* Queues a message to a registration, recovering its manage link from the sealed token. */
static enum err queue_for(struct db *db, const struct edition *ed, long long id, enum message_kind kind) {
  static const char sql[] = "SELECT full_name, email, code, manage_token_box FROM registrations WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_reset(st);
    return ERR_NOT_FOUND;
  }
  char *name = xstrdup(db_col_text(st, 0)), *email = xstrdup(db_col_text(st, 1)), *code = xstrdup(db_col_text(st, 2));
  char token[TOKEN_CHARS];
  bool has_token = secrets_open(sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3), token, sizeof token);
  db_reset(st);
  struct message_input msg = {.kind = kind, .edition = ed, .full_name = name, .code = code,
                              .waitlist_position = kind == MSG_WAITLISTED ? waitlist_position(db, ed->id, id) : 0,
                              .manage_token = has_token ? token : NULL};
  enum err e = db_outbox_queue(db, id, email, &msg);
  free(name);
  free(email);
  free(code);
  return e;
}

/* Inside a transaction: confirms the oldest waitlisted registrations while seats are free;
 * `except` (0: none) is one just moved to the waitlist by an organizer, who must not come back. */
static enum err promote_waitlist(struct db *db, const struct edition *ed, long long actor, long long except) {
  static const char next[] =
      "SELECT id, code, attendee_type FROM registrations WHERE edition_id = ? AND status = 'waitlisted' AND id <> ?"
      " ORDER BY id LIMIT 1";
  static const char confirm[] =
      "UPDATE registrations SET status = 'confirmed', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?";
  char status[16];
  long long capacity;
  if (edition_now(db, ed->id, status, &capacity) != ERR_OK) return ERR_INTERNAL;
  for (;;) {
    long long taken = seats_taken(db, ed->id);
    if (taken < 0) return ERR_INTERNAL;
    sqlite3_stmt *st = db_stmt(db, next);
    if (!st) return ERR_INTERNAL;
    sqlite3_bind_int64(st, 1, ed->id);
    sqlite3_bind_int64(st, 2, except);
    if (sqlite3_step(st) != SQLITE_ROW) {
      db_reset(st);
      return ERR_OK;
    }
    long long id = sqlite3_column_int64(st, 0);
    char code[REGCODE_LEN + 1];
    snprintf(code, sizeof code, "%s", db_col_text(st, 1));
    bool seat = attendee_type_takes_seat(db_col_text(st, 2));
    db_reset(st);
    if (seat && capacity >= 0 && taken >= capacity) return ERR_OK;
    sqlite3_stmt *up = db_stmt(db, confirm);
    if (!up) return ERR_INTERNAL;
    sqlite3_bind_int64(up, 1, id);
    struct reg_input change = {.status = "confirmed"};
    enum err e = db_run(up);
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

static enum err insert_registration(struct db *db, const struct edition *ed, const struct reg_input *in,
                                    const char *status, struct reg_created *out, long long *id) {
  static const char sql[] =
      "INSERT INTO registrations(edition_id, code, manage_token_hash, manage_token_box, full_name, email, email_norm,"
      " organization, position, municipality, phone, attendee_type, accessibility_needs, consent_at, status, search,"
      " created_at, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, lower(?6), ?7, coalesce(?8,''), coalesce(?9,''), coalesce(?10,''), ?11,"
      " coalesce(?12,''), ?13, ?14, fold(?5 || ' ' || ?6 || ' ' || ?7 || ' ' || coalesce(?9,'')), ?13, ?13)";
  unsigned char hash[32], box[SEALED_MAX];
  size_t box_len;
  if (!new_token(out->manage_token, hash, box, &box_len)) return ERR_INTERNAL;
  char now[21];
  now_utc_iso(now);
  for (int attempt = 0; attempt < 8; attempt++) {
    sqlite3_stmt *st = db_stmt(db, sql);
    if (!st) return ERR_INTERNAL;
    regcode_new(out->code);
    sqlite3_bind_int64(st, 1, ed->id);
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
    enum err e = db_run(st);
    if (e == ERR_OK) {
      *id = sqlite3_last_insert_rowid(db_handle(db));
      return ERR_OK;
    }
    if (e != ERR_CONFLICT) return e; /* a code collision is a UNIQUE conflict: draw again */
  }
  return ERR_INTERNAL;
}

enum err db_registrations_create(struct db *db, const struct edition *ed, const struct reg_input *in, bool by_organizer,
                                 long long actor, struct reg_created *out) {
  memset(out, 0, sizeof *out);
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  char ed_status[16];
  long long capacity;
  enum err e = edition_now(db, ed->id, ed_status, &capacity);
  if (e == ERR_OK && !by_organizer && strcmp(ed_status, "open") != 0) e = ERR_REGISTRATION_CLOSED;
  if (e == ERR_OK && email_taken(db, ed->id, in->email, 0)) e = ERR_DUPLICATE_REG;
  bool waitlisted = false;
  if (e == ERR_OK && attendee_type_takes_seat(in->attendee_type) && capacity >= 0) {
    long long taken = seats_taken(db, ed->id);
    if (taken < 0) e = ERR_INTERNAL;
    waitlisted = taken >= capacity;
  }
  snprintf(out->status, sizeof out->status, "%s", waitlisted ? "waitlisted" : "confirmed");
  long long id = 0;
  if (e == ERR_OK) e = insert_registration(db, ed, in, out->status, out, &id);
  if (e == ERR_OK && waitlisted) out->waitlist_position = waitlist_position(db, ed->id, id);
  if (e == ERR_OK) e = queue_for(db, ed, id, waitlisted ? MSG_WAITLISTED : MSG_CONFIRMED);
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
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_reset(st);
    return ERR_NOT_FOUND;
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
      " accessibility_needs, status, created_at, updated_at, checked_in_at, cancelled_at, badge_revision, id"
      " FROM registrations WHERE id = ?";
  static const char *const text_fields[] = {"code", "full_name", "email", "organization", "position",
                                            "municipality", "phone", "attendee_type", "accessibility_needs", "status"};
  static const char *const instants[] = {"created_at", "updated_at", "checked_in_at", "cancelled_at"};
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ref->id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    db_reset(st);
    return ERR_NOT_FOUND;
  }
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
  bool waitlisted = strcmp(db_col_text(st, 9), "waitlisted") == 0;
  db_reset(st);
  if (waitlisted) cJSON_AddNumberToObject(o, "waitlist_position", (double)waitlist_position(db, ref->edition.id, ref->id));
  *out = o;
  return ERR_OK;
}

/* Inside a transaction: moves a registration to a new status under the rules. */
static enum err change_status(struct db *db, const struct reg_ref *ref, const char *current, const char *type,
                              const char *email, const char *wanted, struct verror *ve) {
  static const char set[] =
      "UPDATE registrations SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
      " cancelled_at = CASE WHEN ?2 = 'cancelled' THEN strftime('%Y-%m-%dT%H:%M:%SZ','now') END WHERE id = ?1";
  if (strcmp(current, wanted) == 0) return ERR_OK;
  if (strcmp(current, "cancelled") == 0 && email_taken(db, ref->edition.id, email, ref->id)) {
    verror_set(ve, "status", "Este correo ya tiene otra inscripción vigente en esta edición.");
    return ERR_DUPLICATE_REG;
  }
  if (strcmp(wanted, "confirmed") == 0 && attendee_type_takes_seat(type) && seat_full(db, &ref->edition)) {
    verror_set(ve, "status", "No quedan cupos: aumente la capacidad de la edición o cancele otra inscripción.");
    return ERR_CONFLICT;
  }
  sqlite3_stmt *st = db_stmt(db, set);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ref->id);
  db_bind_text(st, 2, wanted);
  enum err e = db_run(st);
  if (e == ERR_OK && strcmp(wanted, "confirmed") == 0)
    e = queue_for(db, &ref->edition, ref->id, MSG_PROMOTED);
  else if (e == ERR_OK && strcmp(wanted, "waitlisted") == 0)
    e = queue_for(db, &ref->edition, ref->id, MSG_WAITLISTED);
  else if (e == ERR_OK)
    e = queue_for(db, &ref->edition, ref->id, MSG_CANCELLED);
  return e;
}

enum err db_registrations_update(struct db *db, const struct reg_ref *ref, const struct reg_input *in,
                                 long long actor, struct verror *ve) {
  static const char read[] = "SELECT status, attendee_type, email FROM registrations WHERE id = ?";
  static const char sql[] =
      "UPDATE registrations SET full_name = coalesce(?2, full_name), email = coalesce(?3, email),"
      " email_norm = lower(coalesce(?3, email)), organization = coalesce(?4, organization),"
      " position = coalesce(?5, position), municipality = coalesce(?6, municipality), phone = coalesce(?7, phone),"
      " attendee_type = coalesce(?8, attendee_type), accessibility_needs = coalesce(?9, accessibility_needs),"
      " search = fold(coalesce(?2, full_name) || ' ' || coalesce(?3, email) || ' ' || coalesce(?4, organization)"
      " || ' ' || coalesce(?6, municipality)), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, read);
  if (!st) {
    db_rollback(db);
    return ERR_INTERNAL;
  }
  sqlite3_bind_int64(st, 1, ref->id);
  char status[16] = "", type[32] = "", email[256] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(status, sizeof status, "%s", db_col_text(st, 0));
    snprintf(type, sizeof type, "%s", db_col_text(st, 1));
    snprintf(email, sizeof email, "%s", db_col_text(st, 2));
  }
  db_reset(st);
  enum err e = status[0] ? ERR_OK : ERR_NOT_FOUND;
  if (e == ERR_OK && in->email && strcmp(status, "cancelled") != 0 && email_taken(db, ref->edition.id, in->email, ref->id)) {
    verror_set(ve, "email", "Este correo ya tiene otra inscripción vigente en esta edición.");
    e = ERR_DUPLICATE_REG;
  }
  /* a type change onto a seat needs a free seat; a seat freed by a status or type change goes to the oldest waitlisted registration */
  bool was_seat = strcmp(status, "confirmed") == 0 && attendee_type_takes_seat(type);
  const char *new_status = in->status ? in->status : status, *new_type = in->attendee_type ? in->attendee_type : type;
  bool is_seat = strcmp(new_status, "confirmed") == 0 && attendee_type_takes_seat(new_type);
  if (e == ERR_OK && !was_seat && is_seat && !in->status && seat_full(db, &ref->edition)) {
    verror_set(ve, "attendee_type", "No quedan cupos para este tipo de participante: aumente la capacidad.");
    e = ERR_CONFLICT;
  }
  sqlite3_stmt *up = e == ERR_OK ? db_stmt(db, sql) : NULL;
  if (e == ERR_OK && !up) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(up, 1, ref->id);
    const char *values[] = {in->full_name, in->email, in->organization, in->position, in->municipality,
                            in->phone, in->attendee_type, in->accessibility_needs};
    for (int i = 0; i < 8; i++) db_bind_text(up, i + 2, values[i]);
    e = db_run(up);
  }
  if (e == ERR_OK && in->status)
    e = change_status(db, ref, status, in->attendee_type ? in->attendee_type : type, in->email ? in->email : email,
                      in->status, ve);
  if (e == ERR_OK && was_seat && !is_seat) e = promote_waitlist(db, &ref->edition, actor, ref->id);
  if (e == ERR_OK) e = audit_registration(db, actor, "registration.update", ref->code, in);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_registrations_cancel(struct db *db, const struct reg_ref *ref, long long actor) {
  static const char read[] = "SELECT status FROM registrations WHERE id = ?";
  static const char cancel[] =
      "UPDATE registrations SET status = 'cancelled', cancelled_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, read);
  char before[16] = "";
  if (st) {
    sqlite3_bind_int64(st, 1, ref->id);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(before, sizeof before, "%s", db_col_text(st, 0));
    db_reset(st);
  }
  enum err e = before[0] ? ERR_OK : ERR_NOT_FOUND;
  if (e == ERR_OK && strcmp(before, "cancelled") == 0) { /* cancelling twice changes nothing */
    db_rollback(db);
    return ERR_OK;
  }
  sqlite3_stmt *up = e == ERR_OK ? db_stmt(db, cancel) : NULL;
  if (e == ERR_OK && !up) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(up, 1, ref->id);
    e = db_run(up);
  }
  if (e == ERR_OK) e = queue_for(db, &ref->edition, ref->id, MSG_CANCELLED);
  struct reg_input change = {.status = "cancelled"};
  if (e == ERR_OK) e = audit_registration(db, actor, "registration.cancel", ref->code, &change);
  if (e == ERR_OK && strcmp(before, "confirmed") == 0) e = promote_waitlist(db, &ref->edition, actor, 0);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return db_commit(db);
}

enum err db_registrations_new_link(struct db *db, const struct reg_ref *ref, long long actor,
                                   char token[TOKEN_CHARS]) {
  static const char sql[] =
      "UPDATE registrations SET manage_token_hash = ?2, manage_token_box = ?3,"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  unsigned char hash[32], box[SEALED_MAX];
  size_t box_len;
  if (!new_token(token, hash, box, &box_len) || db_begin(db) != ERR_OK) return ERR_INTERNAL;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, ref->id);
    sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, box, (int)box_len, SQLITE_STATIC);
    e = db_run(st);
  }
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
