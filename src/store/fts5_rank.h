/* fts5_rank — the FTS5 auxiliary function vb_rank(fts, length): BM25 with
 * the statement's byte length given by the caller. */
#ifndef VB_FTS5_RANK_H
#define VB_FTS5_RANK_H

#include <sqlite3.h>

#include "verbatim.h"

int vb_fts5_rank_register(sqlite3 *db, vb_err *err);

#endif
