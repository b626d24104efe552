/* views — counts over every statement a query matches, made the same way
 * for every backend from its matches (each_match), their mentions and the
 * names of speakers and entities: the timeline, statements per day, week
 * or month, optionally per speaker; and the network, entities mentioned
 * together and speakers with the entities they name. And the archive's
 * overview, from its documents alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/map.h"
#include "store/store.h"

/* A view's query tree: a 4 KB query's is far smaller. */
#define VIEW_QUERY_ARENA ((size_t)8 << 20)

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
  if (interval == VB_INTERVAL_YEAR) {
    snprintf(out, 32, "%04ld", y);
    return;
  }
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
  vb_map coarse; /* the same, of statements dated more coarsely than the period */
  int64_t *coarse_docs; /* the documents so dated, ascending */
  size_t ncoarse_docs, cap;
} tl_ctx;

static int id_cmp(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int count_in(vb_map *m, const char *key, size_t n) {
  int found = 0;
  uint32_t v = vb_map_put(m, key, n, 1, &found);
  if (v == VB_MAP_NONE) return VB_ENOMEM;
  if (found && vb_map_set(m, key, n, v + 1)) return VB_ENOMEM;
  return 0;
}

static int tl_add(void *c, int64_t id, int64_t speaker, int64_t date, int64_t doc) {
  (void)id;
  tl_ctx *t = c;
  if (!date) return 0;
  char key[80];
  char p[32];
  period(date, t->interval, p);
  int n = snprintf(key, sizeof key, "%s|%lld", p, t->by_speaker ? (long long)speaker : 0LL);
  if (count_in(&t->counts, key, (size_t)n)) return VB_ENOMEM;
  if (t->ncoarse_docs && bsearch(&doc, t->coarse_docs, t->ncoarse_docs, sizeof doc, id_cmp))
    return count_in(&t->coarse, key, (size_t)n);
  return 0;
}

static int coarse_doc(void *c, vs_sql *q) {
  tl_ctx *t = c;
  if (t->ncoarse_docs == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 1024;
    int64_t *v = realloc(t->coarse_docs, cap * sizeof *v);
    if (!v) return VB_ENOMEM;
    t->coarse_docs = v;
    t->cap = cap;
  }
  t->coarse_docs[t->ncoarse_docs++] = vs_col_int(q, 0);
  return 0;
}

/* The documents whose date is coarser than the timeline's period: only a
 * year ("1994", every UN General Debate speech) for months, a year or a
 * month for weeks and days. Their statements count from the period's
 * first day (docs/query.md); the buckets say how many are so. */
static int coarse_docs(vs_db db, tl_ctx *t, vb_err *err) {
  if (t->interval == VB_INTERVAL_YEAR) return VB_OK;
  int rc = vs_sql_rows(db,
                       t->interval == VB_INTERVAL_MONTH
                           ? "SELECT id FROM documents WHERE length(date) = 4 AND id > ?1 ORDER BY id"
                           : "SELECT id FROM documents WHERE length(date) < 10 AND id > ?1 ORDER BY id",
                       -1, coarse_doc, t, err);
  if (!rc && t->ncoarse_docs > 1) qsort(t->coarse_docs, t->ncoarse_docs, sizeof *t->coarse_docs, id_cmp);
  return rc;
}

typedef struct row {
  char period[32];
  int64_t speaker;
  uint32_t count, coarse;
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

/* A speaker's or an entity's name (and type) by id, in the arena. */
static int name_of(vs_db db, const char *sql, int64_t id, vb_arena *a, vb_str *name, vb_str *type, vb_err *err) {
  vs_sql *q;
  *name = (vb_str){0};
  if (type) *type = (vb_str){0};
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  int r = vs_next(q, err);
  if (r > 0) {
    *name = vs_col_str(q, 0, a);
    if (type) *type = vs_col_str(q, 1, a);
  }
  vs_finalize(q);
  if (r < 0) return err->code;
  return vb_arena_refused(a) ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory") : VB_OK;
}

/* a speaker's name, and what the network calls it: a group the prose names
 * ("critics": vb_speaker.group) is a GROUP, never a speaker of its own */
#define SPEAKER_NAME "SELECT name, CASE WHEN " VS_KEY_GROUP("") " THEN 'GROUP' ELSE 'SPEAKER' END FROM speakers WHERE id = ?1"
#define ENTITY_NAME "SELECT name, coalesce(type, '') FROM entities WHERE id = ?1"

/* Parses a query for a view; the tree lives in *qa (free it). */
static int view_query(const char *query, vb_arena **qa, vb_qnode **q, vb_err *err) {
  *qa = vb_arena_new(VIEW_QUERY_ARENA);
  if (!*qa) return vb_err_set(err, VB_ENOMEM, "query", -1, "out of memory");
  int rc = vb_query_parse(query, strlen(query), *qa, q, err);
  if (rc) {
    vb_arena_free(*qa);
    *qa = NULL;
  }
  return rc;
}

int vb_store_timeline(vb_store *st, const char *query, int interval, int by_speaker, vb_timeline **out,
                      vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (interval < VB_INTERVAL_DAY || interval > VB_INTERVAL_YEAR)
    return vb_err_set(err, VB_EUSAGE, "", -1, "interval is day, week, month or year");
  vb_arena *qa, *a;
  vb_qnode *q;
  int rc = view_query(query, &qa, &q, err);
  if (rc) return rc;
  vb_timeline *t = vs_box_new(sizeof *t, 0, &a);
  if (!t) {
    vb_arena_free(qa);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  t->interval = interval;
  t->by_speaker = by_speaker;
  tl_ctx c = {interval, by_speaker, {0}, {0}, NULL, 0, 0};
  vb_map_init(&c.counts);
  vb_map_init(&c.coarse);
  void *impl = st->reader ? st->reader : st->impl;
  rc = st->ops->flush(st->impl, err);
  if (!rc) rc = coarse_docs((vs_db){st->ops->sql, impl}, &c, err);
  if (!rc)
    rc = vs_each_match((vs_db){st->ops->sql, impl}, st->ops->text, q, vs_query_lexicon(st, q, err), NULL, NULL, 0, 1,
                       st->max_cost, tl_add, &c, err);
  vb_arena_free(qa);
  if (rc == VB_ENOMEM) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  kvs k = {0};
  if (!rc) vb_map_each(&c.counts, kv_collect, &k);
  vb_map_free(&c.counts);
  row *rv = !rc && !k.failed && k.n ? malloc(k.n * sizeof *rv) : NULL;
  vb_bucket *b = !rc && k.n ? vb_arena_calloc(a, k.n * sizeof *b) : NULL;
  if (!rc && (k.failed || (k.n && (!rv || !b)))) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  for (size_t i = 0; !rc && i < k.n; i++) {
    to_row(&k.v[i], &rv[i]);
    uint32_t v = vb_map_get(&c.coarse, k.v[i].key, strlen(k.v[i].key));
    rv[i].coarse = v == VB_MAP_NONE ? 0 : v;
  }
  vb_map_free(&c.coarse);
  free(c.coarse_docs);
  size_t nr = k.n;
  free(k.v);
  if (!rc && nr > 1) qsort(rv, nr, sizeof *rv, row_order);
  vs_db db = {st->ops->sql, impl};
  for (size_t i = 0; !rc && i < nr; i++) {
    size_t pl = strlen(rv[i].period);
    b[i].period = (vb_str){vb_arena_strndup(a, rv[i].period, pl), pl};
    b[i].count = rv[i].count;
    b[i].coarse = rv[i].coarse;
    if (by_speaker && rv[i].speaker) rc = name_of(db, SPEAKER_NAME, rv[i].speaker, a, &b[i].speaker, NULL, err);
  }
  free(rv);
  if (!rc && vb_arena_refused(a)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (rc) {
    vb_arena_free(a);
    return rc;
  }
  t->buckets = b;
  t->n = nr;
  *out = t;
  return VB_OK;
}

void vb_timeline_free(vb_timeline *t) { vs_box_free(t); }

/* ---- network ------------------------------------------------------------- */

/* The network reads the mentions of at most this many matches. */
#define NETWORK_SAMPLE 20000
/* A statement naming more entities than this is a list, not a relation. */
#define NETWORK_MAX_PER_STATEMENT 12
#define NETWORK_MAX_EDGES 300
/* Links the web page draws a node, the strongest (web/charts.js) */
#define NETWORK_DRAWN_LINKS 3

typedef struct nw_stmt {
  int64_t speaker, speaker_entity; /* the speaker's own person entity, or 0 */
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

static int nw_match(void *c, int64_t id, int64_t speaker, int64_t date, int64_t doc) {
  (void)date;
  (void)doc;
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

/* Node keys: "e12" an entity, "s3" a speaker with no entity of their
 * own; a speaker who is a person entity is that entity's node (one node
 * for Vladimir Putin speaking and Vladimir Putin named). Edge keys: "a|b"
 * a co-mention, "a>b" who said it names the entity. */
static void nw_count(nw_ctx *n, const nw_stmt *s) {
  if (s->over) return;
  char k[64], who[32];
  if (s->speaker_entity) snprintf(who, sizeof who, "e%lld", (long long)s->speaker_entity);
  else snprintf(who, sizeof who, "s%lld", (long long)s->speaker);
  for (int i = 0; i < s->n; i++) {
    bump(n, &n->degree, k, snprintf(k, sizeof k, "e%lld", (long long)s->ents[i]));
    /* who said it names the entity: not themselves */
    if (s->speaker && s->ents[i] != s->speaker_entity)
      bump(n, &n->edges, k, snprintf(k, sizeof k, "%s>e%lld", who, (long long)s->ents[i]));
    for (int j = 0; j < s->n; j++)
      if (s->ents[j] > s->ents[i])
        bump(n, &n->edges, k, snprintf(k, sizeof k, "e%lld|e%lld", (long long)s->ents[i], (long long)s->ents[j]));
  }
  if (s->speaker && s->n) bump(n, &n->degree, k, snprintf(k, sizeof k, "%s", who));
}

/* Each matched statement's speaker's own person entity (entities.speaker_id),
 * where the speaker has one. */
static int speaker_entities(vs_db db, nw_ctx *n, vb_err *err) {
  vb_imap own;
  vb_imap_init(&own);
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db, "SELECT speaker_id, id FROM entities WHERE speaker_id IS NOT NULL AND type = 'PERSON'", &q, err);
  int r = 0;
  while (!rc && (r = vs_next(q, err)) > 0) {
    int64_t e = vs_col_int(q, 1);
    if (e > 0 && e < (int64_t)VB_MAP_NONE && vb_imap_set(&own, (uint64_t)vs_col_int(q, 0), (uint32_t)e))
      rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  if (!rc && r < 0) rc = err->code;
  if (q) vs_finalize(q);
  for (size_t i = 0; !rc && i < n->n; i++) {
    uint32_t e = n->st[i].speaker ? vb_imap_get(&own, (uint64_t)n->st[i].speaker) : VB_MAP_NONE;
    if (e != VB_MAP_NONE) n->st[i].speaker_entity = e;
  }
  vb_imap_free(&own);
  return rc;
}

/* Mentions are read for this many statements at a time. */
#define MENTIONS_PER_QUERY 500

static int id_order(const void *x, const void *y) {
  const int64_t *a = x, *b = y;
  return (a[0] > b[0]) - (a[0] < b[0]);
}

/* The entities each matched statement mentions, a batch of statements per
 * query; (id, index) pairs sorted by id find a row's statement. */
static int read_mentions(vs_db db, nw_ctx *n, vb_err *err) {
  int64_t *pairs = malloc(n->n * 2 * sizeof *pairs + 1);
  if (!pairs) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  for (size_t i = 0; i < n->n; i++) {
    pairs[2 * i] = n->ids[i];
    pairs[2 * i + 1] = (int64_t)i;
  }
  qsort(pairs, n->n, 2 * sizeof *pairs, id_order);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  int rc = VB_OK;
  for (size_t at = 0; !rc && at < n->n; at += MENTIONS_PER_QUERY) {
    size_t k = n->n - at < MENTIONS_PER_QUERY ? n->n - at : MENTIONS_PER_QUERY;
    sql.len = 0;
    /* ids from the archive: written as numbers */
    vb_buf_adds(&sql, "SELECT statement_id, entity_id FROM mentions WHERE statement_id IN (");
    for (size_t i = 0; i < k; i++) vb_buf_printf(&sql, "%s%lld", i ? "," : "", (long long)pairs[2 * (at + i)]);
    vb_buf_adds(&sql, ") ORDER BY statement_id, entity_id");
    vs_sql *q;
    rc = sql.failed ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory") : vs_sql_prepare(db, sql.ptr, &q, err);
    if (rc) break;
    int r;
    while ((r = vs_next(q, err)) > 0) {
      int64_t key[2] = {vs_col_int(q, 0), 0};
      const int64_t *hit = bsearch(key, pairs, n->n, 2 * sizeof *pairs, id_order);
      if (hit) nw_mention(n, (size_t)hit[1], vs_col_int(q, 1));
    }
    if (r < 0) rc = err->code;
    vs_finalize(q);
  }
  vb_buf_free(&sql);
  free(pairs);
  return rc;
}

int vb_store_network(vb_store *st, const char *query, int max_nodes, vb_network **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (max_nodes <= 0 || max_nodes > 500) max_nodes = 60;
  vb_arena *qa, *a;
  vb_qnode *q;
  int rc = view_query(query, &qa, &q, err);
  if (rc) return rc;
  vb_network *net = vs_box_new(sizeof *net, 0, &a);
  nw_ctx n = {0};
  n.ids = malloc(NETWORK_SAMPLE * sizeof *n.ids);
  n.st = calloc(NETWORK_SAMPLE, sizeof *n.st);
  vb_map_init(&n.edges);
  vb_map_init(&n.degree);
  void *impl = st->reader ? st->reader : st->impl;
  vs_db db = {st->ops->sql, impl};
  rc = net && n.ids && n.st ? st->ops->flush(st->impl, err) : VB_ENOMEM;
  if (!rc) rc = vs_each_match(db, st->ops->text, q, vs_query_lexicon(st, q, err), NULL, NULL, 0, 1, st->max_cost, nw_match, &n, err);
  vb_arena_free(qa);
  if (!rc && n.n) rc = read_mentions(db, &n, err);
  if (!rc && n.n) rc = speaker_entities(db, &n, err);
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
  if (!rc && nodes.n > 1) qsort(nodes.v, nodes.n, sizeof *nodes.v, kv_heavier);
  if (!rc && edges.n > 1) qsort(edges.v, edges.n, sizeof *edges.v, kv_heavier);
  if (nodes.n > (size_t)max_nodes) nodes.n = (size_t)max_nodes;
  vb_node *nv = !rc && nodes.n ? vb_arena_calloc(a, nodes.n * sizeof *nv) : NULL;
  vb_edge *ev = !rc && edges.n ? vb_arena_calloc(a, (edges.n < NETWORK_MAX_EDGES ? edges.n : NETWORK_MAX_EDGES) * sizeof *ev) : NULL;
  if (!rc && ((nodes.n && !nv) || (edges.n && !ev))) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  vb_map keep;
  vb_map_init(&keep);
  size_t nn = 0, ne = 0;
  for (size_t i = 0; !rc && i < nodes.n; i++) {
    vb_node *o = &nv[nn];
    int speaker = nodes.v[i].key[0] == 's';
    int64_t id = strtoll(nodes.v[i].key + 1, NULL, 10);
    rc = name_of(db, speaker ? SPEAKER_NAME : ENTITY_NAME, id, a, &o->name, &o->type, err);
    if (rc || !o->name.ptr) continue; /* gone since */
    snprintf(o->id, sizeof o->id, "%.23s", nodes.v[i].key);
    o->weight = nodes.v[i].value;
    if (vb_map_set(&keep, o->id, strlen(o->id), 1)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
    nn++;
  }
  for (size_t i = 0; !rc && i < edges.n && ne < NETWORK_MAX_EDGES; i++) {
    char *bar = strpbrk(edges.v[i].key, "|>");
    if (!bar) continue;
    int speaks = *bar == '>';
    *bar = '\0';
    const char *x = edges.v[i].key, *y = bar + 1;
    if (vb_map_get(&keep, x, strlen(x)) == VB_MAP_NONE || vb_map_get(&keep, y, strlen(y)) == VB_MAP_NONE) continue;
    vb_edge *e = &ev[ne++];
    snprintf(e->source, sizeof e->source, "%.23s", x);
    snprintf(e->target, sizeof e->target, "%.23s", y);
    e->weight = edges.v[i].value;
    e->kind = speaks ? "speaks-of" : "co-mention";
  }
  vb_map_free(&keep);
  free(nodes.v);
  free(edges.v);
  /* placed by the links the page draws: the strongest, a few a node */
  size_t drawn = ne < NETWORK_DRAWN_LINKS * nn ? ne : NETWORK_DRAWN_LINKS * nn;
  if (!rc && vs_graph_place(nv, nn, ev, drawn)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (rc) {
    vb_arena_free(a);
    return rc;
  }
  net->statements = (int64_t)n.seen;
  net->nodes = nv;
  net->nnodes = nn;
  net->edges = ev;
  net->nedges = ne;
  *out = net;
  return VB_OK;
}

void vb_network_free(vb_network *n) { vs_box_free(n); }

/* ---- overview ------------------------------------------------------------ */

/* A document's date is its aired or published date, YYYY-MM-DD (or a part
 * of it): months from the first seven characters, like the statements';
 * a document dated by its year alone in the period "1994" (the page puts
 * it in January, said so). One pass over the documents: the undated in
 * the NULL month. */
#define OVERVIEW_MONTHS \
  "SELECT CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) WHEN length(date) = 4 THEN date END AS m," \
  " sum(nstatements), count(*) FROM documents GROUP BY m ORDER BY m"
#define OVERVIEW_LATEST \
  "SELECT hash, title, date, channel, series, number FROM documents WHERE length(date) >= 4" \
  " ORDER BY date DESC, id DESC LIMIT ?1"

int vb_store_overview(vb_store *st, int latest, vb_overview **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_arena *a;
  vb_overview *ov = vs_box_new(sizeof *ov, 0, &a);
  if (!ov) return vb_err_set(err, VB_ENOMEM, "overview", -1, "out of memory");
  vs_db db = {st->ops->sql, st->reader ? st->reader : st->impl};
  int rc = st->ops->flush(st->impl, err);
  if (!rc) rc = vs_sql_int(db, VS_SPEAKERS_SPEAKING, &ov->speakers, err);
  vs_sql *q = NULL;
  VB_VEC(vb_overview_month) months = {0};
  VB_VEC(vb_overview_doc) docs = {0};
  if (!rc) rc = vs_sql_prepare(db, OVERVIEW_MONTHS, &q, err);
  int r = 0;
  while (!rc && (r = vs_next(q, err)) > 0) {
    int64_t n = vs_col_int(q, 1);
    ov->documents += vs_col_int(q, 2);
    ov->statements += n;
    if (vs_col_null(q, 0)) continue; /* the undated */
    ov->dated += n;
    vb_overview_month *m = VB_VEC_PUSH(a, months);
    if (!m) {
      rc = vb_err_set(err, VB_ENOMEM, "overview", -1, "out of memory");
      break;
    }
    *m = (vb_overview_month){vs_col_str(q, 0, a), n, vs_col_int(q, 2)};
  }
  if (!rc && r < 0) rc = err->code;
  vs_finalize(q);
  q = NULL;
  if (!rc) rc = vs_sql_prepare(db, OVERVIEW_LATEST, &q, err);
  if (!rc) vs_bind_int(q, 1, latest);
  while (!rc && (r = vs_next(q, err)) > 0) {
    vb_overview_doc *d = VB_VEC_PUSH(a, docs);
    if (!d) {
      rc = vb_err_set(err, VB_ENOMEM, "overview", -1, "out of memory");
      break;
    }
    memset(d, 0, sizeof *d);
    snprintf(d->doc, sizeof d->doc, "%s", vs_col_text(q, 0, NULL));
    d->title = vs_col_str(q, 1, a);
    d->date = vs_col_str(q, 2, a);
    d->channel = vs_col_str(q, 3, a);
    d->series = vs_col_str(q, 4, a);
    d->number = vs_col_str(q, 5, a);
  }
  if (!rc && r < 0) rc = err->code;
  vs_finalize(q);
  ov->months = months.v;
  ov->nmonths = months.n;
  ov->latest = docs.v;
  ov->nlatest = docs.n;
  rc = vs_box_finish(a, rc, err);
  if (!rc) *out = ov;
  return rc;
}

void vb_overview_free(vb_overview *ov) { vs_box_free(ov); }
