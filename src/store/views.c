/* views — counts over every statement a query matches, made the same way
 * for every backend from its matches (each_match) and speaker names: the
 * timeline, statements per day, week or month, optionally per speaker. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/map.h"
#include "store/store.h"

/* Days since 1970-01-01 of a civil date, and back (Howard Hinnant's
 * algorithms, in the proleptic Gregorian calendar). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long yy = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

/* The period a date (YYYYMMDD) falls in, as text: "2023-10-08" (day),
 * the Monday "2023-10-02" (week), "2023-10" (month). */
static void period(int64_t date, int interval, char out[32]) {
  long y = (long)(date / 10000) % 10000; /* four digits, whatever was stored */
  if (y < 0) y = 0;
  unsigned m = (unsigned)(date / 100 % 100), d = (unsigned)(date % 100);
  if (m < 1 || m > 12) m = 1;
  if (d < 1 || d > 31) d = 1;
  if (interval == VB_INTERVAL_MONTH) {
    snprintf(out, 32, "%04ld-%02u", y, m);
    return;
  }
  if (interval == VB_INTERVAL_WEEK) {
    long z = days_from_civil(y, m, d);
    long wd = ((z % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: Monday = 0 */
    civil_from_days(z - wd, &y, &m, &d);
    if (y < 0 || y > 9999) y = 0;
  }
  snprintf(out, 32, "%04ld-%02u-%02u", y, m, d);
}

typedef struct tl_ctx {
  int interval, by_speaker;
  vb_map counts; /* "period|speaker id" -> count */
} tl_ctx;

static int tl_add(void *c, int64_t id, int64_t speaker, int64_t date) {
  (void)id;
  tl_ctx *t = c;
  if (!date) return 0;
  char key[80];
  char p[32];
  period(date, t->interval, p);
  int n = snprintf(key, sizeof key, "%s|%lld", p, t->by_speaker ? (long long)speaker : 0LL);
  int found = 0;
  uint32_t v = vb_map_put(&t->counts, key, (size_t)n, 1, &found);
  if (v == VB_MAP_NONE) return VB_ENOMEM;
  if (found) vb_map_set(&t->counts, key, (size_t)n, v + 1);
  return 0;
}

typedef struct row {
  char period[32];
  int64_t speaker;
  uint32_t count;
} row;

typedef struct rows {
  row *v;
  size_t n, cap;
  int failed;
} rows;

static void collect(void *c, const char *key, size_t n, uint32_t value) {
  rows *r = c;
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 64;
    row *g = realloc(r->v, cap * sizeof *g);
    if (!g) {
      r->failed = 1;
      return;
    }
    r->v = g;
    r->cap = cap;
  }
  row *x = &r->v[r->n++];
  const char *bar = memchr(key, '|', n);
  size_t pl = bar ? (size_t)(bar - key) : n;
  snprintf(x->period, sizeof x->period, "%.*s", (int)pl, key);
  x->speaker = bar ? strtoll(bar + 1, NULL, 10) : 0;
  x->count = value;
}

static int row_order(const void *a, const void *b) {
  const row *x = a, *y = b;
  int c = strcmp(x->period, y->period);
  if (c) return c;
  return (x->speaker > y->speaker) - (x->speaker < y->speaker);
}

static json_t *speaker_name(const vb_store_ops *ops, void *impl, int64_t id) {
  char *name = NULL;
  vb_err err;
  if (!id || ops->speaker_name(impl, id, &name, &err) || !name) return json_null();
  json_t *v = json_string(name);
  free(name);
  return v ? v : json_null();
}

int vb_views_timeline(const vb_store_ops *ops, void *impl, const vb_qnode *q, int interval, int by_speaker,
                      char **json, vb_err *err) {
  *json = NULL;
  tl_ctx t = {interval, by_speaker, {0}};
  vb_map_init(&t.counts);
  int rc = ops->each_match(impl, q, tl_add, &t, err);
  if (rc == VB_ENOMEM) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  rows r = {0};
  if (!rc) vb_map_each(&t.counts, collect, &r);
  vb_map_free(&t.counts);
  if (!rc && r.failed) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (rc) {
    free(r.v);
    return rc;
  }
  if (r.n > 1) qsort(r.v, r.n, sizeof *r.v, row_order);
  static const char *const names[] = {"day", "week", "month"};
  json_t *root = json_object(), *arr = json_array();
  json_object_set_new(root, "interval", json_string(names[interval]));
  for (size_t i = 0; i < r.n; i++) {
    json_t *o = json_pack("{s:s,s:I}", "period", r.v[i].period, "count", (json_int_t)r.v[i].count);
    if (by_speaker) json_object_set_new(o, "speaker", speaker_name(ops, impl, r.v[i].speaker));
    json_array_append_new(arr, o);
  }
  free(r.v);
  json_object_set_new(root, "buckets", arr);
  *json = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
}

