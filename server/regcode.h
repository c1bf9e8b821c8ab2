/* regcode.h — registration codes: six characters from an alphabet without 0/O/1/I, so that a
 * code printed on a badge can be read aloud at a desk and typed back without ambiguity. */
#ifndef ASAMBLEA_REGCODE_H
#define ASAMBLEA_REGCODE_H
#include <stdbool.h>

#define REGCODE_LEN 6
#define REGCODE_ALPHABET "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

/* A new random code (out: REGCODE_LEN + 1 bytes). */
void regcode_new(char out[REGCODE_LEN + 1]);
/* Canonical form of what a person typed: upper-cased, spaces and hyphens dropped. False if it
 * cannot be a code. */
bool regcode_normalize(const char *in, char out[REGCODE_LEN + 1]);
#endif
