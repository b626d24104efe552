/* alerts — standing queries and what they caught, written once over the
 * SQL driver: adding and removing watches (under the backend's watch lock,
 * so no document being matched misses a change), listing them, listing
 * alerts, and the claims that let several deliverers share the work
 * without sending one alert twice: a deliverer claims the pending alerts
 * nobody holds (or whose claim went stale with a crashed deliverer),
 * marks what it delivered, and gives back the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

static vs_db primary(const vb_store *st) { return (vs_db){st->ops->sql, st->impl}; }

/* Runs one write in a transaction of its own, with the watch lock when
 * watches change; *changed gets the rows it changed. */
static int write_one(vb_store *st, const char *sql, int lock, const char *a, const char *b, const char *c, int64_t d,
                     int64_t *changed, vb_err *err) {
  vs_db db = primary(st);
  int rc = st->ops->flush(st->impl, err);
  if (!rc) rc = db.drv->begin(db.conn, err);
  if (rc) return rc;
  const char *lock_sql = db.drv->dialect->lock_watches;
  if (lock && lock_sql) rc = vs_sql_exec(db, lock_sql, err);
  vs_sql *q = NULL;
  if (!rc) rc = vs_sql_prepare(db, sql, &q, err);
  if (!rc) {
    vs_bind_str(q, 1, a);
    vs_bind_str(q, 2, b);
    vs_bind_str(q, 3, c);
    vs_bind_int(q, 4, d);
    rc = vs_sql_run(q, err);
    if (changed) *changed = vs_changes(q);
  }
  int conflict = rc && db.drv->conflict(db.conn);
  vs_finalize(q);
  /* every connection compiles the watches again (matching.c) */
  if (!rc && lock) rc = vs_sql_exec(db, VS_WATCH_GENERATION_BUMP, err);
  if (!rc) rc = db.drv->commit(db.conn, err);
  else db.drv->rollback(db.conn);
  return conflict ? -1 : rc;
}

int vs_watch_put(vb_store *st, const char *name, const char *query, const char *sink, int anchored, vb_err *err) {
  int rc = write_one(st, "INSERT INTO watches(name, query, sink, anchored) VALUES(?1, ?2, ?3, ?4)", 1, name, query,
                     sink, anchored, NULL, err);
  if (rc == -1) return vb_err_set(err, VB_EUSAGE, "", -1, "a watch called \"%s\" exists already", name);
  return rc;
}

int vb_watch_rm(vb_store *st, const char *name, vb_err *err) {
  vb_err_clear(err);
  int64_t gone = 0;
  int rc = write_one(st, "DELETE FROM watches WHERE name = ?1", 1, name, NULL, NULL, 0, &gone, err);
  if (!rc && !gone) return vb_err_set(err, VB_ENOTFOUND, "", -1, "no watch called \"%s\"", name);
  return rc < 0 ? VB_ESTORE : rc;
}

/* ---- listing ----------------------------------------------------------------- */

typedef struct rows {
  vb_arena *a;
  vb_err *err;
  void *vec; /* a VB_VEC of the row type */
} rows;

static int watch_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_watch_row) *v = x->vec;
  vb_watch_row *w = VB_VEC_PUSH(x->a, *v);
  if (!w) return OOM(x->err);
  w->name = vs_col_str(q, 0, x->a);
  w->query = vs_col_str(q, 1, x->a);
  w->sink = vs_col_str(q, 2, x->a);
  w->created = vs_col_str(q, 3, x->a);
  w->indexed = vs_col_int(q, 4) != 0;
  w->alerts = vs_col_int(q, 5);
  return VB_OK;
}

int vb_store_watches(vb_store *st, vb_watch_list **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_arena *a;
  vb_watch_list *l = vs_box_new(sizeof *l, 0, &a);
  if (!l) return OOM(err);
  vs_db db = primary(st);
  char sql[320];
  snprintf(sql, sizeof sql,
           "SELECT w.name, w.query, w.sink, w.created, w.anchored,"
           " (SELECT count(*) FROM alerts a WHERE a.watch_id = w.id) FROM watches w ORDER BY w.name%s",
           db.drv->dialect->binary);
  VB_VEC(vb_watch_row) v = {0};
  rows x = {a, err, &v};
  int rc = vs_box_finish(a, vs_sql_rows(db, sql, 0, watch_row, &x, err), err);
  if (rc) return rc;
  l->watches = v.v;
  l->n = v.n;
  *out = l;
  return VB_OK;
}

void vb_watch_list_free(vb_watch_list *l) { vs_box_free(l); }

/* The alerts of a page, with the document each statement is in: the
 * texts come after, a document's body read once for all its alerts. */
typedef struct alert_rows {
  rows r;
  VB_VEC(int64_t) docs; /* per alert, its document's id */
  VB_VEC(uint64_t) matched; /* per alert, its reasons' bits (vs_alert_list) */
  VB_VEC(uint8_t) known;
} alert_rows;

static int alert_row(void *ctx, vs_sql *q) {
  alert_rows *ar = ctx;
  rows *r = &ar->r;
  vb_arena *a = r->a;
  VB_VEC(vb_alert) *v = r->vec;
  vb_alert *x = VB_VEC_PUSH(a, *v);
  int64_t *doc = VB_VEC_PUSH(a, ar->docs);
  uint64_t *bits = VB_VEC_PUSH(a, ar->matched);
  uint8_t *known = VB_VEC_PUSH(a, ar->known);
  if (!x || !doc || !bits || !known) return OOM(r->err);
  memset(x, 0, sizeof *x);
  x->id = vs_col_int(q, 0);
  x->at = vs_col_str(q, 1, a);
  x->watch = vs_col_str(q, 2, a);
  x->query = vs_col_str(q, 3, a);
  x->sink = vs_col_str(q, 4, a);
  snprintf(x->doc, sizeof x->doc, "%s", vs_col_text(q, 5, NULL));
  x->index = (int32_t)vs_col_int(q, 6);
  x->kind = vs_col_str(q, 7, a);
  x->speaker = vs_col_str(q, 8, a);
  *doc = vs_col_int(q, 9);
  x->title = vs_col_str(q, 10, a);
  x->series = vs_col_str(q, 11, a);
  x->number = vs_col_str(q, 12, a);
  x->date = vs_col_str(q, 13, a);
  x->channel = vs_col_str(q, 14, a);
  x->start = (uint32_t)vs_col_int(q, 15);
  x->end = (uint32_t)vs_col_int(q, 16);
  x->state = (int)vs_col_int(q, 17);
  x->error = vs_col_str(q, 18, a);
  x->link = vs_permalink(a, x->doc, x->index, (int)vs_col_int(q, 19));
  x->lang = vs_col_str(q, 20, a);
  *known = !vs_col_null(q, 21);
  *bits = *known ? (uint64_t)vs_col_int(q, 21) : 0;
  return VB_OK;
}

/* Alerts one statement marks delivered. */
#define DELIVER_MARK 500

/* Documents whose spans one query reads. */
#define ALERT_TEXT_DOCS 200

/* One document's span covering every alert of the page in it. */
typedef struct cover {
  int64_t doc;
  uint32_t lo, hi;
  vb_str text; /* the body's bytes lo..hi */
} cover;

typedef struct covers {
  vb_arena *a;
  cover *v;
  size_t n;
  vs_slots slots;     /* the alerts' documents, sorted (sql.h) */
  const size_t *which; /* per alert, its cover */
} covers;

static int cover_row(void *ctx, vs_sql *q) {
  covers *c = ctx;
  vs_slots m = vs_slots_of(&c->slots, vs_col_int(q, 0));
  if (m.n) c->v[c->which[m.v[0].slot]].text = vs_col_str(q, 1, c->a);
  return VB_OK;
}

/* Each alert's statement text, cut from one read of its document's body
 * per page: the text as a column of the alerts' own query made each
 * alert read its whole document (a page of 500 alerts from ten speeches
 * read those speeches 500 times). One query for the page: the span of
 * each document that covers its alerts, as the dialect cuts it. */
static int alert_texts(vs_db db, vb_alert *al, const int64_t *docs, size_t n, vb_arena *a, vb_err *err) {
  if (!n) return VB_OK;
  vs_slot *sv = vb_arena_alloc(a, n * sizeof *sv);
  size_t *which = vb_arena_alloc(a, n * sizeof *which);
  covers c = {a, vb_arena_alloc(a, n * sizeof(cover)), 0, {0}, which};
  if (!sv || !which || !c.v) return OOM(err);
  /* the alerts by document: a run of one id is one document's cover */
  c.slots = vs_slots_make(sv, docs, n);
  for (size_t k = 0; k < n; k++) {
    size_t i = sv[k].slot;
    if (!k || sv[k].id != sv[k - 1].id) c.v[c.n++] = (cover){sv[k].id, al[i].start, al[i].end, {0}};
    cover *cv = &c.v[c.n - 1];
    if (al[i].start < cv->lo) cv->lo = al[i].start;
    if (al[i].end > cv->hi) cv->hi = al[i].end;
    which[i] = c.n - 1;
  }
  int rc = VB_OK;
  for (size_t from = 0; !rc && from < c.n; from += ALERT_TEXT_DOCS) {
    size_t to = from + ALERT_TEXT_DOCS < c.n ? from + ALERT_TEXT_DOCS : c.n;
    vb_buf sql;
    vb_buf_init(&sql, 0);
    vb_buf_adds(&sql, "WITH s(id, start, \"end\") AS (VALUES ");
    for (size_t k = from; k < to; k++)
      vb_buf_printf(&sql, "%s(%lld, %u, %u)", k > from ? ", " : "", (long long)c.v[k].doc, c.v[k].lo, c.v[k].hi);
    vb_buf_printf(&sql, ") SELECT s.id, %s FROM s JOIN documents d ON d.id = s.id", db.drv->dialect->stmt_text);
    vs_sql *q = NULL;
    rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    if (!rc) rc = vs_sql_each(q, cover_row, &c, err);
    vs_finalize(q);
  }
  for (size_t i = 0; !rc && i < n; i++) {
    const cover *cv = &c.v[which[i]];
    if (!cv->text.ptr) continue; /* the document is gone: no text, as before */
    size_t lo = al[i].start - cv->lo, hi = al[i].end - cv->lo;
    if (hi > cv->text.len) hi = cv->text.len;
    if (lo > hi) lo = hi;
    /* its own copy, NUL-terminated as every column read is */
    char *t = vb_arena_strndup(a, cv->text.ptr + lo, hi - lo);
    if (!t) rc = OOM(err);
    al[i].text = (vb_str){t, hi - lo};
  }
  return rc;
}

int vs_alerts(vb_store *st, const vs_alert_filter *f, vb_alert_list **out, vb_err *err) {
  *out = NULL;
  vb_arena *a;
  vs_alert_list *l = vs_box_new(sizeof *l, 0, &a);
  if (!l) return OOM(err);
  vs_db db = primary(st);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_printf(&sql,
                "SELECT a.id, a.at, w.name, w.query, w.sink, d.hash, s.idx, s.kind,"
                " (SELECT name FROM speakers WHERE id = s.speaker_id), d.id,"
                " d.title, d.series, d.number, d.date, d.channel, s.start, s.\"end\", a.delivered, a.error, %s, s.lang,"
                " a.matched"
                " FROM alerts a JOIN watches w ON w.id = a.watch_id JOIN statements s ON s.id = a.statement_id"
                " JOIN documents d ON d.id = s.doc_id WHERE a.id > ?1",
                VS_NUMBERING);
  if (f->watch) vb_buf_adds(&sql, " AND w.name = ?2");
  if (f->since) vb_buf_adds(&sql, " AND a.at >= ?3");
  if (f->pending) vb_buf_adds(&sql, " AND a.delivered = 0");
  if (f->claim) vb_buf_adds(&sql, " AND a.claim = ?4");
  if (f->before > 0) vb_buf_adds(&sql, " AND a.id < ?6");
  vb_buf_adds(&sql, f->newest ? " ORDER BY a.id DESC" : " ORDER BY a.id");
  if (f->limit > 0) vb_buf_adds(&sql, " LIMIT ?5");
  vs_sql *q = NULL;
  int rc = st->ops->flush(st->impl, err);
  if (!rc) rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
  vb_buf_free(&sql);
  VB_VEC(vb_alert) v = {0};
  alert_rows x = {{a, err, &v}, {0}, {0}, {0}};
  if (!rc) {
    vs_bind_int(q, 1, f->after);
    if (f->watch) vs_bind_str(q, 2, f->watch);
    if (f->since) vs_bind_str(q, 3, f->since);
    if (f->claim) vs_bind_int(q, 4, f->claim);
    if (f->limit > 0) vs_bind_int(q, 5, f->limit);
    if (f->before > 0) vs_bind_int(q, 6, f->before);
    rc = vs_sql_each(q, alert_row, &x, err);
  }
  vs_finalize(q);
  if (!rc) rc = alert_texts(db, v.v, x.docs.v, v.n, a, err);
  if ((rc = vs_box_finish(a, rc, err))) return rc;
  l->list.alerts = v.v;
  l->list.n = v.n;
  l->matched = x.matched.v;
  l->known = x.known.v;
  *out = &l->list;
  return VB_OK;
}

int vb_store_alerts(vb_store *st, const char *watch, const char *since, vb_alert_list **out, vb_err *err) {
  vb_err_clear(err);
  vs_alert_filter f = {.watch = watch, .since = since};
  return vs_alerts(st, &f, out, err);
}

int vb_store_alerts_page(vb_store *st, const vb_alert_page *p, vb_alert_list **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (p->limit <= 0) return vb_err_set(err, VB_EUSAGE, "", -1, "a page holds at least one alert");
  vs_alert_filter f = {.watch = p->watch, .since = p->since, .after = p->after, .before = p->before,
                       .newest = p->newest, .limit = p->limit};
  return vs_alerts(st, &f, out, err);
}

void vb_alert_list_free(vb_alert_list *l) { vs_box_free(l); }

/* What a sink shows of itself in an answer: a webhook its scheme and host,
 * never its credentials, path or query (often the secret itself, as in
 * hooks.example/services/T0/B0/SECRET); a file nothing of its path; stdout
 * as it is. In the arena; {"***", 3} when it is out of memory. */
static vb_str shown_sink(vb_arena *a, vb_str sink) {
  vb_buf b;
  vb_buf_init(&b, 0);
  const char *s = sink.ptr;
  size_t n = sink.len;
  if (n == 6 && !memcmp(s, "stdout", 6)) {
    vb_buf_adds(&b, "stdout");
  } else if (n >= 8 && !memcmp(s, "webhook:", 8)) {
    const char *url = s + 8, *end = s + n, *host = url;
    for (const char *c = url; c + 3 <= end; c++)
      if (!memcmp(c, "://", 3)) {
        host = c + 3;
        break;
      }
    size_t hn = 0;
    while (host + hn < end && !strchr("/?#", host[hn])) hn++;
    const char *at = memchr(host, '@', hn);
    size_t scheme = (size_t)(host - url);
    if (at) {
      hn -= (size_t)(at + 1 - host);
      host = at + 1;
    }
    vb_buf_printf(&b, "webhook:%.*s%.*s/***", (int)scheme, url, (int)hn, host);
  } else if (n >= 5 && !memcmp(s, "file:", 5)) {
    vb_buf_adds(&b, "file:***");
  } else {
    vb_buf_adds(&b, "***");
  }
  vb_str out = {b.failed || !b.ptr ? NULL : vb_arena_strndup(a, b.ptr, b.len), b.len};
  vb_buf_free(&b);
  return out.ptr ? out : (vb_str){"***", 3};
}

void vb_watch_list_redact(vb_watch_list *l) {
  vb_arena *a = vs_box_arena(l);
  vb_watch_row *w = (vb_watch_row *)l->watches; /* the list's own rows, in its arena */
  for (size_t i = 0; i < l->n; i++)
    if (w[i].sink.ptr) w[i].sink = shown_sink(a, w[i].sink);
}

void vb_alert_list_redact(vb_alert_list *l) {
  vb_arena *a = vs_box_arena(l);
  vb_alert *al = (vb_alert *)l->alerts;
  for (size_t i = 0; i < l->n; i++)
    if (al[i].sink.ptr) al[i].sink = shown_sink(a, al[i].sink);
}

int vb_alerts_last(vb_store *st, int64_t *id, vb_err *err) {
  vb_err_clear(err);
  int rc = st->ops->flush(st->impl, err);
  return rc ? rc : vs_sql_int(primary(st), "SELECT coalesce(max(id), 0) FROM alerts", id, err);
}

/* ---- claims ---------------------------------------------------------------------- */

int vs_alerts_claim(vb_store *st, int64_t claim, int stale, size_t *n, vb_err *err) {
  vs_db db = primary(st);
  *n = 0;
  char sql[320];
  snprintf(sql, sizeof sql,
           "UPDATE alerts SET claim = ?1, claimed_at = %s WHERE delivered = 0"
           " AND (claim IS NULL OR claimed_at < %s - ?2)",
           db.drv->dialect->now_unix, db.drv->dialect->now_unix);
  vs_sql *q;
  int rc = st->ops->flush(st->impl, err);
  if (!rc) rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, claim);
  vs_bind_int(q, 2, stale);
  rc = vs_sql_run(q, err);
  if (!rc) *n = (size_t)vs_changes(q);
  vs_finalize(q);
  return rc;
}

int vs_alerts_release(vb_store *st, int64_t claim, vb_err *err) {
  vs_sql *q;
  /* the pending alone, through their index: a delivered alert's claim
   * is never read again, and rewriting every delivered row cost as much
   * as marking it delivered */
  int rc = vs_sql_prepare(primary(st),
                          "UPDATE alerts SET claim = NULL, claimed_at = NULL WHERE delivered = 0 AND claim = ?1", &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, claim);
  rc = vs_sql_run(q, err);
  vs_finalize(q);
  return rc;
}

int vs_alerts_delivered_span(vb_store *st, int64_t claim, int64_t first, int64_t last, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(primary(st),
                          "UPDATE alerts SET delivered = ?1, error = NULL"
                          " WHERE delivered = 0 AND claim = ?2 AND id BETWEEN ?3 AND ?4",
                          &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, VB_ALERT_DELIVERED);
  vs_bind_int(q, 2, claim);
  vs_bind_int(q, 3, first);
  vs_bind_int(q, 4, last);
  rc = vs_sql_run(q, err);
  vs_finalize(q);
  return rc;
}

int vs_alerts_delivered(vb_store *st, const int64_t *ids, size_t n, const char *dead, vb_err *err) {
  vs_db db = primary(st);
  int rc = db.drv->begin(db.conn, err);
  /* a page's ids in one statement (a statement each cost as much as the
   * rows' own update): DELIVER_MARK at a time */
  for (size_t from = 0; !rc && from < n; from += DELIVER_MARK) {
    size_t to = from + DELIVER_MARK < n ? from + DELIVER_MARK : n;
    vb_buf sql;
    vb_buf_init(&sql, 0);
    vb_buf_adds(&sql, "UPDATE alerts SET delivered = ?1, error = ?2 WHERE id IN (");
    for (size_t i = from; i < to; i++) vb_buf_printf(&sql, "%s%lld", i > from ? ", " : "", (long long)ids[i]);
    vb_buf_adds(&sql, ")");
    vs_sql *q = NULL;
    rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    if (!rc) {
      vs_bind_int(q, 1, dead ? VB_ALERT_DEAD : VB_ALERT_DELIVERED);
      vs_bind_str(q, 2, dead);
      rc = vs_sql_run(q, err);
    }
    vs_finalize(q);
  }
  if (!rc) return db.drv->commit(db.conn, err);
  db.drv->rollback(db.conn);
  return rc;
}
