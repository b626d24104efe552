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

enum {
  Q_HAS_HASH,
  Q_INS_DOC,
  Q_SPEAKER_BY_KEY,
  Q_INS_SPEAKER,
  Q_FILL_SPEAKER,
  Q_INS_SPEAKER_KEY,
  Q_INS_DOC_SPEAKER,
  Q_INS_TAG,
  Q_INS_TURN,
  Q_INS_STATEMENT,
  Q_INS_FTS,
  Q_COUNT
};

typedef struct vb_sq_mention {
  int64_t entity, statement;
  uint32_t start, end;
} vb_sq_mention;

/* Statements of the entity half (sqlite_entities.c). */
enum {
  E_REJECTED,
  E_MANUAL_ALIAS,
  E_BY_KEY,
  E_BY_ALIAS,
  E_INS_ENTITY,
  E_INS_ALIAS,
  E_INS_MENTION,
  E_INS_DOC_ENTITY,
  E_SET_SPEAKER,
  E_CORRECTIONS,
  E_COUNT
};

typedef struct sq {
  sqlite3 *db;
  char path[256];
  sqlite3_stmt *q[Q_COUNT];
  sqlite3_stmt *e[E_COUNT];
  /* What this connection learnt while storing entities: a document
   * entity's key -> archive entity, and the (entity, spelling) pairs
   * already recorded. Dropped whenever the corrections change. */
  vb_map ent_cache, alias_seen;
  int64_t corrections_seen; /* max(corrections.id) when the caches were filled, -1: never */
  int in_batch;
  int batch_docs;
  size_t batch_bytes;
  /* Full-text rows of the open batch, indexed at commit: FTS5 writes its
   * pending terms out at every SAVEPOINT, so indexing inside each
   * document's savepoint would make one tiny segment per document. */
  vb_buf fts_text;               /* pre-analysed statements, back to back */
  vb_buf scratch;
  struct an_termer *termer;      /* analyses what ingest threads did not */
  VB_VEC(int64_t) fts_rowid;     /* per row: statement id */
  VB_VEC(uint32_t) fts_len;      /* per row: bytes in fts_text */
  /* Mentions of the open batch, written at commit sorted by entity: the
   * table is clustered by entity, so sorted rows fill its pages in turn
   * instead of touching a page per mention. */
  VB_VEC(struct vb_sq_mention) mentions;
  struct vb_sq_watches *watches; /* standing queries, loaded when they change */
  vb_arena *fts_arena;
  int64_t ntags; /* rows in tags, to pick how the tag facet is counted */
  /* the stemmed languages of the archive's documents: query words are
   * stemmed in these (the FTS5 tokenizer reads it at each query) */
  char langs[128];
  /* Columns a search reads for every match, by statement id, kept in
   * memory by a store that searches more than once (a server, a
   * benchmark): the scan then never leaves the full-text index. One-shot
   * commands never load it. */
  struct colcache {
    int32_t *speaker, *doc, *date, *len; /* speaker 0 = none */
    int64_t n;                           /* ids below n are loaded */
    int64_t cap;
    int searches;
  } cols;
  double deadline;  /* CLOCK_MONOTONIC seconds; reads past it are stopped */
  int interrupted;  /* one was, since the deadline was set */
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

/* sqlite_entities.c */
int vb_sq_entities_prepare(sq *s, vb_err *err);
void vb_sq_entities_finalize(sq *s);
/* Drops what the connection remembers of stored entities: after a
 * rollback, or a correction. */
void vb_sq_entities_forget(sq *s);
/* A document's entities and mentions; stmt_ids[i] is statement i's row,
 * speaker_ids[i] speaker i's. */
int vb_sq_put_entities(sq *s, const vb_doc_view *v, int64_t doc_id, const int64_t *stmt_ids,
                       const int64_t *speaker_ids, vb_err *err);

/* Every statement a parsed query matches (sqlite.c). */
int vb_sq_each_match(sq *s, const vb_qnode *q, vb_arena *a, int64_t lo, int64_t hi,
                     int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date), void *ctx,
                     vb_err *err);

/* sqlite_watches.c: standing queries */
int vb_sq_match_watches(sq *s, vb_err *err); /* the open batch, before commit */
void vb_sq_watches_free(sq *s);
int vb_sq_watch_put(sq *s, const char *name, const char *query, const char *sink, int anchored, vb_err *err);
int vb_sq_watch_rm(sq *s, const char *name, vb_err *err);
int vb_sq_watches_json(sq *s, char **json, vb_err *err);
int vb_sq_alerts_json(sq *s, const vb_alert_filter *f, char **json, vb_err *err);
int vb_sq_alerts_claim(sq *s, int64_t claim, int stale, size_t *n, vb_err *err);
int vb_sq_alerts_release(sq *s, int64_t claim, vb_err *err);
int vb_sq_alerts_last(sq *s, int64_t *id, vb_err *err);
int vb_sq_alerts_delivered(sq *s, const int64_t *ids, size_t n, const char *dead, vb_err *err);

/* Writes the batch's mentions (sq_flush, before commit). */
int vb_sq_flush_mentions(sq *s, vb_err *err);

/* The entities that answer to a name (malloc'd ids; free them). */
int vb_sq_entity_ids(sq *s, const char *name, size_t n, const vb_lexicon *lx, int64_t **ids,
                     size_t *nids, vb_err *err);
int vb_sq_entities_json(sq *s, const char *filter, int type, int limit, const vb_lexicon *lx,
                        char **json, vb_err *err);
int vb_sq_entity_json(sq *s, const char *ref, const vb_lexicon *lx, char **json, vb_err *err);
int vb_sq_entity_fix(sq *s, vb_fix op, const char *a, const char *const *args, size_t nargs,
                     const vb_lexicon *lx, vb_err *err);
int vb_sq_corrections(sq *s, int (*fn)(void *ctx, int type, const char *name, const char *alias),
                      void *ctx, vb_err *err);

#endif
