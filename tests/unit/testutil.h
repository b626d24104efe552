/* testutil — what every unit test includes: cmocka and small helpers. */
#ifndef VB_TESTUTIL_H
#define VB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

/* Path of the shared corpus, relative to the repository root (tests run
 * from there). */
#define SHARED_DIR "../shared"

/* Archive tests run on both backends: tests/run.sh sets
 * $VERBATIM_TEST_BACKEND=postgres for its second pass, and tests/pg.sh names
 * a throwaway cluster in $VERBATIM_TEST_PG. */
static inline int test_on_postgres(void) {
  const char *b = getenv("VERBATIM_TEST_BACKEND");
  return b && !strcmp(b, "postgres");
}

/* Removes an SQLite archive and its journal files. */
static inline void test_remove_sqlite(const char *path) {
  char p[512];
  unlink(path);
  snprintf(p, sizeof p, "%.500s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%.500s-shm", path);
  unlink(p);
}

/* A fresh, empty archive called name: build/NAME.db on SQLite, database
 * vbt_NAME (made anew) on PostgreSQL. Its address goes to out. */
static inline int test_archive(const char *name, char *out, size_t cap) {
  if (!test_on_postgres()) {
    snprintf(out, cap, "build/%s.db", name);
    test_remove_sqlite(out);
    return 0;
  }
  const char *base = getenv("VERBATIM_TEST_PG");
  if (!base || !*base) {
    fprintf(stderr, "VERBATIM_TEST_PG is not set: run the tests with tests/pg.sh (make test does)\n");
    return -1;
  }
  char db[128] = "vbt_";
  for (size_t i = 0, j = 4; name[i] && j + 1 < sizeof db; i++, j++) {
    char c = name[i];
    db[j] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
    db[j + 1] = '\0';
  }
  PGconn *c = PQconnectdb(base);
  if (PQstatus(c) != CONNECTION_OK) {
    fprintf(stderr, "cannot reach the test cluster: %s", PQerrorMessage(c));
    PQfinish(c);
    return -1;
  }
  char sql[256];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  PQclear(PQexec(c, sql));
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
  PGresult *r = PQexec(c, sql);
  int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
  if (rc) fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  const char *slash = strrchr(base, '/');
  snprintf(out, cap, "%.*s/%s", (int)(slash - base), base, db);
  return rc;
}

/* Runs SQL on an archive behind verbatim's back (a test's way to stage
 * what a crash would leave): lite on SQLite, post on PostgreSQL. */
static inline int test_exec(const char *archive, const char *lite, const char *post) {
  int rc = -1;
  if (test_on_postgres()) {
    PGconn *c = PQconnectdb(archive);
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, post) : NULL;
    rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc) fprintf(stderr, "%s: %s", post, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return rc;
  }
  sqlite3 *db;
  if (sqlite3_open(archive, &db) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    rc = sqlite3_exec(db, lite, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc) fprintf(stderr, "%s: %s\n", lite, sqlite3_errmsg(db));
  }
  sqlite3_close(db);
  return rc;
}

#endif
