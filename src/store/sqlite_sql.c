/* sqlite_sql — the SQLite backend's SQL driver (sql.h): prepared
 * statements straight from the SQLite API, kept prepared after use for
 * the next caller of the same SQL (parsing it again was a fifth of a
 * search's instructions). A write transaction first commits the batch of
 * documents this connection has open. */
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/sqlite_int.h"

typedef struct lite {
  vs_sql head;
  sq *s;
  sqlite3_stmt *st;
  int slot; /* its place among the kept statements, -1 if none */
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
/* A statement its caller is done with is kept in its slot, or in the
 * slot of the idle one handed out longest ago; SQL too long to be asked
 * for again is finalized. */
static void lite_finalize(vs_sql *q) {
  lite *l = (lite *)q;
  sq *s = l->s;
  int slot = l->slot;
  if (slot < 0 && strlen(sqlite3_sql(l->st)) <= SQ_KEPT_SQL_MAX)
    for (int i = 0; i < SQ_KEPT_STATEMENTS; i++) {
      if (s->kept[i].busy) continue;
      if (!s->kept[i].st) {
        slot = i;
        break;
      }
      if (slot < 0 || s->kept[i].used < s->kept[slot].used) slot = i;
    }
  if (slot < 0) {
    sqlite3_finalize(l->st);
  } else {
    /* as a new one would be: no bindings, no steps counted (what a
     * caller measures with sqlite3_stmt_status is its own use) */
    sqlite3_reset(l->st);
    sqlite3_clear_bindings(l->st);
    sqlite3_stmt_status(l->st, SQLITE_STMTSTATUS_VM_STEP, 1);
    if (s->kept[slot].st != l->st) {
      sqlite3_finalize(s->kept[slot].st);
      s->kept[slot].st = l->st;
      s->kept[slot].used = ++s->kept_clock;
    }
    s->kept[slot].busy = 0;
  }
  free(l);
}

static int lite_begin(void *conn, vb_err *err) {
  sq *s = conn;
  int rc = vb_sq_flush(s, err);
  return rc ? rc : begin_write(s, err);
}
static int lite_commit(void *conn, vb_err *err) {
  sq *s = conn;
  int rc = exec(s, "COMMIT", err);
  if (rc && !sqlite3_get_autocommit(s->db)) exec(s, "ROLLBACK", NULL);
  if (rc) vs_writes_undo(s->writes, 0);
  else vs_writes_begun(s->writes);
  return rc;
}
static void lite_rollback(void *conn) {
  sq *s = conn;
  if (!sqlite3_get_autocommit(s->db)) exec(s, "ROLLBACK", NULL);
  vs_entities_forget(s->entities); /* what it learnt of entities went with it */
  vs_writes_undo(s->writes, 0);    /* and of statements */
}
static int lite_retryable(void *conn) {
  (void)conn;
  return 0; /* a busy archive is waited for (busy_timeout), never retried */
}

static int lite_conflict(void *conn) {
  int rc = sqlite3_extended_errcode(((sq *)conn)->db);
  return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

/* Rows go in ROWS_PER_INSERT at a time, through one prepared statement
 * of that many VALUES rows (the rest one at a time), kept per head: each
 * sqlite3_step ends in its own halt (cursors closed, the statement's
 * journal and foreign keys settled), which cost about as much as the row
 * itself. */
static int prepare_rows(sq *s, const char *head, const char *tail, int ncols, int nrows, sqlite3_stmt **st,
                        vb_err *err) {
  vb_buf sql;
  vb_buf_init(&sql, 0);
  /* OR FAIL: a statement of many rows that may fail part way (a
   * constraint's default, ABORT) makes SQLite open a statement journal
   * for it inside the batch's transaction and copy each page it changes
   * there first (its "subjournal"), to undo that statement alone. Every
   * caller undoes more than the statement on any error (a document's
   * savepoint, or the batch), so the copies were never read: 31 M of the
   * storing thread's 427 M instructions on 50 UN speeches (callgrind,
   * bench/ingest_ir.sh) and a chunk of memory for each 1 KB copied. */
  static const char plain[] = "INSERT INTO ";
  if (!strncmp(head, plain, sizeof plain - 1)) vb_buf_printf(&sql, "INSERT OR FAIL INTO %s VALUES", head + sizeof plain - 1);
  else vb_buf_printf(&sql, "%s VALUES", head);
  for (int r = 0; r < nrows; r++) {
    vb_buf_printf(&sql, "%s(", r ? "," : "");
    for (int c = 0; c < ncols; c++) vb_buf_printf(&sql, "%s?%d", c ? "," : "", r * ncols + c + 1);
    vb_buf_addc(&sql, ')');
  }
  vb_buf_printf(&sql, "%s%s", tail ? " " : "", tail ? tail : "");
  int bad = sql.failed || sqlite3_prepare_v3(s->db, sql.ptr, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK;
  vb_buf_free(&sql);
  return bad ? db_err(s, err, "preparing rows") : VB_OK;
}

static void bind_row(sqlite3_stmt *st, int first, int ncols, const vs_value *row) {
  for (int c = 0; c < ncols; c++) {
    const vs_value *v = &row[c];
    if (v->type == VS_INT) sqlite3_bind_int64(st, first + c, v->i);
    else if (v->type == VS_REAL) sqlite3_bind_double(st, first + c, v->d);
    else if (v->type == VS_TEXT) sqlite3_bind_text64(st, first + c, v->p, v->n, SQLITE_STATIC, SQLITE_UTF8);
    else if (v->type == VS_BLOB) sqlite3_bind_blob64(st, first + c, v->n ? v->p : "", v->n, SQLITE_STATIC);
    else sqlite3_bind_null(st, first + c);
  }
}

static int lite_insert_rows(void *conn, const char *head, const char *tail, int ncols, size_t nrows,
                            const vs_value *vals, int64_t *ids, vb_err *err) {
  sq *s = conn;
  int slot = -1;
  for (int i = 0; i < SQ_ROW_STATEMENTS && slot < 0; i++)
    if (s->rows[i].head && !strcmp(s->rows[i].head, head) && s->rows[i].ncols == ncols) slot = i;
  if (slot < 0) {
    /* the oldest goes */
    slot = (int)(s->nrows++ % SQ_ROW_STATEMENTS);
    sqlite3_finalize(s->rows[slot].st);
    sqlite3_finalize(s->rows[slot].many);
    free(s->rows[slot].head);
    memset(&s->rows[slot], 0, sizeof s->rows[slot]);
    int rc = prepare_rows(s, head, tail, ncols, 1, &s->rows[slot].st, err);
    if (rc) return rc;
    s->rows[slot].ncols = ncols;
    if (!(s->rows[slot].head = strdup(head))) {
      sqlite3_finalize(s->rows[slot].st);
      s->rows[slot].st = NULL;
      return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    }
  }
  /* many rows a statement, where the ids are not wanted one by one or
   * come in a run: without a conflict clause (no tail) every row of the
   * statement goes in or none does, and SQLite gives a rowid table's new
   * rows max(rowid) + 1 each in turn, so the statement's last id tells
   * the others */
  int many = nrows >= ROWS_PER_INSERT && (!ids || !tail) && ncols * ROWS_PER_INSERT <= 32766;
  if (many && !s->rows[slot].many) {
    int rc = prepare_rows(s, head, tail, ncols, ROWS_PER_INSERT, &s->rows[slot].many, err);
    if (rc) return rc;
  }
  int rc = VB_OK;
  size_t r = 0;
  for (; many && !rc && r + ROWS_PER_INSERT <= nrows; r += ROWS_PER_INSERT) {
    sqlite3_stmt *st = s->rows[slot].many;
    for (int k = 0; k < ROWS_PER_INSERT; k++) bind_row(st, k * ncols + 1, ncols, &vals[(r + (size_t)k) * (size_t)ncols]);
    rc = step_done(s, st, err, "adding rows");
    if (!rc && ids) {
      int64_t last = sqlite3_last_insert_rowid(s->db);
      for (int k = 0; k < ROWS_PER_INSERT; k++) ids[r + (size_t)k] = last - (ROWS_PER_INSERT - 1) + k;
    }
  }
  for (; !rc && r < nrows; r++) {
    sqlite3_stmt *st = s->rows[slot].st;
    bind_row(st, 1, ncols, &vals[r * (size_t)ncols]);
    rc = step_done(s, st, err, "adding rows");
    if (ids) ids[r] = sqlite3_last_insert_rowid(s->db);
  }
  return rc;
}

/* The id without RETURNING, which makes SQLite keep the rows it returns
 * in a table of their own: an upsert's update leaves the last rowid be. */
static int lite_insert_id(vs_sql *q, int64_t *id, vb_err *err) {
  lite *l = (lite *)q;
  sqlite3_set_last_insert_rowid(l->s->db, 0);
  int rc = step_done(l->s, l->st, err, "adding a row");
  *id = rc ? 0 : sqlite3_last_insert_rowid(l->s->db);
  return rc;
}

static int lite_syntax_error(void *conn) { return sqlite3_errcode(((sq *)conn)->db) == SQLITE_ERROR; }
static void lite_stream(vs_sql *q) { (void)q; /* rows come one at a time already */ }

static const vs_dialect lite_dialect = {
    .stmt_text = "CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT)",
    .doc_of_stmt = "JOIN documents d ON d.id = s.doc_id",
    .now_unix = "unixepoch()",
    .binary = "",
    .contains = "instr(%s, %s) > 0",
    .lock_watches = NULL,
    .lock_watches_shared = NULL,
    .lock_fix = NULL,
    .analyze_gathered = NULL,
    .returning_id = "",
    .docs_by_date = 1,
    .year_alone_docs = "documents INDEXED BY documents_year_alone",
    .family_members = "fingerprints %s INDEXED BY fingerprints_members",
    .in_ids = "%s IN (SELECT value FROM json_each(?%d))",
    .ids_open = "[",
    .ids_close = "]",
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
    .conflict = lite_conflict,
    .syntax_error = lite_syntax_error,
    .insert_rows = lite_insert_rows,
    .insert_id = lite_insert_id,
    .stream = lite_stream,
};

static int lite_prepare(void *conn, const char *sql, vs_sql **out, vb_err *err) {
  sq *s = conn;
  *out = NULL;
  lite *l = calloc(1, sizeof *l);
  if (!l) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  l->head.drv = &vs_sqlite_driver;
  l->s = s;
  l->slot = -1;
  for (int i = 0; i < SQ_KEPT_STATEMENTS; i++)
    if (s->kept[i].st && !s->kept[i].busy && !strcmp(sqlite3_sql(s->kept[i].st), sql)) {
      s->kept[i].busy = 1;
      s->kept[i].used = ++s->kept_clock;
      l->st = s->kept[i].st;
      l->slot = i;
      *out = &l->head;
      return VB_OK;
    }
  unsigned flags = strlen(sql) <= SQ_KEPT_SQL_MAX ? SQLITE_PREPARE_PERSISTENT : 0;
  s->parsed++;
  if (sqlite3_prepare_v3(s->db, sql, -1, flags, &l->st, NULL) != SQLITE_OK) {
    free(l);
    return db_err(s, err, "preparing SQL");
  }
  *out = &l->head;
  return VB_OK;
}
