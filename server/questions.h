/* questions.h — the custom questions of an edition's sign-up form and the answers given to them.
 * Questions are a JSON array [{id, label, label_en?, kind, options?, required}], kind one of text,
 * choice, multi, checkbox. Answers arrive as {id: value} (text and choice: a string; multi: an
 * array of options; checkbox: true or false) and are checked with the declarative rules of
 * validate.h built from the questions. They are stored as {id: {label, value}}: each answer keeps
 * the label it was asked with, so it stays readable after the question changes or goes. Nothing
 * here knows SQL or HTTP. */
#ifndef ASAMBLEA_QUESTIONS_H
#define ASAMBLEA_QUESTIONS_H
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "validate.h"

#define QUESTIONS_MAX 30
#define QUESTION_OPTIONS_MAX 50
#define ANSWER_TEXT_MAX 1000

/* Checks an edition's questions; a fault names its field as questions.<index>.<member>. */
enum err questions_check(const cJSON *questions, struct verror *ve);

/* Checked questions as they are stored: only the members above, label_en only when given, options
 * only for choice and multi, required always (false when not given). */
cJSON *questions_clean(const cJSON *questions);

/* Checks answers (an object, or NULL for none) against questions. A missing required answer is a
 * fault unless patch (a correction keeps what was answered); a required checkbox must be true;
 * unknown ids are refused. Faults name answers.<id>, always ERR_VALIDATION. */
enum err answers_check(const cJSON *questions, const cJSON *answers, bool patch, struct verror *ve);

/* Turns text cells (an imported file) into the values their kinds take, in place: multi "a; b"
 * into ["a", "b"], checkbox sí/no into true/false. Other values are left for answers_check. */
void answers_from_text(const cJSON *questions, cJSON *answers);

/* The stored form (malloc'ed JSON text): stored (NULL: nothing yet) with each given answer set to
 * {label, value} under the question's current label; a null answer removes it. */
char *answers_to_store(const cJSON *questions, const cJSON *answers, const char *stored);

/* The answers of a stored form as {id: value}. */
cJSON *answers_values(const char *stored);
/* The label of each stored answer as {id: label}: the current question's label, or the label it was
 * answered under when the question is gone. */
cJSON *answers_labels(const cJSON *questions, const char *stored);

/* One answer as a table cell (malloc'ed): a multi's options joined with "; ", a checkbox "sí" or
 * "no", nothing for no answer. */
char *answer_text(const cJSON *value);
#endif
