/* sqlite — the embedded archive: one SQLite file in WAL mode, foreign keys
 * on, a versioned schema, and an FTS5 index over statements that uses
 * verbatim's own tokenizer. Documents go in one savepoint each inside
 * batched transactions, so a bad or interrupted document never leaves half
 * of itself behind and good ones commit at a few hundred per fsync. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "extract/extract.h"
#include "store.h"
#include "store/compile.h"
#include "store/sqlite_int.h"
#include "store/fts5_rank.h"
#include "store/fts5_tokenizer.h"
#include "analyze/analyze.h"

/* A batch commits after this many documents or bytes of body: large enough
 * to amortise the fsync, small enough that a crash loses little work. */
#define BATCH_DOCS 256
#define BATCH_BYTES ((size_t)32 << 20)
/* Largest SQL text a query compiles to; the query itself is bounded. */
/* The entity facet counts over at most this many matching statements. */
/* Values shown per facet. */

#define SCHEMA_VERSION 10

/* A statement's text is its span of the stored body (offsets are bytes). */
#define STMT_TEXT "CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT)"

static const char *const schema_v1[] = {
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, path TEXT, format TEXT NOT NULL,"
    " title TEXT, publisher TEXT, series TEXT, series_key TEXT, number TEXT,"
    " published TEXT, aired TEXT, date TEXT, channel TEXT, channel_key TEXT, language TEXT,"
    " nstatements INTEGER NOT NULL, body TEXT NOT NULL,"
    " ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))",
    "CREATE INDEX documents_date ON documents(date, nstatements)",
    "CREATE INDEX documents_number ON documents(number)",
    "CREATE TABLE speakers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE,"
    " role TEXT, affiliation TEXT, host INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE speaker_keys(key TEXT NOT NULL,"
    " speaker_id INTEGER NOT NULL REFERENCES speakers(id), PRIMARY KEY(key, speaker_id))"
    " WITHOUT ROWID",
    "CREATE TABLE doc_speakers(doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " local TEXT NOT NULL, speaker_id INTEGER NOT NULL REFERENCES speakers(id), role TEXT,"
    " affiliation TEXT, host INTEGER NOT NULL, PRIMARY KEY(doc_id, local)) WITHOUT ROWID",
    "CREATE INDEX doc_speakers_speaker ON doc_speakers(speaker_id)",
    /* primary-key columns first: SQLite 3.40's integrity_check misreads
     * WITHOUT ROWID tables whose key columns come after others */
    "CREATE TABLE tags(key TEXT NOT NULL,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " tag TEXT NOT NULL, PRIMARY KEY(key, doc_id)) WITHOUT ROWID",
    "CREATE INDEX tags_doc ON tags(doc_id)",
    "CREATE TABLE turns(doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, speaker_id INTEGER REFERENCES speakers(id), section INTEGER,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL, t_start REAL, t_end REAL,"
    " PRIMARY KEY(doc_id, idx)) WITHOUT ROWID",
    "CREATE TABLE statements(id INTEGER PRIMARY KEY,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " speaker_id INTEGER REFERENCES speakers(id), kind TEXT NOT NULL, turn INTEGER,"
    " paragraph INTEGER, start INTEGER NOT NULL, end INTEGER NOT NULL, t_start REAL, t_end REAL,"
    /* the document's date (YYYYMMDD) and language, copied so a search
     * reads one row per match */
    " date INTEGER, lang TEXT)",
    "CREATE INDEX statements_doc ON statements(doc_id)",
    VS_SPEAKER_INDEX,
    "CREATE TABLE entities(id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE,"
    " type TEXT)",
    "CREATE TABLE mentions("
    " statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    " entity_id INTEGER NOT NULL REFERENCES entities(id), start INTEGER NOT NULL,"
    " end INTEGER NOT NULL, surface TEXT NOT NULL)",
    "CREATE INDEX mentions_entity ON mentions(entity_id, statement_id)",
    "CREATE INDEX mentions_statement ON mentions(statement_id)",
    "CREATE VIRTUAL TABLE statements_fts USING fts5(text, content='', tokenize='verbatim')",
};


/* v2: entities archive-wide, with every spelling, per-document roles,
 * and analysts' corrections. */
static const char *const schema_v2[] = {
    /* the decoded input, when the body is derived from it (pages, captions,
     * JSON lines): show and export parse it again */
    "ALTER TABLE documents ADD COLUMN source BLOB",
    "ALTER TABLE entities ADD COLUMN speaker_id INTEGER REFERENCES speakers(id)",
    "CREATE TABLE entity_aliases(key TEXT NOT NULL,"
    " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
    " surface TEXT NOT NULL, manual INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(key, entity_id)) WITHOUT ROWID",
    "CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id)",
    "CREATE TABLE entity_rejects(key TEXT PRIMARY KEY, surface TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE doc_entities(doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE, role TEXT,"
    " mentions INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(doc_id, entity_id)) WITHOUT ROWID",
    "CREATE INDEX doc_entities_entity ON doc_entities(entity_id)",
    "CREATE TABLE corrections(id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT (datetime('now')),"
    " op TEXT NOT NULL, a TEXT NOT NULL, b TEXT)",
    /* mentions clustered by entity (what mentions: reads); the spelling
     * is the body's bytes, not stored twice */
    "DROP TABLE mentions",
    "CREATE TABLE mentions("
    " entity_id INTEGER NOT NULL REFERENCES entities(id),"
    " statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, end INTEGER NOT NULL, PRIMARY KEY(entity_id, statement_id, start))"
    " WITHOUT ROWID",
    "CREATE INDEX mentions_statement ON mentions(statement_id)",
};

/* The alerts waiting for delivery, indexed alone (alerts_waiting below). */
#define ALERTS_WAITING_INDEX "CREATE INDEX alerts_waiting ON alerts(id) WHERE delivered = 0"

/* v3: standing queries, their anchor words, and alerts once per (watch,
 * statement). */
static const char *const schema_v3[] = {
    "CREATE TABLE watches(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, query TEXT NOT NULL,"
    " sink TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')), anchored INTEGER NOT NULL)",
    "CREATE TABLE watch_anchors(term TEXT NOT NULL,"
    " watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,"
    " PRIMARY KEY(term, watch_id)) WITHOUT ROWID",
    "CREATE TABLE alerts(id INTEGER PRIMARY KEY,"
    " watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,"
    " statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    /* delivered: 0 pending, 1 delivered, 2 dead (its sink kept failing:
     * the reason in error) */
    " delivered INTEGER NOT NULL DEFAULT 0, error TEXT, UNIQUE(watch_id, statement_id))",
    /* the pending alone (alerts_waiting below): a new archive makes no
     * index of every alert for its first open to drop */
    ALERTS_WAITING_INDEX,
};

/* v4: watches are matched in memory from their queries (query/matcher.c);
 * their anchor words are no longer kept. */
static const char *const schema_v4[] = {
    "DROP TABLE watch_anchors",
};

/* v5: alerts claimed by one deliverer at a time (claim: its token,
 * claimed_at: unix seconds, so a crashed deliverer's claim goes stale). */
static const char *const schema_v5[] = {
    "ALTER TABLE alerts ADD COLUMN claim INTEGER",
    "ALTER TABLE alerts ADD COLUMN claimed_at INTEGER",
};

/* v6: versioned parses. Each document records the VB_PARSER_VERSION that
 * made its stored statements (0: stored before versions were recorded);
 * a reparse that moves statements records where each old index went, per
 * numbering it retires, so a permalink of any age still finds its
 * statement (new_idx NULL: it is gone). */
static const char *const schema_v6[] = {
    "ALTER TABLE documents ADD COLUMN parser INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX documents_parser ON documents(parser)",
    "CREATE TABLE statement_moves(doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " version INTEGER NOT NULL, idx INTEGER NOT NULL, new_idx INTEGER,"
    " PRIMARY KEY(doc_id, version, idx)) WITHOUT ROWID",
};

#define STR_(x) #x
#define STR(x) STR_(x)
/* v7: the version of the text analysis the full-text index holds (an
 * archive indexed before has version 1), the documents' languages at hand.
 * Idempotent, like v6: tests set the version back and migrate again. */
static const char *const schema_v7[] = {
    "CREATE TABLE IF NOT EXISTS analysis(version INTEGER NOT NULL)",
    "INSERT INTO analysis SELECT CASE WHEN EXISTS(SELECT 1 FROM statements) THEN 1 ELSE " STR(AN_VERSION)
    " END WHERE NOT EXISTS(SELECT 1 FROM analysis)",
    "CREATE INDEX IF NOT EXISTS documents_language ON documents(language)",
};

static const char *const prepared_sql[Q_COUNT] = {
    "INSERT INTO statements_fts(rowid, text) VALUES(?1, ?2)",
    "SAVEPOINT doc",
    "RELEASE doc",
};


/* SQL function vb_exact(text, needle): needle occurs in text with the same
 * case and accents, on word boundaries. Backs `=term` and `exact:"…"`. */
static int word_char_at(const char *s, size_t n, size_t i) {
  int32_t cp;
  vb_utf8_next(s, n, i, &cp);
  return vb_cp_is_letter(cp) || vb_cp_is_digit(cp);
}

static void fn_exact(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *t = (const char *)sqlite3_value_text(argv[0]);
  const char *n = (const char *)sqlite3_value_text(argv[1]);
  if (!t || !n) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  size_t tl = (size_t)sqlite3_value_bytes(argv[0]), nl = (size_t)sqlite3_value_bytes(argv[1]);
  int found = 0;
  for (const char *p = t; nl && !found && (p = strstr(p, n)); p++) {
    size_t at = (size_t)(p - t);
    int left = at == 0 || !word_char_at(t, tl, vb_utf8_prev(t, at));
    int right = at + nl >= tl || !word_char_at(t, tl, at + nl);
    found = left && right;
  }
  sqlite3_result_int(ctx, found);
}

/* Alert ids never come back. Without AUTOINCREMENT SQLite gave a new
 * alert the id of the newest one deleted (a removed watch takes its alerts
 * with it), so ids went backwards and a stream or a client resuming from
 * Last-Event-ID never saw the alerts that came after. An archive whose
 * alerts table lacks it has the table rebuilt once, whatever its schema
 * version (the test is on the table itself, so it needs no number). */
static const char *const alerts_autoincrement[] = {
    "CREATE TABLE alerts_new(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,"
    " statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " delivered INTEGER NOT NULL DEFAULT 0, error TEXT, claim INTEGER, claimed_at INTEGER,"
    " UNIQUE(watch_id, statement_id))",
    ("INSERT INTO alerts_new(id, watch_id, statement_id, at, delivered, error, claim, claimed_at)"
     " SELECT id, watch_id, statement_id, at, delivered, error, claim, claimed_at FROM alerts"),
    "DROP TABLE alerts",
    "ALTER TABLE alerts_new RENAME TO alerts",
    ALERTS_WAITING_INDEX,
};

/* Each alert's reasons as it was made (store.h, vs_reasons_each): made
 * once for an archive that lacks it, tested on the column itself. */
static const char *const alerts_matched[] = {"ALTER TABLE alerts ADD COLUMN matched INTEGER"};

/* The alerts waiting for delivery indexed alone: marking one delivered
 * takes its entry out, where an index of every alert by (delivered, id)
 * moved it, and claiming and reading the pending walk an index as small
 * as what waits. Made once for an archive that has the old index, tested
 * on the index itself. */
static const char *const alerts_waiting[] = {
    "DROP INDEX IF EXISTS alerts_pending",
    ALERTS_WAITING_INDEX,
};

/* Each mention keeps its spelling's key (vb_entity_key of the text it
 * covers), so a correction finds the mentions spelled a given way from an
 * index instead of reading every mention's document body (34 s for the
 * UN archive's 1.07 M mentions; store.h). Mentions stored before have
 * none until the first correction fills them in, a batch at a time
 * (sq_key_mentions), which the partial index finds at once. Made once for
 * an archive that lacks it, tested on the column itself. The index by key
 * (MENTIONS_KEY_INDEX) is made by the first correction, not here. */
static const char *const mention_keys[] = {
    "ALTER TABLE mentions ADD COLUMN key TEXT",
    "CREATE INDEX mentions_unkeyed ON mentions(statement_id) WHERE key IS NULL",
};

/* Only corrections read mentions by their key, and an archive that is
 * never corrected paid for the index at every mention stored: four
 * B-trees a mention row, the key's ~40% of the mention rows' instructions
 * (bench/RESULTS.md, issue 20). The first correction makes it, in its own
 * transaction (sq_before_fix), and it is kept from then on; an archive
 * made before has it already. */
#define MENTIONS_KEY_INDEX "CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key)"

/* Where each document's language came from (vb_lang_from_name: guessed,
 * named by the input, or given to ingest --language, which a reparse
 * keeps); NULL for documents stored before it was recorded. */
static const char *const language_from[] = {"ALTER TABLE documents ADD COLUMN language_from TEXT"};

/* The documents' parses kept to be served without a parse (record.c). */
static const char *const doc_records[] = {VS_DOC_RECORDS_TABLE("INTEGER", "BLOB"),
    VS_RECORD_FIXES_BEFORE("EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'record_fixes')"), VS_RECORD_FIXES_TABLE};

/* The count of deletions the column caches watch (store.h): made once for
 * an archive that lacks it. */
static const char *const cols_gen[] = {VS_COLS_GEN_TABLE, VS_COLS_GEN_ROW};

/* The watch generation (store.h): made once for an archive that lacks it. */
static const char *const watch_generation[] = {VS_WATCH_GENERATION_TABLE};
static const char *const doc_languages[] = {VS_DOC_LANGUAGES_TABLE, VS_DOC_LANGUAGES_FILL};

/* Whether the schema holds what a one-row, one-column query says. */
static int schema_holds(sq *s, const char *sql, int *yes) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  *yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return 0;
}

/* Runs fix[0..n) in one transaction unless the schema holds test already
 * (asked again inside it, where no other process changes it). */
static int schema_fix(sq *s, const char *test, const char *const *fix, size_t n, const char *what, vb_err *err) {
  int yes;
  if (schema_holds(s, test, &yes)) return db_err(s, err, what);
  if (yes) return VB_OK;
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  if (schema_holds(s, test, &yes)) rc = db_err(s, err, what);
  for (size_t i = 0; !rc && !yes && i < n; i++) rc = exec(s, fix[i], err);
  if (rc) {
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  return exec(s, "COMMIT", err);
}

/* An archive made before the statements were counted has its counts made
 * again from its mentions (store.h), once, tested on the column itself. */
/* (and the entities' totals, summed again from them) */
static const char *const entity_counts[] = {VS_ENTITY_COUNTS_COLUMN, VS_ENTITY_COUNTS_RESET, VS_ENTITY_COUNTS_FILL,
                                            VS_ENTITY_TOTALS_TABLE(" WITHOUT ROWID"), VS_ENTITY_TOTALS_INDEX,
                                            "DELETE FROM entity_totals", VS_ENTITY_TOTALS_FILL};

/* The entity list sums each entity's counts over its documents: with them
 * in the entity index, from the index alone (0.04 s of CPU for the UN
 * archive's 357 k rows in the sqlite3 shell, against 0.6 s looking every
 * row up in the table). Its page's roles are found there too: the UN
 * archive's e1, in 10,880 documents and given a role in none, looked up
 * each of their rows for it (0.07 s of CPU cold). An archive whose index
 * lacks them has it made again once, tested on the index itself like the
 * alerts table. */
static const char *const entity_index_counts[] = {
    "DROP INDEX IF EXISTS doc_entities_entity",
    "CREATE INDEX doc_entities_entity ON doc_entities(entity_id, mentions, statements, role)",
};

static const char *const speaker_index[] = {VS_SPEAKER_INDEX_DROP, VS_SPEAKER_INDEX};

/* Who mentions each entity and what with (links.c), counted from the
 * mentions once for an archive that lacks the tables. */
static const char *const entity_links[] = {
    VS_LINKS_SPEAKERS_TABLE(" WITHOUT ROWID"), VS_LINKS_PAIRS_TABLE(" WITHOUT ROWID"), VS_LINKS_SPEAKERS_FILL,
    VS_LINKS_PAIRS_FILL, VS_ENTITY_LOWER_NAME_INDEX};

/* Each entity's totals (store.h), made and filled once for an archive
 * that lacks them. */
static const char *const entity_totals[] = {VS_ENTITY_TOTALS_TABLE(" WITHOUT ROWID"), VS_ENTITY_TOTALS_INDEX,
                                            VS_ENTITY_TOTALS_FILL};

/* The home page's statements per month (the overview) sum the documents'
 * counts by date: with the counts in the date index, from the index
 * alone. A scan of the documents read a page of 16 KB for each (their
 * bodies beside): 0.1 s of CPU for the UN archive's 10,953 in a fresh
 * sqlite3 shell, 0.01 s from the index. Made again once on an older
 * archive, tested on the index itself. */
static const char *const documents_date_index[] = {
    "DROP INDEX IF EXISTS documents_date",
    "CREATE INDEX documents_date ON documents(date, nstatements)",
};

/* The documents dated by a year alone, by id, for the column cache's
 * years (cols.c): read by an id range, where through documents_date the
 * read passed every dated document's entry to keep those in the range
 * (every document of the archive at each refresh after an ingest: a
 * cost that grew with the archive on the search's path). Made once on an
 * older archive, tested on the index itself. */
static const char *const year_alone_index[] = {VS_YEAR_ALONE_INDEX};

/* FTS5 writes its pending terms out as a new segment, to be merged
 * again later, whenever they pass its hash size (1 MiB unless set) and at
 * every commit: a batch of documents (BATCH_DOCS) made about ten
 * segments. With room for a batch's terms it makes one: on 200 UN
 * speeches, 28% fewer instructions writing the index (callgrind), and the
 * same searches cost the same. The hash holds at most this many bytes, on
 * the connection writing only. Set once in the index's own settings (its
 * _config table), for an archive made before too. */
#ifndef VB_FTS_HASH_BYTES
#define VB_FTS_HASH_BYTES 16777216
#endif
#define FTS_HASH_SETTING "'hashsize', " STR(VB_FTS_HASH_BYTES)
static const char *const fts_hash_size[] = {
    "INSERT INTO statements_fts(statements_fts, rank) VALUES(" FTS_HASH_SETTING ")"};
/* Quote families (families.c), tested on fingerprint_state itself. */
#define FINGERPRINT_TABLE(name) VS_FINGERPRINT_TABLE(name, "INTEGER", "INTEGER", "BLOB")
static const char *const fingerprints[] = {
    FINGERPRINT_TABLE("fingerprints"),
    VS_FINGERPRINT_FAMILY_INDEX,
    VS_FINGERPRINT_STATE,
    VS_FINGERPRINT_STATE_FILL,
};
/* Band keys in sixteen columns made one blob (store.h): the table made
 * anew, its index with it. */
static const char *const fingerprint_bands[] = {
    FINGERPRINT_TABLE("fingerprints_new"),
    "INSERT INTO fingerprints_new(statement_id, family, rel, ord, exact, bands) SELECT statement_id, family, rel, ord,"
    " exact, vb_bands(" VS_FINGERPRINT_BAND_COLUMNS ") FROM fingerprints",
    "DROP TABLE fingerprints",
    "ALTER TABLE fingerprints_new RENAME TO fingerprints",
    VS_FINGERPRINT_FAMILY_INDEX,
};

/* The MinHash scheme of the keys kept (store.h): an archive from before
 * has scheme 1's when it has any. */
static const char *const fingerprint_scheme[] = {VS_FINGERPRINT_SCHEME_COLUMN, VS_FINGERPRINT_SCHEME_FILL};

/* Founders' word pairs kept in their rows (store.h). */
static const char *const fingerprint_pairs[] = {VS_FINGERPRINT_PAIRS_COLUMN("BLOB")};

/* A document's fingerprints in one row (store.h), its deletions counted
 * as the rows' are (band_file_stamp below). */
static const char *const fingerprint_blocks[] = {
    VS_FINGERPRINT_BLOCKS("INTEGER", "BLOB"),
    VS_FINGERPRINT_BLOCKS_INDEX,
    "CREATE TRIGGER IF NOT EXISTS fingerprint_blocks_deleted AFTER DELETE ON fingerprint_blocks BEGIN UPDATE "
    VS_BAND_STAMP " SET deletions = deletions + 1; END",
};

/* The family index of the members only (store.h): an archive whose index
 * holds every row has it made again, tested on the index's own SQL. */
static const char *const family_members_index[] = {"DROP INDEX IF EXISTS fingerprints_family",
                                                   VS_FINGERPRINT_FAMILY_INDEX};

/* The members by their own id (store.h): made once on an older archive,
 * tested on the index itself. */
static const char *const family_members_by_id[] = {VS_FINGERPRINT_MEMBERS_INDEX};

/* The band table's file beside the archive (families.c) is good while
 * the archive's stamp is the one it was written with: a number drawn when
 * the stamp is made (another archive at the same path has another) and a
 * count of fingerprint rows deleted (a deleted row's keys are in the
 * file; a cascade from its statement counts too). */
static const char *const band_file_stamp[] = {
    "CREATE TABLE IF NOT EXISTS " VS_BAND_STAMP "(archive INTEGER NOT NULL, deletions INTEGER NOT NULL)",
    "INSERT INTO " VS_BAND_STAMP "(archive, deletions) SELECT abs(random() % 9007199254740991), 0"
    " WHERE NOT EXISTS (SELECT 1 FROM " VS_BAND_STAMP ")",
    /* a table made again drops its trigger: what was deleted meanwhile is not known */
    "UPDATE " VS_BAND_STAMP " SET deletions = deletions + 1",
    "CREATE TRIGGER fingerprints_deleted AFTER DELETE ON fingerprints BEGIN UPDATE " VS_BAND_STAMP
    " SET deletions = deletions + 1; END",
};

/* vb_cols_entry(speaker, doc, date, len, kind, lang): a statement's
 * bytes in its block of statement_cols (cols.c), for the check. */
static void fn_cols_entry(sqlite3_context *ctx, int n, sqlite3_value **v) {
  unsigned char out[VS_COLS_ENTRY];
  (void)n;
  const char *kind = (const char *)sqlite3_value_text(v[4]);
  const char *lang = sqlite3_value_type(v[5]) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(v[5]);
  vs_col_vals_encode(vs_col_vals_of(sqlite3_value_int64(v[0]), sqlite3_value_int64(v[1]), sqlite3_value_int64(v[2]),
                                    sqlite3_value_int64(v[3]), vs_col_kind(kind, kind ? strlen(kind) : 0),
                                    vs_col_lang(lang, lang ? strlen(lang) : 0)),
                     out);
  sqlite3_result_blob(ctx, out, (int)sizeof out, SQLITE_TRANSIENT);
}

/* vb_bands(b0, …, b15): the bands blob of sixteen band keys. */
static void fn_bands(sqlite3_context *ctx, int n, sqlite3_value **v) {
  uint32_t band[16];
  unsigned char out[64];
  for (int i = 0; i < n && i < 16; i++) band[i] = (uint32_t)sqlite3_value_int64(v[i]);
  size_t len = vs_bands_encode(band, n < 16 ? n : 16, out);
  sqlite3_result_blob(ctx, out, (int)len, SQLITE_TRANSIENT);
}

static int migrate_versions(sq *s, vb_err *err);

static int migrate(sq *s, vb_err *err) {
  int rc = migrate_versions(s, err);
  if (!rc)
    rc = schema_fix(s, "SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = 'alerts'",
                    alerts_autoincrement, sizeof alerts_autoincrement / sizeof *alerts_autoincrement,
                    "reading the alerts table", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('alerts') WHERE name = 'matched'", alerts_matched, 1,
                    "reading the alerts' columns", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'alerts_waiting'", alerts_waiting,
                    sizeof alerts_waiting / sizeof *alerts_waiting, "reading the alerts' index", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('doc_entities') WHERE name = 'statements'",
                    entity_counts, sizeof entity_counts / sizeof *entity_counts, "reading the entity counts", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_index_info('doc_entities_entity') WHERE name = 'role'",
                    entity_index_counts, sizeof entity_index_counts / sizeof *entity_index_counts,
                    "reading the entity index", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_index_info('statements_speaker') WHERE name = 'kind'",
                    speaker_index, sizeof speaker_index / sizeof *speaker_index, "reading the speaker index", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_index_info('documents_date') WHERE name = 'nstatements'",
                    documents_date_index, sizeof documents_date_index / sizeof *documents_date_index,
                    "reading the documents' date index", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'watch_generation'", watch_generation, 1,
                    "reading the watch generation", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'doc_languages'", doc_languages, 2,
                    "reading the documents' languages", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('documents') WHERE name = 'language_from'",
                    language_from, 1, "reading the documents' columns", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM statements_fts_config WHERE (k, v) = (" FTS_HASH_SETTING ")",
                    fts_hash_size, 1, "reading the full-text index's settings", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = '" VS_FINGERPRINT_TEST "'", fingerprints,
                    sizeof fingerprints / sizeof *fingerprints, "reading the quote fingerprints", err);
  if (!rc && sqlite3_create_function(s->db, "vb_bands", 16, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_bands, NULL,
                                     NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_bands");
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('fingerprints') WHERE name = 'bands'", fingerprint_bands,
                    sizeof fingerprint_bands / sizeof *fingerprint_bands, "reading the quote fingerprints' bands", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('fingerprint_state') WHERE name = 'scheme'",
                    fingerprint_scheme, sizeof fingerprint_scheme / sizeof *fingerprint_scheme,
                    "reading the quote fingerprints' scheme", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('fingerprints') WHERE name = 'pairs'", fingerprint_pairs,
                    1, "reading the quote fingerprints' word pairs", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'fingerprints_family' AND sql LIKE '%WHERE%'",
                    family_members_index, sizeof family_members_index / sizeof *family_members_index,
                    "reading the quote families' index", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'fingerprints_members'", family_members_by_id, 1,
                    "indexing the quote families' members", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'fingerprints_deleted'", band_file_stamp,
                    sizeof band_file_stamp / sizeof *band_file_stamp, "reading the band table's stamp", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'fingerprint_blocks'", fingerprint_blocks,
                    sizeof fingerprint_blocks / sizeof *fingerprint_blocks, "reading the quote fingerprints' blocks",
                    err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM pragma_table_info('mentions') WHERE name = 'key'", mention_keys,
                    sizeof mention_keys / sizeof *mention_keys, "reading the mentions' keys", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) = 2 FROM sqlite_master WHERE name IN ('doc_records', 'record_fixes')",
                    doc_records, 3,
                    "reading the documents' records", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'statement_cols_gen'", cols_gen, 2, "reading the column caches' count",
                    err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) = 3 FROM sqlite_master WHERE name IN ('entity_speakers', 'entity_pairs', 'entities_lower_name')",
                    entity_links, sizeof entity_links / sizeof *entity_links, "reading who mentions the entities", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'documents_year_alone'", year_alone_index, 1,
                    "indexing the documents dated by a year alone", err);
  if (!rc)
    rc = schema_fix(s, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_totals'", entity_totals,
                    sizeof entity_totals / sizeof *entity_totals, "reading the entities' totals", err);
  return rc;
}

static int migrate_versions(sq *s, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading schema version");
  int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  if (version > SCHEMA_VERSION)
    return vb_err_set(err, VB_ESTORE, s->path, -1,
                      "archive schema version %d is newer than this verbatim (%d)", version,
                      SCHEMA_VERSION);
  if (version == SCHEMA_VERSION) return VB_OK;
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  if (version < 1)
    for (size_t i = 0; i < sizeof schema_v1 / sizeof *schema_v1 && !rc; i++)
      rc = exec(s, schema_v1[i], err);
  if (version < 2)
    for (size_t i = 0; i < sizeof schema_v2 / sizeof *schema_v2 && !rc; i++)
      rc = exec(s, schema_v2[i], err);
  if (version < 3)
    for (size_t i = 0; i < sizeof schema_v3 / sizeof *schema_v3 && !rc; i++)
      rc = exec(s, schema_v3[i], err);
  if (version < 4)
    for (size_t i = 0; i < sizeof schema_v4 / sizeof *schema_v4 && !rc; i++)
      rc = exec(s, schema_v4[i], err);
  if (version < 5)
    for (size_t i = 0; i < sizeof schema_v5 / sizeof *schema_v5 && !rc; i++)
      rc = exec(s, schema_v5[i], err);
  if (version < 6)
    for (size_t i = 0; i < sizeof schema_v6 / sizeof *schema_v6 && !rc; i++)
      rc = exec(s, schema_v6[i], err);
  if (version < 7)
    for (size_t i = 0; i < sizeof schema_v7 / sizeof *schema_v7 && !rc; i++)
      rc = exec(s, schema_v7[i], err);
  if (version < 8 && !rc) rc = exec(s, VS_DATES_FROM_START, err);
  /* v9: the search columns kept in blocks (store.h, cols.c), made from
   * the statements of an archive made before */
  if (version < 9 && !rc) rc = exec(s, VS_COLS_TABLE, err);
  /* v10: the blocks hold each statement's kind and language too */
  if (version < 10 && !rc) rc = vs_cols_backfill((vs_db){&vs_sqlite_driver, s}, err);
  if (!rc) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SCHEMA_VERSION);
    rc = exec(s, sql, err);
  }
  if (rc) {
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  return exec(s, "COMMIT", err);
}

static void sq_close(void *impl);

static const vs_text fts5_text;
static int flush_mentions(sq *s, vb_err *err);
static double cols_len(void *ctx, int64_t rowid);
static void fn_sdate(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static void fn_skind(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static void fn_slang(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* SQLite counts every allocation under one process-wide mutex unless told
 * not to: a server's quick search then waits for a costly one's thousands
 * of allocations on another connection (seconds on a loaded machine). The
 * counts are not used here. Once, before SQLite starts. */
static void sqlite_setup(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* SQLITE_MISUSE if started already: harmless */
}

static int sq_open(const char *uri, int mode, void **impl, vb_err *err) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  int create = mode & VS_OPEN_CREATE;
  pthread_once(&once, sqlite_setup);
  *impl = NULL;
  sq *s = calloc(1, sizeof *s);
  if (!s) return vb_err_set(err, VB_ENOMEM, uri, -1, "out of memory");
  snprintf(s->path, sizeof s->path, "%s", uri);
  /* one connection per store, used by one thread at a time: no mutexes */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(uri, &s->db, flags, NULL) != SQLITE_OK) {
    int rc = s->db ? vb_err_set(err, VB_ESTORE, uri, -1, "cannot open archive: %s",
                                sqlite3_errmsg(s->db))
                   : vb_err_set(err, VB_ENOMEM, uri, -1, "out of memory");
    if (!create && s->db && sqlite3_errcode(s->db) == SQLITE_CANTOPEN)
      rc = vb_err_set(err, VB_ENOTFOUND, uri, -1,
                      "no archive here (create one with `verbatim init %s`)", uri);
    sq_close(s);
    return rc;
  }
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, 10000);
  /* secure_delete off: Debian builds SQLite with SQLITE_SECURE_DELETE,
   * which zeroes every page a B-tree takes up or frees and writes each
   * freed page again (an FTS5 merge frees the segments it merged). An
   * archive never deletes a document, and what a reparse or a correction
   * replaces is no secret: the zeroing was 4.9 M of the storing
   * thread's 423 M instructions on 50 UN speeches (its family thread's
   * counted in; callgrind, bench/ingest_ir.sh), more with each merge. */
  int rc = exec(s, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                   " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=OFF",
                NULL);
  if (rc) rc = db_err(s, err, "cannot set up the archive");
  if (!rc) rc = vs_fts5_tokenizer_register(s->db, &s->langs, err);
  if (!rc) rc = vb_fts5_rank_register(s->db, cols_len, s, err);
  if (!rc && sqlite3_create_function(s->db, "vb_exact", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     fn_exact, NULL, NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_exact");
  if (!rc && sqlite3_create_function(s->db, "vb_sdate", 1, SQLITE_UTF8, s, fn_sdate, NULL, NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_sdate");
  if (!rc && sqlite3_create_function(s->db, "vb_skind", 1, SQLITE_UTF8, s, fn_skind, NULL, NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_skind");
  if (!rc && sqlite3_create_function(s->db, "vb_slang", 1, SQLITE_UTF8, s, fn_slang, NULL, NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_slang");
  if (!rc && sqlite3_create_function(s->db, "vb_cols_entry", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, fn_cols_entry, NULL, NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_cols_entry");
  if (!rc) rc = migrate(s, err);
  vs_db db = {&vs_sqlite_driver, s};
  if (!rc && !(mode & VS_OPEN_ANY_ANALYSIS)) rc = vs_check_analysis(db, vb_sqlite_ops.reindexer, s->path, err);
  if (!rc) rc = vs_load_langs(db, &s->langs, err);
  for (int i = 0; !rc && i < Q_COUNT; i++)
    if (sqlite3_prepare_v3(s->db, prepared_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i],
                           NULL) != SQLITE_OK)
      rc = db_err(s, err, "preparing statements");
  if (rc) {
    sq_close(s);
    return rc;
  }
  *impl = s;
  return VB_OK;
}


/* Ends a batch, its transaction committed or rolled back. */
static void batch_reset(sq *s) {
  if (s->fk_off && sqlite3_get_autocommit(s->db) && exec(s, "PRAGMA foreign_keys=ON", NULL) == VB_OK) s->fk_off = 0;
  s->in_batch = 0;
  s->batch_docs = 0;
  s->batch_bytes = 0;
  s->fts_text.len = 0;
  s->fts_text.failed = 0;
  vb_arena_free(s->fts_arena);
  s->fts_arena = NULL;
  memset(&s->fts_rowid, 0, sizeof s->fts_rowid);
  memset(&s->mentions, 0, sizeof s->mentions);
  memset(&s->links, 0, sizeof s->links);
  memset(&s->totals, 0, sizeof s->totals);
  memset(&s->doc_entities, 0, sizeof s->doc_entities);
  memset(&s->fts_len, 0, sizeof s->fts_len);
  memset(&s->fts_cols, 0, sizeof s->fts_cols);
}

/* Writes the full-text rows, the mentions and their links the open batch holds. The
 * full-text rows go one a statement: a statement of many rows opens a
 * savepoint of its own, and FTS5 writes its pending terms out as a
 * segment at every savepoint (one segment per 32 rows: 3.2 G more
 * instructions on 200 UN speeches, callgrind). */
static int write_index(sq *s, vb_err *err) {
  int rc = VB_OK;
  size_t off = 0;
  sqlite3_stmt *st = s->q[Q_INS_FTS];
  for (uint32_t i = 0; i < s->fts_rowid.n && !rc; i++) {
    sqlite3_bind_int64(st, 1, s->fts_rowid.v[i]);
    sqlite3_bind_text64(st, 2, s->fts_text.ptr + off, s->fts_len.v[i], SQLITE_STATIC, SQLITE_UTF8);
    off += s->fts_len.v[i];
    rc = step_done(s, st, err, "indexing statements");
  }
#ifndef VB_BENCH_PLAIN_ANALYSIS /* the baseline of bench/analysis-ingest.sh: e6bab44 kept no search columns */
  if (!rc) rc = vs_cols_store((vs_db){&vs_sqlite_driver, s}, s->fts_rowid.v, s->fts_cols.v, s->fts_rowid.n, err);
#endif
  if (!rc) rc = flush_mentions(s, err);
  return rc;
}

/* The batch's statements against the watches (matching.c), in its own
 * transaction. */
static int match_batch(sq *s, vb_err *err) {
  size_t n = s->fts_rowid.n;
  if (!n) return VB_OK;
  /* the batch may have come analysed from ingest threads, leaving this
   * connection without an analyser of its own: the matcher needs one */
  if (!s->termer && an_termer_new(&s->termer, err)) return err->code;
  const char **pre = malloc(n * sizeof *pre);
  size_t *len = malloc(n * sizeof *len);
  /* each statement's language, from its column cache entry: a language
   * of two letters as stored, none as "" (another: NULL, left to the
   * alerts' delivery) */
  const char **langs = malloc(n * sizeof *langs);
  char(*codes)[3] = malloc(n * sizeof *codes);
  int rc = pre && len && langs && codes ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  size_t off = 0;
  for (size_t i = 0; !rc && i < n; i++) {
    pre[i] = s->fts_text.ptr + off;
    len[i] = s->fts_len.v[i];
    off += len[i];
    int l = s->fts_cols.v[i].lang;
    codes[i][0] = (char)('a' - 1 + (l >> 5 & 31));
    codes[i][1] = (char)('a' - 1 + (l & 31));
    codes[i][2] = '\0';
    langs[i] = !l ? "" : l == VS_COL_LANG_OTHER ? NULL : codes[i];
  }
  /* what the words cannot decide: a search over the batch's ids */
  vs_param range[2] = {{1, s->fts_rowid.v[0], NULL}, {1, s->fts_rowid.v[n - 1], NULL}};
  vs_new_statements ns = {s->fts_rowid.v, pre, len, n, "s.id BETWEEN ?%d AND ?%d", range, 2, 0, langs};
  if (!rc) rc = vs_match((vs_db){&vs_sqlite_driver, s}, &fts5_text, &s->watches, s->termer, &ns, err);
  free(pre);
  free(len);
  free(langs);
  free(codes);
  return rc;
}

/* Indexes the batch's statements and commits. Should indexing fail, the
 * whole batch is rolled back: no document is ever stored unindexed. */
static int sq_flush(void *impl, vb_err *err) {
  sq *s = impl;
  if (!s->in_batch) return VB_OK;
  int rc = write_index(s, err);
  /* standing queries see the batch in its own transaction */
  if (!rc) rc = match_batch(s, err);
  if (!rc) rc = exec(s, "COMMIT", err);
  if (!rc) vs_writes_begun(s->writes);
  if (rc) {
    int lost = s->batch_docs;
    exec(s, "ROLLBACK", NULL);
    vs_entities_forget(s->entities);
    vs_writes_undo(s->writes, 0); /* its statements are not in the archive */
    if (err) {
      char why[400];
      snprintf(why, sizeof why, "%.300s", err->msg);
      vb_err_set(err, rc, s->path, -1, "the last %d documents were not stored: %s", lost, why);
    }
  }
  batch_reset(s);
  return rc;
}

static void sq_close(void *impl) {
  sq *s = impl;
  if (!s) return;
  if (s->in_batch) sq_flush(s, NULL);
  batch_reset(s);
  vb_buf_free(&s->fts_text);
  vb_buf_free(&s->scratch);
  an_termer_free(s->termer);
  vs_cols_free(&s->cols);
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
  for (int i = 0; i < SQ_ROW_STATEMENTS; i++) {
    sqlite3_finalize(s->rows[i].st);
    sqlite3_finalize(s->rows[i].many);
    free(s->rows[i].head);
  }
  vs_writes_free(s->writes);
  vs_entities_free(s->entities);
  vs_watches_free(s->watches);
  /* last: what the frees above finalized may be kept */
  for (int i = 0; i < SQ_KEPT_STATEMENTS; i++) sqlite3_finalize(s->kept[i].st);
  sqlite3_close_v2(s->db);
  free(s);
}

/* Mentions stored before they kept their spelling's key get it before a
 * correction, 64 documents' mentions a transaction (each body read once:
 * reading it per mention in SQL took 155 s on the UN archive), so an
 * ingest meanwhile waits for one such transaction at most. The first
 * correction on an archive made before pays this once; later ones find
 * nothing to do from the partial index. */
typedef struct unkeyed {
  int64_t entity, statement, start, end;
} unkeyed;

static int key_document(sq *s, sqlite3_stmt *body, sqlite3_stmt *rows, sqlite3_stmt *upd, int64_t doc, vb_buf *k,
                        vb_err *err) {
  sqlite3_bind_int64(body, 1, doc);
  sqlite3_bind_int64(rows, 1, doc);
  int rc = sqlite3_step(body) == SQLITE_ROW ? VB_OK : db_err(s, err, "reading a document for its mentions' keys");
  const char *b = rc ? NULL : (const char *)sqlite3_column_blob(body, 0);
  size_t blen = rc ? 0 : (size_t)sqlite3_column_bytes(body, 0);
  VB_VEC(unkeyed) m = {0};
  int r = SQLITE_DONE;
  while (!rc && (r = sqlite3_step(rows)) == SQLITE_ROW) {
    unkeyed *slot = realloc(m.v, (m.n + 1) * sizeof *slot);
    if (!slot) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    else {
      m.v = slot;
      m.v[m.n++] = (unkeyed){sqlite3_column_int64(rows, 0), sqlite3_column_int64(rows, 1),
                             sqlite3_column_int64(rows, 2), sqlite3_column_int64(rows, 3)};
    }
  }
  if (!rc && r != SQLITE_DONE) rc = db_err(s, err, "reading mentions without keys");
  sqlite3_reset(rows);
  for (uint32_t i = 0; !rc && i < m.n; i++) {
    const unkeyed *u = &m.v[i];
    k->len = 0;
    k->failed = 0;
    /* a span outside the body (check reports it) gets an empty key */
    int inside = u->start >= 0 && u->start <= u->end && (size_t)u->end <= blen;
    if (inside && vb_entity_key(b + u->start, (size_t)(u->end - u->start), k))
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    if (rc) break;
    sqlite3_bind_text(upd, 1, k->ptr ? k->ptr : "", k->ptr ? (int)k->len : 0, SQLITE_STATIC);
    sqlite3_bind_int64(upd, 2, u->entity);
    sqlite3_bind_int64(upd, 3, u->statement);
    sqlite3_bind_int64(upd, 4, u->start);
    rc = step_done(s, upd, err, "keeping a mention's key");
  }
  sqlite3_reset(body);
  free(m.v);
  return rc;
}

static int sq_key_mentions(void *impl, vb_err *err) {
  static const char *const sql[] = {
      /* CROSS JOIN keeps the order: the unkeyed mentions from their
       * partial index, then their statements; a document's statements,
       * then their mentions */
      "SELECT DISTINCT s.doc_id FROM mentions m CROSS JOIN statements s"
      " WHERE m.key IS NULL AND s.id = m.statement_id LIMIT 64",
      "SELECT body FROM documents WHERE id = ?1",
      "SELECT m.entity_id, m.statement_id, m.start, m.end FROM statements s CROSS JOIN mentions m"
      " WHERE s.doc_id = ?1 AND m.statement_id = s.id AND m.key IS NULL",
      "UPDATE mentions SET key = ?1 WHERE entity_id = ?2 AND statement_id = ?3 AND start = ?4",
  };
  sq *s = impl;
  sqlite3_stmt *q[4] = {0};
  int rc = vb_sq_flush(s, err);
  for (int i = 0; !rc && i < 4; i++)
    if (sqlite3_prepare_v2(s->db, sql[i], -1, &q[i], NULL) != SQLITE_OK) rc = db_err(s, err, "preparing mentions' keys");
  vb_buf k;
  vb_buf_init(&k, 4096);
  for (int found = 1; !rc && found;) {
    if ((rc = begin_write(s, err))) break;
    int64_t docs[64];
    int n = 0, r = SQLITE_DONE;
    while (n < 64 && (r = sqlite3_step(q[0])) == SQLITE_ROW) docs[n++] = sqlite3_column_int64(q[0], 0);
    if (n < 64 && r != SQLITE_DONE) rc = db_err(s, err, "finding mentions without keys");
    sqlite3_reset(q[0]);
    for (int i = 0; !rc && i < n; i++) rc = key_document(s, q[1], q[2], q[3], docs[i], &k, err);
    found = n > 0;
    if (!rc) rc = exec(s, "COMMIT", err);
    if (rc) exec(s, "ROLLBACK", NULL);
  }
  vb_buf_free(&k);
  for (int i = 0; i < 4; i++) sqlite3_finalize(q[i]);
  return rc;
}

static int sq_before_fix(void *impl, vb_err *err) { return exec(impl, MENTIONS_KEY_INDEX, err); }

/* Mentions wait for the batch's commit, then go in sorted by entity: the
 * table is clustered by entity, so sorted rows fill its pages in turn
 * instead of touching a page per mention. */
static int queue_mention(void *impl, int64_t entity, int64_t statement, uint32_t start, uint32_t end,
                         const char *key, size_t keylen, vb_err *err) {
  sq *s = impl;
  vb_sq_mention *m = s->fts_arena ? VB_VEC_PUSH(s->fts_arena, s->mentions) : NULL;
  char *k = m ? vb_arena_alloc(s->fts_arena, keylen + 1) : NULL;
  if (!k) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  memcpy(k, key, keylen);
  k[keylen] = '\0';
  *m = (vb_sq_mention){entity, statement, start, end, k, (uint32_t)keylen};
  return VB_OK;
}

/* A document's link mentions wait for the batch's end too: counted
 * document by document, a pair of entities named together in many of the
 * batch's documents was upserted once for each, in its savepoint (35,424
 * rows for 200 UN speeches, 20,212 once a batch: the storing thread's
 * 2,690 M instructions less 112 M, callgrind; links.c). */
static int queue_links(void *impl, const vs_link_mention *m, size_t n, vb_err *err) {
  sq *s = impl;
  for (size_t i = 0; i < n; i++) {
    vs_link_mention *slot = s->fts_arena ? VB_VEC_PUSH(s->fts_arena, s->links) : NULL;
    if (!slot) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    *slot = m[i];
  }
  return VB_OK;
}

static int queue_totals(void *impl, const vs_entity_count *c, size_t n, vb_err *err) {
  sq *s = impl;
  for (size_t i = 0; i < n; i++) {
    vs_entity_count *slot = s->fts_arena ? VB_VEC_PUSH(s->fts_arena, s->totals) : NULL;
    if (!slot) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    *slot = c[i];
  }
  return VB_OK;
}

/* A document's doc_entities rows wait for the batch's end too: a UN
 * speech has about thirty, fewer than a statement of many rows takes, so
 * they went in one at a time, each its own statement, inside the
 * document's savepoint. */
static int queue_doc_entities(void *impl, const vs_value *rows, size_t n, vb_err *err) {
  sq *s = impl;
  for (size_t i = 0; i < 5 * n; i++) {
    vs_value *slot = s->fts_arena ? VB_VEC_PUSH(s->fts_arena, s->doc_entities) : NULL;
    if (!slot) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    *slot = rows[i];
    if (rows[i].type == VS_TEXT && !(slot->p = vb_arena_strndup(s->fts_arena, rows[i].p, rows[i].n)))
      return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  }
  return VB_OK;
}

static int mention_order(const void *x, const void *y) {
  const vb_sq_mention *a = x, *b = y;
  if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
  if (a->statement != b->statement) return a->statement < b->statement ? -1 : 1;
  return (a->start > b->start) - (a->start < b->start);
}

static int flush_mentions(sq *s, vb_err *err) {
  if (s->mentions.n > 1) qsort(s->mentions.v, s->mentions.n, sizeof *s->mentions.v, mention_order);
  vs_value v[ROWS_PER_INSERT * 5];
  int rc = VB_OK;
  for (uint32_t i = 0; i < s->mentions.n && !rc;) {
    size_t k = 0;
    for (; k < ROWS_PER_INSERT && i < s->mentions.n; k++, i++) {
      const vb_sq_mention *m = &s->mentions.v[i];
      vs_value *row = v + 5 * k;
      row[0] = vs_val_int(m->statement);
      row[1] = vs_val_int(m->entity);
      row[2] = vs_val_int(m->start);
      row[3] = vs_val_int(m->end);
      row[4] = (vs_value){VS_TEXT, 0, 0, m->key, m->keylen};
    }
    rc = vs_sqlite_driver.insert_rows(s, "INSERT OR IGNORE INTO mentions(statement_id, entity_id, start, end, key)",
                                      NULL, 5, k, v, NULL, err);
  }
  s->mentions.n = 0;
  if (!rc && s->doc_entities.n)
    rc = vs_sqlite_driver.insert_rows(s, VS_DOC_ENTITIES_ROWS, NULL, 5, s->doc_entities.n / 5, s->doc_entities.v, NULL,
                                      err);
  s->doc_entities.n = 0;
  if (!rc) rc = vs_links_add((vs_db){&vs_sqlite_driver, s}, s->links.v, s->links.n, err);
  s->links.n = 0;
  if (!rc) rc = vs_entity_totals_add((vs_db){&vs_sqlite_driver, s}, s->totals.v, s->totals.n, err);
  s->totals.n = 0;
  return rc;
}

/* ---- put --------------------------------------------------------------- */


int vb_sq_flush(sq *s, vb_err *err) { return sq_flush(s, err); }

/* A statement's full-text row waits for the batch's commit: FTS5 writes
 * its pending terms out at every SAVEPOINT, so indexing inside each
 * document's savepoint would make one tiny segment per document. */
static int queue_index_row(void *impl, int64_t id, vs_col_vals cols, const char *pre, size_t n, vb_err *err) {
  sq *s = impl;
  if (!s->fts_arena && !(s->fts_arena = vb_arena_new(0))) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  int64_t *rid = VB_VEC_PUSH(s->fts_arena, s->fts_rowid);
  uint32_t *len = rid ? VB_VEC_PUSH(s->fts_arena, s->fts_len) : NULL;
  vs_col_vals *c = len ? VB_VEC_PUSH(s->fts_arena, s->fts_cols) : NULL;
  vb_buf_add(&s->fts_text, pre, n);
  if (!c || s->fts_text.failed) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  *rid = id;
  *len = (uint32_t)n;
  *c = cols;
  return VB_OK;
}

static vs_writer writer(sq *s) {
  vs_writer w = {{&vs_sqlite_driver, s}, &s->writes, &s->termer, &s->entities, {s, queue_mention, 1, queue_links, queue_totals, queue_doc_entities}, NULL, NULL,
                 queue_index_row, s, s->expect_bytes};
  return w;
}

/* A document's rows (put.c) under row doc_id; what it queued for the
 * batch goes again should it fail. */
static int put_parse_rows(sq *s, const vb_doc *doc, int64_t doc_id, vb_err *err) {
  if (!s->fts_arena && !(s->fts_arena = vb_arena_new(0))) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  size_t fts_mark = s->fts_text.len;
  uint32_t fts_rows = s->fts_rowid.n, mention_rows = s->mentions.n, link_rows = s->links.n, total_rows = s->totals.n,
           doc_entity_values = s->doc_entities.n;
  vb_arena *a = vb_arena_new(0);
  vs_writer w = writer(s);
  vs_put_result res;
  int rc = a ? vs_put_parse(&w, doc, doc_id, a, &res, err) : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  if (!rc) vs_put_result_free(&res);
  vb_arena_free(a);
  if (rc) { /* this document's rows go with its savepoint; so do its index rows */
    s->fts_text.len = fts_mark;
    s->fts_text.failed = 0;
    s->fts_rowid.n = s->fts_len.n = s->fts_cols.n = fts_rows;
    s->mentions.n = mention_rows;
    s->links.n = link_rows;
    s->totals.n = total_rows;
    s->doc_entities.n = doc_entity_values;
  }
  return rc;
}

static int sq_put(void *impl, const vb_doc *doc, int *added, vb_err *err) {
  sq *s = impl;
  const vb_doc_view *v = vb_doc_get(doc);
  *added = 0;
  int rc;
  if (!s->in_batch) {
    /* A batch's rows name only rows its own transaction made or read
     * (the write lock held throughout), so foreign keys are not looked up
     * row by row while it is open: 7.7% of the storing thread's
     * instructions on 200 UN speeches (callgrind). The setting changes
     * only outside a transaction; the batch's end sets it back. */
    if ((rc = exec(s, "PRAGMA foreign_keys=OFF", err))) return rc;
    s->fk_off = 1;
    if ((rc = begin_write(s, err))) {
      batch_reset(s);
      return rc;
    }
    s->in_batch = 1;
  }
  if ((rc = step_done(s, s->q[Q_SAVEPOINT], err, "opening a savepoint"))) return rc;
  size_t learnt = vs_writes_mark(s->writes);
  vs_writer w = writer(s);
  int64_t doc_id = 0;
  rc = vs_put_document(&w, doc, &doc_id, err);
  if (!rc && !doc_id) return step_done(s, s->q[Q_RELEASE], err, "releasing a savepoint"); /* archived already */
  if (!rc) an_langs_note(&s->langs, v->meta.language.ptr, v->meta.language.len);
  if (!rc) rc = put_parse_rows(s, doc, doc_id, err);
  if (!rc && vs_writes_fams(s->writes)) s->expect_bytes = 0; /* taken: the band table is made */
  if (rc && sqlite3_get_autocommit(s->db)) {
    /* SQLite rolled the whole transaction back (an I/O error, a full
     * disk): the batch went with it, and nothing must go on outside it */
    int lost = s->batch_docs;
    vs_entities_forget(s->entities);
    vs_writes_undo(s->writes, 0);
    batch_reset(s);
    char why[400];
    snprintf(why, sizeof why, "%.300s", err->msg);
    return vb_err_set(err, rc, s->path, -1, "the last %d documents were not stored: %s", lost + 1, why);
  }
  if (rc) {
    /* the document leaves nothing behind; the batch goes on */
    exec(s, "ROLLBACK TO doc", NULL);
    vs_entities_forget(s->entities);
    vs_writes_undo(s->writes, learnt); /* its statements, learnt after its fingerprints */
    exec(s, "RELEASE doc", NULL);
    if (err->file[0] == '\0' || strcmp(err->file, s->path) == 0)
      snprintf(err->file, sizeof err->file, "%.*s", (int)v->path.len, v->path.ptr);
    return rc;
  }
  if ((rc = step_done(s, s->q[Q_RELEASE], err, "releasing a savepoint"))) return rc;
  *added = 1;
  s->batch_docs++;
  s->batch_bytes += v->body.len;
  if (s->batch_docs >= BATCH_DOCS || s->batch_bytes >= BATCH_BYTES) return sq_flush(s, err);
  return VB_OK;
}

/* ---- a new parse of a stored document (parses.c) ----------------------- */

/* Takes the document's statements out of the full-text index. The index
 * keeps no text (content=''), so FTS5 is handed the tokens each row was
 * indexed with, made again from the stored text the same way. */
static int sq_unindex(void *impl, int64_t doc_id, vb_err *err) {
  sq *s = impl;
  if (!s->termer && an_termer_new(&s->termer, err)) return err->code;
  sqlite3_stmt *st = NULL, *del = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT s.id, coalesce(s.lang, ''), " STMT_TEXT
                         " FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.doc_id = ?1",
                         -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db, "INSERT INTO statements_fts(statements_fts, rowid, text) VALUES('delete', ?1, ?2)",
                         -1, &del, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return db_err(s, err, "preparing to unindex");
  }
  sqlite3_bind_int64(st, 1, doc_id);
  vb_buf pre;
  vb_buf_init(&pre, 0);
  int rc = VB_OK, step;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *lang = (const char *)sqlite3_column_text(st, 1);
    char mark[16];
    size_t mlen = an_lang_mark(lang, strlen(lang), mark, sizeof mark);
    s->scratch.len = 0;
    s->scratch.failed = 0;
    vb_buf_add(&s->scratch, mark, mlen);
    vb_buf_add(&s->scratch, (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2));
    pre.len = 0;
    if (s->scratch.failed || an_termer_encode(s->termer, s->scratch.ptr, s->scratch.len, &pre) || pre.failed) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    sqlite3_bind_int64(del, 1, sqlite3_column_int64(st, 0));
    sqlite3_bind_text64(del, 2, pre.ptr, pre.len, SQLITE_STATIC, SQLITE_UTF8);
    rc = step_done(s, del, err, "unindexing statements");
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "reading statements");
  vb_buf_free(&pre);
  sqlite3_finalize(st);
  sqlite3_finalize(del);
  return rc;
}

/* The rows of a new parse, written at once inside the caller's
 * transaction (not queued for a batch): no watch sees them. */
static int sq_put_parse(void *impl, int64_t doc_id, const vb_doc *doc, vb_err *err) {
  sq *s = impl;
  int rc = put_parse_rows(s, doc, doc_id, err);
  if (!rc) rc = write_index(s, err);
  s->fts_text.len = 0;
  s->fts_text.failed = 0;
  s->fts_rowid.n = s->fts_len.n = s->fts_cols.n = s->mentions.n = s->links.n = s->totals.n = s->doc_entities.n = 0;
  return rc;
}

/* A reparse drops doc's statements: their ids may be given again, so
 * the column caches are told (cols.c). */
static int sq_forget(void *impl, int64_t doc, vb_err *err) {
  sq *s = impl;
  vs_db db = {&vs_sqlite_driver, s};
  int rc = doc ? vs_cols_deleting(db, err) : VB_OK;
  return rc ? rc : vs_writes_forget(db, s->writes, doc, err);
}

/* ---- re-analysis (reindex.c) -------------------------------------------------- */

/* The new index is made beside the one in use and takes its name in the
 * last batch's transaction: until then the archive holds the old index
 * whole, and an interrupted run leaves the new one to carry on with. */
static int sq_reindex_start(void *impl, vb_err *err) {
  sq *s = impl;
  int rc = exec(s, "DROP TABLE IF EXISTS statements_fts_new", err);
  if (!rc) rc = exec(s, "CREATE VIRTUAL TABLE statements_fts_new USING fts5(text, content='', tokenize='verbatim')", err);
  if (!rc)
    rc = exec(s, "INSERT INTO statements_fts_new(statements_fts_new, rank) VALUES(" FTS_HASH_SETTING ")", err);
  return rc;
}

static int sq_reindex_rows(void *impl, size_t n, const int64_t *ids, const char *pre, const size_t *off, vb_err *err) {
  sq *s = impl;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "INSERT INTO statements_fts_new(rowid, text) VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "preparing the new index");
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    sqlite3_bind_int64(st, 1, ids[i]);
    sqlite3_bind_text64(st, 2, pre + off[i], off[i + 1] - off[i], SQLITE_STATIC, SQLITE_UTF8);
    rc = step_done(s, st, err, "indexing statements again");
  }
  sqlite3_finalize(st);
  return rc;
}

static int sq_reindex_swap(void *impl, vb_err *err) {
  sq *s = impl;
  int rc = exec(s, "DROP TABLE statements_fts", err);
  if (!rc) rc = exec(s, "ALTER TABLE statements_fts_new RENAME TO statements_fts", err);
  return rc;
}

static const vs_reindexer sq_reindexer = {
    .version_table = "analysis",
    .progress_table = "reindex_progress",
    .start = sq_reindex_start,
    .rows = sq_reindex_rows,
    .swap = sq_reindex_swap,
};

/* ---- the full-text syntax: FTS5 expressions --------------------------------- */

/* A term, a phrase, a prefix: quoted for FTS5, which runs the verbatim
 * tokenizer on it (analysis, query forms). */
static int fts_words(void *impl, const vb_qnode *n, vb_buf *b, vb_err *err) {
  (void)impl;
  (void)err;
  vb_buf_addc(b, '"');
  for (size_t i = 0; i < n->text.len; i++) {
    char ch = n->text.ptr[i];
    if (ch == '"') vb_buf_addc(b, '"');
    vb_buf_addc(b, ch == VS_FTS_FORM_MARK ? ' ' : ch); /* never a form's mark: a space, as the analysis reads it */
  }
  vb_buf_addc(b, '"');
  if (n->kind == VB_Q_PREFIX) vb_buf_addc(b, '*');
  return VB_OK;
}

/* A single word (a term, not a prefix) as the OR of the index tokens its
 * forms are, each marked to pass the tokenizer as it stands
 * (VS_FTS_FORM_MARK): ("\x1epeac|en" OR "\x1e|en|peac"). The quoted word
 * is one FTS5 phrase whose forms are colocated synonyms: FTS5 tests each
 * row by merging the forms' position lists (fts5ExprSynonymList), where
 * an OR of single tokens takes each row's match from the doclists alone
 * (`peace` on the UN archive: its facets' search 237 M instructions ->
 * 169 M, its ranked page 271 M -> 225 M; bench/RESULTS.md). Matches the
 * same rows; vb_rank_word ranks them as the phrase was. Writes nothing and sets *nforms 0 when the term is not
 * one word of two forms or more. */
typedef struct word_forms {
  vb_buf *out;
  size_t at;  /* out's length before the first form */
  int nforms, words;
} word_forms;

static int put_form(void *ctx, const char *f, size_t n, size_t start, size_t end, int first) {
  (void)start;
  (void)end;
  word_forms *w = ctx;
  if (first && ++w->words > 1) return 0;
  vb_buf_adds(w->out, w->nforms++ ? " OR \"" : "(\"");
  vb_buf_addc(w->out, VS_FTS_FORM_MARK);
  for (size_t i = 0; i < n; i++) {
    if (f[i] == '"') vb_buf_addc(w->out, '"');
    vb_buf_addc(w->out, f[i]);
  }
  vb_buf_addc(w->out, '"');
  return 0;
}

static int fts_word_forms(void *impl, const vb_qnode *n, vb_buf *b, int *nforms, vb_err *err) {
  sq *s = impl;
  *nforms = 0;
  if (n->kind != VB_Q_TERM || s->quoted_words) return VB_OK;
  if (!s->termer && an_termer_new(&s->termer, err)) return err->code;
  word_forms w = {b, b->len, 0, 0};
  if (an_query_forms(s->termer, &s->langs, n->text.ptr, n->text.len, 0, put_form, &w))
    return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  if (w.words != 1 || w.nforms < 2) {
    b->len = w.at; /* the quoted word, as fts_words writes it */
    return VB_OK;
  }
  vb_buf_addc(b, ')');
  *nforms = w.nforms;
  return VB_OK;
}

/* The archive's languages, read again before each query is compiled: the
 * FTS5 tokenizer expands query words with them (store.h). One kept
 * statement over a row per language. */
static int fts_follow(void *impl, vb_err *err) {
  sq *s = impl;
  return vs_load_langs((vs_db){&vs_sqlite_driver, s}, &s->langs, err);
}

/* FTS5's NEAR(a b, N): at most N words between them, either order. */
static int fts_near(void *impl, const vb_qnode *n, vb_buf *b, vb_err *err) {
  vb_buf_adds(b, "NEAR(");
  for (size_t i = 0; i < n->nkids; i++) {
    if (i) vb_buf_addc(b, ' ');
    fts_words(impl, n->kids[i], b, err);
  }
  vb_buf_printf(b, ", %d)", n->near);
  return VB_OK;
}

/* ---- the cost model: doclist sizes from FTS5's own b-tree ---------------------- */

/* What a common word's postings hold in one leaf page of FTS5 (4,050
 * bytes): `the` on the UN archive, 1,010,003 statements in 1,184 pages. */
#define FTS_PAGE_STATEMENTS 850.0
#define FTS_MAX_FORMS 64

typedef struct forms {
  vb_buf text; /* each form, '0' (FTS5's main index) before it */
  size_t at[FTS_MAX_FORMS + 1];
  int n;
} forms;

static int add_form(void *ctx, const char *f, size_t n, size_t start, size_t end, int first) {
  (void)start;
  (void)end;
  (void)first;
  forms *fs = ctx;
  if (fs->n >= FTS_MAX_FORMS) return 0; /* the rest uncounted: a word has a few */
  fs->at[fs->n] = fs->text.len;
  vb_buf_addc(&fs->text, '0');
  vb_buf_add(&fs->text, f, n);
  fs->at[++fs->n] = fs->text.len;
  return 0;
}

/* FTS5 keeps, per segment, the first term of each leaf page that starts
 * one (the %_idx table, its page number shifted left by one); a doclist
 * runs over the pages that start none. So the pages between the entry a
 * form falls under and the next one are its postings, in each segment:
 * what a search reads, found in a few b-tree lookups a segment, where
 * fts5vocab would read the postings themselves (half a second for `the`
 * on the UN archive). A prefix spans every term it expands to. */
static int fts_cost(void *impl, const vb_qnode *n, double *out, vb_err *err) {
  sq *s = impl;
  *out = 0;
  if (!s->termer && an_termer_new(&s->termer, err)) return err->code;
  forms fs = {.n = 0};
  vb_buf_init(&fs.text, 1 << 16);
  if (an_query_forms(s->termer, &s->langs, n->text.ptr, n->text.len, n->kind == VB_Q_PREFIX, add_form, &fs) ||
      fs.text.failed) {
    vb_buf_free(&fs.text);
    return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  }
  vb_buf_addc(&fs.text, (char)0xFF); /* after the last form: its prefix's end */
  /* one statement a word: its forms as rows, the segments found by
   * skipping along the b-tree's first column, then the two entries
   * around each form in each segment */
  vb_buf sql;
  vb_buf_init(&sql, 1 << 16);
  vb_buf_adds(&sql, "WITH RECURSIVE seg(id) AS (SELECT min(segid) FROM statements_fts_idx UNION ALL"
                    " SELECT (SELECT min(segid) FROM statements_fts_idx WHERE segid > seg.id) FROM seg"
                    " WHERE seg.id IS NOT NULL), form(lo, hi) AS (VALUES ");
  for (int i = 0; i < fs.n; i++) vb_buf_printf(&sql, "%s(?%d, ?%d)", i ? ", " : "", 2 * i + 1, 2 * i + 2);
  vb_buf_adds(&sql, ") SELECT total(max(1, (coalesce((SELECT pgno FROM statements_fts_idx i WHERE i.segid = seg.id"
                    " AND i.term > form.hi ORDER BY i.term LIMIT 1), -2) >> 1) - (coalesce((SELECT pgno FROM"
                    " statements_fts_idx i WHERE i.segid = seg.id AND i.term <= form.lo ORDER BY i.term DESC LIMIT 1),"
                    " 2) >> 1))) FROM seg, form WHERE seg.id IS NOT NULL");
  /* through the driver: the SQL differs only by the number of forms, so
   * it stays prepared (parsing it was half of a small search's cost) */
  vs_db db = {&vs_sqlite_driver, s};
  vs_sql *q = NULL;
  int rc = VB_OK;
  double pages = 0;
  if (fs.n && sql.failed) rc = vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  else if (fs.n) rc = vs_sql_prepare(db, sql.ptr, &q, err);
  for (int i = 0; !rc && i < fs.n; i++) {
    const char *f = fs.text.ptr + fs.at[i];
    size_t flen = fs.at[i + 1] - fs.at[i];
    int prefix = n->kind == VB_Q_PREFIX && i == fs.n - 1;
    vs_bind_blob(q, 2 * i + 1, f, flen);
    vs_bind_blob(q, 2 * i + 2, f, flen + (size_t)prefix); /* a prefix: past every word it begins */
  }
  if (!rc && q) {
    int step = vs_next(q, err);
    if (step > 0) pages = vs_col_double(q, 0);
    else if (step < 0) rc = err->code;
  }
  vs_finalize(q);
  vb_buf_free(&sql);
  vb_buf_free(&fs.text);
  *out = pages * FTS_PAGE_STATEMENTS;
  return rc;
}

/* vb_exact (fn_exact above) is given the query's text as written. */
static int exact_raw(const vb_qnode *n, vb_buf *out) { return vb_buf_add(out, n->text.ptr, n->text.len); }

static const vs_text fts5_text = {
    .and_open = "(",
    .and_op = " AND ",
    .and_close = ")",
    .not_open = " NOT (",
    .not_sep = " OR ",
    .not_close = ")",
    .and_end = "",
    .or_op = " OR ",
    .follow = fts_follow,
    .words = fts_words,
    .word_forms = fts_word_forms,
    .near = fts_near,
    .match = "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?%d)",
    .exact_cond = "vb_exact(%s, ?%d)",
    .exact_value = exact_raw,
    .from = "statements_fts f JOIN statements s ON s.id = f.rowid",
    .drive = "statements_fts MATCH ?%d",
    .rank = "vb_rank(statements_fts, s.end - s.start)",
    .rank_word = "vb_rank_word(statements_fts, s.end - s.start)",
    .rank_higher_better = 0,
    .fast_match = "SELECT rowid, %s, 0, 0, 0 FROM statements_fts WHERE statements_fts MATCH ?%d",
    .fast_rank = "vb_rank(statements_fts)",
    .fast_rank_word = "vb_rank_word(statements_fts)",
    .fast_id = "statements_fts.rowid",
    .fast_date = "vb_sdate(statements_fts.rowid)",
    .fast_kind = "vb_skind(statements_fts.rowid)",
    .fast_lang = "vb_slang(statements_fts.rowid)",
    .cost = fts_cost,
};

/* SQLite's page cache takes its memory from the heap as it fills, and
 * each 4 KB of it new to the process is a page fault (about 20 µs each in
 * this project's VMs): filling the 64 MB set when opened cost a fresh
 * connection's first large read 0.3 s of CPU more than reading the same
 * pages through a small cache (bench/RESULTS.md, issue 19). */
static void sq_expect(void *impl, int64_t input_bytes) { ((sq *)impl)->expect_bytes = input_bytes; }

static int sq_page_cache(void *impl, int64_t bytes, vb_err *err) {
  sq *s = impl;
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=-%lld", (long long)(bytes > 1024 ? bytes / 1024 : 1));
  return exec(s, sql, err);
}

/* SQLite's counts are ints since their last reset: taken and reset at
 * each look, summed here. */
static int64_t sq_pages_read(void *impl) {
  sq *s = impl;
  int hit = 0, miss = 0, high = 0;
  sqlite3_db_status(s->db, SQLITE_DBSTATUS_CACHE_HIT, &hit, &high, 1);
  sqlite3_db_status(s->db, SQLITE_DBSTATUS_CACHE_MISS, &miss, &high, 1);
  s->pages_read += (int64_t)hit + miss;
  return s->pages_read;
}

static int sq_warm(void *impl, vb_err *err) {
  sq *s = impl;
  return vs_cols_warm((vs_db){&vs_sqlite_driver, s}, &s->cols, err);
}

/* A statement's column read from its row (sql: of ?1, its id), where
 * the column cache has not caught up with it or does not hold it. */
static void row_column(sqlite3_context *ctx, sq *s, sqlite3_int64 id, const char *sql) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
    sqlite3_result_error(ctx, sqlite3_errmsg(s->db), -1);
    return;
  }
  sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) sqlite3_result_value(ctx, sqlite3_column_value(q, 0));
  else if (rc == SQLITE_DONE) sqlite3_result_null(ctx);
  else sqlite3_result_error(ctx, sqlite3_errmsg(s->db), -1);
  sqlite3_finalize(q);
}

/* vb_sdate(id): a statement's date (YYYYMMDD) from the column cache, or
 * from its row when the cache has not caught up with it; NULL when
 * undated, as the column is (the cache holds 0). */
static void fn_sdate(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sq *s = sqlite3_user_data(ctx);
  sqlite3_int64 id = sqlite3_value_int64(argv[0]);
  if (id >= 0 && id < s->cols.n) {
    if (s->cols.date[id]) sqlite3_result_int64(ctx, s->cols.date[id]);
    else sqlite3_result_null(ctx);
    return;
  }
  row_column(ctx, s, id, "SELECT date FROM statements WHERE id = ?1");
}

/* vb_skind(id): a statement's kind ("direct" …) from the column cache,
 * or from its row when the cache does not have it. */
static void fn_skind(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sq *s = sqlite3_user_data(ctx);
  sqlite3_int64 id = sqlite3_value_int64(argv[0]);
  int kind = id >= 0 && id < s->cols.n ? s->cols.kind[id] : 0;
  if (kind > 0 && kind < VS_COL_KIND_OTHER) {
    sqlite3_result_text(ctx, vb_kind_name((vb_kind)(kind - 1)), -1, SQLITE_STATIC);
    return;
  }
  row_column(ctx, s, id, "SELECT kind FROM statements WHERE id = ?1");
}

/* vb_slang(id): a statement's language ("en"; NULL: none) from the
 * column cache, or from its row when the cache does not have it. */
static void fn_slang(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sq *s = sqlite3_user_data(ctx);
  sqlite3_int64 id = sqlite3_value_int64(argv[0]);
  if (id >= 0 && id < s->cols.n && s->cols.kind[id] && s->cols.lang[id] != VS_COL_LANG_OTHER) {
    int lang = s->cols.lang[id];
    char code[2] = {(char)('a' + (lang >> 5) - 1), (char)('a' + (lang & 31) - 1)};
    if (lang) sqlite3_result_text(ctx, code, 2, SQLITE_TRANSIENT);
    else sqlite3_result_null(ctx);
    return;
  }
  row_column(ctx, s, id, "SELECT lang FROM statements WHERE id = ?1");
}

/* vb_rank's statement length for a match, from the column cache. */
static double cols_len(void *ctx, int64_t rowid) {
  const sq *s = ctx;
  return rowid >= 0 && rowid < s->cols.n ? (double)s->cols.len[rowid] : 0;
}

static vs_cols *sq_cols(void *impl) { return &((sq *)impl)->cols; }


static int sq_check(void *impl, vb_buf *b, int *problems, vb_err *err) {
  sq *s = impl;
  int rc = sq_flush(s, err);
  if (rc) return rc;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(st, 0);
      if (t && strcmp(t, "ok") != 0) {
        vb_buf_printf(b, "sqlite: %s\n", t);
        (*problems)++;
      }
    }
    sqlite3_finalize(st);
  } else {
    vb_buf_printf(b, "sqlite: cannot run integrity_check: %s\n", sqlite3_errmsg(s->db));
    (*problems)++;
  }
  static const vs_invariant inv[] = {
      {"statements whose span is outside their document",
       "SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id"
       " WHERE s.start > s.end OR s.end > length(CAST(d.body AS BLOB))"},
      /* row by row, not by counts: one statement missing from the index
       * and one index row left from a deleted statement balance out */
      {"statements missing from the full-text index",
       "SELECT count(*) FROM statements s WHERE NOT EXISTS (SELECT 1 FROM statements_fts_docsize f WHERE f.id = s.id)"},
      {"full-text rows whose statement is gone",
       "SELECT count(*) FROM statements_fts_docsize f WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = f.id)"},
      {"statements whose search columns in statement_cols differ from their row",
       "SELECT count(*) FROM statements s LEFT JOIN statement_cols c ON c.block = s.id / " STR(VS_COLS_BLOCK)
       " WHERE c.cols IS NULL OR substr(c.cols, (s.id % " STR(VS_COLS_BLOCK) ") * " STR(VS_COLS_ENTRY) " + 1, "
       STR(VS_COLS_ENTRY) ") IS NOT vb_cols_entry(" VS_OWN_SPEAKER("s.") ", s.doc_id, coalesce(s.date, 0),"
       " s.\"end\" - s.start, s.kind, s.lang)"},
  };
  vs_check_rows((vs_db){&vs_sqlite_driver, s}, inv, sizeof inv / sizeof *inv, b, problems);
  char *msg = NULL;
  if (sqlite3_exec(s->db, "INSERT INTO statements_fts(statements_fts) VALUES('integrity-check')", NULL, NULL, &msg) !=
      SQLITE_OK) {
    vb_buf_printf(b, "full-text index: %s\n", msg ? msg : "corrupt");
    (*problems)++;
  }
  sqlite3_free(msg);
  return VB_OK;
}


/* A read past the deadline is interrupted (SQLITE_INTERRUPT); checked
 * every hundred virtual-machine steps (a clock read each: about 2% of a
 * search's time, and only while a deadline is set). A step inside FTS5
 * (one xFilter) is not cut, but the rows it yields are. */
static int past_deadline(void *ctx) {
  sq *s = ctx;
  if (s->cancelled) {
    s->interrupted = 1;
    return 1;
  }
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  if ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 < s->deadline) return 0;
  s->interrupted = 1;
  return 1;
}

static int sq_deadline(void *impl, double seconds, vb_err *err) {
  (void)err;
  sq *s = impl;
  s->interrupted = 0;
  s->cancelled = 0;
  if (seconds <= 0) {
    sqlite3_progress_handler(s->db, 0, NULL, NULL);
    return VB_OK;
  }
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  s->deadline = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + seconds;
  sqlite3_progress_handler(s->db, 100, past_deadline, s);
  return VB_OK;
}

static int sq_deadline_passed(void *impl) { return ((sq *)impl)->interrupted || ((sq *)impl)->cancelled; }

/* From another thread: the flag stops the statements to come (the
 * progress handler reads it), sqlite3_interrupt the one running now. */
static void sq_cancel(void *impl) {
  sq *s = impl;
  s->cancelled = 1;
  sqlite3_interrupt(s->db);
}

/* Changes since this connection opened: others' commits (data_version)
 * plus its own writes (total_changes). Equal twice: nothing changed. */
static int sq_version(void *impl, int64_t *v, vb_err *err) {
  sq *s = impl;
  int64_t dv = 0;
  int rc = vs_sql_int((vs_db){&vs_sqlite_driver, s}, "PRAGMA data_version", &dv, err);
  *v = dv * 1000003 + (int64_t)sqlite3_total_changes64(s->db);
  return rc;
}

const vb_store_ops vb_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .put = sq_put,
    .flush = sq_flush,
    .check = sq_check,
    .version = sq_version,
    .sql = &vs_sqlite_driver,
    .text = &fts5_text,
    .cols = sq_cols,
    .unindex = sq_unindex,
    .put_parse = sq_put_parse,
    .forget = sq_forget,
    .deadline = sq_deadline,
    .deadline_passed = sq_deadline_passed,
    .cancel = sq_cancel,
    .warm = sq_warm,
    .page_cache = sq_page_cache,
    .expect = sq_expect,
    .pages_read = sq_pages_read,
    .key_mentions = sq_key_mentions,
    .before_fix = sq_before_fix,
    .reindexer = &sq_reindexer,
};
