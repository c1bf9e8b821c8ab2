/* req_lang.h — which language a request is answered in. Pages: ?lang= (remembered in the cookie
 * asamblea_lang for a year), else that cookie, else Accept-Language, else Spanish. API messages
 * and anything else the client reads: Accept-Language. */
#ifndef ASAMBLEA_REQ_LANG_H
#define ASAMBLEA_REQ_LANG_H
#include "http.h"
#include "i18n.h"

#define LANG_COOKIE "asamblea_lang"

/* The language of a public page; a valid ?lang= also queues the cookie that remembers it. */
enum lang req_page_lang(struct req *r);
/* The language the client's Accept-Language prefers (es when none of ours). */
enum lang req_accept_lang(struct req *r);
#endif
