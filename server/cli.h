/* cli.h — the command line: one declarative table of options per command (cli_commands.c), one
 * parser for all of them (cli_common.c, with the configuration file of cli_config_file.c), and
 * the usage, man page and sample configuration printed from the same tables (cli_help.c). Each
 * command is a function taking its parsed options. */
#ifndef ASAMBLEA_CLI_H
#define ASAMBLEA_CLI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "db.h"

#define DEFAULT_DB "data/asamblea.db"
/* Where the Debian package puts things (the man page's FILES, the sample configuration). */
#define SERVICE_CONFIG "/etc/asamblea/asamblea.conf"
#define SERVICE_STATE "/var/lib/asamblea"
#define SERVICE_DB SERVICE_STATE "/asamblea.db"
#define SERVICE_WEB "/usr/share/asamblea/web"

enum cli_kind {
  CLI_FLAG,   /* present or not; true/false in a configuration file */
  CLI_TEXT,   /* takes a value */
  CLI_NUMBER, /* takes a whole decimal number from min to max */
};

struct cli_option {
  const char *name; /* "--port" or "-o" */
  enum cli_kind kind;
  const char *metavar;  /* what the value is called in the usage: "N", "FILE" (NULL for a flag) */
  const char *fallback; /* the value when absent, shown as the default; NULL: none */
  unsigned min, max;    /* CLI_NUMBER: the range */
  bool required;        /* the command needs it */
  bool repeatable;      /* may be given several times: the values joined with commas */
  const char *service;  /* the value the packaged service uses, for the sample configuration */
  const char *help;
};

struct cli_args;

struct cli_command {
  const char *name; /* "serve", "user add" */
  int (*run)(const struct cli_args *a);
  const char *summary; /* one line, for the list of commands */
  const char *details; /* more, for its --help and the man page; NULL: none */
  const char *operand; /* the one positional argument it takes ("FILE"), NULL: none */
  const struct cli_option *options;
  size_t option_count;
};

/* The commands, in the order of the usage (cli_commands.c). */
extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;
/* The command called name ("serve", "user add"), NULL if none. */
const struct cli_command *cli_command_named(const char *name);
/* Whether word is the first word of commands of two ("user" of "user add"). */
bool cli_is_group(const char *word);

#define CLI_MAX_OPTIONS 24

/* One command's options as parsed: from the command line, then from --config FILE for those
 * the command line did not give. */
struct cli_args {
  const struct cli_command *command;
  char *values[CLI_MAX_OPTIONS]; /* per option of the table: its value ("true" for a flag), NULL if absent */
  bool on_command_line[CLI_MAX_OPTIONS];
  unsigned numbers[CLI_MAX_OPTIONS]; /* CLI_NUMBER: the value as a number */
  const char *operand;
};

enum cli_parsed {
  CLI_RUN,   /* the options are good: run the command */
  CLI_HELP,  /* --help or -h: print the usage on stdout, exit 0 */
  CLI_WRONG, /* said why on err: exit 2 with the usage on stderr */
};

/* Parses argv[1..argc-1] (argv[0] is the command's last word) against cmd's table into *a, and
 * then the file named by --config if the command has that option. Errors go to err. Release *a
 * with cli_args_free, whatever the answer. */
enum cli_parsed cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a, FILE *err);
void cli_args_free(struct cli_args *a);
/* --help or -h. */
bool cli_is_help(const char *arg);

/* Index of the option called name (e.g. "--port") in cmd's table, -1 if none. */
int cli_option_index(const struct cli_command *cmd, const char *name);
/* Checks value for option o; NULL if good (with the number in *number), else a message. */
const char *cli_check_value(const struct cli_option *o, const char *value, unsigned *number, char *why, size_t size);
/* Sets option i to value (a copy); a repeatable option's values are joined with commas. */
void cli_set_value(struct cli_args *a, int i, const char *value, unsigned number);
/* Reads `key = value` lines of path into the options not given on the command line (cli_config_file.c). */
bool cli_read_config(struct cli_args *a, const char *path, FILE *err);

/* The value of option name: given, else its fallback (NULL if none). name must be in the table. */
const char *cli_text(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);
unsigned cli_number(const struct cli_args *a, const char *name);

/* The usages, from the tables (cli_help.c). */
void cli_usage_all(FILE *out);
/* The usage of the commands whose name is word or starts with "word ", e.g. "user". */
void cli_usage_of(FILE *out, const char *word);
void cli_man_page(FILE *out);
void cli_sample_config(FILE *out);

/* Opens the database named by --db (creating its folder), for a command. NULL after printing why. */
struct db *cli_open_db(const struct cli_args *a);

/* serve's settings, from its options and the configuration file. */
struct config {
  const char *db, *bind, *web, *public_url, *tls_cert, *tls_key;
  const char *trusted_proxy; /* addresses whose X-Forwarded-For is trusted, comma-separated; NULL: none */
  unsigned port, threads, max_conns_per_ip, signup_limit;
  bool access_log;
  const char *smtp_url, *smtp_user, *mail_from;
  unsigned mail_interval, mail_retry_base;
};

int cli_serve(const struct cli_args *a);
int cli_migrate(const struct cli_args *a);
int cli_seed(const struct cli_args *a);
int cli_backup(const struct cli_args *a);
int cli_user_add(const struct cli_args *a);
int cli_user_ensure_admin(const struct cli_args *a);
int cli_user_list(const struct cli_args *a);
int cli_user_passwd(const struct cli_args *a);
int cli_user_set_role(const struct cli_args *a);
int cli_user_deactivate(const struct cli_args *a);
int cli_user_reactivate(const struct cli_args *a);
int cli_badges(const struct cli_args *a);
int cli_proceedings(const struct cli_args *a);
int cli_certificates(const struct cli_args *a);
int cli_message(const struct cli_args *a);
int cli_import(const struct cli_args *a);
#endif
