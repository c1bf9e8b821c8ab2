/* tagged.c — the logical structure of a tagged PDF: structure elements in reading order (a
 * Document holding H1–H3, P, L > LI > Lbl + LBody, Figure with /Alt, TOC > TOCI…), the marked
 * content that ties what a page draws to them (/Type <</MCID n>> BDC … EMC) or marks it as an
 * artifact (/Artifact BMC … EMC, with /Pagination for running headers and footers), and, on
 * saving, the StructTreeRoot with its ParentTree, each page's /StructParents and the catalog's
 * /MarkInfo. Elements are kept as plain records while the document is built and become libharu
 * dictionaries only in pdf_tags_write; libharu 2.3.0 has no API for any of this, so marked
 * content is written straight into the page's content stream and the dictionaries with
 * hpdf_objects.h. */
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <string.h>

#include "pdf/pdf_internal.h"

/* A child of an element: another element, a marked-content sequence on a page, or an
 * annotation (a link) on a page. */
struct kid {
  size_t elem; /* PDF_ARTIFACT for a marked-content or annotation reference */
  struct pdf_page *page;
  size_t mcid;
  HPDF_Dict annot; /* an annotation, NULL for marked content */
};

struct elem {
  const char *type; /* a standard structure type (static string) */
  size_t parent;
  char *alt;
  struct kid *kids;
  size_t nkids, cap_kids;
  HPDF_Dict dict; /* while writing */
};

struct pdf_tags {
  struct elem *v;
  size_t n, cap;
  size_t nannots; /* annotations in the structure */
};

static bool is_artifact(size_t elem) { return elem >= PDF_ARTIFACT_FOOTER; }

static void add_kid(struct elem *e, struct kid k) {
  pdf_grow((void **)&e->kids, &e->cap_kids, e->nkids + 1, sizeof *e->kids);
  e->kids[e->nkids++] = k;
}

void pdf_set_tagged(struct pdf_doc *doc) {
  if (!doc || doc->tags) return;
  doc->tags = pdf_xcalloc(1, sizeof *doc->tags);
  pdf_elem(doc, PDF_ARTIFACT, "Document");
}

size_t pdf_elem(struct pdf_doc *doc, size_t parent, const char *type) {
  if (!doc || !doc->tags) return PDF_ARTIFACT;
  struct pdf_tags *t = doc->tags;
  if (t->n && parent >= t->n) parent = PDF_DOCUMENT;
  pdf_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
  size_t id = t->n++;
  struct elem *e = &t->v[id];
  memset(e, 0, sizeof *e);
  e->type = type;
  e->parent = id ? parent : PDF_ARTIFACT;
  if (id) add_kid(&t->v[parent], (struct kid){.elem = id});
  return id;
}

void pdf_elem_alt(struct pdf_doc *doc, size_t elem, const char *alt) {
  if (!doc || !doc->tags || elem >= doc->tags->n || !alt || !*alt) return;
  free(doc->tags->v[elem].alt);
  doc->tags->v[elem].alt = pdf_clean(alt, strlen(alt));
}

static void write_op(struct pdf_page *page, const char *op) {
  if (!pdf_ok(page->doc) || !page->hp) return;
  HPDF_PageAttr attr = (HPDF_PageAttr)page->hp->attr;
  if (HPDF_Stream_WriteStr(attr->stream, op) != HPDF_OK) page->doc->err = HPDF_FAILD_TO_ALLOC_MEM;
}

void pdf_mark_end(struct pdf_page *page) {
  if (!page || !page->marking) return;
  pdf_end_text(page); /* a sequence begun outside a text object ends outside it */
  write_op(page, "EMC\n");
  page->marking = 0;
}

void pdf_mark(struct pdf_page *page, size_t elem) {
  if (!page || !page->doc->tags) return;
  struct pdf_tags *t = page->doc->tags;
  if (!is_artifact(elem) && elem >= t->n) elem = PDF_ARTIFACT;
  if (page->marking && page->marked == elem) return;
  pdf_mark_end(page);
  pdf_end_text(page);
  char op[96];
  if (elem == PDF_ARTIFACT) {
    snprintf(op, sizeof op, "/Artifact BMC\n");
  } else if (is_artifact(elem)) {
    snprintf(op, sizeof op, "/Artifact <</Type /Pagination /Subtype /%s>> BDC\n",
             elem == PDF_ARTIFACT_HEADER ? "Header" : "Footer");
  } else {
    size_t mcid = page->nmcids;
    pdf_grow((void **)&page->mcid_elems, &page->cap_mcids, mcid + 1, sizeof *page->mcid_elems);
    page->mcid_elems[page->nmcids++] = elem;
    add_kid(&t->v[elem], (struct kid){.elem = PDF_ARTIFACT, .page = page, .mcid = mcid});
    snprintf(op, sizeof op, "/%s <</MCID %zu>> BDC\n", t->v[elem].type, mcid);
  }
  write_op(page, op);
  page->marking = 1;
  page->marked = elem;
}

void pdf_tag_link(struct pdf_page *page, size_t elem, HPDF_Annotation annot, const char *contents) {
  if (!page || !annot || !page->doc->tags || elem >= page->doc->tags->n) return;
  HPDF_Doc h = page->doc->hpdf;
  HPDF_Dict_AddNumber(annot, "F", 4); /* printed, never hidden (PDF/A) */
  if (contents && *contents)
    HPDF_Dict_Add(annot, "Contents", HPDF_String_New(h->mmgr, contents, HPDF_GetCurrentEncoder(h)));
  HPDF_Dict_AddName(page->hp, "Tabs", "S"); /* tab order follows the structure */
  add_kid(&page->doc->tags->v[elem], (struct kid){.elem = PDF_ARTIFACT, .page = page, .annot = annot});
  page->doc->tags->nannots++;
}

/* ---- saving ------------------------------------------------------------------------------ */

/* Which elements own content, directly or through their children (children come after their
 * parent, so one backward pass decides). */
static bool *live_elements(const struct pdf_tags *t) {
  bool *live = pdf_xcalloc(t->n, sizeof *live);
  for (size_t i = t->n; i-- > 0;) {
    const struct elem *e = &t->v[i];
    for (size_t k = 0; k < e->nkids && !live[i]; k++)
      live[i] = e->kids[k].elem == PDF_ARTIFACT || live[e->kids[k].elem];
  }
  return live;
}

/* The element's /K: child elements by reference, its marked content on its own /Pg page as
 * MCIDs, on other pages as marked-content reference dictionaries, its annotations as object
 * references, each annotation getting the next /StructParent key of the parent tree (nums). */
static void write_kids(HPDF_Doc h, const struct pdf_tags *t, const bool *live, const struct elem *e, HPDF_Array nums,
                       HPDF_INT32 *next_key) {
  HPDF_Array kids = HPDF_Array_New(h->mmgr);
  HPDF_Dict_Add(e->dict, "K", kids);
  struct pdf_page *home = NULL;
  for (size_t k = 0; k < e->nkids; k++) {
    const struct kid *kd = &e->kids[k];
    if (kd->elem != PDF_ARTIFACT) {
      if (live[kd->elem]) HPDF_Array_Add(kids, t->v[kd->elem].dict);
      continue;
    }
    if (kd->annot) {
      HPDF_Dict objr = HPDF_Dict_New(h->mmgr);
      HPDF_Array_Add(kids, objr);
      HPDF_Dict_AddName(objr, "Type", "OBJR");
      HPDF_Dict_Add(objr, "Pg", kd->page->hp);
      HPDF_Dict_Add(objr, "Obj", kd->annot);
      HPDF_Dict_AddNumber(kd->annot, "StructParent", *next_key);
      HPDF_Array_AddNumber(nums, *next_key);
      HPDF_Array_Add(nums, e->dict);
      ++*next_key;
      continue;
    }
    if (!home) {
      home = kd->page;
      HPDF_Dict_Add(e->dict, "Pg", home->hp);
    }
    if (kd->page == home) {
      HPDF_Array_AddNumber(kids, (HPDF_INT32)kd->mcid);
    } else {
      HPDF_Dict mcr = HPDF_Dict_New(h->mmgr);
      HPDF_Array_Add(kids, mcr);
      HPDF_Dict_AddName(mcr, "Type", "MCR");
      HPDF_Dict_Add(mcr, "Pg", kd->page->hp);
      HPDF_Dict_AddNumber(mcr, "MCID", (HPDF_INT32)kd->mcid);
    }
  }
}

/* The parent tree's entries from each page's /StructParents (its index) to the elements of its
 * MCIDs, in order; annotation keys follow, from the page count up. */
static void page_parents(struct pdf_doc *doc, HPDF_Array nums) {
  HPDF_Doc h = doc->hpdf;
  for (size_t i = 0; i < doc->npages; i++) {
    struct pdf_page *pg = doc->pages[i];
    if (!pg->nmcids || !pg->hp) continue;
    HPDF_Dict_AddNumber(pg->hp, "StructParents", (HPDF_INT32)i);
    HPDF_Array_AddNumber(nums, (HPDF_INT32)i);
    HPDF_Array owners = HPDF_Array_New(h->mmgr);
    HPDF_Array_Add(nums, owners);
    for (size_t m = 0; m < pg->nmcids; m++) HPDF_Array_Add(owners, doc->tags->v[pg->mcid_elems[m]].dict);
  }
}

void pdf_tags_write(struct pdf_doc *doc) {
  if (!doc->tags || !pdf_ok(doc)) return;
  for (size_t i = 0; i < doc->npages; i++) pdf_mark_end(doc->pages[i]);
  struct pdf_tags *t = doc->tags;
  HPDF_Doc h = doc->hpdf;
  HPDF_Encoder utf8 = HPDF_GetCurrentEncoder(h);
  HPDF_Dict root = HPDF_Dict_New(h->mmgr);
  HPDF_Xref_Add(h->xref, root);
  HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
  bool *live = live_elements(t);
  for (size_t i = 0; i < t->n; i++) {
    if (!live[i]) continue;
    struct elem *e = &t->v[i];
    e->dict = HPDF_Dict_New(h->mmgr);
    HPDF_Xref_Add(h->xref, e->dict);
    HPDF_Dict_AddName(e->dict, "Type", "StructElem");
    HPDF_Dict_AddName(e->dict, "S", e->type);
    HPDF_Dict_Add(e->dict, "P", i ? t->v[e->parent].dict : root);
    if (e->alt) HPDF_Dict_Add(e->dict, "Alt", HPDF_String_New(h->mmgr, e->alt, utf8));
  }
  HPDF_Dict tree = HPDF_Dict_New(h->mmgr);
  HPDF_Array nums = HPDF_Array_New(h->mmgr);
  HPDF_Dict_Add(tree, "Nums", nums);
  page_parents(doc, nums);
  HPDF_INT32 next_key = (HPDF_INT32)doc->npages;
  for (size_t i = 0; i < t->n; i++)
    if (live[i]) write_kids(h, t, live, &t->v[i], nums, &next_key);
  if (t->n && live[PDF_DOCUMENT]) HPDF_Dict_Add(root, "K", t->v[PDF_DOCUMENT].dict);
  HPDF_Dict_Add(root, "ParentTree", tree);
  HPDF_Dict_AddNumber(root, "ParentTreeNextKey", next_key);
  free(live);
  HPDF_Dict_Add(h->catalog, "StructTreeRoot", root);
  HPDF_Dict mark_info = HPDF_Dict_New(h->mmgr);
  HPDF_Dict_Add(h->catalog, "MarkInfo", mark_info);
  HPDF_Dict_AddBoolean(mark_info, "Marked", HPDF_TRUE);
}

void pdf_tags_free(struct pdf_doc *doc) {
  if (!doc) return;
  for (size_t i = 0; i < doc->npages; i++) free(doc->pages[i]->mcid_elems);
  if (!doc->tags) return;
  for (size_t i = 0; i < doc->tags->n; i++) {
    free(doc->tags->v[i].kids);
    free(doc->tags->v[i].alt);
  }
  free(doc->tags->v);
  free(doc->tags);
  doc->tags = NULL;
}
