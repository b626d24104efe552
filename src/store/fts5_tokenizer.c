/* fts5_tokenizer — the FTS5 tokenizer "verbatim": SQLite's glue to the
 * analysis stage (analyze/). Documents are stemmed in their marked
 * language (default: the tokenizer's argument, else none), or replayed
 * when they come pre-analysed from an ingest thread; a word's stem token
 * shares the position of its written form (FTS5 colocated tokens). Query
 * words stand for their folded form and, colocated, their tagged stems in
 * the languages the archive holds (the string the caller registered);
 * prefix queries are folded only. A query string marked as a form
 * (VS_FTS_FORM_MARK) is that one token. */
#include "store/fts5_tokenizer.h"

#include <stdio.h>
#include <stdlib.h>

#include "analyze/analyze.h"
#include "core/err.h"

typedef struct fts_tok {
  char default_lang[AN_LANG_MAX + 1];
  const an_langs *langs; /* the archive's languages, kept by the caller */
  an_termer *t;
} fts_tok;

static void fts_delete(Fts5Tokenizer *p) {
  fts_tok *t = (fts_tok *)p;
  if (!t) return;
  an_termer_free(t->t);
  free(t);
}

static int fts_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out) {
  fts_tok *t = calloc(1, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  t->langs = ctx;
  if (nargs > 0) snprintf(t->default_lang, sizeof t->default_lang, "%s", args[0]);
  if (an_termer_new(&t->t, NULL)) {
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
  size_t start, end; /* the last token's span */
  int any;
} fts_ctx;

/* A token on the span of the one before is the same word's stem. */
static int to_fts(void *c, const char *tok, size_t n, size_t start, size_t end) {
  fts_ctx *f = c;
  int colocated = f->any && start == f->start && end == f->end;
  f->any = 1;
  f->start = start;
  f->end = end;
  return f->x(f->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok, (int)n, (int)(f->base + start),
              (int)(f->base + end));
}

static int form_to_fts(void *c, const char *tok, size_t n, size_t start, size_t end, int first) {
  fts_ctx *f = c;
  return f->x(f->ctx, first ? 0 : FTS5_TOKEN_COLOCATED, tok, (int)n, (int)(f->base + start),
              (int)(f->base + end));
}

static int fts_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
                        int (*x)(void *, int, const char *, int, int, int)) {
  fts_tok *t = (fts_tok *)p;
  size_t len = ntext > 0 ? (size_t)ntext : 0;
  char lang[AN_LANG_MAX + 1];
  size_t base = an_read_mark(text, len, lang);
  fts_ctx f = {ctx, x, base, 0, 0, 0};
  int rc;
  if ((flags & FTS5_TOKENIZE_QUERY) && len > 1 && text[0] == VS_FTS_FORM_MARK) {
    rc = x(ctx, 0, text + 1, (int)(len - 1), 0, (int)len);
  } else if (flags & FTS5_TOKENIZE_QUERY) {
    rc = an_query_forms(t->t, t->langs, text + base, len - base, (flags & FTS5_TOKENIZE_PREFIX) != 0, form_to_fts, &f);
  } else {
    /* analysed already on an ingest thread, else here */
    fts_ctx raw = {ctx, x, 0, 0, 0, 0};
    rc = an_pre_each(text, len, to_fts, &raw);
    if (rc < 0) {
      /* the default language only here: the rows that come analysed
       * (every statement an ingest stores) need none */
      if (!lang[0]) snprintf(lang, sizeof lang, "%s", t->default_lang);
      an_analyzer *an = lang[0] ? an_termer_lang(t->t, lang) : an_termer_fold(t->t);
      if (!an) return SQLITE_NOMEM;
      rc = an_words(an, text + base, len - base, to_fts, &f);
    }
  }
  if (rc == VB_ENOMEM) return SQLITE_NOMEM;
  return rc;
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

int vs_fts5_tokenizer_register(sqlite3 *db, const an_langs *langs, vb_err *err) {
  fts5_api *api = get_fts5(db);
  if (!api)
    return vb_err_set(err, VB_ESTORE, sqlite3_db_filename(db, "main"), -1, "this SQLite has no FTS5");
  fts5_tokenizer tok = {fts_create, fts_delete, fts_tokenize};
  if (api->xCreateTokenizer(api, "verbatim", (void *)langs, &tok, NULL) != SQLITE_OK)
    return vb_err_set(err, VB_ESTORE, sqlite3_db_filename(db, "main"), -1, "cannot register the verbatim tokenizer");
  return VB_OK;
}
