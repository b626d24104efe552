/* bench_famstore — the lookup of a new statement's quote family in an
 * archive that keeps families (src/store/families.c): what ingest does
 * for each statement before it stores it.
 * usage: bench_famstore ARCHIVE LISTFILE
 * Each listed file is parsed, and each of its statements is looked up in
 * the archive (vs_family_lookup: the statements sharing a MinHash band,
 * verified on their word pairs and against their family's founder), one
 * by one, read only; the files should be documents the archive does not
 * hold (held out of its ingest). Prints the count of statements, how many
 * would join a family, and the thread's CPU time and the wall time of a
 * lookup: median, 99th percentile, largest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/doc.h"
#include "store/store.h"
#include "verbatim.h"

static double seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, size_t n) {
  if (!n) return;
  qsort(v, n, sizeof *v, cmp_double);
  printf("lookup %s: median %.1f us, p99 %.1f us, largest %.1f us\n", what, v[n / 2] * 1e6,
         v[(size_t)((double)n * 0.99)] * 1e6, v[n - 1] * 1e6);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_famstore ARCHIVE LISTFILE\n");
    return 2;
  }
  vb_err err;
  vb_store *st;
  if (vb_store_open(argv[1], 0, &st, &err)) {
    fprintf(stderr, "%s: %s\n", argv[1], err.msg);
    return 1;
  }
  FILE *lf = fopen(argv[2], "r");
  if (!lf) {
    perror(argv[2]);
    return 1;
  }
  vs_db db = {st->ops->sql, st->impl};
  vs_fams *cache = NULL;
  size_t n = 0, cap = 0, joined = 0, exact = 0;
  double *cpu = NULL, *wall = NULL;
  char line[4096];
  int64_t stored = 0;
  vs_fingerprints_count(db, &stored, &err);
  while (fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = '\0';
    char *bytes;
    size_t len;
    vb_doc *doc;
    if (!line[0] || vb_file_read(line, &bytes, &len, &err)) continue;
    int rc = vb_doc_parse(bytes, len, line, NULL, &doc, &err);
    free(bytes);
    if (rc) continue;
    const vb_doc_view *v = vb_doc_get(doc);
    char lang[8] = "";
    if (v->meta.language.ptr && v->meta.language.len < sizeof lang) memcpy(lang, v->meta.language.ptr, v->meta.language.len);
    for (size_t i = 0; i < v->nstatements; i++) {
      if (n == cap) {
        cap = cap ? cap * 2 : 4096;
        cpu = realloc(cpu, cap * sizeof *cpu);
        wall = realloc(wall, cap * sizeof *wall);
        if (!cpu || !wall) return 1;
      }
      const vb_statement *x = &v->statements[i];
      int64_t family;
      int rel;
      double c0 = seconds(CLOCK_THREAD_CPUTIME_ID), w0 = seconds(CLOCK_MONOTONIC);
      rc = vs_family_lookup(db, &cache, v->body.ptr + x->start, x->end - x->start, lang, &family, &rel, &err);
      cpu[n] = seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
      wall[n] = seconds(CLOCK_MONOTONIC) - w0;
      if (rc) {
        fprintf(stderr, "%s: %s\n", line, err.msg);
        return 1;
      }
      n++;
      joined += family != 0;
      exact += family != 0 && rel == 1;
    }
    vb_doc_free(doc);
  }
  fclose(lf);
  printf("archive: %lld statements fingerprinted; looked up: %zu statements, %zu would join a family (%zu exact)\n",
         (long long)stored, n, joined, exact);
  report("CPU", cpu, n);
  report("wall", wall, n);
  free(cpu);
  free(wall);
  vs_fams_free(cache);
  vb_store_close(st);
  return 0;
}
