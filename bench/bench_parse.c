/* bench_parse — parse speed of vb_doc_parse on one core.
 * usage: bench_parse LISTFILE [PASSES]
 * LISTFILE names one input file per line. All files are read into memory
 * first, so the figure is parsing only (decode .. extract), not disk I/O.
 * Prints per-pass MB/s and the median, min and max over the passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verbatim.h"

typedef struct input {
  char *path, *bytes;
  size_t len;
} input;

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
    fprintf(stderr, "usage: bench_parse LISTFILE [PASSES]\n");
    return 2;
  }
  int passes = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
  if (passes < 1 || passes > 100) passes = 5;
  FILE *lf = fopen(argv[1], "r");
  if (!lf) {
    perror(argv[1]);
    return 1;
  }
  size_t cap = 1024, n = 0, total = 0;
  input *in = malloc(cap * sizeof *in);
  char line[4096];
  while (in && fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = '\0';
    if (!line[0]) continue;
    if (n == cap) {
      cap *= 2;
      input *grown = realloc(in, cap * sizeof *in);
      if (!grown) break;
      in = grown;
    }
    vb_err err;
    char *bytes;
    size_t len;
    if (vb_file_read(line, &bytes, &len, &err)) {
      fprintf(stderr, "skip %s: %s\n", line, err.msg);
      continue;
    }
    size_t ll = strlen(line);
    if (ll > 6 && strcmp(line + ll - 6, ".jsonl") == 0) {
      /* JSON Lines: every line is a document of its own */
      size_t pos = 0;
      while (pos < len) {
        const char *nl = memchr(bytes + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - bytes) : len;
        if (end > pos) {
          if (n == cap) {
            cap *= 2;
            input *grown = realloc(in, cap * sizeof *in);
            if (!grown) break;
            in = grown;
          }
          in[n].bytes = malloc(end - pos);
          if (!in[n].bytes) break;
          memcpy(in[n].bytes, bytes + pos, end - pos);
          in[n].len = end - pos;
          in[n].path = strdup(line);
          total += in[n].len;
          n++;
        }
        pos = end + 1;
      }
      free(bytes);
      continue;
    }
    in[n].bytes = bytes;
    in[n].len = len;
    in[n].path = strdup(line);
    total += in[n].len;
    n++;
  }
  fclose(lf);
  if (!in || n == 0) {
    fprintf(stderr, "no inputs\n");
    return 1;
  }
  /* the lexicon loads once per process, as in a server or an ingest: not
   * inside the first timed pass */
  const vb_lexicon *lx;
  vb_err lerr;
  if (vb_lexicon_default(&lx, &lerr)) {
    fprintf(stderr, "lexicon: %s\n", lerr.msg);
    return 1;
  }
  double *mbps = calloc((size_t)passes, sizeof *mbps);
  size_t statements = 0, failed = 0;
  for (int p = 0; p < passes; p++) {
    statements = failed = 0;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
      vb_doc *doc;
      vb_err err;
      if (vb_doc_parse(in[i].bytes, in[i].len, in[i].path, NULL, &doc, &err)) {
        failed++;
        continue;
      }
      statements += vb_doc_get(doc)->nstatements;
      vb_doc_free(doc);
    }
    double dt = now() - t0;
    mbps[p] = (double)total / 1e6 / dt;
    printf("pass %d: %.1f MB in %.3f s = %.1f MB/s, %.0f statements/s\n", p + 1,
           (double)total / 1e6, dt, mbps[p], (double)statements / dt);
  }
  qsort(mbps, (size_t)passes, sizeof *mbps, cmp_double);
  printf("files %zu, %.1f MB, statements %zu, failed %zu\n", n, (double)total / 1e6, statements,
         failed);
  printf("parse MB/s: median %.1f  min %.1f  max %.1f  (%d passes)\n", mbps[passes / 2], mbps[0],
         mbps[passes - 1], passes);
  for (size_t i = 0; i < n; i++) {
    free(in[i].bytes);
    free(in[i].path);
  }
  free(in);
  free(mbps);
  return 0;
}
