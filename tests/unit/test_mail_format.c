/* test_mail_format.c — server/mail_format.c without a network: RFC 2047 subjects (decoded here
 * and compared with the original; long Spanish subjects split into encoded-words of at most 75
 * characters holding whole characters, lines of at most 76), the quoted-printable body (accents,
 * ñ, €, "=", trailing blanks, soft breaks at 76, CRLF only; decoded back here), the whole message
 * (headers, 7-bit, CRLF), header injection refused, the RFC 5322 date, the Message-ID of an
 * outbox row, which SMTP failures are permanent, and the retry schedule (retried forever). */
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

#include "mail_format.h"
#include "text.h"

static const char LONG_SUBJECT[] =
    "Se liberó un cupo: inscripción confirmada en IV Asamblea General de Autoridades de Relaciones "
    "Internacionales de Gobiernos Locales del Ecuador 2025 (código ÑÁ3X9K) — ¡bienvenido/a, José Ñacato Pérez!";

/* Base64 (standard alphabet, padded) to bytes; fails the test on bad input. Returns a new string. */
static char *b64_decode(const char *in, size_t len) {
  unsigned char *out = malloc(len + 1);
  size_t out_len = 0;
  if (sodium_base642bin(out, len, in, len, NULL, &out_len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
    fail_msg("not base64: %.*s", (int)len, in);
  out[out_len] = '\0';
  return (char *)out;
}

/* Checks the shape of a folded run of encoded-words that starts at column first_col and returns
 * the decoded text (new string). Every word: =?UTF-8?B?...?=, at most 75 characters, whole
 * UTF-8 characters; every line at most 76 characters. */
static char *decode_words(const char *enc, size_t first_col, size_t *words) {
  char *text = calloc(1, strlen(enc) + 1);
  size_t col = first_col;
  *words = 0;
  for (const char *p = enc; *p;) {
    const char *end = strstr(p, "\r\n");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    assert_true(col + len <= MAIL_LINE_MAX);
    assert_true(len <= MAIL_ENCODED_WORD_MAX);
    assert_true(len > 12);
    assert_memory_equal(p, "=?UTF-8?B?", 10);
    assert_memory_equal(p + len - 2, "?=", 2);
    char *chunk = b64_decode(p + 10, len - 12);
    assert_true(utf8_valid(chunk, strlen(chunk))); /* no character split across two words */
    strcat(text, chunk);
    free(chunk);
    (*words)++;
    if (!end) break;
    assert_int_equal(end[2], ' '); /* folding: CRLF then one space */
    p = end + 3;
    col = 1;
  }
  return text;
}

static void assert_subject_round_trips(const char *subject, size_t first_col, size_t min_words) {
  char *enc = mail_encode_words(subject, first_col);
  for (const char *p = enc; *p; p++) assert_true((unsigned char)*p < 0x80);
  size_t words = 0;
  char *back = decode_words(enc, first_col, &words);
  assert_string_equal(back, subject);
  assert_true(words >= min_words);
  free(back);
  free(enc);
}

static void test_subject_round_trips(void **state) {
  (void)state;
  assert_subject_round_trips("Inscripción confirmada: Pastaza 2025 (código K7M2QX)", 9, 1);
  assert_subject_round_trips("ñ", 9, 1);
  assert_subject_round_trips("€ € € 🎉 Año", 9, 1);
  assert_subject_round_trips("plain ASCII with = and ?= and _ signs", 9, 1);
  char *empty = mail_encode_words("", 9);
  assert_string_equal(empty, "");
  free(empty);
}

static void test_long_subject_split_into_valid_words(void **state) {
  (void)state;
  assert_subject_round_trips(LONG_SUBJECT, 9, 4);
  assert_subject_round_trips(LONG_SUBJECT, 0, 4);
  /* 4-byte characters only: every boundary choice must keep them whole */
  char emoji[4 * 60 + 1] = "";
  for (int i = 0; i < 60; i++) strcat(emoji, "🎉");
  assert_subject_round_trips(emoji, 9, 4);
  /* ñ repeated: 2-byte characters at every odd offset */
  char enes[2 * 100 + 1] = "";
  for (int i = 0; i < 100; i++) strcat(enes, "ñ");
  assert_subject_round_trips(enes, 9, 4);
}

/* Decodes quoted-printable (lines end in CRLF); checks every line is at most 76 characters,
 * no bare CR or LF, and no blank at the end of a line. Returns the text with \n line ends. */
static char *qp_decode(const char *qp) {
  char *out = calloc(1, strlen(qp) + 1);
  size_t n = 0;
  for (const char *p = qp; *p;) {
    const char *end = strstr(p, "\r\n");
    assert_non_null(end); /* every line ends in CRLF */
    size_t len = (size_t)(end - p);
    assert_true(len <= MAIL_LINE_MAX);
    assert_null(memchr(p, '\n', len));
    assert_null(memchr(p, '\r', len));
    if (len) assert_true(p[len - 1] != ' ' && p[len - 1] != '\t');
    bool soft = len && p[len - 1] == '=';
    size_t content = len - (soft ? 1 : 0);
    for (size_t i = 0; i < content; i++) {
      unsigned char c = (unsigned char)p[i];
      assert_true(c < 0x80 && (c >= 0x20 || c == '\t'));
      if (c == '=') {
        assert_true(i + 2 < content); /* a triplet is never cut by a soft break */
        unsigned v = 0;
        assert_int_equal(sscanf(p + i + 1, "%2X", &v), 1);
        assert_true(strchr("0123456789ABCDEF", p[i + 1]) && strchr("0123456789ABCDEF", p[i + 2]));
        out[n++] = (char)v;
        i += 2;
      } else {
        out[n++] = (char)c;
      }
    }
    if (!soft) out[n++] = '\n';
    p = end + 2;
  }
  out[n] = '\0';
  return out;
}

static void assert_qp(const char *text, const char *want) {
  char *got = mail_qp_encode(text);
  assert_string_equal(got, want);
  free(got);
}

/* Encodes and decodes text; the encoding always ends its last line, so a text without a final
 * newline comes back with one. */
static void assert_qp_round_trips(const char *text) {
  char *enc = mail_qp_encode(text);
  char *back = qp_decode(enc);
  size_t n = strlen(text);
  assert_int_equal(strlen(back), n + (n && text[n - 1] != '\n'));
  assert_memory_equal(back, text, n);
  free(back);
  free(enc);
}

static void test_qp_accents_and_symbols(void **state) {
  (void)state;
  assert_qp("Año: ñandú €\n", "A=C3=B1o: =C3=B1and=C3=BA =E2=82=AC\r\n");
  assert_qp("José Ñacato Pérez\n", "Jos=C3=A9 =C3=91acato P=C3=A9rez\r\n");
  assert_qp("a=b\n", "a=3Db\r\n");
  assert_qp("https://x.ec/r/ABC?t=x-y_z\n", "https://x.ec/r/ABC?t=3Dx-y_z\r\n");
  assert_qp("", "");
  assert_qp_round_trips("Código de inscripción: K7M2QX\nLugar y fechas: Puyo, Pastaza, 20–21 de noviembre de 2025\n");
}

static void test_qp_trailing_blanks_and_line_ends(void **state) {
  (void)state;
  assert_qp("hola \nchao\t\n", "hola=20\r\nchao=09\r\n");
  assert_qp("fin ", "fin=20\r\n");             /* at the end of the text too */
  assert_qp("a b\n", "a b\r\n");               /* inner blanks stay */
  assert_qp("uno\r\ndos\n", "uno\r\ndos\r\n"); /* CRLF and LF give the same */
  assert_qp("sin final", "sin final\r\n");     /* always ends with CRLF */
  assert_qp("a\rb\n", "a=0Db\r\n");            /* a lone CR is data, not a line end */
  assert_qp("\n\n", "\r\n\r\n");
  assert_qp("From here\n", "=46rom here\r\n"); /* mbox relays would turn it into ">From" */
  assert_qp_round_trips("  dos espacios al final  \n\ttab\t\n");
}

static void test_qp_long_lines_soft_broken(void **state) {
  (void)state;
  char line[501];
  memset(line, 'a', 500);
  line[500] = '\0';
  char *enc = mail_qp_encode(line);
  assert_true(strstr(enc, "=\r\n") != NULL);
  free(enc);
  assert_qp_round_trips(line);
  /* encoded triplets never cut by a soft break, blanks before a soft break kept */
  char enes[2 * 200 + 1] = "";
  for (int i = 0; i < 200; i++) strcat(enes, "ñ");
  assert_qp_round_trips(enes);
  char mixed[1200] = "";
  for (int i = 0; i < 40; i++) strcat(mixed, "año = € ");
  strcat(mixed, "\n");
  assert_qp_round_trips(mixed);
  char spaces[300];
  memset(spaces, ' ', 299);
  spaces[299] = '\0';
  assert_qp_round_trips(spaces);
  /* exactly 75 literal characters fit on one line; 76 need a soft break */
  memset(line, 'b', 75);
  line[75] = '\0';
  enc = mail_qp_encode(line);
  assert_null(strstr(enc, "=\r\n"));
  free(enc);
}

static const struct mail_message sample = {
    .from_name = "Asamblea AME",
    .from_addr = "no-reply@ame.gob.ec",
    .to_addr = "jose.nacato@puyo.gob.ec",
    .subject = "Inscripción confirmada: Pastaza 2025 (código K7M2QX)",
    .body = "Estimado/a José Ñacato Pérez:\n\nSu inscripción está confirmada.\n",
    .date = 1762264989,
    .message_id = "0123456789abcdef@ame.gob.ec",
};

/* The unfolded value of header name in msg (new string), or NULL. */
static char *header(const char *msg, const char *name) {
  size_t n = strlen(name);
  const char *end_of_headers = strstr(msg, "\r\n\r\n");
  for (const char *p = msg; p && p < end_of_headers; p = strstr(p, "\r\n") + 2) {
    if (strncmp(p, name, n) == 0 && p[n] == ':') {
      const char *v = p + n + 1;
      while (*v == ' ') v++;
      char *out = calloc(1, strlen(v) + 1);
      for (size_t k = 0; *v; v++) {
        if (v[0] == '\r' && v[1] == '\n') {
          if (v[2] != ' ' && v[2] != '\t') break;
          v += 1; /* unfold: drop the CRLF, keep the blank */
          continue;
        }
        out[k++] = *v;
      }
      return out;
    }
  }
  return NULL;
}

static void test_build_whole_message(void **state) {
  (void)state;
  const char *why = "unset";
  char *msg = mail_build(&sample, &why);
  assert_non_null(msg);
  assert_null(why);
  /* 7-bit, CRLF only, lines short */
  for (const char *p = msg; *p; p++) {
    assert_true((unsigned char)*p < 0x80);
    if (*p == '\n') assert_true(p > msg && p[-1] == '\r');
    if (*p == '\r') assert_true(p[1] == '\n');
  }
  for (const char *p = msg; *p;) {
    const char *end = strstr(p, "\r\n");
    assert_non_null(end);
    assert_true(end - p <= 78);
    p = end + 2;
  }
  char *v;
  assert_string_equal(v = header(msg, "Date"), "Tue, 04 Nov 2025 14:03:09 +0000"), free(v);
  assert_string_equal(v = header(msg, "From"), "Asamblea AME <no-reply@ame.gob.ec>"), free(v);
  assert_string_equal(v = header(msg, "To"), "jose.nacato@puyo.gob.ec"), free(v);
  assert_string_equal(v = header(msg, "Message-ID"), "<0123456789abcdef@ame.gob.ec>"), free(v);
  assert_string_equal(v = header(msg, "MIME-Version"), "1.0"), free(v);
  assert_string_equal(v = header(msg, "Content-Type"), "text/plain; charset=UTF-8"), free(v);
  assert_string_equal(v = header(msg, "Content-Transfer-Encoding"), "quoted-printable"), free(v);
  assert_memory_equal(msg, "Date: ", 6);
  /* the Subject header, unfolded, is encoded-words separated by blanks that decode to the subject */
  const char *s = strstr(msg, "\r\nSubject: ") + 11;
  const char *s_end = strstr(s, "\r\nMessage-ID:");
  char *folded = strndup(s, (size_t)(s_end - s));
  size_t words = 0;
  char *subject = decode_words(folded, 9, &words);
  assert_string_equal(subject, sample.subject);
  free(subject);
  free(folded);
  /* the body decodes back to the text */
  char *body = qp_decode(strstr(msg, "\r\n\r\n") + 4);
  assert_string_equal(body, sample.body);
  free(body);
  free(msg);
}

static void test_build_headers_ascii_and_non_ascii_names(void **state) {
  (void)state;
  struct mail_message m = sample;
  m.subject = "Plain subject";
  m.from_name = "Asociación de Municipalidades Ecuatorianas";
  const char *why;
  char *msg = mail_build(&m, &why);
  assert_non_null(msg);
  char *v = header(msg, "Subject");
  assert_string_equal(v, "Plain subject"); /* nothing to encode */
  free(v);
  v = header(msg, "From");
  assert_memory_equal(v, "=?UTF-8?B?", 10);
  const char *lt = strstr(v, " <no-reply@ame.gob.ec>");
  assert_non_null(lt);
  char *words = strndup(v, (size_t)(lt - v));
  char *name = calloc(1, 200);
  for (char *w = strtok(words, " "); w; w = strtok(NULL, " ")) { /* decoded words are adjacent */
    char *chunk = b64_decode(w + 10, strlen(w) - 12);
    strcat(name, chunk);
    free(chunk);
  }
  assert_string_equal(name, "Asociación de Municipalidades Ecuatorianas");
  free(name);
  free(words);
  free(v);
  free(msg);
  /* ASCII with specials is quoted; no name gives the bare address */
  m.from_name = "AME, Cooperacion \"Internacional\"";
  msg = mail_build(&m, &why);
  assert_string_equal(v = header(msg, "From"), "\"AME, Cooperacion \\\"Internacional\\\"\" <no-reply@ame.gob.ec>");
  free(v);
  free(msg);
  m.from_name = NULL;
  msg = mail_build(&m, &why);
  assert_string_equal(v = header(msg, "From"), "no-reply@ame.gob.ec");
  free(v);
  free(msg);
}

static void assert_refused(struct mail_message m) {
  const char *why = NULL;
  char *msg = mail_build(&m, &why);
  assert_null(msg);
  assert_non_null(why);
  assert_true(strlen(why) > 0);
}

static void test_header_injection_refused(void **state) {
  (void)state;
  struct mail_message m = sample;
  m.to_addr = "jose@puyo.gob.ec\r\nBcc: everyone@example.com";
  assert_refused(m);
  m.to_addr = "jose@puyo.gob.ec\nBcc: everyone@example.com";
  assert_refused(m);
  m.to_addr = "jose@puyo.gob.ec, other@example.com";
  assert_refused(m);
  m.to_addr = "José <jose@puyo.gob.ec>";
  assert_refused(m);
  m.to_addr = "no-at-sign";
  assert_refused(m);
  m = sample;
  m.subject = "Hola\r\nBcc: everyone@example.com";
  assert_refused(m);
  m.subject = "Hola\nX-Injected: 1";
  assert_refused(m);
  m.subject = "Hola\rX-Injected: 1";
  assert_refused(m);
  m = sample;
  m.from_name = "AME\r\nBcc: x@example.com";
  assert_refused(m);
  m = sample;
  m.from_addr = "no-reply@ame.gob.ec\r\nBcc: x@example.com";
  assert_refused(m);
  assert_true(mail_addr_ok("jose.nacato+asamblea@puyo.gob.ec"));
  assert_false(mail_addr_ok("a b@c.ec"));
  assert_false(mail_addr_ok("a@b@c.ec"));
  assert_false(mail_addr_ok("jos\xC3\xA9@c.ec"));
  assert_false(mail_addr_ok(""));
  assert_string_equal(mail_addr_domain("no-reply@ame.gob.ec"), "ame.gob.ec");
  assert_string_equal(mail_addr_domain("nobody"), "localhost");
}

static void test_date(void **state) {
  (void)state;
  char d[40];
  mail_format_date(0, d);
  assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
  mail_format_date(1762264989, d);
  assert_string_equal(d, "Tue, 04 Nov 2025 14:03:09 +0000");
}

static void test_backoff_schedule(void **state) {
  (void)state;
  const long want[] = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600}; /* after failures 1..9 */
  for (int f = 1; f <= 9; f++) assert_int_equal(mail_backoff(f, 30), want[f - 1]);
  /* a temporary failure is never given up: a 3.1 h outage is 10+ failures at base 30 */
  for (int f = 10; f <= 1000; f++) assert_int_equal(mail_backoff(f, 30), MAIL_BACKOFF_CAP);
  assert_int_equal(mail_backoff(1000000, 1), MAIL_BACKOFF_CAP);
  assert_int_equal(mail_backoff(12, 1), 2048); /* the short base of the tests keeps growing past 10 */
  assert_int_equal(mail_backoff(0, 30), -1);
  assert_int_equal(mail_backoff(1, 1), 1);
  assert_int_equal(mail_backoff(3, 1), 4);
  assert_int_equal(mail_backoff(1, 5000), MAIL_BACKOFF_CAP);
  assert_int_equal(mail_backoff(9, 3600), MAIL_BACKOFF_CAP);
  assert_int_equal(mail_backoff(1, 0), -1);
}

static void test_message_id_of_a_row(void **state) {
  (void)state;
  const char *key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  char *a = mail_message_id(42, key, "inscripciones@ame.gob.ec");
  char *b = mail_message_id(42, key, "inscripciones@ame.gob.ec");
  char *other = mail_message_id(43, key, "inscripciones@ame.gob.ec");
  assert_string_equal(a, "outbox-42.0f1e2d3c4b5a69788796a5b4c3d2e1f0@ame.gob.ec");
  assert_string_equal(a, b); /* every attempt of a row: the same Message-ID */
  assert_string_not_equal(a, other);
  assert_true(mail_addr_ok(a)); /* mail_build accepts it */
  free(a);
  free(b);
  free(other);
  char *bare = mail_message_id(7, key, "nobody");
  assert_string_equal(bare, "outbox-7.0f1e2d3c4b5a69788796a5b4c3d2e1f0@localhost");
  free(bare);
}

static void test_permanent_failures(void **state) {
  (void)state;
  const long permanent[] = {550, 551, 552, 553, 554, 500, 599};
  for (size_t i = 0; i < sizeof permanent / sizeof permanent[0]; i++) {
    assert_true(mail_failure_permanent(MAIL_STAGE_RCPT, permanent[i]));
    assert_true(mail_failure_permanent(MAIL_STAGE_DATA, permanent[i]));
  }
  const long temporary[] = {0, 421, 450, 451, 452, 454, 250, 354, 600, -1};
  for (size_t i = 0; i < sizeof temporary / sizeof temporary[0]; i++) {
    assert_false(mail_failure_permanent(MAIL_STAGE_RCPT, temporary[i]));
    assert_false(mail_failure_permanent(MAIL_STAGE_DATA, temporary[i]));
  }
  /* refused greeting, AUTH (535) or sender: this server's configuration, retried */
  assert_false(mail_failure_permanent(MAIL_STAGE_SESSION, 535));
  assert_false(mail_failure_permanent(MAIL_STAGE_SESSION, 554));
  assert_false(mail_failure_permanent(MAIL_STAGE_MAIL, 553));
  /* no reply at all (connection refused, timeout, TLS error) */
  assert_false(mail_failure_permanent(MAIL_STAGE_SESSION, 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_subject_round_trips),
      cmocka_unit_test(test_long_subject_split_into_valid_words),
      cmocka_unit_test(test_qp_accents_and_symbols),
      cmocka_unit_test(test_qp_trailing_blanks_and_line_ends),
      cmocka_unit_test(test_qp_long_lines_soft_broken),
      cmocka_unit_test(test_build_whole_message),
      cmocka_unit_test(test_build_headers_ascii_and_non_ascii_names),
      cmocka_unit_test(test_header_injection_refused),
      cmocka_unit_test(test_date),
      cmocka_unit_test(test_backoff_schedule),
      cmocka_unit_test(test_message_id_of_a_row),
      cmocka_unit_test(test_permanent_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
