/* bench_entities — entity extraction speed with the full lists loaded,
 * beside a naive search for each name in turn.
 * usage: bench_entities LISTFILE [PASSES]
 * Parses every file once (not timed), then times vb_extract_entities over
 * the parsed documents PASSES times. The naive peer lowercases each
 * document once and looks for the first N names of the lexicon with
 * memmem, for N = 100 and 1000, on the first 8 MB: its cost grows with N,
 * the automaton's does not. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/doc.h"
#include "extract/extract.h"
#include "extract/lexicon.h"
#include "verbatim.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_entities LISTFILE [PASSES]\n");
    return 2;
  }
  int passes = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
  if (passes < 1 || passes > 100) passes = 5;
  vb_err err;
  double t0 = now();
  const vb_lexicon *lx;
  if (vb_lexicon_default(&lx, &err)) {
    fprintf(stderr, "lexicon: %s: %s\n", err.file, err.msg);
    return 1;
  }
  printf("lexicon: %u entries, %u names, %u automaton states, loaded in %.0f ms\n",
         lx->entries.n, lx->patterns.n, lx->out.n, (now() - t0) * 1e3);
  FILE *lf = fopen(argv[1], "r");
  if (!lf) {
    perror(argv[1]);
    return 1;
  }
  size_t cap = 1024, n = 0, total = 0, nment = 0;
  vb_doc **docs = malloc(cap * sizeof *docs);
  char line[4096];
  while (docs && fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = '\0';
    char *bytes;
    size_t len;
    if (!line[0] || vb_file_read(line, &bytes, &len, &err)) continue;
    if (n == cap) {
      vb_doc **g = realloc(docs, (cap *= 2) * sizeof *docs);
      if (!g) break;
      docs = g;
    }
    if (vb_doc_parse(bytes, len, line, NULL, &docs[n], &err) == 0) {
      total += vb_doc_get(docs[n])->body.len;
      n++;
    }
    free(bytes);
  }
  fclose(lf);
  if (!docs || !n) {
    fprintf(stderr, "no inputs\n");
    return 1;
  }
  double *mbps = calloc((size_t)passes, sizeof *mbps);
  for (int p = 0; p < passes; p++) {
    nment = 0;
    t0 = now();
    for (size_t i = 0; i < n; i++) {
      if (vb_extract_entities(docs[i], lx, &err)) {
        fprintf(stderr, "%s: %s\n", err.file, err.msg);
        return 1;
      }
      nment += vb_doc_get(docs[i])->nmentions;
    }
    double dt = now() - t0;
    mbps[p] = (double)total / 1e6 / dt;
    printf("pass %d: %.1f MB in %.3f s = %.1f MB/s, %zu mentions\n", p + 1, (double)total / 1e6,
           dt, mbps[p], nment);
  }
  qsort(mbps, (size_t)passes, sizeof *mbps, cmp_double);
  printf("entities MB/s: median %.1f  min %.1f  max %.1f  (%d passes, %zu documents)\n",
         mbps[passes / 2], mbps[0], mbps[passes - 1], passes, n);

  /* the naive peer: one memmem per name over lowercased text */
  const size_t sample = (size_t)8 << 20;
  size_t ns[] = {100, 1000};
  for (size_t k = 0; k < 2; k++) {
    size_t names = ns[k] < lx->patterns.n ? ns[k] : lx->patterns.n, done = 0, found = 0;
    t0 = now();
    for (size_t i = 0; i < n && done < sample; i++) {
      vb_str b = vb_doc_get(docs[i])->body;
      char *low = malloc(b.len + 1);
      if (!low) return 1;
      for (size_t j = 0; j < b.len; j++) low[j] = (char)(b.ptr[j] >= 'A' && b.ptr[j] <= 'Z' ? b.ptr[j] + 32 : b.ptr[j]);
      for (size_t q = 0; q < names; q++) {
        const char *pat = lx->patterns.v[q].light;
        size_t pl = strlen(pat);
        for (const char *at = low; (at = memmem(at, b.len - (size_t)(at - low), pat, pl)); at += pl)
          found++;
      }
      free(low);
      done += b.len;
    }
    double dt = now() - t0;
    printf("naive memmem, %zu names: %.1f MB/s (%zu hits on %.1f MB)\n", names,
           (double)done / 1e6 / dt, found, (double)done / 1e6);
  }
  for (size_t i = 0; i < n; i++) vb_doc_free(docs[i]);
  free(docs);
  free(mbps);
  return 0;
}
