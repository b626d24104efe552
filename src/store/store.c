/* store — the public archive API over a backend's function table: opens
 * the right backend, parses queries once, and finishes results. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"

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

void vs_box_free(const void *result) {
  if (result) vb_arena_free(((const box_head *)result - 1)->arena);
}

int vb_store_open(const char *path, int create, vb_store **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (!path || !path[0]) return vb_err_set(err, VB_EUSAGE, "", -1, "no archive path");
  vb_store *st = calloc(1, sizeof *st);
  if (!st) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  /* a PostgreSQL address, else an SQLite file */
  st->ops = !strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13) ? &vb_pg_ops : &vb_sqlite_ops;
  int rc = st->ops->open(path, create, &st->impl, err);
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
  void *r;
  int rc = st->ops->open(uri, 0, &r, err);
  if (rc) return rc;
  if (st->reader) st->ops->close(st->reader);
  st->reader = r;
  return VB_OK;
}

void vb_store_close(vb_store *st) {
  if (!st) return;
  if (st->reader) st->ops->close(st->reader);
  st->ops->close(st->impl);
  vb_lexicon_free(st->lx);
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

/* Each hit's context: the statements of its turn before and after it. */
typedef struct ctx_fill {
  vb_raw_results *raw;
  vb_arena *a;
} ctx_fill;

static int add_context(void *ctx, size_t i, int rel, const char *text, size_t len) {
  ctx_fill *f = ctx;
  vb_raw_hit *h = &f->raw->hits.v[i];
  vb_str *s = rel < 0 ? VB_VEC_PUSH(f->a, h->before) : VB_VEC_PUSH(f->a, h->after);
  if (!s) return VB_ENOMEM;
  s->ptr = vb_arena_strndup(f->a, text, len);
  s->len = len;
  return s->ptr ? VB_OK : VB_ENOMEM;
}

static int hits_context(vb_store *st, vb_raw_results *raw, int width, vb_arena *a, vb_err *err) {
  if (width <= 0 || !raw->hits.n) return VB_OK;
  if (width > MAX_CONTEXT) width = MAX_CONTEXT;
  int64_t *ids = vb_arena_alloc(a, raw->hits.n * sizeof *ids);
  if (!ids) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  for (uint32_t i = 0; i < raw->hits.n; i++) ids[i] = raw->hits.v[i].statement;
  ctx_fill f = {raw, a};
  int rc = st->ops->context_of(rd(st), ids, raw->hits.n, width, add_context, &f, err);
  if (rc == VB_ENOMEM && !err->code) rc = vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
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
  if (!rc) rc = st->ops->search(rd(st), q, &o, ra, &raw, err);
  if (!rc) rc = hits_context(st, &raw, o.context, ra, err);
  if (!rc) rc = vb_results_finish(&raw, q, ra, res, err);
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
  int rc = st->ops->corrections(st->impl, add_fix, &f, err);
  if (!rc && f.lx) rc = vb_lexicon_compile(f.lx, err);
  if (rc) {
    vb_lexicon_free(f.lx);
    return rc;
  }
  *out = f.lx;
  return VB_OK;
}

/* The store's own lexicon (NULL: the built-in one serves). */
const vb_lexicon *vs_store_lexicon(vb_store *st, vb_err *err) {
  if (!st->lx_made) {
    if (vb_store_lexicon(st, &st->lx, err)) st->lx = NULL;
    st->lx_made = 1;
  }
  if (st->lx) return st->lx;
  const vb_lexicon *lx = NULL;
  return vb_lexicon_default(&lx, err) ? NULL : lx;
}

int vb_store_speakers_json(vb_store *st, char **json, vb_err *err) {
  vb_err_clear(err);
  return st->ops->speakers_json(rd(st), json, err);
}

int vb_store_overview_json(vb_store *st, int latest, char **json, vb_err *err) {
  vb_err_clear(err);
  return vb_views_overview(st->ops, rd(st), latest, json, err);
}

int vb_store_check(vb_store *st, int *problems, char **report, vb_err *err) {
  vb_err_clear(err);
  return st->ops->check(st->impl, problems, report, err);
}

int vb_store_counts(vb_store *st, int64_t *docs, int64_t *speakers, int64_t *statements,
                    vb_err *err) {
  vb_err_clear(err);
  return st->ops->counts(st->impl, docs, speakers, statements, err);
}

int vb_store_entities_json(vb_store *st, const char *filter, int type, int limit, char **json,
                           vb_err *err) {
  vb_err_clear(err);
  *json = NULL;
  int rc = st->ops->flush(st->impl, err);
  return rc ? rc : st->ops->entities_json(rd(st), filter, type, limit, vs_store_lexicon(st, err), json, err);
}

int vb_store_entity_json(vb_store *st, const char *name, char **json, vb_err *err) {
  vb_err_clear(err);
  *json = NULL;
  int rc = st->ops->flush(st->impl, err);
  return rc ? rc : st->ops->entity_json(rd(st), name, vs_store_lexicon(st, err), json, err);
}

int vb_store_entity_fix(vb_store *st, vb_fix op, const char *a, const char *const *args,
                        size_t nargs, vb_err *err) {
  vb_err_clear(err);
  if ((unsigned)op > VB_FIX_REJECT || !a) return vb_err_set(err, VB_EUSAGE, "", -1, "bad correction");
  int rc = st->ops->entity_fix(st->impl, op, a, args, nargs, vs_store_lexicon(st, err), err);
  /* the next document parsed for this archive sees the correction */
  vb_lexicon_free(st->lx);
  st->lx = NULL;
  st->lx_made = 0;
  return rc;
}

/* Parses a query for a view; the tree lives in *qa (free it). */
static int view_query(const char *query, vb_arena **qa, vb_qnode **q, vb_err *err) {
  *qa = vb_arena_new(QUERY_ARENA_LIMIT);
  if (!*qa) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  int rc = vb_query_parse(query, strlen(query), *qa, q, err);
  if (rc) {
    vb_arena_free(*qa);
    *qa = NULL;
  }
  return rc;
}

int vb_store_timeline_json(vb_store *st, const char *query, int interval, int by_speaker,
                           char **json, vb_err *err) {
  vb_err_clear(err);
  *json = NULL;
  if (interval < VB_INTERVAL_DAY || interval > VB_INTERVAL_MONTH)
    return vb_err_set(err, VB_EUSAGE, "", -1, "interval is day, week or month");
  vb_arena *qa;
  vb_qnode *q;
  int rc = view_query(query, &qa, &q, err);
  if (rc) return rc;
  rc = st->ops->flush(st->impl, err);
  if (!rc) rc = vb_views_timeline(st->ops, rd(st), q, interval, by_speaker, json, err);
  vb_arena_free(qa);
  return rc;
}

int vb_store_network_json(vb_store *st, const char *query, int max_nodes, char **json,
                          vb_err *err) {
  vb_err_clear(err);
  *json = NULL;
  vb_arena *qa;
  vb_qnode *q;
  int rc = view_query(query, &qa, &q, err);
  if (rc) return rc;
  rc = st->ops->flush(st->impl, err);
  if (!rc) rc = vb_views_network(st->ops, rd(st), q, max_nodes, json, err);
  vb_arena_free(qa);
  return rc;
}

int vb_store_deadline(vb_store *st, double seconds, vb_err *err) {
  vb_err_clear(err);
  int rc = st->ops->deadline(st->impl, seconds, err);
  if (!rc && st->reader) rc = st->ops->deadline(st->reader, seconds, err);
  return rc;
}

int vb_store_deadline_passed(const vb_store *st) {
  return st->ops->deadline_passed(st->impl) || (st->reader && st->ops->deadline_passed(st->reader));
}

int vb_store_version(vb_store *st, int64_t *v, vb_err *err) {
  vb_err_clear(err);
  int rc = st->ops->flush(st->impl, err);
  return rc ? rc : st->ops->version(rd(st), v, err);
}
