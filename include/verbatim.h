/* verbatim — media-monitoring archive engine: public API.
 *
 * One call turns the bytes of a transcript or dispatch into a vb_doc, the one
 * data model that flows through every later stage (store, search, watch).
 * Everything a vb_doc points to lives in the document's own arena and dies
 * with vb_doc_free(). Every fallible function returns 0 or a VB_E* code and
 * fills the caller's vb_err with the file, the byte offset and the reason.
 */
#ifndef VERBATIM_H
#define VERBATIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VB_VERSION "0.1.0"

/* The version of what the parser makes of a document: its statements (their
 * boundaries, order, speakers and kinds), turns and speakers. Bump it with
 * any change that alters them for an input already archived: the archive
 * records per document the version that parsed it, `verbatim check` lists
 * the documents an older parser made, and `verbatim reparse` brings them
 * up to date while keeping their old permalinks resolvable. Documents
 * stored before versions were recorded count as version 0. */
#define VB_PARSER_VERSION 69

/* Error codes, documented here once. Every fallible function returns an
 * int that is 0 (VB_OK) or one of these, and fills its vb_err with the same
 * code; vb_strerror() names each. Only ever appended: callers, exit
 * statuses and stored logs depend on the numbers. */
typedef enum vb_code {
  VB_OK = 0,
  VB_ENOMEM = 1,   /* allocation failed */
  VB_EIO = 2,      /* reading or writing a file failed */
  VB_EDECODE = 3,  /* bytes are not text in any supported encoding */
  VB_EPARSE = 4,   /* text could not be structured */
  VB_ELIMIT = 5,   /* a named limit (size, count, depth) was exceeded */
  VB_EEMPTY = 6,   /* the input holds no text */
  VB_EUSAGE = 7,   /* a caller passed invalid arguments */
  VB_EBINARY = 8,  /* the input looks like binary data, not text */
  VB_EQUERY = 9,   /* a query is malformed */
  VB_ESTORE = 10,  /* the archive reported an error */
  VB_EFORMAT = 11, /* unsupported or unknown input format */
  VB_ENOTFOUND = 12 /* a named object does not exist */
} vb_code;
/* The last code: VB_OK … VB_ELAST are every code there is. */
#define VB_ELAST VB_ENOTFOUND

/* What went wrong, where. `file` is the input's name ("-" for stdin, "" if
 * none); `offset` is a byte offset into that input, or -1 when no single
 * place is to blame. */
typedef struct vb_err {
  int code; /* a vb_code (int, as functions return them, so comparing needs no cast) */
  long long offset;
  char file[256];
  char msg[512];
} vb_err;

/* Static text for a VB_E* code ("unknown error" for a number that is
 * none); never NULL. */
const char *vb_strerror(int code);
/* Resets `err` to "no error". */
void vb_err_clear(vb_err *err);
/* Writes "file: byte offset: message" (parts that are unknown are left
 * out; the message is vb_strerror's when err has none) into buf, always
 * NUL-terminated when cap > 0. Returns the length it wanted. */
size_t vb_err_format(const vb_err *err, char *buf, size_t cap);

/* A non-owning slice of UTF-8 text. ptr == NULL means "unknown". */
typedef struct vb_str {
  const char *ptr;
  size_t len;
} vb_str;

/* ---- The document model (plain data, read-only for callers) ----------- */

typedef enum vb_format {
  VB_FMT_AUTO = 0, /* detect from content */
  VB_FMT_TEXT,
  VB_FMT_HTML,
  VB_FMT_SRT,
  VB_FMT_VTT,
  VB_FMT_JSONL
} vb_format;

/* Name of a format as used in JSON and on the command line ("text", …). */
const char *vb_format_name(vb_format f);
/* Parses a format name; returns VB_FMT_AUTO for "auto" or unknown names. */
vb_format vb_format_from_name(const char *name);
/* The format the bytes look like (the path's extension breaks ties). A
 * JSON Lines input holds one document per line: give vb_doc_parse one
 * line at a time. */
vb_format vb_format_guess(const char *bytes, size_t len, const char *path);

typedef enum vb_kind {
  VB_KIND_DIRECT = 0,  /* spoken in a transcript turn, or quoted word for word */
  VB_KIND_INDIRECT,    /* reported speech: "X said that …", "according to X, …" */
  VB_KIND_HEADING,     /* a pull-quote section heading */
  VB_KIND_TITLE,       /* the title's "Name: claim" */
  VB_KIND_MIXED        /* reported speech holding quoted words: X said it was "a farce" */
} vb_kind;
const char *vb_kind_name(vb_kind k);

/* Seconds from the start of a broadcast; start < 0 means "no time". */
typedef struct vb_time {
  double start, end;
} vb_time;

/* Where a document's language came from (meta "language_from"). */
typedef enum vb_lang_from {
  VB_LANG_NONE = 0, /* no language, or not known (an archive made before it was recorded) */
  VB_LANG_GUESSED,  /* "guess": guessed from the text's script and function words */
  VB_LANG_INPUT,    /* "input": the input names it (a JSON Lines field, a page's lang,
                     * a file-name convention) */
  VB_LANG_OPTION    /* "option": the caller's, for every document (ingest --language) */
} vb_lang_from;
const char *vb_lang_from_name(vb_lang_from f); /* "guess", "input", "option"; NULL for none */

/* The ISO 639-1 code a language tag starts with, lowercased into code
 * ("en" of "en", "EN", "en-US", og:locale's "en_GB"); 1 when it has one,
 * 0 when it has none ("eng", "English", "und", "", surrounding spaces are
 * allowed). */
int vb_lang_code(const char *tag, size_t n, char code[3]);

typedef struct vb_meta {
  vb_str publisher, series, number;
  vb_str published, aired; /* ISO dates YYYY-MM-DD, or YYYY when only the year is known */
  vb_str channel, language;
  vb_str clip;             /* a URL, or ptr == NULL */
  int has_clip;            /* a clip is referenced (with or without URL) */
  const vb_str *tags;
  size_t ntags;
  vb_str country;          /* the country the speaker speaks for (a UN delegation) */
  vb_lang_from language_from; /* where language came from */
} vb_meta;

typedef struct vb_speaker {
  vb_str name;
  const vb_str *aliases;
  size_t naliases;
  vb_str role, affiliation;
  int host;
  int group; /* a group or collective the prose names as a source ("Critics
              * said", "the protesters say", "Republican leaders warned"):
              * a speaker of its own document only, never a person, never
              * joined to one by name; its entity is a GROUP */
} vb_speaker;

typedef struct vb_section {
  vb_str heading;
  int32_t quote_of; /* speaker index, or -1 */
  uint32_t start, end;
} vb_section;

typedef struct vb_paragraph {
  uint32_t start, end; /* body[start:end] is the paragraph's text */
} vb_paragraph;

typedef struct vb_turn {
  int32_t speaker; /* speaker index, or -1 when unknown */
  int32_t section; /* the section it opens in, or -1 (a turn that goes on
                    * across a heading holds later sections' starts) */
  uint32_t start, end;
  vb_time time;
  const vb_paragraph *paragraphs;
  size_t nparagraphs;
} vb_turn;

/* A span of the body; start == end means none. Insertions ("[In Gaza]",
 * the text inside the brackets), boilerplate, a statement's source and cue. */
typedef struct vb_span {
  uint32_t start, end;
} vb_span;

typedef struct vb_statement {
  int32_t speaker;     /* speaker index, or -1 */
  vb_kind kind;
  int32_t turn;        /* turn index, or -1 for title/heading/summary */
  uint32_t start, end;
  int32_t attribution; /* in prose: the attribution that says who said it, or -1 */
  vb_time time;
} vb_statement;

/* Who prose says said something, and with what words: the source as
 * written ("Ali Baraka", "he", "a spokesman for the ministry") and the cue
 * ("said", "according to"). Statements cut from one quotation share one. */
typedef struct vb_attribution {
  vb_span source, cue;
} vb_attribution;

enum { VB_DATE_DAY = 0, VB_DATE_RELATIVE = 1, VB_DATE_TIME = 2 };
typedef struct vb_date {
  uint32_t start, end;
  char value[11]; /* YYYY-MM-DD; HH:MM for a time; empty when relative */
  int kind;       /* VB_DATE_*: "October 8, 2023", "last week", "9 am" */
} vb_date;

typedef struct vb_quantity {
  uint32_t start, end;
  double value;
  vb_str unit;
} vb_quantity;

/* Entities: a person, organisation, place or group named in the text. */
typedef enum vb_etype { VB_ENT_PERSON = 0, VB_ENT_ORG, VB_ENT_PLACE, VB_ENT_GROUP } vb_etype;
#define VB_NETYPES 4
/* "PERSON", "ORG", "PLACE", "GROUP". */
const char *vb_etype_name(vb_etype t);
/* The type named by s[0..n) in any case, or -1. */
int vb_etype_parse(const char *s, size_t n);

typedef struct vb_entity {
  vb_str name;            /* canonical name */
  vb_str key;             /* archive-wide identity: "TYPE:transliteration key" */
  vb_etype type;
  const vb_str *aliases;  /* the other surface forms this document uses */
  size_t naliases;
  vb_str role;            /* a title or role stated before the name, or empty */
  int32_t speaker;        /* the speaker index when the entity speaks, else -1 */
} vb_entity;

typedef struct vb_mention {
  int32_t entity;         /* index into entities */
  int32_t statement;      /* the statement holding it, or -1 (a title label, a clip line) */
  uint32_t start, end;    /* the surface in body */
} vb_mention;

typedef struct vb_doc_view {
  char id[65];           /* SHA-256 of the decoded body, hex */
  vb_str path;
  vb_str url;            /* where the page says it lives (<link rel=canonical>,
                          * og:url), absolute; ptr == NULL when not given */
  vb_format format;
  vb_str body;           /* decoded UTF-8, newlines normalised to \n */
  vb_str source;         /* the decoded input the body was read from: the same as
                          * body for plain text; the page, the caption file or
                          * the JSON line for formats whose body is derived */
  vb_meta meta;
  vb_str title;          /* slices of body, or ptr == NULL */
  vb_str summary;
  const vb_speaker *speakers;   size_t nspeakers;
  const vb_section *sections;   size_t nsections;
  const vb_turn *turns;         size_t nturns;
  const vb_statement *statements; size_t nstatements;
  const vb_attribution *attributions; size_t nattributions;
  const vb_span *insertions;    size_t ninsertions;
  const vb_span *boilerplate;   size_t nboilerplate;
  const char *const *boilerplate_why; /* per boilerplate span: why it is furniture */
  const char *const *warnings;  size_t nwarnings; /* what a reader should know: bytes
                                                   * replaced, no statement found */
  const vb_date *dates;         size_t ndates;
  const vb_quantity *quantities; size_t nquantities;
  const vb_entity *entities;    size_t nentities;
  const vb_mention *mentions;   size_t nmentions; /* in body order */
} vb_doc_view;

typedef struct vb_doc vb_doc;

/* The names entity extraction knows: every country and territory in
 * Debian's iso-codes (English and every translation it ships), the
 * curated lists in data/ (places, organisations, people, titles), and the
 * corrections an analyst added to an archive. */
typedef struct vb_lexicon vb_lexicon;

/* The built-in lexicon, loaded once per process and shared read-only;
 * never free it. iso-codes is read from $VERBATIM_ISO_CODES (a directory
 * holding json/iso_3166-1.json) or /usr/share/iso-codes, translations from
 * $VERBATIM_LOCALE_DIR or /usr/share/locale. */
int vb_lexicon_default(const vb_lexicon **out, vb_err *err);

/* A lexicon of the built-in names plus corrections: add them with
 * vb_lexicon_alias / vb_lexicon_reject, then vb_lexicon_compile. Free
 * with vb_lexicon_free. */
int vb_lexicon_new(vb_lexicon **out, vb_err *err);
/* How many lexicons this process has made with vb_lexicon_new (the
 * built-in one included), and in *seconds (may be NULL) the wall time
 * they took: seconds each on a busy machine. */
unsigned long long vb_lexicons_made(double *seconds);
/* `alias` names the entity of type `type` called `name` (created if the
 * lexicon does not know it). */
int vb_lexicon_alias(vb_lexicon *lx, vb_etype type, const char *name, const char *alias,
                     vb_err *err);
/* `surface` is never an entity (a pronoun, a common word). */
int vb_lexicon_reject(vb_lexicon *lx, const char *surface, vb_err *err);
/* Builds the matcher; the lexicon is read-only afterwards. */
int vb_lexicon_compile(vb_lexicon *lx, vb_err *err);
void vb_lexicon_free(vb_lexicon *lx);
/* The identity key ("TYPE:key") the lexicon gives `name` as a name of
 * that type, or as a name of any type when type < 0 (the first found):
 * one of its spellings or a close transliteration of it, never a name
 * that merely folds to the same skeleton ("Raisi" is not Russia).
 * Writes a NUL-terminated key to out (size cap); returns 1 if the lexicon
 * knows the name, 0 if the key is only the name's own. */
int vb_lexicon_key(const vb_lexicon *lx, int type, const char *name, char *out, size_t cap);

/* Bytes of an input that may be replaced with U+FFFD when they are not
 * UTF-8 (a stray byte in a saved page) before the input is refused. */
#define VB_MAX_BAD_BYTES_DEFAULT 16

typedef struct vb_parse_opts {
  vb_format format;           /* VB_FMT_AUTO to detect */
  const vb_lexicon *lexicon;  /* NULL: the built-in lexicon */
  const char *language;       /* NULL: what the input says, else a guess; else every
                               * document's language, an ISO 639-1 code ("en", "en-US"
                               * is taken as "en"): vb_doc_parse refuses any other */
  long max_bad_bytes;         /* 0: VB_MAX_BAD_BYTES_DEFAULT; < 0: none, refuse */
  int drop_source;            /* 1: when a reader makes a body of its own (the
                               * text reader moving page headers to the end), the
                               * text as decoded is not kept beside it (view.source
                               * is then the body): for a caller that stores
                               * nothing, as `parse`; an archive needs it */
} vb_parse_opts;

/* Parses `len` bytes of one input named `path` (used in errors and in the
 * document's source). On success *out is a new document the caller frees
 * with vb_doc_free(); on failure *out is NULL and err says why. The bytes
 * are copied: the caller may free them at once. */
int vb_doc_parse(const char *bytes, size_t len, const char *path,
                 const vb_parse_opts *opts, vb_doc **out, vb_err *err);
/* The same, taking `bytes` (malloc'd) over: they are freed as soon as
 * they are decoded, before the rest of the parse, so a large input is not
 * held twice; freed on failure too. */
int vb_doc_parse_owned(char *bytes, size_t len, const char *path,
                       const vb_parse_opts *opts, vb_doc **out, vb_err *err);

/* Calls fn(ctx, name, doc, err) for each document in one input: the
 * whole input, or each non-blank line of JSON Lines (named "path:LINE").
 * Exactly one of doc and err is set; fn owns doc (vb_doc_free it). fn
 * returns non-zero for a failure; the number of failures is returned. */
typedef int (*vb_doc_fn)(void *ctx, const char *name, vb_doc *doc, const vb_err *err);
int vb_doc_parse_each(const char *path, const char *bytes, size_t len, const vb_parse_opts *opts,
                      vb_doc_fn fn, void *ctx);
/* The same, taking `bytes` (malloc'd) over: one document's are freed once
 * decoded (vb_doc_parse_owned), JSON Lines' after the last line. */
int vb_doc_parse_each_owned(const char *path, char *bytes, size_t len, const vb_parse_opts *opts,
                            vb_doc_fn fn, void *ctx);
/* The same for a run of a JSON Lines file's lines whose first is line
 * first_line of the file (names and errors count from it). */
int vb_doc_parse_lines(const char *path, const char *bytes, size_t len, size_t first_line,
                       const vb_parse_opts *opts, vb_doc_fn fn, void *ctx);

/* The document's plain-data view; valid until vb_doc_free(). */
const vb_doc_view *vb_doc_get(const vb_doc *doc);

/* What the parser took each block of the body for, and why, as text for a
 * person: one line per paragraph (its role, its byte span, the reason, its
 * opening words), then what the page reader left out of the body. *out is
 * malloc'd (free() it). */
int vb_doc_explain(const vb_doc *doc, char **out, vb_err *err);

void vb_doc_free(vb_doc *doc);

/* Writes the document JSON of DESIGN.md. On success *out is a malloc'd
 * NUL-terminated string the caller frees with free(). `pretty` indents. */
int vb_doc_to_json(const vb_doc *doc, int pretty, char **out, vb_err *err);

/* Which statements a page of a document holds: from, count of them, and
 * the first of the next page (0: this is the last). */
typedef struct vb_doc_page {
  size_t from, count, next;
} vb_doc_page;

/* One page of the document JSON, for answers of bounded size: the
 * statements from `from` on, at most max_statements of them and, after
 * the first, only while their text stays within max_bytes; of the turns,
 * insertions, mentions, quantities, dates and boilerplate those that
 * start in the part of the body the page covers (pages split the body
 * where their first statements start, so paging through gives each item
 * once); everything else (meta, speakers, sections, entities without their
 * mentions elsewhere) on every page; and "page": {"from","statements",
 * "of","turns_from","next"}. *info says the same. *out is malloc'd
 * (free() it). */
int vb_doc_page_to_json(const vb_doc *doc, size_t from, size_t max_statements, size_t max_bytes,
                        vb_doc_page *info, char **out, vb_err *err);

/* The same JSON written to f as it is made, so memory does not grow with
 * the output (`parse --json`). `body` adds the decoded body as a last
 * member "body". On failure part of the JSON may have been written. */
int vb_doc_write_json(const vb_doc *doc, int pretty, int body, FILE *f, vb_err *err);

/* Reads a whole file (or stdin for "-") into a malloc'd buffer the caller
 * frees. Refuses inputs larger than VB_MAX_INPUT_BYTES. */
int vb_file_read(const char *path, char **bytes, size_t *len, vb_err *err);

/* A time in seconds (a caption's or a turn's) as hours:minutes:seconds,
 * "01:02:03"; hours take as many digits as they need, fractions are cut.
 * "" for a time that is negative or not finite. Writes at most 32 bytes
 * into out and returns it. */
const char *vb_clock_text(double seconds, char out[32]);

/* Largest input verbatim accepts: offsets are 32-bit, and one document
 * should never need more than a quarter of a small machine's memory. */
#define VB_MAX_INPUT_BYTES ((size_t)256 << 20)


/* ---- The archive -------------------------------------------------------
 * A store keeps documents, archive-wide speakers, statements and their
 * full-text index. "path" is an SQLite file (the default backend). */

typedef struct vb_store vb_store;

/* Opens (create != 0: creates if missing) the archive at path. On success
 * *out is a store the caller closes with vb_store_close(). */
int vb_store_open(const char *path, int create, vb_store **out, vb_err *err);
/* Commits pending work and closes; NULL is allowed. */
void vb_store_close(vb_store *st);
/* Sends searches and reads (documents, speakers, entities, views) to
 * another archive at uri, a replica of this one; writes stay here. A
 * replica may lag: what was just written here may not be found yet. When
 * it cannot be reached, the error says why and reads stay here until
 * vb_store_reader_again reaches it. */
int vb_store_read_from(vb_store *st, const char *uri, vb_err *err);
/* After a read failed: 1 when the replica's connection is gone (it is
 * closed and reads go here until vb_store_reader_again), else 0. */
int vb_store_reader_lost(vb_store *st);
/* Connects to the replica again when it is down; VB_OK when it is up. */
int vb_store_reader_again(vb_store *st, vb_err *err);

/* Adds one parsed document atomically: all of it or none of it. *added is
 * 1 when new, 0 when a document with the same content hash was already in
 * the archive (nothing is written then). Documents are committed in
 * batches; vb_store_flush() (or close) commits the batch. */
int vb_store_put(vb_store *st, const vb_doc *doc, int *added, vb_err *err);
int vb_store_flush(vb_store *st, vb_err *err);

enum { VB_SORT_RELEVANCE = 0, VB_SORT_DATE = 1 };
/* VB_FACET_SAID: "said before" and "first said", counted over the matches
 * the entity facet counts (the first 100,000; entity_sample says when
 * that is not all of them) */
enum { VB_FACET_SPEAKER = 1, VB_FACET_ENTITY = 2, VB_FACET_TAG = 4, VB_FACET_MONTH = 8, VB_FACET_SAID = 16 };
#define VB_NFACETS 5

typedef struct vb_search_opts {
  int limit, offset;  /* limit 0 means 20 */
  int sort;           /* VB_SORT_* */
  int docs;           /* one hit per document */
  unsigned facets;    /* VB_FACET_* bits */
  int context;        /* statements of the same turn on each side of a hit (at most 5) */
  int entity_sample;  /* the entity facet counts at most this many statements, an even sample (0: 10,000) */
} vb_search_opts;

typedef struct vb_hit {
  int64_t statement;   /* statement row id */
  int32_t index;       /* the statement's index in its document: /d/{doc}#s{index} */
  char doc[65];        /* document id (content hash) */
  vb_str speaker, kind, text, snippet, citation;
  vb_str title, series, number, date, channel;
  uint32_t start, end; /* offsets of the statement in its document body */
  vb_time time;
  double score;        /* BM25 (higher is better); 0 when sorted by date */
  vb_str link;         /* its permalink: /d/{doc}#s{index}, or #s{index}v{version}
                        * once a reparse renumbered the document */
  const vb_str *before, *after; /* with opts.context: the turn's statements around it */
  size_t nbefore, nafter;
  /* its quote family (issue 21): how many statements say the same words
   * (0: none does, or it is too short for a family); the earliest of them
   * (first said: its date and permalink); whether that is another one
   * (said before) or this one */
  int64_t family;
  vb_str first_said, first_link;
  int said_before;
} vb_hit;

typedef struct vb_facet {
  vb_str value;
  int64_t count;
  char id[24]; /* the entity facet: "e12", the entity counted (its name may
                * lead to others too); else empty */
} vb_facet;

typedef struct vb_results {
  int64_t total;
  unsigned facet_mask; /* the VB_FACET_* bits that were asked for */
  const vb_hit *hits;
  size_t nhits;
  const vb_facet *facets[VB_NFACETS]; /* speaker, entity, tag, month, said */
  size_t nfacets[VB_NFACETS];
  /* the entity facet counted the first this many matching statements, not
   * all of them (0: it counted them all, as mentions: would) */
  int64_t entity_sample;
} vb_results;

/* Runs a query in the query language (docs/query.md). On success *out is
 * a result set the caller frees with vb_results_free(). Snippets mark the
 * words that matched between "**" and "**". */
int vb_store_search(vb_store *st, const char *query, const vb_search_opts *opts,
                    vb_results **out, vb_err *err);
void vb_results_free(vb_results *res);

/* An archived document, named by its id (or a unique id prefix of 6 hex
 * digits or more, or its series number), as its permalinks know it: the
 * stored text parsed again when the parser that stored it is this one (or
 * makes the very same statements of it), else rebuilt from what was stored
 * (see "Versioned parses" below). *out is the caller's: vb_doc_free() it. */
int vb_store_doc(vb_store *st, const char *ref, vb_doc **out, vb_err *err);
/* The whole id (64 hex digits) of the document ref names, as vb_store_doc
 * reads it: what tells two names of one document (a shorter prefix, the
 * series number) apart from two documents, without reading its body. */
int vb_store_doc_id(vb_store *st, const char *ref, char id[65], vb_err *err);

/* ---- Typed results ------------------------------------------------------
 * What the archive answers is plain data in an arena of its own: each
 * result has one *_free, and its strings live until then. The JSON of
 * each is made in one place (src/json/, the vb_*_to_json functions at the
 * end of this header); nothing else reads or writes JSON text. */

/* A label and a count: a month's mentions, a speaker's, a facet value's. */
typedef struct vb_count {
  vb_str label;
  int64_t n;
} vb_count;

typedef struct vb_speaker_row {
  vb_str name, role, affiliation; /* role, affiliation: ptr NULL when unknown */
  int host;
  int anonymous; /* a label that names no one ("Question", "New Speaker") */
  int group;     /* a group the prose names ("critics"; vb_speaker.group): one
                  * row a document, as an anonymous label's */
  int64_t documents, statements;
} vb_speaker_row;

typedef struct vb_speaker_list {
  const vb_speaker_row *speakers; /* most statements first, then by name */
  size_t n;
} vb_speaker_list;

/* Archive-wide speakers with their document and statement counts (a
 * speaker's statements: in their own words, as speaker: finds them; what
 * others report they said is not counted); a speaker with no statement of
 * their own is not listed. A label that names no one ("Question",
 * "Remark": data/anonymous-speakers.txt) is a speaker of its own document
 * only: one row per document. *out is freed with
 * vb_speaker_list_free(). */
int vb_store_speakers(vb_store *st, vb_speaker_list **out, vb_err *err);
/* One page of that list, in its order: `limit` speakers (0: all) from the
 * `offset`th; hosts (interviewers, presenters) left out when !hosts, the
 * labels that name no one when !anonymous. */
int vb_store_speakers_page(vb_store *st, int64_t offset, int64_t limit, int hosts, int anonymous,
                           vb_speaker_list **out, vb_err *err);
/* The listed speakers called name (ASCII case aside), counted as the list
 * counts them: one speaker's page reads its own counts, not every
 * speaker's (the whole list took 250 ms of CPU and 79,532 pages on the
 * fresh UN archive, past a loaded server's 5 s). */
int vb_store_speakers_named(vb_store *st, const char *name, vb_speaker_list **out, vb_err *err);
void vb_speaker_list_free(vb_speaker_list *list);
/* The speaker called name (ASCII case aside), or NULL. */
const vb_speaker_row *vb_speaker_list_find(const vb_speaker_list *list, const char *name);
/* What the search speaker:NAME finds: the statements in their own words of
 * every speaker the name's key leads to ("Dulles", "John Foster Dulles"),
 * and the documents they are in. */
int vb_store_speaker_counts(vb_store *st, const char *name, int64_t *statements, int64_t *documents,
                            vb_err *err);

typedef struct vb_overview_month {
  vb_str period; /* YYYY-MM; YYYY: documents dated by their year alone */
  int64_t statements, documents;
} vb_overview_month;

typedef struct vb_overview_doc {
  char doc[65];
  vb_str title, date, channel, series, number; /* ptr NULL when unknown */
} vb_overview_doc;

typedef struct vb_overview {
  int64_t documents, statements, speakers;
  int64_t dated;                   /* statements of dated documents */
  const vb_overview_month *months; /* months with dated documents, first to last */
  size_t nmonths;
  const vb_overview_doc *latest;   /* the newest dated documents, newest first */
  size_t nlatest;
} vb_overview;

/* The archive at a glance: documents, statements, speakers, the dated
 * statements per month and the `latest` newest dated documents. Made from
 * the documents table, without reading statements. *out is freed with
 * vb_overview_free(). */
int vb_store_overview(vb_store *st, int latest, vb_overview **out, vb_err *err);
void vb_overview_free(vb_overview *ov);
/* Integrity: SQLite's own check plus verbatim's invariants. *problems is
 * the number found; *report (malloc'd) lists them, one per line. */
int vb_store_check(vb_store *st, int *problems, char **report, vb_err *err);
/* Calls fn(ctx, doc) with each stored document (as vb_store_doc gives
 * it, valid during the call), oldest first; stops when fn returns
 * non-zero and returns that value. */
int vb_store_each_doc(vb_store *st, int (*fn)(void *ctx, const vb_doc *doc), void *ctx,
                      vb_err *err);

/* ---- Versioned parses -----------------------------------------------------
 * The archive keeps, per document, the statements, turns and speakers the
 * parser made of it and that parser's VB_PARSER_VERSION, so a newer parser
 * never moves a citation silently. A permalink /d/{doc}#s{index} names a
 * statement as the document was first stored; once a reparse has
 * renumbered a document, its permalinks name the numbering they follow,
 * /d/{doc}#s{index}v{version}, and every older one still resolves. */

typedef struct vb_doc_entry {
  char id[65];        /* content hash */
  vb_str path, title;
  int parser_version; /* of its stored statements; 0: stored before versions were kept */
} vb_doc_entry;

typedef struct vb_doc_list {
  int64_t total;            /* documents that qualify, listed or not */
  const vb_doc_entry *docs; /* at most the limit asked for */
  size_t ndocs;
} vb_doc_list;

/* The documents an older parser than this one made, oldest version
 * first, at most limit (0: 100). *out is freed with vb_doc_list_free(). */
int vb_store_outdated(vb_store *st, int limit, vb_doc_list **out, vb_err *err);
void vb_doc_list_free(vb_doc_list *list);

/* Called after each document a reparse tried: done of total, the
 * document, and failed when today's parser refused it (it stays as it
 * was). A non-zero return stops the reparse. */
typedef int (*vb_reparse_fn)(void *ctx, int64_t done, int64_t total, const vb_doc_entry *doc,
                             const vb_err *failed);
/* Parses every outdated document again with this library's parser, each
 * in a transaction of its own: its statements, turns, speakers, index and
 * entities are replaced, its alerts follow their statements, and where
 * statements were renumbered every old index is recorded with its new
 * place. Interrupted, it resumes where it stopped when run again. Fails
 * with VB_EPARSE when some documents could not be parsed (fn heard which). */
int vb_store_reparse(vb_store *st, vb_reparse_fn fn, void *ctx, vb_err *err);

/* ---- Re-analysis ----------------------------------------------------------
 * The full-text index holds each statement's words as one version of the
 * text analysis made them; an archive indexed by another version is
 * refused by vb_store_open (its searches would answer wrongly), naming
 * `verbatim reindex`. vb_store_reindex indexes it again. */

typedef struct vb_reindex_info {
  int from_version;   /* the analysis version the index held */
  int to_version;     /* the one it holds now (this library's) */
  int resumed;        /* an interrupted re-analysis was carried on */
  int finished;       /* the index is today's (0: the callback stopped it part way) */
  int64_t documents;  /* documents indexed by this call */
  int64_t statements; /* their statements */
  int64_t watches;    /* standing queries whose word index changed */
  int64_t fingerprinted; /* statements given a quote fingerprint (an archive made before
                          * quote families were kept: first:, repeated: and a hit's
                          * family need them) */
} vb_reindex_info;

/* Called after each batch: done of total documents. A non-zero return
 * stops the re-analysis where it is, as an interruption would (the
 * archive stays refused; info->finished is 0). */
typedef int (*vb_reindex_fn)(void *ctx, int64_t done, int64_t total);

/* Opens the archive at path (which vb_store_open may refuse for its
 * analysis version: this alone opens it so) and, unless its index was
 * made by this library's analysis already (info->from_version ==
 * info->to_version, nothing done), indexes every stored statement again
 * from its stored text, in batches of documents, each its own
 * transaction. The archive records the new version in the last batch's
 * transaction, so an interrupted re-analysis leaves it refused as before;
 * run again, it carries on where it stopped. The words standing queries
 * are indexed by are made again too. An archive made before quote
 * families were kept (issue 21) has every statement's fingerprint made
 * and its family found, whatever its analysis version. info may be NULL. */
int vb_store_reindex(const char *path, vb_reindex_fn fn, void *ctx, vb_reindex_info *info, vb_err *err);

/* A statement a permalink names, where it is now. */
typedef struct vb_cite {
  char doc[65];
  int32_t asked;       /* the index the permalink gave */
  int32_t index;       /* the statement's index now */
  int parser_version;  /* of the document's statements now */
  vb_str speaker, kind, text;
  vb_str link;         /* its permalink now */
  uint32_t start, end; /* offsets in the document's body */
} vb_cite;

/* Follows a permalink: statement index of document ref as numbered by
 * parser version `version` (-1 for a permalink without one: the document's
 * first numbering). VB_ENOTFOUND when no such statement is or was.
 * *out is freed with vb_cite_free(). */
int vb_store_cite(vb_store *st, const char *ref, int32_t index, int version, vb_cite **out,
                  vb_err *err);
void vb_cite_free(vb_cite *cite);

/* Reads a permalink, "/d/{doc}#s{index}" or "…#s{index}v{version}" (the
 * leading "/d/" may be left out, or be a whole URL's path): the document
 * ref into doc (size cap), the index and the version (-1 when none).
 * Returns 0, or VB_EUSAGE when it is not one. */
int vb_permalink_parse(const char *link, char *doc, size_t cap, int32_t *index, int *version);
/* ---- The HTTP server ------------------------------------------------------
 * `verbatim serve`: the JSON API under /api/, /health, /metrics and the web
 * UI, from the same library. */
typedef struct vb_server vb_server;
typedef struct vb_server_opts {
  const char *db;         /* the archive (created if missing) */
  const char *listen;     /* "127.0.0.1:8080"; port 0 takes a free one */
  const char *token_file; /* bearer tokens, one a line; NULL: no writes */
  const char *web_dir;    /* a directory of UI files to serve instead of the ones compiled
                           * in (web/ at build time); NULL: $VERBATIM_WEB, else those */
  int priv;               /* reads need a token too */
  int threads;            /* request threads; 0: one per CPU */
  int cache;              /* searches answered from memory while the archive is
                           * unchanged: 0: 256 of them; < 0: none */
  size_t cache_bytes;     /* what they may hold in all: 0: 64 MiB; an answer
                           * over a sixteenth of it is not kept */
  void *log;              /* a FILE * for one line per request, or NULL */
  const char *const *read_dbs; /* searches and reads go to these replicas, spread
                           * over the server's connections; a replica that does
                           * not answer (at start or later) is tried again every
                           * 2 s, its reads going to db meanwhile */
  int nread_dbs;
  int per_client;         /* connections one address may hold: 0: 64; < 0: any
                           * number, and no other limit per address either
                           * (behind a proxy every client is one address) */
  const char *allowed_hosts; /* names Host may give besides the listen address
                           * (and localhost on loopback), "a.example,b.example";
                           * "*": any (DNS rebinding is then the proxy's to stop) */
  double head_timeout;    /* seconds a client has to send a request's head,
                           * however it trickles; 0: 10 */
  double read_budget;     /* seconds of the archive's time a read (a search,
                           * a document, a view, a list) may take before it is
                           * stopped and refused with a 400; 0: 5 */
  double light_budget;    /* seconds a read may take on the light worker (the
                           * one kept for quick clients) before it is handed to
                           * the others, not refused; 0: 0.25 */
  double inline_budget;   /* seconds a search the cost model counts cheap may
                           * take on a request thread (where /health is
                           * answered) before it is given to the queue; an
                           * address whose reads took half of it lately, on
                           * average, queues at once; 0: 0.1 (at most
                           * light_budget) */
  double query_cost;      /* the statements a search's words may be in, in all,
                           * before it is refused unrun (vb_store_query_cost);
                           * 0: VB_QUERY_MAX_COST; < 0: no limit */
  double hold;            /* seconds an address's reads wait after a search
                           * refused as too costly, and its tokens after five
                           * wrong ones (doubling with each more, to 60 s at
                           * most or this if longer); 0: 1 */
} vb_server_opts;
/* Starts serving on its own threads; *out until vb_server_stop(). */
int vb_server_start(const vb_server_opts *o, vb_server **out, vb_err *err);
/* The port it listens on (useful with port 0). */
int vb_server_port(const vb_server *s);
/* Finishes the requests in flight, closes the archive, frees. */
void vb_server_stop(vb_server *s);

/* ---- Standing queries ------------------------------------------------------
 * A watch is a named query with a sink. Every statement stored after it
 * was added is matched against it as its batch commits, and an alert is
 * recorded once per (watch, statement), in the same transaction. */

/* Refuses a query that does not parse or compile. sink: "stdout" (NULL),
 * "file:PATH" or "webhook:http(s)://…". *indexed (may be NULL) says
 * whether the presearcher could index it by a word (else it is tried on
 * every statement). */
int vb_watch_add(vb_store *st, const char *name, const char *query, const char *sink,
                 int *indexed, vb_err *err);
int vb_watch_rm(vb_store *st, const char *name, vb_err *err);

typedef struct vb_watch_row {
  vb_str name, query, sink, created;
  int indexed;    /* the presearcher indexes it by a word */
  int64_t alerts; /* recorded so far */
} vb_watch_row;

typedef struct vb_watch_list {
  const vb_watch_row *watches; /* by name */
  size_t n;
} vb_watch_list;

/* The watches; *out is freed with vb_watch_list_free(). */
int vb_store_watches(vb_store *st, vb_watch_list **out, vb_err *err);
void vb_watch_list_free(vb_watch_list *list);

enum { VB_ALERT_PENDING = 0, VB_ALERT_DELIVERED = 1, VB_ALERT_DEAD = 2 };

/* What a watch caught: the statement and its document. */
typedef struct vb_alert {
  int64_t id;
  vb_str at, watch, query, sink;
  int state;             /* VB_ALERT_* */
  vb_str error;          /* why it is dead, ptr NULL otherwise */
  char doc[65];          /* the statement: its document's id, its index */
  int32_t index;
  vb_str kind, speaker, text, link;
  uint32_t start, end;
  vb_str title, series, number, date, channel; /* the document */
  vb_str lang;           /* the statement's language, as its words were indexed */
  const vb_str *matched; /* the query's words, phrases and filters the statement */
  size_t nmatched;       /* holds; filled for what sinks and streams get */
} vb_alert;

typedef struct vb_alert_list {
  const vb_alert *alerts; /* oldest first */
  size_t n;
  int explained;          /* matched is filled in */
} vb_alert_list;

/* Alerts, oldest first, of one watch (NULL: all) since a time
 * ("2023-10-08" or "2023-10-08T12:00:00Z"; NULL: all). *out is freed with
 * vb_alert_list_free(). */
int vb_store_alerts(vb_store *st, const char *watch, const char *since, vb_alert_list **out,
                    vb_err *err);
/* One page of alerts: of one watch (NULL: all) since a time (NULL: all),
 * with ids above after and below before (0: no bound), oldest first or
 * (newest) newest first, at most limit (1 or more). A page's cursor is the
 * last id it holds: the next page is after it (before it, newest first). */
typedef struct vb_alert_page {
  const char *watch, *since;
  int64_t after, before;
  int newest;
  int limit;
} vb_alert_page;
int vb_store_alerts_page(vb_store *st, const vb_alert_page *p, vb_alert_list **out, vb_err *err);
/* Alerts with an id above after, oldest first, at most limit (-1: all),
 * each explained as every sink gets it: what a stream sends. */
int vb_alerts_after(vb_store *st, int64_t after, int limit, vb_alert_list **out, vb_err *err);
void vb_alert_list_free(vb_alert_list *list);
/* Each sink as an answer to anyone but the archive's owner may show it: a
 * webhook its scheme and host ("webhook:https://hooks.example/" and three stars),
 * never its credentials, path or query (often the secret itself); a file
 * nothing of its path ("file:***"); stdout as it is. */
void vb_watch_list_redact(vb_watch_list *list);
void vb_alert_list_redact(vb_alert_list *list);
/* The newest alert's id (0: none yet). */
int vb_alerts_last(vb_store *st, int64_t *id, vb_err *err);
/* Writes each undelivered alert, one JSON line, to its sink (stdout
 * alerts to out, a FILE *), and marks it delivered. */
int vb_alerts_deliver(vb_store *st, void *out, size_t *delivered, vb_err *err);

/* ---- Views over everything a query matches ------------------------------ */

enum { VB_INTERVAL_DAY = 0, VB_INTERVAL_WEEK = 1, VB_INTERVAL_MONTH = 2, VB_INTERVAL_YEAR = 3 };

typedef struct vb_bucket {
  vb_str period;  /* "2023-10-08" (day), the Monday "2023-10-02" (week), "2023-10" (month), "2023" (year) */
  int64_t count;
  int64_t coarse; /* of count, statements whose document gives only a year (a month or
                   * day bucket) or only a month (a day or week bucket): put at the
                   * start of their period, not in a period of their own */
  vb_str speaker; /* per speaker: the speaker (ptr NULL: none) */
} vb_bucket;

typedef struct vb_timeline {
  int interval, by_speaker;
  const vb_bucket *buckets; /* by period, then speaker */
  size_t n;
} vb_timeline;

/* Matching statements per day, week (from Monday) or month, optionally
 * per speaker. *out is freed with vb_timeline_free(). */
int vb_store_timeline(vb_store *st, const char *query, int interval, int by_speaker,
                      vb_timeline **out, vb_err *err);
void vb_timeline_free(vb_timeline *t);

typedef struct vb_node {
  char id[24];   /* "e12" (an entity), "s3" (a speaker) */
  vb_str name, type; /* type: PERSON, ORG, PLACE, GROUP or SPEAKER */
  int64_t weight;
  double x, y; /* where to draw it: a force-directed layout of the edges */
} vb_node;

typedef struct vb_edge {
  char source[24], target[24];
  int64_t weight;
  const char *kind; /* "co-mention" or "speaks-of" */
} vb_edge;

typedef struct vb_network {
  int64_t statements; /* matching statements */
  const vb_node *nodes; size_t nnodes; /* heaviest first */
  const vb_edge *edges; size_t nedges;
} vb_network;

/* Who mentions whom in the matching statements: entities mentioned in the
 * same statement (co-mention) and speakers naming entities (speaks-of),
 * weighted by statements; at most max_nodes nodes (0: 60), the heaviest.
 * *out is freed with vb_network_free(). */
int vb_store_network(vb_store *st, const char *query, int max_nodes, vb_network **out,
                     vb_err *err);
void vb_network_free(vb_network *n);

/* ---- Quote families ------------------------------------------------------
 * The statements that say the same words as one statement: its family,
 * grown from the earliest (docs/internals/family.md). */

/* One run of a variant's words against its family's first statement. */
typedef struct vb_family_change {
  const char *op; /* "same", "trimmed", "omitted", "inserted", "replaced", "moved" */
  vb_str from;    /* the first statement's words, as it spells them ({NULL,0}: none) */
  vb_str to;      /* the variant's words ({NULL,0}: none) */
} vb_family_change;

/* A statement of a family, or the statement asked about. */
typedef struct vb_family_member {
  char doc[65];
  int32_t index;
  vb_str link; /* its permalink now */
  vb_str date, speaker, kind, title, series, number, channel, text; /* {NULL,0}: unknown */
  const char *relation; /* "first", "exact", "near", "translation", "possible";
                           NULL: the asked statement is in no family */
  double jaccard;       /* word pairs shared with the first statement (not the first) */
  int diffed;           /* not the first: 1 when diff holds the changes, 0 when the two
                           were too long to align */
  const vb_family_change *diff;
  size_t ndiff;
} vb_family_member;

/* A statement's quote family, earliest first. */
typedef struct vb_family {
  vb_family_member statement;      /* the statement asked about */
  const vb_family_member *members; /* members[0] is the first said; none: no family */
  size_t nmembers;
  size_t repeats, variants, sources; /* exact repeats, other members but the first, documents */
  const vb_str *speakers;            /* the members' speakers, each once, in time order */
  size_t nspeakers;
  size_t compared; /* statements the look-up compared */
  const char *note; /* why there is no family, or NULL */
} vb_family;

/* The family of statement ref ("DOC:N": a document id, unique id prefix
 * or series number, and the statement's index in it; "DOC#sN" and
 * "/d/DOC#sN" too). A statement of fewer than six words has no family
 * (no members, a note). *out is freed with vb_family_free().
 * VB_EUSAGE for a malformed ref, VB_ENOTFOUND for a document or statement
 * the archive does not hold. */
int vb_store_family(vb_store *st, const char *ref, vb_family **out, vb_err *err);
void vb_family_free(vb_family *f);

/* A statement of a document said before: another member of its quote
 * family comes first (by date, undated last, then in the order stored;
 * the same rule as repeated:true). */
typedef struct vb_said_before {
  int32_t index;      /* the statement's index in the document */
  int64_t family;     /* statements its family holds */
  char first_doc[65]; /* the family's first statement: its document, */
  int32_t first_index; /* its index there, */
  vb_str first_said;  /* its date ({NULL,0}: undated) */
  vb_str first_link;  /* and its permalink */
} vb_said_before;

typedef struct vb_said_before_list {
  char doc[65];
  const vb_said_before *v; /* in the document's order */
  size_t n;
} vb_said_before_list;

/* The statements of document ref (id, unique id prefix or series number)
 * said before, each with its family's first statement: what the document
 * page marks. None on an archive whose fingerprints are not made yet
 * (`verbatim reindex`). *out is freed with vb_said_before_free().
 * VB_ENOTFOUND for a document the archive does not hold. */
int vb_store_said_before(vb_store *st, const char *ref, vb_said_before_list **out, vb_err *err);
void vb_said_before_free(vb_said_before_list *l);

/* ---- Entities in the archive -------------------------------------------
 * Entities are archive-wide: one per person, organisation or place, with
 * every spelling documents used. Names given to these functions may be
 * any spelling, or an id as listed ("e12"). */

typedef struct vb_entity_row {
  char id[24];             /* "e12": works wherever a name does */
  vb_str name, type;
  /* the places in statements that name it, the statements that hold them
   * (what mentions:e12 finds), and their documents (mentions:e12 --docs) */
  int64_t mentions, statements, documents;
  const vb_str *aliases;   /* its other spellings */
  size_t naliases;
} vb_entity_row;

typedef struct vb_entity_list {
  const vb_entity_row *entities; /* most mentioned first */
  size_t n;
} vb_entity_list;

/* Entities, most mentioned first. filter: NULL, or a name (any spelling)
 * or part of one; type < 0: any type; limit 0: 50. *out is freed with
 * vb_entity_list_free(). */
int vb_store_entities(vb_store *st, const char *filter, int type, int limit, vb_entity_list **out,
                      vb_err *err);
void vb_entity_list_free(vb_entity_list *list);

typedef struct vb_entity_role {
  vb_str date, role, doc, title; /* date: the document's, ptr NULL when undated */
} vb_entity_role;

/* One entity: its names, the role each document gives it with the
 * document's date, mentions per month, the speakers who mention it most,
 * the entities mentioned in the same statements ("Name (TYPE)"). */
typedef struct vb_entity_page {
  vb_entity_row entity;
  vb_str key;
  vb_str speaker;               /* the speaker it is, ptr NULL when none */
  const vb_entity_role *roles;  size_t nroles;
  const vb_count *timeline;     size_t ntimeline;
  const vb_count *speakers;     size_t nspeakers;
  const vb_count *co_mentioned; size_t nco_mentioned;
  /* speakers and co_mentioned count all its statements, as kept at
   * ingest: always 0 (it was the size of an even sample of them) */
  int64_t sampled;
  /* the other entities the name asked for leads to (mentions:NAME finds
   * their statements too; by id, none) */
  const vb_entity_row *also;    size_t nalso;
} vb_entity_page;

/* *out is freed with vb_entity_page_free(). */
int vb_store_entity(vb_store *st, const char *name, vb_entity_page **out, vb_err *err);
void vb_entity_page_free(vb_entity_page *page);

/* An analyst's correction. Stored in the archive, applied at once to what
 * is stored, and to every document ingested later.
 *   MERGE a b      b is a: its mentions and spellings go to a
 *   SPLIT a s…     spellings s… are another entity (named by the first)
 *   RENAME a n     a is called n
 *   ALIAS_ADD a s  spelling s means a, wherever it appears
 *   ALIAS_RM a s   spelling s does not mean a (it becomes its own entity)
 *   REJECT s       s is not an entity at all (a pronoun, a common word) */
typedef enum vb_fix {
  VB_FIX_MERGE = 0, VB_FIX_SPLIT, VB_FIX_RENAME, VB_FIX_ALIAS_ADD, VB_FIX_ALIAS_RM, VB_FIX_REJECT
} vb_fix;
int vb_store_entity_fix(vb_store *st, vb_fix op, const char *a, const char *const *args,
                        size_t nargs, vb_err *err);
/* A correction lists the documents whose parse it may change; their kept
 * parses (records) are out of date from then on, and those documents are
 * parsed when read until remade here: at most max_docs of them with the
 * archive's corrections (st's lexicon), a few a transaction, so a writer
 * waits for one small group at most. *remade: how many; *more: whether
 * others are still listed. A server calls it in the background after a
 * correction; `verbatim entity` and `reparse` call it until none is left. */
int vb_store_records_remake(vb_store *st, size_t max_docs, size_t *remade, int *more, vb_err *err);
/* The lexicon to parse documents for this archive with: the built-in one
 * plus the archive's corrections. *out is NULL when there are none (use
 * the built-in); else free it with vb_lexicon_free(). */
int vb_store_lexicon(vb_store *st, vb_lexicon **out, vb_err *err);
/* The last correction's number (0: none): it rises with every correction,
 * made through this store or any other process. Read it before
 * vb_store_lexicon to know which corrections a lexicon holds at least. */
int vb_store_corrections_seen(vb_store *st, int64_t *last, vb_err *err);
/* Makes st resolve names (mentions:, entity pages) and parse stored
 * documents with lx, which the caller keeps alive and unchanged while st
 * uses it (NULL: the built-in lexicon), instead of a lexicon st makes
 * itself when first needed and again after its own corrections. A server
 * shares one so that no request makes one (seconds). */
void vb_store_share_lexicon(vb_store *st, const vb_lexicon *lx);

/* ---- Ingest on every core ----------------------------------------------
 * Inputs are parsed on worker threads while the calling thread stores
 * the documents, in the order the inputs were added. For each document
 * (each line of JSON Lines) fn(ctx, name, view, added, err) is called on
 * the calling thread: view and added when it was stored (added 0: already
 * in the archive), err when it failed. */
typedef struct vb_ingest vb_ingest;
typedef void (*vb_ingest_fn)(void *ctx, const char *name, const vb_doc_view *view, int added,
                             const vb_err *err);
/* threads 0: one per online CPU. opts (format, lexicon, language) is copied. */
int vb_ingest_open(vb_store *st, const vb_parse_opts *opts, int threads, vb_ingest_fn fn,
                   void *ctx, vb_ingest **out, vb_err *err);
/* Queues one input; takes bytes (malloc'd) over. May store finished
 * inputs and call fn before it returns; blocks while the queue is full. */
int vb_ingest_add(vb_ingest *in, const char *name, char *bytes, size_t len, vb_err *err);
/* Queues a file (or "-", standard input) as vb_ingest_add does. A file
 * other than JSON Lines is read by a parsing thread, not by the caller
 * (whose thread stores); one that cannot be read fails in its turn, through
 * fn. A JSON Lines file (by --format, or named .jsonl) is read here a run
 * of lines at a time, so a batch of any size is streamed in bounded
 * memory; each line may be as large as a document may be. *nread gets the
 * bytes read here, or the size of a regular file read by a parsing thread. */
int vb_ingest_add_file(vb_ingest *in, const char *path, long long *nread, vb_err *err);
/* Stores everything queued, flushes, and frees the ingest. */
int vb_ingest_close(vb_ingest *in, vb_err *err);

/* A number that changes whenever the archive changes, through this store
 * or any other process (compare two readings from the same store), and
 * otherwise stays: on PostgreSQL, work elsewhere in the cluster (another
 * database, autovacuum) leaves it. A server keeps its caches while it
 * stays. */
int vb_store_version(vb_store *st, int64_t *v, vb_err *err);

/* A deadline for what this store reads from now on, seconds from now (0:
 * none): a query still running then is stopped (SQLite's progress
 * handler, PostgreSQL's statement_timeout), and vb_store_deadline_passed
 * says so until the next vb_store_deadline, so that an answer cut short
 * is never taken for a whole one. Meant for reads (a server's). */
int vb_store_deadline(vb_store *st, double seconds, vb_err *err);
int vb_store_deadline_passed(const vb_store *st);
/* Stops the read under way on st now, from any other thread (the server's,
 * when a client hangs up), while a deadline is set: it fails as past its
 * deadline, and vb_store_deadline_passed says so until the next
 * vb_store_deadline. */
void vb_store_cancel(vb_store *st);

/* The cost model: a search whose words the index must read for more than
 * max_statements statements in all is refused before it runs, with
 * VB_EQUERY and a message naming its costliest word (0: no limit). The
 * count is the index's own: each word, each form of it the analysis
 * looks for and each word a prefix expands to, counted once for each time
 * the query names it (SQLite: the pages of FTS5's postings, from its
 * b-tree; PostgreSQL: the planner's estimate from ANALYZE's statistics).
 * A store starts with VB_QUERY_MAX_COST: `the` is in about a million of
 * the UN archive's 1.34 million statements, and 40 x `=the` was the
 * costliest query a reader could write (issue 18). */
#define VB_QUERY_MAX_COST 10e6
/* The err.file of such a refusal (VB_EQUERY; "query" for a malformed one). */
#define VB_QUERY_COST_REFUSED "query cost"
void vb_store_query_cost(vb_store *st, double max_statements);
/* What the cost model counts for query (*statements), whatever the limit. */
int vb_store_query_estimate(vb_store *st, const char *query, double *statements, vb_err *err);

/* Says st answers one search and is closed (a one-shot command's, as
 * `verbatim search`): its first search then reads its matches' rows and
 * does not load the statements' columns (SQLite), which any other
 * store's first search does, a load that pays only across the searches
 * of one connection. */
void vb_store_one_search(vb_store *st);

/* Loads now what this store's searches would otherwise load on their
 * first runs (SQLite: the statements' columns ranked searches read, a
 * few seconds on a million statements), so that no reader pays for it
 * later. A server does it for each connection it opens. */
int vb_store_warm(vb_store *st, vb_err *err);

/* The memory this store keeps of the archive's pages, in bytes (SQLite's
 * page cache; PostgreSQL keeps none of its own: nothing to do). A store
 * opens with 64 MB, which ingest's writes use; a server's connections,
 * which mostly read and have the system's file cache beside them, start
 * their first answers cheaper with less (each new page of the cache is
 * memory new to the process). A replica reached again later
 * (vb_store_reader_again) is given the same. */
int vb_store_page_cache(vb_store *st, int64_t bytes, vb_err *err);

/* The pages of the archive this store has read since it opened: SQLite's
 * pages asked of its page cache, found there or read from the file alike,
 * so that the count says what a read cost whatever was cached and however
 * busy the machine (a server sends it per answer: Server-Timing); -1
 * where the backend does not count them (PostgreSQL). */
int64_t vb_store_pages_read(vb_store *st);

/* A hint before a bulk ingest: about input_bytes of documents (the
 * files' sizes) are about to be stored. The quote families' band table
 * (SQLite) is then made at the size that much plain text fills, once,
 * not doubled from 512 KB again and again as it fills (nine times for
 * the UN speeches, each moving every key it holds). Changes no result;
 * ignored once the table is made (the first document stored, or an
 * archive whose table exists). */
void vb_store_expect(vb_store *st, int64_t input_bytes);

/* Counts of documents, speakers (those with statements of their own, as
 * vb_store_speakers_page lists them) and statements. */
int vb_store_counts(vb_store *st, int64_t *docs, int64_t *speakers, int64_t *statements,
                    vb_err *err);

/* ---- JSON (src/json/) ------------------------------------------------------
 * The JSON of every typed result, as the HTTP API answers it and --json
 * prints it: each writes a malloc'd, NUL-terminated string to *out (free()
 * it) and returns 0, or VB_ENOMEM. The shapes are in README.md. */

/* {"total":N,"hits":[{"doc","statement","index","speaker","kind","text",
 * "snippet","start","end","citation","link",…}],"facets":{"speaker":[["name",n]…]}} */
int vb_results_to_json(const vb_results *res, char **out, vb_err *err);
/* one hit as `export` writes it: {"doc","speaker","kind","date","text",
 * "start","end","citation"} */
int vb_hit_to_json(const vb_hit *hit, char **out, vb_err *err);
/* [{"name","role","affiliation","host","documents","statements"}] */
int vb_speakers_to_json(const vb_speaker_list *list, char **out, vb_err *err);
/* one {"name",…} of a list */
int vb_speaker_to_json(const vb_speaker_row *speaker, char **out, vb_err *err);
/* [{"id","name","type","mentions","documents","aliases":[…]}] */
int vb_entities_to_json(const vb_entity_list *list, char **out, vb_err *err);
/* {"id","name","type","key","speaker","mentions","documents","aliases",
 * "roles":[{"date","role","doc","title"}],"timeline":[{"month","mentions"}],
 * "speakers":[{"name","mentions"}],"co_mentioned":[{"name","statements"}],
 * "sampled"} ("sampled": speakers and co_mentioned count that many of its
 * statements, present only when they are a sample) */
int vb_entity_page_to_json(const vb_entity_page *page, char **out, vb_err *err);
/* [{"name","query","sink","created","indexed","alerts"}] */
int vb_watches_to_json(const vb_watch_list *list, char **out, vb_err *err);
/* [{"id","at","watch","query","sink","statement":{"doc","index","kind",
 * "speaker","text","link","start","end"},"document":{"title","series",
 * "number","date","channel"},"state","error","matched":[…]}] ("matched"
 * when explained) */
int vb_alerts_to_json(const vb_alert_list *list, char **out, vb_err *err);
/* one alert of a list, as a sink gets it */
int vb_alert_to_json(const vb_alert_list *list, size_t i, char **out, vb_err *err);
/* {"interval","buckets":[{"period","count","speaker"}]} */
int vb_timeline_to_json(const vb_timeline *t, char **out, vb_err *err);
/* {"speakers","documents","statements","dated","first","last",
 * "months":[{"period","count","documents"}],
 * "latest":[{"doc","title","date","channel","series","number"}]} */
int vb_overview_to_json(const vb_overview *ov, char **out, vb_err *err);
/* {"statements":N,"nodes":[{"id","name","type","weight"}],
 * "edges":[{"source","target","weight","kind"}]} */
int vb_network_to_json(const vb_network *n, char **out, vb_err *err);
/* {"doc","asked","index","moved","parser_version","speaker","kind","text",
 * "start","end","link"} */
int vb_cite_to_json(const vb_cite *cite, char **out, vb_err *err);

/* A quote family: {"statement":{…,"relation"},"first_said":{…}|null,
 * "repeats","variants","sources","speakers":[…],"members":[{"doc","index",
 * "link","date","speaker","kind","title","series","number","channel",
 * "text","relation","jaccard","diff":[{"op","from","to"}]|null}],
 * "compared","note"} (the first member has no jaccard or diff; diff null:
 * too long to align). */
int vb_family_to_json(const vb_family *f, char **out, vb_err *err);
/* A document's statements said before: {"doc","statements":[{"index",
 * "family","first_said":{"doc","index","date","link"}}]}. */
int vb_said_before_to_json(const vb_said_before_list *l, char **out, vb_err *err);

/* What POST /api/documents stored: {"id","documents","added","failed","statements"}. */
typedef struct vb_posted {
  char id[65]; /* the last document stored */
  int documents, added, failed;
  long long statements;
} vb_posted;
int vb_posted_to_json(const vb_posted *p, char **out, vb_err *err);
/* {"status":"ok","documents":N,"statements":N} */
int vb_health_to_json(int64_t documents, int64_t statements, char **out, vb_err *err);
/* {"added":true,"indexed":bool}, or {"removed":true} when added is 0 */
int vb_watch_change_to_json(int added, int indexed, char **out, vb_err *err);

/* The body of POST /api/watches, {"name","query","sink"} (sink may be
 * left out: NULL); VB_EUSAGE when it is not that. Free with
 * vb_watch_request_free(). */
typedef struct vb_watch_request {
  char *name, *query, *sink;
} vb_watch_request;
int vb_watch_request_parse(const char *body, size_t len, vb_watch_request **out, vb_err *err);
void vb_watch_request_free(vb_watch_request *w);

/* The body of POST /api/entities/{name}/corrections, {"op":"merge|split|
 * rename|alias-add|alias-rm|reject","args":["…"]} (at most 16 non-empty
 * strings; only reject may have none); VB_EUSAGE when it is not that.
 * Free with vb_fix_request_free(). */
typedef struct vb_fix_request {
  vb_fix op;
  const char *name; /* op's name as the body gave it */
  char *args[16];
  size_t nargs;
} vb_fix_request;
int vb_fix_request_parse(const char *body, size_t len, vb_fix_request **out, vb_err *err);
void vb_fix_request_free(vb_fix_request *f);
/* {"done":true,"op","entity"} */
int vb_fix_done_to_json(const vb_fix_request *f, const char *entity, char **out, vb_err *err);

#ifdef __cplusplus
}
#endif
#endif
