/* sqlite_sql — the SQLite backend's SQL driver (sql.h): prepared
 * statements straight from the SQLite API. A write transaction first
 * commits the batch of documents this connection has open. */
#include <stdlib.h>

#include "store/sql.h"
#include "store/sqlite_int.h"

typedef struct lite {
  vs_sql head;
  sq *s;
  sqlite3_stmt *st;
} lite;

static int lite_prepare(void *conn, const char *sql, vs_sql **out, vb_err *err);

static int lite_bind_int(vs_sql *q, int i, int64_t v) { return sqlite3_bind_int64(((lite *)q)->st, i, v); }
static int lite_bind_double(vs_sql *q, int i, double v) { return sqlite3_bind_double(((lite *)q)->st, i, v); }
static int lite_bind_text(vs_sql *q, int i, const char *s, size_t n) {
  return sqlite3_bind_text64(((lite *)q)->st, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}
static int lite_bind_blob(vs_sql *q, int i, const void *p, size_t n) {
  return sqlite3_bind_blob64(((lite *)q)->st, i, p, n, SQLITE_TRANSIENT);
}
static int lite_bind_null(vs_sql *q, int i) { return sqlite3_bind_null(((lite *)q)->st, i); }

static int lite_next(vs_sql *q, vb_err *err) {
  lite *l = (lite *)q;
  int rc = sqlite3_step(l->st);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  db_err(l->s, err, "reading the archive");
  return -1;
}

static int lite_column_null(vs_sql *q, int i) { return sqlite3_column_type(((lite *)q)->st, i) == SQLITE_NULL; }
static int64_t lite_column_int(vs_sql *q, int i) { return sqlite3_column_int64(((lite *)q)->st, i); }
static double lite_column_double(vs_sql *q, int i) { return sqlite3_column_double(((lite *)q)->st, i); }
static const char *lite_column_text(vs_sql *q, int i, size_t *len) {
  lite *l = (lite *)q;
  const unsigned char *t = sqlite3_column_text(l->st, i);
  if (len) *len = t ? (size_t)sqlite3_column_bytes(l->st, i) : 0;
  return t ? (const char *)t : "";
}
static const void *lite_column_blob(vs_sql *q, int i, size_t *len) {
  lite *l = (lite *)q;
  const void *p = sqlite3_column_blob(l->st, i);
  *len = p ? (size_t)sqlite3_column_bytes(l->st, i) : 0;
  return p ? p : "";
}
static int64_t lite_changes(vs_sql *q) { return sqlite3_changes64(((lite *)q)->s->db); }
static void lite_reset(vs_sql *q) {
  lite *l = (lite *)q;
  sqlite3_reset(l->st);
  sqlite3_clear_bindings(l->st);
}
static void lite_finalize(vs_sql *q) {
  lite *l = (lite *)q;
  sqlite3_finalize(l->st);
  free(l);
}

static int lite_begin(void *conn, vb_err *err) {
  sq *s = conn;
  int rc = vb_sq_flush(s, err);
  return rc ? rc : exec(s, "BEGIN IMMEDIATE", err);
}
static int lite_commit(void *conn, vb_err *err) {
  sq *s = conn;
  int rc = exec(s, "COMMIT", err);
  if (rc && !sqlite3_get_autocommit(s->db)) exec(s, "ROLLBACK", NULL);
  return rc;
}
static void lite_rollback(void *conn) {
  sq *s = conn;
  if (!sqlite3_get_autocommit(s->db)) exec(s, "ROLLBACK", NULL);
  vb_sq_entities_forget(s); /* what it learnt of entities went with it */
}
static int lite_retryable(void *conn) {
  (void)conn;
  return 0; /* a busy archive is waited for (busy_timeout), never retried */
}

static const vs_dialect lite_dialect = {
    .stmt_text = "CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT)",
    .now_unix = "unixepoch()",
};

const vs_sql_driver vs_sqlite_driver = {
    .name = "sqlite",
    .dialect = &lite_dialect,
    .prepare = lite_prepare,
    .bind_int = lite_bind_int,
    .bind_double = lite_bind_double,
    .bind_text = lite_bind_text,
    .bind_blob = lite_bind_blob,
    .bind_null = lite_bind_null,
    .next = lite_next,
    .column_null = lite_column_null,
    .column_int = lite_column_int,
    .column_double = lite_column_double,
    .column_text = lite_column_text,
    .column_blob = lite_column_blob,
    .changes = lite_changes,
    .reset = lite_reset,
    .finalize = lite_finalize,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .retryable = lite_retryable,
};

static int lite_prepare(void *conn, const char *sql, vs_sql **out, vb_err *err) {
  sq *s = conn;
  *out = NULL;
  lite *l = calloc(1, sizeof *l);
  if (!l) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  if (sqlite3_prepare_v2(s->db, sql, -1, &l->st, NULL) != SQLITE_OK) {
    free(l);
    return db_err(s, err, "preparing SQL");
  }
  l->head.drv = &vs_sqlite_driver;
  l->s = s;
  *out = &l->head;
  return VB_OK;
}
