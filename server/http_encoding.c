/* http_encoding.c — gzip (zlib) and brotli (libbrotlienc) versions of an answer, and the choice
 * among them (http_encoding.h). */
#include "http_encoding.h"

#include <brotli/encode.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "log.h"

#define MIN_COMPRESS 256 /* smaller bodies fit in a packet either way */

static const char *const coding_names[CODING__COUNT] = {"identity", "gzip", "br"};
static const char *const etag_suffix[CODING__COUNT] = {"", "-gz", "-br"};

/* The q-value of a coding in Accept-Encoding (-1 when not named, also not by "*"). */
static double coding_quality(const char *header, const char *name) {
  double star = -1;
  for (const char *p = header; p && *p;) {
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    const char *end = p;
    while (*end && *end != ',' && *end != ';' && *end != ' ' && *end != '\t') end++;
    size_t n = (size_t)(end - p);
    double q = 1;
    const char *next = strchr(end, ',');
    const char *params = end;
    const char *stop = next ? next : params + strlen(params);
    const char *qp = params;
    while ((qp = memchr(qp, ';', (size_t)(stop - qp)))) {
      qp++;
      while (qp < stop && isspace((unsigned char)*qp)) qp++;
      if (stop - qp >= 2 && (*qp == 'q' || *qp == 'Q') && qp[1] == '=') q = strtod(qp + 2, NULL);
    }
    if (n == strlen(name) && strncasecmp(p, name, n) == 0) return q;
    if (n == 1 && *p == '*') star = q;
    p = next;
  }
  return star;
}

enum coding http_accepted_coding(struct req *r) {
  const char *header = req_header(r, "Accept-Encoding");
  if (!header) return CODING_IDENTITY;
  double br = coding_quality(header, "br"), gz = coding_quality(header, "gzip");
  if (br > 0 && br >= gz) return CODING_BR;
  if (gz > 0) return CODING_GZIP;
  return CODING_IDENTITY;
}

bool http_compressible(const char *type) {
  return type && (strncmp(type, "text/", 5) == 0 || strncmp(type, "application/json", 16) == 0 ||
                  strncmp(type, "application/manifest+json", 25) == 0 || strncmp(type, "image/svg+xml", 13) == 0 ||
                  strncmp(type, "application/xml", 15) == 0 || strncmp(type, "application/javascript", 22) == 0);
}

/* gzip of in[0..len) into a new buffer; NULL on failure. */
static unsigned char *gzip(const void *in, size_t len, enum coding_effort effort, size_t *out_len) {
  z_stream z = {0};
  if (deflateInit2(&z, effort == CODING_FOR_KEEPS ? 9 : 6, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  size_t cap = deflateBound(&z, (uLong)len);
  unsigned char *out = malloc(cap);
  z.next_in = (Bytef *)in;
  z.avail_in = (uInt)len;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  int rc = out ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
  *out_len = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    free(out);
    return NULL;
  }
  return out;
}

/* brotli of in[0..len) into a new buffer; NULL on failure. */
static unsigned char *brotli(const void *in, size_t len, enum coding_effort effort, size_t *out_len) {
  size_t cap = BrotliEncoderMaxCompressedSize(len);
  unsigned char *out = cap ? malloc(cap) : NULL;
  *out_len = cap;
  if (out && BrotliEncoderCompress(effort == CODING_FOR_KEEPS ? 9 : 5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len, in,
                                   out_len, out))
    return out;
  free(out);
  return NULL;
}

static struct MHD_Response *response_of(unsigned char *bytes, size_t len, enum coding c, const char *type,
                                        const char *etag, const char *const headers[][2], int n) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(bytes);
    return NULL;
  }
  if (type) MHD_add_response_header(resp, "Content-Type", type);
  MHD_add_response_header(resp, "ETag", etag);
  if (c != CODING_IDENTITY) MHD_add_response_header(resp, "Content-Encoding", coding_names[c]);
  for (int i = 0; i < n; i++) MHD_add_response_header(resp, headers[i][0], headers[i][1]);
  http_add_common_headers(resp);
  return resp;
}

bool encoded_build(struct encoded *e, const void *body, size_t len, const char *type, const char *etag,
                   enum coding_effort effort, const char *const headers[][2], int n) {
  memset(e, 0, sizeof *e);
  bool compress = http_compressible(type) && len >= MIN_COMPRESS;
  const char *vary[16][2];
  int nv = 0;
  for (int i = 0; i < n && nv < 15; i++) vary[nv][0] = headers[i][0], vary[nv][1] = headers[i][1], nv++;
  if (compress) vary[nv][0] = "Vary", vary[nv][1] = "Accept-Encoding", nv++;
  for (int c = 0; c < CODING__COUNT; c++) {
    if (c != CODING_IDENTITY && !compress) break;
    size_t clen = len;
    unsigned char *bytes;
    if (c == CODING_IDENTITY) {
      bytes = malloc(len ? len : 1);
      if (bytes && len) memcpy(bytes, body, len);
    } else {
      bytes = c == CODING_GZIP ? gzip(body, len, effort, &clen) : brotli(body, len, effort, &clen);
      if (bytes && clen >= e->len[CODING_IDENTITY]) { /* does not pay */
        free(bytes);
        continue;
      }
    }
    if (!bytes) continue;
    size_t q = strlen(etag);
    snprintf(e->etag[c], sizeof e->etag[c], "%.*s%s\"", (int)(q ? q - 1 : 0), etag, etag_suffix[c]);
    e->resp[c] = response_of(bytes, clen, (enum coding)c, type, e->etag[c], (const char *const(*)[2])vary, nv);
    e->len[c] = clen;
    if (!e->resp[c] && c == CODING_IDENTITY) return false;
  }
  return e->resp[CODING_IDENTITY] != NULL;
}

void encoded_free(struct encoded *e) {
  for (int c = 0; c < CODING__COUNT; c++)
    if (e->resp[c]) MHD_destroy_response(e->resp[c]);
  memset(e, 0, sizeof *e);
}

/* Whether an If-None-Match list names etag. */
static bool etag_listed(const char *inm, const char *etag) {
  size_t n = strlen(etag);
  for (const char *p = inm ? strstr(inm, etag) : NULL; p; p = strstr(p + 1, etag))
    if (p[n] == '\0' || p[n] == ',' || p[n] == ' ') return true;
  return inm && strcmp(inm, "*") == 0;
}

/* A 304 carries the headers a 200 would have that describe the representation (RFC 9110 15.4.5). */
static enum MHD_Result copy_validator_header(void *cls, enum MHD_ValueKind kind, const char *name, const char *value) {
  (void)kind;
  if (strcasecmp(name, "ETag") == 0 || strcasecmp(name, "Vary") == 0 || strcasecmp(name, "Cache-Control") == 0)
    req_add_reply_header(cls, name, value);
  return MHD_YES;
}

enum MHD_Result encoded_reply(struct req *r, const struct encoded *e) {
  enum coding c = http_accepted_coding(r);
  if (!e->resp[c]) c = (c == CODING_BR && e->resp[CODING_GZIP]) ? CODING_GZIP : CODING_IDENTITY;
  if (etag_listed(req_header(r, "If-None-Match"), e->etag[c])) {
    MHD_get_response_headers(e->resp[c], copy_validator_header, r);
    return reply_bytes(r, 304, NULL, "", 0, MHD_RESPMEM_PERSISTENT);
  }
  return reply_shared(r, 200, e->resp[c], e->len[c]);
}
