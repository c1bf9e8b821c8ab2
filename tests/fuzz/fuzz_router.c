/* fuzz_router.c — libFuzzer target for the path matching every request goes through: each
 * pattern of the route table (http_routes.c) and of the page table (http_static_files.c) against
 * arbitrary paths, and static_map_path(), which decides which file under web/ a path may name.
 * The input is tried as it comes and after libmicrohttpd's own percent-decoding (the server
 * sees decoded paths, so "%2e%2e" arrives as ".."; "%00" cuts the path). Checks:
 *   - a match has exactly one non-empty, slash-free parameter per {name}, inside the path, and
 *     putting the parameters back into the pattern gives the path again;
 *   - a path static_map_path accepts maps to a relative name with no "..", ".", empty or
 *     dot-file segment, no backslash, no control character and no leading "/". */
#include <microhttpd.h>
#include <stdbool.h>

#include "fuzz.h"
#include "http_router.h"
#include "http_static_files.h"

static const char *const page_patterns[] = {
    "/",
    "/e/{slug}",
    "/e/{slug}/inscripcion",
    "/r/{code}",
    "/privacidad",
    "/login",
    "/admin",
    "/admin/e/{slug}/inscripciones",
    "/admin/e/{slug}/programa",
    "/admin/e/{slug}/credenciales",
    "/admin/e/{slug}/puerta",
    "/admin/e/{slug}/memoria",
    "/checkin",
    "/e/{slug}/memoria",
    "/v/{code}",
};

static int count_params(const char *pattern) {
  int n = 0;
  for (const char *p = pattern; *p; p++) n += *p == '{';
  return n;
}

static void check_match(const char *pattern, const char *path) {
  struct span params[MAX_PATH_PARAMS];
  int n = -1;
  if (!route_pattern_match(pattern, path, params, &n)) return;
  FUZZ_CHECK(n == count_params(pattern), "%s matched %s with %d parameters", pattern, path, n);
  size_t path_len = strlen(path);
  char rebuilt[8192];
  size_t o = 0;
  int k = 0;
  for (const char *p = pattern; *p;) {
    if (*p == '{') {
      FUZZ_CHECK(k < n, "parameter count");
      const struct span *s = &params[k++];
      FUZZ_CHECK(s->len > 0 && s->start >= path && s->start + s->len <= path + path_len, "span outside the path");
      FUZZ_CHECK(memchr(s->start, '/', s->len) == NULL, "parameter holds a slash: %s ~ %s", pattern, path);
      if (o + s->len < sizeof rebuilt) memcpy(rebuilt + o, s->start, s->len);
      o += s->len;
      p = strchr(p, '}') + 1;
    } else {
      if (o + 1 < sizeof rebuilt) rebuilt[o] = *p;
      o++;
      p++;
    }
  }
  if (o < sizeof rebuilt) {
    rebuilt[o] = '\0';
    FUZZ_CHECK(strcmp(rebuilt, path) == 0, "pattern %s matched %s but rebuilds %s", pattern, path, rebuilt);
  }
}

/* A page URL maps to one of the page table's HTML files; any other path to itself. */
static bool is_page_file(const char *f) {
  size_t n = strlen(f);
  return n > 5 && strcmp(f + n - 5, ".html") == 0 && !strchr(f, '{');
}

static void check_static(const char *path) {
  char out[600];
  const char *rel = static_map_path(path, out, sizeof out);
  if (!rel) return;
  FUZZ_CHECK(rel == out, "static_map_path returned another buffer");
  FUZZ_CHECK(rel[0] != '/' && rel[0] != '\0', "absolute or empty mapping for %s: %s", path, rel);
  FUZZ_CHECK(!strchr(rel, '\\'), "backslash in %s", rel);
  for (const char *seg = rel; *seg;) {
    const char *end = strchrnul(seg, '/');
    size_t len = (size_t)(end - seg);
    FUZZ_CHECK(len > 0, "empty segment in %s (from %s)", rel, path);
    FUZZ_CHECK(seg[0] != '.', "dot segment or dot-file in %s (from %s)", rel, path);
    for (const char *c = seg; c < end; c++) FUZZ_CHECK((unsigned char)*c >= 0x20, "control byte in %s", rel);
    seg = *end ? end + 1 : end;
  }
  FUZZ_CHECK(is_page_file(rel) || strcmp(rel, path + 1) == 0, "%s mapped to an unexpected %s", path, rel);
}

static void check_path(const char *path) {
  for (size_t i = 0; i < routes_count; i++) check_match(routes[i].pattern, path);
  for (size_t i = 0; i < sizeof page_patterns / sizeof page_patterns[0]; i++) check_match(page_patterns[i], path);
  check_static(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *path = fuzz_cstr(data, size);
  check_path(path);
  MHD_http_unescape(path); /* what the server is handed for "GET <path> HTTP/1.1" */
  check_path(path);
  /* method names and the Allow header: any text, any set of bits */
  unsigned bit = method_bit(path);
  FUZZ_CHECK(bit == 0 || (bit & (bit - 1)) == 0, "method_bit gave several bits");
  char allow[64];
  router_allow_header(size ? data[0] : 0u, allow, sizeof allow);
  FUZZ_CHECK(strlen(allow) < sizeof allow, "Allow header overflow");
  free(path);
  return 0;
}
