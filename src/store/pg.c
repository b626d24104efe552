/* pg — the archive in PostgreSQL, over libpq, for teams: several ingest
 * processes and servers on one database. The schema follows the SQLite
 * backend's concepts; full text is a tsvector column built from verbatim's
 * own analysis (the tokens the SQLite index holds, at their positions),
 * indexed with GIN, so both backends find the same statements.
 *
 * Documents are stored a batch to a transaction, a savepoint each
 * (pg_put): unique keys make a second ingester's copy of the same
 * document or speaker a no-op (ON CONFLICT), and a document that loses a
 * deadlock or a serialization race is tried again. Every value travels as a parameter;
 * SQL text holds only numbers verbatim itself made.
 *
 * What the archive does with the rows is written once for both backends
 * over pg_sql.c's driver (store.h): watches match each document inside
 * its savepoint (matching.c); search, listings, entities and analysts'
 * corrections, watches and alerts, the views (search.c, listings.c,
 * entities.c, alerts.c, views.c). A correction runs in one transaction
 * that excludes ingest (an advisory lock each batch takes shared), so
 * a document is stored wholly before or wholly after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "core/arena.h"
#include "core/dynlib.h"
#include "extract/extract.h"
#include "store/compile.h"
#include "store/pg_int.h"
#include "analyze/analyze.h"

#define SCHEMA_VERSION 8
/* A transaction that lost a deadlock or a serialization race is tried
 * again this many times. */
#define RETRIES 5
/* A batch of documents commits after this many documents or bytes of
 * body (pg_put): the fixed statements of a transaction shared, a crash
 * losing little work, row locks on new speakers and entities held a
 * short while. */
#define BATCH_DOCS 64
#define BATCH_BYTES ((size_t)16 << 20)
/* ... or after this many seconds of the batch's transaction: a
 * correction (which takes the batch's lock exclusively) waits for the
 * open batch to commit, and a batch of 64 long speeches on a loaded
 * machine held it 13-24 s (bench/RESULTS.md, issue 18). */
#define BATCH_SECONDS 1.0
/* Rows per multi-row INSERT: 13 parameters each stays far below
 * PostgreSQL's 65,535. */
/* Positions a tsvector can hold (PostgreSQL caps them at 16,383). */
#define MAX_POSITION 16383

static const char *const schema_v1[] = {
    "CREATE TABLE documents(id bigserial PRIMARY KEY, hash text NOT NULL UNIQUE, path text,"
    " format text NOT NULL, title text, publisher text, series text, series_key text, number text,"
    " published text, aired text, date text, channel text, channel_key text, language text,"
    " nstatements integer NOT NULL, body text NOT NULL, source bytea,"
    " ingested timestamptz NOT NULL DEFAULT now())",
    "CREATE INDEX documents_number ON documents(number)",
    "CREATE TABLE speakers(id bigserial PRIMARY KEY, name text NOT NULL, key text NOT NULL UNIQUE,"
    " role text, affiliation text, host integer NOT NULL DEFAULT 0)",
    "CREATE TABLE speaker_keys(key text NOT NULL, speaker_id bigint NOT NULL REFERENCES speakers(id),"
    " PRIMARY KEY(key, speaker_id))",
    "CREATE TABLE doc_speakers(doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " local text NOT NULL, speaker_id bigint NOT NULL REFERENCES speakers(id), role text,"
    " affiliation text, host integer NOT NULL, PRIMARY KEY(doc_id, local))",
    "CREATE INDEX doc_speakers_speaker ON doc_speakers(speaker_id)",
    "CREATE TABLE tags(key text NOT NULL, doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " tag text NOT NULL, PRIMARY KEY(key, doc_id))",
    "CREATE INDEX tags_doc ON tags(doc_id)",
    "CREATE TABLE turns(doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " idx integer NOT NULL, speaker_id bigint REFERENCES speakers(id), section integer,"
    " start integer NOT NULL, \"end\" integer NOT NULL, t_start double precision,"
    " t_end double precision, PRIMARY KEY(doc_id, idx))",
    /* date (YYYYMMDD) and lang are the document's, copied so a search
     * reads one row per match; tsv is verbatim's analysis of the text */
    "CREATE TABLE statements(id bigserial PRIMARY KEY,"
    " doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx integer NOT NULL,"
    " speaker_id bigint REFERENCES speakers(id), kind text NOT NULL, turn integer, paragraph integer,"
    " start integer NOT NULL, \"end\" integer NOT NULL, t_start double precision, t_end double precision,"
    " date integer, lang text, tsv tsvector NOT NULL, UNIQUE(doc_id, idx))",
    VS_SPEAKER_INDEX,
    "CREATE INDEX statements_tsv ON statements USING gin(tsv)",
};

/* v2: standing queries and their alerts, once per (watch, statement). */
static const char *const schema_v2[] = {
    "CREATE TABLE watches(id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, query text NOT NULL,"
    " sink text NOT NULL, anchored integer NOT NULL,"
    " created text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
    "CREATE TABLE alerts(id bigserial PRIMARY KEY,"
    " watch_id bigint NOT NULL REFERENCES watches(id) ON DELETE CASCADE,"
    " statement_id bigint NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    " at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    /* 0 pending, 1 delivered, 2 dead; claim: the deliverer holding it */
    " delivered integer NOT NULL DEFAULT 0, error text, claim bigint, claimed_at bigint,"
    " UNIQUE(watch_id, statement_id))",
    "CREATE INDEX alerts_pending ON alerts(delivered, id)",
};

/* v3: entities archive-wide with every spelling, their mentions per
 * statement, per-document roles, and analysts' corrections. */
static const char *const schema_v3[] = {
    "CREATE TABLE entities(id bigserial PRIMARY KEY, name text NOT NULL, key text NOT NULL UNIQUE, type text,"
    " speaker_id bigint REFERENCES speakers(id))",
    "CREATE TABLE entity_aliases(key text NOT NULL, entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
    " surface text NOT NULL, manual integer NOT NULL DEFAULT 0, PRIMARY KEY(key, entity_id))",
    "CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id)",
    "CREATE TABLE entity_rejects(key text PRIMARY KEY, surface text NOT NULL)",
    "CREATE TABLE doc_entities(doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE, role text,"
    " mentions integer NOT NULL DEFAULT 0, PRIMARY KEY(doc_id, entity_id))",
    "CREATE INDEX doc_entities_entity ON doc_entities(entity_id)",
    "CREATE TABLE mentions(entity_id bigint NOT NULL REFERENCES entities(id),"
    " statement_id bigint NOT NULL REFERENCES statements(id) ON DELETE CASCADE,"
    " start integer NOT NULL, \"end\" integer NOT NULL, PRIMARY KEY(entity_id, statement_id, start))",
    "CREATE INDEX mentions_statement ON mentions(statement_id)",
    "CREATE TABLE corrections(id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), op text NOT NULL,"
    " a text NOT NULL, b text)",
};

/* v4: each mention keeps its spelling's key (vb_entity_key of the text it
 * covers), so a correction finds every mention spelled a given way (as
 * SQLite's mentions do since). Mentions stored before have none until
 * the first correction fills them in (pg_entities.c), which the partial
 * index finds at once. */
static const char *const schema_v4[] = {
    "ALTER TABLE mentions ADD COLUMN key text",
    "CREATE INDEX mentions_key ON mentions(key)",
    "CREATE INDEX mentions_unkeyed ON mentions(statement_id) WHERE key IS NULL",
};

/* v5: versioned parses, as SQLite's schema 6 (sqlite.c says why). */
static const char *const schema_v5[] = {
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS parser integer NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS documents_parser ON documents(parser)",
    ("CREATE TABLE IF NOT EXISTS statement_moves(doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
     " version integer NOT NULL, idx integer NOT NULL, new_idx integer, PRIMARY KEY(doc_id, version, idx))"),
};

#define STR_(x) #x
#define STR(x) STR_(x)
/* v6: the version of the text analysis the tsvectors hold (an archive
 * indexed before has version 1), the documents' languages at hand */
static const char *const schema_v6[] = {
    "CREATE TABLE IF NOT EXISTS verbatim_analysis(version integer NOT NULL)",
    "INSERT INTO verbatim_analysis SELECT CASE WHEN EXISTS(SELECT 1 FROM statements) THEN 1 ELSE " STR(AN_VERSION)
    " END WHERE NOT EXISTS(SELECT 1 FROM verbatim_analysis)",
    "CREATE INDEX IF NOT EXISTS documents_language ON documents(language)",
};

int vb_pg_err(pg *p, vb_err *err, const char *what, const PGresult *r) {
  /* every failure comes here with its SQLSTATE read, the driver's too */
  if (!strcmp(p->sqlstate, "57014")) p->timed_out = 1; /* query_canceled: the deadline */
  const char *m = r ? PQresultErrorMessage(r) : NULL;
  if (!m || !*m) m = PQerrorMessage(p->c);
  char msg[512];
  snprintf(msg, sizeof msg, "%s", m ? m : "?");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  return vb_err_set(err, VB_ESTORE, p->uri, -1, "%s: %s", what, msg);
}

/* A command's answer r: kept in *out (or cleared) when it succeeded, else
 * the failure in err and its SQLSTATE in p->sqlstate (retryable). commit:
 * r answers a COMMIT, which a transaction that failed answers with
 * ROLLBACK, not an error. */
static int answered(pg *p, PGresult *r, int commit, PGresult **out, vb_err *err, const char *what) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  int rolled_back = commit && st == PGRES_COMMAND_OK && !strcmp(PQcmdStatus(r), "ROLLBACK");
  if ((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) && !rolled_back) {
    if (out) *out = r;
    else PQclear(r);
    return VB_OK;
  }
  const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  snprintf(p->sqlstate, sizeof p->sqlstate, "%s", code ? code : "");
  int rc = rolled_back ? vb_err_set(err, VB_ESTORE, p->uri, -1, "%s: the transaction was rolled back", what)
                       : vb_pg_err(p, err, what, r);
  PQclear(r);
  return rc;
}

static int run(pg *p, const char *sql, int n, const char *const *values, const int *lens, const int *fmts,
               PGresult **out, vb_err *err, const char *what) {
  if (out) *out = NULL;
  p->sqlstate[0] = '\0';
  p->sent++;
  return answered(p, vb_pg_after_ahead(p, sql, n, values, lens, fmts), 0, out, err, what);
}

int vb_pg_exec(pg *p, const char *sql, int n, const char *const *values, PGresult **out, vb_err *err,
               const char *what) {
  return run(p, sql, n, values, NULL, NULL, out, err, what);
}

/* Did the last failure lose a deadlock ("40P01") or a serialization
 * race ("40001")? Then the transaction is worth trying again. */
static int retryable(const pg *p) { return !strcmp(p->sqlstate, "40P01") || !strcmp(p->sqlstate, "40001"); }

/* ---- open, schema, close ---------------------------------------------------- */

/* The address without a password, for messages. */
static void shown_uri(const char *uri, char *out, size_t cap) {
  const char *at = strchr(uri, '@'), *scheme = strstr(uri, "://");
  if (scheme && at && at > scheme) {
    const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
    if (colon) {
      snprintf(out, cap, "%.*s:***%s", (int)(colon - uri), uri, at);
      return;
    }
  }
  snprintf(out, cap, "%s", uri);
}

/* The speaker index with the statements' kind (store.h), tested on the
 * index's own columns; made again once on the primary for an archive
 * whose index lacks it (a replica reads with the index it is given). Its
 * own transaction, after the schema's, by one process at a time. */
static int speaker_index(pg *p, vb_err *err) {
  static const char has[] = "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid ="
                            " to_regclass('statements_speaker') AND attname = 'kind')";
  PGresult *r;
  int rc = vb_pg_exec(p, has, 0, NULL, &r, err, "reading the schema");
  int yes = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (rc || yes) return rc;
  rc = vb_pg_exec(p, "SELECT pg_is_in_recovery()", 0, NULL, &r, err, "reading the schema");
  int standby = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (rc || standby) return rc;
  rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "making the speaker index");
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_MIGRATE_LOCK ")", 0, NULL, NULL, err, "migrating");
  if (!rc) rc = vb_pg_exec(p, has, 0, NULL, &r, err, "reading the schema");
  yes = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  if (!rc) PQclear(r);
  if (!rc && !yes) rc = vb_pg_exec(p, VS_SPEAKER_INDEX_DROP, 0, NULL, NULL, err, "making the speaker index");
  if (!rc && !yes) rc = vb_pg_exec(p, VS_SPEAKER_INDEX, 0, NULL, NULL, err, "making the speaker index");
  if (rc) {
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    return rc;
  }
  return vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "making the speaker index");
}

/* The schema version, 0 when there is none yet. */
static int schema_version(pg *p, int *version, vb_err *err) {
  PGresult *r;
  *version = 0;
  int rc = vb_pg_exec(p, "SELECT to_regclass('verbatim_schema') IS NOT NULL", 0, NULL, &r, err, "reading the schema");
  int exists = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (rc || !exists) return rc;
  rc = vb_pg_exec(p, "SELECT coalesce(max(version), 0) FROM verbatim_schema", 0, NULL, &r, err, "reading the schema");
  if (!rc) *version = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return rc;
}

/* The watch generation (store.h), tested on the table itself: no schema
 * number, so it collides with none that other work adds. */
/* A yes-or-no question about the schema: sql answers one boolean. */
static int schema_says(pg *p, const char *sql, int *yes, vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p, sql, 0, NULL, &r, err, "reading the schema");
  *yes = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  return rc;
}

static int has_watch_generation(pg *p, int *yes, vb_err *err) {
  return schema_says(p, "SELECT to_regclass('watch_generation') IS NOT NULL", yes, err);
}

/* The statements counted beside the mentions (store.h), tested on the
 * column itself. */
static int has_entity_counts(pg *p, int *yes, vb_err *err) {
  /* the catalogue itself: information_schema's view costs milliseconds per open */
  return schema_says(p,
                     "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('doc_entities')"
                     " AND attname = 'statements' AND NOT attisdropped)",
                     yes, err);
}

/* (and the entities' totals, summed again from them) */
static const char *const entity_counts[] = {VS_ENTITY_COUNTS_COLUMN, VS_ENTITY_COUNTS_RESET, VS_ENTITY_COUNTS_FILL,
                                            VS_ENTITY_TOTALS_TABLE(""), VS_ENTITY_TOTALS_INDEX,
                                            "DELETE FROM entity_totals", VS_ENTITY_TOTALS_FILL};

/* Quote families (families.c), tested on fingerprint_state itself. */
static int has_fingerprints(pg *p, int *yes, vb_err *err) {
  return schema_says(p, "SELECT to_regclass('" VS_FINGERPRINT_TEST "') IS NOT NULL", yes, err);
}

static const char *const fingerprints[] = {
    VS_FINGERPRINT_TABLE("fingerprints", "bigint", "smallint", "bytea"),
    VS_FINGERPRINT_FAMILY_INDEX,
    VS_FINGERPRINT_STATE,
    VS_FINGERPRINT_STATE_FILL,
};

/* Band keys in sixteen columns made one blob (store.h): each key eight
 * hex digits, big-endian, as vs_bands_encode writes them. */
#define HEX8(b) "lpad(to_hex(" b "), 8, '0')"
static const char *const fingerprint_bands[] = {
    "ALTER TABLE fingerprints ADD COLUMN bands bytea",
    "UPDATE fingerprints SET bands = decode(" HEX8("b0") "||" HEX8("b1") "||" HEX8("b2") "||" HEX8("b3") "||" HEX8("b4")
    "||" HEX8("b5") "||" HEX8("b6") "||" HEX8("b7") "||" HEX8("b8") "||" HEX8("b9") "||" HEX8("b10") "||" HEX8("b11")
    "||" HEX8("b12") "||" HEX8("b13") "||" HEX8("b14") "||" HEX8("b15") ", 'hex')",
    "ALTER TABLE fingerprints ALTER COLUMN bands SET NOT NULL, DROP COLUMN b0, DROP COLUMN b1, DROP COLUMN b2,"
    " DROP COLUMN b3, DROP COLUMN b4, DROP COLUMN b5, DROP COLUMN b6, DROP COLUMN b7, DROP COLUMN b8, DROP COLUMN b9,"
    " DROP COLUMN b10, DROP COLUMN b11, DROP COLUMN b12, DROP COLUMN b13, DROP COLUMN b14, DROP COLUMN b15",
};

static int has_fingerprint_bands(pg *p, int *yes, vb_err *err) {
  return schema_says(p,
                     "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('fingerprints')"
                     " AND attname = 'bands' AND NOT attisdropped)",
                     yes, err);
}

/* The MinHash scheme of the keys kept (store.h). */
static const char *const fingerprint_scheme[] = {VS_FINGERPRINT_SCHEME_COLUMN, VS_FINGERPRINT_SCHEME_FILL};

static int has_fingerprint_scheme(pg *p, int *yes, vb_err *err) {
  return schema_says(p,
                     "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('fingerprint_state')"
                     " AND attname = 'scheme' AND NOT attisdropped)",
                     yes, err);
}

/* Founders' word pairs kept in their rows (store.h). */
static int has_fingerprint_pairs(pg *p, int *yes, vb_err *err) {
  return schema_says(p,
                     "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('fingerprints')"
                     " AND attname = 'pairs' AND NOT attisdropped)",
                     yes, err);
}

/* The family index of the members only (store.h), tested on the index's
 * own condition. */
static int has_family_members_index(pg *p, int *yes, vb_err *err) {
  return schema_says(p,
                     "SELECT EXISTS(SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('fingerprints_family')"
                     " AND indpred IS NOT NULL)",
                     yes, err);
}

static const char *const family_members_index[] = {"DROP INDEX IF EXISTS fingerprints_family",
                                                   VS_FINGERPRINT_FAMILY_INDEX};

/* A document's fingerprints in one row (store.h). */
static int has_fingerprint_blocks(pg *p, int *yes, vb_err *err) {
  return schema_says(p, "SELECT to_regclass('fingerprint_blocks') IS NOT NULL", yes, err);
}

static const char *const fingerprint_blocks[] = {VS_FINGERPRINT_BLOCKS("bigint", "bytea"), VS_FINGERPRINT_BLOCKS_INDEX};

/* The documents' parses kept to be served without a parse (record.c). */
static int has_doc_records(pg *p, int *yes, vb_err *err) {
  return schema_says(p, "SELECT to_regclass('doc_records') IS NOT NULL AND to_regclass('record_fixes') IS NOT NULL",
                     yes, err);
}

static int migrate(pg *p, vb_err *err) {
  int version, has_gen = 0, has_counts = 0, has_fp = 0, has_bands = 0, has_scheme = 0, has_pairs = 0, has_members = 0,
      has_records = 0, has_blocks = 0;
  int rc = schema_version(p, &version, err);
  if (!rc && version == SCHEMA_VERSION) rc = has_watch_generation(p, &has_gen, err);
  if (!rc && version == SCHEMA_VERSION && has_gen) rc = has_entity_counts(p, &has_counts, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts) rc = has_fingerprints(p, &has_fp, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts && has_fp) rc = has_fingerprint_bands(p, &has_bands, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts && has_fp && has_bands)
    rc = has_fingerprint_scheme(p, &has_scheme, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts && has_fp && has_bands && has_scheme)
    rc = has_fingerprint_pairs(p, &has_pairs, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts && has_fp && has_bands && has_scheme && has_pairs)
    rc = has_family_members_index(p, &has_members, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts && has_fp && has_bands && has_scheme && has_pairs &&
      has_members)
    rc = has_doc_records(p, &has_records, err);
  if (!rc && version == SCHEMA_VERSION && has_gen && has_counts && has_fp && has_bands && has_scheme && has_pairs &&
      has_members && has_records)
    rc = has_fingerprint_blocks(p, &has_blocks, err);
  if (rc || (version == SCHEMA_VERSION && has_gen && has_counts && has_fp && has_bands && has_scheme && has_pairs &&
             has_members && has_records && has_blocks))
    return rc; /* the usual case: no writing at all */
  if (version > SCHEMA_VERSION)
    return vb_err_set(err, VB_ESTORE, p->uri, -1, "archive schema version %d is newer than this verbatim (%d)",
                      version, SCHEMA_VERSION);
  PGresult *r;
  rc = vb_pg_exec(p, "SELECT pg_is_in_recovery()", 0, NULL, &r, err, "migrating");
  int standby = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (!rc && standby)
    return vb_err_set(err, VB_ESTORE, p->uri, -1,
                      "a read-only replica without verbatim's schema (version %d): open the primary first", version);
  if (!rc) rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "migrating");
  /* one process migrates; the others wait here and find it done */
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_MIGRATE_LOCK ")", 0, NULL, NULL, err, "migrating");
  if (!rc)
    rc = vb_pg_exec(p, "CREATE TABLE IF NOT EXISTS verbatim_schema(version integer NOT NULL)", 0, NULL, NULL, err,
                    "migrating");
  if (!rc) rc = schema_version(p, &version, err);
  if (!rc && version < 1)
    for (size_t i = 0; i < sizeof schema_v1 / sizeof *schema_v1 && !rc; i++)
      rc = vb_pg_exec(p, schema_v1[i], 0, NULL, NULL, err, "creating the schema");
  if (!rc && version < 2)
    for (size_t i = 0; i < sizeof schema_v2 / sizeof *schema_v2 && !rc; i++)
      rc = vb_pg_exec(p, schema_v2[i], 0, NULL, NULL, err, "migrating to schema 2");
  if (!rc && version < 3)
    for (size_t i = 0; i < sizeof schema_v3 / sizeof *schema_v3 && !rc; i++)
      rc = vb_pg_exec(p, schema_v3[i], 0, NULL, NULL, err, "migrating to schema 3");
  if (!rc && version < 4)
    for (size_t i = 0; i < sizeof schema_v4 / sizeof *schema_v4 && !rc; i++)
      rc = vb_pg_exec(p, schema_v4[i], 0, NULL, NULL, err, "migrating to schema 4");
  if (!rc && version < 5)
    for (size_t i = 0; i < sizeof schema_v5 / sizeof *schema_v5 && !rc; i++)
      rc = vb_pg_exec(p, schema_v5[i], 0, NULL, NULL, err, "migrating to schema 5");
  if (!rc && version < 6)
    for (size_t i = 0; i < sizeof schema_v6 / sizeof *schema_v6 && !rc; i++)
      rc = vb_pg_exec(p, schema_v6[i], 0, NULL, NULL, err, "migrating to schema 6");
  if (!rc && version < 7) rc = vb_pg_exec(p, VS_DATES_FROM_START, 0, NULL, NULL, err, "migrating to schema 7");
  /* v8: each alert's reasons as it was made (store.h); idempotent, as
   * tests set the version back and migrate again */
  if (!rc && version < 8)
    rc = vb_pg_exec(p, "ALTER TABLE alerts ADD COLUMN IF NOT EXISTS matched bigint", 0, NULL, NULL, err,
                    "migrating to schema 8");
  if (!rc) rc = vb_pg_exec(p, VS_WATCH_GENERATION_TABLE, 0, NULL, NULL, err, "creating the watch generation");
  if (!rc) rc = has_entity_counts(p, &has_counts, err);
  for (size_t i = 0; !rc && !has_counts && i < sizeof entity_counts / sizeof *entity_counts; i++)
    rc = vb_pg_exec(p, entity_counts[i], 0, NULL, NULL, err, "counting the entities' statements");
  if (!rc) rc = has_fingerprints(p, &has_fp, err);
  for (size_t i = 0; !rc && !has_fp && i < sizeof fingerprints / sizeof *fingerprints; i++)
    rc = vb_pg_exec(p, fingerprints[i], 0, NULL, NULL, err, "making the quote fingerprints' tables");
  if (!rc) rc = has_fingerprint_bands(p, &has_bands, err);
  for (size_t i = 0; !rc && !has_bands && i < sizeof fingerprint_bands / sizeof *fingerprint_bands; i++)
    rc = vb_pg_exec(p, fingerprint_bands[i], 0, NULL, NULL, err, "moving the quote fingerprints' bands into one column");
  if (!rc) rc = has_fingerprint_scheme(p, &has_scheme, err);
  for (size_t i = 0; !rc && !has_scheme && i < sizeof fingerprint_scheme / sizeof *fingerprint_scheme; i++)
    rc = vb_pg_exec(p, fingerprint_scheme[i], 0, NULL, NULL, err, "recording the quote fingerprints' scheme");
  if (!rc) rc = has_fingerprint_pairs(p, &has_pairs, err);
  if (!rc && !has_pairs)
    rc = vb_pg_exec(p, VS_FINGERPRINT_PAIRS_COLUMN("bytea"), 0, NULL, NULL, err, "keeping the quote founders' word pairs");
  if (!rc) rc = has_family_members_index(p, &has_members, err);
  for (size_t i = 0; !rc && !has_members && i < sizeof family_members_index / sizeof *family_members_index; i++)
    rc = vb_pg_exec(p, family_members_index[i], 0, NULL, NULL, err, "indexing the quote families' members only");
  if (!rc) rc = has_fingerprint_blocks(p, &has_blocks, err);
  for (size_t i = 0; !rc && !has_blocks && i < sizeof fingerprint_blocks / sizeof *fingerprint_blocks; i++)
    rc = vb_pg_exec(p, fingerprint_blocks[i], 0, NULL, NULL, err, "making the quote fingerprints' blocks");
  if (!rc)
    rc = vb_pg_exec(p, VS_DOC_RECORDS_TABLE("bigint", "bytea"), 0, NULL, NULL, err, "making the documents' records");
  if (!rc)
    rc = vb_pg_exec(p, VS_RECORD_FIXES_BEFORE("(to_regclass('record_fixes') IS NOT NULL)"), 0, NULL, NULL, err,
                    "making the documents' records");
  if (!rc) rc = vb_pg_exec(p, VS_RECORD_FIXES_TABLE, 0, NULL, NULL, err, "making the documents' records");
  if (!rc && version < SCHEMA_VERSION) {
    char v[16];
    snprintf(v, sizeof v, "%d", SCHEMA_VERSION);
    const char *vals[1] = {v};
    rc = vb_pg_exec(p, "DELETE FROM verbatim_schema", 0, NULL, NULL, err, "migrating");
    if (!rc) rc = vb_pg_exec(p, "INSERT INTO verbatim_schema VALUES($1::integer)", 1, vals, NULL, err, "migrating");
  }
  if (rc) {
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    return rc;
  }
  return vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "migrating");
}

/* An index made by another analysis answers queries wrongly: refused,
 * with what to do. */
static void pg_close(void *impl) {
  pg *p = impl;
  if (!p) return;
  if (p->c) vb_pg_langs_free(p);
  if (p->in_batch && p->c) vb_pg_flush(p, NULL);
  vs_watches_free(p->watches);
  vs_writes_free(p->writes);
  vs_entities_free(p->entities);
  if (p->cancel) PQfreeCancel(p->cancel);
  PQfinish(p->c);
  vb_pg_kept_free(p);
  an_termer_free(p->termer);
  vb_buf_free(&p->scratch);
  free(p);
}

/* The documents' languages (store.h), made when the archive lacks the
 * table (tested on the table itself), by one process at a time. */
static int doc_languages_table(pg *p, vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p, "SELECT to_regclass('doc_languages') IS NOT NULL", 0, NULL, &r, err, "reading the schema");
  int has = !rc && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (rc || has) return rc;
  rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "listing the languages");
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_MIGRATE_LOCK ")", 0, NULL, NULL, err, "migrating");
  if (!rc) rc = vb_pg_exec(p, VS_DOC_LANGUAGES_TABLE, 0, NULL, NULL, err, "listing the languages");
  if (!rc) rc = vb_pg_exec(p, VS_DOC_LANGUAGES_FILL, 0, NULL, NULL, err, "listing the languages");
  if (rc) {
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    return rc;
  }
  return vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "listing the languages");
}

/* Tables made and filled when the archive lacks them (`has` says
 * whether it does), by one process at a time: the others wait for the
 * lock and find them made. */
static int made_once(pg *p, const char *has, const char *const *steps, size_t n, const char *what, vb_err *err) {
  int yes;
  int rc = schema_says(p, has, &yes, err);
  if (rc || yes) return rc;
  rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "migrating");
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_MIGRATE_LOCK ")", 0, NULL, NULL, err, "migrating");
  if (!rc) rc = schema_says(p, has, &yes, err);
  for (size_t i = 0; !rc && !yes && i < n; i++) rc = vb_pg_exec(p, steps[i], 0, NULL, NULL, err, what);
  if (rc) {
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    return rc;
  }
  return vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, what);
}

/* Who mentions each entity and what with (links.c), counted from the
 * mentions when the archive lacks the tables; before archive_version,
 * which gives the tables their triggers. */
static int entity_links(pg *p, vb_err *err) {
  static const char has[] = "SELECT to_regclass('entity_speakers') IS NOT NULL AND to_regclass('entity_pairs') IS NOT NULL"
                            " AND to_regclass('entities_lower_name') IS NOT NULL";
  static const char *const steps[] = {VS_LINKS_SPEAKERS_TABLE(""), VS_LINKS_PAIRS_TABLE(""), VS_LINKS_SPEAKERS_FILL,
                                      VS_LINKS_PAIRS_FILL, VS_ENTITY_LOWER_NAME_INDEX};
  return made_once(p, has, steps, sizeof steps / sizeof *steps, "counting who mentions the entities", err);
}

/* Each entity's totals (store.h), summed from the documents' counts when
 * the archive lacks them; before archive_version too. */
static int entity_totals(pg *p, vb_err *err) {
  static const char *const steps[] = {VS_ENTITY_TOTALS_TABLE(""), VS_ENTITY_TOTALS_INDEX, VS_ENTITY_TOTALS_FILL};
  return made_once(p, "SELECT to_regclass('entity_totals') IS NOT NULL", steps, sizeof steps / sizeof *steps,
                   "counting the entities' totals", err);
}

/* The references of the rows an ingest writes by the thousand
 * (statements to their document and speaker, mentions to their entity
 * and statement, doc_entities to their document and entity) are checked
 * a statement at a time, not a row at a time. A foreign key checks each
 * row it inserts with a query of its own (an executor started, the
 * parent's row locked): 27,000 checks for 40 UN speeches, 95% of them
 * these six; the server ran 1,606 M instructions to store 20 speeches
 * with the keys, 1,255 M with these triggers, 1,146 M with no check at
 * all (bench/pg_ingest_ir.sh; bench/RESULTS.md, issue 20 session 24).
 * Instead, after each INSERT into those tables, one
 * trigger over the rows it inserted locks the parents they name (FOR KEY
 * SHARE, as the foreign key did, so a parent cannot go before the rows
 * commit) and refuses the statement, so the document, when any row names
 * a parent that is not there. What the keys did on the parents' side is
 * kept by triggers there: deleting a document deletes its statements and
 * entity rows, deleting a statement its mentions, deleting an entity its
 * document rows (ON DELETE CASCADE); deleting a speaker that statements
 * name, or an entity that mentions name, is refused (NO ACTION). An
 * UPDATE that changes a row's references is checked row by row (no path
 * does; ids are never updated, nor the parents' ids). Made once, on the
 * primary, replacing the foreign keys of an archive that has them. */
/* A parent table's rows that the inserted rows (new_rows) name in col,
 * locked, then counted against the distinct names: by an array of the
 * names, which the parent's key looks up whatever the planner guesses of
 * new_rows (a join scanned the statements, 2 ms a check). */
#define REF_CHECK(parent, col, child)                                                                             \
  " ids := ARRAY(SELECT DISTINCT " col " FROM new_rows WHERE " col " IS NOT NULL);"                                \
  " IF (SELECT count(*) FROM (SELECT 1 FROM " parent " WHERE id = ANY(ids) FOR KEY SHARE) x) <> cardinality(ids)"  \
  " THEN SELECT i INTO bad FROM unnest(ids) i WHERE NOT EXISTS (SELECT 1 FROM " parent " p WHERE p.id = i) LIMIT 1;" \
  " RAISE foreign_key_violation USING MESSAGE = format('" child " names " col " %s, which " parent " has not', bad);" \
  " END IF;"
/* The same for one row that an UPDATE changed. */
#define REF_ROW(parent, col, child)                                                                                \
  " IF NEW." col " IS NOT NULL THEN PERFORM 1 FROM " parent " WHERE id = NEW." col " FOR KEY SHARE;"               \
  " IF NOT FOUND THEN RAISE foreign_key_violation USING MESSAGE = format('" child " names " col " %s, which " parent \
  " has not', NEW." col "); END IF; END IF;"
#define REF_FUNCTION(name, body) \
  "CREATE OR REPLACE FUNCTION " name "() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE bad bigint; ids bigint[];" \
  " BEGIN" body " RETURN NULL; END $$"
#define REF_INSERTS(table, function)                                                                     \
  "DROP TRIGGER IF EXISTS verbatim_refs_in ON " table,                                                   \
      "CREATE TRIGGER verbatim_refs_in AFTER INSERT ON " table " REFERENCING NEW TABLE AS new_rows FOR EACH" \
      " STATEMENT EXECUTE FUNCTION " function "()"
#define REF_UPDATES(table, cols, when, function)                                                     \
  "DROP TRIGGER IF EXISTS verbatim_refs_up ON " table,                                               \
      "CREATE TRIGGER verbatim_refs_up AFTER UPDATE OF " cols " ON " table " FOR EACH ROW WHEN (" when \
      ") EXECUTE FUNCTION " function "()"
#define REF_DELETES(table, function)                                                                      \
  "DROP TRIGGER IF EXISTS verbatim_refs_out ON " table,                                                   \
      "CREATE TRIGGER verbatim_refs_out AFTER DELETE ON " table " REFERENCING OLD TABLE AS old_rows FOR EACH" \
      " STATEMENT EXECUTE FUNCTION " function "()"
#define REFS_TRIGGERS 10
/* The archive has them: its triggers, and no foreign key left on the three tables. */
#define REFS_MADE                                                                                                  \
  "(SELECT count(*) FROM pg_trigger WHERE tgname IN ('verbatim_refs_in', 'verbatim_refs_up', 'verbatim_refs_out'))" \
  " = " STR(REFS_TRIGGERS) " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid IN"      \
  " (to_regclass('statements'), to_regclass('mentions'), to_regclass('doc_entities')))"

static const char *const refs_steps[] = {
    "DO $$ DECLARE c record; BEGIN FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint WHERE"
    " contype = 'f' AND conrelid IN ('statements'::regclass, 'mentions'::regclass, 'doc_entities'::regclass)"
    " LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname); END LOOP; END $$",
    REF_FUNCTION("verbatim_statements_in", REF_CHECK("documents", "doc_id", "a row of statements")
                                               REF_CHECK("speakers", "speaker_id", "a row of statements")),
    REF_FUNCTION("verbatim_mentions_in", REF_CHECK("entities", "entity_id", "a row of mentions")
                                             REF_CHECK("statements", "statement_id", "a row of mentions")),
    REF_FUNCTION("verbatim_doc_entities_in", REF_CHECK("documents", "doc_id", "a row of doc_entities")
                                                 REF_CHECK("entities", "entity_id", "a row of doc_entities")),
    REF_FUNCTION("verbatim_statements_up", REF_ROW("documents", "doc_id", "a row of statements")
                                               REF_ROW("speakers", "speaker_id", "a row of statements")),
    REF_FUNCTION("verbatim_mentions_up", REF_ROW("entities", "entity_id", "a row of mentions")
                                             REF_ROW("statements", "statement_id", "a row of mentions")),
    REF_FUNCTION("verbatim_doc_entities_up", REF_ROW("documents", "doc_id", "a row of doc_entities")
                                                 REF_ROW("entities", "entity_id", "a row of doc_entities")),
    REF_FUNCTION("verbatim_documents_out", " DELETE FROM statements WHERE doc_id IN (SELECT id FROM old_rows);"
                                           " DELETE FROM doc_entities WHERE doc_id IN (SELECT id FROM old_rows);"),
    REF_FUNCTION("verbatim_statements_out", " DELETE FROM mentions WHERE statement_id IN (SELECT id FROM old_rows);"),
    REF_FUNCTION("verbatim_speakers_out",
                 " SELECT s.speaker_id INTO bad FROM statements s WHERE s.speaker_id IN (SELECT id FROM old_rows)"
                 " LIMIT 1;"
                 " IF FOUND THEN RAISE foreign_key_violation USING MESSAGE ="
                 " format('speaker %s is gone while statements name it', bad); END IF;"),
    REF_FUNCTION("verbatim_entities_out",
                 " DELETE FROM doc_entities WHERE entity_id IN (SELECT id FROM old_rows);"
                 " SELECT m.entity_id INTO bad FROM mentions m WHERE m.entity_id IN (SELECT id FROM old_rows) LIMIT 1;"
                 " IF FOUND THEN RAISE foreign_key_violation USING MESSAGE ="
                 " format('entity %s is gone while mentions name it', bad); END IF;"),
    REF_INSERTS("statements", "verbatim_statements_in"),
    REF_INSERTS("mentions", "verbatim_mentions_in"),
    REF_INSERTS("doc_entities", "verbatim_doc_entities_in"),
    REF_UPDATES("statements", "doc_id, speaker_id",
                "OLD.doc_id IS DISTINCT FROM NEW.doc_id OR OLD.speaker_id IS DISTINCT FROM NEW.speaker_id",
                "verbatim_statements_up"),
    REF_UPDATES("mentions", "entity_id, statement_id",
                "OLD.entity_id IS DISTINCT FROM NEW.entity_id OR OLD.statement_id IS DISTINCT FROM NEW.statement_id",
                "verbatim_mentions_up"),
    REF_UPDATES("doc_entities", "doc_id, entity_id",
                "OLD.doc_id IS DISTINCT FROM NEW.doc_id OR OLD.entity_id IS DISTINCT FROM NEW.entity_id",
                "verbatim_doc_entities_up"),
    REF_DELETES("documents", "verbatim_documents_out"),
    REF_DELETES("statements", "verbatim_statements_out"),
    REF_DELETES("speakers", "verbatim_speakers_out"),
    REF_DELETES("entities", "verbatim_entities_out"),
};

static int set_refs(pg *p, vb_err *err) {
  int standby = 0;
  int rc = schema_says(p, "SELECT pg_is_in_recovery()", &standby, err);
  if (rc || standby) return rc; /* a replica follows its primary's */
  return made_once(p, "SELECT " REFS_MADE, refs_steps, sizeof refs_steps / sizeof *refs_steps,
                   "checking the rows' references a statement at a time", err);
}

/* The documents dated by a year alone, by id (store.h, as SQLite's
 * archive has them): a search's month facet reads the found ones by id
 * (search.c, years_send), which read a page of the documents' table a
 * document (14,552 buffers for the 7,011 documents of "human rights" on
 * the full UN archive, bench/RESULTS.md, issue 20 session 24), where an
 * index-only scan of this reads its few pages. Made once, on the primary. */
static int year_alone_index(pg *p, vb_err *err) {
  static const char *const steps[] = {VS_YEAR_ALONE_INDEX};
  int standby = 0;
  int rc = schema_says(p, "SELECT pg_is_in_recovery()", &standby, err);
  if (rc || standby) return rc; /* a replica follows its primary's */
  return made_once(p, "SELECT to_regclass('documents_year_alone') IS NOT NULL", steps, 1,
                   "indexing the documents dated by a year alone", err);
}

/* One schema change in a transaction of its own, under the migration
 * lock (processes opening the archive together wait for one another). */
static int alter_alone(pg *p, const char *sql, const char *what, vb_err *err) {
  int rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "migrating");
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_MIGRATE_LOCK ")", 0, NULL, NULL, err, "migrating");
  if (!rc) rc = vb_pg_exec(p, sql, 0, NULL, NULL, err, what);
  if (rc) {
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    return rc;
  }
  return vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, what);
}

/* Where each document's language came from, as SQLite's archive keeps
 * it (sqlite.c says why): added when the documents lack the column. */
static int language_from_column(pg *p, vb_err *err) {
  int has;
  int rc = schema_says(p,
                       "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('documents')"
                       " AND attname = 'language_from' AND NOT attisdropped)",
                       &has, err);
  if (rc || has) return rc;
  return alter_alone(p, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS language_from text",
                     "adding the documents' language_from", err);
}

/* The documents' column named kept uncompressed, by alter when it is
 * not (on the primary: a replica follows it). */
static int documents_column_external(pg *p, const char *column, const char *alter, const char *what, vb_err *err) {
  static const char has[] = "SELECT EXISTS(SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('documents')"
                            " AND attname = $1 AND attstorage = 'e' AND NOT attisdropped)";
  PGresult *r;
  const char *v[1] = {column};
  int rc = vb_pg_exec(p, has, 1, v, &r, err, "reading the schema");
  if (rc) return rc;
  int yes = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't', standby = 0;
  PQclear(r);
  if (!yes) rc = schema_says(p, "SELECT pg_is_in_recovery()", &standby, err);
  if (rc || yes || standby) return rc;
  return alter_alone(p, alter, what, err);
}

/* The documents' bodies kept whole, not compressed (STORAGE EXTERNAL):
 * a hit's text is a span of its document's body, and a search's page of
 * 20 hits decompressed each hit's whole body for it. On 120 UN speeches
 * (18,048 statements) the hits' query was the largest share of a
 * search's server time, 3.6 ms a call of 5.3 (pg_stat_statements,
 * bench/pg_query_where.sh); reading 20 hits' texts took 5.3-5.8 ms from
 * pglz-compressed bodies, 1.7-1.9 from lz4's, 1.0-1.1 from uncompressed
 * ones (bench/pg_hit_text.sh, bench/RESULTS.md). The bodies take 1.8
 * times pglz's room (2.75 MB against 1.53; the archive 38 MB against 37).
 * Set on the primary when an archive's column is otherwise; bodies stored
 * before stay compressed (a dump and restore writes them uncompressed). */
static int body_storage(pg *p, vb_err *err) {
  return documents_column_external(p, "body", "ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL",
                                   "keeping the documents' bodies uncompressed", err);
}

/* The body's bytes beside it (body_bytes, bytea, uncompressed), written
 * with it (the dialect's body_bytes_of, pg_sql.c): a hit's text is a span
 * of its document's body by bytes, which a text's substring cannot cut
 * without reading the whole body (by characters, from the first), and a
 * bytea's reads the TOAST chunks of the span alone. On 120 UN speeches
 * the page of hits was a search's largest statement, 0.45 ms of backend
 * CPU with the texts cut from whole bodies and 0.25 without them
 * (bench_pgstmt; bench/RESULTS.md, session 20).
 * The archive keeps each body twice; documents stored before have none
 * and are read as before (stmt_text's coalesce). */
static int body_bytes_column(pg *p, vb_err *err) {
  return documents_column_external(p, "body_bytes",
                                   "ALTER TABLE documents ADD COLUMN IF NOT EXISTS body_bytes bytea,"
                                   " ALTER COLUMN body_bytes SET STORAGE EXTERNAL",
                                   "adding the documents' body_bytes", err);
}

/* The server's notices ("already exists, skipping") are not the user's
 * business; errors come back as errors. */
static void quiet(void *ctx, const char *msg) {
  (void)ctx;
  (void)msg;
}

/* The archive's own version (pg_version): sixty-four counters, one of
 * which each transaction that writes any of the archive's tables raises
 * once, by a trigger before its first writing statement. The counter is
 * the writer's backend number modulo 64, so writers at work at once
 * rarely wait on one row. The sum changes with every commit that changed
 * the archive and with nothing else; the cluster-wide transaction horizon
 * read before moved with autovacuum and with other databases' work, and
 * emptied the server's caches for nothing. Made once, on the primary, for
 * an archive that lacks it, with a trigger on every table the archive has
 * then; a table a later schema adds gets its trigger when a writer next
 * opens the archive (the triggers are checked at every open). */
/* The tables of pg_tables (as t) that have no version trigger yet. */
#define UNTRIGGERED                                                                               \
  "schemaname = current_schema() AND tablename <> 'archive_version' AND NOT EXISTS (SELECT 1 FROM" \
  " pg_trigger g WHERE g.tgname = 'verbatim_changed' AND g.tgrelid = format('%I', tablename)::regclass)"

static const char *const archive_version_schema[] = {
    "CREATE TABLE IF NOT EXISTS archive_version(shard integer PRIMARY KEY, n bigint NOT NULL)",
    "INSERT INTO archive_version SELECT s, 0 FROM generate_series(0, 63) s ON CONFLICT DO NOTHING",
    "CREATE OR REPLACE FUNCTION verbatim_archive_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF current_setting('verbatim.changed', true) IS DISTINCT FROM 'y' THEN"
    " PERFORM set_config('verbatim.changed', 'y', true);"
    " UPDATE archive_version SET n = n + 1 WHERE shard = pg_backend_pid() % 64;"
    " END IF; RETURN NULL; END $$",
    "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE " UNTRIGGERED
    " LOOP EXECUTE format('CREATE OR REPLACE TRIGGER verbatim_changed"
    " BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT"
    " EXECUTE FUNCTION verbatim_archive_changed()', t); END LOOP; END $$",
};

static int archive_version(pg *p, vb_err *err) {
  static const char has[] = "SELECT to_regclass('archive_version') IS NOT NULL";
  static const char whole[] = "SELECT NOT EXISTS (SELECT 1 FROM pg_tables WHERE " UNTRIGGERED ")";
  int yes = 0, complete = 0, standby = 0;
  int rc = schema_says(p, has, &yes, err);
  if (!rc && yes) rc = schema_says(p, whole, &complete, err);
  if (!rc && !complete) rc = schema_says(p, "SELECT pg_is_in_recovery()", &standby, err);
  if (rc || complete || standby) {
    p->own_version = yes;
    return rc; /* a replica of an archive without them reads the horizon */
  }
  /* made now, or a table a later schema added gets its trigger */
  rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "making the archive's version");
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_MIGRATE_LOCK ")", 0, NULL, NULL, err, "migrating");
  for (size_t i = 0; !rc && i < sizeof archive_version_schema / sizeof *archive_version_schema; i++)
    rc = vb_pg_exec(p, archive_version_schema[i], 0, NULL, NULL, err, "making the archive's version");
  if (rc) {
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    return rc;
  }
  rc = vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "making the archive's version");
  p->own_version = !rc;
  return rc;
}

/* What the planner is told a page read by key costs, unless the server,
 * database or user says (pg_settings' source other than the default, or
 * PGOPTIONS='-c random_page_cost=N'). PostgreSQL's default, 4, prices a
 * page found by an index as four read in order, a spinning disk's ratio;
 * an archive searched is read from memory, and on small tables (the 120
 * UN speeches' 6 pages of documents, 3 of speakers) the default had a
 * search's look-ups by id scan the table instead, each row compared with
 * every id: the speakers' names 0.25 ms, the year-only documents 0.19,
 * the hits' documents a scan a hit, of a search's 1.4 ms of executor time
 * (bench/pg_mix_explain.sh, bench/RESULTS.md, session 20). 1.1 is what
 * PostgreSQL's manual suggests for solid-state storage. Set for the
 * session in the same query as the schema's check: no round trip. */
#define RANDOM_PAGE_COST "1.1"
#define PLANNER_COSTS                                                                                         \
  "(SELECT count(set_config('random_page_cost', '" RANDOM_PAGE_COST "', false)) FROM pg_settings"            \
  " WHERE name = 'random_page_cost' AND source = 'default')"

/* Whether the archive is as this verbatim makes it, asked of the
 * catalogue in one query: the schema and analysis versions and every
 * table, column, index and trigger the checks below would each ask for
 * in a round trip of its own (16 at every open, a one-shot command's
 * wait). No: those checks run, and migrate what they find missing. A
 * database without the schema fails the query (the tables it reads are
 * not there): not current either. It sets the planner's costs as well. */
static int schema_current(pg *p) {
  static const char sql[] =
      "SELECT (SELECT coalesce(max(version), 0) FROM verbatim_schema) = " STR(SCHEMA_VERSION)
      " AND (SELECT coalesce(max(version), 0) FROM verbatim_analysis) = " STR(AN_VERSION)
      " AND to_regclass('watch_generation') IS NOT NULL AND to_regclass('" VS_FINGERPRINT_TEST "') IS NOT NULL"
      " AND to_regclass('doc_languages') IS NOT NULL AND to_regclass('archive_version') IS NOT NULL"
      " AND to_regclass('doc_records') IS NOT NULL AND to_regclass('record_fixes') IS NOT NULL"
      " AND to_regclass('entity_speakers') IS NOT NULL AND to_regclass('entity_pairs') IS NOT NULL"
      " AND to_regclass('entities_lower_name') IS NOT NULL AND to_regclass('documents_year_alone') IS NOT NULL"
      " AND to_regclass('entity_totals') IS NOT NULL AND to_regclass('fingerprint_blocks') IS NOT NULL"
      " AND (SELECT count(*) FROM pg_attribute WHERE NOT attisdropped AND ("
      "(attrelid = to_regclass('doc_entities') AND attname = 'statements')"
      " OR (attrelid = to_regclass('fingerprints') AND attname IN ('bands', 'pairs'))"
      " OR (attrelid = to_regclass('fingerprint_state') AND attname = 'scheme')"
      " OR (attrelid = to_regclass('documents') AND attname = 'language_from')"
      " OR (attrelid = to_regclass('statements_speaker') AND attname = 'kind')"
      " OR (attrelid = to_regclass('documents') AND attname IN ('body', 'body_bytes') AND attstorage = 'e'))) = 8"
      " AND EXISTS(SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('fingerprints_family') AND indpred IS NOT NULL)"
      " AND " REFS_MADE " AND NOT EXISTS (SELECT 1 FROM pg_tables WHERE " UNTRIGGERED "), " PLANNER_COSTS;
  PGresult *r;
  if (vb_pg_exec(p, sql, 0, NULL, &r, NULL, "reading the schema")) return 0;
  int yes = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  return yes;
}

static int pg_lost(void *impl) {
  const pg *p = impl;
  return PQstatus(p->c) != CONNECTION_OK;
}

static int pg_open(const char *uri, int mode, void **impl, vb_err *err) {
  /* VS_OPEN_CREATE: a database is made by its administrator; the schema here */
  *impl = NULL;
  int lrc = vb_dynlib_load(&vb_lib_pq, err);
  if (lrc) return lrc;
  pg *p = calloc(1, sizeof *p);
  if (!p) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  shown_uri(uri, p->uri, sizeof p->uri);
  vb_buf_init(&p->scratch, 0);
  p->batch_seconds = BATCH_SECONDS;
  p->c = PQconnectdb(uri);
  if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
    int rc = p->c ? vb_pg_err(p, err, "cannot connect", NULL) : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    pg_close(p);
    return rc;
  }
  PQsetNoticeProcessor(p->c, quiet, NULL);
  p->cancel = PQgetCancel(p->c); /* before any other thread knows the connection */
  int rc = !p->cancel ? vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory") : VB_OK;
  if (!rc && PQsetClientEncoding(p->c, "UTF8")) rc = vb_pg_err(p, err, "setting UTF8", NULL);
  if (!rc) rc = an_termer_new(&p->termer, err);
  int current = !rc && schema_current(p);
  if (current) p->own_version = 1;
  /* the check failed before it set the planner's costs */
  if (!rc && !current) rc = vb_pg_exec(p, "SELECT " PLANNER_COSTS, 0, NULL, NULL, err, "setting the planner's costs");
  if (!rc && !current) rc = migrate(p, err);
  if (!rc && !current) rc = doc_languages_table(p, err);
  if (!rc && !current) rc = entity_links(p, err);
  if (!rc && !current) rc = entity_totals(p, err);
  if (!rc && !current) rc = set_refs(p, err);
  if (!rc && !current) rc = archive_version(p, err);
  if (!rc && !current) rc = language_from_column(p, err);
  if (!rc && !current) rc = body_storage(p, err);
  if (!rc && !current) rc = body_bytes_column(p, err);
  if (!rc && !current) rc = year_alone_index(p, err);
  vs_db db = {&vs_pg_driver, p};
  if (!rc && !current && !(mode & VS_OPEN_ANY_ANALYSIS))
    rc = vs_check_analysis(db, vb_pg_ops.reindexer, p->uri, err);
  if (!rc) rc = vs_load_langs(db, &p->langs, err);
  if (rc) {
    pg_close(p);
    return rc;
  }
  if (!current) rc = speaker_index(p, err);
  if (rc) {
    pg_close(p);
    return rc;
  }
  *impl = p;
  return VB_OK;
}

/* ---- put --------------------------------------------------------------- */

/* The index is the statement row's tsv column: the tokens the SQLite
 * index holds, at their positions (1-based; a token on the span of the
 * one before is the same word's stem: same position), given in tsvector's
 * binary form (tsvectorrecv), so the server neither parses nor sorts it:
 * 7% of an ingest's server CPU was tsvectorin (bench/RESULTS.md, issue 20
 * session 23). What it holds is what tsvectorin would keep of the text
 * form: each lexeme once, in the server's order (bytes, then the shorter
 * first), its positions ascending and distinct, at most TSV_POSITIONS,
 * none past MAX_POSITION. */
#define TSV_POSITIONS 256 /* PostgreSQL's MAXNUMPOS */

typedef struct tsv_tok {
  const char *p;
  uint32_t n, pos;
} tsv_tok;

typedef struct tsv_ctx {
  tsv_tok *t;
  size_t n, cap;
  unsigned pos;
  size_t start, end; /* the last token's span */
  int failed;
} tsv_ctx;

static int tsv_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  tsv_ctx *t = c;
  if (!t->pos || start != t->start || end != t->end) t->pos++;
  if (t->pos > MAX_POSITION) t->pos = MAX_POSITION;
  t->start = start;
  t->end = end;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 64;
    tsv_tok *more = realloc(t->t, cap * sizeof *more);
    if (!more) {
      t->failed = 1;
      return -1;
    }
    t->t = more;
    t->cap = cap;
  }
  t->t[t->n++] = (tsv_tok){tok, (uint32_t)n, t->pos};
  return 0;
}

static int tsv_cmp(const void *x, const void *y) {
  const tsv_tok *a = x, *b = y;
  int c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);
  if (c) return c;
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void put_be(vb_buf *out, uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; i--) vb_buf_addc(out, (char)(v >> (8 * i) & 0xFF));
}

static int tsv_of(void *impl, const char *pre, size_t n, vb_buf *out) {
  (void)impl;
  tsv_ctx tc = {NULL, 0, 0, 0, 0, 0, 0};
  an_pre_each(pre, n, tsv_token, &tc);
  if (tc.failed) {
    free(tc.t);
    return VB_ENOMEM;
  }
  if (tc.n) qsort(tc.t, tc.n, sizeof *tc.t, tsv_cmp);
  size_t lexemes = 0;
  for (size_t i = 0; i < tc.n; i++)
    lexemes += !i || tc.t[i].n != tc.t[i - 1].n || memcmp(tc.t[i].p, tc.t[i - 1].p, tc.t[i].n);
  put_be(out, (uint32_t)lexemes, 4);
  for (size_t i = 0, j; i < tc.n; i = j) {
    for (j = i + 1; j < tc.n && tc.t[j].n == tc.t[i].n && !memcmp(tc.t[j].p, tc.t[i].p, tc.t[i].n); j++) {
    }
    size_t npos = 0;
    for (size_t k = i; k < j && npos < TSV_POSITIONS; k++) npos += k == i || tc.t[k].pos != tc.t[k - 1].pos;
    vb_buf_add(out, tc.t[i].p, tc.t[i].n);
    vb_buf_addc(out, '\0');
    put_be(out, (uint32_t)npos, 2);
    size_t put = 0;
    for (size_t k = i; k < j && put < npos; k++)
      if (k == i || tc.t[k].pos != tc.t[k - 1].pos) {
        put_be(out, tc.t[k].pos, 2);
        put++;
      }
  }
  free(tc.t);
  return out->failed ? VB_ENOMEM : VB_OK;
}

/* Mentions go in with the document, keyed by spelling for later
 * corrections. */
typedef struct mention_rows {
  vb_arena *a;
  VB_VEC(vs_value) v;
} mention_rows;

static int add_mention(void *ctx, int64_t entity, int64_t statement, uint32_t start, uint32_t end, const char *key,
                       size_t keylen, vb_err *err) {
  mention_rows *m = ctx;
  char *k = key ? vb_arena_strndup(m->a, key, keylen) : NULL;
  vs_value row[5] = {{VS_INT, entity, 0, NULL, 0},
                     {VS_INT, statement, 0, NULL, 0},
                     {VS_INT, start, 0, NULL, 0},
                     {VS_INT, end, 0, NULL, 0},
                     {k ? VS_TEXT : VS_NULL, 0, 0, k, keylen}};
  for (int i = 0; i < 5; i++) {
    vs_value *slot = VB_VEC_PUSH(m->a, m->v);
    if (!slot || (key && !k)) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
    *slot = row[i];
  }
  return VB_OK;
}

/* A document's rows (put.c) under row doc_id, its mentions, and (match)
 * the watches, inside its transaction. */
static int put_parse_rows(pg *p, vb_arena *a, const vb_doc *doc, int64_t doc_id, int match, vb_err *err) {
  mention_rows m = {a, {0}};
  vs_writer w = {{&vs_pg_driver, p}, &p->writes, &p->termer, &p->entities, {&m, add_mention, 1, NULL, NULL, NULL}, "tsv", tsv_of, NULL,
                 p, 0};
  vs_put_result res;
  int rc = vs_put_parse(&w, doc, doc_id, a, &res, err);
  if (rc) return rc;
  /* No conflict clause: the mentions come once per entity, statement and
   * start (vs_put_entities sorts them and leaves out repeats) and name
   * the document's statements, new rows (a new parse deletes the old
   * ones first), so none can meet a key stored before. ON CONFLICT DO
   * NOTHING made every row a speculative insertion (its key looked up
   * first, the row then inserted and confirmed): 6,739 of them for 20 UN
   * speeches, 2,640 of them mentions (bench/RESULTS.md, issue 20
   * session 25). */
  if (m.v.n)
    rc = vs_pg_driver.insert_rows(p, "INSERT INTO mentions(entity_id, statement_id, start, \"end\", key)", NULL, 5,
                                  m.v.n / 5, m.v.v, NULL, err);
  if (!rc && match && res.n) {
    /* the watches: what the words cannot decide is confirmed by a search of
     * this document alone */
    const char **texts = vb_arena_alloc(a, res.n * sizeof *texts);
    size_t *lens = vb_arena_alloc(a, res.n * sizeof *lens);
    const char **langs = vb_arena_alloc(a, res.n * sizeof *langs);
    /* the statements' language as stored: the document's */
    vb_str dl = doc->view.meta.language;
    const char *lang = dl.ptr ? vb_arena_strndup(a, dl.ptr, dl.len) : "";
    if (!texts || !lens || !langs || !lang) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    for (size_t i = 0; !rc && i < res.n; i++) {
      texts[i] = res.pre + res.pre_off[i];
      lens[i] = res.pre_off[i + 1] - res.pre_off[i];
      langs[i] = lang;
    }
    vs_param only = {1, doc_id, NULL};
    vs_new_statements ns = {res.stmt_ids, texts, lens, res.n, "s.doc_id = ?%d", &only, 1, p->watches_held, langs};
    if (!rc) rc = vs_match((vs_db){&vs_pg_driver, p}, &vs_tsquery_text, &p->watches, p->termer, &ns, err);
    /* a document's savepoint rolled back takes the lock with it: pg_put forgets this */
    if (!rc && p->in_batch) p->watches_held = 1;
  }
  vs_put_result_free(&res);
  return rc;
}

/* Several commands in one round trip (no parameters: the simple query
 * protocol runs them in turn and stops at the first that fails). Not
 * in a pipeline: the writes sent ahead are answered first, and a
 * failure among them is the answer, but to a rollback. */
static int simple(pg *p, const char *sql, vb_err *err, const char *what) {
  p->sqlstate[0] = '\0';
  int rc = vb_pg_settle(p, err);
  if (rc && strncmp(sql, "ROLLBACK", 8)) return rc;
  p->sent++;
  return answered(p, PQexec(p->c, sql), !strcmp(sql, "COMMIT"), NULL, err, what);
}

/* The open batch is gone (rolled back whole: its commit failed, or the
 * connection did): err says how many documents went with it. */
static int batch_lost(pg *p, int rc, vb_err *err) {
  int lost = p->batch_docs;
  if (PQtransactionStatus(p->c) != PQTRANS_IDLE) simple(p, "ROLLBACK", NULL, "");
  vs_entities_forget(p->entities);
  vs_writes_undo(p->writes, 0); /* its statements are not in the archive */
  p->in_batch = p->in_doc = 0;
  p->batch_docs = 0;
  p->batch_bytes = 0;
  if (err && lost) {
    char why[400];
    snprintf(why, sizeof why, "%.300s", err->msg);
    vb_err_set(err, rc, p->uri, -1, "the last %d documents were not stored: %s", lost, why);
  }
  return rc;
}

int vb_pg_flush(pg *p, vb_err *err) {
  if (!p->in_batch) return VB_OK;
  int rc = simple(p, "COMMIT", err, "committing documents");
  if (rc) return batch_lost(p, rc, err);
  vs_writes_begun(p->writes);
  p->in_batch = p->in_doc = 0;
  p->batch_docs = 0;
  p->batch_bytes = 0;
  return VB_OK;
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The batch has held its transaction (and the correction lock) long
 * enough: BATCH_DOCS, BATCH_BYTES or BATCH_SECONDS. */
static int batch_full(const pg *p) {
  return p->batch_docs >= BATCH_DOCS || p->batch_bytes >= BATCH_BYTES ||
         seconds_now() - p->batch_began >= p->batch_seconds;
}

/* A document's savepoint, in the batch's transaction (begun here, waiting
 * for a correction running: an advisory lock, so the batch is stored
 * wholly before or wholly after it). One round trip: the savepoint of the
 * document before is released in the same. */
static int doc_begin(pg *p, vb_err *err) {
  if (!p->in_batch) {
    int rc = simple(p, "BEGIN; SELECT pg_advisory_xact_lock_shared(" VB_PG_FIX_LOCK "); SAVEPOINT doc", err,
                    "beginning documents");
    if (rc) {
      if (PQtransactionStatus(p->c) != PQTRANS_IDLE) simple(p, "ROLLBACK", NULL, "");
      return rc;
    }
    p->in_batch = p->in_doc = 1;
    p->batch_serial++;
    p->watches_held = 0;
    p->batch_began = seconds_now();
    vs_writes_begun(p->writes);
    return VB_OK;
  }
  /* the document before released its savepoint with its writes (pg_put):
   * this one's goes ahead of its first statement */
  if (!p->in_doc && !vb_pg_ahead(p, "SAVEPOINT doc", 0, NULL)) {
    p->in_doc = 1;
    return VB_OK;
  }
  int rc = simple(p, p->in_doc ? "RELEASE SAVEPOINT doc; SAVEPOINT doc" : "SAVEPOINT doc", err, "beginning a document");
  if (rc) return batch_lost(p, rc, err);
  p->in_doc = 1;
  return VB_OK;
}

/* Documents are stored BATCH_DOCS (or BATCH_BYTES of body, or
 * BATCH_SECONDS of work) to a transaction, each in a savepoint of its own: the ~10 statements every
 * transaction costs (begin, commit, the correction lock, the watches'
 * generation) and the commit's flush to disk are paid once a batch, and a
 * bad document is rolled back to its savepoint alone, named in err, while
 * the others go on. A document that loses a deadlock or a serialization
 * race is rolled back to its savepoint, the batch before it committed (so
 * its locks go), and tried again. */
static int pg_put(void *impl, const vb_doc *doc, int *added, vb_err *err) {
  pg *p = impl;
  const vb_doc_view *v = vb_doc_get(doc);
  *added = 0;
  int rc = VB_OK;
  for (int attempt = 0; attempt <= RETRIES; attempt++) {
    rc = doc_begin(p, err);
    if (rc) return rc;
    size_t learnt = vs_writes_mark(p->writes);
    vb_arena *a = vb_arena_new(0);
    if (!a) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    vs_writer w = {{&vs_pg_driver, p}, &p->writes, &p->termer, &p->entities, {NULL, NULL, 1, NULL, NULL, NULL}, "tsv", tsv_of, NULL, p, 0};
    int64_t doc_id = 0;
    rc = vs_put_document(&w, doc, &doc_id, err);
    if (!rc && doc_id) {
      /* its language, before the watches search it */
      an_langs_note(&p->langs, v->meta.language.ptr, v->meta.language.len);
      rc = put_parse_rows(p, a, doc, doc_id, 1, err);
    }
    vb_arena_free(a);
    /* its writes still ahead are answered, and its savepoint released, in
     * one round trip: a failure among them is still this document's */
    if (!rc && p->piped) {
      rc = run(p, "RELEASE SAVEPOINT doc", 0, NULL, NULL, NULL, NULL, err, "storing a document");
      if (!rc) p->in_doc = 0;
    }
    if (!rc) {
      *added = doc_id != 0;
      if (doc_id) {
        p->batch_docs++;
        p->batch_bytes += v->body.len;
      }
      return batch_full(p) ? vb_pg_flush(p, err) : VB_OK;
    }
    int again = retryable(p);
    /* the document leaves nothing behind (the locks it took too); the batch goes on */
    vs_entities_forget(p->entities);
    vs_writes_undo(p->writes, learnt); /* its statements, learnt after its fingerprints */
    p->watches_held = 0;
    vb_err back;
    if (simple(p, "ROLLBACK TO SAVEPOINT doc", &back, "rolling a document back")) {
      *err = back; /* the batch went with it (the connection did) */
      return batch_lost(p, back.code, err);
    }
    if (!again) break;
    if ((rc = vb_pg_flush(p, err))) return rc;
  }
  if (rc != VB_ENOMEM) snprintf(err->file, sizeof err->file, "%.*s", (int)v->path.len, v->path.ptr);
  return rc;
}

/* A new parse of a stored document (parses.c), inside the caller's
 * transaction; like a document being stored, it waits for corrections. */
static int pg_put_parse(void *impl, int64_t doc, const vb_doc *d, vb_err *err) {
  pg *p = impl;
  vb_arena *a = vb_arena_new(0);
  if (!a) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  int rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock_shared(" VB_PG_FIX_LOCK ")", 0, NULL, NULL, err,
                      "waiting for a correction");
  if (!rc) rc = put_parse_rows(p, a, d, doc, 0, err);
  vb_arena_free(a);
  return rc;
}

static int pg_forget(void *impl, int64_t doc, vb_err *err) {
  pg *p = impl;
  return vs_writes_forget((vs_db){&vs_pg_driver, p}, p->writes, doc, err);
}

/* Mentions stored before schema 4 have no spelling key: each is read from
 * its document's body once, by the first correction that needs it. */
typedef struct keying {
  vs_sql *upd;
  vb_buf k;
  vb_err *err;
} keying;

static int key_mention(void *ctx, vs_sql *q) {
  keying *x = ctx;
  size_t len;
  const char *text = vs_col_text(q, 4, &len);
  size_t start = (size_t)vs_col_int(q, 2), end = (size_t)vs_col_int(q, 3);
  if (start > end || end > len) start = end = 0; /* outside the body (check reports it): keyed as nothing */
  x->k.len = 0;
  x->k.failed = 0;
  if (vb_entity_key(text + start, end - start, &x->k) || !x->k.ptr)
    return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  vs_bind_text(x->upd, 1, x->k.ptr, x->k.len);
  vs_bind_int(x->upd, 2, vs_col_int(q, 0));
  vs_bind_int(x->upd, 3, vs_col_int(q, 1));
  vs_bind_int(x->upd, 4, vs_col_int(q, 2));
  return vs_sql_run(x->upd, x->err);
}

int vb_pg_backfill_keys(void *impl, vb_err *err) {
  vs_db db = {&vs_pg_driver, impl};
  keying x = {NULL, {0}, err};
  vb_buf_init(&x.k, 4096);
  int rc = vs_sql_prepare(db, "UPDATE mentions SET key = ?1 WHERE entity_id = ?2 AND statement_id = ?3 AND start = ?4",
                          &x.upd, err);
  /* every row read first (not streamed): the updates run on the same connection */
  if (!rc)
    rc = vs_sql_rows(db,
                     "SELECT m.entity_id, m.statement_id, m.start, m.\"end\", d.body FROM mentions m"
                     " JOIN statements s ON s.id = m.statement_id JOIN documents d ON d.id = s.doc_id"
                     " WHERE m.key IS NULL",
                     0, key_mention, &x, err);
  vs_finalize(x.upd);
  vb_buf_free(&x.k);
  return rc;
}

static int pg_flush(void *impl, vb_err *err) { return vb_pg_flush(impl, err); }


/* ---- re-analysis (reindex.c) ------------------------------------------------ */

/* The index is each statement row's tsvector, made again in place, a
 * batch at a time; the archive's analysis version (refusing it until the
 * last batch) keeps a half-made index from ever answering. */
static int pg_reindex_in_place(void *impl, vb_err *err) {
  (void)impl;
  (void)err;
  return VB_OK; /* no second index to make, nor to swap */
}

/* A batch's tsvectors go in at once: to a temporary table in a few
 * multi-row INSERTs, then one UPDATE joined to it (not a round trip per
 * statement). */
static int pg_reindex_rows(void *impl, size_t n, const int64_t *ids, const char *pre, const size_t *off, vb_err *err) {
  pg *p = impl;
  vb_arena *a = vb_arena_new(0);
  vs_value *v = a ? vb_arena_alloc(a, 2 * n * sizeof *v) : NULL;
  int rc = v ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  vb_buf tsv;
  vb_buf_init(&tsv, 0);
  for (size_t i = 0; !rc && i < n; i++) {
    tsv.len = 0;
    char *copy = tsv_of(p, pre + off[i], off[i + 1] - off[i], &tsv) ? NULL
                                                                       : vb_arena_strndup(a, tsv.ptr ? tsv.ptr : "", tsv.len);
    if (!copy) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    v[2 * i] = (vs_value){VS_INT, ids[i], 0, NULL, 0};
    v[2 * i + 1] = (vs_value){VS_RAW, 0, 0, copy, tsv.len};
  }
  vb_buf_free(&tsv);
  if (!rc)
    rc = vb_pg_exec(p,
                    "CREATE TEMP TABLE IF NOT EXISTS verbatim_reindex_rows(id bigint PRIMARY KEY, tsv tsvector NOT NULL)"
                    " ON COMMIT DELETE ROWS",
                    0, NULL, NULL, err, "indexing statements again");
  if (!rc) rc = vs_pg_driver.insert_rows(p, "INSERT INTO verbatim_reindex_rows(id, tsv)", NULL, 2, n, v, NULL, err);
  if (!rc)
    rc = vb_pg_exec(p, "UPDATE statements s SET tsv = r.tsv FROM verbatim_reindex_rows r WHERE s.id = r.id", 0, NULL,
                    NULL, err, "indexing statements again");
  if (!rc) rc = vb_pg_exec(p, "DELETE FROM verbatim_reindex_rows", 0, NULL, NULL, err, "indexing statements again");
  vb_arena_free(a);
  return rc;
}

static const vs_reindexer pg_reindexer = {
    .version_table = "verbatim_analysis",
    .progress_table = "verbatim_reindex",
    .start = pg_reindex_in_place,
    .rows = pg_reindex_rows,
    .swap = pg_reindex_in_place,
};

static int pg_check(void *impl, vb_buf *b, int *problems, vb_err *err) {
  (void)err;
  static const vs_invariant inv[] = {
      {"statements whose span is outside their document",
       "SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id"
       " WHERE s.start > s.\"end\" OR s.\"end\" > octet_length(d.body)"},
      {"documents whose body_bytes are not their body's",
       "SELECT count(*) FROM documents WHERE body_bytes <> convert_to(body, 'UTF8')"},
      {"statements with no words indexed though they have some",
       "SELECT count(*) FROM statements s WHERE s.tsv = ''::tsvector AND s.\"end\" - s.start > 64"},
  };
  vs_check_rows((vs_db){&vs_pg_driver, impl}, inv, sizeof inv / sizeof *inv, b, problems);
  return VB_OK;
}

static int pg_version(void *impl, int64_t *v, vb_err *err) {
  pg *p = impl;
  /* without the archive's counters (a replica of an archive made before
   * them): the next transaction number, which moves with any commit that
   * wrote, the archive's or not */
  return vs_sql_int((vs_db){&vs_pg_driver, impl},
                    p->own_version ? "SELECT sum(n)::bigint FROM archive_version"
                                   : "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint",
                    v, err);
}

static int pg_deadline(void *impl, double seconds, vb_err *err) {
  pg *p = impl;
  p->timed_out = 0;
  char sql[64];
  snprintf(sql, sizeof sql, "SET statement_timeout = %lld", seconds > 0 ? (long long)(seconds * 1000) + 1 : 0LL);
  return vb_pg_exec(p, sql, 0, NULL, NULL, err, "setting a deadline");
}

static int pg_deadline_passed(void *impl) { return ((pg *)impl)->timed_out; }

/* From another thread: asks the server to cancel what runs now (it fails
 * with query_canceled, as at the deadline). */
static void pg_cancel(void *impl) {
  pg *p = impl;
  char why[256];
  if (p->cancel) PQcancel(p->cancel, why, (int)sizeof why);
}



const vb_store_ops vb_pg_ops = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .put = pg_put,
    .flush = pg_flush,
    .check = pg_check,
    .version = pg_version,
    .deadline = pg_deadline,
    .deadline_passed = pg_deadline_passed,
    .cancel = pg_cancel,
    .lost = pg_lost,
    .sql = &vs_pg_driver,
    .text = &vs_tsquery_text,
    .put_parse = pg_put_parse,
    .forget = pg_forget,
    .before_fix = vb_pg_backfill_keys,
    .reindexer = &pg_reindexer,
};
