/* secrets.h — the server's own secret key, kept in a file beside the database (<db>.key, mode
 * 0600), never in it. It seals each registration's manage token, so that a waitlist promotion or
 * a cancellation e-mail can carry the attendee's link again, and the body of every e-mail waiting
 * in the outbox (it carries that link), while the database alone (a copy, a backup) reveals only
 * the tokens' hashes and sealed boxes. */
#ifndef ASAMBLEA_SECRETS_H
#define ASAMBLEA_SECRETS_H
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#define SEALED_MAX 160 /* nonce + MAC + a 43-character token, with room */

/* Loads <db_path>.key, creating it if absent or empty (see secrets.c for how a crash cannot
 * leave half a key). False (after printing why) on failure, and for a key file of any other
 * length than the key's, which is left untouched; the key loaded before, if any, stays. */
bool secrets_load(const char *db_path);
/* Seals text into out; returns the sealed length, 0 if it does not fit or no key is loaded. */
size_t secrets_seal(const char *text, unsigned char out[SEALED_MAX]);
/* Opens a sealed box into out (NUL-terminated); false if forged, truncated or no key. */
bool secrets_open(const unsigned char *box, size_t len, char *out, size_t out_size);
/* The same for text of any length (an e-mail body that carries a manage link): a new sealed box
 * of *len bytes, or NULL when no key is loaded. The caller frees it. */
unsigned char *secrets_seal_text(const char *text, size_t *len);
/* Opens a box of secrets_seal_text into a new NUL-terminated string; NULL if forged, truncated
 * or no key is loaded. The caller frees it. */
char *secrets_open_text(const unsigned char *box, size_t len);
#endif
