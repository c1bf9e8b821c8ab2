/* mail_template.h — the placeholders organizers write in the subject and body of a message to
 * registrants: {nombre} (full name), {codigo} (registration code) and {enlace} (the person's
 * manage link). A brace around a name of letters, digits or '_' (at most 32 bytes) is a
 * placeholder; any other brace is plain text. An unknown placeholder is refused before anything is
 * sent, so a typo never reaches hundreds of people. Pure functions: no SQL, no clock. */
#ifndef ASAMBLEA_MAIL_TEMPLATE_H
#define ASAMBLEA_MAIL_TEMPLATE_H
#include <stdbool.h>
#include <stddef.h>

#define TEMPLATE_NAME_MAX 32 /* bytes of a placeholder's name */
#define TEMPLATE_KNOWN "{nombre}, {codigo}, {enlace}"

/* What the placeholders stand for, for one recipient. */
struct template_values {
  const char *nombre;
  const char *codigo;
  const char *enlace;
};

/* True when every placeholder of text is known. Otherwise false, and unknown (size bytes) holds
 * the first unknown one with its braces, e.g. "{nombres}". */
bool template_check(const char *text, char *unknown, size_t size);
/* True when text holds the placeholder {name}. */
bool template_uses(const char *text, const char *name);
/* text with each known placeholder replaced by its value (NULL values as ""); unknown ones are
 * left as written. The caller frees the result. */
char *template_expand(const char *text, const struct template_values *v);
#endif
