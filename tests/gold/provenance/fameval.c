/* fameval — quote families measured on real documents (tests/gold/provenance).
 *   fameval sample ROOT LIST SEED NJOINED NUNDER
 *       builds the families of every statement of the files in LIST (paths
 *       relative to ROOT, one a line) and prints a sample, drawn with SEED,
 *       of pairs it joined (a statement and its family's first statement)
 *       and of candidate pairs just under the thresholds, with their texts,
 *       for reading by hand. The texts are never committed: the gold file
 *       keeps the references and the judgement only.
 *   fameval check ROOT GOLD
 *       builds the families of every statement of the documents GOLD names
 *       and says, for each judged pair, whether the two are in one family
 *       now; prints precision over the joined pairs.
 *   fameval hash < TEXTS
 *       the words hash of each line (statements judged before the gold kept
 *       one: see pairs.tsv).
 *   fameval recall ROOT LIST SEED N
 *       builds the families of the files in LIST, then makes N variants of
 *       each kind (trimmed, re-ordered, words substituted, trimmed with a
 *       word substituted) from statements drawn with SEED, and looks each
 *       up: found when it joins its original's family. Prints recall. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "family/family.h"
#include "analyze/analyze.h"
#include "verbatim.h"

/* Statements a variant is made from: long enough to be quoted in part,
 * short enough to be one sentence. */
#define VARIANT_MIN_WORDS 15
#define VARIANT_MAX_WORDS 80
#define MAX_LINE 8192

typedef struct stmt {
  uint32_t file, start, end;
  uint64_t words; /* vb_fam_exact of its words: finds it again if offsets move */
} stmt;

typedef struct corpus {
  const char *root;
  char **files;
  size_t nfiles;
  stmt *st;
  size_t n, cap;
  size_t *first; /* each file's first statement */
  vb_fam_set *set;
  vb_fam_doc *fd;
} corpus;

static uint64_t rng_state;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static void die(const char *what) {
  fprintf(stderr, "fameval: %s\n", what);
  exit(2);
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) die("out of memory");
  return p;
}

static vb_doc *parse_file(const corpus *c, size_t f) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", c->root, c->files[f]);
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) return NULL;
  vb_doc *doc = NULL;
  int rc = vb_doc_parse(bytes, len, path, NULL, &doc, &err);
  free(bytes);
  return rc ? NULL : doc;
}

/* Every statement of every file into the set, in file order. */
static void load(corpus *c) {
  vb_err err;
  if (vb_fam_set_new(&c->set, &err) || vb_fam_doc_new(&c->fd, &err)) die("out of memory");
  c->first = xrealloc(NULL, (c->nfiles + 1) * sizeof *c->first);
  for (size_t f = 0; f < c->nfiles; f++) {
    c->first[f] = c->n;
    vb_doc *doc = parse_file(c, f);
    if (!doc) {
      fprintf(stderr, "fameval: cannot parse %s\n", c->files[f]);
      continue;
    }
    const vb_doc_view *v = vb_doc_get(doc);
    if (vb_fam_doc_read(c->fd, v, &err)) die(err.msg);
    for (size_t i = 0; i < vb_fam_doc_count(c->fd); i++) {
      vb_fam_item it = vb_fam_doc_item(c->fd, i);
      uint32_t id;
      if (vb_fam_set_add(c->set, &it, &id, &err)) die(err.msg);
      if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4096;
        c->st = xrealloc(c->st, c->cap * sizeof *c->st);
      }
      c->st[c->n++] = (stmt){(uint32_t)f, v->statements[i].start, v->statements[i].end,
                             vb_fam_exact(it.words, it.nwords)};
    }
    vb_doc_free(doc);
  }
  c->first[c->nfiles] = c->n;
  if (vb_fam_set_build(c->set, NULL, &err)) die(err.msg);
}

static void add_file(corpus *c, const char *name) {
  for (size_t i = 0; i < c->nfiles; i++)
    if (strcmp(c->files[i], name) == 0) return;
  c->files = xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
  c->files[c->nfiles] = strdup(name);
  if (!c->files[c->nfiles]) die("out of memory");
  c->nfiles++;
}

static void read_list(corpus *c, const char *list) {
  FILE *f = fopen(list, "r");
  if (!f) die("cannot read the list");
  char line[MAX_LINE];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0]) add_file(c, line);
  }
  fclose(f);
}

/* Text of statement i, on one line (tabs and newlines as spaces). */
static void print_text(const corpus *c, vb_doc **docs, uint32_t i) {
  const stmt *s = &c->st[i];
  if (!docs[s->file]) docs[s->file] = parse_file(c, s->file);
  if (!docs[s->file]) return;
  const char *b = vb_doc_get(docs[s->file])->body.ptr;
  for (uint32_t k = s->start; k < s->end; k++) putchar(b[k] == '\n' || b[k] == '\t' ? ' ' : b[k]);
}

/* ---- sample ---------------------------------------------------------------- */

typedef struct under {
  uint32_t a, b;
  float j, c;
} under;

typedef struct under_ctx {
  corpus *c;
  under *v;
  size_t n, cap;
} under_ctx;

/* A candidate the check refused, within reach of a threshold. */
static int collect_under(void *ctx, uint32_t a, uint32_t b, const vb_fam_sim *sim) {
  under_ctx *u = ctx;
  if (vb_fam_same(sim)) return 0;
  uint32_t small = sim->na < sim->nb ? sim->na : sim->nb;
  if (small < 9 || (sim->jaccard < 0.4 && sim->containment < 0.75)) return 0;
  if (vb_fam_set_of(u->c->set, a).family == vb_fam_set_of(u->c->set, b).family) return 0;
  if (u->n == u->cap) {
    u->cap = u->cap ? u->cap * 2 : 4096;
    u->v = xrealloc(u->v, u->cap * sizeof *u->v);
  }
  u->v[u->n++] = (under){a, b, (float)sim->jaccard, (float)sim->containment};
  return 0;
}

static void print_pair(const corpus *c, vb_doc **docs, const char *kind, const char *rel, double j,
                       double cont, uint32_t a, uint32_t b) {
  const stmt *x = &c->st[a], *y = &c->st[b];
  printf("%s\t%s\t%.3f\t%.3f\t%s\t%u\t%u\t%016llx\t%s\t%u\t%u\t%016llx\t", kind, rel, j, cont,
         c->files[x->file], x->start, x->end, (unsigned long long)x->words, c->files[y->file], y->start,
         y->end, (unsigned long long)y->words);
  print_text(c, docs, a);
  putchar('\t');
  print_text(c, docs, b);
  putchar('\n');
}

static int sample(corpus *c, size_t njoined, size_t nunder) {
  load(c);
  uint32_t *joined = xrealloc(NULL, c->n * sizeof *joined);
  size_t nj = 0;
  for (uint32_t i = 0; i < c->n; i++) {
    vb_fam_match m = vb_fam_set_of(c->set, i);
    if (m.family != VB_FAM_NONE && m.family != i && (m.rel == VB_REL_NEAR || m.rel == VB_REL_TRANSLATION))
      joined[nj++] = i;
  }
  under_ctx u = {c, NULL, 0, 0};
  vb_err err;
  if (vb_fam_set_pairs(c->set, collect_under, &u, &err)) die(err.msg);
  fprintf(stderr, "fameval: %zu statements, %zu joined near or as translations, %zu candidates just under\n",
          c->n, nj, u.n);
  vb_doc **docs = calloc(c->nfiles, sizeof *docs);
  if (!docs) die("out of memory");
  for (size_t k = 0; k < njoined && k < nj; k++) {
    size_t r = k + below(nj - k);
    uint32_t t = joined[k];
    joined[k] = joined[r];
    joined[r] = t;
    uint32_t i = joined[k];
    vb_fam_match m = vb_fam_set_of(c->set, i);
    print_pair(c, docs, "joined", vb_fam_rel_name(m.rel), m.jaccard, -1, m.family, i);
  }
  for (size_t k = 0; k < nunder && k < u.n; k++) {
    size_t r = k + below(u.n - k);
    under t = u.v[k];
    u.v[k] = u.v[r];
    u.v[r] = t;
    print_pair(c, docs, "under", "", u.v[k].j, u.v[k].c, u.v[k].a, u.v[k].b);
  }
  for (size_t f = 0; f < c->nfiles; f++) vb_doc_free(docs[f]);
  free(docs);
  free(joined);
  free(u.v);
  return 0;
}

/* ---- check ----------------------------------------------------------------- */

typedef struct gold {
  char kind[16], judged[16];
  char *fa, *fb;
  uint32_t sa, ea, sb, eb;
  uint64_t ha, hb;
} gold;

/* Splits a line at tabs into at most max fields; returns how many. */
static size_t fields(char *line, char **f, size_t max) {
  size_t n = 0;
  char *p = line;
  while (n < max) {
    f[n++] = p;
    char *t = strchr(p, '\t');
    if (!t) break;
    *t = '\0';
    p = t + 1;
  }
  return n;
}

/* The statement at start..end of file with these words; else the one of
 * that file with these words (a change to the parser moved it); else the
 * one that holds start..end (a change to the parser joined the judged
 * words to what stood beside them: a speaker's own frame, "we believe
 * that", and its clause are one statement since parser version 44); -1. */
static long find_stmt(const corpus *c, const char *file, uint32_t start, uint32_t end, uint64_t words) {
  for (size_t f = 0; f < c->nfiles; f++) {
    if (strcmp(c->files[f], file) != 0) continue;
    for (size_t i = c->first[f]; i < c->first[f + 1]; i++)
      if (c->st[i].start == start && c->st[i].end == end && c->st[i].words == words) return (long)i;
    for (size_t i = c->first[f]; i < c->first[f + 1]; i++)
      if (c->st[i].words == words) return (long)i;
    for (size_t i = c->first[f]; i < c->first[f + 1]; i++)
      if (c->st[i].start <= start && c->st[i].end >= end) return (long)i;
  }
  return -1;
}

static int check(corpus *c, const char *goldpath) {
  FILE *f = fopen(goldpath, "r");
  if (!f) die("cannot read the gold file");
  gold *g = NULL;
  size_t ng = 0;
  char line[MAX_LINE];
  unsigned long long lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\n")] = '\0';
    if (!line[0] || line[0] == '#') continue;
    char *fl[11];
    if (fields(line, fl, 11) < 10) {
      fprintf(stderr, "fameval: %s:%llu: expected 10 fields\n", goldpath, lineno);
      return 2;
    }
    g = xrealloc(g, (ng + 1) * sizeof *g);
    gold *x = &g[ng++];
    snprintf(x->kind, sizeof x->kind, "%s", fl[0]);
    snprintf(x->judged, sizeof x->judged, "%s", fl[1]);
    if (strcmp(x->judged, "same") && strcmp(x->judged, "different")) {
      fprintf(stderr, "fameval: %s:%llu: judgement must be same or different\n", goldpath, lineno);
      return 2;
    }
    x->fa = strdup(fl[2]);
    x->sa = (uint32_t)strtoul(fl[3], NULL, 10);
    x->ea = (uint32_t)strtoul(fl[4], NULL, 10);
    x->ha = strtoull(fl[5], NULL, 16);
    x->fb = strdup(fl[6]);
    x->sb = (uint32_t)strtoul(fl[7], NULL, 10);
    x->eb = (uint32_t)strtoul(fl[8], NULL, 10);
    x->hb = strtoull(fl[9], NULL, 16);
    if (!x->fa || !x->fb) die("out of memory");
    add_file(c, x->fa);
    add_file(c, x->fb);
  }
  fclose(f);
  /* documents in path order: the order the sample was built in */
  for (size_t i = 1; i < c->nfiles; i++)
    for (size_t k = i; k > 0 && strcmp(c->files[k - 1], c->files[k]) > 0; k--) {
      char *t = c->files[k];
      c->files[k] = c->files[k - 1];
      c->files[k - 1] = t;
    }
  load(c);
  size_t joined = 0, joined_same = 0, apart = 0, apart_same = 0, missing = 0, judged_same = 0;
  for (size_t i = 0; i < ng; i++) {
    long a = find_stmt(c, g[i].fa, g[i].sa, g[i].ea, g[i].ha), b = find_stmt(c, g[i].fb, g[i].sb, g[i].eb, g[i].hb);
    if (a < 0 || b < 0) {
      missing++;
      printf("missing\t%s\t%s:%u-%u\t%s:%u-%u\n", g[i].kind, g[i].fa, g[i].sa, g[i].ea, g[i].fb, g[i].sb,
             g[i].eb);
      continue;
    }
    int same = strcmp(g[i].judged, "same") == 0;
    uint32_t fa = vb_fam_set_of(c->set, (uint32_t)a).family, fb = vb_fam_set_of(c->set, (uint32_t)b).family;
    int together = fa != VB_FAM_NONE && fa == fb;
    judged_same += same;
    if (together) {
      joined++;
      joined_same += same;
      if (!same) printf("wrongly joined\t%s:%u-%u\t%s:%u-%u\n", g[i].fa, g[i].sa, g[i].ea, g[i].fb, g[i].sb, g[i].eb);
    } else {
      apart++;
      apart_same += same;
    }
  }
  printf("pairs %zu (%zu judged the same), missing %zu\n", ng, judged_same, missing);
  printf("joined %zu, judged the same %zu: precision %.3f\n", joined, joined_same,
         joined ? (double)joined_same / (double)joined : 0.0);
  printf("kept apart %zu, judged the same %zu (missed)\n", apart, apart_same);
  for (size_t i = 0; i < ng; i++) {
    free(g[i].fa);
    free(g[i].fb);
  }
  free(g);
  return missing * 10 > ng ? 1 : 0; /* a tenth gone: the gold needs drawing again */
}

/* ---- recall ---------------------------------------------------------------- */

enum { V_TRIM, V_REORDER, V_SUBSTITUTE, V_TRIM_SUBSTITUTE, V_KINDS };
static const char *const vnames[V_KINDS] = {"trimmed", "re-ordered", "substituted", "trimmed+substituted"};

typedef struct text {
  char *p;
  size_t n, cap;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->n + n + 1 > t->cap) {
    t->cap = (t->n + n + 1) * 2;
    t->p = xrealloc(t->p, t->cap);
  }
  memcpy(t->p + t->n, s, n);
  t->n += n;
  t->p[t->n] = '\0';
}

/* A word written in a random statement of the doc (four letters or more). */
static int random_word(const vb_doc_view *v, an_analyzer *fold, vb_fam_word *w, char *out, size_t cap) {
  for (int tries = 0; tries < 50 && v->nstatements; tries++) {
    const vb_statement *s = &v->statements[below(v->nstatements)];
    long n = vb_fam_words(fold, v->body.ptr + s->start, s->end - s->start, w, VB_FAM_MAX_WORDS);
    if (n <= 0) continue;
    const vb_fam_word *x = &w[below((size_t)n)];
    size_t len = x->end - x->start;
    if (len < 4 || len >= cap || !(x->flags & VB_FAM_LETTER)) continue;
    memcpy(out, v->body.ptr + s->start + x->start, len);
    out[len] = '\0';
    return 1;
  }
  return 0;
}

/* Makes a variant of text t (words w[0..n)) into out. */
static void make_variant(int kind, const char *t, size_t len, const vb_fam_word *w, size_t n,
                         const char *sub, text *out) {
  out->n = 0;
  size_t from = 0, to = n; /* words kept */
  if (kind == V_TRIM || kind == V_TRIM_SUBSTITUTE) {
    size_t pct = kind == V_TRIM ? 10 + below(21) : 10 + below(11);
    size_t cut = n * pct / 100;
    if (cut == 0) cut = 1;
    size_t where = below(3); /* the start, the end, or both */
    size_t front = where == 0 ? cut : where == 1 ? 0 : below(cut + 1);
    from = front;
    to = n - (cut - front);
  }
  if (kind == V_REORDER) {
    /* cut at a clause mark in the middle 60%, else at a word there */
    size_t lo = n / 5 + 1, hi = n - n / 5 - 1, at = lo + below(hi - lo + 1);
    for (size_t k = lo; k <= hi; k++) {
      const char *gap = t + w[k - 1].end;
      size_t gl = w[k].start - w[k - 1].end;
      if (memchr(gap, ',', gl) || memchr(gap, ';', gl)) {
        at = k;
        break;
      }
    }
    put(out, t + w[at].start, w[n - 1].end - w[at].start);
    put(out, ", ", 2);
    put(out, t + w[0].start, w[at - 1].end - w[0].start);
    return;
  }
  size_t subs = 0, subpos[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
  if (kind == V_SUBSTITUTE || kind == V_TRIM_SUBSTITUTE) {
    subs = kind == V_TRIM_SUBSTITUTE ? 1 : (to - from) / 12;
    if (subs < 1) subs = 1;
    if (subs > 3) subs = 3;
    for (size_t k = 0; k < subs; k++) subpos[k] = from + below(to - from);
  }
  size_t at = w[from].start;
  for (size_t k = from; k < to; k++) {
    put(out, t + at, w[k].start - at); /* what came between */
    if (k == subpos[0] || k == subpos[1] || k == subpos[2]) put(out, sub, strlen(sub));
    else put(out, t + w[k].start, w[k].end - w[k].start);
    at = w[k].end;
  }
  (void)len;
}

static int recall(corpus *c, size_t per_kind) {
  load(c);
  an_analyzer *fold, *full = NULL;
  vb_err err;
  if (an_analyzer_new("", AN_FOLD, &fold, &err)) die(err.msg);
  char lang[8] = "";
  uint32_t *cand = xrealloc(NULL, c->n * sizeof *cand);
  size_t nc = 0;
  vb_fam_word *w = xrealloc(NULL, VB_FAM_MAX_WORDS * sizeof *w), *vw = xrealloc(NULL, VB_FAM_MAX_WORDS * sizeof *vw);
  /* statements of quotable length, by the words the index sees */
  vb_doc *doc = NULL;
  uint32_t docfile = UINT32_MAX;
  for (uint32_t i = 0; i < c->n; i++) {
    vb_fam_match m = vb_fam_set_of(c->set, i);
    if (m.family == VB_FAM_NONE) continue;
    uint32_t words = (c->st[i].end - c->st[i].start) / 6; /* a first cut; checked when used */
    if (words + 5 < VARIANT_MIN_WORDS) continue;
    cand[nc++] = i;
  }
  size_t found[V_KINDS] = {0}, made[V_KINDS] = {0};
  text out = {0};
  char sub[64];
  for (int kind = 0; kind < V_KINDS; kind++) {
    size_t tries = 0;
    while (made[kind] < per_kind && tries++ < per_kind * 20 && nc) {
      uint32_t i = cand[below(nc)];
      const stmt *s = &c->st[i];
      if (s->file != docfile) {
        vb_doc_free(doc);
        doc = parse_file(c, s->file);
        docfile = s->file;
        if (!doc) continue;
        const vb_doc_view *v = vb_doc_get(doc);
        char l[8] = "";
        if (v->meta.language.ptr && v->meta.language.len < sizeof l) {
          memcpy(l, v->meta.language.ptr, v->meta.language.len);
          l[v->meta.language.len] = '\0';
        }
        if (!full || strcmp(l, lang)) {
          an_analyzer_free(full);
          if (an_analyzer_new(l, AN_FULL, &full, &err)) die(err.msg);
          snprintf(lang, sizeof lang, "%s", l);
        }
      }
      if (!doc) continue;
      const vb_doc_view *v = vb_doc_get(doc);
      const char *t = v->body.ptr + s->start;
      long n = vb_fam_words(fold, t, s->end - s->start, w, VB_FAM_MAX_WORDS);
      if (n < 0) die("out of memory");
      size_t letters = vb_fam_letter_words(w, (size_t)n);
      if (letters < VARIANT_MIN_WORDS || letters > VARIANT_MAX_WORDS) continue;
      if (!random_word(v, fold, vw, sub, sizeof sub)) continue;
      make_variant(kind, t, s->end - s->start, w, (size_t)n, sub, &out);
      long vn = vb_fam_words(full, out.p, out.n, vw, VB_FAM_MAX_WORDS);
      if (vn < 0) die("out of memory");
      vb_fam_item it = {vw, (size_t)vn, NULL, 0, 0};
      vb_fam_match m;
      if (vb_fam_set_lookup(c->set, &it, &m, &err)) die(err.msg);
      made[kind]++;
      found[kind] += m.family != VB_FAM_NONE && m.family == vb_fam_set_of(c->set, i).family;
    }
  }
  size_t all = 0, allfound = 0;
  for (int kind = 0; kind < V_KINDS; kind++) {
    printf("%s: %zu of %zu found, recall %.3f\n", vnames[kind], found[kind], made[kind],
           made[kind] ? (double)found[kind] / (double)made[kind] : 0.0);
    all += made[kind];
    allfound += found[kind];
  }
  printf("all variants: %zu of %zu found, recall %.3f\n", allfound, all, all ? (double)allfound / (double)all : 0.0);
  vb_doc_free(doc);
  an_analyzer_free(fold);
  an_analyzer_free(full);
  free(out.p);
  free(w);
  free(vw);
  free(cand);
  return 0;
}

/* Each line of standard input (a statement's text, in English) -> the hex
 * vb_fam_exact of its words: for adding the words column to judged pairs. */
static int hash_lines(void) {
  an_analyzer *an;
  vb_err err;
  if (an_analyzer_new("en", AN_FULL, &an, &err)) die(err.msg);
  vb_fam_word *w = xrealloc(NULL, VB_FAM_MAX_WORDS * sizeof *w);
  char line[MAX_LINE * 4];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strcspn(line, "\n");
    long k = vb_fam_words(an, line, n, w, VB_FAM_MAX_WORDS);
    if (k < 0) die("out of memory");
    printf("%016llx\n", (unsigned long long)vb_fam_exact(w, (size_t)k));
  }
  free(w);
  an_analyzer_free(an);
  return 0;
}

static void corpus_free(corpus *c) {
  for (size_t i = 0; i < c->nfiles; i++) free(c->files[i]);
  free(c->files);
  free(c->st);
  free(c->first);
  vb_fam_set_free(c->set);
  vb_fam_doc_free(c->fd);
}

int main(int argc, char **argv) {
  corpus c = {0};
  int rc = -1;
  if (argc == 2 && strcmp(argv[1], "hash") == 0) return hash_lines();
  if (argc >= 7 && strcmp(argv[1], "sample") == 0) {
    c.root = argv[2];
    read_list(&c, argv[3]);
    rng_state = strtoull(argv[4], NULL, 10);
    rc = sample(&c, strtoul(argv[5], NULL, 10), strtoul(argv[6], NULL, 10));
  } else if (argc >= 4 && strcmp(argv[1], "check") == 0) {
    c.root = argv[2];
    rc = check(&c, argv[3]);
  } else if (argc >= 6 && strcmp(argv[1], "recall") == 0) {
    c.root = argv[2];
    read_list(&c, argv[3]);
    rng_state = strtoull(argv[4], NULL, 10);
    rc = recall(&c, strtoul(argv[5], NULL, 10));
  }
  corpus_free(&c);
  if (rc >= 0) return rc;
  fprintf(stderr, "usage: fameval sample ROOT LIST SEED NJOINED NUNDER | check ROOT GOLD | recall ROOT LIST SEED N"
                  " | hash < TEXTS\n");
  return 2;
}
