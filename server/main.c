/* main.c — entry point: dispatches to the subcommands of the one asamblea binary (cli_commands.c),
 * after parsing their options. Every file a command creates (the database and its -wal and -shm,
 * the key file, backups, PDFs) is readable by its owner only: they hold signing keys, password
 * hashes and attendees' data. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"
#include "cli.h"
#include "version.h"

/* --help, -h or the word help. */
static bool is_help(const char *arg) { return cli_is_help(arg) || strcmp(arg, "help") == 0; }

/* `asamblea user …` without one of user's commands: its list, on stdout for --help. */
static int group_usage(const char *group, int argc, char **argv) {
  if (argc > 2 && is_help(argv[2])) {
    cli_usage_of(stdout, group);
    return 0;
  }
  if (argc <= 2) fprintf(stderr, "asamblea %s: which command?\n\n", group);
  else if (argv[2][0] == '-') fprintf(stderr, "asamblea %s: unknown option %s\n\n", group, argv[2]);
  else fprintf(stderr, "asamblea %s: unknown command '%s'\n\n", group, argv[2]);
  cli_usage_of(stderr, group);
  return 2;
}

/* The options of cmd are argv[words..]; parses them, then runs it. */
static int run(const struct cli_command *cmd, int words, int argc, char **argv) {
  struct cli_args a;
  enum cli_parsed parsed = cli_parse(cmd, argc - words, argv + words, &a, stderr);
  int rc = 0;
  if (parsed == CLI_HELP) {
    cli_usage_of(stdout, cmd->name);
  } else if (parsed == CLI_WRONG) {
    fputc('\n', stderr);
    cli_usage_of(stderr, cmd->name);
    rc = 2;
  } else if (!auth_init()) {
    fputs("asamblea: libsodium failed to initialize\n", stderr);
    rc = 1;
  } else {
    rc = cmd->run(&a);
  }
  cli_args_free(&a);
  return rc;
}

int main(int argc, char **argv) {
  umask(077);
  const char *first = argc > 1 ? argv[1] : "";
  if (argc < 2 || is_help(first)) {
    cli_usage_all(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(first, "--version") == 0 || strcmp(first, "version") == 0) {
    puts("asamblea " ASAMBLEA_VERSION);
    return 0;
  }
  if (strcmp(first, "--man") == 0) { /* for `make build/asamblea.1` */
    cli_man_page(stdout);
    return 0;
  }
  if (strcmp(first, "--sample-config") == 0) { /* packaging/asamblea.conf */
    cli_sample_config(stdout);
    return 0;
  }
  char two_words[200];
  snprintf(two_words, sizeof two_words, "%s %s", first, argc > 2 ? argv[2] : "");
  const struct cli_command *cmd = cli_command_named(two_words);
  if (cmd) return run(cmd, 2, argc, argv);
  if ((cmd = cli_command_named(first))) return run(cmd, 1, argc, argv);
  if (cli_is_group(first)) return group_usage(first, argc, argv);
  if (first[0] == '-') fprintf(stderr, "asamblea: unknown option %s\n\n", first);
  else fprintf(stderr, "asamblea: unknown command '%s'\n\n", first);
  cli_usage_all(stderr);
  return 2;
}
