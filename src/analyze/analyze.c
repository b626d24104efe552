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

/* Words longer than this are indexed folded but not stemmed. */
#define MAX_STEM_BYTES 128
/* Languages one termer keeps analysers for; beyond, words are folded only. */
#define TERMER_LANGS 16
/* Forms of one query word, at most: its folded form and a stem per
 * language of its script. */
#define MAX_FORMS 16

static const char *const stemmers[][2] = {
    {"en", "english"}, {"ar", "arabic"},   {"ru", "russian"},    {"tr", "turkish"},
    {"fr", "french"},  {"de", "german"},   {"es", "spanish"},    {"it", "italian"},
    {"pt", "portuguese"}, {"nl", "dutch"}, {"sv", "swedish"},    {"da", "danish"},
    {"no", "norwegian"}, {"fi", "finnish"}, {"hu", "hungarian"}, {"ro", "romanian"},
    {"el", "greek"},   {"id", "indonesian"}, {"ca", "catalan"},  {"lt", "lithuanian"},
    {"sr", "serbian"}, {"hi", "hindi"},    {"ga", "irish"},      {"hy", "armenian"},
    {"eu", "basque"},  {"ne", "nepali"},   {"ta", "tamil"},      {"yi", "yiddish"}};

/* Query words are stemmed in each language of their script. */
static const char *const latin_langs[] = {"en", "fr", "de", "es", "tr", "it", "pt", "nl"};

/* Stems of recent words, direct-mapped: word frequencies are Zipfian, so
 * a few thousand slots spare most calls into the stemmer. */
#define STEM_CACHE_SLOTS 4096
#define STEM_CACHE_WORD 23

typedef struct stem_slot {
  uint8_t wlen, slen;
  char word[STEM_CACHE_WORD], stem[STEM_CACHE_WORD];
} stem_slot;

struct an_analyzer {
  char lang[AN_LANG_MAX + 1];
  int mode;
  struct sb_stemmer *stem;
  char *buf; /* folded word */
  size_t cap;
  stem_slot *cache; /* NULL without a stemmer */
};

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
  const char *name = mode == AN_FULL ? stemmer_name(an->lang) : NULL;
  if (name && !(an->stem = sb_stemmer_new(name, "UTF_8"))) {
    free(an);
    return vb_err_set(err, VB_ENOMEM, "", -1, "cannot create %s stemmer", name);
  }
  an->cap = 256;
  an->buf = malloc(an->cap);
  if (an->stem) an->cache = calloc(STEM_CACHE_SLOTS, sizeof *an->cache);
  if (!an->buf || (an->stem && !an->cache)) {
    an_analyzer_free(an);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  *out = an;
  return VB_OK;
}

void an_analyzer_free(an_analyzer *an) {
  if (!an) return;
  if (an->stem) sb_stemmer_delete(an->stem);
  free(an->cache);
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

static int emit(an_analyzer *an, const char *text, size_t b, size_t e, int ascii, an_token_fn fn,
                void *ctx) {
  long n = fold_word(an, text, b, e, ascii);
  if (n < 0) return VB_ENOMEM;
  if (n == 0) return 0;
  if (an->stem && n <= MAX_STEM_BYTES) {
    stem_slot *slot = NULL;
    if (n <= STEM_CACHE_WORD) {
      uint32_t h = 2166136261u;
      for (long i = 0; i < n; i++) h = (h ^ (unsigned char)an->buf[i]) * 16777619u;
      slot = &an->cache[h % STEM_CACHE_SLOTS];
      if (slot->wlen == n && memcmp(slot->word, an->buf, (size_t)n) == 0)
        return fn(ctx, slot->stem, slot->slen, b, e);
    }
    const sb_symbol *st = sb_stemmer_stem(an->stem, (const sb_symbol *)an->buf, (int)n);
    if (st) {
      size_t sl = (size_t)sb_stemmer_length(an->stem);
      if (slot && sl <= STEM_CACHE_WORD) {
        slot->wlen = (uint8_t)n;
        slot->slen = (uint8_t)sl;
        memcpy(slot->word, an->buf, (size_t)n);
        memcpy(slot->stem, st, sl);
      }
      return fn(ctx, (const char *)st, sl, b, e);
    }
  }
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
  unsigned char h[2] = {(unsigned char)(n & 0xFF), (unsigned char)(n >> 8)};
  uint32_t se[2] = {(uint32_t)(e->base + start), (uint32_t)(e->base + end)};
  vb_buf_add(e->out, (const char *)h, 2);
  vb_buf_add(e->out, tok, n);
  vb_buf_add(e->out, (const char *)se, sizeof se);
  return e->out->failed ? VB_ENOMEM : 0;
}

int an_termer_encode(an_termer *t, const char *text, size_t len, vb_buf *out) {
  char lang[AN_LANG_MAX + 1];
  size_t base = an_read_mark(text, len, lang);
  an_analyzer *an = lang[0] ? an_termer_lang(t, lang) : t->fold;
  if (!an) return VB_ENOMEM;
  vb_buf_add(out, PRE_MAGIC, PRE_MAGIC_LEN);
  enc_ctx e = {out, base};
  int rc = an_words(an, text + base, len - base, encode_token, &e);
  return rc || out->failed ? VB_ENOMEM : 0;
}

/* Replays a pre-analysed text, checked whole before any token goes out;
 * -1 when it is not one. */
static int replay(const char *text, size_t len, an_token_fn fn, void *ctx) {
  if (len < PRE_MAGIC_LEN || memcmp(text, PRE_MAGIC, PRE_MAGIC_LEN) != 0) return -1;
  for (int pass = 0; pass < 2; pass++) {
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

int an_pre_each(const char *text, size_t len, an_token_fn fn, void *ctx) { return replay(text, len, fn, ctx); }

/* ---- query words ------------------------------------------------------------ */

/* Which stemmers a query word might have been indexed with. */
static void candidate_langs(int32_t cp, const char *const **langs, size_t *n) {
  static const char *const ru[] = {"ru"}, *const ar[] = {"ar"};
  if (cp >= 0x400 && cp <= 0x52F) {
    *langs = ru;
    *n = 1;
  } else if (cp >= 0x600 && cp <= 0x6FF) {
    *langs = ar;
    *n = 1;
  } else if (cp < 0x250) {
    *langs = latin_langs;
    *n = sizeof latin_langs / sizeof *latin_langs;
  } else {
    *n = 0;
  }
}

typedef struct forms_ctx {
  an_termer *t;
  an_form_fn fn;
  void *ctx;
  int prefix;
} forms_ctx;

/* A folded word, then its stems in every language of its script. */
static int one_word(void *c, const char *tok, size_t n, size_t start, size_t end) {
  forms_ctx *f = c;
  int rc = f->fn(f->ctx, tok, n, start, end, 1);
  if (rc || f->prefix || n > MAX_STEM_BYTES) return rc;
  struct {
    const char *p;
    size_t n;
  } seen[MAX_FORMS];
  char first[MAX_STEM_BYTES + 1];
  memcpy(first, tok, n);
  seen[0].p = first;
  seen[0].n = n;
  int nseen = 1;
  int32_t cp;
  vb_utf8_next(tok, n, 0, &cp);
  const char *const *langs;
  size_t nl;
  candidate_langs(cp, &langs, &nl);
  /* each stem is kept in its stemmer's buffer only until the next call on
   * it: the ones already given are remembered as copies */
  char kept[MAX_FORMS][MAX_STEM_BYTES + 1];
  for (size_t i = 0; i < nl; i++) {
    an_analyzer *an = an_termer_lang(f->t, langs[i]);
    if (!an) return VB_ENOMEM;
    if (!an->stem) continue;
    const sb_symbol *st = sb_stemmer_stem(an->stem, (const sb_symbol *)first, (int)n);
    if (!st) return VB_ENOMEM;
    size_t sl = (size_t)sb_stemmer_length(an->stem);
    int dup = sl > MAX_STEM_BYTES;
    for (int k = 0; k < nseen && !dup; k++) dup = seen[k].n == sl && memcmp(seen[k].p, st, sl) == 0;
    if (dup) continue;
    if (nseen < MAX_FORMS) {
      memcpy(kept[nseen], st, sl);
      seen[nseen].p = kept[nseen];
      seen[nseen++].n = sl;
    }
    if ((rc = f->fn(f->ctx, (const char *)st, sl, start, end, 0))) return rc;
  }
  return 0;
}

int an_query_forms(an_termer *t, const char *text, size_t len, int prefix, an_form_fn fn, void *ctx) {
  forms_ctx f = {t, fn, ctx, prefix};
  return an_words(t->fold, text, len, one_word, &f);
}
