/* libFuzzer: the JSON of every typed result (src/json/results.c). The
 * bytes are read as a result of each kind (strings of any bytes, numbers
 * of any size, lists of any length, missing fields); each is serialised,
 * and the JSON must parse back (jansson) with every field there and equal
 * to what was serialised: strings byte for byte when they were UTF-8,
 * numbers exactly. The body parser of POST /api/watches gets the raw bytes. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "verbatim.h"

typedef struct in {
  const uint8_t *p;
  size_t n;
  vb_arena *a;
} in;

static uint8_t byte(in *r) {
  if (!r->n) return 0;
  r->n--;
  return *r->p++;
}

static int64_t num(in *r) {
  uint64_t v = 0;
  int k = byte(r) % 9;
  for (int i = 0; i < k; i++) v = v << 8 | byte(r);
  return (int64_t)v;
}

/* A string of up to 48 of the input's bytes; ptr NULL now and then. */
static vb_str str(in *r) {
  uint8_t l = byte(r);
  if (l == 0xff) return (vb_str){NULL, 0};
  size_t n = l % 49;
  if (n > r->n) n = r->n;
  char *s = vb_arena_strndup(r->a, (const char *)r->p, n);
  r->p += n;
  r->n -= n;
  return (vb_str){s, s ? n : 0};
}

/* A fixed-size id field, filled to the brim now and then. */
static void fill(in *r, char *field, size_t cap) {
  size_t n = byte(r) % (cap + 1);
  for (size_t i = 0; i < n; i++) field[i] = (char)byte(r);
  if (n < cap) field[n] = 0;
}
#define FILL(r, field) fill((r), (field), sizeof(field))

static size_t count(in *r) { return byte(r) % 6; }

static void *array(in *r, size_t n, size_t size) {
  return n ? vb_arena_calloc(r->a, n * size) : NULL;
}

/* ---- the checks ---------------------------------------------------------------- */

/* A mismatch: where it was noticed, then a crash libFuzzer keeps. */
#define FAIL() (fprintf(stderr, "fuzz_results.c:%d: the JSON differs from the result\n", __LINE__), abort())

/* A string field as serialised: JSON null when ptr is NULL; else a string,
 * the very bytes when they were UTF-8 (jansson takes it), else valid. */
static void same_text(json_t *v, const char *p, size_t n) {
  if (!p) {
    if (!json_is_null(v)) FAIL();
    return;
  }
  if (!json_is_string(v)) FAIL();
  json_t *probe = json_stringn(p, n);
  if (probe) {
    if (json_string_length(v) != n || memcmp(json_string_value(v), p, n)) FAIL();
    json_decref(probe);
  }
}
static void same_str(json_t *o, const char *key, vb_str s) { same_text(json_object_get(o, key), s.ptr, s.len); }
static void same_id(json_t *o, const char *key, const char *field, size_t cap) {
  same_text(json_object_get(o, key), field, strnlen(field, cap));
}
#define SAME_ID(o, key, field) same_id((o), (key), (field), sizeof(field))
static void same_int(json_t *o, const char *key, int64_t n) {
  json_t *v = json_object_get(o, key);
  if (!json_is_integer(v) || json_integer_value(v) != n) FAIL();
}
static void same_bool(json_t *o, const char *key, int b) {
  json_t *v = json_object_get(o, key);
  if (!json_is_boolean(v) || json_is_true(v) != !!b) FAIL();
}
static void same_real(json_t *o, const char *key, double d) {
  json_t *v = json_object_get(o, key);
  if (!isfinite(d)) {
    if (!json_is_null(v)) FAIL();
  } else if (!json_is_number(v)) {
    FAIL();
  }
}
static json_t *item(json_t *arr, size_t i) {
  json_t *v = json_array_get(arr, i);
  if (!v) FAIL();
  return v;
}
static void same_strs(json_t *arr, const vb_str *v, size_t n) {
  if (!json_is_array(arr) || json_array_size(arr) != n) FAIL();
  for (size_t i = 0; i < n; i++) same_text(item(arr, i), v[i].ptr, v[i].len);
}
static json_t *sized(json_t *o, const char *key, size_t n) {
  json_t *arr = key ? json_object_get(o, key) : o;
  if (!json_is_array(arr) || json_array_size(arr) != n) FAIL();
  return arr;
}
static void same_counts(json_t *o, const char *key, const vb_count *v, size_t n, const char *label,
                        const char *cnt) {
  json_t *arr = sized(o, key, n);
  for (size_t i = 0; i < n; i++) {
    same_str(item(arr, i), label, v[i].label);
    same_int(item(arr, i), cnt, v[i].n);
  }
}

/* Serialises with to_json, parses back, checks, frees. The checks are
 * the variadic part: a block's top-level commas would split it. */
#define ROUNDTRIP(call, root, ...)                     \
  do {                                                 \
    char *js = NULL;                                   \
    vb_err err;                                        \
    if (call != 0) {                                   \
      fprintf(stderr, "%s\n", err.msg);                \
      FAIL();                                          \
    }                                                  \
    json_error_t je;                                   \
    json_t *root = json_loads(js, JSON_ALLOW_NUL, &je); \
    if (!root) {                                       \
      fprintf(stderr, "%s: %s\n", je.text, js);        \
      FAIL();                                          \
    }                                                  \
    __VA_ARGS__;                                       \
    json_decref(root);                                 \
    free(js);                                          \
  } while (0)

/* ---- each kind of result ----------------------------------------------------------- */

static void hit(in *r, vb_hit *h) {
  h->statement = num(r);
  h->index = (int32_t)num(r);
  FILL(r, h->doc);
  h->speaker = str(r), h->kind = str(r), h->text = str(r), h->snippet = str(r);
  h->citation = str(r), h->title = str(r), h->series = str(r), h->number = str(r);
  h->date = str(r), h->channel = str(r), h->link = str(r);
  h->start = (uint32_t)num(r), h->end = (uint32_t)num(r);
  int64_t t = num(r);
  memcpy(&h->time.start, &t, sizeof t); /* any double: NaN, infinities */
  h->time.end = (double)num(r);
  t = num(r);
  memcpy(&h->score, &t, sizeof t);
}

static void results(in *r) {
  vb_results res = {.total = num(r), .facet_mask = byte(r) & 15};
  vb_hit *hits = array(r, res.nhits = count(r), sizeof *hits);
  for (size_t i = 0; i < res.nhits; i++) hit(r, &hits[i]);
  res.hits = hits;
  for (int f = 0; f < VB_NFACETS; f++) {
    vb_facet *v = array(r, res.nfacets[f] = count(r), sizeof *v);
    for (size_t k = 0; k < res.nfacets[f]; k++) v[k].value = str(r), v[k].count = num(r);
    res.facets[f] = v;
  }
  static const char *const names[VB_NFACETS] = {"speaker", "entity", "tag", "month"};
  ROUNDTRIP(vb_results_to_json(&res, &js, &err), o, {
    same_int(o, "total", res.total);
    json_t *hs = sized(o, "hits", res.nhits);
    for (size_t i = 0; i < res.nhits; i++) {
      const vb_hit *h = &res.hits[i];
      json_t *x = item(hs, i);
      SAME_ID(x, "doc", h->doc);
      same_int(x, "statement", h->statement);
      same_int(x, "index", h->index);
      same_str(x, "speaker", h->speaker);
      same_str(x, "kind", h->kind);
      same_str(x, "text", h->text);
      same_str(x, "snippet", h->snippet);
      same_str(x, "citation", h->citation);
      same_str(x, "link", h->link);
      same_str(x, "title", h->title);
      same_str(x, "series", h->series);
      same_str(x, "number", h->number);
      same_str(x, "date", h->date);
      same_str(x, "channel", h->channel);
      same_int(x, "start", h->start);
      same_int(x, "end", h->end);
      same_real(x, "score", h->score);
      json_t *t = json_object_get(x, "time");
      if ((h->time.start >= 0) != (t != NULL)) FAIL();
      if (t) same_real(t, "start", h->time.start), same_real(t, "end", h->time.end);
    }
    json_t *fs = json_object_get(o, "facets");
    for (int f = 0; f < VB_NFACETS; f++) {
      json_t *arr = json_object_get(fs, names[f]);
      if (!(res.facet_mask & (1u << f))) {
        if (arr) FAIL();
        continue;
      }
      sized(arr, NULL, res.nfacets[f]);
      for (size_t k = 0; k < res.nfacets[f]; k++) {
        json_t *pair = item(arr, k);
        same_text(item(pair, 0), res.facets[f][k].value.ptr, res.facets[f][k].value.len);
        if (json_integer_value(item(pair, 1)) != res.facets[f][k].count) FAIL();
      }
    }
  });
  if (res.nhits) {
    const vb_hit *h = &res.hits[0];
    ROUNDTRIP(vb_hit_to_json(h, &js, &err), x, {
      SAME_ID(x, "doc", h->doc);
      same_str(x, "speaker", h->speaker);
      same_str(x, "date", h->date);
      same_str(x, "text", h->text);
      same_int(x, "end", h->end);
    });
  }
}

static void speakers(in *r) {
  vb_speaker_list list = {.n = count(r)};
  vb_speaker_row *v = array(r, list.n, sizeof *v);
  for (size_t i = 0; i < list.n; i++) {
    v[i].name = str(r), v[i].role = str(r), v[i].affiliation = str(r);
    v[i].host = byte(r) & 1, v[i].documents = num(r), v[i].statements = num(r);
  }
  list.speakers = v;
  ROUNDTRIP(vb_speakers_to_json(&list, &js, &err), arr, {
    sized(arr, NULL, list.n);
    for (size_t i = 0; i < list.n; i++) {
      json_t *x = item(arr, i);
      same_str(x, "name", v[i].name);
      /* role and affiliation are left out when unknown */
      if (v[i].role.ptr) same_str(x, "role", v[i].role);
      else if (json_object_get(x, "role")) FAIL();
      if (v[i].affiliation.ptr) same_str(x, "affiliation", v[i].affiliation);
      else if (json_object_get(x, "affiliation")) FAIL();
      same_bool(x, "host", v[i].host);
      same_int(x, "documents", v[i].documents);
      same_int(x, "statements", v[i].statements);
    }
  });
}

static void entity_row(in *r, vb_entity_row *e) {
  FILL(r, e->id);
  e->name = str(r), e->type = str(r), e->mentions = num(r), e->documents = num(r);
  vb_str *al = array(r, e->naliases = count(r), sizeof *al);
  for (size_t k = 0; k < e->naliases; k++) al[k] = str(r);
  e->aliases = al;
}

static void check_entity(json_t *x, const vb_entity_row *e) {
  SAME_ID(x, "id", e->id);
  same_str(x, "name", e->name);
  same_str(x, "type", e->type);
  same_int(x, "mentions", e->mentions);
  same_int(x, "documents", e->documents);
  same_strs(json_object_get(x, "aliases"), e->aliases, e->naliases);
}

static void entities(in *r) {
  vb_entity_list list = {.n = count(r)};
  vb_entity_row *v = array(r, list.n, sizeof *v);
  for (size_t i = 0; i < list.n; i++) entity_row(r, &v[i]);
  list.entities = v;
  ROUNDTRIP(vb_entities_to_json(&list, &js, &err), arr, {
    sized(arr, NULL, list.n);
    for (size_t i = 0; i < list.n; i++) check_entity(item(arr, i), &v[i]);
  });
}

static vb_count *counts(in *r, size_t *n) {
  vb_count *v = array(r, *n = count(r), sizeof *v);
  for (size_t i = 0; i < *n; i++) v[i].label = str(r), v[i].n = num(r);
  return v;
}

static void entity_page(in *r) {
  vb_entity_page p = {0};
  entity_row(r, &p.entity);
  p.key = str(r), p.speaker = str(r);
  vb_entity_role *roles = array(r, p.nroles = count(r), sizeof *roles);
  for (size_t i = 0; i < p.nroles; i++)
    roles[i].date = str(r), roles[i].role = str(r), roles[i].doc = str(r), roles[i].title = str(r);
  p.roles = roles;
  p.timeline = counts(r, &p.ntimeline);
  p.speakers = counts(r, &p.nspeakers);
  p.co_mentioned = counts(r, &p.nco_mentioned);
  ROUNDTRIP(vb_entity_page_to_json(&p, &js, &err), o, {
    check_entity(o, &p.entity);
    same_str(o, "key", p.key);
    same_str(o, "speaker", p.speaker);
    json_t *rs = sized(o, "roles", p.nroles);
    for (size_t i = 0; i < p.nroles; i++) {
      json_t *x = item(rs, i);
      same_str(x, "date", p.roles[i].date);
      same_str(x, "role", p.roles[i].role);
      same_str(x, "doc", p.roles[i].doc);
      same_str(x, "title", p.roles[i].title);
    }
    same_counts(o, "timeline", p.timeline, p.ntimeline, "month", "mentions");
    same_counts(o, "speakers", p.speakers, p.nspeakers, "name", "mentions");
    same_counts(o, "co_mentioned", p.co_mentioned, p.nco_mentioned, "name", "statements");
  });
}

static void watches(in *r) {
  vb_watch_list list = {.n = count(r)};
  vb_watch_row *v = array(r, list.n, sizeof *v);
  for (size_t i = 0; i < list.n; i++) {
    v[i].name = str(r), v[i].query = str(r), v[i].sink = str(r), v[i].created = str(r);
    v[i].indexed = byte(r) & 1, v[i].alerts = num(r);
  }
  list.watches = v;
  ROUNDTRIP(vb_watches_to_json(&list, &js, &err), arr, {
    sized(arr, NULL, list.n);
    for (size_t i = 0; i < list.n; i++) {
      json_t *x = item(arr, i);
      same_str(x, "name", v[i].name);
      same_str(x, "query", v[i].query);
      same_str(x, "sink", v[i].sink);
      same_str(x, "created", v[i].created);
      same_bool(x, "indexed", v[i].indexed);
      same_int(x, "alerts", v[i].alerts);
    }
  });
}

static void check_alert(json_t *x, const vb_alert *a, int explained) {
  static const char *const states[] = {"pending", "delivered", "dead"};
  same_int(x, "id", a->id);
  same_str(x, "at", a->at);
  same_str(x, "watch", a->watch);
  same_str(x, "query", a->query);
  same_str(x, "sink", a->sink);
  json_t *s = json_object_get(x, "statement"), *d = json_object_get(x, "document");
  SAME_ID(s, "doc", a->doc);
  same_int(s, "index", a->index);
  same_str(s, "kind", a->kind);
  same_str(s, "speaker", a->speaker);
  same_str(s, "text", a->text);
  same_str(s, "link", a->link);
  same_int(s, "start", a->start);
  same_int(s, "end", a->end);
  same_str(d, "title", a->title);
  same_str(d, "series", a->series);
  same_str(d, "number", a->number);
  same_str(d, "date", a->date);
  same_str(d, "channel", a->channel);
  const char *state = json_string_value(json_object_get(x, "state"));
  if (!state || (a->state >= 0 && a->state <= 2 && strcmp(state, states[a->state]))) FAIL();
  if (a->error.ptr) same_str(x, "error", a->error);
  else if (json_object_get(x, "error")) FAIL();
  json_t *m = json_object_get(x, "matched");
  if (explained) same_strs(m, a->matched, a->nmatched);
  else if (m) FAIL();
}

static void alerts(in *r) {
  vb_alert_list list = {.n = count(r), .explained = byte(r) & 1};
  vb_alert *v = array(r, list.n, sizeof *v);
  for (size_t i = 0; i < list.n; i++) {
    vb_alert *a = &v[i];
    a->id = num(r), a->at = str(r), a->watch = str(r), a->query = str(r), a->sink = str(r);
    a->state = (int)(int8_t)byte(r), a->error = str(r);
    FILL(r, a->doc);
    a->index = (int32_t)num(r);
    a->kind = str(r), a->speaker = str(r), a->text = str(r), a->link = str(r);
    a->start = (uint32_t)num(r), a->end = (uint32_t)num(r);
    a->title = str(r), a->series = str(r), a->number = str(r), a->date = str(r), a->channel = str(r);
    vb_str *m = array(r, a->nmatched = count(r), sizeof *m);
    for (size_t k = 0; k < a->nmatched; k++) m[k] = str(r);
    a->matched = m;
  }
  list.alerts = v;
  ROUNDTRIP(vb_alerts_to_json(&list, &js, &err), arr, {
    sized(arr, NULL, list.n);
    for (size_t i = 0; i < list.n; i++) check_alert(item(arr, i), &v[i], list.explained);
  });
  for (size_t i = 0; i < list.n; i++)
    ROUNDTRIP(vb_alert_to_json(&list, i, &js, &err), x, check_alert(x, &v[i], list.explained));
}

static void timeline(in *r) {
  static const char *const names[] = {"day", "week", "month"};
  vb_timeline t = {.interval = (int)(int8_t)byte(r), .by_speaker = byte(r) & 1, .n = count(r)};
  vb_bucket *v = array(r, t.n, sizeof *v);
  for (size_t i = 0; i < t.n; i++) v[i].period = str(r), v[i].count = num(r), v[i].speaker = str(r);
  t.buckets = v;
  ROUNDTRIP(vb_timeline_to_json(&t, &js, &err), o, {
    const char *iv = json_string_value(json_object_get(o, "interval"));
    if (!iv || (t.interval >= 0 && t.interval <= 2 && strcmp(iv, names[t.interval]))) FAIL();
    json_t *bs = sized(o, "buckets", t.n);
    for (size_t i = 0; i < t.n; i++) {
      json_t *x = item(bs, i);
      same_str(x, "period", v[i].period);
      same_int(x, "count", v[i].count);
      if (t.by_speaker) same_str(x, "speaker", v[i].speaker);
      else if (json_object_get(x, "speaker")) FAIL();
    }
  });
}

static void network(in *r) {
  static const char *const kinds[] = {"co-mention", "speaks-of", NULL};
  vb_network n = {.statements = num(r), .nnodes = count(r)};
  vb_node *nodes = array(r, n.nnodes, sizeof *nodes);
  for (size_t i = 0; i < n.nnodes; i++) {
    FILL(r, nodes[i].id);
    nodes[i].name = str(r), nodes[i].type = str(r), nodes[i].weight = num(r);
  }
  vb_edge *edges = array(r, n.nedges = count(r), sizeof *edges);
  for (size_t i = 0; i < n.nedges; i++) {
    FILL(r, edges[i].source);
    FILL(r, edges[i].target);
    edges[i].weight = num(r), edges[i].kind = kinds[byte(r) % 3];
  }
  n.nodes = nodes, n.edges = edges;
  ROUNDTRIP(vb_network_to_json(&n, &js, &err), o, {
    same_int(o, "statements", n.statements);
    json_t *ns = sized(o, "nodes", n.nnodes), *es = sized(o, "edges", n.nedges);
    for (size_t i = 0; i < n.nnodes; i++) {
      json_t *x = item(ns, i);
      SAME_ID(x, "id", nodes[i].id);
      same_str(x, "name", nodes[i].name);
      same_str(x, "type", nodes[i].type);
      same_int(x, "weight", nodes[i].weight);
    }
    for (size_t i = 0; i < n.nedges; i++) {
      json_t *x = item(es, i);
      SAME_ID(x, "source", edges[i].source);
      SAME_ID(x, "target", edges[i].target);
      same_int(x, "weight", edges[i].weight);
      const char *k = edges[i].kind;
      same_text(json_object_get(x, "kind"), k, k ? strlen(k) : 0);
    }
  });
}

static void cite(in *r) {
  vb_cite c = {0};
  FILL(r, c.doc);
  c.asked = (int32_t)num(r), c.index = (int32_t)num(r), c.parser_version = (int)num(r);
  c.speaker = str(r), c.kind = str(r), c.text = str(r), c.link = str(r);
  c.start = (uint32_t)num(r), c.end = (uint32_t)num(r);
  ROUNDTRIP(vb_cite_to_json(&c, &js, &err), o, {
    SAME_ID(o, "doc", c.doc);
    same_int(o, "asked", c.asked);
    same_int(o, "index", c.index);
    same_bool(o, "moved", c.asked != c.index);
    same_int(o, "parser_version", c.parser_version);
    same_str(o, "speaker", c.speaker);
    same_str(o, "kind", c.kind);
    same_str(o, "text", c.text);
    same_str(o, "link", c.link);
    same_int(o, "start", c.start);
    same_int(o, "end", c.end);
  });
}

static void small(in *r) {
  vb_posted p = {.documents = (int)num(r), .added = (int)num(r), .failed = (int)num(r),
                 .statements = num(r)};
  FILL(r, p.id);
  ROUNDTRIP(vb_posted_to_json(&p, &js, &err), o, {
    SAME_ID(o, "id", p.id);
    same_int(o, "documents", p.documents);
    same_int(o, "added", p.added);
    same_int(o, "failed", p.failed);
    same_int(o, "statements", p.statements);
  });
  int64_t docs = num(r), stmts = num(r);
  ROUNDTRIP(vb_health_to_json(docs, stmts, &js, &err), o, {
    same_int(o, "documents", docs);
    same_int(o, "statements", stmts);
  });
  int added = byte(r) & 1, indexed = byte(r) & 1;
  ROUNDTRIP(vb_watch_change_to_json(added, indexed, &js, &err), o, {
    if (added) same_bool(o, "indexed", indexed);
    else same_bool(o, "removed", 1);
  });
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_watch_request *w = NULL;
  vb_err err;
  if (vb_watch_request_parse((const char *)data, size, &w, &err) == 0 && (!w->name || !w->query))
    FAIL();
  vb_watch_request_free(w);

  in r = {data, size, vb_arena_new(0)};
  if (!r.a) return 0;
  switch (byte(&r) % 9) {
  case 0: results(&r); break;
  case 1: speakers(&r); break;
  case 2: entities(&r); break;
  case 3: entity_page(&r); break;
  case 4: watches(&r); break;
  case 5: alerts(&r); break;
  case 6: timeline(&r); break;
  case 7: network(&r); break;
  default: cite(&r), small(&r); break;
  }
  vb_arena_free(r.a);
  return 0;
}
