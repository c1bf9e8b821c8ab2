/* secrets.c — the key file and secretbox sealing (XSalsa20-Poly1305, libsodium). */
#include "secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned char key[crypto_secretbox_KEYBYTES];
static bool loaded;

static bool read_key(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = read(fd, key, sizeof key);
  close(fd);
  return n == (ssize_t)sizeof key;
}

static bool create_key(const char *path) {
  randombytes_buf(key, sizeof key);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = write(fd, key, sizeof key) == (ssize_t)sizeof key && fsync(fd) == 0;
  return close(fd) == 0 && ok;
}

bool secrets_load(const char *db_path) {
  char path[4096];
  snprintf(path, sizeof path, "%s.key", db_path);
  if (read_key(path) || create_key(path) || read_key(path)) { /* the last try covers a racing creator */
    loaded = true;
    return true;
  }
  fprintf(stderr, "asamblea: cannot read or create the key file %s: %s\n", path, strerror(errno));
  return false;
}

size_t secrets_seal(const char *text, unsigned char out[SEALED_MAX]) {
  size_t len = strlen(text);
  size_t total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
  if (!loaded || total > SEALED_MAX) return 0;
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, (const unsigned char *)text, len, out, key);
  return total;
}

bool secrets_open(const unsigned char *box, size_t len, char *out, size_t out_size) {
  if (!loaded || len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return false;
  size_t plain = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  if (plain + 1 > out_size) return false;
  if (crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, box, key) != 0)
    return false;
  out[plain] = '\0';
  return true;
}
