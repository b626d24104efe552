/* bench_pgstmt — what single statements cost a PostgreSQL backend, side by
 * side: each file's statements (SQL, several split by a line holding only
 * ";;") prepared on one connection, warmed 20 times, then run N times
 * (each statement its own round trip; PIPE=1 sends a file's statements in
 * one pipeline instead). Prints the backend's CPU a run (its
 * /proc/PID/schedstat: the server on this machine) and the wall time a
 * run, which a loaded machine moves far more.
 * usage: bench_pgstmt PGURL N FILE... */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SQL (1 << 16)
#define MAX_PARTS 16

static double backend_cpu_us(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
  FILE *f = fopen(path, "r");
  unsigned long long ns = 0;
  if (f) {
    if (fscanf(f, "%llu", &ns) != 1) ns = 0;
    fclose(f);
  }
  return (double)ns / 1e3;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int run_one(PGconn *c, const char *name) {
  PGresult *r = PQexecPrepared(c, name, 0, NULL, NULL, NULL, 0);
  int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) fprintf(stderr, "%s: %s", name, PQerrorMessage(c));
  PQclear(r);
  return ok;
}

static int run_piped(PGconn *c, const char *file, int np) {
  char name[32];
  PQenterPipelineMode(c);
  for (int i = 0; i < np; i++) {
    snprintf(name, sizeof name, "%s_%d", file, i);
    PQsendQueryPrepared(c, name, 0, NULL, NULL, NULL, 0);
  }
  PQpipelineSync(c);
  int ok = 1;
  for (;;) {
    PGresult *r = PQgetResult(c);
    if (!r) continue; /* the end of one command's results */
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_FATAL_ERROR || st == PGRES_PIPELINE_ABORTED) {
      fprintf(stderr, "%s: %s", file, PQresultErrorMessage(r));
      ok = 0;
    }
    PQclear(r);
    if (st == PGRES_PIPELINE_SYNC) break;
  }
  PQexitPipelineMode(c);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench_pgstmt PGURL N FILE...\n");
    return 2;
  }
  PGconn *c = PQconnectdb(argv[1]);
  if (PQstatus(c) != CONNECTION_OK) {
    fprintf(stderr, "%s", PQerrorMessage(c));
    return 1;
  }
  int n = (int)strtol(argv[2], NULL, 10), pid = PQbackendPID(c), pipe = getenv("PIPE") && *getenv("PIPE") == '1';
  static char sql[MAX_SQL];
  for (int fi = 3; fi < argc; fi++) {
    FILE *f = fopen(argv[fi], "r");
    if (!f) {
      perror(argv[fi]);
      return 1;
    }
    size_t k = fread(sql, 1, sizeof sql - 1, f);
    sql[k] = '\0';
    fclose(f);
    char *parts[MAX_PARTS], *s = sql, name[32], file[16];
    int np = 0;
    for (;;) {
      parts[np++] = s;
      char *e = strstr(s, "\n;;\n");
      if (!e || np == MAX_PARTS) break;
      *e = '\0';
      s = e + 4;
    }
    snprintf(file, sizeof file, "f%d", fi);
    for (int i = 0; i < np; i++) {
      snprintf(name, sizeof name, "%s_%d", file, i);
      PGresult *r = PQprepare(c, name, parts[i], 0, NULL);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s: %s", argv[fi], PQerrorMessage(c));
        return 1;
      }
      PQclear(r);
    }
    for (int w = 0; w < 20; w++)
      for (int i = 0; i < np; i++) {
        snprintf(name, sizeof name, "%s_%d", file, i);
        if (!run_one(c, name)) return 1;
      }
    double c0 = backend_cpu_us(pid), t0 = now_us();
    for (int it = 0; it < n; it++) {
      if (pipe && np > 1) {
        if (!run_piped(c, file, np)) return 1;
        continue;
      }
      for (int i = 0; i < np; i++) {
        snprintf(name, sizeof name, "%s_%d", file, i);
        if (!run_one(c, name)) return 1;
      }
    }
    const char *base = strrchr(argv[fi], '/');
    printf("%-28s backend CPU %8.1f us  wall %8.1f us  (a run of %d statement%s)\n", base ? base + 1 : argv[fi],
           (backend_cpu_us(pid) - c0) / n, (now_us() - t0) / n, np, np > 1 ? "s" : "");
  }
  PQfinish(c);
  return 0;
}
