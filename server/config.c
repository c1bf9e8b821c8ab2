/* config.c — storage of the settings of config.h. The public URL is published through an atomic
 * pointer: a reader sees either the default or the whole value set, never a half-written one. */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static const char default_url[] = "http://127.0.0.1:8080";
static char set_url[512];
static _Atomic(const char *) public_url = default_url;

void config_set_public_url(const char *url) {
  snprintf(set_url, sizeof set_url, "%s", url);
  size_t n = strlen(set_url);
  while (n > 0 && set_url[n - 1] == '/') set_url[--n] = '\0';
  atomic_store_explicit(&public_url, set_url, memory_order_release);
}

const char *config_public_url(void) { return atomic_load_explicit(&public_url, memory_order_acquire); }
