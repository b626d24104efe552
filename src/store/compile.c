/* compile — see compile.h. Every value travels as a parameter; SQL text
 * holds only the fixed words written here and numbers the archive made
 * (entity ids). */
#include "store/compile.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/text.h"
#include "extract/extract.h"
#include "store/store.h"

typedef struct cc {
  vs_db db;
  const vs_text *ts;
  const vb_lexicon *lx;
  vb_arena *a;
  vb_err *err;
  vs_plan *p;
  vb_buf key;
  int has_kind; /* the query names kind: itself */
  int forms;    /* terms as their forms (vs_text.word_forms) */
  int nforms;   /* terms written so */
} cc;

static int qerr(cc *c, const vb_qnode *n, const char *msg) {
  return vb_err_set(c->err, VB_EQUERY, "query", n ? (long long)n->col : -1, "%s", msg);
}

int vs_plan_text(vs_plan *p, vb_arena *a, const char *t, size_t n) {
  if (p->nparams >= VS_MAX_PARAMS) return -1;
  char *copy = vb_arena_strndup(a, t ? t : "", t ? n : 0);
  if (!copy) return -1;
  p->params[p->nparams] = (vs_param){0, 0, copy};
  return ++p->nparams;
}

int vs_plan_int(vs_plan *p, int64_t v) {
  if (p->nparams >= VS_MAX_PARAMS) return -1;
  p->params[p->nparams] = (vs_param){1, v, NULL};
  return ++p->nparams;
}

void vs_plan_bind(const vs_plan *p, vs_sql *q) {
  for (int i = 0; i < p->nparams; i++) {
    if (p->params[i].is_int) vs_bind_int(q, i + 1, p->params[i].i);
    else vs_bind_str(q, i + 1, p->params[i].text);
  }
}

void vs_plan_free(vs_plan *p) {
  vb_buf_free(&p->text);
  vb_buf_free(&p->where);
}

/* ---- the full-text part ------------------------------------------------------- */

static int text_expr(cc *c, const vb_qnode *n, vb_buf *b);

/* An AND of kids (the root's text conjuncts, or an AND node): the
 * positives joined, the negatives after them. */
static int text_and(cc *c, const vb_qnode *at, const vb_qnode *const *kids, size_t nk, vb_buf *b) {
  const vs_text *ts = c->ts;
  int rc, npos = 0, nneg = 0;
  vb_buf_adds(b, ts->and_open);
  for (size_t i = 0; i < nk; i++) {
    if (kids[i]->kind == VB_Q_NOT) continue;
    if (npos++) vb_buf_adds(b, ts->and_op);
    if ((rc = text_expr(c, kids[i], b))) return rc;
  }
  if (!npos) return qerr(c, at, "NOT needs a positive term beside it");
  vb_buf_adds(b, ts->and_close);
  for (size_t i = 0; i < nk; i++) {
    if (kids[i]->kind != VB_Q_NOT) continue;
    vb_buf_adds(b, nneg++ ? ts->not_sep : ts->not_open);
    if ((rc = text_expr(c, kids[i]->kids[0], b))) return rc;
  }
  if (nneg) vb_buf_adds(b, ts->not_close);
  vb_buf_adds(b, ts->and_end);
  return VB_OK;
}

static int text_expr(cc *c, const vb_qnode *n, vb_buf *b) {
  int rc;
  switch (n->kind) {
  case VB_Q_TERM:
    if (c->forms && c->ts->word_forms) {
      int nf = 0;
      if ((rc = c->ts->word_forms(c->db.conn, n, b, &nf, c->err))) return rc;
      if (nf) {
        c->nforms++;
        return VB_OK;
      }
    }
    return c->ts->words(c->db.conn, n, b, c->err);
  case VB_Q_PHRASE:
  case VB_Q_PREFIX: return c->ts->words(c->db.conn, n, b, c->err);
  case VB_Q_NEAR:
    for (size_t i = 0; i < n->nkids; i++)
      if (n->kids[i]->kind != VB_Q_TERM && n->kids[i]->kind != VB_Q_PHRASE && n->kids[i]->kind != VB_Q_PREFIX)
        return qerr(c, n->kids[i], "NEAR joins terms and phrases only");
    return c->ts->near(c->db.conn, n, b, c->err);
  case VB_Q_AND: return text_and(c, n, (const vb_qnode *const *)n->kids, n->nkids, b);
  case VB_Q_OR:
    vb_buf_addc(b, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind == VB_Q_NOT) return qerr(c, n->kids[i], "NOT inside OR needs parentheses with a positive term");
      if (i) vb_buf_adds(b, c->ts->or_op);
      if ((rc = text_expr(c, n->kids[i], b))) return rc;
    }
    vb_buf_addc(b, ')');
    return VB_OK;
  case VB_Q_NOT: return qerr(c, n, "a NOT needs a positive term beside it");
  case VB_Q_FILTER: break; /* filters are SQL conditions, never full text */
  }
  return qerr(c, n, "unsupported query node");
}

/* A text subtree as a condition of its own: s matches its expression. */
static int text_cond(cc *c, const vb_qnode *n, vb_buf *w) {
  vb_buf e;
  vb_buf_init(&e, VS_MAX_SQL_BYTES);
  int rc = text_expr(c, n, &e);
  int p = rc || e.failed ? -1 : vs_plan_text(c->p, c->a, e.ptr, e.len);
  vb_buf_free(&e);
  if (rc) return rc;
  if (p < 0) return qerr(c, n, "query too large");
  vb_buf_printf(w, c->ts->match, p);
  return VB_OK;
}

/* Exact forms add a condition on the stored text beside the full-text match. */
static int collect_exact(cc *c, const vb_qnode *n) {
  if (n->exact) {
    vb_buf v;
    vb_buf_init(&v, VS_MAX_SQL_BYTES);
    int p = c->ts->exact_value(n, &v) || v.failed ? -1 : vs_plan_text(c->p, c->a, v.ptr, v.len);
    vb_buf_free(&v);
    if (p < 0) return qerr(c, n, "query too large");
    if (c->p->where.len) vb_buf_adds(&c->p->where, " AND ");
    vb_buf_printf(&c->p->where, c->ts->exact_cond, c->db.drv->dialect->stmt_text, p);
    c->p->needs_doc = 1;
    c->p->reads_row = 1;
  }
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < n->nkids; i++)
    if (n->kind != VB_Q_NOT) rc = collect_exact(c, n->kids[i]);
  return rc;
}

/* ---- the cost model ----------------------------------------------------------------- */

#define COST_SEEN 64 /* words whose count is kept for their repeats */

typedef struct costing {
  vs_db db;
  const vs_text *ts;
  vb_err *err;
  double total;
  const vb_qnode *worst; /* the costliest word, and what it costs */
  double worst_cost;
  const vb_qnode *seen[COST_SEEN]; /* counted already: a repeat costs no lookup */
  double seen_cost[COST_SEEN];
  int nseen;
  double stop_at; /* past this total the rest is not counted (0: all is) */
  size_t counted; /* words counted */
} costing;

static size_t words_in(const vb_qnode *n) {
  if (n->kind == VB_Q_TERM || n->kind == VB_Q_PHRASE || n->kind == VB_Q_PREFIX) return 1;
  size_t k = 0;
  for (size_t i = 0; i < n->nkids; i++) k += words_in(n->kids[i]);
  return k;
}

static int same_words(const vb_qnode *a, const vb_qnode *b) {
  return a->kind == b->kind && a->exact == b->exact && a->text.len == b->text.len &&
         !memcmp(a->text.ptr, b->text.ptr, a->text.len);
}

static int cost_of(costing *c, const vb_qnode *n) {
  switch (n->kind) {
  case VB_Q_TERM:
  case VB_Q_PHRASE:
  case VB_Q_PREFIX: {
    double e = -1;
    for (int i = 0; i < c->nseen && e < 0; i++)
      if (same_words(c->seen[i], n)) e = c->seen_cost[i];
    if (e < 0) {
      int rc = c->ts->cost(c->db.conn, n, &e, c->err);
      if (rc) return rc;
      if (c->nseen < COST_SEEN) {
        c->seen[c->nseen] = n;
        c->seen_cost[c->nseen++] = e;
      }
    }
    c->total += e;
    c->counted++;
    if (!c->worst || e > c->worst_cost) {
      c->worst = n;
      c->worst_cost = e;
    }
    return VB_OK;
  }
  case VB_Q_FILTER: return VB_OK; /* conditions on rows, read by index */
  default:
    /* a query of a thousand rare words is refused once they add up, not
     * after a thousand lookups */
    for (size_t i = 0; i < n->nkids && !(c->stop_at > 0 && c->total > c->stop_at); i++) {
      int rc = cost_of(c, n->kids[i]);
      if (rc) return rc;
    }
    return VB_OK;
  }
}

/* "1.2 million", "340 thousand", "75": a count as a reader takes it in. */
static void about(char *out, size_t cap, double v) {
  if (v >= 1e6) snprintf(out, cap, "%.1f million", v / 1e6);
  else if (v >= 1e3) snprintf(out, cap, "%.0f thousand", v / 1e3);
  else snprintf(out, cap, "%.0f", v);
}

int vs_query_estimate(vs_db db, const vs_text *ts, const vb_qnode *q, double *statements, vb_err *err) {
  costing c = {.db = db, .ts = ts, .err = err};
  int rc = ts->cost && q ? cost_of(&c, q) : VB_OK;
  *statements = c.total;
  return rc;
}

int vs_query_cost(vs_db db, const vs_text *ts, const vb_qnode *q, double limit, vb_err *err) {
  if (limit <= 0 || !ts->cost || !q) return VB_OK;
  costing c = {.db = db, .ts = ts, .err = err, .stop_at = limit};
  int rc = cost_of(&c, q);
  if (rc || c.total <= limit) return rc;
  int partial = c.counted < words_in(q); /* stopped counting before the last word */
  char total[32], max[32], worst[32];
  about(total, sizeof total, c.total);
  about(max, sizeof max, limit);
  about(worst, sizeof worst, c.worst_cost);
  const vb_qnode *w = c.worst;
  int n = w->text.len > 40 ? 40 : (int)w->text.len;
  while (n < (int)w->text.len && n > 0 && ((unsigned char)w->text.ptr[n] & 0xC0) == 0x80) n--; /* whole characters */
  return vb_err_set(err, VB_EQUERY, VS_COST_REFUSED, (long long)w->col,
                    "this search is too costly: its words are in %s%s statements of the index, counted once "
                    "for each time the query names them, more than the %s a search may read; narrow it: "
                    "%s%s%.*s%s%s is alone in about %s (rarer or fewer words, fewer alternatives, longer "
                    "prefixes)",
                    partial ? "more than " : "about ", total, max, w->exact ? "=" : "", w->kind == VB_Q_PHRASE ? "\"" : "", n, w->text.ptr,
                    n < (int)w->text.len ? "…" : "", w->kind == VB_Q_PHRASE ? "\"" : w->kind == VB_Q_PREFIX ? "*" : "",
                    worst);
}

/* ---- filters ------------------------------------------------------------------------ */

/* The name key of a filter's value, as a parameter. */
static int key_param(cc *c, const vb_qnode *n) {
  c->key.len = 0;
  c->key.failed = 0;
  if (vb_name_key(n->text.ptr, n->text.len, &c->key)) return -1;
  return vs_plan_text(c->p, c->a, c->key.ptr ? c->key.ptr : "", c->key.len);
}

/* "2023-10-08" -> 20231008, compared with statements.date. */
static int date_param(cc *c, const char *iso) {
  int64_t d = 0;
  for (const char *s = iso; *s; s++)
    if (*s >= '0' && *s <= '9') d = d * 10 + (*s - '0');
  return vs_plan_int(c->p, d);
}

static int filter_sql(cc *c, const vb_qnode *n, vb_buf *w) {
  int p = -1, q;
  /* an entity's mentions probed by statement id, dates, kinds and
   * languages: the rest read the statement's row or its document's */
  if (!((n->field == VB_F_MENTIONS && c->p->text.len) || n->field == VB_F_AFTER || n->field == VB_F_BEFORE ||
        n->field == VB_F_DATE || n->field == VB_F_KIND || n->field == VB_F_LANG))
    c->p->reads_row = 1;
  switch (n->field) {
  case VB_F_SPEAKER:
    if ((p = key_param(c, n)) < 0) break;
    /* "speaker:" means in the speaker's own words; what others report he
     * said is found with kind:indirect. A statement with no speaker is
     * none of his (not NULL, which NOT would drop) */
    vb_buf_printf(w,
                  "(s.speaker_id IS NOT NULL AND s.speaker_id IN (SELECT speaker_id FROM speaker_keys "
                  "WHERE key = ?%d)%s)",
                  p, c->has_kind ? "" : " AND " VS_OWN_WORDS("s."));
    return VB_OK;
  case VB_F_MENTIONS: {
    /* the entities that answer to the name, however the statement spells
     * them; a name no entity answers to is looked for as a phrase */
    int64_t *ids = NULL;
    size_t nids = 0;
    int rc = vs_entity_ids(c->db, n->text.ptr, n->text.len, c->lx, c->a, &ids, &nids, c->err);
    if (rc) return rc;
    if (!nids) {
      c->p->reads_row = 1;
      vb_qnode phrase = *n;
      phrase.kind = VB_Q_PHRASE;
      phrase.exact = 0;
      phrase.nkids = 0;
      return text_cond(c, &phrase, w);
    }
    /* ids come from the archive, not from the query: printed as numbers.
     * When words drive, each statement they find is tested with one probe
     * of the mentions key (entity_id, statement_id); the list form made
     * SQLite gather every statement of the entity first (e1's 144,065 on
     * the UN archive for `nuclear`'s few thousand: 436 M instructions).
     * With no words the list is what drives, and stays. */
    vb_buf_adds(w, c->p->text.len ? "EXISTS (SELECT 1 FROM mentions m WHERE m.statement_id = s.id AND m.entity_id IN ("
                                  : VS_MENTIONS_LIST);
    for (size_t i = 0; i < nids; i++) vb_buf_printf(w, "%s%lld", i ? "," : "", (long long)ids[i]);
    vb_buf_adds(w, "))");
    return VB_OK;
  }
  case VB_F_TYPE:
    if ((p = vs_plan_text(c->p, c->a, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w,
                  "s.id IN (SELECT m.statement_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
                  " WHERE e.type = upper(?%d))",
                  p);
    return VB_OK;
  case VB_F_TAG:
    if ((p = key_param(c, n)) < 0) break;
    vb_buf_printf(w, "s.doc_id IN (SELECT doc_id FROM tags WHERE key = ?%d)", p);
    return VB_OK;
  case VB_F_SERIES:
    if ((p = key_param(c, n)) < 0) break;
    c->p->needs_doc = 1;
    vb_buf_printf(w, "d.series_key = ?%d", p);
    return VB_OK;
  case VB_F_CHANNEL: {
    if ((p = key_param(c, n)) < 0) break;
    c->p->needs_doc = 1;
    char param[16];
    snprintf(param, sizeof param, "?%d", p);
    vb_buf_printf(w, c->db.drv->dialect->contains, "d.channel_key", param);
    return VB_OK;
  }
  case VB_F_LANG:
    if ((p = vs_plan_text(c->p, c->a, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "s.lang = lower(?%d)", p);
    return VB_OK;
  case VB_F_KIND:
    if ((p = vs_plan_text(c->p, c->a, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "s.kind = lower(?%d)", p);
    return VB_OK;
  case VB_F_AFTER:
    if ((p = date_param(c, n->date_lo)) < 0) break;
    vb_buf_printf(w, "s.date >= ?%d", p);
    return VB_OK;
  case VB_F_BEFORE:
    if ((p = date_param(c, n->date_lo)) < 0) break;
    vb_buf_printf(w, "s.date < ?%d", p);
    return VB_OK;
  case VB_F_DATE:
    if ((p = date_param(c, n->date_lo)) < 0 || (q = date_param(c, n->date_hi)) < 0) break;
    vb_buf_printf(w, "s.date BETWEEN ?%d AND ?%d", p, q);
    return VB_OK;
  case VB_F_DOC:
    if ((p = vs_plan_text(c->p, c->a, n->text.ptr, n->text.len)) < 0) break;
    c->p->needs_doc = 1;
    vb_buf_printf(w, "(substr(d.hash, 1, length(?%d)) = lower(?%d) OR d.number = ?%d)", p, p, p);
    return VB_OK;
  case VB_F_HOST:
    /* said by the host of the programme (host:yes) or by a guest: the
     * speaker as the statement's own document lists him */
    if ((p = vs_plan_int(c->p, vb_eq_ci(n->text.ptr, n->text.len, "yes"))) < 0) break;
    vb_buf_printf(w,
                  "EXISTS (SELECT 1 FROM doc_speakers ds WHERE ds.doc_id = s.doc_id"
                  " AND ds.speaker_id = s.speaker_id AND ds.host = ?%d)",
                  p);
    return VB_OK;
  case VB_F_FIRST:
  case VB_F_REPEATED: {
    /* said before: another member of its quote family (families.c) comes
     * first, by date (undated last), then in the order stored. first:true
     * is its negation, so a statement in no family is first said */
    int built = 0, rc = vs_fingerprints_built(c->db, &built, c->err);
    if (rc) return rc;
    if (!built)
      return qerr(c, n,
                  "this archive was made before quote families were kept: run `verbatim reindex` to make them, "
                  "then first: and repeated: can be answered");
    int yes = vb_eq_ci(n->text.ptr, n->text.len, "true") || vb_eq_ci(n->text.ptr, n->text.len, "yes");
    int repeated = (n->field == VB_F_REPEATED) == yes;
    vb_buf_printf(w, "%sEXISTS (SELECT 1 FROM fingerprints f WHERE f.statement_id = s.id AND " VS_SAID_BEFORE ")",
                  repeated ? "" : "NOT ");
    return VB_OK;
  }
  default: return qerr(c, n, "unsupported filter");
  }
  return qerr(c, n, "query too large");
}

/* Any subtree as an SQL condition on s (statements) and d (documents). */
static int cond_sql(cc *c, const vb_qnode *n, vb_buf *w) {
  int rc;
  if (vb_query_is_fulltext(n)) {
    c->p->reads_row = 1;
    return text_cond(c, n, w);
  }
  switch (n->kind) {
  case VB_Q_FILTER: return filter_sql(c, n, w);
  case VB_Q_NOT:
    vb_buf_adds(w, "NOT (");
    if ((rc = cond_sql(c, n->kids[0], w))) return rc;
    vb_buf_addc(w, ')');
    return VB_OK;
  case VB_Q_AND:
  case VB_Q_OR:
    vb_buf_addc(w, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (i) vb_buf_adds(w, n->kind == VB_Q_AND ? " AND " : " OR ");
      if ((rc = cond_sql(c, n->kids[i], w))) return rc;
    }
    vb_buf_addc(w, ')');
    return VB_OK;
  default: return qerr(c, n, "filters cannot sit inside NEAR");
  }
}

/* ---- the root ------------------------------------------------------------------------- */

/* A date filter at the top of a query (a conjunct: never under NOT or
 * OR) adds the documents of its years: s.date is its document's date
 * (put.c; ISO text, "1946", "2023-10" or "2023-10-08"), so a statement
 * dated from lo is in a document whose date's text sorts from lo's year,
 * and one dated before hi's next day in a document whose text sorts
 * before the next year. The statements' own dates still decide; this
 * only lets a search with no words start from the few documents of its
 * years (the date index, then their statements by document) instead of
 * reading every statement's row: `after:2024` on the UN archive read
 * 1.43 M rows for 22,048, 0.1 s of CPU cold. */
static int date_docs(cc *c, const vb_qnode *n, vb_buf *w) {
  c->p->reads_row = 1;
  int from = n->field == VB_F_AFTER || n->field == VB_F_DATE;
  int upto = n->field == VB_F_BEFORE || n->field == VB_F_DATE;
  /* date: ends on hi, within its year; before: ends the day before lo,
   * in lo's year unless lo is its first day */
  const char *last = n->field == VB_F_DATE ? n->date_hi : n->date_lo;
  char next[8];
  int year =
      (last[0] - '0') * 1000 + (last[1] - '0') * 100 + (last[2] - '0') * 10 + (last[3] - '0');
  if (n->field == VB_F_DATE || strcmp(last + 4, "-01-01")) year++;
  if (year > 9999) upto = 0; /* "10000" would sort before "9999" */
  snprintf(next, sizeof next, "%04d", year % 10000);
  int p = from ? vs_plan_text(c->p, c->a, n->date_lo, 4) : 0,
      q = upto ? vs_plan_text(c->p, c->a, next, 4) : 0;
  if (p < 0 || q < 0) return qerr(c, n, "query too large");
  if (!from && !upto) return VB_OK;
  vb_buf_adds(w, " AND s.doc_id IN (SELECT id FROM documents WHERE ");
  if (from) vb_buf_printf(w, "date >= ?%d", p);
  if (from && upto) vb_buf_adds(w, " AND ");
  if (upto) vb_buf_printf(w, "date < ?%d", q);
  vb_buf_addc(w, ')');
  return VB_OK;
}

int vs_compile(vs_db db, const vs_text *ts, const vb_qnode *root, const vb_lexicon *lx, vb_arena *a, vs_plan *p,
               vb_err *err) {
  return vs_compile_as(db, ts, root, lx, a, p, 1, 1, err);
}

int vs_compile_as(vs_db db, const vs_text *ts, const vb_qnode *root, const vb_lexicon *lx, vb_arena *a, vs_plan *p,
                  int follow, int unranked, vb_err *err) {
  memset(p, 0, sizeof *p);
  vb_buf_init(&p->text, VS_MAX_SQL_BYTES);
  vb_buf_init(&p->where, VS_MAX_SQL_BYTES);
  cc c = {db, ts, lx, a, err, p, {0}, vb_query_has_field(root, VB_F_KIND), 0, 0};
  int frc = follow && ts->follow ? ts->follow(db.conn, err) : VB_OK;
  if (frc) {
    vs_plan_free(p);
    return frc;
  }
  vb_buf_init(&c.key, 4096);
  const vb_qnode *one[1] = {root};
  const vb_qnode *const *kids = one;
  size_t nk = 1;
  if (root->kind == VB_Q_AND) {
    kids = (const vb_qnode *const *)root->kids;
    nk = root->nkids;
  }
  /* the text conjuncts, positive or negated, drive; the rest are conditions */
  const vb_qnode **text = vb_arena_alloc(a, (nk + 1) * sizeof *text);
  size_t ntext = 0, npos = 0;
  int rc = text ? VB_OK : vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  for (size_t i = 0; !rc && i < nk; i++) {
    const vb_qnode *k = kids[i];
    int positive = vb_query_is_fulltext(k);
    if (positive || (k->kind == VB_Q_NOT && vb_query_is_fulltext(k->kids[0]))) text[ntext++] = k;
    npos += positive;
  }
  if (!npos) ntext = 0; /* negations alone are conditions */
  /* ranked, the expression's phrases are what BM25 weighs: a word's forms
   * only where they are the whole text (rank_word weighs them as one) */
  c.forms = unranked || (ntext == 1 && text[0]->kind == VB_Q_TERM);
  if (!rc && ntext) rc = text_and(&c, root, text, ntext, &p->text);
  p->one_word = !unranked && c.nforms == 1;
  c.forms = 1; /* conditions are never ranked */
  for (size_t i = 0; !rc && i < ntext; i++)
    if (text[i]->kind != VB_Q_NOT) rc = collect_exact(&c, text[i]);
  for (size_t i = 0; !rc && i < nk; i++) {
    const vb_qnode *k = kids[i];
    int taken = 0;
    for (size_t t = 0; t < ntext && !taken; t++) taken = text[t] == k;
    if (taken) continue;
    if (p->where.len) vb_buf_adds(&p->where, " AND ");
    rc = cond_sql(&c, k, &p->where);
    /* only where no words drive: their statements' rows are read anyway,
     * and a bound's documents were a list of half the archive's to make
     * (after:1990 before:2011 on the UN archive: 14,840 ids) */
    if (!rc && !p->text.len && k->kind == VB_Q_FILTER && db.drv->dialect->docs_by_date &&
        (k->field == VB_F_AFTER || k->field == VB_F_BEFORE || k->field == VB_F_DATE))
      rc = date_docs(&c, k, &p->where);
  }
  if (!rc && (p->text.failed || p->where.failed)) rc = qerr(&c, root, "query too large");
  vb_buf_free(&c.key);
  if (rc) vs_plan_free(p);
  return rc;
}
