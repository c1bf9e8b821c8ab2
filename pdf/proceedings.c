/* proceedings.c — the memoria, laid out as AME would print it: a deep-blue cover with the short
 * title large, the full name of the assembly, venue, city and dates; the contents; one section
 * per dialogue opening on a new page ("Diálogo N" above its title, the objective set apart in a
 * tinted box, then every speaker — tag, name with honorific in bold, post and organization in a
 * smaller line, topic, photo — followed by their contribution; the moderator last); then the
 * conclusions and recommendations as numbered headings with their bodies, the closing, and the
 * team page with the contact. Everything comes from struct proceedings: no text is invented
 * except the section names and labels.
 *
 * The memoria is kept for years and read aloud: it is saved as PDF/A-2u and tagged (headings,
 * paragraphs, lists, photos with their alternative text, in reading order; the cover's shapes
 * and the running header and footer as artifacts), in Spanish (es-EC). */
#include "pdf/proceedings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/layout.h"
#include "pdf/pdf.h"

/* The chrome in Spanish, when the caller gives no other words. */
static const struct proceedings_words spanish = {.cover_label = "MEMORIA",
                                                 .header = "Memoria",
                                                 .venue = "SEDE",
                                                 .city = "CIUDAD",
                                                 .dates = "FECHAS",
                                                 .speaker = "Ponente",
                                                 .moderator = "Moderador/a",
                                                 .panelist = "Panelista",
                                                 .dialogue = "Diálogo",
                                                 .objective = "Objetivo del diálogo",
                                                 .presentation = "Presentación",
                                                 .conclusions = "Conclusiones",
                                                 .recommendations = "Recomendaciones",
                                                 .closing = "Cierre",
                                                 .team = "Equipo",
                                                 .contact = "Contacto",
                                                 .contents = "Contenido",
                                                 .page = "página",
                                                 .of = "de",
                                                 .title = "Memoria — ",
                                                 .subject = "Memoria de la ",
                                                 .organizer = "Asociación de Municipalidades Ecuatorianas (AME)",
                                                 .language = "es-EC"};

static const struct proceedings_words *words_of(const struct proceedings *p) { return p->words ? p->words : &spanish; }

static bool has(const char *s) { return s && *s; }

static char *join(const char *a, const char *sep, const char *b) {
  size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
  char *out = malloc(n);
  if (!out) abort();
  snprintf(out, n, "%s%s%s", a, sep, b);
  return out;
}

/* ---- cover ------------------------------------------------------------------------------ */

/* Draws wrapped lines from the top baseline y downwards; returns the baseline after the last. */
static float lines_down(struct pdf_doc *doc, struct pdf_page *pg, enum pdf_font f, float size, float leading,
                        struct pdf_rgb c, float x, float y, float width, const char *text) {
  char **lines;
  size_t n = pdf_wrap(doc, f, size, text, width, &lines);
  for (size_t i = 0; i < n; i++) pdf_text(pg, f, size, c, x, y - (float)i * leading, lines[i]);
  pdf_lines_free(lines, n);
  return y - (float)n * leading;
}

/* What is drawn next on the cover is a new element of that type (tagged document). */
static void mark_new(struct pdf_page *pg, struct pdf_doc *doc, const char *type) {
  pdf_mark(pg, pdf_elem(doc, PDF_DOCUMENT, type));
}

static void cover(struct pdf_doc *doc, const struct proceedings *p, const char *organizer) {
  const float W = PDF_A4_W, H = PDF_A4_H, ml = PDF_MM(22);
  struct pdf_page *pg = pdf_add_page(doc, W, H);
  struct pdf_rgb blue = pdf_hex(LAYOUT_PRIMARY), gold = pdf_hex(LAYOUT_ACCENT), white = pdf_hex(0xffffff);
  struct pdf_rgb soft = pdf_hex(0xb9c6da), deep = pdf_hex(0x08203f), mid = pdf_hex(0x143d70);
  pdf_mark(pg, PDF_ARTIFACT);
  pdf_fill_rect(pg, blue, 0, 0, W, H);
  /* facets at the foot of the page: a quiet geometric motif in the house blues */
  const float f1[] = {0, 0, W, 0, W, 300, 0, 120};
  const float f2[] = {W * 0.42f, 0, W, 0, W, 230};
  const float f3[] = {0, 0, W * 0.55f, 0, 0, 95};
  pdf_fill_polygon(pg, mid, f1, 4);
  pdf_fill_polygon(pg, deep, f2, 3);
  pdf_fill_polygon(pg, deep, f3, 3);
  pdf_fill_rect(pg, gold, 0, H - 10, W, 10);

  /* the organizer, top left */
  pdf_fill_rect(pg, gold, ml, H - 62, 28, 3);
  mark_new(pg, doc, "P");
  lines_down(doc, pg, PDF_BOLD, 10, 13.5f, white, ml, H - 80, 260, organizer);

  /* the title block */
  float y = H - 300;
  const struct proceedings_words *w = words_of(p);
  mark_new(pg, doc, "H1");
  pdf_text(pg, PDF_BOLD, 12, gold, ml, y, w->cover_label);
  y -= 52;
  const char *big = has(p->short_title) ? p->short_title : p->city;
  if (has(big)) y = lines_down(doc, pg, PDF_BOLD, 44, 50, white, ml, y, W - 2 * ml, big) + 18;
  if (has(p->edition_title)) {
    mark_new(pg, doc, "P");
    y = lines_down(doc, pg, PDF_REGULAR, 17, 23, white, ml, y, W - 2 * ml - 40, p->edition_title);
  }
  y -= 14;
  pdf_mark(pg, PDF_ARTIFACT);
  pdf_fill_rect(pg, gold, ml, y, 56, 3);
  y -= 36;

  /* where and when */
  const char *labels[3] = {w->venue, w->city, w->dates};
  const char *values[3] = {p->venue, p->city, p->dates_text};
  for (int i = 0; i < 3; i++) {
    if (!has(values[i])) continue;
    mark_new(pg, doc, "P");
    pdf_text(pg, PDF_BOLD, 8, gold, ml, y, labels[i]);
    y = lines_down(doc, pg, PDF_REGULAR, 13, 17, white, ml, y - 16, W - 2 * ml, values[i]) - 10;
  }

  /* foot: the organizing unit */
  if (has(p->credits_heading)) {
    mark_new(pg, doc, "P");
    pdf_text(pg, PDF_REGULAR, 9, soft, ml, 48, p->credits_heading);
  }
  pdf_mark_end(pg);
}

/* ---- body ------------------------------------------------------------------------------- */

static const char *role_label(const struct proceedings_words *w, const char *role) {
  if (!has(role)) return NULL;
  if (!strcmp(role, "moderator")) return w->moderator;
  if (!strcmp(role, "panelist")) return w->panelist;
  return w->speaker;
}

static bool is_moderator(const struct proceedings_participant *pp) {
  return pp->role && !strcmp(pp->role, "moderator");
}

static void participant(struct story *s, const struct proceedings_words *w, const struct proceedings_participant *pp) {
  if (!has(pp->name)) return;
  char *name = has(pp->honorific) ? join(pp->honorific, " ", pp->name) : join(pp->name, "", "");
  char *detail = NULL;
  if (has(pp->position) && has(pp->organization)) detail = join(pp->position, "\n", pp->organization);
  else if (has(pp->position)) detail = join(pp->position, "", "");
  else if (has(pp->organization)) detail = join(pp->organization, "", "");
  struct story_person person = {.tag = role_label(w, pp->role),
                                .name = name,
                                .detail = detail,
                                .topic = has(pp->topic) ? pp->topic : NULL,
                                .photo = pp->photo,
                                .photo_len = pp->photo ? pp->photo_len : 0,
                                .bookmark = true};
  story_person(s, &person);
  if (has(pp->contribution)) story_text(s, pp->contribution);
  free(name);
  free(detail);
}

static void session(struct story *s, const struct proceedings_words *w, const struct proceedings_session *ss) {
  char label[96] = "";
  if (has(ss->label)) snprintf(label, sizeof label, "%s", ss->label);
  else if (ss->number > 0) snprintf(label, sizeof label, "%s %d", w->dialogue, ss->number);
  story_page_break(s);
  story_heading(s, 1, label, has(ss->title) ? ss->title : label);
  if (has(ss->objective)) story_callout(s, w->objective, ss->objective);
  for (size_t i = 0; i < ss->n_participants; i++)
    if (!is_moderator(&ss->participants[i])) participant(s, w, &ss->participants[i]);
  for (size_t i = 0; i < ss->n_participants; i++)
    if (is_moderator(&ss->participants[i])) participant(s, w, &ss->participants[i]);
}

static void items(struct story *s, const char *heading, const struct proceedings_item *list, size_t n) {
  if (!n) return;
  story_page_break(s);
  story_heading(s, 1, NULL, heading);
  for (size_t i = 0; i < n; i++) {
    char num[16] = "";
    if (list[i].number > 0) snprintf(num, sizeof num, "%d.", list[i].number);
    story_heading(s, 2, num, has(list[i].title) ? list[i].title : num);
    if (has(list[i].body)) story_text(s, list[i].body);
  }
}

static void team(struct story *s, const struct proceedings *p) {
  if (!p->n_credits && !has(p->contact_email)) return;
  story_page_break(s);
  const struct proceedings_words *w = words_of(p);
  story_heading(s, 1, w->team, has(p->credits_heading) ? p->credits_heading : w->team);
  for (size_t i = 0; i < p->n_credits; i++) {
    if (!has(p->credits[i].name)) continue;
    struct story_person person = {.name = p->credits[i].name, .detail = p->credits[i].role_title};
    story_person(s, &person);
  }
  if (has(p->contact_email)) {
    story_space(s, 18);
    story_heading(s, 2, NULL, w->contact);
    struct story_style st = story_body_style();
    st.font = PDF_BOLD;
    st.color = pdf_hex(LAYOUT_PRIMARY);
    st.align = LAYOUT_LEFT;
    story_styled(s, &st, p->contact_email);
  }
}

int proceedings_render(const struct proceedings *p, unsigned char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  if (!p) return -1;
  struct pdf_doc *doc = pdf_new();
  if (!doc) return -1;
  const struct proceedings_words *w = words_of(p);
  const char *organizer = has(p->organizer) ? p->organizer : w->organizer;
  const char *name = has(p->edition_title) ? p->edition_title : has(p->short_title) ? p->short_title : "Asamblea";
  char *title = join(w->title, "", name);
  char *subject = join(w->subject, "", name);
  pdf_set_info(doc, title, organizer, subject, p->published);
  pdf_set_language(doc, w->language);
  pdf_set_tagged(doc);
  pdf_set_archival(doc);
  free(title);
  free(subject);

  cover(doc, p, organizer);

  struct story_options opt = {.header_left = has(p->short_title) ? p->short_title : name,
                              .header_right = w->header,
                              .footer_left = organizer,
                              .toc_title = w->contents,
                              .toc_depth = 2,
                              .page_word = w->page,
                              .of_word = w->of};
  struct story *s = story_new(doc, &opt);
  if (has(p->introduction)) {
    story_page_break(s);
    story_heading(s, 1, NULL, w->presentation);
    story_text(s, p->introduction);
  }
  for (size_t i = 0; i < p->n_sessions; i++) session(s, w, &p->sessions[i]);
  items(s, w->conclusions, p->conclusions, p->n_conclusions);
  items(s, w->recommendations, p->recommendations, p->n_recommendations);
  if (has(p->closing.title)) {
    story_heading(s, 1, w->closing, p->closing.title);
    if (has(p->closing.body)) story_text(s, p->closing.body);
  }
  team(s, p);
  int rc = story_finish(s);
  story_free(s);
  if (rc == 0) rc = pdf_save(doc, out, len);
  pdf_free(doc);
  return rc;
}
