/* static_files.c — the static file server behind the pages. */
#include "static_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "page_text.h"
#include "req_lang.h"
#include "router.h"
#include "util.h"

static char root[PATH_MAX];

static const struct {
  const char *pattern; /* route pattern of a page */
  const char *file;    /* its HTML file under web/ (staff pages under admin/ are always in Spanish) */
} pages[] = {
    {"/", "index.html"},
    {"/e/{slug}", "edition.html"},
    {"/e/{slug}/inscripcion", "register.html"},
    {"/e/{slug}/confirmar", "register.html"}, /* the link that confirms a sign-up's e-mail address */
    {"/r/{code}", "manage.html"},
    {"/privacidad", "privacy.html"},
    {"/login", "login.html"},
    {"/restablecer", "reset.html"}, /* a forgotten password: ask for a link (?t=TOKEN: choose the new one) */
    {"/admin", "admin/index.html"},
    {"/admin/usuarios", "admin/users.html"},
    {"/admin/auditoria", "admin/audit.html"},
    {"/admin/e/{slug}/inscripciones", "admin/registrations.html"},
    {"/admin/e/{slug}/importar", "admin/import.html"},
    {"/admin/e/{slug}/programa", "admin/programme.html"},
    {"/admin/e/{slug}/credenciales", "admin/badges.html"},
    {"/admin/e/{slug}/mensajes", "admin/messages.html"},
    {"/admin/e/{slug}/puerta", "admin/door.html"},
    {"/admin/e/{slug}/memoria", "admin/proceedings.html"},
    {"/checkin", "checkin.html"},
    {"/e/{slug}/memoria", "proceedings.html"},
    {"/v/{code}", "verify.html"},
};

static const struct {
  const char *ext;
  const char *type;
  bool immutable_ish; /* images and fonts: cache a day; code and pages: revalidate each time */
} types[] = {
    {".html", "text/html; charset=utf-8", false},
    {".css", "text/css; charset=utf-8", false},
    {".js", "text/javascript; charset=utf-8", false},
    {".mjs", "text/javascript; charset=utf-8", false},
    {".json", "application/json", false},
    {".webmanifest", "application/manifest+json", false},
    {".svg", "image/svg+xml", true},
    {".png", "image/png", true},
    {".jpg", "image/jpeg", true},
    {".jpeg", "image/jpeg", true},
    {".ico", "image/x-icon", true},
    {".woff2", "font/woff2", true},
    {".txt", "text/plain; charset=utf-8", false},
    {".wasm", "application/wasm", true},
};

bool static_configure(const char *web_root) {
  if (!realpath(web_root, root)) return false;
  struct stat st;
  return stat(root, &st) == 0 && S_ISDIR(st.st_mode);
}

/* True when every segment of the path is a plain name: no "", ".", "..", dot-files, backslashes;
 * and not the npm material beside the vendored copies (web/node_modules, package files). */
static bool path_is_plain(const char *p) {
  if (p[0] != '/' || strchr(p, '\\') || strlen(p) > 512) return false;
  if (strncmp(p, "/node_modules", 13) == 0 || strcmp(p, "/package.json") == 0 || strcmp(p, "/package-lock.json") == 0)
    return false;
  for (const char *seg = p + 1; *seg;) {
    const char *end = strchrnul(seg, '/');
    if (end == seg || seg[0] == '.') return false;
    for (const char *c = seg; c < end; c++)
      if ((unsigned char)*c < 0x20) return false;
    seg = *end ? end + 1 : end;
  }
  return true;
}

const char *static_map_path(const char *url_path, char *out, unsigned out_size) {
  struct span params[MAX_PATH_PARAMS];
  int n;
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    if (route_pattern_match(pages[i].pattern, url_path, params, &n)) {
      snprintf(out, out_size, "%s", pages[i].file);
      return out;
    }
  }
  if (!path_is_plain(url_path)) return NULL;
  snprintf(out, out_size, "%s", url_path + 1);
  return out;
}

static const char *content_type(const char *file, bool *long_cache) {
  const char *dot = strrchr(file, '.');
  for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
    if (strcmp(dot, types[i].ext) == 0) {
      *long_cache = types[i].immutable_ish;
      return types[i].type;
    }
  }
  *long_cache = false;
  return "application/octet-stream";
}

/* Reads a whole file into b; false if it cannot. */
static bool slurp(const char *path, struct sbuf *b) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sbuf_append(b, buf, n);
  fclose(f);
  return true;
}

/* The partial a directive names, if it is a plain name under /partials/. */
static bool partial_name(const char *start, const char *end, char *out, size_t size) {
  static const char prefix[] = "/partials/";
  size_t n = (size_t)(end - start);
  if (n <= sizeof prefix - 1 || n >= size || strncmp(start, prefix, sizeof prefix - 1) != 0) return false;
  for (const char *p = start + sizeof prefix - 1; p < end; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')) return false;
  if (memmem(start, n, "..", 2) || n < 5 || memcmp(end - 5, ".html", 5) != 0) return false;
  memcpy(out, start + 1, n - 1); /* relative to the web root */
  out[n - 1] = '\0';
  return true;
}

#define INCLUDE_DEPTH 3 /* a partial may include partials, this deep; deeper directives are dropped */

/* Expands the include directives of a page (depth 0) or of a partial into out. */
static void expand_includes(const char *page, size_t len, struct sbuf *out, int depth) {
  static const char open[] = "<!--#include virtual=\"", close[] = "\" -->";
  const char *p = page, *end = page + len;
  for (;;) {
    const char *d = memmem(p, (size_t)(end - p), open, sizeof open - 1);
    const char *name = d ? d + sizeof open - 1 : NULL;
    const char *q = name ? memmem(name, (size_t)(end - name), close, sizeof close - 1) : NULL;
    if (!q) break;
    sbuf_append(out, p, (size_t)(d - p));
    char rel[128], full[PATH_MAX + 130];
    struct sbuf part = {0};
    if (partial_name(name, q, rel, sizeof rel)) {
      snprintf(full, sizeof full, "%s/%s", root, rel);
      if (depth < INCLUDE_DEPTH && slurp(full, &part))
        expand_includes(part.data ? part.data : "", part.len, out, depth + 1);
    }
    sbuf_free(&part);
    p = q + sizeof close - 1;
  }
  sbuf_append(out, p, (size_t)(end - p));
}

/* Staff pages (administration, door scanner, sign-in) stay in Spanish whatever the browser asks. */
static bool staff_page(const char *rel) {
  static const char *const staff[] = {"checkin.html", "login.html", "reset.html"};
  if (strncmp(rel, "admin/", 6) == 0) return true;
  for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++)
    if (strcmp(rel, staff[i]) == 0) return true;
  return false;
}

/* Serves an HTML page with its includes and language markers expanded (page_text.h); ETag from
 * the expanded bytes, so each language has its own. */
static enum MHD_Result serve_page(struct req *r, const char *path, const char *rel) {
  struct sbuf raw = {0}, included = {0}, page = {0};
  if (!slurp(path, &raw)) return MHD_NO;
  expand_includes(raw.data ? raw.data : "", raw.len, &included, 0);
  sbuf_free(&raw);
  bool staff = staff_page(rel);
  enum lang l = staff ? LANG_ES : req_page_lang(r);
  page_text_expand(included.data ? included.data : "", included.len, l, !staff, &page);
  sbuf_free(&included);
  req_add_reply_header(r, "Vary", "Accept-Language, Cookie");
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, (const unsigned char *)(page.data ? page.data : ""), page.len, NULL, 0);
  char etag[40] = "\"";
  sodium_bin2hex(etag + 1, 33, hash, sizeof hash);
  strcat(etag, "\"");
  req_add_reply_header(r, "ETag", etag);
  req_add_reply_header(r, "Cache-Control", "no-cache");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strcmp(inm, etag) == 0) {
    sbuf_free(&page);
    return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
  }
  size_t n = page.len;
  return reply_bytes(r, 200, "text/html; charset=utf-8", sbuf_steal(&page), n, MHD_RESPMEM_MUST_FREE);
}

/* The 404 page, in the language a page would be in (without remembering a ?lang=). */
static enum MHD_Result not_found(struct req *r) {
  /* the site's style sheet and phone viewport, the content in a main landmark (screen readers' landmarks) */
  static const char page[] =
      "<!doctype html><html lang=\"{{lang}}\"><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<link rel=\"stylesheet\" href=\"/css/site.css\"><title>{{t:page.not_found.title}}</title>"
      "<main class=\"wrap page-body\"><h1>{{t:page.not_found.h1}}</h1>"
      "<p><a href=\"/\">{{t:page.not_found.home}}</a></p></main></html>";
  enum lang l;
  if (!lang_parse(MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, LANG_COOKIE), &l)) l = req_accept_lang(r);
  struct sbuf body = {0};
  page_text_expand(page, sizeof page - 1, l, false, &body);
  req_add_reply_header(r, "Vary", "Accept-Language, Cookie");
  size_t n = body.len;
  return reply_bytes(r, 404, "text/html; charset=utf-8", sbuf_steal(&body), n, MHD_RESPMEM_MUST_FREE);
}

enum MHD_Result static_serve(struct req *r) {
  char rel[600], full[PATH_MAX + 600], real[PATH_MAX];
  if (!static_map_path(r->path, rel, sizeof rel)) return not_found(r);
  snprintf(full, sizeof full, "%s/%s", root, rel);
  size_t root_len = strlen(root);
  if (!realpath(full, real) || strncmp(real, root, root_len) != 0 || real[root_len] != '/') return not_found(r);
  int fd = open(real, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) close(fd);
    return not_found(r);
  }
  bool long_cache;
  const char *type = content_type(real, &long_cache);
  if (strcmp(type, "text/html; charset=utf-8") == 0) {
    close(fd);
    return serve_page(r, real, rel);
  }
  char etag[64];
  snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size, (unsigned long long)st.st_mtime);
  req_add_reply_header(r, "ETag", etag);
  req_add_reply_header(r, "Cache-Control", long_cache ? "public, max-age=86400" : "no-cache");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strcmp(inm, etag) == 0) {
    close(fd);
    return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
  }
  struct MHD_Response *resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
  if (resp) MHD_add_response_header(resp, "Content-Type", type);
  else close(fd);
  return reply_response(r, 200, resp, (size_t)st.st_size);
}
