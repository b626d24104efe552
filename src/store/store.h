/* store — the archive behind one small function table, so SQLite today and
 * PostgreSQL later serve the same callers. A backend stores documents and
 * answers queries (already parsed to a vb_qnode tree) with raw hits; the
 * shared code in store.c and results.c adds snippets, citations and JSON. */
#ifndef VB_STORE_H
#define VB_STORE_H

#include "core/arena.h"
#include "core/doc.h"
#include "query/query.h"
#include "store/sql.h"

/* A hit as a backend returns it: stored fields only. */
typedef struct vb_raw_hit {
  int64_t statement;
  char doc[65];
  vb_str speaker, kind, text, title, series, number, date, channel, publisher, language;
  uint32_t start, end;
  int32_t paragraph; /* 1-based paragraph of the turn in the document, 0 if none */
  int32_t index;     /* the statement's index in its document */
  int32_t numbering; /* the parser version the index follows when a reparse renumbered the document, else 0 */
  vb_time time;
  double score;
  VB_VEC(vb_str) before, after; /* context: the turn's statements around it */
} vb_raw_hit;

typedef struct vb_raw_results {
  int64_t total;
  VB_VEC(vb_raw_hit) hits;
  VB_VEC(vb_facet) facets[VB_NFACETS];
} vb_raw_results;

/* Which alerts to list; zero means no condition. */
typedef struct vb_alert_filter {
  const char *watch, *since;
  int pending;    /* undelivered only */
  int64_t after;  /* ids above this */
  int limit;      /* at most this many (0: all) */
  int64_t claim;  /* held by this claim */
} vb_alert_filter;

typedef struct vb_store_ops {
  const char *name;
  int (*open)(const char *uri, int create, void **impl, vb_err *err);
  void (*close)(void *impl);
  int (*put)(void *impl, const vb_doc *doc, int *added, vb_err *err);
  int (*flush)(void *impl, vb_err *err);
  /* Fills res (memory in a) for the parsed query. */
  int (*search)(void *impl, const vb_qnode *q, const vb_search_opts *o, vb_arena *a,
                vb_raw_results *res, vb_err *err);
  int (*speakers_json)(void *impl, char **json, vb_err *err);
  int (*check)(void *impl, int *problems, char **report, vb_err *err);
  int (*counts)(void *impl, int64_t *docs, int64_t *speakers, int64_t *statements, vb_err *err);
  /* entities; lx resolves names the archive has not seen spelled so */
  int (*entities_json)(void *impl, const char *filter, int type, int limit, const vb_lexicon *lx,
                       char **json, vb_err *err);
  int (*entity_json)(void *impl, const char *name, const vb_lexicon *lx, char **json, vb_err *err);
  int (*entity_fix)(void *impl, vb_fix op, const char *a, const char *const *args, size_t nargs,
                    const vb_lexicon *lx, vb_err *err);
  /* fn(ctx, statement, speaker or 0, date YYYYMMDD or 0) for every
   * statement q matches, in no set order; fn's non-zero stops it */
  int (*each_match)(void *impl, const vb_qnode *q, int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date),
                    void *ctx, vb_err *err);
  int (*speaker_name)(void *impl, int64_t id, char **name, vb_err *err); /* malloc'd; NULL if none */
  /* fn(ctx, i, entity) for each entity statement stmts[i] mentions */
  int (*mentions_of)(void *impl, const int64_t *stmts, size_t n, int (*fn)(void *ctx, size_t i, int64_t entity),
                     void *ctx, vb_err *err);
  int (*entity_name)(void *impl, int64_t id, char **name, char **type, vb_err *err); /* malloc'd; NULL if none */
  /* fn(ctx, i, rel, text) for each statement of stmts[i]'s turn and kind
   * at most width places before (rel < 0) or after it (rel > 0), in
   * document order */
  int (*context_of)(void *impl, const int64_t *stmts, size_t n, int width,
                    int (*fn)(void *ctx, size_t i, int rel, const char *text, size_t len), void *ctx, vb_err *err);
  /* the archive at a glance from the documents table, as rows of text
   * (NULL for none) to fn(ctx, part, cols, n): part VB_OV_TOTALS (speakers),
   * VB_OV_MONTH for each month with documents in order (YYYY-MM or NULL for
   * the undated, statements, documents), VB_OV_LATEST for the latest
   * dated documents, newest first (id, title, date, channel, series, number) */
  int (*overview)(void *impl, int latest, int (*fn)(void *ctx, int part, const char *const *cols, int n), void *ctx,
                  vb_err *err);
  /* standing queries; anchored: the presearcher can index the query by
   * a word (else it is tried on every statement) */
  int (*watch_put)(void *impl, const char *name, const char *query, const char *sink, int anchored,
                   vb_err *err);
  int (*watch_rm)(void *impl, const char *name, vb_err *err);
  int (*watches_json)(void *impl, char **json, vb_err *err);
  int (*alerts_json)(void *impl, const vb_alert_filter *f, char **json, vb_err *err);
  /* dead NULL: delivered; else undeliverable for that reason */
  int (*alerts_delivered)(void *impl, const int64_t *ids, size_t n, const char *dead, vb_err *err);
  /* Claims the pending alerts nobody holds (or whose claim is older than
   * stale seconds) for one deliverer; release gives back what it did not
   * deliver. Two deliverers never send the same alert. */
  int (*alerts_claim)(void *impl, int64_t claim, int stale, size_t *n, vb_err *err);
  int (*alerts_release)(void *impl, int64_t claim, vb_err *err);
  int (*alerts_last)(void *impl, int64_t *id, vb_err *err); /* the newest alert's id, 0 none */
  /* a number that changes whenever the archive does (per connection) */
  int (*version)(void *impl, int64_t *v, vb_err *err);
  /* stops what reads past seconds from now (0: never); whether it did */
  int (*deadline)(void *impl, double seconds, vb_err *err);
  int (*deadline_passed)(void *impl);
  /* fn(ctx, type, name, alias) per analyst alias; (ctx, -1, NULL, s) per rejected spelling */
  int (*corrections)(void *impl, int (*fn)(void *ctx, int type, const char *name, const char *alias),
                     void *ctx, vb_err *err);
  /* The backend's SQL driver: the code written once runs its SQL there. */
  const vs_sql_driver *sql;
  /* A new parse of a stored document (parses.c), inside a transaction
   * the caller opened with sql->begin: unindex takes the document's
   * statements out of the full-text index (NULL: the index lives in the
   * statement rows); put_parse writes the parse's speakers, tags, turns,
   * statements, index and entities under the existing row doc. */
  int (*unindex)(void *impl, int64_t doc, vb_err *err);
  int (*put_parse)(void *impl, int64_t doc, const vb_doc *d, vb_err *err);
} vb_store_ops;

extern const vs_sql_driver vs_sqlite_driver;
extern const vs_sql_driver vs_pg_driver;

/* views.c: the timeline and the network from a backend's matches. */
int vb_views_timeline(const vb_store_ops *ops, void *impl, const vb_qnode *q, int interval, int by_speaker,
                      char **json, vb_err *err);
enum { VB_OV_TOTALS, VB_OV_MONTH, VB_OV_LATEST };
/* the overview's queries, the same for SQLite and PostgreSQL ($1: latest) */
extern const char *const vb_overview_sql[3];
int vb_views_overview(const vb_store_ops *ops, void *impl, int latest, char **json, vb_err *err);
int vb_views_network(const vb_store_ops *ops, void *impl, const vb_qnode *q, int max_nodes, char **json,
                     vb_err *err);

extern const vb_store_ops vb_sqlite_ops;
extern const vb_store_ops vb_pg_ops;

/* The public handle: a backend and its state. Later stages (watch/) use
 * the backend's table through it. */
struct vb_store {
  const vb_store_ops *ops;
  void *impl;
  void *reader;    /* searches and reads go here when set (a replica) */
  vb_lexicon *lx;  /* built-in + corrections, made when first needed */
  int lx_made;
};

/* Typed results live in an arena of their own with the struct at its
 * start, so each has one *_free. vs_box_new makes the arena (limit as
 * vb_arena_new) and a zeroed struct of size bytes in it, NULL when out of
 * memory; vs_box_free frees the arena of a struct vs_box_new made. */
void *vs_box_new(size_t size, size_t limit, vb_arena **a);
void vs_box_free(const void *result);

/* The lexicon documents of this archive are parsed with: the built-in
 * one plus the archive's corrections (store.c). */
const vb_lexicon *vs_store_lexicon(vb_store *st, vb_err *err);

/* Shared by backends: snippet with matched words marked, and a citation
 * line, for each raw hit. */
int vb_results_finish(const vb_raw_results *raw, const vb_qnode *q, vb_arena *a,
                      vb_results *out, vb_err *err);

#endif
