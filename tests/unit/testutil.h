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

#include "verbatim.h"

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

/* The archive's typed answers as the JSON the API gives (src/json/), for
 * tests that compare or search answers as text. */
#define TEST_JSON(call, free_fn, to_json)                                    \
  do {                                                                       \
    *json = NULL;                                                            \
    int rc_ = (call);                                                        \
    if (!rc_) rc_ = to_json(r_, json, err);                                  \
    free_fn(r_);                                                             \
    return rc_;                                                              \
  } while (0)

static inline int test_speakers_json(vb_store *st, char **json, vb_err *err) {
  vb_speaker_list *r_ = NULL;
  TEST_JSON(vb_store_speakers(st, &r_, err), vb_speaker_list_free, vb_speakers_to_json);
}
static inline int test_entities_json(vb_store *st, const char *filter, int type, int limit, char **json,
                                     vb_err *err) {
  vb_entity_list *r_ = NULL;
  TEST_JSON(vb_store_entities(st, filter, type, limit, &r_, err), vb_entity_list_free, vb_entities_to_json);
}
static inline int test_entity_json(vb_store *st, const char *name, char **json, vb_err *err) {
  vb_entity_page *r_ = NULL;
  TEST_JSON(vb_store_entity(st, name, &r_, err), vb_entity_page_free, vb_entity_page_to_json);
}
static inline int test_watches_json(vb_store *st, char **json, vb_err *err) {
  vb_watch_list *r_ = NULL;
  TEST_JSON(vb_store_watches(st, &r_, err), vb_watch_list_free, vb_watches_to_json);
}
static inline int test_alerts_json(vb_store *st, const char *watch, const char *since, char **json, vb_err *err) {
  vb_alert_list *r_ = NULL;
  TEST_JSON(vb_store_alerts(st, watch, since, &r_, err), vb_alert_list_free, vb_alerts_to_json);
}
static inline int test_alerts_after(vb_store *st, int64_t after, int limit, char **json, vb_err *err) {
  vb_alert_list *r_ = NULL;
  TEST_JSON(vb_alerts_after(st, after, limit, &r_, err), vb_alert_list_free, vb_alerts_to_json);
}
static inline int test_timeline_json(vb_store *st, const char *q, int interval, int by_speaker, char **json,
                                     vb_err *err) {
  vb_timeline *r_ = NULL;
  TEST_JSON(vb_store_timeline(st, q, interval, by_speaker, &r_, err), vb_timeline_free, vb_timeline_to_json);
}
static inline int test_network_json(vb_store *st, const char *q, int max_nodes, char **json, vb_err *err) {
  vb_network *r_ = NULL;
  TEST_JSON(vb_store_network(st, q, max_nodes, &r_, err), vb_network_free, vb_network_to_json);
}
static inline int doc_to_json0(const vb_doc *d, char **json, vb_err *err) { return vb_doc_to_json(d, 0, json, err); }
static inline int test_doc_json(vb_store *st, const char *ref, char **json, vb_err *err) {
  vb_doc *r_ = NULL;
  TEST_JSON(vb_store_doc(st, ref, &r_, err), vb_doc_free, doc_to_json0);
}

#endif
