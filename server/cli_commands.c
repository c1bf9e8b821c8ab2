/* cli_commands.c — every command of the binary with its options: the one table the parser, the
 * usage (--help), the man page and the sample configuration file are all made from. */
#include <string.h>

#include "cli.h"

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

/* The tables are laid out by hand, one option or command per entry: */
/* clang-format off */

/* Options several commands share. */
#define DB_OPTION                                                                                       \
  {.name = "--db", .kind = CLI_TEXT, .metavar = "PATH", .fallback = DEFAULT_DB, .service = SERVICE_DB, \
   .help = "the database file (created with its folder if missing; its key file is PATH.key)"}
#define EDITION_OPTION \
  {.name = "--edition", .kind = CLI_TEXT, .metavar = "S", .required = true, .help = "the edition's slug"}
#define OUTPUT_OPTION \
  {.name = "-o", .kind = CLI_TEXT, .metavar = "FILE", .required = true, .help = "the PDF file to write"}
#define ACCOUNT_OPTION \
  {.name = "--email", .kind = CLI_TEXT, .metavar = "E", .required = true, .help = "the account's e-mail"}
#define ROLE_OPTION \
  {.name = "--role", .kind = CLI_TEXT, .metavar = "admin|organizer|staff", .required = true, .help = "the account's role"}

static const struct cli_option serve_options[] = {
    {.name = "--config", .kind = CLI_TEXT, .metavar = "FILE",
     .help = "read settings from FILE: key = value lines, a key being one of these options without its --; "
             "options on the command line win over the file"},
    DB_OPTION,
    {.name = "--port", .kind = CLI_NUMBER, .metavar = "N", .fallback = "8080", .min = 0, .max = 65535,
     .help = "TCP port to listen on (0: any free port, printed when bound)"},
    {.name = "--bind", .kind = CLI_TEXT, .metavar = "ADDR", .fallback = "127.0.0.1", .help = "address to listen on"},
    {.name = "--public-url", .kind = CLI_TEXT, .metavar = "URL",
     .help = "the site's public address, used in the links of e-mails and documents (default: the server's own address)"},
    {.name = "--web", .kind = CLI_TEXT, .metavar = "DIR", .fallback = "web", .service = SERVICE_WEB,
     .help = "folder of the pages"},
    {.name = "--threads", .kind = CLI_NUMBER, .metavar = "N", .fallback = "8", .min = 1, .max = 256,
     .help = "threads answering requests"},
    {.name = "--max-conns-per-ip", .kind = CLI_NUMBER, .metavar = "N", .fallback = "200", .min = 1, .max = 1000,
     .help = "connections one client address may hold (of 1000 in all); raise it for a venue whose phones share one "
             "NAT address"},
    {.name = "--signup-limit", .kind = CLI_NUMBER, .metavar = "N", .fallback = "30", .min = 0, .max = 100000,
     .help = "public sign-ups one client address may make in 10 minutes (0: no limit)"},
    {.name = "--trusted-proxy", .kind = CLI_TEXT, .metavar = "ADDR[/BITS]", .repeatable = true,
     .help = "behind a reverse proxy: trust X-Forwarded-For from these proxy addresses or networks "
             "(repeatable)"},
    {.name = "--tls-cert", .kind = CLI_TEXT, .metavar = "FILE",
     .help = "PEM certificate: serve HTTPS (with --tls-key; SIGHUP reloads it)"},
    {.name = "--tls-key", .kind = CLI_TEXT, .metavar = "FILE", .help = "PEM private key of --tls-cert"},
    {.name = "--no-access-log", .kind = CLI_FLAG, .help = "do not log each request on stderr"},
    {.name = "--smtp-url", .kind = CLI_TEXT, .metavar = "URL",
     .help = "SMTP server, smtp://HOST:PORT or smtps://HOST:PORT, no credentials (none: e-mails wait in the outbox)"},
    {.name = "--smtp-user", .kind = CLI_TEXT, .metavar = "USER",
     .help = "SMTP login (the password only from the environment variable ASAMBLEA_SMTP_PASSWORD)"},
    {.name = "--mail-from", .kind = CLI_TEXT, .metavar = "ADDRESS", .fallback = "no-reply@localhost",
     .help = "sender address of the e-mails"},
    {.name = "--mail-interval", .kind = CLI_NUMBER, .metavar = "N", .fallback = "2", .min = 1, .max = 3600,
     .help = "seconds between looks at the outbox"},
    {.name = "--mail-retry-base", .kind = CLI_NUMBER, .metavar = "N", .fallback = "30", .min = 1, .max = 3600,
     .help = "seconds before the first retry of a failed e-mail (doubling after each failure)"},
};

static const struct cli_option db_options[] = {DB_OPTION};

static const struct cli_option seed_options[] = {
    {.name = "--sample", .kind = CLI_FLAG,
     .help = "also the sample edition 'ejemplo': fictitious data dated from today, open for sign-up"},
    DB_OPTION,
};

static const struct cli_option user_add_options[] = {
    ACCOUNT_OPTION,
    ROLE_OPTION,
    {.name = "--name", .kind = CLI_TEXT, .metavar = "N", .required = true, .help = "the person's name"},
    DB_OPTION,
};

static const struct cli_option ensure_admin_options[] = {
    {.name = "--email", .kind = CLI_TEXT, .metavar = "E", .fallback = "admin@asamblea.local", .help = "the admin's e-mail"},
    DB_OPTION,
};

static const struct cli_option account_options[] = {ACCOUNT_OPTION, DB_OPTION};

static const struct cli_option set_role_options[] = {ACCOUNT_OPTION, ROLE_OPTION, DB_OPTION};

static const struct cli_option backup_options[] = {
    {.name = "-o", .kind = CLI_TEXT, .metavar = "FILE", .required = true, .help = "the copy to write"},
    {.name = "--timeout", .kind = CLI_TEXT, .metavar = "SECONDS", .fallback = "600",
     .help = "give up after this many seconds (a decimal number, at most 86400)"},
    DB_OPTION,
};

static const struct cli_option badges_options[] = {
    EDITION_OPTION,
    {.name = "--layout", .kind = CLI_TEXT, .metavar = "a4-10|a4-8|a6|cr80", .fallback = "a4-10", .help = "the sheet"},
    {.name = "--type", .kind = CLI_TEXT, .metavar = "T", .help = "only registrations of this type"},
    {.name = "--unprinted", .kind = CLI_FLAG, .help = "only badges not printed yet"},
    OUTPUT_OPTION,
    DB_OPTION,
};

static const struct cli_option proceedings_options[] = {
    EDITION_OPTION,
    {.name = "--published", .kind = CLI_FLAG,
     .help = "the latest published version, byte for byte, instead of the current data"},
    OUTPUT_OPTION,
    DB_OPTION,
};

static const struct cli_option certificates_options[] = {EDITION_OPTION, OUTPUT_OPTION, DB_OPTION};

static const struct cli_option message_options[] = {
    EDITION_OPTION,
    {.name = "--subject", .kind = CLI_TEXT, .metavar = "T", .required = true, .help = "the subject"},
    {.name = "--body-file", .kind = CLI_TEXT, .metavar = "F|-", .required = true,
     .help = "the text, UTF-8 (-: standard input); placeholders {nombre} {codigo} {enlace}"},
    {.name = "--status", .kind = CLI_TEXT, .metavar = "confirmed|waitlisted|cancelled",
     .help = "only registrations in this status (default: confirmed and waitlisted)"},
    {.name = "--type", .kind = CLI_TEXT, .metavar = "T", .help = "only registrations of this type"},
    {.name = "--language", .kind = CLI_TEXT, .metavar = "es|en", .help = "only registrants of this language"},
    {.name = "--dry-run", .kind = CLI_FLAG, .help = "print how many would receive it, queue nothing"},
    DB_OPTION,
};

static const struct cli_option import_options[] = {
    EDITION_OPTION,
    {.name = "--dry-run", .kind = CLI_FLAG, .help = "only check the file, write nothing"},
    DB_OPTION,
};

#define COMMAND(cmd_name, fn, opts, ...) \
  {.name = cmd_name, .run = fn, .options = opts, .option_count = COUNT(opts), __VA_ARGS__}

const struct cli_command cli_commands[] = {
    COMMAND("serve", cli_serve, serve_options, .summary = "migrate the database, then serve the API and the pages",
            .details = "Stops cleanly on SIGTERM or SIGINT: requests in flight finish (up to 10 s), then the database "
                       "is closed. SIGHUP reloads the TLS certificate."),
    COMMAND("migrate", cli_migrate, db_options,
            .summary = "apply the migrations not yet applied, all in one transaction (every command migrates first)"),
    COMMAND("seed", cli_seed, seed_options,
            .summary = "load the demo editions latacunga-2024 and pastaza-2025 (idempotent)"),
    COMMAND("user add", cli_user_add, user_add_options,
            .summary = "create an account; its password is read from standard input (10 characters or more)"),
    COMMAND("user ensure-admin", cli_user_ensure_admin, ensure_admin_options,
            .summary = "create an admin with a random password, printed once, if there is none"),
    COMMAND("user list", cli_user_list, db_options, .summary = "list the accounts (deactivated ones marked)"),
    COMMAND("user passwd", cli_user_passwd, account_options,
            .summary = "give an account a new password read from standard input; its sessions end"),
    COMMAND("user set-role", cli_user_set_role, set_role_options, .summary = "change an account's role"),
    COMMAND("user deactivate", cli_user_deactivate, account_options,
            .summary = "the account cannot sign in and its sessions end"),
    COMMAND("user reactivate", cli_user_reactivate, account_options, .summary = "the account can sign in again"),
    COMMAND("backup", cli_backup, backup_options,
            .summary = "a consistent copy of the database, also while serving (FILE is complete or absent)"),
    COMMAND("badges", cli_badges, badges_options, .summary = "badge sheets of the confirmed registrations as PDF"),
    COMMAND("proceedings", cli_proceedings, proceedings_options, .summary = "the memoria as PDF"),
    COMMAND("certificates", cli_certificates, certificates_options,
            .summary = "certificates of attendance of everyone who checked in, as PDF"),
    COMMAND("message", cli_message, message_options,
            .summary = "e-mail a message to an edition's registrants (one outbox row each; a running server sends them)"),
    COMMAND("import", cli_import, import_options, .operand = "FILE",
            .summary = "registrations from a CSV file: JSON report on stdout",
            .details = "Answers to the edition's questions go in columns answers.<id> or named by the question. Exit "
                       "status 0: every row accepted; 1: rows refused (nothing written); 2: usage error."),
};
/* clang-format on */

const size_t cli_command_count = COUNT(cli_commands);

const struct cli_command *cli_command_named(const char *name) {
  for (size_t i = 0; i < cli_command_count; i++)
    if (strcmp(cli_commands[i].name, name) == 0) return &cli_commands[i];
  return NULL;
}

bool cli_is_group(const char *word) {
  size_t n = strlen(word);
  for (size_t i = 0; i < cli_command_count; i++)
    if (strncmp(cli_commands[i].name, word, n) == 0 && cli_commands[i].name[n] == ' ') return true;
  return false;
}
