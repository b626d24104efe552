/* bench_cost — the cost model's count of each query and what making it
 * takes (vb_store_query_estimate, best of 5), on an archive; the limit a
 * store starts with beside it (issue 18, bench/RESULTS.md).
 * usage: bench_cost DB QUERY... */
#include <stdio.h>
#include <time.h>

#include "verbatim.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_cost DB QUERY...\n");
    return 2;
  }
  vb_store *st;
  vb_err err;
  if (vb_store_open(argv[1], 0, &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  printf("%14s %10s  %-8s %s\n", "statements", "took", "refused", "query");
  for (int i = 2; i < argc; i++) {
    double count = 0, best = 1e9;
    for (int k = 0; k < 5; k++) {
      double t0 = now();
      if (vb_store_query_estimate(st, argv[i], &count, &err)) {
        fprintf(stderr, "%s: %s\n", argv[i], err.msg);
        vb_store_close(st);
        return 1;
      }
      if (now() - t0 < best) best = now() - t0;
    }
    printf("%14.0f %8.2f ms  %-8s %.60s\n", count, best * 1e3, count > VB_QUERY_MAX_COST ? "yes" : "no", argv[i]);
  }
  vb_store_close(st);
  return 0;
}
