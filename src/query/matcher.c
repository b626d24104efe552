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

#include "core/map.h"
#include "query/matcher.h"

enum { NO = 0, YES = 1, MAYBE = 2 };

#define MAX_FORMS 16   /* forms of one word: folded, then stems */
#define MAX_WORDS 64   /* words of a phrase the matcher checks */
#define MAX_ANCHORS 64 /* anchor ids of one query */

typedef struct mnode {
  uint8_t kind;
  uint8_t maybe;   /* a match here is only a candidate: exact, cut short, no words */
  uint16_t nwords; /* TERM 1, PHRASE its words */
  uint32_t near;
  uint32_t forms;  /* into pool: per word, a count then that many ids */
  char *prefix;    /* PREFIX: folded; NULL when it is not one word */
  struct mnode **kids;
  uint32_t nkids;
} mnode;

typedef struct mquery {
  uint32_t id;
  mnode *root;
} mquery;

struct vb_matcher {
  vb_matcher_forms forms_fn;
  void *forms_ctx;
  vb_map words;    /* form -> id (1…) */
  uint16_t *wlen;  /* per id: the form's length */
  uint32_t *head;  /* per id: first anchor link + 1, 0 none */
  uint32_t *seen;  /* per id: the statement it was last seen in */
  size_t capwords;
  uint32_t *pool;  /* word forms of the compiled queries */
  size_t npool, cappool;
  uint32_t *links; /* per link: query index, next link + 1 */
  size_t nlinks, caplinks;
  mquery *q;
  uint32_t *stamp; /* per query: the statement it was last tried on */
  size_t nq, capq, capstamp;
  uint32_t *always; /* unanchored queries */
  size_t nalways, capalways;
  uint32_t clock;
};

vb_matcher *vb_matcher_new(vb_matcher_forms fn, void *ctx) {
  vb_matcher *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->forms_fn = fn;
  m->forms_ctx = ctx;
  vb_map_init(&m->words);
  return m;
}

static void free_node(mnode *n) {
  if (!n) return;
  for (uint32_t i = 0; i < n->nkids; i++) free_node(n->kids[i]);
  free(n->kids);
  free(n->prefix);
  free(n);
}

void vb_matcher_free(vb_matcher *m) {
  if (!m) return;
  for (size_t i = 0; i < m->nq; i++) free_node(m->q[i].root);
  free(m->q);
  free(m->stamp);
  free(m->links);
  free(m->always);
  free(m->pool);
  free(m->wlen);
  free(m->head);
  free(m->seen);
  vb_map_free(&m->words);
  free(m);
}

uint32_t vb_matcher_word(const vb_matcher *m, const char *form, size_t n) {
  uint32_t id = vb_map_get(&m->words, form, n);
  return id == VB_MAP_NONE ? 0 : id;
}

/* ---- compiling ----------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 256;
  while (c < need) c *= 2;
  void *g = realloc(*p, c * size);
  if (!g) return -1;
  *p = g;
  *cap = c;
  return 0;
}

static uint32_t word_id(vb_matcher *m, const char *form, size_t n) {
  uint32_t id = vb_map_put(&m->words, form, n, (uint32_t)m->words.n + 1, NULL);
  if (id == VB_MAP_NONE) return 0;
  if (id >= m->capwords) {
    size_t old = m->capwords, cap = old ? old : 1024;
    while (cap <= id) cap *= 2;
    uint16_t *l = realloc(m->wlen, cap * sizeof *l);
    if (l) m->wlen = l;
    uint32_t *h = l ? realloc(m->head, cap * sizeof *h) : NULL;
    if (h) m->head = h;
    uint32_t *s = h ? realloc(m->seen, cap * sizeof *s) : NULL;
    if (!s) return 0;
    m->seen = s;
    memset(m->head + old, 0, (cap - old) * sizeof *h);
    memset(m->seen + old, 0, (cap - old) * sizeof *s);
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

static int add_word_form(void *ctx, const char *form, size_t n, size_t start, size_t end) {
  (void)end;
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

static mnode *compile(vb_matcher *m, const vb_qnode *q) {
  mnode *n = calloc(1, sizeof *n);
  if (!n) return NULL;
  n->kind = (uint8_t)q->kind;
  n->near = (uint32_t)(q->near > 0 ? q->near : 0);
  if (q->kind == VB_Q_TERM || q->kind == VB_Q_PHRASE || q->kind == VB_Q_PREFIX) {
    words_ctx *w = calloc(1, sizeof *w);
    if (!w) {
      free(n);
      return NULL;
    }
    w->m = m;
    w->last = -1;
    int rc = m->forms_fn(m->forms_ctx, q->text.ptr, q->text.len, add_word_form, w);
    if (rc || w->failed) {
      free(w);
      free(n);
      return NULL;
    }
    if (q->kind == VB_Q_PREFIX) {
      if (w->n == 1 && !w->cut) {
        n->prefix = strndup(w->first, w->nfirst);
        if (!n->prefix) {
          free(w);
          free(n);
          return NULL;
        }
      }
      free(w);
      return n;
    }
    size_t need = m->npool + w->n;
    for (uint32_t i = 0; i < w->n; i++) need += w->nforms[i];
    if (grow((void **)&m->pool, &m->cappool, need, sizeof *m->pool)) {
      free(w);
      free(n);
      return NULL;
    }
    n->forms = (uint32_t)m->npool;
    for (uint32_t i = 0; i < w->n; i++) {
      m->pool[m->npool++] = w->nforms[i];
      memcpy(m->pool + m->npool, w->forms[i], w->nforms[i] * sizeof *m->pool);
      m->npool += w->nforms[i];
    }
    n->nwords = (uint16_t)w->n;
    n->kind = w->n == 1 ? VB_Q_TERM : VB_Q_PHRASE;
    n->maybe = (uint8_t)(q->exact || w->cut || !w->n);
    free(w);
    return n;
  }
  if (q->kind == VB_Q_FILTER) return n;
  n->kids = calloc(q->nkids ? q->nkids : 1, sizeof *n->kids);
  if (!n->kids) {
    free(n);
    return NULL;
  }
  for (size_t i = 0; i < q->nkids; i++) {
    n->kids[i] = compile(m, q->kids[i]);
    if (!n->kids[i]) {
      free_node(n);
      return NULL;
    }
    n->nkids++;
  }
  return n;
}

/* A set of anchor ids and how selective it looks: its shortest form
 * (longer is rarer), then fewer forms. */
typedef struct aset {
  uint32_t id[MAX_ANCHORS];
  size_t n;
  size_t shortest;
} aset;

static int better(const vb_matcher *m, const aset *a, const aset *b) {
  (void)m;
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

/* Anchors: ids one of which any statement the node matches holds. */
static int anchors_of(const vb_matcher *m, const mnode *n, aset *out) {
  switch (n->kind) {
  case VB_Q_TERM:
  case VB_Q_PHRASE: {
    if (!n->nwords) return 0;
    const uint32_t *f = m->pool + n->forms;
    int found = 0;
    for (uint16_t w = 0; w < n->nwords; w++, f += 1 + f[0]) {
      aset a;
      set_of(m, f, &a);
      if (a.n && (!found || better(m, &a, out))) {
        *out = a;
        found = 1;
      }
    }
    return found;
  }
  case VB_Q_AND:
  case VB_Q_NEAR: {
    int found = 0;
    for (uint32_t i = 0; i < n->nkids; i++) {
      aset a;
      if (anchors_of(m, n->kids[i], &a) && (!found || better(m, &a, out))) {
        *out = a;
        found = 1;
      }
    }
    return found;
  }
  case VB_Q_OR: {
    out->n = 0;
    out->shortest = SIZE_MAX;
    for (uint32_t i = 0; i < n->nkids; i++) {
      aset a;
      if (!anchors_of(m, n->kids[i], &a) || out->n + a.n > MAX_ANCHORS) return 0;
      memcpy(out->id + out->n, a.id, a.n * sizeof *a.id);
      out->n += a.n;
      if (a.shortest < out->shortest) out->shortest = a.shortest;
    }
    return out->n > 0;
  }
  default: return 0; /* NOT, PREFIX, FILTER */
  }
}

int vb_matcher_add(vb_matcher *m, uint32_t id, const vb_qnode *q, int *anchored) {
  if (grow((void **)&m->q, &m->capq, m->nq + 1, sizeof *m->q) ||
      grow((void **)&m->stamp, &m->capstamp, m->nq + 1, sizeof *m->stamp))
    return -1;
  mnode *root = compile(m, q);
  if (!root) return -1;
  aset *a = malloc(sizeof *a);
  if (!a) {
    free_node(root);
    return -1;
  }
  uint32_t qi = (uint32_t)m->nq;
  int ok = anchors_of(m, root, a);
  if (anchored) *anchored = ok;
  int rc = 0;
  if (!ok) {
    rc = grow((void **)&m->always, &m->capalways, m->nalways + 1, sizeof *m->always);
    if (!rc) m->always[m->nalways++] = qi;
  } else {
    rc = grow((void **)&m->links, &m->caplinks, m->nlinks + 2 * a->n, sizeof *m->links);
    for (size_t i = 0; !rc && i < a->n; i++) {
      uint32_t w = a->id[i];
      m->links[m->nlinks] = qi;
      m->links[m->nlinks + 1] = m->head[w];
      m->head[w] = (uint32_t)m->nlinks + 1;
      m->nlinks += 2;
    }
  }
  free(a);
  if (rc) {
    free_node(root);
    return -1;
  }
  m->q[m->nq] = (mquery){id, root};
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

static int eval(const vb_matcher *m, const mnode *n, const vb_matcher_statement *s) {
  switch (n->kind) {
  case VB_Q_TERM:
    if (!n->nwords) return MAYBE;
    return present(m, m->pool + n->forms) ? (n->maybe ? MAYBE : YES) : NO;
  case VB_Q_PHRASE: {
    const uint32_t *f = m->pool + n->forms;
    for (uint16_t w = 0; w < n->nwords; w++, f += 1 + f[0])
      if (!present(m, f)) return NO;
    for (size_t i = 0; i + n->nwords <= s->n; i++) {
      f = m->pool + n->forms;
      uint16_t w = 0;
      while (w < n->nwords && has(f, s->ids[i + w])) {
        f += 1 + f[0];
        w++;
      }
      if (w == n->nwords) return n->maybe ? MAYBE : YES;
    }
    return NO;
  }
  case VB_Q_PREFIX: {
    if (!n->prefix) return MAYBE;
    size_t pl = strlen(n->prefix);
    for (size_t i = 0; i < s->n; i++)
      if (s->lens[i] >= pl && !memcmp(s->texts[i], n->prefix, pl)) return YES;
    return NO;
  }
  case VB_Q_AND: {
    int r = YES;
    for (uint32_t i = 0; i < n->nkids; i++) {
      int k = eval(m, n->kids[i], s);
      if (k == NO) return NO;
      if (k == MAYBE) r = MAYBE;
    }
    return r;
  }
  case VB_Q_OR: {
    int r = NO;
    for (uint32_t i = 0; i < n->nkids; i++) {
      int k = eval(m, n->kids[i], s);
      if (k == YES) return YES;
      if (k == MAYBE) r = MAYBE;
    }
    return r;
  }
  case VB_Q_NOT: {
    int k = eval(m, n->kids[0], s);
    return k == MAYBE ? MAYBE : k == YES ? NO : YES;
  }
  case VB_Q_NEAR:
    /* every part present; the distance is the archive's to check */
    for (uint32_t i = 0; i < n->nkids; i++)
      if (eval(m, n->kids[i], s) == NO) return NO;
    return MAYBE;
  default: return MAYBE; /* a filter */
  }
}

static int try_query(vb_matcher *m, uint32_t qi, const vb_matcher_statement *s, vb_matcher_hit fn, void *ctx,
                     size_t *tried) {
  m->stamp[qi] = m->clock;
  ++*tried;
  int r = eval(m, m->q[qi].root, s);
  return r == NO ? 0 : fn(ctx, m->q[qi].id, r == YES);
}

int vb_matcher_match(vb_matcher *m, const vb_matcher_statement *s, vb_matcher_hit fn, void *ctx, int naive,
                     vb_matcher_stats *stats) {
  if (++m->clock == 0) { /* the stamps wrapped: forget them */
    memset(m->stamp, 0, m->nq * sizeof *m->stamp);
    memset(m->seen, 0, m->capwords * sizeof *m->seen);
    m->clock = 1;
  }
  for (size_t i = 0; i < s->n; i++)
    if (s->ids[i] && s->ids[i] < m->capwords) m->seen[s->ids[i]] = m->clock;
  size_t tried = 0;
  int rc = 0;
  if (naive) {
    for (uint32_t qi = 0; !rc && qi < m->nq; qi++) rc = try_query(m, qi, s, fn, ctx, &tried);
  } else {
    for (size_t i = 0; !rc && i < s->n; i++) {
      uint32_t w = s->ids[i];
      if (!w || w >= m->capwords) continue;
      for (uint32_t l = m->head[w]; !rc && l; l = m->links[l]) {
        uint32_t qi = m->links[l - 1];
        if (m->stamp[qi] != m->clock) rc = try_query(m, qi, s, fn, ctx, &tried);
      }
    }
    for (size_t a = 0; !rc && a < m->nalways; a++)
      if (m->stamp[m->always[a]] != m->clock) rc = try_query(m, m->always[a], s, fn, ctx, &tried);
  }
  if (stats) stats->tried += tried;
  return rc;
}

void vb_matcher_stats_of(const vb_matcher *m, vb_matcher_stats *out) {
  out->queries = m->nq;
  out->unanchored = m->nalways;
  out->tried = 0;
}
