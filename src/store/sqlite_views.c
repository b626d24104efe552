/* sqlite_views — the network over every statement a query matches:
 * entities mentioned together, speakers and the entities they name, for
 * the API's chart. (The timeline is backend-neutral: views.c.) */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "store/sqlite_int.h"

/* The network reads the mentions of at most this many matches. */
#define NETWORK_SAMPLE 20000
/* A statement naming more entities than this is a list, not a relation. */
#define NETWORK_MAX_PER_STATEMENT 12
#define NETWORK_MAX_EDGES 300

/* ---- network ------------------------------------------------------------ */

typedef struct nw_ctx {
  sq *s;
  sqlite3_stmt *mentions;
  vb_map edges;   /* "a|b" (a < b, "e12" / "s3") -> weight */
  vb_map degree;  /* node -> weight */
  size_t seen;
  int failed;
} nw_ctx;

static void bump(nw_ctx *n, vb_map *m, const char *k, size_t kl) {
  int found = 0;
  uint32_t v = vb_map_put(m, k, kl, 1, &found);
  if (v == VB_MAP_NONE) n->failed = 1;
  else if (found) vb_map_set(m, k, kl, v + 1);
}

static int nw_add(void *c, int64_t id, int64_t speaker, int64_t date) {
  (void)date;
  nw_ctx *n = c;
  if (n->seen++ >= NETWORK_SAMPLE) return 0;
  int64_t ents[NETWORK_MAX_PER_STATEMENT];
  int ne = 0, over = 0;
  sqlite3_bind_int64(n->mentions, 1, id);
  while (sqlite3_step(n->mentions) == SQLITE_ROW) {
    int64_t e = sqlite3_column_int64(n->mentions, 0);
    int dup = 0;
    for (int i = 0; i < ne; i++) dup |= ents[i] == e;
    if (dup) continue;
    if (ne == NETWORK_MAX_PER_STATEMENT) {
      over = 1;
      break;
    }
    ents[ne++] = e;
  }
  sqlite3_reset(n->mentions);
  if (over) return 0;
  char k[64];
  for (int i = 0; i < ne; i++) {
    int kl = snprintf(k, sizeof k, "e%lld", (long long)ents[i]);
    bump(n, &n->degree, k, (size_t)kl);
    /* who said it names the entity */
    if (speaker) {
      kl = snprintf(k, sizeof k, "s%lld|e%lld", (long long)speaker, (long long)ents[i]);
      bump(n, &n->edges, k, (size_t)kl);
    }
    for (int j = 0; j < ne; j++) {
      if (ents[j] <= ents[i]) continue;
      kl = snprintf(k, sizeof k, "e%lld|e%lld", (long long)ents[i], (long long)ents[j]);
      bump(n, &n->edges, k, (size_t)kl);
    }
  }
  if (speaker && ne) {
    int kl = snprintf(k, sizeof k, "s%lld", (long long)speaker);
    bump(n, &n->degree, k, (size_t)kl);
  }
  return n->failed ? VB_ENOMEM : 0;
}

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

int vb_sq_network_json(sq *s, const vb_qnode *q, int max_nodes, char **json, vb_err *err) {
  *json = NULL;
  if (max_nodes <= 0 || max_nodes > 500) max_nodes = 60;
  vb_arena *a = vb_arena_new((size_t)64 << 20);
  nw_ctx n = {s, NULL, {0}, {0}, 0, 0};
  vb_map_init(&n.edges);
  vb_map_init(&n.degree);
  int rc = a ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  if (!rc && sqlite3_prepare_v2(s->db, "SELECT entity_id FROM mentions WHERE statement_id = ?1", -1,
                                &n.mentions, NULL) != SQLITE_OK)
    rc = db_err(s, err, "reading mentions");
  if (!rc) rc = vb_sq_each_match(s, q, a, 0, 0, nw_add, &n, err);
  if (rc == VB_ENOMEM) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  sqlite3_finalize(n.mentions);
  vb_arena_free(a);
  kvs nodes = {0}, edges = {0};
  if (!rc) {
    vb_map_each(&n.degree, kv_collect, &nodes);
    vb_map_each(&n.edges, kv_collect, &edges);
  }
  vb_map_free(&n.degree);
  vb_map_free(&n.edges);
  if (!rc && (nodes.failed || edges.failed)) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
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
  sqlite3_stmt *en = NULL, *sp = NULL;
  sqlite3_prepare_v2(s->db, "SELECT name, type FROM entities WHERE id = ?1", -1, &en, NULL);
  sqlite3_prepare_v2(s->db, "SELECT name FROM speakers WHERE id = ?1", -1, &sp, NULL);
  for (size_t i = 0; i < nodes.n; i++) {
    const char *k = nodes.v[i].key;
    int speaker = k[0] == 's';
    sqlite3_stmt *st = speaker ? sp : en;
    if (!st) continue;
    sqlite3_bind_int64(st, 1, strtoll(k + 1, NULL, 10));
    if (sqlite3_step(st) == SQLITE_ROW) {
      json_array_append_new(
          jn, json_pack("{s:s,s:s,s:s,s:I}", "id", k, "name", (const char *)sqlite3_column_text(st, 0),
                        "type", speaker ? "SPEAKER" : (const char *)sqlite3_column_text(st, 1),
                        "weight", (json_int_t)nodes.v[i].value));
      vb_map_set(&keep, k, strlen(k), 1);
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(en);
  sqlite3_finalize(sp);
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
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
}
