/* The archive end to end: ingest the seed dispatch and fixtures, search
 * with the query language, facets agree with hits, idempotent ingest, bad
 * documents leave nothing behind, integrity check. */
#include <math.h>
#include <strings.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "store/compile.h"
#include "store/pg_int.h"
#include "store/sqlite_int.h"
#include "store/store.h"
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
  if (rc) return rc;
  rc = vb_store_put(st, doc, added, &err);
  vb_doc_free(doc);
  return rc;
}

static int put_text(const char *name, const char *text, int *added) {
  vb_doc *doc;
  vb_err err;
  int rc = vb_doc_parse(text, strlen(text), name, NULL, &doc, &err);
  if (rc) return rc;
  rc = vb_store_put(st, doc, added, &err);
  vb_doc_free(doc);
  return rc;
}

static const char *const arabic_doc =
    "\xD8\xA7\xD9\x84\xD9\x85\xD8\xB0\xD9\x8A\xD8\xB9: \xD9\x85\xD8\xA7 \xD8\xB1\xD8\xA3\xD9\x8A\xD9\x83\xD8\x9F\n\n"
    /* سامي خليل: حَمَاسٌ ليست وحدها في إسرائيل. */
    "\xD8\xB3\xD8\xA7\xD9\x85\xD9\x8A \xD8\xAE\xD9\x84\xD9\x8A\xD9\x84: "
    "\xD8\xAD\xD9\x8E\xD9\x85\xD9\x8E\xD8\xA7\xD8\xB3\xD9\x8C \xD9\x84\xD9\x8A\xD8\xB3\xD8\xAA "
    "\xD9\x88\xD8\xAD\xD8\xAF\xD9\x87\xD8\xA7 \xD9\x81\xD9\x8A \xD8\xA5\xD8\xB3\xD8\xB1\xD8\xA7\xD8\xA6\xD9\x8A\xD9\x84.\n";

static const char *const english_doc =
    "ANNA SMITH: We work for peace in the world, and that is all we do.\n\n"
    "ANNA SMITH: The forests burn while the vaccines arrive in the north.\n";

static int setup(void **state) {
  (void)state;
  vb_err err;
  if (test_archive("test-store", DB, sizeof DB)) return -1;
  if (vb_store_open(DB, 1, &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  int added;
  if (put_file(SEED, &added) || !added) return -1;
  static const char *const fixtures[] = {"tests/golden/dispatch-second.txt",
                                         "tests/golden/interview-generic.txt",
                                         "tests/golden/debate-labels-own-line.txt"};
  for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++)
    if (put_file(fixtures[i], &added) || !added) return -1;
  if (put_text("arabic.txt", arabic_doc, &added) || !added) return -1;
  return vb_store_flush(st, &err) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  vb_store_close(st);
  return 0;
}

static vb_results *search(const char *q, unsigned facets) {
  vb_search_opts o = {.limit = 100, .sort = VB_SORT_RELEVANCE, .facets = facets};
  vb_results *r;
  vb_err err;
  if (vb_store_search(st, q, &o, &r, &err)) fail_msg("search '%s': %s", q, err.msg);
  return r;
}

static int64_t total(const char *q) {
  vb_results *r = search(q, 0);
  int64_t n = r->total;
  assert_int_equal((size_t)n < 100 ? (size_t)n : 100, r->nhits);
  vb_results_free(r);
  return n;
}

static int has_text(const vb_results *r, const char *part) {
  for (size_t i = 0; i < r->nhits; i++)
    if (r->hits[i].text.ptr && strstr(r->hits[i].text.ptr, part)) return 1;
  return 0;
}

static void baraka_kalashnikov(void **state) {
  (void)state;
  vb_results *r = search("speaker:baraka kalashnikov", 0);
  assert_int_equal(r->total, 2);
  assert_true(has_text(r, "manufacturing Kalashnikov rifles"));
  assert_true(has_text(r, "Russian license to produce Kalashnikov bullets"));
  for (size_t i = 0; i < r->nhits; i++) {
    assert_memory_equal(r->hits[i].speaker.ptr, "Ali Baraka", 10);
    assert_non_null(strstr(r->hits[i].snippet.ptr, "**Kalashnikov**"));
    assert_non_null(strstr(r->hits[i].citation.ptr, "Russia Today TV, 2023-10-08"));
    assert_non_null(strstr(r->hits[i].citation.ptr, "MEMRI Special Dispatch No. 10850"));
  }
  vb_results_free(r);
  /* what the summary reports he said is there under kind:reported */
  assert_int_equal(total("speaker:baraka kalashnikov kind:reported"), 1);
  assert_int_equal(total("kalashnikov"), 3);
}

static void phrase_stems(void **state) {
  (void)state;
  vb_results *r = search("\"prisoner swap\"", 0);
  assert_true(r->total >= 2);
  assert_true(has_text(r, "The U.S. conducts prisoner swaps."));
  vb_results_free(r);
}

/* A phrase whose last word is a prefix: the words in order, the last
 * one begun (the star outside the quotes or inside), on both backends. */
static void phrase_prefix(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("zelmor.txt",
                            "Host: The zelmorian weaponry was counted.\n\nGuest Person: Weapons of a zelmorian kind"
                            " are banned.\n\nHost: The zelmorian weapon stays.\n",
                            &added),
                   0);
  vb_results *r = search("\"zelmorian weap\"*", 0);
  assert_int_equal(r->total, 2);
  assert_true(has_text(r, "The zelmorian weaponry was counted."));
  assert_true(has_text(r, "The zelmorian weapon stays."));
  vb_results_free(r);
  assert_int_equal(total("\"zelmorian weap*\""), 2);
  assert_int_equal(total("zelmorian weap*"), 3);
  assert_int_equal(total("\"zelmorian weap\""), 0);
}

/* The hits of q, one line each (document, statement), in order. */
static char *hit_list(const char *q) {
  vb_search_opts o = {.limit = 1000, .sort = VB_SORT_DATE};
  vb_results *r;
  vb_err err;
  if (vb_store_search(st, q, &o, &r, &err)) fail_msg("search '%s': %s", q, err.msg);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_printf(&b, "%lld:", (long long)r->total);
  for (size_t i = 0; i < r->nhits; i++) vb_buf_printf(&b, " %.12s#%d", r->hits[i].doc, r->hits[i].index);
  vb_results_free(r);
  return vb_buf_detach(&b);
}

/* Every document of the archive is in a stemmed language, so query words
 * leave their written forms out; with a document in none (its language
 * noted as "") they are sought as written too, and find the same
 * statements here: a word written as it is has its stem beside it. */
static void written_form_left_out_finds_the_same(void **state) {
  (void)state;
  static const char *const queries[] = {"forests",          "kalashnikov",        "\"prisoner swap\"",
                                        "vaccine*",         "hamas -israel",      "its",
                                        "=Kalashnikov",     "russia NEAR/5 arms", "rifles OR bullets",
                                        "\"nuclear weap\"*", "speaker:baraka war", "forest"};
  enum { NQ = sizeof queries / sizeof *queries };
  vs_db db = {st->ops->sql, st->impl};
  vb_err err;
  an_langs l;
  assert_int_equal(vs_load_langs(db, &l, &err), 0);
  assert_int_equal(l.written, 0);
  char *without[NQ];
  for (size_t i = 0; i < NQ; i++) without[i] = hit_list(queries[i]);
  assert_int_equal(vs_sql_exec(db, "INSERT INTO doc_languages(language) VALUES('')", &err), 0);
  assert_int_equal(vs_load_langs(db, &l, &err), 0);
  assert_int_equal(l.written, 1);
  for (size_t i = 0; i < NQ; i++) {
    char *with = hit_list(queries[i]);
    if (strcmp(with, without[i])) fail_msg("%s: written forms left out: %s\nsought: %s", queries[i], without[i], with);
    free(with);
    free(without[i]);
  }
  assert_int_equal(vs_sql_exec(db, "DELETE FROM doc_languages WHERE language = ''", &err), 0);
  assert_int_equal(total("kalashnikov"), 3);
}

static void mentions_hizbullah(void **state) {
  (void)state;
  vb_results *r = search("mentions:hizbullah", 0);
  assert_true(r->total >= 3);
  for (size_t i = 0; i < r->nhits; i++) assert_non_null(strstr(r->hits[i].text.ptr, "Hizbullah"));
  vb_results_free(r);
}

static void arabic_folding(void **state) {
  (void)state;
  /* حماس without harakat; اسرائيل with a bare alef */
  assert_int_equal(total("\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3"), 1);
  assert_int_equal(total("\xD8\xA7\xD8\xB3\xD8\xB1\xD8\xA7\xD8\xA6\xD9\x8A\xD9\x84"), 1);
  assert_int_equal(total("\xD8\xAD\xD9\x8E\xD9\x85\xD9\x8E\xD8\xA7\xD8\xB3\xD9\x8C"), 1);
}

static void boolean_logic(void **state) {
  (void)state;
  int64_t a = total("kalashnikov"), b = total("hizbullah"), both = total("kalashnikov hizbullah");
  int64_t either = total("kalashnikov OR hizbullah");
  assert_int_equal(either, a + b - both);
  assert_int_equal(total("hizbullah -iran"), b - total("hizbullah iran"));
  assert_int_equal(total("hizbullah NOT iran"), total("hizbullah -iran"));
  /* a filter is a positive term: the words beside it may all be negated */
  int64_t sb = total("speaker:baraka");
  assert_true(total("speaker:baraka kalashnikov") > 0);
  assert_int_equal(total("speaker:baraka -kalashnikov"), sb - total("speaker:baraka kalashnikov"));
  assert_int_equal(total("speaker:baraka NOT (kalashnikov OR russia)"),
                   sb - total("speaker:baraka (kalashnikov OR russia)"));
  assert_int_equal(total("(-kalashnikov -russia) speaker:baraka"),
                   total("speaker:baraka NOT (kalashnikov OR russia)"));
  assert_int_equal(total("speaker:baraka (russia OR -kalashnikov)"),
                   sb - total("speaker:baraka kalashnikov -russia"));
  assert_true(total("swap*") >= 2);
  assert_true(total("galilee NEAR/4 bomb") >= 1);
  assert_int_equal(total("=hizbullah"), 0);       /* exact: case matters */
  assert_true(total("=Hizbullah") >= 3);
  assert_int_equal(total("exact:\"prisoner swap\""), 1); /* no stemming */
  assert_int_equal(total("speaker:baraka OR speaker:interviewer"),
                   total("speaker:baraka") + total("speaker:interviewer"));
}

static void filters(void **state) {
  (void)state;
  assert_int_equal(total("tag:palestinians kalashnikov"), 3);
  assert_int_equal(total("tag:verania kalashnikov"), 0);
  assert_true(total("series:\"special dispatch\" missiles") >= 1);
  assert_true(total("channel:\"russia today\" hizbullah") >= 3);
  assert_int_equal(total("after:2024-01-01 hizbullah"), 0);
  assert_true(total("before:2024-01-01 hizbullah") >= 3);
  assert_true(total("date:2023-10 hizbullah") >= 3);
  assert_int_equal(total("kind:title"), 2);
  assert_true(total("lang:en kind:heading") >= 4);
  assert_true(total("doc:10850 kalashnikov") == 3);
  /* host: the debate's moderator is its host, his guests are not */
  assert_int_equal(total("host:yes speaker:\"sam okafor\""), total("speaker:\"sam okafor\""));
  assert_true(total("speaker:\"sam okafor\"") > 0);
  assert_int_equal(total("host:no speaker:\"sam okafor\""), 0);
  assert_int_equal(total("host:no speaker:allen"), total("speaker:allen"));
  assert_true(total("speaker:allen") > 0);
  assert_int_equal(total("host:yes speaker:allen"), 0);
  assert_int_equal(total("HOST:Yes") + total("host:no"), total("host:yes OR host:no"));
  assert_true(total("host:yes") > 0);
  assert_int_equal(total("-host:yes speaker:\"sam okafor\""), 0);
}

static void facets_agree(void **state) {
  (void)state;
  vb_results *r = search("hizbullah OR iran", VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH);
  int64_t sum = 0;
  for (size_t k = 0; k < r->nfacets[0]; k++) sum += r->facets[0][k].count;
  int64_t with_speaker = 0;
  /* the facet counts speakers' own words, as speaker: finds them */
  for (size_t i = 0; i < r->nhits; i++)
    with_speaker += r->hits[i].speaker.ptr != NULL && !(r->hits[i].kind.len == 8 && !memcmp(r->hits[i].kind.ptr, "indirect", 8));
  assert_int_equal(sum, with_speaker);
  int64_t months = 0;
  for (size_t k = 0; k < r->nfacets[3]; k++) months += r->facets[3][k].count;
  assert_int_equal(months, r->total);
  assert_string_equal(r->facets[2][0].value.ptr, "Palestinians");
  char *json;
  vb_err err;
  assert_int_equal(vb_results_to_json(r, &json, &err), 0);
  assert_non_null(strstr(json, "\"facets\":{\"speaker\":[[\"Ali Baraka\","));
  free(json);
  vb_results_free(r);
}

/* A label that names no one ("Question") is a speaker of each document,
 * but the speaker facet, which filters by name, shows the name once with
 * every document's count. */
static void anonymous_speakers_one_facet_entry(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("qa-one.txt", "Harbour talks\n\nOmar Tessel: The quays are ready.\n\nQuestion: Are the "
                                          "quays ready for winter?\n\nOmar Tessel: They are.\n", &added), 0);
  assert_int_equal(put_text("qa-two.txt", "Harbour talks again\n\nLea Novak: The port opens.\n\nQuestion: Will the "
                                          "quays open too?\n\nLea Novak: Yes.\n", &added), 0);
  vb_results *r = search("quays", VB_FACET_SPEAKER);
  size_t questions = 0;
  int64_t count = 0;
  for (size_t k = 0; k < r->nfacets[0]; k++)
    if (r->facets[0][k].value.len == 8 && !memcmp(r->facets[0][k].value.ptr, "Question", 8)) {
      questions++;
      count = r->facets[0][k].count;
    }
  assert_int_equal(questions, 1);
  assert_int_equal(count, 2);
  for (size_t k = 1; k < r->nfacets[0]; k++) assert_true(r->facets[0][k - 1].count >= r->facets[0][k].count);
  vb_results_free(r);
}

/* A document dated by its year alone (every UN General Debate speech)
 * shows in the month facet as its year, not as the January its
 * statements are counted from; a document of that January keeps its
 * month beside it. */
static void month_facet_years(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("tests/SWE_41_1986.txt", "The glacier treaty is signed by every state. The glacier treaty will hold.\n", &added), 0);
  assert_int_equal(put_text("glacier-january.txt", "January 15, 1986\n\nGlacier notice\n\nJanuary 15, 1986\n\nThe glacier treaty was read at noon.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_results *r = search("glacier", VB_FACET_MONTH);
  assert_int_equal(r->total, 3);
  assert_int_equal(r->nfacets[3], 2);
  int64_t year = 0, january = 0;
  for (size_t k = 0; k < r->nfacets[3]; k++) {
    if (!strcmp(r->facets[3][k].value.ptr, "1986")) year = r->facets[3][k].count;
    if (!strcmp(r->facets[3][k].value.ptr, "1986-01")) january = r->facets[3][k].count;
  }
  assert_int_equal(year, 2);
  assert_int_equal(january, 1);
  vb_results_free(r);
}

/* SQL a connection ran whose text holds `part` (sqlite3_trace_v2). */
typedef struct ran_sql {
  const char *part;
  int n;
  char years[512]; /* the text of the cache's read of documents' years */
} ran_sql;

static int count_ran(unsigned what, void *ctx, void *p, void *x) {
  ran_sql *r = ctx;
  (void)what;
  (void)x;
  const char *sql = sqlite3_sql(p);
  if (sql && strstr(sql, r->part)) r->n++;
  if (sql && strstr(sql, "FROM documents") && strstr(sql, "length(date) = 4") && !strstr(sql, r->part))
    snprintf(r->years, sizeof r->years, "EXPLAIN QUERY PLAN %s", sql);
  return 0;
}

static void month_values(const vb_results *r, int64_t *year, int64_t *january) {
  *year = *january = 0;
  for (size_t k = 0; k < r->nfacets[3]; k++) {
    if (!strcmp(r->facets[3][k].value.ptr, "1987")) *year = r->facets[3][k].count;
    if (!strcmp(r->facets[3][k].value.ptr, "1987-01")) *january = r->facets[3][k].count;
  }
}

/* A search that reads the column cache gives a year-only document's
 * statements their year as it counts them, from the years the cache
 * keeps by document (loaded with the statements, a document added later
 * with its own): no read of the year's documents, which cost every such
 * search +17.5% instructions on the UN archive. */
static void month_facet_years_from_the_cache(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  vb_err err;
  int added;
  vb_store *s2;
  assert_int_equal(vb_store_open(DB, 0, &s2, &err), 0);
  assert_int_equal(vb_store_warm(s2, &err), 0);
  const vs_cols *k = &((sq *)s2->impl)->cols;
  ran_sql ran = {"date BETWEEN ?1", 0, ""};
  sqlite3_trace_v2(((sq *)s2->impl)->db, SQLITE_TRACE_STMT, count_ran, &ran);
  vb_search_opts o = {.limit = 10, .sort = VB_SORT_RELEVANCE, .facets = VB_FACET_MONTH};
  for (int round = 0; round < 2; round++) {
    /* the second round's documents come after the cache was loaded */
    const char *name = round ? "tests/NOR_42_1987.txt" : "tests/DNK_42_1987.txt";
    assert_int_equal(put_text(name, round ? "The fjord accord binds us. The fjord accord is fair.\n"
                                          : "The fjord accord is signed. The fjord accord will hold.\n", &added), 0);
    assert_int_equal(added, 1);
    if (!round)
      assert_int_equal(put_text("fjord-january.txt", "January 20, 1987\n\nFjord notice\n\nJanuary 20, 1987\n\nThe fjord accord was read.\n",
                                &added), 0);
    assert_int_equal(vb_store_flush(st, &err), 0);
    if (!round) assert_int_equal(vb_store_warm(s2, &err), 0);
    vb_results *r;
    assert_int_equal(vb_store_search(s2, "fjord", &o, &r, &err), 0);
    int64_t year, january;
    month_values(r, &year, &january);
    assert_int_equal(year, round ? 4 : 2);
    assert_int_equal(january, 1);
    assert_int_equal(r->nfacets[3], 2);
    vb_results_free(r);
  }
  assert_true(k->ndocs > 0);
  assert_int_equal(ran.n, 0);
  /* the years come by an id range of the index of documents dated by a
   * year alone (the table's rows hold the documents' text: a range of
   * them read every page of it; the date index, every dated document's
   * entry) */
  assert_true(ran.years[0]);
  sqlite3_stmt *plan;
  assert_int_equal(sqlite3_prepare_v2(((sq *)s2->impl)->db, ran.years, -1, &plan, NULL), SQLITE_OK);
  int ranged = 0, scanned = 0;
  while (sqlite3_step(plan) == SQLITE_ROW) {
    const char *how = (const char *)sqlite3_column_text(plan, 3);
    ranged |= strstr(how, "COVERING INDEX documents_year_alone (id>? AND id<?)") != NULL;
    scanned |= strncmp(how, "SCAN", 4) == 0;
  }
  sqlite3_finalize(plan);
  if (!ranged || scanned) fail_msg("the years' read is not an id range of documents_year_alone: %s", ran.years);
  /* the same from a store that reads the rows (one that answers one
   * search): the found documents' years by id from the same index (a
   * rowid lookup read a page of each document's text) */
  vb_store *cold;
  assert_int_equal(vb_store_open(DB, 0, &cold, &err), 0);
  vb_store_one_search(cold);
  ran_sql cold_ran = {"date BETWEEN ?1", 0, ""};
  sqlite3_trace_v2(((sq *)cold->impl)->db, SQLITE_TRACE_STMT, count_ran, &cold_ran);
  vb_results *r;
  assert_int_equal(vb_store_search(cold, "fjord", &o, &r, &err), 0);
  int64_t year, january;
  month_values(r, &year, &january);
  assert_int_equal(year, 4);
  assert_int_equal(january, 1);
  vb_results_free(r);
  assert_true(cold_ran.years[0]);
  assert_int_equal(sqlite3_prepare_v2(((sq *)cold->impl)->db, cold_ran.years, -1, &plan, NULL), SQLITE_OK);
  int by_id = 0;
  scanned = 0;
  while (sqlite3_step(plan) == SQLITE_ROW) {
    const char *how = (const char *)sqlite3_column_text(plan, 3);
    by_id |= strstr(how, "COVERING INDEX documents_year_alone (id=?)") != NULL;
    scanned |= strncmp(how, "SCAN documents", 14) == 0 || strstr(how, "INTEGER PRIMARY KEY") != NULL;
  }
  sqlite3_finalize(plan);
  if (!by_id || scanned) fail_msg("the found documents' years are not read from documents_year_alone: %s", cold_ran.years);
  vb_store_close(cold);
  vb_store_close(s2);
}

static void idempotent_and_atomic(void **state) {
  (void)state;
  int64_t docs, speakers, statements, d2, s2, t2;
  vb_err err;
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &statements, &err), 0);
  int added = 1;
  assert_int_equal(put_file(SEED, &added), 0);
  assert_int_equal(added, 0);
  /* bad inputs beside good ones */
  assert_int_equal(put_text("empty.txt", "", &added), VB_EEMPTY);
  vb_doc *doc;
  assert_int_equal(vb_doc_parse("a\0b", 3, "bin.txt", NULL, &doc, &err), VB_EBINARY);
  assert_int_equal(put_text("new.txt", "Host: A new one.\n\nGuest Person: Yes indeed.\n", &added), 0);
  assert_int_equal(added, 1);
  assert_int_equal(vb_store_counts(st, &d2, &s2, &t2, &err), 0);
  assert_int_equal(d2, docs + 1);
  /* Ali Baraka stays one archive-wide speaker */
  char *sp;
  assert_int_equal(test_speakers_json(st, &sp, &err), 0);
  assert_non_null(strstr(sp, "\"name\":\"Ali Baraka\""));
  assert_null(strstr(strstr(sp, "\"name\":\"Ali Baraka\"") + 1, "\"name\":\"Ali Baraka\""));
  free(sp);
  test_assert_checks(st, __func__);
}

static void documents_dates_and_pages(void **state) {
  (void)state;
  vb_search_opts o = {.limit = 10, .sort = VB_SORT_RELEVANCE, .docs = 1};
  vb_results *r;
  vb_err err;
  /* --docs: one hit per document */
  assert_int_equal(vb_store_search(st, "hamas OR missiles OR pensions", &o, &r, &err), 0);
  assert_int_equal(r->total, 3);
  assert_int_equal(r->nhits, 3);
  for (size_t i = 0; i < r->nhits; i++)
    for (size_t j = i + 1; j < r->nhits; j++) assert_string_not_equal(r->hits[i].doc, r->hits[j].doc);
  vb_results_free(r);
  /* by date: newest document first (2024-03-10 before 2023-10-08) */
  o.docs = 0;
  o.sort = VB_SORT_DATE;
  assert_int_equal(vb_store_search(st, "hamas OR missiles", &o, &r, &err), 0);
  assert_true(r->nhits >= 2);
  assert_memory_equal(r->hits[0].date.ptr, "2024-03-10", 10);
  for (size_t i = 1; i < r->nhits; i++)
    assert_true(memcmp(r->hits[i - 1].date.ptr, r->hits[i].date.ptr, 10) >= 0);
  vb_results_free(r);
  /* pages: offset 2 of the relevance order is the third hit */
  vb_search_opts all = {.limit = 10, .sort = VB_SORT_RELEVANCE}, page = {.limit = 1, .offset = 2, .sort = VB_SORT_RELEVANCE};
  vb_results *a, *b;
  assert_int_equal(vb_store_search(st, "hamas", &all, &a, &err), 0);
  assert_int_equal(vb_store_search(st, "hamas", &page, &b, &err), 0);
  assert_int_equal(b->nhits, 1);
  assert_int_equal(a->total, b->total);
  assert_int_equal(b->hits[0].statement, a->hits[2].statement);
  for (size_t i = 1; i < a->nhits; i++) assert_true(a->hits[i - 1].score >= a->hits[i].score);
  vb_results_free(a);
  vb_results_free(b);
  assert_int_equal(total("lang:ar"), 2);
  assert_int_equal(total("lang:ar hamas"), 0);
}

static int str_is(vb_str s, const char *want) { return s.len == strlen(want) && !memcmp(s.ptr, want, s.len); }

/* opts.context: the hit's neighbours in its own turn, in order, none across turns */
static void context_of_hits(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("harbour.txt",
                            "ANNA KOVAL: The harbour opened at dawn. Ships waited in line. The zephyrine cargo came third."
                            " Cranes worked all day. Night fell on the docks.\n\n"
                            "BORIS LENT: Another turn entirely. The zephyrine tale goes on.\n\n"
                            "ANNA KOVAL: Indeed.\n",
                            &added),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_search_opts o = {.limit = 10, .sort = VB_SORT_RELEVANCE};
  vb_results *r;
  assert_int_equal(vb_store_search(st, "zephyrine speaker:koval", &o, &r, &err), 0);
  assert_int_equal(r->nhits, 1);
  assert_int_equal(r->hits[0].nbefore + r->hits[0].nafter, 0); /* not asked */
  vb_results_free(r);
  o.context = 2;
  assert_int_equal(vb_store_search(st, "zephyrine speaker:koval", &o, &r, &err), 0);
  assert_int_equal(r->nhits, 1);
  const vb_hit *h = &r->hits[0];
  assert_int_equal(h->nbefore, 2);
  assert_int_equal(h->nafter, 2);
  assert_true(str_is(h->before[0], "The harbour opened at dawn."));
  assert_true(str_is(h->before[1], "Ships waited in line."));
  assert_true(str_is(h->after[0], "Cranes worked all day."));
  assert_true(str_is(h->after[1], "Night fell on the docks."));
  char *json;
  assert_int_equal(vb_results_to_json(r, &json, &err), 0);
  assert_non_null(strstr(json, "\"before\":[\"The harbour opened at dawn.\",\"Ships waited in line.\"]"));
  free(json);
  vb_results_free(r);
  /* the second turn's hit: its one neighbour before, nothing from Koval's turn */
  o.context = 5;
  assert_int_equal(vb_store_search(st, "zephyrine speaker:lent", &o, &r, &err), 0);
  assert_int_equal(r->nhits, 1);
  assert_int_equal(r->hits[0].nbefore, 1);
  assert_true(str_is(r->hits[0].before[0], "Another turn entirely."));
  assert_int_equal(r->hits[0].nafter, 0);
  vb_results_free(r);
  /* prose: a frame's context goes on with the words it reports, an
   * indirect statement of another speaker, not past them */
  assert_int_equal(put_text("frame.txt",
                            "The meeting began at noon. Mr Koval said the sassafras cranes had been repaired. "
                            "The docks reopened on Monday.\n",
                            &added),
                   0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  o.context = 1;
  assert_int_equal(vb_store_search(st, "\"Koval said\"", &o, &r, &err), 0);
  assert_int_equal(r->nhits, 1);
  assert_int_equal(r->hits[0].nafter, 1);
  assert_true(str_is(r->hits[0].after[0], "the sassafras cranes had been repaired."));
  vb_results_free(r);
}

/* The network draws a person once: speaking and named are one node, the
 * person entity's; a diarizing tool's "SPEAKER_1" is each document's own
 * speaker and no one's entity. */
static void a_speaker_is_one_node_with_their_entity(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("zephyr.txt",
                            "ANNA KOVAL: The zephyr jetty is ours and it stays ours.\n\n"
                            "BORIS LENT: Anna Koval spoke of the zephyr jetty again today.\n\n"
                            "ANNA KOVAL: The zephyr jetty, Boris Lent, is not for sale.\n",
                            &added),
                   0);
  assert_int_equal(put_text("voices-one.txt", "SPEAKER_1: The tamarisk grove is ours.\n\nSPEAKER_2: It is.\n", &added), 0);
  assert_int_equal(put_text("voices-two.txt", "SPEAKER_1: The tamarisk grove burned.\n\nSPEAKER_2: Sadly.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_network *n;
  assert_int_equal(vb_store_network(st, "zephyr", 20, &n, &err), 0);
  int koval = 0, lent = 0;
  for (size_t i = 0; i < n->nnodes; i++) {
    if (n->nodes[i].name.len == 10 && !strncasecmp(n->nodes[i].name.ptr, "Anna Koval", 10)) {
      assert_int_equal(n->nodes[i].id[0], 'e');
      koval++;
    }
    if (n->nodes[i].name.len == 10 && !strncasecmp(n->nodes[i].name.ptr, "Boris Lent", 10)) lent++;
  }
  assert_int_equal(koval, 1);
  assert_int_equal(lent, 1);
  int speaks = 0;
  for (size_t i = 0; i < n->nedges; i++) {
    assert_true(strcmp(n->edges[i].source, n->edges[i].target) != 0);
    speaks += !strcmp(n->edges[i].kind, "speaks-of");
  }
  assert_true(speaks >= 2); /* Lent of Koval, Koval of Lent */
  vb_network_free(n);
  vb_speaker_list *l;
  assert_int_equal(vb_store_speakers(st, &l, &err), 0);
  int voices = 0;
  for (size_t i = 0; i < l->n; i++)
    if (l->speakers[i].name.len == 9 && !memcmp(l->speakers[i].name.ptr, "SPEAKER_1", 9)) {
      assert_int_equal(l->speakers[i].documents, 1);
      voices++;
    }
  vb_speaker_list_free(l);
  assert_int_equal(voices, 2);
  vb_entity_list *e;
  assert_int_equal(vb_store_entities(st, "SPEAKER_1", VB_ENT_PERSON, 0, &e, &err), 0);
  assert_int_equal(e->n, 0);
  vb_entity_list_free(e);
}

static void show_by_reference(void **state) {
  (void)state;
  char *json;
  vb_err err;
  assert_int_equal(test_doc_json(st, "10850", &json, &err), 0);
  assert_non_null(strstr(json, "\"number\":\"10850\""));
  free(json);
  assert_int_equal(test_doc_json(st, "nonexistent", &json, &err), VB_ENOTFOUND);
}

/* The cost model: a search whose words the index must read for more
 * statements than the store allows is refused before it runs, the
 * message naming its costliest word; each time a word is named counts,
 * so 40 x `=the` costs 40 times `the`. The counts are the index's own
 * (FTS5's pages, PostgreSQL's planner), so the limit is set from them. */
static void costly_searches_refused_before_they_run(void **state) {
  (void)state;
  vb_err err;
  char forty[256] = "";
  for (int i = 0; i < 40; i++) snprintf(forty + strlen(forty), sizeof forty - strlen(forty), "%s=the", i ? " " : "");
  double the, rare, many, prefix;
  assert_int_equal(vb_store_query_estimate(st, "the", &the, &err), 0);
  assert_int_equal(vb_store_query_estimate(st, "kalashnikov", &rare, &err), 0);
  assert_int_equal(vb_store_query_estimate(st, forty, &many, &err), 0);
  assert_int_equal(vb_store_query_estimate(st, "k*", &prefix, &err), 0);
  assert_true(the > 0 && rare > 0 && prefix > 0);
  if (many < 39.9 * the) fail_msg("40 x =the counted %g, `the` %g", many, the);
  /* the default lets these through */
  assert_int_equal(total(forty) > 0, 1);
  vb_store_query_cost(st, 10 * (the > rare ? the : rare));
  vb_search_opts o = {.limit = 10};
  vb_results *r = NULL;
  assert_int_equal(vb_store_search(st, forty, &o, &r, &err), VB_EQUERY);
  assert_null(r);
  if (!strstr(err.msg, "too costly") || !strstr(err.msg, "narrow it: =the is alone"))
    fail_msg("refused as: %s", err.msg);
  vb_timeline *tl = NULL;
  vb_network *net = NULL;
  assert_int_equal(vb_store_timeline(st, forty, 0, 0, &tl, &err), VB_EQUERY); /* the views that take a query too */
  assert_int_equal(vb_store_network(st, forty, 10, &net, &err), VB_EQUERY);
  assert_null(tl);
  assert_null(net);
  /* past the limit the rest is not looked up: said so, and the
   * costliest word so far named */
  vb_store_query_cost(st, 1);
  assert_int_equal(vb_store_search(st, "kalashnikov the", &o, &r, &err), VB_EQUERY);
  if (!strstr(err.msg, "words are in more than") || !strstr(err.msg, "narrow it: kalashnikov is alone"))
    fail_msg("refused as: %s", err.msg);
  vb_store_query_cost(st, 10 * (the > rare ? the : rare));
  assert_int_equal(total("kalashnikov"), 3); /* cheap ones still run */
  assert_true(total("the") > 0);
  vb_store_query_cost(st, 0); /* no limit */
  assert_true(total(forty) > 0);
  vb_store_query_cost(st, VB_QUERY_MAX_COST);
}

static void bad_queries(void **state) {
  (void)state;
  vb_results *r;
  vb_err err;
  vb_search_opts o = {.limit = 10};
  assert_int_equal(vb_store_search(st, "(unclosed", &o, &r, &err), VB_EQUERY);
  assert_int_equal(err.offset, 0);
  assert_int_equal(vb_store_search(st, "host:maybe", &o, &r, &err), VB_EQUERY);
  assert_non_null(strstr(err.msg, "yes or no"));
  assert_int_equal(vb_store_search(st, "x'; DROP TABLE statements; --x speaker:\"a' OR 1=1 --\"", &o, &r, &err), 0);
  vb_results_free(r);
  assert_true(total("kalashnikov") == 3); /* still there */
}

/* Each statement is analysed in its document's language and a query word
 * meets its own forms only: "forest" never finds "for" (which German
 * stems forest to), in an English statement or a German one, a prefix is of the written word, and the snippet
 * marks what matched. */
static void words_as_written(void **state) {
  (void)state;
  int added;
  vb_err err;
  assert_int_equal(put_text("peace.txt", english_doc, &added), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_results *r = search("forest", 0);
  assert_int_equal(r->total, 1);
  assert_non_null(strstr(r->hits[0].snippet.ptr, "The **forests** burn"));
  vb_results_free(r);
  r = search("vaccine*", 0);
  assert_int_equal(r->total, 1);
  assert_non_null(strstr(r->hits[0].snippet.ptr, "the **vaccines** arrive"));
  vb_results_free(r);
  r = search("\"working for peace\"", 0);
  assert_int_equal(r->total, 1);
  assert_non_null(strstr(r->hits[0].snippet.ptr, "We **work** **for** **peace** in"));
  vb_results_free(r);
  assert_int_equal(total("happi*"), 0);
  /* English words in a German statement are German to the index: German
   * stems "forest" to "for", an English function word, which is never
   * searched for (data/function-words.txt) */
  assert_int_equal(put_text("skype.txt",
                            "KARL BAUER: Die Firma nutzt Skype for Business und die Mitarbeiter sind damit zufrieden. "
                            "Das ist nicht neu, aber die Kosten sind niedrig und der Dienst ist schnell.\n",
                            &added),
                   0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  assert_int_equal(total("Mitarbeiter"), 1);
  assert_int_equal(total("forest"), 1);
}

/* An archive indexed by another analysis is refused, saying what to do. */
/* A store warmed ahead (what a server does for each connection) ranks as
 * one that loads nothing ahead, statements added after the warming
 * included: the same hits, in the same order, with the same scores. */
static void warmed_store_ranks_alike(void **state) {
  (void)state;
  vb_store *warm, *cold;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &warm, &err), 0);
  assert_int_equal(vb_store_warm(warm, &err), 0);
  int added;
  assert_int_equal(put_text("warm.txt", "JO DOE: Peace comes to the forests and to Kalashnikov factories.\n", &added), 0);
  assert_true(added);
  assert_int_equal(vb_store_flush(st, &err), 0);
  assert_int_equal(vb_store_open(DB, 0, &cold, &err), 0);
  vb_search_opts o = {.limit = 100, .sort = VB_SORT_RELEVANCE};
  vb_results *a, *b;
  const char *q = "peace OR kalashnikov OR forests";
  assert_int_equal(vb_store_search(warm, q, &o, &a, &err), 0);
  assert_int_equal(vb_store_search(cold, q, &o, &b, &err), 0);
  assert_true(a->nhits >= 4);
  assert_int_equal(a->nhits, b->nhits);
  for (size_t i = 0; i < a->nhits; i++) {
    assert_string_equal(a->hits[i].text.ptr, b->hits[i].text.ptr);
    if (fabs(a->hits[i].score - b->hits[i].score) > 1e-9) fail_msg("hit %zu: %g warmed, %g not", i, a->hits[i].score, b->hits[i].score);
  }
  assert_true(has_text(a, "Kalashnikov factories"));
  vb_results_free(a);
  vb_results_free(b);
  vb_store_close(warm);
  vb_store_close(cold);
}

/* A store warmed again after an analyst's correction has each statement's
 * entities loaded again, as its first warming loaded them: a correction
 * drops them (it may have moved mentions), the server warms its
 * connections again after one, and a warming that found its entities
 * caught up loaded none, so every later search with the entity facet read
 * the mentions of each sampled match instead (`peace` on the UN archive:
 * 24,321 pages against 245, for as long as the server ran). */
static void warming_again_after_a_correction_loads_the_entities(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* the column cache is SQLite's */
  int added;
  assert_int_equal(put_text("warm-fix.txt", "JO DOE: Hizbullah and Hezbollah were named in Beirut today.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_store *warm;
  assert_int_equal(vb_store_open(DB, 0, &warm, &err), 0);
  assert_int_equal(vb_store_warm(warm, &err), 0);
  const vs_cols *k = warm->ops->cols(warm->impl);
  assert_non_null(k);
  assert_true(k->n > 0);
  assert_int_equal(k->nent, k->n);
  int64_t fix = k->ent_fix;
  assert_int_equal(vb_store_entity_fix(st, VB_FIX_ALIAS_ADD, "Beirut", (const char *const[]){"Bayrut"}, 1, &err), 0);
  assert_int_equal(vb_store_warm(warm, &err), 0);
  assert_true(k->fix > fix);
  assert_int_equal(k->ent_fix, k->fix);
  assert_int_equal(k->nent, k->n);
  vb_store_close(warm);
}

/* PostgreSQL ranks a match by ts_rank normalised by the log of its length:
 * each further use of a word adds less than the one before, and a short
 * statement about it stays near the top. ts_rank_cd (cover density,
 * normalised by length) ranked the word said twenty times first, three
 * times above the short statement, and cost twice the server's time of
 * the whole match query on the UN archive (20 against 12 ms of CPU for
 * "human rights", 3,027 matches: bench/RESULTS.md, issue 20). */
static void a_word_said_over_and_over_ranks_below_a_short_statement(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite ranks by its own BM25 */
  int added;
  char text[600];
  int n = snprintf(text, sizeof text, "Host: Where now?\n\nVera Quillfeather: Quillwort prices fell.\n\n"
                                      "Otto Repeater: Quillwort");
  for (int i = 0; i < 19; i++) n += snprintf(text + n, sizeof text - (size_t)n, " quillwort");
  snprintf(text + n, sizeof text - (size_t)n, ".\n");
  assert_int_equal(put_text("quillwort.txt", text, &added), 0);
  assert_true(added);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_results *r = search("quillwort", 0);
  assert_int_equal(r->nhits, 2);
  assert_non_null(strstr(r->hits[0].text.ptr, "prices fell"));
  assert_true(r->hits[0].score > r->hits[1].score);
  vb_results_free(r);
}

/* The match queries a search runs (their SQL, "\n"-joined), the index
 * alone's among them. */
static int trace_text_matches(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  const char *sql = sqlite3_sql(p);
  if (sql && strstr(sql, "statements_fts MATCH")) vb_buf_printf(ctx, "%s\n", sql);
  return 0;
}

/* A store warmed ahead (its column cache loaded) and one that reads the
 * statements' rows, both on DB. */
static void open_warm_and_rows(vb_store **warm, vb_store **rows) {
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, warm, &err), 0);
  assert_int_equal(vb_store_warm(*warm, &err), 0);
  assert_int_equal(vb_store_open(DB, 0, rows, &err), 0);
}

/* Every facet of a and b: the same values, counted alike, in order. */
static void assert_same_facets(const vb_results *a, const vb_results *b) {
  for (int f = 0; f < VB_NFACETS; f++) {
    assert_int_equal(a->nfacets[f], b->nfacets[f]);
    for (size_t v = 0; v < a->nfacets[f]; v++) {
      assert_string_equal(a->facets[f][v].value.ptr, b->facets[f][v].value.ptr);
      assert_int_equal(a->facets[f][v].count, b->facets[f][v].count);
    }
  }
}

/* Words with conditions on a statement's id and date alone (mentions:,
 * after:, before:, date:, negated too) are answered by the index and the
 * column cache of a warmed store, reading no statement's row, and find
 * what a store that reads the rows does: the same total, hits, scores
 * and facets, undated statements kept out of every date bound. */
static void dates_and_mentions_beside_the_index_alone(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  int added;
  assert_int_equal(put_text("undated-weapons.txt", "JO DOE: Weapons were never dated in this one, said Hizbullah.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_store *warm, *rows;
  open_warm_and_rows(&warm, &rows);
  static const char *const queries[] = {"weapons mentions:hizbullah", "weapons -mentions:hizbullah", "weapons before:2024",
                                        "weapons after:2020 before:2024", "weapons date:2023", "weapons -before:2020",
                                        "weapons (after:2023 OR mentions:hizbullah)"};
  vb_search_opts o = {.limit = 100, .sort = VB_SORT_RELEVANCE,
                      .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_ENTITY};
  int64_t undated = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    vb_buf sql;
    vb_buf_init(&sql, 0);
    sqlite3_trace_v2(((sq *)warm->impl)->db, SQLITE_TRACE_STMT, trace_text_matches, &sql);
    vb_results *a, *b;
    assert_int_equal(vb_store_search(warm, queries[i], &o, &a, &err), 0);
    sqlite3_trace_v2(((sq *)warm->impl)->db, 0, NULL, NULL);
    assert_int_equal(vb_store_search(rows, queries[i], &o, &b, &err), 0);
    if (!sql.ptr || strstr(sql.ptr, "JOIN statements") || !strstr(sql.ptr, "statements_fts.rowid"))
      fail_msg("%s: rows read: %s", queries[i], sql.ptr ? sql.ptr : "(nothing traced)");
    if (a->total != b->total || a->nhits != b->nhits)
      fail_msg("%s: %lld hits from the index, %lld from the rows", queries[i], (long long)a->total, (long long)b->total);
    if (!a->total) fail_msg("%s: nothing found", queries[i]);
    for (size_t h = 0; h < a->nhits; h++) {
      assert_string_equal(a->hits[h].text.ptr, b->hits[h].text.ptr);
      if (fabs(a->hits[h].score - b->hits[h].score) > 1e-9) fail_msg("%s: hit %zu's score", queries[i], h);
    }
    assert_same_facets(a, b);
    if (i == 1) undated += has_text(a, "never dated");
    if (i >= 2 && i <= 5 && has_text(a, "never dated")) fail_msg("%s: an undated statement found", queries[i]);
    vb_results_free(a);
    vb_results_free(b);
    vb_buf_free(&sql);
  }
  assert_int_equal(undated, 0); /* it names Hizbullah */
  vb_store_close(warm);
  vb_store_close(rows);
}

/* Every statement a connection runs ("\n"-joined). */
static int trace_all(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  const char *sql = sqlite3_sql(p);
  if (sql) vb_buf_printf(ctx, "%s\n", sql);
  return 0;
}

static int put_text_in(const char *name, const char *text, const char *lang) {
  vb_parse_opts o = {.language = lang};
  vb_doc *doc;
  vb_err err;
  int added, rc = vb_doc_parse(text, strlen(text), name, &o, &doc, &err);
  if (!rc) rc = vb_store_put(st, doc, &added, &err);
  vb_doc_free(doc);
  return rc;
}

/* The same hits, scores and facets from stores a and b, and the SQL a
 * ran while searching (NULL: not traced). */
static int64_t same_search(vb_store *a, vb_store *b, const char *q, vb_buf *sql) {
  vb_search_opts o = {.limit = 100, .sort = VB_SORT_RELEVANCE,
                      .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_ENTITY};
  vb_err err;
  vb_results *ra, *rb;
  if (sql) sqlite3_trace_v2(((sq *)a->impl)->db, SQLITE_TRACE_STMT, trace_all, sql);
  assert_int_equal(vb_store_search(a, q, &o, &ra, &err), 0);
  if (sql) sqlite3_trace_v2(((sq *)a->impl)->db, 0, NULL, NULL);
  assert_int_equal(vb_store_search(b, q, &o, &rb, &err), 0);
  if (ra->total != rb->total || ra->nhits != rb->nhits)
    fail_msg("%s: %lld hits from the index, %lld from the rows", q, (long long)ra->total, (long long)rb->total);
  for (size_t h = 0; h < ra->nhits; h++) {
    assert_string_equal(ra->hits[h].text.ptr, rb->hits[h].text.ptr);
    if (fabs(ra->hits[h].score - rb->hits[h].score) > 1e-9) fail_msg("%s: hit %zu's score", q, h);
  }
  assert_same_facets(ra, rb);
  int64_t n = ra->total;
  vb_results_free(ra);
  vb_results_free(rb);
  return n;
}

/* The match line of a search's traced SQL: whether it read the index
 * alone (1) or joined the statements' rows (0); -1: no match traced. */
static int match_from_the_index_alone(const vb_buf *sql) {
  const char *match = sql->ptr ? strstr(sql->ptr, "statements_fts MATCH") : NULL;
  if (!match) return -1;
  const char *line = match;
  while (line > sql->ptr && line[-1] != '\n') line--;
  const char *join = strstr(line, "JOIN statements");
  return !(join && join < strchr(match, '\n'));
}

/* A store that answers more than one search loads the column cache at
 * its first, however few statements that matches (one here, in an
 * archive of thousands of ids), and a store told it answers one search
 * (vb_store_one_search: `verbatim search`) reads that search's rows;
 * either way it finds what a warmed store finds, on both backends.
 * Before, a first search loaded the cache only when its words matched
 * one statement in 512 of the ids or more, a line fitted to issue 14's
 * mix's first query: from the mix's 7th (terrorism NEAR/5
 * international, 296 matches) a process's first search read its rows
 * and its second loaded the cache, two slow searches in the first round
 * and a p99 of 1.56x e6bab44's (bench/RESULTS.md, issue 14). */
static void a_first_search_of_few_matches_loads_the_cache(void **state) {
  (void)state;
  vb_err err;
  int added;
  assert_int_equal(put_text("gravelkin.txt",
                            "Host: What came in with the tide?\n\n"
                            "Vera Quillfeather: The gravelkin came in on the first day of the month.\n\n"
                            "Otto Repeater: Nothing else came in.\n",
                            &added),
                   0);
  assert_true(added);
  assert_int_equal(vb_store_flush(st, &err), 0);
  vs_db db = {st->ops->sql, st->impl};
  int64_t last = 0;
  assert_int_equal(vs_sql_int(db, "SELECT max(id) FROM statements", &last, &err), 0);
  /* one match: the old line was one in 512 of the blocks' ids, eight
   * matches at the least (VS_COLS_BLOCK is 4,096) */
  for (int one = 0; one < 2; one++) {
    vb_store *first, *warm;
    assert_int_equal(vb_store_open(DB, 0, &first, &err), 0);
    assert_int_equal(vb_store_open(DB, 0, &warm, &err), 0);
    assert_int_equal(vb_store_warm(warm, &err), 0);
    if (one) vb_store_one_search(first);
    vb_buf sql;
    vb_buf_init(&sql, (size_t)1 << 20);
    assert_int_equal(same_search(first, warm, "gravelkin", test_on_postgres() ? NULL : &sql), 1);
    if (!test_on_postgres()) {
      const vs_cols *k = &((sq *)first->impl)->cols;
      int alone = match_from_the_index_alone(&sql);
      if (one ? k->n != 0 || alone != 0 : k->n <= last || alone != 1)
        fail_msg("%s store: cache %lld of %lld ids, match %s", one ? "a one-search" : "a long-lived", (long long)k->n,
                 (long long)last + 1, sql.ptr ? sql.ptr : "(nothing traced)");
    }
    vb_buf_free(&sql);
    vb_store_close(first);
    vb_store_close(warm);
  }
}

/* kind: and lang: beside words are answered by the index and the column
 * cache of a warmed store (statement_cols keeps each statement's kind
 * and language), reading no statement's row, and find what a store that
 * reads the rows finds; a language the cache cannot hold ('en-GB' set by
 * hand, or none) is read from the row, with the same answer. Before, a
 * kind: search read every match's row (kind:direct sanctions, a fresh
 * connection's first search on the UN archive: 234 pages of rows). */
static void kinds_and_languages_beside_the_index_alone(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  assert_int_equal(put_text_in("kinds-weapons.txt",
                               "Harbour master Ilse Marwick said the weapons would stay in the harbour.\n\n"
                               "\"We will keep the weapons where they are,\" Marwick said.\n",
                               "en"),
                   0);
  assert_int_equal(put_text_in("kinds-weapons-fr.txt",
                               "JEAN DUPONT: Les weapons sont dans le port depuis lundi.\n\n"
                               "MARIE CLAIR: Les weapons partent demain.\n",
                               "fr"),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  static const char *const queries[] = {"weapons kind:direct", "weapons -kind:direct", "weapons kind:indirect",
                                        "weapons kind:DIRECT lang:EN", "weapons lang:en", "weapons lang:fr",
                                        "weapons -lang:en", "weapons (kind:indirect OR lang:fr)",
                                        "weapons kind:direct before:2024", "weapons lang:de"};
  size_t nq = sizeof queries / sizeof *queries;
  int64_t found[16] = {0};
  vb_store *warm, *rows;
  open_warm_and_rows(&warm, &rows);
  for (size_t i = 0; i < nq; i++) {
    vb_buf sql;
    vb_buf_init(&sql, (size_t)1 << 20);
    found[i] = same_search(warm, rows, queries[i], &sql);
    /* the match query (a line of its own) reads the index alone */
    const char *match = sql.ptr ? strstr(sql.ptr, "statements_fts MATCH") : NULL, *line = match;
    while (line && line > sql.ptr && line[-1] != '\n') line--;
    const char *join = line ? strstr(line, "JOIN statements") : NULL;
    if (!match || (join && join < strchr(match, '\n')) || !strstr(line, "statements_fts.rowid") ||
        strstr(sql.ptr, "SELECT kind FROM statements WHERE id") || strstr(sql.ptr, "SELECT lang FROM statements WHERE id"))
      fail_msg("%s: rows read: %s", queries[i], line ? line : "(nothing traced)");
    if (!found[i] != (i == nq - 1)) fail_msg("%s: %lld found", queries[i], (long long)found[i]);
    vb_buf_free(&sql);
  }
  vb_store_close(warm);
  vb_store_close(rows);
  /* languages the cache does not hold: read from the rows; none */
  vs_db db = {st->ops->sql, st->impl};
  assert_int_equal(vs_sql_exec(db,
                               "UPDATE statements SET lang = CASE WHEN idx % 2 = 0 THEN 'en-GB' ELSE NULL END"
                               " WHERE doc_id IN (SELECT id FROM documents WHERE language = 'fr')",
                               &err),
                   0);
  assert_int_equal(vs_cols_backfill(db, &err), 0);
  open_warm_and_rows(&warm, &rows);
  for (size_t i = 0; i < nq; i++) {
    vb_buf sql;
    vb_buf_init(&sql, (size_t)1 << 20);
    int64_t n = same_search(warm, rows, queries[i], &sql);
    if (strstr(queries[i], "lang:fr")) assert_true(n < found[i]);
    if (strstr(queries[i], "-lang:en") && !strstr(sql.ptr, "SELECT lang FROM statements WHERE id"))
      fail_msg("%s: 'en-GB' not read from its row: %s", queries[i], sql.ptr);
    vb_buf_free(&sql);
  }
  vb_store_close(warm);
  vb_store_close(rows);
  assert_int_equal(vs_sql_exec(db,
                               "UPDATE statements SET lang = 'fr' WHERE doc_id IN (SELECT id FROM documents WHERE language = 'fr')",
                               &err),
                   0);
  assert_int_equal(vs_cols_backfill(db, &err), 0);
}

static int trace_mentions(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  const char *sql = sqlite3_sql(p);
  if (sql && !strncmp(sql, "SELECT DISTINCT statement_id", 28)) vb_buf_printf(ctx, "%s\n", sql);
  if (sql && !strncmp(sql, "SELECT s.id, ", 13)) vb_buf_printf(ctx, "rows: %s\n", sql);
  return 0;
}

/* An entity's statements with no words (the entity page's latest, its
 * search by date, one document each or not) come from the mentions key
 * and the column cache of a warmed store, reading no statement's row (e1
 * of the UN archive read 221,602 pages for its page's latest eight), and
 * are what a store that reads the rows finds: total, hits, facets. */
static void an_entitys_statements_from_the_mentions_key(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_store *warm, *rows;
  open_warm_and_rows(&warm, &rows);
  static const char *const queries[] = {"mentions:hizbullah", "mentions:hizbullah", "mentions:hizbullah",
                                        "mentions:hizbullah after:2020"};
  static const vb_search_opts opts[] = {
      {.limit = 8, .sort = VB_SORT_DATE, .docs = 1},
      {.limit = 100, .sort = VB_SORT_DATE, .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_ENTITY},
      {.limit = 3, .offset = 1},
      {.limit = 100, .sort = VB_SORT_DATE},
  };
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    vb_buf sql;
    vb_buf_init(&sql, 0);
    sqlite3_trace_v2(((sq *)warm->impl)->db, SQLITE_TRACE_STMT, trace_mentions, &sql);
    vb_results *a, *b;
    assert_int_equal(vb_store_search(warm, queries[i], &opts[i], &a, &err), 0);
    sqlite3_trace_v2(((sq *)warm->impl)->db, 0, NULL, NULL);
    assert_int_equal(vb_store_search(rows, queries[i], &opts[i], &b, &err), 0);
    int alone = i < 3;
    if (alone && (!sql.ptr || strstr(sql.ptr, "rows: ")))
      fail_msg("%s: rows read: %s", queries[i], sql.ptr ? sql.ptr : "(nothing traced)");
    if (!alone && sql.ptr && !strstr(sql.ptr, "rows: ")) fail_msg("%s: from the key alone: %s", queries[i], sql.ptr);
    if (a->total != b->total || a->nhits != b->nhits)
      fail_msg("%s: %lld hits from the key, %lld from the rows", queries[i], (long long)a->total, (long long)b->total);
    if (!a->nhits) fail_msg("%s: nothing found", queries[i]);
    for (size_t h = 0; h < a->nhits; h++) assert_int_equal(a->hits[h].statement, b->hits[h].statement);
    assert_same_facets(a, b);
    vb_results_free(a);
    vb_results_free(b);
    vb_buf_free(&sql);
  }
  vb_store_close(warm);
  vb_store_close(rows);
}

/* A page of hits, its quote families and its facets are asked for with
 * the ids as one parameter: the SQL is the same for the next page, so
 * the connection keeps it prepared. Ids written into the SQL had each
 * search parse its statements afresh (a fifth of a small search's
 * instructions on the UN archive). */
static void the_next_page_parses_no_sql(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  vb_search_opts o = {.limit = 2, .sort = VB_SORT_RELEVANCE,
                      .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_ENTITY | VB_FACET_SAID};
  const char *q = "the OR and";
  vb_err err;
  vb_results *r;
  /* the first searches prepare what any search needs, the column cache's
   * statement among them */
  for (int i = 0; i < 3; i++) {
    assert_int_equal(vb_store_search(st, q, &o, &r, &err), 0);
    assert_true(r->total > 6);
    vb_results_free(r);
  }
  unsigned long long parsed = ((sq *)st->impl)->parsed;
  int64_t seen[4] = {0};
  for (int page = 1; page <= 2; page++) {
    o.offset = 2 * page;
    assert_int_equal(vb_store_search(st, q, &o, &r, &err), 0);
    assert_int_equal(r->nhits, 2);
    seen[2 * page - 2] = r->hits[0].statement;
    seen[2 * page - 1] = r->hits[1].statement;
    vb_results_free(r);
  }
  assert_true(seen[0] != seen[2] && seen[1] != seen[3]);
  assert_true(((sq *)st->impl)->parsed == parsed);
}

/* A search never loads more than a step of the column cache: a cache
 * further behind is caught up a step per search (or warmed whole, off the
 * searches' path), used only once caught up, and ranks as a cold store's
 * meanwhile. Before, the second search of a connection loaded every
 * statement (seconds on a large archive). */
static void column_cache_loaded_a_step_per_search(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  vb_store *s2, *cold;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &s2, &err), 0);
  assert_int_equal(vb_store_open(DB, 0, &cold, &err), 0);
  vs_cols *k = &((sq *)s2->impl)->cols;
  k->step = 8;
  int64_t last = 0, count = 0;
  vs_db db = {s2->ops->sql, s2->impl};
  assert_int_equal(vs_sql_int(db, "SELECT max(id) FROM statements", &last, &err), 0);
  assert_int_equal(vs_sql_int(db, "SELECT count(*) FROM statements", &count, &err), 0);
  assert_true(count > 3 * 8);
  vb_search_opts o = {.limit = 100, .sort = VB_SORT_RELEVANCE, .facets = VB_FACET_SPEAKER | VB_FACET_MONTH};
  const char *q = "peace OR hizbullah OR war";
  vb_results *want;
  assert_int_equal(vb_store_search(cold, q, &o, &want, &err), 0);
  assert_true(want->total > 3);
  int64_t before = 0;
  for (int i = 0; i < 4; i++) {
    vb_results *r;
    assert_int_equal(vb_store_search(s2, q, &o, &r, &err), 0);
    /* each search loads one step at most, the first too */
    int64_t loaded = 0;
    for (int64_t id = before; id < k->n; id++) loaded += k->len[id] > 0;
    assert_true(loaded <= 8);
    before = k->n;
    assert_int_equal(r->total, want->total);
    assert_int_equal(r->nhits, want->nhits);
    for (size_t h = 0; h < r->nhits; h++) {
      assert_int_equal(r->hits[h].statement, want->hits[h].statement);
      if (fabs(r->hits[h].score - want->hits[h].score) > 1e-9) fail_msg("hit %zu: %g, cold %g", h, r->hits[h].score, want->hits[h].score);
    }
    assert_int_equal(r->nfacets[0], want->nfacets[0]);
    vb_results_free(r);
  }
  assert_true(k->n <= last);
  /* warmed: the whole cache, in steps, and the same answer from it */
  assert_int_equal(vb_store_warm(s2, &err), 0);
  assert_int_equal(k->n, last + 1);
  vb_results *r;
  assert_int_equal(vb_store_search(s2, q, &o, &r, &err), 0);
  assert_int_equal(r->total, want->total);
  for (size_t h = 0; h < r->nhits; h++)
    if (fabs(r->hits[h].score - want->hits[h].score) > 1e-9) fail_msg("warm hit %zu: %g, cold %g", h, r->hits[h].score, want->hits[h].score);
  vb_results_free(r);
  vb_results_free(want);
  vb_store_close(s2);
  vb_store_close(cold);
}

/* Whether SQLite reads sql from index alone (a fresh connection's plan). */
static int plan_covers(const char *sql, const char *index) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  char explain[1024], want[128];
  snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
  snprintf(want, sizeof want, "COVERING INDEX %s", index);
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(db, explain, -1, &q, NULL), SQLITE_OK);
  int covering = 0;
  while (sqlite3_step(q) == SQLITE_ROW)
    if (strstr((const char *)sqlite3_column_text(q, 3), want)) covering = 1;
  sqlite3_finalize(q);
  sqlite3_close(db);
  return covering;
}

/* The entity list reads its sums from the entity index alone (SQLite): an
 * archive whose index lacks the mentions gets them when opened. */
static int entity_index_plan_covers(void) {
  return plan_covers("SELECT e.id, coalesce(sum(de.mentions), 0), coalesce(sum(de.statements), 0),"
                     " coalesce(sum(CASE WHEN de.mentions > 0 THEN 1 ELSE 0 END), 0) FROM entities e"
                     " LEFT JOIN doc_entities de ON de.entity_id = e.id GROUP BY e.id",
                     "doc_entities_entity");
}

/* The overview's statements per month (the home page's chart) from the
 * date index alone, not a scan of the documents with their bodies; an
 * archive whose index lacks the counts has it made when opened. */
#define MONTHS_SQL                                                                                        \
  "SELECT CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) WHEN length(date) = 4 THEN date END AS m," \
  " sum(nstatements), count(*) FROM documents GROUP BY m ORDER BY m"
static void overview_months_from_the_index(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  assert_true(plan_covers(MONTHS_SQL, "documents_date"));
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "DROP INDEX documents_date; CREATE INDEX documents_date ON documents(date)", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_false(plan_covers(MONTHS_SQL, "documents_date"));
  vb_store *again;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &again, &err), 0);
  vb_overview *ov;
  assert_int_equal(vb_store_overview(again, 3, &ov, &err), 0);
  assert_true(ov->nmonths > 0 && ov->dated > 0);
  vb_overview_free(ov);
  vb_store_close(again);
  assert_true(plan_covers(MONTHS_SQL, "documents_date"));
}

/* Resolving names needs the archive's lexicon, which costs a one-shot
 * search a hundred times its own work: only a query with mentions: may
 * make it (84d6bbf). A fresh handle shows whether it was made. */
static void lexicon_only_for_mentions(void **state) {
  (void)state;
  vb_store *s2;
  vb_err err;
  if (vb_store_open(DB, 0, &s2, &err)) fail_msg("%s", err.msg);
  vb_search_opts o = {.limit = 10, .sort = VB_SORT_RELEVANCE, .facets = ~0u};
  vb_results *r;
  if (vb_store_search(s2, "kalashnikov speaker:baraka", &o, &r, &err)) fail_msg("%s", err.msg);
  assert_true(r->total > 0);
  vb_results_free(r);
  vb_timeline *t;
  if (vb_store_timeline(s2, "hizbullah", VB_INTERVAL_MONTH, 0, &t, &err)) fail_msg("%s", err.msg);
  vb_timeline_free(t);
  vb_network *n;
  if (vb_store_network(s2, "hizbullah", 10, &n, &err)) fail_msg("%s", err.msg);
  vb_network_free(n);
  assert_int_equal(s2->lx_made, 0);
  if (vb_store_search(s2, "mentions:hizbullah", &o, &r, &err)) fail_msg("%s", err.msg);
  assert_true(r->total >= 3);
  vb_results_free(r);
  assert_int_equal(s2->lx_made, 1);
  vb_store_close(s2);
}

static void entity_sums_from_the_index(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  assert_true(entity_index_plan_covers());
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "DROP INDEX doc_entities_entity;"
                                " CREATE INDEX doc_entities_entity ON doc_entities(entity_id)",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_false(entity_index_plan_covers());
  vb_store *again;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &again, &err), 0);
  vb_store_close(again);
  assert_true(entity_index_plan_covers());
}

/* An entity page's roles are found in the entity index (SQLite), not in
 * each of the entity's document rows; an archive whose index has the
 * counts but not the roles gets them when opened. */
static int entity_roles_plan_covers(void) {
  return plan_covers("SELECT de.doc_id, de.role FROM doc_entities de WHERE de.entity_id = 1 AND de.role IS NOT NULL",
                     "doc_entities_entity");
}

static void entity_roles_from_the_index(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  assert_true(entity_roles_plan_covers());
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "DROP INDEX doc_entities_entity;"
                                " CREATE INDEX doc_entities_entity ON doc_entities(entity_id, mentions, statements)",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_false(entity_roles_plan_covers());
  vb_store *again;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &again, &err), 0);
  vb_store_close(again);
  assert_true(entity_roles_plan_covers());
  assert_true(entity_index_plan_covers());
}

/* The plan SQLite makes for a search's conditions when words drive (the
 * full text's statements joined to their rows), as "|"-joined lines. */
static char *words_plan(const char *query) {
  vb_arena *a = vb_arena_new(1 << 20);
  vb_qnode *q = NULL;
  vb_err err;
  if (vb_query_parse(query, strlen(query), a, &q, &err)) fail_msg("%s: %s", query, err.msg);
  vs_db db = {st->ops->sql, st->impl};
  vs_plan p;
  if (vs_compile(db, st->ops->text, q, vs_query_lexicon(st, q, &err), a, &p, &err)) fail_msg("%s: %s", query, err.msg);
  assert_true(p.text.len > 0 && p.where.len > 0);
  vb_buf sql, plan;
  vb_buf_init(&sql, 0);
  vb_buf_init(&plan, 0);
  vb_buf_printf(&sql,
                "EXPLAIN QUERY PLAN SELECT s.id FROM statements_fts f JOIN statements s ON s.id = f.rowid"
                " WHERE statements_fts MATCH 'x' AND %s",
                p.where.ptr);
  sqlite3_stmt *e;
  assert_int_equal(sqlite3_prepare_v2(((sq *)st->impl)->db, sql.ptr, -1, &e, NULL), SQLITE_OK);
  while (sqlite3_step(e) == SQLITE_ROW) vb_buf_printf(&plan, "%s|", (const char *)sqlite3_column_text(e, 3));
  sqlite3_finalize(e);
  vb_buf_free(&sql);
  vs_plan_free(&p);
  vb_arena_free(a);
  return plan.ptr;
}

/* The match queries a search runs (their SQL, "\n"-joined), traced. */
static int trace_matches(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  const char *sql = sqlite3_sql(p);
  /* the statements' rows, or an entity's from the mentions key */
  if (sql && (!strncmp(sql, "SELECT s.id, ", 13) || !strncmp(sql, "SELECT DISTINCT statement_id", 28)))
    vb_buf_printf(ctx, "%s\n", sql);
  return 0;
}

/* A search with no words reads its statements' documents only when a
 * condition is on the document (series:, channel:, doc:), and finds the
 * same either way (test_counts: every entity's statements, every date
 * filter). */
static void no_words_no_documents(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  static const char *const queries[] = {"mentions:hizbullah", "speaker:baraka", "tag:palestinians", "series:\"special dispatch\""};
  sqlite3 *db = ((sq *)st->impl)->db;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    vb_buf sql;
    vb_buf_init(&sql, 0);
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_matches, &sql);
    vb_results *r = search(queries[i], 0);
    sqlite3_trace_v2(db, 0, NULL, NULL);
    assert_true(r->total > 0);
    vb_results_free(r);
    assert_non_null(sql.ptr);
    int reads_docs = strstr(sql.ptr, "documents") != NULL;
    if (reads_docs != (i == 3)) fail_msg("%s: %s", queries[i], sql.ptr);
    vb_buf_free(&sql);
  }
}

/* A store's page cache is what it is given (a server's connections take
 * less than ingest's 64 MB); PostgreSQL keeps none of its own. */
static void page_cache_as_given(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_store_page_cache(st, (int64_t)16 << 20, &err), 0);
  if (test_on_postgres()) return;
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(((sq *)st->impl)->db, "PRAGMA cache_size", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(q, 0), -16384);
  sqlite3_finalize(q);
  assert_int_equal(vb_store_page_cache(st, (int64_t)64 << 20, &err), 0);
}

/* A replica that did not answer when the page cache was given, reached
 * later, reads with the same page cache as the connection's others (not
 * SQLite's default, which a server's first answers would fill again):
 * the store keeps what it was given for the replica's next connection. */
static void replica_reached_later_given_the_page_cache(void **state) {
  (void)state;
  if (test_on_postgres()) return; /* PostgreSQL keeps no page cache of its own */
  char primary[256], replica[256];
  assert_int_equal(test_archive("store_replica_primary", primary, sizeof primary), 0);
  assert_int_equal(test_archive("store_replica_later", replica, sizeof replica), 0);
  vb_store *p, *r;
  vb_err err;
  assert_int_equal(vb_store_open(primary, 1, &p, &err), 0);
  assert_int_not_equal(vb_store_read_from(p, replica, &err), 0); /* not there yet */
  assert_null(p->reader);
  assert_int_equal(vb_store_page_cache(p, (int64_t)16 << 20, &err), 0);
  assert_int_equal(vb_store_open(replica, 1, &r, &err), 0);
  vb_store_close(r);
  assert_int_equal(vb_store_reader_again(p, &err), 0);
  assert_non_null(p->reader);
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(((sq *)p->reader)->db, "PRAGMA cache_size", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(q, 0), -16384);
  sqlite3_finalize(q);
  vb_store_close(p);
  test_remove_sqlite(primary);
  test_remove_sqlite(replica);
}

/* The pages a read costs are counted whether the page cache held them or
 * the file had to be read: the same search counts the same pages cold
 * and warm (what a server's answers say, whatever the machine's load);
 * PostgreSQL does not count them. */
static void pages_read_whatever_was_cached(void **state) {
  (void)state;
  if (test_on_postgres()) {
    assert_true(vb_store_pages_read(st) == -1);
    return;
  }
  vb_err err;
  assert_int_equal(vb_store_warm(st, &err), 0); /* the column cache caught up: every search reads the same way */
  vb_results_free(search("weapons mentions:hizbullah", 0)); /* statements prepared */
  int64_t cold[2], warm[2];
  sqlite3_db_release_memory(((sq *)st->impl)->db);
  cold[0] = vb_store_pages_read(st);
  vb_results_free(search("weapons mentions:hizbullah", 0));
  cold[1] = warm[0] = vb_store_pages_read(st);
  vb_results_free(search("weapons mentions:hizbullah", 0));
  warm[1] = vb_store_pages_read(st);
  assert_true(cold[1] - cold[0] > 0);
  assert_int_equal(cold[1] - cold[0], warm[1] - warm[0]);
}

/* When words drive, mentions: tests each statement they find with one
 * probe of the mentions key, and a date bound tests the row read anyway:
 * neither gathers a list first (the entity's every statement, or the
 * documents of half the archive: `nuclear mentions:"United Nations"
 * after:1990 before:2011` on the UN archive, 436 M instructions with the
 * lists, 149 M without). The answers are test_counts'. */
static void words_drive_conditions(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  static const char *const queries[] = {"weapons mentions:hizbullah", "weapons -mentions:hizbullah",
                                        "weapons after:2020 before:2024", "weapons date:2023"};
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    char *plan = words_plan(queries[i]);
    if (strstr(plan, "LIST SUBQUERY") || strstr(plan, "documents_date"))
      fail_msg("%s: a list made before the words' statements: %s", queries[i], plan);
    if (i < 2 && !strstr(plan, "statement_id=?")) fail_msg("%s: mentions not probed by statement: %s", queries[i], plan);
    free(plan);
  }
}

/* The speakers' list counts each speaker's own words and their documents
 * from the speaker index alone, which holds the statements' kind (it
 * looked up every statement's row: 0.37 s cold on the UN archive). An
 * archive whose index lacks the kind has it made when opened, on both
 * backends. */
static int speaker_index_has_kind(void) {
  if (test_on_postgres())
    return test_exec(DB, "",
                     "DO $$ BEGIN IF NOT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid ="
                     " to_regclass('statements_speaker') AND attname = 'kind')"
                     " THEN RAISE EXCEPTION 'the speaker index has no kind'; END IF; END $$") == 0;
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(db,
                                      "EXPLAIN QUERY PLAN SELECT count(DISTINCT x.doc_id), count(*) FROM statements x"
                                      " WHERE x.speaker_id = 1 AND x.kind <> 'indirect'",
                                      -1, &q, NULL),
                   SQLITE_OK);
  int covering = 0;
  while (sqlite3_step(q) == SQLITE_ROW)
    if (strstr((const char *)sqlite3_column_text(q, 3), "COVERING INDEX statements_speaker")) covering = 1;
  sqlite3_finalize(q);
  sqlite3_close(db);
  return covering;
}

static void speaker_counts_from_the_index(void **state) {
  (void)state;
  assert_true(speaker_index_has_kind());
  vb_store_close(st);
  st = NULL;
  const char *old = "DROP INDEX statements_speaker; CREATE INDEX statements_speaker ON statements(speaker_id)";
  assert_int_equal(test_exec(DB, old, old), 0);
  assert_false(speaker_index_has_kind());
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  assert_true(speaker_index_has_kind());
  vb_speaker_list *l;
  assert_int_equal(vb_store_speakers(st, &l, &err), 0);
  assert_true(l->n > 0);
  vb_speaker_list_free(l);
}

/* A query's rows go back into the slots of the ids they answer (a page
 * of hits' families, a facet's names), in any order, an id repeated in
 * several slots filling them all, an id no slot holds filling none. */
static void rows_into_slots_by_id(void **state) {
  (void)state;
  const int64_t ids[] = {42, -7, 500, 42, 3, INT64_MAX, 0};
  size_t n = sizeof ids / sizeof *ids;
  vs_slot v[sizeof ids / sizeof *ids];
  vs_slots s = vs_slots_make(v, ids, n);
  assert_int_equal(s.n, n);
  const int64_t rows[] = {3, 42, 99, INT64_MAX, -7, 0, 500, INT64_MIN};
  int filled[sizeof ids / sizeof *ids] = {0};
  for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
    vs_slots m = vs_slots_of(&s, rows[r]);
    for (size_t k = 0; k < m.n; k++) {
      assert_int_equal(ids[m.v[k].slot], rows[r]);
      filled[m.v[k].slot]++;
    }
  }
  for (size_t i = 0; i < n; i++) assert_int_equal(filled[i], 1);
  assert_int_equal(vs_slots_of(&s, 99).n, 0);
  assert_int_equal(vs_slots_of(&s, 41).n, 0);
  assert_int_equal(vs_slots_of(&s, INT64_MIN).n, 0);
  /* the two slots of 42 in the order given, and only they */
  vs_slots m = vs_slots_of(&s, 42);
  assert_int_equal(m.n, 2);
  assert_int_equal(m.v[0].slot, 0);
  assert_int_equal(m.v[1].slot, 3);
  /* the largest id, the run at the end */
  assert_int_equal(vs_slots_of(&s, INT64_MAX).n, 1);
  /* none at all */
  vs_slots none = vs_slots_make(v, ids, 0);
  assert_int_equal(vs_slots_of(&none, 42).n, 0);
  /* a full page of 500, shuffled */
  enum { PAGE = 500 };
  int64_t page[PAGE];
  vs_slot pv[PAGE];
  for (size_t i = 0; i < PAGE; i++) page[i] = (int64_t)((i * 7919) % PAGE) * 3;
  vs_slots ps = vs_slots_make(pv, page, PAGE);
  for (size_t i = 0; i < PAGE; i++) {
    vs_slots at = vs_slots_of(&ps, page[i]);
    assert_int_equal(at.n, 1);
    assert_int_equal(at.v[0].slot, i);
    assert_int_equal(vs_slots_of(&ps, page[i] + 1).n, 0);
  }
}

/* The full-text index takes a batch's terms in memory before writing
 * them (one segment per batch, not one per MiB): a new archive holds the
 * setting, and one made without it has it once opened. */
static void fts_hash_holds_a_batch(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  assert_int_equal(test_fts_hash_size(DB), 16 << 20);
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "DELETE FROM statements_fts_config WHERE k = 'hashsize'", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(test_fts_hash_size(DB), -1);
  vb_store *again;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &again, &err), 0);
  vb_store_close(again);
  assert_int_equal(test_fts_hash_size(DB), 16 << 20);
  assert_int_equal(total("kalashnikov"), 3);
}

static void analysis_version(void **state) {
  (void)state;
  vb_err err;
  char sql[2][96];
  vb_store_close(st);
  st = NULL;
  assert_int_equal(test_exec(DB, "UPDATE analysis SET version = 1", "UPDATE verbatim_analysis SET version = 1"), 0);
  assert_int_equal(vb_store_open(DB, 0, &st, &err), VB_ESTORE);
  assert_non_null(strstr(err.msg, "analysis version 1"));
  assert_non_null(strstr(err.msg, "`verbatim reindex --db "));
  snprintf(sql[0], sizeof sql[0], "UPDATE analysis SET version = %d", AN_VERSION);
  snprintf(sql[1], sizeof sql[1], "UPDATE verbatim_analysis SET version = %d", AN_VERSION);
  assert_int_equal(test_exec(DB, sql[0], sql[1]), 0);
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  assert_int_equal(total("kalashnikov"), 3);
}

/* A speech dated by its year alone (every UN General Debate speech:
 * "1994") counts from the year's first day: `after:1990` finds it,
 * `before:1994` does not. An archive made when such dates were stored as
 * 1994 is made so when first opened again. */
/* Statements on a connection (prepared, whether running or kept), and
 * the most runs any reading one of the archive's own has made (FTS5
 * keeps its own, which name 'main'). */
static int prepared_on(sqlite3 *h, int *most_runs) {
  int n = 0;
  *most_runs = 0;
  for (sqlite3_stmt *p = sqlite3_next_stmt(h, NULL); p; p = sqlite3_next_stmt(h, p)) {
    n++;
    int runs = sqlite3_stmt_status(p, SQLITE_STMTSTATUS_RUN, 0);
    if (sqlite3_stmt_readonly(p) && !strstr(sqlite3_sql(p), "'main'.") && runs > *most_runs) *most_runs = runs;
  }
  return n;
}

/* Each statement's search columns as the blocks hold them (a store
 * warmed from statement_cols alone) against its row read with
 * VS_OWN_SPEAKER: the same, for every statement; *reported counts the
 * statements of reported speech with a speaker (whose own speaker is 0). */
static void blocks_agree_with_rows(int64_t *reported) {
  vb_store *s2;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &s2, &err), 0);
  assert_int_equal(vb_store_warm(s2, &err), 0);
  const vs_cols *k = &((sq *)s2->impl)->cols;
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(((sq *)s2->impl)->db,
                                      "SELECT id, " VS_OWN_SPEAKER("s.") ", doc_id, coalesce(date, 0), \"end\" - start,"
                                      " kind = 'indirect' AND speaker_id IS NOT NULL, kind, lang FROM statements s"
                                      " ORDER BY id",
                                      -1, &q, NULL),
                   SQLITE_OK);
  int64_t rows = 0, last = 0;
  *reported = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(q, 0);
    assert_true(id < k->n);
    if (k->speaker[id] != sqlite3_column_int64(q, 1) || k->doc[id] != sqlite3_column_int64(q, 2) ||
        k->date[id] != sqlite3_column_int64(q, 3) || k->len[id] != sqlite3_column_int64(q, 4))
      fail_msg("statement %lld: blocks %d %d %d %d, row %lld %lld %lld %lld", (long long)id, k->speaker[id], k->doc[id],
               k->date[id], k->len[id], (long long)sqlite3_column_int64(q, 1), (long long)sqlite3_column_int64(q, 2),
               (long long)sqlite3_column_int64(q, 3), (long long)sqlite3_column_int64(q, 4));
    *reported += sqlite3_column_int(q, 5);
    /* the kind and language as stored, never another */
    const char *kind = (const char *)sqlite3_column_text(q, 6), *lang = (const char *)sqlite3_column_text(q, 7);
    assert_true(k->kind[id] >= 1 && k->kind[id] < VS_COL_KIND_OTHER);
    assert_string_equal(vb_kind_name((vb_kind)(k->kind[id] - 1)), kind);
    if (!lang) assert_int_equal(k->lang[id], 0);
    else if (k->lang[id] != VS_COL_LANG_OTHER)
      assert_true(strlen(lang) == 2 && k->lang[id] == ((lang[0] - 'a' + 1) << 5 | (lang[1] - 'a' + 1)));
    last = id;
    rows++;
  }
  sqlite3_finalize(q);
  assert_true(rows > 0);
  assert_int_equal(k->n, last + 1);
  /* and the blobs themselves, read here: each block's length up to its
   * last statement */
  assert_int_equal(sqlite3_prepare_v2(((sq *)s2->impl)->db,
                                      "SELECT s.id, " VS_OWN_SPEAKER("s.") ", s.doc_id, s.\"end\" - s.start, length(c.cols),"
                                      " substr(c.cols, (s.id % 4096) * 16 + 1, 16) FROM statements s"
                                      " JOIN statement_cols c ON c.block = s.id / 4096 ORDER BY s.id",
                                      -1, &q, NULL),
                   SQLITE_OK);
  int64_t found = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const unsigned char *e = sqlite3_column_blob(q, 5);
    assert_int_equal(sqlite3_column_bytes(q, 5), 16);
    int32_t v[4];
    for (int i = 0; i < 4; i++) v[i] = (int32_t)((uint32_t)e[4 * i] | (uint32_t)e[4 * i + 1] << 8 |
                                                 (uint32_t)e[4 * i + 2] << 16 | (uint32_t)e[4 * i + 3] << 24);
    assert_int_equal(v[0], sqlite3_column_int64(q, 1));
    assert_int_equal(v[1], sqlite3_column_int64(q, 2));
    assert_int_equal(v[3] & 0xFFFFFF, sqlite3_column_int64(q, 3)); /* the kind above it */
    found++;
  }
  sqlite3_finalize(q);
  assert_int_equal(found, rows);
  vb_store_close(s2);
}

/* A statement's entry in its block: kind and language in the spare top
 * bits of its date and length, read back as written; a date too large
 * for them written whole with no kind, as blocks before them held every
 * entry (read back whole, kind and language left to the row); a length
 * past 2^24 - 1 kept as that. */
static void column_entries_with_kind_and_language(void **state) {
  (void)state;
  unsigned char e[VS_COLS_ENTRY];
  static const char *const langs[] = {"aa", "zz", "en", "EN", "eng", ""};
  for (int kind = 1; kind <= VS_COL_KIND_OTHER; kind++)
    for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
      int lang = vs_col_lang(langs[l], strlen(langs[l]));
      vs_col_vals_encode(vs_col_vals_of(-7, 123456789, 99991231, (1 << 24) - 1, kind, lang), e);
      vs_col_vals v = vs_col_vals_decode(e);
      assert_int_equal(v.speaker, -7);
      assert_int_equal(v.doc, 123456789);
      assert_int_equal(v.date, 99991231);
      assert_int_equal(v.len, (1 << 24) - 1);
      assert_int_equal(v.kind, kind);
      assert_int_equal(v.lang, lang);
    }
  assert_int_equal(vs_col_lang(NULL, 0), 0);
  assert_int_equal(vs_col_lang("EN", 2), VS_COL_LANG_OTHER);
  assert_int_equal(vs_col_kind("mixed", 5), VB_KIND_MIXED + 1);
  assert_int_equal(vs_col_kind("reported", 8), VS_COL_KIND_OTHER);
  /* a date past 2^27 - 1 (a stored date of more than eight digits) */
  vs_col_vals_encode(vs_col_vals_of(1, 2, 1 << 27, 40, 1, vs_col_lang("en", 2)), e);
  vs_col_vals v = vs_col_vals_decode(e);
  assert_int_equal(v.date, 1 << 27);
  assert_int_equal(v.len, 40);
  assert_int_equal(v.kind, 0);
  assert_int_equal(v.lang, VS_COL_LANG_OTHER);
  /* as blocks were written before: four int32 */
  unsigned char old[VS_COLS_ENTRY] = {5, 0, 0, 0, 6, 0, 0, 0, 0x1F, 0xCD, 0x34, 0x01, 0xFF, 0xFF, 0x00, 0x00};
  v = vs_col_vals_decode(old);
  assert_int_equal(v.speaker, 5);
  assert_int_equal(v.doc, 6);
  assert_int_equal(v.date, 20237599);
  assert_int_equal(v.len, 65535);
  assert_int_equal(v.kind, 0);
  /* longer than the entry keeps */
  assert_int_equal(vs_col_vals_of(1, 2, 3, (int64_t)1 << 30, 1, 0).len, (1 << 24) - 1);
}

/* Blocks written and read across their edges: statements on both sides
 * of a block's end, a block left out between, a block written twice
 * (its earlier statements kept), loaded three statements a step. */
static void search_column_blocks_across_their_edges(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  char path[512];
  vb_store *s2;
  vb_err err;
  assert_int_equal(test_archive("test-store-blocks", path, sizeof path), 0);
  assert_int_equal(vb_store_open(path, 1, &s2, &err), 0);
  vs_db db = {s2->ops->sql, s2->impl};
  static const int64_t ids[] = {4093, 4094, 4095, 4096, 4097, 12290};
  vs_col_vals v[6];
  for (int i = 0; i < 6; i++)
    v[i] = vs_col_vals_of(i + 1, 100 + i, 20240101 + i, 10 * (i + 1), 1 + i % 5, vs_col_lang(i % 2 ? "en" : "zz", 2));
  assert_int_equal(vs_cols_store(db, ids, v, 4, &err), 0);
  assert_int_equal(vs_cols_store(db, ids + 4, v + 4, 2, &err), 0); /* block 1 again, then block 3 */
  vs_cols k = {0};
  k.step = 3;
  k.n = 4000; /* ids below are loaded: the load starts inside block 0 */
  int loads = 0, r;
  while (!(r = vs_cols_refresh(db, &k, &err))) loads++;
  assert_int_equal(r, 1);
  assert_true(loads >= 6); /* 12,291 - 4,000 statements' places, three a step, block 2 skipped */
  assert_int_equal(k.n, 12291);
  for (int i = 0; i < 6; i++) {
    assert_int_equal(k.speaker[ids[i]], i + 1);
    assert_int_equal(k.doc[ids[i]], 100 + i);
    assert_int_equal(k.date[ids[i]], 20240101 + i);
    assert_int_equal(k.len[ids[i]], 10 * (i + 1));
    assert_int_equal(k.kind[ids[i]], 1 + i % 5);
    assert_int_equal(k.lang[ids[i]], vs_col_lang(i % 2 ? "en" : "zz", 2));
  }
  assert_int_equal(k.len[4092], 0);
  assert_int_equal(k.len[8192], 0);
  assert_int_equal(k.len[12289], 0);
  vs_cols_free(&k);
  vb_store_close(s2);
}

/* The speaker facet's count of name in r (0: not listed). */
static int64_t speaker_facet(const vb_results *r, const char *name) {
  for (size_t i = 0; i < r->nfacets[0]; i++)
    if (r->facets[0][i].value.len == strlen(name) && !memcmp(r->facets[0][i].value.ptr, name, strlen(name)))
      return r->facets[0][i].count;
  return 0;
}

static void zebra_speakers(vb_store *s, int64_t *max, int64_t *zora, int64_t *total) {
  vb_search_opts o = {.limit = 20, .facets = VB_FACET_SPEAKER};
  vb_results *r;
  vb_err err;
  if (vb_store_search(s, "zebras", &o, &r, &err)) fail_msg("%s", err.msg);
  *max = speaker_facet(r, "MAX POWER");
  *zora = speaker_facet(r, "ZORA KING");
  *total = r->total;
  vb_results_free(r);
}

static int64_t max_statement(sqlite3 *h) {
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT max(id) FROM statements", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  int64_t v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return v;
}

/* SQLite gives the ids of statements deleted at the end of the table to
 * the next ones stored, as a reparse of the last document does. A column
 * cache that loaded those ids before (this connection's or another's)
 * held the deleted statements' speaker, document, date and length for
 * the new ones: the speaker facet counted the old speaker. The archive
 * counts such deletions, and a cache that sees the count move loads
 * again. */
static void a_reparse_that_reuses_ids_loads_the_cache_again(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  char path[512];
  vb_store *w, *r;
  vb_err err;
  vb_doc *doc;
  int added;
  assert_int_equal(test_archive("test-store-reuse", path, sizeof path), 0);
  assert_int_equal(vb_store_open(path, 1, &w, &err), 0);
  static const char *const texts[2][2] = {
      {"first.txt", "ANNA SMITH: The river rose over the weir.\n\nBEN STONE: The boats stayed in the harbour.\n"},
      {"last.txt", "ZORA KING: Zebras crossed the plain at dawn.\n\nANNA SMITH: Where to?\n\n"
                   "ZORA KING: The zebras drank at the river.\n"},
  };
  for (int i = 0; i < 2; i++) {
    assert_int_equal(vb_doc_parse(texts[i][1], strlen(texts[i][1]), texts[i][0], NULL, &doc, &err), 0);
    assert_int_equal(vb_store_put(w, doc, &added, &err), 0);
    vb_doc_free(doc);
  }
  assert_int_equal(vb_store_flush(w, &err), 0);
  assert_int_equal(vb_store_open(path, 0, &r, &err), 0);
  assert_int_equal(vb_store_warm(r, &err), 0);
  assert_int_equal(vb_store_warm(w, &err), 0);
  int64_t max, zora, total;
  zebra_speakers(r, &max, &zora, &total);
  assert_int_equal(zora, 2);
  assert_int_equal(max, 0);
  /* the last document as a newer parser would read it: five statements,
   * three of another speaker, the first three under the ids it drops */
  assert_int_equal(test_exec(path,
                             "UPDATE documents SET parser = 0, body = 'MAX POWER: Zebras ran over the plain.\n\nANNA SMITH: And then?\n\n"
                             "MAX POWER: The zebras slept by the river.\n\nANNA SMITH: Really?\n\n"
                             "MAX POWER: Zebras woke at dawn.\n'"
                             " WHERE id = (SELECT max(id) FROM documents)",
                             NULL),
                   0);
  sqlite3 *h = ((sq *)w->impl)->db;
  int64_t before = max_statement(h);
  assert_int_equal(vb_store_reparse(w, NULL, NULL, &err), 0);
  assert_int_equal(max_statement(h), before + 2); /* the three ids were given again, two more added */
  /* another connection's cache, then the reparsing connection's own */
  vb_store *each[2] = {r, w};
  for (int i = 0; i < 2; i++) {
    zebra_speakers(each[i], &max, &zora, &total);
    assert_int_equal(total, 3);
    assert_int_equal(max, 3);
    assert_int_equal(zora, 0);
  }
  /* a cache that cannot load says why */
  assert_int_equal(test_exec(path, "DROP TABLE statement_cols_gen", NULL), 0);
  vb_search_opts o = {.limit = 20, .facets = VB_FACET_SPEAKER};
  vb_results *res;
  assert_int_not_equal(vb_store_search(r, "zebras", &o, &res, &err), 0);
  assert_non_null(strstr(err.msg, "statement_cols_gen"));
  vb_store_close(r);
  vb_store_close(w);
}

/* "e12" names the entity listed so; a query's word is n bytes inside
 * the query, not a C string: the digits after its end are not its own. */
static void an_entity_number_is_read_within_its_length(void **state) {
  (void)state;
  vs_db db = {st->ops->sql, st->impl};
  vb_arena *a = vb_arena_new(0);
  const char word[4] = {'e', '1', '2', '3'}; /* no NUL */
  int64_t *ids = NULL;
  size_t n = 0;
  vb_err err;
  assert_int_equal(vs_entity_ids(db, word, 2, NULL, a, &ids, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 1);
  assert_int_equal(vs_entity_ids(db, word, 4, NULL, a, &ids, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 123);
  vb_arena_free(a);
}

/* The search columns a store caches (speaker in their own words,
 * document, date, length) are kept at ingest in blocks of 4,096
 * statements (statement_cols), which a cache loads a blob at a time:
 * they agree with the statements' rows, for what an ingest wrote and for
 * what an archive made before the blocks has made from its rows when
 * opened. */
static void search_columns_kept_in_blocks(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  int added;
  assert_int_equal(put_text("reported.txt",
                            "The harbour was quiet on Monday.\n\n"
                            "Harbour master Ilse Marwick said the ferries would not sail until the storm had passed.\n\n"
                            "\"We will wait for the wind to drop,\" Marwick said.\n",
                            &added),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  int64_t reported = 0;
  blocks_agree_with_rows(&reported);
  assert_true(reported > 0);
  /* an archive of schema 8, before the blocks: made from its rows */
  vb_store_close(st);
  st = NULL;
  assert_int_equal(test_exec(DB, "DROP TABLE statement_cols; PRAGMA user_version = 8", NULL), 0);
  assert_int_equal(vb_store_open(DB, 1, &st, &err), 0);
  blocks_agree_with_rows(&reported);
  assert_true(reported > 0);
  /* a cache reads the blocks, not the rows: a block emptied is a block
   * of zeros to it (then made again from the rows for the tests after) */
  assert_int_equal(test_exec(DB, "UPDATE statement_cols SET cols = zeroblob(length(cols)) WHERE block = 0", NULL), 0);
  vb_store *s2;
  assert_int_equal(vb_store_open(DB, 0, &s2, &err), 0);
  assert_int_equal(vb_store_warm(s2, &err), 0);
  const vs_cols *k = &((sq *)s2->impl)->cols;
  assert_true(k->n > 1);
  for (int64_t id = 0; id < k->n && id < 4096; id++) assert_int_equal(k->len[id], 0);
  /* and the check says so */
  int problems = 0;
  char *report = NULL;
  assert_int_equal(vb_store_check(s2, &problems, &report, &err), 0);
  assert_true(problems > 0);
  assert_non_null(strstr(report, "search columns"));
  free(report);
  vb_store_close(s2);
  vb_store_close(st);
  st = NULL;
  assert_int_equal(test_exec(DB, "PRAGMA user_version = 8", NULL), 0);
  assert_int_equal(vb_store_open(DB, 1, &st, &err), 0);
}

/* The SQLite driver keeps a search's statements prepared for the next
 * one (parsing them again was a fifth of a search's instructions, one
 * query per hit among them): a search like the last prepares nothing new
 * and answers as it did; two uses of one SQL at once get a statement
 * each, and a kept statement comes back without its bindings. */
static void statements_kept_for_the_next_search(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  vb_store *s2;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &s2, &err), 0);
  sqlite3 *h = ((sq *)s2->impl)->db;
  vb_search_opts o = {.limit = 20, .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH};
  vb_results *r[3];
  for (int i = 0; i < 3; i++)
    if (vb_store_search(s2, "peace OR hizbullah", &o, &r[i], &err)) fail_msg("%s", err.msg);
  int runs, kept = prepared_on(h, &runs), runs_again;
  /* the third search ran statements the second had prepared */
  assert_true(runs >= 2);
  vb_results *again;
  if (vb_store_search(s2, "peace OR hizbullah", &o, &again, &err)) fail_msg("%s", err.msg);
  assert_int_equal(prepared_on(h, &runs_again), kept);
  assert_true(runs_again > runs);
  assert_true(again->total > 1);
  assert_int_equal(again->total, r[2]->total);
  assert_int_equal(again->nhits, r[2]->nhits);
  for (size_t i = 0; i < again->nhits; i++) {
    assert_int_equal(again->hits[i].statement, r[2]->hits[i].statement);
    assert_int_equal(again->hits[i].snippet.len, r[2]->hits[i].snippet.len);
    assert_memory_equal(again->hits[i].snippet.ptr, r[2]->hits[i].snippet.ptr, again->hits[i].snippet.len);
  }
  assert_int_equal(again->nfacets[0], r[2]->nfacets[0]);
  vb_results_free(again);
  for (int i = 0; i < 3; i++) vb_results_free(r[i]);
  vs_db db = {s2->ops->sql, s2->impl};
  vs_sql *a, *b;
  assert_int_equal(vs_sql_prepare(db, "SELECT ?1", &a, &err), 0);
  assert_int_equal(vs_sql_prepare(db, "SELECT ?1", &b, &err), 0);
  vs_bind_int(a, 1, 1);
  vs_bind_int(b, 1, 2);
  assert_int_equal(vs_next(a, &err), 1);
  assert_int_equal(vs_next(b, &err), 1);
  assert_int_equal(vs_col_int(a, 0), 1);
  assert_int_equal(vs_col_int(b, 0), 2);
  vs_finalize(a);
  vs_finalize(b);
  assert_int_equal(vs_sql_prepare(db, "SELECT ?1", &a, &err), 0);
  assert_int_equal(vs_next(a, &err), 1);
  assert_true(vs_col_null(a, 0));
  vs_finalize(a);
  vb_store_close(s2);
}

static void year_only_dates_count_from_their_start(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("FRE_49_1994.txt", "The quokka harbour will stay open for every ship.\n", &added), 0);
  assert_true(added);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  static const char *const queries[] = {"quokka after:1990", "quokka before:1995", "quokka after:1994-01-01",
                                        "quokka before:1994", "quokka after:1995"};
  static const int64_t want[] = {1, 1, 1, 0, 0};
  for (int round = 0; round < 2; round++) {
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
      int64_t got = total(queries[i]);
      if (got != want[i])
        fail_msg("%s: %lld, wanted %lld (%s)", queries[i], (long long)got, (long long)want[i],
                 round ? "after the migration" : "as ingested");
    }
    if (round) break;
    /* the archive as the schema before stored it */
    vb_store_close(st);
    st = NULL;
    assert_int_equal(test_exec(DB, "UPDATE statements SET date = 1994 WHERE date = 19940101; PRAGMA user_version = 7",
                               "UPDATE statements SET date = 1994 WHERE date = 19940101;"
                               " UPDATE verbatim_schema SET version = 6"),
                     0);
    assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  }
}

/* A document's rows go in many to a statement (sqlite_sql.c): each
 * statement keeps its own id, so its full-text row and its mentions find
 * it, before, across and after the runs of rows. */
static void many_rows_keep_their_ids(void **state) {
  (void)state;
  enum { N = 70 };
  /* words no stemmer makes one of (no vowel, s or y to strip) */
  static const char L[] = "bcdfghjklmnpqrtvwxz";
  const int nl = (int)sizeof L - 1;
  char *text = malloc(N * 96);
  assert_non_null(text);
  size_t len = 0;
  for (int i = 0; i < N; i++)
    len += (size_t)snprintf(text + len, 96, "ANNA SMITH: The quib%c%c harbour is open%s.\n\n", L[i / nl],
                            L[i % nl], i == 45 ? " to France" : "");
  int added;
  assert_int_equal(put_text("many-rows.txt", text, &added), 0);
  assert_true(added);
  free(text);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  int32_t last = -1;
  for (int i = 0; i < N; i++) {
    char word[16];
    snprintf(word, sizeof word, "quib%c%c", L[i / nl], L[i % nl]);
    vb_results *r = search(word, 0);
    if (r->total != 1 || !has_text(r, word))
      fail_msg("%s: %lld hits, the first '%.*s'", word, (long long)r->total, (int)r->hits[0].text.len, r->hits[0].text.ptr);
    assert_true(r->hits[0].index > last);
    last = r->hits[0].index;
    vb_results_free(r);
  }
  vb_results *r = search("mentions:france quibdk", 0);
  assert_int_equal(r->total, 1);
  assert_true(has_text(r, "quibdk harbour is open to France"));
  vb_results_free(r);
}

/* Statements sent on the store's connection while it is traced: SQLite's
 * statement trace, libpq's PQtrace (a Parse or a simple Query each, one
 * round trip each: the driver runs every statement by PQexecParams). With
 * show, each is printed (its first 100 bytes). */
typedef struct sent_trace {
  FILE *pq;
  int n, show;
  int parsed; /* PostgreSQL: statements the server parsed (Parse messages) */
  const char *needle; /* PostgreSQL: count the Parse messages whose SQL holds it */
  int matched;
  const char *also; /* and of those, the ones whose SQL holds this too */
  int matched_also;
  const char *bind_needle; /* and the Bind messages whose values hold this */
  int bind_matched;
  int rows; /* PostgreSQL: rows the server sent (DataRow messages) */
} sent_trace;

static int show_statement(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)p;
  sent_trace *t = ctx;
  if (strncmp((const char *)x, "--", 2) == 0) return 0;
  t->n++;
  if (t->show) fprintf(stderr, "sent: %.100s\n", (const char *)x);
  return 0;
}

static void trace_start(sent_trace *t) {
  t->n = t->parsed = t->matched = t->matched_also = t->bind_matched = t->rows = 0;
  t->needle = t->bind_needle = t->also = NULL;
  t->show = getenv("VB_TEST_SHOW_SQL") != NULL;
  t->pq = NULL;
  if (test_on_postgres()) {
    t->pq = tmpfile();
    assert_non_null(t->pq);
    PQtrace(((pg *)st->impl)->c, t->pq);
  } else {
    sqlite3_trace_v2(((sq *)st->impl)->db, SQLITE_TRACE_STMT, show_statement, t);
  }
}

static int trace_stop(sent_trace *t) {
  if (!t->pq) {
    sqlite3_trace_v2(((sq *)st->impl)->db, 0, NULL, NULL);
    return t->n;
  }
  PQuntrace(((pg *)st->impl)->c);
  rewind(t->pq);
  char line[8192];
  /* a round trip ends in a Sync (extended protocol: one per statement,
   * or per pipeline of a prepare and its run) or is one Query (simple) */
  while (fgets(line, sizeof line, t->pq)) {
    if (strstr(line, "\tB\t") && strstr(line, "\tDataRow\t")) t->rows++;
    if (!strstr(line, "\tF\t")) continue;
    if (strstr(line, "\tParse\t")) {
      t->parsed++;
      if (t->needle && strstr(line, t->needle)) {
        t->matched++;
        if (t->also && strstr(line, t->also)) t->matched_also++;
      }
    }
    if (t->bind_needle && strstr(line, "\tBind\t") && strstr(line, t->bind_needle)) {
      t->bind_matched++;
      if (t->show) fprintf(stderr, "sent: %.140s\n", line);
    }
    if (strstr(line, "\tSync") || strstr(line, "\tQuery\t")) t->n++;
  }
  fclose(t->pq);
  t->pq = NULL;
  return t->n;
}

/* A page of hits is read in a few statements whatever its length: one per
 * hit (its fields, then its quote family) was two round trips a hit on
 * PostgreSQL, 40 of the 43 a search of 20 hits sent, and one per speaker
 * named in the facet. Counted on the connection: SQLite's statement trace,
 * libpq's protocol trace (each Sync or Query message one round trip). */
static void a_page_of_hits_in_few_statements(void **state) {
  (void)state;
  int added;
  for (int i = 0; i < 24; i++) {
    char name[32], text[160];
    snprintf(name, sizeof name, "zebrafinch-%d.txt", i);
    snprintf(text, sizeof text, "Host: Where now?\n\nVera Speaker%c%c: The zebrafinch sang %d times by the river.\n",
             'a' + i % 12, 'a' + i / 12, i);
    assert_int_equal(put_text(name, text, &added), 0);
    assert_true(added);
  }
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_search_opts o = {.limit = 20, .sort = VB_SORT_RELEVANCE,
                      .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_ENTITY};
  vb_results *r;
  sent_trace t;
  trace_start(&t);
  assert_int_equal(vb_store_search(st, "zebrafinch", &o, &r, &err), 0);
  int sent = trace_stop(&t);
  assert_int_equal(r->total, 24);
  assert_int_equal(r->nhits, 20);
  assert_true(r->nfacets[0] >= 10);
  /* in the ranking's order, each its own */
  for (size_t i = 1; i < r->nhits; i++) assert_true(r->hits[i].score <= r->hits[i - 1].score);
  for (size_t i = 0; i < r->nhits; i++) assert_non_null(strstr(r->hits[i].text.ptr, "zebrafinch"));
  if (sent < 1 || sent > 12) fail_msg("a search of 20 hits sent %d statements (at most 12)", sent);
  vb_results_free(r);
}

/* Reads sent ahead (sql.h, vs_sql_send) are answered together, each
 * with its own rows whatever order they are read in; one the server
 * refuses fails where it is read and leaves the connection as it was; one
 * never read is finalized without its answer in the way of the next. On
 * PostgreSQL the three go in one round trip once prepared. */
static void reads_sent_ahead_answer_each_its_own(void **state) {
  (void)state;
  vs_db db = {st->ops->sql, st->impl};
  vb_err err;
  const char *sql[3] = {"SELECT 10 / ?1", "SELECT ?1 + 1", "SELECT ?1 * 3"};
  /* seen, then prepared (PostgreSQL sends ahead what is prepared) */
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < 3; i++) {
      vs_sql *q;
      assert_int_equal(vs_sql_prepare(db, sql[i], &q, &err), 0);
      vs_bind_int(q, 1, 1);
      assert_int_equal(vs_next(q, &err), 1);
      vs_finalize(q);
    }
  for (int round = 0; round < 2; round++) {
    vs_sql *q[3];
    for (int i = 0; i < 3; i++) {
      assert_int_equal(vs_sql_prepare(db, sql[i], &q[i], &err), 0);
      vs_bind_int(q[i], 1, i == 0 ? 2 : 7);
    }
    sent_trace t;
    trace_start(&t);
    for (int i = 0; i < 3; i++) vs_sql_send(q[i]);
    /* read last first */
    assert_int_equal(vs_next(q[2], &err), 1);
    assert_int_equal(vs_col_int(q[2], 0), 21);
    assert_int_equal(vs_next(q[0], &err), 1);
    assert_int_equal(vs_col_int(q[0], 0), 5);
    if (round == 0) {
      assert_int_equal(vs_next(q[1], &err), 1);
      assert_int_equal(vs_col_int(q[1], 0), 8);
    } /* round 1: q[1] finalized unread */
    int sent = trace_stop(&t);
    if (test_on_postgres() && sent != 1) fail_msg("3 reads sent ahead: %d round trips", sent);
    for (int i = 0; i < 3; i++) vs_finalize(q[i]);
  }
  /* a refused one: its own failure, and the connection goes on */
  vs_sql *bad, *good;
  assert_int_equal(vs_sql_prepare(db, sql[0], &bad, &err), 0);
  assert_int_equal(vs_sql_prepare(db, sql[2], &good, &err), 0);
  vs_bind_int(bad, 1, 0);
  vs_bind_int(good, 1, 4);
  vs_sql_send(bad);
  int got = vs_next(bad, &err);
  if (test_on_postgres()) {
    assert_int_equal(got, -1);
    assert_non_null(strstr(err.msg, "division by zero"));
  }
  vs_finalize(bad);
  vs_sql_send(good);
  assert_int_equal(vs_next(good, &err), 1);
  assert_int_equal(vs_col_int(good, 0), 12);
  vs_finalize(good);
  assert_true(total("hornwort") >= 0); /* the connection answers the next search */
}

/* The plans PostgreSQL's auto_explain sends the client (log_level notice)
 * while a search runs, collected by the connection's notice processor. */
typedef struct plans {
  char text[65536];
  size_t len;
} plans;

static void keep_plan(void *ctx, const char *message) {
  plans *p = ctx;
  int n = snprintf(p->text + p->len, sizeof p->text - p->len, "%s\n", message);
  if (n > 0) p->len = p->len + (size_t)n < sizeof p->text ? p->len + (size_t)n : sizeof p->text - 1;
}

/* The rows of table (" on documents") the plan at plan (up to end) read:
 * each node on the table, its rows times its loops and the rows its
 * filter removed. */
static long rows_read(const char *plan, const char *end, const char *table) {
  long read = 0;
  size_t tn = strlen(table);
  for (const char *at = plan; (at = strstr(at, table)) && (!end || at < end); at++) {
    if (at[tn] == '_') continue; /* an index's name: its table's node counts */
    const char *eol = strchr(at, '\n');
    const char *actual = strstr(at, "actual time=");
    if (!actual || (eol && actual > eol)) continue; /* never executed */
    long rows, loops;
    assert_int_equal(sscanf(strstr(actual, "rows="), "rows=%ld loops=%ld", &rows, &loops), 2);
    read += rows * loops;
    const char *node = eol ? strstr(eol, "->") : NULL, *removed = eol ? strstr(eol, "Rows Removed by Filter: ") : NULL;
    if (removed && (!node || removed < node) && (!end || removed < end)) read += atol(removed + 24) * loops;
  }
  return read;
}

/* Runs a search with auto_explain's plans sent to the client (and nested
 * loops off when loops_off: the planner loops over a few rows whatever a
 * query's form, as it would not over a real archive's). */
static vb_results *search_explained(const char *q, unsigned facets, int loops_off, plans *p) {
  PGconn *c = ((pg *)st->impl)->c;
  PGresult *r = PQexec(c, loops_off ? "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0;"
                                      " SET auto_explain.log_analyze = on; SET auto_explain.log_level = notice;"
                                      " SET enable_nestloop = off"
                                    : "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0;"
                                      " SET auto_explain.log_analyze = on; SET auto_explain.log_level = notice");
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  p->len = 0;
  PQnoticeProcessor was = PQsetNoticeProcessor(c, keep_plan, p);
  vb_results *res = search(q, facets);
  PQsetNoticeProcessor(c, was, NULL);
  r = PQexec(c, "SET auto_explain.log_min_duration = -1; RESET enable_nestloop");
  PQclear(r);
  return res;
}

/* A page of hits reads its statements' documents by their key, one row
 * each: PostgreSQL planned a hash join over a sequential scan of every
 * document (0.8 ms a search on 1,369 UN speeches, growing with the
 * archive). auto_explain's plan of the hits query, with the rows each of
 * its nodes returned, says how many documents' rows it read. */
static void a_page_of_hits_reads_its_documents_alone(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite looks each one up already */
  int added;
  for (int i = 0; i < 6; i++) {
    char name[32], text[160];
    snprintf(name, sizeof name, "pipewort-%d.txt", i);
    snprintf(text, sizeof text, "Host: Where now?\n\nVera Pipewell: The %s sang %d times by the river.\n",
             i ? "wren" : "pipewort", i + 2);
    assert_int_equal(put_text(name, text, &added), 0);
    assert_true(added);
  }
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  static plans p;
  vb_results *res = search_explained("pipewort", 0, 1, &p);
  assert_int_equal(res->nhits, 1);
  vb_results_free(res);
  /* the hits query's plan: the one that reads the documents' hash */
  const char *hits = strstr(p.text, "d.hash");
  assert_non_null(hits);
  long read = rows_read(hits, strstr(hits, "Query Text:"), " on documents");
  fprintf(stderr, "# the hits query read %ld documents' rows for 1 hit\n", read);
  if (read > 1) fail_msg("the hits query read %ld documents' rows for 1 hit", read);
}

/* A page of hits names its speakers in one look-up of their rows: the
 * name asked in the hits query, a subquery a hit, had PostgreSQL scan the
 * speakers once for each hit where the table is small (0.23 ms of a
 * search's 2.5 ms on 120 UN speeches, bench/RESULTS.md, session 18).
 * auto_explain's plans of the whole search, with the rows each node read,
 * say how many speakers' rows it read. */
static void a_page_of_hits_reads_its_speakers_once(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite looks each one up by its key */
  int added;
  for (int i = 0; i < 6; i++) {
    char name[32], text[160];
    snprintf(name, sizeof name, "hornwort-%d.txt", i);
    snprintf(text, sizeof text, "Host: Where now?\n\nVera Hornwell%c: The hornwort grew %d times by the river.\n",
             'a' + i, i + 2);
    assert_int_equal(put_text(name, text, &added), 0);
    assert_true(added);
  }
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  /* as a server's searches run: the table's statistics known, the
   * statements prepared and planned for any ids (a generic plan after
   * five runs) */
  PGresult *c = PQexec(((pg *)st->impl)->c, "ANALYZE speakers");
  assert_int_equal(PQresultStatus(c), PGRES_COMMAND_OK);
  PQclear(c);
  c = PQexec(((pg *)st->impl)->c, "SELECT count(*) FROM speakers");
  assert_int_equal(PQresultStatus(c), PGRES_TUPLES_OK);
  long speakers = atol(PQgetvalue(c, 0, 0));
  PQclear(c);
  for (int i = 0; i < 6; i++) vb_results_free(search("hornwort", 0));
  static plans p;
  vb_results *res = search_explained("hornwort", 0, 0, &p);
  assert_int_equal(res->nhits, 6);
  for (size_t i = 0; i < res->nhits; i++) assert_memory_equal(res->hits[i].speaker.ptr, "Vera Hornwell", 13);
  vb_results_free(res);
  long read = rows_read(p.text, NULL, " on speakers");
  fprintf(stderr, "# the search read %ld speakers' rows of %ld for 6 hits\n", read, speakers);
  if (speakers < 12 || read > speakers) fail_msg("the search read %ld speakers' rows of %ld for 6 hits", read, speakers);
}

static void pg_run(const char *sql);

/* Stores n documents of country's session of year (dated by the year
 * alone, from the file's name), the first saying word, the others not,
 * and searches word with the month facet (sequential scans off when
 * seqscan_off: the test's few documents fit a page of the table, which a
 * real archive's thousands do not): auto_explain's plan of the year-only
 * documents' query, from its text to the next query's, into *end. */
static const char *year_only_plan(const char *country, int year, int n, const char *word, int seqscan_off, plans *p,
                                  const char **end) {
  int added;
  for (int i = 0; i < n; i++) {
    char name[48], text[160];
    snprintf(name, sizeof name, "tests/%s_%d_%d.txt", country, 70 + i, year);
    snprintf(text, sizeof text, "The %s treaty was signed %d times by the %s lake.\n", i ? "fjord" : word, i + 2,
             country);
    assert_int_equal(put_text(name, text, &added), 0);
    assert_true(added);
  }
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  if (seqscan_off) {
    pg_run("VACUUM documents"); /* the pages' visibility, as autovacuum leaves an archive */
    pg_run("SET enable_seqscan = off");
  }
  vb_results *r = search_explained(word, VB_FACET_MONTH, 0, p);
  if (seqscan_off) pg_run("RESET enable_seqscan");
  char y[16];
  snprintf(y, sizeof y, "%d", year);
  assert_int_equal(r->total, 1);
  assert_int_equal(r->nfacets[3], 1);
  assert_string_equal(r->facets[3][0].value.ptr, y);
  vb_results_free(r);
  const char *years = strstr(p->text, "length(date) = 4");
  assert_non_null(years);
  *end = strstr(years, "Query Text:");
  return years;
}

/* The month facet moves the found statements of documents dated by their
 * year alone from January to the year: it reads those documents by id,
 * not every year-only document of the found years (1,163 rows a search
 * on 1,369 UN speeches, whatever the hits). */
static void the_month_facet_reads_the_found_documents_alone(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite's column cache knows each document's year */
  static plans p;
  const char *end, *years = year_only_plan("SWE", 1931, 6, "marshwort", 0, &p, &end);
  long read = rows_read(years, end, " on documents");
  fprintf(stderr, "# the month facet read %ld documents' rows for 1 found\n", read);
  if (read > 1) fail_msg("the month facet read %ld documents' rows for 1 found", read);
}

/* The found documents dated by a year alone are read from the index of
 * such documents (documents_year_alone, pg.c), not from the documents'
 * own rows: an index-only scan, its pages a few for thousands of
 * documents, where each document's row is a page of the table. */
static void the_month_facet_reads_the_index_of_year_only_documents(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite's column cache knows each document's year */
  static plans p;
  const char *end, *years = year_only_plan("NOR", 1947, 4, "bladderwort", 1, &p, &end);
  const char *scan = strstr(years, "Index Only Scan using documents_year_alone");
  if (!scan || (end && scan > end)) fail_msg("the year-only documents were not read from their index:\n%s", years);
}

/* The cost model's estimate of a word (an EXPLAIN on PostgreSQL, a round
 * trip per word) is not asked again of a word searched a moment ago. */
static void a_word_searched_again_costs_no_estimate(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite counts from its own index */
  vb_search_opts o = {.limit = 5, .sort = VB_SORT_RELEVANCE};
  vb_results *r;
  vb_err err;
  int sent[3], parsed[3];
  for (int i = 0; i < 3; i++) {
    sent_trace t;
    trace_start(&t);
    assert_int_equal(vb_store_search(st, "kalashnikov forests", &o, &r, &err), 0);
    sent[i] = trace_stop(&t);
    parsed[i] = t.parsed;
    assert_true(r->total >= 0);
    vb_results_free(r);
  }
  fprintf(stderr, "# the same search three times: %d, %d, %d statements; %d, %d, %d parsed\n", sent[0], sent[1],
          sent[2], parsed[0], parsed[1], parsed[2]);
  /* an estimate is an EXPLAIN, parsed each time it is asked (the search's
   * own statements are prepared by the second time): the first search
   * asks one a word, the third none */
  if (parsed[0] < 2) fail_msg("searched first: %d statements parsed, not the two words' estimates", parsed[0]);
  if (parsed[2]) fail_msg("searched a third time: %d statements parsed (an estimate asked again)", parsed[2]);
  if (sent[2] > sent[0] - 2) fail_msg("searched a third time: %d statements, the first %d", sent[2], sent[0]);
}

/* A search asked again on a connection is bound and run, not parsed and
 * planned again: PostgreSQL parsed and planned each of its statements at
 * every search (11-14% of the server's time for the query mix on 400
 * UN speeches, pg_stat_statements' plan time alone), which named
 * statements, prepared the second time a statement is seen, spare. The
 * prepare goes with the statement's run in one round trip. */
static void a_search_again_parses_no_sql(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite keeps its statements prepared (the_next_page_parses_no_sql) */
  int added;
  assert_int_equal(put_text("kept-1.txt", "Host: Where now?\n\nVera Keptwell: The kingfisher sang by the river.\n", &added),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_search_opts o = {.limit = 5, .sort = VB_SORT_RELEVANCE,
                      .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_ENTITY};
  int sent[3], parsed[3];
  int64_t total[3], first[3];
  for (int i = 0; i < 3; i++) {
    vb_results *r;
    sent_trace t;
    trace_start(&t);
    assert_int_equal(vb_store_search(st, "kingfisher", &o, &r, &err), 0);
    sent[i] = trace_stop(&t);
    parsed[i] = t.parsed;
    total[i] = r->total;
    first[i] = r->nhits ? r->hits[0].statement : -1;
    vb_results_free(r);
  }
  fprintf(stderr, "# the same search three times: %d, %d, %d round trips; %d, %d, %d parsed\n", sent[0], sent[1],
          sent[2], parsed[0], parsed[1], parsed[2]);
  for (int i = 1; i < 3; i++) {
    assert_true(total[i] == total[0] && total[0] >= 1);
    assert_true(first[i] == first[0]);
  }
  if (parsed[2]) fail_msg("searched a third time: %d statements parsed again", parsed[2]);
  /* preparing costs no round trip of its own */
  if (sent[1] > sent[0] || sent[2] > sent[1]) fail_msg("round trips %d, %d, %d", sent[0], sent[1], sent[2]);
  /* the languages with the match (which says whether the archive has a
   * tag: that was a round trip of its own, 8), the hits with their
   * families and the speakers' names (each its own round trip was 7 in
   * all), the mentions and the entities' names */
  if (sent[2] > 4) fail_msg("searched a third time: %d round trips (at most 4)", sent[2]);
}

/* A search's matches are counted by the server: the count, the best k
 * and the speaker, month and tag facets' counts come in a few rows, not a
 * row a match (`human rights` sent its ~27,000 matches' rows on the UN
 * archive, each written out by the server and read by the client, to keep
 * 20). The same hits, total and facets as the search that reads every
 * match's row (the entity facet's, which samples them). */
static void matches_counted_by_the_server(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite reads its matches in the process */
  static const char *const names[] = {"DNK", "NOR", "SWE", "FIN"};
  int added;
  /* more statements than the count is asked of the server from
   * (COUNTED_FROM): eight year-only speeches of three speakers' turns */
  vb_buf text;
  vb_buf_init(&text, 0);
  for (int i = 0; i < 8; i++) {
    char name[40];
    snprintf(name, sizeof name, "tests/%s_%d_%d.txt", names[i % 4], 40 + i / 2, 1980 + i / 2);
    text.len = 0;
    vb_buf_adds(&text, "Host: Where now?\n");
    for (int turn = 0; turn < 3; turn++) {
      vb_buf_printf(&text, "\nVera Marm%c:", 'a' + turn);
      for (int k = 0; k < 50; k++) vb_buf_printf(&text, " The marmoset sang %d times in %d.", k, i);
      vb_buf_addc(&text, '\n');
    }
    assert_false(text.failed);
    assert_int_equal(put_text(name, text.ptr, &added), 0);
    assert_true(added);
  }
  vb_buf_free(&text);
  assert_int_equal(put_text("marmoset-march.txt", "March 3, 1985\n\nMarmoset notice\n\nMarch 3, 1985\n\nThe marmoset was seen.\n",
                            &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  /* the cost model's counts, from the statistics ANALYZE keeps */
  PGresult *c = PQexec(((pg *)st->impl)->c, "ANALYZE statements");
  assert_int_equal(PQresultStatus(c), PGRES_COMMAND_OK);
  PQclear(c);
  vb_search_opts o = {.limit = 5, .sort = VB_SORT_RELEVANCE, .facets = VB_FACET_SPEAKER | VB_FACET_TAG | VB_FACET_MONTH};
  vb_search_opts every = o;
  every.facets |= VB_FACET_ENTITY;
  for (int by_date = 0; by_date < 2; by_date++) {
    o.sort = every.sort = by_date ? VB_SORT_DATE : VB_SORT_RELEVANCE;
    vb_results *r, *e;
    sent_trace t;
    trace_start(&t);
    assert_int_equal(vb_store_search(st, "marmoset", &o, &r, &err), 0);
    trace_stop(&t);
    int counted_rows = t.rows;
    trace_start(&t);
    assert_int_equal(vb_store_search(st, "marmoset", &every, &e, &err), 0);
    trace_stop(&t);
    fprintf(stderr, "# %lld matches: %d rows counted by the server, %d read one a match\n", (long long)r->total,
            counted_rows, t.rows);
    assert_true(r->total > 1000);
    if (counted_rows >= r->total / 10) fail_msg("%d rows for %lld matches", counted_rows, (long long)r->total);
    assert_int_equal(r->total, e->total);
    assert_int_equal(r->nhits, e->nhits);
    for (size_t i = 0; i < r->nhits; i++) assert_int_equal(r->hits[i].statement, e->hits[i].statement);
    for (int f = 0; f < 4; f++) {
      if (f == 1) continue; /* the entity facet, the other's alone */
      assert_int_equal(r->nfacets[f], e->nfacets[f]);
      for (size_t i = 0; i < r->nfacets[f]; i++) {
        assert_string_equal(r->facets[f][i].value.ptr, e->facets[f][i].value.ptr);
        assert_int_equal(r->facets[f][i].count, e->facets[f][i].count);
      }
    }
    /* the speakers; a year for each year-only speech's, and March */
    assert_int_equal(r->nfacets[0], 3);
    assert_int_equal(r->nfacets[3], 5);
    vb_results_free(r);
    vb_results_free(e);
  }
}

/* A document is stored in a few round trips whatever it holds: one per
 * entity, spelling, speaker key or quote-family candidate was 47 a
 * document on average over 1,369 UN speeches on PostgreSQL (each waiting
 * its turn on a loaded machine: three quarters of the ingest's wall
 * time), 253 for this debate. A real transcript with many speakers,
 * entities and quotes, then a second one meeting what the first made. */
static void a_document_in_few_statements(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* a statement is no round trip on SQLite */
  static const char *const files[] = {SHARED_DIR "/corpus/debates/2020_vp_part1.txt",
                                      SHARED_DIR "/corpus/debates/2020_vp_part2.txt"};
  for (size_t i = 0; i < 2; i++) {
    int added;
    sent_trace t;
    trace_start(&t);
    assert_int_equal(put_file(files[i], &added), 0);
    vb_err err;
    assert_int_equal(vb_store_flush(st, &err), 0);
    int sent = trace_stop(&t);
    assert_true(added);
    fprintf(stderr, "# %s: %d statements\n", files[i], sent);
    /* 253 and 330 before; the quote families' candidates are still read
     * one at a time (25 of the first's 50) */
    if (sent > 60) fail_msg("storing %s sent %d statements (at most 60)", files[i], sent);
  }
}

/* SQLite: the row statements insert_rows keeps prepared hold every table
 * a document's rows go to in turn (ten in an ingest, with the quote
 * fingerprints, a new speaker's keys and the entity links): a second
 * round prepares none again. With too few slots, each table's statement
 * pushed out the next one's (the oldest goes), and every document
 * prepared them all again. */
static void ten_tables_rows_prepare_each_statement_once(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* PostgreSQL's rows go in one statement */
  sq *s = st->impl;
  vs_db db = {st->ops->sql, st->impl};
  vb_err err;
  char sql[64];
  for (int t = 0; t < 10; t++) {
    snprintf(sql, sizeof sql, "CREATE TEMP TABLE rows_%d(a)", t);
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
  }
  unsigned prepared = 0;
  for (int round = 0; round < 2; round++) {
    if (round) prepared = s->nrows;
    for (int t = 0; t < 10; t++) {
      vs_value v[ROWS_PER_INSERT + 1];
      for (int i = 0; i <= ROWS_PER_INSERT; i++) v[i] = vs_val_int(round * 100 + i);
      snprintf(sql, sizeof sql, "INSERT INTO rows_%d(a)", t);
      assert_int_equal(db.drv->insert_rows(db.conn, sql, NULL, 1, ROWS_PER_INSERT + 1, v, NULL, &err), 0);
    }
  }
  if (s->nrows != prepared) fail_msg("the second round prepared %u row statements again", s->nrows - prepared);
  for (int t = 0; t < 10; t++) {
    snprintf(sql, sizeof sql, "DROP TABLE temp.rows_%d", t);
    assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
  }
}

/* Several documents share a transaction (a savepoint each): the begin,
 * commit, correction lock and watch generation every transaction sends,
 * once a batch, and the quote families' candidates of a document read in
 * one query, not one each. Real transcripts and captions, stored as
 * ingest stores them (put after put, one flush). */
/* Seven documents of the shared corpus: two debate parts, five podcasts'
 * captions. */
static const char *const batch_files[] = {SHARED_DIR "/corpus/debates/2020_debate1_part1.txt",
                                          SHARED_DIR "/corpus/debates/2020_debate1_part2.txt",
                                          SHARED_DIR "/corpus/captions/transcriptator__buzzcast.srt",
                                          SHARED_DIR "/corpus/captions/transcriptator__podcasting_20_episode_124.srt",
                                          SHARED_DIR "/corpus/captions/transcriptator__podnews_daily_2024-01-25.vtt",
                                          SHARED_DIR "/corpus/captions/transcriptator__podnews_weekly_review_2024-01-19.vtt",
                                          SHARED_DIR "/corpus/captions/transcriptator__kde_express-16_kde_en_telegram.vtt"};

/* A batch also commits after a second of work (pg.c, BATCH_SECONDS): these
 * count the statements of one batch, which a loaded machine would cut in
 * two. on: as long as it takes; off: the second again. */
static void one_batch(int on) {
  static double kept;
  pg *p = st->impl;
  if (on) {
    kept = p->batch_seconds;
    p->batch_seconds = 1e9;
  } else {
    p->batch_seconds = kept;
  }
}

static void a_batch_of_documents_in_few_statements(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* a statement is no round trip on SQLite */
  const char *const *files = batch_files;
  size_t n = sizeof batch_files / sizeof *batch_files;
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  one_batch(1);
  sent_trace t;
  trace_start(&t);
  for (size_t i = 0; i < n; i++) {
    int added;
    assert_int_equal(put_file(files[i], &added), 0);
    assert_true(added);
  }
  assert_int_equal(vb_store_flush(st, &err), 0);
  int sent = trace_stop(&t);
  one_batch(0);
  fprintf(stderr, "# %zu documents: %d statements, %.1f a document\n", n, sent, (double)sent / (double)n);
  /* 245 (35.0 a document) with a transaction each */
  if (sent > 24 * (int)n) fail_msg("storing %zu documents sent %d statements (at most 24 each)", n, sent);
}

/* A document's writes whose answers no one reads (rows by insert_rows,
 * statements by vs_sql_write) go ahead of the next statement that reads,
 * in its round trip, and its savepoint is released with the last of them;
 * the corrections' state is read once a batch and the entities and their
 * spellings by key in one query (entities.c): 7 documents in 67 round
 * trips (74 with the two reads apart, 80 with the corrections' state
 * read for each document too; 154, 22.0 a document, one a statement; 100
 * with the rows alone ahead). */
static void a_batch_of_documents_in_few_round_trips(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* a statement is no round trip on SQLite */
  const char *const *files = batch_files;
  size_t n = sizeof batch_files / sizeof *batch_files;
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  int64_t docs, speakers, statements, d2;
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &statements, &err), 0);
  one_batch(1);
  sent_trace t;
  trace_start(&t);
  size_t stored = 0;
  for (size_t i = 0; i < n; i++) {
    /* new documents (earlier tests stored these files): a blank line more */
    char *bytes, *more;
    size_t len;
    assert_int_equal(vb_file_read(files[i], &bytes, &len, &err), 0);
    assert_non_null(more = realloc(bytes, len + 2));
    memcpy(more + len, "\n\n", 2);
    vb_doc *doc;
    assert_int_equal(vb_doc_parse(more, len + 2, files[i], NULL, &doc, &err), 0);
    free(more);
    int added;
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    vb_doc_free(doc);
    stored += added != 0;
  }
  assert_int_equal(vb_store_flush(st, &err), 0);
  int trips = trace_stop(&t);
  one_batch(0);
  fprintf(stderr, "# %zu documents (%zu new): %d round trips, %.1f a document\n", n, stored, trips,
          (double)trips / (double)n);
  assert_int_equal(stored, n);
  assert_int_equal(vb_store_counts(st, &d2, &speakers, &statements, &err), 0);
  assert_int_equal(d2, docs + (int64_t)n);
  if (trips > 10 * (int)n) fail_msg("storing %zu documents took %d round trips (at most 10 each)", n, trips);
  test_assert_checks(st, __func__);
}

/* Stores batch_files once more, each with `blank` newlines added (new
 * documents, the same statements): the statements stored, by the parser's
 * count. */
static int64_t store_batch_again(int blank) {
  int64_t n = 0;
  vb_err err;
  for (size_t i = 0; i < sizeof batch_files / sizeof *batch_files; i++) {
    char *bytes, *more;
    size_t len;
    assert_int_equal(vb_file_read(batch_files[i], &bytes, &len, &err), 0);
    assert_non_null(more = realloc(bytes, len + (size_t)blank));
    memset(more + len, '\n', (size_t)blank);
    vb_doc *doc;
    assert_int_equal(vb_doc_parse(more, len + (size_t)blank, batch_files[i], NULL, &doc, &err), 0);
    free(more);
    int added;
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    assert_true(added);
    n += (int64_t)vb_doc_get(doc)->nstatements;
    vb_doc_free(doc);
  }
  assert_int_equal(vb_store_flush(st, &err), 0);
  return n;
}

/* A table's many rows go in INSERTs of a few shapes, each prepared once a
 * connection (pg_sql.c, post_insert_rows): documents like those stored
 * before have their statements' rows bound and run, never parsed again
 * (each document's multi-row INSERT was parsed and planned anew: 13% of
 * an ingest's server CPU). */
static void rows_of_a_known_shape_parsed_once(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite prepares its own */
  vb_err err;
  int64_t docs, speakers, before, after;
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &before, &err), 0);
  int64_t first = store_batch_again(3);
  sent_trace t;
  trace_start(&t);
  t.needle = "INSERT INTO statements(";
  int64_t second = store_batch_again(4);
  trace_stop(&t);
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &after, &err), 0);
  assert_true(second > 0);
  assert_int_equal(after - before, first + second);
  if (t.matched) fail_msg("the statements' rows of known shapes were parsed %d times", t.matched);
  test_assert_checks(st, __func__);
}

/* A write that always goes ahead of the round trip that reads its answer
 * (a document's language, its parse record, its entities' totals) is
 * prepared the second time it is sent, ahead with it, and later only bound
 * and run (pg_sql.c, post_write): each was parsed, analysed and planned
 * again for every document. */
static void writes_sent_ahead_parsed_once(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite prepares its own */
  store_batch_again(5);
  static const char *const needles[] = {"INSERT INTO doc_languages(", "INSERT INTO doc_records(",
                                        "INSERT INTO entity_totals("};
  for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
    sent_trace t;
    trace_start(&t);
    t.needle = needles[i];
    assert_true(store_batch_again(6 + (int)i) > 0);
    trace_stop(&t);
    if (t.matched) fail_msg("%s parsed %d times for documents like those stored before", needles[i], t.matched);
  }
  test_assert_checks(st, __func__);
}

/* A document's mentions go in with no conflict clause (pg.c,
 * put_parse_rows): they come once per entity, statement and start and
 * name its new statements, so none can conflict, and ON CONFLICT made
 * each row a speculative insertion (its key looked up first, the row
 * then inserted and confirmed). On a connection of its own, so the
 * mentions' INSERTs are parsed (prepared) while traced. */
static void mentions_inserted_without_conflict_clause(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite's mentions are its own */
  vb_store_close(st);
  st = NULL;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 1, &st, &err), 0);
  PGresult *r = PQexec(((pg *)st->impl)->c, "SELECT count(*) FROM mentions");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  long before = strtol(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  sent_trace t;
  trace_start(&t);
  t.needle = "INSERT INTO mentions(";
  t.also = "ON CONFLICT";
  assert_true(store_batch_again(9) > 0);
  trace_stop(&t);
  assert_true(t.matched > 0); /* the mentions' INSERTs were made here */
  if (t.matched_also) fail_msg("%d of the %d mentions' INSERTs had a conflict clause", t.matched_also, t.matched);
  r = PQexec(((pg *)st->impl)->c, "SELECT count(*) FROM mentions");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_true(strtol(PQgetvalue(r, 0, 0), NULL, 10) > before);
  PQclear(r);
  test_assert_checks(st, __func__);
}

/* A statement's tsvector goes in binary (pg.c, tsv_of), so the server
 * neither parses its text nor sorts it (tsvectorin was 7% of an ingest's
 * server CPU), and holds what the text form would: each lexeme once, its
 * positions distinct and ascending, at most 256 of them (PostgreSQL's
 * limit, which tsvectorin keeps to silently). */
static void statements_tsvector_sent_in_binary(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* FTS5 reads tokens, not a column */
  vb_buf text;
  vb_buf_init(&text, 0);
  vb_buf_adds(&text, "Sixty quaggas\n\nMr. Smith said: ");
  for (int i = 0; i < 300; i++) vb_buf_adds(&text, "quaggafinch ");
  vb_buf_adds(&text, "it's a \"back\\slash\" day for quaggas.\n");
  assert_false(text.failed);
  sent_trace t;
  trace_start(&t);
  t.bind_needle = "':1 '"; /* the text form: 'mr':1 'smith':2 … */
  int added;
  assert_int_equal(put_text("quaggas.txt", text.ptr, &added), 0);
  vb_buf_free(&text);
  assert_true(added);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  trace_stop(&t);
  if (t.bind_matched) fail_msg("%d INSERTs sent their tsvectors as text", t.bind_matched);
  PGresult *r = PQexec(((pg *)st->impl)->c,
                       "SELECT bool_and(s.tsv = s.tsv::text::tsvector), max(cardinality(u.positions)),"
                       " count(*) FILTER (WHERE u.lexeme = 'quaggafinch')"
                       " FROM statements s JOIN documents d ON d.id = s.doc_id, unnest(s.tsv) u"
                       " WHERE d.path = 'quaggas.txt'");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_string_equal(PQgetvalue(r, 0, 0), "t"); /* read back as the text form reads */
  assert_string_equal(PQgetvalue(r, 0, 1), "256");
  assert_string_equal(PQgetvalue(r, 0, 2), "1");
  PQclear(r);
  vb_results *res = search("quaggafinch", 0);
  assert_int_equal(res->total, 1);
  vb_results_free(res);
  test_assert_checks(st, __func__);
}

/* What a failed command answered: its SQLSTATE, "" when it succeeded. */
static char refs_state[6];
static const char *sql_state(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  ExecStatusType s = PQresultStatus(r);
  const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  snprintf(refs_state, sizeof refs_state, "%s", s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? "" : code ? code : "?");
  PQclear(r);
  return refs_state;
}

static int64_t sql_count(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  int64_t n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return n;
}

/* The rows an ingest writes by the thousand name their parents without
 * a foreign key's query a row (pg.c, set_refs: 95% of the per-row checks,
 * 14% of an ingest's server CPU); one check a statement refuses a row
 * that names nothing, the whole statement with it, as the key did. */
static void a_row_naming_nothing_is_refused(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite's keys are its own */
  int added;
  assert_int_equal(put_text("refs-orphan.txt", "Quay report\n\nOmar Tessel: The Brennic quays are ready.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  PGconn *c = ((pg *)st->impl)->c;
  /* none of them checked row by row: the fails-without */
  assert_int_equal(sql_count(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN"
                                " ('statements'::regclass, 'mentions'::regclass, 'doc_entities'::regclass)"),
                   0);
  static const char *const orphans[] = {
      /* a document that is not there, beside one that is: both refused */
      "INSERT INTO statements(doc_id, idx, kind, start, \"end\", tsv) SELECT id, 900, 'direct', 0, 1, ''::tsvector"
      " FROM documents WHERE path = 'refs-orphan.txt' UNION ALL"
      " SELECT max(id) + 1000, 0, 'direct', 0, 1, ''::tsvector FROM documents",
      "INSERT INTO statements(doc_id, idx, speaker_id, kind, start, \"end\", tsv)"
      " SELECT id, 901, (SELECT max(id) + 1000 FROM speakers), 'direct', 0, 1, ''::tsvector FROM documents"
      " WHERE path = 'refs-orphan.txt'",
      "INSERT INTO mentions(entity_id, statement_id, start, \"end\") SELECT (SELECT max(id) + 1000 FROM entities),"
      " min(id), 0, 1 FROM statements",
      "INSERT INTO mentions(entity_id, statement_id, start, \"end\") SELECT (SELECT min(id) FROM entities),"
      " max(id) + 1000, 0, 1 FROM statements",
      "INSERT INTO doc_entities(doc_id, entity_id) SELECT max(id) + 1000, (SELECT min(id) FROM entities)"
      " FROM documents",
      "INSERT INTO doc_entities(doc_id, entity_id) SELECT min(id), (SELECT max(id) + 1000 FROM entities)"
      " FROM documents",
      /* an UPDATE that points a row elsewhere is checked too */
      "UPDATE statements SET speaker_id = (SELECT max(id) + 1000 FROM speakers)"
      " WHERE id = (SELECT min(id) FROM statements)",
  };
  int64_t statements = sql_count(c, "SELECT count(*) FROM statements");
  for (size_t i = 0; i < sizeof orphans / sizeof *orphans; i++)
    if (strcmp(sql_state(c, orphans[i]), "23503"))
      fail_msg("not refused as naming nothing (%s): %s", refs_state, orphans[i]);
  assert_int_equal(sql_count(c, "SELECT count(*) FROM statements"), statements);
  /* and a row naming what is there goes in (then out again) */
  assert_string_equal(sql_state(c, "BEGIN"), "");
  assert_string_equal(sql_state(c, "INSERT INTO statements(doc_id, idx, kind, start, \"end\", tsv) SELECT id, 900,"
                                   " 'direct', 0, 1, ''::tsvector FROM documents WHERE path = 'refs-orphan.txt'"),
                      "");
  assert_string_equal(sql_state(c, "ROLLBACK"), "");
  test_assert_checks(st, __func__);
}

/* What the keys did on the parents' side holds (pg.c, set_refs):
 * deleting a document deletes its rows, its statements' mentions with
 * them; a speaker that statements name, or an entity that mentions name,
 * cannot go; an entity without mentions goes with its documents' rows. */
static void deleting_a_document_removes_its_rows(void **state) {
  (void)state;
  if (!test_on_postgres()) skip();
  int added;
  assert_int_equal(put_text("refs-delete.txt",
                            "Quay report\n\nOmar Tessel: Hizbullah and Hamas met in Beirut.\n\nLea Novak: Hamas "
                            "said so in Beirut.\n",
                            &added),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  PGconn *c = ((pg *)st->impl)->c;
#define OF_DOC(t, w) "SELECT count(*) FROM " t " WHERE " w
#define DOC "(SELECT id FROM documents WHERE path = 'refs-delete.txt')"
#define STMTS "(SELECT id FROM statements WHERE doc_id IN " DOC ")"
  static const char *const rows[] = {
      OF_DOC("statements", "doc_id IN " DOC), OF_DOC("mentions", "statement_id IN " STMTS),
      OF_DOC("doc_entities", "doc_id IN " DOC), OF_DOC("turns", "doc_id IN " DOC),
      OF_DOC("doc_speakers", "doc_id IN " DOC),
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
    if (sql_count(c, rows[i]) == 0) fail_msg("nothing to delete: %s", rows[i]);
  /* the archive's derived counts would disagree after: all rolled back */
  assert_string_equal(sql_state(c, "BEGIN"), "");
  assert_string_equal(sql_state(c, "SAVEPOINT s"), "");
  assert_string_equal(
      sql_state(c, "DELETE FROM speakers WHERE id IN (SELECT speaker_id FROM statements WHERE doc_id IN " DOC ")"),
      "23503");
  assert_string_equal(sql_state(c, "ROLLBACK TO SAVEPOINT s"), "");
  assert_string_equal(
      sql_state(c, "DELETE FROM entities WHERE id IN (SELECT entity_id FROM mentions WHERE statement_id IN " STMTS ")"),
      "23503");
  assert_string_equal(sql_state(c, "ROLLBACK TO SAVEPOINT s"), "");
  /* an entity whose mentions went first goes, its documents' rows with it */
  int64_t entity = sql_count(c, "SELECT min(entity_id) FROM doc_entities WHERE doc_id IN " DOC);
  char sql[256];
  snprintf(sql, sizeof sql, "DELETE FROM mentions WHERE entity_id = %lld", (long long)entity);
  assert_string_equal(sql_state(c, sql), "");
  snprintf(sql, sizeof sql, "DELETE FROM entities WHERE id = %lld", (long long)entity);
  assert_string_equal(sql_state(c, sql), "");
  snprintf(sql, sizeof sql, "SELECT count(*) FROM doc_entities WHERE entity_id = %lld", (long long)entity);
  assert_int_equal(sql_count(c, sql), 0);
  int64_t statements = sql_count(c, "SELECT count(*) FROM statements WHERE doc_id IN " DOC);
  int64_t all = sql_count(c, "SELECT count(*) FROM statements");
  assert_string_equal(sql_state(c, "DELETE FROM documents WHERE path = 'refs-delete.txt'"), "");
  /* by path: the document's id is gone with it */
  assert_int_equal(sql_count(c, "SELECT count(*) FROM statements"), all - statements);
  assert_int_equal(sql_count(c, "SELECT count(*) FROM statements s WHERE NOT EXISTS (SELECT 1 FROM documents d"
                                " WHERE d.id = s.doc_id)"),
                   0);
  assert_int_equal(sql_count(c, "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM statements s"
                                " WHERE s.id = m.statement_id)"),
                   0);
  assert_int_equal(sql_count(c, "SELECT count(*) FROM doc_entities x WHERE NOT EXISTS (SELECT 1 FROM documents d"
                                " WHERE d.id = x.doc_id)"),
                   0);
  assert_int_equal(sql_count(c, "SELECT count(*) FROM turns x WHERE NOT EXISTS (SELECT 1 FROM documents d"
                                " WHERE d.id = x.doc_id)"),
                   0);
  assert_string_equal(sql_state(c, "ROLLBACK"), "");
#undef OF_DOC
#undef DOC
#undef STMTS
  assert_int_equal(sql_count(c, "SELECT count(*) FROM documents WHERE path = 'refs-delete.txt'"), 1);
  test_assert_checks(st, __func__);
}

/* A document whose rows in `table` a trigger refuses on the server (row_doc:
 * the SQL finding, from NEW, the row's document named *poison*), in the
 * middle of a batch, is rolled back to its savepoint and named; the
 * documents before and after it in the batch are stored, and one after
 * it meets none of what it made (its new speaker and entity made again).
 * W/w: the word each run's texts are about, who: its new speaker. */
static void poisoned_in_a_batch(const char *table, const char *row_doc, const char *W, const char *w, const char *who) {
  pg *p = st->impl;
  vb_err err;
  char sql[512], text[256], q[64];
  assert_int_equal(vb_store_flush(st, &err), 0);
  snprintf(sql, sizeof sql,
           "CREATE FUNCTION poisoned() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
           " IF EXISTS (%s) THEN RAISE EXCEPTION 'poisoned document'; END IF; RETURN NEW; END $$",
           row_doc);
  assert_int_equal(vb_pg_exec(p, sql, 0, NULL, NULL, &err, "test"), 0);
  snprintf(sql, sizeof sql, "CREATE TRIGGER poisoned BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION poisoned()",
           table);
  assert_int_equal(vb_pg_exec(p, sql, 0, NULL, NULL, &err, "test"), 0);
  int64_t docs, speakers, statements, d2, s2, t2;
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &statements, &err), 0);
  int added = 0;
  snprintf(text, sizeof text, "Host: Any news?\n\nMara %s: The %s census is done.\n", W, w);
  assert_int_equal(put_text("before.txt", text, &added), 0);
  assert_true(added);
  vb_doc *doc;
  snprintf(text, sizeof text, "Host: And Belgravia?\n\nOrsolya %s: Belgravia %s exports rose in Tromso.\n", who, w);
  assert_int_equal(vb_doc_parse(text, strlen(text), "poison.txt", NULL, &doc, &err), 0);
  added = 1;
  assert_int_not_equal(vb_store_put(st, doc, &added, &err), 0);
  vb_doc_free(doc);
  assert_int_equal(added, 0);
  if (strcmp(err.file, "poison.txt")) fail_msg("%s: %s", err.file, err.msg);
  assert_non_null(strstr(err.msg, "poisoned document"));
  snprintf(text, sizeof text, "Host: Again?\n\nOrsolya %s: The %s census in Tromso is done.\n", who, w);
  assert_int_equal(put_text("after.txt", text, &added), 0);
  assert_true(added);
  assert_int_equal(vb_store_flush(st, &err), 0);
  snprintf(sql, sizeof sql, "DROP TRIGGER poisoned ON %s", table);
  assert_int_equal(vb_pg_exec(p, sql, 0, NULL, NULL, &err, "test"), 0);
  assert_int_equal(vb_pg_exec(p, "DROP FUNCTION poisoned()", 0, NULL, NULL, &err, "test"), 0);
  assert_int_equal(vb_store_counts(st, &d2, &s2, &t2, &err), 0);
  assert_int_equal(d2, docs + 2);
  snprintf(q, sizeof q, "%s census", w);
  assert_int_equal(total(q), 2);
  assert_int_equal(total("belgravia"), 0);
  snprintf(q, sizeof q, "speaker:%s %s", who, w);
  assert_int_equal(total(q), 1);
  test_assert_checks(st, __func__);
}

/* Here the trigger refuses its statements, after its document, speakers
 * and entities went in. */
static void a_bad_document_in_a_batch_loses_nothing_else(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite's savepoints: idempotent_and_atomic */
  poisoned_in_a_batch("statements", "SELECT 1 FROM documents WHERE id = NEW.doc_id AND path LIKE '%poison%'", "Quokka",
                      "quokka", "Vantablack");
}

/* A write sent ahead that the server refuses fails its own document even
 * when it is the document's last: here its mentions, answered with the
 * savepoint's release. */
static void a_refused_last_write_fails_its_own_document(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* no writes ahead on SQLite */
  poisoned_in_a_batch("mentions",
                      "SELECT 1 FROM statements s JOIN documents d ON d.id = s.doc_id"
                      " WHERE s.id = NEW.statement_id AND d.path LIKE '%poison%'",
                      "Wombat", "wombat", "Marsupial");
}

/* Opening an archive whose schema is current asks the catalogue once,
 * not a question per table, column and index a migration might add (16
 * round trips before, each a one-shot command's wait). */
static void an_open_in_few_statements(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* a statement is no round trip on SQLite */
  vb_store *s2;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &s2, &err), 0);
  unsigned long sent = ((pg *)s2->impl)->sent;
  vb_store_close(s2);
  fprintf(stderr, "# open: %lu statements\n", sent);
  if (sent > 4) fail_msg("opening a current archive sent %lu statements (at most 4)", sent);
}

/* A search's snippets are marked by analysers the store keeps: a new
 * one a search made its stemmer and stemmed every word of the page again
 * (1.06 M instructions a search of the PostgreSQL mix on 120 UN
 * speeches, 1.70 M before: bench/RESULTS.md, session 20). Once the kept
 * English analyser has stemmed enough words its cache is made, and the
 * marks stay as the first search made them. */
static void snippet_stems_kept_between_searches(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_file(SHARED_DIR "/corpus/debates/2020_vp_part1.txt", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_results *first = search("president", 0);
  assert_true(first->nhits > 10);
  assert_non_null(st->snippets);
  an_analyzer *en = an_termer_lang(st->snippets, "en");
  assert_non_null(en);
  int searches = 1;
  while (!an_cache_bytes(en) && searches < 60) {
    vb_results *again = search("president", 0);
    searches++;
    assert_int_equal(again->nhits, first->nhits);
    for (size_t i = 0; i < first->nhits; i++) {
      assert_int_equal(again->hits[i].snippet.len, first->hits[i].snippet.len);
      assert_memory_equal(again->hits[i].snippet.ptr, first->hits[i].snippet.ptr, first->hits[i].snippet.len);
    }
    vb_results_free(again);
  }
  assert_ptr_equal(an_termer_lang(st->snippets, "en"), en); /* the same one throughout */
  fprintf(stderr, "# the kept analyser's stem cache made after %d searches\n", searches);
  if (!an_cache_bytes(en)) fail_msg("no stem cache after %d searches: the analyser is not kept", searches);
  vb_results_free(first);
}

/* The random_page_cost a connection of the store plans with. */
static void page_cost_of(vb_store *s, char *out, size_t cap) {
  PGresult *r = PQexec(((pg *)s->impl)->c, "SHOW random_page_cost");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
}

/* A page read by key is priced as one read from memory (1.1, not the
 * default 4 of a spinning disk): with the default, the look-ups of a
 * search by id (the speakers' names, the hits' documents) scanned small
 * tables whole, each row compared with every id (bench/RESULTS.md,
 * session 20). What the database says instead is kept. */
static void pages_read_by_key_priced_as_cached(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* PostgreSQL's planner */
  char cost[32];
  page_cost_of(st, cost, sizeof cost);
  assert_string_equal(cost, "1.1");
  static const char set[] = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET random_page_cost = 3',"
                            " current_database()); END $$",
                    reset[] = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET random_page_cost',"
                              " current_database()); END $$";
  PGresult *r = PQexec(((pg *)st->impl)->c, set);
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  vb_store *s2;
  vb_err err;
  int rc = vb_store_open(DB, 0, &s2, &err);
  if (!rc) page_cost_of(s2, cost, sizeof cost);
  r = PQexec(((pg *)st->impl)->c, reset);
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  assert_int_equal(rc, 0);
  vb_store_close(s2);
  assert_string_equal(cost, "3"); /* the database's own */
}

static int check(char **report);

static void pg_run(const char *sql) {
  PGresult *r = PQexec(((pg *)st->impl)->c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQresultErrorMessage(r));
  PQclear(r);
}

/* The buffers the plan at plan (up to end) read: its first node's, which
 * hold its children's. */
static long buffers_read(const char *plan, const char *end) {
  const char *b = strstr(plan, "Buffers: shared");
  if (!b || (end && b > end)) return -1;
  const char *eol = strchr(b, '\n');
  long n = 0;
  for (const char *k = b; (k = strpbrk(k, "=")) && (!eol || k < eol); k++)
    if (!strncmp(k - 3, "hit=", 4) || !strncmp(k - 4, "read=", 5)) n += atol(k + 1);
  return n;
}

/* A hit's text is its span of the document's body, read by bytes from a
 * copy of the body kept as such (body_bytes, pg.c): the TOAST chunks of
 * the span alone, not the whole body (a text's substring by bytes read
 * all of it). A statement at the end of a 300 KB document, whose body
 * fills some 40 pages of chunks, costs the hits query a few pages; a
 * document stored before the copy is read whole and gives the same. */
static void a_hit_reads_its_span_of_the_body(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* SQLite reads a row's body whole by its own design */
  vb_buf text;
  vb_buf_init(&text, 0);
  for (int i = 0; i < 6000; i++) vb_buf_printf(&text, "The bittern waded past reed bed %d by the caf\xC3\xA9.\n\n", i);
  static const char last[] = "The sedgewort bloomed by the caf\xC3\xA9 at last.";
  vb_buf_printf(&text, "%s\n", last);
  assert_false(text.failed);
  int added;
  assert_int_equal(put_text("sedgewort.txt", text.ptr, &added), 0);
  assert_true(added);
  vb_buf_free(&text);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  pg_run("LOAD 'auto_explain'; SET auto_explain.log_buffers = on");
  static plans p;
  vb_results *res = search_explained("sedgewort", 0, 0, &p);
  pg_run("RESET auto_explain.log_buffers");
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].text.len, strlen(last));
  assert_memory_equal(res->hits[0].text.ptr, last, strlen(last));
  vb_results_free(res);
  const char *hits = strstr(p.text, "d.hash");
  assert_non_null(hits);
  long read = buffers_read(hits, strstr(hits, "Query Text:"));
  fprintf(stderr, "# the hits query read %ld buffers for 1 hit at the end of a 300 KB body\n", read);
  if (read < 0 || read > 24) fail_msg("the hits query read %ld buffers for 1 hit", read);
  /* stored before the copy: the body read whole, the same text */
  pg_run("UPDATE documents SET body_bytes = NULL WHERE path = 'sedgewort.txt'");
  res = search("sedgewort", 0);
  pg_run("UPDATE documents SET body_bytes = convert_to(body, 'UTF8') WHERE body_bytes IS NULL");
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].text.len, strlen(last));
  assert_memory_equal(res->hits[0].text.ptr, last, strlen(last));
  vb_results_free(res);
}

/* A reparse writes the copy of the body with the body (a newer parser may
 * read another body from the same file), and check finds a copy that is
 * not its body's. */
static void a_reparse_writes_the_body_bytes_again(void **state) {
  (void)state;
  if (!test_on_postgres()) skip(); /* no copy on SQLite */
  int added;
  assert_int_equal(put_text("moorhen.txt", "ZORA KING: The moorhen swam past the weir.\n", &added), 0);
  assert_true(added);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  char *report;
  int before = check(&report);
  free(report);
  /* the body as a newer parser would read it, the copy left as it was */
  pg_run("UPDATE documents SET parser = 0, body = 'ZORA KING: Caf\xC3\xA9 moorhens dived under the old stone weir.\n'"
         " WHERE path = 'moorhen.txt'");
  assert_int_equal(check(&report), before + 1);
  assert_non_null(strstr(report, "body_bytes"));
  free(report);
  assert_int_equal(vb_store_reparse(st, NULL, NULL, &err), 0);
  assert_int_equal(check(&report), before);
  free(report);
  vb_results *res = search("moorhens", 0);
  assert_int_equal(res->nhits, 1);
  static const char said[] = "Caf\xC3\xA9 moorhens dived under the old stone weir.";
  assert_int_equal(res->hits[0].text.len, strlen(said));
  assert_memory_equal(res->hits[0].text.ptr, said, strlen(said));
  vb_results_free(res);
}

static int count_alias_scans(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  sqlite3_stmt *q = p;
  const char *sql = sqlite3_sql(q);
  if (sql && strstr(sql, "entity_aliases WHERE manual"))
    *(int *)ctx += sqlite3_stmt_status(q, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  return 0;
}

/* Storing a document asks whether an analyst ever made an alias; with no
 * correction in the archive the answer is known without reading every
 * spelling (a full scan of entity_aliases per document: ingest quadratic
 * in the archive). */
static void no_alias_scan_without_corrections(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* the same SQL; SQLite's counters show the scan */
  char db[512];
  assert_int_equal(test_archive("test-store-alias-scan", db, sizeof db), 0);
  vb_store *s2;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &s2, &err), 0);
  vb_store *keep = st;
  st = s2;
  int added, scanned = 0;
  assert_int_equal(put_file(SEED, &added), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  sqlite3_trace_v2(((sq *)st->impl)->db, SQLITE_TRACE_PROFILE, count_alias_scans, &scanned);
  assert_int_equal(put_text("aliases.txt", "Host: And Hizbullah?\n\nAli Baraka: Hizbullah and Iran stand with us.\n",
                            &added),
                   0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  sqlite3_trace_v2(((sq *)st->impl)->db, 0, NULL, NULL);
  st = keep;
  vb_store_close(s2);
  test_remove_sqlite(db);
  assert_true(added);
  assert_int_equal(scanned, 0);
}

/* A speaker's role in the list is the one most of its documents give, not
 * whichever document came first: a president's first document in the
 * archive may be from his years as prime minister. */
static void a_speakers_role_is_its_most_common(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("pm.txt", "Prime Minister Lev Quorrin: The quay opens in May.\n\nHost: Thank you.\n\n"
                            "Prime Minister Lev Quorrin: And the pier in June.\n", &added), 0);
  for (int i = 0; i < 2; i++) {
    char text[256];
    snprintf(text, sizeof text, "President Lev Quorrin: The harbour is ready, year %d.\n\nHost: Thank you.\n\n"
             "President Lev Quorrin: The ships may come.\n", i);
    assert_int_equal(put_text(i ? "p1.txt" : "p0.txt", text, &added), 0);
  }
  vb_err err;
  vb_speaker_list *l = NULL;
  assert_int_equal(vb_store_speakers(st, &l, &err), 0);
  const vb_speaker_row *r = vb_speaker_list_find(l, "Lev Quorrin");
  assert_non_null(r);
  assert_int_equal(r->documents, 3);
  if (!str_is(r->role, "President")) fail_msg("role: %.*s", (int)r->role.len, r->role.ptr ? r->role.ptr : "");
  vb_speaker_list_free(l);
}

/* One speaker, by name in any case, counted as the list counts it, from
 * its own rows: fewer of the archive's pages than the list reads (the
 * speaker page computed every speaker's counts to find one). */
static void one_speaker_without_the_list(void **state) {
  (void)state;
  vb_err err;
  vb_speaker_list *all = NULL, *one = NULL;
  int64_t p0 = vb_store_pages_read(st);
  assert_int_equal(vb_store_speakers(st, &all, &err), 0);
  int64_t p1 = vb_store_pages_read(st);
  assert_int_equal(vb_store_speakers_named(st, "LEV QUORRIN", &one, &err), 0);
  int64_t p2 = vb_store_pages_read(st);
  const vb_speaker_row *want = vb_speaker_list_find(all, "Lev Quorrin");
  assert_non_null(want);
  assert_int_equal(one->n, 1);
  assert_string_equal(one->speakers[0].name.ptr, want->name.ptr);
  assert_int_equal(one->speakers[0].statements, want->statements);
  assert_int_equal(one->speakers[0].documents, want->documents);
  assert_true(str_is(one->speakers[0].role, "President"));
  if (!test_on_postgres() && !(p2 - p1 < (p1 - p0) / 4))
    fail_msg("one speaker read %lld pages, the list %lld", (long long)(p2 - p1), (long long)(p1 - p0));
  vb_speaker_list_free(one);
  assert_int_equal(vb_store_speakers_named(st, "Nobody Here", &one, &err), 0);
  assert_int_equal(one->n, 0);
  vb_speaker_list_free(one);
  vb_speaker_list_free(all);
}

static int check(char **report) {
  int problems = -1;
  vb_err err;
  if (vb_store_check(st, &problems, report, &err)) fail_msg("check: %s", err.msg);
  return problems;
}

/* check holds the rows of either backend to the same invariants (one
 * list, store.c): statements moved out of their turns are found on both. */
static void check_holds_the_rows(void **state) {
  (void)state;
  char *report;
  if (check(&report)) fail_msg("check: %s", report);
  free(report);
  vb_store_close(st);
  st = NULL;
  const char *moved = "UPDATE statements SET turn = turn + 1000 WHERE turn IS NOT NULL";
  assert_int_equal(test_exec(DB, moved, moved), 0);
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  assert_true(check(&report) >= 1);
  if (!strstr(report, "statements in a turn their document does not have")) fail_msg("check: %s", report);
  free(report);
  vb_store_close(st);
  const char *back = "UPDATE statements SET turn = turn - 1000 WHERE turn >= 1000";
  assert_int_equal(test_exec(DB, back, back), 0);
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  if (check(&report)) fail_msg("check: %s", report);
  free(report);
}

/* A speaker's statements are their own words, wherever they are counted:
 * the speakers' list, one speaker's counts (by the name's key, as the
 * filter), the speaker facet and the search speaker: agree, and what
 * others report the speaker said (kind indirect) is in none of them (the
 * web UI's speaker page said 65 where its list showed 60). */
static void speaker_counts_are_own_words(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("brandt-talks.txt",
                            "Talks\n\nTOMAS BRANDT: The strike will begin on Monday. We will not wait for the board.\n\n"
                            "HOST: Thank you. And the union?\n\nTOMAS BRANDT: The union decides. The strike goes on.\n",
                            &added),
                   0);
  assert_int_equal(put_text("brandt-report.txt",
                            "Report\n\nTomas Brandt said that a strike could begin next week. "
                            "Tomas Brandt told the local radio station that the offer was too low.\n",
                            &added),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  const char *q = "speaker:\"Tomas Brandt\"";
  int64_t own = total(q);
  assert_true(own >= 3);
  if (total("speaker:\"Tomas Brandt\" kind:indirect") < 1) fail_msg("the fixture has no reported statement of his");
  vb_speaker_list *l;
  assert_int_equal(vb_store_speakers(st, &l, &err), 0);
  const vb_speaker_row *row = vb_speaker_list_find(l, "Tomas Brandt");
  assert_non_null(row);
  assert_int_equal(row->statements, own);
  /* the documents of his own words: not the report that only quotes him */
  assert_int_equal(row->documents, 1);
  vb_speaker_list_free(l);
  int64_t n = 0, docs = 0;
  assert_int_equal(vb_store_speaker_counts(st, "tomas  BRANDT", &n, &docs, &err), 0);
  assert_int_equal(n, own);
  assert_int_equal(docs, 1);
  vb_results *r = search("strike OR union OR offer", VB_FACET_SPEAKER);
  int64_t faceted = -1;
  for (size_t i = 0; i < r->nfacets[0]; i++)
    if (r->facets[0][i].value.len == 12 && !strncasecmp(r->facets[0][i].value.ptr, "Tomas Brandt", 12))
      faceted = r->facets[0][i].count;
  vb_results_free(r);
  assert_int_equal(faceted, total("(strike OR union OR offer) speaker:\"Tomas Brandt\""));
}

/* A timeline says which statements sit at the start of a period only
 * because their document gives no finer date: a speech dated 1994 is in
 * January 1994, counted as coarse; per year it is 1994's. The overview
 * counts such a document as dated, in the period "1994". */
static void year_only_dates_in_timelines(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("GER_49_1994.txt", "The wombat treaty is signed. The wombat treaty holds.\n", &added), 0);
  assert_int_equal(put_text("wombat-dispatch.txt",
                            "March 14, 2019 Special Dispatch No. 777\n\nThe Wombat Question\n\nMarch 14, 2019\n\n"
                            "Lev Ostrov: \"The wombat treaty will not hold until the storm season ends in May.\"\n",
                            &added),
                   0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  int64_t year_only = total("wombat date:1994"), dated = total("wombat date:2019-03");
  assert_true(year_only >= 1 && dated >= 1);
  vb_timeline *t;
  assert_int_equal(vb_store_timeline(st, "wombat", VB_INTERVAL_MONTH, 0, &t, &err), 0);
  int seen = 0;
  for (size_t i = 0; i < t->n; i++) {
    if (!strcmp(t->buckets[i].period.ptr, "1994-01")) {
      assert_int_equal(t->buckets[i].count, year_only);
      assert_int_equal(t->buckets[i].coarse, year_only);
      seen++;
    } else {
      assert_string_equal(t->buckets[i].period.ptr, "2019-03");
      assert_int_equal(t->buckets[i].count, dated);
      assert_int_equal(t->buckets[i].coarse, 0);
      seen++;
    }
  }
  assert_int_equal(seen, 2);
  vb_timeline_free(t);
  assert_int_equal(vb_store_timeline(st, "wombat", VB_INTERVAL_YEAR, 0, &t, &err), 0);
  assert_int_equal(t->n, 2);
  assert_string_equal(t->buckets[0].period.ptr, "1994");
  assert_int_equal(t->buckets[0].count, year_only);
  assert_int_equal(t->buckets[0].coarse, 0);
  assert_string_equal(t->buckets[1].period.ptr, "2019");
  vb_timeline_free(t);
  /* by day, a year alone and a month alone are both coarse */
  assert_int_equal(vb_store_timeline(st, "wombat", VB_INTERVAL_DAY, 0, &t, &err), 0);
  for (size_t i = 0; i < t->n; i++)
    assert_int_equal(t->buckets[i].coarse, !strcmp(t->buckets[i].period.ptr, "1994-01-01") ? year_only : 0);
  vb_timeline_free(t);
  vb_overview *ov;
  assert_int_equal(vb_store_overview(st, 50, &ov, &err), 0);
  int year_period = 0, listed = 0;
  for (size_t i = 0; i < ov->nmonths; i++) year_period |= !strcmp(ov->months[i].period.ptr, "1994");
  for (size_t i = 0; i < ov->nlatest; i++) listed |= ov->latest[i].date.ptr && !strcmp(ov->latest[i].date.ptr, "1994");
  assert_true(year_period && listed);
  vb_overview_free(ov);
}

/* The network's placement: the same picture for the same graph, linked
 * names nearer each other than names of another part, no two on top of
 * each other, and a name with no link in a row above the rest rather than
 * pushed off to the edge. */
static double node_gap(const vb_node *a, const vb_node *b) { return hypot(a->x - b->x, a->y - b->y); }

static void network_placed_by_its_links(void **state) {
  (void)state;
  vb_node nodes[7], again[7];
  memset(nodes, 0, sizeof nodes);
  for (int i = 0; i < 7; i++) {
    snprintf(nodes[i].id, sizeof nodes[i].id, "e%d", i + 1);
    nodes[i].weight = 70 - 10 * i;
  }
  /* two triangles, e1 e2 e3 and e4 e5 e6, one weak link between; e7 alone */
  static const char *const pairs[][2] = {{"e1", "e2"}, {"e2", "e3"}, {"e1", "e3"}, {"e4", "e5"},
                                         {"e5", "e6"}, {"e4", "e6"}, {"e3", "e4"}};
  vb_edge edges[7];
  memset(edges, 0, sizeof edges);
  for (int i = 0; i < 7; i++) {
    snprintf(edges[i].source, sizeof edges[i].source, "%s", pairs[i][0]);
    snprintf(edges[i].target, sizeof edges[i].target, "%s", pairs[i][1]);
    edges[i].weight = i == 6 ? 1 : 20;
  }
  assert_int_equal(vs_graph_place(nodes, 7, edges, 7), 0);
  memcpy(again, nodes, sizeof again);
  for (int i = 0; i < 7; i++) again[i].x = again[i].y = 0;
  assert_int_equal(vs_graph_place(again, 7, edges, 7), 0);
  for (int i = 0; i < 7; i++) {
    assert_true(isfinite(nodes[i].x) && isfinite(nodes[i].y));
    assert_true(nodes[i].x == again[i].x && nodes[i].y == again[i].y);
    for (int j = i + 1; j < 7; j++)
      if (node_gap(&nodes[i], &nodes[j]) < 20) fail_msg("e%d and e%d %.1f apart", i + 1, j + 1, node_gap(&nodes[i], &nodes[j]));
  }
  double within = 0, across = 0;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      if (i < j) within += node_gap(&nodes[i], &nodes[j]) + node_gap(&nodes[3 + i], &nodes[3 + j]);
      across += node_gap(&nodes[i], &nodes[3 + j]);
    }
  if (within / 6 >= across / 9) fail_msg("within a triangle %.1f, across %.1f", within / 6, across / 9);
  for (int i = 0; i < 6; i++)
    if (nodes[6].y >= nodes[i].y) fail_msg("the lone name is not above e%d (%.1f, %.1f)", i + 1, nodes[6].y, nodes[i].y);
  assert_int_equal(vs_graph_place(nodes, 0, NULL, 0), 0);
}

/* A snippet marks the matched words with `**` and escapes the text's own
 * `*` and `\` with a `\`, so a reader finds a mark only where one is
 * (the web UI drew a statement's own "**" as a match). */
static void snippet_escapes_the_texts_own_asterisks(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("zinnia.txt", "JO DOE: The **zinnia** path \\ holds a*b.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_results *r = search("path", 0);
  assert_int_equal(r->nhits, 1);
  assert_string_equal(r->hits[0].snippet.ptr, "The \\*\\*zinnia\\*\\* **path** \\\\ holds a\\*b.");
  assert_string_equal(r->hits[0].text.ptr, "The **zinnia** path \\ holds a*b.");
  vb_results_free(r);
}

static int trace_statement_mentions(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  const char *sql = sqlite3_sql(p);
  if (sql && strstr(sql, "FROM mentions WHERE statement_id IN")) (*(int *)ctx)++;
  return 0;
}


/* A search's SQL as run (parameters bound) holds `part` (sqlite3_trace_v2). */
static int trace_expanded(unsigned type, void *ctx, void *p, void *x) {
  (void)type;
  (void)x;
  ran_sql *r = ctx;
  char *sql = sqlite3_expanded_sql(p);
  if (sql && strstr(sql, r->part)) r->n++;
  sqlite3_free(sql);
  return 0;
}

/* The words of the statements a search finds (letters only, three or
 * more), each once, at most max: query words the archive holds. */
static size_t words_found(const char *q, char (*out)[32], size_t max) {
  vb_results *r = search(q, 0);
  size_t n = 0;
  for (size_t h = 0; h < r->nhits && n < max; h++) {
    const char *t = r->hits[h].text.ptr;
    for (size_t i = 0; t && t[i] && n < max;) {
      size_t k = 0;
      while (((t[i + k] | 0x20) >= 'a' && (t[i + k] | 0x20) <= 'z') && k < 31) k++;
      if (k >= 3) {
        int seen = 0;
        for (size_t j = 0; j < n && !seen; j++) seen = strlen(out[j]) == k && !strncasecmp(out[j], t + i, k);
        if (!seen) {
          memcpy(out[n], t + i, k);
          out[n++][k] = '\0';
        }
      }
      i += k ? k : 1;
    }
  }
  vb_results_free(r);
  return n;
}

/* Two answers alike: total, hits in order with their scores, facets. */
static void assert_same_answer(const char *what, const vb_results *a, const vb_results *b) {
  if (a->total != b->total) fail_msg("%s: %lld found, %lld quoted", what, (long long)a->total, (long long)b->total);
  assert_int_equal(a->nhits, b->nhits);
  for (size_t h = 0; h < a->nhits; h++) {
    if (a->hits[h].statement != b->hits[h].statement)
      fail_msg("%s: hit %zu is %lld, %lld quoted", what, h, (long long)a->hits[h].statement,
               (long long)b->hits[h].statement);
    if (a->hits[h].score != b->hits[h].score)
      fail_msg("%s: hit %zu scores %.17g, %.17g quoted", what, h, a->hits[h].score, b->hits[h].score);
  }
  assert_same_facets(a, b);
}

/* A query of one word is its forms ORed (an OR of single index tokens,
 * which FTS5 answers from the doclists where the quoted word, one phrase
 * of colocated forms, merged their position lists for every row), ranked
 * by vb_rank_word; it finds, ranks and counts exactly what the quoted word
 * did (the store's quoted_words): both sorts, every facet, a warmed store
 * and one reading the rows, with the written forms sought and not (a
 * written form and its stem's token at one place count once), alone and
 * beside other words (unranked), and in a timeline (the views' unranked
 * matches). The words: those of real statements of the archive. */
static void one_word_as_its_forms_finds_the_same(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* tsquery has no such forms */
  char words[160][32];
  size_t nw = words_found("kalashnikov OR hamas OR russia OR forests OR pensions OR missiles", words, 160);
  assert_true(nw > 20);
  vb_store *warm, *rows;
  open_warm_and_rows(&warm, &rows);
  vs_db db = {st->ops->sql, st->impl};
  vb_err err;
  ran_sql ran = {"vb_rank_word", 0, ""}, marked = {"\x1e", 0, ""};
  an_langs l;
  assert_int_equal(vs_load_langs(db, &l, &err), 0);
  /* as the archive is, then with words sought as written or not, the other way */
  static const char *const toggle[2][2] = {{"INSERT INTO doc_languages(language) VALUES('')", "DELETE FROM doc_languages WHERE language = ''"},
                                           {"DELETE FROM doc_languages WHERE language = ''", "INSERT INTO doc_languages(language) VALUES('')"}};
  for (int round = 0; round < 2; round++) {
    int written = l.written ^ round;
    if (round && vs_sql_exec(db, toggle[l.written][0], &err)) fail_msg("%s", err.msg);
    for (size_t w = 0; w < nw; w++) {
      char two[80];
      snprintf(two, sizeof two, "%.31s %.31s", words[w], words[(w + 1) % nw]);
      for (int k = 0; k < 6; k++) {
        vb_store *s2 = k & 1 ? warm : rows;
        sq *impl = s2->impl;
        const char *q = k >= 4 ? two : words[w];
        vb_search_opts o = {.limit = 30,
                            .sort = k & 2 || k >= 4 ? VB_SORT_DATE : VB_SORT_RELEVANCE,
                            .facets = VB_FACET_SPEAKER | VB_FACET_ENTITY | VB_FACET_TAG | VB_FACET_MONTH | VB_FACET_SAID};
        vb_results *a, *b;
        sqlite3_trace_v2(impl->db, SQLITE_TRACE_STMT, trace_expanded, o.sort == VB_SORT_DATE ? (void *)&marked : (void *)&ran);
        if (vb_store_search(s2, q, &o, &a, &err)) fail_msg("%s: %s", q, err.msg);
        sqlite3_trace_v2(impl->db, 0, NULL, NULL);
        impl->quoted_words = 1;
        if (vb_store_search(s2, q, &o, &b, &err)) fail_msg("%s, quoted: %s", q, err.msg);
        impl->quoted_words = 0;
        char what[128];
        snprintf(what, sizeof what, "%.64s (%s, %s%s)", q, o.sort == VB_SORT_DATE ? "by date" : "ranked", k & 1 ? "warm" : "rows",
                 written ? ", written forms sought" : "");
        assert_same_answer(what, a, b);
        vb_results_free(a);
        vb_results_free(b);
      }
      vb_timeline *ta, *tb;
      if (vb_store_timeline(rows, words[w], VB_INTERVAL_MONTH, 1, &ta, &err)) fail_msg("%s: %s", words[w], err.msg);
      ((sq *)rows->impl)->quoted_words = 1;
      if (vb_store_timeline(rows, words[w], VB_INTERVAL_MONTH, 1, &tb, &err)) fail_msg("%s, quoted: %s", words[w], err.msg);
      ((sq *)rows->impl)->quoted_words = 0;
      assert_int_equal(ta->n, tb->n);
      for (size_t i = 0; i < ta->n; i++) {
        assert_string_equal(ta->buckets[i].period.ptr, tb->buckets[i].period.ptr);
        assert_int_equal(ta->buckets[i].count, tb->buckets[i].count);
      }
      vb_timeline_free(ta);
      vb_timeline_free(tb);
    }
    if (round && vs_sql_exec(db, toggle[l.written][1], &err)) fail_msg("%s", err.msg);
  }
  /* and it was the forms that answered, ranked and by date */
  if (ran.n < (int)nw || marked.n < (int)nw)
    fail_msg("%d ranked searches by vb_rank_word, %d by date with forms, of %zu words twice", ran.n, marked.n, nw);
  vb_store_close(warm);
  vb_store_close(rows);
}

/* The entity facet of a warmed store counts each statement's entities
 * from its column cache, asking the mentions nothing (`peace`'s 10,000
 * sampled matches were 10,000 probes of the mentions index on the UN
 * archive), and counts what a store reading the mentions does: after
 * statements are added, and after an analyst's merge moves mentions of
 * statements the cache holds. Last: it corrects the archive. */
static void entity_facet_from_the_column_cache(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  int added;
  vb_err err;
  assert_int_equal(put_text("tundra-ponies.txt",
                            "JO DOE: The Quillon Foundation and the Marrow Trust spoke of tundra ponies.\n\n"
                            "JO DOE: The Marrow Trust kept the tundra ponies in Oslo.\n",
                            &added),
                   0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_store *warm, *rows;
  open_warm_and_rows(&warm, &rows);
  vb_search_opts o = {.limit = 10, .sort = VB_SORT_RELEVANCE, .facets = VB_FACET_ENTITY};
  for (int round = 0; round < 4; round++) {
    if (round == 3) {
      /* more added than a search catches up: their mentions are asked */
      ((sq *)warm->impl)->cols.ent_step = 1;
      assert_int_equal(put_text("tundra-ponies-3.txt",
                                "JO DOE: The Quillon Foundation walked the tundra ponies.\n\nJO DOE: Oslo saw the tundra ponies.\n",
                                &added),
                       0);
      assert_int_equal(vb_store_flush(st, &err), 0);
    }
    if (round == 1) {
      assert_int_equal(put_text("tundra-ponies-2.txt", "JO DOE: The Quillon Foundation fed the tundra ponies.\n", &added), 0);
      assert_int_equal(vb_store_flush(st, &err), 0);
    }
    if (round == 2)
      assert_int_equal(vb_store_entity_fix(st, VB_FIX_MERGE, "Quillon Foundation", (const char *const[]){"Marrow Trust"}, 1, &err), 0);
    int asked = 0;
    vb_results *a, *b;
    /* twice: the cache is caught up by the first search after a change */
    for (int k = 0; k < 2; k++) {
      if (k) vb_results_free(a);
      asked = 0;
      sqlite3_trace_v2(((sq *)warm->impl)->db, SQLITE_TRACE_STMT, trace_statement_mentions, &asked);
      assert_int_equal(vb_store_search(warm, "tundra ponies", &o, &a, &err), 0);
      sqlite3_trace_v2(((sq *)warm->impl)->db, 0, NULL, NULL);
    }
    assert_int_equal(vb_store_search(rows, "tundra ponies", &o, &b, &err), 0);
    if (round < 3 && asked) fail_msg("round %d: the mentions asked %d times", round, asked);
    if (round == 3 && !asked) fail_msg("round 3: a search loaded more than its step of entities");
    assert_same_facets(a, b);
    int64_t want[4][2] = {{1, 2}, {2, 2}, {3, 0}, {4, 0}}, got[2] = {0, 0};
    for (size_t v = 0; v < a->nfacets[1]; v++) {
      if (!strcmp(a->facets[1][v].value.ptr, "Quillon Foundation")) got[0] = a->facets[1][v].count;
      if (!strcmp(a->facets[1][v].value.ptr, "Marrow Trust")) got[1] = a->facets[1][v].count;
    }
    if (got[0] != want[round][0] || got[1] != want[round][1])
      fail_msg("round %d: Quillon Foundation %lld, Marrow Trust %lld", round, (long long)got[0], (long long)got[1]);
    vb_results_free(a);
    vb_results_free(b);
  }
  vb_store_close(warm);
  vb_store_close(rows);
}

/* A group the prose names as a source ("Critics said ...") is a speaker
 * of its own document, never a person (issue 16): two documents' critics
 * are two rows of the list, marked groups, left out with the labels that
 * name no one; speaker:critics finds their words; the speaker facet counts
 * no group; the network calls it a GROUP, not a SPEAKER; its entity is no
 * PERSON. */
static void groups_are_no_people(void **state) {
  (void)state;
  int added;
  assert_int_equal(put_text("quay-one.txt",
                            "Quay talks\n\n\"The wharf fees in Iran are too high,\" critics said. \"The wharf fees in "
                            "Iran will fall,\" Lea Okafor said.\n",
                            &added),
                   0);
  assert_int_equal(put_text("quay-two.txt", "Quay vote\n\n\"The wharf vote in Iran was lost,\" critics said.\n", &added), 0);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_speaker_list *l;
  assert_int_equal(vb_store_speakers(st, &l, &err), 0);
  size_t groups = 0, people = 0;
  for (size_t i = 0; i < l->n; i++) {
    const vb_speaker_row *r = &l->speakers[i];
    if (r->name.len == 7 && !memcmp(r->name.ptr, "critics", 7)) {
      assert_true(r->group);
      assert_false(r->anonymous);
      assert_int_equal(r->documents, 1);
      groups++;
    }
    if (r->name.len == 10 && !memcmp(r->name.ptr, "Lea Okafor", 10)) {
      assert_false(r->group);
      people++;
    }
  }
  vb_speaker_list_free(l);
  assert_int_equal(groups, 2);
  assert_int_equal(people, 1);
  assert_int_equal(vb_store_speakers_page(st, 0, 0, 1, 0, &l, &err), 0);
  assert_null(vb_speaker_list_find(l, "critics"));
  assert_non_null(vb_speaker_list_find(l, "Lea Okafor"));
  vb_speaker_list_free(l);
  assert_int_equal(total("speaker:critics wharf"), 2);
  vb_results *r = search("wharf", VB_FACET_SPEAKER);
  int okafor = 0;
  for (size_t i = 0; i < r->nfacets[0]; i++) {
    vb_str v = r->facets[0][i].value;
    if (v.len == 7 && !strncasecmp(v.ptr, "critics", 7)) fail_msg("a group counted in the speaker facet");
    if (v.len == 10 && !memcmp(v.ptr, "Lea Okafor", 10)) okafor = 1;
  }
  vb_results_free(r);
  assert_true(okafor);
  vb_network *n;
  assert_int_equal(vb_store_network(st, "wharf", 20, &n, &err), 0);
  int group_nodes = 0;
  for (size_t i = 0; i < n->nnodes; i++)
    if (n->nodes[i].name.len == 7 && !memcmp(n->nodes[i].name.ptr, "critics", 7)) {
      assert_true(n->nodes[i].type.len == 5 && !memcmp(n->nodes[i].type.ptr, "GROUP", 5));
      assert_int_equal(n->nodes[i].id[0], 's');
      group_nodes++;
    }
  vb_network_free(n);
  assert_true(group_nodes >= 1);
  vb_entity_list *e;
  assert_int_equal(vb_store_entities(st, "critics", VB_ENT_PERSON, 0, &e, &err), 0);
  for (size_t i = 0; i < e->n; i++)
    if (e->entities[i].name.len == 7 && !strncasecmp(e->entities[i].name.ptr, "critics", 7))
      fail_msg("a group listed among the people");
  vb_entity_list_free(e);
  /* the entity page's speakers who mention it: people and bodies */
  vb_entity_page *ep;
  assert_int_equal(vb_store_entity(st, "Iran", &ep, &err), 0);
  for (size_t i = 0; i < ep->nspeakers; i++)
    if (ep->speakers[i].label.len == 7 && !strncasecmp(ep->speakers[i].label.ptr, "critics", 7))
      fail_msg("a group among the speakers of an entity's page");
  vb_entity_page_free(ep);
}

/* The archive's connection does not zero what its B-trees take up or free
 * (SQLite as Debian builds it does, SQLITE_SECURE_DELETE): an archive
 * deletes no document, and the zeroing was 1.2% of the storing thread's
 * instructions, more with every FTS5 merge freeing the segments it
 * merged (bench/RESULTS.md, issue 20). */
static void freed_pages_not_zeroed(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* a setting of SQLite's connection */
  sqlite3_stmt *q = NULL;
  assert_int_equal(sqlite3_prepare_v2(((sq *)st->impl)->db, "PRAGMA secure_delete", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(q, 0), 0);
  sqlite3_finalize(q);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(baraka_kalashnikov), cmocka_unit_test(phrase_stems),
      cmocka_unit_test(phrase_prefix),
      cmocka_unit_test(written_form_left_out_finds_the_same),
      cmocka_unit_test(mentions_hizbullah), cmocka_unit_test(arabic_folding),
      cmocka_unit_test(boolean_logic),      cmocka_unit_test(filters),
      cmocka_unit_test(facets_agree),
      cmocka_unit_test(anonymous_speakers_one_facet_entry),       cmocka_unit_test(month_facet_years),       cmocka_unit_test(month_facet_years_from_the_cache),       cmocka_unit_test(idempotent_and_atomic),
      cmocka_unit_test(show_by_reference),  cmocka_unit_test(bad_queries),
      cmocka_unit_test(costly_searches_refused_before_they_run),
      cmocka_unit_test(documents_dates_and_pages),
      cmocka_unit_test(words_as_written),   cmocka_unit_test(analysis_version),
      cmocka_unit_test(rows_into_slots_by_id),
      cmocka_unit_test(fts_hash_holds_a_batch),
      cmocka_unit_test(context_of_hits),    cmocka_unit_test(a_speaker_is_one_node_with_their_entity),    cmocka_unit_test(warmed_store_ranks_alike),
      cmocka_unit_test(warming_again_after_a_correction_loads_the_entities),
      cmocka_unit_test(a_word_said_over_and_over_ranks_below_a_short_statement),
      cmocka_unit_test(dates_and_mentions_beside_the_index_alone),
      cmocka_unit_test(kinds_and_languages_beside_the_index_alone),
      cmocka_unit_test(column_entries_with_kind_and_language),
      cmocka_unit_test(an_entitys_statements_from_the_mentions_key),
      cmocka_unit_test(column_cache_loaded_a_step_per_search),
      cmocka_unit_test(an_entity_number_is_read_within_its_length),
      cmocka_unit_test(search_columns_kept_in_blocks),
      cmocka_unit_test(search_column_blocks_across_their_edges),
      cmocka_unit_test(a_reparse_that_reuses_ids_loads_the_cache_again),
      cmocka_unit_test(the_next_page_parses_no_sql),
      cmocka_unit_test(year_only_dates_in_timelines), cmocka_unit_test(network_placed_by_its_links),
      cmocka_unit_test(speaker_counts_are_own_words),
      cmocka_unit_test(entity_sums_from_the_index), cmocka_unit_test(entity_roles_from_the_index),
      cmocka_unit_test(overview_months_from_the_index),
      cmocka_unit_test(speaker_counts_from_the_index),
      cmocka_unit_test(lexicon_only_for_mentions), cmocka_unit_test(words_drive_conditions),
      cmocka_unit_test(page_cache_as_given), cmocka_unit_test(replica_reached_later_given_the_page_cache), cmocka_unit_test(pages_read_whatever_was_cached),
      cmocka_unit_test(no_words_no_documents),
      cmocka_unit_test(check_holds_the_rows),
      cmocka_unit_test(year_only_dates_count_from_their_start),
      cmocka_unit_test(statements_kept_for_the_next_search),
      cmocka_unit_test(many_rows_keep_their_ids),
      cmocka_unit_test(a_page_of_hits_in_few_statements),
      cmocka_unit_test(a_page_of_hits_reads_its_documents_alone),
      cmocka_unit_test(a_page_of_hits_reads_its_speakers_once),
      cmocka_unit_test(reads_sent_ahead_answer_each_its_own),
      cmocka_unit_test(the_month_facet_reads_the_found_documents_alone),
      cmocka_unit_test(the_month_facet_reads_the_index_of_year_only_documents),
      cmocka_unit_test(a_word_searched_again_costs_no_estimate),
      cmocka_unit_test(a_search_again_parses_no_sql),
      cmocka_unit_test(matches_counted_by_the_server),
      cmocka_unit_test(a_document_in_few_statements),
      cmocka_unit_test(ten_tables_rows_prepare_each_statement_once),
      cmocka_unit_test(a_batch_of_documents_in_few_statements),
      cmocka_unit_test(a_bad_document_in_a_batch_loses_nothing_else),
      cmocka_unit_test(a_batch_of_documents_in_few_round_trips),
      cmocka_unit_test(rows_of_a_known_shape_parsed_once),
      cmocka_unit_test(writes_sent_ahead_parsed_once),
      cmocka_unit_test(mentions_inserted_without_conflict_clause),
      cmocka_unit_test(statements_tsvector_sent_in_binary),
      cmocka_unit_test(a_row_naming_nothing_is_refused),
      cmocka_unit_test(deleting_a_document_removes_its_rows),
      cmocka_unit_test(a_refused_last_write_fails_its_own_document),
      cmocka_unit_test(an_open_in_few_statements),
      cmocka_unit_test(pages_read_by_key_priced_as_cached),
      cmocka_unit_test(a_hit_reads_its_span_of_the_body),
      cmocka_unit_test(a_reparse_writes_the_body_bytes_again),
      cmocka_unit_test(snippet_stems_kept_between_searches),
      cmocka_unit_test(no_alias_scan_without_corrections),
      cmocka_unit_test(a_speakers_role_is_its_most_common), cmocka_unit_test(one_speaker_without_the_list),
      cmocka_unit_test(snippet_escapes_the_texts_own_asterisks), cmocka_unit_test(entity_facet_from_the_column_cache),
      cmocka_unit_test(one_word_as_its_forms_finds_the_same),
      cmocka_unit_test(a_first_search_of_few_matches_loads_the_cache),
      cmocka_unit_test(groups_are_no_people),
      cmocka_unit_test(freed_pages_not_zeroed),
  };
  return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
