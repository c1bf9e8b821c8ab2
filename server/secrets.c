/* secrets.c — the key file and secretbox sealing (XSalsa20-Poly1305, libsodium).
 *
 * The key file is created so that a crash at any moment leaves either no key file, an empty one,
 * or the whole key: the key is written to a temporary file beside it, fsynced, then linked into
 * place and the folder fsynced. An empty key file (left by an older version that crashed between
 * creating and writing it) holds no key and is replaced by a new one; a file of any other wrong
 * length may be a real key damaged, so it is refused, loudly, and never overwritten. */
#include "secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define SEALED_OVERHEAD (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) /* nonce and MAC */

static unsigned char key[crypto_secretbox_KEYBYTES];
static bool loaded;

enum key_state {
  KEY_READ,       /* the whole key, in the buffer given */
  KEY_NONE,       /* no file, or an empty one: never written */
  KEY_DAMAGED,    /* a length other than 0 or the key's */
  KEY_UNREADABLE, /* open or read failed (errno set) */
};

/* Reads up to size bytes (fewer only at the end of the file); -1 on error. */
static ssize_t read_full(int fd, unsigned char *buf, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

static bool write_full(int fd, const unsigned char *buf, size_t size) {
  size_t put = 0;
  while (put < size) {
    ssize_t n = write(fd, buf + put, size - put);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    put += (size_t)n;
  }
  return true;
}

/* The key file's state, with its key into out when whole and its length into *length. */
static enum key_state read_key(const char *path, unsigned char out[crypto_secretbox_KEYBYTES], long long *length) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? KEY_NONE : KEY_UNREADABLE;
  struct stat st;
  enum key_state state;
  if (fstat(fd, &st) != 0) state = KEY_UNREADABLE;
  else if ((*length = (long long)st.st_size) == 0) state = KEY_NONE;
  else if (st.st_size != crypto_secretbox_KEYBYTES) state = KEY_DAMAGED;
  else state = read_full(fd, out, crypto_secretbox_KEYBYTES) == crypto_secretbox_KEYBYTES ? KEY_READ : KEY_UNREADABLE;
  int saved = errno;
  close(fd);
  errno = saved;
  return state;
}

/* Makes the folder's new entries durable. */
static bool fsync_folder(const char *path) {
  char copy[PATH_MAX];
  snprintf(copy, sizeof copy, "%s", path);
  int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

/* Puts tmp in place of the empty file at path. The empty file is locked while it is checked and
 * replaced, so that of two processes starting at once only the first replaces it; the second
 * then finds another file at path and fails here (and reads that one). */
static bool replace_empty(const char *path, const char *tmp) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat held, now;
  bool ok = flock(fd, LOCK_EX) == 0 && fstat(fd, &held) == 0 && held.st_size == 0 && stat(path, &now) == 0 &&
            now.st_ino == held.st_ino && now.st_dev == held.st_dev && rename(tmp, path) == 0;
  close(fd);
  return ok;
}

/* Writes a new random key to <path>.tmp-PID, fsyncs it, then moves it into place: over an empty
 * file (replace_empty), or as a new name that fails if another process created the key first
 * (link, which never replaces). False if the key was not put in place (errno set). */
static bool create_key(const char *path, unsigned char out[crypto_secretbox_KEYBYTES]) {
  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
  randombytes_buf(out, crypto_secretbox_KEYBYTES);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = write_full(fd, out, crypto_secretbox_KEYBYTES) && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (ok) ok = access(path, F_OK) == 0 ? replace_empty(path, tmp) : link(tmp, path) == 0;
  int saved = errno;
  unlink(tmp); /* after link, the second name; after rename, already gone */
  errno = saved;
  return ok && fsync_folder(path);
}

bool secrets_load(const char *db_path) {
  char path[PATH_MAX - 32];
  snprintf(path, sizeof path, "%s.key", db_path);
  unsigned char found[crypto_secretbox_KEYBYTES];
  long long length = 0;
  enum key_state state = read_key(path, found, &length);
  /* a process creating the key at the same moment wins the race: read the key it put in place */
  for (int tries = 0; state == KEY_NONE && tries < 3; tries++)
    state = create_key(path, found) ? KEY_READ : read_key(path, found, &length);
  if (state == KEY_READ) {
    memcpy(key, found, sizeof key);
    sodium_memzero(found, sizeof found);
    loaded = true;
    return true;
  }
  if (state == KEY_DAMAGED)
    fprintf(stderr,
            "asamblea: the key file %s holds %lld bytes, not %d: it may be a damaged key, so it is left as it is.\n"
            "  Restore it from a backup; or, if the sealed manage links may be lost, move it away and start again\n"
            "  (a new key is then created).\n",
            path, length, crypto_secretbox_KEYBYTES);
  else fprintf(stderr, "asamblea: cannot read or create the key file %s: %s\n", path, strerror(errno));
  return false;
}

/* Seals len bytes of text into out, which holds SEALED_OVERHEAD + len bytes. */
static void seal_into(const char *text, size_t len, unsigned char *out) {
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, (const unsigned char *)text, len, out, key);
}

/* Opens a box whose text (plain bytes) fits out with its NUL; false if forged, truncated or no key. */
static bool open_into(const unsigned char *box, size_t len, char *out, size_t out_size) {
  if (!loaded || !box || len < SEALED_OVERHEAD) return false;
  size_t plain = len - SEALED_OVERHEAD;
  if (plain + 1 > out_size) return false;
  if (crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, box, key) != 0)
    return false;
  out[plain] = '\0';
  return true;
}

size_t secrets_seal(const char *text, unsigned char out[SEALED_MAX]) {
  size_t len = strlen(text), total = SEALED_OVERHEAD + len;
  if (!loaded || total > SEALED_MAX) return 0;
  seal_into(text, len, out);
  return total;
}

bool secrets_open(const unsigned char *box, size_t len, char *out, size_t out_size) {
  return open_into(box, len, out, out_size);
}

unsigned char *secrets_seal_text(const char *text, size_t *len) {
  if (!loaded) return NULL;
  size_t plain = strlen(text);
  unsigned char *box = xmalloc(SEALED_OVERHEAD + plain);
  seal_into(text, plain, box);
  *len = SEALED_OVERHEAD + plain;
  return box;
}

char *secrets_open_text(const unsigned char *box, size_t len) {
  if (!loaded || !box || len < SEALED_OVERHEAD) return NULL;
  size_t size = len - SEALED_OVERHEAD + 1;
  char *text = xmalloc(size);
  if (open_into(box, len, text, size)) return text;
  sodium_memzero(text, size);
  free(text);
  return NULL;
}
