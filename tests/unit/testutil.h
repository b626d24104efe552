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

/* The test needs the shared corpus's file rel (under SHARED_DIR): where it
 * is absent (a clean checkout without ../shared) the test is skipped and
 * says why, and the rest run. */
#define TEST_NEED_SHARED(rel)                                                                  \
  do {                                                                                         \
    if (access(SHARED_DIR "/" rel, R_OK) != 0) {                                               \
      print_message("skip: " SHARED_DIR "/" rel " is absent (no shared corpus here)\n");       \
      skip();                                                                                  \
    }                                                                                          \
  } while (0)

/* Archive tests run on both backends: tests/run.sh sets
 * $VERBATIM_TEST_BACKEND=postgres for its second pass, and tests/pg.sh names
 * a throwaway cluster in $VERBATIM_TEST_PG. */
static inline int test_on_postgres(void) {
  const char *b = getenv("VERBATIM_TEST_BACKEND");
  return b && !strcmp(b, "postgres");
}

/* The archive's integrity check (`verbatim check`) runs and finds nothing;
 * when it finds something, the test fails with its report, after what. */
static inline void test_assert_checks(vb_store *st, const char *what) {
  int problems = 0;
  char *report = NULL;
  vb_err err;
  if (vb_store_check(st, &problems, &report, &err)) fail_msg("%s: check failed: %s", what, err.msg);
  if (problems) fail_msg("%s: check says\n%s", what, report);
  free(report);
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

/* Parses texts[0 .. n) (named NAME-i.txt) and stores each in st, then
 * flushes: a fixture archive's documents. 0, or -1 (said on stderr) when
 * one does not parse, is not stored or was there already. */
static inline int test_put_texts(vb_store *st, const char *const *texts, size_t n, const char *name) {
  vb_err err;
  for (size_t i = 0; i < n; i++) {
    vb_doc *doc;
    int added = 0;
    char path[160];
    snprintf(path, sizeof path, "%.140s-%zu.txt", name, i);
    if (vb_doc_parse(texts[i], strlen(texts[i]), path, NULL, &doc, &err)) {
      fprintf(stderr, "%s: %s\n", path, err.msg);
      return -1;
    }
    int rc = vb_store_put(st, doc, &added, &err);
    vb_doc_free(doc);
    if (rc || !added) {
      fprintf(stderr, "%s: %s\n", path, rc ? err.msg : "already archived");
      return -1;
    }
  }
  if (vb_store_flush(st, &err)) {
    fprintf(stderr, "%s: %s\n", name, err.msg);
    return -1;
  }
  return 0;
}

/* Reads the file at path, parses it with lx (NULL: the built-in names)
 * and stores it in st (not flushed); its id in id and the number of
 * statements the parser made of it added to *statements (either may be
 * NULL). 0, or -1 (said on stderr) when it cannot be read or parsed, is
 * not stored or was there already. */
static inline int test_put_file(vb_store *st, const char *path, const vb_lexicon *lx, char *id,
                                int64_t *statements) {
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) {
    fprintf(stderr, "%s: %s\n", path, err.msg);
    return -1;
  }
  vb_doc *doc = NULL;
  vb_parse_opts o = {.lexicon = lx};
  int rc = vb_doc_parse(bytes, len, path, &o, &doc, &err);
  free(bytes);
  int added = 0;
  if (!rc) rc = vb_store_put(st, doc, &added, &err);
  if (rc || !added) fprintf(stderr, "%s: %s\n", path, rc ? err.msg : "already archived");
  if (!rc && id) memcpy(id, vb_doc_get(doc)->id, 65);
  if (!rc && statements) *statements += (int64_t)vb_doc_get(doc)->nstatements;
  vb_doc_free(doc);
  return rc || !added ? -1 : 0;
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

/* How many statements (docs 0) or documents (docs 1) a query finds; with
 * the entity facet, the count it gives the value `name` in *facet (-1:
 * not among its values; then *facet_low is its lowest count). */
static inline int64_t test_found(vb_store *st, const char *q, int docs, const char *name, int64_t *facet,
                                 int64_t *facet_low) {
  vb_results *r = NULL;
  vb_err err;
  vb_search_opts o = {.limit = 1, .docs = docs, .facets = name ? VB_FACET_ENTITY : 0};
  if (vb_store_search(st, q, &o, &r, &err)) fail_msg("%s: %s", q, err.msg);
  int64_t total = r->total;
  if (facet) *facet = -1;
  if (facet_low) *facet_low = -1;
  for (size_t i = 0; name && facet && i < r->nfacets[1]; i++) {
    const vb_facet *f = &r->facets[1][i];
    if (facet_low && (*facet_low < 0 || f->count < *facet_low)) *facet_low = f->count;
    if (f->value.len == strlen(name) && !memcmp(f->value.ptr, name, f->value.len) && f->count > *facet)
      *facet = f->count;
  }
  vb_results_free(r);
  return total;
}

/* Every count of the `top` most mentioned entities agrees (issue 17):
 * the listing's mentions, statements and documents are the entity page's;
 * mentions:e12 finds its statements, and with --docs its documents; the
 * entity facet of that search gives it as many statements; its name
 * leads mentions: to those statements at least (a name may lead to more
 * than one entity); mentions >= statements >= documents. Returns how many
 * entities it checked. */
static inline size_t test_counts_agree(vb_store *st, const char *when, int top) {
  vb_entity_list *l = NULL;
  vb_err err;
  if (vb_store_entities(st, NULL, -1, top, &l, &err)) fail_msg("%s: entities: %s", when, err.msg);
  for (size_t i = 0; i < l->n; i++) {
    const vb_entity_row *e = &l->entities[i];
    char what[160];
    snprintf(what, sizeof what, "%s: %s %.*s", when, e->id, (int)e->name.len, e->name.ptr);
    vb_entity_page *p = NULL;
    if (vb_store_entity(st, e->id, &p, &err)) fail_msg("%s: page: %s", what, err.msg);
    if (p->entity.mentions != e->mentions || p->entity.statements != e->statements ||
        p->entity.documents != e->documents)
      fail_msg("%s: listed %lld/%lld/%lld, its page says %lld/%lld/%lld (mentions/statements/documents)", what,
               (long long)e->mentions, (long long)e->statements, (long long)e->documents,
               (long long)p->entity.mentions, (long long)p->entity.statements, (long long)p->entity.documents);
    vb_entity_page_free(p);
    if (!(e->mentions >= e->statements && e->statements >= e->documents && e->documents >= 0))
      fail_msg("%s: %lld mentions in %lld statements of %lld documents", what, (long long)e->mentions,
               (long long)e->statements, (long long)e->documents);
    char q[300];
    snprintf(q, sizeof q, "mentions:%s", e->id);
    char name[200];
    snprintf(name, sizeof name, "%.*s", (int)e->name.len, e->name.ptr);
    int64_t facet = -1, low = -1;
    int64_t stmts = test_found(st, q, 0, name, &facet, &low), docs = test_found(st, q, 1, NULL, NULL, NULL);
    if (stmts != e->statements || docs != e->documents)
      fail_msg("%s: listed in %lld statements of %lld documents, %s finds %lld statements, %lld documents", what,
               (long long)e->statements, (long long)e->documents, q, (long long)stmts, (long long)docs);
    /* every statement found mentions it: it leads the facet, unless as
     * many others tie with it as the facet shows */
    if (stmts && facet != stmts && !(facet < 0 && low == stmts))
      fail_msg("%s: %s finds %lld statements, its entity facet gives it %lld", what, q, (long long)stmts,
               (long long)facet);
    if (!strchr(name, '"')) {
      snprintf(q, sizeof q, "mentions:\"%s\"", name);
      int64_t by_name = test_found(st, q, 0, NULL, NULL, NULL);
      if (by_name < stmts) fail_msg("%s: %s finds %lld statements, its id %lld", what, q, (long long)by_name, (long long)stmts);
    }
  }
  size_t n = l->n;
  vb_entity_list_free(l);
  return n;
}

/* The hash size an SQLite archive's full-text index is written with (its
 * FTS5 setting 'hashsize'), or -1 when it has none. */
static inline long long test_fts_hash_size(const char *path) {
  sqlite3 *db;
  sqlite3_stmt *q = NULL;
  long long v = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT v FROM statements_fts_config WHERE k = 'hashsize'", -1, &q, NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return v;
}

#endif
