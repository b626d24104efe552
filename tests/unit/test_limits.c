/* Limits: every input past one of verbatim's named limits (input size,
 * lines, turns, speakers, nesting of JSON and HTML, a line as long as the
 * whole input) gets a clear error naming the file, the place and the
 * limit, or is read within bounded memory; nothing crashes. */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "testutil.h"
#include "verbatim.h"

/* Repeats unit n times into a new NUL-terminated string. */
static char *repeat(const char *unit, size_t n, size_t *len) {
  size_t u = strlen(unit);
  char *s = malloc(u * n + 1);
  assert_non_null(s);
  for (size_t i = 0; i < n; i++) memcpy(s + i * u, unit, u);
  s[u * n] = '\0';
  *len = u * n;
  return s;
}

static int parse(const char *bytes, size_t len, const char *path, vb_format format, vb_doc **doc, vb_err *err) {
  vb_parse_opts o = {.format = format};
  return vb_doc_parse(bytes, len, path, &o, doc, err);
}

static void expect_limit(int rc, const vb_err *err, const char *path, const char *words) {
  if (rc != VB_ELIMIT) fail_msg("%s: expected the limit error, got %d (%s)", path, rc, err->msg);
  assert_string_equal(err->file, path);
  if (!strstr(err->msg, words)) fail_msg("%s: \"%s\" does not say \"%s\"", path, err->msg, words);
}

/* A file over the input limit is refused before it is read: a sparse
 * file, so the test writes nothing. */
static void input_size(void **state) {
  (void)state;
  const char *path = "build/test-limits-huge.txt";
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (off_t)VB_MAX_INPUT_BYTES + 1), 0);
  close(fd);
  char *bytes = NULL;
  size_t len = 0;
  vb_err err;
  expect_limit(vb_file_read(path, &bytes, &len, &err), &err, path, "larger than 256 MiB");
  assert_null(bytes);
  unlink(path);
  /* the same from memory: the length alone decides (the bytes are never
   * touched, so they need not be set) */
  char *big = malloc(VB_MAX_INPUT_BYTES + 1);
  assert_non_null(big);
  vb_doc *doc = NULL;
  expect_limit(parse(big, VB_MAX_INPUT_BYTES + 1, "mem.txt", VB_FMT_AUTO, &doc, &err), &err, "mem.txt", "256 MiB");
  assert_null(doc);
  free(big);
}

/* More lines than a document may have. Short ones meet the memory bound
 * of an input their size first; either way a limit, with the place. */
static void lines(void **state) {
  (void)state;
  size_t len;
  char *s = repeat("a\n", 2000001, &len);
  vb_doc *doc = NULL;
  vb_err err;
  expect_limit(parse(s, len, "lines.txt", VB_FMT_TEXT, &doc, &err), &err, "lines.txt", "MiB of memory");
  assert_true(err.offset > 0); /* where it stopped */
  free(s);
  s = repeat("A line of some length, as many have.\n", 2000001, &len);
  expect_limit(parse(s, len, "lines.txt", VB_FMT_TEXT, &doc, &err), &err, "lines.txt", "more than 2000000 lines");
  assert_true(err.offset > 0);
  free(s);
  /* well under it, it reads */
  s = repeat("A line of some length, as many have.\n", 100000, &len);
  assert_int_equal(parse(s, len, "lines.txt", VB_FMT_TEXT, &doc, &err), 0);
  vb_doc_free(doc);
  free(s);
}

/* 4,097 people each saying one thing: one more than a document may have. */
static void speakers(void **state) {
  (void)state;
  size_t cap = 4097 * 40 + 32, len = 0;
  char *s = malloc(cap);
  /* a host makes it a conversation: each person speaks once */
  len += (size_t)snprintf(s, cap, "Host: Welcome.\n\n");
  for (int i = 0; i < 4097; i++)
    len += (size_t)snprintf(s + len, cap - len, "Person Number%c%c%c: Yes.\n\n", 'a' + i % 26, 'a' + i / 26 % 26,
                            'a' + i / 676);
  vb_doc *doc = NULL;
  vb_err err;
  int rc = parse(s, len, "speakers.txt", VB_FMT_TEXT, &doc, &err);
  expect_limit(rc, &err, "speakers.txt", "more than 4096 speakers");
  assert_true(err.offset > 0);
  free(s);
}

/* Two people taking turns a million times and once more. */
static void turns(void **state) {
  (void)state;
  size_t len;
  char *s = repeat("Ann Lee: Yes we do.\nBob Roe: No we do not.\n", 500001, &len);
  vb_doc *doc = NULL;
  vb_err err;
  expect_limit(parse(s, len, "turns.txt", VB_FMT_TEXT, &doc, &err), &err, "turns.txt", "more than 1000000 turns");
  assert_true(err.offset > 0);
  free(s);
}

/* One line as long as a document may be: read, in bounded memory. */
static void one_long_line(void **state) {
  (void)state;
  size_t len;
  char *s = repeat("Word and word. ", (size_t)(16 << 20) / 15, &len);
  vb_doc *doc = NULL;
  vb_err err;
  int rc = parse(s, len, "long.txt", VB_FMT_TEXT, &doc, &err);
  if (rc) fail_msg("%s", err.msg);
  const vb_doc_view *v = vb_doc_get(doc);
  assert_true(v->nstatements > 100000);
  vb_doc_free(doc);
  free(s);
}

/* Work linear in a repeated shape: CPU time of parsing `head`, then
 * `unit` items times, then `tail`. The growth from 1,000 items (or the
 * size given) to 16 times as many is about 16x when linear, 256x when
 * quadratic: the bound is 64x, the
 * small size timed at its best of five, the big one passing at its first
 * run under the bound (five over it fail: one slow run is the machine's,
 * five are the code's). */
static double shape_once(const vb_buf *b, const char *path, vb_format format) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  vb_doc *doc = NULL;
  vb_err err;
  int rc = parse(b->ptr, b->len, path, format, &doc, &err);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  if (rc) fail_msg("%s", err.msg);
  vb_doc_free(doc);
  return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void shape(vb_buf *b, const char *head, const char *unit, const char *tail, size_t items) {
  vb_buf_init(b, 0);
  vb_buf_adds(b, head);
  /* a unit with %zu has the item's number there (twice) */
  for (size_t i = 0; i < items; i++)
    if (strstr(unit, "%zu")) vb_buf_printf(b, unit, i, i);
    else vb_buf_adds(b, unit);
  vb_buf_adds(b, tail);
}

/* items: the small size (the big one 16 times it) */
static void linear_from(size_t items, const char *what, const char *head, const char *unit, const char *tail,
                        const char *path, vb_format format) {
  vb_buf small, big;
  shape(&small, head, unit, tail, items);
  shape(&big, head, unit, tail, 16 * items);
  double s = 1e9, g = 1e9;
  for (int run = 0; run < 5; run++) {
    double t = shape_once(&small, path, format);
    if (t < s) s = t;
  }
  double bound = 64 * (s > 1e-4 ? s : 1e-4);
  for (int run = 0; run < 5 && g >= bound; run++) {
    double t = shape_once(&big, path, format);
    if (t < g) g = t;
  }
  print_message("%s: %zu %.4f s, %zu %.4f s of CPU: %.1fx\n", what, items, s, 16 * items, g, g / s);
  if (g >= bound) fail_msg("%s: %.1fx the time for 16x the items", what, g / s);
  vb_buf_free(&small);
  vb_buf_free(&big);
}

static void linear_in(const char *what, const char *head, const char *unit, const char *tail, const char *path,
                      vb_format format) {
  linear_from(1000, what, head, unit, tail, path, format);
}

/* A page's list of links (a site menu, an index page): the HTML reader
 * once asked, for every item, whether each other item of its list was
 * links alone (1 MB of 20,000 links: 60 s). And a chain of points of the
 * compass ("East and East and …"): the recogniser once looked back along
 * the whole chain from each (180 KB: 18 s, and as deep on the stack).
 * And curly quotations opened inside one (below). */
static void linear_in_repeated_shapes(void **state) {
  (void)state;
  linear_in("a list of links", "<html><body><p>An index of the notes kept here.</p><ul>",
            "<li><a href=\"/n/%zu\">Note %zu</a></li>", "</ul></body></html>", "menu.html", VB_FMT_HTML);
  linear_in("points of the compass", "The goods went East", " and East", " at last.\n", "east.txt",
            VB_FMT_TEXT);
  /* curly quotations opened inside one: each asked whether the rest of
   * the paragraph closes it, a scan to the paragraph's end (80,000 in
   * 400 KB: 16 s) */
  linear_in("quotations inside a quotation", "Talks\n\n\xE2\x80\x9CThe harbour", " \xE2\x80\x9C" "and the quay",
            " at last.\xE2\x80\x9D\n", "nested.txt", VB_FMT_TEXT);
  /* "the Governor said" where no governor is near: the one person given
   * that role was looked for by a scan of everyone named so far */
  linear_in("a role asked of everyone named", "Harbour notes\n\n",
            "Minister Ann Lee%zu met Minister Bob Roe%zu on Monday. \"We will open the harbour,\" the Governor "
            "said.\n\n",
            "",
            "roles.txt", VB_FMT_TEXT);
  /* thousands of people quoted: each made a speaker after a scan of the
   * speakers made before (at most VB_MAX_SPEAKERS: 250 and 4,000 stay
   * below it) */
  linear_from(250, "everyone named quoted", "Harbour notes\n\n",
            "Governor Ivan Alexandrovich Petrovsky-Vodkin%zu of the North Region spoke on Monday. \"We will open the harbour,\" the "
            "Governor said.\n\n",
            "", "quoted.txt", VB_FMT_TEXT);
}

/* JSON nested far deeper than any record: jansson's depth limit refuses
 * it as invalid JSON, with the place. */
static void json_nesting(void **state) {
  (void)state;
  size_t n = 100000, len = 0;
  char *s = malloc(n * 2 + 64);
  len += (size_t)snprintf(s, 64, "{\"text\": \"Ann: hi.\", \"x\": ");
  memset(s + len, '[', n);
  len += n;
  memset(s + len, ']', n);
  len += n;
  s[len++] = '}';
  vb_doc *doc = NULL;
  vb_err err;
  int rc = parse(s, len, "deep.jsonl", VB_FMT_JSONL, &doc, &err);
  assert_int_equal(rc, VB_EPARSE);
  assert_string_equal(err.file, "deep.jsonl");
  assert_non_null(strstr(err.msg, "depth"));
  free(s);
}

/* HTML nested 100,000 deep: libxml2's own limit stops the tree; the text
 * before it is read, and nothing recurses without bound. */
static void html_nesting(void **state) {
  (void)state;
  size_t n = 100000, len = 0;
  char *s = malloc(n * 11 + 256);
  len += (size_t)snprintf(s, 256, "<html><body><p>Ann: The first statement is here.</p>");
  for (size_t i = 0; i < n; i++) len += (size_t)snprintf(s + len, 6, "<div>");
  len += (size_t)snprintf(s + len, 32, "deep text");
  for (size_t i = 0; i < n; i++) len += (size_t)snprintf(s + len, 7, "</div>");
  vb_doc *doc = NULL;
  vb_err err;
  int rc = parse(s, len, "deep.html", VB_FMT_HTML, &doc, &err);
  if (rc) {
    assert_string_equal(err.file, "deep.html");
    assert_true(rc == VB_EPARSE || rc == VB_ELIMIT || rc == VB_EEMPTY);
  } else {
    assert_true(vb_doc_get(doc)->nstatements >= 1);
    vb_doc_free(doc);
  }
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(input_size),    cmocka_unit_test(lines),        cmocka_unit_test(speakers),
      cmocka_unit_test(turns),
      cmocka_unit_test(one_long_line),
      cmocka_unit_test(linear_in_repeated_shapes), cmocka_unit_test(json_nesting), cmocka_unit_test(html_nesting),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
