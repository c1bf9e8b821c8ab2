/* cli_message.c — `message --edition S --subject T --body-file F [--status X] [--type T]
 * [--language L] [--dry-run]`: a message to a group of an edition's registrants from the command
 * line, for organizers who script. The same rules as the API (mail_request.h) and the same
 * sending (db_messages.h): one outbox row per recipient, logged and audited; a running server's
 * mailer delivers them. --dry-run prints how many would receive it and writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db_messages.h"
#include "mail_request.h"
#include "text.h"
#include "util.h"

#define BODY_FILE_MAX (MESSAGE_BODY_MAX * 4 + 1) /* bytes: the longest body in UTF-8, and one more */

/* The whole file as a string; NULL after printing why (unreadable, too long, not UTF-8). */
static char *read_body(const char *path) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "asamblea: cannot read %s\n", path);
    return NULL;
  }
  char *text = xmalloc(BODY_FILE_MAX + 1);
  size_t len = fread(text, 1, BODY_FILE_MAX, f);
  bool failed = ferror(f);
  if (f != stdin) fclose(f);
  text[len] = '\0';
  const char *why = failed                   ? "cannot be read"
                    : len == BODY_FILE_MAX   ? "is too long"
                    : !utf8_valid(text, len) ? "is not UTF-8 text"
                                             : NULL;
  if (!why) return text;
  fprintf(stderr, "asamblea: %s %s\n", path, why);
  free(text);
  return NULL;
}

/* The options as the JSON object the API would take. */
static cJSON *request_of(const struct cli_args *a, const char *body) {
  static const char *const options[][2] = {
      {"--subject", "subject"}, {"--status", "status"}, {"--type", "type"}, {"--language", "language"}};
  cJSON *o = cJSON_CreateObject();
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
    const char *v = cli_text(a, options[i][0]);
    if (v) cJSON_AddStringToObject(o, options[i][1], v);
  }
  cJSON_AddStringToObject(o, "body", body);
  return o;
}

static int run(struct db *db, const struct edition *ed, const cJSON *req, bool dry_run) {
  struct message_filter f;
  struct verror ve;
  enum err e = message_request_read(req, false, &f, &ve);
  if (e != ERR_OK) {
    fprintf(stderr, "asamblea: %s: %s\n", ve.field ? ve.field : "message", ve.message);
    return 2;
  }
  long long n = 0;
  if (dry_run) e = db_messages_count(db, ed, &f, &n, NULL);
  else e = db_messages_send(db, ed, &f, json_str(req, "subject"), json_str(req, "body"), 0, &n);
  if (e != ERR_OK) {
    fprintf(stderr, "asamblea: the message could not be %s (%s)\n", dry_run ? "counted" : "queued", err_code(e));
    return 1;
  }
  if (dry_run) printf("%lld recipients (nothing queued: --dry-run)\n", n);
  else printf("%lld e-mails queued\n", n);
  return 0;
}

int cli_message(const struct cli_args *a) {
  const char *slug = cli_text(a, "--edition");
  char *body = read_body(cli_text(a, "--body-file"));
  if (!body) return 2;
  struct db *db = cli_open_db(a);
  int applied, rc = 1;
  struct edition ed;
  if (db && db_migrate(db, &applied) == ERR_OK) {
    if (db_editions_lookup(db, slug, &ed) != ERR_OK) fprintf(stderr, "asamblea: no edition '%s'\n", slug);
    else {
      cJSON *req = request_of(a, body);
      rc = run(db, &ed, req, cli_flag(a, "--dry-run"));
      cJSON_Delete(req);
    }
  }
  free(body);
  if (db) db_close_thread();
  return rc;
}
