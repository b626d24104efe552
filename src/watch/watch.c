/* watch — standing queries. Adding one checks its query (it must parse
 * and compile, or it is refused now rather than dropped later) and works
 * out its anchors, the presearcher's index: a set of words one of which
 * every statement it can match must hold, analysed the way the index
 * analyses them (a term: its folded form and its stems; a phrase: its
 * longest word; AND: its most selective part; OR: the union of its parts).
 * Negations, prefixes and filters alone give no anchor: such a watch is
 * verified on every batch, and `watch list` says so. Matching happens in
 * the store as batches commit; delivering reads the pending alerts and
 * writes them to their sinks, then marks them delivered. */
#include <curl/curl.h>
#include <jansson.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/text.h"
#include "query/query.h"
#include "store/store.h"
#include "store/tokenizer.h"

#define MAX_ANCHORS 64
#define MAX_NAME 64

typedef struct anchors {
  char *v[MAX_ANCHORS];
  size_t n;
  int ok; /* 0: this subtree gives no anchor */
} anchors;

static void anchors_free(anchors *a) {
  for (size_t i = 0; i < a->n; i++) free(a->v[i]);
  a->n = 0;
}

static int add_form(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  (void)start;
  (void)end;
  anchors *a = ctx;
  for (size_t i = 0; i < a->n; i++)
    if (strlen(a->v[i]) == n && !memcmp(a->v[i], tok, n)) return 0;
  if (a->n == MAX_ANCHORS) {
    a->ok = 0; /* too many to be worth indexing */
    return 0;
  }
  a->v[a->n] = strndup(tok, n);
  if (!a->v[a->n]) return VB_ENOMEM;
  a->n++;
  return 0;
}

/* The forms of the word of text[0..n) worth indexing: its longest word. */
static int word_forms(vb_termer *t, const char *text, size_t n, anchors *out) {
  size_t best = 0, bl = 0, i = 0;
  while (i < n) {
    while (i < n && !((unsigned char)text[i] >= 0x80 || ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') ||
                      (text[i] >= '0' && text[i] <= '9')))
      i++;
    size_t st = i;
    while (i < n && ((unsigned char)text[i] >= 0x80 || ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') ||
                     (text[i] >= '0' && text[i] <= '9')))
      i++;
    if (i - st > bl) {
      best = st;
      bl = i - st;
    }
  }
  out->ok = 1;
  if (!bl) {
    out->ok = 0;
    return 0;
  }
  return vb_termer_query_forms(t, text + best, bl, add_form, out);
}

static int presearch(const vb_qnode *q, vb_termer *t, anchors *out) {
  memset(out, 0, sizeof *out);
  switch (q->kind) {
  case VB_Q_TERM:
  case VB_Q_PHRASE: return word_forms(t, q->text.ptr, q->text.len, out);
  case VB_Q_PREFIX:
  case VB_Q_NOT:
  case VB_Q_FILTER: return 0; /* no word a statement must hold */
  case VB_Q_AND:
  case VB_Q_NEAR: {
    /* the part with the fewest forms and the longest word */
    anchors best = {0};
    for (size_t i = 0; i < q->nkids; i++) {
      anchors k;
      int rc = presearch(q->kids[i], t, &k);
      if (rc) {
        anchors_free(&best);
        anchors_free(&k);
        return rc;
      }
      size_t kl = k.ok && k.n ? strlen(k.v[0]) : 0, bl = best.ok && best.n ? strlen(best.v[0]) : 0;
      if (k.ok && (!best.ok || k.n < best.n || (k.n == best.n && kl > bl))) {
        anchors_free(&best);
        best = k;
      } else {
        anchors_free(&k);
      }
    }
    *out = best;
    return 0;
  }
  case VB_Q_OR:
    out->ok = 1;
    for (size_t i = 0; i < q->nkids && out->ok; i++) {
      anchors k;
      int rc = presearch(q->kids[i], t, &k);
      if (rc) {
        anchors_free(&k);
        return rc;
      }
      if (!k.ok) out->ok = 0;
      for (size_t j = 0; j < k.n && out->ok; j++)
        if ((rc = add_form(out, k.v[j], strlen(k.v[j]), 0, 0))) {
          anchors_free(&k);
          return rc;
        }
      anchors_free(&k);
    }
    if (!out->ok) anchors_free(out);
    return 0;
  }
  return 0;
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
  vb_arena *a = vb_arena_new((size_t)8 << 20);
  vb_termer *t = NULL;
  if (!a || vb_termer_new(&t, err)) {
    vb_arena_free(a);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  vb_qnode *q;
  anchors an = {0};
  rc = vb_query_parse(query, strlen(query), a, &q, err);
  if (!rc && presearch(q, t, &an)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  if (!rc && !an.ok) anchors_free(&an);
  if (!rc) rc = st->ops->watch_put(st->impl, name, query, sink, (const char *const *)an.v, an.n, err);
  if (indexed) *indexed = an.n > 0;
  anchors_free(&an);
  vb_termer_free(t);
  vb_arena_free(a);
  return rc;
}

int vb_watch_rm(vb_store *st, const char *name, vb_err *err) {
  vb_err_clear(err);
  return st->ops->watch_rm(st->impl, name, err);
}

int vb_watches_json(vb_store *st, char **json, vb_err *err) {
  vb_err_clear(err);
  return st->ops->watches_json(st->impl, json, err);
}

int vb_alerts_json(vb_store *st, const char *watch, const char *since, char **json, vb_err *err) {
  vb_err_clear(err);
  return st->ops->alerts_json(st->impl, watch, since, 0, json, err);
}

/* The query's words and phrases the statement holds (ASCII case aside):
 * why the alert fired, in the query's own terms. */
static void positives(const vb_qnode *q, const char *text, json_t *out, int negated) {
  if (q->kind == VB_Q_NOT) negated = !negated;
  if (!negated && (q->kind == VB_Q_TERM || q->kind == VB_Q_PHRASE || q->kind == VB_Q_PREFIX)) {
    size_t n = q->text.len;
    /* a stem, not the inflection: "swaps" holds "swap" */
    while (q->kind == VB_Q_TERM && n > 4 && (q->text.ptr[n - 1] == 's' || q->text.ptr[n - 1] == 'e')) n--;
    char probe[256];
    if (n < sizeof probe) {
      memcpy(probe, q->text.ptr, n);
      probe[n] = '\0';
      if (vb_find_ci(text, strlen(text), probe) >= 0) json_array_append_new(out, json_stringn(q->text.ptr, q->text.len));
    }
  }
  if (q->kind == VB_Q_FILTER && !negated) {
    char f[300];
    snprintf(f, sizeof f, "%s:%.*s", vb_qfield_name(q->field), (int)q->text.len, q->text.ptr);
    json_array_append_new(out, json_string(f));
  }
  for (size_t i = 0; i < q->nkids; i++) positives(q->kids[i], text, out, negated);
}

static void explain(json_t *alert) {
  const char *query = json_string_value(json_object_get(alert, "query"));
  const char *text = json_string_value(json_object_get(json_object_get(alert, "statement"), "text"));
  vb_arena *a = vb_arena_new((size_t)4 << 20);
  vb_qnode *q;
  vb_err err;
  json_t *m = json_array();
  if (a && query && text && !vb_query_parse(query, strlen(query), a, &q, &err)) positives(q, text, m, 0);
  json_object_set_new(alert, "matched", m);
  vb_arena_free(a);
}

/* Webhooks: a POST of the alert's JSON; a 2xx answer delivers it. Tries
 * WEBHOOK_TRIES times, doubling the wait from WEBHOOK_WAIT_MS; an
 * endpoint that stays down makes the alert dead (kept, with the reason)
 * rather than blocking the others. */
#define WEBHOOK_TRIES 4
#define WEBHOOK_WAIT_MS 100
#define WEBHOOK_TIMEOUT_S 10

static size_t discard(char *p, size_t sz, size_t n, void *ctx) {
  (void)p;
  (void)ctx;
  return sz * n;
}

static int post_webhook(const char *url, const char *body, char *why, size_t whycap) {
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

/* Each pending alert as one JSON line to its sink, then marked delivered:
 * delivered at least once, and recorded once. */
int vb_alerts_deliver(vb_store *st, void *out, size_t *delivered, vb_err *err) {
  vb_err_clear(err);
  if (delivered) *delivered = 0;
  char *json = NULL;
  int rc = st->ops->alerts_json(st->impl, NULL, NULL, 1, &json, err);
  if (rc) return rc;
  json_t *arr = json_loads(json, 0, NULL);
  free(json);
  size_t n = json_array_size(arr);
  int64_t *ids = n ? calloc(n, sizeof *ids) : NULL;
  size_t done = 0;
  for (size_t i = 0; i < n && (!n || ids); i++) {
    json_t *al = json_array_get(arr, i);
    const char *sink = json_string_value(json_object_get(al, "sink"));
    explain(al);
    char *line = json_dumps(al, JSON_COMPACT);
    if (!line) continue;
    int64_t id = (int64_t)json_integer_value(json_object_get(al, "id"));
    if (sink && !strncmp(sink, "webhook:", 8)) {
      char why[256] = "";
      int failed = post_webhook(sink + 8, line, why, sizeof why);
      free(line);
      if (failed) {
        /* the dead letter: kept in the archive with its reason */
        vb_err e2;
        st->ops->alerts_delivered(st->impl, &id, 1, why, &e2);
        rc = vb_err_set(err, VB_EIO, sink, -1, "alert %lld undeliverable after %d tries: %s", (long long)id,
                        WEBHOOK_TRIES, why);
        continue;
      }
      ids[done++] = id;
      continue;
    }
    FILE *f = (FILE *)out;
    int own = 0;
    if (sink && !strncmp(sink, "file:", 5)) {
      f = fopen(sink + 5, "a");
      own = 1;
    }
    int ok = f && fprintf(f, "%s\n", line) >= 0 && fflush(f) == 0;
    if (own && f) ok &= fclose(f) == 0;
    free(line);
    if (!ok) {
      rc = vb_err_set(err, VB_EIO, sink ? sink : "stdout", -1, "cannot write the alert");
      continue; /* stays pending, for the next delivery */
    }
    ids[done++] = id;
  }
  json_decref(arr);
  int mrc = done ? st->ops->alerts_delivered(st->impl, ids, done, NULL, err) : VB_OK;
  free(ids);
  if (delivered) *delivered = done;
  return rc ? rc : mrc;
}
