/* messages.c — wording of the attendee e-mails (the one catalogue of their texts). */
#include "messages.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "util.h"

static const char *const months[] = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                                     "agosto", "septiembre", "octubre", "noviembre", "diciembre"};

void format_date_range_es(const char *starts_on, const char *ends_on, char *out, unsigned size) {
  int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
  if (sscanf(starts_on, "%d-%d-%d", &y1, &m1, &d1) != 3 || m1 < 1 || m1 > 12) {
    snprintf(out, size, "%s", starts_on);
    return;
  }
  if (sscanf(ends_on, "%d-%d-%d", &y2, &m2, &d2) != 3 || m2 < 1 || m2 > 12 || (y1 == y2 && m1 == m2 && d1 == d2))
    snprintf(out, size, "%d de %s de %d", d1, months[m1 - 1], y1);
  else if (y1 == y2 && m1 == m2)
    snprintf(out, size, "%d–%d de %s de %d", d1, d2, months[m1 - 1], y1);
  else if (y1 == y2)
    snprintf(out, size, "%d de %s al %d de %s de %d", d1, months[m1 - 1], d2, months[m2 - 1], y1);
  else
    snprintf(out, size, "%d de %s de %d al %d de %s de %d", d1, months[m1 - 1], y1, d2, months[m2 - 1], y2);
}

static const struct {
  const char *kind;
  const char *subject; /* %s: short title, %s: code */
  const char *lead;    /* first paragraph; %s: full title */
} texts[] = {
    [MSG_CONFIRMED] = {"registration.confirmed", "Inscripción confirmada: %s (código %s)",
                       "Su inscripción en la %s está confirmada."},
    [MSG_WAITLISTED] = {"registration.waitlisted", "Inscripción en lista de espera: %s (código %s)",
                        "Los cupos de la %s están completos por ahora: su inscripción quedó en lista de espera."},
    [MSG_PROMOTED] = {"registration.promoted", "Se liberó un cupo: inscripción confirmada en %s (código %s)",
                      "Se liberó un cupo y su inscripción en la %s ahora está confirmada."},
    [MSG_CANCELLED] = {"registration.cancelled", "Inscripción cancelada: %s (código %s)",
                       "Su inscripción en la %s fue cancelada."},
    [MSG_NEW_LINK] = {"registration.link", "Su enlace para gestionar la inscripción: %s (código %s)",
                      "Este es su nuevo enlace personal para la %s; el anterior ya no funciona."},
    [MSG_CONFIRM_EMAIL] = {"registration.confirm_email", "Confirme su correo para inscribirse: %s", NULL},
};

const char *message_kind_name(enum message_kind kind) { return texts[kind].kind; }

/* The closing lines of every message: the organizing unit and the contact address. */
static void signature(struct sbuf *b, const struct edition *e) {
  sbuf_printf(b, "%s\nAsociación de Municipalidades Ecuatorianas (AME)\n", e->organizer_unit[0] ? e->organizer_unit : "Organización");
  if (e->contact_email[0]) sbuf_printf(b, "%s\n", e->contact_email);
}

/* The request to confirm an address: fixed text, the edition and the one-time link only. */
static void compose_confirm_request(const struct message_input *in, const char *dates, struct sbuf *b) {
  const struct edition *e = in->edition;
  sbuf_printf(b, "Hola:\n\nSe pidió inscribir esta dirección de correo en la %s (%s%s%s, %s).\n\n", e->title, e->venue,
              e->venue[0] ? ", " : "", e->city, dates);
  sbuf_printf(b,
              "Para confirmar la inscripción, abra este enlace dentro de las próximas %d horas:\n"
              "%s/e/%s/confirmar?t=%s\n\n",
              CONFIRM_EMAIL_HOURS, config_public_url(), e->slug, in->confirm_token);
  sbuf_printf(b,
              "Si usted no lo pidió, ignore este mensaje: sin su confirmación no se inscribe a nadie y los "
              "datos se borran en %d horas.\n\n",
              CONFIRM_EMAIL_HOURS);
  signature(b, e);
}

void message_compose(const struct message_input *in, char **subject, char **body) {
  const struct edition *e = in->edition;
  const char *short_title = e->short_title[0] ? e->short_title : e->title;
  char dates[96];
  format_date_range_es(e->starts_on, e->ends_on, dates, sizeof dates);
  struct sbuf b = {0};
  if (in->kind == MSG_CONFIRM_EMAIL) {
    *subject = xasprintf(texts[in->kind].subject, short_title);
    compose_confirm_request(in, dates, &b);
    *body = sbuf_steal(&b);
    return;
  }
  *subject = xasprintf(texts[in->kind].subject, short_title, in->code);
  sbuf_printf(&b, "Estimado/a %s:\n\n", in->full_name);
  sbuf_printf(&b, texts[in->kind].lead, e->title);
  sbuf_puts(&b, "\n\n");
  if (in->kind == MSG_WAITLISTED)
    sbuf_printf(&b, "Su lugar en la lista de espera: %lld. Si se libera un cupo, le avisaremos por este medio.\n\n",
                in->waitlist_position);
  sbuf_printf(&b, "Código de inscripción: %s\n", in->code);
  sbuf_printf(&b, "Lugar y fechas: %s%s%s, %s\n\n", e->venue, e->venue[0] ? ", " : "", e->city, dates);
  if (in->manage_token && in->kind != MSG_CANCELLED)
    sbuf_printf(&b,
                "Para revisar o corregir sus datos, o cancelar la inscripción, use su enlace "
                "personal (no lo comparta):\n%s/r/%s?t=%s\n\n",
                config_public_url(), in->code, in->manage_token);
  else if (in->manage_token)
    sbuf_printf(&b, "Si fue un error, escríbanos; su enlace personal sigue siendo:\n%s/r/%s?t=%s\n\n",
                config_public_url(), in->code, in->manage_token);
  signature(&b, e);
  *body = sbuf_steal(&b);
}
