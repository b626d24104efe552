/* matcher — standing queries against one statement at a time, in memory:
 * the reverse of search. Each query is compiled once: its words become
 * word ids, through the caller's analysis, so they are the forms the
 * index holds; its anchors — word ids one of which every statement it
 * matches holds — index it (a term: its forms; a phrase: its most
 * selective word; AND: its most selective part; OR: all its parts).
 * A statement arrives as its token ids; its words are marked present,
 * the anchors pick the candidates, and each candidate's tree is
 * evaluated in three values — no, yes, or maybe, where only the archive
 * can tell (filters, exact forms, NEAR distances). Queries with no
 * anchor are evaluated on every statement, and counted.
 *
 * "Most selective" is guessed from the words alone, as Lucene's Luwak
 * presearcher does by default: a longer word is taken to be rarer. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/map.h"
#include "query/matcher.h"

enum { NO = 0, YES = 1, MAYBE = 2 };

#define MAX_FORMS 24   /* forms of one word: folded, then tagged stems */
#define MAX_WORDS 64   /* words of a phrase the matcher checks */
#define MAX_ANCHORS 64 /* anchor ids of one query */

/* A query compiled to code: uint32 words, its nodes in prefix order.
 *   TERM    [op, n, id…]               the forms of one word
 *   PHRASE  [op, size, words, (n, id…)…]
 *   PREFIX  [op, prefix index]          index NONE: not one word (maybe)
 *   AND/OR/NEAR [op, size, kids, kid…]
 *   NOT     [op, kid]
 *   FILTER  [op]
 * op is the kind, with MAYBE_BIT when a match there is only a candidate
 * (an exact form, a phrase cut short, a term with no words). One query's
 * code is contiguous, so trying it touches a line or two of memory. */
#define MAYBE_BIT 0x100u
#define KIND(w) ((w) & 0xffu)
#define NONE UINT32_MAX

/* The queries a word anchors, as (query index, code offset, second word)
 * triples, side by side so a statement's candidates are read in runs. The
 * second word (a group, below; 0 none) is another word an AND query needs:
 * a statement without it is no candidate, and its code is never read. */
typedef struct posting {
  uint32_t *v;
  uint32_t n, cap; /* triples */
} posting;

/* A query word's group is the id of its first (folded) form; the groups
 * a form belongs to are the words it can stand for. */
typedef struct idlist {
  uint32_t *v;
  uint32_t n, cap;
} idlist;

typedef struct mquery {
  uint32_t id;
  uint32_t code; /* into pool */
} mquery;

struct vb_matcher {
  an_termer *termer;
  vb_map words;    /* form -> id (1…) */
  uint16_t *wlen;  /* per id: the form's length */
  struct posting *post; /* per id: the queries it anchors */
  idlist *groups;       /* per id: the groups (words) it is a form of */
  uint32_t *gseen;      /* per group: the statement it was last seen in */
  uint32_t *seen;  /* per id: the statement it was last seen in */
  size_t capwords;
  uint32_t *pool;  /* the compiled queries' code */
  size_t npool, cappool;
  uint32_t *cand; /* one statement's candidates: query index, code */
  size_t capcand;
  mquery *q;
  uint32_t *stamp; /* per query: the statement it was last tried on */
  size_t nq, capq, capstamp;
  uint32_t *always; /* unanchored queries */
  size_t nalways, capalways;
  char **prefixes;
  size_t nprefixes, capprefixes;
  uint32_t clock;
};

vb_matcher *vb_matcher_new(an_termer *t) {
  vb_matcher *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->termer = t;
  vb_map_init(&m->words);
  return m;
}

void vb_matcher_free(vb_matcher *m) {
  if (!m) return;
  for (size_t i = 0; i < m->nprefixes; i++) free(m->prefixes[i]);
  free(m->prefixes);
  free(m->q);
  free(m->stamp);
  for (size_t i = 0; i < m->capwords; i++) {
    free(m->post[i].v);
    free(m->groups[i].v);
  }
  free(m->post);
  free(m->groups);
  free(m->gseen);
  free(m->cand);
  free(m->always);
  free(m->pool);
  free(m->wlen);
  free(m->seen);
  vb_map_free(&m->words);
  free(m);
}

uint32_t vb_matcher_word(const vb_matcher *m, const char *form, size_t n) {
  uint32_t id = vb_map_get(&m->words, form, n);
  return id == VB_MAP_NONE ? 0 : id;
}

/* ---- compiling ----------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t size) { return vb_grow(p, cap, need, size, 256); }

static uint32_t word_id(vb_matcher *m, const char *form, size_t n) {
  uint32_t id = vb_map_put(&m->words, form, n, (uint32_t)m->words.n + 1, NULL);
  if (id == VB_MAP_NONE) return 0;
  if (id >= m->capwords) {
    size_t old = m->capwords, cap = old ? old : 1024;
    while (cap <= id) cap *= 2;
    uint16_t *l = realloc(m->wlen, cap * sizeof *l);
    if (l) m->wlen = l;
    posting *h = l ? realloc(m->post, cap * sizeof *h) : NULL;
    if (h) m->post = h;
    uint32_t *s = h ? realloc(m->seen, cap * sizeof *s) : NULL;
    if (s) m->seen = s;
    idlist *g = s ? realloc(m->groups, cap * sizeof *g) : NULL;
    if (g) m->groups = g;
    uint32_t *gs = g ? realloc(m->gseen, cap * sizeof *gs) : NULL;
    if (!gs) return 0;
    m->gseen = gs;
    memset(m->post + old, 0, (cap - old) * sizeof *h);
    memset(m->seen + old, 0, (cap - old) * sizeof *s);
    memset(m->groups + old, 0, (cap - old) * sizeof *g);
    memset(m->gseen + old, 0, (cap - old) * sizeof *gs);
    m->capwords = cap;
  }
  m->wlen[id] = (uint16_t)(n > UINT16_MAX ? UINT16_MAX : n);
  return id;
}

/* The words of a query text: their forms, appended to the pool. */
typedef struct words_ctx {
  vb_matcher *m;
  uint32_t forms[MAX_WORDS][MAX_FORMS];
  uint8_t nforms[MAX_WORDS];
  uint32_t n;
  int64_t last;
  int cut, failed;
  char first[256]; /* the first word's first form (a prefix's text) */
  size_t nfirst;
} words_ctx;

static int add_word_form(void *ctx, const char *form, size_t n, size_t start, size_t end, int first) {
  (void)end;
  (void)first;
  words_ctx *w = ctx;
  if ((int64_t)start != w->last) {
    if (w->n == MAX_WORDS) {
      w->cut = 1;
      return 0;
    }
    w->nforms[w->n++] = 0;
    w->last = (int64_t)start;
    if (w->n == 1 && n < sizeof w->first) {
      memcpy(w->first, form, n);
      w->nfirst = n;
    }
  }
  uint32_t id = word_id(w->m, form, n);
  if (!id) {
    w->failed = 1;
    return 1;
  }
  uint32_t k = w->n - 1;
  for (uint8_t i = 0; i < w->nforms[k]; i++)
    if (w->forms[k][i] == id) return 0;
  if (w->nforms[k] < MAX_FORMS) w->forms[k][w->nforms[k]++] = id;
  else w->cut = 1;
  return 0;
}

/* Appends n words to the pool; their offset, or NONE when out of memory. */
static uint32_t emit(vb_matcher *m, const uint32_t *w, size_t n) {
  if (grow((void **)&m->pool, &m->cappool, m->npool + n, sizeof *m->pool)) return NONE;
  uint32_t at = (uint32_t)m->npool;
  memcpy(m->pool + at, w, n * sizeof *w);
  m->npool += n;
  return at;
}

static int compile(vb_matcher *m, const vb_qnode *q) {
  uint32_t op = (uint32_t)q->kind;
  if (q->kind == VB_Q_TERM || q->kind == VB_Q_PHRASE || q->kind == VB_Q_PREFIX) {
    words_ctx *w = calloc(1, sizeof *w);
    if (!w) return -1;
    w->m = m;
    w->last = -1;
    int rc = an_query_forms(m->termer, NULL, q->text.ptr, q->text.len, 0, add_word_form, w);
    if (rc || w->failed) {
      free(w);
      return -1;
    }
    if (q->kind == VB_Q_PREFIX) {
      uint32_t code[2] = {op, NONE};
      if (w->n == 1 && !w->cut) {
        char *p = strndup(w->first, w->nfirst);
        if (!p || grow((void **)&m->prefixes, &m->capprefixes, m->nprefixes + 1, sizeof *m->prefixes)) {
          free(p);
          free(w);
          return -1;
        }
        code[1] = (uint32_t)m->nprefixes;
        m->prefixes[m->nprefixes++] = p;
      }
      free(w);
      return emit(m, code, 2) == NONE ? -1 : 0;
    }
    /* each word's forms belong to its group: its first form */
    for (uint32_t i = 0; i < w->n; i++)
      for (uint8_t k = 0; k < w->nforms[i]; k++) {
        idlist *g = &m->groups[w->forms[i][k]];
        uint32_t gid = w->forms[i][0], j = 0;
        while (j < g->n && g->v[j] != gid) j++;
        if (j < g->n) continue;
        if (g->n == g->cap) {
          uint32_t cap = g->cap ? g->cap * 2 : 2;
          uint32_t *v = realloc(g->v, cap * sizeof *v);
          if (!v) {
            free(w);
            return -1;
          }
          g->v = v;
          g->cap = cap;
        }
        g->v[g->n++] = gid;
      }
    if (q->exact || w->cut || !w->n) op |= MAYBE_BIT;
    uint32_t at;
    if (w->n <= 1) {
      uint32_t hdr[2] = {(op & MAYBE_BIT) | VB_Q_TERM, w->n ? w->nforms[0] : 0};
      at = emit(m, hdr, 2);
      if (at != NONE && w->n) at = emit(m, w->forms[0], w->nforms[0]);
    } else {
      uint32_t hdr[3] = {(op & MAYBE_BIT) | VB_Q_PHRASE, 0, w->n};
      uint32_t start = at = emit(m, hdr, 3);
      for (uint32_t i = 0; at != NONE && i < w->n; i++) {
        uint32_t cnt = w->nforms[i];
        at = emit(m, &cnt, 1);
        if (at != NONE) at = emit(m, w->forms[i], cnt);
      }
      if (at != NONE) m->pool[start + 1] = (uint32_t)m->npool - start;
    }
    free(w);
    return at == NONE ? -1 : 0;
  }
  if (q->kind == VB_Q_FILTER) return emit(m, &op, 1) == NONE ? -1 : 0;
  if (q->kind == VB_Q_NOT) {
    if (emit(m, &op, 1) == NONE) return -1;
    return q->nkids ? compile(m, q->kids[0]) : -1;
  }
  /* AND, OR, NEAR: the distance rides in the op's high bits */
  uint32_t hdr[3] = {op | (uint32_t)(q->near > 0 ? q->near : 0) << 16, 0, (uint32_t)q->nkids};
  uint32_t start = emit(m, hdr, 3);
  if (start == NONE) return -1;
  for (size_t i = 0; i < q->nkids; i++)
    if (compile(m, q->kids[i])) return -1;
  m->pool[start + 1] = (uint32_t)m->npool - start;
  return 0;
}

/* The size of the node at p, in words. */
static uint32_t node_size(const uint32_t *p) {
  switch (KIND(p[0])) {
  case VB_Q_TERM: return 2 + p[1];
  case VB_Q_PREFIX: return 2;
  case VB_Q_FILTER: return 1;
  case VB_Q_NOT: return 1 + node_size(p + 1);
  default: return p[1];
  }
}

/* A set of anchor ids and how selective it looks: its shortest form
 * (longer is rarer), then fewer forms. */
typedef struct aset {
  uint32_t id[MAX_ANCHORS];
  size_t n;
  size_t shortest;
} aset;

static int better(const aset *a, const aset *b) {
  if (a->shortest != b->shortest) return a->shortest > b->shortest;
  return a->n < b->n;
}

static void set_of(const vb_matcher *m, const uint32_t *forms, aset *out) {
  out->n = forms[0];
  out->shortest = SIZE_MAX;
  for (size_t i = 0; i < out->n; i++) {
    out->id[i] = forms[1 + i];
    if (m->wlen[out->id[i]] < out->shortest) out->shortest = m->wlen[out->id[i]];
  }
}

/* Anchors: ids one of which any statement the node at p matches holds. */
static int anchors_of(const vb_matcher *m, const uint32_t *p, aset *out) {
  switch (KIND(p[0])) {
  case VB_Q_TERM:
    if (!p[1]) return 0;
    set_of(m, p + 1, out);
    return 1;
  case VB_Q_PHRASE: {
    const uint32_t *f = p + 3;
    int found = 0;
    for (uint32_t w = 0; w < p[2]; w++, f += 1 + f[0]) {
      aset a;
      set_of(m, f, &a);
      if (a.n && (!found || better(&a, out))) {
        *out = a;
        found = 1;
      }
    }
    return found;
  }
  case VB_Q_AND:
  case VB_Q_NEAR: {
    int found = 0;
    const uint32_t *k = p + 3;
    for (uint32_t i = 0; i < p[2]; i++, k += node_size(k)) {
      aset a;
      if (anchors_of(m, k, &a) && (!found || better(&a, out))) {
        *out = a;
        found = 1;
      }
    }
    return found;
  }
  case VB_Q_OR: {
    out->n = 0;
    out->shortest = SIZE_MAX;
    const uint32_t *k = p + 3;
    for (uint32_t i = 0; i < p[2]; i++, k += node_size(k)) {
      aset a;
      if (!anchors_of(m, k, &a) || out->n + a.n > MAX_ANCHORS) return 0;
      memcpy(out->id + out->n, a.id, a.n * sizeof *a.id);
      out->n += a.n;
      if (a.shortest < out->shortest) out->shortest = a.shortest;
    }
    return out->n > 0;
  }
  default: return 0; /* NOT, PREFIX, FILTER */
  }
}

/* For an AND, NEAR or phrase at the root: the group of a word it needs
 * besides the anchor's — the longest such word, taken to be the rarest —
 * or 0. Every statement the query matches holds a form of it. */
static uint32_t second_group(const vb_matcher *m, const uint32_t *p, const aset *anchor) {
  int phrase = KIND(p[0]) == VB_Q_PHRASE;
  if (KIND(p[0]) != VB_Q_AND && KIND(p[0]) != VB_Q_NEAR && !phrase) return 0;
  uint32_t best = 0;
  const uint32_t *k = phrase ? p : p + 3;
  for (uint32_t i = 0; i < (phrase ? 1 : p[2]); i++, k += node_size(k)) {
    uint32_t kind = KIND(k[0]);
    if ((kind != VB_Q_TERM && kind != VB_Q_PHRASE) || (kind == VB_Q_TERM && !k[1])) continue;
    const uint32_t *f = kind == VB_Q_TERM ? k + 1 : k + 3;
    uint32_t nw = kind == VB_Q_TERM ? 1 : k[2];
    for (uint32_t w = 0; w < nw; w++, f += 1 + f[0]) {
      if (!f[0]) continue;
      int is_anchor = 0; /* the anchor's own word says nothing more */
      for (size_t j = 0; j < anchor->n && !is_anchor; j++) is_anchor = anchor->id[j] == f[1];
      if (!is_anchor && (!best || m->wlen[f[1]] > m->wlen[best])) best = f[1];
    }
  }
  return best;
}

int vb_matcher_add(vb_matcher *m, uint32_t id, const vb_qnode *q, int *anchored) {
  if (grow((void **)&m->q, &m->capq, m->nq + 1, sizeof *m->q) ||
      grow((void **)&m->stamp, &m->capstamp, m->nq + 1, sizeof *m->stamp))
    return -1;
  size_t mark = m->npool, pmark = m->nprefixes;
  aset *a = malloc(sizeof *a);
  int rc = a ? compile(m, q) : -1;
  uint32_t qi = (uint32_t)m->nq;
  int ok = !rc && anchors_of(m, m->pool + mark, a);
  if (anchored) *anchored = ok;
  if (!rc && !ok) {
    rc = grow((void **)&m->always, &m->capalways, m->nalways + 1, sizeof *m->always);
    if (!rc) m->always[m->nalways++] = qi;
  } else if (!rc) {
    uint32_t g2 = second_group(m, m->pool + mark, a);
    for (size_t i = 0; !rc && i < a->n; i++) {
      posting *pw = &m->post[a->id[i]];
      if (pw->n == pw->cap) {
        uint32_t cap = pw->cap ? pw->cap * 2 : 2;
        uint32_t *g = realloc(pw->v, (size_t)cap * 3 * sizeof *g);
        if (!g) {
          rc = -1;
          break;
        }
        pw->v = g;
        pw->cap = cap;
      }
      pw->v[3 * pw->n] = qi;
      pw->v[3 * pw->n + 1] = (uint32_t)mark;
      pw->v[3 * pw->n + 2] = g2;
      pw->n++;
    }
  }
  free(a);
  if (rc) { /* forget the half-compiled code */
    m->npool = mark;
    while (m->nprefixes > pmark) free(m->prefixes[--m->nprefixes]);
    return -1;
  }
  m->q[m->nq] = (mquery){id, (uint32_t)mark};
  m->stamp[m->nq] = 0;
  m->nq++;
  return 0;
}

/* ---- evaluating ---------------------------------------------------------- */

static int present(const vb_matcher *m, const uint32_t *f) {
  for (uint32_t i = 0; i < f[0]; i++)
    if (m->seen[f[1 + i]] == m->clock) return 1;
  return 0;
}

static int has(const uint32_t *f, uint32_t id) {
  for (uint32_t i = 0; i < f[0]; i++)
    if (f[1 + i] == id) return 1;
  return 0;
}

/* The word position of token i. */
#define POS(s, i) ((s)->pos ? (s)->pos[i] : (uint32_t)(i))

static int eval(const vb_matcher *m, const uint32_t *p, const vb_matcher_statement *s) {
  switch (KIND(p[0])) {
  case VB_Q_TERM:
    if (!p[1]) return MAYBE;
    return present(m, p + 1) ? (p[0] & MAYBE_BIT ? MAYBE : YES) : NO;
  case VB_Q_PHRASE: {
    const uint32_t *f = p + 3;
    uint32_t nw = p[2];
    for (uint32_t w = 0; w < nw; w++, f += 1 + f[0])
      if (!present(m, f)) return NO;
    for (size_t i = 0; i < s->n; i++) {
      if (i && POS(s, i) == POS(s, i - 1)) continue; /* each word from its first token */
      f = p + 3;
      uint32_t w = 0;
      size_t j = i;
      while (w < nw && j < s->n) {
        uint32_t at = POS(s, j);
        int ok = 0;
        for (; j < s->n && POS(s, j) == at; j++) ok |= has(f, s->ids[j]);
        if (!ok) break;
        f += 1 + f[0];
        w++;
      }
      if (w == nw) return p[0] & MAYBE_BIT ? MAYBE : YES;
    }
    return NO;
  }
  case VB_Q_PREFIX: {
    if (p[1] == NONE) return MAYBE;
    const char *pre = m->prefixes[p[1]];
    size_t pl = strlen(pre);
    for (size_t i = 0; i < s->n; i++)
      if (s->lens[i] >= pl && !memcmp(s->texts[i], pre, pl)) return YES;
    return NO;
  }
  case VB_Q_AND: {
    int r = YES;
    const uint32_t *k = p + 3;
    for (uint32_t i = 0; i < p[2]; i++, k += node_size(k)) {
      int v = eval(m, k, s);
      if (v == NO) return NO;
      if (v == MAYBE) r = MAYBE;
    }
    return r;
  }
  case VB_Q_OR: {
    int r = NO;
    const uint32_t *k = p + 3;
    for (uint32_t i = 0; i < p[2]; i++, k += node_size(k)) {
      int v = eval(m, k, s);
      if (v == YES) return YES;
      if (v == MAYBE) r = MAYBE;
    }
    return r;
  }
  case VB_Q_NOT: {
    int v = eval(m, p + 1, s);
    return v == MAYBE ? MAYBE : v == YES ? NO : YES;
  }
  case VB_Q_NEAR: {
    /* every part present; the distance is the archive's to check */
    const uint32_t *k = p + 3;
    for (uint32_t i = 0; i < p[2]; i++, k += node_size(k))
      if (eval(m, k, s) == NO) return NO;
    return MAYBE;
  }
  default: return MAYBE; /* a filter */
  }
}

static int try_query(vb_matcher *m, uint32_t qi, const vb_matcher_statement *s, vb_matcher_hit fn, void *ctx,
                     size_t *tried) {
  m->stamp[qi] = m->clock;
  ++*tried;
  int r = eval(m, m->pool + m->q[qi].code, s);
  return r == NO ? 0 : fn(ctx, m->q[qi].id, r == YES);
}

int vb_matcher_match(vb_matcher *m, const vb_matcher_statement *s, vb_matcher_hit fn, void *ctx, int naive,
                     vb_matcher_stats *stats) {
  if (++m->clock == 0) { /* the stamps wrapped: forget them */
    memset(m->stamp, 0, m->nq * sizeof *m->stamp);
    memset(m->seen, 0, m->capwords * sizeof *m->seen);
    memset(m->gseen, 0, m->capwords * sizeof *m->gseen);
    m->clock = 1;
  }
  for (size_t i = 0; i < s->n; i++) {
    uint32_t w = s->ids[i];
    if (!w || w >= m->capwords) continue;
    m->seen[w] = m->clock;
    for (uint32_t g = 0; g < m->groups[w].n; g++) m->gseen[m->groups[w].v[g]] = m->clock;
  }
  size_t tried = 0;
  int rc = 0;
  if (naive) {
    for (uint32_t qi = 0; !rc && qi < m->nq; qi++) rc = try_query(m, qi, s, fn, ctx, &tried);
    if (stats) stats->tried += tried;
    return rc;
  }
  /* the candidates first, their code fetched ahead, then each tried: the
   * loads overlap instead of waiting one after another */
  size_t nc = 0;
  for (size_t i = 0; i < s->n; i++) {
    uint32_t w = s->ids[i];
    if (!w || w >= m->capwords || m->seen[w] != m->clock) continue;
    m->seen[w] = m->clock - 1; /* a word repeated in the statement: once */
    const posting *pw = &m->post[w];
    if (grow((void **)&m->cand, &m->capcand, 2 * (nc + pw->n), sizeof *m->cand)) return -1;
    for (uint32_t k = 0; k < pw->n; k++) {
      const uint32_t *e = pw->v + 3 * k;
      if (m->stamp[e[0]] == m->clock || (e[2] && m->gseen[e[2]] != m->clock)) continue;
      m->stamp[e[0]] = m->clock;
      m->cand[2 * nc] = e[0];
      m->cand[2 * nc + 1] = e[1];
      __builtin_prefetch(m->pool + e[1]);
      nc++;
    }
  }
  for (size_t i = 0; i < s->n; i++) /* present again, for the trees */
    if (s->ids[i] && s->ids[i] < m->capwords) m->seen[s->ids[i]] = m->clock;
  for (size_t c = 0; !rc && c < nc; c++) {
    tried++;
    int r = eval(m, m->pool + m->cand[2 * c + 1], s);
    if (r != NO) rc = fn(ctx, m->q[m->cand[2 * c]].id, r == YES);
  }
  for (size_t a = 0; !rc && a < m->nalways; a++)
    if (m->stamp[m->always[a]] != m->clock) rc = try_query(m, m->always[a], s, fn, ctx, &tried);
  if (stats) stats->tried += tried;
  return rc;
}

void vb_matcher_stats_of(const vb_matcher *m, vb_matcher_stats *out) {
  out->queries = m->nq;
  out->unanchored = m->nalways;
  out->tried = 0;
}
