/* print — a statement's fingerprint and the pair checks (family.h).
 * Hashing is 64-bit multiply/xor-shift mixing; MinHash uses 32-bit
 * seeded finalisers over each shingle's hash, so a signature costs
 * VB_FAM_HASHES of them per shingle, eight to a vector instruction. */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "family.h"
#include "analyze/analyze.h"

/* The verified pair check. Shingle counts stand for lengths (a statement
 * of n words has about n-1); the thresholds were chosen on UN speeches,
 * reading pairs on either side of each (docs/internals/family.md):
 * - shorter than NEAR_MIN_SHINGLES: only an exact repeat counts (a short
 *   sentence with one word changed is usually another sentence: "Then
 *   there is the question of the border / of the debt");
 * - Jaccard at least SAME_JACCARD; or LONG_JACCARD when the shorter has at
 *   least LONG_MIN_SHINGLES (a long sentence keeps its identity through
 *   more changes than a short one);
 * - or the shorter CONTAINED in the longer (a trimmed quote: a speaker
 *   quoting part of the Charter's preamble) when it has at least
 *   CONTAINED_MIN_SHINGLES. */
#define NEAR_MIN_SHINGLES 9
#define SAME_JACCARD 0.65
#define LONG_JACCARD 0.5
#define LONG_MIN_SHINGLES 19
#define CONTAINED 0.9
#define CONTAINED_MIN_SHINGLES 14

/* Translations: the anchors (entities, numbers, dates) must all agree and
 * be at least TR_MIN_ANCHORS, a number or a date among them (entities alone are shared by too many
 * statements: "the Security Council and the United Nations"); the word
 * sets (order aside) must share TR_WORDS. Possible: all agree but the
 * words share only TR_WORDS_POSSIBLE, or the words are close and a number
 * or date and at least one more anchor agree while others differ. */
#define TR_MIN_ANCHORS 2
#define TR_WORDS 0.6
#define TR_WORDS_POSSIBLE 0.4
/* Anchor kinds live in the hash's low two bits. */
#define KIND_MASK 3u
#define KIND_ENTITY 0u

static inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

/* A word's hash is the analysis's (an_word), so words it gives as it
 * analyses (vb_fam_words_given) are the words read any other way. */
static uint64_t hash_bytes(uint64_t seed, const char *s, size_t n) { return an_hash_seeded(seed, s, n); }

/* A word's flags from its surface text[start..end). */
static uint32_t word_flags(const char *text, uint32_t start, uint32_t end) {
  uint32_t flags = 0;
  int32_t cp;
  /* ASCII bytes read as they are: most words are all ASCII */
  unsigned char c = (unsigned char)text[start];
  if (c < 0x80 ? vb_is_ascii_upper(c) : (vb_utf8_next(text, end, start, &cp), vb_cp_is_upper(cp)))
    flags |= VB_FAM_CAP;
  for (uint32_t i = start; i < end;) {
    c = (unsigned char)text[i];
    if (c < 0x80) {
      i++;
      if (!vb_is_ascii_alpha(c)) continue;
    } else {
      i += (uint32_t)vb_utf8_next(text, end, i, &cp);
      if (!vb_cp_is_letter(cp)) continue;
    }
    return flags | VB_FAM_LETTER;
  }
  return flags;
}

/* The same, inline where the word begins with an ASCII letter (most do:
 * it has a letter, and a capital when that one is). */
static inline uint32_t word_flags_fast(const char *text, uint32_t start, uint32_t end) {
  unsigned char c = (unsigned char)text[start];
  if (vb_is_ascii_alpha(c)) return VB_FAM_LETTER | (vb_is_ascii_upper(c) ? VB_FAM_CAP : 0);
  return word_flags(text, start, end);
}

void vb_fam_word_set(vb_fam_word *w, const char *tok, size_t n, const char *text, uint32_t start,
                     uint32_t end) {
  w->hash = hash_bytes(0, tok, n);
  w->start = start;
  w->end = end;
  w->flags = word_flags(text, start, end);
}

typedef struct words_ctx {
  vb_fam_word *out;
  const char *text;
  size_t n, max;
  size_t base; /* subtracted from every span (a pre-analysed text's language mark) */
  int stable; /* tokens stay where they are given (a pre-analysed text), so */
  const char *tok; /* the last word's written form is hashed once no stem follows it */
  size_t ntok;
} words_ctx;

/* The last word is its written form: no stem came on its span. */
static void written_done(words_ctx *w) {
  if (w->tok) w->out[w->n - 1].hash = hash_bytes(0, w->tok, w->ntok);
  w->tok = NULL;
}

/* A word is its stem: the analysis gives "w|L" for a word that is its own
 * stem, and a written form w followed, on the same span, by its stem
 * "|L|s"; a word is hashed by w or s alone, untagged (one language per
 * statement), as judged pairs recorded it. A stem keeps its written
 * form's flags (the same span); from a pre-analysed text, a written form
 * is hashed only once the next token shows no stem replaces it. */
static int add_word(void *c, const char *tok, size_t n, size_t start, size_t end) {
  words_ctx *w = c;
  if (start < w->base || end < start) return 0; /* not a word of the text */
  start -= w->base;
  end -= w->base;
  int stem = n && tok[0] == AN_TAG;
  if (stem) {
    /* "|L|s": the tag after a language code of a few letters */
    size_t t = 1;
    while (t < n && tok[t] != AN_TAG) t++;
    if (t < n) {
      n -= t + 1;
      tok += t + 1;
    }
    vb_fam_word *prev = w->n ? &w->out[w->n - 1] : NULL;
    if (prev && prev->start == start && prev->end == end) {
      prev->hash = hash_bytes(0, tok, n);
      w->tok = NULL;
      return 0;
    }
  } else { /* its written form: what comes before a tag (an_token_written, without the call): "w|L",
             * the tag before a language code of at most AN_LANG_MAX letters, or none ("w") */
    size_t t = n, least = n > AN_LANG_MAX + 1 ? n - AN_LANG_MAX - 1 : 0;
    /* a two-letter code, most words' (the loop's answer, found at once) */
    if (n > 3 && tok[n - 3] == AN_TAG && tok[n - 2] != AN_TAG && tok[n - 1] != AN_TAG) t = n - 2;
    else
      while (t > least && tok[t - 1] != AN_TAG) t--;
    if (t > least) {
      if (t > 1) n = t - 1;
    } else if (least) { /* longer than a tag and a code: any tag is earlier than a code's end */
      const char *tag = memchr(tok, AN_TAG, least);
      if (tag && tag > tok) n = (size_t)(tag - tok);
    }
  }
  written_done(w);
  if (w->n == w->max) return 1; /* enough: stop */
  vb_fam_word *x = &w->out[w->n++];
  x->start = (uint32_t)start;
  x->end = (uint32_t)end;
  x->flags = word_flags_fast(w->text, x->start, x->end);
  if (stem || !w->stable) { /* a stem with no written form before it; an analyser's own buffer */
    x->hash = hash_bytes(0, tok, n);
  } else {
    w->tok = tok;
    w->ntok = n;
  }
  return 0;
}

long vb_fam_words(an_analyzer *an, const char *text, size_t len, vb_fam_word *out, size_t max) {
  words_ctx w = {out, text, 0, max, 0, 0, NULL, 0};
  int rc = an_words(an, text, len, add_word, &w);
  written_done(&w);
  if (rc && rc != 1) return -1;
  return (long)w.n;
}

long vb_fam_words_pre(const char *pre, size_t npre, const char *text, size_t base, vb_fam_word *out,
                      size_t max) {
  words_ctx w = {out, text, 0, max, base, 1, NULL, 0};
  int rc = an_pre_each_unchecked(pre, npre, add_word, &w); /* -1: the words given are dropped */
  written_done(&w);
  if (rc && rc != 1) return -1;
  return (long)w.n;
}

size_t vb_fam_words_given(const an_word *aw, size_t n, const char *text, vb_fam_word *out) {
  for (size_t i = 0; i < n; i++) {
    out[i].hash = aw[i].hash;
    out[i].start = aw[i].start;
    out[i].end = aw[i].end;
    out[i].flags = word_flags_fast(text, aw[i].start, aw[i].end);
  }
  return n;
}

size_t vb_fam_letter_words(const vb_fam_word *w, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += (w[i].flags & VB_FAM_LETTER) != 0;
  return k;
}

uint64_t vb_fam_exact(const vb_fam_word *w, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  for (size_t i = 0; i < n; i++) h = mix64(h ^ w[i].hash) + i;
  return mix64(h);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Sorts n hashes (insertion sort: a statement has a few dozen; qsort's
 * calls cost more than the moves) and drops repeats; returns how many stay. */
static size_t sort_unique_u32(uint32_t *v, size_t n) {
  if (n > 64) {
    qsort(v, n, sizeof *v, cmp_u32);
  } else {
    for (size_t i = 1; i < n; i++) {
      uint32_t x = v[i];
      size_t j = i;
      while (j && v[j - 1] > x) {
        v[j] = v[j - 1];
        j--;
      }
      v[j] = x;
    }
  }
  size_t u = n ? 1 : 0;
  for (size_t i = 1; i < n; i++)
    if (v[i] != v[u - 1]) v[u++] = v[i];
  return u;
}

/* Sorts n elements of el bytes and drops repeats; returns how many stay. */
static size_t sort_unique(void *v, size_t n, size_t el, int (*cmp)(const void *, const void *)) {
  if (n == 0) return 0;
  qsort(v, n, el, cmp);
  char *b = v;
  size_t u = 1;
  for (size_t i = 1; i < n; i++)
    if (memcmp(b + i * el, b + (u - 1) * el, el) != 0) memmove(b + u++ * el, b + i * el, el);
  return u;
}

/* Words that belong to a name: capitalised ones, and short lowercase
 * links of at most NAME_LINK_WORDS words of at most NAME_LINK_BYTES
 * bytes between two of them ("Conference on Security and Co-operation in
 * Europe", "Declaration of the Rights of the Child"). */
#define NAME_LINK_WORDS 2
#define NAME_LINK_BYTES 3

static void mark_names(const vb_fam_word *w, size_t n, uint8_t *name) {
  for (size_t i = 0; i < n; i++) name[i] = (w[i].flags & VB_FAM_CAP) != 0;
  for (size_t i = 1; i < n; i++) {
    if (name[i] || !name[i - 1]) continue;
    size_t k = i;
    while (k < n && k - i < NAME_LINK_WORDS && !name[k] && w[k].end - w[k].start <= NAME_LINK_BYTES) k++;
    if (k < n && k > i && name[k])
      for (size_t j = i; j < k; j++) name[j] = 1;
  }
}

size_t vb_fam_shingles(const vb_fam_word *w, size_t n, uint32_t *out) {
  return sort_unique_u32(out, vb_fam_shingles_unsorted(w, n, out));
}

size_t vb_fam_shingles_sort(uint32_t *sh, size_t n) { return sort_unique_u32(sh, n); }

size_t vb_fam_shingles_unsorted(const vb_fam_word *w, size_t n, uint32_t *out) {
  if (n == 0) return 0;
  if (n > VB_FAM_MAX_WORDS) n = VB_FAM_MAX_WORDS;
  uint8_t name[VB_FAM_MAX_WORDS];
  mark_names(w, n, name);
  size_t k = n < VB_FAM_SHINGLE ? n : VB_FAM_SHINGLE, m = 0;
  if (k == 2) { /* the loop below for two words, unrolled (most statements): the same hashes */
    for (size_t i = 0; i + 2 <= n; i++) {
      if (name[i] & name[i + 1]) continue; /* inside a name */
      uint64_t h = (w[i].hash << 29 | w[i].hash >> 35) ^ w[i + 1].hash;
      out[m++] = (uint32_t)((h * 0x9e3779b97f4a7c15ull) >> 32);
    }
    return m;
  }
  for (size_t i = 0; i + k <= n; i++) {
    /* the words' hashes are mixed already: rotated apart (so order
     * counts), then one multiply takes every bit into the top half */
    uint64_t h = 0;
    int all_name = 1;
    for (size_t j = 0; j < k; j++) {
      h = (h << 29 | h >> 35) ^ w[i + j].hash;
      all_name &= name[i + j];
    }
    if (all_name && k > 1) continue; /* inside a name */
    out[m++] = (uint32_t)((h * 0x9e3779b97f4a7c15ull) >> 32);
  }
  return m;
}

size_t vb_fam_wordset(const vb_fam_word *w, size_t n, uint32_t *out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if ((w[i].flags & (VB_FAM_LETTER | VB_FAM_CAP)) == VB_FAM_LETTER) out[m++] = (uint32_t)(w[i].hash >> 32);
  return sort_unique(out, m, sizeof *out, cmp_u32);
}

/* The MinHash loop is vectorised by the compiler; where the processor has
 * wider vectors (AVX2) a copy made for them is chosen when the
 * program starts (the same values: only the instructions differ). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE_VECTORS __attribute__((target_clones("avx2", "default")))
#else
#define WIDE_VECTORS
#endif

/* Hash function i's seed: the Weyl sequence's (i + 1)-th, with the
 * finaliser's first step (s ^ s >> 16) taken out of the loop below; a
 * table made by the compiler, not by each call. */
#define SEED_(s) ((s) ^ ((s) >> 16))
#define SEED(i) SEED_((uint32_t)((i) + 1u) * 0x9e3779b9u)
#define SEEDS8(b) SEED(b), SEED(b + 1), SEED(b + 2), SEED(b + 3), SEED(b + 4), SEED(b + 5), SEED(b + 6), SEED(b + 7)
static const uint32_t minhash_seed[64] = {SEEDS8(0),  SEEDS8(8),  SEEDS8(16), SEEDS8(24),
                                          SEEDS8(32), SEEDS8(40), SEEDS8(48), SEEDS8(56)};
_Static_assert(VB_FAM_HASHES <= 64, "minhash_seed holds 64 seeds");

void vb_fam_print_make(const vb_fam_word *w, size_t n, const uint32_t *sh, size_t nsh, vb_fam_print *p) {
  p->exact = vb_fam_exact(w, n);
  p->nwords = (uint32_t)n;
  p->nshingles = (uint32_t)nsh;
  vb_fam_bands(sh, nsh, p->band);
}

WIDE_VECTORS void vb_fam_bands(const uint32_t *sh, size_t nsh, uint32_t *band) {
  /* VB_FAM_SCHEME 2: hash function i is MurmurHash3's 32-bit finaliser
   * (but its last shift) of the shingle xor a seed of its own (a Weyl sequence), all in 32
   * bits, eight to a vector: the shingle's hash is already mixed, and a
   * finaliser is a bijection, so each function is a permutation of the
   * shingles and no two functions order them alike. Scheme 1 mixed each
   * shingle to 64 bits and took 64-bit multiply-shift functions: four
   * times the instructions (no 64-bit vector multiply before AVX-512). */
  uint32_t mins[VB_FAM_HASHES];
  for (int i = 0; i < VB_FAM_HASHES; i++) mins[i] = UINT32_MAX;
  for (size_t k = 0; k < nsh; k++) {
    uint32_t x = sh[k] ^ (sh[k] >> 16);
    /* unrolled whole, so the minima stay in vector registers */
#pragma GCC unroll 64
    for (int i = 0; i < VB_FAM_HASHES; i++) {
      uint32_t v = (x ^ minhash_seed[i]) * 0x85ebca6bu;
      v = (v ^ (v >> 13)) * 0xc2b2ae35u; /* the finaliser's last shift left out: the order
                                          * of the top bits is what a minimum reads */
      if (v < mins[i]) mins[i] = v;
    }
  }
  /* band j's start, mix64(j + 0x51), a constant once unrolled */
#pragma GCC unroll 16
  for (int j = 0; j < VB_FAM_BANDS; j++) {
    uint64_t h = mix64((uint64_t)j + 0x51);
    for (int r = 0; r < VB_FAM_ROWS; r++) h = mix64(h ^ mins[j * VB_FAM_ROWS + r]);
    band[j] = (uint32_t)(h >> 32);
  }
}

void vb_fam_compare(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, vb_fam_sim *out) {
  size_t i = 0, j = 0, shared = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) {
      i++;
    } else if (a[i] > b[j]) {
      j++;
    } else {
      shared++;
      i++;
      j++;
    }
  }
  out->shared = (uint32_t)shared;
  out->na = (uint32_t)na;
  out->nb = (uint32_t)nb;
  size_t uni = na + nb - shared, small = na < nb ? na : nb;
  out->jaccard = uni ? (double)shared / (double)uni : 0;
  out->containment = small ? (double)shared / (double)small : 0;
}

int vb_fam_same(const vb_fam_sim *s) {
  uint32_t small = s->na < s->nb ? s->na : s->nb;
  if (small < NEAR_MIN_SHINGLES) return 0;
  if (s->jaccard >= SAME_JACCARD) return 1;
  if (small >= LONG_MIN_SHINGLES && s->jaccard >= LONG_JACCARD) return 1;
  return small >= CONTAINED_MIN_SHINGLES && s->containment >= CONTAINED;
}

int vb_fam_near_possible(size_t nsh) {
  vb_fam_sim s = {(uint32_t)nsh, (uint32_t)nsh, (uint32_t)nsh, 1.0, 1.0};
  return nsh > 0 && vb_fam_same(&s);
}

uint64_t vb_fam_anchor(char kind, const char *s, size_t n) {
  uint64_t k = kind == 'N' ? 1 : kind == 'D' ? 2 : KIND_ENTITY;
  return (hash_bytes((uint64_t)(unsigned char)kind << 56, s, n) & ~(uint64_t)KIND_MASK) | k;
}

static int specific(uint64_t anchor) { return (anchor & KIND_MASK) != KIND_ENTITY; }

size_t vb_fam_anchors_sort(uint64_t *a, size_t n) { return sort_unique(a, n, sizeof *a, cmp_u64); }

vb_fam_tr vb_fam_translation(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
                             const vb_fam_sim *words) {
  size_t shared = 0, shared_specific = 0, sa = 0, sb = 0;
  for (size_t k = 0; k < nb; k++) sb += specific(b[k]);
  for (size_t k = 0; k < na; k++) {
    sa += specific(a[k]);
    /* anchors are few: a binary search of b for each of a */
    if (bsearch(&a[k], b, nb, sizeof *b, cmp_u64)) {
      shared++;
      shared_specific += specific(a[k]);
    }
  }
  if (na < TR_MIN_ANCHORS || nb < TR_MIN_ANCHORS || sa == 0 || sb == 0) return VB_TR_NO;
  if (shared == na && shared == nb) {
    if (words->jaccard >= TR_WORDS) return VB_TR_YES;
    if (words->jaccard >= TR_WORDS_POSSIBLE) return VB_TR_POSSIBLE;
    return VB_TR_NO;
  }
  if (shared_specific >= 1 && shared >= 2 && words->jaccard >= TR_WORDS) return VB_TR_POSSIBLE;
  return VB_TR_NO;
}
