/* Quote families: fingerprints, the pair checks, the word diff,
 * translations, and families built in memory. Every sentence here was
 * made up for this file. */
#include "family/family.h"
#include "analyze/analyze.h"
#include "testutil.h"

/* A statement analysed as the index analyses English. */
typedef struct stmt {
  const char *text;
  vb_fam_word w[256];
  size_t n;
  uint32_t sh[256];
  size_t nsh;
} stmt;

static an_analyzer *an_en, *an_fold;

static int setup(void **state) {
  (void)state;
  vb_err err;
  if (an_analyzer_new("en", AN_FULL, &an_en, &err)) return -1;
  if (an_analyzer_new("en", AN_FOLD, &an_fold, &err)) return -1;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  an_analyzer_free(an_en);
  an_analyzer_free(an_fold);
  return 0;
}

static void analyse(stmt *s, const char *text, an_analyzer *an) {
  s->text = text;
  long n = vb_fam_words(an, text, strlen(text), s->w, 256);
  assert_true(n >= 0);
  s->n = (size_t)n;
  s->nsh = vb_fam_shingles(s->w, s->n, s->sh);
}

static vb_fam_sim sim_of(const char *a, const char *b) {
  static stmt x, y;
  analyse(&x, a, an_en);
  analyse(&y, b, an_en);
  vb_fam_sim s;
  vb_fam_compare(x.sh, x.nsh, y.sh, y.nsh, &s);
  return s;
}

static void words_and_flags(void **state) {
  (void)state;
  stmt s;
  analyse(&s, "The Security Council met 12 times in 2023.", an_en);
  assert_int_equal(s.n, 8);
  assert_true(s.w[0].flags & VB_FAM_CAP);
  assert_true(s.w[1].flags & VB_FAM_CAP);
  assert_false(s.w[3].flags & VB_FAM_CAP);
  assert_false(s.w[4].flags & VB_FAM_LETTER); /* "12" */
  assert_true(s.w[5].flags & VB_FAM_LETTER);
  assert_int_equal(vb_fam_letter_words(s.w, s.n), 6);
  /* spans point at the words as written */
  assert_int_equal(s.w[1].start, 4);
  assert_int_equal(s.w[1].end, 12);
  /* "The Security" and "Security Council" are names: left out */
  assert_int_equal(s.nsh, 5);
  /* short lowercase links inside a title are part of the name */
  analyse(&s, "We recall the Declaration of the Rights of the Child today.", an_en);
  assert_int_equal(s.n, 11);
  assert_int_equal(s.nsh, 4); /* we recall, recall the, the declaration, child today */
}

/* Words not in ASCII get their flags from their letters too. */
static void flags_beyond_ascii(void **state) {
  (void)state;
  stmt s;
  analyse(&s, "Élodie met ánother minister — 42 times.", an_en);
  assert_true(s.w[0].flags & VB_FAM_CAP);
  assert_true(s.w[0].flags & VB_FAM_LETTER);
  assert_false(s.w[2].flags & VB_FAM_CAP);
  assert_true(s.w[2].flags & VB_FAM_LETTER);
  for (size_t i = 0; i < s.n; i++)
    if (s.w[i].end - s.w[i].start == 2 && !memcmp(s.text + s.w[i].start, "42", 2)) assert_false(s.w[i].flags & VB_FAM_LETTER);
}

/* Shingles made unsorted (ingest sorts them only to compare): the same
 * signature, and sorted the same set, as vb_fam_shingles gives. */
static void shingles_sorted_later(void **state) {
  (void)state;
  stmt s;
  analyse(&s, "We want peace and we want peace and we want justice for every people on earth.", an_en);
  uint32_t raw[256];
  size_t n = vb_fam_shingles_unsorted(s.w, s.n, raw);
  assert_true(n > s.nsh); /* "we want", "want peace" twice */
  vb_fam_print a, b;
  vb_fam_print_make(s.w, s.n, s.sh, s.nsh, &a);
  vb_fam_print_make(s.w, s.n, raw, n, &b);
  assert_true(a.exact == b.exact);
  assert_memory_equal(a.band, b.band, sizeof a.band);
  assert_int_equal(vb_fam_shingles_sort(raw, n), s.nsh);
  assert_memory_equal(raw, s.sh, s.nsh * sizeof *raw);
}

static void exact_hash(void **state) {
  (void)state;
  stmt a, b, c;
  analyse(&a, "We will never forget those who fell.", an_en);
  analyse(&b, "\"We will NEVER forget those who fell!\"", an_en);
  analyse(&c, "Those who fell we will never forget.", an_en);
  assert_true(vb_fam_exact(a.w, a.n) == vb_fam_exact(b.w, b.n));
  assert_true(vb_fam_exact(a.w, a.n) != vb_fam_exact(c.w, c.n));
}

static const char *const ORIGINAL =
    "Our farmers have waited eleven years for water from the northern reservoir, and they will "
    "not wait another season while the pipeline sits unfinished in the desert.";

static void same_words_allowing_changes(void **state) {
  (void)state;
  /* one word replaced: a misquote */
  assert_true(vb_fam_same(&(vb_fam_sim){0}) == 0);
  vb_fam_sim s = sim_of(ORIGINAL,
                        "Our farmers have waited twelve years for water from the northern reservoir, "
                        "and they will not wait another season while the pipeline sits unfinished in "
                        "the desert.");
  assert_true(vb_fam_same(&s));
  /* trimmed: the middle quoted alone */
  s = sim_of(ORIGINAL, "have waited eleven years for water from the northern reservoir, and they will "
                       "not wait another season");
  assert_true(s.containment >= 0.9);
  assert_true(vb_fam_same(&s));
  /* clauses re-ordered */
  s = sim_of(ORIGINAL, "They will not wait another season while the pipeline sits unfinished in the "
                       "desert: our farmers have waited eleven years for water from the northern "
                       "reservoir.");
  assert_true(vb_fam_same(&s));
  /* another sentence that shares a phrase */
  s = sim_of(ORIGINAL, "The minister said the pipeline sits unfinished because the contractor went "
                       "bankrupt last spring and nobody has paid the workers since then.");
  assert_false(vb_fam_same(&s));
  /* a short sentence with its subject changed is another sentence */
  s = sim_of("Then there is the question of the border.", "Then there is the question of the debt.");
  assert_false(vb_fam_same(&s));
  /* sharing a long name is not saying the same thing */
  s = sim_of("We welcome the work of the Joint Commission for Water Sharing and Irrigation Planning "
             "this year.",
             "Nobody has asked the Joint Commission for Water Sharing and Irrigation Planning about "
             "the drought.");
  assert_false(vb_fam_same(&s));
}

static int ops_equal(const vb_diff *d, size_t n, const char *want) {
  char got[512] = "";
  for (size_t i = 0; i < n; i++) {
    char one[64];
    snprintf(one, sizeof one, "%s%s %u-%u/%u-%u", i ? ", " : "", vb_diff_op_name(d[i].op), d[i].a0,
             d[i].a1, d[i].b0, d[i].b1);
    strncat(got, one, sizeof got - strlen(got) - 1);
  }
  if (strcmp(got, want) != 0) {
    print_message("diff: got  %s\n      want %s\n", got, want);
    return 0;
  }
  return 1;
}

static void diff_of(const char *a, const char *b, const char *want) {
  static stmt x, y;
  analyse(&x, a, an_fold);
  analyse(&y, b, an_fold);
  vb_diff *d;
  size_t n;
  assert_int_equal(vb_fam_diff(x.w, x.n, y.w, y.n, &d, &n), 0);
  assert_true(ops_equal(d, n, want));
  free(d);
}

static void word_diff(void **state) {
  (void)state;
  /* a b c d e f g h */
  const char *o = "we will build the bridge before the winter";
  diff_of(o, o, "same 0-8/0-8");
  diff_of(o, "we will build the bridge", "same 0-5/0-5, trimmed 5-8/5-5");
  diff_of(o, "build the bridge before the winter", "trimmed 0-2/0-0, same 2-8/0-6");
  diff_of(o, "we will build the tunnel before the winter",
          "same 0-4/0-4, replaced 4-5/4-5, same 5-8/5-8");
  diff_of(o, "we will build the bridge before the winter",
          "same 0-8/0-8");
  diff_of(o, "we will build the bridge long before the winter",
          "same 0-5/0-5, inserted 5-5/5-6, same 5-8/6-9");
  diff_of(o, "we will build the bridge the winter", "same 0-5/0-5, omitted 5-6/5-5, same 6-8/5-7");
  diff_of(o, "he said we will build the bridge before the winter",
          "inserted 0-0/0-2, same 0-8/2-10");
  /* a clause moved from the end to the start */
  diff_of(o, "before the winter we will build the bridge",
          "moved 0-0/0-3, same 0-5/3-8, moved 5-8/8-8");
  /* words differ only in form: the diff compares what was written */
  diff_of("the nation must act", "the nations must act", "same 0-1/0-1, replaced 1-2/1-2, same 2-4/2-4");
  /* nothing in common */
  diff_of("alpha beta", "gamma delta", "replaced 0-2/0-2");
  /* empty sides */
  diff_of("", "alpha", "inserted 0-0/0-1");
  diff_of("alpha", "", "trimmed 0-1/0-0");
}

static void diff_limit(void **state) {
  (void)state;
  size_t n = VB_DIFF_MAX_WORDS + 10;
  vb_fam_word *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
  assert_non_null(a);
  assert_non_null(b);
  for (size_t i = 0; i < n; i++) {
    a[i].hash = i + 1;
    b[i].hash = i + 100000;
  }
  vb_diff *d;
  size_t nd;
  assert_int_equal(vb_fam_diff(a, n, b, n, &d, &nd), VB_ELIMIT);
  /* the same long text differs nowhere: no alignment is needed */
  assert_int_equal(vb_fam_diff(a, n, a, n, &d, &nd), 0);
  assert_int_equal(nd, 1);
  assert_int_equal(d[0].op, VB_DIFF_SAME);
  free(d);
  free(a);
  free(b);
}

static void translations(void **state) {
  (void)state;
  uint64_t crimea = vb_fam_anchor('E', "PLACE:crimea", 12), day = vb_fam_anchor('D', "2014-02-26", 10),
           n40 = vb_fam_anchor('N', "40", 2), n50 = vb_fam_anchor('N', "50", 2);
  uint64_t a[] = {crimea, day, n40}, b[] = {n40, crimea, day}, c[] = {crimea, day, n50};
  size_t na = vb_fam_anchors_sort(a, 3), nb = vb_fam_anchors_sort(b, 3), nc = vb_fam_anchors_sort(c, 3);
  assert_int_equal(na, 3);
  stmt x, y;
  analyse(&x, "We shall never accept the annexation of Crimea that began on 26 February 2014 with 40 "
              "ships.", an_en);
  analyse(&y, "We will never accept the annexation of Crimea, which began on February 26, 2014, with "
              "40 ships.", an_en);
  uint32_t wx[64], wy[64];
  vb_fam_sim ws;
  vb_fam_compare(wx, vb_fam_wordset(x.w, x.n, wx), wy, vb_fam_wordset(y.w, y.n, wy), &ws);
  assert_true(ws.jaccard >= 0.6);
  vb_fam_sim sh;
  vb_fam_compare(x.sh, x.nsh, y.sh, y.nsh, &sh);
  assert_false(vb_fam_same(&sh)); /* not the same words */
  assert_int_equal(vb_fam_translation(a, na, b, nb, &ws), VB_TR_YES);
  /* a number disagrees: only part agrees */
  assert_int_equal(vb_fam_translation(a, na, c, nc, &ws), VB_TR_POSSIBLE);
  /* wording far apart: no */
  vb_fam_sim far = {2, 30, 30, 0.05, 0.07};
  assert_int_equal(vb_fam_translation(a, na, b, nb, &far), VB_TR_NO);
  /* a single anchor is too little to go on */
  assert_int_equal(vb_fam_translation(a, 1, b, 1, &ws), VB_TR_NO);
}

/* ---- families in memory ---------------------------------------------------- */

typedef struct fixture {
  const char *text;
  int32_t date;
} fixture;

static const fixture FIX[] = {
    /* 0 */ {"Our farmers have waited eleven years for water from the northern reservoir, and they "
             "will not wait another season while the pipeline sits unfinished in the desert.",
             20190301},
    /* 1: repeated word for word, later */
    {"Our farmers have waited eleven years for water from the northern reservoir, and they will "
     "not wait another season while the pipeline sits unfinished in the desert.",
     20210615},
    /* 2: misquoted, later (two words replaced: Jaccard 0.73 with 0, which
     * 16 bands of 4 propose with probability 0.98; with "another" said as
     * "one more" too it was 0.61, proposed with probability 0.90, and one
     * set of MinHash functions in ten misses such a pair) */
    {"Our farmers have waited twelve years for water from the western reservoir, and they will not "
     "wait another season while the pipeline sits unfinished in the desert.",
     20200110},
    /* 3: trimmed, undated */
    {"have waited eleven years for water from the northern reservoir, and they will not wait "
     "another season", 0},
    /* 4: unrelated */
    {"The committee will publish its report on the fishing quotas before the end of the month, "
     "after consulting the coastal villages.",
     20190302},
    /* 5: too short for a family */
    {"Thank you very much.", 20190303},
    /* 6: the same words said earlier than 0, added last: it becomes the first */
    {"Our farmers have waited eleven years for water from the northern reservoir, and they will "
     "not wait another season while the pipeline sits unfinished in the desert.",
     20180101},
    /* 7: chained: verified against 2, but changed further, so not against
     * the first statement */
    {"Our herders have waited twelve years for water from the western reservoir, and they will not "
     "wait one more season while the canal sits idle in the desert.",
     20220101},
};
#define NFIX (sizeof FIX / sizeof *FIX)

static vb_fam_set *build_fixture(stmt *st) {
  vb_fam_set *s;
  vb_err err;
  assert_int_equal(vb_fam_set_new(&s, &err), 0);
  for (size_t i = 0; i < NFIX; i++) {
    analyse(&st[i], FIX[i].text, an_en);
    vb_fam_item it = {st[i].w, st[i].n, NULL, 0, FIX[i].date};
    uint32_t id;
    assert_int_equal(vb_fam_set_add(s, &it, &id, &err), 0);
    assert_int_equal(id, i);
  }
  assert_int_equal(vb_fam_set_count(s), NFIX);
  assert_int_equal(vb_fam_set_build(s, NULL, &err), 0);
  return s;
}

/* A document's date as families order it: a day, a month or a year (the
 * UN speeches carry their session's year alone). */
static void dates(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int32_t want;
  } cases[] = {
      {"2019-03-14", 20190314}, {"2019-03-14T10:00:00Z", 20190314}, {"1973", 19730000}, {"1973-10", 19731000},
      {"", 0}, {"May 1973", 0}, {"1973-13", 0}, {"1973-10-", 0}, {"1973-10-32", 0}, {"0000", 0}, {"19731", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    vb_str s = {cases[i].s, strlen(cases[i].s)};
    assert_int_equal(vb_fam_date(s), cases[i].want);
  }
  vb_str none = {NULL, 0};
  assert_int_equal(vb_fam_date(none), 0);
  /* a year after every day of the year before, before every day of its own */
  vb_str y = {"1973", 4}, before = {"1972-12-31", 10}, in = {"1973-01-01", 10};
  assert_true(vb_fam_date(before) < vb_fam_date(y) && vb_fam_date(y) < vb_fam_date(in));
}

static void families_built(void **state) {
  (void)state;
  static stmt st[NFIX];
  vb_fam_set *s = build_fixture(st);
  /* 6 is the earliest of the family: its first statement */
  vb_fam_match m = vb_fam_set_of(s, 6);
  assert_int_equal(m.family, 6);
  assert_int_equal(m.rel, VB_REL_NONE);
  m = vb_fam_set_of(s, 0);
  assert_int_equal(m.family, 6);
  assert_int_equal(m.rel, VB_REL_EXACT);
  assert_int_equal(vb_fam_set_of(s, 1).rel, VB_REL_EXACT);
  m = vb_fam_set_of(s, 2);
  assert_int_equal(m.family, 6);
  assert_int_equal(m.rel, VB_REL_NEAR);
  assert_true(m.jaccard > 0.5 && m.jaccard < 1);
  /* the trimmed quote is contained in the first statement */
  m = vb_fam_set_of(s, 3);
  assert_int_equal(m.family, 6);
  assert_int_equal(m.rel, VB_REL_NEAR);
  assert_int_equal(vb_fam_set_of(s, 4).family, 4);
  assert_int_equal(vb_fam_set_of(s, 5).family, VB_FAM_NONE);
  /* 7 is verified against 2 but not against the first statement: a
   * family of its own (union of verified pairs would chain it in) */
  vb_fam_sim chain;
  vb_fam_compare(st[2].sh, st[2].nsh, st[7].sh, st[7].nsh, &chain);
  assert_true(vb_fam_same(&chain));
  assert_int_equal(vb_fam_set_of(s, 7).family, 7);
  assert_true(vb_fam_set_bytes(s) > 0);
  vb_fam_set_free(s);
}

static const char *const HARBOUR =
    "The harbour will reopen for the fishing fleet on Monday once the storm damage to the northern "
    "pier has been repaired by the army engineers.";

static void expect_lookup(vb_fam_set *s, const char *text, uint32_t family, vb_fam_rel rel) {
  static stmt q;
  analyse(&q, text, an_en);
  vb_fam_item it = {q.w, q.n, NULL, 0, 20240101};
  vb_fam_match m;
  vb_err err;
  assert_int_equal(vb_fam_set_lookup(s, &it, &m, &err), 0);
  assert_int_equal(m.family, family);
  assert_int_equal(m.rel, rel);
}

static void lookup_and_insert(void **state) {
  (void)state;
  static stmt st[NFIX];
  vb_fam_set *s = build_fixture(st);
  expect_lookup(s, "our farmers have waited eleven years for water from the northern reservoir and they "
                   "will not wait another season while the pipeline sits unfinished in the desert",
                6, VB_REL_EXACT);
  expect_lookup(s, "Our farmers have waited eleven years for clean water from the northern reservoir, and "
                   "will not wait another season while the pipeline sits unfinished.",
                6, VB_REL_NEAR);
  expect_lookup(s, HARBOUR, VB_FAM_NONE, VB_REL_NONE);
  vb_err err;
  stmt q;
  vb_fam_match m;
  analyse(&q, HARBOUR, an_en);
  vb_fam_item it = {q.w, q.n, NULL, 0, 20240101};
  /* inserted, it starts a family that a later variant joins */
  uint32_t id;
  assert_int_equal(vb_fam_set_insert(s, &it, &id, &m, &err), 0);
  assert_int_equal(id, NFIX);
  assert_int_equal(vb_fam_set_of(s, id).family, id);
  analyse(&q, "The harbour will reopen for the fishing fleet on Tuesday once the storm damage to the "
              "northern pier has been repaired by the army engineers.",
          an_en);
  it = (vb_fam_item){q.w, q.n, NULL, 0, 20240102};
  uint32_t id2;
  assert_int_equal(vb_fam_set_insert(s, &it, &id2, &m, &err), 0);
  assert_int_equal(m.family, id);
  assert_int_equal(vb_fam_set_of(s, id2).family, id);
  vb_fam_set_free(s);
}

static void translation_family(void **state) {
  (void)state;
  vb_fam_set *s;
  vb_err err;
  assert_int_equal(vb_fam_set_new(&s, &err), 0);
  static stmt a, b, c;
  analyse(&a, "We shall never accept the annexation of Crimea that began on 26 February 2014 with 40 "
              "ships.", an_en);
  analyse(&b, "We will never accept the annexation of Crimea, which began on February 26, 2014, with "
              "40 ships.", an_en);
  analyse(&c, "We will never accept the annexation of Crimea, which began on February 26, 2014, with "
              "50 ships.", an_en);
  uint64_t crimea = vb_fam_anchor('E', "PLACE:crimea", 12), day = vb_fam_anchor('D', "2014-02-26", 10),
           n40 = vb_fam_anchor('N', "40", 2), n50 = vb_fam_anchor('N', "50", 2);
  uint64_t aa[] = {crimea, day, n40}, ab[] = {crimea, day, n40}, ac[] = {crimea, day, n50};
  vb_fam_item ia = {a.w, a.n, aa, vb_fam_anchors_sort(aa, 3), 20140301};
  vb_fam_item ib = {b.w, b.n, ab, vb_fam_anchors_sort(ab, 3), 20140302};
  vb_fam_item ic = {c.w, c.n, ac, vb_fam_anchors_sort(ac, 3), 20140303};
  uint32_t id;
  assert_int_equal(vb_fam_set_add(s, &ia, &id, &err), 0);
  assert_int_equal(vb_fam_set_add(s, &ib, &id, &err), 0);
  size_t possible = 0;
  assert_int_equal(vb_fam_set_build(s, &possible, &err), 0);
  vb_fam_match m = vb_fam_set_of(s, 1);
  assert_int_equal(m.family, 0);
  assert_int_equal(m.rel, VB_REL_TRANSLATION);
  assert_int_equal(possible, 0);
  /* a number disagrees: kept apart, marked possible */
  assert_int_equal(vb_fam_set_insert(s, &ic, &id, &m, &err), 0);
  assert_int_equal(m.family, VB_FAM_NONE);
  assert_int_equal(m.possible, 0);
  assert_int_equal(vb_fam_set_of(s, id).family, id);
  assert_int_equal(vb_fam_set_of(s, id).possible, 0);
  vb_fam_set_free(s);
}

/* Random long sentences and variants made of them (a word replaced, the
 * start trimmed, halves swapped): each variant finds its original among
 * many, and no unrelated sentence does. */
static void random_variants(void **state) {
  (void)state;
  enum { N = 400, LEN = 24, VOCAB = 5000 };
  vb_fam_set *s;
  vb_err err;
  assert_int_equal(vb_fam_set_new(&s, &err), 0);
  static vb_fam_word w[N][LEN];
  uint64_t seed = 7;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < LEN; j++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      w[i][j] = (vb_fam_word){(seed >> 33) % VOCAB + 1, 0, 0, VB_FAM_LETTER};
    }
  for (int i = 0; i < N; i++) {
    vb_fam_item it = {w[i], LEN, NULL, 0, 20000101 + i};
    uint32_t id;
    assert_int_equal(vb_fam_set_add(s, &it, &id, &err), 0);
  }
  assert_int_equal(vb_fam_set_build(s, NULL, &err), 0);
  int found = 0, wrong = 0;
  for (int i = 0; i < N; i++) {
    vb_fam_word v[LEN];
    size_t n = LEN;
    memcpy(v, w[i], sizeof v);
    if (i % 3 == 0) {
      v[LEN / 2].hash = VOCAB + 10 + (uint64_t)i; /* a word replaced */
    } else if (i % 3 == 1) {
      n = LEN - 4; /* trimmed at the start */
      memmove(v, v + 4, n * sizeof *v);
    } else {
      for (int j = 0; j < LEN; j++) v[j] = w[i][(j + LEN / 2) % LEN]; /* halves swapped */
    }
    vb_fam_item it = {v, n, NULL, 0, 20240101};
    vb_fam_match m;
    assert_int_equal(vb_fam_set_lookup(s, &it, &m, &err), 0);
    found += m.family == (uint32_t)i;
    wrong += m.family != VB_FAM_NONE && m.family != (uint32_t)i;
  }
  assert_int_equal(wrong, 0);
  assert_true(found >= N * 95 / 100);
  vb_fam_set_free(s);
}

/* ---- words given by the analysis while it encodes for the index -------- */

/* Text (after a language mark for lang, none when lang is "") as the
 * ingest threads take it: encoded for the index, its words given on the
 * way. They must be the words read back from the encoded text and the
 * words of an analysis of their own, hash and span, in that order; max
 * bounds the words given (the rest are encoded only). Run twice: the
 * second time every stem comes from the analyser's cache. */
static void given_as_read(an_termer *t, const char *lang, const char *text, size_t len, size_t max) {
  char mark[16];
  size_t ml = an_lang_mark(lang, strlen(lang), mark, sizeof mark);
  vb_buf in, out;
  vb_buf_init(&in, 0);
  vb_buf_add(&in, mark, ml);
  vb_buf_add(&in, text, len);
  static an_word given[VB_FAM_MAX_WORDS];
  static vb_fam_word from_given[VB_FAM_MAX_WORDS], read[VB_FAM_MAX_WORDS], own[VB_FAM_MAX_WORDS];
  for (int round = 0; round < 2; round++) {
    vb_buf_init(&out, 0);
    size_t n = 0;
    assert_int_equal(an_termer_encode_words(t, in.ptr, in.len, &out, given, max, &n), 0);
    assert_int_equal(vb_fam_words_given(given, n, text, from_given), n);
    long nr = vb_fam_words_pre(out.ptr, out.len, text, ml, read, max);
    an_analyzer *an = lang[0] ? an_termer_lang(t, lang) : an_termer_fold(t);
    long no = vb_fam_words(an, text, len, own, max);
    assert_int_equal((long)n, nr);
    assert_int_equal((long)n, no);
    for (size_t i = 0; i < n; i++) {
      assert_true(from_given[i].hash == read[i].hash);
      assert_true(from_given[i].hash == own[i].hash);
      assert_int_equal(from_given[i].start, read[i].start);
      assert_int_equal(from_given[i].end, read[i].end);
      assert_int_equal(from_given[i].flags, read[i].flags);
    }
    /* the index is given what an_termer_encode gives it */
    vb_buf plain;
    vb_buf_init(&plain, 0);
    assert_int_equal(an_termer_encode(t, in.ptr, in.len, &plain), 0);
    assert_int_equal(plain.len, out.len);
    assert_memory_equal(plain.ptr, out.ptr, out.len);
    vb_buf_free(&plain);
    vb_buf_free(&out);
  }
  vb_buf_free(&in);
}

static void words_given_while_encoding(void **state) {
  (void)state;
  an_termer *t;
  vb_err err;
  assert_int_equal(an_termer_new(&t, &err), 0);
  static const struct {
    const char *lang, *text;
  } cases[] = {
      /* stems that differ from the word, words that are their own stem */
      {"en", "The delegations were negotiating resolutions; the Council decided nothing."},
      /* longer than the stem cache keeps (23 bytes), and than is stemmed (128) */
      {"en", "Internationalisationalisations counterrevolutionaries "
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ended."},
      {"ru", "Делегации обсуждали резолюции Совета Безопасности в 2023 году."},
      {"fr", "Les délégations ont négocié les résolutions du Conseil."},
      {"", "No language: folded only, 42 words or none, Ünïcödé too."},
      {"xx", "A language without a stemmer: folded as written."},
      {"en", "  ...  "},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    given_as_read(t, cases[i].lang, cases[i].text, strlen(cases[i].text), VB_FAM_MAX_WORDS);
  /* fewer words given than the text has: the first ones */
  given_as_read(t, "en", cases[0].text, strlen(cases[0].text), 3);
  /* real documents, line by line and whole */
  static const char *const files[] = {"../shared/corpus/memri/sd-10850.txt",
                                      "../shared/corpus/debates/2020_debate1_part1.txt"};
  for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
    FILE *in = fopen(files[f], "rb");
    assert_non_null(in);
    static char body[1 << 20];
    size_t len = fread(body, 1, sizeof body, in);
    fclose(in);
    assert_true(len > 1000);
    for (size_t at = 0; at < len;) {
      const char *nl = memchr(body + at, '\n', len - at);
      size_t end = nl ? (size_t)(nl - body) : len;
      given_as_read(t, "en", body + at, end - at, VB_FAM_MAX_WORDS);
      at = end + 1;
    }
    given_as_read(t, "en", body, len, VB_FAM_MAX_WORDS);
  }
  an_termer_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(words_and_flags),     cmocka_unit_test(exact_hash),
      cmocka_unit_test(flags_beyond_ascii),  cmocka_unit_test(shingles_sorted_later),
      cmocka_unit_test(same_words_allowing_changes), cmocka_unit_test(word_diff),
      cmocka_unit_test(diff_limit),          cmocka_unit_test(translations),
      cmocka_unit_test(dates),               cmocka_unit_test(families_built),
      cmocka_unit_test(lookup_and_insert),
      cmocka_unit_test(translation_family),  cmocka_unit_test(random_variants),
      cmocka_unit_test(words_given_while_encoding),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
