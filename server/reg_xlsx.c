/* reg_xlsx.c — the XLSX sink of the registration table (reg_table.h), on libxlsxwriter. Debian's
 * libxlsxwriter writes only to a named file, so the workbook goes to a private temporary file
 * (mkstemp, mode 0600) that is read back into memory and removed before the answer is sent.
 * Every text cell is a string cell (a phone 0991234567 keeps its leading zero, a code is never
 * read as a number or a formula) and every instant a date cell in the edition's local time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "log.h"
#include "reg_table.h"

#define MIN_WIDTH 8
#define DATE_WIDTH 17 /* "yyyy-mm-dd hh:mm" */

struct reg_xlsx {
  char dir[4000]; /* where the workbook and libxlsxwriter's own temporary files go */
  char path[4096];
  int fd;
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *bold, *date;
  lxw_error error; /* the first failure, LXW_NO_ERROR while all is well */
  size_t n_columns;
  double *widths; /* characters, per column */
  lxw_row_t row;  /* the next row to write */
};

static void note(struct reg_xlsx *x, lxw_error e) {
  if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR) x->error = e;
}

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_length(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void widen(struct reg_xlsx *x, size_t col, double width) {
  if (width > REG_XLSX_MAX_WIDTH) width = REG_XLSX_MAX_WIDTH;
  if (col < x->n_columns && width > x->widths[col]) x->widths[col] = width;
}

/* "2026-05-12T10:30:00-05:00" as the local date and time it names; false when malformed. */
static bool parse_local(const char *iso, lxw_datetime *dt) {
  int sec = 0;
  memset(dt, 0, sizeof *dt);
  if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &dt->year, &dt->month, &dt->day, &dt->hour, &dt->min, &sec) < 5)
    return false;
  dt->sec = sec;
  return dt->year >= 1900 && dt->month >= 1 && dt->month <= 12 && dt->day >= 1 && dt->day <= 31;
}

struct reg_xlsx *reg_xlsx_new(void) {
  struct reg_xlsx *x = xcalloc(1, sizeof *x);
  const char *dir = getenv("TMPDIR");
  snprintf(x->dir, sizeof x->dir, "%s", dir && *dir ? dir : "/tmp");
  snprintf(x->path, sizeof x->path, "%s/asamblea-xlsx-XXXXXX", x->dir);
  x->fd = mkstemp(x->path); /* 0600 */
  if (x->fd < 0) {
    LOG_BUG("xlsx: cannot create a temporary file in %s", x->dir);
    free(x);
    return NULL;
  }
  lxw_workbook_options options = {.tmpdir = x->dir}; /* x outlives the workbook */
  x->book = workbook_new_opt(x->path, &options);
  x->sheet = x->book ? workbook_add_worksheet(x->book, "Inscripciones") : NULL;
  if (!x->sheet) {
    LOG_BUG("xlsx: cannot start a workbook");
    reg_xlsx_discard(x);
    return NULL;
  }
  x->bold = workbook_add_format(x->book);
  format_set_bold(x->bold);
  x->date = workbook_add_format(x->book);
  format_set_num_format(x->date, "yyyy-mm-dd hh:mm");
  return x;
}

static void xlsx_header(void *ctx, const struct reg_column *columns, size_t n) {
  struct reg_xlsx *x = ctx;
  x->n_columns = n;
  x->widths = xcalloc(n + 1, sizeof *x->widths);
  for (size_t i = 0; i < n; i++) {
    const char *header = reg_column_header(&columns[i]);
    note(x, worksheet_write_string(x->sheet, 0, (lxw_col_t)i, header, x->bold));
    widen(x, i, MIN_WIDTH);
    widen(x, i, (double)utf8_length(header) + 2); /* room for the filter button */
  }
  x->row = 1;
}

static void xlsx_row(void *ctx, const struct reg_column *columns, const char *const *values, size_t n) {
  struct reg_xlsx *x = ctx;
  lxw_datetime dt;
  for (size_t i = 0; i < n; i++) {
    if (!values[i][0]) continue; /* an empty cell */
    lxw_col_t col = (lxw_col_t)i;
    if (columns[i].kind == REG_CELL_INSTANT && parse_local(values[i], &dt)) {
      note(x, worksheet_write_datetime(x->sheet, x->row, col, &dt, x->date));
      widen(x, i, DATE_WIDTH);
    } else if (columns[i].kind == REG_CELL_NUMBER) {
      note(x, worksheet_write_number(x->sheet, x->row, col, strtod(values[i], NULL), NULL));
      widen(x, i, (double)strlen(values[i]) + 1);
    } else {
      note(x, worksheet_write_string(x->sheet, x->row, col, values[i], NULL));
      widen(x, i, (double)utf8_length(values[i]) + 1);
    }
  }
  x->row++;
}

struct reg_sink reg_sink_xlsx(struct reg_xlsx *x) {
  return (struct reg_sink){.header = xlsx_header, .row = xlsx_row, .ctx = x};
}

/* Closes the workbook (which frees it) and removes the file; the descriptor stays open. */
static void close_book(struct reg_xlsx *x) {
  if (x->book) note(x, workbook_close(x->book));
  x->book = NULL;
  unlink(x->path);
}

static void release(struct reg_xlsx *x) {
  if (x->fd >= 0) close(x->fd);
  free(x->widths);
  free(x);
}

void reg_xlsx_discard(struct reg_xlsx *x) {
  if (!x) return;
  close_book(x);
  release(x);
}

/* The whole file behind fd into out; false on a read error. */
static bool read_all(int fd, struct sbuf *out) {
  char buf[65536];
  off_t at = 0;
  for (;;) {
    ssize_t got = pread(fd, buf, sizeof buf, at);
    if (got < 0) return false;
    if (got == 0) return true;
    sbuf_append(out, buf, (size_t)got);
    at += got;
  }
}

enum err reg_xlsx_finish(struct reg_xlsx *x, struct sbuf *out) {
  if (x->n_columns > 0) {
    for (size_t i = 0; i < x->n_columns; i++)
      note(x, worksheet_set_column(x->sheet, (lxw_col_t)i, (lxw_col_t)i, x->widths[i], NULL));
    worksheet_freeze_panes(x->sheet, 1, 0);
    note(x, worksheet_autofilter(x->sheet, 0, 0, x->row - 1, (lxw_col_t)(x->n_columns - 1)));
  }
  lxw_workbook *book = x->book;
  x->book = NULL;
  note(x, workbook_close(book)); /* the file is written now (it was reopened by name) */
  bool read = x->error == LXW_NO_ERROR && read_all(x->fd, out);
  if (x->error != LXW_NO_ERROR) LOG_BUG("xlsx: %s", lxw_strerror(x->error));
  else if (!read) LOG_BUG("xlsx: cannot read back the workbook");
  close_book(x);
  release(x);
  return read ? ERR_OK : ERR_INTERNAL;
}
