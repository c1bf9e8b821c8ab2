/* cli_import.c — `asamblea import --edition S [--dry-run] FILE`: registrations from a CSV file,
 * exactly as POST …/registrations/import makes them (registration_import.h), for organizers who
 * script. Prints the import's JSON report on stdout and a one-line summary on stderr; exit 0 when
 * every row was accepted, 1 when rows were refused or nothing could be written, 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "registration_import.h"
#include "writer.h"

static void *heap_alloc(void *ctx, size_t bytes) {
  (void)ctx;
  void *p = calloc(1, bytes);
  if (!p) abort();
  return p;
}

/* The whole file into *text (at most one byte past IMPORT_MAX_BYTES, for the size check). */
static bool read_file(const char *path, char **text, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  *text = malloc(IMPORT_MAX_BYTES + 2);
  if (!*text) abort();
  *len = fread(*text, 1, IMPORT_MAX_BYTES + 1, f);
  bool ok = !ferror(f);
  fclose(f);
  (*text)[*len] = '\0';
  return ok;
}

static int report(const struct import_job *job, bool ran) {
  cJSON *o = import_report(job, ran, LANG_ES); /* the command line speaks Spanish to organizers */
  char *s = cJSON_Print(o);
  puts(s);
  fprintf(stderr, "%s: %d %s, %d duplicadas, %zu filas con errores\n", job->dry_run ? "revisión" : "importación",
          cJSON_GetArraySize(cJSON_GetObjectItem(o, "created")), job->dry_run ? "por crear" : "creadas",
          cJSON_GetArraySize(cJSON_GetObjectItem(o, "duplicates")), job->plan->error_count);
  free(s);
  cJSON_Delete(o);
  return job->plan->error_count ? 1 : 0;
}

/* The plan, set to answer the edition's questions. */
static struct import_plan *plan_answering(struct import_plan *plan, const cJSON *questions) {
  plan->questions = questions;
  return plan;
}

int cli_import(const struct cli_args *a) {
  const char *slug = cli_text(a, "--edition"), *path = a->operand;
  bool dry_run = cli_flag(a, "--dry-run");
  char *text = NULL;
  size_t len = 0;
  if (!read_file(path, &text, &len)) {
    fprintf(stderr, "asamblea: cannot read %s\n", path);
    free(text);
    return 1;
  }
  struct db *db = cli_open_db(a);
  int applied, rc = 1;
  struct import_plan plan = {.alloc = heap_alloc};
  struct import_job job = {.dry_run = dry_run, .plan = &plan};
  cJSON *questions = NULL;
  struct verror ve;
  enum err e;
  if (!db || db_migrate(db, &applied) != ERR_OK) {
    /* said by cli_open_db */
  } else if (db_editions_lookup(db, slug, &job.ed) != ERR_OK) {
    fprintf(stderr, "asamblea: no edition '%s'\n", slug);
  } else if (db_editions_questions(db, job.ed.id, &questions) != ERR_OK) {
    fprintf(stderr, "asamblea: cannot read the questions of '%s'\n", slug);
  } else if ((e = import_plan_build(text, len, plan_answering(&plan, questions), &ve)) != ERR_OK) {
    fprintf(stderr, "asamblea: %s\n", ve.message);
  } else if (plan.error_count && !dry_run) {
    rc = report(&job, false);
  } else if ((e = plan.count ? writer_run(import_run, &job) : ERR_OK) != ERR_OK) {
    fprintf(stderr, "asamblea: %s\n", err_message(e));
  } else {
    rc = report(&job, true);
  }
  cJSON_Delete(plan.owner);
  cJSON_Delete(questions);
  free(plan.rows);
  free(text);
  if (db) db_close_thread();
  return rc;
}
