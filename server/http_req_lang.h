/* http_req_lang.h — which language a request is answered in. Pages: ?lang= (remembered in the cookie
 * asamblea_lang for a year), else that cookie, else (public pages only) Accept-Language, else Spanish. API messages
 * and anything else the client reads: Accept-Language. */
#ifndef ASAMBLEA_HTTP_REQ_LANG_H
#define ASAMBLEA_HTTP_REQ_LANG_H
#include "http.h"
#include "i18n.h"

#define LANG_COOKIE "asamblea_lang"

/* The language of a page; a valid ?lang= also queues the cookie that remembers it. Staff pages
 * (staff: true) are Spanish first: without ?lang= or the cookie they ignore Accept-Language. */
enum lang req_page_lang(struct req *r, bool staff);
/* The language the client's Accept-Language prefers (es when none of ours). */
enum lang req_accept_lang(struct req *r);
#endif
