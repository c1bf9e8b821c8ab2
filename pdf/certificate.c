/* certificate.c — "Certificado de participación", A4 landscape: a double frame (deep blue, then
 * a fine gold line) with gold corner brackets; the issuer and the title centred at the top; the
 * attendee's name large over a gold rule, their organization below; one centred sentence naming
 * the assembly (in bold), the city and the dates; signature lines with names and roles along the
 * foot; the QR code of the verification page at the bottom right, the address printed small under
 * it. Long names shrink to fit; long assembly names wrap. The document is tagged (docs/pdf.md):
 * each certificate a section read top to bottom, signatures before the check, the QR code a
 * figure with alternative text, frame and rules artifacts. */
#include "pdf/certificate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/layout.h"
#include "pdf/pdf.h"

#define W PDF_A4_H /* landscape */
#define H PDF_A4_W
#define AME_NAME "Asociación de Municipalidades Ecuatorianas"
#define QR_MODULE 2.0f /* points: decodes reliably at 150 dpi (LIBNOTES §2) */

static bool has(const char *s) { return s && *s; }

/* Upper-case of Latin-1 letters ("ASOCIACIÓN"); a new string. */
static char *upper_latin(const char *text) {
  size_t n = strlen(text);
  char *out = malloc(n + 1);
  if (!out) abort();
  const unsigned char *p = (const unsigned char *)text;
  unsigned char *o = (unsigned char *)out;
  while (*p) {
    if (*p >= 'a' && *p <= 'z') {
      *o++ = (unsigned char)(*p++ - 0x20);
    } else if (p[0] == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7) { /* à..þ except ÷ */
      *o++ = 0xC3;
      *o++ = (unsigned char)(p[1] - 0x20);
      p += 2;
    } else {
      *o++ = *p++;
    }
  }
  *o = 0;
  return out;
}

/* What is drawn next is a new element of that type under parent (tagged document). */
static void mark_new(struct pdf_doc *doc, struct pdf_page *pg, size_t parent, const char *type) {
  pdf_mark(pg, pdf_elem(doc, parent, type));
}

static void frame(struct pdf_page *pg) {
  pdf_mark(pg, PDF_ARTIFACT);
  struct pdf_rgb blue = pdf_hex(LAYOUT_PRIMARY), gold = pdf_hex(LAYOUT_ACCENT);
  pdf_stroke_rect(pg, blue, 3, 18, 18, W - 36, H - 36);
  pdf_stroke_rect(pg, gold, 0.8f, 26, 26, W - 52, H - 52);
  /* corner brackets inside the gold line */
  const float in = 32, len = 34, t = 3;
  float xs[2] = {in, W - in}, ys[2] = {in, H - in};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      float x = xs[i], y = ys[j];
      float dx = i ? -1 : 1, dy = j ? -1 : 1;
      pdf_fill_rect(pg, gold, dx > 0 ? x : x - len, dy > 0 ? y : y - t, len, t);
      pdf_fill_rect(pg, gold, dx > 0 ? x : x - t, dy > 0 ? y : y - len, t, len);
    }
}

/* The largest size up to max at which text fits in width (down to min). */
static float fit_size(struct pdf_doc *doc, enum pdf_font f, const char *text, float max, float min, float width) {
  float size = max;
  while (size > min && pdf_text_width(doc, f, size, text) > width) size -= 0.5f;
  return size;
}

static void signatures(struct pdf_doc *doc, struct pdf_page *pg, size_t parent, const struct certificate *c,
                       float right_limit) {
  size_t n = c->n_signers > 3 ? 3 : c->n_signers;
  if (!n) return;
  struct pdf_rgb blue = pdf_hex(LAYOUT_PRIMARY), muted = pdf_hex(LAYOUT_MUTED), line = pdf_hex(0x8795a8);
  const float left = 70, y = 112, lw = 180;
  float span = right_limit - left;
  for (size_t i = 0; i < n; i++) {
    /* one or two signers sit symmetric about the page's centre; three share the width left of
     * the QR code */
    float cx = n == 1 ? W / 2 : n == 2 ? W / 2 + (i ? 150.0f : -150.0f) : left + span * ((float)i + 0.5f) / (float)n;
    const struct certificate_signer *s = &c->signers[i];
    pdf_mark(pg, PDF_ARTIFACT);
    pdf_line(pg, line, 0.7f, cx - lw / 2, y, cx + lw / 2, y);
    mark_new(doc, pg, parent, "P");
    if (has(s->name)) {
      float size = fit_size(doc, PDF_BOLD, s->name, 11, 8, lw + 20);
      pdf_text_centered(pg, PDF_BOLD, size, blue, cx, y - 15, s->name);
    }
    if (has(s->role_title)) {
      char **lines;
      size_t k = pdf_wrap(doc, PDF_REGULAR, 8.5f, s->role_title, lw + 20, &lines);
      for (size_t j = 0; j < k && j < 2; j++)
        pdf_text_centered(pg, PDF_REGULAR, 8.5f, muted, cx, y - 28 - 11 * (float)j, lines[j]);
      pdf_lines_free(lines, k);
    }
  }
}

/* The QR code at the bottom right with the code above it and the address under it; returns the
 * left edge of what it occupies (so the signatures stay clear of it). */
static float verification(struct pdf_doc *doc, struct pdf_page *pg, size_t parent, const struct certificate *c) {
  if (!has(c->verify_url)) return W - 60;
  float side = pdf_qr_size(c->verify_url, QR_MODULE);
  if (side <= 0) return W - 60;
  struct pdf_rgb muted = pdf_hex(LAYOUT_MUTED), blue = pdf_hex(LAYOUT_PRIMARY);
  float right = W - 46, x = right - side, y = 56;
  float cx = x + side / 2;
  float url_size = fit_size(doc, PDF_REGULAR, c->verify_url, 6.5f, 4.5f, 200);
  float url_w = pdf_text_width(doc, PDF_REGULAR, url_size, c->verify_url);
  if (cx + url_w / 2 > right) cx = right - url_w / 2; /* keep the address inside the frame */
  size_t qr = pdf_elem(doc, parent, "Figure");
  pdf_elem_alt(doc, qr, "Código QR de verificación del certificado");
  pdf_mark(pg, qr);
  pdf_qr(pg, c->verify_url, x, y, QR_MODULE);
  mark_new(doc, pg, parent, "P");
  pdf_text_centered(pg, PDF_REGULAR, url_size, muted, cx, y - 9, c->verify_url);
  if (has(c->code)) {
    char label[128];
    snprintf(label, sizeof label, "%s · %s", c->words ? c->words->verification : "Verificación", c->code);
    mark_new(doc, pg, parent, "P");
    pdf_text_right(pg, PDF_BOLD, 7.5f, blue, right, y + side + 6, label);
  }
  float left = cx - url_w / 2;
  return left < x ? left : x;
}

static void page(struct pdf_doc *doc, const struct certificate *c) {
  struct pdf_page *pg = pdf_add_page(doc, W, H);
  struct pdf_rgb blue = pdf_hex(LAYOUT_PRIMARY), gold = pdf_hex(LAYOUT_ACCENT), ink = pdf_hex(LAYOUT_INK),
                 muted = pdf_hex(LAYOUT_MUTED);
  const float cx = W / 2, text_w = 600;
  frame(pg);
  /* one section per certificate: the text in reading order, the signatures, then the check */
  size_t sect = pdf_elem(doc, PDF_DOCUMENT, "Sect");

  const char *issuer = has(c->issuer) ? c->issuer : AME_NAME;
  char *caps = upper_latin(issuer);
  float isz = fit_size(doc, PDF_BOLD, caps, 10, 7, text_w);
  mark_new(doc, pg, sect, "P");
  pdf_text_centered(pg, PDF_BOLD, isz, blue, cx, H - 86, caps);
  free(caps);
  pdf_mark(pg, PDF_ARTIFACT);
  pdf_fill_rect(pg, gold, cx - 22, H - 99, 44, 2.5f);
  const char *heading = c->words ? c->words->heading : "Certificado de participación";
  float hsz = fit_size(doc, PDF_BOLD, heading, 38, 24, text_w);
  mark_new(doc, pg, sect, "H1");
  pdf_text_centered(pg, PDF_BOLD, hsz, blue, cx, H - 156, heading);
  mark_new(doc, pg, sect, "P");
  pdf_text_centered(pg, PDF_ITALIC, 14, muted, cx, H - 198, c->words ? c->words->certifies : "Se certifica que");

  const char *name = has(c->full_name) ? c->full_name : "";
  float nsz = fit_size(doc, PDF_BOLD, name, 32, 16, text_w);
  mark_new(doc, pg, sect, "P");
  pdf_text_centered(pg, PDF_BOLD, nsz, blue, cx, H - 246, name);
  float rule = pdf_text_width(doc, PDF_BOLD, nsz, name) + 60;
  if (rule < 280) rule = 280;
  if (rule > text_w) rule = text_w;
  pdf_mark(pg, PDF_ARTIFACT);
  pdf_fill_rect(pg, gold, cx - rule / 2, H - 263, rule, 1.2f);
  float y = H - 287;
  if (has(c->organization)) {
    float osz = fit_size(doc, PDF_REGULAR, c->organization, 13, 9, text_w);
    mark_new(doc, pg, sect, "P");
    pdf_text_centered(pg, PDF_REGULAR, osz, muted, cx, y, c->organization);
  }
  y -= 44;

  /* "participó en la **<edition>**, realizada en <city>, <dates>." */
  const char *ed = has(c->edition_title) ? c->edition_title : "asamblea";
  size_t n = strlen(ed) + (c->city ? strlen(c->city) : 0) + (c->dates_text ? strlen(c->dates_text) : 0) + 64;
  char *sentence = malloc(n + (has(c->sentence) ? strlen(c->sentence) : 0));
  if (!sentence) abort();
  if (has(c->sentence)) snprintf(sentence, n + strlen(c->sentence), "%s", c->sentence);
  else if (has(c->city) && has(c->dates_text))
    snprintf(sentence, n, "participó en la **%s**, realizada en %s, %s.", ed, c->city, c->dates_text);
  else if (has(c->city)) snprintf(sentence, n, "participó en la **%s**, realizada en %s.", ed, c->city);
  else if (has(c->dates_text)) snprintf(sentence, n, "participó en la **%s**, %s.", ed, c->dates_text);
  else snprintf(sentence, n, "participó en la **%s**.", ed);
  struct layout_para p;
  layout_para_wrap(&p, doc, sentence, PDF_REGULAR, 14, text_w, LAYOUT_CENTER, LAYOUT_MARKUP);
  mark_new(doc, pg, sect, "P");
  layout_para_draw(&p, pg, cx - text_w / 2, y, 21, ink);
  layout_para_free(&p);
  free(sentence);

  size_t signed_by = pdf_elem(doc, sect, "Div"); /* read before the check, drawn after it */
  float qr_left = verification(doc, pg, sect, c);
  signatures(doc, pg, signed_by, c, qr_left - 20);
  pdf_mark_end(pg);
}

int certificates_render(const struct certificate *list, size_t n, unsigned char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  if (!list || !n) return -1;
  struct pdf_doc *doc = pdf_new();
  if (!doc) return -1;
  const struct certificate *first = &list[0];
  const char *ed = has(first->edition_title) ? first->edition_title : "";
  size_t tn = strlen(ed) + 64;
  char *title = malloc(tn);
  if (!title) abort();
  if (n == 1 && has(first->full_name)) {
    size_t k = tn + strlen(first->full_name);
    title = realloc(title, k);
    if (!title) abort();
    snprintf(title, k, "%s — %s", first->words ? first->words->heading : "Certificado de participación",
             first->full_name);
  } else {
    snprintf(title, tn, "%s — %s", first->words ? first->words->title_many : "Certificados de participación", ed);
  }
  pdf_set_info(doc, title, has(first->issuer) ? first->issuer : AME_NAME, ed, first->issued);
  pdf_set_language(doc, first->words ? first->words->language : "es-EC");
  pdf_set_tagged(doc); /* not declared PDF/A: the PDF/A checks run on the memoria only */
  free(title);
  for (size_t i = 0; i < n; i++) page(doc, &list[i]);
  int rc = pdf_save(doc, out, len);
  pdf_free(doc);
  return rc;
}

int certificate_render(const struct certificate *c, unsigned char **pdf, size_t *len) {
  return certificates_render(c, c ? 1 : 0, pdf, len);
}
