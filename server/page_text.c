/* page_text.c — expands the language markers of a page (page_text.h) from the catalogues. */
#include "page_text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void append_escaped_html(struct sbuf *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
      case '&': sbuf_puts(out, "&amp;"); break;
      case '<': sbuf_puts(out, "&lt;"); break;
      case '>': sbuf_puts(out, "&gt;"); break;
      case '"': sbuf_puts(out, "&quot;"); break;
      case '\'': sbuf_puts(out, "&#39;"); break;
      default: sbuf_putc(out, *s);
    }
  }
}

static bool ends_with(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* built once per language and audience: the catalogues never change while running */
static char *js_texts[LANG__COUNT][2];
static pthread_once_t js_texts_built = PTHREAD_ONCE_INIT;

static bool staff_text(const char *key) { return strncmp(key, "js.staff.", 9) == 0; }

/* The browser's share of each catalogue: its "js." texts without the prefix (the "js.staff." ones
 * for staff pages only), as JSON safe inside a <script type="application/json"> element ("<"
 * written as \u003c, so no "</script>"). */
static char *js_texts_of(enum lang l, enum page_audience audience) {
  cJSON *js = cJSON_CreateObject();
  const cJSON *item;
  cJSON_ArrayForEach(item, i18n_catalogue(l)) {
    if (strncmp(item->string, "js.", 3) == 0 && cJSON_IsString(item) &&
        (audience == PAGE_STAFF || !staff_text(item->string)))
      cJSON_AddStringToObject(js, item->string + 3, i18n_text(l, item->string));
  }
  char *text = cJSON_PrintUnformatted(js);
  struct sbuf safe = {0};
  for (const char *c = text; c && *c; c++) {
    if (*c == '<') sbuf_puts(&safe, "\\u003c");
    else sbuf_putc(&safe, *c);
  }
  free(text);
  cJSON_Delete(js);
  return sbuf_steal(&safe);
}

static void build_js_texts(void) {
  for (int l = 0; l < LANG__COUNT; l++) {
    js_texts[l][PAGE_PUBLIC] = js_texts_of((enum lang)l, PAGE_PUBLIC);
    js_texts[l][PAGE_STAFF] = js_texts_of((enum lang)l, PAGE_STAFF);
  }
}

static void append_js_texts(struct sbuf *out, enum lang l, enum page_audience audience) {
  pthread_once(&js_texts_built, build_js_texts);
  sbuf_puts(out, js_texts[l][audience]);
}

/* The list item linking to this page in the other language, named in that language. */
static void append_switch(struct sbuf *out, enum lang l) {
  const char *other = i18n_text(l, "page.other_lang");
  sbuf_printf(out, "<li><a class=\"lang-switch\" href=\"?lang=%s\" hreflang=\"%s\" lang=\"%s\">", other, other, other);
  append_escaped_html(out, i18n_text(l, "page.other_lang_name"));
  sbuf_puts(out, "</a></li>");
}

/* Expands the marker between "{{" and "}}" (name[0..n)); false when it is not one. */
static bool expand_marker(const char *name, size_t n, enum lang l, enum page_audience audience, struct sbuf *out) {
  if (n == 4 && memcmp(name, "lang", 4) == 0) {
    sbuf_puts(out, lang_code(l));
    return true;
  }
  if (n == 11 && memcmp(name, "lang-switch", 11) == 0) {
    append_switch(out, l);
    return true;
  }
  if (n == 7 && memcmp(name, "i18n-js", 7) == 0) {
    append_js_texts(out, l, audience);
    return true;
  }
  if (n <= 2 || n > 120 || memcmp(name, "t:", 2) != 0) return false;
  char key[128];
  memcpy(key, name + 2, n - 2);
  key[n - 2] = '\0';
  if (ends_with(key, n - 2, "_html")) sbuf_puts(out, i18n_text(l, key));
  else append_escaped_html(out, i18n_text(l, key));
  return true;
}

void page_text_expand(const char *page, size_t len, enum lang l, enum page_audience audience, struct sbuf *out) {
  const char *p = page, *end = page + len;
  for (;;) {
    const char *open = memmem(p, (size_t)(end - p), "{{", 2);
    const char *close = open ? memmem(open + 2, (size_t)(end - open - 2), "}}", 2) : NULL;
    if (!close) break;
    sbuf_append(out, p, (size_t)(open - p));
    if (!expand_marker(open + 2, (size_t)(close - open - 2), l, audience, out))
      sbuf_append(out, open, (size_t)(close + 2 - open));
    p = close + 2;
  }
  sbuf_append(out, p, (size_t)(end - p));
}
