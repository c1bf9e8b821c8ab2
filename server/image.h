/* image.h — checks that bytes really are the JPEG or PNG they claim to be, by their structure
 * (PNG: signature, chunk lengths and CRCs, IHDR; JPEG: markers and segments up to a frame header
 * and an end marker), not by a header or a file name. */
#ifndef ASAMBLEA_IMAGE_H
#define ASAMBLEA_IMAGE_H
#include <stdbool.h>
#include <stddef.h>

#define IMAGE_MAX_SIDE 10000

/* True when data is a well-formed image of content_type ("image/jpeg" or "image/png"); sets
 * *width and *height. */
bool image_check(const unsigned char *data, size_t len, const char *content_type, int *width, int *height);
#endif
