/* diff — how a variant's words differ from the original's (family.h).
 * The common start and end are taken off first (a variant is mostly the
 * same words); the middle is aligned by longest common subsequence, and
 * the runs between aligned words are named by where they fall: cut at an
 * edge is trimmed, cut inside omitted, a run cut in one place and put in
 * another moved. */
#include <stdlib.h>
#include <string.h>

#include "family.h"

const char *vb_diff_op_name(vb_diff_op op) {
  switch (op) {
  case VB_DIFF_SAME: return "same";
  case VB_DIFF_TRIMMED: return "trimmed";
  case VB_DIFF_OMITTED: return "omitted";
  case VB_DIFF_INSERTED: return "inserted";
  case VB_DIFF_REPLACED: return "replaced";
  case VB_DIFF_MOVED: return "moved";
  }
  return "?";
}

typedef struct ops {
  vb_diff *v;
  size_t n, cap;
} ops;

static int push(ops *o, vb_diff_op op, size_t a0, size_t a1, size_t b0, size_t b1) {
  if (a0 == a1 && b0 == b1) return 0;
  /* a run of the same kind continues the last one */
  if (o->n && o->v[o->n - 1].op == op && o->v[o->n - 1].a1 == a0 && o->v[o->n - 1].b1 == b0) {
    o->v[o->n - 1].a1 = (uint32_t)a1;
    o->v[o->n - 1].b1 = (uint32_t)b1;
    return 0;
  }
  if (o->n == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 16;
    vb_diff *v = realloc(o->v, cap * sizeof *v);
    if (!v) return VB_ENOMEM;
    o->v = v;
    o->cap = cap;
  }
  o->v[o->n++] = (vb_diff){op, (uint32_t)a0, (uint32_t)a1, (uint32_t)b0, (uint32_t)b1};
  return 0;
}

/* A change between aligned runs, named by its place. */
static int push_change(ops *o, size_t a0, size_t a1, size_t b0, size_t b1, size_t na, size_t nb) {
  if (a0 == a1 && b0 == b1) return 0;
  vb_diff_op op;
  if (b0 == b1) {
    int edge = (a0 == 0 && b0 == 0) || (a1 == na && b1 == nb);
    op = edge ? VB_DIFF_TRIMMED : VB_DIFF_OMITTED;
  } else if (a0 == a1) {
    op = VB_DIFF_INSERTED;
  } else {
    op = VB_DIFF_REPLACED;
  }
  return push(o, op, a0, a1, b0, b1);
}

static int same_run(const vb_fam_word *a, size_t a0, const vb_fam_word *b, size_t b0, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[a0 + i].hash != b[b0 + i].hash) return 0;
  return 1;
}

/* A run left out in one place and inserted in another is a move. */
static void find_moves(ops *o, const vb_fam_word *a, const vb_fam_word *b) {
  for (size_t i = 0; i < o->n; i++) {
    vb_diff *d = &o->v[i];
    if (d->op != VB_DIFF_TRIMMED && d->op != VB_DIFF_OMITTED) continue;
    size_t len = d->a1 - d->a0;
    if (len < 2) continue;
    for (size_t j = 0; j < o->n; j++) {
      vb_diff *e = &o->v[j];
      if (e->op != VB_DIFF_INSERTED || e->b1 - e->b0 != len) continue;
      if (!same_run(a, d->a0, b, e->b0, len)) continue;
      d->op = e->op = VB_DIFF_MOVED;
      break;
    }
  }
}

int vb_fam_diff(const vb_fam_word *a, size_t na, const vb_fam_word *b, size_t nb, vb_diff **out,
                size_t *nout) {
  *out = NULL;
  *nout = 0;
  size_t pre = 0, suf = 0;
  while (pre < na && pre < nb && a[pre].hash == b[pre].hash) pre++;
  while (suf < na - pre && suf < nb - pre && a[na - 1 - suf].hash == b[nb - 1 - suf].hash) suf++;
  size_t n = na - pre - suf, m = nb - pre - suf;
  if (n > VB_DIFF_MAX_WORDS || m > VB_DIFF_MAX_WORDS) return VB_ELIMIT;
  ops o = {0};
  int rc = push(&o, VB_DIFF_SAME, 0, pre, 0, pre);
  /* lcs[i][j]: the longest common subsequence of the middles from i and j */
  uint16_t *lcs = NULL;
  if (!rc && n && m) {
    lcs = calloc((n + 1) * (m + 1), sizeof *lcs);
    if (!lcs) rc = VB_ENOMEM;
  }
  if (!rc && lcs) {
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;) {
        uint16_t *c = &lcs[i * (m + 1) + j];
        if (a[pre + i].hash == b[pre + j].hash)
          *c = (uint16_t)(lcs[(i + 1) * (m + 1) + j + 1] + 1);
        else {
          uint16_t down = lcs[(i + 1) * (m + 1) + j], right = lcs[i * (m + 1) + j + 1];
          *c = down >= right ? down : right;
        }
      }
  }
  size_t i = 0, j = 0, ci = 0, cj = 0; /* ci, cj: where the open change began */
  while (!rc && (i < n || j < m)) {
    if (i < n && j < m && a[pre + i].hash == b[pre + j].hash) {
      rc = push_change(&o, pre + ci, pre + i, pre + cj, pre + j, na, nb);
      if (!rc) rc = push(&o, VB_DIFF_SAME, pre + i, pre + i + 1, pre + j, pre + j + 1);
      i++;
      j++;
      ci = i;
      cj = j;
    } else if (j == m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1])) {
      i++;
    } else {
      j++;
    }
  }
  if (!rc) rc = push_change(&o, pre + ci, pre + n, pre + cj, pre + m, na, nb);
  if (!rc) rc = push(&o, VB_DIFF_SAME, na - suf, na, nb - suf, nb);
  free(lcs);
  if (rc) {
    free(o.v);
    return rc;
  }
  find_moves(&o, a, b);
  *out = o.v;
  *nout = o.n;
  return 0;
}
