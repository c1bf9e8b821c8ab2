/* certificate.h — certificates of attendance ("Certificado de participación") as PDF: one A4
 * landscape page per person, with the edition's full name, city and dates, signature blocks
 * from the edition's credits, and a QR code to the public verification page (/v/CODE) with the
 * address printed under it. Knows nothing of HTTP or SQL; strings are borrowed UTF-8. */
#ifndef ASAMBLEA_PDF_CERTIFICATE_H
#define ASAMBLEA_PDF_CERTIFICATE_H
#include <stddef.h>
#include <time.h>

struct certificate_signer {
  const char *name;       /* "Patricio Maldonado" */
  const char *role_title; /* "Presidente de AME" */
};

struct certificate {
  const char *full_name;                    /* the attendee, printed large */
  const char *organization;                 /* optional */
  const char *edition_title;                /* "III Asamblea General de Autoridades ..." */
  const char *city;                         /* "Latacunga" */
  const char *dates_text;                   /* "25 y 26 de noviembre de 2024" */
  const struct certificate_signer *signers; /* up to 3 are printed */
  size_t n_signers;
  const char *verify_url; /* "https://…/v/CODE": encoded in the QR and printed under it; optional */
  const char *code;       /* the registration code, printed by the QR; optional */
  const char *issuer;     /* NULL: "Asociación de Municipalidades Ecuatorianas" */
  time_t issued;          /* written as the PDF's date (0: none); same data, same bytes */
  const char *sentence; /* the line under the name, **bold** marked; NULL: "participó en la **…**, realizada en …" */
  const struct certificate_words *words; /* the page's fixed texts in the person's language; NULL: Spanish */
};

/* The fixed texts of a certificate, for a language other than the built-in Spanish. */
struct certificate_words {
  const char *heading;      /* "Certificate of participation" (also the PDF's title, with the name) */
  const char *certifies;    /* "This is to certify that" */
  const char *verification; /* "Verification", before the code by the QR */
  const char *title_many;   /* "Certificates of participation", the title of a PDF of many */
  const char *language;     /* the PDF's /Lang, e.g. "en" */
};

/* One certificate, one page. *pdf is a new buffer (free()); 0 on success, -1 on failure. */
int certificate_render(const struct certificate *c, unsigned char **pdf, size_t *len);
/* Many certificates in one PDF, one page each, in order (fonts embedded once); n = 0 fails. The
 * document's information is taken from the first. */
int certificates_render(const struct certificate *list, size_t n, unsigned char **pdf, size_t *len);
#endif
