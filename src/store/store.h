/* store — the archive, written once over two thin backends (SQLite and
 * PostgreSQL). A backend opens its database, stores a document's rows in
 * its transaction and gives a small SQL driver (sql.h) and its full-text
 * syntax (compile.h); the query compiler, search, listings, entities,
 * watches, alerts and views are written once over that driver, so both
 * backends answer the same by construction. What they answer is typed
 * (include/verbatim.h); JSON is made in src/json/ alone. */
#ifndef VB_STORE_H
#define VB_STORE_H

#include "core/arena.h"
#include "core/doc.h"
#include "query/query.h"
#include "analyze/analyze.h"
#include "store/sql.h"

/* A hit as a backend returns it: stored fields only. */
typedef struct vb_raw_hit {
  int64_t statement;
  char doc[65];
  vb_str speaker, kind, text, title, series, number, date, channel, publisher, language;
  uint32_t start, end;
  int32_t paragraph; /* 1-based paragraph of the turn in the document, 0 if none */
  int32_t index;     /* the statement's index in its document */
  int32_t numbering; /* the parser version the index follows when a reparse renumbered the document, else 0 */
  vb_time time;
  double score;
  VB_VEC(vb_str) before, after; /* context: the turn's statements around it */
  /* its quote family (families.c): size (0: none), first member */
  int64_t family, first;
  vb_str first_date;
  char first_doc[65];
  int32_t first_index, first_numbering;
  int64_t speaker_id; /* search.c: its speaker's row, named with the speaker facet's */
} vb_raw_hit;

typedef struct vb_raw_results {
  int64_t total;
  VB_VEC(vb_raw_hit) hits;
  VB_VEC(vb_facet) facets[VB_NFACETS];
  int64_t entity_sample; /* vb_results.entity_sample */
} vb_raw_results;

/* Which alerts to list; zero means no condition. */
typedef struct vs_alert_filter {
  const char *watch, *since;
  int pending;    /* undelivered only */
  int64_t after;  /* ids above this */
  int64_t before; /* ids below this (0: no bound) */
  int newest;     /* newest first (else oldest first) */
  int limit;      /* at most this many (0: all) */
  int64_t claim;  /* held by this claim */
} vs_alert_filter;

/* What open is asked (mode bits). */
enum {
  VS_OPEN_CREATE = 1, /* make the archive when there is none */
  /* open an archive whose full-text index another analysis made, which is
   * refused otherwise: for vs_reindex alone (its searches answer wrongly) */
  VS_OPEN_ANY_ANALYSIS = 2,
};

struct vs_reindexer;

typedef struct vb_store_ops {
  const char *name;
  int (*open)(const char *uri, int mode, void **impl, vb_err *err);
  void (*close)(void *impl);
  int (*put)(void *impl, const vb_doc *doc, int *added, vb_err *err);
  int (*flush)(void *impl, vb_err *err);
  /* The backend's own checks (its file, its full-text index, the spans
   * only it can measure), a line each in report; the archive's rows are
   * checked after it, once for both (store.c). */
  int (*check)(void *impl, vb_buf *report, int *problems, vb_err *err);
  /* a number that changes whenever the archive does (per connection) */
  int (*version)(void *impl, int64_t *v, vb_err *err);
  /* stops what reads past seconds from now (0: never); whether it did */
  int (*deadline)(void *impl, double seconds, vb_err *err);
  int (*deadline_passed)(void *impl);
  /* from any thread, while a deadline is set: stops the read under way as
   * if past its deadline (deadline_passed then says so) */
  void (*cancel)(void *impl);
  int (*warm)(void *impl, vb_err *err); /* NULL: nothing to load ahead */
  /* whether the connection is gone (a server restarted or unreachable:
   * its next query cannot succeed); NULL: a file, never */
  int (*lost)(void *impl);
  /* vb_store_pages_read's (NULL: not counted) */
  int64_t (*pages_read)(void *impl);
  /* vb_store_page_cache's (NULL: the backend keeps no pages of its own) */
  int (*page_cache)(void *impl, int64_t bytes, vb_err *err);
  /* vb_store_expect's (NULL: no hint taken) */
  void (*expect)(void *impl, int64_t input_bytes);
  /* The backend's SQL driver: the code written once runs its SQL there. */
  const vs_sql_driver *sql;
  /* Its full-text syntax (compile.h), and the statement columns it keeps
   * in memory for searches by text alone (NULL: none). */
  const struct vs_text *text;
  struct vs_cols *(*cols)(void *impl);
  /* A new parse of a stored document (parses.c), inside a transaction
   * the caller opened with sql->begin: unindex takes the document's
   * statements out of the full-text index (NULL: the index lives in the
   * statement rows); put_parse writes the parse's speakers, tags, turns,
   * statements, index and entities under the existing row doc. */
  int (*unindex)(void *impl, int64_t doc, vb_err *err);
  int (*put_parse)(void *impl, int64_t doc, const vb_doc *d, vb_err *err);
  /* Before the old parse's rows go, and again with doc 0 when the
   * transaction did not commit: vs_writes_forget on its writer. */
  int (*forget)(void *impl, int64_t doc, vb_err *err);
  /* Run first in a correction's transaction (NULL: nothing to do). */
  int (*before_fix)(void *impl, vb_err *err);
  /* Run before a correction's transaction (NULL: nothing to do): gives
   * mentions stored without their spelling's key (archives made before
   * they kept it) theirs, in transactions of a bounded size. */
  int (*key_mentions)(void *impl, vb_err *err);
  /* How its full-text index is made again (reindex.c). */
  const struct vs_reindexer *reindexer;
} vb_store_ops;

extern const vs_sql_driver vs_sqlite_driver;
extern const vs_sql_driver vs_pg_driver;


extern const vb_store_ops vb_sqlite_ops;
extern const vb_store_ops vb_pg_ops;

/* The public handle: a backend and its state. Later stages (watch/) use
 * the backend's table through it. */
struct vb_store {
  const vb_store_ops *ops;
  void *impl;
  void *reader;    /* searches and reads go here when set (a replica) */
  char *reader_uri; /* the replica's address while one is asked for: set with
                     * reader NULL, it is down and reads go to impl */
  vb_lexicon *lx;  /* built-in + corrections, made when first needed */
  int lx_made;
  const vb_lexicon *lx_shared; /* vb_store_share_lexicon's (NULL: built-in) */
  int lx_sharing;              /* it is set: lx is never made */
  double max_cost;             /* vb_store_query_cost's (0: no limit) */
  int one_search;              /* vb_store_one_search was called */
  int64_t page_cache;          /* vb_store_page_cache's bytes (0: the backend's own), for a replica
                                * connected again too */
  /* the analysers that mark a search's snippets, kept from one search to
   * the next (made when first needed; NULL: each search makes its own) */
  an_termer *snippets;
};

/* Typed results live in an arena of their own with the struct at its
 * start, so each has one *_free. vs_box_new makes the arena (limit as
 * vb_arena_new) and a zeroed struct of size bytes in it, NULL when out of
 * memory; vs_box_free frees the arena of a struct vs_box_new made. */
void *vs_box_new(size_t size, size_t limit, vb_arena **a);
/* The end of making one: an allocation the arena refused is an error too;
 * on any error the arena goes. Returns rc (or VB_ENOMEM). */
int vs_box_finish(vb_arena *a, int rc, vb_err *err);
void vs_box_free(const void *result);

/* A statement's permalink, /d/{doc}#s{index}, with "v{numbering}" once a
 * reparse renumbered its document (numbering: its parser version, else 0),
 * in the arena. VS_NUMBERING is that number in SQL, for d (documents). */
vb_str vs_permalink(vb_arena *a, const char *doc, int32_t index, int numbering);
#define VS_NUMBERING \
  "CASE WHEN EXISTS (SELECT 1 FROM statement_moves x WHERE x.doc_id = d.id) THEN d.parser ELSE 0 END"

/* The arena of a typed result vs_box_new made: what is added to the
 * result after it was made goes there. */
vb_arena *vs_box_arena(const void *result);

/* Statement columns by id, for searches that read the full-text index
 * alone (cols.c). speaker: in their own words, 0: none or what others
 * report. */
typedef struct vs_cols {
  int32_t *speaker, *doc, *date, *len;
  /* the statement's kind and language as vs_col_vals codes them: kind 0
   * or lang VS_COL_LANG_OTHER is not in the cache (the row says) */
  uint8_t *kind;
  uint16_t *lang;
  int64_t n;   /* ids below n are loaded */
  int64_t cap;
  /* by document id: the year of a document dated by its year alone (its
   * statements count from January, VS_DATES_FROM_START), else 0; loaded
   * for the documents of the statements loaded */
  int16_t *year;
  int64_t ndocs; /* document ids below ndocs are loaded */
  int64_t docs_cap;
  int searched;   /* a search has asked for it (or vs_cols_warm loaded it) */
  int one_search; /* the store answers one search: its first reads the rows
                   * (vb_store_one_search) */
  int64_t step; /* statements a search loads at most; 0: cols.c's COLS_STEP */
  int64_t gen;  /* the archive's statement_cols_gen when it was loaded */
  int64_t seen_gen;
  int64_t fix; /* the archive's last correction (its id) at the last refresh */
  /* each statement's entities, once each, ascending (the entity facet,
   * search.c): those of statement i are ents[ent_at[i] .. ent_at[i + 1]),
   * for the ids below nent; loaded after the columns and again from the
   * start once an analyst's correction (corrections: the last id, fix)
   * or a deletion (gen) has moved mentions */
  uint32_t *ent_at;
  int32_t *ents;
  int64_t nent, ent_at_cap, nents, ents_cap;
  int64_t ent_fix, ent_gen;
  int64_t ent_step; /* statements behind a search catches up; 0: cols.c's ENTS_ON_PATH */
} vs_cols;
void vs_cols_free(vs_cols *k);
/* Brings the entities of the statements loaded (ids below k->n) up to
 * date, at most a step of statements at a time, as vs_cols_refresh does
 * the columns, and only right after it (the corrections it saw); on a
 * search's path (on_path) only when at most ENTS_ON_PATH statements (or
 * k->ent_step) are behind: VB_OK, or an error said in err. */
int vs_cols_entities(vs_db db, vs_cols *k, int on_path, vb_err *err);
/* A document's stored date when it is a year alone ("1986"): the year;
 * else 0 (cols.c). */
int vs_date_year_alone(const char *d, size_t len);
/* Whether this search may read the columns from the cache: 1 when it is
 * in use and caught up (after at most a step loaded), 0 when not, -1 on
 * error (said in err). Every search loads it, a step at a time, but the
 * first of a store that answers one search (k->one_search), which reads
 * its matches' rows instead. */
int vs_cols_refresh(vs_db db, vs_cols *k, vb_err *err);

/* The same columns kept in the archive at ingest, VS_COLS_BLOCK
 * statement ids a row (statement_cols: block id / VS_COLS_BLOCK, cols:
 * four little-endian int32 a statement, speaker, document, date, length,
 * up to the block's last statement; zeros where no statement is), so a
 * cache loads a blob per block instead of a row per statement. The
 * kind and the language ride in the spare top bits of date and length
 * (vs_col_vals_encode): kind:/lang: conditions are then answered from
 * the cache, where they read each match's row (kind:direct sanctions, a
 * connection's first search of issue 14's mix: 234 pages of rows). */
#define VS_COLS_BLOCK 4096
#define VS_COLS_ENTRY 16
#define VS_COLS_TABLE "CREATE TABLE IF NOT EXISTS statement_cols(block INTEGER PRIMARY KEY, cols BLOB NOT NULL)"
/* The documents dated by a year alone, by id (SQLite): the cache's years
 * read by an id range (cols.c), the timeline's coarse documents. */
#define VS_YEAR_ALONE_INDEX \
  "CREATE INDEX IF NOT EXISTS documents_year_alone ON documents(id, date) WHERE length(date) = 4"
typedef struct vs_col_vals {
  int32_t speaker, doc, date, len;
  int kind; /* vb_kind + 1; VS_COL_KIND_OTHER: a name the cache does not know; 0: not kept */
  int lang; /* vs_col_lang */
} vs_col_vals;
#define VS_COL_KIND_OTHER 7
/* A language of two letters a-z, 5 bits each (1-26); 0: none (NULL);
 * VS_COL_LANG_OTHER: any other text, the row says. */
#define VS_COL_LANG_OTHER 0x3FF
int vs_col_lang(const char *lang, size_t n);
/* A statement's kind as stored ("direct" …): its code, VS_COL_KIND_OTHER
 * for a name not known. */
int vs_col_kind(const char *name, size_t n);
/* len is kept up to 2^24 - 1 bytes (a longer statement ranks as one of
 * that length). */
vs_col_vals vs_col_vals_of(int64_t own_speaker, int64_t doc, int64_t date, int64_t len, int kind, int lang);
/* A statement's VS_COLS_ENTRY bytes in its block: kind in bits 24-26 of
 * the length, the language's first letter in its bits 27-31 and its
 * second in the date's (a date is below 2^27). A date that is not is
 * written whole and the kind as 0, as blocks written before kept every
 * entry; decode reads both. */
void vs_col_vals_encode(vs_col_vals v, unsigned char out[VS_COLS_ENTRY]);
vs_col_vals vs_col_vals_decode(const unsigned char in[VS_COLS_ENTRY]);
/* Writes n statements' columns (ids ascending) into their blocks. */
int vs_cols_store(vs_db db, const int64_t *ids, const vs_col_vals *v, size_t n, vb_err *err);
/* Makes the blocks from the statements' rows (an archive made before
 * them). */
int vs_cols_backfill(vs_db db, vb_err *err);
/* SQLite gives the ids of statements deleted at the end of the table to
 * the next ones stored, so a cache that loaded them would keep the old
 * statements' columns: the archive counts the transactions that delete
 * statements (statement_cols_gen, one row), and a cache that sees the
 * count move since it loaded loads again from the start. */
#define VS_COLS_GEN_TABLE "CREATE TABLE IF NOT EXISTS statement_cols_gen(gen INTEGER NOT NULL)"
#define VS_COLS_GEN_ROW "INSERT INTO statement_cols_gen SELECT 0 WHERE NOT EXISTS(SELECT 1 FROM statement_cols_gen)"
/* Counts one more such deletion, in the deleting transaction. */
int vs_cols_deleting(vs_db db, vb_err *err);

/* Loads them now, all of them, as the searches would a step at a time
 * (cols.c): a server's connections are warmed off the searches' path. */
int vs_cols_warm(vs_db db, vs_cols *k, vb_err *err);

/* Places a network's nodes (sets their x and y) by a force-directed
 * layout of the edges between them, the same for the same graph (graph.c).
 * -1 when out of memory. */
int vs_graph_place(vb_node *nodes, size_t n, const vb_edge *edges, size_t ne);

/* search.c: a parsed query's hits and facets (memory in a); and every
 * statement it matches, fn(ctx, id, speaker or 0, date YYYYMMDD or 0, document),
 * only those meeting `only` when given (an SQL condition on s with two
 * parameter places ?%d, the values in only_params). stream: read row by
 * row (fn must not use the connection). */
struct vs_text;
int vs_search(vs_db db, const struct vs_text *ts, vs_cols *cols, const vb_qnode *q, const vb_lexicon *lx,
              const vb_search_opts *o, double max_cost, vb_arena *a, vb_raw_results *res, vb_err *err);
/* (max_cost, here and below: the cost model's limit, vs_query_cost; 0: none) */

struct vs_param;
int vs_each_match(vs_db db, const struct vs_text *ts, const vb_qnode *q, const vb_lexicon *lx, const char *only,
                  const struct vs_param *only_params, int nonly, int stream, double max_cost,
                  int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date, int64_t doc), void *ctx,
                  vb_err *err);

/* matching.c: standing queries matched as statements are stored, inside
 * the storing transaction: statement ids[i] with its pre-analysed text
 * pre[i] (pre_len[i] bytes); what the words cannot decide is confirmed by
 * a search restricted by `only` (as for vs_each_match). cache holds the
 * compiled watches between calls (vs_watches_free it); t analyses query
 * words. */
typedef struct vs_watches vs_watches;
typedef struct vs_new_statements {
  const int64_t *ids;
  const char *const *pre;
  const size_t *pre_len;
  size_t n;
  const char *only;
  const struct vs_param *only_params;
  int nonly;
  /* the watches were loaded earlier in this transaction, whose lock
   * (dialect lock_watches_shared) keeps them as they were: not read again
   * (a batch of documents on PostgreSQL, two round trips a document) */
  int loaded;
  /* per statement its language as stored (statements.lang, "" for none),
   * its alerts' reasons worked out as they are made; a NULL entry (or
   * array): left to the delivery */
  const char *const *langs;
} vs_new_statements;
struct an_termer;
int vs_match(vs_db db, const struct vs_text *ts, vs_watches **cache, struct an_termer *t, const vs_new_statements *s,
             vb_err *err);
void vs_watches_free(vs_watches *w);

/* put.c: a document's rows, inside the backend's transaction. The
 * backend says where the index goes (index_col: a column of the statement
 * row, its value index_value of the statement's pre-analysed text; or
 * index_row once the statement has its id) and how mentions are written;
 * the pointers keep what a connection prepares and learns. */
typedef struct vs_writes vs_writes;
typedef struct vs_entities vs_entities;
struct an_termer;
struct vs_link_mention;
struct vs_entity_count;
typedef struct vs_entity_sink {
  void *impl;
  int (*mention)(void *impl, int64_t entity, int64_t statement, uint32_t start, uint32_t end, const char *key,
                 size_t keylen, vb_err *err);
  int keys;
  /* where a document's link mentions go (links.c) when not counted at
   * once by vs_links_add: a backend that holds them for its batch's end
   * counts the batch in one pass, each pair and speaker row written once
   * a batch rather than once a document; NULL: at once */
  int (*links)(void *impl, const struct vs_link_mention *m, size_t n, vb_err *err);
  /* where a document's entity counts (its doc_entities rows) go to be
   * added to entity_totals, likewise: held for the batch's end, each
   * entity's row upserted once a batch; NULL: at once, from the rows */
  int (*totals)(void *impl, const struct vs_entity_count *c, size_t n, vb_err *err);
  /* where a document's doc_entities rows go (five values a row, as
   * entities.c writes them; the texts the caller's until it returns):
   * held for the batch's end, they are written in runs of many rows
   * outside the document's savepoint; NULL: at once */
  int (*doc_entities)(void *impl, const vs_value *rows, size_t n, vb_err *err);
} vs_entity_sink;
typedef struct vs_writer {
  vs_db db;
  vs_writes **writes;
  struct an_termer **termer;
  vs_entities **entities;
  vs_entity_sink mentions;
  const char *index_col;
  int (*index_value)(void *impl, const char *pre, size_t n, vb_buf *out);
  int (*index_row)(void *impl, int64_t id, vs_col_vals cols, const char *pre, size_t n, vb_err *err);
  void *impl;
  int64_t expect_bytes; /* vb_store_expect's hint (0: none) */
} vs_writer;
/* What a parse stored: statement i's id and its pre-analysed text
 * pre[pre_off[i] .. pre_off[i+1]) (for the watches): the document's own
 * when an ingest thread analysed it, else made in own. */
typedef struct vs_put_result {
  int64_t doc_id;
  int64_t *stmt_ids;
  size_t n;
  const char *pre;
  const uint32_t *pre_off;
  vb_buf own;
} vs_put_result;
/* The document row; *doc_id 0 when the document is archived already. */
int vs_put_document(const vs_writer *w, const vb_doc *doc, int64_t *doc_id, vb_err *err);
/* Its speakers, tags, turns, statements, index and entities under row
 * doc_id (memory in a; vs_put_result_free frees the rest). */
int vs_put_parse(const vs_writer *w, const vb_doc *doc, int64_t doc_id, vb_arena *a, vs_put_result *out,
                 vb_err *err);
void vs_put_result_free(vs_put_result *r);
void vs_writes_free(vs_writes *w);
/* What the connection's writer keeps in memory of document doc's
 * statements goes (vs_fams_forget), before they are dropped; doc 0: all
 * of it, made again from the archive when next needed (after a rolled
 * back transaction, whose statements it may have learned). */
int vs_writes_forget(vs_db db, vs_writes *w, int64_t doc, vb_err *err);
/* What the writer learns of the statements it stores, kept until their
 * transaction ends: vs_writes_begun when one begins or commits (nothing
 * of it to forget), vs_writes_mark when a document's savepoint opens, and
 * vs_writes_undo when that savepoint (mark) or the whole transaction
 * (mark 0) is rolled back, so the statements that went with it are
 * forgotten. w may be NULL (nothing stored yet). */
void vs_writes_begun(vs_writes *w);
size_t vs_writes_mark(const vs_writes *w);
void vs_writes_undo(vs_writes *w, size_t mark);

/* record.c: a document's parse kept beside it (doc_records), so that it is
 * read without a parse. The record of doc appended to b (-1: out of
 * memory). */
int vs_record_encode(const vb_doc *doc, vb_buf *b);
/* Fills v (but its id, format, body and source, which the caller sets
 * first: v->body.len bounds every span) from record bytes[0..len), memory
 * in a; -1 when the bytes are not a whole, sound record. */
int vs_record_decode(const void *bytes, size_t len, vb_arena *a, vb_doc_view *v);
/* The table of the records (doc_id, the parser version and lexicon stamp
 * the parse was made with, the record); BLOB is the backend's type. */
#define VS_DOC_RECORDS_TABLE(KEY, BLOB)                                                                           \
  "CREATE TABLE IF NOT EXISTS doc_records(doc_id " KEY " PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE," \
  " parser integer NOT NULL, lexicon bigint NOT NULL, record " BLOB " NOT NULL)"
/* The documents a correction may have changed the parse of: a record
 * made before correction N (its lexicon < N) of a document listed with N
 * is out of date (doc_id 0: every document's is). The others' records
 * stay good through corrections, and a correction's documents get theirs
 * remade later, away from the correction (vs_records_remake). */
#define VS_RECORD_FIXES_TABLE                                             \
  "CREATE TABLE IF NOT EXISTS record_fixes(doc_id bigint NOT NULL, correction bigint NOT NULL," \
  " PRIMARY KEY(doc_id, correction))"
/* Run before record_fixes is made: the records of an archive that kept
 * them before it were good only while no correction came after them.
 * THERE is the backend's condition "record_fixes exists". */
#define VS_RECORD_FIXES_BEFORE(THERE)                                                                 \
  "DELETE FROM doc_records WHERE lexicon <> (SELECT coalesce(max(id), 0) FROM corrections) AND NOT " THERE
/* Keeps the record of doc (parsed with the lexicon of its
 * lexicon_stamp) for document row doc_id, in place of one kept before,
 * inside the caller's transaction. A document stored with a lexicon older
 * than the archive's corrections (current set: an ingest that began
 * before a correction) keeps none: no correction listed it, so its record
 * would be taken as good; nor does one whose lexicon is not known.
 * last_fix: the archive's last correction number if the caller read it
 * in this transaction (-1: read here). */
int vs_record_put(vs_db db, const vb_doc *doc, int64_t doc_id, int current, int64_t last_fix, vb_err *err);
/* parses.c: the records of documents that corrections lx holds listed
 * in record_fixes, made again with lx, a few documents a transaction, at
 * most max_docs of them (*remade); *more: others are still listed. A
 * document in the archive at a correction and not listed keeps its
 * record; one listed and not yet remade is parsed when read. */
int vs_records_remake(vb_store *st, const vb_lexicon *lx, size_t max_docs, size_t *remade, int *more, vb_err *err);

/* families.c: quote families kept as statements are stored. A parse's
 * statements (ids and pre-analysed texts in r, each text after a language
 * mark of mark_len bytes) fingerprinted and joined to their families,
 * inside the storing transaction; cache holds the connection's prepared
 * statements (vs_fams_free it). */
typedef struct vs_fams vs_fams;
int vs_put_families(vs_db db, vs_fams **cache, const vb_doc *doc, const vs_put_result *r, size_t mark_len,
                    int64_t expect_bytes, vb_err *err);
/* Begins finding the families of doc's statements (ids in r, prints in
 * doc->fam) on a thread of its own where they ask nothing of the
 * connection (SQLite, a document of several), while the caller writes
 * the document's other rows; vs_put_families(doc) then takes it back
 * (waiting for the statement being found, if one is) and does the rest. Until then the caller touches nothing of *cache, and
 * whatever comes between, it calls vs_fams_wait before it returns. 0, or
 * an error reading the rows stored since (nothing begun). */
int vs_fams_start(vs_db db, vs_fams **cache, const vb_doc *doc, const vs_put_result *r, size_t mark_len,
                  int64_t expect_bytes, vb_err *err);
void vs_fams_wait(vs_fams *f);
/* Documents whose families were handed to the thread of their own, and
 * (found) the statements it found (tests). */
size_t vs_fams_worked(const vs_fams *f, size_t *found);
/* Tests: hold 1 keeps the thread from beginning any document, so the
 * storing thread takes each back before it begins. */
void vs_fams_hold(vs_fams *f, int hold);
/* The thread of its own ends after ms without a document (0: the
 * default, ten seconds) and the next document makes another (tests set a
 * short one). vs_fams_threads: threads made, and (*up) whether one is
 * running now. */
void vs_fams_idle(vs_fams *f, unsigned ms);
size_t vs_fams_threads(vs_fams *f, int *up);
/* The statements' fingerprints made ahead of storing, on an ingest thread
 * (d->fam, in d's arena), from the words the analysis gives as it encodes
 * each statement for the index (an_termer_encode_words), so no word is
 * read back or hashed again. vs_fam_begin: NULL when there are none to
 * make (or no memory: best effort, they are then made when stored);
 * vs_fam_words: where statement i's words go (room for *max),
 * given by vs_fam_add(m, i, its text after the language mark, how many),
 * each statement once, in order; vs_fam_end frees m and, when ok, sets
 * d->fam. */
typedef struct vs_fam_maker vs_fam_maker;
typedef struct an_word an_word;
vs_fam_maker *vs_fam_begin(vb_doc *d);
an_word *vs_fam_words(vs_fam_maker *m, size_t *max);
void vs_fam_add(vs_fam_maker *m, size_t i, const char *text, size_t nwords);
void vs_fam_end(vs_fam_maker *m, vb_doc *d, int ok);
void vs_fams_free(vs_fams *f);
/* Before a document's rows are written: asks the memory system for the
 * band table's slots its statements' keys will probe (d->fam's), so their
 * misses overlap; changes nothing. Nothing where they are found on a
 * thread of their own (vs_fams_start), which asks for them there. f may
 * be NULL. */
void vs_fams_prefetch(const vs_fams *f, const vb_doc *doc);
/* Before a reparse drops document doc's statements, inside its
 * transaction: the connection's band table and recent statements forget
 * them, so none of its later statements is joined to one that is gone. */
int vs_fams_forget(vs_db db, vs_fams *f, int64_t doc, vb_err *err);
/* The statements f learnt since its transaction began (vs_fams_begun):
 * how many (a mark), and forgetting those after a mark (vs_writes_undo). */
void vs_fams_begun(vs_fams *f);
size_t vs_fams_mark(const vs_fams *f);
void vs_fams_undo(vs_fams *f, size_t mark);
/* Its band table: the keys it holds, its slots, and how many times it
 * doubled since it was made (tests). */
void vs_fams_table(const vs_fams *f, size_t *keys, size_t *slots, unsigned *grew);
/* The families of a writer's connection (NULL until it stored one; tests). */
const vs_fams *vs_writes_fams(const vs_writes *w);
/* Fingerprint rows its band table read from the archive since it was
 * made, and whether it began from the table's file beside the archive
 * (tests: a small ingest reads the rows stored since the file, not all). */
void vs_fams_loaded(const vs_fams *f, size_t *rows, int *from_file);
/* Candidates' rows it read back from the archive one at a time, and
 * founders' word pairs it read (tests: rows it stored or read already are
 * known by id, not read again). */
void vs_fams_reads(const vs_fams *f, size_t *rows, size_t *pairs);
/* The family a statement of text[0..len) in lang would join if it were
 * stored now (read only): *family its founder's id, 0 with *rel
 * VB_REL_NONE when none. For measuring the lookup. */
int vs_family_lookup(vs_db db, vs_fams **cache, const char *text, size_t len, const char *lang, int64_t *family,
                     int *rel, vb_err *err);
/* Fingerprints every statement that has none (an archive made before
 * them), in id order, in transactions of a few thousand, then records
 * that the archive has them all; *added: how many. */
int vs_fingerprint_missing(vs_db db, int64_t *added, vb_err *err);
/* Whether every statement has had its fingerprint made (0: an archive
 * from before them, until vs_fingerprint_missing). */
int vs_fingerprints_built(vs_db db, int *yes, vb_err *err);
/* How many statements have a fingerprint: the entries of the blocks and
 * the rows from before blocks that keep keys or word pairs (families.c). */
int vs_fingerprints_count(vs_db db, int64_t *n, vb_err *err);
/* When the archive's band keys were made by another MinHash scheme than
 * this verbatim's (VS_FINGERPRINT_SCHEME): forgets every fingerprint, so
 * vs_fingerprint_missing makes them all again with families made anew
 * (built 0 meanwhile: first: and repeated: refused, not answered wrong);
 * *forgot how many rows went. */
int vs_fingerprint_rescheme(vs_db db, int64_t *forgot, vb_err *err);
/* The family the archive keeps for statement `index` of document `doc`
 * (its full id), for the document page's panel: into ids (room for max)
 * the statement's own id, then its family's founder, the statements of
 * its document with the same words kept in another family, then the
 * members earliest first (the statement itself may come again among
 * them), as many as fit. *n 0 when the archive keeps no fingerprint of it (no such
 * statement, too short, or fingerprints not made yet). */
int vs_family_kept(vs_db db, const char *doc, int32_t index, int64_t *ids, size_t max, size_t *n, vb_err *err);
/* Those statements' fields as a hit has them (document, index, numbering,
 * text, speaker's name, kind, the document's title, series, number,
 * date, channel, language), added to res->hits in any order (memory in
 * a); an id no statement has now is left out. */
int vs_family_members_read(vs_db db, const int64_t *ids, size_t n, vb_arena *a, vb_raw_results *res, vb_err *err);
/* A statement's family as a hit shows it: its size (0: none, too short
 * or alone) and its first statement (the least date, undated last, then
 * the first stored): document, index, numbering, date. */
typedef struct vs_fam_info {
  int64_t size;
  int64_t first;
  char doc[65];
  int32_t index, numbering;
  vb_str date;
} vs_fam_info;
int vs_family_info(vs_db db, int64_t statement, vb_arena *a, vs_fam_info *out, vb_err *err);
/* The same for n statements in one query (out[i] for statements[i]): a
 * page of hits or a document's marks in one round trip, not one each. */
int vs_family_infos(vs_db db, const int64_t *statements, size_t n, vb_arena *a, vs_fam_info *out, vb_err *err);
/* The same in two halves, the query sent ahead (sql.h, vs_ids_send) with
 * others of a search: *q NULL (nothing sent) past a query's statements,
 * and vs_family_infos_read then runs vs_family_infos. */
int vs_family_infos_send(vs_db db, const int64_t *statements, size_t n, vs_sql **q, vb_err *err);
int vs_family_infos_read(vs_db db, vs_sql *q, const int64_t *statements, size_t n, vb_arena *a, vs_fam_info *out,
                         vb_err *err);
/* The row id of document ref (its id, a unique id prefix of six or more,
 * or its series number); VB_ENOTFOUND, or VB_EUSAGE when it names more
 * than one. */
int vs_doc_row(vs_db db, const char *ref, int64_t *row, vb_err *err);
/* Its query: the id's prefix a range of the hash index, the number its
 * index, never a scan of documents (the OR of substr() it was read the
 * whole table: 5 s on a cold UN archive of 10,843 speeches, which spent
 * the server's read budget before the document page's said-before was
 * asked). */
#define VS_DOC_ROW_SQL                                                                                               \
  "SELECT id FROM documents WHERE length(?1) >= 6 AND hash >= lower(?1) AND hash < (lower(?1) || 'g')"                \
  " UNION SELECT id FROM documents WHERE number = ?1 LIMIT 2"

/* The tables, tested on fingerprint_state itself (no schema number: it
 * collides with none another change adds). Both dialects. */
#define VS_FINGERPRINT_TEST "fingerprint_state"
#define VS_FINGERPRINT_STATE \
  "CREATE TABLE fingerprint_state(built integer NOT NULL, scheme integer NOT NULL DEFAULT 1)"
#define VS_FINGERPRINT_STATE_FILL                                                                                 \
  "INSERT INTO fingerprint_state(built, scheme) SELECT CASE WHEN EXISTS(SELECT 1 FROM statements) THEN 0 ELSE 1" \
  " END, " VS_FINGERPRINT_SCHEME_SQL
/* The MinHash scheme the stored band keys were made with (VB_FAM_SCHEME,
 * family.h; families.c holds the two equal). An archive from before the
 * column has scheme 1's keys when it has any: the column is added so, and
 * `verbatim reindex` makes its fingerprints and families again
 * (vs_fingerprint_rescheme); until then its families are read as they
 * are, but a statement stored meanwhile meets no older one by its keys. */
#define VS_FINGERPRINT_SCHEME 2
#define VS_FINGERPRINT_SCHEME_SQL "2"
#define VS_FINGERPRINT_SCHEME_COLUMN "ALTER TABLE fingerprint_state ADD COLUMN scheme integer NOT NULL DEFAULT 1"
#define VS_FINGERPRINT_SCHEME_FILL \
  "UPDATE fingerprint_state SET scheme = " VS_FINGERPRINT_SCHEME_SQL " WHERE NOT EXISTS (SELECT 1 FROM fingerprints)"
/* The columns of fingerprints (statement, family, rel, ord, exact; bands:
 * the MinHash band keys as one blob; pairs: a founder's word pairs, NULL
 * for a member and in rows stored before the column, families.c) in a
 * backend's types. */
#define VS_FINGERPRINT_TABLE(name, id, small, blob)                                                                \
  "CREATE TABLE " name "(statement_id " id " PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,"          \
  " family " id " NOT NULL, rel " small " NOT NULL, ord integer NOT NULL, exact " id " NOT NULL, bands " blob      \
  " NOT NULL, pairs " blob ")"
/* A document's fingerprints in one row (families.c): every statement's
 * words' hash, band keys and, for a founder, word pairs, packed in
 * prints; a row for a run of statements first_id .. last_id of document
 * doc_id, all dated ord. A statement gets a row of its own in
 * fingerprints only when its family has two or more (a member, and its
 * founder when the first member joins it): 99% of the UN corpus's
 * statements are alone in theirs, and a row each was 70% of the
 * families' work on the storing thread (SQLite's per-row INSERT). An
 * archive from before keeps its rows as they are (its statements' keys
 * and pairs read from them) and gets the table empty. */
#define VS_FINGERPRINT_BLOCKS(id, blob)                                                                           \
  "CREATE TABLE fingerprint_blocks(first_id " id " PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,"     \
  " last_id " id " NOT NULL, doc_id " id " NOT NULL, ord integer NOT NULL, prints " blob " NOT NULL)"
#define VS_FINGERPRINT_BLOCKS_INDEX "CREATE INDEX fingerprint_blocks_doc ON fingerprint_blocks(doc_id)"
/* An archive from before the pairs column gets it empty: its rows' texts
 * are read instead (families.c). */
#define VS_FINGERPRINT_PAIRS_COLUMN(blob) "ALTER TABLE fingerprints ADD COLUMN pairs " blob
/* An archive whose fingerprints kept their 16 band keys in columns b0 …
 * b15 (before the blob) has them moved into the blob in place: the same
 * families, no reindex. */
#define VS_FINGERPRINT_BAND_COLUMNS "b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15"
/* A row's bands column from its 16 keys (nkeys of them: all, or the first
 * alone for a statement too short for a near repeat) into out (room for
 * 64 bytes): unsigned 32-bit big-endian numbers. Returns the bytes. */
size_t vs_bands_encode(const uint32_t *band, int nkeys, unsigned char *out);
/* SQLite's stamp of the band table's file (families.c, sqlite.c): one
 * row, (archive, deletions). */
#define VS_BAND_STAMP "fingerprint_band_stamp"
/* A family's statements are its founder (the row whose statement_id is
 * the family; none when it was reparsed away) and its members (family <>
 * statement_id). Only the members are in the family index: 99% of rows
 * found a family of their own, and an index entry each was most of a
 * row's INSERT; a founder is found by its primary key. Every query that
 * reads a family asks for the two, the members by VS_FAMILY_MEMBER (the
 * index's own condition, which the backends need written so to use it). */
#define VS_FAMILY_MEMBER(g) g ".family <> " g ".statement_id"
#define VS_FINGERPRINT_FAMILY_INDEX \
  "CREATE INDEX fingerprints_family ON fingerprints(family, ord, statement_id) WHERE family <> statement_id"
/* The members by their own id (SQLite's fingerprints_members): whether a
 * hit is in a family of two or more is asked of this index and the
 * family index, so only the few that are have their row read. Asked of
 * the table, each of a page's hits read its row (bands and word pairs:
 * a page of 16 KB for nearly every hit), 20 of the 337 pages a fresh
 * connection's first search read on every 8th UN speech. */
#define VS_FINGERPRINT_MEMBERS_INDEX \
  "CREATE INDEX fingerprints_members ON fingerprints(statement_id) WHERE family <> statement_id"
/* A statement f (an alias of fingerprints) was said before: another
 * statement of its family comes first (by date, undated last, then in
 * the order stored). The one definition of first:, repeated: and the
 * facet. */
#define VS_EARLIER_THAN_F "(g.ord < f.ord OR (g.ord = f.ord AND g.statement_id < f.statement_id))"
#define VS_SAID_BEFORE                                                                                             \
  "(EXISTS (SELECT 1 FROM fingerprints g WHERE g.family = f.family AND " VS_FAMILY_MEMBER("g") " AND "          \
  VS_EARLIER_THAN_F ") OR EXISTS (SELECT 1 FROM fingerprints g WHERE g.statement_id = f.family AND "           \
  VS_EARLIER_THAN_F "))"

/* entities.c: a document's entities resolved to archive entities, inside
 * the storing transaction (stmt_ids[i]: statement i's row, speaker_ids[i]
 * speaker i's); the backend stores each mention through sink (key: the
 * spelling's key, when keys is set or corrections need it). cache holds
 * what the connection learnt (vs_entities_free it; vs_entities_forget
 * after a rollback). An analyst's correction in a transaction of its own;
 * and the corrections kept: fn(ctx, type, name, alias) per analyst alias,
 * (ctx, -1, NULL, s) per rejected spelling. */
int vs_put_entities(vs_db db, vs_entities **cache, const vb_doc_view *v, int64_t doc_id, const int64_t *stmt_ids,
                    const int64_t *speaker_ids, const vs_entity_sink *sink, vb_err *err);
void vs_entities_free(vs_entities *e);
void vs_entities_forget(vs_entities *e);
/* The archive's last correction number as vs_put_entities last read it
 * (in the storing transaction, for a document with entities); -1: not
 * read since the cache was made or forgotten. */
int64_t vs_entities_last_fix(const vs_entities *e);
int vs_entity_fix(vb_store *st, vb_fix op, const char *a, const char *const *args, size_t nargs,
                  const vb_lexicon *lx, int64_t *correction, vb_err *err);
int vs_corrections(vs_db db, int (*fn)(void *ctx, int type, const char *name, const char *alias), void *ctx,
                   vb_err *err);

/* listings.c: the entities a name leads to ("e12", a spelling a document
 * used, the key lx gives it (NULL: the built-in lexicon), the entity's
 * name), in id order, in the arena; and the one it means (the most
 * mentioned of them; VB_ENOTFOUND when none). */
int vs_entity_ids(vs_db db, const char *name, size_t n, const vb_lexicon *lx, vb_arena *a, int64_t **ids,
                  size_t *nids, vb_err *err);
int vs_one_entity(vs_db db, const char *ref, const vb_lexicon *lx, int64_t *id, vb_err *err);
/* links.c: who mentions each entity and what with, kept as the archive
 * changes so an entity's page reads a few rows instead of counting every
 * mention (the UN archive's e1: 144,065 of them). entity_speakers holds
 * the mentions of an entity in statements of a speaker (every kind, as
 * statements.speaker_id says); entity_pairs the statements naming both
 * entities, once each way. Ingest adds a document's counts (vs_links_add,
 * from the mentions it stores); a reparse and the corrections count the
 * statements they change before (-1) and after (1) into the connection's
 * deltas (vs_links_doc, vs_links_gathered: the statements of
 * fix_statements) and add them (vs_links_apply). Both backends make the
 * tables, filled from the mentions, when their archive lacks them (tested
 * on the tables themselves, no schema number); `verbatim check` counts
 * them again. */
#define VS_LINKS_SPEAKERS_TABLE(tail)                                                                          \
  "CREATE TABLE IF NOT EXISTS entity_speakers(entity_id bigint NOT NULL, speaker_id bigint NOT NULL,"        \
  " mentions bigint NOT NULL, PRIMARY KEY(entity_id, speaker_id))" tail
#define VS_LINKS_PAIRS_TABLE(tail)                                                                             \
  "CREATE TABLE IF NOT EXISTS entity_pairs(entity_id bigint NOT NULL, other_id bigint NOT NULL,"             \
  " statements bigint NOT NULL, PRIMARY KEY(entity_id, other_id))" tail
/* The counts as the mentions make them: the fills, and what check compares. */
#define VS_LINKS_SPEAKERS_OF_MENTIONS                                                                          \
  "SELECT m.entity_id, s.speaker_id, count(*) AS n FROM mentions m JOIN statements s ON s.id = m.statement_id" \
  " WHERE s.speaker_id IS NOT NULL GROUP BY m.entity_id, s.speaker_id"
#define VS_LINKS_PAIRS_OF_MENTIONS                                                                             \
  "SELECT m.entity_id, m2.entity_id AS other_id, count(DISTINCT m.statement_id) AS n FROM mentions m"          \
  " JOIN mentions m2 ON m2.statement_id = m.statement_id AND m2.entity_id <> m.entity_id"                      \
  " WHERE TRUE GROUP BY m.entity_id, m2.entity_id"
#define VS_LINKS_SPEAKERS_FILL "INSERT INTO entity_speakers(entity_id, speaker_id, mentions) " VS_LINKS_SPEAKERS_OF_MENTIONS
#define VS_LINKS_PAIRS_FILL "INSERT INTO entity_pairs(entity_id, other_id, statements) " VS_LINKS_PAIRS_OF_MENTIONS
/* The name filter's `lower(name) = lower(?)` (vs_entity_ids) from an
 * index, not a read of every entity (22 M of the UN archive's filtered
 * search's 149 M instructions). */
#define VS_ENTITY_LOWER_NAME_INDEX "CREATE INDEX IF NOT EXISTS entities_lower_name ON entities(lower(name))"
/* Each entity's counts over its documents (the sums of its rows in
 * doc_entities: mentions, statements, documents with a mention), a row
 * for each entity any document has named (none: all zero), so the entity
 * list reads its top from the index on mentions instead of summing every
 * document's row (the UN archive's 372 k, 0.18 s for the home page's
 * ten). Kept as links.c keeps its counts, written once over the driver:
 * each statement that changes rows of doc_entities is preceded by
 * VS_ENTITY_TOTALS_MOVE("-", the rows) and followed by ("", the rows)
 * (ingest: only the second, of its document); an entity deleted has its
 * row deleted with it. (Triggers kept them too, and cost ingest 5.4% of
 * its instructions: a trigger program for every row.) Both backends make
 * and fill the table when their archive lacks it (tested on the table
 * itself, no schema number); `verbatim check` counts them again. */
#define VS_ENTITY_TOTALS_TABLE(tail)                                                                            \
  "CREATE TABLE IF NOT EXISTS entity_totals(entity_id bigint NOT NULL PRIMARY KEY, mentions bigint NOT NULL," \
  " statements bigint NOT NULL, documents bigint NOT NULL)" tail
#define VS_ENTITY_TOTALS_INDEX "CREATE INDEX IF NOT EXISTS entity_totals_top ON entity_totals(mentions DESC)"
/* An entity's sums as its rows `de` of doc_entities make them. */
#define VS_ENTITY_SUMS                                                                                          \
  "coalesce(sum(de.mentions), 0) AS n, coalesce(sum(de.statements), 0) AS k,"                                 \
  " coalesce(sum(CASE WHEN de.mentions > 0 THEN 1 ELSE 0 END), 0) AS d"
#define VS_ENTITY_TOTALS_OF_ROWS                                                                                \
  "SELECT e.id, " VS_ENTITY_SUMS " FROM entities e LEFT JOIN doc_entities de ON de.entity_id = e.id"          \
  " WHERE TRUE GROUP BY e.id"
#define VS_ENTITY_TOTALS_FILL                                                                                   \
  "INSERT INTO entity_totals(entity_id, mentions, statements, documents) " VS_ENTITY_TOTALS_OF_ROWS
/* The rows of doc_entities `where` chooses (its columns bare), added to
 * their entities' totals (sign "") or taken from them ("-"), in entity
 * order (two PostgreSQL writers lock the totals in one order). */
#define VS_ENTITY_TOTALS_MOVE(sign, where)                                                                       \
  "INSERT INTO entity_totals(entity_id, mentions, statements, documents) SELECT entity_id, " sign "sum(mentions), " \
  sign "sum(statements), " sign "sum(CASE WHEN mentions > 0 THEN 1 ELSE 0 END) FROM doc_entities WHERE " where     \
  " GROUP BY entity_id ORDER BY entity_id ON CONFLICT(entity_id) DO UPDATE SET"                                  \
  " mentions = entity_totals.mentions + excluded.mentions, statements = entity_totals.statements"               \
  " + excluded.statements, documents = entity_totals.documents + excluded.documents"
/* A document's doc_entities rows, five values each (entities.c). */
#define VS_DOC_ENTITIES_ROWS "INSERT INTO doc_entities(doc_id, entity_id, role, mentions, statements)"
/* An entity's counts in one document, as its doc_entities row holds
 * them (a document counts when mentions > 0). */
typedef struct vs_entity_count {
  int64_t entity, mentions, statements;
} vs_entity_count;
/* c[0..n) added to entity_totals (sorted in place by entity, each
 * entity's sums one row), as VS_ENTITY_TOTALS_MOVE("", …) of their rows
 * would add them (entities.c). */
int vs_entity_totals_add(vs_db db, vs_entity_count *c, size_t n, vb_err *err);
/* A stored mention's entity, statement and the statement's speaker (0:
 * none), as ingest counts it; m is sorted in place. */
typedef struct vs_link_mention {
  int64_t entity, statement, speaker;
} vs_link_mention;
int vs_links_add(vs_db db, vs_link_mention *m, size_t n, vb_err *err);
int vs_links_reset(vs_db db, vb_err *err);
int vs_links_doc(vs_db db, int64_t doc_id, int sign, vb_err *err);
int vs_links_gathered(vs_db db, int sign, vb_err *err);
int vs_links_apply(vs_db db, vb_err *err);
/* roles.c: s[0..n), the role a document gave an entity, as its page
 * shows it (one space between words, forms of address dropped) in *out
 * (in a): 1; 0 when it names no office or occupation ("dear friend", a
 * clause); -1 out of memory. */
int vs_role_clean(const char *s, size_t n, vb_arena *a, vb_str *out);
/* An entity's mentions per month are read through the documents' date
 * index when it is in more than this many documents (256; tests change
 * it), through each of its documents' rows otherwise (listings.c). */
extern int64_t vs_entity_months_by_index;

/* The watch generation: one row whose n rises in every transaction that
 * adds or removes a watch, so a connection knows its compiled watches are
 * stale from one row (matching.c). Both backends create the table when
 * their archive lacks it, tested on the table itself (no schema number). */
#define VS_WATCH_GENERATION_TABLE \
  "CREATE TABLE IF NOT EXISTS watch_generation(one integer PRIMARY KEY CHECK (one = 1), n bigint NOT NULL)"
#define VS_WATCH_GENERATION_BUMP \
  "INSERT INTO watch_generation(one, n) VALUES(1, 1) ON CONFLICT(one) DO UPDATE SET n = watch_generation.n + 1"

/* What an entity's counts are made of (listings.c, entities.c): a
 * mention is a place in a statement that names it, one row of mentions;
 * doc_entities holds, per document, its mentions and the statements that
 * hold them. An archive made before the statements were counted (or
 * while mentions outside statements were counted too) has them counted
 * again from its mentions, once, when opened; both backends test for the
 * column itself (no schema number). */
/* A statement's date is YYYYMMDD; a document dated by its year alone
 * ("1946", as every UN General Debate speech is) or its month counts from
 * the period's first day, so `after:1990` (19900101) finds 1995's
 * speeches. Archives made before stored 1946 or 202310: made so once. */
#define VS_DATES_FROM_START                                                                            \
  "UPDATE statements SET date = CASE WHEN date < 10000 THEN date * 10000 + 101 ELSE date * 100 + 1 END" \
  " WHERE date BETWEEN 1 AND 999999"

/* A speaker's own words, the condition on a statement: every statement
 * credited to the speaker but reported speech (what others say they
 * said). t is the statements table's alias with its dot ("s.", or "").
 * speaker:, the speakers' list and counts, and the search columns' own
 * speaker all use it. */
#define VS_OWN_WORDS(t) t "kind <> 'indirect'"
/* In a speaker's key, what comes before the document's id when the label
 * names no one ("question @<doc id>": data/anonymous-speakers.txt): a
 * speaker of its own document only (put.c), left out of the list of
 * speakers on asking (listings.c). */
#define VS_ANON_MARK "@"
/* The same for a group the prose names as a source ("critics @+<doc id>":
 * vb_speaker.group): a speaker of its own document only, as a label that
 * names no one, and told from one by the "+" (a document id is hex). */
#define VS_GROUP_MARK VS_ANON_MARK "+"
/* A speaker's key (of the table aliased `t`, with its dot) is a group's,
 * or a label's that names no one: SQL conditions. */
#define VS_KEY_GROUP(t) t "key LIKE '% " VS_GROUP_MARK "%'"
#define VS_KEY_ANON(t) "(" t "key LIKE '% " VS_ANON_MARK "%' AND " t "key NOT LIKE '% " VS_GROUP_MARK "%')"
/* The archive's speakers as the lists count them: with words of their own
 * (vb_store_speakers_page); /health, the overview and the list agree. */
#define VS_SPEAKERS_SPEAKING                                                                                     \
  "SELECT count(*) FROM speakers sp WHERE EXISTS (SELECT 1 FROM statements x WHERE x.speaker_id = sp.id AND " \
  VS_OWN_WORDS("x.") ")"
/* A statement's speaker as the speaker facet and the column cache count
 * it: its speaker in their own words, else 0 (no one's). put.c's
 * own_speaker is the same rule in C, for the blocks kept at ingest
 * (test_store holds that the two agree). */
#define VS_OWN_SPEAKER(t) "CASE WHEN " VS_OWN_WORDS(t) " THEN coalesce(" t "speaker_id, 0) ELSE 0 END"

/* A speaker's own words (kind other than indirect) and the documents
 * that hold them, counted from the speaker index alone: the speakers'
 * list looked up each statement's row for its kind (40,439 on the UN
 * archive, 0.37 s cold). Archives whose index lacks kind have it made
 * again once when opened; both backends test for the column in the index
 * itself (no schema number). */
#define VS_SPEAKER_INDEX_DROP "DROP INDEX IF EXISTS statements_speaker"
#define VS_SPEAKER_INDEX "CREATE INDEX statements_speaker ON statements(speaker_id, kind, doc_id)"

#define VS_ENTITY_COUNTS_COLUMN "ALTER TABLE doc_entities ADD COLUMN statements integer NOT NULL DEFAULT 0"
#define VS_ENTITY_COUNTS_RESET "UPDATE doc_entities SET mentions = 0, statements = 0"
#define VS_ENTITY_COUNTS_FILL                                                                                      \
  "INSERT INTO doc_entities(doc_id, entity_id, role, mentions, statements)"                                       \
  " SELECT s.doc_id, m.entity_id, NULL, count(*), count(DISTINCT m.statement_id)"                                \
  " FROM mentions m JOIN statements s ON s.id = m.statement_id WHERE TRUE GROUP BY s.doc_id, m.entity_id"        \
  " ON CONFLICT(doc_id, entity_id) DO UPDATE SET mentions = excluded.mentions, statements = excluded.statements"

/* An invariant of the archive: what breaks it, and the count of rows
 * that do. vs_check_rows runs each, a line in report for each broken
 * (or unreadable) one. */
typedef struct vs_invariant {
  const char *what, *sql;
} vs_invariant;
void vs_check_rows(vs_db db, const vs_invariant *inv, size_t n, vb_buf *report, int *problems);

/* At open (store.c): an index made by another text analysis answers
 * queries wrongly, so it is refused, with what to do (name: the archive,
 * for the message). */
int vs_check_analysis(vs_db db, const struct vs_reindexer *r, const char *name, vb_err *err);

/* The languages of the archive's documents, one row each as given ("" for
 * none), added in the transaction that stores a document in one not there
 * yet: what query words are stemmed in, and whether they must be sought as
 * written too (an_langs). Every compile reads it again (one row per
 * language), so a connection follows what other connections and processes
 * store: a word's written form, left out while every document is in a
 * stemmed language, is back at once for a document in none. Both backends
 * create the table when their archive lacks it, filled from the
 * documents, tested on the table itself (no schema number). */
#define VS_DOC_LANGUAGES_TABLE "CREATE TABLE IF NOT EXISTS doc_languages(language text PRIMARY KEY)"
#define VS_DOC_LANGUAGES_FILL                                                                              \
  "INSERT INTO doc_languages(language) SELECT DISTINCT coalesce(language, '') FROM documents WHERE true"   \
  " ON CONFLICT DO NOTHING"
#define VS_DOC_LANGUAGES_ADD "INSERT INTO doc_languages(language) VALUES(coalesce(?1, '')) ON CONFLICT DO NOTHING"
int vs_load_langs(vs_db db, an_langs *langs, vb_err *err);
/* The languages of a query whose rows are one language each (doc_languages),
 * read whole into *langs and q finalized: VB_OK, or the error said in err. */
int vs_langs_read(vs_sql *q, an_langs *langs, vb_err *err);

/* alerts.c: watches and alerts. A watch that exists already is refused
 * with VB_EUSAGE; anchored: the presearcher indexes it by a word. */
int vs_watch_put(vb_store *st, const char *name, const char *query, const char *sink, int anchored, vb_err *err);
int vs_alerts(vb_store *st, const vs_alert_filter *f, vb_alert_list **out, vb_err *err);
/* What vs_alerts' list is: with each alert's reasons as it was made
 * (alerts.matched: the bits of vs_reasons_each's places; known[i] 0 when
 * the column is NULL and the delivery works them out). */
typedef struct vs_alert_list {
  vb_alert_list list;
  const uint64_t *matched;
  const uint8_t *known;
} vs_alert_list;
/* Claims the pending alerts nobody holds (or whose claim is older than
 * stale seconds) for one deliverer; release gives back what it did not
 * deliver. Two deliverers never send the same alert. dead NULL: delivered;
 * else undeliverable for that reason. */
int vs_alerts_claim(vb_store *st, int64_t claim, int stale, size_t *n, vb_err *err);
int vs_alerts_release(vb_store *st, int64_t claim, vb_err *err);
int vs_alerts_delivered(vb_store *st, const int64_t *ids, size_t n, const char *dead, vb_err *err);
/* Marks delivered every alert the claim holds pending with an id from
 * first to last: a page its deliverer read whole and sent whole (the
 * pending alerts of a claim are read in id order), in one statement
 * without a list of its ids to parse. */
int vs_alerts_delivered_span(vb_store *st, int64_t claim, int64_t first, int64_t last, vb_err *err);

/* reindex.c: the full-text index made again from the stored statement
 * texts by today's analysis (vb_store_reindex), written once over what
 * each backend does with its index. All but finish run inside the
 * transaction of one batch of documents. */
typedef struct vs_reindexer {
  const char *version_table;  /* where the archive records its analysis version */
  const char *progress_table; /* a re-analysis under way: its version, the last document done */
  /* Makes an empty new index beside the one in use, dropping any a
   * re-analysis by another version left half made. */
  int (*start)(void *impl, vb_err *err);
  /* Indexes statement ids[i] in the new index from its pre-analysed
   * text pre[off[i] .. off[i+1]) (an_termer_encode). */
  int (*rows)(void *impl, size_t n, const int64_t *ids, const char *pre, const size_t *off, vb_err *err);
  /* In the last batch's transaction: the new index replaces the old. */
  int (*swap)(void *impl, vb_err *err);
} vs_reindexer;
/* The whole run (vb_store_reindex says what it does) on an open store,
 * batch_docs documents a batch (0: the default; tests make it small to
 * stop a run part way). */
int vs_reindex(vs_db db, const vs_reindexer *r, void *impl, int batch_docs, vb_reindex_fn fn, void *ctx,
               vb_reindex_info *info, vb_err *err);
/* vb_store_open with open's mode bits (VS_OPEN_…). */
int vs_store_open(const char *path, int mode, vb_store **out, vb_err *err);

/* The lexicon documents of this archive are parsed with: the built-in
 * one plus the archive's corrections (store.c). */
const vb_lexicon *vs_store_lexicon(vb_store *st, vb_err *err);
/* The lexicon query q needs, NULL when it names no mentions: (whose
 * compiler then needs none). */
const vb_lexicon *vs_query_lexicon(vb_store *st, const vb_qnode *q, vb_err *err);

/* Shared by backends: snippet with matched words marked, and a citation
 * line, for each raw hit. langs: analysers kept between searches (a
 * language's stemmer made once, its stems cached once warm), NULL for
 * analysers of this call's own. */
int vb_results_finish(const vb_raw_results *raw, const vb_qnode *q, an_termer *langs, vb_arena *a,
                      vb_results *out, vb_err *err);
/* A text's words as the index analyses them (by an, the statement's
 * language), made once for every leaf asked of it (an alert page's
 * reasons: each alert of a statement analysed it again, 45 k
 * instructions an alert). In a; VB_ENOMEM when out of memory. */
typedef struct vs_words vs_words;
int vs_words_make(an_analyzer *an, const char *text, size_t len, vb_arena *a, vs_words **out);
/* A word, phrase or prefix leaf of a query analysed by an (the
 * statement's language) as search analyses it, once for every statement
 * it is asked of. In a; VB_ENOMEM when out of memory. */
typedef struct vs_terms vs_terms;
int vs_terms_make(const vb_qnode *leaf, an_analyzer *an, vb_arena *a, vs_terms **out);
/* Whether the words hold the leaf as search and the snippets find it:
 * each of its words meets one of them (its stem, or its written form for
 * a prefix). 1 yes, 0 no. */
int vs_terms_in_words(const vs_terms *terms, const vs_words *words);
/* The same words of a pre-analysed text (an_termer_encode of the
 * statement with its language's mark): the tokens the index was given,
 * nothing stemmed again, their bytes not copied (pre must outlive the
 * words). VB_EFORMAT when pre is not one. */
int vs_words_of_pre(const char *pre, size_t len, vb_arena *a, vs_words **out);

/* An alert's reasons (what watch.c delivers as "matched"): its query's
 * words, phrases, prefixes and filters outside any NOT, in the order of a
 * walk of its tree, each in its place 0, 1, …; of them those its statement
 * holds (a filter always: the archive confirmed it). Worked out where the
 * alert is made, from the analysis the index was given, they are kept as
 * the bits of the places that hold (alerts.matched: places 0-63; NULL
 * when not known) and read back at delivery without analysing anything.
 * vs_reasons keeps each leaf's terms by language for the queries it is
 * asked of (which must outlive it). */
typedef struct vs_reasons vs_reasons;
int vs_reasons_new(vs_reasons **out);
void vs_reasons_free(vs_reasons *r);
/* fn(ctx, place, node) for each reason that holds; a non-zero return stops
 * the walk and is returned (VB_ENOMEM when out of memory). With words
 * (and an, the statement's language's analyser), what the words hold;
 * words NULL: the places whose bits are set in given. */
typedef int (*vs_reason_fn)(void *ctx, uint32_t place, const vb_qnode *node);
int vs_reasons_each(vs_reasons *r, const vb_qnode *q, an_analyzer *an, const vs_words *words, uint64_t given,
                    vs_reason_fn fn, void *ctx);

#endif
