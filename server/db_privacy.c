/* db_privacy.c — SQL for the data export and anonymization. An anonymization leaves no copy of
 * the erased values on disk: every connection runs with secure_delete (old cells and freed pages
 * are zeroed), the person's messages are deleted from the outbox, the audit entries name fields,
 * never values, and once committed the WAL, which held the rows' old versions, is checkpointed
 * into the database and truncated. */
#include "db_privacy.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db_audit.h"
#include "db_registrations.h"
#include "tz.h"

/* How long the checkpoint after an erasure waits for writers and for readers of older snapshots
 * (the whole time, new writes wait too); past it the WAL is truncated by a later checkpoint. */
#define ERASURE_CHECKPOINT_WAIT_MS 2000

/* Adds the rows of a query (bound to the registration id) as an array of objects, naming the
 * columns by their SQL names; instants ending in Z are shown in the edition's zone. */
static enum err add_rows(struct db *db, const char *sql, long long id, const char *zone, cJSON *into) {
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  enum err e = ERR_OK;
  int rc;
  while ((rc = db_step(st, &e)) == SQLITE_ROW) {
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < sqlite3_column_count(st); i++) {
      const char *name = sqlite3_column_name(st, i), *v = db_col_text(st, i);
      size_t n = strlen(v);
      if (sqlite3_column_type(st, i) == SQLITE_NULL) cJSON_AddNullToObject(o, name);
      else if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
        cJSON_AddNumberToObject(o, name, (double)sqlite3_column_int64(st, i));
      else if (n == 20 && v[19] == 'Z' && tz_parse_utc(v) >= 0) {
        char local[26];
        tz_format(tz_parse_utc(v), zone, local);
        cJSON_AddStringToObject(o, name, local);
      } else cJSON_AddStringToObject(o, name, v);
    }
    cJSON_AddItemToArray(into, o);
  }
  db_reset(st);
  return rc ? ERR_OK : e;
}

/* The answers of a registration as stored: {id: {label, value}}, each with the label it was asked. */
static enum err add_answers(struct db *db, long long registration_id, cJSON *registration) {
  static const char sql[] = "SELECT answers FROM registrations WHERE id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, registration_id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) {
    cJSON *answers = cJSON_Parse(db_col_text(st, 0));
    cJSON_AddItemToObject(registration, "answers", cJSON_IsObject(answers) ? answers : cJSON_CreateObject());
    if (!cJSON_IsObject(answers)) cJSON_Delete(answers);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_privacy_export(struct db *db, const struct edition *ed, long long registration_id, cJSON **out) {
  static const char reg_sql[] =
      "SELECT code, full_name, email, organization, position, municipality, phone, attendee_type,"
      " accessibility_needs, consent_at, status, badge_revision, badge_printed_at, checked_in_at, created_at,"
      " updated_at, cancelled_at, anonymized_at, language FROM registrations WHERE id = ?";
  static const char scans_sql[] =
      "SELECT scanned_at, received_at, device, result, session_id FROM checkins WHERE registration_id = ? ORDER BY id";
  static const char messages_sql[] =
      "SELECT kind, to_addr, subject, created_at, sent_at FROM outbox WHERE registration_id = ? ORDER BY id";
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "edition", ed->slug);
  cJSON_AddStringToObject(o, "edition_title", ed->title);
  cJSON_AddStringToObject(o, "controller", "Asociación de Municipalidades Ecuatorianas (AME)");
  cJSON_AddStringToObject(o, "contact", ed->contact_email);
  cJSON *regs = cJSON_CreateArray(), *scans = cJSON_AddArrayToObject(o, "checkins"),
        *messages = cJSON_AddArrayToObject(o, "messages");
  enum err e = add_rows(db, reg_sql, registration_id, ed->timezone, regs);
  if (e == ERR_OK) e = add_rows(db, scans_sql, registration_id, ed->timezone, scans);
  if (e == ERR_OK) e = add_rows(db, messages_sql, registration_id, ed->timezone, messages);
  if (e == ERR_OK && cJSON_GetArraySize(regs) != 1) e = ERR_NOT_FOUND;
  if (e == ERR_OK) e = add_answers(db, registration_id, cJSON_GetArrayItem(regs, 0));
  if (e == ERR_OK) cJSON_AddItemToObject(o, "registration", cJSON_DetachItemFromArray(regs, 0));
  cJSON_Delete(regs);
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  *out = o;
  return ERR_OK;
}

/* Inside a transaction: anonymizes one registration. */
static enum err anonymize_one(struct db *db, long long id) {
  static const char reg_sql[] =
      "UPDATE registrations SET full_name = 'Persona anonimizada', email = 'anonimizada-' || id || '@invalid',"
      " email_norm = 'anonimizada-' || id || '@invalid', organization = '', position = '', municipality = '',"
      " phone = '', accessibility_needs = '', answers = '{}', search = '', manage_token_hash = ?2, manage_token_box = NULL,"
      " badge_revision = badge_revision + 1, anonymized_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
      " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
  static const char outbox_sql[] = "DELETE FROM outbox WHERE registration_id = ?1 AND ?2 IS NOT NULL";
  unsigned char nobody[32];
  randombytes_buf(nobody, sizeof nobody); /* no token hashes to this: the manage link is gone */
  const char *steps[] = {reg_sql, outbox_sql};
  for (int i = 0; i < 2; i++) {
    sqlite3_stmt *st = db_stmt(db, steps[i]);
    if (!st) return ERR_INTERNAL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob(st, 2, nobody, sizeof nobody, SQLITE_TRANSIENT);
    enum err e = db_run(st);
    if (e != ERR_OK) return e;
    if (i == 0 && sqlite3_changes(db_handle(db)) == 0) return ERR_NOT_FOUND;
  }
  return ERR_OK;
}

/* Commits an erasure, then moves it out of the WAL: the checkpoint copies the new pages into the
 * database (where secure_delete has zeroed the old values) and truncates the WAL, which held the
 * old versions of the rows. Inside a caller's transaction the caller's commit comes later, so no
 * checkpoint is tried. */
static enum err commit_erasure(struct db *db) {
  enum err e = db_commit(db);
  if (e == ERR_OK && db_depth(db) == 0) db_checkpoint_truncate(db, ERASURE_CHECKPOINT_WAIT_MS);
  return e;
}

enum err db_privacy_anonymize(struct db *db, long long registration_id, long long actor) {
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  char id[24];
  snprintf(id, sizeof id, "%lld", registration_id);
  enum err e = anonymize_one(db, registration_id);
  if (e == ERR_OK) e = db_audit(db, actor, "registration.anonymize", "registration", id, NULL);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return commit_erasure(db);
}

enum err db_privacy_anonymize_edition(struct db *db, const struct edition *ed, long long actor, int *count) {
  static const char ids_sql[] =
      "SELECT id FROM registrations WHERE edition_id = ? AND anonymized_at IS NULL ORDER BY id";
  *count = 0;
  if (strcmp(ed->status, "archived") != 0) return ERR_CONFLICT;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  enum err e = ERR_OK;
  for (;;) { /* one at a time: the statement is reset before each update */
    sqlite3_stmt *st = db_stmt(db, ids_sql);
    if (st) sqlite3_bind_int64(st, 1, ed->id);
    int rc = db_step(st, &e); /* a failed read is an error, not "no one left" */
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    db_reset(st);
    if (!id || (e = anonymize_one(db, id)) != ERR_OK) break;
    (*count)++;
  }
  if (e == ERR_OK) {
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "registrations", *count);
    e = db_audit(db, actor, "edition.anonymize", "edition", ed->slug, d);
    cJSON_Delete(d);
  }
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  return commit_erasure(db);
}
