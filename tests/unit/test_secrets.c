/* test_secrets.c — server/secrets.c: nothing is sealed or opened before a key is loaded;
 * secrets_load creates "<db>.key" (32 bytes, mode 0600) beside a temporary database path and a
 * second load reads the same key back (a box sealed before opens after); seal/open round trips;
 * every single flipped byte, every truncation and an extension of a box are refused; text too
 * long for SEALED_MAX is refused with 0, and an output buffer too small for the text is refused.
 * Text of any length (an e-mail body) seals with secrets_seal_text and opens whole, and a box
 * with any flipped byte or truncated is refused; without a key neither seals nor opens.
 * The key file under faults: an empty one (a creation cut short) is replaced by a new key; one of
 * any other wrong length (short or long) is refused and left byte for byte as it was; no
 * temporary file is left beside the key. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secrets.h"
#include "util.h"

#define TOKEN "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde" /* 43 base64url characters */

static char dir[64];
static char db_path[128], key_path[160], other_db[128], other_key[160];
static char fault_db[128], fault_key[160];

static int group_setup(void **state) {
  (void)state;
  if (sodium_init() < 0) return -1;
  snprintf(dir, sizeof dir, "/tmp/asamblea-secrets-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  snprintf(db_path, sizeof db_path, "%s/asamblea.db", dir);
  snprintf(key_path, sizeof key_path, "%s.key", db_path);
  snprintf(other_db, sizeof other_db, "%s/other.db", dir);
  snprintf(other_key, sizeof other_key, "%s.key", other_db);
  snprintf(fault_db, sizeof fault_db, "%s/fault.db", dir);
  snprintf(fault_key, sizeof fault_key, "%s.key", fault_db);
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  unlink(key_path);
  unlink(other_key);
  unlink(fault_key);
  rmdir(dir);
  return 0;
}

static void read_file(const char *path, unsigned char *buf, size_t size, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  *len = fread(buf, 1, size, f);
  fclose(f);
}

/* Runs first: with no key, nothing is sealed and nothing opens; a failed load changes that not. */
static void test_no_key_loaded(void **state) {
  (void)state;
  unsigned char box[SEALED_MAX];
  char out[64];
  assert_int_equal(secrets_seal(TOKEN, box), 0);
  memset(box, 0, sizeof box);
  assert_false(secrets_open(box, 83, out, sizeof out));
  /* a directory that does not exist: the key file cannot be created */
  assert_false(secrets_load("/nonexistent-asamblea-dir/x/asamblea.db"));
  assert_int_equal(secrets_seal(TOKEN, box), 0);
  size_t len = 99;
  assert_null(secrets_seal_text("cuerpo", &len));
  assert_null(secrets_open_text(box, 83));
}

static void test_load_creates_key_file(void **state) {
  (void)state;
  assert_int_equal(access(key_path, F_OK), -1);
  assert_true(secrets_load(db_path));
  struct stat st;
  assert_int_equal(stat(key_path, &st), 0);
  assert_true(S_ISREG(st.st_mode));
  if ((st.st_mode & 07777) != 0600) fail_msg("%s has mode %04o, want 0600", key_path, (unsigned)(st.st_mode & 07777));
  assert_int_equal(st.st_size, crypto_secretbox_KEYBYTES);
  assert_int_equal(crypto_secretbox_KEYBYTES, 32);
  /* the key is random, not zeros */
  unsigned char key[64];
  size_t len;
  read_file(key_path, key, sizeof key, &len);
  assert_int_equal(len, 32);
  unsigned char zero[32] = {0};
  assert_memory_not_equal(key, zero, 32);
  /* the database file itself is not created or touched */
  assert_int_equal(access(db_path, F_OK), -1);
}

static void test_round_trip(void **state) {
  (void)state;
  unsigned char box[SEALED_MAX];
  char out[SEALED_MAX];
  size_t n = secrets_seal(TOKEN, box);
  assert_int_equal(n, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + strlen(TOKEN));
  assert_true(n <= SEALED_MAX);
  memset(out, 'X', sizeof out);
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, TOKEN);
  /* the text is not in the box in clear */
  assert_null(memmem(box, n, "AbCdEfGh", 8));
  /* a fresh nonce each time: the same text seals differently */
  unsigned char box2[SEALED_MAX];
  assert_int_equal(secrets_seal(TOKEN, box2), n);
  assert_memory_not_equal(box, box2, n);
  assert_true(secrets_open(box2, n, out, sizeof out));
  assert_string_equal(out, TOKEN);
  /* the empty text and UTF-8 text */
  n = secrets_seal("", box);
  assert_int_equal(n, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES);
  memset(out, 'X', sizeof out);
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, "");
  n = secrets_seal("Ñacato — cañón", box);
  assert_true(n > 0);
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, "Ñacato — cañón");
}

static void test_reload_reads_same_key(void **state) {
  (void)state;
  unsigned char key_before[64], key_after[64];
  size_t len_before, len_after;
  read_file(key_path, key_before, sizeof key_before, &len_before);
  unsigned char box[SEALED_MAX];
  char out[64];
  size_t n = secrets_seal(TOKEN, box);
  assert_true(n > 0);
  /* another database has another key: the box does not open under it */
  assert_true(secrets_load(other_db));
  assert_int_equal(access(other_key, F_OK), 0);
  assert_false(secrets_open(box, n, out, sizeof out));
  /* loading the first database again reads its key: the box opens */
  assert_true(secrets_load(db_path));
  read_file(key_path, key_after, sizeof key_after, &len_after);
  assert_int_equal(len_after, 32);
  assert_memory_equal(key_before, key_after, 32); /* not replaced */
  memset(out, 'X', sizeof out);
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, TOKEN);
}

static void test_flipped_bytes_rejected(void **state) {
  (void)state;
  unsigned char box[SEALED_MAX], bad[SEALED_MAX];
  char out[64];
  size_t n = secrets_seal(TOKEN, box);
  assert_true(n > 0);
  static const unsigned char masks[] = {0x01, 0x80, 0xFF, 0x5A};
  for (size_t i = 0; i < n; i++) {
    for (size_t m = 0; m < sizeof masks; m++) {
      memcpy(bad, box, n);
      bad[i] ^= masks[m];
      if (secrets_open(bad, n, out, sizeof out))
        fail_msg("box with byte %zu of %zu flipped by 0x%02x opened as \"%s\"", i, n, masks[m], out);
    }
  }
  /* the original still opens */
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, TOKEN);
}

static void test_truncated_or_extended_rejected(void **state) {
  (void)state;
  unsigned char box[SEALED_MAX + 1];
  char out[SEALED_MAX];
  size_t n = secrets_seal(TOKEN, box);
  assert_true(n > 0);
  for (size_t len = 0; len < n; len++)
    if (secrets_open(box, len, out, sizeof out)) fail_msg("box truncated to %zu of %zu bytes opened", len, n);
  box[n] = 0;
  assert_false(secrets_open(box, n + 1, out, sizeof out));
  /* another box's ciphertext under this box's nonce does not open */
  unsigned char other[SEALED_MAX];
  size_t m = secrets_seal("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", other);
  assert_int_equal(m, n);
  memcpy(other, box, crypto_secretbox_NONCEBYTES);
  assert_false(secrets_open(other, m, out, sizeof out));
}

/* A body far longer than SEALED_MAX, with accents: it opens whole; a changed or cut box does not. */
static void test_long_text_round_trip(void **state) {
  (void)state;
  struct sbuf b = {0};
  for (int i = 0; i < 400; i++) sbuf_printf(&b, "Línea %d: https://asamblea.example.ec/r/K7PM3Q?t=%s\n", i, TOKEN);
  char *text = sbuf_steal(&b);
  size_t len = 0;
  unsigned char *box = secrets_seal_text(text, &len);
  assert_non_null(box);
  assert_int_equal(len, strlen(text) + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES);
  assert_null(memmem(box, len, TOKEN, strlen(TOKEN))); /* sealed, not copied */
  char *opened = secrets_open_text(box, len);
  assert_non_null(opened);
  assert_string_equal(opened, text);
  free(opened);
  for (size_t i = 0; i < len; i += 97) { /* flipped bytes across nonce, MAC and text */
    box[i] ^= 1;
    assert_null(secrets_open_text(box, len));
    box[i] ^= 1;
  }
  assert_null(secrets_open_text(box, len - 1));
  assert_null(secrets_open_text(box, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES - 1));
  assert_null(secrets_open_text(NULL, 0));
  /* the empty text seals too, and opens as "" */
  unsigned char *empty = secrets_seal_text("", &len);
  char *back = secrets_open_text(empty, len);
  assert_string_equal(back, "");
  free(back);
  free(empty);
  free(box);
  free(text);
}

static void test_too_long_refused(void **state) {
  (void)state;
  size_t room = SEALED_MAX - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  char *text = malloc(room + 2);
  memset(text, 'a', room + 1);
  text[room + 1] = '\0';
  unsigned char box[SEALED_MAX];
  assert_int_equal(secrets_seal(text, box), 0); /* one byte too many */
  text[room] = '\0';
  size_t n = secrets_seal(text, box); /* exactly full */
  assert_int_equal(n, SEALED_MAX);
  char out[SEALED_MAX];
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, text);
  /* an output buffer that cannot hold the text and its NUL is refused, not overrun */
  char small[SEALED_MAX];
  memset(small, 'X', sizeof small);
  assert_false(secrets_open(box, n, small, room)); /* room bytes: no space for the NUL */
  assert_true(secrets_open(box, n, small, room + 1));
  assert_string_equal(small, text);
  free(text);
}

static void write_file(const char *path, const void *bytes, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) fail_msg("cannot write %s", path);
}

/* Fails if any file of the test folder is a leftover of creating a key. */
static void assert_no_temporary_files(void) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d)))
    if (strstr(e->d_name, ".tmp")) fail_msg("temporary file %s left in %s", e->d_name, dir);
  closedir(d);
}

/* An empty key file was never written (a crash between creating and writing it): a new key
 * takes its place, and the server starts. */
static void test_empty_key_file_replaced(void **state) {
  (void)state;
  write_file(fault_key, "", 0);
  assert_true(secrets_load(fault_db));
  struct stat st;
  assert_int_equal(stat(fault_key, &st), 0);
  assert_int_equal(st.st_size, crypto_secretbox_KEYBYTES);
  if ((st.st_mode & 07777) != 0600) fail_msg("%s has mode %04o, want 0600", fault_key, (unsigned)(st.st_mode & 07777));
  unsigned char box[SEALED_MAX];
  char out[64];
  size_t n = secrets_seal(TOKEN, box);
  assert_true(n > 0);
  assert_true(secrets_load(fault_db)); /* the new key is the one on disk */
  assert_true(secrets_open(box, n, out, sizeof out));
  assert_string_equal(out, TOKEN);
  assert_no_temporary_files();
  unlink(fault_key);
}

/* A key file of a wrong, non-zero length may be a real key damaged: refused, never overwritten,
 * and the key loaded before stays in use. */
static void test_wrong_length_key_file_refused(void **state) {
  (void)state;
  assert_true(secrets_load(db_path));
  unsigned char box[SEALED_MAX];
  char out[64];
  size_t n = secrets_seal(TOKEN, box);
  assert_true(n > 0);
  static const size_t lengths[] = {1, 16, 31, 33, 64};
  unsigned char bytes[64], after[80];
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
    memset(bytes, 0xA5, sizeof bytes);
    write_file(fault_key, bytes, lengths[i]);
    if (secrets_load(fault_db)) fail_msg("a key file of %zu bytes was accepted", lengths[i]);
    size_t len;
    read_file(fault_key, after, sizeof after, &len);
    if (len != lengths[i] || memcmp(after, bytes, len) != 0)
      fail_msg("the key file of %zu bytes was changed", lengths[i]);
    assert_true(secrets_open(box, n, out, sizeof out));
    assert_string_equal(out, TOKEN);
  }
  assert_no_temporary_files();
  unlink(fault_key);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_key_loaded), /* must run first */
      cmocka_unit_test(test_load_creates_key_file),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_reload_reads_same_key),
      cmocka_unit_test(test_flipped_bytes_rejected),
      cmocka_unit_test(test_truncated_or_extended_rejected),
      cmocka_unit_test(test_too_long_refused),
      cmocka_unit_test(test_long_text_round_trip),
      cmocka_unit_test(test_empty_key_file_replaced),
      cmocka_unit_test(test_wrong_length_key_file_refused),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
