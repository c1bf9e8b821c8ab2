/* http_tls_reload.h — the certificate and key the server answers TLS with, replaceable while it runs.
 * libmicrohttpd asks for them on every handshake (tls_cert_callback); `serve` loads them at start
 * and again on SIGHUP (tls_reload), so that a renewed certificate is used by new connections
 * without a restart. A file that cannot be read or does not hold a matching certificate and key
 * leaves the pair in use as it was, and the log says why. */
#ifndef ASAMBLEA_HTTP_TLS_RELOAD_H
#define ASAMBLEA_HTTP_TLS_RELOAD_H
#include <gnutls/abstract.h>
#include <stdbool.h>

/* Loads the PEM certificate (chain) and key from these paths and remembers the paths for
 * tls_reload. False after logging why. */
bool tls_start(const char *cert_path, const char *key_path);
/* Loads the files again: on success new handshakes use the new pair; otherwise the old one
 * stays. Logs the outcome either way ("nothing to reload" when the server does not serve TLS).
 * Called from an ordinary thread, never from a signal handler. True when a new pair is in use. */
bool tls_reload(void);
/* Frees every pair loaded (after the daemon has stopped: a connection may still use an old one). */
void tls_stop(void);
/* gnutls_certificate_retrieve_function2, for MHD_OPTION_HTTPS_CERT_CALLBACK: the current pair. */
int tls_cert_callback(gnutls_session_t session, const gnutls_datum_t *req_ca_dn, int nreqs,
                      const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length, gnutls_pcert_st **pcert,
                      unsigned int *pcert_length, gnutls_privkey_t *pkey);
#endif
