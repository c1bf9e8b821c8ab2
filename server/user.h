/* user.h — who an account is (struct user) and what it may do (enum role): shared by the
 * database layer, the request context and the command line, with no HTTP in sight. */
#ifndef ASAMBLEA_USER_H
#define ASAMBLEA_USER_H
#include <stdbool.h>

enum role { ROLE_NONE = 0, ROLE_STAFF = 1, ROLE_ORGANIZER = 2, ROLE_ADMIN = 3 };

struct user {
  long long id;
  char email[256];
  char name[256];
  enum role role;
  bool deactivated;          /* cannot sign in; kept so the audit log still names the account */
  bool must_change_password; /* set by an administrator: only the session routes until changed */
};

#endif
