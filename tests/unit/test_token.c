/* test_token.c — badges/token.c: check-in tokens are exactly 120 base32 characters that carry
 * version, edition, badge id and badge revision under an Ed25519 signature (version 2; version-1
 * tokens of older badges, which carry the registration id, still verify and say so). Signing and
 * verifying round-trip (extreme values too) and match known answers computed independently with
 * Python's `cryptography` and `base64.b32encode`; every single-character and every single-bit
 * alteration is refused; another edition's key is refused; truncated, padded, over-long,
 * foreign-character, empty and NULL inputs are refused, from heap buffers of their exact size so
 * that AddressSanitizer catches any read past the string; lower case and surrounding whitespace
 * (what scanners send) are accepted. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badges/token.h"

#define ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

/* Known answers: seed 00 01 02 … 1f, computed with Python's cryptography 38 (Ed25519) and
 * base64.b32encode over struct.pack(">BIIH", version, edition, id, revision) + signature.
 * KAT_1 and KAT_MAX are version 1 (badges made before badge ids, which must still verify);
 * KAT2_1 and KAT2_MAX the same claims as version 2, what token_sign writes now. */
static const char KAT_PK_HEX[] = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
static const char KAT_1[] =
    "AEAAAB7JAAABBEQAANNWZWKPSOKT2BCPTY5D77DJAWMVV6WQ45E4Q5EA5E6WVRFEQ527AHPAXNAZQ3FWEHWJD3OEUYTJ"
    "HJF2ZJZPQNHHJDPH6FGNSOAQIMYL"; /* 2025, 4242, 3 */
static const char KAT_MAX[] =
    "AH7777777777777774XK2FTHOITY4TZ3HLMHOEE5Z4262TBJCKSKFLQFUXZSSPDWUE25TETDRPIJT4WHK53ZALFEXHBQ"
    "OHERA2UZYQ5JQ2HXFAVVR6X4MZAK"; /* UINT32_MAX, UINT32_MAX, UINT16_MAX */
static const char KAT2_1[] =
    "AIAAAB7JAAABBEQAAOMPVNMSATBERHZ67NTFEVPNHCBUMUA577YIMTZFKZLSHJTF7TK6KB3UA4HR7IYZXAT7J3NNC7AF"
    "HWLS3SVXPWO6FYQHU67INYADFMYN"; /* 2025, 4242, 3 */
static const char KAT2_MAX[] =
    "AL7777777777777777HABVTJLMBGQWR77MCRRCC5K7JD7VLPZVJZCNNP6MDHL7GWDHDB7CQP7DTV45J6QE5HGFVPW4"
    "NOTPL6GXYHZI5PMSJJB2F2D7ZHNLAF"; /* UINT32_MAX, UINT32_MAX, UINT16_MAX */

struct keys {
  unsigned char pk[32], sk[64];   /* edition A */
  unsigned char pk2[32], sk2[64]; /* edition B */
};
static struct keys K;

static int group_setup(void **state) {
  (void)state;
  if (sodium_init() < 0) return -1;
  token_keypair(K.pk, K.sk);
  token_keypair(K.pk2, K.sk2);
  return 0;
}

/* A heap copy of exactly strlen(s)+1 bytes: reading past its NUL is an ASan error. */
static char *exact(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  assert_non_null(p);
  memcpy(p, s, n);
  return p;
}

static enum token_status verify_exact(const char *s, const unsigned char *pk, struct token_claims *c) {
  char *p = exact(s);
  enum token_status st = token_verify(p, pk, c);
  free(p);
  return st;
}

static bool read_exact(const char *s, struct token_claims *c) {
  char *p = exact(s);
  bool ok = token_read(p, c);
  free(p);
  return ok;
}

/* An independent encoder (bit by bit) used to build tokens the module would never sign. */
static void enc_b32(const unsigned char *bin, size_t n, char *out) {
  size_t bits = n * 8, o = 0;
  for (size_t b = 0; b < bits; b += 5) {
    int v = 0;
    for (size_t k = 0; k < 5; k++) {
      size_t bit = b + k;
      v = v << 1 | (bit < bits ? (bin[bit / 8] >> (7 - bit % 8)) & 1 : 0);
    }
    out[o++] = ALPHABET[v];
  }
  out[o] = '\0';
}

static void hex_to_bin(const char *hex, unsigned char *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
    out[i] = (unsigned char)v;
  }
}

static void assert_version_claims(const struct token_claims *c, uint8_t version, uint32_t ed, uint32_t reg,
                                  uint16_t rev) {
  assert_int_equal(c->version, version);
  assert_int_equal(c->edition_id, ed);
  assert_int_equal(c->badge_id, reg);
  assert_int_equal(c->revision, rev);
}

static void assert_claims(const struct token_claims *c, uint32_t ed, uint32_t reg, uint16_t rev) {
  assert_version_claims(c, TOKEN_VERSION, ed, reg, rev);
}

static void test_round_trip(void **state) {
  (void)state;
  const struct token_claims cases[] = {
      {1, 1, 1, 0},
      {1, 2025, 4242, 3},
      {1, 0, 0, 0},
      {1, UINT32_MAX, UINT32_MAX, UINT16_MAX},
      {1, 0x01020304, 0xA0B0C0D0, 0x8001},
      {0, 7, 8, 9} /* version ignored */,
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char t[TOKEN_TEXT_MAX];
    memset(t, 'x', sizeof t);
    assert_int_equal(token_sign(&cases[i], K.sk, t), 120);
    assert_int_equal(strlen(t), 120);
    assert_int_equal(strspn(t, ALPHABET), 120);
    struct token_claims c;
    memset(&c, 0xAA, sizeof c);
    assert_true(read_exact(t, &c));
    assert_claims(&c, cases[i].edition_id, cases[i].badge_id, cases[i].revision);
    memset(&c, 0xAA, sizeof c);
    assert_int_equal(verify_exact(t, K.pk, &c), TOKEN_VALID);
    assert_claims(&c, cases[i].edition_id, cases[i].badge_id, cases[i].revision);
    /* deterministic: Ed25519 signs the same payload the same way */
    char t2[TOKEN_TEXT_MAX];
    token_sign(&cases[i], K.sk, t2);
    assert_string_equal(t, t2);
  }
  /* a bumped revision is a different token, still valid: revocation is the caller's comparison */
  char a[TOKEN_TEXT_MAX], b[TOKEN_TEXT_MAX];
  token_sign(&(struct token_claims){1, 5, 6, 1}, K.sk, a);
  token_sign(&(struct token_claims){1, 5, 6, 2}, K.sk, b);
  assert_string_not_equal(a, b);
  struct token_claims c;
  assert_int_equal(token_verify(a, K.pk, &c), TOKEN_VALID);
  assert_int_equal(c.revision, 1);
}

static void test_known_answers(void **state) {
  (void)state;
  unsigned char seed[32], pk[32], sk[64], want_pk[32];
  for (int i = 0; i < 32; i++) seed[i] = (unsigned char)i;
  crypto_sign_seed_keypair(pk, sk, seed);
  hex_to_bin(KAT_PK_HEX, want_pk, 32);
  assert_memory_equal(pk, want_pk, 32);
  char t[TOKEN_TEXT_MAX];
  token_sign(&(struct token_claims){1, 2025, 4242, 3}, sk, t);
  assert_string_equal(t, KAT2_1);
  token_sign(&(struct token_claims){1, UINT32_MAX, UINT32_MAX, UINT16_MAX}, sk, t);
  assert_string_equal(t, KAT2_MAX);
  struct token_claims c;
  assert_int_equal(verify_exact(KAT2_1, want_pk, &c), TOKEN_VALID);
  assert_claims(&c, 2025, 4242, 3);
  assert_int_equal(verify_exact(KAT2_MAX, want_pk, &c), TOKEN_VALID);
  assert_claims(&c, UINT32_MAX, UINT32_MAX, UINT16_MAX);
  /* badges made before badge ids: still valid, and read as version 1 (the caller looks them up by
   * registration id) */
  assert_int_equal(verify_exact(KAT_1, want_pk, &c), TOKEN_VALID);
  assert_version_claims(&c, TOKEN_VERSION_LEGACY, 2025, 4242, 3);
  assert_int_equal(verify_exact(KAT_MAX, want_pk, &c), TOKEN_VALID);
  assert_version_claims(&c, TOKEN_VERSION_LEGACY, UINT32_MAX, UINT32_MAX, UINT16_MAX);
}

/* A version-1 token with the signature of the version-2 payload (or the reverse) is forged: the
 * version byte is signed, so an old badge's text cannot be turned into a new one's. */
static void test_version_is_signed(void **state) {
  (void)state;
  unsigned char bin[75] = {TOKEN_VERSION, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0};
  crypto_sign_detached(bin + 11, NULL, bin, 11, K.sk);
  bin[0] = TOKEN_VERSION_LEGACY;
  char t[TOKEN_TEXT_MAX];
  enc_b32(bin, 75, t);
  struct token_claims c;
  assert_true(read_exact(t, &c));
  assert_int_equal(verify_exact(t, K.pk, &c), TOKEN_FORGED);
  bin[0] = TOKEN_VERSION;
  enc_b32(bin, 75, t);
  assert_int_equal(verify_exact(t, K.pk, &c), TOKEN_VALID);
  assert_claims(&c, 1, 2, 0);
  assert_int_equal(strlen(t), 120); /* within the 120 characters API.md allows */
}

/* Every position changed to every other character of the alphabet: never valid. A change in the
 * first character alters the version byte (malformed); anywhere else the signature fails. */
static void test_every_character_alteration(void **state) {
  (void)state;
  char t[TOKEN_TEXT_MAX];
  token_sign(&(struct token_claims){1, 2025, 4242, 3}, K.sk, t);
  size_t forged = 0, malformed = 0;
  for (size_t i = 0; i < TOKEN_TEXT_LEN; i++) {
    for (const char *a = ALPHABET; *a; a++) {
      if (*a == t[i]) continue;
      char m[TOKEN_TEXT_MAX];
      memcpy(m, t, sizeof m);
      m[i] = *a;
      struct token_claims c;
      enum token_status st = token_verify(m, K.pk, &c);
      if (st == TOKEN_VALID) fail_msg("position %zu changed to '%c' still verifies", i, *a);
      assert_int_equal(c.edition_id, 0); /* claims are not handed out for a refused token */
      if (st == TOKEN_FORGED) forged++;
      else malformed++;
    }
  }
  assert_int_equal(forged + malformed, 120 * 31);
  /* the version byte 0x02 is bits 0-4 of character 0 and bits 0-2 of character 1: every change of
   * character 0 (31) and every change of character 1 touching its top three bits (28), but for the
   * 4 that make it 0x01 (version 1: readable, and then its signature fails) */
  assert_int_equal(malformed, 31 + 24);
  assert_int_equal(forged, 120 * 31 - 55);
}

/* Every single bit of the 75 decoded bytes flipped and re-encoded: never valid. */
static void test_every_bit_flip(void **state) {
  (void)state;
  unsigned char seed[32] = {7}, pk[32], sk[64];
  crypto_sign_seed_keypair(pk, sk, seed);
  unsigned char bin[75];
  bin[0] = 1;
  memcpy(bin + 1, "\x00\x00\x07\xe9\x00\x00\x10\x92\x00\x03", 10);
  crypto_sign_detached(bin + 11, NULL, bin, 11, sk);
  char t[TOKEN_TEXT_MAX];
  enc_b32(bin, 75, t);
  assert_int_equal(strlen(t), 120);
  struct token_claims c;
  assert_int_equal(token_verify(t, pk, &c), TOKEN_VALID);
  assert_version_claims(&c, TOKEN_VERSION_LEGACY, 2025, 4242, 3);
  for (size_t bit = 0; bit < 600; bit++) {
    bin[bit / 8] ^= (unsigned char)(0x80 >> (bit % 8));
    enc_b32(bin, 75, t);
    enum token_status st = token_verify(t, pk, &c);
    if (st == TOKEN_VALID) fail_msg("bit %zu flipped still verifies", bit);
    assert_int_equal(st, bit < 8 ? TOKEN_MALFORMED : TOKEN_FORGED);
    bin[bit / 8] ^= (unsigned char)(0x80 >> (bit % 8));
  }
}

static void test_other_edition_key(void **state) {
  (void)state;
  char t[TOKEN_TEXT_MAX];
  token_sign(&(struct token_claims){1, 1, 99, 0}, K.sk, t);
  struct token_claims c;
  assert_int_equal(verify_exact(t, K.pk2, &c), TOKEN_FORGED);
  assert_int_equal(c.badge_id, 0);
  /* token_read still tells which edition it claims, so the caller can pick the right key */
  assert_true(read_exact(t, &c));
  assert_claims(&c, 1, 99, 0);
  /* and a token signed with B's key under A's edition id is refused by A's key */
  token_sign(&(struct token_claims){1, 1, 99, 0}, K.sk2, t);
  assert_int_equal(verify_exact(t, K.pk, NULL), TOKEN_FORGED);
  /* an all-zero key is not a key */
  unsigned char zero[32] = {0};
  assert_int_equal(verify_exact(t, zero, NULL), TOKEN_FORGED);
}

static void test_unknown_version(void **state) {
  (void)state;
  for (int v = 0; v < 256; v++) {
    if (v == TOKEN_VERSION || v == TOKEN_VERSION_LEGACY) continue;
    unsigned char bin[75] = {(unsigned char)v, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0};
    crypto_sign_detached(bin + 11, NULL, bin, 11, K.sk);
    char t[TOKEN_TEXT_MAX];
    enc_b32(bin, 75, t);
    struct token_claims c;
    assert_false(read_exact(t, &c));
    assert_int_equal(verify_exact(t, K.pk, &c), TOKEN_MALFORMED);
  }
}

static void expect_malformed(const char *s, const char *why) {
  struct token_claims c;
  memset(&c, 0xAA, sizeof c);
  if (read_exact(s, &c)) fail_msg("token_read accepted %s", why);
  assert_int_equal(c.edition_id, 0);
  enum token_status st = verify_exact(s, K.pk, &c);
  if (st != TOKEN_MALFORMED) fail_msg("token_verify gave %s for %s", token_status_name(st), why);
}

static void test_malformed(void **state) {
  (void)state;
  char t[TOKEN_TEXT_MAX];
  token_sign(&(struct token_claims){1, 3, 4, 5}, K.sk, t);
  char buf[512];

  /* NULL everywhere */
  struct token_claims c;
  assert_false(token_read(NULL, &c));
  assert_false(token_read(NULL, NULL));
  assert_int_equal(token_verify(NULL, K.pk, &c), TOKEN_MALFORMED);
  assert_int_equal(token_verify(t, NULL, &c), TOKEN_MALFORMED);
  assert_int_equal(token_verify(NULL, NULL, NULL), TOKEN_MALFORMED);
  assert_int_equal(token_sign(NULL, K.sk, buf), 0);
  assert_int_equal(token_sign(&c, NULL, buf), 0);
  assert_int_equal(token_sign(&c, K.sk, NULL), 0);

  expect_malformed("", "the empty string");
  expect_malformed(" \r\n\t ", "only whitespace");
  /* every truncation, from the front and from the back */
  for (size_t n = 0; n < 120; n++) {
    memcpy(buf, t, n);
    buf[n] = '\0';
    expect_malformed(buf, "a truncated token");
    expect_malformed(t + 120 - n, "a token missing its start");
  }
  /* 121 characters: one more valid character at either end */
  snprintf(buf, sizeof buf, "%sA", t);
  expect_malformed(buf, "121 characters");
  snprintf(buf, sizeof buf, "A%s", t);
  expect_malformed(buf, "121 characters (front)");
  /* 119 characters */
  snprintf(buf, sizeof buf, "%.119s", t);
  expect_malformed(buf, "119 characters");
  /* base32 padding, base64 characters, separators */
  const char *pads[] = {"=", "====", "======"};
  for (size_t i = 0; i < sizeof pads / sizeof pads[0]; i++) {
    snprintf(buf, sizeof buf, "%s%s", t, pads[i]);
    expect_malformed(buf, "a padded token");
  }
  /* each invalid character at several positions, replacing a valid one (length stays 120) */
  const char bad[] = "018901=-_+/.:;,*#~!?@\"'<>{}[]()\\|^`$%&";
  const size_t positions[] = {0, 1, 7, 8, 59, 60, 118, 119};
  for (const char *b = bad; *b; b++) {
    for (size_t k = 0; k < sizeof positions / sizeof positions[0]; k++) {
      memcpy(buf, t, 121);
      buf[positions[k]] = *b;
      expect_malformed(buf, "an invalid character");
    }
  }
  /* bytes outside ASCII (Ñ in UTF-8, a lone continuation byte, 0xFF), controls */
  const char *weird[] = {"\xC3\x91", "\x80", "\xFF", "\x01", "\x7F", "\x1B"};
  for (size_t i = 0; i < sizeof weird / sizeof weird[0]; i++) {
    size_t wl = strlen(weird[i]);
    memcpy(buf, t, 60);
    memcpy(buf + 60, weird[i], wl);
    memcpy(buf + 60 + wl, t + 60 + wl, 121 - 60 - wl);
    expect_malformed(buf, "a non-ASCII or control byte");
  }
  /* whitespace inside the token */
  snprintf(buf, sizeof buf, "%.60s %s", t, t + 60);
  expect_malformed(buf, "a space inside");
  snprintf(buf, sizeof buf, "%.60s\n%s", t, t + 60);
  expect_malformed(buf, "a newline inside");
  /* a URL around the token, or the token twice */
  snprintf(buf, sizeof buf, "https://ame.gob.ec/c/%s", t);
  expect_malformed(buf, "a URL prefix");
  snprintf(buf, sizeof buf, "%s %s", t, t);
  expect_malformed(buf, "two tokens");
  /* a long run of garbage, and a long string of valid characters */
  memset(buf, 'A', 500);
  buf[500] = '\0';
  expect_malformed(buf, "500 A's");
  memset(buf, '~', 500);
  expect_malformed(buf, "500 tildes");
}

static void test_case_and_whitespace(void **state) {
  (void)state;
  char t[TOKEN_TEXT_MAX], buf[512];
  token_sign(&(struct token_claims){1, 77, 123456, 9}, K.sk, t);
  struct token_claims c;
  /* all lower case */
  for (size_t i = 0; i < 121; i++) buf[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
  assert_int_equal(verify_exact(buf, K.pk, &c), TOKEN_VALID);
  assert_claims(&c, 77, 123456, 9);
  /* mixed case, and a lower-cased single character is not an alteration */
  for (size_t i = 0; i < 121; i++) buf[i] = (char)(i % 2 && t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
  assert_int_equal(verify_exact(buf, K.pk, &c), TOKEN_VALID);
  /* what scanners and people add around it */
  const char *around[][2] = {{"", "\r\n"}, {"", "\n"}, {"  ", "  "}, {"\t", "\r"}, {"\r\n", ""}, {" \v\f", "\n\n\n"}};
  for (size_t i = 0; i < sizeof around / sizeof around[0]; i++) {
    snprintf(buf, sizeof buf, "%s%s%s", around[i][0], t, around[i][1]);
    memset(&c, 0, sizeof c);
    assert_int_equal(verify_exact(buf, K.pk, &c), TOKEN_VALID);
    assert_claims(&c, 77, 123456, 9);
    assert_true(read_exact(buf, &c));
  }
  /* claims out through NULL are fine */
  assert_true(token_read(t, NULL));
  assert_int_equal(token_verify(t, K.pk, NULL), TOKEN_VALID);
}

static void test_status_names(void **state) {
  (void)state;
  assert_string_equal(token_status_name(TOKEN_VALID), "valid");
  assert_string_equal(token_status_name(TOKEN_MALFORMED), "malformed");
  assert_string_equal(token_status_name(TOKEN_FORGED), "forged");
  assert_string_equal(token_status_name((enum token_status)42), "unknown");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),          cmocka_unit_test(test_known_answers),
      cmocka_unit_test(test_version_is_signed),   cmocka_unit_test(test_every_character_alteration),
      cmocka_unit_test(test_every_bit_flip),      cmocka_unit_test(test_other_edition_key),
      cmocka_unit_test(test_unknown_version),     cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_case_and_whitespace), cmocka_unit_test(test_status_names),
  };
  return cmocka_run_group_tests(tests, group_setup, NULL);
}
