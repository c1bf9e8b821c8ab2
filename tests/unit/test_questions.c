/* test_questions.c — the custom questions of a sign-up form (server/questions.c): which question
 * lists are accepted and the field named for a fault (questions.<i>.<member>) and their stored form, which answers are
 * accepted and the field named when not (answers.<id>), the text cells of an import turned into
 * answers, the stored form keeping the label each answer was asked with, and answers as table
 * cells. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "questions.h"

static const char QUESTIONS[] =
    "[{\"id\":\"taller\",\"label\":\"Taller\",\"kind\":\"choice\",\"options\":[\"Agua\",\"Vialidad\"],\"required\":true},"
    "{\"id\":\"temas\",\"label\":\"Temas\",\"kind\":\"multi\",\"options\":[\"Clima\",\"Género\"]},"
    "{\"id\":\"dieta\",\"label\":\"Dieta\",\"kind\":\"text\"},"
    "{\"id\":\"fotos\",\"label\":\"Fotos\",\"kind\":\"checkbox\",\"required\":true}]";

/* The field named when questions (JSON text) are refused, or "" when accepted. */
static const char *questions_fault(const char *text, struct verror *ve) {
  cJSON *q = cJSON_Parse(text);
  assert_non_null(q);
  enum err e = questions_check(q, ve);
  cJSON_Delete(q);
  return e == ERR_OK ? "" : ve->field;
}

static void test_questions_check(void **state) {
  (void)state;
  struct verror ve;
  assert_string_equal(questions_fault(QUESTIONS, &ve), "");
  assert_string_equal(questions_fault("[]", &ve), "");
  assert_string_equal(questions_fault("{}", &ve), "questions");
  assert_string_equal(questions_fault("[{\"id\":\"a\",\"kind\":\"text\"}]", &ve), "questions.0.label");
  assert_string_equal(questions_fault("[{\"id\":\"A b\",\"label\":\"x\",\"kind\":\"text\"}]", &ve), "questions.0.id");
  assert_string_equal(questions_fault("[{\"id\":\"a\",\"label\":\"x\",\"kind\":\"otro\"}]", &ve), "questions.0.kind");
  assert_string_equal(questions_fault("[{\"id\":\"a\",\"label\":\"x\",\"kind\":\"choice\",\"options\":[]}]", &ve),
                      "questions.0.options");
  assert_string_equal(
      questions_fault("[{\"id\":\"a\",\"label\":\"x\",\"kind\":\"choice\",\"options\":[\"a|b\"]}]", &ve),
      "questions.0.options");
  assert_string_equal(
      questions_fault("[{\"id\":\"a\",\"label\":\"x\",\"kind\":\"checkbox\",\"options\":[\"s\"]}]", &ve),
      "questions.0.options");
  assert_string_equal(questions_fault("[{\"id\":\"a\",\"label\":\"x\",\"kind\":\"text\"},"
                                      "{\"id\":\"a\",\"label\":\"y\",\"kind\":\"text\"}]",
                                      &ve),
                      "questions.1.id");
}

static void test_questions_clean(void **state) {
  (void)state;
  cJSON *q = cJSON_Parse(
      "[{\"id\":\"a\",\"label\":\"A\",\"label_en\":\"\",\"kind\":\"text\",\"extra\":1},"
      "{\"id\":\"b\",\"label\":\"B\",\"label_en\":\"Bee\",\"kind\":\"choice\",\"options\":[\"x\"],"
      "\"required\":true}]");
  cJSON *clean = questions_clean(q);
  char *text = cJSON_PrintUnformatted(clean);
  assert_string_equal(text,
                      "[{\"id\":\"a\",\"label\":\"A\",\"kind\":\"text\",\"required\":false},"
                      "{\"id\":\"b\",\"label\":\"B\",\"label_en\":\"Bee\",\"kind\":\"choice\",\"options\":[\"x\"],"
                      "\"required\":true}]");
  free(text);
  cJSON_Delete(clean);
  cJSON_Delete(q);
}

/* The field named when answers (JSON text, NULL: none) are refused, or "" when accepted. */
static const char *answers_fault(const char *text, bool patch, struct verror *ve) {
  cJSON *q = cJSON_Parse(QUESTIONS), *a = text ? cJSON_Parse(text) : NULL;
  enum err e = answers_check(q, a, patch, ve);
  cJSON_Delete(q);
  cJSON_Delete(a);
  if (e != ERR_OK) assert_int_equal(e, ERR_VALIDATION);
  return e == ERR_OK ? "" : ve->field;
}

static void test_answers_check(void **state) {
  (void)state;
  struct verror ve;
  assert_string_equal(answers_fault("{\"taller\":\"Agua\",\"fotos\":true}", false, &ve), "");
  assert_string_equal(answers_fault("{\"taller\":\"Agua\",\"fotos\":true,\"temas\":[\"Clima\",\"Género\"],"
                                    "\"dieta\":\"Ninguna\"}",
                                    false, &ve),
                      "");
  assert_string_equal(answers_fault(NULL, false, &ve), "answers.taller");
  assert_string_equal(answers_fault("{\"fotos\":true}", false, &ve), "answers.taller");
  assert_string_equal(answers_fault("{\"taller\":\"Pesca\",\"fotos\":true}", false, &ve), "answers.taller");
  assert_string_equal(answers_fault("{\"taller\":\"Agua\",\"fotos\":false}", false, &ve), "answers.fotos");
  assert_string_equal(answers_fault("{\"taller\":\"Agua\",\"fotos\":true,\"temas\":[\"Clima\",\"Clima\"]}", false, &ve),
                      "answers.temas");
  assert_string_equal(answers_fault("{\"taller\":\"Agua\",\"fotos\":true,\"temas\":\"Clima\"}", false, &ve),
                      "answers.temas");
  assert_string_equal(answers_fault("{\"taller\":\"Agua\",\"fotos\":true,\"otra\":1}", false, &ve), "answers.otra");
  /* a correction may leave required answers as they were, but not clear them */
  assert_string_equal(answers_fault("{\"dieta\":\"Vegana\"}", true, &ve), "");
  assert_string_equal(answers_fault("{\"taller\":null}", true, &ve), "answers.taller");
}

static void test_answers_from_text(void **state) {
  (void)state;
  cJSON *q = cJSON_Parse(QUESTIONS);
  cJSON *a = cJSON_Parse("{\"taller\":\"Agua\",\"temas\":\" Clima ;Género; \",\"fotos\":\"sí\"}");
  answers_from_text(q, a);
  char *text = cJSON_PrintUnformatted(a);
  assert_string_equal(text, "{\"taller\":\"Agua\",\"temas\":[\"Clima\",\"Género\"],\"fotos\":true}");
  free(text);
  cJSON_Delete(a);
  cJSON_Delete(q);
}

static void test_stored_form_keeps_labels(void **state) {
  (void)state;
  cJSON *q = cJSON_Parse(QUESTIONS);
  cJSON *a = cJSON_Parse("{\"taller\":\"Agua\",\"dieta\":\"Vegana\"}");
  char *stored = answers_to_store(q, a, NULL);
  assert_string_equal(stored,
                      "{\"taller\":{\"label\":\"Taller\",\"value\":\"Agua\"},"
                      "\"dieta\":{\"label\":\"Dieta\",\"value\":\"Vegana\"}}");
  /* the question "dieta" is deleted and "taller" renamed: the old label stays for the one gone */
  cJSON *renamed = cJSON_Parse("[{\"id\":\"taller\",\"label\":\"Taller elegido\",\"kind\":\"text\"}]");
  cJSON *labels = answers_labels(renamed, stored);
  char *text = cJSON_PrintUnformatted(labels);
  assert_string_equal(text, "{\"taller\":\"Taller elegido\",\"dieta\":\"Dieta\"}");
  free(text);
  /* a null answer removes it */
  cJSON *cleared = cJSON_Parse("{\"dieta\":null}");
  char *after = answers_to_store(q, cleared, stored);
  assert_string_equal(after, "{\"taller\":{\"label\":\"Taller\",\"value\":\"Agua\"}}");
  free(after);
  cJSON_Delete(cleared);
  cJSON_Delete(labels);
  cJSON_Delete(renamed);
  free(stored);
  cJSON_Delete(a);
  cJSON_Delete(q);
}

static void test_answer_text(void **state) {
  (void)state;
  cJSON *v = cJSON_Parse("[\"Clima\",\"Género\"]");
  char *t = answer_text(v);
  assert_string_equal(t, "Clima; Género");
  free(t);
  cJSON_Delete(v);
  cJSON *yes = cJSON_CreateTrue(), *no = cJSON_CreateFalse();
  char *ty = answer_text(yes), *tn = answer_text(no), *none = answer_text(NULL);
  assert_string_equal(ty, "sí");
  assert_string_equal(tn, "no");
  assert_string_equal(none, "");
  free(ty), free(tn), free(none);
  cJSON_Delete(yes), cJSON_Delete(no);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_questions_check),
      cmocka_unit_test(test_questions_clean),
      cmocka_unit_test(test_answers_check),
      cmocka_unit_test(test_answers_from_text),
      cmocka_unit_test(test_stored_form_keeps_labels),
      cmocka_unit_test(test_answer_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
