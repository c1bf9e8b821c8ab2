/* archival.c — what makes a document PDF/A-2u when it is saved (ISO 19005-2, level U: every
 * glyph maps to Unicode, which fonts.c's ToUnicode maps give): the %PDF-1.7 header, an
 * uncompressed XMP metadata stream whose dc:title, dc:creator, dc:description, xmp:CreateDate,
 * xmp:ModifyDate, xmp:CreatorTool and pdf:Producer repeat the Info dictionary and which names
 * the conformance (pdfaid:part 2, pdfaid:conformance U), an output intent (GTS_PDFA1) carrying
 * the sRGB ICC profile of Debian's icc-profiles-free — every colour is DeviceRGB — the display
 * of the title instead of the file name, and a trailer /ID made from the title, the instant and
 * the page count (an MD5, as the standard suggests; no clock, so the bytes stay deterministic).
 * Fonts are embedded by fonts.c. */
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "pdf/pdf_internal.h"

#define SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"
#define SRGB_NAME "sRGB IEC61966-2.1"

void pdf_set_archival(struct pdf_doc *doc) {
  if (doc) doc->archival = true;
}

/* ---- the sRGB profile, read once per process --------------------------------------------- */

static unsigned char *srgb;
static size_t srgb_len;
static pthread_once_t srgb_once = PTHREAD_ONCE_INIT;

static void read_srgb(void) {
  FILE *f = fopen(SRGB_PROFILE, "rb");
  if (!f) return;
  unsigned char buf[65536];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  if (n < 128 || n == sizeof buf) return; /* not a profile, or not the small one expected */
  srgb = pdf_xmalloc(n);
  memcpy(srgb, buf, n);
  srgb_len = n;
}

static void output_intent(struct pdf_doc *doc) {
  HPDF_Doc h = doc->hpdf;
  pthread_once(&srgb_once, read_srgb);
  if (!srgb) { /* no profile, no PDF/A: the save fails visibly */
    doc->err = HPDF_FILE_IO_ERROR;
    doc->err_detail = ENOENT;
    return;
  }
  HPDF_Dict icc = HPDF_DictStream_New(h->mmgr, h->xref);
  if (!icc) return;
  icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  HPDF_Dict_AddNumber(icc, "N", 3);
  HPDF_Stream_Write(icc->stream, srgb, (HPDF_UINT)srgb_len);
  HPDF_Dict intent = HPDF_Dict_New(h->mmgr);
  HPDF_Dict_AddName(intent, "Type", "OutputIntent");
  HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
  HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(h->mmgr, SRGB_NAME, NULL));
  HPDF_Dict_Add(intent, "Info", HPDF_String_New(h->mmgr, SRGB_NAME, NULL));
  HPDF_Dict_Add(intent, "DestOutputProfile", icc);
  HPDF_Array intents = HPDF_Array_New(h->mmgr);
  HPDF_Array_Add(intents, intent);
  HPDF_Dict_Add(h->catalog, "OutputIntents", intents);
}

/* ---- XMP --------------------------------------------------------------------------------- */

static void put(HPDF_Stream st, const char *s) { HPDF_Stream_WriteStr(st, s); }

/* Text as XML character data. */
static void put_escaped(HPDF_Stream st, const char *s) {
  for (; *s; s++) {
    switch (*s) {
      case '&': put(st, "&amp;"); break;
      case '<': put(st, "&lt;"); break;
      case '>': put(st, "&gt;"); break;
      default: HPDF_Stream_Write(st, (const HPDF_BYTE *)s, 1);
    }
  }
}

static void put_element(HPDF_Stream st, const char *open, const char *value, const char *close) {
  if (!value || !*value) return;
  put(st, open);
  put_escaped(st, value);
  put(st, close);
}

/* An Info date "D:YYYYMMDDHHmmSS+HH'mm'" as XMP's "YYYY-MM-DDTHH:mm:SS+HH:mm"; false if it is
 * not in that form. */
static bool xmp_date(const char *pdf, char out[32]) {
  if (!pdf || strlen(pdf) < 23 || strncmp(pdf, "D:", 2)) return false;
  const char *d = pdf + 2;
  snprintf(out, 32, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%c%.2s:%.2s", d, d + 4, d + 6, d + 8, d + 10, d + 12, d[14], d + 15,
           d + 18);
  return true;
}

static void put_date(HPDF_Stream st, const char *name, const char *info_date) {
  char date[32];
  if (!xmp_date(info_date, date)) return;
  char open[48], close[48];
  snprintf(open, sizeof open, "<%s>", name);
  snprintf(close, sizeof close, "</%s>\n", name);
  put_element(st, open, date, close);
}

static void metadata(HPDF_Doc h) {
  HPDF_Dict xmp = HPDF_DictStream_New(h->mmgr, h->xref);
  if (!xmp) return;
  xmp->filter = HPDF_STREAM_FILTER_NONE; /* PDF/A: metadata readable without decoding */
  HPDF_Dict_AddName(xmp, "Type", "Metadata");
  HPDF_Dict_AddName(xmp, "Subtype", "XML");
  HPDF_Stream st = xmp->stream;
  const char *lang = NULL;
  HPDF_String l = HPDF_Dict_GetItem(h->catalog, "Lang", HPDF_OCLASS_STRING);
  if (l) lang = (const char *)l->value;
  put(st,
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
      " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\""
      " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
      "<dc:format>application/pdf</dc:format>\n");
  put_element(st, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", HPDF_GetInfoAttr(h, HPDF_INFO_TITLE),
              "</rdf:li></rdf:Alt></dc:title>\n");
  put_element(st, "<dc:creator><rdf:Seq><rdf:li>", HPDF_GetInfoAttr(h, HPDF_INFO_AUTHOR),
              "</rdf:li></rdf:Seq></dc:creator>\n");
  put_element(st, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", HPDF_GetInfoAttr(h, HPDF_INFO_SUBJECT),
              "</rdf:li></rdf:Alt></dc:description>\n");
  put_element(st, "<dc:language><rdf:Bag><rdf:li>", lang, "</rdf:li></rdf:Bag></dc:language>\n");
  put_date(st, "xmp:CreateDate", HPDF_GetInfoAttr(h, HPDF_INFO_CREATION_DATE));
  put_date(st, "xmp:ModifyDate", HPDF_GetInfoAttr(h, HPDF_INFO_MOD_DATE));
  put_element(st, "<xmp:CreatorTool>", HPDF_GetInfoAttr(h, HPDF_INFO_CREATOR), "</xmp:CreatorTool>\n");
  put_element(st, "<pdf:Producer>", HPDF_GetInfoAttr(h, HPDF_INFO_PRODUCER), "</pdf:Producer>\n");
  put(st,
      "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n"
      "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
  HPDF_Dict_Add(h->catalog, "Metadata", xmp);
}

/* ---- the rest ---------------------------------------------------------------------------- */

static void document_id(struct pdf_doc *doc) {
  HPDF_Doc h = doc->hpdf;
  HPDF_MD5_CTX md5;
  HPDF_MD5Init(&md5);
  const char *parts[] = {HPDF_GetInfoAttr(h, HPDF_INFO_TITLE), HPDF_GetInfoAttr(h, HPDF_INFO_CREATION_DATE)};
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
    if (parts[i]) HPDF_MD5Update(&md5, (const HPDF_BYTE *)parts[i], (HPDF_UINT32)strlen(parts[i]) + 1);
  char pages[24];
  snprintf(pages, sizeof pages, "%zu", doc->npages);
  HPDF_MD5Update(&md5, (const HPDF_BYTE *)pages, (HPDF_UINT32)strlen(pages));
  HPDF_BYTE digest[16];
  HPDF_MD5Final(digest, &md5);
  HPDF_Array id = HPDF_Array_New(h->mmgr);
  HPDF_Array_Add(id, HPDF_Binary_New(h->mmgr, digest, sizeof digest));
  HPDF_Array_Add(id, HPDF_Binary_New(h->mmgr, digest, sizeof digest));
  HPDF_Dict_Add(h->trailer, "ID", id);
}

void pdf_archival_write(struct pdf_doc *doc) {
  if (!pdf_ok(doc)) return;
  HPDF_Doc h = doc->hpdf;
  h->pdf_version = HPDF_VER_17;
  metadata(h);
  output_intent(doc);
  HPDF_Dict prefs = HPDF_Dict_New(h->mmgr);
  HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
  HPDF_Dict_Add(h->catalog, "ViewerPreferences", prefs);
  document_id(doc);
}
