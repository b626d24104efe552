/* Sentence splitting: table-driven cases for every rule, and a property
 * test over random strings built from tricky pieces. */
#include "core/text.h"
#include "segment/segment.h"
#include "testutil.h"

#define MAX_OUT 16

typedef struct collect {
  const char *text;
  char out[MAX_OUT][256];
  int n;
} collect;

static int on_sentence(void *ctx, size_t start, size_t end) {
  collect *c = ctx;
  if (c->n < MAX_OUT) snprintf(c->out[c->n], sizeof c->out[0], "%.*s", (int)(end - start), c->text + start);
  c->n++;
  return 0;
}

typedef struct tcase {
  const char *in;
  const char *want[8]; /* NULL-terminated */
} tcase;

static const tcase cases[] = {
    {"", {NULL}},
    {"   \n  ", {NULL}},
    {"No punctuation at all", {"No punctuation at all", NULL}},
    {"One. Two.", {"One.", "Two.", NULL}},
    {"Is it? Yes! Fine.", {"Is it?", "Yes!", "Fine.", NULL}},
    {"What?! Really.", {"What?!", "Really.", NULL}},
    {"Dr. Grant is here. He agrees.", {"Dr. Grant is here.", "He agrees.", NULL}},
    {"Mr. and Mrs. Smith came.", {"Mr. and Mrs. Smith came.", NULL}},
    {"He works for Acme Inc.", {"He works for Acme Inc.", NULL}},
    {"There are prisoners in the U.S. We want them.", {"There are prisoners in the U.S.", "We want them.", NULL}},
    {"The U.S. Army left.", {"The U.S. Army left.", NULL}},
    {"We demand that the U.S. free our sons.", {"We demand that the U.S. free our sons.", NULL}},
    {"He lives in the U.S.", {"He lives in the U.S.", NULL}},
    {"The U.N. envoy spoke. Talks resume.", {"The U.N. envoy spoke.", "Talks resume.", NULL}},
    {"It costs 2.5 million. Really.", {"It costs 2.5 million.", "Really.", NULL}},
    {"Prices rose 3.14 percent.", {"Prices rose 3.14 percent.", NULL}},
    {"President Donald J. Trump spoke.", {"President Donald J. Trump spoke.", NULL}},
    {"J. K. Adams wrote it.", {"J. K. Adams wrote it.", NULL}},
    {"The left... or I don't know.", {"The left... or I don't know.", NULL}},
    {"Gaza]... All the while, it grew.", {"Gaza]...", "All the while, it grew.", NULL}},
    {"Wait\xE2\x80\xA6 Then go.", {"Wait\xE2\x80\xA6", "Then go.", NULL}},
    {"He said \"No.\" Then he left.", {"He said \"No.\"", "Then he left.", NULL}},
    {"\"The zero hour was secret.", {"The zero hour was secret.", NULL}},
    {"It was big. We attacked.\"", {"It was big.", "We attacked.", NULL}},
    {"Where would [Netanyahu] take them? To Tel Aviv?", {"Where would [Netanyahu] take them?", "To Tel Aviv?", NULL}},
    {"We met at 9 a.m. today.", {"We met at 9 a.m. today.", NULL}},
    {"It passed in Oct. 2019, I think.", {"It passed in Oct. 2019, I think.", NULL}},
    {"See No. 5 below.", {"See No. 5 below.", NULL}},
    /* a title after an opening mark, a lowercase prefix, in the plural */
    {"He said. \xE2\x80\x9CMr. Khan made the sacrifice.\xE2\x80\x9D",
     {"He said.", "\xE2\x80\x9CMr. Khan made the sacrifice.\xE2\x80\x9D", NULL}},
    {"He wrote: ''Dr. Carson is back.''", {"He wrote: ''Dr. Carson is back.''", NULL}},
    {"She lost to then-Sen. Barack Obama. It hurt.", {"She lost to then-Sen. Barack Obama.", "It hurt.", NULL}},
    {"Among them were Sens. Ted Cruz and Marco Rubio.", {"Among them were Sens. Ted Cruz and Marco Rubio.", NULL}},
    {"It went to Reps. Chris Collins and Duncan Hunter.", {"It went to Reps. Chris Collins and Duncan Hunter.", NULL}},
    /* a web address is no acronym */
    {"It rose, according to Factcheck.org. \"He left,\" she said.",
     {"It rose, according to Factcheck.org.", "\"He left,\" she said.", NULL}},
    /* a wire dateline goes on; a state closing a sentence ends it */
    {"ORLANDO, Fla. (Reuters) - Obama met survivors.", {"ORLANDO, Fla. (Reuters) - Obama met survivors.", NULL}},
    {"BOCA RATON, Fla. -- Weeds cover the course.", {"BOCA RATON, Fla. -- Weeds cover the course.", NULL}},
    {"He played golf in Tamarac, Fla. While there, he spoke.", {"He played golf in Tamarac, Fla.", "While there, he spoke.", NULL}},
    {"Rubio, R-Fla. In a poll, he led.", {"Rubio, R-Fla.", "In a poll, he led.", NULL}},
    {"First part\n\nSecond part", {"First part", "Second part", NULL}},
    {"First part.\n\nsecond part", {"First part.", "second part", NULL}},
    /* a blank line in mid-sentence (a printed page's break) cuts nothing;
     * before a capital, a list's item, after a colon it ends what is open */
    {"For States such\n \n\nas ours, it is a threat.", {"For States such\n \n\nas ours, it is a threat.", NULL}},
    {"For States such as ours,\n\nit is a threat.", {"For States such as ours,\n\nit is a threat.", NULL}},
    {"Our plans\n\nThe harbour", {"Our plans", "The harbour", NULL}},
    {"these are our plans,\n\na) the port", {"these are our plans,", "a) the port", NULL}},
    {"these are our plans:\n\nthe port", {"these are our plans:", "the port", NULL}},
    {"A line\nthat wraps. Next one.", {"A line\nthat wraps.", "Next one.", NULL}},
    {"e.g. this one. And that.", {"e.g. this one.", "And that.", NULL}},
    {"lowercase after. stop", {"lowercase after. stop", NULL}},
    {"\xD9\x87\xD9\x84 \xD8\xAA\xD8\xB0\xD9\x87\xD8\xA8\xD8\x9F \xD9\x86\xD8\xB9\xD9\x85.",
     {"\xD9\x87\xD9\x84 \xD8\xAA\xD8\xB0\xD9\x87\xD8\xA8\xD8\x9F", "\xD9\x86\xD8\xB9\xD9\x85.", NULL}},
    {"\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB. "
     "\xD0\x92\xD1\x81\xD0\xB5 \xD1\x81\xD0\xBB\xD1\x83\xD1\x88\xD0\xB0\xD0\xBB\xD0\xB8.",
     {"\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB.",
      "\xD0\x92\xD1\x81\xD0\xB5 \xD1\x81\xD0\xBB\xD1\x83\xD1\x88\xD0\xB0\xD0\xBB\xD0\xB8.", NULL}},
    {"\xC4\xB0stanbul b\xC3\xBCy\xC3\xBCk. \xC3\x87ok g\xC3\xBCzel.",
     {"\xC4\xB0stanbul b\xC3\xBCy\xC3\xBCk.", "\xC3\x87ok g\xC3\xBCzel.", NULL}},
    {"(He left.) Then silence.", {"(He left.)", "Then silence.", NULL}},
};

static void table(void **state) {
  (void)state;
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    collect c = {cases[k].in, {{0}}, 0};
    assert_int_equal(vb_sentences(cases[k].in, strlen(cases[k].in), on_sentence, &c), 0);
    int want = 0;
    while (cases[k].want[want]) want++;
    if (c.n != want) fail_msg("case %zu '%s': %d sentences, want %d (first: '%s')", k, cases[k].in, c.n, want, c.n ? c.out[0] : "");
    for (int i = 0; i < want; i++)
      if (strcmp(c.out[i], cases[k].want[i]) != 0)
        fail_msg("case %zu sentence %d: got '%s', want '%s'", k, i, c.out[i], cases[k].want[i]);
  }
}

static int stop_at_second(void *ctx, size_t start, size_t end) {
  (void)start;
  (void)end;
  int *n = ctx;
  return ++*n == 2 ? 42 : 0;
}

static void callback_stops(void **state) {
  (void)state;
  int n = 0;
  const char *t = "One. Two. Three.";
  assert_int_equal(vb_sentences(t, strlen(t), stop_at_second, &n), 42);
  assert_int_equal(n, 2);
}

typedef struct spans {
  size_t last_end;
  const char *text;
  size_t len;
  char covered[600];
} spans;

static int check_span(void *ctx, size_t start, size_t end) {
  spans *sp = ctx;
  assert_true(start < end && end <= sp->len);
  assert_true(start >= sp->last_end);
  if (vb_is_ascii_space((unsigned char)sp->text[start]))
    fail_msg("span [%zu,%zu) of '%.*s' starts with a space", start, end, (int)sp->len, sp->text);
  assert_false(vb_is_ascii_space((unsigned char)sp->text[end - 1]));
  memset(sp->covered + start, 1, end - start);
  sp->last_end = end;
  return 0;
}

static void random_pieces(void **state) {
  (void)state;
  static const char *const pieces[] = {". ", "U.S.", "\"", "...", "Dr.", "2.5", "\n\n", "word",
                                       "We", " ", "? ", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC3\xA9",
                                       "a.m.", "!", "]", "[", "\xD8\x9F", "J. "};
  unsigned seed = 7;
  char buf[600];
  for (int iter = 0; iter < 5000; iter++) {
    size_t n = 0;
    int parts = (int)(seed % 40);
    for (int p = 0; p < parts; p++) {
      seed = seed * 1664525u + 1013904223u;
      const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
      size_t l = strlen(piece);
      if (n + l >= sizeof buf) break;
      memcpy(buf + n, piece, l);
      n += l;
    }
    seed = seed * 1664525u + 1013904223u;
    spans sp = {0, buf, n, {0}};
    assert_int_equal(vb_sentences(buf, n, check_span, &sp), 0);
    for (size_t i = 0; i < n; i++) {
      unsigned char c = (unsigned char)buf[i];
      if (sp.covered[i] || vb_is_ascii_space(c) || c == '"' || c == 0xE2 || c == 0x80 ||
          c == 0x9C || c == 0x9D)
        continue;
      fail_msg("iteration %d: byte %zu (0x%02x) of '%.*s' is in no sentence", iter, i, c, (int)n, buf);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(table),
      cmocka_unit_test(callback_stops),
      cmocka_unit_test(random_pieces),
  };
  return cmocka_run_group_tests_name("sentences", tests, NULL, NULL);
}
