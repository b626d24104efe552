/* api — the JSON API: each route reads its arguments, borrows an archive
 * connection, calls the library and answers. Errors are JSON with the
 * status that fits (400 for a bad query, 404 for an unknown id, 401/403
 * for a missing or wrong token, 413 for an oversized body). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "core/text.h"
#include "http.h"

#define MAX_QUERY_BYTES 4096 /* the query language's own limit */

static const char *arg(vb_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* A whole number argument in [lo, hi], or dflt when absent; -1: bad. */
static int num_arg(vb_req *r, const char *name, long lo, long hi, long dflt, long *out) {
  const char *v = arg(r, name);
  if (!v || !*v) {
    *out = dflt;
    return 0;
  }
  long long x;
  if (vb_http_number(v, hi, &x) || x < lo) return -1; /* digits only: not "+5", " 5" or "5e1" */
  *out = (long)x;
  return 0;
}

static const char *query_arg(vb_req *r, int *rc) {
  const char *q = arg(r, "q");
  *rc = MHD_YES;
  if (!q || !*q) {
    *rc = vb_http_error(r, 400, "the query q is missing");
    return NULL;
  }
  if (strlen(q) > MAX_QUERY_BYTES) {
    *rc = vb_http_error(r, 400, "the query is longer than %d bytes", MAX_QUERY_BYTES);
    return NULL;
  }
  return q;
}

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v) {
  (void)kind;
  vb_buf_printf(cls, "\x1f%s=%s", k, v ? v : "");
  return MHD_YES;
}

/* Reads (documents, entities, views) are answered from the cache while the
 * archive is unchanged, like searches: the answer, or on a miss -1, with
 * r->cache_key set so the answer made is kept. */
static int cached(vb_req *r, const char *url) {
  vb_buf key;
  vb_buf_init(&key, 16384);
  vb_buf_printf(&key, "GET\x1f%s", url);
  MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, key_arg, &key);
  if (key.failed || !r->srv->ncache) {
    vb_buf_free(&key);
    return -1;
  }
  vb_store *st = vb_http_borrow(r->srv);
  char *json = vb_http_cache_get(r->srv, st, key.ptr);
  vb_http_give_back(r->srv, st);
  if (json) {
    vb_buf_free(&key);
    return vb_http_json(r, 200, json);
  }
  r->cache_key = vb_buf_detach(&key);
  return -1;
}

/* ---- routes -------------------------------------------------------------- */

static int search(vb_req *r) {
  int rc;
  const char *q = query_arg(r, &rc);
  if (!q) return rc;
  long limit, offset, context;
  if (num_arg(r, "limit", 1, 1000, 20, &limit) || num_arg(r, "offset", 0, 100000, 0, &offset) ||
      num_arg(r, "context", 0, 5, 0, &context))
    return vb_http_error(r, 400, "limit is 1 to 1000, offset 0 to 100000, context 0 to 5");
  vb_search_opts o = {.limit = (int)limit, .offset = (int)offset, .context = (int)context};
  const char *sort = arg(r, "sort");
  if (sort && !strcmp(sort, "date")) o.sort = VB_SORT_DATE;
  else if (sort && strcmp(sort, "relevance")) return vb_http_error(r, 400, "sort is relevance or date");
  const char *docs = arg(r, "docs");
  o.docs = docs && (!strcmp(docs, "1") || !strcmp(docs, "true"));
  const char *facets = arg(r, "facets");
  if (facets) {
    static const char *const names[VB_NFACETS] = {"speaker", "entity", "tag", "month"};
    for (int f = 0; f < VB_NFACETS; f++)
      if (strstr(facets, names[f])) o.facets |= 1u << f;
  }
  /* the same question, the same archive: the same answer */
  vb_buf key;
  vb_buf_init(&key, 16384);
  vb_buf_printf(&key, "%ld\x1f%ld\x1f%d\x1f%d\x1f%u\x1f%ld\x1f%s", limit, offset, o.sort, o.docs, o.facets, context,
                q);
  vb_store *st = vb_http_borrow(r->srv);
  char *json = key.failed ? NULL : vb_http_cache_get(r->srv, st, key.ptr);
  if (json) {
    vb_http_give_back(r->srv, st);
    vb_buf_free(&key);
    return vb_http_json(r, 200, json);
  }
  vb_results *res = NULL;
  vb_err err;
  int bad = vb_store_search(st, q, &o, &res, &err);
  if (!bad) bad = vb_results_to_json(res, &json, &err);
  vb_results_free(res);
  vb_http_give_back(r->srv, st);
  if (!bad && !key.failed) vb_http_cache_put(r->srv, key.ptr, json);
  vb_buf_free(&key);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* GET /api/documents/{id}/statements/{n}?v=: where a permalink's
 * statement is now (a reparse may have moved it). */
static int cite(vb_req *r, const char *ref, size_t reflen, const char *n) {
  char doc[129];
  long idx, version;
  char *end;
  idx = strtol(n, &end, 10);
  if (!reflen || reflen >= sizeof doc || *end || end == n || idx < 0 || idx > INT32_MAX)
    return vb_http_error(r, 404, "no such statement");
  if (num_arg(r, "v", 0, INT32_MAX, -1, &version)) return vb_http_error(r, 400, "v is a parser version");
  memcpy(doc, ref, reflen);
  doc[reflen] = '\0';
  vb_store *st = vb_http_borrow(r->srv);
  vb_cite *c = NULL;
  char *json = NULL;
  vb_err err;
  int bad = vb_store_cite(st, doc, (int32_t)idx, (int)version, &c, &err);
  if (!bad) bad = vb_cite_to_json(c, &json, &err);
  vb_cite_free(c);
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

static int get_document(vb_req *r, const char *ref) {
  const char *sub = strstr(ref, "/statements/");
  if (sub) return cite(r, ref, (size_t)(sub - ref), sub + 12);
  if (!*ref || strlen(ref) > 128) return vb_http_error(r, 404, "no such document");
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = vb_store_get_json(st, ref, &json, &err);
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

typedef struct posted {
  vb_store *st;
  int added, stored, failed;
  long long statements;
  char id[65];
  vb_err err;
} posted;

static int post_one(void *ctx, const char *name, vb_doc *doc, const vb_err *perr) {
  (void)name;
  posted *p = ctx;
  if (!doc) {
    if (!p->failed++) p->err = *perr;
    return 1;
  }
  int added = 0;
  vb_err err;
  if (vb_store_put(p->st, doc, &added, &err)) {
    if (!p->failed++) p->err = err;
  } else {
    p->stored++;
    p->added += added;
    p->statements += (long long)vb_doc_get(doc)->nstatements;
    memcpy(p->id, vb_doc_get(doc)->id, 65);
  }
  vb_doc_free(doc);
  return 0;
}

static int post_document(vb_req *r) {
  if (!r->srv->ntokens) return vb_http_error(r, 403, "writes are off: the server has no --token-file");
  if (!vb_http_authorized(r->srv, r->conn))
    return vb_http_error(r, 401, "writes need Authorization: Bearer <token>");
  if (!r->body.len) return vb_http_error(r, 400, "the body is empty: send the document");
  const char *fmt = arg(r, "format"), *name = arg(r, "name");
  vb_parse_opts o = {.format = fmt ? vb_format_from_name(fmt) : VB_FMT_AUTO,
                     .lexicon = r->srv->lexicon};
  if (fmt && o.format == VB_FMT_AUTO) return vb_http_error(r, 400, "unknown format '%s'", fmt);
  char nm[256];
  snprintf(nm, sizeof nm, "%s", name && *name ? name : "upload");
  posted p;
  memset(&p, 0, sizeof p);
  p.st = vb_http_borrow(r->srv);
  vb_doc_parse_each(nm, r->body.ptr, r->body.len, &o, post_one, &p);
  vb_err ferr;
  int flushed = vb_store_flush(p.st, &ferr);
  vb_http_give_back(r->srv, p.st);
  if (p.stored) vb_http_cache_clear(r->srv); /* answers may have changed */
  if (flushed) return vb_http_fail(r, &ferr);
  if (p.failed && !p.stored) return vb_http_fail(r, &p.err);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_printf(&b, "{\"id\":\"%s\",\"documents\":%d,\"added\":%d,\"failed\":%d,\"statements\":%lld}",
                p.id, p.stored, p.added, p.failed, p.statements);
  return vb_http_json(r, p.added ? 201 : 200, vb_buf_detach(&b));
}

static int speakers(vb_req *r, const char *name) {
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = vb_store_speakers_json(st, &json, &err);
  vb_http_give_back(r->srv, st);
  if (bad) return vb_http_fail(r, &err);
  if (!name) return vb_http_json(r, 200, json);
  /* one speaker: by name, in any case */
  const char *hit = NULL;
  char want[300];
  snprintf(want, sizeof want, "{\"name\":\"");
  size_t wl = strlen(want);
  for (const char *p = json; (p = strstr(p, want)); p += wl) {
    const char *n = p + wl, *q = strchr(n, '"');
    if (q && (size_t)(q - n) == strlen(name) && !strncasecmp(n, name, strlen(name))) {
      hit = p;
      break;
    }
  }
  if (!hit) {
    free(json);
    return vb_http_error(r, 404, "no speaker called \"%s\"", name);
  }
  const char *end = strchr(hit, '}');
  size_t n = end ? (size_t)(end - hit + 1) : strlen(hit);
  char *one = malloc(n + 1);
  if (one) {
    memcpy(one, hit, n);
    one[n] = '\0';
  }
  free(json);
  return vb_http_json(r, 200, one);
}

static int entities(vb_req *r, const char *name) {
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad;
  if (name) {
    bad = vb_store_entity_json(st, name, &json, &err);
  } else {
    long limit;
    const char *t = arg(r, "type");
    int type = t ? vb_etype_parse(t, strlen(t)) : -1;
    if (num_arg(r, "limit", 1, 1000, 50, &limit) || (t && type < 0)) {
      vb_http_give_back(r->srv, st);
      return vb_http_error(r, 400, "limit is 1 to 1000; type is person, org, place or group");
    }
    bad = vb_store_entities_json(st, arg(r, "q"), type, (int)limit, &json, &err);
  }
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* POST /api/entities/{name}/corrections {"op":"merge","args":["Hezbollah"]}:
 * an analyst's correction, as `verbatim entity merge|split|rename|alias
 * add|alias rm|reject` makes it (reject: the name is the spelling). */
static int correct_entity(vb_req *r, const char *name) {
  if (!r->srv->ntokens) return vb_http_error(r, 403, "writes are off: the server has no --token-file");
  if (!vb_http_authorized(r->srv, r->conn)) return vb_http_error(r, 401, "writes need Authorization: Bearer <token>");
  static const char *const ops[] = {"merge", "split", "rename", "alias-add", "alias-rm", "reject"};
  json_t *b = json_loadb(r->body.ptr ? r->body.ptr : "", r->body.len, 0, NULL);
  const char *op = json_string_value(json_object_get(b, "op"));
  json_t *args = json_object_get(b, "args");
  int which = -1;
  for (int i = 0; op && i < 6; i++)
    if (!strcmp(op, ops[i])) which = i;
  const char *argv[16];
  size_t n = json_array_size(args);
  int bad = which < 0 || (args && !json_is_array(args)) || n > 16 || (which != VB_FIX_REJECT && !n);
  for (size_t i = 0; !bad && i < n; i++)
    if (!(argv[i] = json_string_value(json_array_get(args, i))) || !*argv[i]) bad = 1;
  if (bad) {
    json_decref(b);
    return vb_http_error(r, 400, "the body is {\"op\":\"merge|split|rename|alias-add|alias-rm|reject\",\"args\":[\"…\"]}");
  }
  vb_store *st = vb_http_borrow(r->srv);
  vb_err err;
  /* reject names the spelling itself: from an entity's page, the argument */
  int reject_arg = which == VB_FIX_REJECT && n;
  int rc = vb_store_entity_fix(st, (vb_fix)which, reject_arg ? argv[0] : name, argv, reject_arg ? 0 : n, &err);
  vb_http_give_back(r->srv, st);
  json_t *out = rc ? NULL : json_pack("{s:b,s:s,s:s}", "done", 1, "op", op, "entity", name);
  json_decref(b);
  if (rc) return vb_http_fail(r, &err);
  vb_http_cache_clear(r->srv); /* answers may have changed */
  char *json = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  return vb_http_json(r, 200, json);
}

static int timeline(vb_req *r) {
  int rc;
  const char *q = query_arg(r, &rc);
  if (!q) return rc;
  const char *iv = arg(r, "interval"), *by = arg(r, "by");
  int interval = !iv || !strcmp(iv, "month") ? VB_INTERVAL_MONTH
                 : !strcmp(iv, "week")       ? VB_INTERVAL_WEEK
                 : !strcmp(iv, "day")        ? VB_INTERVAL_DAY
                                             : -1;
  if (interval < 0) return vb_http_error(r, 400, "interval is day, week or month");
  if (by && strcmp(by, "speaker")) return vb_http_error(r, 400, "by is speaker or absent");
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = vb_store_timeline_json(st, q, interval, by != NULL, &json, &err);
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

static int network(vb_req *r) {
  int rc;
  const char *q = query_arg(r, &rc);
  if (!q) return rc;
  long nodes;
  if (num_arg(r, "nodes", 1, 500, 60, &nodes)) return vb_http_error(r, 400, "nodes is 1 to 500");
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = vb_store_network_json(st, q, (int)nodes, &json, &err);
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* The home page's archive at a glance, from the documents alone. */
static int overview(vb_req *r) {
  long latest;
  if (num_arg(r, "latest", 0, 50, 6, &latest)) return vb_http_error(r, 400, "latest is 0 to 50");
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = vb_store_overview_json(st, (int)latest, &json, &err);
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

static int health(vb_req *r) {
  /* a private server tells who has no token that it is alive, no more */
  if (r->srv->priv && !vb_http_authorized(r->srv, r->conn)) return vb_http_json(r, 200, strdup("{\"status\":\"ok\"}"));
  vb_store *st = vb_http_borrow(r->srv);
  int64_t docs = 0, sps = 0, stmts = 0;
  vb_err err;
  int bad = vb_http_counts(r->srv, st, &docs, &sps, &stmts, &err);
  vb_http_give_back(r->srv, st);
  if (bad) return vb_http_error(r, 503, "the archive does not answer");
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_printf(&b, "{\"status\":\"ok\",\"documents\":%lld,\"statements\":%lld}", (long long)docs,
                (long long)stmts);
  return vb_http_json(r, 200, vb_buf_detach(&b));
}

static int metrics(vb_req *r) {
  static const char *const routes[VB_ROUTES] = {"search",   "document", "ingest",  "speakers",
                                                "entities", "timeline", "network", "health",
                                                "metrics",  "static",   "other"};
  static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  vb_server *s = r->srv;
  vb_store *st = vb_http_borrow(s);
  int64_t docs = 0, sps = 0, stmts = 0;
  vb_err err;
  vb_http_counts(s, st, &docs, &sps, &stmts, &err);
  vb_http_give_back(s, st);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "# HELP verbatim_http_requests_total Requests answered, by route and status.\n"
                  "# TYPE verbatim_http_requests_total counter\n");
  pthread_mutex_lock(&s->mu);
  for (int rt = 0; rt < VB_ROUTES; rt++)
    for (int k = 0; k < VB_HTTP_CODES && s->codes[k]; k++)
      if (s->requests[rt][k])
        vb_buf_printf(&b, "verbatim_http_requests_total{route=\"%s\",code=\"%u\"} %llu\n", routes[rt],
                      s->codes[k], (unsigned long long)s->requests[rt][k]);
  vb_buf_adds(&b, "# HELP verbatim_http_request_seconds Time serving a request, not counting its time in the queue.\n"
                  "# TYPE verbatim_http_request_seconds histogram\n");
  uint64_t cum = 0;
  for (int i = 0; i < VB_HTTP_BUCKETS; i++) {
    cum += s->latency[i];
    vb_buf_printf(&b, "verbatim_http_request_seconds_bucket{le=\"%g\"} %llu\n", bounds[i],
                  (unsigned long long)cum);
  }
  cum += s->latency[VB_HTTP_BUCKETS];
  vb_buf_printf(&b, "verbatim_http_request_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
  vb_buf_printf(&b, "verbatim_http_request_seconds_sum %.6f\nverbatim_http_request_seconds_count %llu\n",
                s->latency_sum, (unsigned long long)s->latency_count);
  vb_buf_printf(&b,
                "# HELP verbatim_search_cache_total Searches answered from the cache, or not.\n"
                "# TYPE verbatim_search_cache_total counter\n"
                "verbatim_search_cache_total{result=\"hit\"} %llu\n"
                "verbatim_search_cache_total{result=\"miss\"} %llu\n",
                (unsigned long long)s->cache_hits, (unsigned long long)s->cache_misses);
  pthread_mutex_unlock(&s->mu);
  vb_http_metrics_more(s, &b);
  vb_buf_printf(&b,
                "# HELP verbatim_documents Documents in the archive.\n# TYPE verbatim_documents gauge\n"
                "verbatim_documents %lld\n"
                "# HELP verbatim_statements Statements in the archive.\n# TYPE verbatim_statements gauge\n"
                "verbatim_statements %lld\n",
                (long long)docs, (long long)stmts);
  size_t n = b.len;
  char *body = vb_buf_detach(&b);
  if (!body) return vb_http_error(r, 500, "out of memory");
  return vb_http_send(r, 200, "text/plain; version=0.0.4; charset=utf-8", body, n);
}

/* ---- standing queries ------------------------------------------------------ */

/* What a sink shows of itself in an answer: a webhook its scheme and host,
 * never its credentials, path or query (often the secret itself, as in
 * hooks.example/services/T0/B0/SECRET); a file nothing of its path; stdout
 * as it is. */
static char *redacted(const char *sink) {
  vb_buf b;
  vb_buf_init(&b, 0);
  if (!strcmp(sink, "stdout")) {
    vb_buf_adds(&b, sink);
  } else if (!strncmp(sink, "webhook:", 8)) {
    const char *url = sink + 8, *scheme = strstr(url, "://");
    const char *host = scheme ? scheme + 3 : url;
    size_t hn = strcspn(host, "/?#");
    const char *at = memchr(host, '@', hn);
    if (at) {
      hn -= (size_t)(at + 1 - host);
      host = at + 1;
    }
    vb_buf_printf(&b, "webhook:%.*s%.*s/***", scheme ? (int)(scheme + 3 - url) : 0, url, (int)hn, host);
  } else if (!strncmp(sink, "file:", 5)) {
    vb_buf_adds(&b, "file:***");
  } else {
    vb_buf_adds(&b, "***");
  }
  return vb_buf_detach(&b);
}

void vb_http_redact(json_t *o) {
  const char *sink = json_string_value(json_object_get(o, "sink"));
  char *shown = sink ? redacted(sink) : NULL;
  if (shown) json_object_set_new(o, "sink", json_string(shown));
  else if (sink) json_object_set_new(o, "sink", json_string("***"));
  free(shown);
}

/* An array of watches or alerts, each one's sink redacted: NULL out of
 * memory. json is taken over. */
static char *redact_all(char *json) {
  json_t *arr = json_loads(json, 0, NULL);
  free(json);
  size_t i;
  json_t *o;
  json_array_foreach(arr, i, o) vb_http_redact(o);
  char *out = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
  json_decref(arr);
  return out;
}

static int watches(vb_req *r, const char *name, const char *method) {
  vb_store *st;
  vb_err err;
  char *json = NULL;
  int bad;
  if (!strcmp(method, "GET") && !name) {
    st = vb_http_borrow(r->srv);
    bad = vb_watches_json(st, &json, &err);
    vb_http_give_back(r->srv, st);
    if (bad) return vb_http_fail(r, &err);
    json = redact_all(json);
    return json ? vb_http_json(r, 200, json) : vb_http_error(r, 500, "out of memory");
  }
  if (!r->srv->ntokens) return vb_http_error(r, 403, "writes are off: the server has no --token-file");
  if (!vb_http_authorized(r->srv, r->conn)) return vb_http_error(r, 401, "writes need Authorization: Bearer <token>");
  if (!strcmp(method, "DELETE") && name) {
    st = vb_http_borrow(r->srv);
    bad = vb_watch_rm(st, name, &err);
    vb_http_give_back(r->srv, st);
    return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, strdup("{\"removed\":true}"));
  }
  if (strcmp(method, "POST") || name) return vb_http_error(r, 405, "GET, POST /api/watches; DELETE /api/watches/{name}");
  json_error_t je;
  json_t *b = json_loadb(r->body.ptr ? r->body.ptr : "", r->body.len, 0, &je);
  const char *n = json_string_value(json_object_get(b, "name")), *q = json_string_value(json_object_get(b, "query")),
             *sink = json_string_value(json_object_get(b, "sink"));
  if (!n || !q) {
    json_decref(b);
    return vb_http_error(r, 400, "the body is {\"name\":…,\"query\":…,\"sink\":…}");
  }
  int indexed = 0;
  st = vb_http_borrow(r->srv);
  bad = vb_watch_add(st, n, q, sink, &indexed, &err);
  vb_http_give_back(r->srv, st);
  json_decref(b);
  if (bad) return vb_http_fail(r, &err);
  vb_buf o;
  vb_buf_init(&o, 0);
  vb_buf_printf(&o, "{\"added\":true,\"indexed\":%s}", indexed ? "true" : "false");
  return vb_http_json(r, 201, vb_buf_detach(&o));
}

static int alerts(vb_req *r) {
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = vb_alerts_json(st, arg(r, "watch"), arg(r, "since"), &json, &err);
  vb_http_give_back(r->srv, st);
  if (bad) return vb_http_fail(r, &err);
  json = redact_all(json);
  return json ? vb_http_json(r, 200, json) : vb_http_error(r, 500, "out of memory");
}

/* XML text: the five specials escaped, characters XML 1.0 forbids dropped. */
static void xml_text(vb_buf *b, const char *s) {
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '&') vb_buf_adds(b, "&amp;");
    else if (c == '<') vb_buf_adds(b, "&lt;");
    else if (c == '>') vb_buf_adds(b, "&gt;");
    else if (c == '"') vb_buf_adds(b, "&quot;");
    else if (c == '\'') vb_buf_adds(b, "&apos;");
    else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    else vb_buf_addc(b, (char)c);
  }
}

/* /feeds/{watch}.atom: an Atom 1.0 feed of the watch's alerts. */
int vb_http_feed(vb_req *r, const char *file) {
  r->route = VB_ROUTE_OTHER;
  size_t n = strlen(file);
  if (n < 6 || strcmp(file + n - 5, ".atom")) return vb_http_error(r, 404, "feeds are /feeds/{watch}.atom");
  char name[80];
  if (n - 5 >= sizeof name) return vb_http_error(r, 404, "no such watch");
  memcpy(name, file, n - 5);
  name[n - 5] = '\0';
  if (r->srv->priv && !vb_http_authorized(r->srv, r->conn)) return vb_http_error(r, 401, "this server is private");
  vb_store *st = vb_http_borrow(r->srv);
  char *wj = NULL, *aj = NULL;
  vb_err err;
  int bad = vb_watches_json(st, &wj, &err);
  if (!bad) bad = vb_alerts_json(st, name, NULL, &aj, &err);
  vb_http_give_back(r->srv, st);
  if (bad) return vb_http_fail(r, &err);
  json_t *ws = json_loads(wj, 0, NULL), *as = json_loads(aj, 0, NULL);
  free(wj);
  free(aj);
  const char *query = NULL;
  size_t i;
  json_t *w;
  json_array_foreach(ws, i, w) if (!strcmp(json_string_value(json_object_get(w, "name")), name)) query =
      json_string_value(json_object_get(w, "query"));
  if (!query) {
    json_decref(ws);
    json_decref(as);
    return vb_http_error(r, 404, "no watch called \"%s\"", name);
  }
  size_t na = json_array_size(as);
  const char *updated = na ? json_string_value(json_object_get(json_array_get(as, na - 1), "at")) : NULL;
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>urn:verbatim:watch:");
  xml_text(&b, name);
  vb_buf_adds(&b, "</id>\n<title>verbatim watch ");
  xml_text(&b, name);
  vb_buf_adds(&b, ": ");
  xml_text(&b, query);
  vb_buf_adds(&b, "</title>\n<updated>");
  xml_text(&b, updated ? updated : now);
  vb_buf_adds(&b, "</updated>\n<author><name>verbatim</name></author>\n<link rel=\"self\" href=\"/feeds/");
  xml_text(&b, name);
  vb_buf_adds(&b, ".atom\"/>\n");
  /* newest first, as feed readers expect */
  for (size_t k = na; k > 0; k--) {
    json_t *a = json_array_get(as, k - 1), *s = json_object_get(a, "statement");
    const char *who = json_string_value(json_object_get(s, "speaker"));
    const char *text = json_string_value(json_object_get(s, "text"));
    vb_buf_printf(&b, "<entry>\n<id>urn:verbatim:alert:%lld</id>\n<title>",
                  (long long)json_integer_value(json_object_get(a, "id")));
    xml_text(&b, who ? who : "unattributed");
    vb_buf_adds(&b, ": ");
    char head[121];
    snprintf(head, sizeof head, "%s", text ? text : "");
    size_t hl = strlen(head);
    while (hl && ((unsigned char)head[hl - 1] & 0xC0) == 0x80) head[--hl] = '\0'; /* whole characters */
    if (hl && (unsigned char)head[hl - 1] >= 0xC0) head[--hl] = '\0';
    xml_text(&b, head);
    vb_buf_adds(&b, "</title>\n<updated>");
    xml_text(&b, json_string_value(json_object_get(a, "at")));
    vb_buf_adds(&b, "</updated>\n<link href=\"");
    xml_text(&b, json_string_value(json_object_get(s, "link")));
    vb_buf_adds(&b, "\"/>\n<content type=\"text\">");
    xml_text(&b, text);
    vb_buf_adds(&b, "</content>\n</entry>\n");
  }
  vb_buf_adds(&b, "</feed>\n");
  json_decref(ws);
  json_decref(as);
  size_t len = b.len;
  char *body = vb_buf_detach(&b);
  if (!body) return vb_http_error(r, 500, "out of memory");
  return vb_http_send(r, 200, "application/atom+xml; charset=utf-8", body, len);
}

/* ---- routing ------------------------------------------------------------- */

static enum MHD_Result arg_utf8(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  int *bad = cls;
  if (!vb_utf8_valid(key, strlen(key)) || (value && !vb_utf8_valid(value, strlen(value)))) *bad = 1;
  return *bad ? MHD_NO : MHD_YES;
}

/* Names and queries reach the archive as text: bytes that are not UTF-8
 * are the client's mistake, whichever backend would have met them. */
static int utf8_request(vb_req *r, const char *url) {
  int bad = !vb_utf8_valid(url, strlen(url));
  if (!bad) MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, arg_utf8, &bad);
  return !bad;
}

int vb_http_api(vb_req *r, const char *url, const char *method) {
  int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
  int post = !strcmp(method, "POST");
  if (!strcmp(url, "/health")) {
    r->route = VB_ROUTE_HEALTH;
    return get ? health(r) : vb_http_error(r, 405, "GET only");
  }
  if (!strcmp(url, "/metrics")) {
    r->route = VB_ROUTE_METRICS;
    return get ? metrics(r) : vb_http_error(r, 405, "GET only");
  }
  /* a private server answers no read without a token either */
  if (r->srv->priv && !vb_http_authorized(r->srv, r->conn))
    return vb_http_error(r, 401, "this server is private: Authorization: Bearer <token>");
  if (!utf8_request(r, url)) return vb_http_error(r, 400, "the request's path or parameters are not UTF-8 text (a NUL byte is not text either)");
  const char *p = url + 5; /* after "/api/" */
  if (!strcmp(p, "documents") && post) {
    r->route = VB_ROUTE_INGEST;
    return post_document(r);
  }
  if (!strncmp(p, "entities/", 9) && strlen(p) > 21 && !strcmp(p + strlen(p) - 12, "/corrections")) {
    r->route = VB_ROUTE_ENTITIES;
    if (!post) return vb_http_error(r, 405, "POST only");
    char name[256];
    size_t nl = strlen(p) - 21;
    if (nl >= sizeof name) return vb_http_error(r, 404, "no such entity");
    memcpy(name, p + 9, nl);
    name[nl] = '\0';
    return correct_entity(r, name);
  }
  if (!strcmp(p, "watches") || !strncmp(p, "watches/", 8))
    return watches(r, p[7] == '/' && p[8] ? p + 8 : NULL, method);
  if (!get) return vb_http_error(r, 405, "%s is not allowed on %s", method, url);
  if (!strncmp(p, "documents/", 10) || !strncmp(p, "speakers", 8) || !strncmp(p, "entities", 8) ||
      !strcmp(p, "timeline") || !strcmp(p, "network") || !strcmp(p, "overview")) {
    int rc = cached(r, url);
    if (rc >= 0) {
      r->route = !strncmp(p, "documents/", 10) ? VB_ROUTE_DOCUMENT
                 : p[0] == 's'                 ? VB_ROUTE_SPEAKERS
                 : p[0] == 'e'                 ? VB_ROUTE_ENTITIES
                 : p[0] == 't'                 ? VB_ROUTE_TIMELINE
                 : p[0] == 'o'                 ? VB_ROUTE_OTHER
                                               : VB_ROUTE_NETWORK;
      return rc;
    }
  }
  if (!strcmp(p, "search")) {
    r->route = VB_ROUTE_SEARCH;
    return search(r);
  }
  if (!strncmp(p, "documents/", 10)) {
    r->route = VB_ROUTE_DOCUMENT;
    return get_document(r, p + 10);
  }
  if (!strcmp(p, "speakers") || !strncmp(p, "speakers/", 9)) {
    r->route = VB_ROUTE_SPEAKERS;
    return speakers(r, p[8] == '/' && p[9] ? p + 9 : NULL);
  }
  if (!strcmp(p, "entities") || !strncmp(p, "entities/", 9)) {
    r->route = VB_ROUTE_ENTITIES;
    return entities(r, p[8] == '/' && p[9] ? p + 9 : NULL);
  }
  if (!strcmp(p, "timeline")) {
    r->route = VB_ROUTE_TIMELINE;
    return timeline(r);
  }
  if (!strcmp(p, "overview")) return overview(r);
  if (!strcmp(p, "alerts")) return alerts(r);
  if (!strcmp(p, "alerts/stream")) return vb_http_stream(r);
  if (!strcmp(p, "network")) {
    r->route = VB_ROUTE_NETWORK;
    return network(r);
  }
  return vb_http_error(r, 404, "no such endpoint: %s", url);
}
