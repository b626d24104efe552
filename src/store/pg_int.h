/* pg_int — what pg.c (connection, schema, documents) and pg_search.c (the
 * query tree as parameterised SQL) share inside the PostgreSQL backend. */
#ifndef VB_PG_INT_H
#define VB_PG_INT_H

#include <libpq-fe.h>
#include <stdint.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "store.h"

/* Advisory locks, one number each: schema migrations; documents matching
 * (shared) against watches changing (exclusive); documents being stored
 * (shared) against analysts' corrections (exclusive), so a document is
 * stored wholly before or wholly after a correction. */
#define VB_PG_MIGRATE_LOCK "7262617462"
#define VB_PG_WATCH_LOCK "7262617463"
#define VB_PG_FIX_LOCK "7262617464"
/* Statements a connection keeps track of, prepared or seen once: a
 * search sends about eight kinds, storing a document about thirty; the
 * seen-once entries give way to new ones, so one-off SQL (rows written
 * 1,000 to a statement) never keeps the recurring out. */
#define PG_KEPT 128
/* Shapes of many-row INSERTs a connection keeps prepared: some fifteen
 * tables written at ingest, eight row counts each (1 to 128). */
#define PG_ROW_SHAPES 192
/* Reads a connection sends ahead in one round trip at most: a search's
 * page of hits sends four (hits, families, years, names). */
#define PG_READS_AHEAD 8

typedef struct pg {
  PGconn *c;
  /* what cancels the query running on c, made once at connect: making it
   * (PQgetCancel) reads c, which another thread may be using; using it
   * (PQcancel) reads only itself, from any thread */
  PGcancel *cancel;
  char uri[256];            /* as shown in messages: no password */
  struct an_termer *termer; /* analyses statements and query words */
  vb_buf scratch;
  char sqlstate[6];         /* of the last failure */
  int timed_out;            /* a statement ran past statement_timeout since it was set */
  vs_watches *watches;      /* compiled, checked per document (matching.c) */
  vs_entities *entities;    /* what storing entities learnt (entities.c) */
  vs_writes *writes;        /* put.c's prepared statements */
  an_langs langs; /* the archive's languages: query words are stemmed in these (read at each compile) */
  int langs_known;              /* langs read once: a search's read of them may go ahead (pg_search.c) */
  struct vs_sql *langs_ahead;   /* that read, sent, not yet read */
  int own_version; /* the archive has its change counters (pg.c, archive_version) */
  unsigned long sent; /* statements sent on c, each a round trip (tests count them) */
  int piped;          /* writes sent ahead on c (pg_sql.c), their answers not read yet */
  /* reads sent ahead on c (pg_sql.c, post_send), in the order sent, their
   * answers not read yet: none while writes are ahead, and the reverse */
  void *reads[PG_READS_AHEAD];
  int nreads;
  /* the cost model's estimates lately asked (pg_search.c, ts_cost): a
   * tsquery's hash, its estimate, when asked (0: empty), when last used
   * (cost_clock's count: the least lately used gives way) */
  struct pg_cost {
    uint64_t hash;
    double rows;
    time_t at;
    uint64_t used;
  } costs[64];
  uint64_t cost_clock;
  /* documents stored in one transaction, a savepoint each (pg.c, pg_put):
   * a transaction open, a document's savepoint open, and what it holds */
  int in_batch, in_doc;
  int watches_held; /* loaded in the batch's transaction, their lock held (matching.c) */
  int batch_docs;
  unsigned long batch_serial; /* the batches begun on c, this one's number while in_batch */
  size_t batch_bytes;
  double batch_began;   /* CLOCK_MONOTONIC seconds when its transaction had the correction lock */
  double batch_seconds; /* the batch commits after this long (pg.c's BATCH_SECONDS; tests counting
                         * a batch's round trips set it longer) */
  /* statements seen on c (pg_sql.c): one seen again is prepared on the
   * server as "vb<name>" (name 0: seen once, not prepared) and later only
   * bound and run, its SQL parsed and planned no more */
  struct pg_kept {
    char *sql;   /* malloc'd; NULL: a free entry */
    Oid *types;  /* malloc'd, n of them */
    int n;
    unsigned name;
    /* the prepare went ahead with writes (pg_sql.c, post_write) and its
     * answer has not come back without a failure before it: forgotten
     * (prepared again under a new name) when the pipeline fails */
    int unconfirmed;
  } kept[PG_KEPT];
  unsigned kept_serial, kept_next; /* the last name given; where replacing a seen-once entry starts */
  /* a table's many-row INSERTs (pg_sql.c, post_insert_rows) by shape: the
   * INSERT's head and tail, its columns and rows (a power of two), and the
   * name it is prepared as on c ("vr<name>"; 0: not prepared). The prepare
   * goes ahead with the writes; confirmed once their answers came back
   * without a failure (a failure before it in the pipeline skips it). */
  struct pg_shape {
    char *head, *tail; /* malloc'd; head NULL: a free entry; tail NULL: none */
    int ncols;
    size_t rows;
    unsigned name;
    int confirmed;
  } shapes[PG_ROW_SHAPES];
  unsigned shape_serial;
} pg;

/* Forgets the statements kept prepared (the connection is being closed). */
void vb_pg_kept_free(pg *p);
/* A languages' read sent ahead and never read, finalized (pg_search.c). */
void vb_pg_langs_free(pg *p);

/* The server's message for a failed call, as a VB_ESTORE error. */
int vb_pg_err(pg *p, vb_err *err, const char *what, const PGresult *r);

/* Runs sql with text parameters (NULL: SQL NULL); *out (may be NULL) gets
 * the result, which the caller PQclear()s. VB_ESTORE with the server's
 * message when it fails. */
int vb_pg_exec(pg *p, const char *sql, int n, const char *const *values, PGresult **out, vb_err *err,
               const char *what);

/* Writes sent ahead (pg_sql.c): a write whose answer nobody reads, in a
 * transaction, goes without waiting for it (libpq's pipeline mode); the
 * answers are read in the round trip of the next statement that needs
 * one, and a failure among them is that statement's failure (so inside
 * the document's savepoint that sent it). vb_pg_ahead: 0 when sql went
 * ahead, else it must be run as usual (no transaction open, or the
 * pipeline refused). */
int vb_pg_ahead(pg *p, const char *sql, int n, const char *const *values);
/* Runs sql after the writes sent ahead, in one round trip: the first
 * failure among them, else sql's own answer (PQexecParams' when none is
 * ahead). */
PGresult *vb_pg_after_ahead(pg *p, const char *sql, int n, const char *const *values, const int *lens,
                            const int *fmts);
/* The writes sent ahead answered (one round trip; none when none is
 * ahead): the first failure in err. */
int vb_pg_settle(pg *p, vb_err *err);

/* Commits the documents stored since the last commit (pg.c); the SQL
 * driver's begin calls it first, as SQLite's does, so a transaction of
 * the store's own never opens inside a batch. */
int vb_pg_flush(pg *p, vb_err *err);

/* Mentions stored before schema 4 get their spelling's key (run before
 * each correction: none are left after the first). */
int vb_pg_backfill_keys(void *impl, vb_err *err);

/* pg_search.c: the full-text syntax, tsquery. */
struct vs_text;
extern const struct vs_text vs_tsquery_text;

#endif
