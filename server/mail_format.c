/* mail_format.c — turns an outbox row into the bytes of an e-mail, without touching the network.
 * Everything here is about staying valid for every mail server on the way: headers in 7-bit
 * ASCII (RFC 2047 encoded-words for Spanish subjects and names), a quoted-printable body with
 * short CRLF lines, and no way for a stored value to add a header of its own. The Message-ID of
 * a row, the line between permanent and temporary failures and the retry schedule live here too
 * because they are plain rules worth testing. */
#include "mail_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EW_PREFIX "=?UTF-8?B?"
#define EW_OVERHEAD (sizeof EW_PREFIX - 1 + 2) /* prefix and the closing "?=" */

static bool has_line_break(const char *s) { return s && strpbrk(s, "\r\n") != NULL; }

bool mail_addr_ok(const char *addr) {
  if (!addr || !addr[0]) return false;
  const char *at = strchr(addr, '@');
  if (!at || at == addr || !at[1] || strchr(at + 1, '@')) return false;
  for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
    if (*p <= ' ' || *p >= 0x7F || strchr("\"(),:;<>[\\]", *p)) return false;
  return true;
}

const char *mail_addr_domain(const char *addr) {
  const char *at = addr ? strrchr(addr, '@') : NULL;
  return at && at[1] ? at + 1 : "localhost";
}

static void base64_append(struct sbuf *b, const unsigned char *in, size_t n) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)in[i] << 16;
    if (i + 1 < n) v |= (unsigned)in[i + 1] << 8;
    if (i + 2 < n) v |= in[i + 2];
    char q[4] = {digits[(v >> 18) & 63], digits[(v >> 12) & 63], i + 1 < n ? digits[(v >> 6) & 63] : '=',
                 i + 2 < n ? digits[v & 63] : '='};
    sbuf_append(b, q, 4);
  }
}

/* Bytes of the UTF-8 character starting with lead (1 for a stray byte, so bad input still advances). */
static size_t utf8_len(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

/* Raw bytes that fit in one encoded-word of at most width characters: 3 bytes per 4 base64 digits. */
static size_t word_bytes(size_t width) { return width > EW_OVERHEAD ? (width - EW_OVERHEAD) / 4 * 3 : 0; }

char *mail_encode_words(const char *utf8, size_t first_col) {
  struct sbuf b = {0};
  const unsigned char *p = (const unsigned char *)utf8;
  size_t left = strlen(utf8);
  size_t first_width = first_col < MAIL_LINE_MAX ? MAIL_LINE_MAX - first_col : 0;
  if (first_width > MAIL_ENCODED_WORD_MAX) first_width = MAIL_ENCODED_WORD_MAX;
  size_t budget = word_bytes(first_width);
  if (budget < 4) budget = word_bytes(MAIL_ENCODED_WORD_MAX); /* absurd first_col: room for a whole character anyway */
  while (left > 0) {
    size_t n = 0;
    while (n < left) {
      size_t c = utf8_len(p[n]);
      if (c > left - n) c = left - n;
      if (n + c > budget) break;
      n += c;
    }
    if (b.len) sbuf_puts(&b, "\r\n "); /* folding: the space between encoded-words is not part of the text */
    sbuf_puts(&b, EW_PREFIX);
    base64_append(&b, p, n);
    sbuf_puts(&b, "?=");
    p += n;
    left -= n;
    budget = word_bytes(MAIL_ENCODED_WORD_MAX); /* next lines: one space, then up to 75 characters */
  }
  return sbuf_steal(&b);
}

char *mail_qp_encode(const char *text) {
  static const char hex[] = "0123456789ABCDEF";
  struct sbuf b = {0};
  size_t col = 0;
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
      if (*p == '\r') p++;
      sbuf_puts(&b, "\r\n");
      col = 0;
      continue;
    }
    unsigned char c = *p;
    bool at_eol = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_eol);
    /* "From " at the start of a line gets mangled by mbox-style relays (RFC 2049 §3, item 8) */
    if (c == 'F' && col == 0 && strncmp((const char *)p, "From ", 5) == 0) literal = false;
    size_t width = literal ? 1 : 3;
    if (col + width > MAIL_LINE_MAX - 1) { /* keep room for the "=" of the soft break */
      sbuf_puts(&b, "=\r\n");
      col = 0;
    }
    if (literal) {
      sbuf_putc(&b, (char)c);
    } else {
      char q[3] = {'=', hex[c >> 4], hex[c & 15]};
      sbuf_append(&b, q, 3);
    }
    col += width;
  }
  if (col > 0) sbuf_puts(&b, "\r\n");
  return sbuf_steal(&b);
}

void mail_format_date(time_t t, char out[40]) {
  static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
           tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* True if s can stand in a header as it is: printable ASCII without "=?" (which a reader
 * would take for an encoded-word), short enough not to need folding after a name of col characters. */
static bool plain_header_text(const char *s, size_t col) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p > 0x7E) return false;
  return !strstr(s, "=?") && col + strlen(s) <= 78;
}

/* The display name as a phrase (RFC 5322 §3.2.5): atoms as they are, other ASCII quoted,
 * anything else as encoded-words. */
static void append_display_name(struct sbuf *b, const char *name) {
  bool atoms = true;
  for (const char *p = name; *p; p++)
    if (!strchr(" !#$%&'*+-/=?^_`{|}~", *p) && !(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
        !(*p >= '0' && *p <= '9'))
      atoms = false;
  if (atoms && name[0] != ' ' && !strstr(name, "=?") && strlen(name) <= 40) {
    sbuf_puts(b, name);
  } else if (plain_header_text(name, 8)) {
    sbuf_putc(b, '"');
    for (const char *p = name; *p; p++) {
      if (*p == '"' || *p == '\\') sbuf_putc(b, '\\');
      sbuf_putc(b, *p);
    }
    sbuf_putc(b, '"');
  } else {
    char *words = mail_encode_words(name, strlen("From: "));
    sbuf_puts(b, words);
    free(words);
  }
}

char *mail_build(const struct mail_message *m, const char **why) {
  if (!mail_addr_ok(m->from_addr)) *why = "invalid sender address";
  else if (!mail_addr_ok(m->to_addr)) *why = "invalid recipient address (line break or not a plain address)";
  else if (!m->subject || has_line_break(m->subject)) *why = "line break in the subject (header injection refused)";
  else if (has_line_break(m->from_name)) *why = "line break in the sender name (header injection refused)";
  else if (!m->message_id || !mail_addr_ok(m->message_id)) *why = "invalid Message-ID";
  else *why = NULL;
  if (*why) return NULL;
  struct sbuf b = {0};
  char date[40];
  mail_format_date(m->date, date);
  sbuf_printf(&b, "Date: %s\r\nFrom: ", date);
  if (m->from_name && m->from_name[0]) {
    append_display_name(&b, m->from_name);
    sbuf_printf(&b, " <%s>\r\n", m->from_addr);
  } else {
    sbuf_printf(&b, "%s\r\n", m->from_addr);
  }
  sbuf_printf(&b, "To: %s\r\nSubject: ", m->to_addr);
  if (plain_header_text(m->subject, strlen("Subject: "))) {
    sbuf_puts(&b, m->subject);
  } else {
    char *words = mail_encode_words(m->subject, strlen("Subject: "));
    sbuf_puts(&b, words);
    free(words);
  }
  sbuf_printf(&b,
              "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n",
              m->message_id);
  char *body = mail_qp_encode(m->body ? m->body : "");
  sbuf_puts(&b, body);
  free(body);
  return sbuf_steal(&b);
}

char *mail_message_id(long long id, const char *key, const char *from_addr) {
  return xasprintf("outbox-%lld.%s@%s", id, key, mail_addr_domain(from_addr));
}

bool mail_failure_permanent(enum mail_stage stage, long smtp_code) {
  return smtp_code >= 500 && smtp_code <= 599 && (stage == MAIL_STAGE_RCPT || stage == MAIL_STAGE_DATA);
}

long mail_backoff(int failures, long base) {
  if (failures < 1 || base < 1) return -1;
  long delay = base;
  for (int i = 1; i < failures && delay < MAIL_BACKOFF_CAP; i++) delay *= 2;
  return delay > MAIL_BACKOFF_CAP ? MAIL_BACKOFF_CAP : delay;
}
