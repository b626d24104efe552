/* fts5_tokenizer — registers the FTS5 tokenizer "verbatim" (the analysis
 * of analyze/, seen from SQLite) on a connection. */
#ifndef VS_FTS5_TOKENIZER_H
#define VS_FTS5_TOKENIZER_H

#include <sqlite3.h>

#include "verbatim.h"

int vs_fts5_tokenizer_register(sqlite3 *db, vb_err *err);

#endif
