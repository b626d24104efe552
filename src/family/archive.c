/* archive — a statement's quote family read from the archive, as a typed
 * result (vb_family, for `verbatim quote` and GET
 * /api/statements/{ref}/family; src/json/ writes its JSON). The statement
 * is found where its permalink leads; its candidates are the family the
 * archive keeps for it (made as its statements were stored,
 * src/store/families.c: the one a hit's `family` count, the document's
 * said-before marks and first:/repeated: read), and they are grouped as
 * src/family/ does everywhere (verified against the earliest), so the
 * panel shows the diffs. On an archive whose fingerprints are not made
 * yet, its longest words ask the full-text index for the statements most
 * like it instead, and when the family's first statement is another, its
 * own look-alikes are asked for too, so later repeats that drifted from
 * the asked statement are not missed. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "family.h"
#include "query/query.h"
#include "store/compile.h"
#include "store/store.h"
#include "analyze/analyze.h"

/* Statements one look-up reads: the kept family's founder and earliest
 * members, or the best full-text matches of the asked statement (and of
 * its family's first statement). A family larger than this shows
 * CANDIDATES of its members. */
#define CANDIDATES 200
/* Words a look-up asks the index for at most: the longest, which are the
 * rarest most often; a variant shares most of them. */
#define QUERY_TERMS 24
/* A word in more statements than this (the index's estimate,
 * vs_query_estimate) is left out of a look-up, as long as QUERY_MIN_TERMS
 * words are left. */
#define COMMON 100000.0
#define QUERY_MIN_TERMS 3
/* Memory one look-up may take: the candidates' texts and words. */
#define FAMILY_ARENA_LIMIT ((size_t)64 << 20)

typedef struct member {
  char doc[65];
  int32_t index, date; /* date YYYYMMDD, 0 unknown */
  int32_t numbering;   /* the parser version its index follows, 0: the first (as in a hit) */
  vb_str text, speaker, kind, title, series, number, channel, day, lang;
  vb_fam_word *words;
  size_t nwords;
  int searched; /* its look-alikes were asked for */
  int asked;    /* the statement the family is asked of */
} member;

typedef struct look {
  vb_store *st;
  void *impl;
  vb_arena *a;
  vb_fam_doc *fd;
  VB_VEC(member) m;
  vb_err *err;
} look;

static vb_str copy(vb_arena *a, vb_str s) {
  vb_str o = {NULL, 0};
  if (!s.ptr) return o;
  o.ptr = vb_arena_strndup(a, s.ptr, s.len);
  o.len = o.ptr ? s.len : 0;
  return o;
}

/* Analyses m's text as the index does. */
static int analyse(look *l, member *m) {
  an_analyzer *an = vb_fam_doc_analyzer(l->fd, m->lang, l->err);
  if (!an) return l->err->code ? l->err->code : VB_ENOMEM;
  size_t max = m->text.len / 2 + 1 < VB_FAM_MAX_WORDS ? m->text.len / 2 + 1 : VB_FAM_MAX_WORDS;
  m->words = vb_arena_alloc(l->a, max * sizeof *m->words);
  long n = m->words ? vb_fam_words(an, m->text.ptr, m->text.len, m->words, max) : -1;
  if (n < 0) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  m->nwords = (size_t)n;
  return 0;
}

/* "DOC:N" or a permalink ("/d/DOC#sN", "DOC#sNvV", a URL's path): a
 * document reference, an index and the parser version it counts by (-1:
 * the document's first numbering). */
static int parse_ref(const char *ref, char *doc, size_t cap, int32_t *index, int *version, vb_err *err) {
  if (strchr(ref, '#')) return vb_permalink_parse(ref, doc, cap, index, version);
  const char *sep = strrchr(ref, ':');
  long v = -1;
  if (sep && sep > ref && (size_t)(sep - ref) < cap && sep[1]) {
    char *end;
    v = strtol(sep + 1, &end, 10);
    if (*end || v < 0 || v > INT32_MAX) v = -1;
  }
  if (v < 0) return VB_EUSAGE;
  memcpy(doc, ref, (size_t)(sep - ref));
  doc[sep - ref] = '\0';
  *index = (int32_t)v;
  *version = -1;
  return 0;
}

/* The asked statement where its permalink leads now (vb_store_cite), and
 * its document's title, source and date from the document as stored. */
static int read_asked(look *l, const char *docref, int32_t index, int version) {
  vb_cite *c = NULL;
  int rc = vb_store_cite(l->st, docref, index, version, &c, l->err);
  vb_doc *doc = NULL;
  if (!rc) rc = vb_store_doc(l->st, c->doc, &doc, l->err);
  member *m = rc ? NULL : VB_VEC_PUSH(l->a, l->m);
  if (!rc && !m) rc = vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  if (!rc) {
    const vb_doc_view *d = vb_doc_get(doc);
    const vb_meta *meta = &d->meta;
    memset(m, 0, sizeof *m);
    memcpy(m->doc, c->doc, sizeof m->doc);
    m->index = c->index;
    /* its permalink now: "…#sN" or "…#sNvV" */
    const char *hash = c->link.ptr ? memchr(c->link.ptr, '#', c->link.len) : NULL;
    const char *v = hash ? memchr(hash, 'v', c->link.len - (size_t)(hash - c->link.ptr)) : NULL;
    if (v) m->numbering = (int32_t)strtol(v + 1, NULL, 10);
    m->text = copy(l->a, c->text);
    m->speaker = copy(l->a, c->speaker);
    m->kind = copy(l->a, c->kind);
    m->title = copy(l->a, d->title);
    m->series = copy(l->a, meta->series);
    m->number = copy(l->a, meta->number);
    m->channel = copy(l->a, meta->channel);
    m->day = copy(l->a, meta->aired.ptr ? meta->aired : meta->published);
    m->lang = copy(l->a, meta->language);
    m->date = vb_fam_date(m->day);
    m->asked = 1;
    if (!m->text.ptr) rc = vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  }
  vb_doc_free(doc);
  vb_cite_free(c);
  return rc ? rc : analyse(l, m);
}

/* A look-up's word: where it is in the statement, and how many statements
 * the index reads for it (the backend's estimate, 0 without one). */
typedef struct qword {
  vb_fam_word w;
  vb_qnode *t;
  double cost;
} qword;

/* Longest first (the rarest most often), then the first said. */
static int longer(const void *x, const void *y) {
  const qword *a = x, *b = y;
  uint32_t la = a->w.end - a->w.start, lb = b->w.end - b->w.start;
  return la != lb ? (la < lb ? 1 : -1) : (a->w.start > b->w.start) - (a->w.start < b->w.start);
}

/* Rarest first, then as longer. */
static int rarer(const void *x, const void *y) {
  const qword *a = x, *b = y;
  if (a->cost != b->cost) return a->cost < b->cost ? -1 : 1;
  return longer(x, y);
}

/* The query for m's look-alikes: its longest distinct words, OR'd, but
 * those in more than COMMON statements (the backend's estimate): `the`,
 * `of` (a million on the UN archive) add next to nothing to a match's rank
 * and each statement they match is scored; a member of the family shares
 * most of the other words. When fewer than QUERY_MIN_TERMS are left, the
 * rarest QUERY_MIN_TERMS. NULL (and *q untouched) when it has no word with
 * a letter. */
static int look_alike_query(look *l, vs_db db, const member *m, vb_qnode **q) {
  qword *w = vb_arena_alloc(l->a, (m->nwords + 1) * sizeof *w);
  if (!w) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < m->nwords; i++) {
    if (!(m->words[i].flags & VB_FAM_LETTER)) continue;
    size_t k = 0;
    while (k < n && w[k].w.hash != m->words[i].hash) k++;
    if (k == n) w[n++] = (qword){m->words[i], NULL, 0};
  }
  qsort(w, n, sizeof *w, longer);
  if (n > QUERY_TERMS) n = QUERY_TERMS;
  if (!n) return 0;
  for (size_t i = 0; i < n; i++) {
    vb_qnode *t = vb_arena_calloc(l->a, sizeof *t);
    char *s = vb_arena_strndup(l->a, m->text.ptr + w[i].w.start, w[i].w.end - w[i].w.start);
    if (!t || !s) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
    t->kind = VB_Q_TERM;
    t->text.ptr = s;
    t->text.len = w[i].w.end - w[i].w.start;
    w[i].t = t;
    int rc = vs_query_estimate(db, l->st->ops->text, t, &w[i].cost, l->err);
    if (rc) return rc;
  }
  qsort(w, n, sizeof *w, rarer);
  size_t take = 0;
  while (take < n && (take < QUERY_MIN_TERMS || w[take].cost <= COMMON)) take++;
  vb_qnode **kids = vb_arena_calloc(l->a, take * sizeof *kids);
  if (!kids) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  for (size_t i = 0; i < take; i++) kids[i] = w[i].t;
  if (take == 1) {
    *q = kids[0];
    return 0;
  }
  vb_qnode *or = vb_arena_calloc(l->a, sizeof *or);
  if (!or) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  or->kind = VB_Q_OR;
  or->kids = kids;
  or->nkids = take;
  *q = or;
  return 0;
}

static int known(const look *l, const char *doc, int32_t index) {
  for (uint32_t i = 0; i < l->m.n; i++)
    if (l->m.v[i].index == index && !strcmp(l->m.v[i].doc, doc)) return 1;
  return 0;
}

/* Adds the statements of raw's hits not yet among the members. */
static int add_hits(look *l, const vb_raw_results *raw) {
  int rc = 0;
  for (uint32_t i = 0; !rc && i < raw->hits.n; i++) {
    const vb_raw_hit *h = &raw->hits.v[i];
    if (known(l, h->doc, h->index)) continue;
    member *m = VB_VEC_PUSH(l->a, l->m);
    if (!m) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
    memset(m, 0, sizeof *m);
    memcpy(m->doc, h->doc, sizeof m->doc);
    m->index = h->index;
    m->numbering = h->numbering;
    m->text = h->text;
    m->speaker = h->speaker;
    m->kind = h->kind;
    m->title = h->title;
    m->series = h->series;
    m->number = h->number;
    m->channel = h->channel;
    m->day = h->date;
    m->lang = h->language;
    m->date = vb_fam_date(h->date);
    if (!m->text.ptr) {
      l->m.n--;
      continue;
    }
    rc = analyse(l, m);
  }
  return rc;
}

/* Adds the statements the index finds most like member k. */
static int search_near(look *l, uint32_t k) {
  l->m.v[k].searched = 1;
  vs_db db = {l->st->ops->sql, l->impl};
  vb_qnode *q = NULL;
  int rc = look_alike_query(l, db, &l->m.v[k], &q);
  if (rc || !q) return rc;
  vb_search_opts o = {.limit = CANDIDATES, .sort = VB_SORT_RELEVANCE};
  vb_raw_results raw;
  memset(&raw, 0, sizeof raw);
  rc = vs_search(db, l->st->ops->text, l->st->ops->cols ? l->st->ops->cols(l->impl) : NULL, q,
                 vs_store_lexicon(l->st, l->err), &o, 0, l->a, &raw, l->err); /* its own words, not a reader's: the budget bounds it */
  return rc ? rc : add_hits(l, &raw);
}

/* Adds the family the archive keeps for the asked statement (made as its
 * statements were stored, src/store/families.c): its founder and its
 * earliest members, CANDIDATES in all. *kept 0 when the archive keeps
 * none for it (fingerprints not made yet, or none for this statement):
 * then the index is searched. */
static int kept_family(look *l, int *kept) {
  *kept = 0;
  vs_db db = {l->st->ops->sql, l->impl};
  int built = 0;
  int rc = vs_fingerprints_built(db, &built, l->err);
  if (rc || !built) return rc;
  int64_t ids[CANDIDATES];
  size_t n = 0;
  rc = vs_family_kept(db, l->m.v[0].doc, l->m.v[0].index, ids, CANDIDATES, &n, l->err);
  if (rc || !n) return rc;
  *kept = 1;
  if (n == 1) return 0; /* alone in its family */
  vb_raw_results raw;
  memset(&raw, 0, sizeof raw);
  rc = vs_family_members_read(db, ids + 1, n - 1, l->a, &raw, l->err);
  return rc ? rc : add_hits(l, &raw);
}

/* Earliest first, undated last; on one day by document, then in the
 * document's order: the same family whichever member is asked about. */
static int by_time(const void *x, const void *y) {
  const member *a = x, *b = y;
  int64_t da = a->date ? a->date : INT32_MAX, db = b->date ? b->date : INT32_MAX;
  if (da != db) return da < db ? -1 : 1;
  int c = strcmp(a->doc, b->doc);
  return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Builds the families of every member so far, put in time order; *asked
 * gets the asked statement's place and *fam its match. */
static int build(look *l, vb_fam_set **set, uint32_t *asked, vb_fam_match *fam) {
  vb_fam_set_free(*set);
  *set = NULL;
  qsort(l->m.v, l->m.n, sizeof *l->m.v, by_time);
  int rc = vb_fam_set_new(set, l->err);
  for (uint32_t i = 0; !rc && i < l->m.n; i++) {
    const member *m = &l->m.v[i];
    vb_fam_item it = {m->words, m->nwords, NULL, 0, m->date};
    uint32_t id;
    rc = vb_fam_set_add(*set, &it, &id, l->err);
    if (m->asked) *asked = i;
  }
  if (!rc) rc = vb_fam_set_build(*set, NULL, l->err);
  if (!rc) *fam = vb_fam_set_of(*set, *asked);
  return rc;
}

/* ---- the result ------------------------------------------------------------ */

/* Words [i0, i1) of text as it spells them; {NULL, 0} for none. */
static vb_str span(vb_str text, const vb_fam_word *w, size_t n, uint32_t i0, uint32_t i1) {
  vb_str s = {NULL, 0};
  if (i0 >= i1 || i1 > n) return s;
  s.ptr = text.ptr + w[i0].start;
  s.len = w[i1 - 1].end - w[i0].start;
  return s;
}

/* The word diff of variant b against the first statement a into o,
 * compared on the words folded but not stemmed, so every changed form
 * shows. Two statements too long to align get none (o->diffed 0). */
static int changes(look *l, an_analyzer *fold, const member *a, const member *b, vb_family_member *o) {
  size_t ca = a->text.len / 2 + 1, cb = b->text.len / 2 + 1;
  /* malloc'd, not the look-up's arena: two long statements per member */
  vb_fam_word *wa = malloc(ca * sizeof *wa), *wb = malloc(cb * sizeof *wb);
  long na = wa ? vb_fam_words(fold, a->text.ptr, a->text.len, wa, ca) : -1;
  long nb = wb ? vb_fam_words(fold, b->text.ptr, b->text.len, wb, cb) : -1;
  vb_diff *d = NULL;
  size_t nd = 0;
  int rc = na < 0 || nb < 0 ? VB_ENOMEM : vb_fam_diff(wa, (size_t)na, wb, (size_t)nb, &d, &nd);
  vb_family_change *c = !rc && nd ? vb_arena_alloc(l->a, nd * sizeof *c) : NULL;
  if (!rc && nd && !c) rc = VB_ENOMEM;
  for (size_t i = 0; !rc && i < nd; i++) {
    c[i].op = vb_diff_op_name(d[i].op);
    c[i].from = span(a->text, wa, (size_t)na, d[i].a0, d[i].a1);
    c[i].to = span(b->text, wb, (size_t)nb, d[i].b0, d[i].b1);
  }
  if (!rc) {
    o->diff = c;
    o->ndiff = nd;
    o->diffed = 1;
  }
  free(d);
  free(wa);
  free(wb);
  if (rc == VB_ELIMIT) return 0; /* too long to align: no diff shown */
  return rc ? vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory") : 0;
}

static void describe(look *l, const member *m, vb_family_member *o) {
  memcpy(o->doc, m->doc, sizeof o->doc);
  o->index = m->index;
  o->link = vs_permalink(l->a, m->doc, m->index, m->numbering);
  o->date = m->day;
  o->speaker = m->speaker;
  o->kind = m->kind;
  o->title = m->title;
  o->series = m->series;
  o->number = m->number;
  o->channel = m->channel;
  o->text = m->text;
}

static int listed(const vb_str *v, size_t n, vb_str s) {
  for (size_t i = 0; i < n; i++)
    if (v[i].len == s.len && !memcmp(v[i].ptr, s.ptr, s.len)) return 1;
  return 0;
}

/* The asked statement's family as the result f: its members in time
 * order (the members' texts stay in the look-up's arena, f's own). */
static int result(look *l, const vb_fam_set *set, uint32_t ask, vb_fam_match fam, vb_family *f) {
  describe(l, &l->m.v[ask], &f->statement);
  f->compared = l->m.n;
  if (fam.family == VB_FAM_NONE) {
    f->note = "too short for a family: fewer than 6 words";
    return 0;
  }
  vb_family_member *mv = vb_arena_calloc(l->a, l->m.n * sizeof *mv);
  vb_str *speakers = vb_arena_calloc(l->a, l->m.n * sizeof *speakers);
  if (!mv || !speakers) return vb_err_set(l->err, VB_ENOMEM, "", -1, "out of memory");
  an_analyzer *fold = NULL;
  int rc = an_analyzer_new("", AN_FOLD, &fold, l->err);
  const member *first = &l->m.v[fam.family];
  size_t n = 0;
  for (uint32_t i = 0; !rc && i < l->m.n; i++) { /* members are in time order */
    vb_fam_match mm = vb_fam_set_of(set, i);
    if (mm.family != fam.family) continue;
    const member *m = &l->m.v[i];
    vb_family_member *o = &mv[n];
    describe(l, m, o);
    o->relation = i == fam.family ? "first" : vb_fam_rel_name(mm.rel);
    if (i != fam.family) {
      o->jaccard = mm.jaccard;
      rc = changes(l, fold, first, m, o);
      f->repeats += mm.rel == VB_REL_EXACT;
      f->variants += mm.rel != VB_REL_EXACT;
    }
    if (i == ask) f->statement.relation = o->relation;
    if (m->speaker.ptr && !listed(speakers, f->nspeakers, m->speaker)) speakers[f->nspeakers++] = m->speaker;
    int seen = 0;
    for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(mv[k].doc, m->doc);
    f->sources += !seen;
    n++;
  }
  f->members = mv;
  f->nmembers = n;
  f->speakers = speakers;
  an_analyzer_free(fold);
  return rc;
}

void vb_family_free(vb_family *f) { vs_box_free(f); }

int vb_store_family(vb_store *st, const char *ref, vb_family **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  char docref[128];
  int32_t index = 0;
  int version = -1;
  if (parse_ref(ref ? ref : "", docref, sizeof docref, &index, &version, err))
    return vb_err_set(err, VB_EUSAGE, ref ? ref : "", -1,
                      "a statement is DOC:N (a document id, prefix or series number and the statement's "
                      "index in it) or its permalink /d/DOC#sN");
  int rc = st->ops->flush(st->impl, err);
  if (rc) return rc;
  /* the look-up's arena is the result's: its members are the candidates read */
  vb_arena *a;
  vb_family *f = vs_box_new(sizeof *f, FAMILY_ARENA_LIMIT, &a);
  if (!f) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  look l = {st, st->reader ? st->reader : st->impl, a, NULL, {0}, err};
  rc = vb_fam_doc_new(&l.fd, err);
  if (!rc) rc = read_asked(&l, docref, index, version);
  vb_fam_set *set = NULL;
  vb_fam_match fam = {VB_FAM_NONE, VB_REL_NONE, 0, VB_FAM_NONE};
  uint32_t ask = 0;
  int kept = 0;
  if (!rc && vb_fam_letter_words(l.m.v[0].words, l.m.v[0].nwords) >= VB_FAM_MIN_WORDS) {
    rc = kept_family(&l, &kept);
    if (!rc && !kept) rc = search_near(&l, 0);
    if (!rc) rc = build(&l, &set, &ask, &fam);
    /* the first statement's own look-alikes: repeats of it the asked
     * statement's words did not rank */
    if (!rc && !kept && fam.family != VB_FAM_NONE && !l.m.v[fam.family].searched) {
      rc = search_near(&l, fam.family);
      if (!rc) rc = build(&l, &set, &ask, &fam);
    }
  }
  if (!rc) rc = result(&l, set, ask, fam, f);
  if (!rc && vb_arena_refused(a)) rc = vb_err_set(err, VB_ELIMIT, "", -1, "the family look-up took too much memory");
  vb_fam_set_free(set);
  vb_fam_doc_free(l.fd);
  rc = vs_box_finish(a, rc, err);
  if (!rc) *out = f;
  return rc;
}
