/* The HTTP server for real, on loopback: every endpoint, bad requests
 * (malformed query, unknown id, oversized body, missing or wrong token),
 * a document whose text holds markup and script, a private server, and
 * the static UI files (no path leaves the web directory). */
#include <curl/curl.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "http/http.h"
#include "store/sql.h"
#include "store/store.h"
#include "testutil.h"
#include "verbatim.h"

static char DB[512];
#define TOKEN "test-token-0123456789abcdef"
#define TOKENS "build/test-http.tokens"
#define SINK "build/test-http-alerts.jsonl"

static vb_server *srv, *priv;
static char base[64], pbase[64];

typedef struct reply {
  long status;
  char *body;
  size_t len;
  char type[128];
  char link[512]; /* the Link header, if any */
  char timing[64]; /* the Server-Timing header, if any */
  char cache[96];  /* the Cache-Control header, if any */
} reply;

static size_t on_body(char *p, size_t sz, size_t n, void *ctx) {
  reply *r = ctx;
  char *b = realloc(r->body, r->len + sz * n + 1);
  if (!b) return 0;
  memcpy(b + r->len, p, sz * n);
  r->body = b;
  r->len += sz * n;
  b[r->len] = '\0';
  return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ctx) {
  reply *r = ctx;
  if (n * sz > 14 && !strncasecmp(p, "Content-Type: ", 14))
    snprintf(r->type, sizeof r->type, "%.*s", (int)(n * sz - 16), p + 14);
  if (n * sz > 8 && !strncasecmp(p, "Link: ", 6))
    snprintf(r->link, sizeof r->link, "%.*s", (int)(n * sz - 8), p + 6);
  if (n * sz > 17 && !strncasecmp(p, "Server-Timing: ", 15))
    snprintf(r->timing, sizeof r->timing, "%.*s", (int)(n * sz - 17), p + 15);
  if (n * sz > 17 && !strncasecmp(p, "Cache-Control: ", 15))
    snprintf(r->cache, sizeof r->cache, "%.*s", (int)(n * sz - 17), p + 15);
  return sz * n;
}

/* The loopback address requests are sent from (NULL: the system's). */
static const char *from_address;

/* method NULL: GET. token NULL: none. */
static reply call(const char *b, const char *method, const char *path, const char *token,
                  const char *body, size_t blen) {
  reply r = {0, NULL, 0, "", "", "", ""};
  CURL *c = curl_easy_init();
  char url[8192];
  snprintf(url, sizeof url, "%s%s", b, path);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
  /* a bound only a hung server reaches: a correction makes the lexicon
   * before it answers, past 30 s under load with the suite niced */
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 600L);
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  if (from_address) curl_easy_setopt(c, CURLOPT_INTERFACE, from_address);
  struct curl_slist *h = NULL;
  if (token) {
    char a[256];
    snprintf(a, sizeof a, "Authorization: Bearer %s", token);
    h = curl_slist_append(h, a);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  }
  if (method) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  if (body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) fail_msg("%s %s: %s", method ? method : "GET", path, curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  if (!r.body) r.body = calloc(1, 1);
  return r;
}

static reply get(const char *path) { return call(base, NULL, path, NULL, NULL, 0); }

/* A GET with the Authorization header as given. */
static reply call_with(const char *b, const char *path, const char *authorization) {
  reply r = {0, NULL, 0, "", "", "", ""};
  CURL *c = curl_easy_init();
  char url[512], h[1024];
  snprintf(url, sizeof url, "%s%s", b, path);
  snprintf(h, sizeof h, "Authorization: %s", authorization);
  struct curl_slist *hs = curl_slist_append(NULL, h);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 600L);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) fail_msg("GET %s: %s", path, curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(hs);
  curl_easy_cleanup(c);
  if (!r.body) r.body = calloc(1, 1);
  return r;
}

static json_t *json_of(const reply *r) {
  json_error_t e;
  json_t *j = json_loads(r->body, 0, &e);
  if (!j) fail_msg("not JSON (%s): %.200s", e.text, r->body);
  return j;
}

static void expect(reply r, long status, const char *contains) {
  if (r.status != status) fail_msg("status %ld, wanted %ld: %.300s", r.status, status, r.body);
  if (contains && !strstr(r.body, contains)) fail_msg("no \"%s\" in %.300s", contains, r.body);
  free(r.body);
}

static int setup(void **state) {
  (void)state;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (test_archive("test-http", DB, sizeof DB)) return -1;
  FILE *f = fopen(TOKENS, "w");
  if (!f) return -1;
  fputs("# writers\n" TOKEN "\n", f);
  fclose(f);
  vb_store *st;
  vb_err err;
  if (vb_store_open(DB, 1, &st, &err)) return -1;
  char *bytes;
  size_t len;
  if (vb_file_read(SHARED_DIR "/corpus/memri/sd-10850.txt", &bytes, &len, &err)) return -1;
  vb_doc *d;
  int added;
  if (vb_doc_parse(bytes, len, "sd-10850.txt", NULL, &d, &err) || vb_store_put(st, d, &added, &err))
    return -1;
  free(bytes);
  vb_doc_free(d);
  vb_store_close(st);
  /* these tests are of the API's answers, not of budgets (test_hostile's):
   * a read may take long under ASan on a loaded machine, and a refusal
   * past the default 5 s once made entity_corrections' search "total"
   * read as 0; and a cheap search past the default 0.1 s on a request
   * thread, which a loaded machine makes of any, is queued (once failed
   * cheap_searches_never_queue: a_search_past_its_inline_budget_is_queued
   * shows that with a budget every search outruns) */
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .token_file = TOKENS, .threads = 2,
                      .read_budget = 120, .light_budget = 120, .inline_budget = 120};
  if (vb_server_start(&o, &srv, &err)) {
    fprintf(stderr, "server: %s\n", err.msg);
    return -1;
  }
  snprintf(base, sizeof base, "http://127.0.0.1:%d", vb_server_port(srv));
  o.priv = 1;
  if (vb_server_start(&o, &priv, &err)) return -1;
  snprintf(pbase, sizeof pbase, "http://127.0.0.1:%d", vb_server_port(priv));
  return 0;
}

static int teardown(void **state) {
  (void)state;
  vb_server_stop(srv);
  vb_server_stop(priv);
  curl_global_cleanup();
  return 0;
}

static void health_and_metrics(void **state) {
  (void)state;
  expect(get("/health"), 200, "\"status\":\"ok\"");
  expect(get("/api/search?q=kalashnikov"), 200, NULL);
  /* a request is counted when its connection completes, which may be a
   * moment after its client has the answer */
  reply m = get("/metrics");
  for (int i = 0; i < 100 && !strstr(m.body, "route=\"search\",code=\"200\""); i++) {
    free(m.body);
    usleep(10000);
    m = get("/metrics");
  }
  assert_int_equal(m.status, 200);
  assert_non_null(strstr(m.type, "text/plain"));
  assert_non_null(strstr(m.body, "verbatim_documents 1"));
  assert_non_null(strstr(m.body, "verbatim_http_requests_total{route=\"search\",code=\"200\"}"));
  assert_non_null(strstr(m.body, "verbatim_http_request_seconds_bucket{le=\"+Inf\"}"));
  free(m.body);
}

static void search_endpoint(void **state) {
  (void)state;
  reply r = get("/api/search?q=kalashnikov&limit=2&facets=speaker,entity,month");
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.type, "application/json"));
  json_t *j = json_of(&r);
  assert_true(json_integer_value(json_object_get(j, "total")) >= 2);
  assert_int_equal(json_array_size(json_object_get(j, "hits")), 2);
  json_t *ents = json_object_get(json_object_get(j, "facets"), "entity");
  assert_true(json_array_size(ents) > 0);
  /* an entity value: [name, statements, "e12"] */
  const char *eid = json_string_value(json_array_get(json_array_get(ents, 0), 2));
  assert_true(eid && eid[0] == 'e');
  json_decref(j);
  free(r.body);
  expect(get("/api/search?q=mentions%3Ahezbollah"), 200, "Hizbullah");
  expect(get("/api/search?q=kalashnikov&sort=date&docs=1"), 200, "\"total\":1");
  /* context: the sentences around each hit, asked for (and cached apart) */
  r = get("/api/search?q=kalashnikov&limit=3");
  assert_null(strstr(r.body, "\"before\""));
  free(r.body);
  r = get("/api/search?q=kalashnikov&limit=3&context=2");
  j = json_of(&r);
  size_t around = 0;
  json_t *hit;
  size_t k;
  json_array_foreach(json_object_get(j, "hits"), k, hit) {
    json_t *b = json_object_get(hit, "before"), *a = json_object_get(hit, "after");
    assert_true(json_array_size(b) <= 2 && json_array_size(a) <= 2);
    around += json_array_size(b) + json_array_size(a);
  }
  assert_true(around > 0);
  json_decref(j);
  free(r.body);
  expect(get("/api/search?q=x&context=6"), 400, "context");
  /* bad requests */
  expect(get("/api/search"), 400, "missing");
  expect(get("/api/search?q=%28broken"), 400, "\"status\":400");
  expect(get("/api/search?q=x&limit=abc"), 400, "limit");
  /* numbers are digits only, as anywhere else in the API */
  static const char *const numbers[] = {"limit=%2B5", "limit=+5", "limit=%205", "limit=5%20", "limit=5e0",
                                        "limit=0x5", "limit=-1", "offset=%2B1", "limit=99999999999999999999"};
  for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
    char path[128];
    snprintf(path, sizeof path, "/api/search?q=kalashnikov&%s", numbers[i]);
    expect(get(path), 400, "limit");
  }
  expect(get("/api/search?q=kalashnikov&limit=05"), 200, NULL);
  expect(get("/api/network?q=hamas&nodes=%2B5"), 400, "nodes");
  /* a NUL byte is not cut at: the query is refused, not searched as "peace" */
  expect(get("/api/search?q=peace%00war"), 400, "NUL");
  expect(get("/api/search?q=kalashnikov%00"), 400, "NUL");
  expect(get("/api/speakers/ali%20baraka%00x"), 400, "NUL");
  expect(get("/api/search?q=kalashnikov&sort=date%00x"), 400, "NUL");
  expect(get("/api/search?q=x&sort=sideways"), 400, "sort");
  char huge[6000] = "/api/search?q=";
  memset(huge + 14, 'a', 5000);
  huge[5014] = '\0';
  expect(get(huge), 400, "longer");
  expect(call(base, "DELETE", "/api/search?q=x", NULL, NULL, 0), 405, NULL);
  expect(get("/api/nothing"), 404, "no such endpoint");
}

static void documents_and_posting(void **state) {
  (void)state;
  reply r = get("/api/search?q=kalashnikov&limit=1");
  json_t *j = json_of(&r);
  json_t *hit = json_array_get(json_object_get(j, "hits"), 0);
  const char *doc = json_string_value(json_object_get(hit, "doc"));
  json_int_t idx = json_integer_value(json_object_get(hit, "index"));
  char path[128];
  snprintf(path, sizeof path, "/api/documents/%s", doc);
  json_decref(j);
  free(r.body);
  /* the hit's index is its statement in the document: /d/{doc}#s{index} */
  r = get(path);
  assert_int_equal(r.status, 200);
  j = json_of(&r);
  const char *said = json_string_value(json_object_get(json_array_get(json_object_get(j, "statements"), (size_t)idx), "text"));
  assert_non_null(said);
  assert_non_null(strstr(said, "Kalashnikov"));
  json_decref(j);
  free(r.body);
  /* the hit's permalink, followed: the same statement */
  char cite[256];
  snprintf(cite, sizeof cite, "%s/statements/%d", path, (int)idx);
  r = get(cite);
  assert_int_equal(r.status, 200);
  j = json_of(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "index")), idx);
  assert_non_null(strstr(json_string_value(json_object_get(j, "text")), "Kalashnikov"));
  json_decref(j);
  free(r.body);
  snprintf(cite, sizeof cite, "%s/statements/100000", path);
  expect(get(cite), 404, "no statement");
  snprintf(cite, sizeof cite, "%s/statements/1?v=x", path);
  expect(get(cite), 400, "parser version");
  expect(get("/api/documents/0000000000ff"), 404, "\"status\":404");
  /* writes: no token, a wrong one, then the right one */
  const char *hostile =
      "<script>alert(1)</script> Dispatch\n\nHost: What did he say?\n\n"
      "Omar Tessel: \"<img src=x onerror=alert(2)> is not a speech,\" he said about Hamas.\n";
  expect(call(base, "POST", "/api/documents", NULL, hostile, strlen(hostile)), 401, "Bearer");
  expect(call(base, "POST", "/api/documents", "wrong-token-0123456789", hostile, strlen(hostile)), 401, NULL);
  expect(call(base, "POST", "/api/documents?format=text&name=hostile.txt", TOKEN, hostile, strlen(hostile)),
         201, "\"added\":1");
  expect(call(base, "POST", "/api/documents", TOKEN, hostile, strlen(hostile)), 200, "\"added\":0");
  expect(call(base, "POST", "/api/documents?format=nope", TOKEN, hostile, strlen(hostile)), 400, "format");
  /* language=: every posted document's language, as ingest --language */
  expect(call(base, "POST", "/api/documents?language=english", TOKEN, hostile, strlen(hostile)), 400, "ISO 639-1");
  const char *told = "Told Dispatch\n\nHost: Kestrel wharf?\n\nGuest: Kestrel wharf, kestrel wharf.\n";
  r = call(base, "POST", "/api/documents?name=told.txt&language=en-GB", TOKEN, told, strlen(told));
  j = json_of(&r);
  char told_path[128];
  snprintf(told_path, sizeof told_path, "/api/documents/%s", json_string_value(json_object_get(j, "id")));
  json_decref(j);
  free(r.body);
  expect(get(told_path), 200, "\"language\":\"en\",\"language_from\":\"option\"");
  expect(call(base, "POST", "/api/documents", TOKEN, "", 0), 400, "empty");
  expect(call(base, "POST", "/api/documents", TOKEN, "abc\0def", 7), 422, "binary");
  /* markup in a statement is data: it comes back as a JSON string */
  r = get("/api/search?q=onerror");
  j = json_of(&r);
  const char *text = json_string_value(json_object_get(json_array_get(json_object_get(j, "hits"), 0), "text"));
  assert_non_null(text);
  assert_non_null(strstr(text, "<img src=x onerror=alert(2)>"));
  json_decref(j);
  free(r.body);
  /* a body past the limit is refused whole */
  size_t big = ((size_t)32 << 20) + 1;
  char *b = malloc(big);
  memset(b, 'a', big);
  expect(call(base, "POST", "/api/documents", TOKEN, b, big), 413, "larger");
  free(b);
}

/* The "total" of a search that must answer 200 (a refusal's JSON has
 * none, and would read as 0). */
static json_int_t total_on(const char *b, const char *path) {
  reply r = call(b, NULL, path, NULL, NULL, 0);
  if (r.status != 200) fail_msg("%s: status %ld, wanted 200: %.300s", path, r.status, r.body);
  json_t *j = json_of(&r);
  json_t *t = json_object_get(j, "total");
  if (!json_is_integer(t)) fail_msg("%s: no total in %.300s", path, r.body);
  json_int_t n = json_integer_value(t);
  json_decref(j);
  free(r.body);
  return n;
}

static json_int_t total_of(const char *path) { return total_on(base, path); }

/* The archive holds English alone, so query words are sought by their
 * stems only; a document posted in no language (its words indexed as
 * written) is found by the server's next search, whichever connection
 * stored it. */
static void posted_document_found_at_once(void **state) {
  (void)state;
  assert_int_equal(total_of("/api/search?q=quetzalcoatl"), 0);
  const char *doc = "Quetzalcoatl Vortex\n\nQuetzalcoatl, vortex, quetzalcoatl.\n";
  expect(call(base, "POST", "/api/documents?name=q1.txt", TOKEN, doc, strlen(doc)), 201, "\"added\":1");
  assert_true(total_of("/api/search?q=quetzalcoatl") >= 1);
  assert_true(total_of("/api/search?q=vortex") >= 1);
}

/* Cached answers last only while the archive is unchanged, whoever
 * changes it: this server or another process. */
static void search_cache_follows_the_archive(void **state) {
  (void)state;
  json_int_t before = total_of("/api/search?q=zanzibar");
  assert_int_equal(total_of("/api/search?q=zanzibar"), before); /* from the cache */
  const char *doc = "Zanzibar Talks\n\nHost: Where?\n\nGuest: Zanzibar, again and again.\n";
  expect(call(base, "POST", "/api/documents?name=z1.txt", TOKEN, doc, strlen(doc)), 201, NULL);
  assert_int_equal(total_of("/api/search?q=zanzibar"), before + 1);
  /* another process writes */
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  const char *doc2 = "Zanzibar Again\n\nHost: And now?\n\nGuest: Zanzibar once more.\n";
  vb_doc *d;
  int added;
  assert_int_equal(vb_doc_parse(doc2, strlen(doc2), "z2.txt", NULL, &d, &err), 0);
  assert_int_equal(vb_store_put(st, d, &added, &err), 0);
  vb_doc_free(d);
  vb_store_close(st);
  assert_int_equal(total_of("/api/search?q=zanzibar"), before + 2);
  reply m = get("/metrics");
  assert_non_null(strstr(m.body, "verbatim_search_cache_total{result=\"hit\"}"));
  free(m.body);
}

static void speakers_entities_views(void **state) {
  (void)state;
  expect(get("/api/speakers"), 200, "Ali Baraka");
  expect(get("/api/speakers/ali%20baraka"), 200, "\"statements\"");
  expect(get("/api/speakers/nobody"), 404, NULL);
  expect(get("/api/entities?type=org&limit=5"), 200, "Hamas");
  expect(get("/api/entities?type=sideways"), 400, NULL);
  expect(get("/api/entities/hezbollah"), 200, "\"co_mentioned\"");
  expect(get("/api/entities/zzzz%20nobody"), 404, NULL);
  reply r = get("/api/timeline?q=hamas&interval=week&by=speaker");
  json_t *j = json_of(&r);
  json_t *b0 = json_array_get(json_object_get(j, "buckets"), 0);
  assert_string_equal(json_string_value(json_object_get(b0, "period")), "2023-10-02");
  assert_true(json_integer_value(json_object_get(b0, "count")) > 0);
  json_decref(j);
  free(r.body);
  expect(get("/api/timeline?q=hamas&interval=decade"), 400, "interval");
  /* per year: a period of four digits */
  expect(get("/api/timeline?q=hamas&interval=year"), 200, "\"interval\":\"year\",\"buckets\":[{\"period\":\"2023\"");
  expect(get("/api/timeline"), 400, "missing");
  r = get("/api/network?q=hamas&nodes=10");
  j = json_of(&r);
  assert_true(json_array_size(json_object_get(j, "nodes")) > 2);
  assert_true(json_array_size(json_object_get(j, "edges")) > 0);
  json_decref(j);
  free(r.body);
  expect(get("/api/network?q=hamas&nodes=0"), 400, NULL);
}

static json_t *get_json(const char *path) {
  reply r = get(path);
  assert_int_equal(r.status, 200);
  json_t *j = json_of(&r);
  free(r.body);
  return j;
}

/* The speakers' list in pages, in the whole list's order, hosts left out
 * on asking: the home page takes ten, not the whole list (365 KB on the
 * UN archive). */
static void speakers_in_pages(void **state) {
  (void)state;
  json_t *all = get_json("/api/speakers"), *named = get_json("/api/speakers?hosts=no");
  size_t n = json_array_size(all), i;
  assert_true(n >= 4);
  json_t *x;
  size_t hosts = 0;
  json_array_foreach(all, i, x) hosts += json_is_true(json_object_get(x, "host"));
  assert_true(hosts > 0);
  assert_int_equal(json_array_size(named), n - hosts);
  json_array_foreach(named, i, x) assert_false(json_is_true(json_object_get(x, "host")));
  for (size_t off = 0; off < n; off += 3) {
    char path[80];
    snprintf(path, sizeof path, "/api/speakers?limit=3&offset=%zu", off);
    json_t *page = get_json(path);
    assert_int_equal(json_array_size(page), n - off < 3 ? n - off : 3);
    json_array_foreach(page, i, x) assert_true(json_equal(x, json_array_get(all, off + i)));
    json_decref(page);
  }
  json_t *past = get_json("/api/speakers?limit=5&offset=100000");
  assert_int_equal(json_array_size(past), 0);
  json_decref(past);
  json_decref(all);
  json_decref(named);
  expect(get("/api/speakers?limit=0"), 400, "limit");
  expect(get("/api/speakers?offset=-1"), 400, "offset");
  expect(get("/api/speakers?hosts=maybe"), 400, "hosts");
}

/* A label that names no one ("Question:", a transcription service's "New
 * Speaker:") is listed, marked as such, and left out on asking: the home
 * page's "most quoted" is people (it showed "New Speaker" with 199
 * statements, a debate transcript's placeholder). */
static void anonymous_speakers_apart(void **state) {
  (void)state;
  static const char qa[] = "Harbour talks\n\nOmar Tessel: We will wait for the ships.\n\n"
                           "Question: How long will you wait?\n\nOmar Tessel: A week at most.\n";
  expect(call(base, "POST", "/api/documents?name=qa.txt", TOKEN, qa, strlen(qa)), 201, NULL);
  json_t *every = get_json("/api/speakers"), *people = get_json("/api/speakers?anonymous=no"), *x;
  size_t anon = 0, i, question = 0;
  json_array_foreach(every, i, x) {
    int a = json_is_true(json_object_get(x, "anonymous"));
    anon += a;
    if (!strcmp(json_string_value(json_object_get(x, "name")), "Question")) question += a;
  }
  assert_true(question > 0);
  assert_int_equal(json_array_size(people), json_array_size(every) - anon);
  json_array_foreach(people, i, x) assert_false(json_is_true(json_object_get(x, "anonymous")));
  json_decref(every);
  json_decref(people);
  expect(get("/api/speakers?anonymous=maybe"), 400, "anonymous");
}

/* The overview, made from the documents table, says what the statements
 * say: /health's counts, the timeline of every dated statement, the newest
 * dated document of a search by date. */
static void overview_agrees(void **state) {
  (void)state;
  json_t *o = get_json("/api/overview?latest=2"), *h = get_json("/health");
  json_t *t = get_json("/api/timeline?q=after%3A1000&interval=month");
  json_t *s = get_json("/api/search?q=after%3A1000&sort=date&docs=1&limit=1");
  assert_int_equal(json_integer_value(json_object_get(o, "documents")),
                   json_integer_value(json_object_get(h, "documents")));
  assert_int_equal(json_integer_value(json_object_get(o, "statements")),
                   json_integer_value(json_object_get(h, "statements")));
  json_t *sp = get_json("/api/speakers");
  assert_int_equal(json_integer_value(json_object_get(o, "speakers")), json_array_size(sp));
  json_decref(sp);
  json_t *months = json_object_get(o, "months"), *buckets = json_object_get(t, "buckets");
  /* the timeline draws the empty months between; the overview lists those with documents */
  size_t k = 0, i;
  json_t *b;
  json_int_t dated = 0;
  json_array_foreach(buckets, i, b) {
    json_int_t n = json_integer_value(json_object_get(b, "count"));
    dated += n;
    if (!n) continue;
    json_t *m = json_array_get(months, k++);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_object_get(m, "period")),
                        json_string_value(json_object_get(b, "period")));
    assert_int_equal(json_integer_value(json_object_get(m, "count")), n);
  }
  assert_true(dated > 0);
  assert_int_equal(k, json_array_size(months));
  assert_int_equal(json_integer_value(json_object_get(o, "dated")), dated);
  json_t *latest = json_object_get(o, "latest");
  assert_true(json_array_size(latest) >= 1 && json_array_size(latest) <= 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(latest, 0), "doc")),
                      json_string_value(json_object_get(json_array_get(json_object_get(s, "hits"), 0), "doc")));
  json_decref(o);
  json_decref(h);
  json_decref(t);
  json_decref(s);
  expect(get("/api/overview?latest=51"), 400, "latest");
}

/* GET /api/statements/{DOC:N}/family: the seed's heading is the same
 * words as a sentence of the transcript below it; asked of either, the
 * family is the same, first said where the page says it first. */
static long long metric_as(const char *b, const char *token, const char *name);
static long long metric_on(const char *b, const char *name);

static void statement_family(void **state) {
  (void)state;
  reply r = get("/api/search?q=%22free%20our%20sons%20from%20prisons%22&limit=10");
  json_t *hits = json_of(&r);
  free(r.body);
  size_t nh = json_array_size(json_object_get(hits, "hits"));
  assert_true(nh >= 2);
  json_int_t first = -1;
  char again[160] = "";
  for (size_t i = 0; i < nh; i++) {
    json_t *h = json_array_get(json_object_get(hits, "hits"), i);
    char path[160];
    snprintf(path, sizeof path, "/api/statements/%.12s:%lld/family",
             json_string_value(json_object_get(h, "doc")), (long long)json_integer_value(json_object_get(h, "index")));
    r = get(path);
    assert_int_equal(r.status, 200);
    json_t *f = json_of(&r);
    free(r.body);
    if (!i) snprintf(again, sizeof again, "%s", path);
    json_t *fs = json_object_get(f, "first_said");
    json_int_t idx = json_integer_value(json_object_get(fs, "index"));
    if (first < 0) first = idx;
    assert_int_equal(idx, first);
    assert_int_equal(json_array_size(json_object_get(f, "members")), nh);
    assert_string_equal(json_string_value(json_object_get(fs, "speaker")), "Ali Baraka");
    json_decref(f);
  }
  /* the earliest place in the page: the smallest index */
  for (size_t i = 0; i < nh; i++)
    assert_true(json_integer_value(json_object_get(json_array_get(json_object_get(hits, "hits"), i), "index")) >= first);
  json_decref(hits);
  /* asked again while the archive is unchanged: from the cache (a family
   * look-up reads the full-text index for hundreds of candidates) */
  long long cached_before = metric_on(base, "verbatim_search_cache_total{result=\"hit\"} ");
  reply a1 = get(again), a2 = get(again);
  assert_int_equal(a1.status, 200);
  assert_string_equal(a1.body, a2.body);
  assert_true(metric_on(base, "verbatim_search_cache_total{result=\"hit\"} ") >= cached_before + 1);
  free(a1.body);
  free(a2.body);
  expect(get("/api/statements/nonsense/family"), 400, "DOC:N");
  expect(get("/api/statements/10850:99999/family"), 404, "no statement");
  expect(get("/api/statements/10850:3"), 404, "family");
}

static int count_children(xmlNode *n, const char *name) {
  int k = 0;
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, (const xmlChar *)name)) k++;
  return k;
}

/* A watch over the API fires on a posted document; its Atom feed is
 * well-formed XML with the elements Atom requires. */
static void watches_and_feed(void **state) {
  (void)state;
  const char *w = "{\"name\":\"tessel\",\"query\":\"speaker:tessel OR mentions:hamas\"}";
  expect(call(base, "POST", "/api/watches", NULL, w, strlen(w)), 401, NULL);
  expect(call(base, "POST", "/api/watches", TOKEN, w, strlen(w)), 201, "\"added\":true");
  expect(call(base, "POST", "/api/watches", TOKEN, w, strlen(w)), 400, "exists");
  const char *badq = "{\"name\":\"broken\",\"query\":\"(x\"}";
  expect(call(base, "POST", "/api/watches", TOKEN, badq, strlen(badq)), 400, NULL);
  expect(get("/api/watches"), 401, "token"); /* an analyst's queries are theirs */
  expect(call(base, NULL, "/api/watches", TOKEN, NULL, 0), 200, "\"tessel\"");
  const char *doc = "Feed Test\n\nHost: And Hamas?\n\nOmar Tessel: Hamas & <friends> said \"no\".\n";
  expect(call(base, "POST", "/api/documents?name=feed.txt", TOKEN, doc, strlen(doc)), 201, NULL);
  expect(get("/api/alerts?watch=tessel"), 200, "Omar Tessel");
  reply r = get("/feeds/tessel.atom");
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.type, "application/atom+xml"));
  xmlDoc *x = xmlReadMemory(r.body, (int)r.len, "feed.atom", NULL, XML_PARSE_NONET);
  if (!x) fail_msg("not XML: %.300s", r.body);
  xmlNode *root = xmlDocGetRootElement(x);
  assert_string_equal((const char *)root->name, "feed");
  assert_non_null(root->ns);
  assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2005/Atom");
  assert_int_equal(count_children(root, "id"), 1);
  assert_int_equal(count_children(root, "title"), 1);
  assert_int_equal(count_children(root, "updated"), 1);
  int entries = count_children(root, "entry");
  assert_true(entries >= 1);
  for (xmlNode *e = root->children; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE || xmlStrcmp(e->name, (const xmlChar *)"entry")) continue;
    assert_int_equal(count_children(e, "id"), 1);
    assert_int_equal(count_children(e, "title"), 1);
    assert_int_equal(count_children(e, "updated"), 1);
    assert_int_equal(count_children(e, "link"), 1);
  }
  xmlFreeDoc(x);
  assert_non_null(strstr(r.body, "Hamas &amp; &lt;friends&gt;"));
  free(r.body);
  expect(get("/feeds/nobody.atom"), 404, NULL);
  expect(get("/feeds/tessel.rss"), 404, NULL);
  expect(call(base, "DELETE", "/api/watches/tessel", TOKEN, NULL, 0), 200, "removed");
  expect(call(base, "DELETE", "/api/watches/tessel", TOKEN, NULL, 0), 404, NULL);
}

/* A Server-Sent Events client on its own thread: reads until it has seen
 * `until` (then hangs up) or its time runs out. */
typedef struct sse {
  const char *path, *last_id, *until;
  long timeout_ms;
  pthread_mutex_t mu;
  char buf[65536];
  size_t len;
  long status;
} sse;

static size_t on_sse(char *p, size_t sz, size_t n, void *ctx) {
  sse *s = ctx;
  pthread_mutex_lock(&s->mu);
  size_t k = sz * n < sizeof s->buf - 1 - s->len ? sz * n : sizeof s->buf - 1 - s->len;
  memcpy(s->buf + s->len, p, k);
  s->len += k;
  s->buf[s->len] = '\0';
  int done = s->until && strstr(s->buf, s->until);
  pthread_mutex_unlock(&s->mu);
  return done ? 0 : sz * n;
}

static void *sse_run(void *arg) {
  sse *s = arg;
  CURL *c = curl_easy_init();
  char url[512];
  snprintf(url, sizeof url, "%s%s", base, s->path);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_sse);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, s->timeout_ms);
  struct curl_slist *h = NULL;
  char hdr[64];
  if (s->last_id) {
    snprintf(hdr, sizeof hdr, "Last-Event-ID: %s", s->last_id);
    h = curl_slist_append(h, hdr);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  }
  curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &s->status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return NULL;
}

static int sse_has(sse *s, const char *what) {
  pthread_mutex_lock(&s->mu);
  int yes = strstr(s->buf, what) != NULL;
  pthread_mutex_unlock(&s->mu);
  return yes;
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A stream open before a document arrives gets its alert pushed, with why
 * it fired: before the first keep-alive comment (the server's own 15 s
 * clock), not by a wall-clock bound of the test's, which a busy machine
 * breaks; reconnecting with Last-Event-ID replays what came after that id
 * and nothing before. The clients' timeouts only guard against a hang. */
static void alert_stream(void **state) {
  (void)state;
  const char *w = "{\"name\":\"streamed\",\"query\":\"zanzibarite\",\"sink\":\"file:" SINK "\"}";
  unlink(SINK);
  expect(call(base, "POST", "/api/watches", TOKEN, w, strlen(w)), 201, NULL);
  static sse live = {.path = "/api/alerts/stream?watch=streamed", .until = "zanzibarite", .timeout_ms = 120000};
  pthread_mutex_init(&live.mu, NULL);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, sse_run, &live), 0);
  for (int i = 0; i < 6000 && !sse_has(&live, "verbatim alerts"); i++) usleep(10000);
  assert_true(sse_has(&live, "verbatim alerts")); /* connected, headers out */
  const char *doc = "Stream Test\n\nOmar Tessel: The zanzibarite question is back.\n";
  expect(call(base, "POST", "/api/documents?name=stream.txt", TOKEN, doc, strlen(doc)), 201, NULL);
  double t0 = seconds();
  pthread_join(t, NULL);
  double waited = seconds() - t0;
  assert_int_equal(live.status, 200);
  if (!strstr(live.buf, "event: alert\n")) fail_msg("no alert event in: %s", live.buf);
  assert_non_null(strstr(live.buf, "\"matched\""));
  assert_non_null(strstr(live.buf, "\"watch\":\"streamed\""));
  print_message("# the alert arrived %.2f s after the document was posted\n", waited);
  if (strstr(live.buf, ": keep-alive") &&
      strstr(live.buf, ": keep-alive") < strstr(live.buf, "event: alert\n"))
    fail_msg("the alert waited for a keep-alive (%.2f s): %s", waited, live.buf);
  /* and the server delivered it to the watch's sink, once */
  char *got = NULL;
  size_t glen = 0;
  vb_err err;
  for (int i = 0; i < 6000 && (!got || !strstr(got, "zanzibarite")); i++) {
    free(got);
    got = NULL;
    usleep(10000);
    char *raw;
    if (vb_file_read(SINK, &raw, &glen, &err)) continue;
    got = strndup(raw, glen); /* the file's bytes, as a string */
    free(raw);
  }
  if (!got || !strstr(got, "zanzibarite")) fail_msg("the file sink got: %s", got ? got : "(nothing)");
  size_t lines = 0;
  for (const char *c = got; *c; c++) lines += *c == '\n';
  if (lines != 1) fail_msg("%zu lines in the sink:\n%s", lines, got); /* one alert, one line */
  assert_non_null(strstr(got, "\"matched\""));
  free(got);
  const char *idl = strstr(live.buf, "id: ");
  assert_non_null(idl);
  long long id = strtoll(idl + 4, NULL, 10);
  assert_true(id > 0);
  /* replay from just before it: at once */
  char before[32], at[32];
  snprintf(before, sizeof before, "%lld", id - 1);
  snprintf(at, sizeof at, "%lld", id);
  static sse again = {.path = "/api/alerts/stream", .until = "zanzibarite", .timeout_ms = 60000};
  again.last_id = before;
  pthread_mutex_init(&again.mu, NULL);
  assert_int_equal(pthread_create(&t, NULL, sse_run, &again), 0);
  pthread_join(t, NULL);
  assert_non_null(strstr(again.buf, "zanzibarite"));
  /* from that id on: nothing yet (the stream is cut by the client's clock) */
  static sse quiet = {.path = "/api/alerts/stream", .until = NULL, .timeout_ms = 1200};
  quiet.last_id = at;
  pthread_mutex_init(&quiet.mu, NULL);
  assert_int_equal(pthread_create(&t, NULL, sse_run, &quiet), 0);
  pthread_join(t, NULL);
  assert_non_null(strstr(quiet.buf, "verbatim alerts"));
  assert_null(strstr(quiet.buf, "event: alert"));
  expect(get("/api/alerts/stream?after=soon"), 400, "alert id");
  expect(get("/api/alerts/stream?after=%2B5"), 400, "alert id");
  expect(call(pbase, NULL, "/api/alerts/stream", NULL, NULL, 0), 401, NULL);
  expect(call(base, "DELETE", "/api/watches/streamed", TOKEN, NULL, 0), 200, NULL);
}

/* A webhook's URL is often its secret (a path or a key in the query):
 * no answer carries more of it than its scheme and host, not the list of
 * watches (which needs the token), not /api/alerts, not the stream. The
 * hook here refuses connections, so the server's delivery fails fast. */
static void sinks_never_leave_the_server(void **state) {
  (void)state;
  const char *w = "{\"name\":\"hooked\",\"query\":\"quillwort\","
                  "\"sink\":\"webhook:http://agent:pw@127.0.0.1:9/hooks/T0/SECRET-PATH?key=SECRET-KEY\"}";
  expect(call(base, "POST", "/api/watches", TOKEN, w, strlen(w)), 201, NULL);
  static sse live = {.path = "/api/alerts/stream?watch=hooked", .until = "quillwort", .timeout_ms = 15000};
  pthread_mutex_init(&live.mu, NULL);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, sse_run, &live), 0);
  for (int i = 0; i < 500 && !sse_has(&live, "verbatim alerts"); i++) usleep(10000);
  assert_true(sse_has(&live, "verbatim alerts"));
  const char *doc = "Hook Test\n\nOmar Tessel: The quillwort shipment left.\n";
  expect(call(base, "POST", "/api/documents?name=hook.txt", TOKEN, doc, strlen(doc)), 201, NULL);
  pthread_join(t, NULL);
  if (!strstr(live.buf, "quillwort")) fail_msg("no alert in the stream: %s", live.buf);
  static const char shown[] = "\"sink\":\"webhook:http://127.0.0.1:9/***\"";
  if (!strstr(live.buf, shown) || strstr(live.buf, "SECRET") || strstr(live.buf, "agent:pw"))
    fail_msg("the stream: %s", live.buf);
  reply r = get("/api/alerts?watch=hooked");
  assert_int_equal(r.status, 200);
  if (!strstr(r.body, shown) || strstr(r.body, "SECRET") || strstr(r.body, "agent:pw")) fail_msg("alerts: %s", r.body);
  free(r.body);
  r = call(base, NULL, "/api/watches", TOKEN, NULL, 0);
  assert_int_equal(r.status, 200);
  if (!strstr(r.body, shown) || strstr(r.body, "SECRET") || strstr(r.body, "agent:pw")) fail_msg("watches: %s", r.body);
  free(r.body);
  expect(get("/api/watches"), 401, NULL);
  expect(call(base, "DELETE", "/api/watches/hooked", TOKEN, NULL, 0), 200, NULL);
}

/* A private server answers nothing without the token but that it is
 * alive: not the archive's counts, not its traffic, not the UI. */
static void private_server(void **state) {
  (void)state;
  expect(call(pbase, NULL, "/api/search?q=hamas", NULL, NULL, 0), 401, "private");
  expect(call(pbase, NULL, "/api/search?q=hamas", TOKEN, NULL, 0), 200, "\"total\"");
  reply r = call(pbase, NULL, "/health", NULL, NULL, 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(r.body, "{\"status\":\"ok\"}");
  free(r.body);
  expect(call(pbase, NULL, "/health", TOKEN, NULL, 0), 200, "\"documents\":");
  static const char *const closed[] = {"/metrics", "/", "/d/abc", "/static/app.js", "/feeds/tessel.atom",
                                       "/api/watches", "/api/speakers", "/api/alerts/stream", "/no/such/page"};
  for (size_t i = 0; i < sizeof closed / sizeof *closed; i++) {
    r = call(pbase, NULL, closed[i], NULL, NULL, 0);
    if (r.status != 401) fail_msg("%s without the token: %ld", closed[i], r.status);
    if (strstr(r.body, "verbatim_") || strstr(r.body, "<html")) fail_msg("%s: %.200s", closed[i], r.body);
    free(r.body);
  }
  expect(call(pbase, NULL, "/metrics", TOKEN, NULL, 0), 200, "verbatim_documents");
  expect(call(pbase, NULL, "/static/app.js", TOKEN, NULL, 0), 200, NULL);
}

/* "Bearer" is a scheme name, any case (RFC 7235), with any run of spaces
 * before the token. */
static void bearer_in_any_case(void **state) {
  (void)state;
  static const char *const forms[] = {"Bearer " TOKEN, "bearer " TOKEN, "BEARER " TOKEN, "Bearer   " TOKEN,
                                      "bEaReR\t" TOKEN};
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    reply r = call_with(pbase, "/api/speakers", forms[i]);
    if (r.status != 200) fail_msg("Authorization: %s: %ld", forms[i], r.status);
    free(r.body);
  }
  static const char *const wrong[] = {"Bearer", "Bearer" TOKEN, "Basic " TOKEN, "Bearer x" TOKEN};
  for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
    reply r = call_with(pbase, "/api/speakers", wrong[i]);
    if (r.status != 401) fail_msg("Authorization: %s: %ld", wrong[i], r.status);
    free(r.body);
  }
}

/* A token file's line is one token, however long (up to 4,096 bytes):
 * a 600-byte token is not read as two, and a line past the bound, or a
 * 65th token, is refused with the file and the place. */
static void long_tokens_read_whole(void **state) {
  (void)state;
  const char *path = "build/test-http-long.tokens";
  char token[601];
  for (int i = 0; i < 600; i++) token[i] = (char)('a' + i % 26);
  token[600] = '\0';
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "%s\n", token);
  fclose(f);
  vb_server *s;
  vb_err err;
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .token_file = path, .threads = 1, .priv = 1};
  assert_int_equal(vb_server_start(&o, &s, &err), 0);
  char b[64], auth[700];
  snprintf(b, sizeof b, "http://127.0.0.1:%d", vb_server_port(s));
  snprintf(auth, sizeof auth, "Bearer %s", token);
  reply r = call_with(b, "/api/speakers", auth);
  assert_int_equal(r.status, 200);
  free(r.body);
  /* the parts a 512-byte line buffer would have made of it */
  snprintf(auth, sizeof auth, "Bearer %.511s", token);
  r = call_with(b, "/api/speakers", auth);
  assert_int_equal(r.status, 401);
  free(r.body);
  snprintf(auth, sizeof auth, "Bearer %s", token + 511);
  r = call_with(b, "/api/speakers", auth);
  assert_int_equal(r.status, 401);
  free(r.body);
  vb_server_stop(s);
  /* past the bound */
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("# a comment\n", f);
  for (int i = 0; i < 5000; i++) fputc('x', f);
  fputc('\n', f);
  fclose(f);
  assert_int_equal(vb_server_start(&o, &s, &err), VB_ELIMIT);
  assert_string_equal(err.file, path);
  assert_int_equal(err.offset, 12);
  assert_non_null(strstr(err.msg, "5000 bytes"));
  /* one token too many */
  f = fopen(path, "w");
  assert_non_null(f);
  for (int i = 0; i < 65; i++) fprintf(f, "token-%02d-0123456789abcdef\n", i);
  fclose(f);
  assert_int_equal(vb_server_start(&o, &s, &err), VB_ELIMIT);
  assert_non_null(strstr(err.msg, "more than 64"));
}

/* Every answer says what it cost the server's CPU, in milliseconds, and
 * on SQLite the archive's pages it read, which no load changes
 * (Server-Timing: the browser test reads it beside its own times): a
 * search read many, the same answer from the cache at most one (the
 * archive's version, looked up). */
static void server_timing(void **state) {
  (void)state;
  const char *paths[] = {"/api/search?q=putin+timing&facets=speaker,entity", "/api/search?q=putin+timing&facets=speaker,entity",
                         "/api/entities?limit=3", "/health", "/", "/api/nothere"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
    reply r = get(paths[i]);
    char *end = NULL;
    double ms = strncmp(r.timing, "cpu;dur=", 8) ? -1 : strtod(r.timing + 8, &end);
    if (ms < 0 || ms > 60000 || !end) fail_msg("%s: Server-Timing \"%s\"", paths[i], r.timing);
    long long pages = -1;
    if (!test_on_postgres() && (sscanf(end, ", pages;desc=%lld", &pages) != 1 || pages < 0))
      fail_msg("%s: Server-Timing \"%s\": no pages", paths[i], r.timing);
    /* PostgreSQL does not count them: an answer that read its archive says
     * none, one that did not (a static file) its 0 */
    if (test_on_postgres() && *end && (sscanf(end, ", pages;desc=%lld", &pages) != 1 || pages != 0))
      fail_msg("%s: Server-Timing \"%s\": pages not counted there", paths[i], r.timing);
    if (test_on_postgres()) {
      free(r.body);
      continue;
    }
    if (i == 0 && pages < 5) fail_msg("%s: a search read no pages: \"%s\"", paths[i], r.timing);
    if (i == 1 && pages > 1) fail_msg("%s: a cached answer read pages: \"%s\"", paths[i], r.timing);
    free(r.body);
  }
}

static void static_files(void **state) {
  (void)state;
  reply r = get("/");
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.type, "text/html"));
  assert_non_null(strstr(r.body, "/static/app.js"));
  free(r.body);
  expect(get("/d/abc"), 200, "<html");
  expect(get("/static/app.js"), 200, "textContent");
  expect(get("/static/../Makefile"), 404, NULL);
  expect(get("/static/%2e%2e/Makefile"), 404, NULL);
  expect(get("/static/.hidden"), 404, NULL);
  expect(get("/static/nothere.js"), 404, NULL);
  expect(get("/no/such/page"), 404, NULL);
  expect(call(base, "POST", "/", NULL, "x", 1), 405, NULL);
  expect(get("/s/Ali%20Baraka"), 200, "<html"); /* speaker pages route themselves */
  expect(get("/static/favicon.svg"), 200, "<svg");
}

/* Whether an entity answer lists the spelling; frees the reply. */
static int spelled(reply *r, const char *spelling) {
  json_t *j = json_of(r), *a;
  size_t i;
  int found = 0;
  json_array_foreach(json_object_get(j, "aliases"), i, a) found |= !strcmp(json_string_value(a), spelling);
  json_decref(j);
  free(r->body);
  return found;
}

/* The server's count of answers from its cache, from /metrics. */
static long cache_hits(void) {
  reply m = get("/metrics");
  const char *hit = strstr(m.body, "verbatim_search_cache_total{result=\"hit\"} ");
  assert_non_null(hit);
  long n = strtol(hit + strlen("verbatim_search_cache_total{result=\"hit\"} "), NULL, 10);
  free(m.body);
  return n;
}

/* An analyst's corrections over the API, with the token, as the entity
 * page makes them; last, since they change the archive. */
static void entity_corrections(void **state) {
  (void)state;
  const char *merge = "{\"op\":\"merge\",\"args\":[\"Gaza\"]}";
  expect(call(base, "POST", "/api/entities/palestine/corrections", NULL, merge, strlen(merge)), 401, NULL);
  expect(call(base, "GET", "/api/entities/palestine/corrections", NULL, NULL, 0), 405, NULL);
  const char *bad = "{\"op\":\"explode\",\"args\":[\"Gaza\"]}";
  expect(call(base, "POST", "/api/entities/palestine/corrections", TOKEN, bad, strlen(bad)), 400, "merge|split");
  expect(call(base, "POST", "/api/entities/palestine/corrections", TOKEN, "[", 1), 400, NULL);
  const char *none = "{\"op\":\"merge\",\"args\":[]}";
  expect(call(base, "POST", "/api/entities/palestine/corrections", TOKEN, none, strlen(none)), 400, NULL);
  /* the entity, asked twice: the second answer comes from the cache */
  for (int i = 0; i < 2; i++) {
    reply e = get("/api/entities/palestine");
    assert_int_equal(e.status, 200);
    assert_false(spelled(&e, "Gaza"));
  }
  /* one more is a hit. The archive's version may move under the server
   * on its own (on PostgreSQL it is the snapshot's xmax, which any
   * transaction id the cluster hands out moves, a background analyse's
   * too; failed once in four runs at load), and then the next answer is
   * read afresh and cached again: so up to three tries, one a hit */
  long hits = cache_hits(), now = hits;
  for (int i = 0; i < 3 && now == hits; i++) {
    reply e3 = get("/api/entities/palestine");
    free(e3.body);
    now = cache_hits();
  }
  assert_int_equal(now, hits + 1);
  json_int_t was = total_of("/api/search?q=mentions:palestine&limit=1");
  expect(call(base, "POST", "/api/entities/palestine/corrections", TOKEN, merge, strlen(merge)), 200, "\"done\":true");
  reply e4 = get("/api/entities/palestine");
  assert_true(spelled(&e4, "Gaza")); /* not the answer cached before */
  /* the answers cached before the correction are not served after it */
  json_int_t now_total = total_of("/api/search?q=mentions:palestine&limit=1");
  if (now_total <= was) fail_msg("mentions:palestine: %lld statements after the merge, %lld before",
                                 (long long)now_total, (long long)was);
  const char *reject = "{\"op\":\"reject\",\"args\":[\"Zorblat\"]}";
  expect(call(base, "POST", "/api/entities/palestine/corrections", TOKEN, reject, strlen(reject)), 200, "\"reject\"");
}

/* Documents a correction listed whose kept parse is not made again yet. */
static long long records_listed(void) {
  vb_store *st;
  vb_err err;
  if (vb_store_open(DB, 0, &st, &err)) fail_msg("%s", err.msg);
  int64_t n = -1;
  if (vs_sql_int((vs_db){st->ops->sql, st->impl}, "SELECT count(*) FROM record_fixes WHERE doc_id <> 0", &n, &err))
    fail_msg("%s", err.msg);
  vb_store_close(st);
  return (long long)n;
}

/* Records remade so far by both servers of this process: they serve one
 * archive, and each looks for records to remake every few seconds (a
 * correction made by another process), so either may remake those a
 * correction sent to the other listed (the private one did, once in six
 * runs at load: the public one's count stayed 0 with none listed). */
static long long remade_by_either(void) {
  const char *name = "\nverbatim_records_remade_total ";
  long long v = metric_as(pbase, TOKEN, name);
  long long here = metric_on(base, name);
  return v < 0 || here < 0 ? -1 : v + here;
}

/* The corrections above answered without remaking the kept parses
 * (records) of the documents they changed, each a parse: the server
 * remakes them in the background right after, and none is left listed.
 * The remake runs at the costly threads' priority, which a loaded
 * machine (or a suite run niced) starves: the test waits for the state,
 * not for a time, up to a bound only a server that never remakes them
 * reaches (failed at 20 s in a train under load). */
static void records_remade_after_corrections(void **state) {
  (void)state;
  long long remade = remade_by_either();
  double t0 = seconds();
  while ((remade < 1 || records_listed() > 0) && seconds() - t0 < 600) {
    usleep(50000);
    remade = remade_by_either();
  }
  if (remade < 1)
    fail_msg("no record remade after the corrections in %.0f s (%lld listed, %lld tries failed)", seconds() - t0,
             records_listed(), metric_on(base, "\nverbatim_records_remake_failures_total "));
  assert_int_equal(records_listed(), 0);
}

/* After the corrections above, the server loads each connection's caches
 * again in the background, as at start: a correction drops a
 * connection's entities of every statement (src/store/cols.c), and on an
 * archive of a million statements the searches with the entity facet read
 * every sampled match's mentions instead for as long as the server ran.
 * Waits for the state, as the remake's test does, and no longer than a
 * server that never does it would make it wait. */
static void connections_warmed_again_after_corrections(void **state) {
  (void)state;
  const char *name = "\nverbatim_connections_warmed_total{when=\"correction\"} ";
  double t0 = seconds();
  long long warmed = metric_on(base, name);
  while (warmed < 1 && seconds() - t0 < 600) {
    usleep(50000);
    warmed = metric_on(base, name);
  }
  if (warmed < 1) fail_msg("no connection warmed again after the corrections in %.0f s (%lld)", seconds() - t0, warmed);
  assert_true(metric_on(base, "\nverbatim_connections_warmed_total{when=\"start\"} ") >= 1);
}

/* A remake that fails (here the archive refuses every record, by a
 * trigger) is tried again after 5 s, then 10, 20 … whatever corrections
 * come meanwhile, not at each one nor every few seconds: each try parses
 * its documents again. Once the archive takes them, they are remade. The
 * tries allowed are counted from before the first correction was sent,
 * more than the time since the first failure, so that a loaded machine
 * never has more than the backoff allows. */
static void a_failing_remake_backs_off(void **state) {
  (void)state;
  static const char lite[] =
      "CREATE TRIGGER no_records BEFORE INSERT ON doc_records BEGIN SELECT RAISE(ABORT, 'no records here'); END;"
      "CREATE TRIGGER no_records_again BEFORE UPDATE ON doc_records BEGIN SELECT RAISE(ABORT, 'no records here'); END;";
  static const char post[] =
      "CREATE FUNCTION no_records() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'no records here'; END$$;"
      "CREATE TRIGGER no_records BEFORE INSERT OR UPDATE ON doc_records FOR EACH ROW EXECUTE FUNCTION no_records()";
  const char *name = "\nverbatim_records_remake_failures_total ";
  const char *path = "/api/entities/palestine/corrections";
  const char *split = "{\"op\":\"split\",\"args\":[\"Gaza\"]}", *merge = "{\"op\":\"merge\",\"args\":[\"Gaza\"]}";
  assert_int_equal(test_exec(DB, lite, post), 0);
  long long before = metric_on(base, name);
  double t0 = seconds();
  expect(call(base, "POST", path, TOKEN, split, strlen(split)), 200, "\"done\":true");
  while (metric_on(base, name) == before && seconds() - t0 < 20) usleep(20000);
  if (metric_on(base, name) == before) fail_msg("the remake after a correction never failed (%lld listed)", records_listed());
  if (records_listed() < 1) fail_msg("the correction listed no document");
  /* two more corrections: each asks for a remake, neither gets one early */
  expect(call(base, "POST", path, TOKEN, merge, strlen(merge)), 200, "\"done\":true");
  expect(call(base, "POST", path, TOKEN, split, strlen(split)), 200, "\"done\":true");
  usleep(1000000);
  long long failed = metric_on(base, name) - before;
  double took = seconds() - t0;
  int allowed = 1; /* the first, then one at 5 s, 15 s, 35 s … after it */
  for (double at = 5, step = 10; at <= took; at += step, step *= 2) allowed++;
  if (failed > allowed) fail_msg("%lld tries of a failing remake in %.1f s; the backoff allows %d", failed, took, allowed);
  assert_int_equal(test_exec(DB, "DROP TRIGGER no_records; DROP TRIGGER no_records_again",
                             "DROP TRIGGER no_records ON doc_records; DROP FUNCTION no_records()"),
                   0);
  /* the next try, at most 20 s after the last that failed here */
  double t1 = seconds();
  while (records_listed() > 0 && seconds() - t1 < 60) usleep(100000);
  if (records_listed() > 0) fail_msg("the records were not remade once the archive took them");
}

/* The last correction the lexicon a server uses holds (/metrics). */
static long long lexicon_holds(const char *b) {
  reply m = call(b, NULL, "/metrics", TOKEN, NULL, 0);
  const char *at = strstr(m.body, "\nverbatim_lexicon_corrections ");
  assert_non_null(at);
  long long n = strtoll(at + strlen("\nverbatim_lexicon_corrections "), NULL, 10);
  free(m.body);
  return n;
}

/* Until both servers of this process (the private one too, whose keeper
 * makes its own) hold correction `last`: then no lexicon is being made. */
static void both_hold(long long last) {
  const char *b[] = {base, pbase};
  for (int k = 0; k < 2; k++) {
    long long holds = lexicon_holds(b[k]);
    for (int i = 0; i < 600 && holds != last; i++) {
      usleep(50000);
      holds = lexicon_holds(b[k]);
    }
    assert_int_equal(holds, last);
  }
}

/* What resolves names or parses a stored document, a few times over (the
 * pool's connections, never the same answer from the cache). */
static void requests_that_need_the_lexicon(const char *doc) {
  char path[160];
  for (int i = 1; i <= 8; i++) {
    snprintf(path, sizeof path, "/api/search?q=mentions%%3Apalestine&limit=%d", i);
    expect(get(path), 200, NULL);
    snprintf(path, sizeof path, "/api/entities?q=palestine&limit=%d", i);
    expect(get(path), 200, NULL);
    snprintf(path, sizeof path, "/api/documents/%s?limit=%d", doc, i);
    expect(get(path), 200, NULL);
  }
  expect(get("/api/entities/palestine"), 200, NULL);
}

/* Making the lexicon with an archive's corrections takes seconds on a
 * large archive (the built-in names, every translation): no request makes
 * it. A correction made here makes it before it is answered; one made by
 * another process, the server's keeper, in the background. The server
 * runs in this process, whose lexicons vb_lexicons_made counts. */
static void no_request_makes_the_lexicon(void **state) {
  (void)state;
  reply r = get("/api/search?q=mentions%3Apalestine&limit=1");
  json_t *j = json_of(&r);
  char doc[80];
  snprintf(doc, sizeof doc, "%s",
           json_string_value(json_object_get(json_array_get(json_object_get(j, "hits"), 0), "doc")));
  json_decref(j);
  free(r.body);
  const char *alias = "{\"op\":\"alias-add\",\"args\":[\"Falastin\"]}";
  expect(call(base, "POST", "/api/entities/palestine/corrections", TOKEN, alias, strlen(alias)), 200, "\"done\":true");
  both_hold(lexicon_holds(base)); /* the correction's server holds it already */
  unsigned long long made = vb_lexicons_made(NULL);
  requests_that_need_the_lexicon(doc);
  assert_int_equal(vb_lexicons_made(NULL), made);
  /* a correction made elsewhere: the keeper sees it within seconds */
  vb_store *other;
  vb_err err;
  if (vb_store_open(DB, 0, &other, &err)) fail_msg("%s", err.msg);
  const char *spelling[] = {"Filastin"};
  int64_t last = 0;
  if (vb_store_entity_fix(other, VB_FIX_ALIAS_ADD, "palestine", spelling, 1, &err) ||
      vb_store_corrections_seen(other, &last, &err))
    fail_msg("%s", err.msg);
  vb_store_close(other);
  assert_true(last > 0);
  both_hold(last);
  made = vb_lexicons_made(NULL);
  requests_that_need_the_lexicon(doc);
  assert_int_equal(vb_lexicons_made(NULL), made);
}

/* --web DIR serves that directory instead of the files compiled in, and
 * still nothing outside it. */
static void static_files_from_a_directory(void **state) {
  (void)state;
  char dir[600], file[700];
  snprintf(dir, sizeof dir, "build/test-http-web%s", test_on_postgres() ? "-pg" : "");
  mkdir(dir, 0755);
  snprintf(file, sizeof file, "%s/app.js", dir);
  FILE *f = fopen(file, "w");
  assert_non_null(f);
  fputs("/* served from the directory */", f);
  fclose(f);
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .web_dir = dir, .threads = 1};
  vb_server *s;
  vb_err err;
  assert_int_equal(vb_server_start(&o, &s, &err), 0);
  char b[64];
  snprintf(b, sizeof b, "http://127.0.0.1:%d", vb_server_port(s));
  reply app = call(b, NULL, "/static/app.js", NULL, NULL, 0);
  assert_string_equal(app.cache, ""); /* the UI's own files change under their names */
  expect(app, 200, "served from the directory");
  /* the chart libraries are named with their version: kept a year */
  snprintf(file, sizeof file, "%s/vendor", dir);
  mkdir(file, 0755);
  snprintf(file, sizeof file, "%s/vendor/chartlib-1.2.3.esm.js", dir);
  f = fopen(file, "w");
  assert_non_null(f);
  fputs("/* a chart library */", f);
  fclose(f);
  reply lib = call(b, NULL, "/static/vendor/chartlib-1.2.3.esm.js", NULL, NULL, 0);
  assert_string_equal(lib.cache, "public, max-age=31536000, immutable");
  assert_non_null(strstr(lib.type, "javascript"));
  expect(lib, 200, "a chart library");
  unlink(file);
  snprintf(file, sizeof file, "%s/vendor", dir);
  rmdir(file);
  snprintf(file, sizeof file, "%s/app.js", dir);
  /* index.html is not in that directory, though it is compiled in */
  expect(call(b, NULL, "/static/index.html", NULL, NULL, 0), 404, NULL);
  expect(call(b, NULL, "/static/../test-http.db", NULL, NULL, 0), 404, NULL);
  expect(call(b, NULL, "/static/%2e%2e/Makefile", NULL, NULL, 0), 404, NULL);
  vb_server_stop(s);
  /* the compiled-in copy is the build's web/app.js, not the directory's */
  reply r = get("/static/app.js");
  assert_int_equal(r.status, 200);
  assert_null(strstr(r.body, "served from the directory"));
  free(r.body);
  unlink(file);
  rmdir(dir);
}

/* A speaker's role may hold any character: one speaker's answer is the
 * JSON of that speaker, whole and valid (a role with "}" once cut it). */
static void speaker_role_with_brace(void **state) {
  (void)state;
  const char *doc = "Senior Hamas} official Omar Tessar said that the war goes on.\n\n"
                    "Interviewer: What now?\n\nOmar Tessar: We go on, \"whatever it costs\".\n";
  expect(call(base, "POST", "/api/documents?format=text&name=brace.txt", TOKEN, doc, strlen(doc)), 201,
         "\"added\":1");
  reply r = get("/api/speakers/omar%20tessar");
  assert_int_equal(r.status, 200);
  json_t *j = json_of(&r);
  assert_string_equal(json_string_value(json_object_get(j, "name")), "Omar Tessar");
  assert_string_equal(json_string_value(json_object_get(j, "role")), "Senior Hamas} official");
  assert_true(json_integer_value(json_object_get(j, "statements")) >= 1);
  json_decref(j);
  free(r.body);
  r = get("/api/speakers");
  j = json_of(&r);
  assert_true(json_array_size(j) > 2);
  json_decref(j);
  free(r.body);
}

/* The /metrics value of the line that starts with name, on server b,
 * asked with token (NULL: none; -1 when the line is missing). */
static long long metric_as(const char *b, const char *token, const char *name) {
  reply m = call(b, NULL, "/metrics", token, NULL, 0);
  const char *at = strstr(m.body, name);
  long long v = at ? strtoll(at + strlen(name), NULL, 10) : -1;
  free(m.body);
  return v;
}

static long long metric_on(const char *b, const char *name) { return metric_as(b, NULL, name); }

/* A replica's address on the test cluster's replica (PG_REPLICA=1
 * tests/pg.sh; make test's second pass), for the database of uri, once
 * it has replayed the archive's documents (a search there finds them). */
static void replica_of(const char *uri, char *out, size_t cap) {
  const char *rbase = getenv("VERBATIM_TEST_PG_REPLICA");
  if (!rbase || !*rbase) fail_msg("VERBATIM_TEST_PG_REPLICA is not set: run with PG_REPLICA=1 tests/pg.sh (make test does)");
  const char *slash = strrchr(rbase, '/'), *db = strrchr(uri, '/');
  snprintf(out, cap, "%.*s%s", (int)(slash - rbase), rbase, db);
  vb_search_opts o = {.limit = 1};
  int64_t found = 0;
  for (int i = 0; i < 200 && !found; i++) { /* 10 s at most */
    vb_store *st;
    vb_err err;
    vb_results *r = NULL;
    if (!vb_store_open(out, 0, &st, &err)) {
      if (!vb_store_search(st, "baraka", &o, &r, &err)) found = r->total;
      vb_results_free(r);
      vb_store_close(st);
    }
    if (!found) usleep(50000);
  }
  assert_true(found > 0);
}

/* Closes every connection the replica holds to the database of uri, as a
 * replica's restart would. */
static void replica_drops_connections(const char *uri) {
  PGconn *c = PQconnectdb(getenv("VERBATIM_TEST_PG_REPLICA"));
  assert_int_equal(PQstatus(c), CONNECTION_OK);
  const char *params[1] = {strrchr(uri, '/') + 1};
  PGresult *r = PQexecParams(c,
                             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                             " WHERE datname = $1 AND pid <> pg_backend_pid()",
                             1, NULL, params, NULL, NULL, 0);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_true(atoi(PQgetvalue(r, 0, 0)) > 0); /* the server's were there */
  PQclear(r);
  PQfinish(c);
}

/* Replicas (--read-db, repeatable). One that does not answer at start is
 * said, its connections read from the primary (searches are answered)
 * and it is tried again every 2 s. On PostgreSQL, a replica whose
 * connections go away under the server: the search that meets it is
 * answered from the primary (the lost connection counted), and the
 * replica is reached again and read from. */
/* Every replica connection of the server at b answers again (tried every
 * 2 s: 10 s at most) and has been warmed (a cache load, whose time a
 * loaded machine stretches: 120 s at most). */
static void wait_replicas_back(const char *b) {
  long long down = 1, warmed = 0;
  for (int i = 0; i < 100 && down; i++) {
    down = metric_on(b, "\nverbatim_replica_connections_down ");
    if (down) usleep(100000);
  }
  assert_int_equal(down, 0);
  for (int i = 0; i < 1200 && warmed < 1; i++) {
    warmed = metric_on(b, "\nverbatim_connections_warmed_total{when=\"replica\"} ");
    if (warmed < 1) usleep(100000);
  }
  assert_true(warmed >= 1);
}

static void replicas_down_and_back(void **state) {
  (void)state;
  const char *gone = test_on_postgres() ? "postgresql://verbatim@127.0.0.1:1/nowhere?connect_timeout=2"
                                        : "build/test-http-replica-later.db";
  if (!test_on_postgres()) test_remove_sqlite(gone);
  const char *reads[1] = {gone};
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .threads = 1, .cache = -1, .read_dbs = reads,
                      .nread_dbs = 1, .read_budget = 120, .light_budget = 120, .inline_budget = 120};
  vb_server *s;
  vb_err err;
  assert_int_equal(vb_server_start(&o, &s, &err), 0);
  char b[64];
  snprintf(b, sizeof b, "http://127.0.0.1:%d", vb_server_port(s));
  long long down = metric_on(b, "\nverbatim_replica_connections_down ");
  assert_true(down > 0);
  for (int i = 0; i < 3; i++) assert_true(total_on(b, "/api/search?q=baraka") > 0);
  long long tries = 0;
  for (int i = 0; i < 100 && tries < 1; i++) { /* the first try again within 2 s; 10 s at most */
    tries = metric_on(b, "\nverbatim_replica_retries_total ");
    if (tries < 1) usleep(100000);
  }
  assert_true(tries >= 1);
  assert_int_equal(metric_on(b, "\nverbatim_replica_connections_down "), down);
  assert_int_equal(metric_on(b, "\nverbatim_replica_lost_total "), 0);
  if (!test_on_postgres()) {
    /* the replica appears (a copy of the archive): read from, warmed as
     * the connections were at start, the same answers */
    json_int_t before = total_on(b, "/api/search?q=baraka");
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", gone);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    wait_replicas_back(b);
    assert_int_equal(total_on(b, "/api/search?q=baraka"), before);
    vb_server_stop(s);
    test_remove_sqlite(gone);
    return;
  }
  vb_server_stop(s);

  char replica[512];
  replica_of(DB, replica, sizeof replica);
  reads[0] = replica;
  assert_int_equal(vb_server_start(&o, &s, &err), 0);
  snprintf(b, sizeof b, "http://127.0.0.1:%d", vb_server_port(s));
  assert_int_equal(metric_on(b, "\nverbatim_replica_connections_down "), 0);
  json_int_t before = total_on(b, "/api/search?q=baraka");
  assert_true(before > 0);
  reply listed = call(b, NULL, "/api/speakers", NULL, NULL, 0);
  assert_int_equal(listed.status, 200);
  replica_drops_connections(DB);
  /* the reads that meet a connection the replica dropped are answered,
   * from the primary: a listing again after it failed on a worker, a
   * search by the request's own thread, which asks for its cost first */
  for (int i = 0; i < 4; i++) {
    reply again = call(b, NULL, "/api/speakers", NULL, NULL, 0);
    assert_int_equal(again.status, 200);
    assert_string_equal(again.body, listed.body);
    free(again.body);
  }
  free(listed.body);
  assert_int_equal(total_on(b, "/api/search?q=baraka"), before);
  assert_true(metric_on(b, "\nverbatim_replica_lost_total ") >= 1);
  wait_replicas_back(b);
  assert_int_equal(total_on(b, "/api/search?q=baraka"), before);
  vb_server_stop(s);
}

/* A search the cost model counts as cheap is answered on the request's
 * own thread, as /health is: it never waits in the queue for a worker
 * (its time there is not counted), so no costly search ahead of it holds
 * it up. One of many words goes to the queue, as does every search of an
 * address whose reads took long lately. From an address of its own, which
 * no other test's reads have charged; the server's inline budget is out
 * of a loaded machine's reach (setup). */
static void cheap_searches_never_queue(void **state) {
  (void)state;
  from_address = "127.0.0.23";
  static const char *const waited = "\nverbatim_http_queue_seconds_count ";
  static const char *const answered = "verbatim_http_inline_total{result=\"answered\"} ";
  long long w = metric_on(base, waited), a = metric_on(base, answered);
  assert_true(w >= 0 && a >= 0);
  /* an offset no other test asked for: not an answer from the cache */
  for (int i = 0; i < 3; i++) {
    char path[96];
    snprintf(path, sizeof path, "/api/search?q=palestine&limit=1&offset=%d", 17 + i);
    expect(get(path), 200, NULL);
  }
  if (metric_on(base, answered) != a + 3)
    fail_msg("answered %lld, given up %lld, waited %lld", metric_on(base, answered) - a,
             metric_on(base, "verbatim_http_inline_total{result=\"queued\"} "), metric_on(base, waited) - w);
  assert_int_equal(metric_on(base, waited), w);
  expect(get("/api/search?q=palestine+OR+gaza+OR+israel+OR+peace+OR+war&limit=1&offset=23"), 200, NULL);
  assert_int_equal(metric_on(base, answered), a + 3);
  /* counted when its answer has gone: a moment after the client has it,
   * however long a loaded machine makes that moment */
  long long now = metric_on(base, waited);
  for (double t0 = seconds(); now < w + 1 && seconds() - t0 < 600;) {
    usleep(20000);
    now = metric_on(base, waited);
  }
  assert_int_equal(now, w + 1);
  from_address = NULL;
}

/* A search counted cheap that outruns its budget on the request thread
 * is given to the queue and answered from there, and its address then
 * queues at once: here with a budget every search outruns, whatever the
 * machine's load (the moment is the server's own clock, not the test's). */
static void a_search_past_its_inline_budget_is_queued(void **state) {
  (void)state;
  vb_server *own;
  vb_err err;
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .threads = 2, .read_budget = 120, .inline_budget = 1e-9};
  assert_int_equal(vb_server_start(&o, &own, &err), 0);
  char obase[64];
  snprintf(obase, sizeof obase, "http://127.0.0.1:%d", vb_server_port(own));
  static const char *const given = "verbatim_http_inline_total{result=\"queued\"} ";
  static const char *const answered = "verbatim_http_inline_total{result=\"answered\"} ";
  reply r = call(obase, NULL, "/api/search?q=palestine&limit=1", NULL, NULL, 0);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"total\""));
  free(r.body);
  assert_int_equal(metric_on(obase, given), 1);
  r = call(obase, NULL, "/api/search?q=palestine&limit=2", NULL, NULL, 0);
  assert_int_equal(r.status, 200);
  free(r.body);
  /* the address took longer than its budget: not tried there again */
  assert_int_equal(metric_on(obase, given), 1);
  assert_int_equal(metric_on(obase, answered), 0);
  vb_server_stop(own);
}

/* The cache of answers holds at most its bytes (here 32 KiB): the least
 * recently used answers make way, an answer over a sixteenth of it is
 * not kept, and what is kept is still answered from it. */
static void the_cache_holds_bounded_memory(void **state) {
  (void)state;
  enum { BOUND = 32768 };
  vb_server *small;
  vb_err err;
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .threads = 2, .cache_bytes = BOUND};
  assert_int_equal(vb_server_start(&o, &small, &err), 0);
  char sbase[64], path[128];
  snprintf(sbase, sizeof sbase, "http://127.0.0.1:%d", vb_server_port(small));
  long long most = 0;
  /* 80 answers fill it twice over; on PostgreSQL the archive's version
   * (the snapshot's xmax, which a background analyse moves) may empty it
   * meanwhile, the more often the slower the machine (failed at nice 19
   * under load): more, until it has been more than half full */
  for (int i = 0; i < 80 || (most <= BOUND / 2 && i < 800); i++) {
    snprintf(path, sizeof path, "/api/search?q=hamas&limit=1&offset=%d", i);
    reply r = call(sbase, NULL, path, NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_true(r.len < BOUND / 16); /* small enough to be kept */
    free(r.body);
    long long held = metric_on(sbase, "\nverbatim_cache_bytes ");
    if (held > BOUND || held <= 0) fail_msg("the cache holds %lld bytes, at most %d", held, BOUND);
    if (held > most) most = held;
  }
  assert_true(most > BOUND / 2); /* it filled, and made way */
  long long hits = metric_on(sbase, "verbatim_search_cache_total{result=\"hit\"} ");
  expect(call(sbase, NULL, path, NULL, NULL, 0), 200, NULL); /* the last one: kept */
  assert_int_equal(metric_on(sbase, "verbatim_search_cache_total{result=\"hit\"} "), hits + 1);
  /* an answer over a sixteenth: not kept, nothing made way for it */
  long long held = metric_on(sbase, "\nverbatim_cache_bytes ");
  reply big = call(sbase, NULL, "/api/search?q=hamas&limit=200&context=5", NULL, NULL, 0);
  assert_int_equal(big.status, 200);
  assert_true(big.len > BOUND / 16);
  free(big.body);
  assert_int_equal(metric_on(sbase, "\nverbatim_cache_bytes "), held);
  vb_server_stop(small);
}

/* ---- answers in pages ------------------------------------------------------ */

#define PAGED_TURNS 60

/* A transcript of PAGED_TURNS turns that each name the marmoset once. */
static char *paged_document(size_t *len) {
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_adds(&b, "Paging Test\n\n");
  for (int i = 0; i < PAGED_TURNS; i++)
    vb_buf_printf(&b, "%s: The marmoset count in Geneva was %d on 3 May 2024. It rose by %d percent.\n\n",
                  i % 2 ? "Host" : "Ada Pager", 100 + i, i);
  *len = b.len;
  return vb_buf_detach(&b);
}

/* The path of a Link: <path>; rel="next" header, or "". */
static void next_link(const reply *r, char *path, size_t cap) {
  path[0] = '\0';
  const char *lt = strchr(r->link, '<'), *gt = lt ? strchr(lt, '>') : NULL;
  if (!gt || !strstr(gt, "rel=\"next\"")) return;
  snprintf(path, cap, "%.*s", (int)(gt - lt - 1), lt + 1);
}

/* Follows the next links from first (pages of 7): every alert of all
 * comes once, in order (oldest first, or newest when newest), a next link
 * while some remain. Returns the number of pages. */
static size_t walk_alerts(const char *first, json_t *all, int newest) {
  char path[600];
  snprintf(path, sizeof path, "%s", first);
  size_t seen = 0, pages = 0, n = json_array_size(all);
  json_int_t last = newest ? INT64_MAX : 0;
  while (path[0] && pages++ < 100) {
    reply r = get(path);
    assert_int_equal(r.status, 200);
    json_t *page = json_of(&r);
    assert_true(json_array_size(page) <= 7);
    for (size_t i = 0; i < json_array_size(page); i++) {
      json_int_t id = json_integer_value(json_object_get(json_array_get(page, i), "id"));
      assert_true(newest ? id < last : id > last); /* no alert twice */
      last = id;
      assert_true(seen < n);
      assert_int_equal(id, json_integer_value(json_object_get(json_array_get(all, newest ? n - 1 - seen : seen), "id")));
      seen++;
    }
    next_link(&r, path, sizeof path);
    assert_true(path[0] || seen == n);
    json_decref(page);
    free(r.body);
  }
  assert_int_equal(seen, n);
  return pages;
}

/* Alerts come a page at a time, never more than asked (nor than the most
 * a page may hold), and following the next links gives every alert once. */
static void alerts_and_feeds_in_pages(void **state) {
  (void)state;
  const char *w = "{\"name\":\"pager\",\"query\":\"marmoset\"}";
  expect(call(base, "POST", "/api/watches", TOKEN, w, strlen(w)), 201, NULL);
  size_t len;
  char *doc = paged_document(&len);
  expect(call(base, "POST", "/api/documents?name=paged.txt", TOKEN, doc, len), 201, NULL);
  free(doc);
  expect(get("/api/alerts?limit=0"), 400, "limit");
  expect(get("/api/alerts?limit=1001"), 400, "limit");
  expect(get("/api/alerts?after=%2B5"), 400, "alert id");
  expect(get("/feeds/pager.atom?before=x"), 400, "alert id");
  /* one page of all of them, to compare with */
  reply r = get("/api/alerts?watch=pager&limit=1000");
  json_t *all = json_of(&r);
  free(r.body);
  assert_int_equal(json_array_size(all), PAGED_TURNS);
  assert_int_equal(walk_alerts("/api/alerts?watch=pager&limit=7", all, 0), (PAGED_TURNS + 6) / 7);
  /* newest first (before=, empty: from the newest), older ones behind */
  expect(get("/api/alerts?before=&after=3"), 400, "not both");
  assert_int_equal(walk_alerts("/api/alerts?watch=pager&limit=7&before=", all, 1), (PAGED_TURNS + 6) / 7);
  char path[600];
  size_t seen, pages;
  /* the default page is bounded too */
  r = get("/api/alerts?watch=pager&limit=50");
  assert_true(r.link[0]);
  free(r.body);
  /* the feed: newest first, older ones behind rel="next" */
  snprintf(path, sizeof path, "/feeds/pager.atom?limit=8");
  seen = 0;
  pages = 0;
  while (path[0] && pages++ < 100) {
    r = get(path);
    assert_int_equal(r.status, 200);
    xmlDoc *x = xmlReadMemory(r.body, (int)r.len, "feed.atom", NULL, XML_PARSE_NONET);
    if (!x) fail_msg("not XML: %.300s", r.body);
    xmlNode *root = xmlDocGetRootElement(x);
    assert_true(count_children(root, "entry") <= 8);
    path[0] = '\0';
    for (xmlNode *e = root->children; e; e = e->next) {
      if (e->type != XML_ELEMENT_NODE) continue;
      xmlChar *rel = xmlGetProp(e, (const xmlChar *)"rel");
      if (!xmlStrcmp(e->name, (const xmlChar *)"link") && rel && !xmlStrcmp(rel, (const xmlChar *)"next")) {
        xmlChar *href = xmlGetProp(e, (const xmlChar *)"href");
        snprintf(path, sizeof path, "%s", (const char *)href);
        xmlFree(href);
      }
      xmlFree(rel);
      if (xmlStrcmp(e->name, (const xmlChar *)"entry")) continue;
      xmlChar *id = xmlNodeGetContent(e);
      char want[64];
      json_int_t aid = json_integer_value(json_object_get(json_array_get(all, PAGED_TURNS - 1 - seen), "id"));
      snprintf(want, sizeof want, "urn:verbatim:alert:%lld\n", (long long)aid);
      if (!strstr((const char *)id, want)) fail_msg("entry %zu: wanted %s in %s", seen, want, (const char *)id);
      xmlFree(id);
      seen++;
    }
    xmlFreeDoc(x);
    free(r.body);
  }
  assert_int_equal(seen, PAGED_TURNS);
  assert_int_equal(pages, (PAGED_TURNS + 7) / 8);
  json_decref(all);
  expect(call(base, "DELETE", "/api/watches/pager", TOKEN, NULL, 0), 200, "removed");
}

/* Appends the items of each array of part to the same array of whole. */
static void gather(json_t *whole, json_t *part) {
  static const char *const arrays[] = {"turns", "statements", "insertions", "quantities", "dates", "boilerplate"};
  for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
    json_t *into = json_object_get(whole, arrays[k]);
    if (!into) json_object_set_new(whole, arrays[k], into = json_array());
    json_array_extend(into, json_object_get(part, arrays[k]));
  }
  json_t *ents = json_object_get(part, "entities"), *into = json_object_get(whole, "entities");
  if (!into) json_object_set_new(whole, "entities", into = json_deep_copy(ents));
  else
    for (size_t i = 0; i < json_array_size(ents); i++)
      json_array_extend(json_object_get(json_array_get(into, i), "mentions"),
                        json_object_get(json_array_get(ents, i), "mentions"));
}

/* A document's answer is a page of its statements; the pages, put
 * together, are the whole document: every statement, turn, mention,
 * date, quantity once. */
static void documents_in_pages(void **state) {
  (void)state;
  size_t len;
  char *bytes = paged_document(&len);
  reply r = call(base, "POST", "/api/documents?name=paged.txt", TOKEN, bytes, len);
  json_t *posted = json_of(&r);
  free(r.body);
  char id[80];
  snprintf(id, sizeof id, "%s", json_string_value(json_object_get(posted, "id")));
  json_decref(posted);
  vb_doc *d;
  vb_err err;
  assert_int_equal(vb_doc_parse(bytes, len, "paged.txt", NULL, &d, &err), 0);
  free(bytes);
  char *full;
  assert_int_equal(vb_doc_to_json(d, 0, &full, &err), 0);
  json_error_t je;
  json_t *want = json_loads(full, 0, &je);
  free(full);
  size_t total = json_array_size(json_object_get(want, "statements"));
  assert_true(total > 2 * 7);
  assert_true(json_array_size(json_object_get(want, "dates")) > 0);

  json_t *got = json_object();
  char path[300];
  size_t from = 0, pages = 0;
  do {
    snprintf(path, sizeof path, "/api/documents/%s?limit=7&from=%zu", id, from);
    r = get(path);
    assert_int_equal(r.status, 200);
    json_t *page = json_of(&r);
    free(r.body);
    json_t *pg = json_object_get(page, "page");
    assert_int_equal(json_integer_value(json_object_get(pg, "from")), from);
    assert_int_equal(json_integer_value(json_object_get(pg, "of")), total);
    assert_int_equal(json_integer_value(json_object_get(pg, "turns_from")),
                     json_array_size(json_object_get(got, "turns")));
    size_t n = json_array_size(json_object_get(page, "statements"));
    assert_true(n >= 1 && n <= 7);
    assert_int_equal(json_integer_value(json_object_get(pg, "statements")), n);
    gather(got, page);
    from = (size_t)json_integer_value(json_object_get(pg, "next"));
    assert_true(!from || from == json_array_size(json_object_get(got, "statements")));
    json_decref(page);
  } while (from && ++pages < 100);
  static const char *const arrays[] = {"turns", "statements", "insertions", "quantities", "dates",
                                       "boilerplate", "entities"};
  for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
    if (!json_equal(json_object_get(got, arrays[k]), json_object_get(want, arrays[k])))
      fail_msg("the pages' %s are not the document's", arrays[k]);
  json_decref(got);

  /* a page of few bytes still holds one statement; past the first, no
   * statement that would take it over the bytes */
  vb_doc_page info = {0};
  size_t at = 0, seen = 0;
  do {
    char *page;
    assert_int_equal(vb_doc_page_to_json(d, at, 1000, 150, &info, &page, &err), 0);
    json_t *j = json_loads(page, 0, &je);
    free(page);
    json_t *sts = json_object_get(j, "statements");
    size_t bytes_on_page = 0;
    for (size_t i = 0; i < json_array_size(sts); i++)
      bytes_on_page += strlen(json_string_value(json_object_get(json_array_get(sts, i), "text")));
    assert_true(info.count >= 1 && (info.count == 1 || bytes_on_page <= 150));
    assert_int_equal(json_array_size(sts), info.count);
    seen += info.count;
    at = info.next;
    json_decref(j);
  } while (at);
  assert_int_equal(seen, total);
  json_decref(want);
  vb_doc_free(d);

  snprintf(path, sizeof path, "/api/documents/%s?limit=0", id);
  expect(get(path), 400, "limit");
  snprintf(path, sizeof path, "/api/documents/%s?limit=5001", id);
  expect(get(path), 400, "limit");
  snprintf(path, sizeof path, "/api/documents/%s?from=%%2B1", id);
  expect(get(path), 400, "from");
  snprintf(path, sizeof path, "/api/documents/%s?from=%zu", id, total);
  expect(get(path), 404, NULL);
}

/* The table of routes is what the server decides a request's policy
 * by (token, body, queue) and what it serves it by: every row is reached
 * by a request of its own, keeps the rules a route's policy must keep,
 * and a live request meets the policy its row states. */
static void routes_agree_with_their_policy(void **state) {
  (void)state;
  static const char *const names[] = {"GET", "POST", "DELETE"};
  for (size_t i = 0; i < vb_http_nroutes; i++) {
    const vb_route *rt = &vb_http_routes[i];
    /* a path of its own: the wildcard stands for "x1" */
    char path[256];
    const char *w = strstr(rt->pattern, "{}"), *star = strchr(rt->pattern, '*');
    if (w) snprintf(path, sizeof path, "%.*sx1%s", (int)(w - rt->pattern), rt->pattern, w + 2);
    else if (star) snprintf(path, sizeof path, "%.*sx1", (int)(star - rt->pattern), rt->pattern);
    else snprintf(path, sizeof path, "%s", rt->pattern);
    if (rt->flags & VB_R_INGEST) assert_true((rt->flags & VB_R_TOKEN) && (rt->flags & VB_R_QUEUED));
    if (rt->methods & ~VB_M_GET) assert_true(rt->flags & VB_R_TOKEN); /* every write takes a token */
    assert_true(!rt->body_max == !(rt->methods & VB_M_POST));         /* a body, to a POST alone */
    assert_true(!(rt->flags & VB_R_CACHED) || rt->methods == VB_M_GET);
    for (unsigned m = 0; m < 3; m++) {
      if (!(rt->methods & (1u << m))) continue;
      const char *arg;
      size_t n;
      unsigned allowed;
      /* the row answers its own request: none before it takes it */
      if (vb_http_route(path, names[m], &arg, &n, &allowed) != rt)
        fail_msg("%s %s is not answered by its row (%s)", names[m], path, rt->pattern);
      if (!strcmp(rt->pattern, "/api/alerts/stream")) continue; /* an answer that does not end */
      /* without a token: refused before anything else where the row says
       * so, and only there */
      reply r = call(base, names[m], path, NULL, NULL, 0);
      int refused = r.status == 401 || r.status == 403;
      if (refused != !!(rt->flags & VB_R_TOKEN))
        fail_msg("%s %s without a token: %ld (%.200s)", names[m], path, r.status, r.body);
      free(r.body);
      /* with one: a body one byte over the row's is refused unread; a
       * body where the row takes none, by a queued read alone */
      size_t len = rt->body_max + 1;
      char *body = malloc(len);
      assert_non_null(body);
      memset(body, 'x', len);
      r = call(base, names[m], path, TOKEN, body, len);
      free(body);
      const char *why = rt->body_max ? "body larger than" : (rt->flags & VB_R_QUEUED) ? "takes no body" : NULL;
      if ((r.status == 413) != (why != NULL) || (why && !strstr(r.body, why)))
        fail_msg("%s %s with %zu bytes: %ld (%.200s)", names[m], path, len, r.status, r.body);
      free(r.body);
    }
    /* a method no row of the path has: 405, with what it allows */
    reply r = call(base, "PUT", path, TOKEN, NULL, 0);
    if (r.status != 405) fail_msg("PUT %s: %ld, wanted 405", path, r.status);
    free(r.body);
  }
  expect(call(base, "PATCH", "/api/watches", TOKEN, NULL, 0), 405, "GET, HEAD, POST");
  expect(get("/api/no-such-route"), 404, "no such endpoint");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(health_and_metrics),    cmocka_unit_test(search_endpoint),
      cmocka_unit_test(posted_document_found_at_once),
      cmocka_unit_test(documents_and_posting), cmocka_unit_test(search_cache_follows_the_archive),
      cmocka_unit_test(speakers_entities_views), cmocka_unit_test(speakers_in_pages),
      cmocka_unit_test(overview_agrees),
      cmocka_unit_test(statement_family),
      cmocka_unit_test(watches_and_feed),      cmocka_unit_test(alert_stream),
      cmocka_unit_test(sinks_never_leave_the_server),
      cmocka_unit_test(private_server),        cmocka_unit_test(bearer_in_any_case),
      cmocka_unit_test(long_tokens_read_whole),  cmocka_unit_test(static_files),
      cmocka_unit_test(server_timing),         cmocka_unit_test(cheap_searches_never_queue),
      cmocka_unit_test(a_search_past_its_inline_budget_is_queued),
      cmocka_unit_test(static_files_from_a_directory), cmocka_unit_test(replicas_down_and_back),
      cmocka_unit_test(entity_corrections),    cmocka_unit_test(records_remade_after_corrections),
      cmocka_unit_test(connections_warmed_again_after_corrections),
      cmocka_unit_test(no_request_makes_the_lexicon),
      cmocka_unit_test(speaker_role_with_brace),
      cmocka_unit_test(alerts_and_feeds_in_pages),
      cmocka_unit_test(documents_in_pages),
      cmocka_unit_test(the_cache_holds_bounded_memory),
      cmocka_unit_test(routes_agree_with_their_policy),
      cmocka_unit_test(a_failing_remake_backs_off),
      cmocka_unit_test(anonymous_speakers_apart),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
