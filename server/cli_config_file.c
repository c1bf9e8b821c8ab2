/* cli_config_file.c — the configuration file of `serve --config FILE`: `key = value` lines, where
 * a key is one of the command's long options without its leading "--" (`port = 8080`); a flag
 * takes true or false; a repeatable key may appear on several lines. Blank lines and lines
 * starting with # are skipped (a # further on is part of the value). Every line is checked, but
 * an option given on the command line keeps the command line's value. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* s without its leading and trailing white space (in place). */
static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

/* The option a key names: a long option other than --config; -1 if none. */
static int option_of_key(const struct cli_command *cmd, const char *key) {
  char name[80];
  if (strncmp(key, "-", 1) == 0 || strcmp(key, "config") == 0) return -1;
  snprintf(name, sizeof name, "--%s", key);
  return cli_option_index(cmd, name);
}

/* One line; NULL if good, else why not (in why). */
static const char *take_line(struct cli_args *a, char *line, char *why, size_t size) {
  char *eq = strchr(line, '=');
  if (!eq) return "expected key = value";
  *eq = '\0';
  char *key = trim(line), *value = trim(eq + 1);
  int k = option_of_key(a->command, key);
  if (k < 0) {
    snprintf(why, size, "unknown key '%s'", key);
    return why;
  }
  const struct cli_option *o = &a->command->options[k];
  unsigned number = 0;
  if (o->kind == CLI_FLAG && strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
    snprintf(why, size, "%s takes true or false, not '%s'", key, value);
    return why;
  }
  if (cli_check_value(o, value, &number, why, size)) return why;
  if (a->on_command_line[k] || (o->kind == CLI_FLAG && strcmp(value, "false") == 0)) return NULL;
  cli_set_value(a, k, value, number);
  return NULL;
}

bool cli_read_config(struct cli_args *a, const char *path, FILE *err) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(err, "asamblea: cannot read %s: %s\n", path, strerror(errno));
    return false;
  }
  char *line = NULL, why[300];
  size_t cap = 0;
  const char *wrong = NULL;
  unsigned number = 0;
  while (!wrong && getline(&line, &cap, f) >= 0) {
    number++;
    char *text = trim(line);
    if (*text && *text != '#') wrong = take_line(a, text, why, sizeof why);
  }
  if (wrong) fprintf(err, "asamblea: %s:%u: %s\n", path, number, wrong);
  else if (ferror(f)) fprintf(err, "asamblea: cannot read %s\n", path);
  bool ok = !wrong && !ferror(f);
  free(line);
  fclose(f);
  return ok;
}
