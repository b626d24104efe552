/* pg — the archive in PostgreSQL, over libpq, for teams: several ingest
 * processes and servers on one database. The schema follows the SQLite
 * backend's concepts; full text is a tsvector column built from verbatim's
 * own analysis (the tokens the SQLite index holds, at their positions),
 * indexed with GIN, so both backends find the same statements.
 *
 * Each document is stored in a transaction of its own: unique keys make a
 * second ingester's copy of the same document or speaker a no-op
 * (ON CONFLICT), and a transaction that loses a deadlock or a
 * serialization race is tried again. Every value travels as a parameter;
 * SQL text holds only numbers verbatim itself made.
 *
 * Watches match each document inside its transaction (pg_watches.c); the
 * timeline and the network are made from its matches like any backend's
 * (views.c); entities, mentions, their listings and analysts' corrections
 * live in pg_entities.c. A correction runs in one transaction that
 * excludes ingest (an advisory lock each document takes shared), so a
 * document is stored wholly before or wholly after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "extract/extract.h"
#include "store/pg_int.h"
#include "analyze/analyze.h"

#define SCHEMA_VERSION 6
/* A transaction that lost a deadlock or a serialization race is tried
 * again this many times. */
#define RETRIES 5
/* Rows per multi-row INSERT: 13 parameters each stays far below
 * PostgreSQL's 65,535. */
#define ROWS_PER_INSERT 1000
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
    "CREATE INDEX statements_speaker ON statements(speaker_id)",
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
 * covers), so a correction finds every mention spelled a given way; SQLite
 * reads it from the body instead. Mentions stored before have none until
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
    "CREATE TABLE IF NOT EXISTS statement_moves(doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " version integer NOT NULL, idx integer NOT NULL, new_idx integer, PRIMARY KEY(doc_id, version, idx))",
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
  const char *m = r ? PQresultErrorMessage(r) : NULL;
  if (!m || !*m) m = PQerrorMessage(p->c);
  char msg[512];
  snprintf(msg, sizeof msg, "%s", m ? m : "?");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  return vb_err_set(err, VB_ESTORE, p->uri, -1, "%s: %s", what, msg);
}

static int run(pg *p, const char *sql, int n, const char *const *values, const int *lens, const int *fmts,
               PGresult **out, vb_err *err, const char *what) {
  if (out) *out = NULL;
  p->sqlstate[0] = '\0';
  PGresult *r = PQexecParams(p->c, sql, n, NULL, values, lens, fmts, 0);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(p->sqlstate, sizeof p->sqlstate, "%s", code ? code : "");
    if (!strcmp(p->sqlstate, "57014")) p->timed_out = 1; /* query_canceled: the deadline */
    int rc = vb_pg_err(p, err, what, r);
    PQclear(r);
    return rc;
  }
  if (out) *out = r;
  else PQclear(r);
  return VB_OK;
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

static int migrate(pg *p, vb_err *err) {
  int version;
  int rc = schema_version(p, &version, err);
  if (rc || version == SCHEMA_VERSION) return rc; /* the usual case: no writing at all */
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
 * with what to do; then the stemmed languages of the archive. */
static int check_analysis(pg *p, vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p, "SELECT coalesce(max(version), 0) FROM verbatim_analysis", 0, NULL, &r, err,
                      "reading the analysis version");
  if (rc) return rc;
  long version = strtol(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  if (version != AN_VERSION)
    return vb_err_set(err, VB_ESTORE, p->uri, -1,
                      "the search index was made by text analysis version %ld, this verbatim analyses with"
                      " version %d: run `verbatim reindex --db %s` to index the archive again",
                      version, AN_VERSION, p->uri);
  rc = vb_pg_exec(p, "SELECT DISTINCT language FROM documents WHERE language IS NOT NULL", 0, NULL, &r, err,
                  "reading the archive's languages");
  if (rc) return rc;
  p->langs[0] = '\0';
  for (int i = 0; i < PQntuples(r); i++)
    an_langs_add(p->langs, sizeof p->langs, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0));
  PQclear(r);
  return VB_OK;
}

static void pg_close(void *impl) {
  pg *p = impl;
  if (!p) return;
  vb_pg_watches_free(p);
  PQfinish(p->c);
  an_termer_free(p->termer);
  vb_buf_free(&p->scratch);
  free(p);
}

/* The server's notices ("already exists, skipping") are not the user's
 * business; errors come back as errors. */
static void quiet(void *ctx, const char *msg) {
  (void)ctx;
  (void)msg;
}

static int pg_open(const char *uri, int create, void **impl, vb_err *err) {
  (void)create; /* a database is made by its administrator; the schema here */
  *impl = NULL;
  pg *p = calloc(1, sizeof *p);
  if (!p) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  shown_uri(uri, p->uri, sizeof p->uri);
  vb_buf_init(&p->scratch, 0);
  p->c = PQconnectdb(uri);
  if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
    int rc = p->c ? vb_pg_err(p, err, "cannot connect", NULL) : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    pg_close(p);
    return rc;
  }
  PQsetNoticeProcessor(p->c, quiet, NULL);
  int rc = PQsetClientEncoding(p->c, "UTF8") ? vb_pg_err(p, err, "setting UTF8", NULL) : VB_OK;
  if (!rc) rc = an_termer_new(&p->termer, err);
  if (!rc) rc = migrate(p, err);
  if (!rc) rc = check_analysis(p, err);
  if (rc) {
    pg_close(p);
    return rc;
  }
  *impl = p;
  return VB_OK;
}

/* ---- put --------------------------------------------------------------- */

/* Strings one document's rows need, freed with the document. */
static const char *num(vb_arena *a, long long v) {
  char b[24];
  int n = snprintf(b, sizeof b, "%lld", v);
  return vb_arena_strndup(a, b, (size_t)n);
}

static const char *real(vb_arena *a, double v) {
  if (v < 0) return NULL;
  char b[32];
  int n = snprintf(b, sizeof b, "%.3f", v);
  return vb_arena_strndup(a, b, (size_t)n);
}

static const char *str(vb_arena *a, vb_str v) { return v.ptr ? vb_arena_strndup(a, v.ptr, v.len) : NULL; }

static const char *key_of(vb_arena *a, vb_str v, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  if (!v.ptr || vb_name_key(v.ptr, v.len, b)) return NULL;
  return vb_arena_strndup(a, b->ptr ? b->ptr : "", b->len);
}

/* A tsvector literal: each token of the pre-analysed text at its
 * position (1-based), quoted ('' and \\ escaped). */
typedef struct tsv_ctx {
  vb_buf *out;
  unsigned pos;
  size_t start, end; /* the last token's span */
} tsv_ctx;

/* A token on the span of the one before is the same word's stem: same
 * position. */
static int tsv_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  tsv_ctx *t = c;
  if (!t->pos || start != t->start || end != t->end) t->pos++;
  if (t->pos > MAX_POSITION) t->pos = MAX_POSITION;
  t->start = start;
  t->end = end;
  if (t->out->len) vb_buf_addc(t->out, ' ');
  vb_buf_addc(t->out, '\'');
  for (size_t i = 0; i < n; i++) {
    if (tok[i] == '\'' || tok[i] == '\\') vb_buf_addc(t->out, tok[i]);
    vb_buf_addc(t->out, tok[i]);
  }
  vb_buf_printf(t->out, "':%u", t->pos);
  return 0;
}

/* INSERT … VALUES ($1,…),(…) for rows of ncols values, ROWS_PER_INSERT at a time. */
int vb_pg_insert_rows(pg *p, const char *head, const char *tail, int ncols, size_t nrows, const char *const *vals,
                      vb_err *err, const char *what) {
  vb_buf sql;
  vb_buf_init(&sql, 0);
  int rc = VB_OK;
  for (size_t at = 0; !rc && at < nrows; at += ROWS_PER_INSERT) {
    size_t k = nrows - at < ROWS_PER_INSERT ? nrows - at : ROWS_PER_INSERT;
    sql.len = 0;
    vb_buf_adds(&sql, head);
    for (size_t r = 0; r < k; r++) {
      vb_buf_adds(&sql, r ? ",(" : " VALUES(");
      for (int c = 0; c < ncols; c++) vb_buf_printf(&sql, "%s$%zu", c ? "," : "", r * (size_t)ncols + (size_t)c + 1);
      vb_buf_addc(&sql, ')');
    }
    if (tail) vb_buf_printf(&sql, " %s", tail);
    if (sql.failed) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    rc = vb_pg_exec(p, sql.ptr, (int)(k * (size_t)ncols), vals + at * (size_t)ncols, NULL, err, what);
  }
  vb_buf_free(&sql);
  return rc;
}

static int add_key(pg *p, const char *key, const char *speaker, vb_err *err) {
  const char *v[2] = {key, speaker};
  return vb_pg_exec(p, "INSERT INTO speaker_keys(key, speaker_id) VALUES($1, $2::bigint) ON CONFLICT DO NOTHING", 2,
                    v, NULL, err, "adding a speaker key");
}

/* The archive-wide id of a speaker, made on first sight by whichever
 * process gets there first. */
static int speaker_id(pg *p, vb_arena *a, const vb_speaker *sp, vb_buf *key, const char **id, vb_err *err) {
  key->len = 0;
  key->failed = 0;
  if (vb_name_key(sp->name.ptr, sp->name.len, key) || key->len == 0) {
    if (key->failed) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    vb_buf_add(key, sp->name.ptr, sp->name.len);
  }
  const char *k = vb_arena_strndup(a, key->ptr, key->len);
  const char *v[5] = {str(a, sp->name), k, str(a, sp->role), str(a, sp->affiliation), sp->host ? "1" : "0"};
  PGresult *r;
  int rc = vb_pg_exec(p,
                      "INSERT INTO speakers(name, key, role, affiliation, host) VALUES($1,$2,$3,$4,$5::integer)"
                      " ON CONFLICT (key) DO UPDATE SET role = coalesce(speakers.role, EXCLUDED.role),"
                      " affiliation = coalesce(speakers.affiliation, EXCLUDED.affiliation)"
                      " RETURNING id, xmax = 0",
                      5, v, &r, err, "adding a speaker");
  if (rc) return rc;
  *id = vb_arena_strndup(a, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
  int made = PQgetvalue(r, 0, 1)[0] == 't';
  PQclear(r);
  if (!made) return VB_OK;
  /* the keys a query can name the speaker by: full name, last name, aliases */
  if ((rc = add_key(p, k, *id, err))) return rc;
  const char *last = strrchr(k, ' ');
  if (!sp->host && last && (rc = add_key(p, last + 1, *id, err))) return rc;
  for (size_t i = 0; i < sp->naliases; i++) {
    const char *ak = key_of(a, sp->aliases[i], key);
    if (ak && *ak && (rc = add_key(p, ak, *id, err))) return rc;
  }
  return VB_OK;
}

static int put_parse_rows(pg *p, vb_arena *a, const vb_doc *doc, const char *doc_id, int match, vb_err *err);

static int put_rows(pg *p, vb_arena *a, const vb_doc *doc, int *added, vb_err *err) {
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vb_buf key;
  vb_buf_init(&key, 4096);
  char parser[16];
  snprintf(parser, sizeof parser, "%d", doc->parser_version);
  const char *vals[18] = {
      vb_arena_strndup(a, v->id, 64),
      str(a, v->path),
      vb_format_name(v->format),
      str(a, v->title),
      str(a, m->publisher),
      str(a, m->series),
      key_of(a, m->series, &key),
      str(a, m->number),
      str(a, m->published),
      str(a, m->aired),
      str(a, m->aired.ptr ? m->aired : m->published),
      str(a, m->channel),
      key_of(a, m->channel, &key),
      str(a, m->language),
      num(a, (long long)v->nstatements),
      str(a, v->body),
      NULL,
      parser,
  };
  int lens[18] = {0}, fmts[18] = {0};
  if (v->source.ptr && (v->source.ptr != v->body.ptr || v->source.len != v->body.len)) {
    vals[16] = v->source.ptr; /* bytes, sent as binary */
    lens[16] = (int)v->source.len;
    fmts[16] = 1;
  }
  PGresult *r;
  int rc = run(p,
               "INSERT INTO documents(hash, path, format, title, publisher, series, series_key, number,"
               " published, aired, date, channel, channel_key, language, nstatements, body, source, parser)"
               " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15::integer,$16,$17::bytea,$18::integer)"
               " ON CONFLICT (hash) DO NOTHING RETURNING id",
               18, vals, lens, fmts, &r, err, "adding document");
  if (rc || PQntuples(r) == 0) { /* there already: nothing more to do */
    PQclear(r);
    vb_buf_free(&key);
    return rc;
  }
  const char *doc_id = vb_arena_strndup(a, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
  PQclear(r);
  *added = 1;
  vb_buf_free(&key);
  an_langs_add(p->langs, sizeof p->langs, m->language.ptr, m->language.len);
  return doc_id ? put_parse_rows(p, a, doc, doc_id, 1, err) : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
}

/* A document's parse under its row doc_id: speakers, tags, turns,
 * statements with their tsvectors, entities, and (match) the watches. */
static int put_parse_rows(pg *p, vb_arena *a, const vb_doc *doc, const char *doc_id, int match, vb_err *err) {
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vb_buf key;
  vb_buf_init(&key, 4096);
  PGresult *r;
  int rc = VB_OK;
  const char **sids = vb_arena_calloc(a, (v->nspeakers + 1) * sizeof *sids);
  if (!sids) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    if ((rc = speaker_id(p, a, sp, &key, &sids[i], err))) break;
    char local[24];
    snprintf(local, sizeof local, "s%u", (unsigned)(i + 1));
    const char *dv[6] = {doc_id, local, sids[i], str(a, sp->role), str(a, sp->affiliation), sp->host ? "1" : "0"};
    rc = vb_pg_exec(p,
                    "INSERT INTO doc_speakers(doc_id, local, speaker_id, role, affiliation, host)"
                    " VALUES($1::bigint,$2,$3::bigint,$4,$5,$6::integer)",
                    6, dv, NULL, err, "adding a document speaker");
  }
  for (size_t i = 0; !rc && i < m->ntags; i++) {
    const char *tv[3] = {doc_id, str(a, m->tags[i]), key_of(a, m->tags[i], &key)};
    if (!tv[2]) continue;
    rc = vb_pg_exec(p, "INSERT INTO tags(doc_id, tag, key) VALUES($1::bigint,$2,$3) ON CONFLICT DO NOTHING", 3, tv,
                    NULL, err, "adding a tag");
  }
  /* turns, then statements, many rows per INSERT */
  const char **tv = rc || !v->nturns ? NULL : vb_arena_calloc(a, v->nturns * 8 * sizeof *tv);
  if (!rc && v->nturns && !tv) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nturns; i++) {
    const vb_turn *t = &v->turns[i];
    const char **row = tv + i * 8;
    row[0] = doc_id;
    row[1] = num(a, (long long)i);
    row[2] = t->speaker >= 0 ? sids[t->speaker] : NULL;
    row[3] = t->section >= 0 ? num(a, t->section) : NULL;
    row[4] = num(a, t->start);
    row[5] = num(a, t->end);
    row[6] = real(a, t->time.start);
    row[7] = t->time.start >= 0 ? real(a, t->time.end) : NULL;
  }
  if (!rc && v->nturns)
    rc = vb_pg_insert_rows(p, "INSERT INTO turns(doc_id, idx, speaker_id, section, start, \"end\", t_start, t_end)",
                           NULL, 8, v->nturns, tv, err, "adding turns");
  vb_str dstr = m->aired.ptr ? m->aired : m->published;
  long long docdate = 0;
  for (size_t i = 0; dstr.ptr && i < dstr.len; i++)
    if (dstr.ptr[i] >= '0' && dstr.ptr[i] <= '9') docdate = docdate * 10 + (dstr.ptr[i] - '0');
  char mark[16];
  size_t mlen = an_lang_mark(m->language.ptr ? m->language.ptr : "", m->language.len, mark, sizeof mark);
  const char **sv = rc || !v->nstatements ? NULL : vb_arena_calloc(a, v->nstatements * 13 * sizeof *sv);
  if (!rc && v->nstatements && !sv) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  uint32_t para_base = 0, cur_turn = 0;
  vb_buf pre, tsv;
  vb_buf_init(&pre, 0);
  vb_buf_init(&tsv, 0);
  /* every statement's analysis, kept for the watches */
  size_t *pre_off = rc ? NULL : vb_arena_calloc(a, (v->nstatements + 1) * sizeof *pre_off);
  if (!rc && !pre_off) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nstatements; i++) {
    const vb_statement *x = &v->statements[i];
    int32_t para = 0; /* paragraphs counted through the document's turns */
    if (x->turn >= 0) {
      while (cur_turn < (uint32_t)x->turn) para_base += (uint32_t)v->turns[cur_turn++].nparagraphs;
      const vb_turn *t = &v->turns[x->turn];
      for (size_t k = 0; k < t->nparagraphs; k++)
        if (x->start >= t->paragraphs[k].start && x->start < t->paragraphs[k].end)
          para = (int32_t)(para_base + k + 1);
    }
    pre_off[i] = pre.len;
    if (doc->pre) {
      vb_buf_add(&pre, doc->pre + doc->pre_off[i], doc->pre_off[i + 1] - doc->pre_off[i]);
    } else {
      p->scratch.len = 0;
      vb_buf_add(&p->scratch, mark, mlen);
      vb_buf_add(&p->scratch, v->body.ptr + x->start, x->end - x->start);
      if (p->scratch.failed || an_termer_encode(p->termer, p->scratch.ptr, p->scratch.len, &pre)) pre.failed = 1;
    }
    tsv.len = 0;
    tsv_ctx tc = {&tsv, 0, 0, 0};
    if (!pre.failed) an_pre_each(pre.ptr + pre_off[i], pre.len - pre_off[i], tsv_token, &tc);
    if (pre.failed || tsv.failed) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    const char **row = sv + i * 13;
    row[0] = doc_id;
    row[1] = num(a, (long long)i);
    row[2] = x->speaker >= 0 ? sids[x->speaker] : NULL;
    row[3] = vb_kind_name(x->kind);
    row[4] = x->turn >= 0 ? num(a, x->turn) : NULL;
    row[5] = para ? num(a, para) : NULL;
    row[6] = num(a, x->start);
    row[7] = num(a, x->end);
    row[8] = real(a, x->time.start);
    row[9] = x->time.start >= 0 ? real(a, x->time.end) : NULL;
    row[10] = docdate ? num(a, docdate) : NULL;
    row[11] = str(a, m->language);
    row[12] = vb_arena_strndup(a, tsv.ptr ? tsv.ptr : "", tsv.len);
  }
  if (!rc && v->nstatements) {
    pre_off[v->nstatements] = pre.len;
    rc = vb_pg_insert_rows(p,
                           "INSERT INTO statements(doc_id, idx, speaker_id, kind, turn, paragraph, start, \"end\","
                           " t_start, t_end, date, lang, tsv)",
                           NULL, 13, v->nstatements, sv, err, "adding statements");
  }
  /* the watches, in this document's transaction */
  const char **ids = rc || !v->nstatements ? NULL : vb_arena_calloc(a, v->nstatements * sizeof *ids);
  if (!rc && v->nstatements && !ids) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  if (!rc && v->nstatements) {
    const char *dv[1] = {doc_id};
    rc = vb_pg_exec(p, "SELECT idx, id FROM statements WHERE doc_id = $1::bigint", 1, dv, &r, err,
                    "reading statement ids");
    for (int i = 0; !rc && i < PQntuples(r); i++) {
      long k = strtol(PQgetvalue(r, i, 0), NULL, 10);
      if (k >= 0 && (size_t)k < v->nstatements)
        ids[k] = vb_arena_strndup(a, PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1));
    }
    if (!rc) PQclear(r);
    if (!rc) rc = vb_pg_put_entities(p, a, v, doc_id, ids, sids, err);
    if (!rc && match) rc = vb_pg_match_doc(p, doc_id, ids, pre.ptr, pre_off, v->nstatements, err);
  }
  vb_buf_free(&pre);
  vb_buf_free(&tsv);
  vb_buf_free(&key);
  return rc;
}

static int pg_put(void *impl, const vb_doc *doc, int *added, vb_err *err) {
  pg *p = impl;
  *added = 0;
  int rc = VB_OK;
  for (int attempt = 0; attempt <= RETRIES; attempt++) {
    vb_arena *a = vb_arena_new(0);
    if (!a) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    *added = 0;
    rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "beginning a document");
    if (!rc)
      rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock_shared(" VB_PG_FIX_LOCK ")", 0, NULL, NULL, err,
                      "waiting for a correction");
    if (!rc) rc = put_rows(p, a, doc, added, err);
    if (!rc) rc = vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "committing a document");
    vb_arena_free(a);
    if (!rc) return VB_OK;
    int again = retryable(p);
    /* the document leaves nothing behind */
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    *added = 0;
    if (!again) break;
  }
  const vb_doc_view *v = vb_doc_get(doc);
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
  if (!rc) rc = put_parse_rows(p, a, d, num(a, (long long)doc), 0, err);
  vb_arena_free(a);
  return rc;
}

static int pg_flush(void *impl, vb_err *err) {
  (void)impl;
  (void)err;
  return VB_OK; /* each document commits on its own */
}

/* ---- reading -------------------------------------------------------------- */

static int pg_speakers_json(void *impl, char **json, vb_err *err) {
  pg *p = impl;
  PGresult *r;
  int rc = vb_pg_exec(p,
                      "SELECT sp.name, sp.role, sp.affiliation, sp.host,"
                      " (SELECT count(*) FROM doc_speakers x WHERE x.speaker_id = sp.id),"
                      " (SELECT count(*) FROM statements x WHERE x.speaker_id = sp.id) AS n"
                      " FROM speakers sp ORDER BY n DESC, sp.name COLLATE \"C\"",
                      0, NULL, &r, err, "listing speakers");
  if (rc) return rc;
  /* one speaker per line, as the SQLite backend lists them */
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_addc(&b, '[');
  for (int i = 0; i < PQntuples(r); i++) {
    json_t *o = json_pack("{s:s}", "name", PQgetvalue(r, i, 0));
    if (!PQgetisnull(r, i, 1)) json_object_set_new(o, "role", json_string(PQgetvalue(r, i, 1)));
    if (!PQgetisnull(r, i, 2)) json_object_set_new(o, "affiliation", json_string(PQgetvalue(r, i, 2)));
    json_object_set_new(o, "host", json_boolean(strcmp(PQgetvalue(r, i, 3), "0") != 0));
    json_object_set_new(o, "documents", json_integer(strtoll(PQgetvalue(r, i, 4), NULL, 10)));
    json_object_set_new(o, "statements", json_integer(strtoll(PQgetvalue(r, i, 5), NULL, 10)));
    char *one = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!one) b.failed = 1;
    vb_buf_adds(&b, i ? ",\n" : "\n");
    vb_buf_adds(&b, one ? one : "");
    free(one);
  }
  vb_buf_adds(&b, "\n]");
  PQclear(r);
  if (b.failed) {
    vb_buf_free(&b);
    return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  }
  *json = vb_buf_detach(&b);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
}

static int scalar(pg *p, const char *sql, int64_t *out, vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p, sql, 0, NULL, &r, err, "counting");
  if (!rc) *out = PQntuples(r) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
  PQclear(r);
  return rc;
}

static int pg_counts(void *impl, int64_t *docs, int64_t *speakers, int64_t *statements, vb_err *err) {
  pg *p = impl;
  int rc = scalar(p, "SELECT count(*) FROM documents", docs, err);
  if (!rc) rc = scalar(p, "SELECT count(*) FROM speakers", speakers, err);
  if (!rc) rc = scalar(p, "SELECT count(*) FROM statements", statements, err);
  return rc;
}

static int pg_check(void *impl, int *problems, char **report, vb_err *err) {
  pg *p = impl;
  *problems = 0;
  *report = NULL;
  static const struct {
    const char *what, *sql;
  } inv[] = {
      {"statements without their document",
       "SELECT count(*) FROM statements s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.doc_id)"},
      {"documents whose statement count disagrees",
       "SELECT count(*) FROM documents d WHERE d.nstatements <>"
       " (SELECT count(*) FROM statements s WHERE s.doc_id = d.id)"},
      {"statements whose span is outside their document",
       "SELECT count(*) FROM statements s JOIN documents d ON d.id = s.doc_id"
       " WHERE s.start > s.\"end\" OR s.\"end\" > octet_length(d.body)"},
      {"statements with no words indexed though they have some",
       "SELECT count(*) FROM statements s WHERE s.tsv = ''::tsvector AND s.\"end\" - s.start > 64"},
  };
  vb_buf b;
  vb_buf_init(&b, 0);
  for (size_t i = 0; i < sizeof inv / sizeof *inv; i++) {
    int64_t n = 0;
    vb_err e;
    if (scalar(p, inv[i].sql, &n, &e)) {
      vb_buf_printf(&b, "cannot check %s: %s\n", inv[i].what, e.msg);
      (*problems)++;
    } else if (n) {
      vb_buf_printf(&b, "%lld %s\n", (long long)n, inv[i].what);
      (*problems)++;
    }
  }
  if (b.failed) {
    vb_buf_free(&b);
    return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  }
  *report = vb_buf_detach(&b);
  if (!*report) *report = strdup("");
  return VB_OK;
}

static int pg_version(void *impl, int64_t *v, vb_err *err) {
  /* the oldest transaction still running or not yet started: it moves
   * whenever any transaction that wrote commits */
  return scalar(impl, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", v, err);
}

static int pg_deadline(void *impl, double seconds, vb_err *err) {
  pg *p = impl;
  p->timed_out = 0;
  char sql[64];
  snprintf(sql, sizeof sql, "SET statement_timeout = %lld", seconds > 0 ? (long long)(seconds * 1000) + 1 : 0LL);
  return vb_pg_exec(p, sql, 0, NULL, NULL, err, "setting a deadline");
}

static int pg_deadline_passed(void *impl) { return ((pg *)impl)->timed_out; }

static int pg_search(void *impl, const vb_qnode *q, const vb_search_opts *o, vb_arena *a, vb_raw_results *res,
                     vb_err *err) {
  return vb_pg_search(impl, q, o, a, res, err);
}

/* ---- entities, views, watches ------------------------------------------------ */

static int pg_entities_json(void *impl, const char *filter, int type, int limit, const vb_lexicon *lx, char **json,
                            vb_err *err) {
  return vb_pg_entities_json(impl, filter, type, limit, lx, json, err);
}
static int pg_entity_json(void *impl, const char *name, const vb_lexicon *lx, char **json, vb_err *err) {
  return vb_pg_entity_json(impl, name, lx, json, err);
}
/* One correction, one transaction, alone (no document is being stored);
 * tried again when it loses a deadlock. */
static int pg_entity_fix(void *impl, vb_fix op, const char *a, const char *const *args, size_t nargs,
                         const vb_lexicon *lx, vb_err *err) {
  pg *p = impl;
  int rc = VB_OK;
  for (int attempt = 0; attempt <= RETRIES; attempt++) {
    rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "beginning a correction");
    if (!rc)
      rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_FIX_LOCK ")", 0, NULL, NULL, err,
                      "waiting for documents being stored");
    if (!rc) rc = vb_pg_entity_fix(p, op, a, args, nargs, lx, err);
    if (!rc) rc = vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "committing a correction");
    if (!rc) return VB_OK;
    int again = retryable(p);
    vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
    if (!again) break;
  }
  return rc;
}
static int pg_each_match(void *impl, const vb_qnode *q, int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date),
                         void *ctx, vb_err *err) {
  return vb_pg_each_match(impl, q, fn, ctx, err);
}
static int pg_speaker_name(void *impl, int64_t id, char **name, vb_err *err) {
  pg *p = impl;
  char v[24];
  snprintf(v, sizeof v, "%lld", (long long)id);
  const char *vals[1] = {v};
  PGresult *r;
  *name = NULL;
  int rc = vb_pg_exec(p, "SELECT name FROM speakers WHERE id = $1::bigint", 1, vals, &r, err, "reading a speaker");
  if (!rc && PQntuples(r)) *name = strdup(PQgetvalue(r, 0, 0));
  PQclear(r);
  return rc;
}
/* Mentions of many statements in one round trip: the ids go as one array
 * parameter, their positions come back beside each entity. */
/* stmts as one bigint[] parameter's text, in ids */
static int id_array(pg *p, const int64_t *stmts, size_t n, vb_buf *ids, vb_err *err) {
  vb_buf_init(ids, (size_t)64 << 20);
  vb_buf_addc(ids, '{');
  for (size_t i = 0; i < n; i++) vb_buf_printf(ids, "%s%lld", i ? "," : "", (long long)stmts[i]);
  vb_buf_addc(ids, '}');
  if (ids->failed || !ids->ptr) {
    vb_buf_free(ids);
    return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  }
  return VB_OK;
}
static int pg_mentions_of(void *impl, const int64_t *stmts, size_t n, int (*fn)(void *ctx, size_t i, int64_t entity),
                          void *ctx, vb_err *err) {
  pg *p = impl;
  vb_buf ids;
  if (id_array(p, stmts, n, &ids, err)) return err->code;
  const char *vals[1] = {ids.ptr};
  PGresult *r;
  int rc = vb_pg_exec(p,
                      "SELECT u.i - 1, m.entity_id FROM unnest($1::bigint[]) WITH ORDINALITY AS u(sid, i)"
                      " JOIN mentions m ON m.statement_id = u.sid",
                      1, vals, &r, err, "reading mentions");
  vb_buf_free(&ids);
  for (int i = 0; !rc && i < PQntuples(r); i++)
    rc = fn(ctx, (size_t)strtoull(PQgetvalue(r, i, 0), NULL, 10), strtoll(PQgetvalue(r, i, 1), NULL, 10));
  if (r) PQclear(r);
  return rc;
}
/* Every hit's context in one round trip, like mentions_of. */
static int pg_context_of(void *impl, const int64_t *stmts, size_t n, int width,
                         int (*fn)(void *ctx, size_t i, int rel, const char *text, size_t len), void *ctx,
                         vb_err *err) {
  pg *p = impl;
  vb_buf ids;
  if (id_array(p, stmts, n, &ids, err)) return err->code;
  char w[16];
  snprintf(w, sizeof w, "%d", width);
  const char *vals[2] = {ids.ptr, w};
  PGresult *r;
  int rc = vb_pg_exec(p,
                      "SELECT u.i - 1, x.idx - s.idx, convert_from(substring(convert_to(d.body, 'UTF8')"
                      " from x.start + 1 for x.\"end\" - x.start), 'UTF8')"
                      " FROM unnest($1::bigint[]) WITH ORDINALITY AS u(sid, i)"
                      " JOIN statements s ON s.id = u.sid JOIN statements x ON x.doc_id = s.doc_id"
                      " JOIN documents d ON d.id = s.doc_id"
                      " WHERE x.idx BETWEEN s.idx - $2::int AND s.idx + $2::int AND x.idx <> s.idx"
                      " AND x.turn IS NOT DISTINCT FROM s.turn AND x.kind = s.kind ORDER BY u.i, x.idx",
                      2, vals, &r, err, "reading a hit's context");
  vb_buf_free(&ids);
  for (int i = 0; !rc && i < PQntuples(r); i++)
    rc = fn(ctx, (size_t)strtoull(PQgetvalue(r, i, 0), NULL, 10), (int)strtol(PQgetvalue(r, i, 1), NULL, 10),
            PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2));
  if (r) PQclear(r);
  return rc;
}
static int pg_overview(void *impl, int latest, int (*fn)(void *ctx, int part, const char *const *cols, int n),
                       void *ctx, vb_err *err) {
  pg *p = impl;
  char l[16];
  snprintf(l, sizeof l, "%d", latest);
  int rc = VB_OK;
  for (int part = VB_OV_TOTALS; !rc && part <= VB_OV_LATEST; part++) {
    const char *vals[1] = {l};
    PGresult *r;
    rc = vb_pg_exec(p, vb_overview_sql[part], part == VB_OV_LATEST, vals, &r, err, "reading the overview");
    int n = rc ? 0 : PQnfields(r);
    for (int row = 0; !rc && row < PQntuples(r); row++) {
      const char *cols[8];
      for (int i = 0; i < n && i < 8; i++) cols[i] = PQgetisnull(r, row, i) ? NULL : PQgetvalue(r, row, i);
      rc = fn(ctx, part, cols, n < 8 ? n : 8);
    }
    if (r) PQclear(r);
  }
  return rc;
}
static int pg_entity_name(void *impl, int64_t id, char **name, char **type, vb_err *err) {
  pg *p = impl;
  char v[24];
  snprintf(v, sizeof v, "%lld", (long long)id);
  const char *vals[1] = {v};
  PGresult *r;
  *name = *type = NULL;
  int rc = vb_pg_exec(p, "SELECT name, coalesce(type, '') FROM entities WHERE id = $1::bigint", 1, vals, &r, err,
                      "reading an entity");
  if (!rc && PQntuples(r)) {
    *name = strdup(PQgetvalue(r, 0, 0));
    *type = strdup(PQgetvalue(r, 0, 1));
    if (!*name || !*type) {
      free(*name);
      free(*type);
      *name = *type = NULL;
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    }
  }
  PQclear(r);
  return rc;
}
static int pg_watch_put(void *impl, const char *name, const char *query, const char *sink, int anchored,
                        vb_err *err) {
  return vb_pg_watch_put(impl, name, query, sink, anchored, err);
}
static int pg_watch_rm(void *impl, const char *name, vb_err *err) { return vb_pg_watch_rm(impl, name, err); }
static int pg_watches_json(void *impl, char **json, vb_err *err) { return vb_pg_watches_json(impl, json, err); }
static int pg_alerts_json(void *impl, const vb_alert_filter *f, char **json, vb_err *err) {
  return vb_pg_alerts_json(impl, f, json, err);
}
static int pg_alerts_delivered(void *impl, const int64_t *ids, size_t n, const char *dead, vb_err *err) {
  return vb_pg_alerts_delivered(impl, ids, n, dead, err);
}
static int pg_alerts_claim(void *impl, int64_t claim, int stale, size_t *n, vb_err *err) {
  return vb_pg_alerts_claim(impl, claim, stale, n, err);
}
static int pg_alerts_release(void *impl, int64_t claim, vb_err *err) { return vb_pg_alerts_release(impl, claim, err); }
static int pg_alerts_last(void *impl, int64_t *id, vb_err *err) { return vb_pg_alerts_last(impl, id, err); }
static int pg_corrections(void *impl, int (*fn)(void *, int, const char *, const char *), void *ctx, vb_err *err) {
  return vb_pg_corrections(impl, fn, ctx, err);
}

const vb_store_ops vb_pg_ops = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .put = pg_put,
    .flush = pg_flush,
    .search = pg_search,
    .speakers_json = pg_speakers_json,
    .check = pg_check,
    .counts = pg_counts,
    .entities_json = pg_entities_json,
    .entity_json = pg_entity_json,
    .entity_fix = pg_entity_fix,
    .each_match = pg_each_match,
    .speaker_name = pg_speaker_name,
    .mentions_of = pg_mentions_of,
    .context_of = pg_context_of,
    .overview = pg_overview,
    .entity_name = pg_entity_name,
    .watch_put = pg_watch_put,
    .watch_rm = pg_watch_rm,
    .watches_json = pg_watches_json,
    .alerts_json = pg_alerts_json,
    .alerts_delivered = pg_alerts_delivered,
    .alerts_claim = pg_alerts_claim,
    .alerts_release = pg_alerts_release,
    .alerts_last = pg_alerts_last,
    .version = pg_version,
    .deadline = pg_deadline,
    .deadline_passed = pg_deadline_passed,
    .corrections = pg_corrections,
    .sql = &vs_pg_driver,
    .put_parse = pg_put_parse,
};
