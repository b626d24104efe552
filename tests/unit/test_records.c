/* A document's parse kept beside it (src/store/record.c), on real
 * documents from ../shared/corpus: a Kremlin page, a UN General Debate
 * speech, the MEMRI model dispatch and a caption file, archived (on
 * SQLite, and on PostgreSQL in make test's second pass). Each is read
 * from its record, without a parse, and every page of it is the same JSON
 * as the parse gives (the records deleted, as in an archive made before
 * them); a correction lists the documents it may change, which are
 * parsed when read until their records are remade (away from the
 * correction), and leaves the others' good; a damaged record is no record. */
#include <sys/stat.h>

#include "core/doc.h"
#include "store/sql.h"
#include "store/store.h"
#include "testutil.h"

#define DATA "build/records-data"
#define KREMLIN DATA "/kremlin-en/17093.html"
#define SPEECH DATA "/ungdc/TXT/Session 70 - 2015/RUS_70_2015.txt"
#define MEMRI SHARED_DIR "/corpus/memri/sd-10850.txt"
#define CAPTIONS SHARED_DIR "/corpus/captions/transcriptator__kde_express-16_kde_en_telegram.vtt"
#define BEFORE SHARED_DIR "/corpus/captions/transcriptator__podnews_daily_2024-01-25.vtt"
#define LATER SHARED_DIR "/corpus/captions/transcriptator__buzzcast.srt"
#define ANOTHER SHARED_DIR "/corpus/captions/transcriptator__podnews_weekly_review_2024-01-19.vtt"
#define LATEST SHARED_DIR "/corpus/captions/transcriptator__podcasting_20_episode_124.srt"

static const char *const files[] = {KREMLIN, SPEECH, MEMRI, CAPTIONS};
#define NFILES (sizeof files / sizeof *files)

static char DB[512];
static vb_store *st;
static char ids[NFILES][65];

static int unpack(void) {
  struct stat sb;
  if (!stat(DATA "/unpacked", &sb)) return 0;
  return system("rm -rf " DATA " && mkdir -p " DATA " && tar -xzf " SHARED_DIR "/corpus/kremlin-en.tar.gz -C " DATA
                " kremlin-en/17093.html && tar -xzf " SHARED_DIR "/corpus/ungdc.tar.gz -C " DATA
                " 'ungdc/TXT/Session 70 - 2015/RUS_70_2015.txt' && touch " DATA "/unpacked")
             ? -1
             : 0;
}

/* Parsed with lx (NULL: the built-in names) and stored; its id in id. */
static int put_file(const char *path, const vb_lexicon *lx, char id[65]) { return test_put_file(st, path, lx, id, NULL); }

static int setup(void **state) {
  (void)state;
  if (unpack() || test_archive("test-records", DB, sizeof DB)) return -1;
  vb_err err;
  if (vb_store_open(DB, 1, &st, &err)) return -1;
  for (size_t i = 0; i < NFILES; i++)
    if (put_file(files[i], NULL, ids[i])) return -1;
  return vb_store_flush(st, &err);
}

static int teardown(void **state) {
  (void)state;
  vb_store_close(st);
  return 0;
}

static void sql(const char *text) {
  vb_err err;
  if (vs_sql_exec((vs_db){st->ops->sql, st->impl}, text, &err)) fail_msg("%s: %s", text, err.msg);
}

/* Every page of document id, `limit` statements a page, one after the
 * other (malloc'd); *recorded: whether it was read from its record. */
static char *pages(const char *id, size_t limit, int *recorded) {
  vb_doc *doc = NULL;
  vb_err err;
  if (vb_store_doc(st, id, &doc, &err)) fail_msg("%s: %s", id, err.msg);
  *recorded = doc->recorded;
  vb_buf all;
  vb_buf_init(&all, 0);
  size_t from = 0;
  do {
    vb_doc_page info;
    char *json = NULL;
    if (vb_doc_page_to_json(doc, from, limit, 1u << 20, &info, &json, &err)) fail_msg("%s: %s", id, err.msg);
    vb_buf_adds(&all, json);
    vb_buf_addc(&all, '\n');
    free(json);
    from = info.next;
  } while (from);
  vb_doc_free(doc);
  return vb_buf_detach(&all);
}

static void same(const char *what, const char *id, const char *a, const char *b) {
  if (strcmp(a, b)) {
    size_t k = 0;
    while (a[k] && a[k] == b[k]) k++;
    fail_msg("%s %.12s: the record's pages differ from the parse's at byte %zu:\n%.200s\nagainst\n%.200s", what, id, k,
             a + (k > 60 ? k - 60 : 0), b + (k > 60 ? k - 60 : 0));
  }
}

/* Read from the record, each document's pages are the parse's, whole and
 * 7 statements a page; an archive without records (made before them)
 * answers the same from the parse. */
static void records_answer_as_the_parse(void **state) {
  (void)state;
  char *kept[NFILES][2];
  for (size_t i = 0; i < NFILES; i++)
    for (int k = 0; k < 2; k++) {
      int recorded = 0;
      kept[i][k] = pages(ids[i], k ? 7 : 5000, &recorded);
      if (!recorded) fail_msg("%s was parsed: its record was not read", files[i]);
    }
  sql("DELETE FROM doc_records");
  for (size_t i = 0; i < NFILES; i++)
    for (int k = 0; k < 2; k++) {
      int recorded = 1;
      char *parsed = pages(ids[i], k ? 7 : 5000, &recorded);
      assert_false(recorded);
      same(files[i], ids[i], kept[i][k], parsed);
      assert_non_null(strstr(parsed, "\"statements\":[{"));
      free(parsed);
      free(kept[i][k]);
    }
}

/* Each document's records, by its id, one line each (hex), malloc'd. */
static char *records_of(vb_store *s) {
  vs_sql *q;
  vb_err err;
  if (vs_sql_prepare((vs_db){s->ops->sql, s->impl},
                     "SELECT d.hash, r.record FROM doc_records r JOIN documents d ON d.id = r.doc_id ORDER BY d.hash",
                     &q, &err))
    fail_msg("%s", err.msg);
  vb_buf b;
  vb_buf_init(&b, 0);
  while (vs_next(q, &err) > 0) {
    size_t n = 0, m = 0;
    const char *hash = vs_col_text(q, 0, &n);
    const unsigned char *rec = vs_col_blob(q, 1, &m);
    vb_buf_add(&b, hash, n);
    vb_buf_addc(&b, ' ');
    for (size_t i = 0; i < m; i++) vb_buf_printf(&b, "%02x", rec[i]);
    vb_buf_addc(&b, '\n');
  }
  vs_finalize(q);
  return vb_buf_detach(&b);
}

static void note_ingested(void *ctx, const char *name, const vb_doc_view *view, int added, const vb_err *err) {
  (void)view, (void)added;
  if (err) fail_msg("%s: %s", name, err->msg);
  (*(int *)ctx)++;
}

/* An ingest makes each document's record on its parsing threads
 * (ingest.c): the records stored are the bytes the store makes of the
 * same parse. */
static void records_made_by_the_parsing_threads(void **state) {
  (void)state;
  char db[512];
  assert_int_equal(test_archive("test-records-ingest", db, sizeof db), 0);
  vb_store *in_st;
  vb_err err;
  assert_int_equal(vb_store_open(db, 1, &in_st, &err), 0);
  vb_ingest *in;
  int stored = 0;
  assert_int_equal(vb_ingest_open(in_st, NULL, 2, note_ingested, &stored, &in, &err), 0);
  for (size_t i = 0; i < NFILES; i++)
    if (vb_ingest_add_file(in, files[i], NULL, &err)) fail_msg("%s", err.msg);
  assert_int_equal(vb_ingest_close(in, &err), 0);
  assert_int_equal(stored, (int)NFILES);
  char *by_ingest = records_of(in_st), *by_store = records_of(st);
  assert_true(strlen(by_ingest) > NFILES * 100);
  assert_string_equal(by_ingest, by_store);
  free(by_ingest);
  free(by_store);
  vb_store_close(in_st);
}

/* A record whose bytes were damaged (cut short, or another document's
 * in its place) is not read: the document is parsed, and answers the
 * same. */
static void a_damaged_record_is_no_record(void **state) {
  (void)state;
  vb_err err;
  int recorded = 0;
  char *whole = pages(ids[2], 5000, &recorded);
  assert_true(recorded);
  vs_db db = {st->ops->sql, st->impl};
  int64_t row = 0;
  assert_int_equal(vs_doc_row(db, ids[2], &row, &err), 0);
  vs_sql *q = NULL;
  assert_int_equal(vs_sql_prepare(db, "SELECT record FROM doc_records WHERE doc_id = ?1", &q, &err), 0);
  vs_bind_int(q, 1, row);
  assert_int_equal(vs_next(q, &err), 1);
  size_t n = 0;
  const void *p = vs_col_blob(q, 0, &n);
  char *kept = malloc(n);
  memcpy(kept, p, n);
  vs_finalize(q);
  /* cut short by one byte, then the caption file's record in its place */
  static const char *const damage[] = {
      "UPDATE doc_records SET record = substr(record, 1, length(record) - 1) WHERE doc_id = ?1",
      "UPDATE doc_records SET record = (SELECT r.record FROM doc_records r JOIN documents d ON d.id = r.doc_id"
      " WHERE d.format = 'vtt') WHERE doc_id = ?1"};
  for (size_t k = 0; k < sizeof damage / sizeof *damage; k++) {
    assert_int_equal(vs_sql_prepare(db, damage[k], &q, &err), 0);
    vs_bind_int(q, 1, row);
    assert_int_equal(vs_sql_run(q, &err), 0);
    vs_finalize(q);
    char *again = pages(ids[2], 5000, &recorded);
    if (recorded) fail_msg("damage %zu: the damaged record was read", k);
    same("damaged", ids[2], whole, again);
    free(again);
  }
  /* put back for the tests after */
  assert_int_equal(vs_sql_prepare(db, "UPDATE doc_records SET record = ?2 WHERE doc_id = ?1", &q, &err), 0);
  vs_bind_int(q, 1, row);
  vs_bind_blob(q, 2, kept, n);
  assert_int_equal(vs_sql_run(q, &err), 0);
  vs_finalize(q);
  free(kept);
  free(whole);
}

/* The lexicon stamp each document's record was made with (-1: none). */
static int64_t record_stamp(const char *id) {
  vs_db db = {st->ops->sql, st->impl};
  vb_err err;
  int64_t row = 0, stamp = -1;
  assert_int_equal(vs_doc_row(db, id, &row, &err), 0);
  vs_sql *q = NULL;
  assert_int_equal(vs_sql_prepare(db, "SELECT lexicon FROM doc_records WHERE doc_id = ?1", &q, &err), 0);
  vs_bind_int(q, 1, row);
  if (vs_next(q, &err) > 0) stamp = vs_col_int(q, 0);
  vs_finalize(q);
  return stamp;
}

/* Every page of document id as today's parse gives it: its record set
 * aside (another parser's) while it is read. */
static char *parsed_pages(const char *id) {
  int recorded = 1;
  sql("UPDATE doc_records SET parser = parser + 1000");
  char *p = pages(id, 5000, &recorded);
  sql("UPDATE doc_records SET parser = parser - 1000");
  assert_false(recorded);
  return p;
}

/* Remakes every record corrections left out of date, one document a
 * call; how many were remade. */
static size_t remake_all(void) {
  size_t total = 0;
  for (int more = 1, calls = 0; more; calls++) {
    size_t n = 0;
    vb_err err;
    if (vb_store_records_remake(st, 1, &n, &more, &err)) fail_msg("remake: %s", err.msg);
    assert_true(n <= 1);
    assert_true(calls < 100);
    total += n;
  }
  return total;
}

/* A correction changes the names documents are parsed with. The
 * documents it may change (here the UN speech: a spelling of it rejected,
 * one no parse found before, "Nazis", made an entity's, and that entity
 * renamed) are parsed when read, as today's parse gives them, and not in
 * the correction's time (their records are as they were), until their
 * records are made again with it (vb_store_records_remake); then they
 * answer from them as today's parse does; the others keep theirs, still
 * good. A document stored by an ingest that made its lexicon before the
 * correction keeps no record (no correction listed it); one parsed with
 * the archive's lexicon has one. */
static void a_correction_remakes_the_records_it_touches(void **state) {
  (void)state;
  vb_err err;
  int recorded = 0;
  char before_id[65];
  assert_int_equal(put_file(BEFORE, NULL, before_id), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  char *before[NFILES];
  for (size_t i = 0; i < NFILES; i++) {
    before[i] = pages(ids[i], 5000, &recorded);
    assert_true(recorded);
    assert_int_equal(record_stamp(ids[i]), 0);
  }
  assert_null(strstr(before[1], "\"Nazis\""));
  assert_non_null(strstr(before[1], "\"Yalta\""));
  const char *args[] = {"Nazis"};
  if (vb_store_entity_fix(st, VB_FIX_ALIAS_ADD, "Adolf Hitler", args, 1, &err)) fail_msg("alias: %s", err.msg);
  /* no parse found "Nazis" before: the speech is found by its text, and
   * parsed when read (the correction remade nothing) */
  assert_int_equal(record_stamp(ids[1]), 0);
  char *mid = pages(ids[1], 5000, &recorded);
  assert_false(recorded);
  assert_non_null(strstr(mid, "\"Nazis\""));
  free(mid);
  assert_int_equal(vb_store_entity_fix(st, VB_FIX_REJECT, "Yalta", NULL, 0, &err), 0);
  /* renamed: the analyst's spelling ("Nazis") leads to the new name */
  const char *renamed[] = {"Hitler the dictator"};
  assert_int_equal(vb_store_entity_fix(st, VB_FIX_RENAME, "Adolf Hitler", renamed, 1, &err), 0);
  for (int remade = 0; remade < 2; remade++) {
    if (remade) assert_true(remake_all() >= 1);
    for (size_t i = 0; i < NFILES; i++) {
      char *after = pages(ids[i], 5000, &recorded);
      if (remade && !recorded) fail_msg("%s was parsed after the remake: its record was not made again", files[i]);
      if (!remade && i == 1 && recorded) fail_msg("the speech's out-of-date record was read");
      char *parsed = parsed_pages(ids[i]);
      same("after the corrections", ids[i], after, parsed);
      /* the speech's parse changed, and its record with it once remade;
       * the others' records are the ones made at ingest */
      if (i == 1) {
        assert_string_not_equal(before[i], after);
        assert_non_null(strstr(after, "\"Nazis\""));
        assert_null(strstr(after, "\"Yalta\""));
        assert_non_null(strstr(after, "\"Hitler the dictator\""));
        if (remade) assert_true(record_stamp(ids[i]) > 0);
        else assert_int_equal(record_stamp(ids[i]), 0);
      } else {
        assert_true(recorded);
        assert_string_equal(before[i], after);
        assert_int_equal(record_stamp(ids[i]), 0);
      }
      free(parsed);
      free(after);
    }
  }
  for (size_t i = 0; i < NFILES; i++) free(before[i]);
  /* nothing is left to remake */
  assert_int_equal(remake_all(), 0);
  char *other = pages(before_id, 5000, &recorded);
  assert_true(recorded);
  free(other);
  /* stored with the lexicon from before the corrections: no record */
  char late_id[65];
  assert_int_equal(put_file(LATER, NULL, late_id), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  assert_int_equal(record_stamp(late_id), -1);
  char *late = pages(late_id, 5000, &recorded);
  assert_false(recorded);
  free(late);
}

/* A document parsed with the archive's lexicon is recorded with it, and
 * answers from the record as the parse does. */
static void a_document_parsed_after_a_correction_is_recorded(void **state) {
  (void)state;
  vb_err err;
  vb_lexicon *lx = NULL;
  assert_int_equal(vb_store_lexicon(st, &lx, &err), 0);
  assert_non_null(lx);
  char id[65];
  assert_int_equal(put_file(LATEST, lx, id), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  int recorded = 0;
  char *fresh = pages(id, 5000, &recorded);
  assert_true(recorded);
  char *parsed = parsed_pages(id);
  same("after a correction", id, fresh, parsed);
  free(fresh);
  free(parsed);
  vb_lexicon_free(lx);
}

/* An archive that kept records before corrections listed documents
 * (record_fixes) keeps only those made since its last correction, and
 * gets the list when opened. */
static void records_from_before_the_list(void **state) {
  (void)state;
  vb_err err;
  /* one record made with the archive's lexicon, one from before its
   * last correction */
  vb_lexicon *lx = NULL;
  assert_int_equal(vb_store_lexicon(st, &lx, &err), 0);
  char id[65];
  assert_int_equal(put_file(ANOTHER, lx, id), 0);
  assert_int_equal(vb_store_flush(st, &err), 0);
  vb_lexicon_free(lx);
  sql("DELETE FROM doc_records WHERE lexicon < (SELECT max(id) FROM corrections)");
  sql("INSERT INTO doc_records(doc_id, parser, lexicon, record) SELECT (SELECT min(id) FROM documents WHERE id NOT IN"
      " (SELECT doc_id FROM doc_records)), parser, 0, record FROM doc_records");
  sql("DROP TABLE record_fixes");
  vb_store_close(st);
  st = NULL;
  assert_int_equal(vb_store_open(DB, 1, &st, &err), 0);
  vs_db db = {st->ops->sql, st->impl};
  int64_t n = -1, fixes = -1;
  assert_int_equal(vs_sql_int(db, "SELECT count(*) FROM doc_records", &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(record_stamp(id), 3);
  assert_int_equal(vs_sql_int(db, "SELECT count(*) FROM record_fixes", &fixes, &err), 0);
  assert_int_equal(fixes, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(records_made_by_the_parsing_threads),
      cmocka_unit_test(a_damaged_record_is_no_record),
      cmocka_unit_test(a_correction_remakes_the_records_it_touches),
      cmocka_unit_test(a_document_parsed_after_a_correction_is_recorded),
      cmocka_unit_test(records_answer_as_the_parse),
      cmocka_unit_test(records_from_before_the_list),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
