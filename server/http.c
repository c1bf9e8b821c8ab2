/* http.c — libmicrohttpd glue: the daemon (epoll + internal thread pool, limits and timeouts
 * set on purpose, the head deadline and accept policy of http_conn_guard.c), the per-request context with its body cap, the reply helpers with the
 * security headers every answer carries, the access log, metrics counters and a graceful stop. */
#include "http.h"

#include <assert.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_client_addr.h"
#include "http_conn_guard.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "http_req_lang.h"
#include "http_router.h"
#include "http_tls_reload.h"
#include "util.h"

struct alloc_node {
  struct alloc_node *next;
  max_align_t data[];
};

struct req_wait {
  resume_fn *then;
  void *cls;
};

/* Each connection's buffer for the request head and the reply's headers (bodies are sent from
 * their own memory). libmicrohttpd 0.9.75 zeroes all of it for every request on a connection:
 * at 32 KiB that was 7% of the CPU of a cached read. 16 KiB holds any browser's request head
 * several times over; a longer head is answered 431. */
#define CONN_MEMORY (16 * 1024)

static struct MHD_Daemon *daemon_handle;
static bool serving_tls;
static atomic_bool access_log = true;
static atomic_long in_flight;
static atomic_long suspended;             /* requests parked by req_suspend, not yet resumed */
static atomic_ulong requests_by_class[6]; /* index: status / 100 */
static atomic_ulong request_us_total;

void http_set_access_log(bool on) { access_log = on; }

void *req_alloc(struct req *r, size_t n) {
  struct alloc_node *a = xmalloc(sizeof *a + n);
  a->next = r->allocs;
  r->allocs = a;
  return a->data;
}

cJSON *req_hold_json(struct req *r, cJSON *j) {
  if (!r->held) r->held = cJSON_CreateArray();
  cJSON_AddItemToArray(r->held, j);
  return j;
}

char *req_strdup(struct req *r, const char *s) {
  size_t n = strlen(s) + 1;
  char *d = req_alloc(r, n);
  memcpy(d, s, n);
  return d;
}

char *req_printf(struct req *r, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *d = req_alloc(r, (size_t)n + 1);
  vsnprintf(d, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return d;
}

const char *req_header(struct req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_param(struct req *r, int i) { return i >= 0 && i < MAX_PATH_PARAMS ? r->params[i] : NULL; }

bool req_is_write(const struct req *r) {
  unsigned m = method_bit(r->method);
  return m == M_POST || m == M_PUT || m == M_PATCH || m == M_DELETE;
}

void req_add_reply_header(struct req *r, const char *name, const char *value) {
  if (r->n_reply_headers >= (int)(sizeof r->reply_headers / sizeof r->reply_headers[0])) {
    LOG_BUG("too many reply headers");
    return;
  }
  r->reply_headers[r->n_reply_headers][0] = req_strdup(r, name);
  r->reply_headers[r->n_reply_headers][1] = req_strdup(r, value);
  r->n_reply_headers++;
}

static bool has_reply_header(const struct req *r, const char *name) {
  for (int i = 0; i < r->n_reply_headers; i++)
    if (strcasecmp(r->reply_headers[i][0], name) == 0) return true;
  return false;
}

void http_add_common_headers(struct MHD_Response *resp) {
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; "
                          "base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  if (serving_tls) MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

enum MHD_Result reply_response(struct req *r, unsigned status, struct MHD_Response *resp, size_t bytes) {
  if (!resp) {
    LOG_BUG("could not create a response");
    return MHD_NO;
  }
  http_add_common_headers(resp);
  for (int i = 0; i < r->n_reply_headers; i++)
    MHD_add_response_header(resp, r->reply_headers[i][0], r->reply_headers[i][1]);
  if (!has_reply_header(r, "Cache-Control") && !MHD_get_response_header(resp, "Cache-Control"))
    MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (r->too_big) MHD_add_response_header(resp, "Connection", "close");
  enum MHD_Result ret = reply_shared(r, status, resp, bytes);
  MHD_destroy_response(resp);
  return ret;
}

enum MHD_Result reply_shared(struct req *r, unsigned status, struct MHD_Response *resp, size_t bytes) {
  r->status = status;
  r->bytes_out = bytes;
  return MHD_queue_response(r->conn, status, resp);
}

enum MHD_Result reply_bytes(struct req *r, unsigned status, const char *content_type, const void *data, size_t len,
                            enum MHD_ResponseMemoryMode mode) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)data, mode);
  if (resp && content_type) MHD_add_response_header(resp, "Content-Type", content_type);
  return reply_response(r, status, resp, len);
}

enum MHD_Result reply_no_content(struct req *r) { return reply_bytes(r, 204, NULL, "", 0, MHD_RESPMEM_PERSISTENT); }

enum MHD_Result reply_json(struct req *r, unsigned status, cJSON *obj) {
  char *text = obj ? cJSON_PrintUnformatted(obj) : strdup("{}");
  cJSON_Delete(obj);
  if (!text) {
    LOG_BUG("JSON printing failed");
    return MHD_NO;
  }
  return reply_bytes(r, status, "application/json; charset=utf-8", text, strlen(text), MHD_RESPMEM_MUST_FREE);
}

enum MHD_Result reply_error_extra(struct req *r, enum err e, const char *field, cJSON *extra) {
  cJSON *root = cJSON_CreateObject();
  cJSON *error = cJSON_AddObjectToObject(root, "error");
  cJSON_AddStringToObject(error, "code", err_code(e));
  const char *msg = NULL;
  cJSON *custom = extra ? cJSON_DetachItemFromObjectCaseSensitive(extra, "message") : NULL;
  if (cJSON_IsString(custom)) msg = custom->valuestring;
  cJSON_AddStringToObject(error, "message", msg ? msg : err_message_in(e, req_accept_lang(r)));
  cJSON_Delete(custom);
  if (field) cJSON_AddStringToObject(error, "field", field);
  if (extra) {
    cJSON *item;
    while ((item = extra->child)) cJSON_AddItemToObject(root, item->string, cJSON_DetachItemViaPointer(extra, item));
    cJSON_Delete(extra);
  }
  if (e == ERR_INTERNAL) LOG_BUG("500 on %s %s", r->method, r->path);
  if (e == ERR_UNAVAILABLE && !has_reply_header(r, "Retry-After")) req_add_reply_header(r, "Retry-After", "2");
  return reply_json(r, err_status(e), root);
}

enum MHD_Result reply_error_msg(struct req *r, enum err e, const char *field, const char *key) {
  cJSON *extra = cJSON_CreateObject();
  cJSON_AddStringToObject(extra, "message", i18n_text(req_accept_lang(r), key));
  return reply_error_extra(r, e, field, extra);
}

enum MHD_Result reply_error(struct req *r, enum err e, const char *field) {
  return reply_error_extra(r, e, field, NULL);
}

void req_suspend(struct req *r, resume_fn *then, void *cls) {
  r->wait = req_alloc(r, sizeof *r->wait);
  *r->wait = (struct req_wait){then, cls};
  atomic_fetch_add(&suspended, 1);
  MHD_suspend_connection(r->conn);
}

void req_resume(struct req *r) { MHD_resume_connection(r->conn); }

/* The call libmicrohttpd makes once a parked request is resumed: its continuation replies. */
static enum MHD_Result resumed(struct req *r) {
  struct req_wait *w = r->wait;
  r->wait = NULL;
  atomic_fetch_sub(&suspended, 1);
  return w->then(r, w->cls);
}

/* The request's client (http_client_addr.h): the peer, or the address a trusted proxy passes on. */
static bool req_client(struct req *r, struct sockaddr_storage *out) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  return client_addr_resolve(ci ? ci->client_addr : NULL, req_header(r, "X-Forwarded-For"), req_header(r, "X-Real-IP"),
                             out);
}

const char *req_ip(struct req *r) {
  if (!r->ip[0]) {
    struct sockaddr_storage client;
    client_key(req_client(r, &client) ? (const struct sockaddr *)&client : NULL, r->ip);
  }
  return r->ip;
}

bool req_from_this_machine(struct req *r) {
  struct sockaddr_storage client;
  if (!req_client(r, &client)) return false;
  if (client.ss_family == AF_INET)
    return ((const struct sockaddr_in *)&client)->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
  return client.ss_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)&client)->sin6_addr);
}

static struct req *req_new(struct MHD_Connection *c, const char *url, const char *method) {
  struct req *r = xcalloc(1, sizeof *r);
  r->conn = c;
  r->path = url;
  r->method = method;
  r->tls = serving_tls;
  r->started_us = now_us();
  atomic_fetch_add(&in_flight, 1);
  return r;
}

void req_free_scratch(struct req *r) {
  for (struct alloc_node *a = r->allocs, *next; a; a = next) {
    next = a->next;
    free(a);
  }
  r->allocs = NULL;
}

static void req_free(struct req *r) {
  req_free_scratch(r);
  cJSON_Delete(r->json);
  cJSON_Delete(r->held);
  free(r->body);
  free(r);
}

/* Appends upload data up to the cap; past it, drains without storing. */
static void req_append_body(struct req *r, const char *data, size_t size) {
  if (r->too_big || r->body_len + size > r->body_cap) {
    r->too_big = true;
    return;
  }
  r->body = xrealloc(r->body, r->body_len + size + 1);
  memcpy(r->body + r->body_len, data, size);
  r->body_len += size;
  r->body[r->body_len] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  (void)cls;
  (void)version;
  struct req *r = *con_cls;
  if (!r) {
    conn_guard_head_arrived(c);
    r = req_new(c, url, method);
    *con_cls = r;
    router_find(r);
    /* A body announced far past the cap is refused at once (MHD discards the rest and closes the
     * connection). One somewhat past it is drained without being stored and refused at its end:
     * clients still sending when the connection closes may miss an early answer. */
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long announced = cl ? strtoull(cl, NULL, 10) : 0;
    if (announced > 8 * (unsigned long long)r->body_cap) {
      r->too_big = true;
      return reply_error(r, ERR_PAYLOAD_TOO_LARGE, NULL);
    }
    if (announced > r->body_cap) r->too_big = true;
    return MHD_YES; /* answering on the first call would cost the keep-alive (LIBNOTES §3) */
  }
  if (*upload_size) {
    req_append_body(r, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->wait) return resumed(r);
  if (r->status) return MHD_YES; /* already answered (early 413) */
  return router_dispatch(r);
}

/* Copies text for the access log, writing every byte that could end, split or colour a log line
 * (controls, DEL, space, bytes past ASCII) and the backslash itself as \xNN, as nginx does: a
 * decoded path can then never forge a line or a field. Cut to fit `size`. */
static const char *log_escape(const char *in, char *out, size_t size) {
  static const char hex[] = "0123456789abcdef";
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)in; *p && n + 5 < size; p++) {
    if (*p > 0x20 && *p < 0x7f && *p != '\\') {
      out[n++] = (char)*p;
      continue;
    }
    out[n++] = '\\';
    out[n++] = 'x';
    out[n++] = hex[*p >> 4];
    out[n++] = hex[*p & 15];
  }
  out[n] = '\0';
  return out;
}

/* The path as the access log shows it: a route with a {token} parameter (a one-time secret in
 * the path, e.g. a password-reset link) is logged as its pattern, never with the token. */
static const char *logged_path(const struct req *r) {
  return r->route && strstr(r->route->pattern, "{token}") ? r->route->pattern : r->path;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
  (void)cls;
  struct req *r = *con_cls;
  if (!r) return;
  /* a handler that returned with a transaction open would keep the write lock and the next
   * request of this thread would run inside it (writes go through the writer's own thread) */
  assert(db_thread_idle());
  /* Parked, resumed, and ended before its continuation ran (the client hung up meanwhile):
   * it no longer counts among the parked requests a stopping server waits for. */
  if (r->wait) atomic_fetch_sub(&suspended, 1);
  conn_guard_request_done(c);
  uint64_t us = now_us() - r->started_us;
  unsigned cls_idx = r->status / 100 < 6 ? r->status / 100 : 5;
  atomic_fetch_add(&requests_by_class[cls_idx], 1);
  atomic_fetch_add(&request_us_total, us);
  if (access_log) {
    char method[64], path[LOG_LINE_MAX / 2];
    LOG_ACCESS("%s %s %u %zu %lluus%s", log_escape(r->method, method, sizeof method),
               log_escape(logged_path(r), path, sizeof path), r->status, r->bytes_out, (unsigned long long)us,
               toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
  }
  req_free(r);
  *con_cls = NULL;
  atomic_fetch_sub(&in_flight, 1);
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes a path or query value in place, like libmicrohttpd's own decoder, except that
 * "%00" stays as it is: a decoded NUL would silently cut the string and the request would be
 * answered for a shorter path than the one asked for. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s) {
  (void)cls;
  (void)c;
  char *out = s;
  for (const char *in = s; *in; in++) {
    int hi, lo;
    if (*in == '%' && (hi = hex_value(in[1])) >= 0 && (lo = hex_value(in[2])) >= 0 && (hi || lo)) {
      *out++ = (char)(hi * 16 + lo);
      in += 2;
    } else {
      *out++ = *in;
    }
  }
  *out = '\0';
  return (size_t)(out - s);
}

static void log_mhd_error(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  fputs("libmicrohttpd: ", stderr);
  vfprintf(stderr, fmt, ap);
}

unsigned http_start(const struct server_options *o) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_TURBO |
                   MHD_ALLOW_SUSPEND_RESUME;
  if (strchr(o->bind, ':')) {
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET6, o->bind, &a6->sin6_addr) != 1) return 0;
    flags |= MHD_USE_IPv6;
  } else {
    struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->bind, &a4->sin_addr) != 1) {
      LOG_INFO("--bind %s is not an IP address", o->bind);
      return 0;
    }
  }
  if (o->tls_cert && o->tls_key) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES ||
        MHD_is_feature_supported(MHD_FEATURE_HTTPS_CERT_CALLBACK) != MHD_YES) {
      LOG_INFO("this libmicrohttpd has no TLS support");
      return 0;
    }
    if (!tls_start(o->tls_cert, o->tls_key)) return 0;
    flags |= MHD_USE_TLS;
    serving_tls = true;
  }
  /* The pair is asked for at each handshake, so that SIGHUP can replace it (http_tls_reload.h). */
  struct MHD_OptionItem tls_opts[] = {
      {serving_tls ? MHD_OPTION_HTTPS_CERT_CALLBACK : MHD_OPTION_END, 0, (void *)&tls_cert_callback},
      {MHD_OPTION_END, 0, NULL},
  };
  if (!conn_guard_start(o->per_ip)) {
    tls_stop();
    return 0;
  }
  /* Behind a trusted proxy every connection comes from the proxy: the per-address cap is then
   * conn_guard's alone, which exempts the proxy and still holds every other address to it. */
  daemon_handle = MHD_start_daemon(
      flags, (uint16_t)o->port, &conn_guard_accept, NULL, &on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, &log_mhd_error,
      NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)o->threads,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned int)(o->trusted_proxy ? 0 : o->per_ip), MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)15,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)512,
      MHD_OPTION_NOTIFY_COMPLETED, &on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, &conn_guard_notify, NULL,
      MHD_OPTION_UNESCAPE_CALLBACK, &unescape, NULL, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
  if (!daemon_handle) {
    conn_guard_stop();
    tls_stop();
    return 0;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_handle, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : o->port;
}

void http_stop(unsigned grace_ms) {
  if (!daemon_handle) return;
  MHD_socket listen_fd = MHD_quiesce_daemon(daemon_handle);
  if (listen_fd != MHD_INVALID_SOCKET) close(listen_fd);
  for (unsigned waited = 0; atomic_load(&in_flight) > 0 && waited < grace_ms; waited += 10) usleep(10000);
  /* A parked request is resumed by the writer, which always answers its writes: wait for those
   * even past the grace, since stopping the daemon would free a connection the writer will touch. */
  while (atomic_load(&suspended) > 0) usleep(10000);
  MHD_stop_daemon(daemon_handle);
  daemon_handle = NULL;
  conn_guard_stop();
  tls_stop();
}

void http_metrics_write(struct sbuf *out) {
  sbuf_puts(out,
            "# HELP asamblea_http_requests_total HTTP requests answered, by status class.\n"
            "# TYPE asamblea_http_requests_total counter\n");
  for (int i = 1; i < 6; i++)
    sbuf_printf(out, "asamblea_http_requests_total{class=\"%dxx\"} %lu\n", i, atomic_load(&requests_by_class[i]));
  sbuf_printf(out,
              "# HELP asamblea_http_request_seconds_total Time spent answering requests.\n"
              "# TYPE asamblea_http_request_seconds_total counter\n"
              "asamblea_http_request_seconds_total %.6f\n"
              "# HELP asamblea_http_requests_in_flight Requests being answered now.\n"
              "# TYPE asamblea_http_requests_in_flight gauge\n"
              "asamblea_http_requests_in_flight %ld\n",
              (double)atomic_load(&request_us_total) / 1e6, atomic_load(&in_flight));
  conn_guard_metrics_write(out);
}
