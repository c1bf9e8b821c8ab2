/* http_client_addr.h — who the client is. Directly connected, the client is the TCP peer. Behind a
 * reverse proxy (nginx on the same machine), every peer is the proxy, so the server would see
 * one client and its per-address rate limits would lump everyone together: when the peer is a
 * proxy named by `serve --trusted-proxy`, the client is the address the proxy passes on in
 * X-Forwarded-For (or X-Real-IP when there is no X-Forwarded-For). The header is believed only
 * from a trusted peer: from anyone else it is ignored, since any client can write one. */
#ifndef ASAMBLEA_HTTP_CLIENT_ADDR_H
#define ASAMBLEA_HTTP_CLIENT_ADDR_H
#include <stdbool.h>
#include <sys/socket.h>

#define TRUSTED_PROXIES_MAX 16

/* Sets the trusted proxies from a comma-separated list of IPv4 or IPv6 addresses or networks
 * ("127.0.0.1,::1,10.0.0.0/8"); NULL or "" trusts no one. False (trusting no one) after logging
 * which entry is not an address. */
bool client_addr_trust(const char *list);
/* Whether the address is one of the trusted proxies (an IPv4-mapped IPv6 address as its IPv4). */
bool client_addr_trusted(const struct sockaddr *sa);
/* The client of a request whose TCP peer is `peer` and whose X-Forwarded-For and X-Real-IP
 * headers are xff and real_ip (NULL when absent), into *out. When the peer is trusted: the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (the left-most when all
 * are), or X-Real-IP when X-Forwarded-For is absent. The peer itself when it is not trusted, when
 * it sent neither header, or when the header it sent is not a list of addresses. False only when
 * there is no peer address at all (*out is then left empty, family AF_UNSPEC). */
bool client_addr_resolve(const struct sockaddr *peer, const char *xff, const char *real_ip,
                         struct sockaddr_storage *out);
#endif
