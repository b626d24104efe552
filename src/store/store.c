/* store — the public archive API over a backend's function table: opens
 * the right backend, parses queries once, and finishes results. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "core/err.h"
#include "extract/lexicon.h"
#include "store/compile.h"

/* Memory one result set may take: hits, snippets, facets. */
#define RESULTS_ARENA_LIMIT ((size_t)256 << 20)
/* A query arena: the tree of a 4 KB query is far smaller. */
#define QUERY_ARENA_LIMIT ((size_t)8 << 20)
#define MAX_LIMIT 10000
#define MAX_CONTEXT 5



typedef struct box_head {
  vb_arena *arena;
  uint64_t align; /* the result after it starts 16 bytes in */
} box_head;

void *vs_box_new(size_t size, size_t limit, vb_arena **a) {
  *a = vb_arena_new(limit);
  box_head *b = *a ? vb_arena_calloc(*a, sizeof *b + size) : NULL;
  if (!b) {
    vb_arena_free(*a);
    *a = NULL;
    return NULL;
  }
  b->arena = *a;
  return b + 1;
}

vb_str vs_permalink(vb_arena *a, const char *doc, int32_t index, int numbering) {
  char link[128];
  int n = numbering ? snprintf(link, sizeof link, "/d/%.64s#s%dv%d", doc, index, numbering)
                    : snprintf(link, sizeof link, "/d/%.64s#s%d", doc, index);
  char *p = vb_arena_strndup(a, link, (size_t)n);
  return (vb_str){p, p ? (size_t)n : 0};
}

int vs_box_finish(vb_arena *a, int rc, vb_err *err) {
  if (!rc && vb_arena_refused(a)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (rc) vb_arena_free(a);
  return rc;
}

vb_arena *vs_box_arena(const void *result) { return ((const box_head *)result - 1)->arena; }

void vs_box_free(const void *result) {
  if (result) vb_arena_free(((const box_head *)result - 1)->arena);
}

int vb_store_open(const char *path, int create, vb_store **out, vb_err *err) {
  return vs_store_open(path, create ? VS_OPEN_CREATE : 0, out, err);
}

int vs_store_open(const char *path, int mode, vb_store **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (!path || !path[0]) return vb_err_set(err, VB_EUSAGE, "", -1, "no archive path");
  vb_store *st = calloc(1, sizeof *st);
  if (!st) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  /* a PostgreSQL address, else an SQLite file */
  st->ops = !strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13) ? &vb_pg_ops : &vb_sqlite_ops;
  st->max_cost = VB_QUERY_MAX_COST;
  int rc = st->ops->open(path, mode, &st->impl, err);
  if (rc) {
    free(st);
    return rc;
  }
  *out = st;
  return VB_OK;
}

/* Where reads go: the replica when there is one. */
static void *rd(const vb_store *st) { return st->reader ? st->reader : st->impl; }

int vb_store_read_from(vb_store *st, const char *uri, vb_err *err) {
  vb_err_clear(err);
  int pgu = !strncmp(uri, "postgres://", 11) || !strncmp(uri, "postgresql://", 13);
  if (pgu != (st->ops == &vb_pg_ops))
    return vb_err_set(err, VB_EUSAGE, uri, -1, "a replica must be the same kind of archive as the primary");
  char *keep = strdup(uri);
  if (!keep) return vb_err_set(err, VB_ENOMEM, uri, -1, "out of memory");
  if (st->reader) st->ops->close(st->reader);
  st->reader = NULL;
  free(st->reader_uri);
  st->reader_uri = keep;
  return vb_store_reader_again(st, err);
}

int vb_store_reader_lost(vb_store *st) {
  if (!st->reader || !st->ops->lost || !st->ops->lost(st->reader)) return 0;
  st->ops->close(st->reader);
  st->reader = NULL;
  return 1;
}

int vb_store_reader_again(vb_store *st, vb_err *err) {
  vb_err_clear(err);
  if (!st->reader_uri || st->reader) return VB_OK; /* none asked for, or up */
  void *r;
  int rc = st->ops->open(st->reader_uri, 0, &r, err);
  if (rc) return rc;
  /* with the pages the others were given, not the backend's default */
  if (st->page_cache > 0 && st->ops->page_cache) rc = st->ops->page_cache(r, st->page_cache, err);
  if (rc) st->ops->close(r);
  else st->reader = r;
  return rc;
}

void vb_store_close(vb_store *st) {
  if (!st) return;
  free(st->reader_uri);
  if (st->reader) st->ops->close(st->reader);
  st->ops->close(st->impl);
  vb_lexicon_free(st->lx);
  an_termer_free(st->snippets);
  free(st);
}

int vb_store_put(vb_store *st, const vb_doc *doc, int *added, vb_err *err) {
  vb_err_clear(err);
  return st->ops->put(st->impl, doc, added, err);
}

int vb_store_flush(vb_store *st, vb_err *err) {
  vb_err_clear(err);
  return st->ops->flush(st->impl, err);
}

/* A hit's statement id and its place in the page, sorted by id. */
typedef struct hit_at {
  int64_t id;
  size_t i;
} hit_at;

static int hit_order(const void *x, const void *y) {
  const hit_at *a = x, *b = y;
  return (a->id > b->id) - (a->id < b->id);
}

/* The turn's statements at most `width` places around each hit, in
 * document order: one query for the page. Speech of every kind reads
 * together (the frame "Mr Putin said" is followed by the reported words,
 * an indirect statement: a context of direct statements alone skipped
 * them and read "Mr Putin said The Kremlin meeting also discussed…");
 * headings and titles only beside their own kind. s is the context
 * statement (the dialect's text reads s and d), h the hit. */
static int hits_context(vs_db db, vb_raw_results *raw, int width, vb_arena *a, vb_err *err) {
  if (width <= 0 || !raw->hits.n) return VB_OK;
  if (width > MAX_CONTEXT) width = MAX_CONTEXT;
  size_t n = raw->hits.n;
  hit_at *at = vb_arena_alloc(a, n * sizeof *at);
  if (!at) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  for (size_t i = 0; i < n; i++) at[i] = (hit_at){raw->hits.v[i].statement, i};
  qsort(at, n, sizeof *at, hit_order);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  int64_t *ids = vb_arena_alloc(a, n * sizeof *ids);
  if (!ids) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  for (size_t i = 0; i < n; i++) ids[i] = at[i].id;
  vb_buf_printf(&sql,
                "SELECT h.id, s.idx - h.idx, %s FROM statements h JOIN statements s ON s.doc_id = h.doc_id"
                " JOIN documents d ON d.id = h.doc_id WHERE ",
                db.drv->dialect->stmt_text);
  vs_in_ids(&sql, db, "h.id", 2);
  vb_buf_adds(&sql, " AND s.idx BETWEEN h.idx - ?1 AND h.idx + ?1 AND s.idx <> h.idx"
                    " AND (s.turn = h.turn OR (s.turn IS NULL AND h.turn IS NULL))"
                    " AND (s.kind = h.kind OR (s.kind IN ('direct', 'indirect', 'mixed')"
                    " AND h.kind IN ('direct', 'indirect', 'mixed')))"
                    " ORDER BY h.id, s.idx");
  vs_sql *q = NULL;
  int rc = sql.failed ? vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory")
                      : vs_sql_prepare(db, sql.ptr, &q, err);
  vb_buf_free(&sql);
  if (rc) return rc;
  if (vs_bind_ids(q, 2, ids, n)) {
    vs_finalize(q);
    return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  }
  vs_bind_int(q, 1, width);
  int r;
  while ((r = vs_next(q, err)) > 0) {
    hit_at key = {vs_col_int(q, 0), 0};
    const hit_at *hit = bsearch(&key, at, n, sizeof *at, hit_order);
    if (!hit) continue;
    vb_raw_hit *h = &raw->hits.v[hit->i];
    vb_str *t = vs_col_int(q, 1) < 0 ? VB_VEC_PUSH(a, h->before) : VB_VEC_PUSH(a, h->after);
    if (t) *t = vs_col_str(q, 2, a);
    if (!t || vb_arena_refused(a)) {
      rc = vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
      break;
    }
  }
  if (r < 0) rc = err->code;
  vs_finalize(q);
  return rc;
}

int vb_store_search(vb_store *st, const char *query, const vb_search_opts *opts,
                    vb_results **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_search_opts o = {0};
  if (opts) o = *opts;
  if (o.limit <= 0) o.limit = 20;
  if (o.limit > MAX_LIMIT) o.limit = MAX_LIMIT;
  int rc = st->ops->flush(st->impl, err);
  if (rc) return rc;
  vb_arena *qa = vb_arena_new(QUERY_ARENA_LIMIT), *ra;
  vb_results *res = vs_box_new(sizeof *res, RESULTS_ARENA_LIMIT, &ra);
  if (!qa || !res) {
    vb_arena_free(qa);
    vb_arena_free(ra);
    return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  }
  vb_qnode *q = NULL;
  rc = vb_query_parse(query, strlen(query), qa, &q, err);
  vb_raw_results raw;
  memset(&raw, 0, sizeof raw);
  void *impl = rd(st);
  vs_db db = {st->ops->sql, impl};
  vs_cols *cols = st->ops->cols ? st->ops->cols(impl) : NULL;
  if (cols) cols->one_search = st->one_search;
  if (!rc) rc = vs_search(db, st->ops->text, cols, q, vs_query_lexicon(st, q, err), &o, st->max_cost, ra, &raw, err);
  if (!rc) rc = hits_context(db, &raw, o.context, ra, err);
  /* without them (out of memory) each search makes its own */
  if (!rc && !st->snippets) an_termer_new(&st->snippets, NULL);
  if (!rc) rc = vb_results_finish(&raw, q, st->snippets, ra, res, err);
  res->facet_mask = o.facets;
  vb_arena_free(qa);
  if (rc) {
    vb_arena_free(ra);
    return rc;
  }
  *out = res;
  return VB_OK;
}

void vb_results_free(vb_results *res) { vs_box_free(res); }

typedef struct fixes {
  vb_lexicon *lx;
  vb_err *err;
  int n;
} fixes;

static int add_fix(void *ctx, int type, const char *name, const char *alias) {
  fixes *f = ctx;
  f->n++;
  if (!f->lx && vb_lexicon_new(&f->lx, f->err)) return f->err->code;
  if (type < 0) return vb_lexicon_reject(f->lx, alias, f->err);
  return vb_lexicon_alias(f->lx, (vb_etype)type, name, alias, f->err);
}

int vb_store_lexicon(vb_store *st, vb_lexicon **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  fixes f = {NULL, err, 0};
  vs_db db = {st->ops->sql, st->impl};
  /* the corrections' number read on both sides: the same, it names what
   * the lexicon holds (documents parsed with it keep their parse, record.c) */
  int64_t before = 0, after = -1;
  int rc = vs_sql_int(db, "SELECT coalesce(max(id), 0) FROM corrections", &before, err);
  if (!rc) rc = vs_corrections(db, add_fix, &f, err);
  if (!rc && f.lx) rc = vb_lexicon_compile(f.lx, err);
  if (!rc) rc = vs_sql_int(db, "SELECT coalesce(max(id), 0) FROM corrections", &after, err);
  if (rc) {
    vb_lexicon_free(f.lx);
    return rc;
  }
  if (f.lx) f.lx->stamp = before == after ? before : -1;
  *out = f.lx;
  return VB_OK;
}

/* What a query resolves names with: only mentions: does, and building the
 * lexicon is most of an empty one-shot search's work when it is built. */
const vb_lexicon *vs_query_lexicon(vb_store *st, const vb_qnode *q, vb_err *err) {
  return vb_query_has_field(q, VB_F_MENTIONS) ? vs_store_lexicon(st, err) : NULL;
}

/* The store's own lexicon (NULL: the built-in one serves). */
const vb_lexicon *vs_store_lexicon(vb_store *st, vb_err *err) {
  if (st->lx_sharing && st->lx_shared) return st->lx_shared;
  if (!st->lx_made && !st->lx_sharing) {
    if (vb_store_lexicon(st, &st->lx, err)) st->lx = NULL;
    st->lx_made = 1;
  }
  if (st->lx) return st->lx;
  const vb_lexicon *lx = NULL;
  return vb_lexicon_default(&lx, err) ? NULL : lx;
}

int vb_store_corrections_seen(vb_store *st, int64_t *last, vb_err *err) {
  vb_err_clear(err);
  *last = 0;
  return vs_sql_int((vs_db){st->ops->sql, st->impl}, "SELECT coalesce(max(id), 0) FROM corrections", last, err);
}

void vb_store_share_lexicon(vb_store *st, const vb_lexicon *lx) {
  vb_lexicon_free(st->lx);
  st->lx = NULL;
  st->lx_made = 0;
  st->lx_shared = lx;
  st->lx_sharing = 1;
}

/* What the rows of an archive keep, whichever backend holds them. */
static const vs_invariant rows_keep[] = {
    {"statements without their document",
     "SELECT count(*) FROM statements s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.doc_id)"},
    {"statements with an unknown speaker",
     "SELECT count(*) FROM statements s WHERE s.speaker_id IS NOT NULL AND"
     " NOT EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = s.speaker_id)"},
    {"turns without their document",
     "SELECT count(*) FROM turns t WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = t.doc_id)"},
    {"documents whose statement count disagrees",
     "SELECT count(*) FROM documents d WHERE d.nstatements <> (SELECT count(*) FROM statements s WHERE s.doc_id = d.id)"},
    /* permalinks (/d/{doc}#s{n}) and alerts name a statement by its index */
    {"documents whose statements are not numbered 0 to n-1",
     "SELECT count(*) FROM (SELECT doc_id FROM statements GROUP BY doc_id"
     " HAVING min(idx) <> 0 OR max(idx) <> count(*) - 1 OR count(DISTINCT idx) <> count(*)) x"},
    {"statements in a turn their document does not have",
     "SELECT count(*) FROM statements s WHERE s.turn IS NOT NULL AND NOT EXISTS"
     " (SELECT 1 FROM turns t WHERE t.doc_id = s.doc_id AND t.idx = s.turn)"},
    {"document speakers without their document or speaker",
     "SELECT count(*) FROM doc_speakers x WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id) OR"
     " NOT EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = x.speaker_id)"},
    {"speaker names that lead nowhere",
     "SELECT count(*) FROM speaker_keys k WHERE NOT EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = k.speaker_id)"},
    {"tags or entity roles without their document",
     "SELECT (SELECT count(*) FROM tags t WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = t.doc_id)) +"
     " (SELECT count(*) FROM doc_entities x WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id))"},
    {"alerts whose watch or statement is gone",
     "SELECT count(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM watches w WHERE w.id = a.watch_id) OR"
     " NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = a.statement_id)"},
    {"mentions of an unknown entity or statement",
     "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = m.entity_id) OR"
     " NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = m.statement_id)"},
    {"mentions outside their statement",
     "SELECT count(*) FROM mentions m JOIN statements s ON s.id = m.statement_id"
     " WHERE m.start < s.start OR m.\"end\" > s.\"end\""},
    /* a document and entity whose counts differ from its mentions', or
     * rows counting mentions beyond those (one pass over the mentions) */
    {"documents whose entity counts disagree with their mentions",
     "SELECT (SELECT count(*) FROM (SELECT s.doc_id, m.entity_id, count(*) AS n, count(DISTINCT m.statement_id) AS k"
     " FROM mentions m JOIN statements s ON s.id = m.statement_id GROUP BY s.doc_id, m.entity_id) x"
     " WHERE NOT EXISTS (SELECT 1 FROM doc_entities de WHERE de.doc_id = x.doc_id AND de.entity_id = x.entity_id"
     " AND de.mentions = x.n AND de.statements = x.k)) + abs((SELECT count(*) FROM doc_entities WHERE mentions > 0)"
     " - (SELECT count(*) FROM (SELECT DISTINCT s.doc_id, m.entity_id FROM mentions m"
     " JOIN statements s ON s.id = m.statement_id) y))"},
    /* who mentions an entity and what with (links.c), against the
     * mentions: rows that differ, or rows beyond them */
    {"entity counts per speaker that disagree with the mentions",
     "SELECT (SELECT count(*) FROM (" VS_LINKS_SPEAKERS_OF_MENTIONS ") x WHERE NOT EXISTS (SELECT 1 FROM entity_speakers l"
     " WHERE l.entity_id = x.entity_id AND l.speaker_id = x.speaker_id AND l.mentions = x.n))"
     " + abs((SELECT count(*) FROM entity_speakers) - (SELECT count(*) FROM (" VS_LINKS_SPEAKERS_OF_MENTIONS ") y))"},
    {"entity counts per pair that disagree with the mentions",
     "SELECT (SELECT count(*) FROM (" VS_LINKS_PAIRS_OF_MENTIONS ") x WHERE NOT EXISTS (SELECT 1 FROM entity_pairs l"
     " WHERE l.entity_id = x.entity_id AND l.other_id = x.other_id AND l.statements = x.n))"
     " + abs((SELECT count(*) FROM entity_pairs) - (SELECT count(*) FROM (" VS_LINKS_PAIRS_OF_MENTIONS ") y))"},
    /* the entity list's totals (entity_totals), against the documents'
     * rows: entities whose totals differ (none kept: zero), totals of none */
    {"entity totals that disagree with their documents' counts",
     "SELECT (SELECT count(*) FROM (" VS_ENTITY_TOTALS_OF_ROWS ") x LEFT JOIN entity_totals t ON t.entity_id = x.id"
     " WHERE coalesce(t.mentions, 0) <> x.n OR coalesce(t.statements, 0) <> x.k OR coalesce(t.documents, 0) <> x.d)"
     " + (SELECT count(*) FROM entity_totals t WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = t.entity_id))"},
    {"spellings that lead nowhere",
     "SELECT count(*) FROM entity_aliases a WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = a.entity_id)"},
    /* a reparse drops a document's statements and leaves their quote
     * fingerprints to the foreign key's cascade */
    {"quote fingerprints whose statement is gone",
     "SELECT count(*) FROM fingerprints f WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = f.statement_id)"},
    {"quote fingerprint blocks whose statements are gone",
     "SELECT count(*) FROM fingerprint_blocks b WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = b.first_id)"},
};

void vs_check_rows(vs_db db, const vs_invariant *inv, size_t n, vb_buf *report, int *problems) {
  for (size_t i = 0; i < n; i++) {
    int64_t k = 0;
    vb_err e;
    if (vs_sql_int(db, inv[i].sql, &k, &e)) {
      vb_buf_printf(report, "cannot check %s: %s\n", inv[i].what, e.msg);
      (*problems)++;
    } else if (k) {
      vb_buf_printf(report, "%lld %s\n", (long long)k, inv[i].what);
      (*problems)++;
    }
  }
}

int vb_store_check(vb_store *st, int *problems, char **report, vb_err *err) {
  vb_err_clear(err);
  *problems = 0;
  *report = NULL;
  vb_buf b;
  vb_buf_init(&b, 0);
  int rc = st->ops->check(st->impl, &b, problems, err);
  if (!rc) vs_check_rows((vs_db){st->ops->sql, st->impl}, rows_keep, sizeof rows_keep / sizeof *rows_keep, &b, problems);
  if (!rc && b.failed) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (!rc) *report = b.ptr ? vb_buf_detach(&b) : strdup("");
  vb_buf_free(&b);
  return rc || *report ? rc : vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
}

int vs_langs_read(vs_sql *q, an_langs *langs, vb_err *err) {
  an_langs l = {{0}, 0};
  int r;
  while ((r = vs_next(q, err)) > 0) {
    size_t n;
    const char *lang = vs_col_text(q, 0, &n);
    an_langs_note(&l, lang, n);
  }
  vs_finalize(q);
  if (r < 0) return err->code;
  *langs = l;
  return VB_OK;
}

int vs_load_langs(vs_db db, an_langs *langs, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db, "SELECT language FROM doc_languages", &q, err);
  if (rc) return rc;
  return vs_langs_read(q, langs, err);
}

int vb_store_counts(vb_store *st, int64_t *docs, int64_t *speakers, int64_t *statements,
                    vb_err *err) {
  vb_err_clear(err);
  vs_db db = {st->ops->sql, st->impl};
  int rc = vs_sql_int(db, "SELECT count(*) FROM documents", docs, err);
  if (!rc) rc = vs_sql_int(db, VS_SPEAKERS_SPEAKING, speakers, err);
  if (!rc) rc = vs_sql_int(db, "SELECT count(*) FROM statements", statements, err);
  return rc;
}

int vb_store_entity_fix(vb_store *st, vb_fix op, const char *a, const char *const *args,
                        size_t nargs, vb_err *err) {
  vb_err_clear(err);
  if ((unsigned)op > VB_FIX_REJECT || !a) return vb_err_set(err, VB_EUSAGE, "", -1, "bad correction");
  int rc = st->ops->flush(st->impl, err);
  int64_t correction = 0;
  if (!rc) rc = vs_entity_fix(st, op, a, args, nargs, vs_store_lexicon(st, err), &correction, err);
  /* the next document parsed for this archive sees the correction (a
   * shared lexicon is made again by its owner); the records of the
   * documents it listed are remade later (vb_store_records_remake), not
   * in the correction's time: each is a parse */
  vb_lexicon_free(st->lx);
  st->lx = NULL;
  st->lx_made = 0;
  return rc;
}

int vb_store_records_remake(vb_store *st, size_t max_docs, size_t *remade, int *more, vb_err *err) {
  vb_err_clear(err);
  *remade = 0;
  *more = 0;
  int rc = st->ops->flush(st->impl, err);
  const vb_lexicon *lx = rc ? NULL : vs_store_lexicon(st, err);
  if (!rc && !lx) rc = err->code ? err->code : vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  /* a lexicon made while a correction was made names no one set of them */
  if (!rc && lx->stamp < 0) return VB_OK;
  return rc ? rc : vs_records_remake(st, lx, max_docs, remade, more, err);
}

void vb_store_query_cost(vb_store *st, double max_statements) { st->max_cost = max_statements > 0 ? max_statements : 0; }

void vb_store_one_search(vb_store *st) { st->one_search = 1; }

int vb_store_query_estimate(vb_store *st, const char *query, double *statements, vb_err *err) {
  vb_err_clear(err);
  *statements = 0;
  vb_arena *qa = vb_arena_new(QUERY_ARENA_LIMIT);
  if (!qa) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  vb_qnode *q = NULL;
  void *impl = rd(st);
  int rc = vb_query_parse(query, strlen(query), qa, &q, err);
  /* the archive's languages, as compiling the query would bring them */
  if (!rc && st->ops->text->follow) rc = st->ops->text->follow(impl, err);
  if (!rc) rc = vs_query_estimate((vs_db){st->ops->sql, impl}, st->ops->text, q, statements, err);
  vb_arena_free(qa);
  return rc;
}

int vb_store_deadline(vb_store *st, double seconds, vb_err *err) {
  vb_err_clear(err);
  int rc = st->ops->deadline(st->impl, seconds, err);
  if (!rc && st->reader) rc = st->ops->deadline(st->reader, seconds, err);
  return rc;
}

int vb_store_warm(vb_store *st, vb_err *err) {
  vb_err_clear(err);
  if (!st->ops->warm) return VB_OK;
  int rc = st->ops->warm(st->impl, err);
  if (!rc && st->reader) rc = st->ops->warm(st->reader, err);
  return rc;
}

int vb_store_page_cache(vb_store *st, int64_t bytes, vb_err *err) {
  vb_err_clear(err);
  if (!st->ops->page_cache || bytes <= 0) return VB_OK;
  st->page_cache = bytes;
  int rc = st->ops->page_cache(st->impl, bytes, err);
  if (!rc && st->reader) rc = st->ops->page_cache(st->reader, bytes, err);
  return rc;
}

void vb_store_expect(vb_store *st, int64_t input_bytes) {
  if (st && st->ops->expect && input_bytes > 0) st->ops->expect(st->impl, input_bytes);
}

int64_t vb_store_pages_read(vb_store *st) {
  if (!st->ops->pages_read) return -1;
  return st->ops->pages_read(st->impl) + (st->reader ? st->ops->pages_read(st->reader) : 0);
}

void vb_store_cancel(vb_store *st) {
  st->ops->cancel(st->impl);
  if (st->reader) st->ops->cancel(st->reader);
}

int vb_store_deadline_passed(const vb_store *st) {
  return st->ops->deadline_passed(st->impl) || (st->reader && st->ops->deadline_passed(st->reader));
}

int vb_store_version(vb_store *st, int64_t *v, vb_err *err) {
  vb_err_clear(err);
  int rc = st->ops->flush(st->impl, err);
  return rc ? rc : st->ops->version(rd(st), v, err);
}
