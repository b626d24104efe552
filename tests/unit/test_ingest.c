/* Ingest on worker threads: the archive is the same whatever the number
 * of threads (documents in input order, same entities), every document
 * is reported once in order, and failures are reported without stopping
 * the others. JSON Lines files stream a run of lines at a time, with the
 * same result as read whole, and a line too long for a document fails
 * alone; fed through a pipe that goes quiet, what came is stored and
 * committed while the ingest waits for more. */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "store/store.h"
#include "testutil.h"
#include "verbatim.h"

typedef struct seen {
  char names[256][512];
  int added[256];
  int failed[256];
  int n;
} seen;

static void note(void *ctx, const char *name, const vb_doc_view *v, int added, const vb_err *err) {
  seen *s = ctx;
  if (s->n >= 256) return;
  snprintf(s->names[s->n], sizeof s->names[0], "%s", name);
  s->added[s->n] = v && added;
  s->failed[s->n] = err != NULL;
  s->n++;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The golden inputs, the seed, a JSON Lines file with a bad line, and a
 * binary file, in a fixed order. */
static int inputs(char **names, int max) {
  int n = 0;
  DIR *d = opendir("tests/golden");
  struct dirent *e;
  while (d && (e = readdir(d)) && n < max - 4) {
    const char *x = strrchr(e->d_name, '.');
    if (!x || !strcmp(x, ".json") || !strcmp(x, ".path") || e->d_name[0] == '.') continue;
    char p[512];
    snprintf(p, sizeof p, "tests/golden/%s", e->d_name);
    names[n++] = strdup(p);
  }
  if (d) closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp);
  names[n++] = strdup(SHARED_DIR "/corpus/memri/sd-10850.txt");
  names[n++] = strdup("build/test-ingest.jsonl");
  names[n++] = strdup("build/test-ingest.bin");
  return n;
}

static void build(const char *name, char *db, size_t cap, int threads, seen *s, char **names, int n) {
  assert_int_equal(test_archive(name, db, cap), 0);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  vb_ingest *in;
  assert_int_equal(vb_ingest_open(st, NULL, threads, note, s, &in, &err), 0);
  for (int i = 0; i < n; i++) {
    char *bytes;
    size_t len;
    assert_int_equal(vb_file_read(names[i], &bytes, &len, &err), 0);
    assert_int_equal(vb_ingest_add(in, names[i], bytes, len, &err), 0);
  }
  assert_int_equal(vb_ingest_close(in, &err), 0);
  vb_store_close(st);
}

typedef struct dump {
  char *all;
  size_t len;
} dump;

static int append(void *ctx, const char *json) {
  dump *d = ctx;
  if (!json) return VB_ENOMEM;
  size_t n = strlen(json);
  d->all = realloc(d->all, d->len + n + 2);
  memcpy(d->all + d->len, json, n);
  d->len += n;
  d->all[d->len++] = '\n';
  d->all[d->len] = '\0';
  return 0;
}

static int append_doc(void *ctx, const vb_doc *doc) {
  char *json = NULL;
  vb_err err;
  vb_doc_to_json(doc, 0, &json, &err);
  int rc = append(ctx, json);
  free(json);
  return rc;
}

static char *contents(const char *db) {
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 0, &st, &err), 0);
  dump d = {NULL, 0};
  int rc = vb_store_each_doc(st, append_doc, &d, &err);
  if (rc) fail_msg("%s: %s", err.file, err.msg);
  char *ents;
  assert_int_equal(test_entities_json(st, NULL, -1, 1000, &ents, &err), 0);
  append(&d, ents);
  free(ents);
  vb_store_close(st);
  return d.all;
}

static void same_archive_any_thread_count(void **state) {
  (void)state;
  FILE *f = fopen("build/test-ingest.jsonl", "w");
  assert_non_null(f);
  fputs("{\"text\": \"Host: One.\\n\\nAnn Lee: Two.\"}\n{broken\n{\"text\": \"Host: Three.\"}\n", f);
  fclose(f);
  f = fopen("build/test-ingest.bin", "wb");
  assert_non_null(f);
  fwrite("abc\0def", 1, 7, f);
  fclose(f);
  char *names[128];
  int n = inputs(names, 128);
  assert_true(n > 10);
  seen one = {0}, four = {0};
  char db1[512], db4[512];
  build("test-ingest-1", db1, sizeof db1, 1, &one, names, n);
  build("test-ingest-4", db4, sizeof db4, 4, &four, names, n);
  /* every document reported once, in input order, the same way */
  assert_int_equal(one.n, four.n);
  for (int i = 0; i < one.n; i++) {
    assert_string_equal(one.names[i], four.names[i]);
    assert_int_equal(one.added[i], four.added[i]);
    assert_int_equal(one.failed[i], four.failed[i]);
  }
  int failed = 0;
  for (int i = 0; i < one.n; i++) failed += one.failed[i];
  assert_int_equal(failed, 2); /* the broken JSON line and the binary file */
  assert_string_equal(one.names[one.n - 1], "build/test-ingest.bin");
  char *a = contents(db1), *b = contents(db4);
  assert_non_null(a);
  assert_true(strcmp(a, b) == 0);
  free(a);
  free(b);
  for (int i = 0; i < n; i++) free(names[i]);
}

/* What an ingest reported, one "name added failed code" line each. */
typedef struct report {
  char *text;
  size_t len, n;
} report;

static void record(void *ctx, const char *name, const vb_doc_view *v, int added, const vb_err *err) {
  report *r = ctx;
  char line[700];
  int k = snprintf(line, sizeof line, "%s %d %d %d\n", name, v && added, err != NULL, err ? err->code : 0);
  r->text = realloc(r->text, r->len + (size_t)k + 1);
  memcpy(r->text + r->len, line, (size_t)k + 1);
  r->len += (size_t)k;
  r->n++;
}

static report ingest_with(const char *name, int streamed, const char *path) {
  char db[512];
  assert_int_equal(test_archive(name, db, sizeof db), 0);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  report r = {0};
  vb_ingest *in;
  assert_int_equal(vb_ingest_open(st, NULL, 2, record, &r, &in, &err), 0);
  if (streamed) {
    long long got = 0;
    if (vb_ingest_add_file(in, path, &got, &err)) fail_msg("%s", err.msg);
    assert_true(got > 0);
  } else {
    char *bytes;
    size_t len;
    assert_int_equal(vb_file_read(path, &bytes, &len, &err), 0);
    assert_int_equal(vb_ingest_add(in, path, bytes, len, &err), 0);
  }
  assert_int_equal(vb_ingest_close(in, &err), 0);
  vb_store_close(st);
  return r;
}

/* A JSON Lines file of several runs (3 MiB: the reader queues 1 MiB of
 * whole lines at a time): every line is reported once, in order, under
 * its own line number, exactly as when the file is read whole; a broken
 * line and blank lines fall where they are. */
static void json_lines_streamed(void **state) {
  (void)state;
  const char *path = "build/test-ingest-stream.jsonl";
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  /* Lines of about 2 KB: 3 MiB is then some 1,500 documents, not 25,000
   * (the runs are what is tested, and an archive on PostgreSQL stores
   * every document with round trips). */
  char pad[2048];
  size_t np = 0;
  while (np + 12 < sizeof pad) np += (size_t)snprintf(pad + np, sizeof pad - np, " and so on");
  size_t bytes = 0;
  for (int i = 0; bytes < ((size_t)3 << 20); i++) {
    int k;
    if (i % 997 == 500) k = fprintf(f, "{broken line %d\n", i);
    else if (i % 333 == 7) k = fprintf(f, "\n");
    else
      k = fprintf(f, "{\"title\": \"Record %d\", \"text\": \"Host: Number %d is here.\\n\\nAnn Lee: "
                  "We heard number %d, and %s%s.\"}\n", i, i, i, i % 2 ? "it was clear" : "nothing more", pad);
    bytes += (size_t)k;
  }
  fclose(f);
  report whole = ingest_with("test-ingest-whole", 0, path);
  report streamed = ingest_with("test-ingest-streamed", 1, path);
  assert_true(streamed.n > 1000);
  assert_int_equal(streamed.n, whole.n);
  assert_string_equal(streamed.text, whole.text);
  /* the numbering is the file's: the first broken line is line 501 */
  assert_non_null(strstr(streamed.text, "build/test-ingest-stream.jsonl:501 0 1 "));
  free(whole.text);
  free(streamed.text);
}

/* A line longer than a document may be is reported as one failure with
 * its line number, and the lines after it are read. (A sparse file: the
 * line is 256 MiB + 1 of zero bytes that are never written.) */
static void json_line_too_long(void **state) {
  (void)state;
  const char *path = "build/test-ingest-long.jsonl";
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (off_t)VB_MAX_INPUT_BYTES + 1), 0);
  assert_true(lseek(fd, 0, SEEK_END) > 0);
  const char *tail = "\n{\"text\": \"Host: After the long one.\\n\\nAnn Lee: Still read.\"}\n";
  assert_int_equal(write(fd, tail, strlen(tail)), (ssize_t)strlen(tail));
  close(fd);
  report r = ingest_with("test-ingest-long", 1, path);
  assert_int_equal(r.n, 2);
  char expect[256];
  snprintf(expect, sizeof expect, "%s:1 0 1 %d\n%s:2 1 0 0\n", path, VB_ELIMIT, path);
  assert_string_equal(r.text, expect);
  free(r.text);
  unlink(path);
}

/* A document that gives 300 speakers met before (by another ingest)
 * their role: each one's role is kept, none lost. (The values were
 * written through pointers taken before the vector holding them grew and
 * moved: the 86th and 171st speakers, whose values straddled its growth
 * to 256 and 512, kept no role, on both backends; on PostgreSQL an ingest
 * of the first 2,500 UN speeches failed on SDN_24_1969 with "CASE types
 * text and bigint cannot be matched".) */
static void roles_filled_for_many_speakers(void **state) {
  (void)state;
  static const char *const firsts[] = {"Ada", "Bela", "Cora", "Dina", "Edna", "Fara", "Gina", "Hana", "Ilsa", "Juna",
                                       "Kira", "Lena", "Mira", "Nora", "Olga", "Pia", "Rosa", "Sara", "Tina", "Vera"};
  static const char *const lasts[] = {"Abbot", "Brandt", "Corvin", "Dahl", "Eriksen", "Falk", "Gruber", "Hale",
                                      "Ivers", "Jansen", "Kovac", "Lund", "Moser", "Novak", "Olsen"};
  enum { N = 20 * 15 };
  vb_buf docs[2];
  for (int d = 0; d < 2; d++) {
    vb_buf_init(&docs[d], 0);
    vb_buf_printf(&docs[d], "Hearing %s\n\n", d ? "Two" : "One");
    for (int i = 0; i < N; i++)
      vb_buf_printf(&docs[d], "%s%s %s: I said thing number %d in the %s hearing.\n\n", d ? "Senator " : "",
                    firsts[i / 15], lasts[i % 15], i, d ? "second" : "first");
    assert_false(docs[d].failed);
  }
  char db[512];
  assert_int_equal(test_archive("test-ingest-roles", db, sizeof db), 0);
  vb_store *st;
  vb_err err;
  seen got = {.n = 0};
  for (int d = 0; d < 2; d++) { /* one ingest each, as `verbatim ingest` twice */
    assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
    vb_ingest *in;
    assert_int_equal(vb_ingest_open(st, NULL, 1, note, &got, &in, &err), 0);
    size_t len = docs[d].len;
    char *bytes = vb_buf_detach(&docs[d]); /* the ingest takes it */
    assert_non_null(bytes);
    assert_int_equal(vb_ingest_add(in, d ? "b.txt" : "a.txt", bytes, len, &err), 0);
    assert_int_equal(vb_ingest_close(in, &err), 0);
    vb_store_close(st);
  }
  assert_int_equal(got.n, 2);
  assert_true(got.added[0] && got.added[1]);
  assert_int_equal(vb_store_open(db, 0, &st, &err), 0);
  /* the speakers' own role (the list shows the documents' first) */
  int64_t all = -1, senators = -1;
  vs_db sdb = {st->ops->sql, st->impl};
  assert_int_equal(vs_sql_int(sdb, "SELECT count(*) FROM speakers", &all, &err), 0);
  assert_int_equal(vs_sql_int(sdb, "SELECT count(*) FROM speakers WHERE role = 'Senator'", &senators, &err), 0);
  vb_store_close(st);
  assert_int_equal(all, N);
  if (senators != N) fail_msg("%lld of %d speakers have the role the second document gave them", (long long)senators, N);
}

/* The feeder of a pipe: writes two documents, then waits (at most a
 * minute) until another connection sees them in the archive before
 * closing the pipe. */
typedef struct feeder {
  int fd;
  const char *db;
  int64_t seen; /* documents another connection saw while the pipe was open */
  char why[sizeof ((vb_err *)0)->msg]; /* the last reason it could not look */
} feeder;

static void *feed(void *arg) {
  feeder *f = arg;
  const char *lines = "{\"title\": \"Live one\", \"text\": \"Host: First of the feed.\\n\\nAnn Lee: We are live.\"}\n"
                      "{\"title\": \"Live two\", \"text\": \"Host: Second of the feed.\\n\\nAnn Lee: Still live.\"}\n";
  if (write(f->fd, lines, strlen(lines)) != (ssize_t)strlen(lines)) f->seen = -1;
  for (int i = 0; i < 1200 && f->seen < 2; i++) {
    vb_store *st;
    vb_err err;
    if (vb_store_open(f->db, 0, &st, &err) != 0) snprintf(f->why, sizeof f->why, "%s", err.msg);
    else {
      vs_db sdb = {st->ops->sql, st->impl};
      int64_t n = 0;
      if (vs_sql_int(sdb, "SELECT count(*) FROM documents", &n, &err) == 0) f->seen = n;
      else snprintf(f->why, sizeof f->why, "%s", err.msg);
      vb_store_close(st);
    }
    if (f->seen < 2) nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
  }
  close(f->fd);
  return NULL;
}

/* `tail -f feed.jsonl | verbatim ingest -`: the documents a pipe gave are
 * in the archive (committed, so searches, watches and corrections see
 * them and no batch's lock is held) while the pipe is still open and
 * nothing more comes. Before, the reader waited for a whole mebibyte or
 * the pipe's end, and the batch committed at the end only. */
static void pipe_that_goes_quiet(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-ingest-pipe", db, sizeof db), 0);
  int p[2];
  assert_int_equal(pipe(p), 0);
  int saved = dup(0);
  assert_true(saved >= 0);
  assert_int_equal(dup2(p[0], 0), 0);
  close(p[0]);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  seen got = {.n = 0};
  vb_ingest *in;
  vb_parse_opts opts = {.format = VB_FMT_JSONL}; /* `--format jsonl`: the name "-" does not say */
  assert_int_equal(vb_ingest_open(st, &opts, 2, note, &got, &in, &err), 0);
  feeder f = {p[1], db, 0, ""};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, feed, &f), 0);
  long long nread = 0;
  int rc = vb_ingest_add_file(in, "-", &nread, &err);
  pthread_join(t, NULL);
  assert_int_equal(dup2(saved, 0), 0);
  close(saved);
  clearerr(stdin);
  if (rc) fail_msg("%s", err.msg);
  assert_int_equal(vb_ingest_close(in, &err), 0);
  vb_store_close(st);
  if (f.seen != 2) fail_msg("another connection saw %lld of the 2 documents before the pipe closed%s%s", (long long)f.seen,
             f.why[0] ? "; last error: " : "", f.why);
  assert_int_equal(got.n, 2);
  assert_true(got.added[0] && got.added[1]);
}

/* The writer of a named pipe: opens it (which waits for its reader) half
 * a second after it is told to, notes that it did, and writes a document. */
typedef struct late_writer {
  const char *path;
  int opened;
} late_writer;

static void *write_late(void *arg) {
  late_writer *w = arg;
  nanosleep(&(struct timespec){0, 500 * 1000 * 1000}, NULL);
  int fd = open(w->path, O_WRONLY);
  __atomic_store_n(&w->opened, 1, __ATOMIC_SEQ_CST);
  if (fd >= 0) {
    const char *doc = "Host: Read by a parsing thread.\n\nAnn Lee: Not by the one that stores.\n";
    if (write(fd, doc, strlen(doc)) != (ssize_t)strlen(doc)) w->opened = -1;
    close(fd);
  }
  return NULL;
}

/* A file queued with vb_ingest_add_file is read by a parsing thread, not
 * by the caller, whose thread stores: the call returns before a named
 * pipe it names has a writer (the caller read every file itself before,
 * waiting for the disk between documents), and the document the pipe
 * then gives is stored. */
static void files_read_by_parsing_threads(void **state) {
  (void)state;
  const char *path = "build/test-ingest-fifo.txt";
  unlink(path);
  assert_int_equal(mkfifo(path, 0600), 0);
  char db[512];
  assert_int_equal(test_archive("test-ingest-fifo", db, sizeof db), 0);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  seen got = {.n = 0};
  vb_ingest *in;
  assert_int_equal(vb_ingest_open(st, NULL, 1, note, &got, &in, &err), 0);
  late_writer w = {path, 0};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, write_late, &w), 0);
  long long nread = -1;
  int rc = vb_ingest_add_file(in, path, &nread, &err);
  int opened = __atomic_load_n(&w.opened, __ATOMIC_SEQ_CST);
  pthread_join(t, NULL);
  if (rc) fail_msg("%s", err.msg);
  assert_int_equal(vb_ingest_close(in, &err), 0);
  vb_store_close(st);
  unlink(path);
  if (opened) fail_msg("vb_ingest_add_file returned after the pipe's writer came: the caller read the file itself");
  assert_int_equal(w.opened, 1);
  assert_int_equal(got.n, 1);
  assert_true(got.added[0]);
}

/* What vb_ingest_add stored: the statements of the document it reported. */
static void count_statements(void *ctx, const char *name, const vb_doc_view *v, int added, const vb_err *err) {
  (void)name;
  (void)added;
  (void)err;
  size_t *n = ctx;
  if (v) *n += v->nstatements;
}

/* No bytes given to vb_ingest_add are an empty input, not a file to read:
 * the queue reads a file for a job without bytes (vb_ingest_add_file), so
 * the empty input of a name that is also a file's must not become that
 * file's document. */
static void no_bytes_are_not_the_named_file(void **state) {
  (void)state;
  const char *path = "build/test-ingest-named.txt";
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("Host: What does this file say?\n\nAnn Lee: That it was read when it was not given.\n", f);
  fclose(f);
  char db[512];
  assert_int_equal(test_archive("test-ingest-nobytes", db, sizeof db), 0);
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &st, &err), 0);
  size_t statements = 0;
  vb_ingest *in;
  assert_int_equal(vb_ingest_open(st, NULL, 1, count_statements, &statements, &in, &err), 0);
  assert_int_equal(vb_ingest_add(in, path, NULL, 0, &err), 0);
  assert_int_equal(vb_ingest_close(in, &err), 0);
  vb_store_close(st);
  unlink(path);
  if (statements) fail_msg("%zu statements stored from %s, given no bytes", statements, path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(same_archive_any_thread_count),
      cmocka_unit_test(json_lines_streamed),
      cmocka_unit_test(json_line_too_long),
      cmocka_unit_test(roles_filled_for_many_speakers),
      cmocka_unit_test(pipe_that_goes_quiet),
      cmocka_unit_test(files_read_by_parsing_threads),
      cmocka_unit_test(no_bytes_are_not_the_named_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
