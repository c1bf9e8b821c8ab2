/* cli.h — the command line: each subcommand is a function taking argc/argv after its name,
 * with small shared helpers for --options. */
#ifndef ASAMBLEA_CLI_H
#define ASAMBLEA_CLI_H
#include <stdbool.h>

#include "db.h"

#define DEFAULT_DB "data/asamblea.db"

/* The value after --name, or fallback. */
const char *cli_opt(int argc, char **argv, const char *name, const char *fallback);
bool cli_flag(int argc, char **argv, const char *name);
/* The value of --name as a whole decimal number from min to max (fallback when the option is
 * absent) into *out. False after printing which option is wrong and what it takes: a value that
 * is missing, empty, signed, has anything after the digits, or lies outside the range. */
bool cli_number(int argc, char **argv, const char *name, unsigned fallback, unsigned min, unsigned max, unsigned *out);
/* Opens the database named by --db (creating its folder), for a command. NULL after printing why. */
struct db *cli_open_db(int argc, char **argv);

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_seed(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_badges(int argc, char **argv);
int cli_proceedings(int argc, char **argv);
int cli_certificates(int argc, char **argv);
#endif
