/* results — what every backend's hits get before they reach a caller: the
 * words that matched marked in a snippet (by the same analysis the index
 * uses), a citation line and a permalink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/map.h"
#include "core/err.h"
#include "store.h"
#include "analyze/analyze.h"

/* Snippets longer than this are cut to a window around the first match. */
#define SNIPPET_BYTES 240u
#define MAX_TERMS 64
#define MAX_TERM_BYTES 128
#define MAX_LANGS 8

typedef struct term {
  char form[MAX_TERM_BYTES];
  size_t len;
  int prefix;
  size_t word; /* where its word starts in the query's text (a word's
                * written form and stem are two terms of one word) */
} term;

typedef struct termset {
  term t[MAX_TERMS];
  int n;
  int prefix; /* terms being added are prefixes */
} termset;

/* A query word's token, kept as what it must meet in a statement: the
 * written form for a prefix, else the stem it stands for (an_stem_key). */
static int add_term(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  (void)end;
  termset *ts = ctx;
  char key[MAX_TERM_BYTES];
  if (ts->prefix) {
    n = an_token_written(tok, n);
    if (!n) return 0; /* a prefix is matched against written forms only */
  } else {
    n = an_stem_key(tok, n, key, sizeof key);
    tok = key;
  }
  if (ts->n >= MAX_TERMS || n == 0 || n >= MAX_TERM_BYTES) return 0;
  for (int i = 0; i < ts->n; i++)
    if (ts->t[i].len == n && ts->t[i].prefix == ts->prefix && ts->t[i].word == start &&
        memcmp(ts->t[i].form, tok, n) == 0)
      return 0;
  memcpy(ts->t[ts->n].form, tok, n);
  ts->t[ts->n].len = n;
  ts->t[ts->n].prefix = ts->prefix;
  ts->t[ts->n].word = start;
  ts->n++;
  return 0;
}

/* The positive full-text leaves of a query, analysed like the index. */
static void collect_terms(const vb_qnode *n, an_analyzer *an, termset *ts) {
  if (n->kind == VB_Q_NOT) return;
  if (n->kind == VB_Q_TERM || n->kind == VB_Q_PHRASE || n->kind == VB_Q_PREFIX ||
      (n->kind == VB_Q_FILTER && n->field == VB_F_MENTIONS)) {
    ts->prefix = n->kind == VB_Q_PREFIX;
    an_words(an, n->text.ptr, n->text.len, add_term, ts);
    return;
  }
  for (size_t i = 0; i < n->nkids; i++) collect_terms(n->kids[i], an, ts);
}

/* Whether a statement's token (its written form's length, its stem key)
 * meets a term: begins with a prefix term, or stands for a term's stem. */
static int meets(const term *t, const char *tok, size_t written, const char *key, size_t nkey) {
  return t->prefix ? (written >= t->len && memcmp(tok, t->form, t->len) == 0)
                   : (nkey == t->len && memcmp(key, t->form, nkey) == 0);
}

typedef struct marker {
  const termset *ts;
  VB_VEC(vb_span) marks;
  vb_arena *a;
  int failed;
} marker;

/* A statement's token: marked when its written form begins with a prefix
 * term or the stem it stands for is a term's (the written form and the
 * stem of one word are two tokens on one span: marked once). */
static int mark_token(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  marker *m = ctx;
  if (m->marks.n && m->marks.v[m->marks.n - 1].start == start) return 0;
  char key[MAX_TERM_BYTES];
  size_t written = an_token_written(tok, n), nkey = an_stem_key(tok, n, key, sizeof key);
  for (int i = 0; i < m->ts->n; i++) {
    if (!meets(&m->ts->t[i], tok, written, key, nkey)) continue;
    vb_span *sp = VB_VEC_PUSH(m->a, m->marks);
    if (!sp) {
      m->failed = 1;
      return 1;
    }
    sp->start = (uint32_t)start;
    sp->end = (uint32_t)end;
    break;
  }
  return 0;
}

/* A statement's words as the index analysed them: each token's written
 * form (its bytes up to the tag) and the stem key it stands for. */
typedef struct word {
  const char *tok, *key;
  uint32_t written, nkey;
} word;

struct vs_words {
  VB_VEC(word) w;
  vb_arena *a;
  int borrowed; /* the tokens' bytes outlive the words (a pre-analysed text's) */
  int failed;
};

static int keep_word(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  (void)start;
  (void)end;
  vs_words *ws = ctx;
  char key[MAX_TERM_BYTES];
  size_t written = an_token_written(tok, n), nkey = an_stem_key(tok, n, key, sizeof key);
  word *x = VB_VEC_PUSH(ws->a, ws->w);
  const char *t = NULL, *k = NULL;
  if (x && ws->borrowed) { /* copied only where the key is not the token's own bytes ("w|L") */
    t = tok;
    k = nkey == n && !memcmp(key, tok, n) ? tok : vb_arena_strndup(ws->a, key, nkey);
  } else if (x) {
    t = vb_arena_strndup(ws->a, tok, written);
    k = t ? vb_arena_strndup(ws->a, key, nkey) : NULL;
  }
  if (!k) {
    ws->failed = 1;
    return 1;
  }
  *x = (word){t, k, (uint32_t)written, (uint32_t)nkey};
  return 0;
}

int vs_words_make(an_analyzer *an, const char *text, size_t len, vb_arena *a, vs_words **out) {
  *out = NULL;
  vs_words *ws = vb_arena_calloc(a, sizeof *ws);
  if (!ws) return VB_ENOMEM;
  ws->a = a;
  int rc = an_words(an, text, len, keep_word, ws);
  if (rc || ws->failed) return VB_ENOMEM;
  *out = ws;
  return VB_OK;
}

int vs_words_of_pre(const char *pre, size_t len, vb_arena *a, vs_words **out) {
  *out = NULL;
  vs_words *ws = vb_arena_calloc(a, sizeof *ws);
  if (!ws) return VB_ENOMEM;
  ws->a = a;
  ws->borrowed = 1;
  int rc = an_pre_each(pre, len, keep_word, ws);
  if (rc == -1) return VB_EFORMAT;
  if (rc || ws->failed) return VB_ENOMEM;
  *out = ws;
  return VB_OK;
}

/* A leaf's terms, as many as it has: kept for every batch of a process
 * (1,000 watches), not MAX_TERMS of them each. */
struct vs_terms {
  int n;
  term t[];
};

int vs_terms_make(const vb_qnode *leaf, an_analyzer *an, vb_arena *a, vs_terms **out) {
  termset ts;
  ts.n = 0;
  ts.prefix = 0;
  collect_terms(leaf, an, &ts);
  vs_terms *t = vb_arena_alloc(a, sizeof *t + (size_t)ts.n * sizeof *t->t);
  *out = t;
  if (!t) return VB_ENOMEM;
  t->n = ts.n;
  if (ts.n) memcpy(t->t, ts.t, (size_t)ts.n * sizeof *t->t);
  return VB_OK;
}

int vs_terms_in_words(const vs_terms *ts, const vs_words *ws) {
  if (!ts->n) return 0;
  /* the terms its words meet (bit i: term i) */
  uint64_t found = 0;
  for (size_t k = 0; k < ws->w.n; k++) {
    const word *x = &ws->w.v[k];
    for (int i = 0; i < ts->n; i++)
      if (meets(&ts->t[i], x->tok, x->written, x->key, x->nkey)) found |= (uint64_t)1 << i;
  }
  /* every word of the leaf met by one of its terms */
  for (int i = 0; i < ts->n; i++) {
    int met = 0;
    for (int j = 0; j < ts->n && !met; j++) met = ts->t[j].word == ts->t[i].word && (found >> j & 1);
    if (!met) return 0;
  }
  return 1;
}

/* ---- an alert's reasons ----------------------------------------------------- */

struct vs_reasons {
  vb_arena *a;
  vb_map by_leaf; /* (leaf, analyser) pointers: index in terms + 1 */
  VB_VEC(vs_terms *) terms;
};

int vs_reasons_new(vs_reasons **out) {
  vs_reasons *r = calloc(1, sizeof *r);
  *out = r;
  if (!r || !(r->a = vb_arena_new(0))) {
    free(r);
    *out = NULL;
    return VB_ENOMEM;
  }
  vb_map_init(&r->by_leaf);
  return VB_OK;
}

void vs_reasons_free(vs_reasons *r) {
  if (!r) return;
  vb_map_free(&r->by_leaf);
  vb_arena_free(r->a);
  free(r);
}

/* A leaf's terms in an's language, analysed the first time they are asked. */
static const vs_terms *leaf_terms(vs_reasons *r, const vb_qnode *leaf, an_analyzer *an) {
  const void *key[2] = {leaf, an};
  int known = 0;
  uint32_t at = vb_map_put(&r->by_leaf, (const char *)key, sizeof key, r->terms.n + 1, &known);
  if (at != VB_MAP_NONE && known) return r->terms.v[at - 1];
  vs_terms **slot = at == VB_MAP_NONE ? NULL : VB_VEC_PUSH(r->a, r->terms);
  if (!slot || vs_terms_make(leaf, an, r->a, slot)) return NULL;
  return *slot;
}

typedef struct walk {
  vs_reasons *r;
  an_analyzer *an;
  const vs_words *words;
  uint64_t given;
  vs_reason_fn fn;
  void *ctx;
  uint32_t at; /* the next reason's place */
  int rc;
} walk;

static void reasons_of(walk *w, const vb_qnode *q, int negated) {
  if (w->rc) return;
  if (q->kind == VB_Q_NOT) negated = !negated;
  int leaf = q->kind == VB_Q_TERM || q->kind == VB_Q_PHRASE || q->kind == VB_Q_PREFIX;
  if (!negated && (leaf || q->kind == VB_Q_FILTER)) {
    uint32_t i = w->at++;
    int holds;
    if (!w->words) {
      holds = i < 64 && (w->given >> i & 1);
    } else if (leaf) {
      const vs_terms *t = leaf_terms(w->r, q, w->an);
      if (!t) {
        w->rc = VB_ENOMEM;
        return;
      }
      holds = vs_terms_in_words(t, w->words);
    } else {
      holds = 1; /* a filter: the archive confirmed it */
    }
    if (holds && (w->rc = w->fn(w->ctx, i, q))) return;
  }
  for (size_t i = 0; i < q->nkids; i++) reasons_of(w, q->kids[i], negated);
}

int vs_reasons_each(vs_reasons *r, const vb_qnode *q, an_analyzer *an, const vs_words *words, uint64_t given,
                    vs_reason_fn fn, void *ctx) {
  walk w = {r, an, words, given, fn, ctx, 0, VB_OK};
  reasons_of(&w, q, 0);
  return w.rc;
}

static vb_str finish_str(vb_arena *a, vb_buf *b) {
  vb_str s = {0};
  if (b->failed) return s;
  s.ptr = vb_arena_strndup(a, b->ptr ? b->ptr : "", b->len);
  s.len = s.ptr ? b->len : 0;
  return s;
}

/* Moves i back to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t i) {
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
  return i;
}

/* The text's own bytes of a snippet: its `*` and `\` each after a `\`,
 * so that `**` is only ever a mark (a statement quoting "**" or a
 * footnote's asterisks was drawn as a match). */
static void add_escaped(vb_buf *b, const char *p, size_t n) {
  for (size_t i = 0, run = 0; i <= n; i++) {
    if (i < n && p[i] != '*' && p[i] != '\\') continue;
    vb_buf_add(b, p + run, i - run);
    if (i < n) {
      vb_buf_addc(b, '\\');
      vb_buf_addc(b, p[i]);
    }
    run = i + 1;
  }
}

static vb_str snippet(vb_arena *a, vb_str text, const vb_span *marks, size_t nmarks) {
  size_t from = 0, to = text.len;
  if (text.len > SNIPPET_BYTES) {
    size_t center = nmarks ? marks[0].start : 0;
    from = center > SNIPPET_BYTES / 2 ? char_start(text.ptr, center - SNIPPET_BYTES / 2) : 0;
    to = from + SNIPPET_BYTES < text.len ? char_start(text.ptr, from + SNIPPET_BYTES) : text.len;
    while (from > 0 && from < to && text.ptr[from - 1] != ' ') from++;
  }
  vb_buf b;
  vb_buf_init(&b, 6 * SNIPPET_BYTES + 16); /* marks and escapes at most double it each */
  if (from > 0) vb_buf_adds(&b, "\xE2\x80\xA6");
  size_t i = from;
  for (size_t k = 0; k < nmarks; k++) {
    if (marks[k].start < i || marks[k].end > to) continue;
    add_escaped(&b, text.ptr + i, marks[k].start - i);
    vb_buf_adds(&b, "**");
    add_escaped(&b, text.ptr + marks[k].start, marks[k].end - marks[k].start);
    vb_buf_adds(&b, "**");
    i = marks[k].end;
  }
  add_escaped(&b, text.ptr + i, to - i);
  if (to < text.len) vb_buf_adds(&b, "\xE2\x80\xA6");
  vb_str s = finish_str(a, &b);
  vb_buf_free(&b);
  return s;
}

static void add_part(vb_buf *b, const char *sep, vb_str s) {
  if (!s.ptr || !s.len) return;
  if (b->len) vb_buf_adds(b, sep);
  vb_buf_add(b, s.ptr, s.len);
}

/* "Ali Baraka, Russia Today TV, 2023-10-08 — MEMRI Special Dispatch No. 10850, ¶ 12" */
static vb_str citation(vb_arena *a, const vb_raw_hit *h) {
  vb_buf b;
  vb_buf_init(&b, 1024);
  if (h->speaker.ptr) vb_buf_add(&b, h->speaker.ptr, h->speaker.len);
  else vb_buf_adds(&b, "unknown speaker");
  add_part(&b, ", ", h->channel);
  add_part(&b, ", ", h->date);
  if (h->time.start >= 0) {
    char clock[32];
    vb_buf_printf(&b, ", at %s", vb_clock_text(h->time.start, clock));
  }
  vb_buf_adds(&b, " \xE2\x80\x94 ");
  size_t before = b.len;
  if (h->series.ptr) {
    if (h->publisher.ptr) {
      vb_buf_add(&b, h->publisher.ptr, h->publisher.len);
      vb_buf_addc(&b, ' ');
    }
    vb_buf_add(&b, h->series.ptr, h->series.len);
    if (h->number.ptr) {
      vb_buf_adds(&b, " No. ");
      vb_buf_add(&b, h->number.ptr, h->number.len);
    }
  } else if (h->title.ptr) {
    vb_buf_addc(&b, '"');
    vb_buf_add(&b, h->title.ptr, h->title.len);
    vb_buf_addc(&b, '"');
  } else {
    vb_buf_printf(&b, "document %.12s", h->doc);
  }
  if (b.len == before) vb_buf_printf(&b, "document %.12s", h->doc);
  if (h->paragraph > 0) vb_buf_printf(&b, ", \xC2\xB6 %d", h->paragraph);
  else if (h->kind.ptr) {
    vb_buf_adds(&b, ", ");
    vb_buf_add(&b, h->kind.ptr, h->kind.len);
  }
  vb_str s = finish_str(a, &b);
  vb_buf_free(&b);
  return s;
}

typedef struct lang_an {
  char lang[8];
  an_analyzer *an;
  int own; /* made here, freed here */
  termset terms;
} lang_an;

int vb_results_finish(const vb_raw_results *raw, const vb_qnode *q, an_termer *kept, vb_arena *a,
                      vb_results *out, vb_err *err) {
  memset(out, 0, sizeof *out);
  out->total = raw->total;
  vb_hit *hits = raw->hits.n ? vb_arena_calloc(a, raw->hits.n * sizeof *hits) : NULL;
  if (raw->hits.n && !hits) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  lang_an langs[MAX_LANGS];
  int nlangs = 0, rc = VB_OK;
  for (uint32_t i = 0; i < raw->hits.n && !rc; i++) {
    const vb_raw_hit *h = &raw->hits.v[i];
    vb_hit *o = &hits[i];
    o->statement = h->statement;
    memcpy(o->doc, h->doc, sizeof o->doc);
    o->speaker = h->speaker;
    o->kind = h->kind;
    o->text = h->text;
    o->title = h->title;
    o->series = h->series;
    o->number = h->number;
    o->date = h->date;
    o->channel = h->channel;
    o->start = h->start;
    o->end = h->end;
    o->index = h->index;
    o->time = h->time;
    o->score = h->score;
    o->before = h->before.v;
    o->nbefore = h->before.n;
    o->after = h->after.v;
    o->nafter = h->after.n;
    /* one analyzer per document language, query terms analysed by it */
    char lang[8] = "";
    if (h->language.ptr && h->language.len < sizeof lang) {
      memcpy(lang, h->language.ptr, h->language.len);
      lang[h->language.len] = '\0';
    }
    lang_an *la = NULL;
    for (int k = 0; k < nlangs; k++)
      if (strcmp(langs[k].lang, lang) == 0) la = &langs[k];
    if (!la && nlangs < MAX_LANGS) {
      la = &langs[nlangs];
      memset(la, 0, sizeof *la);
      memcpy(la->lang, lang, sizeof lang);
      /* a new analyser a search was a stemmer made and ~600 words of a
       * page stemmed each time (bench/RESULTS.md, session 20); the kept
       * one's cache holds them once warm. One that has too many
       * languages gives folding alone: not that. */
      an_analyzer *k = kept ? an_termer_lang(kept, lang) : NULL;
      if (k && k == an_termer_fold(kept)) k = NULL;
      la->an = k;
      la->own = !k;
      if (!k && (rc = an_analyzer_new(lang, AN_FULL, &la->an, err))) break;
      nlangs++;
      collect_terms(q, la->an, &la->terms);
    }
    marker m = {la ? &la->terms : NULL, {0}, a, 0};
    if (la && la->terms.n) an_words(la->an, h->text.ptr, h->text.len, mark_token, &m);
    if (m.failed) rc = vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
    o->link = vs_permalink(a, h->doc, h->index, h->numbering);
    if (h->family) {
      o->family = h->family;
      o->first_said = h->first_date;
      o->first_link = vs_permalink(a, h->first_doc, h->first_index, h->first_numbering);
      o->said_before = h->first != h->statement;
    }
    o->snippet = snippet(a, h->text, m.marks.v, m.marks.n);
    o->citation = citation(a, h);
    if (!o->snippet.ptr || !o->citation.ptr || !o->link.ptr)
      rc = vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  }
  for (int k = 0; k < nlangs; k++)
    if (langs[k].own) an_analyzer_free(langs[k].an);
  if (rc) return rc;
  out->hits = hits;
  out->nhits = raw->hits.n;
  for (int f = 0; f < VB_NFACETS; f++) {
    out->facets[f] = raw->facets[f].v;
    out->nfacets[f] = raw->facets[f].n;
  }
  out->entity_sample = raw->entity_sample;
  return VB_OK;
}

