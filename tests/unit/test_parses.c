/* Versioned parses: documents stored by an older parser keep their
 * statements (show, export, search and permalinks read what was stored);
 * `check` lists them; reparse brings them up to date and every permalink
 * handed out before (search hits, alerts) still finds its statement.
 *
 * The "older parser" is today's with one rule changed: a statement is cut
 * after its first comma. The documents are stored that way under parser
 * version VB_PARSER_VERSION - 1, then parsed again with today's rule. */
#include <jansson.h>

#include "testutil.h"
#include "core/doc.h"
#include "verbatim.h"

static char DB[512];
static vb_store *st;

static const char *const files[] = {
    SHARED_DIR "/corpus/memri/sd-10850.txt",
    SHARED_DIR "/corpus/debates/2020_vp_part1.txt",
    "tests/golden/interview-generic.txt",
    "tests/golden/quotes-multiparagraph.txt",
    "tests/golden/captions-council.srt",
    "tests/golden/arabic-interview.txt",
};
#define NFILES (sizeof files / sizeof *files)

/* What the old parser made of each document: its statements' spans. */
typedef struct old_doc {
  char id[65];
  char *body;
  size_t nst;
  uint32_t *start, *end;
} old_doc;
static old_doc olds[NFILES];

static int cut_at_commas; /* documents stored from now on: the old rule */

/* The old rule: each statement with ", " inside is two statements. */
static void old_rule(vb_doc *d) {
  vb_doc_view *v = &d->view;
  const char *b = v->body.ptr;
  size_t n = 0;
  vb_statement *out = vb_arena_alloc(d->arena, 2 * v->nstatements * sizeof *out + 1);
  int32_t *first = vb_arena_alloc(d->arena, (v->nstatements + 1) * sizeof *first);
  for (size_t i = 0; i < v->nstatements; i++) {
    vb_statement x = v->statements[i];
    first[i] = (int32_t)n;
    const char *comma = NULL;
    for (uint32_t k = x.start; k + 2 < x.end && !comma; k++)
      if (b[k] == ',' && b[k + 1] == ' ') comma = b + k;
    if (!comma) {
      out[n++] = x;
      continue;
    }
    vb_statement a = x, c = x;
    a.end = (uint32_t)(comma - b) + 1;
    c.start = a.end + 1;
    out[n++] = a;
    out[n++] = c;
  }
  /* mentions point at the statement holding them now */
  vb_mention *m = (vb_mention *)v->mentions;
  for (size_t i = 0; i < v->nmentions; i++) {
    if (m[i].statement < 0) continue;
    int32_t k = first[m[i].statement];
    if ((size_t)k + 1 < n && out[k + 1].start <= m[i].start && out[k].turn == out[k + 1].turn &&
        out[k + 1].start > out[k].start)
      k++;
    m[i].statement = k;
  }
  v->statements = out;
  v->nstatements = n;
  d->parser_version = VB_PARSER_VERSION - 1;
}

static int put_file(const char *path, old_doc *old) {
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) return err.code;
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, NULL, &doc, &err);
  free(bytes);
  if (rc) return rc;
  if (cut_at_commas) old_rule(doc);
  const vb_doc_view *v = vb_doc_get(doc);
  if (old) {
    memcpy(old->id, v->id, 65);
    old->body = strndup(v->body.ptr, v->body.len);
    old->nst = v->nstatements;
    old->start = calloc(v->nstatements + 1, sizeof *old->start);
    old->end = calloc(v->nstatements + 1, sizeof *old->end);
    for (size_t i = 0; i < v->nstatements; i++) {
      old->start[i] = v->statements[i].start;
      old->end[i] = v->statements[i].end;
    }
  }
  int added;
  rc = vb_store_put(st, doc, &added, &err);
  if (rc) fprintf(stderr, "%s: %s\n", path, err.msg);
  vb_doc_free(doc);
  return rc;
}

static int setup(void **state) {
  (void)state;
  vb_err err;
  if (test_archive("test-parses", DB, sizeof DB)) return -1;
  if (vb_store_open(DB, 1, &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  /* a watch before the documents: its alerts carry permalinks too */
  if (vb_watch_add(st, "swap", "swap OR president OR council OR Baraka", NULL, NULL, &err)) return -1;
  cut_at_commas = 1;
  for (size_t i = 0; i < NFILES; i++)
    if (put_file(files[i], &olds[i])) return -1;
  cut_at_commas = 0;
  /* and one document today's parser stored: nothing to do for it */
  if (put_file("tests/golden/abbreviations.txt", NULL)) return -1;
  return vb_store_flush(st, &err) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  vb_store_close(st);
  for (size_t i = 0; i < NFILES; i++) {
    free(olds[i].body);
    free(olds[i].start);
    free(olds[i].end);
  }
  return 0;
}

static int64_t outdated(void) {
  vb_doc_list *l;
  vb_err err;
  if (vb_store_outdated(st, 0, &l, &err)) fail_msg("outdated: %s", err.msg);
  int64_t n = l->total;
  for (size_t i = 0; i < l->ndocs; i++) assert_int_equal(l->docs[i].parser_version, VB_PARSER_VERSION - 1);
  vb_doc_list_free(l);
  return n;
}

/* Old statement k of document i, as text. */
static void old_text(size_t i, size_t k, char *buf, size_t cap) {
  snprintf(buf, cap, "%.*s", (int)(olds[i].end[k] - olds[i].start[k]), olds[i].body + olds[i].start[k]);
}

/* Before a reparse: what was stored is what is read. */
static void test_stored_read(void **state) {
  (void)state;
  assert_int_equal(outdated(), NFILES);
  for (size_t i = 0; i < NFILES; i++) {
    vb_doc *doc;
    vb_err err;
    if (vb_store_doc(st, olds[i].id, &doc, &err)) fail_msg("%s: %s", files[i], err.msg);
    const vb_doc_view *v = vb_doc_get(doc);
    assert_int_equal(v->nstatements, olds[i].nst);
    for (size_t k = 0; k < v->nstatements; k++) {
      assert_int_equal(v->statements[k].start, olds[i].start[k]);
      assert_int_equal(v->statements[k].end, olds[i].end[k]);
    }
    /* and it is whole: turns with paragraphs, speakers, the document JSON */
    for (size_t t = 0; t < v->nturns; t++) assert_true(v->turns[t].nparagraphs > 0);
    char *json;
    if (vb_doc_to_json(doc, 0, &json, &err)) fail_msg("%s", err.msg);
    free(json);
    vb_doc_free(doc);
    vb_cite *c;
    if (vb_store_cite(st, olds[i].id, (int32_t)(olds[i].nst - 1), -1, &c, &err)) fail_msg("%s", err.msg);
    assert_int_equal(c->index, (int32_t)(olds[i].nst - 1));
    assert_int_equal(c->start, olds[i].start[olds[i].nst - 1]);
    vb_cite_free(c);
  }
}

typedef struct permalink {
  char doc[65];
  int32_t index;
  int version;
  char *text;
} permalink;
static permalink links[4096];
static size_t nlinks;

static void keep_link(const char *url, const char *text) {
  assert_true(nlinks < sizeof links / sizeof *links);
  permalink *l = &links[nlinks++];
  if (vb_permalink_parse(url, l->doc, sizeof l->doc, &l->index, &l->version))
    fail_msg("not a permalink: %s", url);
  l->text = strdup(text);
}

static int stop_after_one(void *ctx, int64_t done, int64_t total, const vb_doc_entry *doc, const vb_err *failed) {
  (void)total;
  (void)doc;
  assert_null(failed);
  *(int64_t *)ctx = done;
  return 1;
}

static int count(void *ctx, int64_t done, int64_t total, const vb_doc_entry *doc, const vb_err *failed) {
  (void)doc;
  assert_null(failed);
  assert_true(done <= total);
  *(int64_t *)ctx = done;
  return 0;
}

/* Every permalink handed out before the reparse still finds its
 * statement after it: the new statement holding the old one's text. */
static void test_reparse_keeps_permalinks(void **state) {
  (void)state;
  vb_err err;
  /* the permalinks handed out: every statement's, every search hit's,
   * every alert's */
  char buf[65536], link_text[256];
  for (size_t i = 0; i < NFILES; i++)
    for (size_t k = 0; k < olds[i].nst; k++) {
      snprintf(link_text, sizeof link_text, "/d/%.64s#s%u", olds[i].id, (unsigned)k);
      old_text(i, k, buf, sizeof buf);
      keep_link(link_text, buf);
    }
  vb_search_opts o = {.limit = 200, .sort = VB_SORT_RELEVANCE};
  vb_results *r;
  if (vb_store_search(st, "president OR baraka OR council", &o, &r, &err)) fail_msg("%s", err.msg);
  assert_true(r->nhits > 10);
  for (size_t h = 0; h < r->nhits; h++) {
    snprintf(buf, sizeof buf, "%.*s", (int)r->hits[h].text.len, r->hits[h].text.ptr);
    keep_link(r->hits[h].link.ptr, buf);
  }
  vb_results_free(r);
  char *alerts;
  if (test_alerts_json(st, NULL, NULL, &alerts, &err)) fail_msg("%s", err.msg);
  json_t *arr = json_loads(alerts, 0, NULL);
  free(alerts);
  size_t nalerts = json_array_size(arr);
  assert_true(nalerts > 5);
  json_t *before = json_deep_copy(arr);
  for (size_t a = 0; a < nalerts; a++) {
    json_t *s = json_object_get(json_array_get(arr, a), "statement");
    keep_link(json_string_value(json_object_get(s, "link")), json_string_value(json_object_get(s, "text")));
  }
  json_decref(arr);

  /* interrupted after one document, then resumed */
  int64_t done = 0;
  assert_int_equal(vb_store_reparse(st, stop_after_one, &done, &err), 0);
  assert_int_equal(done, 1);
  assert_int_equal(outdated(), NFILES - 1);
  if (vb_store_reparse(st, count, &done, &err)) fail_msg("reparse: %s", err.msg);
  assert_int_equal(done, NFILES - 1);
  assert_int_equal(outdated(), 0);

  /* every old permalink: the statement now holding its text */
  size_t moved = 0;
  for (size_t l = 0; l < nlinks; l++) {
    vb_cite *c;
    if (vb_store_cite(st, links[l].doc, links[l].index, links[l].version, &c, &err))
      fail_msg("%s#s%d: %s", links[l].doc, links[l].index, err.msg);
    char now[65536];
    snprintf(now, sizeof now, "%.*s", (int)c->text.len, c->text.ptr);
    if (!strstr(now, links[l].text))
      fail_msg("%s#s%d was \"%s\", now statement %d \"%s\"", links[l].doc, links[l].index, links[l].text, c->index,
               now);
    moved += c->index != c->asked;
    /* its new permalink leads to the same place */
    vb_cite *again;
    char doc[65];
    int32_t idx;
    int version;
    assert_int_equal(vb_permalink_parse(c->link.ptr, doc, sizeof doc, &idx, &version), 0);
    /* a renumbered document's permalinks say which numbering they follow */
    if (c->index != c->asked) assert_int_equal(version, VB_PARSER_VERSION);
    else assert_true(version == -1 || version == VB_PARSER_VERSION);
    if (vb_store_cite(st, doc, idx, version, &again, &err)) fail_msg("%s: %s", c->link.ptr, err.msg);
    assert_int_equal(again->index, c->index);
    vb_cite_free(again);
    vb_cite_free(c);
  }
  assert_true(moved > 10); /* the rule change did move statements */

  /* today's parse is what is read now, and the alerts followed */
  if (test_alerts_json(st, NULL, NULL, &alerts, &err)) fail_msg("%s", err.msg);
  arr = json_loads(alerts, 0, NULL);
  free(alerts);
  /* each alert kept its id and follows its statement (two statements
   * that became one keep the first alert) */
  assert_true(json_array_size(arr) > 0 && json_array_size(arr) <= nalerts);
  size_t kept = 0;
  for (size_t a = 0; a < json_array_size(before); a++) {
    json_t *was = json_array_get(before, a);
    for (size_t b = 0; b < json_array_size(arr); b++) {
      json_t *now = json_array_get(arr, b);
      if (json_integer_value(json_object_get(now, "id")) != json_integer_value(json_object_get(was, "id"))) continue;
      const char *t0 = json_string_value(json_object_get(json_object_get(was, "statement"), "text"));
      const char *t1 = json_string_value(json_object_get(json_object_get(now, "statement"), "text"));
      if (!strstr(t1, t0)) fail_msg("alert %lld was on \"%s\", now on \"%s\"",
                                    (long long)json_integer_value(json_object_get(now, "id")), t0, t1);
      kept++;
    }
  }
  assert_int_equal(kept, json_array_size(arr));
  json_decref(before);
  json_decref(arr);
  for (size_t i = 0; i < NFILES; i++) {
    vb_doc *stored, *fresh;
    char *bytes, *a, *b;
    size_t len;
    assert_int_equal(vb_store_doc(st, olds[i].id, &stored, &err), 0);
    assert_int_equal(vb_file_read(files[i], &bytes, &len, &err), 0);
    assert_int_equal(vb_doc_parse(bytes, len, files[i], NULL, &fresh, &err), 0);
    free(bytes);
    assert_int_equal(vb_doc_to_json(stored, 0, &a, &err), 0);
    assert_int_equal(vb_doc_to_json(fresh, 0, &b, &err), 0);
    assert_string_equal(a, b);
    free(a);
    free(b);
    vb_doc_free(stored);
    vb_doc_free(fresh);
  }
  test_assert_checks(st, __func__);
  for (size_t l = 0; l < nlinks; l++) free(links[l].text);
}

/* Search and the speakers after a reparse are those of a fresh ingest. */
static void test_same_as_fresh_ingest(void **state) {
  (void)state;
  char db2[512];
  vb_err err;
  vb_store *mine = st;
  assert_int_equal(test_archive("test-parses-fresh", db2, sizeof db2), 0);
  assert_int_equal(vb_store_open(db2, 1, &st, &err), 0);
  for (size_t i = 0; i < NFILES; i++) assert_int_equal(put_file(files[i], NULL), 0);
  assert_int_equal(put_file("tests/golden/abbreviations.txt", NULL), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_store *fresh = st;
  st = mine;
  char *a, *b;
  assert_int_equal(test_speakers_json(mine, &a, &err), 0);
  assert_int_equal(test_speakers_json(fresh, &b, &err), 0);
  assert_string_equal(a, b);
  free(a);
  free(b);
  static const char *const queries[] = {"president", "\"prisoner swap\"", "speaker:baraka", "mentions:hamas",
                                        "council OR budget", "kind:reported"};
  for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
    vb_search_opts o = {.limit = 50, .sort = VB_SORT_DATE, .facets = VB_FACET_SPEAKER | VB_FACET_ENTITY};
    vb_results *r1, *r2;
    assert_int_equal(vb_store_search(mine, queries[q], &o, &r1, &err), 0);
    assert_int_equal(vb_store_search(fresh, queries[q], &o, &r2, &err), 0);
    assert_int_equal(r1->total, r2->total);
    assert_int_equal(r1->nhits, r2->nhits);
    for (size_t h = 0; h < r1->nhits; h++) {
      assert_string_equal(r1->hits[h].doc, r2->hits[h].doc);
      assert_int_equal(r1->hits[h].index, r2->hits[h].index);
      assert_int_equal(r1->hits[h].text.len, r2->hits[h].text.len);
    }
    for (int f = 0; f < VB_NFACETS; f++) assert_int_equal(r1->nfacets[f], r2->nfacets[f]);
    vb_results_free(r1);
    vb_results_free(r2);
  }
  vb_store_close(fresh);
}

/* A stored document's language and where it came from, as show reads it. */
static void stored_language_is(vb_store *s, const char *id, const char *lang, vb_lang_from from) {
  vb_doc *doc;
  vb_err err;
  if (vb_store_doc(s, id, &doc, &err)) fail_msg("%s: %s", id, err.msg);
  const vb_meta *m = &vb_doc_get(doc)->meta;
  if (strlen(lang) != m->language.len || memcmp(m->language.ptr ? m->language.ptr : "", lang, m->language.len) ||
      m->language_from != from)
    fail_msg("%.12s: language '%.*s' from %d, not '%s' from %d", id, (int)m->language.len,
             m->language.ptr ? m->language.ptr : "", (int)m->language_from, lang, (int)from);
  vb_doc_free(doc);
}

/* The archive keeps where a document's language came from, and a reparse
 * keeps a language ingest was told (--language) over its guess from the
 * text; an archive from before the column has it added (no document of it
 * was given a language: the option came with the column). */
static void test_language_kept(void **state) {
  (void)state;
  char db2[512];
  vb_err err;
  vb_store *s;
  assert_int_equal(test_archive("test-parses-lang", db2, sizeof db2), 0);
  assert_int_equal(vb_store_open(db2, 1, &s, &err), 0);
  const char *texts[2] = {"Les forets nationales et les rivieres de la France sont une richesse que le pays garde.",
                          "Les forets et les lacs de la France sont a nous et le pays les garde pour tous."};
  const char *options[2] = {"de", NULL};
  char ids[2][65];
  for (int i = 0; i < 2; i++) {
    vb_parse_opts o = {.language = options[i]};
    vb_doc *doc;
    assert_int_equal(vb_doc_parse(texts[i], strlen(texts[i]), "lang.txt", &o, &doc, &err), 0);
    doc->parser_version = VB_PARSER_VERSION - 1;
    memcpy(ids[i], vb_doc_get(doc)->id, 65);
    int added;
    assert_int_equal(vb_store_put(s, doc, &added, &err), 0);
    vb_doc_free(doc);
  }
  assert_int_equal(vb_store_flush(s, &err), 0);
  stored_language_is(s, ids[0], "de", VB_LANG_OPTION);
  stored_language_is(s, ids[1], "fr", VB_LANG_GUESSED);
  assert_int_equal(vb_store_reparse(s, NULL, NULL, &err), 0);
  stored_language_is(s, ids[0], "de", VB_LANG_OPTION);
  stored_language_is(s, ids[1], "fr", VB_LANG_GUESSED);
  vb_store_close(s);
  assert_int_equal(test_exec(db2, "ALTER TABLE documents DROP COLUMN language_from",
                             "ALTER TABLE documents DROP COLUMN language_from"),
                   0);
  assert_int_equal(vb_store_open(db2, 0, &s, &err), 0);
  stored_language_is(s, ids[1], "fr", VB_LANG_GUESSED);
  vb_store_close(s);
}

/* An archive made before parses were versioned: the upgrade marks its
 * documents version 0, read as stored until a reparse. */
static void test_migration(void **state) {
  (void)state;
  char db2[512];
  vb_err err;
  vb_store *mine = st;
  assert_int_equal(test_archive("test-parses-old", db2, sizeof db2), 0);
  assert_int_equal(vb_store_open(db2, 1, &st, &err), 0);
  assert_int_equal(put_file(files[0], NULL), 0);
  assert_int_equal(put_file(files[2], NULL), 0);
  vb_store_close(st);
  assert_int_equal(test_exec(db2,
                             "DROP INDEX documents_parser; ALTER TABLE documents DROP COLUMN parser;"
                             " DROP TABLE statement_moves; PRAGMA user_version = 5",
                             "DROP INDEX documents_parser; ALTER TABLE documents DROP COLUMN parser;"
                             " DROP TABLE statement_moves; UPDATE verbatim_schema SET version = 4"),
                   0);
  assert_int_equal(vb_store_open(db2, 0, &st, &err), 0);
  vb_doc_list *l;
  assert_int_equal(vb_store_outdated(st, 0, &l, &err), 0);
  assert_int_equal(l->total, 2);
  assert_int_equal(l->docs[0].parser_version, 0);
  vb_doc_list_free(l);
  /* the same statements today: read as parsed, then brought up to date */
  vb_doc *doc;
  assert_int_equal(vb_store_doc(st, "10850", &doc, &err), 0);
  assert_true(vb_doc_get(doc)->nstatements > 20);
  vb_doc_free(doc);
  assert_int_equal(vb_store_reparse(st, NULL, NULL, &err), 0);
  assert_int_equal(vb_store_outdated(st, 0, &l, &err), 0);
  assert_int_equal(l->total, 0);
  vb_doc_list_free(l);
  vb_store_close(st);
  st = mine;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stored_read),
      cmocka_unit_test(test_reparse_keeps_permalinks),
      cmocka_unit_test(test_same_as_fresh_ingest),
      cmocka_unit_test(test_language_kept),
      cmocka_unit_test(test_migration),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
