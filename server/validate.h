/* validate.h — declarative checks of JSON request bodies. A handler lists its fields once in a
 * table (name, type, required, max length, choices, range) and validate_body() checks a cJSON
 * object against it; handlers then read the values with the json_* getters. */
#ifndef ASAMBLEA_VALIDATE_H
#define ASAMBLEA_VALIDATE_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "errors.h"
#include "i18n.h"

enum vtype {
  V_STRING,        /* one line of text: no control characters */
  V_TEXT,          /* free text: newlines and tabs allowed */
  V_EMAIL,         /* local@domain.tld, ASCII only (IDN domains as xn--…), at most 254 bytes */
  V_CONTACT_EMAIL, /* the same shape, accents allowed: an address people write to, never mailed by the server */
  V_PHONE,         /* Ecuadorian or international: digits, spaces, + ( ) - ., 7 to 15 digits */
  V_DATE,          /* YYYY-MM-DD, a real calendar date */
  V_INSTANT,       /* YYYY-MM-DDTHH:MM[:SS] with Z, ±HH:MM or no offset (then the edition's zone) */
  V_SLUG,          /* [a-z0-9][a-z0-9-]*, at most max_len (default 64) */
  V_ENUM,          /* one of choices, "a|b|c" */
  V_INT,           /* integral number within [min, max] */
  V_BOOL,
  V_TIMEZONE, /* an IANA zone name present in the system's tz database */
  V_LIST,     /* array of distinct one-line texts (each at most max_len), at most max items (0: any), each
                 one of choices when given; required: at least one */
  V_OBJECT,   /* a JSON object, checked further by its handler */
};

struct field_rule {
  const char *name;
  enum vtype type;
  bool required;         /* must be present (ignored when validating a PATCH) */
  bool nullable;         /* JSON null accepted: it clears the field */
  size_t max_len;        /* strings: maximum code points (0: 200 for V_STRING, 20000 for V_TEXT) */
  const char *choices;   /* V_ENUM */
  long long min, max;    /* V_INT (both 0: any non-negative 32-bit value) */
  bool printable_script; /* strings printed on badges, certificates or the memoria: refused when a
                            character would not print as itself (pdf_printable: Arabic, Hebrew,
                            Devanagari… need shaping the PDFs cannot do) */
};

enum validate_mode { VALIDATE_CREATE, VALIDATE_PATCH };

/* Why a body was refused: the field at fault and a sentence for the person, kept as a catalogue
 * key of i18n/ with its values (so the reply can be in the client's language, verror_text) and
 * written out in Spanish in message (logs, the command line). */
struct verror {
  const char *field;   /* the rule's name; NULL when the body as a whole is wrong */
  char message[200];   /* the sentence in Spanish */
  char key[200];       /* its catalogue key ("err.…") */
  char args[2][64];    /* the values of the key's {a} and {b} */
  char field_name[80]; /* storage for a composed field name (answers.<id>), see verror_prefix */
};

/* Checks obj against rules. On failure returns ERR_BAD_REQUEST (not an object, wrong JSON type)
 * or ERR_VALIDATION (missing, empty, too long, malformed) and fills *ve. */
enum err validate_body(const cJSON *obj, const struct field_rule *rules, size_t n, enum validate_mode mode,
                       struct verror *ve);
#define VALIDATE(obj, rules, mode, ve) validate_body((obj), (rules), sizeof(rules) / sizeof((rules)[0]), (mode), (ve))
/* Fills ve for a failure found outside the table (e.g. a rule that spans two fields); key names
 * the sentence in i18n/. */
void verror_set(struct verror *ve, const char *field, const char *key);
/* The same with values for the key's {a} and {b} placeholders (NULL: none). */
void verror_setf(struct verror *ve, const char *field, const char *key, const char *a, const char *b);
/* The sentence of ve in language l, into out. */
void verror_text(const struct verror *ve, enum lang l, char *out, size_t size);
/* Renames the field at fault to "<prefix>.<field>" (a member of a nested object). */
void verror_prefix(struct verror *ve, const char *prefix);

/* One value check, also used for query parameters. */
bool valid_email(const char *s);
/* The shape of valid_email with UTF-8 letters allowed (an edition's contact address as published). */
bool valid_contact_email(const char *s);
bool valid_phone(const char *s);
bool valid_date(const char *s);
bool valid_slug(const char *s, size_t max_len);

/* Case-sensitive getters: NULL / fallback when absent or of another type. */
const cJSON *json_get(const cJSON *obj, const char *name);
const char *json_str(const cJSON *obj, const char *name);
bool json_has(const cJSON *obj, const char *name);
bool json_is_null(const cJSON *obj, const char *name);
long long json_int(const cJSON *obj, const char *name, long long fallback);
bool json_bool(const cJSON *obj, const char *name, bool fallback);

/* Body pre-check before parsing: valid UTF-8 and nesting at most max_depth. */
bool json_text_acceptable(const char *s, size_t len, int max_depth);

#endif
