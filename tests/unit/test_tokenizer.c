/* Text analysis: analysed forms and offsets in English, Arabic, Russian,
 * Turkish; the FTS5 tokenizer end to end; random input. */
#include "analyze/analyze.h"
#include "store/fts5_tokenizer.h"
#include "testutil.h"

typedef struct toks {
  const char *text;
  char form[32][64];
  char surface[32][64];
  int n;
} toks;

static int collect(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  toks *t = ctx;
  if (t->n < 32) {
    snprintf(t->form[t->n], 64, "%.*s", (int)n, tok);
    snprintf(t->surface[t->n], 64, "%.*s", (int)(end - start), t->text + start);
  }
  t->n++;
  return 0;
}

/* want: "form/surface" pairs, NULL-terminated */
static void analyses(const char *lang, int mode, const char *text, const char *const *want) {
  an_analyzer *an;
  vb_err err;
  assert_int_equal(an_analyzer_new(lang, mode, &an, &err), 0);
  toks t = {text, {{0}}, {{0}}, 0};
  assert_int_equal(an_words(an, text, strlen(text), collect, &t), 0);
  int k = 0;
  for (; want[k]; k++) {
    char pair[140];
    if (k >= t.n) fail_msg("'%s': only %d tokens", text, t.n);
    snprintf(pair, sizeof pair, "%s/%s", t.form[k], t.surface[k]);
    if (strcmp(pair, want[k]) != 0) fail_msg("'%s' token %d: got %s, want %s", text, k, pair, want[k]);
  }
  assert_int_equal(t.n, k);
  an_analyzer_free(an);
}

static void english(void **state) {
  (void)state;
  /* a word that is its own stem: one token tagged with the language; any
   * other: its written form, then its tagged stem on the same span */
  const char *const w1[] = {"prisoner/Prisoner", "|en|prison/Prisoner", "swaps/swaps", "|en|swap/swaps",
                            "2|en/2", "5|en/5", NULL};
  analyses("en", AN_FULL, "Prisoner swaps, 2.5", w1);
  const char *const w2[] = {"al|en/al", "aqsa|en/Aqsa", "hamas/Hamas", "|en|hama/Hamas", "s|en/s", NULL};
  analyses("en", AN_FULL, "al-Aqsa Hamas's", w2);
  const char *const w3[] = {"prisoner/Prisoner", "swaps/swaps", NULL};
  analyses("en", AN_FOLD, "Prisoner swaps", w3);
  const char *const w4[] = {"cafe/Caf\xC3\xA9", "muller/M\xC3\xBCller", NULL};
  analyses("", AN_FOLD, "Caf\xC3\xA9 M\xC3\xBCller", w4);
}

static void arabic(void **state) {
  (void)state;
  /* "Hamas" with and without harakat, alef with hamza vs plain, taa marbuta */
  an_analyzer *an;
  vb_err err;
  assert_int_equal(an_analyzer_new("ar", AN_FOLD, &an, &err), 0);
  const char *plain = "\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3";                                 /* حماس */
  const char *vowelled = "\xD8\xAD\xD9\x8E\xD9\x85\xD9\x8E\xD8\xA7\xD8\xB3\xD9\x8C";       /* حَمَاسٌ */
  const char *hamza = "\xD8\xA3\xD8\xAD\xD9\x85\xD8\xAF";                                  /* أحمد */
  const char *bare = "\xD8\xA7\xD8\xAD\xD9\x85\xD8\xAF";                                   /* احمد */
  const char *tatweel = "\xD8\xAD\xD9\x80\xD9\x85\xD8\xA7\xD8\xB3";                        /* حـماس */
  const char *marbuta = "\xD9\x85\xD8\xAF\xD9\x8A\xD9\x86\xD8\xA9";                        /* مدينة */
  const char *haa = "\xD9\x85\xD8\xAF\xD9\x8A\xD9\x86\xD9\x87";                            /* مدينه */
  toks a = {plain, {{0}}, {{0}}, 0}, b = {vowelled, {{0}}, {{0}}, 0};
  an_words(an, plain, strlen(plain), collect, &a);
  an_words(an, vowelled, strlen(vowelled), collect, &b);
  assert_string_equal(a.form[0], b.form[0]);
  assert_string_equal(b.surface[0], vowelled);
  toks c = {hamza, {{0}}, {{0}}, 0}, d = {bare, {{0}}, {{0}}, 0}, e = {tatweel, {{0}}, {{0}}, 0};
  an_words(an, hamza, strlen(hamza), collect, &c);
  an_words(an, bare, strlen(bare), collect, &d);
  an_words(an, tatweel, strlen(tatweel), collect, &e);
  assert_string_equal(c.form[0], d.form[0]);
  assert_string_equal(e.form[0], a.form[0]);
  toks f = {marbuta, {{0}}, {{0}}, 0}, g = {haa, {{0}}, {{0}}, 0};
  an_words(an, marbuta, strlen(marbuta), collect, &f);
  an_words(an, haa, strlen(haa), collect, &g);
  assert_string_equal(f.form[0], g.form[0]);
  an_analyzer_free(an);
}

static void russian_and_turkish(void **state) {
  (void)state;
  an_analyzer *an;
  vb_err err;
  assert_int_equal(an_analyzer_new("ru", AN_FULL, &an, &err), 0);
  /* Путина / Путину / ПУТИН stem alike */
  const char *a = "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD\xD0\xB0";
  const char *b = "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD\xD1\x83";
  const char *c = "\xD0\x9F\xD0\xA3\xD0\xA2\xD0\x98\xD0\x9D";
  toks ta = {a, {{0}}, {{0}}, 0}, tb = {b, {{0}}, {{0}}, 0}, tc = {c, {{0}}, {{0}}, 0};
  an_words(an, a, strlen(a), collect, &ta);
  an_words(an, b, strlen(b), collect, &tb);
  an_words(an, c, strlen(c), collect, &tc);
  /* путина, путину: written forms with the stem путин; ПУТИН is its own */
  char ka[64], kb[64], kc[64];
  ka[an_stem_key(ta.form[1], strlen(ta.form[1]), ka, sizeof ka - 1)] = '\0';
  kb[an_stem_key(tb.form[1], strlen(tb.form[1]), kb, sizeof kb - 1)] = '\0';
  kc[an_stem_key(tc.form[0], strlen(tc.form[0]), kc, sizeof kc - 1)] = '\0';
  assert_string_equal(ka, "|ru|\xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD");
  assert_string_equal(ka, kb);
  assert_string_equal(ka, kc);
  an_analyzer_free(an);
  const char *const w[] = {"istanbul/\xC4\xB0stanbul", "da/da", "istanbul/ISTANBUL",
                           "istanbul/istanbul", NULL};
  analyses("tr", AN_FOLD, "\xC4\xB0stanbul'da ISTANBUL istanbul", w);
}

typedef struct forms {
  char f[24][64];
  int n;
} forms;

static int take_form(void *ctx, const char *form, size_t n, size_t start, size_t end, int first) {
  (void)start;
  (void)end;
  forms *fs = ctx;
  if (fs->n < 24) snprintf(fs->f[fs->n++], 64, "%s%.*s", first ? "=" : "", (int)n, form);
  return 0;
}

/* The forms an_query_forms gives word (a prefix when prefix is 1), as
 * take_form writes them, joined by spaces: exactly want. */
static void expect_forms(an_termer *t, const an_langs *l, const char *word, int prefix, const char *want) {
  forms f = {{{0}}, 0};
  assert_int_equal(an_query_forms(t, l, word, strlen(word), prefix, take_form, &f), 0);
  char got[sizeof f.f + 24] = "";
  for (int i = 0; i < f.n; i++) {
    if (i) strcat(got, " ");
    strcat(got, f.f[i]);
  }
  if (strcmp(got, want)) fail_msg("forms of '%s': got '%s', want '%s'", word, got, want);
}

/* A query word: its written form, then its tagged stems in the languages
 * asked for, of its script, none cut too short; a prefix: written only. */
static void query_forms(void **state) {
  (void)state;
  an_termer *t;
  vb_err err;
  assert_int_equal(an_termer_new(&t, &err), 0);
  /* an archive with a document in no language: written forms always */
  an_langs erd = {"en,ru,de", 1}, en = {"en", 1}, fren = {"fr,en", 1};
  expect_forms(t, &erd, "rivers", 0, "=rivers river|en |en|river riv|de |de|riv");
  /* German stems "forests" to "for", an English function word (English
   * words stand in German text): not searched for */
  expect_forms(t, &erd, "forests", 0, "=forests forest|en |en|forest");
  expect_forms(t, &en, "vaccines", 1, "=vaccines");
  /* French stems "dies" to "di": too short to stand for the word */
  expect_forms(t, &fren, "dies", 0, "=dies die|en |en|die");
  expect_forms(t, &en, "us", 0, "=us us|en |en|us");
  an_termer_free(t);
}

/* Every document in a stemmed language: a word's written form is left out
 * where each language gives its stem (the statement holding "forests"
 * holds "|en|forest" too), kept where one cannot (a stem cut too short, a
 * language of another script that stems the word to something else),
 * and a prefix stays written. */
static void written_form_only_where_needed(void **state) {
  (void)state;
  an_termer *t;
  vb_err err;
  assert_int_equal(an_termer_new(&t, &err), 0);
  an_langs ende = {"en,de", 0}, en = {"en", 0}, none = {"", 0}, unstemmed = {"en", 1};
  expect_forms(t, &ende, "rivers", 0, "=river|en |en|river riv|de |de|riv");
  /* a German statement holding "forests" holds "|de|for", which is never
   * searched for (an English function word): the written form is */
  expect_forms(t, &ende, "forests", 0, "=forests forest|en |en|forest");
  /* "its": English stems it to "it", too short to be used */
  expect_forms(t, &en, "its", 0, "=its");
  /* each word of a phrase starts its own position */
  expect_forms(t, &en, "human rights", 0, "=human|en |en|human =right|en |en|right");
  /* a prefix: its written form; the words before it, their stems */
  expect_forms(t, &en, "nuclear weap", 1, "=nuclear|en |en|nuclear =weap");
  /* no language to stem in: the written form, not nothing */
  expect_forms(t, &none, "forests", 0, "=forests");
  /* a document in no stemmed language: written too */
  expect_forms(t, &unstemmed, "forests", 0, "=forests forest|en |en|forest");
  /* the languages noted: "" and "zh" (no stemmer) ask for written forms */
  an_langs l = {{0}, 0};
  an_langs_note(&l, "en", 2);
  an_langs_note(&l, "ru", 2);
  assert_string_equal(l.list, "en,ru");
  assert_int_equal(l.written, 0);
  an_langs_note(&l, "", 0);
  assert_int_equal(l.written, 1);
  an_langs m = {{0}, 0};
  an_langs_note(&m, "zh", 2);
  assert_int_equal(m.written, 1);
  assert_string_equal(m.list, "");
  an_termer_free(t);
}

static void mixed_script_offsets(void **state) {
  (void)state;
  const char *t = "Putin \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3 42";
  const char *const w[] = {"putin/Putin", "\xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD/\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",
                           "\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3/\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3", "42/42", NULL};
  analyses("", AN_FOLD, t, w);
}

/* pre: rows are analysed ahead (as ingest threads do) into a contentless
 * table, as the archive keeps them */
static sqlite3 *fts_db_as(int pre) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
  vb_err err;
  assert_int_equal(vs_fts5_tokenizer_register(db, NULL, &err), 0);
  assert_int_equal(sqlite3_exec(db,
                                pre ? "CREATE VIRTUAL TABLE t USING fts5(x, content='', tokenize='verbatim')"
                                    : "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='verbatim')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  an_termer *tm = NULL;
  assert_int_equal(an_termer_new(&tm, &err), 0);
  static const char *const rows[] = {
      "\x1f" "en\x1f" "The U.S. conducts prisoner swaps.",
      "\x1f" "en\x1f" "We have factories for Kalashnikovs.",
      "\x1f" "ar\x1f" "\xD8\xAD\xD9\x8E\xD9\x85\xD9\x8E\xD8\xA7\xD8\xB3\xD9\x8C \xD9\x81\xD9\x8A \xD8\xA3\xD9\x84\xD9\x85\xD8\xA7\xD9\x86\xD9\x8A\xD8\xA7",
      "\x1f" "ru\x1f" "\xD0\x9C\xD1\x8B \xD0\xB2\xD1\x81\xD1\x82\xD1\x80\xD0\xB5\xD1\x82\xD0\xB8\xD0\xBB\xD0\xB8\xD1\x81\xD1\x8C \xD1\x81 \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD\xD1\x8B\xD0\xBC",
      "\x1f" "tr\x1f" "\xC4\xB0stanbul'da toplant\xC4\xB1lar yap\xC4\xB1ld\xC4\xB1",
      "\x1f" "en\x1f" "We work for peace.",
      "\x1f" "en\x1f" "Forests burn; vaccines arrived. Happy days.",
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES(?2, ?1)", -1, &st, NULL);
    vb_buf b;
    vb_buf_init(&b, 0);
    if (pre) {
      assert_int_equal(an_termer_encode(tm, rows[i], strlen(rows[i]), &b), 0);
      sqlite3_bind_text64(st, 1, b.ptr, b.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
      sqlite3_bind_text(st, 1, rows[i], -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(st, 2, (int)i + 1);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    vb_buf_free(&b);
  }
  an_termer_free(tm);
  return db;
}

static sqlite3 *fts_db(void) { return fts_db_as(0); }

static int matches(sqlite3 *db, const char *q) {
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
  int row = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) row = row * 10 + sqlite3_column_int(st, 0);
  if (rc != SQLITE_DONE) fail_msg("MATCH %s: %s", q, sqlite3_errmsg(db));
  sqlite3_finalize(st);
  return row;
}

static void fts5_end_to_end(void **state) {
  (void)state;
  sqlite3 *db = fts_db();
  assert_int_equal(matches(db, "swap"), 1);
  assert_int_equal(matches(db, "\"prisoner swap\""), 1);
  assert_int_equal(matches(db, "SWAPPING"), 1);
  assert_int_equal(matches(db, "kalash*"), 2);
  assert_int_equal(matches(db, "kalashnikov"), 2);
  /* Arabic without harakat finds the vowelled row; alef without hamza too */
  assert_int_equal(matches(db, "\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3"), 3);
  assert_int_equal(matches(db, "\xD8\xA7\xD9\x84\xD9\x85\xD8\xA7\xD9\x86\xD9\x8A\xD8\xA7"), 3);
  /* Russian: Путина finds Путиным */
  assert_int_equal(matches(db, "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD\xD0\xB0"), 4);
  /* Turkish: istanbul, ISTANBUL */
  assert_int_equal(matches(db, "istanbul"), 5);
  assert_int_equal(matches(db, "ISTANBUL"), 5);
  assert_int_equal(matches(db, "absent"), 0);
  /* German stems "forest" to "for": that stem meets German statements
   * only, never the English "for" */
  assert_int_equal(matches(db, "forest"), 7);
  assert_int_equal(matches(db, "forests"), 7);
  assert_int_equal(matches(db, "for"), 26);
  assert_int_equal(matches(db, "\"forests burn\""), 7);
  assert_int_equal(matches(db, "\"forest burning\""), 7);
  /* a prefix is of the written word: vaccine* finds vaccines (stem
   * vaccin), happi* does not find happy (stem happi) */
  assert_int_equal(matches(db, "vaccine*"), 7);
  assert_int_equal(matches(db, "happi*"), 0);
  /* in a prefix phrase, the words before the last are whole words */
  assert_int_equal(matches(db, "\"work fo\"*"), 6);
  assert_int_equal(matches(db, "\"forest bu\"*"), 7);
  assert_int_equal(matches(db, "happy"), 7);
  assert_int_equal(matches(db, "happiness"), 7);
  /* a string marked as a form is that index token, unanalysed: the
   * stem's token and the written form, never a word it would analyse to */
  assert_int_equal(matches(db, "\"\x1e|en|swap\""), 1);
  assert_int_equal(matches(db, "\"\x1eswaps\""), 1);
  assert_int_equal(matches(db, "\"\x1eswap\""), 0);
  assert_int_equal(matches(db, "\"\x1e|en|peac\" OR \"\x1epeac|en\""), 6);
  /* highlight offsets land on the surface words */
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'swap'", -1, &st, NULL);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_non_null(strstr((const char *)sqlite3_column_text(st, 0), "prisoner [swaps]"));
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/* Pre-analysed rows find exactly what analysed-on-insert rows find. */
static void fts5_pre_analysed(void **state) {
  (void)state;
  sqlite3 *a = fts_db_as(0), *b = fts_db_as(1);
  static const char *const qs[] = {
      "swap", "\"prisoner swap\"", "SWAPPING", "kalash*", "kalashnikov",
      "\xD8\xAD\xD9\x85\xD8\xA7\xD8\xB3", "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD\xD0\xB0",
      "istanbul", "absent", "NEAR(conducts swaps, 2)", "forest", "\"forests burn\"", "vaccine*", "happi*"};
  for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) assert_int_equal(matches(a, qs[i]), matches(b, qs[i]));
  assert_int_equal(matches(b, "kalashnikov"), 2);
  sqlite3_close(a);
  sqlite3_close(b);
}

/* last: the end of the previous word, the text's length, the previous
 * token's span (a stem shares its written form's) */
static int check_offsets(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  size_t *last = ctx;
  assert_true(n > 0);
  int colocated = start == last[2] && end == last[3];
  assert_true(start < end && (colocated || start >= last[0]) && end <= last[1]);
  if (colocated) assert_true(tok[0] == AN_TAG);
  last[0] = end;
  last[2] = start;
  last[3] = end;
  return 0;
}

static void random_text(void **state) {
  (void)state;
  an_analyzer *en, *ar;
  vb_err err;
  assert_int_equal(an_analyzer_new("en", AN_FULL, &en, &err), 0);
  assert_int_equal(an_analyzer_new("ar", AN_FULL, &ar, &err), 0);
  unsigned seed = 11;
  char buf[256];
  for (int iter = 0; iter < 5000; iter++) {
    size_t n = (size_t)(iter % 255) + 1;
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (seed >> 16) % 3 ? "ab \xD8\xA7\xD9\x8E.\xC3\xA9'-"[(seed >> 8) % 13] : (char)(seed >> 20);
    }
    size_t last[4] = {0, n, SIZE_MAX, SIZE_MAX};
    assert_int_equal(an_words(en, buf, n, check_offsets, last), 0);
    last[0] = 0;
    last[2] = last[3] = SIZE_MAX;
    assert_int_equal(an_words(ar, buf, n, check_offsets, last), 0);
  }
  an_analyzer_free(en);
  an_analyzer_free(ar);
}

/* Hashes the analysed forms in order (an_words' fn). */
static int hash_forms(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  uint64_t *h = ctx;
  (void)start;
  (void)end;
  for (size_t i = 0; i < n; i++) *h = (*h ^ (unsigned char)tok[i]) * 1099511628211u;
  *h = (*h ^ 0xff) * 1099511628211u;
  return 0;
}

/* An analyser made for a few hundred words (a search's snippets) makes no
 * cache of stems: its 768 KiB were new pages touched at random, a page
 * fault each. One that goes on to stem thousands makes it, and the forms
 * are the same with it as without. */
static void stem_cache_made_when_it_pays(void **state) {
  (void)state;
  static const char *const words[] = {"nations", "running", "agreements", "peaceful", "developing",
                                      "security", "councils", "resolutions", "governments", "rights"};
  vb_buf text;
  vb_buf_init(&text, 0);
  for (int i = 0; i < 6000; i++) vb_buf_printf(&text, "%s%d %s ", words[i % 10], i % 97, words[(i * 7) % 10]);
  assert_false(text.failed);
  vb_err err;
  an_analyzer *few, *warm;
  assert_int_equal(an_analyzer_new("en", AN_FULL, &few, &err), 0);
  assert_int_equal(an_analyzer_new("en", AN_FULL, &warm, &err), 0);
  uint64_t h1 = 1469598103934665603u, h2 = h1;
  const char *snip = "The nations agreed on peaceful developing rights, running councils for security.";
  assert_int_equal(an_words(few, snip, strlen(snip), hash_forms, &h1), 0);
  assert_int_equal(an_cache_bytes(few), 0);
  assert_int_equal(an_words(warm, text.ptr, text.len, hash_forms, &h2), 0);
  assert_true(an_cache_bytes(warm) > 0);
  /* the same words through the cache and through the stemmer alone */
  h1 = h2 = 1469598103934665603u;
  assert_int_equal(an_words(warm, snip, strlen(snip), hash_forms, &h2), 0);
  assert_int_equal(an_words(few, snip, strlen(snip), hash_forms, &h1), 0);
  assert_true(h1 == h2);
  uint64_t h3 = 1469598103934665603u, h4 = h3;
  assert_int_equal(an_words(warm, text.ptr, text.len, hash_forms, &h3), 0);
  an_analyzer *cold;
  assert_int_equal(an_analyzer_new("en", AN_FULL, &cold, &err), 0);
  assert_int_equal(an_words(cold, text.ptr, text.len, hash_forms, &h4), 0);
  assert_true(h3 == h4);
  an_analyzer_free(cold);
  an_analyzer_free(few);
  an_analyzer_free(warm);
  vb_buf_free(&text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(english),         cmocka_unit_test(arabic),
      cmocka_unit_test(russian_and_turkish), cmocka_unit_test(mixed_script_offsets),
      cmocka_unit_test(fts5_end_to_end), cmocka_unit_test(fts5_pre_analysed),
      cmocka_unit_test(random_text),     cmocka_unit_test(query_forms),     cmocka_unit_test(written_form_only_where_needed),
      cmocka_unit_test(stem_cache_made_when_it_pays),
  };
  return cmocka_run_group_tests_name("tokenizer", tests, NULL, NULL);
}
