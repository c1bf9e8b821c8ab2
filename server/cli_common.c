/* cli_common.c — the one option parser every command uses, driven by the command's table
 * (cli.h): flags, options with a value (`--port 8080` or `--port=8080`; the last one given wins,
 * a repeatable one collects them all), whole numbers checked against their range, at most one
 * positional operand, and anything else refused. Also opens the database named by --db. */
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

int cli_option_index(const struct cli_command *cmd, const char *name) {
  for (size_t i = 0; i < cmd->option_count; i++)
    if (strcmp(cmd->options[i].name, name) == 0) return (int)i;
  return -1;
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

const char *cli_check_value(const struct cli_option *o, const char *value, unsigned *number, char *why, size_t size) {
  *number = 0;
  if (o->kind != CLI_NUMBER || (parse_unsigned(value, o->max, number) && *number >= o->min)) return NULL;
  snprintf(why, size, "%s takes a whole number from %u to %u, not '%s'", o->name, o->min, o->max, value);
  return why;
}

void cli_set_value(struct cli_args *a, int i, const char *value, unsigned number) {
  char *old = a->values[i];
  if (old && a->command->options[i].repeatable) {
    size_t n = strlen(old) + 1 + strlen(value) + 1;
    a->values[i] = xmalloc(n);
    snprintf(a->values[i], n, "%s,%s", old, value);
  } else {
    a->values[i] = xstrdup(value);
  }
  free(old);
  a->numbers[i] = number;
}

void cli_args_free(struct cli_args *a) {
  for (size_t i = 0; i < CLI_MAX_OPTIONS; i++) free(a->values[i]);
  memset(a, 0, sizeof *a);
}

bool cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

/* One option of argv at *i (moving *i past its value); false after saying what is wrong. */
static bool take_option(struct cli_args *a, int argc, char **argv, int *i, FILE *err) {
  const struct cli_command *cmd = a->command;
  char name[64];
  const char *arg = argv[*i], *eq = strchr(arg, '='), *value = NULL;
  snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
  int k = cli_option_index(cmd, name);
  if (k < 0 || (eq && cmd->options[k].kind == CLI_FLAG)) {
    fprintf(err, "asamblea %s: unknown option %s\n", cmd->name, arg);
    return false;
  }
  const struct cli_option *o = &cmd->options[k];
  if (o->kind == CLI_FLAG) value = "true";
  else if (eq) value = eq + 1;
  else if (*i + 1 < argc) value = argv[++*i];
  char why[200];
  unsigned number;
  if (!value && o->kind == CLI_TEXT) {
    fprintf(err, "asamblea %s: %s needs a value (%s)\n", cmd->name, o->name, o->metavar);
    return false;
  }
  if (cli_check_value(o, value ? value : "", &number, why, sizeof why)) {
    fprintf(err, "asamblea: %s\n", why);
    return false;
  }
  cli_set_value(a, k, value, number);
  a->on_command_line[k] = true;
  return true;
}

/* Every required option and the operand are there; false after saying which is missing. */
static bool complete(const struct cli_args *a, FILE *err) {
  const struct cli_command *cmd = a->command;
  for (size_t i = 0; i < cmd->option_count; i++)
    if (cmd->options[i].required && !a->values[i]) {
      fprintf(err, "asamblea %s: %s %s is required\n", cmd->name, cmd->options[i].name, cmd->options[i].metavar);
      return false;
    }
  if (cmd->operand && !a->operand) {
    fprintf(err, "asamblea %s: %s is required\n", cmd->name, cmd->operand);
    return false;
  }
  return true;
}

enum cli_parsed cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a, FILE *err) {
  memset(a, 0, sizeof *a);
  a->command = cmd;
  for (int i = 1; i < argc; i++)
    if (cli_is_help(argv[i])) return CLI_HELP;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (arg[0] == '-' && arg[1]) {
      if (!take_option(a, argc, argv, &i, err)) return CLI_WRONG;
    } else if (cmd->operand && !a->operand) {
      a->operand = arg;
    } else {
      fprintf(err, "asamblea %s: unexpected argument '%s'\n", cmd->name, arg);
      return CLI_WRONG;
    }
  }
  int config = cli_option_index(cmd, "--config");
  if (config >= 0 && a->values[config] && !cli_read_config(a, a->values[config], err)) return CLI_WRONG;
  return complete(a, err) ? CLI_RUN : CLI_WRONG;
}

/* The index of name in a's table; a name not there is a mistake in the program. */
static int must_index(const struct cli_args *a, const char *name) {
  int i = cli_option_index(a->command, name);
  if (i < 0) {
    fprintf(stderr, "asamblea %s: no option %s in its table\n", a->command->name, name);
    abort();
  }
  return i;
}

const char *cli_text(const struct cli_args *a, const char *name) {
  int i = must_index(a, name);
  return a->values[i] ? a->values[i] : a->command->options[i].fallback;
}

bool cli_flag(const struct cli_args *a, const char *name) { return a->values[must_index(a, name)] != NULL; }

unsigned cli_number(const struct cli_args *a, const char *name) {
  int i = must_index(a, name);
  unsigned n = 0;
  if (a->values[i]) return a->numbers[i];
  const char *fallback = a->command->options[i].fallback;
  return fallback && parse_unsigned(fallback, a->command->options[i].max, &n) ? n : 0;
}

struct db *cli_open_db(const struct cli_args *a) {
  const char *path = cli_text(a, "--db");
  char *copy = xstrdup(path);
  const char *dir = dirname(copy);
  if (mkdir(dir, 0750) != 0 && errno != EEXIST)
    fprintf(stderr, "asamblea: cannot create %s: %s\n", dir, strerror(errno));
  free(copy);
  db_configure(path);
  if (!secrets_load(path)) return NULL;
  struct db *db = db_thread();
  if (!db) fprintf(stderr, "asamblea: cannot open database %s\n", path);
  return db;
}
