/* bench_decode — decoding speed: vb_decode over every listed file (read
 * into memory first), PASSES times; prints the median MB/s.
 * usage: bench_decode LISTFILE [PASSES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_decode LISTFILE [PASSES]\n");
    return 2;
  }
  int passes = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
  if (passes < 1 || passes > 100) passes = 5;
  FILE *lf = fopen(argv[1], "r");
  if (!lf) return 1;
  char line[4096], **bytes = NULL;
  size_t *lens = NULL, n = 0, total = 0;
  while (fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = '\0';
    char *b;
    size_t l;
    vb_err err;
    if (!line[0] || vb_file_read(line, &b, &l, &err)) continue;
    bytes = realloc(bytes, (n + 1) * sizeof *bytes);
    lens = realloc(lens, (n + 1) * sizeof *lens);
    bytes[n] = b;
    lens[n++] = l;
    total += l;
  }
  fclose(lf);
  double *mbps = calloc((size_t)passes, sizeof *mbps);
  for (int p = 0; p < passes; p++) {
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
      vb_arena *a = vb_arena_new(0);
      vb_str out;
      vb_err err;
      vb_decode(bytes[i], lens[i], "bench", a, &out, NULL, &err);
      vb_arena_free(a);
    }
    mbps[p] = (double)total / 1e6 / (now() - t0);
  }
  qsort(mbps, (size_t)passes, sizeof *mbps, cmp);
  printf("decode: %zu files, %.1f MB: median %.0f MB/s  min %.0f  max %.0f  (%d passes)\n", n,
         (double)total / 1e6, mbps[passes / 2], mbps[0], mbps[passes - 1], passes);
  return 0;
}
