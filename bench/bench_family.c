/* bench_family — quote families built from scratch, beside an exact-
 * duplicate baseline, and the lookup of a new statement.
 * usage: bench_family LISTFILE exact|families
 * Every listed file is parsed, one at a time; its statements are analysed
 * as the index analyses them (timed apart: both sides need it). Then
 *   exact:    each statement of at least VB_FAM_MIN_WORDS words is hashed
 *             (identical after case folding and punctuation removal: the
 *             Quotebank rule) and the hashes are grouped;
 *   families: each statement is fingerprinted into a vb_fam_set, every
 *             hundredth document held out; the families are built; then
 *             each held-out statement is looked up (the family a new
 *             statement joins) and timed one by one.
 * Prints one line per figure: times are CPU seconds of the process (one
 * thread), a lookup's the thread's CPU time, beside its wall time; peak
 * RSS is the process's (getrusage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "family/family.h"
#include "verbatim.h"

/* Seconds on one clock: CPU time of this (single-threaded) process for
 * the phases (the machine is shared: wall time would count the other
 * processes' turns), of the thread for one lookup, and wall time beside. */
static double seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#define now() seconds(CLOCK_PROCESS_CPUTIME_ID)

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static long peak_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

/* Held-out statements, copied out of their document. */
typedef struct held {
  vb_fam_word *w;
  uint64_t *an;
  size_t nw, nan, capw, capan;
  struct {
    size_t w0, nw, a0, na;
    int32_t date;
  } *it;
  size_t n, cap;
} held;

static void *grow(void *v, size_t *cap, size_t need, size_t el) {
  if (need <= *cap) return v;
  size_t c = *cap ? *cap * 2 : 1024;
  while (c < need) c *= 2;
  void *p = realloc(v, c * el);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  *cap = c;
  return p;
}

static void hold(held *h, const vb_fam_item *it) {
  h->w = grow(h->w, &h->capw, h->nw + it->nwords, sizeof *h->w);
  h->an = grow(h->an, &h->capan, h->nan + it->nanchors + 1, sizeof *h->an);
  h->it = grow(h->it, &h->cap, h->n + 1, sizeof *h->it);
  memcpy(h->w + h->nw, it->words, it->nwords * sizeof *h->w);
  if (it->nanchors) memcpy(h->an + h->nan, it->anchors, it->nanchors * sizeof *h->an);
  h->it[h->n].w0 = h->nw;
  h->it[h->n].nw = it->nwords;
  h->it[h->n].a0 = h->nan;
  h->it[h->n].na = it->nanchors;
  h->it[h->n].date = it->date;
  h->nw += it->nwords;
  h->nan += it->nanchors;
  h->n++;
}

int main(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[2], "exact") && strcmp(argv[2], "families"))) {
    fprintf(stderr, "usage: bench_family LISTFILE exact|families\n");
    return 2;
  }
  int families = strcmp(argv[2], "families") == 0;
  FILE *lf = fopen(argv[1], "r");
  if (!lf) {
    perror(argv[1]);
    return 1;
  }
  vb_err err;
  vb_fam_doc *fd;
  vb_fam_set *set = NULL;
  if (vb_fam_doc_new(&fd, &err) || (families && vb_fam_set_new(&set, &err))) return 1;
  uint64_t *hashes = NULL;
  size_t nh = 0, caph = 0, nstatements = 0, eligible = 0, ndocs = 0;
  held h = {0};
  double t_parse = 0, t_analyse = 0, t_print = 0, t0;
  char line[4096];
  while (fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = '\0';
    if (!line[0]) continue;
    char *bytes;
    size_t len;
    if (vb_file_read(line, &bytes, &len, &err)) continue;
    t0 = now();
    vb_doc *doc;
    int rc = vb_doc_parse(bytes, len, line, NULL, &doc, &err);
    free(bytes);
    t_parse += now() - t0;
    if (rc) continue;
    t0 = now();
    if (vb_fam_doc_read(fd, vb_doc_get(doc), &err)) {
      fprintf(stderr, "%s: %s\n", line, err.msg);
      return 1;
    }
    t_analyse += now() - t0;
    size_t n = vb_fam_doc_count(fd);
    nstatements += n;
    t0 = now();
    for (size_t i = 0; i < n; i++) {
      vb_fam_item it = vb_fam_doc_item(fd, i);
      if (vb_fam_letter_words(it.words, it.nwords) >= VB_FAM_MIN_WORDS) eligible++;
      if (!families) {
        if (vb_fam_letter_words(it.words, it.nwords) < VB_FAM_MIN_WORDS) continue;
        hashes = grow(hashes, &caph, nh + 1, sizeof *hashes);
        hashes[nh++] = vb_fam_exact(it.words, it.nwords);
      } else if (ndocs % 100 == 99) {
        hold(&h, &it);
      } else {
        uint32_t id;
        if (vb_fam_set_add(set, &it, &id, &err)) {
          fprintf(stderr, "%s\n", err.msg);
          return 1;
        }
      }
    }
    t_print += now() - t0;
    ndocs++;
    vb_doc_free(doc);
  }
  fclose(lf);
  printf("documents %zu, statements %zu, of at least %d words %zu\n", ndocs, nstatements,
         VB_FAM_MIN_WORDS, eligible);
  printf("parse %.2f s (not counted below); analysis %.2f s (both sides)\n", t_parse, t_analyse);
  t0 = now();
  if (!families) {
    qsort(hashes, nh, sizeof *hashes, cmp_u64);
    size_t groups = 0, members = 0;
    for (size_t i = 0; i < nh;) {
      size_t j = i;
      while (j < nh && hashes[j] == hashes[i]) j++;
      if (j - i > 1) {
        groups++;
        members += j - i;
      }
      i = j;
    }
    double t_group = now() - t0;
    printf("exact: hash %.2f s, group %.2f s, total after analysis %.2f s\n", t_print, t_group,
           t_print + t_group);
    printf("exact: %zu groups of repeated statements holding %zu statements\n", groups, members);
    printf("exact: peak RSS %ld MB\n", peak_rss_mb());
    free(hashes);
    vb_fam_doc_free(fd);
    return 0;
  }
  size_t possible = 0;
  if (vb_fam_set_build(set, &possible, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  double t_build = now() - t0;
  size_t fams = 0, members = 0, exact = 0, near = 0, tr = 0, cnt = vb_fam_set_count(set);
  uint32_t *size = calloc(cnt ? cnt : 1, sizeof *size);
  for (uint32_t i = 0; i < cnt; i++) {
    vb_fam_match m = vb_fam_set_of(set, i);
    if (m.family != VB_FAM_NONE) size[m.family]++;
    exact += m.rel == VB_REL_EXACT;
    near += m.rel == VB_REL_NEAR;
    tr += m.rel == VB_REL_TRANSLATION;
  }
  uint32_t largest = 0;
  for (uint32_t i = 0; i < cnt; i++)
    if (size[i] > 1) {
      fams++;
      members += size[i];
      if (size[i] > largest) largest = size[i];
    }
  free(size);
  printf("families: fingerprint %.2f s, build %.2f s, total after analysis %.2f s\n", t_print, t_build,
         t_print + t_build);
  printf("families: %zu families of two or more holding %zu statements (%zu exact, %zu near, %zu "
         "translation joins; %zu possible translations); largest %u\n",
         fams, members, exact, near, tr, possible, largest);
  printf("families: set %zu MB, peak RSS %ld MB\n", vb_fam_set_bytes(set) >> 20, peak_rss_mb());
  /* lookups of the held-out statements: each is a new statement */
  double *lat = malloc((h.n ? h.n : 1) * sizeof *lat), *wlat = malloc((h.n ? h.n : 1) * sizeof *wlat);
  size_t found = 0, slowest = 0;
  double slowest_cpu = 0;
  for (size_t i = 0; i < h.n; i++) {
    vb_fam_item it = {h.w + h.it[i].w0, h.it[i].nw, h.an + h.it[i].a0, h.it[i].na, h.it[i].date};
    vb_fam_match m;
    double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
    if (vb_fam_set_lookup(set, &it, &m, &err)) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    lat[i] = (seconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e6;
    wlat[i] = (seconds(CLOCK_MONOTONIC) - w0) * 1e6;
    if (lat[i] > slowest_cpu) {
      slowest_cpu = lat[i];
      slowest = i;
    }
    found += m.family != VB_FAM_NONE;
  }
  qsort(lat, h.n, sizeof *lat, cmp_double);
  qsort(wlat, h.n, sizeof *wlat, cmp_double);
  if (h.n) {
    printf("lookup: %zu new statements against %zu; %zu joined a family\n", h.n, cnt, found);
    printf("lookup: CPU median %.1f us, p99 %.1f us, max %.1f us; wall median %.1f us, p99 %.1f us\n",
           lat[h.n / 2], lat[h.n * 99 / 100], lat[h.n - 1], wlat[h.n / 2], wlat[h.n * 99 / 100]);
    /* the slowest again, 100 times: its own cost, or the machine's? */
    vb_fam_item it = {h.w + h.it[slowest].w0, h.it[slowest].nw, h.an + h.it[slowest].a0, h.it[slowest].na,
                      h.it[slowest].date};
    double again[100];
    for (int k = 0; k < 100; k++) {
      vb_fam_match m;
      double c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
      vb_fam_set_lookup(set, &it, &m, &err);
      again[k] = (seconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e6;
    }
    qsort(again, 100, sizeof *again, cmp_double);
    printf("lookup: the slowest (%zu words, %zu anchors) looked up 100 times more: median %.1f us\n",
           h.it[slowest].nw, h.it[slowest].na, again[50]);
  }
  free(lat);
  free(wlat);
  vb_fam_set_free(set);
  vb_fam_doc_free(fd);
  free(h.w);
  free(h.an);
  free(h.it);
  return 0;
}
