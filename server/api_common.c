/* api_common.c — helpers shared by the API handlers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "http_pubcache.h"
#include "http_req_lang.h"
#include "tz.h"
#include "util.h"

struct db *api_db(struct req *r) {
  (void)r;
  return db_thread();
}

enum MHD_Result reply_created(struct req *r, cJSON *resource, const char *location_fmt, ...) {
  if (!resource) return reply_error(r, ERR_INTERNAL, NULL);
  char location[256]; /* an API path: a slug of at most 64 characters and numeric ids */
  va_list ap;
  va_start(ap, location_fmt);
  vsnprintf(location, sizeof location, location_fmt, ap);
  va_end(ap);
  req_add_reply_header(r, "Location", location);
  return reply_json(r, 201, resource);
}

cJSON *json_detach_where(cJSON *array, const char *key, long long id) {
  cJSON *item;
  cJSON_ArrayForEach(item, array) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, key);
    if (cJSON_IsNumber(v) && (long long)v->valuedouble == id) return cJSON_DetachItemViaPointer(array, item);
  }
  return NULL;
}

enum MHD_Result reply_items(struct req *r, cJSON *items, long long total) {
  cJSON *o = cJSON_CreateObject();
  if (total < 0) total = cJSON_GetArraySize(items);
  cJSON_AddItemToObject(o, "items", items);
  cJSON_AddNumberToObject(o, "total", (double)total);
  return reply_json(r, 200, o);
}

const char *api_utc_field(struct req *r, const char *name, const char *zone) {
  const char *v = json_str(r->json, name);
  struct tz_instant_parts p;
  if (!v || !tz_parse_instant(v, &p)) return NULL;
  char *out = req_alloc(r, 21);
  utc_iso(tz_to_utc(&p, zone), out);
  return out;
}

enum err api_edition(struct req *r, struct edition *ed) {
  struct db *db = api_db(r);
  enum err e = db_editions_lookup(db, req_param(r, 0), ed);
  if (e == ERR_OK && strcmp(ed->status, "draft") == 0 && !api_is_organizer(r))
    return r->user_error != ERR_OK ? r->user_error : ERR_NOT_FOUND; /* a failed credential lookup is no answer */
  return e;
}

/* A write parked for the group commit. */
struct parked_write {
  struct req *r;
  void *arg;
  write_reply_fn *reply;
  enum err result;
};

static void write_committed(void *cls, enum err result) { /* on the writer thread */
  struct parked_write *w = cls;
  w->result = result;
  req_resume(w->r);
}

static enum MHD_Result write_resumed(struct req *r, void *cls) {
  struct parked_write *w = cls;
  return w->reply(r, w->result, w->arg);
}

enum MHD_Result api_write(struct req *r, write_fn *fn, void *arg, write_reply_fn *reply) {
  if (!writer_running()) return reply(r, writer_run(fn, arg), arg);
  struct parked_write *w = req_alloc(r, sizeof *w);
  *w = (struct parked_write){.r = r, .arg = arg, .reply = reply};
  req_suspend(r, write_resumed, w); /* before queuing: the writer may answer at once */
  writer_submit(fn, arg, write_committed, w);
  return MHD_YES;
}

bool api_is_organizer(struct req *r) {
  const struct user *u = auth_current(r);
  return u && u->role >= ROLE_ORGANIZER;
}

static long long parse_nonneg(const char *s, long long max) {
  if (!s || !*s || strlen(s) > 18) return -1;
  long long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    v = v * 10 + (*p - '0');
  }
  return v <= max ? v : -1;
}

long long api_id_param(struct req *r, int i) {
  long long v = parse_nonneg(req_param(r, i), 1LL << 53);
  return v > 0 ? v : -1;
}

enum err api_page(struct req *r, int *limit, int *offset, struct verror *ve) {
  const char *l = req_query(r, "limit"), *o = req_query(r, "offset");
  long long lv = l ? parse_nonneg(l, 500) : 50, ov = o ? parse_nonneg(o, 1LL << 31) : 0;
  if (lv < 1) {
    verror_set(ve, "limit", "err.list.limit");
    return ERR_VALIDATION;
  }
  if (ov < 0) {
    verror_set(ve, "offset", "err.list.offset");
    return ERR_VALIDATION;
  }
  *limit = (int)lv;
  *offset = (int)ov;
  return ERR_OK;
}

long long api_actor(struct req *r) { return r->user_loaded && r->user.id > 0 ? r->user.id : 0; }

enum MHD_Result reply_invalid(struct req *r, enum err e, const struct verror *ve) {
  if (!ve->message[0]) return reply_error(r, e, ve->field);
  char text[sizeof ve->message * 2];
  verror_text(ve, req_accept_lang(r), text, sizeof text);
  cJSON *extra = cJSON_CreateObject();
  cJSON_AddStringToObject(extra, "message", text);
  return reply_error_extra(r, e, ve->field, extra);
}

enum MHD_Result reply_edition_cached(struct req *r, const char *what, edition_build_fn *build, const char *type) {
  /* the key "what:slug", joined by hand: formatting it cost more than the rest of a cached read */
  const char *slug = req_param(r, 0);
  size_t what_len = strlen(what), slug_len = strlen(slug);
  char *key = req_alloc(r, what_len + slug_len + 2);
  memcpy(key, what, what_len);
  key[what_len] = ':';
  memcpy(key + what_len + 1, slug, slug_len + 1);
  enum MHD_Result ret;
  if (pubcache_hit(r, key, &ret)) return ret; /* only public editions are ever stored */
  struct edition ed;
  enum err e = api_edition(r, &ed);
  if (e != ERR_OK) return reply_error(r, e, NULL);
  if (strcmp(ed.status, "draft") != 0) return pubcache_reply(r, key, build);
  struct sbuf out = {0};
  e = build(r, &out, &type);
  if (e != ERR_OK) {
    sbuf_free(&out);
    return reply_error(r, e, NULL);
  }
  size_t len = out.len;
  return reply_bytes(r, 200, type, sbuf_steal(&out), len, MHD_RESPMEM_MUST_FREE);
}
