/* stream — alerts as Server-Sent Events at /api/alerts/stream.
 *
 * One watcher thread asks the archive for alerts newer than the last it
 * saw, every STREAM_POLL_MS: whoever recorded them (an ingest in another
 * process, a document POSTed here), they reach every open stream, and
 * the pending ones are delivered to their watches' sinks. The newest
 * STREAM_RING alerts are kept in memory for the streams to read.
 *
 * A stream never blocks a server thread: when it has nothing to send, its
 * connection is suspended (libmicrohttpd's flow control) and the watcher
 * resumes it when alerts arrive, or every STREAM_HEARTBEAT_S seconds for a
 * keep-alive comment — which is also how a stream whose client has gone
 * is noticed and closed. Each event carries the alert's id, so a client
 * that reconnects with Last-Event-ID (or ?after=ID) misses nothing still
 * in the ring; older alerts are in /api/alerts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "http.h"

#define STREAM_MAX 64         /* open streams; more are refused with 503 */
#define STREAM_PER_CLIENT 16  /* open streams of one address: a quarter of them (429 past it) */
#define STREAM_RING 1024      /* recent alerts kept for the streams */
#define STREAM_POLL_MS 250    /* how often the archive is asked */
#define STREAM_HEARTBEAT_S 15 /* a comment this often: proxies keep the line open */
#define STREAM_BATCH 256      /* alerts read from the archive per ask */

typedef struct event {
  int64_t id;
  char *watch, *json;
} event;

typedef struct stream {
  vb_server *srv;
  struct MHD_Connection *conn;
  int64_t cursor;   /* the last alert id it has passed */
  uint32_t ip;      /* the client's address */
  char watch[80];   /* only this watch's alerts; "" all */
  int suspended, greeted;
  double last_write;
  vb_buf out;       /* formatted, not yet handed over */
  size_t out_off;
} stream;

struct vb_streams {
  pthread_mutex_t mu;
  pthread_t thread;
  int running, stopping;
  event ring[STREAM_RING];
  uint64_t total;   /* alerts ever put in the ring */
  int64_t last_id;  /* the newest alert seen */
  double last_beat;
  stream *open[STREAM_MAX];
  size_t nopen;
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resumes the suspended streams that have alerts to read (all of them:
 * every one); the lock is held. Asked on every poll, so a stream parked
 * a moment too early is woken by the next one. */
static void wake(struct vb_streams *x, int all) {
  for (size_t i = 0; i < x->nopen; i++) {
    stream *z = x->open[i];
    if (z->suspended && (all || z->cursor < x->last_id)) {
      z->suspended = 0;
      MHD_resume_connection(z->conn);
    }
  }
}

/* Puts the alerts into the ring, each as the JSON a sink gets; how many. */
static size_t take(struct vb_streams *x, const vb_alert_list *l) {
  size_t n = 0;
  for (size_t i = 0; i < l->n; i++) {
    const vb_alert *al = &l->alerts[i];
    int64_t id = al->id;
    char *line = NULL;
    vb_err err;
    vb_alert_to_json(l, i, &line, &err);
    char *watch = strndup(al->watch.ptr ? al->watch.ptr : "", al->watch.len);
    if (!line || !watch) {
      free(line);
      free(watch);
      break;
    }
    pthread_mutex_lock(&x->mu);
    event *e = &x->ring[x->total % STREAM_RING];
    free(e->watch);
    free(e->json);
    *e = (event){id, watch, line};
    x->total++;
    x->last_id = id;
    pthread_mutex_unlock(&x->mu);
    n++;
  }
  return n;
}

static void *watcher(void *arg) {
  vb_server *s = arg;
  struct vb_streams *x = s->streams;
  for (;;) {
    struct timespec ts = {0, (long)STREAM_POLL_MS * 1000000L};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&x->mu);
    int stop = x->stopping;
    int64_t after = x->last_id;
    pthread_mutex_unlock(&x->mu);
    if (stop) break;
    size_t got = 0;
    vb_alert_list *l = NULL;
    vb_err err;
    vb_store *st = vb_http_borrow(s);
    /* a failure here (a busy archive) is tried again next time */
    if (!vb_alerts_after(st, after, STREAM_BATCH, &l, &err)) {
      vb_alert_list_redact(l); /* the webhook's path and query never go out */
      got = take(x, l);
    }
    vb_alert_list_free(l);
    pthread_mutex_lock(&x->mu);
    double t = now();
    int beat = t - x->last_beat >= STREAM_HEARTBEAT_S;
    if (beat) x->last_beat = t;
    wake(x, beat);
    pthread_mutex_unlock(&x->mu);
    /* new alerts go to their watches' sinks too (claimed, so an ingest
     * delivering at the same time sends none twice); what failed is
     * tried again at the next beat */
    size_t delivered;
    if (got || beat) vb_alerts_deliver(st, stdout, &delivered, &err);
    vb_http_give_back(s, st);
  }
  return NULL;
}

int vb_http_streams_start(vb_server *s, vb_err *err) {
  struct vb_streams *x = calloc(1, sizeof *x);
  if (!x) return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  pthread_mutex_init(&x->mu, NULL);
  x->last_beat = now();
  s->streams = x;
  /* streams start from what is new from now on */
  vb_store *st = vb_http_borrow(s);
  int rc = vb_alerts_last(st, &x->last_id, err);
  vb_http_give_back(s, st);
  if (rc) return rc;
  if (pthread_create(&x->thread, NULL, watcher, s)) return vb_err_set(err, VB_EIO, "", -1, "cannot start a thread");
  x->running = 1;
  return VB_OK;
}

void vb_http_streams_stop(vb_server *s) {
  struct vb_streams *x = s->streams;
  if (!x) return;
  pthread_mutex_lock(&x->mu);
  x->stopping = 1;
  wake(x, 1); /* each ends its stream */
  pthread_mutex_unlock(&x->mu);
  if (x->running) pthread_join(x->thread, NULL);
}

void vb_http_streams_free(vb_server *s) {
  struct vb_streams *x = s->streams;
  if (!x) return;
  for (size_t i = 0; i < STREAM_RING; i++) {
    free(x->ring[i].watch);
    free(x->ring[i].json);
  }
  pthread_mutex_destroy(&x->mu);
  free(x);
  s->streams = NULL;
}

/* Formats what the stream may send next into its buffer; the lock is held. */
static void fill(struct vb_streams *x, stream *z) {
  if (!z->greeted) {
    /* the client's reconnect delay, and a first line so headers go out */
    vb_buf_adds(&z->out, "retry: 2000\n: verbatim alerts\n\n");
    z->greeted = 1;
  }
  uint64_t first = x->total > STREAM_RING ? x->total - STREAM_RING : 0;
  for (uint64_t k = first; k < x->total && z->out.len < 65536; k++) {
    const event *e = &x->ring[k % STREAM_RING];
    if (e->id <= z->cursor) continue;
    z->cursor = e->id;
    if (z->watch[0] && strcmp(z->watch, e->watch)) continue;
    vb_buf_printf(&z->out, "id: %lld\nevent: alert\ndata: %s\n\n", (long long)e->id, e->json);
  }
  if (!z->out.len && now() - z->last_write >= STREAM_HEARTBEAT_S) vb_buf_adds(&z->out, ": keep-alive\n\n");
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  stream *z = cls;
  struct vb_streams *x = z->srv->streams;
  pthread_mutex_lock(&x->mu);
  if (x->stopping) {
    pthread_mutex_unlock(&x->mu);
    return MHD_CONTENT_READER_END_OF_STREAM;
  }
  if (z->out_off == z->out.len) {
    z->out.len = z->out_off = 0;
    fill(x, z);
  }
  if (z->out.failed) {
    pthread_mutex_unlock(&x->mu);
    return MHD_CONTENT_READER_END_WITH_ERROR;
  }
  size_t n = z->out.len - z->out_off;
  if (!n) {
    /* nothing to say: parked until the watcher wakes it */
    z->suspended = 1;
    MHD_suspend_connection(z->conn);
    pthread_mutex_unlock(&x->mu);
    return 0;
  }
  if (n > max) n = max;
  memcpy(buf, z->out.ptr + z->out_off, n);
  z->out_off += n;
  z->last_write = now();
  pthread_mutex_unlock(&x->mu);
  return (ssize_t)n;
}

static void closed(void *cls) {
  stream *z = cls;
  struct vb_streams *x = z->srv->streams;
  pthread_mutex_lock(&x->mu);
  for (size_t i = 0; i < x->nopen; i++)
    if (x->open[i] == z) {
      x->open[i] = x->open[--x->nopen];
      break;
    }
  pthread_mutex_unlock(&x->mu);
  vb_buf_free(&z->out);
  free(z);
}

int vb_http_stream(vb_req *r) {
  struct vb_streams *x = r->srv->streams;
  if (!x) return vb_http_error(r, 503, "streams are off");
  const char *watch = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "watch");
  const char *after = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "after");
  const char *last = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Last-Event-ID");
  if (last && *last) after = last;
  if (watch && strlen(watch) >= sizeof ((stream *)0)->watch) return vb_http_error(r, 404, "no such watch");
  long long from = -1;
  if (after && *after && vb_http_number(after, INT64_MAX, &from))
    return vb_http_error(r, 400, "after (or Last-Event-ID) is an alert id, not '%s'", after);
  stream *z = calloc(1, sizeof *z);
  if (!z) return vb_http_error(r, 500, "out of memory");
  z->srv = r->srv;
  z->conn = r->conn;
  z->last_write = now();
  vb_buf_init(&z->out, 0);
  if (watch) memcpy(z->watch, watch, strlen(watch) + 1);
  z->ip = r->ip;
  pthread_mutex_lock(&x->mu);
  size_t mine = 0;
  for (size_t i = 0; r->srv->per_address && i < x->nopen; i++) mine += x->open[i]->ip == z->ip;
  int full = x->nopen == STREAM_MAX, greedy = mine >= STREAM_PER_CLIENT;
  if (!full && !greedy) {
    z->cursor = from >= 0 ? from : x->last_id;
    x->open[x->nopen++] = z;
  }
  pthread_mutex_unlock(&x->mu);
  if (full || greedy) {
    free(z);
    r->retry_after = STREAM_HEARTBEAT_S;
    if (greedy) return vb_http_error(r, 429, "this address has %d alert streams open already", STREAM_PER_CLIENT);
    return vb_http_error(r, 503, "%d alert streams are open already", STREAM_MAX);
  }
  struct MHD_Response *res = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, reader, z, closed);
  if (!res) {
    closed(z);
    return MHD_NO;
  }
  MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
  MHD_add_response_header(res, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
  vb_http_secure(res, "text/event-stream");
  return vb_http_answer(r, 200, res);
}
