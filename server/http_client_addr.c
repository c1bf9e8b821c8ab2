/* http_client_addr.c — the trusted proxies and the one rule of http_client_addr.h that says who the client
 * of a request is. The list is set once at start-up, before the first request, and only read
 * after. Addresses are compared in one form: an IPv4-mapped IPv6 address is taken as its IPv4. */
#include "http_client_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

struct network {
  int family;             /* AF_INET or AF_INET6 */
  unsigned char addr[16]; /* 4 bytes used for AF_INET */
  unsigned prefix_bits;   /* 32 or 128 for a single address */
};

static struct network trusted[TRUSTED_PROXIES_MAX];
static size_t trusted_count;

/* sa in the compared form: AF_INET or AF_INET6, an IPv4-mapped address as AF_INET. */
static bool normalize(const struct sockaddr *sa, struct sockaddr_storage *out) {
  memset(out, 0, sizeof *out);
  if (!sa) return false;
  if (sa->sa_family == AF_INET) {
    memcpy(out, sa, sizeof(struct sockaddr_in));
    return true;
  }
  if (sa->sa_family != AF_INET6) return false;
  const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)(const void *)sa;
  if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
    struct sockaddr_in *a4 = (struct sockaddr_in *)out;
    a4->sin_family = AF_INET;
    memcpy(&a4->sin_addr, a6->sin6_addr.s6_addr + 12, 4);
    return true;
  }
  memcpy(out, sa, sizeof(struct sockaddr_in6));
  return true;
}

/* The len bytes at s, without surrounding blanks, as an address (an IPv6 one may be written in
 * brackets). False when it is not exactly one address. */
static bool parse_address(const char *s, size_t len, struct sockaddr_storage *out) {
  while (len && (*s == ' ' || *s == '\t')) s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (len >= 2 && s[0] == '[' && s[len - 1] == ']') s++, len -= 2;
  char text[INET6_ADDRSTRLEN];
  if (len == 0 || len >= sizeof text) return false;
  memcpy(text, s, len);
  text[len] = '\0';
  struct sockaddr_storage parsed;
  memset(&parsed, 0, sizeof parsed);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&parsed;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&parsed;
  if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) a4->sin_family = AF_INET;
  else if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) a6->sin6_family = AF_INET6;
  else return false;
  return normalize((const struct sockaddr *)&parsed, out);
}

/* The bytes of a normalized address and how many there are. */
static const unsigned char *address_bytes(const struct sockaddr_storage *ss, size_t *n) {
  if (ss->ss_family == AF_INET) {
    *n = 4;
    return (const unsigned char *)&((const struct sockaddr_in *)ss)->sin_addr;
  }
  *n = 16;
  return ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
}

/* One list entry, "address" or "address/bits". */
static bool parse_network(const char *s, size_t len, struct network *out) {
  const char *slash = memchr(s, '/', len);
  struct sockaddr_storage ss;
  if (!parse_address(s, slash ? (size_t)(slash - s) : len, &ss)) return false;
  size_t n = 0;
  const unsigned char *bytes = address_bytes(&ss, &n);
  memcpy(out->addr, bytes, n);
  out->family = ss.ss_family;
  out->prefix_bits = (unsigned)n * 8;
  if (!slash) return true;
  char *end;
  const char *bits = slash + 1;
  size_t bits_len = len - (size_t)(bits - s);
  if (bits_len == 0 || bits_len > 3 || bits[0] < '0' || bits[0] > '9') return false;
  char digits[4] = {0};
  memcpy(digits, bits, bits_len);
  unsigned long v = strtoul(digits, &end, 10);
  if (*end || v > out->prefix_bits) return false;
  out->prefix_bits = (unsigned)v;
  return true;
}

bool client_addr_trust(const char *list) {
  trusted_count = 0;
  if (!list || !*list) return true;
  for (const char *p = list;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    struct network net;
    if (trusted_count == TRUSTED_PROXIES_MAX || !parse_network(p, len, &net)) {
      LOG_INFO("--trusted-proxy: '%.*s' is not an IP address or network (or more than %d were given)", (int)len, p,
               TRUSTED_PROXIES_MAX);
      trusted_count = 0;
      return false;
    }
    trusted[trusted_count++] = net;
    if (!comma) return true;
    p = comma + 1;
  }
}

static bool in_network(const struct sockaddr_storage *ss, const struct network *net) {
  size_t n = 0;
  const unsigned char *b = address_bytes(ss, &n);
  if (ss->ss_family != net->family) return false;
  unsigned whole = net->prefix_bits / 8, rest = net->prefix_bits % 8;
  if (memcmp(b, net->addr, whole) != 0) return false;
  unsigned char mask = (unsigned char)(0xff00u >> rest);
  return rest == 0 || (b[whole] & mask) == (net->addr[whole] & mask);
}

/* Whether a normalized address is a trusted proxy. */
static bool trusted_normalized(const struct sockaddr_storage *ss) {
  for (size_t i = 0; i < trusted_count; i++)
    if (in_network(ss, &trusted[i])) return true;
  return false;
}

bool client_addr_trusted(const struct sockaddr *sa) {
  struct sockaddr_storage ss;
  return normalize(sa, &ss) && trusted_normalized(&ss);
}

/* The client a trusted proxy names in a header holding one address or a comma-separated list:
 * the right-most entry that is not a trusted proxy, else the left-most. False when any entry it
 * reads on the way is not an address. */
static bool forwarded_client(const char *header, struct sockaddr_storage *out) {
  const char *end = header + strlen(header);
  for (;;) {
    const char *start = end;
    while (start > header && start[-1] != ',') start--;
    if (!parse_address(start, (size_t)(end - start), out)) return false;
    if (!trusted_normalized(out) || start == header) return true;
    end = start - 1;
  }
}

bool client_addr_resolve(const struct sockaddr *peer, const char *xff, const char *real_ip,
                         struct sockaddr_storage *out) {
  if (!normalize(peer, out)) return false;
  if (!trusted_normalized(out)) return true;
  const char *header = xff ? xff : real_ip;
  struct sockaddr_storage named;
  if (header && forwarded_client(header, &named)) *out = named;
  return true;
}
