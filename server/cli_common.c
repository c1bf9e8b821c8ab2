/* cli_common.c — option helpers shared by the subcommands. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "secrets.h"
#include "util.h"

const char *cli_opt(int argc, char **argv, const char *name, const char *fallback) {
  for (int i = 1; i < argc - 1; i++)
    if (strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

bool cli_flag(int argc, char **argv, const char *name) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], name) == 0) return true;
  return false;
}

/* Whole decimal digits only (no sign, space or suffix), at most max. */
static bool parse_unsigned(const char *s, unsigned max, unsigned *out) {
  if (!isdigit((unsigned char)s[0])) return false;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (*end || errno == ERANGE || v > max) return false;
  *out = (unsigned)v;
  return true;
}

bool cli_number(int argc, char **argv, const char *name, unsigned fallback, unsigned min, unsigned max, unsigned *out) {
  const char *text = cli_opt(argc, argv, name, NULL);
  if (!text && !cli_flag(argc, argv, name)) {
    *out = fallback;
    return true;
  }
  if (text && parse_unsigned(text, max, out) && *out >= min) return true;
  fprintf(stderr, "asamblea: %s takes a whole number from %u to %u, not '%s'\n", name, min, max, text ? text : "");
  return false;
}

struct db *cli_open_db(int argc, char **argv) {
  const char *path = cli_opt(argc, argv, "--db", DEFAULT_DB);
  char *copy = xstrdup(path);
  const char *dir = dirname(copy);
  if (mkdir(dir, 0750) != 0 && errno != EEXIST) fprintf(stderr, "asamblea: cannot create %s: %s\n", dir, strerror(errno));
  free(copy);
  db_configure(path);
  if (!secrets_load(path)) return NULL;
  struct db *db = db_thread();
  if (!db) fprintf(stderr, "asamblea: cannot open database %s\n", path);
  return db;
}
