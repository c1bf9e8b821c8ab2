/* fuzz_xml.c — libFuzzer target for the XML text escaping of schedule.xml
 * (server/export_xml.c: xml_text, used for every element text and attribute value). Checks:
 *   - the output has no raw < > " ' and every & starts one of the five predefined entities;
 *   - no character XML 1.0 forbids survives: C0 controls other than tab, LF and CR, and (for
 *     valid UTF-8 input, which is all the server stores) U+FFFE / U+FFFF;
 *   - decoding the entities gives the input without those characters;
 *   - valid UTF-8 in gives valid UTF-8 out (nothing is cut inside a sequence). */
#include <stdbool.h>

#include "export.h"
#include "fuzz.h"

static const char *const entities[][2] = {
    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};

/* The input as xml_text should keep it. */
static void kept(const char *s, struct sbuf *out) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') continue;
    if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
      p += 2;
      continue;
    }
    sbuf_putc(out, (char)*p);
  }
  if (!out->data) sbuf_puts(out, "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_cstr(data, size);
  bool utf8_in = fuzz_utf8_ok((const unsigned char *)text, strlen(text));
  struct sbuf out = {0}, back = {0}, want = {0};
  xml_text(&out, text);
  sbuf_puts(&out, "");
  const unsigned char *o = (const unsigned char *)out.data;
  for (size_t i = 0; i < out.len; i++) {
    unsigned char c = o[i];
    FUZZ_CHECK(c != '<' && c != '>' && c != '"' && c != '\'', "raw %c in escaped XML text", c);
    FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n' || c == '\r', "control byte 0x%02x in XML text", c);
    /* (from invalid UTF-8, dropping a control byte can join bytes into EF BF BF: the server's
     * text is always valid UTF-8 — validate.c — so the rule is checked for valid input only) */
    if (utf8_in && c == 0xEF && i + 2 < out.len && o[i + 1] == 0xBF)
      FUZZ_CHECK(o[i + 2] != 0xBE && o[i + 2] != 0xBF, "U+FFFE/U+FFFF in XML text");
    if (c == '&') {
      size_t k = 0;
      while (k < 5 && strncmp(out.data + i, entities[k][0], strlen(entities[k][0])) != 0) k++;
      FUZZ_CHECK(k < 5, "& that starts no entity at %zu", i);
      sbuf_puts(&back, entities[k][1]);
      i += strlen(entities[k][0]) - 1;
      continue;
    }
    sbuf_putc(&back, (char)c);
  }
  sbuf_puts(&back, "");
  kept(text, &want);
  FUZZ_CHECK(back.len == want.len && memcmp(back.data, want.data, want.len) == 0, "escaping is not reversible");
  if (utf8_in) FUZZ_CHECK(fuzz_utf8_ok(o, out.len), "valid UTF-8 in, invalid out");
  sbuf_free(&out);
  sbuf_free(&back);
  sbuf_free(&want);
  free(text);
  return 0;
}
