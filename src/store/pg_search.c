/* pg_search — the PostgreSQL backend's full-text syntax (compile.h): query
 * words as tsquery lexemes, the alternatives the index may hold each word
 * as (its folded form and its stems in every language of its script, from
 * analyze/), so both backends match the same statements; phrases use <->,
 * NEAR distances <N>, prefixes :*. Exact forms are a regular expression
 * on the statement's text. Everything else about a search is written once
 * (compile.c, search.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/analyze.h"
#include "core/map.h"
#include "store/compile.h"
#include "store/pg_int.h"

#define MAX_NEAR 64 /* NEAR distances above this are taken as this */
/* A lexeme no statement holds: analysis splits words at '-', so no
 * indexed token contains one. What a query word with no letters becomes. */
#define NO_WORD "'no-word'"

static void lexeme(vb_buf *b, const char *t, size_t n) {
  vb_buf_addc(b, '\'');
  for (size_t i = 0; i < n; i++) {
    if (t[i] == '\'' || t[i] == '\\') vb_buf_addc(b, t[i]);
    vb_buf_addc(b, t[i]);
  }
  vb_buf_addc(b, '\'');
}

/* The archive's languages, read again before each query is compiled
 * (store.h): one round trip for a row per language, so a document another
 * connection stored a moment ago is found with the same words. */
static int ts_followed(void *impl, int *changed, vb_err *err);

static int ts_follow(void *impl, vb_err *err) {
  pg *p = impl;
  int changed;
  if (p->langs_ahead) ts_followed(impl, &changed, NULL); /* one left unread by a failed search */
  int rc = vs_load_langs((vs_db){&vs_pg_driver, p}, &p->langs, err);
  if (!rc) p->langs_known = 1;
  return rc;
}

/* The same read sent ahead of the search's match, so both go in one round
 * trip (a search's languages were a round trip of their own before its
 * match: 3 of a page's then); the query is compiled with the languages
 * last read, and again when the read says they changed. */
static int ts_follow_ahead(void *impl) {
  pg *p = impl;
  int changed;
  if (p->langs_ahead) ts_followed(impl, &changed, NULL);
  if (!p->langs_known) return 0;
  vb_err e;
  if (vs_sql_prepare((vs_db){&vs_pg_driver, p}, "SELECT language FROM doc_languages", &p->langs_ahead, &e)) return 0;
  vs_sql_send(p->langs_ahead);
  return 1;
}

static int ts_followed(void *impl, int *changed, vb_err *err) {
  pg *p = impl;
  vb_err ignored;
  if (!err) err = &ignored;
  *changed = 0;
  vs_sql *q = p->langs_ahead;
  p->langs_ahead = NULL;
  if (!q) return VB_OK;
  an_langs l;
  if (vs_langs_read(q, &l, err)) {
    p->langs_known = 0; /* read again, not ahead, next time */
    return err->code;
  }
  if (strcmp(l.list, p->langs.list) || l.written != p->langs.written) {
    p->langs = l;
    *changed = 1;
  }
  return VB_OK;
}

void vb_pg_langs_free(pg *p) {
  vs_finalize(p->langs_ahead);
  p->langs_ahead = NULL;
}

/* Each word's forms as "( 'f1' | 'f2' )", words joined by <->; prefix:
 * the last word (its folded form alone) with :*. */
typedef struct words {
  vb_buf *out;
  int nwords, prefix;
} words;

static int on_form(void *ctx, const char *f, size_t n, size_t start, size_t end, int first) {
  (void)start;
  (void)end;
  words *w = ctx;
  if (first) {
    vb_buf_adds(w->out, w->nwords ? ") <-> (" : "(");
    w->nwords++;
  } else {
    vb_buf_adds(w->out, " | ");
  }
  lexeme(w->out, f, n);
  return 0;
}

static int ts_words(void *impl, const vb_qnode *n, vb_buf *b, vb_err *err) {
  pg *p = impl;
  size_t mark = b->len;
  words w = {b, 0, n->kind == VB_Q_PREFIX};
  vb_buf_addc(b, '(');
  if (an_query_forms(p->termer, &p->langs, n->text.ptr, n->text.len, w.prefix, on_form, &w))
    return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  if (!w.nwords) {
    b->len = mark;
    vb_buf_adds(b, NO_WORD);
    return VB_OK;
  }
  if (w.prefix) vb_buf_adds(b, ":*");
  vb_buf_adds(b, "))");
  return VB_OK;
}

/* FTS5's NEAR(a b, N): at most N words between them, either order. */
static int ts_near(void *impl, const vb_qnode *n, vb_buf *b, vb_err *err) {
  int rc, d = n->near < MAX_NEAR ? n->near : MAX_NEAR;
  vb_buf_addc(b, '(');
  for (size_t i = 0; i + 1 < n->nkids; i++)
    for (size_t j = i + 1; j < n->nkids; j++) {
      if (i || j > 1) vb_buf_adds(b, " & ");
      vb_buf_addc(b, '(');
      for (int k = 1; k <= d + 1; k++)
        for (int order = 0; order < 2; order++) {
          if (k > 1 || order) vb_buf_adds(b, " | ");
          vb_buf_addc(b, '(');
          if ((rc = ts_words(impl, n->kids[order ? j : i], b, err))) return rc;
          vb_buf_printf(b, " <%d> ", k);
          if ((rc = ts_words(impl, n->kids[order ? i : j], b, err))) return rc;
          vb_buf_addc(b, ')');
        }
      vb_buf_addc(b, ')');
    }
  vb_buf_addc(b, ')');
  return VB_OK;
}

/* The cost model's count for a term, phrase or prefix: the statements
 * PostgreSQL's planner expects its tsquery to match, from the statistics
 * ANALYZE (autovacuum) keeps of the tsvectors (their most common lexemes
 * and how often each is found); a prefix is matched against those too. */
/* An estimate is asked again of the server after COST_SECONDS: the
 * statistics it comes from change only when ANALYZE runs, and a word
 * searched again meanwhile (a server's popular words, a page's facets
 * asked after its hits) costs no round trip. */
#define COST_SECONDS 60

static uint64_t cost_hash(const char *s, size_t n) {
  return vb_fnv1a(VB_FNV_BASIS, s, n) | 1; /* never 0, an empty slot's */
}

/* The slot of h's estimate, or the one to put it in: an empty one or
 * the least lately used. Any slot may hold any estimate: a slot by the
 * hash alone (h % 64, h odd: 32 slots) had the bench's 25 words evict one
 * another in turn, 221 estimates asked in 240 searches (bench/RESULTS.md). */
static struct pg_cost *cost_slot(pg *p, uint64_t h) {
  size_t n = sizeof p->costs / sizeof *p->costs, at = n;
  for (size_t i = 0; i < n && at == n; i++)
    if (p->costs[i].hash == h) at = i;
  if (at == n) {
    at = 0;
    for (size_t i = 1; i < n; i++)
      if (p->costs[i].used < p->costs[at].used) at = i;
  }
  p->costs[at].used = ++p->cost_clock;
  return &p->costs[at];
}

static int ts_cost(void *impl, const vb_qnode *n, double *out, vb_err *err) {
  pg *p = impl;
  *out = 0;
  vb_buf tq;
  vb_buf_init(&tq, VS_MAX_SQL_BYTES);
  int rc = ts_words(impl, n, &tq, err);
  if (!rc && tq.failed) rc = vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  uint64_t h = rc ? 0 : cost_hash(tq.ptr, tq.len);
  struct pg_cost *slot = cost_slot(p, h);
  time_t now = time(NULL);
  if (!rc && slot->hash == h && now - slot->at < COST_SECONDS && now >= slot->at) {
    *out = slot->rows;
    vb_buf_free(&tq);
    return VB_OK;
  }
  vs_sql *q = NULL;
  vs_db db = {&vs_pg_driver, p};
  if (!rc) rc = vs_sql_prepare(db, "EXPLAIN (FORMAT JSON) SELECT 1 FROM statements s WHERE s.tsv @@ ?1::tsquery", &q, err);
  if (!rc) {
    vs_bind_str(q, 1, tq.ptr);
    int got = vs_next(q, err);
    if (got < 0) rc = err->code;
    else if (got > 0) {
      const char *plan = vs_col_text(q, 0, NULL), *rows = plan ? strstr(plan, "\"Plan Rows\":") : NULL;
      if (rows) *out = strtod(rows + strlen("\"Plan Rows\":"), NULL);
    }
  }
  if (!rc) *slot = (struct pg_cost){h, *out, now, slot->used};
  vs_finalize(q);
  vb_buf_free(&tq);
  return rc;
}

/* =Term and exact:"…": the same case and accents, on word boundaries, in
 * the stored text (a regular expression made here, passed as a value). */
static int exact_regex(const vb_qnode *n, vb_buf *re) {
  vb_buf_adds(re, "(^|[^[:alnum:]])");
  for (size_t i = 0; i < n->text.len; i++) {
    if (strchr("\\.^$|?*+()[]{}", n->text.ptr[i])) vb_buf_addc(re, '\\');
    vb_buf_addc(re, n->text.ptr[i]);
  }
  return vb_buf_adds(re, "($|[^[:alnum:]])");
}

const vs_text vs_tsquery_text = {
    .and_open = "(",
    .and_op = " & ",
    .and_close = "",
    .not_open = " & !(",
    .not_sep = ") & !(",
    .not_close = ")",
    .and_end = ")",
    .or_op = " | ",
    .follow = ts_follow,
    .follow_ahead = ts_follow_ahead,
    .followed = ts_followed,
    .words = ts_words,
    .near = ts_near,
    .match = "s.tsv @@ ?%d::tsquery",
    .exact_cond = "%s ~ ?%d",
    .exact_value = exact_regex,
    .from = "statements s",
    .drive = "s.tsv @@ ?%d::tsquery",
    .rank = "ts_rank(s.tsv, ?%d::tsquery, 1)",
    .rank_higher_better = 1,
    .fast_match = NULL,
    .fast_rank = NULL,
    .cost = ts_cost,
    .server_counts = 1,
};
