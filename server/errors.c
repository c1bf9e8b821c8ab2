/* errors.c — lookups into the errors.def table. */
#include "errors.h"

struct err_info {
  unsigned status;
  const char *code;
  const char *message;
};

static const struct err_info table[ERR__COUNT] = {
    [ERR_OK] = {200, "ok", "OK"},
#define X(name, st, cd, msg) [name] = {st, cd, msg},
#include "errors.def"
#undef X
};

static const struct err_info *info(enum err e) {
  return (e > ERR_OK && e < ERR__COUNT) ? &table[e] : &table[ERR_INTERNAL];
}

unsigned err_status(enum err e) { return e == ERR_OK ? 200 : info(e)->status; }
const char *err_code(enum err e) { return e == ERR_OK ? "ok" : info(e)->code; }
const char *err_message(enum err e) { return e == ERR_OK ? "OK" : info(e)->message; }
