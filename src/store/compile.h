/* compile — a query tree as SQL, written once for every backend: the
 * filters and every other condition are SQL both backends accept; the
 * full-text part is the backend's own syntax (FTS5 expressions, tsquery),
 * made through its vs_text hooks. The query's positive text conjuncts
 * become the one full-text expression that drives (and ranks) the search;
 * everything else becomes conditions on s (statements) and d (documents).
 * Adding a filter: query/query.c parses it, filter_sql here compiles it,
 * query/matcher.c says whether words alone decide it, docs/query.md says
 * what it means. */
#ifndef VS_COMPILE_H
#define VS_COMPILE_H

#include "core/buf.h"
#include "query/query.h"
#include "store/sql.h"

/* Named limits: a 4 KB query compiles to far less. */
#define VS_MAX_PARAMS 512
#define VS_MAX_SQL_BYTES ((size_t)1 << 20)

typedef struct vs_param {
  int is_int;
  int64_t i;
  const char *text; /* arena memory, NUL-terminated */
} vs_param;

/* A backend's full-text syntax. Operators join a query's text parts:
 * an AND of positives p and negatives n reads
 *   and_open p1 and_op p2 … and_close [not_open n1 not_sep n2 … not_close] and_end */
typedef struct vs_text {
  const char *and_open, *and_op, *and_close, *not_open, *not_sep, *not_close, *and_end;
  const char *or_op;
  /* brings what the analysis of query words depends on (the archive's
   * languages: store.h, doc_languages) up to date before a query is
   * compiled, as other connections may have stored documents since; NULL:
   * nothing to do */
  int (*follow)(void *impl, vb_err *err);
  /* follow in two halves, where the backend can send the read ahead of
   * the match (PostgreSQL: both in one round trip): follow_ahead sends it
   * and returns 1 when the connection knows the languages already (the
   * query is then compiled with those; 0: call follow); followed reads it
   * and sets *changed when they were not those (compile again). NULL:
   * follow alone. */
  int (*follow_ahead)(void *impl);
  int (*followed)(void *impl, int *changed, vb_err *err);
  /* a term, a phrase or a prefix, with the backend's analysis */
  int (*words)(void *impl, const vb_qnode *n, vb_buf *out, vb_err *err);
  /* a term that is one word as an OR of its forms, which the backend
   * answers faster than words' form and which matches the same
   * statements; *nforms 0 (nothing written) where words must write it.
   * Ranked (rank_word, fast_rank_word) only when it is the query's whole
   * text. NULL: none */
  int (*word_forms)(void *impl, const vb_qnode *n, vb_buf *out, int *nforms, vb_err *err);
  /* NEAR over its terms, phrases and prefixes (words does each) */
  int (*near)(void *impl, const vb_qnode *n, vb_buf *out, vb_err *err);
  /* the condition that statement s matches expression ?%d */
  const char *match;
  /* =term, exact:"…": the same case and accents, on word boundaries:
   * exact_cond (with %s the statement's text and %d the parameter) and
   * the parameter's value made of the query text */
  const char *exact_cond;
  int (*exact_value)(const vb_qnode *n, vb_buf *out);
  /* a search driven by the expression ?%d: the tables (s the statements),
   * the condition, the rank of a match (lower is better unless
   * rank_higher_better) */
  const char *from, *drive, *rank;
  /* the rank of a match when the expression is one word's forms
   * (word_forms): as rank ranks the word written by words */
  const char *rank_word;
  int rank_higher_better;
  /* from the index alone (NULL: none), with a column cache for the rest:
   * SELECT id, <rank: %s>, … WHERE <?%d matches>, and the rank there */
  const char *fast_match, *fast_rank, *fast_rank_word;
  /* for conditions on a statement's id, date, kind and language alone
   * beside fast_match (NULL: none; all four or none): what stands there
   * for s.id, s.date, s.kind and s.lang */
  const char *fast_id, *fast_date, *fast_kind, *fast_lang;
  /* how many statements the index must read for a term, a phrase or a
   * prefix: every word's forms, every expansion of a prefix, estimated
   * from the index's own counts without reading the postings (the cost
   * model, vs_query_cost); NULL: none */
  int (*cost)(void *impl, const vb_qnode *n, double *statements, vb_err *err);
  /* the server counts a search's matches (search.c, counted_sql): the
   * count, the k best and the speaker, month and tag facets' counts come
   * from one statement in place of a row per match (PostgreSQL's SQL:
   * MATERIALIZED, ~); 0: every match's row is read */
  int server_counts;
} vs_text;

/* What compiling a query gives. */
typedef struct vs_plan {
  vb_buf text;   /* the full-text expression that drives the query; empty: none */
  vb_buf where;  /* conditions joined by AND */
  vs_param params[VS_MAX_PARAMS];
  int nparams;
  int needs_doc; /* a condition reads d */
  /* a condition reads more of a statement than its id (s.id), date
   * (s.date), kind (s.kind) and language (s.lang): without, the index and
   * a column cache can answer them */
  int reads_row;
  /* the text is one word's forms (word_forms): ranked by rank_word */
  int one_word;
} vs_plan;

/* How a plan with no words writes mentions: (the entities' ids follow,
 * then "))"): a plan whose whole condition is that one (the entity page's
 * latest statements, its search and timeline) is answered from the
 * mentions key and the column cache alone (search.c). */
#define VS_MENTIONS_LIST "s.id IN (SELECT statement_id FROM mentions WHERE entity_id IN ("

/* Compiles q with the backend's text syntax ts (impl its connection);
 * lx resolves mentions: (NULL: the built-in lexicon). The plan's memory:
 * the arena and its buffers (vs_plan_free). VB_EQUERY when the query
 * cannot be compiled (err says where). */
int vs_compile(vs_db db, const vs_text *ts, const vb_qnode *q, const vb_lexicon *lx, vb_arena *a, vs_plan *p,
               vb_err *err);
/* The same, the backend's follow called or not (follow_ahead sent it);
 * unranked: the text will not be ranked, so every word may be written as
 * its forms (word_forms), not only a query's one word. vs_compile: both 1. */
int vs_compile_as(vs_db db, const vs_text *ts, const vb_qnode *q, const vb_lexicon *lx, vb_arena *a, vs_plan *p,
                  int follow, int unranked, vb_err *err);
void vs_plan_free(vs_plan *p);
/* Refuses, before it runs, a query whose words the index must read for
 * more than limit statements in all (each word, form and prefix
 * expansion counted as often as the query names it; 0: no limit):
 * VB_EQUERY, the message naming the costliest words to narrow. */
int vs_query_cost(vs_db db, const vs_text *ts, const vb_qnode *q, double limit, vb_err *err);
/* The err->file of that refusal (a reader's server charges it). */
#define VS_COST_REFUSED VB_QUERY_COST_REFUSED
/* What vs_query_cost counts for q, without a limit. */
int vs_query_estimate(vs_db db, const vs_text *ts, const vb_qnode *q, double *statements, vb_err *err);
/* Adds a parameter (text copied into the arena); its number, -1 when full. */
int vs_plan_text(vs_plan *p, vb_arena *a, const char *t, size_t n);
int vs_plan_int(vs_plan *p, int64_t v);
/* Binds the plan's parameters to q. */
void vs_plan_bind(const vs_plan *p, vs_sql *q);

#endif
