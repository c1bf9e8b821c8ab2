/* reg_table.c — the JSON and CSV sinks of the registration table (reg_table.h). */
#include "reg_table.h"

#include <stdlib.h>

const char *reg_column_header(const struct reg_column *c) { return c->header ? c->header : c->name; }

static void json_header(void *ctx, const struct reg_column *columns, size_t n) { (void)ctx, (void)columns, (void)n; }

static void json_row(void *ctx, const struct reg_column *columns, const char *const *values, size_t n) {
  cJSON *o = cJSON_CreateObject();
  cJSON *answers = cJSON_CreateObject();
  for (size_t i = 0; i < n; i++) {
    if (columns[i].kind == REG_CELL_ANSWER) {
      if (values[i][0]) cJSON_AddStringToObject(answers, columns[i].name, values[i]);
    } else if (columns[i].kind == REG_CELL_NUMBER) {
      if (values[i][0]) cJSON_AddNumberToObject(o, columns[i].name, strtod(values[i], NULL));
    } else if (columns[i].kind == REG_CELL_INSTANT && !values[i][0]) {
      cJSON_AddNullToObject(o, columns[i].name);
    } else {
      cJSON_AddStringToObject(o, columns[i].name, values[i]);
    }
  }
  cJSON_AddItemToObject(o, "answers", answers);
  cJSON_AddItemToArray(ctx, o);
}

struct reg_sink reg_sink_json(cJSON *items) {
  return (struct reg_sink){.header = json_header, .row = json_row, .ctx = items};
}

static void csv_header(void *ctx, const struct reg_column *columns, size_t n) {
  struct csv *c = ctx;
  sbuf_puts(&c->out, "\xEF\xBB\xBF"); /* BOM: spreadsheet programs then read UTF-8 accents correctly */
  for (size_t i = 0; i < n; i++) csv_field(c, reg_column_header(&columns[i]), false);
  csv_end_record(c);
}

static void csv_row(void *ctx, const struct reg_column *columns, const char *const *values, size_t n) {
  struct csv *c = ctx;
  for (size_t i = 0; i < n; i++)
    csv_field(c, values[i], columns[i].kind == REG_CELL_TEXT || columns[i].kind == REG_CELL_ANSWER); /* the phone too */
  csv_end_record(c);
}

struct reg_sink reg_sink_csv(struct csv *c) {
  return (struct reg_sink){.header = csv_header, .row = csv_row, .ctx = c};
}
