/* analyze — text analysis, the stage between text and any index, so the
 * index, queries, snippets and standing queries agree on what a word is:
 * words are runs of letters, marks and digits; each is Unicode case
 * folded and stripped of diacritics (utf8proc), Arabic letters are
 * normalised (hamza/alef forms, taa marbuta, alef maqsura, tatweel,
 * Persian yeh/kaf), and, in full mode, stemmed with Snowball (libstemmer)
 * in the text's language. The index tokens carry the language with the
 * stem: a word that is its own stem is "w|L" (one token, also its written
 * form), any other word is its written form w and, colocated, "|L|s" (its
 * stem s in language L). A query word stands for its written form and
 * "s|L", "|L|s" for its stem s in each language of the archive of its
 * script (an_query_forms), so "forest" meets English statements holding a
 * form of forest and never "for" of another language; prefixes meet the
 * written forms only.
 *
 * Nothing here knows of storage: the FTS5 tokenizer (store/fts5_tokenizer.c),
 * the PostgreSQL backend's tsvector and tsquery, snippets and the watch
 * matcher all call it. The scheme is described in docs/tokenizer.md. Names
 * starting an_ are this stage's own (never public). */
#ifndef AN_ANALYZE_H
#define AN_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "verbatim.h"

enum { AN_FULL = 0, AN_FOLD = 1 };

/* The version of the analysis an index holds; an archive made by another
 * must be indexed again (`verbatim reindex`). 1: untagged stems; 2:
 * stems tagged with their language, written forms beside them. */
#define AN_VERSION 2
/* Separates a stem from its language in an index token. */
#define AN_TAG '|'
/* A query word's stem shorter than this (in characters) is not used,
 * unless it is the word itself: it would stand for other words. */
#define AN_MIN_STEM_CHARS 3
/* The languages a query word is stemmed in when the caller knows of none. */
#define AN_DEFAULT_LANGS "en,fr,de,es,tr,it,pt,nl,ru,ar"

/* A text may start with AN_LANG_MARK "xx" AN_LANG_MARK: the language its
 * words are stemmed in (the statement's own, where a document mixes them). */
#define AN_LANG_MARK '\x1f'
/* Languages are ISO 639-1 codes of at most this many bytes. */
#define AN_LANG_MAX 7

typedef struct an_analyzer an_analyzer;

/* lang: ISO 639-1 code ("en", "ar", "ru", "tr", …); NULL, "" or a language
 * without a stemmer means folding only. The caller frees *out with
 * an_analyzer_free(). */
int an_analyzer_new(const char *lang, int mode, an_analyzer **out, vb_err *err);
void an_analyzer_free(an_analyzer *an);
/* Bytes of the analyser's cache of stems: none until it has stemmed a few
 * thousand words (an analyser for a search's snippets never makes it). */
size_t an_cache_bytes(const an_analyzer *an);

/* Calls fn(ctx, token, ntoken, start, end) for each word of text: token is
 * the analysed form (valid during the call), start/end the word's byte
 * span in text. Returns fn's non-zero value when it stops, else 0
 * (VB_ENOMEM when out of memory). */
typedef int (*an_token_fn)(void *ctx, const char *tok, size_t ntok, size_t start, size_t end);
int an_words(an_analyzer *an, const char *text, size_t len, an_token_fn fn, void *ctx);

/* Writes the language marker for lang[0..n) into buf; returns its length
 * (0 when lang is empty or does not fit). */
size_t an_lang_mark(const char *lang, size_t n, char *buf, size_t cap);
/* The language a marked text names (lang empty when none), and where its
 * words start (0 when it has no mark). */
size_t an_read_mark(const char *text, size_t len, char lang[AN_LANG_MAX + 1]);

/* Analysers for every language a thread meets, made as they are needed:
 * one per thread (a stemmer is not thread-safe). */
typedef struct an_termer an_termer;
int an_termer_new(an_termer **out, vb_err *err);
void an_termer_free(an_termer *t);
/* The full analyser of lang (folding only when lang has no stemmer, or
 * when too many languages are in use); NULL when out of memory. */
an_analyzer *an_termer_lang(an_termer *t, const char *lang);
/* The folding analyser (no stemming). */
an_analyzer *an_termer_fold(an_termer *t);

/* Analysis ahead of indexing, on any thread: the tokens the index would
 * make of a text (which may start with a language mark), encoded as a
 * "pre-analysed" text that index glue replays instead of analysing again.
 * Appends to out; 0 or VB_ENOMEM. */
int an_termer_encode(an_termer *t, const char *text, size_t len, vb_buf *out);

/* A word as the analysis leaves it: the hash of its last form (its stem,
 * else its folded written form) and its byte span in the text after its
 * language mark. What quote families compare words by (src/family). */
typedef struct an_word {
  uint64_t hash;
  uint32_t start, end;
} an_word;
/* The hash of a word's form s[0..n), seeded (0 for a word: an_word.hash):
 * FNV-1a over its bytes, mixed with its length. */
static inline uint64_t an_hash_seeded(uint64_t seed, const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  h ^= n;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}
/* an_termer_encode that also gives the text's words, at most max of them
 * (the rest are encoded, not given), into words; *nwords how many. The
 * words come from the one analysis the index is given, so nothing is
 * analysed, replayed or hashed again for them (a stem's hash is kept
 * with it in the analyser's cache of stems). */
int an_termer_encode_words(an_termer *t, const char *text, size_t len, vb_buf *out, an_word *words, size_t max,
                           size_t *nwords);
/* The tokens of a pre-analysed text, in order (fn's non-zero return stops
 * it and is returned); -1, having called nothing, when text is not one. */
int an_pre_each(const char *text, size_t len, an_token_fn fn, void *ctx);
/* The same in one pass, for a caller that drops what it was given when
 * -1 comes back: tokens go out until the text proves not to be one (the
 * check of the whole first was a fifth of a replay's cost). */
int an_pre_each_unchecked(const char *text, size_t len, an_token_fn fn, void *ctx);

/* The languages an archive's query words are stemmed in, and whether its
 * words must also be sought as written: 1 when a document of it has no
 * language or one without a stemmer (its words are indexed folded only,
 * so only their written form reaches them). */
#define AN_LANGS_CAP 128
typedef struct an_langs {
  char list[AN_LANGS_CAP]; /* comma-separated ISO codes with stemmers */
  int written;
} an_langs;

/* For each word of a query text, what a statement holding the word may
 * have been indexed as: fn(ctx, form, n, start, end, first) with first 1
 * for the word's first form, 0 for the others (its alternatives at the
 * same position): its folded (written) form and its tagged stems in each
 * language of langs->list (NULL langs: AN_DEFAULT_LANGS, written forms
 * always) of the word's script, leaving out stems cut too short
 * (AN_MIN_STEM_CHARS). The written form is left out when it can find
 * nothing the stems do not: langs->written is 0 and every language of the
 * list either gives the word's stem or stems the word to itself (so a
 * statement of it holds the word as "w|L", never as written alone). A word
 * with no other form keeps its written form. prefix: the last word is
 * given as its folded form only (a prefix is matched against written
 * forms), the words before it as whole words. */
typedef int (*an_form_fn)(void *ctx, const char *form, size_t n, size_t start, size_t end, int first);
int an_query_forms(an_termer *t, const an_langs *langs, const char *text, size_t len, int prefix, an_form_fn fn,
                   void *ctx);

/* Adds lang[0..n) to list, a comma-separated list of at most cap bytes
 * with its NUL (the languages a store holds, for an_query_forms), unless
 * it is there already, empty or has no stemmer. 1 when it was added. */
int an_langs_add(char *list, size_t cap, const char *lang, size_t n);
/* Notes a document language of the archive in l: its list when the
 * language has a stemmer, else l->written (no language, "", "-", "zh"). */
void an_langs_note(an_langs *l, const char *lang, size_t n);

/* The written form an index token holds: its length (the word of "w|L" or
 * a plain w), 0 for a stem token "|L|s". */
size_t an_token_written(const char *tok, size_t n);
/* The stem an index token stands for, as "|L|s" ("w|L" becomes "|L|w",
 * a plain word stays itself), into buf; its length, 0 when it does not fit. */
size_t an_stem_key(const char *tok, size_t n, char *buf, size_t cap);

#endif
