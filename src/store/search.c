/* search — a compiled query run once over its matches, written once for
 * every backend: the match set is read in one pass (the count, the top k
 * by rank or date in a heap, one best statement per document when asked,
 * and the facet counters come from the same rows); only the k hits and the
 * facet values are looked up afterwards. The same matches, unranked, feed
 * the views and the standing queries (vs_each_match).
 *
 * A backend that keeps statement columns in memory (vs_cols: speaker,
 * document, date, length by id) lets a query with no condition but its
 * text read only the full-text index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/map.h"
#include "store/compile.h"
#include "store/store.h"

/* The server counts a search's matches (vs_text.server_counts) when the
 * cost model says its words are in at least this many statements: the
 * counting statement costs PostgreSQL 0.3-0.5 ms more to plan and start
 * than the rows of 59 matches cost to write out (bench/RESULTS.md), about
 * what a thousand matches' rows cost the server and the client. */
#define COUNTED_FROM 1000
/* The entity facet counts over at most this many matching statements, an
 * even sample of them (every k-th found) when there are more. */
#define ENTITY_FACET_SAMPLE 10000
/* Values shown per facet, and months. */
#define FACET_VALUES 10
#define MONTH_VALUES 24
/* Mentions are read for this many statements at a time. */
#define IDS_PER_QUERY 500
/* The said facet reads the family index whole when it holds at most this
 * many members a statement counted, else each statement's row. */
#define FAMILY_SCAN 8

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

/* ---- counters ------------------------------------------------------------------ */

/* int64 -> count, open addressing, in the result arena. */
typedef struct counter {
  int64_t *keys, *counts;
  int64_t *extra; /* per key: best candidate index (documents mode) */
  size_t cap, n;
} counter;

static size_t counter_home(size_t cap, int64_t key) {
  return (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

/* The count kept for key, 0 if none. */
static int64_t counter_get(const counter *c, int64_t key) {
  if (!c->cap) return 0;
  size_t h = counter_home(c->cap, key);
  while (c->keys[h] != INT64_MIN && c->keys[h] != key) h = (h + 1) & (c->cap - 1);
  return c->keys[h] == INT64_MIN ? 0 : c->counts[h];
}

static int counter_add(vb_arena *a, counter *c, int64_t key, int64_t by, size_t *slot_out) {
  if ((c->n + 1) * 2 > c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    int64_t *k = vb_arena_alloc(a, cap * sizeof *k), *v = vb_arena_alloc(a, cap * sizeof *v);
    int64_t *x = vb_arena_alloc(a, cap * sizeof *x);
    if (!k || !v || !x) return -1;
    for (size_t i = 0; i < cap; i++) k[i] = INT64_MIN;
    for (size_t i = 0; i < c->cap; i++) {
      if (c->keys[i] == INT64_MIN) continue;
      size_t h = counter_home(cap, c->keys[i]);
      while (k[h] != INT64_MIN) h = (h + 1) & (cap - 1);
      k[h] = c->keys[i];
      v[h] = c->counts[i];
      x[h] = c->extra[i];
    }
    c->keys = k;
    c->counts = v;
    c->extra = x;
    c->cap = cap;
  }
  size_t h = counter_home(c->cap, key);
  while (c->keys[h] != INT64_MIN && c->keys[h] != key) h = (h + 1) & (c->cap - 1);
  if (c->keys[h] == INT64_MIN) {
    c->keys[h] = key;
    c->counts[h] = 0;
    c->extra[h] = -1;
    c->n++;
  }
  c->counts[h] += by;
  if (slot_out) *slot_out = h;
  return 0;
}

/* A key's count while the rows bring it again and again (one document's
 * statements come together, with their speaker and month), added to its
 * counter once the key changes: `peace`'s 125,195 matches on the UN
 * archive were three hash look-ups each (counter_add, 12% of its facets'
 * search), for some 9,000 documents. */
typedef struct run_count {
  int64_t key, n;
} run_count;

static int run_flush(vb_arena *a, counter *c, run_count *r) {
  int rc = r->n ? counter_add(a, c, r->key, r->n, NULL) : 0;
  r->n = 0;
  return rc;
}

static int run_add(vb_arena *a, counter *c, run_count *r, int64_t key) {
  if (r->n && r->key == key) {
    r->n++;
    return 0;
  }
  if (run_flush(a, c, r)) return -1;
  r->key = key;
  r->n = 1;
  return 0;
}

/* Is slot i heavier than slot j: more counts, then the smaller key. */
static int heavier(const counter *c, size_t i, size_t j) {
  if (c->counts[i] != c->counts[j]) return c->counts[i] > c->counts[j];
  return c->keys[i] < c->keys[j];
}

/* The heaviest `limit` slots of a counter, heaviest first. */
static size_t counter_top(const counter *c, size_t limit, size_t *out) {
  size_t n = 0;
  for (size_t i = 0; i < c->cap; i++) {
    if (c->keys[i] == INT64_MIN) continue;
    size_t j = n < limit ? n++ : limit;
    if (j == limit) {
      if (!heavier(c, i, out[limit - 1])) continue;
      j = limit - 1;
    }
    while (j > 0 && heavier(c, i, out[j - 1])) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = i;
  }
  return n;
}

/* ---- the best k ------------------------------------------------------------------ */

typedef struct cand {
  int64_t id, doc, date; /* date as YYYYMMDD, 0 if unknown */
  double rank;           /* lower is better */
  int64_t spk;           /* its speaker's row (0: none), -1 where the match did not say */
} cand;

/* Is a better than b? */
static int better(const cand *a, const cand *b, int by_date) {
  if (by_date) {
    if (a->date != b->date) return a->date > b->date;
    if (a->doc != b->doc) return a->doc > b->doc;
    return a->id < b->id;
  }
  if (a->rank != b->rank) return a->rank < b->rank;
  return a->id < b->id;
}

/* A heap of the k best seen so far, worst at the root. */
typedef struct topk {
  cand *v;
  size_t n, k;
  int by_date;
} topk;

static void sift_down(topk *t) {
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, w = i;
    if (l < t->n && better(&t->v[w], &t->v[l], t->by_date)) w = l;
    if (r < t->n && better(&t->v[w], &t->v[r], t->by_date)) w = r;
    if (w == i) break;
    cand tmp = t->v[i];
    t->v[i] = t->v[w];
    t->v[w] = tmp;
    i = w;
  }
}

static void topk_push(topk *t, const cand *c) {
  if (t->k == 0) return;
  if (t->n == t->k) {
    if (!better(c, &t->v[0], t->by_date)) return;
    t->v[0] = *c;
    sift_down(t);
    return;
  }
  size_t i = t->n++;
  t->v[i] = *c;
  while (i > 0 && better(&t->v[(i - 1) / 2], &t->v[i], t->by_date)) {
    cand tmp = t->v[i];
    t->v[i] = t->v[(i - 1) / 2];
    t->v[(i - 1) / 2] = tmp;
    i = (i - 1) / 2;
  }
}

static cand topk_pop(topk *t) {
  cand worst = t->v[0];
  t->v[0] = t->v[--t->n];
  sift_down(t);
  return worst;
}

/* ---- the match query ----------------------------------------------------------- */

/* SELECT id, rank, speaker, doc, date, own-words speaker for every match of a plan: the
 * full-text expression drives when there is one, else every statement
 * meeting the conditions. fast: only id and rank, from the index alone.
 * tags: a seventh column says whether the archive has any tag (for the
 * tag facet: computed once by the server, not asked in a round trip of
 * its own). */
/* Conditions on a statement's id, date, kind and language alone (the
 * plan's !reads_row: s.id, s.date, s.kind and s.lang are all they name
 * of s) written for the index alone: the backend's names for the match's
 * id and the others from the column cache. `nuclear mentions:"United Nations" after:1990 before:2011` on
 * the UN archive read each of nuclear's 25,754 statements' rows for
 * their dates (bench/RESULTS.md). */
static int ident_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void row_free_where(const vs_text *ts, const char *w, size_t n, vb_buf *out) {
  size_t i = 0;
  while (i < n) {
    int edge = i == 0 || !(ident_byte(w[i - 1]) || w[i - 1] == '.');
    size_t k = 0;
    const char *name = NULL;
    if (edge && n - i >= 4 && !memcmp(w + i, "s.id", 4)) k = 4, name = ts->fast_id;
    else if (edge && n - i >= 6 && !memcmp(w + i, "s.date", 6)) k = 6, name = ts->fast_date;
    else if (edge && n - i >= 6 && !memcmp(w + i, "s.kind", 6)) k = 6, name = ts->fast_kind;
    else if (edge && n - i >= 6 && !memcmp(w + i, "s.lang", 6)) k = 6, name = ts->fast_lang;
    if (name && (i + k == n || !ident_byte(w[i + k]))) {
      vb_buf_adds(out, name);
      i += k;
    } else {
      vb_buf_addc(out, w[i++]);
    }
  }
}

/* The entities' ids of a plan whose whole condition is mentions: of them
 * with no words (VS_MENTIONS_LIST): "1,2))", else NULL. Its statements
 * are the mentions key's alone: e1's 136,586 on the UN archive read
 * their rows for document, date and speaker (221,602 pages for the
 * entity page's latest statements), which the column cache has. */
static const char *mentions_alone(const vs_plan *p) {
  size_t k = strlen(VS_MENTIONS_LIST), n = p->where.len;
  if (p->text.len || p->needs_doc || n < k + 3 || memcmp(p->where.ptr, VS_MENTIONS_LIST, k) ||
      memcmp(p->where.ptr + n - 2, "))", 2))
    return NULL;
  for (size_t i = k; i < n - 2; i++)
    if (!((p->where.ptr[i] >= '0' && p->where.ptr[i] <= '9') || p->where.ptr[i] == ',')) return NULL;
  return p->where.ptr + k;
}

static int match_sql(const vs_text *ts, vs_plan *p, vb_arena *a, int ranked, int fast, int tags, const char *extra,
                     vb_buf *sql, vb_err *err) {
  const char *alone = fast && !ranked && !extra ? mentions_alone(p) : NULL;
  if (alone) {
    /* in the order of ids, as the statements' rows came */
    vb_buf_printf(sql, "SELECT DISTINCT statement_id, 0, 0, 0, 0 FROM mentions WHERE entity_id IN (%.*s ORDER BY statement_id",
                  (int)(p->where.len - strlen(VS_MENTIONS_LIST) - 1), alone);
    return sql->failed ? vb_err_set(err, VB_EQUERY, "query", -1, "query too large") : VB_OK;
  }
  int t = p->text.len ? vs_plan_text(p, a, p->text.ptr, p->text.len) : 0;
  if (t < 0) return vb_err_set(err, VB_EQUERY, "query", -1, "query too large");
  char rank[256] = "0";
  if (t && ranked)
    snprintf(rank, sizeof rank, fast ? (p->one_word ? ts->fast_rank_word : ts->fast_rank) : (p->one_word ? ts->rank_word : ts->rank), t);
  if (fast) {
    vb_buf_printf(sql, ts->fast_match, rank, t);
    if (p->where.len) {
      vb_buf_adds(sql, " AND ");
      row_free_where(ts, p->where.ptr, p->where.len, sql);
    }
    return sql->failed ? vb_err_set(err, VB_EQUERY, "query", -1, "query too large") : VB_OK;
  }
  vb_buf_printf(sql, "SELECT s.id, %s, coalesce(s.speaker_id, 0), s.doc_id, coalesce(s.date, 0), " VS_OWN_SPEAKER("s.") "%s FROM ",
                rank, tags ? ", EXISTS (SELECT 1 FROM tags)" : "");
  if (t) {
    vb_buf_adds(sql, ts->from);
    if (p->needs_doc) vb_buf_adds(sql, " JOIN documents d ON d.id = s.doc_id");
    vb_buf_adds(sql, " WHERE ");
    vb_buf_printf(sql, ts->drive, t);
  } else {
    /* a document's row only when a condition reads it: mentions:e1 (no
     * words) looked up the row of each of its 144,065 statements'
     * documents, nearly every one of the UN archive's, beside their
     * bodies (7,672 pages) */
    vb_buf_adds(sql, p->needs_doc ? "statements s JOIN documents d ON d.id = s.doc_id WHERE TRUE" : "statements s WHERE TRUE");
  }
  if (p->where.len) vb_buf_printf(sql, " AND %s", p->where.ptr);
  if (extra) vb_buf_printf(sql, " AND %s", extra);
  return sql->failed ? vb_err_set(err, VB_EQUERY, "query", -1, "query too large") : VB_OK;
}

/* A query the backend refuses (a full-text expression it cannot read) is
 * the query's fault. */
static int refused(vs_db db, vb_err *err) {
  if (err->code == VB_ESTORE && db.drv->syntax_error(db.conn)) err->code = VB_EQUERY;
  return err->code;
}

typedef struct each_ctx {
  int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date, int64_t doc);
  void *ctx;
} each_ctx;

static int each_row(void *c, vs_sql *q) {
  each_ctx *e = c;
  return e->fn(e->ctx, vs_col_int(q, 0), vs_col_int(q, 2), vs_col_int(q, 4), vs_col_int(q, 3));
}

int vs_each_match(vs_db db, const vs_text *ts, const vb_qnode *q, const vb_lexicon *lx, const char *only,
                  const vs_param *only_params, int nonly, int stream, double max_cost,
                  int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date, int64_t doc), void *ctx,
                  vb_err *err) {
  vb_arena *a = vb_arena_new((size_t)64 << 20);
  if (!a) return OOM(err);
  vs_plan p;
  vb_buf sql;
  vb_buf_init(&sql, VS_MAX_SQL_BYTES);
  int rc = vs_compile(db, ts, q, lx, a, &p, err);
  if (!rc && (rc = vs_query_cost(db, ts, q, max_cost, err))) vs_plan_free(&p);
  /* the restriction's parameters come after the query's */
  char extra[256] = "";
  if (!rc && only) {
    int first = p.nparams + 1;
    for (int i = 0; i < nonly && !rc; i++)
      if ((only_params[i].is_int ? vs_plan_int(&p, only_params[i].i)
                                 : vs_plan_text(&p, a, only_params[i].text, strlen(only_params[i].text))) < 0)
        rc = vb_err_set(err, VB_EQUERY, "query", -1, "query too large");
    snprintf(extra, sizeof extra, only, first, first + 1);
  }
  if (!rc) rc = match_sql(ts, &p, a, 0, 0, 0, only ? extra : NULL, &sql, err);
  vs_sql *s = NULL;
  if (!rc) rc = vs_sql_prepare(db, sql.ptr, &s, err);
  if (!rc && stream) db.drv->stream(s);
  if (!rc) {
    vs_plan_bind(&p, s);
    each_ctx e = {fn, ctx};
    rc = vs_sql_each(s, each_row, &e, err);
    if (rc == VB_ESTORE) rc = refused(db, err);
  }
  vs_finalize(s);
  if (!rc || rc != VB_EQUERY) vs_plan_free(&p);
  vb_buf_free(&sql);
  vb_arena_free(a);
  return rc;
}

/* ---- the hits and the facets ---------------------------------------------------------- */

typedef struct run {
  vs_db db;
  vb_arena *a;
  vb_err *err;
  vb_raw_results *res;
} run;

static int hit_row(void *ctx, vs_sql *q) {
  run *r = ctx;
  vb_arena *a = r->a;
  vb_raw_hit *h = VB_VEC_PUSH(a, r->res->hits);
  if (!h) return OOM(r->err);
  memset(h, 0, sizeof *h);
  snprintf(h->doc, sizeof h->doc, "%s", vs_col_text(q, 0, NULL));
  h->speaker_id = vs_col_int(q, 1);
  h->kind = vs_col_str(q, 2, a);
  h->text = vs_col_str(q, 3, a);
  h->title = vs_col_str(q, 4, a);
  h->series = vs_col_str(q, 5, a);
  h->number = vs_col_str(q, 6, a);
  h->date = vs_col_str(q, 7, a);
  h->channel = vs_col_str(q, 8, a);
  h->publisher = vs_col_str(q, 9, a);
  h->language = vs_col_str(q, 10, a);
  h->start = (uint32_t)vs_col_int(q, 11);
  h->end = (uint32_t)vs_col_int(q, 12);
  h->paragraph = (int32_t)vs_col_int(q, 13);
  h->time.start = vs_col_null(q, 14) ? -1 : vs_col_double(q, 14);
  h->time.end = vs_col_null(q, 15) ? -1 : vs_col_double(q, 15);
  h->index = (int32_t)vs_col_int(q, 16);
  h->numbering = (int32_t)vs_col_int(q, 17);
  h->statement = vs_col_int(q, 18);
  return VB_OK;
}

static int hit_cmp(const void *x, const void *y) {
  int64_t a = ((const vb_raw_hit *)x)->statement, b = ((const vb_raw_hit *)y)->statement;
  return a < b ? -1 : a > b;
}

/* The k best's fields, in their order: a batch of hits per query (a
 * query per hit was two round trips each on PostgreSQL: 40 of the 43 a
 * search sent for a page of 20). */
static void hits_sql(run *r, vb_buf *sql) {
  vb_buf_printf(sql,
                "SELECT d.hash, coalesce(s.speaker_id, 0), s.kind, %s, d.title, d.series,"
                " d.number, d.date, d.channel, d.publisher, d.language, s.start, s.\"end\", s.paragraph, s.t_start,"
                " s.t_end, s.idx, " VS_NUMBERING ", s.id FROM statements s %s WHERE ",
                r->db.drv->dialect->stmt_text, r->db.drv->dialect->doc_of_stmt);
  vs_in_ids(sql, r->db, "s.id", 1);
}

/* The first batch sent ahead (sql.h), read by hits_read. */
static int hits_send(run *r, const cand *sorted, size_t from, size_t n, vs_sql **q) {
  *q = NULL;
  if (from >= n) return VB_OK;
  size_t k = n - from < IDS_PER_QUERY ? n - from : IDS_PER_QUERY;
  int64_t page[IDS_PER_QUERY];
  for (size_t i = 0; i < k; i++) page[i] = sorted[from + i].id;
  vb_buf sql;
  vb_buf_init(&sql, 0);
  hits_sql(r, &sql);
  int rc = sql.failed ? OOM(r->err) : vs_ids_send(r->db, sql.ptr, page, k, q, r->err);
  vb_buf_free(&sql);
  return rc;
}

/* first: the first batch's query, sent; finalized here. */
static int hits_read(run *r, vs_sql *first, const cand *sorted, size_t from, size_t n, int ranked) {
  vb_buf sql;
  vb_buf_init(&sql, 0);
  hits_sql(r, &sql);
  int rc = sql.failed ? OOM(r->err) : VB_OK;
  int64_t page[IDS_PER_QUERY];
  for (size_t at = from; !rc && at < n; at += IDS_PER_QUERY) {
    size_t k = n - at < IDS_PER_QUERY ? n - at : IDS_PER_QUERY;
    for (size_t i = 0; i < k; i++) page[i] = sorted[at + i].id;
    uint32_t before = r->res->hits.n;
    if (at == from) {
      rc = vs_ids_read(first, hit_row, r, r->err);
      first = NULL;
    } else {
      rc = vs_sql_rows_ids(r->db, sql.ptr, page, k, hit_row, r, r->err);
    }
    if (rc) break;
    /* the rows in any order: put back in the ranking's (one deleted since
     * the match is left out) */
    size_t got = r->res->hits.n - before;
    vb_raw_hit *rows = got ? vb_arena_alloc(r->a, got * sizeof *rows) : NULL;
    if (got && !rows) {
      rc = OOM(r->err);
      break;
    }
    if (got) memcpy(rows, r->res->hits.v + before, got * sizeof *rows);
    qsort(rows, got, sizeof *rows, hit_cmp);
    r->res->hits.n = before;
    for (size_t i = at; got && i < at + k; i++) {
      vb_raw_hit key = {.statement = sorted[i].id};
      const vb_raw_hit *h = bsearch(&key, rows, got, sizeof *rows, hit_cmp);
      if (!h) continue;
      vb_raw_hit *o = &r->res->hits.v[r->res->hits.n++];
      *o = *h;
      o->score = ranked ? -sorted[i].rank : 0;
    }
  }
  if (first) vs_finalize(first);
  vb_buf_free(&sql);
  return rc;
}

/* Their quote families (first said when, and where), asked for the k
 * best (ids) before their rows came, so with them; a hit gone since the
 * match has its answer unread. */
static int hits_families(run *r, vs_sql *q, const int64_t *ids, size_t n, uint32_t first) {
  vs_fam_info *fi = n ? vb_arena_alloc(r->a, n * sizeof *fi) : NULL;
  if (n && !fi) {
    if (q) vs_finalize(q);
    return OOM(r->err);
  }
  int rc = n ? vs_family_infos_read(r->db, q, ids, n, r->a, fi, r->err) : VB_OK;
  size_t j = 0;
  for (uint32_t i = first; !rc && i < r->res->hits.n; i++) {
    vb_raw_hit *h = &r->res->hits.v[i];
    while (j < n && ids[j] != h->statement) j++;
    if (j == n) break;
    if (!fi[j].size) continue;
    h->family = fi[j].size;
    h->first = fi[j].first;
    h->first_date = fi[j].date;
    memcpy(h->first_doc, fi[j].doc, sizeof h->first_doc);
    h->first_index = fi[j].index;
    h->first_numbering = fi[j].numbering;
  }
  return rc;
}

typedef struct id_names {
  vs_slots slots;
  vb_str *out;
  vb_arena *a;
  uint8_t *group; /* by slot: the speaker is a group (vb_speaker.group) */
} id_names;

static int name_row(void *ctx, vs_sql *q) {
  id_names *nm = ctx;
  int64_t id = vs_col_int(q, 0);
  vs_slots m = vs_slots_of(&nm->slots, id);
  for (size_t k = 0; k < m.n; k++) {
    nm->out[m.v[k].slot] = vs_col_str(q, 1, nm->a);
    nm->group[m.v[k].slot] = vs_col_int(q, 2) != 0;
  }
  return VB_OK;
}

/* The top values of a counter, named from table (id, name) in one query
 * (one per value was a round trip each on PostgreSQL); a value whose row
 * is gone is left out. More ids (the hits' speakers) are named by the
 * same query: a name looked up for each hit in the hits' query cost
 * PostgreSQL a scan of the speakers a hit (bench/RESULTS.md, session 18).
 * In two halves: names_send sends the query ahead (sql.h), names_read
 * reads it, names the hits given and makes the facet. */
typedef struct names_q {
  vs_sql *q;
  const counter *c;
  const char *table;
  int which;
  size_t n, nmore; /* the counter's top values, then the more ids */
  size_t top[MONTH_VALUES];
  int64_t *ids;
  vb_str *got;
  uint8_t *group;
  vs_slot *slot;
  vs_slots slots;
} names_q;

static int names_send(run *r, names_q *nq, const counter *c, size_t limit, const char *table, int which,
                      const int64_t *more, size_t nmore) {
  memset(nq, 0, sizeof *nq);
  nq->c = c;
  nq->table = table;
  nq->which = which;
  nq->n = c ? counter_top(c, limit, nq->top) : 0;
  nq->nmore = nmore;
  size_t all = nq->n + nmore;
  if (!all) return VB_OK;
  nq->ids = vb_arena_alloc(r->a, all * sizeof *nq->ids);
  nq->got = vb_arena_alloc(r->a, all * sizeof *nq->got);
  nq->slot = vb_arena_alloc(r->a, all * sizeof *nq->slot);
  nq->group = vb_arena_calloc(r->a, all);
  if (!nq->ids || !nq->got || !nq->slot || !nq->group) return OOM(r->err);
  memset(nq->got, 0, all * sizeof *nq->got);
  for (size_t i = 0; i < nq->n; i++) nq->ids[i] = c->keys[nq->top[i]];
  if (nmore) memcpy(nq->ids + nq->n, more, nmore * sizeof *more);
  nq->slots = vs_slots_make(nq->slot, nq->ids, all);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  /* a speaker that is a group the prose names ("critics") is told apart:
   * the speaker facet counts no group as someone (store.h) */
  if (!strcmp(table, "speakers"))
    vb_buf_adds(&sql, "SELECT id, name, CASE WHEN " VS_KEY_GROUP("") " THEN 1 ELSE 0 END FROM speakers WHERE ");
  else
    vb_buf_printf(&sql, "SELECT id, name, 0 FROM %s WHERE ", table);
  vs_in_ids(&sql, r->db, "id", 1);
  int rc = sql.failed ? OOM(r->err) : vs_ids_send(r->db, sql.ptr, nq->ids, all, &nq->q, r->err);
  vb_buf_free(&sql);
  return rc;
}

/* hits: named by their speaker_id, which the more ids hold */
static int names_read(run *r, names_q *nq, vb_raw_hit *hits, size_t nhits) {
  id_names nm = {nq->slots, nq->got, r->a, nq->group};
  int rc = vs_ids_read(nq->q, name_row, &nm, r->err);
  nq->q = NULL;
  for (size_t i = 0; !rc && i < nhits; i++) {
    vs_slots m = vs_slots_of(&nq->slots, hits[i].speaker_id);
    if (m.n) hits[i].speaker = nq->got[m.v[0].slot];
  }
  const counter *c = nq->c;
  int which = nq->which;
  vb_str *got = nq->got;
  for (size_t i = 0; !rc && i < nq->n; i++) {
    /* a group ("critics", "the protesters") is no one among the speakers:
     * found by speaker:, listed as a group, never counted as a person */
    if (!got[i].ptr || nq->group[i]) continue;
    /* speakers are filtered by name: one entry a name, though a label
     * that names no one ("Question") is a speaker of each document */
    vb_facet *f = NULL;
    for (size_t k = 0; which == 0 && !f && k < r->res->facets[which].n; k++)
      if (r->res->facets[which].v[k].value.len == got[i].len &&
          !memcmp(r->res->facets[which].v[k].value.ptr, got[i].ptr, got[i].len))
        f = &r->res->facets[which].v[k];
    if (f) {
      f->count += c->counts[nq->top[i]];
      /* counts came best first: the sum moves up past smaller ones */
      for (; f > r->res->facets[which].v && f[-1].count < f->count; f--) {
        vb_facet t = f[-1];
        f[-1] = *f;
        *f = t;
      }
      continue;
    }
    f = VB_VEC_PUSH(r->a, r->res->facets[which]);
    if (!f) return OOM(r->err);
    *f = (vb_facet){got[i], c->counts[nq->top[i]], ""};
    /* an entity is filtered by its id: its name may lead to others */
    if (which == 1) snprintf(f->id, sizeof f->id, "e%lld", (long long)nq->ids[i]);
  }
  return rc;
}

static int name_facet(run *r, const counter *c, size_t limit, const char *table, int which) {
  names_q nq;
  int rc = names_send(r, &nq, c, limit, table, which, NULL, 0);
  if (!rc) return names_read(r, &nq, NULL, 0);
  if (nq.q) vs_finalize(nq.q);
  return rc;
}

/* A document dated by its year alone counts its statements from the
 * year's first day (VS_DATES_FROM_START), so they land in January: the
 * facet gives them the year itself (YYYY00, "1986"), which is what their
 * document says and what a click on it filters by. A search that read
 * the column cache counted them there already (its years by document);
 * one that read the rows moves them here: a statement's date is its
 * document's, so a year-only document's found statements (docs) move
 * whole from YYYY01 to YYYY00. Only the found documents with a statement
 * dated 1 January are looked up, by id. */
typedef struct years_ctx {
  vb_arena *a;
  counter *months;
  const counter *docs;
} years_ctx;

static int year_only_row(void *ctx, vs_sql *q) {
  years_ctx *y = ctx;
  int64_t n = counter_get(y->docs, vs_col_int(q, 0));
  size_t len;
  const char *d = vs_col_text(q, 1, &len);
  int64_t year = vs_date_year_alone(d, len);
  if (!n || !year) return VB_OK;
  if (counter_add(y->a, y->months, year * 100 + 1, -n, NULL) || counter_add(y->a, y->months, year * 100, n, NULL))
    return -1;
  return VB_OK;
}

/* jan1: the documents found with a statement dated 1 January; those
 * dated by their year alone are read by id (every year-only document of
 * the found years was read before: 1,163 rows a search on 1,369 UN
 * speeches, growing with the archive, not with the hits), from the index
 * of such documents where the backend has one (the dialect's
 * year_alone_docs: on SQLite a document's row is a page of its text,
 * 457 pages for 457 documents where the index took 5). */
static int years_send(run *r, const counter *jan1, vs_sql **q) {
  *q = NULL;
  if (!jan1->n) return VB_OK;
  int64_t *ids = vb_arena_alloc(r->a, jan1->n * sizeof *ids);
  if (!ids) return OOM(r->err);
  size_t n = 0;
  for (size_t i = 0; i < jan1->cap; i++)
    if (jan1->keys[i] != INT64_MIN) ids[n++] = jan1->keys[i];
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_printf(&sql, "SELECT id, date FROM %s WHERE length(date) = 4 AND ", r->db.drv->dialect->year_alone_docs);
  vs_in_ids(&sql, r->db, "id", 1);
  int rc = sql.failed ? OOM(r->err) : vs_ids_send(r->db, sql.ptr, ids, n, q, r->err);
  vb_buf_free(&sql);
  return rc;
}

/* years: years_send's query (NULL: none), finalized here; docs: the
 * documents found, when their year-only months are still to move (a
 * search that read the column cache moved them as it counted) */
static int month_facet(run *r, vs_sql *years, counter *months, const counter *docs) {
  years_ctx y = {r->a, months, docs};
  int rc = docs ? vs_ids_read(years, year_only_row, &y, r->err) : VB_OK;
  if (!docs && years) vs_finalize(years);
  if (rc < 0) return OOM(r->err);
  if (rc) return rc;
  size_t top[MONTH_VALUES];
  size_t n = counter_top(months, MONTH_VALUES, top);
  for (size_t i = 0; i < n; i++) {
    int64_t ym = months->keys[top[i]];
    if (months->counts[top[i]] <= 0) continue; /* a January of year-only documents alone */
    vb_facet *f = VB_VEC_PUSH(r->a, r->res->facets[3]);
    char *m = vb_arena_alloc(r->a, 16);
    if (!f || !m) return OOM(r->err);
    int len = ym % 100 ? snprintf(m, 16, "%04u-%02u", (unsigned)(ym / 100 % 10000), (unsigned)(ym % 100))
                       : snprintf(m, 16, "%04u", (unsigned)(ym / 100 % 10000));
    *f = (vb_facet){(vb_str){m, (size_t)len}, months->counts[top[i]], ""};
  }
  return VB_OK;
}

typedef struct tag_ctx {
  run *r;
  const counter *docs;
  counter tags; /* tag key's id (in keys) -> weight */
  VB_VEC(vb_str) keys;
} tag_ctx;

static int tag_row(void *ctx, vs_sql *q) {
  tag_ctx *t = ctx;
  int64_t weight = counter_get(t->docs, vs_col_int(q, 1));
  if (!weight) return VB_OK;
  size_t kl;
  const char *kt = vs_col_text(q, 0, &kl);
  uint32_t k;
  for (k = 0; k < t->keys.n; k++)
    if (t->keys.v[k].len == kl && !memcmp(t->keys.v[k].ptr, kt, kl)) break;
  if (k == t->keys.n) {
    vb_str *s = VB_VEC_PUSH(t->r->a, t->keys);
    if (!s) return OOM(t->r->err);
    *s = vs_col_str(q, 0, t->r->a);
  }
  return counter_add(t->r->a, &t->tags, k, weight, NULL) ? OOM(t->r->err) : VB_OK;
}

/* A tag key's slot is found by the hash of its bytes, then the bytes
 * compared (two keys may share a hash). */
static int64_t tag_key_id(const char *p, size_t n) { return (int64_t)vb_fnv1a(VB_FNV_BASIS, p, n); }

typedef struct tag_names {
  const tag_ctx *t;
  const size_t *top;
  vs_slots slots;
  vb_str *out;
} tag_names;

static int tag_name_row(void *ctx, vs_sql *q) {
  tag_names *tn = ctx;
  size_t kl;
  const char *kt = vs_col_text(q, 0, &kl);
  int64_t id = tag_key_id(kt, kl);
  vs_slots m = vs_slots_of(&tn->slots, id);
  for (size_t k = 0; k < m.n; k++) {
    size_t i = m.v[k].slot;
    vb_str key = tn->t->keys.v[tn->t->tags.keys[tn->top[i]]];
    if (key.len == kl && !memcmp(key.ptr, kt, kl) && !vs_col_null(q, 1)) tn->out[i] = vs_col_str(q, 1, tn->t->r->a);
  }
  return VB_OK;
}

/* Tags weighted by the matching statements of their documents, the
 * heaviest first, shown with their first spelling. any: whether the
 * archive has a tag, -1 when not known yet. */
static int tag_facet(run *r, const counter *docs, int64_t any) {
  tag_ctx t = {r, docs, {0}, {0}};
  int rc = VB_OK;
  /* the matched documents' tags, a batch of documents per query; none
   * to look for in an archive without tags (the UN speeches) */
  if (any < 0) rc = vs_sql_int(r->db, "SELECT EXISTS (SELECT 1 FROM tags)", &any, r->err);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_adds(&sql, "SELECT key, doc_id FROM tags WHERE ");
  vs_in_ids(&sql, r->db, "doc_id", 1);
  if (!rc && sql.failed) rc = OOM(r->err);
  int64_t ids[IDS_PER_QUERY];
  size_t batch = 0;
  for (size_t i = 0; !rc && any && i <= docs->cap; i++) {
    int last = i == docs->cap;
    if (!last && docs->keys[i] == INT64_MIN) continue;
    if (!last) ids[batch++] = docs->keys[i];
    if (!batch || (!last && batch < IDS_PER_QUERY)) continue;
    rc = vs_sql_rows_ids(r->db, sql.ptr, ids, batch, tag_row, &t, r->err);
    batch = 0;
  }
  vb_buf_free(&sql);
  size_t top[FACET_VALUES];
  size_t n = rc ? 0 : counter_top(&t.tags, FACET_VALUES, top);
  /* each key's first spelling, in one query */
  vb_str spelling[FACET_VALUES] = {{0}};
  int64_t key_ids[FACET_VALUES];
  vs_slot slot[FACET_VALUES];
  for (size_t i = 0; i < n; i++) {
    vb_str key = t.keys.v[t.tags.keys[top[i]]];
    key_ids[i] = tag_key_id(key.ptr, key.len);
  }
  tag_names tn = {&t, top, vs_slots_make(slot, key_ids, n), spelling};
  vs_sql *q = NULL;
  if (n) {
    vb_buf_init(&sql, 0);
    vb_buf_adds(&sql, "SELECT key, min(tag) FROM tags WHERE key IN (");
    for (size_t i = 0; i < n; i++) vb_buf_printf(&sql, "%s?%zu", i ? "," : "", i + 1);
    vb_buf_adds(&sql, ") GROUP BY key");
    rc = sql.failed ? OOM(r->err) : vs_sql_prepare(r->db, sql.ptr, &q, r->err);
    vb_buf_free(&sql);
  }
  for (size_t i = 0; !rc && i < n; i++) {
    vb_str key = t.keys.v[t.tags.keys[top[i]]];
    vs_bind_text(q, (int)i + 1, key.ptr, key.len);
  }
  if (!rc && n) rc = vs_sql_each(q, tag_name_row, &tn, r->err);
  vs_finalize(q);
  for (size_t i = 0; !rc && i < n; i++) {
    vb_facet *f = VB_VEC_PUSH(r->a, r->res->facets[2]);
    if (!f) return OOM(r->err);
    vb_str key = t.keys.v[t.tags.keys[top[i]]];
    *f = (vb_facet){spelling[i].ptr ? spelling[i] : key, t.tags.counts[top[i]], ""};
  }
  return rc;
}

typedef struct ent_ctx {
  run *r;
  counter ents;
  int64_t stmt, last; /* one count per entity and statement */
} ent_ctx;

static int mention_row(void *ctx, vs_sql *q) {
  ent_ctx *e = ctx;
  int64_t s = vs_col_int(q, 0), ent = vs_col_int(q, 1);
  if (s == e->stmt && ent == e->last) return VB_OK;
  e->stmt = s;
  e->last = ent;
  return counter_add(e->r->a, &e->ents, ent, 1, NULL) ? OOM(e->r->err) : VB_OK;
}

/* From the column cache's entities of each statement (cols.c) where it
 * has them, when this search refreshed the cache (cols), the rest from
 * the mentions: `peace`'s 10,000 sampled matches
 * were 10,000 probes of the mentions index on the UN archive, most of
 * its facets' time on a server. */
static int entity_facet(run *r, vs_cols *cols, const int64_t *ids, size_t n) {
  ent_ctx e = {r, {0}, -1, -1};
  int rc = cols ? vs_cols_entities(r->db, cols, 1, r->err) : VB_OK;
  if (rc) return rc;
  int64_t *rest = NULL;
  size_t nrest = 0;
  for (size_t i = 0; cols && i < n; i++) {
    int64_t id = ids[i];
    if (id < 0 || id >= cols->nent) {
      if (!rest && !(rest = vb_arena_alloc(r->a, n * sizeof *rest))) return OOM(r->err);
      rest[nrest++] = id;
      continue;
    }
    for (uint32_t at = cols->ent_at[id]; at < cols->ent_at[id + 1]; at++)
      if (counter_add(r->a, &e.ents, cols->ents[at], 1, NULL)) return OOM(r->err);
  }
  if (cols) ids = rest, n = nrest;
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_adds(&sql, "SELECT statement_id, entity_id FROM mentions WHERE ");
  vs_in_ids(&sql, r->db, "statement_id", 1);
  vb_buf_adds(&sql, " ORDER BY statement_id, entity_id");
  if (sql.failed) rc = OOM(r->err);
  for (size_t at = 0; !rc && at < n; at += IDS_PER_QUERY) {
    size_t k = n - at < IDS_PER_QUERY ? n - at : IDS_PER_QUERY;
    rc = vs_sql_rows_ids(r->db, sql.ptr, ids + at, k, mention_row, &e, r->err);
  }
  vb_buf_free(&sql);
  if (!rc) rc = name_facet(r, &e.ents, FACET_VALUES, "entities", 1);
  return rc;
}

/* "said before" and "first said": how many of the matches (ids) another
 * statement of their quote family comes before (families.c), and the
 * rest. None on an archive whose fingerprints are not made yet. */
static int count_row(void *ctx, vs_sql *q) {
  *(int64_t *)ctx += vs_col_int(q, 0);
  return VB_OK;
}

/* The statements of a family of two or more: its members and founder. */
typedef struct family_ctx {
  run *r;
  counter in;
  int64_t rows;
} family_ctx;

static int family_row(void *ctx, vs_sql *q) {
  family_ctx *f = ctx;
  f->rows++;
  for (int c = 0; c < 2; c++)
    if (counter_add(f->r->a, &f->in, vs_col_int(q, c), 1, NULL)) return OOM(f->r->err);
  return VB_OK;
}

static int said_facet(run *r, const int64_t *ids, size_t n) {
  int built = 0, rc = vs_fingerprints_built(r->db, &built, r->err);
  if (rc || !built) return rc;
  /* a match in no family of two (99% of the UN archive's statements) is
   * first said: the members and their founders come from the family
   * index alone (10,692 members, 16 pages on the UN archive) and only
   * the matches among them are looked up, not each match's own row (97
   * to a 16 KB page: `peace`'s 10,000 read 69,879 pages, most of its
   * facets' time). Past FAMILY_SCAN members a match counted, each match
   * is looked up. */
  family_ctx fam = {r, {0}, 0};
  char scan[160];
  snprintf(scan, sizeof scan, "SELECT family, statement_id FROM fingerprints g WHERE " VS_FAMILY_MEMBER("g") " LIMIT %zu",
           n * FAMILY_SCAN + 1);
  rc = vs_sql_rows(r->db, scan, 0, family_row, &fam, r->err);
  int64_t *kept = NULL;
  size_t nkept = 0;
  if (!rc && fam.rows <= (int64_t)(n * FAMILY_SCAN)) {
    if (!(kept = vb_arena_alloc(r->a, (n ? n : 1) * sizeof *kept))) return OOM(r->err);
    for (size_t i = 0; i < n; i++)
      if (counter_get(&fam.in, ids[i])) kept[nkept++] = ids[i];
  }
  size_t all = n;
  if (kept) ids = kept, n = nkept;
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_adds(&sql, "SELECT count(*) FROM fingerprints f WHERE " VS_SAID_BEFORE " AND ");
  vs_in_ids(&sql, r->db, "f.statement_id", 1);
  if (sql.failed) rc = OOM(r->err);
  int64_t before = 0;
  for (size_t at = 0; !rc && at < n; at += IDS_PER_QUERY) {
    size_t k = n - at < IDS_PER_QUERY ? n - at : IDS_PER_QUERY;
    rc = vs_sql_rows_ids(r->db, sql.ptr, ids + at, k, count_row, &before, r->err);
  }
  vb_buf_free(&sql);
  static const char *const names[2] = {"said before", "first said"};
  int64_t counts[2] = {before, (int64_t)all - before};
  for (int i = 0; !rc && i < 2; i++) {
    if (!counts[i]) continue;
    vb_facet *f = VB_VEC_PUSH(r->a, r->res->facets[4]);
    if (!f) return OOM(r->err);
    *f = (vb_facet){{names[i], strlen(names[i])}, counts[i], ""}; /* no id: the arena's bytes were sent */
  }
  return rc;
}

/* ---- the search ------------------------------------------------------------------- */

typedef struct pass {
  run *r;
  const vb_search_opts *o;
  vs_cols *cols; /* in use: id and rank come alone */
  vs_db db;
  topk top;
  counter speakers, months, docs;
  run_count run_speaker, run_month, run_doc; /* not yet in their counters */
  VB_VEC(int64_t) matched; /* the entity facet counts over these */
  int64_t stride;          /* matched keeps every stride-th statement found */
  int64_t rows;            /* statements matched */
  int64_t any_tags;        /* the archive has a tag: 1, 0, or -1 when the match did not say */
  VB_VEC(cand) best;       /* documents mode: best statement per document */
  int rank_negate, by_date;
  /* documents with a statement dated 1 January: those dated by their year
   * alone are among them (the month facet's years, month_facet); counted by
   * the server (counted_row), with each one's matches */
  counter jan1;
} pass;

/* Speaker, document and date of a statement the cache has not seen (one
 * committed by another process since it was loaded), and its document's
 * year when the document is dated by its year alone (else 0). */
static int lookup_row(vs_db db, int64_t id, int64_t *speaker, int64_t *year, cand *c, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db,
                          "SELECT " VS_OWN_SPEAKER("s.") ", s.doc_id, coalesce(s.date, 0),"
                          " CASE WHEN length(d.date) = 4 THEN s.date / 10000 ELSE 0 END"
                          " FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.id = ?1",
                          &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  int got = vs_next(q, err);
  if (got > 0) {
    *speaker = vs_col_int(q, 0);
    c->doc = vs_col_int(q, 1);
    c->date = vs_col_int(q, 2);
    *year = vs_col_int(q, 3);
  }
  vs_finalize(q);
  return got < 0 ? err->code : VB_OK;
}

static size_t entity_sample(const vb_search_opts *o) {
  return o->entity_sample > 0 ? (size_t)o->entity_sample : ENTITY_FACET_SAMPLE;
}

static int pass_row(void *ctx, vs_sql *q) {
  pass *p = ctx;
  vb_arena *a = p->r->a;
  const vb_search_opts *o = p->o;
  double rank = vs_col_double(q, 1);
  cand cd = {vs_col_int(q, 0), 0, 0, p->rank_negate ? -rank : rank, -1};
  int64_t speaker = 0, year = 0;
  if (p->cols && cd.id < p->cols->n) {
    cd.doc = p->cols->doc[cd.id];
    cd.date = p->cols->date[cd.id];
    speaker = p->cols->speaker[cd.id];
    if (cd.doc < p->cols->ndocs) year = p->cols->year[cd.doc];
  } else if (p->cols) {
    int rc = lookup_row(p->db, cd.id, &speaker, &year, &cd, p->r->err);
    if (rc) return rc;
  } else {
    speaker = vs_col_int(q, 5);
    cd.spk = vs_col_int(q, 2);
    cd.doc = vs_col_int(q, 3);
    cd.date = vs_col_int(q, 4);
    if (p->any_tags >= 0) p->any_tags = vs_col_int(q, 6);
  }
  size_t slot = 0;
  p->rows++;
  /* the documents mode keeps each document's best in its slot */
  int oom = o->docs ? counter_add(a, &p->docs, cd.doc, 1, &slot) : run_add(a, &p->docs, &p->run_doc, cd.doc);
  if (!oom && (o->facets & VB_FACET_SPEAKER) && speaker) oom = run_add(a, &p->speakers, &p->run_speaker, speaker);
  /* a year-only document's month is its year (YYYY00, month_facet) */
  if (!oom && (o->facets & VB_FACET_MONTH) && cd.date)
    oom = run_add(a, &p->months, &p->run_month, year ? year * 100 : cd.date / 100);
  if (!oom && (o->facets & VB_FACET_MONTH) && !p->cols && cd.date % 10000 == 101)
    oom = counter_add(a, &p->jan1, cd.doc, 1, NULL);
  if (!oom && (o->facets & (VB_FACET_ENTITY | VB_FACET_SAID)) && (p->rows - 1) % p->stride == 0) {
    int64_t *mp = VB_VEC_PUSH(a, p->matched);
    if (mp) *mp = cd.id;
    else oom = 1;
    /* twice the sample kept: every other one goes, and the stride doubles */
    size_t sample = entity_sample(o);
    if (!oom && p->matched.n >= 2 * sample) {
      for (size_t i = 0; i < sample; i++) p->matched.v[i] = p->matched.v[2 * i];
      p->matched.n = (uint32_t)sample;
      p->stride *= 2;
    }
  }
  if (oom) return OOM(p->r->err);
  if (!o->docs) {
    topk_push(&p->top, &cd);
    return VB_OK;
  }
  int64_t bi = p->docs.extra[slot];
  if (bi < 0) {
    cand *nb = VB_VEC_PUSH(a, p->best);
    if (!nb) return OOM(p->r->err);
    *nb = cd;
    p->docs.extra[slot] = (int64_t)(p->best.n - 1);
  } else if (better(&cd, &p->best.v[bi], p->by_date)) {
    p->best.v[bi] = cd;
  }
  return VB_OK;
}

/* ---- the server counts (vs_text.server_counts) ------------------------------------------ */

/* The match as the server's count, best k and facet counts, not a row a
 * match: `human rights` on the UN archive sent its 23,818 matches' rows,
 * each written out by the server and read by the client, to count them
 * and keep 20; the client's CPU a search of the mix was 9.7-9.9 ms, now
 * 2.1 (bench/RESULTS.md, session 24).
 * The rows, by their first column:
 *   0  one of the k best: id, rank, speaker, document, date
 *   4  the count of matches, and whether the archive has a tag (1 or 0)
 *   1  a speaker facet value (the speaker of his own words), its count
 *   2  a month (YYYYMM) of the statements' dates, its count
 *   5  a document with a match dated 1 January, and its matches (those
 *      dated by their year alone are read by id, month_facet, as when
 *      every row is read: a join of them in this statement cost the
 *      server 2.5 times the read, ~50 ms for `human rights`' 7,011)
 *   3  a document and its count, for the tag facet, when there is a tag
 * pass_row's counters, heap and total come out the same: a counter's top
 * is by count then key, never by the order counts came in, and the k
 * best are ordered as `better` orders them. */
static int counted_row(void *ctx, vs_sql *q) {
  pass *p = ctx;
  vb_arena *a = p->r->a;
  int64_t key = vs_col_int(q, 1), n = vs_col_int(q, 3);
  int oom = 0;
  switch (vs_col_int(q, 0)) {
  case 0: {
    double rank = vs_col_double(q, 2);
    cand cd = {key, vs_col_int(q, 4), vs_col_int(q, 5), p->rank_negate ? -rank : rank, n};
    topk_push(&p->top, &cd);
    break;
  }
  case 4:
    p->rows = key;
    p->any_tags = n;
    break;
  case 1:
    oom = counter_add(a, &p->speakers, key, n, NULL);
    break;
  case 2:
    oom = counter_add(a, &p->months, key, n, NULL);
    break;
  case 5:
    oom = counter_add(a, &p->jan1, key, n, NULL);
    break;
  case 3:
    oom = counter_add(a, &p->docs, key, n, NULL);
    break;
  default:
    break;
  }
  return oom ? OOM(p->r->err) : VB_OK;
}

/* match: match_sql's SELECT of id, rank, speaker, document, date and
 * own-words speaker; k: the best kept. */
static int counted_sql(const char *match, size_t k, int by_date, int higher_better, int facets, vb_buf *sql,
                       vb_err *err) {
  vb_buf_printf(sql,
                "WITH m(id, rank, spk, doc, date, own) AS MATERIALIZED (%s)"
                " SELECT 0, id, rank, spk, doc, date FROM (SELECT * FROM m ORDER BY %s LIMIT %zu) t"
                " UNION ALL SELECT 4, count(*), 0, CAST(EXISTS (SELECT 1 FROM tags) AS integer), 0, 0 FROM m",
                match, by_date ? "date DESC, doc DESC, id" : higher_better ? "rank DESC, id" : "rank, id", k);
  if (facets & VB_FACET_SPEAKER)
    vb_buf_adds(sql, " UNION ALL SELECT 1, own, 0, count(*), 0, 0 FROM m WHERE own <> 0 GROUP BY own");
  if (facets & VB_FACET_MONTH)
    vb_buf_adds(sql, " UNION ALL SELECT 2, date / 100, 0, count(*), 0, 0 FROM m WHERE date <> 0 GROUP BY date / 100"
                     " UNION ALL SELECT 5, doc, 0, count(*), 0, 0 FROM m GROUP BY doc HAVING bool_or(date % 10000 = 101)");
  if (facets & VB_FACET_TAG)
    vb_buf_adds(sql, " UNION ALL SELECT 3, doc, 0, count(*), 0, 0 FROM m WHERE EXISTS (SELECT 1 FROM tags) GROUP BY doc");
  return sql->failed ? vb_err_set(err, VB_EQUERY, "query", -1, "query too large") : VB_OK;
}

int vs_search(vs_db db, const vs_text *ts, vs_cols *cols, const vb_qnode *q, const vb_lexicon *lx,
              const vb_search_opts *o, double max_cost, vb_arena *a, vb_raw_results *res, vb_err *err) {
  vs_plan p;
  vb_buf sql;
  vb_buf_init(&sql, VS_MAX_SQL_BYTES);
  /* the archive's languages read with the match where the backend can:
   * compiled with those it knows, and again if they changed */
  int ahead = ts->follow_ahead ? ts->follow_ahead(db.conn) : 0;
again:;
  int rc = vs_compile_as(db, ts, q, lx, a, &p, !ahead, o->sort == VB_SORT_DATE, err);
  /* refused before it reads a posting: after compiling, which brought
   * the archive's languages (a word's forms) up to date */
  if (!rc && (rc = vs_query_cost(db, ts, q, max_cost, err))) vs_plan_free(&p);
  if (rc) {
    vb_buf_free(&sql);
    return rc;
  }
  int ranked = p.text.len > 0;
  /* no condition but the text, or conditions on the statement's id,
   * date, kind and language alone: the cache gives them and speaker,
   * document and length */
  int fast = (ranked && (!p.where.len || (!p.reads_row && ts->fast_date)) && ts->fast_match) ||
                     (!ranked && ts->fast_match && mentions_alone(&p))
                 ? vs_cols_refresh(db, cols, err)
                 : 0;
  if (fast < 0) rc = err->code ? err->code : vb_err_set(err, VB_ESTORE, "", -1, "loading the column cache failed");
  int by_date = o->sort == VB_SORT_DATE || !ranked;
  int tags = (o->facets & VB_FACET_TAG) && fast <= 0;
  /* the entity and said facets sample the matches, the documents mode
   * keeps each one's best: those read every match's row */
  int counted = ts->server_counts && fast <= 0 && !o->docs && !(o->facets & (VB_FACET_ENTITY | VB_FACET_SAID));
  double estimate = 0;
  if (!rc && counted) rc = vs_query_estimate(db, ts, q, &estimate, err);
  if (estimate < COUNTED_FROM) counted = 0;
  size_t k = (size_t)(o->limit > 0 ? o->limit : 20) + (size_t)(o->offset > 0 ? o->offset : 0);
  if (!rc && counted) {
    vb_buf m;
    vb_buf_init(&m, VS_MAX_SQL_BYTES);
    rc = match_sql(ts, &p, a, ranked && !by_date, 0, 0, NULL, &m, err);
    if (!rc) rc = counted_sql(m.ptr, k, by_date, ts->rank_higher_better, o->facets, &sql, err);
    vb_buf_free(&m);
  } else if (!rc) {
    rc = match_sql(ts, &p, a, ranked && !by_date, fast > 0, tags, NULL, &sql, err);
  }
  vs_sql *s = NULL;
  if (!rc) rc = vs_sql_prepare(db, sql.ptr, &s, err);
  if (!rc) vs_plan_bind(&p, s);
  if (!rc && ahead) {
    int changed = 0;
    vs_sql_send(s);
    rc = ts->followed(db.conn, &changed, err);
    ahead = 0;
    if (!rc && changed) {
      vs_finalize(s);
      vs_plan_free(&p);
      sql.len = 0;
      goto again;
    }
  }
  run r = {db, a, err, res};
  pass ps = {&r, o, fast > 0 ? cols : NULL, db, {NULL, 0, k, by_date}, {0}, {0}, {0}, {0}, {0}, {0}, {0}, 1, 0,
             tags ? 0 : -1, {0}, ts->rank_higher_better, by_date, {0}};
  if (!rc && !(ps.top.v = vb_arena_alloc(a, (k + 1) * sizeof(cand)))) rc = OOM(err);
  if (!rc) {
    rc = vs_sql_each(s, counted ? counted_row : pass_row, &ps, err);
    if (rc == VB_ESTORE) rc = refused(db, err);
  }
  vs_finalize(s);
  vs_plan_free(&p);
  vb_buf_free(&sql);
  if (!rc && (run_flush(a, &ps.docs, &ps.run_doc) || run_flush(a, &ps.speakers, &ps.run_speaker) ||
              run_flush(a, &ps.months, &ps.run_month)))
    rc = OOM(err);
  for (uint32_t i = 0; !rc && i < ps.best.n; i++) topk_push(&ps.top, &ps.best.v[i]);
  if (rc) return rc;
  res->total = o->docs ? (int64_t)ps.docs.n : counted ? ps.rows : 0;
  if (!o->docs && !counted)
    for (size_t i = 0; i < ps.docs.cap; i++)
      if (ps.docs.keys[i] != INT64_MIN) res->total += ps.docs.counts[i];
  /* the heap, best first: pop the worst into the last free place */
  size_t nhits = ps.top.n;
  cand *sorted = vb_arena_alloc(a, (nhits + 1) * sizeof *sorted);
  if (!sorted) return OOM(err);
  for (size_t n = nhits; n > 0; n--) sorted[n - 1] = topk_pop(&ps.top);
  /* the page's rows, their families, the month facet's years and the
   * names (the facet's speakers and, where the match gave them, the
   * hits') sent together, then read: one round trip on PostgreSQL */
  size_t from = (size_t)(o->offset > 0 ? o->offset : 0), nfam = nhits > from ? nhits - from : 0;
  int64_t *fam_ids = nfam ? vb_arena_alloc(a, nfam * sizeof *fam_ids) : NULL;
  int64_t *spk = nfam ? vb_arena_alloc(a, nfam * sizeof *spk) : NULL;
  if (nfam && (!fam_ids || !spk)) return OOM(err);
  int spk_known = 1;
  for (size_t i = 0; i < nfam; i++) {
    fam_ids[i] = sorted[from + i].id;
    spk[i] = sorted[from + i].spk;
    if (spk[i] < 0) spk_known = 0;
  }
  vs_sql *hits_q = NULL, *fam_q = NULL, *years_q = NULL;
  names_q nq = {0};
  /* the match gave no speakers (the column cache's search): the names
   * asked once the hits' rows came, with theirs */
  int names = spk_known && ((o->facets & VB_FACET_SPEAKER) || nfam);
  rc = hits_send(&r, sorted, from, nhits, &hits_q);
  if (!rc) rc = vs_family_infos_send(db, fam_ids, nfam, &fam_q, err);
  if (!rc && (o->facets & VB_FACET_MONTH) && !ps.cols) rc = years_send(&r, &ps.jan1, &years_q);
  if (!rc && names)
    rc = names_send(&r, &nq, o->facets & VB_FACET_SPEAKER ? &ps.speakers : NULL, FACET_VALUES, "speakers", 0,
                    spk, spk_known ? nfam : 0);
  uint32_t first = r.res->hits.n;
  if (!rc) {
    rc = hits_read(&r, hits_q, sorted, from, nhits, ranked && !by_date);
    hits_q = NULL;
  }
  if (!rc) {
    rc = hits_families(&r, fam_q, fam_ids, nfam, first);
    fam_q = NULL;
  }
  if (!rc && (o->facets & VB_FACET_MONTH)) {
    rc = month_facet(&r, years_q, &ps.months, ps.cols ? NULL : counted ? &ps.jan1 : &ps.docs);
    years_q = NULL;
  }
  if (!rc && names) {
    /* no hit on the page: no pointer into an empty (NULL) vector */
    rc = names_read(&r, &nq, r.res->hits.n > first ? r.res->hits.v + first : NULL,
                    spk_known ? r.res->hits.n - first : 0);
    nq.q = NULL;
  }
  if (!rc && !spk_known) {
    size_t nh = r.res->hits.n - first;
    int64_t *ids = nh ? vb_arena_alloc(a, nh * sizeof *ids) : NULL;
    if (nh && !ids) rc = OOM(err);
    for (size_t i = 0; !rc && i < nh; i++) ids[i] = r.res->hits.v[first + i].speaker_id;
    if (!rc)
      rc = names_send(&r, &nq, o->facets & VB_FACET_SPEAKER ? &ps.speakers : NULL, FACET_VALUES, "speakers", 0, ids,
                      nh);
    if (!rc) rc = names_read(&r, &nq, nh ? r.res->hits.v + first : NULL, nh);
    nq.q = NULL;
  }
  /* what a failure left unread */
  if (hits_q) vs_finalize(hits_q);
  if (fam_q) vs_finalize(fam_q);
  if (years_q) vs_finalize(years_q);
  if (nq.q) vs_finalize(nq.q);
  if (!rc && (o->facets & VB_FACET_TAG) && ps.docs.n) rc = tag_facet(&r, &ps.docs, ps.any_tags);
  /* between the sample and twice it kept, evenly spaced: as many, evenly */
  size_t sample = entity_sample(o), kept = ps.matched.n;
  for (size_t i = 0; kept > sample && i < sample; i++) ps.matched.v[i] = ps.matched.v[i * kept / sample];
  if (kept > sample) ps.matched.n = (uint32_t)sample;
  if (!rc && (o->facets & VB_FACET_ENTITY) && ps.matched.n) rc = entity_facet(&r, ps.cols, ps.matched.v, ps.matched.n);
  if (!rc && (o->facets & VB_FACET_SAID) && ps.matched.n) rc = said_facet(&r, ps.matched.v, ps.matched.n);
  /* a reader must know its counts are of a part */
  if ((o->facets & (VB_FACET_ENTITY | VB_FACET_SAID)) && ps.rows > (int64_t)ps.matched.n)
    res->entity_sample = (int64_t)ps.matched.n;
  return rc;
}
