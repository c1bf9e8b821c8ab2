/* test_registration_import.c — server/registration_import.c without a database: the header row
 * (JSON names, Spanish aliases without case, unknown and repeated columns refused on line 1), cells
 * turned into the sign-up's JSON (booleans, empty cells absent, spaces trimmed) and checked by the
 * sign-up's own rules, e-mails repeated in the file, rows wider than the header, blank rows, the
 * caps (rows, errors), files that are not UTF-8, the errors' messages in each language, and the
 * template's header. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registration_import.h"

static void *heap(void *ctx, size_t bytes) {
  (void)ctx;
  return calloc(1, bytes);
}

static enum err plan_text(const char *text, struct import_plan *plan, struct verror *ve) {
  *plan = (struct import_plan){.alloc = heap};
  return import_plan_build(text, strlen(text), plan, ve);
}

static void plan_done(struct import_plan *plan) {
  cJSON_Delete(plan->owner);
  free(plan->rows);
}

static int error_line(const struct import_plan *plan, int i) {
  return (int)cJSON_GetObjectItem(cJSON_GetArrayItem(plan->errors, i), "line")->valuedouble;
}
static const char *error_field(const struct import_plan *plan, int i) {
  const cJSON *f = cJSON_GetObjectItem(cJSON_GetArrayItem(plan->errors, i), "field");
  return cJSON_IsString(f) ? f->valuestring : NULL;
}

static void test_aliases_and_cells(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  assert_int_equal(plan_text("\xEF\xBB\xBF NOMBRE ;Correo;Organización;Tipo;Consentimiento;Cantón;cargo\r\n"
                             "  Ana Pérez ;ana@a.ec;GAD;speaker;Sí;;\r\n"
                             ";;;;;;\r\n"
                             "Beto;beto@a.ec;GAD;official;x;Puyo;Alcalde\r\n",
                             &plan, &ve),
                   ERR_OK);
  assert_int_equal(plan.error_count, 0);
  assert_int_equal(plan.count, 2);
  assert_int_equal(plan.rows[0].line, 2);
  assert_string_equal(plan.rows[0].in.full_name, "Ana Pérez");
  assert_string_equal(plan.rows[0].in.attendee_type, "speaker"); /* organizers may give any type */
  assert_null(plan.rows[0].in.municipality);                     /* empty cell: absent */
  assert_int_equal(plan.rows[1].line, 4);
  assert_string_equal(plan.rows[1].in.municipality, "Puyo");
  assert_string_equal(plan.rows[1].in.position, "Alcalde");
  plan_done(&plan);
}

static void test_rows_checked_by_signup_rules(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  assert_int_equal(plan_text("full_name,email,organization,attendee_type,consent\n"
                             "Ana,ana@a.ec,GAD,official,no\n"
                             "Beto,sin-arroba,GAD,official,1\n"
                             "Caro,caro@a.ec,GAD,marciano,1\n"
                             "Dani,dani@a.ec,GAD,official,quizá\n"
                             "Eva,eva@a.ec,,official,1\n"
                             "Fer,fer@a.ec,GAD,official,1,sobra\n"
                             "Gabi,gabi@a.ec,GAD,official,1,\n",
                             &plan, &ve),
                   ERR_OK);
  assert_int_equal(plan.error_count, 6);
  const int lines[] = {2, 3, 4, 5, 6, 7};
  const char *fields[] = {"consent", "email", "attendee_type", "consent", "organization", NULL};
  for (int i = 0; i < 6; i++) {
    assert_int_equal(error_line(&plan, i), lines[i]);
    if (fields[i]) assert_string_equal(error_field(&plan, i), fields[i]);
    else assert_null(error_field(&plan, i));
  }
  assert_int_equal(plan.count, 1); /* Gabi: an empty extra cell is fine */
  assert_string_equal(plan.rows[0].in.full_name, "Gabi");
  plan_done(&plan);
}

static void test_header_errors(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  assert_int_equal(plan_text("nombre,talla,correo,email,answers.q1\nA,M,a@a.ec,a@a.ec,x\n", &plan, &ve), ERR_OK);
  assert_int_equal(plan.error_count, 2); /* talla unknown, email twice; answers.q1 names an answer */
  for (int i = 0; i < 2; i++) assert_int_equal(error_line(&plan, i), 1);
  assert_string_equal(error_field(&plan, 0), "talla");
  assert_string_equal(error_field(&plan, 1), "email");
  cJSON *es = import_errors(&plan, LANG_ES), *en = import_errors(&plan, LANG_EN); /* the reader's language */
  assert_string_equal(json_str(cJSON_GetArrayItem(es, 0), "message"), "Columna desconocida: «talla».");
  assert_string_equal(json_str(cJSON_GetArrayItem(en, 0), "message"), "Unknown column: “talla”.");
  assert_string_equal(json_str(cJSON_GetArrayItem(en, 1), "field"), "email");
  cJSON_Delete(es);
  cJSON_Delete(en);
  assert_int_equal(plan.count, 0);
  plan_done(&plan);
}

static void test_repeated_emails(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  assert_int_equal(plan_text("full_name;email;organization;attendee_type;consent\n"
                             "Ana;ana@a.ec;GAD;official;1\nAna Otra;ANA@A.EC;GAD;official;1\n",
                             &plan, &ve),
                   ERR_OK);
  assert_int_equal(plan.count, 1);
  assert_int_equal(cJSON_GetArraySize(plan.duplicates), 1);
  const cJSON *d = cJSON_GetArrayItem(plan.duplicates, 0);
  assert_int_equal(cJSON_GetObjectItem(d, "line")->valuedouble, 3);
  assert_int_equal(cJSON_GetObjectItem(d, "first_line")->valuedouble, 2);
  plan_done(&plan);
}

static void test_file_refused(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  assert_int_equal(plan_text("nombre\nJos\xe9\n", &plan, &ve), ERR_VALIDATION);
  assert_non_null(strstr(ve.message, "UTF-8"));
  plan_done(&plan);
  assert_int_equal(plan_text("", &plan, &ve), ERR_VALIDATION);
  plan_done(&plan);
  assert_int_equal(plan_text("\n\n;;\n", &plan, &ve), ERR_VALIDATION);
  plan_done(&plan);
  struct sbuf big = {0};
  sbuf_puts(&big, "nombre\n");
  for (int i = 0; i <= IMPORT_MAX_ROWS; i++) sbuf_puts(&big, "x\n");
  assert_int_equal(plan_text(big.data, &plan, &ve), ERR_VALIDATION);
  assert_non_null(strstr(ve.message, "5000"));
  plan_done(&plan);
  sbuf_free(&big);
}

static void test_errors_capped(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  struct sbuf text = {0};
  sbuf_puts(&text, "full_name,email,organization,attendee_type,consent\n");
  for (int i = 0; i < 300; i++) sbuf_puts(&text, "A,mal,GAD,official,1\n");
  assert_int_equal(plan_text(text.data, &plan, &ve), ERR_OK);
  assert_int_equal(plan.error_count, 300);
  assert_int_equal(cJSON_GetArraySize(plan.errors), IMPORT_MAX_ERRORS);
  plan_done(&plan);
  sbuf_free(&text);
}

static void test_unclosed_quote(void **state) {
  (void)state;
  struct import_plan plan;
  struct verror ve;
  assert_int_equal(plan_text("full_name,email,organization,attendee_type,consent\n"
                             "Ana,ana@a.ec,GAD,official,1\n\"Beto,beto@a.ec\n",
                             &plan, &ve),
                   ERR_OK);
  assert_int_equal(plan.error_count, 1);
  assert_int_equal(error_line(&plan, 0), 3);
  plan_done(&plan);
}

static void test_template(void **state) {
  (void)state;
  char *header = import_template_header(NULL);
  assert_non_null(strstr(header, "full_name,email,organization,"));
  assert_non_null(strstr(header, ",consent,"));
  assert_non_null(strstr(header, ",language\r\n")); /* a field the sign-up gained is in the template */
  assert_null(strstr(header, "status"));
  assert_null(strstr(header, "answers"));
  free(header);
  cJSON *questions = cJSON_Parse("[{\"id\":\"taller\"},{\"id\":\"dieta\"}]");
  header = import_template_header(questions);
  assert_non_null(strstr(header, ",language,answers.taller,answers.dieta\r\n")); /* one column per question */
  free(header);
  cJSON_Delete(questions);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aliases_and_cells), cmocka_unit_test(test_rows_checked_by_signup_rules),
      cmocka_unit_test(test_header_errors),     cmocka_unit_test(test_repeated_emails),
      cmocka_unit_test(test_file_refused),      cmocka_unit_test(test_errors_capped),
      cmocka_unit_test(test_unclosed_quote),    cmocka_unit_test(test_template),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
