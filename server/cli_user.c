/* cli_user.c — accounts from the command line: add (password read from stdin, never from
 * argv where other users could see it, and held to the password rule of password_policy.h),
 * ensure-admin (for a first start: a random password, not chosen by a person), list. */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "db_users.h"
#include "password_policy.h"
#include "validate.h"

static bool read_password(char *out, size_t size) {
  if (!fgets(out, (int)size, stdin)) return false;
  out[strcspn(out, "\r\n")] = '\0';
  return true;
}

static int add_user(struct db *db, const char *email, const char *name, enum role role, const char *password) {
  char hash[crypto_pwhash_STRBYTES];
  long long id;
  if (auth_hash_password(password, hash) != ERR_OK) return 1;
  enum err e = db_users_insert(db, email, name, role, hash, 0, &id);
  if (e == ERR_CONFLICT) fprintf(stderr, "asamblea: a user with email %s exists already\n", email);
  return e == ERR_OK ? 0 : 1;
}

static int user_add(int argc, char **argv, struct db *db) {
  const char *email = cli_opt(argc, argv, "--email", NULL), *name = cli_opt(argc, argv, "--name", NULL);
  enum role role = role_parse(cli_opt(argc, argv, "--role", NULL));
  if (!email || !name || role == ROLE_NONE || !valid_email(email)) {
    fputs("usage: asamblea user add --email E --role admin|organizer|staff --name N  (password on stdin)\n", stderr);
    return 2;
  }
  char password[1100];
  if (!read_password(password, sizeof password)) {
    fputs("asamblea: give a password of at least 10 characters on stdin\n", stderr);
    return 2;
  }
  const char *why = NULL;
  enum err e = password_acceptable(password, email, name, &why);
  if (e == ERR_VALIDATION) fprintf(stderr, "asamblea: password refused: %s\n", why);
  if (e != ERR_OK) return e == ERR_VALIDATION ? 2 : 1;
  int rc = add_user(db, email, name, role, password);
  if (rc == 0) printf("user %s (%s) created\n", email, role_name(role));
  return rc;
}

static int user_ensure_admin(int argc, char **argv, struct db *db) {
  long long admins = db_users_count_admins(db);
  if (admins < 0) return 1;
  if (admins > 0) return 0;
  const char *email = cli_opt(argc, argv, "--email", "admin@asamblea.local");
  char password[TOKEN_CHARS];
  unsigned char ignored[32];
  auth_new_token(password, ignored);
  password[20] = '\0'; /* 120 random bits, easy enough to type once */
  int rc = add_user(db, email, "Administración", ROLE_ADMIN, password);
  if (rc == 0)
    printf("\n  Admin account created — shown only this once:\n    email:    %s\n    password: %s\n\n", email, password);
  return rc;
}

static int user_list(struct db *db) {
  cJSON *items = NULL;
  if (db_users_list(db, &items) != ERR_OK) return 1;
  const cJSON *u;
  cJSON_ArrayForEach(u, items) printf("%-6d %-10s %-32s %s\n", (int)json_int(u, "id", 0), json_str(u, "role"),
                                      json_str(u, "email"), json_str(u, "name"));
  cJSON_Delete(items);
  return 0;
}

int cli_user(int argc, char **argv) {
  const char *sub = argc > 1 ? argv[1] : "";
  struct db *db = NULL;
  int applied;
  if (strcmp(sub, "add") && strcmp(sub, "ensure-admin") && strcmp(sub, "list")) {
    fputs("usage: asamblea user add|ensure-admin|list ...\n", stderr);
    return 2;
  }
  if (!(db = cli_open_db(argc, argv)) || db_migrate(db, &applied) != ERR_OK) return 1;
  int rc = strcmp(sub, "add") == 0            ? user_add(argc - 1, argv + 1, db)
           : strcmp(sub, "ensure-admin") == 0 ? user_ensure_admin(argc - 1, argv + 1, db)
                                              : user_list(db);
  db_close_thread();
  return rc;
}
