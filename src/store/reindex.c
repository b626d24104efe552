/* reindex — an archive's full-text index made again by today's analysis
 * (vb_store_reindex), written once over what each backend does with its
 * index (store.h, vs_reindexer). Documents go in id order, a batch of
 * them per transaction, each batch recording how far it got, so an
 * interrupted run carries on where it stopped. The new analysis version
 * is recorded in the last batch's transaction, where the new index
 * replaces the old and the words standing queries are indexed by are made
 * again: until then the archive is refused as it was, never half right.
 * An archive made before quote families were kept has every statement's
 * fingerprint made afterwards (families.c), in batches of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "core/err.h"
#include "query/matcher.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")
/* A batch ends after this many documents or bytes of pre-analysed text:
 * enough to amortise a commit (and, in SQLite, to make few large index
 * segments), little enough that an interruption loses seconds of work. */
#define BATCH_DOCS 500
#define BATCH_BYTES ((size_t)32 << 20)
/* A watch's query tree: a 4 KB query's is far smaller. */
#define WATCH_ARENA ((size_t)1 << 20)

typedef struct batch {
  an_termer *t;
  vb_buf pre, scratch;
  VB_VEC(int64_t) ids;
  VB_VEC(size_t) off;
  vb_arena *a; /* the vectors */
} batch;

/* The analysis version the archive records (0: none). */
static int read_version(vs_db db, const vs_reindexer *r, int64_t *v, vb_err *err) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT coalesce(max(version), 0) FROM %s", r->version_table);
  return vs_sql_int(db, sql, v, err);
}

int vs_check_analysis(vs_db db, const vs_reindexer *r, const char *name, vb_err *err) {
  int64_t version = 0;
  int rc = read_version(db, r, &version, err);
  if (rc || version == AN_VERSION) return rc;
  return vb_err_set(err, VB_ESTORE, name, -1,
                    "the search index was made by text analysis version %lld, this verbatim analyses with"
                    " version %d: run `verbatim reindex --db %s` to index the archive again",
                    (long long)version, AN_VERSION, name);
}

/* A document's statements analysed into the batch: each is its
 * document's language mark and its span of the body, as put.c made it. */
static int add_document(vs_sql *body_q, vs_sql *stmt_q, int64_t doc, batch *b, vb_err *err) {
  vs_bind_int(body_q, 1, doc);
  int r = vs_next(body_q, err);
  if (r < 0) return err->code;
  size_t blen = 0;
  const char *body = r ? vs_col_text(body_q, 0, &blen) : "";
  vs_bind_int(stmt_q, 1, doc);
  int rc = VB_OK;
  while (!rc && (r = vs_next(stmt_q, err)) > 0) {
    size_t llen;
    const char *lang = vs_col_text(stmt_q, 1, &llen);
    int64_t start = vs_col_int(stmt_q, 2), end = vs_col_int(stmt_q, 3);
    /* a span outside the body (check reports it) is indexed as nothing */
    if (start < 0 || end < start || (uint64_t)end > blen) start = end = 0;
    char mark[16];
    size_t mlen = an_lang_mark(lang, llen, mark, sizeof mark);
    b->scratch.len = 0;
    vb_buf_add(&b->scratch, mark, mlen);
    vb_buf_add(&b->scratch, body + start, (size_t)(end - start));
    int64_t *id = VB_VEC_PUSH(b->a, b->ids);
    size_t *off = id ? VB_VEC_PUSH(b->a, b->off) : NULL;
    if (!off || b->scratch.failed) return OOM(err);
    *id = vs_col_int(stmt_q, 0);
    *off = b->pre.len;
    if (an_termer_encode(b->t, b->scratch.ptr ? b->scratch.ptr : "", b->scratch.len, &b->pre) ||
        b->pre.failed)
      rc = OOM(err);
  }
  if (!rc && r < 0) rc = err->code;
  vs_reset(body_q);
  vs_reset(stmt_q);
  return rc;
}

/* The watches' "indexed by a word" (what `watch list` shows), compiled
 * as the matcher compiles them now: the forms a query word stands for
 * are the analysis'. *changed: how many it changed. */
static int rewatch(vs_db db, an_termer *t, int64_t *changed, vb_err *err) {
  vs_sql *q = NULL, *upd = NULL;
  vb_arena *a = NULL;
  int rc = vs_sql_prepare(db, "SELECT id, query, anchored FROM watches ORDER BY id", &q, err);
  if (!rc) rc = vs_sql_prepare(db, "UPDATE watches SET anchored = ?1 WHERE id = ?2", &upd, err);
  /* read whole first: the updates run on the same connection */
  typedef struct one {
    int64_t id;
    int anchored;
    vb_str query;
  } one;
  VB_VEC(one) w = {0};
  if (!rc && !(a = vb_arena_new(0))) rc = OOM(err);
  int r = 0;
  while (!rc && (r = vs_next(q, err)) > 0) {
    one *o = VB_VEC_PUSH(a, w);
    if (!o)
      rc = OOM(err);
    else
      *o = (one){vs_col_int(q, 0), (int)vs_col_int(q, 2), vs_col_str(q, 1, a)};
  }
  if (!rc && r < 0) rc = err->code;
  if (!rc && vb_arena_refused(a)) rc = OOM(err);
  for (size_t i = 0; !rc && i < w.n; i++) {
    vb_arena *qa = vb_arena_new(WATCH_ARENA);
    vb_matcher *m = vb_matcher_new(t);
    vb_qnode *tree;
    vb_err qerr;
    int anchored = 0;
    if (!qa || !m) rc = OOM(err);
    /* a watch that no longer parses is left out of the matcher; its flag stays */
    else if (!vb_query_parse(w.v[i].query.ptr, w.v[i].query.len, qa, &tree, &qerr)) {
      if (vb_matcher_add(m, 1, tree, &anchored))
        rc = OOM(err);
      else if (anchored != w.v[i].anchored) {
        vs_bind_int(upd, 1, anchored);
        vs_bind_int(upd, 2, w.v[i].id);
        rc = vs_sql_run(upd, err);
        (*changed)++;
      }
    }
    vb_matcher_free(m);
    vb_arena_free(qa);
  }
  vs_finalize(q);
  vs_finalize(upd);
  vb_arena_free(a);
  return rc;
}

/* Sets up a run: carries on one this version left, else starts anew
 * (dropping what a run for another version left). */
static int setup(vs_db db, const vs_reindexer *r, void *impl, vb_reindex_info *info, vb_err *err) {
  char sql[256];
  int rc = db.drv->begin(db.conn, err);
  if (rc) return rc;
  snprintf(sql, sizeof sql,
           "CREATE TABLE IF NOT EXISTS %s(version integer NOT NULL, doc_id bigint NOT NULL)",
           r->progress_table);
  rc = vs_sql_exec(db, sql, err);
  int64_t mine = 0;
  snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE version = %d", r->progress_table,
           AN_VERSION);
  if (!rc) rc = vs_sql_int(db, sql, &mine, err);
  if (!rc && mine) info->resumed = 1;
  if (!rc && !mine) {
    snprintf(sql, sizeof sql, "DELETE FROM %s", r->progress_table);
    rc = vs_sql_exec(db, sql, err);
    if (!rc) rc = r->start(impl, err);
    snprintf(sql, sizeof sql, "INSERT INTO %s(version, doc_id) VALUES(%d, 0)", r->progress_table,
             AN_VERSION);
    if (!rc) rc = vs_sql_exec(db, sql, err);
  }
  if (rc) {
    db.drv->rollback(db.conn);
    return rc;
  }
  return db.drv->commit(db.conn, err);
}

/* One batch in its transaction: the documents after the last one done,
 * indexed; the last batch also swaps the indexes and records the
 * version. *finished when it was the last (or another run finished). */
static int one_batch(vs_db db, const vs_reindexer *r, void *impl, batch *b, int batch_docs,
                     vs_sql *body_q, vs_sql *stmt_q, int64_t *docs_done, vb_reindex_info *info,
                     int *finished, vb_err *err) {
  char sql[256];
  int64_t version = 0, last = 0;
  vs_sql *ids_q = NULL;
  int rc = db.drv->begin(db.conn, err);
  if (rc) return rc;
  rc = read_version(db, r, &version, err);
  if (!rc && version == AN_VERSION) { /* another run finished it meanwhile */
    *finished = 1;
    return db.drv->commit(db.conn, err);
  }
  snprintf(sql, sizeof sql, "SELECT doc_id FROM %s WHERE version = %d", r->progress_table,
           AN_VERSION);
  if (!rc) rc = vs_sql_int(db, sql, &last, err);
  if (!rc)
    rc = vs_sql_prepare(db, "SELECT id FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2", &ids_q,
                        err);
  /* the batch's documents, read whole before any is (the PostgreSQL driver's rows are the
   * connection's) */
  VB_VEC(int64_t) docs = {0};
  b->ids.n = b->off.n = 0;
  b->pre.len = 0;
  b->pre.failed = 0;
  if (!rc) {
    vs_bind_int(ids_q, 1, last);
    vs_bind_int(ids_q, 2, batch_docs);
    int n;
    while ((n = vs_next(ids_q, err)) > 0) {
      int64_t *d = VB_VEC_PUSH(b->a, docs);
      if (!d) break;
      *d = vs_col_int(ids_q, 0);
    }
    if (n < 0)
      rc = err->code;
    else if (n > 0)
      rc = OOM(err);
  }
  vs_finalize(ids_q);
  size_t took = 0;
  while (!rc && took < docs.n && b->pre.len < BATCH_BYTES)
    rc = add_document(body_q, stmt_q, docs.v[took++], b, err);
  size_t *end = rc ? NULL : VB_VEC_PUSH(b->a, b->off);
  if (!rc && !end) rc = OOM(err);
  if (!rc) *end = b->pre.len;
  if (!rc && b->ids.n)
    rc = r->rows(impl, b->ids.n, b->ids.v, b->pre.ptr, (const size_t *)b->off.v, err);
  *finished = !rc && took == docs.n && docs.n < (size_t)batch_docs;
  if (!rc && took) {
    snprintf(sql, sizeof sql, "UPDATE %s SET doc_id = ?1", r->progress_table);
    rc = vs_sql_exec_id(db, sql, docs.v[took - 1], err);
  }
  if (!rc && *finished) {
    rc = r->swap(impl, err);
    if (!rc) rc = rewatch(db, b->t, &info->watches, err);
    snprintf(sql, sizeof sql, "UPDATE %s SET version = %d", r->version_table, AN_VERSION);
    if (!rc) rc = vs_sql_exec(db, sql, err);
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", r->progress_table);
    if (!rc) rc = vs_sql_exec(db, sql, err);
  }
  if (!rc)
    rc = db.drv->commit(db.conn, err);
  else
    db.drv->rollback(db.conn);
  if (!rc) {
    *docs_done += (int64_t)took;
    info->documents += (int64_t)took;
    info->statements += (int64_t)b->ids.n;
  }
  return rc;
}

int vs_reindex(vs_db db, const vs_reindexer *r, void *impl, int batch_docs, vb_reindex_fn fn,
               void *ctx, vb_reindex_info *info, vb_err *err) {
  int64_t version = 0;
  int rc = read_version(db, r, &version, err);
  info->from_version = (int)version;
  info->to_version = AN_VERSION;
  info->finished = !rc && version == AN_VERSION;
  if (rc || info->finished) return rc; /* current: nothing is written */
  if (batch_docs <= 0) batch_docs = BATCH_DOCS;
  rc = setup(db, r, impl, info, err);
  if (rc) return rc;
  batch b = {0};
  vb_buf_init(&b.pre, 0);
  vb_buf_init(&b.scratch, 0);
  vs_sql *body_q = NULL, *stmt_q = NULL;
  int64_t total = 0, done = 0;
  char sql[160];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM documents WHERE id <= (SELECT coalesce(max(doc_id), 0) FROM %s)",
           r->progress_table);
  rc = vs_sql_int(db, "SELECT count(*) FROM documents", &total, err);
  if (!rc) rc = vs_sql_int(db, sql, &done, err);
  if (!rc) rc = an_termer_new(&b.t, err);
  if (!rc && !(b.a = vb_arena_new(0))) rc = OOM(err);
  if (!rc) rc = vs_sql_prepare(db, "SELECT body FROM documents WHERE id = ?1", &body_q, err);
  if (!rc)
    rc = vs_sql_prepare(db,
                        "SELECT id, coalesce(lang, ''), start, \"end\" FROM statements WHERE "
                        "doc_id = ?1 ORDER BY id",
                        &stmt_q, err);
  int finished = 0;
  while (!rc && !finished) {
    /* the vectors start again each batch */
    vb_arena_free(b.a);
    memset(&b.ids, 0, sizeof b.ids);
    memset(&b.off, 0, sizeof b.off);
    if (!(b.a = vb_arena_new(0))) {
      rc = OOM(err);
      break;
    }
    rc = one_batch(db, r, impl, &b, batch_docs, body_q, stmt_q, &done, info, &finished, err);
    if (!rc && !finished && fn && fn(ctx, done, total))
      break; /* the caller stops it: the archive stays refused */
    if (!rc && finished && fn) fn(ctx, total, total);
  }
  info->finished = !rc && finished;
  vs_finalize(body_q);
  vs_finalize(stmt_q);
  vb_arena_free(b.a);
  vb_buf_free(&b.pre);
  vb_buf_free(&b.scratch);
  an_termer_free(b.t);
  return rc;
}

int vb_store_reindex(const char *path, vb_reindex_fn fn, void *ctx, vb_reindex_info *info,
                     vb_err *err) {
  vb_reindex_info mine;
  if (!info) info = &mine;
  memset(info, 0, sizeof *info);
  vb_store *st;
  int rc = vs_store_open(path, VS_OPEN_ANY_ANALYSIS, &st, err);
  if (rc) return rc;
  const vb_store_ops *ops = st->ops;
  vs_db db = {ops->sql, st->impl};
  rc = vs_reindex(db, ops->reindexer, st->impl, 0, fn, ctx, info, err);
  /* an archive made before quote families were kept gets them now */
  int built = 1;
  int64_t forgot = 0; /* and one made with an older MinHash gets them anew */
  if (!rc && info->finished) rc = vs_fingerprint_rescheme(db, &forgot, err);
  if (!rc && info->finished) rc = vs_fingerprints_built(db, &built, err);
  if (!rc && !built) rc = vs_fingerprint_missing(db, &info->fingerprinted, err);
  vb_store_close(st);
  return rc;
}
