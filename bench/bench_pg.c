/* bench_pg — the archive in PostgreSQL beside SQLite and beside
 * PostgreSQL's own full text, on the same texts.
 * usage: bench_pg LISTFILE PGURL [SQLITE_DB]
 * 1. verbatim: parse and store every listed file into the (empty) database
 *    at PGURL, on the ingest path `verbatim ingest` takes: MB/s, statements/s.
 * 2. plain PostgreSQL: the very same statement texts into a table with a
 *    to_tsvector('english') column and a GIN index (COPY, 10,000 rows per
 *    transaction).
 * 3. the archive benchmark's 16-query mix, REPEAT times each: verbatim on
 *    PostgreSQL and (if SQLITE_DB, an archive of the same files, is given)
 *    on SQLite, with speaker, tag and month facets; plain PostgreSQL count +
 *    top 20 by ts_rank. p50 and p99.
 *    Where the server runs on this machine, the ingest's and the plain
 *    load's server CPU (each backend's), and each side's server CPU a search
 *    (/proc/PID/schedstat of its backend) and verbatim's client CPU, which
 *    the load of a shared machine moves far less than the wall time.
 * BENCH_QUERY_ONLY=1 skips 1 and 2 on a database they filled before (the
 * same archive searched by two builds in one run); BENCH_INGEST_ONLY=1 stops
 * after 2 (two builds' ingest side by side in one run). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verbatim.h"

#define REPEAT 15
#define COPY_ROWS 10000

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time a thread of this process has used, in ms. */
static double thread_cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* This process's CPU time so far (every thread), in ms. */
static double process_cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A server backend's CPU time so far, in ms, from /proc/PID/schedstat (the
 * server on this machine), -1 when it cannot be read: what the load of a
 * shared machine moves far less than wall time. */
static double backend_cpu_ms(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
  FILE *f = pid > 0 ? fopen(path, "r") : NULL;
  unsigned long long ns = 0;
  int ok = f && fscanf(f, "%llu", &ns) == 1;
  if (f) fclose(f);
  return ok ? (double)ns / 1e6 : -1;
}

/* The pid of the other client backend on this database (the store's
 * connection), 0 if not exactly one. */
static int store_backend(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                          " AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
  int pid = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : 0;
  PQclear(r);
  return pid;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static const char *const mix[] = {
    "nuclear disarmament", "\"human rights\"", "climate change", "palestin*", "refugees OR migrants",
    "apartheid -south", "\"security council\" reform", "terrorism NEAR/5 international", "kind:direct sanctions",
    "lang:en \"sustainable development\"", "speaker:baraka kalashnikov", "hizbullah OR hezbollah", "oil prices",
    "\"cold war\"", "decolonization", "pandemic vaccine*",
};
/* The same words for to_tsquery('english', …): its own syntax, no filters,
 * NEAR as a plain AND. */
static const char *const plain_mix[] = {
    "nuclear & disarmament", "human <-> rights", "climate & change", "palestin:*", "refugees | migrants",
    "apartheid & !south", "(security <-> council) & reform", "terrorism & international", "sanctions",
    "sustainable <-> development", "kalashnikov", "hizbullah | hezbollah", "oil & prices", "cold <-> war",
    "decolonization", "pandemic & vaccine:*",
};
#define NQ (sizeof mix / sizeof *mix)

static void report(const char *what, double *ms, size_t n) {
  qsort(ms, n, sizeof *ms, cmp_double);
  size_t p99 = (n * 99 + 99) / 100;
  if (p99 >= n) p99 = n - 1;
  printf("%-34s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%zu runs)\n", what, ms[n / 2], ms[p99], ms[n - 1], n);
}

typedef struct counts {
  long long statements;
  size_t failed;
} counts;

static void count_doc(void *ctx, const char *name, const vb_doc_view *v, int added, const vb_err *err) {
  counts *c = ctx;
  if (err) {
    if (!c->failed) fprintf(stderr, "first failure: %s: %s\n", name, err->msg);
    c->failed++;
  } else if (added) {
    c->statements += (long long)v->nstatements;
  }
}

static void must(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
    fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
    exit(1);
  }
  PQclear(r);
}

static double db_mb(PGconn *c, const char *what) {
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT %s", what);
  PGresult *r = PQexec(c, sql);
  double mb = PQresultStatus(r) == PGRES_TUPLES_OK ? strtod(PQgetvalue(r, 0, 0), NULL) / 1e6 : 0;
  PQclear(r);
  return mb;
}

/* A text as COPY's text format wants it: \, tab, newline, CR escaped. */
static size_t copy_escape(const char *s, char *out) {
  size_t k = 0;
  for (; *s; s++) {
    if (*s == '\\' || *s == '\t' || *s == '\n' || *s == '\r') {
      out[k++] = '\\';
      out[k++] = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : '\\';
    } else {
      out[k++] = *s;
    }
  }
  out[k++] = '\n';
  return k;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_pg LISTFILE PGURL [SQLITE_DB]\n");
    return 2;
  }
  FILE *lf = fopen(argv[1], "r");
  if (!lf) {
    perror(argv[1]);
    return 1;
  }
  size_t cap = 1024, n = 0;
  long long total = 0;
  char **paths = malloc(cap * sizeof *paths), **bytes = malloc(cap * sizeof *bytes);
  size_t *lens = malloc(cap * sizeof *lens);
  char line[4096];
  while (fgets(line, sizeof line, lf)) {
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
  fclose(lf);

  /* 1. verbatim into PostgreSQL */
  vb_store *st;
  vb_err err;
  if (vb_store_open(argv[2], 1, &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  const char *qo = getenv("BENCH_QUERY_ONLY");
  int query_only = qo && *qo && strcmp(qo, "0") != 0;
  counts cn = {0, 0};
  PGconn *c;
  if (query_only) {
    c = PQconnectdb(argv[2]);
    if (PQstatus(c) != CONNECTION_OK) {
      fprintf(stderr, "%s", PQerrorMessage(c));
      return 1;
    }
    goto queries;
  }
  /* the store's backend's CPU before the ingest: opening the archive
   * (making its schema, its triggers) is not the ingest, as making the
   * plain table is not its load */
  PGconn *c0conn = PQconnectdb(argv[2]);
  int sb0 = PQstatus(c0conn) == CONNECTION_OK ? store_backend(c0conn) : 0;
  double server0 = sb0 ? backend_cpu_ms(sb0) : -1;
  double t0 = now(), c0 = process_cpu_ms();
  vb_ingest *ing;
  const char *th = getenv("BENCH_THREADS");
  if (vb_ingest_open(st, NULL, th ? (int)strtol(th, NULL, 10) : 0, count_doc, &cn, &ing, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  for (size_t i = 0; i < n; i++) {
    if (vb_ingest_add(ing, paths[i], bytes[i], lens[i], &err)) cn.failed++;
    bytes[i] = NULL;
  }
  if (vb_ingest_close(ing, &err)) fprintf(stderr, "%s\n", err.msg);
  double tv = now() - t0, client = process_cpu_ms() - c0;
  c = c0conn;
  if (PQstatus(c) != CONNECTION_OK) {
    fprintf(stderr, "%s", PQerrorMessage(c));
    return 1;
  }
  /* the store's backend, still open: its CPU since the ingest began (since
   * it opened, when it could not be told before) */
  int sb = store_backend(c);
  double server = backend_cpu_ms(sb);
  double opening = sb && sb == sb0 && server0 >= 0 ? server0 : 0;
  if (server >= 0) server -= opening;
  printf("inputs: %zu files, %.1f MB, %lld statements, %zu failed\n", n, (double)total / 1e6, cn.statements,
         cn.failed);
  printf("verbatim ingest into PostgreSQL   %7.2f s  %6.1f MB/s  %8.0f statements/s  db %.0f MB\n", tv,
         (double)total / 1e6 / tv, (double)cn.statements / tv, db_mb(c, "pg_database_size(current_database())"));
  printf("verbatim ingest CPU: server backend %.2f s, this process %.2f s (the archive's opening before it: server"
         " %.2f s)\n",
         server / 1e3, client / 1e3, opening / 1e3);

  /* 2. plain PostgreSQL full text over the same statement texts */
  must(c, "DROP TABLE IF EXISTS plain");
  must(c, "CREATE TABLE plain(id bigserial PRIMARY KEY, text text NOT NULL,"
          " tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)");
  must(c, "CREATE INDEX plain_tsv ON plain USING gin(tsv)");
  PGresult *r = PQexec(c, "SELECT convert_from(substring(convert_to(d.body, 'UTF8') from s.start + 1 for"
                          " s.\"end\" - s.start), 'UTF8') FROM statements s JOIN documents d ON d.id = s.doc_id"
                          " ORDER BY s.id");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    fprintf(stderr, "%s", PQerrorMessage(c));
    return 1;
  }
  int ntext = PQntuples(r);
  char **texts = malloc((size_t)(ntext + 1) * sizeof *texts);
  for (int i = 0; i < ntext; i++) texts[i] = strdup(PQgetvalue(r, i, 0));
  PQclear(r);
  size_t bufcap = 1 << 20;
  char *buf = malloc(bufcap);
  t0 = now();
  double pc0 = backend_cpu_ms(PQbackendPID(c));
  for (int at = 0; at < ntext; at += COPY_ROWS) {
    must(c, "BEGIN");
    r = PQexec(c, "COPY plain(text) FROM STDIN");
    if (PQresultStatus(r) != PGRES_COPY_IN) {
      fprintf(stderr, "%s", PQerrorMessage(c));
      return 1;
    }
    PQclear(r);
    for (int i = at; i < ntext && i < at + COPY_ROWS; i++) {
      size_t need = strlen(texts[i]) * 2 + 2;
      if (need > bufcap) buf = realloc(buf, bufcap = need);
      size_t k = copy_escape(texts[i], buf);
      PQputCopyData(c, buf, (int)k);
    }
    PQputCopyEnd(c, NULL);
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      fprintf(stderr, "%s", PQerrorMessage(c));
      return 1;
    }
    PQclear(r);
    must(c, "COMMIT");
  }
  double tp = now() - t0;
  printf("plain to_tsvector('english') load %7.2f s  %6.1f MB/s  %8.0f statements/s  table %.0f MB\n", tp,
         (double)total / 1e6 / tp, (double)ntext / tp, db_mb(c, "pg_total_relation_size('plain')"));
  double pc = backend_cpu_ms(PQbackendPID(c)) - pc0;
  printf("plain load CPU: server backend %.2f s\n", pc / 1e3);
  printf("ingest speed ratio verbatim/plain: %.2f (server CPU: %.2f)\n", tp / tv, server > 0 ? pc / server : -1);
  const char *io = getenv("BENCH_INGEST_ONLY");
  if (io && *io && strcmp(io, "0") != 0) {
    PQfinish(c);
    vb_store_close(st);
    return 0;
  }
  must(c, "VACUUM ANALYZE");

queries:
  /* 3. query latency */
  vb_store *lite = NULL;
  if (argc > 3 && vb_store_open(argv[3], 0, &lite, &err)) {
    fprintf(stderr, "%s: %s\n", argv[3], err.msg);
    lite = NULL;
  }
  double *vms = malloc(NQ * REPEAT * sizeof *vms), *lms = malloc(NQ * REPEAT * sizeof *lms),
         *pms = malloc(NQ * REPEAT * sizeof *pms);
  vb_search_opts o = {.limit = 20, .sort = VB_SORT_RELEVANCE,
                     .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH};
  size_t k = 0;
  /* the server's CPU for each side's searches, and this thread's for verbatim's */
  int vpid = store_backend(c), ppid = PQbackendPID(c);
  double vcpu = backend_cpu_ms(vpid), pcpu = backend_cpu_ms(ppid), ccpu = 0;
  for (int rep = 0; rep < REPEAT; rep++)
    for (size_t q = 0; q < NQ; q++, k++) {
      double a = now(), cc = thread_cpu_ms();
      vb_results *res;
      long long tot_pg = -1, tot_lite = -1;
      if (vb_store_search(st, mix[q], &o, &res, &err) == 0) {
        tot_pg = res->total;
        vb_results_free(res);
      } else if (rep == 0) {
        printf("  %-40s error: %s\n", mix[q], err.msg);
      }
      vms[k] = (now() - a) * 1000;
      ccpu += thread_cpu_ms() - cc;
      if (lite) {
        a = now();
        if (vb_store_search(lite, mix[q], &o, &res, &err) == 0) {
          tot_lite = res->total;
          vb_results_free(res);
        }
        lms[k] = (now() - a) * 1000;
      }
      a = now();
      const char *pv[1] = {plain_mix[q]};
      PGresult *cr = PQexecParams(c, "SELECT count(*) FROM plain WHERE tsv @@ to_tsquery('english', $1)", 1, NULL,
                                  pv, NULL, NULL, 0);
      PGresult *tr = PQexecParams(c,
                                  "SELECT id, text FROM plain WHERE tsv @@ to_tsquery('english', $1)"
                                  " ORDER BY ts_rank(tsv, to_tsquery('english', $1)) DESC LIMIT 20",
                                  1, NULL, pv, NULL, NULL, 0);
      pms[k] = (now() - a) * 1000;
      if (rep == 0)
        printf("  %-40s verbatim PostgreSQL %8lld, SQLite %8lld, plain %8s hits\n", mix[q], tot_pg, tot_lite,
               PQresultStatus(cr) == PGRES_TUPLES_OK ? PQgetvalue(cr, 0, 0) : "error");
      PQclear(cr);
      PQclear(tr);
    }
  double vend = backend_cpu_ms(vpid), pend = backend_cpu_ms(ppid);
  for (size_t q = 0; q < NQ; q++) {
    double v[REPEAT], l[REPEAT], w[REPEAT];
    for (int rep = 0; rep < REPEAT; rep++) {
      v[rep] = vms[(size_t)rep * NQ + q];
      l[rep] = lite ? lms[(size_t)rep * NQ + q] : 0;
      w[rep] = pms[(size_t)rep * NQ + q];
    }
    qsort(v, REPEAT, sizeof *v, cmp_double);
    qsort(l, REPEAT, sizeof *l, cmp_double);
    qsort(w, REPEAT, sizeof *w, cmp_double);
    printf("  median %-40s PostgreSQL %8.2f ms  SQLite %8.2f ms  plain %8.2f ms\n", mix[q], v[REPEAT / 2],
           l[REPEAT / 2], w[REPEAT / 2]);
  }
  report("verbatim on PostgreSQL + facets", vms, k);
  if (lite) report("verbatim on SQLite + facets", lms, k);
  report("plain PostgreSQL count + top 20", pms, k);
  if (vcpu >= 0 && pcpu >= 0 && vend >= 0 && pend >= 0)
    printf("server CPU a search: verbatim %.2f ms, plain %.2f ms, ratio %.2f; verbatim's client CPU %.2f ms\n",
           (vend - vcpu) / (double)k, (pend - pcpu) / (double)k, (vend - vcpu) / (pend - pcpu), ccpu / (double)k);
  else
    printf("server CPU a search: not readable here (the server on another machine, or the store's backend not found)\n");
  vb_store_close(lite);
  vb_store_close(st);
  PQfinish(c);
  return 0;
}
