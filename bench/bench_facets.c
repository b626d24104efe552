/* bench_facets — one search's answer on a connection warmed as a server's
 * is (vb_store_warm), after a search of another query (that the measured
 * one is not a connection's first): for callgrind, the measured search
 * alone in measured() (issue 19, bench/RESULTS.md):
 *   valgrind --tool=callgrind --toggle-collect=measured build/bench/bench_facets DB QUERY FACETS [LIMIT [SORT]]
 * FACETS: a comma list of speaker, entity, tag, month, said (or none);
 * SORT: relevance (the default) or date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verbatim.h"

static unsigned facets_of(const char *list) {
  static const struct {
    const char *name;
    unsigned bit;
  } names[] = {{"speaker", VB_FACET_SPEAKER}, {"entity", VB_FACET_ENTITY}, {"tag", VB_FACET_TAG},
               {"month", VB_FACET_MONTH},     {"said", VB_FACET_SAID}};
  unsigned f = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strstr(list, names[i].name)) f |= names[i].bit;
  return f;
}

/* not inlined: callgrind's --toggle-collect names it */
__attribute__((noinline)) int measured(vb_store *st, const char *q, const vb_search_opts *o, vb_results **r,
                                       vb_err *err) {
  return vb_store_search(st, q, o, r, err);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench_facets DB QUERY FACETS [LIMIT [SORT]]\n");
    return 2;
  }
  vb_store *st;
  vb_err err;
  if (vb_store_open(argv[1], 0, &st, &err) || vb_store_warm(st, &err)) {
    fprintf(stderr, "%s: %s\n", argv[1], err.msg);
    return 1;
  }
  vb_search_opts o = {.limit = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 1, .sort = VB_SORT_RELEVANCE, .facets = facets_of(argv[3])};
  if (argc > 5 && !strcmp(argv[5], "date")) o.sort = VB_SORT_DATE;
  vb_results *r;
  if (vb_store_search(st, "zzzqqfirstsight", &o, &r, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  vb_results_free(r);
  if (measured(st, argv[2], &o, &r, &err)) {
    fprintf(stderr, "%s: %s\n", argv[2], err.msg);
    return 1;
  }
  printf("%s: %lld found", argv[2], (long long)r->total);
  for (int f = 0; f < VB_NFACETS; f++)
    for (size_t v = 0; v < r->nfacets[f]; v++) printf("%s%s %lld", v ? ", " : "\n  ", r->facets[f][v].value.ptr, (long long)r->facets[f][v].count);
  printf("\n");
  vb_results_free(r);
  vb_store_close(st);
  return 0;
}
