/* main.c — entry point: dispatches to the subcommands of the one asamblea binary. Every file a
 * command creates (the database and its -wal and -shm, the key file, backups, PDFs) is readable
 * by its owner only: they hold signing keys, password hashes and attendees' data. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"
#include "cli.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *usage;
} commands[] = {
    {"serve", cli_serve, "serve [--port 8080] [--bind 127.0.0.1] [--web web] [--threads 8] [--max-conns-per-ip 200]\n"
              "        [--signup-limit 30] [--tls-cert F --tls-key F] [--no-access-log]\n"
              "        [--smtp-url smtp://HOST:PORT] [--smtp-user U] [--mail-from ADDRESS] [--mail-interval 2]\n"
              "        [--mail-retry-base 30]   (SMTP password: environment variable ASAMBLEA_SMTP_PASSWORD)"},
    {"migrate", cli_migrate, "migrate"},
    {"seed", cli_seed, "seed                      (idempotent: both demo editions)"},
    {"user", cli_user, "user add --email E --role admin|organizer|staff --name N   (password on stdin)\n"
                       "  asamblea user ensure-admin [--email E]   (creates an admin with a random password if none exists)\n"
                       "  asamblea user list"},
    {"backup", cli_backup, "backup -o FILE [--timeout 600]   (consistent copy, also while serving)"},
    {"badges", cli_badges, "badges --edition S [--layout a4-10|a4-8|a6|cr80] [--type T] [--unprinted] -o FILE"},
    {"proceedings", cli_proceedings, "proceedings --edition S [--published] -o FILE   (the memoria as PDF)"},
    {"certificates", cli_certificates, "certificates --edition S -o FILE   (every attendee who checked in)"},
};

static void usage(FILE *out) {
  fputs("asamblea — registration, programme, badges, check-in and proceedings of an assembly\n\nUsage:\n", out);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) fprintf(out, "  asamblea %s\n", commands[i].usage);
  fputs("\nEvery command takes --db PATH (default " DEFAULT_DB ").\n", out);
}

int main(int argc, char **argv) {
  umask(077);
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!auth_init()) {
    fputs("asamblea: libsodium failed to initialize\n", stderr);
    return 1;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "asamblea: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
