/* i18n.h — the languages of the service (Spanish, the default, and English) and their
 * catalogues of strings (i18n/<code>.json, embedded at build time): a text by key, the language
 * a browser's Accept-Language prefers, and dates written the way each language writes them. */
#ifndef ASAMBLEA_I18N_H
#define ASAMBLEA_I18N_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_ES = 0, LANG_EN, LANG__COUNT };

/* "es", "en". */
const char *lang_code(enum lang l);
/* True and *out set when s is exactly one of the codes. */
bool lang_parse(const char *s, enum lang *out);
/* The language an Accept-Language header prefers (q-values honoured, regions ignored: en-GB is
 * en); es when it names neither or is NULL. */
enum lang lang_from_accept(const char *header);

/* The text of key in l; falls back to Spanish, then to the key itself (never NULL). */
const char *i18n_text(enum lang l, const char *key);
/* The whole catalogue of l (a flat JSON object key → text), read-only. */
const cJSON *i18n_catalogue(enum lang l);

/* The text of key in l with "{a}" and "{b}" replaced by a and b (either may be NULL), into out. */
void i18n_format(enum lang l, const char *key, const char *a, const char *b, char *out, size_t size);

/* ("2025-11-20", "2025-11-21") → es "20–21 de noviembre de 2025", en "20–21 November 2025"
 * (one day when end is NULL, empty or the same); dates that do not parse are copied as given. */
void i18n_date_range(enum lang l, const char *start, const char *end, char *out, size_t size);
#endif
