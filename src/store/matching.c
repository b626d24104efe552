/* matching — standing queries matched as statements are stored, written
 * once for every backend. The watches are compiled, when they change,
 * into an in-memory matcher (query/matcher.c) that indexes them by their
 * anchor words; each new statement's index tokens go through it: the
 * anchors pick the candidate watches and their query trees are evaluated
 * on the statement's words. A watch the words decide is recorded at once;
 * one that holds what only the archive can decide (speaker, date, entity
 * filters, exact forms, NEAR distances) runs as the same search restricted
 * to the new statements. Alerts are written in the storing transaction,
 * once per (watch, statement) by a unique key: a re-ingest, a retry after
 * a crash or a second ingester can neither repeat nor lose one.
 *
 * Each backend calls vs_match inside the transaction that stores the
 * statements: SQLite as a batch commits, PostgreSQL per document (with
 * the shared watch lock its dialect names, so a watch being added either
 * sees the document or is seen by it). */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "query/matcher.h"
#include "store/compile.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")
/* A watch's query tree: a 4 KB query's is far smaller. */
#define WATCH_ARENA ((size_t)1 << 20)

typedef struct loaded {
  int64_t id;
  char *query;
} loaded;

struct vs_watches {
  int64_t generation; /* watch_generation.n when compiled (see load) */
  size_t count;       /* the watches there were then */
  loaded *w;
  size_t n;
  vb_matcher *m;
  uint8_t *confirm; /* per watch: a candidate the archive must confirm */
};

void vs_watches_free(vs_watches *w) {
  if (!w) return;
  for (size_t i = 0; i < w->n; i++) free(w->w[i].query);
  free(w->w);
  free(w->confirm);
  vb_matcher_free(w->m);
  free(w);
}

typedef struct load_ctx {
  vs_watches *w;
  vb_arena *a;
  vb_err *err;
} load_ctx;

static int watch_row(void *ctx, vs_sql *q) {
  load_ctx *x = ctx;
  vs_watches *w = x->w;
  if (w->n >= w->count) return VB_OK; /* added since the count */
  loaded *l = &w->w[w->n];
  size_t len;
  const char *text = vs_col_text(q, 1, &len);
  l->id = vs_col_int(q, 0);
  l->query = strndup(text, len);
  if (!l->query) return OOM(x->err);
  if (vb_arena_used(x->a) > WATCH_ARENA) {
    vb_arena_free(x->a);
    if (!(x->a = vb_arena_new(WATCH_ARENA))) return OOM(x->err);
  }
  /* a watch was checked when added; one that no longer parses is left
   * out of the matcher, never the statements */
  vb_qnode *tree;
  vb_err qerr;
  int anchored = 0;
  if (!vb_query_parse(l->query, len, x->a, &tree, &qerr) && vb_matcher_add(w->m, (uint32_t)w->n, tree, &anchored))
    return OOM(x->err);
  w->n++;
  return VB_OK;
}

/* The compiled watches, made again when the set changed (here or in
 * another process). What says it changed is the archive's watch
 * generation, bumped in the very transaction that adds or removes a watch
 * (alerts.c): one row read per batch, however many watches there are.
 * Not max(id) and count(*): SQLite hands a deleted watch's id to the next
 * one, so removing the newest watch and adding another left both the
 * same, and a connection that had compiled the old set kept matching the
 * removed watch's query instead of the new one's. */
static int load(vs_db db, vs_watches **cache, an_termer *t, vb_err *err) {
  const char *lock = db.drv->dialect->lock_watches_shared;
  int rc = lock ? vs_sql_exec(db, lock, err) : VB_OK;
  int64_t gen = 0, count = 0;
  if (!rc) rc = vs_sql_int(db, "SELECT n FROM watch_generation", &gen, err);
  if (rc) return rc;
  if (*cache && (*cache)->generation == gen) return VB_OK;
  rc = vs_sql_int(db, "SELECT count(*) FROM watches", &count, err);
  if (rc) return rc;
  vs_watches_free(*cache);
  vs_watches *w = *cache = calloc(1, sizeof *w);
  if (!w) return OOM(err);
  w->generation = gen;
  w->count = (size_t)count;
  if (!count) return VB_OK;
  w->w = calloc(w->count, sizeof *w->w);
  w->confirm = calloc(w->count, 1);
  w->m = vb_matcher_new(t);
  load_ctx x = {w, vb_arena_new(WATCH_ARENA), err};
  rc = w->w && w->confirm && w->m && x.a ? VB_OK : OOM(err);
  if (!rc) rc = vs_sql_rows(db, "SELECT id, query FROM watches ORDER BY id", 0, watch_row, &x, err);
  vb_arena_free(x.a);
  if (rc) { /* half compiled: the next call compiles again */
    vs_watches_free(w);
    *cache = NULL;
  }
  return rc;
}

/* One statement's tokens, as ids of the words the watches use. */
typedef struct tokens {
  vb_matcher *m;
  uint32_t *ids;
  const char **texts;
  size_t *lens;
  uint32_t *pos;
  size_t n, cap;
  size_t start, end; /* the last token's span: the next on it is colocated */
  int failed;
} tokens;

static int take_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  tokens *t = c;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    uint32_t *ids = realloc(t->ids, cap * sizeof *ids);
    if (ids) t->ids = ids;
    const char **texts = ids ? realloc(t->texts, cap * sizeof *texts) : NULL;
    if (texts) t->texts = texts;
    size_t *lens = texts ? realloc(t->lens, cap * sizeof *lens) : NULL;
    if (lens) t->lens = lens;
    uint32_t *pos = lens ? realloc(t->pos, cap * sizeof *pos) : NULL;
    if (!pos) {
      t->failed = 1;
      return 1;
    }
    t->pos = pos;
    t->cap = cap;
  }
  t->ids[t->n] = vb_matcher_word(t->m, tok, n);
  t->texts[t->n] = tok; /* in the pre-analysed text: stays valid */
  t->lens[t->n] = n;
  /* a word's written form and its stem share a span, and a position */
  t->pos[t->n] = !t->n ? 0 : t->pos[t->n - 1] + (start != t->start || end != t->end);
  t->start = start;
  t->end = end;
  t->n++;
  return 0;
}

/* The alerts a batch makes, (watch, statement) pairs in the order they
 * are found, written FOUND_ROWS at a time (a statement each cost ~18 k
 * instructions an alert): memory stays the same however many alerts. */
#define FOUND_ROWS 1024

typedef struct found {
  vs_db db;
  vb_err *err;
  vs_value vals[2 * FOUND_ROWS]; /* watch, statement, watch, … */
  size_t n;
  int rc; /* the first insert that failed (its reason in err) */
} found;

static int write_found(found *f) {
  size_t rows = f->n / 2;
  f->n = 0;
  if (!rows) return VB_OK;
  int rc = f->db.drv->insert_rows(f->db.conn, "INSERT INTO alerts(watch_id, statement_id)", "ON CONFLICT DO NOTHING",
                                  2, rows, f->vals, NULL, f->err);
  if (rc && !f->rc) f->rc = rc;
  return rc;
}

/* A statement the words match (id: the statement), or a watch the
 * archive confirms statements for (id: the watch). */
typedef struct hit_ctx {
  vs_watches *w;
  found *f;
  int64_t id;
} hit_ctx;

static int record(found *f, int64_t watch, int64_t statement) {
  f->vals[f->n++] = vs_val_int(watch);
  f->vals[f->n++] = vs_val_int(statement);
  return f->n == 2 * FOUND_ROWS ? write_found(f) : VB_OK;
}

static int on_hit(void *c, uint32_t idx, int certain) {
  hit_ctx *h = c;
  if (!certain) {
    h->w->confirm[idx] = 1;
    return 0;
  }
  return record(h->f, h->w->w[idx].id, h->id);
}

static int on_confirmed(void *c, int64_t id, int64_t speaker, int64_t date, int64_t doc) {
  (void)speaker;
  (void)date;
  (void)doc;
  hit_ctx *h = c;
  return record(h->f, h->id, id);
}

int vs_match(vs_db db, const vs_text *ts, vs_watches **cache, an_termer *t, const vs_new_statements *s,
             vb_err *err) {
  if (!s->n) return VB_OK;
  /* loaded earlier in this transaction, under the lock that keeps them */
  int rc = s->loaded && *cache ? VB_OK : load(db, cache, t, err);
  vs_watches *w = *cache;
  if (rc || !w || !w->n) return rc;
  found *f = malloc(sizeof *f);
  if (!f) return OOM(err);
  f->db = db;
  f->err = err;
  f->n = 0;
  f->rc = VB_OK;
  memset(w->confirm, 0, w->n);
  tokens tk = {.m = w->m};
  for (size_t i = 0; !rc && i < s->n; i++) {
    tk.n = 0;
    an_pre_each(s->pre[i], s->pre_len[i], take_token, &tk);
    if (tk.failed) {
      rc = OOM(err);
      break;
    }
    vb_matcher_statement ms = {tk.ids, tk.texts, tk.lens, tk.n, tk.pos};
    hit_ctx h = {w, f, s->ids[i]};
    rc = vb_matcher_match(w->m, &ms, on_hit, &h, 0, NULL);
  }
  free(tk.ids);
  free(tk.texts);
  free(tk.lens);
  free(tk.pos);
  /* candidates only the archive can decide: the search, on the new
   * statements alone */
  for (size_t i = 0; !rc && i < w->n; i++) {
    if (!w->confirm[i]) continue;
    vb_arena *a = vb_arena_new(WATCH_ARENA);
    vb_qnode *q;
    vb_err qerr;
    if (!a) rc = OOM(err);
    else if (!vb_query_parse(w->w[i].query, strlen(w->w[i].query), a, &q, &qerr)) {
      hit_ctx h = {w, f, w->w[i].id};
      rc = vs_each_match(db, ts, q, NULL, s->only, s->only_params, s->nonly, 0, 0, on_confirmed, &h, &qerr);
      if (rc == VB_EQUERY) rc = VB_OK; /* a watch that no longer compiles catches nothing */
      else if (rc && !f->rc) *err = qerr; /* else err holds why the alerts were not written */
    }
    vb_arena_free(a);
  }
  if (!rc) rc = write_found(f);
  free(f);
  return rc;
}
