/* cli_common.c — option helpers shared by the subcommands. */
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
