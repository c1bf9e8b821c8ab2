/* token.c — signing and verifying check-in tokens (format in token.h). Pure computation on bytes
 * with libsodium's Ed25519; no HTTP, no SQL, no allocation.
 *
 * Base32 is done here rather than with a library: 75 bytes are exactly 600 bits = 120 characters,
 * so there is no padding and no partial last group, and every 120-character string over the
 * alphabet maps to exactly one byte string — no two texts share a signature. The decoder walks
 * the input one character at a time and stops at its NUL, so it never reads past a string. */
#include "token.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void sodium_ready(void) {
  /* idempotent and thread-safe; a failure here means no usable randomness: nothing to do but stop */
  if (sodium_init() < 0) abort();
}

void token_keypair(unsigned char pk[TOKEN_PUBLIC_KEY_LEN], unsigned char sk[TOKEN_SECRET_KEY_LEN]) {
  sodium_ready();
  crypto_sign_keypair(pk, sk);
}

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static uint32_t get_be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* 75 bytes → 120 characters + NUL; every 5 bytes make 8 characters. */
static void b32_encode(const unsigned char bin[TOKEN_BINARY_LEN], char out[TOKEN_TEXT_MAX]) {
  size_t o = 0;
  for (size_t i = 0; i < TOKEN_BINARY_LEN; i += 5) {
    uint64_t g = 0;
    for (size_t k = 0; k < 5; k++) g = g << 8 | bin[i + k];
    for (int k = 7; k >= 0; k--) out[o++] = B32[(g >> (5 * k)) & 31];
  }
  out[o] = '\0';
}

/* Value of a base32 character (either case), or -1. */
static int b32_value(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a';
  if (ch >= '2' && ch <= '7') return ch - '2' + 26;
  return -1;
}

static bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* Trims surrounding whitespace and decodes exactly 120 base32 characters into bin. */
static bool b32_decode_token(const char *text, unsigned char bin[TOKEN_BINARY_LEN]) {
  if (!text) return false;
  const char *p = text;
  while (is_space(*p)) p++;
  uint64_t g = 0;
  size_t n = 0, o = 0;
  for (; *p && !is_space(*p); p++) {
    int v = b32_value(*p);
    if (v < 0 || n == TOKEN_TEXT_LEN) return false; /* foreign character, or too long */
    g = g << 5 | (uint64_t)v;
    if (++n % 8 == 0) {
      for (int k = 4; k >= 0; k--) bin[o++] = (unsigned char)(g >> (8 * k));
      g = 0;
    }
  }
  while (is_space(*p)) p++;
  return *p == '\0' && n == TOKEN_TEXT_LEN; /* nothing but whitespace after it, and all of it */
}

size_t token_sign(const struct token_claims *c, const unsigned char sk[TOKEN_SECRET_KEY_LEN],
                  char out[TOKEN_TEXT_MAX]) {
  if (!c || !sk || !out) return 0;
  sodium_ready();
  unsigned char bin[TOKEN_BINARY_LEN];
  bin[0] = TOKEN_VERSION;
  put_be32(bin + 1, c->edition_id);
  put_be32(bin + 5, c->badge_id);
  bin[9] = (unsigned char)(c->revision >> 8);
  bin[10] = (unsigned char)c->revision;
  crypto_sign_detached(bin + TOKEN_PAYLOAD_LEN, NULL, bin, TOKEN_PAYLOAD_LEN, sk);
  b32_encode(bin, out);
  return TOKEN_TEXT_LEN;
}

static bool parse(const char *text, unsigned char bin[TOKEN_BINARY_LEN], struct token_claims *c) {
  if (!b32_decode_token(text, bin) || (bin[0] != TOKEN_VERSION && bin[0] != TOKEN_VERSION_LEGACY)) return false;
  c->version = bin[0];
  c->edition_id = get_be32(bin + 1);
  c->badge_id = get_be32(bin + 5);
  c->revision = (uint16_t)(bin[9] << 8 | bin[10]);
  return true;
}

bool token_read(const char *text, struct token_claims *c) {
  unsigned char bin[TOKEN_BINARY_LEN];
  struct token_claims tmp = {0};
  bool ok = parse(text, bin, &tmp);
  if (!ok) memset(&tmp, 0, sizeof tmp);
  if (c) *c = tmp;
  return ok;
}

enum token_status token_verify(const char *text, const unsigned char pk[TOKEN_PUBLIC_KEY_LEN], struct token_claims *c) {
  unsigned char bin[TOKEN_BINARY_LEN];
  struct token_claims tmp = {0};
  enum token_status st = TOKEN_MALFORMED;
  if (pk && parse(text, bin, &tmp)) {
    sodium_ready();
    st = crypto_sign_verify_detached(bin + TOKEN_PAYLOAD_LEN, bin, TOKEN_PAYLOAD_LEN, pk) == 0 ? TOKEN_VALID
                                                                                               : TOKEN_FORGED;
  }
  if (st != TOKEN_VALID) memset(&tmp, 0, sizeof tmp);
  if (c) *c = tmp;
  return st;
}

const char *token_status_name(enum token_status s) {
  switch (s) {
    case TOKEN_VALID: return "valid";
    case TOKEN_MALFORMED: return "malformed";
    case TOKEN_FORGED: return "forged";
  }
  return "unknown";
}
