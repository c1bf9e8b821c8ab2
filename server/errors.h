/* errors.h — the error enum generated from errors.def. ERR_OK is 0; internal functions return
 * enum err so that a failure travels up to the handler unchanged and is replied once. */
#ifndef ASAMBLEA_ERRORS_H
#define ASAMBLEA_ERRORS_H

enum err {
  ERR_OK = 0,
#define X(name, status, code) name,
#include "errors.def"
#undef X
  ERR__COUNT
};

unsigned err_status(enum err e);
const char *err_code(enum err e);
#include "i18n.h"
/* The default message of e in Spanish, or in language l. */
const char *err_message(enum err e);
const char *err_message_in(enum err e, enum lang l);

#endif
