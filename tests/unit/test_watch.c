/* Standing queries: a watch added before ingest fires on exactly the
 * statements a search for its query finds among the new ones, once;
 * re-ingest fires nothing; a query that does not compile is refused when
 * added; watches the presearcher cannot index still fire; delivery writes
 * each alert once. */
#define _GNU_SOURCE /* fopencookie */
#include <ctype.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "store/sqlite_int.h"
#include "testutil.h"
#include "verbatim.h"

static char DB[512];
#define SEED SHARED_DIR "/corpus/memri/sd-10850.txt"

static vb_store *st;

static int put_file(const char *path, int *added) {
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) return err.code;
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, NULL, &doc, &err);
  free(bytes);
  if (!rc) rc = vb_store_put(st, doc, added, &err);
  vb_doc_free(doc);
  if (!rc) rc = vb_store_flush(st, &err);
  return rc;
}

/* Statement texts a watch caught, sorted and joined. */
static char *caught(const char *watch) {
  char *out;
  vb_err err;
  assert_int_equal(test_alerts_json(st, watch, NULL, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  size_t i;
  json_t *a;
  char **t = calloc(json_array_size(arr) + 1, sizeof *t);
  json_array_foreach(arr, i, a) t[i] = strdup(json_string_value(json_object_get(json_object_get(a, "statement"), "text")));
  size_t n = json_array_size(arr);
  for (size_t x = 1; x < n; x++)
    for (size_t y = x; y > 0 && strcmp(t[y], t[y - 1]) < 0; y--) {
      char *tmp = t[y];
      t[y] = t[y - 1];
      t[y - 1] = tmp;
    }
  size_t len = 1;
  for (size_t x = 0; x < n; x++) len += strlen(t[x]) + 1;
  char *all = calloc(1, len);
  for (size_t x = 0; x < n; x++) {
    strcat(all, t[x]);
    strcat(all, "\n");
    free(t[x]);
  }
  free(t);
  json_decref(arr);
  return all;
}

/* The same for a search over the archive. */
static char *found(const char *query) {
  vb_results *r;
  vb_err err;
  vb_search_opts o = {.limit = 10000};
  assert_int_equal(vb_store_search(st, query, &o, &r, &err), 0);
  char **t = calloc(r->nhits + 1, sizeof *t);
  for (size_t i = 0; i < r->nhits; i++) t[i] = strndup(r->hits[i].text.ptr, r->hits[i].text.len);
  for (size_t x = 1; x < r->nhits; x++)
    for (size_t y = x; y > 0 && strcmp(t[y], t[y - 1]) < 0; y--) {
      char *tmp = t[y];
      t[y] = t[y - 1];
      t[y - 1] = tmp;
    }
  size_t len = 1;
  for (size_t x = 0; x < r->nhits; x++) len += strlen(t[x]) + 1;
  char *all = calloc(1, len);
  for (size_t x = 0; x < r->nhits; x++) {
    strcat(all, t[x]);
    strcat(all, "\n");
    free(t[x]);
  }
  free(t);
  vb_results_free(r);
  return all;
}

static const char *const watches[][2] = {
    {"swap", "\"prisoner swap\""},
    {"weapons", "kalashnikov OR rockets -mortars"},
    {"allies", "allies NEAR/5 hizbullah"},
    {"baraka-russia", "speaker:baraka russia*"},
    {"mentions-iran", "mentions:iran"},
    {"baraka", "speaker:baraka"},
    {"baraka-not-russia", "speaker:baraka -russia"},
};
#define NWATCHES (sizeof watches / sizeof *watches)

static void watches_fire_like_search(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch", DB, sizeof DB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(DB, 1, &st, &err), 0);
  int indexed[NWATCHES];
  for (size_t i = 0; i < NWATCHES; i++)
    assert_int_equal(vb_watch_add(st, watches[i][0], watches[i][1], NULL, &indexed[i], &err), 0);
  /* what the presearcher can index by a word, and what it cannot */
  assert_true(indexed[0] && indexed[1] && indexed[2]);
  assert_false(indexed[4] || indexed[5]);
  /* refused when added, never dropped later */
  assert_int_equal(vb_watch_add(st, "bad", "(broken", NULL, NULL, &err), VB_EQUERY);
  assert_int_equal(vb_watch_add(st, "swap", "anything", NULL, NULL, &err), VB_EUSAGE);
  assert_int_equal(vb_watch_add(st, "no spaces", "x", NULL, NULL, &err), VB_EUSAGE);
  assert_int_equal(vb_watch_add(st, "hook", "x", "webhook:ftp://127.0.0.1/", NULL, &err), VB_EUSAGE);
  assert_int_equal(vb_watch_add(st, "mail", "x", "mailto:someone", NULL, &err), VB_EUSAGE);
  int added;
  assert_int_equal(put_file(SEED, &added), 0);
  assert_true(added);
  assert_int_equal(put_file("tests/golden/dispatch-second.txt", &added), 0);
  for (size_t i = 0; i < NWATCHES; i++) {
    char *a = caught(watches[i][0]), *b = found(watches[i][1]);
    if (strcmp(a, b)) fail_msg("watch %s caught:\n%s\nsearch found:\n%s", watches[i][0], a, b);
    assert_true(strlen(a) > 0);
    free(a);
    free(b);
  }
  /* ingesting the same file again fires nothing */
  char *before;
  assert_int_equal(test_alerts_json(st, NULL, NULL, &before, &err), 0);
  assert_int_equal(put_file(SEED, &added), 0);
  assert_false(added);
  char *after;
  assert_int_equal(test_alerts_json(st, NULL, NULL, &after, &err), 0);
  assert_string_equal(before, after);
  free(before);
  free(after);
}

/* Property: for queries of every shape built at random (a fixed seed)
 * from the words of the documents, what each watch catches as the
 * documents are ingested is exactly what a search for its query finds
 * afterwards — whether the matcher decided it from the words or left it to
 * the archive. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static char vocab[4096][24];
static size_t nvocab;

static void learn_words(const char *path) {
  char *bytes;
  size_t len;
  vb_err err;
  assert_int_equal(vb_file_read(path, &bytes, &len, &err), 0);
  for (size_t i = 0; i < len && nvocab < 4096;) {
    while (i < len && !isalpha((unsigned char)bytes[i])) i++;
    size_t from = i;
    while (i < len && isalpha((unsigned char)bytes[i])) i++;
    if (i - from >= 3 && i - from < 24 && next_rand() % 3 == 0) {
      memcpy(vocab[nvocab], bytes + from, i - from);
      vocab[nvocab++][i - from] = '\0';
    }
  }
  free(bytes);
}

static const char *w(void) { return vocab[next_rand() % nvocab]; }

static void random_query(char *q, size_t cap) {
  switch (next_rand() % 15) {
  case 0: snprintf(q, cap, "%s", w()); break;
  case 1: snprintf(q, cap, "%s %s", w(), w()); break;
  case 2: snprintf(q, cap, "%s OR %s OR %s", w(), w(), w()); break;
  case 3: snprintf(q, cap, "%s -%s", w(), w()); break;
  case 4: snprintf(q, cap, "%.3s* -%s", w(), w()); break;
  case 5: snprintf(q, cap, "(%s OR %s) -(%s %s)", w(), w(), w(), w()); break;
  case 6: snprintf(q, cap, "%.4s*", w()); break;
  case 7: snprintf(q, cap, "%s NEAR/3 %s", w(), w()); break;
  case 8: snprintf(q, cap, "=%s", w()); break;
  case 9: snprintf(q, cap, "%s speaker:%s", w(), next_rand() % 2 ? "baraka" : "harris"); break;
  case 10: snprintf(q, cap, "%s -speaker:pence", w()); break;
  case 11: snprintf(q, cap, "mentions:%s OR %s", next_rand() % 2 ? "iran" : "israel", w()); break;
  case 12: snprintf(q, cap, "%s-%s", w(), w()); break;
  case 13: { /* a phrase ending in a prefix */
    size_t i = next_rand() % (nvocab - 1);
    snprintf(q, cap, "\"%s %.3s\"*", vocab[i], vocab[i + 1]);
    break;
  }
  default: { /* a phrase as it stands in a document */
    size_t i = next_rand() % (nvocab - 1);
    snprintf(q, cap, "\"%s %s\"", vocab[i], vocab[i + 1]);
  }
  }
}

#define NRANDOM 160

static void random_watches_agree_with_search(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch", DB, sizeof DB), 0);
  const char *files[] = {SEED, "tests/golden/dispatch-second.txt", SHARED_DIR "/corpus/debates/2020_vp_part1.txt"};
  for (size_t f = 0; f < 3; f++) learn_words(files[f]);
  vb_err err;
  assert_int_equal(vb_store_open(DB, 1, &st, &err), 0);
  static char queries[NRANDOM][128];
  size_t nadded = 0, unindexed = 0;
  for (size_t i = 0; i < NRANDOM; i++) {
    char name[16];
    snprintf(name, sizeof name, "p%zu", i);
    random_query(queries[i], sizeof queries[i]);
    int indexed = 0;
    int rc = vb_watch_add(st, name, queries[i], NULL, &indexed, &err);
    if (rc == VB_EQUERY) { /* refused: then search refuses it too */
      queries[i][0] = '\0';
      continue;
    }
    assert_int_equal(rc, 0);
    nadded++;
    unindexed += !indexed;
  }
  assert_true(nadded > NRANDOM * 9 / 10);
  assert_true(unindexed > 0 && unindexed < nadded);
  int added;
  for (size_t f = 0; f < 3; f++) assert_int_equal(put_file(files[f], &added), 0);
  size_t firing = 0;
  for (size_t i = 0; i < NRANDOM; i++) {
    if (!queries[i][0]) continue;
    char name[16];
    snprintf(name, sizeof name, "p%zu", i);
    char *a = caught(name), *b = found(queries[i]);
    if (strcmp(a, b)) fail_msg("watch %s (%s) caught:\n%s\nsearch found:\n%s", name, queries[i], a, b);
    firing += a[0] != '\0';
    free(a);
    free(b);
  }
  assert_true(firing > nadded / 3); /* the comparison had something to compare */
  vb_store_close(st);
  st = NULL;
}

/* Each alert keeps its reasons as it is made, from the analysis the index
 * was given, and they are what the delivery worked out from its
 * statement's text: the random watches' alerts on real documents (words,
 * phrases, prefixes, negations, NEAR, exact forms and filters the archive
 * confirms), listed as made, then with their kept reasons forgotten (as an
 * archive's alerts made before they were kept), are the same bytes. With
 * the kept reasons emptied no alert says why it fired: every alert of the
 * run kept them, none was worked out again. */
static void kept_reasons_are_the_reasons_worked_out(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  char *made, *emptied, *worked_out;
  assert_int_equal(test_alerts_after(st, 0, -1, &made, &err), 0);
  assert_non_null(strstr(made, "\"matched\":[\""));
  assert_int_equal(test_exec(DB, "UPDATE alerts SET matched = 0", "UPDATE alerts SET matched = 0"), 0);
  assert_int_equal(test_alerts_after(st, 0, -1, &emptied, &err), 0);
  assert_null(strstr(emptied, "\"matched\":[\""));
  assert_int_equal(test_exec(DB, "UPDATE alerts SET matched = NULL", "UPDATE alerts SET matched = NULL"), 0);
  assert_int_equal(test_alerts_after(st, 0, -1, &worked_out, &err), 0);
  assert_string_equal(made, worked_out);
  free(made);
  free(emptied);
  free(worked_out);
  vb_store_close(st);
  st = NULL;
}

static void delivery_once(void **state) {
  (void)state;
  vb_err err;
  FILE *f = tmpfile();
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  assert_true(n > 5);
  long size = ftell(f);
  assert_true(size > 0);
  /* each line is one alert object saying why it fired */
  rewind(f);
  char line[65536];
  size_t lines = 0;
  while (fgets(line, sizeof line, f)) {
    json_t *a = json_loads(line, 0, NULL);
    assert_non_null(a);
    assert_non_null(json_string_value(json_object_get(a, "watch")));
    assert_non_null(json_string_value(json_object_get(a, "query")));
    assert_non_null(json_string_value(json_object_get(json_object_get(a, "statement"), "link")));
    /* why it fired, in the query's terms */
    json_t *m = json_object_get(a, "matched");
    assert_true(json_array_size(m) > 0);
    json_decref(a);
    lines++;
  }
  assert_int_equal(lines, n);
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  assert_int_equal(n, 0);
  fclose(f);
  /* a watch removed stops; an unknown one is an error */
  assert_int_equal(vb_watch_rm(st, "swap", &err), 0);
  assert_int_equal(vb_watch_rm(st, "swap", &err), VB_ENOTFOUND);
  char *list;
  assert_int_equal(test_watches_json(st, &list, &err), 0);
  assert_null(strstr(list, "\"swap\""));
  free(list);
  vb_store_close(st);
  st = NULL;
}

/* Two deliverers on one archive at once (an ingest and a server, say):
 * every alert reaches the sink exactly once; a claim left by a deliverer
 * that died is taken over only once it is stale. */
static char DDB[512];
#define DSINK "build/test-watch-deliver.jsonl"

typedef struct deliverer {
  vb_store *st;
  size_t total;
  int rc;
} deliverer;

static void *deliver_all(void *arg) {
  deliverer *d = arg;
  vb_err err;
  for (int i = 0; i < 4 && !d->rc; i++) {
    size_t n = 0;
    d->rc = vb_alerts_deliver(d->st, NULL, &n, &err);
    d->total += n;
  }
  return NULL;
}

static void concurrent_deliverers(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch-deliver", DDB, sizeof DDB), 0);
  unlink(DSINK);
  vb_err err;
  assert_int_equal(vb_store_open(DDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "many", "the OR and", "file:" DSINK, NULL, &err), 0);
  int added;
  assert_int_equal(put_file(SEED, &added), 0);
  char *all;
  assert_int_equal(test_alerts_json(st, "many", NULL, &all, &err), 0);
  json_t *arr = json_loads(all, 0, NULL);
  free(all);
  size_t alerts = json_array_size(arr);
  json_decref(arr);
  assert_true(alerts > 20);
  deliverer d[2] = {{st, 0, 0}, {NULL, 0, 0}};
  assert_int_equal(vb_store_open(DDB, 0, &d[1].st, &err), 0);
  pthread_t t[2];
  for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, deliver_all, &d[i]), 0);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert_int_equal(d[0].rc, 0);
  assert_int_equal(d[1].rc, 0);
  assert_int_equal(d[0].total + d[1].total, alerts);
  /* the sink holds each alert once */
  char *bytes;
  size_t len;
  assert_int_equal(vb_file_read(DSINK, &bytes, &len, &err), 0);
  size_t lines = 0;
  int64_t *ids = calloc(alerts + 1, sizeof *ids);
  for (char *p = bytes, *nl; p < bytes + len && (nl = memchr(p, '\n', (size_t)(bytes + len - p))); p = nl + 1) {
    *nl = '\0';
    json_t *a = json_loads(p, 0, NULL);
    assert_non_null(a);
    assert_true(lines < alerts);
    ids[lines++] = (int64_t)json_integer_value(json_object_get(a, "id"));
    json_decref(a);
  }
  assert_int_equal(lines, alerts);
  for (size_t i = 0; i < lines; i++)
    for (size_t j = i + 1; j < lines; j++) assert_true(ids[i] != ids[j]);
  free(ids);
  free(bytes);
  /* a claim held by a deliverer that died: left alone while fresh, taken
   * over when stale */
  assert_int_equal(test_exec(DDB,
                             "UPDATE alerts SET delivered = 0, claim = 42, claimed_at = unixepoch()"
                             " WHERE id = (SELECT min(id) FROM alerts)",
                             "UPDATE alerts SET delivered = 0, claim = 42, claimed_at = extract(epoch FROM now())"
                             " WHERE id = (SELECT min(id) FROM alerts)"),
                   0);
  size_t n = 9;
  assert_int_equal(vb_alerts_deliver(d[1].st, NULL, &n, &err), 0);
  assert_int_equal(n, 0);
  assert_int_equal(test_exec(DDB, "UPDATE alerts SET claimed_at = unixepoch() - 1000 WHERE claim = 42",
                             "UPDATE alerts SET claimed_at = extract(epoch FROM now()) - 1000 WHERE claim = 42"),
                   0);
  assert_int_equal(vb_alerts_deliver(d[1].st, NULL, &n, &err), 0);
  assert_int_equal(n, 1);
  vb_store_close(d[1].st);
  vb_store_close(st);
  st = NULL;
}

/* A page sent whole is marked delivered as the span of ids it covers
 * (watch.c): alerts inside that span that another deliverer holds stay
 * its own, pending; the page's own are delivered. */
static void others_claims_inside_a_page_stay_theirs(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-watch-span", db, sizeof db), 0);
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "many", "the OR and", NULL, NULL, &err), 0);
  int added;
  assert_int_equal(put_file(SEED, &added), 0);
  /* every third alert held by a deliverer at work */
  assert_int_equal(test_exec(db, "UPDATE alerts SET claim = 42, claimed_at = unixepoch() WHERE id % 3 = 0",
                             "UPDATE alerts SET claim = 42, claimed_at = extract(epoch FROM now()) WHERE id % 3 = 0"),
                   0);
  FILE *f = tmpfile();
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  fclose(f);
  char *out;
  assert_int_equal(test_alerts_json(st, "many", NULL, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  size_t i, held = 0;
  json_t *a;
  json_array_foreach(arr, i, a) {
    json_int_t id = json_integer_value(json_object_get(a, "id"));
    assert_string_equal(json_string_value(json_object_get(a, "state")), id % 3 == 0 ? "pending" : "delivered");
    held += id % 3 == 0;
  }
  assert_true(held > 3);
  assert_int_equal(n + held, json_array_size(arr));
  json_decref(arr);
  vb_store_close(st);
  st = NULL;
}

/* An alert says when it was made: UTC to the second, as
 * 2026-12-07T16:30:00Z, between the times before and after its
 * statement was stored. */
static void alerts_say_when_they_were_made(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-watch-at", db, sizeof db), 0);
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "baraka", "speaker:baraka", NULL, NULL, &err), 0);
  assert_int_equal(vb_watch_add(st, "russia", "russia", NULL, NULL, &err), 0);
  time_t before = time(NULL);
  int added;
  assert_int_equal(put_file(SEED, &added), 0);
  time_t after = time(NULL);
  char *out;
  assert_int_equal(test_alerts_json(st, NULL, NULL, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  assert_true(json_array_size(arr) > 2);
  size_t i;
  json_t *a;
  json_array_foreach(arr, i, a) {
    const char *at = json_string_value(json_object_get(a, "at"));
    assert_non_null(at);
    assert_int_equal(strlen(at), 20);
    struct tm tm = {0};
    const char *end = strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    assert_non_null(end);
    assert_int_equal(*end, '\0');
    time_t t = timegm(&tm);
    assert_true(t >= before && t <= after);
  }
  json_decref(arr);
  vb_store_close(st);
  st = NULL;
}

/* The alerts table of the archive at db has the index of the pending
 * alone and no other made by a statement. */
static void alerts_indexed_by_waiting_alone(const char *db) {
  sqlite3 *h;
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(h,
                                      "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master"
                                      " WHERE type = 'index' AND tbl_name = 'alerts' AND sql IS NOT NULL ORDER BY name)",
                                      -1, &q, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(q, 0), "alerts_waiting");
  sqlite3_finalize(q);
  sqlite3_close(h);
}

/* An archive whose alerts were indexed by (delivered, id), every alert
 * ever made, has that index replaced by one of the pending alone when
 * opened (sqlite.c, alerts_waiting). */
static void pending_alerts_indexed_alone(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* SQLite's schema */
  char db[512];
  assert_int_equal(test_archive("test-watch-waiting", db, sizeof db), 0);
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  vb_store_close(st);
  st = NULL;
  assert_int_equal(
      test_exec(db, "DROP INDEX alerts_waiting; CREATE INDEX alerts_pending ON alerts(delivered, id)", NULL), 0);
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  vb_store_close(st);
  st = NULL;
  alerts_indexed_by_waiting_alone(db);
}

/* A new archive makes the index of the pending alerts in its schema and
 * never an index of every alert for its first open to drop again: every
 * statement its connection runs is traced from the moment it opens
 * (sqlite3_auto_extension), and none names alerts_pending. */
static int pending_index_made;

static int trace_pending_index(unsigned type, void *ctx, void *p, void *x) {
  (void)type, (void)ctx, (void)x;
  const char *sql = sqlite3_sql((sqlite3_stmt *)p);
  if (sql && strstr(sql, "alerts_pending")) pending_index_made++;
  return 0;
}

static int trace_from_open(sqlite3 *db, char **msg, const struct sqlite3_api_routines *api) {
  (void)msg, (void)api;
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_pending_index, NULL);
  return SQLITE_OK;
}

static void new_archive_makes_only_the_waiting_index(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* SQLite's schema */
  char db[512];
  assert_int_equal(test_archive("test-watch-new-waiting", db, sizeof db), 0);
  pending_index_made = 0;
  assert_int_equal(sqlite3_auto_extension((void (*)(void))trace_from_open), SQLITE_OK);
  vb_err err;
  int rc = vb_store_open(db, 1, &st, &err);
  sqlite3_cancel_auto_extension((void (*)(void))trace_from_open);
  assert_int_equal(rc, 0);
  vb_store_close(st);
  st = NULL;
  assert_int_equal(pending_index_made, 0);
  alerts_indexed_by_waiting_alone(db);
}

/* Many alerts are sent a page at a time, each page marked delivered as it
 * goes: when the sink has had more than a page of lines, the archive
 * already counts the first page delivered (all were read into memory,
 * then marked at the end, before: 155,220 alerts from 1,000 watches on
 * 500 UN speeches held 135 MB). */
static char PDB[512];
static size_t paged_lines;
static long long paged_marked = -1;

static ssize_t paged_write(void *cookie, const char *buf, size_t size) {
  (void)cookie;
  for (size_t i = 0; i < size; i++)
    if (buf[i] == '\n' && ++paged_lines == 600) { /* a line of the second page of 500 */
      sqlite3 *h;
      sqlite3_stmt *q;
      if (sqlite3_open_v2(PDB, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
          sqlite3_prepare_v2(h, "SELECT count(*) FROM alerts WHERE delivered <> 0", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) paged_marked = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
      }
      sqlite3_close(h);
    }
  return (ssize_t)size;
}

static void alerts_delivered_page_by_page(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  assert_int_equal(test_archive("test-watch-paged", PDB, sizeof PDB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(PDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "common", "the OR and OR to OR you OR a", NULL, NULL, &err), 0);
  assert_int_equal(vb_watch_add(st, "plain", "we OR it OR is OR that OR of", NULL, NULL, &err), 0);
  int added;
  assert_int_equal(put_file(SHARED_DIR "/corpus/debates/2020_debate1_part1.txt", &added), 0);
  assert_int_equal(put_file(SHARED_DIR "/corpus/debates/2020_debate1_part2.txt", &added), 0);
  FILE *f = fopencookie(NULL, "w", (cookie_io_functions_t){.write = paged_write});
  assert_non_null(f);
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  fclose(f);
  print_message("%zu alerts, %lld marked delivered at line 600\n", n, paged_marked);
  assert_true(n > 1000);
  assert_int_equal(paged_lines, n);
  assert_true(paged_marked >= 500);
  assert_int_equal(vb_alerts_deliver(st, NULL, &n, &err), 0);
  assert_int_equal(n, 0);
  vb_store_close(st);
  st = NULL;
}

/* What an alert costs the archive: a batch's alerts are recorded many
 * rows to a statement, not one each (~18 k instructions an alert), and a
 * delivery gives back only what it did not deliver (rewriting every
 * delivered alert cost as much as marking it); a delivered alert keeps
 * the claim that delivered it. SQLite: statements counted by its trace. */
static char CDB[512];
static int alert_inserts;
static int count_alert_inserts(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)ctx;
  (void)p;
  /* (the SQLite driver writes rows INSERT OR FAIL) */
  const char *sql = x;
  if (!strncmp(sql, "INSERT ", 7) && strstr(sql, " INTO alerts(")) alert_inserts++;
  return 0;
}

static void alerts_recorded_many_to_a_statement(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* counted by SQLite's trace */
  assert_int_equal(test_archive("test-watch-cost", CDB, sizeof CDB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(CDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "common", "the OR and OR to OR you OR a", NULL, NULL, &err), 0);
  assert_int_equal(vb_watch_add(st, "plain", "we OR it OR is OR that OR of", NULL, NULL, &err), 0);
  sqlite3_trace_v2(((sq *)st->impl)->db, SQLITE_TRACE_STMT, count_alert_inserts, NULL);
  alert_inserts = 0;
  int added;
  assert_int_equal(put_file(SHARED_DIR "/corpus/debates/2020_debate1_part1.txt", &added), 0);
  sqlite3_trace_v2(((sq *)st->impl)->db, 0, NULL, NULL);
  char *out;
  assert_int_equal(test_alerts_json(st, NULL, NULL, &out, &err), 0);
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  size_t made = json_array_size(arr);
  json_decref(arr);
  print_message("%zu alerts in %d statements\n", made, alert_inserts);
  assert_true(made > 500);
  /* as many rows a statement as the backend's inserts take (32 on
   * SQLite); a statement an alert before */
  assert_in_range(alert_inserts, 1, made / 16 + 1);
  FILE *f = tmpfile();
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  fclose(f);
  assert_int_equal(n, made);
  vb_store_close(st);
  st = NULL;
  /* every delivered alert still names the claim it was delivered under */
  sqlite3 *db;
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_open(CDB, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), count(claim) FROM alerts WHERE delivered = 1", -1, &q, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int64(q, 0), (sqlite3_int64)made);
  assert_int_equal(sqlite3_column_int64(q, 1), (sqlite3_int64)made);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/* Each alert's text is its own statement's, cut from its document, for
 * alerts of more documents than one read of the bodies takes (200), in
 * documents of one and of several alerts; what it matched is what its own
 * words hold, never the next statement's. */
static char MDB[512];
static void alert_texts_across_many_documents(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch-many-docs", MDB, sizeof MDB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(MDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "animals", "zebra OR lion", NULL, NULL, &err), 0);
  enum { NDOCS = 230 };
  for (int i = 0; i < NDOCS; i++) {
    char text[512], lion[80] = "", path[64];
    /* every third document: the zebra alone */
    if (i % 3) snprintf(lion, sizeof lion, " A lion slept under the tree by marker %d.", i);
    int n = snprintf(text, sizeof text,
                     "Field notes %d\n\nA zebra crossed the river at mile %d today.%s Nobody counted the birds near camp %d.\n",
                     i, i, lion, i);
    snprintf(path, sizeof path, "notes-%03d.txt", i);
    vb_doc *doc;
    int added;
    assert_int_equal(vb_doc_parse(text, (size_t)n, path, NULL, &doc, &err), 0);
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    vb_doc_free(doc);
  }
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_alert_list *l;
  assert_int_equal(vb_store_alerts(st, "animals", NULL, &l, &err), 0);
  int zebras = 0, lions = 0;
  for (size_t i = 0; i < l->n; i++) {
    const vb_alert *a = &l->alerts[i];
    char want[128];
    int mile = -1;
    if (sscanf(a->text.ptr, "A zebra crossed the river at mile %d today.", &mile) == 1) {
      snprintf(want, sizeof want, "A zebra crossed the river at mile %d today.", mile);
      zebras++;
    } else if (sscanf(a->text.ptr, "A lion slept under the tree by marker %d.", &mile) == 1) {
      snprintf(want, sizeof want, "A lion slept under the tree by marker %d.", mile);
      lions++;
    } else {
      fail_msg("alert %zu: text '%.*s'", i, (int)a->text.len, a->text.ptr);
    }
    if (a->text.len != strlen(want) || memcmp(a->text.ptr, want, a->text.len))
      fail_msg("alert %zu: text '%.*s', want '%s'", i, (int)a->text.len, a->text.ptr, want);
  }
  assert_int_equal(zebras, NDOCS);
  assert_int_equal(lions, NDOCS - (NDOCS + 2) / 3);
  vb_alert_list_free(l);
  /* what each matched, as delivered: its own word only */
  FILE *f = tmpfile();
  assert_non_null(f);
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  assert_int_equal(n, (size_t)(zebras + lions));
  rewind(f);
  char line[4096];
  size_t lines = 0;
  while (fgets(line, sizeof line, f)) {
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    const char *text = json_string_value(json_object_get(json_object_get(o, "statement"), "text"));
    json_t *m = json_object_get(o, "matched");
    assert_int_equal(json_array_size(m), 1);
    const char *word = json_string_value(json_array_get(m, 0));
    if (!strstr(text, word)) fail_msg("'%s' matched '%s'", text, word);
    json_decref(o);
    lines++;
  }
  fclose(f);
  assert_int_equal(lines, n);
  vb_store_close(st);
  st = NULL;
}

/* What an alert says it matched is what search found in its statement, by
 * the same analysis: "elapsing" is in "elapsed" (one stem), "war" is not
 * in "toward" (the reasons once compared letters: a word's end cut off,
 * then found anywhere in the text). */
static char RDB[512];
static void alert_reasons_are_the_words_search_found(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch-reasons", RDB, sizeof RDB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(RDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "w", "elapsing OR war OR swaps", NULL, NULL, &err), 0);
  const char *text =
      "Minutes of the committee\n\n"
      "The deadline for the talks elapsed without any agreement between the parties to the dispute. "
      "The delegates then moved toward a settlement of the currency swap lines with the central banks.\n";
  vb_doc *doc;
  int added;
  assert_int_equal(vb_doc_parse(text, strlen(text), "minutes.txt", NULL, &doc, &err), 0);
  assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
  vb_doc_free(doc);
  assert_int_equal(vb_store_flush(st, &err), 0);
  FILE *f = tmpfile();
  assert_non_null(f);
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  assert_int_equal(n, 2);
  rewind(f);
  char line[4096];
  int elapsed = 0, toward = 0;
  while (fgets(line, sizeof line, f)) {
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    const char *t = json_string_value(json_object_get(json_object_get(o, "statement"), "text"));
    json_t *m = json_object_get(o, "matched");
    char *got = json_dumps(m, JSON_COMPACT);
    if (strstr(t, "elapsed")) {
      elapsed++;
      if (strcmp(got, "[\"elapsing\"]")) fail_msg("'%s' matched %s, want [\"elapsing\"]", t, got);
    } else if (strstr(t, "toward")) {
      toward++;
      if (strcmp(got, "[\"swaps\"]")) fail_msg("'%s' matched %s, want [\"swaps\"]", t, got);
    }
    free(got);
    json_decref(o);
  }
  fclose(f);
  assert_int_equal(elapsed, 1);
  assert_int_equal(toward, 1);
  vb_store_close(st);
  st = NULL;
}

/* Each text parsed (in its language, NULL: as it says) and stored in st,
 * then flushed: the watches see them. */
static void put_texts(const char *const *texts, const char *const *langs, int n) {
  vb_err err;
  for (int i = 0; i < n; i++) {
    vb_doc *doc;
    int added;
    char path[32];
    snprintf(path, sizeof path, "text-%d.txt", i);
    vb_parse_opts o = {.language = langs ? langs[i] : NULL};
    assert_int_equal(vb_doc_parse(texts[i], strlen(texts[i]), path, &o, &doc, &err), 0);
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    vb_doc_free(doc);
  }
  assert_int_equal(vb_store_flush(st, &err), 0);
}

/* Delivers st's alerts, want of them, and checks each line's reasons:
 * reasons(text, watch) is what its "matched" must be, compact JSON. */
static void delivered_reasons(size_t want, const char *(*reasons)(const char *text, const char *watch)) {
  vb_err err;
  FILE *f = tmpfile();
  assert_non_null(f);
  size_t n = 0;
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  assert_int_equal(n, want);
  rewind(f);
  char line[4096];
  size_t seen = 0;
  while (fgets(line, sizeof line, f)) {
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    const char *t = json_string_value(json_object_get(json_object_get(o, "statement"), "text"));
    const char *watch = json_string_value(json_object_get(o, "watch"));
    assert_non_null(t);
    assert_non_null(watch);
    const char *w = reasons(t, watch);
    char *got = json_dumps(json_object_get(o, "matched"), JSON_COMPACT);
    if (!got || strcmp(got, w)) fail_msg("%s on '%s' matched %s, want %s", watch, t, got ? got : "?", w);
    free(got);
    json_decref(o);
    seen++;
  }
  fclose(f);
  assert_int_equal(seen, want);
}

static const char *animal_reasons(const char *text, const char *watch) {
  int zebra = strstr(text, "zebra") != NULL;
  return !strcmp(watch, "animals") ? (zebra ? "[\"zebras\"]" : "[\"lion\"]")
         : !strcmp(watch, "water") ? (zebra ? "[\"rivers\"]" : "[\"lake\"]")
                                    : "[\"cross\"]";
}

/* A statement several watches caught is analysed once for all their
 * reasons: each alert still says what its own query found in its own
 * statement. The two documents' statements stand at the same index and
 * hold different words, so reasons taken from the wrong statement (or the
 * wrong query) show. */
static char SDB[512];
static void reasons_per_statement_and_watch(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch-shared-reasons", SDB, sizeof SDB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(SDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "animals", "zebras OR lion", NULL, NULL, &err), 0);
  assert_int_equal(vb_watch_add(st, "water", "rivers OR lake", NULL, NULL, &err), 0);
  assert_int_equal(vb_watch_add(st, "crossing", "cross*", NULL, NULL, &err), 0);
  const char *texts[] = {"Field notes one\n\nA zebra crossed the river at dawn before the rains came.\n",
                         "Field notes two\n\nA lion crossed the lake at dusk after the rains stopped.\n"};
  put_texts(texts, NULL, 2);
  delivered_reasons(6, animal_reasons);
  vb_store_close(st);
  st = NULL;
}

static const char *regierungen(const char *text, const char *watch) {
  (void)text;
  (void)watch;
  return "[\"regierungen\"]";
}

/* A query's words are analysed once a page in each statement language
 * that asks for them: an English and a German statement caught by one
 * watch each say what their own language's analysis found. */
static char LDB[512];
static void reasons_in_each_language(void **state) {
  (void)state;
  assert_int_equal(test_archive("test-watch-lang-reasons", LDB, sizeof LDB), 0);
  vb_err err;
  assert_int_equal(vb_store_open(LDB, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "w", "regierungen", NULL, NULL, &err), 0);
  const char *texts[] = {"Notes\n\nThe regierungen of the old atlas were drawn in ink.\n",
                         "Notizen\n\nDie Regierungen der Länder haben lange darüber beraten.\n"};
  const char *langs[] = {"en", "de"};
  put_texts(texts, langs, 2);
  delivered_reasons(2, regierungen);
  vb_store_close(st);
  st = NULL;
}

/* A webhook receiver on loopback that fails its first two requests. */
typedef struct hook {
  pthread_mutex_t mu;
  int requests, ok;
  char last[8192];
} hook;

static enum MHD_Result on_hook(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con) {
  (void)url;
  (void)method;
  (void)version;
  hook *h = cls;
  static int marker;
  if (!*con) {
    *con = &marker;
    return MHD_YES;
  }
  if (*upload_size) {
    pthread_mutex_lock(&h->mu);
    snprintf(h->last, sizeof h->last, "%.*s", (int)*upload_size, upload);
    pthread_mutex_unlock(&h->mu);
    *upload_size = 0;
    return MHD_YES;
  }
  pthread_mutex_lock(&h->mu);
  int n = ++h->requests;
  if (n > 2) h->ok++;
  pthread_mutex_unlock(&h->mu);
  struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
  enum MHD_Result rc = MHD_queue_response(c, n > 2 ? 200 : 500, r);
  MHD_destroy_response(r);
  return rc;
}

static void webhook_retries_and_dead_letters(void **state) {
  (void)state;
  hook h = {PTHREAD_MUTEX_INITIALIZER, 0, 0, ""};
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_hook, &h,
                                          MHD_OPTION_END);
  assert_non_null(d);
  int port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  char sink[128];
  snprintf(sink, sizeof sink, "webhook:http://127.0.0.1:%d/hook", port);
  assert_int_equal(vb_watch_add(st, "hooked", "zanzibar", sink, NULL, &err), 0);
  /* nothing listens on port 1: the endpoint stays down */
  assert_int_equal(vb_watch_add(st, "down", "zanzibar", "webhook:http://127.0.0.1:1/", NULL, &err), 0);
  const char *doc = "Zanzibar Hook\n\nHost: Where?\n\nGuest: Zanzibar, said the guest.\n";
  vb_doc *dd;
  int added;
  assert_int_equal(vb_doc_parse(doc, strlen(doc), "hook.txt", NULL, &dd, &err), 0);
  assert_int_equal(vb_store_put(st, dd, &added, &err), 0);
  vb_doc_free(dd);
  assert_int_equal(vb_store_flush(st, &err), 0);
  size_t n = 0;
  FILE *f = tmpfile();
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), VB_EIO); /* the dead one is reported */
  assert_int_equal(n, 1);
  pthread_mutex_lock(&h.mu);
  assert_int_equal(h.requests, 3); /* two failures, then delivered */
  assert_int_equal(h.ok, 1);
  assert_non_null(strstr(h.last, "\"watch\":\"hooked\""));
  pthread_mutex_unlock(&h.mu);
  /* delivered once: nothing is sent again; the dead letter stays put */
  assert_int_equal(vb_alerts_deliver(st, f, &n, &err), 0);
  assert_int_equal(n, 0);
  assert_int_equal(h.requests, 3);
  char *out;
  assert_int_equal(test_alerts_json(st, "down", NULL, &out, &err), 0);
  assert_non_null(strstr(out, "\"state\":\"dead\""));
  assert_non_null(strstr(out, "\"error\""));
  free(out);
  assert_int_equal(test_alerts_json(st, "hooked", NULL, &out, &err), 0);
  assert_non_null(strstr(out, "\"state\":\"delivered\""));
  free(out);
  fclose(f);
  vb_store_close(st);
  MHD_stop_daemon(d);
}

/* A watch on a fresh archive, then ingest on worker threads (as `verbatim
 * ingest` runs): the statements come analysed from the threads, and the
 * watch still fires on exactly what search finds. (The archive crashed
 * here: its connection had no analyser for the watches.) */
static void stored(void *ctx, const char *name, const vb_doc_view *v, int added, const vb_err *err) {
  (void)name, (void)v, (void)added;
  if (err) ++*(int *)ctx;
}

static void watch_then_threaded_ingest(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-watch-threads", db, sizeof db), 0);
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "weapons", "kalashnikov OR rockets", NULL, NULL, &err), 0);
  vb_ingest *in;
  int failed = 0;
  assert_int_equal(vb_ingest_open(st, NULL, 2, stored, &failed, &in, &err), 0);
  const char *files[] = {SEED, "tests/golden/dispatch-second.txt"};
  for (size_t i = 0; i < 2; i++) {
    char *bytes;
    size_t len;
    assert_int_equal(vb_file_read(files[i], &bytes, &len, &err), 0);
    assert_int_equal(vb_ingest_add(in, files[i], bytes, len, &err), 0);
  }
  if (vb_ingest_close(in, &err)) fail_msg("%s", err.msg);
  assert_int_equal(failed, 0);
  vb_results *r;
  vb_search_opts o = {.limit = 1000};
  assert_int_equal(vb_store_search(st, "kalashnikov OR rockets", &o, &r, &err), 0);
  assert_true(r->total > 0);
  char *json;
  assert_int_equal(test_alerts_json(st, "weapons", NULL, &json, &err), 0);
  json_t *arr = json_loads(json, 0, NULL);
  assert_int_equal((int64_t)json_array_size(arr), r->total);
  json_decref(arr);
  free(json);
  vb_results_free(r);
  vb_store_close(st);
  st = NULL;
}

/* A watch removed and another added in its place, by one connection,
 * while a second connection keeps ingesting: the second one matches the
 * new watch, and its alert's id is past every id given before. (SQLite
 * gave the new watch the removed one's id, and a connection that had
 * compiled the old set by count and newest id kept matching the removed
 * query; and it gave the new alert the removed watch's alert's id, so a
 * stream resuming after that id never got it.) */
static int64_t first_alert_id(vb_store *from, const char *watch) {
  vb_alert_list *l = NULL;
  vb_err err;
  assert_int_equal(vb_store_alerts(from, watch, NULL, &l, &err), 0);
  if (l->n != 1) fail_msg("alerts of %s: %zu", watch, l->n);
  int64_t id = l->alerts[0].id;
  vb_alert_list_free(l);
  return id;
}

static int put_text(vb_store *into, const char *name, const char *text) {
  vb_doc *doc;
  vb_err err;
  int rc = vb_doc_parse(text, strlen(text), name, NULL, &doc, &err);
  int added;
  if (!rc) rc = vb_store_put(into, doc, &added, &err);
  vb_doc_free(doc);
  if (!rc) rc = vb_store_flush(into, &err);
  return rc;
}

static void replaced_watch_fires_on_every_connection(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-watch-replaced", db, sizeof db), 0);
  vb_err err;
  vb_store *a, *b;
  assert_int_equal(vb_store_open(db, 1, &a, &err), 0);
  assert_int_equal(vb_store_open(db, 0, &b, &err), 0);
  assert_int_equal(vb_watch_add(a, "first", "quetzalword", NULL, NULL, &err), 0);
  assert_int_equal(put_text(b, "one.txt", "One\n\nAda Varn: The quetzalword comes first.\n"), 0);
  int64_t before = first_alert_id(a, "first");
  assert_int_equal(vb_watch_rm(a, "first", &err), 0);
  assert_int_equal(vb_watch_add(a, "second", "zanzibarite", NULL, NULL, &err), 0);
  assert_int_equal(put_text(b, "two.txt", "Two\n\nAda Varn: The zanzibarite question is back.\n"), 0);
  int64_t after = first_alert_id(a, "second");
  if (after <= before) fail_msg("the new alert's id %lld is not past %lld", (long long)after, (long long)before);
  vb_store_close(b);
  vb_store_close(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(watches_fire_like_search),
      cmocka_unit_test(delivery_once),
      cmocka_unit_test(webhook_retries_and_dead_letters),
      cmocka_unit_test(random_watches_agree_with_search),
      cmocka_unit_test(kept_reasons_are_the_reasons_worked_out),
      cmocka_unit_test(concurrent_deliverers),
      cmocka_unit_test(others_claims_inside_a_page_stay_theirs),
      cmocka_unit_test(pending_alerts_indexed_alone),
      cmocka_unit_test(new_archive_makes_only_the_waiting_index),
      cmocka_unit_test(alerts_say_when_they_were_made),
      cmocka_unit_test(alerts_delivered_page_by_page),
      cmocka_unit_test(alert_texts_across_many_documents),
      cmocka_unit_test(alert_reasons_are_the_words_search_found),
      cmocka_unit_test(reasons_per_statement_and_watch),
      cmocka_unit_test(reasons_in_each_language),
      cmocka_unit_test(alerts_recorded_many_to_a_statement),
      cmocka_unit_test(watch_then_threaded_ingest),
      cmocka_unit_test(replaced_watch_fires_on_every_connection),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
