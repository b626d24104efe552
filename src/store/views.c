/* views — counts over every statement a query matches, made the same way
 * for every backend from its matches (each_match), their mentions and the
 * names of speakers and entities: the timeline, statements per day, week
 * or month, optionally per speaker; and the network, entities mentioned
 * together and speakers with the entities they name. And the archive's
 * overview, from its documents alone. */
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

/* A map's keys and values, collected to sort. */
typedef struct kv {
  char key[64];
  uint32_t value;
} kv;

typedef struct kvs {
  kv *v;
  size_t n, cap;
  int failed;
} kvs;

static void kv_collect(void *c, const char *key, size_t n, uint32_t value) {
  kvs *r = c;
  if (n >= sizeof r->v[0].key) return;
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    kv *g = realloc(r->v, cap * sizeof *g);
    if (!g) {
      r->failed = 1;
      return;
    }
    r->v = g;
    r->cap = cap;
  }
  memcpy(r->v[r->n].key, key, n);
  r->v[r->n].key[n] = '\0';
  r->v[r->n++].value = value;
}

static int kv_heavier(const void *a, const void *b) {
  const kv *x = a, *y = b;
  if (x->value != y->value) return x->value > y->value ? -1 : 1;
  return strcmp(x->key, y->key);
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

/* "period|speaker" and its count as a row. */
static void to_row(const kv *k, row *x) {
  const char *bar = strchr(k->key, '|');
  size_t pl = bar ? (size_t)(bar - k->key) : strlen(k->key);
  snprintf(x->period, sizeof x->period, "%.*s", (int)pl, k->key);
  x->speaker = bar ? strtoll(bar + 1, NULL, 10) : 0;
  x->count = k->value;
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
  kvs k = {0};
  if (!rc) vb_map_each(&t.counts, kv_collect, &k);
  vb_map_free(&t.counts);
  row *rv = !rc && !k.failed && k.n ? malloc(k.n * sizeof *rv) : NULL;
  if (!rc && (k.failed || (k.n && !rv))) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  for (size_t i = 0; !rc && i < k.n; i++) to_row(&k.v[i], &rv[i]);
  size_t nr = k.n;
  free(k.v);
  if (rc) {
    free(rv);
    return rc;
  }
  if (nr > 1) qsort(rv, nr, sizeof *rv, row_order);
  static const char *const names[] = {"day", "week", "month"};
  json_t *root = json_object(), *arr = json_array();
  json_object_set_new(root, "interval", json_string(names[interval]));
  for (size_t i = 0; i < nr; i++) {
    json_t *o = json_pack("{s:s,s:I}", "period", rv[i].period, "count", (json_int_t)rv[i].count);
    if (by_speaker) json_object_set_new(o, "speaker", speaker_name(ops, impl, rv[i].speaker));
    json_array_append_new(arr, o);
  }
  free(rv);
  json_object_set_new(root, "buckets", arr);
  *json = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
}


/* ---- network ------------------------------------------------------------- */

/* The network reads the mentions of at most this many matches. */
#define NETWORK_SAMPLE 20000
/* A statement naming more entities than this is a list, not a relation. */
#define NETWORK_MAX_PER_STATEMENT 12
#define NETWORK_MAX_EDGES 300

typedef struct nw_stmt {
  int64_t speaker;
  int64_t ents[NETWORK_MAX_PER_STATEMENT];
  int n, over;
} nw_stmt;

typedef struct nw_ctx {
  int64_t *ids;
  nw_stmt *st;
  size_t n, seen;
  vb_map edges;  /* "a|b" ("e12" / "s3") -> weight */
  vb_map degree; /* node -> weight */
  int failed;
} nw_ctx;

static int nw_match(void *c, int64_t id, int64_t speaker, int64_t date) {
  (void)date;
  nw_ctx *n = c;
  if (n->seen++ >= NETWORK_SAMPLE) return 0;
  n->ids[n->n] = id;
  n->st[n->n].speaker = speaker;
  n->n++;
  return 0;
}

static int nw_mention(void *c, size_t i, int64_t entity) {
  nw_ctx *n = c;
  if (i >= n->n) return 0;
  nw_stmt *s = &n->st[i];
  for (int j = 0; j < s->n; j++)
    if (s->ents[j] == entity) return 0;
  if (s->n == NETWORK_MAX_PER_STATEMENT) s->over = 1;
  else s->ents[s->n++] = entity;
  return 0;
}

static void bump(nw_ctx *n, vb_map *m, const char *k, int kl) {
  int found = 0;
  uint32_t v = vb_map_put(m, k, (size_t)kl, 1, &found);
  if (v == VB_MAP_NONE) n->failed = 1;
  else if (found) vb_map_set(m, k, (size_t)kl, v + 1);
}

static void nw_count(nw_ctx *n, const nw_stmt *s) {
  if (s->over) return;
  char k[64];
  for (int i = 0; i < s->n; i++) {
    bump(n, &n->degree, k, snprintf(k, sizeof k, "e%lld", (long long)s->ents[i]));
    /* who said it names the entity */
    if (s->speaker)
      bump(n, &n->edges, k, snprintf(k, sizeof k, "s%lld|e%lld", (long long)s->speaker, (long long)s->ents[i]));
    for (int j = 0; j < s->n; j++)
      if (s->ents[j] > s->ents[i])
        bump(n, &n->edges, k, snprintf(k, sizeof k, "e%lld|e%lld", (long long)s->ents[i], (long long)s->ents[j]));
  }
  if (s->speaker && s->n) bump(n, &n->degree, k, snprintf(k, sizeof k, "s%lld", (long long)s->speaker));
}

/* A node ("e12" / "s3") as JSON, NULL when it is gone. */
static json_t *node_json(const vb_store_ops *ops, void *impl, const kv *k, vb_err *err) {
  char *name = NULL, *type = NULL;
  int64_t id = strtoll(k->key + 1, NULL, 10);
  int speaker = k->key[0] == 's';
  int rc = speaker ? ops->speaker_name(impl, id, &name, err) : ops->entity_name(impl, id, &name, &type, err);
  json_t *o = NULL;
  if (!rc && name)
    o = json_pack("{s:s,s:s,s:s,s:I}", "id", k->key, "name", name, "type",
                  speaker ? "SPEAKER" : type ? type : "", "weight", (json_int_t)k->value);
  free(name);
  free(type);
  return o;
}

int vb_views_network(const vb_store_ops *ops, void *impl, const vb_qnode *q, int max_nodes, char **json,
                     vb_err *err) {
  *json = NULL;
  if (max_nodes <= 0 || max_nodes > 500) max_nodes = 60;
  nw_ctx n = {0};
  n.ids = malloc(NETWORK_SAMPLE * sizeof *n.ids);
  n.st = calloc(NETWORK_SAMPLE, sizeof *n.st);
  vb_map_init(&n.edges);
  vb_map_init(&n.degree);
  int rc = n.ids && n.st ? VB_OK : VB_ENOMEM;
  if (!rc) rc = ops->each_match(impl, q, nw_match, &n, err);
  if (!rc && n.n) rc = ops->mentions_of(impl, n.ids, n.n, nw_mention, &n, err);
  for (size_t i = 0; !rc && i < n.n; i++) nw_count(&n, &n.st[i]);
  free(n.ids);
  free(n.st);
  kvs nodes = {0}, edges = {0};
  if (!rc) {
    vb_map_each(&n.degree, kv_collect, &nodes);
    vb_map_each(&n.edges, kv_collect, &edges);
  }
  vb_map_free(&n.degree);
  vb_map_free(&n.edges);
  if (rc == VB_ENOMEM || (!rc && (n.failed || nodes.failed || edges.failed)))
    rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (rc) {
    free(nodes.v);
    free(edges.v);
    return rc;
  }
  if (nodes.n > 1) qsort(nodes.v, nodes.n, sizeof *nodes.v, kv_heavier);
  if (edges.n > 1) qsort(edges.v, edges.n, sizeof *edges.v, kv_heavier);
  if (nodes.n > (size_t)max_nodes) nodes.n = (size_t)max_nodes;
  vb_map keep;
  vb_map_init(&keep);
  json_t *root = json_object(), *jn = json_array(), *je = json_array();
  for (size_t i = 0; !rc && i < nodes.n; i++) {
    json_t *o = node_json(ops, impl, &nodes.v[i], err);
    if (!o) continue;
    json_array_append_new(jn, o);
    vb_map_set(&keep, nodes.v[i].key, strlen(nodes.v[i].key), 1);
  }
  size_t out = 0;
  for (size_t i = 0; i < edges.n && out < NETWORK_MAX_EDGES; i++) {
    char *bar = strchr(edges.v[i].key, '|');
    if (!bar) continue;
    *bar = '\0';
    const char *x = edges.v[i].key, *y = bar + 1;
    if (vb_map_get(&keep, x, strlen(x)) == VB_MAP_NONE || vb_map_get(&keep, y, strlen(y)) == VB_MAP_NONE)
      continue;
    json_array_append_new(je, json_pack("{s:s,s:s,s:I,s:s}", "source", x, "target", y, "weight",
                                        (json_int_t)edges.v[i].value, "kind",
                                        x[0] == 's' ? "speaks-of" : "co-mention"));
    out++;
  }
  vb_map_free(&keep);
  free(nodes.v);
  free(edges.v);
  json_object_set_new(root, "statements", json_integer((json_int_t)n.seen));
  json_object_set_new(root, "nodes", jn);
  json_object_set_new(root, "edges", je);
  *json = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
}

/* ---- overview ------------------------------------------------------------ */

/* A document's date is its aired or published date, YYYY-MM-DD (or a part
 * of it): months from the first seven characters, like the statements'. */
const char *const vb_overview_sql[3] = {
    "SELECT count(*) FROM speakers",
    /* one pass over the documents: the undated in the NULL month */
    "SELECT CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) END AS m, sum(nstatements), count(*)"
    " FROM documents GROUP BY m ORDER BY m",
    "SELECT hash, title, date, channel, series, number FROM documents WHERE length(date) >= 7"
    " ORDER BY date DESC, id DESC LIMIT $1",
};

typedef struct ov {
  json_t *root, *months, *latest;
  json_int_t documents, statements, dated;
} ov;

static json_int_t ov_int(const char *v) { return v ? (json_int_t)strtoll(v, NULL, 10) : 0; }
static json_t *ov_str(const char *v) { return v ? json_string(v) : json_null(); }

static int ov_row(void *ctx, int part, const char *const *c, int n) {
  ov *o = ctx;
  json_t *x = NULL;
  if (part == VB_OV_TOTALS && n >= 1) {
    json_object_set_new(o->root, "speakers", json_integer(ov_int(c[0])));
    return VB_OK;
  }
  if (part == VB_OV_MONTH && n >= 3) {
    o->documents += ov_int(c[2]);
    o->statements += ov_int(c[1]);
    if (!c[0]) return VB_OK; /* the undated */
    o->dated += ov_int(c[1]);
    x = json_pack("{s:o,s:I,s:I}", "period", ov_str(c[0]), "count", ov_int(c[1]), "documents", ov_int(c[2]));
    return x && !json_array_append_new(o->months, x) ? VB_OK : VB_ENOMEM;
  }
  if (part == VB_OV_LATEST && n >= 6) {
    x = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "doc", ov_str(c[0]), "title", ov_str(c[1]), "date", ov_str(c[2]),
                  "channel", ov_str(c[3]), "series", ov_str(c[4]), "number", ov_str(c[5]));
    return x && !json_array_append_new(o->latest, x) ? VB_OK : VB_ENOMEM;
  }
  return VB_OK;
}

int vb_views_overview(const vb_store_ops *ops, void *impl, int latest, char **json, vb_err *err) {
  *json = NULL;
  ov o = {json_object(), json_array(), json_array(), 0, 0, 0};
  int rc = o.root && o.months && o.latest ? ops->overview(impl, latest, ov_row, &o, err) : VB_ENOMEM;
  if (!rc) {
    size_t nm = json_array_size(o.months);
    json_object_set_new(o.root, "documents", json_integer(o.documents));
    json_object_set_new(o.root, "statements", json_integer(o.statements));
    json_object_set_new(o.root, "dated", json_integer(o.dated));
    json_object_set_new(o.root, "first", nm ? json_incref(json_object_get(json_array_get(o.months, 0), "period"))
                                            : json_null());
    json_object_set_new(o.root, "last", nm ? json_incref(json_object_get(json_array_get(o.months, nm - 1), "period"))
                                           : json_null());
    json_object_set_new(o.root, "months", o.months);
    json_object_set_new(o.root, "latest", o.latest);
    o.months = o.latest = NULL;
    *json = json_dumps(o.root, JSON_COMPACT);
    if (!*json) rc = VB_ENOMEM;
  }
  json_decref(o.root);
  json_decref(o.months);
  json_decref(o.latest);
  if (rc == VB_ENOMEM && !err->code) vb_err_set(err, VB_ENOMEM, "overview", -1, "out of memory");
  return rc;
}
