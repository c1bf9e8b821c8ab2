/* cli_serve.c — `asamblea serve`: migrate, start the HTTP daemon (and the mailer when an SMTP
 * server is configured), reload the TLS certificate on SIGHUP, wait for SIGTERM or SIGINT, then stop cleanly (in-flight requests
 * finish, connections close, the mailer ends, the database is closed). */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "http_client_addr.h"
#include "writer.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "mail_format.h"
#include "mail_sender.h"
#include "pdf/pdf.h"
#include "http_ratelimit.h"
#include "http_static_files.h"
#include "http_tls_reload.h"

/* serve's settings from its options (ranges already checked by the parser). */
static void config_of(const struct cli_args *a, struct config *c) {
  *c = (struct config){
      .db = cli_text(a, "--db"),
      .bind = cli_text(a, "--bind"),
      .web = cli_text(a, "--web"),
      .public_url = cli_text(a, "--public-url"),
      .tls_cert = cli_text(a, "--tls-cert"),
      .tls_key = cli_text(a, "--tls-key"),
      .trusted_proxy = cli_text(a, "--trusted-proxy"),
      .port = cli_number(a, "--port"),
      .threads = cli_number(a, "--threads"),
      .max_conns_per_ip = cli_number(a, "--max-conns-per-ip"),
      .signup_limit = cli_number(a, "--signup-limit"),
      .access_log = !cli_flag(a, "--no-access-log"),
      .smtp_url = cli_text(a, "--smtp-url"),
      .smtp_user = cli_text(a, "--smtp-user"),
      .mail_from = cli_text(a, "--mail-from"),
      .mail_interval = cli_number(a, "--mail-interval"),
      .mail_retry_base = cli_number(a, "--mail-retry-base"),
  };
}

/* The e-mail settings: --smtp-url (none: no mailer), --smtp-user, --mail-from, --mail-interval,
 * --mail-retry-base; the password only from the environment (argv is visible to other users). */
static bool mail_options(const struct config *c, struct mailer_config *m) {
  *m = (struct mailer_config){
      .smtp_url = c->smtp_url,
      .user = c->smtp_user,
      .password = getenv("ASAMBLEA_SMTP_PASSWORD"),
      .from_addr = c->mail_from,
      .from_name = "Asamblea AME",
      .interval_s = c->mail_interval,
      .retry_base_s = c->mail_retry_base,
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
  if (m->password && !m->user) LOG_INFO("ASAMBLEA_SMTP_PASSWORD is set but --smtp-user is not: no SMTP login");
  if (m->user && !m->password)
    LOG_INFO("--smtp-user without ASAMBLEA_SMTP_PASSWORD: logging in with an empty password");
  if (!m->user) m->password = NULL;
  return true;
}

/* --signup-limit: public sign-ups one client address may make per 10 minutes (0: no limit).
 * The default, 30 (cli_commands.c), lets the largest municipal delegation sign up from one office
 * address in one sitting, while one address can no longer send the sign-up's e-mails to hundreds
 * of strangers. */
#define SIGNUP_WINDOW_SECONDS 600

/* The server's own address, e.g. http://127.0.0.1:8080. */
static void own_address(const struct server_options *o, unsigned port, char *buf, size_t size) {
  snprintf(buf, size, "%s://%s:%u", o->tls_cert ? "https" : "http", o->bind, port);
}

int cli_serve(const struct cli_args *a) {
  /* glibc gives each thread its own heap ("arena") by default, up to 8 per core, and memory freed
   * in one is kept there: after a 1000-badge sheet on one thread and the next on another, the
   * server held both. Four arenas keep the peak near one document's worth; with two, the writer
   * and the request threads queued on each other's arena lock, a sixth of a sign-up's CPU
   * (docs/scaling.md). */
  mallopt(M_ARENA_MAX, 4);
  sigset_t signals; /* SIGTERM and SIGINT stop; SIGHUP reloads the TLS certificate */
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, NULL); /* before any thread starts, so only sigwait sees them */
  signal(SIGPIPE, SIG_IGN);

  struct config c;
  config_of(a, &c);
  struct server_options o = {
      .port = c.port,
      .bind = c.bind,
      .web_root = c.web,
      .threads = c.threads,
      .per_ip = c.max_conns_per_ip,
      .tls_cert = c.tls_cert,
      .tls_key = c.tls_key,
  };
  o.trusted_proxy = c.trusted_proxy;
  if (!client_addr_trust(o.trusted_proxy)) return 2;
  if (o.trusted_proxy) LOG_INFO("trusting X-Forwarded-For from %s", o.trusted_proxy);
  ratelimit_configure(RL_SIGNUP, c.signup_limit, SIGNUP_WINDOW_SECONDS);
  if (!o.tls_cert != !o.tls_key) {
    fputs("asamblea: give both --tls-cert and --tls-key, or neither\n", stderr);
    return 2;
  }
  if (!static_configure(o.web_root)) {
    fprintf(stderr, "asamblea: web folder %s not found (run from the repository or pass --web)\n", o.web_root);
    return 1;
  }
  struct mailer_config mail;
  if (!mail_options(&c, &mail)) return 2;
  http_set_access_log(c.access_log);
  struct db *db = cli_open_db(a);
  int applied = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK) return 1;
  if (!writer_start()) {
    fprintf(stderr, "asamblea: cannot start the writer thread\n");
    return 1;
  }
  /* The address links in answers and e-mails start with (--public-url, else the server's own) is
   * set before the first request can be answered. With --port 0 and no --public-url the port is
   * known only once bound: it is set then, before the address is announced (config.h). */
  const char *public_url = c.public_url;
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
  const char *missing[8];
  for (size_t i = 0, n = pdf_missing_fonts(missing, 8); i < n; i++)
    LOG_INFO("font not installed: %s (names it alone can print are refused at sign-up)", missing[i]);
  fprintf(stderr, "asamblea: listening on %s\n", own);
  int sig = 0;
  while (sigwait(&signals, &sig) == 0 && sig == SIGHUP) tls_reload(); /* here, not in a handler */
  LOG_INFO("signal %d: stopping", sig);
  http_stop(10000); /* in-flight requests finish, and with them their queued writes */
  writer_stop();
  db_set_outbox_listener(NULL);
  mailer_stop();
  db_close_thread();
  LOG_INFO("stopped");
  return 0;
}
