/* documents.c — filling the plain structs of the PDF documents from the database. Programme
 * and proceedings texts come from the same JSON reads the API answers, so a document always
 * says what the site says. */
#include "documents.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badges/badge.h"
#include "config.h"
#include "badges/token.h"
#include "db_checkins.h"
#include "db_documents.h"
#include "db_people.h"
#include "db_proceedings.h"
#include "db_program.h"
#include "image.h"
#include "mail_messages.h"
#include "pdf/certificate.h"
#include "pdf/proceedings.h"
#include "regcode.h"
#include "tz.h"
#include "util.h"
#include "validate.h"

static const char *str(const cJSON *o, const char *name) {
  const char *s = json_str(o, name);
  return s ? s : "";
}

/* Photos loaded for a render, freed together. */
struct photo_store {
  unsigned char **bytes;
  size_t n;
};

static void photos_free(struct photo_store *ps) {
  for (size_t i = 0; i < ps->n; i++) free(ps->bytes[i]);
  free(ps->bytes);
}

/* A photo stored before uploads were shrunk: shrunk now, for this render (or left out, NULL, when
 * it cannot be decoded within the limits of image.h). */
static void shrink_stored_photo(char type[16], void **bytes, size_t *len) {
  struct image_out small;
  enum image_result res = image_normalize(*bytes, *len, type, &small);
  free(*bytes);
  *bytes = res == IMAGE_OK ? small.bytes : NULL;
  *len = res == IMAGE_OK ? small.len : 0;
  if (res == IMAGE_OK) snprintf(type, 16, "%s", small.content_type);
}

static void fill_participant(struct db *db, const cJSON *p, struct proceedings_participant *out,
                             struct photo_store *ps) {
  out->name = str(p, "name");
  out->honorific = str(p, "honorific");
  out->role = str(p, "role");
  out->position = str(p, "position");
  out->organization = str(p, "organization");
  out->topic = str(p, "topic");
  out->contribution = str(p, "contribution");
  char type[16], sha[65];
  void *bytes = NULL;
  size_t len = 0;
  if (db_photo_get(db, json_int(p, "person_id", 0), type, &bytes, &len, sha) == ERR_OK) {
    if (!image_is_small(bytes, len, type)) shrink_stored_photo(type, &bytes, &len);
    if (!bytes) return;
    ps->bytes = xrealloc(ps->bytes, (ps->n + 1) * sizeof *ps->bytes);
    ps->bytes[ps->n++] = bytes;
    out->photo = bytes;
    out->photo_len = len;
    out->photo_type = strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg";
  }
}

/* Items of one kind from the proceedings JSON into a new array. */
static struct proceedings_item *items_of(const cJSON *items, const char *kind, size_t *n) {
  struct proceedings_item *out = xcalloc((size_t)cJSON_GetArraySize(items) + 1, sizeof *out);
  *n = 0;
  const cJSON *i;
  cJSON_ArrayForEach(i, items) {
    if (strcmp(str(i, "kind"), kind) != 0) continue;
    out[*n].number = (int)json_int(i, "number", 0);
    out[*n].title = str(i, "title");
    out[*n].body = str(i, "body");
    (*n)++;
  }
  return out;
}

/* Renders the memoria of ed from its programme (sessions) and its proceedings JSON (content);
 * the speakers' photos are read on the way, on the same connection (so inside the caller's
 * transaction, if any). */
/* The memoria's chrome in l from the catalogue (pdf.memoria.*). */
static struct proceedings_words proceedings_words_in(enum lang l) {
  return (struct proceedings_words){.cover_label = i18n_text(l, "pdf.memoria.cover_label"),
                                    .header = i18n_text(l, "pdf.memoria.header"),
                                    .venue = i18n_text(l, "pdf.memoria.venue"),
                                    .city = i18n_text(l, "pdf.memoria.city"),
                                    .dates = i18n_text(l, "pdf.memoria.dates"),
                                    .speaker = i18n_text(l, "pdf.memoria.speaker"),
                                    .moderator = i18n_text(l, "pdf.memoria.moderator"),
                                    .panelist = i18n_text(l, "pdf.memoria.panelist"),
                                    .dialogue = i18n_text(l, "pdf.memoria.dialogue"),
                                    .objective = i18n_text(l, "pdf.memoria.objective"),
                                    .presentation = i18n_text(l, "pdf.memoria.presentation"),
                                    .conclusions = i18n_text(l, "pdf.memoria.conclusions"),
                                    .recommendations = i18n_text(l, "pdf.memoria.recommendations"),
                                    .closing = i18n_text(l, "pdf.memoria.closing"),
                                    .team = i18n_text(l, "pdf.memoria.team"),
                                    .contact = i18n_text(l, "pdf.memoria.contact"),
                                    .contents = i18n_text(l, "pdf.memoria.contents"),
                                    .page = i18n_text(l, "pdf.memoria.page"),
                                    .of = i18n_text(l, "pdf.memoria.of"),
                                    .title = i18n_text(l, "pdf.memoria.title"),
                                    .subject = i18n_text(l, "pdf.memoria.subject"),
                                    .organizer = i18n_text(l, "pdf.memoria.organizer"),
                                    .language = i18n_text(l, "pdf.memoria.language")};
}

/* Renders the memoria from the programme (sessions) and the proceedings JSON (content), with its
 * chrome in l (Spanish: the pdf/ defaults, so published versions keep their bytes). */
static enum err render_proceedings(struct db *db, const struct edition *ed, const cJSON *sessions, const cJSON *content,
                                   time_t published, enum lang l, unsigned char **pdf, size_t *len) {
  size_t ns = (size_t)cJSON_GetArraySize(sessions);
  struct proceedings_session *ss = xcalloc(ns + 1, sizeof *ss);
  struct proceedings_participant **parts = xcalloc(ns + 1, sizeof *parts);
  struct photo_store photos = {0};
  size_t k = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, sessions) {
    const cJSON *ps = json_get(s, "participants");
    size_t np = (size_t)cJSON_GetArraySize(ps);
    parts[k] = xcalloc(np + 1, sizeof **parts);
    size_t j = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, ps) fill_participant(db, p, &parts[k][j++], &photos);
    ss[k] = (struct proceedings_session){.number = (int)json_int(s, "number", 0),
                                         .title = str(s, "title"),
                                         .objective = str(s, "objective"),
                                         .participants = parts[k],
                                         .n_participants = np};
    if (strcmp(str(s, "kind"), "dialogue") != 0) ss[k].number = 0; /* only dialogues are "Diálogo N" */
    k++;
  }
  const cJSON *items = json_get(content, "items"), *credits = json_get(content, "credits");
  size_t nc, nr, nclose, ncred = (size_t)cJSON_GetArraySize(credits);
  struct proceedings_item *conclusions = items_of(items, "conclusion", &nc);
  struct proceedings_item *recommendations = items_of(items, "recommendation", &nr);
  struct proceedings_item *closing = items_of(items, "closing", &nclose);
  struct proceedings_credit *cr = xcalloc(ncred + 1, sizeof *cr);
  size_t ci = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, credits) cr[ci++] = (struct proceedings_credit){str(c, "name"), str(c, "role_title")};
  char dates[96];
  i18n_date_range(l, ed->starts_on, ed->ends_on, dates, sizeof dates);
  struct proceedings_words words = proceedings_words_in(l);
  struct proceedings doc = {
      .edition_title = ed->title,
      .short_title = ed->short_title,
      .city = ed->city,
      .venue = ed->venue,
      .dates_text = dates,
      .sessions = ss,
      .n_sessions = ns,
      .conclusions = conclusions,
      .n_conclusions = nc,
      .recommendations = recommendations,
      .n_recommendations = nr,
      .credits_heading = ed->organizer_unit,
      .credits = cr,
      .n_credits = ncred,
      .contact_email = ed->contact_email,
      .published = published,
      .words = l == LANG_ES ? NULL : &words,
  };
  if (nclose) doc.closing = closing[0];
  enum err e = proceedings_render(&doc, pdf, len) == 0 ? ERR_OK : ERR_INTERNAL;
  for (size_t i = 0; i < ns; i++) free(parts[i]);
  free(parts);
  free(ss);
  free(conclusions);
  free(recommendations);
  free(closing);
  free(cr);
  photos_free(&photos);
  return e;
}

/* Reads what the memoria shows (programme and proceedings JSON) and renders it; *content gets
 * the proceedings JSON the PDF was made from (NULL: not wanted). */
/* Reads the programme and the proceedings once and renders the memoria in each of the n first
 * languages (pdfs[l], lens[l]; Spanish first); *content keeps the proceedings JSON when asked. */
static enum err read_and_render(struct db *db, const struct edition *ed, time_t published, int n, unsigned char *pdfs[],
                                size_t lens[], cJSON **content) {
  cJSON *sessions = NULL, *proc = NULL;
  enum err e = db_sessions_list(db, ed, &sessions);
  if (e == ERR_OK) e = db_proceedings_get(db, ed, &proc);
  for (int l = 0; e == ERR_OK && l < n; l++)
    e = render_proceedings(db, ed, sessions, proc, published, (enum lang)l, &pdfs[l], &lens[l]);
  cJSON_Delete(sessions);
  if (e == ERR_OK && content) *content = proc;
  else cJSON_Delete(proc);
  return e;
}

enum err doc_proceedings(struct db *db, const struct edition *ed, time_t published, unsigned char **pdf, size_t *len) {
  return read_and_render(db, ed, published, 1, pdf, len, NULL);
}

enum err doc_proceedings_in(struct db *db, const struct edition *ed, int version, enum lang l, unsigned char **pdf,
                            size_t *len, int *version_out) {
  cJSON *sessions = NULL, *content = NULL;
  time_t published = 0;
  enum err e = db_proceedings_version_content(db, ed, version, &content, &published, version_out);
  if (e == ERR_OK) e = db_sessions_list(db, ed, &sessions);
  if (e == ERR_OK) e = render_proceedings(db, ed, sessions, content, published, l, pdf, len);
  cJSON_Delete(sessions);
  cJSON_Delete(content);
  return e;
}

/* Reads, renders (in every language: Spanish, stored as the version, and each translation of its
 * chrome) and stores inside one write transaction (BEGIN IMMEDIATE), so the stored PDFs and
 * content JSON come from one snapshot: no edit of an item, the credits, a session, a person or
 * the edition can land between the reads, the renders and the insert. The write lock is held
 * for the renders (about 40 ms each for the Latacunga memoria; docs/reliability.md); writers
 * wait that long within their busy timeout. A read snapshot with a check at insert time would
 * spare them the wait, but it must then fingerprint every table the memoria reads, and a publish
 * happens a few times per edition. */
enum err doc_publish_proceedings(struct db *db, const struct edition *ed, long long actor, time_t now, cJSON **out) {
  enum err e = db_begin(db);
  if (e != ERR_OK) return e;
  struct edition current; /* the edition as this transaction sees it */
  unsigned char *pdf[LANG__COUNT] = {0};
  size_t len[LANG__COUNT] = {0};
  cJSON *content = NULL;
  e = db_editions_lookup(db, ed->slug, &current);
  if (e == ERR_OK) e = read_and_render(db, &current, now, LANG__COUNT, pdf, len, &content);
  char *text = content ? cJSON_PrintUnformatted(content) : NULL;
  char at[21];
  utc_iso(now, at);
  struct proceedings_pdf pdfs[LANG__COUNT];
  for (int l = 0; l < LANG__COUNT; l++) pdfs[l] = (struct proceedings_pdf){lang_code((enum lang)l), pdf[l], len[l]};
  if (e == ERR_OK) e = db_proceedings_publish(db, &current, pdfs, LANG__COUNT, text, at, actor, out);
  cJSON_free(text);
  cJSON_Delete(content);
  for (int l = 0; l < LANG__COUNT; l++) free(pdf[l]);
  if (e != ERR_OK) {
    db_rollback(db);
    return e;
  }
  if ((e = db_commit(db)) != ERR_OK) {
    cJSON_Delete(*out);
    *out = NULL;
  }
  return e;
}

enum err doc_publish_seeded(struct db *db) {
  for (;;) {
    char slug[65];
    enum err e = db_seeded_unpublished(db, slug);
    if (e != ERR_OK || !slug[0]) return e;
    struct edition ed;
    if ((e = db_editions_lookup(db, slug, &ed)) != ERR_OK) return e;
    struct tz_instant_parts evening = {0};
    sscanf(ed.ends_on, "%d-%d-%d", &evening.year, &evening.month, &evening.day);
    evening.hour = 18;
    cJSON *out = NULL;
    e = doc_publish_proceedings(db, &ed, 0, tz_to_utc(&evening, ed.timezone), &out);
    cJSON_Delete(out);
    if (e != ERR_OK) return e;
  }
}

/* The language of a person's badge and certificate: their registration's, Spanish when unknown. */
static enum lang lang_of(const struct doc_person *p) {
  enum lang l = LANG_ES;
  lang_parse(p->language, &l);
  return l;
}

/* A comma-separated list of codes as a JSON array of canonical codes (for json_each), or NULL. */
static char *codes_json(const char *codes) {
  if (!codes || !*codes) return NULL;
  cJSON *a = cJSON_CreateArray();
  char *copy = xstrdup(codes);
  for (char *save = NULL, *c = strtok_r(copy, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
    char canonical[REGCODE_LEN + 1];
    if (regcode_normalize(c, canonical)) cJSON_AddItemToArray(a, cJSON_CreateString(canonical));
  }
  free(copy);
  char *text = cJSON_PrintUnformatted(a);
  cJSON_Delete(a);
  return text;
}

/* ---- the cache of single badges: SHA-256 of what a badge shows → its PDF, least recently used
 * out. A badge is about 100 KB, so 128 of them stay under 16 MB. ---- */
#define BADGE_CACHE_SLOTS 128

struct cached_badge {
  unsigned char key[32];
  unsigned char *pdf; /* NULL: free slot */
  size_t len;
  unsigned long long used; /* cache clock at the last hit */
};

static struct cached_badge badge_cache[BADGE_CACHE_SLOTS];
static unsigned long long badge_cache_clock, badges_rendered;
static pthread_mutex_t badge_cache_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned long long doc_badge_renders(void) {
  pthread_mutex_lock(&badge_cache_lock);
  unsigned long long n = badges_rendered;
  pthread_mutex_unlock(&badge_cache_lock);
  return n;
}

/* A copy of the cached PDF of key, if there is one. */
static bool badge_cache_get(const unsigned char key[32], unsigned char **pdf, size_t *len) {
  bool hit = false;
  pthread_mutex_lock(&badge_cache_lock);
  for (size_t i = 0; i < BADGE_CACHE_SLOTS && !hit; i++) {
    struct cached_badge *c = &badge_cache[i];
    if (!c->pdf || memcmp(c->key, key, 32) != 0) continue;
    c->used = ++badge_cache_clock;
    *pdf = xmalloc(c->len);
    memcpy(*pdf, c->pdf, c->len);
    *len = c->len;
    hit = true;
  }
  pthread_mutex_unlock(&badge_cache_lock);
  return hit;
}

static void badge_cache_put(const unsigned char key[32], const unsigned char *pdf, size_t len) {
  pthread_mutex_lock(&badge_cache_lock);
  struct cached_badge *slot = &badge_cache[0];
  for (size_t i = 0; i < BADGE_CACHE_SLOTS; i++) {
    struct cached_badge *c = &badge_cache[i];
    if (c->pdf && memcmp(c->key, key, 32) == 0) { /* rendered meanwhile by another request */
      slot = c;
      break;
    }
    if (!c->pdf || c->used < slot->used) slot = c;
    if (!c->pdf) break;
  }
  free(slot->pdf);
  memcpy(slot->key, key, 32);
  slot->pdf = xmalloc(len);
  memcpy(slot->pdf, pdf, len);
  slot->len = len;
  slot->used = ++badge_cache_clock;
  pthread_mutex_unlock(&badge_cache_lock);
}

static void hash_text(crypto_hash_sha256_state *h, const char *s) {
  if (s) crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
  crypto_hash_sha256_update(h, (const unsigned char *)"", 1); /* the NUL: "ab"+"c" is not "a"+"bc" */
}

/* The cache key of a render: everything badges_render reads. */
static void badges_key(const struct badge_event *ev, const struct badge *b, size_t n, enum badge_layout layout,
                       time_t created, unsigned char key[32]) {
  crypto_hash_sha256_state h;
  crypto_hash_sha256_init(&h);
  const char *event[] = {ev->title, ev->short_title, ev->dates_text, ev->city, badge_layout_name(layout)};
  for (size_t i = 0; i < sizeof event / sizeof *event; i++) hash_text(&h, event[i]);
  long long when = (long long)created;
  crypto_hash_sha256_update(&h, (const unsigned char *)&when, sizeof when);
  for (size_t i = 0; i < n; i++) {
    const char *fields[] = {b[i].full_name, b[i].organization, b[i].position, b[i].role_label, b[i].code, b[i].token};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) hash_text(&h, fields[k]);
    crypto_hash_sha256_update(&h, (const unsigned char *)&b[i].band, sizeof b[i].band);
  }
  crypto_hash_sha256_final(&h, key);
}

/* Renders, or answers from the cache (cached: look there first, and store what was rendered). */
static enum err badges_output(const struct badge_event *ev, const struct badge *badges, size_t n,
                              enum badge_layout layout, time_t created, const struct doc_gate *gate, bool cached,
                              unsigned char **pdf, size_t *len, bool *hit) {
  unsigned char key[32];
  *hit = false;
  if (cached) {
    badges_key(ev, badges, n, layout, created, key);
    if ((*hit = badge_cache_get(key, pdf, len))) return ERR_OK;
  }
  enum err e = gate ? gate->enter(gate->ctx) : ERR_OK;
  if (e != ERR_OK) return e;
  if (cached && (*hit = badge_cache_get(key, pdf, len))) { /* rendered while this one waited */
    if (gate) gate->leave(gate->ctx);
    return ERR_OK;
  }
  e = badges_render(ev, badges, n, layout, created, pdf, len) == 0 ? ERR_OK : ERR_INTERNAL;
  pthread_mutex_lock(&badge_cache_lock);
  badges_rendered++;
  pthread_mutex_unlock(&badge_cache_lock);
  /* in the cache before the slot is handed on: the request waiting for it looks there first */
  if (e == ERR_OK && cached) badge_cache_put(key, *pdf, *len);
  if (gate) gate->leave(gate->ctx);
  return e;
}

/* doc_badges and doc_badge_cached: reads the badges of f, then badges_output. */
static enum err badges_of(struct db *db, const struct edition *ed, const struct badge_filter *f,
                          const struct doc_gate *gate, bool cached, unsigned char **pdf, size_t *len, size_t *count,
                          bool *hit) {
  enum badge_layout layout = BADGE_A4_10;
  if (f->layout && !badge_layout_parse(f->layout, &layout)) return ERR_VALIDATION;
  char *codes = codes_json(f->codes);
  struct doc_people_filter which = {ed->id, f->type, codes, f->unprinted_only, f->registration_id};
  size_t n;
  struct doc_person *rows;
  enum err e = db_badge_people(db, &which, &rows, &n);
  cJSON_free(codes);
  *count = n;
  if (e != ERR_OK) return e;
  if (n == 0) {
    free(rows);
    return ERR_NOT_FOUND;
  }
  struct badge *badges = xcalloc(n, sizeof *badges);
  char(*tokens)[TOKEN_TEXT_MAX] = xcalloc(n, sizeof *tokens);
  for (size_t i = 0; i < n && e == ERR_OK; i++) {
    int revision;
    e = db_badge_token(db, ed, rows[i].id, tokens[i], &revision);
    const struct badge_role *role = badge_role_find(rows[i].type);
    char key[64];
    snprintf(key, sizeof key, "pdf.role.%s", rows[i].type);
    badges[i] = (struct badge){rows[i].full_name,
                               rows[i].organization,
                               rows[i].position,
                               role ? i18n_text(lang_of(&rows[i]), key) : "",
                               rows[i].code,
                               tokens[i],
                               role ? role->band : (struct pdf_rgb){0.05f, 0.18f, 0.34f}};
  }
  /* one person's badge speaks their language; a sheet for the organizers, Spanish */
  char dates[96];
  i18n_date_range(f->registration_id > 0 && n == 1 ? lang_of(&rows[0]) : LANG_ES, ed->starts_on, ed->ends_on, dates,
                  sizeof dates);
  struct badge_event ev = {ed->title, ed->short_title[0] ? ed->short_title : ed->title, dates, ed->city};
  struct tz_instant_parts start = {0};
  sscanf(ed->starts_on, "%d-%d-%d", &start.year, &start.month, &start.day);
  if (e == ERR_OK)
    e = badges_output(&ev, badges, n, layout, tz_to_utc(&start, ed->timezone), gate, cached, pdf, len, hit);
  free(badges);
  free(tokens);
  db_doc_people_free(rows, n);
  return e;
}

enum err doc_badges(struct db *db, const struct edition *ed, const struct badge_filter *f, unsigned char **pdf,
                    size_t *len, size_t *count) {
  bool hit;
  return badges_of(db, ed, f, NULL, false, pdf, len, count, &hit);
}

enum err doc_badge_cached(struct db *db, const struct edition *ed, const struct badge_filter *f,
                          const struct doc_gate *gate, unsigned char **pdf, size_t *len, bool *hit) {
  size_t count;
  *hit = false;
  if (f->registration_id <= 0) return ERR_NOT_FOUND;
  return badges_of(db, ed, f, gate, true, pdf, len, &count, hit);
}

enum err doc_mark_printed(struct db *db, const struct edition *ed, const char *codes, long long actor, int *marked) {
  char *list = codes_json(codes);
  enum err e = db_badges_mark_printed(db, ed, list, actor, marked);
  cJSON_free(list);
  return e;
}

/* The fixed texts of a certificate in l, from the catalogue. */
static struct certificate_words certificate_words_in(enum lang l) {
  return (struct certificate_words){.heading = i18n_text(l, "pdf.certificate.heading"),
                                    .certifies = i18n_text(l, "pdf.certificate.certifies"),
                                    .verification = i18n_text(l, "pdf.certificate.verification"),
                                    .title_many = i18n_text(l, "pdf.certificate.title_many"),
                                    .language = i18n_text(l, "pdf.certificate.language")};
}

/* "participó en la **<edition>**, realizada en <city>, <dates>." in l, as a new string. */
static char *certificate_sentence(const struct edition *ed, enum lang l) {
  char dates[96], where[400], text[1024];
  i18n_date_range(l, ed->starts_on, ed->ends_on, dates, sizeof dates);
  snprintf(where, sizeof where, "%s%s%s", ed->city, ed->city[0] && dates[0] ? ", " : "", dates);
  const char *key = !where[0]     ? "pdf.certificate.sentence"
                    : ed->city[0] ? "pdf.certificate.sentence_city_dates"
                                  : "pdf.certificate.sentence_dates";
  i18n_format(l, key, ed->title, where, text, sizeof text);
  return xstrdup(text);
}

enum err doc_certificates(struct db *db, const struct edition *ed, long long registration_id, unsigned char **pdf,
                          size_t *len) {
  size_t n;
  struct doc_person *rows;
  enum err e = db_certificate_people(db, ed->id, registration_id, &rows, &n);
  if (e != ERR_OK) return e;
  if (n == 0) {
    free(rows);
    return registration_id ? ERR_NOT_CHECKED_IN : ERR_NOT_FOUND;
  }
  struct doc_signer credits[3];
  struct certificate_signer signers[3];
  size_t ns = 0;
  e = db_certificate_signers(db, ed->id, credits, 3, &ns);
  for (size_t i = 0; i < ns; i++) signers[i] = (struct certificate_signer){credits[i].name, credits[i].role_title};
  struct certificate_words words[LANG__COUNT];
  char *sentences[LANG__COUNT];
  for (int l = 0; l < LANG__COUNT; l++) {
    words[l] = certificate_words_in((enum lang)l);
    sentences[l] = certificate_sentence(ed, (enum lang)l);
  }
  struct tz_instant_parts end = {0};
  sscanf(ed->ends_on, "%d-%d-%d", &end.year, &end.month, &end.day);
  end.hour = 18;
  time_t issued = tz_to_utc(&end, ed->timezone);
  struct certificate *list = xcalloc(n, sizeof *list);
  char **urls = xcalloc(n, sizeof *urls);
  for (size_t i = 0; i < n; i++) {
    urls[i] = xasprintf("%s/v/%s", config_public_url(), rows[i].code);
    list[i] = (struct certificate){.full_name = rows[i].full_name,
                                   .organization = rows[i].organization,
                                   .edition_title = ed->title,
                                   .city = ed->city,
                                   .signers = signers,
                                   .n_signers = ns,
                                   .verify_url = urls[i],
                                   .code = rows[i].code,
                                   .issued = issued,
                                   .sentence = sentences[lang_of(&rows[i])],
                                   .words = &words[lang_of(&rows[i])],
                                   .issuer = i18n_text(lang_of(&rows[i]), "pdf.certificate.issuer")};
  }
  if (e == ERR_OK && certificates_render(list, n, pdf, len) != 0) e = ERR_INTERNAL;
  for (size_t i = 0; i < n; i++) free(urls[i]);
  for (int l = 0; l < LANG__COUNT; l++) free(sentences[l]);
  for (size_t i = 0; i < ns; i++) {
    free(credits[i].name);
    free(credits[i].role_title);
  }
  free(urls);
  free(list);
  db_doc_people_free(rows, n);
  return e;
}
