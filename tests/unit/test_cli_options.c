/* test_cli_options.c — the command-line parser of server/cli_common.c and the configuration file
 * of server/cli_config_file.c, on a small table of their own: flags, values (`--x v`, `--x=v`,
 * the last one wins), repeatable options joined with commas, numbers held to their range, one
 * operand, required options, --help; unknown options, missing values and stray arguments refused
 * with a message; `key = value` files whose keys the command line overrides in any order, and
 * whose faults are named by file and line. Also checks the real tables of cli_commands.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int no_run(const struct cli_args *a) {
  (void)a;
  return 0;
}

static const struct cli_option options[] = {
    {.name = "--config", .kind = CLI_TEXT, .metavar = "FILE", .help = "settings"},
    {.name = "--port", .kind = CLI_NUMBER, .metavar = "N", .fallback = "8080", .min = 1, .max = 9000, .help = "port"},
    {.name = "--name", .kind = CLI_TEXT, .metavar = "N", .fallback = "anon", .help = "name"},
    {.name = "--proxy", .kind = CLI_TEXT, .metavar = "ADDR", .repeatable = true, .help = "proxies"},
    {.name = "--quiet", .kind = CLI_FLAG, .help = "quiet"},
    {.name = "-o", .kind = CLI_TEXT, .metavar = "FILE", .help = "output"},
};
static const struct cli_command test_command = {
    .name = "t", .run = no_run, .summary = "test", .options = options, .option_count = 6};
static const struct cli_option required_options[] = {
    {.name = "--edition", .kind = CLI_TEXT, .metavar = "S", .required = true, .help = "edition"},
};
static const struct cli_command operand_command = {
    .name = "imp", .run = no_run, .summary = "test", .operand = "FILE", .options = required_options, .option_count = 1};

/* What the parser said on its error stream. */
static char said[1000];

/* Parses the NULL-terminated words after the command name. */
static enum cli_parsed parse_with(const struct cli_command *cmd, struct cli_args *a, const char *first, ...) {
  char *argv[32] = {(char *)cmd->name};
  int argc = 1;
  va_list ap;
  va_start(ap, first);
  for (const char *w = first; w; w = va_arg(ap, const char *)) argv[argc++] = (char *)w;
  va_end(ap);
  FILE *err = fmemopen(said, sizeof said, "w");
  enum cli_parsed r = cli_parse(cmd, argc, argv, a, err);
  fclose(err);
  return r;
}
#define PARSE(a, ...) parse_with(&test_command, a, __VA_ARGS__, NULL)

static void test_values_flags_and_fallbacks(void **state) {
  (void)state;
  struct cli_args a;
  assert_int_equal(PARSE(&a, "--quiet", "--name", "Ana", "-o", "out.pdf"), CLI_RUN);
  assert_true(cli_flag(&a, "--quiet"));
  assert_string_equal(cli_text(&a, "--name"), "Ana");
  assert_string_equal(cli_text(&a, "-o"), "out.pdf");
  assert_int_equal(cli_number(&a, "--port"), 8080); /* the fallback */
  assert_null(cli_text(&a, "--proxy"));
  cli_args_free(&a);
  assert_int_equal(PARSE(&a, "--port=81", "--name=x=y", "--port", "82", "--proxy", "10.0.0.1", "--proxy=::1"), CLI_RUN);
  assert_int_equal(cli_number(&a, "--port"), 82); /* the last one wins */
  assert_string_equal(cli_text(&a, "--name"), "x=y");
  assert_string_equal(cli_text(&a, "--proxy"), "10.0.0.1,::1");
  assert_false(cli_flag(&a, "--quiet"));
  cli_args_free(&a);
}

static void expect_wrong(enum cli_parsed r, struct cli_args *a, const char *message) {
  assert_int_equal(r, CLI_WRONG);
  if (!strstr(said, message)) fail_msg("expected '%s' in '%s'", message, said);
  cli_args_free(a);
}

static void test_refusals(void **state) {
  (void)state;
  struct cli_args a;
  expect_wrong(PARSE(&a, "--nope"), &a, "asamblea t: unknown option --nope");
  expect_wrong(PARSE(&a, "--quiet=yes"), &a, "asamblea t: unknown option --quiet=yes");
  expect_wrong(PARSE(&a, "--name"), &a, "asamblea t: --name needs a value (N)");
  expect_wrong(PARSE(&a, "stray"), &a, "asamblea t: unexpected argument 'stray'");
  expect_wrong(PARSE(&a, "--port", "0"), &a, "asamblea: --port takes a whole number from 1 to 9000, not '0'");
  expect_wrong(PARSE(&a, "--port", "9001"), &a, "not '9001'");
  expect_wrong(PARSE(&a, "--port", "80x"), &a, "not '80x'");
  expect_wrong(PARSE(&a, "--port", "-1"), &a, "not '-1'");
  expect_wrong(PARSE(&a, "--port"), &a, "--port takes a whole number from 1 to 9000, not ''");
  expect_wrong(parse_with(&operand_command, &a, "data.csv", NULL), &a, "asamblea imp: --edition S is required");
  expect_wrong(parse_with(&operand_command, &a, "--edition", "x", NULL), &a, "asamblea imp: FILE is required");
  expect_wrong(parse_with(&operand_command, &a, "--edition", "x", "a.csv", "b.csv", NULL), &a,
               "unexpected argument 'b.csv'");
}

static void test_operand_and_help(void **state) {
  (void)state;
  struct cli_args a;
  assert_int_equal(parse_with(&operand_command, &a, "-", "--edition", "x", NULL), CLI_RUN);
  assert_string_equal(a.operand, "-");
  cli_args_free(&a);
  assert_int_equal(PARSE(&a, "--nope", "--help"), CLI_HELP);
  cli_args_free(&a);
  assert_int_equal(parse_with(&operand_command, &a, "-h", NULL), CLI_HELP); /* before the required ones */
  cli_args_free(&a);
}

/* A configuration file with text; its path in path (a temporary file, removed by the caller). */
static void write_config(char *path, const char *text) {
  strcpy(path, "/tmp/test_cli_options-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
}

static void test_config_file(void **state) {
  (void)state;
  char path[64];
  write_config(path,
               "# comment\n\n  port = 81  \nname=Ana María # not a comment\nquiet = true\n"
               "proxy = 10.0.0.1\nproxy = 10.0.0.2\r\n");
  struct cli_args a;
  assert_int_equal(PARSE(&a, "--config", path), CLI_RUN);
  assert_int_equal(cli_number(&a, "--port"), 81);
  assert_string_equal(cli_text(&a, "--name"), "Ana María # not a comment");
  assert_true(cli_flag(&a, "--quiet"));
  assert_string_equal(cli_text(&a, "--proxy"), "10.0.0.1,10.0.0.2");
  cli_args_free(&a);
  /* the command line wins, given before or after --config; a repeatable option too */
  assert_int_equal(PARSE(&a, "--port", "90", "--config", path, "--proxy", "::1"), CLI_RUN);
  assert_int_equal(cli_number(&a, "--port"), 90);
  assert_string_equal(cli_text(&a, "--proxy"), "::1");
  assert_string_equal(cli_text(&a, "--name"), "Ana María # not a comment");
  cli_args_free(&a);
  unlink(path);
  write_config(path, "quiet = false\n");
  assert_int_equal(PARSE(&a, "--config", path), CLI_RUN);
  assert_false(cli_flag(&a, "--quiet"));
  cli_args_free(&a);
  unlink(path);
}

/* A file holding text is refused, with message (after "asamblea: PATH:") on the error stream. */
static void expect_config_refused(const char *text, const char *message) {
  char path[64], expected[200];
  write_config(path, text);
  struct cli_args a;
  snprintf(expected, sizeof expected, "asamblea: %s:%s", path, message);
  expect_wrong(PARSE(&a, "--port", "90", "--config", path), &a, expected);
  unlink(path);
}

static void test_config_refusals(void **state) {
  (void)state;
  expect_config_refused("port = 81\n\n# x\ncolour = red\n", "4: unknown key 'colour'");
  expect_config_refused("port = 0\n",
                        "1: --port takes a whole number from 1 to 9000, not '0'"); /* checked though overridden */
  expect_config_refused("quiet = yes\n", "1: quiet takes true or false, not 'yes'");
  expect_config_refused("name Ana\n", "1: expected key = value");
  expect_config_refused("config = /etc/x\n", "1: unknown key 'config'");
  expect_config_refused("-o = x\n", "1: unknown key '-o'");
  struct cli_args a;
  expect_wrong(PARSE(&a, "--config", "/nonexistent/asamblea.conf"), &a, "cannot read /nonexistent/asamblea.conf");
}

/* Every real command: a summary, at most CLI_MAX_OPTIONS options each with help text and a
 * metavar when it takes a value, no name twice, --db among them, and a name found again. */
static void test_real_tables(void **state) {
  (void)state;
  assert_true(cli_command_count >= 16);
  for (size_t c = 0; c < cli_command_count; c++) {
    const struct cli_command *cmd = &cli_commands[c];
    assert_non_null(cmd->summary);
    assert_ptr_equal(cli_command_named(cmd->name), cmd);
    assert_true(cmd->option_count <= CLI_MAX_OPTIONS);
    assert_true(cli_option_index(cmd, "--db") >= 0);
    for (size_t i = 0; i < cmd->option_count; i++) {
      const struct cli_option *o = &cmd->options[i];
      assert_non_null(o->help);
      assert_true((o->kind == CLI_FLAG) == (o->metavar == NULL));
      assert_int_equal(cli_option_index(cmd, o->name), (int)i);
    }
  }
  assert_true(cli_is_group("user"));
  assert_false(cli_is_group("serve"));
  const struct cli_command *serve = cli_command_named("serve");
  int proxy = cli_option_index(serve, "--trusted-proxy");
  assert_true(proxy >= 0 && serve->options[proxy].repeatable);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_values_flags_and_fallbacks),
      cmocka_unit_test(test_refusals),
      cmocka_unit_test(test_operand_and_help),
      cmocka_unit_test(test_config_file),
      cmocka_unit_test(test_config_refusals),
      cmocka_unit_test(test_real_tables),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
