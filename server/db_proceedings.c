/* db_proceedings.c — SQL for the memoria's items and credits, its versions, and certificates. */
#include "db_proceedings.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_audit.h"
#include "regcode.h"
#include "tz.h"

enum err db_proceedings_get(struct db *db, const struct edition *ed, cJSON **out) {
  static const char items_sql[] =
      "SELECT id, kind, number, title, body, sort_order FROM proceedings_items WHERE edition_id = ?"
      " ORDER BY CASE kind WHEN 'conclusion' THEN 1 WHEN 'recommendation' THEN 2 ELSE 3 END, sort_order, id";
  static const char credits_sql[] =
      "SELECT id, name, role_title, signs_certificates FROM credits WHERE edition_id = ? ORDER BY sort_order, id";
  sqlite3_stmt *st = db_stmt(db, items_sql);
  if (!st) return ERR_INTERNAL;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "status", ed->proceedings_published ? "published" : "draft");
  cJSON *items = cJSON_AddArrayToObject(o, "items");
  sqlite3_bind_int64(st, 1, ed->id);
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    cJSON *i = cJSON_CreateObject();
    cJSON_AddNumberToObject(i, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(i, "kind", db_col_text(st, 1));
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) cJSON_AddNullToObject(i, "number");
    else cJSON_AddNumberToObject(i, "number", sqlite3_column_int(st, 2));
    cJSON_AddStringToObject(i, "title", db_col_text(st, 3));
    cJSON_AddStringToObject(i, "body", db_col_text(st, 4));
    cJSON_AddNumberToObject(i, "sort_order", sqlite3_column_int(st, 5));
    cJSON_AddItemToArray(items, i);
  }
  db_reset(st);
  cJSON_AddStringToObject(o, "credits_heading", ed->organizer_unit);
  cJSON *credits = cJSON_AddArrayToObject(o, "credits");
  if (e == ERR_OK && !(st = db_stmt(db, credits_sql))) e = ERR_INTERNAL;
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  sqlite3_bind_int64(st, 1, ed->id);
  while (db_step(st, &e) == SQLITE_ROW) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddNumberToObject(c, "id", (double)sqlite3_column_int64(st, 0));
    cJSON_AddStringToObject(c, "name", db_col_text(st, 1));
    cJSON_AddStringToObject(c, "role_title", db_col_text(st, 2));
    cJSON_AddBoolToObject(c, "signs_certificates", sqlite3_column_int(st, 3));
    cJSON_AddItemToArray(credits, c);
  }
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(o);
    return e;
  }
  cJSON_AddStringToObject(o, "contact", ed->contact_email);
  *out = o;
  return ERR_OK;
}

static void bind_item(sqlite3_stmt *st, const struct item_input *in) {
  db_bind_text(st, 2, in->kind);
  sqlite3_bind_int(st, 3, in->has_number);
  sqlite3_bind_int64(st, 4, in->number);
  db_bind_text(st, 5, in->title);
  db_bind_text(st, 6, in->body);
  sqlite3_bind_int(st, 7, in->has_order);
  sqlite3_bind_int(st, 8, in->sort_order);
}

static void id_text(long long id, char out[24]) { snprintf(out, 24, "%lld", id); }

enum err db_proceedings_item_create(struct db *db, const struct edition *ed, const struct item_input *in,
                                    long long actor, long long *id) {
  static const char sql[] =
      "INSERT INTO proceedings_items(edition_id, kind, number, title, body, sort_order)"
      " VALUES (?1, ?2, CASE WHEN ?3 THEN nullif(?4, -1) END, ?5, coalesce(?6, ''),"
      " CASE WHEN ?7 THEN ?8 ELSE (SELECT coalesce(max(sort_order), 0) + 1 FROM proceedings_items"
      "   WHERE edition_id = ?1 AND kind = ?2) END)";
  *id = 0;
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, ed->id);
    bind_item(st, in);
    e = db_run(st);
    *id = sqlite3_last_insert_rowid(db_handle(db));
  }
  char idt[24];
  id_text(*id, idt);
  return db_audit_commit(db, e, actor, "proceedings.item_create", "proceedings_item", idt);
}

enum err db_proceedings_item_update(struct db *db, long long id, const struct item_input *in, long long actor) {
  static const char sql[] =
      "UPDATE proceedings_items SET kind = coalesce(?2, kind), number = CASE WHEN ?3 THEN nullif(?4, -1) ELSE number END,"
      " title = coalesce(?5, title), body = coalesce(?6, body),"
      " sort_order = CASE WHEN ?7 THEN ?8 ELSE sort_order END WHERE id = ?1";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    bind_item(st, in);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  char idt[24];
  id_text(id, idt);
  return db_audit_commit(db, e, actor, "proceedings.item_update", "proceedings_item", idt);
}

enum err db_proceedings_item_delete(struct db *db, long long id, long long actor) {
  static const char sql[] = "DELETE FROM proceedings_items WHERE id = ?";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, sql);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, id);
    e = db_run(st);
    if (e == ERR_OK && sqlite3_changes(db_handle(db)) == 0) e = ERR_NOT_FOUND;
  }
  char idt[24];
  id_text(id, idt);
  return db_audit_commit(db, e, actor, "proceedings.item_delete", "proceedings_item", idt);
}

enum err db_proceedings_item_edition(struct db *db, long long id, struct edition *ed) {
  static const char sql[] =
      "SELECT e.slug FROM proceedings_items i JOIN editions e ON e.id = i.edition_id WHERE i.id = ?";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, id);
  char slug[65] = "";
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW) snprintf(slug, sizeof slug, "%s", db_col_text(st, 0));
  db_reset(st);
  return slug[0] ? db_editions_lookup(db, slug, ed) : e;
}

enum err db_credits_replace(struct db *db, const struct edition *ed, const cJSON *credits, long long actor) {
  static const char clear[] = "DELETE FROM credits WHERE edition_id = ?";
  static const char insert[] =
      "INSERT INTO credits(edition_id, name, role_title, sort_order, signs_certificates) VALUES (?, ?, ?, ?, ?)";
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, clear);
  enum err e = st ? ERR_OK : ERR_INTERNAL;
  if (st) {
    sqlite3_bind_int64(st, 1, ed->id);
    e = db_run(st);
  }
  int order = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, credits) {
    if (e != ERR_OK) break;
    if (!(st = db_stmt(db, insert))) {
      e = ERR_INTERNAL;
      break;
    }
    sqlite3_bind_int64(st, 1, ed->id);
    db_bind_text(st, 2, cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring);
    db_bind_text(st, 3, cJSON_GetObjectItemCaseSensitive(c, "role_title")->valuestring);
    sqlite3_bind_int(st, 4, ++order);
    sqlite3_bind_int(st, 5, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "signs_certificates")));
    e = db_run(st);
  }
  return db_audit_commit(db, e, actor, "proceedings.credits", "edition", ed->slug);
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[65]) {
  unsigned char hash[32];
  crypto_hash_sha256(hash, data, len);
  sodium_bin2hex(hex, 65, hash, sizeof hash);
}

/* Stores the translation t of the version whose row is version_id. */
static enum err insert_translation(struct db *db, long long version_id, const struct proceedings_pdf *t,
                                   const char *hex) {
  static const char sql[] =
      "INSERT INTO proceedings_version_translations(version_id, lang, pdf, sha256) VALUES (?, ?, ?, ?)";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, version_id);
  db_bind_text(st, 2, t->lang);
  sqlite3_bind_blob(st, 3, t->pdf, (int)t->len, SQLITE_STATIC);
  db_bind_text(st, 4, hex);
  return db_run(st);
}

static cJSON *translation_json(const char *lang, const char *sha256, double bytes) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "lang", lang);
  cJSON_AddStringToObject(o, "sha256", sha256);
  cJSON_AddNumberToObject(o, "bytes", bytes);
  return o;
}

enum err db_proceedings_publish(struct db *db, const struct edition *ed, const struct proceedings_pdf *pdfs, size_t n,
                                const char *content, const char *published_at, long long actor, cJSON **out) {
  static const char insert[] =
      "INSERT INTO proceedings_versions(edition_id, version, pdf, sha256, published_at, published_by, content)"
      " VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM proceedings_versions WHERE edition_id = ?1),"
      " ?2, ?3, ?4, nullif(?5, 0), ?6) RETURNING version, id";
  static const char mark[] = "UPDATE editions SET proceedings_status = 'published' WHERE id = ?";
  assert(n >= 1 && strcmp(pdfs[0].lang, "es") == 0);
  char hex[65];
  sha256_hex(pdfs[0].pdf, pdfs[0].len, hex);
  enum err began = db_begin(db);
  if (began != ERR_OK) return began;
  sqlite3_stmt *st = db_stmt(db, insert);
  enum err e = ERR_INTERNAL;
  int version = 0;
  long long version_id = 0;
  if (st) {
    sqlite3_bind_int64(st, 1, ed->id);
    sqlite3_bind_blob(st, 2, pdfs[0].pdf, (int)pdfs[0].len, SQLITE_STATIC);
    db_bind_text(st, 3, hex);
    db_bind_text(st, 4, published_at);
    sqlite3_bind_int64(st, 5, actor);
    db_bind_text(st, 6, content);
    if (db_step(st, &e) == SQLITE_ROW) {
      version = sqlite3_column_int(st, 0);
      version_id = sqlite3_column_int64(st, 1);
      e = ERR_OK;
    }
    db_reset(st);
  }
  cJSON *translations = cJSON_CreateArray();
  for (size_t i = 1; e == ERR_OK && i < n; i++) {
    char thex[65];
    sha256_hex(pdfs[i].pdf, pdfs[i].len, thex);
    e = insert_translation(db, version_id, &pdfs[i], thex);
    cJSON_AddItemToArray(translations, translation_json(pdfs[i].lang, thex, (double)pdfs[i].len));
  }
  if (e == ERR_OK && !(st = db_stmt(db, mark))) e = ERR_INTERNAL;
  if (e == ERR_OK) {
    sqlite3_bind_int64(st, 1, ed->id);
    e = db_run(st);
  }
  e = db_audit_commit(db, e, actor, "proceedings.publish", "edition", ed->slug);
  if (e != ERR_OK) {
    cJSON_Delete(translations);
    return e;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "version", version);
  cJSON_AddStringToObject(o, "sha256", hex);
  char local[26];
  tz_format(tz_parse_utc(published_at), ed->timezone, local);
  cJSON_AddStringToObject(o, "published_at", local);
  cJSON_AddItemToObject(o, "translations", translations);
  *out = o;
  return ERR_OK;
}

/* The stored translations of the version whose row is version_id, as [{lang, sha256, bytes}]. */
static enum err translations_of(struct db *db, long long version_id, cJSON *into) {
  static const char sql[] =
      "SELECT lang, sha256, length(pdf) FROM proceedings_version_translations WHERE version_id = ? ORDER BY lang";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, version_id);
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW)
    cJSON_AddItemToArray(into, translation_json(db_col_text(st, 0), db_col_text(st, 1), sqlite3_column_int(st, 2)));
  db_reset(st);
  return e;
}

enum err db_proceedings_versions(struct db *db, const struct edition *ed, cJSON **items) {
  static const char sql[] =
      "SELECT version, sha256, published_at, length(pdf), id FROM proceedings_versions WHERE edition_id = ?"
      " ORDER BY version DESC";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  *items = cJSON_CreateArray();
  enum err e = ERR_OK;
  while (db_step(st, &e) == SQLITE_ROW) {
    cJSON *v = cJSON_CreateObject();
    cJSON_AddNumberToObject(v, "version", sqlite3_column_int(st, 0));
    cJSON_AddStringToObject(v, "sha256", db_col_text(st, 1));
    char local[26];
    tz_format(tz_parse_utc(db_col_text(st, 2)), ed->timezone, local);
    cJSON_AddStringToObject(v, "published_at", local);
    cJSON_AddNumberToObject(v, "bytes", sqlite3_column_int(st, 3));
    cJSON *translations = cJSON_AddArrayToObject(v, "translations");
    cJSON_AddItemToArray(*items, v);
    enum err te = translations_of(db, sqlite3_column_int64(st, 4), translations);
    if (te != ERR_OK) {
      e = te;
      break;
    }
  }
  db_reset(st);
  if (e != ERR_OK) {
    cJSON_Delete(*items);
    *items = NULL;
  }
  return e;
}

enum err db_proceedings_pdf(struct db *db, const struct edition *ed, int version, const char *lang, unsigned char **pdf,
                            size_t *len, char sha256[65], int *version_out) {
  static const char sql[] =
      "SELECT v.version, CASE WHEN ?3 = 'es' THEN v.pdf ELSE t.pdf END, CASE WHEN ?3 = 'es' THEN v.sha256 ELSE t.sha256 END"
      " FROM proceedings_versions v LEFT JOIN proceedings_version_translations t ON t.version_id = v.id AND t.lang = ?3"
      " WHERE v.edition_id = ?1 AND (?2 = 0 OR v.version = ?2) ORDER BY v.version DESC LIMIT 1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int(st, 2, version);
  db_bind_text(st, 3, lang ? lang : "es");
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) != SQLITE_ROW) {
    db_reset(st);
    return e;
  }
  *version_out = sqlite3_column_int(st, 0);
  *pdf = NULL;
  *len = 0;
  if (sqlite3_column_type(st, 1) == SQLITE_NULL) { /* published before its translations were stored */
    db_reset(st);
    return ERR_OK;
  }
  *len = (size_t)sqlite3_column_bytes(st, 1);
  *pdf = malloc(*len ? *len : 1);
  if (*pdf && *len) memcpy(*pdf, sqlite3_column_blob(st, 1), *len);
  snprintf(sha256, 65, "%s", db_col_text(st, 2));
  db_reset(st);
  return *pdf ? ERR_OK : ERR_INTERNAL;
}

enum err db_certificate_check(struct db *db, const char *code, cJSON **out) {
  static const char sql[] =
      "SELECT r.full_name, r.status = 'confirmed' AND r.checked_in_at IS NOT NULL, e.slug, e.title"
      " FROM registrations r JOIN editions e ON e.id = r.edition_id WHERE r.code = ?";
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
  cJSON *o = cJSON_CreateObject();
  bool valid = sqlite3_column_int(st, 1);
  cJSON_AddBoolToObject(o, "valid", valid);
  cJSON_AddStringToObject(o, "code", canonical);
  if (valid) cJSON_AddStringToObject(o, "full_name", db_col_text(st, 0));
  else cJSON_AddNullToObject(o, "full_name");
  cJSON_AddStringToObject(o, "edition", db_col_text(st, 2));
  cJSON_AddStringToObject(o, "edition_title", db_col_text(st, 3));
  db_reset(st);
  *out = o;
  return ERR_OK;
}

enum err db_proceedings_version_content(struct db *db, const struct edition *ed, int version, cJSON **content,
                                        time_t *published, int *version_out) {
  static const char sql[] =
      "SELECT content, published_at, version FROM proceedings_versions WHERE edition_id = ?1"
      " AND (?2 = 0 OR version = ?2) AND content IS NOT NULL ORDER BY version DESC LIMIT 1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  sqlite3_bind_int(st, 2, version);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW && (*content = cJSON_Parse(db_col_text(st, 0)))) {
    *published = tz_parse_utc(db_col_text(st, 1));
    *version_out = sqlite3_column_int(st, 2);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}

enum err db_proceedings_published(struct db *db, const struct edition *ed, cJSON **out) {
  static const char sql[] =
      "SELECT content, version, published_at FROM proceedings_versions WHERE edition_id = ? AND content IS NOT NULL"
      " ORDER BY version DESC LIMIT 1";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (!st) return ERR_INTERNAL;
  sqlite3_bind_int64(st, 1, ed->id);
  enum err e = ERR_NOT_FOUND;
  if (db_step(st, &e) == SQLITE_ROW && (*out = cJSON_Parse(db_col_text(st, 0)))) {
    cJSON_DeleteItemFromObjectCaseSensitive(*out, "status");
    cJSON_AddStringToObject(*out, "status", "published");
    cJSON_AddNumberToObject(*out, "version", sqlite3_column_int(st, 1));
    char local[26];
    tz_format(tz_parse_utc(db_col_text(st, 2)), ed->timezone, local);
    cJSON_AddStringToObject(*out, "published_at", local);
    e = ERR_OK;
  }
  db_reset(st);
  return e;
}
