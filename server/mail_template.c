/* mail_template.c — finding, checking and expanding the placeholders of an organizer's
 * message (mail_template.h). */
#include "mail_template.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static bool name_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* The length of the placeholder "{name}" starting at p (p[0] == '{'), or 0 when p starts none. */
static size_t placeholder_at(const char *p) {
  size_t n = 1;
  while (n <= TEMPLATE_NAME_MAX && name_byte((unsigned char)p[n])) n++;
  return n > 1 && p[n] == '}' ? n + 1 : 0;
}

/* The value of the placeholder of length len at p; NULL when it is not a known one. */
static const char *value_of(const char *p, size_t len, const struct template_values *v, bool *known) {
  static const char *const names[] = {"{nombre}", "{codigo}", "{enlace}"};
  const char *values[] = {v ? v->nombre : NULL, v ? v->codigo : NULL, v ? v->enlace : NULL};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i]) == len && memcmp(p, names[i], len) == 0) {
      *known = true;
      return values[i] ? values[i] : "";
    }
  *known = false;
  return NULL;
}

bool template_check(const char *text, char *unknown, size_t size) {
  for (const char *p = text ? strchr(text, '{') : NULL; p; p = strchr(p + 1, '{')) {
    size_t len = placeholder_at(p);
    bool known = false;
    if (!len) continue;
    value_of(p, len, NULL, &known);
    if (!known) {
      snprintf(unknown, size, "%.*s", (int)len, p);
      return false;
    }
  }
  return true;
}

bool template_uses(const char *text, const char *name) {
  char wanted[TEMPLATE_NAME_MAX + 3];
  snprintf(wanted, sizeof wanted, "{%s}", name);
  return text && strstr(text, wanted) != NULL;
}

char *template_expand(const char *text, const struct template_values *v) {
  struct sbuf b = {0};
  const char *p = text ? text : "";
  for (const char *brace; (brace = strchr(p, '{'));) {
    size_t len = placeholder_at(brace);
    bool known = false;
    const char *value = len ? value_of(brace, len, v, &known) : NULL;
    size_t skip = known ? len : 1;
    sbuf_append(&b, p, (size_t)(brace - p));
    if (known) sbuf_puts(&b, value);
    else sbuf_putc(&b, '{');
    p = brace + skip;
  }
  sbuf_puts(&b, p);
  return sbuf_steal(&b);
}
