/* Re-analysis (`verbatim reindex`): an archive whose full-text index an
 * older text analysis made (version 1: one untagged stem per word, no
 * written forms) is refused, answers wrongly if it is not, and once
 * indexed again answers exactly as a fresh archive of the same documents;
 * an interrupted run leaves it refused and is carried on. On both
 * backends. */
#include <math.h>

#include "analyze/analyze.h"
#include "store/fts5_tokenizer.h"
#include "store/store.h"
#include "testutil.h"

static char OLD[512], FRESH[512];
#define SEED SHARED_DIR "/corpus/memri/sd-10850.txt"

static const char *const english_doc =
    "ANNA SMITH: We work for peace in the world, and that is all we do.\n\n"
    "ANNA SMITH: The forests burn while the vaccines arrive in the north.\n\n"
    "ANNA SMITH: Organizers of the vaccination campaign say refugees wait.\n";

static const char *const files[] = {SEED, "tests/golden/dispatch-second.txt",
                                    "tests/golden/interview-generic.txt",
                                    "tests/golden/debate-labels-own-line.txt"};

/* Queries whose answers the two archives must share: words, stems,
 * prefixes, phrases, exact forms, NEAR, filters. */
static const char *const queries[] = {
    "forests",
    "forest",
    "vaccine*",
    "vaccin*",
    "\"work for peace\"",
    "kalashnikov",
    "peace OR war",
    "speaker:baraka russia",
    "organizer",
    "=Organizers",
    "refugees NEAR/3 wait",
    "hizbullah -iran",
    "\"prisoner swap\"",
    "mentions:hizbullah",
    "the",
};

static int put_all(const char *db) {
  vb_store *st;
  vb_err err;
  if (vb_store_open(db, 1, &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  int rc = 0, added;
  for (size_t i = 0; !rc && i < sizeof files / sizeof *files; i++) {
    char *bytes;
    size_t len;
    vb_doc *doc;
    rc = vb_file_read(files[i], &bytes, &len, &err) ||
         vb_doc_parse(bytes, len, files[i], NULL, &doc, &err);
    if (!rc) {
      free(bytes);
      rc = vb_store_put(st, doc, &added, &err) || !added;
      vb_doc_free(doc);
    }
  }
  vb_doc *doc;
  if (!rc) rc = vb_doc_parse(english_doc, strlen(english_doc), "english.txt", NULL, &doc, &err);
  if (!rc) {
    rc = vb_store_put(st, doc, &added, &err) || !added;
    vb_doc_free(doc);
  }
  if (!rc) rc = vb_store_flush(st, &err);
  if (rc) fprintf(stderr, "%s\n", err.msg);
  vb_store_close(st);
  return rc;
}

/* ---- an index as analysis version 1 made it --------------------------------- */

/* Version 1 indexed each word as its stem in the document's language,
 * untagged, one token a word (no written form). The stems come from
 * today's analysis: its stem token of each word, the tag taken off. */
typedef struct old_text {
  vb_buf out;
  size_t start, end;
  int any;
  char stem[512];
  size_t nstem;
} old_text;

static void old_word_end(old_text *o) {
  if (!o->any) return;
  if (o->out.len) vb_buf_addc(&o->out, ' ');
  vb_buf_add(&o->out, o->stem, o->nstem);
}

static int old_token(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  old_text *o = ctx;
  if (!o->any || start != o->start || end != o->end) old_word_end(o);
  o->any = 1;
  o->start = start;
  o->end = end;
  char key[512];
  size_t k = an_stem_key(tok, n, key, sizeof key);
  /* "|L|s": the stem s; a plain word is its own */
  const char *s = key;
  if (k && key[0] == AN_TAG) {
    const char *bar = memchr(key + 1, AN_TAG, k - 1);
    s = bar ? bar + 1 : key;
  }
  o->nstem = k - (size_t)(s - key);
  memcpy(o->stem, s, o->nstem);
  return 0;
}

/* The version-1 words of a statement, space-separated. */
static void old_words(const char *lang, const char *text, size_t n, vb_buf *out) {
  an_analyzer *an;
  assert_int_equal(an_analyzer_new(lang, AN_FULL, &an, NULL), 0);
  old_text o = {*out, 0, 0, 0, {0}, 0};
  o.out.len = 0;
  assert_int_equal(an_words(an, text, n, old_token, &o), 0);
  old_word_end(&o);
  *out = o.out;
  an_analyzer_free(an);
}

typedef struct stmt_row {
  int64_t id;
  char lang[8];
  char *text;
} stmt_row;

/* Every statement's id, language and text (its span of the body). */
static size_t read_statements(const char *db, stmt_row **rows) {
  vb_store *st;
  vb_err err;
  assert_int_equal(vs_store_open(db, VS_OPEN_ANY_ANALYSIS, &st, &err), 0);
  vs_db d = {st->ops->sql, st->impl};
  vs_sql *q;
  assert_int_equal(
      vs_sql_prepare(
          d,
          "SELECT s.id, coalesce(s.lang, ''), s.start, s.\"end\", d.body FROM statements s"
          " JOIN documents d ON d.id = s.doc_id ORDER BY s.id",
          &q, &err),
      0);
  size_t n = 0, cap = 0;
  *rows = NULL;
  while (vs_next(q, &err) > 0) {
    if (n == cap) *rows = realloc(*rows, (cap = cap ? 2 * cap : 64) * sizeof **rows);
    size_t blen;
    const char *body = vs_col_text(q, 4, &blen);
    int64_t s = vs_col_int(q, 2), e = vs_col_int(q, 3);
    assert_true(s >= 0 && e >= s && (size_t)e <= blen);
    (*rows)[n].id = vs_col_int(q, 0);
    snprintf((*rows)[n].lang, sizeof(*rows)[n].lang, "%s", vs_col_text(q, 1, NULL));
    (*rows)[n].text = strndup(body + s, (size_t)(e - s));
    n++;
  }
  vs_finalize(q);
  vb_store_close(st);
  return n;
}

static void sqlite_ok(sqlite3 *db, int rc) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE) fail_msg("sqlite: %s", sqlite3_errmsg(db));
}

/* Rewrites the archive's index as version 1 made it and records version
 * 1: behind verbatim's back, as an archive made by an older verbatim. */
static void make_old(const char *db) {
  stmt_row *rows;
  size_t n = read_statements(db, &rows);
  assert_true(n > 50);
  vb_buf words;
  vb_buf_init(&words, 0);
  if (!test_on_postgres()) {
    sqlite3 *s;
    vb_err err;
    static const an_langs no_langs = {"", 1}; /* folded words alone, as written */
    assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
    assert_int_equal(vs_fts5_tokenizer_register(s, &no_langs, &err), 0);
    sqlite_ok(
        s, sqlite3_exec(s, "BEGIN; INSERT INTO statements_fts(statements_fts) VALUES('delete-all')",
                        0, 0, 0));
    sqlite3_stmt *ins;
    sqlite_ok(s, sqlite3_prepare_v2(s, "INSERT INTO statements_fts(rowid, text) VALUES(?1, ?2)", -1,
                                    &ins, NULL));
    for (size_t i = 0; i < n; i++) {
      old_words(rows[i].lang, rows[i].text, strlen(rows[i].text), &words);
      sqlite3_bind_int64(ins, 1, rows[i].id);
      /* no language mark: the words are folded only, kept as they are */
      sqlite3_bind_text(ins, 2, words.ptr ? words.ptr : "", (int)words.len, SQLITE_TRANSIENT);
      sqlite_ok(s, sqlite3_step(ins));
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite_ok(s, sqlite3_exec(s, "UPDATE analysis SET version = 1; COMMIT", 0, 0, 0));
    sqlite3_close(s);
  } else {
    PGconn *c = PQconnectdb(db);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PQclear(PQexec(c, "BEGIN"));
    vb_buf tsv;
    vb_buf_init(&tsv, 0);
    for (size_t i = 0; i < n; i++) {
      old_words(rows[i].lang, rows[i].text, strlen(rows[i].text), &words);
      /* a tsvector of the stems at their word positions */
      tsv.len = 0;
      unsigned pos = 0;
      for (size_t k = 0; k < words.len;) {
        size_t e = k;
        while (e < words.len && words.ptr[e] != ' ')
          e++;
        vb_buf_printf(&tsv, "%s'", tsv.len ? " " : "");
        for (size_t j = k; j < e; j++) {
          if (words.ptr[j] == '\'' || words.ptr[j] == '\\') vb_buf_addc(&tsv, words.ptr[j]);
          vb_buf_addc(&tsv, words.ptr[j]);
        }
        vb_buf_printf(&tsv, "':%u", ++pos);
        k = e + 1;
      }
      vb_buf_addc(&tsv, '\0');
      char id[32];
      snprintf(id, sizeof id, "%lld", (long long)rows[i].id);
      const char *vals[2] = {id, tsv.ptr};
      PGresult *r =
          PQexecParams(c, "UPDATE statements SET tsv = $2::tsvector WHERE id = $1::bigint", 2, NULL,
                       vals, NULL, NULL, 0);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s", PQerrorMessage(c));
      PQclear(r);
    }
    vb_buf_free(&tsv);
    PGresult *r = PQexec(c, "UPDATE verbatim_analysis SET version = 1");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQclear(PQexec(c, "COMMIT"));
    PQfinish(c);
  }
  vb_buf_free(&words);
  for (size_t i = 0; i < n; i++)
    free(rows[i].text);
  free(rows);
}

static void set_version(const char *db, int v) {
  char lite[64], post[64];
  snprintf(lite, sizeof lite, "UPDATE analysis SET version = %d", v);
  snprintf(post, sizeof post, "UPDATE verbatim_analysis SET version = %d", v);
  assert_int_equal(test_exec(db, lite, post), 0);
}

/* ---- answers ----------------------------------------------------------------- */

static vb_results *search(vb_store *st, const char *q) {
  vb_search_opts o = {.limit = 200, .sort = VB_SORT_RELEVANCE, .facets = VB_FACET_SPEAKER};
  vb_results *r;
  vb_err err;
  if (vb_store_search(st, q, &o, &r, &err)) fail_msg("search '%s': %s", q, err.msg);
  return r;
}

static int64_t total(const char *db, const char *q) {
  vb_store *st;
  vb_err err;
  if (vb_store_open(db, 0, &st, &err)) fail_msg("%s", err.msg);
  vb_results *r = search(st, q);
  int64_t n = r->total;
  vb_results_free(r);
  vb_store_close(st);
  return n;
}

/* Every query answers on db as on the fresh archive: the same hits (text,
 * snippet, citation), in the same order, with the same scores. */
static void answers_as_fresh(const char *db) {
  vb_store *a, *b;
  vb_err err;
  if (vb_store_open(db, 0, &a, &err)) fail_msg("%s", err.msg);
  assert_int_equal(vb_store_open(FRESH, 0, &b, &err), 0);
  int64_t all = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    vb_results *x = search(a, queries[i]), *y = search(b, queries[i]);
    if (x->total != y->total)
      fail_msg("%s: %lld hits, %lld on a fresh archive", queries[i], (long long)x->total,
               (long long)y->total);
    assert_int_equal(x->nhits, y->nhits);
    for (size_t h = 0; h < x->nhits; h++) {
      assert_string_equal(x->hits[h].text.ptr, y->hits[h].text.ptr);
      assert_string_equal(x->hits[h].snippet.ptr, y->hits[h].snippet.ptr);
      assert_string_equal(x->hits[h].citation.ptr, y->hits[h].citation.ptr);
      if (fabs(x->hits[h].score - y->hits[h].score) > 1e-9)
        fail_msg("%s, hit %zu: score %g, %g on a fresh archive", queries[i], h, x->hits[h].score,
                 y->hits[h].score);
    }
    all += x->total;
    vb_results_free(x);
    vb_results_free(y);
  }
  assert_true(all > 20);
  vb_store_close(a);
  vb_store_close(b);
}

static void refused(const char *db) {
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 0, &st, &err), VB_ESTORE);
  if (!strstr(err.msg, "text analysis version 1") ||
      !strstr(err.msg, "run `verbatim reindex --db "))
    fail_msg("refused with: %s", err.msg);
}

static int setup(void **state) {
  (void)state;
  if (test_archive("test-reindex-fresh", FRESH, sizeof FRESH) || put_all(FRESH)) return -1;
  return 0;
}

static int setup_old(void **state) {
  (void)state;
  if (test_archive("test-reindex-old", OLD, sizeof OLD) || put_all(OLD)) return -1;
  make_old(OLD);
  return 0;
}

/* ---- tests --------------------------------------------------------------------- */

/* The staged index is truly version 1's: taken for today's (its version
 * row changed alone), it misses what was said, the written form of a
 * prefix and the inflected words. That is why the archive is refused. */
static void old_index_answers_wrongly(void **state) {
  (void)state;
  refused(OLD);
  set_version(OLD, AN_VERSION);
  assert_int_equal(total(FRESH, "vaccine*"), 1);
  assert_int_equal(total(OLD, "vaccine*"), 0);
  assert_int_equal(total(FRESH, "forests"), 1);
  assert_int_equal(total(OLD, "forests"), 0);
  set_version(OLD, 1);
  refused(OLD);
}

/* Indexed again, the archive answers every query as a fresh one does;
 * run again, it says the index is current and writes nothing. */
static void reindex_answers_as_fresh(void **state) {
  (void)state;
  vb_reindex_info info;
  vb_err err;
  if (vb_store_reindex(OLD, NULL, NULL, &info, &err)) fail_msg("%s", err.msg);
  assert_int_equal(info.from_version, 1);
  assert_int_equal(info.to_version, AN_VERSION);
  assert_true(info.finished);
  assert_false(info.resumed);
  assert_int_equal(info.documents, 5);
  /* the new index is written with the hash size a batch needs */
  if (!test_on_postgres()) assert_int_equal(test_fts_hash_size(OLD), 16 << 20);
  stmt_row *rows;
  size_t n = read_statements(OLD, &rows);
  for (size_t i = 0; i < n; i++)
    free(rows[i].text);
  free(rows);
  assert_int_equal(info.statements, (int64_t)n);
  answers_as_fresh(OLD);
  /* the integrity check (FTS5's own among them) holds */
  vb_store *st;
  assert_int_equal(vb_store_open(OLD, 0, &st, &err), 0);
  test_assert_checks(st, __func__);
  vb_store_close(st);
  /* current now: nothing to do */
  if (vb_store_reindex(OLD, NULL, NULL, &info, &err)) fail_msg("%s", err.msg);
  assert_int_equal(info.from_version, AN_VERSION);
  assert_int_equal(info.documents, 0);
  assert_true(info.finished);
  answers_as_fresh(OLD);
}

/* A fresh archive is current: nothing is done. */
static void current_archive_left_alone(void **state) {
  (void)state;
  vb_reindex_info info;
  vb_err err;
  assert_int_equal(vb_store_reindex(FRESH, NULL, NULL, &info, &err), 0);
  assert_int_equal(info.from_version, AN_VERSION);
  assert_int_equal(info.to_version, AN_VERSION);
  assert_int_equal(info.documents, 0);
  assert_int_equal(info.statements, 0);
}

static int stop_after_first(void *ctx, int64_t done, int64_t total) {
  int *calls = ctx;
  (*calls)++;
  assert_true(done < total);
  return 1;
}

/* A run over OLD, two documents a batch, stopped after the first batch. */
static void stop_part_way(void) {
  vb_store *st;
  vb_err err;
  vb_reindex_info info = {0};
  int calls = 0;
  assert_int_equal(vs_store_open(OLD, VS_OPEN_ANY_ANALYSIS, &st, &err), 0);
  assert_int_equal(vs_reindex((vs_db){st->ops->sql, st->impl}, st->ops->reindexer, st->impl, 2,
                              stop_after_first, &calls, &info, &err),
                   0);
  vb_store_close(st);
  assert_int_equal(calls, 1);
  assert_false(info.finished);
  assert_int_equal(info.documents, 2);
}

/* Stopped after its first batch (what a kill between two commits
 * leaves), the archive is refused as before; run again, the re-analysis
 * carries on from there and ends as a fresh archive. */
static void interrupted_reindex_carries_on(void **state) {
  (void)state;
  vb_err err;
  vb_reindex_info info;
  stop_part_way();
  refused(OLD);
  if (vb_store_reindex(OLD, NULL, NULL, &info, &err)) fail_msg("%s", err.msg);
  assert_true(info.resumed);
  assert_true(info.finished);
  assert_int_equal(info.documents, 3);
  answers_as_fresh(OLD);
}

/* A run left by another analysis version is not carried on: started
 * anew (its half-made index would hold that version's words). */
static void other_versions_run_restarted(void **state) {
  (void)state;
  vb_err err;
  vb_reindex_info info;
  stop_part_way();
  char lite[96], post[96];
  snprintf(lite, sizeof lite, "UPDATE reindex_progress SET version = %d", AN_VERSION + 1);
  snprintf(post, sizeof post, "UPDATE verbatim_reindex SET version = %d", AN_VERSION + 1);
  assert_int_equal(test_exec(OLD, lite, post), 0);
  if (vb_store_reindex(OLD, NULL, NULL, &info, &err)) fail_msg("%s", err.msg);
  assert_false(info.resumed);
  assert_int_equal(info.documents, 5);
  answers_as_fresh(OLD);
}

/* What a watch is indexed by is the analysis' too: a flag an older
 * analysis left is made again. */
static void watches_follow(void **state) {
  (void)state;
  vb_store *st;
  vb_err err;
  int indexed = -1;
  assert_int_equal(vb_store_open(FRESH, 0, &st, &err), 0);
  assert_int_equal(vb_watch_add(st, "forests", "forests OR vaccine*", "stdout", &indexed, &err), 0);
  vb_store_close(st);
  assert_int_equal(indexed, 0); /* a prefix alone: tried on every statement */
  set_version(FRESH, 1);
  assert_int_equal(
      test_exec(FRESH, "UPDATE watches SET anchored = 1", "UPDATE watches SET anchored = 1"), 0);
  vb_reindex_info info;
  if (vb_store_reindex(FRESH, NULL, NULL, &info, &err)) fail_msg("%s", err.msg);
  assert_int_equal(info.watches, 1);
  assert_int_equal(vb_store_open(FRESH, 0, &st, &err), 0);
  char *json;
  assert_int_equal(test_watches_json(st, &json, &err), 0);
  if (!strstr(json, "\"indexed\":false")) fail_msg("watches: %s", json);
  free(json);
  vb_store_close(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(current_archive_left_alone),
      cmocka_unit_test_setup(old_index_answers_wrongly, setup_old),
      cmocka_unit_test(reindex_answers_as_fresh),
      cmocka_unit_test_setup(interrupted_reindex_carries_on, setup_old),
      cmocka_unit_test_setup(other_versions_run_restarted, setup_old),
      cmocka_unit_test(watches_follow),
  };
  return cmocka_run_group_tests_name("reindex", tests, setup, NULL);
}
