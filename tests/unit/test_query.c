/* The query language: valid queries against their canonical trees,
 * malformed ones against the column and message, limits, and random input. */
#include "query/query.h"
#include "testutil.h"

static void parses_to(const char *q, const char *want) {
  vb_arena *a = vb_arena_new(0);
  vb_qnode *n;
  vb_err err;
  vb_err_clear(&err);
  int rc = vb_query_parse(q, strlen(q), a, &n, &err);
  if (rc) fail_msg("'%s' failed at %lld: %s", q, err.offset, err.msg);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_query_format(n, &b);
  if (strcmp(b.ptr, want) != 0) fail_msg("'%s'\n  got  %s\n  want %s", q, b.ptr, want);
  vb_buf_free(&b);
  vb_arena_free(a);
}

static void fails_at(const char *q, long long col, const char *msg_part) {
  vb_arena *a = vb_arena_new(0);
  vb_qnode *n;
  vb_err err;
  vb_err_clear(&err);
  int rc = vb_query_parse(q, strlen(q), a, &n, &err);
  if (rc != VB_EQUERY) fail_msg("'%s' should fail, got %d", q, rc);
  if (err.offset != col) fail_msg("'%.60s': column %lld, want %lld (%s)", q, err.offset, col, err.msg);
  if (!strstr(err.msg, msg_part)) fail_msg("'%s': message '%s' lacks '%s'", q, err.msg, msg_part);
  assert_string_equal(err.file, "query");
  vb_arena_free(a);
}

static void valid(void **state) {
  (void)state;
  parses_to("swap", "(TERM swap)");
  parses_to("prisoner swap", "(AND (TERM prisoner) (TERM swap))");
  parses_to("\"prisoner swap\"", "(PHRASE \"prisoner swap\")");
  parses_to("\"swap\"", "(TERM swap)");
  parses_to("kalash*", "(PREFIX kalash*)");
  /* a phrase ending in a prefix, the star outside the quotes or in */
  parses_to("\"nuclear weap\"*", "(PREFIX nuclear weap*)");
  parses_to("\"nuclear weap*\"", "(PREFIX nuclear weap*)");
  parses_to("\"weap\"* arms", "(AND (PREFIX weap*) (TERM arms))");
  parses_to("a OR b", "(OR (TERM a) (TERM b))");
  parses_to("a b OR c", "(AND (TERM a) (OR (TERM b) (TERM c)))");
  parses_to("a OR b c", "(AND (OR (TERM a) (TERM b)) (TERM c))");
  parses_to("a OR b OR c", "(OR (TERM a) (TERM b) (TERM c))");
  parses_to("a AND b AND c", "(AND (TERM a) (TERM b) (TERM c))");
  parses_to("(a OR b) AND c", "(AND (OR (TERM a) (TERM b)) (TERM c))");
  parses_to("a -b", "(AND (TERM a) (NOT (TERM b)))");
  parses_to("a NOT b", "(AND (TERM a) (NOT (TERM b)))");
  parses_to("a -\"b c\"", "(AND (TERM a) (NOT (PHRASE \"b c\")))");
  parses_to("a -(b OR c)", "(AND (TERM a) (NOT (OR (TERM b) (TERM c))))");
  parses_to("a NOT NOT b", "(AND (TERM a) (TERM b))");
  parses_to("and or", "(AND (TERM and) (TERM or))");
  parses_to("a NEAR b", "(NEAR/10 (TERM a) (TERM b))");
  parses_to("a NEAR/3 \"b c\"", "(NEAR/3 (TERM a) (PHRASE \"b c\"))");
  parses_to("a NEAR/3 b NEAR/3 c", "(NEAR/3 (TERM a) (TERM b) (TERM c))");
  parses_to("a NEAR/2 b OR c", "(OR (NEAR/2 (TERM a) (TERM b)) (TERM c))");
  parses_to("=Hamas", "(TERM =Hamas)");
  parses_to("exact:\"Hamas leaders\"", "(PHRASE =\"Hamas leaders\")");
  parses_to("exact:Gaza", "(TERM =Gaza)");
  parses_to("speaker:baraka kalashnikov", "(AND (FILTER speaker \"baraka\") (TERM kalashnikov))");
  parses_to("speaker:\"ali baraka\"", "(FILTER speaker \"ali baraka\")");
  parses_to("SPEAKER:x y", "(AND (FILTER speaker \"x\") (TERM y))");
  parses_to("-tag:ukraine russia", "(AND (NOT (FILTER tag \"ukraine\")) (TERM russia))");
  parses_to("\"prisoner swap\" speaker:baraka mentions:russia tag:palestinians after:2023-10-01 -ukraine",
            "(AND (PHRASE \"prisoner swap\") (FILTER speaker \"baraka\") (FILTER mentions \"russia\")"
            " (FILTER tag \"palestinians\") (FILTER after \"2023-10-01\") (NOT (TERM ukraine)))");
  parses_to("date:2024-02 x", "(AND (FILTER date \"2024-02\") (TERM x))");
  parses_to("kind:reported", "(FILTER kind \"indirect\")"); /* its name before issue 16 */
  parses_to("kind:mixed", "(FILTER kind \"mixed\")");
  parses_to("type:ORG lang:ar series:\"special dispatch\" channel:rt doc:9ea6 before:2024",
            "(AND (FILTER type \"ORG\") (FILTER lang \"ar\") (FILTER series \"special dispatch\")"
            " (FILTER channel \"rt\") (FILTER doc \"9ea6\") (FILTER before \"2024\"))");
  parses_to("\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3 \xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",
            "(AND (TERM \xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3) (TERM \xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD))");
  parses_to("al-Aqsa Hamas's", "(AND (TERM al-Aqsa) (TERM Hamas's))");
  parses_to("at 9:00", "(AND (TERM at) (TERM 9:00))");
  parses_to("Baraka: said", "(AND (TERM Baraka) (TERM said))");
  parses_to("((a))", "(TERM a)");
  parses_to("x (a OR (b c))", "(AND (TERM x) (OR (TERM a) (AND (TERM b) (TERM c))))");
  parses_to("  spaced\tout \n", "(AND (TERM spaced) (TERM out))");
}

static int fulltext(const char *q) {
  vb_arena *a = vb_arena_new(0);
  vb_qnode *n;
  vb_err err;
  if (vb_query_parse(q, strlen(q), a, &n, &err)) fail_msg("'%s' failed: %s", q, err.msg);
  int ft = vb_query_is_fulltext(n);
  vb_arena_free(a);
  return ft;
}

/* What one full-text match can answer, and what has to be a condition
 * beside it: a filter is a positive term, so `speaker:putin -sanctions`
 * is a filter AND NOT (a match). */
static void fulltext_parts(void **state) {
  (void)state;
  assert_true(fulltext("swap"));
  assert_true(fulltext("a -b"));
  assert_true(fulltext("a NOT (b OR c)"));
  assert_true(fulltext("(a OR b) c -d"));
  assert_true(fulltext("a NEAR/3 b"));
  assert_false(fulltext("speaker:putin"));
  assert_false(fulltext("speaker:putin -sanctions"));
  assert_false(fulltext("a OR -b"));
  assert_true(fulltext("a (-b -c)")); /* flattened: a -b -c */
  assert_false(fulltext("a OR (-b -c)"));
  assert_false(fulltext("a (b OR speaker:x)"));
  /* the parts the backends compile one by one */
  vb_arena *a = vb_arena_new(0);
  vb_qnode *n;
  vb_err err;
  const char *q = "speaker:putin -sanctions";
  assert_int_equal(vb_query_parse(q, strlen(q), a, &n, &err), 0);
  assert_int_equal(n->kind, VB_Q_AND);
  assert_false(vb_query_is_fulltext(n->kids[1]));
  assert_true(vb_query_is_fulltext(n->kids[1]->kids[0]));
  vb_arena_free(a);
}

static void date_ranges(void **state) {
  (void)state;
  vb_arena *a = vb_arena_new(0);
  vb_qnode *n;
  vb_err err;
  assert_int_equal(vb_query_parse("date:2024-02", 12, a, &n, &err), 0);
  assert_string_equal(n->date_lo, "2024-02-01");
  assert_string_equal(n->date_hi, "2024-02-29");
  assert_int_equal(vb_query_parse("date:2023", 9, a, &n, &err), 0);
  assert_string_equal(n->date_hi, "2023-12-31");
  assert_int_equal(vb_query_parse("after:2023-10-08", 16, a, &n, &err), 0);
  assert_string_equal(n->date_lo, "2023-10-08");
  vb_arena_free(a);
}

static void malformed(void **state) {
  (void)state;
  fails_at("", 0, "empty query");
  fails_at("   ", 0, "empty query");
  fails_at("\"unclosed", 0, "unclosed quote");
  fails_at("a \"b", 2, "unclosed quote");
  /* a star alone would look for a word "*" and silently find nothing */
  fails_at("\"a b\" *", 6, "'*' ends a word or a phrase");
  fails_at("*", 0, "'*' ends a word or a phrase");
  {
    /* the query is its bytes, not a C string: the parser reads "*" (one
     * byte) and never the star after it (fuzz_query found the overread) */
    vb_arena *a = vb_arena_new(0);
    vb_qnode *n;
    vb_err err;
    vb_err_clear(&err);
    assert_int_equal(vb_query_parse("**", 1, a, &n, &err), VB_EQUERY);
    assert_non_null(strstr(err.msg, "'*' ends a word or a phrase"));
    vb_arena_free(a);
  }
  fails_at("a)", 1, "')' without '('");
  fails_at("(a", 0, "never closed");
  fails_at("()", 0, "empty parentheses");
  fails_at("a OR", 4, "missing at the end");
  fails_at("OR a", 0, "OR needs a term");
  fails_at("a AND", 5, "missing");
  fails_at("a NEAR", 6, "missing");
  fails_at("NEAR b", 0, "NEAR needs");
  fails_at("a NEAR/0 b", 2, "NEAR/k");
  fails_at("a NEAR/500 b", 2, "NEAR/k");
  fails_at("a NEAR/x b", 2, "NEAR/k");
  fails_at("-a", 0, "positive");
  fails_at("-a -b", 0, "positive");
  fails_at("NOT a", 0, "positive");
  fails_at("a - b", 2, "'-' needs");
  fails_at("= b", 0, "'=' needs");
  fails_at("spekaer:x", 0, "did you mean speaker:");
  fails_at("x tga:y", 2, "did you mean tag:");
  fails_at("speaker:", 0, "missing value after 'speaker:'");
  fails_at("after:yesterday", 0, "after: wants a date");
  fails_at("date:2023-13", 0, "wants a date");
  fails_at("date:2023-02-30", 0, "wants a date");
  fails_at("kind:shouted", 0, "kind: takes");
  fails_at("type:animal", 0, "type: takes");
  fails_at("lang:english", 0, "lang: takes");
  fails_at("speaker:\"\"", 0, "empty value");
  fails_at("\"\"", 0, "empty phrase");
}

static void limits(void **state) {
  (void)state;
  static char deep[2002];
  memset(deep, '(', 1000);
  deep[1000] = 'a';
  memset(deep + 1001, ')', 1000);
  fails_at(deep, 64, "deeper than 64");
  static char many[8000];
  size_t n = 0;
  while (n + 2 < 4000) {
    many[n++] = 'a';
    many[n++] = ' ';
  }
  many[n] = '\0';
  fails_at(many, 2046, "more than");
  static char longq[5000];
  memset(longq, 'a', sizeof longq - 1);
  fails_at(longq, 4096, "longer than 4096");
  static char nots[401];
  for (int i = 0; i < 100; i++) memcpy(nots + i * 4, "NOT ", 4);
  nots[399] = 'a';
  fails_at(nots, 256, "deeper than 64");
}

static void random_queries(void **state) {
  (void)state;
  static const char *const pieces[] = {"(", ")", "\"", "-", "*", ":", " OR ", " AND ", " NOT ",
                                       " NEAR/3 ", "word", " ", "speaker:", "x", "=", "\xFF",
                                       "\xC3\xA9", "after:2023", "tag:", "NEAR"};
  unsigned seed = 3;
  char q[200];
  for (int iter = 0; iter < 20000; iter++) {
    size_t n = 0;
    int parts = (int)(seed % 12) + 1;
    for (int p = 0; p < parts; p++) {
      seed = seed * 1664525u + 1013904223u;
      const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
      size_t l = strlen(piece);
      if (n + l >= sizeof q) break;
      memcpy(q + n, piece, l);
      n += l;
    }
    seed = seed * 1664525u + 1013904223u;
    vb_arena *a = vb_arena_new(0);
    vb_qnode *node;
    vb_err err;
    vb_err_clear(&err);
    int rc = vb_query_parse(q, n, a, &node, &err);
    if (rc) {
      assert_int_equal(rc, VB_EQUERY);
      assert_true(err.offset >= 0 && err.offset <= (long long)n);
    } else {
      vb_buf b;
      vb_buf_init(&b, 0);
      assert_int_equal(vb_query_format(node, &b), 0);
      vb_buf_free(&b);
    }
    vb_arena_free(a);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(valid), cmocka_unit_test(fulltext_parts),  cmocka_unit_test(date_ranges),    cmocka_unit_test(malformed),
      cmocka_unit_test(limits), cmocka_unit_test(random_queries),
  };
  return cmocka_run_group_tests_name("query", tests, NULL, NULL);
}
