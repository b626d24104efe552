/* query — the query language -> a tree every backend and the standing-
 * query matcher share. The parser does no text analysis: terms stay as the
 * user typed them and backends analyse them like the index does.
 * Grammar and precedence: docs/query.md. */
#ifndef VB_QUERY_H
#define VB_QUERY_H

#include "core/arena.h"
#include "core/buf.h"
#include "verbatim.h"

/* Named limits: a query is typed by a person or a form. */
#define VB_QUERY_MAX_BYTES 4096u
#define VB_QUERY_MAX_DEPTH 64
#define VB_QUERY_MAX_NODES 1024

typedef enum vb_qkind {
  VB_Q_TERM,
  VB_Q_PHRASE,
  VB_Q_PREFIX,
  VB_Q_AND,
  VB_Q_OR,
  VB_Q_NOT,
  VB_Q_NEAR,
  VB_Q_FILTER
} vb_qkind;

typedef enum vb_qfield {
  VB_F_NONE,
  VB_F_SPEAKER,
  VB_F_MENTIONS,
  VB_F_TYPE,
  VB_F_TAG,
  VB_F_SERIES,
  VB_F_CHANNEL,
  VB_F_LANG,
  VB_F_KIND,
  VB_F_AFTER,
  VB_F_BEFORE,
  VB_F_DATE,
  VB_F_DOC,
  VB_F_HOST,
  VB_F_FIRST,   /* first:true — not said before: the first of its quote family, or in none */
  VB_F_REPEATED /* repeated:true — said before: a later member of its quote family */
} vb_qfield;

typedef struct vb_qnode {
  vb_qkind kind;
  vb_qfield field;       /* VB_Q_FILTER */
  vb_str text;           /* term/phrase/prefix text or filter value (NUL-terminated) */
  int exact;             /* =term, exact:"…": no folding, no stemming */
  int near;              /* VB_Q_NEAR: the distance */
  uint32_t col;          /* byte column where the node starts */
  struct vb_qnode **kids; /* AND/OR/NEAR: >= 2; NOT: 1 */
  size_t nkids;
  char date_lo[11], date_hi[11]; /* date filters: inclusive range YYYY-MM-DD */
} vb_qnode;

/* Parses q[0..len) into a tree allocated in a. On error returns VB_EQUERY
 * with err->file "query" and err->offset the byte column to blame. */
int vb_query_parse(const char *q, size_t len, vb_arena *a, vb_qnode **out, vb_err *err);

/* The canonical S-expression of a tree, e.g.
 * (AND (PHRASE "prisoner swap") (FILTER speaker "baraka")). Appends to out. */
int vb_query_format(const vb_qnode *n, vb_buf *out);

/* Words only, no filter anywhere below: what a full-text index answers. */
int vb_query_is_text(const vb_qnode *n);
/* Words only, and expressible as one full-text match: every AND holds a
 * positive part beside its NOTs, and no NOT stands alone or inside OR.
 * A text subtree that is not (`-sanctions` beside a filter) is a
 * condition of its own: NOT (the match of its positive part). */
int vb_query_is_fulltext(const vb_qnode *n);
/* Does a filter on field f appear anywhere in the tree? */
int vb_query_has_field(const vb_qnode *n, vb_qfield f);

/* Name of a filter field ("speaker"). */
const char *vb_qfield_name(vb_qfield f);

#endif
