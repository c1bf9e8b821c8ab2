/* export_xml.c — the Frab schedule.xml export (the format Giggity, EventFahrplan, ConfClerk and
 * info-beamer read), valid against ../shared/schemas/frab-schedule.xsd: the conference, one <day>
 * per date, the rooms used that day and their events. Text is escaped here, once. */
#include <string.h>

#include "export.h"

void xml_text(struct sbuf *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '&': sbuf_puts(out, "&amp;"); break;
      case '<': sbuf_puts(out, "&lt;"); break;
      case '>': sbuf_puts(out, "&gt;"); break;
      case '"': sbuf_puts(out, "&quot;"); break;
      case '\'': sbuf_puts(out, "&apos;"); break;
      default:
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') break;     /* not an XML 1.0 Char */
        if (*p == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) { /* U+FFFE, U+FFFF */
          p += 2;
          break;
        }
        sbuf_putc(out, (char)*p);
    }
  }
}

static void indent(struct sbuf *out, int depth) {
  for (int i = 0; i < depth; i++) sbuf_puts(out, "  ");
}

/* <name>text</name> on its own line. */
static void elem(struct sbuf *out, int depth, const char *name, const char *text) {
  indent(out, depth);
  sbuf_printf(out, "<%s>", name);
  xml_text(out, text);
  sbuf_printf(out, "</%s>\n", name);
}

static void persons(const struct export_session *ss, struct sbuf *out) {
  if (!ss->n_people) {
    elem(out, 4, "persons", "");
    return;
  }
  indent(out, 4);
  sbuf_puts(out, "<persons>\n");
  for (size_t i = 0; i < ss->n_people; i++) {
    indent(out, 5);
    sbuf_printf(out, "<person id=\"%lld\">", ss->people[i].id);
    xml_text(out, ss->people[i].name);
    sbuf_puts(out, "</person>\n");
  }
  indent(out, 4);
  sbuf_puts(out, "</persons>\n");
}

static void event(const struct export_schedule *s, const struct export_session *ss, struct sbuf *out) {
  indent(out, 3);
  sbuf_printf(out, "<event id=\"%lld\" guid=\"%s\">\n", ss->id, ss->guid);
  elem(out, 4, "room", ss->room);
  elem(out, 4, "title", ss->title);
  char label[64];
  export_session_label(ss, label, sizeof label);
  if (label[0]) elem(out, 4, "subtitle", label);
  elem(out, 4, "type", ss->kind);
  elem(out, 4, "date", ss->starts_at);
  elem(out, 4, "start", ss->start_hm);
  elem(out, 4, "duration", ss->duration);
  elem(out, 4, "abstract", ss->objective);
  elem(out, 4, "slug", ss->slug);
  elem(out, 4, "track", export_kind_label(ss->kind));
  persons(ss, out);
  elem(out, 4, "language", "es");
  struct sbuf text = {0};
  export_participants_text(ss, &text);
  if (text.len) elem(out, 4, "description", text.data);
  text.len = 0;
  export_session_url(s, ss, &text);
  elem(out, 4, "url", text.data);
  sbuf_free(&text);
  indent(out, 3);
  sbuf_puts(out, "</event>\n");
}

static void day(const struct export_schedule *s, size_t d, struct sbuf *out) {
  const struct export_day *dy = &s->days[d];
  sbuf_printf(out, "  <day index=\"%zu\" date=\"%s\" start=\"%s\" end=\"%s\">\n", d + 1, dy->date, dy->start, dy->end);
  for (size_t r = 0; r < s->n_rooms; r++) {
    bool open = false;
    for (size_t i = 0; i < s->n_sessions; i++) {
      const struct export_session *ss = &s->sessions[i];
      if (ss->day != d || strcmp(ss->room, s->rooms[r].name) != 0) continue;
      if (!open) {
        sbuf_puts(out, "    <room name=\"");
        xml_text(out, s->rooms[r].name);
        sbuf_printf(out, "\" guid=\"%s\">\n", s->rooms[r].guid);
        open = true;
      }
      event(s, ss, out);
    }
    if (open) sbuf_puts(out, "    </room>\n");
  }
  sbuf_puts(out, "  </day>\n");
}

static void conference(const struct export_schedule *s, struct sbuf *out) {
  struct sbuf v = {0};
  sbuf_puts(out, "  <conference>\n");
  elem(out, 2, "title", s->ed->title);
  elem(out, 2, "acronym", s->acronym);
  elem(out, 2, "start", s->ed->starts_on);
  elem(out, 2, "end", s->ed->ends_on);
  sbuf_printf(&v, "%zu", s->n_days);
  elem(out, 2, "days", v.data);
  elem(out, 2, "timeslot_duration", s->timeslot);
  v.len = 0;
  sbuf_printf(&v, "%s/", s->base_url);
  elem(out, 2, "base_url", v.data);
  v.len = 0;
  sbuf_printf(&v, "%s/e/%s", s->base_url, s->ed->slug);
  elem(out, 2, "url", v.data);
  elem(out, 2, "time_zone_name", s->ed->timezone);
  sbuf_puts(out, "  </conference>\n");
  sbuf_free(&v);
}

void export_xml(const struct export_schedule *s, struct sbuf *out) {
  sbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n  <generator name=\"asamblea\"/>\n");
  struct sbuf url = {0};
  sbuf_printf(&url, "%s/api/v1/editions/%s/schedule.xml", s->base_url, s->ed->slug);
  elem(out, 1, "url", url.data);
  sbuf_free(&url);
  elem(out, 1, "version", s->version);
  conference(s, out);
  for (size_t d = 0; d < s->n_days; d++) day(s, d, out);
  sbuf_puts(out, "</schedule>\n");
}
