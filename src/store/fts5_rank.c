/* fts5_rank — vb_rank(), an FTS5 auxiliary function: BM25 like FTS5's own
 * bm25(), but the statement's length comes in as an argument (its byte
 * length, read from the statements row the search joins anyway) instead
 * of from FTS5's docsize table. perf showed that per-match docsize lookup
 * to be most of bm25's cost on a contentless index (12 of 20 ms on a
 * 23,000-match query). Returns -score, so smaller is better, as rank is.
 * With a single phrase the score is BM25 divided by that phrase's idf. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "store/fts5_rank.h"

/* BM25 constants as FTS5 uses them. */
#define K1 1.2
#define B 0.75
/* Average statement length in bytes used for length normalisation: a
 * sentence of some 25 words. Measured on UNGDC: 149 bytes. */
#define AVG_STATEMENT_BYTES 150.0

typedef struct rank_source {
  vb_rank_length_fn length_of;
  void *ctx;
  int one_word; /* vb_rank_word: the phrases are one word's forms */
} rank_source;

typedef struct rank_data {
  int nphrase;
  double *idf;
} rank_data;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *ctx, void *user) {
  (void)api;
  (void)ctx;
  (*(sqlite3_int64 *)user)++;
  return SQLITE_OK;
}

static void free_data(void *p) {
  rank_data *d = p;
  if (d) free(d->idf);
  free(d);
}

/* idf per phrase, once per query (kept as the query's aux data). */
static rank_data *query_data(const Fts5ExtensionApi *api, Fts5Context *ctx, int *rc) {
  rank_data *d = api->xGetAuxdata(ctx, 0);
  if (d) return d;
  d = calloc(1, sizeof *d);
  int n = api->xPhraseCount(ctx);
  if (!d || !(d->idf = calloc((size_t)(n > 0 ? n : 1), sizeof *d->idf))) {
    free_data(d);
    *rc = SQLITE_NOMEM;
    return NULL;
  }
  d->nphrase = n;
  if (n == 1) {
    /* one phrase: idf scales every score alike and cannot change the
     * order, so the scan that counts its matches is skipped */
    d->idf[0] = 1;
    if ((*rc = api->xSetAuxdata(ctx, d, free_data)) != SQLITE_OK) return NULL;
    return d;
  }
  sqlite3_int64 rows = 0;
  if ((*rc = api->xRowCount(ctx, &rows)) != SQLITE_OK) {
    free_data(d);
    return NULL;
  }
  for (int i = 0; i < n; i++) {
    sqlite3_int64 hits = 0;
    if ((*rc = api->xQueryPhrase(ctx, i, &hits, count_row)) != SQLITE_OK) {
      free_data(d);
      return NULL;
    }
    double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
    d->idf[i] = idf > 1e-6 ? idf : 1e-6;
  }
  if ((*rc = api->xSetAuxdata(ctx, d, free_data)) != SQLITE_OK) return NULL;
  return d;
}

/* The places (column, offset) where any of the phrases matches in the
 * row: each phrase's places come in order, so they are merged, a place
 * two forms share counted once (a word's written form and its stem's
 * token sit at one place). What FTS5 counts for a phrase whose forms are
 * colocated synonyms (its merged position list). */
#define WORD_FORMS 16
static int union_places(const Fts5ExtensionApi *api, Fts5Context *ctx, int n, int *places) {
  Fts5PhraseIter it[WORD_FORMS];
  int col[WORD_FORMS], off[WORD_FORMS]; /* xPhraseNext reads them: offsets come as deltas */
  int rc, count = 0;
  if (n > WORD_FORMS) n = WORD_FORMS;
  for (int i = 0; i < n; i++)
    if ((rc = api->xPhraseFirst(ctx, i, &it[i], &col[i], &off[i])) != SQLITE_OK) return rc;
  for (;;) {
    int least = -1;
    for (int i = 0; i < n; i++)
      if (col[i] >= 0 && (least < 0 || col[i] < col[least] || (col[i] == col[least] && off[i] < off[least]))) least = i;
    if (least < 0) break;
    count++;
    int lc = col[least], lo = off[least];
    for (int i = 0; i < n; i++)
      if (col[i] == lc && off[i] == lo) api->xPhraseNext(ctx, &it[i], &col[i], &off[i]);
  }
  *places = count;
  return SQLITE_OK;
}

static void vb_rank(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *sc, int nargs,
                    sqlite3_value **args) {
  int rc = SQLITE_OK;
  const rank_source *src = api->xUserData(ctx);
  if (src && src->one_word) {
    /* one word's forms (an OR of single tokens, sqlite.c fts_word_forms):
     * scored as the one phrase of colocated forms was, its places the
     * union of theirs and its idf 1 (query_data, one phrase) */
    int tf = 0;
    if ((rc = union_places(api, ctx, api->xPhraseCount(ctx), &tf)) != SQLITE_OK) {
      sqlite3_result_error_code(sc, rc);
      return;
    }
    double len = nargs > 0 ? sqlite3_value_double(args[0])
                           : src->length_of ? src->length_of(src->ctx, api->xRowid(ctx)) : 0;
    if (len <= 0) len = AVG_STATEMENT_BYTES;
    double norm = K1 * (1 - B + B * len / AVG_STATEMENT_BYTES);
    sqlite3_result_double(sc, tf ? -((tf * (K1 + 1)) / (tf + norm)) : -0.0);
    return;
  }
  rank_data *d = query_data(api, ctx, &rc);
  if (!d) {
    sqlite3_result_error_code(sc, rc);
    return;
  }
  double len = 0;
  if (nargs > 0) {
    len = sqlite3_value_double(args[0]);
  } else {
    if (src && src->length_of) len = src->length_of(src->ctx, api->xRowid(ctx));
  }
  if (len <= 0) len = AVG_STATEMENT_BYTES;
  /* term frequency per phrase: few phrases, so a small fixed array.
   * Each phrase's own positions, walked: xInstCount made the row's
   * array of every phrase's instances first (fts5CacheInstArray, a
   * 6% of a ranked search of `peace` on the UN archive), to be
   * counted by phrase here */
  int tf[16] = {0};
  for (int i = 0; i < d->nphrase && i < 16; i++) {
    Fts5PhraseIter it;
    int col = -1, off = 0;
    if ((rc = api->xPhraseFirst(ctx, i, &it, &col, &off)) != SQLITE_OK) {
      sqlite3_result_error_code(sc, rc);
      return;
    }
    for (; col >= 0; api->xPhraseNext(ctx, &it, &col, &off)) tf[i]++;
  }
  double norm = K1 * (1 - B + B * len / AVG_STATEMENT_BYTES), score = 0;
  for (int i = 0; i < d->nphrase && i < 16; i++)
    if (tf[i]) score += d->idf[i] * (tf[i] * (K1 + 1)) / (tf[i] + norm);
  sqlite3_result_double(sc, -score);
}

int vb_fts5_rank_register(sqlite3 *db, vb_rank_length_fn length_of, void *ctx, vb_err *err) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  static const char *const names[2] = {"vb_rank", "vb_rank_word"};
  for (int one_word = 0; one_word < 2; one_word++) {
    rank_source *src = calloc(1, sizeof *src);
    if (src) {
      src->length_of = length_of;
      src->ctx = ctx;
      src->one_word = one_word;
    }
    if (!api) free(src); /* xCreateFunction owns it, even when it fails */
    if (!src || !api || api->xCreateFunction(api, names[one_word], src, vb_rank, free) != SQLITE_OK)
      return vb_err_set(err, VB_ESTORE, sqlite3_db_filename(db, "main"), -1, "cannot register the %s function",
                        names[one_word]);
  }
  return VB_OK;
}
