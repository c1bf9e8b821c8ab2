/* embedded.h — files compiled into the binary (migrations and seeds from sql/, the catalogues of
 * strings from i18n/), generated at
 * build time by tools/embed.c so that the binary alone can create and seed a database. */
#ifndef ASAMBLEA_EMBEDDED_H
#define ASAMBLEA_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
  const char *name; /* path relative to the repository, e.g. "sql/001_schema.sql" */
  const char *data; /* contents, NUL-terminated */
  size_t len;       /* length without the NUL */
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_files_count;
#endif
