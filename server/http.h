/* http.h — the request context every handler receives and the reply helpers every handler
 * answers with. The context owns everything allocated for one request (the body, its parsed
 * JSON, path parameters, scratch strings) and is freed in one place: MHD's completion callback. */
#ifndef ASAMBLEA_HTTP_H
#define ASAMBLEA_HTTP_H
#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "user.h"

#define MAX_PATH_PARAMS 4
#define JSON_BODY_CAP ((size_t)1 << 20) /* 1 MiB */

enum auth_via { AUTH_NONE, AUTH_COOKIE, AUTH_BEARER };

struct route;
struct alloc_node;

struct req {
  struct MHD_Connection *conn;
  const char *method;                  /* MHD-owned */
  const char *path;                    /* MHD-owned, already percent-decoded, no query string */
  const struct route *route;           /* NULL: static file or page */
  unsigned route_methods;              /* methods the path allows, when no route matched the method */
  const char *params[MAX_PATH_PARAMS]; /* path parameters in pattern order (owned by the context) */
  char *body;                          /* request body, NUL-terminated (owned) */
  size_t body_len;
  size_t body_cap;      /* the route's cap */
  bool too_big;         /* the body passed the cap: drained, not stored */
  bool first_call_done; /* MHD called us once already (headers only) */
  cJSON *json;          /* parsed JSON body (owned) */
  cJSON *held;          /* JSON read for the request (req_hold_json), freed with it */
  bool user_loaded;     /* auth lookup done (user.id > 0 if authenticated) */
  struct user user;
  enum err user_error; /* the auth lookup failed (ERR_OK: it did not, or no credentials) */
  enum auth_via via;
  bool tls;         /* served over HTTPS */
  unsigned status;  /* status queued, for the access log */
  size_t bytes_out; /* body bytes queued, for the access log */
  uint64_t started_us;
  char ip[64];                     /* client key (address, IPv6 /64), filled by req_ip on first use (never logged) */
  struct alloc_node *allocs;       /* scratch allocations freed with the context */
  const char *reply_headers[8][2]; /* extra headers for the reply: name, value (owned by the context) */
  int n_reply_headers;
  struct req_wait *wait; /* set while the request waits suspended (req_suspend) */
};

typedef enum MHD_Result handler_fn(struct req *r);

/* Parks a request that waits for work done elsewhere (a write queued for the group commit): its
 * connection is suspended, so it holds no worker thread, until req_resume is called from any
 * thread; then then(r, cls) runs on the connection's own thread and replies. The handler
 * returns MHD_YES right after req_suspend. Stopping the server waits for parked requests. */
typedef enum MHD_Result resume_fn(struct req *r, void *cls);
void req_suspend(struct req *r, resume_fn *then, void *cls);
void req_resume(struct req *r);

/* Scratch memory freed with the request. */
void *req_alloc(struct req *r, size_t n);
/* Frees r's scratch memory now (the request's end does it anyway). */
void req_free_scratch(struct req *r);
char *req_strdup(struct req *r, const char *s);
/* Keeps j until the request ends (then deletes it); answers j. */
cJSON *req_hold_json(struct req *r, cJSON *j);
char *req_printf(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

const char *req_header(struct req *r, const char *name);
/* The key the rate limiters count this client under (http_conn_guard.h client_key): an IPv4 address
 * as is, an IPv6 one by its /64, "unknown" when the socket has none. The client is the peer, or
 * behind a trusted proxy the address the proxy passes on (http_client_addr.h). */
const char *req_ip(struct req *r);
/* Whether the client (as req_ip sees it) is this machine's own loopback address: 127.0.0.1 or ::1 exactly (not the
 * rest of 127.0.0.0/8, which tests use to stand for other clients). */
bool req_from_this_machine(struct req *r);
const char *req_query(struct req *r, const char *name);
const char *req_param(struct req *r, int i);
bool req_is_write(const struct req *r);

/* Replies. reply_json takes ownership of obj (may be NULL → {}). */
enum MHD_Result reply_json(struct req *r, unsigned status, cJSON *obj);
enum MHD_Result reply_error(struct req *r, enum err e, const char *field);
/* key: the message's catalogue key (i18n/), answered in the client's Accept-Language. */
enum MHD_Result reply_error_msg(struct req *r, enum err e, const char *field, const char *key);
/* Error with extra members (e.g. "conflicts") merged into the error body; takes ownership of extra. */
enum MHD_Result reply_error_extra(struct req *r, enum err e, const char *field, cJSON *extra);
/* Bytes: mode is MHD_RESPMEM_PERSISTENT, _MUST_COPY or _MUST_FREE. */
enum MHD_Result reply_bytes(struct req *r, unsigned status, const char *content_type, const void *data, size_t len,
                            enum MHD_ResponseMemoryMode mode);
/* 204 No Content: a write done, nothing to answer. */
enum MHD_Result reply_no_content(struct req *r);
/* Queues any response after adding the common headers; destroys it. */
enum MHD_Result reply_response(struct req *r, unsigned status, struct MHD_Response *resp, size_t bytes);
/* The headers every answer carries (content sniffing, framing, referrer, CSP, HSTS under TLS). */
void http_add_common_headers(struct MHD_Response *resp);
/* Queues a response built once and answered many times (http_pubcache.c): it already carries every
 * header, the common ones included, so r's reply headers are not added; the caller keeps its
 * reference (libmicrohttpd counts one per connection sending it). */
enum MHD_Result reply_shared(struct req *r, unsigned status, struct MHD_Response *resp, size_t bytes);

/* Headers added to the next response of this request (e.g. Set-Cookie, Retry-After). */
void req_add_reply_header(struct req *r, const char *name, const char *value);

struct server_options {
  unsigned port;        /* 0: any free port */
  const char *bind;     /* address to listen on */
  const char *web_root; /* static files */
  unsigned threads;     /* MHD thread pool size */
  unsigned per_ip;      /* connections one client address may hold (a venue NAT shares one) */
  const char *tls_cert; /* PEM paths: both set → HTTPS */
  const char *tls_key;
  const char *trusted_proxy; /* comma-separated proxy addresses whose X-Forwarded-For is believed; NULL: none */
};

/* Starts the daemon; returns the bound port or 0 on failure. */
unsigned http_start(const struct server_options *o);
/* Stops accepting, lets in-flight requests finish (up to grace_ms), stops the daemon. */
void http_stop(unsigned grace_ms);
struct sbuf;
/* Appends the HTTP counters to a Prometheus text exposition. */
void http_metrics_write(struct sbuf *out);
/* Access log on stderr (on by default). */
void http_set_access_log(bool on);
#endif
