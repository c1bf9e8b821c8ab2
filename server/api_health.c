/* api_health.c — GET /healthz (the database answers) and GET /metrics (Prometheus text). */
#include <string.h>

#include "api.h"
#include "util.h"
#include "writer.h"

static bool database_answers(void) {
  static const char sql[] = "SELECT count(*) FROM schema_migrations";
  struct db *db = db_thread();
  if (!db) return false;
  sqlite3_stmt *st = db_stmt(db, sql);
  bool ok = st && sqlite3_step(st) == SQLITE_ROW;
  db_reset(st);
  return ok;
}

enum MHD_Result api_healthz_get(struct req *r) {
  static const char ok[] = "{\"status\":\"ok\"}";
  static const char down[] = "{\"status\":\"unavailable\"}";
  if (!database_answers())
    return reply_bytes(r, 503, "application/json", down, sizeof down - 1, MHD_RESPMEM_PERSISTENT);
  return reply_bytes(r, 200, "application/json", ok, sizeof ok - 1, MHD_RESPMEM_PERSISTENT);
}

enum MHD_Result api_metrics_get(struct req *r) {
  struct sbuf b = {0};
  http_metrics_write(&b);
  unsigned long batches, writes;
  writer_stats(&batches, &writes);
  sbuf_printf(&b,
              "# HELP asamblea_group_commits_total Transactions committed by the writer (one fsync each).\n"
              "# TYPE asamblea_group_commits_total counter\nasamblea_group_commits_total %lu\n"
              "# HELP asamblea_group_commit_writes_total Writes committed in those transactions.\n"
              "# TYPE asamblea_group_commit_writes_total counter\nasamblea_group_commit_writes_total %lu\n",
              batches, writes);
  sbuf_printf(&b,
              "# HELP asamblea_database_up Whether the database answers.\n# TYPE asamblea_database_up gauge\n"
              "asamblea_database_up %d\n",
              database_answers() ? 1 : 0);
  size_t len = b.len;
  return reply_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", sbuf_steal(&b), len, MHD_RESPMEM_MUST_FREE);
}
