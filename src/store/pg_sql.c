/* pg_sql — the PostgreSQL backend's SQL driver (sql.h) over libpq. A
 * statement keeps its SQL (with ?N turned into $N) and its parameters as
 * text (bytea in binary), runs at its first step, and hands out the rows
 * of the one result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"
#include "store/sql.h"

/* Parameters one statement may take (PostgreSQL allows 65,535). */
#define MAX_PARAMS 1024
/* Type oids, as in PostgreSQL's catalog (pg_type.dat): stable. */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

typedef struct post {
  vs_sql head;
  pg *p;
  char *sql;
  int n;        /* parameters the SQL names */
  char **vals;  /* malloc'd, NULL for SQL NULL */
  int *lens, *fmts;
  Oid *types;
  unsigned char *used; /* per parameter: the SQL names it */
  PGresult *r;
  int row, nrows;
  int streaming, sent; /* row by row (PQsetSingleRowMode), and the query is out */
  int64_t changes;     /* rows the last run changed: kept after a reset */
  int pending;         /* sent ahead (post_send), its answer not read yet */
  PGresult *got;       /* its answer, read (gather), until its first post_next */
  struct pg_kept *kept; /* the prepared statement it was sent as, if any */
  unsigned char *blob; /* the last bytea unescaped */
} post;

static int post_prepare(void *conn, const char *sql, vs_sql **out, vb_err *err);
static void post_reset(vs_sql *s);
static void gather(pg *p);

static void drop_value(post *q, int i) {
  free(q->vals[i]);
  q->vals[i] = NULL;
  q->lens[i] = q->fmts[i] = 0;
  q->types[i] = 0;
}

static int set_value(post *q, int i, const char *v, size_t n, Oid type, int binary) {
  if (i < 1 || i > q->n) return -1;
  drop_value(q, i - 1);
  if (!v) return 0;
  char *copy = malloc(n + 1);
  if (!copy) return -1;
  memcpy(copy, v, n);
  copy[n] = '\0';
  q->vals[i - 1] = copy;
  q->lens[i - 1] = (int)n;
  q->fmts[i - 1] = binary;
  q->types[i - 1] = type;
  return 0;
}

static int post_bind_int(vs_sql *s, int i, int64_t v) {
  char b[24];
  int n = snprintf(b, sizeof b, "%lld", (long long)v);
  return set_value((post *)s, i, b, (size_t)n, OID_INT8, 0);
}
static int post_bind_double(vs_sql *s, int i, double v) {
  char b[40];
  int n = snprintf(b, sizeof b, "%.17g", v);
  return set_value((post *)s, i, b, (size_t)n, OID_FLOAT8, 0);
}
static int post_bind_text(vs_sql *s, int i, const char *t, size_t n) {
  return set_value((post *)s, i, t, n, OID_TEXT, 0);
}
static int post_bind_blob(vs_sql *s, int i, const void *p, size_t n) {
  return set_value((post *)s, i, p ? p : "", n, OID_BYTEA, 1);
}
static int post_bind_null(vs_sql *s, int i) { return set_value((post *)s, i, NULL, 0, 0, 0); }

/* Reads the results of a streamed query to the end: the connection is
 * free for the next. */
static void drain(post *q) {
  PGresult *r;
  while (q->sent && (r = PQgetResult(q->p->c))) PQclear(r);
  q->sent = 0;
}

static int fail(post *q, PGresult *r, vb_err *err) {
  const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  snprintf(q->p->sqlstate, sizeof q->p->sqlstate, "%s", code ? code : "");
  vb_pg_err(q->p, err, "reading the archive", r);
  return -1;
}

/* A streamed query: one row per call. */
static int next_streamed(post *q, vb_err *err) {
  if (!q->sent) {
    for (int i = 0; i < q->n; i++)
      if (!q->used[i] && !q->types[i]) q->types[i] = OID_TEXT;
    q->p->sqlstate[0] = '\0';
    if (vb_pg_settle(q->p, err)) return -1; /* rows one at a time: not in a pipeline */
    q->p->sent++;
    if (!PQsendQueryParams(q->p->c, q->sql, q->n, q->types, (const char *const *)q->vals, q->lens, q->fmts, 0))
      return fail(q, NULL, err);
    q->sent = 1;
    PQsetSingleRowMode(q->p->c); /* if refused, the rows come at once: read the same way */
  }
  for (;;) {
    PQclear(q->r);
    q->r = PQgetResult(q->p->c);
    if (!q->r) {
      q->sent = 0;
      return 0;
    }
    ExecStatusType st = PQresultStatus(q->r);
    if (st == PGRES_SINGLE_TUPLE || (st == PGRES_TUPLES_OK && PQntuples(q->r) > 0)) {
      q->row = 0;
      q->nrows = PQntuples(q->r);
      return 1;
    }
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      int rc = fail(q, q->r, err);
      PQclear(q->r);
      q->r = NULL;
      drain(q);
      return rc;
    }
  }
}

/* ---- statements kept prepared ------------------------------------------------- */

/* Prepared only what recurs and reads or writes rows: a cost estimate
 * (EXPLAIN) is asked once a minute at most (pg_search.c), and schema
 * changes run once. */
static int keepable(const char *sql) {
  static const char *const verbs[] = {"SELECT ", "WITH ", "INSERT ", "UPDATE ", "DELETE "};
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
    if (!strncmp(sql, verbs[i], strlen(verbs[i]))) return 1;
  return 0;
}

static int kept_same(const struct pg_kept *k, const post *q) {
  return k->sql && k->n == q->n && !strcmp(k->sql, q->sql) &&
         (!q->n || !memcmp(k->types, q->types, (size_t)q->n * sizeof *q->types));
}

static void kept_drop(struct pg_kept *k) {
  free(k->sql);
  free(k->types);
  memset(k, 0, sizeof *k);
}

void vb_pg_kept_free(pg *p) {
  for (size_t i = 0; i < PG_KEPT; i++) kept_drop(&p->kept[i]);
  for (size_t i = 0; i < PG_ROW_SHAPES; i++) {
    free(p->shapes[i].head);
    free(p->shapes[i].tail);
    memset(&p->shapes[i], 0, sizeof p->shapes[i]);
  }
}

/* The writes ahead were answered: the shapes prepared among them are
 * there, or (failed: the pipeline skipped what followed the failure) may
 * not be, and are prepared again under a new name when next used; a
 * prepared statement gone from the server (26000: a pooler's DISCARD ALL)
 * takes every name with it. */
static void shapes_answered(pg *p, int ok, const PGresult *failed) {
  const char *code = failed ? PQresultErrorField(failed, PG_DIAG_SQLSTATE) : NULL;
  int gone = code && !strcmp(code, "26000");
  for (size_t i = 0; i < PG_ROW_SHAPES; i++) {
    struct pg_shape *sh = &p->shapes[i];
    if (!sh->name) continue;
    if (ok) sh->confirmed = 1;
    else if (gone || !sh->confirmed) sh->name = 0;
  }
  /* the statements kept whose prepare went ahead with the writes likewise */
  for (size_t i = 0; i < PG_KEPT; i++) {
    struct pg_kept *k = &p->kept[i];
    if (!k->unconfirmed) continue;
    if (!ok) k->name = 0;
    k->unconfirmed = 0;
  }
}

/* q's entry (the same SQL and parameter types), else a new one taking a
 * free entry or one seen once; NULL when every entry is prepared, or
 * memory is short: then q runs unprepared. *seen: the entry was there. */
static struct pg_kept *kept_find(pg *p, const post *q, int *seen) {
  *seen = 0;
  if (!keepable(q->sql)) return NULL;
  struct pg_kept *k = NULL;
  for (size_t i = 0; i < PG_KEPT; i++)
    if (kept_same(&p->kept[i], q)) {
      *seen = 1;
      return &p->kept[i];
    }
  for (size_t i = 0; !k && i < PG_KEPT; i++)
    if (!p->kept[i].sql) k = &p->kept[i];
  for (size_t i = 0; !k && i < PG_KEPT; i++) {
    struct pg_kept *c = &p->kept[(p->kept_next + i) % PG_KEPT];
    if (!c->name) {
      k = c;
      p->kept_next = (unsigned)((c - p->kept + 1) % PG_KEPT);
    }
  }
  if (!k) return NULL;
  kept_drop(k);
  k->sql = strdup(q->sql);
  k->types = malloc(((size_t)q->n + 1) * sizeof *k->types);
  if (!k->sql || !k->types) {
    kept_drop(k);
    return NULL;
  }
  if (q->n) memcpy(k->types, q->types, (size_t)q->n * sizeof *q->types);
  k->n = q->n;
  return k;
}

/* The result of the pipeline's next command, the rest of it read. */
static PGresult *piped(PGconn *c) {
  PGresult *r = PQgetResult(c), *more;
  while (r && (more = PQgetResult(c))) PQclear(more);
  return r;
}

/* ---- writes sent ahead (pg_int.h) ------------------------------------------- */

/* Writes ahead at most: their answers (a few dozen bytes each) stay far
 * below what the socket holds, so the server never waits on us to read
 * while we wait on it to read. */
#define AHEAD_MAX 256

/* r, or an answer saying the connection failed where none came. */
static PGresult *or_failed(PGconn *c, PGresult *r) { return r ? r : PQmakeEmptyPGresult(c, PGRES_FATAL_ERROR); }

/* Reads what is left up to the pipeline's sync point (when the sync was
 * sent) and leaves pipeline mode. */
static void pipeline_leave(PGconn *c, int synced) {
  PGresult *r;
  while (synced && (r = PQgetResult(c))) {
    int last = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (last) break;
  }
  PQexitPipelineMode(c);
}

/* Sends a Sync after what the pipeline holds and reads it all, leaving
 * pipeline mode: the writes sent ahead, then n commands more into out[].
 * The first failed write's answer (the commands after it were aborted),
 * NULL when every write went in. */
static PGresult *behind(pg *p, int n, PGresult **out) {
  PGconn *c = p->c;
  PGresult *failed = NULL;
  int synced = PQpipelineSync(c);
  for (int i = 0; i < p->piped; i++) {
    PGresult *r = synced ? piped(c) : NULL;
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (!failed && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) failed = or_failed(c, r);
    else PQclear(r);
  }
  for (int i = 0; i < n; i++) out[i] = synced ? piped(c) : NULL;
  pipeline_leave(c, synced);
  p->piped = 0;
  shapes_answered(p, synced && !failed, failed);
  return failed;
}

/* Sends one statement ahead (prepared as name, else sql with its
 * parameter types): 0 when it went. */
static int ahead(pg *p, const char *name, const char *sql, int n, const Oid *types, const char *const *values,
                 const int *lens, const int *fmts) {
  PGconn *c = p->c;
  gather(p);
  if (p->piped >= AHEAD_MAX || (!p->piped && PQtransactionStatus(c) != PQTRANS_INTRANS)) return 1;
  if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c)) return 1;
  if (!(name ? PQsendQueryPrepared(c, name, n, values, lens, fmts, 0)
             : PQsendQueryParams(c, sql, n, types, values, lens, fmts, 0))) {
    if (!p->piped) PQexitPipelineMode(c);
    return 1; /* run as usual: a broken connection says so there */
  }
  p->piped++;
  p->sent++;
  return 0;
}

int vb_pg_ahead(pg *p, const char *sql, int n, const char *const *values) {
  return ahead(p, NULL, sql, n, NULL, values, NULL, NULL);
}

/* sql (parameter types as given) after the writes sent ahead. */
static PGresult *after_ahead(pg *p, const char *sql, int n, const Oid *types, const char *const *values,
                             const int *lens, const int *fmts) {
  gather(p);
  if (!p->piped) return PQexecParams(p->c, sql, n, types, values, lens, fmts, 0);
  PGresult *r = NULL;
  int sent = PQsendQueryParams(p->c, sql, n, types, values, lens, fmts, 0);
  PGresult *failed = behind(p, sent, &r);
  if (!failed) return or_failed(p->c, r);
  PQclear(r);
  return failed;
}

PGresult *vb_pg_after_ahead(pg *p, const char *sql, int n, const char *const *values, const int *lens,
                            const int *fmts) {
  return after_ahead(p, sql, n, NULL, values, lens, fmts);
}

int vb_pg_settle(pg *p, vb_err *err) {
  gather(p);
  if (!p->piped) return VB_OK;
  PGresult *failed = behind(p, 0, NULL);
  if (!failed) return VB_OK;
  const char *code = PQresultErrorField(failed, PG_DIAG_SQLSTATE);
  snprintf(p->sqlstate, sizeof p->sqlstate, "%s", code ? code : "");
  int rc = vb_pg_err(p, err, "adding rows", failed);
  PQclear(failed);
  return rc;
}

/* ---- reads sent ahead (sql.h, send) ------------------------------------------ */

/* The reads sent ahead answered: one Sync after them, each answer kept in
 * its statement for its first post_next, the pipeline left. Anything else
 * run on the connection gathers them first. */
static void gather(pg *p) {
  if (!p->nreads) return;
  PGconn *c = p->c;
  int synced = PQpipelineSync(c);
  for (int i = 0; i < p->nreads; i++) {
    post *q = p->reads[i];
    PGresult *r = or_failed(c, synced ? piped(c) : NULL);
    const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    /* as exec_kept: gone, or its columns changed under it */
    if (code && q->kept && (!strcmp(code, "26000") || !strcmp(code, "0A000"))) kept_drop(q->kept);
    q->got = r;
    q->pending = 0;
    q->kept = NULL;
  }
  p->nreads = 0;
  pipeline_leave(c, synced);
}

/* Sends q ahead when it is prepared on the connection already; any other
 * runs when read, by exec_kept, which prepares what recurs (a prepare sent
 * ahead could lose its entry to the next statement seen before its answer
 * names it). Not beside writes sent ahead. */
static int post_send(vs_sql *s) {
  post *q = (post *)s;
  pg *p = q->p;
  if (q->streaming || q->r || q->got || q->pending || p->piped || p->nreads >= PG_READS_AHEAD) return 1;
  for (int i = 0; i < q->n; i++)
    if (!q->used[i] && !q->types[i]) q->types[i] = OID_TEXT;
  struct pg_kept *k = NULL;
  for (size_t i = 0; !k && i < PG_KEPT; i++)
    if (p->kept[i].name && kept_same(&p->kept[i], q)) k = &p->kept[i];
  if (!k) return 1;
  PGconn *c = p->c;
  if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c)) return 1;
  char name[24];
  snprintf(name, sizeof name, "vb%u", k->name);
  if (!PQsendQueryPrepared(c, name, q->n, (const char *const *)q->vals, q->lens, q->fmts, 0)) {
    if (!p->nreads) PQexitPipelineMode(c);
    return 1; /* run as usual: a broken connection says so there */
  }
  q->pending = 1;
  q->kept = k;
  p->reads[p->nreads++] = q;
  p->sent++;
  return 0;
}

/* Prepares q as k's statement and runs it in one round trip (libpq's
 * pipeline: Parse, Bind, Execute, one Sync), after any writes sent ahead.
 * The prepare's failure is the answer when it fails (a write's before
 * it); a statement that failed to prepare stays seen. */
static PGresult *prepare_and_run(post *q, struct pg_kept *k, const char *name) {
  PGconn *c = q->p->c;
  if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c))
    return PQexecParams(c, q->sql, q->n, q->types, (const char *const *)q->vals, q->lens, q->fmts, 0);
  PGresult *got[2] = {NULL, NULL};
  int sent = 0;
  if (PQsendPrepare(c, name, q->sql, q->n, q->types))
    sent = PQsendQueryPrepared(c, name, q->n, (const char *const *)q->vals, q->lens, q->fmts, 0) ? 2 : 1;
  PGresult *failed = behind(q->p, sent, got);
  if (failed) {
    PQclear(got[0]);
    PQclear(got[1]);
    return failed;
  }
  if (got[0] && PQresultStatus(got[0]) == PGRES_COMMAND_OK) {
    k->name = q->p->kept_serial;
    PQclear(got[0]);
    return or_failed(c, got[1]);
  }
  PQclear(got[1]);
  return got[0];
}

/* Runs q's SQL: prepared when it has been seen before on the connection
 * (parsed and planned once, then bound and run); after any writes sent
 * ahead, in the same round trip. */
static PGresult *exec_kept(post *q) {
  pg *p = q->p;
  gather(p);
  int seen;
  struct pg_kept *k = kept_find(p, q, &seen);
  char name[24];
  if (k && k->name) {
    snprintf(name, sizeof name, "vb%u", k->name);
    PGresult *r = NULL, *failed = NULL;
    if (!p->piped) {
      r = PQexecPrepared(p->c, name, q->n, (const char *const *)q->vals, q->lens, q->fmts, 0);
    } else {
      int sent = PQsendQueryPrepared(p->c, name, q->n, (const char *const *)q->vals, q->lens, q->fmts, 0);
      failed = behind(p, sent, &r);
      if (failed) {
        PQclear(r);
        return failed;
      }
      r = or_failed(p->c, r);
    }
    const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    /* gone (a pooler's DISCARD ALL) or its columns changed under it
     * (another process migrated): forgotten, made again next time */
    if (code && (!strcmp(code, "26000") || !strcmp(code, "0A000"))) kept_drop(k);
    return r;
  }
  if (k && seen) {
    snprintf(name, sizeof name, "vb%u", ++p->kept_serial);
    return prepare_and_run(q, k, name);
  }
  return after_ahead(p, q->sql, q->n, q->types, (const char *const *)q->vals, q->lens, q->fmts);
}

static int post_next(vs_sql *s, vb_err *err) {
  post *q = (post *)s;
  if (q->streaming) {
    /* the rows of a result that came at once, then the next result */
    if (q->r && q->row + 1 < q->nrows) {
      q->row++;
      return 1;
    }
    return next_streamed(q, err);
  }
  if (!q->r) {
    /* a parameter the SQL does not name needs a type all the same */
    for (int i = 0; i < q->n; i++)
      if (!q->used[i] && !q->types[i]) q->types[i] = OID_TEXT;
    q->p->sqlstate[0] = '\0';
    if (q->pending) gather(q->p);
    if (q->got) {
      q->r = q->got; /* sent ahead (post_send) */
      q->got = NULL;
    } else {
      q->p->sent++;
      q->r = exec_kept(q);
    }
    ExecStatusType st = q->r ? PQresultStatus(q->r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const char *code = q->r ? PQresultErrorField(q->r, PG_DIAG_SQLSTATE) : NULL;
      snprintf(q->p->sqlstate, sizeof q->p->sqlstate, "%s", code ? code : "");
      vb_pg_err(q->p, err, "reading the archive", q->r);
      PQclear(q->r);
      q->r = NULL;
      return -1;
    }
    q->nrows = st == PGRES_TUPLES_OK ? PQntuples(q->r) : 0;
    q->changes = strtoll(PQcmdTuples(q->r), NULL, 10);
    q->row = -1;
  }
  if (q->row + 1 >= q->nrows) {
    q->row = q->nrows;
    return 0;
  }
  q->row++;
  return 1;
}

/* Sends k's prepare (q's SQL, as name) ahead with the writes, unconfirmed
 * until their answers come back without a failure (shapes_answered): 0
 * when it went. */
static int prepare_ahead(pg *p, struct pg_kept *k, const post *q, const char *name) {
  PGconn *c = p->c;
  if (p->piped + 2 > AHEAD_MAX || (!p->piped && PQtransactionStatus(c) != PQTRANS_INTRANS)) return 1;
  if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c)) return 1;
  if (!PQsendPrepare(c, name, q->sql, q->n, q->types)) {
    if (!p->piped) PQexitPipelineMode(c);
    return 1;
  }
  p->piped++;
  k->name = p->kept_serial;
  k->unconfirmed = 1;
  return 0;
}

/* A write no one reads the answer of (sql.h): ahead in a transaction, as
 * the statement kept prepared where it is. One seen before is prepared
 * ahead with it: a write that always goes ahead (a document's language,
 * its parse record, its entities' totals) was parsed, analysed and
 * planned again for every document (pg_stat_statements: 40 plans for 40
 * documents each). A prepare whose answer comes back behind a failure is
 * forgotten there and made again next time (shapes_answered). */
static int post_write(vs_sql *s, vb_err *err) {
  post *q = (post *)s;
  if (!q->streaming && !q->r) {
    pg *p = q->p;
    for (int i = 0; i < q->n; i++)
      if (!q->used[i] && !q->types[i]) q->types[i] = OID_TEXT;
    gather(p);
    int seen;
    struct pg_kept *k = kept_find(p, q, &seen);
    char name[24];
    if (k && !k->name && seen) {
      snprintf(name, sizeof name, "vb%u", ++p->kept_serial);
      if (prepare_ahead(p, k, q, name)) k = NULL; /* sent as it is, below */
    }
    if (k && k->name) snprintf(name, sizeof name, "vb%u", k->name);
    if (!ahead(p, k && k->name ? name : NULL, q->sql, q->n, q->types, (const char *const *)q->vals, q->lens,
               q->fmts)) {
      post_reset(s);
      return VB_OK;
    }
  }
  return vs_sql_run(s, err);
}

static int post_column_null(vs_sql *s, int i) {
  post *q = (post *)s;
  return PQgetisnull(q->r, q->row, i);
}
static int64_t post_column_int(vs_sql *s, int i) {
  post *q = (post *)s;
  const char *v = PQgetvalue(q->r, q->row, i);
  if (PQftype(q->r, i) == OID_BOOL) return v[0] == 't';
  return strtoll(v, NULL, 10);
}
static double post_column_double(vs_sql *s, int i) {
  post *q = (post *)s;
  return strtod(PQgetvalue(q->r, q->row, i), NULL);
}
static const char *post_column_text(vs_sql *s, int i, size_t *len) {
  post *q = (post *)s;
  if (len) *len = (size_t)PQgetlength(q->r, q->row, i);
  return PQgetvalue(q->r, q->row, i);
}
static const void *post_column_blob(vs_sql *s, int i, size_t *len) {
  post *q = (post *)s;
  if (PQftype(q->r, i) != OID_BYTEA || PQgetisnull(q->r, q->row, i)) return post_column_text(s, i, len);
  PQfreemem(q->blob);
  q->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(q->r, q->row, i), len);
  if (!q->blob) *len = 0;
  return q->blob ? (const void *)q->blob : "";
}
static int64_t post_changes(vs_sql *s) { return ((post *)s)->changes; }
static void post_reset(vs_sql *s) {
  post *q = (post *)s;
  if (q->pending) gather(q->p);
  PQclear(q->got);
  q->got = NULL;
  if (q->streaming) drain(q);
  PQclear(q->r);
  q->r = NULL;
  q->row = q->nrows = 0;
  PQfreemem(q->blob);
  q->blob = NULL;
  for (int i = 0; q->vals && q->lens && q->fmts && q->types && i < q->n; i++) drop_value(q, i);
}
static void post_finalize(vs_sql *s) {
  post *q = (post *)s;
  post_reset(s);
  free(q->sql);
  free(q->vals);
  free(q->lens);
  free(q->fmts);
  free(q->types);
  free(q->used);
  free(q);
}

/* What the connection's writer learnt of statements goes with a
 * transaction rolled back (vs_writes_undo). */
static int post_begin(void *conn, vb_err *err) {
  int rc = vb_pg_flush(conn, err);
  if (!rc) rc = vb_pg_exec(conn, "BEGIN", 0, NULL, NULL, err, "beginning");
  if (!rc) vs_writes_begun(((pg *)conn)->writes);
  return rc;
}
static int post_commit(void *conn, vb_err *err) {
  int rc = vb_pg_exec(conn, "COMMIT", 0, NULL, NULL, err, "committing");
  if (rc) vb_pg_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "");
  if (rc) vs_writes_undo(((pg *)conn)->writes, 0);
  else vs_writes_begun(((pg *)conn)->writes);
  return rc;
}
static void post_rollback(void *conn) {
  vb_pg_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "");
  vs_writes_undo(((pg *)conn)->writes, 0);
}
static int post_retryable(void *conn) {
  const pg *p = conn;
  return !strcmp(p->sqlstate, "40P01") || !strcmp(p->sqlstate, "40001");
}

/* Many rows per INSERT, at most ROWS_PER_INSERT (13 values a row stays
 * far below PostgreSQL's 65,535 parameters), a power of two in each: a
 * table's INSERTs are then of a few shapes that recur, each prepared once
 * a connection (pg.shapes), so its many rows are not parsed, analysed and
 * planned again for each document (13% of an ingest's server CPU, perf,
 * bench/RESULTS.md issue 20 session 23). Values go as text the server
 * reads as the column's type. No one reads their answer: in a
 * transaction they go ahead (pg_int.h), the prepare too, answered with
 * the next read. */
#define ROWS_PER_INSERT 128

/* The entry of a shape, made when new; NULL when every entry is taken
 * or memory is short (then the rows go unprepared). */
static struct pg_shape *shape_of(pg *p, const char *head, const char *tail, int ncols, size_t rows) {
  struct pg_shape *free_one = NULL;
  for (size_t i = 0; i < PG_ROW_SHAPES; i++) {
    struct pg_shape *sh = &p->shapes[i];
    if (!sh->head) {
      if (!free_one) free_one = sh;
      continue;
    }
    if (sh->rows == rows && sh->ncols == ncols && !strcmp(sh->head, head) &&
        (tail ? sh->tail && !strcmp(sh->tail, tail) : !sh->tail))
      return sh;
  }
  if (!free_one) return NULL;
  free_one->head = strdup(head);
  free_one->tail = tail ? strdup(tail) : NULL;
  if (!free_one->head || (tail && !free_one->tail)) {
    free(free_one->head);
    free(free_one->tail);
    free_one->head = free_one->tail = NULL;
    return NULL;
  }
  free_one->ncols = ncols;
  free_one->rows = rows;
  free_one->name = 0;
  free_one->confirmed = 0;
  return free_one;
}

/* Sends the rows ahead as sh's statement, prepared first (ahead too) when
 * it is not yet: 0 when they went, else they must be run as usual. */
static int shape_ahead(pg *p, struct pg_shape *sh, const char *sql, int n, const char *const *values, const int *lens,
                       const int *fmts) {
  PGconn *c = p->c;
  gather(p);
  if (p->piped + 2 > AHEAD_MAX || (!p->piped && PQtransactionStatus(c) != PQTRANS_INTRANS)) return 1;
  if (PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c)) return 1;
  char name[24];
  if (!sh->name) {
    snprintf(name, sizeof name, "vr%u", ++p->shape_serial);
    if (!PQsendPrepare(c, name, sql, n, NULL)) {
      if (!p->piped) PQexitPipelineMode(c);
      return 1;
    }
    p->piped++;
    sh->name = p->shape_serial;
    sh->confirmed = 0;
  }
  snprintf(name, sizeof name, "vr%u", sh->name);
  if (!PQsendQueryPrepared(c, name, n, values, lens, fmts, 0)) {
    if (!p->piped) PQexitPipelineMode(c);
    return 1; /* run as usual: a broken connection says so there */
  }
  p->piped++;
  p->sent++;
  return 0;
}

/* The rows now, after the writes ahead (none could go ahead). */
static int rows_now(pg *p, const char *sql, int n, const char *const *values, const int *lens, const int *fmts,
                    vb_err *err) {
  p->sqlstate[0] = '\0';
  p->sent++;
  PGresult *r = vb_pg_after_ahead(p, sql, n, values, lens, fmts);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  int rc = VB_OK;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(p->sqlstate, sizeof p->sqlstate, "%s", code ? code : "");
    rc = vb_pg_err(p, err, "adding rows", r);
  }
  PQclear(r);
  return rc;
}

static int post_insert_rows(void *conn, const char *head, const char *tail, int ncols, size_t nrows,
                            const vs_value *vals, int64_t *ids, vb_err *err) {
  (void)ids; /* read again by the caller: RETURNING gives no promise of order */
  pg *p = conn;
  vb_buf sql, num;
  vb_buf_init(&sql, 0);
  vb_buf_init(&num, 0);
  size_t most = ROWS_PER_INSERT * (size_t)ncols;
  const char **v = malloc(most * sizeof *v);
  size_t *at = malloc(most * sizeof *at); /* offsets in num, for numbers */
  int *lens = malloc(most * sizeof *lens), *fmts = malloc(most * sizeof *fmts); /* a raw value's bytes, binary */
  int rc = v && at && lens && fmts ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  for (size_t first = 0, k; !rc && first < nrows; first += k) {
    k = ROWS_PER_INSERT; /* the largest power of two left */
    while (k > nrows - first) k /= 2;
    sql.len = num.len = 0;
    vb_buf_adds(&sql, head);
    for (size_t r = 0; r < k; r++) {
      vb_buf_adds(&sql, r ? ",(" : " VALUES(");
      for (int c = 0; c < ncols; c++) vb_buf_printf(&sql, "%s$%zu", c ? "," : "", r * (size_t)ncols + (size_t)c + 1);
      vb_buf_addc(&sql, ')');
    }
    if (tail) vb_buf_printf(&sql, " %s", tail);
    size_t n = k * (size_t)ncols;
    for (size_t i = 0; i < n; i++) {
      const vs_value *x = &vals[first * (size_t)ncols + i];
      at[i] = num.len;
      if (x->type == VS_INT) vb_buf_printf(&num, "%lld", (long long)x->i);
      else if (x->type == VS_REAL) vb_buf_printf(&num, "%.3f", x->d);
      else if (x->type == VS_BLOB) { /* bytea's text form: \x and two hex digits a byte */
        vb_buf_adds(&num, "\\x");
        for (size_t b = 0; b < x->n; b++) {
          vb_buf_addc(&num, "0123456789abcdef"[(unsigned char)x->p[b] >> 4]);
          vb_buf_addc(&num, "0123456789abcdef"[(unsigned char)x->p[b] & 15]);
        }
      }
      vb_buf_addc(&num, '\0');
    }
    char **texts = calloc(n + 1, sizeof *texts);
    for (size_t i = 0; texts && i < n; i++) {
      const vs_value *x = &vals[first * (size_t)ncols + i];
      if (x->type == VS_TEXT) texts[i] = strndup(x->p, x->n);
      v[i] = x->type == VS_NULL ? NULL : x->type == VS_TEXT ? texts[i] : num.ptr + at[i]; /* a blob's text too */
      if (x->type == VS_TEXT && !texts[i]) num.failed = 1;
      lens[i] = x->type == VS_RAW ? (int)x->n : 0;
      fmts[i] = x->type == VS_RAW;
      if (x->type == VS_RAW) v[i] = x->p;
    }
    struct pg_shape *sh = NULL;
    if (!texts || sql.failed || num.failed) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    else sh = shape_of(p, head, tail, ncols, k);
    /* prepared and sent ahead, else as it is: ahead, or now */
    if (!rc && (!sh || shape_ahead(p, sh, sql.ptr, (int)n, v, lens, fmts)) &&
        ahead(p, NULL, sql.ptr, (int)n, NULL, v, lens, fmts))
      rc = rows_now(p, sql.ptr, (int)n, v, lens, fmts, err);
    for (size_t i = 0; texts && i < n; i++) free(texts[i]);
    free(texts);
  }
  free(v);
  free(at);
  free(lens);
  free(fmts);
  vb_buf_free(&sql);
  vb_buf_free(&num);
  return rc;
}

static int post_conflict(void *conn) { return !strcmp(((const pg *)conn)->sqlstate, "23505"); }
/* classes 42 (syntax, access) and 22 (data: a tsquery it cannot read) */
static int post_syntax_error(void *conn) {
  const char *c = ((const pg *)conn)->sqlstate;
  return !strncmp(c, "42", 2) || !strncmp(c, "22", 2);
}
static void post_stream(vs_sql *s) { ((post *)s)->streaming = 1; }
/* pg.c's batch of documents: its transaction took the corrections' lock
 * shared (doc_begin) */
static unsigned long post_batch(void *conn) {
  const pg *p = conn;
  return p->in_batch ? p->batch_serial : 0;
}

static const vs_dialect post_dialect = {
    /* a bytea's substring reads the TOAST chunks of its span alone (the
     * body's bytes are stored uncompressed, pg.c); a document stored
     * before the copy has its whole body converted */
    .stmt_text = "convert_from(substring(coalesce(d.body_bytes, convert_to(d.body, 'UTF8'))"
                 " from s.start + 1 for s.\"end\" - s.start), 'UTF8')",
    /* OFFSET 0 keeps the subquery apart: a lookup per statement */
    .doc_of_stmt = "CROSS JOIN LATERAL (SELECT * FROM documents WHERE id = s.doc_id OFFSET 0) d",
    .now_unix = "extract(epoch from now())::bigint",
    .binary = " COLLATE \"C\"",
    .contains = "strpos(%s, %s) > 0",
    .lock_watches = "SELECT pg_advisory_xact_lock(" VB_PG_WATCH_LOCK ")",
    .lock_watches_shared = "SELECT pg_advisory_xact_lock_shared(" VB_PG_WATCH_LOCK ")",
    .lock_fix = "SELECT pg_advisory_xact_lock(" VB_PG_FIX_LOCK ")",
    .analyze_gathered = "ANALYZE fix_statements",
    .returning_id = " RETURNING id",
    .round_trips = 1,
    .year_alone_docs = "documents",
    .family_members = "fingerprints %s",
    .in_ids = "%s = ANY(CAST(?%d AS bigint[]))",
    .ids_open = "{",
    .ids_close = "}",
    .body_bytes_col = "body_bytes",
    .body_bytes_of = "convert_to(?%d, 'UTF8')",
    .index_raw = 1, /* pg.c, tsv_of */
};

const vs_sql_driver vs_pg_driver = {
    .name = "postgresql",
    .dialect = &post_dialect,
    .prepare = post_prepare,
    .bind_int = post_bind_int,
    .bind_double = post_bind_double,
    .bind_text = post_bind_text,
    .bind_blob = post_bind_blob,
    .bind_null = post_bind_null,
    .next = post_next,
    .column_null = post_column_null,
    .column_int = post_column_int,
    .column_double = post_column_double,
    .column_text = post_column_text,
    .column_blob = post_column_blob,
    .changes = post_changes,
    .reset = post_reset,
    .finalize = post_finalize,
    .begin = post_begin,
    .commit = post_commit,
    .rollback = post_rollback,
    .retryable = post_retryable,
    .conflict = post_conflict,
    .syntax_error = post_syntax_error,
    .insert_rows = post_insert_rows,
    .stream = post_stream,
    .write = post_write,
    .send = post_send,
    .batch = post_batch,
};

/* "?12" -> "$12" outside quoted text; n gets the highest number, used
 * (MAX_PARAMS + 1 bytes) the numbers named. */
static char *placeholders(const char *sql, int *n, unsigned char *used) {
  size_t len = strlen(sql);
  char *out = malloc(len + 1);
  if (!out) return NULL;
  char quote = 0;
  size_t j = 0;
  *n = 0;
  for (size_t i = 0; i < len; i++) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      int k = 0;
      for (size_t d = i + 1; sql[d] >= '0' && sql[d] <= '9' && k < 100000; d++) k = k * 10 + (sql[d] - '0');
      if (k > *n) *n = k;
      if (k >= 1 && k <= MAX_PARAMS) used[k - 1] = 1;
      c = '$';
    }
    out[j++] = c;
  }
  out[j] = '\0';
  return out;
}

static int post_prepare(void *conn, const char *sql, vs_sql **out, vb_err *err) {
  pg *p = conn;
  *out = NULL;
  post *q = calloc(1, sizeof *q);
  if (!q) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  q->head.drv = &vs_pg_driver;
  q->p = p;
  q->used = calloc(MAX_PARAMS + 1, 1);
  q->sql = q->used ? placeholders(sql, &q->n, q->used) : NULL;
  if (q->sql && q->n > MAX_PARAMS) {
    post_finalize(&q->head);
    return vb_err_set(err, VB_ELIMIT, p->uri, -1, "more than %d parameters in one statement", MAX_PARAMS);
  }
  size_t k = (size_t)q->n + 1;
  q->vals = calloc(k, sizeof *q->vals);
  q->lens = calloc(k, sizeof *q->lens);
  q->fmts = calloc(k, sizeof *q->fmts);
  q->types = calloc(k, sizeof *q->types);
  if (!q->sql || !q->vals || !q->lens || !q->fmts || !q->types) {
    post_finalize(&q->head);
    return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  }
  *out = &q->head;
  return VB_OK;
}
