/* cli_user.c — accounts from the command line: add and passwd (password read from stdin, never
 * from argv where other users could see it, and held to the password rule of password_policy.h),
 * ensure-admin (for a first start: a random password, not chosen by a person), list, set-role,
 * deactivate and reactivate. Changes are audited with no user (the command line); the last
 * active admin can be neither demoted nor deactivated here either. */
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
  enum err e = db_users_create(db, email, name, role, hash, 0, &id);
  if (e == ERR_CONFLICT) fprintf(stderr, "asamblea: a user with email %s exists already\n", email);
  return e == ERR_OK ? 0 : 1;
}

/* The database, migrated; NULL after printing why. */
static struct db *open_db(const struct cli_args *a) {
  int applied;
  struct db *db = cli_open_db(a);
  return db && db_migrate(db, &applied) == ERR_OK ? db : NULL;
}

/* Runs one account command on the database and closes it. */
static int with_db(const struct cli_args *a, int (*command)(const struct cli_args *a, struct db *db)) {
  struct db *db = open_db(a);
  if (!db) return 1;
  int rc = command(a, db);
  db_close_thread();
  return rc;
}

static int user_add(const struct cli_args *a, struct db *db) {
  const char *email = cli_text(a, "--email"), *name = cli_text(a, "--name");
  enum role role = role_parse(cli_text(a, "--role"));
  if (role == ROLE_NONE || !valid_email(email)) {
    fputs("asamblea user add: give an e-mail address and a role of admin, organizer or staff\n", stderr);
    return 2;
  }
  char password[1100];
  if (!read_password(password, sizeof password)) {
    fputs("asamblea: give a password of at least 10 characters on stdin\n", stderr);
    return 2;
  }
  const char *why = NULL;
  enum err e = password_acceptable(password, email, name, &why);
  if (e == ERR_VALIDATION) fprintf(stderr, "asamblea: password refused: %s\n", i18n_text(LANG_ES, why));
  if (e != ERR_OK) return e == ERR_VALIDATION ? 2 : 1;
  int rc = add_user(db, email, name, role, password);
  if (rc == 0) printf("user %s (%s) created\n", email, role_name(role));
  return rc;
}

static int user_ensure_admin(const struct cli_args *a, struct db *db) {
  long long admins = db_users_count_admins(db);
  if (admins < 0) return 1;
  if (admins > 0) return 0;
  const char *email = cli_text(a, "--email");
  char password[TOKEN_CHARS];
  unsigned char ignored[32];
  auth_new_token(password, ignored);
  password[20] = '\0'; /* 120 random bits, easy enough to type once */
  int rc = add_user(db, email, "Administración", ROLE_ADMIN, password);
  if (rc == 0)
    printf("\n  Admin account created — shown only this once:\n    email:    %s\n    password: %s\n\n", email,
           password);
  return rc;
}

/* The account of --email, or an error message and false. */
static bool account_of(const struct cli_args *a, struct db *db, struct user *u) {
  const char *email = cli_text(a, "--email");
  char ignored[crypto_pwhash_STRBYTES];
  enum err e = db_users_by_email(db, email, u, ignored, sizeof ignored);
  if (e == ERR_NOT_FOUND) fprintf(stderr, "asamblea: no account has the e-mail %s\n", email);
  return e == ERR_OK;
}

/* Applies an account change, with the refusal's reason on stderr. */
static int change_account(struct db *db, const struct user *u, const struct user_change *c, const char *done) {
  struct verror ve = {0};
  enum err e = db_users_update(db, u->id, c, 0, &ve);
  if (e == ERR_CONFLICT) fprintf(stderr, "asamblea: refused: the last active admin must stay an active admin\n");
  if (e != ERR_OK) return 1;
  printf("user %s %s\n", u->email, done);
  return 0;
}

static int user_passwd(const struct cli_args *a, struct db *db) {
  struct user u;
  if (!account_of(a, db, &u)) return 2;
  char password[1100], hash[crypto_pwhash_STRBYTES];
  if (!read_password(password, sizeof password)) {
    fputs("asamblea: give the new password on stdin\n", stderr);
    return 2;
  }
  struct verror ve = {0};
  enum err e = password_hash_new(password, u.email, u.name, hash, &ve);
  if (e == ERR_VALIDATION) fprintf(stderr, "asamblea: password refused: %s\n", ve.message);
  if (e != ERR_OK) return e == ERR_VALIDATION ? 2 : 1;
  struct user_change c = USER_CHANGE_NONE;
  c.hash = hash;
  return change_account(db, &u, &c, "has a new password (its sessions ended)");
}

static int user_set_role(const struct cli_args *a, struct db *db) {
  struct user_change c = USER_CHANGE_NONE;
  c.role = role_parse(cli_text(a, "--role"));
  struct user u;
  if (c.role == ROLE_NONE) {
    fputs("asamblea user set-role: the role is admin, organizer or staff\n", stderr);
    return 2;
  }
  if (!account_of(a, db, &u)) return 2;
  return change_account(db, &u, &c, role_name(c.role));
}

static int user_set_active(const struct cli_args *a, struct db *db, bool active) {
  struct user_change c = USER_CHANGE_NONE;
  c.active = active;
  struct user u;
  if (!account_of(a, db, &u)) return 2;
  return change_account(db, &u, &c, active ? "reactivated" : "deactivated (its sessions ended)");
}

static int user_deactivate(const struct cli_args *a, struct db *db) { return user_set_active(a, db, false); }
static int user_reactivate(const struct cli_args *a, struct db *db) { return user_set_active(a, db, true); }

static int user_list(const struct cli_args *a, struct db *db) {
  (void)a;
  cJSON *items = NULL;
  if (db_users_list(db, &items) != ERR_OK) return 1;
  const cJSON *u;
  cJSON_ArrayForEach(u, items)
      printf("%-6d %-10s %-32s %s%s\n", (int)json_int(u, "id", 0), json_str(u, "role"), json_str(u, "email"),
             json_str(u, "name"), json_bool(u, "active", true) ? "" : "  (deactivated)");
  cJSON_Delete(items);
  return 0;
}

int cli_user_add(const struct cli_args *a) { return with_db(a, user_add); }
int cli_user_ensure_admin(const struct cli_args *a) { return with_db(a, user_ensure_admin); }
int cli_user_list(const struct cli_args *a) { return with_db(a, user_list); }
int cli_user_passwd(const struct cli_args *a) { return with_db(a, user_passwd); }
int cli_user_set_role(const struct cli_args *a) { return with_db(a, user_set_role); }
int cli_user_deactivate(const struct cli_args *a) { return with_db(a, user_deactivate); }
int cli_user_reactivate(const struct cli_args *a) { return with_db(a, user_reactivate); }
