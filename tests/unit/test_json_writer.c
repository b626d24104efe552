/* json/writer: the streaming writer writes what jansson's json_dumps wrote
 * for the same tree (the document JSON's bytes must not move when it
 * streams), and `parse --json` no longer holds its output: memory while
 * writing a large document stays flat, and the whole command's peak is
 * bounded by a small multiple of its input. */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "json/writer.h"
#include "testutil.h"

/* Sanitizers' shadow memory and quarantine make resident sizes mean
 * nothing: the memory bounds are checked in the plain build only. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif
#include "verbatim.h"

/* Writes a jansson tree through the writer, member by member. */
static void walk(vb_jw *w, json_t *j) {
  switch (json_typeof(j)) {
  case JSON_OBJECT: {
    vb_jw_obj(w);
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) {
      vb_jw_key(w, k);
      walk(w, v);
    }
    vb_jw_obj_end(w);
    break;
  }
  case JSON_ARRAY: {
    vb_jw_arr(w);
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v) walk(w, v);
    vb_jw_arr_end(w);
    break;
  }
  case JSON_STRING: vb_jw_str(w, json_string_value(j), json_string_length(j)); break;
  case JSON_INTEGER: vb_jw_int(w, json_integer_value(j)); break;
  case JSON_REAL: vb_jw_real(w, json_real_value(j)); break;
  case JSON_TRUE: vb_jw_bool(w, 1); break;
  case JSON_FALSE: vb_jw_bool(w, 0); break;
  case JSON_NULL: vb_jw_null(w); break;
  }
}

static char *written(json_t *j, int pretty) {
  vb_jw w;
  vb_jw_init(&w, NULL, pretty);
  walk(&w, j);
  assert_int_equal(vb_jw_finish(&w), 0);
  char *s = vb_jw_detach(&w);
  vb_jw_free(&w);
  return s;
}

static void same_as_jansson(json_t *j) {
  for (int pretty = 0; pretty < 2; pretty++) {
    size_t flags = JSON_REAL_PRECISION(10) | (pretty ? JSON_INDENT(2) : JSON_COMPACT);
    char *want = json_dumps(j, flags), *got = written(j, pretty);
    assert_non_null(want);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(want);
    free(got);
  }
}

static const char *const strings[] = {
    "", "plain", "quote \" and backslash \\ and slash /", "\b\f\n\r\t", "\x01\x1f\x7f",
    "caf\xc3\xa9", "\xe2\x80\x94 dash \xe2\x80\xa8 line sep", "\xf0\x9f\x98\x80 emoji",
    "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd", "tab\tin the middle\n"};
static const double reals[] = {0.0, -0.0, 0.5, 1.0, -2.5, 1.0 / 3, 3.14159265358979, 1e-5,
                               1e-300, 1e17, 1e16, 123456789012.5, -2.5e300, 59.999, 3600.04};

/* Random trees (a fixed seed) of every kind of value, nested, with empty
 * containers, as the document JSON uses them and beyond. */
static json_t *tree(unsigned *seed, int depth) {
  int kind = depth > 3 ? 2 + rand_r(seed) % 6 : rand_r(seed) % 8;
  switch (kind) {
  case 0: {
    json_t *o = json_object();
    int n = rand_r(seed) % 5;
    for (int i = 0; i < n; i++) {
      char k[16];
      snprintf(k, sizeof k, "k%d", rand_r(seed) % 50);
      json_object_set_new(o, k, tree(seed, depth + 1));
    }
    return o;
  }
  case 1: {
    json_t *a = json_array();
    int n = rand_r(seed) % 5;
    for (int i = 0; i < n; i++) json_array_append_new(a, tree(seed, depth + 1));
    return a;
  }
  case 2: return json_string(strings[rand_r(seed) % (sizeof strings / sizeof *strings)]);
  case 3: {
    static const long long ints[] = {0, 1, -1, 42, 2147483647, 4294967296LL, LLONG_MAX, LLONG_MIN};
    return json_integer(ints[rand_r(seed) % 8]);
  }
  case 4: return json_real(reals[rand_r(seed) % (sizeof reals / sizeof *reals)]);
  case 5: return json_true();
  case 6: return json_false();
  default: return json_null();
  }
}

static void writer_matches_jansson(void **state) {
  (void)state;
  unsigned seed = 20;
  for (int i = 0; i < 2000; i++) {
    json_t *j = json_object();
    json_object_set_new(j, "v", tree(&seed, 0));
    same_as_jansson(j);
    json_decref(j);
  }
  /* a NUL inside a string, every control byte, every real above alone */
  json_t *a = json_array();
  json_array_append_new(a, json_stringn("a\0b", 3));
  char ctl[32];
  for (int c = 1; c < 32; c++) ctl[c - 1] = (char)c;
  json_array_append_new(a, json_stringn(ctl, 31));
  for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) json_array_append_new(a, json_real(reals[i]));
  json_array_append_new(a, json_object());
  json_array_append_new(a, json_array());
  same_as_jansson(a);
  json_decref(a);
}

/* Runs of plain ASCII are scanned a word (8 bytes) at a time: every
 * ASCII byte, and a two-byte character, at every place of a string
 * longer than two words, written as jansson writes it. */
static void each_byte_at_each_place(void **state) {
  (void)state;
  enum { LEN = 19 };
  for (int c = 0; c <= 0x80; c++)
    for (int at = 0; at < LEN; at++) {
      char s[LEN + 1];
      memset(s, 'x', LEN);
      size_t n = LEN;
      if (c < 0x80) {
        s[at] = (char)c;
      } else if (at + 1 < LEN) { /* U+00E9 */
        s[at] = (char)0xc3;
        s[at + 1] = (char)0xa9;
      } else {
        continue;
      }
      json_t *a = json_array();
      json_array_append_new(a, json_stringn(s, n));
      same_as_jansson(a);
      json_decref(a);
    }
}

/* What jansson refuses as a string, the writer refuses too. */
static void invalid_utf8_is_refused(void **state) {
  (void)state;
  static const char *const bad[] = {"\xc0\x80", "\xed\xa0\x80", "\xf5\x80\x80\x80", "\xe2\x80",
                                    "\x80", "ok \xf4\x90\x80\x80", "\xe0\x80\xaf", "\xf0\x80\x80\xaf"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_null(json_stringn(bad[i], strlen(bad[i])));
    vb_jw w;
    vb_jw_init(&w, NULL, 0);
    vb_jw_arr(&w);
    vb_jw_str(&w, bad[i], strlen(bad[i]));
    vb_jw_arr_end(&w);
    assert_int_equal(vb_jw_finish(&w), VB_JW_EUTF8);
    assert_null(vb_jw_detach(&w));
    vb_jw_free(&w);
  }
  vb_jw w;
  vb_jw_init(&w, NULL, 0);
  vb_jw_real(&w, NAN);
  assert_int_equal(vb_jw_finish(&w), VB_JW_EREAL);
  vb_jw_free(&w);
}

/* vb_jw_text never fails: each byte that begins no valid sequence becomes
 * U+FFFD, the rest is kept, and NULL is null (alerts are written so). */
static void lossy_text_replaces_bad_bytes(void **state) {
  (void)state;
  static const char *const in[][2] = {
      {"a\xff b", "[\"a\xef\xbf\xbd b\"]"},
      {"\xe2\x80", "[\"\xef\xbf\xbd\xef\xbf\xbd\"]"},
      {"ok \xf4\x90\x80\x80!", "[\"ok \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!\"]"},
      {"caf\xc3\xa9 \"q\"", "[\"caf\xc3\xa9 \\\"q\\\"\"]"},
  };
  for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
    vb_jw w;
    vb_jw_init(&w, NULL, 0);
    vb_jw_arr(&w);
    vb_jw_text(&w, in[i][0], strlen(in[i][0]));
    vb_jw_arr_end(&w);
    assert_int_equal(vb_jw_finish(&w), 0);
    char *out = vb_jw_detach(&w);
    assert_string_equal(out, in[i][1]);
    json_t *back = json_loads(out, 0, NULL);
    assert_non_null(back);
    json_decref(back);
    free(out);
    vb_jw_free(&w);
  }
  vb_jw w;
  vb_jw_init(&w, NULL, 0);
  vb_jw_text(&w, NULL, 3);
  assert_int_equal(vb_jw_finish(&w), 0);
  char *out = vb_jw_detach(&w);
  assert_string_equal(out, "null");
  free(out);
  vb_jw_free(&w);
}

/* A document streamed to a file is the text vb_doc_to_json gives, and that
 * text is what jansson writes of it read back (order, escapes, numbers). */
static void check_doc(const char *path) {
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) fail_msg("%s: %s", path, err.msg);
  vb_doc *doc;
  vb_parse_opts opts = {.format = VB_FMT_AUTO};
  if (vb_doc_parse(bytes, len, path, &opts, &doc, &err)) fail_msg("%s: %s", path, err.msg);
  free(bytes);
  for (int pretty = 0; pretty < 2; pretty++) {
    char *held;
    assert_int_equal(vb_doc_to_json(doc, pretty, &held, &err), 0);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(vb_doc_write_json(doc, pretty, 0, f, &err), 0);
    long n = ftell(f);
    assert_int_equal((size_t)n, strlen(held));
    char *streamed = malloc((size_t)n + 1);
    rewind(f);
    assert_int_equal(fread(streamed, 1, (size_t)n, f), (size_t)n);
    streamed[n] = '\0';
    fclose(f);
    assert_string_equal(streamed, held);
    json_error_t je;
    json_t *j = json_loads(held, 0, &je);
    if (!j) fail_msg("%s: %s at %d", path, je.text, je.position);
    char *again = json_dumps(j, JSON_REAL_PRECISION(10) | (pretty ? JSON_INDENT(2) : JSON_COMPACT));
    assert_string_equal(again, held);
    free(again);
    json_decref(j);
    free(streamed);
    free(held);
  }
  vb_doc_free(doc);
}

static void documents_are_jansson_text(void **state) {
  (void)state;
  static const char *const paths[] = {
      "tests/golden/captions-council.srt", "tests/golden/captions-voices.vtt",
      "tests/golden/arabic-interview.txt", SHARED_DIR "/corpus/memri/sd-10850.txt",
      SHARED_DIR "/corpus/debates/2020_debate1_part1.txt"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
    check_doc(paths[i]);
}

/* A transcript of about `size` bytes: labelled turns of sentences with
 * names, numbers and dates, as the parser meets them in real files. */
static char *transcript(size_t size, size_t *len) {
  static const char *const who[] = {"Anna Berg", "Chris Dale", "Moderator"};
  char *s = malloc(size + 4096);
  size_t n = 0;
  for (int t = 0; n < size; t++) {
    n += (size_t)sprintf(s + n, "%s: ", who[t % 3]);
    for (int k = 0; k < 6; k++)
      n += (size_t)sprintf(s + n, "On 12 March 2019 the council in Geneva spent %d million "
                                  "dollars on item %d, said Mr. Dale. ", t % 97 + 3, t);
    n += (size_t)sprintf(s + n, "\n\n");
  }
  *len = n;
  return s;
}

static long max_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Writing a large document holds none of its output: the peak grows by
 * less than a quarter of the input while ~8 MB of text becomes ~40 MB of JSON
 * (the index of mentions by entity is all it makes; holding the output
 * as a tree took ~20x the input). */
static void writing_holds_no_output(void **state) {
  (void)state;
  if (SANITIZED) skip();
  size_t len;
  char *text = transcript(8u << 20, &len);
  vb_doc *doc;
  vb_err err;
  vb_parse_opts opts = {.format = VB_FMT_TEXT};
  assert_int_equal(vb_doc_parse(text, len, "big.txt", &opts, &doc, &err), 0);
  free(text);
  FILE *null = fopen("/dev/null", "w");
  assert_non_null(null);
  long before = max_rss_kb();
  assert_int_equal(vb_doc_write_json(doc, 1, 1, null, &err), 0);
  long grown = max_rss_kb() - before;
  fclose(null);
  vb_doc_free(doc);
  print_message("peak before writing %ld KB, grown by %ld KB while writing\n", before, grown);
  assert_true(grown * 1024 < (long)(len / 4));
}

/* The whole command: peak RSS of `parse --json` on a 16 MB input, less the
 * peak on a tiny one (the program and its data). Holding the output took
 * 26-33x the input; the document with the input kept through the parse,
 * the entity stage's words of every paragraph and the quote stage's
 * scratch 7.6x; without them 4.4x (body, blocks, paragraphs, statements,
 * mentions); 3.8x with the blocks given back after segment, layout's and
 * the quote stage's scratch too, and the entity stage's finds in 12
 * bytes: bounded here at 4x. The target is 3x of a real input
 * (bench/RESULTS.md, issue 20). */
static long child_rss_kb(const char *cmd) {
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  int status;
  struct rusage ru;
  assert_int_equal(wait4(pid, &status, 0, &ru), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return ru.ru_maxrss;
}

static void parse_json_peak_bounded(void **state) {
  (void)state;
  if (SANITIZED) skip();
  size_t len;
  char *text = transcript(16u << 20, &len);
  const char *big = "build/test_json_writer-big.txt", *tiny = "build/test_json_writer-tiny.txt";
  FILE *f = fopen(big, "w");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  fclose(f);
  f = fopen(tiny, "w");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, 4096, f), 4096);
  fclose(f);
  free(text);
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char cmd[512];
  snprintf(cmd, sizeof cmd, "exec %s/verbatim parse --json %s > /dev/null", build, tiny);
  long base = child_rss_kb(cmd);
  snprintf(cmd, sizeof cmd, "exec %s/verbatim parse --json %s > /dev/null", build, big);
  long peak = child_rss_kb(cmd);
  unlink(big);
  unlink(tiny);
  print_message("parse --json: %zu bytes in, peak %ld KB (tiny input: %ld KB): %.2fx the input\n",
                len, peak, base, (double)(peak - base) * 1024 / (double)len);
  assert_true((peak - base) * 1024 <= 4 * (long)len);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(writer_matches_jansson),
      cmocka_unit_test(each_byte_at_each_place),
      cmocka_unit_test(invalid_utf8_is_refused),
      cmocka_unit_test(lossy_text_replaces_bad_bytes),
      cmocka_unit_test(documents_are_jansson_text),
      cmocka_unit_test(writing_holds_no_output),
      cmocka_unit_test(parse_json_peak_bounded),
  };
  return cmocka_run_group_tests_name("json_writer", tests, NULL, NULL);
}
