/* mailer.c — delivers the outbox: one thread wakes every few seconds (or at mailer_wake()),
 * takes a small batch of due messages, oldest first, sends each over SMTP with libcurl and
 * records the outcome in its own short transaction. A failure waits base × 2^(n-1) seconds
 * (capped at an hour) before the next attempt; after MAIL_MAX_ATTEMPTS it is left unsent and
 * visible in the outbox. Rows are copied out before any network I/O, so no read snapshot is
 * held while a mail server is slow. The message text comes from mail_format.c. */
#include "mailer.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "mail_format.h"
#include "util.h"

#define BATCH 10                 /* messages taken per look at the outbox */
#define CONNECT_TIMEOUT_S 15L    /* connecting to the SMTP server */
#define TRANSFER_TIMEOUT_S 60L   /* a whole SMTP session for one message */
#define GIVE_UP "9999-12-31T23:59:59Z" /* next_attempt_at of a message that is no longer retried */

static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond; /* signalled by mailer_wake() and mailer_stop(); waits on CLOCK_MONOTONIC */
  pthread_t thread;
  atomic_bool running; /* the thread was started (set and cleared by the main thread) */
  bool wake;           /* under lock: look at the outbox now */
  atomic_bool stopping;
  struct mailer_config c; /* own copies of the strings */
} M = {.lock = PTHREAD_MUTEX_INITIALIZER};

struct pending {
  long long id;
  int attempts; /* failed attempts so far */
  char *to, *subject, *body;
};

/* Due messages, oldest first, copied out; the statement is reset before returning. */
static size_t fetch_due(struct db *db, struct pending out[BATCH]) {
  static const char sql[] =
      "SELECT id, attempts, to_addr, subject, body FROM outbox"
      " WHERE sent_at IS NULL AND next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now') ORDER BY id LIMIT 10";
  sqlite3_stmt *st = db_stmt(db, sql);
  size_t n = 0;
  if (!st) return 0;
  while (n < BATCH && sqlite3_step(st) == SQLITE_ROW) {
    out[n].id = sqlite3_column_int64(st, 0);
    out[n].attempts = sqlite3_column_int(st, 1);
    out[n].to = xstrdup(db_col_text(st, 2));
    out[n].subject = xstrdup(db_col_text(st, 3));
    out[n].body = xstrdup(db_col_text(st, 4));
    n++;
  }
  db_reset(st);
  return n;
}

/* Runs one UPDATE of an outbox row as its own transaction. */
static bool update_row(struct db *db, sqlite3_stmt *st) {
  if (!st || db_begin(db) != ERR_OK) {
    db_reset(st);
    return false;
  }
  if (db_run(st) != ERR_OK) {
    db_rollback(db);
    return false;
  }
  return db_commit(db) == ERR_OK;
}

static bool record_sent(struct db *db, long long id) {
  static const char sql[] =
      "UPDATE outbox SET sent_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ? AND sent_at IS NULL";
  sqlite3_stmt *st = db_stmt(db, sql);
  if (st) sqlite3_bind_int64(st, 1, id);
  return update_row(db, st);
}

/* Counts a failed attempt and schedules the next one (or none: permanent, or too many). */
static bool record_failure(struct db *db, const struct pending *p, const char *error, bool permanent) {
  static const char sql[] =
      "UPDATE outbox SET attempts = ?2, last_error = ?3, next_attempt_at = ?4 WHERE id = ?1 AND sent_at IS NULL";
  int failures = p->attempts + 1;
  long delay = permanent ? -1 : mail_backoff(failures, (long)M.c.retry_base_s);
  char next[21] = GIVE_UP;
  if (delay >= 0) utc_iso(time(NULL) + delay, next);
  if (delay >= 0) LOG_INFO("mail: message %lld failed (attempt %d), next try in %ld s: %s", p->id, failures, delay, error);
  else LOG_INFO("mail: message %lld failed (attempt %d), not retried: %s", p->id, failures, error);
  sqlite3_stmt *st = db_stmt(db, sql);
  if (st) {
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int(st, 2, failures);
    db_bind_text(st, 3, error);
    db_bind_text(st, 4, next);
  }
  return update_row(db, st);
}

struct upload {
  const char *data;
  size_t len, pos;
};

static size_t read_message(char *buf, size_t size, size_t nitems, void *ud) {
  struct upload *u = ud;
  size_t n = u->len - u->pos, room = size * nitems;
  if (n > room) n = room;
  memcpy(buf, u->data + u->pos, n);
  u->pos += n;
  return n;
}

/* Aborts a transfer when the server is stopping. */
static int progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
  (void)ud, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
  return atomic_load(&M.stopping) ? 1 : 0;
}

/* error with every occurrence of the password replaced, should a server ever echo it. */
static char *redact(const char *error) {
  const char *pw = M.c.password;
  if (!pw || !pw[0]) return xstrdup(error);
  struct sbuf b = {0};
  size_t n = strlen(pw);
  for (const char *p = error, *hit; *p; p = hit + n) {
    if (!(hit = strstr(p, pw))) {
      sbuf_puts(&b, p);
      break;
    }
    sbuf_append(&b, p, (size_t)(hit - p));
    sbuf_puts(&b, "***");
  }
  return sbuf_steal(&b);
}

/* Sends one message. CURLE_OK, or the curl code with *error (new string) saying why. */
static CURLcode smtp_send(const char *to, const char *message, char **error) {
  CURL *h = curl_easy_init();
  if (!h) {
    *error = xstrdup("curl: cannot create a handle");
    return CURLE_FAILED_INIT;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  char *from = xasprintf("<%s>", M.c.from_addr), *rcpt_addr = xasprintf("<%s>", to);
  struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
  struct upload up = {message, strlen(message), 0};
  curl_easy_setopt(h, CURLOPT_URL, M.c.smtp_url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
  if (M.c.user) {
    curl_easy_setopt(h, CURLOPT_USERNAME, M.c.user);
    curl_easy_setopt(h, CURLOPT_PASSWORD, M.c.password ? M.c.password : "");
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(h, CURLOPT_READDATA, &up);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT_S);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for name-resolution timeouts */
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    long smtp_code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
    char *msg = smtp_code > 0
                    ? xasprintf("curl %d: %s (SMTP %ld)", (int)rc, errbuf[0] ? errbuf : curl_easy_strerror(rc), smtp_code)
                    : xasprintf("curl %d: %s", (int)rc, errbuf[0] ? errbuf : curl_easy_strerror(rc));
    *error = redact(msg);
    free(msg);
  }
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(h);
  free(from);
  free(rcpt_addr);
  return rc;
}

/* Builds, sends and records one message; false if recording failed (the caller then pauses). */
static bool deliver(struct db *db, const struct pending *p) {
  unsigned char rnd[16];
  char hex[33];
  randombytes_buf(rnd, sizeof rnd);
  sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
  char *message_id = xasprintf("%s@%s", hex, mail_addr_domain(M.c.from_addr));
  struct mail_message m = {.from_name = M.c.from_name, .from_addr = M.c.from_addr, .to_addr = p->to,
                           .subject = p->subject, .body = p->body, .date = time(NULL), .message_id = message_id};
  const char *why = NULL;
  char *message = mail_build(&m, &why);
  free(message_id);
  if (!message) {
    char *error = xasprintf("refused: %s", why);
    bool ok = record_failure(db, p, error, true);
    free(error);
    return ok;
  }
  char *error = NULL;
  CURLcode rc = smtp_send(p->to, message, &error);
  free(message);
  bool ok = true;
  if (rc == CURLE_OK) {
    ok = record_sent(db, p->id);
    LOG_INFO("mail: message %lld sent", p->id);
  } else if (!(rc == CURLE_ABORTED_BY_CALLBACK && atomic_load(&M.stopping))) {
    ok = record_failure(db, p, error, false);
  } /* else: interrupted by the stop; not an attempt, the next start sends it */
  free(error);
  return ok;
}

/* One look at the outbox. True if more messages may be due right now. */
static bool deliver_batch(void) {
  struct db *db = db_thread();
  if (!db) return false;
  struct pending due[BATCH];
  size_t n = fetch_due(db, due);
  bool all_recorded = true;
  for (size_t i = 0; i < n; i++) {
    if (all_recorded && !atomic_load(&M.stopping)) all_recorded = deliver(db, &due[i]);
    free(due[i].to);
    free(due[i].subject);
    free(due[i].body);
  }
  return n == BATCH && all_recorded && !atomic_load(&M.stopping);
}

static void wait_for_work(void) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += M.c.interval_s;
  pthread_mutex_lock(&M.lock);
  while (!M.wake && !atomic_load(&M.stopping))
    if (pthread_cond_timedwait(&M.cond, &M.lock, &until) == ETIMEDOUT) break;
  M.wake = false;
  pthread_mutex_unlock(&M.lock);
}

static void *mailer_main(void *arg) {
  (void)arg;
  while (!atomic_load(&M.stopping))
    if (!deliver_batch()) wait_for_work();
  db_close_thread();
  return NULL;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static void free_config(void) {
  if (M.c.password) sodium_memzero((char *)M.c.password, strlen(M.c.password));
  free((char *)M.c.smtp_url);
  free((char *)M.c.user);
  free((char *)M.c.password);
  free((char *)M.c.from_addr);
  free((char *)M.c.from_name);
  memset(&M.c, 0, sizeof M.c);
}

bool mailer_start(const struct mailer_config *c) {
  if (atomic_load(&M.running)) return true;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    LOG_BUG("mail: curl_global_init failed");
    return false;
  }
  M.c = (struct mailer_config){.smtp_url = xstrdup(c->smtp_url), .user = dup_or_null(c->user),
                               .password = dup_or_null(c->password), .from_addr = xstrdup(c->from_addr),
                               .from_name = dup_or_null(c->from_name), .interval_s = c->interval_s ? c->interval_s : 2,
                               .retry_base_s = c->retry_base_s ? c->retry_base_s : 30};
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&M.cond, &attr);
  pthread_condattr_destroy(&attr);
  atomic_store(&M.stopping, false);
  M.wake = false;
  if (pthread_create(&M.thread, NULL, mailer_main, NULL) != 0) {
    LOG_BUG("mail: cannot start the mailer thread");
    pthread_cond_destroy(&M.cond);
    free_config();
    curl_global_cleanup();
    return false;
  }
  atomic_store(&M.running, true);
  return true;
}

void mailer_wake(void) {
  if (!atomic_load(&M.running)) return;
  pthread_mutex_lock(&M.lock);
  M.wake = true;
  pthread_cond_signal(&M.cond);
  pthread_mutex_unlock(&M.lock);
}

void mailer_stop(void) {
  if (!atomic_load(&M.running)) return;
  pthread_mutex_lock(&M.lock);
  atomic_store(&M.stopping, true);
  pthread_cond_signal(&M.cond);
  pthread_mutex_unlock(&M.lock);
  pthread_join(M.thread, NULL);
  atomic_store(&M.running, false);
  pthread_cond_destroy(&M.cond);
  free_config();
  curl_global_cleanup();
}
