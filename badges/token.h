/* token.h — check-in tokens: the signed text a badge's QR code holds. Knows nothing of HTTP or SQL.
 *
 * Format (fixed: the server and the browser scanner depend on it):
 *   payload, 11 bytes = version (1 byte) | edition_id (uint32 BE) | badge_id (uint32 BE)
 *                       | badge revision (uint16 BE)
 *   then the 64-byte Ed25519 detached signature (crypto_sign_detached) over those 11 bytes;
 *   the 75 bytes in RFC 4648 base32 (A–Z 2–7, upper case, no padding) = exactly 120 characters.
 * Version 2 (what token_sign writes): badge_id is the registration's random badge id
 * (registrations.badge_id), which says nothing about how many registered. Version 1 (badges made
 * before badge ids): the same bytes with the registration's sequential id in its place; still read
 * and verified, so that badges already printed or downloaded keep working at the door.
 * Base32 holds only letters and digits, so keyboard-wedge scanners type it right on any keyboard
 * layout and QR alphanumeric mode stores it compactly (version 5 at level M).
 *
 * Each edition has its own key pair; the secret key never leaves the server. Revocation (a token
 * whose revision is older than the registration's current badge revision) is the caller's check. */
#ifndef ASAMBLEA_TOKEN_H
#define ASAMBLEA_TOKEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOKEN_VERSION 2        /* written by token_sign */
#define TOKEN_VERSION_LEGACY 1 /* read and verified: badge_id holds registrations.id */
#define TOKEN_PAYLOAD_LEN 11
#define TOKEN_BINARY_LEN 75 /* payload + 64-byte signature */
#define TOKEN_TEXT_LEN 120  /* base32 characters */
#define TOKEN_TEXT_MAX 121  /* with the terminating NUL */
#define TOKEN_PUBLIC_KEY_LEN 32
#define TOKEN_SECRET_KEY_LEN 64

struct token_claims {
  uint8_t version;     /* TOKEN_VERSION, or TOKEN_VERSION_LEGACY for an older badge */
  uint32_t edition_id; /* editions.id */
  uint32_t badge_id;   /* registrations.badge_id (version 1: registrations.id) */
  uint16_t revision;   /* badge revision: reissuing a badge bumps it and revokes older tokens */
};

enum token_status {
  TOKEN_VALID,     /* well formed and signed by the key given */
  TOKEN_MALFORMED, /* not a token at all: length, characters or unknown version */
  TOKEN_FORGED,    /* well formed, but the signature does not match (altered, or another edition's key) */
};

/* A new edition key pair (libsodium's crypto_sign_keypair). */
void token_keypair(unsigned char pk[TOKEN_PUBLIC_KEY_LEN], unsigned char sk[TOKEN_SECRET_KEY_LEN]);

/* Signs the claims with an edition's secret key and writes the 120-character text and its NUL to
 * out. c->version is ignored: the current TOKEN_VERSION is written. Returns 120 (0 only if
 * c, sk or out is NULL, leaving out untouched). */
size_t token_sign(const struct token_claims *c, const unsigned char sk[TOKEN_SECRET_KEY_LEN], char out[TOKEN_TEXT_MAX]);

/* Parses without verifying (to learn the edition whose key will verify it). Accepts versions 2
 * and 1, lower case,
 * ignores surrounding whitespace (scanners add CR/LF), never reads past the string's NUL.
 * False if text is NULL or not a well-formed token (c is then zeroed, if not NULL). */
bool token_read(const char *text, struct token_claims *c);

/* Parses and verifies against an edition's public key. On TOKEN_VALID fills c (if not NULL);
 * otherwise zeroes it. A NULL text or pk is TOKEN_MALFORMED. */
enum token_status token_verify(const char *text, const unsigned char pk[TOKEN_PUBLIC_KEY_LEN], struct token_claims *c);

/* A short name for a status ("valid", "malformed", "forged") for logs. */
const char *token_status_name(enum token_status s);
#endif
