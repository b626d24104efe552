/* doc — a parsed document's statements as family items (family.h):
 * each statement's words analysed in the document's language, as the
 * index analyses them, and its anchors: the entities it mentions (by
 * archive-wide key), the quantities, numbers and dates it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/err.h"
#include "core/grow.h"
#include "family.h"
#include "analyze/analyze.h"

/* Languages one reader keeps analysers for (the index keeps as many). */
#define DOC_LANGS 16

struct vb_fam_doc {
  struct {
    char lang[8];
    an_analyzer *an;
  } langs[DOC_LANGS];
  int nlangs;
  vb_fam_word *w; /* every statement's words, one after another */
  size_t nw, capw;
  uint64_t *an; /* anchors likewise */
  size_t nan, capan;
  struct span {
    size_t w0, nw, a0, na;
  } *st;
  size_t nst, capst;
  int32_t date;
};

int vb_fam_doc_new(vb_fam_doc **out, vb_err *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  return 0;
}

void vb_fam_doc_free(vb_fam_doc *d) {
  if (!d) return;
  for (int i = 0; i < d->nlangs; i++) an_analyzer_free(d->langs[i].an);
  free(d->w);
  free(d->an);
  free(d->st);
  free(d);
}

static int reserve(void **v, size_t *cap, size_t need, size_t elsize) {
  return vb_grow(v, cap, need, elsize, 1024);
}

static an_analyzer *analyzer_for(vb_fam_doc *d, vb_str lang, vb_err *err) {
  char l[8] = "";
  if (lang.ptr && lang.len < sizeof l) {
    memcpy(l, lang.ptr, lang.len);
    l[lang.len] = '\0';
  }
  for (int i = 0; i < d->nlangs; i++)
    if (strcmp(d->langs[i].lang, l) == 0) return d->langs[i].an;
  int slot = d->nlangs < DOC_LANGS ? d->nlangs++ : DOC_LANGS - 1;
  if (slot == DOC_LANGS - 1 && d->langs[slot].an) an_analyzer_free(d->langs[slot].an);
  d->langs[slot].an = NULL;
  if (an_analyzer_new(l, AN_FULL, &d->langs[slot].an, err)) return NULL;
  snprintf(d->langs[slot].lang, sizeof d->langs[slot].lang, "%s", l);
  return d->langs[slot].an;
}

/* The n digits at p as a number; -1 when one is not a digit. */
static int32_t digits(const char *p, size_t n) {
  int32_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

int32_t vb_fam_date(vb_str s) {
  if (!s.ptr || s.len < 4) return 0;
  int32_t y = digits(s.ptr, 4), m = 0, d = 0;
  if (y <= 0) return 0;
  if (s.len > 4) {
    if (s.len < 7 || s.ptr[4] != '-' || (m = digits(s.ptr + 5, 2)) < 1 || m > 12) return 0;
    if (s.len > 7 && (s.len < 10 || s.ptr[7] != '-' || (d = digits(s.ptr + 8, 2)) < 1 || d > 31)) return 0;
  }
  return y * 10000 + m * 100 + d;
}

static int add_anchor(vb_fam_doc *d, char kind, const char *s, size_t n) {
  if (reserve((void **)&d->an, &d->capan, d->nan + 1, sizeof *d->an)) return -1;
  d->an[d->nan++] = vb_fam_anchor(kind, s, n);
  return 0;
}

/* Entities, quantities, dates and numbers of statement k, spanning
 * body[start..end). */
static int anchors_of(vb_fam_doc *d, const vb_doc_view *v, size_t k, uint32_t start, uint32_t end,
                      const vb_fam_word *w, size_t nw) {
  for (size_t i = 0; i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    if (m->statement != (int32_t)k || m->entity < 0 || (size_t)m->entity >= v->nentities) continue;
    vb_str key = v->entities[m->entity].key;
    if (key.ptr && add_anchor(d, 'E', key.ptr, key.len)) return -1;
  }
  for (size_t i = 0; i < v->nquantities; i++) {
    const vb_quantity *q = &v->quantities[i];
    if (q->start < start || q->end > end) continue;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.6g %.*s", q->value, (int)(q->unit.ptr ? q->unit.len : 0),
                     q->unit.ptr ? q->unit.ptr : "");
    if (n > 0 && add_anchor(d, 'N', buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1)) return -1;
  }
  for (size_t i = 0; i < v->ndates; i++) {
    const vb_date *t = &v->dates[i];
    /* whole days only: a year or a month ("in 2016") joins too much */
    if (t->start < start || t->end > end || t->kind != VB_DATE_DAY || vb_value_precision(t->value) != VB_PREC_DAY) continue;
    if (add_anchor(d, 'D', t->value, strlen(t->value))) return -1;
  }
  /* a number written alone: the same digits in any translation */
  for (size_t i = 0; i < nw; i++) {
    if (w[i].flags & VB_FAM_LETTER) continue;
    const char *s = v->body.ptr + start + w[i].start;
    size_t n = w[i].end - w[i].start;
    if (n >= 2 && add_anchor(d, 'N', s, n)) return -1;
  }
  return 0;
}

int vb_fam_doc_read(vb_fam_doc *d, const vb_doc_view *v, vb_err *err) {
  d->nw = d->nan = d->nst = 0;
  d->date = vb_fam_date(v->meta.aired);
  if (!d->date) d->date = vb_fam_date(v->meta.published);
  an_analyzer *an = analyzer_for(d, v->meta.language, err);
  if (!an) return err && err->code ? err->code : VB_ENOMEM;
  if (reserve((void **)&d->st, &d->capst, v->nstatements, sizeof *d->st))
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  for (size_t k = 0; k < v->nstatements; k++) {
    const vb_statement *s = &v->statements[k];
    size_t len = s->end - s->start;
    /* words are at most one per two bytes, and at most VB_FAM_MAX_WORDS */
    size_t max = len / 2 + 1 < VB_FAM_MAX_WORDS ? len / 2 + 1 : VB_FAM_MAX_WORDS;
    if (reserve((void **)&d->w, &d->capw, d->nw + max, sizeof *d->w))
      return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
    long n = vb_fam_words(an, v->body.ptr + s->start, len, d->w + d->nw, max);
    if (n < 0) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
    size_t a0 = d->nan;
    if (anchors_of(d, v, k, s->start, s->end, d->w + d->nw, (size_t)n))
      return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
    /* d->an is NULL until a statement has anchors: no offset on it then */
    size_t na = d->nan > a0 ? vb_fam_anchors_sort(d->an + a0, d->nan - a0) : 0;
    d->nan = a0 + na;
    d->st[d->nst++] = (struct span){d->nw, (size_t)n, a0, na};
    d->nw += (size_t)n;
  }
  return 0;
}

size_t vb_fam_doc_count(const vb_fam_doc *d) { return d->nst; }

an_analyzer *vb_fam_doc_analyzer(vb_fam_doc *d, vb_str lang, vb_err *err) {
  return analyzer_for(d, lang, err);
}

vb_fam_item vb_fam_doc_item(const vb_fam_doc *d, size_t i) {
  const struct span *s = &d->st[i];
  vb_fam_item it = {d->w + s->w0, s->nw, d->an + s->a0, s->na, d->date};
  return it;
}
