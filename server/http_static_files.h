/* http_static_files.h — serves the web/ folder: clean page URLs (/, /e/{slug}, /login, /admin)
 * mapped to their HTML files, other paths to files, with content types and revalidation by
 * ETag. Nothing outside web/ can be reached: no "..", no dot-files, no backslashes, and
 * symbolic links that lead out of web/ are refused after resolving. Pages share their header and
 * footer through one directive, expanded when served:
 *   <!--#include virtual="/partials/NAME.html" -->
 * (only files of web/partials/, one level deep), so no page repeats the site's chrome. */
#ifndef ASAMBLEA_HTTP_STATIC_FILES_H
#define ASAMBLEA_HTTP_STATIC_FILES_H
#include <stdbool.h>

#include "http.h"

/* Sets the web root; false if it does not exist. */
bool static_configure(const char *web_root);
enum MHD_Result static_serve(struct req *r);
/* The file a URL path maps to, relative to the root, or NULL if the path is refused. For tests. */
const char *static_map_path(const char *url_path, char *out, unsigned out_size);
#endif
