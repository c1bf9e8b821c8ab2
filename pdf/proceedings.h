/* proceedings.h — the memoria of an assembly as a PDF, built entirely from plain data: a cover,
 * the table of contents, one section per dialogue (objective, each speaker with their
 * contribution, the moderator last), the conclusions, the recommendations, the closing, the team
 * and the contact. Knows nothing of HTTP or SQL; every string is borrowed UTF-8, where
 * "**…**" marks bold and, in long texts, blank lines separate paragraphs and lines starting
 * "- " are bullets. NULL or "" means "absent" for every optional field. */
#ifndef ASAMBLEA_PDF_PROCEEDINGS_H
#define ASAMBLEA_PDF_PROCEEDINGS_H
#include <stddef.h>
#include <time.h>

struct proceedings_participant {
  const char *name;           /* "Francisco Grijalva" */
  const char *honorific;      /* "Dr."; optional */
  const char *role;           /* "speaker", "panelist" or "moderator" (moderators are printed last) */
  const char *position;       /* the post: "Alcalde de Nabón"; optional */
  const char *organization;   /* optional */
  const char *topic;          /* the talk's heading; optional */
  const char *contribution;   /* what they said; optional */
  const unsigned char *photo; /* JPEG or PNG bytes, NULL: no photo (unreadable bytes are skipped) */
  size_t photo_len;
  const char *photo_type; /* "image/jpeg" or "image/png" (informative: the bytes decide) */
};

struct proceedings_session {
  int number;        /* "Diálogo 2" has 2; 0: unnumbered */
  const char *label; /* optional; NULL: "Diálogo N" (nothing when number is 0) */
  const char *title;
  const char *objective; /* optional */
  const struct proceedings_participant *participants;
  size_t n_participants;
};

struct proceedings_item {
  int number; /* 1..n (0: not numbered) */
  const char *title;
  const char *body; /* optional */
};

struct proceedings_credit {
  const char *name;
  const char *role_title; /* "Presidente de AME" */
};

/* The memoria's fixed texts (its chrome) in one language; the content stays as written. */
struct proceedings_words {
  const char *cover_label;                    /* "MEMORIA", above the title on the cover */
  const char *header;                         /* "Memoria", the running header */
  const char *venue, *city, *dates;           /* the cover's labels: "SEDE", "CIUDAD", "FECHAS" */
  const char *speaker, *moderator, *panelist; /* a participant's role tag */
  const char *dialogue;                       /* "Diálogo", followed by the dialogue's number */
  const char *objective;                      /* "Objetivo del diálogo" */
  const char *presentation, *conclusions, *recommendations, *closing, *team, *contact; /* headings */
  const char *contents;        /* "Contenido", the table of contents */
  const char *page, *of;       /* the footer: "página N de M" */
  const char *title, *subject; /* the PDF's title and subject before the edition's name */
  const char *organizer;       /* "Asociación de Municipalidades Ecuatorianas (AME)" */
  const char *language;        /* the PDF's /Lang: "es-EC" */
};

struct proceedings {
  const char *edition_title; /* full official name of the assembly */
  const char *short_title;   /* "Latacunga 2024" */
  const char *city, *venue;
  const char *dates_text;   /* "25 y 26 de noviembre de 2024" */
  const char *organizer;    /* NULL: "Asociación de Municipalidades Ecuatorianas (AME)" */
  const char *introduction; /* optional "Presentación" text before the dialogues */
  const struct proceedings_session *sessions;
  size_t n_sessions;
  const struct proceedings_item *conclusions;
  size_t n_conclusions;
  const struct proceedings_item *recommendations;
  size_t n_recommendations;
  struct proceedings_item closing; /* title NULL: no closing */
  const char *credits_heading;     /* "Dirección de Cooperación Internacional" */
  const struct proceedings_credit *credits;
  size_t n_credits;
  const char *contact_email;
  time_t published;                      /* the publish instant (UTC), written as the PDF's dates: same data and
                       instant give the same bytes */
  const struct proceedings_words *words; /* NULL: Spanish */
};

/* Renders the memoria: *pdf is a new buffer (free()), 0 on success, -1 on failure. */
int proceedings_render(const struct proceedings *p, unsigned char **pdf, size_t *len);
#endif
