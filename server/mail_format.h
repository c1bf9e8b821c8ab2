/* mail_format.h — the pure part of e-mail delivery: building an RFC 5322 message (UTF-8 plain
 * text, quoted-printable body, RFC 2047 headers) from plain strings, the Message-ID of an outbox
 * row, which failures are permanent, and the retry schedule.
 * No network, no SQL, no clock: everything it needs is passed in, so it is unit-tested as is. */
#ifndef ASAMBLEA_MAIL_FORMAT_H
#define ASAMBLEA_MAIL_FORMAT_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define MAIL_BACKOFF_CAP 3600    /* seconds: the longest wait between two attempts */
#define MAIL_ENCODED_WORD_MAX 75 /* RFC 2047 §2: an encoded-word is at most 75 characters */
#define MAIL_LINE_MAX 76         /* RFC 2045 §6.7 and RFC 2047 §2: characters per line, CRLF excluded */

struct mail_message {
  const char *from_name;  /* display name, UTF-8; NULL or "" for none */
  const char *from_addr;  /* addr-spec, e.g. no-reply@ame.gob.ec */
  const char *to_addr;    /* addr-spec of the one recipient */
  const char *subject;    /* UTF-8, one line */
  const char *body;       /* UTF-8 plain text, lines ending in \n or \r\n */
  time_t date;            /* the Date: header */
  const char *message_id; /* "unique@host", without the angle brackets */
};

/* True if addr is a plain addr-spec (local@domain, printable ASCII, no spaces, no CR/LF, none of
 * "(),:;<>[\]) that can go into a header and an SMTP command without changing their meaning. */
bool mail_addr_ok(const char *addr);
/* The domain of addr (after its '@'), or "localhost" when it has none. */
const char *mail_addr_domain(const char *addr);

/* RFC 2047 B encoding of a UTF-8 header text: =?UTF-8?B?...?= encoded-words of at most 75
 * characters, each holding whole characters, joined by CRLF SP (folding), so that no line is
 * longer than 76 characters when the first line already holds first_col characters (e.g. 9 for
 * "Subject: "). "" gives "". The caller frees the result. */
char *mail_encode_words(const char *utf8, size_t first_col);
/* Quoted-printable body (RFC 2045 §6.7): CRLF line ends, lines of at most 76 characters with
 * "=" soft breaks, "=" and non-ASCII and control bytes as =XX, a space or tab at the end of a
 * line encoded. Ends with CRLF unless text is empty. The caller frees the result. */
char *mail_qp_encode(const char *text);
/* RFC 5322 date in UTC, e.g. "Tue, 04 Nov 2025 14:03:09 +0000" (English names whatever the locale). */
void mail_format_date(time_t t, char out[40]);

/* The whole message: headers, a blank line, the encoded body, all with CRLF line ends.
 * NULL, with *why set to a short reason, when an address is not a plain addr-spec or the
 * subject or display name holds a CR or LF (header injection); the caller frees the result. */
char *mail_build(const struct mail_message *m, const char **why);

/* The Message-ID (without angle brackets) of outbox row id: "outbox-ID.KEY@DOMAIN", KEY being the
 * row's secret random part and DOMAIN that of the sender address. The same for every attempt of
 * the row, so a copy sent twice is recognisable as one message. The caller frees the result. */
char *mail_message_id(long long id, const char *key, const char *from_addr);

/* The SMTP command a failure answered, as far as the delivery knows it. */
enum mail_stage {
  MAIL_STAGE_SESSION, /* connecting, TLS, greeting, EHLO, AUTH: nothing about this message yet */
  MAIL_STAGE_MAIL,    /* MAIL FROM: the sender, i.e. this server's configuration */
  MAIL_STAGE_RCPT,    /* RCPT TO: the recipient */
  MAIL_STAGE_DATA,    /* DATA and the message itself */
};
/* True when a failure will not go away by trying again: a 5xx reply to RCPT TO or DATA (the
 * recipient or the message is refused, e.g. 550, 553, 554). Anything else — 4xx, no reply at all
 * (connection refused, timeout, TLS error), a 5xx to the greeting, AUTH or MAIL FROM (this
 * server's configuration, which an administrator fixes) — is temporary. */
bool mail_failure_permanent(enum mail_stage stage, long smtp_code);

/* Seconds to wait after the failures-th failed attempt (failures >= 1): base × 2^(failures-1),
 * so base, 2·base, 4·base, ... capped at MAIL_BACKOFF_CAP, however many failures; -1 for
 * failures < 1 or base < 1, which are not meaningful. A temporary failure is retried forever. */
long mail_backoff(int failures, long base);
#endif
