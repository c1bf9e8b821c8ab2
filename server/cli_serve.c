/* cli_serve.c — `asamblea serve`: migrate, start the HTTP daemon (and the mailer when an SMTP
 * server is configured), wait for SIGTERM or SIGINT, then stop cleanly (in-flight requests
 * finish, connections close, the mailer ends, the database is closed). */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "writer.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "mail_format.h"
#include "mailer.h"
#include "ratelimit.h"
#include "static_files.h"

/* The e-mail options: --smtp-url (none: no mailer), --smtp-user, --mail-from, --mail-interval,
 * --mail-retry-base; the password only from the environment (argv is visible to other users). */
static bool mail_options(int argc, char **argv, struct mailer_config *m) {
  *m = (struct mailer_config){
      .smtp_url = cli_opt(argc, argv, "--smtp-url", NULL),
      .user = cli_opt(argc, argv, "--smtp-user", NULL),
      .password = getenv("ASAMBLEA_SMTP_PASSWORD"),
      .from_addr = cli_opt(argc, argv, "--mail-from", "no-reply@localhost"),
      .from_name = "Asamblea AME",
  };
  const char *url = m->smtp_url;
  if (url && strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0) {
    fputs("asamblea: --smtp-url must start with smtp:// or smtps://\n", stderr);
    return false;
  }
  if (url && strchr(url, '@')) {
    fputs("asamblea: no credentials in --smtp-url; use --smtp-user and ASAMBLEA_SMTP_PASSWORD\n", stderr);
    return false;
  }
  if (!mail_addr_ok(m->from_addr)) {
    fputs("asamblea: --mail-from must be a plain address such as no-reply@ame.gob.ec\n", stderr);
    return false;
  }
  if (!cli_number(argc, argv, "--mail-interval", 2, 1, 3600, &m->interval_s) ||
      !cli_number(argc, argv, "--mail-retry-base", 30, 1, 3600, &m->retry_base_s))
    return false;
  if (m->password && !m->user) LOG_INFO("ASAMBLEA_SMTP_PASSWORD is set but --smtp-user is not: no SMTP login");
  if (m->user && !m->password) LOG_INFO("--smtp-user without ASAMBLEA_SMTP_PASSWORD: logging in with an empty password");
  if (!m->user) m->password = NULL;
  return true;
}

/* --signup-limit: public sign-ups one client address may make per 10 minutes (0: no limit).
 * The default, 30, lets the largest municipal delegation sign up from one office address in one
 * sitting, while one address can no longer send the sign-up's e-mails to hundreds of strangers. */
#define SIGNUP_LIMIT_DEFAULT 30
#define SIGNUP_WINDOW_SECONDS 600

static bool signup_limit(int argc, char **argv) {
  unsigned limit = 0;
  if (!cli_number(argc, argv, "--signup-limit", SIGNUP_LIMIT_DEFAULT, 0, 100000, &limit)) return false;
  ratelimit_configure(RL_SIGNUP, limit, SIGNUP_WINDOW_SECONDS);
  return true;
}

/* --port, --threads, --max-conns-per-ip and --signup-limit, each checked against its range. */
static bool server_numbers(int argc, char **argv, struct server_options *o) {
  return cli_number(argc, argv, "--port", 8080, 0, 65535, &o->port) &&
         cli_number(argc, argv, "--threads", 8, 1, 256, &o->threads) &&
         cli_number(argc, argv, "--max-conns-per-ip", 200, 1, 1000, &o->per_ip) && signup_limit(argc, argv);
}

/* The server's own address, e.g. http://127.0.0.1:8080. */
static void own_address(const struct server_options *o, unsigned port, char *buf, size_t size) {
  snprintf(buf, size, "%s://%s:%u", o->tls_cert ? "https" : "http", o->bind, port);
}

int cli_serve(int argc, char **argv) {
  /* glibc gives each thread its own heap ("arena") by default, up to 8 per core, and memory freed
   * in one is kept there: after a 1000-badge sheet on one thread and the next on another, the
   * server held both. Two arenas keep the peak near one document's worth (docs/scaling.md). */
  mallopt(M_ARENA_MAX, 2);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL); /* before any thread starts, so only sigwait sees them */
  signal(SIGPIPE, SIG_IGN);

  struct server_options o = {
      .bind = cli_opt(argc, argv, "--bind", "127.0.0.1"),
      .web_root = cli_opt(argc, argv, "--web", "web"),
      .tls_cert = cli_opt(argc, argv, "--tls-cert", NULL),
      .tls_key = cli_opt(argc, argv, "--tls-key", NULL),
  };
  if (!server_numbers(argc, argv, &o)) return 2;
  if (!o.tls_cert != !o.tls_key) {
    fputs("asamblea: give both --tls-cert and --tls-key, or neither\n", stderr);
    return 2;
  }
  if (!static_configure(o.web_root)) {
    fprintf(stderr, "asamblea: web folder %s not found (run from the repository or pass --web)\n", o.web_root);
    return 1;
  }
  struct mailer_config mail;
  if (!mail_options(argc, argv, &mail)) return 2;
  http_set_access_log(!cli_flag(argc, argv, "--no-access-log"));
  struct db *db = cli_open_db(argc, argv);
  int applied = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK) return 1;
  if (!writer_start()) {
    fprintf(stderr, "asamblea: cannot start the writer thread\n");
    return 1;
  }
  /* The address links in answers and e-mails start with (--public-url, else the server's own) is
   * set before the first request can be answered. With --port 0 and no --public-url the port is
   * known only once bound: it is set then, before the address is announced (config.h). */
  const char *public_url = cli_opt(argc, argv, "--public-url", NULL);
  char own[300];
  own_address(&o, o.port, own, sizeof own);
  if (public_url || o.port) config_set_public_url(public_url ? public_url : own);
  unsigned port = http_start(&o);
  if (!port) {
    fprintf(stderr, "asamblea: cannot listen on %s:%u\n", o.bind, o.port);
    writer_stop();
    return 1;
  }
  own_address(&o, port, own, sizeof own);
  if (!public_url && !o.port) config_set_public_url(own);
  if (!mail.smtp_url) {
    LOG_INFO("no --smtp-url: e-mails wait in the outbox");
  } else if (!mailer_start(&mail)) {
    http_stop(10000);
    writer_stop();
    db_close_thread();
    return 1;
  } else {
    db_set_outbox_listener(mailer_wake); /* a queued message goes out at once, not at the next look */
  }
  fprintf(stderr, "asamblea: listening on %s\n", own);
  int sig = 0;
  sigwait(&stop, &sig);
  LOG_INFO("signal %d: stopping", sig);
  http_stop(10000); /* in-flight requests finish, and with them their queued writes */
  writer_stop();
  db_set_outbox_listener(NULL);
  mailer_stop();
  db_close_thread();
  LOG_INFO("stopped");
  return 0;
}
