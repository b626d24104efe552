/* bench_watch — standing queries against a stream of real statements:
 * 100,000 queries (1–3 terms, phrases, 5 MUST + 2 NOT, with filters),
 * statements/s on one core with the presearcher and verifier, and the
 * naive loop that evaluates every query on every statement, in the same
 * run. usage: bench_watch LISTFILE [QUERIES]
 * Statements come from the files of LISTFILE (parsed; each statement
 * analysed as the index analyses it). Query words come from those
 * statements at random (a fixed seed): words uniformly from the
 * distinct words of four letters or more (so mostly the rarer names and
 * topics people watch for, some common words among them); phrases are two
 * neighbouring words of four letters or more from a statement, drawn by
 * occurrence (so often common phrases), so queries hit and miss as
 * real ones would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/buf.h"
#include "core/map.h"
#include "query/matcher.h"
#include "analyze/analyze.h"
#include "verbatim.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct stmt {
  char **tok;
  size_t *len;
  uint32_t *pos; /* word position: a word's written form and stem share one */
  size_t n;
  uint32_t *ids;
} stmt;

typedef struct corpus {
  stmt *s;
  size_t n, cap;
  char **words; /* words seen, one occurrence in eight */
  size_t nwords, capwords;
  char **distinct; /* every word seen, once each */
  size_t ndistinct, capdistinct;
  vb_map vocab;
} corpus;

typedef struct tokbuf {
  stmt *s;
  size_t cap;
  size_t start, end;
} tokbuf;

static int keep_token(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  tokbuf *b = ctx;
  if (b->s->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 32;
    b->s->tok = realloc(b->s->tok, b->cap * sizeof *b->s->tok);
    b->s->len = realloc(b->s->len, b->cap * sizeof *b->s->len);
    b->s->pos = realloc(b->s->pos, b->cap * sizeof *b->s->pos);
  }
  size_t i = b->s->n;
  b->s->tok[i] = strndup(tok, n);
  b->s->len[i] = n;
  b->s->pos[i] = !i ? 0 : b->s->pos[i - 1] + (start != b->start || end != b->end);
  b->start = start;
  b->end = end;
  b->s->n++;
  return 0;
}

/* The first token of the word after the one token i belongs to. */
static size_t next_word(const stmt *s, size_t i) {
  size_t j = i + 1;
  while (j < s->n && s->pos[j] == s->pos[i]) j++;
  return j;
}

/* resident memory now, in MB (Linux) */
static double rss_mb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, res = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0;
    fclose(f);
  }
  return (double)res * 4096.0 / 1048576.0;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static const char *word(corpus *c) {
  return c->distinct[next_rand() % c->ndistinct];
}

static uint8_t *query_kind; /* per query id: which kind of the mix */
static size_t kind_hits[6];

static int hit(void *ctx, uint32_t id, int certain) {
  (void)certain;
  ++*(size_t *)ctx;
  kind_hits[query_kind[id]]++;
  return 0;
}

static void push(char ***v, size_t *n, size_t *cap, char *w) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 4096;
    *v = realloc(*v, *cap * sizeof **v);
  }
  (*v)[(*n)++] = w;
}

/* appends to q, keeping it a string */
static void add(char *q, size_t cap, const char *w) {
  size_t l = strlen(q);
  snprintf(q + l, cap - l, "%s ", w);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_watch LISTFILE [QUERIES]\n");
    return 2;
  }
  size_t nq = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;
  an_termer *t;
  vb_err err;
  if (an_termer_new(&t, &err)) return 1;
  corpus c = {0};
  vb_map_init(&c.vocab);
  FILE *lf = fopen(argv[1], "r");
  if (!lf) return 1;
  char line[4096];
  vb_buf pre;
  vb_buf_init(&pre, 0);
  while (fgets(line, sizeof line, lf) && c.n < 200000) {
    line[strcspn(line, "\n")] = '\0';
    char *bytes;
    size_t len;
    if (vb_file_read(line, &bytes, &len, &err)) continue;
    vb_doc *d;
    if (vb_doc_parse(bytes, len, line, NULL, &d, &err) == 0) {
      const vb_doc_view *v = vb_doc_get(d);
      char mark[16];
      size_t ml = an_lang_mark(v->meta.language.ptr ? v->meta.language.ptr : "", v->meta.language.len, mark,
                               sizeof mark);
      for (size_t i = 0; i < v->nstatements; i++) {
        const vb_statement *st = &v->statements[i];
        /* the words, as typed, feed the queries */
        for (size_t a = st->start; a < st->end;) {
          while (a < st->end && !((v->body.ptr[a] | 0x20) >= 'a' && (v->body.ptr[a] | 0x20) <= 'z')) a++;
          size_t b = a;
          while (b < st->end && (v->body.ptr[b] | 0x20) >= 'a' && (v->body.ptr[b] | 0x20) <= 'z') b++;
          if (b - a >= 4) {
            int seen = 0;
            vb_map_put(&c.vocab, v->body.ptr + a, b - a, 1, &seen);
            if (!seen) push(&c.distinct, &c.ndistinct, &c.capdistinct, strndup(v->body.ptr + a, b - a));
            if ((next_rand() & 7) == 0) push(&c.words, &c.nwords, &c.capwords, strndup(v->body.ptr + a, b - a));
          }
          a = b;
        }
        /* the tokens, as the index holds them */
        vb_buf text;
        vb_buf_init(&text, 0);
        vb_buf_add(&text, mark, ml);
        vb_buf_add(&text, v->body.ptr + st->start, st->end - st->start);
        pre.len = 0;
        an_termer_encode(t, text.ptr, text.len, &pre);
        vb_buf_free(&text);
        if (c.n == c.cap) {
          c.cap = c.cap ? c.cap * 2 : 4096;
          c.s = realloc(c.s, c.cap * sizeof *c.s);
        }
        stmt *s = &c.s[c.n++];
        memset(s, 0, sizeof *s);
        tokbuf tb = {s, 0, 0, 0};
        an_pre_each(pre.ptr, pre.len, keep_token, &tb);
      }
      vb_doc_free(d);
    }
    free(bytes);
  }
  fclose(lf);
  if (!c.n || !c.nwords) return 1;
  printf("statements: %zu; words to draw queries from: %zu, %zu distinct\n", c.n, c.nwords, c.ndistinct);

  /* the standing queries */
  double rss0 = rss_mb();
  vb_matcher *m = vb_matcher_new(t);
  size_t kinds[6] = {0}, anchored = 0;
  double t0 = now();
  query_kind = calloc(nq ? nq : 1, 1);
  vb_map queries;
  vb_map_init(&queries);
  size_t redrawn = 0;
  for (size_t i = 0; i < nq; i++) {
    char q[512];
    int kind = (int)(next_rand() % 10);
    query_kind[i] = (uint8_t)(kind < 4 ? 0 : kind < 6 ? 1 : kind < 8 ? 2 : kind < 9 ? 3 : 4);
    if (kind < 4) { /* 1-3 terms */
      int k = 1 + (int)(next_rand() % 3);
      q[0] = '\0';
      for (int j = 0; j < k; j++) add(q, sizeof q, word(&c));
      kinds[0]++;
    } else if (kind < 6) { /* a phrase from one statement */
      const stmt *s = &c.s[next_rand() % c.n];
      /* two written words in a row (a stem token is no word to type) */
      size_t at = s->n >= 2 ? next_rand() % s->n : 0, b = 0, la = 0, lb = 0, tries = 0;
      while (s->n >= 2 && tries++ < s->n) {
        while (at > 0 && s->pos[at - 1] == s->pos[at]) at--;
        b = next_word(s, at);
        la = an_token_written(s->tok[at], s->len[at]);
        lb = b < s->n ? an_token_written(s->tok[b], s->len[b]) : 0;
        if (la >= 4 && lb >= 4) break;
        at = b < s->n ? b : 0;
      }
      if (s->n >= 2 && la >= 4 && lb >= 4) {
        snprintf(q, sizeof q, "\"%.*s %.*s\"", (int)la, s->tok[at], (int)lb, s->tok[b]);
      } else {
        snprintf(q, sizeof q, "%s", word(&c));
      }
      kinds[1]++;
    } else if (kind < 8) { /* 5 MUST + 2 NOT */
      snprintf(q, sizeof q, "%s %s %s %s %s -%s -%s", word(&c), word(&c), word(&c), word(&c), word(&c),
               word(&c), word(&c));
      kinds[2]++;
    } else if (kind < 9) {
      snprintf(q, sizeof q, "%s mentions:%s", word(&c), word(&c));
      kinds[3]++;
    } else { /* with a filter */
      snprintf(q, sizeof q, "%s speaker:%s", word(&c), word(&c));
      kinds[4]++;
    }
    int dup = 0; /* 100,000 different queries: a repeat is drawn again */
    vb_map_put(&queries, q, strlen(q), 1, &dup);
    if (dup) {
      kinds[query_kind[i]]--;
      redrawn++;
      i--;
      continue;
    }
    vb_qnode *n;
    vb_arena *qa = vb_arena_new(0); /* the tree lives only until compiled */
    if (vb_query_parse(q, strlen(q), qa, &n, &err)) {
          continue;
    }
    int an = 0;
    int added = vb_matcher_add(m, (uint32_t)i, n, &an);
    vb_arena_free(qa);
    if (added) return 1;
    anchored += (size_t)an;
  }
  double tadd = now() - t0;
  vb_matcher_stats ms;
  vb_matcher_stats_of(m, &ms);
  size_t total = ms.queries, unanchored = ms.unanchored;
  printf("queries: %zu (terms %zu, phrases %zu, 5 MUST + 2 NOT %zu, with mentions: %zu, with speaker: %zu), indexed %zu,"
         " unindexed %zu; %zu repeats drawn again; compiled in %.2f s\n",
         total, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], anchored, unanchored, redrawn, tadd);
  /* statements as word ids of the queries' vocabulary */
  for (size_t i = 0; i < c.n; i++) {
    stmt *s = &c.s[i];
    s->ids = malloc((s->n ? s->n : 1) * sizeof *s->ids);
    for (size_t j = 0; j < s->n; j++) s->ids[j] = vb_matcher_word(m, s->tok[j], s->len[j]);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("memory: the compiled queries %.0f MB; max RSS %ld MB (with the statements and their tokens)\n",
         rss_mb() - rss0, ru.ru_maxrss / 1024);

  /* the presearcher + verifier over every statement */
  size_t hits = 0;
  vb_matcher_stats tried = {0};
  t0 = now();
  for (size_t i = 0; i < c.n; i++) {
    vb_matcher_statement st = {c.s[i].ids, (const char *const *)c.s[i].tok, c.s[i].len, c.s[i].n, c.s[i].pos};
    vb_matcher_match(m, &st, hit, &hits, 0, &tried);
  }
  double tp = now() - t0;
  double sps = (double)c.n / tp;
  printf("presearch: %zu statements in %.2f s = %.0f statements/s; %zu matches (%.2f per statement); %.1f"
         " queries tried per statement\n",
         c.n, tp, sps, hits, (double)hits / (double)c.n, (double)tried.tried / (double)c.n);
  printf("matches by kind: terms %zu, phrases %zu, 5 MUST + 2 NOT %zu, candidates with mentions: %zu, with speaker: %zu\n",
         kind_hits[0], kind_hits[1], kind_hits[2], kind_hits[3], kind_hits[4]);
  /* the naive loop, on a sample (it is slow), same statements */
  size_t sample = c.n < 1000 ? c.n : 1000, nh = 0, ph = 0;
  t0 = now();
  for (size_t i = 0; i < sample; i++) {
    vb_matcher_statement st = {c.s[i].ids, (const char *const *)c.s[i].tok, c.s[i].len, c.s[i].n, c.s[i].pos};
    vb_matcher_match(m, &st, hit, &nh, 1, NULL);
  }
  double tn = now() - t0;
  for (size_t i = 0; i < sample; i++) {
    vb_matcher_statement st = {c.s[i].ids, (const char *const *)c.s[i].tok, c.s[i].len, c.s[i].n, c.s[i].pos};
    vb_matcher_match(m, &st, hit, &ph, 0, NULL);
  }
  double nsps = (double)sample / tn;
  printf("naive: %zu statements in %.2f s = %.0f statements/s; %zu matches (presearch on the same: %zu)\n", sample,
         tn, nsps, nh, ph);
  printf("presearch / naive: %.0fx\n", sps / nsps);
  vb_matcher_free(m);
  an_termer_free(t);
  return nh == ph ? 0 : 3; /* the presearcher must find what the naive loop finds */
}
