/* The two backends side by side: the same documents ingested into SQLite
 * and into PostgreSQL (a throwaway cluster tests/pg.sh starts and names in
 * $VERBATIM_TEST_PG) hold the same counts and documents, every query of a
 * broad mix finds the same statements in both, and the timelines agree.
 * The same analysts' corrections leave the same entities in both, and
 * the same entity counts in listings, pages, mentions: and facets.
 * Random transcripts and random queries (a fixed seed) give the same
 * typed results on both, field by field, and each backend's watches catch
 * what the search finds.
 * On PostgreSQL: watches catch what search finds; three ingesters and two
 * servers (one searched, one taking documents) work one database at once
 * and every document and every alert is there once, each alert delivered
 * once; a streaming replica serves what the primary took. */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/buf.h"
#include "store/pg_int.h"
#include "store/sql.h"
#include "store/store.h"
#include "testutil.h"
#include "verbatim.h"

#define SQLITE_DB "build/test-backends.db"

static char pg_uri[512];
static vb_store *lite, *post;

static char *network_named(const char *json);
static int by_text(const void *a, const void *b);

static const char *files[64];
static size_t nfiles;

/* A fresh database of this name on the test cluster; its address in uri. */
static void fresh_database(const char *name, char *uri, size_t cap) {
  const char *base = getenv("VERBATIM_TEST_PG");
  if (!base || !*base) fail_msg("VERBATIM_TEST_PG is not set: run the tests with tests/pg.sh (make test does)");
  PGconn *c = PQconnectdb(base);
  if (PQstatus(c) != CONNECTION_OK) fail_msg("cannot reach the test cluster: %s", PQerrorMessage(c));
  char sql[256];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  PQclear(PQexec(c, sql));
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  /* the same address, another database */
  const char *slash = strrchr(base, '/');
  snprintf(uri, cap, "%.*s/%s", (int)(slash - base), base, name);
}

static void add_file(const char *path) {
  assert_true(nfiles < sizeof files / sizeof *files);
  files[nfiles++] = strdup(path);
}

static void pick_files(void) {
  add_file(SHARED_DIR "/corpus/memri/sd-10850.txt");
  const char *deb[] = {"2020_debate1_part1.txt", "2020_debate1_part2.txt", "2020_vp_part1.txt", "2020_vp_part2.txt"};
  for (size_t i = 0; i < 4; i++) {
    char p[256];
    snprintf(p, sizeof p, SHARED_DIR "/corpus/debates/%s", deb[i]);
    add_file(p);
  }
  DIR *d = opendir("tests/golden");
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n > 4 && (!strcmp(e->d_name + n - 4, ".txt") || !strcmp(e->d_name + n - 4, ".srt") ||
                  !strcmp(e->d_name + n - 4, ".vtt") || !strcmp(e->d_name + n - 5, ".html"))) {
      char p[512];
      snprintf(p, sizeof p, "tests/golden/%s", e->d_name);
      add_file(p);
    }
  }
  closedir(d);
}

static int put_file(vb_store *st, const char *path, int *added) {
  char *bytes;
  size_t len;
  vb_err err;
  *added = 0;
  if (vb_file_read(path, &bytes, &len, &err)) return err.code;
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, NULL, &doc, &err);
  free(bytes);
  if (rc) return rc;
  rc = vb_store_put(st, doc, added, &err);
  if (rc) fprintf(stderr, "%s: %s\n", path, err.msg);
  vb_doc_free(doc);
  return rc;
}

static int setup(void **state) {
  (void)state;
  pick_files();
  unlink(SQLITE_DB);
  unlink(SQLITE_DB "-wal");
  unlink(SQLITE_DB "-shm");
  fresh_database("vb_backends", pg_uri, sizeof pg_uri);
  vb_err err;
  if (vb_store_open(SQLITE_DB, 1, &lite, &err)) return -1;
  if (vb_store_open(pg_uri, 1, &post, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  for (size_t i = 0; i < nfiles; i++) {
    int a = 0, b = 0;
    if (put_file(lite, files[i], &a) || put_file(post, files[i], &b) || a != b) return -1;
  }
  return vb_store_flush(lite, &err) || vb_store_flush(post, &err);
}

static int teardown(void **state) {
  (void)state;
  vb_store_close(lite);
  vb_store_close(post);
  for (size_t i = 0; i < nfiles; i++) free((char *)files[i]);
  return 0;
}

static void same_str(const char *q, const char *field, vb_str a, vb_str b) {
  if (a.len != b.len || (a.len && memcmp(a.ptr, b.ptr, a.len)))
    fail_msg("%s: %s differs: SQLite \"%.*s\", PostgreSQL \"%.*s\"", q, field, (int)a.len, a.ptr ? a.ptr : "",
             (int)b.len, b.ptr ? b.ptr : "");
}

static void same_archive(void **state) {
  (void)state;
  vb_err err;
  int64_t a[3], b[3];
  assert_int_equal(vb_store_counts(lite, &a[0], &a[1], &a[2], &err), 0);
  assert_int_equal(vb_store_counts(post, &b[0], &b[1], &b[2], &err), 0);
  assert_true(a[0] >= 20 && a[2] > 1000);
  for (int i = 0; i < 3; i++) assert_int_equal(a[i], b[i]);
  char *x, *y;
  assert_int_equal(test_speakers_json(lite, &x, &err), 0);
  assert_int_equal(test_speakers_json(post, &y, &err), 0);
  assert_string_equal(x, y); /* the same text, line for line */
  free(x);
  free(y);
  /* a document comes back the same: its JSON is made by parsing it again */
  assert_int_equal(test_doc_json(lite, "10850", &x, &err), 0);
  assert_int_equal(test_doc_json(post, "10850", &y, &err), 0);
  assert_string_equal(x, y);
  free(x);
  free(y);
  /* the home page's overview, from the documents table of each */
  vb_overview *oa, *ob;
  assert_int_equal(vb_store_overview(lite, 0, &oa, &err), 0);
  assert_int_equal(vb_store_overview(post, 0, &ob, &err), 0);
  assert_int_equal(oa->documents, a[0]);
  assert_int_equal(oa->statements, a[2]);
  assert_true(oa->nmonths > 0);
  assert_int_equal(vb_overview_to_json(oa, &x, &err), 0);
  assert_int_equal(vb_overview_to_json(ob, &y, &err), 0);
  assert_string_equal(x, y);
  free(x);
  free(y);
  vb_overview_free(oa);
  vb_overview_free(ob);
  /* each hit's context: the same statements of its turn around it */
  vb_results *ra, *rb;
  vb_search_opts o = {.limit = 10000, .context = 2};
  assert_int_equal(vb_store_search(lite, "taxes", &o, &ra, &err), 0);
  assert_int_equal(vb_store_search(post, "taxes", &o, &rb, &err), 0);
  assert_int_equal(ra->nhits, rb->nhits);
  size_t with_context = 0;
  for (size_t i = 0; i < ra->nhits; i++) {
    const vb_hit *h = &ra->hits[i], *g = NULL;
    for (size_t j = 0; j < rb->nhits && !g; j++)
      if (!strcmp(rb->hits[j].doc, h->doc) && rb->hits[j].index == h->index) g = &rb->hits[j];
    assert_non_null(g);
    assert_int_equal(h->nbefore, g->nbefore);
    assert_int_equal(h->nafter, g->nafter);
    for (size_t k = 0; k < h->nbefore; k++) same_str("taxes", "before", h->before[k], g->before[k]);
    for (size_t k = 0; k < h->nafter; k++) same_str("taxes", "after", h->after[k], g->after[k]);
    with_context += h->nbefore + h->nafter > 0;
  }
  assert_true(with_context > 0);
  vb_results_free(ra);
  vb_results_free(rb);
  test_assert_checks(post, __func__);
}

/* The statements a query finds, as sorted "doc#index" lines. */
static char *found(vb_store *st, const char *q, int64_t *total, int *code) {
  vb_results *r;
  vb_err err;
  vb_search_opts o = {.limit = 10000};
  *code = vb_store_search(st, q, &o, &r, &err);
  if (*code) return strdup(err.msg);
  *total = r->total;
  char **lines = calloc(r->nhits + 1, sizeof *lines);
  size_t len = 1;
  for (size_t i = 0; i < r->nhits; i++) {
    char b[128];
    snprintf(b, sizeof b, "%.64s#%d", r->hits[i].doc, r->hits[i].index);
    lines[i] = strdup(b);
    len += strlen(b) + 1;
  }
  for (size_t i = 1; i < r->nhits; i++)
    for (size_t j = i; j > 0 && strcmp(lines[j], lines[j - 1]) < 0; j--) {
      char *t = lines[j];
      lines[j] = lines[j - 1];
      lines[j - 1] = t;
    }
  char *all = calloc(1, len);
  for (size_t i = 0, at = 0; i < r->nhits; i++) {
    at += (size_t)snprintf(all + at, len - at, "%s\n", lines[i]);
    free(lines[i]);
  }
  free(lines);
  vb_results_free(r);
  return all;
}

static const char *const queries[] = {
    "kalashnikov",
    "rockets",
    "Hizbullah",
    "\"prisoner swap\"",
    "\"the American people\"",
    "tax*",
    "Biden OR Trump",
    "economy -jobs",
    "(vaccine OR virus) -Trump",
    "allies NEAR/5 hizbullah",
    "president NEAR/3 united",
    "=Hamas",
    "exact:\"United States\"",
    "speaker:baraka",
    "speaker:harris climate",
    "speaker:pence -china",
    "kind:reported",
    "kind:direct speaker:baraka",
    "after:2020-10-01 before:2020-10-31 taxes",
    "date:2020-10 court",
    "lang:en fracking",
    /* beside words, kind: and lang: from SQLite's column cache */
    "taxes kind:direct",
    "taxes -kind:direct",
    "rockets -lang:en",
    "rockets (kind:indirect OR lang:ar)",
    "doc:10850 russia",
    "إيران",
    "the",
    "al-Aqsa",
    "Müller OR muller",
    "iran*",
    "mentions:hezbollah",
    "mentions:iran",
    "mentions:\"the United States\"",
    "mentions:إيران russia",
    "type:person kalashnikov",
    "type:place -mentions:israel",
    "mentions:nobody-at-all",
};

static void same_statements(void **state) {
  (void)state;
  size_t nonempty = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    int64_t ta = -1, tb = -2;
    int ca, cb;
    char *a = found(lite, queries[i], &ta, &ca), *b = found(post, queries[i], &tb, &cb);
    if (ca != cb) fail_msg("%s: SQLite says %d (%s), PostgreSQL %d (%s)", queries[i], ca, a, cb, b);
    if (!ca) {
      if (strcmp(a, b)) fail_msg("%s:\nSQLite found\n%.2000s\nPostgreSQL found\n%.2000s", queries[i], a, b);
      assert_int_equal(ta, tb);
      nonempty += a[0] != '\0';
    }
    free(a);
    free(b);
  }
  assert_true(nonempty >= 20); /* the mix finds something almost everywhere */
}

/* The first ten hits of a statement search as "doc#index" lines, sorted. */
static char *top_ten(vb_store *st, const char *q, size_t *n) {
  vb_results *r;
  vb_err err;
  vb_search_opts o = {.limit = 10};
  if (vb_store_search(st, q, &o, &r, &err)) fail_msg("%s: %s", q, err.msg);
  char *out = calloc(r->nhits + 1, 96);
  char **lines = calloc(r->nhits + 1, sizeof *lines);
  for (size_t i = 0; i < r->nhits; i++) {
    lines[i] = malloc(96);
    snprintf(lines[i], 96, "%s#%d", r->hits[i].doc, (int)r->hits[i].index);
  }
  qsort(lines, r->nhits, sizeof *lines, by_text);
  for (size_t i = 0; i < r->nhits; i++) {
    strcat(out, lines[i]);
    strcat(out, "\n");
    free(lines[i]);
  }
  free(lines);
  *n = r->nhits;
  vb_results_free(r);
  return out;
}

/* Ranking: PostgreSQL ranks with ts_rank normalised by the log of length,
 * SQLite with BM25; over a mix of one- and two-word queries, most of
 * SQLite's first ten are PostgreSQL's first ten too (146 of 162;
 * ts_rank_cd normalised by length 150, at twice the cost; ts_rank without
 * normalisation shared 53% of them). */
static void rankings_close(void **state) {
  (void)state;
  static const char *const q[] = {"taxes", "\"health care\"", "court", "supreme court", "jobs", "china",
                                  "police", "\"law and order\"", "climate", "military", "hamas", "vaccine",
                                  "economy", "president", "joe biden", "rockets", "peace", "women"};
  size_t common = 0, total = 0;
  for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
    size_t na, nb;
    char *a = top_ten(lite, q[i], &na), *b = top_ten(post, q[i], &nb);
    assert_int_equal(na, nb);
    total += na;
    for (char *line = a, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
      *nl = '\0';
      char probe[100];
      snprintf(probe, sizeof probe, "%s\n", line);
      common += strstr(b, probe) != NULL;
    }
    free(a);
    free(b);
  }
  assert_true(total >= 100);
  print_message("# first ten shared by both backends: %zu of %zu\n", common, total);
  if (common * 10 < total * 8) fail_msg("only %zu of %zu of the first ten hits agree", common, total);
}

static void paging_sorting_facets(void **state) {
  (void)state;
  vb_results *r;
  vb_err err;
  vb_search_opts o = {.limit = 5, .offset = 3, .sort = VB_SORT_DATE,
                      .facets = VB_FACET_SPEAKER | VB_FACET_MONTH | VB_FACET_ENTITY};
  int rc = vb_store_search(post, "taxes", &o, &r, &err);
  if (rc) fail_msg("%s", err.msg);
  assert_int_equal(r->nhits, 5);
  for (size_t i = 1; i < r->nhits; i++) assert_true(strcmp(r->hits[i - 1].date.ptr ? r->hits[i - 1].date.ptr : "", r->hits[i].date.ptr ? r->hits[i].date.ptr : "") >= 0);
  assert_true(r->nfacets[0] > 0 && r->nfacets[3] > 0);
  vb_results *l;
  assert_int_equal(vb_store_search(lite, "taxes", &o, &l, &err), 0);
  assert_int_equal(l->total, r->total);
  /* the same speakers counted the same */
  assert_int_equal(l->nfacets[0], r->nfacets[0]);
  for (size_t i = 0; i < r->nfacets[0]; i++) assert_int_equal(l->facets[0][i].count, r->facets[0][i].count);
  /* and the same entities */
  assert_true(r->nfacets[1] > 0);
  assert_int_equal(l->nfacets[1], r->nfacets[1]);
  for (size_t i = 0; i < r->nfacets[1]; i++) assert_int_equal(l->facets[1][i].count, r->facets[1][i].count);
  vb_results_free(l);
  vb_results_free(r);
  /* one hit per document */
  vb_search_opts d = {.limit = 100, .docs = 1};
  assert_int_equal(vb_store_search(post, "the", &d, &r, &err), 0);
  assert_int_equal(vb_store_search(lite, "the", &d, &l, &err), 0);
  assert_int_equal(r->total, l->total);
  for (size_t i = 0; i < r->nhits; i++)
    for (size_t j = i + 1; j < r->nhits; j++) assert_string_not_equal(r->hits[i].doc, r->hits[j].doc);
  vb_results_free(l);
  vb_results_free(r);
  /* the timeline: the same buckets from both */
  const char *tq[] = {"taxes", "speaker:pence", "kalashnikov OR hizbullah"};
  for (size_t i = 0; i < 3; i++)
    for (int iv = VB_INTERVAL_DAY; iv <= VB_INTERVAL_MONTH; iv++)
      for (int by = 0; by < 2; by++) {
        char *x, *y;
        assert_int_equal(test_timeline_json(lite, tq[i], iv, by, &x, &err), 0);
        assert_int_equal(test_timeline_json(post, tq[i], iv, by, &y, &err), 0);
        assert_string_equal(x, y);
        if (i == 2) assert_non_null(strstr(x, "\"count\"")); /* the seed is dated; the debates are not */
        free(x);
        free(y);
      }
  /* the network: the same nodes and edges from both, named (ids differ) */
  const char *nq[] = {"hamas", "kalashnikov OR hizbullah", "iran OR israel"};
  for (size_t i = 0; i < 3; i++) {
    char *x, *y;
    assert_int_equal(test_network_json(lite, nq[i], 500, &x, &err), 0);
    assert_int_equal(test_network_json(post, nq[i], 500, &y, &err), 0);
    char *nx = network_named(x), *ny = network_named(y);
    if (strcmp(nx, ny)) fail_msg("network %s:\nSQLite %s\nPostgreSQL %s", nq[i], nx, ny);
    assert_non_null(strstr(nx, "co-mention"));
    assert_non_null(strstr(nx, "speaks-of"));
    free(nx);
    free(ny);
    free(x);
    free(y);
  }
  /* the entity listings, the same from both */
  const char *filters[] = {NULL, "hizbullah", "iran", "united"};
  for (size_t i = 0; i < 4; i++) {
    char *x, *y;
    assert_int_equal(test_entities_json(lite, filters[i], -1, 50, &x, &err), 0);
    assert_int_equal(test_entities_json(post, filters[i], -1, 50, &y, &err), 0);
    assert_string_equal(x, y);
    assert_true(strlen(x) > 2);
    free(x);
    free(y);
  }
  const char *names[] = {"Hezbollah", "Baraka", "إيران", "Russia Today"};
  for (size_t i = 0; i < 4; i++) {
    char *x, *y;
    assert_int_equal(test_entity_json(lite, names[i], &x, &err), 0);
    assert_int_equal(test_entity_json(post, names[i], &y, &err), 0);
    json_t *jx = json_loads(x, 0, NULL), *jy = json_loads(y, 0, NULL);
    json_object_del(jx, "id"); /* numbered by each archive */
    json_object_del(jy, "id");
    if (!json_equal(jx, jy)) fail_msg("%s:\nSQLite %s\nPostgreSQL %s", names[i], x, y);
    json_decref(jx);
    json_decref(jy);
    free(x);
    free(y);
  }
}

/* A number from the PostgreSQL archive, read behind the library's back. */
static long long pg_number(const char *sql) {
  PGconn *c = PQconnectdb(pg_uri);
  if (PQstatus(c) != CONNECTION_OK) fail_msg("cannot reach the archive: %s", PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
    fail_msg("%s: %s", sql, PQerrorMessage(c));
  long long n = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
  PQclear(r);
  PQfinish(c);
  return n;
}

/* Entity JSON without the ids, which each archive numbers its own way. */
static json_t *without_ids(const char *json) {
  json_t *j = json_loads(json, 0, NULL);
  assert_non_null(j);
  json_object_del(j, "id");
  for (size_t i = 0; i < json_array_size(j); i++) json_object_del(json_array_get(j, i), "id");
  return j;
}

/* The listings for these filters and names say the same on both; an
 * entity neither knows is refused by both; on each, the most mentioned
 * entities' counts agree in the listing, on their pages, in mentions:
 * and in the entity facet. */
static void same_entities(const char *when) {
  test_counts_agree(lite, when, 40);
  test_counts_agree(post, when, 40);
  static const char *const filters[] = {NULL, "hamas", "biden", "kamala", "obama", "barrett", "cleveland", "Islamic Resistance Movement", "galilee"};
  static const char *const names[] = {"Hamas", "Joe Biden", "Biden", "Kamala Harris", "Kamala", "Barack Obama", "Obama",
                                      "Amy Coney Barrett", "Barrett", "Cleveland Clinic", "Islamic Resistance Movement", "Hezbollah", "Galilee"};
  vb_err err;
  for (size_t i = 0; i < sizeof filters / sizeof *filters; i++) {
    char *x, *y;
    assert_int_equal(test_entities_json(lite, filters[i], -1, 200, &x, &err), 0);
    assert_int_equal(test_entities_json(post, filters[i], -1, 200, &y, &err), 0);
    json_t *jx = without_ids(x), *jy = without_ids(y);
    if (!json_equal(jx, jy)) fail_msg("%s, entities %s:\nSQLite %.3000s\nPostgreSQL %.3000s", when, filters[i] ? filters[i] : "(all)", x, y);
    json_decref(jx);
    json_decref(jy);
    free(x);
    free(y);
  }
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char *x = NULL, *y = NULL;
    int a = test_entity_json(lite, names[i], &x, &err), b = test_entity_json(post, names[i], &y, &err);
    if (a != b) fail_msg("%s, entity %s: SQLite says %d, PostgreSQL %d (%s)", when, names[i], a, b, err.msg);
    if (!a) {
      json_t *jx = without_ids(x), *jy = without_ids(y);
      if (!json_equal(jx, jy)) {
        fprintf(stderr, "SQLite %s\nPostgreSQL %s\n", x, y);
        fail_msg("%s, entity %s: the two differ", when, names[i]);
      }
      json_decref(jx);
      json_decref(jy);
    }
    free(x);
    free(y);
  }
}

/* The same correction on both backends: both succeed, or both refuse it
 * with the same code. */
static int fix_both(vb_fix op, const char *a, const char *const *args, size_t nargs, char *msg, size_t cap) {
  vb_err ea, eb;
  int x = vb_store_entity_fix(lite, op, a, args, nargs, &ea), y = vb_store_entity_fix(post, op, a, args, nargs, &eb);
  if (x != y) fail_msg("correction %d %s: SQLite says %d (%s), PostgreSQL %d (%s)", (int)op, a, x, x ? ea.msg : "",
                       y, y ? eb.msg : "");
  if (msg) snprintf(msg, cap, "%s", y ? eb.msg : "");
  char when[128];
  snprintf(when, sizeof when, "after correction %d %s", (int)op, a);
  same_entities(when);
  return x;
}

/* A field of one entity's JSON in this archive. */
static json_t *entity_of(vb_store *st, const char *name) {
  char *out;
  vb_err err;
  if (test_entity_json(st, name, &out, &err)) return NULL;
  json_t *j = json_loads(out, 0, NULL);
  free(out);
  return j;
}

static const char *name_of(json_t *e) { return json_string_value(json_object_get(e, "name")); }
static long long mentions_of(json_t *e) { return (long long)json_integer_value(json_object_get(e, "mentions")); }

static int has_alias(json_t *e, const char *alias) {
  json_t *arr = json_object_get(e, "aliases");
  for (size_t i = 0; i < json_array_size(arr); i++)
    if (!strcmp(json_string_value(json_array_get(arr, i)), alias)) return 1;
  return 0;
}

/* The id one archive gives the entity named exactly `name`. */
static void id_of(vb_store *st, const char *name, char *id, size_t cap) {
  char *out;
  vb_err err;
  id[0] = '\0';
  assert_int_equal(test_entities_json(st, name, -1, 200, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  for (size_t i = 0; i < json_array_size(arr); i++)
    if (!strcmp(name_of(json_array_get(arr, i)), name))
      snprintf(id, cap, "%s", json_string_value(json_object_get(json_array_get(arr, i), "id")));
  json_decref(arr);
  assert_true(id[0] != '\0');
}

/* The entity named exactly `name` (by name, the most mentioned entity
 * answering to it would come back). */
static json_t *entity_named(vb_store *st, const char *name) {
  char id[32];
  id_of(st, name, id, sizeof id);
  return entity_of(st, id);
}

/* Spelling `s` of entity `name` becomes an entity of its own (op: split
 * or alias rm), on both: the mentions spelled so move to it. */
static void split_off(vb_fix op, const char *name, const char *s) {
  json_t *e = entity_of(post, name);
  long long before = mentions_of(e);
  json_decref(e);
  assert_int_equal(fix_both(op, name, (const char *const[]){s}, 1, NULL, 0), 0);
  json_t *x = entity_named(post, s);
  e = entity_of(post, name);
  assert_string_equal(name_of(x), s);
  assert_string_equal(name_of(e), name);
  assert_false(has_alias(e, s));
  assert_true(mentions_of(x) > 0 && mentions_of(e) > 0);
  assert_int_equal(mentions_of(x) + mentions_of(e), before);
  json_decref(x);
  json_decref(e);
}

/* A document written for the test, parsed as `verbatim ingest` parses it
 * for this archive (with its corrections) or, lexicon_too 0, with the
 * built-in lexicon alone (a process that has not seen the corrections). */
static void put_text(vb_store *st, const char *name, const char *text, int corrected) {
  vb_lexicon *lx = NULL;
  vb_err err;
  if (corrected) assert_int_equal(vb_store_lexicon(st, &lx, &err), 0);
  vb_parse_opts o = {.format = VB_FMT_AUTO, .lexicon = lx};
  vb_doc *doc;
  assert_int_equal(vb_doc_parse(text, strlen(text), name, &o, &doc, &err), 0);
  int added = 0;
  if (vb_store_put(st, doc, &added, &err)) fail_msg("%s: %s", name, err.msg);
  assert_true(added);
  vb_doc_free(doc);
  vb_lexicon_free(lx);
  assert_int_equal(vb_store_flush(st, &err), 0);
}

static void same_search(const char *q, int64_t expect) {
  int64_t ta = -1, tb = -2;
  int ca, cb;
  char *a = found(lite, q, &ta, &ca), *b = found(post, q, &tb, &cb);
  assert_int_equal(ca, 0);
  assert_int_equal(cb, 0);
  if (strcmp(a, b)) fail_msg("%s:\nSQLite found\n%.2000s\nPostgreSQL found\n%.2000s", q, a, b);
  assert_int_equal(ta, tb);
  if (expect >= 0 && ta != expect) fail_msg("%s: %lld statements, not %lld", q, (long long)ta, (long long)expect);
  free(a);
  free(b);
}

static int64_t hits_of(vb_store *st, const char *q) {
  int64_t total = -1;
  int code;
  free(found(st, q, &total, &code));
  assert_int_equal(code, 0);
  return total;
}

/* A query word leaves out its written form while every document is in a
 * stemmed language: a search connection opened before another connection
 * stores a document in a new language, then one in none (its words are
 * indexed as written only), finds both at once, on each backend. */
static void languages_followed_across_connections(void **state) {
  (void)state;
  char uri[512];
  fresh_database("vb_langs", uri, sizeof uri);
  test_remove_sqlite("build/test-langs.db");
  const char *uris[2] = {"build/test-langs.db", uri};
  for (int b = 0; b < 2; b++) {
    vb_store *writer, *searcher;
    vb_err err;
    assert_int_equal(vb_store_open(uris[b], 1, &writer, &err), 0);
    put_text(writer, "forests-en.txt",
             "The forests of the north and the rivers of the south are to be kept. The forests that we keep are old.",
             0);
    assert_int_equal(vb_store_open(uris[b], 0, &searcher, &err), 0);
    int64_t english = hits_of(searcher, "forests");
    assert_true(english >= 1);
    assert_int_equal(hits_of(searcher, "nationales"), 0);
    put_text(writer, "forets-fr.txt",
             "Les forets nationales et les rivieres de la France sont une richesse que le pays garde. Les forets "
             "nationales et les lacs sont a nous.",
             0);
    /* French stems nationales to national: a French statement holds
     * "|fr|national", which no English form of the word meets */
    assert_true(hits_of(searcher, "nationales") >= 1);
    put_text(writer, "no-language.txt", "Zanzibar forests onerror.\n\nZanzibar forests onerror again.", 0);
    assert_true(hits_of(searcher, "zanzibar") >= 1);
    assert_true(hits_of(searcher, "onerror") >= 1);
    assert_true(hits_of(searcher, "forests") > english);
    /* the writer's own connection too, and one opened afresh */
    assert_true(hits_of(writer, "zanzibar") >= 1);
    vb_store *fresh;
    assert_int_equal(vb_store_open(uris[b], 0, &fresh, &err), 0);
    assert_int_equal(hits_of(fresh, "forests"), hits_of(searcher, "forests"));
    vb_store_close(fresh);
    vb_store_close(searcher);
    vb_store_close(writer);
  }
}

/* Runs sql on the database at uri, behind the library's back. */
static void run_on(const char *uri, const char *sql) {
  PGconn *c = PQconnectdb(uri);
  if (PQstatus(c) != CONNECTION_OK) fail_msg("cannot reach %s: %s", uri, PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
}

static int64_t version_of(vb_store *st) {
  int64_t v = 0;
  vb_err err;
  if (vb_store_version(st, &v, &err)) fail_msg("version: %s", err.msg);
  return v;
}

/* The archive's version, which a server's caches live by, moves with the
 * archive's own changes seen from another connection (a document, a
 * watch) and with nothing else: on PostgreSQL, transactions in another
 * database of the cluster, which move the cluster's transaction numbers
 * as autovacuum does, leave it where it was. */
static void version_moves_with_the_archive_only(void **state) {
  (void)state;
  char uri[512], elsewhere[512];
  fresh_database("vb_version", uri, sizeof uri);
  fresh_database("vb_elsewhere", elsewhere, sizeof elsewhere);
  run_on(elsewhere, "CREATE TABLE busy(n integer)");
  test_remove_sqlite("build/test-version.db");
  const char *uris[2] = {"build/test-version.db", uri};
  for (int b = 0; b < 2; b++) {
    vb_store *writer, *reader;
    vb_err err;
    assert_int_equal(vb_store_open(uris[b], 1, &writer, &err), 0);
    put_text(writer, "first.txt", "Anna Kovac: The river is high this spring.\n\nAnna Kovac: The bridge holds.", 0);
    assert_int_equal(vb_store_open(uris[b], 0, &reader, &err), 0);
    int64_t v = version_of(reader);
    assert_int_equal(version_of(reader), v);
    for (int i = 0; i < 5; i++) run_on(elsewhere, "INSERT INTO busy VALUES (1)");
    run_on(elsewhere, "VACUUM ANALYZE busy");
    assert_int_equal(version_of(reader), v);
    put_text(writer, "second.txt", "Omar Lind: The harbour is closed for the winter.", 0);
    int64_t after_put = version_of(reader);
    assert_int_not_equal(after_put, v);
    assert_int_equal(vb_watch_add(writer, "harbour", "harbour", NULL, NULL, &err), 0);
    assert_int_not_equal(version_of(reader), after_put);
    vb_store_close(reader);
    vb_store_close(writer);
  }
}

/* Tables of the archive that no trigger keeps the version for: their
 * writes would leave the server's caches answering from before them. */
static long long tables_without_version_trigger(const char *uri) {
  PGconn *c = PQconnectdb(uri);
  if (PQstatus(c) != CONNECTION_OK) fail_msg("cannot reach %s: %s", uri, PQerrorMessage(c));
  PGresult *r = PQexec(c, "SELECT count(*), string_agg(t.tablename, ' ') FROM pg_tables t"
                          " WHERE t.schemaname = current_schema() AND t.tablename <> 'archive_version'"
                          " AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgname = 'verbatim_changed'"
                          " AND g.tgrelid = format('%I', t.tablename)::regclass)");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) fail_msg("triggers: %s", PQerrorMessage(c));
  long long n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  if (n) print_message("without the trigger: %s\n", PQgetvalue(r, 0, 1));
  PQclear(r);
  PQfinish(c);
  return n;
}

/* Every table of a PostgreSQL archive raises the version when written:
 * those of a new archive, and a table a later schema adds to an archive
 * that has its version already (made here by hand, as a migration would)
 * once it is next opened on the primary, as schema migrations are. */
static void every_table_moves_the_version(void **state) {
  (void)state;
  char uri[512];
  fresh_database("vb_triggers", uri, sizeof uri);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(uri, 1, &st, &err), 0);
  put_text(st, "first.txt", "Anna Kovac: The river is high this spring.", 0);
  vb_store_close(st);
  assert_int_equal(tables_without_version_trigger(uri), 0);
  run_on(uri, "CREATE TABLE later_schema(n integer)");
  assert_int_equal(tables_without_version_trigger(uri), 1);
  assert_int_equal(vb_store_open(uri, 0, &st, &err), 0);
  assert_int_equal(tables_without_version_trigger(uri), 0);
  int64_t v = version_of(st);
  run_on(uri, "INSERT INTO later_schema VALUES (1)");
  assert_int_not_equal(version_of(st), v);
  vb_store_close(st);
}

/* A PostgreSQL connection keeps its words' cost estimates (pg_search.c)
 * a minute: forty words estimated again send no EXPLAIN, only the
 * languages' read each estimate makes. A slot by the hash alone had
 * words evict one another in turn. */
static void cost_estimates_kept(void **state) {
  (void)state;
  static const char *const words[] = {
      "river",   "bridge",  "harbour", "winter",  "spring",   "ferry",   "market", "school",  "doctor",  "council",
      "nuclear", "climate", "refugee", "oil",     "price",    "war",     "peace",  "treaty",  "border",  "trade",
      "water",   "energy",  "health",  "famine",  "election", "reform",  "court",  "budget",  "tax",     "army",
      "village", "city",    "road",    "railway", "port",     "airport", "forest", "drought", "flood",   "storm"};
  size_t n = sizeof words / sizeof *words;
  pg *p = post->reader ? post->reader : post->impl;
  vb_err err;
  double rows;
  for (int round = 0; round < 2; round++) {
    unsigned long before = p->sent;
    for (size_t i = 0; i < n; i++) assert_int_equal(vb_store_query_estimate(post, words[i], &rows, &err), 0);
    if (round) assert_int_equal(p->sent - before, n);
  }
}

/* One text value of a query run on the database at uri, behind the
 * library's back ("" for NULL). */
static void value_on(const char *uri, const char *sql, char *out, size_t cap) {
  PGconn *c = PQconnectdb(uri);
  if (PQstatus(c) != CONNECTION_OK) fail_msg("cannot reach %s: %s", uri, PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) fail_msg("%s: %s", sql, PQerrorMessage(c));
  snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  PQfinish(c);
}

/* A long speech of n paragraphs whose one sentence of its own is about
 * the ferry at Zürich; the rest repeats (what a compressor takes most of). */
static char *long_speech(int n) {
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "Anna Kovac: ");
  for (int i = 0; i < n; i++) {
    if (i == n / 2) vb_buf_adds(&b, "The ferry to Z\xc3\xbcrich sails at dawn on Sundays. ");
    vb_buf_adds(&b, "The river is high this spring and the bridge holds. ");
    if (i % 10 == 9) vb_buf_adds(&b, "\n\nAnna Kovac: ");
  }
  vb_buf_addc(&b, '\n');
  assert_false(b.failed);
  return b.ptr;
}

/* A PostgreSQL archive keeps its documents' bodies uncompressed
 * (STORAGE EXTERNAL): a hit's text is a span of its body, which a
 * compressed body gave only by decompressing it whole (pg.c). A new
 * archive's long body is stored so, its hit's text read from it is the
 * sentence, accents and all; an archive whose column was compressing
 * (as every one made before) is set so when opened on the primary. */
static void bodies_kept_uncompressed(void **state) {
  (void)state;
  char uri[512], v[64];
  fresh_database("vb_bodies", uri, sizeof uri);
  /* the column's storage, the newest body's compression and whether it is long */
  const char *check = "SELECT attstorage::text || ' ' || (SELECT coalesce(pg_column_compression(body), 'none') || ' '"
                      " || (octet_length(body) > 4000)::text FROM documents ORDER BY id DESC LIMIT 1)"
                      " FROM pg_attribute WHERE attrelid = 'documents'::regclass AND attname = 'body'";
  for (int round = 0; round < 2; round++) {
    vb_store *st;
    vb_err err;
    assert_int_equal(vb_store_open(uri, 1, &st, &err), 0);
    char *text = long_speech(200 + round);
    put_text(st, round ? "second.txt" : "first.txt", text, 0);
    free(text);
    value_on(uri, check, v, sizeof v);
    assert_string_equal(v, "e none true");
    vb_results *r;
    vb_search_opts o = {.limit = 10};
    assert_int_equal(vb_store_search(st, "ferry", &o, &r, &err), 0);
    assert_int_equal(r->total, round + 1);
    for (size_t i = 0; i < r->nhits; i++)
      assert_string_equal(r->hits[i].text.ptr, "The ferry to Z\xc3\xbcrich sails at dawn on Sundays.");
    vb_results_free(r);
    vb_store_close(st);
    /* as an archive made before: compressing (the bodies it has stay) */
    if (!round) {
      run_on(uri, "ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTENDED");
      value_on(uri, check, v, sizeof v);
      assert_string_equal(v, "x none true");
    }
  }
}

/* Who the speakers list names, on each backend: a label that names no one
 * ("Question", "Remark") is a speaker of its own document only, so two
 * press conferences' questioners are two rows of one document each (they
 * were one row, a "person" with every questioner's words), and
 * speaker:question still finds them all; a person named only in what
 * others report has no row (it was listed with 0 statements). */
static void speakers_of_their_own_document(void **state) {
  (void)state;
  char uri[512];
  fresh_database("vb_anonymous", uri, sizeof uri);
  test_remove_sqlite("build/test-anonymous.db");
  const char *uris[2] = {"build/test-anonymous.db", uri};
  for (int b = 0; b < 2; b++) {
    vb_store *st;
    vb_err err;
    assert_int_equal(vb_store_open(uris[b], 1, &st, &err), 0);
    put_text(st, "briefing-1.txt",
             "Question: When will the bridge at Tarnow open?\n\n"
             "Anna Kovac: In the spring, when the river is low.\n\n"
             "Question: And the ferry?\n\nAnna Kovac: It runs until then.\n",
             0);
    put_text(st, "briefing-2.txt",
             "Question: Is the harbour at Ostrava closed?\n\n"
             "Anna Kovac: For the winter.\n",
             0);
    put_text(st, "harbour.txt",
             "The harbour at Ostrava is closed for the winter, the port authority announced on Monday. Omar Lind, "
             "the harbour master, said that the harbour would reopen in March.\n\nShips wait at Gdansk.\n",
             0);
    vb_speaker_list *l;
    assert_int_equal(vb_store_speakers(st, &l, &err), 0);
    int questioners = 0, kovac = 0;
    for (size_t i = 0; i < l->n; i++) {
      const vb_speaker_row *r = &l->speakers[i];
      if (r->name.len == 8 && !memcmp(r->name.ptr, "Question", 8)) {
        questioners++;
        assert_int_equal(r->documents, 1);
      } else if (r->name.len == 10 && !memcmp(r->name.ptr, "Anna Kovac", 10)) {
        kovac++;
        assert_int_equal(r->documents, 2);
        assert_int_equal(r->statements, 3);
      }
      if (r->statements == 0) fail_msg("%s: %.*s is listed with no statement", uris[b], (int)r->name.len, r->name.ptr);
    }
    if (questioners != 2) fail_msg("%s: %d rows for Question, not 2", uris[b], questioners);
    assert_int_equal(kovac, 1);
    /* /health and the home page count the speakers the list names (they
     * counted every row: Omar Lind, only reported, too) */
    int64_t docs = 0, speakers = 0, said = 0;
    assert_int_equal(vb_store_counts(st, &docs, &speakers, &said, &err), 0);
    if (speakers != (int64_t)l->n) fail_msg("%s: %lld speakers counted, %zu listed", uris[b], (long long)speakers, l->n);
    vb_overview *ov = NULL;
    assert_int_equal(vb_store_overview(st, 1, &ov, &err), 0);
    if (ov->speakers != (int64_t)l->n)
      fail_msg("%s: the overview counts %lld speakers, %zu listed", uris[b], (long long)ov->speakers, l->n);
    vb_overview_free(ov);
    vb_speaker_list_free(l);
    assert_int_equal(hits_of(st, "speaker:question"), 3);
    int64_t statements = 0, documents = 0;
    assert_int_equal(vb_store_speaker_counts(st, "Question", &statements, &documents, &err), 0);
    assert_int_equal(statements, 3);
    assert_int_equal(documents, 2);
    vb_store_close(st);
  }
}

/* Analysts' corrections on both backends: the PostgreSQL archive (made at
 * schema 3, before mentions kept their spelling) migrates, and the same
 * corrections leave the same entities, mentions and search results in
 * both; refused corrections change nothing; documents ingested afterwards
 * follow the corrections, whether parsed with them or not. */
static void corrections_on_both(void **state) {
  (void)state;
  vb_err err;
  /* the PostgreSQL archive as schema 3 left it: mentions without keys */
  vb_store_close(post);
  post = NULL;
  pg_number("ALTER TABLE mentions DROP COLUMN key");
  pg_number("UPDATE verbatim_schema SET version = 3");
  assert_int_equal(vb_store_open(pg_uri, 0, &post, &err), 0);
  assert_int_equal(pg_number("SELECT max(version) FROM verbatim_schema"), 8);
  assert_true(pg_number("SELECT count(*) FROM mentions WHERE key IS NULL") > 1000);
  same_entities("before any correction");
  json_t *e = entity_of(post, "Barrett");
  long long barrett_before = mentions_of(e);
  json_decref(e);
  int64_t tb = 0;
  int code;
  free(found(post, "mentions:Barrett", &tb, &code));
  assert_int_equal(code, 0);

  /* rename: the name changes, every mention stays; the first correction
   * gives the old mentions their keys */
  e = entity_of(post, "Biden");
  long long biden_before = mentions_of(e); /* from the parser, not written here */
  json_decref(e);
  assert_true(biden_before > 0);
  const char *jrb[] = {"Joseph R. Biden"};
  assert_int_equal(fix_both(VB_FIX_RENAME, "Joe Biden", jrb, 1, NULL, 0), 0);
  assert_int_equal(pg_number("SELECT count(*) FROM mentions WHERE key IS NULL"), 0);
  e = entity_of(post, "Biden");
  assert_string_equal(name_of(e), "Joseph R. Biden");
  assert_int_equal(mentions_of(e), biden_before);
  assert_true(has_alias(e, "Joe Biden"));
  json_decref(e);

  /* alias add: a spelling no document used yet means Hamas */
  const char *irm[] = {"Islamic Resistance Movement"};
  assert_int_equal(fix_both(VB_FIX_ALIAS_ADD, "Hamas", irm, 1, NULL, 0), 0);
  e = entity_of(post, "Islamic Resistance Movement");
  assert_string_equal(name_of(e), "Hamas");
  long long hamas = mentions_of(e);
  json_decref(e);

  /* alias rm: "Kamala" is not Kamala Harris; split: "Obama" alone is
   * someone else */
  split_off(VB_FIX_ALIAS_RM, "Kamala Harris", "Kamala");
  split_off(VB_FIX_SPLIT, "Barack Obama", "Obama");

  /* merge: the entity named just "Barrett" is Amy Coney Barrett (named by
   * id: by name "Barrett" is Amy Coney Barrett already) */
  char la[32], pa[32];
  id_of(lite, "Barrett", la, sizeof la);
  id_of(post, "Barrett", pa, sizeof pa);
  vb_err ea, eb;
  assert_int_equal(vb_store_entity_fix(lite, VB_FIX_MERGE, "Amy Coney Barrett", (const char *const[]){la}, 1, &ea), 0);
  assert_int_equal(vb_store_entity_fix(post, VB_FIX_MERGE, "Amy Coney Barrett", (const char *const[]){pa}, 1, &eb), 0);
  same_entities("after merging Barrett");
  e = entity_of(post, "Barrett");
  assert_string_equal(name_of(e), "Amy Coney Barrett");
  assert_true(mentions_of(e) > barrett_before);
  json_decref(e);
  char *out;
  assert_int_equal(test_entities_json(post, "barrett", -1, 50, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  assert_int_equal(json_array_size(arr), 1);
  json_decref(arr);
  /* mentions: finds the same statements in both, no fewer than before */
  same_search("mentions:Barrett", tb);
  same_search("mentions:\"Amy Coney Barrett\"", tb);

  /* reject: "Cleveland Clinic" is no entity an analyst wants */
  assert_non_null(e = entity_of(post, "Cleveland Clinic"));
  json_decref(e);
  assert_int_equal(fix_both(VB_FIX_REJECT, "Cleveland Clinic", NULL, 0, NULL, 0), 0);
  assert_null(entity_of(post, "Cleveland Clinic"));
  assert_int_equal(pg_number("SELECT count(*) FROM mentions WHERE key = 'clavalandclanac'"), 0);
  /* and "Galilee", which the seed names */
  assert_non_null(e = entity_of(post, "Galilee"));
  json_decref(e);
  assert_int_equal(fix_both(VB_FIX_REJECT, "Galilee", NULL, 0, NULL, 0), 0);
  assert_null(entity_of(post, "Galilee"));

  /* refused, by both, with a reason; nothing is written */
  char msg[512];
  long long fixes = pg_number("SELECT count(*) FROM corrections");
  assert_int_equal(fixes, 7);
  assert_int_equal(fix_both(VB_FIX_MERGE, "Nobody Atall", (const char *const[]){"Hamas"}, 1, msg, sizeof msg),
                   VB_ENOTFOUND);
  assert_non_null(strstr(msg, "Nobody Atall"));
  assert_int_equal(fix_both(VB_FIX_MERGE, "Hamas", (const char *const[]){"Nobody Atall"}, 1, msg, sizeof msg),
                   VB_ENOTFOUND);
  assert_int_equal(fix_both(VB_FIX_MERGE, "Hamas", (const char *const[]){"Islamic Resistance Movement"}, 1, msg,
                            sizeof msg),
                   VB_EUSAGE);
  assert_non_null(strstr(msg, "itself"));
  assert_int_equal(fix_both(VB_FIX_SPLIT, "Hamas", (const char *const[]){"Hamas"}, 1, msg, sizeof msg), VB_EUSAGE);
  assert_int_equal(fix_both(VB_FIX_RENAME, "Hamas", NULL, 0, msg, sizeof msg), VB_EUSAGE);
  assert_int_equal(pg_number("SELECT count(*) FROM corrections"), fixes);

  /* a later document, parsed with the corrections as ingest does */
  const char *later = "Talks Fail\n\nMay 1, 2024\n\nInterviewer: What happened?\n\n"
                      "Guest: The Islamic Resistance Movement rejected the offer in the Galilee.\n";
  put_text(lite, "later.txt", later, 1);
  put_text(post, "later.txt", later, 1);
  same_entities("after a later document");
  e = entity_of(post, "Hamas");
  assert_int_equal(mentions_of(e), hamas + 1);
  json_decref(e);
  assert_null(entity_of(post, "Galilee"));
  same_search("mentions:\"Islamic Resistance Movement\" offer", 1);
  /* … and one parsed by a process that never saw them: the archive
   * applies them as it stores it */
  const char *stale = "Court Watch\n\nMay 2, 2024\n\nInterviewer: And the court?\n\n"
                      "Guest: The opinion was written by Judge Barrett, and Obama disagreed with it. Then the Galilee was shelled.\n";
  put_text(lite, "stale.txt", stale, 0);
  put_text(post, "stale.txt", stale, 0);
  same_entities("after a document parsed without the corrections");
  assert_null(entity_of(post, "Galilee"));
  same_search("mentions:Barrett opinion", 1);
  same_search("mentions:\"Amy Coney Barrett\" opinion", 1);
  same_search("mentions:Obama disagreed", 1);
  same_search("mentions:\"Barack Obama\" disagreed", -1);
  /* the corrections reach a new process's lexicon the same from both */
  vb_lexicon *lx = NULL, *ly = NULL;
  assert_int_equal(vb_store_lexicon(lite, &lx, &err), 0);
  assert_int_equal(vb_store_lexicon(post, &ly, &err), 0);
  assert_non_null(lx);
  assert_non_null(ly);
  char kx[256], ky[256];
  vb_lexicon_key(lx, -1, "Islamic Resistance Movement", kx, sizeof kx);
  vb_lexicon_key(ly, -1, "Islamic Resistance Movement", ky, sizeof ky);
  assert_string_equal(kx, ky);
  vb_lexicon_free(lx);
  vb_lexicon_free(ly);
  test_assert_checks(post, __func__);
}

static int by_text(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A network as sorted lines that name its nodes: "type name weight" and
 * "kind source -> target weight". */
static char *network_named(const char *json) {
  json_t *root = json_loads(json, 0, NULL);
  assert_non_null(root);
  json_t *nodes = json_object_get(root, "nodes"), *edges = json_object_get(root, "edges");
  size_t nn = json_array_size(nodes), ne = json_array_size(edges), n = 0, len = 64;
  char **lines = calloc(nn + ne + 1, sizeof *lines);
  json_t *names = json_object();
  for (size_t i = 0; i < nn; i++) {
    json_t *o = json_array_get(nodes, i);
    const char *name = json_string_value(json_object_get(o, "name"));
    json_object_set(names, json_string_value(json_object_get(o, "id")), json_object_get(o, "name"));
    char l[512];
    snprintf(l, sizeof l, "%s %s %lld", json_string_value(json_object_get(o, "type")), name,
             (long long)json_integer_value(json_object_get(o, "weight")));
    lines[n++] = strdup(l);
  }
  for (size_t i = 0; i < ne; i++) {
    json_t *o = json_array_get(edges, i);
    const char *a = json_string_value(json_object_get(names, json_string_value(json_object_get(o, "source"))));
    const char *b = json_string_value(json_object_get(names, json_string_value(json_object_get(o, "target"))));
    assert_non_null(a);
    assert_non_null(b);
    char l[512];
    /* co-mentions are unordered pairs */
    if (strcmp(json_string_value(json_object_get(o, "kind")), "co-mention") == 0 && strcmp(a, b) > 0) {
      const char *t = a;
      a = b;
      b = t;
    }
    snprintf(l, sizeof l, "%s %s -> %s %lld", json_string_value(json_object_get(o, "kind")), a, b,
             (long long)json_integer_value(json_object_get(o, "weight")));
    lines[n++] = strdup(l);
  }
  qsort(lines, n, sizeof *lines, by_text);
  for (size_t i = 0; i < n; i++) len += strlen(lines[i]) + 1;
  char *out = malloc(len);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    strcat(out, lines[i]);
    strcat(out, "\n");
    free(lines[i]);
  }
  free(lines);
  json_decref(names);
  json_decref(root);
  return out;
}

/* The statements a watch caught, as sorted "doc#index" lines. */
static char *caught(vb_store *st, const char *watch) {
  char *out;
  vb_err err;
  assert_int_equal(test_alerts_json(st, watch, NULL, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  size_t n = json_array_size(arr), len = 1;
  char **lines = calloc(n + 1, sizeof *lines);
  for (size_t i = 0; i < n; i++) {
    json_t *s = json_object_get(json_array_get(arr, i), "statement");
    char b[128];
    snprintf(b, sizeof b, "%.64s#%d", json_string_value(json_object_get(s, "doc")),
             (int)json_integer_value(json_object_get(s, "index")));
    lines[i] = strdup(b);
    len += strlen(b) + 1;
  }
  json_decref(arr);
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(lines[j], lines[j - 1]) < 0; j--) {
      char *t = lines[j];
      lines[j] = lines[j - 1];
      lines[j - 1] = t;
    }
  char *all = calloc(1, len);
  for (size_t i = 0, at = 0; i < n; i++) {
    at += (size_t)snprintf(all + at, len - at, "%s\n", lines[i]);
    free(lines[i]);
  }
  free(lines);
  return all;
}

static const char *const watch_queries[] = {
    "kalashnikov OR rockets -mortars", "\"prisoner swap\"", "allies NEAR/5 hizbullah", "speaker:baraka russia*",
    "speaker:harris climate", "taxes", "=Hamas", "kind:reported", "tax* -speaker:pence", "(vaccine OR virus) -Trump",
};
#define NWQ (sizeof watch_queries / sizeof *watch_queries)

/* Watches on PostgreSQL: added before ingest, each catches exactly what a
 * search for its query finds afterwards; ingesting again fires nothing. */
static void watches_on_postgres(void **state) {
  (void)state;
  char uri[512];
  fresh_database("vb_watches", uri, sizeof uri);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(uri, 1, &st, &err), 0);
  for (size_t i = 0; i < NWQ; i++) {
    char name[16];
    snprintf(name, sizeof name, "w%zu", i);
    if (vb_watch_add(st, name, watch_queries[i], NULL, NULL, &err)) fail_msg("%s: %s", watch_queries[i], err.msg);
  }
  assert_int_equal(vb_watch_add(st, "w0", "x", NULL, NULL, &err), VB_EUSAGE);
  for (size_t i = 0; i < nfiles; i++) {
    int added;
    assert_int_equal(put_file(st, files[i], &added), 0);
  }
  for (size_t i = 0; i < NWQ; i++) {
    char name[16];
    snprintf(name, sizeof name, "w%zu", i);
    int64_t total;
    int code;
    char *a = caught(st, name), *b = found(st, watch_queries[i], &total, &code);
    assert_int_equal(code, 0);
    if (strcmp(a, b)) fail_msg("watch %s caught\n%.1000s\nsearch found\n%.1000s", watch_queries[i], a, b);
    assert_true(a[0] != '\0');
    free(a);
    free(b);
  }
  char *before, *after;
  assert_int_equal(test_alerts_json(st, NULL, NULL, &before, &err), 0);
  for (size_t i = 0; i < 3; i++) {
    int added;
    assert_int_equal(put_file(st, files[i], &added), 0);
    assert_false(added);
  }
  assert_int_equal(test_alerts_json(st, NULL, NULL, &after, &err), 0);
  assert_string_equal(before, after);
  free(before);
  free(after);
  assert_int_equal(vb_watch_rm(st, "w1", &err), 0);
  assert_int_equal(vb_watch_rm(st, "w1", &err), VB_ENOTFOUND);
  vb_store_close(st);
}

/* Three ingesters, overlapping sets, one database, at once. */
/* How many corrections have finished, for ingesters that wait for them. */
typedef struct fix_count {
  pthread_mutex_t mu;
  pthread_cond_t done;
  int runs;
} fix_count;

/* Waits until n corrections have finished, at most `seconds`: 0 when they
 * have, 1 when the time ran out. */
static int wait_for_fixes(fix_count *f, int n, int seconds) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += seconds;
  pthread_mutex_lock(&f->mu);
  int rc = 0;
  while (f->runs < n && !rc) rc = pthread_cond_timedwait(&f->done, &f->mu, &until) == ETIMEDOUT;
  rc = f->runs < n;
  pthread_mutex_unlock(&f->mu);
  return rc;
}

typedef struct ingester {
  size_t from, to;
  int rc, added;
  int flush_each; /* commit after each document (else in SQLite's batches) */
  /* when set: store the second half only after one correction has
   * finished, and the last document only after a second has, so that
   * corrections certainly run inside the ingest, between documents */
  fix_count *fixes;
  int waited_out; /* a correction did not finish within 10 s */
} ingester;

static char conc_uri[512];

static void *ingest_some(void *arg) {
  ingester *g = arg;
  vb_store *st;
  vb_err err;
  if ((g->rc = vb_store_open(conc_uri, 1, &st, &err))) return NULL;
  size_t half = g->from + (g->to - g->from) / 2;
  for (size_t i = g->from; i < g->to && !g->rc; i++) {
    if (g->fixes && (i == half || i + 1 == g->to)) {
      /* nothing of ours may hold the write lock while we wait */
      if ((g->rc = vb_store_flush(st, &err))) break;
      if (wait_for_fixes(g->fixes, i == half ? 1 : 2, 10)) {
        g->waited_out = 1;
        g->rc = VB_ELIMIT;
        break;
      }
    }
    int added = 0;
    g->rc = put_file(st, files[i % nfiles], &added);
    g->added += added;
    if (!g->rc && g->flush_each) g->rc = vb_store_flush(st, &err);
  }
  vb_store_close(st);
  return NULL;
}

/* Two servers on the same database: one searched, one taking documents
 * by POST, while the ingesters run. */
#define TOKENS "build/test-backends.tokens"
#define ALERTS "build/test-backends-alerts.jsonl"
#define TOKEN "backends-token-0123456789"

typedef struct server_load {
  int port[2];
  volatile int stop;
  int searches, failures, posted;
} server_load;

static size_t sink_body(char *p, size_t sz, size_t n, void *ctx) {
  (void)p;
  (void)ctx;
  return sz * n;
}

static long http(int port, const char *path, const char *body, size_t blen) {
  CURL *c = curl_easy_init();
  char url[512];
  snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  struct curl_slist *h = NULL;
  if (body) {
    h = curl_slist_append(h, "Authorization: Bearer " TOKEN);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
  }
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return status;
}

static void *search_while(void *arg) {
  server_load *l = arg;
  for (int i = 0; !l->stop && i < 10000; i++) {
    long st = http(l->port[i % 2], "/api/search?q=taxes&facets=speaker", NULL, 0);
    l->searches++;
    if (st != 200) l->failures++;
  }
  return NULL;
}

static void *post_some(void *arg) {
  server_load *l = arg;
  /* the first files again, through the second server: overlapping the ingesters */
  for (size_t i = 0; i < 6 && i < nfiles; i++) {
    char *bytes;
    size_t len;
    vb_err err;
    if (vb_file_read(files[i], &bytes, &len, &err)) continue;
    const char *base = strrchr(files[i], '/');
    char path[512];
    snprintf(path, sizeof path, "/api/documents?name=%s", base ? base + 1 : files[i]);
    long st = http(l->port[1], path, bytes, len);
    free(bytes);
    if (st == 201 || st == 200) l->posted++;
    else l->failures++;
  }
  return NULL;
}

static void concurrent_ingest(void **state) {
  (void)state;
  fresh_database("vb_concurrent", conc_uri, sizeof conc_uri);
  vb_store *w;
  vb_err werr;
  assert_int_equal(vb_store_open(conc_uri, 1, &w, &werr), 0);
  unlink(ALERTS);
  assert_int_equal(vb_watch_add(w, "taxes", "taxes OR speaker:pence", "file:" ALERTS, NULL, &werr), 0);
  vb_store_close(w);
  FILE *tf = fopen(TOKENS, "w");
  assert_non_null(tf);
  fputs(TOKEN "\n", tf);
  fclose(tf);
  vb_server *srv[2];
  server_load load = {{0, 0}, 0, 0, 0, 0};
  for (int i = 0; i < 2; i++) {
    vb_server_opts so = {.db = conc_uri, .listen = "127.0.0.1:0", .token_file = TOKENS, .threads = 2};
    if (vb_server_start(&so, &srv[i], &werr)) fail_msg("server: %s", werr.msg);
    load.port[i] = vb_server_port(srv[i]);
  }
  /* every file by two of the three, in different orders of arrival, while
   * the servers are searched and take documents themselves */
  ingester g[3] = {{0, nfiles, 0, 0, 0, NULL, 0}, {nfiles / 3, nfiles / 3 + nfiles, 0, 0, 0, NULL, 0}, {2 * nfiles / 3, 2 * nfiles / 3 + nfiles, 0, 0, 0, NULL, 0}};
  pthread_t t[3], searcher, poster;
  assert_int_equal(pthread_create(&searcher, NULL, search_while, &load), 0);
  assert_int_equal(pthread_create(&poster, NULL, post_some, &load), 0);
  for (int i = 0; i < 3; i++) assert_int_equal(pthread_create(&t[i], NULL, ingest_some, &g[i]), 0);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  pthread_join(poster, NULL);
  load.stop = 1;
  pthread_join(searcher, NULL);
  for (int i = 0; i < 2; i++) vb_server_stop(srv[i]);
  for (int i = 0; i < 3; i++) assert_int_equal(g[i].rc, 0);
  assert_int_equal(load.failures, 0);
  assert_true(load.searches > 0);
  assert_int_equal(load.posted, 6);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(conc_uri, 0, &st, &err), 0);
  int64_t a[3], b[3];
  assert_int_equal(vb_store_counts(st, &a[0], &a[1], &a[2], &err), 0);
  assert_int_equal(vb_store_counts(lite, &b[0], &b[1], &b[2], &err), 0);
  for (int i = 0; i < 3; i++) assert_int_equal(a[i], b[i]);
  assert_true(g[0].added + g[1].added + g[2].added <= b[0]); /* each added once, by one of them or a server */
  assert_true(g[0].added + g[1].added + g[2].added + 6 >= b[0]);
  /* every alert recorded once: the watch caught what search finds */
  int64_t total;
  int code;
  char *x = caught(st, "taxes"), *y = found(st, "taxes OR speaker:pence", &total, &code);
  assert_string_equal(x, y);
  assert_true(total > 100);
  free(x);
  free(y);
  /* the servers delivered what they saw; the rest now: each alert reaches
   * the sink once, whoever delivered it */
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, NULL, &n, &err), 0);
  char *all;
  assert_int_equal(test_alerts_json(st, "taxes", NULL, &all, &err), 0);
  json_t *arr = json_loads(all, 0, NULL);
  size_t nalerts = json_array_size(arr);
  json_decref(arr);
  free(all);
  char *bytes;
  size_t len;
  assert_int_equal(vb_file_read(ALERTS, &bytes, &len, &err), 0);
  int64_t *ids = calloc(nalerts + 1, sizeof *ids);
  size_t lines = 0;
  for (char *p = bytes, *nl; p < bytes + len && (nl = memchr(p, '\n', (size_t)(bytes + len - p))); p = nl + 1) {
    *nl = '\0';
    json_t *a1 = json_loads(p, 0, NULL);
    assert_non_null(a1);
    assert_true(lines < nalerts);
    ids[lines++] = (int64_t)json_integer_value(json_object_get(a1, "id"));
    json_decref(a1);
  }
  assert_int_equal(lines, nalerts);
  for (size_t i = 0; i < lines; i++)
    for (size_t j = i + 1; j < lines; j++) assert_true(ids[i] != ids[j]);
  free(ids);
  free(bytes);
  test_assert_checks(st, __func__);
  vb_store_close(st);
}

/* The server's reaper stops a read whose client hung up from its own
 * thread, while a worker's thread runs the read on the connection: the
 * cancel is made once at connect (making it reads the connection the
 * worker uses), and used from any thread. Cancelled again and again until
 * a long read is stopped: one cancel may land before the read starts. */
typedef struct canceller {
  vb_store *st;
  atomic_int done;
} canceller;

static void *cancel_until_done(void *arg) {
  canceller *c = arg;
  for (int i = 0; i < 1200 && !atomic_load(&c->done); i++) {
    vb_store_cancel(c->st);
    usleep(50000);
  }
  return NULL;
}

static void cancel_from_another_thread(void **state) {
  (void)state;
  char uri[512];
  fresh_database("vb_cancel", uri, sizeof uri);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(uri, 1, &st, &err), 0);
  assert_int_equal(vb_store_deadline(st, 600, &err), 0);
  canceller c = {st, 0};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, cancel_until_done, &c), 0);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = vs_sql_exec((vs_db){st->ops->sql, st->impl}, "SELECT pg_sleep(60)", &err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  atomic_store(&c.done, 1);
  pthread_join(t, NULL);
  assert_int_not_equal(rc, 0);
  assert_true(vb_store_deadline_passed(st)); /* stopped, not failed */
  assert_true(t1.tv_sec - t0.tv_sec < 50);
  /* the connection serves the next read */
  assert_int_equal(vb_store_deadline(st, 0, &err), 0);
  int64_t docs, speakers, statements;
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &statements, &err), 0);
  vb_store_close(st);
}

/* A primary and a streaming replica: what is ingested through the primary
 * is found through the replica (once replayed), and the replica refuses
 * writes with a clear error. */
static void replica_reads(void **state) {
  (void)state;
  const char *rbase = getenv("VERBATIM_TEST_PG_REPLICA");
  if (!rbase || !*rbase) fail_msg("VERBATIM_TEST_PG_REPLICA is not set: run with PG_REPLICA=1 tests/pg.sh (make test does)");
  char primary[512], replica[512];
  fresh_database("vb_replicated", primary, sizeof primary);
  const char *slash = strrchr(rbase, '/');
  snprintf(replica, sizeof replica, "%.*s/vb_replicated", (int)(slash - rbase), rbase);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(primary, 1, &st, &err), 0);
  int added;
  assert_int_equal(put_file(st, files[0], &added), 0);
  assert_true(added);
  /* the database and its schema reach the replica: then it can be read */
  int rc = -1;
  for (int i = 0; i < 200 && rc; i++) {
    rc = vb_store_read_from(st, replica, &err);
    if (rc) usleep(50000);
  }
  if (rc) fail_msg("replica: %s", err.msg);
  vb_results *r = NULL;
  vb_search_opts o = {.limit = 10};
  for (int i = 0; i < 200; i++) {
    assert_int_equal(vb_store_search(st, "kalashnikov", &o, &r, &err), 0);
    if (r->total) break;
    vb_results_free(r);
    r = NULL;
    usleep(50000);
  }
  assert_non_null(r);
  assert_int_equal(r->total, 3);
  vb_results_free(r);
  /* a second document, written through the same store, shows up too */
  assert_int_equal(put_file(st, files[1], &added), 0);
  int64_t found = 0;
  for (int i = 0; i < 200 && !found; i++) {
    assert_int_equal(vb_store_search(st, "speaker:trump", &o, &r, &err), 0);
    found = r->total;
    vb_results_free(r);
    if (!found) usleep(50000);
  }
  assert_true(found > 0);
  vb_store_close(st);
  /* the replica alone takes no writes */
  vb_store *ro;
  assert_int_equal(vb_store_open(replica, 0, &ro, &err), 0);
  assert_int_not_equal(put_file(ro, files[2], &added), 0);
  vb_store_close(ro);
}

/* Corrections while two ingesters store documents: neither side fails
 * (no deadlock, no mention left pointing at an entity a correction
 * removed), and the rejected spelling is nowhere at the end. (The
 * corrector repeats itself, so this does not single out the lock that
 * keeps a document wholly before or after each correction.) */
typedef struct corrector {
  volatile int stop;
  int rc;
  fix_count fixes; /* runs finished, told to the ingesters waiting */
  char msg[512];
} corrector;

static char race_uri[512];

static void *correct_while(void *arg) {
  corrector *c = arg;
  vb_store *st;
  vb_err err;
  if ((c->rc = vb_store_open(race_uri, 0, &st, &err))) {
    snprintf(c->msg, sizeof c->msg, "%s", err.msg);
    return NULL;
  }
  while (!c->stop && !c->rc) {
    c->rc = vb_store_entity_fix(st, VB_FIX_REJECT, "Cleveland Clinic", NULL, 0, &err);
    if (c->rc) snprintf(c->msg, sizeof c->msg, "%s", err.msg);
    pthread_mutex_lock(&c->fixes.mu);
    c->fixes.runs++;
    pthread_cond_broadcast(&c->fixes.done);
    pthread_mutex_unlock(&c->fixes.mu);
  }
  vb_store_close(st);
  return NULL;
}

/* How many rows a one-number query on the archive at uri counts. */
static long long count_rows(const char *uri, const char *sql) {
  long long n = -1;
  if (strncmp(uri, "postgres", 8)) {
    sqlite3 *h;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(uri, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
  } else {
    PGconn *pc = PQconnectdb(uri);
    PGresult *r = PQexec(pc, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK) n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pc);
  }
  return n;
}

/* ningest ingesters over the archive at race_uri while the corrector
 * runs again and again: every ingest and every correction succeeds. */
static void fix_while_ingesting(int ningest, int flush_each) {
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(race_uri, 1, &st, &err), 0);
  snprintf(conc_uri, sizeof conc_uri, "%s", race_uri);
  corrector c = {.fixes = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0}};
  ingester g[2] = {{0, nfiles, 0, 0, flush_each, &c.fixes, 0},
                   {nfiles / 2, nfiles / 2 + nfiles, 0, 0, flush_each, &c.fixes, 0}};
  pthread_t t[2], fixer;
  assert_int_equal(pthread_create(&fixer, NULL, correct_while, &c), 0);
  for (int i = 0; i < ningest; i++) assert_int_equal(pthread_create(&t[i], NULL, ingest_some, &g[i]), 0);
  for (int i = 0; i < ningest; i++) pthread_join(t[i], NULL);
  c.stop = 1;
  pthread_join(fixer, NULL);
  if (c.rc) fail_msg("correcting: %s", c.msg);
  for (int i = 0; i < ningest; i++) {
    if (g[i].waited_out) fail_msg("ingester %d: no correction finished within 10 s", i);
    assert_int_equal(g[i].rc, 0);
  }
  /* certain, not timing: each ingester stored its last document after
   * the second correction had finished */
  assert_true(c.fixes.runs > 1);
  /* "Cleveland Clinic" is nowhere: not an entity, no mention spelled so;
   * every mention has its spelling's key */
  char *out;
  assert_int_equal(test_entity_json(st, "Cleveland Clinic", &out, &err), VB_ENOTFOUND);
  assert_int_equal(count_rows(race_uri, "SELECT count(*) FROM mentions WHERE key = 'clavalandclanac' OR key IS NULL"), 0);
  int64_t a[3], b[3];
  assert_int_equal(vb_store_counts(st, &a[0], &a[1], &a[2], &err), 0);
  assert_int_equal(vb_store_counts(lite, &b[0], &b[1], &b[2], &err), 0);
  for (int i = 0; i < 3; i++) assert_int_equal(a[i], b[i]);
  test_assert_checks(st, __func__);
  vb_store_close(st);
}

static void corrections_while_ingesting(void **state) {
  (void)state;
  fresh_database("vb_fixrace", race_uri, sizeof race_uri);
  fix_while_ingesting(2, 0);
}

/* The same on SQLite: one writer at a time, so the ingester commits each
 * document and the corrections come between them; each side waits for
 * the other (busy timeout, then again, up to a minute), neither fails. */
#define FIXRACE_DB "build/test-backends-fixrace.db"
static void corrections_while_ingesting_sqlite(void **state) {
  (void)state;
  unlink(FIXRACE_DB);
  unlink(FIXRACE_DB "-wal");
  unlink(FIXRACE_DB "-shm");
  snprintf(race_uri, sizeof race_uri, "%s", FIXRACE_DB);
  fix_while_ingesting(1, 1);
}

/* A correction beside a running ingest of many documents on PostgreSQL
 * waits for the ingest's open batch, not for its end: a batch commits
 * after about a second of work as well as after 64 documents (issue 18:
 * corrections waited 13-24 s behind a batch on a loaded machine). Judged
 * by state: the ingester stores new documents, one put after another and
 * no flush of its own, until the correction has finished, and at most
 * BESIDE_DOCS of them (its end, fewer than a batch's 64 and below its
 * 16 MB); the correction must finish before the ingester reaches that end.
 * The first batch (a 16 MB or 64 document one before) would hold the
 * correction until the ingester's closing flush. */
#define BESIDE_DOCS 60
typedef struct beside {
  char uri[512];
  atomic_int stored; /* documents the ingester has put */
  atomic_int fixed;  /* the correction has finished */
  int rc, reached_end;
} beside;

/* The four debate transcripts as one document (about 210 KB: each put
 * takes a while on any machine, so 60 of them far outlast a second), made
 * a new document by i + 2 blank lines. */
static int put_numbered(vb_store *st, size_t i, int *added) {
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_err err;
  int rc = VB_OK;
  for (size_t k = 1; k <= 4 && !rc; k++) {
    char *bytes;
    size_t len;
    if ((rc = vb_file_read(files[k], &bytes, &len, &err))) break;
    vb_buf_add(&b, bytes, len);
    vb_buf_adds(&b, "\n\n");
    free(bytes);
  }
  for (size_t k = 0; k < i + 2; k++) vb_buf_addc(&b, '\n');
  if (!rc && b.failed) rc = VB_ENOMEM;
  vb_doc *doc = NULL;
  if (!rc) rc = vb_doc_parse(b.ptr, b.len, "debates.txt", NULL, &doc, &err);
  vb_buf_free(&b);
  if (rc) return rc;
  rc = vb_store_put(st, doc, added, &err);
  if (rc) fprintf(stderr, "debates.txt: %s\n", err.msg);
  vb_doc_free(doc);
  return rc;
}

static void *ingest_until_fixed(void *arg) {
  beside *b = arg;
  vb_store *st;
  vb_err err;
  if ((b->rc = vb_store_open(b->uri, 1, &st, &err))) return NULL;
  b->reached_end = 1;
  for (size_t i = 0; i < BESIDE_DOCS && !b->rc; i++) {
    if (atomic_load(&b->fixed)) {
      b->reached_end = 0;
      break;
    }
    int added = 0;
    b->rc = put_numbered(st, i, &added);
    if (!b->rc && !added) b->rc = VB_ESTORE; /* every one is new */
    atomic_fetch_add(&b->stored, 1);
  }
  if (!b->rc) b->rc = vb_store_flush(st, &err);
  vb_store_close(st);
  return NULL;
}

static void correction_beside_a_long_ingest(void **state) {
  (void)state;
  static beside b;
  fresh_database("vb_beside", b.uri, sizeof b.uri);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(b.uri, 1, &st, &err), 0); /* the schema, before the ingester */
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, ingest_until_fixed, &b), 0);
  /* the correction starts inside the ingest: a document is in its open batch */
  for (int i = 0; i < 6000 && !atomic_load(&b.stored) && !b.rc; i++) usleep(10000);
  int rc = vb_store_entity_fix(st, VB_FIX_REJECT, "Cleveland Clinic", NULL, 0, &err);
  atomic_store(&b.fixed, 1);
  pthread_join(t, NULL);
  if (rc) fail_msg("correcting: %s", err.msg);
  assert_int_equal(b.rc, 0);
  if (b.reached_end)
    fail_msg("the correction finished only after the ingest's %d documents (a batch held its lock to the end)",
             BESIDE_DOCS);
  fprintf(stderr, "# the correction finished with %d of %d documents stored\n", atomic_load(&b.stored), BESIDE_DOCS);
  assert_int_equal(count_rows(b.uri, "SELECT count(*) FROM documents"), atomic_load(&b.stored));
  vb_store_close(st);
}

/* ---- Property: random documents, random queries ------------------------ */

/* A fixed-seed generator (xorshift), so a failure is repeatable. */
static uint64_t prop_state = 0x9e3779b97f4a7c15u;
static unsigned prop_rand(unsigned n) {
  prop_state ^= prop_state << 13;
  prop_state ^= prop_state >> 7;
  prop_state ^= prop_state << 17;
  return (unsigned)(prop_state % n);
}

static const char *const prop_words[] = {
    "tax",     "taxes",   "taxing",  "climate", "war",      "peace",   "rockets", "border", "talks",
    "ceasefire", "prisoners", "swap",  "vaccine", "virus",  "economy", "jobs",    "allies", "sanctions",
    "grain",   "ports",   "the",     "people",  "will",     "never",   "accept",  "always", "election",
};
#define NPW (sizeof prop_words / sizeof *prop_words)
static const char *const prop_speakers[] = {"Ann Reyes", "Bo Tran", "Cyrus Adebayo", "Dana Whitfield",
                                            "Eli Marsh"};
#define NPS (sizeof prop_speakers / sizeof *prop_speakers)

/* A transcript of a few turns of random sentences by random speakers. */
static char *prop_document(int n) {
  size_t cap = 8192, at = 0;
  char *t = malloc(cap);
  at += (size_t)snprintf(t + at, cap - at, "Roundtable %d\n\n", n);
  int turns = 2 + (int)prop_rand(5);
  for (int i = 0; i < turns; i++) {
    at += (size_t)snprintf(t + at, cap - at, "%s: ", prop_speakers[prop_rand(NPS)]);
    int sentences = 1 + (int)prop_rand(3);
    for (int k = 0; k < sentences; k++) {
      int words = 3 + (int)prop_rand(8);
      for (int w = 0; w < words; w++) {
        const char *word = prop_words[prop_rand(NPW)];
        at += (size_t)snprintf(t + at, cap - at, "%s%c%s", w ? " " : "", w ? word[0] : (char)(word[0] - 32),
                               word + 1);
      }
      at += (size_t)snprintf(t + at, cap - at, "%s", k + 1 < sentences ? ". " : ".\n\n");
    }
  }
  return t;
}

/* A random query: words, phrases, OR, exclusions, prefixes, speakers. */
static void prop_query(char *q, size_t cap) {
  const char *a = prop_words[prop_rand(NPW)], *b = prop_words[prop_rand(NPW)];
  const char *sp = prop_speakers[prop_rand(NPS)];
  const char *last = strchr(sp, ' ') + 1;
  switch (prop_rand(8)) {
  case 0: snprintf(q, cap, "%s", a); break;
  case 1: snprintf(q, cap, "%s %s", a, b); break;
  case 2: snprintf(q, cap, "%s OR %s", a, b); break;
  case 3: snprintf(q, cap, "%s -%s", a, b); break;
  case 4: snprintf(q, cap, "\"%s %s\"", a, b); break;
  case 5: snprintf(q, cap, "%.3s*", a); break;
  case 6: snprintf(q, cap, "speaker:%s %s", last, a); break;
  default: snprintf(q, cap, "(%s OR %s) -speaker:%s", a, b, last); break;
  }
}

static int hit_order(const void *x, const void *y) {
  const vb_hit *a = x, *b = y;
  int c = strcmp(a->doc, b->doc);
  return c ? c : (a->index > b->index) - (a->index < b->index);
}


/* Random transcripts go into a fresh SQLite and a fresh PostgreSQL
 * archive, each with a watch per random query added first. For every
 * query both answer with the same code, total and hits, each hit equal
 * field by field (speaker, kind, text, offsets, title, date, citation,
 * snippet, permalink) and the same speaker facet; each watch caught on
 * each backend exactly the statements the search finds. */
static void random_documents_and_queries(void **state) {
  (void)state;
  enum { NDOCS = 40, NQ = 60 };
  const char *lite_path = "build/test-backends-prop.db";
  unlink(lite_path);
  unlink("build/test-backends-prop.db-wal");
  unlink("build/test-backends-prop.db-shm");
  char uri[512];
  fresh_database("vb_property", uri, sizeof uri);
  vb_store *st[2];
  vb_err err;
  assert_int_equal(vb_store_open(lite_path, 1, &st[0], &err), 0);
  if (vb_store_open(uri, 1, &st[1], &err)) fail_msg("%s", err.msg);
  char qs[NQ][128];
  for (int i = 0; i < NQ; i++) {
    prop_query(qs[i], sizeof qs[i]);
    char name[16];
    snprintf(name, sizeof name, "p%d", i);
    for (int b = 0; b < 2; b++)
      if (vb_watch_add(st[b], name, qs[i], NULL, NULL, &err)) fail_msg("%s: %s", qs[i], err.msg);
  }
  for (int n = 0; n < NDOCS; n++) {
    char *text = prop_document(n), path[64];
    snprintf(path, sizeof path, "roundtable-%d.txt", n);
    vb_doc *doc;
    if (vb_doc_parse(text, strlen(text), path, NULL, &doc, &err)) fail_msg("%s: %s", path, err.msg);
    for (int b = 0; b < 2; b++) {
      int added = 0;
      if (vb_store_put(st[b], doc, &added, &err)) fail_msg("%s: %s", path, err.msg);
      assert_true(added);
    }
    vb_doc_free(doc);
    free(text);
  }
  for (int b = 0; b < 2; b++) assert_int_equal(vb_store_flush(st[b], &err), 0);

  size_t nonempty = 0, hits = 0, caught_any = 0;
  for (int i = 0; i < NQ; i++) {
    vb_results *r[2];
    vb_search_opts o = {.limit = 10000, .facets = VB_FACET_SPEAKER};
    int code[2];
    for (int b = 0; b < 2; b++) code[b] = vb_store_search(st[b], qs[i], &o, &r[b], &err);
    if (code[0] != code[1]) fail_msg("%s: SQLite says %d, PostgreSQL %d", qs[i], code[0], code[1]);
    if (code[0]) continue;
    assert_int_equal(r[0]->total, r[1]->total);
    assert_int_equal(r[0]->nhits, r[1]->nhits);
    nonempty += r[0]->nhits > 0;
    hits += r[0]->nhits;
    vb_hit *h[2];
    for (int b = 0; b < 2; b++) {
      h[b] = malloc((r[b]->nhits + 1) * sizeof **h);
      if (r[b]->nhits) memcpy(h[b], r[b]->hits, r[b]->nhits * sizeof **h);
      qsort(h[b], r[b]->nhits, sizeof **h, hit_order);
    }
    for (size_t k = 0; k < r[0]->nhits; k++) {
      const vb_hit *x = &h[0][k], *y = &h[1][k];
      if (strcmp(x->doc, y->doc) || x->index != y->index)
        fail_msg("%s: SQLite found %.12s#%d, PostgreSQL %.12s#%d", qs[i], x->doc, x->index, y->doc, y->index);
      same_str(qs[i], "speaker", x->speaker, y->speaker);
      same_str(qs[i], "kind", x->kind, y->kind);
      same_str(qs[i], "text", x->text, y->text);
      same_str(qs[i], "snippet", x->snippet, y->snippet);
      same_str(qs[i], "citation", x->citation, y->citation);
      same_str(qs[i], "title", x->title, y->title);
      same_str(qs[i], "series", x->series, y->series);
      same_str(qs[i], "number", x->number, y->number);
      same_str(qs[i], "date", x->date, y->date);
      same_str(qs[i], "channel", x->channel, y->channel);
      same_str(qs[i], "link", x->link, y->link);
      assert_int_equal(x->start, y->start);
      assert_int_equal(x->end, y->end);
    }
    free(h[0]);
    free(h[1]);
    /* the speaker facet: the same speakers with the same counts */
    assert_int_equal(r[0]->nfacets[0], r[1]->nfacets[0]);
    for (size_t k = 0; k < r[0]->nfacets[0]; k++) {
      const vb_facet *f = &r[0]->facets[0][k];
      size_t m = 0;
      while (m < r[1]->nfacets[0] && (r[1]->facets[0][m].value.len != f->value.len ||
                                      memcmp(r[1]->facets[0][m].value.ptr, f->value.ptr, f->value.len)))
        m++;
      if (m == r[1]->nfacets[0]) fail_msg("%s: speaker facet %.*s only on SQLite", qs[i], (int)f->value.len, f->value.ptr);
      assert_int_equal(f->count, r[1]->facets[0][m].count);
    }
    vb_results_free(r[0]);
    vb_results_free(r[1]);
    /* the matcher: each backend's watch caught what the search finds */
    char name[16];
    snprintf(name, sizeof name, "p%d", i);
    int64_t total;
    int c;
    char *want = found(st[0], qs[i], &total, &c);
    for (int b = 0; b < 2; b++) {
      char *got = caught(st[b], name);
      if (strcmp(got, want))
        fail_msg("watch %s on %s caught\n%.1000s\nsearch found\n%.1000s", qs[i], b ? "PostgreSQL" : "SQLite", got,
                 want);
      caught_any += got[0] != '\0';
      free(got);
    }
    free(want);
  }
  print_message("# %d random queries over %d random documents: %zu find something (%zu hits), %zu watches caught\n",
                NQ, NDOCS, nonempty, hits, caught_any / 2);
  assert_true(nonempty >= NQ / 2); /* the queries find something */
  for (int b = 0; b < 2; b++) vb_store_close(st[b]);
}

/* An argument names the tests to run (a cmocka pattern, `*` and `?`):
 * `test_backends 'corrections_while_ingesting*'` to repeat one. */
int main(int argc, char **argv) {
  if (argc > 1) cmocka_set_test_filter(argv[1]);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(same_archive),
      cmocka_unit_test(same_statements),
      cmocka_unit_test(rankings_close),
      cmocka_unit_test(paging_sorting_facets),
      cmocka_unit_test(watches_on_postgres),
      cmocka_unit_test(concurrent_ingest),
      cmocka_unit_test(replica_reads),
      cmocka_unit_test(cancel_from_another_thread),
      cmocka_unit_test(corrections_while_ingesting),
      cmocka_unit_test(corrections_while_ingesting_sqlite),
      cmocka_unit_test(correction_beside_a_long_ingest),
      cmocka_unit_test(random_documents_and_queries),
      cmocka_unit_test(languages_followed_across_connections),
      cmocka_unit_test(version_moves_with_the_archive_only),
      cmocka_unit_test(every_table_moves_the_version),
      cmocka_unit_test(bodies_kept_uncompressed),
      cmocka_unit_test(cost_estimates_kept),
      /* last: it corrects the archives the others compare */
      cmocka_unit_test(corrections_on_both),
      cmocka_unit_test(speakers_of_their_own_document),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
