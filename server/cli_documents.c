/* cli_documents.c — documents from the command line, for organizers who script:
 * `badges --edition S [--layout L] [--type T] [--unprinted] -o FILE`, `proceedings --edition S
 * [--published] -o FILE` (the current data, or the latest published version byte for byte), and
 * `certificates --edition S -o FILE` (every attendee who checked in). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "db_proceedings.h"
#include "documents.h"

/* Writes bytes to path atomically enough for a command: a temporary file then rename. */
static int write_file(const char *path, const unsigned char *bytes, size_t len) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.partial", path);
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(bytes, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok || rename(tmp, path) != 0) {
    fprintf(stderr, "asamblea: cannot write %s\n", path);
    remove(tmp);
    return 1;
  }
  return 0;
}

/* Opens the database and the edition named by --edition; NULL db after printing why. */
static struct db *open_edition(const struct cli_args *a, struct edition *ed) {
  const char *slug = cli_text(a, "--edition");
  struct db *db = cli_open_db(a);
  int applied;
  if (!db || db_migrate(db, &applied) != ERR_OK) return NULL;
  if (db_editions_lookup(db, slug, ed) != ERR_OK) {
    fprintf(stderr, "asamblea: no edition '%s'\n", slug);
    return NULL;
  }
  return db;
}

static int finish(enum err e, unsigned char *pdf, size_t len, const char *out, const char *what) {
  int rc = 1;
  if (e == ERR_OK) rc = write_file(out, pdf, len);
  else if (e == ERR_NOT_FOUND) fprintf(stderr, "asamblea: nothing to put in the %s\n", what);
  else if (e == ERR_VALIDATION) fprintf(stderr, "asamblea: unknown layout (a4-10, a4-8, a6, cr80)\n");
  else fprintf(stderr, "asamblea: the %s could not be rendered\n", what);
  if (rc == 0) printf("%s written to %s (%zu bytes)\n", what, out, len);
  free(pdf);
  db_close_thread();
  return rc;
}

int cli_badges(const struct cli_args *a) {
  struct edition ed;
  struct db *db = open_edition(a, &ed);
  if (!db) return 2;
  struct badge_filter f = {
      .layout = cli_text(a, "--layout"), .type = cli_text(a, "--type"), .unprinted_only = cli_flag(a, "--unprinted")};
  unsigned char *pdf = NULL;
  size_t len = 0, count = 0;
  enum err e = doc_badges(db, &ed, &f, &pdf, &len, &count);
  if (e == ERR_OK) printf("%zu badges\n", count);
  return finish(e, pdf, len, cli_text(a, "-o"), "badges");
}

int cli_proceedings(const struct cli_args *a) {
  struct edition ed;
  struct db *db = open_edition(a, &ed);
  if (!db) return 2;
  unsigned char *pdf = NULL;
  size_t len = 0;
  enum err e;
  if (cli_flag(a, "--published")) {
    char sha[65];
    int version;
    e = db_proceedings_pdf(db, &ed, 0, NULL, &pdf, &len, sha, &version);
  } else {
    e = doc_proceedings(db, &ed, time(NULL), &pdf, &len);
  }
  return finish(e, pdf, len, cli_text(a, "-o"), "proceedings");
}

int cli_certificates(const struct cli_args *a) {
  struct edition ed;
  struct db *db = open_edition(a, &ed);
  if (!db) return 2;
  unsigned char *pdf = NULL;
  size_t len = 0;
  enum err e = doc_certificates(db, &ed, 0, &pdf, &len);
  return finish(e, pdf, len, cli_text(a, "-o"), "certificates");
}
