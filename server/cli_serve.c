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
#include "static_files.h"

/* Whole seconds from 1 to 3600, or false. */
static bool parse_seconds(const char *s, unsigned *out) {
  char *end = NULL;
  long v = strtol(s, &end, 10);
  if (!s[0] || *end || v < 1 || v > 3600) return false;
  *out = (unsigned)v;
  return true;
}

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
  if (!parse_seconds(cli_opt(argc, argv, "--mail-interval", "2"), &m->interval_s) ||
      !parse_seconds(cli_opt(argc, argv, "--mail-retry-base", "30"), &m->retry_base_s)) {
    fputs("asamblea: --mail-interval and --mail-retry-base are whole seconds from 1 to 3600\n", stderr);
    return false;
  }
  if (m->password && !m->user) LOG_INFO("ASAMBLEA_SMTP_PASSWORD is set but --smtp-user is not: no SMTP login");
  if (m->user && !m->password) LOG_INFO("--smtp-user without ASAMBLEA_SMTP_PASSWORD: logging in with an empty password");
  if (!m->user) m->password = NULL;
  return true;
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
      .port = (unsigned)atoi(cli_opt(argc, argv, "--port", "8080")),
      .bind = cli_opt(argc, argv, "--bind", "127.0.0.1"),
      .web_root = cli_opt(argc, argv, "--web", "web"),
      .threads = (unsigned)atoi(cli_opt(argc, argv, "--threads", "8")),
      .per_ip = (unsigned)atoi(cli_opt(argc, argv, "--max-conns-per-ip", "200")),
      .tls_cert = cli_opt(argc, argv, "--tls-cert", NULL),
      .tls_key = cli_opt(argc, argv, "--tls-key", NULL),
  };
  if (o.threads < 1 || o.threads > 256 || o.per_ip < 1 || o.per_ip > 1000 || o.port > 65535 ||
      (!o.tls_cert != !o.tls_key)) {
    fputs("asamblea: check --threads (1-256), --max-conns-per-ip (1-1000), --port, and give both --tls-cert and"
          " --tls-key\n",
          stderr);
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
  unsigned port = http_start(&o);
  if (!port) {
    fprintf(stderr, "asamblea: cannot listen on %s:%u\n", o.bind, o.port);
    writer_stop();
    return 1;
  }
  if (!mail.smtp_url) {
    LOG_INFO("no --smtp-url: e-mails wait in the outbox");
  } else if (!mailer_start(&mail)) {
    http_stop(10000);
    writer_stop();
    db_close_thread();
    return 1;
  }
  char own_url[300];
  snprintf(own_url, sizeof own_url, "%s://%s:%u", o.tls_cert ? "https" : "http", o.bind, port);
  config_set_public_url(cli_opt(argc, argv, "--public-url", own_url)); /* links in e-mails */
  fprintf(stderr, "asamblea: listening on %s\n", own_url);
  int sig = 0;
  sigwait(&stop, &sig);
  LOG_INFO("signal %d: stopping", sig);
  http_stop(10000); /* in-flight requests finish, and with them their queued writes */
  writer_stop();
  mailer_stop();
  db_close_thread();
  LOG_INFO("stopped");
  return 0;
}
