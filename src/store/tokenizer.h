/* tokenizer — verbatim's text analysis, shared by the FTS5 index, queries
 * and snippet highlighting so all three agree on what a word is:
 * words are runs of letters, marks and digits; each is Unicode case folded
 * and stripped of diacritics (utf8proc), Arabic letters are normalised
 * (hamza/alef forms, taa marbuta, alef maqsura, tatweel, Persian yeh/kaf),
 * and, in full mode, stemmed with Snowball (libstemmer) in the document's
 * language. The scheme is described in docs/tokenizer.md. */
#ifndef VB_TOKENIZER_H
#define VB_TOKENIZER_H

#include <sqlite3.h>
#include <stddef.h>

#include "core/buf.h"
#include "verbatim.h"

enum { VB_AN_FULL = 0, VB_AN_FOLD = 1 };

/* Text stored in the index may start with VB_LANG_MARK "xx" VB_LANG_MARK:
 * the document's language, so its stemmer is used for the rest. */
#define VB_LANG_MARK '\x1f'

typedef struct vb_analyzer vb_analyzer;

/* lang: ISO 639-1 code ("en", "ar", "ru", "tr", …); NULL, "" or a language
 * without a stemmer means folding only. The caller frees *out with
 * vb_analyzer_free(). */
int vb_analyzer_new(const char *lang, int mode, vb_analyzer **out, vb_err *err);
void vb_analyzer_free(vb_analyzer *an);

/* Calls fn(ctx, token, ntoken, start, end) for each word of text: token is
 * the analysed form (valid during the call), start/end the word's byte
 * span in text. Returns fn's non-zero value when it stops, else 0. */
typedef int (*vb_token_fn)(void *ctx, const char *tok, size_t ntok, size_t start, size_t end);
int vb_analyze(vb_analyzer *an, const char *text, size_t len, vb_token_fn fn, void *ctx);

/* Writes the language marker for lang[0..n) into buf; returns its length
 * (0 when lang is empty or does not fit). */
size_t vb_lang_mark(const char *lang, size_t n, char *buf, size_t cap);

/* Analysis ahead of indexing, on any thread: a termer encodes the tokens
 * the index would make of a text (which may start with a language mark)
 * as a "pre-analysed" text; the FTS5 tokenizer replays such a text instead
 * of analysing it again. Ingest analyses on its parsing threads this way,
 * leaving the storing thread only the writing. One termer per thread. */
typedef struct vb_termer vb_termer;
int vb_termer_new(vb_termer **out, vb_err *err);
void vb_termer_free(vb_termer *t);
/* Appends the pre-analysed form of text[0..len) to out; 0 or VB_ENOMEM. */
int vb_termer_encode(vb_termer *t, const char *text, size_t len, vb_buf *out);

/* The tokens of a pre-analysed text, in order; VB_EPARSE if it is not one. */
int vb_pre_each(const char *text, size_t len, vb_token_fn fn, void *ctx);
/* For each word of a query text: its folded form and its stems in every
 * language of its script (what a statement holding the word may have been
 * indexed as). Duplicates may repeat. */
int vb_termer_query_forms(vb_termer *t, const char *text, size_t len, vb_token_fn fn, void *ctx);

/* Registers the FTS5 tokenizer "verbatim" on db. Documents are stemmed in
 * their marked language (default: the tokenizer argument, else none);
 * query words are folded and expanded, as colocated tokens, to their stems
 * in every language of their script, so a query matches documents in any
 * language; prefix queries are folded only. */
int vb_tokenizer_register(sqlite3 *db, vb_err *err);

#endif
