/* sqlite_int — what the SQLite backend's files share: the connection
 * with its prepared statements and batch state, and small helpers. Only
 * src/store/sqlite*.c include it. */
#ifndef VB_SQLITE_INT_H
#define VB_SQLITE_INT_H

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/map.h"
#include "store.h"

/* What the batch's commit writes, and each document's savepoint,
 * prepared once. */
enum { Q_INS_FTS, Q_SAVEPOINT, Q_RELEASE, Q_COUNT };

typedef struct vb_sq_mention {
  int64_t entity, statement;
  uint32_t start, end;
  const char *key; /* the spelling's key, in the batch's arena */
  uint32_t keylen;
} vb_sq_mention;

/* Row statements insert_rows keeps prepared (turns, statements,
 * mentions, …), and how many rows each of its longer
 * statements adds at once: ROWS_PER_INSERT, then the rest one by one
 * (runs of 8 for the rest cost instructions inside an ingest, 65499f1).
 * A document's ingest uses ten (with the
 * entity links of links.c): with room for eight, each document evicted
 * and prepared again what the next needed (+16% of a UN ingest's
 * instructions, sqlite3VListNumToName alone 31 M on 54 speeches). */
#define SQ_ROW_STATEMENTS 16
#define ROWS_PER_INSERT 32
/* Statements the driver keeps prepared after their caller is done with
 * them, for the next caller of the same SQL (sqlite_sql.c): a search asks
 * for the same dozen every time, some once per hit. SQL longer than
 * SQ_KEPT_SQL_MAX (lists of ids written out) is not kept. */
#define SQ_KEPT_STATEMENTS 32
#define SQ_KEPT_SQL_MAX 2048

typedef struct sq {
  sqlite3 *db;
  char path[256];
  sqlite3_stmt *q[Q_COUNT];
  vs_entities *entities; /* what storing entities learnt (entities.c) */
  vs_writes *writes;     /* put.c's prepared statements */
  struct {
    char *head;
    int ncols;
    sqlite3_stmt *st, *many; /* a row; ROWS_PER_INSERT rows */
  } rows[SQ_ROW_STATEMENTS];
  unsigned nrows;
  struct {
    sqlite3_stmt *st; /* reset, its bindings cleared, when not busy */
    unsigned long long used; /* when last handed out: the oldest goes */
    int busy;
  } kept[SQ_KEPT_STATEMENTS];
  unsigned long long kept_clock;
  unsigned long long parsed; /* statements prepared afresh, not kept ones */
  int in_batch;
  int fk_off; /* foreign keys not enforced: a batch is open (sq_put) */
  int batch_docs;
  size_t batch_bytes;
  int64_t expect_bytes; /* vb_store_expect's hint, until the first document is stored */
  /* Full-text rows of the open batch, indexed at commit: FTS5 writes its
   * pending terms out at every SAVEPOINT, so indexing inside each
   * document's savepoint would make one tiny segment per document. */
  vb_buf fts_text;               /* pre-analysed statements, back to back */
  vb_buf scratch;
  struct an_termer *termer;      /* analyses what ingest threads did not */
  /* query words as quoted FTS5 strings only, never their forms ORed
   * (sqlite.c, fts_word_forms): the answer as it was made before, for a
   * test to compare with */
  int quoted_words;
  VB_VEC(int64_t) fts_rowid;     /* per row: statement id */
  VB_VEC(uint32_t) fts_len;      /* per row: bytes in fts_text */
  VB_VEC(vs_col_vals) fts_cols;  /* per row: its columns for statement_cols */
  /* Mentions of the open batch, written at commit sorted by entity: the
   * table is clustered by entity, so sorted rows fill its pages in turn
   * instead of touching a page per mention. */
  VB_VEC(struct vb_sq_mention) mentions;
  VB_VEC(vs_value) doc_entities; /* the batch's doc_entities rows, five values each */
  /* and their entities, statements and speakers, counted into the link
   * tables once for the batch (links.c) */
  VB_VEC(struct vs_link_mention) links;
  /* and the documents' entity counts, added to entity_totals once for the
   * batch (an upsert a document, reading its doc_entities rows back, was
   * 14.7 M of the storing thread's 479.3 M instructions on 50 UN
   * speeches, callgrind, bench/ingest_ir.sh) */
  VB_VEC(struct vs_entity_count) totals;
  vs_watches *watches; /* standing queries, compiled when they change (matching.c) */
  vb_arena *fts_arena;
  /* the stemmed languages of the archive's documents: query words are
   * stemmed in these (the FTS5 tokenizer reads it at each query) */
  an_langs langs;
  /* Columns a search reads for every match, by statement id, kept in
   * memory by a store that searches more than once (a server, a
   * benchmark): the scan then never leaves the full-text index. One-shot
   * commands never load it (search.c). */
  vs_cols cols;
  double deadline;  /* CLOCK_MONOTONIC seconds; reads past it are stopped */
  int interrupted;  /* one was, since the deadline was set */
  _Atomic int cancelled; /* another thread stopped the read (sq_cancel) */
  int64_t pages_read; /* before the page cache's counts were last reset */
} sq;

/* SQLite says "disk I/O error" for every failed write; the system's
 * reason (No space left on device, File too large, Read-only file system)
 * is what tells a person what to do. sqlite3_system_errno() is only the
 * errno left over when the error was recorded, so the reason is read from
 * the files themselves: the errno of the last failed call on the archive,
 * else on its journal (the WAL). "" for errors that are not I/O. */
static inline const char *sys_reason(sq *s, int rc, char *buf, size_t cap) {
  int primary = rc & 0xff, e = 0;
  buf[0] = '\0';
  if (primary != SQLITE_IOERR && primary != SQLITE_FULL && primary != SQLITE_CANTOPEN) return buf;
  sqlite3_file_control(s->db, "main", SQLITE_FCNTL_LAST_ERRNO, &e);
  if (!e) {
    sqlite3_file *journal = NULL;
    sqlite3_file_control(s->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal);
    if (journal && journal->pMethods && journal->pMethods->xFileControl)
      journal->pMethods->xFileControl(journal, SQLITE_FCNTL_LAST_ERRNO, &e);
  }
  if (!e) e = sqlite3_system_errno(s->db);
  if (e > 0) snprintf(buf, cap, " (%s)", strerror(e));
  return buf;
}

static inline int db_err(sq *s, vb_err *err, const char *what) {
  char why[128];
  return vb_err_set(err, VB_ESTORE, s->path, -1, "%s: %s%s", what, sqlite3_errmsg(s->db),
                    sys_reason(s, sqlite3_extended_errcode(s->db), why, sizeof why));
}

static inline int exec(sq *s, const char *sql, vb_err *err) {
  char *msg = NULL;
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    char why[128];
    vb_err_set(err, VB_ESTORE, s->path, -1, "%s: %s%s", sql, msg ? msg : "?",
               sys_reason(s, rc, why, sizeof why));
    sqlite3_free(msg);
    return VB_ESTORE;
  }
  return VB_OK;
}

/* Opens a write transaction. The busy timeout (10 s) is waited for again
 * and again, up to a minute in all, while another process or connection
 * writes: a writer (an ingest's batch, a correction, a reparse) meeting
 * another waits for it instead of failing with "database is locked". */
#define SQ_WRITE_WAITS 6
static inline int begin_write(sq *s, vb_err *err) {
  int rc = VB_OK;
  for (int i = 0; i < SQ_WRITE_WAITS; i++) {
    rc = exec(s, "BEGIN IMMEDIATE", err);
    if (!rc || (sqlite3_errcode(s->db) & 0xff) != SQLITE_BUSY) break;
  }
  if (!rc) vs_writes_begun(s->writes);
  return rc;
}

static inline int step_done(sq *s, sqlite3_stmt *st, vb_err *err, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_err(s, err, what);
  return VB_OK;
}

static inline void bind_str(sqlite3_stmt *st, int i, vb_str v) {
  if (v.ptr) sqlite3_bind_text64(st, i, v.ptr, v.len, SQLITE_TRANSIENT, SQLITE_UTF8);
  else sqlite3_bind_null(st, i);
}

/* Commits the open batch of documents (indexing it, matching watches). */
int vb_sq_flush(sq *s, vb_err *err);

#endif
