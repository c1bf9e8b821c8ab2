/* test_mail_messages.c — server/mail_messages.c: Spanish date ranges (one day, same month, across months,
 * across years, malformed input), and the attendee e-mails of each kind: the subject names the
 * edition and the code with its accents intact, the body names the person, the edition's full
 * title, the code, place and dates, the waitlist position when waitlisted, and the personal
 * manage link "<public_url>/r/CODE?t=TOKEN" exactly when a token is given. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mail_messages.h"
#include "text.h"

#define TOKEN "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde" /* 43 base64url characters */

static const char *const all_kinds_names[] = {"registration.confirmed", "registration.waitlisted",
                                              "registration.promoted", "registration.cancelled", "registration.link"};
static const enum message_kind all_kinds[] = {MSG_CONFIRMED, MSG_WAITLISTED, MSG_PROMOTED, MSG_CANCELLED, MSG_NEW_LINK};
#define KINDS (sizeof all_kinds / sizeof all_kinds[0])

static struct edition pastaza(void) {
  struct edition e;
  memset(&e, 0, sizeof e);
  e.id = 2;
  snprintf(e.slug, sizeof e.slug, "pastaza-2025");
  snprintf(e.timezone, sizeof e.timezone, "America/Guayaquil");
  snprintf(e.status, sizeof e.status, "open");
  e.capacity = 300;
  snprintf(e.title, sizeof e.title,
           "IV Asamblea General de Autoridades de Relaciones Internacionales de Gobiernos Locales del Ecuador 2025");
  snprintf(e.short_title, sizeof e.short_title, "Pastaza 2025");
  snprintf(e.city, sizeof e.city, "Puyo, Pastaza");
  snprintf(e.starts_on, sizeof e.starts_on, "2025-11-20");
  snprintf(e.ends_on, sizeof e.ends_on, "2025-11-21");
  snprintf(e.organizer_unit, sizeof e.organizer_unit, "Dirección de Cooperación Internacional");
  snprintf(e.contact_email, sizeof e.contact_email, "dirección.cooperación@ame.gob.ec");
  return e;
}

static void expect_range(const char *from, const char *to, const char *want) {
  char out[128];
  memset(out, 'X', sizeof out);
  format_date_range_es(from, to, out, sizeof out);
  if (strcmp(out, want) != 0) fail_msg("format_date_range_es(%s, %s) = \"%s\", want \"%s\"", from, to, out, want);
}

static void test_date_ranges(void **state) {
  (void)state;
  expect_range("2025-11-20", "2025-11-21", "20–21 de noviembre de 2025");
  expect_range("2024-11-25", "2024-11-26", "25–26 de noviembre de 2024");
  expect_range("2024-11-25", "2024-11-25", "25 de noviembre de 2024");
  expect_range("2025-11-05", "2025-11-05", "5 de noviembre de 2025"); /* no leading zero */
  expect_range("2025-01-01", "2025-01-03", "1–3 de enero de 2025");
  expect_range("2025-11-30", "2025-12-01", "30 de noviembre al 1 de diciembre de 2025");
  expect_range("2026-02-27", "2026-03-02", "27 de febrero al 2 de marzo de 2026");
  expect_range("2025-12-31", "2026-01-02", "31 de diciembre de 2025 al 2 de enero de 2026");
  /* every month's name */
  static const char *const months[] = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                       "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};
  for (int m = 1; m <= 12; m++) {
    char day[24], want[64];
    snprintf(day, sizeof day, "2027-%02d-10", m);
    snprintf(want, sizeof want, "10 de %s de 2027", months[m - 1]);
    expect_range(day, day, want);
  }
  /* no usable end: one day; no usable start: the text as given */
  expect_range("2025-11-20", "", "20 de noviembre de 2025");
  expect_range("2025-11-20", "2025-13-01", "20 de noviembre de 2025");
  expect_range("", "2025-11-21", "");
  expect_range("2025-00-10", "2025-11-21", "2025-00-10");
  expect_range("mañana", "2025-11-21", "mañana");
}

static void test_date_range_small_buffer(void **state) {
  (void)state;
  char out[8];
  memset(out, 'X', sizeof out);
  format_date_range_es("2025-11-30", "2025-12-01", out, sizeof out);
  assert_int_equal(strlen(out), sizeof out - 1); /* truncated, still terminated */
  assert_memory_equal(out, "30 de n", 7);
}

struct composed {
  char *subject, *body;
};

static struct composed compose(enum message_kind kind, const struct edition *e, const char *token, long long pos) {
  struct message_input in = {.kind = kind,
                             .edition = e,
                             .full_name = "María José Ñacato Pérez",
                             .code = "K7PM3Q",
                             .waitlist_position = pos,
                             .manage_token = token};
  struct composed c = {NULL, NULL};
  message_compose(&in, &c.subject, &c.body);
  assert_non_null(c.subject);
  assert_non_null(c.body);
  return c;
}

static void composed_free(struct composed *c) {
  free(c->subject);
  free(c->body);
}

static void assert_contains(const char *hay, const char *needle, const char *what) {
  if (!strstr(hay, needle)) fail_msg("%s does not contain \"%s\":\n%s", what, needle, hay);
}

static void assert_lacks(const char *hay, const char *needle, const char *what) {
  if (strstr(hay, needle)) fail_msg("%s contains \"%s\":\n%s", what, needle, hay);
}

static void test_kind_names(void **state) {
  (void)state;
  for (size_t i = 0; i < KINDS; i++) assert_string_equal(message_kind_name(all_kinds[i]), all_kinds_names[i]);
}

static void test_every_kind_with_link(void **state) {
  (void)state;
  struct edition e = pastaza();
  config_set_public_url("https://asamblea.ame.gob.ec/"); /* a trailing slash is dropped */
  for (size_t i = 0; i < KINDS; i++) {
    struct composed c = compose(all_kinds[i], &e, TOKEN, 3);
    const char *k = all_kinds_names[i];
    /* subject: one line of valid UTF-8 naming the edition and the code */
    assert_true(utf8_valid(c.subject, strlen(c.subject)));
    assert_null(strchr(c.subject, '\n'));
    assert_null(strchr(c.subject, '\r'));
    assert_contains(c.subject, "K7PM3Q", k);
    assert_contains(c.subject, "Pastaza 2025", k);
    /* body */
    assert_true(utf8_valid(c.body, strlen(c.body)));
    assert_contains(c.body, "María José Ñacato Pérez", k);
    assert_contains(c.body, e.title, k);
    assert_contains(c.body, "K7PM3Q", k);
    assert_contains(c.body, "Puyo, Pastaza", k);
    assert_contains(c.body, "20–21 de noviembre de 2025", k);
    assert_contains(c.body, "https://asamblea.ame.gob.ec/r/K7PM3Q?t=" TOKEN "\n", k);
    assert_lacks(c.body, "ame.gob.ec//r/", k);
    assert_contains(c.body, "Dirección de Cooperación Internacional", k);
    assert_contains(c.body, "dirección.cooperación@ame.gob.ec", k);
    /* the waitlist position only in the waitlist message */
    if (all_kinds[i] == MSG_WAITLISTED) assert_contains(c.body, "lista de espera: 3.", k);
    else assert_lacks(c.body, "lista de espera: ", k);
    composed_free(&c);
  }
  config_set_public_url("http://127.0.0.1:8080");
}

static void test_every_kind_without_link(void **state) {
  (void)state;
  struct edition e = pastaza();
  config_set_public_url("https://asamblea.ame.gob.ec");
  for (size_t i = 0; i < KINDS; i++) {
    struct composed c = compose(all_kinds[i], &e, NULL, 1);
    const char *k = all_kinds_names[i];
    assert_contains(c.subject, "K7PM3Q", k);
    assert_contains(c.body, "K7PM3Q", k);
    assert_contains(c.body, e.title, k);
    assert_lacks(c.body, "/r/", k);
    assert_lacks(c.body, "?t=", k);
    assert_lacks(c.body, "https://asamblea.ame.gob.ec", k);
    assert_lacks(c.body, "(null)", k);
    composed_free(&c);
  }
  config_set_public_url("http://127.0.0.1:8080");
}

static void test_subjects_keep_accents(void **state) {
  (void)state;
  struct edition e = pastaza();
  static const char *const want[] = {
      "Inscripción confirmada: Pastaza 2025 (código K7PM3Q)",
      "Inscripción en lista de espera: Pastaza 2025 (código K7PM3Q)",
      "Se liberó un cupo: inscripción confirmada en Pastaza 2025 (código K7PM3Q)",
      "Inscripción cancelada: Pastaza 2025 (código K7PM3Q)",
      "Su enlace para gestionar la inscripción: Pastaza 2025 (código K7PM3Q)",
  };
  for (size_t i = 0; i < KINDS; i++) {
    struct composed c = compose(all_kinds[i], &e, TOKEN, 1);
    assert_string_equal(c.subject, want[i]);
    composed_free(&c);
  }
  /* without a short title, the full title names the edition */
  e.short_title[0] = '\0';
  snprintf(e.title, sizeof e.title, "Asamblea de Cañar — Azogues");
  struct composed c = compose(MSG_CONFIRMED, &e, NULL, 0);
  assert_string_equal(c.subject, "Inscripción confirmada: Asamblea de Cañar — Azogues (código K7PM3Q)");
  assert_true(utf8_valid(c.subject, strlen(c.subject)));
  composed_free(&c);
}

static void test_place_and_defaults(void **state) {
  (void)state;
  struct edition e = pastaza();
  /* with a venue: "venue, city, dates" */
  snprintf(e.venue, sizeof e.venue, "Aeropuerto Internacional Cotopaxi");
  snprintf(e.city, sizeof e.city, "Latacunga");
  snprintf(e.starts_on, sizeof e.starts_on, "2024-11-25");
  snprintf(e.ends_on, sizeof e.ends_on, "2024-11-26");
  struct composed c = compose(MSG_CONFIRMED, &e, NULL, 0);
  assert_contains(c.body, "Aeropuerto Internacional Cotopaxi, Latacunga, 25–26 de noviembre de 2024", "body");
  composed_free(&c);
  /* without a venue there is no leading comma; without organizer unit or contact, no empty lines of them */
  e.venue[0] = '\0';
  e.organizer_unit[0] = '\0';
  e.contact_email[0] = '\0';
  c = compose(MSG_CONFIRMED, &e, NULL, 0);
  assert_contains(c.body, ": Latacunga, 25–26 de noviembre de 2024", "body");
  assert_lacks(c.body, ", , ", "body");
  assert_contains(c.body, "Asociación de Municipalidades Ecuatorianas (AME)", "body");
  assert_lacks(c.body, "@", "body");
  composed_free(&c);
}

/* A registration in English gets its e-mail in English: subject, greeting, lead, the place and
 * the dates the English way, the link text and the signature; the edition's names stay as written. */
static void test_english(void **state) {
  (void)state;
  struct edition e = pastaza();
  snprintf(e.starts_on, sizeof e.starts_on, "2025-11-20");
  snprintf(e.ends_on, sizeof e.ends_on, "2025-11-21");
  struct message_input in = {.kind = MSG_WAITLISTED,
                             .edition = &e,
                             .full_name = "Ann Smith",
                             .code = "K7PM3Q",
                             .waitlist_position = 3,
                             .manage_token = TOKEN,
                             .lang = LANG_EN};
  char *subject = NULL, *body = NULL;
  message_compose(&in, &subject, &body);
  assert_string_equal(subject, "Registration on the waiting list: Pastaza 2025 (code K7PM3Q)");
  assert_contains(body, "Dear Ann Smith,\n\n", "body");
  assert_contains(body, "Your place on the waiting list: 3.", "body");
  assert_contains(body, "Registration code: K7PM3Q\n", "body");
  assert_contains(body, "Puyo, Pastaza, 20–21 November 2025\n", "body");
  assert_contains(body, "use your personal link (do not share it):\n", "body");
  assert_contains(body, "Association of Ecuadorian Municipalities (AME)", "body");
  assert_lacks(body, "Estimado", "body");
  assert_lacks(body, "noviembre", "body");
  free(subject);
  free(body);
  in = (struct message_input){.kind = MSG_CONFIRM_EMAIL, .edition = &e, .confirm_token = TOKEN, .lang = LANG_EN};
  message_compose(&in, &subject, &body);
  assert_string_equal(subject, "Confirm your e-mail address to register: Pastaza 2025");
  assert_contains(body, "within the next 48 hours:", "body");
  free(subject);
  free(body);
}

/* The password-reset e-mail: about no edition, the account's name, the one-time link and its
 * 60 minutes, and what to do if it was not asked for. */
static void test_password_reset(void **state) {
  (void)state;
  config_set_public_url("https://asamblea.ame.gob.ec/");
  struct message_input in = {.kind = MSG_PASSWORD_RESET, .full_name = "Rosa Tanguila", .reset_token = TOKEN};
  char *subject = NULL, *body = NULL;
  message_compose(&in, &subject, &body);
  assert_string_equal(message_kind_name(MSG_PASSWORD_RESET), "account.password_reset");
  assert_true(utf8_valid(subject, strlen(subject)));
  assert_null(strchr(subject, '\n'));
  assert_contains(subject, "contraseña", "subject");
  assert_contains(body, "Hola, Rosa Tanguila:", "body");
  assert_contains(body, "https://asamblea.ame.gob.ec/restablecer?t=" TOKEN "\n", "body");
  assert_contains(body, "60 minutos", "body");
  assert_contains(body, "Si usted no lo pidió", "body");
  assert_lacks(body, "(null)", "body");
  free(subject);
  free(body);
  config_set_public_url("http://127.0.0.1:8080");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_ranges),
      cmocka_unit_test(test_date_range_small_buffer),
      cmocka_unit_test(test_kind_names),
      cmocka_unit_test(test_every_kind_with_link),
      cmocka_unit_test(test_every_kind_without_link),
      cmocka_unit_test(test_subjects_keep_accents),
      cmocka_unit_test(test_place_and_defaults),
      cmocka_unit_test(test_password_reset),
      cmocka_unit_test(test_english),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
