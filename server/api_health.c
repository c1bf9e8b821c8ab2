/* api_health.c — GET /healthz (the database answers reads and takes writes; 503 unavailable
 * otherwise) and GET /metrics (Prometheus text), which tells how busy and how healthy the
 * service is: only the machine itself (a local Prometheus or agent on 127.0.0.1 / ::1) or a
 * logged-in staff user may read it; anyone else gets 401. */
#include <string.h>

#include "api.h"
#include "auth.h"
#include "mail_sender.h"
#include "util.h"
#include "writer.h"

enum MHD_Result api_healthz_get(struct req *r) {
  static const char ok[] = "{\"status\":\"ok\"}";
  struct db *db = db_thread();
  if (!db_ping(db) || !db_writable(db)) return reply_error(r, ERR_UNAVAILABLE, NULL);
  return reply_bytes(r, 200, "application/json", ok, sizeof ok - 1, MHD_RESPMEM_PERSISTENT);
}

enum MHD_Result api_metrics_get(struct req *r) {
  if (!req_from_this_machine(r)) {
    enum err e = auth_check(r, ROLE_STAFF);
    if (e != ERR_OK) return reply_error(r, e, NULL);
  }
  struct sbuf b = {0};
  http_metrics_write(&b);
  unsigned long batches, writes, reruns;
  writer_stats(&batches, &writes, &reruns);
  sbuf_printf(
      &b,
      "# HELP asamblea_group_commits_total Transactions committed by the writer (one fsync each).\n"
      "# TYPE asamblea_group_commits_total counter\nasamblea_group_commits_total %lu\n"
      "# HELP asamblea_group_commit_writes_total Writes committed in those transactions.\n"
      "# TYPE asamblea_group_commit_writes_total counter\nasamblea_group_commit_writes_total %lu\n"
      "# HELP asamblea_group_commit_reruns_total Batches that could not commit and ran again one write at a time.\n"
      "# TYPE asamblea_group_commit_reruns_total counter\nasamblea_group_commit_reruns_total %lu\n",
      batches, writes, reruns);
  sbuf_printf(
      &b,
      "# HELP asamblea_mail_outbox_looks_total Looks at the outbox the mailer finished (0 without --smtp-url).\n"
      "# TYPE asamblea_mail_outbox_looks_total counter\nasamblea_mail_outbox_looks_total %lu\n",
      mailer_looks());
  sbuf_printf(&b,
              "# HELP asamblea_database_up Whether the database answers.\n# TYPE asamblea_database_up gauge\n"
              "asamblea_database_up %d\n",
              db_ping(db_thread()) ? 1 : 0);
  size_t len = b.len;
  return reply_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", sbuf_steal(&b), len, MHD_RESPMEM_MUST_FREE);
}
