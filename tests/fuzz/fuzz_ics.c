/* fuzz_ics.c — libFuzzer target for the iCalendar text rules of schedule.ics
 * (server/export_ics.c): ics_text() escapes a TEXT value, ics_line() folds a content line.
 * Each input is escaped, put after "DESCRIPTION:" as export_ics does, and folded. Checks:
 *   - every physical line ends with CRLF, holds no other CR or LF, and has at most 75 octets;
 *   - continuation lines start with one space, and unfolding gives the logical line back;
 *   - unescaping the value gives the input without the characters TEXT cannot hold (CR and
 *     other controls but tab and newline); no bare ; , or newline survives escaping;
 *   - valid UTF-8 in gives valid UTF-8 out, and no fold splits a UTF-8 sequence (each physical
 *     line is valid UTF-8 on its own). */
#include <stdbool.h>

#include "export.h"
#include "fuzz.h"

#define PREFIX "DESCRIPTION:"

/* The input as ics_text should keep it: controls other than tab and LF dropped. */
static void kept(const char *s, struct sbuf *out) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p == '\n' || *p == '\t' || (*p >= 0x20 && *p != 0x7F)) sbuf_putc(out, (char)*p);
  if (!out->data) sbuf_puts(out, "");
}

/* Undoes TEXT escaping; fails on a bare ; , newline or an unknown escape. */
static void unescape(const char *s, size_t len, struct sbuf *out) {
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    FUZZ_CHECK(c != ';' && c != ',' && c != '\n' && c != '\r', "bare 0x%02x in an escaped TEXT value",
               (unsigned char)c);
    if (c != '\\') {
      sbuf_putc(out, c);
      continue;
    }
    FUZZ_CHECK(i + 1 < len, "escaped value ends with a backslash");
    char e = s[++i];
    FUZZ_CHECK(e == '\\' || e == ';' || e == ',' || e == 'n', "unknown escape \\%c", e);
    sbuf_putc(out, e == 'n' ? '\n' : e);
  }
  if (!out->data) sbuf_puts(out, "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_cstr(data, size);
  size_t tlen = strlen(text);
  bool utf8_in = fuzz_utf8_ok((const unsigned char *)text, tlen);

  struct sbuf logical = {0}, folded = {0}, unfolded = {0}, back = {0}, want = {0};
  sbuf_puts(&logical, PREFIX);
  ics_text(&logical, text);
  ics_line(&folded, logical.data, logical.len);

  const char *doc = folded.data;
  size_t len = folded.len;
  FUZZ_CHECK(len >= 2 && doc[len - 2] == '\r' && doc[len - 1] == '\n', "content line does not end with CRLF");
  bool first = true;
  for (size_t start = 0; start < len;) {
    const char *cr = memchr(doc + start, '\r', len - start);
    FUZZ_CHECK(cr && cr + 1 < doc + len && cr[1] == '\n', "CR without LF at %zu", (size_t)(cr - doc));
    size_t line_len = (size_t)(cr - (doc + start));
    FUZZ_CHECK(line_len <= 75, "physical line of %zu octets", line_len);
    FUZZ_CHECK(!memchr(doc + start, '\n', line_len), "bare LF inside a line");
    const char *content = doc + start;
    size_t content_len = line_len;
    if (!first) {
      FUZZ_CHECK(line_len >= 1 && content[0] == ' ', "continuation line without its leading space");
      content++;
      content_len--;
    }
    if (utf8_in) FUZZ_CHECK(fuzz_utf8_ok((const unsigned char *)content, content_len), "a fold split a UTF-8 sequence");
    sbuf_append(&unfolded, content, content_len);
    first = false;
    start += line_len + 2;
  }
  FUZZ_CHECK(unfolded.len == logical.len && memcmp(unfolded.data, logical.data, logical.len) == 0,
             "unfolding does not give the content line back");
  if (utf8_in) FUZZ_CHECK(fuzz_utf8_ok((const unsigned char *)doc, len), "valid UTF-8 in, invalid out");

  size_t plen = strlen(PREFIX);
  unescape(logical.data + plen, logical.len - plen, &back);
  kept(text, &want);
  FUZZ_CHECK(back.len == want.len && memcmp(back.data, want.data, want.len) == 0, "escaping is not reversible");

  sbuf_free(&logical);
  sbuf_free(&folded);
  sbuf_free(&unfolded);
  sbuf_free(&back);
  sbuf_free(&want);
  free(text);
  return 0;
}
