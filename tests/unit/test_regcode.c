/* test_regcode.c — server/regcode.c: new codes are six characters of the unambiguous alphabet
 * (never 0, O, 1 or I), random enough that 10000 draws hardly repeat; regcode_normalize turns
 * what a person types ("k7p-m3q", spaces, lower case) into the canonical code and refuses
 * anything that cannot be one (wrong length, forbidden or non-ASCII characters). */
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

#include "regcode.h"

#define DRAWS 10000

static int group_setup(void **state) {
  (void)state;
  return sodium_init() < 0 ? -1 : 0;
}

static int cmp_code(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static void test_alphabet(void **state) {
  (void)state;
  assert_int_equal(strlen(REGCODE_ALPHABET), 32);
  assert_int_equal(REGCODE_LEN, 6);
  for (const char *p = "0O1I"; *p; p++)
    if (strchr(REGCODE_ALPHABET, *p)) fail_msg("alphabet holds the ambiguous '%c'", *p);
  /* no character twice, all upper-case ASCII letters or digits */
  for (size_t i = 0; i < 32; i++) {
    char c = REGCODE_ALPHABET[i];
    assert_true((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z'));
    assert_ptr_equal(strchr(REGCODE_ALPHABET, c), REGCODE_ALPHABET + i);
  }
}

static void test_new_codes(void **state) {
  (void)state;
  char(*codes)[REGCODE_LEN + 1] = calloc(DRAWS, REGCODE_LEN + 1);
  assert_non_null(codes);
  unsigned counts[256] = {0};
  for (int i = 0; i < DRAWS; i++) {
    memset(codes[i], 'x', REGCODE_LEN + 1);
    regcode_new(codes[i]);
    if (strlen(codes[i]) != REGCODE_LEN) fail_msg("code %d has length %zu", i, strlen(codes[i]));
    for (int k = 0; k < REGCODE_LEN; k++) {
      char c = codes[i][k];
      if (!strchr(REGCODE_ALPHABET, c) || c == '\0') fail_msg("code \"%s\" holds '%c'", codes[i], c);
      counts[(unsigned char)c]++;
    }
    /* a new code is already canonical */
    char back[REGCODE_LEN + 1];
    assert_true(regcode_normalize(codes[i], back));
    assert_string_equal(back, codes[i]);
  }
  /* 32^6 ≈ 1.07e9 codes: 10000 draws expect ≈ 0.05 collisions; allow a few */
  qsort(codes, DRAWS, REGCODE_LEN + 1, cmp_code);
  int dups = 0;
  for (int i = 1; i < DRAWS; i++) dups += strcmp(codes[i - 1], codes[i]) == 0;
  if (dups > 3) fail_msg("%d duplicate codes in %d draws", dups, DRAWS);
  /* every character is used, none far from 60000/32 = 1875 (σ ≈ 43) */
  for (size_t i = 0; i < 32; i++) {
    unsigned n = counts[(unsigned char)REGCODE_ALPHABET[i]];
    if (n < 1500 || n > 2250) fail_msg("'%c' drawn %u times of %d", REGCODE_ALPHABET[i], n, DRAWS * REGCODE_LEN);
  }
  free(codes);
}

/* Asserts that in normalizes to want (NULL: refused). */
static void expect_norm(const char *in, const char *want) {
  char out[REGCODE_LEN + 1];
  bool ok = regcode_normalize(in, out);
  if (want == NULL) {
    if (ok) fail_msg("regcode_normalize(\"%s\") accepted as \"%s\"", in, out);
    return;
  }
  if (!ok) fail_msg("regcode_normalize(\"%s\") refused, want \"%s\"", in, want);
  if (strcmp(out, want) != 0) fail_msg("regcode_normalize(\"%s\") = \"%s\", want \"%s\"", in, out, want);
}

static void test_normalize_accepts(void **state) {
  (void)state;
  expect_norm("K7PM3Q", "K7PM3Q");
  expect_norm("k7pm3q", "K7PM3Q");
  expect_norm("k7p-m3q", "K7PM3Q");
  expect_norm("K7P M3Q", "K7PM3Q");
  expect_norm(" k7p - m3q ", "K7PM3Q");
  expect_norm("k-7-p-m-3-q", "K7PM3Q");
  expect_norm("--K7PM3Q--", "K7PM3Q");
  expect_norm("22222Z", "22222Z");
  expect_norm("zzzzzz", "ZZZZZZ");
  expect_norm("abcdef", "ABCDEF");
}

static void test_normalize_refuses(void **state) {
  (void)state;
  /* wrong length */
  expect_norm("", NULL);
  expect_norm("   ", NULL);
  expect_norm("-", NULL);
  expect_norm("K7PM3", NULL);
  expect_norm("K7PM3QX", NULL);
  expect_norm("k7p-m3q-2", NULL);
  expect_norm("K7PM3QK7PM3QK7PM3QK7PM3QK7PM3Q", NULL);
  /* ambiguous characters, in either case */
  expect_norm("K7PM3O", NULL);
  expect_norm("K7PM3o", NULL);
  expect_norm("K7PM30", NULL);
  expect_norm("K7PM3I", NULL);
  expect_norm("K7PM3i", NULL);
  expect_norm("K7PM31", NULL);
  /* other characters */
  expect_norm("K7PM3_", NULL);
  expect_norm("K7PM3.", NULL);
  expect_norm("K7P\tM3Q", NULL);
  expect_norm("K7P\nM3Q", NULL);
  expect_norm("K7PM3%", NULL);
  expect_norm("K7PM3/", NULL);
  /* non-ASCII: accented letters, a look-alike Cyrillic К, a full-width Ｋ, stray bytes */
  expect_norm("K7PM3Ñ", NULL);
  expect_norm("k7pm3ñ", NULL);
  expect_norm(
      "\xD0\x9A"
      "7PM3Q",
      NULL); /* Cyrillic capital KA */
  expect_norm(
      "\xEF\xBC\xAB"
      "7PM3Q",
      NULL); /* FULLWIDTH LATIN CAPITAL K */
  expect_norm("K7PM3\xFF", NULL);
  expect_norm("K7PM\xC3\x89", NULL); /* "É": 2 bytes, would be length 6 if counted as bytes */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_alphabet),
      cmocka_unit_test(test_new_codes),
      cmocka_unit_test(test_normalize_accepts),
      cmocka_unit_test(test_normalize_refuses),
  };
  return cmocka_run_group_tests(tests, group_setup, NULL);
}
