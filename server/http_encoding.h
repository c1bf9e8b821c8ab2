/* http_encoding.h — compressed answers (RFC 9110 content codings): which coding a client accepts
 * (Accept-Encoding: br, then gzip), and a set of ready responses for one body, built once in each
 * coding that makes it smaller, for the caches that answer the same bytes many times (pages,
 * static files, the public JSON of http_pubcache.c). */
#ifndef ASAMBLEA_HTTP_ENCODING_H
#define ASAMBLEA_HTTP_ENCODING_H
#include <stdbool.h>
#include <stddef.h>

#include "http.h"

enum coding { CODING_IDENTITY, CODING_GZIP, CODING_BR, CODING__COUNT };

/* How hard to compress: once for bytes kept until a file changes (FOR_KEEPS), or quickly for
 * answers rebuilt after every edit of the content (QUICK). */
enum coding_effort { CODING_QUICK, CODING_FOR_KEEPS };

/* The best coding the request's Accept-Encoding allows (q-values honoured; identity when none). */
enum coding http_accepted_coding(struct req *r);

/* Whether a content type is worth compressing (text, JSON, JavaScript, SVG). */
bool http_compressible(const char *content_type);

/* The same body as ready responses, one per coding that pays (identity always). Each carries the
 * content type, the ETag of its coding (the identity's with "-gz"/"-br" before its closing quote),
 * Content-Encoding, Vary: Accept-Encoding and the extra headers given. */
struct encoded {
  struct MHD_Response *resp[CODING__COUNT]; /* NULL: not kept in that coding */
  size_t len[CODING__COUNT];
  char etag[CODING__COUNT][48];
};

/* Builds e from body[0..len) (copied), with its identity ETag (quoted, at most 40 characters) and
 * n extra header pairs. False when libmicrohttpd cannot create a response. */
bool encoded_build(struct encoded *e, const void *body, size_t len, const char *content_type, const char *etag,
                   enum coding_effort effort, const char *const headers[][2], int n);
/* Drops e's references to its responses (each lives on until its last sender is done). */
void encoded_free(struct encoded *e);
/* Answers r from e: 304 when If-None-Match holds the chosen coding's ETag, else its shared 200. */
enum MHD_Result encoded_reply(struct req *r, const struct encoded *e);
#endif
