/* sqlite — the embedded archive: one SQLite file in WAL mode, foreign keys
 * on, a versioned schema, and an FTS5 index over statements that uses
 * verbatim's own tokenizer. Documents go in one savepoint each inside
 * batched transactions, so a bad or interrupted document never leaves half
 * of itself behind and good ones commit at a few hundred per fsync. */
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
#include "store/sqlite_int.h"
#include "store/fts5_rank.h"
#include "store/fts5_tokenizer.h"
#include "analyze/analyze.h"

/* A batch commits after this many documents or bytes of body: large enough
 * to amortise the fsync, small enough that a crash loses little work. */
#define BATCH_DOCS 256
#define BATCH_BYTES ((size_t)32 << 20)
/* Largest SQL text a query compiles to; the query itself is bounded. */
#define MAX_SQL_BYTES ((size_t)1 << 20)
#define MAX_PARAMS 512
/* The entity facet counts over at most this many matching statements. */
#define ENTITY_FACET_SAMPLE 100000
/* Values shown per facet. */
#define FACET_VALUES 10

#define SCHEMA_VERSION 7

/* A statement's text is its span of the stored body (offsets are bytes). */
#define STMT_TEXT "CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT)"

static const char *const schema_v1[] = {
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, path TEXT, format TEXT NOT NULL,"
    " title TEXT, publisher TEXT, series TEXT, series_key TEXT, number TEXT,"
    " published TEXT, aired TEXT, date TEXT, channel TEXT, channel_key TEXT, language TEXT,"
    " nstatements INTEGER NOT NULL, body TEXT NOT NULL,"
    " ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))",
    "CREATE INDEX documents_date ON documents(date)",
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
    "CREATE INDEX statements_speaker ON statements(speaker_id)",
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
    "CREATE INDEX alerts_pending ON alerts(delivered, id)",
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
    "SELECT 1 FROM documents WHERE hash = ?1",
    "INSERT INTO documents(hash, path, format, title, publisher, series, series_key, number,"
    " published, aired, date, channel, channel_key, language, nstatements, body, source, parser)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
    "SELECT id FROM speakers WHERE key = ?1",
    "INSERT INTO speakers(name, key, role, affiliation, host) VALUES(?1,?2,?3,?4,?5)",
    "UPDATE speakers SET role = coalesce(role, ?2), affiliation = coalesce(affiliation, ?3)"
    " WHERE id = ?1",
    "INSERT OR IGNORE INTO speaker_keys(key, speaker_id) VALUES(?1, ?2)",
    "INSERT INTO doc_speakers(doc_id, local, speaker_id, role, affiliation, host)"
    " VALUES(?1,?2,?3,?4,?5,?6)",
    "INSERT OR IGNORE INTO tags(doc_id, tag, key) VALUES(?1,?2,?3)",
    "INSERT INTO turns(doc_id, idx, speaker_id, section, start, end, t_start, t_end)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
    "INSERT INTO statements(doc_id, idx, speaker_id, kind, turn, paragraph, start, end,"
    " t_start, t_end, date, lang) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    "INSERT INTO statements_fts(rowid, text) VALUES(?1, ?2)",
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
    "INSERT INTO alerts_new(id, watch_id, statement_id, at, delivered, error, claim, claimed_at)"
    " SELECT id, watch_id, statement_id, at, delivered, error, claim, claimed_at FROM alerts",
    "DROP TABLE alerts",
    "ALTER TABLE alerts_new RENAME TO alerts",
    "CREATE INDEX alerts_pending ON alerts(delivered, id)",
};

static int alerts_rise(sq *s, int *yes) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = 'alerts'", -1,
                         &st, NULL) != SQLITE_OK)
    return -1;
  *yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return 0;
}

static int alerts_ids_rise(sq *s, vb_err *err) {
  int yes;
  if (alerts_rise(s, &yes)) return db_err(s, err, "reading the alerts table");
  if (yes) return VB_OK;
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  if (alerts_rise(s, &yes)) rc = db_err(s, err, "reading the alerts table");
  for (size_t i = 0; !rc && !yes && i < sizeof alerts_autoincrement / sizeof *alerts_autoincrement; i++)
    rc = exec(s, alerts_autoincrement[i], err);
  if (rc) {
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  return exec(s, "COMMIT", err);
}

static int migrate_versions(sq *s, vb_err *err);

static int migrate(sq *s, vb_err *err) {
  int rc = migrate_versions(s, err);
  return rc ? rc : alerts_ids_rise(s, err);
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
static int scalar(sq *s, const char *sql, int64_t *out);

/* An index made by another analysis answers queries wrongly: refused,
 * with what to do. */
static int check_analysis(sq *s, vb_err *err) {
  int64_t version = 0;
  if (scalar(s, "SELECT version FROM analysis", &version)) return db_err(s, err, "reading the analysis version");
  if (version == AN_VERSION) return VB_OK;
  return vb_err_set(err, VB_ESTORE, s->path, -1,
                    "the search index was made by text analysis version %lld, this verbatim analyses with"
                    " version %d: run `verbatim reindex --db %s` to index the archive again",
                    (long long)version, AN_VERSION, s->path);
}

static int load_langs(sq *s, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT language FROM documents WHERE language IS NOT NULL", -1, &st,
                         NULL) != SQLITE_OK)
    return db_err(s, err, "reading the archive's languages");
  s->langs[0] = '\0';
  while (sqlite3_step(st) == SQLITE_ROW)
    an_langs_add(s->langs, sizeof s->langs, (const char *)sqlite3_column_text(st, 0),
                 (size_t)sqlite3_column_bytes(st, 0));
  sqlite3_finalize(st);
  return VB_OK;
}
static double cols_len(void *ctx, int64_t rowid);

static int sq_open(const char *uri, int create, void **impl, vb_err *err) {
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
  int rc = exec(s, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                   " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY",
                NULL);
  if (rc) rc = db_err(s, err, "cannot set up the archive");
  if (!rc) rc = vs_fts5_tokenizer_register(s->db, s->langs, err);
  if (!rc) rc = vb_fts5_rank_register(s->db, cols_len, s, err);
  if (!rc && sqlite3_create_function(s->db, "vb_exact", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     fn_exact, NULL, NULL) != SQLITE_OK)
    rc = db_err(s, err, "registering vb_exact");
  if (!rc) rc = migrate(s, err);
  if (!rc) rc = check_analysis(s, err);
  if (!rc) rc = load_langs(s, err);
  if (!rc) rc = vb_sq_entities_prepare(s, err);
  for (int i = 0; !rc && i < Q_COUNT; i++)
    if (sqlite3_prepare_v3(s->db, prepared_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i],
                           NULL) != SQLITE_OK)
      rc = db_err(s, err, "preparing statements");
  if (!rc && scalar(s, "SELECT count(*) FROM tags", &s->ntags)) rc = db_err(s, err, "counting tags");
  if (rc) {
    sq_close(s);
    return rc;
  }
  *impl = s;
  return VB_OK;
}


static void batch_reset(sq *s) {
  s->in_batch = 0;
  s->batch_docs = 0;
  s->batch_bytes = 0;
  s->fts_text.len = 0;
  s->fts_text.failed = 0;
  vb_arena_free(s->fts_arena);
  s->fts_arena = NULL;
  memset(&s->fts_rowid, 0, sizeof s->fts_rowid);
  memset(&s->mentions, 0, sizeof s->mentions);
  memset(&s->fts_len, 0, sizeof s->fts_len);
}

/* Writes the full-text rows and the mentions the open batch holds. */
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
  if (!rc) rc = vb_sq_flush_mentions(s, err);
  return rc;
}

/* Indexes the batch's statements and commits. Should indexing fail, the
 * whole batch is rolled back: no document is ever stored unindexed. */
static int sq_flush(void *impl, vb_err *err) {
  sq *s = impl;
  if (!s->in_batch) return VB_OK;
  int rc = write_index(s, err);
  /* standing queries see the batch in its own transaction */
  if (!rc) rc = vb_sq_match_watches(s, err);
  if (!rc) rc = exec(s, "COMMIT", err);
  if (rc) {
    int lost = s->batch_docs;
    exec(s, "ROLLBACK", NULL);
    vb_sq_entities_forget(s);
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
  free(s->cols.speaker);
  free(s->cols.doc);
  free(s->cols.date);
  free(s->cols.len);
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
  vb_sq_entities_finalize(s);
  vb_sq_watches_free(s);
  sqlite3_close_v2(s->db);
  free(s);
}

/* ---- put --------------------------------------------------------------- */


static void bind_key(sqlite3_stmt *st, int i, vb_str v, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  if (!v.ptr || vb_name_key(v.ptr, v.len, b)) {
    sqlite3_bind_null(st, i);
    return;
  }
  sqlite3_bind_text64(st, i, b->ptr ? b->ptr : "", b->len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void bind_time(sqlite3_stmt *st, int i, double t) {
  if (t >= 0) sqlite3_bind_double(st, i, t);
  else sqlite3_bind_null(st, i);
}


static int add_key(sq *s, const char *k, size_t n, int64_t speaker, vb_err *err) {
  sqlite3_stmt *st = s->q[Q_INS_SPEAKER_KEY];
  sqlite3_bind_text64(st, 1, k, n, SQLITE_TRANSIENT, SQLITE_UTF8);
  sqlite3_bind_int64(st, 2, speaker);
  return step_done(s, st, err, "adding speaker key");
}

/* The archive-wide id of a document's speaker, created on first sight. */
static int speaker_id(sq *s, const vb_speaker *sp, vb_buf *key, int64_t *id, vb_err *err) {
  key->len = 0;
  key->failed = 0;
  if (vb_name_key(sp->name.ptr, sp->name.len, key) || key->len == 0) {
    if (key->failed) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    vb_buf_add(key, sp->name.ptr, sp->name.len);
  }
  sqlite3_stmt *st = s->q[Q_SPEAKER_BY_KEY];
  sqlite3_bind_text64(st, 1, key->ptr, key->len, SQLITE_TRANSIENT, SQLITE_UTF8);
  int rc = sqlite3_step(st);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_err(s, err, "finding speaker");
  if (*id) {
    st = s->q[Q_FILL_SPEAKER];
    sqlite3_bind_int64(st, 1, *id);
    bind_str(st, 2, sp->role);
    bind_str(st, 3, sp->affiliation);
    return step_done(s, st, err, "updating speaker");
  }
  st = s->q[Q_INS_SPEAKER];
  bind_str(st, 1, sp->name);
  sqlite3_bind_text64(st, 2, key->ptr, key->len, SQLITE_TRANSIENT, SQLITE_UTF8);
  bind_str(st, 3, sp->role);
  bind_str(st, 4, sp->affiliation);
  sqlite3_bind_int(st, 5, sp->host);
  if ((rc = step_done(s, st, err, "adding speaker"))) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  /* keys a speaker: query can name: full name, aliases, last name */
  if ((rc = add_key(s, key->ptr, key->len, *id, err))) return rc;
  const char *sp_last = NULL;
  for (size_t i = key->len; i > 0 && !sp_last; i--)
    if (key->ptr[i - 1] == ' ') sp_last = key->ptr + i - 1;
  if (!sp->host && sp_last &&
      (rc = add_key(s, sp_last + 1, key->len - (size_t)(sp_last + 1 - key->ptr), *id, err)))
    return rc;
  for (size_t a = 0; a < sp->naliases; a++) {
    key->len = 0;
    if (vb_name_key(sp->aliases[a].ptr, sp->aliases[a].len, key) || key->len == 0) continue;
    if ((rc = add_key(s, key->ptr, key->len, *id, err))) return rc;
  }
  return VB_OK;
}

static int put_parse_rows(sq *s, const vb_doc *doc, int64_t doc_id, vb_err *err);

static int put_rows(sq *s, const vb_doc *doc, vb_err *err) {
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vb_buf key;
  vb_buf_init(&key, 4096);
  sqlite3_stmt *st = s->q[Q_INS_DOC];
  sqlite3_bind_text(st, 1, v->id, 64, SQLITE_STATIC);
  bind_str(st, 2, v->path);
  sqlite3_bind_text(st, 3, vb_format_name(v->format), -1, SQLITE_STATIC);
  bind_str(st, 4, v->title);
  bind_str(st, 5, m->publisher);
  bind_str(st, 6, m->series);
  bind_key(st, 7, m->series, &key);
  bind_str(st, 8, m->number);
  bind_str(st, 9, m->published);
  bind_str(st, 10, m->aired);
  bind_str(st, 11, m->aired.ptr ? m->aired : m->published);
  bind_str(st, 12, m->channel);
  bind_key(st, 13, m->channel, &key);
  bind_str(st, 14, m->language);
  sqlite3_bind_int64(st, 15, (sqlite3_int64)v->nstatements);
  bind_str(st, 16, v->body);
  if (v->source.ptr && (v->source.ptr != v->body.ptr || v->source.len != v->body.len))
    sqlite3_bind_blob64(st, 17, v->source.ptr, v->source.len, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 18, doc->parser_version);
  an_langs_add(s->langs, sizeof s->langs, m->language.ptr, m->language.len);
  int rc = step_done(s, st, err, "adding document");
  vb_buf_free(&key);
  return rc ? rc : put_parse_rows(s, doc, sqlite3_last_insert_rowid(s->db), err);
}

int vb_sq_flush(sq *s, vb_err *err) { return sq_flush(s, err); }

/* A document's parse under its row doc_id: speakers, tags, turns,
 * statements, their full-text rows (queued for the batch's commit) and
 * its entities. */
static int put_parse_rows(sq *s, const vb_doc *doc, int64_t doc_id, vb_err *err) {
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vb_buf key;
  vb_buf_init(&key, 4096);
  sqlite3_stmt *st;
  int rc = VB_OK;
  int64_t *sids = rc ? NULL : calloc(v->nspeakers + 1, sizeof *sids);
  int64_t *stmt_ids = rc ? NULL : calloc(v->nstatements + 1, sizeof *stmt_ids);
  if (!rc && (!sids || !stmt_ids)) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    if ((rc = speaker_id(s, sp, &key, &sids[i], err))) break;
    char local[24];
    snprintf(local, sizeof local, "s%u", (unsigned)(i + 1));
    st = s->q[Q_INS_DOC_SPEAKER];
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_text(st, 2, local, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, sids[i]);
    bind_str(st, 4, sp->role);
    bind_str(st, 5, sp->affiliation);
    sqlite3_bind_int(st, 6, sp->host);
    rc = step_done(s, st, err, "adding document speaker");
  }
  for (size_t i = 0; !rc && i < m->ntags; i++) {
    st = s->q[Q_INS_TAG];
    sqlite3_bind_int64(st, 1, doc_id);
    bind_str(st, 2, m->tags[i]);
    bind_key(st, 3, m->tags[i], &key);
    rc = step_done(s, st, err, "adding tag");
    if (!rc) s->ntags++; /* an estimate: a rolled-back document leaves it high */
  }
  for (size_t i = 0; !rc && i < v->nturns; i++) {
    const vb_turn *t = &v->turns[i];
    st = s->q[Q_INS_TURN];
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    if (t->speaker >= 0) sqlite3_bind_int64(st, 3, sids[t->speaker]);
    if (t->section >= 0) sqlite3_bind_int(st, 4, t->section);
    sqlite3_bind_int64(st, 5, t->start);
    sqlite3_bind_int64(st, 6, t->end);
    bind_time(st, 7, t->time.start);
    bind_time(st, 8, t->time.start >= 0 ? t->time.end : -1);
    rc = step_done(s, st, err, "adding turn");
  }
  vb_str dstr = m->aired.ptr ? m->aired : m->published;
  int64_t docdate = 0;
  for (size_t i = 0; dstr.ptr && i < dstr.len; i++)
    if (dstr.ptr[i] >= '0' && dstr.ptr[i] <= '9') docdate = docdate * 10 + (dstr.ptr[i] - '0');
  /* paragraph numbers count turn paragraphs through the document */
  uint32_t para_base = 0, cur_turn = 0;
  char mark[16];
  size_t mlen = an_lang_mark(m->language.ptr ? m->language.ptr : "", m->language.len, mark,
                             sizeof mark);
  size_t fts_mark = s->fts_text.len;
  uint32_t fts_rows = s->fts_rowid.n, mention_rows = s->mentions.n;
  if (!s->fts_arena && !(s->fts_arena = vb_arena_new(0)))
    rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nstatements; i++) {
    const vb_statement *x = &v->statements[i];
    int32_t para = 0;
    if (x->turn >= 0) {
      while (cur_turn < (uint32_t)x->turn) para_base += (uint32_t)v->turns[cur_turn++].nparagraphs;
      const vb_turn *t = &v->turns[x->turn];
      for (size_t k = 0; k < t->nparagraphs; k++)
        if (x->start >= t->paragraphs[k].start && x->start < t->paragraphs[k].end)
          para = (int32_t)(para_base + k + 1);
    }
    st = s->q[Q_INS_STATEMENT];
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    if (x->speaker >= 0) sqlite3_bind_int64(st, 3, sids[x->speaker]);
    sqlite3_bind_text(st, 4, vb_kind_name(x->kind), -1, SQLITE_STATIC);
    if (x->turn >= 0) sqlite3_bind_int(st, 5, x->turn);
    if (para) sqlite3_bind_int(st, 6, para);
    sqlite3_bind_int64(st, 7, x->start);
    sqlite3_bind_int64(st, 8, x->end);
    bind_time(st, 9, x->time.start);
    bind_time(st, 10, x->time.start >= 0 ? x->time.end : -1);
    if (docdate) sqlite3_bind_int64(st, 11, docdate);
    bind_str(st, 12, m->language);
    if ((rc = step_done(s, st, err, "adding statement"))) break;
    int64_t sid = sqlite3_last_insert_rowid(s->db);
    stmt_ids[i] = sid;
    size_t before = s->fts_text.len;
    if (doc->pre) {
      /* analysed on an ingest thread already */
      vb_buf_add(&s->fts_text, doc->pre + doc->pre_off[i], doc->pre_off[i + 1] - doc->pre_off[i]);
    } else {
      if (!s->termer && an_termer_new(&s->termer, err)) {
        rc = err->code;
        break;
      }
      s->scratch.len = 0;
      vb_buf_add(&s->scratch, mark, mlen);
      vb_buf_add(&s->scratch, v->body.ptr + x->start, x->end - x->start);
      if (s->scratch.failed || an_termer_encode(s->termer, s->scratch.ptr, s->scratch.len, &s->fts_text)) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
    }
    int64_t *rid = s->fts_arena ? VB_VEC_PUSH(s->fts_arena, s->fts_rowid) : NULL;
    uint32_t *len = rid ? VB_VEC_PUSH(s->fts_arena, s->fts_len) : NULL;
    if (s->fts_text.failed || !len) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    *rid = sid;
    *len = (uint32_t)(s->fts_text.len - before);
  }
  if (!rc) rc = vb_sq_put_entities(s, v, doc_id, stmt_ids, sids, err);
  if (rc) { /* this document's rows go with its savepoint; so do its index rows */
    s->fts_text.len = fts_mark;
    s->fts_text.failed = 0;
    s->fts_rowid.n = s->fts_len.n = fts_rows;
    s->mentions.n = mention_rows;
  }
  vb_buf_free(&key);
  free(sids);
  free(stmt_ids);
  return rc;
}

static int sq_put(void *impl, const vb_doc *doc, int *added, vb_err *err) {
  sq *s = impl;
  const vb_doc_view *v = vb_doc_get(doc);
  *added = 0;
  int rc;
  if (!s->in_batch) {
    if ((rc = exec(s, "BEGIN IMMEDIATE", err))) return rc;
    s->in_batch = 1;
  }
  sqlite3_stmt *st = s->q[Q_HAS_HASH];
  sqlite3_bind_text(st, 1, v->id, 64, SQLITE_STATIC);
  int step = sqlite3_step(st);
  sqlite3_reset(st);
  if (step == SQLITE_ROW) return VB_OK;
  if (step != SQLITE_DONE) return db_err(s, err, "looking up document");
  if ((rc = exec(s, "SAVEPOINT doc", err))) return rc;
  rc = put_rows(s, doc, err);
  if (rc && sqlite3_get_autocommit(s->db)) {
    /* SQLite rolled the whole transaction back (an I/O error, a full
     * disk): the batch went with it, and nothing must go on outside it */
    int lost = s->batch_docs;
    vb_sq_entities_forget(s);
    batch_reset(s);
    char why[400];
    snprintf(why, sizeof why, "%.300s", err->msg);
    return vb_err_set(err, rc, s->path, -1, "the last %d documents were not stored: %s", lost + 1, why);
  }
  if (rc) {
    /* the document leaves nothing behind; the batch goes on */
    exec(s, "ROLLBACK TO doc", NULL);
    vb_sq_entities_forget(s);
    exec(s, "RELEASE doc", NULL);
    if (err->file[0] == '\0' || strcmp(err->file, s->path) == 0)
      snprintf(err->file, sizeof err->file, "%.*s", (int)v->path.len, v->path.ptr);
    return rc;
  }
  if ((rc = exec(s, "RELEASE doc", err))) return rc;
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
  s->fts_rowid.n = s->fts_len.n = s->mentions.n = 0;
  return rc;
}

/* ---- search ------------------------------------------------------------ */

typedef struct param {
  const char *text; /* arena or query memory, NUL-terminated */
} param;

typedef struct qc {
  sq *s;
  vb_arena *a;
  vb_err *err;
  vb_buf where; /* SQL conditions joined by AND */
  vb_buf fts;   /* the one FTS5 expression that drives the query, if any */
  param params[MAX_PARAMS];
  int nparams;
  vb_buf key;
  int has_kind;  /* the query names kind: itself */
  int needs_doc; /* a condition reads the documents table (d.) */
} qc;

/* Adds a bound parameter; returns its number for "?N". */
static int add_param(qc *c, const char *text, size_t n) {
  if (c->nparams >= MAX_PARAMS) return -1;
  char *copy = vb_arena_strndup(c->a, text, n);
  if (!copy) return -1;
  c->params[c->nparams].text = copy;
  return ++c->nparams;
}

/* "2023-10-08" -> "20231008", compared with statements.date. */
static int add_date_param(qc *c, const char *iso) {
  char d[9] = {iso[0], iso[1], iso[2], iso[3], iso[5], iso[6], iso[8], iso[9], 0};
  return add_param(c, d, 8);
}

static int qerr(qc *c, const vb_qnode *n, const char *msg) {
  return vb_err_set(c->err, VB_EQUERY, "query", n ? (long long)n->col : -1, "%s", msg);
}

static void fts_quoted(vb_buf *b, vb_str t) {
  vb_buf_addc(b, '"');
  for (size_t i = 0; i < t.len; i++) {
    if (t.ptr[i] == '"') vb_buf_addc(b, '"');
    vb_buf_addc(b, t.ptr[i]);
  }
  vb_buf_addc(b, '"');
}

static int fts_expr(qc *c, const vb_qnode *n, vb_buf *b);

/* Exact forms add a condition on the stored text beside the FTS match. */
static int exact_condition(qc *c, const vb_qnode *n) {
  if (!n->exact) return VB_OK;
  int p = add_param(c, n->text.ptr, n->text.len);
  if (p < 0) return qerr(c, n, "query too large");
  if (c->where.len) vb_buf_adds(&c->where, " AND ");
  vb_buf_printf(&c->where, "vb_exact(" STMT_TEXT ", ?%d)", p);
  c->needs_doc = 1;
  return VB_OK;
}

static int fts_expr(qc *c, const vb_qnode *n, vb_buf *b) {
  int rc;
  switch (n->kind) {
  case VB_Q_TERM:
  case VB_Q_PHRASE:
    fts_quoted(b, n->text);
    return VB_OK;
  case VB_Q_PREFIX:
    fts_quoted(b, n->text);
    vb_buf_addc(b, '*');
    return VB_OK;
  case VB_Q_NEAR:
    vb_buf_adds(b, "NEAR(");
    for (size_t i = 0; i < n->nkids; i++) {
      const vb_qnode *k = n->kids[i];
      if (k->kind != VB_Q_TERM && k->kind != VB_Q_PHRASE && k->kind != VB_Q_PREFIX)
        return qerr(c, k, "NEAR joins terms and phrases only");
      if (i) vb_buf_addc(b, ' ');
      if ((rc = fts_expr(c, k, b))) return rc;
    }
    vb_buf_printf(b, ", %d)", n->near);
    return VB_OK;
  case VB_Q_AND: {
    int pos = 0;
    vb_buf_addc(b, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind == VB_Q_NOT) continue;
      if (pos++) vb_buf_adds(b, " AND ");
      if ((rc = fts_expr(c, n->kids[i], b))) return rc;
    }
    if (!pos) return qerr(c, n, "NOT needs a positive term beside it");
    vb_buf_addc(b, ')');
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind != VB_Q_NOT) continue;
      vb_buf_adds(b, " NOT (");
      if ((rc = fts_expr(c, n->kids[i]->kids[0], b))) return rc;
      vb_buf_addc(b, ')');
    }
    return VB_OK;
  }
  case VB_Q_OR:
    vb_buf_addc(b, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind == VB_Q_NOT) return qerr(c, n->kids[i], "NOT inside OR needs parentheses with a positive term");
      if (i) vb_buf_adds(b, " OR ");
      if ((rc = fts_expr(c, n->kids[i], b))) return rc;
    }
    vb_buf_addc(b, ')');
    return VB_OK;
  case VB_Q_NOT:
    return qerr(c, n, "a NOT needs a positive term beside it");
  case VB_Q_FILTER: break; /* filters are SQL conditions, never full text */
  }
  return qerr(c, n, "unsupported query node");
}

static int collect_exact(qc *c, const vb_qnode *n) {
  int rc = exact_condition(c, n);
  for (size_t i = 0; !rc && i < n->nkids; i++)
    if (n->kind != VB_Q_NOT) rc = collect_exact(c, n->kids[i]);
  return rc;
}

static int filter_sql(qc *c, const vb_qnode *n, vb_buf *w);

/* Any subtree as an SQL condition on s (statements) and d (documents). */
static int cond_sql(qc *c, const vb_qnode *n, vb_buf *w) {
  int rc;
  if (vb_query_is_fulltext(n)) {
    vb_buf e;
    vb_buf_init(&e, MAX_SQL_BYTES);
    rc = fts_expr(c, n, &e);
    int p = rc ? -1 : add_param(c, e.ptr ? e.ptr : "", e.len);
    vb_buf_free(&e);
    if (rc) return rc;
    if (p < 0) return qerr(c, n, "query too large");
    vb_buf_printf(w, "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?%d)", p);
    return VB_OK;
  }
  switch (n->kind) {
  case VB_Q_FILTER: return filter_sql(c, n, w);
  case VB_Q_NOT:
    vb_buf_adds(w, "NOT (");
    if ((rc = cond_sql(c, n->kids[0], w))) return rc;
    vb_buf_addc(w, ')');
    return VB_OK;
  case VB_Q_AND:
  case VB_Q_OR:
    vb_buf_addc(w, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (i) vb_buf_adds(w, n->kind == VB_Q_AND ? " AND " : " OR ");
      if ((rc = cond_sql(c, n->kids[i], w))) return rc;
    }
    vb_buf_addc(w, ')');
    return VB_OK;
  default: return qerr(c, n, "filters cannot sit inside NEAR");
  }
}

static int key_param(qc *c, const vb_qnode *n) {
  c->key.len = 0;
  c->key.failed = 0;
  if (vb_name_key(n->text.ptr, n->text.len, &c->key)) return -1;
  return add_param(c, c->key.ptr ? c->key.ptr : "", c->key.len);
}

static int filter_sql(qc *c, const vb_qnode *n, vb_buf *w) {
  int p;
  switch (n->field) {
  case VB_F_SPEAKER:
    if ((p = key_param(c, n)) < 0) break;
    /* "speaker:" means in the speaker's own words; what a summary reports
     * he said is found with kind:reported */
    vb_buf_printf(w, "(s.speaker_id IN (SELECT speaker_id FROM speaker_keys WHERE key = ?%d)%s)",
                  p, c->has_kind ? "" : " AND s.kind <> 'reported'");
    return VB_OK;
  case VB_F_MENTIONS: {
    /* the entities that answer to the name, however the statement spells
     * them; a name no entity answers to is looked for as a phrase */
    const vb_lexicon *lx = NULL;
    vb_err lerr;
    if (vb_lexicon_default(&lx, &lerr)) lx = NULL;
    int64_t *ids = NULL;
    size_t nids = 0;
    int rc = vb_sq_entity_ids(c->s, n->text.ptr, n->text.len, lx, &ids, &nids, c->err);
    if (rc) return rc;
    if (!nids) {
      vb_buf e;
      vb_buf_init(&e, MAX_SQL_BYTES);
      fts_quoted(&e, n->text);
      p = e.failed ? -1 : add_param(c, e.ptr, e.len);
      vb_buf_free(&e);
      if (p < 0) break;
      vb_buf_printf(w, "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?%d)", p);
      return VB_OK;
    }
    /* ids come from the archive, not from the query: printed as numbers */
    vb_buf_adds(w, "s.id IN (SELECT statement_id FROM mentions WHERE entity_id IN (");
    for (size_t i = 0; i < nids; i++) vb_buf_printf(w, "%s%lld", i ? "," : "", (long long)ids[i]);
    vb_buf_adds(w, "))");
    free(ids);
    return VB_OK;
  }
  case VB_F_TYPE:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w,
                  "s.id IN (SELECT m.statement_id FROM mentions m JOIN entities e"
                  " ON e.id = m.entity_id WHERE e.type = upper(?%d))",
                  p);
    return VB_OK;
  case VB_F_TAG:
    if ((p = key_param(c, n)) < 0) break;
    vb_buf_printf(w, "s.doc_id IN (SELECT doc_id FROM tags WHERE key = ?%d)", p);
    return VB_OK;
  case VB_F_SERIES:
    if ((p = key_param(c, n)) < 0) break;
    c->needs_doc = 1;
    vb_buf_printf(w, "d.series_key = ?%d", p);
    return VB_OK;
  case VB_F_CHANNEL:
    if ((p = key_param(c, n)) < 0) break;
    c->needs_doc = 1;
    vb_buf_printf(w, "instr(d.channel_key, ?%d) > 0", p);
    return VB_OK;
  case VB_F_LANG:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "s.lang = lower(?%d)", p);
    return VB_OK;
  case VB_F_KIND:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "s.kind = lower(?%d)", p);
    return VB_OK;
  case VB_F_AFTER:
    if ((p = add_date_param(c, n->date_lo)) < 0) break;
    vb_buf_printf(w, "s.date >= ?%d", p);
    return VB_OK;
  case VB_F_BEFORE:
    if ((p = add_date_param(c, n->date_lo)) < 0) break;
    vb_buf_printf(w, "s.date < ?%d", p);
    return VB_OK;
  case VB_F_DATE: {
    int lo = add_date_param(c, n->date_lo), hi = add_date_param(c, n->date_hi);
    if (lo < 0 || hi < 0) break;
    vb_buf_printf(w, "s.date BETWEEN ?%d AND ?%d", lo, hi);
    return VB_OK;
  }
  case VB_F_DOC:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    c->needs_doc = 1;
    vb_buf_printf(w, "(substr(d.hash, 1, length(?%d)) = lower(?%d) OR d.number = ?%d)", p, p, p);
    return VB_OK;
  default: return qerr(c, n, "unsupported filter");
  }
  return qerr(c, n, "query too large");
}

/* Splits the root: text conjuncts become the one FTS5 expression that
 * drives the query (ranked by BM25), "(p1 AND p2) NOT (n1 OR n2)";
 * everything else becomes SQL conditions. */
static int compile(qc *c, const vb_qnode *root) {
  c->has_kind = vb_query_has_field(root, VB_F_KIND);
  const vb_qnode *one[1] = {root};
  const vb_qnode *const *kids = one;
  size_t nk = 1;
  if (root->kind == VB_Q_AND) {
    kids = (const vb_qnode *const *)root->kids;
    nk = root->nkids;
  }
  vb_buf neg;
  vb_buf_init(&neg, MAX_SQL_BYTES);
  int rc = VB_OK, npos = 0, nneg = 0;
  for (size_t i = 0; i < nk && !rc; i++) {
    const vb_qnode *k = kids[i];
    if (vb_query_is_fulltext(k)) {
      vb_buf_adds(&c->fts, npos++ ? " AND " : "(");
      rc = fts_expr(c, k, &c->fts);
      if (!rc) rc = collect_exact(c, k);
    }
  }
  for (size_t i = 0; i < nk && !rc; i++) {
    const vb_qnode *k = kids[i];
    if (vb_query_is_fulltext(k)) continue;
    if (npos && k->kind == VB_Q_NOT && vb_query_is_fulltext(k->kids[0])) {
      vb_buf_adds(&neg, nneg++ ? " OR " : " NOT (");
      rc = fts_expr(c, k->kids[0], &neg);
      continue;
    }
    if (c->where.len) vb_buf_adds(&c->where, " AND ");
    rc = cond_sql(c, k, &c->where);
  }
  if (!rc && npos) {
    vb_buf_addc(&c->fts, ')');
    if (nneg) {
      vb_buf_add(&c->fts, neg.ptr, neg.len);
      vb_buf_addc(&c->fts, ')');
    }
  }
  vb_buf_free(&neg);
  if (!rc && (c->fts.failed || c->where.failed)) rc = qerr(c, root, "query too large");
  return rc;
}

static int bind_params(qc *c, sqlite3_stmt *st) {
  for (int i = 0; i < c->nparams; i++)
    if (sqlite3_bind_text(st, i + 1, c->params[i].text, -1, SQLITE_STATIC) != SQLITE_OK) return -1;
  return 0;
}

static vb_str col_str(vb_arena *a, sqlite3_stmt *st, int i) {
  vb_str v = {0};
  const unsigned char *t = sqlite3_column_text(st, i);
  if (!t) return v;
  size_t n = (size_t)sqlite3_column_bytes(st, i);
  v.ptr = vb_arena_strndup(a, (const char *)t, n);
  v.len = v.ptr ? n : 0;
  return v;
}

/* ---- one pass over the matches ------------------------------------------
 * The match set is read once: count, top-K by rank or date (a heap), and
 * facet counters come from the same rows; only the K hits and the facet
 * names are looked up afterwards. */

/* int64 -> count, open addressing, in the result arena. */
typedef struct counter {
  int64_t *keys, *counts;
  int64_t *extra; /* per key: best candidate index (documents mode) */
  size_t cap, n;
} counter;

static size_t counter_home(const counter *c, int64_t key) {
  return (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ull) & (c->cap - 1);
}

/* The count kept for key, 0 if none. */
static int64_t counter_get(const counter *c, int64_t key) {
  if (!c->cap) return 0;
  size_t h = counter_home(c, key);
  while (c->keys[h] != INT64_MIN && c->keys[h] != key) h = (h + 1) & (c->cap - 1);
  return c->keys[h] == INT64_MIN ? 0 : c->counts[h];
}

static int counter_add(vb_arena *a, counter *c, int64_t key, int64_t by, size_t *slot_out) {
  if ((c->n + 1) * 2 > c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    int64_t *k = vb_arena_alloc(a, cap * sizeof *k), *v = vb_arena_alloc(a, cap * sizeof *v);
    int64_t *x = vb_arena_alloc(a, cap * sizeof *x);
    if (!k || !v || !x) return -1;
    for (size_t i = 0; i < cap; i++) k[i] = INT64_MIN;
    for (size_t i = 0; i < c->cap; i++) {
      if (c->keys[i] == INT64_MIN) continue;
      size_t h = (size_t)((uint64_t)c->keys[i] * 0x9E3779B97F4A7C15ull) & (cap - 1); /* new table */
      while (k[h] != INT64_MIN) h = (h + 1) & (cap - 1);
      k[h] = c->keys[i];
      v[h] = c->counts[i];
      x[h] = c->extra[i];
    }
    c->keys = k;
    c->counts = v;
    c->extra = x;
    c->cap = cap;
  }
  size_t h = counter_home(c, key);
  while (c->keys[h] != INT64_MIN && c->keys[h] != key) h = (h + 1) & (c->cap - 1);
  if (c->keys[h] == INT64_MIN) {
    c->keys[h] = key;
    c->counts[h] = 0;
    c->extra[h] = -1;
    c->n++;
  }
  c->counts[h] += by;
  if (slot_out) *slot_out = h;
  return 0;
}

/* The best `limit` slots of a counter, by count. */
static size_t counter_top(const counter *c, size_t limit, size_t *out) {
  size_t n = 0;
  for (size_t i = 0; i < c->cap; i++) {
    if (c->keys[i] == INT64_MIN) continue;
    size_t j = n < limit ? n++ : limit;
    if (j == limit) {
      if (c->counts[i] <= c->counts[out[limit - 1]]) continue;
      j = limit - 1;
    }
    while (j > 0 && c->counts[out[j - 1]] < c->counts[i]) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = i;
  }
  return n;
}

typedef struct cand {
  int64_t id, doc, date; /* date as YYYYMMDD, 0 if unknown */
  double rank;           /* FTS5 rank: lower is better */
} cand;

/* Is a better than b? */
static int better(const cand *a, const cand *b, int by_date) {
  if (by_date) {
    if (a->date != b->date) return a->date > b->date;
    if (a->doc != b->doc) return a->doc > b->doc;
    return a->id < b->id;
  }
  if (a->rank != b->rank) return a->rank < b->rank;
  return a->id < b->id;
}

/* A heap of the k best seen so far, worst at the root. */
typedef struct topk {
  cand *v;
  size_t n, k;
  int by_date;
} topk;

/* Restores the heap after its root was replaced. */
static void sift_down(topk *t) {
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, w = i;
    if (l < t->n && better(&t->v[w], &t->v[l], t->by_date)) w = l;
    if (r < t->n && better(&t->v[w], &t->v[r], t->by_date)) w = r;
    if (w == i) break;
    cand tmp = t->v[i];
    t->v[i] = t->v[w];
    t->v[w] = tmp;
    i = w;
  }
}

static void topk_push(topk *t, const cand *c) {
  if (t->k == 0) return;
  if (t->n == t->k) {
    if (!better(c, &t->v[0], t->by_date)) return;
    t->v[0] = *c;
    sift_down(t);
    return;
  }
  size_t i = t->n++;
  t->v[i] = *c;
  while (i > 0 && better(&t->v[(i - 1) / 2], &t->v[i], t->by_date)) {
    cand tmp = t->v[i];
    t->v[i] = t->v[(i - 1) / 2];
    t->v[(i - 1) / 2] = tmp;
    i = (i - 1) / 2;
  }
}

static cand topk_pop(topk *t) {
  cand worst = t->v[0];
  t->v[0] = t->v[--t->n];
  sift_down(t);
  return worst;
}

/* Speaker, document and date of one statement, for a row the column cache
 * has not seen. */
static int lookup_row(sq *s, int64_t id, int64_t *speaker, int64_t *doc, int64_t *date,
                      vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT coalesce(speaker_id, 0), doc_id, coalesce(date, 0)"
                         " FROM statements WHERE id = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading a statement");
  sqlite3_bind_int64(st, 1, id);
  *speaker = *doc = *date = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    *speaker = sqlite3_column_int64(st, 0);
    *doc = sqlite3_column_int64(st, 1);
    *date = sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  return VB_OK;
}

static int prepare(qc *c, const char *sql, sqlite3_stmt **st) {
  if (sqlite3_prepare_v2(c->s->db, sql, -1, st, NULL) == SQLITE_OK) return VB_OK;
  if (sqlite3_errcode(c->s->db) == SQLITE_ERROR)
    return vb_err_set(c->err, VB_EQUERY, "query", -1, "%s", sqlite3_errmsg(c->s->db));
  return db_err(c->s, c->err, "preparing search");
}

static int fetch_hit(qc *c, sqlite3_stmt *st, const cand *cd, vb_raw_results *res, int ranked) {
  vb_arena *a = c->a;
  sqlite3_bind_int64(st, 1, cd->id);
  int step = sqlite3_step(st);
  int rc = VB_OK;
  if (step == SQLITE_ROW) {
    vb_raw_hit *h = VB_VEC_PUSH(a, res->hits);
    if (!h) {
      rc = vb_err_set(c->err, VB_ENOMEM, c->s->path, -1, "out of memory");
    } else {
      memset(h, 0, sizeof *h);
      h->statement = cd->id;
      const unsigned char *hash = sqlite3_column_text(st, 0);
      snprintf(h->doc, sizeof h->doc, "%s", hash ? (const char *)hash : "");
      h->speaker = col_str(a, st, 1);
      h->kind = col_str(a, st, 2);
      h->text = col_str(a, st, 3);
      h->title = col_str(a, st, 4);
      h->series = col_str(a, st, 5);
      h->number = col_str(a, st, 6);
      h->date = col_str(a, st, 7);
      h->channel = col_str(a, st, 8);
      h->publisher = col_str(a, st, 9);
      h->language = col_str(a, st, 10);
      h->start = (uint32_t)sqlite3_column_int64(st, 11);
      h->end = (uint32_t)sqlite3_column_int64(st, 12);
      h->paragraph = sqlite3_column_int(st, 13);
      h->time.start = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 14);
      h->time.end = sqlite3_column_type(st, 15) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 15);
      h->index = (int32_t)sqlite3_column_int(st, 16);
      h->numbering = (int32_t)sqlite3_column_int(st, 17);
      h->score = ranked ? -cd->rank : 0;
    }
  } else if (step != SQLITE_DONE) {
    rc = db_err(c->s, c->err, "reading a hit");
  }
  sqlite3_reset(st);
  return rc;
}

static int name_facets(qc *c, const counter *cnt, const char *sql, vb_raw_results *res, int which) {
  size_t top[FACET_VALUES];
  size_t n = counter_top(cnt, FACET_VALUES, top);
  sqlite3_stmt *st;
  int rc = prepare(c, sql, &st);
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_bind_int64(st, 1, cnt->keys[top[i]]);
    if (sqlite3_step(st) == SQLITE_ROW) {
      vb_facet *f = VB_VEC_PUSH(c->a, res->facets[which]);
      if (!f) rc = vb_err_set(c->err, VB_ENOMEM, c->s->path, -1, "out of memory");
      else {
        f->value = col_str(c->a, st, 0);
        f->count = cnt->counts[top[i]];
      }
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

/* Searches before the column cache is worth loading. */
#define COLS_AFTER_SEARCHES 2

static int cols_grow(struct colcache *k, int64_t need) {
  if (need <= k->cap) return 0;
  int64_t cap = k->cap ? k->cap : 4096;
  while (cap < need) cap *= 2;
  int32_t **arr[4] = {&k->speaker, &k->doc, &k->date, &k->len};
  for (int i = 0; i < 4; i++) {
    int32_t *p = realloc(*arr[i], (size_t)cap * sizeof **arr[i]);
    if (!p) return -1;
    memset(p + k->cap, 0, (size_t)(cap - k->cap) * sizeof *p);
    *arr[i] = p;
  }
  k->cap = cap;
  return 0;
}

/* Loads statements added since the last call. Returns 1 when the cache
 * can serve this search, 0 when it is not (yet) in use, -1 on error. */
static int cols_refresh(sq *s) {
  struct colcache *k = &s->cols;
  if (++k->searches < COLS_AFTER_SEARCHES) return 0;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, coalesce(speaker_id, 0), doc_id, coalesce(date, 0),"
                         " end - start FROM statements WHERE id >= ?1 ORDER BY id",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, k->n);
  int rc = 1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    if (id >= INT32_MAX || cols_grow(k, id + 1)) {
      rc = -1;
      break;
    }
    k->speaker[id] = (int32_t)sqlite3_column_int64(st, 1);
    k->doc[id] = (int32_t)sqlite3_column_int64(st, 2);
    k->date[id] = (int32_t)sqlite3_column_int64(st, 3);
    k->len[id] = (int32_t)sqlite3_column_int64(st, 4);
    if (id + 1 > k->n) k->n = id + 1;
  }
  sqlite3_finalize(st);
  return rc;
}

/* vb_rank's statement length for a match, from the cache. */
static double cols_len(void *ctx, int64_t rowid) {
  const sq *s = ctx;
  return rowid >= 0 && rowid < s->cols.n ? (double)s->cols.len[rowid] : 0;
}

/* Every statement a query matches, in no set order: fn(ctx, statement,
 * speaker (0: none), date YYYYMMDD (0: none)). For views that count over
 * all matches (timeline, network). */
int vb_sq_each_match(sq *s, const vb_qnode *q, vb_arena *a, int64_t lo, int64_t hi,
                     int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date), void *ctx,
                     vb_err *err) {
  qc c;
  memset(&c, 0, sizeof c);
  c.s = s;
  c.a = a;
  c.err = err;
  vb_buf_init(&c.where, MAX_SQL_BYTES);
  vb_buf_init(&c.fts, MAX_SQL_BYTES);
  vb_buf_init(&c.key, 4096);
  vb_buf sql;
  vb_buf_init(&sql, MAX_SQL_BYTES);
  sqlite3_stmt *st = NULL;
  int rc = compile(&c, q);
  if (!rc && c.fts.len) {
    int p = add_param(&c, c.fts.ptr, c.fts.len);
    if (p < 0) rc = qerr(&c, q, "query too large");
    else
      vb_buf_printf(&sql,
                    "SELECT s.id, s.speaker_id, s.date FROM statements_fts f JOIN statements s"
                    " ON s.id = f.rowid%s WHERE statements_fts MATCH ?%d",
                    c.needs_doc ? " JOIN documents d ON d.id = s.doc_id" : "", p);
  } else if (!rc) {
    vb_buf_adds(&sql, "SELECT s.id, s.speaker_id, s.date FROM statements s"
                      " JOIN documents d ON d.id = s.doc_id WHERE 1");
  }
  if (!rc && c.where.len) vb_buf_printf(&sql, " AND %s", c.where.ptr);
  /* statement ids from lo to hi only (a batch being stored); the range is
   * ours, not the query's: numbers */
  if (!rc && hi) vb_buf_printf(&sql, " AND s.id BETWEEN %lld AND %lld", (long long)lo, (long long)hi);
  if (!rc && sql.failed) rc = qerr(&c, q, "query too large");
  if (!rc) rc = prepare(&c, sql.ptr, &st);
  if (!rc) {
    bind_params(&c, st);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
      rc = fn(ctx, sqlite3_column_int64(st, 0),
              sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1),
              sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2));
    if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "searching");
  }
  sqlite3_finalize(st);
  vb_buf_free(&c.where);
  vb_buf_free(&c.fts);
  vb_buf_free(&c.key);
  vb_buf_free(&sql);
  return rc;
}

static int sq_search(void *impl, const vb_qnode *q, const vb_search_opts *o, vb_arena *a,
                     vb_raw_results *res, vb_err *err) {
  sq *s = impl;
  qc c;
  memset(&c, 0, sizeof c);
  c.s = s;
  c.a = a;
  c.err = err;
  vb_buf_init(&c.where, MAX_SQL_BYTES);
  vb_buf_init(&c.fts, MAX_SQL_BYTES);
  vb_buf_init(&c.key, 4096);
  vb_buf sql;
  vb_buf_init(&sql, MAX_SQL_BYTES);
  sqlite3_stmt *st = NULL;
  int rc = compile(&c, q);
  int ranked = c.fts.len > 0;
  /* no SQL conditions: the cache gives speaker, document and date */
  int fast = !rc && ranked && !c.where.len ? cols_refresh(s) : 0;
  if (fast < 0) rc = db_err(s, err, "loading the column cache");
  if (!rc && fast > 0) {
    int p = add_param(&c, c.fts.ptr, c.fts.len);
    if (p < 0) rc = qerr(&c, q, "query too large");
    else
      vb_buf_printf(&sql, "SELECT rowid, %s FROM statements_fts WHERE statements_fts MATCH ?%d",
                    o->sort == VB_SORT_DATE ? "0" : "vb_rank(statements_fts)", p);
  } else if (!rc && ranked) {
    int p = add_param(&c, c.fts.ptr, c.fts.len);
    if (p < 0) rc = qerr(&c, q, "query too large");
    else
      vb_buf_printf(&sql,
                    "SELECT s.id, %s, s.speaker_id, s.doc_id, s.date"
                    " FROM statements_fts f JOIN statements s ON s.id = f.rowid%s"
                    " WHERE statements_fts MATCH ?%d",
                    /* by date, no score is needed at all */
                    o->sort == VB_SORT_DATE ? "0" : "vb_rank(statements_fts, s.end - s.start)",
                    c.needs_doc ? " JOIN documents d ON d.id = s.doc_id" : "", p);
  } else if (!rc) {
    vb_buf_adds(&sql, "SELECT s.id, 0, s.speaker_id, s.doc_id, s.date FROM statements s"
                      " JOIN documents d ON d.id = s.doc_id WHERE 1");
  }
  if (!rc && c.where.len) vb_buf_printf(&sql, " AND %s", c.where.ptr);
  if (!rc && sql.failed) rc = qerr(&c, q, "query too large");
  if (!rc) rc = prepare(&c, sql.ptr, &st);
  if (rc) goto out;
  bind_params(&c, st);
  size_t k = (size_t)(o->limit > 0 ? o->limit : 20) + (size_t)(o->offset > 0 ? o->offset : 0);
  int by_date = o->sort == VB_SORT_DATE || !ranked;
  topk top = {vb_arena_alloc(a, (k + 1) * sizeof(cand)), 0, k, by_date};
  counter speakers = {0}, months = {0}, docs = {0}, ents = {0};
  VB_VEC(int64_t) matched = {0}; /* entity facet: the statements it counts over */
  if (!top.v) {
    rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    goto out;
  }
  VB_VEC(cand) best = {0}; /* documents mode: best statement per document */
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    cand cd = {sqlite3_column_int64(st, 0), 0, 0, sqlite3_column_double(st, 1)};
    int64_t speaker = 0;
    if (fast > 0 && cd.id < s->cols.n) {
      cd.doc = s->cols.doc[cd.id];
      cd.date = s->cols.date[cd.id];
      speaker = s->cols.speaker[cd.id];
    } else if (fast > 0) {
      /* committed by another process after the cache was refreshed */
      if ((rc = lookup_row(s, cd.id, &speaker, &cd.doc, &cd.date, err))) goto out;
    } else {
      cd.doc = sqlite3_column_int64(st, 3);
      cd.date = sqlite3_column_int64(st, 4);
      speaker = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
    }
    size_t slot = 0;
    int oom = counter_add(a, &docs, cd.doc, 1, &slot);
    if (!oom && (o->facets & VB_FACET_SPEAKER) && speaker)
      oom = counter_add(a, &speakers, speaker, 1, NULL);
    if (!oom && (o->facets & VB_FACET_MONTH) && cd.date)
      oom = counter_add(a, &months, cd.date / 100, 1, NULL);
    if (!oom && (o->facets & VB_FACET_ENTITY) && matched.n < ENTITY_FACET_SAMPLE) {
      int64_t *mp = VB_VEC_PUSH(a, matched);
      if (mp) *mp = cd.id;
      else oom = 1;
    }
    if (oom) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      goto out;
    }
    if (!o->docs) {
      topk_push(&top, &cd);
      continue;
    }
    int64_t bi = docs.extra[slot];
    if (bi < 0) {
      cand *nb = VB_VEC_PUSH(a, best);
      if (!nb) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        goto out;
      }
      *nb = cd;
      docs.extra[slot] = (int64_t)(best.n - 1);
    } else if (better(&cd, &best.v[bi], by_date)) {
      best.v[bi] = cd;
    }
  }
  if (step != SQLITE_DONE) {
    rc = sqlite3_errcode(s->db) == SQLITE_ERROR
             ? vb_err_set(err, VB_EQUERY, "query", -1, "%s", sqlite3_errmsg(s->db))
             : db_err(s, err, "searching");
    goto out;
  }
  sqlite3_finalize(st);
  st = NULL;
  for (uint32_t i = 0; i < best.n; i++) topk_push(&top, &best.v[i]);
  res->total = o->docs ? (int64_t)docs.n : 0;
  if (!o->docs)
    for (size_t i = 0; i < docs.cap; i++)
      if (docs.keys[i] != INT64_MIN) res->total += docs.counts[i];
  /* the heap, best first: pop the worst into the last free place */
  size_t nhits = top.n;
  cand *sorted = vb_arena_alloc(a, (nhits + 1) * sizeof *sorted);
  if (!sorted) {
    rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    goto out;
  }
  for (size_t n = nhits; n > 0; n--) sorted[n - 1] = topk_pop(&top);
  rc = prepare(&c,
               "SELECT d.hash, (SELECT name FROM speakers WHERE id = s.speaker_id), s.kind, "
               STMT_TEXT ", d.title, d.series, d.number, d.date, d.channel, d.publisher,"
               " d.language, s.start, s.end, s.paragraph, s.t_start, s.t_end, s.idx,"
               " CASE WHEN EXISTS (SELECT 1 FROM statement_moves x WHERE x.doc_id = d.id) THEN d.parser ELSE 0 END"
               " FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.id = ?1",
               &st);
  for (size_t i = (size_t)(o->offset > 0 ? o->offset : 0); !rc && i < nhits; i++)
    rc = fetch_hit(&c, st, &sorted[i], res, ranked);
  sqlite3_finalize(st);
  st = NULL;
  if (!rc && (o->facets & VB_FACET_SPEAKER))
    rc = name_facets(&c, &speakers, "SELECT name FROM speakers WHERE id = ?1", res, 0);
  if (!rc && (o->facets & VB_FACET_MONTH)) {
    size_t topm[24];
    size_t n = counter_top(&months, 24, topm);
    for (size_t i = 0; i < n && !rc; i++) {
      vb_facet *f = VB_VEC_PUSH(a, res->facets[3]);
      char *m = vb_arena_alloc(a, 16);
      if (!f || !m) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
      int64_t ym = months.keys[topm[i]];
      snprintf(m, 16, "%04u-%02u", (unsigned)(ym / 100 % 10000), (unsigned)(ym % 100));
      f->value.ptr = m;
      f->value.len = 7;
      f->count = months.counts[topm[i]];
    }
  }
  if (!rc && (o->facets & VB_FACET_TAG)) {
    /* few tags overall: read them all and probe the matched documents;
     * else look up each matched document's tags */
    int scan_all = s->ntags <= (int64_t)docs.n;
    sqlite3_stmt *ts = NULL;
    VB_VEC(vb_facet) named = {0};
    if (s->ntags > 0)
      rc = prepare(&c, scan_all ? "SELECT key, doc_id FROM tags" : "SELECT key FROM tags WHERE doc_id = ?1", &ts);
    for (size_t i = 0; !rc && s->ntags > 0 && i < (scan_all ? 1 : docs.cap); i++) {
      if (!scan_all) {
        if (docs.keys[i] == INT64_MIN) continue;
        sqlite3_bind_int64(ts, 1, docs.keys[i]);
      }
      while (sqlite3_step(ts) == SQLITE_ROW) {
        int64_t weight;
        if (scan_all) {
          weight = counter_get(&docs, sqlite3_column_int64(ts, 1));
          if (!weight) continue;
        } else {
          weight = docs.counts[i];
        }
        const char *kt = (const char *)sqlite3_column_text(ts, 0);
        size_t kl = (size_t)sqlite3_column_bytes(ts, 0);
        uint32_t f;
        for (f = 0; f < named.n; f++)
          if (named.v[f].value.len == kl && memcmp(named.v[f].value.ptr, kt, kl) == 0) break;
        if (f == named.n) {
          vb_facet *nf = VB_VEC_PUSH(a, named);
          if (!nf) {
            rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
            break;
          }
          nf->value = col_str(a, ts, 0);
          nf->count = 0;
        }
        named.v[f].count += weight;
      }
      sqlite3_reset(ts);
    }
    sqlite3_finalize(ts);
    /* most frequent first, then shown with their stored spelling */
    for (uint32_t i = 1; i < named.n; i++)
      for (uint32_t j = i; j > 0 && named.v[j].count > named.v[j - 1].count; j--) {
        vb_facet tmp = named.v[j];
        named.v[j] = named.v[j - 1];
        named.v[j - 1] = tmp;
      }
    sqlite3_stmt *nm = NULL;
    if (!rc) rc = prepare(&c, "SELECT tag FROM tags WHERE key = ?1 LIMIT 1", &nm);
    for (uint32_t i = 0; !rc && i < named.n && i < FACET_VALUES; i++) {
      vb_facet *f = VB_VEC_PUSH(a, res->facets[2]);
      if (!f) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
      sqlite3_bind_text(nm, 1, named.v[i].value.ptr, (int)named.v[i].value.len, SQLITE_STATIC);
      f->value = sqlite3_step(nm) == SQLITE_ROW ? col_str(a, nm, 0) : named.v[i].value;
      f->count = named.v[i].count;
      sqlite3_reset(nm);
    }
    sqlite3_finalize(nm);
  }
  if (!rc && (o->facets & VB_FACET_ENTITY) && matched.n) {
    sqlite3_stmt *ms = NULL;
    rc = prepare(&c, "SELECT entity_id FROM mentions WHERE statement_id = ?1", &ms);
    for (uint32_t i = 0; !rc && i < matched.n; i++) {
      sqlite3_bind_int64(ms, 1, matched.v[i]);
      int64_t last = 0;
      while (!rc && sqlite3_step(ms) == SQLITE_ROW) {
        int64_t e = sqlite3_column_int64(ms, 0);
        if (e == last) continue; /* twice in one statement counts once */
        last = e;
        if (counter_add(a, &ents, e, 1, NULL)) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      }
      sqlite3_reset(ms);
    }
    sqlite3_finalize(ms);
    if (!rc) rc = name_facets(&c, &ents, "SELECT name FROM entities WHERE id = ?1", res, 1);
  }
out:
  sqlite3_finalize(st);
  vb_buf_free(&c.where);
  vb_buf_free(&c.fts);
  vb_buf_free(&c.key);
  vb_buf_free(&sql);
  return rc;
}

/* ---- reading ----------------------------------------------------------- */

static void json_escape(vb_buf *b, const char *t) {
  vb_buf_addc(b, '"');
  for (; t && *t; t++) {
    unsigned char ch = (unsigned char)*t;
    if (ch == '"' || ch == '\\') {
      vb_buf_addc(b, '\\');
      vb_buf_addc(b, (char)ch);
    } else if (ch < 0x20) {
      vb_buf_printf(b, "\\u%04x", ch);
    } else {
      vb_buf_addc(b, (char)ch);
    }
  }
  vb_buf_addc(b, '"');
}

static int sq_speakers_json(void *impl, char **json, vb_err *err) {
  sq *s = impl;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT sp.name, sp.role, sp.affiliation, sp.host,"
                         " (SELECT count(*) FROM doc_speakers x WHERE x.speaker_id = sp.id),"
                         " (SELECT count(*) FROM statements x WHERE x.speaker_id = sp.id) AS n"
                         " FROM speakers sp ORDER BY n DESC, sp.name",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "preparing speakers");
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_addc(&b, '[');
  int first = 1, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    vb_buf_adds(&b, first ? "\n" : ",\n");
    first = 0;
    vb_buf_adds(&b, "{\"name\":");
    json_escape(&b, (const char *)sqlite3_column_text(st, 0));
    if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
      vb_buf_adds(&b, ",\"role\":");
      json_escape(&b, (const char *)sqlite3_column_text(st, 1));
    }
    if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
      vb_buf_adds(&b, ",\"affiliation\":");
      json_escape(&b, (const char *)sqlite3_column_text(st, 2));
    }
    vb_buf_printf(&b, ",\"host\":%s,\"documents\":%lld,\"statements\":%lld}",
                  sqlite3_column_int(st, 3) ? "true" : "false",
                  (long long)sqlite3_column_int64(st, 4), (long long)sqlite3_column_int64(st, 5));
  }
  vb_buf_adds(&b, "\n]");
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) {
    vb_buf_free(&b);
    return db_err(s, err, "listing speakers");
  }
  if (b.failed) {
    vb_buf_free(&b);
    return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  }
  *json = vb_buf_detach(&b);
  return VB_OK;
}

static int scalar(sq *s, const char *sql, int64_t *out) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
  if (!rc) *out = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc;
}

static int sq_counts(void *impl, int64_t *docs, int64_t *speakers, int64_t *statements,
                     vb_err *err) {
  sq *s = impl;
  if (scalar(s, "SELECT count(*) FROM documents", docs) ||
      scalar(s, "SELECT count(*) FROM speakers", speakers) ||
      scalar(s, "SELECT count(*) FROM statements", statements))
    return db_err(s, err, "counting");
  return VB_OK;
}

static int sq_check(void *impl, int *problems, char **report, vb_err *err) {
  sq *s = impl;
  *problems = 0;
  *report = NULL;
  int rc = sq_flush(s, err);
  if (rc) return rc;
  vb_buf b;
  vb_buf_init(&b, 0);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(st, 0);
      if (t && strcmp(t, "ok") != 0) {
        vb_buf_printf(&b, "sqlite: %s\n", t);
        (*problems)++;
      }
    }
    sqlite3_finalize(st);
  } else {
    vb_buf_printf(&b, "sqlite: cannot run integrity_check: %s\n", sqlite3_errmsg(s->db));
    (*problems)++;
  }
  static const struct {
    const char *what, *sql;
  } inv[] = {
      {"statements without their document",
       "SELECT count(*) FROM statements s LEFT JOIN documents d ON d.id = s.doc_id"
       " WHERE d.id IS NULL"},
      {"statements with an unknown speaker",
       "SELECT count(*) FROM statements s WHERE s.speaker_id IS NOT NULL AND"
       " NOT EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = s.speaker_id)"},
      {"turns without their document",
       "SELECT count(*) FROM turns t WHERE NOT EXISTS"
       " (SELECT 1 FROM documents d WHERE d.id = t.doc_id)"},
      {"documents whose statement count disagrees",
       "SELECT count(*) FROM documents d WHERE d.nstatements !="
       " (SELECT count(*) FROM statements s WHERE s.doc_id = d.id)"},
      {"statements whose span is outside their document",
       "SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id"
       " WHERE s.start > s.end OR s.end > length(CAST(d.body AS BLOB))"},
      /* row by row, not by counts: one statement missing from the index
       * and one index row left from a deleted statement balance out */
      {"statements missing from the full-text index",
       "SELECT count(*) FROM statements s WHERE NOT EXISTS"
       " (SELECT 1 FROM statements_fts_docsize f WHERE f.id = s.id)"},
      {"full-text rows whose statement is gone",
       "SELECT count(*) FROM statements_fts_docsize f WHERE NOT EXISTS"
       " (SELECT 1 FROM statements s WHERE s.id = f.id)"},
      /* permalinks (/d/{doc}#s{n}) and alerts name a statement by its index */
      {"documents whose statements are not numbered 0 to n-1",
       "SELECT count(*) FROM (SELECT doc_id FROM statements GROUP BY doc_id"
       " HAVING min(idx) != 0 OR max(idx) != count(*) - 1 OR count(DISTINCT idx) != count(*))"},
      {"statements in a turn their document does not have",
       "SELECT count(*) FROM statements s WHERE s.turn IS NOT NULL AND NOT EXISTS"
       " (SELECT 1 FROM turns t WHERE t.doc_id = s.doc_id AND t.idx = s.turn)"},
      {"document speakers without their document or speaker",
       "SELECT count(*) FROM doc_speakers x WHERE"
       " NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id) OR"
       " NOT EXISTS (SELECT 1 FROM speakers sp WHERE sp.id = x.speaker_id)"},
      {"speaker names that lead nowhere",
       "SELECT count(*) FROM speaker_keys k WHERE NOT EXISTS"
       " (SELECT 1 FROM speakers sp WHERE sp.id = k.speaker_id)"},
      {"tags or entity roles without their document",
       "SELECT (SELECT count(*) FROM tags t WHERE NOT EXISTS"
       " (SELECT 1 FROM documents d WHERE d.id = t.doc_id)) +"
       " (SELECT count(*) FROM doc_entities x WHERE NOT EXISTS"
       " (SELECT 1 FROM documents d WHERE d.id = x.doc_id))"},
      {"alerts whose watch or statement is gone",
       "SELECT count(*) FROM alerts a WHERE"
       " NOT EXISTS (SELECT 1 FROM watches w WHERE w.id = a.watch_id) OR"
       " NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = a.statement_id)"},
      {"mentions of an unknown entity or statement",
       "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id ="
       " m.entity_id) OR NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = m.statement_id)"},
      {"mentions outside their statement",
       "SELECT count(*) FROM mentions m JOIN statements s ON s.id = m.statement_id"
       " WHERE m.start < s.start OR m.end > s.end"},
      {"spellings that lead nowhere",
       "SELECT count(*) FROM entity_aliases a WHERE NOT EXISTS"
       " (SELECT 1 FROM entities e WHERE e.id = a.entity_id)"},
  };
  for (size_t i = 0; i < sizeof inv / sizeof *inv; i++) {
    int64_t n = 0;
    if (scalar(s, inv[i].sql, &n)) {
      vb_buf_printf(&b, "cannot check %s: %s\n", inv[i].what, sqlite3_errmsg(s->db));
      (*problems)++;
    } else if (n) {
      vb_buf_printf(&b, "%lld %s\n", (long long)n, inv[i].what);
      (*problems)++;
    }
  }
  char *msg = NULL;
  if (sqlite3_exec(s->db, "INSERT INTO statements_fts(statements_fts) VALUES('integrity-check')",
                   NULL, NULL, &msg) != SQLITE_OK) {
    vb_buf_printf(&b, "full-text index: %s\n", msg ? msg : "corrupt");
    (*problems)++;
  }
  sqlite3_free(msg);
  if (b.failed) {
    vb_buf_free(&b);
    return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  }
  *report = vb_buf_detach(&b);
  return VB_OK;
}

static int sq_entities_json(void *impl, const char *filter, int type, int limit,
                            const vb_lexicon *lx, char **json, vb_err *err) {
  return vb_sq_entities_json(impl, filter, type, limit, lx, json, err);
}
static int sq_entity_json(void *impl, const char *name, const vb_lexicon *lx, char **json,
                          vb_err *err) {
  return vb_sq_entity_json(impl, name, lx, json, err);
}
static int sq_entity_fix(void *impl, vb_fix op, const char *a, const char *const *args,
                         size_t nargs, const vb_lexicon *lx, vb_err *err) {
  int rc = sq_flush(impl, err);
  return rc ? rc : vb_sq_entity_fix(impl, op, a, args, nargs, lx, err);
}
static int sq_corrections(void *impl, int (*fn)(void *, int, const char *, const char *), void *ctx,
                          vb_err *err) {
  return vb_sq_corrections(impl, fn, ctx, err);
}

static int sq_each_match_all(void *impl, const vb_qnode *q,
                             int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date), void *ctx, vb_err *err) {
  sq *s = impl;
  int rc = sq_flush(s, err);
  vb_arena *a = rc ? NULL : vb_arena_new((size_t)64 << 20);
  if (!rc && !a) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  if (!rc) rc = vb_sq_each_match(s, q, a, 0, 0, fn, ctx, err);
  vb_arena_free(a);
  return rc;
}
static int sq_speaker_name(void *impl, int64_t id, char **name, vb_err *err) {
  sq *s = impl;
  *name = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT name FROM speakers WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading a speaker");
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) *name = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return VB_OK;
}
static int sq_mentions_of(void *impl, const int64_t *stmts, size_t n,
                          int (*fn)(void *ctx, size_t i, int64_t entity), void *ctx, vb_err *err) {
  sq *s = impl;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT entity_id FROM mentions WHERE statement_id = ?1", -1, &st, NULL) !=
      SQLITE_OK)
    return db_err(s, err, "reading mentions");
  int rc = VB_OK, step = SQLITE_DONE;
  for (size_t i = 0; !rc && i < n; i++) {
    sqlite3_bind_int64(st, 1, stmts[i]);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) rc = fn(ctx, i, sqlite3_column_int64(st, 0));
    if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "reading mentions");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}
static int sq_context_of(void *impl, const int64_t *stmts, size_t n, int width,
                         int (*fn)(void *ctx, size_t i, int rel, const char *text, size_t len), void *ctx,
                         vb_err *err) {
  sq *s = impl;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT x.idx - s.idx, CAST(substr(CAST(d.body AS BLOB), x.start + 1, x.end - x.start) AS TEXT)"
                         " FROM statements s JOIN statements x ON x.doc_id = s.doc_id"
                         " JOIN documents d ON d.id = s.doc_id"
                         " WHERE s.id = ?1 AND x.idx BETWEEN s.idx - ?2 AND s.idx + ?2 AND x.idx <> s.idx"
                         " AND x.turn IS s.turn AND x.kind = s.kind ORDER BY x.idx",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading a hit's context");
  int rc = VB_OK, step = SQLITE_DONE;
  sqlite3_bind_int(st, 2, width);
  for (size_t i = 0; !rc && i < n; i++) {
    sqlite3_bind_int64(st, 1, stmts[i]);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
    {
      const char *t = (const char *)sqlite3_column_text(st, 1);
      rc = fn(ctx, i, sqlite3_column_int(st, 0), t ? t : "", t ? (size_t)sqlite3_column_bytes(st, 1) : 0);
    }
    if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "reading a hit's context");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}
static int sq_overview(void *impl, int latest, int (*fn)(void *ctx, int part, const char *const *cols, int n),
                       void *ctx, vb_err *err) {
  sq *s = impl;
  int rc = VB_OK;
  for (int part = VB_OV_TOTALS; !rc && part <= VB_OV_LATEST; part++) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, vb_overview_sql[part], -1, &st, NULL) != SQLITE_OK)
      return db_err(s, err, "reading the overview");
    sqlite3_bind_int(st, 1, latest);
    int step, n = sqlite3_column_count(st);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
      const char *cols[8];
      for (int i = 0; i < n && i < 8; i++) cols[i] = (const char *)sqlite3_column_text(st, i);
      rc = fn(ctx, part, cols, n < 8 ? n : 8);
    }
    if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "reading the overview");
    sqlite3_finalize(st);
  }
  return rc;
}
static int sq_entity_name(void *impl, int64_t id, char **name, char **type, vb_err *err) {
  sq *s = impl;
  *name = *type = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT name, type FROM entities WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading an entity");
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *name = strdup((const char *)sqlite3_column_text(st, 0));
    *type = strdup(sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
  }
  sqlite3_finalize(st);
  if (*name && *type) return VB_OK;
  free(*name);
  free(*type);
  *name = *type = NULL;
  return VB_OK;
}

static int sq_watch_put(void *impl, const char *name, const char *query, const char *sink, int anchored,
                        vb_err *err) {
  int rc = sq_flush(impl, err);
  return rc ? rc : vb_sq_watch_put(impl, name, query, sink, anchored, err);
}
static int sq_watch_rm(void *impl, const char *name, vb_err *err) { return vb_sq_watch_rm(impl, name, err); }
static int sq_watches_json(void *impl, char **json, vb_err *err) { return vb_sq_watches_json(impl, json, err); }
static int sq_alerts_json(void *impl, const vb_alert_filter *f, char **json, vb_err *err) {
  int rc = sq_flush(impl, err);
  return rc ? rc : vb_sq_alerts_json(impl, f, json, err);
}
static int sq_alerts_claim(void *impl, int64_t claim, int stale, size_t *n, vb_err *err) {
  int rc = sq_flush(impl, err);
  return rc ? rc : vb_sq_alerts_claim(impl, claim, stale, n, err);
}
static int sq_alerts_release(void *impl, int64_t claim, vb_err *err) {
  return vb_sq_alerts_release(impl, claim, err);
}
static int sq_alerts_last(void *impl, int64_t *id, vb_err *err) {
  int rc = sq_flush(impl, err);
  return rc ? rc : vb_sq_alerts_last(impl, id, err);
}
static int sq_alerts_delivered(void *impl, const int64_t *ids, size_t n, const char *dead, vb_err *err) {
  return vb_sq_alerts_delivered(impl, ids, n, dead, err);
}

/* A read past the deadline is interrupted (SQLITE_INTERRUPT); checked
 * every hundred virtual-machine steps (a clock read each: about 2% of a
 * search's time, and only while a deadline is set). A step inside FTS5
 * (one xFilter) is not cut, but the rows it yields are. */
static int past_deadline(void *ctx) {
  sq *s = ctx;
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

static int sq_deadline_passed(void *impl) { return ((sq *)impl)->interrupted; }

/* Changes since this connection opened: others' commits (data_version)
 * plus its own writes (total_changes). Equal twice: nothing changed. */
static int sq_version(void *impl, int64_t *v, vb_err *err) {
  sq *s = impl;
  int64_t dv = 0;
  if (scalar(s, "PRAGMA data_version", &dv)) return db_err(s, err, "reading data_version");
  *v = dv * 1000003 + (int64_t)sqlite3_total_changes64(s->db);
  return VB_OK;
}

const vb_store_ops vb_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .put = sq_put,
    .flush = sq_flush,
    .search = sq_search,
    .speakers_json = sq_speakers_json,
    .check = sq_check,
    .counts = sq_counts,
    .entities_json = sq_entities_json,
    .entity_json = sq_entity_json,
    .entity_fix = sq_entity_fix,
    .corrections = sq_corrections,
    .each_match = sq_each_match_all,
    .speaker_name = sq_speaker_name,
    .mentions_of = sq_mentions_of,
    .context_of = sq_context_of,
    .overview = sq_overview,
    .entity_name = sq_entity_name,
    .watch_put = sq_watch_put,
    .watch_rm = sq_watch_rm,
    .watches_json = sq_watches_json,
    .alerts_json = sq_alerts_json,
    .alerts_delivered = sq_alerts_delivered,
    .alerts_last = sq_alerts_last,
    .alerts_claim = sq_alerts_claim,
    .alerts_release = sq_alerts_release,
    .version = sq_version,
    .sql = &vs_sqlite_driver,
    .unindex = sq_unindex,
    .put_parse = sq_put_parse,
    .deadline = sq_deadline,
    .deadline_passed = sq_deadline_passed,
};
