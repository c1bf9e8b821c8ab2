/* mail_sender.c — delivers the outbox: one thread wakes every few seconds (or at mailer_wake(), which
 * a queuing transaction triggers as it commits), takes a small batch of due messages, oldest
 * first, and for each one first marks the attempt in the database and commits it, then sends over
 * SMTP with libcurl, then records the outcome. So a message goes out at most once per attempt, and
 * a crash between sending and recording is seen at the next start (the row is still "sending") and
 * retried only after a delay, with the same Message-ID and Date. A 5xx answer to RCPT TO or DATA
 * fails the row for good (an organizer may re-queue it); any other failure is retried forever,
 * base × 2^(n-1) seconds later, capped at an hour. Rows are copied out before any network I/O, so
 * no read snapshot is held while a mail server is slow. A body is stored sealed with the key file
 * (it carries the attendee's manage link): it is opened only to build the message, and both are
 * wiped from memory once sent. The message text comes from mail_format.c, the SQL from db_outbox.c. */
#include "mail_sender.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db.h"
#include "db_outbox.h"
#include "log.h"
#include "mail_format.h"
#include "secrets.h"
#include "util.h"

#define BATCH 10               /* messages taken per look at the outbox */
#define CONNECT_TIMEOUT_S 15L  /* connecting to the SMTP server */
#define TRANSFER_TIMEOUT_S 60L /* a whole SMTP session for one message */
#define REPLY_MAX 200          /* bytes of the server's last reply kept for last_error */

static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond; /* signalled by mailer_wake() and mailer_stop(); waits on CLOCK_MONOTONIC */
  pthread_t thread;
  atomic_bool running; /* the thread was started (set and cleared by the main thread) */
  bool wake;           /* under lock: look at the outbox now */
  atomic_bool stopping;
  atomic_ulong looks;     /* looks at the outbox finished (its due messages tried): mailer_looks() */
  struct mailer_config c; /* own copies of the strings */
} M = {.lock = PTHREAD_MUTEX_INITIALIZER};

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

/* What the SMTP conversation of one message got to, followed through curl's debug callback. */
struct conversation {
  enum mail_stage stage; /* the command the last reply answered */
  char reply[REPLY_MAX]; /* the server's last reply line, e.g. "554 5.7.1 refused" */
  bool quitting;         /* QUIT sent: its "221 Bye" says nothing about the message */
};

static bool starts_with_ci(const char *data, size_t size, const char *word) {
  size_t n = strlen(word);
  return size >= n && strncasecmp(data, word, n) == 0;
}

/* Records the commands sent (which stage a reply answers) and the last reply line received. */
static int follow(CURL *h, curl_infotype type, char *data, size_t size, void *ud) {
  (void)h;
  struct conversation *c = ud;
  if (c->quitting) return 0;
  if (type == CURLINFO_HEADER_OUT) {
    if (starts_with_ci(data, size, "MAIL FROM")) c->stage = MAIL_STAGE_MAIL;
    else if (starts_with_ci(data, size, "RCPT TO")) c->stage = MAIL_STAGE_RCPT;
    else if (starts_with_ci(data, size, "DATA")) c->stage = MAIL_STAGE_DATA;
    else if (starts_with_ci(data, size, "QUIT")) c->quitting = true;
    else c->stage = MAIL_STAGE_SESSION;
  } else if (type == CURLINFO_HEADER_IN) {
    size_t n = size < sizeof c->reply - 1 ? size : sizeof c->reply - 1;
    while (n > 0 && (data[n - 1] == '\r' || data[n - 1] == '\n')) n--;
    for (size_t i = 0; i < n; i++) c->reply[i] = (unsigned char)data[i] < 0x20 ? ' ' : data[i];
    c->reply[n] = '\0';
  }
  return 0;
}

/* last_error of a failed transfer: curl's reason, the SMTP code and the server's own words. */
static char *describe_failure(CURLcode rc, const char *errbuf, long smtp_code, const struct conversation *c) {
  const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  char *msg = smtp_code <= 0 ? xasprintf("curl %d: %s", (int)rc, why)
              : c->reply[0] ? xasprintf("curl %d: %s (SMTP %ld; server said \"%s\")", (int)rc, why, smtp_code, c->reply)
                            : xasprintf("curl %d: %s (SMTP %ld)", (int)rc, why, smtp_code);
  char *safe = redact(msg);
  free(msg);
  return safe;
}

/* How one SMTP transfer ended. */
struct outcome {
  CURLcode rc;
  bool permanent; /* refused for good: do not try again */
  char *error;    /* new string, NULL on success */
};

static void set_options(CURL *h, const char *from, struct curl_slist *rcpt, struct upload *up, char *errbuf,
                        struct conversation *conv) {
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
  curl_easy_setopt(h, CURLOPT_READDATA, up);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT_S);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for name-resolution timeouts */
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* goes to follow(), not to stderr */
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, follow);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, conv);
}

/* Sends one message and says how it went; the SMTP reply code comes from CURLINFO_RESPONSE_CODE. */
static struct outcome smtp_send(const char *to, const char *message) {
  CURL *h = curl_easy_init();
  if (!h) return (struct outcome){CURLE_FAILED_INIT, false, xstrdup("curl: cannot create a handle")};
  char errbuf[CURL_ERROR_SIZE] = "";
  char *from = xasprintf("<%s>", M.c.from_addr), *rcpt_addr = xasprintf("<%s>", to);
  struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
  struct upload up = {message, strlen(message), 0};
  struct conversation conv = {.stage = MAIL_STAGE_SESSION};
  set_options(h, from, rcpt, &up, errbuf, &conv);
  struct outcome out = {.rc = curl_easy_perform(h)};
  if (out.rc != CURLE_OK) {
    long smtp_code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
    out.permanent = mail_failure_permanent(conv.stage, smtp_code);
    out.error = describe_failure(out.rc, errbuf, smtp_code, &conv);
  }
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(h);
  free(from);
  free(rcpt_addr);
  return out;
}

/* Records a failed attempt: permanent → failed; else pending again after the backoff. */
static enum err record_failure(struct db *db, const struct outbox_msg *m, int attempt, const char *error,
                               bool permanent) {
  long delay = permanent ? -1 : mail_backoff(attempt, (long)M.c.retry_base_s);
  if (delay >= 0)
    LOG_INFO("mail: message %lld failed (attempt %d), next try in %ld s: %s", m->id, attempt, delay, error);
  else LOG_INFO("mail: message %lld refused (attempt %d), not retried: %s", m->id, attempt, error);
  return db_outbox_failed(db, m->id, error, delay >= 0 ? time(NULL) + delay : 0);
}

/* Frees a string that held a secret (a body with a manage link, a whole message), wiped first. */
static void free_secret(char *s) {
  if (s) sodium_memzero(s, strlen(s));
  free(s);
}

/* The message's bytes, or NULL with *error set; its Message-ID and Date depend only on the row.
 * The body is opened from its sealed box only here, just before sending, and wiped after use. */
static char *build(const struct outbox_msg *m, char **error) {
  char *body = secrets_open_text(m->sealed_body, m->sealed_len);
  if (!body) {
    *error = xstrdup("refused: the sealed body cannot be opened with this key file");
    return NULL;
  }
  char *message_id = mail_message_id(m->id, m->key, M.c.from_addr);
  struct mail_message mm = {.from_name = M.c.from_name,
                            .from_addr = M.c.from_addr,
                            .to_addr = m->to,
                            .subject = m->subject,
                            .body = body,
                            .date = m->created,
                            .message_id = message_id};
  const char *why = NULL;
  char *message = mail_build(&mm, &why);
  free(message_id);
  free_secret(body);
  *error = message ? NULL : xasprintf("refused: %s", why);
  return message;
}

/* Marks the attempt, then builds, sends and records one message. Not ERR_OK when the database
 * could not record something (the caller then pauses until the next interval). */
static enum err deliver(struct db *db, struct outbox_msg *m) {
  int attempt = m->attempts + 1;
  bool claimed = false;
  enum err e = db_outbox_claim(db, m, time(NULL) + mail_backoff(attempt, (long)M.c.retry_base_s), &claimed);
  if (e != ERR_OK || !claimed) return e;
  if (m->interrupted) LOG_INFO("mail: message %lld: attempt %d was interrupted, trying again", m->id, m->attempts);
  char *error = NULL;
  char *message = build(m, &error);
  if (!message) {
    e = record_failure(db, m, attempt, error, true);
    free(error);
    return e;
  }
  struct outcome out = smtp_send(m->to, message);
  free_secret(message);
  if (out.rc == CURLE_OK) {
    e = db_outbox_sent(db, m->id);
    LOG_INFO("mail: message %lld sent", m->id);
  } else if (out.rc == CURLE_ABORTED_BY_CALLBACK && atomic_load(&M.stopping)) {
    e = record_failure(db, m, attempt, "interrupted: the server was stopping", false);
  } else {
    e = record_failure(db, m, attempt, out.error, out.permanent);
  }
  free(out.error);
  return e;
}

/* One look at the outbox. True if more messages may be due right now. */
static bool deliver_batch(void) {
  struct db *db = db_thread();
  if (!db) return false;
  struct outbox_msg due[BATCH];
  size_t n = 0;
  if (db_outbox_due(db, due, BATCH, &n) != ERR_OK) return false;
  bool all_recorded = true;
  for (size_t i = 0; i < n; i++) {
    if (all_recorded && !atomic_load(&M.stopping)) all_recorded = deliver(db, &due[i]) == ERR_OK;
    db_outbox_msg_free(&due[i]);
  }
  atomic_fetch_add(&M.looks, 1);
  return n == BATCH && all_recorded && !atomic_load(&M.stopping);
}

unsigned long mailer_looks(void) { return atomic_load(&M.looks); }

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
  M.c = (struct mailer_config){.smtp_url = xstrdup(c->smtp_url),
                               .user = dup_or_null(c->user),
                               .password = dup_or_null(c->password),
                               .from_addr = xstrdup(c->from_addr),
                               .from_name = dup_or_null(c->from_name),
                               .interval_s = c->interval_s ? c->interval_s : 2,
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
