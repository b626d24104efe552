/* libFuzzer: HTTP request handling on any bytes. One server (the real
 * one: libmicrohttpd, routing, argument parsing, the JSON API, static
 * files, feeds) runs on loopback over a small archive for the whole run;
 * each input is sent as the raw bytes of a connection, the sending side
 * is then closed, and the answer read to its end. What any answer must
 * be: an HTTP status line (or no answer at all, for bytes that are not
 * a request), never a 5xx other than 503 (busy) and 505 (HTTP version),
 * and when it says JSON, JSON (jansson refuses bytes that are not UTF-8).
 *
 * The server has no token file: writes are refused (403), so an input
 * can neither grow the archive nor add a watch whose sink is a file.
 * Documents posted are fuzzed by the reader targets instead. */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "verbatim.h"

#define DB "build-fuzz/fuzz-http.db"
/* The wait for the first byte of an answer: a stream (/api/alerts/stream)
 * left open by design, or a request libmicrohttpd still waits on after
 * the client's half-close, must not stall the run; an answer slower than
 * this goes unchecked. The read ends as soon as the first answer is
 * whole, or when the server is quiet for IDLE_MS after it began (a
 * connection kept alive is not always closed at once). */
#define READ_TIMEOUT_MS 50
#define IDLE_MS 50
#define MAX_ANSWER ((size_t)8 << 20)

static vb_server *srv;
static int port;
static char answer[MAX_ANSWER + 1];

static int put_file(vb_store *st, const char *path) {
  char *bytes;
  size_t len;
  vb_err err;
  if (vb_file_read(path, &bytes, &len, &err)) return -1;
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, NULL, &doc, &err), added;
  free(bytes);
  if (!rc) rc = vb_store_put(st, doc, &added, &err);
  vb_doc_free(doc);
  return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  vb_store *st;
  vb_err err;
  /* the same two documents every run: ingest is idempotent */
  if (vb_store_open(DB, 1, &st, &err) || put_file(st, "../shared/corpus/memri/sd-10850.txt") ||
      put_file(st, "tests/golden/dispatch-second.txt") || vb_store_flush(st, &err)) {
    fprintf(stderr, "fuzz_http: cannot build %s: %s\n", DB, err.msg);
    abort();
  }
  /* a watch, so /feeds/ and /api/alerts have something to read */
  vb_watch_add(st, "fuzz", "kalashnikov", NULL, NULL, &err);
  vb_store_close(st);
  /* answers not cached, so every search runs the search */
  vb_server_opts o = {.db = DB, .listen = "127.0.0.1:0", .threads = 2, .cache = -1};
  if (vb_server_start(&o, &srv, &err)) {
    fprintf(stderr, "fuzz_http: cannot start the server: %s\n", err.msg);
    abort();
  }
  port = vb_server_port(srv);
  return 0;
}

/* Whether a[0..n) holds a whole first answer: its head and as many body
 * bytes as its Content-Length says. */
static int answer_whole(const char *a, size_t n) {
  const char *end = memmem(a, n, "\r\n\r\n", 4);
  if (!end) return 0;
  const char *cl = strcasestr(a, "\r\nContent-Length:");
  if (!cl || cl > end) return 0;
  long want = strtol(cl + 17, NULL, 10);
  return want >= 0 && (size_t)(a + n - (end + 4)) >= (size_t)want;
}

/* An answer to HEAD has a Content-Length but no body: what follows it
 * is the next answer. The first request is HEAD when the input starts so
 * (after what a server skips before a request line: empty lines, and the
 * NULs libmicrohttpd passes over too; an input opening "\r\n\0\r\0\r\nHEAD"
 * was answered as HEAD and its next answer read as the first's body). */
static int first_is_head(const uint8_t *data, size_t size) {
  size_t i = 0;
  while (i < size && (data[i] == '\r' || data[i] == '\n' || data[i] == '\0')) i++;
  return size - i >= 5 && !memcmp(data + i, "HEAD ", 5);
}

/* Whether the input holds a HEAD request anywhere: libmicrohttpd passes
 * over more than empty lines before a request line (an input opening
 * "\0\0st: 127.0.0.1GET0.1\r\n\r\n\r\nHEAD  …" was answered as HEAD),
 * so a first answer with no body may be HEAD's even when the input does
 * not open with it. */
static int any_head(const uint8_t *data, size_t size) {
  return memmem(data, size, "HEAD ", 5) != NULL;
}

static void check_answer(const char *a, size_t n, int head, int maybe_head) {
  if (n == 0) return; /* closed without a word: bytes that were no request */
  if (n < 12 || strncmp(a, "HTTP/1.", 7)) abort();
  int status = (int)strtol(a + 9, NULL, 10);
  if (status < 100 || status > 599) abort();
  if (status >= 500 && status != 503 && status != 505) abort();
  const char *end = strstr(a, "\r\n\r\n");
  if (!end) return; /* cut short by the read timeout */
  const char *type = strcasestr(a, "\r\nContent-Type: application/json");
  const char *cl = strcasestr(a, "\r\nContent-Length:");
  if (!type || type > end || !cl || cl > end) return;
  long want = strtol(cl + 17, NULL, 10);
  const char *body = end + 4;
  /* the first answer only, and only whole */
  if (head || want <= 0 || (size_t)(a + n - body) < (size_t)want) return;
  /* a bodiless answer to a HEAD the input held after other bytes: what
   * follows its head is the next answer */
  if (maybe_head && !strncmp(body, "HTTP/1.", 7)) return;
  json_error_t e;
  json_t *j = json_loadb(body, (size_t)want, 0, &e);
  if (!j) {
    fprintf(stderr, "fuzz_http: a JSON answer that is not JSON (%s): %.300s\n", e.text, body);
    abort();
  }
  json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct timeval tv = {READ_TIMEOUT_MS / 1000, (READ_TIMEOUT_MS % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr)) {
    close(fd);
    return 0;
  }
  for (size_t off = 0; off < size;) {
    ssize_t k = send(fd, data + off, size - off, MSG_NOSIGNAL);
    if (k <= 0) break; /* the server stopped reading: it answers or closes */
    off += (size_t)k;
  }
  shutdown(fd, SHUT_WR); /* no more bytes: an unfinished request ends here */
  size_t n = 0;
  while (n < MAX_ANSWER) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, n ? IDLE_MS : READ_TIMEOUT_MS) <= 0) break;
    ssize_t k = recv(fd, answer + n, MAX_ANSWER - n, 0);
    if (k <= 0) break;
    n += (size_t)k;
    answer[n] = '\0';
    if (answer_whole(answer, n)) break;
  }
  close(fd);
  answer[n] = '\0';
  check_answer(answer, n, first_is_head(data, size), any_head(data, size));
  return 0;
}
