/* sql — helpers over any backend's driver (sql.h). */
#include "store/sql.h"

#include <stdlib.h>

#include "core/buf.h"
#include "core/err.h"

int vs_sql_run(vs_sql *q, vb_err *err) {
  int r;
  while ((r = vs_next(q, err)) > 0) {
  }
  vs_reset(q);
  return r < 0 ? (err ? err->code : VB_ESTORE) : VB_OK;
}

int vs_sql_write(vs_sql *q, vb_err *err) { return q->drv->write ? q->drv->write(q, err) : vs_sql_run(q, err); }

int vs_sql_prepare_insert(vs_db db, const char *sql, vs_sql **out, vb_err *err) {
  const char *ret = db.drv->dialect->returning_id;
  if (!*ret) return vs_sql_prepare(db, sql, out, err);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_printf(&b, "%s%s", sql, ret);
  int rc = b.failed ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory") : vs_sql_prepare(db, b.ptr, out, err);
  vb_buf_free(&b);
  return rc;
}

int vs_insert_id(vs_sql *q, int64_t *id, vb_err *err) {
  if (q->drv->insert_id) return q->drv->insert_id(q, id, err);
  int r = vs_next(q, err);
  *id = r > 0 ? vs_col_int(q, 0) : 0;
  vs_reset(q);
  return r < 0 ? (err ? err->code : VB_ESTORE) : VB_OK;
}

int vs_sql_exec(vs_db db, const char *sql, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  rc = vs_sql_run(q, err);
  vs_finalize(q);
  return rc;
}

int vs_sql_int(vs_db db, const char *sql, int64_t *out, vb_err *err) {
  vs_sql *q;
  *out = 0;
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  int r = vs_next(q, err);
  if (r > 0) *out = vs_col_int(q, 0);
  vs_finalize(q);
  return r < 0 ? (err ? err->code : VB_ESTORE) : VB_OK;
}

static int slot_order(const void *x, const void *y) {
  const vs_slot *a = x, *b = y;
  if (a->id != b->id) return a->id < b->id ? -1 : 1;
  return a->slot < b->slot ? -1 : a->slot > b->slot;
}

vs_slots vs_slots_make(vs_slot *v, const int64_t *ids, size_t n) {
  for (size_t i = 0; i < n; i++) v[i] = (vs_slot){ids[i], i};
  if (n > 1) qsort(v, n, sizeof *v, slot_order);
  return (vs_slots){v, n};
}

vs_slots vs_slots_of(const vs_slots *s, int64_t id) {
  size_t lo = 0, hi = s->n; /* the first position whose id is not below id */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->v[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  size_t end = lo;
  while (end < s->n && s->v[end].id == id) end++;
  return end > lo ? (vs_slots){s->v + lo, end - lo} : (vs_slots){NULL, 0};
}

vb_str vs_col_str(vs_sql *q, int i, vb_arena *a) {
  vb_str v = {0};
  if (vs_col_null(q, i)) return v;
  size_t n = 0;
  const char *t = vs_col_text(q, i, &n);
  v.ptr = vb_arena_strndup(a, t ? t : "", n);
  v.len = v.ptr ? n : 0;
  return v;
}

int vs_sql_each(vs_sql *q, int (*fn)(void *ctx, vs_sql *row), void *ctx, vb_err *err) {
  int rc = VB_OK, r = 0;
  while (!rc && (r = vs_next(q, err)) > 0) rc = fn(ctx, q);
  if (!rc && r < 0) rc = err ? err->code : VB_ESTORE;
  return rc;
}

int vs_sql_rows(vs_db db, const char *sql, int64_t id, int (*fn)(void *ctx, vs_sql *row), void *ctx,
                vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  rc = vs_sql_each(q, fn, ctx, err);
  vs_finalize(q);
  return rc;
}

void vs_in_ids(vb_buf *sql, vs_db db, const char *col, int param) {
  vb_buf_printf(sql, db.drv->dialect->in_ids, col, param);
}

int vs_bind_ids(vs_sql *q, int i, const int64_t *ids, size_t n) {
  const vs_dialect *d = q->drv->dialect;
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, d->ids_open);
  for (size_t k = 0; k < n; k++) {
    char num[24], *e = num + sizeof num, *p = e;
    uint64_t v = ids[k] < 0 ? 0 - (uint64_t)ids[k] : (uint64_t)ids[k];
    do *--p = (char)('0' + v % 10);
    while (v /= 10);
    if (ids[k] < 0) *--p = '-';
    if (k) vb_buf_addc(&b, ',');
    vb_buf_add(&b, p, (size_t)(e - p));
  }
  vb_buf_adds(&b, d->ids_close);
  int rc = b.failed ? VB_ENOMEM : vs_bind_text(q, i, b.ptr, b.len);
  vb_buf_free(&b);
  return rc;
}

int vs_sql_rows_ids(vs_db db, const char *sql, const int64_t *ids, size_t n, int (*fn)(void *ctx, vs_sql *row),
                    void *ctx, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  if (vs_bind_ids(q, 1, ids, n)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (!rc) rc = vs_sql_each(q, fn, ctx, err);
  vs_finalize(q);
  return rc;
}

void vs_sql_send(vs_sql *q) {
  if (q->drv->send) q->drv->send(q);
}

int vs_ids_send(vs_db db, const char *sql, const int64_t *ids, size_t n, vs_sql **out, vb_err *err) {
  *out = NULL;
  vs_sql *q;
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  if (vs_bind_ids(q, 1, ids, n)) {
    vs_finalize(q);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  vs_sql_send(q);
  *out = q;
  return VB_OK;
}

int vs_ids_read(vs_sql *q, int (*fn)(void *ctx, vs_sql *row), void *ctx, vb_err *err) {
  if (!q) return VB_OK;
  int rc = vs_sql_each(q, fn, ctx, err);
  vs_finalize(q);
  return rc;
}

int vs_sql_exec_id(vs_db db, const char *sql, int64_t id, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  rc = vs_sql_run(q, err);
  vs_finalize(q);
  return rc;
}
