/* pg_watches — standing queries in the PostgreSQL backend, shared by every
 * process on the database. Each document's statements are matched inside
 * the document's own transaction, so its alerts commit with it, once per
 * (watch, statement) (a unique key): a second ingester of the same
 * document, or a retry, records nothing twice.
 *
 * Every process keeps the watches compiled in an in-memory matcher
 * (query/matcher.c) and checks, per document, whether they changed. Adding
 * or removing a watch takes an exclusive advisory lock that each document
 * holds shared while it matches: a document either matches before the
 * change commits or sees it — no statement stored after a watch was added
 * goes unmatched. Statements the words alone cannot decide (filters, exact
 * forms, NEAR distances) are confirmed by the same SQL search, restricted
 * to the document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "query/matcher.h"
#include "store/pg_int.h"
#include "analyze/analyze.h"

typedef struct pw {
  char id[24];
  char *query;
} pw;

struct vb_pg_watches {
  char signature[64]; /* max(id)/count(*) when compiled */
  pw *w;
  size_t n;
  vb_matcher *m;
  uint8_t *confirm;
};

void vb_pg_watches_free(pg *p) {
  struct vb_pg_watches *w = p->watches;
  if (!w) return;
  for (size_t i = 0; i < w->n; i++) free(w->w[i].query);
  free(w->w);
  free(w->confirm);
  vb_matcher_free(w->m);
  free(w);
  p->watches = NULL;
}

/* Takes the shared lock and makes sure the compiled watches are current;
 * inside the document's transaction. */
static int load(pg *p, vb_err *err) {
  PGresult *r = PQexec(p->c, "SELECT pg_advisory_xact_lock_shared(" VB_PG_WATCH_LOCK ");"
                             " SELECT coalesce(max(id), 0) || '/' || count(*) FROM watches");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    int rc = vb_pg_err(p, err, "reading watches", r);
    PQclear(r);
    return rc;
  }
  char sig[64];
  snprintf(sig, sizeof sig, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  if (p->watches && !strcmp(p->watches->signature, sig)) return VB_OK;
  vb_pg_watches_free(p);
  struct vb_pg_watches *w = calloc(1, sizeof *w);
  if (!w) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  p->watches = w;
  snprintf(w->signature, sizeof w->signature, "%s", sig);
  int rc = vb_pg_exec(p, "SELECT id, query FROM watches ORDER BY id", 0, NULL, &r, err, "reading watches");
  if (rc) return rc;
  size_t n = (size_t)PQntuples(r);
  w->w = calloc(n + 1, sizeof *w->w);
  w->confirm = calloc(n + 1, 1);
  w->m = vb_matcher_new(p->termer);
  if (!w->w || !w->confirm || !w->m) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  for (size_t i = 0; !rc && i < n; i++) {
    pw *x = &w->w[w->n];
    snprintf(x->id, sizeof x->id, "%s", PQgetvalue(r, (int)i, 0));
    x->query = strdup(PQgetvalue(r, (int)i, 1));
    if (!x->query) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    w->n++;
    vb_arena *a = vb_arena_new((size_t)1 << 20);
    vb_qnode *q;
    vb_err qerr;
    /* checked when added; one that no longer parses is left out, never the document */
    if (!a) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    else if (!vb_query_parse(x->query, strlen(x->query), a, &q, &qerr) &&
             vb_matcher_add(w->m, (uint32_t)(w->n - 1), q, NULL))
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    vb_arena_free(a);
  }
  PQclear(r);
  if (rc) vb_pg_watches_free(p);
  return rc;
}

/* One statement's tokens as the matcher's word ids. */
typedef struct tokens {
  vb_matcher *m;
  uint32_t *ids;
  const char **texts;
  size_t *lens;
  uint32_t *pos;
  size_t n, cap;
  size_t start, end; /* the last token's span: the next on it is colocated */
  int failed;
} tokens;

static int take(void *c, const char *tok, size_t n, size_t start, size_t end) {
  tokens *t = c;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    uint32_t *ids = realloc(t->ids, cap * sizeof *ids);
    if (ids) t->ids = ids;
    const char **texts = ids ? realloc(t->texts, cap * sizeof *texts) : NULL;
    if (texts) t->texts = texts;
    size_t *lens = texts ? realloc(t->lens, cap * sizeof *lens) : NULL;
    if (lens) t->lens = lens;
    uint32_t *pos = lens ? realloc(t->pos, cap * sizeof *pos) : NULL;
    if (!pos) {
      t->failed = 1;
      return 1;
    }
    t->pos = pos;
    t->cap = cap;
  }
  t->ids[t->n] = vb_matcher_word(t->m, tok, n);
  t->texts[t->n] = tok;
  t->lens[t->n] = n;
  t->pos[t->n] = !t->n ? 0 : t->pos[t->n - 1] + (start != t->start || end != t->end);
  t->start = start;
  t->end = end;
  t->n++;
  return 0;
}

typedef struct hits {
  pg *p;
  const char *statement;
  VB_VEC(const char *) rows; /* watch id, statement id, … */
  vb_arena *a;
  int failed;
} hits;

static int on_hit(void *c, uint32_t idx, int certain) {
  hits *h = c;
  struct vb_pg_watches *w = h->p->watches;
  if (!certain) {
    w->confirm[idx] = 1;
    return 0;
  }
  const char **a = VB_VEC_PUSH(h->a, h->rows), **b = a ? VB_VEC_PUSH(h->a, h->rows) : NULL;
  if (!b) {
    h->failed = 1;
    return 1;
  }
  *a = w->w[idx].id;
  *b = h->statement;
  return 0;
}

int vb_pg_match_doc(pg *p, const char *doc_id, const char *const *stmt_ids, const char *pre,
                    const size_t *pre_off, size_t n, vb_err *err) {
  int rc = load(p, err);
  struct vb_pg_watches *w = p->watches;
  if (rc || !w || !w->n || !n) return rc;
  memset(w->confirm, 0, w->n);
  vb_arena *a = vb_arena_new(0);
  if (!a) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  hits h;
  memset(&h, 0, sizeof h);
  h.p = p;
  h.a = a;
  tokens t = {.m = w->m};
  for (size_t i = 0; !rc && i < n; i++) {
    t.n = 0;
    an_pre_each(pre + pre_off[i], pre_off[i + 1] - pre_off[i], take, &t);
    if (t.failed) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    h.statement = stmt_ids[i];
    vb_matcher_statement ms = {t.ids, t.texts, t.lens, t.n, t.pos};
    vb_matcher_match(w->m, &ms, on_hit, &h, 0, NULL);
    if (h.failed) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  }
  free(t.ids);
  free(t.texts);
  free(t.lens);
  free(t.pos);
  if (!rc && h.rows.n)
    rc = vb_pg_insert_rows(p, "INSERT INTO alerts(watch_id, statement_id)", "ON CONFLICT DO NOTHING", 2,
                           h.rows.n / 2, h.rows.v, err, "recording alerts");
  /* what only the archive can decide: the same search, this document only */
  for (size_t i = 0; !rc && i < w->n; i++) {
    if (!w->confirm[i]) continue;
    vb_arena *qa = vb_arena_new((size_t)1 << 20);
    vb_qnode *q;
    vb_err qerr;
    if (!qa) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    else if (!vb_query_parse(w->w[i].query, strlen(w->w[i].query), qa, &q, &qerr))
      rc = vb_pg_alert_matches(p, q, w->w[i].id, doc_id, err);
    vb_arena_free(qa);
  }
  vb_arena_free(a);
  return rc;
}

/* ---- watches and alerts ------------------------------------------------------ */

int vb_pg_watch_put(pg *p, const char *name, const char *query, const char *sink, int anchored, vb_err *err) {
  const char *v[4] = {name, query, sink, anchored ? "1" : "0"};
  int rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "adding watch");
  /* documents matching now finish first; later ones see this watch */
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_WATCH_LOCK ")", 0, NULL, NULL, err, "adding watch");
  if (!rc)
    rc = vb_pg_exec(p, "INSERT INTO watches(name, query, sink, anchored) VALUES($1,$2,$3,$4::integer)", 4, v, NULL,
                    err, "adding watch");
  if (rc && !strcmp(p->sqlstate, "23505"))
    rc = vb_err_set(err, VB_EUSAGE, p->uri, -1, "a watch called \"%s\" exists already", name);
  if (!rc) return vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "adding watch");
  vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
  return rc;
}

int vb_pg_watch_rm(pg *p, const char *name, vb_err *err) {
  const char *v[1] = {name};
  PGresult *r = NULL;
  int rc = vb_pg_exec(p, "BEGIN", 0, NULL, NULL, err, "removing watch");
  if (!rc) rc = vb_pg_exec(p, "SELECT pg_advisory_xact_lock(" VB_PG_WATCH_LOCK ")", 0, NULL, NULL, err, "removing watch");
  if (!rc) rc = vb_pg_exec(p, "DELETE FROM watches WHERE name = $1 RETURNING id", 1, v, &r, err, "removing watch");
  int gone = r && PQntuples(r) > 0;
  PQclear(r);
  if (!rc) rc = vb_pg_exec(p, "COMMIT", 0, NULL, NULL, err, "removing watch");
  else vb_pg_exec(p, "ROLLBACK", 0, NULL, NULL, NULL, "");
  if (!rc && !gone) return vb_err_set(err, VB_ENOTFOUND, p->uri, -1, "no watch called \"%s\"", name);
  return rc;
}

static json_t *col(PGresult *r, int row, int i) {
  return PQgetisnull(r, row, i) ? json_null() : json_string(PQgetvalue(r, row, i));
}

int vb_pg_watches_json(pg *p, char **json, vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p,
                      "SELECT w.name, w.query, w.sink, w.created, w.anchored,"
                      " (SELECT count(*) FROM alerts a WHERE a.watch_id = w.id) FROM watches w"
                      " ORDER BY w.name COLLATE \"C\"",
                      0, NULL, &r, err, "listing watches");
  if (rc) return rc;
  json_t *arr = json_array();
  for (int i = 0; i < PQntuples(r); i++)
    json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o,s:b,s:I}", "name", col(r, i, 0), "query", col(r, i, 1),
                                         "sink", col(r, i, 2), "created", col(r, i, 3), "indexed",
                                         strcmp(PQgetvalue(r, i, 4), "0") != 0, "alerts",
                                         (json_int_t)strtoll(PQgetvalue(r, i, 5), NULL, 10)));
  PQclear(r);
  *json = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
}

int vb_pg_alerts_json(pg *p, const vb_alert_filter *f, char **json, vb_err *err) {
  char after[24], limit[24], claim[24];
  snprintf(after, sizeof after, "%lld", (long long)f->after);
  snprintf(limit, sizeof limit, "%d", f->limit > 0 ? f->limit : 0);
  snprintf(claim, sizeof claim, "%lld", (long long)f->claim);
  const char *v[6] = {f->watch, f->since, f->pending ? "1" : "0", after, f->limit > 0 ? limit : NULL,
                      f->claim ? claim : NULL};
  PGresult *r;
  int rc = vb_pg_exec(
      p,
      "SELECT a.id, a.at, w.name, w.query, w.sink, d.hash, s.idx, s.kind, sp.name,"
      " convert_from(substring(convert_to(d.body, 'UTF8') from s.start + 1 for s.\"end\" - s.start), 'UTF8'),"
      " d.title, d.series, d.number, d.date, d.channel, s.start, s.\"end\", a.delivered, a.error,"
      " CASE WHEN EXISTS (SELECT 1 FROM statement_moves x WHERE x.doc_id = d.id) THEN d.parser ELSE 0 END"
      " FROM alerts a JOIN watches w ON w.id = a.watch_id JOIN statements s ON s.id = a.statement_id"
      " JOIN documents d ON d.id = s.doc_id LEFT JOIN speakers sp ON sp.id = s.speaker_id"
      " WHERE ($1::text IS NULL OR w.name = $1) AND ($2::text IS NULL OR a.at >= $2)"
      " AND ($3::integer = 0 OR a.delivered = 0) AND a.id > $4::bigint AND ($6::bigint IS NULL OR a.claim = $6)"
      " ORDER BY a.id LIMIT $5::bigint",
      6, v, &r, err, "listing alerts");
  if (rc) return rc;
  json_t *arr = json_array();
  static const char *const states[] = {"pending", "delivered", "dead"};
  for (int i = 0; i < PQntuples(r); i++) {
    char link[160];
    if (strcmp(PQgetvalue(r, i, 19), "0"))
      snprintf(link, sizeof link, "/d/%s#s%sv%s", PQgetvalue(r, i, 5), PQgetvalue(r, i, 6), PQgetvalue(r, i, 19));
    else
      snprintf(link, sizeof link, "/d/%s#s%s", PQgetvalue(r, i, 5), PQgetvalue(r, i, 6));
    json_t *stmt = json_pack("{s:o,s:i,s:o,s:o,s:o,s:s,s:I,s:I}", "doc", col(r, i, 5), "index",
                             (int)strtol(PQgetvalue(r, i, 6), NULL, 10), "kind", col(r, i, 7), "speaker", col(r, i, 8),
                             "text", col(r, i, 9), "link", link, "start",
                             (json_int_t)strtoll(PQgetvalue(r, i, 15), NULL, 10), "end",
                             (json_int_t)strtoll(PQgetvalue(r, i, 16), NULL, 10));
    json_t *docj = json_pack("{s:o,s:o,s:o,s:o,s:o}", "title", col(r, i, 10), "series", col(r, i, 11), "number",
                             col(r, i, 12), "date", col(r, i, 13), "channel", col(r, i, 14));
    int state = (int)strtol(PQgetvalue(r, i, 17), NULL, 10);
    json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s}", "id", (json_int_t)strtoll(PQgetvalue(r, i, 0), NULL, 10),
                          "at", col(r, i, 1), "watch", col(r, i, 2), "query", col(r, i, 3), "sink", col(r, i, 4),
                          "statement", stmt, "document", docj, "state", states[state >= 0 && state <= 2 ? state : 0]);
    if (!PQgetisnull(r, i, 18)) json_object_set_new(o, "error", col(r, i, 18));
    json_array_append_new(arr, o);
  }
  PQclear(r);
  *json = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
}

int vb_pg_alerts_delivered(pg *p, const int64_t *ids, size_t n, const char *dead, vb_err *err) {
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)ids[i]);
    const char *v[3] = {id, dead ? "2" : "1", dead};
    rc = vb_pg_exec(p, "UPDATE alerts SET delivered = $2::integer, error = $3 WHERE id = $1::bigint", 3, v, NULL, err,
                    "marking alerts");
  }
  return rc;
}

int vb_pg_alerts_claim(pg *p, int64_t claim, int stale, size_t *n, vb_err *err) {
  char c[24], s[24];
  snprintf(c, sizeof c, "%lld", (long long)claim);
  snprintf(s, sizeof s, "%d", stale);
  const char *v[2] = {c, s};
  PGresult *r;
  *n = 0;
  int rc = vb_pg_exec(p,
                      "UPDATE alerts SET claim = $1::bigint, claimed_at = extract(epoch from now())::bigint"
                      " WHERE delivered = 0 AND (claim IS NULL OR claimed_at < extract(epoch from now())::bigint - $2::integer)",
                      2, v, &r, err, "claiming alerts");
  if (!rc) *n = (size_t)strtoull(PQcmdTuples(r), NULL, 10);
  PQclear(r);
  return rc;
}

int vb_pg_alerts_release(pg *p, int64_t claim, vb_err *err) {
  char c[24];
  snprintf(c, sizeof c, "%lld", (long long)claim);
  const char *v[1] = {c};
  return vb_pg_exec(p, "UPDATE alerts SET claim = NULL, claimed_at = NULL WHERE claim = $1::bigint", 1, v, NULL, err,
                    "releasing alerts");
}

int vb_pg_alerts_last(pg *p, int64_t *id, vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p, "SELECT coalesce(max(id), 0) FROM alerts", 0, NULL, &r, err, "reading alerts");
  *id = rc ? 0 : strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return rc;
}
