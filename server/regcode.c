/* regcode.c — generating and normalizing registration codes (32^6 ≈ 10^9 codes; the database's
 * UNIQUE constraint catches the rare collision and the caller draws again). */
#include "regcode.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

void regcode_new(char out[REGCODE_LEN + 1]) {
  for (int i = 0; i < REGCODE_LEN; i++) out[i] = REGCODE_ALPHABET[randombytes_uniform(32)];
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
