/* api — the JSON API, and the table of every route the server answers
 * (its methods, path, policy and handler; server.c decides what a request
 * may do by it and serves it by it): each route reads its arguments,
 * borrows an archive connection, calls the library and answers. Errors are JSON with the
 * status that fits (400 for a bad query, 404 for an unknown id, 401/403
 * for a missing or wrong token, 413 for an oversized body). */
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

/* A write's own check of its token (the server refused it before its
 * body was read already): an answer, or -1 when it may go on. */
static int write_refused(vb_req *r) {
  if (!r->srv->ntokens) return vb_http_error(r, 403, "writes are off: the server has no --token-file");
  if (!vb_http_authorized(r->srv, r->conn)) return vb_http_error(r, 401, "writes need Authorization: Bearer <token>");
  return -1;
}


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
    static const char *const names[VB_NFACETS] = {"speaker", "entity", "tag", "month", "said"};
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

/* A document's answer is a page of its statements: at most
 * DOC_PAGE_MAX of them (DOC_PAGE_DEFAULT unless limit= says), and after
 * the first only while their text stays within DOC_PAGE_BYTES, so that a
 * 100 MB transcript is never one answer; "page" says where the next one
 * starts (from=). */
#define DOC_PAGE_DEFAULT 2000
#define DOC_PAGE_MAX 5000
#define DOC_PAGE_BYTES (1u << 20)

/* The JSON answer about one reference ref[0..n) (a statement's, a
 * document's), made by answer on a borrowed store; none: the 404's words
 * for a reference too long to be one. */
static int ref_answer(vb_req *r, const char *ref, size_t n, const char *none,
                      int (*answer)(vb_store *st, const char *ref, char **json, vb_err *err)) {
  char one[160];
  if (!n || n >= sizeof one) return vb_http_error(r, 404, "%s", none);
  memcpy(one, ref, n);
  one[n] = '\0';
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad = answer(st, one, &json, &err);
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* GET /api/documents/{ref}/said-before: the document's statements said
 * before, each with its family's first statement (the document page marks
 * them). */
static int said_before_json(vb_store *st, const char *ref, char **json, vb_err *err) {
  vb_said_before_list *l = NULL;
  int rc = vb_store_said_before(st, ref, &l, err);
  if (!rc) rc = vb_said_before_to_json(l, json, err);
  vb_said_before_free(l);
  return rc;
}

static int get_document(vb_req *r, const char *ref) {
  const char *sub = strstr(ref, "/statements/");
  if (sub) return cite(r, ref, (size_t)(sub - ref), sub + 12);
  size_t len = strlen(ref);
  if (len > 12 && !strcmp(ref + len - 12, "/said-before"))
    return ref_answer(r, ref, len - 12, "no such document", said_before_json);
  if (!*ref || strlen(ref) > 128) return vb_http_error(r, 404, "no such document");
  long from, limit;
  if (num_arg(r, "from", 0, INT32_MAX, 0, &from) || num_arg(r, "limit", 1, DOC_PAGE_MAX, DOC_PAGE_DEFAULT, &limit))
    return vb_http_error(r, 400, "from is a statement's index, limit 1 to %d", DOC_PAGE_MAX);
  vb_held_doc *held = NULL;
  char *json = NULL;
  vb_err err;
  vb_doc_page page;
  int bad = vb_http_doc_read(r->srv, ref, &held, &err);
  if (!bad) bad = vb_doc_page_to_json(held->doc, (size_t)from, (size_t)limit, DOC_PAGE_BYTES, &page, &json, &err);
  /* a document of several pages is kept parsed for the next page */
  if (!bad && (page.next || page.from)) vb_http_doc_keep(r->srv, held);
  if (held) vb_http_doc_release(r->srv, held);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* GET /api/statements/{DOC:N}/family: the statement's quote family. */
static int family_json(vb_store *st, const char *ref, char **json, vb_err *err) {
  vb_family *f = NULL;
  int rc = vb_store_family(st, ref, &f, err);
  if (!rc) rc = vb_family_to_json(f, json, err);
  vb_family_free(f);
  return rc;
}

static int family(vb_req *r, const char *ref, size_t n) { return ref_answer(r, ref, n, "no such statement", family_json); }

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
  vb_parse_opts o = {.format = fmt ? vb_format_from_name(fmt) : VB_FMT_AUTO};
  if (fmt && o.format == VB_FMT_AUTO) return vb_http_error(r, 400, "unknown format '%s'", fmt);
  const char *lang = arg(r, "language");
  char code[3];
  if (lang && !vb_lang_code(lang, strlen(lang), code))
    return vb_http_error(r, 400, "language takes an ISO 639-1 code like en, not '%s'", lang);
  o.language = lang;
  char nm[256];
  snprintf(nm, sizeof nm, "%s", name && *name ? name : "upload");
  posted p;
  memset(&p, 0, sizeof p);
  p.st = vb_http_borrow(r->srv);
  o.lexicon = vb_http_lexicon(r->srv, p.st); /* with the archive's corrections */
  vb_doc_parse_each(nm, r->body.ptr, r->body.len, &o, post_one, &p);
  vb_err ferr;
  int flushed = vb_store_flush(p.st, &ferr);
  vb_http_give_back(r->srv, p.st);
  if (p.stored) vb_http_cache_clear(r->srv); /* answers may have changed */
  if (flushed) return vb_http_fail(r, &ferr);
  if (p.failed && !p.stored) return vb_http_fail(r, &p.err);
  vb_posted answer = {.documents = p.stored, .added = p.added, .failed = p.failed, .statements = p.statements};
  memcpy(answer.id, p.id, sizeof answer.id);
  char *json = NULL;
  vb_err err;
  if (vb_posted_to_json(&answer, &json, &err)) return vb_http_fail(r, &err);
  return vb_http_json(r, p.added ? 201 : 200, json);
}

/* GET /api/speakers[?limit=N&offset=M&hosts=no&anonymous=no]: the list,
 * most statements first, all of it when no limit is asked (the home page
 * wants ten, not 365 KB of the UN archive's 4,433), without interviewers
 * or labels that name no one on asking; /api/speakers/NAME: one. */
static int yes_no(const char *v) { return !v || !strcmp(v, "yes") ? 1 : !strcmp(v, "no") ? 0 : -1; }

static int speakers(vb_req *r, const char *name) {
  long limit = 0, offset = 0;
  int hosts = yes_no(arg(r, "hosts")), anonymous = yes_no(arg(r, "anonymous"));
  if (!name && (num_arg(r, "limit", 1, 100000, 0, &limit) || num_arg(r, "offset", 0, 10000000, 0, &offset) ||
                hosts < 0 || anonymous < 0))
    return vb_http_error(r, 400, "limit is 1 to 100000, offset 0 or more, hosts and anonymous yes or no");
  vb_store *st = vb_http_borrow(r->srv);
  vb_speaker_list *l = NULL;
  char *json = NULL;
  vb_err err;
  int bad = name ? vb_store_speakers_named(st, name, &l, &err)
                 : vb_store_speakers_page(st, offset, limit, hosts, anonymous, &l, &err);
  /* one speaker: by name, in any case; counted as the search for
   * speaker:NAME counts, which the page lists */
  const vb_speaker_row *found = !bad && name ? vb_speaker_list_find(l, name) : NULL;
  vb_speaker_row one = found ? *found : (vb_speaker_row){0};
  if (found) bad = vb_store_speaker_counts(st, name, &one.statements, &one.documents, &err);
  vb_http_give_back(r->srv, st);
  if (!bad && name && !found) {
    vb_speaker_list_free(l);
    return vb_http_error(r, 404, "no speaker called \"%s\"", name);
  }
  if (!bad) bad = name ? vb_speaker_to_json(&one, &json, &err) : vb_speakers_to_json(l, &json, &err);
  vb_speaker_list_free(l);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

static int entities(vb_req *r, const char *name) {
  long limit;
  const char *t = arg(r, "type");
  int type = t ? vb_etype_parse(t, strlen(t)) : -1;
  if (!name && (num_arg(r, "limit", 1, 1000, 50, &limit) || (t && type < 0)))
    return vb_http_error(r, 400, "limit is 1 to 1000; type is person, org, place or group");
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  int bad;
  if (name) {
    vb_entity_page *p = NULL;
    bad = vb_store_entity(st, name, &p, &err);
    if (!bad) bad = vb_entity_page_to_json(p, &json, &err);
    vb_entity_page_free(p);
  } else {
    vb_entity_list *l = NULL;
    bad = vb_store_entities(st, arg(r, "q"), type, (int)limit, &l, &err);
    if (!bad) bad = vb_entities_to_json(l, &json, &err);
    vb_entity_list_free(l);
  }
  vb_http_give_back(r->srv, st);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* POST /api/entities/{name}/corrections {"op":"merge","args":["Hezbollah"]}:
 * an analyst's correction, as `verbatim entity merge|split|rename|alias
 * add|alias rm|reject` makes it (reject: the name is the spelling). */
static int correct_entity(vb_req *r, const char *arg, size_t n) {
  int rc = write_refused(r);
  if (rc >= 0) return rc;
  char name[256];
  if (n >= sizeof name) return vb_http_error(r, 404, "no such entity");
  memcpy(name, arg, n);
  name[n] = '\0';
  vb_fix_request *f = NULL;
  vb_err err;
  if (vb_fix_request_parse(r->body.ptr, r->body.len, &f, &err))
    return vb_http_error(r, 400, "the body is {\"op\":\"merge|split|rename|alias-add|alias-rm|reject\",\"args\":[\"…\"]}");
  vb_store *st = vb_http_borrow(r->srv);
  /* reject names the spelling itself: from an entity's page, the argument */
  int reject_arg = f->op == VB_FIX_REJECT && f->nargs;
  rc = vb_store_entity_fix(st, f->op, reject_arg ? f->args[0] : name, (const char *const *)f->args,
                               reject_arg ? 0 : f->nargs, &err);
  /* the lexicon with this correction made now, in the correction's time:
   * every request answered after this one resolves names with it, and
   * none makes it (if it cannot be made now, the keeper tries again) */
  vb_err lerr;
  if (!rc) vb_http_lexicon_renew(r->srv, st, &lerr);
  vb_http_give_back(r->srv, st);
  if (!rc) vb_http_remake_soon(r->srv);
  char *json = NULL;
  if (!rc) rc = vb_fix_done_to_json(f, name, &json, &err);
  vb_fix_request_free(f);
  if (rc) return vb_http_fail(r, &err);
  vb_http_cache_clear(r->srv); /* answers may have changed */
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
                 : !strcmp(iv, "year")       ? VB_INTERVAL_YEAR
                                             : -1;
  if (interval < 0) return vb_http_error(r, 400, "interval is day, week, month or year");
  if (by && strcmp(by, "speaker")) return vb_http_error(r, 400, "by is speaker or absent");
  vb_store *st = vb_http_borrow(r->srv);
  vb_timeline *t = NULL;
  char *json = NULL;
  vb_err err;
  int bad = vb_store_timeline(st, q, interval, by != NULL, &t, &err);
  vb_http_give_back(r->srv, st);
  if (!bad) bad = vb_timeline_to_json(t, &json, &err);
  vb_timeline_free(t);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

static int network(vb_req *r) {
  int rc;
  const char *q = query_arg(r, &rc);
  if (!q) return rc;
  long nodes;
  if (num_arg(r, "nodes", 1, 500, 60, &nodes)) return vb_http_error(r, 400, "nodes is 1 to 500");
  vb_store *st = vb_http_borrow(r->srv);
  vb_network *net = NULL;
  char *json = NULL;
  vb_err err;
  int bad = vb_store_network(st, q, (int)nodes, &net, &err);
  vb_http_give_back(r->srv, st);
  if (!bad) bad = vb_network_to_json(net, &json, &err);
  vb_network_free(net);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* The home page's archive at a glance, from the documents alone. */
static int overview(vb_req *r) {
  long latest;
  if (num_arg(r, "latest", 0, 50, 6, &latest)) return vb_http_error(r, 400, "latest is 0 to 50");
  vb_store *st = vb_http_borrow(r->srv);
  char *json = NULL;
  vb_err err;
  vb_overview *ov = NULL;
  int bad = vb_store_overview(st, (int)latest, &ov, &err);
  vb_http_give_back(r->srv, st);
  if (!bad) bad = vb_overview_to_json(ov, &json, &err);
  vb_overview_free(ov);
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
  char *json = NULL;
  if (vb_health_to_json(docs, stmts, &json, &err)) return vb_http_fail(r, &err);
  return vb_http_json(r, 200, json);
}

static int metrics(vb_req *r) {
  static const char *const routes[VB_ROUTES] = {"search",   "document", "ingest", "speakers",
                                                "entities", "timeline", "network", "family",
                                                "health",   "metrics",  "static", "other"};
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
                "verbatim_search_cache_total{result=\"miss\"} %llu\n"
                "# HELP verbatim_cache_bytes Memory the cached answers hold.\n"
                "# TYPE verbatim_cache_bytes gauge\nverbatim_cache_bytes %zu\n",
                (unsigned long long)s->cache_hits, (unsigned long long)s->cache_misses, s->cache_bytes);
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

static int list_watches(vb_req *r) {
  vb_watch_list *l = NULL;
  char *json = NULL;
  vb_err err;
  vb_store *st = vb_http_borrow(r->srv);
  int bad = vb_store_watches(st, &l, &err);
  vb_http_give_back(r->srv, st);
  if (!bad) vb_watch_list_redact(l);
  if (!bad) bad = vb_watches_to_json(l, &json, &err);
  vb_watch_list_free(l);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

static int add_watch(vb_req *r) {
  int rc = write_refused(r);
  if (rc >= 0) return rc;
  vb_watch_request *w = NULL;
  vb_err err;
  if (vb_watch_request_parse(r->body.ptr, r->body.len, &w, &err))
    return vb_http_error(r, 400, "the body is {\"name\":…,\"query\":…,\"sink\":…}");
  int indexed = 0;
  vb_store *st = vb_http_borrow(r->srv);
  int bad = vb_watch_add(st, w->name, w->query, w->sink, &indexed, &err);
  vb_http_give_back(r->srv, st);
  vb_watch_request_free(w);
  char *json = NULL;
  if (!bad) bad = vb_watch_change_to_json(1, indexed, &json, &err);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 201, json);
}

static int rm_watch(vb_req *r, const char *name, size_t n) {
  (void)n; /* name ends the path */
  int rc = write_refused(r);
  if (rc >= 0) return rc;
  vb_err err;
  vb_store *st = vb_http_borrow(r->srv);
  int bad = vb_watch_rm(st, name, &err);
  vb_http_give_back(r->srv, st);
  char *json = NULL;
  if (!bad) bad = vb_watch_change_to_json(0, 0, &json, &err);
  return bad ? vb_http_fail(r, &err) : vb_http_json(r, 200, json);
}

/* Pages of alerts and feeds: what one answer may hold. An alert is about
 * 1 KB of JSON or Atom, so a page is at most about 1 MB however many
 * alerts a watch caught (the UN archive's 32 MB answer was one page). */
#define ALERTS_PAGE_DEFAULT 100
#define ALERTS_PAGE_MAX 1000

/* An argument as it goes back into a URL (RFC 3986 unreserved kept). */
static void url_arg(vb_buf *b, const char *name, const char *v) {
  if (!v) return;
  vb_buf_printf(b, "%s=", name);
  for (const unsigned char *c = (const unsigned char *)v; *c; c++)
    if (vb_is_ascii_alpha(*c) || vb_is_ascii_digit(*c) || (*c && strchr("-._~", *c))) vb_buf_addc(b, (char)*c);
    else vb_buf_printf(b, "%%%02X", *c);
  vb_buf_addc(b, '&');
}

/* limit (1 to ALERTS_PAGE_MAX) and the cursor (an alert id): -1 if bad. */
static int page_args(vb_req *r, const char *cursor, long *limit, long long *from) {
  const char *c = arg(r, cursor);
  *from = 0;
  if (c && *c && vb_http_number(c, INT64_MAX, from)) return -1;
  return num_arg(r, "limit", 1, ALERTS_PAGE_MAX, ALERTS_PAGE_DEFAULT, limit);
}

/* One page of a list of alerts, a row more than asked to see whether
 * another follows: *next is the cursor of the next page, or 0. */
static int alert_page(vb_req *r, vb_alert_page *p, vb_alert_list **l, int64_t *next, vb_err *err) {
  int limit = p->limit;
  p->limit = limit + 1;
  vb_store *st = vb_http_borrow(r->srv);
  int bad = vb_store_alerts_page(st, p, l, err);
  vb_http_give_back(r->srv, st);
  *next = 0;
  if (!bad && (*l)->n > (size_t)limit) {
    (*l)->n = (size_t)limit;
    *next = (*l)->alerts[limit - 1].id;
  }
  return bad;
}

/* GET /api/alerts?watch=&since=&after=&limit=: oldest first, a page at a
 * time; with before= (an alert id, 0 or empty: from the newest) newest
 * first instead, older ones behind. A Link header (rel="next") names the
 * next page while one follows. */
static int alerts(vb_req *r) {
  long limit;
  long long after = 0, before = 0;
  int newest = arg(r, "before") != NULL;
  if (page_args(r, newest ? "before" : "after", &limit, newest ? &before : &after))
    return vb_http_error(r, 400, "limit is 1 to %d, after or before an alert id", ALERTS_PAGE_MAX);
  if (newest && arg(r, "after")) return vb_http_error(r, 400, "after or before, not both");
  vb_alert_page p = {.watch = arg(r, "watch"), .since = arg(r, "since"), .limit = (int)limit};
  if (newest) {
    p.newest = 1;
    p.before = before;
  } else {
    p.after = after;
  }
  vb_alert_list *l = NULL;
  char *json = NULL;
  int64_t next;
  vb_err err;
  int bad = alert_page(r, &p, &l, &next, &err);
  if (!bad) vb_alert_list_redact(l);
  if (!bad) bad = vb_alerts_to_json(l, &json, &err);
  vb_alert_list_free(l);
  if (bad) return vb_http_fail(r, &err);
  int rc = vb_http_json(r, 200, json);
  if (next && r->res) {
    vb_buf link;
    vb_buf_init(&link, 4096);
    vb_buf_adds(&link, "</api/alerts?");
    url_arg(&link, "watch", p.watch);
    url_arg(&link, "since", p.since);
    vb_buf_printf(&link, "limit=%ld&%s=%lld>; rel=\"next\"", limit, newest ? "before" : "after", (long long)next);
    if (!link.failed) MHD_add_response_header(r->res, "Link", link.ptr);
    vb_buf_free(&link);
  }
  return rc;
}

/* XML text: the five specials escaped, characters XML 1.0 forbids dropped. */
static void xml_str(vb_buf *b, vb_str v) {
  for (size_t i = 0; v.ptr && i < v.len; i++) {
    unsigned char c = (unsigned char)v.ptr[i];
    if (c == '&') vb_buf_adds(b, "&amp;");
    else if (c == '<') vb_buf_adds(b, "&lt;");
    else if (c == '>') vb_buf_adds(b, "&gt;");
    else if (c == '"') vb_buf_adds(b, "&quot;");
    else if (c == '\'') vb_buf_adds(b, "&apos;");
    else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    else vb_buf_addc(b, (char)c);
  }
}

/* /feeds/{watch}.atom?before=&limit=: an Atom 1.0 feed of the watch's
 * alerts, newest first, a page at a time (RFC 5005: a link rel="next"
 * names the older alerts while there are some). */
static int feed(vb_req *r, const char *file, size_t n) {
  if (n < 6 || strcmp(file + n - 5, ".atom")) return vb_http_error(r, 404, "feeds are /feeds/{watch}.atom");
  char name[80];
  if (n - 5 >= sizeof name) return vb_http_error(r, 404, "no such watch");
  memcpy(name, file, n - 5);
  name[n - 5] = '\0';
  if (r->srv->priv && !vb_http_authorized(r->srv, r->conn)) return vb_http_error(r, 401, "this server is private");
  long limit;
  long long before;
  if (page_args(r, "before", &limit, &before))
    return vb_http_error(r, 400, "limit is 1 to %d, before an alert id", ALERTS_PAGE_MAX);
  vb_watch_list *ws = NULL;
  vb_alert_list *as = NULL;
  vb_err err;
  vb_store *st = vb_http_borrow(r->srv);
  int bad = vb_store_watches(st, &ws, &err);
  vb_http_give_back(r->srv, st);
  const vb_watch_row *w = NULL;
  for (size_t i = 0; !bad && i < ws->n && !w; i++)
    if (ws->watches[i].name.len == strlen(name) && !memcmp(ws->watches[i].name.ptr, name, strlen(name)))
      w = &ws->watches[i];
  vb_alert_page p = {.watch = name, .before = before, .newest = 1, .limit = (int)limit};
  int64_t next = 0;
  if (!bad && w) bad = alert_page(r, &p, &as, &next, &err);
  if (bad || !w) {
    vb_watch_list_free(ws);
    vb_alert_list_free(as);
    return bad ? vb_http_fail(r, &err) : vb_http_error(r, 404, "no watch called \"%s\"", name);
  }
  char now[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  vb_str nm = {name, strlen(name)};
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>urn:verbatim:watch:");
  xml_str(&b, nm);
  vb_buf_adds(&b, "</id>\n<title>verbatim watch ");
  xml_str(&b, nm);
  vb_buf_adds(&b, ": ");
  xml_str(&b, w->query);
  vb_buf_adds(&b, "</title>\n<updated>");
  xml_str(&b, as->n ? as->alerts[0].at : (vb_str){now, strlen(now)});
  vb_buf_adds(&b, "</updated>\n<author><name>verbatim</name></author>\n<link rel=\"self\" href=\"/feeds/");
  xml_str(&b, nm);
  vb_buf_adds(&b, ".atom\"/>\n");
  if (next) {
    vb_buf_adds(&b, "<link rel=\"next\" href=\"/feeds/");
    xml_str(&b, nm);
    vb_buf_printf(&b, ".atom?limit=%ld&amp;before=%lld\"/>\n", limit, (long long)next);
  }
  for (size_t k = 0; k < as->n; k++) {
    const vb_alert *a = &as->alerts[k];
    vb_buf_printf(&b, "<entry>\n<id>urn:verbatim:alert:%lld</id>\n<title>", (long long)a->id);
    xml_str(&b, a->speaker.ptr ? a->speaker : (vb_str){"unattributed", 12});
    vb_buf_adds(&b, ": ");
    size_t hl = a->text.len < 120 ? a->text.len : 120;
    while (hl && hl < a->text.len && ((unsigned char)a->text.ptr[hl] & 0xC0) == 0x80) hl--; /* whole characters */
    xml_str(&b, (vb_str){a->text.ptr, hl});
    vb_buf_adds(&b, "</title>\n<updated>");
    xml_str(&b, a->at);
    vb_buf_adds(&b, "</updated>\n<link href=\"");
    xml_str(&b, a->link);
    vb_buf_adds(&b, "\"/>\n<content type=\"text\">");
    xml_str(&b, a->text);
    vb_buf_adds(&b, "</content>\n</entry>\n");
  }
  vb_watch_list_free(ws);
  vb_alert_list_free(as);
  vb_buf_adds(&b, "</feed>\n");
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

static int no_family(vb_req *r, const char *arg, size_t n) {
  (void)arg;
  (void)n;
  return vb_http_error(r, 404, "no such endpoint: %s (GET /api/statements/{DOC:N}/family)", r->url);
}

/* ---- the table of routes ----------------------------------------------------- */

#define PLAIN(fn)                                                    \
  static int fn##_route(vb_req *r, const char *arg, size_t n) {      \
    (void)arg;                                                       \
    (void)n;                                                         \
    return fn(r);                                                    \
  }
PLAIN(health)
PLAIN(metrics)
PLAIN(search)
PLAIN(post_document)
PLAIN(timeline)
PLAIN(network)
PLAIN(overview)
PLAIN(list_watches)
PLAIN(add_watch)
PLAIN(alerts)
PLAIN(vb_http_stream)

/* a name at the path's end: "" (a trailing slash) is none */
static int speakers_route(vb_req *r, const char *arg, size_t n) { return speakers(r, n ? arg : NULL); }
static int entities_route(vb_req *r, const char *arg, size_t n) { return entities(r, n ? arg : NULL); }
static int document_route(vb_req *r, const char *arg, size_t n) {
  (void)n;
  return get_document(r, arg);
}

enum { GET = VB_M_GET, POST = VB_M_POST, DELETE = VB_M_DELETE };
enum { TOKEN = VB_R_TOKEN, QUEUED = VB_R_QUEUED, INGEST = VB_R_INGEST, OPEN = VB_R_OPEN, CACHED = VB_R_CACHED };
#define READ (QUEUED | CACHED)
#define WRITE (TOKEN | QUEUED | INGEST)
#define SMALL VB_HTTP_SMALL_BODY

/* The first row whose pattern fits a path names it (so an entity's
 * corrections go before its page); of the rows with that pattern, the one
 * for the request's method answers. */
const vb_route vb_http_routes[] = {
    {GET, "/health", OPEN, 0, VB_ROUTE_HEALTH, health_route},
    {GET, "/metrics", 0, 0, VB_ROUTE_METRICS, metrics_route},
    {GET, "/api/search", QUEUED, 0, VB_ROUTE_SEARCH, search_route},
    {POST, "/api/documents", WRITE, VB_HTTP_MAX_BODY, VB_ROUTE_INGEST, post_document_route},
    {GET, "/api/documents/*", READ, 0, VB_ROUTE_DOCUMENT, document_route},
    {GET, "/api/statements/{}/family", READ, 0, VB_ROUTE_FAMILY, family},
    {GET, "/api/statements/*", 0, 0, VB_ROUTE_FAMILY, no_family},
    {GET, "/api/speakers", READ, 0, VB_ROUTE_SPEAKERS, speakers_route},
    {GET, "/api/speakers/*", READ, 0, VB_ROUTE_SPEAKERS, speakers_route},
    {POST, "/api/entities/{}/corrections", WRITE, SMALL, VB_ROUTE_ENTITIES, correct_entity},
    {GET, "/api/entities", READ, 0, VB_ROUTE_ENTITIES, entities_route},
    {GET, "/api/entities/*", READ, 0, VB_ROUTE_ENTITIES, entities_route},
    {GET, "/api/timeline", READ, 0, VB_ROUTE_TIMELINE, timeline_route},
    {GET, "/api/network", READ, 0, VB_ROUTE_NETWORK, network_route},
    {GET, "/api/overview", READ, 0, VB_ROUTE_OTHER, overview_route},
    {GET, "/api/watches", TOKEN, 0, VB_ROUTE_OTHER, list_watches_route},
    {POST, "/api/watches", TOKEN, SMALL, VB_ROUTE_OTHER, add_watch_route},
    {DELETE, "/api/watches/{}", TOKEN, 0, VB_ROUTE_OTHER, rm_watch},
    {GET, "/api/alerts", QUEUED, 0, VB_ROUTE_OTHER, alerts_route},
    {GET, "/api/alerts/stream", 0, 0, VB_ROUTE_OTHER, vb_http_stream_route}, /* parks its connection itself */
    {GET, "/feeds/*", QUEUED, 0, VB_ROUTE_OTHER, feed},
    {GET, "/static/*", 0, 0, VB_ROUTE_STATIC, vb_http_static},
    {GET, "/", 0, 0, VB_ROUTE_STATIC, vb_http_page},
    {GET, "/d/*", 0, 0, VB_ROUTE_STATIC, vb_http_page},
    {GET, "/e/*", 0, 0, VB_ROUTE_STATIC, vb_http_page},
    {GET, "/s/*", 0, 0, VB_ROUTE_STATIC, vb_http_page},
    {GET, "/timeline", 0, 0, VB_ROUTE_STATIC, vb_http_page},
    {GET, "/network", 0, 0, VB_ROUTE_STATIC, vb_http_page},
};
const size_t vb_http_nroutes = sizeof vb_http_routes / sizeof vb_http_routes[0];

/* Whether path fits pattern; *arg, *n: what its "{}" or "*" stood for. */
static int fits(const char *pat, const char *path, const char **arg, size_t *n) {
  const char *w = strstr(pat, "{}"), *star = w ? NULL : strchr(pat, '*');
  if (!w && !star) {
    *arg = NULL;
    *n = 0;
    return !strcmp(pat, path);
  }
  size_t pre = (size_t)((w ? w : star) - pat), len = strlen(path);
  const char *suffix = w ? w + 2 : star + 1;
  size_t post = strlen(suffix);
  if (len < pre + post + (w ? 1 : 0) || strncmp(path, pat, pre) || strcmp(path + len - post, suffix)) return 0;
  *arg = path + pre;
  *n = len - pre - post;
  return 1;
}

static unsigned method_bit(const char *m) {
  return !strcmp(m, "GET") || !strcmp(m, "HEAD") ? VB_M_GET : !strcmp(m, "POST") ? VB_M_POST
         : !strcmp(m, "DELETE")                  ? VB_M_DELETE
                                                 : 0;
}

const vb_route *vb_http_route(const char *path, const char *method, const char **arg, size_t *n, unsigned *allowed) {
  unsigned m = method_bit(method);
  const char *first = NULL;
  *allowed = 0;
  for (size_t i = 0; i < vb_http_nroutes; i++) {
    const vb_route *rt = &vb_http_routes[i];
    if ((first && strcmp(rt->pattern, first)) || !fits(rt->pattern, path, arg, n)) continue;
    first = rt->pattern;
    if (rt->methods & m) return rt;
    *allowed |= rt->methods;
  }
  return NULL;
}

int vb_http_dispatch(vb_req *r) {
  const char *url = r->url, *arg;
  size_t n;
  unsigned allowed;
  const vb_route *rt = vb_http_route(url, r->verb, &arg, &n, &allowed);
  int api = !strncmp(url, "/api/", 5);
  r->route = rt ? rt->metric : VB_ROUTE_OTHER;
  /* a private server answers no read without a token either */
  if (api && r->srv->priv && !vb_http_authorized(r->srv, r->conn))
    return vb_http_error(r, 401, "this server is private: Authorization: Bearer <token>");
  if (api && !utf8_request(r, url))
    return vb_http_error(r, 400, "the request's path or parameters are not UTF-8 text (a NUL byte is not text either)");
  if (!rt && !allowed) return api ? vb_http_error(r, 404, "no such endpoint: %s", url) : vb_http_error(r, 404, "no such page");
  if (!rt) {
    char allow[32];
    int k = snprintf(allow, sizeof allow, "%s%s%s", allowed & VB_M_GET ? "GET, HEAD, " : "",
                     allowed & VB_M_POST ? "POST, " : "", allowed & VB_M_DELETE ? "DELETE, " : "");
    allow[k >= 2 ? k - 2 : 0] = '\0'; /* no ", " after the last */
    int rc = vb_http_error(r, 405, "%s is not allowed on %s (%s)", r->verb, url, allow);
    if (r->res) MHD_add_response_header(r->res, "Allow", allow);
    return rc;
  }
  if (rt->flags & VB_R_CACHED) {
    int rc = cached(r, url);
    if (rc >= 0) return rc;
  }
  return rt->serve(r, arg, n);
}
