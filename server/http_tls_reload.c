/* http_tls_reload.c — the certificate pairs of http_tls_reload.h. The pair in use is a pointer read and
 * replaced under one mutex. GnuTLS keeps using the pair it was handed for the rest of a
 * handshake (and the session may refer to it later), so a replaced pair is never freed while the
 * server runs: it joins a list freed by tls_stop. A reload is rare (a renewal every few weeks)
 * and a pair is a few kilobytes. Before a pair replaces the current one, its key must be the key
 * of its certificate, so a half-written renewal is refused rather than served. */
#include "http_tls_reload.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

#define CHAIN_MAX 8 /* certificates in one file: the server's and its intermediates */

struct tls_pair {
  gnutls_pcert_st chain[CHAIN_MAX];
  unsigned chain_length;
  gnutls_privkey_t key;
  struct tls_pair *replaced; /* the pair this one replaced, kept until tls_stop */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct tls_pair *current;
static char *cert_file, *key_file;

/* A whole file into *out (malloc'd: the caller frees out->data). */
static bool read_whole(const char *path, gnutls_datum_t *out, char *why, size_t why_size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
    return false;
  }
  struct sbuf b = {0};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sbuf_append(&b, buf, n);
  bool failed = ferror(f);
  fclose(f);
  out->size = (unsigned)b.len;
  out->data = (unsigned char *)sbuf_steal(&b);
  if (failed) snprintf(why, why_size, "cannot read %s", path);
  return !failed;
}

static void pair_free(struct tls_pair *p) {
  for (unsigned i = 0; i < p->chain_length; i++) gnutls_pcert_deinit(&p->chain[i]);
  if (p->key) gnutls_privkey_deinit(p->key);
  free(p);
}

/* The DER form of a public key into *out (freed with gnutls_free); a GnuTLS error code. */
static int public_key_der(gnutls_pubkey_t key, gnutls_datum_t *out) {
  return gnutls_pubkey_export2(key, GNUTLS_X509_FMT_DER, out);
}

/* Whether the private key belongs to the first certificate of the chain. */
static bool key_matches(const struct tls_pair *p) {
  gnutls_pubkey_t of_key;
  gnutls_datum_t a = {0}, b = {0};
  if (gnutls_pubkey_init(&of_key) < 0) return false;
  bool same = gnutls_pubkey_import_privkey(of_key, p->key, 0, 0) >= 0 && public_key_der(of_key, &a) >= 0 &&
              public_key_der(p->chain[0].pubkey, &b) >= 0 && a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
  gnutls_free(a.data);
  gnutls_free(b.data);
  gnutls_pubkey_deinit(of_key);
  return same;
}

/* The pair in the two files, or NULL with the reason in why. */
static struct tls_pair *pair_load(const char *cert_path, const char *key_path, char *why, size_t why_size) {
  gnutls_datum_t cert = {0}, key = {0};
  struct tls_pair *p = NULL;
  if (read_whole(cert_path, &cert, why, why_size) && read_whole(key_path, &key, why, why_size)) {
    p = xcalloc(1, sizeof *p);
    p->chain_length = CHAIN_MAX;
    int rc = gnutls_pcert_list_import_x509_raw(p->chain, &p->chain_length, &cert, GNUTLS_X509_FMT_PEM, 0);
    if (rc < 0) {
      p->chain_length = 0;
      snprintf(why, why_size, "%s: %s", cert_path, gnutls_strerror(rc));
    } else if ((rc = gnutls_privkey_init(&p->key)) < 0 ||
               (rc = gnutls_privkey_import_x509_raw(p->key, &key, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
      snprintf(why, why_size, "%s: %s", key_path, gnutls_strerror(rc));
    } else if (!key_matches(p)) {
      rc = -1;
      snprintf(why, why_size, "the key in %s is not the key of the certificate in %s", key_path, cert_path);
    }
    if (rc < 0) {
      pair_free(p);
      p = NULL;
    }
  }
  if (key.data) explicit_bzero(key.data, key.size);
  free(cert.data);
  free(key.data);
  return p;
}

bool tls_start(const char *cert_path, const char *key_path) {
  char why[512];
  struct tls_pair *p = pair_load(cert_path, key_path, why, sizeof why);
  if (!p) {
    LOG_INFO("TLS certificate %s and key %s not usable: %s", cert_path, key_path, why);
    return false;
  }
  cert_file = xstrdup(cert_path);
  key_file = xstrdup(key_path);
  pthread_mutex_lock(&lock);
  current = p;
  pthread_mutex_unlock(&lock);
  return true;
}

bool tls_reload(void) {
  if (!cert_file) {
    LOG_INFO("SIGHUP: not serving TLS, nothing to reload");
    return false;
  }
  char why[512];
  struct tls_pair *p = pair_load(cert_file, key_file, why, sizeof why);
  if (!p) {
    LOG_INFO("SIGHUP: TLS certificate not reloaded, still serving the previous one: %s", why);
    return false;
  }
  pthread_mutex_lock(&lock);
  p->replaced = current;
  current = p;
  pthread_mutex_unlock(&lock);
  LOG_INFO("SIGHUP: TLS certificate reloaded from %s", cert_file);
  return true;
}

void tls_stop(void) {
  pthread_mutex_lock(&lock);
  struct tls_pair *p = current;
  current = NULL;
  pthread_mutex_unlock(&lock);
  while (p) {
    struct tls_pair *older = p->replaced;
    pair_free(p);
    p = older;
  }
  free(cert_file);
  free(key_file);
  cert_file = key_file = NULL;
}

int tls_cert_callback(gnutls_session_t session, const gnutls_datum_t *req_ca_dn, int nreqs,
                      const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length, gnutls_pcert_st **pcert,
                      unsigned int *pcert_length, gnutls_privkey_t *pkey) {
  (void)session;
  (void)req_ca_dn;
  (void)nreqs;
  (void)pk_algos;
  (void)pk_algos_length;
  pthread_mutex_lock(&lock);
  struct tls_pair *p = current;
  if (p) {
    *pcert = p->chain;
    *pcert_length = p->chain_length;
    *pkey = p->key;
  }
  pthread_mutex_unlock(&lock);
  return p ? 0 : -1;
}
