/* errors.c — lookups into the errors.def table; default messages from the catalogues (i18n/). */
#include "errors.h"

#include <stdio.h>

struct err_info {
  unsigned status;
  const char *code;
};

static const struct err_info table[ERR__COUNT] = {
    [ERR_OK] = {200, "ok"},
#define X(name, st, cd) [name] = {st, cd},
#include "errors.def"
#undef X
};

static const struct err_info *info(enum err e) {
  return (e > ERR_OK && e < ERR__COUNT) ? &table[e] : &table[ERR_INTERNAL];
}

unsigned err_status(enum err e) { return e == ERR_OK ? 200 : info(e)->status; }
const char *err_code(enum err e) { return e == ERR_OK ? "ok" : info(e)->code; }
const char *err_message_in(enum err e, enum lang l) {
  if (e == ERR_OK) return "OK";
  char key[64];
  snprintf(key, sizeof key, "err.%s", info(e)->code);
  return i18n_text(l, key);
}

const char *err_message(enum err e) { return err_message_in(e, LANG_ES); }
