/* http_conn_guard.h — keeps trickling and crowding clients from taking every connection slot.
 * libmicrohttpd's own timeout is an inactivity timeout, so a client sending one header line every
 * few seconds keeps its slot for ever, and five addresses at the per-address limit fill the
 * table. Two defences on top of it:
 *  - a deadline for the request head: a connection whose head has not arrived HEAD_DEADLINE_S
 *    after it opened (or after its previous request was answered) is shut down, however busily
 *    it trickles;
 *  - an accept policy: once the table is nearly full (CONN_RESERVED slots left), an address
 *    that already holds CONN_FEW connections or more is refused, so addresses holding few always
 *    find a slot. Addresses are counted by client_key (an IPv6 client by its /64), which is
 *    also the key the rate limiters see (req_ip). A trusted proxy (http_client_addr.h) is not held to
 *    the per-address limit: every client's connections come from it. */
#ifndef ASAMBLEA_HTTP_CONN_GUARD_H
#define ASAMBLEA_HTTP_CONN_GUARD_H
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define CONN_LIMIT 1000   /* connections in all (MHD_OPTION_CONNECTION_LIMIT) */
#define CONN_RESERVED 200 /* the last slots, kept for addresses holding fewer than CONN_FEW */
#define CONN_FEW 8
#define HEAD_DEADLINE_S 10 /* seconds a request head may take to arrive */
#define CLIENT_KEY_MAX 64

struct sbuf;

/* The text an address is counted and rate-limited under: an IPv4 address as is (also when it
 * comes IPv4-mapped), an IPv6 address by its /64 ("2001:db8:1:2::/64"), since one subscriber
 * holds a whole /64; "unknown" for anything else. */
void client_key(const struct sockaddr *sa, char out[CLIENT_KEY_MAX]);
/* The accept rule alone: may an address holding `held` connections open one more, when `total`
 * are open and one address may hold `per_address`? */
bool conn_admit(unsigned total, unsigned held, unsigned per_address);
/* The deadline rule alone: is a head awaited since since_us overdue at now_us (microseconds on
 * one clock)? Never when since_us is not before now_us (a request that ended meanwhile). */
bool conn_guard_overdue(uint64_t since_us, uint64_t now_us);

/* Starts the deadline sweeper; per_address is the limit of one client key. */
bool conn_guard_start(unsigned per_address);
/* Stops the sweeper (after the daemon has stopped). */
void conn_guard_stop(void);
/* MHD_OPTION_NOTIFY_CONNECTION: tracks each connection from start to close. */
void conn_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);
/* MHD_AcceptPolicyCallback: applies conn_admit to a new connection. */
enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* The connection's request head has arrived (the access handler's first call). */
void conn_guard_head_arrived(struct MHD_Connection *c);
/* The connection's request was answered: the next head's deadline starts now. */
void conn_guard_request_done(struct MHD_Connection *c);
/* Appends the guard's counters to a Prometheus text exposition. */
void conn_guard_metrics_write(struct sbuf *out);
#endif
