/* fuzz_token.c — libFuzzer target for check-in token decoding (badges/token.c): token_read and
 * token_verify on arbitrary text with a fixed edition key. A door scanner or a keyboard-wedge
 * reader types whatever it read, so this is hostile input. Checks:
 *   - never a crash or a read past the string (ASan);
 *   - read and verify agree: malformed for one is malformed for the other, claims are zeroed
 *     whenever the answer is not "valid";
 *   - "valid" only for the one text the key's owner signed for those claims (up to letter case
 *     and surrounding whitespace, which token.h allows): an arbitrary text is never accepted;
 *   - the same for a second edition's key, never valid under both, never valid without a key;
 *   - a token signed here for claims taken from the input verifies, and changing any one of its
 *     120 characters to another base32 value never verifies. */
#include <sodium.h>
#include <stdbool.h>

#include "badges/token.h"
#include "fuzz.h"

static unsigned char pk[TOKEN_PUBLIC_KEY_LEN], sk[TOKEN_SECRET_KEY_LEN];
static unsigned char other_pk[TOKEN_PUBLIC_KEY_LEN], other_sk[TOKEN_SECRET_KEY_LEN];
static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void keys_once(void) {
  static bool ready;
  if (ready) return;
  if (sodium_init() < 0) abort();
  unsigned char seed[crypto_sign_SEEDBYTES];
  memset(seed, 0x42, sizeof seed); /* fixed: tests/fuzz/corpus/token holds tokens of this key */
  crypto_sign_seed_keypair(pk, sk, seed);
  memset(seed, 0x17, sizeof seed);
  crypto_sign_seed_keypair(other_pk, other_sk, seed);
  ready = true;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/* The text without surrounding whitespace, upper-cased, into out (at most cap-1 bytes). */
static void normalize(const char *text, char *out, size_t cap) {
  while (is_space(*text)) text++;
  size_t n = strlen(text);
  while (n && is_space(text[n - 1])) n--;
  if (n >= cap) n = cap - 1;
  for (size_t i = 0; i < n; i++) out[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
  out[n] = '\0';
}

static bool zeroed(const struct token_claims *c) {
  return c->version == 0 && c->edition_id == 0 && c->badge_id == 0 && c->revision == 0;
}

/* Rewrites a current token as the version-1 token of the same claims, signed by secret_key. */
static void legacy_text(char tok[TOKEN_TEXT_MAX], const unsigned char *secret_key) {
  unsigned char bin[TOKEN_BINARY_LEN];
  for (size_t i = 0, o = 0; i < TOKEN_TEXT_LEN; i += 8) {
    uint64_t g = 0;
    for (size_t k = 0; k < 8; k++) g = g << 5 | (uint64_t)(strchr(B32, tok[i + k]) - B32);
    for (int k = 4; k >= 0; k--) bin[o++] = (unsigned char)(g >> (8 * k));
  }
  bin[0] = TOKEN_VERSION_LEGACY;
  crypto_sign_detached(bin + TOKEN_PAYLOAD_LEN, NULL, bin, TOKEN_PAYLOAD_LEN, secret_key);
  for (size_t i = 0, o = 0; i < TOKEN_BINARY_LEN; i += 5) {
    uint64_t g = 0;
    for (size_t k = 0; k < 5; k++) g = g << 8 | bin[i + k];
    for (int k = 7; k >= 0; k--) tok[o++] = B32[(g >> (5 * k)) & 31];
  }
}

/* Verifies text with one key pair's public key and checks the answer (see the top of the file). */
static void check_with(const char *text, const unsigned char *public_key, const unsigned char *secret_key) {
  struct token_claims read_c, ver_c;
  memset(&read_c, 0xAA, sizeof read_c);
  memset(&ver_c, 0xAA, sizeof ver_c);
  bool read = token_read(text, &read_c);
  enum token_status st = token_verify(text, public_key, &ver_c);
  FUZZ_CHECK(st == TOKEN_VALID || st == TOKEN_FORGED || st == TOKEN_MALFORMED, "status %d", (int)st);
  if (!read) {
    FUZZ_CHECK(st == TOKEN_MALFORMED, "unreadable text verified as %s", token_status_name(st));
    FUZZ_CHECK(zeroed(&read_c), "claims of an unreadable text not zeroed");
  } else {
    FUZZ_CHECK(st != TOKEN_MALFORMED, "readable text called malformed");
    FUZZ_CHECK(read_c.version == TOKEN_VERSION || read_c.version == TOKEN_VERSION_LEGACY, "version %u read",
               read_c.version);
  }
  if (st != TOKEN_VALID) {
    FUZZ_CHECK(zeroed(&ver_c), "claims of a refused token not zeroed");
    return;
  }
  /* valid: the text must be exactly what this key's owner signs for these claims */
  FUZZ_CHECK(memcmp(&read_c, &ver_c, sizeof read_c) == 0, "read and verify disagree on the claims");
  char canon[TOKEN_TEXT_MAX], got[TOKEN_TEXT_MAX + 8];
  FUZZ_CHECK(token_sign(&ver_c, secret_key, canon) == TOKEN_TEXT_LEN, "token_sign");
  if (ver_c.version == TOKEN_VERSION_LEGACY) legacy_text(canon, secret_key); /* token_sign writes the current version */
  normalize(text, got, sizeof got);
  FUZZ_CHECK(strcmp(canon, got) == 0, "accepted a text that is not the signed token:\n  %s\n  %s", got, canon);
}

static void check_text(const char *text) {
  check_with(text, pk, sk);
  check_with(text, other_pk, other_sk);
  /* one text is never valid under both editions' keys */
  FUZZ_CHECK(!(token_verify(text, pk, NULL) == TOKEN_VALID && token_verify(text, other_pk, NULL) == TOKEN_VALID),
             "valid under two keys");
  FUZZ_CHECK(token_verify(text, NULL, NULL) == TOKEN_MALFORMED, "no key but not malformed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  keys_once();
  char *text = fuzz_cstr(data, size);
  check_text(text);
  free(text);

  /* Round trip: claims from the first 10 bytes, one character changed at a place from the input. */
  if (size >= 12) {
    struct token_claims c = {
        .version = 0, /* ignored by token_sign */
        .edition_id = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3],
        .badge_id = (uint32_t)data[4] << 24 | (uint32_t)data[5] << 16 | (uint32_t)data[6] << 8 | data[7],
        .revision = (uint16_t)(data[8] << 8 | data[9]),
    };
    char tok[TOKEN_TEXT_MAX];
    FUZZ_CHECK(token_sign(&c, sk, tok) == TOKEN_TEXT_LEN && strlen(tok) == TOKEN_TEXT_LEN, "token_sign length");
    struct token_claims back;
    FUZZ_CHECK(token_verify(tok, pk, &back) == TOKEN_VALID, "own token refused");
    FUZZ_CHECK(back.edition_id == c.edition_id && back.badge_id == c.badge_id && back.revision == c.revision &&
                   back.version == TOKEN_VERSION,
               "claims changed");
    FUZZ_CHECK(token_verify(tok, other_pk, NULL) == TOKEN_FORGED, "own token valid under another key");
    size_t pos = data[10] % TOKEN_TEXT_LEN;
    const char *at = strchr(B32, tok[pos]);
    FUZZ_CHECK(at != NULL, "token character outside base32");
    unsigned delta = 1u + data[11] % 31u; /* 1..31: always another value */
    tok[pos] = B32[((unsigned)(at - B32) + delta) % 32u];
    FUZZ_CHECK(token_verify(tok, pk, NULL) != TOKEN_VALID, "a token with character %zu changed still verifies", pos);
  }
  return 0;
}
