/* results — the JSON of the archive's typed results (include/verbatim.h),
 * for the HTTP API, `--json` on the command line, the sinks and the
 * streams. The store hands out structs; this is the one place they become
 * JSON, as json.c is for documents. Built with jansson, so every string is
 * escaped whatever it holds. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "json/build.h"
#include "json/writer.h"
#include "verbatim.h"

/* A string as JSON whatever its bytes: what is not UTF-8 becomes U+FFFD
 * (jansson refuses it, and one bad byte must not lose a whole answer). */
static json_t *text(const char *p, size_t n) {
  if (!p) return json_null();
  json_t *v = json_stringn(p, n);
  if (v) return v;
  char *fixed = malloc(n * 3 + 1);
  if (!fixed) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)p[i];
    size_t k = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    int ok = k && i + k <= n;
    for (size_t j = 1; ok && j < k; j++) ok = ((unsigned char)p[i + j] & 0xc0) == 0x80;
    /* overlong three-byte forms, surrogates, and beyond U+10FFFF */
    if (ok && k == 3) {
      unsigned char d = (unsigned char)p[i + 1];
      ok = !(c == 0xe0 && d < 0xa0) && !(c == 0xed && d >= 0xa0);
    }
    if (ok && k == 4) {
      unsigned char d = (unsigned char)p[i + 1];
      ok = !(c == 0xf0 && d < 0x90) && !(c == 0xf4 && d >= 0x90);
    }
    if (ok) {
      memcpy(fixed + o, p + i, k);
      o += k;
      i += k;
    } else {
      memcpy(fixed + o, "\xef\xbf\xbd", 3);
      o += 3;
      i++;
    }
  }
  v = json_stringn(fixed, o);
  free(fixed);
  return v;
}
static json_t *str(vb_str s) { return text(s.ptr, s.len); }
/* A fixed-size id field ("e12", a content hash), NUL-terminated or full. */
#define idstr(field) text((field), strnlen((field), sizeof(field)))
/* JSON has no NaN or infinity. */
static json_t *real(double d) { return isfinite(d) ? json_real(d) : json_null(); }
static json_t *strs(jb *b, const vb_str *v, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < n; i++) jb_push(b, arr, str(v[i]));
  return arr;
}

/* Takes a built tree: its compact text in *out, or VB_ENOMEM. */
static int dump(jb *b, json_t *root, char **out, vb_err *err) {
  *out = root && !b->failed ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
  json_decref(root);
  return *out ? VB_OK : vb_err_set(err, VB_ENOMEM, "", -1, "cannot write JSON");
}

/* ---- search ------------------------------------------------------------------ */

int vb_results_to_json(const vb_results *res, char **out, vb_err *err) {
  static const char *const facet_names[VB_NFACETS] = {"speaker", "entity", "tag", "month", "said"};
  jb b = {0};
  json_t *root = json_object(), *hits = json_array();
  jb_set(&b, root, "total", json_integer(res->total));
  for (size_t i = 0; hits && i < res->nhits; i++) {
    const vb_hit *h = &res->hits[i];
    json_t *o = json_object();
    jb_set(&b, o, "doc", idstr(h->doc));
    jb_set(&b, o, "statement", json_integer(h->statement));
    jb_set(&b, o, "index", json_integer(h->index));
    jb_set(&b, o, "speaker", str(h->speaker));
    jb_set(&b, o, "kind", str(h->kind));
    jb_set(&b, o, "text", str(h->text));
    jb_set(&b, o, "snippet", str(h->snippet));
    jb_set(&b, o, "start", json_integer(h->start));
    jb_set(&b, o, "end", json_integer(h->end));
    jb_set(&b, o, "citation", str(h->citation));
    jb_set(&b, o, "link", str(h->link));
    jb_set(&b, o, "title", str(h->title));
    jb_set(&b, o, "series", str(h->series));
    jb_set(&b, o, "number", str(h->number));
    jb_set(&b, o, "date", str(h->date));
    jb_set(&b, o, "channel", str(h->channel));
    if (h->family) { /* its quote family: how many say it, first said when and where */
      json_t *first = json_object();
      jb_set(&b, first, "date", str(h->first_said));
      jb_set(&b, first, "link", str(h->first_link));
      jb_set(&b, o, "family", json_integer(h->family));
      jb_set(&b, o, "first_said", first);
      jb_set(&b, o, "said_before", json_boolean(h->said_before));
    }
    if (h->time.start >= 0) {
      json_t *t = json_object();
      jb_set(&b, t, "start", real(h->time.start));
      jb_set(&b, t, "end", real(h->time.end));
      jb_set(&b, o, "time", t);
    }
    jb_set(&b, o, "score", real(h->score));
    if (h->nbefore || h->nafter) {
      jb_set(&b, o, "before", strs(&b, h->before, h->nbefore));
      jb_set(&b, o, "after", strs(&b, h->after, h->nafter));
    }
    jb_push(&b, hits, o);
  }
  jb_set(&b, root, "hits", hits);
  json_t *facets = json_object();
  for (int f = 0; facets && f < VB_NFACETS; f++) {
    if (!(res->facet_mask & (1u << f))) continue;
    json_t *arr = json_array();
    for (size_t k = 0; arr && k < res->nfacets[f]; k++) {
      json_t *pair = json_array();
      jb_push(&b, pair, str(res->facets[f][k].value));
      jb_push(&b, pair, json_integer(res->facets[f][k].count));
      if (res->facets[f][k].id[0]) jb_push(&b, pair, idstr(res->facets[f][k].id));
      jb_push(&b, arr, pair);
    }
    jb_set(&b, facets, facet_names[f], arr);
  }
  jb_set(&b, root, "facets", facets);
  if (res->entity_sample) jb_set(&b, root, "entity_sample", json_integer(res->entity_sample));
  return dump(&b, root, out, err);
}

int vb_hit_to_json(const vb_hit *h, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  jb_set(&b, o, "doc", idstr(h->doc));
  jb_set(&b, o, "speaker", str(h->speaker));
  jb_set(&b, o, "kind", str(h->kind));
  jb_set(&b, o, "date", str(h->date));
  jb_set(&b, o, "text", str(h->text));
  jb_set(&b, o, "start", json_integer(h->start));
  jb_set(&b, o, "end", json_integer(h->end));
  jb_set(&b, o, "citation", str(h->citation));
  return dump(&b, o, out, err);
}

/* ---- speakers ---------------------------------------------------------------- */

static json_t *speaker(jb *b, const vb_speaker_row *s) {
  json_t *o = json_object();
  jb_set(b, o, "name", str(s->name));
  if (s->role.ptr) jb_set(b, o, "role", str(s->role));
  if (s->affiliation.ptr) jb_set(b, o, "affiliation", str(s->affiliation));
  jb_set(b, o, "host", json_boolean(s->host));
  jb_set(b, o, "anonymous", json_boolean(s->anonymous));
  jb_set(b, o, "group", json_boolean(s->group));
  jb_set(b, o, "documents", json_integer(s->documents));
  jb_set(b, o, "statements", json_integer(s->statements));
  return o;
}

int vb_speakers_to_json(const vb_speaker_list *list, char **out, vb_err *err) {
  jb b = {0};
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < list->n; i++) jb_push(&b, arr, speaker(&b, &list->speakers[i]));
  return dump(&b, arr, out, err);
}

int vb_speaker_to_json(const vb_speaker_row *s, char **out, vb_err *err) {
  jb b = {0};
  return dump(&b, speaker(&b, s), out, err);
}

/* ---- entities ------------------------------------------------------------------ */

static void entity_fields(jb *b, json_t *o, const vb_entity_row *e) {
  jb_set(b, o, "id", idstr(e->id));
  jb_set(b, o, "name", str(e->name));
  jb_set(b, o, "type", str(e->type));
}

/* "mentions" (places in statements), "statements" (those that hold them:
 * what mentions:e12 finds), "documents" (theirs) */
static void entity_counts(jb *b, json_t *o, const vb_entity_row *e) {
  jb_set(b, o, "mentions", json_integer(e->mentions));
  jb_set(b, o, "statements", json_integer(e->statements));
  jb_set(b, o, "documents", json_integer(e->documents));
}

int vb_entities_to_json(const vb_entity_list *list, char **out, vb_err *err) {
  jb b = {0};
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < list->n; i++) {
    const vb_entity_row *e = &list->entities[i];
    json_t *o = json_object();
    entity_fields(&b, o, e);
    entity_counts(&b, o, e);
    jb_set(&b, o, "aliases", strs(&b, e->aliases, e->naliases));
    jb_push(&b, arr, o);
  }
  return dump(&b, arr, out, err);
}

/* [{"<label>": …, "<count>": n}] */
static json_t *counts(jb *b, const vb_count *v, size_t n, const char *label, const char *count) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < n; i++) {
    json_t *o = json_object();
    jb_set(b, o, label, str(v[i].label));
    jb_set(b, o, count, json_integer(v[i].n));
    jb_push(b, arr, o);
  }
  return arr;
}

int vb_entity_page_to_json(const vb_entity_page *p, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  entity_fields(&b, o, &p->entity);
  jb_set(&b, o, "key", str(p->key));
  jb_set(&b, o, "speaker", str(p->speaker));
  entity_counts(&b, o, &p->entity);
  jb_set(&b, o, "aliases", strs(&b, p->entity.aliases, p->entity.naliases));
  json_t *roles = json_array();
  for (size_t i = 0; roles && i < p->nroles; i++) {
    json_t *r = json_object();
    jb_set(&b, r, "date", str(p->roles[i].date));
    jb_set(&b, r, "role", str(p->roles[i].role));
    jb_set(&b, r, "doc", str(p->roles[i].doc));
    jb_set(&b, r, "title", str(p->roles[i].title));
    jb_push(&b, roles, r);
  }
  jb_set(&b, o, "roles", roles);
  jb_set(&b, o, "timeline", counts(&b, p->timeline, p->ntimeline, "month", "mentions"));
  jb_set(&b, o, "speakers", counts(&b, p->speakers, p->nspeakers, "name", "mentions"));
  jb_set(&b, o, "co_mentioned", counts(&b, p->co_mentioned, p->nco_mentioned, "name", "statements"));
  if (p->sampled) jb_set(&b, o, "sampled", json_integer(p->sampled));
  json_t *also = json_array();
  for (size_t i = 0; also && i < p->nalso; i++) {
    json_t *x = json_object();
    entity_fields(&b, x, &p->also[i]);
    entity_counts(&b, x, &p->also[i]);
    jb_push(&b, also, x);
  }
  jb_set(&b, o, "also", also);
  return dump(&b, o, out, err);
}

/* ---- watches and alerts ------------------------------------------------------------ */

int vb_watches_to_json(const vb_watch_list *list, char **out, vb_err *err) {
  jb b = {0};
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < list->n; i++) {
    const vb_watch_row *w = &list->watches[i];
    json_t *o = json_object();
    jb_set(&b, o, "name", str(w->name));
    jb_set(&b, o, "query", str(w->query));
    jb_set(&b, o, "sink", str(w->sink));
    jb_set(&b, o, "created", str(w->created));
    jb_set(&b, o, "indexed", json_boolean(w->indexed));
    jb_set(&b, o, "alerts", json_integer(w->alerts));
    jb_push(&b, arr, o);
  }
  return dump(&b, arr, out, err);
}

/* Alerts are written as they are made (json/writer.h), not built as a
 * tree: a busy ingest sends one line per alert, and jansson's tree and
 * dump cost more than the rest of an alert's delivery (bench/RESULTS.md,
 * issue 20). The same bytes as jansson's compact dump of the tree. */
static void jw_str(vb_jw *w, const char *key, vb_str s) {
  vb_jw_key(w, key);
  vb_jw_text(w, s.ptr, s.len);
}


static void alert(vb_jw *w, const vb_alert *a, int explained) {
  static const char *const states[] = {"pending", "delivered", "dead"};
  vb_jw_obj(w);
  vb_jw_key_int(w, "id", a->id);
  jw_str(w, "at", a->at);
  jw_str(w, "watch", a->watch);
  jw_str(w, "query", a->query);
  jw_str(w, "sink", a->sink);
  vb_jw_key(w, "statement");
  vb_jw_obj(w);
  vb_jw_key(w, "doc");
  vb_jw_text(w, a->doc, strnlen(a->doc, sizeof a->doc));
  vb_jw_key_int(w, "index", a->index);
  jw_str(w, "kind", a->kind);
  jw_str(w, "speaker", a->speaker);
  jw_str(w, "text", a->text);
  jw_str(w, "link", a->link);
  vb_jw_key_int(w, "start", a->start);
  vb_jw_key_int(w, "end", a->end);
  vb_jw_obj_end(w);
  vb_jw_key(w, "document");
  vb_jw_obj(w);
  jw_str(w, "title", a->title);
  jw_str(w, "series", a->series);
  jw_str(w, "number", a->number);
  jw_str(w, "date", a->date);
  jw_str(w, "channel", a->channel);
  vb_jw_obj_end(w);
  vb_jw_key(w, "state");
  vb_jw_cstr(w, states[a->state >= 0 && a->state <= 2 ? a->state : 0]);
  if (a->error.ptr) jw_str(w, "error", a->error);
  if (explained) {
    vb_jw_key(w, "matched");
    vb_jw_arr(w);
    for (size_t i = 0; i < a->nmatched; i++) vb_jw_text(w, a->matched[i].ptr, a->matched[i].len);
    vb_jw_arr_end(w);
  }
  vb_jw_obj_end(w);
}

static int jw_done(vb_jw *w, char **out, vb_err *err) {
  vb_jw_finish(w);
  *out = vb_jw_detach(w);
  vb_jw_free(w);
  return *out ? VB_OK : vb_err_set(err, VB_ENOMEM, "", -1, "cannot write JSON");
}

int vb_alerts_to_json(const vb_alert_list *list, char **out, vb_err *err) {
  vb_jw w;
  vb_jw_init(&w, NULL, 0);
  vb_jw_arr(&w);
  for (size_t i = 0; i < list->n; i++) alert(&w, &list->alerts[i], list->explained);
  vb_jw_arr_end(&w);
  return jw_done(&w, out, err);
}

int vb_alert_to_json(const vb_alert_list *list, size_t i, char **out, vb_err *err) {
  if (i >= list->n) return vb_err_set(err, VB_EUSAGE, "", -1, "no alert %zu", i);
  vb_jw w;
  vb_jw_init(&w, NULL, 0);
  alert(&w, &list->alerts[i], list->explained);
  return jw_done(&w, out, err);
}

/* ---- views ---------------------------------------------------------------------- */

int vb_timeline_to_json(const vb_timeline *t, char **out, vb_err *err) {
  static const char *const names[] = {"day", "week", "month", "year"};
  jb b = {0};
  json_t *root = json_object(), *arr = json_array();
  jb_set(&b, root, "interval", json_string(names[t->interval >= 0 && t->interval <= VB_INTERVAL_YEAR ? t->interval : 0]));
  for (size_t i = 0; arr && i < t->n; i++) {
    json_t *o = json_object();
    jb_set(&b, o, "period", str(t->buckets[i].period));
    jb_set(&b, o, "count", json_integer(t->buckets[i].count));
    if (t->buckets[i].coarse) jb_set(&b, o, "coarse", json_integer(t->buckets[i].coarse));
    if (t->by_speaker) jb_set(&b, o, "speaker", str(t->buckets[i].speaker));
    jb_push(&b, arr, o);
  }
  jb_set(&b, root, "buckets", arr);
  return dump(&b, root, out, err);
}

int vb_overview_to_json(const vb_overview *ov, char **out, vb_err *err) {
  jb b = {0};
  json_t *root = json_object(), *months = json_array(), *latest = json_array();
  jb_set(&b, root, "speakers", json_integer(ov->speakers));
  jb_set(&b, root, "documents", json_integer(ov->documents));
  jb_set(&b, root, "statements", json_integer(ov->statements));
  jb_set(&b, root, "dated", json_integer(ov->dated));
  jb_set(&b, root, "first", ov->nmonths ? str(ov->months[0].period) : json_null());
  jb_set(&b, root, "last", ov->nmonths ? str(ov->months[ov->nmonths - 1].period) : json_null());
  for (size_t i = 0; months && i < ov->nmonths; i++) {
    json_t *o = json_object();
    jb_set(&b, o, "period", str(ov->months[i].period));
    jb_set(&b, o, "count", json_integer(ov->months[i].statements));
    jb_set(&b, o, "documents", json_integer(ov->months[i].documents));
    jb_push(&b, months, o);
  }
  jb_set(&b, root, "months", months);
  for (size_t i = 0; latest && i < ov->nlatest; i++) {
    const vb_overview_doc *d = &ov->latest[i];
    json_t *o = json_object();
    jb_set(&b, o, "doc", idstr(d->doc));
    jb_set(&b, o, "title", str(d->title));
    jb_set(&b, o, "date", str(d->date));
    jb_set(&b, o, "channel", str(d->channel));
    jb_set(&b, o, "series", str(d->series));
    jb_set(&b, o, "number", str(d->number));
    jb_push(&b, latest, o);
  }
  jb_set(&b, root, "latest", latest);
  return dump(&b, root, out, err);
}

int vb_network_to_json(const vb_network *n, char **out, vb_err *err) {
  jb b = {0};
  json_t *root = json_object(), *nodes = json_array(), *edges = json_array();
  jb_set(&b, root, "statements", json_integer(n->statements));
  for (size_t i = 0; nodes && i < n->nnodes; i++) {
    json_t *o = json_object();
    jb_set(&b, o, "id", idstr(n->nodes[i].id));
    jb_set(&b, o, "name", str(n->nodes[i].name));
    jb_set(&b, o, "type", str(n->nodes[i].type));
    jb_set(&b, o, "weight", json_integer(n->nodes[i].weight));
    jb_set(&b, o, "x", json_real(round(n->nodes[i].x * 10) / 10));
    jb_set(&b, o, "y", json_real(round(n->nodes[i].y * 10) / 10));
    jb_push(&b, nodes, o);
  }
  for (size_t i = 0; edges && i < n->nedges; i++) {
    json_t *o = json_object();
    jb_set(&b, o, "source", idstr(n->edges[i].source));
    jb_set(&b, o, "target", idstr(n->edges[i].target));
    jb_set(&b, o, "weight", json_integer(n->edges[i].weight));
    jb_set(&b, o, "kind", text(n->edges[i].kind, n->edges[i].kind ? strlen(n->edges[i].kind) : 0));
    jb_push(&b, edges, o);
  }
  jb_set(&b, root, "nodes", nodes);
  jb_set(&b, root, "edges", edges);
  return dump(&b, root, out, err);
}

/* ---- the API's small answers ----------------------------------------------------- */

int vb_posted_to_json(const vb_posted *p, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  jb_set(&b, o, "id", idstr(p->id));
  jb_set(&b, o, "documents", json_integer(p->documents));
  jb_set(&b, o, "added", json_integer(p->added));
  jb_set(&b, o, "failed", json_integer(p->failed));
  jb_set(&b, o, "statements", json_integer(p->statements));
  return dump(&b, o, out, err);
}

int vb_health_to_json(int64_t documents, int64_t statements, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  jb_set(&b, o, "status", json_string("ok"));
  jb_set(&b, o, "documents", json_integer(documents));
  jb_set(&b, o, "statements", json_integer(statements));
  return dump(&b, o, out, err);
}

int vb_watch_change_to_json(int added, int indexed, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  if (added) {
    jb_set(&b, o, "added", json_true());
    jb_set(&b, o, "indexed", json_boolean(indexed));
  } else {
    jb_set(&b, o, "removed", json_true());
  }
  return dump(&b, o, out, err);
}

int vb_watch_request_parse(const char *body, size_t len, vb_watch_request **out, vb_err *err) {
  *out = NULL;
  json_error_t je;
  json_t *o = json_loadb(body ? body : "", len, 0, &je);
  const char *fields[3] = {json_string_value(json_object_get(o, "name")),
                           json_string_value(json_object_get(o, "query")),
                           json_string_value(json_object_get(o, "sink"))};
  int rc = VB_OK;
  if (!o) rc = vb_err_set(err, VB_EUSAGE, "", (long long)je.position, "not JSON: %s", je.text);
  else if (!fields[0] || !fields[1]) rc = vb_err_set(err, VB_EUSAGE, "", -1, "the body needs \"name\" and \"query\"");
  vb_watch_request *w = rc ? NULL : calloc(1, sizeof *w);
  if (!rc && !w) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  char **to[3] = {w ? &w->name : NULL, w ? &w->query : NULL, w ? &w->sink : NULL};
  for (int i = 0; !rc && i < 3; i++)
    if (fields[i] && !(*to[i] = strdup(fields[i]))) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  json_decref(o);
  if (rc) {
    vb_watch_request_free(w);
    return rc;
  }
  *out = w;
  return VB_OK;
}

void vb_watch_request_free(vb_watch_request *w) {
  if (!w) return;
  free(w->name);
  free(w->query);
  free(w->sink);
  free(w);
}

static const char *const fix_ops[] = {"merge", "split", "rename", "alias-add", "alias-rm", "reject"};

int vb_fix_request_parse(const char *body, size_t len, vb_fix_request **out, vb_err *err) {
  *out = NULL;
  json_error_t je;
  json_t *o = json_loadb(body ? body : "", len, 0, &je);
  const char *op = json_string_value(json_object_get(o, "op"));
  json_t *args = json_object_get(o, "args");
  int which = -1;
  for (int i = 0; op && i < (int)(sizeof fix_ops / sizeof *fix_ops); i++)
    if (!strcmp(op, fix_ops[i])) which = i;
  size_t n = json_array_size(args);
  int rc = VB_OK;
  if (!o) rc = vb_err_set(err, VB_EUSAGE, "", (long long)je.position, "not JSON: %s", je.text);
  else if (which < 0 || (args && !json_is_array(args)) || n > 16 || (which != VB_FIX_REJECT && !n))
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "the body needs \"op\" and \"args\"");
  for (size_t i = 0; !rc && i < n; i++) {
    const char *a = json_string_value(json_array_get(args, i));
    if (!a || !*a) rc = vb_err_set(err, VB_EUSAGE, "", -1, "each of \"args\" is a name");
  }
  vb_fix_request *f = rc ? NULL : calloc(1, sizeof *f);
  if (!rc && !f) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (!rc) {
    f->op = (vb_fix)which;
    f->name = fix_ops[which];
  }
  for (size_t i = 0; !rc && i < n; i++) {
    if (!(f->args[i] = strdup(json_string_value(json_array_get(args, i)))))
      rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
    else f->nargs++;
  }
  json_decref(o);
  if (rc) {
    vb_fix_request_free(f);
    return rc;
  }
  *out = f;
  return VB_OK;
}

void vb_fix_request_free(vb_fix_request *f) {
  if (!f) return;
  for (size_t i = 0; i < f->nargs; i++) free(f->args[i]);
  free(f);
}

int vb_fix_done_to_json(const vb_fix_request *f, const char *entity, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  jb_set(&b, o, "done", json_true());
  jb_set(&b, o, "op", json_string(f->name));
  jb_set(&b, o, "entity", text(entity, strlen(entity)));
  return dump(&b, o, out, err);
}

/* ---- permalinks ------------------------------------------------------------------- */

int vb_cite_to_json(const vb_cite *c, char **out, vb_err *err) {
  jb b = {0};
  json_t *o = json_object();
  jb_set(&b, o, "doc", idstr(c->doc));
  jb_set(&b, o, "asked", json_integer(c->asked));
  jb_set(&b, o, "index", json_integer(c->index));
  jb_set(&b, o, "moved", json_boolean(c->asked != c->index));
  jb_set(&b, o, "parser_version", json_integer(c->parser_version));
  jb_set(&b, o, "speaker", str(c->speaker));
  jb_set(&b, o, "kind", str(c->kind));
  jb_set(&b, o, "text", str(c->text));
  jb_set(&b, o, "start", json_integer(c->start));
  jb_set(&b, o, "end", json_integer(c->end));
  jb_set(&b, o, "link", str(c->link));
  return dump(&b, o, out, err);
}

/* ---- quote families --------------------------------------------------------- */

/* What a variant changed: [{"op","from","to"}], null when not aligned. */
static json_t *family_changes(jb *b, const vb_family_member *m) {
  if (!m->diffed) return json_null();
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < m->ndiff; i++) {
    const vb_family_change *c = &m->diff[i];
    json_t *o = json_object();
    jb_set(b, o, "op", json_string(c->op));
    if (c->from.ptr) jb_set(b, o, "from", str(c->from));
    if (c->to.ptr) jb_set(b, o, "to", str(c->to));
    jb_push(b, arr, o);
  }
  return arr;
}

/* A member; as a member of the list (listed), with how it differs from
 * the first. */
static json_t *family_member(jb *b, const vb_family_member *m, int listed) {
  json_t *o = json_object();
  jb_set(b, o, "doc", idstr(m->doc));
  jb_set(b, o, "index", json_integer(m->index));
  jb_set(b, o, "link", str(m->link));
  jb_set(b, o, "date", str(m->date));
  jb_set(b, o, "speaker", str(m->speaker));
  jb_set(b, o, "kind", str(m->kind));
  jb_set(b, o, "title", str(m->title));
  jb_set(b, o, "series", str(m->series));
  jb_set(b, o, "number", str(m->number));
  jb_set(b, o, "channel", str(m->channel));
  jb_set(b, o, "text", str(m->text));
  if (m->relation) jb_set(b, o, "relation", json_string(m->relation));
  if (listed && m->relation && strcmp(m->relation, "first") != 0) {
    jb_set(b, o, "jaccard", real(floor(m->jaccard * 1000 + 0.5) / 1000));
    jb_set(b, o, "diff", family_changes(b, m));
  }
  return o;
}

int vb_family_to_json(const vb_family *f, char **out, vb_err *err) {
  jb b = {0};
  json_t *root = json_object(), *members = json_array();
  for (size_t i = 0; members && i < f->nmembers; i++) jb_push(&b, members, family_member(&b, &f->members[i], 1));
  jb_set(&b, root, "statement", family_member(&b, &f->statement, 0));
  jb_set(&b, root, "first_said", f->nmembers && members ? json_incref(json_array_get(members, 0)) : json_null());
  jb_set(&b, root, "repeats", json_integer((json_int_t)f->repeats));
  jb_set(&b, root, "variants", json_integer((json_int_t)f->variants));
  jb_set(&b, root, "sources", json_integer((json_int_t)f->sources));
  jb_set(&b, root, "speakers", strs(&b, f->speakers, f->nspeakers));
  jb_set(&b, root, "members", members);
  jb_set(&b, root, "compared", json_integer((json_int_t)f->compared));
  if (f->note) jb_set(&b, root, "note", json_string(f->note));
  return dump(&b, root, out, err);
}

int vb_said_before_to_json(const vb_said_before_list *l, char **out, vb_err *err) {
  jb b = {0};
  json_t *root = json_object(), *list = json_array();
  jb_set(&b, root, "doc", idstr(l->doc));
  for (size_t i = 0; list && i < l->n; i++) {
    const vb_said_before *x = &l->v[i];
    json_t *o = json_object(), *first = json_object();
    jb_set(&b, first, "doc", idstr(x->first_doc));
    jb_set(&b, first, "index", json_integer(x->first_index));
    jb_set(&b, first, "date", str(x->first_said));
    jb_set(&b, first, "link", str(x->first_link));
    jb_set(&b, o, "index", json_integer(x->index));
    jb_set(&b, o, "family", json_integer(x->family));
    jb_set(&b, o, "first_said", first);
    jb_push(&b, list, o);
  }
  jb_set(&b, root, "statements", list);
  return dump(&b, root, out, err);
}
