/* regcode.c — generating and normalizing registration codes (32^6 ≈ 10^9 codes; the database's
 * UNIQUE constraint catches the rare collision and the caller draws again). */
#include "regcode.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

/* One draw of random bytes for the whole code (each draw is a system call); the alphabet has 32
 * letters, so the low five bits of a byte pick one without bias. */
_Static_assert(sizeof REGCODE_ALPHABET - 1 == 32, "the code alphabet has 32 letters");

void regcode_new(char out[REGCODE_LEN + 1]) {
  unsigned char bytes[REGCODE_LEN];
  randombytes_buf(bytes, sizeof bytes);
  for (int i = 0; i < REGCODE_LEN; i++) out[i] = REGCODE_ALPHABET[bytes[i] & 31];
  out[REGCODE_LEN] = '\0';
}

bool regcode_normalize(const char *in, char out[REGCODE_LEN + 1]) {
  int n = 0;
  for (const char *p = in; *p; p++) {
    if (*p == ' ' || *p == '-') continue;
    char c = (char)toupper((unsigned char)*p);
    if (n == REGCODE_LEN || !strchr(REGCODE_ALPHABET, c) || c == '\0') return false;
    out[n++] = c;
  }
  out[n] = '\0';
  return n == REGCODE_LEN;
}
