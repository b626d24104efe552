/* pg_int — what pg.c (connection, schema, documents) and pg_search.c (the
 * query tree as parameterised SQL) share inside the PostgreSQL backend. */
#ifndef VB_PG_INT_H
#define VB_PG_INT_H

#include <libpq-fe.h>

#include "core/buf.h"
#include "core/err.h"
#include "store.h"

typedef struct pg {
  PGconn *c;
  char uri[256];            /* as shown in messages: no password */
  struct vb_termer *termer; /* analyses statements and query words */
  vb_buf scratch;
  char sqlstate[6];         /* of the last failure */
} pg;

/* The server's message for a failed call, as a VB_ESTORE error. */
int vb_pg_err(pg *p, vb_err *err, const char *what, const PGresult *r);

/* Runs sql with text parameters (NULL: SQL NULL); *out (may be NULL) gets
 * the result, which the caller PQclear()s. VB_ESTORE with the server's
 * message when it fails. */
int vb_pg_exec(pg *p, const char *sql, int n, const char *const *values, PGresult **out, vb_err *err,
               const char *what);

/* The tsquery text of a query word, phrase or prefix: each word as the
 * alternatives the index may hold it as (folded form and stems), joined
 * by <-> in a phrase; a prefix matches indexed words that begin with it. */
int vb_pg_tsquery(pg *p, const vb_qnode *n, vb_buf *out);

int vb_pg_search(pg *p, const vb_qnode *q, const vb_search_opts *o, vb_arena *a, vb_raw_results *res,
                 vb_err *err);

#endif
