/* test_text.c — server/text.c: strict UTF-8 validation (overlongs, surrogates, code points past
 * U+10FFFF, truncated sequences), code point counting, and accent folding for search
 * ("Pérez Ñacato" is found by "perez nacato"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static bool valid(const char *s) { return utf8_valid(s, strlen(s)); }

static void assert_fold(const char *in, const char *want) {
  char *got = text_fold(in);
  if (strcmp(got, want) != 0) {
    char msg[512];
    snprintf(msg, sizeof msg, "text_fold(\"%s\") = \"%s\", want \"%s\"", in, got, want);
    free(got);
    fail_msg("%s", msg);
  }
  free(got);
}

static void test_utf8_valid_accepts_well_formed(void **state) {
  (void)state;
  assert_true(utf8_valid("", 0));
  assert_true(valid("Latacunga"));
  assert_true(valid("Pérez Ñacato"));     /* 2-byte */
  assert_true(valid("\xE2\x82\xAC"));     /* € U+20AC, 3-byte */
  assert_true(valid("\xF0\x9F\x98\x80")); /* 😀 U+1F600, 4-byte */
  assert_true(valid("\xC2\x80"));         /* U+0080, smallest 2-byte */
  assert_true(valid("\xDF\xBF"));         /* U+07FF */
  assert_true(valid("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
  assert_true(valid("\xED\x9F\xBF"));     /* U+D7FF, just below the surrogates */
  assert_true(valid("\xEE\x80\x80"));     /* U+E000, just above them */
  assert_true(valid("\xEF\xBF\xBF"));     /* U+FFFF */
  assert_true(valid("\xF0\x90\x80\x80")); /* U+10000, smallest 4-byte */
  assert_true(valid("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the last code point */
  assert_true(valid("a\xF0\x9F\x98\x80z"));
  /* the length is what counts, not a terminating NUL: an embedded NUL is ASCII */
  assert_true(utf8_valid("a\0b", 3));
}

static void test_utf8_valid_rejects_malformed(void **state) {
  (void)state;
  assert_false(valid("\xC0\x80"));         /* overlong NUL */
  assert_false(valid("\xC1\xBF"));         /* overlong 2-byte */
  assert_false(valid("\xE0\x80\x80"));     /* overlong 3-byte */
  assert_false(valid("\xE0\x9F\xBF"));     /* overlong U+07FF */
  assert_false(valid("\xF0\x80\x80\x80")); /* overlong 4-byte */
  assert_false(valid("\xF0\x8F\xBF\xBF")); /* overlong U+FFFF */
  assert_false(valid("\xED\xA0\x80"));     /* U+D800, high surrogate */
  assert_false(valid("\xED\xBF\xBF"));     /* U+DFFF, low surrogate */
  assert_false(valid("\xF4\x90\x80\x80")); /* U+110000 */
  assert_false(valid("\xF5\x80\x80\x80")); /* lead byte past F4 */
  assert_false(valid("\xFF"));
  assert_false(valid("\xFE"));
  assert_false(valid("\x80")); /* lone continuation byte */
  assert_false(valid("a\xBFz"));
  assert_false(valid("\xC3\x28")); /* lead byte followed by ASCII */
  assert_false(valid("\xE2\x28\xA1"));
  assert_false(valid("\xF0\x9F\x98\x28"));
}

static void test_utf8_valid_truncated_at_end(void **state) {
  (void)state;
  assert_false(valid("\xC3"));
  assert_false(valid("abc\xC3"));
  assert_false(valid("\xE2\x82"));
  assert_false(valid("x\xE2"));
  assert_false(valid("\xF0\x9F\x98"));
  assert_false(valid("\xF0\x9F"));
  assert_false(valid("\xF0"));
  /* a valid string cut by the length argument in the middle of a sequence */
  const char *euro = "a\xE2\x82\xAC";
  assert_true(utf8_valid(euro, 4));
  assert_false(utf8_valid(euro, 3));
  assert_false(utf8_valid(euro, 2));
  assert_true(utf8_valid(euro, 1));
  const char *emoji = "\xF0\x9F\x98\x80";
  assert_false(utf8_valid(emoji, 3));
  assert_true(utf8_valid(emoji, 4));
}

static void test_utf8_length(void **state) {
  (void)state;
  assert_int_equal(utf8_length(""), 0);
  assert_int_equal(utf8_length("abc"), 3);
  assert_int_equal(utf8_length("ñ"), 1);
  assert_int_equal(utf8_length("Ñandú"), 5);
  assert_int_equal(utf8_length("\xE2\x82\xAC"), 1);
  assert_int_equal(utf8_length("\xF0\x9F\x98\x80"), 1);
  assert_int_equal(utf8_length("a\xF0\x9F\x98\x80"
                               "b\xE2\x82\xAC"),
                   4);
  assert_int_equal(utf8_length("dirección.cooperación@ame.gob.ec"), 32);
}

static void test_text_fold_spanish(void **state) {
  (void)state;
  assert_fold("Pérez Ñacato", "perez nacato");
  assert_fold("ÁÉÍÓÚÜ", "aeiouu");
  assert_fold("áéíóúüñ", "aeiouun");
  assert_fold("Argüello", "arguello");
  assert_fold("GAD Municipal de Nabón", "gad municipal de nabon");
  assert_fold("", "");
  assert_fold("ABC xyz 0123 -_.@", "abc xyz 0123 -_.@");
}

static void test_text_fold_other_latin(void **state) {
  (void)state;
  assert_fold("Ç ç", "c c");   /* French, Portuguese */
  assert_fold("ÃÕãõ", "aoao"); /* Portuguese */
  assert_fold("ÀÈÌÒÙàèìòù", "aeiouaeiou");
  assert_fold("ÂÊÎÔÛâêîôû", "aeiouaeiou");
  assert_fold("ÿ", "y"); /* U+00FF, the end of Latin-1 */
  assert_fold("Ā", "a"); /* U+0100, start of Latin Extended-A */
  assert_fold("Łódź", "lodz");
  assert_fold("Šž", "sz");
  assert_fold("ſ", "s"); /* U+017F, the last folded code point */
}

static void test_text_fold_keeps_other_characters(void **state) {
  (void)state;
  assert_fold(
      "\xE2\x82\xAC"
      "100",
      "\xE2\x82\xAC"
      "100");                        /* € */
  assert_fold("×÷", "×÷");           /* U+00D7, U+00F7: no plain letter */
  assert_fold("«Quito»", "«quito»"); /* U+00AB/BB (C2 lead byte) untouched */
  assert_fold("Ωλ", "Ωλ");           /* Greek is not folded */
  assert_fold("ƀ", "ƀ");             /* U+0180, just past the table */
  assert_fold("\xF0\x9F\x98\x80 ok", "\xF0\x9F\x98\x80 ok");
  /* a truncated sequence at the end is copied, not read past */
  assert_fold("Ab\xC3", "ab\xC3");
}

static void test_text_fold_is_idempotent(void **state) {
  (void)state;
  const char *samples[] = {"Pérez Ñacato", "Argüello", "Łódź €", "MUNICIPIO DE PORTOVIEJO"};
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    char *once = text_fold(samples[i]);
    char *twice = text_fold(once);
    assert_string_equal(once, twice);
    assert_true(utf8_valid(once, strlen(once)));
    free(once);
    free(twice);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_valid_accepts_well_formed),
      cmocka_unit_test(test_utf8_valid_rejects_malformed),
      cmocka_unit_test(test_utf8_valid_truncated_at_end),
      cmocka_unit_test(test_utf8_length),
      cmocka_unit_test(test_text_fold_spanish),
      cmocka_unit_test(test_text_fold_other_latin),
      cmocka_unit_test(test_text_fold_keeps_other_characters),
      cmocka_unit_test(test_text_fold_is_idempotent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
