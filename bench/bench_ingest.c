/* bench_ingest — the archive at scale, side by side with plain SQLite FTS5.
 * usage: bench_ingest LISTFILE OUTDIR
 * 1. verbatim: parse and store every listed file (read into memory first)
 *    into OUTDIR/verbatim.db: MB/s, statements/s, file size.
 * 2. plain FTS5 (unicode61): load the very same statement texts into
 *    OUTDIR/plain.db in one transaction per 10,000 rows.
 * 3. a fixed query mix, each query run REPEAT times: verbatim with facets
 *    (speaker, tag, month) against plain FTS5 MATCH + count + top 20 by rank;
 *    p50 and p99 latency of the wall clock and of the thread's CPU time
 *    (the CPU leaves out waiting for the disk and for other processes).
 * BENCH_SEARCH_ONLY=1: step 3 alone, on the archives an earlier run left in
 * OUTDIR (two builds' searches alternated without ingesting again);
 * BENCH_REPEAT=N runs each query N times (default 15); BENCH_RUNS=1 prints
 * every run (round, query, wall and CPU ms) before the percentiles;
 * BENCH_NO_PLAIN=1 searches verbatim's archive alone (an archive no plain
 * FTS5 copy was made beside: bench/scale.sh's); BENCH_PRINT_MIX=1 prints
 * the mix, a query a line, and nothing else (for scripts that run it by
 * other means); BENCH_MIX_FIRST=i starts each round at the mix's i-th
 * query (from 0), going round (a process's first search another). */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "verbatim.h"

#define REPEAT_DEFAULT 15

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of the process (every thread) or of the calling thread */
/* minor page faults of the calling thread so far (first touches of new memory:
 * tens of microseconds each in this project's VMs, and no instructions) */
static long faults(void) {
  struct rusage u;
  return getrusage(RUSAGE_THREAD, &u) ? 0 : u.ru_minflt;
}

/* the calling thread's CPU time in the kernel so far, ms (reads of pages
 * the process has not cached, faults: no instructions of its own) */
static double sys_ms(void) {
  struct rusage u;
  return getrusage(RUSAGE_THREAD, &u) ? 0 : u.ru_stime.tv_sec * 1e3 + u.ru_stime.tv_usec / 1e3;
}

static double cpu(clockid_t which) {
  struct timespec ts;
  clock_gettime(which, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static long long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

static long long db_size(const char *path) {
  char p[512];
  long long n = file_size(path);
  snprintf(p, sizeof p, "%s-wal", path);
  return n + file_size(p);
}

static void rm_db(const char *path) {
  char p[512];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

/* The mix: selective terms, phrases, booleans, prefixes, NEAR, filters. */
static const char *const mix[] = {
    "nuclear disarmament",
    "\"human rights\"",
    "climate change",
    "palestin*",
    "refugees OR migrants",
    "apartheid -south",
    "\"security council\" reform",
    "terrorism NEAR/5 international",
    "kind:direct sanctions",
    "lang:en \"sustainable development\"",
    "speaker:baraka kalashnikov",
    "hizbullah OR hezbollah",
    "oil prices",
    "\"cold war\"",
    "decolonization",
    "pandemic vaccine*",
};
/* The same words for plain FTS5 (no filters, its own syntax). */
static const char *const plain_mix[] = {
    "nuclear disarmament", "\"human rights\"", "climate change", "palestin*",
    "refugees OR migrants", "apartheid NOT south", "\"security council\" reform",
    "NEAR(terrorism international, 5)", "sanctions", "\"sustainable development\"",
    "kalashnikov", "hizbullah OR hezbollah", "oil prices", "\"cold war\"", "decolonization",
    "pandemic vaccine*",
};
#define NQ (sizeof mix / sizeof *mix)

static void report(const char *what, double *ms, size_t n) {
  qsort(ms, n, sizeof *ms, cmp_double);
  size_t p99 = (n * 99 + 99) / 100;
  if (p99 >= n) p99 = n - 1;
  printf("%-28s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%zu runs)\n", what, ms[n / 2], ms[p99],
         ms[n - 1], n);
}

/* The median of n figures (sorts them). */
static double median(double *v, size_t n) {
  qsort(v, n, sizeof *v, cmp_double);
  return v[n / 2];
}

static double ingest_wall, ingest_cpu; /* step 1's, for step 2's ratio */

typedef struct counts {
  long long statements;
  size_t failed;
} counts;

static void count_doc(void *ctx, const char *name, const vb_doc_view *v, int added,
                      const vb_err *err) {
  counts *c = ctx;
  if (err) {
    if (!c->failed) fprintf(stderr, "first failure: %s: %s\n", name, err->msg);
    c->failed++;
  } else if (added) {
    c->statements += (long long)v->nstatements;
  }
}

/* 1. verbatim: every listed file parsed and stored into st. */
static int ingest(vb_store *st, const char *vpath, size_t n, char **paths, char **bytes, size_t *lens,
                  long long total) {
  vb_err err;
  counts cn = {0, 0};
  double t0 = now(), c0 = cpu(CLOCK_PROCESS_CPUTIME_ID), s0 = cpu(CLOCK_THREAD_CPUTIME_ID), k0 = sys_ms();
  long f0 = faults();
  /* the ingest path `verbatim ingest` takes: parsing on every core,
   * storing on this thread (BENCH_THREADS sets the worker count) */
  vb_ingest *ing;
  const char *th = getenv("BENCH_THREADS");
  if (vb_ingest_open(st, NULL, th ? atoi(th) : 0, count_doc, &cn, &ing, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    if (vb_ingest_add(ing, paths[i], bytes[i], lens[i], &err)) cn.failed++;
    bytes[i] = NULL; /* the ingest owns it now */
  }
  if (vb_ingest_close(ing, &err)) fprintf(stderr, "%s\n", err.msg);
  long long statements = cn.statements;
  size_t failed = cn.failed;
  double tv = now() - t0, cv = cpu(CLOCK_PROCESS_CPUTIME_ID) - c0, sv = cpu(CLOCK_THREAD_CPUTIME_ID) - s0;
  printf("inputs: %zu files, %.1f MB, %lld statements, %zu failed\n", n, (double)total / 1e6,
         statements, failed);
  printf("verbatim ingest (parse+store) %7.2f s  %6.1f MB/s  %8.0f statements/s  db %.0f MB\n", tv,
         (double)total / 1e6 / tv, (double)statements / tv, (double)db_size(vpath) / 1e6);
  printf("verbatim ingest CPU %.2f s (all threads), %.2f s on the storing thread\n", cv, sv);
  /* time with no instructions of its own: first touches of new memory */
  printf("storing thread: %.2f s in the kernel, %ld minor faults\n", (sys_ms() - k0) / 1e3, faults() - f0);
  ingest_wall = tv;
  ingest_cpu = cv;
  return 0;
}

/* 2's timed part, a function of its own so that a profile can name it
 * (`valgrind --tool=callgrind --dump-before=plain_insert
 * --dump-after=plain_insert`: the plain load's instructions alone) */
static __attribute__((noinline)) void plain_insert(sqlite3 *pdb, sqlite3_stmt *ins, char **texts,
                                                   size_t ntext) {
  sqlite3_exec(pdb, "BEGIN", NULL, NULL, NULL);
  for (size_t i = 0; i < ntext; i++) {
    sqlite3_bind_text(ins, 1, texts[i], -1, SQLITE_STATIC);
    sqlite3_step(ins);
    sqlite3_reset(ins);
    if (i % 10000 == 9999) {
      sqlite3_exec(pdb, "COMMIT", NULL, NULL, NULL);
      sqlite3_exec(pdb, "BEGIN", NULL, NULL, NULL);
    }
  }
  sqlite3_exec(pdb, "COMMIT", NULL, NULL, NULL);
}

/* 2. plain FTS5 over the same statement texts */
static void plain_load(const char *vpath, const char *ppath, long long total) {
  rm_db(ppath);
  sqlite3 *vdb, *pdb;
  sqlite3_open_v2(vpath, &vdb, SQLITE_OPEN_READONLY, NULL);
  sqlite3_open(ppath, &pdb);
  sqlite3_exec(pdb, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61')",
               NULL, NULL, NULL);
  sqlite3_stmt *rd, *ins;
  sqlite3_prepare_v2(vdb, "SELECT CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT) FROM statements s JOIN documents d ON d.id = s.doc_id ORDER BY s.id", -1, &rd, NULL);
  size_t ntext = 0, tcap = 1 << 20;
  char **texts = malloc(tcap * sizeof *texts);
  while (sqlite3_step(rd) == SQLITE_ROW) {
    if (ntext == tcap) texts = realloc(texts, (tcap *= 2) * sizeof *texts);
    texts[ntext++] = strdup((const char *)sqlite3_column_text(rd, 0));
  }
  sqlite3_finalize(rd);
  sqlite3_prepare_v2(pdb, "INSERT INTO t(text) VALUES(?1)", -1, &ins, NULL);
  double t0 = now(), c0 = cpu(CLOCK_PROCESS_CPUTIME_ID), k0 = sys_ms();
  long f0 = faults();
  plain_insert(pdb, ins, texts, ntext);
  double tp = now() - t0, cp = cpu(CLOCK_PROCESS_CPUTIME_ID) - c0, kp = (sys_ms() - k0) / 1e3;
  long fp = faults() - f0;
  sqlite3_finalize(ins);
  for (size_t i = 0; i < ntext; i++) free(texts[i]);
  free(texts);
  printf("plain FTS5 load (texts only)  %7.2f s  %6.1f MB/s  %8.0f statements/s  db %.0f MB\n", tp,
         (double)total / 1e6 / tp, (double)ntext / tp, (double)db_size(ppath) / 1e6);
  printf("plain FTS5 load CPU %.2f s (%.2f s in the kernel, %ld minor faults)\n", cp, kp, fp);
  printf("ingest speed ratio verbatim/plain: %.2f (CPU: %.2f)\n", tp / ingest_wall, cp / ingest_cpu);
  sqlite3_close(pdb);
  sqlite3_close(vdb);
}

/* 3. query latency: each query of the mix on both, alternating, `repeat`
 * rounds; wall clock (ms) and the thread's CPU time (ms). */
static int searches(vb_store *st, const char *ppath, int repeat) {
  sqlite3 *pdb = NULL;
  int plain = getenv("BENCH_NO_PLAIN") == NULL;
  if (plain && sqlite3_open_v2(ppath, &pdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    fprintf(stderr, "%s: %s\n", ppath, sqlite3_errmsg(pdb));
    sqlite3_close(pdb);
    return -1;
  }
  size_t runs = NQ * (size_t)repeat;
  double *vms = malloc(runs * sizeof *vms), *pms = malloc(runs * sizeof *pms);
  double *vcpu = malloc(runs * sizeof *vcpu), *pcpu = malloc(runs * sizeof *pcpu);
  long *vflt = malloc(runs * sizeof *vflt), *pflt = malloc(runs * sizeof *pflt);
  double *vsys = malloc(runs * sizeof *vsys);
  vb_search_opts o = {.limit = 20, .sort = VB_SORT_RELEVANCE, .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH};
  sqlite3_stmt *cnt = NULL, *top = NULL;
  if (plain) {
    sqlite3_prepare_v2(pdb, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &cnt, NULL);
    sqlite3_prepare_v2(pdb, "SELECT rowid, text FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 20", -1,
                       &top, NULL);
  }
  /* BENCH_MIX_FIRST=i: each round starts at the mix's i-th query (from
   * 0) and goes round, so a process's first search is another (the early
   * load of the column cache hangs on how many the first search matches) */
  const char *first = getenv("BENCH_MIX_FIRST");
  size_t from = first ? (size_t)strtoul(first, NULL, 10) % NQ : 0;
  size_t k = 0;
  for (int r = 0; r < repeat; r++)
    for (size_t qi = 0; qi < NQ; qi++, k++) {
      size_t q = (from + qi) % NQ;
      vb_err err;
      long f0 = faults();
      double s0 = sys_ms(), a = now(), ac = cpu(CLOCK_THREAD_CPUTIME_ID);
      vb_results *res;
      if (vb_store_search(st, mix[q], &o, &res, &err) == 0) {
        if (r == 0) printf("  %-40s %8lld hits\n", mix[q], (long long)res->total);
        vb_results_free(res);
      } else if (r == 0) {
        printf("  %-40s error: %s\n", mix[q], err.msg);
      }
      vms[k] = (now() - a) * 1000;
      vcpu[k] = (cpu(CLOCK_THREAD_CPUTIME_ID) - ac) * 1000;
      vflt[k] = faults() - f0;
      vsys[k] = sys_ms() - s0;
      pms[k] = pcpu[k] = 0;
      pflt[k] = 0;
      if (!plain) continue;
      f0 = faults();
      a = now();
      ac = cpu(CLOCK_THREAD_CPUTIME_ID);
      sqlite3_bind_text(cnt, 1, plain_mix[q], -1, SQLITE_STATIC);
      while (sqlite3_step(cnt) == SQLITE_ROW) {
      }
      sqlite3_reset(cnt);
      sqlite3_bind_text(top, 1, plain_mix[q], -1, SQLITE_STATIC);
      while (sqlite3_step(top) == SQLITE_ROW) {
      }
      sqlite3_reset(top);
      pms[k] = (now() - a) * 1000;
      pcpu[k] = (cpu(CLOCK_THREAD_CPUTIME_ID) - ac) * 1000;
      pflt[k] = faults() - f0;
    }
  /* per query: median over the repeats (k = r * NQ + q) */
  double *v = malloc(4 * (size_t)repeat * sizeof *v);
  for (size_t q = 0; q < NQ; q++) {
    double *w = v + repeat, *vc = w + repeat, *wc = vc + repeat;
    for (int r = 0; r < repeat; r++) {
      size_t i = (size_t)r * NQ + (q + NQ - from) % NQ;
      v[r] = vms[i];
      w[r] = pms[i];
      vc[r] = vcpu[i];
      wc[r] = pcpu[i];
    }
    printf("  median %-40s verbatim %7.2f ms (CPU %7.2f)   plain %7.2f ms (CPU %7.2f)\n", mix[q],
           median(v, (size_t)repeat), median(vc, (size_t)repeat), median(w, (size_t)repeat),
           median(wc, (size_t)repeat));
  }
  free(v);
  /* BENCH_RUNS: every run, to see which queries and rounds make the tail */
  if (getenv("BENCH_RUNS"))
    for (size_t i = 0; i < k; i++)
      printf("  run %2zu %-40s verbatim %8.2f ms (CPU %7.2f, kernel %5.2f, %5ld faults)   plain %8.2f ms "
             "(CPU %7.2f, %5ld faults)\n",
             i / NQ, mix[(from + i) % NQ], vms[i], vcpu[i], vsys[i], vflt[i], pms[i], pcpu[i], pflt[i]);
  /* the rounds after the first: a connection's first searches load its
   * column cache (store/cols.c), a cost of the archive's size that a
   * long-lived connection (serve) pays once */
  double *later = repeat > 1 ? malloc((k - NQ) * 2 * sizeof *later) : NULL;
  if (later) {
    memcpy(later, vms + NQ, (k - NQ) * sizeof *later);
    memcpy(later + (k - NQ), vcpu + NQ, (k - NQ) * sizeof *later);
  }
  report("verbatim search + facets", vms, k);
  if (later) report("verbatim after round 1", later, k - NQ);
  if (plain) report("plain FTS5 count + top 20", pms, k);
  report("verbatim search CPU", vcpu, k);
  if (later) report("verbatim CPU after round 1", later + (k - NQ), k - NQ);
  free(later);
  if (plain) report("plain FTS5 CPU", pcpu, k);
  free(vms);
  free(pms);
  free(vcpu);
  free(pcpu);
  free(vflt);
  free(vsys);
  free(pflt);
  sqlite3_finalize(cnt);
  sqlite3_finalize(top);
  sqlite3_close(pdb);
  return 0;
}

int main(int argc, char **argv) {
  if (getenv("BENCH_PRINT_MIX")) {
    for (size_t q = 0; q < NQ; q++) printf("%s\n", mix[q]);
    return 0;
  }
  if (argc < 3) {
    fprintf(stderr, "usage: bench_ingest LISTFILE OUTDIR\n");
    return 2;
  }
  char vpath[512], ppath[512];
  snprintf(vpath, sizeof vpath, "%s/verbatim.db", argv[2]);
  snprintf(ppath, sizeof ppath, "%s/plain.db", argv[2]);
  int search_only = getenv("BENCH_SEARCH_ONLY") != NULL;
  const char *rep = getenv("BENCH_REPEAT");
  int repeat = rep && atoi(rep) > 0 ? atoi(rep) : REPEAT_DEFAULT;
  size_t cap = 1024, n = 0;
  long long total = 0;
  char **paths = malloc(cap * sizeof *paths), **bytes = malloc(cap * sizeof *bytes);
  size_t *lens = malloc(cap * sizeof *lens);
  FILE *lf = search_only ? NULL : fopen(argv[1], "r");
  if (!search_only && !lf) {
    perror(argv[1]);
    return 1;
  }
  char line[4096];
  while (lf && fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = '\0';
    if (!line[0]) continue;
    if (n == cap) {
      cap *= 2;
      paths = realloc(paths, cap * sizeof *paths);
      bytes = realloc(bytes, cap * sizeof *bytes);
      lens = realloc(lens, cap * sizeof *lens);
    }
    vb_err err;
    if (vb_file_read(line, &bytes[n], &lens[n], &err)) continue;
    paths[n] = strdup(line);
    total += (long long)lens[n];
    n++;
  }
  if (lf) fclose(lf);

  if (!search_only) rm_db(vpath);
  vb_store *st;
  vb_err err;
  if (vb_store_open(vpath, 1, &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  if (!search_only) {
    if (ingest(st, vpath, n, paths, bytes, lens, total)) return 1;
    if (getenv("BENCH_INGEST_ONLY")) { /* for profiling the ingest alone */
      vb_store_close(st);
      return 0;
    }
    plain_load(vpath, ppath, total);
  }
  int rc = searches(st, ppath, repeat);
  vb_store_close(st);
  return rc ? 1 : 0;
}
