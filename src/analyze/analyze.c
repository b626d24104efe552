/* analyze — see analyze.h. ASCII words take a fast path (lowercase in
 * place); other words go through utf8proc once and a small Arabic letter
 * map. One Snowball stemmer per analyzer: they are not thread-safe. */
#include "analyze/analyze.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/text.h"
#include "core/wordlist.h"

/* Words longer than this are indexed folded but not stemmed. */
#define MAX_STEM_BYTES 128
/* Languages one termer keeps analysers for; beyond, words are folded only. */
#define TERMER_LANGS 16

static const char *const stemmers[][2] = {
    {"en", "english"}, {"ar", "arabic"},   {"ru", "russian"},    {"tr", "turkish"},
    {"fr", "french"},  {"de", "german"},   {"es", "spanish"},    {"it", "italian"},
    {"pt", "portuguese"}, {"nl", "dutch"}, {"sv", "swedish"},    {"da", "danish"},
    {"no", "norwegian"}, {"fi", "finnish"}, {"hu", "hungarian"}, {"ro", "romanian"},
    {"el", "greek"},   {"id", "indonesian"}, {"ca", "catalan"},  {"lt", "lithuanian"},
    {"sr", "serbian"}, {"hi", "hindi"},    {"ga", "irish"},      {"hy", "armenian"},
    {"eu", "basque"},  {"ne", "nepali"},   {"ta", "tamil"},      {"yi", "yiddish"}};


/* Stems of recent words, two ways per set: word frequencies are Zipfian,
 * so a few thousand slots spare most calls into the stemmer, and a second
 * way keeps a frequent word that a rare one maps onto (a direct-mapped
 * cache called the stemmer for 26,759 of 342,211 words of 120 UN
 * speeches, 13,303 distinct: half of the calls were such collisions). */
#define STEM_CACHE_SLOTS 16384
#define STEM_CACHE_WORD 23
/* The cache is made once an analyser has stemmed this many words: its
 * 768 KiB are new memory, and an analyser made for a search's snippets
 * (a few hundred words at random slots) touched most of its pages, each
 * a page fault of 10-20 us on this project's VMs: ~190 a search, more
 * time than the stemmer calls it spared. */
#define STEM_CACHE_AFTER 4096

typedef struct stem_slot {
  uint64_t hash; /* the stem's an_word hash */
  uint8_t wlen, slen;
  char word[STEM_CACHE_WORD], stem[STEM_CACHE_WORD];
} stem_slot;

/* Where an analysis gives its words (an_termer_encode_words). */
typedef struct word_sink {
  an_word *w;
  size_t n, max;
} word_sink;

struct an_analyzer {
  char lang[AN_LANG_MAX + 1];
  size_t langlen;
  int mode;
  struct sb_stemmer *stem;
  char *buf; /* folded word */
  size_t cap;
  stem_slot *cache; /* NULL without a stemmer or before STEM_CACHE_AFTER
                     * words; a slot holds a stem once */
  uint32_t stemmed; /* words stemmed without the cache */
  uint64_t *filled; /* its bit is set: the cache is not cleared when made
                     * (an analyser made per search would clear 768 KiB) */
  word_sink *sink;  /* words given here too, while an encode asks for them */
};

static inline void sink_word(an_analyzer *an, uint64_t hash, size_t b, size_t e) {
  word_sink *k = an->sink;
  if (k->n < k->max) k->w[k->n++] = (an_word){hash, (uint32_t)b, (uint32_t)e};
}

static const char *stemmer_name(const char *lang) {
  if (!lang) return NULL;
  for (size_t i = 0; i < sizeof stemmers / sizeof *stemmers; i++)
    if (strcmp(lang, stemmers[i][0]) == 0) return stemmers[i][1];
  return NULL;
}

int an_analyzer_new(const char *lang, int mode, an_analyzer **out, vb_err *err) {
  *out = NULL;
  an_analyzer *an = calloc(1, sizeof *an);
  if (!an) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  an->mode = mode;
  snprintf(an->lang, sizeof an->lang, "%s", lang ? lang : "");
  an->langlen = strlen(an->lang);
  const char *name = mode == AN_FULL ? stemmer_name(an->lang) : NULL;
  if (name && !(an->stem = sb_stemmer_new(name, "UTF_8"))) {
    free(an);
    return vb_err_set(err, VB_ENOMEM, "", -1, "cannot create %s stemmer", name);
  }
  an->cap = 256;
  an->buf = malloc(an->cap);
  if (!an->buf) {
    an_analyzer_free(an);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  *out = an;
  return VB_OK;
}

size_t an_cache_bytes(const an_analyzer *an) {
  return an->cache ? STEM_CACHE_SLOTS * sizeof *an->cache : 0;
}

void an_analyzer_free(an_analyzer *an) {
  if (!an) return;
  if (an->stem) sb_stemmer_delete(an->stem);
  free(an->cache);
  free(an->filled);
  free(an->buf);
  free(an);
}

static int reserve(an_analyzer *an, size_t need) {
  if (need <= an->cap) return 0;
  size_t cap = an->cap;
  while (cap < need) cap *= 2;
  char *b = realloc(an->buf, cap);
  if (!b) return -1;
  an->buf = b;
  an->cap = cap;
  return 0;
}

static int is_word_cp(int32_t cp) {
  if (cp < 0x80)
    return vb_is_ascii_alpha((unsigned char)cp) || vb_is_ascii_digit((unsigned char)cp);
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Folds text[b..e) into an->buf; returns the folded length or -1. */
static long fold_word(an_analyzer *an, const char *text, size_t b, size_t e, int ascii) {
  size_t n = e - b;
  if (ascii) {
    if (reserve(an, n + 1)) return -1;
    for (size_t i = 0; i < n; i++) an->buf[i] = (char)vb_ascii_lower((unsigned char)text[b + i]);
    return (long)n;
  }
  char *folded = NULL;
  long k = vb_fold_text(text + b, n, &folded);
  if (k == -2) return 0; /* not valid text: no token */
  if (k < 0 || reserve(an, (size_t)k + 1)) {
    free(folded);
    return -1;
  }
  memcpy(an->buf, folded, (size_t)k);
  free(folded);
  return k;
}

/* A stemmed word's tokens: "w|L" when its stem is the word itself, else
 * the written form w and, on the same span (colocated), "|L|s". */
static int emit_stemmed(an_analyzer *an, long n, const char *st, size_t sl, size_t b, size_t e,
                        an_token_fn fn, void *ctx) {
#ifdef VB_BENCH_PLAIN_ANALYSIS
  /* the benchmarks' baseline (bench/analysis-ingest.sh): the index before
   * issue 14, as e6bab44 made it, one untagged stem a word in the text's
   * language, no written form beside it; an archive of it is for timing
   * ingest only (queries look for tagged forms) */
  (void)an;
  (void)n;
  return fn(ctx, st, sl, b, e);
#endif
  size_t ll = an->langlen;
  if (sl == (size_t)n && memcmp(st, an->buf, sl) == 0) {
    if (reserve(an, (size_t)n + ll + 2)) return VB_ENOMEM;
    an->buf[n] = AN_TAG;
    memcpy(an->buf + n + 1, an->lang, ll);
    return fn(ctx, an->buf, (size_t)n + 1 + ll, b, e);
  }
  int rc = fn(ctx, an->buf, (size_t)n, b, e);
  if (rc) return rc;
  if (reserve(an, sl + ll + 3)) return VB_ENOMEM;
  an->buf[0] = AN_TAG;
  memcpy(an->buf + 1, an->lang, ll);
  an->buf[ll + 1] = AN_TAG;
  memcpy(an->buf + ll + 2, st, sl);
  return fn(ctx, an->buf, sl + ll + 2, b, e);
}

static int emit(an_analyzer *an, const char *text, size_t b, size_t e, int ascii, an_token_fn fn,
                void *ctx) {
  long n = fold_word(an, text, b, e, ascii);
  if (n < 0) return VB_ENOMEM;
  if (n == 0) return 0;
  if (an->stem && n <= MAX_STEM_BYTES) {
    stem_slot *slot = NULL;
    if (!an->cache && ++an->stemmed >= STEM_CACHE_AFTER) {
      an->cache = malloc(STEM_CACHE_SLOTS * sizeof *an->cache);
      an->filled = calloc(STEM_CACHE_SLOTS / 64, sizeof *an->filled);
      if (!an->cache || !an->filled) {
        free(an->cache);
        free(an->filled);
        an->cache = NULL;
        an->filled = NULL;
        return VB_ENOMEM;
      }
    }
    if (an->cache && n <= STEM_CACHE_WORD) {
      uint32_t h = 2166136261u;
      for (long i = 0; i < n; i++) h = (h ^ (unsigned char)an->buf[i]) * 16777619u;
      uint32_t i = h % STEM_CACHE_SLOTS & ~1u; /* the set: slots i, i + 1 */
      slot = &an->cache[i];
      if (!(an->filled[i / 64] >> (i % 64) & 1)) {
        slot[0].wlen = slot[1].wlen = 0; /* never held a word: filled below */
        an->filled[i / 64] |= (uint64_t)1 << (i % 64);
      } else {
        for (int w = 0; w < 2; w++)
          if (slot[w].wlen == n && memcmp(slot[w].word, an->buf, (size_t)n) == 0) {
            if (an->sink) sink_word(an, slot[w].hash, b, e);
            return emit_stemmed(an, n, slot[w].stem, slot[w].slen, b, e, fn, ctx);
          }
        slot[1] = slot[0]; /* the newer word first; the older of the two goes */
      }
    }
    const sb_symbol *st = sb_stemmer_stem(an->stem, (const sb_symbol *)an->buf, (int)n);
    if (st) {
      size_t sl = (size_t)sb_stemmer_length(an->stem);
      uint64_t hash = an_hash_seeded(0, (const char *)st, sl);
      if (slot && sl <= STEM_CACHE_WORD) {
        slot->hash = hash;
        slot->wlen = (uint8_t)n;
        slot->slen = (uint8_t)sl;
        memcpy(slot->word, an->buf, (size_t)n);
        memcpy(slot->stem, st, sl);
        st = (const sb_symbol *)slot->stem;
      }
      if (an->sink) sink_word(an, hash, b, e);
      return emit_stemmed(an, n, (const char *)st, sl, b, e, fn, ctx);
    }
  }
  if (an->sink) sink_word(an, an_hash_seeded(0, an->buf, (size_t)n), b, e);
  return fn(ctx, an->buf, (size_t)n, b, e);
}

int an_words(an_analyzer *an, const char *text, size_t len, an_token_fn fn, void *ctx) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80 && !vb_is_ascii_alpha(c) && !vb_is_ascii_digit(c)) {
      i++;
      continue;
    }
    int32_t cp;
    size_t k = vb_utf8_next(text, len, i, &cp);
    if (!is_word_cp(cp)) {
      i += k;
      continue;
    }
    size_t b = i;
    int ascii = 1;
    while (i < len) {
      c = (unsigned char)text[i];
      if (c < 0x80) {
        if (!vb_is_ascii_alpha(c) && !vb_is_ascii_digit(c)) break;
        i++;
        continue;
      }
      k = vb_utf8_next(text, len, i, &cp);
      if (!is_word_cp(cp)) break;
      ascii = 0;
      i += k;
    }
    int rc = emit(an, text, b, i, ascii, fn, ctx);
    if (rc) return rc;
  }
  return 0;
}

size_t an_lang_mark(const char *lang, size_t n, char *buf, size_t cap) {
  if (!lang || n == 0 || n + 2 > cap || n > 5) return 0;
  buf[0] = AN_LANG_MARK;
  memcpy(buf + 1, lang, n);
  buf[n + 1] = AN_LANG_MARK;
  return n + 2;
}

size_t an_read_mark(const char *text, size_t len, char lang[AN_LANG_MAX + 1]) {
  lang[0] = '\0';
  if (len < 2 || text[0] != AN_LANG_MARK) return 0;
  const char *end = memchr(text + 1, AN_LANG_MARK, len - 1 < 8 ? len - 1 : 8);
  if (!end) return 0;
  size_t n = (size_t)(end - text - 1);
  if (n <= AN_LANG_MAX) {
    memcpy(lang, text + 1, n);
    lang[n] = '\0';
  }
  return n + 2;
}

/* ---- a thread's analysers ------------------------------------------------ */

struct an_termer {
  struct {
    char lang[AN_LANG_MAX + 1];
    an_analyzer *an;
  } full[TERMER_LANGS];
  int nfull;
  an_analyzer *fold;
};

int an_termer_new(an_termer **out, vb_err *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  int rc = an_analyzer_new(NULL, AN_FOLD, &(*out)->fold, err);
  if (rc) {
    free(*out);
    *out = NULL;
  }
  return rc;
}

void an_termer_free(an_termer *t) {
  if (!t) return;
  for (int i = 0; i < t->nfull; i++) an_analyzer_free(t->full[i].an);
  an_analyzer_free(t->fold);
  free(t);
}

an_analyzer *an_termer_fold(an_termer *t) { return t->fold; }

an_analyzer *an_termer_lang(an_termer *t, const char *lang) {
  for (int i = 0; i < t->nfull; i++)
    if (strcmp(t->full[i].lang, lang) == 0) return t->full[i].an;
  if (t->nfull == TERMER_LANGS) return t->fold;
  an_analyzer *an;
  if (an_analyzer_new(lang, AN_FULL, &an, NULL)) return NULL;
  snprintf(t->full[t->nfull].lang, sizeof t->full[t->nfull].lang, "%s", lang);
  t->full[t->nfull++].an = an;
  return an;
}

/* ---- pre-analysed text ----------------------------------------------------
 * MAGIC, then per token: length (2 bytes, little-endian), the token, start
 * and end (4 bytes each) as the index would have been told them. */
#define PRE_MAGIC "\x1e\x1evbt1"
#define PRE_MAGIC_LEN 6

typedef struct enc_ctx {
  vb_buf *out;
  size_t base;
} enc_ctx;

static int encode_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  enc_ctx *e = c;
  if (n > 0xFFFF) return 0; /* no index keeps such a token */
  uint32_t se[2] = {(uint32_t)(e->base + start), (uint32_t)(e->base + end)};
  /* one reservation per token: this runs for every word of every
   * statement, so room already there is taken without a call (the buffer
   * never holds more than its max: cap is kept within it) */
  vb_buf *o = e->out;
  size_t need = 2 + n + sizeof se;
  char *at;
  if (!o->failed && need < o->cap - o->len) {
    at = o->ptr + o->len;
    o->len += need;
    o->ptr[o->len] = '\0';
  } else if (!(at = vb_buf_extend(o, need))) {
    return VB_ENOMEM;
  }
  at[0] = (char)(n & 0xFF);
  at[1] = (char)(n >> 8);
  memcpy(at + 2, tok, n);
  memcpy(at + 2 + n, se, sizeof se);
  return 0;
}

static int encode(an_termer *t, const char *text, size_t len, vb_buf *out, word_sink *sink) {
  char lang[AN_LANG_MAX + 1];
  size_t base = an_read_mark(text, len, lang);
  an_analyzer *an = lang[0] ? an_termer_lang(t, lang) : t->fold;
  if (!an) return VB_ENOMEM;
  vb_buf_add(out, PRE_MAGIC, PRE_MAGIC_LEN);
  enc_ctx e = {out, base};
  an->sink = sink;
  int rc = an_words(an, text + base, len - base, encode_token, &e);
  an->sink = NULL;
  return rc || out->failed ? VB_ENOMEM : 0;
}

int an_termer_encode(an_termer *t, const char *text, size_t len, vb_buf *out) {
  return encode(t, text, len, out, NULL);
}

int an_termer_encode_words(an_termer *t, const char *text, size_t len, vb_buf *out, an_word *words, size_t max,
                           size_t *nwords) {
  word_sink sink = {words, 0, max};
  int rc = encode(t, text, len, out, &sink);
  *nwords = sink.n;
  return rc;
}

/* Replays a pre-analysed text, checked whole before any token goes out;
 * -1 when it is not one. */
static int replay(const char *text, size_t len, int checked, an_token_fn fn, void *ctx) {
  if (len < PRE_MAGIC_LEN || memcmp(text, PRE_MAGIC, PRE_MAGIC_LEN) != 0) return -1;
  for (int pass = checked ? 0 : 1; pass < 2; pass++) {
    size_t i = PRE_MAGIC_LEN;
    while (i < len) {
      if (len - i < 2) return -1;
      size_t n = (unsigned char)text[i] | (size_t)(unsigned char)text[i + 1] << 8;
      if (len - i - 2 < n + 8) return -1;
      uint32_t se[2];
      memcpy(se, text + i + 2 + n, sizeof se);
      if (pass == 1) {
        int rc = fn(ctx, text + i + 2, n, se[0], se[1]);
        if (rc) return rc;
      }
      i += 2 + n + 8;
    }
  }
  return 0;
}

int an_pre_each(const char *text, size_t len, an_token_fn fn, void *ctx) { return replay(text, len, 1, fn, ctx); }

int an_pre_each_unchecked(const char *text, size_t len, an_token_fn fn, void *ctx) {
  return replay(text, len, 0, fn, ctx);
}

/* ---- query words ------------------------------------------------------------ */

/* The script a word is written in, by its first letter, and the script of
 * a language's stemmer: a query word is stemmed only in the languages of
 * its script. */
enum { SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC, SCRIPT_OTHER };

static int word_script(int32_t cp) {
  if (cp >= 0x400 && cp <= 0x52F) return SCRIPT_CYRILLIC;
  if (cp >= 0x600 && cp <= 0x6FF) return SCRIPT_ARABIC;
  return cp < 0x250 ? SCRIPT_LATIN : SCRIPT_OTHER;
}

static int lang_script(const char *lang) {
  static const char *const other[] = {"el", "hi", "hy", "ne", "ta", "yi"};
  if (strcmp(lang, "ru") == 0) return SCRIPT_CYRILLIC;
  if (strcmp(lang, "ar") == 0) return SCRIPT_ARABIC;
  for (size_t i = 0; i < sizeof other / sizeof *other; i++)
    if (strcmp(lang, other[i]) == 0) return SCRIPT_OTHER;
  return SCRIPT_LATIN;
}

static size_t nchars(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

typedef struct forms_ctx {
  an_termer *t;
  const char *langs;
  int written; /* every word's written form, needed or not */
  an_form_fn fn;
  void *ctx;
  int prefix;
  int given;                        /* forms given for the current word */
  char pending[MAX_STEM_BYTES + 1]; /* a prefix's word not yet known to be its last */
  size_t npending;                  /* its length + 1; 0: none */
  size_t pstart, pend;
} forms_ctx;

static int give(forms_ctx *f, const char *form, size_t n, size_t start, size_t end) {
  return f->fn(f->ctx, form, n, start, end, f->given++ == 0);
}

/* Gives the tagged forms of stem st in language lang: "st|lang" (a word
 * that is its own stem) and "|lang|st" (a word stemmed to st). */
static int tagged_forms(forms_ctx *f, const char *lang, const char *st, size_t sl, size_t start, size_t end) {
  char form[MAX_STEM_BYTES + AN_LANG_MAX + 3];
  size_t ll = strlen(lang);
  memcpy(form, st, sl);
  form[sl] = AN_TAG;
  memcpy(form + sl + 1, lang, ll);
  int rc = give(f, form, sl + 1 + ll, start, end);
  if (rc) return rc;
  form[0] = AN_TAG;
  memcpy(form + 1, lang, ll);
  form[ll + 1] = AN_TAG;
  memcpy(form + ll + 2, st, sl);
  return give(f, form, sl + ll + 2, start, end);
}

/* The query word's stem in one language, unless the language is of
 * another script, or the stem is cut too short to mean the word (shorter
 * than AN_MIN_STEM_CHARS) or cut to an English function word
 * (data/function-words.txt). A stem is tagged with its language: German
 * stems "forest" to "for", which would meet German statements only, but
 * English words stand in German text too ("Skype for Business").
 * emit 0: nothing is given; *missed says whether a statement of lang
 * could hold the word as written alone (its stem is not the word) where
 * no stem given reaches it. */
static int stem_in(forms_ctx *f, const char *lang, int script, const char *word, size_t n, size_t start,
                   size_t end, int emit, int *missed) {
  an_analyzer *an = an_termer_lang(f->t, lang);
  if (!an) return VB_ENOMEM;
  if (!an->stem) return 0;
  const sb_symbol *st = sb_stemmer_stem(an->stem, (const sb_symbol *)word, (int)n);
  if (!st) return VB_ENOMEM;
  size_t sl = (size_t)sb_stemmer_length(an->stem);
  int itself = sl == n && memcmp(st, word, n) == 0;
  if (lang_script(lang) != script || sl > MAX_STEM_BYTES ||
      (!itself && (nchars((const char *)st, sl) < AN_MIN_STEM_CHARS ||
                   vb_wl_has(VB_WL_FUNCTION_WORDS, (const char *)st, sl)))) {
    if (!itself) *missed = 1;
    return 0;
  }
  return emit ? tagged_forms(f, lang, (const char *)st, sl, start, end) : 0;
}

/* Each language of the list in turn: its stems given (emit 1), or only
 * whether one misses the word (emit 0). */
static int each_lang(forms_ctx *f, const char *word, size_t n, size_t start, size_t end, int emit, int *missed) {
  int32_t cp;
  vb_utf8_next(word, n, 0, &cp);
  int script = word_script(cp), rc = 0;
  for (const char *p = f->langs ? f->langs : AN_DEFAULT_LANGS; *p && !rc;) {
    size_t k = strcspn(p, ",");
    char lang[AN_LANG_MAX + 1];
    if (k > 0 && k <= AN_LANG_MAX) {
      memcpy(lang, p, k);
      lang[k] = '\0';
      rc = stem_in(f, lang, script, word, n, start, end, emit, missed);
    }
    p += k + (p[k] == ',');
  }
  return rc;
}

/* A folded word's forms: its written form where needed, then its tagged
 * stems in each language asked for. The written form is looked up as a
 * whole doclist of its own, as costly as a stem's (NEAR walks its
 * positions too), so it is left out where the stems find all it would. */
static int full_forms(forms_ctx *f, const char *tok, size_t n, size_t start, size_t end) {
  f->given = 0;
  if (n > MAX_STEM_BYTES) return give(f, tok, n, start, end); /* indexed unstemmed */
  char word[MAX_STEM_BYTES + 1];
  memcpy(word, tok, n);
  word[n] = '\0';
  int missed = f->written, rc = 0;
  if (!missed) rc = each_lang(f, word, n, start, end, 0, &missed);
  if (!rc && missed) rc = give(f, tok, n, start, end);
  if (!rc) rc = each_lang(f, word, n, start, end, 1, &missed);
  if (!rc && !f->given) rc = give(f, tok, n, start, end); /* a word of no form keeps its place */
  return rc;
}

/* In a prefix ("nuclear weap"*) only the last word is a prefix, of the
 * written form; the words before it are whole words: each word waits
 * until the next shows it was not the last. */
static int one_word(void *c, const char *tok, size_t n, size_t start, size_t end) {
  forms_ctx *f = c;
  if (!f->prefix) return full_forms(f, tok, n, start, end);
  int rc = 0;
  if (f->npending) rc = full_forms(f, f->pending, f->npending - 1, f->pstart, f->pend);
  f->npending = 0;
  if (rc) return rc;
  if (n > MAX_STEM_BYTES) {
    f->given = 0;
    return give(f, tok, n, start, end);
  }
  memcpy(f->pending, tok, n);
  f->npending = n + 1;
  f->pstart = start;
  f->pend = end;
  return 0;
}

int an_query_forms(an_termer *t, const an_langs *langs, const char *text, size_t len, int prefix, an_form_fn fn,
                   void *ctx) {
  forms_ctx f = {t, langs ? langs->list : NULL, !langs || langs->written, fn, ctx, prefix, 0, {0}, 0, 0, 0};
  int rc = an_words(t->fold, text, len, one_word, &f);
  if (!rc && f.npending) rc = fn(ctx, f.pending, f.npending - 1, f.pstart, f.pend, 1);
  return rc;
}

size_t an_token_written(const char *tok, size_t n) {
  if (n == 0 || tok[0] == AN_TAG) return 0;
  const char *tag = memchr(tok, AN_TAG, n);
  return tag ? (size_t)(tag - tok) : n;
}

size_t an_stem_key(const char *tok, size_t n, char *buf, size_t cap) {
  if (n + 1 > cap) return 0;
  const char *tag = n && tok[0] != AN_TAG ? memchr(tok, AN_TAG, n) : NULL;
  if (!tag) {
    memcpy(buf, tok, n);
    return n;
  }
  size_t w = (size_t)(tag - tok), ll = n - w - 1;
  buf[0] = AN_TAG;
  memcpy(buf + 1, tag + 1, ll);
  buf[ll + 1] = AN_TAG;
  memcpy(buf + ll + 2, tok, w);
  return n + 1;
}

int an_langs_add(char *list, size_t cap, const char *lang, size_t n) {
  char code[AN_LANG_MAX + 1];
  if (!lang || n == 0 || n > AN_LANG_MAX) return 0;
  memcpy(code, lang, n);
  code[n] = '\0';
  if (!stemmer_name(code)) return 0;
  for (const char *p = list; *p;) {
    size_t k = strcspn(p, ",");
    if (k == n && memcmp(p, code, n) == 0) return 0;
    p += k + (p[k] == ',');
  }
  size_t len = strlen(list);
  if (len + (len > 0) + n + 1 > cap) return 0;
  if (len) list[len++] = ',';
  memcpy(list + len, code, n + 1);
  return 1;
}

void an_langs_note(an_langs *l, const char *lang, size_t n) {
  char code[AN_LANG_MAX + 1];
  int stemmed = lang && n > 0 && n <= AN_LANG_MAX;
  if (stemmed) {
    memcpy(code, lang, n);
    code[n] = '\0';
    stemmed = stemmer_name(code) != NULL;
  }
  if (stemmed) an_langs_add(l->list, sizeof l->list, lang, n);
  else l->written = 1;
}
