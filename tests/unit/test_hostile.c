/* The HTTP server against hostile clients, over raw sockets so that the
 * bytes are exactly what an attacker would send: malformed request lines,
 * headers past the connection's memory, bytes that are not UTF-8 in the
 * path and the query, a huge query string, a query nested 10,000 deep,
 * clients that send half a request and stall or hang up, paths that try to leave the
 * web directory, queries that try SQL and FTS5 injection, cross-origin
 * requests, and a log that must not carry the bearer token or lines a
 * client forged. Each is refused or answered safely, and afterwards a
 * normal search still finds what it found before and the archive passes
 * its check. Bounded: the whole file runs in a few seconds. */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "verbatim.h"

static char DB[512];
#define TOKEN "hostile-token-0123456789abcdef"
#define TOKENS "build/test-hostile.tokens"
#define LOG "build/test-hostile.log"
#define SEED SHARED_DIR "/corpus/memri/sd-10850.txt"
/* What a normal search must keep finding. */
#define PROBE "/api/search?q=speaker%3Abaraka%20kalashnikov"

static vb_server *srv;
static FILE *log_file;
static int port;
static json_int_t probe_total; /* the probe's hits before any attack */

typedef struct reply {
  int status;   /* 0: the server closed without answering */
  char *head;   /* status line and headers */
  char *body;
  size_t len;   /* of body */
} reply;

static void reply_free(reply *r) {
  free(r->head);
  free(r->body);
}

/* A connection from a loopback address of our choosing (all of 127/8 is
 * loopback); -1 if this machine will not bind it. */
static int connect_from(const char *source) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  struct sockaddr_in src = {.sin_family = AF_INET};
  inet_pton(AF_INET, source, &src.sin_addr);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&src, sizeof src) || connect(fd, (struct sockaddr *)&a, sizeof a)) {
    close(fd);
    return -1;
  }
  return fd;
}

static int connect_server(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  struct timeval tv = {5, 0}; /* no answer in 5 s is a failure, not a hang */
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

/* Sends as much of req as the server takes (it may close early on an
 * oversized request: that is an answer too). */
static void send_all(int fd, const char *req, size_t n) {
  while (n) {
    ssize_t k = send(fd, req, n, MSG_NOSIGNAL);
    if (k <= 0) return;
    req += k;
    n -= (size_t)k;
  }
}

/* Reads one response: the head, then Content-Length bytes (or to EOF). */
static reply read_reply(int fd) {
  reply r = {0, NULL, NULL, 0};
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  assert_non_null(buf);
  char *end = NULL;
  long want = -1;
  for (;;) {
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
      assert_non_null(buf);
    }
    ssize_t k = recv(fd, buf + n, cap - n, 0);
    if (k <= 0) break;
    n += (size_t)k;
    buf[n] = '\0';
    if (!end && (end = strstr(buf, "\r\n\r\n"))) {
      const char *cl = strcasestr(buf, "\r\nContent-Length:");
      if (cl && cl < end) want = strtol(cl + 17, NULL, 10);
    }
    if (end && want >= 0 && n - (size_t)(end + 4 - buf) >= (size_t)want) break;
  }
  buf[n] = '\0';
  if (n > 12 && !strncmp(buf, "HTTP/1.", 7)) r.status = (int)strtol(buf + 9, NULL, 10);
  end = strstr(buf, "\r\n\r\n");
  size_t hl = end ? (size_t)(end - buf) : n;
  r.head = strndup(buf, hl);
  r.len = end ? n - hl - 4 : 0;
  r.body = malloc(r.len + 1);
  assert_non_null(r.head);
  assert_non_null(r.body);
  memcpy(r.body, end ? end + 4 : "", r.len);
  r.body[r.len] = '\0';
  free(buf);
  return r;
}

static reply raw(const char *req, size_t n) {
  int fd = connect_server();
  send_all(fd, req, n);
  reply r = read_reply(fd);
  close(fd);
  return r;
}

static reply raws(const char *req) { return raw(req, strlen(req)); }

/* A GET of target with Connection: close, extra headers (each ending in
 * \r\n) before the blank line. */
static reply get(const char *target, const char *headers) {
  size_t n = strlen(target) + (headers ? strlen(headers) : 0) + 128;
  char *req = malloc(n);
  assert_non_null(req);
  snprintf(req, n, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n", target,
           headers ? headers : "");
  reply r = raws(req);
  free(req);
  return r;
}

static int is_4xx(int status) { return status >= 400 && status < 500; }

/* A JSON answer must be JSON (jansson refuses bytes that are not UTF-8). */
static void assert_json_body(const reply *r, const char *what) {
  json_error_t e;
  json_t *j = json_loadb(r->body, r->len, 0, &e);
  if (!j) fail_msg("%s: status %d, body is not JSON (%s): %.200s", what, r->status, e.text, r->body);
  json_decref(j);
}

static json_int_t total_of(const char *target) {
  reply r = get(target, NULL);
  if (r.status != 200) fail_msg("%s: status %d: %.200s", target, r.status, r.body);
  json_t *j = json_loadb(r.body, r.len, 0, NULL);
  assert_non_null(j);
  json_int_t t = json_integer_value(json_object_get(j, "total"));
  json_decref(j);
  reply_free(&r);
  return t;
}

/* The server still answers, and a normal search finds what it did. */
static void still_serving(const char *after) {
  json_int_t t = total_of(PROBE);
  if (t != probe_total)
    fail_msg("after %s: the probe search finds %lld, before %lld", after, (long long)t,
             (long long)probe_total);
}

static int setup(void **state) {
  (void)state;
  if (test_archive("test-hostile", DB, sizeof DB)) return -1;
  FILE *f = fopen(TOKENS, "w");
  if (!f) return -1;
  fputs(TOKEN "\n", f);
  fclose(f);
  vb_store *st;
  vb_err err;
  if (vb_store_open(DB, 1, &st, &err)) return -1;
  static const char *const files[] = {SEED, "tests/golden/dispatch-second.txt"};
  for (size_t i = 0; i < 2; i++) {
    char *bytes;
    size_t len;
    vb_doc *d;
    int added;
    if (vb_file_read(files[i], &bytes, &len, &err)) return -1;
    int rc = vb_doc_parse(bytes, len, files[i], NULL, &d, &err);
    free(bytes);
    if (rc || vb_store_put(st, d, &added, &err)) return -1;
    vb_doc_free(d);
  }
  vb_store_close(st);
  log_file = fopen(LOG, "w");
  if (!log_file) return -1;
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .token_file = TOKENS, .threads = 2,
                      .log = log_file};
  if (vb_server_start(&o, &srv, &err)) {
    fprintf(stderr, "server: %s\n", err.msg);
    return -1;
  }
  port = vb_server_port(srv);
  probe_total = total_of(PROBE);
  return probe_total > 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  vb_server_stop(srv);
  if (log_file) fclose(log_file);
  return 0;
}

/* Request lines no HTTP client sends. libmicrohttpd answers most with a
 * 4xx; a line it cannot even split into parts it closes without a word
 * (allowed below only where `may_close`). */
static void malformed_request_lines(void **state) {
  (void)state;
  static const struct {
    const char *req;
    int may_close;
  } cases[] = {
      {"GET /health\r\n\r\n", 0},                          /* no version */
      {"GET  HTTP/1.1\r\nHost: a\r\n\r\n", 1},              /* no target */
      {"GET /health HTTP/1.1 extra\r\nHost: a\r\n\r\n", 1}, /* a fourth part */
      {"GET /health HTTP/1.1\r\nHost a\r\n\r\n", 0},        /* a header without a colon */
      {"GARBAGE\r\n\r\n", 1},
      {"GET /health HTTP/1.1\nHost: a\n\x01\x02\x03\r\n\r\n", 1},
      {"POST /api/documents HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", 0},
      {"POST /api/documents HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 0},
      {"POST /api/documents HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0},
      {"GET /%zz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 0}, /* a bad escape */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    reply r = raws(cases[i].req);
    if (!(is_4xx(r.status) || (cases[i].may_close && r.status == 0)))
      fail_msg("case %zu (%.40s): status %d: %.200s", i, cases[i].req, r.status, r.head);
    reply_free(&r);
  }
  /* every byte value in a request line */
  char junk[300];
  for (int i = 0; i < 256; i++) junk[i] = (char)i;
  memcpy(junk + 256, "\r\n\r\n", 4);
  reply r = raw(junk, 260);
  assert_true(is_4xx(r.status) || r.status == 0);
  reply_free(&r);
  /* a version no one speaks: refused, not answered as HTTP/1.1 */
  r = raws("GET /health HTTP/9.9\r\nHost: a\r\n\r\n");
  assert_int_equal(r.status, 505);
  reply_free(&r);
  still_serving("malformed request lines");
}

/* Headers past CONNECTION_MEMORY (64 KiB): one huge header, and very many. */
static void oversized_headers(void **state) {
  (void)state;
  size_t big = (size_t)80 << 10;
  char *req = malloc(big + 256);
  assert_non_null(req);
  int n = snprintf(req, 256, "GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ");
  memset(req + n, 'a', big);
  memcpy(req + n + big, "\r\n\r\n", 5);
  reply r = raws(req);
  if (!is_4xx(r.status)) fail_msg("one 80 KiB header: status %d", r.status);
  reply_free(&r);
  size_t len = (size_t)snprintf(req, 256, "GET /health HTTP/1.1\r\nHost: a\r\n");
  for (int i = 0; len + 32 < big; i++) len += (size_t)snprintf(req + len, 32, "X-%d: y\r\n", i);
  memcpy(req + len, "\r\n", 3);
  r = raws(req);
  if (!is_4xx(r.status)) fail_msg("10,000 headers: status %d", r.status);
  reply_free(&r);
  free(req);
  still_serving("oversized headers");
}

/* Bytes that are not UTF-8, raw and percent-encoded, in the path and the
 * query: refused or answered, and every answer is valid JSON. */
static void invalid_utf8(void **state) {
  (void)state;
  static const char *const targets[] = {
      "/api/speakers/%FF%FE%C0",       "/api/speakers/\xff\xfe",
      "/api/entities/%FF%FE",          "/api/documents/%FF%FE%FD%FC%FB%FA",
      "/api/documents/%C3%28",         "/api/nothing/%ED%A0%80", /* a UTF-16 surrogate */
      "/api/search?q=%FF%FEbaraka",    "/api/search?q=speaker%3A%FF%FE",
      "/api/search?q=%22%FF",          "/api/search?q=%C0%AF",   /* an overlong "/" */
      "/api/search?q=\xff\xfe",        "/api/timeline?q=%F8%88%80%80%80",
      "/api/network?q=mentions%3A%FF", "/api/entities?q=%FF",
  };
  for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
    reply r = get(targets[i], NULL);
    if (!(is_4xx(r.status) || r.status == 200)) fail_msg("%s: status %d", targets[i], r.status);
    assert_json_body(&r, targets[i]);
    reply_free(&r);
  }
  still_serving("invalid UTF-8");
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail) {
  size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
  char *s = malloc(hl + ul * times + tl + 1);
  assert_non_null(s);
  memcpy(s, head, hl);
  for (size_t i = 0; i < times; i++) memcpy(s + hl + i * ul, unit, ul);
  memcpy(s + hl + ul * times, tail, tl + 1);
  return s;
}

/* A query string past the connection's memory, one past the query
 * language's 4 KiB, and nesting 10,000 deep (and 2,000 deep within 4 KiB):
 * each refused with a 4xx, none recursed into. */
static void huge_and_nested_queries(void **state) {
  (void)state;
  static const struct {
    const char *unit, *tail;
    size_t times;
  } cases[] = {
      {"a", "", (size_t)100 << 10}, /* 100 KiB: past the connection's memory */
      {"a", "", 8000},              /* past the query language's limit */
      {"(", "", 10000},
      {"%28", "peace", 2000},       /* decoded: 2,000 bytes of "(" */
      {"%28", "peace", 1000},
      {"-", "peace", 3000},
      {"NOT%20", "peace", 600},
      {"%22", "", 3001},            /* quotes that never pair up */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *target = repeat("/api/search?q=", cases[i].unit, cases[i].times, cases[i].tail);
    reply r = get(target, NULL);
    if (!is_4xx(r.status)) fail_msg("%zu × \"%s\": status %d: %.200s", cases[i].times, cases[i].unit, r.status, r.body);
    /* libmicrohttpd's own refusals are HTML; ours are JSON */
    if (strcasestr(r.head, "application/json")) assert_json_body(&r, "nested query");
    reply_free(&r);
    free(target);
  }
  /* balanced nesting within the limits is an ordinary query */
  char *target = repeat("/api/search?q=", "%28", 50, "kalashnikov");
  char *full = repeat(target, "%29", 50, "");
  reply r = get(full, NULL);
  if (r.status != 200) fail_msg("50 balanced parentheses: status %d: %.200s", r.status, r.body);
  reply_free(&r);
  free(target);
  free(full);
  still_serving("huge and nested queries");
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Clients that send half a request and stall (the server drops them
 * after 30 s, longer than a test should wait): meanwhile others are
 * served at once, and the stalled ones get no answer to half a question. */
static void slow_clients_do_not_block_others(void **state) {
  (void)state;
  enum { STALLED = 64 };
  int fds[STALLED];
  static const char *const halves[] = {
      "GET /api/search?q=kalash",
      "GET /api/search?q=kalashnikov HTTP/1.1\r\nHost: a\r\n",
      "POST /api/documents HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nHost: Hello.",
  };
  for (int i = 0; i < STALLED; i++) {
    /* from another address than the searches below, as they would be */
    fds[i] = connect_from("127.0.0.3");
    if (fds[i] < 0) fds[i] = connect_server();
    send_all(fds[i], halves[i % 3], strlen(halves[i % 3]));
  }
  double t0 = seconds();
  for (int k = 0; k < 5; k++) still_serving("slow clients stalled");
  double dt = seconds() - t0;
  if (dt > 2.0) fail_msg("5 searches took %.2f s beside %d stalled clients", dt, STALLED);
  /* nothing was answered to the stalled ones */
  for (int i = 0; i < STALLED; i++) {
    struct pollfd p = {.fd = fds[i], .events = POLLIN};
    int ready = poll(&p, 1, i == 0 ? 200 : 0);
    if (ready > 0) {
      char c;
      if (recv(fds[i], &c, 1, MSG_DONTWAIT) > 0) fail_msg("stalled client %d got an answer", i);
    }
    close(fds[i]);
  }
  still_serving("slow clients gone");
}

/* One address opening every connection the server has and keeping them
 * open with half a request: it gets its share (64), the rest are closed at
 * once, and a client from another address is still answered at once. */
static void one_address_cannot_take_every_connection(void **state) {
  (void)state;
  enum { GREEDY = 256 };
  int fds[GREEDY];
  int n = 0;
  for (; n < GREEDY; n++) {
    fds[n] = connect_from("127.0.0.2");
    if (fds[n] < 0) break;
    send_all(fds[n], "GET /api/search?q=kala", 22);
  }
  if (n == 0) skip(); /* no second loopback address here */
  assert_int_equal(n, GREEDY);
  double t0 = seconds();
  still_serving("one address holding its share");
  double dt = seconds() - t0;
  if (dt > 2.0) fail_msg("a search took %.2f s while one address held %d connections", dt, GREEDY);
  /* the server closed what was over the share */
  int closed = 0;
  for (int i = 0; i < GREEDY; i++) {
    struct pollfd p = {.fd = fds[i], .events = POLLIN};
    char c;
    if (poll(&p, 1, 0) > 0 && recv(fds[i], &c, 1, MSG_DONTWAIT) <= 0) closed++;
    close(fds[i]);
  }
  if (closed < GREEDY - 64) fail_msg("only %d of %d connections over the share were closed", closed, GREEDY - 64);
  still_serving("the greedy address gone");
}

/* Connections the server still holds after their client hung up: sockets
 * on its port in CLOSE-WAIT (state 08 in /proc/net/tcp). */
static int close_wait_count(void) {
  FILE *f = fopen("/proc/net/tcp", "r");
  if (!f) return -1;
  char line[512];
  int n = 0;
  /* "  sl: LOCALADDR:PORT REMADDR:PORT ST …", all hex */
  while (fgets(line, sizeof line, f)) {
    char *p = strchr(line, ':');
    p = p ? strchr(p + 1, ':') : NULL;
    if (!p) continue;
    char *end;
    unsigned long local_port = strtoul(p + 1, &end, 16);
    p = strchr(end, ':');
    if (!p) continue;
    strtoul(p + 1, &end, 16);
    unsigned long st = strtoul(end, NULL, 16);
    if (local_port == (unsigned long)port && st == 0x08) n++;
  }
  fclose(f);
  return n;
}

/* Clients that hang up before a whole request (or after an answer on a
 * kept-alive connection) give their connection back at once: 300 of them,
 * more than the server's 256 connections, must not lock others out for
 * the 30 s the server waits on a silent client. */
static void hung_up_clients_free_their_connection(void **state) {
  (void)state;
  static const char *const partial[] = {"G", "GET", "?3", "GET /x HTTP/1.1\r\nHost: a\r\n\rz",
                                        "GET /health HTTP/1.1\r\nHost: a\r\n\r\n"};
  for (int i = 0; i < 300; i++) {
    int fd = connect_server();
    send_all(fd, partial[i % 5], strlen(partial[i % 5]));
    shutdown(fd, SHUT_WR);
    close(fd);
  }
  double t0 = seconds();
  still_serving("300 clients that hung up");
  if (seconds() - t0 > 2.0) fail_msg("a search took %.2f s after 300 clients hung up", seconds() - t0);
  int held = -1;
  for (int tries = 0; tries < 50 && held != 0; tries++) {
    held = close_wait_count();
    if (held > 0) usleep(20000);
  }
  if (held > 0) fail_msg("the server still holds %d connections whose client hung up", held);
}

/* /static/ serves the web directory and nothing else; the page routes
 * (/d/…) answer with the page itself whatever follows them. */
static void path_traversal(void **state) {
  (void)state;
  reply r = get("/static/app.js", NULL);
  assert_int_equal(r.status, 200); /* the test can see a file when one is served */
  reply_free(&r);
  static const char *const targets[] = {
      "/static/../Makefile",
      "/static/../../../../../../etc/passwd",
      "/static/%2e%2e/Makefile",
      "/static/%2E%2E/%2E%2E/etc/passwd",
      "/static/..%2fMakefile",
      "/static/..%2f..%2f..%2fetc%2fpasswd",
      "/static/%2e%2e%2fMakefile",
      "/static/..%5cMakefile",
      "/static//etc/passwd",
      "/static/%2fetc%2fpasswd",
      "/static/.%2e/Makefile",
      "/static/%252e%252e/Makefile", /* double-encoded */
      "/static/..%c0%afMakefile",    /* an overlong "/" */
      "/static/./../Makefile",
      "/static/.git/config",
      "/static/....//Makefile",
      "/static/app.js/../../Makefile",
      "/feeds/..%2f..%2fMakefile.atom",
      "/d/../../Makefile",
      "/d/..%2f..%2f..%2fetc%2fpasswd",
  };
  for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
    r = get(targets[i], NULL);
    int page = !strncmp(targets[i], "/d/", 3);
    if (page ? r.status != 200 || !strstr(r.body, "/static/app.js") : !is_4xx(r.status))
      fail_msg("%s: status %d", targets[i], r.status);
    if (strstr(r.body, "root:") || strstr(r.body, "CFLAGS") || strstr(r.body, "[core]"))
      fail_msg("%s: a file from outside the web directory: %.200s", targets[i], r.body);
    reply_free(&r);
  }
}

/* SQL and FTS5 syntax in the query language: refused (400) or answered
 * (200) as words, never run. */
static void injection_attempts(void **state) {
  (void)state;
  static const char *const queries[] = {
      "%27%3B%20DROP%20TABLE%20statements%3B%20--",      /* '; DROP TABLE statements; -- */
      "x%27%20OR%20%271%27%3D%271",                      /* x' OR '1'='1 */
      "kalashnikov%27)%3B%20DELETE%20FROM%20documents%3B--",
      "speaker%3A%22x%27%20OR%201%3D1%20--%22",          /* speaker:"x' OR 1=1 --" */
      "NEAR(", "NEAR(kalashnikov%20baraka%2C%200)",
      "%22", "*", "kalashnikov*%22", "%5E", "text%3Akalashnikov", "%7Btext%7D%3A%20kalashnikov",
      "-text%3Akalashnikov", "kalashnikov%20NEAR%2F99999999999%20baraka", "rank%3A1",
      "date%3A2023-10-08%27%20OR%20%271",                /* date:2023-10-08' OR '1 */
      "doc%3A%25", "tag%3A%25%27", "after%3A0000-00-00", "before%3A%27--",
      "%00kalashnikov", "kalashnikov%00%27%3B",
  };
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    char target[512];
    snprintf(target, sizeof target, "/api/search?q=%s&facets=speaker,entity,tag,month", queries[i]);
    reply r = get(target, NULL);
    if (r.status != 200 && r.status != 400) fail_msg("%s: status %d: %.200s", queries[i], r.status, r.body);
    assert_json_body(&r, queries[i]);
    reply_free(&r);
  }
  still_serving("injection attempts");
  /* the tables are all there */
  assert_true(total_of("/api/search?q=kalashnikov") > 0);
  reply r = get("/health", NULL);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"documents\":2"));
  reply_free(&r);
}

/* No header grants another origin access: a page elsewhere cannot read
 * the archive through a visitor's browser. */
static void no_cors_by_default(void **state) {
  (void)state;
  static const char *const targets[] = {PROBE, "/api/speakers", "/health", "/static/app.js"};
  for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
    reply r = get(targets[i], "Origin: http://evil.example\r\n");
    assert_int_equal(r.status, 200);
    if (strcasestr(r.head, "Access-Control-Allow")) fail_msg("%s answers with CORS: %s", targets[i], r.head);
    reply_free(&r);
  }
  reply r = raws("OPTIONS /api/watches HTTP/1.1\r\nHost: a\r\nOrigin: http://evil.example\r\n"
                 "Access-Control-Request-Method: POST\r\n"
                 "Access-Control-Request-Headers: authorization\r\nConnection: close\r\n\r\n");
  assert_true(is_4xx(r.status));
  if (strcasestr(r.head, "Access-Control-Allow")) fail_msg("a preflight is granted: %s", r.head);
  reply_free(&r);
}

/* The log has one line per request, never the token, never a line a
 * client wrote into its path. */
static void log_keeps_no_secrets_and_no_forged_lines(void **state) {
  (void)state;
  char req[1024];
  snprintf(req, sizeof req,
           "POST /api/watches HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer %s\r\n"
           "Content-Type: application/json\r\nContent-Length: 40\r\nConnection: close\r\n\r\n"
           "{\"name\":\"hostile\",\"query\":\"kalashnikov\"}",
           TOKEN);
  reply r = raws(req);
  assert_int_equal(r.status, 201);
  reply_free(&r);
  r = get("/api/watches", "Authorization: Bearer " TOKEN "\r\n");
  assert_int_equal(r.status, 200);
  reply_free(&r);
  r = get("/api/x%0A2026-01-01T00:00:00Z%20GET%20/forged%20200%200%200.0ms%0D", NULL);
  assert_int_equal(r.status, 404);
  assert_json_body(&r, "a newline in the path");
  reply_free(&r);
  r = get("/api/nothing", "Authorization: Bearer wrong-token-0123456789abcdef\r\n");
  assert_int_equal(r.status, 404);
  reply_free(&r);
  /* lines are written when a request completes, just after its answer */
  char text[1 << 16];
  size_t n = 0;
  for (int tries = 0; tries < 50; tries++) {
    FILE *f = fopen(LOG, "r");
    assert_non_null(f);
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    /* each request's line, in whatever order the threads finished */
    if (strstr(text, "/api/nothing") && strstr(text, "/forged") && strstr(text, "POST /api/watches")) break;
    usleep(20000);
  }
  assert_non_null(strstr(text, "POST /api/watches 201"));
  if (strstr(text, TOKEN) || strstr(text, "wrong-token") || strstr(text, "Bearer"))
    fail_msg("the log holds a bearer token:\n%s", text);
  for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
    if (strncmp(line, "20", 2) || line[4] != '-' || line[10] != 'T')
      fail_msg("a log line that is not the server's:\n%.200s", line);
    if (!strchr(line, '\n')) break;
  }
  assert_null(strstr(text, "\n2026-01-01T00:00:00Z GET /forged"));
  assert_non_null(strstr(text, "/api/x%0A2026-01-01T00:00:00Z%20GET%20/forged"));
}

/* After everything above: the archive is whole. */
static void archive_intact(void **state) {
  (void)state;
  still_serving("every attack");
  vb_store *st;
  vb_err err;
  assert_int_equal(vb_store_open(DB, 0, &st, &err), 0);
  int problems = -1;
  char *report = NULL;
  assert_int_equal(vb_store_check(st, &problems, &report, &err), 0);
  if (problems) fail_msg("check: %s", report);
  free(report);
  int64_t docs, speakers, statements;
  assert_int_equal(vb_store_counts(st, &docs, &speakers, &statements, &err), 0);
  assert_int_equal(docs, 2);
  vb_store_close(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(malformed_request_lines),
      cmocka_unit_test(oversized_headers),
      cmocka_unit_test(invalid_utf8),
      cmocka_unit_test(huge_and_nested_queries),
      cmocka_unit_test(slow_clients_do_not_block_others),
      cmocka_unit_test(hung_up_clients_free_their_connection),
      cmocka_unit_test(one_address_cannot_take_every_connection),
      cmocka_unit_test(path_traversal),
      cmocka_unit_test(injection_attempts),
      cmocka_unit_test(no_cors_by_default),
      cmocka_unit_test(log_keeps_no_secrets_and_no_forged_lines),
      cmocka_unit_test(archive_intact),
  };
  return cmocka_run_group_tests_name("hostile", tests, setup, teardown);
}
