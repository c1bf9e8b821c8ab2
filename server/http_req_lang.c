/* http_req_lang.c — the language of a request (http_req_lang.h). */
#include "http_req_lang.h"

enum lang req_accept_lang(struct req *r) { return lang_from_accept(req_header(r, "Accept-Language")); }

enum lang req_page_lang(struct req *r, bool staff) {
  enum lang l;
  if (lang_parse(req_query(r, "lang"), &l)) {
    req_add_reply_header(r, "Set-Cookie",
                         req_printf(r, LANG_COOKIE "=%s; Path=/; SameSite=Lax; Max-Age=31536000", lang_code(l)));
    return l;
  }
  if (lang_parse(MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, LANG_COOKIE), &l)) return l;
  return staff ? LANG_ES : req_accept_lang(r);
}
