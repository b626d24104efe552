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
#include <time.h>

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
  const vb_qnode **tree; /* per watch: its query's tree (NULL: it no longer parses) */
  vb_arena *trees;
  size_t n;
  vb_matcher *m;
  uint8_t *confirm; /* per watch: a candidate the archive must confirm */
  /* the alerts' reasons: the leaves' terms by language, of the analysers
   * of reasons_t (the connection's; made again should it change) */
  vs_reasons *reasons;
  an_termer *reasons_t;
};

void vs_watches_free(vs_watches *w) {
  if (!w) return;
  for (size_t i = 0; i < w->n; i++) free(w->w[i].query);
  free(w->w);
  free(w->tree);
  vb_arena_free(w->trees);
  free(w->confirm);
  vb_matcher_free(w->m);
  vs_reasons_free(w->reasons);
  free(w);
}

typedef struct load_ctx {
  vs_watches *w;
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
  /* a watch was checked when added; one that no longer parses is left
   * out of the matcher, never the statements. Its tree is kept: the
   * archive's confirmations and its alerts' reasons walk it. */
  vb_qnode *tree;
  vb_err qerr;
  int anchored = 0;
  if (vb_query_parse(l->query, len, w->trees, &tree, &qerr)) {
    if (vb_arena_refused(w->trees)) return OOM(x->err);
    tree = NULL;
  }
  if (tree && vb_matcher_add(w->m, (uint32_t)w->n, tree, &anchored)) return OOM(x->err);
  w->tree[w->n] = tree;
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
  w->tree = calloc(w->count, sizeof *w->tree);
  w->confirm = calloc(w->count, 1);
  w->m = vb_matcher_new(t);
  w->trees = vb_arena_new(w->count * WATCH_ARENA);
  load_ctx x = {w, err};
  rc = w->w && w->tree && w->confirm && w->m && w->trees ? VB_OK : OOM(err);
  if (!rc) rc = vs_sql_rows(db, "SELECT id, query FROM watches ORDER BY id", 0, watch_row, &x, err);
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

/* The alerts a batch makes, (watch, statement, reasons, at) rows in the
 * order they are found, written FOUND_ROWS at a time (a statement each
 * cost ~18 k instructions an alert): memory stays the same however many
 * alerts. at is the time the batch's matching began, as the column's
 * default writes it (UTC, to the second), formatted once: SQLite's
 * default made it again for every row (3.6 k instructions an alert). */
#define FOUND_ROWS 1024
#define FOUND_COLS 4

typedef struct found {
  vs_db db;
  vb_err *err;
  vs_value vals[FOUND_COLS * FOUND_ROWS]; /* watch, statement, matched, at, watch, … */
  char at[32];
  size_t at_len;
  size_t n;
  int rc; /* the first insert that failed (its reason in err) */
} found;

static int write_found(found *f) {
  size_t rows = f->n / FOUND_COLS;
  f->n = 0;
  if (!rows) return VB_OK;
  int rc = f->db.drv->insert_rows(f->db.conn, "INSERT INTO alerts(watch_id, statement_id, matched, at)",
                                  "ON CONFLICT DO NOTHING", FOUND_COLS, rows, f->vals, NULL, f->err);
  if (rc && !f->rc) f->rc = rc;
  return rc;
}

/* One statement's words for its alerts' reasons, made at its first alert
 * from the analysis the index was given (an alert's delivery analysed
 * its statement again: 67 k instructions a statement, the stemmer). */
typedef struct stmt_words {
  const vs_new_statements *s;
  an_termer *t;
  size_t i; /* the statement's place in s; SIZE_MAX: none */
  vb_arena *a;
  vs_words *words; /* NULL: not made yet (or not to be: failed) */
  an_analyzer *an;
  int tried;
} stmt_words;

static void words_forget(stmt_words *sw) {
  vb_arena_free(sw->a);
  sw->a = NULL;
  sw->words = NULL;
  sw->an = NULL;
  sw->tried = 0;
}

static void words_at(stmt_words *sw, size_t i) {
  if (sw->i == i) return;
  words_forget(sw);
  sw->i = i;
}

/* The words of the current statement, NULL when its reasons are left to
 * the delivery (no language known, not pre-analysed, out of memory). */
static const vs_words *words_now(stmt_words *sw) {
  if (sw->tried) return sw->words;
  sw->tried = 1;
  const vs_new_statements *s = sw->s;
  if (sw->i == SIZE_MAX || !s->langs || !s->langs[sw->i]) return NULL;
  const char *lang = s->langs[sw->i];
  char mark[16];
  /* the language the index analysed it in, as the delivery would find it */
  if (!an_lang_mark(lang, strlen(lang), mark, sizeof mark)) return NULL;
  sw->an = an_termer_lang(sw->t, lang);
  sw->a = sw->an ? vb_arena_new(0) : NULL;
  if (sw->a && vs_words_of_pre(s->pre[sw->i], s->pre_len[sw->i], sw->a, &sw->words)) sw->words = NULL;
  return sw->words;
}

/* A statement the words match (id: the statement), or a watch the
 * archive confirms statements for (id: the watch). */
typedef struct hit_ctx {
  vs_watches *w;
  found *f;
  int64_t id;
  stmt_words *sw;
} hit_ctx;

static int set_bit(void *ctx, uint32_t place, const vb_qnode *node) {
  (void)node;
  uint64_t *bits = ctx;
  if (place >= 64) return -1; /* more than the column keeps: left to the delivery */
  *bits |= (uint64_t)1 << place;
  return 0;
}

/* The alert of watch idx on the statement sw is at, with its reasons
 * when they can be worked out here. */
static int record(hit_ctx *h, size_t idx, int64_t statement) {
  found *f = h->f;
  vs_watches *w = h->w;
  const vs_words *words = w->tree[idx] && w->reasons ? words_now(h->sw) : NULL;
  uint64_t bits = 0;
  int rc = words ? vs_reasons_each(w->reasons, w->tree[idx], h->sw->an, words, 0, set_bit, &bits) : -1;
  if (rc == VB_ENOMEM) return OOM(f->err);
  f->vals[f->n++] = vs_val_int(w->w[idx].id);
  f->vals[f->n++] = vs_val_int(statement);
  f->vals[f->n++] = rc ? vs_val_null() : vs_val_int((int64_t)bits);
  f->vals[f->n++] = vs_val_str((vb_str){f->at, f->at_len});
  return f->n == FOUND_COLS * FOUND_ROWS ? write_found(f) : VB_OK;
}

static int on_hit(void *c, uint32_t idx, int certain) {
  hit_ctx *h = c;
  if (!certain) {
    h->w->confirm[idx] = 1;
    return 0;
  }
  return record(h, idx, h->id);
}

/* Where statement id is in s (its ids ascend, as both backends give
 * them), SIZE_MAX when not there. */
static size_t place_of(const vs_new_statements *s, int64_t id) {
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < s->n && s->ids[lo] == id ? lo : SIZE_MAX;
}

static int on_confirmed(void *c, int64_t id, int64_t speaker, int64_t date, int64_t doc) {
  (void)speaker;
  (void)date;
  (void)doc;
  hit_ctx *h = c;
  words_at(h->sw, place_of(h->sw->s, id));
  return record(h, (size_t)h->id, id);
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
  time_t now = time(NULL);
  struct tm utc;
  f->at_len = gmtime_r(&now, &utc) ? strftime(f->at, sizeof f->at, "%Y-%m-%dT%H:%M:%SZ", &utc) : 0;
  if (!f->at_len) {
    free(f);
    return vb_err_set(err, VB_EIO, "", -1, "cannot read the time of day");
  }
  memset(w->confirm, 0, w->n);
  /* the leaves' terms were analysed by t's analysers: kept while it is */
  if (w->reasons_t != t) {
    vs_reasons_free(w->reasons);
    w->reasons = NULL;
    w->reasons_t = t;
    if (vs_reasons_new(&w->reasons)) w->reasons = NULL; /* no reasons here: the delivery works them out */
  }
  stmt_words sw = {s, t, SIZE_MAX, NULL, NULL, NULL, 0};
  tokens tk = {.m = w->m};
  for (size_t i = 0; !rc && i < s->n; i++) {
    tk.n = 0;
    an_pre_each(s->pre[i], s->pre_len[i], take_token, &tk);
    if (tk.failed) {
      rc = OOM(err);
      break;
    }
    vb_matcher_statement ms = {tk.ids, tk.texts, tk.lens, tk.n, tk.pos};
    words_at(&sw, i);
    hit_ctx h = {w, f, s->ids[i], &sw};
    rc = vb_matcher_match(w->m, &ms, on_hit, &h, 0, NULL);
  }
  free(tk.ids);
  free(tk.texts);
  free(tk.lens);
  free(tk.pos);
  /* candidates only the archive can decide: the search, on the new
   * statements alone */
  for (size_t i = 0; !rc && i < w->n; i++) {
    if (!w->confirm[i] || !w->tree[i]) continue;
    vb_err qerr;
    hit_ctx h = {w, f, (int64_t)i, &sw};
    rc = vs_each_match(db, ts, w->tree[i], NULL, s->only, s->only_params, s->nonly, 0, 0, on_confirmed, &h, &qerr);
    if (rc == VB_EQUERY) rc = VB_OK; /* a watch that no longer compiles catches nothing */
    else if (rc && !f->rc) *err = qerr; /* else err holds why the alerts were not written */
  }
  words_forget(&sw);
  if (!rc) rc = write_found(f);
  free(f);
  return rc;
}
