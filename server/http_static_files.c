/* http_static_files.c — the static file server behind the pages: pages with their partials and
 * language markers expanded, and the files under the web root, text ones kept ready and
 * compressed (http_file_cache.h), images and fonts sent from their files. */
#include "http_static_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_file_cache.h"
#include "page_text.h"
#include "http_req_lang.h"
#include "http_router.h"
#include "util.h"

static char root[PATH_MAX];

static const struct {
  const char *pattern; /* route pattern of a page */
  const char *file;    /* its HTML file under web/ (staff pages under admin/ are Spanish first) */
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

/* Reads a whole file into b and notes it in files (when given); false if it cannot. */
static bool slurp(const char *path, struct sbuf *b, struct file_set *files) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  struct stat st;
  bool noted = !files || (fstat(fileno(f), &st) == 0 && file_set_add(files, path, &st));
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sbuf_append(b, buf, n);
  fclose(f);
  if (!noted) files->n = -1; /* too many files to watch: not cacheable */
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

/* Expands the include directives of a page (depth 0) or of a partial into out, noting each
 * partial read in files. */
static void expand_includes(const char *page, size_t len, struct sbuf *out, int depth, struct file_set *files) {
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
      if (depth < INCLUDE_DEPTH && slurp(full, &part, files))
        expand_includes(part.data ? part.data : "", part.len, out, depth + 1, files);
    }
    sbuf_free(&part);
    p = q + sizeof close - 1;
  }
  sbuf_append(out, p, (size_t)(end - p));
}

/* Staff pages (administration, door scanner, sign-in): Spanish first (http_req_lang.h), with the staff texts. */
static bool staff_page(const char *rel) {
  static const char *const staff[] = {"checkin.html", "login.html", "reset.html"};
  if (strncmp(rel, "admin/", 6) == 0) return true;
  for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++)
    if (strcmp(rel, staff[i]) == 0) return true;
  return false;
}

/* Answers r with body in every coding, kept under key (made from files) unless the request
 * queued headers of its own (a ?lang= cookie), which a shared answer cannot carry. */
static enum MHD_Result reply_kept(struct req *r, const char *key, const struct sbuf *body, const char *type,
                                  const char *etag, const char *const headers[][2], int n,
                                  const struct file_set *files) {
  const char *all[12][2];
  int count = 0;
  for (int i = 0; i < n; i++, count++) all[count][0] = headers[i][0], all[count][1] = headers[i][1];
  bool own = r->n_reply_headers > 0;
  for (int i = 0; i < r->n_reply_headers && count < 12; i++, count++)
    all[count][0] = r->reply_headers[i][0], all[count][1] = r->reply_headers[i][1];
  struct encoded answer;
  if (!encoded_build(&answer, body->data ? body->data : "", body->len, type, etag,
                     own ? CODING_QUICK : CODING_FOR_KEEPS, (const char *const(*)[2])all, count))
    return MHD_NO;
  r->n_reply_headers = 0; /* now part of the answer */
  enum MHD_Result ret = encoded_reply(r, &answer);
  if (own || files->n < 0) encoded_free(&answer);
  else file_cache_store(key, &answer, files);
  return ret;
}

/* The quoted ETag of some bytes. */
static void etag_of(const struct sbuf *b, char etag[40]) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, (const unsigned char *)(b->data ? b->data : ""), b->len, NULL, 0);
  etag[0] = '"';
  sodium_bin2hex(etag + 1, 33, hash, sizeof hash);
  strcpy(etag + 33, "\"");
}

/* Serves an HTML page with its includes and language markers expanded (page_text.h), kept per
 * language until the page or a partial changes; ETag from the expanded bytes, so each language
 * has its own. */
static enum MHD_Result serve_page(struct req *r, const char *path, const char *rel) {
  bool staff = staff_page(rel);
  enum lang l = req_page_lang(r, staff);
  char key[700];
  snprintf(key, sizeof key, "page:%s:%s", lang_code(l), rel);
  enum MHD_Result ret;
  if (r->n_reply_headers == 0 && file_cache_reply(r, key, &ret)) return ret;
  struct sbuf raw = {0}, included = {0}, page = {0};
  struct file_set files = {0};
  if (!slurp(path, &raw, &files)) return MHD_NO;
  expand_includes(raw.data ? raw.data : "", raw.len, &included, 0, &files);
  sbuf_free(&raw);
  page_text_expand(included.data ? included.data : "", included.len, l, staff ? PAGE_STAFF : PAGE_PUBLIC, &page);
  sbuf_free(&included);
  char etag[40];
  etag_of(&page, etag);
  static const char *const headers[][2] = {{"Vary", "Accept-Language, Cookie"}, {"Cache-Control", "no-cache"}};
  ret = reply_kept(r, key, &page, "text/html; charset=utf-8", etag, headers, 2, &files);
  sbuf_free(&page);
  return ret;
}

#define KEPT_FILE_MAX (4 << 20) /* text files up to this size are kept ready; larger ones are sent from disk */

/* Serves a text file (script, style sheet, SVG…) from the cache, reading and compressing it once
 * per version of the file. */
static enum MHD_Result serve_text_file(struct req *r, const char *path, const char *type, bool long_cache) {
  char key[PATH_MAX + 8];
  snprintf(key, sizeof key, "file:%s", path);
  enum MHD_Result ret;
  if (file_cache_reply(r, key, &ret)) return ret;
  struct sbuf body = {0};
  struct file_set files = {0};
  if (!slurp(path, &body, &files) || files.n != 1) {
    sbuf_free(&body);
    return MHD_NO;
  }
  char etag[64];
  snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)files.st[0].st_size,
           (unsigned long long)files.st[0].st_mtime);
  const char *headers[][2] = {{"Cache-Control", long_cache ? "public, max-age=86400" : "no-cache"}};
  ret = reply_kept(r, key, &body, type, etag, headers, 1, &files);
  sbuf_free(&body);
  return ret;
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
  page_text_expand(page, sizeof page - 1, l, PAGE_PUBLIC, &body);
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
  if (http_compressible(type) && st.st_size <= KEPT_FILE_MAX) {
    close(fd);
    return serve_text_file(r, real, type, long_cache);
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
