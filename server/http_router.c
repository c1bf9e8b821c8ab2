/* http_router.c — matching paths against the route table and the order of checks before a handler
 * runs. The table itself lives in http_routes.c; this file holds no knowledge of any resource. */
#include "http_router.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "db.h"
#include "http_static_files.h"
#include "util.h"
#include "validate.h"

static const struct {
  const char *name;
  unsigned bit;
} method_names[] = {{"GET", M_GET}, {"HEAD", M_HEAD},   {"POST", M_POST},
                    {"PUT", M_PUT}, {"PATCH", M_PATCH}, {"DELETE", M_DELETE}};

unsigned method_bit(const char *method) {
  for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++)
    if (strcmp(method, method_names[i].name) == 0) return method_names[i].bit;
  return 0;
}

void router_allow_header(unsigned methods, char *out, size_t size) {
  if (methods & M_GET) methods |= M_HEAD;
  out[0] = '\0';
  for (size_t i = 0; i < sizeof method_names / sizeof method_names[0]; i++) {
    if (!(methods & method_names[i].bit)) continue;
    if (out[0]) strncat(out, ", ", size - strlen(out) - 1);
    strncat(out, method_names[i].name, size - strlen(out) - 1);
  }
}

bool route_pattern_match(const char *pat, const char *path, struct span *params, int *nparams) {
  int n = 0;
  while (*pat && *path) {
    if (*pat != '/' || *path != '/') return false;
    pat++;
    path++;
    const char *pe = strchrnul(pat, '/'), *se = strchrnul(path, '/');
    if (*pat == '{') {
      if (se == path || n >= MAX_PATH_PARAMS) return false;
      params[n].start = path;
      params[n].len = (size_t)(se - path);
      n++;
    } else if (pe - pat != se - path || memcmp(pat, path, (size_t)(pe - pat)) != 0) {
      return false;
    }
    pat = pe;
    path = se;
  }
  if (*pat || *path) return false;
  *nparams = n;
  return true;
}

/* What a path needs for a pattern to match it: as many segments (a parameter is one segment) and,
 * when the pattern ends in a literal, the same last segment. Comparing shapes first passes over
 * most of the route table with two integer compares a route. */
struct path_shape {
  size_t segments;  /* the number of '/' */
  const char *last; /* the last segment (after the last '/'); NULL: a parameter, any will do */
  size_t last_len;
};

static struct path_shape shape_of(const char *path) {
  struct path_shape s = {0, path, 0};
  for (const char *p = path; *p; p++)
    if (*p == '/') {
      s.segments++;
      s.last = p + 1;
    }
  s.last_len = strlen(s.last);
  return s;
}

static struct path_shape *route_shapes; /* one per routes[i], made once */
static pthread_once_t route_shapes_once = PTHREAD_ONCE_INIT;

static void make_route_shapes(void) {
  route_shapes = xcalloc(routes_count, sizeof *route_shapes);
  for (size_t i = 0; i < routes_count; i++) {
    route_shapes[i] = shape_of(routes[i].pattern);
    if (route_shapes[i].last[0] == '{') route_shapes[i].last = NULL;
  }
}

static bool shape_fits(const struct path_shape *pattern, const struct path_shape *path) {
  if (pattern->segments != path->segments) return false;
  return !pattern->last ||
         (pattern->last_len == path->last_len && memcmp(pattern->last, path->last, path->last_len) == 0);
}

void router_find(struct req *r) {
  pthread_once(&route_shapes_once, make_route_shapes);
  unsigned want = method_bit(r->method);
  if (want == M_HEAD) want = M_GET;
  struct span spans[MAX_PATH_PARAMS];
  int n = 0;
  r->body_cap = 64 * 1024; /* pages, static files and unknown paths take no real body */
  const struct path_shape path = shape_of(r->path);
  /* the first route of the path and method wins; only when none does is the whole table read,
   * which also gathers every method the path allows (for 405's Allow) */
  for (size_t i = 0; i < routes_count && !r->route; i++) {
    const struct route *rt = &routes[i];
    if (!shape_fits(&route_shapes[i], &path) || !route_pattern_match(rt->pattern, r->path, spans, &n)) continue;
    if (rt->method == want) r->route = rt;
    else r->route_methods |= rt->method;
  }
  if (!r->route) return;
  r->route_methods = 0;
  for (int i = 0; i < n; i++) {
    char *p = req_alloc(r, spans[i].len + 1);
    memcpy(p, spans[i].start, spans[i].len);
    p[spans[i].len] = '\0';
    r->params[i] = p;
  }
  r->body_cap = r->route->body_cap ? r->route->body_cap : JSON_BODY_CAP;
}

static enum MHD_Result reply_method_not_allowed(struct req *r, unsigned methods) {
  char allow[64];
  router_allow_header(methods, allow, sizeof allow);
  req_add_reply_header(r, "Allow", allow);
  return reply_error(r, ERR_METHOD_NOT_ALLOWED, NULL);
}

static bool is_json_content_type(const char *ct) {
  if (!ct) return false;
  size_t n = strlen("application/json");
  return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Parses a JSON body into r->json; ERR_OK or the error to answer. */
static enum err parse_json_body(struct req *r) {
  bool body_expected = method_bit(r->method) != M_DELETE;
  if (r->body_len == 0 && !body_expected) return ERR_OK;
  if (!is_json_content_type(req_header(r, "Content-Type"))) return ERR_UNSUPPORTED_MEDIA;
  if (r->body_len == 0 || memchr(r->body, '\0', r->body_len) || !json_text_acceptable(r->body, r->body_len, 64))
    return ERR_BAD_REQUEST;
  r->json = cJSON_ParseWithLengthOpts(r->body, r->body_len + 1, NULL, 1);
  if (!r->json || !cJSON_IsObject(r->json)) return ERR_BAD_REQUEST;
  return ERR_OK;
}

/* A write route that takes no body still refuses a body type other than JSON, so that a plain HTML
 * form (urlencoded, multipart, text/plain: the types a browser sends across origins without
 * asking) cannot reach it. */
static enum err check_no_body_type(struct req *r) {
  const char *ct = req_header(r, "Content-Type");
  return !ct || is_json_content_type(ct) ? ERR_OK : ERR_UNSUPPORTED_MEDIA;
}

/* The body checks of the route's kind: ERR_OK or the error to answer. */
static enum err check_body(struct req *r) {
  if (r->route->body == BODY_JSON) return parse_json_body(r);
  if (r->route->body == BODY_NONE && req_is_write(r)) return check_no_body_type(r);
  return ERR_OK;
}

/* A write authenticated by the session cookie must show that one of our pages sent it: Origin
 * (which auth_cross_origin_cookie compares with ours) or Sec-Fetch-Site: same-origin. Browsers
 * send at least one of them on every write; one that carries neither is refused. Only looked
 * up when both are missing, and only the cookie counts (a bearer token is never sent by a
 * browser on its own). */
static bool cookie_write_of_unknown_origin(struct req *r) {
  if (req_header(r, "Origin")) return false;
  const char *site = req_header(r, "Sec-Fetch-Site");
  if (site && strcmp(site, "same-origin") == 0) return false;
  return auth_current(r) && r->via == AUTH_COOKIE;
}

static bool write_from_elsewhere(struct req *r) {
  return req_is_write(r) && (auth_cross_origin_cookie(r) || cookie_write_of_unknown_origin(r));
}

enum MHD_Result router_dispatch(struct req *r) {
  if (r->too_big) return reply_error(r, ERR_PAYLOAD_TOO_LARGE, NULL);
  bool api = strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0;
  if (!r->route) {
    if (r->route_methods) return reply_method_not_allowed(r, r->route_methods);
    if (api) return reply_error(r, ERR_NOT_FOUND, NULL);
    unsigned m = method_bit(r->method);
    if (m != M_GET && m != M_HEAD) return reply_method_not_allowed(r, M_GET);
    return static_serve(r);
  }
  enum err body_error = check_body(r);
  if (body_error != ERR_OK) return reply_error(r, body_error, NULL);
  if (write_from_elsewhere(r)) return reply_error(r, ERR_FORBIDDEN, NULL);
  /* every handler may count on its thread's database (api_db): without one, 503 here, once */
  if (!db_thread()) return reply_error(r, ERR_UNAVAILABLE, NULL);
  if (r->route->min_role != ROLE_NONE) {
    enum err e = auth_check(r, r->route->min_role);
    const char *why = e != ERR_OK ? auth_refusal_message(r, e) : NULL;
    if (why) return reply_error_msg(r, e, NULL, why);
    if (e != ERR_OK) return reply_error(r, e, NULL);
  }
  return r->route->handler(r);
}
