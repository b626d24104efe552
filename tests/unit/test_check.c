/* `check` finds what it promises to find: an archive is built through the
 * library, then each case damages a copy of it with plain SQL (foreign
 * keys off, as any other SQLite client would have them) the way a bug or
 * a bad tool could, and the check must name that damage. The undamaged
 * archive must pass. */
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "verbatim.h"

#define CLEAN "build/test-check.db"
#define COPY "build/test-check-copy.db"
#define SEED SHARED_DIR "/corpus/memri/sd-10850.txt"

static int put_file(vb_store *st, const char *path) {
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) return err.code;
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, NULL, &doc, &err), added = 0;
  free(bytes);
  if (!rc) rc = vb_store_put(st, doc, &added, &err);
  vb_doc_free(doc);
  return rc ? rc : !added;
}

static int setup(void **state) {
  (void)state;
  test_remove_sqlite(CLEAN);
  vb_store *st;
  vb_err err;
  if (vb_store_open(CLEAN, 1, &st, &err)) return -1;
  /* a watch added before the last documents records alerts for them */
  int rc = put_file(st, SEED) || vb_watch_add(st, "said", "said OR says", NULL, NULL, &err) ||
           put_file(st, "tests/golden/debate-labels-own-line.txt") ||
           put_file(st, "tests/golden/dispatch-second.txt") || vb_store_flush(st, &err);
  vb_store_close(st); /* the last connection folds the WAL into the file */
  return rc ? -1 : 0;
}

/* A byte copy of the clean archive (closed, so one file). */
static void copy_clean(void) {
  test_remove_sqlite(COPY);
  FILE *in = fopen(CLEAN, "rb"), *out = fopen(COPY, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) assert_int_equal(fwrite(buf, 1, n, out), n);
  fclose(in);
  assert_int_equal(fclose(out), 0);
}

/* Runs sql on the copy with the plain SQLite library: no verbatim
 * tokenizer, no foreign keys. */
static void damage(const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(COPY, &db), SQLITE_OK);
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
  assert_int_equal(sqlite3_changes(db) > 0, 1);
  sqlite3_close(db);
}

/* The check's report on the copy; *problems how many it found. */
static char *check_copy(int *problems) {
  vb_store *st;
  vb_err err;
  if (vb_store_open(COPY, 0, &st, &err)) fail_msg("open: %s", err.msg);
  char *report = NULL;
  if (vb_store_check(st, problems, &report, &err)) fail_msg("check: %s", err.msg);
  vb_store_close(st);
  return report;
}

/* The damage done by sql is reported, by the words in `expect`. */
static void expect_found(const char *sql, const char *expect) {
  copy_clean();
  damage(sql);
  int problems = 0;
  char *report = check_copy(&problems);
  if (problems == 0 || !strstr(report, expect))
    fail_msg("after `%s`: wanted \"%s\", the check said (%d problems):\n%s", sql, expect, problems,
             report);
  free(report);
}

static void clean_archive_passes(void **state) {
  (void)state;
  copy_clean();
  int problems = -1;
  char *report = check_copy(&problems);
  if (problems) fail_msg("a clean archive has problems:\n%s", report);
  free(report);
}

static void statement_without_document(void **state) {
  (void)state;
  expect_found("DELETE FROM documents WHERE id = (SELECT min(id) FROM documents)",
               "statements without their document");
}

static void statement_count_disagrees(void **state) {
  (void)state;
  expect_found("UPDATE documents SET nstatements = nstatements + 1 WHERE id = (SELECT min(id) FROM documents)",
               "documents whose statement count disagrees");
  /* a statement lost from a document: its count and its index row both say so */
  expect_found("DELETE FROM statements WHERE id = (SELECT max(id) FROM statements)",
               "documents whose statement count disagrees");
  expect_found("DELETE FROM statements WHERE id = (SELECT max(id) FROM statements)",
               "full-text rows whose statement is gone");
}

/* A reparse leaves a statement's quote fingerprint row, and its
 * document's block by its first statement, to the foreign key's cascade,
 * which an ingest's batch holds off while it is open. */
static void fingerprint_without_statement(void **state) {
  (void)state;
  expect_found("INSERT INTO fingerprints(statement_id, family, rel, ord, exact, bands)"
               " VALUES((SELECT max(id) FROM statements) + 1000, (SELECT max(id) FROM statements) + 1000, 0, 0, 0, x'')",
               "quote fingerprints whose statement is gone");
  expect_found("DELETE FROM statements WHERE id = (SELECT max(first_id) FROM fingerprint_blocks)",
               "quote fingerprint blocks whose statements are gone");
}

/* One statement missing from the index and one index row left over: the
 * counts agree, the rows do not. */
static void index_out_of_step_with_equal_counts(void **state) {
  (void)state;
  const char *sql = "UPDATE statements SET id = id + 1000000 WHERE id = (SELECT max(id) FROM statements)";
  expect_found(sql, "statements missing from the full-text index");
  expect_found(sql, "full-text rows whose statement is gone");
  expect_found("DELETE FROM statements_fts_docsize WHERE id = (SELECT min(id) FROM statements)",
               "statements missing from the full-text index");
}

static void numbering_spans_and_references(void **state) {
  (void)state;
  expect_found("UPDATE statements SET idx = idx + 1 WHERE id = (SELECT min(id) FROM statements)",
               "not numbered 0 to n-1");
  expect_found("UPDATE statements SET end = 100000000 WHERE id = (SELECT min(id) FROM statements)",
               "span is outside their document");
  expect_found("UPDATE statements SET turn = 9999 WHERE id = (SELECT min(id) FROM statements"
               " WHERE turn IS NOT NULL)",
               "in a turn their document does not have");
  expect_found("DELETE FROM speakers WHERE id = (SELECT min(speaker_id) FROM statements)",
               "statements with an unknown speaker");
  expect_found("DELETE FROM speakers WHERE id = (SELECT min(speaker_id) FROM statements)",
               "speaker names that lead nowhere");
  expect_found("DELETE FROM entities WHERE id = (SELECT min(entity_id) FROM mentions)",
               "mentions of an unknown entity or statement");
  expect_found("DELETE FROM watches", "alerts whose watch or statement is gone");
}

/* An entity's counts are its mentions' (issue 17): a count moved, or a
 * mention lost, is named. */
static void entity_counts_disagree(void **state) {
  (void)state;
  expect_found("UPDATE doc_entities SET statements = statements + 1"
               " WHERE entity_id = (SELECT min(entity_id) FROM mentions)",
               "entity counts disagree with their mentions");
  expect_found("DELETE FROM mentions WHERE entity_id = (SELECT min(entity_id) FROM mentions)",
               "entity counts disagree with their mentions");
}

/* The command says so too, with exit status 1. */
static void command_fails_on_damage(void **state) {
  (void)state;
  copy_clean();
  damage("UPDATE statements SET id = id + 1000000 WHERE id = (SELECT max(id) FROM statements)");
  const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
  char cmd[512], out[4096];
  snprintf(cmd, sizeof cmd, "%s/verbatim check --db " COPY " 2>&1", build);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = '\0';
  int status = pclose(p);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 1);
  if (!strstr(out, "PROBLEMS FOUND") || !strstr(out, "statements missing from the full-text index"))
    fail_msg("check said:\n%s", out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(clean_archive_passes),
      cmocka_unit_test(statement_without_document),
      cmocka_unit_test(statement_count_disagrees),
      cmocka_unit_test(fingerprint_without_statement),
      cmocka_unit_test(index_out_of_step_with_equal_counts),
      cmocka_unit_test(numbering_spans_and_references),
      cmocka_unit_test(entity_counts_disagree),
      cmocka_unit_test(command_fails_on_damage),
  };
  return cmocka_run_group_tests_name("check", tests, setup, NULL);
}
