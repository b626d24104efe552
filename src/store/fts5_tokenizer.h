/* fts5_tokenizer — registers the FTS5 tokenizer "verbatim" (the analysis
 * of analyze/, seen from SQLite) on a connection. */
#ifndef VS_FTS5_TOKENIZER_H
#define VS_FTS5_TOKENIZER_H

#include <sqlite3.h>

#include "verbatim.h"

/* langs: the languages query words are stemmed in, comma-separated (NULL:
 * the analysis' default); the string is read at each query, so the caller
 * keeps it current and alive as long as the connection. */
int vs_fts5_tokenizer_register(sqlite3 *db, const char *langs, vb_err *err);

#endif
