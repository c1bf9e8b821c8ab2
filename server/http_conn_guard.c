/* http_conn_guard.c — the request-head deadline and the accept policy of http_conn_guard.h.
 *
 * Every connection is tracked from libmicrohttpd's STARTED notification to its CLOSED one, in
 * one list under one mutex. A sweeper thread walks the list twice a second and shuts down
 * (shutdown(2), which libmicrohttpd then sees as the client leaving) each connection whose
 * request head is overdue. libmicrohttpd 0.9.75 notifies CLOSED before it closes the socket
 * (daemon.c MHD_cleanup_connections, and the failure path of new_connection_process_), and
 * CLOSED takes the same mutex to unlink the record: so the sweeper only ever touches a socket
 * that is still the connection's own, never a number the kernel has handed to someone else. */
#include "http_conn_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_client_addr.h"
#include "log.h"
#include "util.h"

#define SWEEP_EVERY_MS 500

struct tracked {
  struct tracked *prev, *next;
  MHD_socket fd;
  char key[CLIENT_KEY_MAX];  /* client_key of the peer */
  _Atomic uint64_t since_us; /* when the current request head started to be awaited */
  atomic_bool head_done;     /* the head arrived; the request is being answered */
  bool shut;                 /* the sweeper shut it down already */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static pthread_t sweeper;
static bool sweeping;
static bool stopping;
static struct tracked *head;
static unsigned open_count;
static unsigned per_address_limit = 200;
static atomic_ulong heads_overdue; /* connections shut down for a late head */
static atomic_ulong refused;       /* connections refused by the accept policy */

void client_key(const struct sockaddr *sa, char out[CLIENT_KEY_MAX]) {
  snprintf(out, CLIENT_KEY_MAX, "unknown");
  if (!sa) return;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, CLIENT_KEY_MAX);
    return;
  }
  if (sa->sa_family != AF_INET6) return;
  const unsigned char *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
  static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (memcmp(b, v4_mapped, sizeof v4_mapped) == 0) {
    inet_ntop(AF_INET, b + 12, out, CLIENT_KEY_MAX);
    return;
  }
  snprintf(out, CLIENT_KEY_MAX, "%x:%x:%x:%x::/64", b[0] << 8 | b[1], b[2] << 8 | b[3], b[4] << 8 | b[5],
           b[6] << 8 | b[7]);
}

bool conn_admit(unsigned total, unsigned held, unsigned per_address) {
  if (held >= per_address) return false;
  return total < CONN_LIMIT - CONN_RESERVED || held < CONN_FEW;
}

/* Connections open from one key; the caller holds the lock. */
static unsigned held_by(const char *key) {
  unsigned n = 0;
  for (const struct tracked *t = head; t; t = t->next) n += strcmp(t->key, key) == 0;
  return n;
}

enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen) {
  (void)cls;
  (void)addrlen;
  if (client_addr_trusted(addr)) return MHD_YES; /* a proxy carries everyone's connections */
  char key[CLIENT_KEY_MAX];
  client_key(addr, key);
  pthread_mutex_lock(&lock);
  bool ok = conn_admit(open_count, held_by(key), per_address_limit);
  pthread_mutex_unlock(&lock);
  if (!ok) atomic_fetch_add(&refused, 1);
  return ok ? MHD_YES : MHD_NO;
}

static void track(struct MHD_Connection *c, void **socket_context) {
  const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
  const union MHD_ConnectionInfo *addr = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  struct tracked *t = xcalloc(1, sizeof *t);
  t->fd = fd ? fd->connect_fd : MHD_INVALID_SOCKET;
  client_key(addr ? addr->client_addr : NULL, t->key);
  atomic_store(&t->since_us, now_us());
  pthread_mutex_lock(&lock);
  t->next = head;
  if (head) head->prev = t;
  head = t;
  open_count++;
  pthread_mutex_unlock(&lock);
  *socket_context = t;
}

static void untrack(void **socket_context) {
  struct tracked *t = *socket_context;
  if (!t) return;
  pthread_mutex_lock(&lock);
  if (t->prev) t->prev->next = t->next;
  else head = t->next;
  if (t->next) t->next->prev = t->prev;
  open_count--;
  pthread_mutex_unlock(&lock);
  free(t);
  *socket_context = NULL;
}

void conn_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode code) {
  (void)cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) track(c, socket_context);
  else if (code == MHD_CONNECTION_NOTIFY_CLOSED) untrack(socket_context);
}

static struct tracked *tracked_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

void conn_guard_head_arrived(struct MHD_Connection *c) {
  struct tracked *t = tracked_of(c);
  if (t) atomic_store(&t->head_done, true);
}

void conn_guard_request_done(struct MHD_Connection *c) {
  struct tracked *t = tracked_of(c);
  if (!t) return;
  atomic_store(&t->since_us, now_us()); /* before head_done: the sweeper never sees an old start */
  atomic_store(&t->head_done, false);
}

bool conn_guard_overdue(uint64_t since_us, uint64_t now_us) {
  /* since may be later than now: a request ended after the sweep read the clock */
  return since_us < now_us && now_us - since_us >= (uint64_t)HEAD_DEADLINE_S * 1000000u;
}

/* Shuts down every connection whose head is overdue; the caller holds the lock. */
static unsigned sweep_overdue(uint64_t now) {
  unsigned n = 0;
  for (struct tracked *t = head; t; t = t->next) {
    if (t->shut || atomic_load(&t->head_done)) continue;
    if (!conn_guard_overdue(atomic_load(&t->since_us), now)) continue;
    if (t->fd != MHD_INVALID_SOCKET) shutdown(t->fd, SHUT_RDWR);
    t->shut = true;
    n++;
  }
  return n;
}

static void *sweep_loop(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!stopping) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += SWEEP_EVERY_MS * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&wake, &lock, &until);
    unsigned n = stopping ? 0 : sweep_overdue(now_us());
    if (n) {
      atomic_fetch_add(&heads_overdue, n);
      LOG_CLIENT("closed %u connection(s) whose request head took over %d s", n, HEAD_DEADLINE_S);
    }
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

bool conn_guard_start(unsigned per_address) {
  per_address_limit = per_address;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&wake, &attr);
  pthread_condattr_destroy(&attr);
  stopping = false;
  sweeping = pthread_create(&sweeper, NULL, sweep_loop, NULL) == 0;
  return sweeping;
}

void conn_guard_stop(void) {
  if (!sweeping) return;
  pthread_mutex_lock(&lock);
  stopping = true;
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
  pthread_join(sweeper, NULL);
  pthread_cond_destroy(&wake);
  sweeping = false;
}

void conn_guard_metrics_write(struct sbuf *out) {
  pthread_mutex_lock(&lock);
  unsigned open_now = open_count;
  pthread_mutex_unlock(&lock);
  sbuf_printf(
      out,
      "# HELP asamblea_http_connections_open Connections open now (the limit is %d).\n"
      "# TYPE asamblea_http_connections_open gauge\nasamblea_http_connections_open %u\n"
      "# HELP asamblea_http_slow_heads_closed_total Connections shut down because their request head took over %d s.\n"
      "# TYPE asamblea_http_slow_heads_closed_total counter\nasamblea_http_slow_heads_closed_total %lu\n"
      "# HELP asamblea_http_connections_refused_total Connections refused because their address held many while the server was nearly full.\n"
      "# TYPE asamblea_http_connections_refused_total counter\nasamblea_http_connections_refused_total %lu\n",
      CONN_LIMIT, open_now, HEAD_DEADLINE_S, atomic_load(&heads_overdue), atomic_load(&refused));
}
