/* set — families of a set of statements in memory (family.h).
 * Building: each LSH band is one sorted array of (key, id); equal keys
 * are candidate pairs; verified pairs form a graph; statements are then
 * taken earliest first, and each joins the family of the best verified
 * neighbour whose family's first statement it is verified against too
 * (a family is a star around its first statement, so a chain of small
 * changes never joins two sentences that share nothing). Lookups search
 * the sorted arrays and a small unsorted tail of later inserts. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/map.h"
#include "family.h"

/* Members of one LSH bucket paired with each other: a bucket of a
 * thousand congratulation formulas would make half a million pairs; each
 * member is paired with the next RUN_PAIRS instead. */
#define RUN_PAIRS 64
/* Candidates one lookup takes per band (the same bound), and families it
 * checks at most: a statement in a bucket of formulas should not cost a
 * thousand checks. ROOT_SLOTS: the hash set of families checked. */
#define LOOKUP_PER_BAND 64
#define LOOKUP_ROOTS 256
#define ROOT_SLOTS 1024
/* Inserted entries kept unsorted before they are merged into the arrays. */
#define TAIL_MAX 4096
/* Words of a statement kept for translation checks only when it has this
 * many anchors (see vb_fam_translation). */
#define TR_ANCHORS 2
/* A word in more than one in FUNCTION_SHARE of those statements (and in
 * more than FUNCTION_MIN) is a function word ("the", "of", "that"): two
 * translations are close when their other words are. Counted in the set
 * itself, so it holds in any language. */
#define FUNCTION_SHARE 10
#define FUNCTION_MIN 20

typedef struct item {
  uint64_t exact;
  uint32_t sh0, nsh; /* shingles in pool sh */
  uint32_t ws0, nws; /* word set in pool ws (translation candidates only) */
  uint32_t an0, nan; /* anchors in pool an */
  int32_t date;
  uint32_t root, possible;
  float jaccard;
  uint8_t rel, eligible;
} item;

/* A sorted array of 64-bit entries (key in the high bits, id in the low
 * 32) and an unsorted tail. */
typedef struct keyindex {
  uint64_t *v;
  size_t n, cap, sorted;
} keyindex;

struct vb_fam_set {
  item *it;
  size_t n, cap;
  uint32_t *sh, *ws;
  size_t nsh, capsh, nws, capws;
  uint64_t *an;
  size_t nan, capan;
  keyindex band[VB_FAM_BANDS];
  keyindex exact_lo; /* exact hash's high 32 bits | id (then checked in full) */
  keyindex anchors;  /* anchor-set hash's high 32 bits | id */
  vb_imap df;        /* word -> statements (with anchors) holding it */
  size_t ndf;        /* statements counted in df */
  int built;
};

const char *vb_fam_rel_name(vb_fam_rel r) {
  switch (r) {
  case VB_REL_NONE: return "";
  case VB_REL_EXACT: return "exact";
  case VB_REL_NEAR: return "near";
  case VB_REL_TRANSLATION: return "translation";
  }
  return "";
}

static int grow(void **v, size_t *cap, size_t need, size_t elsize) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 256;
  while (c < need) c += c / 2; /* 1.5x: these arrays are most of the memory */
  void *p = realloc(*v, c * elsize);
  if (!p) return -1;
  *v = p;
  *cap = c;
  return 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int index_add(keyindex *x, uint32_t key, uint32_t id) {
  if (grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v)) return -1;
  x->v[x->n++] = (uint64_t)key << 32 | id;
  return 0;
}

/* Sorts v[0..n) by the key in the high 32 bits, keeping the order of
 * equal keys (ids are appended in increasing order, so the result is
 * sorted as 64-bit numbers): four byte-wide counting passes. */
static int radix_sort_keys(uint64_t *v, size_t n) {
  if (n < 64) {
    qsort(v, n, sizeof *v, cmp_u64);
    return 0;
  }
  uint64_t *tmp = malloc(n * sizeof *tmp);
  if (!tmp) return -1;
  uint64_t *src = v, *dst = tmp;
  for (int shift = 32; shift < 64; shift += 8) {
    size_t count[257] = {0};
    for (size_t i = 0; i < n; i++) count[((src[i] >> shift) & 0xFF) + 1]++;
    for (int b = 0; b < 256; b++) count[b + 1] += count[b];
    for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  /* four passes: the sorted data is back in v */
  free(tmp);
  return 0;
}

/* Sorts the tail into the array: a merge, so the cost of an insert stays
 * a small fraction of the array. */
static int index_sort(keyindex *x) {
  if (x->sorted == x->n) return 0;
  size_t t = x->n - x->sorted;
  if (radix_sort_keys(x->v + x->sorted, t)) return -1;
  if (x->sorted == 0) {
    x->sorted = x->n;
    return 0;
  }
  uint64_t *tail = malloc(t * sizeof *tail);
  if (!tail) return -1;
  memcpy(tail, x->v + x->sorted, t * sizeof *tail);
  size_t i = x->sorted, j = t, k = x->n;
  while (j > 0) {
    if (i > 0 && x->v[i - 1] > tail[j - 1]) x->v[--k] = x->v[--i];
    else x->v[--k] = tail[--j];
  }
  free(tail);
  x->sorted = x->n;
  return 0;
}

/* Calls fn for each id stored under key, at most max of them; stops when
 * fn returns non-zero. */
static int index_each(const keyindex *x, uint32_t key, size_t max, int (*fn)(void *, uint32_t),
                      void *ctx) {
  uint64_t lo = (uint64_t)key << 32;
  size_t a = 0, b = x->sorted, seen = 0;
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (x->v[mid] < lo) a = mid + 1;
    else b = mid;
  }
  for (size_t i = a; i < x->sorted && x->v[i] >> 32 == key && seen < max; i++, seen++)
    if (fn(ctx, (uint32_t)x->v[i])) return 1;
  for (size_t i = x->sorted; i < x->n && seen < max; i++)
    if (x->v[i] >> 32 == key) {
      seen++;
      if (fn(ctx, (uint32_t)x->v[i])) return 1;
    }
  return 0;
}

int vb_fam_set_new(vb_fam_set **out, vb_err *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  return 0;
}

void vb_fam_set_free(vb_fam_set *s) {
  if (!s) return;
  free(s->it);
  free(s->sh);
  free(s->ws);
  free(s->an);
  for (int b = 0; b < VB_FAM_BANDS; b++) free(s->band[b].v);
  free(s->exact_lo.v);
  free(s->anchors.v);
  vb_imap_free(&s->df);
  free(s);
}

size_t vb_fam_set_count(const vb_fam_set *s) { return s->n; }

size_t vb_fam_set_bytes(const vb_fam_set *s) {
  size_t b = sizeof *s + s->cap * sizeof *s->it + s->capsh * sizeof *s->sh +
             s->capws * sizeof *s->ws + s->capan * sizeof *s->an +
             (s->exact_lo.cap + s->anchors.cap) * sizeof(uint64_t);
  for (int i = 0; i < VB_FAM_BANDS; i++) b += s->band[i].cap * sizeof(uint64_t);
  return b;
}

static uint32_t anchor_key(const uint64_t *a, size_t n) {
  uint64_t h = 0x84222325cbf29ce4ull;
  for (size_t i = 0; i < n; i++) {
    h ^= a[i];
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
  }
  return (uint32_t)(h >> 32);
}

/* A fingerprint being made: shingles and word set in caller memory. */
typedef struct probe {
  vb_fam_print p;
  uint32_t *sh, *ws;
  size_t nsh, nws;
  const uint64_t *an;
  size_t nan;
  int eligible;
} probe;

static int probe_make(const vb_fam_item *it, probe *q) {
  size_t n = it->nwords < VB_FAM_MAX_WORDS ? it->nwords : VB_FAM_MAX_WORDS;
  memset(q, 0, sizeof *q);
  q->an = it->anchors;
  q->nan = it->nanchors;
  q->eligible = vb_fam_letter_words(it->words, n) >= VB_FAM_MIN_WORDS;
  if (!q->eligible) return 0;
  q->sh = malloc((n ? n : 1) * sizeof *q->sh);
  q->ws = malloc((n ? n : 1) * sizeof *q->ws);
  if (!q->sh || !q->ws) return -1;
  q->nsh = vb_fam_shingles(it->words, n, q->sh);
  if (q->nan >= TR_ANCHORS) q->nws = vb_fam_wordset(it->words, n, q->ws);
  vb_fam_print_make(it->words, n, q->sh, q->nsh, &q->p);
  return 0;
}

static void probe_free(probe *q) {
  free(q->sh);
  free(q->ws);
}

/* A statement too short for a near repeat (vb_fam_near_possible) needs
 * no LSH entry: vb_fam_same would refuse any near pair of it. */
static int add_probe(vb_fam_set *s, const probe *q, int32_t date, uint32_t *id) {
  if (s->n >= VB_FAM_NONE - 1) return VB_ELIMIT;
  if (grow((void **)&s->it, &s->cap, s->n + 1, sizeof *s->it) ||
      grow((void **)&s->sh, &s->capsh, s->nsh + q->nsh, sizeof *s->sh) ||
      grow((void **)&s->ws, &s->capws, s->nws + q->nws, sizeof *s->ws) ||
      grow((void **)&s->an, &s->capan, s->nan + q->nan, sizeof *s->an))
    return VB_ENOMEM;
  uint32_t k = (uint32_t)s->n;
  item *t = &s->it[k];
  memset(t, 0, sizeof *t);
  t->date = date;
  t->root = q->eligible ? k : VB_FAM_NONE;
  t->possible = VB_FAM_NONE;
  t->eligible = (uint8_t)q->eligible;
  if (q->eligible) {
    t->exact = q->p.exact;
    t->sh0 = (uint32_t)s->nsh;
    t->nsh = (uint32_t)q->nsh;
    if (q->nsh) memcpy(s->sh + s->nsh, q->sh, q->nsh * sizeof *q->sh);
    s->nsh += q->nsh;
    t->ws0 = (uint32_t)s->nws;
    t->nws = (uint32_t)q->nws;
    if (q->nws) memcpy(s->ws + s->nws, q->ws, q->nws * sizeof *q->ws);
    s->nws += q->nws;
    t->an0 = (uint32_t)s->nan;
    t->nan = (uint32_t)q->nan;
    if (q->nan) memcpy(s->an + s->nan, q->an, q->nan * sizeof *q->an);
    s->nan += q->nan;
    int rc = index_add(&s->exact_lo, (uint32_t)(q->p.exact >> 32), k);
    if (!rc && vb_fam_near_possible(q->nsh))
      for (int b = 0; b < VB_FAM_BANDS && !rc; b++) rc = index_add(&s->band[b], q->p.band[b], k);
    if (!rc && q->nan >= TR_ANCHORS) rc = index_add(&s->anchors, anchor_key(q->an, q->nan), k);
    if (!rc && !s->built) {
      for (size_t i = 0; i < q->nws && !rc; i++) {
        uint32_t c = vb_imap_get(&s->df, q->ws[i]);
        rc = vb_imap_set(&s->df, q->ws[i], c == VB_MAP_NONE ? 1 : c + 1);
      }
      s->ndf += q->nws > 0;
    }
    if (rc) return VB_ENOMEM;
  }
  s->n++;
  *id = k;
  return 0;
}

int vb_fam_set_add(vb_fam_set *s, const vb_fam_item *it, uint32_t *id, vb_err *err) {
  probe q;
  int rc = probe_make(it, &q) ? VB_ENOMEM : add_probe(s, &q, it->date, id);
  probe_free(&q);
  if (rc) return vb_err_set(err, rc, "", -1, rc == VB_ENOMEM ? "out of memory" : "too many statements");
  return 0;
}

/* ---- pair checks ---------------------------------------------------------- */

/* Leaves only the content words (function words out) in ws[0..n); once
 * the set's word counts are final (at build). Returns the new count. */
static size_t content_words(const vb_fam_set *s, uint32_t *ws, size_t n) {
  size_t limit = s->ndf / FUNCTION_SHARE > FUNCTION_MIN ? s->ndf / FUNCTION_SHARE : FUNCTION_MIN, k = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = vb_imap_get(&s->df, ws[i]);
    if (c == VB_MAP_NONE || c <= limit) ws[k++] = ws[i];
  }
  return k;
}

/* What the pair checks read of a statement: its sets, wherever they live
 * (an item's in the pools, a probe's in its own arrays). */
typedef struct sets {
  const uint32_t *sh, *ws;
  const uint64_t *an;
  size_t nsh, nws, nan;
} sets;

/* A pool's slice: a pool with nothing in it yet is NULL, and NULL plus an
 * offset (even 0) is undefined, so an empty set points nowhere. */
#define SLICE(pool, at, n) ((n) ? (pool) + (at) : NULL)

static sets sets_of(const vb_fam_set *s, const item *t) {
  sets v = {SLICE(s->sh, t->sh0, t->nsh), SLICE(s->ws, t->ws0, t->nws), SLICE(s->an, t->an0, t->nan),
            t->nsh, t->nws, t->nan};
  return v;
}

static void sim_sets(const sets *a, const sets *b, vb_fam_sim *out) {
  vb_fam_compare(a->sh, a->nsh, b->sh, b->nsh, out);
}

static vb_fam_tr tr_sets(const sets *a, const sets *b) {
  if (a->nan < TR_ANCHORS || b->nan < TR_ANCHORS) return VB_TR_NO;
  vb_fam_sim w;
  vb_fam_compare(a->ws, a->nws, b->ws, b->nws, &w);
  return vb_fam_translation(a->an, a->nan, b->an, b->nan, &w);
}

static void sim_items(const vb_fam_set *s, const item *a, const item *b, vb_fam_sim *out) {
  sets x = sets_of(s, a), y = sets_of(s, b);
  sim_sets(&x, &y, out);
}

static vb_fam_tr tr_items(const vb_fam_set *s, const item *a, const item *b) {
  sets x = sets_of(s, a), y = sets_of(s, b);
  return tr_sets(&x, &y);
}

/* ---- building ------------------------------------------------------------- */

typedef struct edge {
  uint32_t to;
  float jaccard;
  uint8_t rel; /* VB_REL_NEAR or VB_REL_TRANSLATION; possible: VB_REL_NONE */
} edge;

typedef struct pairs {
  uint64_t *v;
  size_t n, cap;
} pairs;

static int pair_add(pairs *p, uint32_t a, uint32_t b) {
  if (a == b) return 0;
  if (grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v)) return -1;
  p->v[p->n++] = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
  return 0;
}

/* Calls fn for each run of entries with one key in a sorted index. */
static int each_run(const keyindex *x, int (*fn)(void *ctx, const uint64_t *run, size_t n), void *ctx) {
  for (size_t i = 0; i < x->n;) {
    size_t j = i + 1;
    while (j < x->n && x->v[j] >> 32 == x->v[i] >> 32) j++;
    if (fn(ctx, x->v + i, j - i)) return -1;
    i = j;
  }
  return 0;
}

typedef struct run_ctx {
  vb_fam_set *s;
  uint32_t *rep;
  pairs *p;
} run_ctx;

/* Candidate pairs from one run of a band (first of their exact group
 * only: rep[id] == id), each member paired with the next RUN_PAIRS. */
static int run_pairs(void *ctx, const uint64_t *run, size_t n) {
  run_ctx *c = ctx;
  for (size_t a = 0; a < n; a++) {
    uint32_t ia = (uint32_t)run[a];
    if (c->rep[ia] != ia) continue;
    size_t made = 0;
    for (size_t b = a + 1; b < n && made < RUN_PAIRS; b++) {
      uint32_t ib = (uint32_t)run[b];
      if (c->rep[ib] != ib) continue;
      if (pair_add(c->p, ia, ib)) return -1;
      made++;
    }
  }
  return 0;
}

/* Within a run of one exact hash's high bits: the same full hash makes an
 * exact group, led by its lowest number. */
static int run_exact(void *ctx, const uint64_t *run, size_t n) {
  run_ctx *c = ctx;
  for (size_t a = 0; a < n; a++) {
    uint32_t ia = (uint32_t)run[a];
    if (c->rep[ia] != ia) continue;
    for (size_t b = a + 1; b < n; b++) {
      uint32_t ib = (uint32_t)run[b];
      if (c->rep[ib] == ib && c->s->it[ib].exact == c->s->it[ia].exact) c->rep[ib] = ia;
    }
  }
  return 0;
}

/* Gives back what growth reserved beyond the arrays' ends. */
static void fit(void **v, size_t *cap, size_t n, size_t elsize) {
  if (n == 0 || n == *cap) return;
  void *p = realloc(*v, n * elsize);
  if (p) {
    *v = p;
    *cap = n;
  }
}

static void shrink(vb_fam_set *s) {
  fit((void **)&s->it, &s->cap, s->n, sizeof *s->it);
  fit((void **)&s->sh, &s->capsh, s->nsh, sizeof *s->sh);
  fit((void **)&s->ws, &s->capws, s->nws, sizeof *s->ws);
  fit((void **)&s->an, &s->capan, s->nan, sizeof *s->an);
  for (int b = 0; b < VB_FAM_BANDS; b++) fit((void **)&s->band[b].v, &s->band[b].cap, s->band[b].n, sizeof(uint64_t));
  fit((void **)&s->exact_lo.v, &s->exact_lo.cap, s->exact_lo.n, sizeof(uint64_t));
  fit((void **)&s->anchors.v, &s->anchors.cap, s->anchors.n, sizeof(uint64_t));
}

/* rep[i]: the first statement (lowest number) with i's exact words. */
static int exact_groups(vb_fam_set *s, uint32_t *rep) {
  for (size_t i = 0; i < s->n; i++) rep[i] = (uint32_t)i;
  run_ctx c = {s, rep, NULL};
  return index_sort(&s->exact_lo) || each_run(&s->exact_lo, run_exact, &c) ? -1 : 0;
}

/* Every candidate pair once, sorted. */
static int candidates(vb_fam_set *s, uint32_t *rep, pairs *p) {
  run_ctx c = {s, rep, p};
  for (int b = 0; b < VB_FAM_BANDS; b++)
    if (index_sort(&s->band[b]) || each_run(&s->band[b], run_pairs, &c)) return -1;
  if (index_sort(&s->anchors) || each_run(&s->anchors, run_pairs, &c)) return -1;
  if (p->n) qsort(p->v, p->n, sizeof *p->v, cmp_u64);
  size_t u = 0;
  for (size_t i = 0; i < p->n; i++)
    if (u == 0 || p->v[i] != p->v[u - 1]) p->v[u++] = p->v[i];
  p->n = u;
  return 0;
}

int vb_fam_set_pairs(vb_fam_set *s, int (*fn)(void *ctx, uint32_t a, uint32_t b, const vb_fam_sim *sim),
                     void *ctx, vb_err *err) {
  uint32_t *rep = malloc((s->n ? s->n : 1) * sizeof *rep);
  pairs p = {0};
  int rc = 0;
  if (!rep || exact_groups(s, rep) || candidates(s, rep, &p)) {
    rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  } else {
    for (size_t i = 0; i < p.n; i++) {
      uint32_t a = (uint32_t)(p.v[i] >> 32), b = (uint32_t)p.v[i];
      vb_fam_sim sim;
      sim_items(s, &s->it[a], &s->it[b], &sim);
      if (fn(ctx, a, b, &sim)) break;
    }
  }
  free(rep);
  free(p.v);
  return rc;
}

typedef struct order_key {
  int64_t when;
  uint32_t id;
} order_key;

static int cmp_order(const void *a, const void *b) {
  const order_key *x = a, *y = b;
  if (x->when != y->when) return x->when < y->when ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int64_t when_of(const item *t) { return t->date > 0 ? t->date : INT64_MAX; }

/* The best family for statement i among its neighbours' families, each
 * checked against that family's first statement. */
static void choose_family(vb_fam_set *s, uint32_t i, const edge *adj, size_t nadj,
                          const uint32_t *gfirst, const uint32_t *rep) {
  item *t = &s->it[i];
  uint32_t best = VB_FAM_NONE;
  float bestj = -1;
  uint8_t bestrel = VB_REL_NONE;
  for (size_t e = 0; e < nadj; e++) {
    uint32_t f = gfirst[rep[adj[e].to]];
    if (f == VB_FAM_NONE) continue; /* comes later */
    uint32_t r = s->it[f].root;
    if (r == VB_FAM_NONE) continue;
    const item *root = &s->it[r];
    if (adj[e].rel == VB_REL_NONE) {
      if (t->possible == VB_FAM_NONE) t->possible = r;
      continue;
    }
    vb_fam_sim sim;
    sim_items(s, t, root, &sim);
    if (vb_fam_same(&sim)) {
      if (bestrel != VB_REL_NEAR || sim.jaccard > bestj) {
        best = r;
        bestj = (float)sim.jaccard;
        bestrel = VB_REL_NEAR;
      }
    } else if (bestrel != VB_REL_NEAR) {
      vb_fam_tr tr = tr_items(s, t, root);
      if (tr == VB_TR_YES && best == VB_FAM_NONE) {
        best = r;
        bestj = (float)sim.jaccard;
        bestrel = VB_REL_TRANSLATION;
      } else if (tr == VB_TR_POSSIBLE && t->possible == VB_FAM_NONE) {
        t->possible = r;
      }
    }
  }
  if (best != VB_FAM_NONE) {
    t->root = best;
    t->rel = bestrel;
    t->jaccard = bestj;
  } else {
    t->root = i;
    t->rel = VB_REL_NONE;
    t->jaccard = 1;
  }
}

int vb_fam_set_build(vb_fam_set *s, size_t *npossible, vb_err *err) {
  int rc = 0;
  size_t n = s->n;
  uint32_t *rep = malloc((n ? n : 1) * sizeof *rep), *gfirst = malloc((n ? n : 1) * sizeof *gfirst);
  uint32_t *off = calloc(n + 1, sizeof *off);
  order_key *ord = malloc((n ? n : 1) * sizeof *ord);
  pairs p = {0};
  edge *adj = NULL;
  size_t *fill = NULL;
  uint8_t *rels = NULL;
  float *jacs = NULL;
  if (!rep || !gfirst || !off || !ord) goto oom;
  for (size_t i = 0; i < n; i++) gfirst[i] = VB_FAM_NONE;
  /* the word counts are final: keep only content words, once */
  if (!s->built)
    for (size_t i = 0; i < n; i++) s->it[i].nws = (uint32_t)content_words(s, SLICE(s->ws, s->it[i].ws0, s->it[i].nws), s->it[i].nws);
  if (exact_groups(s, rep) || candidates(s, rep, &p)) goto oom;
  /* verify: a pair that is neither the same words nor a translation is no
   * edge; a possible translation is an edge that never joins */
  size_t kept = 0;
  rels = malloc((p.n ? p.n : 1) * sizeof *rels);
  jacs = malloc((p.n ? p.n : 1) * sizeof *jacs);
  if (!rels || !jacs) goto oom;
  for (size_t i = 0; i < p.n; i++) {
    uint32_t a = (uint32_t)(p.v[i] >> 32), b = (uint32_t)p.v[i];
    vb_fam_sim sim;
    sim_items(s, &s->it[a], &s->it[b], &sim);
    uint8_t rel = VB_REL_NEAR;
    if (!vb_fam_same(&sim)) {
      vb_fam_tr tr = tr_items(s, &s->it[a], &s->it[b]);
      if (tr == VB_TR_NO) continue;
      rel = tr == VB_TR_YES ? VB_REL_TRANSLATION : VB_REL_NONE;
    }
    p.v[kept] = p.v[i];
    rels[kept] = rel;
    jacs[kept++] = (float)sim.jaccard;
    off[a + 1]++;
    off[b + 1]++;
  }
  p.n = kept;
  for (size_t i = 0; i < n; i++) off[i + 1] += off[i];
  adj = malloc((off[n] ? off[n] : 1) * sizeof *adj);
  fill = calloc(n ? n : 1, sizeof *fill);
  if (!adj || !fill) goto oom;
  for (size_t i = 0; i < p.n; i++) {
    uint32_t a = (uint32_t)(p.v[i] >> 32), b = (uint32_t)p.v[i];
    adj[off[a] + fill[a]++] = (edge){b, jacs[i], rels[i]};
    adj[off[b] + fill[b]++] = (edge){a, jacs[i], rels[i]};
  }
  /* earliest first; each joins the best family among its neighbours' */
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (s->it[i].eligible) ord[m++] = (order_key){when_of(&s->it[i]), (uint32_t)i};
  qsort(ord, m, sizeof *ord, cmp_order);
  size_t poss = 0;
  for (size_t k = 0; k < m; k++) {
    uint32_t i = ord[k].id;
    item *t = &s->it[i];
    t->possible = VB_FAM_NONE;
    uint32_t f = gfirst[rep[i]];
    if (f != VB_FAM_NONE) {
      /* the same words as a statement already placed */
      const item *first = &s->it[f];
      t->root = first->root;
      t->rel = first->root == f ? VB_REL_EXACT : first->rel;
      t->jaccard = first->root == f ? 1.0f : first->jaccard;
      t->possible = first->possible;
    } else {
      uint32_t r = rep[i];
      choose_family(s, i, adj + off[r], off[r + 1] - off[r], gfirst, rep);
      gfirst[r] = i;
    }
    poss += t->possible != VB_FAM_NONE;
  }
  s->built = 1;
  shrink(s);
  if (npossible) *npossible = poss;
  goto done;
oom:
  rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory building quote families");
done:
  free(rep);
  free(gfirst);
  free(off);
  free(ord);
  free(p.v);
  free(adj);
  free(fill);
  free(rels);
  free(jacs);
  return rc;
}

vb_fam_match vb_fam_set_of(const vb_fam_set *s, uint32_t id) {
  vb_fam_match m = {VB_FAM_NONE, VB_REL_NONE, 0, VB_FAM_NONE};
  if (id >= s->n || !s->it[id].eligible) return m;
  const item *t = &s->it[id];
  m.family = t->root;
  m.rel = (vb_fam_rel)t->rel;
  m.jaccard = t->jaccard;
  m.possible = t->possible;
  return m;
}

/* ---- lookup ---------------------------------------------------------------- */

typedef struct look {
  vb_fam_set *s;
  sets q; /* the probe's */
  uint64_t exact;
  vb_fam_match *m;
  uint32_t tried[ROOT_SLOTS]; /* families checked: open addressing, VB_FAM_NONE empty */
  size_t ntried;
} look;

static int on_exact(void *c, uint32_t id) {
  look *l = c;
  const item *t = &l->s->it[id];
  if (t->exact != l->exact || t->root == VB_FAM_NONE) return 0;
  l->m->family = t->root;
  l->m->rel = t->root == id ? VB_REL_EXACT : (vb_fam_rel)t->rel;
  l->m->jaccard = t->root == id ? 1.0 : t->jaccard;
  return 1;
}

static int on_candidate(void *c, uint32_t id) {
  look *l = c;
  uint32_t r = l->s->it[id].root;
  if (r == VB_FAM_NONE) return 0;
  if (l->ntried >= LOOKUP_ROOTS) return 1;
  size_t slot = (r * 2654435761u) & (ROOT_SLOTS - 1);
  while (l->tried[slot] != VB_FAM_NONE) {
    if (l->tried[slot] == r) return 0;
    slot = (slot + 1) & (ROOT_SLOTS - 1);
  }
  l->tried[slot] = r;
  l->ntried++;
  const item *root = &l->s->it[r];
  vb_fam_sim sim;
  sets r_sets = sets_of(l->s, root);
  sim_sets(&l->q, &r_sets, &sim);
  vb_fam_match *m = l->m;
  if (vb_fam_same(&sim)) {
    if (m->rel != VB_REL_NEAR || sim.jaccard > m->jaccard) {
      m->family = r;
      m->rel = VB_REL_NEAR;
      m->jaccard = sim.jaccard;
    }
    return 0;
  }
  if (m->rel == VB_REL_NEAR) return 0;
  vb_fam_tr tr = tr_sets(&l->q, &r_sets);
  if (tr == VB_TR_YES && m->family == VB_FAM_NONE) {
    m->family = r;
    m->rel = VB_REL_TRANSLATION;
    m->jaccard = sim.jaccard;
  } else if (tr == VB_TR_POSSIBLE && m->possible == VB_FAM_NONE) {
    m->possible = r;
  }
  return 0;
}

/* Finds the family of a probe. */
static void find(vb_fam_set *s, const probe *q, vb_fam_match *m) {
  *m = (vb_fam_match){VB_FAM_NONE, VB_REL_NONE, 0, VB_FAM_NONE};
  if (!q->eligible) return;
  look l = {.s = s, .q = {q->sh, q->ws, q->an, q->nsh, q->nws, q->nan}, .exact = q->p.exact, .m = m};
  memset(l.tried, 0xFF, sizeof l.tried);
  if (index_each(&s->exact_lo, (uint32_t)(q->p.exact >> 32), SIZE_MAX, on_exact, &l)) return;
  if (vb_fam_near_possible(q->nsh))
    for (int b = 0; b < VB_FAM_BANDS; b++)
      index_each(&s->band[b], q->p.band[b], LOOKUP_PER_BAND, on_candidate, &l);
  if (q->nan >= TR_ANCHORS)
    index_each(&s->anchors, anchor_key(q->an, q->nan), LOOKUP_PER_BAND, on_candidate, &l);
}

static int sorted_all(vb_fam_set *s) {
  /* a tail longer than TAIL_MAX is merged, so lookups stay logarithmic */
  int rc = 0;
  if (s->exact_lo.n - s->exact_lo.sorted > TAIL_MAX) rc |= index_sort(&s->exact_lo);
  if (s->anchors.n - s->anchors.sorted > TAIL_MAX) rc |= index_sort(&s->anchors);
  for (int b = 0; b < VB_FAM_BANDS; b++)
    if (s->band[b].n - s->band[b].sorted > TAIL_MAX) rc |= index_sort(&s->band[b]);
  return rc;
}

/* A probe of a built set: its word set is filtered as the items' are. */
static int probe_built(const vb_fam_set *s, const vb_fam_item *it, probe *q) {
  if (probe_make(it, q)) return -1;
  q->nws = content_words(s, q->ws, q->nws);
  return 0;
}

int vb_fam_set_lookup(vb_fam_set *s, const vb_fam_item *it, vb_fam_match *m, vb_err *err) {
  if (!s->built) return vb_err_set(err, VB_EUSAGE, "", -1, "quote families are not built yet");
  probe q;
  int rc = probe_built(s, it, &q) ? VB_ENOMEM : 0;
  if (!rc) find(s, &q, m);
  probe_free(&q);
  return rc ? vb_err_set(err, rc, "", -1, "out of memory") : 0;
}

int vb_fam_set_insert(vb_fam_set *s, const vb_fam_item *it, uint32_t *id, vb_fam_match *m,
                      vb_err *err) {
  if (!s->built) return vb_err_set(err, VB_EUSAGE, "", -1, "quote families are not built yet");
  probe q;
  int rc = probe_built(s, it, &q) ? VB_ENOMEM : 0;
  if (!rc) {
    find(s, &q, m);
    rc = add_probe(s, &q, it->date, id);
  }
  if (!rc && q.eligible) {
    item *t = &s->it[*id];
    if (m->family != VB_FAM_NONE) {
      t->root = m->family;
      t->rel = (uint8_t)m->rel;
      t->jaccard = (float)m->jaccard;
    }
    t->possible = m->possible;
  }
  if (!rc && sorted_all(s)) rc = VB_ENOMEM;
  probe_free(&q);
  if (rc) return vb_err_set(err, rc, "", -1, rc == VB_ENOMEM ? "out of memory" : "too many statements");
  return 0;
}
