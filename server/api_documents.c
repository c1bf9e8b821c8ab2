/* api_documents.c — the PDF answers: the memoria (latest published version byte for byte, any
 * older version, or a draft preview for organizers), publishing a new version, badges (one for
 * its attendee, print sheets for organizers) and certificates of attendance. Rendering is CPU
 * work, so at most two documents are rendered at once; the rest wait their turn; the memory a
 * render took is returned to the system after it. */
#include <malloc.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "auth.h"
#include "db_proceedings.h"
#include "db_registrations.h"
#include "documents.h"

static sem_t rendering;
static pthread_once_t rendering_once = PTHREAD_ONCE_INIT;
static void rendering_init(void) { sem_init(&rendering, 0, 2); }
static void render_begin(void) {
  pthread_once(&rendering_once, rendering_init);
  sem_wait(&rendering);
}
/* A document's working memory (libharu's objects, the font, the rows) is freed by now: hand it
 * back to the system, so that the next document starts from the same footprint. */
static void render_end(void) {
  sem_post(&rendering);
  malloc_trim(0);
}

static enum MHD_Result reply_pdf(struct req *r, unsigned char *pdf, size_t len, const char *filename, const char *etag) {
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

enum MHD_Result api_edition_proceedings_pdf_get(struct req *r) {
  struct edition ed;
  unsigned char *pdf = NULL;
  size_t len = 0;
  if (flag(r, "draft")) {
    if (!api_is_organizer(r)) return reply_error(r, auth_current(r) ? ERR_FORBIDDEN : ERR_UNAUTHORIZED, NULL);
    enum err e = api_edition(r, &ed);
    if (e != ERR_OK) return reply_error(r, e, NULL);
    render_begin();
    e = doc_proceedings(api_db(r), &ed, time(NULL), &pdf, &len);
    render_end();
    if (e != ERR_OK) return reply_error(r, e, NULL);
    return reply_pdf(r, pdf, len, req_printf(r, "memoria-%s-borrador.pdf", ed.slug), NULL);
  }
  int version = version_param(r);
  if (version < 0) return reply_error_msg(r, ERR_VALIDATION, "version", "version debe ser un número de versión.");
  enum err e = api_proceedings_edition(r, &ed);
  char sha[65];
  int got = 0;
  if (e == ERR_OK) e = db_proceedings_pdf(api_db(r), &ed, version, &pdf, &len, sha, &got);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_pdf(r, pdf, len, req_printf(r, "memoria-%s-v%d.pdf", ed.slug, got), req_printf(r, "\"%s\"", sha));
}

enum MHD_Result api_edition_proceedings_publish_post(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  cJSON *out = NULL;
  if (e == ERR_OK) {
    render_begin();
    e = doc_publish_proceedings(api_db(r), &ed, api_actor(r), time(NULL), &out);
    render_end();
  }
  if (e != ERR_OK) return reply_error(r, e, NULL);
  return reply_json(r, 201, out);
}

/* Renders badges for a filter and answers them, or the error. */
static enum MHD_Result reply_badges(struct req *r, const struct edition *ed, struct badge_filter *f, const char *name) {
  unsigned char *pdf = NULL;
  size_t len = 0, count = 0;
  render_begin();
  enum err e = doc_badges(api_db(r), ed, f, &pdf, &len, &count);
  render_end();
  if (e == ERR_VALIDATION)
    return reply_error_msg(r, e, "layout", "Formato desconocido: use a4-10, a4-8, a6 o cr80.");
  if (e == ERR_NOT_FOUND) return reply_error_msg(r, e, NULL, "No hay credenciales que coincidan.");
  if (e != ERR_OK) return reply_error(r, e, NULL);
  req_add_reply_header(r, "X-Badge-Count", req_printf(r, "%zu", count));
  return reply_pdf(r, pdf, len, name, NULL);
}

enum MHD_Result api_registration_badge_pdf_get(struct req *r) {
  struct reg_ref ref;
  bool organizer;
  enum err e = registration_access(r, &ref, &organizer);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (strcmp(ref.status, "confirmed") != 0)
    return reply_error_msg(r, ERR_CONFLICT, NULL, "La credencial se emite solo para inscripciones confirmadas.");
  struct badge_filter f = {.layout = req_query(r, "layout") ? req_query(r, "layout") : "a6", .registration_id = ref.id};
  return reply_badges(r, &ref.edition, &f, req_printf(r, "credencial-%s.pdf", ref.code));
}

enum MHD_Result api_edition_badges_pdf_get(struct req *r) {
  struct edition ed;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  const char *type = req_query(r, "type");
  struct badge_filter f = {.layout = req_query(r, "layout"), .type = type && *type ? type : NULL,
                           .codes = req_query(r, "codes"), .unprinted_only = flag(r, "unprinted")};
  return reply_badges(r, &ed, &f, req_printf(r, "credenciales-%s.pdf", ed.slug));
}

enum MHD_Result api_edition_badges_printed_post(struct req *r) {
  static const struct field_rule fields[] = {{.name = "codes", .type = V_TEXT, .max_len = 100000}};
  struct verror ve;
  enum err e = VALIDATE(r->json, fields, VALIDATE_PATCH, &ve);
  if (e != ERR_OK) return reply_invalid(r, e, &ve);
  struct edition ed;
  int marked = 0;
  if ((e = api_edition(r, &ed)) == ERR_OK) e = doc_mark_printed(api_db(r), &ed, json_str(r->json, "codes"), api_actor(r), &marked);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "marked", marked);
  return reply_json(r, 200, o);
}

static enum MHD_Result reply_certificates(struct req *r, const struct edition *ed, long long registration_id,
                                          const char *name) {
  unsigned char *pdf = NULL;
  size_t len = 0;
  render_begin();
  enum err e = doc_certificates(api_db(r), ed, registration_id, &pdf, &len);
  render_end();
  if (e == ERR_NOT_FOUND) return reply_error_msg(r, e, NULL, "Nadie ha registrado su asistencia todavía.");
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
