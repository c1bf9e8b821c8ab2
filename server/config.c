/* config.c — storage of the settings of config.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

static char public_url[512] = "http://127.0.0.1:8080";

void config_set_public_url(const char *url) {
  snprintf(public_url, sizeof public_url, "%s", url);
  size_t n = strlen(public_url);
  while (n > 0 && public_url[n - 1] == '/') public_url[--n] = '\0';
}

const char *config_public_url(void) { return public_url; }
