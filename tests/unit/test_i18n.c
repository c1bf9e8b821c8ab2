/* test_i18n.c — server/i18n.c and server/page_text.c: both catalogues hold the same keys, every
 * key the code uses (pages' {{t:…}}, modules' t('…') and table('…'), the server's "err.…",
 * "mail.…", "pdf.…" literals, each error code's "err.<code>") exists, Accept-Language picks the
 * right language with its q-values, dates come out the way each language writes them, and pages
 * get their markers expanded. Run from the repository root (as make does): it reads web/ and server/. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "i18n.h"
#include "page_text.h"
#include "util.h"

static void test_catalogues_have_the_same_keys(void **state) {
  (void)state;
  const cJSON *es = i18n_catalogue(LANG_ES), *en = i18n_catalogue(LANG_EN);
  assert_true(cJSON_GetArraySize(es) > 100);
  const cJSON *item;
  cJSON_ArrayForEach(item, es) {
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(en, item->string))) fail_msg("en lacks \"%s\"", item->string);
  }
  cJSON_ArrayForEach(item, en) {
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(es, item->string))) fail_msg("es lacks \"%s\"", item->string);
  }
}

/* Whether some key of the Spanish catalogue is key, or (prefix) starts with key + "." too. */
static bool known(const char *key, bool prefix) {
  const cJSON *item;
  size_t n = strlen(key);
  cJSON_ArrayForEach(item, i18n_catalogue(LANG_ES)) {
    if (strcmp(item->string, key) == 0) return true;
    if (prefix && strncmp(item->string, key, n) == 0 && item->string[n] == '.') return true;
  }
  return false;
}

/* Whether [s, end) holds any of the characters of set. */
static bool strpbrk_in(const char *s, const char *end, const char *set) {
  for (; s < end; s++)
    if (strchr(set, *s)) return true;
  return false;
}

/* Checks every literal key after each `open` in the text (up to `close`), with `ns` before it;
 * an `open` that ends a longer name (format('…') for t('…')) is not a use. */
static int check_uses(const char *file, const char *text, const char *open, char close, const char *ns, bool prefix) {
  int found = 0;
  for (const char *p = strstr(text, open); p; p = strstr(p + 1, open)) {
    if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.')) continue;
    const char *k = p + strlen(open), *end = strchr(k, close);
    if (!end || end == k || end - k > 100 || strpbrk_in(k, end, "$%<> \n")) continue; /* not a literal key */
    char key[160];
    snprintf(key, sizeof key, "%s%.*s", ns, (int)(end - k), k);
    if (!known(key, prefix)) fail_msg("%s uses \"%s\", which is in no catalogue", file, key);
    found++;
  }
  return found;
}

/* Runs check on every file of dir whose name ends in ext; answers how many keys were checked. */
static int scan(const char *dir, const char *ext, int (*check)(const char *file, const char *text)) {
  DIR *d = opendir(dir);
  if (!d) fail_msg("cannot open %s (run from the repository root)", dir);
  int found = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t n = strlen(e->d_name), k = strlen(ext);
    if (n <= k || strcmp(e->d_name + n - k, ext) != 0) continue;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct sbuf b = {0};
    char buf[8192];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) sbuf_append(&b, buf, got);
    fclose(f);
    sbuf_putc(&b, '\0');
    found += check(path, b.data);
    sbuf_free(&b);
  }
  closedir(d);
  return found;
}

static int check_page(const char *file, const char *text) { return check_uses(file, text, "{{t:", '}', "", false); }
static int check_module(const char *file, const char *text) {
  return check_uses(file, text, "t('", '\'', "js.", false) + check_uses(file, text, "table('", '\'', "js.", true);
}
static int check_server(const char *file, const char *text) {
  return check_uses(file, text, "\"err.", '"', "err.", false) + check_uses(file, text, "\"mail.", '"', "mail.", true) +
         check_uses(file, text, "\"pdf.", '"', "pdf.", false) + check_uses(file, text, "\"page.", '"', "page.", false);
}

static void test_every_key_used_exists(void **state) {
  (void)state;
  assert_true(scan("web", ".html", check_page) > 20);
  assert_true(scan("web/partials", ".html", check_page) > 5);
  assert_true(scan("web/js", ".js", check_module) > 200);
  assert_true(scan("server", ".c", check_server) > 40);
  for (int e = 1; e < ERR__COUNT; e++) { /* every error code has its default message in each language */
    char key[64];
    snprintf(key, sizeof key, "err.%s", err_code((enum err)e));
    if (!known(key, false)) fail_msg("no catalogue text for %s", key);
    assert_string_not_equal(err_message_in((enum err)e, LANG_EN), err_message_in((enum err)e, LANG_ES));
  }
}

static void test_accept_language(void **state) {
  (void)state;
  assert_int_equal(lang_from_accept(NULL), LANG_ES);
  assert_int_equal(lang_from_accept(""), LANG_ES);
  assert_int_equal(lang_from_accept("en"), LANG_EN);
  assert_int_equal(lang_from_accept("en-GB,en;q=0.9"), LANG_EN);
  assert_int_equal(lang_from_accept("EN-us"), LANG_EN);
  assert_int_equal(lang_from_accept("es-EC,es;q=0.9,en;q=0.8"), LANG_ES);
  assert_int_equal(lang_from_accept("fr-FR,fr;q=0.9,en;q=0.8,es;q=0.7"), LANG_EN); /* the best of ours */
  assert_int_equal(lang_from_accept("es;q=0.2, en;q=0.5"), LANG_EN);               /* q, not order, decides */
  assert_int_equal(lang_from_accept("en;q=0, es"), LANG_ES);                       /* q=0: not acceptable */
  assert_int_equal(lang_from_accept("de, fr"), LANG_ES);                           /* none of ours: Spanish */
  assert_int_equal(lang_from_accept("eng, en-x"), LANG_EN);                        /* "eng" is not "en" */
  assert_int_equal(lang_from_accept("*"), LANG_ES);
  assert_int_equal(lang_from_accept("en;q=abc"), LANG_ES); /* malformed q: ignored */
}

static void test_lang_codes(void **state) {
  (void)state;
  enum lang l = LANG_ES;
  assert_true(lang_parse("en", &l));
  assert_int_equal(l, LANG_EN);
  assert_false(lang_parse("EN", &l));
  assert_false(lang_parse("fr", &l));
  assert_false(lang_parse(NULL, &l));
  assert_string_equal(lang_code(LANG_ES), "es");
  assert_string_equal(lang_code(LANG_EN), "en");
  assert_string_equal(i18n_text(LANG_EN, "no.such.key"), "no.such.key");
}

static void assert_range(enum lang l, const char *a, const char *b, const char *want) {
  char out[128];
  i18n_date_range(l, a, b, out, sizeof out);
  if (strcmp(out, want) != 0)
    fail_msg("i18n_date_range(%s, %s, %s) = \"%s\", want \"%s\"", lang_code(l), a, b ? b : "NULL", out, want);
}

static void test_date_ranges(void **state) {
  (void)state;
  assert_range(LANG_ES, "2025-11-20", "2025-11-21", "20–21 de noviembre de 2025");
  assert_range(LANG_EN, "2025-11-20", "2025-11-21", "20–21 November 2025");
  assert_range(LANG_ES, "2024-11-25", "2024-11-25", "25 de noviembre de 2024");
  assert_range(LANG_EN, "2024-11-25", NULL, "25 November 2024");
  assert_range(LANG_ES, "2025-11-30", "2025-12-01", "30 de noviembre al 1 de diciembre de 2025");
  assert_range(LANG_EN, "2025-11-30", "2025-12-01", "30 November – 1 December 2025");
  assert_range(LANG_EN, "2025-12-31", "2026-01-02", "31 December 2025 – 2 January 2026");
  assert_range(LANG_EN, "soon", NULL, "soon");
}

/* How many of a page's browser texts are the staff pages' ("staff." keys). */
static int staff_texts(const cJSON *texts) {
  int n = 0;
  const cJSON *item;
  cJSON_ArrayForEach(item, texts) n += strncmp(item->string, "staff.", 6) == 0;
  return n;
}

static char *expand(const char *page, enum lang l) {
  struct sbuf out = {0};
  page_text_expand(page, strlen(page), l, PAGE_PUBLIC, &out);
  return sbuf_steal(&out);
}

static void test_page_markers(void **state) {
  (void)state;
  char *s = expand(
      "<html lang=\"{{lang}}\"><a>{{t:page.other_lang_name}}</a>{{unknown}} {{t:page.privacy.who_text_html}}", LANG_EN);
  assert_non_null(strstr(s, "<html lang=\"en\"><a>Español</a>{{unknown}} Your data"));
  assert_non_null(
      strstr(s, "<strong>Association of Ecuadorian Municipalities (AME)</strong>")); /* _html: markup kept */
  free(s);
  s = expand("<ul>{{lang-switch}}</ul>", LANG_ES);
  assert_string_equal(
      s, "<ul><li><a class=\"lang-switch\" href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a></li></ul>");
  free(s);
  s = expand("{{t:page.home.description}}", LANG_EN); /* plain texts are escaped */
  assert_non_null(strstr(s, "Ecuador&#39;s"));
  free(s);
  s = expand("{{i18n-js}}", LANG_ES);
  assert_null(strchr(s, '<')); /* written \u003c: nothing can close the <script> element early */
  cJSON *j = cJSON_Parse(s);
  assert_non_null(j);
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "retry")->valuestring, "Reintentar"); /* "js." dropped */
  assert_null(cJSON_GetObjectItemCaseSensitive(j, "page.skip")); /* only the browser's share */
  assert_int_equal(staff_texts(j), 0);                           /* public pages: no staff texts */
  cJSON_Delete(j);
  free(s);
  struct sbuf staff = {0};
  page_text_expand("{{i18n-js}}", 11, LANG_EN, PAGE_STAFF, &staff);
  s = sbuf_steal(&staff);
  j = cJSON_Parse(s);
  assert_non_null(j);
  assert_true(staff_texts(j) > 100); /* staff pages: theirs too, with the public ones */
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "retry")->valuestring, "Try again");
  cJSON_Delete(j);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_catalogues_have_the_same_keys),
      cmocka_unit_test(test_every_key_used_exists),
      cmocka_unit_test(test_accept_language),
      cmocka_unit_test(test_lang_codes),
      cmocka_unit_test(test_date_ranges),
      cmocka_unit_test(test_page_markers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
