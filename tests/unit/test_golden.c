/* Golden tests: every tests/golden/<name>.json is the expected document
 * JSON of tests/golden/<name>.<ext> (or of the shared-corpus file named in
 * <name>.path). A mismatch writes the actual JSON beside the build and
 * prints a unified diff. `make golden-update` rewrites the expectations. */
#include <dirent.h>
#include <sys/stat.h>

#include "testutil.h"
#include "verbatim.h"

#define GOLDEN_DIR "tests/golden"
#define MAX_GOLDENS 256

typedef struct golden {
  char name[200];
  char input[512];
} golden;

static golden goldens[MAX_GOLDENS];

static char *slurp(const char *path, size_t *len) {
  vb_err err;
  char *p;
  if (vb_file_read(path, &p, len, &err)) return NULL;
  return p;
}

static void trim_newlines(char *s, size_t *len) {
  while (*len && (s[*len - 1] == '\n' || s[*len - 1] == '\r')) s[--*len] = '\0';
}

/* Finds the input for a golden: <name>.path names a file, else the one
 * file in GOLDEN_DIR that has the same stem and is not the .json. */
static int find_input(golden *g) {
  char p[600];
  snprintf(p, sizeof p, "%s/%s.path", GOLDEN_DIR, g->name);
  size_t n;
  char *path = slurp(p, &n);
  if (path) {
    trim_newlines(path, &n);
    snprintf(g->input, sizeof g->input, "%s", path);
    free(path);
    return 0;
  }
  DIR *d = opendir(GOLDEN_DIR);
  if (!d) return -1;
  struct dirent *e;
  size_t nl = strlen(g->name);
  int found = -1;
  while ((e = readdir(d))) {
    const char *f = e->d_name;
    if (strncmp(f, g->name, nl) == 0 && f[nl] == '.' && strcmp(f + nl, ".json") != 0 &&
        strcmp(f + nl, ".path") != 0) {
      snprintf(g->input, sizeof g->input, "%s/%s", GOLDEN_DIR, f);
      found = 0;
    }
  }
  closedir(d);
  return found;
}

static void check_spans(const vb_doc_view *v) {
  for (size_t i = 0; i < v->nstatements; i++) {
    assert_true(v->statements[i].start < v->statements[i].end);
    assert_true(v->statements[i].end <= v->body.len);
  }
  for (size_t t = 0; t < v->nturns; t++)
    for (size_t k = 0; k < v->turns[t].nparagraphs; k++) {
      const vb_paragraph *p = &v->turns[t].paragraphs[k];
      assert_true(p->start < p->end && p->end <= v->body.len);
      assert_true(p->start >= v->turns[t].start && p->end <= v->turns[t].end);
    }
}

static void test_golden(void **state) {
  golden *g = *state;
  size_t n, en;
  char *bytes = slurp(g->input, &n);
  if (!bytes) fail_msg("%s: cannot read input %s", g->name, g->input);
  vb_doc *doc;
  vb_err err;
  /* JSON Lines: the first record, named as `verbatim parse` names it */
  char name[600];
  snprintf(name, sizeof name, "%s", g->input);
  size_t il = strlen(g->input);
  if (il > 6 && strcmp(g->input + il - 6, ".jsonl") == 0) {
    const char *nl = memchr(bytes, '\n', n);
    if (nl) n = (size_t)(nl - bytes);
    snprintf(name, sizeof name, "%s:1", g->input);
  }
  int rc = vb_doc_parse(bytes, n, name, NULL, &doc, &err);
  free(bytes);
  if (rc) {
    char msg[1024];
    vb_err_format(&err, msg, sizeof msg);
    fail_msg("%s: parse failed: %s", g->name, msg);
  }
  check_spans(vb_doc_get(doc));
  char *actual;
  assert_int_equal(vb_doc_to_json(doc, 1, &actual, &err), 0);
  vb_doc_free(doc);
  char ep[600];
  snprintf(ep, sizeof ep, "%s/%s.json", GOLDEN_DIR, g->name);
  char *expected = slurp(ep, &en);
  assert_non_null(expected);
  trim_newlines(expected, &en);
  if (strcmp(expected, actual) != 0) {
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char dir[300], ap[600], cmd[1400];
    snprintf(dir, sizeof dir, "%s/golden-actual", build);
    mkdir(build, 0755);
    mkdir(dir, 0755);
    snprintf(ap, sizeof ap, "%s/%s.json", dir, g->name);
    FILE *f = fopen(ap, "w");
    if (f) {
      fputs(actual, f);
      fputc('\n', f);
      fclose(f);
    }
    snprintf(cmd, sizeof cmd, "diff -u '%s' '%s' | head -60 >&2", ep, ap);
    if (system(cmd) == -1) fprintf(stderr, "cannot run diff\n");
    free(expected);
    free(actual);
    fail_msg("%s: output differs from %s (actual in %s; `make golden-update` accepts it)",
             g->name, ep, ap);
  }
  free(expected);
  free(actual);
}

int main(void) {
  DIR *d = opendir(GOLDEN_DIR);
  if (!d) {
    fprintf(stderr, "cannot open %s (run from the repository root)\n", GOLDEN_DIR);
    return 1;
  }
  struct CMUnitTest tests[MAX_GOLDENS];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < MAX_GOLDENS) {
    size_t l = strlen(e->d_name);
    if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0) continue;
    golden *g = &goldens[n];
    snprintf(g->name, sizeof g->name, "%.*s", (int)(l - 5), e->d_name);
    if (find_input(g)) {
      fprintf(stderr, "golden %s has no input file\n", g->name);
      closedir(d);
      return 1;
    }
    struct CMUnitTest t = {g->name, test_golden, NULL, NULL, g};
    tests[n++] = t;
  }
  closedir(d);
  if (n == 0) {
    fprintf(stderr, "no golden files in %s\n", GOLDEN_DIR);
    return 1;
  }
  return _cmocka_run_group_tests("golden", tests, n, NULL, NULL);
}
