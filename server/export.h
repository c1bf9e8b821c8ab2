/* export.h — the public schedule exports: iCalendar (RFC 5545), the Frab schedule.xml and the
 * c3voc schedule.json. An edition's programme JSON (db_sessions_list) is turned once into a small
 * model, and three pure formatters turn the model into bytes. Nothing here knows SQL or HTTP; the
 * same input always gives the same bytes (no clock is read). */
#ifndef ASAMBLEA_EXPORT_H
#define ASAMBLEA_EXPORT_H
#include <cjson/cJSON.h>
#include <stddef.h>
#include <time.h>

#include "db_editions.h"
#include "errors.h"
#include "util.h"

/* The room of the sessions that have none: the XML and JSON formats group events by room. */
#define EXPORT_NO_ROOM "Por definir"

struct export_person {
  long long id;
  const char *name, *honorific, *role, *position, *organization; /* borrowed from the JSON */
};

struct export_session {
  long long id;
  long long number;                     /* 0: not numbered */
  const char *kind, *title, *objective; /* borrowed from the JSON */
  const char *starts_at, *ends_at;      /* ISO 8601 with the edition's offset, borrowed */
  time_t start, end;                    /* UTC */
  long long sequence;                   /* revision: RFC 5545 SEQUENCE */
  time_t modified;                      /* UTC, when what the event shows last changed (LAST-MODIFIED) */
  bool cancelled;                       /* deleted: published as STATUS:CANCELLED (ICS only) */
  char date[11];                        /* local date, YYYY-MM-DD */
  char start_hm[6];                     /* local start, HH:MM */
  char duration[6];                     /* HH:MM (at most 99:59) */
  const char *room;                     /* room name, EXPORT_NO_ROOM when it has none */
  size_t day;                           /* index into the schedule's days */
  char guid[37];                        /* stable UUID from the edition slug and session id */
  char slug[160];                       /* "<acronym>-<id>-<title words>": both schemas' slug patterns */
  struct export_person *people;
  size_t n_people;
};

struct export_day {
  char date[11];           /* YYYY-MM-DD */
  char start[26], end[26]; /* first start and last end (the whole local day when empty) */
};

struct export_room {
  const char *name; /* borrowed (or EXPORT_NO_ROOM) */
  char guid[37];
};

struct export_schedule {
  const struct edition *ed;        /* borrowed */
  const char *base_url;            /* site address without trailing slash, borrowed */
  char acronym[72];                /* the slug, at least 4 characters (Frab) */
  char voc_acronym[72];            /* the same with '_' for '-' (c3voc's acronym pattern) */
  char version[17];                /* hash of the data: changes whenever the programme does */
  char timeslot[6];                /* HH:MM, the grid every start and duration fits */
  time_t stamp;                    /* DTSTAMP: the latest session change (the edition's first day,
                                       00:00 UTC, without sessions): when this version came to be */
  struct export_session *sessions; /* time order */
  size_t n_sessions;
  struct export_session *cancelled; /* deleted sessions (export_add_cancelled), time order */
  size_t n_cancelled;
  struct export_day *days; /* the edition's dates plus any other date with a session */
  size_t n_days;
  struct export_room *rooms; /* in order of first use */
  size_t n_rooms;
};

/* Builds the model from an edition and the items of db_sessions_list (both must outlive it).
 * Sessions without valid instants are left out. ERR_INTERNAL only when sessions is not an array. */
enum err export_build(struct export_schedule *s, const struct edition *ed, const cJSON *sessions, const char *base_url);
void export_free(struct export_schedule *s);
/* Adds the deleted sessions (items of db_sessions_cancelled, which must outlive s) for the ICS;
 * their deletion counts as a change for DTSTAMP. The version and the other formats ignore them. */
void export_add_cancelled(struct export_schedule *s, const cJSON *cancelled);

/* Spanish words: "Diálogo", "Ponente"...; the code itself when unknown. */
const char *export_kind_label(const char *kind);
const char *export_role_label(const char *role);
/* "Diálogo 1" for a numbered session, "" otherwise (out: at least 64 bytes). */
void export_session_label(const struct export_session *ss, char *out, size_t size);
/* One line per participant, "Nombre — cargo, organización (Ponente)", separated by '\n'. */
void export_participants_text(const struct export_session *ss, struct sbuf *out);
/* The public page of the session: "<base>/e/<slug>#sesion-<id>". */
void export_session_url(const struct export_schedule *s, const struct export_session *ss, struct sbuf *out);
/* A name-based UUID (SHA-256, RFC 9562 version 8) of text, lower-case hex with hyphens. */
void export_uuid(const char *text, char out[37]);

/* The formatters: append the whole document to out. */
void export_ics(const struct export_schedule *s, struct sbuf *out);
void export_xml(const struct export_schedule *s, struct sbuf *out);
void export_json(const struct export_schedule *s, struct sbuf *out);

/* Escaping, exposed for the tests. ics_text: RFC 5545 TEXT (\\ \; \, \n; CR and other controls
 * dropped). ics_line: one content line folded at 75 octets, never inside a UTF-8 sequence, + CRLF.
 * xml_text: & < > " ' escaped; characters XML 1.0 forbids dropped. */
void ics_text(struct sbuf *out, const char *s);
void ics_line(struct sbuf *out, const char *line, size_t len);
void xml_text(struct sbuf *out, const char *s);
#endif
