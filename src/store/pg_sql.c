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
  PGresult *r;
  int row, nrows;
  unsigned char *blob; /* the last bytea unescaped */
} post;

static int post_prepare(void *conn, const char *sql, vs_sql **out, vb_err *err);

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

static int post_next(vs_sql *s, vb_err *err) {
  post *q = (post *)s;
  if (!q->r) {
    q->p->sqlstate[0] = '\0';
    q->r = PQexecParams(q->p->c, q->sql, q->n, q->types, (const char *const *)q->vals, q->lens, q->fmts, 0);
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
    q->row = -1;
  }
  if (q->row + 1 >= q->nrows) {
    q->row = q->nrows;
    return 0;
  }
  q->row++;
  return 1;
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
static int64_t post_changes(vs_sql *s) {
  post *q = (post *)s;
  return q->r ? strtoll(PQcmdTuples(q->r), NULL, 10) : 0;
}
static void post_reset(vs_sql *s) {
  post *q = (post *)s;
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
  free(q);
}

static int post_begin(void *conn, vb_err *err) { return vb_pg_exec(conn, "BEGIN", 0, NULL, NULL, err, "beginning"); }
static int post_commit(void *conn, vb_err *err) {
  int rc = vb_pg_exec(conn, "COMMIT", 0, NULL, NULL, err, "committing");
  if (rc) vb_pg_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "");
  return rc;
}
static void post_rollback(void *conn) { vb_pg_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, ""); }
static int post_retryable(void *conn) {
  const pg *p = conn;
  return !strcmp(p->sqlstate, "40P01") || !strcmp(p->sqlstate, "40001");
}

static const vs_dialect post_dialect = {
    .stmt_text = "convert_from(substring(convert_to(d.body, 'UTF8') from s.start + 1 for s.\"end\" - s.start),"
                 " 'UTF8')",
    .now_unix = "extract(epoch from now())::bigint",
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
};

/* "?12" -> "$12" outside quoted text; n gets the highest number. */
static char *placeholders(const char *sql, int *n) {
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
      for (size_t d = i + 1; sql[d] >= '0' && sql[d] <= '9'; d++) k = k * 10 + (sql[d] - '0');
      if (k > *n) *n = k;
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
  q->sql = placeholders(sql, &q->n);
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
