/* config.h — process-wide settings decided at start-up and read everywhere after: the public
 * address of the site, used in the links of answers, e-mails and documents. `serve` sets it once,
 * before the server answers its first request (or, for --port 0 without --public-url, as soon as
 * the port is bound and before it is announced); it is never changed while requests run. */
#ifndef ASAMBLEA_CONFIG_H
#define ASAMBLEA_CONFIG_H

void config_set_public_url(const char *url);
/* e.g. "https://asamblea.ame.gob.ec" (no trailing slash); "http://127.0.0.1:8080" by default. */
const char *config_public_url(void);
#endif
