/* A statement's quote family read from the archive (vb_store_family and
 * its JSON, vb_family_to_json; `verbatim quote`): first said, repeats and variants with their changed
 * words, in time order, on both backends. The documents are made up. */
#include <jansson.h>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "family/family.h"
#include "store/sqlite_int.h"
#include "store/store.h"
#include "testutil.h"
#include "verbatim.h"

static char DB[512];
static vb_store *st;

/* The original (2019), a misquote a year later by someone else, an exact
 * repeat by the speaker in 2021, and an unrelated dispatch. Ingested
 * newest first: the first said is found by date, not by order. */
static const char *const docs[] = {
    "January 9, 2022 Special Dispatch No. 300\n\nUnrelated Remarks On Trade\n\nJanuary 9, 2022\n\n"
    "Lina Farouk: \"Trade between the two ports grew by a third last year and the new road will double it "
    "again.\"\n",
    "June 2, 2021 Special Dispatch No. 202\n\nOmar Tessel Repeats: The Sanctions Have Failed\n\nJune 2, 2021\n\n"
    "Omar Tessel: \"The sanctions imposed on our country eleven years ago have failed to break the will of our "
    "people.\"\n\nHost: \"What about the talks?\"\n",
    "May 5, 2020 Special Dispatch No. 150\n\nAnalyst Sami Khalil On The Sanctions\n\nMay 5, 2020\n\n"
    "Sami Khalil: \"The sanctions imposed on our country twelve years ago have failed to break the will of our "
    "people.\"\n",
    "March 14, 2019 Special Dispatch No. 101\n\nMinister Omar Tessel: Talks Will Resume\n\nMarch 14, 2019\n\n"
    "Omar Tessel: \"The sanctions imposed on our country eleven years ago have failed to break the will of our "
    "people. We are ready for talks.\"\n",
};

/* The original said again, exactly, after every other: stored into an
 * archive made otherwise, it shows whether the family is still found. */
static const char said_again[] = "July 1, 2023 Special Dispatch No. 400\n\nOmar Tessel Again\n\nJuly 1, 2023\n\n"
                            "Omar Tessel: \"The sanctions imposed on our country eleven years ago have failed to break "
                            "the will of our people.\"\n";

/* A new archive called name holding docs: its address in db, open in
 * *out (closed when out is NULL). */
static int fixture(const char *name, char *db, size_t cap, vb_store **out) {
  vb_err err;
  vb_store *s;
  if (test_archive(name, db, cap) || vb_store_open(db, 1, &s, &err)) return -1;
  int rc = test_put_texts(s, docs, sizeof docs / sizeof *docs, "quote");
  if (rc || !out) vb_store_close(s);
  else *out = s;
  return rc;
}

static int setup(void **state) {
  (void)state;
  return fixture("test-quote", DB, sizeof DB, &st);
}

/* A statement's fingerprint as its document's block keeps it
 * (fingerprint_blocks, families.c), read here as the format says: its
 * id less the block's first (4 bytes, little-endian), its words' hash
 * (8), its keys' count (1) and its pairs' (2; 0xFFFF: none), the keys,
 * the pairs. */
typedef struct test_entry {
  int64_t id, doc, ord;
  uint64_t exact;
  int nkeys;
  long npairs; /* -1: none */
  const unsigned char *keys, *pairs;
} test_entry;

/* fn(ctx, e) for every entry of the blocks of document doc (0: of every
 * document), in id order. */
static void each_entry(vs_db d, int64_t doc, void (*fn)(void *ctx, const test_entry *e), void *ctx) {
  vb_err err;
  vs_sql *q = NULL;
  assert_int_equal(vs_sql_prepare(d,
                                  doc ? "SELECT first_id, doc_id, ord, prints FROM fingerprint_blocks WHERE doc_id = ?1"
                                        " ORDER BY first_id"
                                      : "SELECT first_id, doc_id, ord, prints FROM fingerprint_blocks ORDER BY first_id",
                                  &q, &err),
                   0);
  if (doc) vs_bind_int(q, 1, doc);
  int r;
  while ((r = vs_next(q, &err)) > 0) {
    size_t n;
    const unsigned char *p = vs_col_blob(q, 3, &n);
    for (size_t at = 0; p && at + 15 <= n;) {
      const unsigned char *h = p + at;
      test_entry e;
      e.id = vs_col_int(q, 0) + (int64_t)((uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24);
      e.exact = 0;
      for (int b = 7; b >= 0; b--) e.exact = e.exact << 8 | h[4 + b];
      e.nkeys = h[12];
      unsigned np = (unsigned)h[13] | (unsigned)h[14] << 8;
      e.npairs = np == 0xFFFF ? -1 : (long)np;
      e.keys = h + 15;
      e.pairs = e.keys + 4 * e.nkeys;
      e.doc = vs_col_int(q, 1);
      e.ord = vs_col_int(q, 2);
      at += 15 + 4 * (size_t)e.nkeys + (e.npairs < 0 ? 0 : 4 * (size_t)e.npairs);
      assert_true(at <= n);
      fn(ctx, &e);
    }
  }
  assert_int_equal(r, 0);
  vs_finalize(q);
}

typedef struct entry_ids {
  int64_t ids[256];
  size_t n;
} entry_ids;

static void entry_id(void *ctx, const test_entry *e) {
  entry_ids *x = ctx;
  if (x->n < 256) x->ids[x->n++] = e->id;
}

/* Archive db's fingerprints as an archive kept them before blocks: every
 * statement's entry made a row of its own (its keys and pairs in it), the
 * blocks gone. */
typedef struct unblocking {
  vs_sql *has, *ins, *up;
} unblocking;

static void unblock_entry(void *ctx, const test_entry *e) {
  unblocking *u = ctx;
  vb_err err;
  vs_bind_int(u->has, 1, e->id);
  int r = vs_next(u->has, &err);
  vs_reset(u->has);
  assert_true(r >= 0);
  vs_sql *q = r ? u->up : u->ins;
  vs_bind_int(q, 1, e->id);
  vs_bind_blob(q, 2, e->keys, 4 * (size_t)e->nkeys);
  if (e->npairs < 0) vs_bind_null(q, 3);
  else vs_bind_blob(q, 3, e->pairs, 4 * (size_t)e->npairs);
  if (!r) {
    vs_bind_int(q, 4, e->ord);
    vs_bind_int(q, 5, (int64_t)e->exact);
  }
  assert_int_equal(vs_sql_write(q, &err), 0);
}

static void rows_from_blocks(const char *db) {
  vb_store *s;
  vb_err err;
  assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
  vs_db d = {s->ops->sql, s->impl};
  unblocking u = {0};
  assert_int_equal(vs_sql_prepare(d, "SELECT 1 FROM fingerprints WHERE statement_id = ?1", &u.has, &err), 0);
  assert_int_equal(vs_sql_prepare(d, "INSERT INTO fingerprints(statement_id, family, rel, ord, exact, bands, pairs)"
                                     " VALUES(?1, ?1, 0, ?4, ?5, ?2, ?3)",
                                  &u.ins, &err),
                   0);
  assert_int_equal(vs_sql_prepare(d, "UPDATE fingerprints SET bands = ?2, pairs = ?3 WHERE statement_id = ?1", &u.up, &err),
                   0);
  each_entry(d, 0, unblock_entry, &u);
  vs_finalize(u.has);
  vs_finalize(u.ins);
  vs_finalize(u.up);
  assert_int_equal(vs_sql_exec(d, "DELETE FROM fingerprint_blocks", &err), 0);
  vb_store_close(s);
}

static int teardown(void **state) {
  (void)state;
  vb_store_close(st);
  return 0;
}

/* The family of ref as the API answers it. */
static json_t *family(const char *ref) {
  char *out = NULL;
  vb_family *f = NULL;
  vb_err err;
  int rc = vb_store_family(st, ref, &f, &err);
  if (!rc) rc = vb_family_to_json(f, &out, &err);
  if (rc) fprintf(stderr, "%s: %s\n", ref, err.msg);
  assert_int_equal(rc, 0);
  vb_family_free(f);
  json_t *j = json_loads(out, 0, NULL);
  free(out);
  assert_non_null(j);
  return j;
}

static const char *field(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}

static json_int_t integer(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* The members' "date relation speaker" lines, in order. */
static void timeline(json_t *f, char *buf, size_t cap) {
  size_t i, n = 0;
  json_t *m;
  buf[0] = '\0';
  json_array_foreach(json_object_get(f, "members"), i, m) n += (size_t)snprintf(
      buf + n, cap - n, "%s%s %s %s", i ? "; " : "", field(m, "date"), field(m, "relation"), field(m, "speaker"));
}

static const char *const want_timeline =
    "2019-03-14 first Omar Tessel; 2020-05-05 near Sami Khalil; 2021-06-02 exact Omar Tessel";

static void misquote_leads_back_to_the_original(void **state) {
  (void)state;
  json_t *f = family("150:0"); /* the misquote */
  char line[512];
  timeline(f, line, sizeof line);
  assert_string_equal(line, want_timeline);
  json_t *first = json_object_get(f, "first_said");
  assert_string_equal(field(first, "number"), "101");
  assert_int_equal(integer(first, "index"), 1); /* after the title's claim */
  assert_non_null(strstr(field(first, "link"), "#s1"));
  assert_string_equal(field(json_object_get(f, "statement"), "relation"), "near");
  assert_int_equal(integer(f, "repeats"), 1);
  assert_int_equal(integer(f, "variants"), 1);
  assert_int_equal(integer(f, "sources"), 3);
  assert_int_equal(json_array_size(json_object_get(f, "speakers")), 2);
  /* the misquote's diff against the original: one word replaced */
  json_t *diff = json_object_get(json_array_get(json_object_get(f, "members"), 1), "diff");
  size_t i, changed = 0;
  json_t *d;
  json_array_foreach(diff, i, d) {
    if (!strcmp(field(d, "op"), "same")) continue;
    changed++;
    assert_string_equal(field(d, "op"), "replaced");
    assert_string_equal(field(d, "from"), "eleven");
    assert_string_equal(field(d, "to"), "twelve");
  }
  assert_int_equal(changed, 1);
  /* the exact repeat changed nothing */
  diff = json_object_get(json_array_get(json_object_get(f, "members"), 2), "diff");
  json_array_foreach(diff, i, d) assert_string_equal(field(d, "op"), "same");
  json_decref(f);
}

static void every_member_answers_the_same_family(void **state) {
  (void)state;
  /* the original (asked by series number and by the permalink's form) and
   * the repeat see the same timeline */
  const char *const refs[] = {"101:1", "/d/101#s1", "202:0"};
  const char *const rel[] = {"first", "first", "exact"};
  for (size_t k = 0; k < 3; k++) {
    json_t *f = family(refs[k]);
    char line[512];
    timeline(f, line, sizeof line);
    assert_string_equal(line, want_timeline);
    assert_string_equal(field(json_object_get(f, "statement"), "relation"), rel[k]);
    json_decref(f);
  }
}

static void loners_and_short_statements(void **state) {
  (void)state;
  json_t *f = family("300:0"); /* nobody else said it: a family of one */
  assert_int_equal(json_array_size(json_object_get(f, "members")), 1);
  assert_string_equal(field(json_object_get(f, "first_said"), "speaker"), "Lina Farouk");
  assert_int_equal(integer(f, "repeats") + integer(f, "variants"), 0);
  json_decref(f);
  f = family("202:1"); /* "What about the talks?" */
  assert_true(json_is_null(json_object_get(f, "first_said")));
  assert_int_equal(json_array_size(json_object_get(f, "members")), 0);
  assert_non_null(strstr(field(f, "note"), "too short"));
  json_decref(f);
}

/* ---- families kept in the archive (fingerprints made at ingest) ---------- */

/* Hits of q: how many, and the dates of those said before (in hit order). */
static size_t hits(const char *q, int *status, char *before, size_t cap) {
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  vb_err err;
  *status = vb_store_search(st, q, &o, &res, &err);
  if (*status) {
    fprintf(stderr, "%s: %s\n", q, err.msg);
    return 0;
  }
  size_t n = res->nhits, k = 0;
  if (before) before[0] = '\0';
  for (size_t i = 0; before && i < n; i++)
    if (res->hits[i].said_before)
      k += (size_t)snprintf(before + k, cap - k, "%s%.*s", k ? " " : "", (int)res->hits[i].date.len,
                            res->hits[i].date.ptr);
  vb_results_free(res);
  return n;
}

/* A hit knows its family: how many say it, when and where it was first
 * said, and whether it was said before. */
static void hits_carry_first_said(void **state) {
  (void)state;
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50, .sort = VB_SORT_DATE};
  vb_err err;
  assert_int_equal(vb_store_search(st, "imposed", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 3);
  size_t before = 0;
  for (size_t i = 0; i < res->nhits; i++) {
    const vb_hit *h = &res->hits[i];
    assert_int_equal(h->family, 3);
    assert_int_equal(h->first_said.len, 10);
    assert_memory_equal(h->first_said.ptr, "2019-03-14", 10);
    assert_non_null(h->first_link.ptr);
    assert_non_null(strstr(h->first_link.ptr, "#s1"));
    int first = h->date.len == 10 && !memcmp(h->date.ptr, "2019-03-14", 10);
    assert_int_equal(h->said_before, !first);
    before += (size_t)h->said_before;
  }
  vb_results_free(res);
  assert_int_equal(before, 2);
  /* the "said" facet counts the matches said before and first said */
  o.facets = VB_FACET_SAID;
  mallopt(M_PERTURB, 0x5a); /* a result's memory not zeroed: what was not set shows */
  int rc = vb_store_search(st, "imposed OR road", &o, &res, &err);
  mallopt(M_PERTURB, 0);
  assert_int_equal(rc, 0);
  assert_int_equal(res->nfacets[4], 2);
  /* they are no entity's: no id (the JSON sent one of the arena's bytes) */
  for (size_t i = 0; i < 2; i++) assert_string_equal(res->facets[4][i].id, "");
  assert_string_equal(res->facets[4][0].value.ptr, "said before");
  assert_int_equal(res->facets[4][0].count, 2);
  assert_string_equal(res->facets[4][1].value.ptr, "first said");
  assert_int_equal(res->facets[4][1].count, 2);
  vb_results_free(res);
  o.facets = 0;
  /* a statement said once has no family; a short one none either */
  assert_int_equal(vb_store_search(st, "road", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].family, 0);
  assert_int_equal(res->hits[0].said_before, 0);
  char *json = NULL;
  assert_int_equal(vb_results_to_json(res, &json, &err), 0);
  assert_null(strstr(json, "first_said"));
  free(json);
  vb_results_free(res);
  /* the JSON of a hit in a family */
  assert_int_equal(vb_store_search(st, "imposed twelve", &o, &res, &err), 0);
  assert_int_equal(vb_results_to_json(res, &json, &err), 0);
  json_t *j = json_loads(json, 0, NULL);
  free(json);
  json_t *h = json_array_get(json_object_get(j, "hits"), 0);
  assert_int_equal(integer(h, "family"), 3);
  assert_string_equal(field(json_object_get(h, "first_said"), "date"), "2019-03-14");
  assert_true(json_is_true(json_object_get(h, "said_before")));
  json_decref(j);
  vb_results_free(res);
}

/* The said facet reads the family index, not every match's fingerprint:
 * 300 statements said once beside the family of three count as first
 * said with a few pages (they were each looked up, some 3 pages a
 * match; `peace` on the UN archive read 69,879 for its 10,000), and the
 * family's repeats as said before. */
static void said_facet_reads_the_family_index(void **state) {
  (void)state;
  char db[512];
  vb_store *s;
  assert_int_equal(fixture("test-quote-said", db, sizeof db, &s), 0);
  static const char *const syl[] = {"ka", "lo", "mi", "ren", "tu", "vas", "del", "gor", "pin", "sul"};
  vb_buf text;
  vb_buf_init(&text, 0);
  vb_buf_adds(&text, "August 3, 2023 Special Dispatch No. 500\n\nThe Harbour Report\n\nAugust 3, 2023\n\nLina Farouk: \"");
  for (int i = 0; i < 300; i++) {
    vb_buf_adds(&text, "The harbour");
    for (int w = 0; w < 6; w++) {
      unsigned x = (unsigned)(i * 7919 + w * 104729) * 2654435761u;
      vb_buf_printf(&text, " %s%s%s", syl[x % 10], syl[(x / 10) % 10], syl[(x / 100) % 10]);
    }
    vb_buf_adds(&text, " stood. ");
  }
  vb_buf_adds(&text, "\"\n");
  assert_false(text.failed);
  const char *one[] = {text.ptr};
  assert_int_equal(test_put_texts(s, one, 1, "harbour"), 0);
  vb_buf_free(&text);
  vb_results *res = NULL;
  vb_err err;
  vb_search_opts o = {.limit = 1};
  int64_t p0 = vb_store_pages_read(s);
  assert_int_equal(vb_store_search(s, "harbour OR imposed", &o, &res, &err), 0);
  int64_t p1 = vb_store_pages_read(s);
  int64_t total = res->total;
  vb_results_free(res);
  assert_true(total >= 300);
  o.facets = VB_FACET_SAID;
  assert_int_equal(vb_store_search(s, "harbour OR imposed", &o, &res, &err), 0);
  int64_t p2 = vb_store_pages_read(s);
  assert_int_equal(res->nfacets[4], 2);
  assert_string_equal(res->facets[4][0].value.ptr, "said before");
  assert_int_equal(res->facets[4][0].count, 2);
  assert_string_equal(res->facets[4][1].value.ptr, "first said");
  assert_int_equal(res->facets[4][1].count, total - 2);
  vb_results_free(res);
  if (!test_on_postgres() && (p2 - p1) - (p1 - p0) > total / 4)
    fail_msg("the said facet read %lld pages for %lld matches", (long long)((p2 - p1) - (p1 - p0)), (long long)total);
  /* a family index larger than FAMILY_SCAN members a match: the match is
   * looked up as before (the misquote, said before, beside 10 repeats) */
  for (int i = 0; i < 10; i++) {
    char doc[400];
    snprintf(doc, sizeof doc, "July %d, 2023 Special Dispatch No. %d%s", i + 1, 400 + i, strstr(said_again, "\n\n"));
    const char *d[] = {doc};
    char name[32];
    snprintf(name, sizeof name, "again-%d", i);
    assert_int_equal(test_put_texts(s, d, 1, name), 0);
  }
  assert_int_equal(vb_store_search(s, "twelve", &o, &res, &err), 0);
  assert_int_equal(res->total, 1);
  assert_int_equal(res->nfacets[4], 1);
  assert_string_equal(res->facets[4][0].value.ptr, "said before");
  assert_int_equal(res->facets[4][0].count, 1);
  vb_results_free(res);
  vb_store_close(s);
}

/* first:true keeps what was not said before; repeated:true what was. */
static void first_and_repeated_filters(void **state) {
  (void)state;
  int rc;
  char before[256];
  assert_int_equal(hits("imposed first:true", &rc, before, sizeof before), 1);
  assert_int_equal(rc, 0);
  assert_string_equal(before, "");
  assert_int_equal(hits("imposed repeated:true", &rc, before, sizeof before), 2);
  assert_string_equal(before, "2021-06-02 2020-05-05");
  assert_int_equal(hits("imposed first:false", &rc, NULL, 0), 2);
  assert_int_equal(hits("imposed repeated:no", &rc, NULL, 0), 1);
  assert_int_equal(hits("imposed -repeated:true", &rc, NULL, 0), 1);
  /* alone, over the whole archive: the two repeats */
  assert_int_equal(hits("repeated:yes", &rc, NULL, 0), 2);
  assert_int_equal(rc, 0);
  /* statements in no family are first said */
  assert_int_equal(hits("road first:true", &rc, NULL, 0), 1);
  assert_int_equal(hits("road repeated:true", &rc, NULL, 0), 0);
  hits("imposed first:maybe", &rc, NULL, 0);
  assert_int_equal(rc, VB_EQUERY);
}

/* A document's statements said before, for its page: the 2021 repeat and
 * the 2020 misquote name the 2019 original; the original names none. */
static void documents_mark_what_was_said_before(void **state) {
  (void)state;
  vb_err err;
  const char *later[] = {"202", "150"};
  for (int k = 0; k < 2; k++) {
    vb_said_before_list *l = NULL;
    assert_int_equal(vb_store_said_before(st, later[k], &l, &err), 0);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->v[0].family, 3);
    assert_memory_equal(l->v[0].first_said.ptr, "2019-03-14", 10);
    assert_non_null(strstr(l->v[0].first_link.ptr, "#s"));
    char *json = NULL;
    assert_int_equal(vb_said_before_to_json(l, &json, &err), 0);
    assert_non_null(strstr(json, "\"first_said\":{"));
    free(json);
    /* the statement it marks is the one a search finds said before */
    vb_results *res = NULL;
    vb_search_opts o = {.limit = 10};
    assert_int_equal(vb_store_search(st, "imposed repeated:true", &o, &res, &err), 0);
    int found = 0;
    for (size_t i = 0; i < res->nhits; i++)
      found += !strncmp(res->hits[i].doc, l->doc, 64) && res->hits[i].index == l->v[0].index;
    assert_int_equal(found, 1);
    vb_results_free(res);
    vb_said_before_free(l);
  }
  vb_said_before_list *l = NULL;
  assert_int_equal(vb_store_said_before(st, "101", &l, &err), 0);
  assert_int_equal(l->n, 0);
  assert_int_equal(strlen(l->doc), 64);
  vb_said_before_free(l);
  assert_int_equal(vb_store_said_before(st, "999", &l, &err), VB_ENOTFOUND);
}

/* A document named by id, id prefix or number is found through indexes,
 * not by reading every document: the document page asks for its marks
 * by id, and the scan took 5 s of a cold UN archive (10,843 speeches),
 * the server's whole read budget (a 400 for said-before). */
static void said_before_finds_its_document_by_index(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_said_before_list *l = NULL;
  assert_int_equal(vb_store_said_before(st, "101", &l, &err), 0); /* by number */
  char doc[65];
  snprintf(doc, sizeof doc, "%s", l->doc);
  vb_said_before_free(l);
  char upper[8];
  for (int i = 0; i < 7; i++) upper[i] = (char)(doc[i] >= 'a' && doc[i] <= 'f' ? doc[i] - 32 : doc[i]);
  upper[7] = '\0';
  assert_int_equal(vb_store_said_before(st, upper, &l, &err), 0); /* a prefix, in capitals */
  assert_string_equal(l->doc, doc);
  vb_said_before_free(l);
  assert_int_equal(vb_store_said_before(st, doc, &l, &err), 0);
  vb_said_before_free(l);
  doc[5] = '\0'; /* too short a prefix */
  assert_int_equal(vb_store_said_before(st, doc, &l, &err), VB_ENOTFOUND);
  if (test_on_postgres()) return; /* the plan below is SQLite's */
  sqlite3 *db;
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_open(DB, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN " VS_DOC_ROW_SQL, -1, &q, NULL), SQLITE_OK);
  sqlite3_bind_text(q, 1, "24f3c3ce35", -1, SQLITE_STATIC);
  int steps = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const char *detail = (const char *)sqlite3_column_text(q, 3);
    assert_null(strstr(detail, "SCAN documents"));
    steps++;
  }
  assert_true(steps > 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/* An archive made before fingerprints were kept: the filters are refused
 * with what to do, and `verbatim reindex` (vb_store_reindex) makes them. */
static void older_archive_is_fingerprinted_by_reindex(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  const char *sql = "DELETE FROM fingerprints; DELETE FROM fingerprint_blocks; UPDATE fingerprint_state SET built = 0";
  assert_int_equal(test_exec(DB, sql, sql), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(st, "imposed repeated:true", &o, &res, &err), VB_EQUERY);
  assert_non_null(strstr(err.msg, "verbatim reindex"));
  /* a search without the filters works, its hits without families */
  assert_int_equal(vb_store_search(st, "imposed", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 3);
  assert_int_equal(res->hits[0].family, 0);
  vb_results_free(res);
  vb_reindex_info info;
  assert_int_equal(vb_store_reindex(DB, NULL, NULL, &info, &err), 0);
  assert_true(info.fingerprinted >= 4); /* the four long statements at least */
  int rc;
  char before[256];
  assert_int_equal(hits("imposed repeated:true", &rc, before, sizeof before), 2);
  assert_int_equal(rc, 0);
  assert_int_equal(hits("imposed first:true", &rc, NULL, 0), 1);
  /* nothing left to do the second time */
  assert_int_equal(vb_store_reindex(DB, NULL, NULL, &info, &err), 0);
  assert_int_equal(info.fingerprinted, 0);
}

/* A watch on repeated:true alerts when a statement said before is stored,
 * not when a new one is. */
static void watches_honour_said_before(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_watch_add(st, "said-again", "imposed repeated:true", NULL, NULL, &err), 0);
  assert_int_equal(vb_watch_add(st, "said-first", "imposed first:true", NULL, NULL, &err), 0);
  static const char *const later[] = {
      "July 1, 2023 Special Dispatch No. 400\n\nOmar Tessel Again\n\nJuly 1, 2023\n\n"
      "Omar Tessel: \"The sanctions imposed on our country eleven years ago have failed to break the will of our "
      "people.\"\n",
      "July 2, 2023 Special Dispatch No. 401\n\nNew Words\n\nJuly 2, 2023\n\n"
      "Rana Idris: \"The tariffs imposed on the harbour last winter were lifted once the fishermen had "
      "protested for a month.\"\n",
  };
  for (size_t i = 0; i < 2; i++) {
    vb_doc *doc;
    int added = 0;
    char name[32];
    snprintf(name, sizeof name, "later-%zu.txt", i);
    assert_int_equal(vb_doc_parse(later[i], strlen(later[i]), name, NULL, &doc, &err), 0);
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    vb_doc_free(doc);
  }
  assert_int_equal(vb_store_flush(st, &err), 0);
  char *json = NULL;
  assert_int_equal(test_alerts_json(st, "said-again", NULL, &json, &err), 0);
  json_t *alerts = json_loads(json, 0, NULL);
  free(json);
  assert_int_equal(json_array_size(alerts), 1);
  char *text = json_dumps(alerts, 0);
  assert_non_null(strstr(text, "eleven years ago"));
  free(text);
  json_decref(alerts);
  assert_int_equal(test_alerts_json(st, "said-first", NULL, &json, &err), 0);
  alerts = json_loads(json, 0, NULL);
  free(json);
  assert_int_equal(json_array_size(alerts), 1);
  text = json_dumps(alerts, 0);
  assert_non_null(strstr(text, "tariffs"));
  free(text);
  json_decref(alerts);
}

/* A year is a date: a UN speech carries only its session's year, and the
 * earlier year is the first said. The 1974 speech's id sorts before the
 * 1973 one's, so an undated order (by document) would put 1974 first. */
static void a_year_is_a_date(void **state) {
  (void)state;
  static const char *const un[][2] = {
      {"ABC_29_1974.txt", "The waters of the river that our two nations share must be divided by treaty and not by "
                          "force of arms, as our fathers agreed.\n"},
      {"XYZ_28_1973.txt", "The waters of the river that our two nations share must be divided by treaty and not by "
                          "force of arms, as our grandfathers agreed.\n"},
  };
  char id[2][65];
  vb_err err;
  for (size_t i = 0; i < 2; i++) {
    vb_doc *doc;
    int added = 0;
    assert_int_equal(vb_doc_parse(un[i][1], strlen(un[i][1]), un[i][0], NULL, &doc, &err), 0);
    assert_non_null(vb_doc_get(doc)->meta.published.ptr); /* the year, from the file name */
    memcpy(id[i], vb_doc_get(doc)->id, sizeof id[i]);
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    vb_doc_free(doc);
  }
  assert_true(strcmp(id[0], id[1]) < 0);
  char ref[80];
  snprintf(ref, sizeof ref, "%.12s:0", id[0]);
  json_t *f = family(ref);
  json_t *first = json_object_get(f, "first_said");
  assert_string_equal(field(first, "date"), "1973");
  assert_string_equal(field(first, "number"), "28");
  assert_string_equal(field(json_object_get(f, "statement"), "relation"), "near");
  json_decref(f);
}

/* The typed result the JSON is written from: the misquote's family, its
 * changed words as slices of the two statements' texts. */
static void the_typed_result(void **state) {
  (void)state;
  vb_family *f = NULL;
  vb_err err;
  assert_int_equal(vb_store_family(st, "150:0", &f, &err), 0);
  assert_int_equal(f->nmembers, 3);
  assert_string_equal(f->statement.relation, "near");
  assert_string_equal(f->members[0].relation, "first");
  assert_int_equal(f->members[0].diffed, 0);
  assert_int_equal(f->nspeakers, 2);
  assert_int_equal(f->sources, 3);
  assert_null(f->note);
  const vb_family_member *m = &f->members[1];
  assert_true(m->jaccard > 0.5 && m->jaccard < 1.0);
  assert_int_equal(m->diffed, 1);
  size_t replaced = 0;
  for (size_t i = 0; i < m->ndiff; i++) {
    if (strcmp(m->diff[i].op, "replaced") != 0) continue;
    replaced++;
    assert_int_equal(m->diff[i].from.len, 6);
    assert_memory_equal(m->diff[i].from.ptr, "eleven", 6);
    assert_memory_equal(m->diff[i].to.ptr, "twelve", 6);
    /* the words are where the statements spell them */
    assert_true(m->diff[i].to.ptr >= m->text.ptr && m->diff[i].to.ptr < m->text.ptr + m->text.len);
  }
  assert_int_equal(replaced, 1);
  vb_family_free(f);
}

/* A made-up word of five letters anywhere in the alphabet, number n's. */
static void spread_word(char *out, unsigned n) {
  uint32_t h = (n + 1) * 2654435761u;
  for (int k = 0; k < 5; k++, h = h * 1103515245u + 12345u) out[k] = (char)('a' + (h >> 16) % 26);
  out[5] = '\0';
}

/* A look-up does not ask the index for the words most statements have:
 * beside 4,096 statements heavy with `of the` (hundreds of the index's
 * pages) and made-up words, the misquote's family is found among the few
 * statements that share its other words; asking for `of` and `the` too
 * scored every one of them (compared: the 200 a look-up reads at most). */
static void look_up_leaves_out_the_commonest_words(void **state) {
  (void)state;
  enum { N = 4096, PER_TURN = 16, WORDS = 8, REPEAT = 200 };
  char db[512];
  vb_store *s;
  assert_int_equal(fixture("test-quote-common", db, sizeof db, &s), 0);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "February 1, 2018 Special Dispatch No. 77\n\nOf The Of The\n\nFebruary 1, 2018\n\n");
  char w[8];
  for (unsigned i = 0; i < N; i++) {
    if (i % PER_TURN == 0) vb_buf_adds(&b, i ? "\"\n\nOmar Tessel: \"" : "Omar Tessel: \"");
    for (unsigned k = 0; k < WORDS; k++) {
      spread_word(w, i * WORDS + k);
      if (!k) w[0] = (char)(w[0] - 32); /* a sentence begins with a capital */
      vb_buf_printf(&b, "%s%s", k ? " " : "", w);
    }
    for (int k = 0; k < REPEAT; k++) vb_buf_adds(&b, " of the");
    vb_buf_adds(&b, ". ");
  }
  vb_buf_adds(&b, "\"\n");
  assert_false(b.failed);
  vb_doc *doc;
  vb_err err;
  int added = 0;
  assert_int_equal(vb_doc_parse(b.ptr, b.len, "of-the.txt", NULL, &doc, &err), 0);
  assert_int_equal(vb_store_put(s, doc, &added, &err), 0);
  vb_doc_free(doc);
  vb_buf_free(&b);
  assert_true(added);
  assert_int_equal(vb_store_flush(s, &err), 0);
  /* PostgreSQL's estimates are its planner's: from the table's statistics */
  assert_int_equal(test_exec(db, "SELECT 1", "ANALYZE statements"), 0);
  double the, country;
  assert_int_equal(vb_store_query_estimate(s, "the", &the, &err), 0);
  assert_int_equal(vb_store_query_estimate(s, "country", &country, &err), 0);
  if (the < 10 * country) fail_msg("`the` estimated at %g statements, `country` at %g", the, country);
  vb_family *f = NULL;
  assert_int_equal(vb_store_family(s, "150:0", &f, &err), 0);
  /* PostgreSQL's planner estimates no more rows than the table holds
   * (4,100 here), never as many as a common word is on an archive's
   * scale: there the look-up asks for every word, as before */
  if (!test_on_postgres() && f->compared > 16) fail_msg("the look-up compared %zu statements", f->compared);
  assert_int_equal(f->nmembers, 3);
  assert_string_equal(f->members[0].relation, "first");
  vb_family_free(f);
  vb_store_close(s);
}

/* The panel reads the family the archive keeps (made as its statements
 * were stored), not the statements the index finds most like the asked
 * one: beside 300 statements that share the misquote's words and say
 * something else, it compares the family's three (the index's look-alikes
 * were all 200 of its candidates, and on the UN archive that search was
 * most of the document page's time). An archive whose fingerprints are
 * not made yet still has its families found by the search. */
static void panel_reads_the_kept_family(void **state) {
  (void)state;
  char db[512];
  vb_store *s;
  assert_int_equal(fixture("test-quote-kept", db, sizeof db, &s), 0);
  static const char *const shared[] = {"sanctions", "imposed", "country", "years", "failed", "break", "will", "people"};
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "April 2, 2018 Special Dispatch No. 88\n\nOn Other Sanctions\n\nApril 2, 2018\n\nRana Idris: \"");
  char w[8];
  for (unsigned i = 0; i < 300; i++) {
    for (unsigned k = 0; k < 8; k++) {
      spread_word(w, i * 8 + k);
      if (!k) w[0] = (char)(w[0] - 32);
      /* a made-up word, then one of the misquote's, in no order of its */
      vb_buf_printf(&b, "%s%s %s", k ? " " : "", w, shared[(i + k * 3) % 8]);
    }
    vb_buf_adds(&b, ". ");
  }
  vb_buf_adds(&b, "\"\n");
  assert_false(b.failed);
  const char *one[] = {b.ptr};
  assert_int_equal(test_put_texts(s, one, 1, "shared"), 0);
  vb_buf_free(&b);
  vb_err err;
  vb_family *f = NULL;
  assert_int_equal(vb_store_family(s, "150:0", &f, &err), 0);
  assert_int_equal(f->nmembers, 3);
  assert_string_equal(f->members[0].number.ptr, "101");
  assert_string_equal(f->statement.relation, "near");
  assert_int_equal(f->compared, 3);
  vb_family_free(f);
  /* the repeat asks the same family through its founder */
  assert_int_equal(vb_store_family(s, "202:0", &f, &err), 0);
  assert_int_equal(f->nmembers, 3);
  assert_int_equal(f->compared, 3);
  vb_family_free(f);
  /* a statement alone in its family compares itself */
  assert_int_equal(vb_store_family(s, "300:0", &f, &err), 0);
  assert_int_equal(f->nmembers, 1);
  assert_int_equal(f->compared, 1);
  vb_family_free(f);
  /* fingerprints not made yet: the index is searched, and finds them */
  vb_store_close(s);
  const char *sql = "UPDATE fingerprint_state SET built = 0";
  assert_int_equal(test_exec(db, sql, sql), 0);
  assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
  assert_int_equal(vb_store_family(s, "150:0", &f, &err), 0);
  assert_int_equal(f->nmembers, 3);
  assert_true(f->compared > 3);
  vb_family_free(f);
  vb_store_close(s);
}

static void bad_references(void **state) {
  (void)state;
  vb_family *f = NULL;
  vb_err err;
  assert_int_equal(vb_store_family(st, "101", &f, &err), VB_EUSAGE);
  assert_int_equal(vb_store_family(st, "101:x", &f, &err), VB_EUSAGE);
  assert_int_equal(vb_store_family(st, ":3", &f, &err), VB_EUSAGE);
  assert_int_equal(vb_store_family(st, "101:7", &f, &err), VB_ENOTFOUND);
  assert_non_null(strstr(err.msg, "no statement 7"));
  assert_int_equal(vb_store_family(st, "999999:0", &f, &err), VB_ENOTFOUND);
  assert_null(f);
}

/* `verbatim quote` prints the timeline and the changed words. */
static void command_line(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char cmd[1024], out[8192];
  snprintf(cmd, sizeof cmd, "%s/verbatim quote --db '%s' 150:0 2>&1; echo status $?", build, DB);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = '\0';
  pclose(p);
  assert_non_null(strstr(out, "first said 2019-03-14 by Omar Tessel: Special Dispatch 101"));
  assert_non_null(strstr(out, "1 repeat(s), 1 variant(s), 3 source(s)"));
  assert_non_null(strstr(out, "replaced \"eleven\" -> \"twelve\""));
  assert_non_null(strstr(out, "* 2020-05-05  near"));
  assert_non_null(strstr(out, "status 0"));
  snprintf(cmd, sizeof cmd, "%s/verbatim quote --db '%s' nonsense 2>&1; echo status $?", build, DB);
  p = popen(cmd, "r");
  assert_non_null(p);
  n = fread(out, 1, sizeof out - 1, p);
  out[n] = '\0';
  pclose(p);
  assert_non_null(strstr(out, "a statement is DOC:N"));
  assert_non_null(strstr(out, "status 2"));
}

/* A made-up word of letters only, distinct for each n. */
static void made_word(char *out, unsigned n) {
  char *o = out;
  *o++ = 'z';
  *o++ = 'o';
  for (int k = 0; k < 4; k++, n /= 26) *o++ = (char)('a' + n % 26);
  *o = '\0';
}

typedef struct id_list {
  int64_t *v;
  size_t n;
} id_list;

static int id_row(void *ctx, vs_sql *q) {
  id_list *ids = ctx;
  if (ids->n < 4096) ids->v[ids->n++] = vs_col_int(q, 0);
  return VB_OK;
}

/* Pages a fresh connection to db read for fn(ctx, its store) (SQLite's
 * cache misses: each page read once). */
static int misses_of(const char *db, void (*fn)(void *ctx, vb_store *s), void *ctx) {
  vb_store *s;
  vb_err err;
  assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
  sqlite3 *h = ((sq *)s->impl)->db;
  int miss = 0, high = 0;
  sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &high, 1);
  fn(ctx, s);
  sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &high, 0);
  vb_store_close(s);
  return miss;
}

typedef struct infos_run {
  int64_t ids[4096];
  size_t n, in_families;
} infos_run;

static void infos_of_every_statement(void *ctx, vb_store *s) {
  infos_run *r = ctx;
  vb_err err;
  vs_db d = {s->ops->sql, s->impl};
  vb_arena *a = vb_arena_new(1 << 20);
  vs_fam_info *fi = calloc(r->n, sizeof *fi);
  assert_non_null(a);
  assert_non_null(fi);
  assert_int_equal(vs_family_infos(d, r->ids, r->n, a, fi, &err), 0);
  r->in_families = 0;
  for (size_t i = 0; i < r->n; i++) r->in_families += fi[i].size == 3;
  free(fi);
  vb_arena_free(a);
}

static void every_fingerprint_row(void *ctx, vb_store *s) {
  (void)ctx;
  int64_t bytes = 0;
  vb_err err;
  vs_db d = {s->ops->sql, s->impl};
  assert_int_equal(vs_sql_int(d, "SELECT sum(length(bands) + coalesce(length(pairs), 0)) FROM fingerprints", &bytes, &err),
                   0);
  /* the blocks' contents read (hex: a blob's length alone is in its row's header) */
  assert_int_equal(vs_sql_int(d, "SELECT sum(length(hex(prints))) FROM fingerprint_blocks", &bytes, &err), 0);
  assert_true(bytes > 0);
}

/* A page of hits has its quote families asked of the two indexes of
 * members (store.h): a hit alone in its family, nearly every hit, has
 * its fingerprint row (band keys and word pairs) left unread. Each was
 * read before: a page of 16 KB for most hits of a connection's first
 * searches. 3,000 statements said once beside the family of three, every
 * statement's family asked on a fresh connection, against the table's
 * own pages: 9 pages, where reading each row read 49 (the table is
 * 43). Since blocks a statement alone in its family has no row to read,
 * and the fingerprints read whole are its document's block. SQLite. */
static void hits_families_asked_of_the_member_indexes(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  char db[512];
  vb_store *s;
  assert_int_equal(fixture("test-quote-alone", db, sizeof db, &s), 0);
  vb_buf text;
  vb_buf_init(&text, 0);
  vb_buf_adds(&text, "August 4, 2023 Special Dispatch No. 501\n\nThe Made Words\n\nAugust 4, 2023\n\nLina Farouk: \"");
  char w[8];
  for (unsigned i = 0; i < 3000; i++) {
    vb_buf_adds(&text, "The harbour");
    for (unsigned k = 0; k < 30; k++) {
      made_word(w, i * 31 + k);
      vb_buf_printf(&text, " %s", w);
    }
    vb_buf_adds(&text, " stood. ");
  }
  vb_buf_adds(&text, "\"\n");
  assert_false(text.failed);
  const char *one[] = {text.ptr};
  assert_int_equal(test_put_texts(s, one, 1, "made"), 0);
  vb_buf_free(&text);
  infos_run *r = calloc(1, sizeof *r);
  assert_non_null(r);
  id_list ids = {r->ids, 0};
  vb_err err;
  vs_db d = {s->ops->sql, s->impl};
  assert_int_equal(vs_sql_rows(d, "SELECT id FROM statements ORDER BY id", 0, id_row, &ids, &err), 0);
  vb_store_close(s);
  r->n = ids.n;
  assert_true(r->n > 3000);
  int asked = misses_of(db, infos_of_every_statement, r);
  assert_int_equal(r->in_families, 3);
  int rows = misses_of(db, every_fingerprint_row, NULL);
  if (asked * 2 > rows) fail_msg("the families of %zu statements read %d pages, the table itself %d", r->n, asked, rows);
  /* an archive from before the index has it made when opened */
  assert_int_equal(test_exec(db, "DROP INDEX fingerprints_members", NULL), 0);
  r->in_families = 0;
  assert_true(misses_of(db, infos_of_every_statement, r) * 2 <= rows);
  assert_int_equal(r->in_families, 3);
  free(r);
}

/* Enough statements that the storing connection's band table grows past
 * the size it takes huge pages for (8,192 statements of 12 words: 131,072
 * band keys, 2 MB): a repeat of the first and of the last still joins its family.
 * A connection that reads them afterwards makes its table at their size
 * at once: it holds them all and never doubled. */
static void families_survive_a_grown_band_table(void **state) {
  (void)state;
  enum { N = 8192, PER_TURN = 16, WORDS = 12 };
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "February 1, 2018 Special Dispatch No. 77\n\nMany Made Up Words\n\nFebruary 1, 2018\n\n");
  char w[8];
  for (unsigned i = 0; i < N; i++) {
    if (i % PER_TURN == 0) vb_buf_adds(&b, i ? "\"\n\nOmar Tessel: \"" : "Omar Tessel: \"");
    for (unsigned k = 0; k < WORDS; k++) {
      made_word(w, i * WORDS + k);
      if (!k) w[0] = 'Z'; /* a sentence begins with a capital */
      vb_buf_printf(&b, "%s%s", k ? " " : "", w);
    }
    vb_buf_adds(&b, ". ");
  }
  vb_buf_adds(&b, "\"\n");
  char first[128] = "", last[128] = "";
  for (unsigned k = 0; k < WORDS; k++) {
    made_word(w, k);
    snprintf(first + strlen(first), sizeof first - strlen(first), "%s%s", k ? " " : "", w);
    made_word(w, (N - 1) * WORDS + k);
    snprintf(last + strlen(last), sizeof last - strlen(last), "%s%s", k ? " " : "", w);
  }
  char again[512];
  snprintf(again, sizeof again,
           "March 3, 2018 Special Dispatch No. 78\n\nThe Same Words Again\n\nMarch 3, 2018\n\n"
           "Sami Khalil: \"%c%s. %c%s.\"\n",
           first[0] - 32, first + 1, last[0] - 32, last + 1);
  assert_false(b.failed);
  const char *text[2] = {b.ptr, again};
  for (int i = 0; i < 2; i++) {
    vb_doc *doc;
    vb_err err;
    int added = 0;
    assert_int_equal(vb_doc_parse(text[i], strlen(text[i]), i ? "again.txt" : "many.txt", NULL, &doc, &err), 0);
    assert_int_equal(vb_store_put(st, doc, &added, &err), 0);
    vb_doc_free(doc);
    assert_true(added);
  }
  vb_buf_free(&b);
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  const char *ask[2] = {first, last};
  for (int i = 0; i < 2; i++) {
    char q[128];
    snprintf(q, sizeof q, "\"%s\" repeated:true", ask[i]);
    vb_results *res = NULL;
    vb_search_opts o = {.limit = 10};
    assert_int_equal(vb_store_search(st, q, &o, &res, &err), 0);
    assert_int_equal(res->nhits, 1); /* the repeat: said before */
    assert_int_equal(res->hits[0].family, 2);
    assert_memory_equal(res->hits[0].first_said.ptr, "2018-02-01", 10);
    vb_results_free(res);
  }
  vs_db db = {st->ops->sql, st->impl};
  vs_fams *f = NULL;
  int64_t fam;
  int rel;
  assert_int_equal(vs_family_lookup(db, &f, first, strlen(first), "en", &fam, &rel, &err), 0);
  size_t keys, slots;
  unsigned grew;
  vs_fams_table(f, &keys, &slots, &grew);
  vs_fams_free(f);
  if (keys < (size_t)N * VB_FAM_BANDS /* a statement's keys */ || grew || keys * 4 > slots * 3)
    fail_msg("a connection's band table: %zu keys in %zu slots, doubled %u times", keys, slots, grew);
}

/* A bulk ingest that says how many bytes it brings (vb_store_expect, as
 * `verbatim ingest` does with its files' sizes) has its connection's band
 * table made at their size once: 8,192 statements' keys (16 each, more
 * than three quarters of the 65,536 slots a table starts with) stored
 * into a new archive without the table doubling, where the same document
 * without the hint doubles it. SQLite (PostgreSQL takes no hint). */
static void a_bulk_ingest_makes_its_band_table_at_its_size(void **state) {
  (void)state;
  if (test_on_postgres()) skip();
  enum { N = 8192, PER_TURN = 16, WORDS = 12 };
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "April 2, 2018 Special Dispatch No. 79\n\nMany Words Foretold\n\nApril 2, 2018\n\n");
  char w[8];
  for (unsigned i = 0; i < N; i++) {
    if (i % PER_TURN == 0) vb_buf_adds(&b, i ? "\"\n\nOmar Tessel: \"" : "Omar Tessel: \"");
    for (unsigned k = 0; k < WORDS; k++) {
      made_word(w, i * WORDS + k);
      if (!k) w[0] = 'Z';
      vb_buf_printf(&b, "%s%s", k ? " " : "", w);
    }
    vb_buf_adds(&b, ". ");
  }
  vb_buf_adds(&b, "\"\n");
  assert_false(b.failed);
  unsigned grew[2];
  size_t keys[2];
  for (int hint = 0; hint < 2; hint++) {
    char db[512];
    vb_store *s;
    vb_err err;
    vb_doc *doc;
    int added = 0;
    assert_int_equal(test_archive(hint ? "test-quote-expect" : "test-quote-unforetold", db, sizeof db), 0);
    assert_int_equal(vb_store_open(db, 1, &s, &err), 0);
    /* the bytes that many keys stand for in plain text (families.c) */
    if (hint) vb_store_expect(s, (int64_t)N * 16 * 10);
    assert_int_equal(vb_doc_parse(b.ptr, b.len, "foretold.txt", NULL, &doc, &err), 0);
    assert_int_equal(vb_store_put(s, doc, &added, &err), 0);
    vb_doc_free(doc);
    assert_true(added);
    size_t slots;
    vs_fams_table(vs_writes_fams(((sq *)s->impl)->writes), &keys[hint], &slots, &grew[hint]);
    vb_store_close(s);
  }
  vb_buf_free(&b);
  if (keys[0] < (size_t)N * 16 || keys[1] < (size_t)N * 16 || !grew[0] || grew[1])
    fail_msg("%zu keys doubled the table %u times without the hint, %zu keys %u times with it", keys[0], grew[0],
             keys[1], grew[1]);
}

/* The words of statement i of families_survive_a_grown_band_table's
 * document, as it wrote them. */
static void made_statement(char *out, size_t cap, unsigned i) {
  char w[8];
  out[0] = '\0';
  for (unsigned k = 0; k < 12; k++) {
    made_word(w, i * 12 + k);
    snprintf(out + strlen(out), cap - strlen(out), "%s%s", k ? " " : "", w);
  }
}

/* A fresh connection's family of statement i's words: the family, the
 * rows its band table read, and whether it began from the table's file. */
static int64_t fresh_family(unsigned i, size_t *rows, int *from_file) {
  char words[128];
  made_statement(words, sizeof words, i);
  vs_db db = {st->ops->sql, st->impl};
  vs_fams *f = NULL;
  int64_t fam = 0;
  int rel;
  vb_err err;
  assert_int_equal(vs_family_lookup(db, &f, words, strlen(words), "en", &fam, &rel, &err), 0);
  vs_fams_loaded(f, rows, from_file);
  vs_fams_free(f);
  assert_int_not_equal(rel, 0);
  return fam;
}

/* A small ingest into a large archive reads the rows stored since the
 * band table's file was written, not every row (SQLite: ARCHIVE-bands;
 * PostgreSQL keeps no file and reads them all), and finds the families
 * a table made from every row finds. A deleted fingerprint, or another
 * archive at the same path, makes the file stale: it is made again. */
static void a_small_ingest_reads_the_rows_since_the_band_file(void **state) {
  (void)state;
  vb_err err;
  assert_int_equal(vb_store_flush(st, &err), 0);
  char file[600];
  snprintf(file, sizeof file, "%s-bands", DB);
  unlink(file);
  size_t all, rows;
  int from_file;
  int64_t fam0 = fresh_family(0, &all, &from_file), fam1;
  assert_false(from_file);
  assert_true(all >= 8192);
  if (test_on_postgres()) {
    assert_int_not_equal(access(file, F_OK), 0);
    return;
  }
  assert_int_equal(access(file, F_OK), 0); /* written: it read many rows */
  /* a repeat of statement 1 stored by another connection */
  char words[128], text[512];
  made_statement(words, sizeof words, 1);
  snprintf(text, sizeof text,
           "April 4, 2018 Special Dispatch No. 79\n\nOnce More\n\nApril 4, 2018\n\nSami Khalil: \"%c%s.\"\n",
           words[0] - 32, words + 1);
  vb_store *s2;
  vb_doc *doc;
  int added = 0;
  assert_int_equal(vb_store_open(DB, 1, &s2, &err), 0);
  assert_int_equal(vb_doc_parse(text, strlen(text), "once-more.txt", NULL, &doc, &err), 0);
  assert_int_equal(vb_store_put(s2, doc, &added, &err), 0);
  assert_int_equal(vb_store_flush(s2, &err), 0);
  vb_doc_free(doc);
  vb_store_close(s2);
  assert_true(added);
  int64_t fam_file = fresh_family(0, &rows, &from_file);
  assert_true(from_file);
  assert_int_equal(fam_file, fam0);
  if (rows > 4) fail_msg("a fresh connection read %zu fingerprint rows, of %zu, beside its file", rows, all);
  fam1 = fresh_family(1, &rows, &from_file);
  assert_true(from_file);
  /* a deleted block: the file is stale, the table made from every row */
  const char *del = "DELETE FROM fingerprint_blocks WHERE first_id = (SELECT max(first_id) FROM fingerprint_blocks)";
  assert_int_equal(test_exec(DB, del, del), 0);
  assert_int_equal(fresh_family(1, &rows, &from_file), fam1);
  assert_false(from_file);
  assert_true(rows >= 8192);
  assert_int_equal(fresh_family(1, &rows, &from_file), fam1); /* the file made again */
  assert_true(from_file);
  /* another archive at the same path */
  const char *other = "UPDATE " VS_BAND_STAMP " SET archive = archive + 1";
  assert_int_equal(test_exec(DB, other, other), 0);
  fresh_family(1, &rows, &from_file);
  assert_false(from_file);
  /* a damaged file (every slot taken, none of them a statement's) is
   * mapped: its probes end, and it finds nothing rather than hang */
  FILE *fp = fopen(file, "r+b");
  assert_non_null(fp);
  assert_int_equal(fseek(fp, 0, SEEK_END), 0);
  long size = ftell(fp);
  assert_true(size > 4096);
  assert_int_equal(fseek(fp, 4096, SEEK_SET), 0);
  for (long k = 4096; k < size; k++) fputc(0xAB, fp);
  assert_int_equal(fclose(fp), 0);
  made_statement(words, sizeof words, 1);
  vs_db db = {st->ops->sql, st->impl};
  vs_fams *f = NULL;
  int64_t fam;
  int rel;
  assert_int_equal(vs_family_lookup(db, &f, words, strlen(words), "en", &fam, &rel, &err), 0);
  vs_fams_loaded(f, &rows, &from_file);
  vs_fams_free(f);
  assert_true(from_file);
  assert_int_equal(rel, 0);
  unlink(file);
}

/* The original's words looked up by connection s's families (f, made
 * when NULL): the family and how it joins. */
static int64_t looked_up(vb_store *s, vs_fams **f, int *rel) {
  static const char words[] =
      "The sanctions imposed on our country eleven years ago have failed to break the will of our people.";
  vb_err err;
  int64_t fam = 0;
  vs_db d = {s->ops->sql, s->impl};
  assert_int_equal(vs_family_lookup(d, f, words, strlen(words), "en", &fam, rel, &err), 0);
  return fam;
}

/* A connection knows the rows it read (or stored) by statement id: a
 * candidate among them is not read back from the archive one row at a
 * time (at the UN corpus's size those reads were 677,349 of a table
 * several times the page cache). A row deleted by another connection
 * since is not taken from memory: the archive counts deletions (the band
 * table's stamp), and a count moved makes the connection read them again.
 * SQLite: PostgreSQL reads a document's candidates in one query. */
static void rows_read_once_are_known_until_one_is_deleted(void **state) {
  (void)state;
  char db[512];
  vb_store *s;
  vb_err err;
  assert_int_equal(fixture("test-quote-known", db, sizeof db, NULL), 0);
  assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
  vs_fams *f = NULL;
  int rel;
  int64_t fam = looked_up(s, &f, &rel);
  size_t rows, pairs;
  vs_fams_reads(f, &rows, &pairs);
  assert_int_equal(rel, 1); /* an exact repeat of the original */
  assert_true(fam > 0);
  if (!test_on_postgres() && rows) fail_msg("%zu candidates' rows read back, all of them read already", rows);
  char del[512];
  snprintf(del, sizeof del,
           "DELETE FROM fingerprint_blocks WHERE doc_id IN (SELECT s.doc_id FROM statements s WHERE s.id = %lld OR s.id IN"
           " (SELECT statement_id FROM fingerprints WHERE family = %lld)); DELETE FROM fingerprints WHERE family = %lld",
           (long long)fam, (long long)fam, (long long)fam);
  assert_int_equal(test_exec(db, del, del), 0); /* by a connection of its own */
  int64_t after = looked_up(s, &f, &rel);
  vs_fams_free(f);
  vb_store_close(s);
  if (rel) fail_msg("joined family %lld (relation %d), whose every row was deleted", (long long)after, rel);
}

/* A founder's word pairs read once (to verify a near statement against
 * it) are kept with its row known: a second near statement is verified
 * without reading them again, however many statements came between (the
 * recent-statements cache held the last 65,536; at the UN corpus's size
 * 372,506 founders' pairs were read back). SQLite, as above. */
static void founders_pairs_read_once_are_kept(void **state) {
  (void)state;
  static const char near[] =
      "The sanctions imposed on our country thirteen years ago have failed to break the will of our people.";
  char db[512];
  vb_store *s;
  vb_err err;
  assert_int_equal(fixture("test-quote-known-pairs", db, sizeof db, NULL), 0);
  assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
  vs_db d = {s->ops->sql, s->impl};
  vs_fams *f = NULL;
  size_t rows, pairs[2];
  for (int i = 0; i < 2; i++) {
    int64_t fam;
    int rel;
    assert_int_equal(vs_family_lookup(d, &f, near, strlen(near), "en", &fam, &rel, &err), 0);
    assert_int_equal(rel, 2); /* near the original */
    vs_fams_reads(f, &rows, &pairs[i]);
  }
  vs_fams_free(f);
  vb_store_close(s);
  if (!test_on_postgres() && pairs[1] != pairs[0])
    fail_msg("the founder's pairs read %zu times, then %zu", pairs[0], pairs[1]);
  assert_true(pairs[0] <= 1);
}

/* Gives every row of archive db that keeps no band keys (a founder's on
 * SQLite: made again from its word pairs) its keys, as rows were written
 * before: an older archive made from this one's rows (a row for every
 * statement, as before blocks). */
static void keys_into_every_row(const char *db) {
  vb_store *s;
  vb_err err;
  rows_from_blocks(db);
  assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
  vs_db d = {s->ops->sql, s->impl};
  vs_sql *q = NULL, *u = NULL;
  assert_int_equal(vs_sql_prepare(d, "SELECT statement_id, pairs FROM fingerprints WHERE length(bands) = 0", &q, &err), 0);
  assert_int_equal(vs_sql_prepare(d, "UPDATE fingerprints SET bands = ?2 WHERE statement_id = ?1", &u, &err), 0);
  int64_t ids[64];
  unsigned char bands[64][4 * VB_FAM_BANDS];
  int nkeys[64];
  size_t n = 0;
  while (vs_next(q, &err) > 0 && n < 64) {
    size_t len;
    const unsigned char *p = vs_col_blob(q, 1, &len);
    uint32_t sh[256], band[VB_FAM_BANDS];
    size_t k = len / 4 < 256 ? len / 4 : 256;
    for (size_t i = 0; i < k; i++)
      sh[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
    vb_fam_bands(sh, k, band);
    ids[n] = vs_col_int(q, 0);
    nkeys[n] = vb_fam_near_possible(k) ? VB_FAM_BANDS : 1;
    vs_bands_encode(band, nkeys[n], bands[n]);
    n++;
  }
  vs_finalize(q);
  for (size_t i = 0; i < n; i++) {
    vs_bind_int(u, 1, ids[i]);
    vs_bind_blob(u, 2, bands[i], 4 * (size_t)nkeys[i]);
    assert_int_equal(vs_sql_write(u, &err), 0);
  }
  vs_finalize(u);
  vb_store_close(s);
}

/* The old layout's band column b<j>: bytes 4j … 4j+3 of the bands blob
 * read back as a big-endian number, in each backend's SQL. */
static void band_column(vb_buf *b, int j) {
  for (int k = 0; k < 4; k++) {
    int at = 4 * j + k;
    if (test_on_postgres()) {
      vb_buf_printf(b, "%s(CASE WHEN length(bands) > %d THEN get_byte(bands, %d) ELSE 0 END)::bigint * %d", k ? " + " : "(",
                    at, at, 1 << (8 * (3 - k)));
    } else {
      vb_buf_adds(b, k ? " + (instr(X'" : "((instr(X'");
      for (int c = 0; c < 256; c++) vb_buf_printf(b, "%02X", c);
      vb_buf_printf(b, "', substr(bands, %d, 1)) - 1) * %d", at + 1, 1 << (8 * (3 - k)));
    }
  }
  vb_buf_printf(b, ") AS b%d", j);
}

/* The original said again (said_again), stored by s into an archive
 * holding docs: it joins the family, four now, first said in 2019. */
static void said_again_joins(vb_store *s) {
  vb_err err;
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  const char *const again[] = {said_again};
  assert_int_equal(test_put_texts(s, again, 1, "later"), 0);
  assert_int_equal(vb_store_search(s, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 3);
  for (size_t i = 0; i < res->nhits; i++) {
    assert_int_equal(res->hits[i].family, 4);
    assert_memory_equal(res->hits[i].first_said.ptr, "2019-03-14", 10);
  }
  vb_results_free(res);
}

/* An archive whose fingerprints kept their 16 band keys in columns b0 …
 * b15 (before they were one blob) is moved to the blob when opened: the
 * same families, and a repeat stored afterwards still finds its family
 * through the keys read back from the moved rows. */
static void band_columns_of_an_older_archive_become_one_blob(void **state) {
  (void)state;
  char db[512];
  vb_err err;
  vb_store *s2;
  assert_int_equal(fixture("test-quote-bands", db, sizeof db, NULL), 0);
  keys_into_every_row(db);
  /* the older layout, made from the rows as they are */
  int pg = test_on_postgres();
  const char *id = pg ? "bigint" : "INTEGER", *small = pg ? "smallint" : "INTEGER";
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "CREATE TABLE fp_old AS SELECT statement_id, family, rel, ord, exact");
  for (int j = 0; j < 16; j++) {
    vb_buf_adds(&b, ", ");
    band_column(&b, j);
  }
  vb_buf_printf(&b,
                " FROM fingerprints; DROP TABLE fingerprints; CREATE TABLE fingerprints(statement_id %s PRIMARY KEY"
                " REFERENCES statements(id) ON DELETE CASCADE, family %s NOT NULL, rel %s NOT NULL, ord integer NOT"
                " NULL, exact %s NOT NULL",
                id, id, small, id);
  for (int j = 0; j < 16; j++) vb_buf_printf(&b, ", b%d %s NOT NULL", j, id);
  vb_buf_adds(&b, "); INSERT INTO fingerprints SELECT * FROM fp_old; DROP TABLE fp_old;"
                  " CREATE INDEX fingerprints_family ON fingerprints(family, ord, statement_id)");
  assert_false(b.failed);
  assert_int_equal(test_exec(db, b.ptr, b.ptr), 0);
  vb_buf_free(&b);
  const char *has_bands = "UPDATE fingerprints SET bands = bands WHERE statement_id < 0";
  assert_int_not_equal(test_exec(db, has_bands, has_bands), 0);
  /* opened: moved */
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  assert_int_equal(test_exec(db, has_bands, has_bands), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 2);
  vb_results_free(res);
  said_again_joins(s2);
  vb_store_close(s2);
}

/* An archive from before fingerprint blocks (a row for every statement,
 * its keys and pairs in it, no blocks) keeps its families as they are,
 * and a repeat stored into it finds its family through the keys and
 * pairs read from those rows; the repeat's own fingerprint goes in a
 * block, its row beside the family's. */
static int64_t families_amiss(vb_store *s);

static void an_archive_from_before_blocks_keeps_its_families(void **state) {
  (void)state;
  char db[512];
  vb_err err;
  vb_store *s2;
  assert_int_equal(fixture("test-quote-unblocked", db, sizeof db, NULL), 0);
  rows_from_blocks(db);
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  vs_db d = {s2->ops->sql, s2->impl};
  int64_t n = -1;
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprint_blocks", &n, &err), 0);
  assert_int_equal(n, 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 2);
  vb_results_free(res);
  said_again_joins(s2);
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprint_blocks", &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(families_amiss(s2), 0);
  vb_store_close(s2);
}

/* An archive whose band keys an older MinHash made (scheme 1, before
 * fingerprint_state said which): its families are read as they are, a
 * statement stored meanwhile meets no older one by its keys, and
 * `verbatim reindex` makes every fingerprint and family again. */
static void an_older_minhash_is_made_again_by_reindex(void **state) {
  (void)state;
  char db[512];
  vb_err err;
  vb_store *s2;
  assert_int_equal(fixture("test-quote-scheme", db, sizeof db, NULL), 0);
  keys_into_every_row(db);
  /* keys no current statement can meet, and no scheme recorded */
  const char *lite = "UPDATE fingerprints SET bands = zeroblob(length(bands));"
                     " ALTER TABLE fingerprint_state DROP COLUMN scheme";
  const char *post = "UPDATE fingerprints SET bands = decode(repeat('00', length(bands)), 'hex');"
                     " ALTER TABLE fingerprint_state DROP COLUMN scheme";
  assert_int_equal(test_exec(db, lite, post), 0);
  const char *old = "UPDATE fingerprint_state SET built = built WHERE scheme = 1";
  assert_int_not_equal(test_exec(db, old, old), 0); /* no column yet */
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 2); /* read as they are */
  vb_results_free(res);
  const char *const again[] = {said_again};
  assert_int_equal(test_put_texts(s2, again, 1, "later"), 0);
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 2); /* the repeat met nothing */
  vb_results_free(res);
  vb_store_close(s2);
  vb_reindex_info info;
  assert_int_equal(vb_store_reindex(db, NULL, NULL, &info, &err), 0);
  assert_true(info.fingerprinted >= 5);
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 3);
  for (size_t i = 0; i < res->nhits; i++) {
    assert_int_equal(res->hits[i].family, 4);
    assert_memory_equal(res->hits[i].first_said.ptr, "2019-03-14", 10);
  }
  vb_results_free(res);
  vb_store_close(s2);
  const char *now = "UPDATE fingerprint_state SET built = built WHERE scheme = 1";
  assert_int_equal(test_exec(db, now, now), 0);
  /* current: nothing to do the second time */
  assert_int_equal(vb_store_reindex(db, NULL, NULL, &info, &err), 0);
  assert_int_equal(info.fingerprinted, 0);
}

/* The misquote stored into an archive holding the original alone (db,
 * opened anew: nothing of it cached): it joins the original's family. */
static void misquote_joins(const char *db) {
  vb_store *s2;
  vb_err err;
  const char *const misquote[] = {docs[2]};
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  assert_int_equal(test_put_texts(s2, misquote, 1, "misquote"), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s2, "twelve repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].family, 2);
  assert_memory_equal(res->hits[0].first_said.ptr, "2019-03-14", 10);
  vb_results_free(res);
  vb_store_close(s2);
}

/* An archive holding the original (docs[3]) alone, closed. */
static void original_alone(const char *name, char *db, size_t cap) {
  vb_store *s2;
  vb_err err;
  const char *const original[] = {docs[3]};
  assert_int_equal(test_archive(name, db, cap), 0);
  assert_int_equal(vb_store_open(db, 1, &s2, &err), 0);
  assert_int_equal(test_put_texts(s2, original, 1, "original"), 0);
  vb_store_close(s2);
}

/* Entries of the blocks: founders (word pairs kept), those of them that
 * keep no keys, members (no pairs) and those of them that keep no keys. */
typedef struct entry_kinds {
  int64_t founders, keyless, members, members_keyless;
} entry_kinds;

static void entry_kind(void *ctx, const test_entry *e) {
  entry_kinds *k = ctx;
  if (e->npairs > 0) {
    k->founders++;
    k->keyless += !e->nkeys;
  } else if (e->npairs < 0) {
    k->members++;
    k->members_keyless += !e->nkeys;
  }
}

/* A founder's entry on SQLite keeps its word pairs, not its band keys (64
 * bytes): a connection that reads the blocks makes the keys again from
 * the pairs, the same keys, so the misquote stored by a new connection
 * into an archive holding the original alone still finds it. A member's
 * entry keeps its keys (it has no pairs); PostgreSQL, which reads every
 * statement's keys on each new connection, keeps them all. Alone in its
 * family, the original has no row of its own: only its entry. */
static void founders_keys_are_made_again_from_their_pairs(void **state) {
  (void)state;
  char db[512];
  vb_err err;
  vb_store *s2;
  original_alone("test-quote-keys", db, sizeof db);
  int pg = test_on_postgres();
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  vs_db d = {s2->ops->sql, s2->impl};
  int64_t n = -1;
  entry_kinds k = {0};
  each_entry(d, 0, entry_kind, &k);
  /* (a founder whose words are all a name's has no pairs: it keeps its key) */
  assert_true(k.founders > 0);
  assert_int_equal(k.keyless, pg ? 0 : k.founders);
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprints", &n, &err), 0);
  assert_int_equal(n, 0);
  vb_store_close(s2);
  misquote_joins(db);
  original_alone("test-quote-keys", db, sizeof db);
  const char *const again[] = {said_again};
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  assert_int_equal(test_put_texts(s2, again, 1, "later"), 0);
  d = (vs_db){s2->ops->sql, s2->impl};
  memset(&k, 0, sizeof k);
  each_entry(d, 0, entry_kind, &k);
  assert_int_equal(k.members, 1);
  assert_int_equal(k.members_keyless, 0); /* the repeat, a member, keeps its keys */
  /* and the member has its row, and the original (its founder) its own */
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprints WHERE family <> statement_id", &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprints WHERE family = statement_id AND rel = 0 AND"
                                 " statement_id = (SELECT family FROM fingerprints WHERE family <> statement_id)",
                              &n, &err),
                   0);
  assert_int_equal(n, 1);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  vb_results_free(res);
  vb_store_close(s2);
}

/* A founder's word pairs are kept in its row: a later near repeat is
 * verified against them, not against its text cut from its document's
 * whole body and analysed again. The body's words changed behind
 * verbatim's back, the misquote still joins: nothing read the body. */
static void founders_word_pairs_are_kept_in_their_row(void **state) {
  (void)state;
  char db[512];
  original_alone("test-quote-pairs", db, sizeof db);
  const char *scramble = "UPDATE documents SET body = replace(replace(body, 'e', 'q'), 'a', 'z')";
  assert_int_equal(test_exec(db, scramble, scramble), 0);
  misquote_joins(db);
}

/* An archive from before the pairs column gets it when opened, and its
 * founders' texts are read instead: the same family. */
static void founders_stored_before_their_pairs_are_read_from_text(void **state) {
  (void)state;
  char db[512];
  original_alone("test-quote-nopairs", db, sizeof db);
  keys_into_every_row(db); /* as rows were before their keys were left to their pairs */
  const char *drop = "ALTER TABLE fingerprints DROP COLUMN pairs";
  assert_int_equal(test_exec(db, drop, drop), 0);
  const char *has = "UPDATE fingerprints SET pairs = pairs WHERE statement_id < 0";
  assert_int_not_equal(test_exec(db, has, has), 0);
  misquote_joins(db);
  assert_int_equal(test_exec(db, has, has), 0);
}

/* The archive db holds docs' family of three (the original, the misquote,
 * the exact repeat), first said in 2019: two repeated, one first. */
static void sanctions_family_of_three(const char *db) {
  vb_store *s2;
  vb_err err;
  assert_int_equal(vb_store_open(db, 0, &s2, &err), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s2, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 2);
  for (size_t i = 0; i < res->nhits; i++) {
    assert_int_equal(res->hits[i].family, 3);
    assert_memory_equal(res->hits[i].first_said.ptr, "2019-03-14", 10);
  }
  vb_results_free(res);
  assert_int_equal(vb_store_search(s2, "imposed first:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].family, 3);
  vb_results_free(res);
  vb_store_close(s2);
}

/* The family index holds a family's members only (a founder is found by
 * its primary key): SQLite cannot read every row through it (no plan
 * reads `family > 0` from it), but can the members, asked as every family
 * query asks (store.h, VS_FAMILY_MEMBER);
 * PostgreSQL's index has a condition. */
static int family_index_of_members(const char *db) {
  if (test_on_postgres())
    return test_exec(db, NULL,
                     "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid ="
                     " to_regclass('fingerprints_family') AND indpred IS NOT NULL) THEN"
                     " RAISE EXCEPTION 'every row in the family index'; END IF; END$$") == 0;
  return test_exec(db, "SELECT count(*) FROM fingerprints INDEXED BY fingerprints_family"
                       " WHERE family > 0 AND fingerprints.family <> fingerprints.statement_id", NULL) == 0 &&
         test_exec(db, "SELECT count(*) FROM fingerprints INDEXED BY fingerprints_family WHERE family > 0", NULL) != 0;
}

/* A new archive indexes the members only, and one whose index held every
 * row (made before) has it made again when opened; its families read the
 * same either way: the founder (stored first, dated later) by its key,
 * the original (dated first) through the index. */
static void family_index_holds_the_members_only(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(fixture("test-quote-members", db, sizeof db, NULL), 0);
  assert_true(family_index_of_members(db));
  const char *every = "DROP INDEX fingerprints_family;"
                      " CREATE INDEX fingerprints_family ON fingerprints(family, ord, statement_id)";
  assert_int_equal(test_exec(db, every, every), 0);
  assert_false(family_index_of_members(db));
  sanctions_family_of_three(db); /* opened: the index made again */
  assert_true(family_index_of_members(db));
}

/* Fingerprint rows amiss, on the connection s: a family named after a
 * statement that has no row (gone, or too short for a family: these
 * tests reparse no family's founder away; a founder gets its row with its
 * first member), or a statement that founds its family and is yet said to
 * repeat one. */
static int64_t families_amiss(vb_store *s) {
  int64_t n = -1;
  vb_err err;
  vs_db db = {s->ops->sql, s->impl};
  assert_int_equal(vs_sql_int(db,
                              "SELECT count(*) FROM fingerprints f WHERE NOT EXISTS (SELECT 1 FROM fingerprints g"
                              " WHERE g.statement_id = f.family) OR (f.family = f.statement_id AND f.rel <> 0)",
                              &n, &err),
                   0);
  return n;
}

/* A trigger that refuses every fingerprint row (a write that fails),
 * made behind verbatim's back; dropped as "DROP TRIGGER refuse". */
#define REFUSE_PRINTS_SQLITE \
  "CREATE TRIGGER refuse BEFORE INSERT ON fingerprint_blocks BEGIN SELECT raise(ABORT, 'refused'); END"
#define REFUSE_PRINTS_PG                                                                                             \
  "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'refused'; END$$;" \
  " CREATE TRIGGER refuse BEFORE INSERT ON fingerprint_blocks FOR EACH ROW EXECUTE FUNCTION refuse()"

/* The empty archive db, open, with the original (docs[3]) stored by the
 * parser before today's: a reparse parses it again. */
static vb_store *original_by_an_older_parser(const char *db) {
  vb_store *s;
  vb_doc *doc;
  vb_err err;
  int added = 0;
  assert_int_equal(vb_store_open(db, 1, &s, &err), 0);
  assert_int_equal(vb_doc_parse(docs[3], strlen(docs[3]), "original.txt", NULL, &doc, &err), 0);
  doc->parser_version = VB_PARSER_VERSION - 1;
  assert_int_equal(vb_store_put(s, doc, &added, &err), 0);
  vb_doc_free(doc);
  assert_int_equal(vb_store_flush(s, &err), 0);
  return s;
}

/* A reparse drops a document's statements and stores them again. The
 * connection that stored the old ones still held them in memory (their
 * band keys and families): the new statement, the same words, was taken
 * for an exact repeat of the one just deleted and joined its family — on
 * PostgreSQL a family with no statement left to found it; on SQLite,
 * which gives the last document's statements their ids again, a founder
 * that calls itself a repeat of itself and keeps no word pairs. Told what
 * the reparse deletes, the connection forgets it: the statement founds its
 * family again, as a fresh connection would make it, and a repeat stored
 * afterwards joins it. */
static void a_reparse_tells_the_families_what_it_deleted(void **state) {
  (void)state;
  char db[512];
  vb_err err;
  assert_int_equal(test_archive("test-quote-reparse", db, sizeof db), 0);
  vb_store *s = original_by_an_older_parser(db);
  assert_int_equal(families_amiss(s), 0);
  assert_int_equal(vb_store_reparse(s, NULL, NULL, &err), 0);
  assert_int_equal(families_amiss(s), 0);
  const char *const repeat[] = {docs[1]};
  assert_int_equal(test_put_texts(s, repeat, 1, "repeat"), 0);
  assert_int_equal(families_amiss(s), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].family, 2);
  assert_memory_equal(res->hits[0].first_said.ptr, "2019-03-14", 10);
  vb_results_free(res);
  test_assert_checks(s, "after the reparse");
  vb_store_close(s);
}

/* A reparse whose new rows the archive refuses is rolled back: the
 * document keeps its old statements, which the connection had forgotten
 * (they were to be dropped). It learns them again from the archive: a
 * repeat stored afterwards still joins the original's family. */
static void a_refused_reparse_forgets_nothing(void **state) {
  (void)state;
  char db[512];
  vb_err err;
  assert_int_equal(test_archive("test-quote-reparse-refused", db, sizeof db), 0);
  vb_store *s = original_by_an_older_parser(db);
  assert_int_equal(test_exec(db, REFUSE_PRINTS_SQLITE, REFUSE_PRINTS_PG), 0);
  assert_int_not_equal(vb_store_reparse(s, NULL, NULL, &err), 0);
  assert_int_equal(test_exec(db, "DROP TRIGGER refuse", "DROP TRIGGER refuse ON fingerprint_blocks"), 0);
  const char *const repeat[] = {docs[1]};
  assert_int_equal(test_put_texts(s, repeat, 1, "repeat"), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  assert_int_equal(res->hits[0].family, 2);
  vb_results_free(res);
  assert_int_equal(families_amiss(s), 0);
  vb_store_close(s);
}

/* A write that fails after a document's fingerprints were made, so its
 * whole batch is lost: on SQLite the search columns a batch writes at its
 * end; on PostgreSQL a check the fingerprint rows fail at the commit (a
 * deferred constraint trigger). Dropped as "DROP TRIGGER refuse". */
#define REFUSE_BATCH_SQLITE \
  "CREATE TRIGGER refuse BEFORE INSERT ON statement_cols BEGIN SELECT raise(ABORT, 'refused'); END"
#define REFUSE_BATCH_PG                                                                                              \
  "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'refused'; END$$;" \
  " CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON fingerprint_blocks DEFERRABLE INITIALLY DEFERRED"               \
  " FOR EACH ROW EXECUTE FUNCTION refuse()"
/* A write that fails after the fingerprints, in the document itself on
 * PostgreSQL (its mentions, stored with it; SQLite stores them with the
 * batch's end, so the batch is lost there). */
#define REFUSE_MENTIONS_SQLITE \
  "CREATE TRIGGER refuse BEFORE INSERT ON mentions BEGIN SELECT raise(ABORT, 'refused'); END"
#define REFUSE_MENTIONS_PG                                                                                           \
  "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'refused'; END$$;" \
  " CREATE TRIGGER refuse BEFORE INSERT ON mentions FOR EACH ROW EXECUTE FUNCTION refuse()"
#define REFUSE_DROP_SQLITE "DROP TRIGGER refuse"
#define REFUSE_DROP_PG "DROP TRIGGER refuse ON fingerprint_blocks"

/* docs[1] with a place named (a mention) in its second statement. */
static const char refused_with_mention[] =
    "June 2, 2021 Special Dispatch No. 202\n\nOmar Tessel Repeats: The Sanctions Have Failed\n\nJune 2, 2021\n\n"
    "Omar Tessel: \"The sanctions imposed on our country eleven years ago have failed to break the will of our "
    "people.\"\n\nHost: \"What about the talks in Damascus?\"\n";

/* The refused document (refused, "refused.txt") is stored after docs[0]
 * while trigger lite/post refuses its fingerprints or what it writes after them;
 * then short statements (given the lost ones' ids again on SQLite) and
 * the original said later. Before a lost transaction took its statements
 * out of the connection's band table and recent statements, the original
 * joined the family of a statement the archive never kept. */
static void stored_after_a_loss(const char *name, const char *refused, const char *lite, const char *post,
                                const char *drop_post) {
  char db[512];
  vb_store *s;
  vb_err err;
  assert_int_equal(test_archive(name, db, sizeof db), 0);
  assert_int_equal(vb_store_open(db, 1, &s, &err), 0);
  const char *const first[] = {docs[0]};
  assert_int_equal(test_put_texts(s, first, 1, "first"), 0);
  assert_int_equal(test_exec(db, lite, post), 0);
  vb_doc *doc;
  int added = 0;
  assert_int_equal(vb_doc_parse(refused, strlen(refused), "refused.txt", NULL, &doc, &err), 0);
  int rc = vb_store_put(s, doc, &added, &err);
  if (!rc) rc = vb_store_flush(s, &err); /* the batch's end */
  assert_int_not_equal(rc, 0);
  vb_doc_free(doc);
  assert_int_equal(vb_store_flush(s, &err), 0);
  assert_int_equal(test_exec(db, REFUSE_DROP_SQLITE, drop_post), 0);
  int64_t kept = -1;
  vs_db d = {s->ops->sql, s->impl};
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM documents", &kept, &err), 0);
  assert_int_equal(kept, 1); /* the refused document is not in the archive */
  const char *const later[] = {
      "April 4, 2019 Special Dispatch No. 120\n\nTrade Again\n\nApril 4, 2019\n\n"
      "Lina Farouk: \"Trade grew. Ships came. Roads opened. Ports grew too.\"\n",
      docs[3]};
  assert_int_equal(test_put_texts(s, later, 2, "later"), 0);
  assert_int_equal(families_amiss(s), 0);
  vb_results *res = NULL;
  vb_search_opts o = {.limit = 50};
  assert_int_equal(vb_store_search(s, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 0); /* said once */
  vb_results_free(res);
  /* and a repeat stored now still finds the original */
  const char *const repeat[] = {said_again};
  assert_int_equal(test_put_texts(s, repeat, 1, "repeat"), 0);
  assert_int_equal(vb_store_search(s, "imposed repeated:true", &o, &res, &err), 0);
  assert_int_equal(res->nhits, 1);
  vb_results_free(res);
  assert_int_equal(families_amiss(s), 0);
  vb_store_close(s);
}

/* A document whose fingerprint rows the archive refuses is rolled back
 * (its savepoint) and the others go on. Its statements had been learnt by
 * the connection's band table and recent statements already: the
 * original said later was taken for an exact repeat of the refused one
 * and joined its family — on SQLite one named after the next document's
 * statement that was given the refused one's id again (too short for a
 * family); on PostgreSQL one of no statement. */
static void a_refused_document_leaves_no_family_behind(void **state) {
  (void)state;
  stored_after_a_loss("test-quote-refused", docs[1], REFUSE_PRINTS_SQLITE, REFUSE_PRINTS_PG, REFUSE_DROP_PG);
}

static void a_lost_batch_leaves_no_family_behind(void **state) {
  (void)state;
  stored_after_a_loss("test-quote-lost-batch", docs[1], REFUSE_BATCH_SQLITE, REFUSE_BATCH_PG, REFUSE_DROP_PG);
}

static void a_document_refused_after_its_prints_leaves_no_family_behind(void **state) {
  (void)state;
  stored_after_a_loss("test-quote-lost-mentions", refused_with_mention, REFUSE_MENTIONS_SQLITE, REFUSE_MENTIONS_PG,
                      "DROP TRIGGER refuse ON mentions");
}

/* A document's fingerprint rows go in statements of many rows, which on
 * SQLite keep no statement journal of their own (OR FAIL: families.c,
 * flush_rows), so a row refused in the middle of one leaves the rows
 * before it in place until the document's savepoint is rolled back: the
 * refused document must leave none of them (its block, its members'
 * rows, its founders'), and the same document stored again gets every
 * row. Its forty statements repeat an earlier document's, so each has a
 * row of its own; the row refused is one the archive holds already under
 * the id the document's fifth statement is given. */
static void forty_doc(vb_buf *b, int number) {
  vb_buf_printf(b, "March 1, 2018 Special Dispatch No. %d\n\nForty Made Up Sentences\n\nMarch 1, 2018\n\nOmar Tessel: \"",
                number);
  char w[8];
  for (unsigned i = 0; i < 40; i++) {
    for (unsigned k = 0; k < 12; k++) {
      made_word(w, 500000 + i * 12 + k);
      if (!k) w[0] = 'Z';
      vb_buf_printf(b, "%s%s", k ? " " : "", w);
    }
    vb_buf_adds(b, ". ");
  }
  vb_buf_adds(b, "\"\n");
  assert_false(b->failed);
}

static void a_row_refused_amid_many_leaves_no_half_document(void **state) {
  (void)state;
  if (test_on_postgres()) return; /* PostgreSQL's ids come from a sequence: none to take beforehand */
  char db[512];
  vb_store *s;
  vb_err err;
  assert_int_equal(test_archive("test-quote-half", db, sizeof db), 0);
  assert_int_equal(vb_store_open(db, 1, &s, &err), 0);
  vb_buf b;
  vb_buf_init(&b, 0);
  forty_doc(&b, 90);
  const char *const first[] = {docs[0], b.ptr};
  assert_int_equal(test_put_texts(s, first, 2, "first"), 0);
  vs_db d = {s->ops->sql, s->impl};
  int64_t last = 0, prints = 0, blocks = 0, n = 0, nb = 0;
  assert_int_equal(vs_sql_int(d, "SELECT max(id) FROM statements", &last, &err), 0);
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprints", &prints, &err), 0);
  assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprint_blocks", &blocks, &err), 0);
  char taken[256];
  snprintf(taken, sizeof taken,
           "PRAGMA foreign_keys=OFF; INSERT INTO fingerprints(statement_id, family, rel, ord, exact, bands)"
           " VALUES(%lld, %lld, 0, 0, 0, x'00000001')",
           (long long)last + 5, (long long)last + 5);
  assert_int_equal(test_exec(db, taken, taken), 0);
  vb_buf_free(&b);
  vb_buf_init(&b, 0);
  forty_doc(&b, 91);
  for (int round = 0; round < 2; round++) {
    vb_doc *doc;
    int added = 0;
    assert_int_equal(vb_doc_parse(b.ptr, b.len, "forty.txt", NULL, &doc, &err), 0);
    int rc = vb_store_put(s, doc, &added, &err);
    if (!rc) rc = vb_store_flush(s, &err);
    vb_doc_free(doc);
    assert_int_equal(vb_store_flush(s, &err), 0);
    assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprints", &n, &err), 0);
    assert_int_equal(vs_sql_int(d, "SELECT count(*) FROM fingerprint_blocks", &nb, &err), 0);
    if (!round) {
      assert_int_not_equal(rc, 0); /* the taken id */
      if (n != prints + 1) fail_msg("%lld fingerprint rows left of a refused document", (long long)(n - prints - 1));
      assert_int_equal(nb, blocks);
      assert_int_equal(test_exec(db, "DELETE FROM fingerprints WHERE family = statement_id AND exact = 0",
                                 "SELECT 1"), 0);
    } else {
      assert_int_equal(rc, 0);
      assert_true(added);
      assert_int_equal(n, prints + 80); /* forty members, forty founders */
      assert_int_equal(nb, blocks + 1);
    }
  }
  vb_buf_free(&b);
  assert_int_equal(families_amiss(s), 0);
  vb_store_close(s);
}

/* `verbatim ingest` fingerprints on its parsing threads (the store only
 * looks the families up): the same families as a document stored alone. */
static void ingest_threads_keep_families(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-quote-ingest", db, sizeof db), 0);
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char path[4][128];
  for (size_t i = 0; i < 4; i++) {
    snprintf(path[i], sizeof path[i], "%s/quote-ingest-%zu.txt", build, i);
    FILE *f = fopen(path[i], "w");
    assert_non_null(f);
    fputs(docs[i], f);
    fclose(f);
  }
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "%s/verbatim init '%s' >/dev/null 2>&1 && %s/verbatim ingest --db '%s' %s %s %s %s >/dev/null 2>&1",
           build, db, build, db, path[0], path[1], path[2], path[3]);
  assert_int_equal(system(cmd), 0);
  sanctions_family_of_three(db);
  for (size_t i = 0; i < 4; i++) unlink(path[i]);
}

/* Statement k of a made document of ten (ingested from its own thread's
 * point of view: a_documents_families_are_found_beside_its_rows): its
 * twelve words, "Z" first. doc 'A': ten sentences of their own; doc 'B':
 * A's fourth said again, A's sixth with its last word changed, then
 * eight of its own, the last of which says its own third again. */
static void ten_statements(char *out, size_t cap, char doc, unsigned k) {
  unsigned base = doc == 'A' ? 1000 + k : 2000 + k, last = 11;
  if (doc == 'B' && k == 0) base = 1000 + 3;
  if (doc == 'B' && k == 1) base = 1000 + 5;
  if (doc == 'B' && k == 9) base = 2000 + 2;
  char w[8];
  out[0] = '\0';
  for (unsigned i = 0; i < 12; i++) {
    made_word(w, i == last && doc == 'B' && k == 1 ? 99999 : base * 12 + i);
    if (!i) w[0] = 'Z';
    snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", w);
  }
}

static void ten_doc(vb_buf *b, char doc) {
  vb_buf_printf(b, "%s Special Dispatch No. %d\n\nTen Sayings\n\n%s\n\nOmar Tessel: \"",
                doc == 'A' ? "May 1, 2019" : "May 1, 2020", doc == 'A' ? 501 : 502,
                doc == 'A' ? "May 1, 2019" : "May 1, 2020");
  char said[160];
  for (unsigned k = 0; k < 10; k++) {
    ten_statements(said, sizeof said, doc, k);
    vb_buf_printf(b, "%s%s.", k ? " " : "", said);
  }
  vb_buf_adds(b, "\"\n");
}

/* Doc B's fingerprinted statements in order: "relation:document.rank"
 * of the family each joined (rank: its founder's place among its
 * document's fingerprinted statements). */
static void b_families(vb_store *s, char *out, size_t cap) {
  vs_db d = {s->ops->sql, s->impl};
  vb_err err;
  vs_sql *q = NULL;
  int64_t a = 0, b = 0;
  assert_int_equal(vs_sql_int(d, "SELECT min(id) FROM documents", &a, &err), 0);
  assert_int_equal(vs_sql_int(d, "SELECT max(id) FROM documents", &b, &err), 0);
  /* the fingerprinted statements of each, in order (their blocks' entries) */
  entry_ids in_a = {{0}, 0}, in_b = {{0}, 0};
  each_entry(d, a, entry_id, &in_a);
  each_entry(d, b, entry_id, &in_b);
  assert_int_equal(vs_sql_prepare(d, "SELECT rel, family FROM fingerprints WHERE statement_id = ?1", &q, &err), 0);
  out[0] = '\0';
  for (size_t i = 0; i < in_b.n; i++) {
    int64_t rel = 0, family = in_b.ids[i]; /* no row: alone in its family */
    vs_bind_int(q, 1, in_b.ids[i]);
    int r = vs_next(q, &err);
    assert_true(r >= 0);
    if (r) {
      rel = vs_col_int(q, 0);
      family = vs_col_int(q, 1);
    }
    vs_reset(q);
    char doc = 'B';
    long long rank = -1;
    for (size_t k = 0; k < in_b.n && rank < 0; k++)
      if (in_b.ids[k] == family) rank = (long long)k;
    for (size_t k = 0; k < in_a.n && rank < 0; k++)
      if (in_a.ids[k] == family) rank = (long long)k, doc = 'A';
    snprintf(out + strlen(out), cap - strlen(out), "%s%lld:%c%lld", out[0] ? " " : "", (long long)rel, doc, rank);
  }
  vs_finalize(q);
}

/* Documents A and B of ten_doc, and B's families as b_families gives
 * them once both are stored. */
static const char two_docs_want[] = "1:A3 2:A5 0:B2 0:B3 0:B4 0:B5 0:B6 0:B7 0:B8 1:B2";
static void two_docs(vb_buf *a, vb_buf *b) {
  vb_buf_init(a, 0);
  vb_buf_init(b, 0);
  ten_doc(a, 'A');
  ten_doc(b, 'B');
  assert_false(a->failed || b->failed);
}

/* A document's families are found on a thread of their own while its
 * other rows are written (SQLite, where the rows a connection stored or
 * read are known in memory: vs_fams_start), and they are the families
 * found where it is stored: an exact repeat and a near one of an earlier
 * document, and an exact repeat of its own statement. Stored by the
 * connection that stored the earlier document (every candidate and
 * founder's pairs in memory), and by a new one (the founder's pairs are
 * not: the thread stops at the near statement, and the rest is done where
 * the rows are written, reading them). */
static void a_documents_families_are_found_beside_its_rows(void **state) {
  (void)state;
  vb_buf a, b;
  two_docs(&a, &b);
  for (int fresh = 0; fresh < 2; fresh++) {
    char db[512];
    vb_store *s;
    vb_err err;
    const char *one[] = {a.ptr}, *two[] = {b.ptr};
    assert_int_equal(test_archive(fresh ? "test-quote-beside-fresh" : "test-quote-beside", db, sizeof db), 0);
    assert_int_equal(vb_store_open(db, 1, &s, &err), 0);
    assert_int_equal(test_put_texts(s, one, 1, "beside-a"), 0);
    if (fresh) {
      vb_store_close(s);
      assert_int_equal(vb_store_open(db, 0, &s, &err), 0);
    }
    assert_int_equal(test_put_texts(s, two, 1, "beside-b"), 0);
    char got[256];
    b_families(s, got, sizeof got);
    if (strcmp(got, two_docs_want))
      fail_msg("%s connection: doc B's families %s, not %s", fresh ? "a new" : "the same", got, two_docs_want);
    if (!test_on_postgres() && !vs_fams_worked(vs_writes_fams(((sq *)s->impl)->writes), NULL))
      fail_msg("no document's families were found on a thread of their own");
    vb_store_close(s);
  }
  vb_buf_free(&a);
  vb_buf_free(&b);
}

/* A new archive (name) holding document A of two_docs, stored by the
 * connection returned (*f its families); the test then stores b. */
static vb_store *a_stored(const char *name, vb_buf *a, vb_buf *b, vs_fams **f) {
  two_docs(a, b);
  char db[512];
  vb_store *s;
  vb_err err;
  const char *one[] = {a->ptr};
  assert_int_equal(test_archive(name, db, sizeof db), 0);
  assert_int_equal(vb_store_open(db, 1, &s, &err), 0);
  assert_int_equal(test_put_texts(s, one, 1, name), 0);
  *f = (vs_fams *)vs_writes_fams(((sq *)s->impl)->writes);
  assert_non_null(*f);
  return s;
}

/* The thread that finds a document's families is taken back from where
 * it stands, not waited for: held before it begins document B (as a
 * thread not yet given a processor is), B is handed to it and taken back
 * whole, its families found where its rows are written, the same. */
static void a_document_is_taken_back_before_its_worker_begins(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* no thread there: every statement found where it is stored */
  vb_buf a, b;
  vs_fams *f;
  vb_store *s = a_stored("test-quote-taken-back", &a, &b, &f);
  const char *two[] = {b.ptr};
  size_t found_a, found_b;
  size_t handed = vs_fams_worked(f, &found_a);
  vs_fams_hold(f, 1);
  assert_int_equal(test_put_texts(s, two, 1, "taken-b"), 0);
  if (vs_fams_worked(f, &found_b) != handed + 1) fail_msg("document B was not handed to the thread");
  if (found_b != found_a) fail_msg("the held thread found %zu of B's statements", found_b - found_a);
  char got[256];
  b_families(s, got, sizeof got);
  if (strcmp(got, two_docs_want)) fail_msg("doc B's families %s, not %s", got, two_docs_want);
  vb_store_close(s);
  vb_buf_free(&a);
  vb_buf_free(&b);
}

/* The thread that finds a document's families ends when it has had no
 * document for a while (a server keeps a writing connection for each
 * client, each would keep an idle thread for its life), and the next
 * document makes another: the same families. */
static void an_idle_family_thread_ends_and_comes_back(void **state) {
  (void)state;
  if (test_on_postgres()) skip(); /* no thread there */
  vb_buf a, b;
  vs_fams *f;
  vb_store *s = a_stored("test-quote-idle", &a, &b, &f);
  const char *two[] = {b.ptr};
  int up;
  if (vs_fams_threads(f, &up) != 1 || !up) fail_msg("document A made no thread of its own");
  vs_fams_idle(f, 20);
  for (int i = 0; i < 500 && (vs_fams_threads(f, &up), up); i++) usleep(10000); /* five seconds at most */
  if (up) fail_msg("the thread was still up five seconds after its last document (idle 20 ms)");
  vs_fams_idle(f, 0); /* the default: it stays for document B */
  assert_int_equal(test_put_texts(s, two, 1, "idle-b"), 0);
  if (vs_fams_threads(f, &up) != 2 || !up) fail_msg("document B made no new thread");
  char got[256];
  b_families(s, got, sizeof got);
  if (strcmp(got, two_docs_want)) fail_msg("doc B's families %s, not %s", got, two_docs_want);
  vb_store_close(s);
  vb_buf_free(&a);
  vb_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(misquote_leads_back_to_the_original),
      cmocka_unit_test(every_member_answers_the_same_family),
      cmocka_unit_test(loners_and_short_statements),
      cmocka_unit_test(the_typed_result),
      cmocka_unit_test(look_up_leaves_out_the_commonest_words),
      cmocka_unit_test(panel_reads_the_kept_family),
      cmocka_unit_test(hits_carry_first_said),
      cmocka_unit_test(hits_families_asked_of_the_member_indexes),
      cmocka_unit_test(said_facet_reads_the_family_index),
      cmocka_unit_test(first_and_repeated_filters),
      cmocka_unit_test(documents_mark_what_was_said_before),
      cmocka_unit_test(said_before_finds_its_document_by_index),
      cmocka_unit_test(older_archive_is_fingerprinted_by_reindex),
      cmocka_unit_test(founders_keys_are_made_again_from_their_pairs),
      cmocka_unit_test(band_columns_of_an_older_archive_become_one_blob),
    cmocka_unit_test(an_archive_from_before_blocks_keeps_its_families),
      cmocka_unit_test(an_older_minhash_is_made_again_by_reindex),
      cmocka_unit_test(founders_word_pairs_are_kept_in_their_row),
      cmocka_unit_test(founders_stored_before_their_pairs_are_read_from_text),
      cmocka_unit_test(family_index_holds_the_members_only),
      cmocka_unit_test(a_reparse_tells_the_families_what_it_deleted),
      cmocka_unit_test(a_refused_reparse_forgets_nothing),
      cmocka_unit_test(a_refused_document_leaves_no_family_behind),
      cmocka_unit_test(a_lost_batch_leaves_no_family_behind),
      cmocka_unit_test(a_document_refused_after_its_prints_leaves_no_family_behind),
      cmocka_unit_test(a_row_refused_amid_many_leaves_no_half_document),
      cmocka_unit_test(rows_read_once_are_known_until_one_is_deleted),
      cmocka_unit_test(founders_pairs_read_once_are_kept),
      cmocka_unit_test(a_year_is_a_date),
      cmocka_unit_test(bad_references),
      cmocka_unit_test(command_line),
      /* adds a repeat: after every test that counts the family */
      cmocka_unit_test(watches_honour_said_before),
      cmocka_unit_test(ingest_threads_keep_families),
      cmocka_unit_test(families_survive_a_grown_band_table),
      cmocka_unit_test(a_bulk_ingest_makes_its_band_table_at_its_size),
      cmocka_unit_test(a_small_ingest_reads_the_rows_since_the_band_file),
      cmocka_unit_test(a_documents_families_are_found_beside_its_rows),
      cmocka_unit_test(a_document_is_taken_back_before_its_worker_begins),
      cmocka_unit_test(an_idle_family_thread_ends_and_comes_back),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
