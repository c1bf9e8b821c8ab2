/* i18n.c — the catalogues of i18n/ (one flat JSON object per language, embedded in the binary
 * by tools/embed.c), parsed once on first use and only read afterwards, so every thread may
 * look texts up without locks; plus Accept-Language and the per-language date ranges. Texts are
 * looked up in a sorted index of each catalogue (binary search: an e-mail or a page asks for
 * dozens of its ~1,800 keys, and a linear walk of the JSON object cost a sign-up more than its SQL). */
#include "i18n.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "embedded.h"
#include "util.h"

static const char *const codes[LANG__COUNT] = {"es", "en"};
static cJSON *catalogues[LANG__COUNT];

/* One text of a catalogue; each language's index is sorted by key. */
struct entry {
  const char *key, *text;
};
static struct entry *index_of[LANG__COUNT];
static size_t index_count[LANG__COUNT];
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

const char *lang_code(enum lang l) { return (l >= 0 && l < LANG__COUNT) ? codes[l] : codes[LANG_ES]; }

bool lang_parse(const char *s, enum lang *out) {
  for (int i = 0; s && i < LANG__COUNT; i++) {
    if (strcmp(s, codes[i]) == 0) {
      *out = (enum lang)i;
      return true;
    }
  }
  return false;
}

/* The language of one language-range ("en-GB", "ES", "*"): true when it is one of ours. */
static bool range_lang(const char *start, size_t len, enum lang *out) {
  for (int i = 0; i < LANG__COUNT; i++) {
    size_t n = strlen(codes[i]);
    if (len >= n && strncasecmp(start, codes[i], n) == 0 && (len == n || start[n] == '-')) {
      *out = (enum lang)i;
      return true;
    }
  }
  return false;
}

/* The q-value of the parameters after a range (";q=0.5"), 1 when absent, 0 when malformed. */
static double range_quality(const char *params, const char *end) {
  const char *q = params;
  while (q < end && (q = memchr(q, ';', (size_t)(end - q)))) {
    q++;
    while (q < end && isspace((unsigned char)*q)) q++;
    if (end - q >= 2 && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=') {
      char buf[16];
      size_t n = (size_t)(end - q - 2) < sizeof buf - 1 ? (size_t)(end - q - 2) : sizeof buf - 1;
      memcpy(buf, q + 2, n);
      buf[n] = '\0';
      char *stop;
      double v = strtod(buf, &stop);
      return (stop == buf || v < 0 || v > 1) ? 0 : v;
    }
  }
  return 1;
}

enum lang lang_from_accept(const char *header) {
  enum lang best = LANG_ES;
  double best_q = 0;
  for (const char *p = header; p && *p;) {
    const char *end = strchr(p, ',');
    if (!end) end = p + strlen(p);
    while (p < end && isspace((unsigned char)*p)) p++;
    const char *tag_end = p;
    while (tag_end < end && *tag_end != ';' && !isspace((unsigned char)*tag_end)) tag_end++;
    enum lang l;
    double q = range_quality(tag_end, end);
    if (range_lang(p, (size_t)(tag_end - p), &l) && q > best_q) {
      best = l;
      best_q = q;
    }
    p = *end ? end + 1 : end;
  }
  return best;
}

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

/* The sorted index of the string members of catalogue l (pointers into the parsed JSON). */
static void build_index(int l) {
  size_t n = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, catalogues[l]) n++;
  index_of[l] = xcalloc(n ? n : 1, sizeof *index_of[l]);
  n = 0;
  cJSON_ArrayForEach(item, catalogues[l]) {
    if (cJSON_IsString(item) && item->string) index_of[l][n++] = (struct entry){item->string, item->valuestring};
  }
  qsort(index_of[l], n, sizeof *index_of[l], entry_cmp);
  index_count[l] = n;
}

static void load_catalogues(void) {
  for (int i = 0; i < LANG__COUNT; i++) {
    char name[32];
    snprintf(name, sizeof name, "i18n/%s.json", codes[i]);
    for (size_t f = 0; f < embedded_files_count; f++)
      if (strcmp(embedded_files[f].name, name) == 0) catalogues[i] = cJSON_Parse(embedded_files[f].data);
    if (!catalogues[i]) catalogues[i] = cJSON_CreateObject(); /* a broken catalogue shows keys, the unit test fails */
    build_index(i);
  }
}

/* The text of key in language l, or NULL. */
static const char *lookup(enum lang l, const char *key) {
  pthread_once(&loaded, load_catalogues);
  struct entry probe = {key, NULL};
  const struct entry *e = bsearch(&probe, index_of[l], index_count[l], sizeof probe, entry_cmp);
  return e ? e->text : NULL;
}

const cJSON *i18n_catalogue(enum lang l) {
  pthread_once(&loaded, load_catalogues);
  return catalogues[(l >= 0 && l < LANG__COUNT) ? l : LANG_ES];
}

const char *i18n_text(enum lang l, const char *key) {
  if (l < 0 || l >= LANG__COUNT) l = LANG_ES;
  const char *text = lookup(l, key);
  if (!text) text = lookup(LANG_ES, key);
  return text ? text : key;
}

void i18n_format(enum lang l, const char *key, const char *a, const char *b, char *out, size_t size) {
  size_t n = 0;
  for (const char *p = i18n_text(l, key); *p && n + 1 < size;) {
    const char *value = strncmp(p, "{a}", 3) == 0 ? a : strncmp(p, "{b}", 3) == 0 ? b : NULL;
    if (!value) {
      out[n++] = *p++;
      continue;
    }
    n += (size_t)snprintf(out + n, size - n, "%s", value);
    if (n >= size) n = size - 1;
    p += 3;
  }
  out[n] = '\0';
}

/* Copies pattern into out with {d1} {m1} {y1} {d2} {m2} {y2} replaced by the two dates' parts
 * (m: the month's name in l). */
static void fill_dates(enum lang l, const char *pattern, const int a[3], const int b[3], char *out, size_t size) {
  size_t n = 0;
  for (const char *p = pattern; *p && n + 1 < size;) {
    const int *date = p[0] == '{' && p[2] && (p[2] == '1' || p[2] == '2') && p[3] == '}' ? (p[2] == '1' ? a : b) : NULL;
    char part[64] = "";
    if (date && p[1] == 'd') snprintf(part, sizeof part, "%d", date[2]);
    else if (date && p[1] == 'y') snprintf(part, sizeof part, "%d", date[0]);
    else if (date && p[1] == 'm') {
      char key[24];
      snprintf(key, sizeof key, "date.month.%d", date[1]);
      snprintf(part, sizeof part, "%s", i18n_text(l, key));
    } else {
      out[n++] = *p++;
      continue;
    }
    n += (size_t)snprintf(out + n, size - n, "%s", part);
    if (n >= size) n = size - 1;
    p += 4;
  }
  out[n] = '\0';
}

static bool parse_date(const char *s, int ymd[3]) {
  return s && sscanf(s, "%d-%d-%d", &ymd[0], &ymd[1], &ymd[2]) == 3 && ymd[1] >= 1 && ymd[1] <= 12;
}

void i18n_date_range(enum lang l, const char *start, const char *end, char *out, size_t size) {
  int a[3], b[3];
  if (!parse_date(start, a)) {
    snprintf(out, size, "%s", start ? start : "");
    return;
  }
  if (!parse_date(end, b)) memcpy(b, a, sizeof b);
  const char *pattern;
  if (a[0] == b[0] && a[1] == b[1] && a[2] == b[2]) pattern = "date.day";
  else if (a[0] == b[0] && a[1] == b[1]) pattern = "date.range_same_month";
  else if (a[0] == b[0]) pattern = "date.range_same_year";
  else pattern = "date.range";
  fill_dates(l, i18n_text(l, pattern), a, b, out, size);
}
