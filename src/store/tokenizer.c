/* tokenizer — see tokenizer.h. ASCII words take a fast path (lowercase in
 * place); other words go through utf8proc once and a small Arabic letter
 * map. One Snowball stemmer per analyzer: they are not thread-safe. */
#include "tokenizer.h"

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
/* Languages one FTS5 tokenizer instance keeps analyzers for. */
#define MAX_TOKENIZER_LANGS 16

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

struct vb_analyzer {
  char lang[8];
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

int vb_analyzer_new(const char *lang, int mode, vb_analyzer **out, vb_err *err) {
  *out = NULL;
  vb_analyzer *an = calloc(1, sizeof *an);
  if (!an) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  an->mode = mode;
  snprintf(an->lang, sizeof an->lang, "%s", lang ? lang : "");
  const char *name = mode == VB_AN_FULL ? stemmer_name(an->lang) : NULL;
  if (name && !(an->stem = sb_stemmer_new(name, "UTF_8"))) {
    free(an);
    return vb_err_set(err, VB_ENOMEM, "", -1, "cannot create %s stemmer", name);
  }
  an->cap = 256;
  an->buf = malloc(an->cap);
  if (an->stem) an->cache = calloc(STEM_CACHE_SLOTS, sizeof *an->cache);
  if (!an->buf || (an->stem && !an->cache)) {
    vb_analyzer_free(an);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  *out = an;
  return VB_OK;
}

void vb_analyzer_free(vb_analyzer *an) {
  if (!an) return;
  if (an->stem) sb_stemmer_delete(an->stem);
  free(an->cache);
  free(an->buf);
  free(an);
}

static int reserve(vb_analyzer *an, size_t need) {
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
static long fold_word(vb_analyzer *an, const char *text, size_t b, size_t e, int ascii) {
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

static int emit(vb_analyzer *an, const char *text, size_t b, size_t e, int ascii, vb_token_fn fn,
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

int vb_analyze(vb_analyzer *an, const char *text, size_t len, vb_token_fn fn, void *ctx) {
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

size_t vb_lang_mark(const char *lang, size_t n, char *buf, size_t cap) {
  if (!lang || n == 0 || n + 2 > cap || n > 5) return 0;
  buf[0] = VB_LANG_MARK;
  memcpy(buf + 1, lang, n);
  buf[n + 1] = VB_LANG_MARK;
  return n + 2;
}

/* ---- the FTS5 tokenizer ------------------------------------------------ */

typedef struct fts_tok {
  char default_lang[8];
  struct {
    char lang[8];
    vb_analyzer *an;
  } full[MAX_TOKENIZER_LANGS];
  int nfull;
  vb_analyzer *fold;
} fts_tok;

static vb_analyzer *full_for(fts_tok *t, const char *lang) {
  for (int i = 0; i < t->nfull; i++)
    if (strcmp(t->full[i].lang, lang) == 0) return t->full[i].an;
  if (t->nfull == MAX_TOKENIZER_LANGS) return t->fold;
  vb_analyzer *an;
  if (vb_analyzer_new(lang, VB_AN_FULL, &an, NULL)) return NULL;
  snprintf(t->full[t->nfull].lang, sizeof t->full[t->nfull].lang, "%s", lang);
  t->full[t->nfull++].an = an;
  return an;
}

static void fts_delete(Fts5Tokenizer *p) {
  fts_tok *t = (fts_tok *)p;
  if (!t) return;
  for (int i = 0; i < t->nfull; i++) vb_analyzer_free(t->full[i].an);
  vb_analyzer_free(t->fold);
  free(t);
}

static int fts_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out) {
  (void)ctx;
  fts_tok *t = calloc(1, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  if (nargs > 0) snprintf(t->default_lang, sizeof t->default_lang, "%s", args[0]);
  if (vb_analyzer_new("", VB_AN_FOLD, &t->fold, NULL)) {
    free(t);
    return SQLITE_NOMEM;
  }
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

typedef struct fts_ctx {
  void *ctx;
  int (*x)(void *, int, const char *, int, int, int);
  size_t base;
  fts_tok *t;
  const char *text;
} fts_ctx;

static int to_fts(void *c, const char *tok, size_t n, size_t start, size_t end) {
  fts_ctx *f = c;
  return f->x(f->ctx, 0, tok, (int)n, (int)(f->base + start), (int)(f->base + end));
}

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

typedef struct query_ctx {
  fts_ctx *f;
  char seen[16][MAX_STEM_BYTES + 1];
} query_ctx;

static int to_fts_query(void *c, const char *tok, size_t n, size_t start, size_t end) {
  query_ctx *q = c;
  fts_ctx *f = q->f;
  int s = (int)(f->base + start), e = (int)(f->base + end);
  int rc = f->x(f->ctx, 0, tok, (int)n, s, e);
  if (rc || n > MAX_STEM_BYTES) return rc;
  int nseen = 1;
  memcpy(q->seen[0], tok, n);
  q->seen[0][n] = '\0';
  int32_t cp;
  vb_utf8_next(tok, n, 0, &cp);
  const char *const *langs;
  size_t nl;
  candidate_langs(cp, &langs, &nl);
  for (size_t i = 0; i < nl; i++) {
    vb_analyzer *an = full_for(f->t, langs[i]);
    if (!an || !an->stem) continue;
    const sb_symbol *st = sb_stemmer_stem(an->stem, (const sb_symbol *)tok, (int)n);
    if (!st) return SQLITE_NOMEM;
    size_t sl = (size_t)sb_stemmer_length(an->stem);
    int dup = 0;
    for (int k = 0; k < nseen && !dup; k++)
      dup = strlen(q->seen[k]) == sl && memcmp(q->seen[k], st, sl) == 0;
    if (dup || sl > MAX_STEM_BYTES) continue;
    if (nseen < 16) {
      memcpy(q->seen[nseen], st, sl);
      q->seen[nseen++][sl] = '\0';
    }
    if ((rc = f->x(f->ctx, FTS5_TOKEN_COLOCATED, (const char *)st, (int)sl, s, e))) return rc;
  }
  return 0;
}

/* ---- pre-analysed text ----------------------------------------------------
 * MAGIC, then per token: length (2 bytes, little-endian), the token, start
 * and end (4 bytes each) as the index would have been told them. */
#define PRE_MAGIC "\x1e\x1evbt1"
#define PRE_MAGIC_LEN 6
#define TERMER_LANGS 16

struct vb_termer {
  struct {
    char lang[8];
    vb_analyzer *an;
  } full[TERMER_LANGS];
  int nfull;
  vb_analyzer *fold;
};

int vb_termer_new(vb_termer **out, vb_err *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  int rc = vb_analyzer_new(NULL, VB_AN_FOLD, &(*out)->fold, err);
  if (rc) {
    free(*out);
    *out = NULL;
  }
  return rc;
}

void vb_termer_free(vb_termer *t) {
  if (!t) return;
  for (int i = 0; i < t->nfull; i++) vb_analyzer_free(t->full[i].an);
  vb_analyzer_free(t->fold);
  free(t);
}

typedef struct enc_ctx {
  vb_buf *out;
  size_t base;
} enc_ctx;

static int encode_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  enc_ctx *e = c;
  if (n > 0xFFFF) return 0; /* FTS5 would not keep such a token either */
  unsigned char h[2] = {(unsigned char)(n & 0xFF), (unsigned char)(n >> 8)};
  uint32_t se[2] = {(uint32_t)(e->base + start), (uint32_t)(e->base + end)};
  vb_buf_add(e->out, (const char *)h, 2);
  vb_buf_add(e->out, tok, n);
  vb_buf_add(e->out, (const char *)se, sizeof se);
  return e->out->failed ? VB_ENOMEM : 0;
}

/* The language a marked text names, and where its words start. */
static size_t read_mark(const char *text, size_t len, char lang[8]) {
  lang[0] = '\0';
  if (len < 2 || text[0] != VB_LANG_MARK) return 0;
  const char *end = memchr(text + 1, VB_LANG_MARK, len - 1 < 8 ? len - 1 : 8);
  if (!end) return 0;
  size_t n = (size_t)(end - text - 1);
  if (n < 8) {
    memcpy(lang, text + 1, n);
    lang[n] = '\0';
  }
  return n + 2;
}

int vb_termer_encode(vb_termer *t, const char *text, size_t len, vb_buf *out) {
  char lang[8];
  size_t base = read_mark(text, len, lang);
  vb_analyzer *an = t->fold;
  if (lang[0]) {
    int i = 0;
    while (i < t->nfull && strcmp(t->full[i].lang, lang) != 0) i++;
    if (i < t->nfull) {
      an = t->full[i].an;
    } else if (t->nfull < TERMER_LANGS) {
      if (vb_analyzer_new(lang, VB_AN_FULL, &t->full[t->nfull].an, NULL)) return VB_ENOMEM;
      snprintf(t->full[t->nfull].lang, sizeof t->full[t->nfull].lang, "%s", lang);
      an = t->full[t->nfull++].an;
    }
  }
  vb_buf_add(out, PRE_MAGIC, PRE_MAGIC_LEN);
  enc_ctx e = {out, base};
  int rc = vb_analyze(an, text + base, len - base, encode_token, &e);
  return rc || out->failed ? VB_ENOMEM : 0;
}

/* Replays a pre-analysed text; -1 when it is not one (then it is
 * analysed as text). A text is checked whole before any token goes out. */
static int replay(const char *text, size_t len, void *ctx,
                  int (*x)(void *, int, const char *, int, int, int)) {
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
        int rc = x(ctx, 0, text + i + 2, (int)n, (int)se[0], (int)se[1]);
        if (rc) return rc;
      }
      i += 2 + n + 8;
    }
  }
  return 0;
}

static int fts_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
                        int (*x)(void *, int, const char *, int, int, int)) {
  fts_tok *t = (fts_tok *)p;
  size_t len = ntext > 0 ? (size_t)ntext : 0, base = 0;
  char lang[8];
  snprintf(lang, sizeof lang, "%s", t->default_lang);
  if (len >= 2 && text[0] == VB_LANG_MARK) {
    const char *end = memchr(text + 1, VB_LANG_MARK, len - 1 < 8 ? len - 1 : 8);
    if (end) {
      size_t n = (size_t)(end - text - 1);
      if (n < sizeof lang) {
        memcpy(lang, text + 1, n);
        lang[n] = '\0';
      }
      base = n + 2;
    }
  }
  fts_ctx f = {ctx, x, base, t, text};
  int rc;
  if (flags & FTS5_TOKENIZE_QUERY) {
    if (flags & FTS5_TOKENIZE_PREFIX)
      rc = vb_analyze(t->fold, text + base, len - base, to_fts, &f);
    else {
      query_ctx q;
      q.f = &f;
      rc = vb_analyze(t->fold, text + base, len - base, to_fts_query, &q);
    }
  } else {
    /* analysed already, on an ingest thread */
    int r = replay(text, len, ctx, x);
    if (r >= 0) return r;
    vb_analyzer *an = lang[0] ? full_for(t, lang) : t->fold;
    if (!an) return SQLITE_NOMEM;
    rc = vb_analyze(an, text + base, len - base, to_fts, &f);
  }
  if (rc == VB_ENOMEM) return SQLITE_NOMEM;
  return rc;
}

typedef struct each_ctx {
  vb_token_fn fn;
  void *ctx;
} each_ctx;

static int each_token(void *c, int flags, const char *tok, int n, int start, int end) {
  (void)flags;
  each_ctx *e = c;
  return e->fn(e->ctx, tok, (size_t)n, (size_t)start, (size_t)end);
}

int vb_pre_each(const char *text, size_t len, vb_token_fn fn, void *ctx) {
  each_ctx e = {fn, ctx};
  int r = replay(text, len, &e, each_token);
  return r < 0 ? VB_EPARSE : r;
}

typedef struct forms_ctx {
  vb_termer *t;
  vb_token_fn fn;
  void *ctx;
} forms_ctx;

static vb_analyzer *termer_lang(vb_termer *t, const char *lang) {
  for (int i = 0; i < t->nfull; i++)
    if (strcmp(t->full[i].lang, lang) == 0) return t->full[i].an;
  if (t->nfull == TERMER_LANGS) return NULL;
  if (vb_analyzer_new(lang, VB_AN_FULL, &t->full[t->nfull].an, NULL)) return NULL;
  snprintf(t->full[t->nfull].lang, sizeof t->full[t->nfull].lang, "%s", lang);
  return t->full[t->nfull++].an;
}

/* A folded word and its stems in every language of its script, as the
 * index could hold it (the same expansion as query words get). */
static int one_form(void *c, const char *tok, size_t n, size_t start, size_t end) {
  forms_ctx *f = c;
  int rc = f->fn(f->ctx, tok, n, start, end);
  if (rc || n > MAX_STEM_BYTES) return rc;
  int32_t cp;
  vb_utf8_next(tok, n, 0, &cp);
  const char *const *langs;
  size_t nl;
  candidate_langs(cp, &langs, &nl);
  for (size_t i = 0; i < nl; i++) {
    vb_analyzer *an = termer_lang(f->t, langs[i]);
    if (!an || !an->stem) continue;
    const sb_symbol *st = sb_stemmer_stem(an->stem, (const sb_symbol *)tok, (int)n);
    if (!st) return VB_ENOMEM;
    size_t sl = (size_t)sb_stemmer_length(an->stem);
    if (sl == n && memcmp(st, tok, n) == 0) continue;
    if ((rc = f->fn(f->ctx, (const char *)st, sl, start, end))) return rc;
  }
  return 0;
}

int vb_termer_query_forms(vb_termer *t, const char *text, size_t len, vb_token_fn fn, void *ctx) {
  forms_ctx f = {t, fn, ctx};
  return vb_analyze(t->fold, text, len, one_form, &f);
}

static fts5_api *get_fts5(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

int vb_tokenizer_register(sqlite3 *db, vb_err *err) {
  fts5_api *api = get_fts5(db);
  if (!api)
    return vb_err_set(err, VB_ESTORE, sqlite3_db_filename(db, "main"), -1,
                      "this SQLite has no FTS5");
  fts5_tokenizer tok = {fts_create, fts_delete, fts_tokenize};
  if (api->xCreateTokenizer(api, "verbatim", NULL, &tok, NULL) != SQLITE_OK)
    return vb_err_set(err, VB_ESTORE, sqlite3_db_filename(db, "main"), -1,
                      "cannot register the verbatim tokenizer");
  return VB_OK;
}
