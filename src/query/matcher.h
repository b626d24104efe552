/* matcher — standing queries matched against statements in memory, the
 * reverse of search (see matcher.c). Query words are analysed as search
 * analyses them (an_query_forms: each word's folded form, then its stems),
 * so a statement matches here as it would there. */
#ifndef VB_MATCHER_H
#define VB_MATCHER_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/analyze.h"
#include "query/query.h"

typedef struct vb_matcher vb_matcher;

/* A matcher analysing query words with t (which must outlive it). */
vb_matcher *vb_matcher_new(an_termer *t);
void vb_matcher_free(vb_matcher *m);
/* Compiles query q under the caller's id. *anchored (may be NULL): the
 * presearcher indexes it by words one of which every statement it matches
 * holds; otherwise (pure negation, prefixes, filters alone) it is tried on
 * every statement. 0, or -1 when out of memory. */
int vb_matcher_add(vb_matcher *m, uint32_t id, const vb_qnode *q, int *anchored);
/* The id of a form some query uses, or 0 (no query can match on it). */
uint32_t vb_matcher_word(const vb_matcher *m, const char *form, size_t n);

/* A statement as its index tokens, in order: ids from vb_matcher_word,
 * the token texts (prefix queries test them), and each token's word
 * position (tokens of one word — written form and stem — share it, and
 * are adjacent; NULL: one token per word). */
typedef struct vb_matcher_statement {
  const uint32_t *ids;
  const char *const *texts;
  const size_t *lens;
  size_t n;
  const uint32_t *pos;
} vb_matcher_statement;

/* A query the statement matches. certain: decided by the words alone;
 * otherwise the query holds what only the archive can decide (filters on
 * speaker, date, entities…, exact forms, NEAR distances) and the statement
 * is a candidate that must be confirmed there. */
typedef int (*vb_matcher_hit)(void *ctx, uint32_t id, int certain);

typedef struct vb_matcher_stats {
  size_t queries, unanchored, tried;
} vb_matcher_stats;

/* Calls fn for each query the statement may match: the candidates the
 * anchors pick, and every unanchored query, each evaluated on the tree.
 * naive: evaluates every query instead (the baseline). Returns fn's
 * non-zero value when it stops, else 0; adds what it tried to *stats. */
int vb_matcher_match(vb_matcher *m, const vb_matcher_statement *s, vb_matcher_hit fn, void *ctx, int naive,
                     vb_matcher_stats *stats);
void vb_matcher_stats_of(const vb_matcher *m, vb_matcher_stats *out);

#endif
