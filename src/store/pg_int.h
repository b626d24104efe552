/* pg_int — what pg.c (connection, schema, documents) and pg_search.c (the
 * query tree as parameterised SQL) share inside the PostgreSQL backend. */
#ifndef VB_PG_INT_H
#define VB_PG_INT_H

#include <libpq-fe.h>

#include "core/buf.h"
#include "core/err.h"
#include "store.h"

/* Advisory locks, one number each: schema migrations; documents matching
 * (shared) against watches changing (exclusive); documents being stored
 * (shared) against analysts' corrections (exclusive), so a document is
 * stored wholly before or wholly after a correction. */
#define VB_PG_MIGRATE_LOCK "7262617462"
#define VB_PG_WATCH_LOCK "7262617463"
#define VB_PG_FIX_LOCK "7262617464"

typedef struct pg {
  PGconn *c;
  char uri[256];            /* as shown in messages: no password */
  struct an_termer *termer; /* analyses statements and query words */
  vb_buf scratch;
  char sqlstate[6];         /* of the last failure */
  int timed_out;            /* a statement ran past statement_timeout since it was set */
  struct vb_pg_watches *watches; /* pg_watches.c: compiled, checked per document */
  char langs[128]; /* the stemmed languages of the archive: query words are stemmed in these */
} pg;

/* The server's message for a failed call, as a VB_ESTORE error. */
int vb_pg_err(pg *p, vb_err *err, const char *what, const PGresult *r);

/* Runs sql with text parameters (NULL: SQL NULL); *out (may be NULL) gets
 * the result, which the caller PQclear()s. VB_ESTORE with the server's
 * message when it fails. */
int vb_pg_exec(pg *p, const char *sql, int n, const char *const *values, PGresult **out, vb_err *err,
               const char *what);

/* The tsquery text of a query word, phrase or prefix: each word as the
 * alternatives the index may hold it as (folded form and stems), joined
 * by <-> in a phrase; a prefix matches indexed words that begin with it. */
int vb_pg_tsquery(pg *p, const vb_qnode *n, vb_buf *out);

/* INSERT head VALUES ($1,…),(…) tail for nrows rows of ncols values. */
int vb_pg_insert_rows(pg *p, const char *head, const char *tail, int ncols, size_t nrows, const char *const *vals,
                      vb_err *err, const char *what);

/* pg_search.c: records an alert of watch_id for each statement of doc_id
 * that query q finds (the same SQL as a search). */
int vb_pg_alert_matches(pg *p, const vb_qnode *q, const char *watch_id, const char *doc_id, vb_err *err);

/* pg_watches.c: standing queries and alerts. match_doc runs inside the
 * document's transaction: statement i has id stmt_ids[i] and pre-analysed
 * text pre[pre_off[i]..pre_off[i+1]). */
int vb_pg_match_doc(pg *p, const char *doc_id, const char *const *stmt_ids, const char *pre, const size_t *pre_off,
                    size_t n, vb_err *err);
void vb_pg_watches_free(pg *p);
int vb_pg_watch_put(pg *p, const char *name, const char *query, const char *sink, int anchored, vb_err *err);
int vb_pg_watch_rm(pg *p, const char *name, vb_err *err);
int vb_pg_watches_json(pg *p, char **json, vb_err *err);
int vb_pg_alerts_json(pg *p, const vb_alert_filter *f, char **json, vb_err *err);
int vb_pg_alerts_delivered(pg *p, const int64_t *ids, size_t n, const char *dead, vb_err *err);
int vb_pg_alerts_claim(pg *p, int64_t claim, int stale, size_t *n, vb_err *err);
int vb_pg_alerts_release(pg *p, int64_t claim, vb_err *err);
int vb_pg_alerts_last(pg *p, int64_t *id, vb_err *err);

/* Every statement q matches: fn(ctx, id, speaker or 0, date or 0). */
int vb_pg_each_match(pg *p, const vb_qnode *q, int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date),
                     void *ctx, vb_err *err);

/* pg_entities.c: a document's entities and mentions (inside its
 * transaction); the ids of the entities answering to a name (lx: the
 * archive's lexicon, NULL the built-in), as an array literal "{1,2}"
 * ("{}": none) in out; listings; an analyst's correction, run inside a
 * transaction the caller opens and ends; the corrections kept, as
 * fn(ctx, type, name, alias) per analyst alias and (ctx, -1, NULL, s) per
 * rejected spelling. */
int vb_pg_put_entities(pg *p, vb_arena *a, const vb_doc_view *v, const char *doc_id, const char *const *stmt_ids,
                       const char *const *speaker_ids, vb_err *err);
int vb_pg_entity_ids(pg *p, const char *name, size_t n, const vb_lexicon *lx, vb_buf *out, vb_err *err);
int vb_pg_entities_json(pg *p, const char *filter, int type, int limit, const vb_lexicon *lx, char **json,
                        vb_err *err);
int vb_pg_entity_json(pg *p, const char *ref, const vb_lexicon *lx, char **json, vb_err *err);
int vb_pg_entity_fix(pg *p, vb_fix op, const char *a, const char *const *args, size_t nargs, const vb_lexicon *lx,
                     vb_err *err);
int vb_pg_corrections(pg *p, int (*fn)(void *ctx, int type, const char *name, const char *alias), void *ctx,
                      vb_err *err);

int vb_pg_search(pg *p, const vb_qnode *q, const vb_search_opts *o, vb_arena *a, vb_raw_results *res,
                 vb_err *err);

#endif
