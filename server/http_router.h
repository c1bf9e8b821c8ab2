/* http_router.h — one static route table (method, path pattern with {parameters}, handler, minimum
 * role, body kind and cap) and the dispatcher that applies it: 404, 405 with Allow, body
 * checks (413/415/400), the cross-origin guard, 401/403 by role, then the handler. */
#ifndef ASAMBLEA_HTTP_ROUTER_H
#define ASAMBLEA_HTTP_ROUTER_H
#include <stdbool.h>
#include <stddef.h>

#include "http.h"

enum method_bit { M_GET = 1, M_HEAD = 2, M_POST = 4, M_PUT = 8, M_PATCH = 16, M_DELETE = 32 };
enum body_kind { BODY_NONE, BODY_JSON, BODY_RAW };

struct route {
  unsigned method;     /* one enum method_bit */
  const char *pattern; /* "/api/v1/editions/{slug}" */
  handler_fn *handler;
  enum role min_role; /* ROLE_NONE: public (the handler may still look at the user) */
  enum body_kind body;
  size_t body_cap; /* 0: JSON_BODY_CAP */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Method name → enum method_bit (0 if unknown). HEAD counts as GET for matching. */
unsigned method_bit(const char *method);
/* Matches one pattern; on success stores up to MAX_PATH_PARAMS parameter spans. */
struct span {
  const char *start;
  size_t len;
};
bool route_pattern_match(const char *pattern, const char *path, struct span *params, int *nparams);
/* Finds the route for r->method and r->path; sets r->route, r->params and r->body_cap, or, when
 * no route has that method, r->route_methods (the methods the path allows). */
void router_find(struct req *r);
/* Answers a fully received request. */
enum MHD_Result router_dispatch(struct req *r);
/* "GET, HEAD, POST" for a set of method bits into out. */
void router_allow_header(unsigned methods, char *out, size_t size);
#endif
