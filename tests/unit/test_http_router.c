/* test_http_router.c — server/http_router.c, server/http_routes.c and server/http_static_files.c: path pattern
 * matching with {parameters}, method names, the Allow header, route lookup (405 vs 404 vs
 * static), the route table's shape and roles (API.md), and the mapping of page URLs to files
 * under web/ with every way out of web/ refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "http_router.h"
#include "http_static_files.h"

static void test_pattern_literal(void **state) {
  (void)state;
  struct span p[MAX_PATH_PARAMS];
  int n = -1;
  assert_true(route_pattern_match("/", "/", p, &n));
  assert_int_equal(n, 0);
  assert_true(route_pattern_match("/healthz", "/healthz", p, &n));
  assert_int_equal(n, 0);
  assert_true(route_pattern_match("/api/v1/editions", "/api/v1/editions", p, &n));
  assert_false(route_pattern_match("/healthz", "/healthzz", p, &n));
  assert_false(route_pattern_match("/healthz", "/health", p, &n));
  assert_false(route_pattern_match("/healthz", "/Healthz", p, &n));
  assert_false(route_pattern_match("/healthz", "/healthz/", p, &n));  /* trailing slash */
  assert_false(route_pattern_match("/healthz", "/healthz/x", p, &n)); /* extra segment */
  assert_false(route_pattern_match("/api/v1/editions", "/api/v1", p, &n));
  assert_false(route_pattern_match("/api/v1/editions", "/api//v1/editions", p, &n));
  assert_false(route_pattern_match("/", "", p, &n));
  assert_false(route_pattern_match("/healthz", "healthz", p, &n));
  assert_false(route_pattern_match("/", "/x", p, &n));
  assert_false(route_pattern_match("/x", "/", p, &n));
}

static void test_pattern_params(void **state) {
  (void)state;
  struct span p[MAX_PATH_PARAMS];
  int n = -1;
  const char *path = "/api/v1/editions/latacunga-2024";
  assert_true(route_pattern_match("/api/v1/editions/{slug}", path, p, &n));
  assert_int_equal(n, 1);
  assert_int_equal(p[0].len, strlen("latacunga-2024"));
  assert_ptr_equal(p[0].start, path + strlen("/api/v1/editions/"));
  assert_memory_equal(p[0].start, "latacunga-2024", p[0].len);

  const char *two = "/api/v1/sessions/12/participants/345";
  assert_true(route_pattern_match("/api/v1/sessions/{id}/participants/{person_id}", two, p, &n));
  assert_int_equal(n, 2);
  assert_int_equal(p[0].len, 2);
  assert_memory_equal(p[0].start, "12", 2);
  assert_int_equal(p[1].len, 3);
  assert_memory_equal(p[1].start, "345", 3);

  /* a parameter takes exactly one segment: not an empty one, not two */
  assert_false(route_pattern_match("/api/v1/editions/{slug}", "/api/v1/editions/", p, &n));
  assert_false(route_pattern_match("/api/v1/editions/{slug}", "/api/v1/editions", p, &n));
  assert_false(route_pattern_match("/api/v1/editions/{slug}", "/api/v1/editions/a/b", p, &n));
  assert_false(route_pattern_match("/api/v1/editions/{slug}", "/api/v1/editions/a/", p, &n));
  assert_false(route_pattern_match("/api/v1/editions/{slug}/sessions", "/api/v1/editions//sessions", p, &n));
  /* UTF-8 in a parameter is kept as bytes */
  assert_true(route_pattern_match("/e/{slug}", "/e/ñandú", p, &n));
  assert_int_equal(p[0].len, strlen("ñandú"));
}

static void test_pattern_literal_with_dot(void **state) {
  (void)state;
  struct span p[MAX_PATH_PARAMS];
  int n = -1;
  const char *pat = "/api/v1/editions/{slug}/schedule.ics";
  assert_true(route_pattern_match(pat, "/api/v1/editions/latacunga-2024/schedule.ics", p, &n));
  assert_int_equal(n, 1);
  assert_int_equal(p[0].len, strlen("latacunga-2024"));
  assert_false(route_pattern_match(pat, "/api/v1/editions/latacunga-2024/schedule.ICS", p, &n));
  assert_false(route_pattern_match(pat, "/api/v1/editions/latacunga-2024/schedule.icsx", p, &n));
  assert_false(route_pattern_match(pat, "/api/v1/editions/latacunga-2024/scheduleXics", p, &n));
  assert_false(route_pattern_match(pat, "/api/v1/editions/latacunga-2024/schedule", p, &n));
  assert_false(route_pattern_match(pat, "/api/v1/editions/latacunga-2024/schedule.ics/", p, &n));
}

static void test_pattern_too_many_params(void **state) {
  (void)state;
  /* never more spans than the array holds (MAX_PATH_PARAMS = 4): refused, not overflowed */
  struct span p[MAX_PATH_PARAMS];
  int n = -1;
  assert_true(route_pattern_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", p, &n));
  assert_int_equal(n, 4);
  assert_memory_equal(p[3].start, "4", 1);
  assert_false(route_pattern_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", p, &n));
}

static void test_method_bit(void **state) {
  (void)state;
  assert_int_equal(method_bit("GET"), M_GET);
  assert_int_equal(method_bit("HEAD"), M_HEAD);
  assert_int_equal(method_bit("POST"), M_POST);
  assert_int_equal(method_bit("PUT"), M_PUT);
  assert_int_equal(method_bit("PATCH"), M_PATCH);
  assert_int_equal(method_bit("DELETE"), M_DELETE);
  assert_int_equal(method_bit("get"), 0); /* methods are case-sensitive (RFC 9110) */
  assert_int_equal(method_bit("OPTIONS"), 0);
  assert_int_equal(method_bit("TRACE"), 0);
  assert_int_equal(method_bit(""), 0);
  assert_int_equal(method_bit("GETX"), 0);
  assert_int_equal(method_bit("GE"), 0);
}

static void test_allow_header(void **state) {
  (void)state;
  char out[64];
  router_allow_header(M_GET, out, sizeof out);
  assert_string_equal(out, "GET, HEAD");
  router_allow_header(M_GET | M_PATCH, out, sizeof out);
  assert_string_equal(out, "GET, HEAD, PATCH");
  router_allow_header(M_POST, out, sizeof out);
  assert_string_equal(out, "POST");
  router_allow_header(M_GET | M_POST | M_DELETE, out, sizeof out);
  assert_string_equal(out, "GET, HEAD, POST, DELETE");
  router_allow_header(M_GET | M_HEAD | M_POST | M_PUT | M_PATCH | M_DELETE, out, sizeof out);
  assert_string_equal(out, "GET, HEAD, POST, PUT, PATCH, DELETE");
  router_allow_header(0, out, sizeof out);
  assert_string_equal(out, "");
  /* a short buffer is truncated, never overrun (ASan checks the last byte) */
  char small[8];
  router_allow_header(M_GET | M_POST | M_DELETE, small, sizeof small);
  assert_true(strlen(small) < sizeof small);
  assert_memory_equal(small, "GET, HE", strlen(small));
}

static void test_router_find(void **state) {
  (void)state;
  struct req r;
  /* a route without parameters: found, body cap is the JSON cap */
  memset(&r, 0, sizeof r);
  r.method = "GET";
  r.path = "/api/v1/editions";
  router_find(&r);
  assert_non_null(r.route);
  assert_int_equal(r.route->method, M_GET);
  assert_string_equal(r.route->pattern, "/api/v1/editions");
  assert_int_equal(r.body_cap, JSON_BODY_CAP);

  /* HEAD answers with the GET route */
  memset(&r, 0, sizeof r);
  r.method = "HEAD";
  r.path = "/healthz";
  router_find(&r);
  assert_non_null(r.route);
  assert_int_equal(r.route->method, M_GET);

  /* POST and GET on one path pick different handlers */
  memset(&r, 0, sizeof r);
  r.method = "POST";
  r.path = "/api/v1/editions";
  router_find(&r);
  assert_non_null(r.route);
  assert_int_equal(r.route->method, M_POST);

  /* the path exists, the method does not: no route, but the allowed methods are known (→ 405) */
  memset(&r, 0, sizeof r);
  r.method = "DELETE";
  r.path = "/api/v1/editions/latacunga-2024";
  router_find(&r);
  assert_null(r.route);
  assert_int_equal(r.route_methods, M_GET | M_PATCH);
  memset(&r, 0, sizeof r);
  r.method = "PUT";
  r.path = "/api/v1/session";
  router_find(&r);
  assert_null(r.route);
  assert_int_equal(r.route_methods, M_GET | M_POST | M_DELETE);

  /* unknown paths and pages: no route and no methods (→ 404 for /api, static file otherwise) */
  static const char *const none[] = {
      "/api/v1/nope",  "/api/v1/editions/",     "/", "/login", "/admin", "/e/latacunga-2024",
      "/css/site.css", "/api/v1/editions/a/b/c"};
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
    memset(&r, 0, sizeof r);
    r.method = "GET";
    r.path = none[i];
    router_find(&r);
    if (r.route || r.route_methods) fail_msg("%s should match no route", none[i]);
    assert_true(r.body_cap > 0 && r.body_cap < JSON_BODY_CAP);
  }
}

/* The plain reading of the table that router_find must agree with: the first route whose pattern
 * matches and whose method is wanted; otherwise the methods of every route the path matches. */
static void reference_find(const char *method, const char *path, const struct route **route, unsigned *methods,
                           struct span *p, int *n) {
  unsigned want = method_bit(method) == M_HEAD ? M_GET : method_bit(method);
  *route = NULL;
  *methods = 0;
  for (size_t i = 0; i < routes_count; i++) {
    if (!route_pattern_match(routes[i].pattern, path, p, n)) continue;
    if (routes[i].method == want) {
      *route = &routes[i];
      *methods = 0;
      return;
    }
    *methods |= routes[i].method;
  }
}

/* router_find passes over routes by their shape (segments, last literal) before matching: for
 * every route's path and its near misses, in every method, it finds what the whole table does. */
static void test_router_find_agrees_with_table(void **state) {
  (void)state;
  static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
  static const char *const tails[] = {"", "/", "/x", "/x/y", "x", "/.."};
  size_t checked = 0;
  for (size_t i = 0; i < routes_count; i++) {
    char concrete[512] = "", cut[512];
    for (const char *p = routes[i].pattern; *p; p++) {
      if (*p == '{') {
        strcat(concrete, "v1");
        p = strchr(p, '}');
      } else {
        strncat(concrete, p, 1);
      }
    }
    strcpy(cut, concrete);
    char *slash = strrchr(cut, '/');
    if (slash) slash[slash == cut ? 1 : 0] = '\0'; /* the parent path */
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
      for (int base = 0; base < 2; base++) {
        char path[600];
        snprintf(path, sizeof path, "%s%s", base ? cut : concrete, tails[t]);
        for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
          const struct route *want;
          unsigned want_methods;
          struct span params[MAX_PATH_PARAMS];
          int n = 0;
          reference_find(methods[m], path, &want, &want_methods, params, &n);
          struct req r;
          memset(&r, 0, sizeof r);
          r.method = methods[m];
          r.path = path;
          router_find(&r);
          if (r.route != want || r.route_methods != want_methods)
            fail_msg("%s %s: router_find gave %s (methods %u), the table %s (methods %u)", methods[m], path,
                     r.route ? r.route->pattern : "none", r.route_methods, want ? want->pattern : "none", want_methods);
          for (int k = 0; want && k < n; k++) {
            assert_int_equal(strlen(r.params[k]), params[k].len);
            assert_memory_equal(r.params[k], params[k].start, params[k].len);
          }
          req_free_scratch(&r);
          checked++;
        }
      }
  }
  assert_true(checked > routes_count * 60);
}

static int count_params(const char *pattern) {
  int n = 0;
  for (const char *p = pattern; *p; p++) n += *p == '{';
  return n;
}

static const struct route *find_route(unsigned method, const char *pattern) {
  for (size_t i = 0; i < routes_count; i++)
    if (routes[i].method == method && strcmp(routes[i].pattern, pattern) == 0) return &routes[i];
  return NULL;
}

static void test_route_table_shape(void **state) {
  (void)state;
  assert_true(routes_count > 0);
  for (size_t i = 0; i < routes_count; i++) {
    const struct route *rt = &routes[i];
    assert_non_null(rt->handler);
    assert_int_equal(rt->pattern[0], '/');
    /* one method bit per route, never HEAD (it follows GET) */
    assert_true(rt->method == M_GET || rt->method == M_POST || rt->method == M_PUT || rt->method == M_PATCH ||
                rt->method == M_DELETE);
    assert_true(count_params(rt->pattern) <= MAX_PATH_PARAMS);
    /* writes with a body take JSON (or raw bytes); reads take none. PATCH and PUT always carry
     * a body; a POST may be a bodiless action on one identified resource (".../{code}/manage-link"),
     * which then needs a login */
    if ((rt->method == M_PATCH || rt->method == M_PUT) && rt->body == BODY_NONE)
      fail_msg("write route %s takes no body", rt->pattern);
    if (rt->method == M_POST && rt->body == BODY_NONE) {
      if (!strstr(rt->pattern, "}/")) fail_msg("bodiless POST %s acts on no identified resource", rt->pattern);
      if (rt->min_role == ROLE_NONE) fail_msg("bodiless POST %s is public", rt->pattern);
    }
    if (rt->method == M_GET) assert_int_equal(rt->body, BODY_NONE);
    for (size_t j = i + 1; j < routes_count; j++)
      if (routes[j].method == rt->method && strcmp(routes[j].pattern, rt->pattern) == 0)
        fail_msg("route %s %s listed twice", rt->pattern, routes[j].pattern);
  }
}

/* The POSTs that carry data take JSON. */
static void test_data_posts_take_json(void **state) {
  (void)state;
  static const char *const posts[] = {"/api/v1/session", "/api/v1/users", "/api/v1/editions",
                                      "/api/v1/editions/{slug}/registrations"};
  for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
    const struct route *r = find_route(M_POST, posts[i]);
    if (!r) fail_msg("no POST %s", posts[i]);
    if (r->body != BODY_JSON) fail_msg("POST %s does not take JSON", posts[i]);
  }
}

static void test_route_roles(void **state) {
  (void)state;
  /* API.md: users and audit are admin only; editions are a public read and an organizer write */
  for (size_t i = 0; i < routes_count; i++) {
    if (strncmp(routes[i].pattern, "/api/v1/users", 13) == 0 || strncmp(routes[i].pattern, "/api/v1/audit", 13) == 0)
      if (routes[i].min_role != ROLE_ADMIN) fail_msg("%s is not admin-only", routes[i].pattern);
  }
  const struct route *r;
  assert_non_null(r = find_route(M_GET, "/api/v1/editions"));
  assert_int_equal(r->min_role, ROLE_NONE);
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}"));
  assert_int_equal(r->min_role, ROLE_NONE);
  assert_non_null(r = find_route(M_POST, "/api/v1/editions"));
  assert_int_equal(r->min_role, ROLE_ORGANIZER);
  assert_non_null(r = find_route(M_PATCH, "/api/v1/editions/{slug}"));
  assert_int_equal(r->min_role, ROLE_ORGANIZER);
  assert_non_null(r = find_route(M_POST, "/api/v1/session"));
  assert_int_equal(r->min_role, ROLE_NONE); /* logging in needs no login */
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}/sessions"));
  assert_int_equal(r->min_role, ROLE_NONE);
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}/people"));
  assert_int_equal(r->min_role, ROLE_NONE);
  /* registrations: anyone may register and manage their own (the token decides); the lists,
   * exports, outbox and new links are the organizers'; counts are for the door staff too */
  assert_non_null(r = find_route(M_POST, "/api/v1/editions/{slug}/registrations"));
  assert_int_equal(r->min_role, ROLE_NONE);
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}/registrations"));
  assert_int_equal(r->min_role, ROLE_ORGANIZER);
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}/registrations.csv"));
  assert_int_equal(r->min_role, ROLE_ORGANIZER);
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}/outbox"));
  assert_int_equal(r->min_role, ROLE_ORGANIZER);
  assert_non_null(r = find_route(M_GET, "/api/v1/editions/{slug}/stats"));
  assert_true(r->min_role >= ROLE_STAFF);
  assert_non_null(r = find_route(M_POST, "/api/v1/registrations/{code}/manage-link"));
  assert_int_equal(r->min_role, ROLE_ORGANIZER);
}

/* Asserts that url maps to want (NULL: refused). */
static void expect_map(const char *url, const char *want) {
  char out[600];
  memset(out, 'X', sizeof out);
  const char *got = static_map_path(url, out, sizeof out);
  if (want == NULL) {
    if (got != NULL) fail_msg("static_map_path(\"%s\") = \"%s\", want refused", url, got);
    return;
  }
  if (got == NULL) fail_msg("static_map_path(\"%s\") refused, want \"%s\"", url, want);
  if (strcmp(got, want) != 0) fail_msg("static_map_path(\"%s\") = \"%s\", want \"%s\"", url, got, want);
}

static void test_static_pages(void **state) {
  (void)state;
  expect_map("/", "index.html");
  expect_map("/e/latacunga-2024", "edition.html");
  expect_map("/e/pastaza-2025", "edition.html");
  expect_map("/login", "login.html");
  expect_map("/admin", "admin/index.html");
  expect_map("/css/site.css", "css/site.css");
  expect_map("/js/app.mjs", "js/app.mjs");
  expect_map("/favicon.ico", "favicon.ico");
  expect_map("/vendor/qr-scanner/qr-scanner.min.js", "vendor/qr-scanner/qr-scanner.min.js");
}

static void test_static_refused(void **state) {
  (void)state;
  static const char *const refused[] = {
      "/../etc/passwd",
      "/..",
      "/css/..",
      "/css/../../x",
      "/css/../index.html",
      "/.git/config",
      "/.env",
      "/css/.hidden",
      "/a\\b",
      "/..\\..\\etc\\passwd",
      "//etc",
      "//etc/passwd",
      "/css//site.css",
      "/css/./x",
      "/./index.html",
      "/.",
      "",
      "css/site.css",
      "/css/\x01site.css",
      "/css/site.css\n",
  };
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) expect_map(refused[i], NULL);
  /* very long paths are refused */
  char longpath[1200] = "/";
  for (int i = 0; i < 100; i++) strcat(longpath, "abcdefghi/");
  strcat(longpath, "x.css");
  expect_map(longpath, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pattern_literal),
      cmocka_unit_test(test_pattern_params),
      cmocka_unit_test(test_pattern_literal_with_dot),
      cmocka_unit_test(test_pattern_too_many_params),
      cmocka_unit_test(test_method_bit),
      cmocka_unit_test(test_allow_header),
      cmocka_unit_test(test_router_find),
      cmocka_unit_test(test_router_find_agrees_with_table),
      cmocka_unit_test(test_route_table_shape),
      cmocka_unit_test(test_data_posts_take_json),
      cmocka_unit_test(test_route_roles),
      cmocka_unit_test(test_static_pages),
      cmocka_unit_test(test_static_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
