/* Entity counts on real documents (issue 17): a fixed sample of Kremlin
 * pages and UN General Debate speeches, unpacked from ../shared/corpus,
 * archived (on SQLite, and again on PostgreSQL in make test's second
 * pass); for every entity the listing, its page, mentions:e12 (statements
 * and documents) and the entity facet give the same counts, before and
 * after an analyst's corrections. An alias no document uses changes no
 * count; a merge counts a statement both named once; an archive counted
 * the old way is counted again when opened. */
#include <sys/stat.h>

#include "store/sql.h"
#include "store/store.h"
#include "testutil.h"

#define DATA "build/counts-data"

static char DB[512];
static vb_store *st;

static const char *const pages[] = {"11287", "13679", "15747", "17093", "17094", "17098",
                                    "17108", "17109", "17113", "17116", "17117", "17118"};
static const char *const speeches[] = {"RUS_70_2015", "USA_70_2015", "UKR_70_2015", "GBR_70_2015"};
#define SESSION "ungdc/TXT/Session 70 - 2015/"

/* The sample, unpacked once per build directory. */
static int unpack(void) {
  struct stat sb;
  if (!stat(DATA "/unpacked", &sb)) return 0;
  char cmd[4096];
  int n = snprintf(cmd, sizeof cmd, "rm -rf " DATA " && mkdir -p " DATA " && tar -xzf " SHARED_DIR
                   "/corpus/kremlin-en.tar.gz -C " DATA);
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
    n += snprintf(cmd + n, sizeof cmd - (size_t)n, " kremlin-en/%s.html", pages[i]);
  n += snprintf(cmd + n, sizeof cmd - (size_t)n, " && tar -xzf " SHARED_DIR "/corpus/ungdc.tar.gz -C " DATA);
  for (size_t i = 0; i < sizeof speeches / sizeof *speeches; i++)
    n += snprintf(cmd + n, sizeof cmd - (size_t)n, " '" SESSION "%s.txt'", speeches[i]);
  snprintf(cmd + n, sizeof cmd - (size_t)n, " && touch " DATA "/unpacked");
  return system(cmd) ? -1 : 0;
}

/* The statements the parser made of the pages and of the speeches, counted
 * as they are archived: what a date filter must find of each, whatever a
 * parser change makes of their sentences. */
static int64_t page_statements, speech_statements;

static int put_counted(const char *path, int64_t *count) { return test_put_file(st, path, NULL, NULL, count); }

static int setup(void **state) {
  (void)state;
  if (unpack() || test_archive("test-counts", DB, sizeof DB)) return -1;
  vb_err err;
  if (vb_store_open(DB, 1, &st, &err)) return -1;
  char path[512];
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    snprintf(path, sizeof path, DATA "/kremlin-en/%s.html", pages[i]);
    if (put_counted(path, &page_statements)) return -1;
  }
  for (size_t i = 0; i < sizeof speeches / sizeof *speeches; i++) {
    snprintf(path, sizeof path, DATA "/" SESSION "%s.txt", speeches[i]);
    if (put_counted(path, &speech_statements)) return -1;
  }
  return vb_store_flush(st, &err);
}

static int teardown(void **state) {
  (void)state;
  vb_store_close(st);
  return 0;
}

/* The listing of every entity: "id mentions statements documents" a line. */
static char *all_counts(void) {
  vb_entity_list *l = NULL;
  vb_err err;
  assert_int_equal(vb_store_entities(st, NULL, -1, 100000, &l, &err), 0);
  size_t cap = l->n * 96 + 1, at = 0;
  char *out = calloc(1, cap);
  for (size_t i = 0; i < l->n; i++) {
    const vb_entity_row *e = &l->entities[i];
    at += (size_t)snprintf(out + at, cap - at, "%s %lld %lld %lld\n", e->id, (long long)e->mentions,
                           (long long)e->statements, (long long)e->documents);
  }
  vb_entity_list_free(l);
  return out;
}

static vb_entity_page *page(const char *name) {
  vb_entity_page *p = NULL;
  vb_err err;
  if (vb_store_entity(st, name, &p, &err)) fail_msg("%s: %s", name, err.msg);
  return p;
}

/* The page of the entity named exactly `name` (a name leads the page to
 * the most mentioned entity answering to it). */
static vb_entity_page *named(const char *name) {
  vb_entity_list *l = NULL;
  vb_err err;
  assert_int_equal(vb_store_entities(st, name, -1, 100, &l, &err), 0);
  vb_entity_page *p = NULL;
  for (size_t i = 0; !p && i < l->n; i++)
    if (l->entities[i].name.len == strlen(name) && !memcmp(l->entities[i].name.ptr, name, strlen(name)))
      p = page(l->entities[i].id);
  vb_entity_list_free(l);
  if (!p) fail_msg("no entity named %s", name);
  return p;
}

static void fix(vb_fix op, const char *a, const char *b) {
  vb_err err;
  const char *args[1] = {b};
  if (vb_store_entity_fix(st, op, a, b ? args : NULL, b ? 1 : 0, &err)) fail_msg("%s: %s", a, err.msg);
}

/* "YYYYMM count" lines, one a row. */
static int month_line(void *ctx, vs_sql *q) {
  vb_buf *b = ctx;
  vb_buf_printf(b, "%lld %lld\n", (long long)vs_col_int(q, 0), (long long)vs_col_int(q, 1));
  return b->failed ? VB_ENOMEM : VB_OK;
}

/* An entity page's mentions per month are its mentions counted by their
 * statements' months (what the page counted them from before it read
 * its documents' counts and dates), for each of the `top` most mentioned
 * entities, whichever way the page reads its documents' dates. */
static void months_agree(const char *when, int top) {
  vb_entity_list *l = NULL;
  vb_err err;
  assert_int_equal(vb_store_entities(st, NULL, -1, top, &l, &err), 0);
  vs_db db = {st->ops->sql, st->impl};
  int64_t keep = vs_entity_months_by_index;
  for (size_t i = 0; i < l->n; i++) {
    const vb_entity_row *e = &l->entities[i];
    vb_buf want, got;
    vb_buf_init(&want, 0);
    if (vs_sql_rows(db,
                    "SELECT s.date / 100, count(*) FROM mentions m JOIN statements s ON s.id = m.statement_id"
                    " WHERE m.entity_id = ?1 AND s.date IS NOT NULL GROUP BY s.date / 100 ORDER BY 1",
                    strtoll(e->id + 1, NULL, 10), month_line, &want, &err))
      fail_msg("%s: %s", when, err.msg);
    for (int by_index = 0; by_index < 2; by_index++) {
      vs_entity_months_by_index = by_index ? -1 : INT64_MAX;
      vb_entity_page *p = page(e->id);
      vb_buf_init(&got, 0);
      /* "YYYY-MM", or "YYYY" for documents dated by their year alone,
       * whose statements count from January; none has both in a year here */
      for (size_t m = 0; m < p->ntimeline; m++)
        vb_buf_printf(&got, "%.4s%.2s %lld\n", p->timeline[m].label.ptr,
                      p->timeline[m].label.len == 4 ? "01" : p->timeline[m].label.ptr + 5, (long long)p->timeline[m].n);
      vb_entity_page_free(p);
      if (strcmp(want.ptr ? want.ptr : "", got.ptr ? got.ptr : ""))
        fail_msg("%s: %s %.*s (%s): mentions per month\n%s\nagainst its statements'\n%s", when, e->id,
                 (int)e->name.len, e->name.ptr, by_index ? "by the date index" : "by its documents",
                 got.ptr ? got.ptr : "", want.ptr ? want.ptr : "");
      vb_buf_free(&got);
    }
    vs_entity_months_by_index = keep;
    vb_buf_free(&want);
  }
  vb_entity_list_free(l);
}

/* Every count agrees (testutil.h), and `check` finds the stored counts
 * their mentions'. */
static size_t agree(const char *when, int top) {
  size_t n = test_counts_agree(st, when, top);
  months_agree(when, top < 200 ? top : 200); /* three pages each: the most mentioned do */
  test_assert_checks(st, when);
  return n;
}

/* The issue's own case: Putin's mentions in the listing against the
 * statements and documents mentions:putin finds, for every entity. */
static void counts_agree(void **state) {
  (void)state;
  size_t n = agree("as ingested", 100000);
  print_message("# %zu entities, every count agrees\n", n);
  assert_true(n > 150);
  vb_entity_page *p = page("Putin");
  assert_true(p->entity.statements > 10);
  assert_int_equal(test_found(st, "mentions:putin", 0, NULL, NULL, NULL), p->entity.statements);
  assert_int_equal(test_found(st, "mentions:putin", 1, NULL, NULL, NULL), p->entity.documents);
  vb_entity_page_free(p);
}

/* The entity facet of a search counts every statement found, as
 * mentions: does; when it counts only the first (a search finding
 * hundreds of thousands), the results say how many, in the JSON too. */
static void facet_of_a_part_says_so(void **state) {
  (void)state;
  vb_entity_page *p = page("Putin");
  char q[64];
  snprintf(q, sizeof q, "mentions:%s", p->entity.id);
  vb_results *r = NULL;
  vb_err err;
  vb_search_opts o = {.limit = 1, .facets = VB_FACET_ENTITY};
  assert_int_equal(vb_store_search(st, q, &o, &r, &err), 0);
  assert_int_equal(r->entity_sample, 0);
  char *json = NULL;
  assert_int_equal(vb_results_to_json(r, &json, &err), 0);
  assert_null(strstr(json, "entity_sample"));
  free(json);
  vb_results_free(r);
  o.entity_sample = 5;
  assert_int_equal(vb_store_search(st, q, &o, &r, &err), 0);
  assert_true(r->total > 5);
  assert_int_equal(r->entity_sample, 5);
  assert_true(r->nfacets[1] > 0 && r->facets[1][0].count == 5);
  assert_int_equal(vb_results_to_json(r, &json, &err), 0);
  assert_non_null(strstr(json, "\"entity_sample\":5"));
  free(json);
  vb_results_free(r);
  vb_entity_page_free(p);
}

/* The sample is spread over every statement found, not the first ones:
 * Russia is named mostly in the Kremlin pages, archived first, Syria only
 * in the UN speeches after them; a sample of 100 of the statements naming
 * either still counts Syria. */
static void facet_sample_is_spread(void **state) {
  (void)state;
  const char *q = "mentions:Russia OR mentions:Syria";
  vb_results *r = NULL;
  vb_err err;
  vb_search_opts o = {.limit = 1, .facets = VB_FACET_ENTITY, .entity_sample = 100};
  assert_int_equal(vb_store_search(st, q, &o, &r, &err), 0);
  assert_true(r->total > 200);
  assert_int_equal(r->entity_sample, 100);
  int64_t russia = 0, syria = 0;
  for (size_t i = 0; i < r->nfacets[1]; i++) {
    if (r->facets[1][i].value.len == 6 && !memcmp(r->facets[1][i].value.ptr, "Russia", 6)) russia = r->facets[1][i].count;
    if (r->facets[1][i].value.len == 5 && !memcmp(r->facets[1][i].value.ptr, "Syria", 5)) syria = r->facets[1][i].count;
  }
  print_message("# of %lld statements, 100 sampled: Russia %lld, Syria %lld\n", (long long)r->total, (long long)russia,
                (long long)syria);
  assert_true(syria > 0 && russia > syria && russia <= 100);
  vb_results_free(r);
}

/* A date filter finds the statements its dates say, on the first day
 * of a period and the last, of documents dated by the day and by the
 * year alone (2015's speeches count from 2015-01-01), as the same filter
 * in an OR with itself does (which names no documents by their years:
 * compile.c, date_docs); under NOT too. */
static void date_filters_find_their_dates(void **state) {
  (void)state;
  static const char *const filters[] = {
      "after:2015",       "after:2015-01-01", "after:2015-01-02", "after:2014-12-31", "after:2012-12-10",
      "after:2012-12",    "after:2012",       "after:2013",       "after:2011-05-20", "after:2011-05-21",
      "before:2015",      "before:2015-01-02", "before:2016",     "before:2012-12-11", "before:2012-12-10",
      "before:2013",      "before:2012",       "before:2011-05-21", "before:2011-05-20", "date:2015",
      "date:2015-01",     "date:2015-01-01",  "date:2014",        "date:2012-12",     "date:2012-12-10",
      "date:2012",        "date:2011-11-25",  "date:2011-11-24",  "after:9999-12-31", "before:9999-12-31",
      "date:9999",
  };
  int64_t found = 0;
  for (size_t i = 0; i < sizeof filters / sizeof *filters; i++) {
    char q[128], plain[160];
    const char *f = filters[i];
    snprintf(plain, sizeof plain, "(%s OR %s)", f, f);
    int64_t n = test_found(st, f, 0, NULL, NULL, NULL), want = test_found(st, plain, 0, NULL, NULL, NULL);
    if (n != want) fail_msg("%s finds %lld statements, %s %lld", f, (long long)n, plain, (long long)want);
    found += n;
    snprintf(q, sizeof q, "russia %s", f);
    snprintf(plain, sizeof plain, "russia (%s OR %s)", f, f);
    n = test_found(st, q, 0, NULL, NULL, NULL), want = test_found(st, plain, 0, NULL, NULL, NULL);
    if (n != want) fail_msg("%s finds %lld statements, %s %lld", q, (long long)n, plain, (long long)want);
    snprintf(q, sizeof q, "russia -%s", f);
    snprintf(plain, sizeof plain, "russia -(%s OR %s)", f, f);
    n = test_found(st, q, 0, NULL, NULL, NULL), want = test_found(st, plain, 0, NULL, NULL, NULL);
    if (n != want) fail_msg("%s finds %lld statements, %s %lld", q, (long long)n, plain, (long long)want);
  }
  /* after:2015 is the speeches' statements (dated 2015-01-01 by their
   * session), before:2015 the pages': each as many as the parser made */
  assert_true(speech_statements > 500 && page_statements > 500);
  assert_int_equal(test_found(st, "after:2015", 0, NULL, NULL, NULL), speech_statements);
  assert_int_equal(test_found(st, "date:2015-01-01", 0, NULL, NULL, NULL), speech_statements);
  assert_int_equal(test_found(st, "after:2015-01-02", 0, NULL, NULL, NULL), 0);
  assert_int_equal(test_found(st, "before:2015", 0, NULL, NULL, NULL), page_statements);
  assert_true(found > 0);
}

/* The statements a query finds, by id, ascending; their count in *n. */
static int64_t *found_ids(const char *q, size_t *n) {
  vb_results *r = NULL;
  vb_err err;
  vb_search_opts o = {.limit = 10000};
  if (vb_store_search(st, q, &o, &r, &err)) fail_msg("%s: %s", q, err.msg);
  assert_true(r->total == (int64_t)r->nhits);
  int64_t *ids = calloc(r->nhits + 1, sizeof *ids);
  for (size_t i = 0; i < r->nhits; i++) {
    int64_t id = r->hits[i].statement;
    size_t at = i;
    for (; at > 0 && ids[at - 1] > id; at--) ids[at] = ids[at - 1];
    ids[at] = id;
  }
  *n = r->nhits;
  vb_results_free(r);
  return ids;
}

static int holds(const int64_t *ids, size_t n, int64_t id) {
  for (size_t i = 0; i < n; i++)
    if (ids[i] == id) return 1;
  return 0;
}

/* Words with mentions: find the statements the words find that mentions:
 * alone finds (it tests each of the words' statements when words drive,
 * and gathers the entity's when none do: compile.c), and with
 * -mentions: the others; for the most mentioned entities, by id and by
 * name, and words common and rare in the sample. */
static void mentions_with_words(void **state) {
  (void)state;
  static const char *const words[] = {"russia", "people", "security", "nuclear", "president"};
  vb_entity_list *l = NULL;
  vb_err err;
  assert_int_equal(vb_store_entities(st, NULL, -1, 12, &l, &err), 0);
  size_t checked = 0;
  for (size_t e = 0; e < l->n; e++)
    for (int by_name = 0; by_name < 2; by_name++) {
      char filter[160], q[256];
      if (by_name) snprintf(filter, sizeof filter, "mentions:\"%.*s\"", (int)l->entities[e].name.len, l->entities[e].name.ptr);
      else snprintf(filter, sizeof filter, "mentions:%s", l->entities[e].id);
      size_t nm, nw, nboth, nnot;
      int64_t *m = found_ids(filter, &nm);
      for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        int64_t *ws = found_ids(words[w], &nw);
        snprintf(q, sizeof q, "%s %s", words[w], filter);
        int64_t *both = found_ids(q, &nboth);
        snprintf(q, sizeof q, "%s -%s", words[w], filter);
        int64_t *not = found_ids(q, &nnot);
        size_t ib = 0, in = 0;
        for (size_t i = 0; i < nw; i++) {
          int named = holds(m, nm, ws[i]);
          if (named && (ib >= nboth || both[ib++] != ws[i]))
            fail_msg("%s %s: misses statement %lld", words[w], filter, (long long)ws[i]);
          if (!named && (in >= nnot || not[in++] != ws[i]))
            fail_msg("%s -%s: misses statement %lld", words[w], filter, (long long)ws[i]);
        }
        if (ib != nboth || in != nnot)
          fail_msg("%s with %s: %zu and %zu found, %zu and %zu of the word's", words[w], filter, nboth, nnot, ib, in);
        checked += nboth;
        free(ws);
        free(both);
        free(not);
      }
      free(m);
    }
  vb_entity_list_free(l);
  print_message("# %zu statements found by words with mentions:, each as the two apart find it\n", checked);
  assert_true(checked > 100);
}

/* An entity's page counts who mentions it and what with over all its
 * statements, as kept at ingest (no "sampled"), and the check counts them
 * again from the mentions. */
static void page_counts_every_statement(void **state) {
  (void)state;
  vb_entity_page *p = page("Russia");
  assert_int_equal(p->sampled, 0);
  assert_true(p->entity.statements > 100 && p->nco_mentioned > 0 && p->nspeakers > 0);
  int64_t said = 0;
  for (size_t i = 0; i < p->nspeakers; i++) said += p->speakers[i].n;
  assert_true(said > 0 && said <= p->entity.mentions);
  assert_true(p->co_mentioned[0].n <= p->entity.statements);
  char *json = NULL;
  vb_err err;
  assert_int_equal(vb_entity_page_to_json(p, &json, &err), 0);
  assert_null(strstr(json, "\"sampled\""));
  free(json);
  vb_entity_page_free(p);
  test_assert_checks(st, __func__);
}

/* A spelling no document uses changes no count (it changed Russia's from
 * 2,330/379 to 1,970/344); one in use moves its mentions and nothing
 * else. */
static void alias_counts(void **state) {
  (void)state;
  char *before = all_counts();
  fix(VB_FIX_ALIAS_ADD, "Russia", "Rossiyskaya Federatsiya");
  char *after = all_counts();
  assert_string_equal(after, before);
  free(before);
  free(after);
  agree("after an alias that appears nowhere", 100);
  /* "Russians" becomes an entity of its own: Russia keeps the rest */
  vb_entity_page *r = page("Russia");
  int64_t mentions = r->entity.mentions;
  vb_entity_page_free(r);
  fix(VB_FIX_SPLIT, "Russia", "Russians");
  r = page("Russia");
  vb_entity_page *s = named("Russians");
  assert_true(s->entity.mentions > 0);
  assert_int_equal(r->entity.mentions + s->entity.mentions, mentions);
  /* the name "Russians" leads to both (its own alias, and the lexicon's
   * key for Russia): the page by name is Russia's, and says so */
  vb_entity_page *by_name = page("Russians");
  assert_true(by_name->entity.name.len == 6 && !memcmp(by_name->entity.name.ptr, "Russia", 6));
  int64_t also = -1;
  for (size_t i = 0; i < by_name->nalso; i++)
    if (!strcmp(by_name->also[i].id, s->entity.id)) also = by_name->also[i].statements;
  assert_int_equal(also, s->entity.statements);
  int64_t found = test_found(st, "mentions:Russians", 0, NULL, NULL, NULL);
  assert_true(found >= by_name->entity.statements && found <= by_name->entity.statements + also);
  vb_entity_page_free(by_name);
  vb_entity_page_free(r);
  vb_entity_page_free(s);
  agree("after a split", 100);
}

/* A merge counts what either was mentioned in, once (a pair that shares
 * statements, whatever an analyst would merge). */
static void merge_counts(void **state) {
  (void)state;
  vb_entity_page *a = page("Russia"), *b = page("Putin");
  char q[128];
  snprintf(q, sizeof q, "mentions:%s OR mentions:%s", a->entity.id, b->entity.id);
  int64_t stmts = test_found(st, q, 0, NULL, NULL, NULL), docs = test_found(st, q, 1, NULL, NULL, NULL);
  assert_true(stmts < a->entity.statements + b->entity.statements); /* some statement names both */
  char id[24];
  snprintf(id, sizeof id, "%s", b->entity.id);
  vb_entity_page_free(a);
  vb_entity_page_free(b);
  fix(VB_FIX_MERGE, "Russia", id);
  a = page("Russia");
  assert_int_equal(a->entity.statements, stmts);
  assert_int_equal(a->entity.documents, docs);
  vb_entity_page_free(a);
  agree("after a merge", 100);
  /* and a rejected spelling takes its counts with it */
  fix(VB_FIX_REJECT, "Europe", NULL);
  agree("after a reject", 100);
}

/* An archive made before the statements were counted, whose counts took
 * mentions outside statements in too: opened, it counts again from its
 * mentions, as a fresh archive does. */
static void old_counts_counted_again(void **state) {
  (void)state;
  char *fresh = all_counts();
  vb_store_close(st);
  st = NULL;
  assert_int_equal(test_exec(DB,
                             "DROP INDEX doc_entities_entity; ALTER TABLE doc_entities DROP COLUMN statements;"
                             " UPDATE doc_entities SET mentions = mentions + 2;"
                             " CREATE INDEX doc_entities_entity ON doc_entities(entity_id, mentions)",
                             "ALTER TABLE doc_entities DROP COLUMN statements;"
                             " UPDATE doc_entities SET mentions = mentions + 2"),
                   0);
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  char *again = all_counts();
  assert_string_equal(again, fresh);
  free(fresh);
  free(again);
  agree("an old archive opened", 100);
}

/* A UN speech names no speaker in its text: its file's name says whose it
 * is (RUS_70_2015.txt, the Russian Federation's delegation), and search
 * shows it, citation and speaker: filter, with the speakers' listing. */
static int is(vb_str s, const char *want) {
  return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void a_speech_is_its_delegation_s(void **state) {
  (void)state;
  vb_results *r = NULL;
  vb_err err;
  vb_search_opts o = {.limit = 3};
  if (vb_store_search(st, "speaker:russia", &o, &r, &err)) fail_msg("%s", err.msg);
  assert_true(r->total > 100);
  assert_int_equal(r->nhits, 3);
  for (size_t i = 0; i < r->nhits; i++) {
    assert_true(is(r->hits[i].speaker, "Russia"));
    assert_true(r->hits[i].citation.len > 7 && !memcmp(r->hits[i].citation.ptr, "Russia, ", 8));
  }
  int64_t russia = r->total;
  vb_results_free(r);
  vb_speaker_list *l = NULL;
  if (vb_store_speakers(st, &l, &err)) fail_msg("%s", err.msg);
  const vb_speaker_row *row = vb_speaker_list_find(l, "Russia");
  assert_non_null(row);
  assert_int_equal(row->documents, 1);
  assert_int_equal(row->statements, russia);
  assert_non_null(vb_speaker_list_find(l, "United States"));
  vb_speaker_list_free(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(counts_agree),
      cmocka_unit_test(old_counts_counted_again),
      cmocka_unit_test(facet_of_a_part_says_so),
      cmocka_unit_test(facet_sample_is_spread),
      cmocka_unit_test(page_counts_every_statement),
      cmocka_unit_test(date_filters_find_their_dates),
      cmocka_unit_test(a_speech_is_its_delegation_s),
      cmocka_unit_test(mentions_with_words),
      cmocka_unit_test(alias_counts),
      cmocka_unit_test(merge_counts),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
