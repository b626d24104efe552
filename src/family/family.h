/* family — quote families: which statements say the same words.
 * Takes a statement's words as the index analyses them and gives its
 * fingerprint: a hash of the whole word sequence (exact repeats), a set of
 * word shingles and a MinHash signature cut into LSH bands (near repeats).
 * Pairs that share a band are verified on their shingle sets; a family is
 * an earliest statement and the statements verified against it; a word
 * diff says how a variant differs from it. Translations of one statement
 * are joined by the entities, numbers and dates they agree on. Nothing here
 * stores anything: the archive keeps what it needs (docs/internals/family.md
 * explains every choice and the measurements behind it). */
#ifndef VB_FAMILY_H
#define VB_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "verbatim.h"

/* The index's analysis (src/analyze/analyze.h), used through its function. */
typedef struct an_analyzer an_analyzer;

/* Statements of fewer words (a letter in each) get no family: "Thank you,
 * Mr. President." is said by everyone and quoted by no one. */
#define VB_FAM_MIN_WORDS 6
/* Words a shingle spans. */
#define VB_FAM_SHINGLE 2
/* LSH: BANDS bands of ROWS MinHash values each. A build for measuring
 * another shape may set both (make CFLAGS="-DVB_FAM_BANDS=10
 * -DVB_FAM_ROWS=3", at most 64 values: bench/RESULTS.md, session 25);
 * its keys are not this scheme's, so it is for a new archive only. */
#ifndef VB_FAM_BANDS
#define VB_FAM_BANDS 16
#endif
#ifndef VB_FAM_ROWS
#define VB_FAM_ROWS 4
#endif
#define VB_FAM_HASHES (VB_FAM_BANDS * VB_FAM_ROWS)
/* Which MinHash functions make the band keys (print.c): keys of another
 * scheme never meet these, so an archive keeps the scheme its keys were
 * made with and `verbatim reindex` makes them again (store/families.c). */
#define VB_FAM_SCHEME 2
/* The words of a statement that count (a statement is a sentence or a
 * paragraph; this bounds the work for pathological input). */
#define VB_FAM_MAX_WORDS 4096u

/* One analysed word: the hash of its analysed form and its byte span. */
enum {
  VB_FAM_CAP = 1,   /* written with a capital: part of a name, most often */
  VB_FAM_LETTER = 2 /* has a letter (not a number alone) */
};
typedef struct vb_fam_word {
  uint64_t hash;
  uint32_t start, end;
  uint32_t flags; /* VB_FAM_* */
} vb_fam_word;

/* The words of text[0..len) as an analyses them, at most max, into out
 * (caller memory, max entries). Returns how many, or -1 when out of memory. */
long vb_fam_words(an_analyzer *an, const char *text, size_t len, vb_fam_word *out, size_t max);
/* The same words from a pre-analysed text (an_termer_encode of a language
 * mark of base bytes and then text): what the index was given, so no word
 * is analysed twice. -1 when pre is not one (out may then hold some
 * words: drop them). */
long vb_fam_words_pre(const char *pre, size_t npre, const char *text, size_t base, vb_fam_word *out,
                      size_t max);
/* The same words as the analysis gave them while it encoded text for
 * the index (an_termer_encode_words: text is the statement's, after its
 * language mark), n of them, into out (room for n): their flags read from
 * text. Returns n. */
typedef struct an_word an_word;
size_t vb_fam_words_given(const an_word *aw, size_t n, const char *text, vb_fam_word *out);
/* One word from elsewhere (the index's pre-analysed text): its analysed
 * form tok[0..n) and its surface text[start..end). */
void vb_fam_word_set(vb_fam_word *w, const char *tok, size_t n, const char *text, uint32_t start,
                     uint32_t end);
/* Words that count for VB_FAM_MIN_WORDS. */
size_t vb_fam_letter_words(const vb_fam_word *w, size_t n);

/* A statement's fingerprint. */
typedef struct vb_fam_print {
  uint64_t exact;              /* hash of the analysed word sequence */
  uint32_t band[VB_FAM_BANDS]; /* LSH keys, the band's number mixed in */
  uint32_t nwords, nshingles;
} vb_fam_print;

/* The sorted, distinct shingle hashes of n words (at most
 * VB_FAM_MAX_WORDS count) into out (room for n entries); returns how many.
 * A shingle inside a name ("Security Council", "Conference on Disarmament")
 * is left out: sharing a name is not saying the same thing. Fewer words
 * than a shingle make one shingle. */
size_t vb_fam_shingles(const vb_fam_word *w, size_t n, uint32_t *out);
/* The same shingle hashes unsorted, a repeated one as often as it occurs
 * (what a MinHash signature needs: the same signature), for a caller that
 * sorts them only when they are compared: returns how many. */
size_t vb_fam_shingles_unsorted(const vb_fam_word *w, size_t n, uint32_t *out);
/* Sorts the n hashes of vb_fam_shingles_unsorted and drops repeats:
 * returns how many stay (what vb_fam_shingles gives). */
size_t vb_fam_shingles_sort(uint32_t *sh, size_t n);
/* The sorted, distinct hashes of the words that carry the wording, order
 * aside: not names (capitalised) nor numbers, which anchors compare. Into
 * out (room for n); returns how many. */
size_t vb_fam_wordset(const vb_fam_word *w, size_t n, uint32_t *out);
/* Fills p from n words and their shingles sh[0..nsh). */
void vb_fam_print_make(const vb_fam_word *w, size_t n, const uint32_t *sh, size_t nsh,
                       vb_fam_print *p);
/* The MinHash band keys of shingles sh[0..nsh) (in any order, repeats
 * and all: the same keys) into band (VB_FAM_BANDS): vb_fam_print_make's. */
void vb_fam_bands(const uint32_t *sh, size_t nsh, uint32_t *band);
/* The exact-repeat hash alone: what an exact-duplicate baseline uses
 * (identical after case folding and punctuation removal). */
uint64_t vb_fam_exact(const vb_fam_word *w, size_t n);

/* How much two sorted hash sets share. */
typedef struct vb_fam_sim {
  uint32_t shared, na, nb;
  double jaccard;     /* shared / |a ∪ b| */
  double containment; /* shared / min(|a|, |b|): a trimmed quote is contained */
} vb_fam_sim;
void vb_fam_compare(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, vb_fam_sim *out);

/* The verified pair check on shingle sets: 1 when two statements say the
 * same words, allowing for trimming, a few replaced or inserted words and
 * re-ordered clauses (thresholds and why in print.c). */
int vb_fam_same(const vb_fam_sim *shingles);
/* 1 when a statement of nshingles distinct shingles can be a near repeat
 * (vb_fam_same of it with itself); else only an exact repeat can join it,
 * and any one of its bands finds that. */
int vb_fam_near_possible(size_t nshingles);

/* Translations: two renderings of one statement share its entities,
 * numbers and dates ("anchors", hashed by the caller) more than its words. */
typedef enum vb_fam_tr {
  VB_TR_NO = 0,
  VB_TR_POSSIBLE, /* only part agrees: kept apart, shown as possible */
  VB_TR_YES       /* anchors agree and the wording is close: joined */
} vb_fam_tr;
/* a, b: sorted distinct anchors; words: the word-set similarity. */
vb_fam_tr vb_fam_translation(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                             const vb_fam_sim *words);
/* Sorts and removes repeats in place; returns the new count. */
size_t vb_fam_anchors_sort(uint64_t *a, size_t n);
/* The hash of an anchor: kind ('E' entity key, 'N' number, 'D' date) and
 * its normal form. A translation needs a number or a date among its
 * anchors: entities alone are shared by too many statements. */
uint64_t vb_fam_anchor(char kind, const char *s, size_t n);

/* ---- word diff ------------------------------------------------------------ */

/* How a variant's words differ from the original's. Ranges are word
 * indexes: [a0, a1) in the original, [b0, b1) in the variant. */
typedef enum vb_diff_op {
  VB_DIFF_SAME = 0, /* the same words */
  VB_DIFF_TRIMMED,  /* the original's words cut from the variant's start or end */
  VB_DIFF_OMITTED,  /* the original's words left out inside the variant */
  VB_DIFF_INSERTED, /* words the original does not have */
  VB_DIFF_REPLACED, /* the original's words a0..a1 said as b0..b1 */
  VB_DIFF_MOVED     /* the same words in another place: a run left out in one
                     * place and inserted in another (both halves say MOVED) */
} vb_diff_op;
/* "same", "trimmed", "omitted", "inserted", "replaced", "moved". */
const char *vb_diff_op_name(vb_diff_op op);

typedef struct vb_diff {
  vb_diff_op op;
  uint32_t a0, a1, b0, b1;
} vb_diff;

/* The longest differing middle (after the common start and end are taken
 * off) the diff aligns word by word: an alignment is O(n*m). */
#define VB_DIFF_MAX_WORDS 2048u

/* The diff of variant b against original a, compared by word hash (give
 * words analysed without stemming so every changed form shows). The
 * entries cover both sequences in order. *out is malloc'd (free() it),
 * *nout its length; 0, VB_ENOMEM, or VB_ELIMIT when the differing middle
 * is longer than VB_DIFF_MAX_WORDS. */
int vb_fam_diff(const vb_fam_word *a, size_t na, const vb_fam_word *b, size_t nb, vb_diff **out,
                size_t *nout);

/* ---- families in memory ----------------------------------------------------
 * A set of statements with their fingerprints: built into families from
 * scratch (every LSH band sorted once, candidates verified, families grown
 * from the earliest statement), and asked which family a new statement
 * belongs to. The archive uses it to build families anew; the benchmark
 * uses it at the UN corpus's scale. */

#define VB_FAM_NONE UINT32_MAX

typedef struct vb_fam_item {
  const vb_fam_word *words; /* analysed with the index's analysis */
  size_t nwords;
  const uint64_t *anchors;  /* sorted, distinct (vb_fam_anchors_sort) */
  size_t nanchors;
  int32_t date;             /* YYYYMMDD (vb_fam_date); 0 when unknown (after every dated one) */
} vb_fam_item;

typedef enum vb_fam_rel {
  VB_REL_NONE = 0,   /* a family of its own (or none: too short) */
  VB_REL_EXACT,      /* the same words as the family's first statement */
  VB_REL_NEAR,       /* verified against the family's first statement */
  VB_REL_TRANSLATION /* anchors agree and wording close to the first statement */
} vb_fam_rel;
/* "", "exact", "near", "translation". */
const char *vb_fam_rel_name(vb_fam_rel r);

typedef struct vb_fam_match {
  uint32_t family;   /* the family's first statement, or VB_FAM_NONE */
  vb_fam_rel rel;
  double jaccard;    /* shingle Jaccard with that statement */
  uint32_t possible; /* a family (its first statement) this one is possibly a
                      * translation of, kept apart; or VB_FAM_NONE */
} vb_fam_match;

typedef struct vb_fam_set vb_fam_set;
int vb_fam_set_new(vb_fam_set **out, vb_err *err);
void vb_fam_set_free(vb_fam_set *s);
/* Adds a statement; *id is its number (0, 1, 2, … in the order added).
 * Too short a statement is added too but never joins a family. */
int vb_fam_set_add(vb_fam_set *s, const vb_fam_item *it, uint32_t *id, vb_err *err);
size_t vb_fam_set_count(const vb_fam_set *s);
/* Builds the families of everything added so far, from scratch; *npossible
 * (may be NULL) gets the number of possible-translation links. */
int vb_fam_set_build(vb_fam_set *s, size_t *npossible, vb_err *err);
/* After build: the family of statement id (its first statement; id itself
 * for a first statement or a loner) and how it is related. */
vb_fam_match vb_fam_set_of(const vb_fam_set *s, uint32_t id);
/* The family a statement not in the set would join (after build). */
int vb_fam_set_lookup(vb_fam_set *s, const vb_fam_item *it, vb_fam_match *m, vb_err *err);
/* Adds a statement after build and joins it to the family lookup finds. */
int vb_fam_set_insert(vb_fam_set *s, const vb_fam_item *it, uint32_t *id, vb_fam_match *m,
                      vb_err *err);
/* Bytes the set holds. */
size_t vb_fam_set_bytes(const vb_fam_set *s);
/* Calls fn for each candidate pair the LSH bands and anchors propose (each
 * once, first statements of exact groups only) with its shingle
 * similarity; for measuring the thresholds. Stops when fn returns non-zero. */
int vb_fam_set_pairs(vb_fam_set *s, int (*fn)(void *ctx, uint32_t a, uint32_t b, const vb_fam_sim *sim),
                     void *ctx, vb_err *err);

/* ---- a parsed document's statements as items ------------------------------ */

/* Reusable buffers and one analyser per language. */
typedef struct vb_fam_doc vb_fam_doc;
int vb_fam_doc_new(vb_fam_doc **out, vb_err *err);
void vb_fam_doc_free(vb_fam_doc *d);
/* Analyses every statement of v (in v's language, as the index does) and
 * collects its anchors: entity keys, quantities, day dates, numbers. The
 * date of every item is the document's (aired, else published). */
int vb_fam_doc_read(vb_fam_doc *d, const vb_doc_view *v, vb_err *err);
size_t vb_fam_doc_count(const vb_fam_doc *d);
/* Statement i's item; its memory is d's until the next read. */
vb_fam_item vb_fam_doc_item(const vb_fam_doc *d, size_t i);
/* YYYYMMDD of an ISO date "YYYY-MM-DD…"; a year alone ("1973": the UN
 * speeches) or a month ("1973-10") counts as the period's start, YYYY0000
 * or YYYYMM00, so it comes before the days in it and after every earlier
 * period. 0 when s is none of these. */
int32_t vb_fam_date(vb_str s);
/* d's analyser for a language (the index's full analysis), made when first
 * asked for and kept by d (at most 16 languages: a 17th replaces the
 * last made, so use it before asking for another). NULL on failure. */
an_analyzer *vb_fam_doc_analyzer(vb_fam_doc *d, vb_str lang, vb_err *err);

#endif
