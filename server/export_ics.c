/* export_ics.c — the iCalendar export (RFC 5545) of an edition's programme, for calendar apps
 * that subscribe to it: one VEVENT per session with a stable UID, times in UTC, TEXT values
 * escaped, CRLF line ends, and lines folded at 75 octets without splitting a UTF-8 sequence.
 * METHOD:PUBLISH (RFC 5546) with the change marks a calendar needs to replace an event it has:
 * SEQUENCE (the session's revision), LAST-MODIFIED, DTSTAMP (when this version came to be) and
 * the ORGANIZER (the edition's contact address, left out when the edition has none). A deleted
 * session stays as STATUS:CANCELLED, so that a calendar which imported it drops it. */
#include <stdio.h>
#include <string.h>

#include "export.h"

void ics_text(struct sbuf *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
      case '\\': sbuf_puts(out, "\\\\"); break;
      case ';': sbuf_puts(out, "\\;"); break;
      case ',': sbuf_puts(out, "\\,"); break;
      case '\n': sbuf_puts(out, "\\n"); break;
      case '\t': sbuf_putc(out, '\t'); break;
      default:
        if ((unsigned char)*s >= 0x20 && *s != 0x7f) sbuf_putc(out, *s); /* CR and controls: not TEXT */
    }
  }
}

/* Bytes of the character starting at s[0]: the lead byte and its continuation bytes. */
static size_t char_len(const char *s, size_t left) {
  size_t n = 1;
  while (n < left && n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80) n++;
  return n;
}

void ics_line(struct sbuf *out, const char *line, size_t len) {
  size_t col = 0; /* octets on the current physical line */
  for (size_t i = 0; i < len;) {
    size_t n = char_len(line + i, len - i);
    if (col + n > 75) {
      sbuf_append(out, "\r\n ", 3);
      col = 1;
    }
    sbuf_append(out, line + i, n);
    col += n;
    i += n;
  }
  sbuf_append(out, "\r\n", 2);
}

/* NAME:value, the value escaped as TEXT when text is true. */
static void prop(struct sbuf *out, const char *name, const char *value, bool text) {
  struct sbuf line = {0};
  sbuf_printf(&line, "%s:", name);
  if (text) ics_text(&line, value);
  else sbuf_puts(&line, value);
  ics_line(out, line.data, line.len);
  sbuf_free(&line);
}

static void prop_utc(struct sbuf *out, const char *name, time_t t) {
  struct tm tm;
  gmtime_r(&t, &tm);
  char value[80];
  snprintf(value, sizeof value, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
           tm.tm_min, tm.tm_sec);
  prop(out, name, value, false);
}

/* ORGANIZER;CN="<organizer unit>":mailto:<contact e-mail>, the address percent-encoded as a URI
 * (RFC 6068: UTF-8 octets too); nothing when the edition has no contact address. */
static void organizer(const struct edition *ed, struct sbuf *out) {
  if (!ed->contact_email[0]) return;
  struct sbuf line = {0};
  sbuf_puts(&line, "ORGANIZER");
  if (ed->organizer_unit[0]) {
    sbuf_puts(&line, ";CN=\"");
    for (const char *p = ed->organizer_unit; *p; p++) /* a quoted parameter value: no DQUOTE, no controls */
      if ((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '"') sbuf_putc(&line, *p);
    sbuf_putc(&line, '"');
  }
  sbuf_puts(&line, ":mailto:");
  for (const unsigned char *p = (const unsigned char *)ed->contact_email; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~@!$'*+", *p))
      sbuf_putc(&line, (char)*p);
    else sbuf_printf(&line, "%%%02X", *p);
  }
  ics_line(out, line.data, line.len);
  sbuf_free(&line);
}

static void event(const struct export_schedule *s, const struct export_session *ss, struct sbuf *out) {
  struct sbuf v = {0};
  prop(out, "BEGIN", "VEVENT", false);
  sbuf_printf(&v, "session-%lld@%s.asamblea", ss->id, s->ed->slug);
  prop(out, "UID", v.data, false);
  prop_utc(out, "DTSTAMP", s->stamp);
  prop_utc(out, "LAST-MODIFIED", ss->modified);
  v.len = 0;
  sbuf_printf(&v, "%lld", ss->sequence);
  prop(out, "SEQUENCE", v.data, false);
  organizer(s->ed, out);
  prop_utc(out, "DTSTART", ss->start);
  prop_utc(out, "DTEND", ss->end);
  char label[64];
  export_session_label(ss, label, sizeof label);
  v.len = 0;
  sbuf_printf(&v, "%s%s%s", label, label[0] ? ": " : "", ss->title);
  prop(out, "SUMMARY", v.data, true);
  v.len = 0;
  const char *where[] = {strcmp(ss->room, EXPORT_NO_ROOM) != 0 ? ss->room : "", s->ed->venue, s->ed->city};
  for (size_t i = 0; i < 3; i++)
    if (where[i][0]) sbuf_printf(&v, "%s%s", v.len ? ", " : "", where[i]);
  if (v.len) prop(out, "LOCATION", v.data, true);
  v.len = 0;
  sbuf_puts(&v, ss->objective);
  if (ss->n_people) sbuf_puts(&v, v.len ? "\n\n" : "");
  export_participants_text(ss, &v);
  if (v.len) prop(out, "DESCRIPTION", v.data, true);
  if (ss->cancelled) prop(out, "STATUS", "CANCELLED", false);
  prop(out, "CATEGORIES", export_kind_label(ss->kind), true);
  v.len = 0;
  export_session_url(s, ss, &v);
  prop(out, "URL", v.data, false);
  prop(out, "END", "VEVENT", false);
  sbuf_free(&v);
}

void export_ics(const struct export_schedule *s, struct sbuf *out) {
  prop(out, "BEGIN", "VCALENDAR", false);
  prop(out, "VERSION", "2.0", false);
  prop(out, "PRODID", "-//AME Ecuador//asamblea//ES", false);
  prop(out, "CALSCALE", "GREGORIAN", false);
  prop(out, "METHOD", "PUBLISH", false);
  prop(out, "X-WR-CALNAME", s->ed->short_title[0] ? s->ed->short_title : s->ed->title, true);
  prop(out, "X-WR-CALDESC", s->ed->title, true);
  prop(out, "X-WR-TIMEZONE", s->ed->timezone, false);
  for (size_t i = 0; i < s->n_sessions; i++) event(s, &s->sessions[i], out);
  for (size_t i = 0; i < s->n_cancelled; i++) event(s, &s->cancelled[i], out);
  prop(out, "END", "VCALENDAR", false);
}
