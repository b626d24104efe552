/* fts5_rank — the FTS5 auxiliary function vb_rank(fts, length): BM25 with
 * the statement's byte length given by the caller; vb_rank_word(fts,
 * length) the same for an expression that is one word's forms ORed (the
 * places any of them matches counted once, as one phrase). */
#ifndef VB_FTS5_RANK_H
#define VB_FTS5_RANK_H

#include <sqlite3.h>
#include <stdint.h>

#include "verbatim.h"

/* length_of(ctx, rowid) gives a match's byte length when vb_rank is called
 * with no length argument (0 if unknown: the average is used). */
typedef double (*vb_rank_length_fn)(void *ctx, int64_t rowid);
int vb_fts5_rank_register(sqlite3 *db, vb_rank_length_fn length_of, void *ctx, vb_err *err);

#endif
