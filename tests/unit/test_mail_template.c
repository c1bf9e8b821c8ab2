/* test_mail_template.c — server/mail_template.c and the organizer's message of
 * server/mail_messages.c: which braces are placeholders, that only {nombre}, {codigo} and {enlace} pass
 * the check (the first unknown one is named), that expansion replaces every occurrence, leaves
 * other braces and unknown names as written and treats NULL values as empty, and that a composed
 * MSG_ORGANIZER carries the recipient's own name, code and manage link, then the signature. */
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
#include "mail_template.h"
#include "mail_messages.h"

static void check_case(const char *text, bool ok, const char *unknown) {
  char got[TEMPLATE_NAME_MAX + 3] = "";
  bool result = template_check(text, got, sizeof got);
  if (result != ok) fail_msg("template_check(\"%s\") = %d, want %d", text, result, ok);
  if (!ok && strcmp(got, unknown) != 0)
    fail_msg("template_check(\"%s\") named \"%s\", want \"%s\"", text, got, unknown);
}

static void test_check(void **state) {
  (void)state;
  check_case("", true, NULL);
  check_case(NULL, true, NULL);
  check_case("Hola {nombre}, código {codigo}: {enlace}", true, NULL);
  check_case("{nombre}{nombre}{enlace}", true, NULL);
  check_case("Hola {nombres}", false, "{nombres}");
  check_case("Hola {Nombre}", false, "{Nombre}");       /* names are case-sensitive: a typo */
  check_case("{codigo} y {código}", false, "{código}"); /* accents are part of the name */
  check_case("{nombre} {x} {y}", false, "{x}");         /* the first unknown one */
  check_case("{enlace_personal}", false, "{enlace_personal}");
  /* braces that open no placeholder are text */
  check_case("a { b } c", true, NULL);
  check_case("{}", true, NULL);
  check_case("{nombre", true, NULL);
  check_case("JSON: {\"a\": 1}", true, NULL);
  check_case("{{nombre}}", true, NULL);
  char longname[TEMPLATE_NAME_MAX + 8] = "{";
  memset(longname + 1, 'a', TEMPLATE_NAME_MAX + 1);
  strcat(longname, "}");
  check_case(longname, true, NULL); /* longer than a name can be: text */
  longname[TEMPLATE_NAME_MAX + 1] = '}';
  longname[TEMPLATE_NAME_MAX + 2] = '\0';
  check_case(longname, false, longname);
}

static void expect_expand(const char *text, const struct template_values *v, const char *want) {
  char *got = template_expand(text, v);
  if (strcmp(got, want) != 0) fail_msg("template_expand(\"%s\") = \"%s\", want \"%s\"", text, got, want);
  free(got);
}

static void test_expand(void **state) {
  (void)state;
  struct template_values v = {.nombre = "José Ñacato", .codigo = "AB3-7KQ", .enlace = "https://x.ec/r/AB3-7KQ?t=T"};
  expect_expand("Hola {nombre}", &v, "Hola José Ñacato");
  expect_expand("{codigo}{codigo} {enlace}.", &v, "AB3-7KQAB3-7KQ https://x.ec/r/AB3-7KQ?t=T.");
  expect_expand("{{nombre}}", &v, "{José Ñacato}");
  expect_expand("{nombres} {nombre", &v, "{nombres} {nombre");
  expect_expand("sin marcadores", &v, "sin marcadores");
  expect_expand("", &v, "");
  expect_expand(NULL, &v, "");
  struct template_values none = {.nombre = "Ana"};
  expect_expand("{nombre}: {enlace}|{codigo}|", &none, "Ana: ||");
  /* a value holding a placeholder is not expanded again */
  struct template_values tricky = {.nombre = "{codigo}", .codigo = "X"};
  expect_expand("{nombre} {codigo}", &tricky, "{codigo} X");
}

static void test_uses(void **state) {
  (void)state;
  assert_true(template_uses("ver {enlace}", "enlace"));
  assert_false(template_uses("ver {enlaces}", "enlace"));
  assert_false(template_uses("ver enlace", "enlace"));
  assert_false(template_uses(NULL, "enlace"));
}

static void test_compose_organizer(void **state) {
  (void)state;
  config_set_public_url("https://asamblea.ame.gob.ec");
  struct edition e;
  memset(&e, 0, sizeof e);
  snprintf(e.title, sizeof e.title, "IV Asamblea");
  snprintf(e.organizer_unit, sizeof e.organizer_unit, "Dirección de Cooperación Internacional");
  snprintf(e.contact_email, sizeof e.contact_email, "cooperacion@ame.gob.ec");
  struct message_input in = {.kind = MSG_ORGANIZER,
                             .edition = &e,
                             .full_name = "Ana Pérez",
                             .code = "AB3-7KQ",
                             .manage_token = "TOKEN",
                             .template_subject = "Aviso para {nombre}",
                             .template_body = "Hola {nombre}.\nCódigo: {codigo}\n{enlace}"};
  char *subject, *body;
  message_compose(&in, &subject, &body);
  assert_string_equal(message_kind_name(MSG_ORGANIZER), "edition.message");
  assert_string_equal(subject, "Aviso para Ana Pérez");
  assert_string_equal(body,
                      "Hola Ana Pérez.\nCódigo: AB3-7KQ\nhttps://asamblea.ame.gob.ec/r/AB3-7KQ?t=TOKEN\n\n"
                      "Dirección de Cooperación Internacional\nAsociación de Municipalidades Ecuatorianas (AME)\n"
                      "cooperacion@ame.gob.ec\n");
  free(subject);
  free(body);
  in.manage_token = NULL; /* no link to give: {enlace} is empty */
  in.template_body = "Ver: {enlace}\n";
  message_compose(&in, &subject, &body);
  assert_non_null(strstr(body, "Ver: \n\nDirección"));
  assert_null(strstr(body, "/r/"));
  free(subject);
  free(body);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_check),
      cmocka_unit_test(test_expand),
      cmocka_unit_test(test_uses),
      cmocka_unit_test(test_compose_organizer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
