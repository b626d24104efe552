/* server — `verbatim serve`: the archive over HTTP on libmicrohttpd. A
 * thread pool answers requests; each request borrows one archive
 * connection from a pool. Requests are bounded in size and time; writes
 * need a bearer token; every request is logged on one line and counted
 * for /metrics. The JSON API lives in api.c; static UI files are served
 * from the web directory. */
#define _GNU_SOURCE
#include "http.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/text.h"
#include "http/webfiles.h"

/* Limits, each with its reason. */
#define MAX_BODY ((size_t)32 << 20)       /* a document upload; larger is refused (413) */
#define MAX_CONNECTIONS 256               /* beyond this, new connections wait in the kernel */
#define PER_CLIENT 64                     /* connections one address holds: a quarter of them all */
#define CONNECTION_TIMEOUT 30             /* seconds of silence before a client is dropped */
#define CONNECTION_MEMORY ((size_t)64 << 10) /* per connection: headers and the URL */
#define MAX_STATIC ((size_t)8 << 20)      /* largest UI file served */
#define MAX_TOKENS 64

static const double latency_bounds[VB_HTTP_BUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,  0.1,    0.25,  0.5,  1.0};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the pool of archive connections ----------------------------------- */

vb_store *vb_http_borrow(vb_server *s) {
  pthread_mutex_lock(&s->mu);
  for (;;) {
    for (int i = 0; i < s->npool; i++)
      if (!s->busy[i]) {
        s->busy[i] = 1;
        pthread_mutex_unlock(&s->mu);
        return s->pool[i];
      }
    pthread_cond_wait(&s->cv, &s->mu);
  }
}

void vb_http_give_back(vb_server *s, vb_store *st) {
  pthread_mutex_lock(&s->mu);
  for (int i = 0; i < s->npool; i++)
    if (s->pool[i] == st) s->busy[i] = 0;
  pthread_cond_signal(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

/* ---- the search cache ---------------------------------------------------- */

/* Whether the archive changed since this connection was last asked. */
static void check_version(vb_server *s, vb_store *st) {
  int64_t v = 0;
  vb_err err;
  if (vb_store_version(st, &v, &err)) {
    pthread_mutex_lock(&s->mu);
    s->generation++;
    pthread_mutex_unlock(&s->mu);
    return;
  }
  pthread_mutex_lock(&s->mu);
  for (int i = 0; i < s->npool; i++)
    if (s->pool[i] == st && s->seen_version[i] != v) {
      s->seen_version[i] = v;
      s->generation++;
    }
  pthread_mutex_unlock(&s->mu);
}

char *vb_http_cache_get(vb_server *s, vb_store *st, const char *key) {
  if (!s->ncache) return NULL;
  check_version(s, st);
  char *out = NULL;
  pthread_mutex_lock(&s->mu);
  for (size_t i = 0; i < s->ncache; i++) {
    vb_cache_entry *e = &s->cache[i];
    if (e->key && e->generation == s->generation && !strcmp(e->key, key)) {
      e->used = ++s->tick;
      out = strdup(e->json);
      break;
    }
  }
  if (out) s->cache_hits++;
  else s->cache_misses++;
  pthread_mutex_unlock(&s->mu);
  return out;
}

void vb_http_cache_put(vb_server *s, const char *key, const char *json) {
  if (!s->ncache) return;
  char *k = strdup(key), *j = strdup(json);
  if (!k || !j) {
    free(k);
    free(j);
    return;
  }
  pthread_mutex_lock(&s->mu);
  /* the least recently used (or stale) entry goes */
  size_t victim = 0;
  for (size_t i = 0; i < s->ncache; i++) {
    vb_cache_entry *e = &s->cache[i];
    if (!e->key || e->generation != s->generation) {
      victim = i;
      break;
    }
    if (e->used < s->cache[victim].used) victim = i;
  }
  vb_cache_entry *e = &s->cache[victim];
  free(e->key);
  free(e->json);
  e->key = k;
  e->json = j;
  e->generation = s->generation;
  e->used = ++s->tick;
  pthread_mutex_unlock(&s->mu);
}

void vb_http_cache_clear(vb_server *s) {
  pthread_mutex_lock(&s->mu);
  s->generation++;
  pthread_mutex_unlock(&s->mu);
}

/* ---- tokens ---------------------------------------------------------------- */

static int load_tokens(vb_server *s, const char *path, vb_err *err) {
  FILE *f = fopen(path, "r");
  if (!f) return vb_err_set(err, VB_EIO, path, -1, "cannot read token file: %s", strerror(errno));
  char line[512];
  while (fgets(line, sizeof line, f)) {
    size_t n = strcspn(line, "\r\n");
    line[n] = '\0';
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = '\0';
    if (!n || line[0] == '#') continue;
    if (n < 16) {
      fclose(f);
      return vb_err_set(err, VB_EUSAGE, path, -1, "a token of %zu characters is too short (16 at least)", n);
    }
    if (s->ntokens == MAX_TOKENS) break;
    s->tokens[s->ntokens] = strdup(line);
    if (!s->tokens[s->ntokens]) {
      fclose(f);
      return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
    }
    s->ntokens++;
  }
  fclose(f);
  return VB_OK;
}

/* Constant time in the token's length: a mismatch position leaks nothing. */
static int same_secret(const char *a, size_t an, const char *b) {
  size_t bn = strlen(b);
  unsigned char diff = (unsigned char)(an != bn);
  for (size_t i = 0; i < bn; i++) diff |= (unsigned char)(i < an ? a[i] : 0) ^ (unsigned char)b[i];
  return diff == 0;
}

int vb_http_authorized(vb_server *s, struct MHD_Connection *c) {
  const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  if (!h || strncmp(h, "Bearer ", 7) != 0) return 0;
  const char *t = h + 7;
  size_t tn = strlen(t);
  int ok = 0;
  for (size_t i = 0; i < s->ntokens; i++) ok |= same_secret(t, tn, s->tokens[i]);
  return ok;
}

/* ---- responses ----------------------------------------------------------- */

static void count(vb_server *s, int route, unsigned status, double seconds) {
  pthread_mutex_lock(&s->mu);
  int k = 0;
  while (k < VB_HTTP_CODES - 1 && s->codes[k] && s->codes[k] != status) k++;
  s->codes[k] = status;
  s->requests[route][k]++;
  int b = 0;
  while (b < VB_HTTP_BUCKETS && seconds > latency_bounds[b]) b++;
  s->latency[b]++;
  s->latency_sum += seconds;
  s->latency_count++;
  pthread_mutex_unlock(&s->mu);
}

int vb_http_send(vb_req *r, unsigned status, const char *type, char *body, size_t len) {
  struct MHD_Response *res =
      MHD_create_response_from_buffer(len, body, body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!res) {
    free(body);
    return MHD_NO;
  }
  MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
  if (strncmp(type, "text/html", 9) == 0)
    MHD_add_response_header(res, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'");
  int rc = MHD_queue_response(r->conn, status, res);
  MHD_destroy_response(res);
  r->status = status;
  r->bytes = len;
  return rc;
}

int vb_http_json(vb_req *r, unsigned status, char *json) {
  if (!json) return vb_http_error(r, 500, "out of memory");
  if (r->cache_key && status == 200) vb_http_cache_put(r->srv, r->cache_key, json);
  return vb_http_send(r, status, "application/json; charset=utf-8", json, strlen(json));
}

int vb_http_error(vb_req *r, unsigned status, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* the message is data: escaped like any string in JSON, and bytes
   * that are not UTF-8 (a name from the URL echoed back) replaced, so
   * the answer stays JSON */
  vb_buf b;
  vb_buf_init(&b, 0);
  vb_buf_printf(&b, "{\"error\":{\"status\":%u,\"message\":\"", status);
  size_t n = strlen(msg);
  for (size_t i = 0; i < n;) {
    unsigned char ch = (unsigned char)msg[i];
    int32_t cp;
    size_t len = vb_utf8_next(msg, n, i, &cp);
    if (ch == '"' || ch == '\\') vb_buf_printf(&b, "\\%c", ch);
    else if (ch < 0x20) vb_buf_printf(&b, "\\u%04x", ch);
    else if (cp == 0xFFFD && len == 1) vb_buf_adds(&b, "\\ufffd");
    else vb_buf_add(&b, msg + i, len);
    i += len;
  }
  vb_buf_adds(&b, "\"}}");
  char *out = vb_buf_detach(&b);
  return vb_http_json(r, status, out);
}

unsigned vb_http_status_of(int code) {
  switch (code) {
  case VB_EQUERY:
  case VB_EUSAGE: return 400;
  case VB_ENOTFOUND: return 404;
  case VB_ELIMIT: return 413;
  case VB_EBINARY:
  case VB_EDECODE:
  case VB_EPARSE:
  case VB_EFORMAT: return 422;
  default: return 500;
  }
}

int vb_http_fail(vb_req *r, const vb_err *err) {
  /* the reason, and the place only for an uploaded document (its own
   * name and byte): never the server's paths */
  unsigned status = vb_http_status_of(err->code);
  if (status == 422 && err->offset >= 0)
    return vb_http_error(r, status, "%s: byte %lld: %s", err->file, err->offset, err->msg);
  if (status == 422) return vb_http_error(r, status, "%s: %s", err->file, err->msg);
  return vb_http_error(r, status, "%s", err->msg);
}

/* ---- static files ------------------------------------------------------- */

static const char *content_type(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return "application/octet-stream";
  if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
  if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
  if (!strcmp(dot, ".svg")) return "image/svg+xml";
  if (!strcmp(dot, ".png")) return "image/png";
  if (!strcmp(dot, ".json")) return "application/json";
  if (!strcmp(dot, ".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

/* A file of the web directory. Names are a strict alphabet with no "..":
 * nothing outside the directory can be named. */
static int serve_file(vb_req *r, const char *name) {
  size_t n = strlen(name);
  if (!n || n > 200 || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
    return vb_http_error(r, 404, "no such file");
  for (size_t i = 0; i < n; i++) {
    char ch = name[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '.' || ch == '-' || ch == '_' || ch == '/'))
      return vb_http_error(r, 404, "no such file");
  }
  if (!r->srv->web_dir[0]) {
    for (const vb_web_file *w = vb_web_files; w->name; w++)
      if (!strcmp(w->name, name)) {
        char *body = malloc(w->len + 1);
        if (!body) return vb_http_error(r, 500, "out of memory");
        memcpy(body, w->bytes, w->len);
        return vb_http_send(r, 200, content_type(name), body, w->len);
      }
    return vb_http_error(r, 404, "no such file");
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", r->srv->web_dir, name);
  struct stat sb;
  if (stat(path, &sb) || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > MAX_STATIC)
    return vb_http_error(r, 404, "no such file");
  FILE *f = fopen(path, "rb");
  char *body = f ? malloc((size_t)sb.st_size + 1) : NULL;
  size_t got = body ? fread(body, 1, (size_t)sb.st_size, f) : 0;
  if (f) fclose(f);
  if (!body || got != (size_t)sb.st_size) {
    free(body);
    return vb_http_error(r, 500, "cannot read %s", name);
  }
  return vb_http_send(r, 200, content_type(name), body, got);
}

/* ---- the request cycle ------------------------------------------------- */

/* A field of a log line as the client sent it, with what could forge a
 * line or split a field (control bytes, spaces, bytes that are not
 * UTF-8) written %XX: a path is URL-decoded, so "%0A" in a request is a
 * newline here. */
static void log_field(vb_buf *b, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char ch = (unsigned char)s[i];
    int32_t cp;
    size_t len = vb_utf8_next(s, n, i, &cp);
    if (ch <= 0x20 || ch == 0x7f || ch == '%' || (cp == 0xFFFD && len == 1))
      vb_buf_printf(b, "%%%02X", ch);
    else vb_buf_add(b, s + i, len);
    i += len;
  }
}

static void log_line(vb_server *s, const vb_req *r, double secs) {
  if (!s->log) return;
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  char when[32];
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  /* the path only: query strings are the user's, Authorization never */
  vb_buf method, path;
  vb_buf_init(&method, 0);
  vb_buf_init(&path, 0);
  log_field(&method, r->method);
  log_field(&path, r->path);
  pthread_mutex_lock(&s->log_mu);
  fprintf(s->log, "%s %.*s %.*s %u %zu %.1fms\n", when, (int)method.len, method.ptr ? method.ptr : "",
          (int)path.len, path.ptr ? path.ptr : "", r->status, r->bytes, secs * 1e3);
  fflush(s->log);
  pthread_mutex_unlock(&s->log_mu);
  vb_buf_free(&method);
  vb_buf_free(&path);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls) {
  (void)version;
  vb_server *s = cls;
  vb_req *r = *con_cls;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    r->srv = s;
    r->conn = c;
    r->t0 = now();
    snprintf(r->method, sizeof r->method, "%s", method);
    snprintf(r->path, sizeof r->path, "%s", url);
    vb_buf_init(&r->body, MAX_BODY);
    *con_cls = r;
    return MHD_YES;
  }
  if (*upload_size) {
    /* an oversized body is read and dropped, then refused whole */
    if (!r->too_big && vb_buf_add(&r->body, upload, *upload_size)) r->too_big = 1;
    *upload_size = 0;
    return MHD_YES;
  }
  int rc;
  r->route = VB_ROUTE_OTHER;
  if (r->too_big) rc = vb_http_error(r, 413, "body larger than %zu MiB", MAX_BODY >> 20);
  else if (strncmp(url, "/api/", 5) == 0 || !strcmp(url, "/health") || !strcmp(url, "/metrics"))
    rc = vb_http_api(r, url, method);
  else if (!strncmp(url, "/feeds/", 7) && (!strcmp(method, "GET") || !strcmp(method, "HEAD")))
    rc = vb_http_feed(r, url + 7);
  else if (strcmp(method, "GET") && strcmp(method, "HEAD"))
    rc = vb_http_error(r, 405, "%s is not allowed here", method);
  else if (!strncmp(url, "/static/", 8)) {
    r->route = VB_ROUTE_STATIC;
    rc = serve_file(r, url + 8);
  } else if (!strcmp(url, "/") || !strncmp(url, "/d/", 3) || !strncmp(url, "/e/", 3) ||
             !strncmp(url, "/s/", 3) ||
             !strcmp(url, "/timeline") || !strcmp(url, "/network")) {
    r->route = VB_ROUTE_STATIC;
    rc = serve_file(r, "index.html"); /* the page routes itself */
  } else
    rc = vb_http_error(r, 404, "no such page");
  return rc == MHD_YES ? MHD_YES : MHD_NO;
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls,
                 enum MHD_RequestTerminationCode why) {
  (void)c;
  (void)why;
  vb_server *s = cls;
  vb_req *r = *con_cls;
  if (!r) return;
  double secs = now() - r->t0;
  if (r->status) {
    count(s, r->route, r->status, secs);
    log_line(s, r, secs);
  }
  vb_buf_free(&r->body);
  free(r->cache_key);
  free(r);
  *con_cls = NULL;
}

/* ---- start and stop ------------------------------------------------------ */

static int parse_listen(const char *l, char *host, size_t hcap, int *port) {
  const char *colon = strrchr(l, ':');
  if (!colon || (size_t)(colon - l) >= hcap) return -1;
  memcpy(host, l, (size_t)(colon - l));
  host[colon - l] = '\0';
  char *end;
  long p = strtol(colon + 1, &end, 10);
  if (*end || p < 0 || p > 65535) return -1;
  *port = (int)p;
  return 0;
}

int vb_server_start(const vb_server_opts *o, vb_server **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_server *s = calloc(1, sizeof *s);
  if (!s) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  pthread_mutex_init(&s->mu, NULL);
  pthread_mutex_init(&s->log_mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  s->priv = o->priv;
  s->log = o->log;
  const char *web = o->web_dir ? o->web_dir : getenv("VERBATIM_WEB");
  /* empty: the files compiled in */
  snprintf(s->web_dir, sizeof s->web_dir, "%s", web && *web ? web : "");
  int rc = VB_OK;
  char host[256];
  int port = 0;
  if (parse_listen(o->listen ? o->listen : "127.0.0.1:8080", host, sizeof host, &port))
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "--listen wants HOST:PORT, not '%s'", o->listen);
  if (!rc && o->token_file) rc = load_tokens(s, o->token_file, err);
  int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  /* one address cannot take every connection and lock the others out
   * until the timeout (slow clients that keep their connections open) */
  unsigned per_client = o->per_client > 0 ? (unsigned)o->per_client : o->per_client < 0 ? 0u : PER_CLIENT;
  s->npool = threads + 1;
  s->pool = calloc((size_t)s->npool, sizeof *s->pool);
  s->busy = calloc((size_t)s->npool, sizeof *s->busy);
  s->seen_version = calloc((size_t)s->npool, sizeof *s->seen_version);
  s->ncache = o->cache < 0 ? 0 : o->cache ? (size_t)o->cache : 256;
  s->cache = s->ncache ? calloc(s->ncache, sizeof *s->cache) : NULL;
  if (!rc && (!s->pool || !s->busy || !s->seen_version || (s->ncache && !s->cache)))
    rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  for (int i = 0; !rc && i < s->npool; i++) {
    rc = vb_store_open(o->db, i == 0, &s->pool[i], err);
    if (!rc && o->read_db) rc = vb_store_read_from(s->pool[i], o->read_db, err);
  }
  /* documents posted here are parsed with the archive's corrections; the
   * built-in lexicon loads now, not in the first request */
  if (!rc) rc = vb_store_lexicon(s->pool[0], &s->lexicon, err);
  const vb_lexicon *dflt;
  if (!rc && !s->lexicon) rc = vb_lexicon_default(&dflt, err);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  if (!rc && inet_pton(AF_INET, host, &addr.sin_addr) != 1)
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "cannot listen on '%s': an IPv4 address is needed", host);
  if (!rc) {
    /* poll(), not epoll: with epoll, libmicrohttpd 0.9.75 (Debian 12)
     * misses a client's close while it waits for the rest of a request
     * line, or for the next request on a kept-alive connection, and keeps
     * the connection (CLOSE-WAIT) for the full CONNECTION_TIMEOUT. A client
     * sending "GET" and hanging up 256 times in 30 s locked everyone out. */
    s->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
        (uint16_t)port, NULL,
        NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client,
        MHD_OPTION_NOTIFY_COMPLETED, done, s, MHD_OPTION_END);
    if (!s->d) rc = vb_err_set(err, VB_EIO, "", -1, "cannot listen on %s:%d (in use?)", host, port);
  }
  if (!rc) rc = vb_http_streams_start(s, err);
  if (rc) {
    vb_server_stop(s);
    return rc;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : port;
  *out = s;
  return VB_OK;
}

int vb_server_port(const vb_server *s) { return s->port; }

void vb_server_stop(vb_server *s) {
  if (!s) return;
  vb_http_streams_stop(s); /* open streams end first */
  if (s->d) MHD_stop_daemon(s->d);
  vb_http_streams_free(s);
  for (int i = 0; s->pool && i < s->npool; i++) vb_store_close(s->pool[i]);
  free(s->pool);
  free(s->busy);
  free(s->seen_version);
  for (size_t i = 0; s->cache && i < s->ncache; i++) {
    free(s->cache[i].key);
    free(s->cache[i].json);
  }
  free(s->cache);
  for (size_t i = 0; i < s->ntokens; i++) free(s->tokens[i]);
  vb_lexicon_free(s->lexicon);
  pthread_mutex_destroy(&s->mu);
  pthread_mutex_destroy(&s->log_mu);
  pthread_cond_destroy(&s->cv);
  free(s);
}
