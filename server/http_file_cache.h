/* http_file_cache.h — answers made from files under the web root (pages with their partials
 * expanded, scripts, style sheets), kept ready in every coding (http_encoding.h) and checked
 * against their files on each use: an entry whose files changed (size, time, inode) is stale, so
 * an edited page or partial is served at once, without a restart. */
#ifndef ASAMBLEA_HTTP_FILE_CACHE_H
#define ASAMBLEA_HTTP_FILE_CACHE_H
#include <stdbool.h>
#include <sys/stat.h>

#include "http_encoding.h"

#define FILE_CACHE_MAX_FILES 8 /* a page and the partials it includes */

/* The files an answer was made from, as they were when read. */
struct file_set {
  int n;
  char path[FILE_CACHE_MAX_FILES][1024];
  struct stat st[FILE_CACHE_MAX_FILES];
};

/* Adds path (read just now, as st says) to set; false when the set is full. */
bool file_set_add(struct file_set *set, const char *path, const struct stat *st);

/* Answers r from the entry named key if its files are unchanged (true, *ret set). */
bool file_cache_reply(struct req *r, const char *key, enum MHD_Result *ret);
/* Keeps answer (taken over) under key, made from files. */
void file_cache_store(const char *key, struct encoded *answer, const struct file_set *files);
#endif
