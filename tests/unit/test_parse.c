/* Parser behaviours one at a time, through the public API: errors name the
 * file and place, labels and quotes, reported speech, roles. */
#include <math.h>

#include "core/buf.h"
#include "core/text.h"
#include "testutil.h"
#include "verbatim.h"

static vb_doc *parse(const char *text) {
  vb_doc *doc = NULL;
  vb_err err;
  int rc = vb_doc_parse(text, strlen(text), "t.txt", NULL, &doc, &err);
  if (rc) fail_msg("parse failed: %s", err.msg);
  return doc;
}

static int str_is(vb_str s, const char *want) {
  return s.ptr && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void assert_slice(const vb_doc_view *v, uint32_t start, uint32_t end, const char *want) {
  vb_str s = {v->body.ptr + start, end - start};
  if (!str_is(s, want)) fail_msg("expected '%s', got '%.*s'", want, (int)s.len, s.ptr);
}

static void empty_input_is_an_error(void **state) {
  (void)state;
  vb_doc *doc;
  vb_err err;
  assert_int_equal(vb_doc_parse("", 0, "empty.txt", NULL, &doc, &err), VB_EEMPTY);
  assert_null(doc);
  assert_string_equal(err.file, "empty.txt");
  assert_int_equal(vb_doc_parse("\n \n\t\n", 5, "blank.txt", NULL, &doc, &err), VB_EEMPTY);
  char msg[600];
  vb_err_format(&err, msg, sizeof msg);
  assert_non_null(strstr(msg, "blank.txt"));
}

/* Bytes handed over are freed by the parse (once decoded, or on a
 * refusal: the sanitizer build finds a leak or a double free) and give the
 * document the borrowed bytes give. */
static void owned_input_parses_the_same(void **state) {
  (void)state;
  char *text, *copy;
  size_t n;
  vb_err err;
  assert_int_equal(vb_file_read(SHARED_DIR "/corpus/memri/sd-10850.txt", &text, &n, &err), 0);
  copy = malloc(n);
  assert_non_null(copy);
  memcpy(copy, text, n);
  vb_doc *a, *b;
  assert_int_equal(vb_doc_parse(text, n, "sd-10850.txt", NULL, &a, &err), 0);
  assert_int_equal(vb_doc_parse_owned(copy, n, "sd-10850.txt", NULL, &b, &err), 0);
  char *ja, *jb;
  assert_int_equal(vb_doc_to_json(a, 0, &ja, &err), 0);
  assert_int_equal(vb_doc_to_json(b, 0, &jb, &err), 0);
  assert_string_equal(ja, jb);
  free(ja);
  free(jb);
  vb_doc_free(a);
  vb_doc_free(b);
  free(text);
  /* refused: blank, then binary, then no bytes at all */
  copy = malloc(5);
  assert_non_null(copy);
  memcpy(copy, "\n \n\t\n", 5);
  assert_int_equal(vb_doc_parse_owned(copy, 5, "blank.txt", NULL, &b, &err), VB_EEMPTY);
  assert_null(b);
  copy = malloc(64);
  assert_non_null(copy);
  memset(copy, 0, 64); /* binary */
  assert_int_not_equal(vb_doc_parse_owned(copy, 64, "bad.txt", NULL, &b, &err), 0);
  assert_null(b);
  assert_int_equal(vb_doc_parse_owned(NULL, 3, "none.txt", NULL, &b, &err), VB_EUSAGE);
}

static void labels_turns_and_continuations(void **state) {
  (void)state;
  vb_doc *doc = parse("Host: Welcome.\n\nJane Roe: Thanks. I agree.\n\nMore from me.\n\nHost: Bye.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nspeakers, 2);
  assert_true(str_is(v->speakers[0].name, "Host"));
  assert_true(v->speakers[0].host);
  assert_true(str_is(v->speakers[1].name, "Jane Roe"));
  assert_false(v->speakers[1].host);
  assert_int_equal(v->nturns, 3);
  assert_int_equal(v->turns[1].speaker, 1);
  assert_int_equal(v->turns[1].nparagraphs, 2);
  assert_slice(v, v->turns[1].paragraphs[0].start, v->turns[1].paragraphs[0].end, "Thanks. I agree.");
  assert_slice(v, v->turns[1].paragraphs[1].start, v->turns[1].paragraphs[1].end, "More from me.");
  /* statements: one per sentence, attributed */
  assert_int_equal(v->nstatements, 5);
  assert_int_equal(v->statements[1].speaker, 1);
  assert_int_equal(v->statements[1].kind, VB_KIND_DIRECT);
  assert_slice(v, v->statements[2].start, v->statements[2].end, "I agree.");
  vb_doc_free(doc);
}

/* A debate's moderator is labelled by name alone: the opening turn says
 * so (data/debate-host-cues.txt), by a greeting with the speaker's own
 * introduction or with a word of moderating; neither alone will do. */
static void debate_opening_makes_the_host(void **state) {
  (void)state;
  static const struct {
    const char *opening;
    int host;
  } cases[] = {
      {"Good evening from the civic hall. I'm Martha Lind, and I welcome you to tonight's debate.", 1},
      {"Good evening and welcome. Tonight I am moderating a debate between two candidates.", 1},
      {"Good evening and welcome to the civic hall, where two candidates meet tonight.", 0},
      {"I'm Martha Lind. I am moderating a debate between two candidates tonight.", 0},
      {"Good evening. I'm Martha Lind, and you are welcome here tonight.", 1},
      {"Good evening, welcome. I'm Paul Grant's neighbour and his friend.", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[1024];
    snprintf(text, sizeof text,
             "Martha Lind: %s\n\nPaul Grant: Thank you, Martha. It is good to be here.\n\n"
             "Martha Lind: Your first answer, Mr. Grant.\n\nPaul Grant: Gladly.\n",
             cases[i].opening);
    vb_doc *doc = parse(text);
    const vb_doc_view *v = vb_doc_get(doc);
    assert_int_equal(v->nspeakers, 2);
    assert_true(str_is(v->speakers[0].name, "Martha Lind"));
    if (v->speakers[0].host != cases[i].host)
      fail_msg("\"%s\": host %d, wanted %d", cases[i].opening, v->speakers[0].host, cases[i].host);
    assert_false(v->speakers[1].host);
    vb_doc_free(doc);
  }
}

static void short_label_joins_full_name(void **state) {
  (void)state;
  vb_doc *doc = parse("Baraka: \"One.\"\n\nInterviewer: \"Two?\"\n\nAli Baraka: \"Three.\"\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nspeakers, 2);
  assert_true(str_is(v->speakers[0].name, "Ali Baraka"));
  assert_int_equal(v->speakers[0].naliases, 1);
  assert_true(str_is(v->speakers[0].aliases[0], "Baraka"));
  assert_int_equal(v->turns[0].speaker, v->turns[2].speaker);
  /* quote marks are not part of the paragraph */
  assert_slice(v, v->turns[0].paragraphs[0].start, v->turns[0].paragraphs[0].end, "One.");
  vb_doc_free(doc);
}

static void multi_paragraph_quote_closes_on_last(void **state) {
  (void)state;
  vb_doc *doc = parse("Guest Speaker: \"First part.\n\n\"Second part with 'inner' words.\n\n"
                      "\"Third and last.\"\n\nHost: \"Next?\"\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nturns, 2);
  assert_int_equal(v->turns[0].nparagraphs, 3);
  assert_slice(v, v->turns[0].paragraphs[1].start, v->turns[0].paragraphs[1].end,
               "Second part with 'inner' words.");
  assert_slice(v, v->turns[0].paragraphs[2].start, v->turns[0].paragraphs[2].end, "Third and last.");
  vb_doc_free(doc);
}

static void title_claim_is_a_statement_not_a_turn(void **state) {
  (void)state;
  vb_doc *doc = parse("Senior Party Official Max Mustermann: We Will Win Everything\n\n"
                      "Senior Party official Max Mustermann said on Monday that his party would win.\n\n"
                      "Max Mustermann: \"We will win.\"\n\nInterviewer: \"Really?\"\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_true(str_is(v->speakers[0].name, "Max Mustermann"));
  assert_true(str_is(v->speakers[0].role, "Senior Party official"));
  assert_true(str_is(v->speakers[0].affiliation, "Party"));
  assert_int_equal(v->nturns, 2);
  assert_int_equal(v->statements[0].kind, VB_KIND_TITLE);
  assert_slice(v, v->statements[0].start, v->statements[0].end, "We Will Win Everything");
  /* the summary: "… said on Monday that" is narration, what follows is
   * what he said, reported */
  assert_int_equal(v->statements[1].speaker, -1);
  assert_int_equal(v->statements[2].kind, VB_KIND_INDIRECT);
  assert_int_equal(v->statements[2].speaker, 0);
  assert_slice(v, v->statements[2].start, v->statements[2].end, "his party would win.");
  const vb_attribution *at = &v->attributions[v->statements[2].attribution];
  assert_slice(v, at->source.start, at->source.end, "Senior Party official Max Mustermann");
  assert_slice(v, at->cue.start, at->cue.end, "said");
  vb_doc_free(doc);
}

static void chevrons_change_speaker(void **state) {
  (void)state;
  vb_doc *doc = parse(">> HELLO THERE.\n>> HI. WHO ARE YOU?\n>> REPORTER: I AM\nHERE.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nturns, 3);
  assert_int_equal(v->turns[0].speaker, -1);
  assert_int_equal(v->turns[1].speaker, -1);
  assert_true(v->turns[2].speaker >= 0);
  assert_true(v->speakers[v->turns[2].speaker].host);
  vb_doc_free(doc);
}

static void insertions_and_dates(void **state) {
  (void)state;
  vb_doc *doc = parse("Speaker One: We met [the minister] on March 3, 2024 and [later] left.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->ninsertions, 2);
  assert_slice(v, v->insertions[0].start, v->insertions[0].end, "the minister");
  assert_int_equal(v->ndates, 1);
  assert_string_equal(v->dates[0].value, "2024-03-03");
  vb_doc_free(doc);
}

typedef struct want_quantity {
  const char *text, *unit; /* unit "" for none */
  double value;
} want_quantity;

/* doc's quantities are want[0..n), in order: span, value (to a millionth
 * of it) and unit. */
static void quantities_are(vb_doc *doc, const want_quantity *want, size_t n) {
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nquantities, n);
  for (size_t i = 0; i < v->nquantities; i++) {
    assert_slice(v, v->quantities[i].start, v->quantities[i].end, want[i].text);
    assert_true(fabs(v->quantities[i].value - want[i].value) <= 1e-6 * want[i].value);
    assert_true(want[i].unit[0] ? str_is(v->quantities[i].unit, want[i].unit) : !v->quantities[i].unit.len);
  }
}

static void quantities(void **state) {
  (void)state;
  vb_doc *doc = parse("Speaker One: Ranges of 250 kms and 1,500 kilometers. It costs $1.5 billion, "
                      "up 15% in 3 years, for 2.5 million people. We met at 9 am with 40,000 homes.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  static const struct {
    const char *text, *unit;
    double value;
  } want[] = {{"250 kms", "km", 250},
              {"1,500 kilometers", "km", 1500},
              {"$1.5 billion", "USD", 1.5e9},
              {"15%", "%", 15},
              {"3 years", "year", 3},
              {"2.5 million people", "people", 2.5e6}};
  assert_int_equal(v->nquantities, sizeof want / sizeof *want);
  for (size_t i = 0; i < v->nquantities; i++) {
    assert_slice(v, v->quantities[i].start, v->quantities[i].end, want[i].text);
    assert_true(v->quantities[i].value == want[i].value);
    assert_true(str_is(v->quantities[i].unit, want[i].unit));
  }
  vb_doc_free(doc);
  /* numbers in words with a scale or a unit, currencies by name, people
   * by what they are, areas, a unit after a hyphen; "one day", "several
   * hundred" and a count of things without a scale are none */
  doc = parse("Speaker One: We spent 1.12 billion rubles and four billion more on a 100-square-meter flat for "
              "twenty-seven people, 45 million inhabitants in two decades, ten percent of them; one day several "
              "hundred kilometres, two hundred soldiers, 50 countries.\n");
  static const want_quantity words[] = {
      {"1.12 billion rubles", "RUB", 1.12e9}, {"four billion", "", 4e9},
      {"100-square-meter", "m2", 100},        {"twenty-seven people", "people", 27},
      {"45 million inhabitants", "people", 4.5e7}, {"two decades", "decade", 2},
      {"ten percent", "%", 10},               {"two hundred soldiers", "people", 200}};
  quantities_are(doc, words, sizeof words / sizeof *words);
  vb_doc_free(doc);
  /* a decimal comma and a currency's code after the number, "a" and
   * "half a" before a scale, after a curly quote; a people named by their
   * country; one word before a count of people; the second number of a
   * range; square miles; "a billion-dollar" and "a day" are none, and a
   * word before a unit other than people leaves the number without it
   * ("two million more tonnes") */
  doc = parse("Speaker One: \xe2\x80\x9c" "A hundred percent,\xe2\x80\x9d she said of the 13,5 billion USD loan for half "
              "a million people, 30 million Chileans and 50 million additional people over 25,000 square miles in "
              "1,400\xe2\x80\x93" "1,600 hours; a billion-dollar deal in a day; two million more tonnes.\n");
  static const want_quantity more[] = {{"A hundred percent", "%", 100},
                                       {"13,5 billion USD", "USD", 1.35e10},
                                       {"half a million people", "people", 5e5},
                                       {"30 million Chileans", "people", 3e7},
                                       {"50 million additional people", "people", 5e7},
                                       {"25,000 square miles", "mi2", 25000},
                                       {"1,600 hours", "hour", 1600},
                                       {"two million", "", 2e6}};
  quantities_are(doc, more, sizeof more / sizeof *more);
  vb_doc_free(doc);
}

/* Found by fuzz_read_text: a 72-digit "percent" overflowed the cast to
 * an integer when the JSON was written (UBSan). */
static void huge_numbers_are_not_quantities(void **state) {
  (void)state;
  vb_doc *doc = parse("Host: It grew 666666666666666666666666666666666666666666666666666666666666"
                      "666666666666percent, and 1234567890123456 million too, but 999999999999999 km.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nquantities, 1);
  assert_true(v->quantities[0].value == 999999999999999.0);
  char *json;
  vb_err err;
  assert_int_equal(vb_doc_to_json(doc, 0, &json, &err), 0);
  assert_non_null(strstr(json, "\"value\":999999999999999"));
  free(json);
  vb_doc_free(doc);
}

static void not_every_colon_is_a_label(void **state) {
  (void)state;
  vb_doc *doc = parse("Host: Hi.\n\nNote: this is not a speaker.\n\nOne note: nor is this.\n");
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nspeakers, 1);
  assert_int_equal(v->nturns, 1);
  assert_int_equal(v->turns[0].nparagraphs, 3);
  vb_doc_free(doc);
}

static void captions(void **state) {
  (void)state;
  vb_parse_opts srt = {.format = VB_FMT_SRT}, vtt = {.format = VB_FMT_VTT};
  vb_doc *doc;
  vb_err err;
  /* no timing line anywhere: the place of the first unreadable cue */
  const char *bad = "hello\nthere\n\n1\nnot a time\ntext\n";
  assert_int_equal(vb_doc_parse(bad, strlen(bad), "bad.srt", &srt, &doc, &err), VB_EPARSE);
  assert_int_equal(err.offset, 0);
  assert_string_equal(err.file, "bad.srt");
  assert_int_equal(vb_doc_parse("WEBVTT\n\nNOTE only\n", 18, "e.vtt", &vtt, &doc, &err), VB_EEMPTY);
  /* a sentence across two cues is one statement with both cues' times */
  const char *two = "1\n00:00:01,000 --> 00:00:02,000\nHost: We begin\n\n"
                    "2\n00:01:02,500 --> 00:01:04,000\nnow. Next cue.\n";
  assert_int_equal(vb_doc_parse(two, strlen(two), "two.srt", &srt, &doc, &err), 0);
  const vb_doc_view *v = vb_doc_get(doc);
  assert_int_equal(v->nstatements, 2);
  assert_slice(v, v->statements[0].start, v->statements[0].end, "We begin\nnow.");
  assert_true(v->statements[0].time.start == 1.0 && v->statements[0].time.end == 64.0);
  assert_true(v->statements[1].time.start == 62.5);
  assert_int_equal(v->statements[0].speaker, 0);
  vb_doc_free(doc);
}

/* The seed dispatch saved as a web page (built here from the text, with
 * navigation, scripts and share widgets around it) reads as the text does. */
static void html_page_equals_text(void **state) {
  (void)state;
  char *text;
  size_t n;
  vb_err err;
  assert_int_equal(vb_file_read(SHARED_DIR "/corpus/memri/sd-10850.txt", &text, &n, &err), 0);
  vb_buf html;
  vb_buf_init(&html, 0);
  vb_buf_adds(&html, "<!DOCTYPE html><html><head><title>MEMRI</title><script>var x = '<p>no</p>';"
                     "</script><style>p{}</style></head><body><nav><ul><li><a href='/'>Home</a></li>"
                     "<li>Reports</li></ul></nav><div class='share-bar'>Share on X</div>"
                     "<div id='wrap'><div><div class='article-body'>");
  size_t i = 0;
  while (i < n) {
    while (i < n && text[i] == '\n') i++;
    size_t b = i;
    while (i < n && !(text[i] == '\n' && (i + 1 >= n || text[i + 1] == '\n'))) i++;
    if (i == b) break;
    vb_buf_adds(&html, "<p>");
    for (size_t k = b; k < i; k++) {
      if (text[k] == '&') vb_buf_adds(&html, "&amp;");
      else if (text[k] == '<') vb_buf_adds(&html, "&lt;");
      else vb_buf_addc(&html, text[k]);
    }
    vb_buf_adds(&html, "</p>\n<!-- ad slot -->\n");
  }
  vb_buf_adds(&html, "</div></div></div><footer><p>Copyright notice for the whole site, all rights "
                     "reserved.</p></footer></body></html>");
  vb_doc *dt, *dh;
  assert_int_equal(vb_doc_parse(text, n, "sd.txt", NULL, &dt, &err), 0);
  vb_parse_opts h = {.format = VB_FMT_HTML};
  if (vb_doc_parse(html.ptr, html.len, "sd.html", &h, &dh, &err)) fail_msg("html: %s", err.msg);
  const vb_doc_view *a = vb_doc_get(dt), *b = vb_doc_get(dh);
  assert_int_equal(a->nspeakers, b->nspeakers);
  for (size_t k = 0; k < a->nspeakers; k++) {
    assert_int_equal(a->speakers[k].name.len, b->speakers[k].name.len);
    assert_memory_equal(a->speakers[k].name.ptr, b->speakers[k].name.ptr, a->speakers[k].name.len);
    assert_int_equal(a->speakers[k].role.len, b->speakers[k].role.len);
    assert_int_equal(a->speakers[k].host, b->speakers[k].host);
  }
  assert_int_equal(a->nturns, b->nturns);
  for (size_t k = 0; k < a->nturns; k++) {
    assert_int_equal(a->turns[k].speaker, b->turns[k].speaker);
    assert_int_equal(a->turns[k].nparagraphs, b->turns[k].nparagraphs);
  }
  assert_int_equal(a->nstatements, b->nstatements);
  for (size_t k = 0; k < a->nstatements; k++) {
    const vb_statement *x = &a->statements[k], *y = &b->statements[k];
    assert_int_equal(x->kind, y->kind);
    assert_int_equal(x->speaker, y->speaker);
    assert_int_equal(x->end - x->start, y->end - y->start);
    assert_memory_equal(a->body.ptr + x->start, b->body.ptr + y->start, x->end - x->start);
  }
  assert_int_equal(a->ninsertions, b->ninsertions);
  assert_int_equal(a->nsections, b->nsections);
  vb_doc_free(dt);
  vb_doc_free(dh);
  vb_buf_free(&html);
  free(text);
}

/* A page in Windows-1251 that says so is read as Cyrillic, not guessed
 * as Windows-1252. */
static void declared_charset(void **state) {
  (void)state;
  const char *page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                     "charset=windows-1251\"></head><body><article><p>\xc2\xe5\xe4\xf3\xf9\xe8\xe9: "
                     "\xcf\xf0\xe8\xe2\xe5\xf2 \xe2\xf1\xe5\xec, \xe4\xee\xe1\xf0\xee\xe5 "
                     "\xf3\xf2\xf0\xee \xe8 \xf5\xee\xf0\xee\xf8\xe5\xe3\xee \xe4\xed\xff.</p>"
                     "</article></body></html>";
  vb_doc *doc;
  vb_err err;
  assert_int_equal(vb_doc_parse(page, strlen(page), "ru.html", NULL, &doc, &err), 0);
  const vb_doc_view *v = vb_doc_get(doc);
  /* "Привет" in UTF-8 */
  assert_non_null(strstr(v->body.ptr, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
  assert_int_equal(v->nspeakers, 1);
  vb_doc_free(doc);
}

static void language_is(const char *text, const char *lang) {
  vb_doc *doc;
  vb_err err;
  assert_int_equal(vb_doc_parse(text, strlen(text), "lang.txt", NULL, &doc, &err), 0);
  const vb_str l = vb_doc_get(doc)->meta.language;
  if (strlen(lang) != l.len || memcmp(l.ptr ? l.ptr : "", lang, l.len))
    fail_msg("%s: language '%.*s', not '%s'", text, (int)l.len, l.ptr ? l.ptr : "", lang);
  vb_doc_free(doc);
}

/* The document's language, guessed from function words: a no-break space
 * after a short word (Kremlin pages set "to\u00A0discuss") separates it
 * from the next; two votes do for a line where no other language has any;
 * no votes, no language. */
static void language_guessed(void **state) {
  (void)state;
  language_is("Vladimir Putin met with journalists to\xC2\xA0""discuss the\xC2\xA0results of\xC2\xA0the\xC2\xA0"
              "visits to\xC2\xA0""Belgium and\xC2\xA0Great Britain.\n",
              "en");
  language_is("The guests were met by Vladimir and Lyudmila Putin.\n", "en");
  language_is("Acting President Vladimir Putin met with Ingush President Ruslan Aushev.\n", "");
  language_is("Les forets nationales et les rivieres de la France sont une richesse.\n", "fr");
}

/* The language of one input (path names its format), parsed with
 * `option` (NULL for none), and where it came from. */
static void language_from_is(const char *input, const char *path, const char *option, const char *lang,
                             vb_lang_from from) {
  vb_doc *doc;
  vb_err err;
  vb_parse_opts opts = {.language = option};
  if (vb_doc_parse(input, strlen(input), path, &opts, &doc, &err)) fail_msg("%s: %s", input, err.msg);
  const vb_meta *m = &vb_doc_get(doc)->meta;
  if (strlen(lang) != m->language.len || memcmp(m->language.ptr ? m->language.ptr : "", lang, m->language.len) ||
      m->language_from != from)
    fail_msg("%s: language '%.*s' from %d, not '%s' from %d", input, (int)m->language.len,
             m->language.ptr ? m->language.ptr : "", (int)m->language_from, lang, (int)from);
  vb_doc_free(doc);
}

/* A language the input names is taken as given, never guessed over: a
 * JSON Lines record's "language" (a tag like "en-GB" as its ISO 639-1
 * code), a page's <html lang>, else its content-language or og:locale
 * (Portuguese and Czech pages the guess, which knows neither, took for
 * Turkish); a file-name convention's. A page template's lang="en" on a
 * French article gives way to what the text plainly is; Arabic letters
 * overrule a declared language of another script. ingest --language
 * (opts.language) holds over all of it. */
static void language_given(void **state) {
  (void)state;
  const char *french = "Les forets nationales et les rivieres de la France sont une richesse. Le ministre a dit "
                       "que les forets sont pour tous et que la France les protege dans le pays.";
  char rec[512];
  snprintf(rec, sizeof rec, "{\"language\": \"en-GB\", \"text\": \"%s\"}", french);
  language_from_is(rec, "r.jsonl", NULL, "en", VB_LANG_INPUT);
  language_from_is(rec, "r.jsonl", "de", "de", VB_LANG_OPTION);
  snprintf(rec, sizeof rec, "{\"language\": \"\", \"text\": \"%s\"}", french);
  language_from_is(rec, "r.jsonl", NULL, "fr", VB_LANG_GUESSED);
  language_from_is(french, "f.txt", NULL, "fr", VB_LANG_GUESSED);
  language_from_is(french, "f.txt", "EN_us", "en", VB_LANG_OPTION);
  language_from_is("Acting President Vladimir Putin met with Ingush President Ruslan Aushev.\n", "p.txt", NULL, "",
                   VB_LANG_NONE);
  char page[1024];
  const char *czech = "<p>Vláda schválila návrh zákona o státním rozpočtu a ministr ho předloží sněmovně.</p>";
  snprintf(page, sizeof page, "<html lang=\"cs-CZ\"><body><article>%s</article></body></html>", czech);
  language_from_is(page, "cz.html", NULL, "cs", VB_LANG_INPUT);
  snprintf(page, sizeof page,
           "<html><head><meta http-equiv=\"Content-Language\" content=\"cs\"></head><body><article>%s</article>"
           "</body></html>",
           czech);
  language_from_is(page, "cz.html", NULL, "cs", VB_LANG_INPUT);
  snprintf(page, sizeof page,
           "<html><head><meta property=\"og:locale\" content=\"pt_BR\"></head><body><article>%s</article>"
           "</body></html>",
           czech);
  language_from_is(page, "cz.html", NULL, "pt", VB_LANG_INPUT);
  snprintf(page, sizeof page, "<html lang=\"en\"><body><article><p>%s</p></article></body></html>", french);
  language_from_is(page, "fr.html", NULL, "fr", VB_LANG_GUESSED);
  snprintf(page, sizeof page, "<html lang=\"fr\"><body><article><p>%s</p></article></body></html>", french);
  language_from_is(page, "fr.html", "es", "es", VB_LANG_OPTION);
  snprintf(page, sizeof page,
           "<html lang=\"en\"><body><article><p>قال الوزير إن السلام ممكن في المنطقة.</p>"
           "</article></body></html>");
  language_from_is(page, "ar.html", NULL, "ar", VB_LANG_GUESSED);
  /* a language no code names is refused, not stored as written */
  vb_doc *doc;
  vb_err err;
  snprintf(rec, sizeof rec, "{\"language\": \"English\", \"text\": \"%s\"}", french);
  assert_int_equal(vb_doc_parse(rec, strlen(rec), "r.jsonl", NULL, &doc, &err), VB_EPARSE);
  assert_non_null(strstr(err.msg, "ISO 639-1"));
  vb_parse_opts opts = {.language = "eng"};
  assert_int_equal(vb_doc_parse(french, strlen(french), "f.txt", &opts, &doc, &err), VB_EUSAGE);
}

/* An HTML page built around `article` (paragraphs of made-up text, each
 * long enough to vote) and parsed; the caller frees it. */
static vb_doc *page_around(const char *before, int paragraphs, const char *after) {
  vb_buf html;
  vb_buf_init(&html, 0);
  vb_buf_adds(&html, "<html><head><title>Harbour works</title></head><body>"
                     "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>");
  vb_buf_adds(&html, before);
  for (int i = 0; i < paragraphs; i++) {
    char p[200];
    snprintf(p, sizeof p, "<p>Paragraph %d of the report: the harbour authority widened the "
             "northern quay and dredged the channel before the winter storms.</p>", i + 1);
    vb_buf_adds(&html, p);
  }
  vb_buf_adds(&html, after);
  vb_buf_adds(&html, "<footer><p>All rights reserved by the publisher of this site.</p></footer>"
                     "</body></html>");
  vb_doc *doc = NULL;
  vb_err err;
  vb_parse_opts o = {.format = VB_FMT_HTML};
  if (vb_doc_parse(html.ptr, html.len, "page.html", &o, &doc, &err)) fail_msg("%s", err.msg);
  vb_buf_free(&html);
  return doc;
}

static int holds(const vb_doc *doc, const char *what) {
  const vb_doc_view *v = vb_doc_get(doc);
  return vb_find_ci(v->body.ptr, v->body.len, what) >= 0;
}

/* A site whose class names wrap the whole article in words that mark
 * furniture ("social", "commented", "shared"): the first look finds no
 * article, the second reads it, and still leaves out a small share box
 * inside it. Without the second look the page had no paragraph. */
static void marked_wrappers_get_a_second_look(void **state) {
  (void)state;
  static const char *const wrappers[] = {"<main class='container js-social-anchor'>",
                                         "<main class='post commented hentry'>",
                                         "<main id='evolve-shared-history'>"};
  for (size_t w = 0; w < sizeof wrappers / sizeof *wrappers; w++) {
    vb_doc *doc = page_around(wrappers[w], 8,
                              "<div class='share-tools'>Share this story with friends</div></main>");
    assert_true(holds(doc, "Paragraph 1 of the report"));
    assert_true(holds(doc, "Paragraph 8 of the report"));
    assert_false(holds(doc, "Share this story"));
    assert_false(holds(doc, "All rights reserved"));
    vb_doc_free(doc);
  }
}

/* A short article keeps its first look: a sidebar, marked and short, is
 * not read instead, and the short article is not read with it. */
static void short_article_keeps_its_first_look(void **state) {
  (void)state;
  vb_doc *doc = page_around("<article>", 2,
                            "</article><div class='sidebar'><p>Most read: the mayor's bicycle "
                            "lanes and the new library's opening hours this week.</p></div>");
  assert_true(holds(doc, "Paragraph 2 of the report"));
  assert_false(holds(doc, "Most read"));
  vb_doc_free(doc);
}

/* A short article beside a long comment thread or a related-stories box,
 * each marked and each holding far more text than the article: the second
 * look finds the thread or the box, but it does not hold the first look's
 * article, so the article is read and neither of them. */
static void short_article_beside_long_marked_boxes(void **state) {
  (void)state;
  vb_buf box;
  vb_buf_init(&box, 0);
  static const char *const opens[] = {"<section id='comments'><h2>Comments</h2><ol>",
                                      "<div class='related-stories'><ol>"};
  for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
    box.len = 0;
    vb_buf_adds(&box, "</div>");
    vb_buf_adds(&box, opens[k]);
    for (int i = 0; i < 8; i++) {
      char li[240];
      snprintf(li, sizeof li, "<li><p>Reader %d wrote that the quay has flooded every winter and "
               "that the authority should have dredged the channel years ago, with more money "
               "and less talk.</p></li>", i + 1);
      vb_buf_adds(&box, li);
    }
    vb_buf_adds(&box, k ? "</ol></div>" : "</ol></section>");
    vb_doc *doc = page_around("<div class='text'>", 2, box.ptr);
    assert_true(holds(doc, "Paragraph 1 of the report"));
    assert_true(holds(doc, "Paragraph 2 of the report"));
    assert_false(holds(doc, "Reader 1 wrote"));
    vb_doc_free(doc);
  }
  vb_buf_free(&box);
}

/* A newspaper's article cut in two around an advertisement and a
 * related-coverage box, each part in its own wrapper: "story-body
 * story-body-1" and "story-body story-body-2". The two parts share a class
 * name, so both are the article, though only one more container scores.
 * A box beside the article with a class of its own is not read with it,
 * nor a prompt the page hides by its class ("story-content hidden").
 * Before, the first part (the story's opening) was lost. */
static void an_article_cut_in_two_keeps_both_parts(void **state) {
  (void)state;
  static const char *const second[] = {"story-body story-body-2", "market-data"};
  for (size_t k = 0; k < 2; k++) {
    vb_buf tail;
    vb_buf_init(&tail, 0);
    vb_buf_adds(&tail, "</div></div><aside class='related'><h2>Related</h2><p>Earlier: the "
                       "council votes on the harbour budget after a long debate.</p></aside>"
                       "<div class='wrap'><div class='");
    vb_buf_adds(&tail, second[k]);
    vb_buf_adds(&tail, "'>");
    for (int i = 0; i < 8; i++)
      vb_buf_printf(&tail, "<p>Later paragraph %d: the dredgers worked through the night and "
                    "the channel reopened to the ferries by Thursday morning.</p>", i + 1);
    vb_buf_adds(&tail, "</div></div><div class='survey story-content hidden'><p>We would like "
                       "your feedback on this page: tell us what you think of it.</p></div></div>");
    vb_doc *doc = page_around("<div id='story'><div class='wrap'><div class='story-body "
                              "story-body-1'>", 3, tail.ptr);
    assert_true(holds(doc, "Later paragraph 8"));
    /* with a class of its own, one more container is not enough */
    assert_int_equal(holds(doc, "Paragraph 1 of the report"), k == 0);
    assert_false(holds(doc, "Earlier: the council"));
    assert_false(holds(doc, "your feedback")); /* class "hidden": not shown */
    vb_doc_free(doc);
    vb_buf_free(&tail);
  }
}

/* A page that marks its article (<article>) beside a column of teasers:
 * the teasers, though they score as paragraphs, lie beyond the article
 * and are not joined to it (heise.de kept its sidebar with the article,
 * word precision 0.32). A German advertisement mark ("Anzeige") inside
 * the article is furniture, as "Advertisement" is. */
static void the_page_s_article_ends_at_its_article_element(void **state) {
  (void)state;
  vb_buf tail;
  vb_buf_init(&tail, 0);
  vb_buf_adds(&tail, "<p>Anzeige</p></div></article></div><div id='column-right'>");
  for (int i = 0; i < 3; i++)
    vb_buf_printf(&tail, "<div class='teaser'><p>Teaser %d: the ferry company announced new "
                  "timetables for the islands, with more crossings in the summer and fewer in "
                  "the winter.</p></div>", i + 1);
  vb_buf_adds(&tail, "</div></div>");
  vb_doc *doc = page_around("<div id='middle'><div id='column-left'><article>"
                            "<div class='report-wrapper'>", 4, tail.ptr);
  assert_true(holds(doc, "Paragraph 1 of the report"));
  assert_true(holds(doc, "Paragraph 4 of the report"));
  assert_false(holds(doc, "Teaser 1:"));
  assert_false(holds(doc, "Teaser 3:"));
  const vb_doc_view *v = vb_doc_get(doc);
  for (size_t i = 0; i < v->nstatements; i++)
    assert_false(vb_find_ci(v->body.ptr + v->statements[i].start,
                            v->statements[i].end - v->statements[i].start, "Anzeige") >= 0);
  vb_doc_free(doc);
  vb_buf_free(&tail);
}

/* A chapter whose paragraphs are divs (an editor's output), beside an
 * author's note set in <p>: the divs vote as paragraphs when they hold
 * twice the text the <p> look found, so the chapter is read, not the note.
 * A page of <p> paragraphs beside a short feed of div teasers keeps its
 * article without the feed. Before, the chapter was lost (the note was
 * read instead). */
static void paragraphs_set_as_divs(void **state) {
  (void)state;
  vb_buf body;
  vb_buf_init(&body, 0);
  vb_buf_adds(&body, "<div class='note'><p>A word from the author: thank you all for reading, "
                     "and for the kind comments on the last chapter.</p><p>The next chapter "
                     "comes out on Friday, as usual, unless the editor says otherwise.</p></div>"
                     "<div class='chapter'>");
  for (int i = 0; i < 12; i++)
    vb_buf_printf(&body, "<div style='margin: 1em 0'><div><span>Chapter line %d: the ferry left "
                  "the northern quay at dawn, and the gulls followed it out past the breakwater "
                  "into the grey water.</span></div></div>", i + 1);
  vb_buf_adds(&body, "</div>");
  vb_doc *doc = page_around(body.ptr, 0, "");
  assert_true(holds(doc, "Chapter line 1:"));
  assert_true(holds(doc, "Chapter line 12:"));
  vb_doc_free(doc);
  vb_buf_free(&body);

  doc = page_around("<div class='page'><div class='story'>", 6,
                    "</div><div class='timeline'><div>Ten minutes ago: the council approved the "
                    "new bus timetable for the winter months.</div><div>An hour ago: the "
                    "museum reopened its east wing after the repairs.</div></div></div>");
  assert_true(holds(doc, "Paragraph 6 of the report"));
  assert_false(holds(doc, "Ten minutes ago"));
  vb_doc_free(doc);
}

/* A class that says what an element lacks ("no_caption", "no-sidebar")
 * does not mark it as that furniture: a list article's opening sentence
 * in an item "buzz_superlist_item no_caption" was dropped as a caption. */
static void a_negated_mark_is_no_mark(void **state) {
  (void)state;
  vb_doc *doc = page_around("<div class='list'><div class='list_item image_hit no_caption'>"
                            "<h2>The opening of the story in one long sentence, set large above "
                            "the photograph of the quay.</h2></div><div class='list_item text'>",
                            3, "</div><div class='list_item text'><p>Later the ferries came "
                            "back to the quay, and the harbour master counted them in.</p></div>"
                            "<div class='list_item caption'><p>Photograph: the quay at dawn in a "
                            "picture of the harbour authority.</p></div></div>");
  assert_true(holds(doc, "The opening of the story"));
  assert_true(holds(doc, "Paragraph 3 of the report"));
  assert_false(holds(doc, "Photograph: the quay")); /* a caption still is one */
  vb_doc_free(doc);
}

/* A hearing of two days whose days are sibling <div>s right under <body>
 * (a court's or a committee's record): every day is read, in order, with
 * the heading between them. Before, the reader chose the longer day and
 * the other was lost without a word. A day set otherwise (a <section>
 * beside the <div>) is still left out, but a warning names it. */
static void hearing_days_under_the_body(void **state) {
  (void)state;
  for (int shape = 0; shape < 2; shape++) {
    vb_buf html;
    vb_buf_init(&html, 0);
    vb_buf_adds(&html, "<html><head><title>Bridge hearing</title></head><body>"
                       "<div id='masthead'><a href='/'>Records</a> <a href='/h'>Hearings</a></div>"
                       "<div class='day'><h2>FIRST DAY</h2>");
    for (int i = 0; i < 9; i++)
      vb_buf_printf(&html, "<p>%s: On the first day, point %d: the deck joints of the northern span "
                    "were worn beyond the tolerance set by the engineers.</p>",
                    i % 2 ? "MS. OKAFOR" : "THE CHAIR", i + 1);
    vb_buf_adds(&html, "</div><h2>Afternoon of the second day</h2>");
    vb_buf_adds(&html, shape ? "<section class='day'>" : "<div class='day'>");
    for (int i = 0; i < 6; i++)
      vb_buf_printf(&html, "<p>%s: On the second day, point %d: the lane closures for the repairs "
                    "would last six weeks, at night only.</p>",
                    i % 2 ? "MS. OKAFOR" : "THE CHAIR", i + 1);
    vb_buf_adds(&html, shape ? "</section>" : "</div>");
    vb_buf_adds(&html, "<div id='colophon'><p>Published by the records office of the committee "
                       "of the harbour.</p></div></body></html>");
    vb_doc *doc = NULL;
    vb_err err;
    vb_parse_opts o = {.format = VB_FMT_HTML};
    if (vb_doc_parse(html.ptr, html.len, "hearing.html", &o, &doc, &err)) fail_msg("%s", err.msg);
    const vb_doc_view *v = vb_doc_get(doc);
    assert_true(holds(doc, "first day, point 9"));
    assert_false(holds(doc, "Records"));
    assert_false(holds(doc, "records office"));
    if (shape == 0) {
      long first = vb_find_ci(v->body.ptr, v->body.len, "first day, point 9");
      long heading = vb_find_ci(v->body.ptr, v->body.len, "Afternoon of the second day");
      long second = vb_find_ci(v->body.ptr, v->body.len, "second day, point 1:");
      assert_true(first >= 0 && heading > first && second > heading);
      assert_true(holds(doc, "second day, point 6"));
      assert_int_equal(v->nwarnings, 0);
    } else {
      assert_false(holds(doc, "second day, point 1:"));
      assert_int_equal(v->nwarnings, 1);
      assert_true(strstr(v->warnings[0], "<section class=\"day\">") != NULL);
    }
    vb_doc_free(doc);
    vb_buf_free(&html);
  }
}

/* The page's own word for its text (itemprop articleBody, alone or in a
 * list) outweighs a class or id that looks like furniture. */
static void article_body_outweighs_marks(void **state) {
  (void)state;
  vb_doc *doc = page_around("<div class='promo-rail'><p>Subscribe today and save on a year of "
                            "home delivery, offer ends soon.</p><p>Another offer for readers who "
                            "subscribe before the end of the month.</p></div>"
                            "<div itemprop='description articleBody' id='share-btns-parent'>",
                            1, "</div>");
  assert_true(holds(doc, "Paragraph 1 of the report"));
  assert_false(holds(doc, "Subscribe today"));
  vb_doc_free(doc);
}

/* Inputs the fuzzers found, kept as their seeds (tests/fuzz/seeds/): each
 * parses, or is refused with a reason (under ASan, make asan, a read out
 * of bounds fails here). names-folding-to-nothing: a speaker whose first
 * words fold to no letters made the surname's span run backwards. */
static void fuzz_found_inputs_parse(void **state) {
  (void)state;
  static const char *const found[] = {"tests/fuzz/seeds/fuzz_read_jsonl/names-folding-to-nothing"};
  for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
    char *bytes;
    size_t len;
    vb_err err;
    if (vb_file_read(found[i], &bytes, &len, &err)) fail_msg("%s", err.msg);
    vb_parse_opts o = {.format = VB_FMT_JSONL};
    vb_doc *doc = NULL;
    int rc = vb_doc_parse(bytes, len, found[i], &o, &doc, &err);
    if (rc) assert_true(err.msg[0] != '\0');
    else assert_true(vb_doc_get(doc)->nstatements > 0);
    vb_doc_free(doc);
    free(bytes);
  }
}

static void bad_bytes_never_crash(void **state) {
  (void)state;
  unsigned seed = 12345;
  char buf[512];
  for (int iter = 0; iter < 3000; iter++) {
    size_t n = (size_t)(iter % 500) + 1;
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      static const char pieces[] = "ab :\"\n\n>>[]. Host:\xC3\xA9\xE2\x80\x9C\xFF\r";
      buf[i] = (seed >> 16) % 4 ? pieces[(seed >> 8) % (sizeof pieces - 1)] : (char)(seed >> 20);
    }
    vb_doc *doc = NULL;
    vb_err err;
    int rc = vb_doc_parse(buf, n, "fuzz.txt", NULL, &doc, &err);
    if (rc) {
      assert_null(doc);
      assert_string_equal(err.file, "fuzz.txt");
      assert_true(err.msg[0] != '\0');
      continue;
    }
    const vb_doc_view *v = vb_doc_get(doc);
    for (size_t k = 0; k < v->nstatements; k++)
      assert_true(v->statements[k].start <= v->statements[k].end &&
                  v->statements[k].end <= v->body.len);
    char *json;
    assert_int_equal(vb_doc_to_json(doc, 0, &json, &err), 0);
    free(json);
    vb_doc_free(doc);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(empty_input_is_an_error),
      cmocka_unit_test(owned_input_parses_the_same),
      cmocka_unit_test(language_guessed),
      cmocka_unit_test(language_given),
      cmocka_unit_test(labels_turns_and_continuations),
      cmocka_unit_test(short_label_joins_full_name),
      cmocka_unit_test(multi_paragraph_quote_closes_on_last),
      cmocka_unit_test(title_claim_is_a_statement_not_a_turn),
      cmocka_unit_test(chevrons_change_speaker),
      cmocka_unit_test(insertions_and_dates),
      cmocka_unit_test(not_every_colon_is_a_label),
      cmocka_unit_test(quantities),
      cmocka_unit_test(huge_numbers_are_not_quantities),
      cmocka_unit_test(captions),
      cmocka_unit_test(html_page_equals_text),
      cmocka_unit_test(declared_charset),
      cmocka_unit_test(marked_wrappers_get_a_second_look),
      cmocka_unit_test(short_article_keeps_its_first_look),
      cmocka_unit_test(short_article_beside_long_marked_boxes),
      cmocka_unit_test(an_article_cut_in_two_keeps_both_parts),
      cmocka_unit_test(the_page_s_article_ends_at_its_article_element),
      cmocka_unit_test(paragraphs_set_as_divs),
      cmocka_unit_test(hearing_days_under_the_body),
      cmocka_unit_test(a_negated_mark_is_no_mark),
      cmocka_unit_test(article_body_outweighs_marks),
      cmocka_unit_test(bad_bytes_never_crash),
      cmocka_unit_test(fuzz_found_inputs_parse),
      cmocka_unit_test(debate_opening_makes_the_host),
  };
  return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
