/* test_exports.c — the schedule exports (server/export_*.c): RFC 5545 TEXT escaping and line
 * folding (75 octets, never inside a UTF-8 sequence, undone by unfolding), CRLF everywhere,
 * stable UIDs and GUIDs, the change marks (SEQUENCE, LAST-MODIFIED, DTSTAMP, ORGANIZER), XML
 * escaping, the model's days, rooms and slugs, and that the same input always gives the same bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "text.h"

static const struct edition demo = {.id = 1,
                                    .slug = "demo-2024",
                                    .timezone = "America/Guayaquil",
                                    .status = "archived",
                                    .title = "Asamblea de prueba; edición, única",
                                    .short_title = "Demo 2024",
                                    .city = "Latacunga",
                                    .venue = "Aeropuerto Internacional Cotopaxi",
                                    .starts_on = "2024-11-25",
                                    .ends_on = "2024-11-26",
                                    .organizer_unit = "Dirección de Cooperación \"Internacional\"",
                                    .contact_email = "dirección.cooperación@ame.gob.ec"};

static const char programme[] =
    "[{\"id\":7,\"kind\":\"dialogue\",\"number\":1,\"title\":\"Cooperación; gobiernos, locales\","
    "\"objective\":\"Presentar buenas prácticas.\\nSegunda línea \\\\ fin\","
    "\"starts_at\":\"2024-11-25T09:30:00-05:00\",\"ends_at\":\"2024-11-25T11:30:00-05:00\","
    "\"room\":{\"id\":3,\"name\":\"Auditorio principal\"},\"participants\":["
    "{\"person_id\":11,\"name\":\"Germán Flores\",\"honorific\":\"\",\"role\":\"speaker\","
    "\"position\":\"Alcalde de Pastaza\",\"organization\":\"GAD Municipal de Pastaza\",\"contribution\":\"\",\"topic\":\"\"},"
    "{\"person_id\":12,\"name\":\"Ana Ñacato\",\"honorific\":\"Dra.\",\"role\":\"moderator\","
    "\"position\":\"\",\"organization\":\"AME\",\"contribution\":\"\",\"topic\":\"\"}],"
    "\"sequence\":3,\"updated_at\":\"2024-11-20T10:15:00-05:00\"},"
    "{\"id\":8,\"kind\":\"break\",\"number\":null,\"title\":\"Receso & café <libre>\",\"objective\":\"\","
    "\"starts_at\":\"2024-11-26T11:30:00-05:00\",\"ends_at\":\"2024-11-26T12:00:00-05:00\","
    "\"room\":null,\"participants\":[],\"sequence\":0,\"updated_at\":\"2024-11-26T08:00:05-05:00\"}]";

/* Runs one formatter on the demo edition with the given programme JSON; the caller frees. */
static char *render(void (*fmt)(const struct export_schedule *, struct sbuf *), const char *json) {
  cJSON *items = cJSON_Parse(json);
  assert_non_null(items);
  struct export_schedule s;
  assert_int_equal(export_build(&s, &demo, items, "https://asamblea.ame.gob.ec"), ERR_OK);
  struct sbuf out = {0};
  fmt(&s, &out);
  export_free(&s);
  cJSON_Delete(items);
  return sbuf_steal(&out);
}

/* Removes the folds ("\r\n" followed by one space). */
static char *unfold(const char *text) {
  size_t n = strlen(text), o = 0;
  char *u = malloc(n + 1);
  for (size_t i = 0; i < n; i++) {
    if (text[i] == '\r' && text[i + 1] == '\n' && text[i + 2] == ' ') {
      i += 2;
      continue;
    }
    u[o++] = text[i];
  }
  u[o] = '\0';
  return u;
}

/* Every line ends CRLF, is at most 75 octets and is valid UTF-8 on its own. */
static void assert_ics_lines(const char *text) {
  size_t n = strlen(text);
  assert_true(n >= 2 && text[n - 2] == '\r' && text[n - 1] == '\n');
  const char *line = text;
  for (const char *p = text; *p; p++) {
    if (*p == '\r') assert_true(p[1] == '\n');
    if (*p != '\n') continue;
    assert_true(p > text && p[-1] == '\r');
    size_t len = (size_t)(p - 1 - line);
    if (len > 75) fail_msg("line of %zu octets: %.*s", len, (int)len, line);
    if (!utf8_valid(line, len)) fail_msg("a fold split a UTF-8 sequence: %.*s", (int)len, line);
    line = p + 1;
  }
}

static void test_ics_text_escaping(void **state) {
  (void)state;
  struct sbuf b = {0};
  ics_text(&b, "a\\b;c,d\ne\r\nf\tg\x01h");
  assert_string_equal(b.data, "a\\\\b\\;c\\,d\\ne\\nf\tgh");
  sbuf_free(&b);
}

static void test_ics_folding(void **state) {
  (void)state;
  struct sbuf b = {0};
  char line[80];
  memset(line, 'a', 75); /* exactly 75 octets: not folded */
  ics_line(&b, line, 75);
  assert_int_equal(b.len, 77);
  sbuf_free(&b);
  memcpy(line + 74, "é", 2); /* "é" would end at octet 76: it moves whole to the next line */
  ics_line(&b, line, 76);
  assert_int_equal(memcmp(b.data + 74, "\r\n é\r\n", 7), 0);
  sbuf_free(&b);

  struct sbuf text = {0};
  sbuf_puts(&text, "DESCRIPTION:");
  for (int i = 0; i < 12; i++) sbuf_puts(&text, "Participación ñandú — Pérez €𝄞; ");
  ics_line(&b, text.data, text.len);
  assert_ics_lines(b.data);
  assert_non_null(strstr(b.data, "\r\n "));
  char *u = unfold(b.data);
  assert_int_equal(strlen(u), text.len + 2);
  assert_int_equal(memcmp(u, text.data, text.len), 0);
  free(u);
  sbuf_free(&b);
  sbuf_free(&text);
}

static void test_ics_document(void **state) {
  (void)state;
  char *ics = render(export_ics, programme);
  assert_ics_lines(ics);
  assert_int_equal(strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37), 0);
  char *u = unfold(ics);
  int events = 0;
  for (const char *p = u; (p = strstr(p, "BEGIN:VEVENT\r\n")); p++) events++;
  assert_int_equal(events, 2);
  const char *want[] = {
      "CALSCALE:GREGORIAN\r\n",
      "METHOD:PUBLISH\r\n",
      "X-WR-CALNAME:Demo 2024\r\n",
      "X-WR-CALDESC:Asamblea de prueba\\; edición\\, única\r\n",
      "X-WR-TIMEZONE:America/Guayaquil\r\n",
      "UID:session-7@demo-2024.asamblea\r\n",
      "UID:session-8@demo-2024.asamblea\r\n",
      "DTSTAMP:20241126T130005Z\r\n",
      "DTSTART:20241125T143000Z\r\n",
      "DTEND:20241125T163000Z\r\n",
      "SUMMARY:Diálogo 1: Cooperación\\; gobiernos\\, locales\r\n",
      "SUMMARY:Receso & café <libre>\r\n",
      "LOCATION:Auditorio principal\\, Aeropuerto Internacional Cotopaxi\\, Latacunga\r\n",
      "LOCATION:Aeropuerto Internacional Cotopaxi\\, Latacunga\r\n", /* no room: venue and city */
      "DESCRIPTION:Presentar buenas prácticas.\\nSegunda línea \\\\ fin\\n\\nGermán Flores — Alcalde de "
      "Pastaza\\, GAD Municipal de Pastaza (Ponente)\\nDra. Ana Ñacato — AME (Moderador/a)\r\n",
      "CATEGORIES:Diálogo\r\n",
      "CATEGORIES:Receso\r\n",
      "URL:https://asamblea.ame.gob.ec/e/demo-2024#sesion-7\r\n",
      "END:VCALENDAR\r\n"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (!strstr(u, want[i])) fail_msg("missing %s in:\n%s", want[i], u);
  assert_null(strstr(u, "DESCRIPTION:\r\n")); /* the break has no text at all: no DESCRIPTION */
  free(u);
  free(ics);
}

/* Counts the occurrences of needle in haystack. */
static int count(const char *haystack, const char *needle) {
  int n = 0;
  for (const char *p = haystack; (p = strstr(p, needle)); p++) n++;
  return n;
}

static void test_ics_change_marks(void **state) {
  (void)state;
  char *ics = render(export_ics, programme);
  assert_ics_lines(ics);
  char *u = unfold(ics);
  /* each event: its revision and last change; one DTSTAMP for the whole object, the latest change */
  const char *want[] = {"SEQUENCE:3\r\n", "LAST-MODIFIED:20241120T151500Z\r\n", "SEQUENCE:0\r\n",
                        "LAST-MODIFIED:20241126T130005Z\r\n"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (!strstr(u, want[i])) fail_msg("missing %s in:\n%s", want[i], u);
  assert_int_equal(count(u, "DTSTAMP:20241126T130005Z\r\n"), 2);
  /* the organizer: the edition's unit (no DQUOTE inside the quoted value) and its contact address as a URI */
  static const char organizer[] =
      "ORGANIZER;CN=\"Dirección de Cooperación Internacional\":mailto:"
      "direcci%C3%B3n.cooperaci%C3%B3n@ame.gob.ec\r\n";
  assert_int_equal(count(u, organizer), 2);
  free(u);
  free(ics);

  /* no contact address: no ORGANIZER (none is made up); no unit: an address without CN */
  struct edition bare = demo;
  bare.contact_email[0] = '\0';
  cJSON *items = cJSON_Parse(programme);
  struct export_schedule s;
  struct sbuf out = {0};
  assert_int_equal(export_build(&s, &bare, items, "https://x.ec"), ERR_OK);
  export_ics(&s, &out);
  export_free(&s);
  assert_null(strstr(out.data, "ORGANIZER"));
  sbuf_free(&out);
  strcpy(bare.contact_email, "cooperacion@ame.gob.ec");
  bare.organizer_unit[0] = '\0';
  assert_int_equal(export_build(&s, &bare, items, "https://x.ec"), ERR_OK);
  export_ics(&s, &out);
  export_free(&s);
  assert_non_null(strstr(out.data, "\r\nORGANIZER:mailto:cooperacion@ame.gob.ec\r\n"));
  sbuf_free(&out);
  cJSON_Delete(items);
}

static void test_ics_cancelled(void **state) {
  (void)state;
  cJSON *items = cJSON_Parse(programme);
  cJSON *gone = cJSON_Parse(
      "[{\"id\":9,\"kind\":\"panel\",\"number\":null,\"title\":\"Panel suspendido\","
      "\"objective\":\"\",\"starts_at\":\"2024-11-26T15:00:00-05:00\","
      "\"ends_at\":\"2024-11-26T16:00:00-05:00\",\"room\":null,\"participants\":[],"
      "\"sequence\":2,\"updated_at\":\"2024-11-27T09:00:00-05:00\"}]");
  struct export_schedule s;
  assert_int_equal(export_build(&s, &demo, items, "https://x.ec"), ERR_OK);
  char version[sizeof s.version];
  memcpy(version, s.version, sizeof version);
  export_add_cancelled(&s, gone);
  assert_string_equal(s.version, version); /* the XML and JSON do not list it */
  struct sbuf out = {0};
  export_ics(&s, &out);
  export_free(&s);
  assert_ics_lines(out.data);
  char *u = unfold(out.data);
  assert_int_equal(count(u, "BEGIN:VEVENT\r\n"), 3);
  assert_int_equal(count(u, "STATUS:CANCELLED\r\n"), 1);
  const char *event = strstr(u, "UID:session-9@demo-2024.asamblea\r\n");
  assert_non_null(event);
  const char *end = strstr(event, "END:VEVENT");
  const char *want[] = {"SEQUENCE:2\r\n", "STATUS:CANCELLED\r\n", "DTSTART:20241126T200000Z\r\n",
                        "LAST-MODIFIED:20241127T140000Z\r\n"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const char *at = strstr(event, want[i]);
    if (!at || at > end) fail_msg("the cancelled event lacks %s", want[i]);
  }
  assert_int_equal(count(u, "DTSTAMP:20241127T140000Z\r\n"), 3); /* the deletion is the latest change */
  free(u);
  sbuf_free(&out);
  cJSON_Delete(gone);
  cJSON_Delete(items);
}

static void test_stable_ids(void **state) {
  (void)state;
  /* another title and time: the same UID and GUID */
  char *changed = strdup(programme);
  memcpy(strstr(changed, "gobiernos"), "municipio", 9);
  memcpy(strstr(changed, "T09:30"), "T10:00", 6);
  char *a = render(export_ics, programme), *b = render(export_ics, changed);
  assert_non_null(strstr(b, "UID:session-7@demo-2024.asamblea\r\n"));
  assert_string_not_equal(a, b);
  free(a);
  free(b);
  char *xa = render(export_xml, programme), *xb = render(export_xml, changed);
  char guid[37];
  assert_int_equal(sscanf(strstr(xa, "<event id=\"7\" guid=\"") + 20, "%36s", guid), 1);
  assert_non_null(strstr(xb, guid));
  assert_string_not_equal(strstr(xa, "<version>"), strstr(xb, "<version>")); /* the version follows the data */
  free(xa);
  free(xb);
  free(changed);

  char u1[37], u2[37];
  export_uuid("asamblea:demo-2024:session:7", u1);
  export_uuid("asamblea:demo-2024:session:7", u2);
  assert_string_equal(u1, u2);
  assert_int_equal(strlen(u1), 36);
  assert_true(u1[8] == '-' && u1[13] == '-' && u1[18] == '-' && u1[23] == '-');
  assert_int_equal(u1[14], '8');
  assert_non_null(strchr("89ab", u1[19]));
  export_uuid("asamblea:demo-2024:session:8", u2);
  assert_string_not_equal(u1, u2);
}

static void test_xml_escaping(void **state) {
  (void)state;
  struct sbuf b = {0};
  xml_text(&b, "a&b<c>d\"e'f\x01g\x1fh\ti\nj\xEF\xBF\xBEk\xEF\xBF\xBFl ñ");
  assert_string_equal(b.data, "a&amp;b&lt;c&gt;d&quot;e&apos;fgh\ti\njkl ñ");
  sbuf_free(&b);
  char *xml = render(export_xml, programme);
  assert_non_null(strstr(xml, "<title>Receso &amp; café &lt;libre&gt;</title>"));
  assert_non_null(strstr(xml, "<title>Asamblea de prueba; edición, única</title>"));
  assert_non_null(strstr(xml, "<room name=\"Por definir\""));
  assert_non_null(strstr(xml, "<subtitle>Diálogo 1</subtitle>"));
  assert_non_null(strstr(xml, "<person id=\"12\">Ana Ñacato</person>"));
  assert_non_null(strstr(xml, "<start>09:30</start>"));
  assert_non_null(strstr(xml, "<duration>02:00</duration>"));
  assert_non_null(strstr(xml, "<slug>demo_2024-7-cooperacion-gobiernos-locales</slug>"));
  assert_non_null(strstr(xml, "<day index=\"2\" date=\"2024-11-26\" start=\"2024-11-26T11:30:00-05:00\""));
  free(xml);
}

static void test_model(void **state) {
  (void)state;
  cJSON *items = cJSON_Parse(programme);
  struct export_schedule s;
  assert_int_equal(export_build(&s, &demo, items, "https://x.ec"), ERR_OK);
  assert_int_equal(s.n_sessions, 2);
  assert_int_equal(s.n_days, 2);
  assert_int_equal(s.sessions[1].day, 1);
  assert_int_equal(s.n_rooms, 2);
  assert_string_equal(s.rooms[1].name, EXPORT_NO_ROOM);
  assert_string_equal(s.voc_acronym, "demo_2024");
  assert_string_equal(s.timeslot, "00:30");
  assert_string_equal(s.sessions[1].slug, "demo_2024-8-receso-cafe-libre");
  export_free(&s);
  cJSON_Delete(items);
  /* no sessions: the edition's own days, each the whole local day */
  items = cJSON_CreateArray();
  assert_int_equal(export_build(&s, &demo, items, "https://x.ec"), ERR_OK);
  assert_int_equal(s.n_days, 2);
  assert_string_equal(s.days[0].start, "2024-11-25T00:00:00-05:00");
  assert_string_equal(s.days[1].end, "2024-11-26T23:59:59-05:00");
  export_free(&s);
  cJSON_Delete(items);
  char *ics = render(export_ics, "[]");
  assert_null(strstr(ics, "VEVENT"));
  assert_ics_lines(ics);
  free(ics);
}

static void test_deterministic(void **state) {
  (void)state;
  void (*fmts[])(const struct export_schedule *, struct sbuf *) = {export_ics, export_xml, export_json};
  for (size_t i = 0; i < 3; i++) {
    char *a = render(fmts[i], programme), *b = render(fmts[i], programme);
    assert_string_equal(a, b);
    free(a);
    free(b);
  }
  char *json = render(export_json, programme);
  cJSON *doc = cJSON_Parse(json);
  assert_non_null(doc);
  cJSON *conf = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "schedule"), "conference");
  assert_string_equal(cJSON_GetObjectItem(conf, "acronym")->valuestring, "demo_2024");
  cJSON *day1 = cJSON_GetArrayItem(cJSON_GetObjectItem(conf, "days"), 1);
  cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(day1, "rooms"), "Por definir"), 0);
  assert_non_null(ev);
  assert_string_equal(cJSON_GetObjectItem(ev, "title")->valuestring, "Receso & café <libre>");
  assert_true(cJSON_IsNull(cJSON_GetObjectItem(ev, "subtitle")));
  cJSON_Delete(doc);
  free(json);
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ics_text_escaping), cmocka_unit_test(test_ics_folding),
      cmocka_unit_test(test_ics_document),      cmocka_unit_test(test_ics_change_marks),
      cmocka_unit_test(test_ics_cancelled),     cmocka_unit_test(test_stable_ids),
      cmocka_unit_test(test_xml_escaping),      cmocka_unit_test(test_model),
      cmocka_unit_test(test_deterministic),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
