/* cols — the column cache of statements (vs_cols: speaker in their own
 * words, document, date, length, kind, language, by statement id) and
 * the blocks the archive keeps it in. A search with no condition but its
 * text, its dates, kinds and languages reads the full-text index alone
 * and takes these from the cache (search.c).
 *
 * The archive keeps the same columns at ingest in blocks of
 * VS_COLS_BLOCK ids a row (statement_cols), so a cache is loaded a
 * block's blob at a time: read from the statements' rows it cost about
 * 1,550 instructions a statement (callgrind), so a connection's first
 * searches each paid a few ms a step, and a whole load of the UN archive
 * (1.33 M statements) 2.8 G instructions. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "store/store.h"

/* Statements' columns a search loads at most (256 blocks, about 95 M
 * instructions, some 30 ms): a cache further behind than that (the
 * first load of an archive of over a million statements, a large ingest
 * by another process) is caught up a step per search or by vs_cols_warm
 * off the search's path, and not used until it is. One step, not many
 * small ones: with steps of 65,536 the three searches after an ingest of
 * 179,456 statements each paid one and made the mix's p99 (the third
 * slowest of 240) 1.89x e6bab44's on a quiet machine; e6bab44 loaded its
 * whole cache in one search. */
#define COLS_STEP 1048576
/* Statements whose entities a search loads at most, those added since
 * the last: more are left to vs_cols_warm, and the search reads their
 * mentions. */
#define ENTS_ON_PATH 65536
#define ENTRY VS_COLS_ENTRY

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

static void put32(unsigned char *p, int32_t v) {
  uint32_t u = (uint32_t)v;
  p[0] = (unsigned char)u;
  p[1] = (unsigned char)(u >> 8);
  p[2] = (unsigned char)(u >> 16);
  p[3] = (unsigned char)(u >> 24);
}

static int32_t get32(const unsigned char *p) {
  return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

/* ---- the blocks ------------------------------------------------------------ */

typedef struct block_buf {
  unsigned char b[VS_COLS_BLOCK * ENTRY];
  size_t len;
} block_buf;

static int block_read(void *ctx, vs_sql *q) {
  block_buf *bb = ctx;
  size_t n = 0;
  const void *p = vs_col_blob(q, 0, &n);
  if (n > sizeof bb->b) n = sizeof bb->b;
  if (p && n) memcpy(bb->b, p, n);
  bb->len = n;
  return 0;
}

int vs_cols_store(vs_db db, const int64_t *ids, const vs_col_vals *v, size_t n, vb_err *err) {
  if (!n) return VB_OK;
  block_buf *bb = malloc(sizeof *bb);
  if (!bb) return OOM(err);
  vs_sql *rd = NULL, *wr = NULL;
  int rc = vs_sql_prepare(db, "SELECT cols FROM statement_cols WHERE block = ?1", &rd, err);
  if (!rc)
    rc = vs_sql_prepare(db,
                        "INSERT INTO statement_cols(block, cols) VALUES(?1, ?2)"
                        " ON CONFLICT(block) DO UPDATE SET cols = excluded.cols",
                        &wr, err);
  for (size_t i = 0, j; !rc && i < n; i = j) {
    int64_t block = ids[i] / VS_COLS_BLOCK;
    for (j = i; j < n && ids[j] / VS_COLS_BLOCK == block; j++) {
    }
    memset(bb->b, 0, sizeof bb->b);
    bb->len = 0;
    vs_bind_int(rd, 1, block);
    rc = vs_sql_each(rd, block_read, bb, err);
    vs_reset(rd);
    for (size_t k = i; !rc && k < j; k++) {
      size_t at = (size_t)(ids[k] % VS_COLS_BLOCK) * ENTRY;
      vs_col_vals_encode(v[k], bb->b + at);
      if (at + ENTRY > bb->len) bb->len = at + ENTRY;
    }
    if (!rc) {
      vs_bind_int(wr, 1, block);
      vs_bind_blob(wr, 2, bb->b, bb->len);
      rc = vs_sql_run(wr, err);
    }
  }
  vs_finalize(rd);
  vs_finalize(wr);
  free(bb);
  return rc;
}

#define DATE_BITS 27 /* YYYYMMDD is below 2^27 */
#define LEN_BITS 24
#define LEN_MAX ((1 << LEN_BITS) - 1)

void vs_col_vals_encode(vs_col_vals v, unsigned char out[VS_COLS_ENTRY]) {
  put32(out, v.speaker);
  put32(out + 4, v.doc);
  int packed = v.kind > 0 && v.kind <= VS_COL_KIND_OTHER && v.date >= 0 && v.date < (1 << DATE_BITS);
  if (!packed) {
    put32(out + 8, v.date);
    put32(out + 12, v.len);
    return;
  }
  uint32_t lang = (uint32_t)v.lang & VS_COL_LANG_OTHER;
  put32(out + 8, (int32_t)((uint32_t)v.date | (lang & 31) << DATE_BITS));
  put32(out + 12, (int32_t)((uint32_t)v.len | (uint32_t)v.kind << LEN_BITS | (lang >> 5) << DATE_BITS));
}

vs_col_vals vs_col_vals_decode(const unsigned char in[VS_COLS_ENTRY]) {
  vs_col_vals v = {get32(in), get32(in + 4), get32(in + 8), get32(in + 12), 0, VS_COL_LANG_OTHER};
  uint32_t d = (uint32_t)v.date, l = (uint32_t)v.len;
  v.kind = (int)(l >> LEN_BITS & 7);
  if (!v.kind) return v; /* written whole: the row has kind and language */
  v.date = (int32_t)(d & ((1u << DATE_BITS) - 1));
  v.len = (int32_t)(l & LEN_MAX);
  v.lang = (int)((l >> DATE_BITS) << 5 | d >> DATE_BITS);
  return v;
}

vs_col_vals vs_col_vals_of(int64_t own_speaker, int64_t doc, int64_t date, int64_t len, int kind, int lang) {
  vs_col_vals c = {(int32_t)own_speaker, (int32_t)doc, (int32_t)date, (int32_t)(len > LEN_MAX ? LEN_MAX : len), kind,
                   lang};
  return c;
}

int vs_col_lang(const char *lang, size_t n) {
  if (!lang) return 0;
  if (n == 2 && lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' && lang[1] <= 'z')
    return (lang[0] - 'a' + 1) << 5 | (lang[1] - 'a' + 1);
  return VS_COL_LANG_OTHER;
}

int vs_col_kind(const char *name, size_t n) {
  for (int k = VB_KIND_DIRECT; k <= VB_KIND_MIXED; k++) {
    const char *s = vb_kind_name((vb_kind)k);
    if (name && strlen(s) == n && !memcmp(s, name, n)) return k + 1;
  }
  return VS_COL_KIND_OTHER;
}

/* The backfill reads the statements a block at a time. */
typedef struct fill {
  vs_db db;
  int64_t ids[VS_COLS_BLOCK];
  vs_col_vals v[VS_COLS_BLOCK];
  size_t n;
  vb_err *err;
} fill;

static int fill_row(void *ctx, vs_sql *q) {
  fill *f = ctx;
  int64_t id = vs_col_int(q, 0);
  if (f->n && (f->n == VS_COLS_BLOCK || id / VS_COLS_BLOCK != f->ids[0] / VS_COLS_BLOCK)) {
    int rc = vs_cols_store(f->db, f->ids, f->v, f->n, f->err);
    if (rc) return rc;
    f->n = 0;
  }
  f->ids[f->n] = id;
  size_t kn = 0, ln = 0;
  const char *kind = vs_col_text(q, 5, &kn), *lang = vs_col_null(q, 6) ? NULL : vs_col_text(q, 6, &ln);
  f->v[f->n++] = vs_col_vals_of(vs_col_int(q, 1), vs_col_int(q, 2), vs_col_int(q, 3), vs_col_int(q, 4),
                                vs_col_kind(kind, kn), vs_col_lang(lang, ln));
  return 0;
}

int vs_cols_backfill(vs_db db, vb_err *err) {
  fill *f = calloc(1, sizeof *f);
  if (!f) return OOM(err);
  f->db = db;
  f->err = err;
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db,
                          "SELECT id, " VS_OWN_SPEAKER("s.") ", doc_id, coalesce(date, 0), \"end\" - start, kind, lang"
                          " FROM statements s ORDER BY id",
                          &q, err);
  if (!rc) rc = vs_sql_each(q, fill_row, f, err);
  vs_finalize(q);
  if (!rc) rc = vs_cols_store(db, f->ids, f->v, f->n, err);
  free(f);
  return rc;
}

/* ---- the cache ----------------------------------------------------------------- */

/* Room for ids below need. What is past k->n is not cleared: every
 * reader stops at k->n, and a load writes (or clears, load_block) each
 * entry it takes in. Clearing the room ahead touched pages no statement
 * used: the cache of every 8th UN speech (180,377 statements) grew to
 * 262,144 entries, and the kind and language's arrays cleared to their
 * end were 204 page faults of the search that loaded it. */
static int cols_grow(vs_cols *k, int64_t need) {
  if (need <= k->cap) return 0;
  int64_t cap = k->cap ? k->cap : 4096;
  while (cap < need) cap *= 2;
  int32_t **arr[4] = {&k->speaker, &k->doc, &k->date, &k->len};
  for (int i = 0; i < 4; i++) {
    int32_t *p = realloc(*arr[i], (size_t)cap * sizeof **arr[i]);
    if (!p) return -1;
    *arr[i] = p;
  }
  uint8_t *kind = realloc(k->kind, (size_t)cap * sizeof *kind);
  if (!kind) return -1;
  k->kind = kind;
  uint16_t *lang = realloc(k->lang, (size_t)cap * sizeof *lang);
  if (!lang) return -1;
  k->lang = lang;
  k->cap = cap;
  return 0;
}

/* Ids from..to held no statement in the blocks (a block the archive
 * does not have, one shorter than its ids): no speaker, document, date,
 * length, kind or language, as a block's zeros say. */
static void cols_clear(vs_cols *k, int64_t from, int64_t to) {
  size_t n = (size_t)(to - from);
  memset(k->speaker + from, 0, n * sizeof *k->speaker);
  memset(k->doc + from, 0, n * sizeof *k->doc);
  memset(k->date + from, 0, n * sizeof *k->date);
  memset(k->len + from, 0, n * sizeof *k->len);
  memset(k->kind + from, 0, n * sizeof *k->kind);
  memset(k->lang + from, 0, n * sizeof *k->lang);
}

typedef struct load {
  vs_cols *k;
  int64_t budget; /* statements this load may still take */
  int left;       /* a block had more than the budget took */
  int64_t rows;   /* blocks read */
  int64_t docs;   /* one past the highest document id loaded */
} load;

static int load_block(void *ctx, vs_sql *q) {
  load *l = ctx;
  vs_cols *k = l->k;
  l->rows++;
  int64_t block = vs_col_int(q, 0);
  size_t len = 0;
  const unsigned char *p = vs_col_blob(q, 1, &len);
  if (len > (size_t)VS_COLS_BLOCK * ENTRY) len = (size_t)VS_COLS_BLOCK * ENTRY; /* a damaged row: its own ids only */
  int64_t first = block * VS_COLS_BLOCK, end = first + (int64_t)(len / ENTRY);
  int64_t from = k->n > first ? k->n : first;
  if (end <= from) return 0;
  if (l->budget <= 0) {
    l->left = 1;
    return 0;
  }
  int64_t take = end - from;
  if (take > l->budget) {
    take = l->budget;
    l->left = 1;
  }
  if (from + take >= INT32_MAX || cols_grow(k, from + take)) return VB_ENOMEM;
  if (from > k->n) cols_clear(k, k->n, from);
  for (int64_t id = from; id < from + take; id++) {
    vs_col_vals v = vs_col_vals_decode(p + (size_t)(id - first) * ENTRY);
    k->speaker[id] = v.speaker;
    k->doc[id] = v.doc;
    if (k->doc[id] >= l->docs) l->docs = (int64_t)k->doc[id] + 1;
    k->date[id] = v.date;
    k->len[id] = v.len;
    k->kind[id] = (uint8_t)v.kind;
    k->lang[id] = (uint16_t)v.lang;
  }
  k->n = from + take;
  l->budget -= take;
  return 0;
}

static int64_t cols_step(const vs_cols *k) { return k->step > 0 ? k->step : COLS_STEP; }

int vs_date_year_alone(const char *d, size_t len) {
  if (!d || len != 4) return 0;
  int year = 0;
  for (size_t i = 0; i < 4; i++) {
    if (d[i] < '0' || d[i] > '9') return 0;
    year = year * 10 + (d[i] - '0');
  }
  return year;
}

static int year_row(void *ctx, vs_sql *q) {
  vs_cols *k = ctx;
  int64_t id = vs_col_int(q, 0);
  size_t len;
  const char *d = vs_col_text(q, 1, &len);
  if (id >= 0 && id < k->docs_cap) k->year[id] = (int16_t)vs_date_year_alone(d, len);
  return 0;
}

/* The years of the documents below `docs` not yet loaded: those dated
 * by a year alone (a store adds a document's row in the transaction that
 * adds its statements, so a document's statements are never loaded
 * before its row can be). Read by an id range of the index of such
 * documents (SQLite's documents_year_alone): a range of the table itself
 * reads every document's row, its text in it (977 pages of 16 KB, the
 * second search of a connection to every 8th UN speech), and the date
 * index every dated document's entry at each refresh. */
static int years_load(vs_db db, vs_cols *k, int64_t docs, vb_err *err) {
  if (docs <= k->ndocs) return 0;
  if (docs > k->docs_cap) {
    int64_t cap = k->docs_cap ? k->docs_cap : 1024;
    while (cap < docs) cap *= 2;
    int16_t *p = realloc(k->year, (size_t)cap * sizeof *p);
    if (!p) return OOM(err), -1;
    k->year = p;
    k->docs_cap = cap;
  }
  memset(k->year + k->ndocs, 0, (size_t)(docs - k->ndocs) * sizeof *k->year);
  vs_sql *q;
  if (vs_sql_prepare(db, "SELECT id, date FROM documents WHERE length(date) = 4 AND id >= ?1 AND id < ?2", &q, err))
    return -1;
  vs_bind_int(q, 1, k->ndocs);
  vs_bind_int(q, 2, docs);
  int rc = vs_sql_each(q, year_row, k, err);
  vs_finalize(q);
  if (rc) return -1;
  k->ndocs = docs;
  return 0;
}

int vs_cols_deleting(vs_db db, vb_err *err) {
  return vs_sql_exec(db, "UPDATE statement_cols_gen SET gen = gen + 1", err);
}

/* Loads at most a step of the statements added since the last call: 1
 * when that was all of them (the cache is caught up), 0 when more are
 * left, -1 on error. A cache loaded before statements were deleted
 * starts again (store.h, VS_COLS_GEN_TABLE). */
static int seen_row(void *ctx, vs_sql *q) {
  vs_cols *k = ctx;
  k->seen_gen = vs_col_int(q, 0);
  k->fix = vs_col_int(q, 1);
  return 0;
}

static int cols_load(vs_db db, vs_cols *k, vb_err *err) {
  /* and the last correction, read with it (vs_cols_entities) */
  vs_sql *g;
  if (vs_sql_prepare(db, "SELECT gen, (SELECT coalesce(max(id), 0) FROM corrections) FROM statement_cols_gen", &g, err))
    return -1;
  int rc = vs_sql_each(g, seen_row, k, err);
  vs_finalize(g);
  if (rc) return -1;
  int64_t gen = k->seen_gen;
  if (gen != k->gen) {
    k->n = 0;
    k->ndocs = 0; /* a reparse may have dated a document again */
    k->gen = gen;
  }
  int64_t step = cols_step(k);
  load l = {k, step, 0, 0, 0};
  vs_sql *q;
  if (vs_sql_prepare(db, "SELECT block, cols FROM statement_cols WHERE block >= ?1 ORDER BY block LIMIT ?2", &q, err))
    return -1;
  int64_t blocks = step / VS_COLS_BLOCK + 2;
  vs_bind_int(q, 1, k->n / VS_COLS_BLOCK);
  vs_bind_int(q, 2, blocks);
  rc = vs_sql_each(q, load_block, &l, err);
  vs_finalize(q);
  if (rc) {
    if (rc == VB_ENOMEM) OOM(err);
    return -1;
  }
  if (years_load(db, k, l.docs, err)) return -1;
  /* as many blocks as asked: more may follow */
  return !l.left && l.rows < blocks;
}

/* Whether this search may read the columns from the cache: 1 when it is
 * in use and caught up (after at most a step loaded here), 0 when not,
 * -1 on error. A store that answers more than one search loads it at its
 * first, whatever that matches: its second would load it anyway, and a
 * first search that read its matches' rows paid twice in the first round
 * of issue 14's mix (rows, then the load of the second): the mix's p99.
 * A line between many matches and few (one in 512 of the ids, session
 * 21) was fitted to the mix's first query and missed on another order
 * (terrorism NEAR/5 international, 296 matches: p99 1.56x e6bab44's by
 * processes of their own; bench/RESULTS.md, issue 14, session 23). A
 * one-shot store (vb_store_one_search: `verbatim search`) reads the rows
 * of its first search: the load would die with it. */
int vs_cols_refresh(vs_db db, vs_cols *k, vb_err *err) {
  if (!k) return 0;
  if (k->one_search && !k->searched) {
    k->searched = 1;
    return 0;
  }
  return cols_load(db, k, err);
}

/* ---- each statement's entities ---------------------------------------------------- */

typedef struct ent_load {
  vs_cols *k;
  int64_t set; /* the highest id whose first entity is set */
  int64_t stmt, last;
} ent_load;

static int ent_row(void *ctx, vs_sql *q) {
  ent_load *l = ctx;
  vs_cols *k = l->k;
  int64_t s = vs_col_int(q, 0), e = vs_col_int(q, 1);
  if (s < l->set || (s == l->stmt && e == l->last)) return 0; /* a second mention of it */
  l->stmt = s;
  l->last = e;
  while (l->set < s) k->ent_at[++l->set] = (uint32_t)k->nents;
  if (k->nents == k->ents_cap) {
    int64_t cap = k->ents_cap ? k->ents_cap * 2 : 4096;
    if (cap >= UINT32_MAX) return VB_ENOMEM;
    int32_t *p = realloc(k->ents, (size_t)cap * sizeof *p);
    if (!p) return VB_ENOMEM;
    k->ents = p;
    k->ents_cap = cap;
  }
  k->ents[k->nents++] = (int32_t)e;
  return 0;
}

int vs_cols_entities(vs_db db, vs_cols *k, int on_path, vb_err *err) {
  if (!k->n) return VB_OK;
  /* the last correction as the columns' refresh read it, before these
   * mentions: one that commits between them is loaded and loaded again,
   * never missed */
  if (k->fix != k->ent_fix || k->gen != k->ent_gen || k->nent > k->n) {
    k->nent = 0;
    k->nents = 0;
    k->ent_fix = k->fix;
    k->ent_gen = k->gen;
  }
  if (k->nent >= k->n) return VB_OK;
  /* a search catches up what was added since (an ingest's batches), not
   * a whole archive: that is the warming's, or a process's first search
   * with the facet would read every mention (issue 14's mix times a
   * process's first searches) */
  int64_t gap = k->ent_step > 0 ? k->ent_step : ENTS_ON_PATH;
  if (on_path && k->n - k->nent > gap) return VB_OK;
  int64_t to = k->n - k->nent > cols_step(k) ? k->nent + cols_step(k) : k->n;
  if (to + 1 > k->ent_at_cap) {
    int64_t cap = k->ent_at_cap ? k->ent_at_cap : 4096;
    while (cap < to + 1) cap *= 2;
    uint32_t *p = realloc(k->ent_at, (size_t)cap * sizeof *p);
    if (!p) return OOM(err);
    k->ent_at = p;
    k->ent_at_cap = cap;
  }
  k->ent_at[k->nent] = (uint32_t)k->nents;
  ent_load l = {k, k->nent, -1, -1};
  vs_sql *q;
  int rc = vs_sql_prepare(db,
                      "SELECT statement_id, entity_id FROM mentions WHERE statement_id >= ?1 AND statement_id < ?2"
                      " ORDER BY statement_id, entity_id",
                      &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, k->nent);
  vs_bind_int(q, 2, to);
  rc = vs_sql_each(q, ent_row, &l, err);
  vs_finalize(q);
  if (rc == VB_ENOMEM) OOM(err);
  if (rc) {
    k->nent = 0; /* a part loaded is not kept */
    k->nents = 0;
    return rc;
  }
  while (l.set < to) k->ent_at[++l.set] = (uint32_t)k->nents;
  k->nent = to;
  return VB_OK;
}

int vs_cols_warm(vs_db db, vs_cols *k, vb_err *err) {
  vb_err_clear(err);
  int r;
  while (!(r = cols_load(db, k, err))) {
  }
  if (r < 0) return err->code ? err->code : VB_ESTORE;
  k->searched = 1; /* a one-shot store's first search too reads it, loaded */
  /* called once whatever is loaded: a correction since drops them all */
  int rc = vs_cols_entities(db, k, 0, err);
  while (!rc && k->nent < k->n) rc = vs_cols_entities(db, k, 0, err);
  return rc;
}

void vs_cols_free(vs_cols *k) {
  free(k->speaker);
  free(k->doc);
  free(k->date);
  free(k->len);
  free(k->kind);
  free(k->lang);
  free(k->year);
  free(k->ent_at);
  free(k->ents);
  memset(k, 0, sizeof *k);
}
