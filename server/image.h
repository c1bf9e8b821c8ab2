/* image.h — speakers' photos: checks that bytes really are the JPEG or PNG they claim to be, by
 * their structure (PNG: signature, chunk lengths and CRCs, IHDR; JPEG: markers and segments up to a
 * frame header and an end marker), not by a header or a file name; reads the real dimensions from
 * the PNG IHDR or the JPEG frame header and refuses a picture too large to decode safely before any
 * decoding; then decodes it (libjpeg-turbo, libpng) with a memory cap, shrinks it to at most
 * IMAGE_LONG_SIDE pixels on its long side (8 bits per sample, upright per its EXIF orientation) and
 * encodes it again: JPEG, or PNG when it has transparency. What is stored and later embedded in a
 * PDF is always that small, plain picture, with no metadata. */
#ifndef ASAMBLEA_IMAGE_H
#define ASAMBLEA_IMAGE_H
#include <stdbool.h>
#include <stddef.h>

#define IMAGE_MAX_SIDE 10000               /* pixels, either side, as the header claims */
#define IMAGE_MAX_PIXELS 40000000LL        /* width × height, as the header claims */
#define IMAGE_MAX_DECODE_BYTES (64u << 20) /* the decoder's working memory */
#define IMAGE_LONG_SIDE 1200               /* a stored photo's long side at most */

enum image_result {
  IMAGE_OK,
  IMAGE_MALFORMED, /* not a well-formed image of the type claimed */
  IMAGE_TOO_LARGE, /* well formed, but past IMAGE_MAX_SIDE / IMAGE_MAX_PIXELS / IMAGE_MAX_DECODE_BYTES */
};

/* A normalized photo: bytes (malloc'd; the caller frees) of type content_type. */
struct image_out {
  unsigned char *bytes;
  size_t len;
  const char *content_type; /* "image/jpeg" or "image/png" (static) */
  int width, height;
};

/* Checks the structure of data as content_type ("image/jpeg" or "image/png") and reads the
 * dimensions its header claims into *width and *height; decodes nothing. */
enum image_result image_probe(const unsigned char *data, size_t len, const char *content_type, int *width, int *height);

/* image_probe, then decodes and re-encodes (see above). On IMAGE_OK fills out; otherwise out is
 * zeroed. */
enum image_result image_normalize(const unsigned char *data, size_t len, const char *content_type,
                                  struct image_out *out);

/* True when a picture of this size and type needs no normalizing (a stored photo from before
 * photos were normalized may be larger). */
bool image_is_small(const unsigned char *data, size_t len, const char *content_type);
#endif
