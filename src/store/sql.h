/* sql — the small SQL driver each backend gives the store, like curl's
 * struct Curl_ssl: a backend supplies primitives (prepare, bind, step,
 * columns, transactions) and a few dialect strings; what the archive does
 * with them is written once, in src/store/, over this interface.
 *
 * Shared SQL is written in the dialect both backends accept, with
 * parameters numbered "?1", "?2", … (the PostgreSQL driver turns them into
 * $1, $2, …). Where the two dialects differ, the text comes from the
 * driver's vs_dialect. Names starting vs_ are the store's own, never
 * public (those start vb_). */
#ifndef VS_SQL_H
#define VS_SQL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "verbatim.h"

typedef struct vs_sql vs_sql;
typedef struct vs_sql_driver vs_sql_driver;

/* A value of a row given whole (insert_rows). A blob is bytes p[0..n);
 * raw: bytes p[0..n) in the column type's binary form (the dialect's
 * index_raw: PostgreSQL's tsvector). */
enum { VS_NULL, VS_INT, VS_REAL, VS_TEXT, VS_BLOB, VS_RAW };
typedef struct vs_value {
  int type;
  int64_t i;
  double d;
  const char *p; /* text: p[0..n) */
  size_t n;
} vs_value;
static inline vs_value vs_val_null(void) { return (vs_value){VS_NULL, 0, 0, NULL, 0}; }
static inline vs_value vs_val_int(int64_t i) { return (vs_value){VS_INT, i, 0, NULL, 0}; }
/* a slice, or NULL for ptr == NULL */
static inline vs_value vs_val_str(vb_str s) { return s.ptr ? (vs_value){VS_TEXT, 0, 0, s.ptr, s.len} : vs_val_null(); }
static inline vs_value vs_val_blob(const void *p, size_t n) { return (vs_value){VS_BLOB, 0, 0, (const char *)p, n}; }

/* SQL text that differs between the backends. In each, s is the
 * statements table's alias and d the documents table's. */
typedef struct vs_dialect {
  const char *stmt_text; /* a statement's text: its byte span of d.body */
  /* after FROM statements s: its document's row as d, looked up by its
   * primary key for each statement (a page of hits; PostgreSQL planned a
   * hash join over every document, a cost growing with the archive) */
  const char *doc_of_stmt;
  const char *now_unix;  /* the time now in unix seconds, an integer */
  const char *binary;    /* after ORDER BY text: compare bytes, as SQLite does */
  const char *contains;  /* printf format: "%s contains %s" as a condition */
  /* taken inside a transaction that changes the watches: documents being
   * matched finish first, later ones see the change (NULL: a write
   * transaction excludes the others already) */
  const char *lock_watches;
  /* taken inside the transaction that stores statements, before they are
   * matched against the watches (NULL: none needed) */
  const char *lock_watches_shared;
  /* taken inside a correction's transaction: documents being stored
   * finish first, later ones follow the correction (NULL: not needed) */
  const char *lock_fix;
  /* run once a correction has gathered the statements whose mentions it
   * moves (fix_statements): the table's size for the planner, which else
   * guesses about two thousand rows and reads every mention in a hash
   * join rather than look up each statement's (NULL: the query's CROSS
   * JOIN keeps its order) */
  const char *analyze_gathered;
  /* after an INSERT whose new row's id vs_insert_id reads: " RETURNING id"
   * where the backend answers with a row ("": it knows the id anyway) */
  const char *returning_id;
  /* documents(date) is indexed (SQLite's documents_date): a date filter
   * at the top of a query also names the documents in its years, so a
   * search with no words reads their statements alone, not every
   * statement's row (compile.c) */
  int docs_by_date;
  /* a statement is a round trip (PostgreSQL): rows worth having are read
   * in one query ahead of need (0: read them one at a time) */
  int round_trips;
  /* the documents dated by a year alone, looked up by id, as a FROM
   * item: SQLite's rowid lookup reads each document's row, its text in
   * it (a page of 16 KB each), where its partial index of them
   * (documents_year_alone) holds id and date on a few pages;
   * PostgreSQL's planner picks the same index (pg.c) unbidden */
  const char *year_alone_docs;
  /* printf format of the quote families' members looked up by statement
   * id as a FROM item, its alias %s: SQLite's fingerprints_members
   * (store.h), where a rowid lookup reads each row */
  const char *family_members;
  /* printf format of the condition "%s is one of the ids of parameter
   * ?%d", and how that parameter's text opens and closes the list */
  const char *in_ids, *ids_open, *ids_close;
  /* The body's bytes written beside it where stmt_text reads a span of
   * them without the rest (PostgreSQL's documents.body_bytes: a text's
   * substring by bytes needs the whole body): the column and, printf
   * format, its value of the body's parameter ?%d. NULL: none. */
  const char *body_bytes_col, *body_bytes_of;
  /* The index column's value (vs_writer.index_value) is in the column
   * type's binary form (VS_RAW): the server reads it without parsing. */
  int index_raw;
} vs_dialect;

struct vs_sql_driver {
  const char *name;
  const vs_dialect *dialect;
  /* One statement of SQL on the connection conn; *out until finalize. */
  int (*prepare)(void *conn, const char *sql, vs_sql **out, vb_err *err);
  /* Parameters count from 1; text and blobs are copied. */
  int (*bind_int)(vs_sql *q, int i, int64_t v);
  int (*bind_double)(vs_sql *q, int i, double v);
  int (*bind_text)(vs_sql *q, int i, const char *s, size_t n);
  int (*bind_blob)(vs_sql *q, int i, const void *p, size_t n);
  int (*bind_null)(vs_sql *q, int i);
  /* 1: a row is ready; 0: no more rows; -1: failed (err says why). */
  int (*next)(vs_sql *q, vb_err *err);
  int (*column_null)(vs_sql *q, int i);
  int64_t (*column_int)(vs_sql *q, int i);
  double (*column_double)(vs_sql *q, int i);
  /* NUL-terminated, valid until the next call on q; "" for NULL. */
  const char *(*column_text)(vs_sql *q, int i, size_t *len);
  const void *(*column_blob)(vs_sql *q, int i, size_t *len);
  /* Rows the statement's last run changed (also after a reset). */
  int64_t (*changes)(vs_sql *q);
  /* Ready to run again with new bindings (the old ones are cleared). */
  void (*reset)(vs_sql *q);
  void (*finalize)(vs_sql *q);
  /* A transaction that writes: begin waits for other writers; a failed
   * commit leaves none open. retryable: the last failure lost a deadlock
   * or a serialization race, and the whole transaction may be tried
   * again. */
  int (*begin)(void *conn, vb_err *err);
  int (*commit)(void *conn, vb_err *err);
  void (*rollback)(void *conn);
  int (*retryable)(void *conn);
  /* The last failure broke a unique key. */
  int (*conflict)(void *conn);
  /* The last failure was the SQL's own (a full-text expression the
   * backend cannot read): the query's fault, not the archive's. */
  int (*syntax_error)(void *conn);
  /* head "INSERT INTO t(c1, …, cN)" VALUES for nrows rows of ncols values
   * each (vals row after row), then tail (NULL: none): as many rows per
   * statement as the backend does best. ids (NULL: not wanted): each new
   * row's id in turn where the backend learns it as it goes (SQLite);
   * left as they were where it would cost a question more (PostgreSQL). */
  int (*insert_rows)(void *conn, const char *head, const char *tail, int ncols, size_t nrows, const vs_value *vals,
                     int64_t *ids, vb_err *err);
  /* Runs q, an INSERT of one row prepared by vs_sql_prepare_insert, and
   * resets it; *id: the new row's id, 0 when it made none (ON CONFLICT).
   * NULL: the id is the row RETURNING answers (vs_insert_id reads it). */
  int (*insert_id)(vs_sql *q, int64_t *id, vb_err *err);
  /* Reads q's rows one at a time instead of all at once: nothing else
   * may run on the connection until q is finished or reset. */
  void (*stream)(vs_sql *q);
  /* Runs q, a write whose rows and changes no one reads, and resets it:
   * where it may answer later (PostgreSQL in a transaction: with the next
   * statement that reads), a failure is that statement's. NULL: run now. */
  int (*write)(vs_sql *q, vb_err *err);
  /* Sends q, bound, now, its rows read by the next vs_next on it: several
   * reads sent so go in one round trip (PostgreSQL's pipeline). Returns
   * non-zero where it did not send (q then runs at its first vs_next, as
   * any). NULL: every statement runs at its first vs_next. */
  int (*send)(vs_sql *q);
  /* The batch of documents the connection is storing in one transaction
   * now, a number no batch before had on it; 0 when none is open. A batch
   * holds the corrections' lock (shared) from its start, so no correction
   * commits while it is open and what it read of them holds to its end.
   * NULL: the backend has no such batch. */
  unsigned long (*batch)(void *conn);
};

/* The common head of every backend's statement. */
struct vs_sql {
  const vs_sql_driver *drv;
};

/* A connection and its driver: what shared code holds. */
typedef struct vs_db {
  const vs_sql_driver *drv;
  void *conn;
} vs_db;

static inline int vs_sql_prepare(vs_db db, const char *sql, vs_sql **out, vb_err *err) {
  return db.drv->prepare(db.conn, sql, out, err);
}
static inline int vs_bind_int(vs_sql *q, int i, int64_t v) { return q->drv->bind_int(q, i, v); }
static inline int vs_bind_double(vs_sql *q, int i, double v) { return q->drv->bind_double(q, i, v); }
static inline int vs_bind_text(vs_sql *q, int i, const char *s, size_t n) { return q->drv->bind_text(q, i, s, n); }
/* A NUL-terminated string, or NULL for SQL NULL. */
static inline int vs_bind_str(vs_sql *q, int i, const char *s) {
  return s ? q->drv->bind_text(q, i, s, strlen(s)) : q->drv->bind_null(q, i);
}
/* A slice, or NULL for ptr == NULL. */
static inline int vs_bind_vstr(vs_sql *q, int i, vb_str s) {
  return s.ptr ? q->drv->bind_text(q, i, s.ptr, s.len) : q->drv->bind_null(q, i);
}
/* Where a document's language came from, as documents.language_from holds
 * it: vb_lang_from_name's word, NULL when the document has no language
 * (and for a document stored before it was recorded). */
static inline int vs_bind_language_from(vs_sql *q, int i, const vb_meta *m) {
  return vs_bind_str(q, i, m->language.ptr ? vb_lang_from_name(m->language_from) : NULL);
}
static inline vb_lang_from vs_lang_from(const char *name) {
  if (!name) return VB_LANG_NONE;
  if (!strcmp(name, "guess")) return VB_LANG_GUESSED;
  if (!strcmp(name, "input")) return VB_LANG_INPUT;
  if (!strcmp(name, "option")) return VB_LANG_OPTION;
  return VB_LANG_NONE;
}
static inline int vs_bind_blob(vs_sql *q, int i, const void *p, size_t n) { return q->drv->bind_blob(q, i, p, n); }
static inline int vs_bind_null(vs_sql *q, int i) { return q->drv->bind_null(q, i); }
static inline int vs_next(vs_sql *q, vb_err *err) { return q->drv->next(q, err); }
static inline int vs_col_null(vs_sql *q, int i) { return q->drv->column_null(q, i); }
static inline int64_t vs_col_int(vs_sql *q, int i) { return q->drv->column_int(q, i); }
static inline double vs_col_double(vs_sql *q, int i) { return q->drv->column_double(q, i); }
static inline const char *vs_col_text(vs_sql *q, int i, size_t *len) { return q->drv->column_text(q, i, len); }
static inline const void *vs_col_blob(vs_sql *q, int i, size_t *len) { return q->drv->column_blob(q, i, len); }
static inline int64_t vs_changes(vs_sql *q) { return q->drv->changes(q); }
static inline void vs_reset(vs_sql *q) { q->drv->reset(q); }
static inline void vs_finalize(vs_sql *q) {
  if (q) q->drv->finalize(q);
}

/* Runs a statement that returns no rows (or whose rows are not needed):
 * prepare, step to the end, finalize. */
int vs_sql_exec(vs_db db, const char *sql, vb_err *err);
/* One integer: the first column of the first row (0 when none). */
int vs_sql_int(vs_db db, const char *sql, int64_t *out, vb_err *err);
/* Steps q (prepared and bound) through its rows, calling fn(ctx, q) for
 * each; fn's non-zero return stops it and is returned. q is not reset. */
int vs_sql_each(vs_sql *q, int (*fn)(void *ctx, vs_sql *row), void *ctx, vb_err *err);
/* Runs sql with ?1 bound to id (a row's id, mostly) and calls fn(ctx, q)
 * for each row; fn's non-zero return stops it and is returned. */
int vs_sql_rows(vs_db db, const char *sql, int64_t id, int (*fn)(void *ctx, vs_sql *row), void *ctx,
                vb_err *err);
/* A list of ids as one parameter: vs_in_ids adds to sql the condition
 * "col is one of the ids of parameter ?param", vs_bind_ids binds them
 * (n may be 0). The SQL stays the same whatever the ids, so the backend
 * keeps it prepared: ids written into the SQL had every search parse its
 * statements afresh, a fifth of a small search's instructions. */
void vs_in_ids(vb_buf *sql, vs_db db, const char *col, int param);
int vs_bind_ids(vs_sql *q, int i, const int64_t *ids, size_t n);
/* Runs sql with ?1 bound to the n ids (vs_in_ids) and calls fn(ctx, q)
 * for each row, as vs_sql_rows does. */
int vs_sql_rows_ids(vs_db db, const char *sql, const int64_t *ids, size_t n, int (*fn)(void *ctx, vs_sql *row),
                    void *ctx, vb_err *err);
/* Runs sql, whose rows are not wanted, with ?1 bound to id. */
int vs_sql_exec_id(vs_db db, const char *sql, int64_t id, vb_err *err);
/* Steps q to its end, then resets it for the next bindings. */
int vs_sql_run(vs_sql *q, vb_err *err);
/* The same for a write whose rows and changes no one reads: the driver
 * may send it ahead of the next statement (its write, above). */
int vs_sql_write(vs_sql *q, vb_err *err);
/* A read sent ahead (the driver's send, above): its rows are read later
 * with vs_next or vs_sql_each as usual; where the backend cannot, it runs
 * then. vs_sql_rows_ids in two halves: vs_ids_send prepares and binds the
 * query and sends it ahead, vs_ids_read calls fn for each row and
 * finalizes it (a NULL q reads as no rows; finalized on failure too). */
void vs_sql_send(vs_sql *q);
int vs_ids_send(vs_db db, const char *sql, const int64_t *ids, size_t n, vs_sql **out, vb_err *err);
int vs_ids_read(vs_sql *q, int (*fn)(void *ctx, vs_sql *row), void *ctx, vb_err *err);
/* An INSERT of one row into a table keyed by an integer id, whose new
 * id vs_insert_id gives (sql without RETURNING: the dialect adds what
 * its backend needs). */
int vs_sql_prepare_insert(vs_db db, const char *sql, vs_sql **out, vb_err *err);
/* Runs such an insert and resets it: *id the new row's id, 0 when it made
 * none (ON CONFLICT DO NOTHING; DO UPDATE too, where the backend does not
 * say which row it touched: look the row up then). */
int vs_insert_id(vs_sql *q, int64_t *id, vb_err *err);

/* A query's rows put back into the slots of the ids they answer (a page
 * of hits, a facet's top values), whatever order the rows come in: the
 * ids sorted once with their slots, each row's id found by binary search
 * (a scan of the page per row was O(n^2) for 500 ids). The caller gives
 * the storage, n entries. */
typedef struct vs_slot {
  int64_t id;
  size_t slot;
} vs_slot;
typedef struct vs_slots {
  vs_slot *v;
  size_t n;
} vs_slots;
/* Fills v[0..n) from ids (slot i holds ids[i]; an id may fill several). */
vs_slots vs_slots_make(vs_slot *v, const int64_t *ids, size_t n);
/* The slots that hold id, a run of s (empty, n = 0, when none does), in
 * the order given to vs_slots_make: vs_slots m = vs_slots_of(&s, id);
 * for (size_t k = 0; k < m.n; k++) fill(m.v[k].slot); */
vs_slots vs_slots_of(const vs_slots *s, int64_t id);

/* Column i's text copied into the arena; {NULL, 0} for SQL NULL (and
 * when the arena is out of memory: check vb_arena_refused or the caller's
 * own failure flag). */
vb_str vs_col_str(vs_sql *q, int i, vb_arena *a);

#endif
