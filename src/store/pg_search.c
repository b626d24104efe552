/* pg_search — the query tree as PostgreSQL SQL. Words become tsquery
 * lexemes the way the SQLite backend's tokenizer expands them (each word
 * folded and stemmed in every language of its script, as alternatives),
 * so both backends match the same statements; phrases use <->, NEAR
 * distances <N>. Filters become conditions on the statement and its
 * document. Every value is a parameter ($N); the SQL text holds only
 * numbers and the fixed words written here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "store/pg_int.h"
#include "analyze/analyze.h"

#define MAX_PARAMS 512
#define MAX_SQL_BYTES ((size_t)1 << 20)
#define MAX_NEAR 64  /* NEAR distances above this are taken as this */
#define FACET_VALUES 10
#define MONTH_VALUES 24
/* A lexeme no statement holds: analysis splits words at '-', so no
 * indexed token contains one. What a query word with no letters becomes. */
#define NO_WORD "'no-word'"

/* A statement's text: its byte span of the body. */
#define STMT_TEXT \
  "convert_from(substring(convert_to(d.body, 'UTF8') from s.start + 1 for s.\"end\" - s.start), 'UTF8')"

typedef struct qc {
  pg *p;
  vb_arena *a;
  vb_err *err;
  vb_buf where; /* conditions joined by AND */
  vb_buf ts;    /* the tsquery of the root's text parts: drives and ranks */
  const char *params[MAX_PARAMS];
  int nparams;
  vb_buf key;
  int has_kind;
} qc;

/* A compiler for one query, its SQL pieces growing in c; qc_free frees them. */
static void qc_init(qc *c, pg *p, vb_arena *a, vb_err *err) {
  memset(c, 0, sizeof *c);
  c->p = p;
  c->a = a;
  c->err = err;
  vb_buf_init(&c->where, MAX_SQL_BYTES);
  vb_buf_init(&c->ts, MAX_SQL_BYTES);
  vb_buf_init(&c->key, 4096);
}

static void qc_free(qc *c) {
  vb_buf_free(&c->where);
  vb_buf_free(&c->ts);
  vb_buf_free(&c->key);
}

static int qerr(qc *c, const vb_qnode *n, const char *msg) {
  return vb_err_set(c->err, VB_EQUERY, "query", n ? (long long)n->col : -1, "%s", msg);
}

static int add_param(qc *c, const char *text, size_t n) {
  if (c->nparams >= MAX_PARAMS) return -1;
  char *copy = vb_arena_strndup(c->a, text, n);
  if (!copy) return -1;
  c->params[c->nparams] = copy;
  return ++c->nparams;
}

/* ---- words as tsquery ------------------------------------------------------ */

static void lexeme(vb_buf *b, const char *t, size_t n) {
  vb_buf_addc(b, '\'');
  for (size_t i = 0; i < n; i++) {
    if (t[i] == '\'' || t[i] == '\\') vb_buf_addc(b, t[i]);
    vb_buf_addc(b, t[i]);
  }
  vb_buf_addc(b, '\'');
}

/* Each word's forms as "( 'f1' | 'f2' )", words joined by <->; prefix:
 * the last word (its folded form alone) with :*. */
typedef struct words {
  vb_buf *out;
  int nwords, prefix;
} words;

static int on_form(void *ctx, const char *f, size_t n, size_t start, size_t end, int first) {
  (void)start;
  (void)end;
  words *w = ctx;
  if (first) {
    vb_buf_adds(w->out, w->nwords ? ") <-> (" : "(");
    w->nwords++;
  } else {
    vb_buf_adds(w->out, " | ");
  }
  lexeme(w->out, f, n);
  return 0;
}

static int words_of(qc *c, const vb_qnode *n, vb_buf *b) {
  size_t mark = b->len;
  words w = {b, 0, n->kind == VB_Q_PREFIX};
  vb_buf_addc(b, '(');
  int rc = an_query_forms(c->p->termer, c->p->langs, n->text.ptr, n->text.len, w.prefix, on_form, &w);
  if (rc) return vb_err_set(c->err, VB_ENOMEM, "query", -1, "out of memory");
  if (!w.nwords) {
    b->len = mark;
    vb_buf_adds(b, NO_WORD);
    return VB_OK;
  }
  if (w.prefix) vb_buf_adds(b, ":*");
  vb_buf_adds(b, "))");
  return VB_OK;
}

static int ts_expr(qc *c, const vb_qnode *n, vb_buf *b) {
  int rc;
  switch (n->kind) {
  case VB_Q_TERM:
  case VB_Q_PHRASE:
  case VB_Q_PREFIX: return words_of(c, n, b);
  case VB_Q_NEAR: {
    /* FTS5's NEAR(a b, N): at most N words between them, either order */
    for (size_t i = 0; i < n->nkids; i++)
      if (n->kids[i]->kind != VB_Q_TERM && n->kids[i]->kind != VB_Q_PHRASE && n->kids[i]->kind != VB_Q_PREFIX)
        return qerr(c, n->kids[i], "NEAR joins terms and phrases only");
    int d = n->near < MAX_NEAR ? n->near : MAX_NEAR;
    vb_buf_addc(b, '(');
    for (size_t i = 0; i + 1 < n->nkids; i++)
      for (size_t j = i + 1; j < n->nkids; j++) {
        if (i || j > 1) vb_buf_adds(b, " & ");
        vb_buf_addc(b, '(');
        for (int k = 1; k <= d + 1; k++)
          for (int order = 0; order < 2; order++) {
            if (k > 1 || order) vb_buf_adds(b, " | ");
            vb_buf_addc(b, '(');
            if ((rc = words_of(c, n->kids[order ? j : i], b))) return rc;
            vb_buf_printf(b, " <%d> ", k);
            if ((rc = words_of(c, n->kids[order ? i : j], b))) return rc;
            vb_buf_addc(b, ')');
          }
        vb_buf_addc(b, ')');
      }
    vb_buf_addc(b, ')');
    return VB_OK;
  }
  case VB_Q_AND: {
    int pos = 0;
    vb_buf_addc(b, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind == VB_Q_NOT) continue;
      if (pos++) vb_buf_adds(b, " & ");
      if ((rc = ts_expr(c, n->kids[i], b))) return rc;
    }
    if (!pos) return qerr(c, n, "NOT needs a positive term beside it");
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind != VB_Q_NOT) continue;
      vb_buf_adds(b, " & !(");
      if ((rc = ts_expr(c, n->kids[i]->kids[0], b))) return rc;
      vb_buf_addc(b, ')');
    }
    vb_buf_addc(b, ')');
    return VB_OK;
  }
  case VB_Q_OR:
    vb_buf_addc(b, '(');
    for (size_t i = 0; i < n->nkids; i++) {
      if (n->kids[i]->kind == VB_Q_NOT) return qerr(c, n->kids[i], "NOT inside OR needs parentheses with a positive term");
      if (i) vb_buf_adds(b, " | ");
      if ((rc = ts_expr(c, n->kids[i], b))) return rc;
    }
    vb_buf_addc(b, ')');
    return VB_OK;
  case VB_Q_NOT: return qerr(c, n, "a NOT needs a positive term beside it");
  default: break;
  }
  return qerr(c, n, "unsupported query node");
}

/* ---- conditions -------------------------------------------------------------- */

/* =Term and exact:"…": the same case and accents, on word boundaries, in
 * the stored text (a regular expression made here, passed as a value). */
static int exact_condition(qc *c, const vb_qnode *n) {
  if (!n->exact) return VB_OK;
  vb_buf re;
  vb_buf_init(&re, 0);
  vb_buf_adds(&re, "(^|[^[:alnum:]])");
  for (size_t i = 0; i < n->text.len; i++) {
    if (strchr("\\.^$|?*+()[]{}", n->text.ptr[i])) vb_buf_addc(&re, '\\');
    vb_buf_addc(&re, n->text.ptr[i]);
  }
  vb_buf_adds(&re, "($|[^[:alnum:]])");
  int p = re.failed ? -1 : add_param(c, re.ptr, re.len);
  vb_buf_free(&re);
  if (p < 0) return qerr(c, n, "query too large");
  if (c->where.len) vb_buf_adds(&c->where, " AND ");
  vb_buf_printf(&c->where, STMT_TEXT " ~ $%d", p);
  return VB_OK;
}

static int collect_exact(qc *c, const vb_qnode *n) {
  int rc = exact_condition(c, n);
  for (size_t i = 0; !rc && i < n->nkids; i++)
    if (n->kind != VB_Q_NOT) rc = collect_exact(c, n->kids[i]);
  return rc;
}

static int key_param(qc *c, const vb_qnode *n) {
  c->key.len = 0;
  c->key.failed = 0;
  if (vb_name_key(n->text.ptr, n->text.len, &c->key)) return -1;
  return add_param(c, c->key.ptr ? c->key.ptr : "", c->key.len);
}

static int date_param(qc *c, const char *iso) {
  char d[9] = {iso[0], iso[1], iso[2], iso[3], iso[5], iso[6], iso[8], iso[9], 0};
  return add_param(c, d, 8);
}

static int text_cond(qc *c, const vb_qnode *n, vb_buf *w) {
  vb_buf e;
  vb_buf_init(&e, MAX_SQL_BYTES);
  int rc = ts_expr(c, n, &e);
  int p = rc || e.failed ? -1 : add_param(c, e.ptr, e.len);
  vb_buf_free(&e);
  if (rc) return rc;
  if (p < 0) return qerr(c, n, "query too large");
  vb_buf_printf(w, "s.tsv @@ $%d::tsquery", p);
  return VB_OK;
}

static int filter_sql(qc *c, const vb_qnode *n, vb_buf *w) {
  int p = -1;
  switch (n->field) {
  case VB_F_SPEAKER:
    if ((p = key_param(c, n)) < 0) break;
    /* the speaker's own words; what a summary reports is kind:reported */
    vb_buf_printf(w, "(s.speaker_id IN (SELECT speaker_id FROM speaker_keys WHERE key = $%d)%s)", p,
                  c->has_kind ? "" : " AND s.kind <> 'reported'");
    return VB_OK;
  case VB_F_MENTIONS: {
    /* the entities that answer to the name, however the statement spells
     * them; a name no entity answers to is looked for as a phrase */
    vb_buf ids;
    vb_buf_init(&ids, 0);
    int rc = vb_pg_entity_ids(c->p, n->text.ptr, n->text.len, NULL, &ids, c->err);
    if (!rc && ids.len > 2) {
      p = add_param(c, ids.ptr, ids.len);
      if (p > 0)
        vb_buf_printf(w, "s.id IN (SELECT statement_id FROM mentions WHERE entity_id = ANY($%d::bigint[]))", p);
    }
    int none = !rc && ids.len <= 2;
    vb_buf_free(&ids);
    if (rc) return rc;
    if (none) {
      vb_qnode phrase = *n;
      phrase.kind = VB_Q_PHRASE;
      phrase.nkids = 0;
      return text_cond(c, &phrase, w);
    }
    if (p < 0) break;
    return VB_OK;
  }
  case VB_F_TYPE:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w,
                  "s.id IN (SELECT m.statement_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
                  " WHERE e.type = upper($%d))",
                  p);
    return VB_OK;
  case VB_F_TAG:
    if ((p = key_param(c, n)) < 0) break;
    vb_buf_printf(w, "s.doc_id IN (SELECT doc_id FROM tags WHERE key = $%d)", p);
    return VB_OK;
  case VB_F_SERIES:
    if ((p = key_param(c, n)) < 0) break;
    vb_buf_printf(w, "d.series_key = $%d", p);
    return VB_OK;
  case VB_F_CHANNEL:
    if ((p = key_param(c, n)) < 0) break;
    vb_buf_printf(w, "strpos(d.channel_key, $%d) > 0", p);
    return VB_OK;
  case VB_F_LANG:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "s.lang = lower($%d)", p);
    return VB_OK;
  case VB_F_KIND:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "s.kind = lower($%d)", p);
    return VB_OK;
  case VB_F_AFTER:
    if ((p = date_param(c, n->date_lo)) < 0) break;
    vb_buf_printf(w, "s.date >= $%d::integer", p);
    return VB_OK;
  case VB_F_BEFORE:
    if ((p = date_param(c, n->date_lo)) < 0) break;
    vb_buf_printf(w, "s.date < $%d::integer", p);
    return VB_OK;
  case VB_F_DATE: {
    int lo = date_param(c, n->date_lo), hi = date_param(c, n->date_hi);
    if (lo < 0 || hi < 0) break;
    vb_buf_printf(w, "s.date BETWEEN $%d::integer AND $%d::integer", lo, hi);
    return VB_OK;
  }
  case VB_F_DOC:
    if ((p = add_param(c, n->text.ptr, n->text.len)) < 0) break;
    vb_buf_printf(w, "(left(d.hash, length($%d)) = lower($%d) OR d.number = $%d)", p, p, p);
    return VB_OK;
  default: return qerr(c, n, "unsupported filter");
  }
  return qerr(c, n, "query too large");
}

static int cond_sql(qc *c, const vb_qnode *n, vb_buf *w) {
  int rc;
  if (vb_query_is_fulltext(n)) return text_cond(c, n, w);
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

/* The root's text conjuncts make the one tsquery that drives and ranks the
 * search, "(p1 & p2) & !(n1) & !(n2)"; everything else is a condition. */
static int compile(qc *c, const vb_qnode *root) {
  c->has_kind = vb_query_has_field(root, VB_F_KIND);
  const vb_qnode *one[1] = {root};
  const vb_qnode *const *kids = one;
  size_t nk = 1;
  if (root->kind == VB_Q_AND) {
    kids = (const vb_qnode *const *)root->kids;
    nk = root->nkids;
  }
  int rc = VB_OK, npos = 0;
  for (size_t i = 0; i < nk && !rc; i++) {
    const vb_qnode *k = kids[i];
    if (vb_query_is_fulltext(k)) {
      vb_buf_adds(&c->ts, npos++ ? " & " : "(");
      rc = ts_expr(c, k, &c->ts);
      if (!rc) rc = collect_exact(c, k);
    }
  }
  if (!rc && npos) vb_buf_addc(&c->ts, ')');
  for (size_t i = 0; i < nk && !rc; i++) {
    const vb_qnode *k = kids[i];
    if (vb_query_is_fulltext(k)) continue;
    if (npos && k->kind == VB_Q_NOT && vb_query_is_fulltext(k->kids[0])) {
      vb_buf_adds(&c->ts, " & !(");
      rc = ts_expr(c, k->kids[0], &c->ts);
      vb_buf_addc(&c->ts, ')');
      continue;
    }
    if (c->where.len) vb_buf_adds(&c->where, " AND ");
    rc = cond_sql(c, k, &c->where);
  }
  if (!rc && (c->ts.failed || c->where.failed)) rc = qerr(c, root, "query too large");
  return rc;
}

int vb_pg_tsquery(pg *p, const vb_qnode *n, vb_buf *out) {
  qc c;
  memset(&c, 0, sizeof c);
  c.p = p;
  vb_err err;
  c.err = &err;
  return ts_expr(&c, n, out);
}

/* ---- search ------------------------------------------------------------------ */

static vb_str col(vb_arena *a, PGresult *r, int row, int i) {
  vb_str v = {0};
  if (PQgetisnull(r, row, i)) return v;
  size_t n = (size_t)PQgetlength(r, row, i);
  v.ptr = vb_arena_strndup(a, PQgetvalue(r, row, i), n);
  v.len = v.ptr ? n : 0;
  return v;
}

int vb_pg_search(pg *p, const vb_qnode *q, const vb_search_opts *o, vb_arena *a, vb_raw_results *res,
                 vb_err *err) {
  qc c;
  qc_init(&c, p, a, err);
  vb_buf match, sql;
  vb_buf_init(&match, MAX_SQL_BYTES);
  vb_buf_init(&sql, MAX_SQL_BYTES);
  PGresult *r = NULL;
  int rc = compile(&c, q);
  int ranked = c.ts.len > 0, tp = 0;
  if (!rc && ranked && (tp = add_param(&c, c.ts.ptr, c.ts.len)) < 0) rc = qerr(&c, q, "query too large");
  if (rc) goto out;
  /* the matching statements, with what ordering and facets need */
  vb_buf_adds(&match, "SELECT s.id, s.doc_id, s.speaker_id, s.date, ");
  if (ranked && o->sort != VB_SORT_DATE) vb_buf_printf(&match, "ts_rank_cd(s.tsv, $%d::tsquery, 2)", tp);
  else vb_buf_adds(&match, "0::real");
  vb_buf_adds(&match, " AS rank FROM statements s JOIN documents d ON d.id = s.doc_id WHERE ");
  if (ranked) vb_buf_printf(&match, "s.tsv @@ $%d::tsquery", tp);
  else vb_buf_adds(&match, "TRUE");
  if (c.where.len) vb_buf_printf(&match, " AND %s", c.where.ptr);
  if (match.failed) {
    rc = qerr(&c, q, "query too large");
    goto out;
  }
  int by_date = o->sort == VB_SORT_DATE || !ranked;
  const char *order = by_date ? "date DESC NULLS LAST, doc_id DESC, id" : "rank DESC, id";
  int limit = o->limit > 0 ? o->limit : 20, offset = o->offset > 0 ? o->offset : 0;
  /* one statement, one pass over the match: the page of hits with their
   * fields (k 0), the total (k 9), and each facet asked for (k 1-3) */
  /* the hit columns after ord are 20; a facet row fills the first */
  static const char nulls[] = "NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,"
                              "NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL";
  const char *hit_order = by_date ? "s.date DESC NULLS LAST, s.doc_id DESC, s.id" : "page.rank DESC, s.id";
  vb_buf_printf(&sql, "WITH m AS MATERIALIZED (%s), picked AS (", match.ptr);
  if (o->docs)
    vb_buf_printf(&sql, "SELECT * FROM (SELECT DISTINCT ON (doc_id) * FROM m ORDER BY doc_id, %s) x", order);
  else
    vb_buf_adds(&sql, "SELECT * FROM m");
  vb_buf_printf(&sql,
                "), page AS (SELECT * FROM picked ORDER BY %s LIMIT %d OFFSET %d)"
                " SELECT 0 AS k, 0::bigint AS n, row_number() OVER (ORDER BY %s) AS ord, d.hash, sp.name, s.kind, "
                STMT_TEXT ", d.title, d.series, d.number, d.date, d.channel, d.publisher, d.language, s.start,"
                " s.\"end\", s.paragraph, s.t_start, s.t_end, s.idx, s.id, page.rank,"
                " CASE WHEN EXISTS (SELECT 1 FROM statement_moves x WHERE x.doc_id = d.id) THEN d.parser ELSE 0 END"
                " FROM page JOIN statements s ON s.id = page.id JOIN documents d ON d.id = s.doc_id"
                " LEFT JOIN speakers sp ON sp.id = s.speaker_id"
                " UNION ALL SELECT 9, (SELECT count(*) FROM picked), 0, %s",
                order, limit, offset, hit_order, nulls);
  if (o->facets & VB_FACET_SPEAKER)
    vb_buf_printf(&sql,
                  " UNION ALL SELECT 1, n, row_number() OVER (ORDER BY n DESC, v), v, %s FROM"
                  " (SELECT sp.name AS v, count(*) AS n FROM m JOIN speakers sp ON sp.id = m.speaker_id"
                  " GROUP BY sp.id, sp.name ORDER BY 2 DESC, 1 LIMIT 10) f",
                  nulls + 5);
  if (o->facets & VB_FACET_TAG)
    vb_buf_printf(&sql,
                  " UNION ALL SELECT 2, n, row_number() OVER (ORDER BY n DESC, v), v, %s FROM"
                  " (SELECT min(t.tag) AS v, count(*) AS n FROM m JOIN tags t ON t.doc_id = m.doc_id"
                  " GROUP BY t.key ORDER BY 2 DESC, 1 LIMIT 10) f",
                  nulls + 5);
  if (o->facets & VB_FACET_ENTITY)
    vb_buf_printf(&sql,
                  " UNION ALL SELECT 4, n, row_number() OVER (ORDER BY n DESC, v), v, %s FROM"
                  " (SELECT e.name AS v, count(DISTINCT x.statement_id) AS n FROM m JOIN mentions x"
                  " ON x.statement_id = m.id JOIN entities e ON e.id = x.entity_id"
                  " GROUP BY e.id, e.name ORDER BY 2 DESC, 1 LIMIT 10) f",
                  nulls + 5);
  if (o->facets & VB_FACET_MONTH)
    vb_buf_printf(&sql,
                  " UNION ALL SELECT 3, n, row_number() OVER (ORDER BY n DESC, v), v, %s FROM"
                  " (SELECT to_char(ym / 100, 'FM0000') || '-' || to_char(ym %% 100, 'FM00') AS v, n FROM"
                  " (SELECT m.date / 100 AS ym, count(*) AS n FROM m WHERE m.date IS NOT NULL GROUP BY 1) x"
                  " ORDER BY n DESC, 1 LIMIT 24) f",
                  nulls + 5);
  vb_buf_adds(&sql, " ORDER BY 1, 3");
  if (sql.failed) {
    rc = qerr(&c, q, "query too large");
    goto out;
  }
  rc = vb_pg_exec(p, sql.ptr, c.nparams, c.params, &r, err, "searching");
  if (rc) {
    /* a tsquery the server refuses is the query's fault */
    if (!strncmp(p->sqlstate, "42", 2) || !strncmp(p->sqlstate, "22", 2)) err->code = VB_EQUERY;
    goto out;
  }
  res->total = 0;
  for (int i = 0; !rc && i < PQntuples(r); i++) {
    int k = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
    if (k == 9) {
      res->total = strtoll(PQgetvalue(r, i, 1), NULL, 10);
      continue;
    }
    if (k >= 1 && k <= 4) {
      vb_facet *f = VB_VEC_PUSH(a, res->facets[k == 1 ? 0 : k == 2 ? 2 : k == 3 ? 3 : 1]);
      if (!f) {
        rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
        break;
      }
      f->value = col(a, r, i, 3);
      f->count = strtoll(PQgetvalue(r, i, 1), NULL, 10);
      continue;
    }
    vb_raw_hit *h = VB_VEC_PUSH(a, res->hits);
    if (!h) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    memset(h, 0, sizeof *h);
    snprintf(h->doc, sizeof h->doc, "%s", PQgetvalue(r, i, 3));
    h->speaker = col(a, r, i, 4);
    h->kind = col(a, r, i, 5);
    h->text = col(a, r, i, 6);
    h->title = col(a, r, i, 7);
    h->series = col(a, r, i, 8);
    h->number = col(a, r, i, 9);
    h->date = col(a, r, i, 10);
    h->channel = col(a, r, i, 11);
    h->publisher = col(a, r, i, 12);
    h->language = col(a, r, i, 13);
    h->start = (uint32_t)strtoul(PQgetvalue(r, i, 14), NULL, 10);
    h->end = (uint32_t)strtoul(PQgetvalue(r, i, 15), NULL, 10);
    h->paragraph = PQgetisnull(r, i, 16) ? 0 : (int32_t)strtol(PQgetvalue(r, i, 16), NULL, 10);
    h->time.start = PQgetisnull(r, i, 17) ? -1 : strtod(PQgetvalue(r, i, 17), NULL);
    h->time.end = PQgetisnull(r, i, 18) ? -1 : strtod(PQgetvalue(r, i, 18), NULL);
    h->index = (int32_t)strtol(PQgetvalue(r, i, 19), NULL, 10);
    h->statement = strtoll(PQgetvalue(r, i, 20), NULL, 10);
    h->score = ranked && !by_date ? strtod(PQgetvalue(r, i, 21), NULL) : 0;
    h->numbering = (int32_t)strtol(PQgetvalue(r, i, 22), NULL, 10);
  }
out:
  PQclear(r);
  qc_free(&c);
  vb_buf_free(&match);
  vb_buf_free(&sql);
  return rc;
}

int vb_pg_alert_matches(pg *p, const vb_qnode *q, const char *watch_id, const char *doc_id, vb_err *err) {
  vb_arena *a = vb_arena_new(0);
  if (!a) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  qc c;
  qc_init(&c, p, a, err);
  vb_buf sql;
  vb_buf_init(&sql, MAX_SQL_BYTES);
  int rc = compile(&c, q);
  int w = rc ? -1 : add_param(&c, watch_id, strlen(watch_id)), d = rc ? -1 : add_param(&c, doc_id, strlen(doc_id));
  int t = !rc && c.ts.len ? add_param(&c, c.ts.ptr, c.ts.len) : 0;
  if (!rc && (w < 0 || d < 0 || t < 0)) rc = qerr(&c, q, "query too large");
  if (!rc) {
    vb_buf_printf(&sql,
                  "INSERT INTO alerts(watch_id, statement_id) SELECT $%d::bigint, s.id FROM statements s"
                  " JOIN documents d ON d.id = s.doc_id WHERE s.doc_id = $%d::bigint",
                  w, d);
    if (t) vb_buf_printf(&sql, " AND s.tsv @@ $%d::tsquery", t);
    if (c.where.len) vb_buf_printf(&sql, " AND %s", c.where.ptr);
    vb_buf_adds(&sql, " ON CONFLICT DO NOTHING");
    rc = sql.failed ? qerr(&c, q, "query too large")
                    : vb_pg_exec(p, sql.ptr, c.nparams, c.params, NULL, err, "recording alerts");
  }
  qc_free(&c);
  vb_buf_free(&sql);
  vb_arena_free(a);
  return rc;
}

int vb_pg_each_match(pg *p, const vb_qnode *q, int (*fn)(void *ctx, int64_t id, int64_t speaker, int64_t date),
                     void *ctx, vb_err *err) {
  vb_arena *a = vb_arena_new(0);
  if (!a) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  qc c;
  qc_init(&c, p, a, err);
  vb_buf sql;
  vb_buf_init(&sql, MAX_SQL_BYTES);
  int rc = compile(&c, q);
  int t = !rc && c.ts.len ? add_param(&c, c.ts.ptr, c.ts.len) : 0;
  if (!rc && t < 0) rc = qerr(&c, q, "query too large");
  if (!rc) {
    vb_buf_adds(&sql, "SELECT s.id, coalesce(s.speaker_id, 0), coalesce(s.date, 0) FROM statements s"
                      " JOIN documents d ON d.id = s.doc_id WHERE TRUE");
    if (t) vb_buf_printf(&sql, " AND s.tsv @@ $%d::tsquery", t);
    if (c.where.len) vb_buf_printf(&sql, " AND %s", c.where.ptr);
    if (sql.failed) rc = qerr(&c, q, "query too large");
  }
  /* row by row: a broad query matches a million statements */
  int sent = 0;
  if (!rc) {
    if (!PQsendQueryParams(p->c, sql.ptr, c.nparams, NULL, c.params, NULL, NULL, 0))
      rc = vb_pg_err(p, err, "matching", NULL);
    else
      sent = 1;
    if (sent) PQsetSingleRowMode(p->c); /* if refused, the rows come at once: the same loop reads them */
  }
  PGresult *r;
  while (sent && (r = PQgetResult(p->c))) {
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
      for (int i = 0; !rc && i < PQntuples(r); i++)
        rc = fn(ctx, strtoll(PQgetvalue(r, i, 0), NULL, 10), strtoll(PQgetvalue(r, i, 1), NULL, 10),
                strtoll(PQgetvalue(r, i, 2), NULL, 10));
    } else if (!rc) {
      rc = vb_pg_err(p, err, "matching", r);
    }
    PQclear(r); /* read to the end, whatever happened: the connection stays usable */
  }
  qc_free(&c);
  vb_buf_free(&sql);
  vb_arena_free(a);
  return rc;
}
