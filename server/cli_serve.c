/* cli_serve.c — `asamblea serve`: migrate, start the HTTP daemon, wait for SIGTERM or SIGINT,
 * then stop cleanly (in-flight requests finish, connections close, the database is closed). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "static_files.h"

int cli_serve(int argc, char **argv) {
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
      .tls_cert = cli_opt(argc, argv, "--tls-cert", NULL),
      .tls_key = cli_opt(argc, argv, "--tls-key", NULL),
  };
  if (o.threads < 1 || o.threads > 256 || o.port > 65535 || (!o.tls_cert != !o.tls_key)) {
    fputs("asamblea: check --threads (1-256), --port, and give both --tls-cert and --tls-key\n", stderr);
    return 2;
  }
  if (!static_configure(o.web_root)) {
    fprintf(stderr, "asamblea: web folder %s not found (run from the repository or pass --web)\n", o.web_root);
    return 1;
  }
  http_set_access_log(!cli_flag(argc, argv, "--no-access-log"));
  struct db *db = cli_open_db(argc, argv);
  int applied = 0;
  if (!db || db_migrate(db, &applied) != ERR_OK) return 1;
  unsigned port = http_start(&o);
  if (!port) {
    fprintf(stderr, "asamblea: cannot listen on %s:%u\n", o.bind, o.port);
    return 1;
  }
  char own_url[300];
  snprintf(own_url, sizeof own_url, "%s://%s:%u", o.tls_cert ? "https" : "http", o.bind, port);
  config_set_public_url(cli_opt(argc, argv, "--public-url", own_url)); /* links in e-mails */
  fprintf(stderr, "asamblea: listening on %s\n", own_url);
  int sig = 0;
  sigwait(&stop, &sig);
  LOG_INFO("signal %d: stopping", sig);
  http_stop(10000);
  db_close_thread();
  LOG_INFO("stopped");
  return 0;
}
