/* api_documents.c — the PDF answers: the memoria (latest published version byte for byte, any
 * older version, or a draft preview for organizers), publishing a new version, badges (one for
 * its attendee, print sheets for organizers) and certificates of attendance. Rendering is CPU
 * work and holds a worker thread, so at most RENDER_SLOTS documents are rendered at once and at
 * most RENDER_QUEUE more wait their turn (each at most RENDER_WAIT_SECONDS); past that a render is
 * answered 503 `unavailable` with Retry-After at once, so that a flood of PDF requests never ties
 * up the workers that answer the public pages. An attendee's own badge comes from a cache of
 * rendered badges (documents.h) and only renders, through the same gate, when its content changed.
 * The memory a render took is returned to the system after it. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "auth.h"
#include "db_proceedings.h"
#include "db_registrations.h"
#include "documents.h"

#define RENDER_SLOTS 2         /* documents rendered at once: the machine's cores */
#define RENDER_QUEUE 2         /* renders that may wait for a slot; past that, 503 at once */
#define RENDER_WAIT_SECONDS 10 /* longest wait for a slot */

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_free;
static pthread_once_t gate_once = PTHREAD_ONCE_INIT;
static int rendering, waiting; /* under gate_lock */

static void gate_init(void) { /* waits measured on the monotonic clock: a clock step neither ends nor stretches one */
  pthread_condattr_t a;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
  pthread_cond_init(&gate_free, &a);
  pthread_condattr_destroy(&a);
}

/* A render slot, after a bounded wait; ERR_UNAVAILABLE when the queue is full or the wait ran out. */
static enum err render_enter(void *ctx) {
  (void)ctx;
  pthread_once(&gate_once, gate_init);
  enum err e = ERR_OK;
  pthread_mutex_lock(&gate_lock);
  if (rendering >= RENDER_SLOTS && waiting >= RENDER_QUEUE) e = ERR_UNAVAILABLE;
  if (e == ERR_OK) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += RENDER_WAIT_SECONDS;
    waiting++;
    while (rendering >= RENDER_SLOTS && e == ERR_OK)
      if (pthread_cond_timedwait(&gate_free, &gate_lock, &deadline) == ETIMEDOUT) e = ERR_UNAVAILABLE;
    waiting--;
    if (e == ERR_OK) rendering++;
  }
  pthread_mutex_unlock(&gate_lock);
  return e;
}

/* A document's working memory (libharu's objects, the font, the rows) is freed by now: hand it
 * back to the system, so that the next document starts from the same footprint. */
static void render_leave(void *ctx) {
  (void)ctx;
  pthread_mutex_lock(&gate_lock);
  rendering--;
  pthread_cond_signal(&gate_free);
  pthread_mutex_unlock(&gate_lock);
  malloc_trim(0);
}

static const struct doc_gate render_gate = {render_enter, render_leave, NULL};

static enum MHD_Result reply_busy(struct req *r) {
  return reply_error_msg(r, ERR_UNAVAILABLE, NULL, "err.documents.busy");
}

static enum MHD_Result reply_pdf(struct req *r, unsigned char *pdf, size_t len, const char *filename,
                                 const char *etag) {
  req_add_reply_header(r, "Content-Disposition", req_printf(r, "inline; filename=\"%s\"", filename));
  if (etag) {
    req_add_reply_header(r, "ETag", etag);
    req_add_reply_header(r, "Cache-Control", "no-cache");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strstr(inm, etag)) {
      free(pdf);
      return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
    }
  }
  return reply_bytes(r, 200, "application/pdf", pdf, len, MHD_RESPMEM_MUST_FREE);
}

static bool flag(struct req *r, const char *name) {
  const char *v = req_query(r, name);
  return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

#define VERSION_DIGITS_MAX 7 /* versions 1 to 9 999 999: far more than an edition publishes */

/* ?version=N: 0 when absent; N when it is plain decimal digits naming 1 to 9 999 999; -1 for
 * anything else (signs, spaces, fractions, exponents, trailing text, numbers out of range). */
static int version_param(struct req *r) {
  const char *v = req_query(r, "version");
  if (!v) return 0;
  size_t digits = strspn(v, "0123456789");
  if (digits == 0 || digits > VERSION_DIGITS_MAX || v[digits]) return -1;
  long n = strtol(v, NULL, 10);
  return n >= 1 ? (int)n : -1;
}

/* A version published before its translations were stored, with its chrome in another language,
 * rendered from what it published. */
static enum MHD_Result reply_proceedings_in(struct req *r, const struct edition *ed, int version, enum lang lang) {
  unsigned char *pdf = NULL;
  size_t len = 0;
  int got = 0;
  if (render_enter(NULL) != ERR_OK) return reply_busy(r);
  enum err e = doc_proceedings_in(api_db(r), ed, version, lang, &pdf, &len, &got);
  render_leave(NULL);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_pdf(r, pdf, len, req_printf(r, "memoria-%s-v%d-%s.pdf", ed->slug, got, lang_code(lang)), NULL);
}

enum MHD_Result api_edition_proceedings_pdf_get(struct req *r) {
  struct edition ed;
  unsigned char *pdf = NULL;
  size_t len = 0;
  if (flag(r, "draft")) {
    if (!api_is_organizer(r)) return reply_error(r, auth_current(r) ? ERR_FORBIDDEN : ERR_UNAUTHORIZED, NULL);
    enum err e = api_edition(r, &ed);
    if (e != ERR_OK) return reply_error(r, e, NULL);
    if (render_enter(NULL) != ERR_OK) return reply_busy(r);
    e = doc_proceedings(api_db(r), &ed, time(NULL), &pdf, &len);
    render_leave(NULL);
    if (e != ERR_OK) return reply_error(r, e, NULL);
    return reply_pdf(r, pdf, len, req_printf(r, "memoria-%s-borrador.pdf", ed.slug), NULL);
  }
  int version = version_param(r);
  if (version < 0) return reply_error_msg(r, ERR_VALIDATION, "version", "err.documents.version");
  enum lang lang = LANG_ES;
  if (req_query(r, "lang") && !lang_parse(req_query(r, "lang"), &lang))
    return reply_error_msg(r, ERR_VALIDATION, "lang", "err.documents.lang");
  enum err e = api_proceedings_edition(r, &ed);
  char sha[65];
  int got = 0;
  if (e == ERR_OK) e = db_proceedings_pdf(api_db(r), &ed, version, lang_code(lang), &pdf, &len, sha, &got);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (!pdf) return reply_proceedings_in(r, &ed, got, lang);
  const char *name = lang == LANG_ES ? req_printf(r, "memoria-%s-v%d.pdf", ed.slug, got)
                                     : req_printf(r, "memoria-%s-v%d-%s.pdf", ed.slug, got, lang_code(lang));
  return reply_pdf(r, pdf, len, name, req_printf(r, "\"%s\"", sha));
}

enum MHD_Result api_edition_proceedings_publish_post(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *out = NULL;
  if (e == ERR_OK) {
    if (render_enter(NULL) != ERR_OK) return reply_busy(r);
    e = doc_publish_proceedings(api_db(r), &ed, api_actor(r), time(NULL), &out);
    render_leave(NULL);
  }
  if (e != ERR_OK) return reply_error(r, e, NULL);
  const cJSON *version = cJSON_GetObjectItemCaseSensitive(out, "version");
  return reply_created(r, out, "/api/v1/editions/%s/proceedings.pdf?version=%lld", ed.slug,
                       cJSON_IsNumber(version) ? (long long)version->valuedouble : 0);
}

/* Renders badges for a filter and answers them, or the error. */
static enum MHD_Result reply_badges(struct req *r, const struct edition *ed, struct badge_filter *f, const char *name) {
  unsigned char *pdf = NULL;
  size_t len = 0, count = 0;
  if (render_enter(NULL) != ERR_OK) return reply_busy(r);
  enum err e = doc_badges(api_db(r), ed, f, &pdf, &len, &count);
  render_leave(NULL);
  if (e == ERR_VALIDATION) return reply_error_msg(r, e, "layout", "err.badge.layout");
  if (e == ERR_NOT_FOUND) return reply_error_msg(r, e, NULL, "err.badge.none");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "X-Badge-Count", req_printf(r, "%zu", count));
  return reply_pdf(r, pdf, len, name, NULL);
}

enum MHD_Result api_registration_badge_pdf_get(struct req *r) {
  struct reg_ref ref;
  bool organizer;
  enum err e = registration_access(r, &ref, &organizer);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (strcmp(ref.status, "confirmed") != 0) return reply_error_msg(r, ERR_CONFLICT, NULL, "err.badge.confirmed_only");
  struct badge_filter f = {.layout = req_query(r, "layout") ? req_query(r, "layout") : "a6", .registration_id = ref.id};
  unsigned char *pdf = NULL;
  size_t len = 0;
  bool hit = false;
  e = doc_badge_cached(api_db(r), &ref.edition, &f, &render_gate, &pdf, &len, &hit);
  if (e == ERR_VALIDATION) return reply_error_msg(r, e, "layout", "err.badge.layout");
  if (e == ERR_UNAVAILABLE) return reply_busy(r);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "X-Badge-Cache", hit ? "hit" : "miss");
  return reply_pdf(r, pdf, len, req_printf(r, "credencial-%s.pdf", ref.code), NULL);
}

enum MHD_Result api_edition_badges_pdf_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  const char *type = req_query(r, "type");
  struct badge_filter f = {.layout = req_query(r, "layout"),
                           .type = type && *type ? type : NULL,
                           .codes = req_query(r, "codes"),
                           .unprinted_only = flag(r, "unprinted")};
  return reply_badges(r, &ed, &f, req_printf(r, "credenciales-%s.pdf", ed.slug));
}

enum MHD_Result api_edition_badges_printed_post(struct req *r) {
  static const struct field_rule fields[] = {{.name = "codes", .type = V_TEXT, .max_len = 100000}};
  struct verror ve;
  enum err e = VALIDATE(r->json, fields, VALIDATE_PATCH, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition ed;
  int marked = 0;
  if ((e = api_edition(r, &ed)) == ERR_OK)
    e = doc_mark_printed(api_db(r), &ed, json_str(r->json, "codes"), api_actor(r), &marked);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "marked", marked);
  return reply_json(r, 200, o);
}

static enum MHD_Result reply_certificates(struct req *r, const struct edition *ed, long long registration_id,
                                          const char *name) {
  unsigned char *pdf = NULL;
  size_t len = 0;
  if (render_enter(NULL) != ERR_OK) return reply_busy(r);
  enum err e = doc_certificates(api_db(r), ed, registration_id, &pdf, &len);
  render_leave(NULL);
  if (e == ERR_NOT_FOUND) return reply_error_msg(r, e, NULL, "err.certificate.nobody");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_pdf(r, pdf, len, name, NULL);
}

enum MHD_Result api_registration_certificate_pdf_get(struct req *r) {
  struct reg_ref ref;
  bool organizer;
  enum err e = registration_access(r, &ref, &organizer);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_certificates(r, &ref.edition, ref.id, req_printf(r, "certificado-%s.pdf", ref.code));
}

enum MHD_Result api_edition_certificates_pdf_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_certificates(r, &ed, 0, req_printf(r, "certificados-%s.pdf", ed.slug));
}
