/* watch — standing queries. Adding one checks its query (it must parse
 * and compile, or it is refused now rather than dropped later) and says
 * whether the presearcher can index it by a word (query/matcher.c);
 * negations, prefixes and filters alone cannot be, and are tried on every
 * statement — `watch list` says so. Matching happens in the store as
 * batches commit; delivering reads the pending alerts and writes them to
 * their sinks, then marks them delivered. */
#include <curl/curl.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "core/dynlib.h"
#include "core/err.h"
#include "core/map.h"
#include "core/text.h"
#include "query/matcher.h"
#include "query/query.h"
#include "store/store.h"
#include "analyze/analyze.h"

#define MAX_NAME 64

/* Whether the presearcher can index q by a word (what `watch list` shows
 * as indexed): compiled alone, as the store's matcher will compile it. */
static int anchored(const vb_qnode *q, int *out, vb_err *err) {
  an_termer *t = NULL;
  if (an_termer_new(&t, err)) return err->code;
  vb_matcher *m = vb_matcher_new(t);
  int rc = !m || vb_matcher_add(m, 1, q, out) ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory") : VB_OK;
  vb_matcher_free(m);
  an_termer_free(t);
  return rc;
}

static int good_name(const char *s) {
  size_t n = strlen(s);
  if (!n || n > MAX_NAME) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return 0;
  }
  return 1;
}

int vb_watch_add(vb_store *st, const char *name, const char *query, const char *sink, int *indexed,
                 vb_err *err) {
  vb_err_clear(err);
  if (!good_name(name))
    return vb_err_set(err, VB_EUSAGE, "", -1, "a watch name is 1-%d letters, digits, '-', '_' or '.'", MAX_NAME);
  if (!sink || !*sink) sink = "stdout";
  if (strcmp(sink, "stdout") && strncmp(sink, "file:", 5) && strncmp(sink, "webhook:http://", 15) &&
      strncmp(sink, "webhook:https://", 16))
    return vb_err_set(err, VB_EUSAGE, "", -1, "sink is stdout, file:PATH or webhook:http(s)://…");
  if (!strncmp(sink, "file:", 5) && !sink[5]) return vb_err_set(err, VB_EUSAGE, "", -1, "file: needs a path");
  /* refused now if it does not parse or compile: a search runs it */
  vb_search_opts o = {.limit = 1};
  vb_results *res = NULL;
  int rc = vb_store_search(st, query, &o, &res, err);
  vb_results_free(res);
  if (rc) return rc;
  vb_arena *a = vb_arena_new((size_t)1 << 20);
  if (!a) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  vb_qnode *q;
  int an = 0;
  rc = vb_query_parse(query, strlen(query), a, &q, err);
  if (!rc) rc = anchored(q, &an, err);
  if (!rc) rc = vs_watch_put(st, name, query, sink, an, err);
  if (indexed) *indexed = an;
  vb_arena_free(a);
  return rc;
}

/* The query's words and phrases the statement holds (ASCII case aside),
 * and its filters: why the alert fired, in the query's own terms. */
typedef struct reasons {
  VB_VEC(vb_str) v;
  vb_arena *a;
  int failed;
} reasons;

static void add_why(reasons *w, const char *s, size_t n) {
  vb_str *x = VB_VEC_PUSH(w->a, w->v);
  char *copy = x ? vb_arena_strndup(w->a, s, n) : NULL;
  if (!copy) {
    w->failed = 1;
    return;
  }
  *x = (vb_str){copy, n};
}

/* A reason that holds, in the query's own terms: a word, phrase or
 * prefix as written, a filter as field:value. */
static int add_reason(void *ctx, uint32_t place, const vb_qnode *q) {
  (void)place;
  reasons *w = ctx;
  if (q->kind != VB_Q_FILTER) {
    add_why(w, q->text.ptr, q->text.len);
  } else {
    char f[300];
    int n = snprintf(f, sizeof f, "%s:%.*s", vb_qfield_name(q->field), (int)q->text.len, q->text.ptr);
    add_why(w, f, n < (int)sizeof f ? (size_t)n : sizeof f - 1);
  }
  return w->failed ? VB_ENOMEM : VB_OK;
}

/* The analyser of an alert's statement's language (t's, made as the
 * page's alerts need them). */
static an_analyzer *statement_analyser(an_termer *t, vb_str lang) {
  char l[AN_LANG_MAX + 1] = "";
  if (lang.ptr && lang.len < sizeof l) {
    memcpy(l, lang.ptr, lang.len);
    l[lang.len] = '\0';
  }
  return an_termer_lang(t, l);
}

/* Fills in what each alert's statement holds of its query. An alert
 * made with its reasons (alerts.matched) has them read from its bits; the
 * others (made before the column, or with more reasons than it keeps)
 * are worked out here the same way (store.h, vs_reasons_each): a page's
 * alerts come from a few watches, so each query is parsed once a page;
 * and a statement many watches caught is analysed once a page, not once
 * an alert (1,000 watches: 45 k instructions an alert, half of
 * delivering it). */
static int explain(vb_alert_list *l, vb_err *err) {
  vb_arena *a = vs_box_arena(l);
  const vs_alert_list *kept = (const vs_alert_list *)l;
  vb_alert *alerts = (vb_alert *)l->alerts;
  vb_arena *qa = vb_arena_new(0);
  vb_qnode **parsed = qa ? vb_arena_calloc(qa, (l->n + 1) * sizeof *parsed) : NULL;
  vs_words **analysed = qa ? vb_arena_calloc(qa, (l->n + 1) * sizeof *analysed) : NULL;
  vb_map seen;  /* a query's text: its index in parsed, + 1 (0: did not parse) */
  vb_map words; /* a statement (document, index): its index in analysed, + 1 */
  vb_map_init(&seen);
  vb_map_init(&words);
  vs_reasons *leaves = NULL;
  an_termer *langs = NULL;
  vb_err aerr;
  size_t np = 0, nw = 0;
  int failed = !parsed || !analysed || vs_reasons_new(&leaves);
  for (size_t i = 0; i < l->n && !failed; i++) {
    vb_alert *x = &alerts[i];
    if (!x->query.ptr || !x->text.ptr) continue;
    int known = 0;
    uint32_t at = vb_map_put(&seen, x->query.ptr, x->query.len, (uint32_t)np + 1, &known);
    if (at == VB_MAP_NONE) {
      failed = 1;
      break;
    }
    if (!known) {
      vb_qnode *q;
      vb_err qerr;
      parsed[np++] = vb_query_parse(x->query.ptr, x->query.len, qa, &q, &qerr) ? NULL : q;
    }
    const vb_qnode *q = parsed[at - 1];
    reasons w = {{0}, a, 0};
    if (q && kept->known[i]) {
      failed = vs_reasons_each(leaves, q, NULL, NULL, kept->matched[i], add_reason, &w) != VB_OK;
    } else if (q) {
      if (!langs && an_termer_new(&langs, &aerr)) {
        failed = 1;
        break;
      }
      an_analyzer *an = statement_analyser(langs, x->lang);
      char key[96];
      int kn = snprintf(key, sizeof key, "%s %ld", x->doc, (long)x->index);
      uint32_t k = an ? vb_map_put(&words, key, (size_t)kn, (uint32_t)nw + 1, &known) : VB_MAP_NONE;
      if (k == VB_MAP_NONE) failed = 1;
      else if (!known && vs_words_make(an, x->text.ptr, x->text.len, qa, &analysed[nw++])) failed = 1;
      if (!failed) failed = vs_reasons_each(leaves, q, an, analysed[k - 1], 0, add_reason, &w) != VB_OK;
    }
    if (w.failed) failed = 1;
    x->matched = w.v.v;
    x->nmatched = w.v.n;
  }
  vb_map_free(&seen);
  vb_map_free(&words);
  vs_reasons_free(leaves);
  an_termer_free(langs);
  vb_arena_free(qa);
  if (failed) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  l->explained = 1;
  return VB_OK;
}

/* Webhooks: a POST of the alert's JSON; a 2xx answer delivers it. Tries
 * WEBHOOK_TRIES times, doubling the wait from WEBHOOK_WAIT_MS; an
 * endpoint that stays down makes the alert dead (kept, with the reason)
 * rather than blocking the others. */
#define WEBHOOK_TRIES 4
/* a claim older than this (a deliverer that crashed) may be taken over:
 * well above the longest delivery, WEBHOOK_TRIES timeouts and waits */
#define CLAIM_STALE_S 300
#define WEBHOOK_WAIT_MS 100
#define WEBHOOK_TIMEOUT_S 10

static size_t discard(char *p, size_t sz, size_t n, void *ctx) {
  (void)p;
  (void)ctx;
  return sz * n;
}

static int post_webhook(const char *url, const char *body, char *why, size_t whycap) {
  vb_err lerr;
  if (vb_dynlib_load(&vb_lib_curl, &lerr)) {
    vb_err_format(&lerr, why, whycap);
    return -1;
  }
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(why, whycap, "cannot start libcurl");
    return -1;
  }
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)WEBHOOK_TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  int ok = -1;
  for (int attempt = 0; attempt < WEBHOOK_TRIES && ok; attempt++) {
    if (attempt) {
      struct timespec ts = {0, (long)WEBHOOK_WAIT_MS * 1000000L << (attempt - 1)};
      nanosleep(&ts, NULL);
    }
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK && status >= 200 && status < 300) ok = 0;
    else if (rc != CURLE_OK) snprintf(why, whycap, "%s", curl_easy_strerror(rc));
    else snprintf(why, whycap, "HTTP %ld", status);
  }
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return ok;
}

int vb_alerts_after(vb_store *st, int64_t after, int limit, vb_alert_list **out, vb_err *err) {
  vb_err_clear(err);
  vs_alert_filter f = {.after = after, .limit = limit};
  int rc = vs_alerts(st, &f, out, err);
  if (!rc) rc = explain(*out, err);
  if (rc) {
    vb_alert_list_free(*out);
    *out = NULL;
  }
  return rc;
}

/* One line appended with one write(2) on O_APPEND: lines from deliverers
 * in other processes never interleave with it. */
static int append_line(const char *path, const char *line) {
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  size_t n = strlen(line);
  char *b = malloc(n + 1);
  ssize_t w = -1;
  if (b) {
    memcpy(b, line, n);
    b[n] = '\n';
    w = write(fd, b, n + 1);
    free(b);
  }
  int closed = close(fd);
  return w == (ssize_t)(n + 1) && closed == 0 ? 0 : -1;
}

/* Claimed alerts are read, sent and marked delivered this many at a
 * time: memory stays bounded however many an ingest made (1,000 watches
 * on 500 UN speeches make 155,220), and a deliverer stopped midway has
 * recorded what it sent. */
#define DELIVER_PAGE 500

/* Sends the claimed alerts after *after, at most a page: *after becomes
 * the last one read, *read how many were read, *sent grows by those sent
 * and marked; *unmarked is set when marking them failed. */
static int deliver_page(vb_store *st, void *out, int64_t claim, int64_t *after, size_t *read, size_t *sent,
                        int *unmarked, vb_err *err) {
  *read = 0;
  vb_alert_list *l = NULL;
  vs_alert_filter mine = {.pending = 1, .claim = claim, .after = *after, .limit = DELIVER_PAGE};
  int rc = vs_alerts(st, &mine, &l, err);
  if (!rc) rc = explain(l, err);
  if (rc) {
    vb_alert_list_free(l);
    return rc;
  }
  *read = l->n;
  int64_t first = l->n ? l->alerts[0].id : 0;
  if (l->n) *after = l->alerts[l->n - 1].id;
  int64_t *ids = l->n ? calloc(l->n, sizeof *ids) : NULL;
  char *on_out = l->n ? calloc(l->n, 1) : NULL; /* per id: sent to the stream */
  if (!on_out) {
    free(ids);
    ids = NULL;
  }
  size_t done = 0;
  for (size_t i = 0; i < l->n && ids; i++) {
    const vb_alert *al = &l->alerts[i];
    char sink[512];
    snprintf(sink, sizeof sink, "%.*s", (int)al->sink.len, al->sink.ptr ? al->sink.ptr : "");
    char *line = NULL;
    vb_err lerr;
    if (vb_alert_to_json(l, i, &line, &lerr)) continue;
    if (!strncmp(sink, "webhook:", 8)) {
      char why_not[256] = "";
      int failed = post_webhook(sink + 8, line, why_not, sizeof why_not);
      free(line);
      if (failed) {
        /* the dead letter: kept in the archive with its reason */
        vb_err e2;
        vs_alerts_delivered(st, &al->id, 1, why_not, &e2);
        rc = vb_err_set(err, VB_EIO, sink, -1, "alert %lld undeliverable after %d tries: %s", (long long)al->id,
                        WEBHOOK_TRIES, why_not);
        continue;
      }
      ids[done++] = al->id;
      continue;
    }
    int ok, to_out = strncmp(sink, "file:", 5) != 0;
    if (!to_out) {
      ok = !append_line(sink + 5, line);
    } else {
      FILE *f = (FILE *)out;
      ok = f && fputs(line, f) >= 0 && putc('\n', f) != EOF;
    }
    free(line);
    if (!ok) {
      rc = vb_err_set(err, VB_EIO, sink[0] ? sink : "stdout", -1, "cannot write the alert");
      continue; /* stays pending, for the next delivery */
    }
    on_out[done] = (char)to_out;
    ids[done++] = al->id;
  }
  vb_alert_list_free(l);
  /* the stream's lines are flushed once a page, before any is marked
   * delivered; if that fails, none of them is marked (they stay pending) */
  size_t kept = 0;
  int out_failed = out && ids && fflush((FILE *)out) != 0;
  for (size_t i = 0; i < done; i++)
    if (!out_failed || !on_out[i]) ids[kept++] = ids[i];
  if (out_failed && !rc) rc = vb_err_set(err, VB_EIO, "stdout", -1, "cannot write the alerts");
  done = kept;
  /* a page sent whole is the claim's pending alerts from its first id to
   * its last: marked as that span, not as a list of 500 ids (a statement
   * to parse and plan a page) */
  int mrc = done && done == *read ? vs_alerts_delivered_span(st, claim, first, *after, err)
            : done               ? vs_alerts_delivered(st, ids, done, NULL, err)
                                 : VB_OK;
  free(ids);
  free(on_out);
  if (mrc) *unmarked = 1;
  else *sent += done;
  return rc ? rc : mrc;
}

/* Each pending alert as one JSON line to its sink, then marked delivered:
 * delivered at least once, and recorded once. */
int vb_alerts_deliver(vb_store *st, void *out, size_t *delivered, vb_err *err) {
  vb_err_clear(err);
  if (delivered) *delivered = 0;
  /* claimed first: another process delivering at the same time gets
   * other alerts, never these; a claim left by a crash goes stale */
  int64_t claim = 0;
  while (!claim) {
    unsigned char r[8];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) return vb_err_set(err, VB_EIO, "", -1, "no random bytes");
    memcpy(&claim, r, sizeof claim);
    claim &= INT64_MAX;
  }
  size_t claimed = 0;
  int rc = vs_alerts_claim(st, claim, CLAIM_STALE_S, &claimed, err);
  if (rc || !claimed) return rc;
  int64_t after = 0;
  size_t read = 0, sent = 0;
  int failed = 0, unmarked = 0;
  vb_err last; /* an alert not sent: the last reason is reported, the others still go */
  vb_err_clear(&last);
  do {
    rc = deliver_page(st, out, claim, &after, &read, &sent, &unmarked, err);
    if (rc && (rc != VB_EIO || unmarked)) break; /* the archive failed: the rest waits */
    if (rc) {
      failed = 1;
      last = *err;
    }
    rc = VB_OK;
  } while (read == DELIVER_PAGE);
  /* what was not delivered is free for the next delivery; sent alerts
   * that could not be marked keep the claim until it goes stale */
  vb_err e3;
  if (!unmarked) vs_alerts_release(st, claim, &e3);
  if (delivered) *delivered = sent;
  if (!rc && failed) {
    *err = last;
    rc = last.code;
  }
  return rc;
}
