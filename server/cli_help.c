/* cli_help.c — what the command tables (cli_commands.c) print about themselves: the usage of
 * `asamblea --help` and of each `asamblea CMD --help`, the man page asamblea(1) in roff
 * (`asamblea --man`, for `make build/asamblea.1`) and the sample configuration file of the
 * package (`asamblea --sample-config`, packaging/asamblea.conf). No text here repeats a table. */
#include <stdint.h>
#include <string.h>

#include "cli.h"
#include "version.h"

#define WIDTH 80
#define OPTION_COLUMN 30
#define TAGLINE "registration, programme, badges, check-in and proceedings of an assembly"

/* Prints text from column `column` on, words wrapped before WIDTH, each further line starting
 * with indent (whose width is its length). */
static void wrap(FILE *out, size_t column, const char *indent, const char *text) {
  size_t at = column;
  bool first = true;
  while (*text) {
    size_t word = strcspn(text, " ");
    if (!first && at + 1 + word > WIDTH) {
      fprintf(out, "\n%s", indent);
      at = strlen(indent);
    } else if (!first) {
      fputc(' ', out);
      at++;
    }
    fprintf(out, "%.*s", (int)word, text);
    at += word;
    first = false;
    text += word;
    while (*text == ' ') text++;
  }
  fputc('\n', out);
}

/* The option's help with its range, default or need, e.g. "TCP port [0 to 65535; default: 8080]". */
static void describe(const struct cli_option *o, char *buf, size_t size) {
  char range[40] = "", fallback[120] = "";
  if (o->kind == CLI_NUMBER) snprintf(range, sizeof range, "%u to %u", o->min, o->max);
  if (o->fallback) snprintf(fallback, sizeof fallback, "default: %s", o->fallback);
  if (o->required) snprintf(fallback, sizeof fallback, "required");
  const char *sep = range[0] && fallback[0] ? "; " : "";
  if (range[0] || fallback[0]) snprintf(buf, size, "%s [%s%s%s]", o->help, range, sep, fallback);
  else snprintf(buf, size, "%s", o->help);
}

/* "asamblea user add --email E --role R [OPTION]..." into buf. */
static void synopsis(const struct cli_command *cmd, char *buf, size_t size) {
  size_t n = (size_t)snprintf(buf, size, "asamblea %s", cmd->name);
  bool optional = false;
  for (size_t i = 0; i < cmd->option_count && n < size; i++) {
    const struct cli_option *o = &cmd->options[i];
    if (o->required) n += (size_t)snprintf(buf + n, size - n, " %s %s", o->name, o->metavar);
    else optional = true;
  }
  if (optional && n < size) n += (size_t)snprintf(buf + n, size - n, " [OPTION]...");
  if (cmd->operand && n < size) snprintf(buf + n, size - n, " %s", cmd->operand);
}

/* A command's line in a list of commands: its synopsis, then its summary indented. */
static void list_entry(FILE *out, const struct cli_command *cmd) {
  char line[400];
  synopsis(cmd, line, sizeof line);
  fprintf(out, "  %s\n      ", line);
  wrap(out, 6, "      ", cmd->summary);
}

void cli_usage_all(FILE *out) {
  fputs("asamblea " ASAMBLEA_VERSION " — " TAGLINE "\n\nUsage:\n", out);
  for (size_t i = 0; i < cli_command_count; i++) list_entry(out, &cli_commands[i]);
  fputs(
      "  asamblea --help | --version\n\n"
      "'asamblea COMMAND --help' lists a command's options. Every command takes --db PATH\n"
      "(default " DEFAULT_DB ").\n",
      out);
}

/* Whether cmd is word, or one of the commands of the group word ("user" for "user add"). */
static bool under(const struct cli_command *cmd, const char *word) {
  size_t n = strlen(word);
  return strncmp(cmd->name, word, n) == 0 && (cmd->name[n] == '\0' || cmd->name[n] == ' ');
}

static void command_usage(FILE *out, const struct cli_command *cmd) {
  char line[400];
  synopsis(cmd, line, sizeof line);
  fprintf(out, "Usage: %s\n\n", line);
  wrap(out, 0, "", cmd->summary);
  if (cmd->details) wrap(out, 0, "", cmd->details);
  fputs("\nOptions:\n", out);
  for (size_t i = 0; i < cmd->option_count; i++) {
    const struct cli_option *o = &cmd->options[i];
    char head[120], text[600];
    int n = snprintf(head, sizeof head, "  %s%s%s", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
    describe(o, text, sizeof text);
    if (n + 1 >= OPTION_COLUMN) fprintf(out, "%s\n%*s", head, OPTION_COLUMN, "");
    else fprintf(out, "%-*s", OPTION_COLUMN, head);
    wrap(out, OPTION_COLUMN, "                              ", text);
  }
  fprintf(out, "%-*s", OPTION_COLUMN, "  -h, --help");
  wrap(out, OPTION_COLUMN, "", "show this help");
}

void cli_usage_of(FILE *out, const char *word) {
  size_t count = 0;
  const struct cli_command *only = NULL;
  for (size_t i = 0; i < cli_command_count; i++)
    if (under(&cli_commands[i], word)) count++, only = &cli_commands[i];
  if (count == 1 && strcmp(only->name, word) == 0) {
    command_usage(out, only);
    return;
  }
  fprintf(out, "Usage: asamblea %s COMMAND [OPTION]...\n\n", word);
  for (size_t i = 0; i < cli_command_count; i++)
    if (under(&cli_commands[i], word)) list_entry(out, &cli_commands[i]);
  fprintf(out, "\n'asamblea %s COMMAND --help' lists a command's options.\n", word);
}

/* --- the man page --- */

/* text for roff: backslashes and minus signs escaped, a leading dot or quote made literal, and
 * characters past ASCII as \[uXXXX] (groff reads its input as Latin-1). */
static void roff(FILE *out, const char *text) {
  const unsigned char *s = (const unsigned char *)text;
  if (*s == '.' || *s == '\'') fputs("\\&", out);
  while (*s) {
    if (*s == '\\') fputs("\\e", out);
    else if (*s == '-') fputs("\\-", out);
    else if (*s < 0x80) fputc(*s, out);
    else {
      int extra = *s >= 0xF0 ? 3 : *s >= 0xE0 ? 2 : 1;
      uint32_t cp = *s & (0x3F >> extra);
      for (int k = 0; k < extra && (s[1] & 0xC0) == 0x80; k++) cp = (cp << 6) | (*++s & 0x3F);
      fprintf(out, "\\[u%04X]", cp);
    }
    s++;
  }
}

static void roff_line(FILE *out, const char *text) {
  roff(out, text);
  fputc('\n', out);
}

static void man_command(FILE *out, const struct cli_command *cmd) {
  char line[400], text[600];
  synopsis(cmd, line, sizeof line);
  fputs(".SS \"", out);
  roff(out, line);
  fputs("\"\n", out);
  roff(out, cmd->summary);
  fputs(".\n", out);
  if (cmd->details) roff_line(out, cmd->details);
  for (size_t i = 0; i < cmd->option_count; i++) {
    const struct cli_option *o = &cmd->options[i];
    fputs(".TP\n\\fB", out);
    roff(out, o->name);
    fputs("\\fR", out);
    if (o->metavar) {
      fputs(" \\fI", out);
      roff(out, o->metavar);
      fputs("\\fR", out);
    }
    fputc('\n', out);
    describe(o, text, sizeof text);
    roff_line(out, text);
  }
}

/* A .TP paragraph: a bold tag and its text. */
static void man_item(FILE *out, const char *tag, const char *text) {
  fputs(".TP\n.B ", out);
  roff_line(out, tag);
  roff_line(out, text);
}

void cli_man_page(FILE *out) {
  fputs(".TH ASAMBLEA 1 \"\" \"asamblea " ASAMBLEA_VERSION "\" \"User Commands\"\n.SH NAME\nasamblea \\- ", out);
  roff_line(out, TAGLINE);
  fputs(
      ".SH SYNOPSIS\n.B asamblea\n.I command\n.RI [ option ]...\n.br\n.B asamblea\n.I command\n.B \\-\\-help\n"
      ".br\n.B asamblea \\-\\-help\n.br\n.B asamblea \\-\\-version\n.SH DESCRIPTION\n",
      out);
  roff_line(out,
            "One program serves the web pages and the API of the assembly (serve) and does the organizers' work "
            "from the command line. Every command migrates its database first, exits 2 with its usage on an "
            "unknown option, a missing value or an unexpected argument, and prints its options with --help. "
            "An option given twice keeps its last value, except a repeatable one, which keeps them all.");
  fputs(".SH COMMANDS\n", out);
  for (size_t i = 0; i < cli_command_count; i++) man_command(out, &cli_commands[i]);
  fputs(".SH FILES\n", out);
  man_item(out, SERVICE_CONFIG,
           "Settings of the packaged service (serve --config): key = value lines, a key being one of serve's options "
           "without its leading --; a flag takes true or false; a repeatable key may appear on several lines; "
           "lines starting with # are comments. Options on the command line win over the file.");
  man_item(out, SERVICE_STATE,
           "The packaged service's database (asamblea.db), its key file (asamblea.db.key, "
           "which seals the manage links and queued e-mails: keep it with every copy of the "
           "database) and the daily backups (backups/).");
  man_item(out, DEFAULT_DB, "The database when --db is not given (relative to the working folder).");
  fputs(".SH SIGNALS\n", out);
  man_item(out, "SIGTERM, SIGINT",
           "serve stops accepting connections, lets requests in flight finish (up to 10 "
           "seconds), closes the database and exits 0.");
  man_item(out, "SIGHUP", "serve reloads its TLS certificate and key (--tls-cert, --tls-key).");
  fputs(".SH ENVIRONMENT\n", out);
  man_item(out, "ASAMBLEA_SMTP_PASSWORD",
           "The SMTP password of --smtp-user (never on the command line, where other "
           "users could read it).");
  fputs(".SH EXIT STATUS\n", out);
  roff_line(out, "0 on success, 1 when the command failed, 2 on a usage or configuration error.");
  fputs(".SH SEE ALSO\n", out);
  roff_line(out, "/usr/share/doc/asamblea/README.md.gz");
}

/* --- the sample configuration --- */

void cli_sample_config(FILE *out) {
  const struct cli_command *serve = cli_command_named("serve");
  fputs("# " SERVICE_CONFIG " — settings of `asamblea serve --config FILE` (asamblea.service).\n", out);
  wrap(out, 0, "# ",
       "# One key = value per line; a key is one of serve's options without its leading -- (see `asamblea "
       "serve --help` and asamblea(1)); a flag takes true or false; a repeatable key may appear on several "
       "lines. Options given on the command line win over this file. Every setting below is commented out "
       "and shows its default (for the database and the pages: what asamblea.service passes).");
  for (size_t i = 0; i < serve->option_count; i++) {
    const struct cli_option *o = &serve->options[i];
    if (strcmp(o->name, "--config") == 0) continue;
    char text[600];
    describe(o, text, sizeof text);
    fputs("\n# ", out);
    wrap(out, 2, "# ", text);
    const char *value = o->service ? o->service : o->kind == CLI_FLAG ? "false" : o->fallback ? o->fallback : "";
    fprintf(out, "#%s =%s%s\n", o->name + 2, *value ? " " : "", value);
  }
}
