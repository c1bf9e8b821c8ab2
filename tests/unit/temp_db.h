/* temp_db.h — a database file of a unit test's own: temp_db_create makes it in /tmp and sets it
 * as the server's database (db_configure), opening this thread's connection; temp_db_remove
 * closes the connection and deletes the file with its WAL, shared-memory and key files. */
#ifndef ASAMBLEA_TEMP_DB_H
#define ASAMBLEA_TEMP_DB_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db.h"

#define TEMP_DB_PATH_MAX 64

static inline bool temp_db_create(char path[TEMP_DB_PATH_MAX], const char *name) {
  snprintf(path, TEMP_DB_PATH_MAX, "/tmp/asamblea-%s-XXXXXX", name);
  int fd = mkstemp(path);
  if (fd < 0) return false;
  close(fd);
  db_configure(path);
  return db_thread() != NULL;
}

static inline void temp_db_remove(const char *path) {
  static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
  db_close_thread();
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char file[TEMP_DB_PATH_MAX + 8];
    snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
    unlink(file);
  }
}
#endif
