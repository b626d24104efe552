/* fts5_tokenizer — registers the FTS5 tokenizer "verbatim" (the analysis
 * of analyze/, seen from SQLite) on a connection. */
#ifndef VS_FTS5_TOKENIZER_H
#define VS_FTS5_TOKENIZER_H

#include <sqlite3.h>

#include "verbatim.h"

#include "analyze/analyze.h"

/* langs: the languages query words are stemmed in, and whether they are
 * sought as written too (NULL: the analysis' defaults); read at each
 * query, so the caller keeps it current and alive as long as the
 * connection. */
int vs_fts5_tokenizer_register(sqlite3 *db, const an_langs *langs, vb_err *err);

/* A query string that starts with this byte is one index token as it
 * stands (the rest of the string), not analysed again: a word's forms,
 * already made by an_query_forms, written as an FTS5 OR of single tokens
 * (sqlite.c, fts_word_forms). The query compiler never writes it from
 * query text: control bytes there are written as spaces. */
#define VS_FTS_FORM_MARK '\x1e'

#endif
