/* mail_messages.c — the attendee e-mails put together from the catalogue's "mail." texts (i18n/), in the
 * language of the registration they are about. */
#include "mail_messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "mail_template.h"
#include "util.h"

void format_date_range_es(const char *starts_on, const char *ends_on, char *out, unsigned size) {
  i18n_date_range(LANG_ES, starts_on, ends_on, out, size);
}

/* Kind names of the outbox, and the catalogue keys of each kind's subject and first paragraph
 * ("mail.<kind>.subject" with {a}: short title, {b}: code; "mail.<kind>.lead" with {a}: full title). */
static const struct {
  const char *kind;
  const char *texts; /* prefix of its keys in i18n/; NULL: the organizer writes subject and body */
} kinds[] = {
    [MSG_CONFIRMED] = {"registration.confirmed", "mail.confirmed"},
    [MSG_WAITLISTED] = {"registration.waitlisted", "mail.waitlisted"},
    [MSG_PROMOTED] = {"registration.promoted", "mail.promoted"},
    [MSG_CANCELLED] = {"registration.cancelled", "mail.cancelled"},
    [MSG_NEW_LINK] = {"registration.link", "mail.new_link"},
    [MSG_CONFIRM_EMAIL] = {"registration.confirm_email", "mail.confirm_email"},
    [MSG_ORGANIZER] = {"edition.message", NULL},
    [MSG_PASSWORD_RESET] = {"account.password_reset", "mail.password_reset"},
};

const char *message_kind_name(enum message_kind kind) { return kinds[kind].kind; }

/* Appends the catalogue text of key in l, {a} and {b} filled in. */
static void put(struct sbuf *out, enum lang l, const char *key, const char *a, const char *b) {
  char text[1024];
  i18n_format(l, key, a, b, text, sizeof text);
  sbuf_puts(out, text);
}

/* The text of "<kind's prefix>.<part>" in l, {a} and {b} filled in, as a new string. */
static char *kind_text(const struct message_input *in, const char *part, const char *a, const char *b) {
  char key[64];
  snprintf(key, sizeof key, "%s.%s", kinds[in->kind].texts, part);
  struct sbuf out = {0};
  put(&out, in->lang, key, a, b);
  return sbuf_steal(&out);
}

/* The closing lines of every message: the organizing unit and the contact address. */
static void signature(struct sbuf *b, const struct edition *e, enum lang l) {
  if (e->organizer_unit[0]) sbuf_puts(b, e->organizer_unit);
  else put(b, l, "mail.organizers", NULL, NULL);
  sbuf_putc(b, '\n');
  put(b, l, "mail.association", NULL, NULL);
  sbuf_putc(b, '\n');
  if (e->contact_email[0]) sbuf_printf(b, "%s\n", e->contact_email);
}

/* "Aeropuerto Internacional Cotopaxi, Latacunga, 25–26 de noviembre de 2024": where and when. */
static void place_and_dates(const struct edition *e, const char *dates, char *out, size_t size) {
  snprintf(out, size, "%s%s%s, %s", e->venue, e->venue[0] ? ", " : "", e->city, dates);
}

/* The request to confirm an address: fixed text, the edition and the one-time link only. */
static void compose_confirm_request(const struct message_input *in, const char *dates, struct sbuf *b) {
  const struct edition *e = in->edition;
  char where[600], hours[16];
  place_and_dates(e, dates, where, sizeof where);
  snprintf(hours, sizeof hours, "%d", CONFIRM_EMAIL_HOURS);
  put(b, in->lang, "mail.confirm_email.hello", NULL, NULL);
  sbuf_puts(b, "\n\n");
  put(b, in->lang, "mail.confirm_email.asked", e->title, where);
  sbuf_puts(b, "\n\n");
  put(b, in->lang, "mail.confirm_email.open", hours, NULL);
  sbuf_printf(b, "\n%s/e/%s/confirmar?t=%s\n\n", config_public_url(), e->slug, in->confirm_token);
  put(b, in->lang, "mail.confirm_email.ignore", hours, NULL);
  sbuf_puts(b, "\n\n");
  signature(b, e, in->lang);
}

/* An organizer's message for one recipient: the placeholders expanded, then the signature. */
static void compose_organizer(const struct message_input *in, char **subject, char **body) {
  char *link = in->manage_token ? xasprintf("%s/r/%s?t=%s", config_public_url(), in->code, in->manage_token) : NULL;
  struct template_values values = {.nombre = in->full_name, .codigo = in->code, .enlace = link};
  *subject = template_expand(in->template_subject, &values);
  char *text = template_expand(in->template_body, &values);
  struct sbuf b = {0};
  sbuf_puts(&b, text);
  size_t len = strlen(text);
  sbuf_puts(&b, len && text[len - 1] == '\n' ? "\n" : "\n\n"); /* one blank line before the signature */
  signature(&b, in->edition, in->lang);
  *body = sbuf_steal(&b);
  free(text);
  free(link);
}

/* The link to choose a new password: the account's name, the link and what to do if it was not asked for. */
static void compose_password_reset(const struct message_input *in, struct sbuf *b) {
  char minutes[16];
  snprintf(minutes, sizeof minutes, "%d", PASSWORD_RESET_MINUTES);
  put(b, in->lang, "mail.password_reset.hello", in->full_name, NULL);
  sbuf_puts(b, "\n\n");
  put(b, in->lang, "mail.password_reset.asked", NULL, NULL);
  sbuf_puts(b, "\n\n");
  put(b, in->lang, "mail.password_reset.open", minutes, NULL);
  sbuf_printf(b, "\n%s/restablecer?t=%s\n\n", config_public_url(), in->reset_token);
  put(b, in->lang, "mail.password_reset.sessions", NULL, NULL);
  sbuf_puts(b, "\n\n");
  put(b, in->lang, "mail.password_reset.ignore", NULL, NULL);
  sbuf_puts(b, "\n\n");
  put(b, in->lang, "mail.association", NULL, NULL);
  sbuf_putc(b, '\n');
}

void message_compose(const struct message_input *in, char **subject, char **body) {
  if (in->kind == MSG_ORGANIZER) {
    compose_organizer(in, subject, body);
    return;
  }
  struct sbuf b = {0};
  if (in->kind == MSG_PASSWORD_RESET) {
    *subject = kind_text(in, "subject", NULL, NULL);
    compose_password_reset(in, &b);
    *body = sbuf_steal(&b);
    return;
  }
  const struct edition *e = in->edition;
  const char *short_title = e->short_title[0] ? e->short_title : e->title;
  char dates[96], where[600], number[24];
  i18n_date_range(in->lang, e->starts_on, e->ends_on, dates, sizeof dates);
  if (in->kind == MSG_CONFIRM_EMAIL) {
    *subject = kind_text(in, "subject", short_title, NULL);
    compose_confirm_request(in, dates, &b);
    *body = sbuf_steal(&b);
    return;
  }
  *subject = kind_text(in, "subject", short_title, in->code);
  put(&b, in->lang, "mail.dear", in->full_name, NULL);
  sbuf_puts(&b, "\n\n");
  char *lead = kind_text(in, "lead", e->title, NULL);
  sbuf_puts(&b, lead);
  free(lead);
  sbuf_puts(&b, "\n\n");
  if (in->kind == MSG_WAITLISTED) {
    snprintf(number, sizeof number, "%lld", in->waitlist_position);
    put(&b, in->lang, "mail.waitlist_place", number, NULL);
    sbuf_puts(&b, "\n\n");
  }
  put(&b, in->lang, "mail.code", in->code, NULL);
  sbuf_putc(&b, '\n');
  place_and_dates(e, dates, where, sizeof where);
  put(&b, in->lang, "mail.where_when", where, NULL);
  sbuf_puts(&b, "\n\n");
  if (in->manage_token) {
    put(&b, in->lang, in->kind != MSG_CANCELLED ? "mail.manage_link" : "mail.link_still", NULL, NULL);
    sbuf_printf(&b, "\n%s/r/%s?t=%s\n\n", config_public_url(), in->code, in->manage_token);
  }
  signature(&b, e, in->lang);
  *body = sbuf_steal(&b);
}
